// The parser-independent YAML tree the model is extracted from: maps, sequences and scalars with
// source offsets, aliases and merge keys already expanded. Both the full `yaml` parser and the
// fast path for plain block-style manifests produce this shape, so the model never depends on
// which one ran.

export interface Span {
  start: number;
  end: number;
}

export type YNode = YScalar | YMap | YSeq;

export type ScalarStyle = 'plain' | 'single' | 'double' | 'block';

export interface YScalar {
  kind: 'scalar';
  value: string | number | boolean | null;
  style: ScalarStyle;
  span: Span;
}

export interface YEntry {
  key: string;
  keySpan: Span;
  value: YNode;
}

export interface YMap {
  kind: 'map';
  entries: YEntry[];
  flow: boolean;
  span: Span;
}

export interface YSeq {
  kind: 'seq';
  items: YNode[];
  flow: boolean;
  span: Span;
}

export interface ParseProblem {
  message: string;
  span: Span;
}

/** One YAML document of a file: its root (null when empty) and the problems that make it unusable. */
export interface ParsedDocument {
  root: YNode | null;
  problems: ParseProblem[];
  /** YAML that Kubernetes reads but YAML 1.2 rejects (duplicate keys, under-indented lines); the root stands. */
  warnings?: ParseProblem[];
}

export function entry(map: YMap, key: string): YEntry | undefined {
  for (const e of map.entries) if (e.key === key) return e;
  return undefined;
}

/** The null of an empty value (`key:` with nothing after it), zero-width at `at`. */
export function emptyScalar(at: number): YScalar {
  return { kind: 'scalar', value: null, style: 'plain', span: { start: at, end: at } };
}

/** The text a map key converts to, as the `yaml` package turns keys into JavaScript map keys. */
export function keyText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : JSON.stringify(value);
}
