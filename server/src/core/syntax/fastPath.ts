// A fast path for the plain block-style YAML that Kubernetes manifests are written in: block
// mappings and sequences, single-line plain and quoted scalars, block scalars, flow collections
// that close on the line they open on, comments, `---` and `...`. It produces exactly the trees
// `parseDocuments` (parse.ts) produces, spans included, and never reports problems: whatever it
// does not fully understand is handed to the full parser.
//
// Granularity of the hand-off is the document. Every line that starts with `---` followed by
// white space or the end of the line starts a document, whatever the full parser's state (its
// lexer checks for the marker at every line start, in block, flow and quoted context alike), so
// the text between two such lines can be parsed on its own. A document the fast path declines is
// parsed from its own slice by the full parser and its spans are shifted; if that slice has any
// problem at all, or the file has directives, a byte order mark or `---` right after a lone `\r`
// (where parse.ts starts a document too), the whole file goes to the full parser, so error
// reporting (and where errors are attributed) is never the fast path's.
//
// The subset, exactly (anything else declines the document):
// - indentation by spaces only; no tab anywhere outside comments and block scalar content;
// - block mappings whose keys are single-line plain or quoted scalars followed by `:` and a space
//   or the end of the line, all at the same column; values on the key's line are single-line
//   scalars or block scalars, values on following lines are block collections (a sequence may
//   sit at the key's column); an empty value is null;
// - block sequences, with `- key: v` compact mappings and `- - x` nested sequences;
// - flow collections that open and close on one line, as mapping values and sequence items (on
//   the key's or the `-`'s line, or alone on a line of their own) and as a document's root, never
//   as keys, followed by at most spaces and a comment: `[` `]` and `{` `}` nested, entries
//   separated by `,` with one trailing `,` allowed, entries that are plain or quoted scalars,
//   nested collections or `key: value` pairs with scalar keys (a pair in a sequence is a
//   single-pair flow mapping; a map key without a value is null). Plain scalars there end at
//   `,[]{}` too; a `#` outside quotes, a tab, an empty entry, a collection as a key, anchors,
//   aliases and tags and whatever else is unusual decline (see `flow`);
// - plain scalars that start with no indicator character and contain no `: `, quoted scalars that
//   close on their line (double-quoted escapes as YAML 1.2 defines them);
// - block scalars (`|`, `>`, with `-`/`+` chomping and an indentation indicator 1-9 in either
//   order, then at most spaces and a comment) as mapping values and sequence items, resolved the
//   way the `yaml` package's lexer and `resolveBlockScalar` do (see `blockScalar`); their content
//   may hold any character but the controls other than tab (a `\r` only before `\n`), DEL, C1
//   controls, U+2028/U+2029 and the BOM;
// - full-line and trailing comments, blank lines, CRLF or LF, `---` and `...` lines with at most
//   a comment after them, and nothing but comments between `...` and the next `---`.
// Keys that are `<<` (merge keys), keys that collide after conversion to text (duplicates, and
// `1`/`"1"`), implicit keys longer than 1,000 characters and nesting deeper than 100 levels (block
// and flow together) also decline.
// A file with more than MAX_DEPTH `[` and `{` in all gets the full parser's flow-nesting check
// per document (such a document has a problem there, so the whole file goes to the full parser).

import { documentStream, flowNestingBeyondLimit, MAX_DEPTH, parseDocuments } from './parse.js';
import type { ParsedDocument, ScalarStyle, YEntry, YMap, YNode, YScalar, YSeq } from './tree.js';
import { emptyScalar, keyText } from './tree.js';

/** Thrown to decline the current document (it is then parsed by the full parser). */
const DECLINE = new Error('fast path declines the document');
/** Thrown to decline the whole file. */
const DECLINE_FILE = new Error('fast path declines the file');

const MAX_FAST_DEPTH = 100;
const MAX_KEY_LENGTH = 1000;

const enum Line {
  Content,
  DocStart,
  DocEnd,
  Eof,
}

const enum Style {
  Plain,
  Single,
  Double,
}

const STYLE_NAMES: readonly ScalarStyle[] = ['plain', 'single', 'double'];

const TAB = 9;
const LF = 10;
const SPACE = 32;
const HASH = 35;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const COMMA = 44;
const PERCENT = 37;
const CR = 13;
const BACKSLASH = 92;
const DQUOTE = 34;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const SQUOTE = 39;
const PLUS = 43;
const PIPE = 124;
const GT = 62;

/** ASCII characters a plain scalar may not start with (`-` is handled separately): indicators,
 * reserved characters, and the quotes (which start quoted scalars, handled before). */
const BAD_PLAIN_START = new Uint8Array(128);
for (const ch of '?:,[]{}#&*!|>\'"%@`') BAD_PLAIN_START[ch.charCodeAt(0)] = 1;
for (let c = 0; c < 32; c++) BAD_PLAIN_START[c] = 1;
BAD_PLAIN_START[127] = 1;

/** Double-quoted escapes with a fixed replacement (YAML 1.2 §5.7), by the character after `\`. */
const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

/** Characters that make block scalar content the full parser's business: what `isOddChar` names
 * but the tab and line breaks (a carriage return is one only before a line feed). */
