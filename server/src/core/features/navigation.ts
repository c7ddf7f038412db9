// Go to definition and find references, from the index and the settled analyses: a parentRef
// leads to its Gateway (or the listener its sectionName names), a backendRef or certificateRef to
// its target, a grant entry to what it names; references of an object list everything that
// resolves to it.

import type { AnalysisHost } from '../host.js';
import type { ObjectKey, Resource } from '../model/resource.js';
import { CORE_GROUP } from '../model/resource.js';
import type { ResourceAnalysis } from '../resolve/analyze.js';
import { grantedBy, outgoingRefs } from '../resolve/analyze.js';
import type { Permission } from '../resolve/referencePolicy.js';
import type { Span } from '../syntax/tree.js';
import type { Position, Range } from '../text/lineIndex.js';
import { elementAt } from './elements.js';

export interface Location {
  fileId: string;
  range: Range;
}

export function definition(host: AnalysisHost, fileId: string, position: Position): Location[] {
  const model = host.model(fileId);
  const e = model && elementAt(model, model.lineIndex.offset(position));
  if (!e) return [];
  const at = (r: Resource | undefined, span?: Span): Location[] => (r ? [loc(host, r.fileId, span ?? r.headSpan)] : []);
  const target = (key: ObjectKey) => producerOf(host, host.nearest(key, fileId));
  switch (e.kind) {
    case 'parentRef': {
      const owner = host.nearest(e.ref, fileId);
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
      return at(target(e.ref));
    case 'parametersRef':
      return at(
        target({ group: e.ref.group, kind: e.ref.kind, namespace: e.resource.key.namespace, name: e.ref.name }),
      );
    case 'grantFrom':
      return at(host.nearest({ group: CORE_GROUP, kind: 'Namespace', namespace: '', name: e.entry.namespace }, fileId));
    case 'grantTo': {
      const ns = e.resource.key.namespace;
      const names = e.entry.name ? [e.entry.name] : host.namesOf(e.entry.group, e.entry.kind, ns).sort();
      return names.flatMap((name) => at(target({ group: e.entry.group, kind: e.entry.kind, namespace: ns, name })));
    }
    case 'listener':
    case 'object':
      return [];
  }
}

export function references(host: AnalysisHost, fileId: string, position: Position): Location[] {
  const model = host.model(fileId);
  const e = model && elementAt(model, model.lineIndex.offset(position));
  if (!e) return [];
  const out: Location[] = [];
  const push = (r: Resource, span: Span) => out.push(loc(host, r.fileId, span));
  if (e.kind === 'listener') {
    for (const a of host.allAnalyses()) {
      for (const p of a.route?.parents ?? []) {
        if (
          p.owner === e.resource &&
          (p.attachedTo.includes(e.listener.name) || p.ref.sectionName?.value === e.listener.name)
        )
          push(a.resource, p.ref.span);
      }
    }
    return out;
  }
  if (
    e.kind === 'grantFrom' ||
    e.kind === 'grantTo' ||
    (e.kind === 'object' && e.resource.shape === 'ReferenceGrant')
  ) {
    const grantId = e.resource.id;
    for (const id of host.grantUsers(grantId)) {
      const a = host.analysis(id);
      if (a)
        for (const { span } of referencesOf(a).filter((x) => grantedBy(x.permission, grantId))) push(a.resource, span);
    }
    return out;
  }
  if (e.kind !== 'object') return [];
  const r = e.resource;
  const produced = host.resource(`${r.id}~secret`);
  const targets = new Set<Resource>([r, ...(produced ? [produced] : [])]);
  for (const a of host.allAnalyses()) {
    if (r.shape === 'Namespace') {
      for (const x of referencesOf(a)) if (x.namespace === r.key.name && x.explicit) push(a.resource, x.span);
      if (a.resource.shape === 'ReferenceGrant')
        for (const f of a.resource.from) if (f.namespace === r.key.name) push(a.resource, f.span);
      continue;
    }
    for (const p of a.route?.parents ?? []) if (p.owner === r) push(a.resource, p.ref.span);
    if (a.listenerSet?.gateway === r && a.listenerSet.listenerSet.parentRef)
      push(a.resource, a.listenerSet.listenerSet.parentRef.span);
    for (const x of referencesOf(a)) if (x.target && targets.has(x.target)) push(a.resource, x.span);
  }
  return out;
}

interface Reference {
  span: Span;
  namespace: string;
  explicit: boolean;
  target?: Resource;
  permission?: Permission;
}

/** Every outgoing reference of an analysed resource that resolves to an object. */
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

/** For a Secret that another object creates, the creating object is the definition to show. */
function producerOf(host: AnalysisHost, r: Resource | undefined): Resource | undefined {
  if (r?.shape === 'Secret' && r.producedBy) return host.resource(r.id.replace(/~secret$/, '')) ?? r;
  return r;
}

function loc(host: AnalysisHost, fileId: string, span: Span): Location {
  const lines = host.lineIndex(fileId);
  return {
    fileId,
    range: lines
      ? lines.range(span.start, span.end)
      : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  };
}
