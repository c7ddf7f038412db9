// The cross-file index over all FileModels: definitions by object key, names per kind and
// namespace, namespace coverage, ReferenceGrants by target namespace and `from` entry, and
// ListenerSets by parent. Replacing a file reports the dependency keys whose answers changed, so
// the host re-resolves only what read them. Reads go through `Reads`, which records those keys.

import type { FileModel } from '../model/summarize.js';
import type {
  ListenerSetResource,
  ObjectKey,
  PolicyResource,
  ReferenceGrantResource,
  Resource,
} from '../model/resource.js';
import { keyString } from '../model/resource.js';
import { flatCopy } from '../strings.js';
import { addTo, removeFrom } from '../multimap.js';
import type { Unresolved, Vantage } from './nearest.js';
import { folderOf, isUnresolved, nearestDefinition } from './nearest.js';
import { BuildScopes, folderScopeDep } from './buildScopes.js';

/** Dependency keys: what a resolution read, and what a file change invalidates. */
export const dep = {
  /** Every definition of one object key. */
  object: (key: ObjectKey) => `K:${keyString(key)}`,
  /** The set of names of one kind in one namespace (did-you-mean, listings). */
  names: (group: string, kind: string, namespace: string) => `L:${group}/${kind}/${namespace}`,
  /** Whether the workspace defines anything in a namespace. */
  coverage: (namespace: string) => `N:${namespace}`,
  /** Objects that render what git does not hold into a namespace (Helm releases, Argo CD Applications). */
  renderers: (namespace: string) => `R:${namespace}`,
  /** ReferenceGrants in `namespace` with one `from` entry. */
  grantsFrom: (namespace: string, group: string, kind: string, fromNamespace: string) =>
    `G:${namespace}|${group}|${kind}|${fromNamespace}`,
  /** All ReferenceGrants in a namespace. */
  grantsIn: (namespace: string) => `GN:${namespace}`,
  /** ListenerSets whose parent is this Gateway. */
  listenerSets: (gateway: ObjectKey) => `LS:${keyString(gateway)}`,
  /** Whether the workspace holds any object of a kind, or its CRD. */
  kind: (group: string, kind: string) => `KD:${group}/${kind}`,
  /** Policies whose targetRefs name this object. */
  policies: (target: ObjectKey) => `P:${keyString(target)}`,
  /** Objects requesting certificates from this cert-manager Issuer (namespace '') or ClusterIssuer. */
  certificates: (issuer: IssuerKey) => `CI:${issuerKeyString(issuer)}`,
};

/** A cert-manager issuer as certificates name it: a ClusterIssuer's namespace is ''. */
export interface IssuerKey {
  kind: 'Issuer' | 'ClusterIssuer';
  namespace: string;
  name: string;
}

function issuerKeyString(k: IssuerKey): string {
  return `${k.kind}/${k.namespace}/${k.name}`;
}

export interface FromEntry {
  group: string;
  kind: string;
  namespace: string;
}

/** Where reads record their dependency keys; a one-shot analysis passes one that forgets them. */
export interface DependencySink {
  add(key: string): unknown;
}

/** Read access to the index that records what was read. */
export interface Reads {
  /** The workspace holds every object of the cluster (an option): what it lacks does not exist. */
  readonly complete: boolean;
  /** The definition of `key` a referrer at `from` sees, why there is no one definition, or undefined when there is none. */
  lookup(key: ObjectKey, from: Vantage): Resource | Unresolved<Resource> | undefined;
  /** The one definition `from` sees; undefined when there is none or it is ambiguous (see lookup). */
  nearest(key: ObjectKey, from: Vantage): Resource | undefined;
  definitions(key: ObjectKey): readonly Resource[];
  /** Whether the workspace defines anything in a namespace. */
  covered(namespace: string): boolean;
  /** Whether what is applied with `from` defines (or produces) objects of this kind in the namespace. */
  manages(group: string, kind: string, namespace: string, from: Vantage): boolean;
  /** Whether the workspace defines (or produces) objects of this kind in the namespace anywhere. */
  definesAnywhere(group: string, kind: string, namespace: string): boolean;
  /** An object that renders content the workspace does not hold into the namespace, if any. */
  rendererOf(namespace: string): Resource | undefined;
  names(group: string, kind: string, namespace: string): string[];
  grantsFrom(namespace: string, from: FromEntry, vantage: Vantage): ReferenceGrantResource[];
  grantsIn(namespace: string, vantage: Vantage): ReferenceGrantResource[];
  listenerSetsOf(gateway: ObjectKey): ListenerSetResource[];
  /** Whether the workspace holds any object of this kind (in any namespace) or its CRD. */
  definesKind(group: string, kind: string): boolean;
  /** Policies whose targetRefs name this object (every definition, in no particular order). */
  policiesTargeting(target: ObjectKey): PolicyResource[];
  /** Objects requesting certificates from a cert-manager issuer (every definition, in no particular order). */
  certificatesFrom(issuer: IssuerKey): Resource[];
}

