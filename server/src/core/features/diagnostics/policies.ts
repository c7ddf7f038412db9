// Home of the policy codes: a targetRef (or its sectionName) that names nothing the workspace
// defines, so the policy attaches to nothing (PolicyTargetNotFound); a BackendTLSPolicy that an
// older one on the same Service and sectionName overrides (Conflicted). Both are offered the
// did-you-mean rename when the corrected name exists. Other reference codes on a policy's
// references (InvalidKind, InvalidCACertificateRef, ReferenceNotInWorkspace) are worded in
// references.ts with the rest of the reference ladder.

import { describeResource, groupKindString, qualifiedName } from '../../model/resource.js';
import { didYouMean } from '../wording.js';
import type { DiagnosticHome } from './home.js';

export const policiesHome: DiagnosticHome = {
  codes: ['PolicyTargetNotFound', 'Conflicted'],
  fixtures: ['policies/target-not-found', 'policies/backend-tls-conflict'],

  message(f) {
    switch (f.is) {
      case 'reference': {
        if (f.role !== 'policyTarget' || f.problem.is !== 'missing') return '';
        const target = `${groupKindString(f.ref)} ${qualifiedName(f.ref)}`;
        return `${target} does not exist in the workspace, so ${describeResource(f.referrer)} attaches to nothing.${didYouMean(f.problem.didYouMean)}`;
      }
      case 'policySection': {
        const names = f.service.ports.flatMap((p) => (p.name ? [`"${p.name}"`] : []));
        const ports = names.length > 0 ? `its named ports are ${names.join(', ')}` : 'none of its ports has a name';
        return `Service ${qualifiedName(f.service.key)} has no port named "${f.ref.sectionName?.value}" (${ports}), so ${describeResource(f.policy)} does not attach to it.`;
      }
      case 'policyConflict': {
        const section = f.ref.sectionName ? ` port "${f.ref.sectionName.value}" of` : '';
        const why =
          f.policy.created !== undefined && f.winner.created !== undefined
            ? 'it is older'
            : 'without creation times, the first by namespace/name wins; in a cluster the older one does';
        return `${describeResource(f.winner)} also targets${section} Service ${qualifiedName(f.ref)} and takes precedence (${why}), so this policy is not applied (Conflicted). Merge the two or target different ports.`;
      }
      default:
        return '';
    }
  },

  related(f) {
    if (f.is === 'policyConflict')
      return [{ fileId: f.winner.fileId, span: f.winner.headSpan, message: 'the policy that takes precedence' }];
    if (f.is === 'policySection')
      return [
        { fileId: f.service.fileId, span: f.service.headSpan, message: `Service ${qualifiedName(f.service.key)}` },
      ];
    return [];
  },
};
