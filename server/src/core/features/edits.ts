// Minimal text edits to YAML that keep the file's shape: insertions go after the last sibling's
// line (so trailing comments stay put), use the siblings' column, the file's indentation unit,
// sequence style and line breaks, and keep quoting when a scalar is replaced. Existing text is
// never re-serialised; only new content is rendered, with every string a YAML 1.1 reader (as
// Kubernetes' decoder is) would take for something else (`yes`, `on`, `0755`) quoted.
//
// Edits never write through anchors. Navigation (`find`, `at`, `mapAt`, `placeAt`) goes by what
// the object reads, following aliases and merge keys, and remembers how it got there; an edit
// then lands where it changes only that object:
// - below an alias or a merged key, the alias is replaced by an explicit copy of what it stands
//   for with the edit applied (a merged key becomes an explicit key of the mapping, which wins
//   over `<<`), so the anchored node and everything else that aliases it keep their meaning;
// - on a node that is anchored (or inside one) and aliased elsewhere, those aliases are first
//   replaced by explicit copies of the node as it was.
// Copies are rendered from the parsed tree (scalars keep their source text, nested aliases and
// merges are expanded, anchors are not repeated), so they read as the alias did.

import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, stringify, visit } from 'yaml';
import type { Alias, Document, Node as YamlNode, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Resource } from '../model/resource.js';
import { documentChunks } from '../syntax/parse.js';
import type { Span } from '../syntax/tree.js';
import { keyText } from '../syntax/tree.js';
import { LineIndex } from '../text/lineIndex.js';
import type { Range } from '../text/lineIndex.js';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface FileEdits {
  fileId: string;
  edits: TextEdit[];
}

export interface FileCreation {
  fileId: string;
  text: string;
}

/** How a place is reached from its parent: written there, through an alias, or from a merge key. */
type Via = 'own' | 'alias' | 'merge';

/**
 * A value as an object reads it, and how the object reaches it. Opaque to fixes: they navigate
 * with `EditableFile.at` and edit with its methods, which decide where an edit may land.
 */
export interface Place {
  readonly kind: 'map' | 'seq' | 'scalar';
  /** The node the value is read from (for an alias: the anchored node). */
  readonly node: YamlNode | null;
  /** The step from the parent; undefined for a document's root. */
  readonly from?: { parent: Place; key: string | number; via: Via; alias?: Alias };
  readonly doc: DocumentInfo;
}

interface DocumentInfo {
  doc: Document.Parsed;
  /** Each alias's anchored node (the last node before it with that anchor). */
  targets: Map<Alias, YamlNode>;
  /** The aliases of each anchored node that has any. */
  aliases: Map<YamlNode, Alias[]>;
  /** The aliases inside flow collections (a copy there must be written in flow style). */
  inFlow: Set<Alias>;
}

/** What an edit does to the value at a place. */
type Change =
  | { op: 'append'; items: unknown[] }
  | { op: 'add'; entries: Record<string, unknown> }
  | { op: 'set'; key: string; value: unknown }
  | { op: 'scalar'; value: unknown };

/** A value about to be rendered: copied from the file (a flow collection stays one), or new. */
type Out =
  | { kind: 'scalar'; token: string }
  | { kind: 'seq'; items: Out[]; flow?: boolean }
  | { kind: 'map'; entries: { key: string; token: string; value: Out }[]; flow?: boolean };

const PARSE_OPTIONS = { merge: true, uniqueKeys: false, prettyErrors: false } as const;

/** Bound on the nodes one copy of an alias may hold (the analysis refuses larger expansions too). */
const MAX_COPY_NODES = 10_000;

/** An edit that cannot be written safely (a copy too large, a path that is not there): no fix. */
class Unwritable extends Error {}

export class EditableFile {
  readonly lines: LineIndex;
  readonly eol: string;
  readonly indent: number;
  /** Sequences written at their key's column (`key:\n- item`) rather than indented. */
  readonly compactSequences: boolean;
  /** The documents of each part of the file `documentChunks` splits it into, parsed on demand. */
  private readonly docs = new Map<number, DocumentInfo[]>();
  private chunks: { start: number; end: number }[] | undefined;

  constructor(
    readonly fileId: string,
    readonly text: string,
  ) {
    this.lines = LineIndex.of(text);
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    const style = detectStyle(text);
    this.indent = style.indent;
    this.compactSequences = style.compactSequences;
  }

  /** The root mapping of `resource` in this file: a document's root or an item of a `…List`. */
  find(resource: Resource): Place | undefined {
    for (const info of this.documentsAt(resource.span.start)) {
      const root = this.rootOf(info);
      if (!root || root.kind !== 'map') continue;
      if (startOf(root.node!) === resource.span.start) return root;
      const items = this.at(root, 'items');
      if (items?.kind !== 'seq') continue;
      for (let i = 0; i < (items.node as YAMLSeq).items.length; i++) {
        const item = this.child(items, i);
        if (item?.kind === 'map' && placeStart(item) === resource.span.start) return item;
      }
    }
    return undefined;
  }

