// A forged cache (server/src/io/cache.ts, core/model/persist.ts): entries with a valid checksum but
// the wrong shape, or breaking what the host relies on, are ignored and rebuilt, never trusted.
// Through the CLI (`--cache-dir`: its answer must be the cold run's) and the cache itself (the
// diagnostics the server publishes at a warm start).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { restoreModel, storeModel } from '../server/src/core/model/persist.js';
import { SchemaCatalog } from '../server/src/core/admission/catalog.js';
import { summarize } from '../server/src/core/model/summarize.js';
import { WorkspaceCache } from '../server/src/io/cache.js';
import { cliPath } from './harness/paths.js';

const ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
  namespace: infra
spec:
  parentRefs:
    - name: shared
      sectionName: htp
`;
const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: shared
  namespace: infra
spec:
  gatewayClassName: example
  listeners:
    - name: http
      protocol: HTTP
      port: 80
`;

const scratch = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-forged-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Rewrites a cache file's body lines and recomputes its checksum trailer, as a forger would. */
function forge(file: string, edit: (body: string[]) => string[]): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const body = edit(lines.slice(1, -1));
  const hash = createHash('sha1');
  for (const line of body) hash.update(line).update('\n');
  const trailer = JSON.stringify({ sha1: hash.digest('base64url'), count: body.length });
  writeFileSync(file, [lines[0]!, ...body, trailer, ''].join('\n'));
}

type Model = { resources: Record<string, unknown>[]; problems: Record<string, unknown>[] };

/** Forgeries of the route file's stored model (the entry is [fileId, hash, model]). */
const FORGERIES: [string, (model: Model) => void][] = [
  ['parentRefs of the wrong type', (m) => (m.resources[0]!['parentRefs'] = 'shared')],
  ['parentRefs missing', (m) => delete m.resources[0]!['parentRefs']],
  ['an unknown resource shape', (m) => (m.resources[0]!['shape'] = 'Unknown')],
  [
    'an unknown problem code',
    (m) => m.problems.push({ code: 'Bogus', message: 'x', path: '', span: { start: 0, end: 1 } }),
  ],
  ['a span past the end of the text', (m) => (m.resources[0]!['span'] = { start: 0, end: 1e9 })],
  ['a resource id of another file', (m) => (m.resources[0]!['id'] = 'gateway.yaml#0')],
  [
    'a skip note on a file that is analysed',
    (m) => Object.assign(m, { skipped: { code: 'HelmTemplate', message: 'x' } }),
  ],
  ['an extra key', (m) => (m.resources[0]!['extra'] = true)],
];

describe('a forged models cache', () => {
  const dir = path.join(scratch, 'ws');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'route.yaml'), ROUTE);
  writeFileSync(path.join(dir, 'gateway.yaml'), GATEWAY);
  const check = (cacheDir: string) =>
    spawnSync(process.execPath, [cliPath, 'check', '.', '--format', 'json', '--cache-dir', cacheDir], {
      cwd: dir,
      encoding: 'utf8',
    });
  const cold = check(path.join(scratch, 'cold'));
  assert.equal(cold.status, 1);

  for (const [what, change] of FORGERIES) {
    test(`${what}: ignored, the answer is the cold run's, the cache is rebuilt`, () => {
      const cacheDir = path.join(scratch, `cache-${what.replace(/\W+/g, '-')}`);
      assert.equal(check(cacheDir).status, 1);
      const models = readdirSync(cacheDir).find((f) => f.endsWith('.models'))!;
      forge(path.join(cacheDir, models), (body) =>
        body.map((line) => {
          const entry = JSON.parse(line) as [string, string, Model];
          if (entry[0] === 'route.yaml') change(entry[2]);
          return JSON.stringify(entry);
        }),
      );
      const forged = check(cacheDir);
      assert.equal(forged.status, 1, forged.stderr);
      assert.equal(forged.stdout, cold.stdout);
      assert.match(forged.stderr, /ignoring the cache/i, 'a note says the cache was not used');
      const again = check(cacheDir);
      assert.equal(again.stdout, cold.stdout);
      assert.equal(again.stderr, '', 'the cache was rebuilt');
    });
  }
});

describe('restoreModel', () => {
  const catalog = new SchemaCatalog('standard', []);
  const model = summarize('route.yaml', ROUTE, { chartTemplate: false, catalog });
  const inputs = { chartTemplate: model.inputs.chartTemplate, catalog };
  const stored = (): Model => JSON.parse(JSON.stringify(storeModel(model))) as Model;

  test('takes back what storeModel wrote, for this very text', () => {
    assert.ok(restoreModel(stored(), 'route.yaml', ROUTE, inputs));
  });

  for (const [what, change] of FORGERIES) {
    test(`refuses ${what}`, () => {
      const s = stored();
      change(s);
      assert.equal(restoreModel(s, 'route.yaml', ROUTE, inputs), undefined);
    });
  }
});

describe('a forged diagnostics cache', () => {
  const identity = { tool: 'test', scope: 'forged', options: '{}' };
  const diagnostic = {
    fileId: 'route.yaml',
    range: { start: { line: 8, character: 19 }, end: { line: 8, character: 22 } },
    severity: 'error',
    code: 'NoMatchingParent',
    message: 'x',
    related: [],
    subject: 'route.yaml#0 spec.parentRefs[0]',
  };
  const forgeries: [string, unknown][] = [
    ['a diagnostic of an unknown code', { ...diagnostic, code: 'Bogus' }],
    ['a diagnostic without a range', { ...diagnostic, range: undefined }],
    ['a negative position', { ...diagnostic, range: { ...diagnostic.range, start: { line: -1, character: 0 } } }],
    ['a diagnostic filed under another file', { ...diagnostic, fileId: 'gateway.yaml' }],
    ['not a diagnostic at all', 'route.yaml: error'],
  ];

  test('a well-formed one is read back', async () => {
    const cache = new WorkspaceCache(path.join(scratch, 'diagnostics-ok'), identity);
    const stamps = { 'route.yaml': { size: 120, mtimeMs: 1764680000000.5, hash: 'h' } };
    await cache.saveDiagnostics({ fingerprint: 'f', stamps, byFile: { 'route.yaml': [diagnostic as never] } });
    assert.deepEqual(await cache.loadDiagnostics(), {
      fingerprint: 'f',
      stamps,
      byFile: { 'route.yaml': [diagnostic] },
    });
  });

  for (const [what, forged] of forgeries) {
    test(`${what}: ignored, with a note`, async () => {
      const dir = path.join(scratch, `diagnostics-${what.replace(/\W+/g, '-')}`);
      const notes: string[] = [];
      const cache = new WorkspaceCache(dir, identity, (m) => notes.push(m));
      await cache.saveDiagnostics({ fingerprint: 'f', stamps: {}, byFile: { 'route.yaml': [diagnostic as never] } });
      const file = path.join(dir, readdirSync(dir)[0]!);
      forge(file, () => [JSON.stringify({ fingerprint: 'f', stamps: {} }), JSON.stringify(['route.yaml', [forged]])]);
      assert.equal(await cache.loadDiagnostics(), undefined);
      assert.match(notes.join('\n'), /not a list of diagnostics; it will be rebuilt/);
    });
  }
});
