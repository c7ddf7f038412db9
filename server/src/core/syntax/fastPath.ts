// A fast path for the plain block-style YAML that Kubernetes manifests are written in: block
// mappings and sequences, single-line plain and quoted scalars, comments, `---` and `...`. It
// produces exactly the trees `parseDocuments` (parse.ts) produces, spans included, and never
// reports problems: whatever it does not fully understand is handed to the full parser.
//
// Granularity of the hand-off is the document. Every line that starts with `---` followed by
// white space or the end of the line starts a document, whatever the full parser's state (its
// lexer checks for the marker at every line start, in block, flow and quoted context alike), so
// the text between two such lines can be parsed on its own. A document the fast path declines is
// parsed from its own slice by the full parser and its spans are shifted; if that slice has any
// problem at all, or the file has directives or a byte order mark, the whole file goes to the
// full parser, so error reporting (and where errors are attributed) is never the fast path's.
//
// The subset, exactly (anything else declines the document):
// - indentation by spaces only; no tab anywhere outside comments;
// - block mappings whose keys are single-line plain or quoted scalars followed by `:` and a space
//   or the end of the line, all at the same column; values on the key's line are single-line
//   scalars, values on following lines are block collections (a sequence may sit at the key's
//   column); an empty value is null;
// - block sequences, with `- key: v` compact mappings and `- - x` nested sequences;
// - the empty flow collections `{}` and `[]` where a single-line scalar could be;
// - plain scalars that start with no indicator character and contain no `: `, quoted scalars that
//   close on their line (double-quoted escapes as YAML 1.2 defines them);
// - full-line and trailing comments, blank lines, CRLF or LF, `---` and `...` lines with at most
//   a comment after them, and nothing but comments between `...` and the next `---`.
// Keys that are `<<` (merge keys), keys that collide after conversion to text (duplicates, and
// `1`/`"1"`), keys longer than 1,000 characters and nesting deeper than 100 levels also decline.

import { parseDocuments } from './parse.js';
import type { ParsedDocument, ScalarStyle, Span, YEntry, YMap, YNode, YScalar, YSeq } from './tree.js';

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

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const PERCENT = 37;
const CR = 13;
const BACKSLASH = 92;
const DQUOTE = 34;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const SQUOTE = 39;

/** ASCII characters a plain scalar may not start with (`-` is handled separately): indicators,
 * reserved characters, and the quotes (which start quoted scalars, handled before). */
const BAD_PLAIN_START = new Uint8Array(128);
for (const ch of '?:,[]{}#&*!|>\'"%@`') BAD_PLAIN_START[ch.charCodeAt(0)] = 1;
for (let c = 0; c < 32; c++) BAD_PLAIN_START[c] = 1;
BAD_PLAIN_START[127] = 1;

/** Double-quoted escapes with a fixed replacement (YAML 1.2 §5.7), by the character after `\`. */
const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
};

/** Characters the fast path leaves to the full parser wherever they occur in content: controls
 * (tab included), DEL and C1 controls, the Unicode line and paragraph separators and the BOM. */
function isOddChar(c: number): boolean {
  return c < 0x20 || (c >= 0x7f && (c <= 0x9f || c === 0x2028 || c === 0x2029 || c === 0xfeff));
}

function isFlowStart(c: number): boolean {
  return c === LBRACE || c === LBRACKET;
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
  if (FLOAT_NAN_RE.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : c === 45 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP_RE.test(s) || FLOAT_RE.test(s)) return parseFloat(s);
  return s;
}

/** The text a plain key converts to (parse.ts's `keyText` of the resolved value). */
function plainKeyText(s: string): string {
  const v = resolvePlain(s);
  return v === null ? '' : typeof v === 'string' ? v : String(v);
}

/** How a file's documents were parsed (for tests and measurements). */
export interface FastPathStats {
  /** Documents the fast path parsed. */
  fast: number;
  /** Segments (a `---` line up to the next) the fast path declined and the full parser parsed. */
  declined: number;
}

/**
 * The documents of `text`, exactly as `parseDocuments(text)` returns them, or `undefined` when the
 * file has to go to the full parser as a whole. Documents outside the subset are parsed one by one
 * by the full parser.
 */
export function fastParseDocuments(text: string, stats?: FastPathStats): ParsedDocument[] | undefined {
  if (text.indexOf('\uFEFF') >= 0) return undefined;
  try {
    return new FastParser(text, stats).documents();
  } catch (error) {
    if (error === DECLINE_FILE) return undefined;
    throw error;
  }
}

class FastParser {
  private readonly n: number;

  // The current line: its kind, start, end (at `\n` or the end of the text), content end
  // (before a `\r\n`), indentation and first content character.
  private kind: Line = Line.Eof;
  private ls = 0;
  private le = 0;
  private ce = 0;
  private ind = 0;
  private cs = 0;

