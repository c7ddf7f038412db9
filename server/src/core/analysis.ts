// The Analysis facade: every question a front end asks about a workspace, answered in plain data
// (file ids, line/character ranges, markdown, text edits). It settles the host, then hands the
// features the host's query context; a file's diagnostics are cached until the host reports a
// change that may touch them.

import type { AnalysisHost } from './host.js';
import type { Code } from './codes.js';
import type { CodeLens } from './features/codeLens.js';
import { codeLenses } from './features/codeLens.js';
import type { CompletionItem } from './features/completion.js';
import type { RenameResult, RenameTarget } from './features/rename.js';
import { prepareRename, rename } from './features/rename.js';
import type { DocumentSymbol, WorkspaceSymbol } from './features/symbols.js';
import { documentSymbols, workspaceSymbols } from './features/symbols.js';
import { completion } from './features/completion.js';
import type { Diagnostic } from './features/diagnostics/fileDiagnostics.js';
import { fileDiagnostics } from './features/diagnostics/fileDiagnostics.js';
import { fixesFor } from './features/diagnostics/quickFixes.js';
import type { Fix, FixOptions } from './features/fixes/change.js';
import type { DocTarget, Hover, LinkTarget } from './features/hover.js';
import { hover } from './features/hover.js';
import type { Location } from './features/navigation.js';
import { definition, references } from './features/navigation.js';
import type { StatusReport } from './features/status.js';
import type { Topology } from './features/topology.js';
import { topology } from './features/topology.js';
import { statusReport } from './features/status.js';
import type { QueryContext } from './query/context.js';
import type { Position, Range } from './text/lineIndex.js';

export class Analysis {
  private readonly diagnosticsCache = new Map<string, { revision: number; list: Diagnostic[] }>();

  constructor(private readonly host: AnalysisHost) {}

  /** The settled workspace, for one query. */
  private get ctx(): QueryContext {
    this.host.settle();
    return this.host.context;
  }

  diagnostics(fileId: string): Diagnostic[] {
    const ctx = this.ctx;
    const revision = this.host.fileRevision(fileId);
    const cached = this.diagnosticsCache.get(fileId);
    if (cached?.revision === revision) return cached.list;
    const list = fileDiagnostics(ctx, fileId);
    this.diagnosticsCache.set(fileId, { revision, list });
    return list;
  }

  /** What a conforming controller would write into every route's, Gateway's and ListenerSet's status. */
  status(): StatusReport {
    return statusReport(this.ctx);
  }

  /** The workspace as a graph: Gateway → listener → route → backend, each edge with its verdict. */
  topology(): Topology {
    return topology(this.ctx);
  }

  hover(fileId: string, position: Position, linkTarget?: LinkTarget, docTarget?: DocTarget): Hover | undefined {
    return hover(this.ctx, fileId, position, linkTarget, docTarget);
  }

  definition(fileId: string, position: Position): Location[] {
    return definition(this.ctx, fileId, position);
  }

  references(fileId: string, position: Position): Location[] {
    return references(this.ctx, fileId, position);
  }

  /** Completion at a position of `text`, the buffer as it is now (the analysis may be a little older). */
  completion(fileId: string, text: string, position: Position): CompletionItem[] {
    return completion(this.ctx, fileId, text, position);
  }

  /** Status shown above listeners, parentRefs and ReferenceGrants, with the locations each counts. */
  codeLenses(fileId: string): CodeLens[] {
    return codeLenses(this.ctx, fileId);
  }

  /** The outline of a file: each object, with its listeners, parentRefs and rules, or grant entries. */
  documentSymbols(fileId: string): DocumentSymbol[] {
    return documentSymbols(this.ctx, fileId);
  }

  /** Objects and listeners whose name matches `query`, best first. */
  workspaceSymbols(query: string): WorkspaceSymbol[] {
    return workspaceSymbols(this.ctx, query);
  }

  /** The name a rename at this position would change, if any. */
  prepareRename(fileId: string, position: Position): RenameTarget | undefined {
    return prepareRename(this.ctx, fileId, position);
  }

  /** The edits that rename what is at the position, and everything that refers to it, to `newName`. */
  rename(fileId: string, position: Position, newName: string): RenameResult {
    return rename(this.ctx, fileId, position, newName);
  }

  /** The quick fixes of one diagnostic, named by its code and subject. */
  fixes(fileId: string, code: Code, subject: string, options: FixOptions): Fix[] {
    return fixesFor(this.ctx, fileId, code, subject, options);
  }

  /** The quick fixes of every current diagnostic of the file that overlaps `range`, with the diagnostic each fixes. */
  fixesAt(fileId: string, range: Range, options: FixOptions): { diagnostic: Diagnostic; fix: Fix }[] {
    const out: { diagnostic: Diagnostic; fix: Fix }[] = [];
    for (const d of this.diagnostics(fileId)) {
      if (!overlaps(d.range, range)) continue;
      for (const fix of this.fixes(fileId, d.code, d.subject, options)) out.push({ diagnostic: d, fix });
    }
    return out;
  }
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Whether two ranges share a position (touching counts, as a cursor at a squiggle's end does). */
function overlaps(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}
