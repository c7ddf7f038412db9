// Which objects a kustomize patch applies to, as kustomize selects them (api/resmap Select and
// GetById, kyaml resid):
// - a patch with a `target` applies to every object whose group, version and kind match the
//   target's (each a regular expression kustomize anchors as `^(?:…)$`), whose name and namespace
//   match the original or the current ones (before or after the names and namespaces inner
//   kustomizations set), and whose labels and annotations satisfy `labelSelector` and
//   `annotationSelector` (Kubernetes selector syntax: `a=b`, `a!=b`, `a in (x,y)`, `a notin (x)`,
//   `a`, `!a`);
// - a strategic-merge patch without a target applies to the one object whose group, version,
//   kind, name and namespace equal the patch's own, compared with every id the object has had.
// Namespaces compare as kustomize's effective namespace: '' and `default` are the same, and
// cluster-scoped kinds have none. Kustomize knows which built-in kinds are cluster-scoped from its
// embedded schema; custom kinds (GatewayClass included) count as namespaced, so a kustomization's
// `namespace` is written on them too.
// Patterns are Go regular expressions; the subset that means the same in JavaScript and cannot
// backtrack badly is evaluated (literals, classes, `.`, alternation, at most two unbounded
// quantifiers, none on a group); any other pattern makes the selection unknown.

import type { YMap, YNode } from '../syntax/tree.js';
import type { PatchTarget } from './kustomization.js';

/** An object's identity as kustomize keys it. `namespace` is '' when not set. */
export interface ResId {
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace: string;
}

/** Built-in cluster-scoped kinds, by `group/kind` (kustomize's embedded Kubernetes schema). */
const CLUSTER_SCOPED = new Set([
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/VolumeAttachment',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'scheduling.k8s.io/PriorityClass',
  'node.k8s.io/RuntimeClass',
  'networking.k8s.io/IngressClass',
  'policy/PodSecurityPolicy',
  'apiregistration.k8s.io/APIService',
  'certificates.k8s.io/CertificateSigningRequest',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
]);

/** Whether kustomize treats objects of this group and kind as cluster-scoped. */
export function kustomizeClusterScoped(group: string, kind: string): boolean {
  return CLUSTER_SCOPED.has(`${group}/${kind}`);
}

/** kustomize's effective namespace: none for cluster-scoped kinds, `default` for an unset one. */
export function effectiveNamespace(id: ResId): string {
  if (kustomizeClusterScoped(id.group, id.kind)) return '';
  return id.namespace === '' ? 'default' : id.namespace;
}

function text(node: YNode | undefined): string {
  return node?.kind === 'scalar' && node.value !== null ? String(node.value) : '';
}

function fieldOf(map: YMap | undefined, key: string): YNode | undefined {
  if (!map) return undefined;
  for (const e of map.entries) if (e.key === key) return e.value;
  return undefined;
}

/** The id an object (or a strategic-merge patch) declares. */
export function idOf(root: YMap): ResId {
  const apiVersion = text(fieldOf(root, 'apiVersion'));
  const slash = apiVersion.indexOf('/');
  const metadata = fieldOf(root, 'metadata');
  const meta = metadata?.kind === 'map' ? metadata : undefined;
  return {
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
    kind: text(fieldOf(root, 'kind')),
    name: text(fieldOf(meta, 'name')),
    namespace: text(fieldOf(meta, 'namespace')),
  };
}

/** A string map of the object's metadata (`labels` or `annotations`). */
export function metadataMap(root: YMap, key: 'labels' | 'annotations'): Map<string, string> {
  const metadata = fieldOf(root, 'metadata');
  const node = metadata?.kind === 'map' ? fieldOf(metadata, key) : undefined;
  const out = new Map<string, string>();
  if (node?.kind === 'map') for (const e of node.entries) out.set(e.key, text(e.value));
  return out;
}

/** Whether two ids are the same object to kustomize (group, version, kind, name, effective namespace). */
export function sameId(a: ResId, b: ResId): boolean {
  return (
    a.group === b.group &&
    a.version === b.version &&
    a.kind === b.kind &&
    a.name === b.name &&
    effectiveNamespace(a) === effectiveNamespace(b)
  );
}

/** What a selection needs to know of an object. `ids` runs from the id in its file to the current one. */
export interface SelectableObject {
  ids: readonly ResId[];
  labels: ReadonlyMap<string, string>;
  annotations: ReadonlyMap<string, string>;
}

/** A strategic-merge patch without a target: does it name this object (by any id the object has had)? */
export function patchNamesObject(patchId: ResId, object: SelectableObject): boolean {
  return object.ids.some((id) => sameId(id, patchId));
}

type Matcher = (value: string) => boolean;

export interface CompiledTarget {
  group?: Matcher;
  version?: Matcher;
  kind?: Matcher;
  name?: Matcher;
  namespace?: Matcher;
  labels?: Requirement[];
  annotations?: Requirement[];
}