// eslint-disable-next-line no-control-regex -- finding control characters is its purpose
const ODD_BLOCK_CHAR = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]|\r(?!\n)/;

/** Characters the fast path leaves to the full parser wherever they occur in content: controls
 * (tab included), DEL and C1 controls, the Unicode line and paragraph separators and the BOM. */
function isOddChar(c: number): boolean {
  return c < 0x20 || (c >= 0x7f && (c <= 0x9f || c === 0x2028 || c === 0x2029 || c === 0xfeff));
}

/** The flow indicators `,[]{}`, which end plain scalars inside flow collections. */
const FLOW_INDICATOR = new Uint8Array(128);
for (const ch of ',[]{}') FLOW_INDICATOR[ch.charCodeAt(0)] = 1;

function isFlowStart(c: number): boolean {
  return c === LBRACE || c === LBRACKET;
}

function isBlockScalarStart(c: number): boolean {
  return c === PIPE || c === GT;
}

/** Whether `text` holds more than `limit` of `[` and `{` together. */
function moreThan(text: string, limit: number): boolean {
  let count = 0;
  for (let i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) if (++count > limit) return true;
  for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) if (++count > limit) return true;
  return false;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

// The YAML 1.2 core schema's plain-scalar resolution, in the `yaml` package's order (the first
// matching tag wins): null, bool, int (octal, decimal, hex), float (.inf/.nan, exponent, decimal).
const NULL_RE = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT_RE = /^0o[0-7]+$/;
const INT_RE = /^[-+]?[0-9]+$/;
const INT_HEX_RE = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

function resolvePlain(s: string): string | number | boolean | null {
  const c = s.charCodeAt(0);
  // Only these first characters can start a null, a boolean or a number.
  if (c === 126 || c === 110 || c === 78) return NULL_RE.test(s) ? null : s; // ~ n N
  if (c === 116 || c === 84 || c === 102 || c === 70) return BOOL_RE.test(s) ? c === 116 || c === 84 : s; // t T f F
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return s; // digit + - .
  if (INT_OCT_RE.test(s)) return parseInt(s.substring(2), 8);
  if (INT_RE.test(s)) return parseInt(s, 10);
  if (INT_HEX_RE.test(s)) return parseInt(s.substring(2), 16);
  if (FLOAT_NAN_RE.test(s))
    return s.slice(-3).toLowerCase() === 'nan' ? NaN : c === 45 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP_RE.test(s) || FLOAT_RE.test(s)) return parseFloat(s);
  return s;
}

/** How a file's documents were parsed (for tests and measurements). */
export interface FastPathStats {
  /** Documents the fast path parsed. */
  fast: number;
  /** Segments (a `---` line up to the next) the fast path declined and the full parser parsed. */
  declined: number;
}

/** A file's documents: the fast path where it applies, the full parser for the rest. */
export function parseYaml(text: string): ParsedDocument[] {
  return fastParseDocuments(text) ?? parseDocuments(text);
}

/** In a stream of documents: the ones before are void, the file is read again from its start. */
export const RESTART = Symbol('the documents so far are void');

/**
 * parseYaml's documents one at a time, so that a large file's trees are never all in memory. The
 * fast path may find only late that the file is the full parser's business: it then yields
 * RESTART and the full parser's documents from the start.
 */
export function* parseYamlStream(text: string): Generator<ParsedDocument | typeof RESTART, void, undefined> {
  if (text.indexOf('\uFEFF') >= 0 || text.indexOf('\r---') >= 0) {
    yield* documentStream(text);
    return;
  }
  try {
    yield* new FastParser(text, undefined).documentStream();
  } catch (error) {
    if (error !== DECLINE_FILE) throw error;
    yield RESTART;
    yield* documentStream(text);
  }
}

/**
 * The documents of `text`, exactly as `parseDocuments(text)` returns them, or `undefined` when the
 * file has to go to the full parser as a whole. Documents outside the subset are parsed one by one
 * by the full parser.
 */
export function fastParseDocuments(text: string, stats?: FastPathStats): ParsedDocument[] | undefined {
  // parse.ts splits documents at `---` after a lone `\r` too (a line start to its regular
  // expression), which the fast path lets through in comments only: such files go there whole.
  if (text.indexOf('\uFEFF') >= 0 || text.indexOf('\r---') >= 0) return undefined;
  try {
    return new FastParser(text, stats).documents();
  } catch (error) {
    if (error === DECLINE_FILE) return undefined;
    throw error;
  }
}

class FastParser {
  private readonly length: number;

  // The current line: its kind, start, end (at `\n` or the end of the text), content end
  // (before a `\r\n`), indentation and first content character.
  private kind: Line = Line.Eof;
  private lineStart = 0;
  private lineEnd = 0;
  private contentEnd = 0;
  private indent = 0;
  private contentStart = 0;

  // The last scalar `scan` read: span, value (unresolved text for plain scalars), style, and the
  // position after the `:` when it is a mapping key (else -1).
  private scalarStart = 0;
  private scalarEnd = 0;
  private scalarSource = '';
  private scalarStyle = Style.Plain;
  private afterColon = -1;