  // The last scalar `scan` read: span, value (unresolved text for plain scalars), style, and the
  // position after the `:` when it is a mapping key (else -1).
  private sStart = 0;
  private sEnd = 0;
  private sValue = '';
  private sStyle = Style.Plain;
  private sAfterColon = -1;

  constructor(private readonly text: string, private readonly stats: FastPathStats | undefined) {
    this.n = text.length;
  }

  documents(): ParsedDocument[] {
    const docs: ParsedDocument[] = [];
    let segStart = 0;
    let explicit = false;
    this.nextLine(0);
    for (;;) {
      try {
        const doc = this.document(explicit);
        if (doc) {
          docs.push(doc);
          if (this.stats) this.stats.fast++;
        }
      } catch (error) {
        if (error !== DECLINE) throw error;
        const segEnd = this.segmentEnd(segStart, explicit);
        this.fullParse(segStart, segEnd, explicit, docs);
        if (this.stats) this.stats.declined++;
        this.nextLine(segEnd);
      }
      if (this.kind === Line.Eof) return docs;
      // Line.DocStart: the next document begins on this line.
      segStart = this.ls;
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
    let p = this.ls + 3;
    while (p < this.ce && t.charCodeAt(p) === SPACE) p++;
    if (p < this.ce && t.charCodeAt(p) !== HASH) throw DECLINE;
    this.nextLine(this.le + 1);
    return this.kind;
  }

  /** Moves to the first line at or after `from` that is not blank or a comment. */
  private nextLine(from: number): void {
    const t = this.text;
    const n = this.n;
    let i = from;
    while (i < n) {
      let j = i;
      let c = t.charCodeAt(j);
      while (c === SPACE) c = t.charCodeAt(++j);
      let le = t.indexOf('\n', j);
      if (le < 0) le = n;
      const ce = le < n && le > j && t.charCodeAt(le - 1) === CR ? le - 1 : le;
      if (j === ce || c === HASH) {
        i = le + 1;
        continue;
      }
      this.ls = i;
      this.le = le;
      this.ce = ce;
      this.ind = j - i;
      this.cs = j;
      this.kind = Line.Content;
      if (j === i) {
        if ((c === DASH || c === DOT) && t.charCodeAt(i + 1) === c && t.charCodeAt(i + 2) === c && this.isEmptyAt(i + 3)) {
          this.kind = c === DASH ? Line.DocStart : Line.DocEnd;
        } else if (c === PERCENT) {
          throw DECLINE_FILE; // a directive, or a line the full parser may read as one
        }
      }
      return;
    }
    this.kind = Line.Eof;
    this.ls = this.le = this.ce = this.cs = n;
    this.ind = 0;
  }

  /** The `yaml` lexer's test for the character after `---`, `...` and indicators. */
  private isEmptyAt(i: number): boolean {
    if (i >= this.n) return true;
    const c = this.text.charCodeAt(i);
    return c === SPACE || c === 10 || c === CR || c === 9;
  }

  /** A `-` at `i` that starts a sequence item (followed by a space or the end of the line). */
  private isSeqIndicator(i: number): boolean {
    return this.text.charCodeAt(i) === DASH && (i + 1 >= this.ce || this.text.charCodeAt(i + 1) === SPACE);
  }

  /** The block collection that starts the current line's content. */
  private block(depth: number): YNode {
    if (this.isSeqIndicator(this.cs)) return this.seq(this.ind, this.cs, depth);
    if (!this.scan(this.cs)) throw DECLINE; // a scalar on its own line (maybe multi-line)
    return this.map(this.ind, depth);
  }

  /** A block sequence at column `col` whose first `-` is at `p` on the current line. */
  private seq(col: number, p: number, depth: number): YSeq {
    if (depth > MAX_FAST_DEPTH) throw DECLINE;
    const t = this.text;
    const items: YNode[] = [];
    const start = p;
    for (;;) {
      let q = p + 1;
      while (q < this.ce && t.charCodeAt(q) === SPACE) q++;
      let item: YNode;
      if (q >= this.ce || t.charCodeAt(q) === HASH) {
        // Nothing on the `-` line: the item is on the following lines, or it is null (placed
        // where the full parser places empty items, after the spaces that follow the `-`).
        this.nextLine(this.le + 1);
        item = this.kind === Line.Content && this.ind > col ? this.block(depth + 1) : emptyScalar(q);
      } else if (this.isSeqIndicator(q)) {
        item = this.seq(q - this.ls, q, depth + 1);
      } else if (isFlowStart(t.charCodeAt(q))) {
        item = this.emptyFlow(q);
        this.nextLine(this.le + 1);
      } else if (this.scan(q)) {
        item = this.map(q - this.ls, depth + 1);
      } else {
        item = this.scalar();
        this.nextLine(this.le + 1);
      }
      items.push(item);
      if (this.kind !== Line.Content || this.ind < col) break;
      if (this.ind > col) throw DECLINE; // a continuation line, or bad indentation
      if (!this.isSeqIndicator(this.cs)) break; // the parent mapping's next key (checked there)
      p = this.cs;
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
      const keyStart = this.sStart;
      const keyEnd = this.sEnd;
      if (this.sAfterColon - keyStart > MAX_KEY_LENGTH) throw DECLINE;
      const key = this.sStyle === Style.Plain ? plainKeyText(this.sValue) : this.sValue;
      if (key === '<<') throw DECLINE; // a merge key
      if (seen) {
        if (seen.has(key)) throw DECLINE;
        seen.add(key);
      } else {
        for (let k = 0; k < entries.length; k++) if (entries[k]!.key === key) throw DECLINE;
        if (entries.length >= 8) seen = new Set(entries.map((e) => e.key)).add(key);
      }
      let q = this.sAfterColon;
      while (q < this.ce && t.charCodeAt(q) === SPACE) q++;
      let value: YNode;
      if (q >= this.ce || t.charCodeAt(q) === HASH) {
        this.nextLine(this.le + 1);
        if (this.kind === Line.Content && this.ind > col) value = this.block(depth + 1);
        else if (this.kind === Line.Content && this.ind === col && this.isSeqIndicator(this.cs)) value = this.seq(col, this.cs, depth + 1);
        else value = emptyScalar(keyEnd);
      } else if (isFlowStart(t.charCodeAt(q))) {
        value = this.emptyFlow(q);
        this.nextLine(this.le + 1);
      } else {
        if (this.scan(q)) throw DECLINE; // `a: b: c`
        value = this.scalar();
        this.nextLine(this.le + 1);
      }
      entries.push({ key, keySpan: { start: keyStart, end: keyEnd }, value });
      if (this.kind !== Line.Content || this.ind < col) break;
      if (this.ind > col) throw DECLINE;
      if (this.isSeqIndicator(this.cs)) throw DECLINE; // `- x` at a mapping's column
      if (!this.scan(this.cs)) throw DECLINE;
    }
    return { kind: 'map', entries, flow: false, span: { start: entries[0]!.keySpan.start, end: entries[entries.length - 1]!.value.span.end } };
  }

  /** `{}` or `[]` at `q`, alone on the rest of the line but for a comment (common in manifests:
   * `resources: {}`, `backendRefs: []`). Any other flow collection declines. */
  private emptyFlow(q: number): YMap | YSeq {
    const t = this.text;
    const open = t.charCodeAt(q);
    if (t.charCodeAt(q + 1) !== (open === LBRACE ? RBRACE : RBRACKET) || q + 1 >= this.ce) throw DECLINE;
    let j = q + 2;
    while (j < this.ce && t.charCodeAt(j) === SPACE) j++;
    if (j < this.ce && !(t.charCodeAt(j) === HASH && j > q + 2)) throw DECLINE;
    const span = { start: q, end: q + 2 };
    return open === LBRACE ? { kind: 'map', entries: [], flow: true, span } : { kind: 'seq', items: [], flow: true, span };
  }

  /** The scalar `scan` read last. */
  private scalar(): YScalar {
    const value = this.sStyle === Style.Plain ? resolvePlain(this.sValue) : this.sValue;
    return { kind: 'scalar', value, style: STYLE_NAMES[this.sStyle]!, span: { start: this.sStart, end: this.sEnd } };
  }

  /**
   * Reads the single-line scalar at `q` on the current line and what follows it. Returns true when
   * it is a mapping key (followed by `:` and a space or the line end); otherwise the rest of the
   * line is at most a comment. Declines anything else.
   */
  private scan(q: number): boolean {
    const t = this.text;
    const ce = this.ce;
    const c = t.charCodeAt(q);
    if (c === DQUOTE || c === SQUOTE) {
      const end = c === SQUOTE ? this.singleQuoted(q) : this.doubleQuoted(q);
      this.sStart = q;
      this.sEnd = end;
      let j = end;
      while (j < ce && t.charCodeAt(j) === SPACE) j++;
      if (j >= ce || (t.charCodeAt(j) === HASH && j > end)) {
        this.sAfterColon = -1;
        return false;
      }
      if (t.charCodeAt(j) === COLON && (j + 1 >= ce || t.charCodeAt(j + 1) === SPACE)) {
        this.sAfterColon = j + 1;
        return true;
      }
      throw DECLINE;
    }
    if (c < 128 ? BAD_PLAIN_START[c] === 1 : isOddChar(c)) throw DECLINE;
    if (c === DASH && this.isSeqIndicator(q)) throw DECLINE; // `key: - x`
    let i = q;
    let end = q;
    let afterColon = -1;
    while (i < ce) {
      const d = t.charCodeAt(i);
      if (d === COLON) {
        if (i + 1 >= ce || t.charCodeAt(i + 1) === SPACE) {
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
    this.sStart = q;
    this.sEnd = end;
    this.sValue = t.slice(q, end);
    this.sStyle = Style.Plain;
    this.sAfterColon = afterColon;
    return afterColon >= 0;
  }

  /** A single-quoted scalar closing on this line; returns the position after the closing quote. */
  private singleQuoted(q: number): number {
    const t = this.text;
    const ce = this.ce;
    let value = '';
    let from = q + 1;
    let i = from;
    for (;;) {
      if (i >= ce) throw DECLINE; // multi-line or unterminated
      const d = t.charCodeAt(i);
      if (d === SQUOTE) {
        if (t.charCodeAt(i + 1) !== SQUOTE || i + 1 >= ce) break;
        value += t.slice(from, i + 1);
        i += 2;
        from = i;
        continue;
      }
      if (d < 0x7f ? d < 0x20 : isOddChar(d)) throw DECLINE;
      i++;
    }
    this.sValue = value + t.slice(from, i);
    this.sStyle = Style.Single;
    return i + 1;
  }

  /** A double-quoted scalar closing on this line; returns the position after the closing quote. */
  private doubleQuoted(q: number): number {
    const t = this.text;
    const ce = this.ce;
    let value = '';
    let from = q + 1;
    let i = from;
    for (;;) {
      if (i >= ce) throw DECLINE;
      const d = t.charCodeAt(i);
      if (d === DQUOTE) break;
      if (d === BACKSLASH) {
        if (i + 1 >= ce) throw DECLINE; // an escaped line break
        value += t.slice(from, i);
        const e = t[i + 1]!;
        const fixed = ESCAPES[e];
        if (fixed !== undefined) {
          value += fixed;
          i += 2;
        } else if (e === 'x' || e === 'u' || e === 'U') {
          const length = e === 'x' ? 2 : e === 'u' ? 4 : 8;
          if (i + 2 + length > ce) throw DECLINE;
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
    this.sValue = value + t.slice(from, i);
    this.sStyle = Style.Double;
    return i + 1;
  }

  /** Where the document starting at `segStart` ends: the start of the next `---` line, or the end. */
  private segmentEnd(segStart: number, explicit: boolean): number {
    const t = this.text;
    const n = this.n;
    let i = segStart;
    if (explicit) {
      const nl = t.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
    }
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === DASH && t.charCodeAt(i + 1) === DASH && t.charCodeAt(i + 2) === DASH && this.isEmptyAt(i + 3)) return i;
      if (c === PERCENT) throw DECLINE_FILE;
      const nl = t.indexOf('\n', i);
      if (nl < 0) break;
      i = nl + 1;
    }
    return n;
  }

  /** Parses `text[segStart, segEnd)` with the full parser and appends its documents, shifted. */
  private fullParse(segStart: number, segEnd: number, explicit: boolean, docs: ParsedDocument[]): void {
    const parsed = parseDocuments(this.text.slice(segStart, segEnd));
    if (explicit && parsed.length === 0) throw DECLINE_FILE;
    for (const doc of parsed) {
      // Problems (and where the full parser attributes them) are the whole file's business.
      if (doc.problems.length > 0) throw DECLINE_FILE;
      docs.push({ root: doc.root && segStart > 0 ? shift(doc.root, segStart) : doc.root, problems: [] });
    }
  }
}

function emptyScalar(at: number): YScalar {
  return { kind: 'scalar', value: null, style: 'plain', span: { start: at, end: at } };
}

function shiftSpan(s: Span, by: number): Span {
  return { start: s.start + by, end: s.end + by };
}

/** A copy of `node` with every span moved by `by` (copies: nodes from alias expansion may share). */
function shift(node: YNode, by: number): YNode {
  switch (node.kind) {
    case 'scalar':
      return { kind: 'scalar', value: node.value, style: node.style, span: shiftSpan(node.span, by) };
    case 'map':
      return { kind: 'map', entries: node.entries.map((e) => ({ key: e.key, keySpan: shiftSpan(e.keySpan, by), value: shift(e.value, by) })), flow: node.flow, span: shiftSpan(node.span, by) };
    case 'seq':
      return { kind: 'seq', items: node.items.map((item) => shift(item, by)), flow: node.flow, span: shiftSpan(node.span, by) };
  }
}
