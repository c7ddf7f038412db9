// Hostile YAML through the parser (core/syntax/parse.ts): anchors and aliases are resolved once,
// through a map, and shared, never by walking the document per alias; alias bombs and merge chains
// stop at the node budget before anything is built; ranges never split a CRLF; a file is read one
// document at a time, so a large file's trees are never all in memory. The cost growth
// itself is measured by `npm run bench` (its hostile-input section), not timed here.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Alias } from 'yaml';
import { parseYaml, parseYamlStream, RESTART } from '../server/src/core/syntax/fastPath.js';
import { parseDocuments } from '../server/src/core/syntax/parse.js';
import type { ParsedDocument, YMap, YNode } from '../server/src/core/syntax/tree.js';

const HEADER = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hostile\n';

function root(doc: ParsedDocument | undefined): YMap {
  assert.ok(doc);
  assert.deepEqual(doc.problems, []);
  assert.equal(doc.root?.kind, 'map');
  return doc.root;
}

function get(node: YNode | undefined, key: string): YNode {
  assert.equal(node?.kind, 'map');
  const e = node.entries.find((x) => x.key === key);
  assert.ok(e, `no key ${key}`);
  return e.value;
}

/** Parses with `Alias.prototype.resolve` counted: it walks the whole document on every call. */
function parseCountingResolves(text: string): { docs: ParsedDocument[]; resolves: number } {
  const prototype = Alias.prototype;
  const original = Object.getOwnPropertyDescriptor(prototype, 'resolve')!;
  let resolves = 0;
  const resolve = original.value as (this: Alias, ...args: unknown[]) => unknown;
  Object.defineProperty(prototype, 'resolve', {
    ...original,
    value(this: Alias, ...args: unknown[]) {
      resolves++;
      return resolve.apply(this, args);
    },
  });
  try {
    return { docs: parseDocuments(text), resolves };
  } finally {
    Object.defineProperty(prototype, 'resolve', original);
  }
}

test('aliases resolve through one map of anchors, never by walking the document per alias', () => {
  const n = 3000;
  let text = `${HEADER}data:\n`;
  for (let i = 0; i < n; i++) text += `  k${i}: &a${i} v${i}\n`;
  text += 'binaryData:\n';
  for (let i = 0; i < n; i++) text += `  r${i}: *a${n - 1 - i}\n`;
  // An anchor defined twice: an alias takes the last definition before it.
  text += 'twice:\n  x: &t first\n  y: *t\n  z: &t second\n  w: *t\n';
  const { docs, resolves } = parseCountingResolves(text);
  assert.equal(resolves, 0);
  const map = root(docs[0]);
  const binary = get(map, 'binaryData') as YMap;
  assert.equal(binary.entries.length, n);
  for (const [i, e] of binary.entries.entries())
    assert.equal(e.value.kind === 'scalar' && e.value.value, `v${n - 1 - i}`);
  const twice = get(map, 'twice');
  assert.equal((get(twice, 'y') as { value: unknown }).value, 'first');
  assert.equal((get(twice, 'w') as { value: unknown }).value, 'second');
});

test('an anchored node is converted once and each alias reads it placed where the alias is', () => {
  const text = `${HEADER}data:\n  base: &b {a: 1, b: [x, y]}\n  one: *b\n  two: *b\n  three:\n    <<: *b\n    c: 2\n`;
  const data = get(root(parseDocuments(text)[0]), 'data');
  const [base, one, two, three] = ['base', 'one', 'two', 'three'].map((k) => get(data, k) as YMap);
  const spans = (n: YNode): string[] =>
    n.kind === 'scalar'
      ? [text.slice(n.span.start, n.span.end)]
      : n.kind === 'seq'
        ? [text.slice(n.span.start, n.span.end), ...n.items.flatMap(spans)]
        : [
            text.slice(n.span.start, n.span.end),
            ...n.entries.flatMap((e) => [text.slice(e.keySpan.start, e.keySpan.end), ...spans(e.value)]),
          ];
  assert.deepEqual(spans(base!), ['{a: 1, b: [x, y]}', 'a', '1', 'b', '[x, y]', 'x', 'y']);
  // Positions inside an expansion point at the alias: a diagnostic never lands in another object.
  for (const alias of [one!, two!]) assert.deepEqual(new Set(spans(alias)), new Set(['*b']));
  assert.deepEqual(new Set(spans(get(three, 'b'))), new Set(['*b']));
  assert.equal(text.slice(get(three, 'c').span.start, get(three, 'c').span.end), '2');
});

