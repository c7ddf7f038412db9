// Which implementation judges a Gateway, and what that changes. A Gateway's profile comes from its
// GatewayClass in the workspace (`spec.controllerName`), else from its `gatewayClassName` when that
// is a class an implementation installs or documents; the `implementation` option overrides both.
// From the profile follow the listener rules (route kinds per protocol and TLS mode, extra
// protocols, the features its route-kind table rules out) and the backendRef kinds it accepts.
// Without a profile the analysis answers as the spec does. The class is looked up on every call (an
// indexed read, recorded as a dependency); the rules built from a profile are memoised per class.

import type { Reads } from '../index/workspaceIndex.js';
import type { GatewayClassResource, GatewayResource, GroupKind, ListenerOwner } from '../model/resource.js';
import { GATEWAY_GROUP } from '../model/resource.js';
import type { AnalysisOptions, Features } from '../options.js';
import { ALL_FEATURES, FEATURE_NAMES } from '../options.js';
import type { BackendKind, ExtraProtocol, ImplementationProfile } from '../profiles/index.js';
import { profileById, profileForClassName, profileForControllerName } from '../profiles/index.js';

/** How a Gateway's profile was chosen. */
export type ProfileChoice =
  | { by: 'controllerName'; gatewayClass: GatewayClassResource; controllerName: string }
  | { by: 'className'; className: string }
  | { by: 'option' };

/** The implementation that judges a Gateway, when a profile is known. */
export interface Implementation {
  profile: ImplementationProfile;
  choice: ProfileChoice;
}

/** What decides a Gateway's listeners: its implementation (if known) and the features it claims. */
export interface GatewayRules {
  implementation?: Implementation;
  features: Features;
  /** Features whose value the profile decided (the user set none of them). */
  fromProfile: ReadonlySet<keyof Features>;
  /** The class name and controllerName, for extra protocols valid on some classes only. */
  className?: string;
  controllerName?: string;
}

const MEMO_LIMIT = 1024;

/** Looks up each Gateway's rules; rules are shared by the Gateways of one class and profile. */
export class ImplementationRules {
  private readonly memo = new Map<string, GatewayRules>();

  constructor(private readonly options: AnalysisOptions) {}

  /** The rules of a Gateway, or of a ListenerSet's parent Gateway (its own when the parent is absent). */
  of(owner: ListenerOwner, reads: Reads): GatewayRules {
    const gateway = owner.shape === 'Gateway' ? owner : parentGateway(owner, reads);
    if (!gateway) return this.rules(this.forced(), undefined, undefined);
    const className = gateway.gatewayClassName?.value;
    const gatewayClass = className ? classOf(className, reads, gateway) : undefined;
    const controllerName = gatewayClass?.controllerName;
    return this.rules(this.forced() ?? chooseProfile(className, gatewayClass), className, controllerName);
  }

  private forced(): Implementation | undefined {
    return forcedImplementation(this.options);
  }

  private rules(impl: Implementation | undefined, className?: string, controllerName?: string): GatewayRules {
    const choice = impl?.choice;
    const via = choice?.by === 'controllerName' ? choice.gatewayClass.id : '';
    const key = `${impl?.profile.id ?? ''}|${choice?.by ?? ''}|${via}|${className ?? ''}|${controllerName ?? ''}`;
    let rules = this.memo.get(key);
    if (!rules) {
      // Keys are class names a workspace uses: few, unless edits keep inventing new ones.
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      rules = featuresOf(impl?.profile, this.options);
      if (impl) rules.implementation = impl;
      if (className !== undefined) rules.className = className;
      if (controllerName !== undefined) rules.controllerName = controllerName;
      this.memo.set(key, rules);
    }
    return rules;
  }
}

/** The implementation the options name for every Gateway, if any. */
export function forcedImplementation(options: AnalysisOptions): Implementation | undefined {
  const id = options.implementation;
  const profile = id === undefined ? undefined : profileById(id);
  return profile ? { profile, choice: { by: 'option' } } : undefined;
}

function parentGateway(owner: ListenerOwner, reads: Reads): GatewayResource | undefined {
  if (owner.shape !== 'ListenerSet' || !owner.parentRef) return undefined;
  const ref = owner.parentRef;
  const found = reads.nearest({ group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name }, owner);
  return found?.shape === 'Gateway' ? found : undefined;
}

function classOf(name: string, reads: Reads, gateway: GatewayResource): GatewayClassResource | undefined {
  const found = reads.nearest({ group: GATEWAY_GROUP, kind: 'GatewayClass', namespace: '', name }, gateway);
  return found?.shape === 'GatewayClass' ? found : undefined;
}

