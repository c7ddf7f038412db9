// The benchmark's generator as a correctness smoke test (no timings: CI machines are noisy). The
// small workspace is generated in memory; the core must agree with its known answer, every edit
// scenario must change exactly the diagnostics it predicts when applied incrementally (as the
// language server applies edits), and generation must be deterministic.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Counts } from '../bench/expect.js';
import type { EditScenario } from '../bench/generate.js';
import { generate } from '../bench/generate.js';
import { SERVER_EDIT_DEBOUNCE_MS } from '../bench/measure.js';
import { compare, formatMismatches, observe } from '../bench/verify.js';
import { CoreDriver } from './harness/core.js';
import { repoRoot } from './harness/paths.js';

const small = generate('small');

function codes(host: CoreDriver, file: string): Counts {
  const c: Counts = {};
  for (const d of host.diagnostics(file)) c[d.code] = (c[d.code] ?? 0) + 1;
  return c;
}

const sorted = (c: Counts) => Object.fromEntries(Object.entries(c).sort());

test('the core agrees with the small workspace’s known answer', () => {
  const host = new CoreDriver();
  host.applyChanges(small.rendered.files.map((f) => ({ fileId: f.path, text: f.text })));
  host.settle();
  const diagnostics = small.rendered.files
    .flatMap((f) => host.diagnostics(f.path))
    .map((d) => ({ file: d.fileId, code: d.code }));
  const mismatches = compare(small.manifest.expected, observe({ version: 1, diagnostics, ...host.status() }));
  assert.equal(mismatches.length, 0, `differences from the known answer:\n${formatMismatches(mismatches)}`);
  // Every construction kind of breakage is present, and the answer is not trivially clean.
  for (const kind of [
    'namespace-unlabelled',
    'namespace-manifest-missing',
    'grant-missing-for-tenant',
    'backend-namespace-not-granted',
    'section-name-typo',
    'hostname-mismatch',
    'foreign-same-namespace-gateway',
    'local-service-missing',
    'stale-grant',
  ]) {
    assert.ok((small.manifest.broken[kind] ?? 0) > 0, `no ${kind} in the small workspace`);
  }
  for (const code of [
    'RefNotPermitted',
    'NotAllowedByListeners',
    'NoMatchingParent',
    'NoMatchingListenerHostname',
    'BackendNotFound',
    'NamespaceLabelsUnknown',
    'UnusedReferenceGrant',
    'AllNamespacesAllowed',
  ]) {
    assert.ok((small.manifest.expected.diagnostics[code] ?? 0) > 0, `no ${code} expected`);
  }
});

test('each edit scenario changes exactly the predicted diagnostics, and its fix restores them', () => {
  const host = new CoreDriver();
  host.applyChanges(small.rendered.files.map((f) => ({ fileId: f.path, text: f.text })));
  host.settle();
  const textOf = new Map(small.rendered.files.map((f) => [f.path, f.text]));
  const all: EditScenario[] = [
    ...small.manifest.edits.route,
    ...small.manifest.edits.grant,
    ...small.manifest.edits.namespace,
  ];
  for (const type of ['route', 'grant', 'namespace'] as const)
    assert.ok(small.manifest.edits[type].length > 0, `no ${type} edit scenario`);
  for (const s of all) {
    const lines = textOf.get(s.file)!.split('\n');
    assert.equal(lines[s.line], s.before, `${s.description}: line ${s.line + 1} of ${s.file}`);
    const untouched = small.rendered.files.map((f) => f.path).filter((f) => !s.changes.some((c) => c.file === f));
    const baseline = new Map(untouched.map((f) => [f, codes(host, f)]));
    for (const [step, text, side] of [
      ['break', lines.map((l, i) => (i === s.line ? s.after : l)).join('\n'), 'after'],
      ['fix', textOf.get(s.file)!, 'before'],
    ] as const) {
      host.applyChanges([{ fileId: s.file, text }]);
      host.settle();
      for (const c of s.changes)
        assert.deepEqual(sorted(codes(host, c.file)), sorted(c[side]), `${s.description} (${step}): ${c.file}`);
      for (const f of untouched)
        assert.deepEqual(codes(host, f), baseline.get(f), `${s.description} (${step}): ${f} should not change`);
    }
  }
});

test('generation is deterministic', () => {
  assert.equal(generate('small').manifest.contentHash, small.manifest.contentHash);
});

test('the benchmark knows the server’s edit debounce', () => {
  const session = readFileSync(path.join(repoRoot, 'server/src/lsp/session.ts'), 'utf8');
  assert.equal(Number(/const EDIT_DEBOUNCE_MS = (\d+);/.exec(session)?.[1]), SERVER_EDIT_DEBOUNCE_MS);
});
