// (fileId, text) → FileModel: the per-file summary everything cross-file is computed from. A pure
// function of its inputs; it keeps no YAML tree, only the model with source spans, the file's line
// index and its problems. Non-Kubernetes YAML yields an empty model; Helm templates, binary and
// oversized files yield a skip note instead of parse errors.

import { stripBom } from '../text/bom.js';
import { LineIndex } from '../text/lineIndex.js';
import { parseYaml, parseYamlStream, RESTART } from '../syntax/fastPath.js';
import type { ParsedDocument, Span, YMap, YNode } from '../syntax/tree.js';
import { readGatewaySpec, readListeners, readParametersRef } from './gateway.js';
import {
  certManagerGatewaySecrets,
  configMapCAContent,
  producedRouteName,
  producedSecretName,
  readServicePorts,
  rendersInto,
  secretTLSContent,
} from './coreObjects.js';
import type { FluxKustomization } from './fluxKustomization.js';
import { FLUX_KUSTOMIZE_GROUP, readFluxKustomization } from './fluxKustomization.js';
import { field, Reader, scalarText } from './reader.js';
import {
  CERT_MANAGER_GROUP,
  gatewayCertificateRequests,
  readAcmeSolvers,
  readCertificateRequest,
} from './certManager.js';
import { flatCopy, intern } from '../strings.js';
import { readReferenceGrantSpec } from './referenceGrant.js';
import type { PolicySpec } from './policies.js';
import { looksLikePolicy, readPolicySpec } from './policies.js';
import { checkStringMap, readLabels, readObjectRef } from './references.js';
import type { ObjectKey, Problem, Resource, RouteKind } from './resource.js';
import { CORE_GROUP, GATEWAY_GROUP } from './resource.js';
import { readRouteSpec, ROUTE_KINDS } from './routes.js';
import type { Suppressions } from '../text/suppressions.js';
import { readSuppressions } from '../text/suppressions.js';
import { trimArrays } from '../trim.js';
import { producedRouteId, producedSecretId, resourceId } from './ids.js';
import { UNPLACED } from './placement.js';
import { nameProblem, namespaceProblem } from './objectNames.js';
import type { Admission } from '../admission/admit.js';
import { admit } from '../admission/admit.js';
import { baseNameOf, folderOf } from './fileIds.js';
import type { AdmissionProblem } from '../admission/validate.js';
import type { SchemaCatalog } from '../admission/catalog.js';
import { experimentalOnly } from '../admission/catalog.js';
import type { CrdDefinition } from '../admission/crd.js';
import { crdFromTree } from '../admission/crd.js';
import type { GeneratorEntry, HelmChartEntry, Kustomization, PathEntry } from './kustomization.js';
import { isKustomizationFile, KUSTOMIZE_GROUP, readKustomizationDocuments } from './kustomization.js';
import type { BuildProblem, PatchFileLookup } from './kustomizeBuild.js';
import { buildObject, generatedObject, summarizeChain } from './kustomizeBuild.js';

/** Files larger than this are skipped with a note; manifests this big are generated bundles. */
export const MAX_FILE_CHARS = 8 * 1024 * 1024;

export interface FileSkip {
  code: 'HelmTemplate' | 'TestAssertion' | 'NotInKustomization' | 'FileSkipped';
  message: string;
}

export interface FileModel {
  fileId: string;
  /** What the model was derived from besides the text; a cached model is reused only for the same. */
  inputs: ModelInputs;
  lineIndex: LineIndex;
  /** The file's objects, placed (see placement.ts): what the index and every feature see. */
  resources: Resource[];
  /** The objects as summarised, when some wait for placement; the host places them again when needed. */
  unplaced?: Resource[];
  /** File-level problems: YAML syntax errors and limits, reported only for Kubernetes-looking files. */
  problems: Problem[];
  skipped?: FileSkip;
  /** CustomResourceDefinitions the file defines: their kinds' objects are admitted against them. */
  crds: CrdDefinition[];
  /** The file holds an object that only the experimental channel's CRDs serve (see admission/workspace.ts). */
  experimental?: true;
  /** The file's kustomization, when kustomize reads it as one (see index/environments.ts). */
  kustomization?: Kustomization;
  /** Flux Kustomizations the file defines: each builds a folder (see fluxKustomization.ts). */
  fluxKustomizations?: FluxKustomization[];
  /** Problems building the file's objects through their kustomizations, in the files that cause them. */
  buildProblems?: BuildProblem[];
  /** `# gateway-refs-disable-…` comments (read from the text, not stored: see persist.ts). */
  suppressions?: Suppressions;
}

