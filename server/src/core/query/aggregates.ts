// Workspace-wide facts that no single analysis holds but many queries need, maintained as analyses
// are installed and dropped: the routes attached to each listener (`attachedRoutes`), the users of
// each ReferenceGrant (UnusedReferenceGrant, grant hovers and references), the routes of each
// namespace (fixes that must not break a namespace's other routes), the accepted ListenerSets of
// each Gateway, the HTTPRoutes and GRPCRoutes of each listener by hostname (the two kinds must not
// share one) and, for find-references in the editor, who refers to each object and namespace.
// Reverse indexes, so no query scans the analyses.

import { addTo, removeFrom } from '../multimap.js';
import type { ResourceAnalysis } from '../resolve/analyze.js';
import { outgoingRefs } from '../resolve/analyze.js';
import { HostnameIndex } from '../resolve/hostnames.js';
import type { Resource, RouteKind } from '../model/resource.js';
import { describeResource } from '../model/resource.js';
import { CLASHING_KIND, listenerHostnames, listenerKey } from './routeHostnames.js';

export class Aggregates {
  /** owner id → listener name → ids of routes attached to it. */
  private readonly attachments = new Map<string, Map<string, Set<string>>>();
  /** grant id → ids of resources that reference through it. */
  private readonly grantUses = new Map<string, Set<string>>();
  private readonly routesByNamespace = new Map<string, Set<string>>();
  /** Gateway id → ids of its accepted ListenerSets. */
  private readonly listenerSetsByGateway = new Map<string, Set<string>>();
  /** Object id → ids of the resources whose references resolve to it (parents, backends, certificates). */
  private readonly referrers = new Map<string, Set<string>>();
  /** Namespace → ids of the resources that name it explicitly (references, grant `from` entries). */
  private readonly namespaceUsers = new Map<string, Set<string>>();
  /** Backend id (a Service) → ids of the routes whose backendRefs resolve to it (BackendTLSPolicy ancestors). */
  private readonly backendRoutes = new Map<string, Set<string>>();
  /**
   * Listener key (routeHostnames.ts) → route kind → those routes by the hostnames they answer
   * there, each as its `routeEntry`, so the index's first is the first by kind, namespace and name.
   */
  private readonly routeHostnames = new Map<string, Map<RouteKind, HostnameIndex<string>>>();

  /**
   * `incremental`: an editor's host, which keeps the find-references indexes too and hears which
   * routes share a changed route's hostnames (a one-shot run needs neither).
   */
  constructor(private readonly incremental: boolean) {}

  /**
   * `affected` hears of each other resource whose workspace-wide findings may change: a grant that
   * gains its first user, a route of the other kind that now shares a hostname with this one.
   */
  add(a: ResourceAnalysis, affected: (id: string) => void): void {
    const id = a.resource.id;
    for (const { ownerId, listener } of a.attachments) {
      const byListener = this.attachments.get(ownerId) ?? new Map<string, Set<string>>();
      addTo(byListener, listener, id);
      this.attachments.set(ownerId, byListener);
    }
    for (const g of a.grantsUsed) {
      if (!this.grantUses.has(g)) affected(g);
      addTo(this.grantUses, g, id);
    }
    this.indexHostnames(a, true, affected);
    if (a.listenerSetOf) addTo(this.listenerSetsByGateway, a.listenerSetOf, id);
    if (a.route) addTo(this.routesByNamespace, a.resource.key.namespace, id);
    for (const target of backendIds(a)) addTo(this.backendRoutes, target, id);
    if (!this.incremental) return;
    for (const target of referencedIds(a)) addTo(this.referrers, target, id);
    for (const ns of namedNamespaces(a)) addTo(this.namespaceUsers, ns, id);
  }

  /** `affected` hears of each grant that loses its last user and each route that shared a hostname with this one. */
  remove(a: ResourceAnalysis, affected: (id: string) => void): void {
    const id = a.resource.id;
    for (const { ownerId, listener } of a.attachments) {
      const byListener = this.attachments.get(ownerId);
      if (!byListener) continue;
      removeFrom(byListener, listener, id);
      if (byListener.size === 0) this.attachments.delete(ownerId);
    }
    for (const g of a.grantsUsed) {
      removeFrom(this.grantUses, g, id);
      if (!this.grantUses.has(g)) affected(g);
    }
    this.indexHostnames(a, false, affected);
    if (a.listenerSetOf) removeFrom(this.listenerSetsByGateway, a.listenerSetOf, id);
    if (a.route) removeFrom(this.routesByNamespace, a.resource.key.namespace, id);
    for (const target of backendIds(a)) removeFrom(this.backendRoutes, target, id);
    if (!this.incremental) return;
    for (const target of referencedIds(a)) removeFrom(this.referrers, target, id);
    for (const ns of namedNamespaces(a)) removeFrom(this.namespaceUsers, ns, id);
  }

