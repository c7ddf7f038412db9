// Whether one listener admits one route (rules.md §4–§5): the route kind must be among the
// listener's supported kinds, the route's namespace must pass `allowedRoutes.namespaces`
// (Same is relative to the listener's owner; Selector reads the route's Namespace labels), and
// the hostnames must intersect. Each check keeps the facts that decided it, so hovers and messages
// can say why without this module writing a word.

import type { Reads } from '../index/workspaceIndex.js';
import type { GroupKind, LabelSelector, ListenerOwner, NamespaceResource, RouteResource } from '../model/resource.js';
import { CORE_GROUP, GATEWAY_GROUP } from '../model/resource.js';
import { isApplyTimeNamespace } from '../model/placement.js';
import { routeHasHostnames } from '../model/routes.js';
import { intersectingHostnames } from './hostnames.js';
import type { SelectorResult } from './labelSelector.js';
import { evaluateSelector } from './labelSelector.js';
import type { ListenerState } from './listeners.js';
import { kindSupported } from './listeners.js';
import type { Truth } from './verdict.js';
import { and, truth } from './verdict.js';

export type KindCheck = { result: Truth } &
  /** The listener is not accepted, so it carries nothing. */
  (
    | { is: 'listenerRejected' }
    /** The listener's acceptance is unknown (its ListenerSet's admission is). */
    | { is: 'listenerPending' }
    /** A domain-prefixed protocol without `allowedRoutes.kinds`: what it carries is not known. */
    | { is: 'implementationSpecific' }
    /** `supported` came from `allowedRoutes.kinds` (`fromAllowedKinds`) or the protocol. */
    | { is: 'kinds'; supported: GroupKind[]; fromAllowedKinds: boolean }
  );

export interface NamespaceCheck {
  result: Truth;
  /** `allowedRoutes.namespaces.from` as written (Same when unset). */
  from: string;
  ownerNamespace: string;
  routeNamespace: string;
  /** For `from: Selector` with a selector. */
  selector?: LabelSelector;
  evaluation?: SelectorResult;
  /** The route's Namespace manifest, when the decision read its labels. */
  namespace?: NamespaceResource;
  /** The decision read labels of a namespace that has no manifest. */
  labelsUnknown: boolean;
  /** The decision depends on the namespace the route is applied into, which no manifest sets. */
  applyTime?: boolean;
}

export type HostnameCheck = { result: Truth; matching: string[] } & (
  | { is: 'kindHasNoHostnames' }
  | { is: 'routeSetsNone'; listenerHostname?: string }
  | { is: 'listenerAcceptsAny' }
  | { is: 'intersect'; listenerHostname: string; routeHostnames: string[] }
);

export interface ListenerVerdict {
  state: ListenerState;
  kind: KindCheck;
  namespace: NamespaceCheck;
  hostname: HostnameCheck;
  attached: Truth;
}

export function admitToListener(
  route: RouteResource,
  owner: ListenerOwner,
  state: ListenerState,
  reads: Reads,
): ListenerVerdict {
  const kind = checkKind(route, state);
  const namespace = checkNamespace(route, owner, state, reads);
  const hostname = checkHostname(route, state);
  return { state, kind, namespace, hostname, attached: and(and(kind.result, namespace.result), hostname.result) };
}

function checkKind(route: RouteResource, state: ListenerState): KindCheck {
  if (state.rejection) return { result: 'false', is: 'listenerRejected' };
  if (state.pending) return { result: 'unknown', is: 'listenerPending' };
  if (state.implementationSpecific && state.supportedKinds.length === 0) {
    return { result: 'unknown', is: 'implementationSpecific' };
  }
  const ok = kindSupported(state, { group: GATEWAY_GROUP, kind: route.routeKind });
  return {
    result: truth(ok),
    is: 'kinds',
    supported: state.supportedKinds,
    fromAllowedKinds: state.listener.allowedRoutes.kinds.length > 0,
  };
}

function checkNamespace(
  route: RouteResource,
  owner: ListenerOwner,
  state: ListenerState,
  reads: Reads,
): NamespaceCheck {
  const allowed = state.listener.allowedRoutes;
  const routeNamespace = route.key.namespace;
  const ownerNamespace = owner.key.namespace;
  const check = (result: Truth): NamespaceCheck => ({
    result,
    from: allowed.from,
    ownerNamespace,
    routeNamespace,
    labelsUnknown: false,
  });
  const applyTime = isApplyTimeNamespace(routeNamespace) || isApplyTimeNamespace(ownerNamespace);
  switch (allowed.from) {
    case 'All':
      return check('true');
    case 'Same':
      if (routeNamespace !== ownerNamespace && applyTime) return { ...check('unknown'), applyTime };
      return check(truth(routeNamespace === ownerNamespace));
    case 'Selector': {
      if (!allowed.selector) return check('false');
      if (isApplyTimeNamespace(routeNamespace))
        return { ...check('unknown'), selector: allowed.selector, applyTime: true };
      const namespace = reads.nearest(
        { group: CORE_GROUP, kind: 'Namespace', namespace: '', name: routeNamespace },
        route,
      ) as NamespaceResource | undefined;
      const evaluation = evaluateSelector(
        allowed.selector,
        namespace ? { name: routeNamespace, labels: namespace.labels } : { name: routeNamespace },
      );
      // One literal, not a spread of check(): this runs for every route on every Selector listener.
      const result: NamespaceCheck = {
        result: evaluation.result,
        from: allowed.from,
        ownerNamespace,
        routeNamespace,
        labelsUnknown: !namespace && evaluation.result === 'unknown',
        selector: allowed.selector,
        evaluation,
      };
      if (namespace) result.namespace = namespace;
      return result;
    }
    default:
      return check('false');
  }
}

function checkHostname(route: RouteResource, state: ListenerState): HostnameCheck {
  const listenerHostname = state.listener.hostname?.value;
  if (!routeHasHostnames(route.routeKind)) return { result: 'true', matching: [], is: 'kindHasNoHostnames' };
  const routeHostnames = route.hostnames.map((h) => h.value);
  if (routeHostnames.length === 0) {
    return listenerHostname === undefined
      ? { result: 'true', matching: [], is: 'routeSetsNone' }
      : { result: 'true', matching: [], is: 'routeSetsNone', listenerHostname };
  }
  if (listenerHostname === undefined) return { result: 'true', matching: routeHostnames, is: 'listenerAcceptsAny' };
  const matching = intersectingHostnames(listenerHostname, routeHostnames);
  return { result: truth(matching.length > 0), matching, is: 'intersect', listenerHostname, routeHostnames };
}
