// Kustomize's two patch kinds applied to one object's YAML tree, as `kustomize build` applies them:
// - strategic merge (kyaml's merge2, which kustomize uses): maps merge key by key; `null` deletes a
//   field; `$patch: delete` removes the map (the whole object at the root), `$patch: replace`
//   replaces it, `$patch: merge` is the default; a list is replaced whole unless the kind's schema
//   names merge keys for it. Gateway API kinds are CRDs, which carry no patch merge keys, so their
//   lists (listeners, parentRefs, hostnames, rules, backendRefs) are replaced whole. Of the
//   built-in kinds' merge keys, those on fields the analysis reads are modelled, and those a later
//   JSON 6902 patch may address by position: a Service's `spec.ports` merge by `port` (and
//   `protocol` where both give one), a workload's containers, volumes, env and the like by name
//   (MERGE_KEYS); patch items first, then the base's other items, as kyaml orders them; an item
//   with `$patch: delete` removes its match, and a `{$patch: replace}` item replaces the list.
//   Other built-in lists are replaced whole here; the analysis does not read them.
// - JSON 6902 (RFC 6902, as the json-patch library kustomize uses applies it): add, remove,
//   replace, move, copy, test, with RFC 6901 pointers; `replace` on a missing map key adds it (as
//   kustomize's library does); negative list indices are not supported.
// Trees are never changed in place (a base is shared by every environment that builds it): a patch
// copies the path it changes and shares the rest. Nodes that come from a patch get the span of the
// base node they replace, or of the base map or list they extend, so findings on patched fields
// sit on the patched object in its base file. A patch that does not apply (a type mismatch, an
// invalid operation, a failed test) is a problem and leaves the object as it was; nothing throws.

import type { ParsedDocument, Span, YMap, YNode, YScalar, YSeq } from '../syntax/tree.js';
import { parseYaml } from '../syntax/fastPath.js';
import type { Problem } from './resource.js';
import { flatCopy, intern } from '../strings.js';

export type PatchField = 'patches' | 'patchesStrategicMerge' | 'patchesJson6902';

export type JsonPatchOp = 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';

export interface JsonPatchOperation {
  op: JsonPatchOp;
  /** The pointer's reference tokens, decoded (`~1` is `/`, `~0` is `~`). */
  path: string[];
  from?: string[];
  value?: YNode;
  span: Span;
}

/** What a patch holds, told apart by content as kustomize does (a list of operations, or objects). */
export type PatchContent =
  | { kind: 'strategic'; documents: YMap[] }
  | { kind: 'json6902'; operations: JsonPatchOperation[] }
  | { kind: 'invalid' };

/** A problem applying a patch, at a node of the patch (its file or its kustomization). */
export interface PatchProblem {
  span: Span;
  message: string;
}

/** The result of applying a patch: the new root (undefined when the patch deleted the object). */
export interface PatchResult {
  root: YMap | undefined;
  problems: PatchProblem[];
}

function patchProblem(span: Span, path: string, message: string): Problem {
  return { code: 'KustomizeError', span, path: intern(path), message: flatCopy(message) };
}

/** Reads a patch file (its problems are located in it). */
export function readPatchFile(
  text: string,
  field: PatchField,
  targeted: boolean,
): { content: PatchContent; problems: Problem[] } {
  const documents = parseYaml(text);
  const problems: Problem[] = [];
  for (const d of documents)
    for (const p of d.problems) problems.push(patchProblem(p.span, '', `The patch is not valid YAML: ${p.message}`));
  const read = readPatchContent(documents, field, { start: 0, end: 0 }, targeted);
  return { content: read.content, problems: [...problems, ...read.problems] };
}

/**
 * A patch's content from its parsed documents. `patchesJson6902` holds operations, in YAML or JSON;
 * `patchesStrategicMerge` holds objects; `patches` holds either (kustomize tries both and rejects
 * text that is neither). Strategic-merge documents need `kind` and `metadata.name`, and
 * `apiVersion` unless the entry has a `target` (which then selects the objects; kustomize reads
 * such a patch without one).
 */
