// One object built through an environment's chain of kustomizations, statically: what
// `kustomize build` makes of it, for the fields the analysis reads. The chain runs innermost
// first (the kustomization that lists the file, the components it and its includers apply, then
// each enclosing kustomization); each kustomization applies its transformers in kustomize's fixed
// order (api/internal/target/kusttarget_configplugin.go):
//   1. `patchesStrategicMerge`, then `patches` (strategic merge or JSON 6902),
//   2. `namespace` — written on every object of a namespaced kind (custom kinds included); a v1
//      Namespace object is renamed to it — so the outermost kustomization's namespace wins,
//   3. `namePrefix`, 4. `nameSuffix` — not on Namespaces, CustomResourceDefinitions and
//      APIServices; nested kustomizations concatenate (outer prefix + inner prefix + name + inner
//      suffix + outer suffix),
//   5. `labels` entries, then `commonLabels` — `metadata.labels`, merged, outer values winning
//      (the selectors and pod templates `includeSelectors` also labels are not: the analysis
//      reads neither),
//   6. `commonAnnotations`, 7. `patchesJson6902`.
// A patch selects objects by the names they had before or after renaming (patchTargets.ts). A
// strategic-merge patch keeps the object's name, namespace and kind unless its `options` allow a
// change, as kustomize restores them. Generated ConfigMaps and Secrets are built from their
// generator entry (`generatedObject`) and go through the same chain; the content hash kustomize
// appends to their names comes after all of it (the caller knows from `hashSuffix`). Kustomize
// rewrites references it knows to renamed objects (a Deployment's ConfigMap volumes, …); Gateway
// API references are not among them, so none are rewritten here.
// Nothing throws: a patch that does not apply is a problem at the patch, and the object stays as
// it was before that patch.

import type { Span, YMap, YNode } from '../syntax/tree.js';
import type { GeneratorEntry, Kustomization, PatchEntry } from './kustomization.js';
import type { PatchContent } from './patches.js';
import { applyJson6902, applyStrategicMerge, scalarNode, withField } from './patches.js';
import type { ResId, SelectableObject } from './patchTargets.js';
import {
  compileTarget,
  idOf,
  kustomizeClusterScoped,
  metadataMap,
  patchNamesObject,
  targetSelects,
} from './patchTargets.js';

/** The content of a patch file, as `readPatchFile` read it; undefined when the file is not available. */
export type PatchFileLookup = (fileId: string, entry: PatchEntry) => PatchContent | undefined;

/** A problem met while building an object, located in the file that causes it. */
export interface BuildProblem {
  code: 'KustomizeError' | 'KustomizeNotModelled';
  fileId: string;
  span: Span;
  message: string;
}

/** A patch that changed the object. */
export interface AppliedPatch {
  kustomization: string;
  entry: PatchEntry;
  /** The document of a strategic-merge patch file or text (0 for JSON 6902). */
  document: number;
}

export interface BuiltObject {
  /** The built object; undefined when a `$patch: delete` removed it from the build. */
  root: YMap | undefined;
  /** Every id the object has had, from the one in its file to the current one. */
  ids: ResId[];
  applied: AppliedPatch[];
  /** Patches whose effect on this object is unknown (a target pattern not evaluated, a patch file not read). */
  unknown: { kustomization: string; entry: PatchEntry; reason: string }[];
  problems: BuildProblem[];
}

/** Builds one object (a document of an included file) through `chain`, innermost kustomization first. */
export function buildObject(root: YMap, chain: readonly Kustomization[], patchFile: PatchFileLookup): BuiltObject {
  const b = new ObjectBuilder(root, patchFile);
  for (const k of chain) {
    if (!b.root) break;
    b.layer(k);
  }
  return { root: b.root, ids: b.ids, applied: b.applied, unknown: b.unknown, problems: b.problems };
}

/**
 * The ConfigMap or Secret a generator entry makes, before any transformer: `metadata.name`, the
 * generator's namespace and labels, `type` for Secrets, and a `data` key per known key with an
 * empty value (the content comes from files the analysis does not read). Every node has the
 * entry's span in its kustomization. Undefined for entries that make no object (no name, or
 * `behavior: merge`/`replace`, which change one a base generated).
 */
export function generatedObject(g: GeneratorEntry): YMap | undefined {
  if (!g.name || g.behavior !== 'create') return undefined;
  const s = g.span;
  const map = (entries: [string, YNode][]): YMap => ({
    kind: 'map',
    entries: entries.map(([key, value]) => ({ key, keySpan: s, value })),
    flow: false,
    span: s,
  });
  const metadata: [string, YNode][] = [['name', scalarNode(g.name.value, s)]];
  if (g.namespace) metadata.push(['namespace', scalarNode(g.namespace.value, s)]);
  if (g.labels.length > 0)
    metadata.push(['labels', map(g.labels.map((l) => [l.key, scalarNode(l.value, s)] as [string, YNode]))]);
  const entries: [string, YNode][] = [
    ['apiVersion', scalarNode('v1', s)],
    ['kind', scalarNode(g.kind, s)],
    ['metadata', map(metadata)],
  ];
  if (g.kind === 'Secret') entries.push(['type', scalarNode(g.type ?? 'Opaque', s)]);
  entries.push(['data', map(g.keys.map((key) => [key, scalarNode('', s)] as [string, YNode]))]);
  return map(entries);
}

