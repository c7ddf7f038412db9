// Analysis options, normalised once. Front ends build them from flags or settings; the core never
// reads configuration itself. `Features` are the optional Gateway API conformance features the
// analysis assumes the target implementation supports: they change statuses (a TLS Terminate
// listener is UnsupportedValue without TLSRouteModeTerminate). A Gateway whose implementation has
// a profile loses those its route-kind table rules out; features set here win over both, and
// whatever neither says is claimed.

import type { Code, Severity } from './codes.js';
import type { GroupKind } from './model/resource.js';
import type { Channel } from './admission/bundled.js';

export interface Features {
  GRPCRoute: boolean;
  TLSRoute: boolean;
  TCPRoute: boolean;
  UDPRoute: boolean;
  /** TLS listeners in Terminate mode. */
  TLSRouteModeTerminate: boolean;
  /** Terminate and Passthrough TLS listeners on one port. */
  TLSRouteModeMixed: boolean;
}

export const ALL_FEATURES: Features = {
  GRPCRoute: true,
  TLSRoute: true,
  TCPRoute: true,
  UDPRoute: true,
  TLSRouteModeTerminate: true,
  TLSRouteModeMixed: true,
};

export interface AnalysisOptions {
  /**
   * Namespace of objects without `metadata.namespace`. Unset, each build (a kustomize build, else
   * a folder) is placed as `kubectl apply` would: in `default` when it names namespaces elsewhere,
   * else in the namespace it is applied into (see model/placement.ts).
   */
  defaultNamespace?: string;
  /** Implementation-specific backend kinds that are valid in backendRefs, besides Service and ServiceImport. */
  backendKinds: GroupKind[];
  /** Features of Gateways without a profile: the ones set, the rest claimed. */
  features: Features;
  /** The features set explicitly (flag, setting): they win over a profile's conformance report. */
  featuresSet: Partial<Features>;
  /**
   * The id of the implementation profile every Gateway is judged by, overriding the one its
   * GatewayClass names (see profiles/); unset, each Gateway's class decides.
   */
  implementation?: string;
  /** Per-code severity overrides; 'off' drops the code. */
  severities: Partial<Record<Code, Severity | 'off'>>;
  /**
   * The workspace holds every object of the cluster (a self-contained demo, a conformance suite):
   * an object it does not define does not exist, and no ReferenceGrant exists beyond its own.
   * Off by default: real repositories rarely hold Helm output, operators' objects or Secrets.
   */
  complete: boolean;
  /**
   * The Gateway API release channel whose CRDs admit objects, unless the workspace's CRDs say
   * otherwise. Unset, it is inferred: experimental when the workspace holds an object only that
   * channel serves, else standard (see admission/workspace.ts).
   */
  channel?: Channel;
}

export type AnalysisOptionsInput = Partial<Omit<AnalysisOptions, 'features' | 'featuresSet'>> & {
  features?: Partial<Features>;
};

export const FEATURE_NAMES = Object.keys(ALL_FEATURES) as (keyof Features)[];

/** A feature name as users write it in a flag or setting, or undefined. */
export function isFeatureName(text: string): text is keyof Features {
  return (FEATURE_NAMES as string[]).includes(text);
}

export function normalizeOptions(input: AnalysisOptionsInput = {}): AnalysisOptions {
  const featuresSet: Partial<Features> = {};
  for (const name of FEATURE_NAMES) {
    const value = input.features?.[name];
    if (typeof value === 'boolean') featuresSet[name] = value;
  }
  return {
    ...(input.defaultNamespace ? { defaultNamespace: input.defaultNamespace } : {}),
    ...(input.implementation ? { implementation: input.implementation } : {}),
    ...(input.channel === 'standard' || input.channel === 'experimental' ? { channel: input.channel } : {}),
    backendKinds: [...(input.backendKinds ?? [])],
    features: { ...ALL_FEATURES, ...featuresSet },
    featuresSet,
    severities: { ...input.severities },
    complete: input.complete === true,
  };
}

/** A severity level as users write it in a flag or setting (`info` for information, `off`), or undefined. */
export function parseSeverityLevel(text: string): Severity | 'off' | undefined {
  const level = text === 'info' ? 'information' : text;
  return level === 'error' || level === 'warning' || level === 'information' || level === 'hint' || level === 'off'
    ? level
    : undefined;
}

/** Parses `Kind.group` or `group/Kind` (as a user writes it in a setting or flag) into a GroupKind. */
export function parseGroupKind(text: string): GroupKind | undefined {
  const t = text.trim();
  const slash = t.indexOf('/');
  if (slash > 0) return { group: t.slice(0, slash), kind: t.slice(slash + 1) };
  const dot = t.indexOf('.');
  if (dot > 0) return { group: t.slice(dot + 1), kind: t.slice(0, dot) };
  return t === '' ? undefined : { group: '', kind: t };
}