export function readPatchContent(
  documents: ParsedDocument[],
  field: PatchField,
  at: Span,
  targeted: boolean,
): { content: PatchContent; problems: Problem[] } {
  const problems: Problem[] = [];
  const roots = documents.flatMap((d) => (d.root && !isNull(d.root) ? [d.root] : []));
  const invalid = (span: Span, message: string) => {
    problems.push(patchProblem(span, field, message));
    return { content: { kind: 'invalid' } as PatchContent, problems };
  };
  if (documents.some((d) => d.problems.length > 0)) return { content: { kind: 'invalid' }, problems };
  const first = roots[0];
  if (!first) return invalid(at, 'The patch is empty.');
  if (first.kind === 'seq') {
    if (field === 'patchesStrategicMerge')
      return invalid(first.span, 'A strategic-merge patch holds objects, not a list of operations.');
    const operations: JsonPatchOperation[] = [];
    for (const item of first.items) {
      const op = readOperation(item, problems, field);
      if (op) operations.push(op);
    }
    if (problems.length > 0) return { content: { kind: 'invalid' }, problems };
    if (operations.length === 0) return invalid(first.span, 'The JSON patch has no operations.');
    return { content: { kind: 'json6902', operations }, problems };
  }
  if (field === 'patchesJson6902')
    return invalid(first.span, 'A `patchesJson6902` patch is a list of operations (`op`, `path`, `value`).');
  const maps: YMap[] = [];
  for (const root of roots) {
    if (root.kind !== 'map')
      return invalid(root.span, 'A strategic-merge patch is an object with apiVersion, kind and metadata.name.');
    const metadata = fieldOf(root, 'metadata');
    const name = metadata?.kind === 'map' ? fieldOf(metadata, 'name') : undefined;
    const missing = (targeted ? ['kind'] : ['apiVersion', 'kind']).filter((k) => !isString(fieldOf(root, k)));
    if (!isString(name)) missing.push('metadata.name');
    if (missing.length > 0)
      return invalid(
        root.span,
        `A strategic-merge patch needs ${missing.map((m) => `\`${m}\``).join(', ')}; kustomize cannot read it.`,
      );
    maps.push(root);
  }
  return { content: { kind: 'strategic', documents: maps }, problems };
}

const OPS: readonly JsonPatchOp[] = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

function readOperation(node: YNode, problems: Problem[], field: PatchField): JsonPatchOperation | undefined {
  const bad = (span: Span, message: string) => {
    problems.push(patchProblem(span, field, message));
    return undefined;
  };
  if (node.kind !== 'map') return bad(node.span, 'A JSON patch operation is a mapping with `op` and `path`.');
  const opNode = fieldOf(node, 'op');
  const op = opNode?.kind === 'scalar' ? opNode.value : undefined;
  if (typeof op !== 'string' || !(OPS as readonly string[]).includes(op))
    return bad(opNode?.span ?? node.span, `\`op\` must be one of ${OPS.join(', ')}.`);
  const path = pointer(fieldOf(node, 'path'));
  if (!path) return bad(fieldOf(node, 'path')?.span ?? node.span, 'An operation needs a `path` that starts with `/`.');
  const result: JsonPatchOperation = { op: op as JsonPatchOp, path, span: node.span };
  if (op === 'move' || op === 'copy') {
    const from = pointer(fieldOf(node, 'from'));
    if (!from) return bad(node.span, `A \`${op}\` operation needs a \`from\` that starts with \`/\`.`);
    result.from = from;
  }
  if (op === 'add' || op === 'replace' || op === 'test') {
    const e = node.entries.find((x) => x.key === 'value');
    if (!e) return bad(node.span, `A \`${op}\` operation needs a \`value\`.`);
    result.value = e.value;
  }
  return result;
}

