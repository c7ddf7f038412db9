// A BackendTLSPolicy's ancestors: the Gateways (or ListenerSets) through which the Service it
// targets is reached — the parents that accepted a route with a backendRef to that Service (to
// the port its sectionName names, when it has one). Each gets one entry of the policy's status
// (rules.md R15.4, at most 16). Found through the aggregates' reverse index of backends.

import type { ListenerOwner, RouteResource } from '../model/resource.js';
import { qualifiedName } from '../model/resource.js';
import type { PolicyStatus } from '../resolve/policyStatus.js';
import type { QueryContext } from './context.js';

/** PolicyStatus.Ancestors holds at most this many entries. */
export const MAX_ANCESTORS = 16;

export interface PolicyAncestor {
  owner: ListenerOwner;
  /** The routes through which the policy's target is reached from this parent. */
  routes: RouteResource[];
}

export function policyAncestors(ctx: QueryContext, status: PolicyStatus): PolicyAncestor[] {
  const byOwner = new Map<string, PolicyAncestor>();
  for (const t of status.targets) {
    const service = t.outcome === 'ok' ? t.target : undefined;
    if (service?.shape !== 'Service') continue;
    const section = t.ref.sectionName?.value;
    const port = section === undefined ? undefined : service.ports.find((p) => p.name === section)?.port;
    for (const a of ctx.routesTo(service.id)) {
      const route = a.route!;
      const reaches = route.backends.some(
        (b) => b.outcome === 'ok' && b.target === service && (port === undefined || b.ref.port?.value === port),
      );
      if (!reaches) continue;
      for (const p of route.parents) {
        if (p.accepted.status !== 'True' || !p.owner) continue;
        const entry = byOwner.get(p.owner.id) ?? { owner: p.owner, routes: [] };
        if (!entry.routes.includes(route.route)) entry.routes.push(route.route);
        byOwner.set(p.owner.id, entry);
      }
    }
  }
  return [...byOwner.values()]
    .sort((a, b) => (qualifiedName(a.owner.key) < qualifiedName(b.owner.key) ? -1 : 1))
    .slice(0, MAX_ANCESTORS);
}
