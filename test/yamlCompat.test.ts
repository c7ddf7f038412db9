// YAML as Kubernetes reads it (core/syntax/lenient.ts): each file of test/yaml-compat is one
// construct, and kubectl.json records what kubectl's decoder made of it (`kubectl label --local -f
// FILE x=y -o json`, which decodes like `kubectl apply` without a cluster). A file kubectl reads must
// be read with the same data (with a LenientYAML warning when YAML 1.2 rejects it); a file kubectl
// rejects must stay a YAML error. Where kubectl is installed, the recorded answers are checked
// against it too.

import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { parseYaml } from '../server/src/core/syntax/fastPath.js';
import type { YNode } from '../server/src/core/syntax/tree.js';
import { repoRoot } from './harness/paths.js';

const dir = path.join(repoRoot, 'test/yaml-compat');
const recorded = JSON.parse(readFileSync(path.join(dir, 'kubectl.json'), 'utf8')) as Record<
  string,
  { kubectl: 'reads' | 'rejects'; data?: unknown }
>;
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length))
  .sort();

function plain(node: YNode | null): unknown {
  if (!node) return null;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plain);
  return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
}

test('every construct has a recorded kubectl answer', () => {
  assert.deepEqual(cases, Object.keys(recorded).sort());
  assert.ok(cases.length >= 20);
});

for (const name of cases) {
  test(`yaml-compat/${name}`, () => {
    const text = readFileSync(path.join(dir, `${name}.yaml`), 'utf8');
    const docs = parseYaml(text);
    const expected = recorded[name]!;
    if (expected.kubectl === 'rejects') {
      assert.ok(
        docs.some((d) => d.problems.length > 0 && d.root === null),
        'kubectl rejects it: a YAML error',
      );
      return;
    }
    assert.equal(docs.length, 1);
    const doc = docs[0]!;
    assert.deepEqual(doc.problems, [], 'kubectl reads it: no YAML error');
    assert.deepEqual((plain(doc.root) as { data: unknown }).data, expected.data, 'the data kubectl reads');
    const strict = parseAllDocuments(text).every((d) => d.errors.length === 0);
    assert.equal(
      Boolean(doc.warnings),
      !strict,
      strict ? 'valid YAML 1.2: no warning' : 'a warning: YAML 1.2 rejects it',
    );
    for (const w of doc.warnings ?? []) {
      assert.ok(w.span.start >= 0 && w.span.end <= text.length && w.span.start <= w.span.end);
      assert.match(w.message, /Kubernetes (reads|keeps)/);
    }
  });
}

const kubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
test(
  'the recorded answers are what kubectl reads',
  { skip: kubectl ? false : 'kubectl is not installed; the answers in kubectl.json are not re-checked' },
  async () => {
    // One kubectl for every file it reads (it labels them all or fails), one per file it rejects.
    const run = promisify(execFile);
    const file = (name: string): string[] => ['-f', path.join(dir, `${name}.yaml`)];
    const label = async (names: string[]): Promise<{ data?: unknown }[] | undefined> => {
      try {
        // One JSON line per object: `-o json` and `-o yaml` concatenate several objects unseparated.
        const { stdout } = await run('kubectl', [
          'label',
          '--local',
          ...names.flatMap(file),
          'x=y',
          '-o',
          'jsonpath={.data}{"\\n"}',
        ]);
        return stdout
          .trimEnd()
          .split('\n')
          .map((line) => ({ data: JSON.parse(line) as unknown }));
      } catch {
        return undefined;
      }
    };
    const reads = cases.filter((n) => recorded[n]!.kubectl === 'reads');
    const rejects = cases.filter((n) => recorded[n]!.kubectl === 'rejects');
    const [read, ...rejected] = await Promise.all([label(reads), ...rejects.map((n) => label([n]))]);
    assert.ok(read, 'kubectl reads every file recorded as read');
    const answers = [
      ...reads.map((n, i) => [n, { kubectl: 'reads', data: read[i]!.data }] as const),
      ...rejects.map((n, i) => [n, rejected[i] ? { kubectl: 'reads' } : { kubectl: 'rejects' }] as const),
    ];
    assert.deepEqual(Object.fromEntries(answers), recorded);
  },
);
