// A CustomResourceDefinition as admission needs it: group, kind, scope and, per version, whether it
// is served, its `openAPIV3Schema` and whether status is a subresource (then the API server ignores
// `status` on create, so it is not checked). Read from plain data — the bundled Gateway API CRDs or
// a CRD found in the workspace — never trusting its shape: anything malformed yields undefined.

import type { YNode } from '../syntax/tree.js';

export type RawSchema = Record<string, unknown>;

export interface CrdVersion {
  name: string;
  served: boolean;
  schema: RawSchema;
  statusSubresource: boolean;
}

export interface CrdDefinition {
  group: string;
  kind: string;
  namespaced: boolean;
  /** The `gateway.networking.k8s.io/channel` annotation of Gateway API CRDs. */
  channel?: string;
  versions: CrdVersion[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a CRD object (`apiextensions.k8s.io/v1`); `schemaOf` resolves a version's `schema` field. */
export function readCrd(
  object: unknown,
  schemaOf: (schemaField: unknown) => unknown = (s) => (isRecord(s) ? s['openAPIV3Schema'] : undefined),
): CrdDefinition | undefined {
  if (!isRecord(object) || object['kind'] !== 'CustomResourceDefinition') return undefined;
  const spec = object['spec'];
  if (!isRecord(spec) || typeof spec['group'] !== 'string' || !isRecord(spec['names'])) return undefined;
  const kind = spec['names']['kind'];
  if (typeof kind !== 'string' || kind === '' || !Array.isArray(spec['versions'])) return undefined;
  const versions: CrdVersion[] = [];
  for (const v of spec['versions'] as unknown[]) {
    if (!isRecord(v) || typeof v['name'] !== 'string') continue;
    const schema = schemaOf(v['schema']);
    versions.push({
      name: v['name'],
      served: v['served'] !== false,
      schema: isRecord(schema) ? schema : {},
      statusSubresource: isRecord(v['subresources']) && 'status' in v['subresources'],
    });
  }
  const metadata = isRecord(object['metadata']) ? object['metadata'] : {};
  const annotations = isRecord(metadata['annotations']) ? metadata['annotations'] : {};
  const channel = annotations['gateway.networking.k8s.io/channel'];
  const crd: CrdDefinition = { group: spec['group'], kind, namespaced: spec['scope'] !== 'Cluster', versions };
  if (typeof channel === 'string') crd.channel = channel;
  return crd;
}

/** A short, stable fingerprint of a definition: a change to any part of it changes the fingerprint. */
export function crdFingerprint(crd: CrdDefinition): string {
  return hashString(JSON.stringify(crd));
}

/** Two independent 32-bit FNV-1a style hashes of a string, as 16 hex digits. */
export function hashString(s: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** A CRD written in the workspace, from its YAML tree (descriptions dropped: they are most of its size). */
export function crdFromTree(node: YNode): CrdDefinition | undefined {
  return readCrd(plain(node, 0));
}

function plain(node: YNode, depth: number): unknown {
  if (depth > 64) return null;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map((item) => plain(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const e of node.entries) {
    // A schema's `description` (a string) is dropped; a property named `description` (a schema) is not.
    if (e.key === 'description' && e.value.kind === 'scalar') continue;
    out[e.key] = plain(e.value, depth + 1);
  }
  return out;
}