  /** The mapping that starts at `offset`, at any depth (a kustomization's generator entry, …). */
  mapAt(offset: number): Place | undefined {
    const p = this.placeAt(offset);
    return p?.kind === 'map' ? p : undefined;
  }

  /** The value written at `offset` (an alias there stands for its anchored node), at any depth. */
  placeAt(offset: number): Place | undefined {
    for (const info of this.documentsAt(offset)) {
      let place = this.rootOf(info);
      while (place) {
        if (placeStart(place) === offset) return place;
        const key = this.ownKeyAt(place, offset);
        if (key) return key;
        place = this.ownChildAround(place, offset);
      }
    }
    return undefined;
  }

  /** Navigates `spec.listeners[0].allowedRoutes`-style paths, as the object reads them. */
  at(place: Place, path: string): Place | undefined {
    let p: Place | undefined = place;
    for (const step of path.split('.').flatMap((s) => s.split(/\[(\d+)\]/).filter((x) => x !== ''))) {
      if (!p) return undefined;
      p = this.child(p, p.kind === 'seq' ? Number(step) : step);
    }
    return p;
  }

  /** Replaces a scalar's value, keeping its quotes. */
  replace(place: Place, value: string): TextEdit[] | undefined {
    return place.kind === 'scalar' ? this.plan([{ place, change: { op: 'scalar', value } }]) : undefined;
  }

  /** Replaces the scalar (value or key) written at `span` (a finding's did-you-mean), as `placeAt` finds it. */
  replaceAt(span: Span, value: string): TextEdit[] | undefined {
    const place = this.placeAt(span.start);
    // A block mapping starts where its first key does: the span names the key then.
    const key = place && this.ownKeyAt(place, span.start);
    return place ? this.replace(key ?? place, value) : undefined;
  }

  appendToSeq(place: Place, ...items: unknown[]): TextEdit[] | undefined {
    return place.kind === 'seq' ? this.plan([{ place, change: { op: 'append', items } }]) : undefined;
  }

  /**
   * Inserts `item` where a sorted block sequence would hold it: when the items are in ascending
   * order under one of `orders` (each a list of keys compared in turn), before the first item that
   * sorts after it; otherwise (or in a flow sequence) at the end.
   */
  insertSorted(
    place: Place,
    item: Record<string, unknown>,
    orders: readonly (readonly string[])[],
  ): TextEdit[] | undefined {
    const seq = place.node;
    if (place.kind !== 'seq' || !isSeq(seq)) return undefined;
    // Anywhere an alias or an anchor is involved, appending is what keeps other objects intact.
    const plain =
      chainOf(place).every((p) => !p.from || p.from.via === 'own') &&
      physicalChain(place).every((n) => !place.doc.aliases.has(n));
    if (!plain || seq.flow || seq.items.length < 2) return this.appendToSeq(place, item);
    const keyOf = (fields: readonly string[], get: (k: string) => unknown) =>
      fields.map((k) => {
        const v = get(k);
        return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
      });
    const compare = (a: string[], b: string[]) => {
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
      return 0;
    };
    const items = seq.items as YamlNode[];
    for (const fields of orders) {
      const keys = items.map((n) =>
        isMap(n)
          ? keyOf(fields, (k) => {
              const v = n.get(k, true);
              return isScalar(v) ? v.value : undefined;
            })
          : undefined,
      );
      if (keys.some((k) => k === undefined)) continue;
      const sorted = keys.every((k, i) => i === 0 || compare(keys[i - 1]!, k!) <= 0);
      if (!sorted) continue;
      const mine = keyOf(fields, (k) => item[k]);
      const before = keys.findIndex((k) => compare(mine, k!) < 0);
      if (before < 0) break;
      const itemStart = startOf(items[before]!);
      if (itemStart === undefined) break;
      const lineStart = this.lineStart(itemStart);
      const dash = this.text.slice(lineStart, itemStart).indexOf('-');
      if (dash < 0) break;
      const text = this.block({ kind: 'seq', items: [outOf(item)] }, dash) + this.eol;
      return [this.edit(lineStart, lineStart, text)];
    }
    return this.appendToSeq(place, item);
  }

  /** Adds entries after the last entry of a mapping. */
  addEntries(place: Place, entries: Record<string, unknown>): TextEdit[] | undefined {
    return place.kind === 'map' ? this.plan([{ place, change: { op: 'add', entries } }]) : undefined;
  }

