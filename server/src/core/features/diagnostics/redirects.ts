// Home of HTTPSRedirectLoop: a route whose RequestRedirect sends clients to https, attached by a
// parentRef without sectionName to every listener of the Gateway, the HTTPS one included, where it
// redirects https requests to themselves. Fixed by naming the HTTP listener in the parentRef.

import { describeResource } from '../../model/resource.js';
import { ChangeBuilder } from '../fixes/change.js';
import { quotedNames } from '../wording.js';
import type { DiagnosticHome } from './home.js';

export const redirectsHome: DiagnosticHome = {
  codes: ['HTTPSRedirectLoop'],
  fixtures: ['listener-selection/https-redirect-loop'],

  message(f) {
    if (f.is !== 'redirectLoop') return '';
    const s = f.https.length > 1 ? 's' : '';
    return `This route redirects to https and, without a sectionName, also attaches to HTTPS listener${s} ${quotedNames(f.https)} of ${describeResource(f.owner)}, where it redirects https requests to themselves (a redirect loop). Set \`sectionName\` to the HTTP listener (${quotedNames(f.http)}).`;
  },

  fixes(ctx, analysis, f) {
    if (f.is !== 'redirectLoop' || f.http.length !== 1) return [];
    const route = analysis.resource;
    const change = new ChangeBuilder(ctx);
    const file = change.file(route.fileId);
    const root = file?.find(route);
    const node = root && file?.at(root, f.ref.path);
    if (!file || node?.kind !== 'map') return [];
    const sectionName = f.http[0]!;
    const edits = file.addEntries(node, { sectionName });
    if (!edits) return [];
    change.add(route.fileId, ...edits);
    return [change.build(`Attach only to listener "${sectionName}" (add sectionName)`, f.code, f.subject, true)];
  },
};
