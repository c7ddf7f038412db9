// Text → YAML documents as `YNode` trees, using the `yaml` package (the full parser). Never
// throws: syntax errors, alias bombs and absurd nesting become problems of the document, and a
// document with problems has no root, so nothing is analysed from half-understood text.
//
// Cost is linear in the text: aliases are resolved through one map of anchors built per
// document, each anchored node is converted once and copied for each alias with every position
// at the alias (the budget counts the nodes an expansion stands for, so an alias bomb is refused
// before it is built or copied), merge keys
// and duplicate keys are looked up in maps, and the `yaml` package's own duplicate-key check
// (a scan of the mapping per key) is replaced by ours.

import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, Scalar, visit } from 'yaml';
import type { Alias, Document, Node as YamlNode } from 'yaml';
import type { ParsedDocument, ParseProblem, ScalarStyle, Span, YEntry, YNode, YScalar } from './tree.js';
import { emptyScalar, keyText } from './tree.js';
import type { Replacement } from './lenient.js';
import { repairForKubernetes } from './lenient.js';

/** Bounds that keep hostile input cheap: expanding aliases may create this many nodes per document. */
const MAX_ALIAS_NODES = 10_000;
/** Kubernetes manifests are rarely deeper than 20 levels; anything past this is not a manifest. */
export const MAX_DEPTH = 200;

/** The documents of `text`; spans are offsets into `text` plus `offset` (where it starts in a file). */
export function parseDocuments(text: string, offset = 0): ParsedDocument[] {
  return [...documentStream(text, offset)];
}

/** parseDocuments' documents one by one (a large file's trees need not all be in memory at once). */
export function* documentStream(text: string, offset = 0): Generator<ParsedDocument, void, undefined> {
  for (const chunk of documentChunks(text)) {
    const deep = flowNestingBeyondLimit(text, chunk.start, chunk.end);
    if (deep !== undefined) {
      yield { root: null, problems: [{ message: depthMessage(), span: { start: offset + deep, end: offset + deep } }] };
      continue;
    }
    yield* parseChunk(text.slice(chunk.start, chunk.end), offset + chunk.start);
  }
}

/**
 * Splits the text where documents start (`---` at the start of a line). A marker ends any
 * scalar in YAML, so parsing documents one by one keeps an error (an unterminated quote) inside
 * its own document, as the spec's c-forbidden rule intends. Leading comments and directives stay
 * with the first document.
 */
export function documentChunks(text: string): { start: number; end: number }[] {
  const chunks: { start: number; end: number }[] = [];
  let start = 0;
  let content = false;
  const marker = /^(---)(?=[ \t\r\n]|$)|^[^\r\n]*/gm;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    if (m[1] !== undefined) {
      if (content) {
        chunks.push({ start, end: m.index });
        start = m.index;
      }
      content = true;
    } else if (!/^\s*(#|%|$)/.test(m[0])) content = true;
    if (m[0].length === 0) marker.lastIndex++;
  }
  chunks.push({ start, end: text.length });
  return chunks;
}

/** Offset where flow collections nest deeper than MAX_DEPTH, found without recursing (the parser would). */
export function flowNestingBeyondLimit(text: string, start: number, end: number): number | undefined {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === 93 || c === 125) depth = Math.max(0, depth - 1);
    else if (c === 34 || c === 39) {
      // skip a quoted scalar: "…" with \ escapes, '…' with '' escapes
      for (i++; i < end; i++) {
        const d = text.charCodeAt(i);
        if (c === 34 && d === 92) i++;
        else if (d === c && !(c === 39 && text.charCodeAt(i + 1) === 39)) break;
        else if (c === 39 && d === 39) i++;
      }
    } else if (c === 35 && (i === start || /\s/.test(text[i - 1]!))) {
      while (i < end && text.charCodeAt(i) !== 10) i++;
    }
  }
  return undefined;
}

function depthMessage(): string {
  return `YAML nesting is deeper than ${MAX_DEPTH} levels; the document is not analysed.`;
}

/** `uniqueKeys: false`: the package's check costs a scan of the mapping per key; the converter checks instead. */
const PARSE_OPTIONS = { merge: true, prettyErrors: false, uniqueKeys: false } as const;

