// The state of each listener that follows from its owner alone: which route kinds it supports
// (`supportedKinds`), whether it is accepted (protocol, TLS mode) and which listeners of the same
// owner it conflicts with or overlaps (rules.md R4.1–R4.2, R4.8, R9.1, R9.3–R9.4). Routes can attach only to
// accepted listeners; certificate problems do not block attachment (rules.md R9.7) and live in gatewayStatus.

import type { GroupKind, Listener, ListenerOwner, RouteGroupKind } from '../model/resource.js';
import type { ListenerSetAdmission } from './listenerSets.js';
import type { Features } from '../options.js';
import { GATEWAY_GROUP } from '../model/resource.js';
import type { GatewayRules } from './implementation.js';
import { extraProtocol, profileRouteKinds } from './implementation.js';
import { effectiveHostname, HostnameIndex } from './hostnames.js';

/** Why a listener is not accepted; the words are the features layer's (features/wording.ts). */
export type ListenerRejection =
  /** `implementation`: the profile that does not serve a protocol the spec defines. */
  | { reason: 'UnsupportedProtocol'; implementation?: string; onlyOn?: readonly string[] }
  /** A TLS mode that is not valid, or Terminate where the implementation lacks `needsFeature`. */
  | { reason: 'UnsupportedValue'; tlsMode: string; needsFeature?: 'TLSRouteModeTerminate'; implementation?: string }
  /** Listeners of the same owner on one port that cannot be told apart. */
  | { reason: ListenerConflict; conflictsWith: string[] }
  /** A listener of an owner that takes precedence (rules.md §11) holds the port. */
  | { reason: ListenerConflict; precededBy: { owner: ListenerOwner; listener: string } }
  /** The ListenerSet is not admitted by its Gateway. */
  | { reason: 'NotAllowed'; admission: ListenerSetAdmission };

export type ListenerConflict = 'ProtocolConflict' | 'HostnameConflict';

export interface ListenerState {
  listener: Listener;
  /** Effective kinds; empty when the listener is not accepted. */
  supportedKinds: GroupKind[];
  /** Entries of `allowedRoutes.kinds` the protocol cannot carry (listener ResolvedRefs InvalidRouteKinds). */
  invalidKinds: RouteGroupKind[];
  /** Why the listener is not accepted, if it is not. */
  rejection?: ListenerRejection;
  /** Why acceptance is unknown, if it is (a ListenerSet whose admission depends on what the workspace lacks). */
  pending?: ListenerSetAdmission;
  /** A domain-prefixed protocol: its meaning is implementation-specific, so attachment is unknown. */
  implementationSpecific: boolean;
  /** A protocol outside the spec that the Gateway's implementation serves (Istio's HBONE). */
  extraProtocol?: string;
  /** The implementation whose profile decided the kinds the protocol carries. */
  servedBy?: string;
  /** TLS-terminating listeners on the same port whose hostnames overlap this one's (OverlappingTLSConfig). */
  tlsOverlaps?: string[];
}

/**
 * `losesTo` settles conflicts with listeners of owners that take precedence (for ListenerSets)
 * before the owner's own listeners are compared with each other.
 */
export function listenerStates(
  listeners: readonly Listener[],
  rules: GatewayRules,
  losesTo?: (l: Listener) => ListenerState['rejection'],
): ListenerState[] {
  const states = listeners.map((l) => baseState(l, rules));
  if (losesTo) {
    for (const s of states) {
      const rejection = s.rejection ? undefined : losesTo(s.listener);
      if (rejection) s.rejection = rejection;
    }
  }
  markConflicts(states, rules.features);
  for (const s of states) if (s.rejection) s.supportedKinds = [];
  markTlsOverlaps(states);
  return states;
}

