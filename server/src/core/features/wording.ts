// Sentences for the typed results of resolution that more than one feature shows: a listener's
// verdict on a route (kind, namespace, hostname), why a listener is rejected, why a ListenerSet is
// or is not admitted, why a grant misses a reference, label selectors in kubectl's notation. The
// diagnostic homes (features/diagnostics/) and the hovers compose their texts from these.

import type { Unresolved } from '../index/nearest.js';
import { isApplyTimeNamespace } from '../model/placement.js';
import type {
  GroupKind,
  LabelRequirement,
  LabelSelector,
  NamespaceResource,
  ObjectKey,
  Resource,
} from '../model/resource.js';
import { describeResource, groupKindString, namespaceText, qualifiedName } from '../model/resource.js';
import { KUSTOMIZE_GROUP } from '../model/kustomization.js';
import type { HostnameCheck, ListenerVerdict, NamespaceCheck } from '../resolve/admission.js';
import type { Finding, SolverRouteContext } from '../resolve/findings.js';
import type { SelectorProblem } from '../resolve/labelSelector.js';
import type { Span } from '../syntax/tree.js';
import { NAME_LABEL } from '../resolve/labelSelector.js';
import type { ListenerRejection } from '../resolve/listeners.js';
import type { ListenerSetAdmission } from '../resolve/listenerSets.js';
import type { NearMiss, Referrer, Unmanaged } from '../resolve/referencePolicy.js';
import { fromDistance, toDistance } from '../resolve/referencePolicy.js';

export function describeRequirement(e: Pick<LabelRequirement, 'key' | 'operator' | 'values'>): string {
  switch (e.operator) {
    case 'In':
      return e.values.length === 1 ? `${e.key}=${e.values[0]}` : `${e.key} in (${e.values.join(', ')})`;
    case 'NotIn':
      return `${e.key} notin (${e.values.join(', ')})`;
    case 'Exists':
      return e.key;
    case 'DoesNotExist':
      return `!${e.key}`;
    default:
      return `${e.key} ${e.operator} (${e.values.join(', ')})`;
  }
}

export function describeSelector(selector: LabelSelector): string {
  const parts = [
    ...selector.matchLabels.map((l) => `${l.key}=${l.value}`),
    ...selector.matchExpressions.map(describeRequirement),
  ];
  return parts.length === 0 ? '{} (every namespace)' : parts.join(', ');
}

export function selectorProblemText({ requirement: e, problem }: SelectorProblem): string {
  switch (problem) {
    case 'needsValues':
      return `operator ${e.operator} on "${e.key}" needs at least one value`;
    case 'mustNotHaveValues':
      return `operator ${e.operator} on "${e.key}" must not have values`;
    case 'unknownOperator':
      return `"${e.operator}" is not a label selector operator (In, NotIn, Exists, DoesNotExist)`;
  }
}

export function selectorProblemsText(problems: readonly SelectorProblem[]): string {
  return problems.map(selectorProblemText).join('; ');
}

/** `kubernetes.io/metadata.name=<name>, k=v, …`: a namespace's labels, the implied one first. */
export function namespaceLabels(ns: NamespaceResource): string[] {
  return [`${NAME_LABEL}=${ns.key.name}`, ...ns.labels.map((l) => `${l.key}=${l.value}`)];
}

export function groupKinds(kinds: readonly GroupKind[]): string {
  return kinds.map(groupKindString).join(', ');
}

