// Text → YAML documents as `YNode` trees, using the `yaml` package (the full parser). Never
// throws: syntax errors, alias bombs and absurd nesting become problems of the document, and a
// document with problems has no root, so nothing is analysed from half-understood text.

import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, Scalar } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { ParsedDocument, ParseProblem, ScalarStyle, Span, YEntry, YNode, YScalar } from './tree.js';
import { emptyScalar, keyText } from './tree.js';

/** Bounds that keep hostile input cheap: expanding aliases may create this many nodes per document. */
const MAX_ALIAS_NODES = 10_000;
/** Kubernetes manifests are rarely deeper than 20 levels; anything past this is not a manifest. */
export const MAX_DEPTH = 200;

/** The documents of `text`; spans are offsets into `text` plus `offset` (where it starts in a file). */
export function parseDocuments(text: string, offset = 0): ParsedDocument[] {
  const result: ParsedDocument[] = [];
  for (const chunk of documentChunks(text)) {
    const deep = flowNestingBeyondLimit(text, chunk.start, chunk.end);
    if (deep !== undefined) {
      result.push({
        root: null,
        problems: [{ message: depthMessage(), span: { start: offset + deep, end: offset + deep } }],
      });
      continue;
    }
    result.push(...parseChunk(text.slice(chunk.start, chunk.end), offset + chunk.start));
  }
  return result;
}

/**
 * Splits the text where documents start (`---` at the start of a line). A marker ends any
 * scalar in YAML, so parsing documents one by one keeps an error (an unterminated quote) inside
 * its own document, as the spec's c-forbidden rule intends. Leading comments and directives stay
 * with the first document.
 */
function documentChunks(text: string): { start: number; end: number }[] {
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

function parseChunk(chunk: string, offset: number): ParsedDocument[] {
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(chunk, { merge: true, prettyErrors: false }) as Document.Parsed[];
  } catch (error) {
    // The parser recurses on nesting; a stack overflow on pathological input lands here.
    const message =
      error instanceof RangeError
        ? depthMessage()
        : `YAML could not be parsed: ${error instanceof Error ? error.message : String(error)}`;
    return [{ root: null, problems: [{ message, span: { start: offset, end: offset } }] }];
  }
  const result: ParsedDocument[] = [];
  for (const doc of docs) {
    const problems: ParseProblem[] = doc.errors.map((e) => {
      // An error found only at the end of the document (an unterminated quote) is shown on its last line.
      const at = e.pos[0] >= chunk.trimEnd().length ? lastLineEnd(chunk) : e.pos[0];
      return { message: firstLine(e.message), span: { start: offset + at, end: offset + Math.max(e.pos[1], at) } };
    });
    if (problems.length > 0) {
      result.push({ root: null, problems });
      continue;
    }
    try {
      const root = doc.contents ? new Converter(doc, offset).node(doc.contents, 0, false) : null;
      result.push({ root: root && isEmptyNull(root) ? null : root, problems });
    } catch (error) {
      if (error instanceof LimitError)
        result.push({ root: null, problems: [{ message: error.message, span: error.span }] });
      else if (error instanceof RangeError)
        result.push({ root: null, problems: [{ message: depthMessage(), span: { start: offset, end: offset } }] });
      else throw error;
    }
  }
  return result;
}

class LimitError extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

class Converter {
  private aliasNodes = 0;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly offset: number,
  ) {}

  private span(n: YamlNode | { range?: [number, number, number] | null }): Span {
    const r = (n as { range?: [number, number, number] | null }).range;
    return r ? { start: this.offset + r[0], end: this.offset + r[1] } : { start: this.offset, end: this.offset };
  }

  node(n: YamlNode, depth: number, viaAlias: boolean): YNode {
    if (depth > MAX_DEPTH) throw new LimitError(depthMessage(), this.span(n));
    if (viaAlias && ++this.aliasNodes > MAX_ALIAS_NODES) {
      throw new LimitError(
        `Aliases expand to more than ${MAX_ALIAS_NODES} nodes (an alias bomb?); the document is not analysed.`,
        this.span(n),
      );
    }
    if (isAlias(n)) {
      const target = n.resolve(this.doc);
      if (!target) return { kind: 'scalar', value: null, style: 'plain', span: this.span(n) };
      // The expansion keeps the anchor's positions inside, but as a whole it sits where the alias is.
      return { ...this.node(target, depth + 1, true), span: this.span(n) };
    }
    if (isScalar(n)) return this.scalar(n);
    if (isMap(n)) {
      const entries: YEntry[] = [];
      const own: YEntry[] = [];
      for (const pair of n.items) {
        const key = pair.key;
        if (isScalar(key) && typeof key.value === 'symbol') {
          this.merge(entries, pair.value as YamlNode | null, depth);
          continue;
        }
        if (key !== null && !isScalar(key)) continue; // complex keys never occur in manifests
        const keySpan = key ? this.span(key) : { start: this.span(n).start, end: this.span(n).start };
        const value = pair.value ? this.node(pair.value as YamlNode, depth + 1, viaAlias) : emptyScalar(keySpan.end);
        const e: YEntry = {
          key: key ? keyText(key.value) : '',
          keySpan,
          value: isEmptyNull(value) ? emptyScalar(keySpan.end) : value,
        };
        own.push(e);
        const existing = entries.findIndex((x) => x.key === e.key);
        if (existing >= 0) entries[existing] = e;
        else entries.push(e);
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
        item === null ? emptyScalar(this.span(n).start) : this.node(item as YamlNode, depth + 1, viaAlias),
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
  private merge(entries: YEntry[], source: YamlNode | null, depth: number): void {
    if (!source) return;
    const node = this.node(source, depth + 1, true);
    const maps = node.kind === 'seq' ? node.items : [node];
    for (const m of maps) {
      if (m.kind !== 'map') continue;
      for (const e of m.entries) if (!entries.some((x) => x.key === e.key)) entries.push(e);
    }
  }
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
