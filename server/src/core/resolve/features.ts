// Which optional Gateway API features the analysis assumes the target implementation supports.
// Conformance features change statuses (a TLS Terminate listener is UnsupportedValue without
// TLSRouteModeTerminate), so they are options, not constants. By default every feature is claimed.

import type { GroupKind } from '../model/resource.js';
import { GATEWAY_GROUP } from '../model/resource.js';

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

const routeKind = (kind: string): GroupKind => ({ group: GATEWAY_GROUP, kind });

/** Route kinds a listener protocol (and TLS mode) can carry, per RULES R4.2; undefined for unknown protocols. */
export function kindsForProtocol(
  protocol: string,
  tlsMode: string | undefined,
  features: Features,
): GroupKind[] | undefined {
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
