// Home of InvalidParameters: a GatewayClass `parametersRef` or a Gateway
// `infrastructure.parametersRef` whose target is not in the workspace, so the class or Gateway
// would not be accepted.

import { groupKindString } from '../../model/resource.js';
import { didYouMean } from '../wording.js';
import type { DiagnosticHome } from './home.js';

export const parametersHome: DiagnosticHome = {
  codes: ['InvalidParameters'],
  fixtures: ['gateway/parameters-ref'],

  message(f) {
    if (f.is !== 'parametersMissing') return '';
    const target = `${groupKindString(f.ref)} "${f.ref.name}"`;
    return f.owner.shape === 'Gateway'
      ? `infrastructure.parametersRef names ${target}, which is not in namespace ${f.namespace} in the workspace; the Gateway would not be accepted (InvalidParameters).${didYouMean(f.didYouMean)}`
      : `parametersRef names ${target}${f.namespace ? ` in namespace ${f.namespace}` : ''}, which is not in the workspace; the GatewayClass would not be accepted.${didYouMean(f.didYouMean)}`;
  },
};
