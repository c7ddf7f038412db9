// Cilium: the controller name and backend kinds read from cilium-operator's Gateway API package
// (each file at the commit it was read at: the repository is too large to pin whole here), the
// parametersRef kind from Cilium's docs, features from its v1.20 conformance reports. Route kinds
// per protocol were not read from code: the reports show the profiles it passes, which the
// conformance helpers expose, but say nothing about kinds it rejects.

import { ciliumReports } from '../conformance.js';
import { pinned } from '../sources.js';
import type { ImplementationProfile } from '../types.js';

const helpers = (commit: string, file: string, line?: number) =>
  pinned('cilium/cilium', commit, `operator/pkg/gateway-api/helpers/${file}`, line);

export const cilium: ImplementationProfile = {
  id: 'cilium',
  name: 'Cilium',
  versions: 'v1.20.0-pre.2 and v1.20.0 (conformance); operator code read file by file (2026)',
  controllerNames: [
    {
      name: 'io.cilium/gateway-controller',
      source: helpers('39d0a3a64bd66e91acc114a98bf37f8ce49fa732', 'consts.go', 8),
    },
  ],
  classNames: [
    {
      name: 'cilium',
      controllerName: 'io.cilium/gateway-controller',
      origin: 'installed',
      source: 'https://docs.cilium.io/en/latest/network/servicemesh/gateway-api/gateway-api/',
      note: 'cilium-operator creates it when Gateway API support is enabled (gatewayAPI.gatewayClass.create).',
    },
  ],
  conformance: ciliumReports,
  backendKinds: {
    accepted: [
      { group: '', kind: 'Service', source: helpers('f2fd2fe15c00129828494e2766591d30c418ff56', 'types.go', 22) },
      {
        group: 'multicluster.x-k8s.io',
        kind: 'ServiceImport',
        source: helpers('3602a1e605ac3a88281c6fb0e8131275bf368d52', 'serviceimport.go', 17),
        requires: 'the ServiceImport CRD installed before cilium-operator starts, and a derived Service behind it',
      },
      {
        group: 'inference.networking.k8s.io',
        kind: 'InferencePool',
        source: helpers('93772a3f624754f896f02a85a669d33d7a4122db', 'inferencepool.go', 11),
        requires: 'the InferencePool CRD installed',
      },
    ],
    othersRejected: { known: false, note: 'Not read.' },
  },
  coreGroupAliases: { known: false, note: 'Not read.' },
  parametersRef: {
    gatewayClass: {
      known: true,
      value: [{ group: 'cilium.io', kind: 'CiliumGatewayClassConfig' }],
      source: 'https://docs.cilium.io/en/latest/network/servicemesh/gateway-api/parameterized-gatewayclass/',
    },
    gateway: { known: false, note: 'Not read.' },
  },
  routeKinds: {
    known: false,
    note: 'Not read from code; see the conformance profiles (GATEWAY-TCP, GATEWAY-UDP in v1.20.0).',
  },
  extraProtocols: { known: false, note: 'Not read.' },
  routeDelegation: { known: false, note: 'Not read.' },
  meshParentKinds: {
    known: true,
    value: [{ group: '', kind: 'Service' }],
    source: pinned('cilium/cilium', 'cc7ac77e40664bd541f4489177e9fbccc6dea829', 'operator/pkg/gateway-api/gamma.go'),
    note: 'GAMMA routes with Service parents (MESH-HTTP and MESH-GRPC profiles in its reports).',
  },
  certificateSecretTypes: { known: false, note: 'Not read.' },
};
