// One kustomization file read into a typed model, statically: nothing is fetched, rendered or run.
// A kustomization is a file named `kustomization.yaml`, `kustomization.yml` or `Kustomization`
// (`kind: Kustomization`, the default, or `kind: Component`); its fields are read as kustomize's
// `types.Kustomization` declares them (api/types/kustomization.go), with every entry keeping its
// source span so a diagnostic can sit on it:
// - `resources` (then `bases`, which kustomize appends after them) and `components`: local paths,
//   resolved against the kustomization's folder into the ids the host gives files (fileIds.ts) —
//   whether a path is a file or a folder is decided later, against the workspace, as kustomize
//   tries a file first — or remote targets (URLs, `github.com/…`), whose content we cannot read;
// - `namespace`, `namePrefix`, `nameSuffix`, `labels` (pairs, includeSelectors, includeTemplates)
//   and `commonLabels` (a label entry with selectors, run after `labels` as kustomize does),
//   `commonAnnotations`;
// - patches in kustomize's order of application: `patchesStrategicMerge`, `patches` (a list of
//   JSON 6902 operations or strategic-merge documents, told apart by content as kustomize does),
//   then `patchesJson6902`, which kustomize runs after the namespace, names and labels; inline
//   patches are parsed here (their spans point into this file), patch files by `readPatchFile`;
// - `helmCharts` (and the deprecated `helmChartInflationGenerator`): what renders, where, from
//   which values files; the chart's output is not in git;
// - `configMapGenerator`/`secretGenerator`: the ConfigMaps and Secrets they produce, whether
//   kustomize appends a content hash to the name (it then rewrites only the references it knows,
//   and Gateway API references are not among them);
// - `replacements`, `vars`, `openapi`, `configurations`, `crds`, `transformers`, `generators`,
//   `validators`: recorded as not modelled — they can change names and references in ways the
//   analysis does not follow.
// Wrong types, unknown fields and entries kustomize would reject become problems, never
// exceptions; the rest of the file is still read. Syntax errors in the document kustomize reads
// (the first that is not empty) are the model's problems too: a kustomization need not look like
// a Kubernetes object, so the file summary may not report them.

import { parseYaml } from '../syntax/fastPath.js';
import type { ParsedDocument, Span, YMap, YNode, YScalar } from '../syntax/tree.js';
import { baseNameOf, folderOf, joinFileId } from './fileIds.js';
import type { PatchContent, PatchField } from './patches.js';
import { readPatchContent, relocate } from './patches.js';
import { field, Reader, scalarText } from './reader.js';
import type { Located, Problem } from './resource.js';
import { flatCopy, intern } from '../strings.js';

export const KUSTOMIZATION_FILE_NAMES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Whether kustomize reads this file as a folder's kustomization. */
export function isKustomizationFile(fileId: string): boolean {
  return KUSTOMIZATION_FILE_NAMES.includes(baseNameOf(fileId));
}

/**
 * Codes of the problems found in kustomizations (proposed to the diagnostic catalog): a syntax
 * error in the document kustomize reads (`YAMLSyntax`), a field of the wrong type (`InvalidField`), something `kustomize build` rejects (`KustomizeError`), a
 * feature whose effect is not modelled (`KustomizeNotModelled`), a remote base whose content is
 * unknown (`KustomizeRemote`).
 */
export type KustomizeProblemCode =
  'YAMLSyntax' | 'InvalidField' | 'KustomizeError' | 'KustomizeNotModelled' | 'KustomizeRemote';

export type KustomizationKind = 'Kustomization' | 'Component';

/** Where a path entry points: a local file or folder (by id), or something remote. */
export type EntryTarget = { kind: 'local'; id: string } | { kind: 'remote'; url: string };

/** A `resources`, `bases` or `components` entry. */
export interface PathEntry {
  field: 'resources' | 'bases' | 'components';
  /** The path as written. */
  text: string;
  span: Span;
  target: EntryTarget;
}

/** One label transformer: a `labels` entry or the `commonLabels` map. */
export interface LabelEntry {
  field: 'labels' | 'commonLabels';
  pairs: { key: string; value: string; span: Span }[];
  /** Selectors (Service `spec.selector`, workload selectors) are labelled too; `commonLabels` always. */
  includeSelectors: boolean;
  includeTemplates: boolean;
  span: Span;
}

