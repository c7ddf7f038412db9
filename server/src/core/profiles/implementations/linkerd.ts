// Linkerd: a mesh only — no GatewayClass, routes attach to Services (GAMMA). Its policy controller
// writes this controller name into route status; the profile exists so that a route whose parents
// carry that name is not judged as a Gateway route. No upstream conformance report in v1.5 or v1.6.

import { at } from '../sources.js';
import type { ImplementationProfile } from '../types.js';

const repo = 'linkerd/linkerd2';
const index = (line: number) => at(repo, 'policy-controller/k8s/index/src/outbound/index.rs', line);

export const linkerd: ImplementationProfile = {
  id: 'linkerd',
  name: 'Linkerd',
  versions: 'code at main b24cd40; no upstream conformance report',
  controllerNames: [
    {
      name: 'linkerd.io/policy-controller',
      role: 'route status of mesh routes (no GatewayClass)',
      source: at(repo, 'policy-controller/core/src/lib.rs', 13),
    },
  ],
  classNames: [],
  conformance: [],
  backendKinds: {
    accepted: [
      { group: '', kind: 'Service', source: index(1621) },
      { group: 'policy.linkerd.io', kind: 'EgressNetwork', source: index(1630) },
    ],
    othersRejected: {
      known: true,
      value: true,
      source: at(repo, 'policy-controller/k8s/index/src/outbound/index/http.rs', 514),
      note: 'Any other kind resolves to no backend.',
    },
  },
  coreGroupAliases: { known: true, value: ['core'], source: index(1621) },
  parametersRef: {
    gatewayClass: { known: false, note: 'No GatewayClass.' },
    gateway: { known: false, note: 'No Gateway.' },
  },
  routeKinds: { known: false, note: 'No listeners: routes attach to Services.' },
  extraProtocols: { known: false, note: 'No listeners.' },
  routeDelegation: { known: false, note: 'Not read.' },
  meshParentKinds: {
    known: true,
    value: [
      { group: '', kind: 'Service' },
      { group: 'policy.linkerd.io', kind: 'EgressNetwork' },
    ],
    source: at(repo, 'policy-controller/k8s/status/src/index.rs', 669),
    note: 'Routes (gateway.networking.k8s.io and policy.linkerd.io) name Services or EgressNetworks as parents.',
  },
  certificateSecretTypes: { known: false, note: 'No listeners.' },
};
