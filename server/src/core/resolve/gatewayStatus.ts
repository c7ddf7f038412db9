// Gateway and listener status (RULES §9–§10): per listener `supportedKinds` and the conditions
// Accepted, ResolvedRefs (InvalidRouteKinds, certificate and CA references), Conflicted and
// Programmed; per Gateway Accepted (InvalidParameters, ListenersNotValid), ResolvedRefs (backend
// client certificate) and Programmed. `attachedRoutes` is counted from route results by the host.

import type {
  FrontendValidation,
  GatewayResource,
  Listener,
  ListenerOwner,
  ListenerSetResource,
  ObjectRef,
  Resource,
} from '../model/resource.js';
import { CORE_GROUP, describeResource, GATEWAY_GROUP, groupKindString, qualifiedName } from '../model/resource.js';
import type { Code } from '../codes.js';
import type { Condition } from './conditions.js';
import { condition, programmed, resolvedRefsCondition } from './conditions.js';
import type { Finding } from './findings.js';
import { didYouMean, finding, withSuggestion } from './findings.js';
import { describeSelector, evaluateSelector } from './labelSelector.js';
import { listenerSetAdmission } from './listenerSets.js';
import type { ListenerState } from './listeners.js';
import type { Truth } from './verdict.js';
import type { Permission } from './referencePolicy.js';
import { findPermittedTarget, findTarget, notInWorkspace, permission, referrerOf } from './referencePolicy.js';
import type { ResolveEnv } from './routeStatus.js';

export type RefOutcome =
  | 'ok'
  | 'unknown'
  | 'RefNotPermitted'
  | 'InvalidCertificateRef'
  | 'InvalidCACertificateRef'
  | 'InvalidCACertificateKind'
  | 'InvalidClientCertificateRef';

export interface RefResult {
  ref: ObjectRef;
  outcome: RefOutcome;
  message: string;
  permission?: Permission;
  /** The object the reference resolves to, when it exists. */
  target?: Resource;
}

export interface ListenerStatus {
  listener: Listener;
  state: ListenerState;
  certificateRefs: RefResult[];
  caCertificateRefs: RefResult[];
  conditions: Condition[];
}

export interface GatewayStatus {
  gateway: GatewayResource;
  conditions: Condition[];
  listeners: ListenerStatus[];
  backendClientCertificate?: RefResult;
}

export interface ListenerSetStatus {
  listenerSet: ListenerSetResource;
  admitted: Truth;
  /** The parent Gateway, when it is in the workspace. */
  gateway?: GatewayResource;
  conditions: Condition[];
  listeners: ListenerStatus[];
}

export function resolveListenerSet(
  ls: ListenerSetResource,
  env: ResolveEnv,
): { status: ListenerSetStatus; findings: Finding[] } {
  const findings: Finding[] = [];
  const admission = listenerSetAdmission(ls, env.reads);
  const listeners = resolveListeners(ls, env, findings);
  const ref = ls.parentRef;
  const conditions: Condition[] = [];
  if (admission.result === 'false') {
    if (ref)
      findings.push(
        finding(
          ls,
          'spec.parentRef',
          ref.span,
          admission.gateway ? 'NotAllowedByGateway' : 'ParentNotFound',
          `${admission.why} The ListenerSet is not accepted and routes cannot use its listeners.`,
        ),
      );
    conditions.push(
      condition('Accepted', 'False', 'NotAllowed', admission.why),
      condition('Programmed', 'False', 'NotAllowed', admission.why),
    );
  } else if (admission.result === 'unknown') {
    if (ref)
      findings.push(
        finding(
          ls,
          'spec.parentRef',
          ref.span,
          admission.gateway ? 'NamespaceLabelsUnknown' : 'ParentNotInWorkspace',
          admission.why,
        ),
      );
    conditions.push(
      condition('Accepted', 'Unknown', 'Pending', admission.why),
      condition('Programmed', 'Unknown', 'Pending', admission.why),
    );
  } else {
    const usable = listeners.filter((l) => l.conditions.every((c) => c.type === 'Conflicted' || c.status !== 'False'));
    if (usable.length === 0) {
      const message = 'No listener of the ListenerSet is valid.';
      conditions.push(
        condition('Accepted', 'False', 'ListenersNotValid', message),
        condition('Programmed', 'False', 'ListenersNotValid', message),
      );
    } else {
      conditions.push(
        condition('Accepted', 'True', 'Accepted', admission.why),
        condition('Programmed', 'True', 'Programmed', 'Accepted with usable listeners (static check).'),
      );
    }
  }
  const status: ListenerSetStatus = { listenerSet: ls, admitted: admission.result, conditions, listeners };
  if (admission.gateway) status.gateway = admission.gateway;
  return { status, findings };
}