  // Lines of the block scalar being read (reused): indentation, content start and end.
  private readonly blockIndents: number[] = [];
  private readonly blockContentStarts: number[] = [];
  private readonly blockContentEnds: number[] = [];

  constructor(
    private readonly text: string,
    private readonly stats: FastPathStats | undefined,
  ) {
    this.length = text.length;
  }

  documents(): ParsedDocument[] {
    return [...this.documentStream()];
  }

  /** The documents one by one, so that a consumer need not hold every tree of a large file at once. */
  *documentStream(): Generator<ParsedDocument, void, undefined> {
    const checkNesting = moreThan(this.text, MAX_DEPTH);
    let segStart = 0;
    let explicit = false;
    this.nextLine(0);
    for (;;) {
      let doc: ParsedDocument | null = null;
      let segment: ParsedDocument[] = [];
      try {
        doc = this.document(explicit);
        if (doc) {
          // The full parser checks flow nesting on the raw text of each document (scalars and
          // block scalars included); a document it finds too deep is a problem, so the whole
          // file goes to the full parser.
          if (
            checkNesting &&
            flowNestingBeyondLimit(this.text, segStart, this.kind === Line.Eof ? this.length : this.lineStart) !==
              undefined
          )
            throw DECLINE_FILE;
          if (this.stats) this.stats.fast++;
        }
      } catch (error) {
        if (error !== DECLINE) throw error;
        const segEnd = this.segmentEnd(segStart, explicit);
        segment = this.fullParse(segStart, segEnd, explicit);
        if (this.stats) this.stats.declined++;
        this.nextLine(segEnd);
      }
      if (doc) yield doc;
      yield* segment;
      if (this.kind === Line.Eof) return;
      // Line.DocStart: the next document begins on this line.
      segStart = this.lineStart;
      explicit = true;
    }
  }

  /** One document, starting at the current line (its `---` line when explicit). Returns null for
   * text before the first `---` that holds nothing; leaves the current line at the next `---` or
   * at the end of the text. */
  private document(explicit: boolean): ParsedDocument | null {
    if (explicit) this.markerLineRest();
    let root: YNode | null = null;
    if (this.kind === Line.Content) {
      root = this.block(0);
      if (this.kind === Line.Content) throw DECLINE; // content outside the root node
    } else if (!explicit) {
      if (this.kind === Line.DocEnd) throw DECLINE; // `...` before any document
      return null;
    }
    if (this.kind === Line.DocEnd) {
      const next = this.markerLineRest(); // only comments may follow `...` before the next `---`
      if (next !== Line.Eof && next !== Line.DocStart) throw DECLINE;
    }
    return { root, problems: [] };
  }

  /** After `---` or `...`: only spaces and a comment may follow; moves to the next line (returned). */
  private markerLineRest(): Line {
    const t = this.text;
    let p = this.lineStart + 3;
    while (p < this.contentEnd && t.charCodeAt(p) === SPACE) p++;
    if (p < this.contentEnd && t.charCodeAt(p) !== HASH) throw DECLINE;
    this.nextLine(this.lineEnd + 1);
    return this.kind;
  }

  /** Moves to the first line at or after `from` that is not blank or a comment. */
  private nextLine(from: number): void {
    const t = this.text;
    const length = this.length;
    let i = from;
    while (i < length) {
      let j = i;
      let c = t.charCodeAt(j);
      while (c === SPACE) c = t.charCodeAt(++j);
      let lineEnd = t.indexOf('\n', j);
      if (lineEnd < 0) lineEnd = length;
      const contentEnd = lineEnd < length && lineEnd > j && t.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
      if (j === contentEnd || c === HASH) {
        i = lineEnd + 1;
        continue;
      }
      this.lineStart = i;
      this.lineEnd = lineEnd;
      this.contentEnd = contentEnd;
      this.indent = j - i;
      this.contentStart = j;
      this.kind = Line.Content;
      if (j === i) {
        if (
          (c === DASH || c === DOT) &&
          t.charCodeAt(i + 1) === c &&
          t.charCodeAt(i + 2) === c &&
          this.isEmptyAt(i + 3)
        ) {
          this.kind = c === DASH ? Line.DocStart : Line.DocEnd;
        } else if (c === PERCENT) {
          throw DECLINE_FILE; // a directive, or a line the full parser may read as one
        }
      }
      return;
    }
    this.kind = Line.Eof;
    this.lineStart = this.lineEnd = this.contentEnd = this.contentStart = length;
    this.indent = 0;
  }

  /** The `yaml` lexer's test for the character after `---`, `...` and indicators. */
  private isEmptyAt(i: number): boolean {
    if (i >= this.length) return true;
    const c = this.text.charCodeAt(i);
    return c === SPACE || c === 10 || c === CR || c === 9;
  }

  /** A `-` at `i` that starts a sequence item (followed by a space or the end of the line). */
  private isSeqIndicator(i: number): boolean {
    return this.text.charCodeAt(i) === DASH && (i + 1 >= this.contentEnd || this.text.charCodeAt(i + 1) === SPACE);
  }