/** RFC 6901: '' is the whole document, otherwise '/'-separated tokens with `~1` and `~0` escapes. */
function pointer(node: YNode | undefined): string[] | undefined {
  if (!node || node.kind !== 'scalar' || typeof node.value !== 'string') return undefined;
  const text = node.value;
  if (text === '') return [];
  if (!text.startsWith('/')) return undefined;
  return text
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

// ---------------------------------------------------------------------------------------------
// Trees

function fieldOf(map: YMap, key: string): YNode | undefined {
  for (const e of map.entries) if (e.key === key) return e.value;
  return undefined;
}

function isNull(node: YNode | undefined): boolean {
  return node !== undefined && node.kind === 'scalar' && node.value === null && node.style === 'plain';
}

function isString(node: YNode | undefined): boolean {
  return node !== undefined && node.kind === 'scalar' && typeof node.value === 'string' && node.value !== '';
}

/** A deep copy of `node` with every span (and key span) set to `span`. */
export function relocate(node: YNode, span: Span): YNode {
  if (node.kind === 'scalar') return { kind: 'scalar', value: node.value, style: node.style, span };
  if (node.kind === 'map')
    return {
      kind: 'map',
      entries: node.entries.map((e) => ({ key: e.key, keySpan: span, value: relocate(e.value, span) })),
      flow: node.flow,
      span,
    };
  const items: YNode[] = [];
  for (const item of node.items) items.push(relocate(item, span));
  return { kind: 'seq', items, flow: node.flow, span };
}

/** The map with `key` set to `value` (or removed when undefined); a new key goes last with `keySpan`. */
export function withField(map: YMap, key: string, value: YNode | undefined, keySpan: Span = map.span): YMap {
  const entries = map.entries.slice();
  const i = entries.findIndex((e) => e.key === key);
  if (value === undefined) {
    if (i >= 0) entries.splice(i, 1);
    else return map;
  } else if (i >= 0) entries[i] = { key: entries[i]!.key, keySpan: entries[i]!.keySpan, value };
  else entries.push({ key, keySpan, value });
  return { kind: 'map', entries, flow: map.flow, span: map.span };
}

export function scalarNode(value: string, span: Span): YScalar {
  // A string kustomize writes (a label, an annotation, a name): it quotes it where YAML would read
  // another type, so it is never a plain `1` or `true` for the YAML 1.1 check.
  return { kind: 'scalar', value, style: 'double', span };
}

// ---------------------------------------------------------------------------------------------
// Strategic merge

/** The associative lists of a pod spec and its containers, by path below the pod spec. */
const POD_SPEC_LISTS: Record<string, readonly string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  volumes: ['name'],
  imagePullSecrets: ['name'],
  ...Object.fromEntries(
    ['containers', 'initContainers', 'ephemeralContainers'].flatMap((c) => [
      [`${c}.env`, ['name']],
      [`${c}.ports`, ['containerPort', 'protocol']],
      [`${c}.volumeMounts`, ['mountPath']],
    ]),
  ),
};

/** The pod spec lists under `prefix` (where a workload kind holds its pod spec). */
function podSpecLists(prefix: string): Record<string, readonly string[]> {
  return Object.fromEntries(Object.entries(POD_SPEC_LISTS).map(([p, keys]) => [`${prefix}.${p}`, keys]));
}

/**
 * Merge keys of the associative lists modelled, by `group/kind` and field path. Workloads' pod
 * spec lists are here although the analysis does not read them: a JSON 6902 patch after a
 * strategic merge addresses their items by position (`/spec/template/spec/containers/1`).
 */
const MERGE_KEYS: Record<string, Record<string, readonly string[]>> = {
  '/Service': { 'spec.ports': ['port', 'protocol'] },
  '/Pod': podSpecLists('spec'),
  '/ReplicationController': podSpecLists('spec.template.spec'),
  'apps/Deployment': podSpecLists('spec.template.spec'),
  'apps/StatefulSet': podSpecLists('spec.template.spec'),
  'apps/DaemonSet': podSpecLists('spec.template.spec'),
  'apps/ReplicaSet': podSpecLists('spec.template.spec'),
  'batch/Job': podSpecLists('spec.template.spec'),
  'batch/CronJob': podSpecLists('spec.jobTemplate.spec.template.spec'),
};

/** The merge keys of the list at `path` in an object of this group and kind, if the schema has any. */
export function mergeKeysOf(group: string, kind: string, path: readonly string[]): readonly string[] | undefined {
  return MERGE_KEYS[`${group}/${kind}`]?.[path.join('.')];
}

const DELETE = Symbol('delete');
type Merged = YNode | typeof DELETE;

class StrategicMerge {
  readonly problems: PatchProblem[] = [];

  constructor(private readonly keysOf: (path: readonly string[]) => readonly string[] | undefined) {}