  /**
   * Of the routes of `kind` attached to the listener whose hostnames there intersect `hostname`,
   * the id of the first by kind, namespace and name, and whether there are others.
   */
  firstSharing(
    ownerId: string,
    listener: string,
    kind: RouteKind,
    hostname: string | undefined,
  ): { id: string; others: boolean } | undefined {
    const found = this.routeHostnames.get(listenerKey(ownerId, listener))?.get(kind)?.firstIntersecting(hostname);
    return found && { id: entryId(found.first), others: found.others };
  }

  /** Adds (or removes) a route's hostnames on its listeners, telling the routes of the other kind that share them. */
  private indexHostnames(a: ResourceAnalysis, adding: boolean, affected: (id: string) => void): void {
    const kind = a.route?.route.routeKind;
    const other = kind && CLASHING_KIND[kind];
    if (!kind || !other) return;
    const entry = routeEntry(a.resource);
    for (const { owner, listener, hostname } of listenerHostnames(a)) {
      const key = listenerKey(owner.id, listener);
      let byKind = this.routeHostnames.get(key);
      if (!byKind) {
        if (!adding) continue;
        byKind = new Map();
        this.routeHostnames.set(key, byKind);
      }
      let index = byKind.get(kind);
      if (!index) {
        if (!adding) continue;
        index = new HostnameIndex((x, y) => (x < y ? -1 : x > y ? 1 : 0));
        byKind.set(kind, index);
      }
      if (adding) index.add(hostname, entry);
      else index.remove(hostname, entry);
      // Only an editor re-publishes other files; a one-shot run reads every file once, settled.
      if (this.incremental)
        for (const sharer of byKind.get(other)?.intersecting(hostname) ?? []) affected(entryId(sharer));
    }
  }

  attachedRoutes(ownerId: string, listener: string): ReadonlySet<string> {
    return this.attachments.get(ownerId)?.get(listener) ?? EMPTY;
  }

  grantUsers(grantId: string): ReadonlySet<string> {
    return this.grantUses.get(grantId) ?? EMPTY;
  }

  routesIn(namespace: string): ReadonlySet<string> {
    return this.routesByNamespace.get(namespace) ?? EMPTY;
  }

  acceptedListenerSets(gatewayId: string): ReadonlySet<string> {
    return this.listenerSetsByGateway.get(gatewayId) ?? EMPTY;
  }

  /** Ids of the resources with a reference that resolves to the object with this id. */
  referrersOf(id: string): ReadonlySet<string> {
    return this.referrers.get(id) ?? EMPTY;
  }

  /** Ids of the resources that name a namespace explicitly. */
  namespaceUsersOf(namespace: string): ReadonlySet<string> {
    return this.namespaceUsers.get(namespace) ?? EMPTY;
  }

  /** Ids of the routes with a backendRef that resolves to the object with this id. */
  routesTo(backendId: string): ReadonlySet<string> {
    return this.backendRoutes.get(backendId) ?? EMPTY;
  }
}

/** A route in a listener's hostname index: its description, which orders the entries, and its id. */
function routeEntry(route: Resource): string {
  return `${describeResource(route)}\u0000${route.id}`;
}

function entryId(entry: string): string {
  return entry.slice(entry.indexOf('\u0000') + 1);
}

/** The objects a route's backendRefs resolve to. */
function backendIds(a: ResourceAnalysis): Set<string> {
  const ids = new Set<string>();
  for (const b of a.route?.backends ?? []) if (b.outcome === 'ok' && b.target) ids.add(b.target.id);
  return ids;
}

const EMPTY: ReadonlySet<string> = new Set();

/** The objects an analysis' references resolve to: parents, a ListenerSet's Gateway, reference targets. */
function referencedIds(a: ResourceAnalysis): Set<string> {
  const ids = new Set<string>();
  for (const p of a.route?.parents ?? []) if (p.owner) ids.add(p.owner.id);
  if (a.listenerSet?.gateway) ids.add(a.listenerSet.gateway.id);
  for (const r of outgoingRefs(a)) if (r.target) ids.add(r.target.id);
  return ids;
}

/** The namespaces an analysed resource names explicitly. */
function namedNamespaces(a: ResourceAnalysis): Set<string> {
  const names = new Set<string>();
  for (const r of outgoingRefs(a)) if (r.ref.namespaceExplicit) names.add(r.ref.namespace);
  for (const p of a.route?.parents ?? []) if (p.ref.namespaceExplicit) names.add(p.ref.namespace);
  if (a.resource.shape === 'ReferenceGrant') for (const f of a.resource.from) names.add(f.namespace);
  return names;
}