export interface SummarizeInputs {
  /** The file sits in a Helm chart's `templates/` folder (decided by the host, which knows the file set). */
  chartTemplate: boolean;
  /** A test tool compares the cluster against the file rather than applies it (see testAssertions.ts). */
  testAssertion?: boolean;
  /** The file sits beside a kustomization that does not name it (see index/kustomizeBuilds.ts). */
  unlisted?: boolean;
  /** With `unlisted`: its folder's kustomization is left out by this one, in the parent folder. */
  leftOutBy?: string;
  /** A plain file in a subfolder of a kustomization's folder that nothing deploys (Resource.unreached). */
  unreached?: boolean;
  /** The CRD schemas objects are admitted against: the channel's Gateway API CRDs and the workspace's CRDs. */
  catalog: SchemaCatalog;
  /** The kustomize builds the file's objects are part of; none: a plain file, applied as written. */
  builds?: readonly FileBuild[];
  /** For a kustomization file: the objects its generators make and the charts it renders, per build. */
  made?: readonly MadeInBuild[];
  /** Patch files' contents, for builds whose chain patches. */
  patchFile?: PatchFileLookup;
  /** What `builds` and `made` stand for, kept with the model (a cached model is reused only for the same). */
  buildsSignature?: string;
}

/** One kustomize build of a file: the environment (its root kustomization) and the chain its objects go through. */
export interface FileBuild {
  env: string;
  /** Kustomizations whose transforms apply, innermost first. */
  chain: readonly Kustomization[];
  /** The chain leaves every field the analysis reads as written (it only annotates): no build needed. */
  identity: boolean;
}

/**
 * A generator's object, a Helm chart, or an entry whose objects the workspace lacks (a remote
 * base, a git-ignored file) in a namespace its chain sets: made by a kustomization in one build.
 */
export type MadeInBuild =
  | { env: string; chain: readonly Kustomization[]; generator: GeneratorEntry }
  | { env: string; chart: HelmChartEntry; namespace?: string }
  | { env: string; unknown: PathEntry; namespace: string };

/** The inputs as plain data, kept with the model to tell whether it is still valid. */
export interface ModelInputs {
  chartTemplate: boolean;
  /** Set (true) only for a test assertion file. */
  testAssertion?: true;
  /** The kustomize builds the model was made for (see SummarizeInputs.buildsSignature); '' for a plain file. */
  builds: string;
  /** `group/kind` of every object in the file → fingerprint of the definition it was admitted against. */
  schemas: Record<string, string>;
}

const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ComponentStatus',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'PriorityClass',
  'RuntimeClass',
  'IngressClass',
  'GatewayClass',
  'PodSecurityPolicy',
  'APIService',
  'ClusterIssuer',
  'CertificateSigningRequest',
  'PriorityLevelConfiguration',
  'FlowSchema',
]);

/** A policy's targets of cluster-scoped kinds (a GatewayClass) have no namespace. */
function placedTargets(spec: PolicySpec): PolicySpec {
  for (const t of spec.targetRefs) if (CLUSTER_SCOPED_KINDS.has(t.kind)) t.namespace = '';
  return spec;
}

/** Kinds that cannot exist without `spec`: one written without it is a patch stub (`group/kind`). */
const NEEDS_SPEC = new Set([
  ...['Gateway', 'GatewayClass', 'ListenerSet', 'ReferenceGrant', 'BackendTLSPolicy'].map(
    (k) => `${GATEWAY_GROUP}/${k}`,
  ),
  ...['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'].map((k) => `${GATEWAY_GROUP}/${k}`),
  `${CORE_GROUP}/Service`,
]);

/** Tool configuration files that look like objects but never reach a cluster. */
const NOT_CLUSTER_OBJECTS = new Set(['kustomize.config.k8s.io', 'config.kubernetes.io', 'kpt.dev', 'skaffold']);

export function summarize(fileId: string, input: string, options: SummarizeInputs): FileModel {
  const model = summarizeText(fileId, stripBom(input), options);
  const suppressions = readSuppressions(stripBom(input));
  if (suppressions) model.suppressions = suppressions;
  return model;
}

