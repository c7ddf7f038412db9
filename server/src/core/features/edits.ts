// Minimal text edits to YAML that keep the file's shape: insertions go after the last sibling's
// line (so trailing comments stay put), use the siblings' column, the file's indentation unit,
// sequence style and line breaks, and keep quoting when a scalar is replaced. Existing text is
// never re-serialised; only new content is rendered with the `yaml` stringifier.

import { stringify } from 'yaml';
import type { Resource } from '../model/resource.js';
import { parseYaml } from '../syntax/fastPath.js';
import type { Span, YMap, YNode, YSeq } from '../syntax/tree.js';
import { entry } from '../syntax/tree.js';
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

export class EditableFile {
  readonly lines: LineIndex;
  readonly eol: string;
  readonly indent: number;
  /** Sequences written at their key's column (`key:\n- item`) rather than indented. */
  readonly compactSequences: boolean;
  private roots: YNode[] | undefined;

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

  /** The root mapping of `resource` in this file (re-parsed on demand; files are small). */
  find(resource: Resource): YMap | undefined {
    this.roots ??= parseYaml(this.text).flatMap((d) => (d.root ? [d.root] : []));
    const stack = [...this.roots];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.kind === 'map' && n.span.start === resource.span.start) return n;
      if (n.kind === 'map')
        for (const e of n.entries) if (e.key === 'items' && e.value.kind === 'seq') stack.push(...e.value.items);
    }
    return undefined;
  }

  /** The mapping that starts at `offset`, at any depth (a kustomization's generator entry, …). */
  mapAt(offset: number): YMap | undefined {
    this.roots ??= parseYaml(this.text).flatMap((d) => (d.root ? [d.root] : []));
    const stack: YNode[] = [...this.roots];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.span.start > offset || n.span.end <= offset) continue;
      if (n.kind === 'map') {
        if (n.span.start === offset) return n;
        for (const e of n.entries) stack.push(e.value);
      } else if (n.kind === 'seq') stack.push(...n.items);
    }
    return undefined;
  }

  replace(span: Span, value: string): TextEdit {
    const old = this.text.slice(span.start, span.end);
    const quote = old.startsWith('"') ? '"' : old.startsWith("'") ? "'" : '';
    return this.edit(span.start, span.end, quote ? `${quote}${value}${quote}` : value);
  }

  appendToSeq(seq: YSeq, ...items: unknown[]): TextEdit {
    if (seq.flow || seq.items.length === 0) {
      const close = seq.span.end - 1;
      return this.edit(close, close, `${seq.items.length > 0 ? ', ' : ''}${items.map(renderFlow).join(', ')}`);
    }
    const column = this.column(seq.span.start);
    const at = this.lineEnd(seq.items[seq.items.length - 1]!.span.end);
    return this.edit(at, at, this.eol + this.block(items, column));
  }

  /**
   * Inserts `item` where a sorted block sequence would hold it: when the items are in ascending
   * order under one of `orders` (each a list of keys compared in turn), before the first item that
   * sorts after it; otherwise (or in a flow sequence) at the end.
   */
  insertSorted(seq: YSeq, item: Record<string, unknown>, orders: readonly (readonly string[])[]): TextEdit {
    if (seq.flow || seq.items.length < 2) return this.appendToSeq(seq, item);
    const keyOf = (fields: readonly string[], get: (k: string) => unknown) =>
      fields.map((k) => {
        const v = get(k);
        return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
      });
    const compare = (a: string[], b: string[]) => {
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
      return 0;
    };
    for (const fields of orders) {
      const keys = seq.items.map((n) =>
        n.kind === 'map'
          ? keyOf(fields, (k) => {
              const v = entry(n, k)?.value;
              return v?.kind === 'scalar' ? v.value : undefined;
            })
          : undefined,
      );
      if (keys.some((k) => k === undefined)) continue;
      const sorted = keys.every((k, i) => i === 0 || compare(keys[i - 1]!, k!) <= 0);
      if (!sorted) continue;
      const mine = keyOf(fields, (k) => item[k]);
      const before = keys.findIndex((k) => compare(mine, k!) < 0);
      if (before < 0) break;
      const lineStart = this.lines.offset({
        line: this.lines.position(seq.items[before]!.span.start).line,
        character: 0,
      });
      return this.edit(lineStart, lineStart, this.block([item], this.column(seq.span.start)) + this.eol);
    }
    return this.appendToSeq(seq, item);
  }

  /** Adds entries after the last entry of a mapping. */
  addEntries(map: YMap, entries: Record<string, unknown>): TextEdit {
    if (map.flow || map.entries.length === 0) {
      const close = map.span.end - 1;
      return this.edit(close, close, `${map.entries.length > 0 ? ', ' : ''}${renderFlow(entries).slice(1, -1).trim()}`);
    }
    const column = this.column(map.entries[0]!.keySpan.start);
    const at = this.lineEnd(map.entries[map.entries.length - 1]!.value.span.end);
    return this.edit(at, at, this.eol + this.block(entries, column));
  }

  /**
   * Merges `object` into `map`: missing keys are added in one insertion after the last entry,
   * nested mappings are merged recursively, arrays are appended to existing sequences, and
   * scalars in the way are replaced (keeping quotes).
   */
  merge(map: YMap, object: Record<string, unknown>): TextEdit[] {
    const edits: TextEdit[] = [];
    const missing: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(object)) {
      const existing = entry(map, key);
      const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
      if (!existing) missing[key] = value;
      else if (existing.value.kind === 'map' && isObject)
        edits.push(...this.merge(existing.value, value as Record<string, unknown>));
      else if (existing.value.kind === 'seq' && Array.isArray(value))
        edits.push(this.appendToSeq(existing.value, ...(value as unknown[])));
      else if (existing.value.kind === 'scalar' && existing.value.value === null)
        edits.push(this.fillEmpty(existing.keySpan, existing.value.span, value));
      else if (existing.value.kind === 'scalar' && !isObject && !Array.isArray(value))
        edits.push(this.replace(existing.value.span, String(value)));
      else edits.push(this.edit(existing.value.span.start, existing.value.span.end, renderFlow(value)));
    }
    if (Object.keys(missing).length > 0) edits.push(this.addEntries(map, missing));
    return edits;
  }

  /** Writes a block under `key:` whose value is empty (or an explicit null). */
  private fillEmpty(keySpan: Span, valueSpan: Span, value: unknown): TextEdit {
    const column = this.column(keySpan.start) + this.indent;
    const block =
      typeof value === 'object' && value !== null ? this.eol + this.block(value, column) : ` ${renderFlow(value)}`;
    if (valueSpan.end > valueSpan.start)
      return this.edit(valueSpan.start, valueSpan.end, block.startsWith(' ') ? block.slice(1) : block);
    const at = this.lineEnd(keySpan.end);
    return this.edit(at, at, block);
  }

  /** Appends a new YAML document at the end of the file. */
  appendDocument(object: unknown, comment?: string): TextEdit {
    const end = this.text.length;
    const needsBreak = end > 0 && !this.text.endsWith('\n');
    const body = `${needsBreak ? this.eol : ''}---${this.eol}${comment ? `# ${comment}${this.eol}` : ''}${this.block(object, 0)}${this.eol}`;
    return this.edit(end, end, end === 0 ? body.replace(/^---\r?\n/, '') : body);
  }

  /** Text for a new file with one document. */
  static newFile(object: unknown, comment: string | undefined, eol = '\n'): string {
    const body = stringify(object, { lineWidth: 0 }).trimEnd().split('\n').join(eol);
    return `${comment ? `# ${comment}${eol}` : ''}${body}${eol}`;
  }

  private block(value: unknown, column: number): string {
    const text = stringify(value, { indent: this.indent, indentSeq: !this.compactSequences, lineWidth: 0 }).trimEnd();
    const pad = ' '.repeat(column);
    return text
      .split('\n')
      .map((l) => (l === '' ? l : pad + l))
      .join(this.eol);
  }

  private column(offset: number): number {
    return this.lines.position(offset).character;
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

function renderFlow(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trim();
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

/** Navigates `spec.listeners[0].allowedRoutes`-style paths in a tree. */
export function nodeAt(root: YNode, path: string): YNode | undefined {
  let node: YNode | undefined = root;
  for (const step of path.split('.').flatMap((p) => p.split(/\[(\d+)\]/).filter((x) => x !== ''))) {
    if (!node) return undefined;
    if (node.kind === 'map') node = entry(node, step)?.value;
    else if (node.kind === 'seq') node = node.items[Number(step)];
    else return undefined;
  }
  return node;
}
