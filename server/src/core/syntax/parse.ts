// Text → YAML documents as `YNode` trees, using the `yaml` package (the full parser). Never
// throws: syntax errors, alias bombs and absurd nesting become problems of the document, and a
// document with problems has no root, so nothing is analysed from half-understood text.

import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, Scalar } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { ParsedDocument, ParseProblem, ScalarStyle, Span, YEntry, YNode, YScalar } from './tree.js';

/** Bounds that keep hostile input cheap: expanding aliases may create this many nodes per document. */
export const MAX_ALIAS_NODES = 10_000;
/** Kubernetes manifests are rarely deeper than 20 levels; anything past this is not a manifest. */
export const MAX_DEPTH = 200;

export function parseDocuments(text: string): ParsedDocument[] {
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { merge: true, prettyErrors: false }) as Document.Parsed[];
  } catch (error) {
    // The parser recurses on nesting; a stack overflow on pathological input lands here.
    return [{ root: null, problems: [{ message: `YAML could not be parsed: ${describe(error)}`, span: { start: 0, end: 0 } }] }];
  }
  const result: ParsedDocument[] = [];
  for (const doc of docs) {
    const problems: ParseProblem[] = doc.errors.map((e) => ({ message: firstLine(e.message), span: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0]) } }));
    if (problems.length > 0) {
      result.push({ root: null, problems });
      continue;
    }
    try {
      const root = doc.contents ? new Converter(doc).node(doc.contents, 0, false) : null;
      result.push({ root: root && isEmptyNull(root) ? null : root, problems });
    } catch (error) {
      if (!(error instanceof LimitError)) throw error;
      result.push({ root: null, problems: [{ message: error.message, span: error.span }] });
    }
  }
  return result;
}

class LimitError extends Error {
  constructor(message: string, readonly span: Span) {
    super(message);
  }
}

class Converter {
  private aliasNodes = 0;

  constructor(private readonly doc: Document.Parsed) {}

  node(n: YamlNode, depth: number, viaAlias: boolean): YNode {
    if (depth > MAX_DEPTH) throw new LimitError(`YAML nesting is deeper than ${MAX_DEPTH} levels; the document is not analysed.`, rangeSpan(n));
    if (viaAlias && ++this.aliasNodes > MAX_ALIAS_NODES) {
      throw new LimitError(`Aliases expand to more than ${MAX_ALIAS_NODES} nodes (an alias bomb?); the document is not analysed.`, rangeSpan(n));
    }
    if (isAlias(n)) {
      const target = n.resolve(this.doc);
      if (!target) return { kind: 'scalar', value: null, style: 'plain', span: rangeSpan(n) };
      return this.node(target, depth + 1, true);
    }
    if (isScalar(n)) return scalar(n);
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
        const keySpan = key ? rangeSpan(key) : { start: rangeSpan(n).start, end: rangeSpan(n).start };
        const value = pair.value ? this.node(pair.value as YamlNode, depth + 1, viaAlias) : emptyScalar(keySpan.end);
        const e: YEntry = { key: key ? keyText(key.value) : '', keySpan, value: isEmptyNull(value) ? emptyScalar(keySpan.end) : value };
        own.push(e);
        const existing = entries.findIndex((x) => x.key === e.key);
        if (existing >= 0) entries[existing] = e;
        else entries.push(e);
      }
      const flow = Boolean(n.flow);
      const span = !flow && own.length > 0 ? { start: own[0]!.keySpan.start, end: own[own.length - 1]!.value.span.end } : rangeSpan(n);
      return { kind: 'map', entries, flow, span };
    }
    if (isSeq(n)) {
      const items = n.items.map((item) => (item === null ? emptyScalar(rangeSpan(n).start) : this.node(item as YamlNode, depth + 1, viaAlias)));
      const flow = Boolean(n.flow);
      const range = rangeSpan(n);
      const span = !flow && items.length > 0 ? { start: range.start, end: items[items.length - 1]!.span.end } : range;
      return { kind: 'seq', items, flow, span };
    }
    return { kind: 'scalar', value: null, style: 'plain', span: rangeSpan(n) };
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

function scalar(n: Scalar): YScalar {
  const v = n.value;
  const value = v === null || v === undefined ? null : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : typeof v === 'bigint' ? Number(v) : JSON.stringify(v);
  return { kind: 'scalar', value, style: styleOf(n.type), span: rangeSpan(n) };
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

function keyText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

function emptyScalar(at: number): YScalar {
  return { kind: 'scalar', value: null, style: 'plain', span: { start: at, end: at } };
}

function isEmptyNull(node: YNode): boolean {
  return node.kind === 'scalar' && node.value === null && node.style === 'plain' && node.span.start === node.span.end;
}

function rangeSpan(n: YamlNode | { range?: [number, number, number] | null }): Span {
  const r = (n as { range?: [number, number, number] | null }).range;
  return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

function describe(error: unknown): string {
  return error instanceof RangeError ? 'the input is nested too deeply' : error instanceof Error ? error.message : String(error);
}