function parseChunk(chunk: string, offset: number): ParsedDocument[] {
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(chunk, PARSE_OPTIONS) as Document.Parsed[];
  } catch (error) {
    return [{ root: null, problems: [{ message: parserFailure(error), span: { start: offset, end: offset } }] }];
  }
  if (docs.length === 1 && docs[0]!.errors.length > 0) {
    // Kubernetes' decoder reads some YAML that YAML 1.2 rejects; such a document is read as it does.
    const repaired = repairForKubernetes(chunk, docs[0]!.errors, PARSE_OPTIONS);
    if (repaired) {
      const doc = convertDocument(repaired.doc, chunk, offset, repaired.replacements);
      if (doc.problems.length === 0) {
        const warnings = repaired.warnings.map((w) => ({ message: w.message, span: shift(chunk, w.span, offset) }));
        doc.warnings = [...warnings, ...(doc.warnings ?? [])];
        return [doc];
      }
    }
  }
  const result: ParsedDocument[] = [];
  for (const doc of docs) {
    const problems: ParseProblem[] = doc.errors.map((e) => {
      // An error found only at the end of the document (an unterminated quote) is shown on its last line.
      const at = e.pos[0] >= chunk.trimEnd().length ? lastLineEnd(chunk) : e.pos[0];
      return { message: firstLine(e.message), span: shift(chunk, { start: at, end: Math.max(e.pos[1], at) }, offset) };
    });
    result.push(problems.length > 0 ? { root: null, problems } : convertDocument(doc, chunk, offset, undefined));
  }
  return result;
}

function parserFailure(error: unknown): string {
  // The parser recurses on nesting; a stack overflow on pathological input lands here.
  return error instanceof RangeError
    ? depthMessage()
    : `YAML could not be parsed: ${error instanceof Error ? error.message : String(error)}`;
}

/** A document without syntax errors as a tree, or its one problem (a limit, an unknown alias). */
function convertDocument(
  doc: Document.Parsed,
  chunk: string,
  offset: number,
  replacements: ReadonlyMap<number, Replacement> | undefined,
): ParsedDocument {
  const converter = new Converter(doc, chunk, offset, replacements);
  try {
    const root = doc.contents ? converter.node(doc.contents, 0) : null;
    const parsed: ParsedDocument = { root: root && isEmptyNull(root) ? null : root, problems: [] };
    if (converter.warnings.length > 0) parsed.warnings = converter.warnings;
    return parsed;
  } catch (error) {
    if (error instanceof DocumentError) return { root: null, problems: [{ message: error.message, span: error.span }] };
    if (error instanceof RangeError)
      return { root: null, problems: [{ message: depthMessage(), span: { start: offset, end: offset } }] };
    throw error;
  }
}

/**
 * `span` (offsets into `chunk`) shifted into the file. An end between `\r` and `\n` (the `yaml`
 * package's positions can fall there) moves before the `\r`: a range never splits a line break.
 */
function shift(chunk: string, span: Span, offset: number): Span {
  const fix = (at: number): number =>
    at > 0 && chunk.charCodeAt(at - 1) === 13 && chunk.charCodeAt(at) === 10 ? at - 1 : at;
  const start = fix(span.start);
  return { start: offset + start, end: offset + Math.max(start, fix(span.end)) };
}

/** A problem that makes the whole document unusable. */
class DocumentError extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

/** An anchored node converted once: its tree, how many nodes it stands for, and how deep it goes. */
interface Expansion {
  node: YNode;
  size: number;
  height: number;
}

/** Marks an anchored node whose conversion is under way: an alias reaching it refers to itself. */
const CONVERTING = 'converting';

class Converter {
  /** Nodes created by converting, each alias counting the nodes its expansion stands for. */
  private created = 0;
  /** Of those, the ones aliases and merge keys stand for (the alias bomb budget). */
  private expanded = 0;
  /** The deepest level reached so far, an alias reaching as deep as its expansion goes. */
  private deepest = 0;
  /** Each alias's node: the last node before it with its anchor (as `Alias.resolve` finds it). */
  private readonly targets = new Map<Alias, YamlNode>();
  private readonly anchored = new Map<YamlNode, Expansion | typeof CONVERTING>();
  readonly warnings: ParseProblem[] = [];

  /** Where the positions of the document being converted start in the chunk (a repair's node has its own). */
  private base = 0;

