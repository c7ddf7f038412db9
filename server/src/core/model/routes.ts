// Route extraction for HTTPRoute, GRPCRoute, TLSRoute, TCPRoute and UDPRoute: parentRefs,
// hostnames, every backend reference — rule `backendRefs` and the backendRef of each
// `RequestMirror` or `ExternalAuth` filter (on a rule or on a single backendRef) — and the
// RequestRedirect filters that redirect to https.

import type { YMap, YNode } from '../syntax/tree.js';
import type { Reader } from './reader.js';
import { readObjectRef, readParentRef } from './references.js';
import type { BackendRef, Located, ParentRef, RouteKind } from './resource.js';
import { CORE_GROUP } from './resource.js';
import type { Span } from '../syntax/tree.js';

export const ROUTE_KINDS: readonly RouteKind[] = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];

export function routeHasHostnames(kind: RouteKind): boolean {
  return kind === 'HTTPRoute' || kind === 'GRPCRoute' || kind === 'TLSRoute';
}

export interface RouteSpec {
  parentRefs: ParentRef[];
  hostnames: Located<string>[];
  hostnamesSpan?: Span;
  backendRefs: BackendRef[];
  /** Each `spec.rules[]` item, for the outline. */
  ruleSpans: Span[];
  /** The `scheme: https` of each RequestRedirect filter (an HTTP→HTTPS redirect). */
  httpsRedirects?: Span[];
}

export function readRouteSpec(r: Reader, kind: RouteKind, spec: YMap | undefined, namespace: string): RouteSpec {
  const result: RouteSpec = { parentRefs: [], hostnames: [], backendRefs: [], ruleSpans: [] };
  if (!spec) return result;
  for (const item of r.items(spec, 'parentRefs', 'spec.parentRefs')) {
    const ref = readParentRef(r, item.node, item.path, namespace);
    if (ref) result.parentRefs.push(ref);
  }
  if (routeHasHostnames(kind)) {
    const hostnames = r.seq(r.field(spec, 'hostnames'), 'spec.hostnames');
    if (hostnames) {
      result.hostnamesSpan = hostnames.span;
      hostnames.items.forEach((node, i) => {
        const h = r.string(node, `spec.hostnames[${i}]`);
        if (h) result.hostnames.push(h);
      });
    }
  }
  const mirrors = kind === 'HTTPRoute' || kind === 'GRPCRoute';
  for (const rule of r.items(spec, 'rules', 'spec.rules')) {
    const ruleMap = r.map(rule.node, rule.path);
    if (!ruleMap) continue;
    result.ruleSpans.push(ruleMap.span);
    for (const item of r.items(ruleMap, 'backendRefs', `${rule.path}.backendRefs`)) {
      const ref = readBackendRef(r, item.node, item.path, namespace, 'backendRef');
      if (ref) result.backendRefs.push(ref);
      const m = item.node.kind === 'map' ? item.node : undefined;
      if (mirrors && m) readFilters(r, m, item.path, namespace, result);
    }
    if (mirrors) readFilters(r, ruleMap, rule.path, namespace, result);
  }
  return result;
}

/**
 * The backendRefs inside filters — RequestMirror's, and the experimental ExternalAuth filter's
 * (HTTPExternalAuthFilter.BackendRef), both checked like rule backendRefs — and the
 * RequestRedirect filters that send clients to https.
 */
function readFilters(r: Reader, owner: YMap, path: string, namespace: string, out: RouteSpec): void {
  for (const filter of r.items(owner, 'filters', `${path}.filters`)) {
    const f = r.map(filter.node, filter.path);
    if (!f) continue;
    const type = r.string(r.field(f, 'type'), `${filter.path}.type`);
    if (type?.value === 'RequestRedirect') {
      const redirect = r.map(r.field(f, 'requestRedirect'), `${filter.path}.requestRedirect`);
      const scheme = r.string(r.field(redirect, 'scheme'), `${filter.path}.requestRedirect.scheme`);
      if (scheme?.value === 'https') (out.httpsRedirects ??= []).push(scheme.span);
      continue;
    }
    const via =
      type?.value === 'RequestMirror' ? 'mirror' : type?.value === 'ExternalAuth' ? 'externalAuth' : undefined;
    if (!via) continue;
    const key = via === 'mirror' ? 'requestMirror' : 'externalAuth';
    const holder = r.map(r.field(f, key), `${filter.path}.${key}`);
    const backend = r.field(holder, 'backendRef');
    if (!backend) continue;
    const ref = readBackendRef(r, backend, `${filter.path}.${key}.backendRef`, namespace, via);
    if (ref) out.backendRefs.push(ref);
  }
}

function readBackendRef(
  r: Reader,
  node: YNode,
  path: string,
  namespace: string,
  via: BackendRef['via'],
): BackendRef | undefined {
  const ref = readObjectRef(r, node, path, { group: CORE_GROUP, kind: 'Service', namespace });
  if (!ref) return undefined;
  const map = node as YMap; // a ref was read, so it is a mapping
  const result: BackendRef = Object.assign(ref, { via }); // not `{ ...ref, via }`: see extend() in summarize.ts
  const port = r.port(r.field(map, 'port'), `${path}.port`);
  if (port) result.port = port;
  return result;
}