function summarizeText(fileId: string, text: string, options: SummarizeInputs): FileModel {
  // A file that is not analysed needs no line index: its one note sits at the start.
  const model: FileModel = {
    fileId,
    inputs: {
      chartTemplate: options.chartTemplate,
      ...(options.testAssertion ? { testAssertion: true as const } : {}),
      builds: options.buildsSignature ?? '',
      schemas: {},
    },
    lineIndex: LineIndex.EMPTY,
    resources: [],
    problems: [],
    crds: [],
  };
  if (text.length > MAX_FILE_CHARS) {
    model.skipped = {
      code: 'FileSkipped',
      message: `Not analysed: the file is larger than ${MAX_FILE_CHARS / 1024 / 1024} MiB.`,
    };
    return model;
  }
  if (text.includes('\u0000')) {
    model.skipped = {
      code: 'FileSkipped',
      message: 'Not analysed: the file looks binary (it contains NUL characters).',
    };
    return model;
  }
  if (options.chartTemplate) {
    model.skipped = {
      code: 'HelmTemplate',
      message: 'Not analysed: a Helm chart template; render the chart (`helm template`) and check the output instead.',
    };
    return model;
  }
  if (options.testAssertion) {
    model.skipped = {
      code: 'TestAssertion',
      message:
        'Not analysed: a test assertion (KUTTL or Chainsaw) that the cluster is compared against, not a manifest that is applied.',
    };
    return model;
  }
  if (isKustomizationFile(fileId)) return summarizeKustomization(model, text, options);
  const kubernetesLike = /^(apiVersion|kind)\s*:/m.test(text);
  if (options.unlisted && kubernetesLike) {
    const by = options.leftOutBy;
    const shortBy = by && `${baseNameOf(folderOf(by))}/${baseNameOf(by)}`;
    model.skipped = {
      code: 'NotInKustomization',
      message:
        by === undefined
          ? 'Not analysed: the kustomization in this folder does not list the file, so building the folder leaves it out; add it to `resources` to deploy it.'
          : isKustomizationFile(by)
            ? `Not analysed: \`${shortBy}\` lists the folders beside this file's kustomization but not its folder, so building it leaves the file out.`
            : `Not analysed: only the Flux Kustomization in \`${shortBy}\` deploys this file, and no build deploys that Flux Kustomization.`,
    };
    // Its Flux Kustomizations are still read: whether they are deployed is decided with the
    // builds (index/environments.ts), which must see the same whatever was read first.
    const flux = text.includes(FLUX_KUSTOMIZE_GROUP) ? fluxKustomizationsOf(text) : [];
    if (flux.length > 0) model.fluxKustomizations = flux;
    return model;
  }
  // Documents are read one at a time and their trees dropped once extracted: a file of thousands
  // of documents never holds all its trees at once.
  const helmCandidate = kubernetesLike && text.includes('{{');
  let extractor = new Extractor(fileId, options, model);
  let problems: Problem[] = [];
  let syntaxErrors = false;
  let dataScalars: Span[] = [];
  for (const doc of parseYamlStream(text)) {
    if (doc === RESTART) {
      extractor = new Extractor(fileId, options, model);
      problems = [];
      syntaxErrors = false;
      dataScalars = [];
      continue;
    }
    if (helmCandidate) dataScalarSpans(doc, dataScalars);
    if (doc.root) extractor.object(doc.root, 0);
    for (const p of doc.problems) {
      syntaxErrors = true;
      problems.push({ code: 'YAMLSyntax', message: p.message, span: p.span, path: '' });
    }
    for (const p of doc.warnings ?? [])
      problems.push({ code: 'LenientYAML', message: p.message, span: p.span, path: '' });
  }
  if (helmCandidate && isHelmTemplate(text, syntaxErrors, dataScalars)) {
    model.skipped = {
      code: 'HelmTemplate',
      message:
        'Not analysed: the file contains Helm/Go template actions (`{{ … }}`); render it (`helm template`) and check the output instead.',
    };
    return model;
  }
  model.lineIndex = LineIndex.of(text);
  model.resources = extractor.resources.slice();
  if (extractor.experimental) model.experimental = true;
  if (extractor.flux.length > 0) model.fluxKustomizations = extractor.flux;
  if (kubernetesLike || model.resources.length > 0) model.problems = problems;
  return model;
}

