// Findings: what resolution reports, as typed facts in offsets. A finding carries its code, the
// resource and field it is about (`subject`, stable across edits: fixes and tests match on it) and
// the facts its message, related locations and fixes need; the words are written once, by the
// code's home in features/diagnostics/. Resolution never writes a sentence.

import type { Code } from '../codes.js';
import type {
  BackendRef,
  GatewayClassResource,
  GatewayResource,
  GroupKind,
  LabelSelector,
  Listener,
  ListenerOwner,
  ListenerSetResource,
  ObjectKey,
  ObjectRef,
  ParametersRef,
  ParentRef,
  PolicyResource,
  PolicyTargetRef,
  ReferenceGrantResource,
  Resource,
  RouteGroupKind,
  RouteResource,
  ServiceResource,
} from '../model/resource.js';
import { describeResource } from '../model/resource.js';
import type { Span } from '../syntax/tree.js';
import { flatCopy } from '../strings.js';
import type { ListenerVerdict } from './admission.js';
import type { SelectorProblem } from './labelSelector.js';
import type { ListenerRejection } from './listeners.js';
import type { ListenerSetAdmission } from './listenerSets.js';
import type { NearMiss, Unmanaged } from './referencePolicy.js';
import type { Unresolved } from '../index/nearest.js';
import type { ImplementationProfile } from '../profiles/index.js';
import { editDistance } from '../editDistance.js';

interface FindingBase {
  code: Code;
  fileId: string;
  span: Span;
  /** `<Kind> <namespace>/<name> <field path>`: what the finding is about, stable across edits. */
  subject: string;
  /** A close existing name for a misspelt one, offered as a fix that writes it at `span` (only when that works). */
  suggestion?: { span: Span; name: string };
  /** The finding is about the HTTPRoute cert-manager's HTTP-01 solver creates, on the Issuer's parentRef. */
  solverRoute?: SolverRouteContext;
}

/** Which of cert-manager's HTTP-01 solver routes a parentRef finding is about (see solverRoutes.ts). */
export interface SolverRouteContext {
  /** The namespace cert-manager creates the route in (an apply-time one when unknown). */
  namespace: string;
  /** The challenge domain, when the workspace's Certificates name one. */
  domain?: string;
  /** Whether the route attaches: not at all, or unknown. */
  attaches: 'false' | 'unknown';
  /** How many other challenges' routes this parentRef fails too. */
  more: number;
}

/** What a reference is for: it decides the kinds it may name and the codes it fails with. */
export type ReferenceRole =
  | 'backend'
  | 'certificate'
  | 'clientCertificate'
  | 'caCertificate'
  /** A policy's targetRef: the object the policy attaches to. */
  | 'policyTarget'
  /** A BackendTLSPolicy's CA certificate reference, for validating the backend's certificate. */
  | 'backendCACertificate';

/** A resource whose references go through the reference ladder (references.ts). */
export type ReferringResource = RouteResource | ListenerOwner | PolicyResource;

/** Why a reference does not resolve, with the facts each case reports. */
export type ReferenceProblem =
  /** A kind the role cannot use; `rejectedBy`: the implementations (profiles) known to reject it. */
  | { is: 'kind'; rejectedBy?: ImplementationProfile[] }
  /** A kind outside the spec that the workspace defines and no implementation profile here judges. */
  /** `servedBy`: names of known implementations that resolve the kind, when that is why it is unknown. */
  | { is: 'kindUnknown'; servedBy?: readonly string[]; configurableBy?: { name: string; requires: string } }
  | { is: 'notPermitted'; nearMisses: NearMiss[]; targetMissing: boolean }
  /** The target is not in the workspace and the workspace cannot tell whether it exists. */
  | ({ is: 'notInWorkspace' } & Unmanaged)
  /** Defined more than once, equally near (`ambiguous`), or only as a patch stub. */
  | { is: 'unresolved'; unresolved: Unresolved<Resource> }
  /**
   * The target does not exist; `renamedTo`: the name kustomize gave it, when the referrer's build
   * renamed it (kustomize does not rewrite Gateway API references); `hashed`: the target is a
   * kustomize generator's object, named `<name>-<content hash>` (the generator's kustomization).
   */
  | { is: 'missing'; didYouMean?: string; renamedTo?: string; hashed?: { name: string; generator: Resource } }
  /** The target exists, but the referrer's namespace is set at apply time: no grant can be matched. */
  | { is: 'permissionUnknown' }
  /** The target exists but cannot serve: a Secret without a usable TLS pair, a ConfigMap without `ca.crt`. */
  | { is: 'content'; content: 'missing' | 'malformed' };

