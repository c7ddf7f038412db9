// Apache APISIX Ingress Controller: facts read from its controllers and webhooks at the pinned
// commit (master, 2.x). It has no upstream conformance report in v1.5 or v1.6.

import { at } from '../sources.js';
import type { ImplementationProfile } from '../types.js';

const repo = 'apache/apisix-ingress-controller';
const routeKinds = at(repo, 'internal/controller/utils.go', 569);
const kindCheck = at(repo, 'internal/controller/httproute_controller.go', 471);

export const apisix: ImplementationProfile = {
  id: 'apisix',
  name: 'Apache APISIX Ingress Controller',
  versions: 'code at master d510f66 (2.x); no upstream conformance report',
  controllerNames: [
    { name: 'apisix.apache.org/apisix-ingress-controller', source: at(repo, 'examples/httpbin/quickstart.yaml', 81) },
  ],
  classNames: [
    {
      name: 'apisix',
      controllerName: 'apisix.apache.org/apisix-ingress-controller',
      origin: 'documented',
      source: at(repo, 'examples/httpbin/quickstart.yaml', 79),
    },
  ],
  conformance: [],
  backendKinds: {
    accepted: [{ group: '', kind: 'Service', source: kindCheck }],
    othersRejected: { known: true, value: true, source: kindCheck, note: 'Any other kind: InvalidKind.' },
  },
  coreGroupAliases: { known: false, note: 'Not read.' },
  parametersRef: {
    gatewayClass: { known: false, note: 'Not read.' },
    gateway: {
      known: true,
      value: [{ group: 'apisix.apache.org', kind: 'GatewayProxy' }],
      source: at(repo, 'internal/webhook/v1/gateway_webhook.go', 190),
    },
  },
  routeKinds: {
    known: true,
    value: {
      HTTP: ['GRPCRoute', 'HTTPRoute'],
      HTTPS: ['GRPCRoute', 'HTTPRoute'],
      'TLS/Passthrough': ['TLSRoute'],
      'TLS/Terminate': ['TLSRoute'],
      TCP: ['TCPRoute'],
      UDP: ['UDPRoute'],
    },
    source: routeKinds,
  },
  extraProtocols: { known: true, value: [], source: routeKinds, note: 'Other protocols carry no route kind.' },
  routeDelegation: { known: true, value: false, source: kindCheck },
  meshParentKinds: { known: true, value: [], source: routeKinds, note: 'Not a mesh.' },
  certificateSecretTypes: { known: false, note: 'Not read.' },
};
