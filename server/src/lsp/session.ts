// The server's state around one AnalysisHost: open buffers (which override disk), files indexed
// from workspace folders, settings, and the analysis loop — debounced, applying the newest changes
// first, settling in short slices so requests are served in between, then publishing the
// diagnostics of every file that changed (open or not) and an idle status.

import { performance } from 'node:perf_hooks';
import type {
  Connection,
  Diagnostic as LspDiagnostic,
  FileEvent,
  PublishDiagnosticsParams,
  WorkDoneProgressReporter,
} from 'vscode-languageserver';
import { FileChangeType } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileChange } from '../core/index.js';
import { AnalysisHost } from '../core/index.js';
import type { CachedModel } from '../io/cache.js';
import { contentHash, fingerprint, WorkspaceCache } from '../io/cache.js';
import { excludeMatcher, findYamlFiles, readYamlFile, readYamlFileSync } from '../io/walk.js';
import { toLspDiagnostic } from './convert.js';
import type { Folder } from './files.js';
import { canonicalUri, excludedIn, folderOf, isYamlUri, pathOfUri, uriOfPath } from './files.js';
import type { Settings, StatusParams } from './protocol.js';
import { DEFAULT_SETTINGS, STATUS_NOTIFICATION } from './protocol.js';
import { analysisOptions } from './settings.js';

/** Typing pauses shorter than this are one edit. */
const EDIT_DEBOUNCE_MS = 120;
/** The cache is written this long after the analysis went idle (edits in between postpone it). */
const CACHE_SAVE_DELAY_MS = 3000;

declare const GATEWAY_REFS_VERSION: string;
/** Longest stretch of analysis before the server yields to pending messages. */
const SLICE_MS = 15;
const READ_BATCH = 200;

export interface SessionCapabilities {
  relatedInformation: boolean;
  progress: boolean;
  /** Where to keep the cache between sessions, if anywhere. */
  cacheDirectory?: string;
}