export type Facts =
  // Route attachment (routeStatus.ts)
  | ({ is: 'parentNotInWorkspace'; route: RouteResource; ref: ParentRef } & Exclude<
      Unmanaged,
      { why: 'serviceImport' | 'issued' }
    >)
  /** The route and a Gateway of that name are placed at apply time together: found only if applied to ref's namespace. */
  | { is: 'parentApplyTime'; route: RouteResource; ref: ParentRef; parent: Resource }
  | { is: 'parentUnresolved'; route: RouteResource; ref: ParentRef; unresolved: Unresolved<Resource> }
  | { is: 'parentNotFound'; route: RouteResource; ref: ParentRef; didYouMean?: string }
  | { is: 'ownerWithoutListeners'; route: RouteResource; owner: ListenerOwner; ref: ParentRef }
  | {
      is: 'noListenerSelected';
      route: RouteResource;
      owner: ListenerOwner;
      ref: ParentRef;
      /** The closest listener name, when renaming to it would attach the route (a fix is offered). */
      didYouMean?: string;
      /** The closest listener name, when renaming to it would not attach the route. */
      closestNotAttaching?: string;
    }
  /** Admission by the selected listeners (`verdicts`) is unknown, false, or fails only on hostnames. */
  | { is: 'admissionUnknown'; route: RouteResource; owner: ListenerOwner; ref: ParentRef; verdicts: ListenerVerdict[] }
  | { is: 'hostnamesDisjoint'; route: RouteResource; owner: ListenerOwner; ref: ParentRef; verdicts: ListenerVerdict[] }
  | { is: 'notAllowed'; route: RouteResource; owner: ListenerOwner; ref: ParentRef; verdicts: ListenerVerdict[] }
  // References (references.ts)
  | {
      is: 'reference';
      role: ReferenceRole;
      referrer: ReferringResource;
      ref: ObjectRef | BackendRef;
      problem: ReferenceProblem;
      /** For CA references: the HTTPS listeners that validate client certificates with them. */
      usedBy?: string[];
    }
  | { is: 'servicePort'; route: RouteResource; ref: BackendRef; port: number; service: ServiceResource }
  /** An HTTP→HTTPS redirect attached, for want of a sectionName, to HTTPS listeners as well (`https`): it loops there. */
  | {
      is: 'redirectLoop';
      route: RouteResource;
      ref: ParentRef;
      owner: ListenerOwner;
      https: string[];
      http: string[];
    }
  /**
   * An HTTPRoute or GRPCRoute that answers `hostname` (undefined: every hostname) on a listener
   * where routes of the other kind answer it too: `other` is the first of them by kind, namespace
   * and name, `others` whether there are more (query/routeClashes.ts; rules.md R5.7).
   */
  | {
      is: 'routeKindClash';
      route: RouteResource;
      ref: ParentRef;
      owner: ListenerOwner;
      listener: string;
      hostname?: string;
      other: RouteResource;
      others: boolean;
    }
  // Policies (policyStatus.ts)
  /** A targetRef's sectionName that names no port of the Service (the policy does not attach). */
  | { is: 'policySection'; policy: PolicyResource; ref: PolicyTargetRef; service: ServiceResource }
  /** A BackendTLSPolicy that loses to an older one on the same target and section (Conflicted). */
  | { is: 'policyConflict'; policy: PolicyResource; ref: PolicyTargetRef; winner: PolicyResource }
  // Gateways, listeners and ListenerSets (gatewayStatus.ts)
  | { is: 'listenerSetParent'; listenerSet: ListenerSetResource; admission: ListenerSetAdmission }
  | { is: 'listenerRejected'; owner: ListenerOwner; listener: Listener; rejection: ListenerRejection }
  /** `servedBy`: the implementation whose profile decided what the protocol carries. */
  | {
      is: 'invalidRouteKind';
      owner: ListenerOwner;
      listener: Listener;
      kind: RouteGroupKind;
      supported: GroupKind[];
      servedBy?: string;
    }
  | { is: 'allNamespaces'; owner: ListenerOwner; listener: Listener }
  /** A TLS-terminating listener whose hostname overlaps those of `overlaps` on its port (OverlappingTLSConfig). */
  | { is: 'tlsOverlap'; owner: ListenerOwner; listener: Listener; overlaps: string[] }
  /** `from: Selector` without a selector, on a listener or (listener undefined) the Gateway's allowedListeners. */
  | { is: 'missingSelector'; owner: ListenerOwner; listener?: Listener }
  | {
      is: 'invalidSelector';
      owner: ListenerOwner;
      listener?: Listener;
      selector: LabelSelector;
      problems: SelectorProblem[];
    }
  | {
      is: 'parametersMissing';
      owner: GatewayResource | GatewayClassResource;
      ref: ParametersRef;
      /** Where the target was looked for: the Gateway's namespace, or the parametersRef's own. */
      namespace: string;
      didYouMean?: string;
    }
  /** A parametersRef to a kind the implementation's profile does not read parameters from. */
  | {
      is: 'parametersKind';
      owner: GatewayResource | GatewayClassResource;
      ref: ParametersRef;
      implementation: ImplementationProfile;
    }
  /** A gatewayClassName that none of the workspace's GatewayClasses has (`defined`). */
  | { is: 'gatewayClassMissing'; gateway: GatewayResource; className: string; defined: string[]; didYouMean?: string }
  /** The same, for a class name an implementation installs or documents: the cluster may have it. */
  | {
      is: 'gatewayClassUnknown';
      gateway: GatewayResource;
      className: string;
      /** An implementation installs or documents the name; else a class close to it is defined apart. */
      implementation?: string;
      defined: string[];
      didYouMean?: string;
    }
  /** A Gateway's infrastructure.parametersRef whose target the workspace cannot show (Accepted is then unknown). */
  | {
      is: 'parametersUnknown';
      owner: GatewayResource;
      ref: ParametersRef;
      namespace: string;
      existence: ({ result: 'unknown' } & Unmanaged) | { result: 'unresolved'; unresolved: Unresolved<Resource> };
    }
  /** What the analysis does not judge: an object of the pre-v1 API, a route's mesh (Service) parentRef. */
  | { is: 'notAnalysed'; what: 'preV1Api'; resource: Resource }
  | { is: 'notAnalysed'; what: 'meshParent'; route: RouteResource; ref: ParentRef }
  | { is: 'notAnalysed'; what: 'certificateRefs'; profile: ImplementationProfile }
  // Every object (analyze.ts) and workspace-wide checks (features/diagnostics)
  | { is: 'duplicate'; resource: Resource; twins: Resource[] }
  | { is: 'unusedGrant'; grant: ReferenceGrantResource }
  /** A problem found while reading a file or object (syntax, types, API rules), worded by the model. */
  | { is: 'manifest'; message: string };

