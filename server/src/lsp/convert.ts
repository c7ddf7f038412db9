// Core results ↔ LSP types, in one place: diagnostics (code, source, related information, the
// subject in `data`), hovers, locations, completion items, code lenses, symbols, and fixes as code actions with WorkspaceEdits that use
// `documentChanges`/CreateFile when the client supports them and plain `changes` otherwise.

import type {
  CodeAction,
  CodeLens as LspCodeLens,
  CompletionItem as LspCompletionItem,
  DocumentSymbol as LspDocumentSymbol,
  WorkspaceSymbol as LspWorkspaceSymbol,
  Diagnostic as LspDiagnostic,
  DiagnosticRelatedInformation,
  Location as LspLocation,
  WorkspaceEdit,
} from 'vscode-languageserver';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  MarkupKind,
  SymbolKind,
} from 'vscode-languageserver';
import type {
  CodeLens,
  CompletionItem,
  CompletionKind,
  Diagnostic,
  DocumentSymbol,
  Fix,
  Location,
  SymbolKind as CoreSymbolKind,
  WorkspaceSymbol,
} from '../core/api.js';
import { SHOW_REFERENCES_COMMAND } from './protocol.js';

export const SOURCE = 'gateway-refs';

/** What the server keeps in `Diagnostic.data` to find fixes later. */
export interface DiagnosticData {
  subject: string;
}

const SEVERITY: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * Each code links to its section of docs/diagnostics.md, which the extension ships beside the server
 * bundle (dist/server.js → docs/diagnostics.md); anchors are the lowercased code, as Markdown
 * renderers make them.
 */
const DIAGNOSTICS_DOC = pathToFileURL(path.resolve(__dirname, '..', 'docs', 'diagnostics.md')).href;

/** The section of docs/diagnostics.md that documents a code. */
export function diagnosticDoc(code: string): string {
  return `${DIAGNOSTICS_DOC}#${code.toLowerCase()}`;
}

/** Codes that mark text the cluster does not need (shown faded, as unused code is). */
const UNNECESSARY = new Set<string>(['UnusedReferenceGrant']);

export function toLspDiagnostic(
  d: Diagnostic,
  uriOf: (fileId: string) => string,
  relatedInformation: boolean,
): LspDiagnostic {
  const result: LspDiagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: SOURCE,
    message: d.message,
    codeDescription: { href: diagnosticDoc(d.code) },
    data: { subject: d.subject } satisfies DiagnosticData,
  };
  if (UNNECESSARY.has(d.code)) result.tags = [DiagnosticTag.Unnecessary];
  if (relatedInformation && d.related.length > 0) {
    result.relatedInformation = d.related.map((r): DiagnosticRelatedInformation => ({
      location: { uri: uriOf(r.fileId), range: r.range },
      message: r.message,
    }));
  }
  return result;
}

export function toLspLocation(l: Location, uriOf: (fileId: string) => string): LspLocation {
  return { uri: uriOf(l.fileId), range: l.range };
}

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  reference: CompletionItemKind.Reference,
  namespace: CompletionItemKind.Module,
  listener: CompletionItemKind.Field,
  value: CompletionItemKind.Value,
  kind: CompletionItemKind.Class,
  label: CompletionItemKind.Property,
};

export function toLspCompletion(c: CompletionItem): LspCompletionItem {
  return {
    label: c.label,
    kind: COMPLETION_KIND[c.kind],
    ...(c.detail ? { detail: c.detail } : {}),
    ...(c.documentation ? { documentation: { kind: MarkupKind.Markdown, value: c.documentation } } : {}),
    sortText: c.sortText,
    filterText: c.edit.newText,
    textEdit: c.edit,
    ...(c.additionalEdits.length > 0 ? { additionalTextEdits: c.additionalEdits } : {}),
  };
}

/** A lens whose command opens what it counts (see SHOW_REFERENCES_COMMAND). */
export function toLspCodeLens(lens: CodeLens, uri: string, uriOf: (fileId: string) => string): LspCodeLens {
  return {
    range: lens.range,
    command: {
      title: lens.title,
      command: SHOW_REFERENCES_COMMAND,
      arguments: [uri, lens.range.start, lens.locations.map((l) => toLspLocation(l, uriOf))],
    },
  };
}

const SYMBOL_KIND: Record<CoreSymbolKind, SymbolKind> = {
  object: SymbolKind.Object,
  namespace: SymbolKind.Namespace,
  listener: SymbolKind.Field,
  rule: SymbolKind.Struct,
  reference: SymbolKind.Key,
};

export function toLspDocumentSymbol(s: DocumentSymbol): LspDocumentSymbol {
  return {
    name: s.name,
    ...(s.detail ? { detail: s.detail } : {}),
    kind: SYMBOL_KIND[s.kind],
    range: s.range,
    selectionRange: s.selectionRange,
    ...(s.children.length > 0 ? { children: s.children.map(toLspDocumentSymbol) } : {}),
  };
}

export function toLspWorkspaceSymbol(s: WorkspaceSymbol, uriOf: (fileId: string) => string): LspWorkspaceSymbol {
  return {
    name: s.name,
    kind: SYMBOL_KIND[s.kind],
    containerName: s.containerName,
    location: toLspLocation(s.location, uriOf),
  };
}

export interface EditCapabilities {
  documentChanges: boolean;
  createFiles: boolean;
}

export function toCodeAction(
  fix: Fix,
  diagnostic: LspDiagnostic,
  uriOf: (fileId: string) => string,
  versionOf: (uri: string) => number | null,
  caps: EditCapabilities,
): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.preferred,
    edit: toWorkspaceEdit(fix, uriOf, versionOf, caps),
  };
}

/** Edits and file creations (a fix, a rename) as a WorkspaceEdit the client can apply. */
export function toWorkspaceEdit(
  fix: Pick<Fix, 'edits' | 'creates'>,
  uriOf: (fileId: string) => string,
  versionOf: (uri: string) => number | null,
  caps: EditCapabilities,
): WorkspaceEdit {
  if (!caps.documentChanges) {
    const changes: WorkspaceEdit['changes'] = {};
    for (const f of fix.edits) changes[uriOf(f.fileId)] = f.edits;
    return { changes };
  }
  const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = [];
  for (const c of fix.creates) {
    const uri = uriOf(c.fileId);
    documentChanges.push({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: true } });
    documentChanges.push({
      textDocument: { uri, version: null },
      edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: c.text }],
    });
  }
  for (const f of fix.edits) {
    const uri = uriOf(f.fileId);
    documentChanges.push({ textDocument: { uri, version: versionOf(uri) }, edits: f.edits });
  }
  return { documentChanges };
}
