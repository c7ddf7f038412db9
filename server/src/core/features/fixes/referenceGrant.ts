// Fixes for RefNotPermitted: create the missing ReferenceGrant in the target namespace (as a new
// document in the file that already holds that namespace's grants, else a new file beside the
// target's manifest, named after that namespace), or extend an existing grant there whose other
// side already matches, so that nothing beyond the one reference is newly permitted — the closest
// grants first, the new entry where a sorted list would put it.

import type { QueryContext } from '../../query/context.js';
import type { ObjectKey, ReferenceGrantResource } from '../../model/resource.js';
import { GATEWAY_GROUP, groupKindString, qualifiedName } from '../../model/resource.js';
import { MAX_GRANT_ENTRIES } from '../../model/referenceGrant.js';
import { nearestFirst } from '../../index/nearest.js';
import type { Referrer } from '../../resolve/referencePolicy.js';
import { grantAllowsReferrer, grantAllowsTarget } from '../../resolve/referencePolicy.js';
import { EditableFile } from '../edits.js';
import type { Fix, FixOptions } from './change.js';
import { ChangeBuilder, siblingFileId } from './change.js';

const DEFAULT_GRANT_VERSION = `${GATEWAY_GROUP}/v1beta1`;
/** Grants offered for extension, at most: the closest ones. */
const MAX_EXTENSIONS = 3;

/** How far a grant that lacks the referrer in `from` is from it: 0 same namespace and group, 1 same kind, 2 neither. */
function fromCloseness(grant: ReferenceGrantResource, referrer: Referrer): number {
  if (grant.from.some((f) => f.namespace === referrer.namespace && f.group === referrer.group)) return 0;
  return grant.from.some((f) => f.kind === referrer.kind && f.group === referrer.group) ? 1 : 2;
}

/** How far a grant that lacks the target in `to` is from it: 0 it names the target's kind, 1 otherwise. */
function toCloseness(grant: ReferenceGrantResource, target: ObjectKey): number {
  return grant.to.some((t) => t.group === target.group && t.kind === target.kind) ? 0 : 1;
}

export function referenceGrantFixes(
  ctx: QueryContext,
  referrer: Referrer,
  target: ObjectKey,
  subject: string,
  options: FixOptions,
): Fix[] {
  // Granting access to an object that does not exist would only trade this error for BackendNotFound.
  const targetObject = ctx.nearest(target, referrer.fileId);
  if (!targetObject) return [];
  const fixes: Fix[] = [];
  const grants = ctx.grantsIn(target.namespace, referrer.fileId);
  const fromEntry = { group: referrer.group, kind: referrer.kind, namespace: referrer.namespace };
  const toEntry = { group: target.group, kind: target.kind, name: target.name };
  // Grants that already hold one side, the one about this referrer's namespace (or this kind) first;
  // a stable sort keeps the nearest-file order among equals. Extending an unrelated grant is offered
  // last, if at all. Only the first MAX_EXTENSIONS that can be written are built (each parses a file).
  const candidates = grants
    .map((grant) => ({ grant, fromOk: grantAllowsReferrer(grant, referrer), toOk: grantAllowsTarget(grant, target) }))
    .filter((c) => c.fromOk !== c.toOk)
    .map((c) => ({
      ...c,
      closeness: c.fromOk ? toCloseness(c.grant, target) : fromCloseness(c.grant, referrer),
    }))
    .sort((a, b) => a.closeness - b.closeness);
  for (const { grant, fromOk } of candidates) {
    if (fixes.length === MAX_EXTENSIONS) break;
    const list = fromOk ? 'to' : 'from';
    if (grant[list].length >= MAX_GRANT_ENTRIES) continue;
    const change = new ChangeBuilder(ctx);
    const file = change.file(grant.fileId);
    const root = file?.find(grant);
    const seq = root && file?.at(root, `spec.${list}`);
    const edits =
      seq &&
      file?.insertSorted(
        seq,
        fromOk ? toEntry : fromEntry,
        fromOk
          ? [['kind', 'name'], ['name']]
          : [
              ['namespace', 'kind'],
              ['kind', 'namespace'],
            ],
      );
    if (!edits) continue;
    change.add(grant.fileId, ...edits);
    const what = fromOk ? `${groupKindString(target)} "${target.name}"` : `${referrer.kind} from ${referrer.namespace}`;
    fixes.push(change.build(`Add ${what} to ReferenceGrant ${qualifiedName(grant.key)}`, 'RefNotPermitted', subject));
  }
  fixes.unshift(createGrant(ctx, referrer, target, targetObject.fileId, grants, subject, options));
  return fixes;
}

/** `anchorFile` is the target's manifest: a new grant goes into a file nearest to it. */
function createGrant(
  ctx: QueryContext,
  referrer: Referrer,
  target: ObjectKey,
  anchorFile: string,
  grants: ReferenceGrantResource[],
  subject: string,
  options: FixOptions,
): Fix {
  const taken = new Set(ctx.namesOf(GATEWAY_GROUP, 'ReferenceGrant', target.namespace));
  const base = `allow-${referrer.kind.toLowerCase()}s-from-${referrer.namespace}`.slice(0, 240);
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  const grantFiles = nearestFirst(grants, anchorFile, (g) => g.fileId);
  const apiVersion =
    grants[0]?.apiVersion ?? ctx.apiVersionOf(GATEWAY_GROUP, 'ReferenceGrant') ?? DEFAULT_GRANT_VERSION;
  const object = {
    apiVersion,
    kind: 'ReferenceGrant',
    metadata: { name, namespace: target.namespace },
    spec: {
      from: [{ group: referrer.group, kind: referrer.kind, namespace: referrer.namespace }],
      to: [{ group: target.group, kind: target.kind, name: target.name }],
    },
  };
  const comment = `Lets ${referrer.kind}s in ${referrer.namespace} reference ${groupKindString(target)} ${target.name} in ${target.namespace}.`;
  const change = new ChangeBuilder(ctx);
  const newFileId = siblingFileId(anchorFile, `referencegrant-${target.namespace}.yaml`);
  // A file already holding this namespace's grants, else the file this fix would create if it
  // exists, else (when the client cannot create files) the target's own manifest.
  let into = grantFiles[0]?.fileId;
  if (into === undefined && ctx.text(newFileId) !== undefined) into = newFileId;
  if (into === undefined && !options.canCreateFiles) into = anchorFile;
  const file = into === undefined ? undefined : change.file(into);
  if (into !== undefined && file) change.add(into, file.appendDocument(object, comment));
  else change.create(newFileId, EditableFile.newFile(object, comment, change.lineBreakOf(anchorFile)));
  return change.build(
    `Create ReferenceGrant in ${target.namespace} allowing ${referrer.kind} from ${referrer.namespace}`,
    'RefNotPermitted',
    subject,
    true,
  );
}