  /**
   * Merges `object` into a mapping: missing keys are added in one insertion after the last entry,
   * nested mappings are merged recursively, arrays are appended to existing sequences, and
   * scalars in the way are replaced (keeping quotes).
   */
  merge(place: Place, object: Record<string, unknown>): TextEdit[] | undefined {
    if (place.kind !== 'map') return undefined;
    const changes: { place: Place; change: Change }[] = [];
    const walk = (map: Place, obj: Record<string, unknown>): void => {
      const missing: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(obj)) {
        const existing = this.child(map, key);
        const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
        if (!existing) missing[key] = value;
        else if (existing.kind === 'map' && isObject) walk(existing, value as Record<string, unknown>);
        else if (existing.kind === 'seq' && Array.isArray(value))
          changes.push({ place: existing, change: { op: 'append', items: value as unknown[] } });
        else if (existing.kind === 'scalar' && !isObject && !Array.isArray(value) && scalarValue(existing) !== null)
          changes.push({ place: existing, change: { op: 'scalar', value } });
        else changes.push({ place: map, change: { op: 'set', key, value } });
      }
      if (Object.keys(missing).length > 0) changes.push({ place: map, change: { op: 'add', entries: missing } });
    };
    walk(place, object);
    return this.plan(changes);
  }

  /** Appends a new YAML document at the end of the file. */
  appendDocument(object: unknown, comment?: string): TextEdit {
    const end = this.text.length;
    const needsBreak = end > 0 && !this.text.endsWith('\n');
    const body = `${needsBreak ? this.eol : ''}---${this.eol}${comment ? `# ${comment}${this.eol}` : ''}${this.block(outOf(object), 0)}${this.eol}`;
    return this.edit(end, end, end === 0 ? body.replace(/^---\r?\n/, '') : body);
  }

  /** Text for a new file with one document. */
  static newFile(object: unknown, comment: string | undefined, eol = '\n'): string {
    const file = new EditableFile('', '');
    const body = file.block(outOf(object), 0).split('\n').join(eol);
    return `${comment ? `# ${comment}${eol}` : ''}${body}${eol}`;
  }

  // --- navigation -------------------------------------------------------------------------

  /**
   * The documents of the part of the file holding `offset`, split as the analysis splits it (an
   * error stays in its document); a document with errors is never edited. Anchors and aliases
   * never cross documents, so one part is all an edit needs.
   */
  private documentsAt(offset: number): DocumentInfo[] {
    this.chunks ??= documentChunks(this.text);
    const chunk = this.chunks.find((c) => c.start <= offset && offset < c.end) ?? this.chunks[this.chunks.length - 1];
    if (!chunk) return [];
    let docs = this.docs.get(chunk.start);
    if (!docs) {
      docs = parseAllDocuments(this.text.slice(chunk.start, chunk.end), PARSE_OPTIONS)
        .filter((d) => d.errors.length === 0)
        .map((d) => documentInfo(d, chunk.start));
      this.docs.set(chunk.start, docs);
    }
    return docs;
  }

  private rootOf(info: DocumentInfo): Place | undefined {
    const node = info.doc.contents as YamlNode | null;
    return node ? { kind: kindOf(node), node, doc: info } : undefined;
  }

  /** The value of `key` (a mapping key or a sequence index) as the object reads it. */
  private child(place: Place, key: string | number): Place | undefined {
    const node = place.node;
    if (place.kind === 'seq' && typeof key === 'number') {
      const item = (node as YAMLSeq).items[key] as YamlNode | null | undefined;
      return item === undefined ? undefined : this.step(place, key, item, 'own');
    }
    if (place.kind !== 'map' || typeof key !== 'string') return undefined;
    const found = lookup(node as YAMLMap, key, place.doc);
    return found && this.step(place, key, found.value, found.merged ? 'merge' : 'own');
  }

  private step(parent: Place, key: string | number, value: YamlNode | null, via: Via): Place | undefined {
    if (isAlias(value)) {
      const target = parent.doc.targets.get(value);
      if (!target) return undefined;
      return {
        kind: kindOf(target),
        node: target,
        doc: parent.doc,
        from: { parent, key, via: via === 'merge' ? 'merge' : 'alias', alias: value },
      };
    }
    return { kind: kindOf(value), node: value, doc: parent.doc, from: { parent, key, via } };
  }

  /** A key written in `place`'s own text at `offset` (a misspelt key a finding renames). */
  private ownKeyAt(place: Place, offset: number): Place | undefined {
    if (place.kind !== 'map' || (place.from && place.from.via !== 'own')) return undefined;
    for (const pair of (place.node as YAMLMap).items as Pair<YamlNode | null, YamlNode | null>[])
      if (isScalar(pair.key) && typeof pair.key.value !== 'symbol' && pair.key.range?.[0] === offset)
        return {
          kind: 'scalar',
          node: pair.key,
          doc: place.doc,
          from: { parent: place, key: keyText(pair.key.value), via: 'own' },
        };
    return undefined;
  }

  /** The child written in `place`'s own text whose text holds `offset` (never through an alias). */
  private ownChildAround(place: Place, offset: number): Place | undefined {
    if (place.from?.via === 'alias' || place.from?.via === 'merge' || !place.node) return undefined;
    if (place.kind === 'seq') {
      const items = (place.node as YAMLSeq).items as (YamlNode | null)[];
      for (let i = 0; i < items.length; i++) if (holds(items[i], offset)) return this.step(place, i, items[i]!, 'own');
    } else if (place.kind === 'map') {
      for (const pair of (place.node as YAMLMap).items as Pair<YamlNode | null, YamlNode | null>[]) {
        if (!holds(pair.value, offset) || !isScalar(pair.key) || typeof pair.key.value === 'symbol') continue;
        const key = keyText(pair.key.value);
        // Only the value the mapping reads for the key (the last of duplicates) is its child.
        if (lookup(place.node as YAMLMap, key, place.doc)?.value !== pair.value) return undefined;
        return this.step(place, key, pair.value, 'own');
      }
    }
    return undefined;
  }

  // --- planning ---------------------------------------------------------------------------

  /**
   * The text edits for `changes`: each lands at the outermost alias or merged key on its path
   * (which is then replaced by an edited copy, one copy per alias for all the changes below it),
   * else on the node itself; aliases of anchored nodes that an edit changes are replaced by
   * copies first. Undefined when that cannot be done (a copy too large).
   */
  private plan(changes: { place: Place; change: Change }[]): TextEdit[] | undefined {
    try {
      const direct: { place: Place; change: Change }[] = [];
      const jumps = new Map<object, { jump: Place; below: { path: (string | number)[]; change: Change }[] }>();
      for (const c of changes) {
        const chain = chainOf(c.place);
        const i = chain.findIndex((p) => p.from && p.from.via !== 'own');
        if (i < 0) {
          direct.push(c);
          continue;
        }
        const jump = chain[i]!;
        const id = jump.from!.via === 'alias' ? jump.from!.alias! : jumpId(jump);
        const entry = jumps.get(id) ?? { jump, below: [] };
        entry.below.push({ path: chain.slice(i + 1).map((p) => p.from!.key), change: c.change });
        jumps.set(id, entry);
      }
      const spans: { start: number; end: number; text: string }[] = [];
      const written: YamlNode[] = [];
      for (const { place, change } of direct) {
        spans.push(this.directEdit(place, change));
        written.push(...physicalChain(place));
      }
      for (const { jump, below } of jumps.values()) {
        const copy = this.copy(jump.node);
        for (const b of below) applyChange(copy, b.path, b.change);
        spans.push(this.materialise(jump, copy));
        written.push(...physicalChain(jump.from!.parent));
      }
      spans.push(...this.copyOnWrite(written, spans));
      return dedupe(spans).map((s) => this.edit(s.start, s.end, s.text));
    } catch (error) {
      if (error instanceof Unwritable) return undefined;
      throw error;
    }
  }

  /** Copies of the anchored nodes among `written` in place of their aliases (outside edited text). */
  private copyOnWrite(written: YamlNode[], edits: { start: number; end: number }[]): Spanned[] {
    const out: Spanned[] = [];
    const seen = new Set<YamlNode>();
    for (const node of written) {
      if (seen.has(node) || !node.anchor) continue;
      seen.add(node);
      let copy: Out | undefined;
      for (const info of this.documentsAt(node.range![0])) {
        for (const alias of info.aliases.get(node) ?? []) {
          const [start, end] = alias.range!;
          if (edits.some((e) => e.start <= start && end <= e.end && e.start < e.end)) continue;
          out.push(this.replaceAlias(alias, (copy ??= this.copy(node))));
        }
      }
    }
    return out;
  }

  /** An edit written on the node itself (no alias or merged key on its path). */
  private directEdit(place: Place, change: Change): Spanned {
    const node = place.node;
    switch (change.op) {
      case 'scalar': {
        if (!isScalar(node)) throw new Unwritable();
        const [start, end] = node.range!;
        const old = this.text.slice(start, end);
        const quote = old.startsWith('"') ? '"' : old.startsWith("'") ? "'" : '';
        const v = change.value;
        // A string keeps the scalar's quotes; a number or boolean is written plain.
        const text =
          typeof v === 'string' && quote === "'"
            ? `'${v.replace(/'/g, "''")}'`
            : typeof v === 'string' && quote === '"'
              ? JSON.stringify(v)
              : token(v);
        return { start, end, text };
      }
      case 'append':
        return this.appendItems(node as YAMLSeq, change.items.map(outOf));
      case 'add':
        return this.appendEntries(
          node as YAMLMap,
          Object.entries(change.entries).map(([k, v]) => ({ key: k, token: token(k), value: outOf(v) })),
        );
      case 'set': {
        const found = lookup(node as YAMLMap, change.key, place.doc);
        // A merged key's value belongs to its source: the mapping gets its own key instead.
        if (!found || found.merged)
          return this.appendEntries(node as YAMLMap, [
            { key: change.key, token: token(change.key), value: outOf(change.value) },
          ]);
        return this.setValue(found.pair, outOf(change.value));
      }
    }
  }

  /** Replaces the alias or merged key `jump` with `copy` (its value with the changes applied). */
  private materialise(jump: Place, copy: Out): Spanned {
    const from = jump.from!;
    if (from.via === 'alias') return this.replaceAlias(from.alias!, copy);
    // A merged key becomes the mapping's own key, which wins over `<<`.
    const map = from.parent.node as YAMLMap;
    return this.appendEntries(map, [{ key: String(from.key), token: token(String(from.key)), value: copy }]);
  }

  private replaceAlias(alias: Alias, value: Out): Spanned {
    const [start, end] = alias.range!;
    const lineRest = this.text.slice(end, this.lineEnd(end));
    const inFlow = this.docOf(alias)?.inFlow.has(alias) ?? true;
    const collection = !inline(value);
    if (inFlow || !collection || lineRest.trim() !== '') return { start, end, text: flow(value) };
    const before = this.text.slice(this.lineStart(start), start);
    if (/^\s*(- +)+$/.test(before)) {
      // A sequence item: the copy starts after `- ` and continues at the alias's column.
      return { start, end, text: this.block(value, this.column(start)).trimStart() };
    }
    // A mapping value: the copy goes on the lines below the key.
    let keyStart = start;
    while (keyStart > 0 && (this.text[keyStart - 1] === ' ' || this.text[keyStart - 1] === '\t')) keyStart--;
    const keyColumn = this.keyColumnBefore(start);
    const column = keyColumn + (value.kind === 'seq' && this.compactSequences ? 0 : this.indent);
    return { start: keyStart, end, text: this.eol + this.block(value, column) };
  }

  private appendItems(seq: YAMLSeq, items: Out[]): Spanned {
    if (seq.flow || seq.items.length === 0) return this.flowInsert(seq, items.map(flow));
    const column = this.column(seq.range![0]);
    const at = this.lineEnd(this.contentEnd(seq.items[seq.items.length - 1] as YamlNode));
    return { start: at, end: at, text: this.eol + this.block({ kind: 'seq', items }, column) };
  }

  private appendEntries(map: YAMLMap, entries: { key: string; token: string; value: Out }[]): Spanned {
    if (map.flow || map.items.length === 0)
      return this.flowInsert(
        map,
        entries.map((e) => `${e.token}: ${flow(e.value)}`),
      );
    const first = map.items[0] as Pair<YamlNode, YamlNode | null>;
    const column = this.column(first.key.range![0]);
    const last = map.items[map.items.length - 1] as Pair<YamlNode, YamlNode | null>;
    const at = this.lineEnd(this.contentEnd(last.value ?? last.key));
    return { start: at, end: at, text: this.eol + this.block({ kind: 'map', entries }, column) };
  }

  /** Writes a new value for a mapping entry: under an empty key, or in place of the value. */
  private setValue(pair: Pair<YamlNode, YamlNode | null>, value: Out): Spanned {
    const keyStart = pair.key.range![0];
    const v = pair.value;
    const empty = !v || (isScalar(v) && v.value === null && v.range![0] === v.range![1]);
    if (!empty) {
      const [start] = v.range!;
      const end = this.contentEnd(v);
      return { start, end, text: flow(value) };
    }
    const at = this.lineEnd(pair.key.range![1]);
    const collection = !inline(value);
    if (!collection) return { start: at, end: at, text: ` ${flow(value)}` };
    const column = this.column(keyStart) + (value.kind === 'seq' && this.compactSequences ? 0 : this.indent);
    return { start: at, end: at, text: this.eol + this.block(value, column) };
  }

  /** Inserts entries before a flow collection's closing bracket (or into an empty one). */
  private flowInsert(node: YAMLSeq | YAMLMap, parts: string[]): Spanned {
    const close = this.contentEnd(node) - 1;
    let i = close;
    while (i > node.range![0] && /\s/.test(this.text[i - 1]!)) i--;
    const prev = this.text[i - 1];
    const sep = prev === '[' || prev === '{' ? '' : prev === ',' ? ' ' : ', ';
    return { start: close, end: close, text: `${sep}${parts.join(', ')}` };
  }

  private docOf(node: YamlNode): DocumentInfo | undefined {
    const at = node.range![0];
    return this.documentsAt(at).find((d) => d.doc.range[0] <= at && at <= d.doc.range[2]);
  }

  /** Copies what `node` reads as, for writing elsewhere. */
  private copy(node: YamlNode | null): Out {
    let budget = MAX_COPY_NODES;
    const info = node ? this.docOf(node) : undefined;
    const go = (n: YamlNode | null): Out => {
      if (--budget < 0) throw new Unwritable();
      if (isAlias(n)) return go(info?.targets.get(n) ?? null);
      if (isSeq(n)) return { kind: 'seq', items: (n.items as (YamlNode | null)[]).map(go), flow: Boolean(n.flow) };
      if (isMap(n)) {
        const entries: { key: string; token: string; value: Out }[] = [];
        for (const [key, found] of readMap(n, info!)) {
          const k = found.pair.key;
          entries.push({ key, token: isScalar(k) ? this.scalarToken(k) : token(key), value: go(found.value) });
        }
        return { kind: 'map', entries, flow: Boolean(n.flow) };
      }
      return { kind: 'scalar', token: isScalar(n) ? this.scalarToken(n) : 'null' };
    };
    return go(node);
  }

  /** A scalar's source text when it reads the same anywhere (one line, no tag), else a quoted copy. */
  private scalarToken(n: Scalar): string {
    const [start, end] = n.range!;
    const source = this.text.slice(start, end);
    const value = n.value;
    const plainSafe = n.type === 'PLAIN' && source !== '' && !/[,[\]{}\r\n]/.test(source);
    const quotedSafe = (n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE') && !/[\r\n]/.test(source);
    if (!n.tag && (plainSafe || quotedSafe)) return source;
    if (typeof value === 'string') return JSON.stringify(value);
    return plainText(value);
  }

  // --- rendering ----------------------------------------------------------------------------

  /** `value` as block YAML at `column` (every line padded, the first included). */
  private block(value: Out, column: number): string {
    const pad = ' '.repeat(column);
    if (value.kind === 'scalar') return pad + value.token;
    if (value.kind === 'seq') {
      if (value.items.length === 0) return `${pad}[]`;
      return value.items
        .map((item) => {
          if (inline(item)) return `${pad}- ${flow(item)}`;
          return `${pad}- ${this.block(item, column + 2).trimStart()}`;
        })
        .join(this.eol);
    }
    if (value.entries.length === 0) return `${pad}{}`;
    return value.entries
      .map(({ token: key, value: v }) => {
        if (inline(v)) return `${pad}${key}: ${flow(v)}`;
        const nested = column + (v.kind === 'seq' && this.compactSequences ? 0 : this.indent);
        return `${pad}${key}:${this.eol}${this.block(v, nested)}`;
      })
      .join(this.eol);
  }

  // --- text positions -----------------------------------------------------------------------

  private column(offset: number): number {
    return this.lines.position(offset).character;
  }

  /** The column of the key whose value starts at `offset` (the key is on the same line). */
  private keyColumnBefore(offset: number): number {
    const lineStart = this.lineStart(offset);
    const line = this.text.slice(lineStart, offset);
    const m = /^(\s*(?:- +)*)/.exec(line)!;
    return m[1]!.length;
  }

  /** Where a node's content ends: before trailing blank lines and comments of block collections. */
  private contentEnd(node: YamlNode): number {
    if (isMap(node) && !node.flow && node.items.length > 0) {
      const last = node.items[node.items.length - 1] as Pair<YamlNode, YamlNode | null>;
      return this.contentEnd(last.value && last.value.range ? last.value : last.key);
    }
    if (isSeq(node) && !node.flow && node.items.length > 0)
      return this.contentEnd(node.items[node.items.length - 1] as YamlNode);
    let end = node.range![1];
    while (end > node.range![0] && /\s/.test(this.text[end - 1]!)) end--;
    return end;
  }

  private lineStart(offset: number): number {
    let i = offset;
    while (i > 0 && this.text[i - 1] !== '\n' && this.text[i - 1] !== '\r') i--;
    return i;
  }

  /** The end of the line holding `offset`, before its line break (after any trailing comment). */
  private lineEnd(offset: number): number {
    let i = offset;
    while (i < this.text.length && this.text[i] !== '\n' && this.text[i] !== '\r') i++;
    return i;
  }

  private edit(start: number, end: number, newText: string): TextEdit {
    return { range: this.lines.range(start, end), newText };
  }
}

