// Rename of a Gateway, ListenerSet, listener, Service or Namespace, from its definition or from any
// reference to it, across every file that refers to it: parentRefs (name, sectionName), a
// ListenerSet's parentRef, backendRefs, the `to` names of ReferenceGrants in the Service's
// namespace, and for a namespace every `namespace:` field and `kubernetes.io/metadata.name` label
// that names it. Each edit replaces one scalar's text, keeping its quotes; nothing else changes.

import { isDns1123Label, isDns1123Subdomain } from '../dnsNames.js';
import type { ListenerOwner, Resource } from '../model/resource.js';
import { CORE_GROUP } from '../model/resource.js';
import type { QueryContext } from '../query/context.js';
import { outgoingRefs } from '../resolve/analyze.js';
import type { Span } from '../syntax/tree.js';
import type { Position, Range } from '../text/lineIndex.js';
import { LineIndex } from '../text/lineIndex.js';
import { yamlCursor } from '../text/yamlCursor.js';
import type { FileEdits } from './edits.js';
import { elementAt } from './elements.js';

type Target =
  | { is: 'object'; object: Resource }
  | { is: 'listener'; owner: ListenerOwner; name: string }
  | { is: 'namespace'; name: string };

export interface RenameTarget {
  /** The name under the cursor. */
  range: Range;
  placeholder: string;
}

export type RenameResult = { edits: FileEdits[] } | { error: string };

const RENAMEABLE = new Set(['Gateway', 'ListenerSet', 'Service', 'Namespace']);

export function prepareRename(ctx: QueryContext, fileId: string, position: Position): RenameTarget | undefined {
  const found = targetAt(ctx, fileId, position);
  return found && { range: found.range, placeholder: found.placeholder };
}

export function rename(ctx: QueryContext, fileId: string, position: Position, newName: string): RenameResult {
  const found = targetAt(ctx, fileId, position);
  if (!found)
    return {
      error:
        'Nothing to rename here: place the cursor on the name of a Gateway, listener, Service or Namespace, or on a reference to one.',
    };
  const t = found.target;
  const label = t.is === 'listener' ? 50 : 63;
  const valid =
    t.is === 'object' && t.object.shape === 'Gateway'
      ? isDns1123Subdomain(newName)
      : newName.length <= label && isDns1123Label(newName);
  if (!valid)
    return {
      error: `"${newName}" is not a valid name: use lowercase letters, digits and '-', starting and ending with a letter or digit.`,
    };
  const edits = new Edits(ctx, newName);
  if (t.is === 'object') renameObject(ctx, t.object, edits);
  else if (t.is === 'listener') renameListener(ctx, t.owner, t.name, edits);
  else renameNamespace(ctx, t.name, edits);
  return { edits: edits.result() };
}

