// Where a cursor is in a YAML document that is being typed, read from the lines alone: the key path
// from the document's root, whether a key or a value is being written, the word under the cursor,
// and the scalar fields of the mapping around it. A document in the middle of an edit rarely
// parses, so completion cannot wait for a tree; block-style indentation is enough to know the
// path. Flow collections are not followed (completion offers nothing inside them).

export interface LinePart {
  /** Columns of the `- ` sequence indicators, outermost first. */
  dashes: number[];
  key?: string;
  keyColumn: number;
  /** The scalar after `key:` (quotes and a trailing comment removed), '' when the value is a block below. */
  value: string;
}

export interface YamlCursor {
  /** Keys from the document root to the cursor; `[]` stands for a sequence item. */
  path: string[];
  /** `key`: a key of the mapping at `path` is being written; `value`: the value of `path`'s last key. */
  at: 'key' | 'value';
  /** The partial word under the cursor (on the cursor's line), which a completion replaces. */
  word: { line: number; start: number; end: number; text: string };
  /** Scalar fields of the mapping the cursor is in, by key (the one being written excluded). */
  siblings: Map<string, string>;
  /** Column of that mapping's keys, for inserting a sibling line. */
  column: number;
  /** The cursor's line and its length (a sibling line goes after it). */
  line: number;
  lineLength: number;
  /** Top-level fields of the document. */
  doc: { kind?: string; apiVersion?: string; name?: string; namespace?: string };
}

