// Whether one listener admits one route (RULES §4–§5): the route kind must be among the
// listener's supported kinds, the route's namespace must pass `allowedRoutes.namespaces`
// (Same is relative to the listener's owner; Selector reads the route's Namespace labels), and
// the hostnames must intersect. Each answer carries a sentence for hovers and messages.

import type { Reads } from '../index/workspaceIndex.js';
import type { ListenerOwner, NamespaceResource, RouteResource } from '../model/resource.js';
import { CORE_GROUP, GATEWAY_GROUP, groupKindString } from '../model/resource.js';
import { routeHasHostnames } from '../model/routes.js';
import { intersectingHostnames } from './hostnames.js';
import type { SelectorResult } from './labelSelector.js';
import { describeSelector, evaluateSelector, NAME_LABEL } from './labelSelector.js';
import type { ListenerState } from './listeners.js';
import { kindSupported } from './listeners.js';
import type { Truth } from './verdict.js';
import { and, truth } from './verdict.js';

export interface Check {
  result: Truth;
  why: string;
}

export interface NamespaceCheck extends Check {
  selector?: SelectorResult;
  /** The route's Namespace manifest, when the decision read its labels. */
  namespace?: NamespaceResource;
  /** The decision read labels of a namespace that has no manifest. */
  labelsUnknown: boolean;
}

export interface ListenerVerdict {
  state: ListenerState;
  kind: Check;
  namespace: NamespaceCheck;
  hostname: Check & { matching: string[] };
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

function checkKind(route: RouteResource, state: ListenerState): Check {
  if (state.rejection)
    return { result: 'false', why: `is not accepted (${state.rejection.reason}): ${state.rejection.message}` };
  if (state.pending) return { result: 'unknown', why: `may not be accepted: ${state.pending}` };
  if (state.implementationSpecific && state.supportedKinds.length === 0) {
    return {
      result: 'unknown',
      why: `uses implementation-specific protocol ${state.listener.protocol}; which route kinds it carries is not known.`,
    };
  }
  const ok = kindSupported(state, { group: GATEWAY_GROUP, kind: route.routeKind });
  const supported = state.supportedKinds.map(groupKindString).join(', ') || 'no route kinds';
  const source =
    state.listener.allowedRoutes.kinds.length > 0 ? 'allowedRoutes.kinds' : `protocol ${state.listener.protocol}`;
  return ok
    ? { result: 'true', why: `carries ${route.routeKind} (${source}).` }
    : { result: 'false', why: `carries ${supported}, not ${route.routeKind} (${source}).` };
}

function checkNamespace(
  route: RouteResource,
  owner: ListenerOwner,
  state: ListenerState,
  reads: Reads,
): NamespaceCheck {
  const allowed = state.listener.allowedRoutes;
  const routeNs = route.key.namespace;
  const ownerNs = owner.key.namespace;
  switch (allowed.from) {
    case 'All':
      return { result: 'true', why: 'admits routes from every namespace (`from: All`).', labelsUnknown: false };
    case 'Same': {
      const same = routeNs === ownerNs;
      return {
        result: truth(same),
        why: same
          ? `admits routes from its own namespace ${ownerNs} (\`from: Same\`).`
          : `admits routes only from its own namespace ${ownerNs} (\`from: Same\`); the route is in ${routeNs}.`,
        labelsUnknown: false,
      };
    }
    case 'Selector': {
      if (!allowed.selector)
        return {
          result: 'false',
          why: '`from: Selector` has no selector, so it admits no namespace.',
          labelsUnknown: false,
        };
      const namespace = reads.nearest(
        { group: CORE_GROUP, kind: 'Namespace', namespace: '', name: routeNs },
        route.fileId,
      ) as NamespaceResource | undefined;
      const selector = evaluateSelector(
        allowed.selector,
        namespace ? { name: routeNs, labels: namespace.labels } : { name: routeNs },
      );
      const wanted = describeSelector(allowed.selector);
      const known = namespace
        ? `it has ${describeLabels(namespace, routeNs)}`
        : `only ${NAME_LABEL}=${routeNs} is known: there is no Namespace manifest for ${routeNs} in the workspace`;
      const failing = selector.requirements.filter((r) => r.result === 'false').map((r) => r.text);
      const why =
        selector.invalid.length > 0
          ? `has an invalid selector (${selector.invalid.join('; ')}).`
          : selector.result === 'true'
            ? `admits namespaces matching ${wanted}; namespace ${routeNs} matches.`
            : selector.result === 'false'
              ? `admits namespaces matching ${wanted}; namespace ${routeNs} does not (${failing.join(', ')} fails; ${known}).`
              : `admits namespaces matching ${wanted}; ${known}.`;
      const result: NamespaceCheck = {
        result: selector.result,
        why,
        selector,
        labelsUnknown: !namespace && selector.result === 'unknown',
      };
      if (namespace) result.namespace = namespace;
      return result;
    }
    default:
      return {
        result: 'false',
        why: `\`from: ${allowed.from}\` is not a valid value, so no namespace is admitted.`,
        labelsUnknown: false,
      };
  }
}

function describeLabels(ns: NamespaceResource, name: string): string {
  const labels = [`${NAME_LABEL}=${name}`, ...ns.labels.map((l) => `${l.key}=${l.value}`)];
  return `labels ${labels.join(', ')}`;
}

function checkHostname(route: RouteResource, state: ListenerState): Check & { matching: string[] } {
  const listenerHost = state.listener.hostname?.value;
  if (!routeHasHostnames(route.routeKind))
    return { result: 'true', why: `${route.routeKind} has no hostnames.`, matching: [] };
  const hostnames = route.hostnames.map((h) => h.value);
  if (hostnames.length === 0)
    return {
      result: 'true',
      why: listenerHost
        ? `the route sets no hostnames, so it takes the listener's ${listenerHost}.`
        : 'neither sets a hostname.',
      matching: [],
    };
  if (listenerHost === undefined)
    return { result: 'true', why: 'the listener has no hostname and accepts any.', matching: hostnames };
  const matching = intersectingHostnames(listenerHost, hostnames);
  return matching.length > 0
    ? { result: 'true', why: `hostname ${listenerHost} intersects ${matching.join(', ')}.`, matching }
    : { result: 'false', why: `hostname ${listenerHost} intersects none of ${hostnames.join(', ')}.`, matching };
}
