// What the client has been told about each file's diagnostics, and telling it more: a file is
// published only when its diagnostics differ from what the client has, under the URI spelling the
// client uses for it (the one it opened the file under, else the canonical one). When that spelling
// changes — a buffer opened or closed under another spelling — the old one is cleared, so nothing
// stale stays behind under a URI the server no longer uses. Large batches go out in time slices.

import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { TimeSlice } from '../io/timeSlice.js';
import type { Outbox } from './outbox.js';

interface Published {
  uri: string;
  json: string;
  count: number;
}

export class DiagnosticsPublisher {
  /** By file id; files the client has no diagnostics for are absent. */
  private readonly published = new Map<string, Published>();

  constructor(
    private readonly outbox: Outbox,
    /** The URI the client uses for a file id. */
    private readonly uriOf: (fileId: string) => string,
  ) {}

  /** Publishes a file's diagnostics unless the client already has exactly these; resolves once written. */
  send(fileId: string, diagnostics: LspDiagnostic[]): Promise<void> {
    const uri = this.uriOf(fileId);
    const json = JSON.stringify(diagnostics);
    const last = this.published.get(fileId);
    const writes: Promise<void>[] = [];
    if (last && last.uri !== uri) writes.push(this.outbox.diagnostics({ uri: last.uri, diagnostics: [] }));
    if (last?.uri !== uri || last.json !== json) {
      if (last?.uri === uri || diagnostics.length > 0) writes.push(this.outbox.diagnostics({ uri, diagnostics }));
    }
    if (diagnostics.length === 0) this.published.delete(fileId);
    else this.published.set(fileId, { uri, json, count: diagnostics.length });
    return Promise.all(writes).then(() => undefined);
  }

  /** Sends each file's diagnostics, yielding between time slices; a file that fails is logged and skipped. */
  async sendAll(
    slice: TimeSlice,
    fileIds: Iterable<string>,
    diagnosticsOf: (fileId: string) => LspDiagnostic[],
    onError: (fileId: string, error: unknown) => void,
  ): Promise<void> {
    const writes: Promise<void>[] = [];
    for (const fileId of fileIds) {
      try {
        writes.push(this.send(fileId, diagnosticsOf(fileId)));
      } catch (error) {
        onError(fileId, error);
      }
      if (slice.due) {
        // Let what was written reach the client before the next slice.
        await Promise.all(writes.splice(0));
        await slice.next();
      }
    }
    await Promise.all(writes);
  }

  /** Moves a file's diagnostics to the URI the client now uses for it (after didOpen or didClose). */
  respell(fileId: string): Promise<void> {
    const last = this.published.get(fileId);
    if (!last || last.uri === this.uriOf(fileId)) return Promise.resolve();
    return this.send(fileId, JSON.parse(last.json) as LspDiagnostic[]);
  }

  /** Diagnostics the client currently holds, in how many files. */
  totals(): { diagnostics: number; files: number } {
    let diagnostics = 0;
    for (const p of this.published.values()) diagnostics += p.count;
    return { diagnostics, files: this.published.size };
  }
}