const KEY = /^((?:"[^"]*"|'[^']*'|[^\s#'"{[\]},][^#]*?))\s*:(?:\s+|$)/;

/** One line of block YAML: its sequence indicators, key and scalar value (undefined for blank and comment lines). */
export function readLine(line: string): LinePart | undefined {
  let i = 0;
  const dashes: number[] = [];
  for (;;) {
    while (line[i] === ' ') i++;
    if (line[i] === '-' && (line[i + 1] === ' ' || i + 1 === line.length)) {
      dashes.push(i);
      i++;
      continue;
    }
    break;
  }
  const rest = line.slice(i);
  if (rest === '' || rest.startsWith('#')) return dashes.length > 0 ? { dashes, keyColumn: i, value: '' } : undefined;
  const m = KEY.exec(rest);
  if (!m) return { dashes, keyColumn: i, value: scalar(rest) };
  return { dashes, key: unquote(m[1]!), keyColumn: i, value: scalar(rest.slice(m[0].length)) };
}

function unquote(s: string): string {
  return (s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'")) ? s.slice(1, -1) : s;
}

function scalar(s: string): string {
  const hash = s.search(/(^|\s)#/);
  return unquote((hash < 0 ? s : s.slice(0, hash)).trim());
}

const isSeparator = (line: string) => /^(---|\.\.\.)(\s|$)/.test(line);

/** The cursor context at a line and character, or undefined where completion has nothing to say (a comment, a flow collection). */
export function yamlCursor(text: string, lineNo: number, character: number): YamlCursor | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  const current = lines[lineNo];
  if (current === undefined) return undefined;
  let first = lineNo;
  while (first > 0 && !isSeparator(lines[first - 1]!)) first--;
  let last = lineNo;
  while (last + 1 < lines.length && !isSeparator(lines[last + 1]!)) last++;
  if (isSeparator(current)) return undefined;

  const prefix = current.slice(0, character);
  if (/(^|\s)#/.test(prefix) || /[[{]/.test(prefix)) return undefined;
  const lead = /^((?:\s*-(?=\s))*)\s*/.exec(prefix)![0];
  const dashes = readLine(lead)?.dashes ?? [];
  const body = prefix.slice(lead.length);
  let at: YamlCursor['at'];
  const keyColumn = lead.length;
  let ownKey: string | undefined;
  let wordStart: number;
  const valueMatch = KEY.exec(body) ?? /^((?:"[^"]*"|'[^']*'|[^\s#'"][^:#]*?))\s*:$/.exec(body);
  if (valueMatch) {
    at = 'value';
    ownKey = unquote(valueMatch[1]!);
    const rest = body.slice(valueMatch[0].length);
    const quote = /^\s*["']?/.exec(rest)![0];
    wordStart = character - rest.length + quote.length;
    if (rest.slice(quote.length).includes(' ') && quote.trim() === '') return undefined;
  } else if (/^[^\s:#]*$/.test(body)) {
    at = 'key';
    wordStart = lead.length;
  } else return undefined;
  let wordEnd = character;
  while (wordEnd < current.length && /[^\s:#"',\]}]/.test(current[wordEnd]!)) wordEnd++;

  // Ancestors: walk up from the cursor's mapping (or sequence, when the line opens an item),
  // taking each line that holds the block enclosing it: a key left of it, or an item's `- `.
  const path: string[] = [];
  let column = keyColumn;
  let inSequence = false;
  const enterItems = (ds: number[]) => {
    for (let k = ds.length - 1; k >= 0; k--) {
      if (ds[k]! >= column) continue;
      path.unshift('[]');
      column = ds[k]!;
      inSequence = true;
    }
  };
  enterItems(dashes);
  for (let i = lineNo - 1; i >= first && (column > 0 || inSequence); i--) {
    const part = readLine(lines[i]!);
    if (!part) continue;
    if (inSequence) {
      if (part.dashes.includes(column)) continue; // a sibling item
      if (part.key !== undefined && part.keyColumn <= column && part.value === '') {
        path.unshift(part.key);
        column = part.keyColumn;
        inSequence = false;
        enterItems(part.dashes);
      }
      continue;
    }
    if (part.key !== undefined && part.keyColumn < column) {
      path.unshift(part.key);
      column = part.keyColumn;
    }
    if (part.keyColumn <= column) enterItems(part.dashes);
  }
  if (column > 0 || inSequence) return undefined;

  const siblings = new Map<string, string>();
  const addSibling = (part: LinePart) => {
    if (part.key !== undefined && part.keyColumn === keyColumn && part.key !== ownKey)
      siblings.set(part.key, part.value);
  };
  if (!dashes.some((d) => d < keyColumn)) {
    for (let i = lineNo - 1; i >= first; i--) {
      const part = readLine(lines[i]!);
      if (!part) continue;
      if ((part.dashes[0] ?? part.keyColumn) < keyColumn) {
        if (part.dashes.length > 0) addSibling(part);
        break;
      }
      addSibling(part);
    }
  }
  for (let i = lineNo + 1; i <= last; i++) {
    const part = readLine(lines[i]!);
    if (!part) continue;
    if ((part.dashes[0] ?? part.keyColumn) < keyColumn) break;
    addSibling(part);
  }

  return {
    path: at === 'value' ? [...path, ownKey!] : path,
    at,
    word: { line: lineNo, start: wordStart, end: wordEnd, text: current.slice(wordStart, character) },
    siblings,
    column: keyColumn,
    line: lineNo,
    lineLength: current.length,
    doc: documentFields(lines, first, last),
  };
}

/** `kind`, `apiVersion`, `metadata.name` and `metadata.namespace` of the document between two lines. */
function documentFields(lines: string[], first: number, last: number): YamlCursor['doc'] {
  const doc: YamlCursor['doc'] = {};
  let inMetadata = false;
  let metadataColumn = -1;
  for (let i = first; i <= last; i++) {
    const part = readLine(lines[i]!);
    if (!part || part.key === undefined || part.dashes.length > 0) continue;
    if (part.keyColumn === 0) {
      inMetadata = part.key === 'metadata';
      if (part.key === 'kind' && part.value) doc.kind = part.value;
      if (part.key === 'apiVersion' && part.value) doc.apiVersion = part.value;
      continue;
    }
    if (!inMetadata) continue;
    if (metadataColumn < 0) metadataColumn = part.keyColumn;
    if (part.keyColumn !== metadataColumn) continue;
    if (part.key === 'name' && part.value) doc.name = part.value;
    if (part.key === 'namespace' && part.value) doc.namespace = part.value;
  }
  return doc;
}