export class WorkspaceIndex {
  readonly files = new Map<string, FileModel>();
  /** Definitions per object key: almost always one, so an array rather than a Set. */
  private readonly byKey = new Map<string, Resource[]>();
  private readonly byId = new Map<string, Resource>();
  private readonly names = new Map<string, Map<string, number>>();
  private readonly coverage = new Map<string, number>();
  private readonly renderers = new Map<string, Set<Resource>>();
  private readonly grantsByFrom = new Map<string, Set<ReferenceGrantResource>>();
  private readonly grantsByNamespace = new Map<string, Set<ReferenceGrantResource>>();
  private readonly listenerSetsByParent = new Map<string, Set<ListenerSetResource>>();
  private readonly policiesByTarget = new Map<string, Set<PolicyResource>>();
  private readonly certificatesByIssuer = new Map<string, Set<Resource>>();
  /** Which plain files are applied together (see buildScopes.ts). */
  readonly scopes = new BuildScopes();
  /** `group/kind` → apiVersion → how many objects use it (new manifests follow house style). */
  private readonly apiVersions = new Map<string, Map<string, number>>();
  /** `group/kind` → how many CRDs in the workspace define it. */
  private readonly crdKinds = new Map<string, number>();

  /** Installs `model` as the file's summary (undefined removes the file), adding the dependency keys that changed. */
  setFile(fileId: string, model: FileModel | undefined, changed: Set<string>): void {
    const old = this.files.get(fileId);
    // Resource objects the new model shares with the old one stay indexed as they are.
    const staying = new Set(model?.resources);
    const unchangedFroms = model && old ? grantFromsKept(old, model) : undefined;
    for (const r of old?.resources ?? []) if (!staying.has(r)) this.remove(r, changed, unchangedFroms?.get(r.id));
    for (const crd of old?.crds ?? []) this.countCrd(crd, -1, changed);
    for (const crd of model?.crds ?? []) this.countCrd(crd, 1, changed);
    const had = new Set(old?.resources);
    if (model) {
      this.files.set(fileId, model);
      for (const r of model.resources) if (!had.has(r)) this.add(r, changed, unchangedFroms?.get(r.id));
    } else this.files.delete(fileId);
  }

  resource(id: string): Resource | undefined {
    return this.byId.get(id);
  }

  /** A Reads that records every dependency key into its `sink` (swap it between analyses). */
  reads(): RecordingReads {
    return new RecordingReads(this, undefined);
  }

  // Lookups without recording; resolution reads through RecordingReads instead.

  definitionsOf(key: ObjectKey): readonly Resource[] | undefined {
    return this.byKey.get(keyString(key));
  }

  isCovered(namespace: string): boolean {
    return this.coverage.has(namespace);
  }

  /** The first renderer by file and id, so that what a message names does not depend on read order. */
  rendererIn(namespace: string): Resource | undefined {
    let first: Resource | undefined;
    for (const r of this.renderers.get(namespace) ?? [])
      if (!first || r.fileId < first.fileId || (r.fileId === first.fileId && r.id < first.id)) first = r;
    return first;
  }

  /** Sorted, so that hints and messages built from them do not depend on read order. */
  namesIn(group: string, kind: string, namespace: string): string[] {
    return [...(this.names.get(dep.names(group, kind, namespace))?.keys() ?? [])].sort();
  }

  /** Grants with one `from` entry, by its dependency key (see grantKey). */
  grantsWithKey(key: string): Set<ReferenceGrantResource> | undefined {
    return this.grantsByFrom.get(key);
  }

  grantsOfNamespace(namespace: string): Set<ReferenceGrantResource> | undefined {
    return this.grantsByNamespace.get(namespace);
  }

  listenerSetsWithParent(gateway: ObjectKey): Set<ListenerSetResource> | undefined {
    return this.listenerSetsByParent.get(keyString(gateway));
  }

