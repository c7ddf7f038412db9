// Namespaces decided after reading: an object without `metadata.namespace` lands where it is
// applied. Summarising gives such objects (and every reference that defaults to their namespace)
// the UNPLACED marker; the host then places each file: in the namespace the user configured, in
// `default` when its build names namespaces elsewhere (it is applied without `-n`), or else in the
// namespace its build is applied into, which the workspace cannot know (`kubectl apply -n`, an Argo
// CD destination). That one is an apply-time namespace, distinct per build: verdicts that depend
// on which namespace it is are unknown, not errors.

import type { Resource } from './resource.js';

/** The namespace of an object that does not write one, until it is placed. Not a valid name. */
export const UNPLACED = '\u0000';

/** The apply-time namespace of a build (a folder or a file): `@` and the build; `@` is not valid in a name. */
export function applyTimeNamespace(build: string): string {
  return `@${build}`;
}

export function isApplyTimeNamespace(namespace: string): boolean {
  return namespace.startsWith('@');
}

/** Whether any of the resources waits for placement. */
export function needsPlacement(resources: readonly Resource[]): boolean {
  return resources.some((r) => r.key.namespace === UNPLACED);
}

/**
 * The resources with UNPLACED replaced by each one's namespace everywhere (the object's key and
 * every reference that took its namespace); unplaced objects are copied, the others returned as
 * they are.
 */
export function place(resources: readonly Resource[], namespaceOf: (r: Resource) => string): Resource[] {
  return resources.map((r) => (r.key.namespace === UNPLACED ? (replaced(r, namespaceOf(r)) as Resource) : r));
}

/** Whether `placed` (an earlier placement of `unplaced`) puts some object elsewhere than `namespaceOf` would. */
export function placedElsewhere(
  unplaced: readonly Resource[],
  placed: readonly Resource[],
  namespaceOf: (r: Resource) => string,
): boolean {
  return unplaced.some((r, i) => r.key.namespace === UNPLACED && placed[i]?.key.namespace !== namespaceOf(r));
}

function replaced(value: unknown, namespace: string): unknown {
  if (value === UNPLACED) return namespace;
  if (Array.isArray(value)) return value.map((v) => replaced(v, namespace));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = replaced(v, namespace);
  return out;
}