interface Spanned {
  start: number;
  end: number;
  text: string;
}

/** A document parsed from the part of the file at `offset`: its positions are moved to the file's. */
function documentInfo(doc: Document.Parsed, offset: number): DocumentInfo {
  const targets = new Map<Alias, YamlNode>();
  const aliases = new Map<YamlNode, Alias[]>();
  const current = new Map<string, YamlNode>();
  const inFlow = new Set<Alias>();
  const move = (r: [number, number, number]): [number, number, number] => [r[0] + offset, r[1] + offset, r[2] + offset];
  doc.range = move(doc.range);
  visit(doc, {
    Node: (_key, node, path) => {
      if (node.range) node.range = move(node.range);
      if (isAlias(node)) {
        const target = current.get(node.source);
        if (!target) return;
        if (path.some((p) => (isMap(p) || isSeq(p)) && Boolean(p.flow))) inFlow.add(node);
        targets.set(node, target);
        const list = aliases.get(target) ?? [];
        list.push(node);
        aliases.set(target, list);
        return;
      }
      if (node.anchor) current.set(node.anchor, node);
    },
  });
  return { doc, targets, aliases, inFlow };
}

function kindOf(node: YamlNode | null): Place['kind'] {
  return isMap(node) ? 'map' : isSeq(node) ? 'seq' : 'scalar';
}