  /** The block collection (or the single-line flow collection) that starts the current line's content. */
  private block(depth: number): YNode {
    if (this.isSeqIndicator(this.contentStart)) return this.seq(this.indent, this.contentStart, depth);
    if (isFlowStart(this.text.charCodeAt(this.contentStart))) return this.flowLine(this.contentStart, depth);
    if (!this.scan(this.contentStart)) throw DECLINE; // a scalar on its own line (maybe multi-line)
    return this.map(this.indent, depth);
  }

  /** A block sequence at column `col` whose first `-` is at `p` on the current line. */
  private seq(col: number, p: number, depth: number): YSeq {
    if (depth > MAX_FAST_DEPTH) throw DECLINE;
    const t = this.text;
    const items: YNode[] = [];
    const start = p;
    for (;;) {
      let q = p + 1;
      while (q < this.contentEnd && t.charCodeAt(q) === SPACE) q++;
      let item: YNode;
      if (q >= this.contentEnd || t.charCodeAt(q) === HASH) {
        // Nothing on the `-` line: the item is on the following lines, or it is null (placed
        // where the full parser places empty items, after the spaces that follow the `-`).
        this.nextLine(this.lineEnd + 1);
        item = this.kind === Line.Content && this.indent > col ? this.block(depth + 1) : emptyScalar(q);
      } else if (this.isSeqIndicator(q)) {
        item = this.seq(q - this.lineStart, q, depth + 1);
      } else if (isFlowStart(t.charCodeAt(q))) {
        item = this.flowLine(q, depth + 1);
      } else if (isBlockScalarStart(t.charCodeAt(q))) {
        item = this.blockScalar(q, col);
      } else if (this.scan(q)) {
        item = this.map(q - this.lineStart, depth + 1);
      } else {
        item = this.scalar();
        this.nextLine(this.lineEnd + 1);
      }
      items.push(item);
      if (this.kind !== Line.Content || this.indent < col) break;
      if (this.indent > col) throw DECLINE; // a continuation line, or bad indentation
      if (!this.isSeqIndicator(this.contentStart)) break; // the parent mapping's next key (checked there)
      p = this.contentStart;
    }
    return { kind: 'seq', items, flow: false, span: { start, end: items[items.length - 1]!.span.end } };
  }

  /** A block mapping at column `col`; `scan` has just read its first key on the current line. */
  private map(col: number, depth: number): YMap {
    if (depth > MAX_FAST_DEPTH) throw DECLINE;
    const t = this.text;
    const entries: YEntry[] = [];
    let seen: Set<string> | undefined;
    for (;;) {
      const keyStart = this.scalarStart;
      const keyEnd = this.scalarEnd;
      if (this.afterColon - keyStart > MAX_KEY_LENGTH) throw DECLINE;
      const key = this.scannedKey();
      seen = claimKey(entries, seen, key);
      let q = this.afterColon;
      while (q < this.contentEnd && t.charCodeAt(q) === SPACE) q++;
      let value: YNode;
      if (q >= this.contentEnd || t.charCodeAt(q) === HASH) {
        this.nextLine(this.lineEnd + 1);
        if (this.kind === Line.Content && this.indent > col) value = this.block(depth + 1);
        else if (this.kind === Line.Content && this.indent === col && this.isSeqIndicator(this.contentStart))
          value = this.seq(col, this.contentStart, depth + 1);
        else value = emptyScalar(keyEnd);
      } else if (isFlowStart(t.charCodeAt(q))) {
        value = this.flowLine(q, depth + 1);
      } else if (isBlockScalarStart(t.charCodeAt(q))) {
        value = this.blockScalar(q, col);
      } else {
        if (this.scan(q)) throw DECLINE; // `a: b: c`
        value = this.scalar();
        this.nextLine(this.lineEnd + 1);
      }
      entries.push({ key, keySpan: { start: keyStart, end: keyEnd }, value });
      if (this.kind !== Line.Content || this.indent < col) break;
      if (this.indent > col) throw DECLINE;
      if (this.isSeqIndicator(this.contentStart)) throw DECLINE; // `- x` at a mapping's column
      if (!this.scan(this.contentStart)) throw DECLINE;
    }
    return {
      kind: 'map',
      entries,
      flow: false,
      span: { start: entries[0]!.keySpan.start, end: entries[entries.length - 1]!.value.span.end },
    };
  }