/** Adds a Flux Kustomization once, however many builds read the object it comes from. */
function noteFlux(list: FluxKustomization[], flux: FluxKustomization): void {
  if (!list.some((f) => f.name === flux.name && f.span.start === flux.span.start)) list.push(flux);
}

/** The Flux Kustomizations of a file that is not analysed otherwise, read as the Extractor reads them. */
function fluxKustomizationsOf(text: string): FluxKustomization[] {
  let out: FluxKustomization[] = [];
  const visit = (node: YNode, depth: number): void => {
    if (node.kind !== 'map') return;
    const apiVersion = scalarText(field(node, 'apiVersion'));
    const kind = scalarText(field(node, 'kind'));
    const items = field(node, 'items');
    if (kind?.endsWith('List') && items?.kind === 'seq' && depth === 0) {
      for (const item of items.items) visit(item, depth + 1);
      return;
    }
    if (kind !== 'Kustomization' || !apiVersion?.startsWith(`${FLUX_KUSTOMIZE_GROUP}/`)) return;
    const metadata = field(node, 'metadata');
    const name = scalarText(field(metadata?.kind === 'map' ? metadata : undefined, 'name'));
    if (!name) return;
    const namespace = scalarText(field(metadata?.kind === 'map' ? metadata : undefined, 'namespace')) ?? '';
    const spec = field(node, 'spec');
    const f = readFluxKustomization(spec?.kind === 'map' ? spec : undefined, name, namespace, node.span);
    if (f) noteFlux(out, f);
  };
  for (const doc of parseYamlStream(text)) {
    if (doc === RESTART) out = [];
    else if (doc.root) visit(doc.root, 0);
  }
  return out;
}

/**
 * Go-template actions (`{{`) outside comments and scalar values, or any YAML error when the text
 * has actions at all: Helm templates are not YAML until rendered. Values that parse as strings
 * hold templates as data that a controller fills in (alerting rules, an ExternalSecret's template,
 * an ApplicationSet, a HelmRelease's values) and do not count; a Helm action where a value goes
 * (`name: {{ .Values.name }}`) reads as a flow mapping, not a string; `${{ }}` is a CI expression.
 */
function isHelmTemplate(text: string, syntaxErrors: boolean, blocks: Span[]): boolean {
  if (syntaxErrors) return true;
  // Linear however many actions and block scalars there are: blocks sorted once and searched,
  // each line's comment found once.
  blocks.sort((a, b) => a.start - b.start);
  let lineEnd = -1; // the end of the line of the last action (its comment is `comment`)
  let comment = -1;
  const action = /(?<!\$)\{\{/g;
  for (let m = action.exec(text); m; m = action.exec(text)) {
    const at = m.index;
    if (at > lineEnd) {
      const lineStart = text.lastIndexOf('\n', at) + 1;
      lineEnd = text.indexOf('\n', at);
      if (lineEnd < 0) lineEnd = text.length;
      comment = commentStart(text, lineStart, lineEnd);
    }
    if ((comment >= 0 && comment < at) || inSpans(blocks, at)) continue;
    return true;
  }
  return false;
}

/** Where the comment on the line `[lineStart, end)` begins (a `#` at its start or after white space, outside quotes), or -1. */
function commentStart(text: string, lineStart: number, end: number): number {
  for (let i = lineStart; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      const close = text.indexOf(text[i]!, i + 1);
      if (close >= 0 && close < end) i = close;
    } else if (c === 35 && (i === lineStart || /\s/.test(text[i - 1]!))) return i;
  }
  return -1;
}

/** Whether `at` falls in one of `spans` (sorted by start, not overlapping: scalars do not nest). */
function inSpans(spans: readonly Span[], at: number): boolean {
  let low = 0;
  let high = spans.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (spans[mid]!.start <= at) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found >= 0 && at < spans[found]!.end;
}

/** Adds the spans of the document's block scalars, and of its scalar values holding actions, to `spans`. */
function dataScalarSpans(doc: ParsedDocument, spans: Span[]): void {
  const stack: YNode[] = doc.root ? [doc.root] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'scalar') {
      if (node.style === 'block' || (typeof node.value === 'string' && node.value.includes('{{')))
        spans.push(node.span);
    } else if (node.kind === 'map') for (const e of node.entries) stack.push(e.value);
    else for (const item of node.items) stack.push(item);
  }
}

