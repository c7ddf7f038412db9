// Home of the codes about what a Gateway or GatewayClass names outside the Gateway API's routing:
// InvalidParameters, a GatewayClass `parametersRef` or a Gateway `infrastructure.parametersRef`
// whose target is not in the workspace, or whose kind the implementation does not read parameters
// from, so the class or Gateway would not be accepted; and a gatewayClassName the workspace's
// GatewayClasses do not have (GatewayClassNotFound), or that only an implementation would install
// (GatewayClassNotInWorkspace). No controller takes such a Gateway.

import { groupKindString } from '../../model/resource.js';
import { didYouMean } from '../wording.js';
import type { DiagnosticHome } from './home.js';

export const parametersHome: DiagnosticHome = {
  codes: ['InvalidParameters', 'GatewayClassNotFound', 'GatewayClassNotInWorkspace'],
  fixtures: ['gateway/parameters-ref', 'implementations/parameters-ref-kind', 'gateway/gateway-class-not-found'],

  message(f) {
    const classes = (names: string[]) =>
      names
        .slice(0, 5)
        .map((n) => `"${n}"`)
        .join(', ') + (names.length > 5 ? ', …' : '');
    if (f.is === 'gatewayClassMissing')
      return `No GatewayClass "${f.className}" in the workspace, which defines ${classes(f.defined)}: no controller would take this Gateway.${didYouMean(f.didYouMean)}`;
    if (f.is === 'gatewayClassUnknown')
      return f.implementation
        ? `GatewayClass "${f.className}" is not in the workspace (which defines ${classes(f.defined)}); ${f.implementation} installs or documents a class of that name, so it may exist in the cluster.`
        : `GatewayClass "${f.className}" is not among the classes applied with this Gateway; only manifests applied apart from it define ${classes(f.defined)}, so it may exist in the cluster.${didYouMean(f.didYouMean)}`;
    if (f.is === 'parametersKind') {
      const known = f.implementation.parametersRef[f.owner.shape === 'Gateway' ? 'gateway' : 'gatewayClass'];
      const kinds = known.known ? known.value.map(groupKindString).join(', ') : '';
      const whose = f.owner.shape === 'Gateway' ? 'the Gateway' : 'the GatewayClass';
      return `${f.implementation.name} does not read parameters from ${groupKindString(f.ref)}; ${whose} would not be accepted. Use ${kinds || 'a kind it reads'}.`;
    }
    if (f.is !== 'parametersMissing') return '';
    const target = `${groupKindString(f.ref)} "${f.ref.name}"`;
    return f.owner.shape === 'Gateway'
      ? `infrastructure.parametersRef names ${target}, which is not in namespace ${f.namespace} in the workspace; the Gateway would not be accepted (InvalidParameters).${didYouMean(f.didYouMean)}`
      : `parametersRef names ${target}${f.namespace ? ` in namespace ${f.namespace}` : ''}, which is not in the workspace; the GatewayClass would not be accepted.${didYouMean(f.didYouMean)}`;
  },
};
