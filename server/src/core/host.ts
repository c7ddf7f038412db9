// AnalysisHost: the one stateful object of the core. Front ends hand it file changes; it
// re-summarises those files, updates the index, marks the analyses whose recorded dependencies
// changed, and re-resolves only those when settled. Queries (diagnostics, status, hovers, fixes)
// read the settled state. No IO: texts come in, plain data goes out.

import type { Code } from './codes.js';
import type { Diagnostic } from './features/diagnostics.js';
import { compareDiagnostics, toDiagnostic } from './features/diagnostics.js';
import type { RecordingReads } from './index/workspaceIndex.js';
import { WorkspaceIndex } from './index/workspaceIndex.js';
import type { FileModel } from './model/summarize.js';
import { summarize } from './model/summarize.js';
import type { StoredModel } from './model/persist.js';
import { restoreModel, storeModel } from './model/persist.js';
import type {
  GatewayResource,
  LabelSelector,
  ListenerOwner,
  NamespaceResource,
  ObjectKey,
  ParentRef,
  ReferenceGrantResource,
  Resource,
  RouteResource,
} from './model/resource.js';
import { CORE_GROUP } from './model/resource.js';
import { evaluateSelector } from './resolve/labelSelector.js';
import type { AnalysisOptions, AnalysisOptionsInput } from './options.js';
import { normalizeOptions } from './options.js';
import type { ResourceAnalysis } from './resolve/analyze.js';
import { analyzeResource } from './resolve/analyze.js';
import { finding } from './resolve/findings.js';
import type { Finding } from './resolve/findings.js';
import { listenerSetStates } from './resolve/listenerSets.js';
import type { ListenerState } from './resolve/listeners.js';
import { listenerStates } from './resolve/listeners.js';
import type { ListenerVerdict } from './resolve/admission.js';
import type { ResolveEnv } from './resolve/routeStatus.js';
import { listenerVerdicts } from './resolve/routeStatus.js';
import { addTo, removeFrom } from './multimap.js';
import { LineIndex } from './text/lineIndex.js';
import { own } from './model/reader.js';
import { mayDefineCrds, WorkspaceSchemas } from './admission/workspace.js';

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
}

export class AnalysisHost {
  private opts: AnalysisOptions;
  private readonly incremental: boolean;
  private readonly reads: RecordingReads;
  private readonly env: ResolveEnv;
  private readonly index = new WorkspaceIndex();
  private readonly texts = new Map<string, string>();
  private readonly skipReasons = new Map<string, string>();
  private readonly analyses = new Map<string, ResourceAnalysis>();
  /** Dependency key → the analyses that read it; the entry also holds the one copy of the key string. */
  private readonly dependents = new Map<string, { key: string; ids: Set<string> }>();
  private readonly dirty = new Set<string>();
  private readonly dirtyFiles = new Set<string>();
  private readonly changedFiles = new Set<string>();
  private readonly diagnosticsCache = new Map<string, Diagnostic[]>();
  /** owner id → listener name → ids of routes attached to it. */
  private readonly attachments = new Map<string, Map<string, Set<string>>>();
  /** grant id → ids of resources that reference through it. */
  private readonly grantUses = new Map<string, Set<string>>();
  /** Namespace → ids of the routes in it (for fixes that must not break a namespace's other routes). */
  private readonly routesByNamespace = new Map<string, Set<string>>();
  /** Gateway id → ids of its accepted ListenerSets. */
  private readonly listenerSetsOf = new Map<string, Set<string>>();
  /** Folders holding a Chart.yaml: files under their templates/ are Helm templates. */
  private readonly chartRoots = new Set<string>();
  /** The workspace's CRDs and the channel: what objects are admitted against. */
  private readonly schemas: WorkspaceSchemas;
  /** Files a one-shot host must be given again: CRDs read after them changed their admission. */
  private readonly reread = new Set<string>();
  private gatewayStates = new WeakMap<ListenerOwner, ListenerState[]>();
  private rev = 0;
  /** A one-shot host has analysed something: a later change must then re-analyse everything. */
  private analysed = false;

  constructor(options: AnalysisOptionsInput = {}, mode: HostMode = { incremental: true }) {
    this.opts = normalizeOptions(options);
    this.schemas = new WorkspaceSchemas(this.opts.channel);
    this.incremental = mode.incremental;
    this.reads = this.index.reads();
    this.env = {
      reads: this.reads,
      options: this.opts,
      listenersOf: (owner) =>
        owner.shape === 'Gateway'
          ? this.statesOf(owner)
          : listenerSetStates(owner, this.reads, this.opts.features, (g) => this.statesOf(g)),
    };
  }