export function quotedNames(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

interface ListenerFacts {
  name: string;
  protocol: string;
  port?: number;
}

/** Why a listener is not accepted, as its Accepted condition says. */
export function rejectionText(rejection: ListenerRejection, listener: ListenerFacts): string {
  switch (rejection.reason) {
    case 'UnsupportedProtocol':
      if (rejection.implementation && rejection.onlyOn)
        return `${rejection.implementation} serves protocol "${listener.protocol}" only on classes ${rejection.onlyOn.join(', ')}; use such a class or another protocol.`;
      return rejection.implementation
        ? `Protocol "${listener.protocol}" is not served by ${rejection.implementation}; use a protocol it serves.`
        : `Protocol "${listener.protocol}" is not supported; use HTTP, HTTPS, TLS, TCP or UDP, or a domain-prefixed implementation-specific protocol.`;
    case 'UnsupportedValue':
      return rejection.needsFeature
        ? `TLS mode ${rejection.tlsMode} is not supported by ${rejection.implementation ?? 'the target implementation'} (feature ${rejection.needsFeature}).`
        : `TLS mode "${rejection.tlsMode}" is not supported; use Terminate or Passthrough.`;
    case 'NotAllowed':
      return listenerSetAdmissionText(rejection.admission);
    case 'ProtocolConflict':
    case 'HostnameConflict': {
      if ('precededBy' in rejection) {
        const { owner, listener: other } = rejection.precededBy;
        return `Listener "${listener.name}" conflicts with listener "${other}" of ${describeResource(owner)} on port ${listener.port}, which takes precedence.`;
      }
      const others = quotedNames(rejection.conflictsWith);
      return rejection.reason === 'HostnameConflict'
        ? `Listener "${listener.name}" and ${others} use port ${listener.port} with the same hostname.`
        : `Listener "${listener.name}" (${listener.protocol}) cannot share port ${listener.port} with ${others}.`;
    }
  }
}

/** Whether and why the parent Gateway admits a ListenerSet. */
export function listenerSetAdmissionText(admission: ListenerSetAdmission): string {
  switch (admission.is) {
    case 'noParentRef':
      return 'The ListenerSet has no parentRef.';
    case 'gatewayAbsent':
      return admission.result === 'false'
        ? `Gateway ${qualifiedName(admission.parent)} does not exist in the workspace.`
        : `Gateway ${qualifiedName(admission.parent)} is not in the workspace.`;
    case 'decided': {
      const gw = `Gateway ${qualifiedName(admission.gateway.key)}`;
      const selector = admission.gateway.allowedListeners.selector;
      switch (admission.from) {
        case 'All':
          return `${gw} admits ListenerSets from every namespace.`;
        case 'Same':
          if (admission.applyTime)
            return `${gw} admits ListenerSets only from its own namespace; one of the two namespaces is set when it is applied, so whether they match is unknown.`;
          return admission.result === 'true'
            ? `${gw} admits ListenerSets from its own namespace.`
            : `${gw} admits ListenerSets only from its own namespace ${admission.gateway.key.namespace}.`;
        case 'Selector': {
          if (selector && admission.applyTime)
            return `${gw} admits ListenerSets from namespaces matching ${describeSelector(selector)}; the ListenerSet's namespace is set when it is applied, so its labels are unknown.`;
          if (!selector || !admission.selector)
            return `${gw} uses \`allowedListeners\` \`from: Selector\` without a selector.`;
          if (admission.selector.invalid.length > 0)
            return `${gw}'s allowedListeners selector is invalid (${selectorProblemsText(admission.selector.invalid)}), so it admits no ListenerSet.`;
          const outcome =
            admission.result === 'true'
              ? 'matches'
              : admission.result === 'false'
                ? 'does not'
                : 'has no Namespace manifest, so it is unknown';
          return `${gw} admits ListenerSets from namespaces matching ${describeSelector(selector)}; namespace ${admission.namespace} ${outcome}.`;
        }
        default:
          return `${gw} does not admit ListenerSets (\`allowedListeners\` is unset or \`from: None\`).`;
      }
    }
  }
}

/** The kind check of a verdict, as a clause after "listener X". */
export function kindCheckText(v: ListenerVerdict, routeKind: string): string {
  const state = v.state;
  const check = v.kind;
  switch (check.is) {
    case 'listenerRejected':
      return `is not accepted (${state.rejection!.reason}): ${rejectionText(state.rejection!, state.listener)}`;
    case 'listenerPending':
      return `may not be accepted: ${listenerSetAdmissionText(state.pending!)}`;
    case 'implementationSpecific':
      return `uses implementation-specific protocol ${state.listener.protocol}; which route kinds it carries is not known.`;
    case 'kinds': {
      const served = state.servedBy ? ` as ${state.servedBy} serves it` : '';
      const source = check.fromAllowedKinds ? 'allowedRoutes.kinds' : `protocol ${state.listener.protocol}${served}`;
      return check.result === 'true'
        ? `carries ${routeKind} (${source}).`
        : `carries ${groupKinds(check.supported) || 'no route kinds'}, not ${routeKind} (${source}).`;
    }
  }
}

/** The namespace check of a verdict, as a clause after "listener X". */
export function namespaceCheckText(check: NamespaceCheck): string {
  const { ownerNamespace: ownerNs, routeNamespace: routeNs } = check;
  if (check.applyTime) {
    if (check.from === 'Same') {
      const whose = isApplyTimeNamespace(routeNs) ? "the route's" : "the listener's";
      return `admits routes only from its own namespace (\`from: Same\`); ${whose} namespace is set when it is applied, so whether they match is unknown.`;
    }
    const wanted = check.selector ? describeSelector(check.selector) : '';
    return `admits namespaces matching ${wanted}; the route's namespace is set when it is applied, so its labels are unknown.`;
  }
  switch (check.from) {
    case 'All':
      return 'admits routes from every namespace (`from: All`).';
    case 'Same':
      return check.result === 'true'
        ? `admits routes from its own namespace ${ownerNs} (\`from: Same\`).`
        : `admits routes only from its own namespace ${ownerNs} (\`from: Same\`); the route is in ${routeNs}.`;
    case 'Selector': {
      const evaluation = check.evaluation;
      if (!check.selector || !evaluation) return '`from: Selector` has no selector, so it admits no namespace.';
      if (evaluation.invalid.length > 0)
        return `has an invalid selector (${selectorProblemsText(evaluation.invalid)}).`;
      const wanted = describeSelector(check.selector);
      if (evaluation.result === 'true') return `admits namespaces matching ${wanted}; namespace ${routeNs} matches.`;
      const known = check.namespace
        ? `it has labels ${namespaceLabels(check.namespace).join(', ')}`
        : `only ${NAME_LABEL}=${routeNs} is known: there is no Namespace manifest for ${routeNs} in the workspace`;
      if (evaluation.result === 'unknown') return `admits namespaces matching ${wanted}; ${known}.`;
      const failing = evaluation.requirements
        .filter((r) => r.result === 'false')
        .map((r) => describeRequirement(r.requirement));
      return `admits namespaces matching ${wanted}; namespace ${routeNs} does not (${failing.join(', ')} fails; ${known}).`;
    }
    default:
      return `\`from: ${check.from}\` is not a valid value, so no namespace is admitted.`;
  }
}

/** The hostname check of a verdict, as a clause after "hostname:". */
export function hostnameCheckText(check: HostnameCheck, routeKind: string): string {
  switch (check.is) {
    case 'kindHasNoHostnames':
      return `${routeKind} has no hostnames.`;
    case 'routeSetsNone':
      return check.listenerHostname
        ? `the route sets no hostnames, so it takes the listener's ${check.listenerHostname}.`
        : 'neither sets a hostname.';
    case 'listenerAcceptsAny':
      return 'the listener has no hostname and accepts any.';
    case 'intersect':
      return check.result === 'true'
        ? `hostname ${check.listenerHostname} intersects ${check.matching.join(', ')}.`
        : `hostname ${check.listenerHostname} intersects none of ${check.routeHostnames.join(', ')}.`;
  }
}

/** Why a grant in the target namespace does not permit a reference; `named` starts with the grant's name. */
export function nearMissText(m: NearMiss, referrer: Referrer, target: ObjectKey, named = true): string {
  const name = named ? `ReferenceGrant ${qualifiedName(m.grant.key)} ` : '';
  const referrerText = `${groupKindString(referrer)} from ${referrer.namespace}`;
  switch (m.miss.is) {
    case 'fromGroup':
      return `${name}names ${referrer.kind} with group "${m.miss.group}"; it must be "${referrer.group}".`;
    case 'from': {
      const froms = closestFirst(m.grant.from, (f) => fromDistance(f, referrer)).map(
        (f) => `${groupKindString(f)} from ${f.namespace}`,
      );
      return `${name}allows ${capped(froms, GRANT_ENTRIES) || 'nothing'}, not ${referrerText}.`;
    }
    case 'to': {
      const tos = closestFirst(m.grant.to, (t) => toDistance(t, target)).map((t) =>
        t.name ? `${groupKindString(t)} "${t.name}"` : `every ${groupKindString(t)}`,
      );
      return `${name}allows ${referrerText} to reach ${capped(tos, GRANT_ENTRIES) || 'nothing'}, not ${groupKindString(target)} "${target.name}".`;
    }
  }
}

/** How many of a grant's `from` or `to` entries a near miss names: the closest, then a count. */
const GRANT_ENTRIES = 2;

/** Items ordered by a distance, closest first; equals keep their order. */
function closestFirst<T>(items: readonly T[], distance: (item: T) => number): T[] {
  return items
    .map((item) => ({ item, d: distance(item) }))
    .sort((a, b) => a.d - b.d)
    .map((x) => x.item);
}

/** "a, b and 3 more": the first `max` texts, then how many were left out. */
export function capped(texts: readonly string[], max: number): string {
  const shown = texts.slice(0, max).join(', ');
  return texts.length > max ? `${shown} and ${texts.length - max} more` : shown;
}

/**
 * What renders unknown objects into a namespace: an object (a HelmRelease, a Helm chart's stand-in),
 * or a kustomization entry the workspace does not hold (a remote base, a git-ignored file).
 */
export function describeRenderer(r: Resource): string {
  return r.key.group === KUSTOMIZE_GROUP
    ? `the kustomization entry \`${r.key.name}\`, whose objects are not in the workspace,`
    : describeResource(r);
}

/**
 * The workspace defines objects of the target's kind in its namespace, but only in folders applied
 * apart from the referrer (sibling examples, recipes, test cases).
 */
export function apartText(target: { kind: string; namespace: string }): string {
  return `only manifests applied apart from this file define ${target.kind} objects in namespace ${namespaceText(target.namespace)}, and it may be created elsewhere (a Helm chart, an operator, another repository)`;
}

/** Why the workspace cannot tell whether an object it does not hold exists. */
export function notInWorkspace(target: ObjectKey, why: Unmanaged): string {
  const text = `${groupKindString(target)} ${qualifiedName(target)}`;
  switch (why.why) {
    case 'unmanaged':
      if (why.apart) return `${text} is not in the workspace; ${apartText(target)}, so it cannot be checked.`;
      return why.namespaceKnown
        ? `${text} is not in the workspace, which defines no ${groupKindString(target)} in namespace ${namespaceText(target.namespace)}: it may be created elsewhere (a Helm chart, an operator, another repository), so it cannot be checked.`
        : `${text} is in namespace ${namespaceText(target.namespace)}, which the workspace does not contain, so neither the object nor a ReferenceGrant permitting the reference can be checked.`;
    case 'rendered':
      return `${text} is not in the workspace; ${describeRenderer(why.renderer)} renders into namespace ${namespaceText(target.namespace)}, so it may come from there and cannot be checked.`;
    case 'serviceImport':
      return `${text} is not in the workspace; a multi-cluster controller creates ServiceImports, so it cannot be checked.`;
    case 'placeholder':
      return `${text} is a template placeholder, filled in when the manifest is rendered, so it cannot be checked.`;
    case 'issued':
      return `${text} is not in the workspace; ${describeResource(why.issuer)} has cert-manager issue this listener's certificate into it, so it cannot be checked.`;
  }
}

/** Why an object defined more than once (or only as a patch stub) has no one definition here. */
export function unresolvedText(target: ObjectKey, u: Unresolved<Resource>): string {
  const text = `${groupKindString(target)} ${qualifiedName(target)}`;
  if (u.unresolved === 'stub')
    return `${text} is defined here only as a patch stub (no \`spec\`), so what it holds is not in the workspace.`;
  return `${text} is defined ${u.candidates.length} times, equally near, so which one applies depends on what is deployed.`;
}

/** The definitions an unresolved reference could mean, as related locations. */
export function unresolvedCandidates(u: Unresolved<Resource>): { fileId: string; span: Span; message: string }[] {
  const label = u.unresolved === 'stub' ? 'a patch stub' : 'a definition';
  return u.candidates.slice(0, 5).map((c) => ({ fileId: c.fileId, span: c.headSpan, message: label }));
}

/** Why admission by the selected listeners of a parent is unknown (finding `admissionUnknown`). */
export function admissionUnknownText(f: Extract<Finding, { is: 'admissionUnknown' }>): string {
  const unknown = f.verdicts.filter((v) => v.attached === 'unknown');
  const labelsUnknown = unknown.some((v) => v.namespace.labelsUnknown);
  const detail = unknown
    .map(
      (v) =>
        `listener "${v.state.listener.name}" ${v.namespace.result === 'unknown' ? namespaceCheckText(v.namespace) : kindCheckText(v, f.route.routeKind)}`,
    )
    .join(' ');
  const advice = labelsUnknown ? ` Add a Namespace manifest for ${f.route.key.namespace} with its labels.` : '';
  return `Whether ${describeResource(f.owner)} admits this route cannot be decided from the workspace: ${detail}${advice}`;
}

/** Why a ListenerSet is not (or not certainly) admitted by its parent Gateway (finding `listenerSetParent`). */
export function listenerSetParentText(f: Extract<Finding, { is: 'listenerSetParent' }>): string {
  const why = listenerSetAdmissionText(f.admission);
  return f.admission.result === 'false'
    ? `${why} The ListenerSet is not accepted and routes cannot use its listeners.`
    : why;
}

/** What an unknown parent means for the route. */
export const ATTACHMENT_UNKNOWN = ' Whether this route attaches is unknown.';

export function didYouMean(suggestion: string | undefined): string {
  return suggestion ? ` Did you mean "${suggestion}"?` : '';
}

/**
 * A finding about cert-manager's HTTP-01 solver route, worded as the route's finding is, after the
 * route it is about: its domain and namespace when known, and how many other challenges fail too.
 */
export function solverRouteText(c: SolverRouteContext, message: string): string {
  const domain = c.domain === undefined ? '' : ` for ${c.domain}`;
  const namespace = isApplyTimeNamespace(c.namespace) ? '' : ` in namespace ${c.namespace}`;
  const more = c.more > 0 ? ` (and ${c.more} more challenge${c.more > 1 ? 's' : ''})` : '';
  const route = `cert-manager's HTTP-01 solver route${domain}${namespace}${more}`;
  return c.attaches === 'false' ? `${route} would not attach: ${message}` : `${route}: ${message}`;
}
