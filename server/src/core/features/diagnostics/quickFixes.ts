// Quick fixes for a diagnostic, recomputed from the settled workspace and found by the
// diagnostic's code and subject (never by message text): the owning home's fixes, plus the
// did-you-mean rename any finding may carry. Offered only where applying them makes the reference
// resolve; the test suite applies every one and re-analyses.

import type { Code } from '../../codes.js';
import { CODES } from '../../codes.js';
import type { QueryContext } from '../../query/context.js';
import type { Finding } from '../../resolve/findings.js';
import type { Fix, FixOptions } from '../fixes/change.js';
import { ChangeBuilder } from '../fixes/change.js';
import { homeOf } from './registry.js';

export function fixesFor(ctx: QueryContext, fileId: string, code: Code, subject: string, options: FixOptions): Fix[] {
  const model = ctx.model(fileId);
  if (!model) return [];
  for (const r of model.resources) {
    const a = ctx.analysis(r.id);
    const f = a?.findings.find((x) => x.code === code && x.subject === subject);
    if (!a || !f) continue;
    // A solver route's finding speaks for one route: the home's fixes (a listener's allowedRoutes,
    // a Namespace label) make that one attach, and are offered only when no other route fails too.
    const homeFixes = (f.solverRoute?.more ?? 0) > 0 ? [] : (homeOf(code)?.fixes?.(ctx, a, f, options) ?? []);
    return dedupe([...suggestionFix(ctx, f), ...homeFixes]);
  }
  return [];
}

function suggestionFix(ctx: QueryContext, f: Finding): Fix[] {
  if (!f.suggestion) return [];
  const change = new ChangeBuilder(ctx);
  const edits = change.file(f.fileId)?.replaceAt(f.suggestion.span, f.suggestion.name);
  if (!edits) return [];
  change.add(f.fileId, ...edits);
  // Preferred (applied by "auto fix") where the finding says the name is wrong; a note's name may
  // be right for a cluster the workspace does not show.
  const severity = ctx.options.severities[f.code] ?? CODES[f.code].severity;
  const preferred = severity === 'error' || severity === 'warning';
  return [change.build(`Change to "${f.suggestion.name}"`, f.code, f.subject, preferred)];
}

function dedupe(fixes: Fix[]): Fix[] {
  const seen = new Set<string>();
  return fixes.filter((f) => !seen.has(f.title) && seen.add(f.title));
}