/** A patch's `target`: each field a regular expression kustomize anchors (`^(?:…)$`), selectors as strings. */
export interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
  span: Span;
}

export type PatchSource =
  /** A patch file, read by the caller with `readPatchFile` (it is not a resource of the build). */
  { kind: 'file'; fileId: string; pathSpan: Span } | { kind: 'inline'; content: PatchContent };

export interface PatchEntry {
  field: PatchField;
  /** The list item. */
  span: Span;
  target?: PatchTarget;
  options: { allowNameChange: boolean; allowKindChange: boolean };
  source: PatchSource;
}

export interface HelmChartEntry {
  field: 'helmCharts' | 'helmChartInflationGenerator';
  name?: Located<string>;
  releaseName?: Located<string>;
  /** The release namespace written on the chart; kustomize otherwise passes the kustomization's. */
  namespace?: Located<string>;
  version?: string;
  repo?: string;
  /** Where kustomize looks for (or downloads) the chart: `<chartHome>/<name>`. */
  chartFolder?: string;
  valuesFiles: { fileId: string; span: Span }[];
  includeCRDs: boolean;
  span: Span;
}

export interface GeneratorEntry {
  field: 'configMapGenerator' | 'secretGenerator';
  kind: 'ConfigMap' | 'Secret';
  name?: Located<string>;
  namespace?: Located<string>;
  /** `create` makes an object; `merge` and `replace` change one a base generated under the same name. */
  behavior: 'create' | 'merge' | 'replace';
  /** Secret `type` (kustomize's default is Opaque). */
  type?: string;
  /** Data keys known from `literals` and `files`; `envs` add keys only their files know. */
  keys: string[];
  keysComplete: boolean;
  /** Whether kustomize appends `-<content hash>` to the name (not disabled here or in `generatorOptions`). */
  hashSuffix: boolean;
  labels: { key: string; value: string }[];
  span: Span;
}

/** A field whose effect the analysis does not model. */
export interface UnmodelledField {
  field: string;
  span: Span;
}

/** A file a kustomization reads that is not a resource: generator sources, values, configurations. */
export interface InputFile {
  fileId: string;
  field: string;
  span: Span;
}

export interface Kustomization {
  fileId: string;
  folder: string;
  kind: KustomizationKind;
  /** The document's root (the file's start when it has none). */
  span: Span;
  /** `resources` entries, then `bases` entries (kustomize's order). */
  resources: PathEntry[];
  components: PathEntry[];
  namespace?: Located<string>;
  namePrefix?: Located<string>;
  nameSuffix?: Located<string>;
  /** `labels` entries in order, then `commonLabels`. */
  labels: LabelEntry[];
  /** `commonAnnotations` (kustomize writes them on every object; selections may read them). */
  commonAnnotations?: { pairs: { key: string; value: string; span: Span }[]; span: Span };
  /** In kustomize's order: `patchesStrategicMerge`, `patches`, then `patchesJson6902` (after names and labels). */
  patches: PatchEntry[];
  helmCharts: HelmChartEntry[];
  generators: GeneratorEntry[];
  unmodelled: UnmodelledField[];
  inputs: InputFile[];
  problems: Problem[];
}

/** Top-level fields of `types.Kustomization`; kustomize rejects any other. */
const KNOWN_FIELDS = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'openapi',
  'namePrefix',
  'nameSuffix',
  'namespace',
  'commonLabels',
  'labels',
  'commonAnnotations',
  'patchesStrategicMerge',
  'patchesJson6902',
  'patches',
  'images',
  'imageTags',
  'replacements',
  'replicas',
  'vars',
  'sortOptions',
  'resources',
  'components',
  'crds',
  'bases',
  'configMapGenerator',
  'secretGenerator',
  'helmGlobals',
  'helmCharts',
  'helmChartInflationGenerator',
  'generatorOptions',
  'configurations',
  'generators',
  'transformers',
  'validators',
  'buildMetadata',
]);

/** Fields that can rename objects or rewrite references in ways the analysis does not follow. */
const UNMODELLED_FIELDS = [
  'replacements',
  'vars',
  'openapi',
  'configurations',
  'crds',
  'transformers',
  'generators',
  'validators',
];

