// The persistent cache as the server uses it (io/cache.ts is the file format). On start, when the
// whole workspace is exactly as the cache last saw it, the cached diagnostics are published at
// once, before any analysis (which then confirms them); cached models spare parsing files whose
// content hash still matches. The cache is written a little after the workspace goes idle and on
// shutdown, in slices, and never mixing states: a model is written only with the hash of the text
// it was made from, and a diagnostics file only for a host that did not change while it was read.

import type { Diagnostic, StoredModel } from '../core/api.js';
import type { CacheIdentity, CachedModel } from '../io/cache.js';
import { fingerprint, WorkspaceCache } from '../io/cache.js';
import type { Traffic } from '../io/timeSlice.js';
import { TimeSlice } from '../io/timeSlice.js';
import type { AnalysisLoop } from './analysisLoop.js';
import type { Outbox } from './outbox.js';

/** The cache is written this long after the analysis went idle (edits in between postpone it). */
const SAVE_DELAY_MS = 3000;

export class CacheSync {
  private timer: NodeJS.Timeout | undefined;
  /** The cache write in progress, which shutdown waits for. */
  private saving: Promise<void> | undefined;
  /** Content hash of each file as the models file on disk has it. */
  private modelsOnDisk = new Map<string, string>();
  private stopped = false;

  constructor(
    private readonly dir: string | undefined,
    private readonly identity: () => Omit<CacheIdentity, 'tool'>,
    private readonly loop: AnalysisLoop,
    private readonly outbox: Outbox,
    private readonly traffic: Traffic,
  ) {}

  /**
   * At start, before the first analysis: publishes the cached diagnostics when the workspace is
   * exactly as the cache last saw it, and gives queued changes their cached models. (Later
   * indexings gain nothing: a re-index queues only files that changed since they were analysed.)
   */
  async warmStart(publish: (byFile: Record<string, Diagnostic[]>) => Promise<void>): Promise<void> {
    const cache = this.cache();
    if (!cache) return;
    try {
      const diagnostics = await cache.loadDiagnostics();
      if (diagnostics && diagnostics.fingerprint === fingerprint(this.loop.expectedHashes()))
        await publish(diagnostics.byFile);
      const models: Map<string, CachedModel> = await cache.loadModels();
      this.modelsOnDisk = new Map([...models].map(([id, m]) => [id, m.hash]));
      for (const [id, m] of models) this.loop.useCached(id, m.hash, m.model);
    } catch (error) {
      this.outbox.warn(`Ignoring the cache: ${error instanceof Error ? error.message : String(error)}`);
    }
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
    try {
      await cache.saveDiagnostics({ fingerprint: fingerprint(hashes), byFile });
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

declare const GATEWAY_REFS_VERSION: string;
