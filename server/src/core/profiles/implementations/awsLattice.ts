// AWS Gateway API Controller for Amazon VPC Lattice: read from its code (no upstream conformance
// report). It checks a backendRef's kind only — Service or its own ServiceImport — and ignores the
// group, so `kind: ServiceImport` without a group (as its examples write it) resolves.

import { at } from '../sources.js';
import type { ImplementationProfile } from '../types.js';

const repo = 'aws/aws-application-networking-k8s';
const routeController = (line: number) => at(repo, 'pkg/controllers/route_controller.go', line);
const listenerKinds = at(repo, 'pkg/controllers/gateway_controller.go', 485);
const CONTROLLER = 'application-networking.k8s.aws/gateway-api-controller';
const OWN_SERVICE_IMPORT = { group: 'application-networking.k8s.aws', kind: 'ServiceImport' };

export const awsLattice: ImplementationProfile = {
  id: 'aws-vpc-lattice',
  name: 'AWS Gateway API Controller (Amazon VPC Lattice)',
  versions: 'code at main 03d6abe (v2.x); no upstream conformance report',
  controllerNames: [{ name: CONTROLLER, source: at(repo, 'pkg/config/controller_config.go', 21) }],
  classNames: [
    {
      name: 'amazon-vpc-lattice',
      controllerName: CONTROLLER,
      origin: 'documented',
      source: at(repo, 'files/controller-installation/gatewayclass.yaml', 5),
    },
  ],
  conformance: [],
  backendKinds: {
    accepted: [
      { group: '', kind: 'Service', source: routeController(657) },
      ...['', 'application-networking.k8s.aws', 'multicluster.x-k8s.io'].map((group) => ({
        group,
        kind: 'ServiceImport',
        source: routeController(686),
        note: 'Any group: the kind alone selects its own ServiceImport (application-networking.k8s.aws).',
        ...(group === OWN_SERVICE_IMPORT.group ? {} : { fetches: OWN_SERVICE_IMPORT }),
      })),
    ],
    othersRejected: {
      known: true,
      value: true,
      source: routeController(669),
      note: 'Another kind gets ResolvedRefs False with reason InvalidKind.',
    },
  },
  coreGroupAliases: { known: false, note: 'The group of a backendRef is not read; only its kind.' },
  parametersRef: {
    gatewayClass: { known: false, note: 'Not verified.' },
    gateway: { known: false, note: 'Not verified.' },
  },
  routeKinds: {
    known: true,
    value: {
      HTTP: ['HTTPRoute'],
      HTTPS: ['HTTPRoute', 'GRPCRoute'],
      'TLS/Passthrough': ['TLSRoute'],
      'TLS/Terminate': ['TLSRoute'],
    },
    source: listenerKinds,
    note: 'GRPCRoute only on HTTPS listeners, TLSRoute only on TLS listeners; TCP and UDP listeners carry nothing.',
  },
  extraProtocols: { known: true, value: [], source: listenerKinds },
  routeDelegation: { known: false, note: 'Not read.' },
  meshParentKinds: { known: false, note: 'Not verified.' },
  certificateSecretTypes: { known: false, note: 'Not verified.' },
  certificateRefsIgnored: {
    source: at(repo, 'docs/guides/https.md', 71),
    note: 'the certificate comes from AWS Certificate Manager, named by the listener option application-networking.k8s.aws/certificate-arn',
  },
};
