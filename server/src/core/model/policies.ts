// Policies attached by `targetRefs` (GEP-713, the policy attachment pattern): BackendTLSPolicy,
// read with its CA references, and any implementation's policy kind written the same way — a
// `spec.targetRefs` list (or a single `spec.targetRef`) of `{group, kind, name}` items. Objects
// whose targetRef names an `apiVersion` (a VerticalPodAutoscaler) follow another pattern.

import type { YMap, YNode } from '../syntax/tree.js';
import { field, scalarText } from './reader.js';
import type { Reader } from './reader.js';
import { readObjectRef } from './references.js';
import type { ObjectRef, PolicyTargetRef } from './resource.js';
import { CORE_GROUP } from './resource.js';

export interface PolicySpec {
  targetRefs: PolicyTargetRef[];
  caCertificateRefs: ObjectRef[];
}

/** Whether an object of another kind follows the policy attachment pattern. */
export function looksLikePolicy(spec: YMap | undefined): boolean {
  const list = field(spec, 'targetRefs');
  const single = field(spec, 'targetRef');
  const items = list?.kind === 'seq' ? list.items : single ? [single] : [];
  return items.length > 0 && items.every(isTargetRef);
}

function isTargetRef(node: YNode): boolean {
  return (
    node.kind === 'map' &&
    scalarText(field(node, 'kind')) !== undefined &&
    scalarText(field(node, 'name')) !== undefined &&
    field(node, 'apiVersion') === undefined
  );
}

/** Reads a policy's targets (and, for a BackendTLSPolicy, its CA references); targets are local unless they name a namespace. */
export function readPolicySpec(r: Reader, spec: YMap | undefined, namespace: string, backendTLS: boolean): PolicySpec {
  const result: PolicySpec = { targetRefs: [], caCertificateRefs: [] };
  if (!spec) return result;
  const single = field(spec, 'targetRef');
  const items =
    single && !field(spec, 'targetRefs')
      ? [{ node: single, path: 'spec.targetRef' }]
      : r.items(spec, 'targetRefs', 'spec.targetRefs');
  for (const item of items) {
    const ref = readObjectRef(r, item.node, item.path, { group: CORE_GROUP, namespace });
    if (!ref) continue;
    const target: PolicyTargetRef = ref;
    const sectionName = r.nonEmptyString(r.field(item.node as YMap, 'sectionName'), `${item.path}.sectionName`);
    if (sectionName) target.sectionName = sectionName;
    result.targetRefs.push(target);
  }
  if (backendTLS) {
    const validation = r.map(r.field(spec, 'validation'), 'spec.validation');
    for (const item of r.items(validation, 'caCertificateRefs', 'spec.validation.caCertificateRefs')) {
      const ref = readObjectRef(r, item.node, item.path, { group: CORE_GROUP, namespace });
      if (ref) result.caCertificateRefs.push({ ...ref, namespace, namespaceExplicit: false });
    }
  }
  return result;
}