class Extractor {
  readonly resources: Resource[] = [];
  readonly flux: FluxKustomization[] = [];
  experimental = false;
  private ordinal = 0;

  private readonly catalog: SchemaCatalog;

  constructor(
    private readonly fileId: string,
    private readonly options: SummarizeInputs,
    private readonly model: FileModel,
  ) {
    this.catalog = options.catalog;
  }

  object(node: YNode, depth: number): void {
    if (node.kind !== 'map') return;
    const apiVersionNode = field(node, 'apiVersion');
    const apiVersion = scalarText(apiVersionNode); // scalarText interns short strings
    const kindNode = field(node, 'kind');
    const kind = scalarText(kindNode);
    if (!apiVersion || !kind || !kindNode || !apiVersionNode) return; // not a Kubernetes object: ignored silently
    const items = field(node, 'items');
    if (kind.endsWith('List') && items?.kind === 'seq' && depth === 0) {
      for (const item of items.items) this.object(item, depth + 1);
      return;
    }
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? CORE_GROUP : intern(apiVersion.slice(0, slash));
    if (NOT_CLUSTER_OBJECTS.has(group)) return;
    // As written, whatever the catalog: the channel is inferred from this, so it must not depend on it.
    if (!this.experimental && experimentalOnly(group, kind, apiVersion.slice(slash + 1))) this.experimental = true;
    if (group === 'apiextensions.k8s.io' && kind === 'CustomResourceDefinition') {
      const crd = crdFromTree(node);
      if (crd) this.model.crds.push(crd);
    }
    const ordinal = this.ordinal++;
    const builds = this.options.builds ?? [];
    if (builds.length === 0) return this.extract(node, ordinal, undefined, false);
    for (const b of builds) this.build(node, ordinal, b, builds.length > 1);
  }

  /** One object of the file as a build makes it. */
  build(
    node: YMap,
    ordinal: number,
    b: { env: string; chain: readonly Kustomization[]; identity?: boolean },
    several: boolean,
  ): void {
    let root = node;
    let affixes: { prefix: string; suffix: string } | undefined;
    if (!b.identity) {
      const built = buildObject(node, b.chain, this.options.patchFile ?? (() => undefined));
      if (built.problems.length > 0) (this.model.buildProblems ??= []).push(...built.problems);
      if (!built.root) return; // a `$patch: delete` removed it from this build
      root = built.root;
      const s = summarizeChain(b.chain);
      if (s.namePrefix !== '' || s.nameSuffix !== '') affixes = { prefix: s.namePrefix, suffix: s.nameSuffix };
    }
    const before = this.resources.length;
    this.extract(root, ordinal, b.env, several);
    if (affixes) for (let i = before; i < this.resources.length; i++) this.resources[i]!.nameAffixes = affixes;
  }

