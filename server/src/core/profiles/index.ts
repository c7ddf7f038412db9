// Implementation profiles: the table of known implementations and the lookups resolution needs —
// by a GatewayClass's controllerName, by a class name when the class is not in the workspace
// (exact names first, then `prefix*` patterns such as `gke-l7-*`), and the conformance facts of
// the newest report. A controller or class no profile names has no profile: the analysis then
// keeps the spec's own answers.

import { apisix } from './implementations/apisix.js';
import { awsLattice } from './implementations/awsLattice.js';
import { cilium } from './implementations/cilium.js';
import { envoyGateway } from './implementations/envoyGateway.js';
import { gke } from './implementations/gke.js';
import { istio } from './implementations/istio.js';
import { kgateway } from './implementations/kgateway.js';
import { kong } from './implementations/kong.js';
import { linkerd } from './implementations/linkerd.js';
import { nginxGatewayFabric } from './implementations/nginxGatewayFabric.js';
import { traefik } from './implementations/traefik.js';
import type { ConformanceRecord, ImplementationProfile, RouteKindsByProtocol } from './types.js';

export type * from './types.js';

export const PROFILES: readonly ImplementationProfile[] = [
  envoyGateway,
  istio,
  cilium,
  nginxGatewayFabric,
  kong,
  traefik,
  gke,
  kgateway,
  apisix,
  linkerd,
  awsLattice,
];

const byController = new Map<string, ImplementationProfile>();
const byClass = new Map<string, ImplementationProfile>();
const classPatterns: { prefix: string; profile: ImplementationProfile }[] = [];
for (const p of PROFILES) {
  for (const c of p.controllerNames) byController.set(c.name, p);
  for (const c of p.classNames) {
    if (c.name.endsWith('*')) classPatterns.push({ prefix: c.name.slice(0, -1), profile: p });
    else byClass.set(c.name, p);
  }
}
// Longest prefix first, so a narrower pattern wins over a broader one.
classPatterns.sort((a, b) => b.prefix.length - a.prefix.length);

const byBackendKind = new Map<string, ImplementationProfile[]>();
for (const p of PROFILES) {
  const keys = p.backendKinds.accepted.map((k) => `${k.group}/${k.kind}`);
  if (p.coreGroupAliases.known) for (const group of p.coreGroupAliases.value) keys.push(`${group}/Service`);
  for (const key of keys) {
    const list = byBackendKind.get(key) ?? [];
    if (!list.includes(p)) list.push(p);
    byBackendKind.set(key, list);
  }
}

/** The implementations that resolve a backendRef of this group and kind (on some route kind). */
export function profilesAcceptingBackend(group: string, kind: string): readonly ImplementationProfile[] {
  return byBackendKind.get(`${group}/${kind}`) ?? [];
}

export function profileById(id: string): ImplementationProfile | undefined {
  return PROFILES.find((p) => p.id === id);
}

/** The profile whose implementation writes `controllerName` (exact match, as the spec compares it). */
export function profileForControllerName(controllerName: string): ImplementationProfile | undefined {
  return byController.get(controllerName);
}

/** The profile of a GatewayClass name that implementations install or document, for classes not in the workspace. */
export function profileForClassName(className: string): ImplementationProfile | undefined {
  return byClass.get(className) ?? classPatterns.find((c) => className.startsWith(c.prefix))?.profile;
}

function versionParts(v: string): number[] {
  return (v.match(/\d+/g) ?? []).map(Number);
}

function compareVersions(a: string, b: string): number {
  const x = versionParts(a);
  const y = versionParts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The newest report: highest Gateway API version, then implementation version; the default mode when several. */
export function latestReport(profile: ImplementationProfile): ConformanceRecord | undefined {
  let best: ConformanceRecord | undefined;
  for (const r of profile.conformance) {
    if (!best) {
      best = r;
      continue;
    }
    const d =
      compareVersions(r.gatewayAPIVersion, best.gatewayAPIVersion) ||
      compareVersions(r.implementationVersion, best.implementationVersion);
    if (d > 0 || (d === 0 && r.mode === 'default' && best.mode !== 'default')) best = r;
  }
  return best;
}

/** Extended features the newest report claims. */
export function claimedFeatures(profile: ImplementationProfile): ReadonlySet<string> {
  return new Set(latestReport(profile)?.supportedFeatures ?? []);
}

const passed = (r: ConformanceRecord, name: string) => r.profiles.some((p) => p.name === name && p.core === 'success');
// A provisional test of the route kind that expects it to attach (not one of the Invalid/NotAllowed cases).
const passedProvisional = (r: ConformanceRecord, route: string) =>
  r.provisionalTestsPassed.some((t) => t.startsWith(route) && !/Invalid|NotAllowed/.test(t));

/**
 * Route kinds a report shows working, per listener protocol: a lower bound only (a report never
 * says a kind is rejected), for profiles whose route kinds were not read from code.
 */
export function routeKindsFromConformance(r: ConformanceRecord): RouteKindsByProtocol {
  const http = [
    ...(passed(r, 'GATEWAY-HTTP') ? ['HTTPRoute'] : []),
    ...(passed(r, 'GATEWAY-GRPC') ? ['GRPCRoute'] : []),
  ];
  const tls = passed(r, 'GATEWAY-TLS') ? ['TLSRoute'] : [];
  const out: Record<string, readonly string[]> = {};
  if (http.length > 0) out['HTTP'] = out['HTTPS'] = http;
  if (tls.length > 0) out['TLS/Passthrough'] = tls;
  if (tls.length > 0 && r.supportedFeatures.includes('TLSRouteModeTerminate')) out['TLS/Terminate'] = tls;
  if (passed(r, 'GATEWAY-TCP') || passedProvisional(r, 'TCPRoute')) out['TCP'] = ['TCPRoute'];
  if (passed(r, 'GATEWAY-UDP') || passedProvisional(r, 'UDPRoute')) out['UDP'] = ['UDPRoute'];
  return out;
}
