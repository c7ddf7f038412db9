// Kong: facts read from the Kong Ingress Controller (KIC) at the pinned commit; the conformance
// reports upstream are the Kong Operator's (v2.2.0, v2.3.0-rc.3), which drives the same data
// plane. The Operator's own controllerName is not recorded: it could not be read at a commit.

import { kongReports } from '../conformance.js';
import { at, report } from '../sources.js';
import type { ImplementationProfile } from '../types.js';

const repo = 'Kong/kubernetes-ingress-controller';
const backendRef = (line: number) => at(repo, 'internal/dataplane/translator/backendref.go', line);
const routeKinds = at(repo, 'internal/controllers/gateway/gateway_utils.go', 609);

export const kong: ImplementationProfile = {
  id: 'kong',
  name: 'Kong (Ingress Controller / Operator)',
  versions: 'KIC at main 1fa68f8 (code); Kong Operator v2.2.0 and v2.3.0-rc.3 (conformance)',
  controllerNames: [
    {
      name: 'konghq.com/kic-gateway-controller',
      role: 'Kong Ingress Controller',
      source: at(repo, 'internal/controllers/gateway/gatewayclass_controller.go', 35),
    },
  ],
  classNames: [
    {
      name: 'kong',
      controllerName: 'konghq.com/kic-gateway-controller',
      origin: 'documented',
      source: at(repo, 'examples/gateway-httproute.yaml', 98),
    },
  ],
  conformance: kongReports,
  backendKinds: {
    accepted: [{ group: '', kind: 'Service', source: backendRef(54) }],
    othersRejected: {
      known: true,
      value: true,
      source: backendRef(57),
      note: 'Other kinds are skipped as unsupported.',
    },
  },
  coreGroupAliases: { known: false, note: 'Not read.' },
  parametersRef: {
    gatewayClass: {
      known: false,
      note: 'Not read (the Operator uses GatewayConfiguration; not verified at a commit).',
    },
    gateway: { known: false, note: 'Not read.' },
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
  routeDelegation: { known: true, value: false, source: backendRef(57), note: 'Only Service backends.' },
  meshParentKinds: {
    known: true,
    value: [],
    source: report('v1.6/kong-operator/experimental-v2.3.0-rc.3-expressions-standard-report.yaml'),
    note: 'Not a mesh: its reports run no MESH profile.',
  },
  certificateSecretTypes: { known: false, note: 'Not read.' },
};
