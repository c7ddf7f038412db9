// Flux's Kustomization (kustomize.toolkit.fluxcd.io): the kustomize-controller builds `spec.path`
// of its Git source — with the kustomization there, or one it generates over every manifest below
// the path — and sets `spec.targetNamespace` (and `namePrefix`/`nameSuffix`) on every object it
// builds, as a kustomization's own fields would. So a Flux Kustomization is a root of the
// workspace's kustomize environments: index/kustomizeBuilds.ts turns each into a kustomization
// whose folder is the path, found from the Flux file's folder upwards (the path is relative to
// the repository's root, which the analysis does not know). Pure: reading and naming only.

import type { Span, YMap } from '../syntax/tree.js';
import type { Kustomization, PathEntry } from './kustomization.js';
import { emptyKustomization } from './kustomization.js';
import { field } from './reader.js';
import type { Located } from './resource.js';
import { flatCopy, intern } from '../strings.js';

export const FLUX_KUSTOMIZE_GROUP = 'kustomize.toolkit.fluxcd.io';

export interface FluxKustomization {
  name: string;
  /** '' when the object leaves it to where it is applied. */
  namespace: string;
  /** `spec.path` without its leading `./` or `/`: relative to the source's root. */
  path: Located<string>;
  targetNamespace?: Located<string>;
  namePrefix?: Located<string>;
  nameSuffix?: Located<string>;
  /** The object's root mapping. */
  span: Span;
}

/** Reads a Flux Kustomization's build settings; undefined without a usable `spec.path`. */
export function readFluxKustomization(
  spec: YMap | undefined,
  name: string,
  namespace: string,
  span: Span,
): FluxKustomization | undefined {
  const path = located(spec, 'path');
  if (!path) return undefined;
  const relative = path.value.replace(/^(\.?\/)+/, '').replace(/\/+$/, '');
  // The whole repository: no folder of its own to build (and nothing to tell apart).
  if (relative === '' || relative === '.') return undefined;
  const f: FluxKustomization = { name, namespace, path: { value: flatCopy(relative), span: path.span }, span };
  const targetNamespace = located(spec, 'targetNamespace');
  if (targetNamespace) f.targetNamespace = targetNamespace;
  const namePrefix = located(spec, 'namePrefix');
  if (namePrefix) f.namePrefix = namePrefix;
  const nameSuffix = located(spec, 'nameSuffix');
  if (nameSuffix) f.nameSuffix = nameSuffix;
  return f;
}

const FLUX_BUILD = '#flux:';

/** The environment id of a Flux Kustomization's build: its file, then its namespace and name. */
export function fluxBuildId(fileId: string, f: FluxKustomization): string {
  return `${fileId}${FLUX_BUILD}${f.namespace === '' ? '' : `${f.namespace}/`}${f.name}`;
}

/** `namespace/name` of the Flux Kustomization an environment id names, else undefined. */
export function fluxBuildName(envId: string): string | undefined {
  const i = envId.indexOf(FLUX_BUILD);
  return i < 0 ? undefined : envId.slice(i + FLUX_BUILD.length).replace(/~\d+$/, '');
}

/** The file defining the Flux Kustomization an environment id names, else undefined. */
export function fluxBuildFile(envId: string): string | undefined {
  const i = envId.indexOf(FLUX_BUILD);
  return i < 0 ? undefined : envId.slice(0, i);
}

/** The kustomization the controller builds for `f` in `folder`, listing `resources` (every entry on `spec.path`). */
export function fluxRootKustomization(
  fileId: string,
  f: FluxKustomization,
  folder: string,
  resources: readonly { id: string }[],
): Kustomization {
  const entries: PathEntry[] = resources.map((r) => ({
    field: 'resources',
    text: f.path.value,
    span: f.path.span,
    target: { kind: 'local', id: r.id },
  }));
  const k = emptyKustomization(fluxBuildId(fileId, f), folder, f.span);
  k.resources = entries;
  if (f.targetNamespace) k.namespace = f.targetNamespace;
  if (f.namePrefix) k.namePrefix = f.namePrefix;
  if (f.nameSuffix) k.nameSuffix = f.nameSuffix;
  return k;
}

function located(map: YMap | undefined, key: string): Located<string> | undefined {
  const node = field(map, key);
  if (node?.kind !== 'scalar' || typeof node.value !== 'string' || node.value === '') return undefined;
  return { value: intern(node.value), span: node.span };
}