  /** Whether the workspace holds an object of this kind or a CRD defining it. */
  hasKind(group: string, kind: string): boolean {
    const key = `${group}/${kind}`;
    return this.apiVersions.has(key) || this.crdKinds.has(key);
  }

  private countCrd(crd: { group: string; kind: string }, delta: number, changed: Set<string>): void {
    const key = `${crd.group}/${crd.kind}`;
    const n = (this.crdKinds.get(key) ?? 0) + delta;
    if (n > 0) this.crdKinds.set(key, n);
    else this.crdKinds.delete(key);
    if (n === 0 || (n === 1 && delta > 0)) changed.add(dep.kind(crd.group, crd.kind));
  }

  policiesWithTarget(target: ObjectKey): Set<PolicyResource> | undefined {
    return this.policiesByTarget.get(keyString(target));
  }

  certificatesWithIssuer(issuer: IssuerKey): Set<Resource> | undefined {
    return this.certificatesByIssuer.get(issuerKeyString(issuer));
  }

  /** An apiVersion that objects of this kind in the workspace use, if any. */
  apiVersionOf(group: string, kind: string): string | undefined {
    return this.apiVersions.get(`${group}/${kind}`)?.keys().next().value;
  }

  /** Namespaces the workspace defines anything in. */
  coveredNamespaces(): string[] {
    return [...this.coverage.keys()];
  }

  /** Every indexed resource, in file order. */
  *allResources(): Iterable<Resource> {
    for (const f of this.files.values()) yield* f.resources;
  }

  private add(r: Resource, changed: Set<string>, quietFroms?: Set<string>): void {
    this.byId.set(r.id, r);
    if (!this.apiVersions.has(`${r.key.group}/${r.key.kind}`)) changed.add(dep.kind(r.key.group, r.key.kind));
    count(this.apiVersions, `${r.key.group}/${r.key.kind}`, r.apiVersion, 1);
    if (r.key.name === '') return;
    this.scopes.update(r, 1, changed);
    const key = keyString(r.key);
    const defs = this.byKey.get(key);
    if (defs) {
      defs.push(r);
      // Referrers of a grant defined once did not record its object key (see visibleGrants); a
      // second definition nearer to them hides it, so what they read through it has changed.
      const first = defs[0]!;
      if (defs.length === 2 && first.shape === 'ReferenceGrant') {
        for (const f of uniqueFroms(first)) changed.add(grantKey(first.key.namespace, f));
      }
    } else this.byKey.set(flatCopy(key), [r]);
    changed.add(dep.object(r.key));
    const namesKey = dep.names(r.key.group, r.key.kind, r.key.namespace);
    const names = this.names.get(namesKey) ?? new Map<string, number>();
    names.set(r.key.name, (names.get(r.key.name) ?? 0) + 1);
    this.names.set(namesKey, names);
    changed.add(namesKey);
    this.cover(coveredNamespace(r), 1, changed);
    this.updateSecondary(r, addTo, changed, quietFroms);
  }

  private remove(r: Resource, changed: Set<string>, quietFroms?: Set<string>): void {
    this.byId.delete(r.id);
    count(this.apiVersions, `${r.key.group}/${r.key.kind}`, r.apiVersion, -1);
    if (!this.apiVersions.has(`${r.key.group}/${r.key.kind}`)) changed.add(dep.kind(r.key.group, r.key.kind));
    if (r.key.name === '') return;
    this.scopes.update(r, -1, changed);
    const defs = this.byKey.get(keyString(r.key));
    if (defs) {
      defs.splice(defs.indexOf(r), 1);
      if (defs.length === 0) this.byKey.delete(keyString(r.key));
    }
    changed.add(dep.object(r.key));
    const namesKey = dep.names(r.key.group, r.key.kind, r.key.namespace);
    const names = this.names.get(namesKey);
    if (names) {
      const n = (names.get(r.key.name) ?? 1) - 1;
      if (n > 0) names.set(r.key.name, n);
      else names.delete(r.key.name);
      if (names.size === 0) this.names.delete(namesKey);
    }
    changed.add(namesKey);
    this.cover(coveredNamespace(r), -1, changed);
    this.updateSecondary(r, removeFrom, changed, quietFroms);
  }