const API_VERSIONS: Record<KustomizationKind, string> = {
  Kustomization: 'kustomize.config.k8s.io/v1beta1',
  Component: 'kustomize.config.k8s.io/v1alpha1',
};

/**
 * The local paths kustomize reads for this kustomization besides itself: its `resources`, `bases`
 * and `components` entries (files or folders) and its patch files, as file ids.
 */
/** The group kustomizations are written in; a stand-in for an entry's unknown objects has it too. */
export const KUSTOMIZE_GROUP = 'kustomize.config.k8s.io';

export function localReads(k: Kustomization): string[] {
  const out: string[] = [];
  for (const e of [...k.resources, ...k.components]) if (e.target.kind === 'local') out.push(e.target.id);
  for (const p of k.patches) if (p.source.kind === 'file') out.push(p.source.fileId);
  return out;
}

/** A kustomization that lists and transforms nothing yet. */
export function emptyKustomization(fileId: string, folder: string, span: Span): Kustomization {
  return {
    fileId,
    folder,
    kind: 'Kustomization',
    span,
    resources: [],
    components: [],
    labels: [],
    patches: [],
    helmCharts: [],
    generators: [],
    unmodelled: [],
    inputs: [],
    problems: [],
  };
}

/** Reads a kustomization file from its text. */
export function readKustomization(fileId: string, text: string): Kustomization {
  return readKustomizationDocuments(fileId, parseYaml(text), text);
}

/**
 * Reads a kustomization from its parsed documents (the first one that is not empty, as kustomize
 * reads it). `text` is the file's text, used to place inline patches' spans inside block scalars.
 */
export function readKustomizationDocuments(fileId: string, documents: ParsedDocument[], text: string): Kustomization {
  const k = emptyKustomization(fileId, folderOf(fileId), { start: 0, end: 0 });
  const doc = documents.find((d) => d.root !== null || d.problems.length > 0);
  if (!doc) {
    k.problems.push(problem('KustomizeError', k.span, '', 'The kustomization is empty; kustomize rejects it.'));
    return k;
  }
  for (const p of doc.problems) k.problems.push({ code: 'YAMLSyntax', message: p.message, span: p.span, path: '' });
  if (!doc.root) return k;
  new KustomizationReader(k, text).read(doc.root);
  return k;
}

function problem(code: KustomizeProblemCode, span: Span, path: string, message: string): Problem {
  return { code, span, path: intern(path), message: flatCopy(message) };
}

/**
 * Whether kustomize would fetch a path rather than read it from disk: URLs, scp-like git
 * addresses, `github.com/…`-style hosts and `?ref=` pins (kustomize's repospec forms).
 */
export function isRemotePath(path: string): boolean {
  return (
    /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(path) ||
    /^git::/.test(path) ||
    /^[\w.-]+@[\w.-]+:/.test(path) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)[/:]/.test(path) ||
    /[?&](ref|version|submodules|timeout)=/.test(path)
  );
}

class KustomizationReader {
  private readonly r = new Reader();

  constructor(
    private readonly k: Kustomization,
    private readonly text: string,
  ) {}

  private error(span: Span, path: string, message: string): void {
    this.k.problems.push(problem('KustomizeError', span, path, message));
  }

