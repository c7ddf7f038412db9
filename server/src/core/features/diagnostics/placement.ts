// Home of ApplyTimeNamespace: a verdict that depends on the namespace objects are applied into
// (`kubectl apply -n`, an Argo CD destination), which none of their manifests sets — whether a
// `from: Same` or Selector listener admits a route, whether a Gateway admits a ListenerSet,
// whether a ReferenceGrant permits a cross-namespace reference, whether a parentRef that names a
// namespace finds the Gateway placed with the route. See model/placement.ts.

import { baseNameOf } from '../../model/fileIds.js';
import { describeResource, groupKindString, qualifiedName } from '../../model/resource.js';
import { admissionUnknownText, listenerSetParentText } from '../wording.js';
import type { DiagnosticHome } from './home.js';

export const placementHome: DiagnosticHome = {
  codes: ['ApplyTimeNamespace'],
  fixtures: ['folders/apply-time-namespace'],

  message(f) {
    switch (f.is) {
      case 'admissionUnknown':
        return admissionUnknownText(f);
      case 'listenerSetParent':
        return listenerSetParentText(f);
      case 'parentApplyTime':
        return `${f.ref.kind} ${qualifiedName(f.ref)} is not in the workspace as written; \`${baseNameOf(f.parent.fileId)}\` defines "${f.ref.name}" without a namespace, applied with this route, so the parentRef finds it only if both are applied to ${f.ref.namespace}: whether this route attaches is unknown.`;
      case 'reference':
        return `${describeResource(f.referrer)} has no namespace of its own until it is applied (kubectl apply -n), so whether a ReferenceGrant in ${f.ref.namespace} lets it reach ${groupKindString(f.ref)} ${qualifiedName(f.ref)} cannot be checked.`;
      default:
        return '';
    }
  },
};
