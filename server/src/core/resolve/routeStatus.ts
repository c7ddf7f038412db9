// The status a conforming controller would write for a route (RULES §2–§8): one entry per
// parentRef with `Accepted` and `ResolvedRefs`, the listeners it attaches to, and findings on the
// offending parentRef or backendRef. Accepted follows R6.1's order: parent found → sectionName/port
// select a listener (NoMatchingParent) → kind and namespace admitted (NotAllowedByListeners) →
// hostnames intersect (NoMatchingListenerHostname). ResolvedRefs never depends on Accepted.

import type { Reads } from '../index/workspaceIndex.js';
import type { AnalysisOptions } from '../options.js';
import type {
  BackendRef,
  ListenerOwner,
  ParentRef,
  Resource,
  RouteResource,
  ServiceResource,
} from '../model/resource.js';
import { CORE_GROUP, describeResource, GATEWAY_GROUP, groupKindString, qualifiedName } from '../model/resource.js';
import type { ListenerVerdict } from './admission.js';
import { admitToListener } from './admission.js';
import type { Condition } from './conditions.js';
import { condition, resolvedRefsCondition } from './conditions.js';
import type { Finding, RelatedLocation } from './findings.js';
import { closestName, didYouMean, finding, withSuggestion } from './findings.js';
import type { ListenerState } from './listeners.js';
import type { Permission } from './referencePolicy.js';
import { findPermittedTarget, findTarget, notInWorkspace, permission, referrerOf } from './referencePolicy.js';

export interface ResolveEnv {
  reads: Reads;
  /** Replaced when the host's options change. */
  options: AnalysisOptions;
  /** Listener states of a Gateway or ListenerSet (memoised by the host for Gateways). */
  listenersOf(owner: ListenerOwner): ListenerState[];
}

export interface ParentStatus {
  ref: ParentRef;
  owner?: ListenerOwner;
  /** Listeners the route is attached to (definitely). Per-listener verdicts are not kept (they
   * are most of an analysis' size); `listenerVerdicts` recomputes them for hovers and fixes. */
  attachedTo: string[];
  accepted: Condition;
  resolvedRefs: Condition;
}

export type BackendOutcome = 'ok' | 'InvalidKind' | 'RefNotPermitted' | 'BackendNotFound' | 'unknown';

/** A reference's outcome; all but 'ok' come with a sentence (hovers word 'ok' from target and permission). */
export type BackendResult = { ref: BackendRef; permission?: Permission; target?: Resource } & (
  { outcome: 'ok' } | { outcome: Exclude<BackendOutcome, 'ok'>; message: string }
);

export interface RouteStatus {
  route: RouteResource;
  parents: ParentStatus[];
  backends: BackendResult[];
  resolvedRefs: Condition;
}

export function resolveRoute(route: RouteResource, env: ResolveEnv): { status: RouteStatus; findings: Finding[] } {
  const findings: Finding[] = [];
  const backends = route.backendRefs.map((ref) => resolveBackend(route, ref, env, findings));
  const resolvedRefs = resolvedRefsCondition(
    backends,
    backends.length === 0 ? 'No backend references.' : 'All references resolved.',
    true,
  );
  const parents: ParentStatus[] = [];
  for (const ref of route.parentRefs) {
    const parent = resolveParent(route, ref, env, findings, resolvedRefs);
    if (parent) parents.push(parent);
  }
  return { status: { route, parents, backends, resolvedRefs }, findings };
}

/** The listeners a parentRef's sectionName and port select. */
function selectedListeners(listeners: ListenerState[], ref: ParentRef): ListenerState[] {
  return listeners.filter(
    (s) =>
      (!ref.sectionName || s.listener.name === ref.sectionName.value) &&
      (!ref.port || s.listener.port === ref.port.value),
  );
}

/** Each selected listener's verdict on a route, recomputed (analyses do not keep them). */
export function listenerVerdicts(route: RouteResource, ref: ParentRef, env: ResolveEnv): ListenerVerdict[] {
  if (ref.group !== GATEWAY_GROUP || (ref.kind !== 'Gateway' && ref.kind !== 'ListenerSet')) return [];
  const owner = env.reads.nearest(
    { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name },
    route.fileId,
  ) as ListenerOwner | undefined;
  return owner
    ? selectedListeners(env.listenersOf(owner), ref).map((s) => admitToListener(route, owner, s, env.reads))
    : [];
}