  read(root: YNode): void {
    const k = this.k;
    k.span = root.span;
    if (root.kind !== 'map') {
      this.error(root.span, '', 'A kustomization must be a mapping of fields.');
      return;
    }
    this.kindAndVersion(root);
    for (const e of root.entries)
      if (!KNOWN_FIELDS.has(e.key))
        this.error(e.keySpan, e.key, `Unknown field \`${e.key}\`: kustomize rejects the kustomization.`);
    k.resources = [...this.paths(root, 'resources'), ...this.paths(root, 'bases')];
    k.components = this.paths(root, 'components');
    k.namespace = this.r.string(field(root, 'namespace'), 'namespace');
    k.namePrefix = this.r.string(field(root, 'namePrefix'), 'namePrefix');
    k.nameSuffix = this.r.string(field(root, 'nameSuffix'), 'nameSuffix');
    for (const l of ['namespace', 'namePrefix', 'nameSuffix'] as const) if (k[l]?.value === '') delete k[l];
    this.labels(root);
    const annotations = field(root, 'commonAnnotations');
    const annotationPairs = annotations ? this.stringMap(annotations, 'commonAnnotations') : undefined;
    if (annotations && annotationPairs) k.commonAnnotations = { pairs: annotationPairs, span: annotations.span };
    this.patches(root);
    this.helmCharts(root);
    this.generators(root);
    for (const name of UNMODELLED_FIELDS) {
      const e = root.entries.find((x) => x.key === name);
      if (e) {
        k.unmodelled.push({ field: name, span: e.value.span });
        k.problems.push(
          problem(
            'KustomizeNotModelled',
            e.keySpan,
            name,
            `\`${name}\` is not modelled: names and references it changes are checked as written.`,
          ),
        );
      }
    }
    this.inputPaths(root, 'configurations');
    this.inputPaths(root, 'crds');
    // Plugin configurations: files (or folders) of generator, transformer and validator objects
    // that kustomize runs, not resources; an entry may also be the configuration itself, inline.
    for (const key of ['generators', 'transformers', 'validators'])
      for (const e of this.strings(root, key)) if (!e.value.includes('\n')) this.input(e.value, key, e.span);
    const openapiPath = scalarText(field(this.r.map(field(root, 'openapi'), 'openapi'), 'path'));
    if (openapiPath) this.input(openapiPath, 'openapi', field(root, 'openapi')!.span);
    for (const p of this.r.problems) k.problems.push(p);
  }

  private kindAndVersion(root: YMap): void {
    const kindNode = this.r.string(field(root, 'kind'), 'kind');
    if (kindNode) {
      if (kindNode.value === 'Component') this.k.kind = 'Component';
      else if (kindNode.value !== 'Kustomization')
        this.error(kindNode.span, 'kind', '`kind` must be Kustomization or Component.');
    }
    const version = this.r.string(field(root, 'apiVersion'), 'apiVersion');
    const expected = API_VERSIONS[this.k.kind];
    if (version && version.value !== expected)
      this.error(version.span, 'apiVersion', `\`apiVersion\` of a ${this.k.kind} must be ${expected}.`);
  }

  /** A list of strings; wrong items are problems and skipped. */
  private strings(map: YMap, key: string): Located<string>[] {
    const out: Located<string>[] = [];
    for (const { node, path } of this.r.items(map, key, key)) {
      const s = this.r.string(node, path);
      if (s) out.push(s);
    }
    return out;
  }

  private paths(root: YMap, key: PathEntry['field']): PathEntry[] {
    const out: PathEntry[] = [];
    for (const s of this.strings(root, key)) {
      const text = s.value.trim();
      if (text === '') {
        this.error(s.span, key, `An empty \`${key}\` entry names no file or folder.`);
        continue;
      }
      const target: EntryTarget = isRemotePath(text)
        ? { kind: 'remote', url: text }
        : { kind: 'local', id: joinFileId(this.k.folder, text) };
      out.push({ field: key, text, span: s.span, target });
      if (target.kind === 'remote')
        this.k.problems.push(
          problem(
            'KustomizeRemote',
            s.span,
            key,
            `\`${text}\` is remote: its objects are not in the workspace, so results that depend on them are unknown.`,
          ),
        );
    }
    return out;
  }

  /** A map of string to string (labels, annotations), or undefined when it is not a mapping. */
  private stringMap(node: YNode, path: string): { key: string; value: string; span: Span }[] | undefined {
    const map = this.r.map(node, path);
    if (!map) return undefined;
    const out: { key: string; value: string; span: Span }[] = [];
    for (const e of map.entries) {
      const v = e.value;
      // kustomize unmarshals into map[string]string: numbers and booleans are rejected.
      if (v.kind === 'scalar' && (typeof v.value === 'string' || v.value === null))
        out.push({
          key: intern(e.key),
          value: intern(v.value ?? ''),
          span: { start: e.keySpan.start, end: v.span.end },
        });
      else this.r.string(v, `${path}.${e.key}`);
    }
    return out;
  }