  constructor(
    doc: Document.Parsed,
    private readonly chunk: string,
    private readonly offset: number,
    /** What to read in place of the placeholder scalars a repair for Kubernetes left, by offset. */
    private readonly replacements: ReadonlyMap<number, Replacement> | undefined,
  ) {
    // One walk in document order resolves every alias: `Alias.resolve` would walk the whole
    // document for each alias. A repaired node's aliases and anchors sit where its placeholder is.
    const current = new Map<string, YamlNode>();
    const walk = (d: Document.Parsed): void =>
      visit(d, {
        Node: (_key, node) => {
          if (isAlias(node)) {
            const target = current.get(node.source);
            if (target) this.targets.set(node, target);
            return;
          }
          if (node.anchor) current.set(node.anchor, node);
          const replacement = isScalar(node) ? this.replacements?.get(node.range?.[0] ?? -1) : undefined;
          if (replacement) walk(replacement.doc);
        },
      });
    walk(doc);
  }

  private span(n: YamlNode | { range?: [number, number, number] | null }): Span {
    const r = (n as { range?: [number, number, number] | null }).range;
    if (!r) return { start: this.offset + this.base, end: this.offset + this.base };
    return shift(this.chunk, { start: this.base + r[0], end: this.base + r[1] }, this.offset);
  }

  node(n: YamlNode, depth: number): YNode {
    if (depth > MAX_DEPTH) throw new DocumentError(depthMessage(), this.span(n));
    if (isAlias(n)) {
      const target = this.targets.get(n);
      if (!target)
        throw new DocumentError(
          `Unknown alias \`*${n.source}\`: no anchor \`&${n.source}\` comes before it.`,
          this.span(n),
        );
      const expansion = this.expansion(target, depth + 1, n);
      this.reach(depth + 1 + expansion.height, n);
      this.count(expansion.size, n);
      // What an alias stands for is part of the object where the alias is written: every position
      // inside points at the alias, never at the anchored text (which may be another object's).
      return relocate(expansion.node, this.span(n));
    }
    return n.anchor ? this.expansion(n, depth, n).node : this.convert(n, depth);
  }

  /** The anchored node `n` converted (once; its aliases share the tree). */
  private expansion(n: YamlNode, depth: number, from: YamlNode): Expansion {
    const known = this.anchored.get(n);
    if (known === CONVERTING)
      throw new DocumentError(
        'An alias refers to the node it is part of; the document is not analysed.',
        this.span(from),
      );
    if (known) return known;
    this.anchored.set(n, CONVERTING);
    const created = this.created;
    const deepest = this.deepest;
    this.deepest = depth;
    const node = this.convert(n, depth);
    const expansion = { node, size: this.created - created, height: this.deepest - depth };
    this.deepest = Math.max(deepest, this.deepest);
    this.anchored.set(n, expansion);
    return expansion;
  }

  private reach(depth: number, at: YamlNode): void {
    if (depth > MAX_DEPTH) throw new DocumentError(depthMessage(), this.span(at));
    if (depth > this.deepest) this.deepest = depth;
  }

  /** Counts nodes an alias or merge key stands for against the budget. */
  private count(size: number, at: YamlNode): void {
    this.created += size;
    this.expanded += size;
    if (this.expanded > MAX_ALIAS_NODES) {
      throw new DocumentError(
        `Aliases expand to more than ${MAX_ALIAS_NODES} nodes (an alias bomb?); the document is not analysed.`,
        this.span(at),
      );
    }
  }

