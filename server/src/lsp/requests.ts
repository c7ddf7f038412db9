// Answers to the client's requests — the one module that calls the core's queries. Each waits for
// a settled analysis (never forcing it: the analysis loop gives waiting requests a turn as soon as
// it settles), answers empty before the workspace has been indexed once or when the client cancels,
// and converts the core's plain results to LSP types.
//
// Quick fixes come from the server's own current diagnostics at the requested range, not from what
// the client sends back: a client that does not echo `Diagnostic.data`, or sends no diagnostics at
// all, still gets them. The client's diagnostics only narrow the choice, when they match.

import type {
  CancellationToken,
  CodeAction,
  CodeActionParams,
  CodeLens,
  CodeLensParams,
  DocumentSymbol,
  DocumentSymbolParams,
  PrepareRenameParams,
  RenameParams,
  WorkspaceEdit,
  WorkspaceSymbol,
  WorkspaceSymbolParams,
  CompletionItem,
  CompletionParams,
  Diagnostic as LspDiagnostic,
  HoverParams,
  Hover as LspHover,
  Location as LspLocation,
  Position,
  Range,
  TextDocumentPositionParams,
} from 'vscode-languageserver';
import { CodeActionKind, ResponseError } from 'vscode-languageserver';
import type { Diagnostic } from '../core/api.js';
import type { AnalysisLoop } from './analysisLoop.js';
import type { DiagnosticData, EditCapabilities } from './convert.js';
import {
  SOURCE,
  diagnosticDoc,
  toCodeAction,
  toLspCodeLens,
  toLspCompletion,
  toLspDocumentSymbol,
  toLspLocation,
  toLspWorkspaceSymbol,
  toWorkspaceEdit,
} from './convert.js';
import type { TopologyResult } from './protocol.js';

/** What answering needs from the session. */
export interface RequestContext {
  loop: AnalysisLoop;
  fileIdOf(uri: string): string;
  uriOf: (fileId: string) => string;
  versionOf: (uri: string) => number | null;
  /** The text of an open buffer, as the client last sent it. */
  textOf(fileId: string): string | undefined;
  toLsp: (d: Diagnostic) => LspDiagnostic;
  edits(): EditCapabilities;
}

export class Requests {
  constructor(private readonly s: RequestContext) {}

  async hover(p: HoverParams, token: CancellationToken): Promise<LspHover | null> {
    if (!(await this.settled(token))) return null;
    const link = (fileId: string, range: { start: Position }) =>
      `${this.s.uriOf(fileId)}#L${range.start.line + 1},${range.start.character + 1}`;
    const h = this.s.loop.analysis.hover(this.s.fileIdOf(p.textDocument.uri), p.position, link, diagnosticDoc);
    return h ? { contents: { kind: 'markdown', value: h.markdown }, range: h.range } : null;
  }

  async definition(p: TextDocumentPositionParams, token: CancellationToken): Promise<LspLocation[]> {
    if (!(await this.settled(token))) return [];
    return this.s.loop.analysis
      .definition(this.s.fileIdOf(p.textDocument.uri), p.position)
      .map((l) => toLspLocation(l, this.s.uriOf));
  }

  async references(p: TextDocumentPositionParams, token: CancellationToken): Promise<LspLocation[]> {
    if (!(await this.settled(token))) return [];
    return this.s.loop.analysis
      .references(this.s.fileIdOf(p.textDocument.uri), p.position)
      .map((l) => toLspLocation(l, this.s.uriOf));
  }

  async completion(p: CompletionParams, token: CancellationToken): Promise<CompletionItem[]> {
    const fileId = this.s.fileIdOf(p.textDocument.uri);
    const text = this.s.textOf(fileId);
    if (text === undefined || !(await this.settled(token))) return [];
    return this.s.loop.analysis.completion(fileId, text, p.position).map(toLspCompletion);
  }

  async codeLenses(p: CodeLensParams, token: CancellationToken): Promise<CodeLens[]> {
    if (!(await this.settled(token))) return [];
    const uri = p.textDocument.uri;
    return this.s.loop.analysis.codeLenses(this.s.fileIdOf(uri)).map((lens) => toLspCodeLens(lens, uri, this.s.uriOf));
  }