export function resolveGateway(
  gateway: GatewayResource,
  env: ResolveEnv,
): { status: GatewayStatus; findings: Finding[] } {
  const findings: Finding[] = [];
  const listeners = resolveListeners(gateway, env, findings);
  allowedListenersFindings(gateway, findings);
  const conditions: Condition[] = [gatewayAccepted(gateway, listeners, env, findings)];
  let backendClientCertificate: RefResult | undefined;
  if (gateway.backendClientCertificateRef) {
    backendClientCertificate = resolveSecretRef(
      gateway,
      gateway.backendClientCertificateRef,
      env,
      'InvalidClientCertificateRef',
      findings,
    );
    conditions.push(resolvedRefsCondition([backendClientCertificate], 'The backend client certificate resolves.'));
  }
  if (gateway.frontendValidation.some((v) => v.mode === 'AllowInsecureFallback')) {
    conditions.push(
      condition(
        'InsecureFrontendValidationMode',
        'True',
        'ConfigurationChanged',
        'Client certificate validation allows insecure fallback.',
      ),
    );
  }
  conditions.push(
    programmed(
      conditions[0]!,
      conditions.find((c) => c.type === 'ResolvedRefs') ?? condition('ResolvedRefs', 'True', 'ResolvedRefs', ''),
    ),
  );
  const status: GatewayStatus = { gateway, conditions, listeners };
  if (backendClientCertificate) status.backendClientCertificate = backendClientCertificate;
  return { status, findings };
}

/** `spec.allowedListeners`: the same selector checks as a listener's allowedRoutes. */
function allowedListenersFindings(gateway: GatewayResource, findings: Finding[]): void {
  const allowed = gateway.allowedListeners;
  if (allowed.from !== 'Selector') return;
  if (!allowed.selector) {
    findings.push(
      finding(
        gateway,
        'spec.allowedListeners.namespaces',
        allowed.fromSpan ?? gateway.headSpan,
        'MissingSelector',
        '`allowedListeners` uses `from: Selector` without `selector`, so it admits no ListenerSet.',
      ),
    );
    return;
  }
  const { invalid } = evaluateSelector(allowed.selector, { name: '', labels: [] });
  if (invalid.length > 0) {
    findings.push(
      finding(
        gateway,
        'spec.allowedListeners.namespaces.selector',
        allowed.selector.span,
        'InvalidSelector',
        `The allowedListeners selector (${describeSelector(allowed.selector)}) is invalid: ${invalid.join('; ')}. It admits no ListenerSet.`,
      ),
    );
  }
}

function gatewayAccepted(
  gateway: GatewayResource,
  listeners: ListenerStatus[],
  env: ResolveEnv,
  findings: Finding[],
): Condition {
  const params = gateway.parametersRef;
  if (params) {
    const target = { group: params.group, kind: params.kind, namespace: gateway.key.namespace, name: params.name };
    const found = findTarget(env.reads, target, gateway.fileId);
    if (found.result === 'missing') {
      const message = `infrastructure.parametersRef names ${groupKindString(params)} "${params.name}", which is not in namespace ${gateway.key.namespace} in the workspace; the Gateway would not be accepted (InvalidParameters).${didYouMean(found.suggestion)}`;
      findings.push(finding(gateway, params.path, params.span, 'InvalidParameters', message));
      return condition('Accepted', 'False', 'InvalidParameters', message);
    }
  }
  const invalid = listeners.filter((l) => l.conditions.find((c) => c.type === 'Accepted')?.status === 'False');
  if (listeners.length > 0 && invalid.length === listeners.length)
    return condition('Accepted', 'False', 'ListenersNotValid', 'No listener is valid.');
  if (invalid.length > 0)
    return condition(
      'Accepted',
      'True',
      'ListenersNotValid',
      `Listener${invalid.length > 1 ? 's' : ''} ${invalid.map((l) => `"${l.listener.name}"`).join(', ')} not valid.`,
    );
  return condition('Accepted', 'True', 'Accepted', 'The Gateway is valid.');
}

