// Implementation profiles as data: every profile is well formed and every fact names its source; the
// lookups find profiles by controllerName and class name; and each profile's conformance records
// equal the upstream report files (test/profiles/conformance-reports), with no report left out and
// no report-proven route kind missing from a route-kind table read from code.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import {
  PROFILES,
  latestReport,
  profileById,
  profileForClassName,
  profileForControllerName,
  routeKindsFromConformance,
} from '../server/src/core/profiles/index.js';
import type { ConformanceRecord, ImplementationProfile } from '../server/src/core/profiles/index.js';
import { repoRoot } from './harness/paths.js';

const reportsDir = path.join(repoRoot, 'test', 'profiles', 'conformance-reports');

/** Report folders upstream, per profile id (the folder name is the implementation's, not ours). */
const REPORT_DIRS: Record<string, string> = {
  'envoy-gateway': 'envoy-gateway',
  istio: 'istio-istio',
  cilium: 'cilium',
  'nginx-gateway-fabric': 'nginx-nginx-gateway-fabric',
  kong: 'kong-operator',
  traefik: 'traefik-traefik',
  gke: 'gke-gateway',
  kgateway: 'kgateway',
};

const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute']);
const PROTOCOL_KEYS = new Set(['HTTP', 'HTTPS', 'TLS/Passthrough', 'TLS/Terminate', 'TCP', 'UDP']);
const GITHUB = /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/blob\/[0-9a-f]{40}\/[^\s#]+(#L\d+)?$/;

/** A problem with one source URL, or undefined: GitHub links must pin a commit; other links must be https pages. */
function badSource(source: unknown): string | undefined {
  if (typeof source !== 'string' || source === '') return 'missing';
  if (source.startsWith('https://github.com/'))
    return GITHUB.test(source) ? undefined : `not pinned to a commit: ${source}`;
  return /^https:\/\/[\w.-]+\.[a-z]{2,}\/\S*$/.test(source) ? undefined : `not an https URL: ${source}`;
}

/** Every sourced item of a profile, with its path: facts that are known, and the entries of the listed arrays. */
function sourcedItems(value: unknown, at: string, out: { at: string; item: Record<string, unknown> }[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => sourcedItems(v, `${at}[${i}]`, out));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  const isFact = 'known' in obj;
  const isEntry = /\.(controllerNames|classNames|accepted)\[\d+\]$|\.extraProtocols\.value\[\d+\]$/.test(at);
  if ((isFact && obj['known'] === true) || isEntry) out.push({ at, item: obj });
  for (const [k, v] of Object.entries(obj)) if (k !== 'conformance') sourcedItems(v, `${at}.${k}`, out);
}

function problems(p: ImplementationProfile): string[] {
  const out: string[] = [];
  if (!/^[a-z][a-z0-9-]*$/.test(p.id)) out.push(`id ${p.id}`);
  if (p.name === '' || p.versions === '') out.push('name or versions empty');
  if (p.controllerNames.length === 0 && p.classNames.length === 0) out.push('neither controllerNames nor classNames');
  const items: { at: string; item: Record<string, unknown> }[] = [];
  sourcedItems(p, p.id, items);
  for (const { at, item } of items) {
    const bad = badSource(item['source']);
    if (bad) out.push(`${at}: source ${bad}`);
  }
  const unknowns: string[] = [];
  (function walk(v: unknown, at: string) {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o['known'] === false && (typeof o['note'] !== 'string' || o['note'] === '')) unknowns.push(at);
      for (const [k, x] of Object.entries(o)) walk(x, `${at}.${k}`);
    }
  })(p, p.id);
  out.push(...unknowns.map((at) => `${at}: unknown without a note`));
  for (const c of p.classNames) {
    if (c.name.indexOf('*') !== -1 && !(c.name.endsWith('*') && c.name.indexOf('*') === c.name.length - 1))
      out.push(`class pattern ${c.name}: * only at the end`);
  }
  for (const b of p.backendKinds.accepted) {
    if (b.kind === '') out.push('backend kind without kind');
    for (const k of b.routeKinds ?? []) if (!ROUTE_KINDS.has(k)) out.push(`backend ${b.kind}: route kind ${k}`);
  }
  if (p.routeKinds.known) {
    for (const [proto, kinds] of Object.entries(p.routeKinds.value)) {
      if (!PROTOCOL_KEYS.has(proto)) out.push(`routeKinds key ${proto} (extra protocols belong in extraProtocols)`);
      for (const k of kinds) if (!ROUTE_KINDS.has(k)) out.push(`routeKinds ${proto}: ${k}`);
    }
  }
  if (p.extraProtocols.known) {
    for (const e of p.extraProtocols.value) {
      if (PROTOCOL_KEYS.has(e.protocol) || e.protocol === 'TLS') out.push(`extra protocol ${e.protocol} is a core one`);
      for (const k of e.routeKinds) if (!ROUTE_KINDS.has(k)) out.push(`extra protocol ${e.protocol}: ${k}`);
    }
  }
  return out;
}