function resolveParent(
  route: RouteResource,
  ref: ParentRef,
  env: ResolveEnv,
  findings: Finding[],
  resolvedRefs: Condition,
): ParentStatus | undefined {
  if (ref.group !== GATEWAY_GROUP || (ref.kind !== 'Gateway' && ref.kind !== 'ListenerSet')) return undefined; // mesh or other parents: not ours
  const target = { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name };
  const owner = env.reads.nearest(target, route.fileId) as ListenerOwner | undefined;
  const parentText = `${ref.kind} ${qualifiedName(target)}`;
  if (!owner) {
    if (!env.reads.covered(ref.namespace)) {
      const message = `${parentText} is not in the workspace (nothing in namespace ${ref.namespace} is), so whether this route attaches is unknown.`;
      findings.push(finding(route, ref.path, ref.span, 'ParentNotInWorkspace', message));
      return {
        ref,
        attachedTo: [],
        accepted: condition('Accepted', 'Unknown', 'ParentNotInWorkspace', message),
        resolvedRefs,
      };
    }
    const suggestion = closestName(ref.name, env.reads.names(ref.group, ref.kind, ref.namespace));
    const message = `${parentText} does not exist in the workspace; no controller will write status for this parentRef.${didYouMean(suggestion)}`;
    // The rename is offered as a fix only if the route would then attach.
    const fixes =
      suggestion !== undefined &&
      resolveParent(route, { ...ref, name: suggestion }, env, [], resolvedRefs)?.accepted.status === 'True';
    findings.push(
      withSuggestion(
        finding(route, ref.path, ref.nameSpan, 'ParentNotFound', message),
        ref.nameSpan,
        fixes ? suggestion : undefined,
      ),
    );
    return { ref, attachedTo: [], accepted: condition('Accepted', 'False', 'ParentNotFound', message), resolvedRefs };
  }
  const listeners = env.listenersOf(owner);
  const selected = selectedListeners(listeners, ref);
  const ownerText = describeResource(owner);
  if (listeners.length === 0) {
    const message = `${ownerText} has no listeners, so no route can attach to it.`;
    findings.push(
      finding(route, ref.path, ref.span, 'NoMatchingParent', message, [
        { fileId: owner.fileId, span: owner.headSpan, message: ownerText },
      ]),
    );
    return {
      ref,
      owner,
      attachedTo: [],
      accepted: condition('Accepted', 'False', 'NoMatchingParent', message),
      resolvedRefs,
    };
  }
  if (selected.length === 0) {
    const wanted = [ref.sectionName && `sectionName "${ref.sectionName.value}"`, ref.port && `port ${ref.port.value}`]
      .filter(Boolean)
      .join(' and ');
    const available =
      listeners.map((s) => `"${s.listener.name}" (port ${s.listener.port ?? '?'})`).join(', ') || 'none';
    const suggestion = ref.sectionName
      ? closestName(
          ref.sectionName.value,
          listeners.map((s) => s.listener.name),
        )
      : undefined;
    const message = `${ownerText} has no listener with ${wanted}; its listeners are ${available}.${didYouMean(suggestion)}`;
    const f = finding(
      route,
      ref.path,
      ref.sectionName?.span ?? ref.port?.span ?? ref.span,
      'NoMatchingParent',
      message,
      [{ fileId: owner.fileId, span: owner.headSpan, message: ownerText }],
    );
    const target = listeners.find(
      (s) => s.listener.name === suggestion && (!ref.port || s.listener.port === ref.port.value),
    );
    const taken = route.parentRefs.some(
      (o) =>
        o !== ref &&
        o.name === ref.name &&
        o.namespace === ref.namespace &&
        o.kind === ref.kind &&
        o.sectionName?.value === suggestion,
    );
    const attaches =
      target !== undefined && !taken && admitToListener(route, owner, target, env.reads).attached === 'true';
    findings.push(ref.sectionName && attaches ? withSuggestion(f, ref.sectionName.span, suggestion) : f);
    return {
      ref,
      owner,
      attachedTo: [],
      accepted: condition('Accepted', 'False', 'NoMatchingParent', message),
      resolvedRefs,
    };
  }
  const verdicts = selected.map((s) => admitToListener(route, owner, s, env.reads));
  const attachedTo = verdicts.filter((v) => v.attached === 'true').map((v) => v.state.listener.name);
  const related: RelatedLocation[] = verdicts.map((v) => ({
    fileId: owner.fileId,
    span: v.state.listener.nameSpan,
    message: `listener "${v.state.listener.name}"`,
  }));
  if (attachedTo.length > 0) {
    const message = `Attached to ${ownerText} via listener${attachedTo.length > 1 ? 's' : ''} ${attachedTo.map((n) => `"${n}"`).join(', ')}.`;
    return { ref, owner, attachedTo, accepted: condition('Accepted', 'True', 'Accepted', message), resolvedRefs };
  }
  const unknown = verdicts.filter((v) => v.attached === 'unknown');
  if (unknown.length > 0) {
    const labelsUnknown = unknown.find((v) => v.namespace.labelsUnknown);
    const reason = labelsUnknown ? 'NamespaceLabelsUnknown' : 'ParentNotInWorkspace';
    const detail = unknown
      .map(
        (v) => `listener "${v.state.listener.name}" ${v.namespace.result === 'unknown' ? v.namespace.why : v.kind.why}`,
      )
      .join(' ');
    const message = `Whether ${ownerText} admits this route cannot be decided from the workspace: ${detail}${labelsUnknown ? ` Add a Namespace manifest for ${route.key.namespace} with its labels.` : ''}`;
    findings.push(
      finding(
        route,
        ref.path,
        ref.span,
        labelsUnknown ? 'NamespaceLabelsUnknown' : 'ParentNotInWorkspace',
        message,
        related,
      ),
    );
    return { ref, owner, attachedTo, accepted: condition('Accepted', 'Unknown', reason, message), resolvedRefs };
  }
  const admitted = verdicts.filter((v) => v.kind.result === 'true' && v.namespace.result === 'true');
  if (admitted.length > 0) {
    const routeHosts = route.hostnames.map((h) => h.value).join(', ');
    const listenerHosts = admitted
      .map((v) => `"${v.state.listener.name}" ${v.state.listener.hostname?.value ?? '(any)'}`)
      .join(', ');
    const message = `No listener of ${ownerText} that admits this route matches its hostnames (${routeHosts}); listener hostnames: ${listenerHosts}. Use a hostname the listener serves, or drop the route's hostnames.`;
    findings.push(
      finding(route, ref.path, ref.span, 'NoMatchingListenerHostname', message, [
        ...related,
        ...(route.hostnamesSpan
          ? [{ fileId: route.fileId, span: route.hostnamesSpan, message: 'route hostnames' }]
          : []),
      ]),
    );
    return {
      ref,
      owner,
      attachedTo,
      accepted: condition('Accepted', 'False', 'NoMatchingListenerHostname', message),
      resolvedRefs,
    };
  }
  const reasons = verdicts.map(
    (v) => `listener "${v.state.listener.name}" ${v.kind.result === 'false' ? v.kind.why : v.namespace.why}`,
  );
  const nsVerdict = verdicts.find((v) => v.namespace.result === 'false' && v.kind.result !== 'false');
  const fixHint = nsVerdict
    ? ` To fix, admit namespace ${route.key.namespace} in the listener's allowedRoutes${nsVerdict.state.listener.allowedRoutes.from === 'Selector' ? ' selector or label the namespace' : ''}.`
    : '';
  const message = `Not allowed by any listener of ${ownerText}: ${reasons.join(' ')}${fixHint}`;
  const nsRelated = verdicts.flatMap((v) =>
    v.namespace.namespace
      ? [
          {
            fileId: v.namespace.namespace.fileId,
            span: v.namespace.namespace.headSpan,
            message: `Namespace ${route.key.namespace}`,
          },
        ]
      : [],
  );
  findings.push(
    finding(route, ref.path, ref.span, 'NotAllowedByListeners', message, [...related, ...nsRelated.slice(0, 1)]),
  );
  return {
    ref,
    owner,
    attachedTo,
    accepted: condition('Accepted', 'False', 'NotAllowedByListeners', message),
    resolvedRefs,
  };
}

