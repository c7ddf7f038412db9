// Which plain files are applied together. A folder is applied as one (`kubectl apply -f folder/`)
// unless its files repeat an object — the same kind, namespace and name in two files — which only
// folders of standalone examples, alternatives and test cases do: then each of its files stands
// alone — one file's objects neither make a namespace look managed for another nor grant it
// anything, and repeated objects are not duplicates. References still resolve to the nearest
// definition (index/nearest.ts): an object only a sibling file defines is found, one that several
// define is a tie, since the files are applied in combinations. Files rendered by a kustomize
// environment (a `build`) are one build whatever their folders.
//
// What a plain file is applied with, as far as a namespace being managed goes, is its own folder
// and the folders below it (`kubectl apply -R -f folder/`) and the files of the folders above it:
// never a sibling folder. Repositories hold many folders applied on their own (examples, recipes,
// test cases) whose objects share namespaces such as `default`; one of them defining a Service
// there says nothing about the Services another expects. For a build, the whole workspace counts,
// except objects of plain files nothing deploys (a subfolder of a kustomization's folder that no
// build reads): those make their namespace look managed only beside them. Counts are kept per
// folder, subtree, key, kind and file, so every answer is a lookup or a walk up the folder chain.

import { folderOf } from './nearest.js';
import type { Vantage } from './nearest.js';
import type { Resource } from '../model/resource.js';
import { keyString } from '../model/resource.js';

/** Dependency key of whether a folder's files stand alone. */
export const folderScopeDep = (folder: string) => `F:${folder}`;

export class BuildScopes {
  /** `folder|key` → file → definitions of the key in that file (plain files only). */
  private readonly keyFiles = new Map<string, Map<string, number>>();
  /** folder → how many keys it defines in more than one file. */
  private readonly repeated = new Map<string, number>();
  /** Scope (a folder, or `build:` and an environment) → objects in it that write their namespace. */
  private readonly namespaced = new Map<string, number>();
  /** Scopes whose namespace writing changed since the host last asked. */
  readonly changedScopes = new Set<string>();
  /**
   * `group/kind/namespace` → count overall; of every object per folder of its file and per folder
   * it sits below; of plain files' objects per folder and per file; and of objects nothing deploys
   * (Resource.unreached) overall and per folder.
   */
  private readonly kinds = new Map<
    string,
    {
      total: number;
      direct: Map<string, number>;
      below: Map<string, number>;
      folders: Map<string, number>;
      files: Map<string, number>;
      unreached: number;
      unreachedFolders?: Map<string, number>;
    }
  >();

  update(r: Resource, delta: 1 | -1, changed: Set<string>): void {
    if (r.key.name === '') return;
    const kind = `${r.key.group}/${r.key.kind}/${r.key.namespace}`;
    const k = this.kinds.get(kind) ?? {
      total: 0,
      direct: new Map<string, number>(),
      below: new Map<string, number>(),
      folders: new Map<string, number>(),
      files: new Map<string, number>(),
      unreached: 0,
    };
    k.total += delta;
    const folder = folderOf(r.fileId);
    bump(k.direct, folder, delta);
    for (let f = folder; ; f = folderOf(f)) {
      bump(k.below, f, delta);
      if (f === '') break;
    }
    if (r.build === undefined) {
      bump(k.folders, folder, delta);
      if (r.unreached) {
        k.unreached += delta;
        bump((k.unreachedFolders ??= new Map<string, number>()), folder, delta);
      }
      bump(k.files, r.fileId, delta);
      // Keys as written: an object's placement must not decide whether its folder stands alone.
      const slot = `${folder}|${r.namespaceExplicit || r.key.namespace === '' ? keyString(r.key) : `${r.key.group}/${r.key.kind}/?/${r.key.name}`}`;
      const files = this.keyFiles.get(slot) ?? new Map<string, number>();
      const before = files.size;
      bump(files, r.fileId, delta);
      if (files.size > 0) this.keyFiles.set(slot, files);
      else this.keyFiles.delete(slot);
      const wasRepeated = before > 1;
      const isRepeated = files.size > 1;
      if (wasRepeated !== isRepeated) {
        const standaloneBefore = this.standalone(folder);
        bump(this.repeated, folder, isRepeated ? 1 : -1);
        if (standaloneBefore !== this.standalone(folder)) changed.add(folderScopeDep(folder));
      }
    }
    if (r.namespaceExplicit) {
      const scope = placementScope(r);
      const namedBefore = this.namesNamespaces(scope);
      bump(this.namespaced, scope, delta);
      if (namedBefore !== this.namesNamespaces(scope)) this.changedScopes.add(scope);
    }
    if (k.total > 0) this.kinds.set(kind, k);
    else this.kinds.delete(kind);
  }

  /** Whether the files directly in `folder` stand alone (they repeat an object). */
  standalone(folder: string): boolean {
    return (this.repeated.get(folder) ?? 0) > 0;
  }

  /** Whether some object of a placement scope (see placementScope) writes its namespace. */
  namesNamespaces(scope: string): boolean {
    return (this.namespaced.get(scope) ?? 0) > 0;
  }

  /** Whether a referrer at `from` sees definition `d`: not when both are different files of a standalone folder. */
  visible(d: Vantage, from: Vantage): boolean {
    if (d.build !== undefined || from.build !== undefined || d.fileId === from.fileId) return true;
    const folder = folderOf(d.fileId);
    return folder !== folderOf(from.fileId) || !this.standalone(folder);
  }

  /** Whether the workspace defines objects of this kind in the namespace anywhere. */
  definesAnywhere(group: string, kind: string, namespace: string): boolean {
    return this.kinds.has(`${group}/${kind}/${namespace}`);
  }

  /**
   * Whether objects of this kind exist in the namespace among what is applied with a referrer at
   * `from`. For a build, the whole workspace (builds are deployed side by side, and a build's
   * folders say nothing about what it is deployed with), but objects nothing deploys
   * (Resource.unreached) only beside them: an operator bundle kept below the kustomization that
   * installs the operator does not make its namespace managed for the routes that kustomization
   * deploys. For a plain file, its folder and the folders below it, and the files of the folders
   * above it.
   */
  defines(group: string, kind: string, namespace: string, from: Vantage): boolean {
    const k = this.kinds.get(`${group}/${kind}/${namespace}`);
    if (!k) return false;
    const folder = folderOf(from.fileId);
    if (from.build !== undefined) return k.total - k.unreached + (k.unreachedFolders?.get(folder) ?? 0) > 0;
    for (let f = folder; f !== '';) {
      f = folderOf(f);
      if (k.direct.has(f)) return true;
    }
    const below = k.below.get(folder) ?? 0;
    if (!this.standalone(folder)) return below > 0;
    // Of the folder's own plain files, only the referrer's counts.
    return below - (k.folders.get(folder) ?? 0) + (k.files.get(from.fileId) ?? 0) > 0;
  }
}

/**
 * Where objects without a namespace are placed together: their kustomize build, else the folder of
 * their file (see model/placement.ts).
 */
export function placementScope(r: { fileId: string; build?: string }): string {
  return r.build !== undefined ? `build:${r.build}` : folderOf(r.fileId);
}

function bump(map: Map<string, number>, key: string, delta: number): void {
  const n = (map.get(key) ?? 0) + delta;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}
