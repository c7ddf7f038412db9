// Applies an LSP WorkspaceEdit to files on disk, as an editor would: CreateFile, versioned
// TextDocumentEdits and plain `changes`. Returns the files it touched, so the test can tell the
// server (didChange for open buffers, didChangeWatchedFiles for the rest).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { applyEdits } from './fixes.js';

export interface AppliedEdit {
  created: string[];
  changed: string[];
}

export function applyWorkspaceEdit(edit: WorkspaceEdit): AppliedEdit {
  const created: string[] = [];
  const changed: string[] = [];
  const write = (uri: string, edits: TextDocumentEdit['edits']) => {
    const file = URI.parse(uri).fsPath;
    const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
    writeFileSync(
      file,
      applyEdits(
        before,
        edits.map((e) => ({ range: e.range, newText: 'newText' in e ? e.newText : e.snippet.value })),
      ).text,
    );
    if (!created.includes(file) && !changed.includes(file)) changed.push(file);
  };
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind !== 'create') throw new Error(`unexpected resource operation ${change.kind}`);
      const file = URI.parse(change.uri).fsPath;
      if (!existsSync(file)) {
        writeFileSync(file, '');
        created.push(file);
      }
      continue;
    }
    write(change.textDocument.uri, change.edits);
  }
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) write(uri, edits);
  return { created, changed };
}
