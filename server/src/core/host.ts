// AnalysisHost: the one stateful object of the core, and all it does is take changes and settle.
// Front ends hand it file changes; it re-summarises those files, updates the index, marks the
// analyses whose recorded dependencies changed, and re-resolves only those when settled. Queries
// go through the `Analysis` facade (analysis.ts), which reads the settled state through a
// QueryContext; the host imports no feature. No IO: texts come in, plain data goes out.

import type { RecordingReads } from './index/workspaceIndex.js';
import { WorkspaceIndex } from './index/workspaceIndex.js';
import type { FileModel } from './model/summarize.js';
import { summarize } from './model/summarize.js';
import type { StoredModel } from './model/persist.js';
import { restoreModel, storeModel } from './model/persist.js';
import type { GatewayResource, ListenerOwner, Resource } from './model/resource.js';
import type { AnalysisOptions, AnalysisOptionsInput } from './options.js';
import { normalizeOptions } from './options.js';
import { Aggregates } from './query/aggregates.js';
import { QueryContext } from './query/context.js';
import type { ResourceAnalysis } from './resolve/analyze.js';
import { analyzeResource } from './resolve/analyze.js';
import { listenerSetStates } from './resolve/listenerSets.js';
import type { ListenerState } from './resolve/listeners.js';
import type { GatewayRules } from './resolve/implementation.js';
import { ImplementationRules } from './resolve/implementation.js';
import { listenerStates } from './resolve/listeners.js';
import type { ResolveEnv } from './resolve/routeStatus.js';
import { flatCopy } from './strings.js';
import { folderOf } from './index/nearest.js';
import { addTo, removeFrom } from './multimap.js';
import { applyTimeNamespace, needsPlacement, place, placedElsewhere } from './model/placement.js';
import { placementScope } from './index/buildScopes.js';
import { KustomizeBuilds } from './index/kustomizeBuilds.js';
import { isKustomizationFile } from './model/kustomization.js';
import type { ChainsawFiles } from './model/testAssertions.js';
import {
  isAssertedBy,
  isChainsawTestFile,
  isConventionalAssertionFile,
  readChainsawFiles,
} from './model/testAssertions.js';
import type { Problem } from './model/resource.js';
import { mayDefineCrds, WorkspaceSchemas } from './admission/workspace.js';
import { LineIndex } from './text/lineIndex.js';

export type FileChange =
  /** `cached`: a model stored for this exact text (see model/persist.ts), used if still valid. */
  | { fileId: string; text: string; cached?: unknown }
  | { fileId: string; deleted: true }
  /** A file the front end did not read (too large, unreadable), with the reason. */
  | { fileId: string; skipped: string };

export interface HostMode {
  /**
   * Keep the dependency bookkeeping and file texts that make later changes cheap and fixes possible
   * (the language server). A one-shot run (the CLI) turns it off: less memory and time; a later
   * change re-analyses everything, and options cannot change.
   */
  incremental: boolean;
  /**
   * Whether git ignores a path the workspace lacks (see WorkspaceFiles.ignored): the front end's
   * answer from the `.gitignore` files on disk; without it nothing is.
   */
  gitIgnored?: (fileId: string) => boolean;
}

