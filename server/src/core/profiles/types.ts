// The shape of an implementation profile: what one Gateway API implementation accepts beyond the
// spec's core (backend kinds, parametersRef kinds, route kinds per listener protocol, extra
// protocols, conformance features), as data. Every fact carries the URL it was read from — a docs
// page or a source file at a pinned commit — so a reader can check it and a test can require it;
// what could not be verified is `unknown`, which resolution must treat as "answer as the spec does".

/** Where a fact was read: a docs page, or a file on GitHub at a commit (`/blob/<40 hex>/…`). */
export interface Sourced {
  readonly source: string;
  /** Why the fact holds, or the condition it depends on, in a sentence. */
  readonly note?: string;
}

/** A fact the data states (with its source), or `unknown` with what is missing. */
export type Fact<T> =
  ({ readonly known: true; readonly value: T } & Sourced) | { readonly known: false; readonly note: string };

export interface GroupKindRef {
  /** '' for the core group. */
  readonly group: string;
  readonly kind: string;
}

/** A controllerName the implementation writes into GatewayClass `spec.controllerName`. */
export interface ControllerName extends Sourced {
  readonly name: string;
  /** What the controller handles when an implementation has several (ingress, waypoint, …). */
  readonly role?: string;
}

/**
 * A GatewayClass name the implementation installs or documents, for Gateways whose class is not in
 * the workspace. `pattern` names end in `*` and match any name with that prefix.
 */
export interface ClassName extends Sourced {
  readonly name: string;
  /** The controllerName this class points at, when known. */
  readonly controllerName?: string;
  /** 'installed' when the implementation creates the class; 'documented' when its docs tell users to. */
  readonly origin: 'installed' | 'documented';
}

/** A backendRef kind the implementation resolves. */
export interface BackendKind extends GroupKindRef, Sourced {
  /** Route kinds on which the implementation accepts it; absent = every route kind it supports. */
  readonly routeKinds?: readonly string[];
  /** An implementation setting it depends on (for example a feature flag that is off by default). */
  readonly requires?: string;
  /**
   * The kind the implementation fetches for such a reference, when it is not the one named: AWS's
   * controller reads its own ServiceImport whatever group the reference gives.
   */
  readonly fetches?: GroupKindRef;
}

/**
 * Route kinds (group gateway.networking.k8s.io) a listener carries, keyed by protocol; TLS is
 * split by mode: `TLS/Passthrough`, `TLS/Terminate` (the CRD default mode). A protocol missing from
 * a known table is one the implementation does not serve (UnsupportedProtocol).
 */
export type RouteKindsByProtocol = Readonly<Record<string, readonly string[]>>;

/** A listener protocol outside the spec's HTTP/HTTPS/TLS/TCP/UDP that the implementation accepts. */
export interface ExtraProtocol extends Sourced {
  readonly protocol: string;
  /** Route kinds it carries ([] for listeners no route attaches to, such as mesh tunnels). */
  readonly routeKinds: readonly string[];
  /** Class names (or a role) the protocol is valid for, when it is not valid on every class. */
  readonly classes?: readonly string[];
}

/** One upstream conformance report, as submitted to kubernetes-sigs/gateway-api `conformance/reports/`. */
export interface ConformanceRecord {
  /** Path under `conformance/reports/` at REPORTS_COMMIT (see sources.ts). */
  readonly report: string;
  readonly implementationVersion: string;
  readonly gatewayAPIVersion: string;
  readonly channel: 'standard' | 'experimental';
  readonly mode: string;
  /** Conformance profiles run (GATEWAY-HTTP, GATEWAY-TLS, MESH-HTTP, …) and their results. */
  readonly profiles: readonly { readonly name: string; readonly core: string; readonly extended?: string }[];
  /** Extended features claimed by any profile of the report. */
  readonly supportedFeatures: readonly string[];
  /** Features listed as unsupported and claimed by no profile. */
  readonly unsupportedFeatures: readonly string[];
  /** Provisional (not yet profiled) tests the implementation passed, such as the TCPRoute and UDPRoute tests. */
  readonly provisionalTestsPassed: readonly string[];
}

export interface ImplementationProfile {
  /** Stable identifier, for settings and flags: 'envoy-gateway', 'istio', … */
  readonly id: string;
  readonly name: string;
  /** The implementation versions the facts below were read from (code and docs), in words. */
  readonly versions: string;
  readonly controllerNames: readonly ControllerName[];
  readonly classNames: readonly ClassName[];
  readonly conformance: readonly ConformanceRecord[];
  readonly backendKinds: {
    /** Kinds it resolves besides those of other rows; Service is listed explicitly. */
    readonly accepted: readonly BackendKind[];
    /** Known when the implementation rejects every kind not accepted (ResolvedRefs False, InvalidKind). */
    readonly othersRejected: Fact<true>;
    /**
     * Configuration that makes it accept further kinds (an extension's): a kind the workspace
     * defines objects of may be one, so it is unknown rather than rejected.
     */
    readonly configurable?: Sourced & { readonly requires: string };
  };
  /** API groups the implementation reads as the core group besides '' (Traefik and NGINX accept "core"). */
  readonly coreGroupAliases: Fact<readonly string[]>;
  readonly parametersRef: {
    /** Kinds GatewayClass `spec.parametersRef` may name. */
    readonly gatewayClass: Fact<readonly GroupKindRef[]>;
    /** Kinds Gateway `spec.infrastructure.parametersRef` may name. */
    readonly gateway: Fact<readonly GroupKindRef[]>;
  };
  readonly routeKinds: Fact<RouteKindsByProtocol>;
  readonly extraProtocols: Fact<readonly ExtraProtocol[]>;
  /** HTTPRoute delegation: a backendRef (and a child's parentRef) of kind HTTPRoute. */
  readonly routeDelegation: Fact<boolean>;
  /** Kinds a mesh route's parentRef may name (GAMMA), when the implementation is a mesh. */
  readonly meshParentKinds: Fact<readonly GroupKindRef[]>;
  /** Secret `type`s accepted as listener certificates besides kubernetes.io/tls. */
  readonly certificateSecretTypes: Fact<readonly string[]>;
  /**
   * Present when the implementation never reads a listener's `tls.certificateRefs` (the
   * certificate comes from elsewhere): its note says from where.
   */
  readonly certificateRefsIgnored?: Sourced & { readonly note: string };
}