function scalarValue(place: Place): unknown {
  return isScalar(place.node) ? place.node.value : null;
}

function holds(node: YamlNode | null | undefined, offset: number): boolean {
  return Boolean(node?.range && node.range[0] <= offset && offset <= node.range[1]);
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol';
}

/**
 * A mapping's entries as Kubernetes reads them: its own keys (the last of duplicates) win, merge
 * keys fill in the rest (the first source with a key wins; a merged mapping reads its own merges).
 */
function readMap(
  map: YAMLMap,
  info: DocumentInfo,
  seen = new Set<YAMLMap>(),
): Map<string, { pair: Pair<YamlNode, YamlNode | null>; value: YamlNode | null; merged: boolean }> {
  const out = new Map<string, { pair: Pair<YamlNode, YamlNode | null>; value: YamlNode | null; merged: boolean }>();
  if (seen.has(map)) return out;
  seen.add(map);
  const merges: YamlNode[] = [];
  for (const pair of map.items as Pair<YamlNode, YamlNode | null>[]) {
    if (isMergeKey(pair.key)) {
      if (pair.value) merges.push(pair.value);
      continue;
    }
    if (pair.key !== null && !isScalar(pair.key)) continue;
    out.set(keyText(pair.key?.value), { pair, value: pair.value, merged: false });
  }
  for (const source of merges) {
    const resolved = isAlias(source) ? info.targets.get(source) : source;
    const sources = isSeq(resolved)
      ? (resolved.items as YamlNode[]).map((s) => (isAlias(s) ? info.targets.get(s) : s))
      : [resolved];
    for (const s of sources) {
      if (!isMap(s)) continue;
      for (const [key, found] of readMap(s, info, seen))
        if (!out.has(key)) out.set(key, { pair: found.pair, value: found.value, merged: true });
    }
  }
  return out;
}

