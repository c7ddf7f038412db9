// Traefik: facts read from its Kubernetes Gateway provider (pkg/provider/kubernetes/gateway) at the
// pinned commit (v3.7 line) and from the Traefik Helm chart, features from the v3.7.0 and v3.7.10
// conformance reports.

import { traefikReports } from '../conformance.js';
import { at, report } from '../sources.js';
import type { ImplementationProfile } from '../types.js';

const repo = 'traefik/traefik';
const provider = (file: string, line: number) => at(repo, `pkg/provider/kubernetes/gateway/${file}`, line);
const routeKinds = provider('kubernetes.go', 971);

export const traefik: ImplementationProfile = {
  id: 'traefik',
  name: 'Traefik',
  versions: 'v3.7.0 and v3.7.10 (conformance); code at master fd5a576 (v3.7 line)',
  controllerNames: [{ name: 'traefik.io/gateway-controller', source: provider('kubernetes.go', 39) }],
  classNames: [
    {
      name: 'traefik',
      controllerName: 'traefik.io/gateway-controller',
      origin: 'installed',
      source: at('traefik/traefik-helm-chart', 'traefik/templates/gatewayclass.yaml', 6),
      note: 'The Helm chart creates it (gatewayClass.name, default "traefik").',
    },
  ],
  conformance: traefikReports,
  backendKinds: {
    accepted: [
      { group: '', kind: 'Service', source: provider('httproute.go', 286) },
      {
        group: 'traefik.io',
        kind: 'TraefikService',
        routeKinds: ['HTTPRoute', 'TCPRoute'],
        source: provider('httproute.go', 334),
        requires:
          'the kubernetesCRD provider (it registers TraefikService); on TCPRoute only a name@provider reference',
        note: 'A name@provider reference also needs the route namespace in crossProviderNamespaces.',
      },
    ],
    othersRejected: {
      known: true,
      value: true,
      source: provider('httproute.go', 334),
      note: 'Unregistered kinds: InvalidKind. GRPCRoute accepts Services only (grpcroute.go line 246).',
    },
  },
  coreGroupAliases: { known: true, value: ['core'], source: provider('kubernetes.go', 41) },
  parametersRef: {
    gatewayClass: { known: false, note: 'Not read.' },
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
    },
    source: routeKinds,
    note: 'A TCPRoute on a TLS listener is rejected (InvalidRouteKinds). TCP needs the experimentalChannel option; UDP is not served.',
  },
  extraProtocols: {
    known: true,
    value: [],
    source: provider('kubernetes.go', 1000),
    note: 'Any other protocol: UnsupportedProtocol.',
  },
  routeDelegation: { known: true, value: false, source: provider('httproute.go', 334) },
  meshParentKinds: {
    known: true,
    value: [],
    source: report('v1.6/traefik-traefik/experimental-v3.7.10-default-report.yaml'),
    note: 'Not a mesh: its reports run no MESH profile.',
  },
  certificateSecretTypes: { known: false, note: 'Not read.' },
};