  async documentSymbols(p: DocumentSymbolParams, token: CancellationToken): Promise<DocumentSymbol[]> {
    if (!(await this.settled(token))) return [];
    return this.s.loop.analysis.documentSymbols(this.s.fileIdOf(p.textDocument.uri)).map(toLspDocumentSymbol);
  }

  async workspaceSymbols(p: WorkspaceSymbolParams, token: CancellationToken): Promise<WorkspaceSymbol[]> {
    if (!(await this.settled(token))) return [];
    return this.s.loop.analysis.workspaceSymbols(p.query).map((s) => toLspWorkspaceSymbol(s, this.s.uriOf));
  }

  async prepareRename(
    p: PrepareRenameParams,
    token: CancellationToken,
  ): Promise<{ range: Range; placeholder: string } | null> {
    if (!(await this.settled(token))) return null;
    return this.s.loop.analysis.prepareRename(this.s.fileIdOf(p.textDocument.uri), p.position) ?? null;
  }

  async rename(p: RenameParams, token: CancellationToken): Promise<WorkspaceEdit | null> {
    if (!(await this.settled(token))) return null;
    const result = this.s.loop.analysis.rename(this.s.fileIdOf(p.textDocument.uri), p.position, p.newName);
    // The client shows the error to the user (a rename that cannot be done is not a server failure).
    if ('error' in result) throw new ResponseError(-32803, result.error);
    return toWorkspaceEdit({ edits: result.edits, creates: [] }, this.s.uriOf, this.s.versionOf, this.s.edits());
  }

  async codeActions(p: CodeActionParams, token: CancellationToken): Promise<CodeAction[]> {
    const only = p.context?.only;
    if (only && !only.some((k) => k === '' || isKindOf(CodeActionKind.QuickFix, k))) return [];
    if (!(await this.settled(token))) return [];
    const fileId = this.s.fileIdOf(p.textDocument.uri);
    const here = this.s.loop.diagnostics(fileId).filter((d) => overlaps(d.range, p.range));
    const theirs = (p.context?.diagnostics ?? []).filter((d) => d.source === SOURCE);
    const named = here.filter((d) => theirs.some((t) => sameDiagnostic(t, d)));
    const edits = this.s.edits();
    const actions: CodeAction[] = [];
    for (const d of named.length > 0 ? named : here) {
      const lsp = this.s.toLsp(d);
      for (const fix of this.s.loop.analysis.fixes(fileId, d.code, d.subject, { canCreateFiles: edits.createFiles }))
        actions.push(toCodeAction(fix, lsp, this.s.uriOf, this.s.versionOf, edits));
    }
    return actions;
  }

  async topology(token: CancellationToken): Promise<TopologyResult> {
    if (!(await this.settled(token))) return { nodes: [], edges: [] };
    const { nodes, edges } = this.s.loop.analysis.topology();
    return {
      nodes: nodes.map(({ location, ...n }) =>
        location ? { ...n, location: toLspLocation(location, this.s.uriOf) } : n,
      ),
      edges,
    };
  }

  /** Waits for the first analysis and a settled host; false when cancelled or stopping. */
  private async settled(token: CancellationToken): Promise<boolean> {
    const loop = this.s.loop;
    return (await loop.whenReady(token)) && (await loop.whenSettled(token)) && !token.isCancellationRequested;
  }
}

/** Whether code action kind `kind` falls under the requested `filter` (`quickfix` under `quickfix`). */
function isKindOf(kind: string, filter: string): boolean {
  return kind === filter || kind.startsWith(`${filter}.`);
}

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);

/** Ranges that overlap or touch (a cursor at either end of a diagnostic is on it). */
function overlaps(a: Range, b: Range): boolean {
  return before(a.start, b.end) && before(b.start, a.end);
}

/** A client's diagnostic is one of ours: same code and subject (when the client echoed it), else same range. */
function sameDiagnostic(theirs: LspDiagnostic, ours: Diagnostic): boolean {
  if (theirs.code !== ours.code) return false;
  const subject = (theirs.data as DiagnosticData | undefined)?.subject;
  if (typeof subject === 'string') return subject === ours.subject;
  const r = theirs.range;
  return (
    r.start.line === ours.range.start.line &&
    r.start.character === ours.range.start.character &&
    r.end.line === ours.range.end.line &&
    r.end.character === ours.range.end.character
  );
}
