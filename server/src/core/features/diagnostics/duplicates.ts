// Home of DuplicateResource: the same kind, namespace and name defined twice in one folder, which
// cannot both exist in a cluster and leaves references there ambiguous.

import { describeResource } from '../../model/resource.js';
import type { DiagnosticHome } from './home.js';

export const duplicatesHome: DiagnosticHome = {
  codes: ['DuplicateResource'],
  fixtures: ['folders/duplicate-in-folder'],

  message(f) {
    if (f.is !== 'duplicate') return '';
    return `${describeResource(f.resource)} is defined ${f.twins.length + 1} times in this folder; only one can exist in a cluster, and references here cannot tell which is meant.`;
  },

  related(f) {
    return f.is === 'duplicate'
      ? f.twins.map((t) => ({ fileId: t.fileId, span: t.headSpan, message: 'another definition' }))
      : [];
  },
};
