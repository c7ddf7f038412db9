// ListenerSets (rules.md §11): whether the parent Gateway's `allowedListeners` admits a ListenerSet,
// and the state of its listeners once conflicts with listeners that take precedence are settled —
// the Gateway's own listeners first, then ListenerSets ordered by namespace/name (manifests carry no
// creationTimestamp; rules.md R14.6). A later claimant's conflicting listener loses; the earlier wins.

import type { Reads } from '../index/workspaceIndex.js';
import type {
  AllowedListeners,
  GatewayResource,
  Listener,
  ListenerOwner,
  ListenerSetResource,
  NamespaceResource,
  ObjectKey,
} from '../model/resource.js';
import { CORE_GROUP, qualifiedName } from '../model/resource.js';
import { isApplyTimeNamespace } from '../model/placement.js';
import type { Features } from '../options.js';
import type { GatewayRules } from './implementation.js';
import type { SelectorResult } from './labelSelector.js';
import { evaluateSelector } from './labelSelector.js';
import type { ListenerState } from './listeners.js';
import { conflictBetween, listenerStates } from './listeners.js';
import type { Truth } from './verdict.js';
import { truth } from './verdict.js';

/** Whether the parent Gateway admits a ListenerSet, and the fact that decides it. */
export type ListenerSetAdmission = { result: Truth } & (
  | { is: 'noParentRef' }
  /** The parent Gateway is not in the workspace: missing when its namespace is covered, else unknown. */
  | { is: 'gatewayAbsent'; parent: ObjectKey }
  | {
      is: 'decided';
      gateway: GatewayResource;
      from: AllowedListeners['from'];
      namespace: string;
      selector?: SelectorResult;
      /** It depends on the namespace the ListenerSet is applied into, which no manifest sets. */
      applyTime?: boolean;
    }
);

export function listenerSetAdmission(ls: ListenerSetResource, reads: Reads): ListenerSetAdmission {
  const ref = ls.parentRef;
  if (!ref) return { result: 'false', is: 'noParentRef' };
  const parent = { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name };
  const gateway = reads.nearest(parent, ls);
  if (!gateway || gateway.shape !== 'Gateway') {
    const knowable = reads.manages(ref.group, ref.kind, ref.namespace, ls) && !reads.rendererOf(ref.namespace);
    return { result: knowable && !reads.lookup(parent, ls) ? 'false' : 'unknown', is: 'gatewayAbsent', parent };
  }
  const allowed = gateway.allowedListeners;
  const decided = { is: 'decided' as const, gateway, from: allowed.from, namespace: ls.key.namespace };
  switch (allowed.from) {
    case 'All':
      return { result: 'true', ...decided };
    case 'Same': {
      const same = ls.key.namespace === gateway.key.namespace;
      const applyTime = isApplyTimeNamespace(ls.key.namespace) || isApplyTimeNamespace(gateway.key.namespace);
      return !same && applyTime ? { result: 'unknown', ...decided, applyTime } : { result: truth(same), ...decided };
    }
    case 'Selector': {
      if (!allowed.selector) return { result: 'false', ...decided };
      if (isApplyTimeNamespace(ls.key.namespace)) return { result: 'unknown', ...decided, applyTime: true };
      const ns = reads.nearest({ group: CORE_GROUP, kind: 'Namespace', namespace: '', name: ls.key.namespace }, ls) as
        NamespaceResource | undefined;
      const selector = evaluateSelector(
        allowed.selector,
        ns ? { name: ls.key.namespace, labels: ns.labels } : { name: ls.key.namespace },
      );
      return { result: selector.invalid.length > 0 ? 'false' : selector.result, ...decided, selector };
    }
    default:
      return { result: 'false', ...decided };
  }
}

/** The parent Gateway of an admission, when it is in the workspace. */
export function admittingGateway(admission: ListenerSetAdmission): GatewayResource | undefined {
  return admission.is === 'decided' ? admission.gateway : undefined;
}

/** Listener states of a ListenerSet, given the listener states of its Gateway. */
export function listenerSetStates(
  ls: ListenerSetResource,
  reads: Reads,
  rules: GatewayRules,
  gatewayStates: (g: GatewayResource) => ListenerState[],
): ListenerState[] {
  const features = rules.features;
  const admission = listenerSetAdmission(ls, reads);
  const gateway = admittingGateway(admission);
  if (admission.result !== 'true' || !gateway) {
    const states = listenerStates(ls.listeners, rules);
    for (const s of states) {
      if (s.rejection) continue;
      // Unknown is not false: the listener keeps its kinds, and what attaches to it is unknown too.
      if (admission.result === 'unknown') s.pending = admission;
      else {
        s.rejection = { reason: 'NotAllowed', admission };
        s.supportedKinds = [];
      }
    }
    return states;
  }
  const claimed: Claim[] = gatewayStates(gateway)
    .filter((s) => !s.rejection)
    .map((s) => ({ owner: gateway, listener: s.listener }));
  const earlier = reads
    .listenerSetsOf(gateway.key)
    .filter(
      (other) =>
        other !== ls &&
        qualifiedName(other.key).localeCompare(qualifiedName(ls.key)) < 0 &&
        listenerSetAdmission(other, reads).result === 'true',
    )
    .sort((a, b) => qualifiedName(a.key).localeCompare(qualifiedName(b.key)));
  for (const other of earlier) {
    for (const s of listenerStates(other.listeners, rules, losingTo(claimed, features)))
      if (!s.rejection) claimed.push({ owner: other, listener: s.listener });
  }
  return listenerStates(ls.listeners, rules, losingTo(claimed, features));
}

/** A listener that holds its port, and its owner. */
interface Claim {
  owner: ListenerOwner;
  listener: Listener;
}

function losingTo(claimed: Claim[], features: Features): (l: Listener) => ListenerState['rejection'] {
  return (l) => {
    for (const c of claimed) {
      if (c.listener.port !== l.port || l.port === undefined) continue;
      const reason = conflictBetween(l, c.listener, features, true);
      if (reason) return { reason, precededBy: { owner: c.owner, listener: c.listener.name } };
    }
    return undefined;
  };
}
