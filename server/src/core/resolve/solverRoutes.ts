// The HTTPRoutes cert-manager's ACME HTTP-01 Gateway API solver creates
// (https://cert-manager.io/docs/configuration/acme/http01/): one per challenge, in the Challenge's
// namespace — the Certificate's —, with the solver's parentRefs as written (one without `namespace`
// means that namespace), the challenge's domain as its one hostname, an Exact path match on
// `/.well-known/acme-challenge/<token>` and a Service cert-manager creates as its backend. Each such
// route is resolved as routeStatus.ts resolves any route; what it reports lands on the Issuer's
// parentRef fields. Which solver a domain gets follows cert-manager's solver selection; where that
// depends on what the workspace cannot show (the Order's labels), the domain is not checked.

import type { Reads } from '../index/workspaceIndex.js';
import type { AcmeSolver, OtherResource, ParentRef, RouteResource } from '../model/resource.js';
import { GATEWAY_GROUP } from '../model/resource.js';
import { applyTimeNamespace } from '../model/placement.js';
import type { Finding, SolverRouteContext } from './findings.js';
import { subjectOf } from './findings.js';
import type { ResolveEnv } from './routeStatus.js';
import { resolveRoute } from './routeStatus.js';

/** One challenge's route: where cert-manager creates it and for which domain (unknown without Certificates). */
interface Challenge {
  namespace: string;
  domain?: string;
}

/** The namespace of a ClusterIssuer's solver route when no Certificate shows it: unknown, never matched. */
const CHALLENGE_NAMESPACE = applyTimeNamespace('cert-manager challenge');

export function resolveSolverRoutes(issuer: OtherResource, env: ResolveEnv): Finding[] {
  const solvers = issuer.acmeSolvers ?? [];
  if (!solvers.some(checked)) return [];
  const known = challengesBySolver(issuer, solvers, env.reads);
  const findings: Finding[] = [];
  solvers.forEach((solver, i) => {
    if (checked(solver)) findings.push(...solverFindings(issuer, routesOf(issuer, solver, known.get(i)), env));
  });
  return findings;
}

/**
 * The HTTPRoutes one solver of the issuer makes, as far as the workspace shows them: one per
 * challenge of its Certificates, else one without hostnames in the Issuer's namespace (for a
 * ClusterIssuer, in an unknown one, with only the parentRefs that write a namespace).
 */
export function solverRoutes(issuer: OtherResource, solver: AcmeSolver, reads: Reads): RouteResource[] {
  const solvers = issuer.acmeSolvers ?? [];
  const i = solvers.indexOf(solver);
  if (i < 0 || !checked(solver)) return [];
  return routesOf(issuer, solver, challengesBySolver(issuer, solvers, reads).get(i));
}

function checked(solver: AcmeSolver): boolean {
  return solver.type === 'gatewayHTTPRoute' && solver.parentRefs.length > 0;
}

function routesOf(issuer: OtherResource, solver: AcmeSolver, known: readonly Challenge[] | undefined): RouteResource[] {
  const cluster = issuer.key.kind === 'ClusterIssuer';
  const challenges = known ?? [{ namespace: cluster ? CHALLENGE_NAMESPACE : issuer.key.namespace }];
  const routes: RouteResource[] = [];
  for (const challenge of challenges) {
    // In an unknown namespace, a parentRef that does not write one names a Gateway nobody can tell.
    const refs = solver.parentRefs.filter((r) => challenge.namespace !== CHALLENGE_NAMESPACE || r.namespaceExplicit);
    if (refs.length > 0) routes.push(solverRoute(issuer, refs, challenge));
  }
  return routes;
}

/** Whether a solver route's namespace is unknown (a ClusterIssuer's without Certificates). */
function solverNamespaceUnknown(route: RouteResource): boolean {
  return route.key.namespace === CHALLENGE_NAMESPACE;
}

