// The persistent cache as the server uses it (io/cache.ts is the file format). On start, when the
// whole workspace is exactly as the cache last saw it, the cached diagnostics are published at
// once, before any analysis (which then confirms them): before the folders are walked when every
// folder and file keeps the modification time (and size) it had (their stamps), else once the
// files are found and each keeps its stamp, else once they are read and hashed. Cached models spare
// parsing files whose content hash still matches. The cache is written a little after the
// workspace goes idle and on shutdown, in slices, and never mixing states: a model is written only with the hash of the text
// it was made from, and a diagnostics file only for a host that did not change while it was read.

import { statSync } from 'node:fs';
import type { Diagnostic, StoredModel } from '../core/api.js';
import type { CacheIdentity, CachedDiagnostics, CachedModel, FileStamp } from '../io/cache.js';
import { fingerprint, WorkspaceCache } from '../io/cache.js';
import type { Traffic } from '../io/timeSlice.js';
import { TimeSlice } from '../io/timeSlice.js';
import type { AnalysisLoop } from './analysisLoop.js';
import { pathOfUri, uriOfPath } from './files.js';
import type { Outbox } from './outbox.js';

type Publish = (byFile: Record<string, Diagnostic[]>) => Promise<void>;

/** The cache is written this long after the analysis went idle (edits in between postpone it). */
const SAVE_DELAY_MS = 3000;

export class CacheSync {
  private timer: NodeJS.Timeout | undefined;
  /** The cache write in progress, which shutdown waits for. */
  private saving: Promise<void> | undefined;
  /** Content hash of each file as the models file on disk has it. */
  private modelsOnDisk = new Map<string, string>();
  private stopped = false;
  /** The cached diagnostics read at start (undefined: none, or not read yet), and whether they went out. */
  private startDiagnostics: CachedDiagnostics | undefined;
  private startPublished = false;

  constructor(
    private readonly dir: string | undefined,
    private readonly identity: () => Omit<CacheIdentity, 'tool'>,
    private readonly loop: AnalysisLoop,
    private readonly outbox: Outbox,
    private readonly traffic: Traffic,
    /** The stamp of a file as the server last read it from disk. */
    private readonly stampOf: (fileId: string) => FileStamp | undefined,
    /** The walk's exclude globs and folder stamps, for the cache (see CachedDiagnostics.walk). */
    private readonly walk: () => { exclude: readonly string[]; folders: ReadonlyMap<string, number | undefined> },
  ) {}