function baseState(listener: Listener, rules: GatewayRules): ListenerState {
  const { protocol } = listener;
  const extra = extraProtocol(rules, protocol);
  const implementationSpecific = protocol.includes('/') && !extra;
  const valid = kindsForProtocol(protocol, listener.tls?.mode, rules);
  const state: ListenerState = { listener, supportedKinds: [], invalidKinds: [], implementationSpecific };
  if (extra) state.extraProtocol = extra.protocol;
  if (implementationSpecific) {
    state.supportedKinds = listener.allowedRoutes.kinds.map(({ group, kind }) => ({ group, kind }));
    return state;
  }
  const profile = rules.implementation?.profile;
  const implementation = profile?.name;
  if (!valid) {
    const elsewhere = profile?.extraProtocols.known
      ? profile.extraProtocols.value.find((p) => p.protocol === protocol)?.classes
      : undefined;
    if (implementation !== undefined && elsewhere)
      state.rejection = { reason: 'UnsupportedProtocol', implementation, onlyOn: elsewhere };
    else if (implementation !== undefined && SPEC_PROTOCOLS.has(protocol))
      state.rejection = { reason: 'UnsupportedProtocol', implementation };
    else state.rejection = { reason: 'UnsupportedProtocol' };
    return state;
  }
  if (profile?.routeKinds.known || extra) state.servedBy = implementation;
  if (
    protocol === 'TLS' &&
    (listener.tls?.mode ?? 'Terminate') === 'Terminate' &&
    !rules.features.TLSRouteModeTerminate
  ) {
    const needs = {
      reason: 'UnsupportedValue' as const,
      tlsMode: 'Terminate',
      needsFeature: 'TLSRouteModeTerminate' as const,
    };
    const byProfile = implementation !== undefined && rules.fromProfile.has('TLSRouteModeTerminate');
    state.rejection = byProfile ? { ...needs, implementation } : needs;
    return state;
  }
  if (protocol === 'TLS' && !['Terminate', 'Passthrough'].includes(listener.tls?.mode ?? 'Terminate')) {
    state.rejection = { reason: 'UnsupportedValue', tlsMode: listener.tls?.mode ?? '' };
    return state;
  }
  const written = listener.allowedRoutes.kinds;
  if (written.length === 0) {
    state.supportedKinds = valid;
    return state;
  }
  for (const k of written) {
    const ok = valid.some((v) => v.group === k.group && v.kind === k.kind);
    if (ok) {
      if (!state.supportedKinds.some((s) => s.group === k.group && s.kind === k.kind))
        state.supportedKinds.push({ group: k.group, kind: k.kind });
    } else state.invalidKinds.push(k);
  }
  return state;
}

/** Which TLS handling a listener uses on its port, for compatibility between listeners. */
function termination(l: Listener): 'none' | 'terminate' | 'passthrough' {
  if (l.protocol === 'HTTPS') return 'terminate';
  if (l.protocol === 'TLS') return (l.tls?.mode ?? 'Terminate') === 'Passthrough' ? 'passthrough' : 'terminate';
  return 'none';
}

/**
 * Listeners on one port must be distinguishable (GatewaySpec.Listeners, GEP-2643/2644/2645): TCP
 * cannot share a port with HTTP, HTTPS or TLS; HTTP cannot share one with HTTPS or TLS (most
 * implementations report ProtocolConflict, rules.md R9.4); Terminate and Passthrough share one only
 * with TLSRouteModeMixed; HTTPS and TLS need different hostnames. Inside one owner no listener wins.
 */
function markConflicts(states: ListenerState[], features: Features): void {
  const byPort = new Map<number, ListenerState[]>();
  for (const s of states) {
    if (s.rejection || s.implementationSpecific || s.extraProtocol || s.listener.port === undefined) continue;
    const list = byPort.get(s.listener.port) ?? [];
    list.push(s);
    byPort.set(s.listener.port, list);
  }
  const found = new Map<ListenerState, { reason: 'ProtocolConflict' | 'HostnameConflict'; partners: string[] }>();
  for (const group of byPort.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const reason = conflictBetween(group[i]!.listener, group[j]!.listener, features);
        if (!reason) continue;
        for (const [a, b] of [
          [group[i]!, group[j]!],
          [group[j]!, group[i]!],
        ] as const) {
          const entry = found.get(a) ?? { reason, partners: [] };
          entry.partners.push(b.listener.name);
          if (reason === 'ProtocolConflict') entry.reason = reason;
          found.set(a, entry);
        }
      }
    }
  }
  for (const [s, { reason, partners }] of found) s.rejection = { reason, conflictsWith: partners };
}

/**
 * Accepted listeners that terminate TLS on one port with different but intersecting hostnames
 * (`*.example.com` and `foo.example.com`, or one without a hostname): a client that coalesces
 * HTTP/2 connections may send a request for one to the other (ListenerConditionOverlappingTLSConfig,
 * GEP-3567). Equal hostnames are a conflict, not an overlap. Found through a hostname index, so
 * each listener costs the labels of its hostname plus the overlaps it has.
 */