const SERVICE_IMPORT = { group: 'multicluster.x-k8s.io', kind: 'ServiceImport' };

function resolveBackend(route: RouteResource, ref: BackendRef, env: ResolveEnv, findings: Finding[]): BackendResult {
  const targetText = `${groupKindString(ref)} ${qualifiedName(ref)}`;
  const validKind =
    (ref.group === CORE_GROUP && ref.kind === 'Service') ||
    (ref.group === SERVICE_IMPORT.group && ref.kind === SERVICE_IMPORT.kind) ||
    env.options.backendKinds.some((k) => k.group === ref.group && k.kind === ref.kind);
  if (!validKind) {
    const message = `${groupKindString(ref)} is not a backend kind this analysis knows: use a Service, a ServiceImport (multicluster.x-k8s.io), or add the kind to the implementation-specific backend kinds setting.`;
    findings.push(finding(route, ref.path, ref.span, 'InvalidKind', message));
    return { ref, outcome: 'InvalidKind', message };
  }
  const referrer = referrerOf(route);
  const perm = permission(env.reads, referrer, ref);
  if (perm.result === 'denied') {
    const grantText = `{from: [{group: ${GATEWAY_GROUP}, kind: ${route.routeKind}, namespace: ${route.key.namespace}}], to: [{group: "${ref.group}", kind: ${ref.kind}, name: ${ref.name}}]}`;
    const misses = perm.nearMisses
      .slice(0, 3)
      .map((m) => ` ${m.why}`)
      .join('');
    // A controller must not reveal whether the target exists (RULES R7.8); a manifest author may know.
    const missing = findTarget(env.reads, ref, route.fileId).result === 'missing';
    const fix = missing
      ? ` ${targetText} is not in the workspace either: check the name before granting access.`
      : ` To fix, add a ReferenceGrant in ${ref.namespace} with ${grantText}.`;
    const message = `${route.routeKind} ${qualifiedName(route.key)} may not reference ${targetText}: no ReferenceGrant in namespace ${ref.namespace} allows ${route.routeKind} from ${route.key.namespace}.${misses}${fix}`;
    findings.push(
      finding(
        route,
        ref.path,
        ref.span,
        'RefNotPermitted',
        message,
        perm.nearMisses.slice(0, 3).map((m) => ({ fileId: m.grant.fileId, span: m.grant.headSpan, message: m.why })),
      ),
    );
    return { ref, outcome: 'RefNotPermitted', message, permission: perm };
  }
  if (perm.result === 'unknown') {
    const message = notInWorkspace(targetText, ref.namespace);
    findings.push(finding(route, ref.path, ref.span, 'ReferenceNotInWorkspace', message));
    return { ref, outcome: 'unknown', message, permission: perm };
  }
  const existence = findPermittedTarget(env.reads, ref, route.fileId);
  if (existence.result === 'missing') {
    const message = `${targetText} does not exist in the workspace.${didYouMean(existence.suggestion)}`;
    const renamed =
      existence.suggestion === undefined
        ? undefined
        : permission(env.reads, referrer, { ...ref, name: existence.suggestion });
    const fixes = renamed !== undefined && renamed.result !== 'denied' && renamed.result !== 'unknown';
    findings.push(
      withSuggestion(
        finding(route, ref.path, ref.nameSpan, 'BackendNotFound', message),
        ref.nameSpan,
        fixes ? existence.suggestion : undefined,
      ),
    );
    return { ref, outcome: 'BackendNotFound', message, permission: perm };
  }
  const target = existence.target;
  const result: BackendResult = { ref, outcome: 'ok', permission: perm, target };
  if (target.shape === 'Service' && ref.port) checkServicePort(route, ref, target, findings);
  return result;
}

function checkServicePort(route: RouteResource, ref: BackendRef, service: ServiceResource, findings: Finding[]): void {
  if (!ref.port || service.ports.length === 0 || service.type === 'ExternalName') return;
  if (service.ports.some((p) => p.port === ref.port!.value)) return;
  const ports = service.ports.map((p) => (p.name ? `${p.port} (${p.name})` : String(p.port))).join(', ');
  findings.push(
    finding(
      route,
      `${ref.path}.port`,
      ref.port.span,
      'ServicePortNotFound',
      `Service ${qualifiedName(service.key)} does not expose port ${ref.port.value}; its ports are ${ports}.`,
      [{ fileId: service.fileId, span: service.headSpan, message: `Service ${qualifiedName(service.key)}` }],
    ),
  );
}
