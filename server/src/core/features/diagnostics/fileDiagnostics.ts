// Findings → diagnostics for one file: the file's skip note and reading problems, the findings of
// its resources' analyses and of the homes that decide per file (unused grants); each worded by
// its home, given its catalog severity or the user's override ('off' drops it), with offsets
// turned into line/character ranges, in a stable order.

import type { Code, Severity } from '../../codes.js';
import { CODES } from '../../codes.js';
import type { FileModel } from '../../model/summarize.js';
import type { QueryContext } from '../../query/context.js';
import type { Finding } from '../../resolve/findings.js';
import type { Range } from '../../text/lineIndex.js';
import { HOMES, messageOf, relatedOf } from './registry.js';

export interface RelatedInformation {
  fileId: string;
  range: Range;
  message: string;
}

export interface Diagnostic {
  fileId: string;
  range: Range;
  severity: Severity;
  code: Code;
  message: string;
  related: RelatedInformation[];
  /** The resource and field the diagnostic is about; stable across edits (see resolve/findings). */
  subject: string;
}

/** Every finding about a file, before severities apply. */
export function fileFindings(ctx: QueryContext, model: FileModel): Finding[] {
  const findings: Finding[] = [];
  const { fileId } = model;
  if (model.skipped) {
    const { code, message } = model.skipped;
    findings.push({ code, fileId, span: { start: 0, end: 0 }, subject: fileId, is: 'manifest', message });
  }
  for (const p of model.problems) {
    const facts = { is: 'manifest' as const, message: p.message };
    findings.push({ code: p.code as Code, fileId, span: p.span, subject: `${fileId} ${p.span.start}`, ...facts });
  }
  for (const r of model.resources) {
    const a = ctx.analysis(r.id);
    if (a) for (const f of a.findings) findings.push(f);
  }
  for (const home of HOMES) if (home.fileFindings) findings.push(...home.fileFindings(ctx, model));
  return findings;
}

export function fileDiagnostics(ctx: QueryContext, fileId: string): Diagnostic[] {
  const model = ctx.model(fileId);
  if (!model) return [];
  const result: Diagnostic[] = [];
  for (const f of fileFindings(ctx, model)) {
    const d = toDiagnostic(ctx, f);
    if (d) result.push(d);
  }
  return result.sort(compareDiagnostics);
}

function toDiagnostic(ctx: QueryContext, f: Finding): Diagnostic | undefined {
  const severity = ctx.options.severities[f.code] ?? CODES[f.code].severity;
  if (severity === 'off') return undefined;
  const lines = ctx.lineIndex(f.fileId);
  if (!lines) return undefined;
  const related: RelatedInformation[] = [];
  for (const r of relatedOf(f, ctx)) {
    const other = ctx.lineIndex(r.fileId);
    if (other) related.push({ fileId: r.fileId, range: other.range(r.span.start, r.span.end), message: r.message });
  }
  return {
    fileId: f.fileId,
    range: lines.range(f.span.start, f.span.end),
    severity,
    code: f.code,
    message: messageOf(f),
    related,
    subject: f.subject,
  };
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}
