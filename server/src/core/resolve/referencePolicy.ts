// Cross-namespace permission through ReferenceGrant (rules.md §7) and target existence. A grant
// lives in the target's namespace; one of its `from` entries must match the referrer's group,
// kind and namespace, and one of its `to` entries the target's group and kind (and name, when
// set). Permission is checked before existence, so a denied reference never reveals whether its
// target exists (rules.md R7.8). Grants are looked up by (namespace, from entry), never scanned.

import type { Reads } from '../index/workspaceIndex.js';
import type { GroupKind, ObjectKey, ReferenceGrantResource, Resource } from '../model/resource.js';
import { GATEWAY_GROUP } from '../model/resource.js';
import { closestName } from './findings.js';

export interface Referrer extends GroupKind {
  namespace: string;
  fileId: string;
}

/** A Gateway API object (route, Gateway, ListenerSet) as the `from` side of a ReferenceGrant sees it. */
export function referrerOf(r: Resource): Referrer {
  return { group: GATEWAY_GROUP, kind: r.key.kind, namespace: r.key.namespace, fileId: r.fileId };
}

export type Permission =
  | { result: 'same-namespace' }
  | { result: 'granted'; grants: ReferenceGrantResource[] }
  | { result: 'denied'; nearMisses: NearMiss[] }
  | { result: 'unknown' };

/** A grant in the target namespace that does not permit the reference, and which side misses. */
export interface NearMiss {
  grant: ReferenceGrantResource;
  /** `fromGroup`: a `from` entry has the referrer's kind and namespace but another group (`group`). */
  miss: { is: 'fromGroup'; group: string } | { is: 'from' } | { is: 'to' };
}

export function permission(reads: Reads, referrer: Referrer, target: ObjectKey): Permission {
  if (target.namespace === referrer.namespace) return { result: 'same-namespace' };
  const candidates = reads.grantsFrom(target.namespace, referrer, referrer.fileId);
  const grants = candidates.filter((g) => grantAllowsTarget(g, target));
  if (grants.length > 0) return { result: 'granted', grants: grants.slice() }; // kept by the analysis: see trim.ts
  if (!reads.covered(target.namespace)) return { result: 'unknown' };
  const nearMisses: NearMiss[] = [];
  for (const grant of reads.grantsIn(target.namespace, referrer.fileId)) {
    const miss = grantMiss(grant, referrer, target);
    if (miss) nearMisses.push({ grant, miss });
  }
  return { result: 'denied', nearMisses };
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

export type Existence =
  { result: 'found'; target: Resource } | { result: 'missing'; suggestion?: string } | { result: 'unknown' };

export function findTarget(reads: Reads, target: ObjectKey, fromFileId: string): Existence {
  const found = reads.nearest(target, fromFileId);
  if (found) return { result: 'found', target: found };
  if (target.namespace !== '' && !reads.covered(target.namespace)) return { result: 'unknown' };
  return missing(reads, target);
}

/** The target of a reference already permitted: its namespace is known to the workspace (it holds the referrer or the grant). */
export function findPermittedTarget(
  reads: Reads,
  target: ObjectKey,
  fromFileId: string,
): Exclude<Existence, { result: 'unknown' }> {
  const found = reads.nearest(target, fromFileId);
  return found ? { result: 'found', target: found } : missing(reads, target);
}

function missing(reads: Reads, target: ObjectKey): { result: 'missing'; suggestion?: string } {
  const suggestion = closestName(target.name, reads.names(target.group, target.kind, target.namespace));
  return suggestion ? { result: 'missing', suggestion } : { result: 'missing' };
}