  private labels(root: YMap): void {
    for (const { node, path } of this.r.items(root, 'labels', 'labels')) {
      const m = this.r.map(node, path);
      if (!m) continue;
      this.unknownKeys(m, path, [
        'pairs',
        'includeSelectors',
        'includeTemplates',
        'includeVolumeClaimTemplates',
        'fields',
      ]);
      const pairsNode = field(m, 'pairs');
      const pairs = pairsNode ? (this.stringMap(pairsNode, `${path}.pairs`) ?? []) : [];
      this.k.labels.push({
        field: 'labels',
        pairs,
        includeSelectors: this.bool(m, 'includeSelectors', path),
        includeTemplates: this.bool(m, 'includeTemplates', path),
        span: m.span,
      });
    }
    const common = field(root, 'commonLabels');
    const pairs = common ? this.stringMap(common, 'commonLabels') : undefined;
    if (common && pairs) {
      for (const l of this.k.labels)
        for (const p of l.pairs)
          if (pairs.some((c) => c.key === p.key))
            this.error(
              p.span,
              'labels',
              `Label \`${p.key}\` is in both \`commonLabels\` and \`labels\`; kustomize rejects that.`,
            );
      this.k.labels.push({
        field: 'commonLabels',
        pairs,
        includeSelectors: true,
        includeTemplates: true,
        span: common.span,
      });
    }
  }

  private bool(map: YMap, key: string, path: string): boolean {
    const node = field(map, key);
    if (!node) return false;
    if (node.kind === 'scalar' && typeof node.value === 'boolean') return node.value;
    this.r.problem(node.span, `${path}.${key}`, `\`${path}.${key}\` must be true or false.`);
    return false;
  }

  private unknownKeys(map: YMap, path: string, known: readonly string[]): void {
    for (const e of map.entries)
      if (!known.includes(e.key))
        this.error(
          e.keySpan,
          `${path}.${e.key}`,
          `Unknown field \`${e.key}\` in \`${path}\`: kustomize rejects the kustomization.`,
        );
  }

  private patches(root: YMap): void {
    const noOptions = { allowNameChange: false, allowKindChange: false };
    // patchesStrategicMerge: each entry is inline YAML if it reads as objects, else a file path (kustomize's order of tries).
    for (const { node, path } of this.r.items(root, 'patchesStrategicMerge', 'patchesStrategicMerge')) {
      const s = this.r.string(node, path);
      if (!s) continue;
      const inline = this.inlineDocuments(node as YScalar);
      const source: PatchSource =
        inline && inline.some((d) => d.root?.kind === 'map')
          ? { kind: 'inline', content: this.inlineContent(inline, 'patchesStrategicMerge', node, false) }
          : this.patchFile(s);
      this.k.patches.push({ field: 'patchesStrategicMerge', span: node.span, options: noOptions, source });
    }
    const later: PatchEntry[] = [];
    for (const key of ['patches', 'patchesJson6902'] as const) {
      for (const { node, path } of this.r.items(root, key, key)) {
        const m = this.r.map(node, path);
        if (!m) continue;
        this.unknownKeys(
          m,
          path,
          key === 'patches' ? ['path', 'patch', 'target', 'options'] : ['path', 'patch', 'target'],
        );
        const target = this.target(m, path);
        const pathNode = this.r.string(field(m, 'path'), `${path}.path`);
        const patchNode = field(m, 'patch');
        const patchText = this.r.string(patchNode, `${path}.patch`);
        if (pathNode && patchText) {
          this.error(m.span, path, `A patch has either \`path\` or \`patch\`, not both.`);
          continue;
        }
        let source: PatchSource;
        if (pathNode) source = this.patchFile(pathNode);
        else if (patchText && patchNode) {
          const docs = this.inlineDocuments(patchNode as YScalar) ?? [];
          source = { kind: 'inline', content: this.inlineContent(docs, key, patchNode, target !== undefined) };
        } else {
          if (!patchNode) this.error(m.span, path, 'A patch needs `path` or `patch`.');
          continue;
        }
        if (key === 'patchesJson6902' && !target?.name)
          this.error(target?.span ?? m.span, `${path}.target`, 'A `patchesJson6902` entry needs `target.name`.');
        const entry: PatchEntry = { field: key, span: m.span, options: this.patchOptions(m, path), source };
        if (target) entry.target = target;
        if (key === 'patches') this.k.patches.push(entry);
        else later.push(entry);
      }
    }
    this.k.patches.push(...later);
  }

