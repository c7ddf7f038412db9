// Change notifications checked at the edge. JSON-RPC delivers whatever the client sent; a malformed
// notification (a `didOpen` whose text is null, a change without text) is refused here, with the
// reason, instead of reaching the analysis where it would spoil other files' changes. Requests need
// no such check: a request handler that fails answers empty (handlers.ts).

import type { FileEvent, TextDocumentContentChangeEvent } from 'vscode-languageserver';

export type Checked<T> = { ok: T } | { invalid: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isUri = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function isPosition(v: unknown): boolean {
  return isObject(v) && isCount(v.line) && isCount(v.character);
}

function isRange(v: unknown): boolean {
  return isObject(v) && isPosition(v.start) && isPosition(v.end);
}

export interface OpenParams {
  uri: string;
  languageId: string;
  version: number;
  text: string;
}

export function checkDidOpen(p: unknown): Checked<OpenParams> {
  const d = isObject(p) ? p.textDocument : undefined;
  if (!isObject(d) || !isUri(d.uri)) return { invalid: 'textDocument.uri is missing' };
  if (typeof d.text !== 'string') return { invalid: `${d.uri}: textDocument.text is not a string` };
  const languageId = typeof d.languageId === 'string' ? d.languageId : '';
  const version = typeof d.version === 'number' && Number.isInteger(d.version) ? d.version : 0;
  return { ok: { uri: d.uri, languageId, version, text: d.text } };
}

export interface ChangeParams {
  uri: string;
  version: number;
  changes: TextDocumentContentChangeEvent[];
}

export function checkDidChange(p: unknown): Checked<ChangeParams> {
  const d = isObject(p) ? p.textDocument : undefined;
  if (!isObject(d) || !isUri(d.uri)) return { invalid: 'textDocument.uri is missing' };
  const changes = isObject(p) ? p.contentChanges : undefined;
  if (!Array.isArray(changes)) return { invalid: `${d.uri}: contentChanges is not a list` };
  for (const c of changes as unknown[]) {
    if (!isObject(c) || typeof c.text !== 'string') return { invalid: `${d.uri}: a content change has no text` };
    if (c.range !== undefined && !isRange(c.range)) return { invalid: `${d.uri}: a content change has a bad range` };
  }
  const version = typeof d.version === 'number' && Number.isInteger(d.version) ? d.version : 0;
  return { ok: { uri: d.uri, version, changes: changes as TextDocumentContentChangeEvent[] } };
}

export function checkDidClose(p: unknown): Checked<string> {
  const d = isObject(p) ? p.textDocument : undefined;
  return isObject(d) && isUri(d.uri) ? { ok: d.uri } : { invalid: 'textDocument.uri is missing' };
}

/** Watched-file events: the well-formed ones (a bad event is dropped, not the batch), and how many were not. */
export function checkFileEvents(p: unknown): { events: FileEvent[]; dropped: number } {
  const changes = isObject(p) && Array.isArray(p.changes) ? (p.changes as unknown[]) : [];
  const events = changes.filter(
    (e): e is FileEvent => isObject(e) && isUri(e.uri) && (e.type === 1 || e.type === 2 || e.type === 3),
  );
  return { events, dropped: changes.length - events.length };
}
