// Cross-namespace permission through ReferenceGrant (rules.md §7) and target existence. A grant
// lives in the target's namespace; one of its `from` entries must match the referrer's group,
// kind and namespace, and one of its `to` entries the target's group and kind (and name, when
// set). Grants are looked up by (namespace, from entry), never scanned.
//
// What the workspace cannot know stays unknown. A reference is denied only where the workspace
// holds its target or some ReferenceGrant in the target namespace (grants are otherwise managed
// elsewhere). A target is missing only where the workspace demonstrably manages that kind in that
// namespace — it defines or produces one there — and nothing renders into the namespace (a Helm
// release, an Argo CD Application); ServiceImports, which a multi-cluster controller creates, are
// never missing.

import { isPlaceholder } from '../syntax/placeholders.js';
import type { Reads } from '../index/workspaceIndex.js';
import type { Unresolved, Vantage } from '../index/nearest.js';
import { isUnresolved } from '../index/nearest.js';
import type { GrantFrom, GrantTo, GroupKind, ObjectKey, ReferenceGrantResource, Resource } from '../model/resource.js';
import { GATEWAY_GROUP } from '../model/resource.js';
import { isApplyTimeNamespace } from '../model/placement.js';
import { closestName } from './findings.js';

export interface Referrer extends GroupKind, Vantage {
  namespace: string;
}

/** A Gateway API object (route, Gateway, ListenerSet) as the `from` side of a ReferenceGrant sees it. */
export function referrerOf(r: Resource): Referrer {
  const referrer: Referrer = { group: GATEWAY_GROUP, kind: r.key.kind, namespace: r.key.namespace, fileId: r.fileId };
  if (r.build !== undefined) referrer.build = r.build;
  return referrer;
}

export type Permission =
  | { result: 'same-namespace' }
  | { result: 'granted'; grants: ReferenceGrantResource[] }
  | { result: 'denied'; nearMisses: NearMiss[] }
  /**
   * No grant permits it, but the workspace holds neither the target nor any grant of its namespace;
   * or (`applyTime`) the referrer's namespace is set when it is applied, so no grant can be matched.
   */
  | { result: 'unknown'; applyTime?: boolean };

/** A grant in the target namespace that does not permit the reference, and which side misses. */
export interface NearMiss {
  grant: ReferenceGrantResource;
  /** `fromGroup`: a `from` entry has the referrer's kind and namespace but another group (`group`). */
  miss: { is: 'fromGroup'; group: string } | { is: 'from' } | { is: 'to' };
}

export function permission(reads: Reads, referrer: Referrer, target: ObjectKey): Permission {
  if (target.namespace === referrer.namespace) return { result: 'same-namespace' };
  if (isApplyTimeNamespace(referrer.namespace)) return { result: 'unknown', applyTime: true };
  if (isPlaceholder(target.namespace)) return { result: 'unknown' };
  const candidates = reads.grantsFrom(target.namespace, referrer, referrer);
  const grants = candidates.filter((g) => grantAllowsTarget(g, target));
  if (grants.length > 0) return { result: 'granted', grants: grants.slice() }; // kept by the analysis: see trim.ts
  const inNamespace = reads.grantsIn(target.namespace, referrer);
  if (!reads.complete && inNamespace.length === 0 && reads.lookup(target, referrer) === undefined)
    return { result: 'unknown' };
  const ranked: { m: NearMiss; distance: number }[] = [];
  for (const grant of inNamespace) {
    const miss = grantMiss(grant, referrer, target);
    if (miss) ranked.push({ m: { grant, miss }, distance: grantDistance(grant, referrer, target) });
  }
  // Closest first, then by place, not by the order files were read in (the editor reads open
  // buffers first): messages and hovers show only the first few, and must be the CLI's.
  ranked.sort((a, b) => a.distance - b.distance || byPlace(a.m.grant, b.m.grant));
  return { result: 'denied', nearMisses: ranked.map((r) => r.m) };
}

/**
 * How far a grant is from permitting the reference: the nearest `from` entry plus the nearest `to`
 * entry. A grant naming the referrer's kind from another namespace, or its namespace with another
 * kind, is one field away; one for other kinds in other namespaces is further.
 */
function grantDistance(grant: ReferenceGrantResource, referrer: Referrer, target: ObjectKey): number {
  const nearest = (xs: number[]) => xs.reduce((a, b) => Math.min(a, b), 3);
  return (
    nearest(grant.from.map((f) => fromDistance(f, referrer))) + nearest(grant.to.map((t) => toDistance(t, target)))
  );
}