  private patchOptions(m: YMap, path: string): PatchEntry['options'] {
    const options = this.r.map(field(m, 'options'), `${path}.options`);
    if (options) this.unknownKeys(options, `${path}.options`, ['allowNameChange', 'allowKindChange']);
    return {
      allowNameChange: options ? this.bool(options, 'allowNameChange', `${path}.options`) : false,
      allowKindChange: options ? this.bool(options, 'allowKindChange', `${path}.options`) : false,
    };
  }

  private target(m: YMap, path: string): PatchTarget | undefined {
    const t = this.r.map(field(m, 'target'), `${path}.target`);
    if (!t) return undefined;
    const keys = ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'] as const;
    this.unknownKeys(t, `${path}.target`, keys);
    const target: PatchTarget = { span: t.span };
    for (const key of keys) {
      const s = this.r.string(field(t, key), `${path}.target.${key}`);
      if (s && s.value !== '') target[key] = s.value;
    }
    return target;
  }

  private patchFile(s: Located<string>): PatchSource {
    const fileId = joinFileId(this.k.folder, s.value.trim());
    return { kind: 'file', fileId, pathSpan: s.span };
  }

  /**
   * The documents of an inline patch (a string scalar holding YAML), with spans in this file: exact
   * inside a literal block scalar (`|`), the whole scalar's span otherwise.
   */
  private inlineDocuments(node: YScalar): ParsedDocument[] | undefined {
    if (typeof node.value !== 'string') return undefined;
    const docs = parseYaml(node.value);
    const place = literalBlockPlacer(this.text, node, node.value);
    for (const d of docs) {
      if (d.root) d.root = place ? mapSpans(d.root, place) : relocate(d.root, node.span);
      for (const p of d.problems)
        p.span = place ? { start: place(p.span.start), end: place(p.span.end) } : { ...node.span };
    }
    return docs;
  }

  private inlineContent(docs: ParsedDocument[], key: PatchField, at: YNode, targeted: boolean): PatchContent {
    for (const d of docs)
      for (const p of d.problems) this.error(p.span, key, `The inline patch is not valid YAML: ${p.message}`);
    const { content, problems } = readPatchContent(docs, key, at.span, targeted);
    for (const p of problems) this.k.problems.push(p);
    return content;
  }

  private helmCharts(root: YMap): void {
    const globals = this.r.map(field(root, 'helmGlobals'), 'helmGlobals');
    if (globals) this.unknownKeys(globals, 'helmGlobals', ['chartHome', 'configHome']);
    let chartHome = scalarText(field(globals, 'chartHome'));
    for (const { node, path } of this.r.items(root, 'helmChartInflationGenerator', 'helmChartInflationGenerator')) {
      const m = this.r.map(node, path);
      const home = m ? scalarText(field(m, 'chartHome')) : undefined;
      if (home && !globals) chartHome = home;
    }
    const home = chartHome ?? 'charts';
    const known = [
      'name',
      'version',
      'repo',
      'releaseName',
      'namespace',
      'additionalValuesFiles',
      'valuesFile',
      'valuesInline',
      'valuesMerge',
      'includeCRDs',
      'skipHooks',
      'apiVersions',
      'kubeVersion',
      'nameTemplate',
      'skipTests',
      'debug',
      'devel',
    ];
    for (const { node, path } of this.r.items(root, 'helmCharts', 'helmCharts')) {
      const m = this.r.map(node, path);
      if (!m) continue;
      this.unknownKeys(m, path, known);
      const chart = this.chart(m, path, 'helmCharts', home, {
        name: 'name',
        releaseName: 'releaseName',
        namespace: 'namespace',
        version: 'version',
        repo: 'repo',
        values: 'valuesFile',
      });
      for (const v of this.strings(m, 'additionalValuesFiles'))
        chart.valuesFiles.push({ fileId: this.input(v.value, `${path}.additionalValuesFiles`, v.span), span: v.span });
      chart.includeCRDs = this.bool(m, 'includeCRDs', path);
      this.k.helmCharts.push(chart);
    }
    for (const { node, path } of this.r.items(root, 'helmChartInflationGenerator', 'helmChartInflationGenerator')) {
      const m = this.r.map(node, path);
      if (!m) continue;
      this.unknownKeys(m, path, [
        'chartName',
        'chartVersion',
        'chartRepoUrl',
        'chartHome',
        'chartRepoName',
        'helmBin',
        'helmHome',
        'values',
        'valuesLocal',
        'valuesMerge',
        'releaseName',
        'releaseNamespace',
        'extraArgs',
      ]);
      this.k.helmCharts.push(
        this.chart(m, path, 'helmChartInflationGenerator', home, {
          name: 'chartName',
          releaseName: 'releaseName',
          namespace: 'releaseNamespace',
          version: 'chartVersion',
          repo: 'chartRepoUrl',
          values: 'values',
        }),
      );
    }
  }