  /** Reads one object (a document, as written or as a build made it) into the model. */
  private extract(node: YMap, ordinal: number, build: string | undefined, several: boolean): void {
    const apiVersionNode = field(node, 'apiVersion');
    const apiVersion = scalarText(apiVersionNode);
    const kindNode = field(node, 'kind');
    const kind = scalarText(kindNode);
    if (!apiVersion || !kind || !kindNode || !apiVersionNode) return;
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? CORE_GROUP : intern(apiVersion.slice(0, slash));
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    // Admission first: the API server rejects what the CRD's schema and rules reject, before any controller reads it.
    this.model.inputs.schemas[`${group}/${kind}`] = this.catalog.fingerprint(group, kind);
    const admission = admit(
      node,
      { group, version, kind, apiVersionSpan: apiVersionNode.span, kindSpan: kindNode.span },
      this.catalog,
    );
    const r = new Reader();
    const id = resourceId(this.fileId, ordinal, several ? build : undefined);
    const metadata = r.map(field(node, 'metadata'), 'metadata');
    const name = r.string(field(metadata, 'name'), 'metadata.name');
    if (!name || name.value === '') {
      if (admission.checked)
        r.problem(metadata?.span ?? kindNode.span, 'metadata.name', `\`metadata.name\` is required for a ${kind}.`);
      this.pushNameless(id, r, node, apiVersion, group, kind, kindNode.span, admission.problems, build);
      return;
    }
    const badName = nameProblem(name.value, group, kind, group !== CORE_GROUP && admission.checked);
    if (badName !== undefined) r.problem(name.span, 'metadata.name', badName);
    const clusterScoped = CLUSTER_SCOPED_KINDS.has(kind);
    const namespaceNode = r.string(field(metadata, 'namespace'), 'metadata.namespace');
    const namespaceExplicit = Boolean(namespaceNode && namespaceNode.value !== '') && !clusterScoped;
    const badNamespace = namespaceExplicit ? namespaceProblem(namespaceNode!.value) : undefined;
    if (badNamespace !== undefined) r.problem(namespaceNode!.span, 'metadata.namespace', badNamespace);
    const namespace = clusterScoped ? '' : namespaceExplicit ? namespaceNode!.value : UNPLACED;
    const base = {
      id,
      fileId: this.fileId,
      key: { group, kind, namespace, name: name.value },
      apiVersion,
      namespaceExplicit,
      span: node.span,
      headSpan: name.span,
      problems: r.problems,
      ...(build !== undefined ? { build } : {}),
      ...(this.options.unreached && build === undefined ? { unreached: true as const } : {}),
    };
    // Labels and annotations are string maps on every object; `kubectl apply` rejects other values.
    // Only a Namespace's labels are kept (its shape reads them); the rest are checked and dropped.
    if (kind !== 'Namespace') checkStringMap(r, field(metadata, 'labels'), 'metadata.labels');
    checkStringMap(r, field(metadata, 'annotations'), 'metadata.annotations');
    const spec = r.map(field(node, 'spec'), 'spec');
    const resource = trimArrays(this.shape(base, r, node, spec, metadata));
    resource.problems = withAdmission(admission, r.problems);
    if (!spec && NEEDS_SPEC.has(`${group}/${kind}`)) resource.stub = true;
    const rendered = rendersInto(group, kind, spec, namespace);
    if (rendered !== undefined) resource.rendersInto = rendered;
    // Once per object, whichever builds (kustomize environments listing the file) it is in.
    if (group === FLUX_KUSTOMIZE_GROUP && kind === 'Kustomization' && name) {
      const flux = readFluxKustomization(spec, name.value, namespace === UNPLACED ? '' : namespace, node.span);
      if (flux) noteFlux(this.flux, flux);
    }
    this.resources.push(resource);
    // Objects another one creates, not written out: found by their keys, naming their producer.
    const produce = (
      made: Pick<Resource, 'id' | 'key' | 'apiVersion'> & ({ shape: 'Secret'; tls: 'external' } | { shape: 'Other' }),
      producer: string,
    ) => this.resources.push(extend(base, { ...made, problems: [], producedBy: producer, producerId: id }));
    const secret = (secretName: string, producer: string, ordinal: number) =>
      produce(
        {
          id: producedSecretId(id, ordinal),
          key: { group: CORE_GROUP, kind: 'Secret', namespace, name: secretName },
          apiVersion: 'v1',
          shape: 'Secret',
          tls: 'external',
        },
        producer,
      );
    const produced = producedSecretName(group, kind, spec, name.value);
    if (produced) secret(produced.name, produced.producer, 0);
    const route = producedRouteName(group, kind, name.value);
    if (route)
      produce(
        {
          id: producedRouteId(id),
          key: { group: GATEWAY_GROUP, kind: 'HTTPRoute', namespace, name: name.value },
          apiVersion: `${GATEWAY_GROUP}/v1`,
          shape: 'Other',
        },
        route.producer,
      );
    if (resource.shape === 'Gateway') {
      const issued = certManagerGatewaySecrets(metadata, resource);
      issued?.names.forEach((secretName, i) => secret(secretName, issued.producer, i));
      const requests = issued ? gatewayCertificateRequests(metadata, resource) : [];
      if (requests.length > 0) resource.issues = requests;
    }
  }

