// Home of RouteKindClash: an HTTPRoute and a GRPCRoute that share a hostname on one listener, of
// which the controller accepts only the older. Decided by the other routes on the listener (the
// aggregates), not by one analysis, so this home computes its findings per file.

import { describeResource } from '../../model/resource.js';
import { routeKindClashes } from '../../query/routeClashes.js';
import type { DiagnosticHome, FileFinding } from './home.js';

export const routeKindsHome: DiagnosticHome = {
  codes: ['RouteKindClash'],
  fixtures: ['hostnames/route-kind-clash', 'hostnames/route-kind-clash-wildcard-listener'],

  message(f) {
    if (f.is !== 'routeKindClash') return '';
    const more = f.others ? ' (and others)' : '';
    const what = f.hostname === undefined ? 'every hostname' : f.hostname;
    return `This ${f.route.routeKind} and ${describeResource(f.other)}${more} both answer ${what} on listener "${f.listener}" of ${describeResource(f.owner)}; the controller accepts only the older one. Give them different hostnames or listeners.`;
  },

  related(f, ctx) {
    if (f.is !== 'routeKindClash') return [];
    const other = ctx.current(f.other);
    return [{ fileId: other.fileId, span: other.headSpan, message: describeResource(other) }];
  },

  fileFindings(ctx, model) {
    const findings: FileFinding[] = [];
    for (const r of model.resources) {
      if (r.shape !== 'Route') continue;
      for (const finding of routeKindClashes(ctx, r))
        findings.push(r.build === undefined ? { finding } : { finding, build: r.build });
    }
    return findings;
  },
};
