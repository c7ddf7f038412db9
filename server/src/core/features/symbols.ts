// The outline and workspace symbols: each object of a file (Gateway → listeners, route → parentRefs
// and rules, ReferenceGrant → from/to entries), and a search over every object's name.

import type { Resource } from '../model/resource.js';
import { groupKindString, qualifiedName } from '../model/resource.js';
import type { QueryContext } from '../query/context.js';
import type { Range } from '../text/lineIndex.js';
import type { Location } from './navigation.js';
import { loc } from './navigation.js';

export type SymbolKind = 'object' | 'namespace' | 'listener' | 'rule' | 'reference';

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  range: Range;
  selectionRange: Range;
  children: DocumentSymbol[];
}

export interface WorkspaceSymbol {
  name: string;
  kind: SymbolKind;
  /** The object's kind and namespace. */
  containerName: string;
  location: Location;
}

/** Most workspace symbols one query returns (a one-letter query on a large workspace would list thousands). */
const WORKSPACE_SYMBOLS_MAX = 500;

export function documentSymbols(ctx: QueryContext, fileId: string): DocumentSymbol[] {
  const model = ctx.model(fileId);
  if (!model) return [];
  const range = (span: { start: number; end: number }) => loc(ctx, fileId, span).range;
  return model.resources
    .filter((r) => r.key.name !== '' && r.producerId === undefined)
    .map((r) => {
      const children: DocumentSymbol[] = [];
      const child = (name: string, kind: SymbolKind, span: { start: number; end: number }, detail?: string) =>
        children.push({
          name,
          kind,
          range: range(span),
          selectionRange: range(span),
          children: [],
          ...(detail ? { detail } : {}),
        });
      if (r.shape === 'Gateway' || r.shape === 'ListenerSet')
        for (const l of r.listeners)
          children.push({
            name: l.name,
            detail: `${l.protocol}${l.port !== undefined ? ` ${l.port}` : ''}${l.hostname ? ` ${l.hostname.value}` : ''}`,
            kind: 'listener',
            range: range(l.span),
            selectionRange: range(l.nameSpan),
            children: [],
          });
      if (r.shape === 'Route') {
        for (const p of r.parentRefs)
          child(
            `parentRef ${qualifiedName(p)}`,
            'reference',
            p.span,
            p.sectionName ? `sectionName ${p.sectionName.value}` : undefined,
          );
        r.ruleSpans.forEach((span, i) => {
          const backends = r.backendRefs.filter(
            (b) => b.via === 'backendRef' && b.span.start >= span.start && b.span.end <= span.end,
          );
          child(`rule ${i + 1}`, 'rule', span, backends.map((b) => qualifiedName(b)).join(', ') || undefined);
        });
      }
      if (r.shape === 'ReferenceGrant') {
        for (const f of r.from) child(`from ${groupKindString(f)} in ${f.namespace}`, 'reference', f.span);
        for (const t of r.to) child(`to ${groupKindString(t)}${t.name ? ` ${t.name}` : ''}`, 'reference', t.span);
      }
      return {
        name: r.key.name,
        detail: r.key.namespace && !r.key.namespace.startsWith('@') ? `${r.key.kind} · ${r.key.namespace}` : r.key.kind,
        kind: r.shape === 'Namespace' ? 'namespace' : 'object',
        range: range(r.span),
        selectionRange: range(r.headSpan),
        children,
      };
    });
}

/** Objects and listeners whose name contains the query's characters in order (case-insensitive), best matches first. */
export function workspaceSymbols(ctx: QueryContext, query: string): WorkspaceSymbol[] {
  const found: { score: number; symbol: WorkspaceSymbol }[] = [];
  const consider = (
    name: string,
    kind: SymbolKind,
    container: string,
    r: Resource,
    span: { start: number; end: number },
  ) => {
    const score = matchScore(name, query);
    if (score >= 0)
      found.push({ score, symbol: { name, kind, containerName: container, location: loc(ctx, r.fileId, span) } });
  };
  for (const r of ctx.resources()) {
    if (r.key.name === '' || r.producerId !== undefined) continue;
    const container =
      r.key.namespace && !r.key.namespace.startsWith('@') ? `${r.key.kind} · ${r.key.namespace}` : r.key.kind;
    consider(r.key.name, r.shape === 'Namespace' ? 'namespace' : 'object', container, r, r.headSpan);
    if (r.shape === 'Gateway' || r.shape === 'ListenerSet')
      for (const l of r.listeners) consider(l.name, 'listener', `${r.key.kind} ${qualifiedName(r.key)}`, r, l.nameSpan);
  }
  found.sort((a, b) => a.score - b.score || a.symbol.name.localeCompare(b.symbol.name));
  return found.slice(0, WORKSPACE_SYMBOLS_MAX).map((f) => f.symbol);
}

/** -1 when `query`'s characters do not occur in `name` in order; else lower is better (prefix, then spread). */
function matchScore(name: string, query: string): number {
  if (query === '') return 0;
  const n = name.toLowerCase();
  const q = query.toLowerCase();
  if (n.startsWith(q)) return 0;
  const at = n.indexOf(q);
  if (at >= 0) return 1 + at;
  let i = 0;
  let gaps = 0;
  for (const ch of q) {
    const next = n.indexOf(ch, i);
    if (next < 0) return -1;
    gaps += next - i;
    i = next + 1;
  }
  return 100 + gaps;
}