  /**
   * At start, before the folders are walked (`paths` undefined) or once the files are found, and
   * before any is read: publishes the cached diagnostics when each file's size and modification
   * time are those of its stamp (buffers opened meanwhile count with their own text) and so the
   * workspace is exactly as the cache last saw it. Before the walk, the file set is the cache's,
   * which holds while every folder walked then keeps its modification time and the exclude globs
   * are the same. Reading and hashing every file first was most of a warm start.
   */
  async publishIfUnchanged(paths: readonly string[] | undefined, publish: Publish): Promise<void> {
    if (this.startPublished) return;
    const cache = this.cache();
    if (!cache) return;
    try {
      const diagnostics = (this.startDiagnostics ??= await cache.loadDiagnostics());
      if (!diagnostics) return;
      const slice = new TimeSlice(this.traffic);
      const how = paths === undefined ? 'by folder and file times' : 'by file times';
      if (paths === undefined) {
        const walk = diagnostics.walk;
        if (!walk || JSON.stringify(walk.exclude) !== JSON.stringify(this.walk().exclude)) return;
        for (const [dir, mtimeMs] of Object.entries(walk.folders)) {
          if (statSync(dir, { throwIfNoEntry: false })?.mtimeMs !== mtimeMs) return;
          if (slice.due) await slice.next();
        }
        paths = Object.keys(diagnostics.stamps).flatMap((id) => pathOfUri(id) ?? []);
      }
      const hashes = this.loop.expectedHashes(); // open buffers
      for (const p of paths) {
        const id = uriOfPath(p);
        if (!hashes.has(id)) {
          const stamp = Object.hasOwn(diagnostics.stamps, id) ? diagnostics.stamps[id] : undefined;
          if (!stamp || !sameStat(p, stamp)) return;
          hashes.set(id, stamp.hash);
        }
        if (slice.due) await slice.next();
      }
      if (diagnostics.fingerprint !== fingerprint(hashes)) return;
      await this.publishStart(diagnostics, how, publish);
    } catch (error) {
      this.outbox.warn(`Ignoring the cache: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * At start, once the files are read and before the first analysis: publishes the cached
   * diagnostics (unless they went out already) when the workspace is exactly as the cache last saw
   * it, and gives queued changes their cached models. (Later indexings gain nothing: a re-index
   * queues only files that changed since they were analysed.)
   */
  async warmStart(publish: Publish): Promise<void> {
    const cache = this.cache();
    if (!cache) return;
    try {
      const diagnostics = this.startDiagnostics;
      this.startDiagnostics = undefined;
      if (diagnostics && !this.startPublished && diagnostics.fingerprint === fingerprint(this.loop.expectedHashes()))
        await this.publishStart(diagnostics, 'by content', publish);
      const models: Map<string, CachedModel> = await cache.loadModels();
      this.modelsOnDisk = new Map([...models].map(([id, m]) => [id, m.hash]));
      for (const [id, m] of models) this.loop.useCached(id, m.hash, m.model);
    } catch (error) {
      this.outbox.warn(`Ignoring the cache: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private publishStart(diagnostics: CachedDiagnostics, how: string, publish: Publish): Promise<void> {
    this.startPublished = true;
    this.outbox.info(
      `Published the cached diagnostics of ${Object.keys(diagnostics.byFile).length} files: no file changed since the last session (${how}).`,
    );
    return publish(diagnostics.byFile);
  }

  /** Writes models and diagnostics of the settled workspace, a little after it went idle. */
  scheduleSave(): void {
    if (!this.dir || this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, SAVE_DELAY_MS);
  }

  /** On shutdown: finishes the write in progress and any that is due; nothing is scheduled after. */
  async flush(): Promise<void> {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.save();
    } else await this.saving;
  }

  private save(): Promise<void> {
    const previous = this.saving ?? Promise.resolve();
    const next = previous.then(() => this.write());
    this.saving = next.finally(() => {
      if (this.saving === next) this.saving = undefined;
    });
    return this.saving;
  }

  private async write(): Promise<void> {
    const cache = this.cache();
    if (!cache) return;
    if (!this.loop.quiet || !this.loop.settled) return this.scheduleSave(); // busy: try again once idle
    const generation = this.loop.generation;
    const hashes = new Map(this.loop.appliedHashes());
    const byFile: Record<string, Diagnostic[]> = {};
    const slice = new TimeSlice(this.traffic);
    for (const fileId of hashes.keys()) {
      const list = this.loop.diagnostics(fileId);
      if (list.length > 0) byFile[fileId] = list;
      if (slice.due) {
        await slice.next();
        if (this.loop.generation !== generation) return this.scheduleSave(); // the workspace moved on
      }
    }
    const loop = this.loop;
    const applied = loop.appliedHashes();
    const entries = function* (): Iterable<[string, string, StoredModel]> {
      for (const [id, hash] of hashes) {
        // The host may have moved on while earlier entries were written: a model goes only with its own text's hash.
        if (applied.get(id) !== hash) continue;
        const model = loop.storedModel(id);
        if (model) yield [id, hash, model];
      }
    };
    // Diagnostics first: they are small and make the next start instant. The models file is
    // rewritten only when many files differ from it (a file it lacks is just summarised again).
    let stale = 0;
    for (const [id, hash] of hashes) if (this.modelsOnDisk.get(id) !== hash) stale++;
    const stamps: Record<string, FileStamp> = {};
    for (const [id, hash] of hashes) {
      const stamp = this.stampOf(id);
      if (stamp?.hash === hash) stamps[id] = stamp;
    }
    const { exclude, folders } = this.walk();
    const walked: Record<string, number> = {};
    let trusted = true;
    for (const [dir, mtimeMs] of folders)
      if (mtimeMs === undefined) trusted = false;
      else walked[dir] = mtimeMs;
    const walk = trusted ? { walk: { exclude: [...exclude], folders: walked } } : {};
    try {
      await cache.saveDiagnostics({ fingerprint: fingerprint(hashes), stamps, ...walk, byFile });
      if (stale > Math.max(50, hashes.size / 20) || (stale > 0 && this.modelsOnDisk.size === 0)) {
        await cache.saveModels(entries());
        this.modelsOnDisk = hashes;
      }
    } catch (error) {
      this.outbox.warn(
        `Cannot write the cache in ${this.dir}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private cache(): WorkspaceCache | undefined {
    if (!this.dir) return undefined;
    return new WorkspaceCache(
      this.dir,
      { tool: GATEWAY_REFS_VERSION, ...this.identity() },
      (m) => this.outbox.warn(m),
      this.traffic,
    );
  }
}

/** Whether a file still has the size and modification time of its stamp (a file gone or unreadable has not). */
function sameStat(path: string, stamp: FileStamp): boolean {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat !== undefined && stat.size === stamp.size && stat.mtimeMs === stamp.mtimeMs;
}

declare const GATEWAY_REFS_VERSION: string;