/** A target compiled for repeated use, or why it cannot be evaluated. */
export function compileTarget(target: PatchTarget): CompiledTarget | { unsupported: string } {
  const out: CompiledTarget = {};
  for (const key of ['group', 'version', 'kind', 'name', 'namespace'] as const) {
    const pattern = target[key];
    if (pattern === undefined) continue;
    const m = compilePattern(pattern);
    if (!m) return { unsupported: `the \`${key}\` pattern \`${pattern}\` is not evaluated statically` };
    out[key] = m;
  }
  for (const [key, field] of [
    ['labels', 'labelSelector'],
    ['annotations', 'annotationSelector'],
  ] as const) {
    const selector = target[field];
    if (selector === undefined) continue;
    const requirements = parseSelector(selector);
    if (!requirements) return { unsupported: `\`${field}\` \`${selector}\` is not a valid selector` };
    out[key] = requirements;
  }
  return out;
}

/** Whether a compiled target selects the object. */
export function targetSelects(t: CompiledTarget, object: SelectableObject): boolean {
  const current = object.ids[object.ids.length - 1];
  const original = object.ids[0];
  if (!current || !original) return false;
  if (t.namespace && !t.namespace(effectiveNamespace(original)) && !t.namespace(effectiveNamespace(current)))
    return false;
  if (t.name && !t.name(original.name) && !t.name(current.name)) return false;
  if (t.group && !t.group(current.group)) return false;
  if (t.version && !t.version(current.version)) return false;
  if (t.kind && !t.kind(current.kind)) return false;
  if (t.labels && !t.labels.every((r) => satisfies(r, object.labels))) return false;
  if (t.annotations && !t.annotations.every((r) => satisfies(r, object.annotations))) return false;
  return true;
}

const REGEX_SYNTAX = /[\\^$.|?*+()[\]{}]/;

/** An anchored matcher for a Go regular expression in the safe subset, or undefined. */
export function compilePattern(pattern: string): Matcher | undefined {
  if (!REGEX_SYNTAX.test(pattern)) return (value) => value === pattern;
  if (pattern.length > 256) return undefined;
  if (/\\[1-9pPkbBAzZQE]|\(\?|\)[*+?{]/.test(pattern)) return undefined;
  const unbounded = (pattern.match(/[*+]|\{\d*,\}/g) ?? []).length;
  if (unbounded > 2) return undefined;
  try {
    const re = new RegExp(`^(?:${pattern})$`);
    return (value) => re.test(value);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Label selectors in Kubernetes' string syntax

export interface Requirement {
  key: string;
  operator: 'in' | 'notin' | 'exists' | '!exists' | 'gt' | 'lt';
  values: string[];
}

/** Parses `a=b,c!=d,e in (x,y),f notin (z),g,!h,i>1`; undefined when it is not a valid selector. */
export function parseSelector(selector: string): Requirement[] | undefined {
  const tokens = selector.match(/\s*(==|!=|=|!|\(|\)|,|>|<|[^\s=!(),<>]+)/g);
  if (tokens === null) return selector.trim() === '' ? [] : undefined;
  if (tokens.join('').replace(/\s/g, '') !== selector.replace(/\s/g, '')) return undefined;
  const t = tokens.map((s) => s.trim());
  const out: Requirement[] = [];
  let i = 0;
  const isWord = (s: string | undefined) => s !== undefined && !/^(==|!=|=|!|\(|\)|,|>|<)$/.test(s);
  while (i < t.length) {
    if (t[i] === '!') {
      if (!isWord(t[i + 1])) return undefined;
      out.push({ key: t[i + 1]!, operator: '!exists', values: [] });
      i += 2;
    } else {
      const key = t[i];
      if (!isWord(key)) return undefined;
      const op = t[i + 1];
      if (op === undefined || op === ',') {
        out.push({ key: key!, operator: 'exists', values: [] });
        i += 1;
      } else if (op === '=' || op === '==' || op === '!=') {
        const v = isWord(t[i + 2]) ? t[i + 2]! : '';
        out.push({ key: key!, operator: op === '!=' ? 'notin' : 'in', values: [v] });
        i += isWord(t[i + 2]) ? 3 : 2;
      } else if (op === '>' || op === '<') {
        const v = t[i + 2];
        if (!isWord(v) || !/^-?\d+$/.test(v!)) return undefined;
        out.push({ key: key!, operator: op === '>' ? 'gt' : 'lt', values: [v!] });
        i += 3;
      } else if ((op === 'in' || op === 'notin') && t[i + 2] === '(') {
        const values: string[] = [];
        let j = i + 3;
        while (j < t.length && t[j] !== ')') {
          if (isWord(t[j])) values.push(t[j]!);
          else if (t[j] !== ',') return undefined;
          j++;
        }
        if (t[j] !== ')' || values.length === 0) return undefined;
        out.push({ key: key!, operator: op, values });
        i = j + 1;
      } else return undefined;
    }
    if (i < t.length) {
      if (t[i] !== ',') return undefined;
      i++;
      if (i === t.length) return undefined;
    }
  }
  return out;
}

function satisfies(r: Requirement, labels: ReadonlyMap<string, string>): boolean {
  const value = labels.get(r.key);
  switch (r.operator) {
    case 'exists':
      return value !== undefined;
    case '!exists':
      return value === undefined;
    case 'in':
      return value !== undefined && r.values.includes(value);
    case 'notin':
      return value === undefined || !r.values.includes(value);
    case 'gt':
    case 'lt': {
      if (value === undefined || !/^-?\d+$/.test(value)) return false;
      const n = Number(value);
      const bound = Number(r.values[0]);
      return r.operator === 'gt' ? n > bound : n < bound;
    }
  }
}