/** What a chain does to names, namespaces and labels in general; `buildObject` gives each object's exact result. */
export interface ChainSummary {
  /** The namespace objects of namespaced kinds end in: the outermost kustomization's that sets one. */
  namespace?: { value: string; kustomization: string; span: Span };
  /** What the chain adds before and after names (Namespaces, CRDs and APIServices excepted): outer first. */
  namePrefix: string;
  nameSuffix: string;
  /** `metadata.labels` the chain writes, merged, outer values winning. */
  labels: Map<string, { value: string; kustomization: string }>;
  /** Patches in the order they apply, with the kustomization each comes from. */
  patches: { kustomization: Kustomization; entry: PatchEntry }[];
  /** Fields whose effect is not modelled, by kustomization. */
  unmodelled: { kustomization: string; field: string }[];
}

export function summarizeChain(chain: readonly Kustomization[]): ChainSummary {
  const summary: ChainSummary = { namePrefix: '', nameSuffix: '', labels: new Map(), patches: [], unmodelled: [] };
  for (const k of chain) {
    for (const entry of k.patches)
      if (entry.field !== 'patchesJson6902') summary.patches.push({ kustomization: k, entry });
    if (k.namespace) summary.namespace = { value: k.namespace.value, kustomization: k.fileId, span: k.namespace.span };
    if (k.namePrefix) summary.namePrefix = k.namePrefix.value + summary.namePrefix;
    if (k.nameSuffix) summary.nameSuffix += k.nameSuffix.value;
    for (const l of k.labels)
      for (const p of l.pairs) summary.labels.set(p.key, { value: p.value, kustomization: k.fileId });
    for (const entry of k.patches)
      if (entry.field === 'patchesJson6902') summary.patches.push({ kustomization: k, entry });
    for (const u of k.unmodelled) summary.unmodelled.push({ kustomization: k.fileId, field: u.field });
  }
  return summary;
}

/** Kinds the prefix and suffix transformers skip (kustomize's prefixFieldSpecsToSkip), by original kind. */
function keepsName(id: ResId): boolean {
  return (
    id.kind === 'Namespace' ||
    id.kind === 'CustomResourceDefinition' ||
    (id.kind === 'APIService' && id.group === 'apiregistration.k8s.io')
  );
}

class ObjectBuilder {
  root: YMap | undefined;
  readonly ids: ResId[];
  readonly applied: AppliedPatch[] = [];
  readonly unknown: BuiltObject['unknown'] = [];
  readonly problems: BuildProblem[] = [];

  constructor(
    root: YMap,
    private readonly patchFile: PatchFileLookup,
  ) {
    this.root = root;
    this.ids = [idOf(root)];
  }

  private get current(): ResId {
    return this.ids[this.ids.length - 1]!;
  }

  /** Records the id after a change of name, namespace or kind. */
  private track(): void {
    if (!this.root) return;
    const id = idOf(this.root);
    const c = this.current;
    if (
      id.name !== c.name ||
      id.namespace !== c.namespace ||
      id.kind !== c.kind ||
      id.group !== c.group ||
      id.version !== c.version
    )
      this.ids.push(id);
  }

  layer(k: Kustomization): void {
    for (const p of k.patches) if (p.field !== 'patchesJson6902' && this.root) this.patch(k, p);
    if (!this.root) return;
    if (k.namespace) this.setNamespace(k.namespace.value);
    if (k.namePrefix && !keepsName(this.ids[0]!)) this.rename(k.namePrefix.value + this.current.name);
    if (k.nameSuffix && !keepsName(this.ids[0]!)) this.rename(this.current.name + k.nameSuffix.value);
    for (const l of k.labels) for (const p of l.pairs) this.setMetadata('labels', p.key, p.value);
    if (k.commonAnnotations) for (const p of k.commonAnnotations.pairs) this.setMetadata('annotations', p.key, p.value);
    for (const p of k.patches) if (p.field === 'patchesJson6902' && this.root) this.patch(k, p);
  }

  private setNamespace(namespace: string): void {
    const id = this.current;
    if (!kustomizeClusterScoped(id.group, id.kind)) this.setMetadataField('namespace', namespace);
    else if (id.kind === 'Namespace' && id.group === '' && id.version === 'v1')
      this.setMetadataField('name', namespace);
    this.track();
  }

  private rename(name: string): void {
    this.setMetadataField('name', name);
    this.track();
  }