  /** `dest` merged with `patch`; `anchor` is the span new nodes take when `dest` is absent. */
  merge(dest: YNode | undefined, patch: YNode, anchor: Span, path: string[]): Merged {
    const present = dest !== undefined && !isNull(dest) ? dest : undefined;
    if (isNull(patch)) return DELETE;
    if (patch.kind === 'map') {
      const directive = this.directive(patch);
      if (directive === 'invalid') return present ?? DELETE;
      if (directive === 'delete') return DELETE;
      const body = directive === undefined ? patch : withField(patch, '$patch', undefined);
      if (directive === 'replace') return relocate(body, present?.span ?? anchor);
      if (!present) return this.mergeMap({ kind: 'map', entries: [], flow: false, span: anchor }, body, path);
      if (present.kind !== 'map') return this.mismatch(present, patch, path);
      return this.mergeMap(present, body, path);
    }
    if (patch.kind === 'seq') {
      if (present && present.kind !== 'seq') return this.mismatch(present, patch, path);
      const keys = this.keysOf(path);
      if (!keys) return relocate(patch, present?.span ?? anchor);
      return this.mergeList(present, patch, keys, present?.span ?? anchor, path);
    }
    if (present && present.kind !== 'scalar') return this.mismatch(present, patch, path);
    return relocate(patch, present?.span ?? anchor);
  }

  private directive(patch: YMap): 'delete' | 'replace' | 'merge' | 'invalid' | undefined {
    const node = fieldOf(patch, '$patch');
    if (!node) return undefined;
    const v = node.kind === 'scalar' ? node.value : undefined;
    if (v === 'delete' || v === 'replace' || v === 'merge') return v;
    this.problems.push({ span: node.span, message: '`$patch` must be delete, replace or merge.' });
    return 'invalid';
  }

  private mismatch(dest: YNode, patch: YNode, path: string[]): YNode {
    const shape = (n: YNode) => (n.kind === 'map' ? 'a mapping' : n.kind === 'seq' ? 'a list' : 'a value');
    this.problems.push({
      span: patch.span,
      message: `The patch sets \`${path.join('.') || '(root)'}\` to ${shape(patch)} where the object has ${shape(dest)}; kustomize rejects it.`,
    });
    return dest;
  }

  private mergeMap(dest: YMap, patch: YMap, path: string[]): YMap {
    let result = dest;
    for (const e of patch.entries) {
      const current = fieldOf(result, e.key);
      const merged = this.merge(current, e.value, current?.span ?? dest.span, [...path, e.key]);
      result = withField(result, e.key, merged === DELETE ? undefined : merged, dest.span);
    }
    return result;
  }

  private mergeList(
    dest: YNode | undefined,
    patch: YSeq,
    keys: readonly string[],
    anchor: Span,
    path: string[],
  ): Merged {
    const destItems = dest?.kind === 'seq' ? dest.items : [];
    const items: YNode[] = [];
    for (const item of patch.items) {
      if (item.kind === 'map' && item.entries.length === 1 && item.entries[0]!.key === '$patch') {
        const d = this.directive(item);
        if (d === 'delete') return DELETE;
        if (d === 'replace')
          return relocate({ ...patch, items: patch.items.filter((i) => i !== item) }, dest?.span ?? anchor);
        continue;
      }
      items.push(item);
    }
    // Candidates by the first key's value, so matching stays linear in the list sizes.
    const destKeys = destItems.map((d) => (d.kind === 'map' ? keyValues(d, keys) : undefined));
    const byFirst = new Map<string, number[]>();
    destKeys.forEach((k, i) => {
      if (!k || k[0] === '') return;
      const list = byFirst.get(k[0]!);
      if (list) list.push(i);
      else byFirst.set(k[0]!, [i]);
    });
    const used = new Set<number>();
    const out: YNode[] = [];
    for (const item of items) {
      const key = item.kind === 'map' ? keyValues(item, keys) : undefined;
      const candidates = key && key[0] !== '' ? (byFirst.get(key[0]!) ?? []) : destItems.map((_, i) => i);
      const match = key ? (candidates.find((i) => !used.has(i) && keysMatch(destKeys[i], key)) ?? -1) : -1;
      if (match >= 0) used.add(match);
      const merged = this.merge(
        match >= 0 ? destItems[match] : undefined,
        item,
        match >= 0 ? destItems[match]!.span : anchor,
        path,
      );
      if (merged !== DELETE) out.push(merged);
    }
    destItems.forEach((d, i) => {
      if (!used.has(i)) out.push(d);
    });
    if (out.length === 0) return DELETE;
    return { kind: 'seq', items: out, flow: dest?.kind === 'seq' ? dest.flow : false, span: anchor };
  }
}