test('merge chains: explicit keys win, merged keys fill in, each level is read once', () => {
  let text = `${HEADER}levels:\n  l0: &l0 {k0: v0, shared: l0}\n`;
  for (let i = 1; i < 40; i++) text += `  l${i}: &l${i}\n    <<: *l${i - 1}\n    k${i}: v${i}\n    shared: l${i}\n`;
  text += 'data:\n  shared: mine\n  <<: [*l39, {extra: x}]\n';
  const { docs, resolves } = parseCountingResolves(text);
  assert.equal(resolves, 0);
  const data = get(root(docs[0]), 'data') as YMap;
  assert.equal((get(data, 'shared') as { value: unknown }).value, 'mine');
  assert.equal((get(data, 'k0') as { value: unknown }).value, 'v0');
  assert.equal((get(data, 'k39') as { value: unknown }).value, 'v39');
  assert.equal((get(data, 'extra') as { value: unknown }).value, 'x');
  assert.equal(data.entries.length, 42);
  assert.deepEqual(docs[0]!.warnings, undefined, 'a merged key overridden is not a duplicate');
});

test('a long merge chain stops at the bounds, at an alias, without building the chain', () => {
  let text = `${HEADER}levels:\n  l0: &l0 {k0: v0}\n`;
  for (let i = 1; i < 2000; i++) text += `  l${i}: &l${i}\n    <<: *l${i - 1}\n    k${i}: v${i}\n`;
  const { docs, resolves } = parseCountingResolves(text);
  assert.equal(resolves, 0);
  const problem = docs[0]!.problems[0];
  assert.ok(problem, 'refused');
  assert.equal(docs[0]!.root, null);
  assert.match(text.slice(problem.span.start, problem.span.end), /^\*l\d+$/);
});

test('an alias bomb is refused at the alias that exceeds the budget', () => {
  let text = `${HEADER}data:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n`;
  for (let i = 1; i < 12; i++) {
    const [name, prev] = [`a${i}`, i === 1 ? 'a' : `a${i - 1}`];
    text += `  ${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]\n`;
  }
  const { docs, resolves } = parseCountingResolves(text);
  assert.equal(resolves, 0);
  const problem = docs[0]!.problems[0];
  assert.match(problem?.message ?? '', /Aliases expand to more than 10000 nodes/);
  assert.match(text.slice(problem!.span.start, problem!.span.end), /^\*a\d*$/);
});

test('an alias without an anchor before it, or inside its own anchor, is an error (kubectl rejects both)', () => {
  for (const [body, message] of [
    ['data:\n  a: *nope\n', /Unknown alias `\*nope`/],
    ['data:\n  a: *later\n  b: &later v\n', /Unknown alias `\*later`/],
    ['data: &self\n  a: *self\n', /refers to the node it is part of/],
  ] as const) {
    const docs = parseDocuments(HEADER + body);
    assert.equal(docs[0]!.root, null, body);
    assert.match(docs[0]!.problems[0]?.message ?? '', message, body);
  }
});

test('a wide mapping is read by the full parser with every key, a duplicate kept last with a warning', () => {
  const n = 20_000;
  // The tag sends the document to the full parser, where the duplicate-key check used to be quadratic.
  let text = `${HEADER}data: !!map\n`;
  for (let i = 0; i < n; i++) text += `  k${i}: v${i}\n`;
  text += '  k7: again\n';
  const doc = parseDocuments(text)[0]!;
  const data = get(root(doc), 'data') as YMap;
  assert.equal(data.entries.length, n);
  assert.equal((get(data, 'k7') as { value: unknown }).value, 'again');
  assert.equal(doc.warnings?.length, 1);
  assert.match(doc.warnings[0]!.message, /`k7` appears twice/);
});

test('YAMLSyntax ranges never end or start between \\r and \\n', () => {
  for (const text of [
    'kind: X\r\nspec:\r\n  parentRefs:\r\n name: x\r\n',
    'kind: X\r\nspec:\r\n  ports:\r\n - port: 80\r\n',
    'a:\r\n  b: 1\r\n c: 2\r\n',
  ]) {
    const problems = parseDocuments(text).flatMap((d) => d.problems);
    assert.ok(problems.length > 0, text);
    for (const p of problems)
      for (const at of [p.span.start, p.span.end])
        assert.ok(!(text[at - 1] === '\r' && text[at] === '\n'), `${JSON.stringify(text)}: ${at} splits a CRLF`);
  }
});

test('a file streams document by document, and a late decline of the fast path restarts the stream', () => {
  const collect = (text: string): { docs: ParsedDocument[]; restarts: number } => {
    let docs: ParsedDocument[] = [];
    let restarts = 0;
    for (const doc of parseYamlStream(text)) {
      if (doc === RESTART) {
        docs = [];
        restarts++;
      } else docs.push(doc);
    }
    return { docs, restarts };
  };
  const fast = `${HEADER}data:\n  a: "1"\n`;
  const many = Array(50).fill(fast).join('---\n');
  const stream = parseYamlStream(many);
  const first = stream.next();
  assert.ok(
    !first.done && first.value !== RESTART && first.value.root,
    'the first document comes before the rest is read',
  );
  assert.deepEqual(collect(many), { docs: parseYaml(many), restarts: 0 });
  // A syntax error in the last document: the whole file is the full parser's, from the start.
  const late = `${many}---\n${HEADER}data: [unclosed\n`;
  const { docs, restarts } = collect(late);
  assert.equal(restarts, 1);
  assert.deepEqual(docs, parseDocuments(late));
});