/** How many of group, kind and namespace a `from` entry gets wrong for this referrer. */
export function fromDistance(f: GrantFrom, referrer: Referrer): number {
  return (
    Number(f.group !== referrer.group) + Number(f.kind !== referrer.kind) + Number(f.namespace !== referrer.namespace)
  );
}

/**
 * How far a `to` entry is from this target: one per wrong group or kind, half for a wrong name,
 * since a grant for the right kind needs only the name added.
 */
export function toDistance(t: GrantTo, target: ObjectKey): number {
  return (
    Number(t.group !== target.group) +
    Number(t.kind !== target.kind) +
    (t.name !== undefined && t.name !== target.name ? 0.5 : 0)
  );
}

export function grantAllowsTarget(grant: ReferenceGrantResource, target: GroupKind & { name: string }): boolean {
  return grant.to.some(
    (t) => t.group === target.group && t.kind === target.kind && (t.name === undefined || t.name === target.name),
  );
}

export function grantAllowsReferrer(grant: ReferenceGrantResource, referrer: Referrer): boolean {
  return grant.from.some(
    (f) => f.group === referrer.group && f.kind === referrer.kind && f.namespace === referrer.namespace,
  );
}

/** Which side of a grant in the target namespace does not match this reference; undefined if it permits it. */
function grantMiss(grant: ReferenceGrantResource, referrer: Referrer, target: ObjectKey): NearMiss['miss'] | undefined {
  if (!grantAllowsReferrer(grant, referrer)) {
    const sameKind = grant.from.find((f) => f.kind === referrer.kind && f.namespace === referrer.namespace);
    return sameKind ? { is: 'fromGroup', group: sameKind.group } : { is: 'from' };
  }
  return grantAllowsTarget(grant, target) ? undefined : { is: 'to' };
}

/** Why the workspace cannot tell whether an object it does not hold exists. */
export type Unmanaged =
  /**
   * Nothing applied with the referrer defines or produces this kind in the namespace (`apart`: only
   * folders applied on their own do; `namespaceKnown`: other objects are in the namespace).
   */
  | { why: 'unmanaged'; namespaceKnown: boolean; apart?: true }
  /** Something renders into the namespace what the workspace does not hold. */
  | { why: 'rendered'; renderer: Resource }
  /** A multi-cluster controller creates ServiceImports. */
  | { why: 'serviceImport' }
  /** The name or namespace is a template placeholder, filled in when the manifest is rendered. */
  | { why: 'placeholder' }
  /** A listener's certificate Secret that a policy (Kuadrant's TLSPolicy) has cert-manager issue. */
  | { why: 'issued'; issuer: Resource };

export type Existence =
  | { result: 'found'; target: Resource }
  | { result: 'missing'; suggestion?: string }
  | ({ result: 'unknown' } & Unmanaged)
  /** Defined more than once, equally near, or only as a patch stub. */
  | { result: 'unresolved'; unresolved: Unresolved<Resource> };

const SERVICE_IMPORT = { group: 'multicluster.x-k8s.io', kind: 'ServiceImport' };

export function findTarget(reads: Reads, target: ObjectKey, from: Vantage): Existence {
  const found = reads.lookup(target, from);
  if (isUnresolved(found)) return { result: 'unresolved', unresolved: found };
  if (found) return { result: 'found', target: found };
  if (isPlaceholder(target.name) || isPlaceholder(target.namespace)) return { result: 'unknown', why: 'placeholder' };
  if (!reads.complete && target.group === SERVICE_IMPORT.group && target.kind === SERVICE_IMPORT.kind)
    return { result: 'unknown', why: 'serviceImport' };
  const renderer = target.namespace === '' ? undefined : reads.rendererOf(target.namespace);
  if (renderer) return { result: 'unknown', why: 'rendered', renderer };
  if (!reads.manages(target.group, target.kind, target.namespace, from))
    return { result: 'unknown', ...unmanaged(reads, target) };
  const suggestion = closestName(target.name, reads.names(target.group, target.kind, target.namespace));
  return suggestion ? { result: 'missing', suggestion } : { result: 'missing' };
}

/** Why a reference the referrer's deployment does not manage cannot be checked. */
export function unmanaged(
  reads: Reads,
  target: { group: string; kind: string; namespace: string },
): Unmanaged & { why: 'unmanaged' } {
  const apart = reads.definesAnywhere(target.group, target.kind, target.namespace);
  return { why: 'unmanaged', namespaceKnown: reads.covered(target.namespace), ...(apart ? { apart } : {}) };
}

function byPlace(a: ReferenceGrantResource, b: ReferenceGrantResource): number {
  return a.fileId < b.fileId ? -1 : a.fileId > b.fileId ? 1 : a.span.start - b.span.start;
}