  /** The lookups only some kinds take part in: grants by namespace and `from` entry, ListenerSets by parent. */
  private updateSecondary(r: Resource, update: typeof addTo, changed: Set<string>, quietFroms?: Set<string>): void {
    if (r.shape === 'ReferenceGrant') {
      update(this.grantsByNamespace, r.key.namespace, r);
      changed.add(dep.grantsIn(r.key.namespace));
      for (const from of uniqueFroms(r)) {
        const key = grantKey(r.key.namespace, from);
        update(this.grantsByFrom, key, r);
        if (!quietFroms?.has(key)) changed.add(key);
      }
    }
    if (r.shape === 'ListenerSet' && r.parentRef) {
      update(this.listenerSetsByParent, keyString(r.parentRef), r);
      changed.add(dep.listenerSets(r.parentRef));
    }
    if (r.shape === 'Policy') {
      for (const t of r.targetRefs) {
        update(this.policiesByTarget, keyString(t), r);
        changed.add(dep.policies(t));
      }
    }
    if ((r.shape === 'Other' || r.shape === 'Gateway') && r.issues) {
      for (const issued of r.issues) {
        const issuer: IssuerKey = {
          kind: issued.issuerKind,
          namespace: issued.issuerKind === 'Issuer' ? r.key.namespace : '',
          name: issued.issuerName,
        };
        update(this.certificatesByIssuer, issuerKeyString(issuer), r);
        changed.add(dep.certificates(issuer));
      }
    }
    if (r.rendersInto !== undefined) {
      update(this.renderers, r.rendersInto, r);
      changed.add(dep.renderers(r.rendersInto));
    }
  }

  private cover(namespace: string | undefined, delta: number, changed: Set<string>): void {
    if (namespace === undefined) return;
    const before = this.coverage.get(namespace) ?? 0;
    const after = before + delta;
    if (after > 0) this.coverage.set(namespace, after);
    else this.coverage.delete(namespace);
    if (before > 0 !== after > 0) changed.add(dep.coverage(namespace));
  }
}

function count(map: Map<string, Map<string, number>>, key: string, value: string, delta: number): void {
  const counts = map.get(key) ?? new Map<string, number>();
  const n = (counts.get(value) ?? 0) + delta;
  if (n > 0) counts.set(value, n);
  else counts.delete(value);
  if (counts.size > 0) map.set(key, counts);
  else map.delete(key);
}

/** The namespace an object shows the workspace knows about: its own, or the one a Namespace defines. */
function coveredNamespace(r: Resource): string | undefined {
  if (r.shape === 'Namespace') return r.key.name;
  return r.key.namespace === '' ? undefined : r.key.namespace;
}

/** The dependency key of one `from` entry of grants in `namespace`; grantsByFrom is keyed by it too. */
function grantKey(namespace: string, from: FromEntry): string {
  return dep.grantsFrom(namespace, from.group, from.kind, from.namespace);
}

/**
 * For each ReferenceGrant the edit replaced by one with the same id, name and `to` list, the `from`
 * entries both versions hold: what a referrer from there may reach is unchanged, so editing one
 * entry of a 16-entry grant re-resolves one tenant's routes, not sixteen.
 */
function grantFromsKept(old: FileModel, model: FileModel): Map<string, Set<string>> | undefined {
  let kept: Map<string, Set<string>> | undefined;
  const before = new Map<string, ReferenceGrantResource>();
  for (const r of old.resources) if (r.shape === 'ReferenceGrant') before.set(r.id, r);
  if (before.size === 0) return undefined;
  for (const r of model.resources) {
    const o = before.get(r.id);
    if (
      !o ||
      o === r ||
      r.shape !== 'ReferenceGrant' ||
      keyString(o.key) !== keyString(r.key) ||
      targets(o) !== targets(r)
    )
      continue;
    const oldKeys = new Set(uniqueFroms(o).map((f) => grantKey(o.key.namespace, f)));
    const both = new Set(
      uniqueFroms(r)
        .map((f) => grantKey(r.key.namespace, f))
        .filter((k) => oldKeys.has(k)),
    );
    (kept ??= new Map()).set(r.id, both);
  }
  return kept;
}

function targets(g: ReferenceGrantResource): string {
  return g.to.map((t) => `${t.group}|${t.kind}|${t.name ?? '*'}`).join(',');
}

function uniqueFroms(g: ReferenceGrantResource): FromEntry[] {
  const seen = new Map<string, FromEntry>();
  for (const f of g.from) seen.set(`${f.group}|${f.kind}|${f.namespace}`, f);
  return [...seen.values()];
}