function markTlsOverlaps(states: ListenerState[]): void {
  const byPort = new Map<number, ListenerState[]>();
  for (const s of states) {
    const l = s.listener;
    if (s.rejection || s.implementationSpecific || termination(l) !== 'terminate' || l.port === undefined) continue;
    const list = byPort.get(l.port) ?? [];
    list.push(s);
    byPort.set(l.port, list);
  }
  for (const group of byPort.values()) {
    if (group.length < 2) continue;
    const index = new HostnameIndex<ListenerState>();
    const hostname = (s: ListenerState) => effectiveHostname(s.listener.hostname?.value, undefined);
    for (const s of group) index.add(hostname(s), s);
    for (const s of group) {
      const own = hostname(s);
      const partners = new Set<string>();
      for (const o of index.intersecting(own)) if (o !== s && hostname(o) !== own) partners.add(o.listener.name);
      if (partners.size > 0) s.tlsOverlaps = [...partners];
    }
  }
}

/**
 * Why two listeners on the same port cannot coexist, if they cannot. Within one owner, listeners
 * with the same protocol and hostname are a CEL error rather than a status, so `acrossOwners`
 * says whether that case is a HostnameConflict (a ListenerSet listener against an earlier owner's).
 */
export function conflictBetween(
  a: Listener,
  b: Listener,
  features: Features,
  acrossOwners = false,
): 'ProtocolConflict' | 'HostnameConflict' | undefined {
  const pa = a.protocol;
  const pb = b.protocol;
  const sameHostname = (a.hostname?.value ?? '') === (b.hostname?.value ?? '');
  if (pa === 'UDP' || pb === 'UDP') return pa === pb && acrossOwners ? 'ProtocolConflict' : undefined;
  if (pa === 'TCP' || pb === 'TCP')
    return pa === pb ? (acrossOwners ? 'ProtocolConflict' : undefined) : 'ProtocolConflict';
  if ((pa === 'HTTP') !== (pb === 'HTTP')) return 'ProtocolConflict';
  if (pa === 'HTTP') return acrossOwners && sameHostname ? 'HostnameConflict' : undefined;
  const ta = termination(a);
  const tb = termination(b);
  if (ta !== tb && !features.TLSRouteModeMixed) return 'ProtocolConflict';
  if ((pa !== pb || acrossOwners) && sameHostname) return 'HostnameConflict';
  return undefined;
}

export function kindSupported(state: ListenerState, kind: GroupKind): boolean {
  return state.supportedKinds.some((k) => k.group === kind.group && k.kind === kind.kind);
}

const routeKind = (kind: string): GroupKind => ({ group: GATEWAY_GROUP, kind });

const SPEC_PROTOCOLS = new Set(['HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP']);
/** supportedKinds in the spec's order, whatever order a profile's table lists them in. */
const ROUTE_KIND_ORDER = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];

/**
 * Route kinds a listener protocol (and TLS mode) can carry: the implementation's table when its
 * profile has one (a protocol missing from it is not served), else rules.md R4.2; an extra protocol
 * of the implementation carries its own kinds. Undefined for protocols nobody here serves.
 */
export function kindsForProtocol(
  protocol: string,
  tlsMode: string | undefined,
  rules: GatewayRules,
): GroupKind[] | undefined {
  const { features } = rules;
  const extra = extraProtocol(rules, protocol);
  if (extra) return extra.routeKinds.map(routeKind);
  const profile = rules.implementation?.profile;
  if (profile?.routeKinds.known && SPEC_PROTOCOLS.has(protocol)) {
    const kinds = profileRouteKinds(profile, protocol, tlsMode);
    if (kinds === undefined) return protocol === 'TLS' ? [] : undefined;
    return kinds
      .filter((k) => !(k in features) || features[k as keyof Features])
      .sort((a, b) => ROUTE_KIND_ORDER.indexOf(a) - ROUTE_KIND_ORDER.indexOf(b))
      .map(routeKind);
  }
  switch (protocol) {
    case 'HTTP':
    case 'HTTPS':
      return features.GRPCRoute ? [routeKind('HTTPRoute'), routeKind('GRPCRoute')] : [routeKind('HTTPRoute')];
    case 'TLS':
      if (!features.TLSRoute) return [];
      if ((tlsMode ?? 'Terminate') === 'Terminate' && !features.TLSRouteModeTerminate) return [];
      return [routeKind('TLSRoute')];
    case 'TCP':
      return features.TCPRoute ? [routeKind('TCPRoute')] : [];
    case 'UDP':
      return features.UDPRoute ? [routeKind('UDPRoute')] : [];
    default:
      return undefined;
  }
}