export class Session {
  readonly host = new AnalysisHost();
  settings: Settings = DEFAULT_SETTINGS;
  /** The settings' exclude globs, compiled once per change of settings. */
  private excluded = excludeMatcher(DEFAULT_SETTINGS.exclude);
  private folders: Folder[] = [];
  /** Open buffers by canonical URI, with the URI spelling the client used. */
  private readonly open = new Map<string, { document: TextDocument; clientUri: string }>();
  /** Files indexed from disk (canonical URIs), whether or not a buffer overrides them. */
  private readonly onDisk = new Set<string>();
  private readonly pending = new Map<string, FileChange>();
  private readonly published = new Map<string, string>();
  /** Content hash of the text the host holds for each file (disk or buffer), for the cache. */
  private readonly hashes = new Map<string, string>();
  private cacheTimer: NodeJS.Timeout | undefined;
  /** The cache write in progress, which shutdown must wait for. */
  private saving: Promise<void> | undefined;
  /** Content hash of each file as the models file on disk has it. */
  private modelsOnDisk = new Map<string, string>();
  private received = 0;
  /** Notifications whose handling awaits IO; the server is not idle while any is in flight. */
  private busy = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly connection: Connection,
    private readonly caps: SessionCapabilities,
  ) {}

  log(message: string): void {
    this.connection.console.log(message);
  }

  /** The URI to show the client for a file id: the spelling it used when it opened the file. */
  uriOf = (fileId: string): string => this.open.get(fileId)?.clientUri ?? fileId;

  versionOf = (uri: string): number | null => this.open.get(canonicalUri(uri))?.document.version ?? null;

  fileIdOf(uri: string): string {
    return canonicalUri(uri);
  }

  // ---- client notifications -------------------------------------------------------------

  didOpen(uri: string, languageId: string, version: number, text: string): void {
    this.received++;
    if (!this.wanted(uri, languageId)) return this.schedule(0);
    const id = canonicalUri(uri);
    this.open.set(id, { document: TextDocument.create(uri, languageId, version, text), clientUri: uri });
    this.queue({ fileId: id, text });
    this.schedule(0);
  }

  didChange(uri: string, version: number, changes: Parameters<typeof TextDocument.update>[1]): void {
    this.received++;
    const id = canonicalUri(uri);
    const entry = this.open.get(id);
    if (!entry) return this.schedule(0);
    entry.document = TextDocument.update(entry.document, changes, version);
    this.queue({ fileId: id, text: entry.document.getText() });
    this.schedule(EDIT_DEBOUNCE_MS);
  }

  didClose(uri: string): Promise<void> {
    this.received++;
    return this.track(async () => {
      const id = canonicalUri(uri);
      if (!this.open.delete(id)) return;
      // The buffer is gone: the file is what disk says, if the workspace holds it.
      const change = await this.diskChange(id);
      // Opened again while disk was read: the new buffer wins.
      if (this.open.has(id)) return;
      this.queue(change ?? { fileId: id, deleted: true });
    });
  }

  didChangeWatchedFiles(events: FileEvent[]): Promise<void> {
    this.received++;
    return this.track(() => this.watchedFilesChanged(events));
  }

  private async watchedFilesChanged(events: FileEvent[]): Promise<void> {
    for (const e of events) {
      const id = canonicalUri(e.uri);
      if (!isYamlUri(id)) {
        // A deleted folder: every indexed file under it goes.
        if (e.type === FileChangeType.Deleted)
          for (const f of [...this.onDisk]) if (f.startsWith(`${id}/`)) this.dropDiskFile(f);
        continue;
      }
      if (e.type === FileChangeType.Deleted) {
        this.dropDiskFile(id);
        continue;
      }
      const change = await this.diskChange(id);
      if (change) {
        this.onDisk.add(id);
        if (!this.open.has(id)) this.queue(change);
      }
    }
  }

  /** Applies settings; `counted` when they come with a client notification (didChangeConfiguration). */
  setSettings(read: () => Promise<Settings>, counted: boolean): Promise<void> {
    if (counted) this.received++;
    return this.track(async () => {
      const settings = await read();
      const excludeChanged = JSON.stringify(settings.exclude) !== JSON.stringify(this.settings.exclude);
      this.settings = settings;
      if (excludeChanged) this.excluded = excludeMatcher(settings.exclude);
      this.host.setOptions(analysisOptions(settings));
      if (counted && excludeChanged) await this.reindex();
    });
  }

  changeFolders(added: Folder[], removed: Folder[]): Promise<void> {
    this.received++;
    return this.track(async () => {
      for (const r of removed) {
        this.folders = this.folders.filter((f) => f.uri !== r.uri);
        for (const f of [...this.onDisk])
          if (f.startsWith(`${r.uri}/`) && !folderOf(this.folders, pathOfUri(f) ?? '')) this.dropDiskFile(f);
      }
      this.folders.push(...added);
      await this.indexFolders(added);
    });
  }

  private async track(work: () => Promise<void>): Promise<void> {
    this.busy++;
    try {
      await work();
    } finally {
      this.busy--;
      this.schedule(0);
    }
  }

  // ---- indexing ---------------------------------------------------------------------------

  start(folders: Folder[]): Promise<void> {
    this.folders = folders;
    return this.track(() => this.indexFolders(folders));
  }

  reindex(): Promise<void> {
    return this.track(async () => {
      for (const f of [...this.onDisk]) this.dropDiskFile(f);
      await this.indexFolders(this.folders);
    });
  }

  private async indexFolders(folders: Folder[]): Promise<void> {
    this.status('indexing');
    let progress: WorkDoneProgressReporter | undefined;
    try {
      const files: string[] = [];
      for (const folder of folders) {
        const found = await findYamlFiles([folder.path], { root: folder.path, exclude: this.settings.exclude });
        files.push(...found.files);
        for (const p of found.problems) this.log(`Cannot read ${p.path}: ${p.message}`);
      }
      if (this.caps.progress && files.length > 200) {
        progress = await this.connection.window.createWorkDoneProgress();
        progress.begin('Gateway Refs', 0, `Indexing ${files.length} YAML files`, false);
      }
      const read: FileChange[] = [];
      // Synchronous reads in short slices: much faster than thousands of promises through the
      // thread pool, and the message loop still runs between slices.
      for (let i = 0; i < files.length; i += READ_BATCH) {
        const batch = files.slice(i, i + READ_BATCH);
        for (const p of batch) {
          const id = uriOfPath(p);
          const r = readYamlFileSync(p);
          if ('error' in r) {
            this.log(`Cannot read ${p}: ${r.error}`);
            continue;
          }
          this.onDisk.add(id);
          if (!this.open.has(id))
            read.push('skipped' in r ? { fileId: id, skipped: r.skipped } : { fileId: id, text: r.text });
        }
        progress?.report(
          Math.round(((i + batch.length) / files.length) * 100),
          `${i + batch.length} of ${files.length} files`,
        );
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await this.queueWithCache(read);
      await this.run();
    } finally {
      progress?.done();
    }
  }

  /**
   * Queues files read from disk, reusing cached models whose content hash still matches. When the
   * whole workspace is exactly as the cache last saw it, its diagnostics are published at once,
   * before any analysis; the analysis then confirms them (and publishes only what differs).
   */
  private async queueWithCache(changes: FileChange[]): Promise<void> {
    const cache = this.cache();
    for (const c of changes) this.queue(c);
    if (!cache) return;
    try {
      const diagnostics = await cache.loadDiagnostics();
      if (diagnostics && diagnostics.fingerprint === fingerprint(this.hashes)) {
        const sent = Object.entries(diagnostics.byFile).map(([fileId, list]) =>
          this.send(
            fileId,
            list.map((d) => toLspDiagnostic(d, this.uriOf, this.caps.relatedInformation)),
          ),
        );
        // Let them reach the client before the synchronous work below holds up the pipe.
        await Promise.all(sent);
      }
      const models: Map<string, CachedModel> = await cache.loadModels();
      this.modelsOnDisk = new Map([...models].map(([id, m]) => [id, m.hash]));
      for (const c of changes) {
        const hit = 'text' in c ? models.get(c.fileId) : undefined;
        if (hit && hit.hash === this.hashes.get(c.fileId) && this.pending.get(c.fileId) === c)
          this.pending.set(c.fileId, { ...c, cached: hit.model });
      }
    } catch (error) {
      this.log(`Ignoring the cache: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private cache(): WorkspaceCache | undefined {
    const dir = this.caps.cacheDirectory;
    if (!dir) return undefined;
    const scope = JSON.stringify(this.folders.map((f) => f.uri).sort());
    return new WorkspaceCache(
      dir,
      { tool: GATEWAY_REFS_VERSION, scope, options: JSON.stringify(this.host.options) },
      (m) => this.log(m),
    );
  }

  /** Writes models and diagnostics of the settled workspace, a little after it went idle. */
  private scheduleCacheSave(): void {
    if (!this.caps.cacheDirectory) return;
    if (this.cacheTimer) clearTimeout(this.cacheTimer);
    this.cacheTimer = setTimeout(() => {
      this.cacheTimer = undefined;
      void this.saveCache();
    }, CACHE_SAVE_DELAY_MS);
  }

  saveCache(): Promise<void> {
    const previous = this.saving ?? Promise.resolve();
    const next = previous.then(() => this.writeCache());
    this.saving = next.finally(() => {
      if (this.saving === next) this.saving = undefined;
    });
    return this.saving;
  }

  private async writeCache(): Promise<void> {
    const cache = this.cache();
    if (!cache || !this.host.settled || this.pending.size > 0) return;
    const hashes = new Map(this.hashes);
    const byFile: Record<string, ReturnType<AnalysisHost['diagnostics']>> = {};
    for (const fileId of hashes.keys()) {
      const list = this.host.diagnostics(fileId);
      if (list.length > 0) byFile[fileId] = list;
    }
    const host = this.host;
    const entries = function* (): Iterable<[string, string, NonNullable<ReturnType<AnalysisHost['storedModel']>>]> {
      for (const [id, hash] of hashes) {
        const model = host.storedModel(id);
        if (model) yield [id, hash, model];
      }
    };
    // Diagnostics first: they are small and make the next start instant. The models file is
    // rewritten only when many files differ from it (a file it lacks is just summarised again).
    let stale = 0;
    for (const [id, hash] of hashes) if (this.modelsOnDisk.get(id) !== hash) stale++;
    try {
      await cache.saveDiagnostics({ fingerprint: fingerprint(hashes), byFile });
      if (stale > Math.max(50, hashes.size / 20) || (stale > 0 && this.modelsOnDisk.size === 0)) {
        await cache.saveModels(entries());
        this.modelsOnDisk = hashes;
      }
    } catch (error) {
      this.log(
        `Cannot write the cache in ${this.caps.cacheDirectory}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** Finishes the cache write in progress and any that is due (on shutdown, before `exit` ends the process). */
  async flushCache(): Promise<void> {
    if (this.cacheTimer) {
      clearTimeout(this.cacheTimer);
      this.cacheTimer = undefined;
      await this.saveCache();
    } else await this.saving;
  }

  private async diskChange(id: string): Promise<FileChange | undefined> {
    const p = pathOfUri(id);
    const inWorkspace = () => {
      const folder = p ? folderOf(this.folders, p) : undefined;
      return p !== undefined && folder !== undefined && !excludedIn(folder, p, this.excluded);
    };
    if (!p || !inWorkspace()) return undefined;
    const read = await readYamlFile(p);
    // Folders and settings may have changed while the file was read.
    if ('error' in read || !inWorkspace()) return undefined;
    return 'skipped' in read ? { fileId: id, skipped: read.skipped } : { fileId: id, text: read.text };
  }

  private dropDiskFile(id: string): void {
    this.onDisk.delete(id);
    if (!this.open.has(id)) this.queue({ fileId: id, deleted: true });
  }

  private wanted(uri: string, languageId: string): boolean {
    if (languageId !== 'yaml' && !isYamlUri(uri)) return false;
    const p = pathOfUri(canonicalUri(uri));
    const folder = p ? folderOf(this.folders, p) : undefined;
    return !(p && folder && excludedIn(folder, p, this.excluded));
  }

  // ---- the analysis loop ------------------------------------------------------------------

  private queue(change: FileChange): void {
    this.pending.set(change.fileId, change);
    if ('text' in change) this.hashes.set(change.fileId, contentHash(change.text));
    else this.hashes.delete(change.fileId);
  }

  schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, delay);
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.pending.size > 0 || !this.host.settled) {
        const changes = [...this.pending.values()];
        this.pending.clear();
        if (changes.length > 0) this.host.applyChanges(changes);
        await this.settleInSlices();
      }
      this.publish();
    } catch (error) {
      this.log(`Analysis failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } finally {
      this.running = false;
    }
    if (this.pending.size > 0) this.schedule(0);
    else if (this.busy === 0 && !this.timer) this.status('idle');
  }

  /** Settles in slices, returning early when new changes arrive (they are applied first). */
  private async settleInSlices(): Promise<void> {
    for (;;) {
      const start = performance.now();
      if (this.host.settle(() => performance.now() - start > SLICE_MS)) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.pending.size > 0) return;
    }
  }

  private publish(): void {
    const changed = this.host.takeChangedFiles();
    for (const fileId of changed)
      void this.send(
        fileId,
        this.host.diagnostics(fileId).map((d) => toLspDiagnostic(d, this.uriOf, this.caps.relatedInformation)),
      );
    if (changed.length > 0) this.scheduleCacheSave();
  }

  /** Publishes a file's diagnostics unless the client already has exactly these; resolves once the message is written. */
  private send(fileId: string, diagnostics: LspDiagnostic[]): Promise<void> {
    const uri = this.uriOf(fileId);
    const json = JSON.stringify(diagnostics);
    if ((this.published.get(uri) ?? '[]') === json) return Promise.resolve();
    if (diagnostics.length === 0) this.published.delete(uri);
    else this.published.set(uri, json);
    const params: PublishDiagnosticsParams = { uri, diagnostics };
    return this.connection.sendDiagnostics(params);
  }

  private status(state: StatusParams['state']): void {
    const params: StatusParams = { state, received: this.received, files: this.host.fileIds().length };
    void this.connection.sendNotification(STATUS_NOTIFICATION, params);
  }
}
