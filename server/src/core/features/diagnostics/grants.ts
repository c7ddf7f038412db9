// Home of UnusedReferenceGrant: a ReferenceGrant that permits no reference in the workspace. It is
// decided by workspace-wide facts (the grant's users, which the aggregates keep), not by one
// analysis, so this home computes its findings per file.

import { isApplyTimeNamespace } from '../../model/placement.js';
import { GATEWAY_GROUP } from '../../model/resource.js';
import { finding } from '../../resolve/findings.js';
import type { DiagnosticHome, FileFinding } from './home.js';

export const grantsHome: DiagnosticHome = {
  codes: ['UnusedReferenceGrant'],
  fixtures: ['reference-grant/unused-grant'],

  message(f) {
    if (f.is !== 'unusedGrant') return '';
    const g = f.grant;
    const froms = [...new Set(g.from.map((e) => `${e.kind} from ${e.namespace}`))].join(', ') || 'its from list';
    const tos = g.to.map((t) => (t.name ? `${t.kind} "${t.name}"` : `any ${t.kind}`)).join(', ') || 'its to list';
    return `ReferenceGrant ${g.key.namespace}/${g.key.name} permits no reference in the workspace: nothing in ${froms} refers to ${tos} here. Remove it or check its from/to entries.`;
  },

  fileFindings(ctx, model) {
    const findings: FileFinding[] = [];
    for (const r of model.resources) {
      if (r.shape !== 'ReferenceGrant' || r.key.name === '' || ctx.grantUsers(r.id).size > 0) continue;
      // A grant placed at apply time may serve references into its namespace once it is placed.
      if (isApplyTimeNamespace(r.key.namespace)) continue;
      // Only Gateway API objects' references are read: an implementation's own referrers (Envoy AI
      // Gateway's AIGatewayRoute) may use the grant, and their controller checks it.
      if (r.from.some((e) => e.group !== GATEWAY_GROUP)) continue;
      const f = finding(r, 'metadata.name', r.headSpan, 'UnusedReferenceGrant', { is: 'unusedGrant', grant: r });
      findings.push({ finding: f });
    }
    return findings;
  },
};
