// The workspace model: what one Kubernetes object contributes to the analysis, with spec
// defaults applied and the source span of every field a diagnostic, hover or fix may target.
// Names follow the Gateway API types (`ParentRef`, `BackendRef`, `AllowedRoutes`, …).

import type { Span } from '../syntax/tree.js';

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const CORE_GROUP = '';

export interface GroupKind {
  group: string;
  kind: string;
}

/** Identity of an object. `namespace` is '' for cluster-scoped kinds. */
export interface ObjectKey extends GroupKind {
  namespace: string;
  name: string;
}

export interface Located<T> {
  value: T;
  span: Span;
}

/** A finding made while reading one object (a wrong type, a CEL rule the API server enforces). */
export interface Problem {
  code: string;
  message: string;
  span: Span;
  /** Field path inside the object, e.g. `spec.listeners[0].tls`. */
  path: string;
  /** A replacement for the text at `span` that repairs it (a misspelt key, a served apiVersion). */
  suggestion?: { span: Span; name: string };
}

/** A reference from one object to another, with the spec's defaults already applied. */
export interface ObjectRef extends ObjectKey {
  /** True when the manifest wrote `namespace`; otherwise it is the referrer's namespace. */
  namespaceExplicit: boolean;
  /** The reference item as a whole. */
  span: Span;
  nameSpan: Span;
  path: string;
}

export interface ParentRef extends ObjectRef {
  sectionName?: Located<string>;
  port?: Located<number>;
}

export interface BackendRef extends ObjectRef {
  port?: Located<number>;
  /** `backendRef` for `rules[].backendRefs[]`; `mirror`, `externalAuth`: a RequestMirror or ExternalAuth filter's backendRef. */
  via: 'backendRef' | 'mirror' | 'externalAuth';
}

export interface Label {
  key: string;
  value: string;
  span: Span;
}

export interface LabelRequirement {
  key: string;
  operator: string;
  values: string[];
  span: Span;
}

export interface LabelSelector {
  matchLabels: Label[];
  matchExpressions: LabelRequirement[];
  span: Span;
}

export interface RouteGroupKind extends GroupKind {
  span: Span;
}

export interface AllowedRoutes {
  /** `Same` unless written otherwise (the CRD default). */
  from: string;
  fromSpan?: Span;
  selector?: LabelSelector;
  /** Written `kinds`; empty means "derive from the protocol". */
  kinds: RouteGroupKind[];
  span?: Span;
}

export interface ListenerTLS {
  /** `Terminate` unless written otherwise (the CRD default). */
  mode: string;
  modeSpan?: Span;
  certificateRefs: ObjectRef[];
  hasOptions: boolean;
  span: Span;
}

export interface Listener {
  name: string;
  nameSpan: Span;
  port?: number;
  protocol: string;
  protocolSpan: Span;
  hostname?: Located<string>;
  tls?: ListenerTLS;
  allowedRoutes: AllowedRoutes;
  span: Span;
  path: string;
}

export interface ParametersRef extends GroupKind {
  name: string;
  namespace: string;
  span: Span;
  path: string;
}

/** `spec.tls.frontend` client-certificate validation: `port` undefined is the default entry. */
export interface FrontendValidation {
  port?: number;
  caCertificateRefs: ObjectRef[];
  /** `AllowValidOnly` (default) or `AllowInsecureFallback`. */
  mode?: string;
  span: Span;
}

export interface GrantFrom extends GroupKind {
  namespace: string;
  span: Span;
  path: string;
}

export interface GrantTo extends GroupKind {
  name?: string;
  span: Span;
  path: string;
}

export type RouteKind = 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute' | 'TCPRoute' | 'UDPRoute';