/** The value a mapping reads for `key`, and whether a merge key supplies it. */
function lookup(
  map: YAMLMap,
  key: string,
  info: DocumentInfo,
): { pair: Pair<YamlNode, YamlNode | null>; value: YamlNode | null; merged: boolean } | undefined {
  // The own keys first: most lookups end there without reading merges.
  let own: Pair<YamlNode, YamlNode | null> | undefined;
  let merges = false;
  for (const pair of map.items as Pair<YamlNode, YamlNode | null>[]) {
    if (isMergeKey(pair.key)) merges = true;
    else if (isScalar(pair.key) && keyText(pair.key.value) === key) own = pair;
  }
  if (own) return { pair: own, value: own.value, merged: false };
  return merges ? readMap(map, info).get(key) : undefined;
}

/** The places from the document root down to `place`. */
function chainOf(place: Place): Place[] {
  const chain: Place[] = [];
  for (let p: Place | undefined = place; p; p = p.from?.parent) chain.push(p);
  return chain.reverse();
}

/** The nodes an edit at `place` physically changes: the node and its ancestors in the text. */
function physicalChain(place: Place): YamlNode[] {
  return chainOf(place).flatMap((p) => (p.node ? [p.node] : []));
}

/** One key per merged key of one mapping (several changes below it make one explicit key). */
const mergeIds = new WeakMap<YamlNode, Map<string, object>>();
function jumpId(jump: Place): object {
  const parent = jump.from!.parent.node!;
  const byKey = mergeIds.get(parent) ?? new Map<string, object>();
  mergeIds.set(parent, byKey);
  const key = String(jump.from!.key);
  let id = byKey.get(key);
  if (!id) byKey.set(key, (id = {}));
  return id;
}

