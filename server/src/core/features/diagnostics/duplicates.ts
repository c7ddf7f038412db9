// Home of DuplicateResource: the same kind, namespace and name defined twice in one build (one file,
// or one kustomize environment), which cannot both exist in a cluster.

import { describeResource } from '../../model/resource.js';
import type { DiagnosticHome } from './home.js';

export const duplicatesHome: DiagnosticHome = {
  codes: ['DuplicateResource'],
  fixtures: ['folders/duplicate-in-one-build'],

  message(f) {
    if (f.is !== 'duplicate') return '';
    const build = f.resource.build === undefined ? 'this file' : 'this kustomize build';
    return `${describeResource(f.resource)} is defined ${f.twins.length + 1} times in ${build}; only one can exist in a cluster, and references cannot tell which is meant.`;
  },

  related(f) {
    return f.is === 'duplicate'
      ? f.twins.map((t) => ({ fileId: t.fileId, span: t.headSpan, message: 'another definition' }))
      : [];
  },
};
