// Gateway and listener status (rules.md §9–§10): per listener `supportedKinds` and the conditions
// Accepted, ResolvedRefs (InvalidRouteKinds, certificate and CA references), Conflicted,
// Programmed and, only when True, OverlappingTLSConfig; per Gateway Accepted (InvalidParameters, ListenersNotValid), ResolvedRefs (backend
// client certificate) and Programmed. `attachedRoutes` is counted from route results by the host.

import type {
  FrontendValidation,
  GatewayResource,
  Listener,
  ListenerOwner,
  ListenerSetResource,
  Resource,
} from '../model/resource.js';
import { GATEWAY_GROUP } from '../model/resource.js';
import { CERTIFICATE_POLICY_KINDS } from '../model/certManager.js';
import type { Condition } from './conditions.js';
import { condition, programmed, resolvedRefsCondition } from './conditions.js';
import type { Finding } from './findings.js';
import { finding } from './findings.js';
import { evaluateSelector } from './labelSelector.js';
import { admittingGateway, listenerSetAdmission } from './listenerSets.js';
import type { ListenerState } from './listeners.js';
import type { Truth } from './verdict.js';
import { findTarget } from './referencePolicy.js';
import { parametersKindVerdict } from './implementation.js';
import type { LadderContext, RefResult } from './references.js';
import { resolveReference } from './references.js';
import type { ResolveEnv } from './routeStatus.js';

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
  const gateway = admittingGateway(admission);
  const ref = ls.parentRef;
  const why = { is: 'listenerSet' as const, admission };
  const conditions: Condition[] = [];
  if (admission.result !== 'true') {
    const code =
      admission.result === 'false'
        ? gateway
          ? 'NotAllowedByGateway'
          : 'ParentNotFound'
        : admission.is === 'decided' && admission.applyTime
          ? 'ApplyTimeNamespace'
          : gateway
            ? 'NamespaceLabelsUnknown'
            : 'ParentNotInWorkspace';
    if (ref)
      findings.push(
        finding(ls, 'spec.parentRef', ref.span, code, { is: 'listenerSetParent', listenerSet: ls, admission }),
      );
    const [status, reason] =
      admission.result === 'false' ? (['False', 'NotAllowed'] as const) : (['Unknown', 'Pending'] as const);
    conditions.push(condition('Accepted', status, reason, why), condition('Programmed', status, reason, why));
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
        condition('Accepted', 'True', 'Accepted', why),
        condition('Programmed', 'True', 'Programmed', 'Accepted with usable listeners (static check).'),
      );
    }
  }
  const status: ListenerSetStatus = { listenerSet: ls, admitted: admission.result, conditions, listeners };
  if (gateway) status.gateway = gateway;
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
    const ladder: LadderContext = { reads: env.reads, options: env.options, findings };
    backendClientCertificate = resolveReference(
      gateway,
      gateway.backendClientCertificateRef,
      'clientCertificate',
      ladder,
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
  // The Gateway's own references (a backend client certificate); its listeners' are theirs.
  const own = conditions.find((c) => c.type === 'ResolvedRefs');
  conditions.push(
    programmed(
      conditions[0]!,
      own ?? condition('ResolvedRefs', 'True', 'ResolvedRefs', ''),
      own
        ? undefined
        : 'Accepted (static check; no data plane involved); each listener reports its own Programmed condition.',
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
  const path = 'spec.allowedListeners.namespaces';
  if (!allowed.selector) {
    const span = allowed.fromSpan ?? gateway.headSpan;
    findings.push(finding(gateway, path, span, 'MissingSelector', { is: 'missingSelector', owner: gateway }));
    return;
  }
  const { invalid } = evaluateSelector(allowed.selector, { name: '', labels: [] });
  if (invalid.length > 0) {
    findings.push(
      finding(gateway, `${path}.selector`, allowed.selector.span, 'InvalidSelector', {
        is: 'invalidSelector',
        owner: gateway,
        selector: allowed.selector,
        problems: invalid,
      }),
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
  const implementation = env.rulesOf(gateway).implementation?.profile;
  if (params && implementation && parametersKindVerdict(implementation, 'gateway', params) === false) {
    const f = finding(gateway, params.path, params.span, 'InvalidParameters', {
      is: 'parametersKind',
      owner: gateway,
      ref: params,
      implementation,
    });
    findings.push(f);
    return condition('Accepted', 'False', 'InvalidParameters', { is: 'finding', finding: f });
  }
  if (params) {
    const namespace = gateway.key.namespace;
    const found = findTarget(
      env.reads,
      { group: params.group, kind: params.kind, namespace, name: params.name },
      gateway,
    );
    if (found.result === 'missing') {
      const f = finding(gateway, params.path, params.span, 'InvalidParameters', {
        is: 'parametersMissing',
        owner: gateway,
        ref: params,
        namespace,
        ...(found.suggestion !== undefined ? { didYouMean: found.suggestion } : {}),
      });
      findings.push(f);
      return condition('Accepted', 'False', 'InvalidParameters', { is: 'finding', finding: f });
    }
    if (found.result === 'unknown' || found.result === 'unresolved') {
      const ambiguous = found.result === 'unresolved' && found.unresolved.unresolved === 'ambiguous';
      const code = ambiguous ? 'AmbiguousReference' : 'ReferenceNotInWorkspace';
      const facts = { is: 'parametersUnknown' as const, owner: gateway, ref: params, namespace, existence: found };
      const f = finding(gateway, params.path, params.span, code, facts);
      findings.push(f);
      return condition('Accepted', 'Unknown', 'Pending', { is: 'finding', finding: f });
    }
  }
  const invalid = listeners.filter((l) => l.conditions.find((c) => c.type === 'Accepted')?.status === 'False');
  if (listeners.length > 0 && invalid.length === listeners.length)
    return condition('Accepted', 'False', 'ListenersNotValid', 'No listener is valid.');
  if (invalid.length > 0) {
    const names = invalid.map((l) => l.listener.name);
    return condition('Accepted', 'True', 'ListenersNotValid', { is: 'listenersNotValid', listeners: names });
  }
  return condition('Accepted', 'True', 'Accepted', 'The Gateway is valid.');
}

/** Listener conditions for a Gateway or ListenerSet; certificate refs are checked as `owner`'s kind. */
function resolveListeners(owner: ListenerOwner, env: ResolveEnv, findings: Finding[]): ListenerStatus[] {
  const states = env.listenersOf(owner);
  const validations = owner.shape === 'Gateway' ? owner.frontendValidation : [];
  const ladder: LadderContext = { reads: env.reads, options: env.options, findings };
  // Each validation block is resolved once, however many HTTPS listeners use it.
  const caResults = new Map<FrontendValidation, RefResult[]>();
  for (const v of validations) {
    const users = states
      .filter((s) => s.listener.protocol === 'HTTPS' && applicableValidation(validations, s.listener.port) === v)
      .map((s) => s.listener.name);
    if (users.length > 0)
      caResults.set(
        v,
        v.caCertificateRefs.map((ref) => resolveReference(owner, ref, 'caCertificate', ladder, users)),
      );
  }
  const issuers = owner.shape === 'Gateway' ? certificatePolicies(env, owner) : [];
  const profile = env.rulesOf(owner).implementation?.profile;
  return states.map((state) => {
    const l = state.listener;
    const overlap = listenerFindings(owner, state, findings);
    const terminates = (l.protocol === 'HTTPS' || l.protocol === 'TLS') && l.tls?.mode !== 'Passthrough';
    const issuedBy = terminates
      ? issuers.find((i) => i.section === undefined || i.section === l.name)?.policy
      : undefined;
    const certificateLadder = issuedBy ? { ...ladder, issuedBy } : ladder;
    const written = terminates ? (l.tls?.certificateRefs ?? []) : [];
    // An implementation that takes the certificate from elsewhere never reads them: said once.
    if (profile?.certificateRefsIgnored && written.length > 0)
      findings.push(
        finding(owner, written[0]!.path, written[0]!.span, 'NotAnalysed', {
          is: 'notAnalysed',
          what: 'certificateRefs',
          profile,
        }),
      );
    const certificateRefs = profile?.certificateRefsIgnored
      ? []
      : written.map((ref) => resolveReference(owner, ref, 'certificate', certificateLadder));
    const validation = l.protocol === 'HTTPS' ? applicableValidation(validations, l.port) : undefined;
    const caCertificateRefs = validation ? (caResults.get(validation) ?? []) : [];
    return {
      listener: l,
      state,
      certificateRefs,
      caCertificateRefs,
      conditions: listenerConditions(state, certificateRefs, caCertificateRefs, validation, overlap),
    };
  });
}

function listenerConditions(
  state: ListenerState,
  certs: RefResult[],
  cas: RefResult[],
  validation: FrontendValidation | undefined,
  overlap: Finding | undefined,
): Condition[] {
  const l = state.listener;
  const resolvedRefs =
    state.invalidKinds.length > 0
      ? condition('ResolvedRefs', 'False', 'InvalidRouteKinds', { is: 'unsupportedKinds', kinds: state.invalidKinds })
      : resolvedRefsCondition([...certs, ...cas], 'All references resolved.');

  const rejection = state.rejection;
  const rejected = (r: NonNullable<typeof rejection>) => {
    const message = { is: 'listenerRejected' as const, rejection: r, listener: l.name, protocol: l.protocol };
    return l.port === undefined ? message : { ...message, port: l.port };
  };
  let accepted: Condition;
  if (rejection) accepted = condition('Accepted', 'False', rejection.reason, rejected(rejection));
  else if (state.pending)
    accepted = condition('Accepted', 'Unknown', 'Pending', { is: 'listenerSet', admission: state.pending });
  else if (validation && cas.length > 0 && cas.every((c) => c.outcome !== 'ok' && c.outcome !== 'unknown')) {
    const message =
      l.port === undefined
        ? { is: 'noValidCACertificate' as const }
        : { is: 'noValidCACertificate' as const, port: l.port };
    accepted = condition('Accepted', 'False', 'NoValidCACertificate', message);
  } else if (state.implementationSpecific) {
    accepted = condition('Accepted', 'Unknown', 'ImplementationSpecific', {
      is: 'implementationSpecific',
      protocol: l.protocol,
    });
  } else accepted = condition('Accepted', 'True', 'Accepted', 'The listener is valid.');

  const conflicted =
    rejection && (rejection.reason === 'ProtocolConflict' || rejection.reason === 'HostnameConflict')
      ? condition('Conflicted', 'True', rejection.reason, rejected(rejection))
      : condition('Conflicted', 'False', 'NoConflicts', 'No conflicts.');
  const conditions = [accepted, resolvedRefs, conflicted, programmed(accepted, resolvedRefs)];
  // A negative-polarity condition: set when True, never written as False.
  if (overlap)
    conditions.push(
      condition('OverlappingTLSConfig', 'True', 'OverlappingHostnames', { is: 'finding', finding: overlap }),
    );
  return conditions;
}

/** Reports the listener's own findings; returns its OverlappingTLSConfig finding, if it has one. */
function listenerFindings(owner: ListenerOwner, state: ListenerState, findings: Finding[]): Finding | undefined {
  const l = state.listener;
  const rejection = state.rejection;
  if (rejection && rejection.reason !== 'NotAllowed') {
    const code = rejection.reason;
    const span =
      code === 'UnsupportedProtocol'
        ? l.protocolSpan
        : code === 'UnsupportedValue'
          ? (l.tls?.modeSpan ?? l.protocolSpan)
          : l.nameSpan;
    const path = code === 'UnsupportedProtocol' ? `${l.path}.protocol` : l.path;
    findings.push(finding(owner, path, span, code, { is: 'listenerRejected', owner, listener: l, rejection }));
  }
  for (const k of state.invalidKinds) {
    findings.push(
      finding(owner, `${l.path}.allowedRoutes.kinds`, k.span, 'InvalidRouteKinds', {
        is: 'invalidRouteKind',
        owner,
        listener: l,
        kind: k,
        supported: state.supportedKinds,
        ...(state.servedBy !== undefined ? { servedBy: state.servedBy } : {}),
      }),
    );
  }
  const allowed = l.allowedRoutes;
  const namespacesPath = `${l.path}.allowedRoutes.namespaces`;
  if (allowed.from === 'All' && allowed.fromSpan) {
    findings.push(
      finding(owner, `${namespacesPath}.from`, allowed.fromSpan, 'AllNamespacesAllowed', {
        is: 'allNamespaces',
        owner,
        listener: l,
      }),
    );
  }
  if (allowed.from === 'Selector' && !allowed.selector) {
    const span = allowed.fromSpan ?? l.nameSpan;
    findings.push(
      finding(owner, namespacesPath, span, 'MissingSelector', { is: 'missingSelector', owner, listener: l }),
    );
  }
  if (allowed.from === 'Selector' && allowed.selector) {
    const { invalid } = evaluateSelector(allowed.selector, { name: '', labels: [] });
    if (invalid.length > 0)
      findings.push(
        finding(owner, `${namespacesPath}.selector`, allowed.selector.span, 'InvalidSelector', {
          is: 'invalidSelector',
          owner,
          listener: l,
          selector: allowed.selector,
          problems: invalid,
        }),
      );
  }
  if (!state.tlsOverlaps) return undefined;
  const overlap = finding(
    owner,
    l.hostname ? `${l.path}.hostname` : l.path,
    l.hostname?.span ?? l.nameSpan,
    'OverlappingTLSConfig',
    { is: 'tlsOverlap', owner, listener: l, overlaps: state.tlsOverlaps },
  );
  findings.push(overlap);
  return overlap;
}

function applicableValidation(
  validations: readonly FrontendValidation[],
  port: number | undefined,
): FrontendValidation | undefined {
  return (
    validations.find((v) => v.port !== undefined && v.port === port) ?? validations.find((v) => v.port === undefined)
  );
}

/**
 * The policies that have cert-manager issue the certificates of the Gateway's listeners (see
 * CERTIFICATE_POLICY_KINDS), each with the listener it narrows to (undefined: every listener).
 */
function certificatePolicies(env: ResolveEnv, gateway: GatewayResource): { policy: Resource; section?: string }[] {
  return env.reads
    .policiesTargeting(gateway.key)
    .flatMap((policy) =>
      CERTIFICATE_POLICY_KINDS.some((k) => k.group === policy.key.group && k.kind === policy.key.kind)
        ? policy.targetRefs
            .filter((t) => t.group === GATEWAY_GROUP && t.kind === 'Gateway' && t.name === gateway.key.name)
            .map((t) => ({ policy, section: t.sectionName?.value }))
        : [],
    );
}