  /**
   * The block scalar whose header (`|` or `>`) is at `h` on the current line, the value of a
   * mapping or the item of a sequence at column `col`; moves to the first line after it.
   *
   * Its extent is the `yaml` lexer's (`parseBlockScalar`): the scalar's indentation is that of its
   * first non-blank line, or `col` + the indentation indicator, and it must exceed `col`; lines
   * follow while they are blank or indented at least that much; without `+` chomping, trailing
   * lines holding at most the first line's indentation in spaces are left out. Its value is
   * `resolveBlockScalar`'s, on the lines split at `\n` (a final line break gives a last, empty
   * line), and its span runs from the header to the end of that text (after its last line break).
   * Whatever either of them reports as an error declines the document.
   */
  private blockScalar(h: number, col: number): YScalar {
    const t = this.text;
    const length = this.length;
    const contentEnd = this.contentEnd;
    const literal = t.charCodeAt(h) === PIPE;
    // The header: at most one chomping indicator and one indentation digit, in either order, then
    // only spaces and a comment.
    let chomp = 0; // 0 clip, DASH strip, PLUS keep
    let explicit = 0;
    let j = h + 1;
    for (; j < contentEnd; j++) {
      const c = t.charCodeAt(j);
      if ((c === DASH || c === PLUS) && chomp === 0) chomp = c;
      else if (c >= 49 && c <= 57 && explicit === 0) explicit = c - 48;
      else break;
    }
    if (j < contentEnd) {
      if (t.charCodeAt(j) !== SPACE) throw DECLINE; // more header characters, `|#c`, a tab
      while (j < contentEnd && t.charCodeAt(j) === SPACE) j++;
      if (j < contentEnd && t.charCodeAt(j) !== HASH) throw DECLINE; // text after the header
    }
    const start = this.lineEnd < length ? this.lineEnd + 1 : length; // the content's first line

    // The extent, as the lexer finds it, and its lines as `resolveBlockScalar` splits them (at
    // `\n`): indentation in spaces, content start and end (before a `\r\n`).
    const lineIndents = this.blockIndents;
    const lineContentStarts = this.blockContentStarts;
    const lineContentEnds = this.blockContentEnds;
    let lines = 0;
    // First the indentation of the first non-blank line, past blank lines.
    const minIndent = col + 1;
    let indent = 0;
    let nl = start - 1; // the last line break in the scalar so far
    for (let i = start; i < length; i++) {
      const c = t.charCodeAt(i);
      if (c === SPACE) indent++;
      else if (c === LF) {
        lineIndents[lines] = indent;
        lineContentStarts[lines] = lineContentEnds[lines] = i;
        lines++;
        nl = i;
        indent = 0;
      } else if (c !== CR || t.charCodeAt(i + 1) !== LF) break;
    }
    if (indent >= minIndent) {
      const contentIndent = explicit === 0 ? indent : col + explicit;
      for (;;) {
        // The line after `nl` continues the scalar when blank or indented enough.
        const from = nl + 1;
        let k = from;
        while (t.charCodeAt(k) === SPACE) k++;
        const c = t.charCodeAt(k);
        let e: number;
        lineIndents[lines] = k - from;
        lineContentStarts[lines] = k;
        if (c === LF) e = lineContentEnds[lines] = k;
        else if (c === CR && t.charCodeAt(k + 1) === LF) {
          lineContentEnds[lines] = k;
          e = k + 1;
        } else if (k - from >= contentIndent) {
          e = t.indexOf('\n', k);
          if (e < 0) {
            lineContentEnds[lines++] = nl = length;
            break;
          }
          lineContentEnds[lines] = t.charCodeAt(e - 1) === CR ? e - 1 : e;
        } else break;
        lines++;
        nl = e;
      }
    }
    {
      // A tab on the next line before its content: the lexer takes it into the scalar (an error).
      let k = nl + 1;
      while (t.charCodeAt(k) === SPACE) k++;
      if (t.charCodeAt(k) === TAB) throw DECLINE;
    }
    if (chomp !== PLUS) {
      // Trailing lines with no more spaces than the first line's indentation are left out.
      for (;;) {
        let k = nl - 1;
        if (t.charCodeAt(k) === CR) k--;
        const last = k;
        while (t.charCodeAt(k) === SPACE) k--;
        if (t.charCodeAt(k) !== LF || k < start || k + 1 + indent <= last) break;
        nl = k;
        lines--;
      }
    }
    const end = nl < length ? nl + 1 : length;
    if (end > start) {
      if (ODD_BLOCK_CHAR.test(t.slice(start, end))) throw DECLINE;
      if (nl < length) {
        // a final line break: a last, empty line
        lineIndents[lines] = 0;
        lineContentStarts[lines] = lineContentEnds[lines] = end;
        lines++;
      }
    }

    // The value, as `resolveBlockScalar` computes it.
    let chompStart = lines;
    while (chompStart > 0 && lineContentStarts[chompStart - 1] === lineContentEnds[chompStart - 1]) chompStart--;
    let value = '';
    if (chompStart === 0) {
      if (chomp === PLUS && lines > 0) value = '\n'.repeat(Math.max(1, lines - 1));
    } else {
      let trim = col + explicit;
      let contentStart = 0;
      for (let i = 0; i < chompStart; i++) {
        const ind = lineIndents[i]!;
        if (lineContentStarts[i] === lineContentEnds[i]) {
          if (explicit === 0 && ind > trim) trim = ind;
        } else {
          if (ind < trim) throw DECLINE; // more-indented leading empty lines need an indicator
          if (explicit === 0) trim = ind;
          if (trim === 0) throw DECLINE;
          contentStart = i;
          break;
        }
      }
      // Trailing empty lines indented more than the content belong to it.
      for (let i = lines - 1; i >= chompStart; i--) if (lineIndents[i]! > trim) chompStart = i + 1;
      for (let i = 0; i < contentStart; i++) value += spaces(lineIndents[i]! - trim) + '\n';
      let sep = '';
      let prevMoreIndented = false;
      for (let i = contentStart; i < chompStart; i++) {
        const ind = lineIndents[i]!;
        const contentFrom = lineContentStarts[i]!;
        const contentTo = lineContentEnds[i]!;
        if (contentFrom < contentTo && ind < trim) throw DECLINE; // less indented than the scalar
        if (literal) {
          value +=
            sep + (ind > trim ? t.slice(contentFrom - (ind - trim), contentTo) : t.slice(contentFrom, contentTo));
          sep = '\n';
        } else if (ind > trim || (contentFrom < contentTo && t.charCodeAt(contentFrom) === TAB)) {
          // more-indented lines keep their line breaks
          if (sep === ' ') sep = '\n';
          else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
          value +=
            sep + (ind > trim ? t.slice(contentFrom - (ind - trim), contentTo) : t.slice(contentFrom, contentTo));
          sep = '\n';
          prevMoreIndented = true;
        } else if (contentFrom === contentTo) {
          if (sep === '\n') value += '\n';
          else sep = '\n';
        } else {
          value += sep + t.slice(contentFrom, contentTo);
          sep = ' ';
          prevMoreIndented = false;
        }
      }
      if (chomp === PLUS) {
        for (let i = chompStart; i < lines; i++) value += '\n' + spaces(lineIndents[i]! - trim);
        if (value.charCodeAt(value.length - 1) !== LF) value += '\n';
      } else if (chomp === 0) {
        value += '\n';
      }
    }
    this.nextLine(end);
    return { kind: 'scalar', value, style: 'block', span: { start: h, end } };
  }