/** The index's read API, recording each dependency key into the current sink. */
export class RecordingReads implements Reads {
  complete = false;

  constructor(
    private readonly index: WorkspaceIndex,
    /** Where dependency keys go; undefined records nothing (and builds no key strings). */
    public sink: DependencySink | undefined,
  ) {}

  lookup(key: ObjectKey, from: Vantage): Resource | Unresolved<Resource> | undefined {
    this.sink?.add(dep.object(key));
    const all = this.index.definitionsOf(key);
    if (!all) return undefined;
    return all.length === 1 && !all[0]!.stub ? all[0] : nearestDefinition(all, from);
  }

  nearest(key: ObjectKey, from: Vantage): Resource | undefined {
    const found = this.lookup(key, from);
    return isUnresolved(found) ? undefined : found;
  }

  definitions(key: ObjectKey): readonly Resource[] {
    this.sink?.add(dep.object(key));
    return this.index.definitionsOf(key) ?? [];
  }

  covered(namespace: string): boolean {
    this.sink?.add(dep.coverage(namespace));
    return this.index.isCovered(namespace);
  }

  manages(group: string, kind: string, namespace: string, from: Vantage): boolean {
    if (this.complete) return true;
    this.sink?.add(dep.names(group, kind, namespace));
    if (from.build === undefined) this.sink?.add(folderScopeDep(folderOf(from.fileId)));
    return this.index.scopes.defines(group, kind, namespace, from);
  }

  definesAnywhere(group: string, kind: string, namespace: string): boolean {
    if (this.complete) return true;
    this.sink?.add(dep.names(group, kind, namespace));
    return this.index.scopes.definesAnywhere(group, kind, namespace);
  }

  rendererOf(namespace: string): Resource | undefined {
    if (this.complete) return undefined;
    this.sink?.add(dep.renderers(namespace));
    return this.index.rendererIn(namespace);
  }

  names(group: string, kind: string, namespace: string): string[] {
    this.sink?.add(dep.names(group, kind, namespace));
    return this.index.namesIn(group, kind, namespace);
  }

  grantsFrom(namespace: string, from: FromEntry, vantage: Vantage): ReferenceGrantResource[] {
    const key = grantKey(namespace, from);
    this.sink?.add(key);
    return this.visibleGrants(this.index.grantsWithKey(key), vantage);
  }

  grantsIn(namespace: string, vantage: Vantage): ReferenceGrantResource[] {
    this.sink?.add(dep.grantsIn(namespace));
    return this.visibleGrants(this.index.grantsOfNamespace(namespace), vantage);
  }

  definesKind(group: string, kind: string): boolean {
    this.sink?.add(dep.kind(group, kind));
    return this.index.hasKind(group, kind);
  }

  listenerSetsOf(gateway: ObjectKey): ListenerSetResource[] {
    this.sink?.add(dep.listenerSets(gateway));
    return [...(this.index.listenerSetsWithParent(gateway) ?? [])];
  }

  policiesTargeting(target: ObjectKey): PolicyResource[] {
    this.sink?.add(dep.policies(target));
    return [...(this.index.policiesWithTarget(target) ?? [])];
  }

  certificatesFrom(issuer: IssuerKey): Resource[] {
    this.sink?.add(dep.certificates(issuer));
    return [...(this.index.certificatesWithIssuer(issuer) ?? [])];
  }

  /**
   * Grants are not referenced by name, so every grant in the namespace counts; but where one grant
   * (namespace/name) is defined more than once, a referrer sees only the definition nearest to it
   * (all of the equally near ones, when that is ambiguous).
   */
  private visibleGrants(candidates: Set<ReferenceGrantResource> | undefined, from: Vantage): ReferenceGrantResource[] {
    const visible: ReferenceGrantResource[] = [];
    const scoped = from.build === undefined && this.index.scopes.standalone(folderOf(from.fileId));
    if (from.build === undefined) this.sink?.add(folderScopeDep(folderOf(from.fileId)));
    for (const g of candidates ?? []) {
      if (scoped && !this.index.scopes.visible(g, from)) continue;
      const defs = this.index.definitionsOf(g.key);
      if (defs && defs.length > 1) {
        this.sink?.add(dep.object(g.key));
        const seen = nearestDefinition(defs, from);
        if (seen !== g && !(isUnresolved(seen) && seen.candidates.includes(g))) continue;
      }
      visible.push(g);
    }
    return visible;
  }
}