export class AnalysisHost {
  private opts: AnalysisOptions;
  private readonly incremental: boolean;
  private readonly gitIgnored: (fileId: string) => boolean;
  private readonly reads: RecordingReads;
  private readonly env: ResolveEnv;
  private readonly index = new WorkspaceIndex();
  private readonly texts = new Map<string, string>();
  private readonly skipReasons = new Map<string, string>();
  private readonly analyses = new Map<string, ResourceAnalysis>();
  /** Dependency key → the analyses that read it; the entry also holds the one copy of the key string. */
  private readonly dependents = new Map<string, { key: string; ids: Set<string> }>();
  private readonly dirty = new Set<string>();
  private readonly changedFiles = new Set<string>();
  /** Per file, a counter bumped whenever its diagnostics may have changed (the facade caches by it). */
  private readonly fileRevisions = new Map<string, number>();
  private readonly aggregates: Aggregates;
  /** The read-only view features query (see query/context.ts). */
  readonly context: QueryContext;
  /** Files with objects placed after reading (see model/placement.ts), by placement scope. */
  private readonly unplacedByScope = new Map<string, Set<string>>();
  /** The workspace's kustomize builds (see index/kustomizeBuilds.ts). */
  private readonly builds = new KustomizeBuilds();
  /** Problems of kustomize builds, by the file they sit in: the environments', and each object build's. */
  private readonly buildProblems = new Map<string, Map<string, Problem[]>>();
  /** Files the front end announced and will give (their kustomization entries resolve before they arrive). */
  private readonly announced = new Set<string>();
  /** Folders holding a Chart.yaml: files under their templates/ are Helm templates. */
  private readonly chartRoots = new Set<string>();
  /** The files each Chainsaw test file compares against (see model/testAssertions.ts). */
  private readonly chainsawTests = new Map<string, ChainsawFiles>();
  /** The workspace's CRDs and the channel: what objects are admitted against. */
  private readonly schemas: WorkspaceSchemas;
  /** Files a one-shot host must be given again: CRDs read after them changed their admission. */
  private readonly reread = new Set<string>();
  /** The catalog changed since files were last checked against it (see readAgain). */
  private schemasChanged = false;
  /** Listener states per Gateway, with the rules they were computed under (a class edit changes them). */
  private gatewayStates = new WeakMap<ListenerOwner, { rules: GatewayRules; states: ListenerState[] }>();
  private rules: ImplementationRules;
  /** A one-shot host has analysed something: a later change must then re-analyse everything. */
  private analysed = false;

  constructor(options: AnalysisOptionsInput = {}, mode: HostMode = { incremental: true }) {
    this.opts = normalizeOptions(options);
    this.rules = new ImplementationRules(this.opts);
    this.schemas = new WorkspaceSchemas(this.opts.channel);
    this.incremental = mode.incremental;
    this.gitIgnored = mode.gitIgnored ?? (() => false);
    this.reads = this.index.reads();
    this.reads.complete = this.opts.complete;
    this.aggregates = new Aggregates(this.incremental);
    this.env = {
      reads: this.reads,
      options: this.opts,
      listenersOf: (owner) =>
        owner.shape === 'Gateway'
          ? this.statesOf(owner)
          : listenerSetStates(owner, this.reads, this.rules.of(owner, this.reads), (g) => this.statesOf(g)),
      rulesOf: (owner) => this.rules.of(owner, this.reads),
    };
    this.context = new QueryContext({
      index: this.index,
      reads: this.reads,
      env: this.env,
      analyses: this.analyses,
      aggregates: this.aggregates,
      texts: this.texts,
      buildProblems: this.buildProblems,
      schemas: this.schemas,
    });
  }

  get options(): AnalysisOptions {
    return this.opts;
  }

  setOptions(input: AnalysisOptionsInput): void {
    if (!this.incremental)
      throw new Error('setOptions needs an incremental host (a one-shot host keeps no texts to re-read)');
    this.opts = normalizeOptions(input);
    this.schemas.setChannel(this.opts.channel);
    this.env.options = this.opts;
    this.rules = new ImplementationRules(this.opts);
    this.reads.complete = this.opts.complete;
    this.gatewayStates = new WeakMap();
    // Files are read again (summarising depends on some options), and every analysis is redone:
    // options change what resolution decides, and they change rarely.
    const all: FileChange[] = [];
    for (const fileId of this.index.files.keys()) {
      const skipped = this.skipReasons.get(fileId);
      all.push(skipped !== undefined ? { fileId, skipped } : { fileId, text: this.texts.get(fileId) ?? '' });
    }
    this.applyChanges(all);
    for (const r of this.index.allResources()) this.dirty.add(r.id);
    for (const fileId of this.index.files.keys()) this.markFile(fileId);
  }