  private shape(
    base: Omit<Resource, 'shape'>,
    r: Reader,
    root: YMap,
    spec: YMap | undefined,
    metadata: YMap | undefined,
  ): Resource {
    const { group, kind, namespace } = base.key;
    if (group === GATEWAY_GROUP) {
      if ((ROUTE_KINDS as readonly string[]).includes(kind)) {
        return extend(base, {
          shape: 'Route' as const,
          routeKind: kind as RouteKind,
          ...readRouteSpec(r, kind as RouteKind, spec, namespace),
        });
      }
      if (kind === 'Gateway')
        return extend(base, { shape: 'Gateway' as const, ...readGatewaySpec(r, spec, namespace) });
      if (kind === 'ListenerSet') {
        const parent = r.field(spec, 'parentRef');
        const parentRef = parent
          ? readObjectRef(r, parent, 'spec.parentRef', { group: GATEWAY_GROUP, kind: 'Gateway', namespace })
          : undefined;
        const listeners = spec ? readListeners(r, spec, 'spec', namespace) : [];
        return extend(base, { shape: 'ListenerSet' as const, listeners, ...(parentRef ? { parentRef } : {}) });
      }
      if (kind === 'ReferenceGrant')
        return extend(base, { shape: 'ReferenceGrant' as const, ...readReferenceGrantSpec(r, spec) });
      if (kind === 'GatewayClass') {
        const controllerName = scalarText(r.field(spec, 'controllerName'));
        const params = r.map(r.field(spec, 'parametersRef'), 'spec.parametersRef');
        const parametersRef = params ? readParametersRef(r, params, 'spec.parametersRef', '') : undefined;
        return extend(base, {
          shape: 'GatewayClass' as const,
          ...(controllerName ? { controllerName } : {}),
          ...(parametersRef ? { parametersRef } : {}),
        });
      }
    }
    if (group === CORE_GROUP) {
      if (kind === 'Namespace') {
        const labelsNode = r.field(metadata, 'labels');
        const labels = readLabels(r, labelsNode, 'metadata.labels');
        return extend(base, {
          shape: 'Namespace' as const,
          labels,
          ...(labelsNode ? { labelsSpan: labelsNode.span } : {}),
        });
      }
      if (kind === 'Service')
        return extend(base, { shape: 'Service' as const, ...readServicePorts(new Reader(), spec) });
      if (kind === 'Secret')
        return extend(base, { shape: 'Secret' as const, tls: secretTLSContent(new Reader(), root) });
      if (kind === 'ConfigMap')
        return extend(base, { shape: 'ConfigMap' as const, caCertificate: configMapCAContent(new Reader(), root) });
    }
    if (group === CERT_MANAGER_GROUP) {
      if (kind === 'Certificate') {
        const issued = readCertificateRequest(spec, metadata);
        return extend(base, { shape: 'Other' as const, ...(issued ? { issues: [issued] } : {}) });
      }
      if (kind === 'Issuer' || kind === 'ClusterIssuer') {
        const solvers = readAcmeSolvers(spec, namespace);
        return extend(base, { shape: 'Other' as const, ...(solvers ? { acmeSolvers: solvers } : {}) });
      }
    }
    const backendTLS = group === GATEWAY_GROUP && kind === 'BackendTLSPolicy';
    if (backendTLS || (group !== CORE_GROUP && looksLikePolicy(spec))) {
      // An implementation's policy has no schema here: its fields are read quietly, never reported.
      const created = scalarText(field(metadata, 'creationTimestamp'));
      return extend(base, {
        shape: 'Policy' as const,
        ...placedTargets(readPolicySpec(backendTLS ? r : new Reader(), spec, namespace, backendTLS)),
        ...(created ? { created } : {}),
      });
    }
    return extend(base, { shape: 'Other' as const });
  }

  private pushNameless(
    id: string,
    r: Reader,
    node: YMap,
    apiVersion: string,
    group: string,
    kind: string,
    kindSpan: Span,
    admission: AdmissionProblem[],
    build: string | undefined,
  ): void {
    const problems = [...admission.map(asProblem), ...r.problems];
    if (problems.length === 0) return;
    // Keep the problem visible without indexing an object nobody can reference.
    this.resources.push({
      id,
      fileId: this.fileId,
      key: { group, kind, namespace: '', name: '' },
      apiVersion,
      namespaceExplicit: false,
      span: node.span,
      headSpan: kindSpan,
      problems,
      shape: 'Other',
      ...(build !== undefined ? { build } : {}),
    });
  }
}

