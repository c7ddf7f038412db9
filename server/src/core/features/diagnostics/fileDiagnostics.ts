// Findings → diagnostics for one file: the file's skip note and reading problems, the findings of
// its resources' analyses and of the homes that decide per file (unused grants); each worded by
// its home, given its catalog severity or the user's override ('off' drops it), with offsets
// turned into the line/character ranges they underline (LineIndex.underline), in a stable order.
// A file that several kustomize builds include has its objects once per build: a diagnostic every
// build gives is reported once, and one that only some builds give names them, since the same line
// is fine in the others.

import { isSuppressed } from '../../text/suppressions.js';
import type { Code, Severity } from '../../codes.js';
import { CODES } from '../../codes.js';
import { folderOf } from '../../model/fileIds.js';
import { fluxBuildName } from '../../model/fluxKustomization.js';
import type { FileModel } from '../../model/summarize.js';
import type { QueryContext } from '../../query/context.js';
import type { Finding } from '../../resolve/findings.js';
import type { Range } from '../../text/lineIndex.js';
import type { FileFinding } from './home.js';
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

/** Every finding about a file, before severities apply, with the kustomize build of the object it is about. */
function fileFindings(ctx: QueryContext, model: FileModel): FileFinding[] {
  const findings: FileFinding[] = [];
  const { fileId } = model;
  if (model.skipped) {
    const { code, message } = model.skipped;
    const finding: Finding = { code, fileId, span: { start: 0, end: 0 }, subject: fileId, is: 'manifest', message };
    findings.push({ finding });
  }
  for (const p of model.problems) {
    const facts = { is: 'manifest' as const, message: p.message };
    findings.push({
      finding: { code: p.code as Code, fileId, span: p.span, subject: `${fileId} ${p.span.start}`, ...facts },
    });
  }
  for (const r of model.resources) {
    const a = ctx.analysis(r.id);
    if (a)
      for (const finding of a.findings)
        findings.push(r.build === undefined ? { finding } : { finding, build: r.build });
  }
  for (const home of HOMES) if (home.fileFindings) findings.push(...home.fileFindings(ctx, model));
  return findings;
}

export function fileDiagnostics(ctx: QueryContext, fileId: string): Diagnostic[] {
  const model = ctx.model(fileId);
  if (!model) return [];
  const builds = new Set<string>();
  for (const r of model.resources) if (r.build !== undefined) builds.add(r.build);
  const result: Diagnostic[] = [];
  // Diagnostics by what they say and where, with the builds that give each.
  const byBuild = new Map<string, { d: Diagnostic; builds: Set<string> }>();
  for (const { finding, build } of fileFindings(ctx, model)) {
    const d = toDiagnostic(ctx, finding);
    if (!d) continue;
    if (builds.size < 2 || build === undefined) {
      result.push(d);
      continue;
    }
    const key = `${d.code} ${finding.span.start} ${finding.span.end} ${d.message}`;
    const same = byBuild.get(key);
    if (same) same.builds.add(build);
    else byBuild.set(key, { d, builds: new Set([build]) });
  }
  for (const { d, builds: some } of byBuild.values()) {
    if (some.size < builds.size) d.message += ` (in ${buildList(fileId, some)})`;
    result.push(d);
  }
  const suppressions = model.suppressions;
  return (suppressions ? result.filter((d) => !isSuppressed(suppressions, d.code, d.range.start.line)) : result).sort(
    compareDiagnostics,
  );
}

/**
 * Builds as their users name them: the folders `kustomize build` runs in, relative to the folder
 * they share with the file, so the server (URIs) and the CLI (paths) say the same words.
 */
function buildList(fileId: string, builds: Set<string>): string {
  const flux = [...builds].flatMap((b) => fluxBuildName(b) ?? []);
  const folders = [...builds]
    .filter((b) => fluxBuildName(b) === undefined)
    .map((b) => folderOf(b.replace(/~\d+$/, '')));
  const shared = sharedFolder([folderOf(fileId), ...folders]);
  const names = folders.map((f) => (f === shared ? '.' : readable(f.slice(shared === '' ? 0 : shared.length + 1))));
  const parts = [];
  if (names.length > 0) parts.push(`kustomize build ${[...new Set(names)].sort().join(', ')}`);
  // A Flux build is named by its Kustomization, as `flux get kustomizations` lists it.
  if (flux.length > 0) parts.push(`Flux Kustomization ${[...new Set(flux)].sort().join(', ')}`);
  return parts.join('; ');
}

/** The longest folder that holds every one of `folders` ('' when they share none). */
function sharedFolder(folders: string[]): string {
  let shared = folders[0] ?? '';
  for (const f of folders)
    while (shared !== '' && f !== shared && !f.startsWith(shared + '/')) shared = folderOf(shared);
  return shared;
}

/** A URI path tail without its percent-encoding (left as it is when it is not valid encoding). */
function readable(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
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
    range: lines.underline(f.span.start, f.span.end),
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