  applyChanges(changes: readonly FileChange[]): void {
    const changedKeys = new Set<string>();
    let chartsChanged = false;
    let testsChanged = false;
    for (const change of changes) {
      if (isChainsawTestFile(change.fileId)) {
        if ('text' in change) this.chainsawTests.set(change.fileId, readChainsawFiles(change.fileId, change.text));
        else this.chainsawTests.delete(change.fileId);
        testsChanged = true;
      }
      const root = chartRootOf(change.fileId);
      if (root === undefined) continue;
      const present = !('deleted' in change);
      if (present !== this.chartRoots.has(root)) {
        if (present) this.chartRoots.add(root);
        else this.chartRoots.delete(root);
        chartsChanged = true;
      }
    }
    // Files read as templates or test assertions (or not) by a rule that no longer holds for them
    // are read again.
    const resummarize: string[] = [];
    if (chartsChanged || testsChanged) {
      for (const [fileId, model] of this.index.files) {
        if (this.skipReasons.has(fileId)) continue;
        if (
          model.inputs.chartTemplate !== this.isChartTemplate(fileId) ||
          (model.inputs.testAssertion ?? false) !== this.isTestAssertion(fileId)
        )
          resummarize.push(fileId);
      }
    }
    const seen = new Map<string, FileChange>();
    const batch = new Map(changes.map((c) => [c.fileId, c]));
    // Kustomizations first: the builds they make decide how the other files are read, and are
    // computed once before them. Then files that may define CRDs, so the objects of their kinds in
    // this batch are admitted against them.
    const structure = changes.filter((c) => isKustomizationFile(c.fileId));
    const crdFirst = changes.filter((c) => !isKustomizationFile(c.fileId) && 'text' in c && mayDefineCrds(c.text));
    const first = new Set([...structure, ...crdFirst]);
    for (const change of [...structure, ...crdFirst, ...changes.filter((c) => !first.has(c))]) {
      if (this.builds.dirty && !isKustomizationFile(change.fileId)) this.refreshBuilds(changedKeys, batch);
      seen.set(change.fileId, change);
      this.applyOne(change, changedKeys);
    }
    this.readAgain(resummarize, seen, changedKeys);
    // A batch of kustomizations alone leaves the builds to be computed when other files come (or at
    // settle): a run of kustomization files, which the front ends give first, costs one computation.
    this.placeAgain(seen.keys(), changedKeys);
    this.invalidate(changedKeys);
  }

  /**
   * Reads `files` again, and every file admitted against CRDs or a channel that have since changed
   * (a one-shot host asks for those). A file read again may lose its CRDs or experimental objects
   * (it became a template, or left its kustomization), so the catalog can change once more;
   * reading a file again for the catalog changes neither, so this ends after a second round.
   * `pending`: texts of the batch being applied.
   */
  private readAgain(files: string[], pending: ReadonlyMap<string, FileChange>, changedKeys: Set<string>): void {
    const schemaStale = (fileId: string) => this.schemas.stale(this.index.files.get(fileId)?.inputs.schemas ?? {});
    while (this.schemasChanged || files.length > 0) {
      if (this.schemasChanged)
        for (const fileId of this.index.files.keys()) if (schemaStale(fileId)) files.push(fileId);
      this.schemasChanged = false;
      for (const fileId of files.splice(0)) {
        if (pending.has(fileId) && !schemaStale(fileId)) continue;
        const skipped = this.skipReasons.get(fileId);
        const change = pending.get(fileId);
        const text = this.texts.get(fileId) ?? (change && 'text' in change ? change.text : undefined);
        if (skipped === undefined && text === undefined) {
          if (schemaStale(fileId)) {
            this.reread.add(fileId);
            continue;
          }
          throw new Error(`${fileId}: a one-shot host keeps no texts; give it Chart.yaml files before their templates`);
        }
        this.applyOne(skipped !== undefined ? { fileId, skipped } : { fileId, text: text ?? '' }, changedKeys);
      }
    }
  }

