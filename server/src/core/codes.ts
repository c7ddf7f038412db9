// The diagnostic code catalog: every code the analysis can report, its default severity and a
// one-line summary. Codes that are Gateway API condition reasons keep the spec's exact spelling.
// `docs/diagnostics.md` has a section per code; a test keeps the two in step.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface CodeInfo {
  severity: Severity;
  summary: string;
}

export const CODES = {
  NotAllowedByListeners: {
    severity: 'error',
    summary: 'No listener of the parent admits the route (namespace policy or route kind).',
  },
  NoMatchingListenerHostname: {
    severity: 'error',
    summary: "Listeners admit the route, but none of their hostnames intersects the route's hostnames.",
  },
  NoMatchingParent: {
    severity: 'error',
    summary: 'The parentRef sectionName or port selects no listener of the parent.',
  },
  RefNotPermitted: {
    severity: 'error',
    summary: 'A cross-namespace reference that no ReferenceGrant in the target namespace permits.',
  },
  BackendNotFound: { severity: 'error', summary: 'A backendRef to an object that does not exist in the workspace.' },
  InvalidKind: {
    severity: 'error',
    summary:
      'A backendRef to a group/kind the implementation cannot route to, or a BackendTLSPolicy CA reference that is not a ConfigMap.',
  },
  ImplementationSpecificKind: {
    severity: 'information',
    summary: 'A backendRef to a kind the workspace defines but no known implementation profile judges.',
  },
  InvalidCertificateRef: {
    severity: 'error',
    summary: 'A listener certificateRef to a missing, wrong-kind or malformed TLS Secret.',
  },
  InvalidCACertificateRef: {
    severity: 'error',
    summary: 'A client-certificate or BackendTLSPolicy validation CA reference to a missing or malformed ConfigMap.',
  },
  InvalidCACertificateKind: {
    severity: 'error',
    summary: 'A client-certificate validation CA reference to an unsupported kind.',
  },
  InvalidClientCertificateRef: {
    severity: 'error',
    summary: 'The Gateway backend client certificate reference cannot be used.',
  },
  InvalidRouteKinds: {
    severity: 'warning',
    summary: "allowedRoutes.kinds lists a kind the listener's protocol cannot carry.",
  },
  UnsupportedProtocol: { severity: 'error', summary: 'A listener protocol no implementation supports.' },
  UnsupportedValue: {
    severity: 'error',
    summary: 'A listener setting the target implementation does not support (TLS mode).',
  },
  ProtocolConflict: { severity: 'error', summary: 'Listeners on one port whose protocols cannot share it.' },
  HostnameConflict: { severity: 'error', summary: 'Listeners on one port that cannot be told apart by hostname.' },
  OverlappingTLSConfig: {
    severity: 'information',
    summary:
      'TLS listeners on one port whose hostnames overlap (`*.example.com` and `foo.example.com`): HTTP/2 connection reuse may cross them.',
  },
  GatewayClassNotFound: {
    severity: 'warning',
    summary: 'A gatewayClassName that none of the GatewayClasses the workspace defines has.',
  },
  GatewayClassNotInWorkspace: {
    severity: 'information',
    summary:
      'A gatewayClassName the workspace does not define but an implementation installs: it may exist in the cluster.',
  },
  InvalidParameters: { severity: 'warning', summary: 'A parametersRef whose target is not in the workspace.' },
  ParentNotFound: {
    severity: 'warning',
    summary: "A parentRef to a Gateway or ListenerSet that the parent's namespace does not define.",
  },
  ParentNotInWorkspace: {
    severity: 'information',
    summary: 'A parentRef to a namespace the workspace does not contain; attachment is unknown.',
  },
  NamespaceLabelsUnknown: {
    severity: 'information',
    summary: 'Selector admission depends on labels of a namespace that has no Namespace manifest.',
  },
  ApplyTimeNamespace: {
    severity: 'information',
    summary: 'A verdict that depends on the namespace objects are applied into, which no manifest sets.',
  },
  AmbiguousReference: {
    severity: 'information',
    summary: 'A reference to an object defined more than once, equally near: which one applies is unknown.',
  },
  ReferenceNotInWorkspace: {
    severity: 'information',
    summary: 'A reference into a namespace the workspace does not contain; it cannot be checked.',
  },
  ServicePortNotFound: { severity: 'warning', summary: 'A backendRef port that the Service does not expose.' },
  HTTPSRedirectLoop: {
    severity: 'warning',
    summary: 'An HTTP→HTTPS redirect route attached to the HTTPS listener too (no sectionName): it loops there.',
  },
  RouteKindClash: {
    severity: 'warning',
    summary:
      'An HTTPRoute and a GRPCRoute that share a hostname on one listener: the controller accepts only the older one.',
  },
  PolicyTargetNotFound: {
    severity: 'warning',
    summary:
      'A policy targetRef (or its sectionName) naming nothing the workspace defines: the policy attaches to nothing.',
  },
  Conflicted: {
    severity: 'warning',
    summary: 'A BackendTLSPolicy that an older policy on the same Service and sectionName overrides (Accepted: False).',
  },
  NotAllowedByGateway: {
    severity: 'error',
    summary: "A ListenerSet that its parent Gateway's allowedListeners does not admit.",
  },
  MissingSelector: {
    severity: 'warning',
    summary: 'allowedRoutes `from: Selector` without a selector admits no namespace.',
  },
  InvalidSelector: { severity: 'error', summary: 'A label selector requirement that is not valid.' },
  AllNamespacesAllowed: {
    severity: 'information',
    summary: 'A listener admits routes from every namespace (`from: All`).',
  },
  UnusedReferenceGrant: { severity: 'hint', summary: 'A ReferenceGrant that permits no reference in the workspace.' },
  DuplicateResource: { severity: 'warning', summary: 'The same kind, namespace and name defined twice in one folder.' },
  InvalidField: {
    severity: 'error',
    summary:
      "A field the CRD's OpenAPI schema rejects (missing, wrong type, enum, pattern, format, bounds, duplicate list key).",
  },
  RuleViolation: {
    severity: 'error',
    summary: "A CRD validation rule (x-kubernetes-validations, CEL) rejects the object; the message is the CRD's.",
  },
  UnknownField: {
    severity: 'error',
    summary: 'A field the CRD does not define: `kubectl apply` (strict field validation) rejects it.',
  },
  ExperimentalOnly: {
    severity: 'warning',
    summary: "A field or kind that only the experimental channel's CRDs define, in a standard-channel workspace.",
  },
  UnknownApiVersion: {
    severity: 'warning',
    summary: "A Gateway API kind or apiVersion the channel's CRDs do not serve.",
  },
  KustomizeError: {
    severity: 'error',
    summary: 'Something `kustomize build` rejects: a path that names nothing, a cycle, a patch that does not apply.',
  },
  KustomizeLoadRestricted: {
    severity: 'warning',
    summary: "A file outside the kustomization's folder: kubectl apply -k rejects it, Flux reads it.",
  },
  KustomizeNotModelled: {
    severity: 'information',
    summary: 'A kustomize feature whose effect is not followed; what depends on it is checked as written.',
  },
  KustomizeRemote: {
    severity: 'information',
    summary: 'A remote kustomize base: its objects are not in the workspace.',
  },
  YAMLSyntax: { severity: 'error', summary: 'Invalid YAML; the document is not analysed.' },
  LenientYAML: {
    severity: 'warning',
    summary: 'YAML that Kubernetes reads but YAML 1.2 rejects (a duplicate key, under-indented lines).',
  },
  Yaml11Scalar: {
    severity: 'warning',
    summary:
      'An unquoted value Kubernetes reads as a boolean or number (YAML 1.1: `yes`, `on`) where a string is required.',
  },
  NotAnalysed: {
    severity: 'information',
    summary:
      'An object or reference outside the analysis: the pre-v1 Gateway API, a mesh parentRef, certificateRefs an implementation never reads.',
  },
  HelmTemplate: { severity: 'information', summary: 'A Helm template, skipped: it is not YAML until rendered.' },
  NotInKustomization: {
    severity: 'information',
    summary:
      'A manifest (or a folder) beside a kustomization that does not list it, skipped: building the folder leaves it out.',
  },
  TestAssertion: {
    severity: 'information',
    summary: 'A KUTTL or Chainsaw assertion file, skipped: the cluster is compared against it, it is not applied.',
  },
  FileSkipped: { severity: 'information', summary: 'A file skipped because it is binary or too large.' },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function isCode(value: string): value is Code {
  return Object.prototype.hasOwnProperty.call(CODES, value);
}
