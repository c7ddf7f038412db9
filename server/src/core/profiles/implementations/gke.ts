// GKE Gateway controller: a hosted controller with no public source, so the facts come from
// Google's docs (the GatewayClass capabilities page), the gke-networking-recipes examples and the
// GKE conformance reports. GKE pre-installs its classes, which are the reliable key; the
// controllerName is not recorded because no first-party source for it was found.

import { gkeReports } from '../conformance.js';
import { at, report } from '../sources.js';
import type { ClassName, ImplementationProfile } from '../types.js';

const capabilities = 'https://cloud.google.com/kubernetes-engine/docs/how-to/gatewayclass-capabilities';
const classes = [
  'gke-l7-global-external-managed',
  'gke-l7-global-external-managed-mc',
  'gke-l7-regional-external-managed',
  'gke-l7-regional-external-managed-mc',
  'gke-l7-cross-regional-internal-managed-mc',
  'gke-l7-rilb',
  'gke-l7-rilb-mc',
  'gke-l7-gxlb',
  'gke-l7-gxlb-mc',
];

export const gke: ImplementationProfile = {
  id: 'gke',
  name: 'GKE Gateway controller',
  versions: 'GKE 1.35 and 1.36 (conformance, Gateway API v1.5.0 and v1.6.0); class list from the docs',
  controllerNames: [],
  classNames: [
    ...classes.map((name): ClassName => ({ name, origin: 'installed', source: capabilities })),
    {
      name: 'gke-l7-*',
      origin: 'installed',
      source: capabilities,
      note: 'Every GKE L7 class starts with gke-l7-; the pattern covers classes added later.',
    },
  ],
  conformance: gkeReports,
  backendKinds: {
    accepted: [
      { group: '', kind: 'Service', source: capabilities },
      {
        group: 'net.gke.io',
        kind: 'ServiceImport',
        source: at(
          'GoogleCloudPlatform/gke-networking-recipes',
          'gateway/multi-cluster/mcg-internal-basic/gke-1/route.yaml',
          12,
        ),
        note: 'Multi-cluster (-mc) classes route to ServiceImports of GKE multi-cluster Services.',
      },
    ],
    othersRejected: { known: false, note: 'Not documented.' },
  },
  coreGroupAliases: { known: false, note: 'Not documented.' },
  parametersRef: {
    gatewayClass: { known: false, note: 'Not documented.' },
    gateway: { known: false, note: 'Not documented.' },
  },
  routeKinds: { known: false, note: 'Its reports run GATEWAY-HTTP only; other route kinds are not verified.' },
  extraProtocols: { known: false, note: 'Not documented.' },
  routeDelegation: { known: false, note: 'Not documented.' },
  meshParentKinds: {
    known: true,
    value: [],
    source: report('v1.6/gke-gateway/v1.6.0-gke-report.yaml'),
    note: 'Its reports run no MESH profile.',
  },
  certificateSecretTypes: { known: false, note: 'Not documented.' },
};