  /** The flow collection at `q` on the current line, closing on it with at most spaces and a
   * comment after it (`args: ["--port", "80"]  # c`); moves to the next line. */
  private flowLine(q: number, depth: number): YMap | YSeq {
    const t = this.text;
    const contentEnd = this.contentEnd;
    const node = this.flow(q, depth);
    const end = node.span.end;
    let j = end;
    while (j < contentEnd && t.charCodeAt(j) === SPACE) j++;
    // Anything but a comment after the collection is an error (`[a]#c` too) or makes it a key
    // (`k: [a]: b` is even valid: the full parser adds the pair `'': b` to the parent mapping).
    if (j < contentEnd && !(t.charCodeAt(j) === HASH && j > end)) throw DECLINE;
    this.nextLine(this.lineEnd + 1);
    return node;
  }

  /**
   * The flow collection whose `[` or `{` is at `p`, closing on the current line, as the `yaml`
   * package composes it: entries separated by `,` (one trailing `,` allowed, no empty entries);
   * an entry is a plain or quoted scalar or a nested collection, and `key: value` makes it a pair
   * (in a sequence, a single-pair flow mapping spanning key to value); a map entry without a value
   * has a null one. After a quoted key (and spaces) a `:` is the pair's indicator even without a
   * space after it (`{"a":1}`); after a plain key only when a space or a flow indicator follows
   * (`{a:b}` is the key `a:b`, `{a :b}` the key `a :b`). An empty value (`{a: }`, `[a:]`) is null;
   * a pair in a sequence then ends after the spaces that follow its `:`. Keys that are collections,
   * `#` anywhere outside a quoted scalar, and whatever the full parser may find an error decline.
   */
  private flow(p: number, depth: number): YMap | YSeq {
    if (depth > MAX_FAST_DEPTH) throw DECLINE;
    const t = this.text;
    const contentEnd = this.contentEnd;
    const isMap = t.charCodeAt(p) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    const entries: YEntry[] = [];
    const items: YNode[] = [];
    let seen: Set<string> | undefined;
    let i = p + 1;
    for (;;) {
      while (i < contentEnd && t.charCodeAt(i) === SPACE) i++;
      if (i >= contentEnd) throw DECLINE; // multi-line, or unterminated
      let c = t.charCodeAt(i);
      if (c === close) break; // empty, or after a trailing comma
      // The entry's first node: an item, or a key when `:` follows.
      const first = i;
      let node: YNode | null = null; // a nested collection
      if (isFlowStart(c)) {
        node = this.flow(i, depth + 1);
        i = node.span.end;
      } else if (c === DQUOTE || c === SQUOTE) {
        i = this.quoted(i);
      } else {
        i = this.flowPlain(i);
      }
      while (i < contentEnd && t.charCodeAt(i) === SPACE) i++;
      if (i >= contentEnd) throw DECLINE;
      c = t.charCodeAt(i);
      if (c !== COLON && !isMap) {
        items.push(node ?? this.scalar());
      } else {
        // A pair, or a map's key without a value (null). The plain scanner stops only at a `:`
        // that is an indicator; after a quoted scalar any `:` is one.
        if (node !== null) throw DECLINE; // a collection as a key
        const key = this.scannedKey();
        const keySpan = { start: first, end: this.scalarEnd };
        let value: YNode = emptyScalar(keySpan.end);
        let end = keySpan.end;
        if (c === COLON) {
          if (i + 1 - first > MAX_KEY_LENGTH) throw DECLINE;
          i++;
          while (i < contentEnd && t.charCodeAt(i) === SPACE) i++;
          if (i >= contentEnd) throw DECLINE;
          c = t.charCodeAt(i);
          // An empty value is null at the key's end; a pair with it ends after the spaces that follow `:`.
          end = i;
          if (c !== COMMA && c !== close) {
            value = this.flowNode(i, depth + 1);
            i = end = value.span.end;
            while (i < contentEnd && t.charCodeAt(i) === SPACE) i++;
            if (i >= contentEnd) throw DECLINE;
            c = t.charCodeAt(i);
          }
        }
        if (isMap) {
          seen = claimKey(entries, seen, key);
          entries.push({ key, keySpan, value });
        } else {
          items.push({ kind: 'map', entries: [{ key, keySpan, value }], flow: true, span: { start: first, end } });
        }
      }
      if (c === COMMA) i++;
      else if (c === close) break;
      else throw DECLINE; // a missing `,`, a comment, a mismatched bracket
    }
    const span = { start: p, end: i + 1 };
    return isMap ? { kind: 'map', entries, flow: true, span } : { kind: 'seq', items, flow: true, span };
  }