function targetAt(
  ctx: QueryContext,
  fileId: string,
  position: Position,
): { target: Target; range: Range; placeholder: string } | undefined {
  const model = ctx.model(fileId);
  const text = ctx.text(fileId);
  if (!model || text === undefined) return undefined;
  const offset = model.lineIndex.offset(position);
  const inside = (s: Span | undefined): s is Span => s !== undefined && offset >= s.start && offset <= s.end;
  const result = (target: Target, span: Span, placeholder: string) => ({
    target,
    range: model.lineIndex.range(...unquoted(stripBom(text), span)),
    placeholder,
  });
  const e = elementAt(model, offset);
  if (
    e?.kind === 'object' &&
    RENAMEABLE.has(e.resource.key.kind) &&
    e.resource.key.group === groupOf(e.resource.key.kind)
  )
    return result({ is: 'object', object: e.resource }, e.resource.headSpan, e.resource.key.name);
  if (e?.kind === 'listener' && inside(e.listener.nameSpan))
    return result({ is: 'listener', owner: e.resource, name: e.listener.name }, e.listener.nameSpan, e.listener.name);
  if (e?.kind === 'parentRef') {
    const owner = ctx.nearest(e.ref, fileId);
    if (owner && (owner.shape === 'Gateway' || owner.shape === 'ListenerSet')) {
      if (inside(e.ref.nameSpan)) return result({ is: 'object', object: owner }, e.ref.nameSpan, owner.key.name);
      if (inside(e.ref.sectionName?.span) && owner.listeners.some((l) => l.name === e.ref.sectionName!.value))
        return result(
          { is: 'listener', owner, name: e.ref.sectionName.value },
          e.ref.sectionName.span,
          e.ref.sectionName.value,
        );
    }
  }
  if ((e?.kind === 'backendRef' || e?.kind === 'listenerSetParent') && inside(e.ref.nameSpan)) {
    const target = ctx.nearest(e.ref, fileId);
    if (target && RENAMEABLE.has(target.key.kind))
      return result({ is: 'object', object: target }, e.ref.nameSpan, target.key.name);
  }
  // A `namespace:` field (metadata or a reference): the namespace it names.
  const cursor = yamlCursor(stripBom(text), position.line, position.character);
  if (cursor?.at === 'value' && cursor.path.at(-1) === 'namespace') {
    const line = stripBom(text).split(/\r\n|\r|\n/)[position.line] ?? '';
    const m = /^(\s*(?:-\s+)*namespace\s*:\s*)(["']?)([a-z0-9-]+)\2\s*(#.*)?$/.exec(line);
    if (m) {
      const start = { line: position.line, character: m[1]!.length + m[2]!.length };
      return {
        target: { is: 'namespace', name: m[3]! },
        range: { start, end: { line: position.line, character: start.character + m[3]!.length } },
        placeholder: m[3]!,
      };
    }
  }
  return undefined;
}

function groupOf(kind: string): string {
  return kind === 'Service' || kind === 'Namespace' ? CORE_GROUP : 'gateway.networking.k8s.io';
}

function renameObject(ctx: QueryContext, object: Resource, edits: Edits): void {
  if (object.shape === 'Namespace') return renameNamespace(ctx, object.key.name, edits);
  edits.add(object.fileId, object.headSpan);
  for (const a of ctx.referrersOf(object.id)) {
    for (const p of a.route?.parents ?? []) if (p.owner?.id === object.id) edits.add(a.resource.fileId, p.ref.nameSpan);
    const parent = a.listenerSet?.listenerSet.parentRef;
    if (parent && a.listenerSet?.gateway?.id === object.id) edits.add(a.resource.fileId, parent.nameSpan);
    for (const x of outgoingRefs(a)) if (x.target?.id === object.id) edits.add(a.resource.fileId, x.ref.nameSpan);
  }
  // ReferenceGrants that name the object in a `to` entry.
  for (const grant of ctx.grantsIn(object.key.namespace, object.fileId))
    for (const to of grant.to)
      if (to.group === object.key.group && to.kind === object.key.kind && to.name === object.key.name) {
        const span = edits.fieldValue(grant.fileId, to.span, 'name', object.key.name);
        if (span) edits.add(grant.fileId, span);
      }
}

function renameListener(ctx: QueryContext, owner: ListenerOwner, name: string, edits: Edits): void {
  for (const l of owner.listeners) if (l.name === name) edits.add(owner.fileId, l.nameSpan);
  for (const a of ctx.referrersOf(owner.id))
    for (const p of a.route?.parents ?? [])
      if (p.owner?.id === owner.id && p.ref.sectionName?.value === name)
        edits.add(a.resource.fileId, p.ref.sectionName.span);
}

/** Every `namespace: NAME` field and `kubernetes.io/metadata.name: NAME` label, and the Namespace's own name. */
function renameNamespace(ctx: QueryContext, name: string, edits: Edits): void {
  const field = new RegExp(
    `^([ \\t]*(?:-[ \\t]+)*(?:namespace|kubernetes\\.io/metadata\\.name)[ \\t]*:[ \\t]*)(["']?)${name}\\2[ \\t]*(?:#.*)?$`,
    'gm',
  );
  for (const fileId of ctx.fileIds()) {
    const raw = ctx.text(fileId);
    if (raw === undefined || !raw.includes(name)) continue;
    for (const r of ctx.model(fileId)?.resources ?? [])
      if (r.shape === 'Namespace' && r.key.name === name) edits.add(fileId, r.headSpan);
    for (const m of stripBom(raw).matchAll(field)) {
      const start = m.index + m[1]!.length;
      edits.add(fileId, { start, end: start + m[2]!.length * 2 + name.length });
    }
  }
}

/** Edits per file, each replacing a scalar (its quotes kept), without duplicates. */
class Edits {
  private readonly byFile = new Map<string, Map<number, Span>>();

  constructor(
    private readonly ctx: QueryContext,
    private readonly newName: string,
  ) {}

  add(fileId: string, span: Span): void {
    const spans = this.byFile.get(fileId) ?? new Map<number, Span>();
    spans.set(span.start, span);
    this.byFile.set(fileId, spans);
  }

  /** The value span of `key: value` inside `within` (a ReferenceGrant entry keeps no span for its name). */
  fieldValue(fileId: string, within: Span, key: string, value: string): Span | undefined {
    const raw = this.ctx.text(fileId);
    if (raw === undefined) return undefined;
    const slice = stripBom(raw).slice(within.start, within.end);
    const m = new RegExp(`(^|[\\s{,])${key}[ \\t]*:[ \\t]*(["']?)${value}\\2(?=\\s|,|}|$)`, 'm').exec(slice);
    if (!m) return undefined;
    const start = within.start + m.index + m[0].length - value.length - m[2]!.length * 2;
    return { start, end: start + value.length + m[2]!.length * 2 };
  }

  result(): FileEdits[] {
    const out: FileEdits[] = [];
    for (const [fileId, spans] of [...this.byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const raw = this.ctx.text(fileId);
      if (raw === undefined) continue;
      const text = stripBom(raw);
      const lines = this.ctx.lineIndex(fileId) ?? LineIndex.of(text);
      const edits = [...spans.values()]
        .sort((a, b) => a.start - b.start)
        .map((span) => ({ range: lines.range(...unquoted(text, span)), newText: this.newName }));
      out.push({ fileId, edits });
    }
    return out;
  }
}

/** The span without its surrounding quotes, as start and end offsets. */
function unquoted(text: string, span: Span): [number, number] {
  const first = text[span.start];
  if ((first === '"' || first === "'") && text[span.end - 1] === first && span.end - span.start >= 2)
    return [span.start + 1, span.end - 1];
  return [span.start, span.end];
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