/**
 * The class in the workspace decides by its controllerName (an unknown controller has no profile,
 * whatever the class is called); a class the workspace lacks is known by the names implementations
 * install.
 */
function chooseProfile(
  className: string | undefined,
  gatewayClass: GatewayClassResource | undefined,
): Implementation | undefined {
  if (gatewayClass) {
    const controllerName = gatewayClass.controllerName;
    const profile = controllerName === undefined ? undefined : profileForControllerName(controllerName);
    return profile && controllerName !== undefined
      ? { profile, choice: { by: 'controllerName', gatewayClass, controllerName } }
      : undefined;
  }
  const profile = className === undefined ? undefined : profileForClassName(className);
  return profile && className !== undefined ? { profile, choice: { by: 'className', className } } : undefined;
}

/**
 * A profile's features: what its route-kind table (read from code) shows; features set by the user
 * win; whatever neither says is claimed, as without a profile. A conformance report that leaves a
 * feature unclaimed is not evidence that the implementation rejects it (it may not have been run),
 * so it never turns a feature off: that would report errors the implementation may not make.
 */
function featuresOf(profile: ImplementationProfile | undefined, options: AnalysisOptions): GatewayRules {
  const features: Features = { ...ALL_FEATURES };
  if (profile?.routeKinds.known) {
    const table = profile.routeKinds.value;
    const carried = (kind: string) => Object.values(table).some((kinds) => kinds.includes(kind));
    for (const kind of ['GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'] as const) features[kind] = carried(kind);
    features.TLSRouteModeTerminate = table['TLS/Terminate'] !== undefined && features.TLSRouteModeTerminate;
  }
  const fromProfile = new Set<keyof Features>();
  if (profile) for (const name of FEATURE_NAMES) if (features[name] !== ALL_FEATURES[name]) fromProfile.add(name);
  for (const name of Object.keys(options.featuresSet) as (keyof Features)[]) fromProfile.delete(name);
  return { features: { ...features, ...options.featuresSet }, fromProfile };
}

/** Route kinds (gateway.networking.k8s.io) a profile's listener of this protocol and TLS mode carries. */
export function profileRouteKinds(
  profile: ImplementationProfile,
  protocol: string,
  tlsMode: string | undefined,
): readonly string[] | undefined {
  if (!profile.routeKinds.known) return undefined;
  const key = protocol === 'TLS' ? `TLS/${tlsMode ?? 'Terminate'}` : protocol;
  return profile.routeKinds.value[key];
}

/** The extra protocol of a profile that a listener uses, when the Gateway's class may use it. */
export function extraProtocol(rules: GatewayRules, protocol: string): ExtraProtocol | undefined {
  const profile = rules.implementation?.profile;
  if (!profile?.extraProtocols.known) return undefined;
  const extra = profile.extraProtocols.value.find((p) => p.protocol === protocol);
  if (!extra?.classes) return extra;
  const classes = profile.classNames.filter((c) => extra.classes!.includes(c.name));
  const fits = classes.some(
    (c) =>
      c.name === rules.className || (rules.controllerName !== undefined && c.controllerName === rules.controllerName),
  );
  return fits || rules.implementation?.choice.by === 'option' ? extra : undefined;
}

const sameKind = (a: GroupKind, b: GroupKind) => a.group === b.group && a.kind === b.kind;

/** What a profile says of a backendRef kind on a route kind. */
export type BackendKindVerdict =
  | { is: 'accepted'; entry: BackendKind; profile: ImplementationProfile }
  | { is: 'rejected'; profile: ImplementationProfile }
  | { is: 'unknown' };

export function backendKindVerdict(
  profile: ImplementationProfile,
  kind: GroupKind,
  routeKind: string,
): BackendKindVerdict {
  // A group the implementation reads as the core group names the core Service (`group: core`).
  const core =
    kind.kind === 'Service' && profile.coreGroupAliases.known && profile.coreGroupAliases.value.includes(kind.group);
  const entry = profile.backendKinds.accepted.find((k) => sameKind(k, core ? { group: '', kind: 'Service' } : kind));
  if (entry && (!entry.routeKinds || entry.routeKinds.includes(routeKind))) return { is: 'accepted', entry, profile };
  return profile.backendKinds.othersRejected.known || entry ? { is: 'rejected', profile } : { is: 'unknown' };
}

/** Whether a kind may be named by a parametersRef of a GatewayClass or Gateway under this profile. */
export function parametersKindVerdict(
  profile: ImplementationProfile,
  on: 'gatewayClass' | 'gateway',
  kind: GroupKind,
): boolean | undefined {
  const fact = profile.parametersRef[on];
  return fact.known ? fact.value.some((k) => sameKind(k, kind)) : undefined;
}