/** Where a place's value starts as the analysis' tree has it (an alias: at the alias). */
function placeStart(place: Place): number | undefined {
  if (place.from?.alias) return place.from.alias.range![0];
  return place.node ? startOf(place.node) : undefined;
}

/** A node's start as the analysis' tree has it: a block mapping starts at its first own key. */
function startOf(node: YamlNode): number | undefined {
  if (isMap(node) && !node.flow) {
    const own = (node.items as Pair<YamlNode, YamlNode | null>[]).find((p) => !isMergeKey(p.key) && p.key?.range);
    if (own) return own.key.range![0];
  }
  return node.range?.[0];
}

function applyChange(out: Out, path: (string | number)[], change: Change): void {
  let target: Out | undefined = out;
  for (const step of path) {
    if (target?.kind === 'seq' && typeof step === 'number') target = target.items[step];
    else if (target?.kind === 'map') target = target.entries.find((e) => e.key === step)?.value;
    else target = undefined;
  }
  if (!target) throw new Unwritable();
  switch (change.op) {
    case 'append':
      if (target.kind === 'seq') target.items.push(...change.items.map(outOf));
      return;
    case 'add':
    case 'set': {
      if (target.kind !== 'map') return;
      const add = change.op === 'add' ? change.entries : { [change.key]: change.value };
      for (const [key, value] of Object.entries(add)) {
        const existing = target.entries.find((e) => e.key === key);
        if (existing) existing.value = outOf(value);
        else target.entries.push({ key, token: token(key), value: outOf(value) });
      }
      return;
    }
    case 'scalar':
      if (target.kind === 'scalar') {
        const quote = target.token.startsWith("'") || target.token.startsWith('"');
        const v = change.value;
        Object.assign(target, { token: quote && typeof v === 'string' ? JSON.stringify(v) : token(v) });
      }
      return;
  }
}

