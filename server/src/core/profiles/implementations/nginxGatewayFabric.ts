// NGINX Gateway Fabric: facts read from its graph builder (internal/controller/state/graph) and
// Helm values at the pinned commit (main after 2.6), features from its 2.5, 2.6 and 2.7
// pre-release conformance reports.

import { nginxGatewayFabricReports } from '../conformance.js';
import { at, report } from '../sources.js';
import type { ImplementationProfile } from '../types.js';

const repo = 'nginx/nginx-gateway-fabric';
const graph = (file: string, line: number) => at(repo, `internal/controller/state/graph/${file}`, line);
const routeKinds = graph('gateway_listener.go', 413);

export const nginxGatewayFabric: ImplementationProfile = {
  id: 'nginx-gateway-fabric',
  name: 'NGINX Gateway Fabric',
  versions: '2.5.0, 2.6.0, 2.7.0 pre-release (conformance); code at main e55bfe3',
  controllerNames: [
    {
      name: 'gateway.nginx.org/nginx-gateway-controller',
      source: at(repo, 'charts/nginx-gateway-fabric/values.yaml', 57),
      note: 'The Helm default; the --gateway-ctlr-name flag can change it.',
    },
  ],
  classNames: [
    {
      name: 'nginx',
      controllerName: 'gateway.nginx.org/nginx-gateway-controller',
      origin: 'installed',
      source: at(repo, 'charts/nginx-gateway-fabric/values.yaml', 40),
    },
  ],
  conformance: nginxGatewayFabricReports,
  backendKinds: {
    accepted: [
      { group: '', kind: 'Service', source: graph('backend_refs.go', 644) },
      {
        group: 'inference.networking.k8s.io',
        kind: 'InferencePool',
        routeKinds: ['HTTPRoute'],
        source: graph('backend_refs.go', 751),
      },
    ],
    othersRejected: {
      known: true,
      value: true,
      source: graph('backend_refs.go', 631),
      note: 'Any other group or kind: InvalidKind.',
    },
  },
  coreGroupAliases: { known: true, value: ['core'], source: graph('backend_refs.go', 639) },
  parametersRef: {
    gatewayClass: {
      known: true,
      value: [{ group: 'gateway.nginx.org', kind: 'NginxProxy' }],
      source: graph('gatewayclass.go', 123),
    },
    gateway: {
      known: true,
      value: [{ group: 'gateway.nginx.org', kind: 'NginxProxy' }],
      source: graph('gateway.go', 204),
    },
  },
  routeKinds: {
    known: true,
    value: {
      HTTP: ['HTTPRoute', 'GRPCRoute'],
      HTTPS: ['HTTPRoute', 'GRPCRoute'],
      'TLS/Passthrough': ['TLSRoute'],
      'TLS/Terminate': ['TLSRoute'],
      TCP: ['TCPRoute'],
      UDP: ['UDPRoute'],
    },
    source: routeKinds,
  },
  extraProtocols: { known: true, value: [], source: routeKinds, note: 'Other protocols carry no route kind.' },
  routeDelegation: {
    known: true,
    value: false,
    source: graph('backend_refs.go', 631),
    note: 'A backendRef of kind HTTPRoute is InvalidKind.',
  },
  meshParentKinds: {
    known: true,
    value: [],
    source: report('v1.6/nginx-nginx-gateway-fabric/experimental-2.7.0-pre-release-default-report.yaml'),
    note: 'Not a mesh: its reports run no MESH profile.',
  },
  certificateSecretTypes: { known: false, note: 'Not read.' },
};
