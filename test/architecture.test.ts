// The architecture invariants a machine can check (ARCHITECTURE.md): the core imports nothing
// editor-, protocol- or IO-shaped and never logs; layers inside the core import downwards only; the
// front ends do not import each other; every module starts with a header comment; every diagnostic
// code is documented and produced by some fixture.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CODES, PROFILES } from '../server/src/core/api.js';
import { HOMES } from '../server/src/core/features/diagnostics/registry.js';
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

// The libraries the core may use: the YAML parser, CEL with its RE2 engine (admission checks), and
// a glob matcher (the files a Chainsaw test names).
const CORE_LIBRARIES = ['yaml', '@bufbuild/cel', '@bufbuild/cel/ext', '@bufbuild/re2', 'picomatch'];

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
  const order = ['text', 'syntax', 'admission', 'model', 'index', 'resolve', 'query', 'features'];
  const above = new Set(['server/src/core/host', 'server/src/core/analysis', 'server/src/core/api']);
  const layer = (f: string) => order.indexOf(f.replace('server/src/core/', '').split('/')[0]!);
  const offending: string[] = [];
  for (const f of core) {
    const from = layer(rel(f));
    if (from < 0) continue;
    for (const spec of importsOf(f)) {
      const target = resolveImport(f, spec);
      const to = target.startsWith('server/src/core/') ? layer(target) : -1;
      if (to > from) offending.push(`${rel(f)} (${order[from]}) imports ${target} (${order[to]})`);
      // The host, the facade and the public surface sit above every layer: features read a QueryContext.
      if (above.has(target)) offending.push(`${rel(f)} (${order[from]}) imports ${target}`);
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

/** The codes each fixture's markers (or fixture.json) expect. */
function producedCodes(name: string): Set<string> {
  const fixture = loadFixture(name);
  const produced = new Set<string>();
  for (const text of fixture.files.values())
    for (const m of parseMarkers(text).markers) if (m.kind === 'diagnostic') produced.add(m.code);
  for (const d of fixture.config.diagnostics ?? []) produced.add(d.code);
  return produced;
}

test('every diagnostic code has a section in docs/diagnostics.md, one home, and a fixture of its home that produces it', () => {
  const doc = readFileSync(path.join(repoRoot, 'docs/diagnostics.md'), 'utf8');
  const sections = [...doc.matchAll(/^## (\w+)$/gm)].map((m) => m[1]!);
  const codes = Object.keys(CODES);
  assert.deepEqual([...sections].sort(), [...codes].sort(), 'docs/diagnostics.md sections');
  const homed = HOMES.flatMap((h) => h.codes);
  assert.deepEqual([...homed].sort(), [...codes].sort(), 'each code in exactly one home');
  const fixtures = new Set(listFixtures());
  const unproduced: string[] = [];
  for (const home of HOMES) {
    const produced = new Set<string>();
    for (const name of home.fixtures) {
      assert.ok(fixtures.has(name), `fixture ${name} named by the home of ${home.codes.join(', ')} does not exist`);
      for (const code of producedCodes(name)) produced.add(code);
    }
    unproduced.push(...home.codes.filter((c) => !produced.has(c)));
  }
  assert.deepEqual(unproduced, [], 'codes that no fixture named by their home produces');
});

test('the severity setting in package.json offers exactly the diagnostic codes', () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: {
      configuration: { properties: Record<string, { properties?: Record<string, { enum?: string[] }> }> };
    };
  };
  const schema = pkg.contributes.configuration.properties['gatewayRefs.severity']?.properties ?? {};
  const levels = ['error', 'warning', 'information', 'hint', 'off'];
  assert.deepEqual(Object.keys(schema).sort(), Object.keys(CODES).sort(), 'codes in gatewayRefs.severity');
  for (const [code, entry] of Object.entries(schema)) assert.deepEqual(entry.enum, levels, `levels of ${code}`);
});

test('the implementation setting in package.json offers exactly the profiles', () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { enum?: string[] }> } };
  };
  const offered = pkg.contributes.configuration.properties['gatewayRefs.implementation']?.enum ?? [];
  assert.deepEqual([...offered].sort(), ['', ...PROFILES.map((p) => p.id)].sort());
});