/**
 * Per parentRef, the finding of the first route it does not attach (a rejection before an
 * unknown), counting the other routes it fails for.
 */
function solverFindings(issuer: OtherResource, routes: readonly RouteResource[], env: ResolveEnv): Finding[] {
  const worst = new Map<string, { finding: Finding; failing: number }>();
  for (const route of routes) {
    const unknownNamespace = solverNamespaceUnknown(route);
    const { status, findings } = resolveRoute(route, env);
    const outcome = new Map<Finding, 'false' | 'unknown'>();
    for (const p of status.parents) {
      const m = p.accepted.message;
      if (typeof m !== 'string' && m.is === 'finding')
        outcome.set(m.finding, p.accepted.status === 'False' ? 'false' : 'unknown');
    }
    for (const f of findings) {
      if (!('ref' in f) || (unknownNamespace && f.code === 'ApplyTimeNamespace')) continue;
      const attaches = outcome.get(f) ?? 'unknown';
      const context: SolverRouteContext = { namespace: route.key.namespace, attaches, more: 0 };
      const domain = route.hostnames[0]?.value;
      if (domain !== undefined) context.domain = domain;
      const path = f.ref.path;
      const kept = worst.get(path);
      if (!kept) {
        worst.set(path, { finding: onIssuer(f, issuer, path, context), failing: 1 });
        continue;
      }
      kept.failing++;
      if (kept.finding.solverRoute?.attaches === 'unknown' && attaches === 'false')
        kept.finding = onIssuer(f, issuer, path, context);
    }
  }
  return [...worst.values()].map(({ finding, failing }) => {
    finding.solverRoute!.more = failing - 1;
    if (finding.suggestion && !fixesEveryRoute(finding, finding.suggestion.name, routes, env))
      delete finding.suggestion;
    return finding;
  });
}

/**
 * Whether writing `name` where a finding's did-you-mean goes (the parentRef's name or sectionName)
 * attaches every route of the solver: one route's suggestion may not suit another namespace's or
 * domain's route, and a rename is offered only if it breaks none.
 */
function fixesEveryRoute(f: Finding, name: string, routes: readonly RouteResource[], env: ResolveEnv): boolean {
  if (!('ref' in f)) return false;
  const { path } = f.ref;
  const at = f.suggestion!.span.start;
  return routes.every((route) => {
    const parentRefs = route.parentRefs.map((r) => {
      if (r.path !== path) return r;
      if (r.nameSpan.start === at) return { ...r, name };
      return r.sectionName?.span.start === at ? { ...r, sectionName: { ...r.sectionName, value: name } } : r;
    });
    const { findings } = resolveRoute({ ...route, parentRefs }, env);
    return !findings.some((x) => 'ref' in x && x.ref.path === path);
  });
}

/** A solver route's finding, moved onto the Issuer's parentRef (same code, facts and span). */
function onIssuer(f: Finding, issuer: OtherResource, path: string, context: SolverRouteContext): Finding {
  return { ...f, subject: subjectOf(issuer, path), solverRoute: context };
}

/** The HTTPRoute cert-manager would create for one challenge, as the analysis reads routes. */
function solverRoute(issuer: OtherResource, refs: readonly ParentRef[], challenge: Challenge): RouteResource {
  const { namespace, domain } = challenge;
  const route: RouteResource = {
    id: `${issuer.id}#solver`,
    fileId: issuer.fileId,
    key: { group: GATEWAY_GROUP, kind: 'HTTPRoute', namespace, name: 'cm-acme-http-solver' },
    apiVersion: `${GATEWAY_GROUP}/v1`,
    namespaceExplicit: true,
    span: issuer.span,
    headSpan: issuer.headSpan,
    problems: [],
    shape: 'Route',
    routeKind: 'HTTPRoute',
    parentRefs: refs.map((r) => (r.namespaceExplicit ? r : { ...r, namespace })),
    hostnames: domain === undefined ? [] : [{ value: domain, span: issuer.headSpan }],
    backendRefs: [],
    ruleSpans: [],
  };
  if (issuer.build !== undefined) route.build = issuer.build;
  return route;
}

