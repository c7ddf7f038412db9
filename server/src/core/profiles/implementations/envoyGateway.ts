// Envoy Gateway: facts read from its translator (internal/gatewayapi) and API types at the pinned
// commit (main after v1.9.0), features from its v1.8.0 and v1.9.0 conformance reports.

import { envoyGatewayReports } from '../conformance.js';
import { at, report } from '../sources.js';
import type { ImplementationProfile } from '../types.js';

const repo = 'envoyproxy/gateway';
const routeKinds = at(repo, 'internal/gatewayapi/listener.go', 225);
const kindCheck = at(repo, 'internal/gatewayapi/validate.go', 85);

export const envoyGateway: ImplementationProfile = {
  id: 'envoy-gateway',
  name: 'Envoy Gateway',
  versions: 'v1.8.0 and v1.9.0 (conformance); code at main d32f282, after v1.9.0',
  controllerNames: [
    {
      name: 'gateway.envoyproxy.io/gatewayclass-controller',
      source: at(repo, 'api/v1alpha1/envoygateway_types.go', 19),
    },
  ],
  classNames: [
    {
      name: 'eg',
      controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
      origin: 'documented',
      source: at(repo, 'examples/kubernetes/quickstart.yaml', 4),
      note: 'The quickstart creates it; the Helm chart installs no GatewayClass.',
    },
  ],
  conformance: envoyGatewayReports,
  backendKinds: {
    accepted: [
      { group: '', kind: 'Service', source: at(repo, 'internal/gatewayapi/validate.go', 58) },
      {
        group: 'multicluster.x-k8s.io',
        kind: 'ServiceImport',
        source: at(repo, 'internal/gatewayapi/validate.go', 62),
      },
      {
        group: 'gateway.envoyproxy.io',
        kind: 'Backend',
        source: at(repo, 'internal/gatewayapi/validate.go', 66),
        requires: 'extensionApis.enableBackend in the EnvoyGateway configuration (off by default)',
        note: 'Flag: api/v1alpha1/envoygateway_types.go line 358.',
      },
    ],
    othersRejected: {
      known: true,
      value: true,
      source: kindCheck,
      note: 'Any other kind: ResolvedRefs False, InvalidKind.',
    },
    configurable: {
      requires: 'extensionManager.backendResources in the EnvoyGateway configuration',
      source: at(repo, 'internal/gatewayapi/route.go', 2869),
      note: 'A kind listed there skips the kind check and goes to the extension (api/v1alpha1/envoygateway_types.go line 822); Envoy AI Gateway lists InferencePool.',
    },
  },
  coreGroupAliases: {
    known: true,
    value: [],
    source: at(repo, 'internal/gatewayapi/validate.go', 74),
    note: 'Only the empty group names the core group.',
  },
  parametersRef: {
    gatewayClass: {
      known: true,
      value: [{ group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy' }],
      source: at(repo, 'internal/provider/kubernetes/controller.go', 380),
      note: 'Another kind makes the class InvalidParameters.',
    },
    gateway: {
      known: true,
      value: [{ group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy' }],
      source: at(repo, 'internal/gatewayapi/contexts.go', 106),
    },
  },
  routeKinds: {
    known: true,
    value: {
      HTTP: ['HTTPRoute', 'GRPCRoute'],
      HTTPS: ['HTTPRoute', 'GRPCRoute'],
      'TLS/Passthrough': ['TLSRoute'],
      'TLS/Terminate': ['TCPRoute', 'TLSRoute'],
      TCP: ['TCPRoute'],
      UDP: ['UDPRoute'],
    },
    source: routeKinds,
    note: 'A TLS listener in Terminate mode (or without a mode) carries TCPRoute as well as TLSRoute.',
  },
  extraProtocols: { known: true, value: [], source: routeKinds, note: 'Other protocols carry no route kind.' },
  routeDelegation: {
    known: true,
    value: false,
    source: kindCheck,
    note: 'A backendRef of kind HTTPRoute is InvalidKind.',
  },
  meshParentKinds: {
    known: true,
    value: [],
    source: report('v1.6/envoy-gateway/experimental-v1.9.0-default-report.yaml'),
    note: 'Not a mesh: its reports run no MESH profile.',
  },
  certificateSecretTypes: {
    known: true,
    value: ['gateway.envoyproxy.io/sds'],
    source: at(repo, 'api/v1alpha1/shared_types.go', 20),
    note: 'An SDS Secret names an SDS server instead of holding tls.crt/tls.key (internal/gatewayapi/helpers.go line 631).',
  },
};
