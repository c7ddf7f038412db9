// Go to definition and find references, from the index and the aggregates' reverse indexes: a
// parentRef leads to its Gateway (or the listener its sectionName names), a backendRef,
// certificateRef or policy targetRef to its target, a grant entry to what it names, a `namespace:`
// value to the Namespace; references of an object list everything that resolves to it (policies
// targeting it included), in file order, whether asked at its definition or at any reference to it.

import type { ObjectKey, Resource } from '../model/resource.js';
import { GATEWAY_GROUP } from '../model/resource.js';
import { producedSecretId } from '../model/ids.js';
import type { QueryContext } from '../query/context.js';
import type { ResourceAnalysis } from '../resolve/analyze.js';
import { grantedBy, outgoingRefs } from '../resolve/analyze.js';
import type { Permission } from '../resolve/referencePolicy.js';
import type { Span } from '../syntax/tree.js';
import type { Position, Range } from '../text/lineIndex.js';
import { yamlCursor } from '../text/yamlCursor.js';
import { elementAt } from './elements.js';

export interface Location {
  fileId: string;
  range: Range;
}

export function definition(ctx: QueryContext, fileId: string, position: Position): Location[] {
  const model = ctx.model(fileId);
  const named = namespaceAt(ctx, fileId, position);
  if (named !== undefined) {
    const ns = ctx.namespace(named, fileId);
    return ns ? [loc(ctx, ns.fileId, ns.headSpan)] : [];
  }
  const e = model && elementAt(model, model.lineIndex.offset(position));
  if (!e) return [];
  const at = (r: Resource | undefined, span?: Span): Location[] => (r ? [loc(ctx, r.fileId, span ?? r.headSpan)] : []);
  const target = (key: ObjectKey) => {
    const found = ctx.nearest(key, fileId);
    return found && ctx.producerOf(found);
  };
  switch (e.kind) {
    case 'parentRef':
    case 'solverParentRef': {
      // A ClusterIssuer's solver parentRef without a namespace names none ('' here): no target.
      const owner = ctx.nearest(e.ref, fileId);
      const listener =
        e.ref.sectionName && owner && 'listeners' in owner
          ? owner.listeners.find((l) => l.name === e.ref.sectionName!.value)
          : undefined;
      return at(owner, listener?.nameSpan);
    }
    case 'backendRef':
    case 'certificateRef':
    case 'caCertificateRef':
    case 'listenerSetParent':
    case 'policyTargetRef':
    case 'policyCaCertificateRef':
      return at(target(e.ref));
    case 'parametersRef':
      return at(
        target({ group: e.ref.group, kind: e.ref.kind, namespace: e.resource.key.namespace, name: e.ref.name }),
      );
    case 'gatewayClassName':
      return at(target({ group: GATEWAY_GROUP, kind: 'GatewayClass', namespace: '', name: e.name }));
    case 'grantFrom':
      return at(ctx.namespace(e.entry.namespace, fileId));
    case 'grantTo': {
      const ns = e.resource.key.namespace;
      const names = e.entry.name ? [e.entry.name] : ctx.namesOf(e.entry.group, e.entry.kind, ns).sort();
      return names.flatMap((name) => at(target({ group: e.entry.group, kind: e.entry.kind, namespace: ns, name })));
    }
    case 'listener':
    case 'object':
    case 'routeHostname':
      return [];
  }
}

export function references(ctx: QueryContext, fileId: string, position: Position): Location[] {
  const model = ctx.model(fileId);
  const offset = model?.lineIndex.offset(position) ?? 0;
  const e = model && elementAt(model, offset);
  if (!e) return [];
  const on = (span: Span | undefined) => span !== undefined && offset >= span.start && offset <= span.end;
  switch (e.kind) {
    case 'listener':
      return listenerReferences(ctx, e.resource, e.listener.name);
    case 'grantFrom':
    case 'grantTo':
      return grantReferences(ctx, e.resource.id);
    case 'object':
      if (e.resource.shape === 'ReferenceGrant') return grantReferences(ctx, e.resource.id);
      if (e.resource.shape === 'Namespace') return namespaceReferences(ctx, e.resource.key.name);
      return objectReferences(ctx, e.resource);
    case 'parentRef':
    case 'solverParentRef': {
      // From a usage: the references of what it names (its listener, for the sectionName).
      const owner = ctx.nearest(e.ref, fileId);
      if (!owner || (owner.shape !== 'Gateway' && owner.shape !== 'ListenerSet')) return [];
      if (e.ref.sectionName && on(e.ref.sectionName.span))
        return listenerReferences(ctx, owner, e.ref.sectionName.value);
      return on(e.ref.nameSpan) ? objectReferences(ctx, owner) : [];
    }
    case 'backendRef':
    case 'certificateRef':
    case 'caCertificateRef':
    case 'policyTargetRef':
    case 'policyCaCertificateRef':
    case 'listenerSetParent': {
      const target = on(e.ref.nameSpan) ? ctx.nearest(e.ref, fileId) : undefined;
      return target ? objectReferences(ctx, ctx.producerOf(target)) : [];
    }
    case 'parametersRef':
    case 'gatewayClassName':
    case 'routeHostname':
      return [];
  }
}

