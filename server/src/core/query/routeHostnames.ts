// The hostnames each HTTPRoute and GRPCRoute answers on the listeners it is attached to, which the
// aggregates index per listener: the spec lets only one of an HTTPRoute and a GRPCRoute that share
// a hostname on one listener be accepted (GRPCRouteSpec.Hostnames, rules.md R5.7). A hostname is
// the intersection of the route's with the listener's, the narrower of the two.

import type { ListenerOwner, ParentRef, RouteKind, RouteResource } from '../model/resource.js';
import type { ResourceAnalysis } from '../resolve/analyze.js';
import { effectiveHostname, intersectingHostnames } from '../resolve/hostnames.js';

/** The route kind each kind clashes with on a shared hostname. */
export const CLASHING_KIND: Partial<Record<RouteKind, RouteKind>> = { HTTPRoute: 'GRPCRoute', GRPCRoute: 'HTTPRoute' };

export interface ListenerHostname {
  owner: ListenerOwner;
  listener: string;
  /** Lower case; undefined: every hostname (neither the route nor the listener sets one). */
  hostname: string | undefined;
  /** The parentRef that attached the route. */
  ref: ParentRef;
  /** The route hostname it comes from (its index in `spec.hostnames`); undefined: the route sets none. */
  index?: number;
}

/** What an accepted HTTPRoute or GRPCRoute answers on each listener it is attached to (none for other kinds). */
export function listenerHostnames(a: ResourceAnalysis): ListenerHostname[] {
  const route = a.route?.route;
  if (!route || !CLASHING_KIND[route.routeKind]) return [];
  const result: ListenerHostname[] = [];
  for (const parent of a.route!.parents) {
    const { owner, ref } = parent;
    if (parent.accepted.status !== 'True' || !owner) continue;
    for (const listener of parent.attachedTo) {
      const own = owner.listeners.find((l) => l.name === listener)?.hostname?.value;
      for (const h of hostnamesOnListener(route, own)) result.push({ owner, listener, ref, ...h });
    }
  }
  return result;
}

/**
 * What a route answers on a listener whose hostname is `own`: each route hostname that intersects
 * it, narrowed to the two's intersection (with its index in `spec.hostnames`), or, when the route
 * sets none, the listener's.
 */
export function hostnamesOnListener(
  route: RouteResource,
  own: string | undefined,
): { hostname: string | undefined; index?: number }[] {
  if (route.hostnames.length === 0) return [{ hostname: effectiveHostname(own, undefined) }];
  const matching = new Set(
    intersectingHostnames(
      own,
      route.hostnames.map((h) => h.value),
    ),
  );
  return route.hostnames.flatMap((h, index) =>
    matching.has(h.value) ? [{ hostname: effectiveHostname(own, h.value), index }] : [],
  );
}

/** The aggregates' key of one listener of a Gateway or ListenerSet. */
export function listenerKey(ownerId: string, listener: string): string {
  return `${ownerId}\u0000${listener}`;
}