  /** Marks every analysis that read a changed key (a one-shot host redoes everything instead). */
  private invalidate(changedKeys: Set<string>): void {
    if (this.incremental)
      for (const key of changedKeys) for (const id of this.dependents.get(key)?.ids ?? []) this.dirty.add(id);
    else if (this.analysed) for (const r of this.index.allResources()) this.dirty.add(r.id);
  }

  /**
   * Files the front end holds and will give, before it gives them: a kustomization entry naming one
   * resolves to it (a file) rather than to a folder. The CLI announces its whole file list, the
   * language server the files it has queued; an announcement lasts until the file is given.
   */
  announceFiles(fileIds: Iterable<string>): void {
    for (const id of fileIds) this.announced.add(id);
  }

  /**
   * Computes the kustomize environments again and reads again every file whose builds changed
   * (texts from the host, the batch being applied, or — for a one-shot host — a re-read).
   */
  private refreshBuilds(changedKeys: Set<string>, batch: ReadonlyMap<string, FileChange> = new Map()): void {
    const files = this.index.files;
    const announced = this.announced;
    // Files of the batch count as present (or gone) before they are applied: the batch is one state.
    const gone = (id: string) => {
      const change = batch.get(id);
      return change !== undefined && 'deleted' in change;
    };
    const coming = [...batch.values()].flatMap((c) => ('deleted' in c ? [] : [c.fileId]));
    const problems = this.builds.recompute({
      exists: (id) => !gone(id) && (files.has(id) || announced.has(id) || batch.has(id)),
      filesUnder: function* (folder) {
        const prefix = `${folder}/`;
        for (const id of files.keys()) if (id.startsWith(prefix) && !gone(id)) yield id;
        for (const id of announced) if (id.startsWith(prefix)) yield id;
        for (const id of coming) if (id.startsWith(prefix)) yield id;
      },
      ignored: this.gitIgnored,
    });
    const textOf = (fileId: string): string | undefined => {
      const pending = batch.get(fileId);
      return this.texts.get(fileId) ?? (pending && 'text' in pending ? pending.text : undefined);
    };
    for (const fileId of this.builds.missingPatchFiles()) {
      const text = textOf(fileId);
      if (text !== undefined) this.builds.setPatchText(fileId, text);
      else if (files.has(fileId)) this.reread.add(fileId);
    }
    this.builds.dirty = false; // patch texts just set belong to this computation
    this.setBuildProblems('', problems);
    for (const [fileId, model] of [...files]) {
      // A file skipped for what it is stays skipped; one skipped for its builds is read again.
      const skippedForItself = model.skipped !== undefined && model.skipped.code !== 'NotInKustomization';
      if (skippedForItself || model.inputs.builds === this.builds.inputsFor(fileId).signature) continue;
      const text = textOf(fileId);
      if (text === undefined) this.reread.add(fileId);
      else this.applyOne({ fileId, text }, changedKeys);
    }
  }

  /** Records build problems that `source` ('' for the environments) found, by the file they sit in. */
  private setBuildProblems(source: string, byFile: ReadonlyMap<string, readonly Problem[]>): void {
    for (const [fileId, bySource] of this.buildProblems) {
      if (bySource.delete(source)) this.markFile(fileId);
      if (bySource.size === 0) this.buildProblems.delete(fileId);
    }
    for (const [fileId, list] of byFile) {
      if (list.length === 0) continue;
      let bySource = this.buildProblems.get(fileId);
      if (!bySource) this.buildProblems.set(fileId, (bySource = new Map<string, Problem[]>()));
      bySource.set(source, [...list]);
      this.markFile(fileId);
    }
  }

