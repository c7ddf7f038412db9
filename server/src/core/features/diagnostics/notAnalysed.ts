// Home of NotAnalysed: what the analysis reads but does not judge, said once rather than passed
// over in silence — objects of the pre-v1 Gateway API (networking.x-k8s.io), whose fields and
// rules differ, a route's Service parentRef, which is mesh (GAMMA) attachment, and a listener's
// certificateRefs under an implementation that never reads them.

import { describeResource, qualifiedName } from '../../model/resource.js';
import type { DiagnosticHome } from './home.js';

export const notAnalysedHome: DiagnosticHome = {
  codes: ['NotAnalysed'],
  fixtures: ['unknown/not-analysed', 'implementations/aws-vpc-lattice'],

  message(f) {
    if (f.is !== 'notAnalysed') return '';
    if (f.what === 'certificateRefs')
      return `${f.profile.name} does not read certificateRefs: ${f.profile.certificateRefsIgnored?.note ?? 'the certificate comes from elsewhere'}.`;
    if (f.what === 'preV1Api')
      return `${describeResource(f.resource)} uses the pre-v1 Gateway API (networking.x-k8s.io/v1alpha1), which this analysis does not check; migrate it to gateway.networking.k8s.io.`;
    return `Service ${qualifiedName(f.ref)} as a parent is mesh (GAMMA) attachment, which this analysis does not check.`;
  },
};