  get options(): AnalysisOptions {
    return this.opts;
  }

  /** Monotonic counter of applied changes; front ends use it to drop stale work. */
  get revision(): number {
    return this.rev;
  }

  setOptions(input: AnalysisOptionsInput): void {
    if (!this.incremental)
      throw new Error('setOptions needs an incremental host (a one-shot host keeps no texts to re-read)');
    this.opts = normalizeOptions(input);
    this.schemas.setChannel(this.opts.channel);
    this.env.options = this.opts;
    this.gatewayStates = new WeakMap();
    this.diagnosticsCache.clear();
    const all: FileChange[] = [];
    for (const fileId of this.index.files.keys()) {
      const skipped = this.skipReasons.get(fileId);
      all.push(skipped !== undefined ? { fileId, skipped } : { fileId, text: this.texts.get(fileId) ?? '' });
    }
    this.applyChanges(all);
  }

  applyChanges(changes: readonly FileChange[]): void {
    const changedKeys = new Set<string>();
    let chartsChanged = false;
    for (const change of changes) {
      const root = chartRootOf(change.fileId);
      if (root === undefined) continue;
      const present = !('deleted' in change);
      if (present !== this.chartRoots.has(root)) {
        if (present) this.chartRoots.add(root);
        else this.chartRoots.delete(root);
        chartsChanged = true;
      }
    }
    // Files read as templates (or not) by a rule that no longer holds for them are read again.
    const resummarize: string[] = [];
    if (chartsChanged) {
      for (const [fileId, model] of this.index.files) {
        if (!this.skipReasons.has(fileId) && model.inputs.chartTemplate !== this.isChartTemplate(fileId))
          resummarize.push(fileId);
      }
    }
    const seen = new Map<string, FileChange>();
    // Files that may define CRDs first, so the objects of their kinds in this batch are admitted against them.
    const crdFirst = new Set(changes.filter((c) => 'text' in c && mayDefineCrds(c.text)));
    let schemasChanged = false;
    for (const change of [...crdFirst, ...changes.filter((c) => !crdFirst.has(c))]) {
      seen.set(change.fileId, change);
      this.applyOne(change, changedKeys);
      if (this.schemas.setFile(change.fileId, this.index.files.get(change.fileId)?.crds)) schemasChanged = true;
    }
    // Files admitted against CRDs that have since changed are read again (a one-shot host asks for them).
    const schemaStale = (fileId: string) => this.schemas.stale(this.index.files.get(fileId)?.inputs.schemas ?? {});
    if (schemasChanged) for (const fileId of this.index.files.keys()) if (schemaStale(fileId)) resummarize.push(fileId);
    for (const fileId of resummarize) {
      if (seen.has(fileId) && !schemaStale(fileId)) continue;
      const skipped = this.skipReasons.get(fileId);
      const pending = seen.get(fileId);
      const text = this.texts.get(fileId) ?? (pending && 'text' in pending ? pending.text : undefined);
      if (skipped === undefined && text === undefined) {
        if (schemaStale(fileId)) {
          this.reread.add(fileId);
          continue;
        }
        throw new Error(`${fileId}: a one-shot host keeps no texts; give it Chart.yaml files before their templates`);
      }
      this.applyOne(skipped !== undefined ? { fileId, skipped } : { fileId, text: text ?? '' }, changedKeys);
    }
    if (this.incremental)
      for (const key of changedKeys) for (const id of this.dependents.get(key)?.ids ?? []) this.dirty.add(id);
    else if (this.analysed) for (const r of this.index.allResources()) this.dirty.add(r.id);
    this.rev++;
  }