  private applyOne(change: FileChange, changedKeys: Set<string>): void {
    this.announced.delete(change.fileId);
    const { fileId } = change;
    const old = this.index.files.get(fileId);
    let model: FileModel | undefined;
    if ('deleted' in change) {
      this.texts.delete(fileId);
      this.skipReasons.delete(fileId);
    } else if ('skipped' in change) {
      this.texts.delete(fileId);
      this.skipReasons.set(fileId, change.skipped);
      const inputs = { chartTemplate: false, builds: '', schemas: {} };
      model = {
        fileId,
        inputs,
        lineIndex: LineIndex.EMPTY,
        resources: [],
        problems: [],
        crds: [],
        skipped: { code: 'FileSkipped', message: `Not analysed: ${change.skipped}` },
      };
    } else {
      if (this.incremental) this.texts.set(fileId, change.text);
      this.skipReasons.delete(fileId);
      this.reread.delete(fileId);
      const b = this.builds.inputsFor(fileId);
      const inputs = {
        chartTemplate: this.isChartTemplate(fileId),
        testAssertion: this.isTestAssertion(fileId),
        unlisted: b.unlisted,
        unreached: b.unreached,
        ...(b.leftOutBy !== undefined ? { leftOutBy: b.leftOutBy } : {}),
        catalog: this.schemas.catalog,
        builds: b.builds,
        made: b.made,
        patchFile: this.builds.patchFile,
        buildsSignature: b.signature,
      };
      model =
        (change.cached !== undefined ? restoreModel(change.cached, fileId, change.text, inputs) : undefined) ??
        summarize(fileId, change.text, inputs);
      // A file read only as a patch is not an object of any build.
      if (b.patchOnly) model.resources = [];
    }
    this.builds.noteFile(
      fileId,
      model?.kustomization,
      model?.fluxKustomizations,
      'text' in change ? change.text : undefined,
    );
    this.setBuildProblems(fileId, groupByFile(model?.buildProblems ?? []));
    for (const scope of this.scopesOf(old)) removeFrom(this.unplacedByScope, scope, fileId);
    if (model && needsPlacement(model.resources)) {
      model.unplaced = model.resources;
      model.resources = place(model.unplaced, this.placementOf(fileId, model.unplaced));
      for (const scope of this.scopesOf(model)) addTo(this.unplacedByScope, scope, fileId);
    }
    this.installModel(fileId, old, model, changedKeys);
    // Every path that reads a file passes here, so the catalog always knows the file as it is now.
    if (this.schemas.setFile(fileId, model?.crds, model?.experimental === true)) this.schemasChanged = true;
  }

  /** The placement scopes of a model's objects that wait for placement. */
  private scopesOf(model: FileModel | undefined): Set<string> {
    const scopes = new Set<string>();
    for (const r of model?.unplaced ?? []) scopes.add(placementScope(r));
    return scopes;
  }

  /** Installs a file's new model: analyses of objects it changed go, the index takes it, they are redone. */
  private installModel(
    fileId: string,
    old: FileModel | undefined,
    model: FileModel | undefined,
    changedKeys: Set<string>,
  ): void {
    const kept = model && old ? keepUnchanged(old, model) : new Set<Resource>();
    for (const r of old?.resources ?? []) if (!kept.has(r)) this.dropAnalysis(r.id);
    this.index.setFile(fileId, model, changedKeys);
    this.markFile(fileId);
    for (const r of model?.resources ?? []) if (!kept.has(r)) this.dirty.add(r.id);
  }

  /**
   * Files a one-shot host needs again (it keeps no texts): a CRD read after them changed how their
   * objects are admitted. The front end reads them and applies them as changes.
   */
  takeFilesToReread(): string[] {
    const files = [...this.reread];
    this.reread.clear();
    return files;
  }

  /**
   * Where a file's objects without a namespace land: the configured namespace; else `default` when
   * its build (its kustomize build, else its folder) writes namespaces elsewhere, as `kubectl apply`
   * without `-n` would; else the build's apply-time namespace.
   */
  private placementOf(fileId: string, unplaced: readonly Resource[]): (r: Resource) => string {
    const configured = this.opts.defaultNamespace;
    if (configured !== undefined) return () => configured;
    const folder = folderOf(fileId);
    const scopes = this.index.scopes;
    const ownNames = (build: string | undefined) => unplaced.some((r) => r.namespaceExplicit && r.build === build);
    return (r) => {
      if (r.build !== undefined) {
        // A kustomize build is applied as one: its objects land together.
        const names = ownNames(r.build) || scopes.namesNamespaces(placementScope(r));
        return names ? 'default' : applyTimeNamespace(r.build);
      }
      // A folder of standalone files too: whichever of them are applied, they are applied alike.
      return ownNames(undefined) || scopes.namesNamespaces(folder) ? 'default' : applyTimeNamespace(folder);
    };
  }