  private chart(
    m: YMap,
    path: string,
    fieldName: HelmChartEntry['field'],
    home: string,
    keys: { name: string; releaseName: string; namespace: string; version: string; repo: string; values: string },
  ): HelmChartEntry {
    const chart: HelmChartEntry = { field: fieldName, valuesFiles: [], includeCRDs: false, span: m.span };
    const name = this.r.string(field(m, keys.name), `${path}.${keys.name}`);
    const releaseName = this.r.string(field(m, keys.releaseName), `${path}.${keys.releaseName}`);
    const namespace = this.r.string(field(m, keys.namespace), `${path}.${keys.namespace}`);
    if (name?.value) {
      chart.name = name;
      chart.chartFolder = joinFileId(joinFileId(this.k.folder, home), name.value);
    }
    if (releaseName?.value) chart.releaseName = releaseName;
    if (namespace?.value) chart.namespace = namespace;
    const version = scalarText(field(m, keys.version));
    const repo = scalarText(field(m, keys.repo));
    if (version) chart.version = version;
    if (repo) chart.repo = repo;
    const values = this.r.string(field(m, keys.values), `${path}.${keys.values}`);
    if (values?.value)
      chart.valuesFiles.push({
        fileId: this.input(values.value, `${path}.${keys.values}`, values.span),
        span: values.span,
      });
    return chart;
  }

  private generators(root: YMap): void {
    const options = this.r.map(field(root, 'generatorOptions'), 'generatorOptions');
    const global = options ? this.generatorOptions(options, 'generatorOptions') : { noHash: false, labels: [] };
    for (const key of ['configMapGenerator', 'secretGenerator'] as const) {
      const known = ['name', 'namespace', 'behavior', 'literals', 'files', 'envs', 'env', 'options'];
      if (key === 'secretGenerator') known.push('type');
      for (const { node, path } of this.r.items(root, key, key)) {
        const m = this.r.map(node, path);
        if (!m) continue;
        this.unknownKeys(m, path, known);
        const local = this.r.map(field(m, 'options'), `${path}.options`);
        const localOptions = local ? this.generatorOptions(local, `${path}.options`) : { noHash: false, labels: [] };
        const labels = [...localOptions.labels];
        for (const l of global.labels) if (!labels.some((x) => x.key === l.key)) labels.push(l);
        const g: GeneratorEntry = {
          field: key,
          kind: key === 'configMapGenerator' ? 'ConfigMap' : 'Secret',
          behavior: 'create',
          keys: [],
          keysComplete: true,
          hashSuffix: !(global.noHash || localOptions.noHash),
          labels,
          span: m.span,
        };
        const name = this.r.string(field(m, 'name'), `${path}.name`);
        if (name?.value) g.name = name;
        else this.error(name?.span ?? m.span, `${path}.name`, 'A generator needs a `name`.');
        const namespace = this.r.string(field(m, 'namespace'), `${path}.namespace`);
        if (namespace?.value) g.namespace = namespace;
        const behavior = this.r.string(field(m, 'behavior'), `${path}.behavior`);
        if (behavior && behavior.value !== '') {
          if (behavior.value === 'create' || behavior.value === 'merge' || behavior.value === 'replace')
            g.behavior = behavior.value;
          else this.error(behavior.span, `${path}.behavior`, '`behavior` must be create, merge or replace.');
        }
        if (key === 'secretGenerator') {
          const type = this.r.string(field(m, 'type'), `${path}.type`);
          if (type?.value) g.type = type.value;
        }
        for (const lit of this.strings(m, 'literals')) {
          const eq = lit.value.indexOf('=');
          if (eq <= 0) this.error(lit.span, `${path}.literals`, 'A literal is written `key=value`.');
          else g.keys.push(intern(lit.value.slice(0, eq).trim()));
        }
        for (const f of this.strings(m, 'files')) {
          const eq = f.value.indexOf('=');
          const file = eq < 0 ? f.value : f.value.slice(eq + 1);
          g.keys.push(intern(eq < 0 ? baseNameOf(f.value) : f.value.slice(0, eq)));
          this.input(file, `${path}.files`, f.span);
        }
        const envs = [...this.strings(m, 'envs')];
        const env = this.r.string(field(m, 'env'), `${path}.env`);
        if (env) envs.push(env);
        for (const e of envs) {
          g.keysComplete = false;
          this.input(e.value, `${path}.envs`, e.span);
        }
        this.k.generators.push(g);
      }
    }
  }