/** Listener conditions for a Gateway or ListenerSet; certificate refs are checked as `owner`'s kind. */
function resolveListeners(owner: ListenerOwner, env: ResolveEnv, findings: Finding[]): ListenerStatus[] {
  const states = env.listenersOf(owner);
  const validations = owner.shape === 'Gateway' ? owner.frontendValidation : [];
  // Each validation block is resolved once, however many HTTPS listeners use it.
  const caResults = new Map<FrontendValidation, RefResult[]>();
  for (const v of validations) {
    const users = states
      .filter((s) => s.listener.protocol === 'HTTPS' && applicableValidation(validations, s.listener.port) === v)
      .map((s) => `"${s.listener.name}"`);
    if (users.length > 0)
      caResults.set(
        v,
        v.caCertificateRefs.map((ref) => resolveCARef(owner, ref, env, findings, users)),
      );
  }
  return states.map((state) => {
    const l = state.listener;
    listenerFindings(owner, state, findings);
    const certificateRefs =
      ['HTTPS', 'TLS'].includes(l.protocol) && l.tls?.mode !== 'Passthrough'
        ? (l.tls?.certificateRefs ?? []).map((ref) =>
            resolveSecretRef(owner, ref, env, 'InvalidCertificateRef', findings),
          )
        : [];
    const validation = l.protocol === 'HTTPS' ? applicableValidation(validations, l.port) : undefined;
    const caCertificateRefs = validation ? (caResults.get(validation) ?? []) : [];
    return {
      listener: l,
      state,
      certificateRefs,
      caCertificateRefs,
      conditions: listenerConditions(state, certificateRefs, caCertificateRefs, validation),
    };
  });
}

function listenerConditions(
  state: ListenerState,
  certs: RefResult[],
  cas: RefResult[],
  validation: FrontendValidation | undefined,
): Condition[] {
  const l = state.listener;
  const resolvedRefs =
    state.invalidKinds.length > 0
      ? condition(
          'ResolvedRefs',
          'False',
          'InvalidRouteKinds',
          `Unsupported route kinds: ${state.invalidKinds.map(groupKindString).join(', ')}.`,
        )
      : resolvedRefsCondition([...certs, ...cas], 'All references resolved.');

  let accepted: Condition;
  if (state.rejection) accepted = condition('Accepted', 'False', state.rejection.reason, state.rejection.message);
  else if (state.pending) accepted = condition('Accepted', 'Unknown', 'Pending', state.pending);
  else if (validation && cas.length > 0 && cas.every((c) => c.outcome !== 'ok' && c.outcome !== 'unknown')) {
    accepted = condition(
      'Accepted',
      'False',
      'NoValidCACertificate',
      `None of the CA certificates for client validation on port ${l.port} can be used.`,
    );
  } else if (state.implementationSpecific) {
    accepted = condition(
      'Accepted',
      'Unknown',
      'ImplementationSpecific',
      `Protocol ${l.protocol} is implementation-specific.`,
    );
  } else accepted = condition('Accepted', 'True', 'Accepted', 'The listener is valid.');

  const conflict =
    state.rejection && (state.rejection.reason === 'ProtocolConflict' || state.rejection.reason === 'HostnameConflict')
      ? state.rejection
      : undefined;
  const conflicted = conflict
    ? condition('Conflicted', 'True', conflict.reason, conflict.message)
    : condition('Conflicted', 'False', 'NoConflicts', 'No conflicts.');
  return [accepted, resolvedRefs, conflicted, programmed(accepted, resolvedRefs)];
}