/** The values of the merge keys ('' where absent), or undefined when the item has none of them. */
function keyValues(item: YMap, keys: readonly string[]): string[] | undefined {
  const values = keys.map((k) => {
    const v = fieldOf(item, k);
    return v?.kind === 'scalar' && v.value !== null ? String(v.value) : '';
  });
  return values.some((v) => v !== '') ? values : undefined;
}

/** kyaml's rule: equal where both are given, at least one shared value (a missing protocol matches any). */
function keysMatch(a: string[] | undefined, b: string[]): boolean {
  if (!a) return false;
  let common = false;
  for (let i = 0; i < b.length; i++) {
    if (a[i] === b[i]) {
      if (a[i] !== '') common = true;
    } else if (a[i] !== '' && b[i] !== '') return false;
  }
  return common;
}

/**
 * Applies a strategic-merge patch document to an object's root. `group`/`kind` pick the merge
 * keys; the caller restores name, namespace and kind as kustomize does (see kustomizeBuild.ts).
 */
export function applyStrategicMerge(base: YMap, patch: YMap, group: string, kind: string): PatchResult {
  const m = new StrategicMerge((path) => mergeKeysOf(group, kind, path));
  const merged = m.merge(base, patch, base.span, []);
  if (m.problems.length > 0) return { root: base, problems: m.problems };
  if (merged === DELETE) return { root: undefined, problems: [] };
  return { root: merged.kind === 'map' ? merged : base, problems: [] };
}

// ---------------------------------------------------------------------------------------------
// JSON 6902

/** An operation that does not apply; caught in `applyJson6902`, never escapes it. */
class OperationError extends Error {}

