// YAML as Kubernetes reads it. kubectl decodes manifests with go-yaml, which accepts some text
// that YAML 1.2 (and so the `yaml` package) rejects. Checked against kubectl's own decoder, these
// are (test/fixtures/yaml-compat holds one of each):
// - multi-line quoted scalars and flow collections whose continuation lines are indented less
//   than YAML 1.2 requires (no more than their key, even at column 0): tools that re-indent
//   files produce them, as in whole CRD bundles;
// - a comment right after a quoted scalar or a flow collection, without a space before `#`;
// - a key twice in one mapping (kubectl keeps the last value): parse.ts reads those itself.
// Such a document is read as kubectl reads it, with a warning, instead of being dropped.
//
// How, without moving any offset: each offending multi-line node is replaced in the text by a
// one-line placeholder of the same length (a double-quoted string of spaces) and parsed on its
// own, where no indentation applies, so the `yaml` package itself resolves its value; such
// comments are blanked. If the document then parses cleanly, the converter reads each node in
// place of its placeholder. Anything else keeps the original errors.

import { parseAllDocuments, Parser } from 'yaml';
import type { CST, Document, DocumentOptions, ParseOptions, SchemaOptions, YAMLError } from 'yaml';
import type { Span } from './tree.js';

/** A node parsed on its own, to be read in place of the placeholder at `start` (chunk offsets). */
export interface Replacement {
  doc: Document.Parsed;
  start: number;
}

export interface Repaired {
  /** The document, parsed from the text with placeholders. */
  doc: Document.Parsed;
  replacements: Map<number, Replacement>;
  /** Chunk offsets. */
  warnings: { message: string; span: Span }[];
}

/** Each round may uncover nodes the previous one's garbled tokens hid; a few rounds keep it linear. */
const MAX_ROUNDS = 4;

const COMMENT_MESSAGE = 'Comments must be separated from other tokens by white space characters';

/** The document of `chunk` as Kubernetes reads it, when that differs from YAML 1.2 only as above. */
export function repairForKubernetes(
  chunk: string,
  errors: readonly YAMLError[],
  options: ParseOptions & DocumentOptions & SchemaOptions,
): Repaired | undefined {
  try {
    return repair(chunk, errors, options);
  } catch {
    return undefined; // deep nesting: the original errors stand
  }
}

function repair(
  chunk: string,
  initialErrors: readonly YAMLError[],
  options: ParseOptions & DocumentOptions & SchemaOptions,
): Repaired | undefined {
  let text = chunk;
  let errors = initialErrors;
  const regions: Span[] = [];
  const comments: Span[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // Placeholders hold no content, so later rounds find nothing inside earlier regions.
    const patches = truncatedNodes(text);
    for (const p of patches) regions.push(p);
    const blanks: Span[] = [];
    for (const e of errors) {
      if (e.code !== 'MISSING_CHAR' || !e.message.startsWith(COMMENT_MESSAGE)) continue;
      const at = e.pos[0];
      if (text.charCodeAt(at) !== 35 /* # */ || inside(patches, at)) continue;
      const span = { start: at, end: lineEnd(text, at) };
      blanks.push(span);
      comments.push(span);
    }
    if (patches.length === 0 && blanks.length === 0) return undefined;
    text = patch(text, patches, blanks);
    const docs = parseAllDocuments(text, options) as Document.Parsed[];
    if (docs.length !== 1) return undefined;
    const doc = docs[0]!;
    errors = doc.errors;
    if (errors.length > 0) continue;
    const replacements = new Map<number, Replacement>();
    for (const r of regions) {
      const own = parseAllDocuments(chunk.slice(r.start, r.end), options) as Document.Parsed[];
      if (own.length !== 1 || own[0]!.errors.length > 0 || !own[0]!.contents) return undefined;
      replacements.set(r.start, { doc: own[0]!, start: r.start });
    }
    return { doc, replacements, warnings: warnings(regions, comments) };
  }
  return undefined;
}

function warnings(regions: Span[], comments: Span[]): { message: string; span: Span }[] {
  const result: { message: string; span: Span }[] = [];
  const first = (spans: Span[]): Span => spans.reduce((a, b) => (b.start < a.start ? b : a));
  const more = (n: number, what: string): string => (n > 1 ? ` (${n} ${what} in this document)` : '');
  if (regions.length > 0) {
    result.push({
      message: `The continuation lines of this value are not indented past its key${more(regions.length, 'such values')}: Kubernetes reads it, stricter YAML 1.2 tools reject the file. Indent them further.`,
      span: first(regions),
    });
  }
  if (comments.length > 0) {
    result.push({
      message: `A comment needs a space before \`#\`${more(comments.length, 'such comments')}: Kubernetes reads it, stricter YAML 1.2 tools reject the file.`,
      span: first(comments),
    });
  }
  return result;
}