  /** `metadata.<key>` set to a string; a new node takes the span of the node it replaces, or of the map it extends. */
  private setMetadataField(key: string, value: string): void {
    const root = this.root!;
    const metadata = root.entries.find((e) => e.key === 'metadata')?.value;
    const meta: YMap = metadata?.kind === 'map' ? metadata : { kind: 'map', entries: [], flow: false, span: root.span };
    const current = meta.entries.find((e) => e.key === key)?.value;
    const node = scalarNode(value, current?.span ?? meta.span);
    this.root = withField(root, 'metadata', withField(meta, key, node, meta.span), root.span);
  }

  private setMetadata(field: 'labels' | 'annotations', key: string, value: string): void {
    const root = this.root!;
    const metadata = root.entries.find((e) => e.key === 'metadata')?.value;
    const meta: YMap = metadata?.kind === 'map' ? metadata : { kind: 'map', entries: [], flow: false, span: root.span };
    const existing = meta.entries.find((e) => e.key === field)?.value;
    const map: YMap =
      existing?.kind === 'map'
        ? existing
        : { kind: 'map', entries: [], flow: false, span: existing?.span ?? meta.span };
    const current = map.entries.find((e) => e.key === key)?.value;
    const updated = withField(map, key, scalarNode(value, current?.span ?? map.span), map.span);
    this.root = withField(root, 'metadata', withField(meta, field, updated, meta.span), root.span);
  }

  private selectable(): SelectableObject {
    return {
      ids: this.ids,
      labels: metadataMap(this.root!, 'labels'),
      annotations: metadataMap(this.root!, 'annotations'),
    };
  }

  private patch(k: Kustomization, entry: PatchEntry): void {
    const source = entry.source;
    const content = source.kind === 'inline' ? source.content : this.patchFile(source.fileId, entry);
    if (!content) {
      if (!entry.target || this.selected(k, entry) !== false)
        this.unknown.push({ kustomization: k.fileId, entry, reason: 'the patch file is not available' });
      return;
    }
    if (content.kind === 'invalid') return;
    const at = source.kind === 'inline' ? k.fileId : source.fileId;
    if (content.kind === 'json6902') {
      if (!entry.target) {
        this.error(k.fileId, entry.span, 'A JSON 6902 patch needs a `target`; kustomize rejects it.');
        return;
      }
      if (this.selected(k, entry) !== true) return;
      const result = applyJson6902(this.root!, content.operations);
      for (const p of result.problems) this.error(at, p.span, p.message);
      if (result.problems.length > 0) return;
      this.root = result.root;
      this.track();
      this.applied.push({ kustomization: k.fileId, entry, document: 0 });
      return;
    }
    if (entry.target) {
      if (content.documents.length > 1) {
        this.error(
          k.fileId,
          entry.span,
          'A patch with a `target` holds one strategic-merge document; kustomize rejects more.',
        );
        return;
      }
      if (this.selected(k, entry) === true) this.merge(k, entry, content.documents[0]!, 0, at);
      return;
    }
    content.documents.forEach((doc, i) => {
      if (this.root && patchNamesObject(idOf(doc), this.selectable())) this.merge(k, entry, doc, i, at);
    });
  }

  /** Whether the entry's target selects the object; undefined (and noted) when that cannot be evaluated. */
  private selected(k: Kustomization, entry: PatchEntry): boolean | undefined {
    const compiled = compileTarget(entry.target!);
    if ('unsupported' in compiled) {
      this.unknown.push({ kustomization: k.fileId, entry, reason: compiled.unsupported });
      return undefined;
    }
    return targetSelects(compiled, this.selectable());
  }

  private merge(k: Kustomization, entry: PatchEntry, doc: YMap, index: number, at: string): void {
    const base = this.root!;
    const before = this.current;
    const result = applyStrategicMerge(base, doc, before.group, before.kind);
    for (const p of result.problems) this.error(at, p.span, p.message);
    if (result.problems.length > 0) return;
    this.applied.push({ kustomization: k.fileId, entry, document: index });
    if (!result.root) {
      this.root = undefined;
      return;
    }
    this.root = result.root;
    // kustomize restores what the patch may not change: the namespace always, name and kind unless allowed.
    this.restoreMetadata(base, 'namespace');
    if (!entry.options.allowNameChange) this.restoreMetadata(base, 'name');
    if (!entry.options.allowKindChange) {
      const kind = base.entries.find((e) => e.key === 'kind')?.value;
      this.root = withField(this.root, 'kind', kind, this.root.span);
    }
    this.track();
  }

  private restoreMetadata(base: YMap, key: string): void {
    const baseMeta = base.entries.find((e) => e.key === 'metadata')?.value;
    const original = baseMeta?.kind === 'map' ? baseMeta.entries.find((e) => e.key === key)?.value : undefined;
    const root = this.root!;
    const meta = root.entries.find((e) => e.key === 'metadata')?.value;
    if (meta?.kind !== 'map') return;
    this.root = withField(root, 'metadata', withField(meta, key, original, meta.span), root.span);
  }

  private error(fileId: string, span: Span, message: string): void {
    this.problems.push({ code: 'KustomizeError', fileId, span, message });
  }
}