function tokenPath(tokens: readonly string[]): string {
  return '/' + tokens.map((t) => t.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function indexOf(token: string, length: number, allowEnd: boolean): number {
  if (allowEnd && token === '-') return length;
  if (!/^(0|[1-9][0-9]{0,8})$/.test(token)) throw new OperationError(`\`${token}\` is not a list index.`);
  const i = Number(token);
  if (i > length || (!allowEnd && i === length)) throw new OperationError(`index ${i} is out of range.`);
  return i;
}

function get(root: YNode, tokens: readonly string[]): YNode | undefined {
  let node: YNode | undefined = root;
  for (const t of tokens) {
    if (!node) return undefined;
    if (node.kind === 'map') node = fieldOf(node, t);
    else if (node.kind === 'seq') {
      if (!/^(0|[1-9][0-9]{0,8})$/.test(t)) return undefined;
      node = node.items[Number(t)];
    } else return undefined;
  }
  return node;
}

/** `root` with the container at `tokens[..-1]` replaced by `change(container, lastToken)`. */
function update(root: YNode, tokens: readonly string[], change: (parent: YNode, last: string) => YNode): YNode {
  const walk = (node: YNode, i: number): YNode => {
    if (i === tokens.length - 1) return change(node, tokens[i]!);
    const t = tokens[i]!;
    if (node.kind === 'map') {
      const child = fieldOf(node, t);
      if (!child) throw new OperationError(`${tokenPath(tokens.slice(0, i + 1))} does not exist.`);
      return withField(node, t, walk(child, i + 1));
    }
    if (node.kind === 'seq') {
      const at = indexOf(t, node.items.length, false);
      const items = node.items.slice();
      items[at] = walk(node.items[at]!, i + 1);
      return { ...node, items };
    }
    throw new OperationError(`${tokenPath(tokens.slice(0, i + 1))} does not exist.`);
  };
  return walk(root, 0);
}

/**
 * `value` added at `tokens` (RFC 6902 `add`), or put in place of the list item there (`replace`).
 * A value from the patch takes the span of the node it replaces or of the container it extends;
 * one moved or copied inside the object (`keepSpans`) keeps its own.
 */
function add(root: YNode, tokens: readonly string[], value: YNode, mode: 'add' | 'replace', keepSpans = false): YNode {
  const placed = (anchor: Span) => (keepSpans ? value : relocate(value, anchor));
  if (tokens.length === 0) return placed(root.span);
  return update(root, tokens, (parent, last) => {
    if (parent.kind === 'map') {
      const current = fieldOf(parent, last);
      return withField(parent, last, placed(current?.span ?? parent.span));
    }
    if (parent.kind === 'seq') {
      const at = indexOf(last, parent.items.length, mode === 'add');
      const items = parent.items.slice();
      if (mode === 'replace') items[at] = placed(parent.items[at]!.span);
      else items.splice(at, 0, placed(parent.span));
      return { ...parent, items };
    }
    throw new OperationError(`${tokenPath(tokens.slice(0, -1))} is not a mapping or a list.`);
  });
}

function remove(root: YNode, tokens: readonly string[]): YNode {
  if (tokens.length === 0) throw new OperationError('the whole object cannot be removed.');
  return update(root, tokens, (parent, last) => {
    if (parent.kind === 'map') {
      if (!fieldOf(parent, last)) throw new OperationError(`${tokenPath(tokens)} does not exist.`);
      return withField(parent, last, undefined);
    }
    if (parent.kind === 'seq') {
      const at = indexOf(last, parent.items.length, false);
      const items = parent.items.slice();
      items.splice(at, 1);
      return { ...parent, items };
    }
    throw new OperationError(`${tokenPath(tokens)} does not exist.`);
  });
}

/** JSON equality of two trees (maps unordered; `1` and `"1"` differ). */
export function sameValue(a: YNode, b: YNode): boolean {
  if (a.kind === 'scalar' || b.kind === 'scalar')
    return a.kind === 'scalar' && b.kind === 'scalar' && a.value === b.value;
  if (a.kind === 'seq' || b.kind === 'seq')
    return (
      a.kind === 'seq' &&
      b.kind === 'seq' &&
      a.items.length === b.items.length &&
      a.items.every((x, i) => sameValue(x, b.items[i]!))
    );
  if (a.entries.length !== b.entries.length) return false;
  return a.entries.every((e) => {
    const other = fieldOf(b, e.key);
    return other !== undefined && sameValue(e.value, other);
  });
}

function applyOperation(root: YNode, op: JsonPatchOperation): YNode {
  switch (op.op) {
    case 'add':
      return add(root, op.path, op.value!, 'add');
    case 'replace': {
      // A missing map key is added, as kustomize's json-patch library does; a list item must exist.
      const parent = op.path.length > 0 ? get(root, op.path.slice(0, -1)) : undefined;
      if (op.path.length > 0 && parent?.kind !== 'map' && parent?.kind !== 'seq')
        throw new OperationError(`${tokenPath(op.path)} does not exist.`);
      return add(root, op.path, op.value!, parent?.kind === 'seq' ? 'replace' : 'add');
    }
    case 'remove':
      return remove(root, op.path);
    case 'move':
    case 'copy': {
      const value = get(root, op.from!);
      if (!value) throw new OperationError(`${tokenPath(op.from!)} does not exist.`);
      return add(op.op === 'move' ? remove(root, op.from!) : root, op.path, value, 'add', true);
    }
    case 'test': {
      const current = get(root, op.path);
      if (!current || !sameValue(current, op.value!))
        throw new OperationError(`the test of ${tokenPath(op.path)} fails.`);
      return root;
    }
  }
}

/** Applies JSON 6902 operations in order; the first that fails is a problem and the object stays as it was. */
export function applyJson6902(base: YMap, operations: readonly JsonPatchOperation[]): PatchResult {
  let root: YNode = base;
  for (const op of operations) {
    try {
      root = applyOperation(root, op);
    } catch (e) {
      if (!(e instanceof OperationError)) throw e;
      return { root: base, problems: [{ span: op.span, message: `\`${op.op}\` ${tokenPath(op.path)}: ${e.message}` }] };
    }
  }
  if (root.kind !== 'map')
    return {
      root: base,
      problems: [{ span: operations[0]!.span, message: 'The patch leaves something that is not an object.' }],
    };
  return { root, problems: [] };
}
