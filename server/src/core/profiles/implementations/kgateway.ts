// kgateway: facts read at the pinned commit (February 2025, before v2.0), features from its
// v2.3.0-beta.3 and v2.4.0-rc.1 conformance reports. The code facts are older than the reports;
// later releases renamed Upstream to Backend, which is recorded as unknown until re-read.

import { kgatewayReports } from '../conformance.js';
import { at } from '../sources.js';
import type { ImplementationProfile } from '../types.js';

const repo = 'kgateway-dev/kgateway';
const wellknown = (line: number) => at(repo, 'internal/kgateway/wellknown/controller.go', line);
const delegation = at(repo, 'internal/kgateway/translator/httproute/delegation.go', 33);

export const kgateway: ImplementationProfile = {
  id: 'kgateway',
  name: 'kgateway',
  versions: 'v2.3.0-beta.3 and v2.4.0-rc.1 (conformance); code at 06ff8b9 (February 2025, before v2.0)',
  controllerNames: [{ name: 'kgateway.dev/kgateway', source: wellknown(9) }],
  classNames: [
    { name: 'kgateway', controllerName: 'kgateway.dev/kgateway', origin: 'installed', source: wellknown(5) },
  ],
  conformance: kgatewayReports,
  backendKinds: {
    accepted: [
      { group: '', kind: 'Service', source: at(repo, 'internal/kgateway/wellknown/gwapi.go', 18) },
      {
        group: 'gateway.kgateway.dev',
        kind: 'Upstream',
        source: at(repo, 'internal/kgateway/extensions2/plugins/upstream/plugin.go', 108),
        note: 'Renamed Backend (same group) in later releases; not verified at a pinned commit.',
      },
      {
        group: 'gateway.networking.k8s.io',
        kind: 'HTTPRoute',
        routeKinds: ['HTTPRoute'],
        source: delegation,
        note: 'Route delegation: the parent forwards to child routes (see routeDelegation).',
      },
    ],
    othersRejected: { known: false, note: 'Backend kinds come from plugins; the set is open.' },
  },
  coreGroupAliases: { known: false, note: 'Not read.' },
  parametersRef: {
    gatewayClass: {
      known: true,
      value: [{ group: 'gateway.kgateway.dev', kind: 'GatewayParameters' }],
      source: wellknown(17),
    },
    gateway: { known: false, note: 'Not read.' },
  },
  routeKinds: {
    known: false,
    note: 'The pinned code predates the reports (HTTP and TCP only then); the reports show GATEWAY-HTTP, -GRPC, -TLS and -TCP passing.',
  },
  extraProtocols: { known: false, note: 'Not read.' },
  routeDelegation: {
    known: true,
    value: true,
    source: delegation,
    note: 'A parent HTTPRoute backendRef of kind HTTPRoute selects child routes, which name the parent route in their parentRefs.',
  },
  meshParentKinds: { known: false, note: 'Not read (kgateway has a waypoint mode).' },
  certificateSecretTypes: { known: false, note: 'Not read.' },
};