/** A new value to render. */
function outOf(value: unknown): Out {
  if (Array.isArray(value)) return { kind: 'seq', items: value.map(outOf) };
  if (typeof value === 'object' && value !== null)
    return {
      kind: 'map',
      entries: Object.entries(value).map(([key, v]) => ({ key, token: token(key), value: outOf(v) })),
    };
  return { kind: 'scalar', token: token(value) };
}

/**
 * A scalar as one token that reads as `value` in block and flow context alike, to YAML 1.2 and to
 * YAML 1.1 readers (Kubernetes' decoder takes `yes`, `on`, `0755` and `1:30` for booleans and
 * numbers): plain when that is unambiguous, double-quoted otherwise.
 */
function token(value: unknown): string {
  if (typeof value !== 'string') return plainText(value);
  const text = stringify(value, { version: '1.1', lineWidth: 0 }).trimEnd();
  return text === value && !/[,[\]{}#\r\n]/.test(value) && stringify(value).trimEnd() === value
    ? value
    : JSON.stringify(value);
}

/** A number or boolean as YAML writes it; anything else is null. */
function plainText(value: unknown): string {
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' ? String(value) : 'null';
}

function flow(value: Out): string {
  if (value.kind === 'scalar') return value.token;
  if (value.kind === 'seq') return `[${value.items.map(flow).join(', ')}]`;
  return `{${value.entries.map((e) => `${e.token}: ${flow(e.value)}`).join(', ')}}`;
}

/** Written on its key's or item's line: a scalar, an empty collection, or a copy of a flow collection. */
function inline(value: Out): boolean {
  if (value.kind === 'scalar') return true;
  return value.flow === true || (value.kind === 'seq' ? value.items.length === 0 : value.entries.length === 0);
}

/** Drops repeated edits (two changes under one anchored node copy its aliases once). */
function dedupe(spans: Spanned[]): Spanned[] {
  const seen = new Set<string>();
  return spans.filter((s) => {
    const key = `${s.start}:${s.end}:${s.text}`;
    return !seen.has(key) && seen.add(key);
  });
}

/** The file's indentation unit and sequence style, read from its first nested lines. */
function detectStyle(text: string): { indent: number; compactSequences: boolean } {
  const lines = text.split(/\r?\n/);
  let indent: number | undefined;
  let compact: boolean | undefined;
  for (let i = 0; i + 1 < lines.length && (indent === undefined || compact === undefined); i++) {
    const line = lines[i]!;
    const m = /^(\s*)(- )?[^\s#-][^:#]*:\s*(#.*)?$/.exec(line);
    if (!m) continue;
    const keyColumn = m[1]!.length + (m[2] ? 2 : 0);
    let j = i + 1;
    while (j < lines.length && (lines[j]!.trim() === '' || lines[j]!.trim().startsWith('#'))) j++;
    const next = lines[j];
    if (next === undefined) continue;
    const nextColumn = next.length - next.trimStart().length;
    if (next.trimStart().startsWith('- ')) {
      compact ??= nextColumn === keyColumn;
      if (nextColumn > keyColumn) indent ??= nextColumn - keyColumn;
    } else if (nextColumn > keyColumn) indent ??= nextColumn - keyColumn;
  }
  return { indent: indent && indent <= 8 ? indent : 2, compactSequences: compact ?? false };
}
