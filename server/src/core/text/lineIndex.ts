// Offset ↔ line/character conversion for one text. Characters are UTF-16 code units, which is
// what JavaScript strings index by and what LSP counts by default. Line breaks are "\n", "\r\n"
// and a lone "\r", as both YAML and LSP define them. Diagnostics ask for the range they underline
// (`underline`), which leaves out the indentation of the lines a span runs over; every other range
// (hovers, definitions, edits) is exact.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export class LineIndex {
  constructor(
    private readonly length: number,
    /** Offset of the first character of each line (a typed array: a workspace holds millions). */
    private readonly lineStarts: Uint32Array,
    /**
     * Offset just past the last character of each line that is not a space, a tab or part of the
     * line break (the line's start when it has none): only the text knows where a line's content
     * ends, and ranges are made when the text is gone.
     */
    private readonly contentEnds: Uint32Array,
  ) {}

  /** The index of an empty text, shared by every file that is not analysed. */
  static readonly EMPTY: LineIndex = LineIndex.of('');

  static of(text: string): LineIndex {
    // Most files have no "\r": indexOf finds line feeds several times faster than a loop over
    // every character (this runs once per file, over every byte of the workspace), and a line's
    // content end is found backwards from its break, past trailing spaces and tabs only.
    if (text.indexOf('\r') < 0) {
      let count = 1;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
      const starts = new Uint32Array(count);
      const ends = new Uint32Array(count);
      for (let n = 0, lineStart = 0; n < count; n++) {
        const br = text.indexOf('\n', lineStart);
        const lineEnd = br < 0 ? text.length : br;
        let end = lineEnd;
        while (end > lineStart && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
        starts[n] = lineStart;
        ends[n] = end;
        lineStart = lineEnd + 1;
      }
      return new LineIndex(text.length, starts, ends);
    }
    // Two passes (count, then fill) so the only allocation is the typed array itself.
    let count = 1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) count++;
    }
    const starts = new Uint32Array(count);
    const ends = new Uint32Array(count);
    let n = 1;
    let contentEnd = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
        ends[n - 1] = contentEnd;
        starts[n++] = i + 1;
        contentEnd = i + 1;
      } else if (c !== 32 && c !== 9 && c !== 13) contentEnd = i + 1;
    }
    ends[n - 1] = contentEnd;
    return new LineIndex(text.length, starts, ends);
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low]! };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /**
   * The range a diagnostic underlines for a span. A span over several lines (a whole parentRef or
   * backendRef mapping) is cut to the rest of its first line's content, so the underline neither
   * runs over the indentation of the lines below nor hides what they say; the span's start, which
   * fixes and markers are keyed by, stays. A span whose first line holds nothing after its start
   * keeps its full range.
   */
  underline(start: number, end: number): Range {
    const from = this.position(start);
    const to = this.position(end);
    if (to.line === from.line) return { start: from, end: to };
    const contentEnd = this.contentEnds[from.line]! - this.lineStarts[from.line]!;
    return contentEnd > from.character
      ? { start: from, end: { line: from.line, character: contentEnd } }
      : { start: from, end: to };
  }

  offset(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.length;
    const start = this.lineStarts[position.line]!;
    // A character past the line's end stays on the line (LSP: it falls back to the end).
    const next = this.lineStarts[position.line + 1];
    return Math.min(start + Math.max(0, position.character), next === undefined ? this.length : next - 1);
  }
}