describe('implementation profiles', () => {
  test('every profile is well formed and every fact names a pinned source', () => {
    const all: string[] = [];
    for (const p of PROFILES) all.push(...problems(p).map((x) => `${p.id}: ${x}`));
    assert.deepEqual(all, []);
  });

  test('the well-formedness check rejects an unpinned source and an unknown without a note', () => {
    const broken = {
      ...PROFILES[0]!,
      controllerNames: [{ name: 'x.example/c', source: 'https://github.com/o/r/blob/main/f.go' }],
      routeDelegation: { known: false, note: '' },
    } as ImplementationProfile;
    const found = problems(broken);
    assert.ok(found.some((x) => x.includes('not pinned to a commit')));
    assert.ok(found.some((x) => x.includes('unknown without a note')));
  });

  test('ids, controllerNames and exact class names are unique across profiles', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const p of PROFILES) {
      for (const key of [
        `id ${p.id}`,
        ...p.controllerNames.map((c) => `controller ${c.name}`),
        ...p.classNames.map((c) => `class ${c.name}`),
      ]) {
        const owner = seen.get(key);
        if (owner !== undefined && owner !== p.id) clashes.push(`${key}: ${owner} and ${p.id}`);
        seen.set(key, p.id);
      }
    }
    assert.deepEqual(clashes, []);
  });

  test('lookups find each profile by controllerName, class name and class pattern', () => {
    for (const p of PROFILES) {
      assert.equal(profileById(p.id), p);
      for (const c of p.controllerNames) assert.equal(profileForControllerName(c.name)?.id, p.id, c.name);
      for (const c of p.classNames) if (!c.name.endsWith('*')) assert.equal(profileForClassName(c.name)?.id, p.id);
    }
    assert.equal(profileForControllerName('gateway.envoyproxy.io/gatewayclass-controller')?.id, 'envoy-gateway');
    assert.equal(profileForClassName('istio-waypoint')?.id, 'istio');
    assert.equal(profileForClassName('gke-l7-some-future-class')?.id, 'gke');
    assert.equal(profileForClassName('gke-l7')?.id, undefined);
    assert.equal(profileForControllerName('example.net/gateway-controller'), undefined);
    assert.equal(profileForClassName('example'), undefined);
  });
});

interface ReportFile {
  gatewayAPIVersion: string;
  gatewayAPIChannel: string;
  mode: string;
  implementation: { version: string | number };
  profiles?: {
    name: string;
    core?: { result?: string };
    extended?: { result?: string; supportedFeatures?: string[]; unsupportedFeatures?: string[] };
  }[];
  succeededProvisionalTests?: string[];
}

/** What a record must say, computed from the report file the same way the data was transcribed. */
function expectedRecord(report: string): ConformanceRecord {
  const r = parse(readFileSync(path.join(reportsDir, report), 'utf8')) as ReportFile;
  const supported = new Set<string>();
  const unsupported = new Set<string>();
  const profiles = (r.profiles ?? [])
    .map((p) => {
      for (const f of p.extended?.supportedFeatures ?? []) supported.add(f);
      for (const f of p.extended?.unsupportedFeatures ?? []) unsupported.add(f);
      return p.extended
        ? { name: p.name, core: p.core?.result ?? '', extended: p.extended.result ?? '' }
        : { name: p.name, core: p.core?.result ?? '' };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    report,
    implementationVersion: String(r.implementation.version),
    gatewayAPIVersion: r.gatewayAPIVersion,
    channel: r.gatewayAPIChannel as ConformanceRecord['channel'],
    mode: r.mode,
    profiles,
    supportedFeatures: [...supported].sort(),
    unsupportedFeatures: [...unsupported].filter((f) => !supported.has(f)).sort(),
    provisionalTestsPassed: [...(r.succeededProvisionalTests ?? [])].sort(),
  };
}

describe('profiles agree with the upstream conformance reports', () => {
  for (const p of PROFILES) {
    const dir = REPORT_DIRS[p.id];
    test(`${p.id}: its records equal the report files, and every report has a record`, () => {
      const files =
        dir === undefined
          ? []
          : readdirSync(reportsDir)
              .filter((v) => /^v\d/.test(v))
              .flatMap((v) => {
                try {
                  return readdirSync(path.join(reportsDir, v, dir))
                    .filter((f) => f.endsWith('.yaml'))
                    .map((f) => `${v}/${dir}/${f}`);
                } catch {
                  return [];
                }
              })
              .sort();
      assert.deepEqual(p.conformance.map((r) => r.report).sort(), files);
      for (const r of p.conformance) assert.deepEqual(r, expectedRecord(r.report), r.report);
    });

    test(`${p.id}: route kinds its newest report proves working are in its route-kind table`, (t) => {
      const newest = latestReport(p);
      if (!newest || !p.routeKinds.known) {
        t.diagnostic(`${p.id}: ${newest ? 'route kinds not read from code' : 'no report'}; nothing to compare`);
        return;
      }
      const table = p.routeKinds.value;
      const missing: string[] = [];
      for (const [proto, kinds] of Object.entries(routeKindsFromConformance(newest)))
        for (const k of kinds) if (!(table[proto] ?? []).includes(k)) missing.push(`${k} on ${proto}`);
      assert.deepEqual(missing, [], `${newest.report} shows these working`);
    });
  }

  test('routeKindsFromConformance reads profiles, the Terminate feature and provisional tests', () => {
    const r = profileById('envoy-gateway')!.conformance.find((x) => x.report.startsWith('v1.6/'))!;
    assert.deepEqual(routeKindsFromConformance(r), {
      HTTP: ['HTTPRoute', 'GRPCRoute'],
      HTTPS: ['HTTPRoute', 'GRPCRoute'],
      'TLS/Passthrough': ['TLSRoute'],
      'TLS/Terminate': ['TLSRoute'],
      TCP: ['TCPRoute'],
      UDP: ['UDPRoute'],
    });
  });

  test('latestReport prefers the newest API version, then implementation version, then the default mode', () => {
    assert.equal(
      latestReport(profileById('envoy-gateway')!)?.report,
      'v1.6/envoy-gateway/experimental-v1.9.0-default-report.yaml',
    );
    assert.equal(latestReport(profileById('apisix')!), undefined);
  });
});