  /** A value inside a flow collection at `q`: a nested collection or a scalar. */
  private flowNode(q: number, depth: number): YNode {
    const t = this.text;
    const c = t.charCodeAt(q);
    if (isFlowStart(c)) return this.flow(q, depth);
    if (c === DQUOTE || c === SQUOTE) this.quoted(q);
    else this.flowPlain(q);
    return this.scalar();
  }

  /**
   * Reads the plain scalar at `q` inside a flow collection (as the lexer's `parsePlainScalar` in
   * flow context does); returns where it stops: at a flow indicator, at a `:` followed by a space or
   * a flow indicator, or at the line end. A comment (` #`) or a character the fast path leaves to
   * the full parser declines, and so does a start that the full parser reads as an indicator.
   */
  private flowPlain(q: number): number {
    const t = this.text;
    const contentEnd = this.contentEnd;
    const c = t.charCodeAt(q);
    if (c < 128 ? BAD_PLAIN_START[c] === 1 : isOddChar(c)) throw DECLINE;
    if (c === DASH) {
      // `- ` and `-,` are block sequence indicators, errors in flow context
      const d = t.charCodeAt(q + 1);
      if (q + 1 >= contentEnd || d === SPACE || FLOW_INDICATOR[d] === 1) throw DECLINE;
    }
    let i = q;
    let end = q;
    for (; i < contentEnd; i++) {
      const d = t.charCodeAt(i);
      if (d === COLON) {
        const e = t.charCodeAt(i + 1);
        if (i + 1 >= contentEnd || e === SPACE || FLOW_INDICATOR[e] === 1) break;
        end = i + 1;
      } else if (d === SPACE) {
        if (t.charCodeAt(i + 1) === HASH) throw DECLINE; // a comment: the collection goes on
      } else if (d < 128 && FLOW_INDICATOR[d] === 1) {
        break;
      } else if (d < 0x7f ? d < 0x20 : isOddChar(d)) {
        throw DECLINE;
      } else {
        end = i + 1;
      }
    }
    this.scalarStart = q;
    this.scalarEnd = end;
    this.scalarSource = t.slice(q, end);
    this.scalarStyle = Style.Plain;
    return i;
  }

  /** The scalar `scan` read last. */
  /** Reads the quoted scalar at `q` (closing on this line) as the current scalar; returns its end. */
  private quoted(q: number): number {
    const end = this.text.charCodeAt(q) === SQUOTE ? this.singleQuoted(q) : this.doubleQuoted(q);
    this.scalarStart = q;
    this.scalarEnd = end;
    return end;
  }

  /** The current scalar as a mapping key: its text as the full parser converts it; a merge key declines. */
  private scannedKey(): string {
    const key = this.scalarStyle === Style.Plain ? keyText(resolvePlain(this.scalarSource)) : this.scalarSource;
    if (key === '<<') throw DECLINE;
    return key;
  }

  private scalar(): YScalar {
    const value = this.scalarStyle === Style.Plain ? resolvePlain(this.scalarSource) : this.scalarSource;
    return {
      kind: 'scalar',
      value,
      style: STYLE_NAMES[this.scalarStyle]!,
      span: { start: this.scalarStart, end: this.scalarEnd },
    };
  }

  /**
   * Reads the single-line scalar at `q` on the current line and what follows it. Returns true when
   * it is a mapping key (followed by `:` and a space or the line end); otherwise the rest of the
   * line is at most a comment. Declines anything else.
   */
  private scan(q: number): boolean {
    const t = this.text;
    const contentEnd = this.contentEnd;
    const c = t.charCodeAt(q);
    if (c === DQUOTE || c === SQUOTE) {
      const end = this.quoted(q);
      let j = end;
      while (j < contentEnd && t.charCodeAt(j) === SPACE) j++;
      if (j >= contentEnd || (t.charCodeAt(j) === HASH && j > end)) {
        this.afterColon = -1;
        return false;
      }
      if (t.charCodeAt(j) === COLON && (j + 1 >= contentEnd || t.charCodeAt(j + 1) === SPACE)) {
        this.afterColon = j + 1;
        return true;
      }
      throw DECLINE;
    }
    if (c < 128 ? BAD_PLAIN_START[c] === 1 : isOddChar(c)) throw DECLINE;
    if (c === DASH && this.isSeqIndicator(q)) throw DECLINE; // `key: - x`
    let i = q;
    let end = q;
    let afterColon = -1;
    while (i < contentEnd) {
      const d = t.charCodeAt(i);
      if (d === COLON) {
        if (i + 1 >= contentEnd || t.charCodeAt(i + 1) === SPACE) {
          afterColon = i + 1;
          break;
        }
        end = i + 1;
      } else if (d === SPACE) {
        if (t.charCodeAt(i + 1) === HASH) break; // a comment
      } else if (d < 0x7f ? d < 0x20 : isOddChar(d)) {
        throw DECLINE;
      } else {
        end = i + 1;
      }
      i++;
    }
    this.scalarStart = q;
    this.scalarEnd = end;
    this.scalarSource = t.slice(q, end);
    this.scalarStyle = Style.Plain;
    this.afterColon = afterColon;
    return afterColon >= 0;
  }