/**
 * The challenges of the workspace's certificates from this issuer, by the index of the solver
 * cert-manager picks for each: per Certificate (or Gateway) that sees this issuer as the one it
 * names, each domain HTTP-01 can validate, once per namespace.
 */
function challengesBySolver(
  issuer: OtherResource,
  solvers: readonly AcmeSolver[],
  reads: Reads,
): Map<number, Challenge[]> {
  const kind = issuer.key.kind === 'ClusterIssuer' ? 'ClusterIssuer' : 'Issuer';
  const requesters = reads
    .certificatesFrom({ kind, namespace: issuer.key.namespace, name: issuer.key.name })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const bySolver = new Map<number, Challenge[]>();
  const seen = new Set<string>();
  for (const requester of requesters) {
    if ((requester.shape !== 'Other' && requester.shape !== 'Gateway') || !requester.issues) continue;
    if (reads.nearest(issuer.key, requester) !== issuer) continue;
    const namespace = requester.key.namespace;
    for (const issued of requester.issues) {
      if (issued.issuerKind !== kind || issued.issuerName !== issuer.key.name || issued.solverOverridden) continue;
      for (const domain of issued.domains) {
        // ACME validates a wildcard only by DNS-01, and an IP address has no hostname to route.
        if (domain.startsWith('*.') || /^[\d.]+$|:/.test(domain)) continue;
        const i = pickSolver(solvers, domain);
        if (i === undefined || solvers[i]!.type !== 'gatewayHTTPRoute') continue;
        const key = `${i}|${namespace}|${domain}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const list = bySolver.get(i) ?? [];
        list.push({ namespace, domain });
        bySolver.set(i, list);
      }
    }
  }
  return bySolver;
}

/**
 * The solver cert-manager picks for a domain (its solver selection, for a domain the ACME server
 * offers HTTP-01 and DNS-01 challenges for): the most specific selector wins — matching dnsNames,
 * then the most labels of a matching dnsZone, then the most matchLabels —, a solver without a
 * selector only when nothing else matches, the first one on a tie. Undefined when none matches,
 * or when a selector's matchLabels (read against the Order's labels) could decide.
 */
export function pickSolver(solvers: readonly AcmeSolver[], domain: string): number | undefined {
  if (solvers.some((s) => (s.selector?.matchLabels ?? 0) > 0)) return undefined;
  let selected: number | undefined;
  let selectedNames = false;
  let selectedZones = 0;
  for (let i = 0; i < solvers.length; i++) {
    const selector = solvers[i]!.selector;
    if (!selector) {
      if (selected === undefined) selected = i;
      continue;
    }
    const names = selector.dnsNames.length === 0 || selector.dnsNames.includes(domain);
    const zones = selector.dnsZones.length === 0 ? 0 : zoneLabels(selector.dnsZones, domain);
    if (!names || zones < 0) continue;
    const hasNames = selector.dnsNames.length > 0;
    const better =
      selected === undefined || (hasNames && !selectedNames) || (hasNames === selectedNames && zones > selectedZones);
    if (!better) continue;
    selected = i;
    selectedNames = hasNames;
    selectedZones = zones;
  }
  return selected;
}

/** The labels of the longest of `zones` the domain is in (case-insensitively), or -1 when it is in none. */
function zoneLabels(zones: readonly string[], domain: string): number {
  const labels = (name: string) => name.toLowerCase().replace(/\.$/, '').split('.');
  const d = labels(domain);
  let best = -1;
  for (const zone of zones) {
    const z = labels(zone);
    if (z.length > d.length || z.some((label, i) => label !== d[d.length - z.length + i])) continue;
    best = Math.max(best, z.length);
  }
  return best;
}
