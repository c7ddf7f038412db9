// The architecture invariants a machine can check (ARCHITECTURE.md): the core imports nothing
// editor-, protocol- or IO-shaped and never logs; layers inside the core import downwards only; the
// front ends do not import each other; every module starts with a header comment; every diagnostic
// code is documented and produced by some fixture.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CODES } from '../server/src/core/index.js';
import { listFixtures, loadFixture } from './harness/fixtures.js';
import { parseMarkers } from './harness/markers.js';
import { repoRoot } from './harness/paths.js';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const full = path.join(dir, e);
    if (statSync(full).isDirectory()) out.push(...sources(full));
    else if (e.endsWith('.ts')) out.push(full);
  }
  return out;
}

const rel = (f: string) => path.relative(repoRoot, f).split(path.sep).join('/');
const importsOf = (f: string) =>
  [...readFileSync(f, 'utf8').matchAll(/^(?:import|export)\b[^;]*?from '([^']+)'/gms)].map((m) => m[1]!);
const resolveImport = (from: string, spec: string) =>
  spec.startsWith('.') ? rel(path.resolve(path.dirname(from), spec)).replace(/\.js$/, '') : spec;

const core = sources(path.join(repoRoot, 'server/src/core'));

// The libraries the core may use: the YAML parser, and CEL with its RE2 engine (admission checks).
const CORE_LIBRARIES = ['yaml', '@bufbuild/cel', '@bufbuild/cel/ext', '@bufbuild/re2'];

test('the core imports only its libraries and itself, and does not log', () => {
  const offending: string[] = [];
  for (const f of core) {
    for (const spec of importsOf(f)) {
      const target = resolveImport(f, spec);
      if (!(CORE_LIBRARIES.includes(target) || target.startsWith('server/src/core/')))
        offending.push(`${rel(f)} imports ${spec}`);
    }
    if (/\bconsole\./.test(readFileSync(f, 'utf8'))) offending.push(`${rel(f)} uses console`);
  }
  assert.deepEqual(offending, []);
});

test('layers inside the core import downwards only', () => {
  const order = ['text', 'syntax', 'admission', 'model', 'index', 'resolve', 'features'];
  const layer = (f: string) => order.indexOf(f.replace('server/src/core/', '').split('/')[0]!);
  const offending: string[] = [];
  for (const f of core) {
    const from = layer(rel(f));
    if (from < 0) continue;
    for (const spec of importsOf(f)) {
      const target = resolveImport(f, spec);
      const to = target.startsWith('server/src/core/') ? layer(target) : -1;
      // host.ts sits above the layers; features reach the host for queries, as rust-analyzer's ide does.
      if (to > from) offending.push(`${rel(f)} (${order[from]}) imports ${target} (${order[to]})`);
    }
  }
  assert.deepEqual(offending, []);
});

test('the front ends do not import each other, and the client only the protocol module', () => {
  const offending: string[] = [];
  for (const [dir, forbidden] of [
    ['server/src/lsp', 'server/src/cli/'],
    ['server/src/cli', 'server/src/lsp/'],
  ] as const) {
    for (const f of sources(path.join(repoRoot, dir)))
      for (const spec of importsOf(f))
        if (resolveImport(f, spec).startsWith(forbidden)) offending.push(`${rel(f)} imports ${spec}`);
  }
  for (const f of sources(path.join(repoRoot, 'client/src'))) {
    for (const spec of importsOf(f)) {
      const target = resolveImport(f, spec);
      if (target.startsWith('server/') && target !== 'server/src/lsp/protocol')
        offending.push(`${rel(f)} imports ${spec}`);
    }
  }
  assert.deepEqual(offending, []);
});

test('every source module opens with a header comment', () => {
  const files = [
    ...sources(path.join(repoRoot, 'server/src')),
    ...sources(path.join(repoRoot, 'client/src')),
    ...sources(path.join(repoRoot, 'test')).filter((f) => !f.includes(`${path.sep}fixtures${path.sep}`)),
  ];
  const missing = files.filter((f) => !readFileSync(f, 'utf8').startsWith('//')).map(rel);
  assert.deepEqual(missing, []);
});

test('every diagnostic code has a section in docs/diagnostics.md and a fixture that produces it', () => {
  const doc = readFileSync(path.join(repoRoot, 'docs/diagnostics.md'), 'utf8');
  const sections = [...doc.matchAll(/^## (\w+)$/gm)].map((m) => m[1]!);
  const codes = Object.keys(CODES);
  assert.deepEqual([...sections].sort(), [...codes].sort(), 'docs/diagnostics.md sections');
  const produced = new Set<string>();
  for (const name of listFixtures()) {
    const fixture = loadFixture(name);
    for (const text of fixture.files.values())
      for (const m of parseMarkers(text).markers) if (m.kind === 'diagnostic') produced.add(m.code);
    for (const d of fixture.config.diagnostics ?? []) produced.add(d.code);
  }
  assert.deepEqual(
    codes.filter((c) => !produced.has(c)),
    [],
    'codes no fixture produces',
  );
});