  /**
   * Places again the files of a batch, and of every folder the batch changed, whose placement was
   * decided before the index held the whole batch. Placing changes no folder's scope, so one pass does.
   */
  private placeAgain(applied: Iterable<string>, changedKeys: Set<string>): void {
    const candidates = new Set<string>();
    for (const fileId of applied) if (this.index.files.get(fileId)?.unplaced) candidates.add(fileId);
    for (const scope of this.index.scopes.changedScopes)
      for (const fileId of this.unplacedByScope.get(scope) ?? []) candidates.add(fileId);
    this.index.scopes.changedScopes.clear();
    for (const fileId of candidates) {
      const model = this.index.files.get(fileId);
      if (!model?.unplaced) continue;
      const namespaceOf = this.placementOf(fileId, model.unplaced);
      if (!placedElsewhere(model.unplaced, model.resources, namespaceOf)) continue;
      this.installModel(fileId, model, { ...model, resources: place(model.unplaced, namespaceOf) }, changedKeys);
    }
  }

  /** A `.gitignore` file changed: kustomization entries the workspace lacks are judged again. */
  gitIgnoreChanged(): void {
    this.builds.ignoredPathsChanged();
  }

  /**
   * Computes the kustomize builds that changes left pending (a last batch of kustomizations, or a
   * Flux Kustomization in the last file) and reads again the files they change. A one-shot host
   * keeps no texts: it asks for those through takeFilesToReread, so its front end calls this until
   * nothing is left to read before it settles.
   */
  settleBuilds(): void {
    if (!this.builds.dirty) return;
    const changedKeys = new Set<string>();
    this.refreshBuilds(changedKeys);
    this.readAgain([], new Map(), changedKeys);
    this.placeAgain([], changedKeys);
    this.invalidate(changedKeys);
  }

  /** Re-resolves everything marked dirty. Returns false if `shouldYield` asked to stop early. */
  settle(shouldYield?: () => boolean): boolean {
    this.settleBuilds();
    if (this.dirty.size > 0) this.analysed = true;
    for (const id of this.dirty) {
      this.dirty.delete(id);
      const resource = this.index.resource(id);
      if (!resource) continue;
      this.dropAnalysis(id);
      const deps: string[] = [];
      this.reads.sink = this.incremental ? { add: (key: string) => deps.push(key) } : undefined;
      const analysis = analyzeResource(resource, this.env, deps);
      this.reads.sink = undefined; // queries between analyses must not record into the last one
      this.install(analysis);
      if (shouldYield?.()) return this.dirty.size === 0;
    }
    return true;
  }

  get settled(): boolean {
    return this.dirty.size === 0 && !this.builds.dirty;
  }

  fileIds(): string[] {
    return [...this.index.files.keys()];
  }

  /** The file's model as plain data for a cache (undefined for files not summarised from text). */
  storedModel(fileId: string): StoredModel | undefined {
    const model = this.index.files.get(fileId);
    return model && !this.skipReasons.has(fileId) ? storeModel(model) : undefined;
  }

  /** A counter that changes whenever the file's diagnostics may have (for caches of them). */
  fileRevision(fileId: string): number {
    return this.fileRevisions.get(fileId) ?? 0;
  }

  /** Files whose diagnostics may have changed since the last call (deleted files included). */
  takeChangedFiles(): string[] {
    this.settle();
    const files = [...this.changedFiles];
    this.changedFiles.clear();
    return files;
  }

  private statesOf(gateway: GatewayResource): ListenerState[] {
    // The class is read on every call, so each analysis records it as a dependency.
    const rules = this.rules.of(gateway, this.reads);
    let entry = this.gatewayStates.get(gateway);
    if (entry?.rules !== rules) {
      entry = { rules, states: listenerStates(gateway.listeners, rules) };
      this.gatewayStates.set(gateway, entry);
    }
    return entry.states;
  }

