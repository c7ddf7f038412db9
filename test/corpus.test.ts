// Real example trees from upstream repositories (test/corpus, sources and licences in SOURCES.md),
// each checked as a new user would: `gateway-refs check .` in the tree's folder, default options.
// Every error must be listed in test/corpus/expected-errors.json with a verdict and the reason for
// it, so an error that appears or disappears fails until someone has read it against the manifests.
// `UPDATE_EXPECT=1` rewrites the list, keeping the verdicts of errors that stay and marking new ones
// `unreviewed`, which still fails: the verdict and reason are written by hand.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from './harness/cli.js';
import { readOr, updating } from './harness/expect.js';
import { repoRoot } from './harness/paths.js';

const corpusDir = path.join(repoRoot, 'test', 'corpus');
const expectedFile = path.join(corpusDir, 'expected-errors.json');

/** One error as recorded: where, what, and the reviewer's judgement of it. */
interface ExpectedError {
  at: string;
  code: string;
  message: string;
  /** `true`: a real mistake in the manifests; `false: <class>`: the analysis is wrong (see notes); `unreviewed`. */
  verdict: string;
  reason: string;
}

interface TreeExpectation {
  /** Warnings per code: counted, not judged one by one. */
  warnings: Record<string, number>;
  errors: ExpectedError[];
}

interface Expectations {
  about: string;
  trees: Record<string, TreeExpectation>;
}

interface Found {
  at: string;
  code: string;
  message: string;
}

const ABOUT =
  'Errors of `gateway-refs check .` run in each tree of test/corpus (see corpus.test.ts). verdict: "true" (a real mistake in the manifests; reason says which) or "false: <class>" (the analysis is wrong; reason says why).';
const VERDICT = /^(true|false: [a-z][a-z0-9 -]*)$/;

const trees = readdirSync(corpusDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const expected = JSON.parse(readOr(expectedFile, JSON.stringify({ about: ABOUT, trees: {} }))) as Expectations;
// What UPDATE_EXPECT=1 writes: trees not run this time (a name pattern) keep their record.
const blessed: Expectations = {
  about: ABOUT,
  trees: Object.fromEntries(Object.entries(expected.trees).filter(([tree]) => trees.includes(tree))),
};

const key = (e: Found): string => `${e.at} ${e.code}: ${e.message}`;

async function check(tree: string): Promise<{ errors: Found[]; warnings: Record<string, number> }> {
  const run = await runCli(['check', '.', '--format', 'json'], path.join(corpusDir, tree));
  assert.equal(run.stderr, '', `${tree}: the check wrote to stderr`);
  const output = JSON.parse(run.stdout) as {
    diagnostics: {
      file: string;
      range: { start: { line: number } };
      severity: string;
      code: string;
      message: string;
    }[];
  };
  const errors: Found[] = [];
  const warnings: Record<string, number> = {};
  for (const d of output.diagnostics) {
    if (d.severity === 'error')
      errors.push({ at: `${d.file}:${d.range.start.line + 1}`, code: d.code, message: d.message });
    else if (d.severity === 'warning') warnings[d.code] = (warnings[d.code] ?? 0) + 1;
  }
  return { errors, warnings: Object.fromEntries(Object.entries(warnings).sort(([a], [b]) => a.localeCompare(b))) };
}

/** The found errors with the recorded judgements carried over: by exact match, then by place and code. */
function carryOver(found: Found[], recorded: ExpectedError[]): ExpectedError[] {
  const pool = [...recorded];
  const take = (match: (e: ExpectedError) => boolean): ExpectedError | undefined => {
    const i = pool.findIndex(match);
    return i < 0 ? undefined : pool.splice(i, 1)[0];
  };
  const exact = found.map((f) => take((e) => key(e) === key(f)));
  return found.map((f, i) => {
    const old = exact[i] ?? take((e) => e.at === f.at && e.code === f.code);
    return { ...f, verdict: old?.verdict ?? 'unreviewed', reason: old?.reason ?? '' };
  });
}

describe('real-tree corpus', () => {
  for (const tree of trees) {
    test(`${tree}: every error is one the list records, with a verdict`, async () => {
      const { errors, warnings } = await check(tree);
      const recorded = expected.trees[tree] ?? { warnings: {}, errors: [] };
      const judged = carryOver(errors, recorded.errors);
      blessed.trees[tree] = { warnings, errors: judged };
      if (!updating) {
        const have = new Set(errors.map(key));
        const want = new Set(recorded.errors.map(key));
        const added = errors.filter((e) => !want.has(key(e))).map(key);
        const gone = recorded.errors.filter((e) => !have.has(key(e))).map(key);
        assert.deepEqual(
          { added, gone },
          { added: [], gone: [] },
          `${tree}: errors differ from test/corpus/expected-errors.json. Read each one against the manifests, run UPDATE_EXPECT=1 npm test to record them, then give each new entry a verdict and a reason.`,
        );
        assert.deepEqual(warnings, recorded.warnings, `${tree}: warning counts differ (UPDATE_EXPECT=1 records them)`);
      }
      const unjudged = judged.filter((e) => !VERDICT.test(e.verdict) || e.reason.trim() === '').map(key);
      assert.deepEqual(unjudged, [], `${tree}: errors without a verdict and a reason in expected-errors.json`);
    });
  }

  test('every tree has its licence and its row in SOURCES.md', () => {
    const sources = readOr(path.join(corpusDir, 'SOURCES.md'), '');
    for (const tree of trees) {
      assert.ok(existsSync(path.join(corpusDir, tree, 'LICENSE')), `${tree}: no LICENSE`);
      assert.ok(sources.includes(`| \`${tree}\` |`), `${tree}: no row in SOURCES.md`);
    }
  });

  test('every recorded tree exists, and the false-error count is reported', (t) => {
    assert.deepEqual(Object.keys(expected.trees).sort(), updating ? Object.keys(expected.trees).sort() : trees);
    const all = Object.values(updating ? blessed.trees : expected.trees).flatMap((x) => x.errors);
    const falseOnes = all.filter((e) => e.verdict.startsWith('false'));
    t.diagnostic(`${trees.length} trees, ${all.length} errors, ${falseOnes.length} judged false`);
    if (updating) writeFileSync(expectedFile, `${JSON.stringify(blessed, null, 2)}\n`);
  });
});
