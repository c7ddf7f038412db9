// The known answer: what a conforming analysis must report for a generated world, derived from the
// world model alone (never from running the analysis). It covers only the constructs the generator
// writes — listeners selected by sectionName, kind/namespace/hostname admission, ReferenceGrant
// permission before existence, Service ports — with the precedence the Gateway API spec gives
// (see README "What is checked"): per parentRef NoMatchingParent, then an attached listener wins,
// then unknown namespace labels, then NoMatchingListenerHostname, else NotAllowedByListeners; per
// route the first invalid backendRef in document order decides ResolvedRefs.

import type {
  BackendRefModel,
  GatewayModel,
  GrantModel,
  ListenerModel,
  NamespaceModel,
  RouteKind,
  RouteModel,
  Selector,
  ServiceModel,
  World,
} from './world.js';

export type Counts = Record<string, number>;

export interface Expected {
  /** Route parents by `Accepted` "status/reason". */
  parents: Counts;
  /** Routes by `ResolvedRefs` "status/reason". */
  routeResolvedRefs: Counts;
  routesByKind: Counts;
  /** Diagnostics by code, over the whole workspace. */
  diagnostics: Counts;
  /** Diagnostic codes per file, for files with at least one diagnostic. */
  fileDiagnostics: Record<string, Counts>;
  /** `file|namespace/name|listener` → attachedRoutes, for every listener of every Gateway. */
  attachedRoutes: Counts;
  /** Routes with a parent that is not Accepted=True, or with ResolvedRefs=False. */
  brokenRoutes: number;
}

type Truth = 'true' | 'false' | 'unknown';
const and = (a: Truth, b: Truth): Truth =>
  a === 'false' || b === 'false' ? 'false' : a === 'unknown' || b === 'unknown' ? 'unknown' : 'true';

const PROTOCOL_KINDS: Record<string, RouteKind[]> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute'],
  TCP: ['TCPRoute'],
};

function add(counts: Counts, key: string, n = 1): void {
  counts[key] = (counts[key] ?? 0) + n;
}

/** Backend references of a route in the order the analysis reads them (rule refs, then the rule's mirror). */
export function backendsOf(route: RouteModel): BackendRefModel[] {
  const out: BackendRefModel[] = [];
  for (const r of route.rules) {
    for (const b of r.backends) out.push(b);
    if (r.mirror) out.push(r.mirror);
  }
  return out;
}

export function listenerKey(g: GatewayModel, l: ListenerModel): string {
  return `${g.file}|${g.namespace}/${g.name}|${l.name}`;
}

function hostMatches(listener: string, host: string): boolean {
  if (!listener.startsWith('*.')) return listener === host;
  const suffix = listener.slice(1);
  return host.length > suffix.length && host.endsWith(suffix);
}

function selectorResult(sel: Selector, ns: NamespaceModel | undefined, name: string): Truth {
  const value = (key: string): string | null | undefined => {
    if (key === 'kubernetes.io/metadata.name') return name;
    if (!ns?.file) return undefined;
    const l = ns.labels.find(([k]) => k === key);
    return l ? l[1] : null;
  };
  let result: Truth = 'true';
  for (const [k, v] of sel.matchLabels) {
    const x = value(k);
    result = and(result, x === undefined ? 'unknown' : x === v ? 'true' : 'false');
  }
  for (const e of sel.matchExpressions) {
    const x = value(e.key);
    let r: Truth;
    if (x === undefined) r = 'unknown';
    else if (e.operator === 'In') r = x !== null && e.values.includes(x) ? 'true' : 'false';
    else if (e.operator === 'NotIn') r = x === null || !e.values.includes(x) ? 'true' : 'false';
    else if (e.operator === 'Exists') r = x !== null ? 'true' : 'false';
    else r = x === null ? 'true' : 'false';
    result = and(result, r);
  }
  return result;
}

