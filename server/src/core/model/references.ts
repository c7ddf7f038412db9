// Reading the reference shapes the Gateway API shares between kinds (ParentReference,
// BackendObjectReference, SecretObjectReference, ObjectReference) and label selectors, applying
// each type's documented defaults.

import type { YMap, YNode } from '../syntax/tree.js';
import type { Label, LabelRequirement, LabelSelector, ObjectRef, ParentRef } from './resource.js';
import { GATEWAY_GROUP } from './resource.js';
import type { Reader } from './reader.js';
import { flatCopy, intern } from '../strings.js';

export interface RefDefaults {
  /** Default group, or undefined when the field is required (ObjectReference). */
  group?: string;
  kind?: string;
  /** The referrer's namespace: an omitted `namespace` means the same namespace. */
  namespace: string;
}

/** Reads a reference item; undefined when it is not a mapping (so `node` is one when a ref is returned) or lacks a usable name. */
export function readObjectRef(r: Reader, node: YNode, path: string, defaults: RefDefaults): ObjectRef | undefined {
  const map = r.map(node, path);
  if (!map) return undefined;
  const name = r.requiredString(map, 'name', `${path}.name`, map.span);
  const group = r.string(r.field(map, 'group'), `${path}.group`)?.value ?? defaults.group;
  const kindNode = r.field(map, 'kind');
  const kind = kindNode ? r.nonEmptyString(kindNode, `${path}.kind`)?.value : defaults.kind;
  const namespaceNode = r.field(map, 'namespace');
  const namespace = r.nonEmptyString(namespaceNode, `${path}.namespace`);
  if (namespaceNode && !namespace) return undefined;
  if (group === undefined) r.problem(map.span, path, `\`${path}.group\` is required.`);
  if (kind === undefined && !kindNode) r.problem(map.span, path, `\`${path}.kind\` is required.`);
  if (!name || group === undefined || kind === undefined) return undefined;
  return {
    group,
    kind,
    name: name.value,
    nameSpan: name.span,
    namespace: namespace ? namespace.value : defaults.namespace,
    namespaceExplicit: namespace !== undefined,
    span: map.span,
    path: intern(path),
  };
}

export function readParentRef(r: Reader, node: YNode, path: string, routeNamespace: string): ParentRef | undefined {
  const ref = readObjectRef(r, node, path, { group: GATEWAY_GROUP, kind: 'Gateway', namespace: routeNamespace });
  if (!ref) return undefined;
  const map = node as YMap;
  const result: ParentRef = ref;
  const sectionName = r.nonEmptyString(r.field(map, 'sectionName'), `${path}.sectionName`);
  if (sectionName) result.sectionName = sectionName;
  const port = r.port(r.field(map, 'port'), `${path}.port`);
  if (port) result.port = port;
  return result;
}

export function readLabels(r: Reader, node: YNode | undefined, path: string): Label[] {
  const map = r.map(node, path);
  if (!map) return [];
  const labels: Label[] = [];
  for (const e of map.entries) {
    const value =
      e.value.kind === 'scalar' && e.value.value === null
        ? { value: '', span: e.value.span }
        : r.string(e.value, `${path}.${e.key}`);
    if (value)
      labels.push({ key: flatCopy(e.key), value: value.value, span: { start: e.keySpan.start, end: value.span.end } });
  }
  return labels;
}

/** Checks a string map (labels, annotations) as the API server would, keeping nothing of it. */
export function checkStringMap(r: Reader, node: YNode | undefined, path: string): void {
  const map = r.map(node, path);
  if (!map) return;
  for (const e of map.entries) {
    const v = e.value;
    if (v.kind === 'scalar' && v.value === null) continue;
    r.string(v, `${path}.${e.key}`); // reports a non-string, as readLabels would
  }
}

/** A `metav1.LabelSelector`. Operator validity is checked when it is evaluated, not here. */
export function readLabelSelector(r: Reader, node: YNode | undefined, path: string): LabelSelector | undefined {
  const map = r.map(node, path);
  if (!map) return undefined;
  const matchLabels = readLabels(r, r.field(map, 'matchLabels'), `${path}.matchLabels`);
  const matchExpressions: LabelRequirement[] = [];
  for (const item of r.items(map, 'matchExpressions', `${path}.matchExpressions`)) {
    const m = r.map(item.node, item.path);
    if (!m) continue;
    const key = r.requiredString(m, 'key', `${item.path}.key`, m.span);
    const operator = r.requiredString(m, 'operator', `${item.path}.operator`, m.span);
    const values: string[] = [];
    for (const v of r.items(m, 'values', `${item.path}.values`)) {
      const s = r.string(v.node, v.path);
      if (s) values.push(s.value);
    }
    if (key && operator) matchExpressions.push({ key: key.value, operator: operator.value, values, span: m.span });
  }
  return { matchLabels, matchExpressions, span: map.span };
}
