// What the analysis reports does not depend on the order files reach it. The CLI reads files in
// path order; the language server reads open buffers first, then whatever the walk finds, and
// later edits arrive in any order: the same workspace must get the same diagnostics — messages,
// related locations and all — in the editor and in CI. (The status lists objects in the order their
// files arrived; that order is not compared.)

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { generate } from '../bench/generate.js';
import { Prng } from '../bench/prng.js';
import { CoreDriver } from './harness/core.js';
import { listFixtures, loadFixture } from './harness/fixtures.js';
import { repoRoot } from './harness/paths.js';

type Files = [string, string][];

function diagnosticsAfterReading(files: Files, options = {}): string {
  const host = new CoreDriver(options);
  host.applyChanges(files.map(([fileId, text]) => ({ fileId, text })));
  host.settle();
  return JSON.stringify(
    host
      .fileIds()
      .sort()
      .map((f) => [f, host.diagnostics(f)]),
  );
}

function assertOrderFree(files: Files, options = {}): void {
  const inOrder = [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const expected = diagnosticsAfterReading(inOrder, options);
  assert.equal(diagnosticsAfterReading([...inOrder].reverse(), options), expected, 'files read in reverse order');
  assert.equal(
    diagnosticsAfterReading(new Prng(7).shuffle(inOrder), options),
    expected,
    'files read in a shuffled order',
  );
}

function yamlFilesUnder(dir: string): Files {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => [f.split(path.sep).join('/'), readFileSync(path.join(dir, f), 'utf8')]);
}

describe('diagnostics do not depend on the order files are read in', () => {
  test('the small benchmark workspace (many grants that miss a reference equally)', () => {
    assertOrderFree(generate('small').rendered.files.map((f) => [f.path, f.text]));
  });
  test('the examples and the real trees of the corpus', () => {
    assertOrderFree(yamlFilesUnder(path.join(repoRoot, 'examples')));
    const corpus = path.join(repoRoot, 'test', 'corpus');
    for (const tree of readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()))
      assertOrderFree(yamlFilesUnder(path.join(corpus, tree.name)));
  });
  test('every fixture workspace', () => {
    for (const name of listFixtures()) {
      const fixture = loadFixture(name);
      assertOrderFree([...fixture.files], fixture.config.options ?? {});
    }
  });
});
