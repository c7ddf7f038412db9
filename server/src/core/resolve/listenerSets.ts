// ListenerSets (RULES §11): whether the parent Gateway's `allowedListeners` admits a ListenerSet,
// and the state of its listeners once conflicts with listeners that take precedence are settled —
// the Gateway's own listeners first, then ListenerSets ordered by namespace/name (manifests carry no
// creationTimestamp; RULES §14.6). A later claimant's conflicting listener loses; the earlier wins.

import type { Reads } from '../index/workspaceIndex.js';
import type { GatewayResource, Listener, ListenerSetResource, NamespaceResource } from '../model/resource.js';
import { CORE_GROUP, qualifiedName } from '../model/resource.js';
import type { Features } from './features.js';
import { describeSelector, evaluateSelector } from './labelSelector.js';
import type { ListenerState } from './listeners.js';
import { conflictBetween, listenerStates } from './listeners.js';
import type { Truth } from './verdict.js';
import { truth } from './verdict.js';

export interface ListenerSetAdmission {
  result: Truth;
  why: string;
  gateway?: GatewayResource;
}

export function listenerSetAdmission(ls: ListenerSetResource, reads: Reads): ListenerSetAdmission {
  const ref = ls.parentRef;
  if (!ref) return { result: 'false', why: 'The ListenerSet has no parentRef.' };
  const gateway = reads.nearest(
    { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name },
    ls.fileId,
  );
  if (!gateway || gateway.shape !== 'Gateway') {
    return reads.covered(ref.namespace)
      ? { result: 'false', why: `Gateway ${qualifiedName(ref)} does not exist in the workspace.` }
      : { result: 'unknown', why: `Gateway ${qualifiedName(ref)} is not in the workspace.` };
  }
  const allowed = gateway.allowedListeners;
  const gw = `Gateway ${qualifiedName(gateway.key)}`;
  switch (allowed.from) {
    case 'All':
      return { result: 'true', why: `${gw} admits ListenerSets from every namespace.`, gateway };
    case 'Same': {
      const same = ls.key.namespace === gateway.key.namespace;
      return {
        result: truth(same),
        why: same
          ? `${gw} admits ListenerSets from its own namespace.`
          : `${gw} admits ListenerSets only from its own namespace ${gateway.key.namespace}.`,
        gateway,
      };
    }
    case 'Selector': {
      if (!allowed.selector)
        return {
          result: 'false',
          why: `${gw} uses \`allowedListeners\` \`from: Selector\` without a selector.`,
          gateway,
        };
      const ns = reads.nearest(
        { group: CORE_GROUP, kind: 'Namespace', namespace: '', name: ls.key.namespace },
        ls.fileId,
      ) as NamespaceResource | undefined;
      const r = evaluateSelector(
        allowed.selector,
        ns ? { name: ls.key.namespace, labels: ns.labels } : { name: ls.key.namespace },
      );
      if (r.invalid.length > 0)
        return {
          result: 'false',
          why: `${gw}'s allowedListeners selector is invalid (${r.invalid.join('; ')}), so it admits no ListenerSet.`,
          gateway,
        };
      return {
        result: r.result,
        why: `${gw} admits ListenerSets from namespaces matching ${describeSelector(allowed.selector)}; namespace ${ls.key.namespace} ${r.result === 'true' ? 'matches' : r.result === 'false' ? 'does not' : 'has no Namespace manifest, so it is unknown'}.`,
        gateway,
      };
    }
    default:
      return {
        result: 'false',
        why: `${gw} does not admit ListenerSets (\`allowedListeners\` is unset or \`from: None\`).`,
        gateway,
      };
  }
}

/** Listener states of a ListenerSet, given the listener states of its Gateway. */
export function listenerSetStates(
  ls: ListenerSetResource,
  reads: Reads,
  features: Features,
  gatewayStates: (g: GatewayResource) => ListenerState[],
): ListenerState[] {
  const admission = listenerSetAdmission(ls, reads);
  if (admission.result !== 'true' || !admission.gateway) {
    const states = listenerStates(ls.listeners, features);
    for (const s of states) {
      if (s.rejection) continue;
      // Unknown is not false: the listener keeps its kinds, and what attaches to it is unknown too.
      if (admission.result === 'unknown') s.pending = admission.why;
      else {
        s.rejection = { reason: 'NotAllowed', message: admission.why };
        s.supportedKinds = [];
      }
    }
    return states;
  }
  const gateway = admission.gateway;
  const claimed = gatewayStates(gateway)
    .filter((s) => !s.rejection)
    .map((s) => ({ owner: `Gateway ${qualifiedName(gateway.key)}`, listener: s.listener }));
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
    const owner = `ListenerSet ${qualifiedName(other.key)}`;
    for (const s of listenerStates(other.listeners, features, losingTo(claimed, features)))
      if (!s.rejection) claimed.push({ owner, listener: s.listener });
  }
  return listenerStates(ls.listeners, features, losingTo(claimed, features));
}

function losingTo(
  claimed: { owner: string; listener: Listener }[],
  features: Features,
): (l: Listener) => ListenerState['rejection'] {
  return (l) => {
    for (const c of claimed) {
      if (c.listener.port !== l.port || l.port === undefined) continue;
      const reason = conflictBetween(l, c.listener, features, true);
      if (reason) {
        return {
          reason,
          message: `Listener "${l.name}" conflicts with listener "${c.listener.name}" of ${c.owner} on port ${l.port}, which takes precedence.`,
        };
      }
    }
    return undefined;
  };
}