function listenerFindings(owner: ListenerOwner, state: ListenerState, findings: Finding[]): void {
  const l = state.listener;
  const rejection = state.rejection;
  if (rejection && rejection.reason !== 'NotAllowed') {
    const span =
      rejection.reason === 'UnsupportedProtocol'
        ? l.protocolSpan
        : rejection.reason === 'UnsupportedValue'
          ? (l.tls?.modeSpan ?? l.protocolSpan)
          : l.nameSpan;
    const related = (rejection.conflictsWith ?? []).flatMap((name) => {
      const other = owner.listeners.find((x) => x.name === name);
      return other ? [{ fileId: owner.fileId, span: other.nameSpan, message: `listener "${name}"` }] : [];
    });
    const code = rejection.reason;
    findings.push(
      finding(
        owner,
        code === 'UnsupportedProtocol' ? `${l.path}.protocol` : l.path,
        span,
        code,
        `${rejection.message} Routes cannot attach to this listener.`,
        related,
      ),
    );
  }
  for (const k of state.invalidKinds) {
    const valid = state.supportedKinds.map(groupKindString).join(', ');
    findings.push(
      finding(
        owner,
        `${l.path}.allowedRoutes.kinds`,
        k.span,
        'InvalidRouteKinds',
        `A ${l.protocol} listener cannot carry ${groupKindString(k)}${valid ? `; it supports ${valid}` : ''}.`,
      ),
    );
  }
  const allowed = l.allowedRoutes;
  if (allowed.from === 'All' && allowed.fromSpan) {
    findings.push(
      finding(
        owner,
        `${l.path}.allowedRoutes.namespaces.from`,
        allowed.fromSpan,
        'AllNamespacesAllowed',
        `Listener "${l.name}" admits routes from every namespace: in a shared cluster any team can attach a route to it. Prefer \`from: Selector\` with the namespaces that should attach.`,
      ),
    );
  }
  if (allowed.from === 'Selector' && !allowed.selector) {
    findings.push(
      finding(
        owner,
        `${l.path}.allowedRoutes.namespaces`,
        allowed.fromSpan ?? l.nameSpan,
        'MissingSelector',
        `Listener "${l.name}" uses \`from: Selector\` without \`selector\`, so it admits no namespace.`,
      ),
    );
  }
  if (allowed.from === 'Selector' && allowed.selector) {
    const { invalid } = evaluateSelector(allowed.selector, { name: '', labels: [] });
    if (invalid.length > 0)
      findings.push(
        finding(
          owner,
          `${l.path}.allowedRoutes.namespaces.selector`,
          allowed.selector.span,
          'InvalidSelector',
          `The selector (${describeSelector(allowed.selector)}) is invalid: ${invalid.join('; ')}. It admits no namespace.`,
        ),
      );
  }
}

/** certificateRefs and the backend client certificate: a core Secret holding a usable TLS pair. */
function resolveSecretRef(
  owner: ListenerOwner,
  ref: ObjectRef,
  env: ResolveEnv,
  invalid: 'InvalidCertificateRef' | 'InvalidClientCertificateRef',
  findings: Finding[],
): RefResult {
  const text = `${groupKindString(ref)} ${qualifiedName(ref)}`;
  const perm = permission(env.reads, referrerOf(owner), ref);
  const fail = (outcome: RefOutcome & Code, message: string, span = ref.span, suggestion?: string): RefResult => {
    findings.push(withSuggestion(finding(owner, ref.path, span, outcome, message), ref.nameSpan, suggestion));
    return { ref, outcome, message, permission: perm };
  };
  if (perm.result === 'denied') {
    const misses = perm.nearMisses
      .slice(0, 3)
      .map((m) => ` ${m.why}`)
      .join('');
    return fail(
      'RefNotPermitted',
      `${describeResource(owner)} may not use ${text}: no ReferenceGrant in namespace ${ref.namespace} allows ${owner.key.kind} from ${owner.key.namespace} to reach it.${misses} To fix, add a ReferenceGrant in ${ref.namespace} with {from: [{group: ${GATEWAY_GROUP}, kind: ${owner.key.kind}, namespace: ${owner.key.namespace}}], to: [{group: "", kind: Secret, name: ${ref.name}}]}.`,
    );
  }
  if (perm.result === 'unknown') return unknownReference(owner, ref, text, perm, findings);
  if (ref.group !== CORE_GROUP || ref.kind !== 'Secret')
    return fail(
      invalid,
      `${groupKindString(ref)} is not supported here; reference a core Secret (group "", kind Secret).`,
    );
  const existence = findPermittedTarget(env.reads, ref, owner.fileId);
  if (existence.result === 'missing') {
    const alternative =
      existence.suggestion === undefined
        ? undefined
        : env.reads.nearest({ ...ref, name: existence.suggestion }, owner.fileId);
    const usable = alternative?.shape === 'Secret' && (alternative.tls === 'valid' || alternative.tls === 'external');
    return fail(
      invalid,
      `${text} does not exist in the workspace (and no cert-manager Certificate creates it).${didYouMean(existence.suggestion)}`,
      ref.nameSpan,
      usable ? existence.suggestion : undefined,
    );
  }
  const secret = existence.target;
  if (secret.shape === 'Secret' && (secret.tls === 'missing' || secret.tls === 'malformed')) {
    const result = fail(
      invalid,
      `${text} is not a usable TLS Secret: ${secret.tls === 'missing' ? '`tls.crt` or `tls.key` is missing' : '`tls.crt`/`tls.key` do not hold a PEM certificate and private key'}.`,
    );
    return { ...result, target: secret };
  }
  const via = secret.shape === 'Secret' && secret.producedBy ? ` (created by ${secret.producedBy})` : '';
  return { ref, outcome: 'ok', message: `Resolves to ${text}${via}.`, permission: perm, target: secret };
}