/**
 * A kustomization file: its kustomization model (read by index/environments.ts), and the objects
 * it makes in each build that includes it — its generators' ConfigMaps and Secrets, built through
 * the build's chain, a stand-in per Helm chart for what the chart renders into its namespace, and
 * one for the entries whose objects the workspace lacks (remote bases, git-ignored files).
 */
function summarizeKustomization(model: FileModel, text: string, options: SummarizeInputs): FileModel {
  const documents = parseYaml(text);
  model.lineIndex = LineIndex.of(text);
  const k = readKustomizationDocuments(model.fileId, documents, text);
  model.kustomization = k;
  model.problems = k.problems;
  const extractor = new Extractor(model.fileId, options, model);
  const made = options.made ?? [];
  const several = new Set(made.map((m) => m.env)).size > 1;
  made.forEach((m, ordinal) => {
    if ('generator' in m) {
      const root = generatedObject(m.generator);
      const before = extractor.resources.length;
      if (root) extractor.build(root, ordinal, { env: m.env, chain: m.chain }, several);
      for (const r of extractor.resources.slice(before)) generated(r, m.generator);
      return;
    }
    // A stand-in, in this build, for objects the workspace does not hold that land in the namespace.
    const renderer = (key: ObjectKey, apiVersion: string, span: Span, headSpan: Span) =>
      extractor.resources.push({
        id: resourceId(model.fileId, ordinal, several ? m.env : undefined),
        fileId: model.fileId,
        key,
        apiVersion,
        namespaceExplicit: true,
        span,
        headSpan,
        problems: [],
        shape: 'Other',
        build: m.env,
        rendersInto: key.namespace,
      });
    if ('unknown' in m) {
      // One renderer per build and namespace stands for all such entries of the kustomization.
      if (extractor.resources.some((r) => r.build === m.env && r.rendersInto === m.namespace)) return;
      const key = { group: KUSTOMIZE_GROUP, kind: 'Kustomization', namespace: m.namespace, name: m.unknown.text };
      renderer(key, `${KUSTOMIZE_GROUP}/v1beta1`, m.unknown.span, m.unknown.span);
      return;
    }
    if (m.namespace === undefined) return; // where the chart's objects land is unknown
    const name = m.chart.releaseName?.value ?? m.chart.name?.value ?? 'chart';
    const key = { group: 'helm.sh', kind: 'HelmChart', namespace: m.namespace, name };
    renderer(key, 'helm.sh/v3', m.chart.span, m.chart.name?.span ?? m.chart.span);
  });
  model.resources = extractor.resources.slice();
  return model;
}

/**
 * What a generator's object holds is in files the analysis does not read: a key it names is taken
 * to hold what it should. Its name gets the content hash, unless disabled.
 */
function generated(r: Resource, g: GeneratorEntry): void {
  if (g.hashSuffix) r.nameHashed = true;
  const has = (key: string) => !g.keysComplete || g.keys.includes(key);
  if (r.shape === 'Secret') r.tls = has('tls.crt') && has('tls.key') ? 'external' : 'missing';
  if (r.shape === 'ConfigMap') r.caCertificate = has('ca.crt') ? 'external' : 'missing';
}

/**
 * The object's problems: admission's, then typed reading's — except, for an object admission
 * checked against its schema, reading's findings about `spec`, which the schema already covers.
 */
function withAdmission(admission: Admission, read: Problem[]): Problem[] {
  if (admission.problems.length === 0 && !admission.checked) return read;
  const kept = admission.checked ? read.filter((p) => !/^spec(\.|\[|$)/.test(p.path)) : read;
  return [...admission.problems.map(asProblem), ...kept];
}

function asProblem(p: AdmissionProblem): Problem {
  const problem: Problem = { code: p.code, message: flatCopy(p.message), span: p.span, path: intern(p.path) };
  if (p.suggestion) problem.suggestion = { span: p.suggestion.span, name: flatCopy(p.suggestion.name) };
  return problem;
}

/**
 * `{ ...base, ...fields }` for objects the index keeps. V8 gives every object written as
 * `{ ...a, b }` a hidden class of its own (some 300 bytes each, on tens of thousands of objects);
 * Object.assign onto a fresh literal shares them.
 */
function extend<A extends object, B extends object>(base: A, fields: B): Omit<A, keyof B> & B {
  return Object.assign({}, base, fields);
}