  private install(a: ResourceAnalysis): void {
    const id = a.resource.id;
    this.analyses.set(id, a);
    for (let i = 0; i < a.deps.length; i++) {
      const key = a.deps[i]!;
      let entry = this.dependents.get(key);
      if (!entry) {
        entry = { key: flatCopy(key), ids: new Set() };
        this.dependents.set(key, entry);
      }
      entry.ids.add(id);
      a.deps[i] = entry.key;
    }
    this.aggregates.add(a, this.markAffectedFile);
    this.markFile(a.resource.fileId);
  }

  private dropAnalysis(id: string): void {
    const a = this.analyses.get(id);
    if (!a) return;
    this.analyses.delete(id);
    for (const key of a.deps) {
      const entry = this.dependents.get(key);
      if (!entry) continue;
      entry.ids.delete(id);
      if (entry.ids.size === 0) this.dependents.delete(key);
    }
    this.aggregates.remove(a, this.markAffectedFile);
    this.markFile(a.resource.fileId);
  }

  /**
   * A resource whose workspace-wide findings another's analysis changed: a grant that gains its
   * first user or loses its last (UnusedReferenceGrant), a route that gains or loses a route of the
   * other kind on a shared hostname (RouteKindClash).
   */
  private readonly markAffectedFile = (id: string): void => {
    const resource = this.index.resource(id);
    if (resource) this.markFile(resource.fileId);
  };

  private markFile(fileId: string): void {
    this.fileRevisions.set(fileId, this.fileRevision(fileId) + 1);
    this.changedFiles.add(fileId);
  }

  private isChartTemplate(fileId: string): boolean {
    const parts = fileId.split('/');
    for (let i = parts.length - 2; i >= 0; i--) {
      if (parts[i] === 'templates' && this.chartRoots.has(parts.slice(0, i).join('/'))) return true;
    }
    return false;
  }

  private isTestAssertion(fileId: string): boolean {
    if (isConventionalAssertionFile(fileId)) return true;
    for (const files of this.chainsawTests.values()) if (isAssertedBy(files, fileId)) return true;
    return false;
  }
}

function groupByFile(
  problems: readonly { fileId: string; code: string; span: Problem['span']; message: string }[],
): Map<string, Problem[]> {
  const out = new Map<string, Problem[]>();
  for (const p of problems) addToList(out, p.fileId, { code: p.code, message: p.message, span: p.span, path: '' });
  return out;
}

function addToList<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Puts the old object in place of every resource an edit left exactly as it was (spans
 * included), so its analysis, its index entries and every reference to it stay valid: editing one
 * document of a file re-resolves only what depends on that document. Returns the kept objects.
 */
function keepUnchanged(old: FileModel, model: FileModel): Set<Resource> {
  const kept = new Set<Resource>();
  const before = new Map(old.resources.map((r) => [r.id, r]));
  model.resources = model.resources.map((r) => {
    const o = before.get(r.id);
    if (!o || o.key.kind !== r.key.kind || JSON.stringify(o) !== JSON.stringify(r)) return r;
    kept.add(o);
    return o;
  });
  return kept;
}

/** Whether `fileId` is a Helm chart's Chart.yaml, which changes how the templates beside it are read. */
export function isChartFile(fileId: string): boolean {
  const base = fileId.slice(fileId.lastIndexOf('/') + 1);
  return base === 'Chart.yaml' || base === 'Chart.yml';
}

/**
 * Whether a file changes how others are read: a Helm Chart.yaml, a kustomization or a Chainsaw
 * test. Front ends give them first.
 */
export function isStructureFile(fileId: string): boolean {
  return isChartFile(fileId) || isKustomizationFile(fileId) || isChainsawTestFile(fileId);
}

/** The chart folder when `fileId` is a Chart.yaml, else undefined. */
function chartRootOf(fileId: string): string | undefined {
  return isChartFile(fileId) ? fileId.slice(0, Math.max(fileId.lastIndexOf('/'), 0)) : undefined;
}