  private convert(n: YamlNode, depth: number): YNode {
    const replacement = isScalar(n) ? this.replacements?.get(n.range?.[0] ?? -1) : undefined;
    if (replacement?.doc.contents) {
      const base = this.base;
      this.base = replacement.start;
      try {
        return this.convert(replacement.doc.contents, depth);
      } finally {
        this.base = base;
      }
    }
    this.created++;
    if (depth > this.deepest) this.deepest = depth;
    if (isScalar(n)) return this.scalar(n);
    if (isMap(n)) {
      const entries: YEntry[] = [];
      const own: YEntry[] = [];
      // Where each key sits in `entries`; keys taken from merge keys may be overridden, others are duplicates.
      const at = new Map<string, number>();
      const merged = new Set<string>();
      for (const pair of n.items) {
        const key = pair.key as YamlNode | null;
        if (isScalar(key) && typeof key.value === 'symbol') {
          if (pair.value) this.merge(entries, at, merged, pair.value as YamlNode, depth);
          continue;
        }
        if (key !== null && !isScalar(key)) continue; // complex keys never occur in manifests
        const keySpan = key ? this.span(key) : { start: this.span(n).start, end: this.span(n).start };
        const value = pair.value ? this.node(pair.value as YamlNode, depth + 1) : emptyScalar(keySpan.end);
        const e: YEntry = {
          key: key ? keyText(key.value) : '',
          keySpan,
          value: isEmptyNull(value) ? emptyScalar(keySpan.end) : value,
        };
        own.push(e);
        const existing = at.get(e.key);
        if (existing === undefined) {
          at.set(e.key, entries.length);
          entries.push(e);
          continue;
        }
        if (merged.has(e.key)) merged.delete(e.key);
        else this.warnings.push({ message: duplicateMessage(e.key), span: keySpan });
        entries[existing] = e;
      }
      const flow = Boolean(n.flow);
      const span =
        !flow && own.length > 0
          ? { start: own[0]!.keySpan.start, end: own[own.length - 1]!.value.span.end }
          : this.span(n);
      return { kind: 'map', entries, flow, span };
    }
    if (isSeq(n)) {
      const items = n.items.map((item) =>
        item === null ? emptyScalar(this.span(n).start) : this.node(item as YamlNode, depth + 1),
      );
      const flow = Boolean(n.flow);
      const range = this.span(n);
      const span = !flow && items.length > 0 ? { start: range.start, end: items[items.length - 1]!.span.end } : range;
      return { kind: 'seq', items, flow, span };
    }
    return { kind: 'scalar', value: null, style: 'plain', span: this.span(n) };
  }

  private scalar(n: Scalar): YScalar {
    const v = n.value;
    const value =
      v === null || v === undefined
        ? null
        : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
          ? v
          : typeof v === 'bigint'
            ? Number(v)
            : JSON.stringify(v);
    return { kind: 'scalar', value, style: styleOf(n.type), span: this.span(n) };
  }

  /** YAML 1.1 merge keys (`<<: *base`), as Kubernetes' YAML decoder applies them: explicit keys win. */
  private merge(
    entries: YEntry[],
    at: Map<string, number>,
    merged: Set<string>,
    source: YamlNode,
    depth: number,
  ): void {
    // Copying costs at most the merged node's size, which its alias counted (or its text bounds).
    const node = this.node(source, depth + 1);
    for (const m of node.kind === 'seq' ? node.items : [node]) {
      if (m.kind !== 'map') continue;
      for (const e of m.entries) {
        if (at.has(e.key)) continue;
        at.set(e.key, entries.length);
        entries.push(e);
        merged.add(e.key);
      }
    }
  }
}

/** A copy of `node` with every position at `span` (an alias's expansion, placed where the alias is). */
function relocate(node: YNode, span: Span): YNode {
  if (node.kind === 'scalar') return { ...node, span };
  if (node.kind === 'seq') return { ...node, items: node.items.map((i) => relocate(i, span)), span };
  return {
    ...node,
    entries: node.entries.map((e) => ({ key: e.key, keySpan: span, value: relocate(e.value, span) })),
    span,
  };
}

function duplicateMessage(key: string): string {
  return `\`${key}\` appears twice in this mapping: Kubernetes keeps the last value, stricter YAML tools (kustomize among them) reject the file. Remove one.`;
}

function styleOf(type: Scalar.Type | undefined): ScalarStyle {
  switch (type) {
    case Scalar.QUOTE_SINGLE:
      return 'single';
    case Scalar.QUOTE_DOUBLE:
      return 'double';
    case Scalar.BLOCK_FOLDED:
    case Scalar.BLOCK_LITERAL:
      return 'block';
    default:
      return 'plain';
  }
}

function isEmptyNull(node: YNode): boolean {
  return node.kind === 'scalar' && node.value === null && node.style === 'plain' && node.span.start === node.span.end;
}

/** End of the last line with content, before a trailing `---` or blank lines. */
function lastLineEnd(chunk: string): number {
  return chunk.replace(/(\r?\n)*(---[^\n]*)?\s*$/, '').length;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}