  private generatorOptions(m: YMap, path: string): { noHash: boolean; labels: { key: string; value: string }[] } {
    this.unknownKeys(m, path, ['labels', 'annotations', 'disableNameSuffixHash', 'immutable']);
    const labelsNode = field(m, 'labels');
    const labels = labelsNode ? (this.stringMap(labelsNode, `${path}.labels`) ?? []) : [];
    return {
      noHash: this.bool(m, 'disableNameSuffixHash', path),
      labels: labels.map((l) => ({ key: l.key, value: l.value })),
    };
  }

  private inputPaths(root: YMap, key: string): void {
    for (const s of this.strings(root, key)) this.input(s.value, key, s.span);
  }

  private input(path: string, fieldName: string, span: Span): string {
    const fileId = joinFileId(this.k.folder, path.trim());
    this.k.inputs.push({ fileId, field: intern(fieldName.replace(/\[\d+\]/g, '[]')), span });
    return fileId;
  }
}

/**
 * For a literal block scalar (`|`, `|-`, `|+`, with or without an indentation indicator), the
 * function from offsets in its value to offsets in the file: each value line is the file line
 * with the block's indentation removed. Undefined for other styles, or when the lines do not
 * line up (tabs, unusual indentation): callers then use the scalar's whole span.
 */
function literalBlockPlacer(text: string, node: YScalar, value: string): ((offset: number) => number) | undefined {
  if (node.style !== 'block' || text[node.span.start] !== '|') return undefined;
  const headerEnd = text.indexOf('\n', node.span.start);
  if (headerEnd < 0) return undefined;
  const valueLines = value.split('\n');
  const fileLineStarts: number[] = [];
  let indent = -1;
  let pos = headerEnd + 1;
  for (let i = 0; i < valueLines.length; i++) {
    const line = valueLines[i]!;
    const end = text.indexOf('\n', pos);
    const lineEnd = end < 0 ? text.length : end;
    const fileLine = text.slice(pos, lineEnd).replace(/\r$/, '');
    if (line !== '') {
      if (indent < 0) indent = fileLine.length - line.length;
      if (indent < 0 || fileLine.slice(indent) !== line || fileLine.slice(0, indent).trim() !== '') return undefined;
    } else if (i === valueLines.length - 1 && end < 0) {
      // the value's final empty line (a kept trailing newline) may have no file line
    } else if (fileLine.trim() !== '') return undefined;
    fileLineStarts.push(pos);
    pos = lineEnd + 1;
  }
  if (indent < 0) return undefined;
  const valueLineStarts: number[] = [];
  let at = 0;
  for (const line of valueLines) {
    valueLineStarts.push(at);
    at += line.length + 1;
  }
  return (offset: number) => {
    let lo = 0;
    let hi = valueLineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (valueLineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return Math.min(fileLineStarts[lo]! + indent + (offset - valueLineStarts[lo]!), node.span.end);
  };
}

/** The tree with every span (and key span) moved by `place`; the tree was parsed for this and is changed in place. */
function mapSpans(node: YNode, place: (offset: number) => number): YNode {
  const stack: YNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    n.span = { start: place(n.span.start), end: place(n.span.end) };
    if (n.kind === 'map')
      for (const e of n.entries) {
        e.keySpan = { start: place(e.keySpan.start), end: place(e.keySpan.end) };
        stack.push(e.value);
      }
    else if (n.kind === 'seq') for (const item of n.items) stack.push(item);
  }
  return node;
}