  /** A single-quoted scalar closing on this line; returns the position after the closing quote. */
  private singleQuoted(q: number): number {
    const t = this.text;
    const contentEnd = this.contentEnd;
    let value = '';
    let from = q + 1;
    let i = from;
    for (;;) {
      if (i >= contentEnd) throw DECLINE; // multi-line or unterminated
      const d = t.charCodeAt(i);
      if (d === SQUOTE) {
        if (t.charCodeAt(i + 1) !== SQUOTE || i + 1 >= contentEnd) break;
        value += t.slice(from, i + 1);
        i += 2;
        from = i;
        continue;
      }
      if (d < 0x7f ? d < 0x20 : isOddChar(d)) throw DECLINE;
      i++;
    }
    this.scalarSource = value + t.slice(from, i);
    this.scalarStyle = Style.Single;
    return i + 1;
  }

  /** A double-quoted scalar closing on this line; returns the position after the closing quote. */
  private doubleQuoted(q: number): number {
    const t = this.text;
    const contentEnd = this.contentEnd;
    let value = '';
    let from = q + 1;
    let i = from;
    for (;;) {
      if (i >= contentEnd) throw DECLINE;
      const d = t.charCodeAt(i);
      if (d === DQUOTE) break;
      if (d === BACKSLASH) {
        if (i + 1 >= contentEnd) throw DECLINE; // an escaped line break
        value += t.slice(from, i);
        const e = t[i + 1]!;
        const fixed = ESCAPES[e];
        if (fixed !== undefined) {
          value += fixed;
          i += 2;
        } else if (e === 'x' || e === 'u' || e === 'U') {
          const length = e === 'x' ? 2 : e === 'u' ? 4 : 8;
          if (i + 2 + length > contentEnd) throw DECLINE;
          for (let k = i + 2; k < i + 2 + length; k++) if (!isHex(t.charCodeAt(k))) throw DECLINE;
          const code = parseInt(t.slice(i + 2, i + 2 + length), 16);
          if (code > 0x10ffff) throw DECLINE;
          value += String.fromCodePoint(code);
          i += 2 + length;
        } else {
          throw DECLINE; // an invalid escape (or `\` and a tab)
        }
        from = i;
        continue;
      }
      if (d < 0x7f ? d < 0x20 : isOddChar(d)) throw DECLINE;
      i++;
    }
    this.scalarSource = value + t.slice(from, i);
    this.scalarStyle = Style.Double;
    return i + 1;
  }

  /** Where the document starting at `segStart` ends: the start of the next `---` line, or the end. */
  private segmentEnd(segStart: number, explicit: boolean): number {
    const t = this.text;
    const length = this.length;
    let i = segStart;
    if (explicit) {
      const nl = t.indexOf('\n', i);
      i = nl < 0 ? length : nl + 1;
    }
    while (i < length) {
      const c = t.charCodeAt(i);
      if (c === DASH && t.charCodeAt(i + 1) === DASH && t.charCodeAt(i + 2) === DASH && this.isEmptyAt(i + 3)) return i;
      if (c === PERCENT) throw DECLINE_FILE;
      const nl = t.indexOf('\n', i);
      if (nl < 0) break;
      i = nl + 1;
    }
    return length;
  }

  /** Parses `text[segStart, segEnd)` with the full parser: its documents, shifted. */
  private fullParse(segStart: number, segEnd: number, explicit: boolean): ParsedDocument[] {
    const parsed = parseDocuments(this.text.slice(segStart, segEnd), segStart);
    if (explicit && parsed.length === 0) throw DECLINE_FILE;
    // Problems and warnings (and where the full parser attributes them) are the whole file's business.
    for (const doc of parsed) if (doc.problems.length > 0 || doc.warnings) throw DECLINE_FILE;
    return parsed;
  }
}

/**
 * Declines a key `entries` already holds (the full parser reports it), looking it up linearly in
 * small mappings and in `seen` from the ninth key on; returns `seen` for the next call.
 */
function claimKey(entries: readonly YEntry[], seen: Set<string> | undefined, key: string): Set<string> | undefined {
  if (seen) {
    if (seen.has(key)) throw DECLINE;
    return seen.add(key);
  }
  for (let k = 0; k < entries.length; k++) if (entries[k]!.key === key) throw DECLINE;
  return entries.length >= 8 ? new Set(entries.map((e) => e.key)).add(key) : undefined;
}

function spaces(count: number): string {
  return count > 0 ? ' '.repeat(count) : '';
}