/** `caCertificateRefs` of frontend client-certificate validation: core ConfigMaps with `ca.crt`. */
function resolveCARef(
  owner: ListenerOwner,
  ref: ObjectRef,
  env: ResolveEnv,
  findings: Finding[],
  listeners: string[],
): RefResult {
  const text = `${groupKindString(ref)} ${qualifiedName(ref)}`;
  const perm = permission(env.reads, referrerOf(owner), ref);
  const usedBy = ` Used by HTTPS listener${listeners.length > 1 ? 's' : ''} ${listeners.join(', ')}, which cannot validate client certificates without a usable CA (NoValidCACertificate).`;
  const fail = (outcome: RefOutcome & Code, message: string): RefResult => {
    findings.push(finding(owner, ref.path, ref.span, outcome, `${message}${usedBy}`));
    return { ref, outcome, message, permission: perm };
  };
  if (perm.result === 'denied') {
    return fail(
      'RefNotPermitted',
      `${describeResource(owner)} may not use ${text} for client validation: no ReferenceGrant in namespace ${ref.namespace} allows ${owner.key.kind} from ${owner.key.namespace} to reach it.`,
    );
  }
  if (perm.result === 'unknown') return unknownReference(owner, ref, text, perm, findings);
  if (ref.group !== CORE_GROUP || ref.kind !== 'ConfigMap')
    return fail(
      'InvalidCACertificateKind',
      `${groupKindString(ref)} cannot hold CA certificates for client validation; reference a ConfigMap with \`ca.crt\`.`,
    );
  const existence = findPermittedTarget(env.reads, ref, owner.fileId);
  if (existence.result === 'missing')
    return fail(
      'InvalidCACertificateRef',
      `${text} does not exist in the workspace.${didYouMean(existence.suggestion)}`,
    );
  const cm = existence.target;
  if (cm.shape === 'ConfigMap' && cm.caCertificate !== 'valid' && cm.caCertificate !== 'external') {
    return { ...fail('InvalidCACertificateRef', `${text} has no PEM certificate under \`ca.crt\`.`), target: cm };
  }
  return { ref, outcome: 'ok', message: `Resolves to ${text}.`, permission: perm, target: cm };
}

function unknownReference(
  owner: ListenerOwner,
  ref: ObjectRef,
  text: string,
  perm: Permission,
  findings: Finding[],
): RefResult {
  const message = notInWorkspace(text, ref.namespace);
  findings.push(finding(owner, ref.path, ref.span, 'ReferenceNotInWorkspace', message));
  return { ref, outcome: 'unknown', message, permission: perm };
}

function applicableValidation(
  validations: readonly FrontendValidation[],
  port: number | undefined,
): FrontendValidation | undefined {
  return (
    validations.find((v) => v.port !== undefined && v.port === port) ?? validations.find((v) => v.port === undefined)
  );
}
