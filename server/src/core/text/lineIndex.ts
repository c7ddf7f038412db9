// Offset ↔ line/character conversion for one text. Characters are UTF-16 code units, which is
// what JavaScript strings index by and what LSP counts by default. Line breaks are "\n", "\r\n"
// and a lone "\r", as both YAML and LSP define them.

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
  ) {}

  /** The index of an empty text, shared by every file that is not analysed. */
  static readonly EMPTY: LineIndex = LineIndex.of('');

  static of(text: string): LineIndex {
    // Most files have no "\r": indexOf finds line feeds several times faster than a loop over
    // every character (this runs once per file, over every byte of the workspace).
    if (text.indexOf('\r') < 0) {
      let count = 1;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
      const starts = new Uint32Array(count);
      let n = 1;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
      return new LineIndex(text.length, starts);
    }
    // Two passes (count, then fill) so the only allocation is the typed array itself.
    let count = 1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) count++;
    }
    const starts = new Uint32Array(count);
    let n = 1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts[n++] = i + 1;
    }
    return new LineIndex(text.length, starts);
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

  offset(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.length;
    const start = this.lineStarts[position.line]!;
    // A character past the line's end stays on the line (LSP: it falls back to the end).
    const next = this.lineStarts[position.line + 1];
    return Math.min(start + Math.max(0, position.character), next === undefined ? this.length : next - 1);
  }
}