export type Finding = FindingBase & Facts;

export function subjectOf(resource: Resource, path: string): string {
  return path === '' ? describeResource(resource) : `${describeResource(resource)} ${path}`;
}

/** A finding about `path` of `resource`. */
export function finding<F extends Facts>(resource: Resource, path: string, span: Span, code: Code, facts: F): Finding {
  return { code, fileId: resource.fileId, span, subject: flatCopy(subjectOf(resource, path)), ...facts };
}

/** Attaches a did-you-mean replacement for the name at `span`, when there is one. */
export function withSuggestion(f: Finding, span: Span, name: string | undefined): Finding {
  if (name !== undefined) f.suggestion = { span, name };
  return f;
}

/** The key of an object a finding's reference names (for grant fixes and hovers). */
export function referenceTarget(ref: ObjectKey): ObjectKey {
  return { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name };
}

/**
 * The longest name a hint is computed for: a DNS subdomain, the longest object name Kubernetes
 * accepts. A longer name cannot name an object, and comparing such names (a pasted blob, a
 * generated value) would cost the product of their lengths.
 */
const MAX_HINTED_NAME = 253;

/** The closest name by edit distance, for "did you mean" hints; undefined when nothing is close. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length > MAX_HINTED_NAME) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(2, Math.floor(name.length / 3));
  for (const c of candidates) {
    if (c === name || c.length > MAX_HINTED_NAME) continue;
    const d = editDistance(name, c, limit);
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
