// One client's session: wires the open documents, the workspace indexer, the analysis loop, the
// publisher and the cache around one AnalysisHost, and turns the client's notifications into file
// changes — open buffers override disk, files on disk come from indexing and watched-file events,
// settings and folders change what is indexed. It counts change notifications for the idle status
// (see protocol.ts) and logs what a user wants to see in the output channel: start-up, indexing,
// re-index and failures.

import { performance } from 'node:perf_hooks';
import type { FileEvent, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { FileChangeType } from 'vscode-languageserver';
import type { Diagnostic, FileChange } from '../core/api.js';
import { hasSyntaxErrors, heldDiagnostics } from '../core/api.js';
import type { Traffic } from '../io/timeSlice.js';
import { TimeSlice } from '../io/timeSlice.js';
import { AnalysisLoop } from './analysisLoop.js';
import { CacheSync } from './cacheSync.js';
import type { EditCapabilities } from './convert.js';
import { toLspDiagnostic } from './convert.js';
import { OpenDocuments } from './documents.js';
import type { Folder } from './files.js';
import { canonicalUri, folderOf, isYamlUri, pathOfUri } from './files.js';
import type { Scan } from './indexer.js';
import { WorkspaceIndexer } from './indexer.js';
import type { Outbox } from './outbox.js';
import type { Settings } from './protocol.js';
import { DEFAULT_SETTINGS, EDIT_DEBOUNCE_MS } from './protocol.js';
import { DiagnosticsPublisher } from './publisher.js';
import type { RequestContext } from './requests.js';
import { Requests } from './requests.js';
import { analysisOptions, describeSettings } from './settings.js';

declare const GATEWAY_REFS_VERSION: string;

/** Below this many files an indexing shows no progress in the client (it would only flash). */
const PROGRESS_FROM_FILES = 200;
/** Skipped and unreadable files named one by one in the log, at most. */
const LOG_LIST_MAX = 10;

export interface SessionCapabilities {
  /** Messages handled so far (the handlers count them), which long work makes way for. */
  traffic: Traffic;
  relatedInformation: boolean;
  progress: boolean;
  edits: EditCapabilities;
  /** The client can be asked to request code lenses again (`workspace/codeLens/refresh`). */
  codeLensRefresh: boolean;
  /** Where to keep the cache between sessions, if anywhere. */
  cacheDirectory?: string;
}

export class Session implements RequestContext {
  readonly loop: AnalysisLoop;
  readonly requests: Requests;
  private settings: Settings = DEFAULT_SETTINGS;
  private readonly documents = new OpenDocuments();
  /** The last text of each open buffer that parsed: what the host keeps analysing while the buffer does not. */
  private readonly lastGood = new Map<string, string>();
  /** Open buffers that do not parse now, with their text (their squiggles are held: see heldEdit.ts). */
  private readonly held = new Map<string, string>();
  private readonly indexer = new WorkspaceIndexer();
  private readonly publisher: DiagnosticsPublisher;
  private readonly cache: CacheSync;
  /** Change notifications received (StatusParams.received). */
  private received = 0;
  /** Notifications whose handling awaits IO; the server is not idle while any is in flight. */
  private busy = 0;
  private indexedOnce = false;
  /** When the last indexing handed its files to the analysis, until the analysis is done (for the log). */
  private analysing: { since: number; files: number } | undefined;

  constructor(
    readonly outbox: Outbox,
    private readonly caps: SessionCapabilities,
  ) {
    this.publisher = new DiagnosticsPublisher(this.outbox, this.uriOf);
    this.loop = new AnalysisLoop(
      this.publisher,
      this.outbox,
      {
        quiet: () => this.maybeIdle(),
        published: () => {
          this.cache.scheduleSave();
          if (this.caps.codeLensRefresh) this.outbox.refreshCodeLenses();
        },
        toLsp: this.toLsp,
        shown: (fileId, diagnostics) => {
          const broken = this.held.get(fileId);
          const good = this.lastGood.get(fileId);
          return broken !== undefined && good !== undefined
            ? heldDiagnostics(fileId, broken, good, diagnostics)
            : diagnostics;
        },
        edited: (fileId, text) => this.edited(fileId, text),
      },
      caps.traffic,
    );
    this.cache = new CacheSync(
      caps.cacheDirectory,
      () => ({
        scope: JSON.stringify(this.indexer.folders.map((f) => f.uri).sort()),
        options: this.loop.optionsKey(),
      }),
      this.loop,
      this.outbox,
      caps.traffic,
      (id) => this.indexer.stamps.get(id),
      () => ({ exclude: this.indexer.excludeGlobs, folders: this.indexer.folderStamps }),
    );
    this.requests = new Requests(this);
  }

  /** The URI to show the client for a file id: the spelling it used when it opened the file. */
  uriOf = (fileId: string): string => this.documents.clientUri(fileId) ?? fileId;

  versionOf = (uri: string): number | null => this.documents.version(canonicalUri(uri));

  textOf = (fileId: string): string | undefined => this.documents.text(fileId);

  fileIdOf(uri: string): string {
    return canonicalUri(uri);
  }

  toLsp = (d: Diagnostic) => toLspDiagnostic(d, this.uriOf, this.caps.relatedInformation);

  edits(): EditCapabilities {
    return this.caps.edits;
  }

  // ---- client notifications -------------------------------------------------------------

  /** A change notification that was malformed: counted (the client counts what it sent) and logged. */
  invalid(method: string, why: string): void {
    this.received++;
    this.outbox.warn(`Ignoring ${method}: ${why}.`);
    this.loop.schedule(0);
  }

  didOpen(uri: string, languageId: string, version: number, text: string): void {
    this.received++;
    if (!this.indexer.wanted(uri, languageId)) return this.loop.schedule(0);
    const id = canonicalUri(uri);
    const diskHash = this.indexer.onDisk.has(id) && !this.documents.has(id) ? this.loop.textHash(id) : undefined;
    this.documents.open(id, uri, languageId, version, text, diskHash);
    void this.publisher.respell(id);
    this.held.delete(id);
    if (hasSyntaxErrors(text)) this.lastGood.delete(id);
    else this.lastGood.set(id, text);
    this.loop.queue({ fileId: id, text });
    this.followKustomization(id, text);
    this.loop.schedule(0);
  }

  didChange(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    this.received++;
    const id = canonicalUri(uri);
    const text = this.documents.change(id, version, changes);
    if (text === undefined) return this.loop.schedule(0);
    this.loop.queueEdit(id, text);
    this.followKustomization(id, text);
    this.loop.schedule(EDIT_DEBOUNCE_MS);
  }

  /** What an edited buffer gives the host once the typing pauses (see AnalysisLoop.queueEdit). */
  private edited(id: string, text: string): FileChange {
    const good = this.lastGood.get(id);
    const broken = hasSyntaxErrors(text);
    if (this.documents.counts(id) && good !== undefined && broken) {
      // Mid-edit: the host keeps the last version that parsed; the client sees its syntax errors on top.
      this.held.set(id, text);
      this.loop.republish(id);
      return { fileId: id, text: good };
    }
    this.held.delete(id);
    if (!broken) this.lastGood.set(id, text);
    return this.documents.counts(id) ? { fileId: id, text } : { fileId: id, deleted: true };
  }

  didClose(uri: string): Promise<void> {
    this.received++;
    return this.track(async () => {
      const id = canonicalUri(uri);
      if (!this.documents.close(id)) return;
      this.lastGood.delete(id);
      this.held.delete(id);
      void this.publisher.respell(id);
      // The buffer is gone: the file is what disk says, if the workspace holds it.
      const read = await this.indexer.readOne(id);
      // Opened again while disk was read: the new buffer wins.
      if (this.documents.has(id)) return;
      if (read) {
        this.indexer.onDisk.add(id);
        this.loop.queue(read.change, read.hash);
      } else {
        this.indexer.onDisk.delete(id);
        this.loop.queue({ fileId: id, deleted: true });
      }
    });
  }

  didChangeWatchedFiles(events: FileEvent[]): Promise<void> {
    this.received++;
    return this.track(async () => {
      for (const e of events) {
        const id = canonicalUri(e.uri);
        if (id.endsWith('/.gitignore')) {
          this.loop.gitIgnoreChanged();
          continue;
        }
        if (!isYamlUri(id)) {
          // A deleted folder: every indexed file under it goes.
          if (e.type === FileChangeType.Deleted) for (const f of this.indexer.filesUnder(id)) this.dropDiskFile(f);
          continue;
        }
        if (e.type === FileChangeType.Deleted) {
          this.dropDiskFile(id);
          continue;
        }
        const read = await this.indexer.readOne(id);
        if (read) this.diskFile(id, read.change, read.hash);
        if (read && 'text' in read.change) this.followKustomization(id, read.change.text);
      }
    });
  }

  /** A kustomization that changed may name files outside the workspace folders: they are read now. */
  private followKustomization(id: string, text: string): void {
    for (const file of this.indexer.follow(id, text, this.documents.ids()))
      this.diskFile(file.change.fileId, file.change, file.hash);
  }

  /** Applies settings; `counted` when they come with a client notification (didChangeConfiguration). */
  setSettings(read: () => Promise<Settings>, counted: boolean): Promise<void> {
    if (counted) this.received++;
    return this.track(async () => {
      const settings = await read();
      const optionsChanged =
        JSON.stringify(analysisOptions(settings)) !== JSON.stringify(analysisOptions(this.settings)) ||
        !this.indexedOnce;
      this.settings = settings;
      const excludeChanged = this.indexer.setExclude(settings.exclude);
      if (counted) this.outbox.info(`Settings changed: ${describeSettings(settings)}`);
      // Options re-read every file (the core has no cheaper way); unrelated settings must not.
      if (optionsChanged) this.loop.setOptions(analysisOptions(settings));
      if (counted && excludeChanged) await this.index(this.indexer.folders, 'exclude');
    });
  }

  changeFolders(added: Folder[], removed: Folder[]): Promise<void> {
    this.received++;
    return this.track(async () => {
      for (const r of removed) {
        this.indexer.folders = this.indexer.folders.filter((f) => f.uri !== r.uri);
        for (const f of this.indexer.filesUnder(r.uri))
          if (!folderOf(this.indexer.folders, pathOfUri(f) ?? '')) this.dropDiskFile(f);
      }
      this.indexer.folders.push(...added);
      if (added.length + removed.length > 0)
        this.outbox.info(
          `Workspace folders changed: ${[...added.map((f) => `+${f.path}`), ...removed.map((f) => `-${f.path}`)].join(', ')}`,
        );
      if (added.length > 0) await this.index(added, 'folders');
    });
  }

  private async track(work: () => Promise<void>): Promise<void> {
    this.busy++;
    try {
      await work();
    } finally {
      this.busy--;
      this.loop.schedule(0);
    }
  }

  private maybeIdle(): void {
    if (this.busy !== 0 || !this.loop.quiet) return;
    if (this.analysing) {
      const { diagnostics, files } = this.publisher.totals();
      this.outbox.info(
        `Analysed ${this.analysing.files} changed files in ${seconds(performance.now() - this.analysing.since)}: ${diagnostics} diagnostics in ${files} files.`,
      );
      this.analysing = undefined;
    }
    this.sendStatus('idle');
  }

  private sendStatus(state: 'indexing' | 'idle'): void {
    this.outbox.status({ state, received: this.received, files: this.loop.fileCount() });
  }

  // ---- indexing ---------------------------------------------------------------------------

  start(folders: Folder[]): Promise<void> {
    this.indexer.folders = folders;
    this.outbox.info(
      `Gateway Refs ${GATEWAY_REFS_VERSION} language server (Node.js ${process.version}); workspace folders: ${
        folders.map((f) => f.path).join(', ') || 'none'
      }; settings: ${describeSettings(this.settings)}`,
    );
    return this.track(() => this.index(folders, 'start'));
  }

  reindex(): Promise<void> {
    this.outbox.info('Re-indexing the workspace (requested).');
    return this.track(() => this.index(this.indexer.folders, 'reindex'));
  }

  /**
   * Stops every activity that could write to the client — from now on nothing is sent (a client
   * that gives up waiting for the answer has closed its channels) — and writes the cache.
   */
  async shutdown(): Promise<void> {
    this.loop.stop();
    this.outbox.close();
    await this.cache.flush();
  }

  /**
   * Reads folders and hands the loop what differs from what the host holds. The loop holds its
   * changes meanwhile, so nothing is published from a half-read workspace. `reindex` and `exclude`
   * also drop files of these folders that are no longer found.
   */
  private async index(folders: Folder[], reason: 'start' | 'folders' | 'reindex' | 'exclude'): Promise<void> {
    const start = performance.now();
    let changed = 0;
    this.sendStatus('indexing');
    this.loop.hold();
    try {
      if (reason === 'start') await this.cache.publishIfUnchanged(undefined, this.publishCached);
      const found = await this.indexer.find(folders);
      // Every folder is walked again on a re-index: what its kustomizations no longer name goes.
      const reads = this.indexer.kustomizeReads(
        found.paths,
        reason === 'start' || reason === 'reindex' || reason === 'exclude',
      );
      found.paths.push(...reads.paths);
      const total = found.paths.length;
      if (reason === 'start') await this.cache.publishIfUnchanged(found.paths, this.publishCached);
      if (this.caps.progress && total > PROGRESS_FROM_FILES && !this.loop.progress)
        this.loop.progress = await this.outbox.progress('Gateway Refs', `Indexing ${total} YAML files`);
      const scan = await this.indexer.read(
        new TimeSlice(this.caps.traffic),
        found,
        (id, hash) => !this.documents.has(id) && this.loop.textHash(id) === hash,
        (done, of) => this.loop.progress?.report((40 * done) / of, `Reading: ${done} of ${of} files`),
      );
      for (const [id, file] of scan.files) if (this.diskFile(id, file.change, file.hash)) changed++;
      let dropped = 0;
      if (reason === 'reindex' || reason === 'exclude')
        for (const folder of folders)
          for (const id of this.indexer.filesUnder(folder.uri))
            if (!scan.files.has(id) && folderOf(folders, pathOfUri(id) ?? '') === folder) {
              this.dropDiskFile(id);
              dropped++;
            }
      for (const id of reads.gone)
        if (!scan.files.has(id)) {
          this.dropDiskFile(id);
          dropped++;
        }
      this.logScan(reason, folders, scan, reads.paths.length, changed, dropped, performance.now() - start);
      if (reason === 'start') await this.cache.warmStart(this.publishCached);
    } finally {
      this.indexedOnce = true;
      this.analysing = { since: performance.now(), files: (this.analysing?.files ?? 0) + changed };
      this.loop.release();
    }
  }

  private publishCached = (byFile: Record<string, Diagnostic[]>): Promise<void> =>
    this.publisher.sendAll(
      new TimeSlice(this.caps.traffic),
      Object.keys(byFile),
      (fileId) => (byFile[fileId] ?? []).map(this.toLsp),
      () => undefined,
    );

  /**
   * A file read from disk (`change` undefined: the host holds this text already): queued unless the
   * host already holds that text or a buffer overrides it. True if something was queued.
   */
  private diskFile(id: string, change: FileChange | undefined, hash: string | undefined): boolean {
    this.indexer.onDisk.add(id);
    if (this.documents.has(id)) {
      const counted = this.documents.counts(id);
      this.documents.setDisk(id, hash);
      // A buffer that had stopped counting (its file was deleted) counts again now the file is back.
      if (!counted) this.loop.queue({ fileId: id, text: this.documents.text(id) ?? '' });
      return !counted;
    }
    if (!change || (hash !== undefined && this.loop.textHash(id) === hash)) return false;
    this.loop.queue(change, hash);
    return true;
  }

  /** A file gone from disk (or from the workspace): it leaves the analysis unless its buffer still counts. */
  private dropDiskFile(id: string): void {
    this.indexer.onDisk.delete(id);
    this.indexer.stamps.delete(id);
    this.documents.setDisk(id, undefined);
    if (!this.documents.counts(id)) this.loop.queue({ fileId: id, deleted: true });
  }

  private logScan(
    reason: 'start' | 'folders' | 'reindex' | 'exclude',
    folders: Folder[],
    scan: Scan,
    outside: number,
    changed: number,
    dropped: number,
    ms: number,
  ): void {
    const where = folders.length === 1 ? `1 folder` : `${folders.length} folders`;
    const more = outside > 0 ? ` and ${outside} more that their kustomizations name` : '';
    const what = reason === 'start' || reason === 'folders' ? 'Indexed' : 'Re-indexed';
    const delta = reason === 'start' ? '' : `; ${changed} new or changed, ${dropped} gone`;
    this.outbox.info(
      `${what} ${scan.files.size - outside} YAML files in ${where}${more} (read in ${seconds(ms)}${delta}).`,
    );
    for (const [list, what] of [
      [scan.skipped, 'not analysed'],
      [scan.unreadable, 'unreadable'],
    ] as const) {
      if (list.length === 0) continue;
      const shown = list.slice(0, LOG_LIST_MAX).map((f) => `  ${f.path}: ${f.reason}`);
      if (list.length > LOG_LIST_MAX) shown.push(`  … and ${list.length - LOG_LIST_MAX} more`);
      this.outbox.warn(`${list.length} ${list.length === 1 ? 'file' : 'files'} ${what}:\n${shown.join('\n')}`);
    }
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
