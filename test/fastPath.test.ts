// The fast path for plain block-style YAML (core/syntax/fastPath.ts) against the full parser: on
// every YAML file in the repository, on thousands of generated documents, and on each construct it
// must leave to the full parser. Whenever it answers, the answer must be deep-equal to
// `parseDocuments` (spans, styles and number edge cases included).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { FastPathStats } from '../server/src/core/syntax/fastPath.js';
import { fastParseDocuments } from '../server/src/core/syntax/fastPath.js';
import { parseDocuments } from '../server/src/core/syntax/parse.js';
import type { ParsedDocument } from '../server/src/core/syntax/tree.js';
import { repoRoot } from './harness/paths.js';

/** A document YAML 1.2 accepts: no problems, and none of the constructs only Kubernetes reads (warnings). */
function isStrictYaml(d: ParsedDocument): boolean {
  return d.problems.length === 0 && !d.warnings;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

function read(file: string): string {
  const text = readFileSync(file, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // as summarize.ts does
}

/** The fast path's answer with its statistics; asserts equality with the full parser when it answers. */
function check(text: string, label: string): FastPathStats & { answered: boolean } {
  const stats: FastPathStats = { fast: 0, declined: 0 };
  const fast = fastParseDocuments(text, stats);
  if (fast)
    assert.deepStrictEqual(
      fast,
      parseDocuments(text),
      `${label}: the fast path differs from the full parser on ${JSON.stringify(text)}`,
    );
  return { ...stats, answered: fast !== undefined };
}

/** Fully fast: answered, with no document left to the full parser. */
function fullyFast(text: string): boolean {
  const r = check(text, 'text');
  return r.answered && r.declined === 0;
}

describe('fast path: repository YAML', () => {
  const roots = ['test/fixtures', 'test/conformance', 'examples'].map((d) => path.join(repoRoot, d));
  const files = roots.flatMap(yamlFiles);

  test('every fixture, conformance and example file: equal to the full parser when answered', (t) => {
    let answered = 0;
    let declinedDocs = 0;
    const unanswered: string[] = [];
    for (const file of files) {
      const name = path.relative(repoRoot, file).split(path.sep).join('/');
      const r = check(read(file), name);
      if (r.answered) answered++;
      // Only the bad-input fixtures (syntax errors, a BOM, a binary file) may send a whole file to the full parser.
      else if (!name.startsWith('test/fixtures/bad-input/')) unanswered.push(name);
      // The aliases group is about anchors and merge keys, which the fast path leaves to the full parser.
      if (!name.startsWith('test/fixtures/aliases/')) declinedDocs += r.declined;
    }
    t.diagnostic(`${files.length} files, ${answered} answered, ${declinedDocs} documents left to the full parser`);
    assert.ok(files.length >= 140, `only ${files.length} YAML files found`);
    assert.deepEqual(unanswered, []);
    // Measured: 6 (anchors and merge keys, Helm templates, a binary file); 18 before single-line
    // flow collections were fast, 27 before block scalars.
    assert.ok(declinedDocs <= 6, `${declinedDocs} documents left to the full parser`);
  });

  test('coverage: every repository document with a block scalar is on the fast path', (t) => {
    const header = /(?::|^\s*-)[ ]+[|>][-+1-9]*[ ]*(?:#.*)?\r?$/m;
    let count = 0;
    for (const file of files) {
      // The documents of the file, each on its own (split where `---` lines start them).
      for (const doc of read(file).split(/^(?=---(?:[ \t\r\n]|$))/m)) {
        if (!header.test(doc)) continue;
        count++;
        assert.ok(
          fullyFast(doc),
          `a document of ${path.relative(repoRoot, file)} left the fast path: ${JSON.stringify(doc)}`,
        );
      }
    }
    t.diagnostic(`${count} documents with block scalars`);
    assert.ok(count >= 9, `only ${count} documents with block scalars found`);
  });

  test('coverage: every repository document whose flow collections close on their line is on the fast path', (t) => {
    // A flow collection opening where a value, an item or a document starts.
    const opening = /(?:^|:[ ]+|^[ ]*-[ ]+)[[{]/m;
    // What the fast path leaves to the full parser whatever the flow style: anchors, aliases and
    // tags (also inside flow collections), merge keys, Helm template actions where a value starts.
    const outside = /(?:^|[\s[{,])[&*!][\w-]|<<:|(?:^|[:-][ ]+)\{\{/m;
    let count = 0;
    for (const file of files) {
      for (const doc of read(file).split(/^(?=---(?:[ \t\r\n]|$))/m)) {
        if (!opening.test(doc) || outside.test(doc)) continue;
        if (parseDocuments(doc).some((d) => d.problems.length > 0)) continue;
        // Every flow collection closes on its line: no line ends with brackets left open.
        const multiLine = doc.split(/\r?\n/).some((line) => {
          let depth = 0;
          for (const m of line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|\s#.*$/g, '').matchAll(/[[\]{}]/g))
            depth += m[0] === '[' || m[0] === '{' ? 1 : -1;
          return depth !== 0;
        });
        if (multiLine) continue;
        count++;
        assert.ok(
          fullyFast(doc),
          `a document of ${path.relative(repoRoot, file)} left the fast path: ${JSON.stringify(doc)}`,
        );
      }
    }
    t.diagnostic(`${count} documents with single-line flow collections`);
    // Measured: 18 (in 15 files).
    assert.ok(count >= 18, `only ${count} documents with single-line flow collections found`);
  });

  test('coverage: examples are entirely on the fast path', () => {
    const examples = yamlFiles(path.join(repoRoot, 'examples'));
    assert.ok(examples.length >= 10);
    for (const file of examples)
      assert.ok(fullyFast(read(file)), `${path.relative(repoRoot, file)} left the fast path`);
  });

  test('coverage: conformance manifests are all on the fast path', (t) => {
    const tests = yamlFiles(path.join(repoRoot, 'test', 'conformance', 'tests'));
    const fastFiles = tests.filter((f) => fullyFast(read(f)));
    let fastDocs = 0;
    let declinedDocs = 0;
    for (const f of [...tests, path.join(repoRoot, 'test', 'conformance', 'base-manifests.yaml')]) {
      const r = check(read(f), f);
      fastDocs += r.fast;
      declinedDocs += r.declined;
    }
    t.diagnostic(
      `${fastFiles.length} of ${tests.length} conformance test files fully on the fast path; ${fastDocs} documents fast, ${declinedDocs} left to the full parser`,
    );
    // Measured: all 134, no document left to the full parser (132 and 4 before single-line flow
    // collections such as `[{path: …}]` and `["*"]` were fast, 5 before block scalars).
    assert.ok(tests.length >= 130);
    assert.equal(fastFiles.length, tests.length, `only ${fastFiles.length} of ${tests.length} fully fast`);
    assert.equal(declinedDocs, 0, `${declinedDocs} documents left to the full parser`);
  });
});

// ---------------------------------------------------------------------------------------------
// Generated documents

/** mulberry32: a small seeded PRNG, so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  readonly random: () => number;
  constructor(seed: number) {
    this.random = prng(seed);
  }
  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

/** Plain scalars that stay plain and single-line (their resolution is the point). */
const PLAIN_VALUES = [
  'nginx',
  'nginx:1.25',
  'hello world',
  'a#b',
  'a:b',
  'http://example.com/a?b=c#d',
  '/api/v1',
  '--port=8080',
  '-v',
  '--',
  '-x-',
  '-#',
  'a#',
  '---',
  '...',
  '--- x',
  '... x',
  '---x',
  '...x',
  'x---',
  'a - b',
  'a, b',
  'x]',
  'x}',
  'a [b]',
  'a {b}',
  "it's",
  'say "hi"',
  'x !y',
  'x &y',
  'x *y',
  'a|b',
  'a>b',
  '=',
  '<<x',
  '$HOME',
  '\\n',
  'é',
  '中文',
  '😀',
  'C:\\dir',
  '0',
  '1',
  '42',
  '-1',
  '+1',
  '-0',
  '+0',
  '007',
  '08',
  '09',
  '0o17',
  '0o8',
  '0O17',
  '0x1F',
  '0xff',
  '0X1F',
  '0x',
  '0xg',
  '1_000',
  '12345678901234567890',
  '9007199254740993',
  '1.5',
  '-1.5',
  '+1.5',
  '1.',
  '.5',
  '-.5',
  '1.0',
  '1.50',
  '1e3',
  '1E3',
  '1e-3',
  '-1.5e+10',
  '.5e2',
  '1.e2',
  'e3',
  '1e',
  '1.2.3',
  '1..2',
  '.',
  '+',
  '+-1',
  '.inf',
  '.Inf',
  '.INF',
  '-.inf',
  '+.inf',
  '.iNf',
  'inf',
  '.nan',
  '.NaN',
  '.NAN',
  '-.nan',
  'nan',
  'true',
  'True',
  'TRUE',
  'tRUE',
  'false',
  'False',
  'FALSE',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'Yes',
  'null',
  'Null',
  'NULL',
  'nULL',
  '~',
  '~x',
  'nil',
  'None',
  '2024-01-01',
  '12:30:00',
  '1:2',
  '0.0.0.0/0',
  'v1',
  'gateway.networking.k8s.io/v1',
  'a*.example.com',
];

const DOUBLE_VALUES = [
  '""',
  '"x"',
  '"a: b"',
  '"a #b"',
  '"#x"',
  '"1"',
  '"true"',
  '"null"',
  '"~"',
  '" lead"',
  '"trail "',
  '"  "',
  '"it\'s"',
  '"\\n"',
  '"a\\tb"',
  '"\\"q\\""',
  '"\\\\"',
  '"\\\\\\""',
  '"\\x41\\u00e9\\U0001F600"',
  '"\\/"',
  '"\\_\\N\\L\\P"',
  '"\\0\\a\\b\\e\\f\\r\\v"',
  '"\\ "',
  '"\\ud83d\\ude00"',
  '"é中"',
  '"{a}"',
  '"[a]"',
  '"*x"',
  '"&x"',
  '"!x"',
  '"|"',
  '">"',
  '"%x"',
  '"@x"',
  '"`x`"',
  '"\'"',
];

const SINGLE_VALUES = [
  "''",
  "'x'",
  "'a: b'",
  "'a #b'",
  "'#x'",
  "'1'",
  "'true'",
  "'null'",
  "'it''s'",
  "''''",
  "'a\\nb'",
  "' lead'",
  "'trail '",
  "'\"'",
  "'é'",
];

/** Block scalar content lines (at the content's indentation): YAML-looking text, comments that are
 * not, markers, quotes, flow indicators, trailing spaces, tabs, non-ASCII. */
const BLOCK_TEXT = [
  'echo hello',
  'exit 0',
  'key: value',
  '- item',
  '- a: b',
  '# not a comment',
  'a # b',
  '#',
  '---',
  '...',
  '--- x',
  '"quoted"',
  "it's",
  "'single'",
  '{a: 1}',
  '[x, y]',
  '{',
  ']',
  '|',
  '>',
  '|-',
  '> folded',
  '&anchor *alias !tag',
  '? key',
  ': value',
  'a  b',
  'x:',
  'http://x#y',
  '%YAML 1.2',
  '@at',
  '`tick`',
  'é中文😀',
  '\\n',
  'tab\there',
  'trailing  ',
  'trailing\t',
  '{{ .Values.x }}',
  '<<: *x',
  'a: |',
  'server {',
  'listen 80;',
  '}',
  '-',
  '\\',
];

/** Keys with the text the full parser's conversion gives them (so generated maps have no duplicates). */
const SPECIAL_KEYS: readonly [string, string][] = [
  ['true', 'true'],
  ['False', 'false'],
  ['1', '1'],
  ['0x1F', '31'],
  ['0o17', '15'],
  ['1.5e3', '1500'],
  ['.inf', 'Infinity'],
  ['-.inf', '-Infinity'],
  ['.nan', 'NaN'],
  ['null', ''],
  ['-1', '-1'],
  ['007', '7'],
  ['1.0', '1'],
  ['a b', 'a b'],
  ['-a', '-a'],
  ['a:b', 'a:b'],
  ['a#b', 'a#b'],
  ['"quoted"', 'quoted'],
  ["'single'", 'single'],
  ['"a: b"', 'a: b'],
  ['"\\x41"', 'A'],
  ['""', ''],
  ['"-"', '-'],
  ['"#"', '#'],
  ['"@"', '@'],
  ['"1"', '1'],
  ['---a', '---a'],
  ['...a', '...a'],
  ['-#', '-#'],
];

/** Plain scalars that stay one plain scalar inside flow collections (no `,[]{}`, `: ` or ` #`). */
const FLOW_PLAIN_VALUES = PLAIN_VALUES.filter((v) => !/[,[\]{}]|:(?: |$)| #/.test(v));

/** Quoted scalars holding what ends entries, pairs, collections and plain scalars in flow context. */
const FLOW_QUOTED_VALUES = [
  '"a,b"',
  '"x]"',
  "'y}'",
  '"[a, b]"',
  "'{k: v}'",
  '"k: v"',
  "'a #b'",
  '"#"',
  "':'",
  '", "',
  "'a'', b'",
  '"a\\", b"',
  "'[{'",
];

/** Keys for flow mappings and sequence pairs, with the text the full parser's conversion gives them. */
const FLOW_KEYS: readonly [string, string][] = [
  ...SPECIAL_KEYS,
  ['"k,1"', 'k,1'],
  ["'k]'", 'k]'],
  ['"k}: v"', 'k}: v'],
  ["'#k'", '#k'],
  ['name', 'name'],
  ['port', 'port'],
  ['k w', 'k w'],
  ['k:w', 'k:w'],
  ['a :b', 'a :b'],
];

interface GenOptions {
  /** Line breaks: LF, CRLF, or either at random per line. */
  crlf: boolean | 'mixed';
  /** Allow only what the fast path promises to handle. */
  subsetOnly: boolean;
}

class DocWriter {
  readonly lines: string[] = [];
  constructor(private readonly g: Gen) {}

  comment(indent: number): void {
    const g = this.g;
    if (g.chance(0.06))
      this.lines.push(' '.repeat(g.int(indent + 3)) + g.pick(['#', '# note', '#: x', '# - a', '#---', '# "q']));
    if (g.chance(0.05)) this.lines.push(g.pick(['', '  ', ' ']));
  }

  trailing(): string {
    const g = this.g;
    return g.chance(0.15)
      ? ' '.repeat(1 + g.int(3)) + g.pick(['# c', '#', '#: x', '## x'])
      : g.chance(0.05)
        ? '  '
        : '';
  }

  scalar(): string {
    const g = this.g;
    const r = g.random();
    if (r < 0.5) return g.pick(PLAIN_VALUES);
    if (r < 0.67) return g.pick(DOUBLE_VALUES);
    if (r < 0.8) return g.pick(SINGLE_VALUES);
    return this.flow(0);
  }

  /**
   * A flow collection on one line: sequences and mappings nested a few levels, plain scalars that
   * look like numbers, booleans and null, quoted ones holding `,` `]` `}` `:` `#`, pairs in
   * sequences (single-pair maps), keys without values, empty values, JSON-like `"k":v`, spaces in
   * every optional place, empty collections with spaces, trailing commas.
   */
  flow(depth: number): string {
    const g = this.g;
    const map = g.chance(0.45);
    const sp = (): string => (g.chance(0.2) ? g.pick([' ', '  ']) : '');
    const n = g.chance(0.15) ? 0 : 1 + g.int(depth > 1 ? 3 : 5);
    const used = new Set<string>();
    let out = map ? '{' : '[';
    if (n === 0) return out + sp() + (map ? '}' : ']');
    for (let i = 0; i < n; i++) {
      if (i > 0) out += g.pick([', ', ', ', ',', ' , ', ',  ']);
      else out += sp();
      if (map || g.chance(0.2)) {
        let key = '';
        for (let tries = 0; tries < 5 && !key; tries++) {
          const [src, text] = g.pick(FLOW_KEYS);
          if (used.has(text)) continue;
          used.add(text);
          key = src;
        }
        if (!key) {
          key = `k${i}`;
          used.add(key);
        }
        if (map && g.chance(0.15)) {
          out += key; // a key without a value
          continue;
        }
        const value = g.chance(0.1) ? '' : this.flowItem(depth);
        // `:` right before a value makes it part of a plain key (`a:b`), unless a flow indicator follows.
        const tight = /^["']/.test(key) || value === '' || value.startsWith('[') || value.startsWith('{');
        out += key + (tight && g.chance(0.3) ? ':' : g.pick([': ', ': ', ' : ', ':  '])) + value;
      } else {
        out += this.flowItem(depth);
      }
    }
    if (g.chance(0.1)) out += ',';
    return out + sp() + (map ? '}' : ']');
  }

  flowItem(depth: number): string {
    const g = this.g;
    const r = g.random();
    if (depth < 3 && r < 0.2) return this.flow(depth + 1);
    if (r < 0.6) return g.pick(FLOW_PLAIN_VALUES);
    if (r < 0.75) return g.pick(DOUBLE_VALUES);
    if (r < 0.87) return g.pick(SINGLE_VALUES);
    return g.pick(FLOW_QUOTED_VALUES);
  }

  key(used: Set<string>, i: number): string {
    const g = this.g;
    for (let tries = 0; tries < 5; tries++) {
      if (g.chance(0.25)) {
        const [src, text] = g.pick(SPECIAL_KEYS);
        if (used.has(text)) continue;
        used.add(text);
        return src;
      }
    }
    const name = g.pick(['apiVersion', 'kind', 'metadata', 'name', 'spec', 'port', 'x', 'a-b', 'a.b/c', 'k', 'ÿ']) + i;
    used.add(name);
    return g.chance(0.15) ? `"${name}"` : g.chance(0.1) ? `'${name}'` : name;
  }

  /** A mapping whose keys are at column `col`; the first key goes on `first` (a prefix such as `- `) or a new line. */
  map(col: number, depth: number, first: string | null): void {
    const g = this.g;
    const n = 1 + g.int(depth > 3 ? 3 : 5);
    const used = new Set<string>();
    for (let i = 0; i < n; i++) {
      const key = this.key(used, i);
      const sep = g.chance(0.05) ? ' :' : ':';
      const prefix = i === 0 && first !== null ? first : ' '.repeat(col);
      if (i > 0 || first === null) this.comment(col);
      const r = g.random();
      if (depth < 6 && r < 0.3) {
        this.lines.push(`${prefix}${key}${sep}${this.trailing()}`);
        this.map(col + 1 + g.int(4), depth + 1, null);
      } else if (depth < 6 && r < 0.5) {
        this.lines.push(`${prefix}${key}${sep}${this.trailing()}`);
        this.seq(g.chance(0.5) ? col : col + 1 + g.int(3), depth + 1, null);
      } else if (r < 0.56) {
        this.lines.push(`${prefix}${key}${sep}${g.chance(0.5) ? '' : this.trailing()}`);
      } else if (r < 0.59) {
        // a flow collection on the line after its key
        this.lines.push(`${prefix}${key}${sep}${this.trailing()}`);
        this.lines.push(`${' '.repeat(col + 1 + g.int(3))}${this.flow(0)}${this.trailing()}`);
      } else if (r < 0.7) {
        this.block(col, `${prefix}${key}${sep} ${g.chance(0.1) ? '  ' : ''}`);
      } else {
        this.lines.push(`${prefix}${key}${sep} ${g.chance(0.1) ? '  ' : ''}${this.scalar()}${this.trailing()}`);
      }
    }
  }

  /**
   * A block scalar in a collection at column `col`, its header at the end of `head` (a key line or
   * a `- `): literal or folded, each chomping, maybe an indentation indicator (up to the content's
   * indentation), leading, inner and trailing empty lines (with spaces), more-indented lines,
   * trailing spaces, tabs, YAML-looking text; sometimes empty.
   */
  block(col: number, head: string): void {
    const g = this.g;
    const indent = col + 1 + g.int(4);
    const explicit = g.chance(0.25) ? 1 + g.int(Math.min(9, indent - col)) : 0;
    const chomp = g.pick(['', '', '-', '+']);
    const indicators = explicit ? (g.chance(0.5) ? `${explicit}${chomp}` : `${chomp}${explicit}`) : chomp;
    this.lines.push(`${head}${g.chance(0.5) ? '|' : '>'}${indicators}${g.pick(['', '', '', ' ', '  # c', ' #: x |'])}`);
    const blank = (most: number): string => ' '.repeat(g.int(most + 1));
    const count = g.chance(0.1) ? 0 : 1 + g.int(6);
    // Leading empty lines: without an indicator, no more spaces than the first line's indentation
    // (with no content, than a comment that may follow and become the first line).
    const leading = explicit ? indent + 3 : count > 0 ? indent : col + 1;
    if (g.chance(0.2)) for (let k = g.int(3); k >= 0; k--) this.lines.push(blank(leading));
    for (let k = 0; k < count; k++) {
      const r = g.random();
      const text = g.pick(BLOCK_TEXT);
      // The first line sets the indentation (unless an indicator does).
      if (k === 0 && !explicit) this.lines.push(' '.repeat(indent) + text);
      else if (r < 0.55) this.lines.push(' '.repeat(indent) + text);
      else if (r < 0.7)
        this.lines.push(' '.repeat(indent + 1 + g.int(3)) + text); // more-indented
      else if (r < 0.9)
        this.lines.push(blank(indent + 3)); // empty, maybe with spaces
      else if (r < 0.95) this.lines.push(' '.repeat(indent) + '\t' + text);
      else this.lines.push(' '.repeat(indent) + text + g.pick([' ', '   ', '\t']));
    }
    if (g.chance(0.3)) for (let k = g.int(3); k >= 0; k--) this.lines.push(blank(count > 0 ? indent + 2 : leading)); // trailing empty lines
  }

  seq(col: number, depth: number, first: string | null): void {
    const g = this.g;
    const n = 1 + g.int(4);
    for (let i = 0; i < n; i++) {
      const prefix = i === 0 && first !== null ? first : ' '.repeat(col);
      if (i > 0 || first === null) this.comment(col);
      const dash = g.chance(0.1) ? '-   ' : '- ';
      const r = g.random();
      if (depth < 6 && r < 0.3) {
        this.map(col + dash.length, depth + 1, prefix + dash);
      } else if (depth < 6 && r < 0.38) {
        this.seq(col + dash.length, depth + 1, prefix + dash);
      } else if (depth < 6 && r < 0.48) {
        this.lines.push(`${prefix}-${g.chance(0.5) ? '' : ' '}${this.trailing()}`);
        if (g.chance(0.5)) this.map(col + 1 + g.int(3), depth + 1, null);
        else this.seq(col + 1 + g.int(3), depth + 1, null);
      } else if (r < 0.53) {
        this.lines.push(`${prefix}-${g.pick(['', ' ', '   '])}${g.chance(0.3) ? ' # c' : ''}`);
      } else if (r < 0.56) {
        // a flow collection on the line after its `-`
        this.lines.push(`${prefix}-${this.trailing()}`);
        this.lines.push(`${' '.repeat(col + 1 + g.int(3))}${this.flow(0)}${this.trailing()}`);
      } else if (r < 0.67) {
        this.block(col, prefix + dash);
      } else {
        this.lines.push(`${prefix}${dash}${this.scalar()}${this.trailing()}`);
      }
    }
  }
}

function generateFile(g: Gen, options: GenOptions): string {
  const lines: string[] = [];
  if (g.chance(0.2)) lines.push(g.pick(['# leading comment', '', '#']));
  const docs = 1 + g.int(4);
  for (let d = 0; d < docs; d++) {
    if (d > 0 || g.chance(0.4)) lines.push(g.pick(['---', '---', '--- # doc', '---  ']));
    if (g.chance(0.05)) continue; // an empty document
    const w = new DocWriter(g);
    const indent = g.chance(0.9) ? 0 : 1 + g.int(2);
    const r = g.random();
    if (r < 0.72) w.map(indent, 0, null);
    else if (r < 0.96) w.seq(indent, 0, null);
    else w.lines.push(' '.repeat(indent) + w.flow(0) + w.trailing()); // a flow collection as the root
    lines.push(...w.lines);
    if (g.chance(0.1)) lines.push(g.pick(['...', '... # end']));
    if (g.chance(0.1)) lines.push('# trailing comment');
  }
  let text = lines.join('\n') + (g.chance(0.8) ? '\n' : '');
  if (!options.subsetOnly) text = mutate(g, text);
  if (options.crlf === 'mixed') return text.replace(/\n/g, () => (g.chance(0.5) ? '\r\n' : '\n'));
  return options.crlf ? text.replace(/\n/g, '\r\n') : text;
}

/** Exotic, invalid or merely unusual edits, mostly outside the fast path's subset. */
const MUTATIONS: ((g: Gen, lines: string[], i: number) => void)[] = [
  (_g, l, i) => {
    l[i] = '\t' + l[i]!;
  }, // tab indentation
  (_g, l, i) => {
    l[i] = l[i]! + '\t';
  },
  (_g, l, i) => {
    l[i] = ' ' + l[i]!;
  }, // off by one
  (_g, l, i) => {
    l[i] = l[i]!.replace(/^ /, '');
  },
  (_g, l, i) => {
    l.splice(i, 0, l[i]!);
  }, // duplicate line (often a duplicate key)
  (g, l, i) => {
    l.splice(i + 1, 0, ' '.repeat(g.int(8)) + 'continued');
  }, // multi-line plain or bad indent
  (g, l, i) => {
    l[i] = l[i]!.replace(/: .*$/, ': ' + g.pick(['|', '>-', '|+', '|2']));
    l.splice(i + 1, 0, '      text', '', '      more');
  },
  (g, l, i) => {
    l[i] = l[i]!.replace(/: .*$/, ': ' + g.pick(['{a: 1}', '[1, 2]', '{ }', '[ ]', '{}x', '[a', '{"a": 1}']));
  },
  (g, l, i) => {
    l[i] = l[i]!.replace(/: /, ': ' + g.pick(['&anchor ', '!!str ', '!tag ', '*alias ', '? ']));
  },
  (g, l, i) => {
    l[i] = l[i]!.replace(/- /, '- ' + g.pick(['&a ', '!!int ', '? ', '*a', '[x]', '{x: 1}']));
  },
  (g, l, i) => {
    l[i] = l[i]!.replace(
      /^(\s*)/,
      '$1' +
        g.pick([
          '? ',
          ': ',
          '<<: ',
          '"a"b: ',
          "'a' b: ",
          '"unterminated: ',
          '@x: ',
          '%x: ',
          '&a k: ',
          '!t k: ',
          '*a : ',
        ]),
    );
  },
  (g, l, i) => {
    l.splice(
      i,
      0,
      g.pick([
        '%YAML 1.2',
        '%TAG ! tag:x,2000:',
        '...',
        '--- |',
        '--- >',
        '--- text',
        '--- {a: 1}',
        '--- !!map',
        '---\t',
        '--- &a',
        '... x',
        '- ---',
        'key: value',
      ]),
    );
  },
  (g, l, i) => {
    l[i] =
      l[i]! +
      g.pick([
        '\r',
        '\u0085',
        '\u2028',
        '\uFEFF',
        '\u0000',
        '\x7f',
        ' \\',
        ' "',
        " '",
        ': x',
        ':',
        ' #c',
        '#c',
        ' - x',
      ]);
  },
  (g, l, i) => {
    l[i] = l[i]!.replace(/"/, g.pick(['"\\q', '"\\x4', '"\\U00110000', '"\\', '"\n  ']));
  },
  (_g, l, i) => {
    l[i] = l[i]!.replace(/: (.+)$/, ': "$1\n   wrapped"');
  },
  (_g, l, i) => {
    l.splice(i + 1, 0, 'base: &b', '  x: 1', 'merged:', '  <<: *b', '  y: 2');
  },
  (_g, l, i) => {
    l[i] = l[i]!.replace(/^(\s*)(\S+):/, '$1' + 'k'.repeat(1100) + ':');
  },
  // block scalars: bad headers, tabs and odd indentation around their content
  (g, l, i) => {
    l[i] = l[i]!.replace(
      /([|>])[-+0-9]*/,
      '$1' + g.pick(['0', '10', '-+', '++', '--', '#c', 'x', ' x', '\t', '9', '1', '-9', ' !t', '  # c']),
    );
  },
  (g, l, i) => {
    l.splice(i + 1, 0, g.pick(['\t', '\tx', ' \tx', '  \t', '      \t# c']));
  },
  (g, l, i) => {
    l.splice(i + 1, 0, ' '.repeat(g.int(10)));
  },
  (g, l, i) => {
    l.splice(i + 1, 0, ' '.repeat(g.int(6)) + g.pick(['# c', 'text', 'k: v', '- x', '---', '...']));
  },
  (g, l, i) => {
    l[i] = l[i]! + g.pick(['\u0085', '\u2028', '\x7f', '\x01', '\r']);
  },
  (g, l, i) => {
    l[i] = l[i]!.replace(/: .*$/, ': ' + g.pick(['|', '>', '|-', '>+', '|1', '>2-']));
  },
  // flow collections: empty entries, comments and line breaks inside, properties, bad starts, mismatched or extra brackets
  (g, l, i) => {
    l[i] = l[i]!.replace(
      /[[{]/,
      (m) =>
        m +
        g.pick([
          ',',
          ', ',
          '#',
          ' #c',
          '\t',
          '&a ',
          '*a',
          '!t ',
          '? ',
          '?x',
          ': ',
          ':x',
          '- ',
          '-]',
          '[',
          '{',
          '"',
          "'",
          '\n  ',
          '\n',
          '|',
          '%',
          '@',
          '<<: {}, ',
        ]),
    );
  },
  (g, l, i) => {
    l[i] = l[i]!.replace(
      /[\]}]/,
      (m) => g.pick([',,', ', ,', ']', '}', ' ]]', '#', ' #c', ':', ': x', '\n', '\n  ', '\t', ' x', '"', ': [a]']) + m,
    );
  },
  (g, l, i) => {
    l[i] = l[i]!.replace(/[\]}]/, (m) => m + g.pick([']', '}', 'x', ' x', '#c', ':', ': x', ',', ' [a]', '\t']));
  },
  (g, l, i) => {
    l[i] = l[i]!.replace(/, ?/, g.pick([',,', ', , ', ' ', '\n  ', ',\n', ': ', ' #', ',\t', ',#']));
  },
  (g, l, i) => {
    l[i] = l[i]!.replace(
      /([[{,] ?)([^ ,\]}])/,
      '$1' + g.pick(['[', '{', '[[', '{a: ', '"', '&x ', '*x, ', '!!str ']) + '$2',
    );
  },
];

function mutate(g: Gen, text: string): string {
  const lines = text.split('\n');
  const count = g.chance(0.3) ? 0 : 1 + g.int(2);
  for (let k = 0; k < count; k++) {
    const i = g.int(lines.length);
    g.pick(MUTATIONS)(g, lines, i);
  }
  return lines.join('\n');
}

// The counts keep this file's run short. Offline, the same generators ran on 100,000 files of each
// kind (seeds 100-139, 2,500 files each) and the random edits below on 200,000 texts, with no
// difference from the full parser.
const GENERATED_FILES = 700;

describe('fast path: generated documents (differential)', () => {
  test('the plain block subset: always answered, entirely on the fast path, equal to the full parser', (t) => {
    const g = new Gen(20240611);
    let docs = 0;
    for (let i = 0; i < GENERATED_FILES; i++) {
      const text = generateFile(g, { crlf: g.pick([false, false, true, 'mixed']), subsetOnly: true });
      const r = check(text, `subset #${i}`);
      assert.ok(r.answered && r.declined === 0, `subset #${i} left the fast path: ${JSON.stringify(text)}`);
      docs += r.fast;
    }
    t.diagnostic(`${GENERATED_FILES} files, ${docs} documents`);
  });

  test('mutated documents (outside the subset or invalid): equal to the full parser whenever answered', (t) => {
    const g = new Gen(77);
    let answered = 0;
    let wholeDeclined = 0;
    let docsDeclined = 0;
    for (let i = 0; i < GENERATED_FILES; i++) {
      const r = check(
        generateFile(g, { crlf: g.pick([false, false, true, 'mixed']), subsetOnly: false }),
        `mutated #${i}`,
      );
      if (r.answered) answered++;
      else wholeDeclined++;
      docsDeclined += r.declined;
    }
    t.diagnostic(
      `${GENERATED_FILES} files: ${answered} answered (${docsDeclined} documents of them by the full parser), ${wholeDeclined} left to the full parser entirely`,
    );
    assert.ok(
      answered > GENERATED_FILES * 0.4 && wholeDeclined > GENERATED_FILES * 0.2,
      'the mutations should exercise both outcomes',
    );
    assert.ok(docsDeclined > GENERATED_FILES * 0.05, 'the mutations should exercise per-document hand-off');
  });

  /** Random character edits (insert, delete, replace) on `seeds`: equal to the full parser whenever answered. */
  function randomEdits(
    t: { diagnostic(message: string): void },
    seed: number,
    seeds: readonly string[],
    pieces: readonly string[],
    count: number,
  ): void {
    const g = new Gen(seed);
    let answered = 0;
    let fast = 0;
    for (let i = 0; i < count; i++) {
      let text = g.pick(seeds);
      for (let e = 1 + g.int(3); e > 0; e--) {
        const p = g.int(text.length + 1);
        const r = g.random();
        text =
          r < 0.5
            ? text.slice(0, p) + g.pick(pieces) + text.slice(p)
            : r < 0.8
              ? text.slice(0, p) + text.slice(p + 1)
              : text.slice(0, p) + g.pick(pieces) + text.slice(p + 1);
      }
      const r = check(text, `edited #${i}`);
      if (r.answered) answered++;
      if (r.answered && r.declined === 0) fast++;
    }
    t.diagnostic(`${count} texts: ${answered} answered, ${fast} of them entirely on the fast path`);
    assert.ok(
      fast > count * 0.2 && answered - fast > count * 0.05 && answered < count * 0.8,
      'the edits should exercise every outcome',
    );
  }

  test('block scalars with random character edits: equal to the full parser whenever answered', (t) => {
    const seeds = [
      'a: |\n  x\n\n  y\nb: >-\n  p\n    q\n\n  r\nc: 1\n',
      '- |+\n  x\n\n- >2\n   y\n  z\n- k: |1-\n    w\n  l: 2\n',
      'o:\n  k: >\n    a\n     b\n\n    c\n  m: |\n    d\n# c\nn: |\n',
      'a: |\r\n  x\r\n\r\n  y\r\n---\r\nb: >+\r\n  z\r\n\r\n',
      'a: |2\n    \n  x\n  \n',
    ];
    const pieces = [
      ' ',
      ' ',
      ' ',
      '\n',
      '\n',
      '\t',
      '#',
      '|',
      '>',
      '-',
      '+',
      '1',
      '2',
      '0',
      'x',
      ':',
      '\r\n',
      '\r',
      '  ',
      '\n  ',
      '---',
      '...',
      '\u0085',
    ];
    randomEdits(t, 4242, seeds, pieces, 1500);
  });

  test('flow collections with random character edits: equal to the full parser whenever answered', (t) => {
    const seeds = [
      'a: [x, "y,z", {k: v}]\nb: {p: [1, 2], q: \'r]\'}  # c\n',
      '- [a: 1, b]\n- {"k":v, l, m: }\n- [[], { }, [x,]]\n',
      'args: ["--port", "80"]\r\nports: [{containerPort: 80}]\r\n',
      '{a: [b, {c: d}]}\n---\nk:\n  [x, y]\nl: 2\n',
      'h: [a.example.com, "*.example.com"]\np:\n- {name: gw, sectionName: http}\n',
    ];
    const pieces = [
      ' ',
      ' ',
      ',',
      ', ',
      '[',
      ']',
      '{',
      '}',
      ':',
      ': ',
      '"',
      "'",
      '#',
      ' #',
      '-',
      '?',
      '\n',
      '\n  ',
      '\t',
      'x',
      '&',
      '*',
      '!',
      '|',
      '\\',
      '\r',
    ];
    randomEdits(t, 4343, seeds, pieces, 1500);
  });
});

// ---------------------------------------------------------------------------------------------
// Targeted cases

describe('fast path: per-document hand-off', () => {
  const fast = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n';
  const exotic = [
    'kind: ConfigMap\ndata:\n  script: !!str |\n    echo hi\n    exit 0\n',
    'kind: A\nspec: {a: 1,\n  b: [x, y]}\n',
    'base: &b\n  x: 1\nother:\n  <<: *b\n  y: 2\n',
    'kind: A\nname: !!str 123\n',
    'kind: A\nlong: a plain scalar\n  that continues\n',
  ];
  for (const [i, doc] of exotic.entries()) {
    test(`a document with ${JSON.stringify(doc.split('\n')[1])} among fast ones`, () => {
      for (const text of [
        `${fast}---\n${doc}---\n${fast}`,
        `${doc}---\n${fast}`,
        `${fast}--- # c\n${doc}`,
        `---\n${fast}---\n${doc}`.replace(/\n/g, '\r\n'),
      ]) {
        const r = check(text, `hand-off ${i}`);
        assert.ok(r.answered, `not answered: ${JSON.stringify(text)}`);
        assert.equal(r.declined, 1);
      }
    });
  }

  test('a document with a syntax error sends the whole file to the full parser', () => {
    assert.equal(fastParseDocuments(`${fast}---\nkey: [unclosed\n---\n${fast}`), undefined);
    assert.equal(fastParseDocuments(`${fast}---\na: 1\n a: 2\n`), undefined);
  });

  test('directives and byte order marks send the whole file to the full parser', () => {
    assert.equal(fastParseDocuments(`%YAML 1.2\n---\n${fast}`), undefined);
    assert.equal(fastParseDocuments(`${fast}...\n%YAML 1.2\n---\n${fast}`), undefined);
    assert.equal(fastParseDocuments(`\uFEFF${fast}`), undefined);
    assert.equal(fastParseDocuments(`${fast}---\n\uFEFF${fast}`), undefined);
  });

  test('`---` after a lone carriage return (a document start to parse.ts) sends the whole file to the full parser', () => {
    // A lone `\r` is a line break to parse.ts's document split, not to the fast path (it may sit in comments).
    for (const text of [
      'a: 1 # c\r--- \nb: 2\n',
      '---\n# c\r---\n',
      '--- # c\r---\na: 1\n',
      'a: |\r\n  x\r\n\r\n #y\r---\r\nb: >+\r\n   z\r\n\r\n',
    ]) {
      assert.equal(parseDocuments(text).length, 2);
      assert.equal(fastParseDocuments(text), undefined, JSON.stringify(text));
    }
  });
});

describe('fast path: what it declines', () => {
  // Each of these is a single document the fast path must not parse itself.
  const declined: [string, string][] = [
    ['multi-line flow mapping', 'a: {b: 1,\n  c: 2}\n'],
    ['multi-line flow sequence', 'a: [\n  1, 2]\n'],
    ['multi-line flow item', '- [1,\n   2]\n'],
    ['comment inside a flow collection', 'a: [1, # c\n  2]\n'],
    ['flow collection after ---', '--- [a]\n'],
    ['flow collection as a key', '[a]: b\n'],
    ['flow collection as a key in a sequence', '- {a: 1}: b\n'],
    ['collection key in a flow mapping', 'a: {[b]: c}\n'],
    ['collection key in a flow pair', 'a: [[b]: c]\n'],
    ['collection as a key without value', 'a: {[b]}\n'],
    ['anchor and alias in flow', 'a: [&x 1, *x]\n'],
    ['tag in flow', 'a: [!!str 1]\n'],
    ['explicit key in flow', 'a: {? b: c}\n'],
    ['plain starting with ? in flow', 'a: [?b]\n'],
    ['plain starting with : in flow', 'a: [:b]\n'],
    ['empty key in flow', 'a: {: b}\n'],
    ['tab in flow', 'a: [b,\tc]\n'],
    ['merge key in flow', 'a: {<<: {b: 1}, c: 2}\n'],
    ['duplicate key in flow', 'a: {b: 1, b: 2}\n'],
    ['flow keys equal after conversion', 'a: {1: x, "1": y}\n'],
    ['flow pair key over 1000 characters', `a: [${'k'.repeat(1001)}: 1]\n`],
    ['empty flow entry', 'a: [b, , c]\n'],
    ['leading comma', 'a: [, b]\n'],
    ['two trailing commas', 'a: [b,,]\n'],
    ['missing comma', 'a: [b [c]]\n'],
    ['mismatched bracket', 'a: [b}\n'],
    ['unclosed flow', 'a: [b\n'],
    ['extra bracket', 'a: [b]]\n'],
    ['text after a flow collection', 'a: [b] c\n'],
    ['comment without space after a flow collection', 'a: [b]#c\n'],
    ['block sequence in flow', 'a: [- b]\n'],
    ['pair after a pair', 'a: [b: c: d]\n'],
    ['flow nesting deeper than 100', `a: ${'['.repeat(110)}${']'.repeat(110)}\n`],
    ['flow nesting deeper than MAX_DEPTH', `a: ${'['.repeat(210)}${']'.repeat(210)}\n`],
    ['plain with more than 200 brackets', `a: x${'['.repeat(210)}\n`],
    ['anchor', 'a: &x 1\n'],
    ['alias', 'a: &x 1\nb: *x\n'],
    ['tag', 'a: !!str 1\n'],
    ['local tag', 'a: !t 1\n'],
    ['block scalar with an anchor', 'a: &x |\n  x\n'],
    ['block scalar with a tag', 'a: !!str >-\n  x\n'],
    ['block scalar on its own line', 'a:\n  |\n  x\n'],
    ['block scalar as a key', '? |\n  x\n: v\n'],
    ['tab after a block scalar header', 'a: |\t\n  x\n'],
    ['block scalar with a next line in its content', 'a: |\n  x\u0085y\n'],
    ['block scalar with a line separator', 'a: >\n  x\u2028y\n'],
    ['block scalar with a control character', 'a: |\n  x\u0007\n'],
    ['block scalar with a lone carriage return', 'a: |\n  x\ry\n'],
    ['multi-line plain scalar', 'a: b\n  c\n'],
    ['multi-line plain in a sequence', '- b\n  c\n'],
    ['multi-line double-quoted', 'a: "b\n  c"\n'],
    ['multi-line single-quoted', "a: 'b\n  c'\n"],
    ['escaped line break', 'a: "b\\\n  c"\n'],
    ['complex key', '? a\n: b\n'],
    ['tab indentation', 'a:\n\tb: 1\n'],
    ['tab after a value', 'a: b\t\n'],
    ['tab separator', 'a:\tb\n'],
    ['tab in a blank line', 'a: 1\n\t\nb: 2\n'],
    ['duplicate key', 'a: 1\na: 2\n'],
    ['keys equal after conversion', '1: a\n"1": b\n'],
    ['null keys', '~: a\nnull: b\n'],
    ['merge key', 'a:\n  <<: {}\n'],
    ['quoted merge-like key', '"<<": 1\n'],
    ['key over 1000 characters', `${'k'.repeat(1001)}: 1\n`],
    ['scalar document', 'just text\n'],
    ['scalar on its own line', 'a:\n  text\n'],
    ['nested mapping on one line', 'a: b: c\n'],
    ['sequence on the key line', 'a: - b\n'],
    ['comment without space', 'a: "b"#c\n'],
    ['text after a quoted scalar', "a: 'b' c\n"],
    ['indentation mismatch', 'a:\n    b: 1\n  c: 2\n'],
    ['sequence at a mapping column', 'a: 1\n- b\n'],
    ['reserved character', 'a: @b\n'],
    ['backtick', 'a: `b`\n'],
    ['plain starting with a comma', 'a: ,b\n'],
    ['plain starting with ?', 'a: ?b\n'],
    ['plain starting with :', 'a: :b\n'],
    ['invalid escape', 'a: "\\q"\n'],
    ['short hex escape', 'a: "\\x4"\n'],
    ['code point too large', 'a: "\\U00110000"\n'],
    ['lone carriage return', 'a: b\rc: d\n'],
    ['control character', 'a: b\u0001\n'],
    ['next line', 'a: b\u0085c\n'],
    ['line separator', 'a: b\u2028c\n'],
    ['document end then content', 'a: 1\n...\nb: 2\n'],
    ['document end at the start', '...\n'],
    ['content after ---', '--- text\n'],
    ['block scalar after ---', '--- |\n  x\n'],
    ['block scalar at the root', '|\n  x\n'],
    ['nesting deeper than 100', Array.from({ length: 110 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n'],
  ];
  for (const [name, text] of declined) {
    test(name, () => {
      const r = check(text, name);
      assert.ok(!r.answered || r.declined > 0, `the fast path parsed ${JSON.stringify(text)} itself`);
      // One fast document around it keeps the rest fast (unless the whole file was declined).
      const around = check(`a: 1\n---\n${text}---\nb: 2\n`, name);
      if (around.answered) assert.ok(around.fast >= 2);
    });
  }
});

describe('fast path: what it answers', () => {
  const answered: [string, string][] = [
    ['empty text', ''],
    ['only comments', '# a\n\n# b\n'],
    ['empty documents', '---\n---\n# c\n---\n'],
    ['a final --- without a line break', 'a: 1\n---'],
    ['document end', 'a: 1\n...\n# c\n---\nb: 2\n...\n'],
    ['marker comments', '--- # one\na: 1\n... # end\n'],
    ['indented root', '  a: 1\n  b:\n  - x\n'],
    ['same-column sequence', 'a:\n- 1\n- b: 2\n  c: 3\nd: 4\n'],
    ['nested sequences', '- - a\n  - - b\n    - c\n- d\n'],
    ['empty items and values', '-\n- \n- # c\n-   \n- a:\n  b:\n'],
    ['item on the next line', '-\n  a: 1\n-\n  - x\n'],
    ['space before the colon', 'a : 1\n"b" : 2\n'],
    [
      'numbers',
      'b: 0x1F\nc: 0o17\nd: -0\ne: +1\nf: 1.\ng: .5\nh: 1e3\ni: .inf\nj: -.Inf\nk: .nan\nl: 12345678901234567890\n',
    ],
    ['keys that resolve', 'true: 1\nNULL: 2\n0x10: 3\n1.50: 4\n.NaN: 5\n'],
    ['escapes', "a: \"\\t\\u00e9\\U0001F600\\x41\\\"\\\\\\/\\ \\_\"\nb: 'it''s'\n"],
    ['comments in odd places', 'a:\n# c\n      # d\n  b: 1 # e\n#f\n  c: "x" # g\n'],
    ['CRLF', 'a:\r\n  - b\r\n  - "c"\r\n\r\n---\r\nd: {}\r\n'],
    ['empty flow collections', 'a: {}\nb: []  # c\nc:\n- {}\n- []\nd: { }\ne: [  ]\n'],
    ['flow sequences', 'args: ["--port", "80"]\ncommand: [sh, -c]\nhostnames: [a.example.com, "*.example.com"]  # c\n'],
    ['flow mappings', 'resources: {}\nselector: {app: web, tier: "front"}\n'],
    [
      'flow items and nesting',
      'ports: [{containerPort: 80}, {containerPort: 443, name: https}]\nparentRefs:\n- {name: gw, sectionName: http}\n- [a, [b, {c: [d]}]]\n',
    ],
    ['flow pairs, keys without values, empty values', 'a: [b: c, d, "e":f, g: ]\nh: {i, j: , k:}\n'],
    [
      'flow plain scalars that resolve',
      'a: [1, -2, 0x1F, .5, 1e3, .inf, .nan, true, False, null, ~, Null, 007, 1.0]\n',
    ],
    ['flow quoted scalars with indicators', "a: [\"x, y\", 'z]', \"{k: v}\", '#', \"a #b\", 'it''s']\n"],
    ['flow trailing commas and spaces', 'a: [ b , c , ]\nd: {e: f,}\n'],
    ['flow collection on the next line', 'a:\n  [b, c]\nd:\n- 1\n-\n  {e: f}\n'],
    ['flow collection as the root', '{apiVersion: v1, kind: Service}\n---\n  [a, b] # c\n...\n'],
    ['flow collections with CRLF', 'a: [b, c]\r\nd: {e: f}  # c\r\n'],
    ['literal block scalar', 'kind: ConfigMap\ndata:\n  script: |\n    echo hi\n\n    exit 0\n  other: x\n'],
    ['folded block scalars', 'a: >\n  one\n  two\n\n    more\n  three\nb: >-\n  x\n'],
    ['block scalar items', '- |\n  x\n- >+\n  y\n\n- k: |-\n    z\n  l: 1\n- - |2\n     w\n'],
    ['block scalar headers', 'a: |-2  # c\n    x\nb: >+1\n  y\nc: |\nd: >\n\ne: 1\n'],
    ['block scalar at the end of documents', 'a: |\n  x\n\n---\nb: |+\n  y\n\n...\n---\nc: >\n  z'],
    ['block scalar with CRLF', 'a: |\r\n  x\r\n\r\n  y\r\nb: >\r\n  z\r\n    w\r\n'],
    [
      'block scalar content that looks like YAML',
      'a: |\n  b: c\n  - d\n  # e\n  ---\n  ...\n  {f: [g]}\n# a comment\nh: 1\n',
    ],
    ['tabs in block scalar content', 'a: |\n  \tx\n  y\t\nb: >\n  \tz\n  w\n'],
  ];
  for (const [name, text] of answered) {
    test(name, () => {
      assert.ok(fullyFast(text), `left the fast path: ${JSON.stringify(text)}`);
    });
  }

  test("block scalars: each header, body and context; fast when valid, the full parser's when not", (t) => {
    // Bodies for a parent at column 0 (content at column 2); `after` is what follows the scalar.
    const bodies = [
      '',
      '  x\n',
      '  x\n  y\n',
      '  x\n\n  y\n',
      '  x\n\n\n',
      '  x\n  \n   \n',
      '  x\n    more\n  y\n',
      '  x\n    more\n\n    more\n  y\n',
      '  x\n      \n  y\n',
      '\n  x\n',
      '  \n  x\n',
      '   \n  x\n',
      '    x\n  y\n',
      '  x\n# c\n',
      '  x\n # c\n',
      '  # c\n  x\n',
      '  \tx\n  y\n',
      '  x\t\n  y  \n',
      '\n\n',
      '  \n',
      '    \n',
      '  a\n  b\n\n  c\n  d\n    e\n\n  f\n\n',
      ' x\n',
      '\tx\n',
      '  x\n\ty\n',
      '  x\n \ty\n',
      '  x\n  \t\n',
    ];
    const headers: string[] = [];
    for (const mode of ['|', '>']) {
      for (const chomp of ['', '-', '+'])
        for (const digit of ['', '1', '2', '3'])
          headers.push(mode + chomp + digit, ...(chomp && digit ? [mode + digit + chomp] : []));
    }
    headers.push('| # c', '>-  #c', '|#c', '|0', '|10', '|--', '|x', '| x');
    let cases = 0;
    let fast = 0;
    let combination = 0;
    const indentBy = (body: string, by: string): string => body.replace(/^(?=[ \t]*\S)/gm, by);
    for (const h of headers) {
      for (const body of bodies) {
        const texts = [
          `k: ${h}\n${body}`,
          `k: ${h}\n${body}next: 1\n`,
          `k: ${h}\n${body}---\nnext: 1\n`,
          `k: ${h}\n${body}...\n`,
          `- ${h}\n${body}- 1\n`,
          `- k: ${h}\n${indentBy(body, '  ')}  l: 1\n`,
          `o:\n  k: ${h}\n${indentBy(body, '  ')}  l: 1\nm: 2\n`,
          `k: ${h}\r\n${body.replace(/\n/g, '\r\n')}next: 1\r\n`,
        ];
        if (body.endsWith('\n')) texts.push(`k: ${h}\n${body.slice(0, -1)}`);
        // Three of the contexts for each header and body, in turn.
        combination++;
        for (const text of [0, 3, 6].map((k) => texts[(combination + k) % texts.length]!)) {
          cases++;
          const valid = parseDocuments(text).every(isStrictYaml);
          if (valid) {
            assert.ok(fullyFast(text), `valid, but not fast: ${JSON.stringify(text)}`);
            fast++;
          } else {
            assert.equal(fastParseDocuments(text), undefined, `invalid, but answered: ${JSON.stringify(text)}`);
          }
        }
      }
    }
    t.diagnostic(`${cases} cases, ${fast} valid and fast`);
  });

  test("flow collections: each form and context; fast when valid, the full parser's when not", (t) => {
    // Valid flow collections the fast path leaves to the full parser (properties, unusual starts,
    // tabs, collections as keys); every other valid one must be fast.
    const outside = new Set([
      '[&a x, *a]',
      '[!!str 1]',
      '[?x]',
      '[:x]',
      '{? a}',
      '[a,\tb]',
      '[[a]: b]',
      '{[a]: b}',
      '{{a}}',
      '{<<: {a: 1}}',
      '{1: a, "1": b}',
      '[a]: b',
    ]);
    const flows = [
      '[]',
      '{}',
      '[ ]',
      '{  }',
      '[a]',
      '[a, b]',
      '[a,b]',
      '[a,b,]',
      '[ a , b , ]',
      '["--port", "80"]',
      '[sh, -c]',
      '[{containerPort: 80}]',
      '[{name: gw, sectionName: http}]',
      '{a: 1, b: [x, y]}',
      '{a, b: c}',
      '{a: , b:}',
      '{a:}',
      '[a: b, c]',
      '[a: ]',
      '[a:]',
      '[a:, b]',
      '{"a":1}',
      '{"a" : "b"}',
      '["x,y", \'a]\', "}", \'#\', "a #b", \'k: v\']',
      '[a:b, a :b, a: b]',
      '[[a], [b, [c]]]',
      '[{}, [], { }]',
      '[-1, -a, 0x1F, .5, true, null, ~, Null]',
      '[a#b, "#"]',
      "{a: \"x: y\", 'b': 'it''s'}",
      '[http://x/y?z=1#f]',
      '[a b, c  d]',
      '[é, 中文]',
      '{1: a, true: b, null: c}',
      '{a: {b: {c: [d, {e: f}]}}}',
      '["a":b, \'c\' :d]',
      '[a: [b], c: {d: e}]',
      '{"a":[b]}',
      '[--, ---, ..., -#]',
      // valid, outside the subset
      ...outside,
      // invalid
      '[a, , b]',
      '[,]',
      '{,}',
      '[, a]',
      '[a,,]',
      '[a}',
      '{a]',
      '[a',
      '[a]]',
      '{a: b: c}',
      '[a: b: c]',
      '[- a]',
      '[-]',
      '{a: 1, a: 2}',
      '["a"b]',
      '[a [b]]',
      '[@x]',
      '[%x]',
      '[|x]',
      '[`x`]',
      '{"a":"b":c}',
      '[a, b] c',
      '[a]#c',
      '[a] ]',
      '["a]',
      "['a]",
      '[a, "b\\q"]',
    ];
    const contexts = [
      (f: string) => `k: ${f}\n`,
      (f: string) => `k: ${f}  # c\n`,
      (f: string) => `- ${f}\n- 1\n`,
      (f: string) => `- k: ${f}\n  l: 1\n`,
      (f: string) => `o:\n  k: ${f}\n  l: ${f}\nm: 2\n`,
      (f: string) => `k:\n  ${f}\nnext: 1\n`,
      (f: string) => `${f}\n`,
      (f: string) => `- - ${f}\r\n`,
      (f: string) => `k: ${f}`,
      (f: string) => `---\nk: ${f}\n...\n---\n- ${f}\n`,
    ];
    let cases = 0;
    let fast = 0;
    for (const [i, f] of flows.entries()) {
      // Four of the contexts for each flow collection, in turn.
      for (const k of [0, 3, 5, 7]) {
        const text = contexts[(i + k) % contexts.length]!(f);
        cases++;
        const valid = parseDocuments(text).every(isStrictYaml);
        if (!valid) assert.equal(fastParseDocuments(text), undefined, `invalid, but answered: ${JSON.stringify(text)}`);
        else if (outside.has(f)) assert.ok(!fullyFast(text), `outside the subset, but fast: ${JSON.stringify(text)}`);
        else {
          assert.ok(fullyFast(text), `valid, but not fast: ${JSON.stringify(text)}`);
          fast++;
        }
      }
    }
    t.diagnostic(`${cases} cases, ${fast} valid and fast`);
    assert.ok(fast >= 150, `only ${fast} fast cases`);
  });

  test('resolution edge cases match the full parser, value by value and key by key', () => {
    for (const v of [...PLAIN_VALUES, ...DOUBLE_VALUES, ...SINGLE_VALUES]) {
      assert.ok(fullyFast(`k: ${v}\n`), `value ${v} left the fast path`);
      assert.ok(fullyFast(`- ${v}\n`), `item ${v} left the fast path`);
      assert.ok(fullyFast(`m:\n  ${v}: k\n`), `key ${v} left the fast path`);
      assert.ok(fullyFast(`- ${v}: k\n`), `key ${v} in a sequence left the fast path`);
    }
  });
});
