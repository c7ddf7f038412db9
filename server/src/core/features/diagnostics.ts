// Findings → diagnostics: offsets become line/character ranges, the catalog gives each code its
// severity, user overrides apply ('off' drops a code), and the order is stable.

import type { Code, Severity } from '../codes.js';
import { CODES } from '../codes.js';
import type { Finding } from '../resolve/findings.js';
import type { LineIndex, Range } from '../text/lineIndex.js';

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

export type LineIndexOf = (fileId: string) => LineIndex | undefined;

export function toDiagnostic(
  f: Finding,
  lineIndexOf: LineIndexOf,
  overrides: Partial<Record<Code, Severity | 'off'>>,
): Diagnostic | undefined {
  const severity = overrides[f.code] ?? CODES[f.code].severity;
  if (severity === 'off') return undefined;
  const lines = lineIndexOf(f.fileId);
  if (!lines) return undefined;
  const related: RelatedInformation[] = [];
  for (const r of f.related) {
    const other = lineIndexOf(r.fileId);
    if (other) related.push({ fileId: r.fileId, range: other.range(r.span.start, r.span.end), message: r.message });
  }
  return {
    fileId: f.fileId,
    range: lines.range(f.span.start, f.span.end),
    severity,
    code: f.code,
    message: f.message,
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