  private applyOne(change: FileChange, changedKeys: Set<string>): void {
    const { fileId } = change;
    const old = this.index.files.get(fileId);
    let model: FileModel | undefined;
    if ('deleted' in change) {
      this.texts.delete(fileId);
      this.skipReasons.delete(fileId);
    } else if ('skipped' in change) {
      this.texts.delete(fileId);
      this.skipReasons.set(fileId, change.skipped);
      const inputs = { defaultNamespace: this.opts.defaultNamespace, chartTemplate: false, schemas: {} };
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
      const inputs = {
        defaultNamespace: this.opts.defaultNamespace,
        chartTemplate: this.isChartTemplate(fileId),
        catalog: this.schemas.catalog,
      };
      model =
        (change.cached !== undefined ? restoreModel(change.cached, fileId, change.text, inputs) : undefined) ??
        summarize(fileId, change.text, inputs);
    }
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

  /** Re-resolves everything marked dirty. Returns false if `shouldYield` asked to stop early. */
  settle(shouldYield?: () => boolean): boolean {
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
    return this.dirty.size === 0;
  }

  fileIds(): string[] {
    return [...this.index.files.keys()];
  }

  text(fileId: string): string | undefined {
    return this.texts.get(fileId);
  }

  model(fileId: string): FileModel | undefined {
    return this.index.files.get(fileId);
  }

  /** The file's model as plain data for a cache (undefined for files not summarised from text). */
  storedModel(fileId: string): StoredModel | undefined {
    const model = this.index.files.get(fileId);
    return model && !this.skipReasons.has(fileId) ? storeModel(model) : undefined;
  }

  resource(id: string): Resource | undefined {
    return this.index.resource(id);
  }

  analysis(resourceId: string): ResourceAnalysis | undefined {
    this.settle();
    return this.analyses.get(resourceId);
  }

  /** All settled analyses, in file order. */
  *allAnalyses(): Iterable<ResourceAnalysis> {
    this.settle();
    for (const r of this.index.allResources()) {
      const a = this.analyses.get(r.id);
      if (a) yield a;
    }
  }

  /** Each listener's verdict on one parentRef of a route (recomputed: analyses do not keep them). */
  listenerVerdicts(route: RouteResource, ref: ParentRef): ListenerVerdict[] {
    this.settle();
    return listenerVerdicts(route, ref, this.env);
  }

  /** Analyses of the routes in one namespace. */
  routeAnalysesIn(namespace: string): ResourceAnalysis[] {
    this.settle();
    return [...(this.routesByNamespace.get(namespace) ?? [])].flatMap((id) => this.analyses.get(id) ?? []);
  }

  /** Route ids attached to one listener of a Gateway or ListenerSet. */
  attachedRoutes(ownerId: string, listener: string): string[] {
    this.settle();
    return [...(this.attachments.get(ownerId)?.get(listener) ?? [])];
  }

  /** Ids of resources whose references a ReferenceGrant permits. */
  grantUsers(grantId: string): string[] {
    this.settle();
    return [...(this.grantUses.get(grantId) ?? [])];
  }

  acceptedListenerSets(gatewayId: string): string[] {
    this.settle();
    return [...(this.listenerSetsOf.get(gatewayId) ?? [])];
  }

  /** The definition of `key` a reference from `fromFileId` resolves to (the folder rule). */
  nearest(key: ObjectKey, fromFileId: string): Resource | undefined {
    return this.reads.nearest(key, fromFileId);
  }

  /** ReferenceGrants in a namespace as a referrer in `fromFileId` sees them. */
  grantsIn(namespace: string, fromFileId: string): ReferenceGrantResource[] {
    return this.reads.grantsIn(namespace, fromFileId);
  }

  namesOf(group: string, kind: string, namespace: string): string[] {
    return this.reads.names(group, kind, namespace);
  }

  /** The apiVersion some object of this kind in the workspace uses, to match house style in new manifests. */
  anyApiVersion(group: string, kind: string): string | undefined {
    for (const r of this.index.allResources()) if (r.key.group === group && r.key.kind === kind) return r.apiVersion;
    return undefined;
  }

  /** Namespaces of the workspace that `selector` certainly matches, as seen from a file. */
  namespacesMatching(selector: LabelSelector, fromFileId: string): string[] {
    return this.index
      .coveredNamespaces()
      .sort()
      .filter((name) => {
        const ns = this.reads.nearest({ group: CORE_GROUP, kind: 'Namespace', namespace: '', name }, fromFileId) as
          NamespaceResource | undefined;
        return evaluateSelector(selector, ns ? { name, labels: ns.labels } : { name }).result === 'true';
      });
  }

  lineIndex(fileId: string): LineIndex | undefined {
    return this.index.files.get(fileId)?.lineIndex;
  }

  diagnostics(fileId: string): Diagnostic[] {
    this.settle();
    if (!this.dirtyFiles.has(fileId)) {
      const cached = this.diagnosticsCache.get(fileId);
      if (cached) return cached;
    }
    this.dirtyFiles.delete(fileId);
    const list = this.computeDiagnostics(fileId);
    this.diagnosticsCache.set(fileId, list);
    return list;
  }

  /** Files whose diagnostics may have changed since the last call (deleted files included). */
  takeChangedFiles(): string[] {
    this.settle();
    const files = [...this.changedFiles];
    this.changedFiles.clear();
    return files;
  }

  private computeDiagnostics(fileId: string): Diagnostic[] {
    const model = this.index.files.get(fileId);
    if (!model) return [];
    const findings: Finding[] = [];
    if (model.skipped)
      findings.push({
        fileId,
        span: { start: 0, end: 0 },
        code: model.skipped.code,
        message: model.skipped.message,
        related: [],
        subject: fileId,
      });
    for (const p of model.problems)
      findings.push({
        fileId,
        span: p.span,
        code: p.code as Code,
        message: p.message,
        related: [],
        subject: `${fileId} ${p.span.start}`,
      });
    for (const r of model.resources) {
      const a = this.analyses.get(r.id);
      if (a) findings.push(...a.findings);
      if (r.shape === 'ReferenceGrant' && r.key.name !== '' && !this.grantUses.get(r.id)?.size) {
        findings.push(
          finding(
            r,
            'metadata.name',
            r.headSpan,
            'UnusedReferenceGrant',
            `ReferenceGrant ${r.key.namespace}/${r.key.name} permits no reference in the workspace: nothing in ${[...new Set(r.from.map((f) => `${f.kind} from ${f.namespace}`))].join(', ') || 'its from list'} refers to ${r.to.map((t) => (t.name ? `${t.kind} "${t.name}"` : `any ${t.kind}`)).join(', ') || 'its to list'} here. Remove it or check its from/to entries.`,
          ),
        );
      }
    }
    const lineIndexOf = (id: string) => this.index.files.get(id)?.lineIndex;
    const result: Diagnostic[] = [];
    for (const f of findings) {
      const d = toDiagnostic(f, lineIndexOf, this.opts.severities);
      if (d) result.push(d);
    }
    return result.sort(compareDiagnostics);
  }

  private statesOf(gateway: GatewayResource): ListenerState[] {
    let states = this.gatewayStates.get(gateway);
    if (!states) {
      states = listenerStates(gateway.listeners, this.opts.features);
      this.gatewayStates.set(gateway, states);
    }
    return states;
  }

  private install(a: ResourceAnalysis): void {
    const id = a.resource.id;
    this.analyses.set(id, a);
    for (let i = 0; i < a.deps.length; i++) {
      const key = a.deps[i]!;
      let entry = this.dependents.get(key);
      if (!entry) {
        entry = { key: own(key), ids: new Set() };
        this.dependents.set(key, entry);
      }
      entry.ids.add(id);
      a.deps[i] = entry.key;
    }
    for (const { ownerId, listener } of a.attachments) {
      const byListener = this.attachments.get(ownerId) ?? new Map<string, Set<string>>();
      addTo(byListener, listener, id);
      this.attachments.set(ownerId, byListener);
    }
    for (const g of a.grantsUsed) {
      if (!this.grantUses.has(g)) this.markGrantFile(g); // first user: its UnusedReferenceGrant goes
      addTo(this.grantUses, g, id);
    }
    if (a.listenerSetOf) addTo(this.listenerSetsOf, a.listenerSetOf, id);
    if (a.route) addTo(this.routesByNamespace, a.resource.key.namespace, id);
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
    for (const { ownerId, listener } of a.attachments) {
      const byListener = this.attachments.get(ownerId);
      if (!byListener) continue;
      removeFrom(byListener, listener, id);
      if (byListener.size === 0) this.attachments.delete(ownerId);
    }
    for (const g of a.grantsUsed) {
      removeFrom(this.grantUses, g, id);
      if (!this.grantUses.has(g)) this.markGrantFile(g);
    }
    if (a.listenerSetOf) removeFrom(this.listenerSetsOf, a.listenerSetOf, id);
    if (a.route) removeFrom(this.routesByNamespace, a.resource.key.namespace, id);
    this.markFile(a.resource.fileId);
  }

  private markGrantFile(grantId: string): void {
    const hash = grantId.indexOf('#');
    this.markFile(hash < 0 ? grantId : grantId.slice(0, hash));
  }

  private markFile(fileId: string): void {
    this.dirtyFiles.add(fileId);
    this.changedFiles.add(fileId);
  }

  private isChartTemplate(fileId: string): boolean {
    const parts = fileId.split('/');
    for (let i = parts.length - 2; i >= 0; i--) {
      if (parts[i] === 'templates' && this.chartRoots.has(parts.slice(0, i).join('/'))) return true;
    }
    return false;
  }
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

/** The chart folder when `fileId` is a Chart.yaml, else undefined. */
function chartRootOf(fileId: string): string | undefined {
  return isChartFile(fileId) ? fileId.slice(0, Math.max(fileId.lastIndexOf('/'), 0)) : undefined;
}