/**
 * Quoted scalars and flow collections in value positions that the `yaml` lexer cut short at an
 * under-indented line, with the extent go-yaml gives them (to the closing quote or bracket).
 */
function truncatedNodes(text: string): Span[] {
  const spans: Span[] = [];
  const value = (token: CST.Token | undefined): void => {
    if (!token) return;
    switch (token.type) {
      case 'document':
        value(token.value);
        return;
      case 'block-map':
      case 'block-seq':
        for (const item of token.items) value(item.value);
        return;
      case 'flow-collection': {
        const closed = token.end.some((t) => t.type === 'flow-map-end' || t.type === 'flow-seq-end');
        if (!closed) {
          const end = flowEnd(text, token.offset);
          if (end > 0) spans.push({ start: token.offset, end });
          return;
        }
        for (const item of token.items) value(item.value);
        return;
      }
      case 'single-quoted-scalar':
      case 'double-quoted-scalar': {
        const end = quotedEnd(text, token.offset);
        if (end > token.offset + token.source.length) spans.push({ start: token.offset, end });
        return;
      }
      default:
        return;
    }
  };
  for (const token of new Parser().parse(text)) value(token);
  return spans;
}

/** Where the quoted scalar at `start` ends for go-yaml (after its closing quote), or -1. */
function quotedEnd(text: string, start: number): number {
  const quote = text.charCodeAt(start);
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 && isDocumentMarker(text, i + 1)) return -1;
    if (quote === 39 /* ' */) {
      if (c === 39) {
        if (text.charCodeAt(i + 1) !== 39) return i + 1;
        i++;
      }
    } else if (c === 92 /* \ */) i++;
    else if (c === 34 /* " */) return i + 1;
  }
  return -1;
}

/** Where the flow collection at `start` ends for go-yaml (after its closing bracket), or -1. */
function flowEnd(text: string, start: number): number {
  let depth = 0;
  // The last character that was not white space: a quote starts a quoted scalar only after an
  // indicator (`[{,:?`), never inside a plain scalar (`[don't]`).
  let previous = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (isDocumentMarker(text, i + 1)) return -1;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    if (c === 91 || c === 123) depth++;
    else if (c === 93 || c === 125) {
      if (--depth === 0) return i + 1;
    } else if ((c === 39 || c === 34) && (previous === 0 || INDICATORS.has(previous))) {
      const end = quotedEnd(text, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (c === 35 && /[ \t\r\n]/.test(text[i - 1] ?? '')) {
      i = lineEnd(text, i) - 1;
      continue;
    }
    previous = c;
  }
  return -1;
}

const INDICATORS = new Set([91, 123, 44, 58, 63]); // [ { , : ?

/** `---` or `...` at `at`, a line start, followed by white space or the end: the document ends. */
function isDocumentMarker(text: string, at: number): boolean {
  const marker = text.slice(at, at + 3);
  return (marker === '---' || marker === '...') && /^[ \t\r\n]?$/.test(text[at + 3] ?? '');
}

function lineEnd(text: string, at: number): number {
  let i = at;
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}

/** Whether `at` falls in one of `spans` (sorted, not overlapping). */
function inside(spans: readonly Span[], at: number): boolean {
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const s = spans[mid]!;
    if (at < s.start) high = mid - 1;
    else if (at >= s.end) low = mid + 1;
    else return true;
  }
  return false;
}

/** `text` with each patch made a one-line placeholder and each blank spaces, in one pass (lengths kept). */
function patch(text: string, patches: Span[], blanks: Span[]): string {
  const edits = [
    ...patches.map((s) => ({ ...s, with: `"${' '.repeat(s.end - s.start - 2)}"` })),
    ...blanks.map((s) => ({ ...s, with: ' '.repeat(s.end - s.start) })),
  ].sort((a, b) => a.start - b.start);
  let out = '';
  let from = 0;
  for (const e of edits) {
    if (e.start < from) continue; // nested in an earlier edit
    out += text.slice(from, e.start) + e.with;
    from = e.end;
  }
  return out + text.slice(from);
}