export function evaluate(world: World): Expected {
  const exp: Expected = {
    parents: {},
    routeResolvedRefs: {},
    routesByKind: {},
    diagnostics: {},
    fileDiagnostics: {},
    attachedRoutes: {},
    brokenRoutes: 0,
  };
  const diag = (file: string, code: string) => {
    add(exp.diagnostics, code);
    add((exp.fileDiagnostics[file] ??= {}), code);
  };
  const byKey = <T extends { namespace: string; name: string; cluster: string }>(items: readonly T[]) => {
    const m = new Map<string, T[]>();
    for (const x of items) {
      const list = m.get(`${x.namespace}/${x.name}`);
      if (list) list.push(x);
      else m.set(`${x.namespace}/${x.name}`, [x]);
    }
    // The nearest definition: generated duplicates differ only by cluster folder.
    return (cluster: string, namespace: string, name: string) => {
      const defs = m.get(`${namespace}/${name}`);
      return defs?.find((d) => d.cluster === cluster) ?? defs?.[0];
    };
  };
  const gatewayOf = byKey<GatewayModel>(world.gateways);
  const serviceOf = byKey<ServiceModel>(world.services);
  const namespaces = new Map(world.namespaces.filter((n) => n.role === 'tenant' || n.file).map((n) => [n.name, n]));
  // Grants by (namespace, from kind, from namespace), as the lookup a referrer makes.
  const grantsFrom = new Map<string, GrantModel[]>();
  for (const g of world.grants) {
    for (const f of new Set(g.from.map((x) => `${g.namespace}|${x.kind}|${x.namespace}`))) {
      const list = grantsFrom.get(f);
      if (list) list.push(g);
      else grantsFrom.set(f, [g]);
    }
  }
  const usedGrants = new Set<GrantModel>();

  for (const g of world.gateways) {
    for (const l of g.listeners) {
      exp.attachedRoutes[listenerKey(g, l)] = 0;
      if (l.from === 'All' && l.fromWritten) diag(g.file, 'AllNamespacesAllowed');
    }
  }

  for (const route of world.routes) {
    add(exp.routesByKind, route.kind);
    // ResolvedRefs: permission before existence, the first invalid reference decides.
    let resolved: string | undefined;
    for (const b of backendsOf(route)) {
      let outcome: 'ok' | 'RefNotPermitted' | 'BackendNotFound' = 'ok';
      if (b.namespace !== route.namespace) {
        const permitting = (grantsFrom.get(`${b.namespace}|${route.kind}|${route.namespace}`) ?? []).filter((g) =>
          g.to.some((t) => t.name === undefined || t.name === b.name),
        );
        for (const g of permitting) usedGrants.add(g);
        if (permitting.length === 0) outcome = 'RefNotPermitted';
      }
      if (outcome === 'ok') {
        const svc = serviceOf(route.cluster, b.namespace, b.name);
        if (!svc) outcome = 'BackendNotFound';
        else if (!svc.ports.some((p) => p.port === b.port)) diag(route.file, 'ServicePortNotFound');
      }
      if (outcome !== 'ok') {
        diag(route.file, outcome);
        resolved ??= `False/${outcome}`;
      }
    }
    add(exp.routeResolvedRefs, resolved ?? 'True/ResolvedRefs');
    let broken = resolved !== undefined;

    // Accepted, per parentRef.
    const ns = namespaces.get(route.namespace);
    for (const p of route.parents) {
      const gw = gatewayOf(route.cluster, p.namespace, p.name);
      if (!gw) throw new Error(`generator bug: ${route.id} references missing Gateway ${p.namespace}/${p.name}`);
      const selected = gw.listeners.filter((l) => !p.sectionName || l.name === p.sectionName);
      if (selected.length === 0) {
        broken = true;
        add(exp.parents, 'False/NoMatchingParent');
        diag(route.file, 'NoMatchingParent');
        continue;
      }
      const verdicts = selected.map((l) => {
        const kinds = (l.kinds ?? PROTOCOL_KINDS[l.protocol]!).filter((k) => PROTOCOL_KINDS[l.protocol]!.includes(k));
        const kind: Truth = kinds.includes(route.kind) ? 'true' : 'false';
        const nsOk: Truth =
          l.from === 'All'
            ? 'true'
            : l.from === 'Same'
              ? route.namespace === gw.namespace
                ? 'true'
                : 'false'
              : selectorResult(l.selector!, ns, route.namespace);
        const hostOk: Truth =
          route.kind === 'TCPRoute' ||
          route.hostnames.length === 0 ||
          !l.hostname ||
          route.hostnames.some((h) => hostMatches(l.hostname!, h))
            ? 'true'
            : 'false';
        return { l, kind, ns: nsOk, attached: and(and(kind, nsOk), hostOk) };
      });
      const attached = verdicts.filter((v) => v.attached === 'true');
      if (attached.length > 0) {
        add(exp.parents, 'True/Accepted');
        for (const v of attached) add(exp.attachedRoutes, listenerKey(gw, v.l));
        continue;
      }
      broken = true;
      if (verdicts.some((v) => v.attached === 'unknown')) {
        add(exp.parents, 'Unknown/NamespaceLabelsUnknown');
        diag(route.file, 'NamespaceLabelsUnknown');
      } else if (verdicts.some((v) => v.kind === 'true' && v.ns === 'true')) {
        add(exp.parents, 'False/NoMatchingListenerHostname');
        diag(route.file, 'NoMatchingListenerHostname');
      } else {
        add(exp.parents, 'False/NotAllowedByListeners');
        diag(route.file, 'NotAllowedByListeners');
      }
    }
    if (broken) exp.brokenRoutes++;
  }

  for (const g of world.grants) if (!usedGrants.has(g)) diag(g.file, 'UnusedReferenceGrant');
  return exp;
}

/** Files whose diagnostic codes differ between two expectations, with the codes of each side. */
export function changedFiles(before: Expected, after: Expected): { file: string; before: Counts; after: Counts }[] {
  const files = new Set([...Object.keys(before.fileDiagnostics), ...Object.keys(after.fileDiagnostics)]);
  const out: { file: string; before: Counts; after: Counts }[] = [];
  for (const file of [...files].sort()) {
    const a = before.fileDiagnostics[file] ?? {};
    const b = after.fileDiagnostics[file] ?? {};
    if (!sameCounts(a, b)) out.push({ file, before: a, after: b });
  }
  return out;
}

export function sameCounts(a: Counts, b: Counts): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if ((a[k] ?? 0) !== (b[k] ?? 0)) return false;
  return true;
}