interface ResourceBase {
  /** Unique per definition: the file id and the object's position in the file. */
  id: string;
  fileId: string;
  key: ObjectKey;
  apiVersion: string;
  namespaceExplicit: boolean;
  /** The object's root mapping. */
  span: Span;
  /** Where findings about the object as a whole go: `metadata.name`, else `kind`. */
  headSpan: Span;
  problems: Problem[];
  /** The build that renders this definition (a kustomize environment), when one does. */
  build?: string;
  /**
   * Its file sits in a subfolder without a kustomization below a kustomization's folder, and no
   * kustomization, Flux Kustomization or Argo CD Application deploys it: it still defines what it
   * defines, but makes no namespace look managed outside its folder (see index/buildScopes.ts).
   */
  unreached?: true;
  /** What the build's namePrefix/nameSuffix add to names (kustomize renames objects, not Gateway API references). */
  nameAffixes?: { prefix: string; suffix: string };
  /**
   * A generator's object whose name kustomize ends with `-<content hash>`: its key holds the name
   * without the hash, which no Gateway API reference can name (kustomize does not rewrite them).
   */
  nameHashed?: boolean;
  /** A kind that needs `spec` written without one: a patch stub, not a definition to resolve to. */
  stub?: boolean;
  /** The namespace this object renders content that git does not hold into (a Helm release, an Argo CD Application). */
  rendersInto?: string;
  /**
   * What creates the object when it is not written out (a cert-manager Certificate's Secret, an
   * Envoy AI Gateway AIGatewayRoute's HTTPRoute): the producer's words, and its id.
   */
  producedBy?: string;
  producerId?: string;
}

export interface NamespaceResource extends ResourceBase {
  shape: 'Namespace';
  /** Labels as written; `kubernetes.io/metadata.name` is implied, not listed here. */
  labels: Label[];
  labelsSpan?: Span;
}

export interface ServicePort {
  port: number;
  name?: string;
  /** `targetPort` when it is a number (the Pods' port, which a backendRef does not name). */
  targetPort?: number;
}

export interface ServiceResource extends ResourceBase {
  shape: 'Service';
  ports: ServicePort[];
  type?: string;
}

/** Whether an object can serve as a TLS certificate (`tls.crt`/`tls.key`) or CA bundle (`ca.crt`). */
export type CertificateContent = 'valid' | 'missing' | 'malformed' | 'external';

export interface SecretResource extends ResourceBase {
  shape: 'Secret';
  tls: CertificateContent;
}

export interface ConfigMapResource extends ResourceBase {
  shape: 'ConfigMap';
  caCertificate: CertificateContent;
}

export interface GatewayClassResource extends ResourceBase {
  shape: 'GatewayClass';
  controllerName?: string;
  parametersRef?: ParametersRef;
}

/** `spec.allowedListeners`: which namespaces' ListenerSets may attach (default: none). */
export interface AllowedListeners {
  from: string;
  fromSpan?: Span;
  selector?: LabelSelector;
}

export interface GatewayResource extends ResourceBase {
  shape: 'Gateway';
  /** The Certificates cert-manager makes for the Gateway when an issuer annotation asks for them. */
  issues?: IssuedCertificate[];
  gatewayClassName?: Located<string>;
  listeners: Listener[];
  allowedListeners: AllowedListeners;
  parametersRef?: ParametersRef;
  frontendValidation: FrontendValidation[];
  backendClientCertificateRef?: ObjectRef;
}

export interface ListenerSetResource extends ResourceBase {
  shape: 'ListenerSet';
  parentRef?: ObjectRef;
  listeners: Listener[];
}

export interface RouteResource extends ResourceBase {
  shape: 'Route';
  routeKind: RouteKind;
  parentRefs: ParentRef[];
  hostnames: Located<string>[];
  hostnamesSpan?: Span;
  backendRefs: BackendRef[];
  /** Each `spec.rules[]` item, for the outline. */
  ruleSpans: Span[];
  /** The `scheme: https` of each RequestRedirect filter. */
  httpsRedirects?: Span[];
}

export interface ReferenceGrantResource extends ResourceBase {
  shape: 'ReferenceGrant';
  from: GrantFrom[];
  to: GrantTo[];
}

/** A policy's `targetRefs` item (LocalPolicyTargetReferenceWithSectionName, or a namespaced variant). */
export interface PolicyTargetRef extends ObjectRef {
  sectionName?: Located<string>;
}

