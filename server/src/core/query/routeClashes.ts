// HTTPRoutes and GRPCRoutes that share a hostname on one listener (GRPCRouteSpec.Hostnames, rules.md
// R5.7): the controller accepts only the older of the two, then the first by `namespace/name`.
// Manifests rarely carry creationTimestamp, so which one loses is unknown here: each is reported,
// on the hostname that clashes (or the parentRef, when the route takes the listener's), and the
// route's Accepted is left as attachment decides it. Found through the aggregates' per-listener
// hostname index: a route costs the labels of its hostnames, however many routes it clashes with.

import type { Listener, ListenerOwner, RouteResource } from '../model/resource.js';
import type { Finding } from '../resolve/findings.js';
import { finding } from '../resolve/findings.js';
import type { QueryContext } from './context.js';
import { CLASHING_KIND, hostnamesOnListener, listenerHostnames } from './routeHostnames.js';

/** One finding per hostname (or parentRef) of the route that a route of the other kind shares. */
export function routeKindClashes(ctx: QueryContext, route: RouteResource): Finding[] {
  const other = CLASHING_KIND[route.routeKind];
  const a = ctx.analysis(route.id);
  if (!other || !a) return [];
  const findings = new Map<number, Finding>();
  for (const h of listenerHostnames(a)) {
    const located = h.index === undefined ? undefined : route.hostnames[h.index];
    const span = located?.span ?? h.ref.span;
    if (findings.has(span.start)) continue;
    const shared = ctx.firstSharing(h.owner.id, h.listener, other, h.hostname);
    if (!shared) continue;
    const first = ctx.resource(shared.id);
    if (first?.shape !== 'Route') continue;
    const path = h.index === undefined ? h.ref.path : `spec.hostnames[${h.index}]`;
    const facts = {
      is: 'routeKindClash' as const,
      route,
      ref: h.ref,
      owner: h.owner,
      listener: h.listener,
      ...(h.hostname !== undefined ? { hostname: h.hostname } : {}),
      other: first,
      others: shared.others,
    };
    findings.set(span.start, finding(route, path, span, 'RouteKindClash', facts));
  }
  return [...findings.values()];
}

/**
 * Whether the route, were it attached to the listener, would share a hostname with a route of the
 * other kind there: a fix that attaches it would trade one problem for another.
 */
export function wouldClash(ctx: QueryContext, route: RouteResource, owner: ListenerOwner, listener: Listener): boolean {
  const other = CLASHING_KIND[route.routeKind];
  if (!other) return false;
  return hostnamesOnListener(route, listener.hostname?.value).some(
    ({ hostname }) => ctx.firstSharing(owner.id, listener.name, other, hostname) !== undefined,
  );
}
