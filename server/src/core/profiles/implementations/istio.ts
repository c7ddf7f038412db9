// Istio: facts read from istiod's Gateway API controller (pilot/pkg/config/kube/gateway and
// gatewaycommon) and its constants at the pinned commit (master after 1.30), features from the
// 1.30 conformance report. Istio serves several roles through several classes; waypoints and
// east-west gateways use the HBONE protocol.

import { istioReports } from '../conformance.js';
import { at } from '../sources.js';
import type { ImplementationProfile } from '../types.js';

const repo = 'istio/istio';
const constants = (line: number) => at(repo, 'pkg/config/constants/constants.go', line);
const backend = (line: number) => at(repo, 'pilot/pkg/config/kube/gateway/conversion.go', line);
const routeKinds = at(repo, 'pilot/pkg/config/kube/gatewaycommon/conversion.go', 224);

export const istio: ImplementationProfile = {
  id: 'istio',
  name: 'Istio',
  versions: '1.30 (conformance); code at master 86c9f01, after 1.30',
  controllerNames: [
    { name: 'istio.io/gateway-controller', role: 'gateway', source: at(repo, 'pilot/pkg/features/pilot.go', 299) },
    { name: 'istio.io/mesh-controller', role: 'waypoint', source: constants(174) },
    { name: 'istio.io/eastwest-controller', role: 'east-west gateway', source: constants(178) },
    { name: 'istio.io/unmanaged-gateway', role: 'remote (not deployed by istiod)', source: constants(171) },
    { name: 'istio.io/agentgateway-controller', role: 'agentgateway ingress', source: constants(175) },
    { name: 'istio.io/agentgateway-waypoint-controller', role: 'agentgateway waypoint', source: constants(176) },
  ],
  classNames: [
    {
      name: 'istio',
      controllerName: 'istio.io/gateway-controller',
      origin: 'installed',
      source: at(repo, 'pilot/pkg/features/pilot.go', 296),
    },
    { name: 'istio-waypoint', controllerName: 'istio.io/mesh-controller', origin: 'installed', source: constants(186) },
    {
      name: 'istio-east-west',
      controllerName: 'istio.io/eastwest-controller',
      origin: 'installed',
      source: constants(189),
    },
    { name: 'istio-remote', controllerName: 'istio.io/unmanaged-gateway', origin: 'installed', source: constants(185) },
    {
      name: 'istio-agentgateway',
      controllerName: 'istio.io/agentgateway-controller',
      origin: 'installed',
      source: constants(187),
      note: 'Only when agentgateway is enabled in istiod.',
    },
    {
      name: 'istio-agentgateway-waypoint',
      controllerName: 'istio.io/agentgateway-waypoint-controller',
      origin: 'installed',
      source: constants(188),
      note: 'Only when agentgateway is enabled in istiod.',
    },
  ],
  conformance: istioReports,
  backendKinds: {
    accepted: [
      { group: '', kind: 'Service', source: backend(1193) },
      {
        group: 'networking.istio.io',
        kind: 'Hostname',
        source: backend(1202),
        note: 'The name is a ServiceEntry host; a host no ServiceEntry declares is BackendNotFound.',
      },
      {
        group: 'multicluster.x-k8s.io',
        kind: 'ServiceImport',
        source: backend(1210),
        requires: 'MCS support in istiod (the group is MCS_API_GROUP, multicluster.x-k8s.io by default)',
      },
      {
        group: 'inference.networking.k8s.io',
        kind: 'InferencePool',
        source: backend(1222),
        requires: 'ENABLE_GATEWAY_API_INFERENCE_EXTENSION in istiod',
      },
      {
        group: 'gateway.networking.x-k8s.io',
        kind: 'XBackend',
        source: backend(1154),
        requires: 'PILOT_ENABLE_ALPHA_GATEWAY_API in istiod',
      },
    ],
    othersRejected: {
      known: true,
      value: true,
      source: backend(1281),
      note: 'Any other group/kind: InvalidKind ("referencing unsupported backendRef").',
    },
  },
  coreGroupAliases: { known: false, note: 'Not read: how istiod normalises a backendRef group "core".' },
  parametersRef: {
    gatewayClass: { known: false, note: 'Not read.' },
    gateway: {
      known: true,
      value: [{ group: '', kind: 'ConfigMap' }],
      source: at(repo, 'pilot/pkg/config/kube/gateway/gateway_collection.go', 536),
      note: 'Another kind, or a missing ConfigMap, makes the Gateway InvalidParameters.',
    },
  },
  routeKinds: {
    known: true,
    value: {
      HTTP: ['HTTPRoute', 'GRPCRoute'],
      HTTPS: ['HTTPRoute', 'GRPCRoute'],
      'TLS/Passthrough': ['TLSRoute'],
      'TLS/Terminate': ['TLSRoute', 'TCPRoute'],
      TCP: ['TCPRoute'],
    },
    source: routeKinds,
    note: 'UDP is not served. HBONE (waypoints, east-west) is listed under extraProtocols.',
  },
  extraProtocols: {
    known: true,
    value: [
      {
        protocol: 'HBONE',
        routeKinds: [],
        classes: ['istio-waypoint', 'istio-east-west', 'istio-agentgateway-waypoint'],
        source: backend(1835),
        note: 'The mesh tunnel listener (port 15008) of waypoints and east-west gateways; routes bind to the waypoint through Service parentRefs, not to this listener.',
      },
      {
        protocol: 'istio.io/PROXY',
        routeKinds: [],
        classes: ['istio-waypoint'],
        source: constants(183),
        note: 'The PROXY-protocol listener of a "waypoint sandwich".',
      },
    ],
    source: routeKinds,
  },
  routeDelegation: {
    known: true,
    value: false,
    source: backend(1281),
    note: 'A backendRef of kind HTTPRoute is InvalidKind.',
  },
  meshParentKinds: {
    known: true,
    value: [
      { group: '', kind: 'Service' },
      { group: 'networking.istio.io', kind: 'ServiceEntry' },
    ],
    source: backend(576),
  },
  certificateSecretTypes: {
    known: false,
    note: 'Not read: istiod also reads certificates from other credential sources.',
  },
};