/**
 * A policy attached to objects by `targetRefs` (the policy attachment pattern): BackendTLSPolicy,
 * whose status the analysis computes, or an implementation's policy kind, whose targets are only
 * checked to exist.
 */
export interface PolicyResource extends ResourceBase {
  shape: 'Policy';
  targetRefs: PolicyTargetRef[];
  /** `spec.validation.caCertificateRefs` of a BackendTLSPolicy (local references). */
  caCertificateRefs: ObjectRef[];
  /** `metadata.creationTimestamp` when a manifest carries one: the older policy wins a conflict. */
  created?: string;
}

/**
 * A certificate cert-manager requests from an Issuer or ClusterIssuer (`cert-manager.io` group): a
 * Certificate's own, or one a Gateway's issuer annotation makes. Its domains are what the ACME
 * order asks for (`commonName` and `dnsNames`).
 */
export interface IssuedCertificate {
  issuerKind: 'Issuer' | 'ClusterIssuer';
  issuerName: string;
  domains: string[];
  /** `acme.cert-manager.io/http01-…` annotations replace the solver's parentRefs or Ingress for it. */
  solverOverridden?: boolean;
}

/**
 * One `spec.acme.solvers[]` item of an Issuer or ClusterIssuer, as far as choosing it for a domain
 * and the HTTPRoute it makes go.
 */
export interface AcmeSolver {
  /** `gatewayHTTPRoute`: HTTP-01 through a Gateway API HTTPRoute; `http01`: through an Ingress; `dns01`. */
  type: 'gatewayHTTPRoute' | 'http01' | 'dns01';
  /** `selector`, when written: a solver without one matches every domain, at the lowest priority. */
  selector?: { dnsNames: string[]; dnsZones: string[]; matchLabels: number };
  /**
   * `http01.gatewayHTTPRoute.parentRefs`; one without `namespace` takes the namespace of the route
   * cert-manager creates: the Issuer's, or for a ClusterIssuer the Certificate's ('' here).
   */
  parentRefs: ParentRef[];
  path: string;
}

/** Any other object: only its identity matters (a parametersRef target, a custom backend, noise). */
export interface OtherResource extends ResourceBase {
  shape: 'Other';
  /** A cert-manager Certificate's request. */
  issues?: IssuedCertificate[];
  /** An ACME Issuer's or ClusterIssuer's solvers. */
  acmeSolvers?: AcmeSolver[];
}

export type Resource =
  | NamespaceResource
  | ServiceResource
  | SecretResource
  | ConfigMapResource
  | GatewayClassResource
  | GatewayResource
  | ListenerSetResource
  | RouteResource
  | ReferenceGrantResource
  | PolicyResource
  | OtherResource;

export type ListenerOwner = GatewayResource | ListenerSetResource;

/** The Gateway API's own policy kind, whose status the analysis computes. */
export function isBackendTLSPolicy(r: Resource): r is PolicyResource {
  return r.shape === 'Policy' && r.key.group === GATEWAY_GROUP && r.key.kind === 'BackendTLSPolicy';
}

export function keyString(key: ObjectKey): string {
  return `${key.group}/${key.kind}/${key.namespace}/${key.name}`;
}

/** `Service`, `HTTPRoute`, or `Kind.group` for groups other than core and the Gateway API's. */
export function groupKindString(gk: GroupKind): string {
  return gk.group === '' || gk.group === GATEWAY_GROUP ? gk.kind : `${gk.kind}.${gk.group}`;
}

/** `namespace/name`, or `name` for cluster-scoped objects and those placed at apply time. */
export function qualifiedName(key: { namespace: string; name: string }): string {
  return key.namespace === '' || key.namespace.startsWith('@') ? key.name : `${key.namespace}/${key.name}`;
}

/** A namespace in a sentence; the apply-time namespace of a build (see placement.ts) in words. */
export function namespaceText(namespace: string): string {
  return namespace.startsWith('@') ? '(the one it is applied to)' : namespace;
}

export function describeResource(r: { key: ObjectKey }): string {
  return `${r.key.kind} ${qualifiedName(r.key)}`;
}
