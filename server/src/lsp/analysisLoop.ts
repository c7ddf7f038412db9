// The analysis loop, the one writer of the AnalysisHost. Changes queue here (a newer text of a file
// replaces an older one still waiting), edits are debounced, and a run applies them one file at a
// time, settles, and publishes every file whose diagnostics changed — all in time slices, so the
// server answers messages between any two stretches of work. Until the folders have been read once,
// and while they are read again, the loop holds its changes: a half-read workspace would publish
// verdicts that are wrong ("the workspace does not contain namespace …"), so nothing is applied
// until the index is whole (a buffer the client opens right after `initialized` waits too).
//
// The loop owns the host: besides requests.ts (the queries), every call into the core is here.
//
// Requests never force the analysis: they wait for a settled host (a run gives them a turn as
// soon as it settles, before it applies more changes), and before the workspace has been indexed
// once they are answered empty. A failure is isolated to the file or resource that caused it and
// logged; the rest of the run goes on.

import type { CancellationToken, Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { AnalysisOptionsInput, Diagnostic, FileChange, StoredModel } from '../core/api.js';
import { Analysis, AnalysisHost, isStructureFile } from '../core/api.js';
import { contentHash } from '../io/cache.js';
import { gitIgnored } from '../io/gitIgnored.js';
import { pathOfUri } from './files.js';
import type { Traffic } from '../io/timeSlice.js';
import { nextTurn, TimeSlice } from '../io/timeSlice.js';
import type { Outbox, Progress } from './outbox.js';
import type { DiagnosticsPublisher } from './publisher.js';

export interface LoopEvents {
  /** A run has finished and nothing is left to do (the session may report idle). */
  quiet(): void;
  /** A run changed the diagnostics of some files (the cache may be written). */
  published(): void;
  toLsp(d: Diagnostic): LspDiagnostic;
  /** The diagnostics to show for a file, given the host's (the session's view of buffers that do not parse). */
  shown(fileId: string, diagnostics: Diagnostic[]): Diagnostic[];
  /**
   * What a buffer edit queued with `queueEdit` becomes when it is applied: its text, the last
   * version that parsed (while it does not), or the file's deletion (a buffer that no longer counts).
   */
  edited(fileId: string, text: string): FileChange;
}

interface Pending {
  change: FileChange;
  /** Content hash of the change's text (undefined for a deletion or a skipped file). */
  hash: string | undefined;
  /** A buffer edit, decided on when applied (LoopEvents.edited). */
  edit?: true;
}

export class AnalysisLoop {
  readonly host = new AnalysisHost(
    {},
    {
      incremental: true,
      gitIgnored: (uri) => {
        const file = pathOfUri(uri);
        return file !== undefined && gitIgnored(file);
      },
    },
  );
  /** Answers queries about the host's settled state. */
  readonly analysis = new Analysis(this.host);
  private readonly pending = new Map<string, Pending>();
  /** Pending files that govern how others are read (see applySome). */
  private readonly structure = new Set<string>();
  /** Content hash of the text the host holds for each file. */
  private readonly applied = new Map<string, string>();
  /** Files to publish again although the host's diagnostics did not change (see republish). */
  private readonly republishing = new Set<string>();
  private options: AnalysisOptionsInput | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;
  private holds = 0;
  /** The first indexing has been released (before it, changes wait and requests have nothing to be answered from). */
  private indexed = false;
  private readonly waiters: (() => void)[] = [];
  /** Requests waiting for the first analysis of the workspace (see whenReady). */
  private readonly readyWaiters: (() => void)[] = [];
  /** The workspace has been indexed and analysed once: requests get answers from now on. */
  private isReady = false;
  /** Shown while the index is read and first analysed; the loop ends it when it goes quiet. */
  progress: Progress | undefined;
  /** Bumped whenever the host changes; work that reads the host across turns checks it. */
  generation = 0;

  constructor(
    private readonly publisher: DiagnosticsPublisher,
    private readonly outbox: Outbox,
    private readonly events: LoopEvents,
    private readonly traffic: Traffic,
  ) {}

  /** Nothing queued, scheduled, running or held. */
  get quiet(): boolean {
    return !this.running && !this.timer && this.holds === 0 && this.pending.size === 0 && !this.options;
  }

  /** Hash of the text the host will hold for a file once the queued changes are applied. */
  textHash(fileId: string): string | undefined {
    const p = this.pending.get(fileId);
    return p ? p.hash : this.applied.get(fileId);
  }

  /** Hashes of the texts the host holds now. */
  appliedHashes(): ReadonlyMap<string, string> {
    return this.applied;
  }

  /** Hashes of every file once the queued changes are applied. */
  expectedHashes(): Map<string, string> {
    const all = new Map(this.applied);
    for (const [id, p] of this.pending) {
      if (p.hash === undefined) all.delete(id);
      else all.set(id, p.hash);
    }
    return all;
  }

  /** A file's current diagnostics (the host must be settled: see whenSettled). */
  diagnostics(fileId: string): Diagnostic[] {
    return this.analysis.diagnostics(fileId);
  }

  /** A file's model as plain data for the cache. */
  storedModel(fileId: string): StoredModel | undefined {
    return this.host.storedModel(fileId);
  }

  /** Files in the index. */
  fileCount(): number {
    return this.host.fileIds().length;
  }

  /** The analysis options in force, serialised (part of the cache's identity). */
  optionsKey(): string {
    return JSON.stringify(this.host.options);
  }

  get settled(): boolean {
    return this.host.settled;
  }

  queue(change: FileChange, hash?: string): void {
    if (isStructureFile(change.fileId)) this.structure.add(change.fileId);
    if (!('deleted' in change)) this.host.announceFiles([change.fileId]);
    this.pending.set(change.fileId, {
      change,
      hash: 'text' in change ? (hash ?? contentHash(change.text)) : undefined,
    });
  }

  /**
   * Queues a buffer's new text. Whether it parses is asked once the typing pauses, when the change
   * is applied, not per keystroke: a large document through the full YAML parser takes far longer
   * than the interval between keystrokes.
   */
  queueEdit(fileId: string, text: string): void {
    this.queue({ fileId, text });
    this.pending.get(fileId)!.edit = true;
  }

  /** Gives a queued change a model from the cache, if it is still the change that model was made for. */
  useCached(fileId: string, hash: string, model: unknown): void {
    const p = this.pending.get(fileId);
    if (p && p.hash === hash && 'text' in p.change) p.change = { ...p.change, cached: model };
  }

  /** Publishes a file again at the next quiet moment: what the session shows for it changed, not the host. */
  republish(fileId: string): void {
    this.republishing.add(fileId);
  }

  /** A `.gitignore` file changed on disk: the builds are computed again at the next run. */
  gitIgnoreChanged(): void {
    this.host.gitIgnoreChanged();
    this.schedule(0);
  }

  setOptions(options: AnalysisOptionsInput): void {
    this.options = options;
    this.schedule(0);
  }

  /** Runs after `delay` ms (a later call replaces an earlier one). */
  schedule(delay: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, delay);
  }

  /** Queued changes wait: the folders have not been read once yet, or are being read. */
  private get holding(): boolean {
    return this.holds > 0 || !this.indexed;
  }

  /** Folders are being read: queued changes wait until every hold is released. */
  hold(): void {
    this.holds++;
  }

  release(): void {
    this.holds--;
    if (this.holds === 0) this.indexed = true;
    this.schedule(0);
  }

  /**
   * Resolves true once the workspace has been read and analysed (ready); false if the request is
   * cancelled first or the server stops. A warm start publishes cached diagnostics before then:
   * a hover or quick fix asked for on one of them waits for the analysis instead of finding none.
   */
  whenReady(token?: CancellationToken): Promise<boolean> {
    return this.waitUntil(this.isReady, this.readyWaiters, token);
  }

  /** Resolves true once the host is settled; false if the request is cancelled first or the server stops. */
  whenSettled(token?: CancellationToken): Promise<boolean> {
    return this.waitUntil(this.host.settled, this.waiters, token);
  }

  /** True at once when `done`, else once released from `waiters`; false if cancelled first or stopping. */
  private waitUntil(done: boolean, waiters: (() => void)[], token?: CancellationToken): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    if (done) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      waiters.push(() => resolve(!this.stopped));
      token?.onCancellationRequested(() => resolve(false));
    });
  }

  /** No more runs (shutdown); waiting requests are released. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.progress?.done();
    this.wake();
    this.wakeReady();
  }

  private async run(): Promise<void> {
    if (this.running || this.stopped || (this.holding && this.host.settled)) return;
    this.running = true;
    const slice = new TimeSlice(this.traffic);
    const total = this.pending.size;
    let parsed = 0;
    let analysed = 0;
    let published = false;
    try {
      for (;;) {
        if (this.stopped) return;
        // While folders are read, nothing new is applied; what was applied before is still settled.
        const held = this.holding;
        if (held && this.host.settled) return;
        if (this.options && this.host.settled) {
          // Re-reads every file at once: the one stretch the loop cannot cut (the core applies options whole).
          try {
            this.host.setOptions(this.options);
          } catch (error) {
            this.failed('Applying the settings', error);
          }
          this.options = undefined;
          this.generation++;
        } else if (!held && this.pending.size > 0 && (this.host.settled || this.waiters.length === 0)) {
          parsed += this.applySome(slice);
          const of = Math.max(total, parsed);
          this.progress?.report(40 + (40 * parsed) / of, `Parsing: ${parsed} of ${of} files`);
        } else if (!this.host.settled) {
          analysed += this.settleSome(slice);
          this.progress?.report(80, `Analysing: ${analysed} resources`);
        } else {
          // Settled with nothing queued: give waiting requests their turn, then publish.
          this.wake();
          await nextTurn();
          if (this.pending.size > 0 || !this.host.settled || this.options) continue;
          const changed = [...new Set([...this.host.takeChangedFiles(), ...this.republishing])];
          this.republishing.clear();
          if (changed.length > 0) published = true;
          await this.publisher.sendAll(
            slice,
            changed,
            (fileId) => this.events.shown(fileId, this.diagnostics(fileId)).map((d) => this.events.toLsp(d)),
            (fileId, error) => this.failed(`Diagnostics of ${fileId}`, error),
          );
          if (this.pending.size === 0 && this.host.settled && !this.options) break;
          continue;
        }
        if (this.waiters.length > 0 && this.host.settled) {
          // Their turn comes before the host changes again.
          this.wake();
          await slice.next();
        } else if (slice.due) await slice.next();
      }
      if (!this.holding) {
        this.isReady = true;
        this.progress?.done();
        this.progress = undefined;
        this.wakeReady();
      }
    } catch (error) {
      this.failed('Analysis', error);
    } finally {
      this.running = false;
    }
    this.wake();
    if (published) this.events.published();
    if (this.pending.size > 0 || this.options) this.schedule(0);
    else this.events.quiet();
  }

  /** Applies queued changes, one file per call so a failure stays with its file, until the slice is over. */
  private applySome(slice: TimeSlice): number {
    let n = 0;
    // Files that change how others are read (kustomizations, Helm Chart.yaml) go first, so the files
    // they govern are read once, the right way.
    for (const fileId of this.structure) {
      this.structure.delete(fileId);
      const p = this.pending.get(fileId);
      if (!p) continue;
      this.pending.delete(fileId);
      this.apply(p);
      n++;
      if (slice.due) break;
    }
    if (!slice.due)
      for (const [fileId, p] of this.pending) {
        this.pending.delete(fileId);
        this.apply(p);
        n++;
        if (slice.due) break;
      }
    this.generation++;
    return n;
  }

  private apply(pending: Pending): void {
    let { change, hash } = pending;
    if (pending.edit && 'text' in change) {
      const decided = this.events.edited(change.fileId, change.text);
      if (decided !== change) {
        change = decided;
        hash = 'text' in decided ? contentHash(decided.text) : undefined;
      }
    }
    const { fileId } = change;
    try {
      this.host.applyChanges([change]);
    } catch (error) {
      this.failed(`Analysis of ${fileId}`, error);
      // Replace whatever the failure left with an empty, explained entry.
      const reason = `the server failed on it (${error instanceof Error ? error.message : String(error)}); see the output.`;
      try {
        this.host.applyChanges([{ fileId, skipped: reason }]);
      } catch (again) {
        this.failed(`Analysis of ${fileId}`, again);
      }
      this.applied.delete(fileId);
      return;
    }
    if (hash === undefined) this.applied.delete(fileId);
    else this.applied.set(fileId, hash);
  }

  /** Settles until the slice is over; a resource whose analysis throws is logged and left without one. */
  private settleSome(slice: TimeSlice): number {
    let n = 0;
    try {
      this.host.settle(() => {
        n++;
        return slice.due;
      });
    } catch (error) {
      this.failed('Analysis of a resource', error);
    }
    this.generation++;
    return n;
  }

  private wakeReady(): void {
    for (const w of this.readyWaiters.splice(0)) w();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private failed(what: string, error: unknown): void {
    this.outbox.error(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