/** The parentRefs that attach to a listener or name it in their sectionName. */
function listenerReferences(ctx: QueryContext, owner: Resource, listener: string): Location[] {
  const found: { r: Resource; span: Span }[] = [];
  for (const a of ctx.referrersOf(owner.id)) {
    for (const p of a.route?.parents ?? []) {
      const names = p.attachedTo.includes(listener) || p.ref.sectionName?.value === listener;
      if (p.owner === owner && names) found.push({ r: a.resource, span: p.ref.span });
    }
  }
  return inFileOrder(ctx, found);
}

/** Every reference that names a namespace explicitly, ReferenceGrant `from` entries included. */
function namespaceReferences(ctx: QueryContext, name: string): Location[] {
  const found: { r: Resource; span: Span }[] = [];
  for (const a of ctx.namespaceUsersOf(name)) {
    for (const x of referencesOf(a))
      if (x.namespace === name && x.explicit) found.push({ r: a.resource, span: x.span });
    if (a.resource.shape === 'ReferenceGrant')
      for (const f of a.resource.from) if (f.namespace === name) found.push({ r: a.resource, span: f.span });
  }
  return inFileOrder(ctx, found);
}

/** Everything that resolves to an object (or to the Secret it produces). */
function objectReferences(ctx: QueryContext, r: Resource): Location[] {
  const found: { r: Resource; span: Span }[] = [];
  const push = (owner: Resource, span: Span) => found.push({ r: owner, span });
  const produced = ctx.resource(producedSecretId(r.id));
  const targets = new Set<Resource>([r, ...(produced ? [produced] : [])]);
  const referrers = new Set([...ctx.referrersOf(r.id), ...(produced ? ctx.referrersOf(produced.id) : [])]);
  for (const a of referrers) {
    for (const p of a.route?.parents ?? []) if (p.owner === r) push(a.resource, p.ref.span);
    const parent = a.listenerSet?.listenerSet.parentRef;
    if (a.listenerSet?.gateway === r && parent) push(a.resource, parent.span);
    for (const x of referencesOf(a)) if (x.target && targets.has(x.target)) push(a.resource, x.span);
  }
  return inFileOrder(ctx, found);
}

/** The namespace a `namespace:` value under the cursor names (metadata or a reference), if the cursor is on one. */
function namespaceAt(ctx: QueryContext, fileId: string, position: Position): string | undefined {
  const text = ctx.text(fileId);
  if (text === undefined) return undefined;
  const plain = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const cursor = yamlCursor(plain, position.line, position.character);
  if (cursor?.at !== 'value' || cursor.path.at(-1) !== 'namespace') return undefined;
  const line = plain.split(/\r\n|\r|\n/)[position.line] ?? '';
  return /namespace\s*:\s*(["']?)([a-z0-9-]+)\1\s*(#.*)?$/.exec(line)?.[2];
}

/** The references a ReferenceGrant permits, in file order. */
export function grantReferences(ctx: QueryContext, grantId: string): Location[] {
  const found: { r: Resource; span: Span }[] = [];
  for (const id of ctx.grantUsers(grantId)) {
    const a = ctx.analysis(id);
    if (a)
      for (const { span } of referencesOf(a).filter((x) => grantedBy(x.permission, grantId)))
        found.push({ r: a.resource, span });
  }
  return inFileOrder(ctx, found);
}

interface Reference {
  span: Span;
  namespace: string;
  explicit: boolean;
  target?: Resource;
  permission?: Permission;
}

/** Every outgoing reference of an analysed resource, parentRefs included. */
function referencesOf(a: ResourceAnalysis): Reference[] {
  const out: Reference[] = outgoingRefs(a).map((x) => ({
    span: x.ref.span,
    namespace: x.ref.namespace,
    explicit: x.ref.namespaceExplicit,
    ...(x.target ? { target: x.target } : {}),
    ...(x.permission ? { permission: x.permission } : {}),
  }));
  for (const p of a.route?.parents ?? [])
    out.push({ span: p.ref.span, namespace: p.ref.namespace, explicit: p.ref.namespaceExplicit });
  return out;
}

/** Locations sorted by file id, then position: the same answer whatever order the index kept. */
export function inFileOrder(ctx: QueryContext, found: { r: Resource; span: Span }[]): Location[] {
  found.sort((a, b) => (a.r.fileId < b.r.fileId ? -1 : a.r.fileId > b.r.fileId ? 1 : a.span.start - b.span.start));
  return found.map(({ r, span }) => loc(ctx, r.fileId, span));
}

export function loc(ctx: QueryContext, fileId: string, span: Span): Location {
  const lines = ctx.lineIndex(fileId);
  return {
    fileId,
    range: lines
      ? lines.range(span.start, span.end)
      : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  };
}
