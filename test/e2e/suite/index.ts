// Entry point of the extension-host tests (the @vscode/test-electron model, run inside code-server):
// the workbench loads this bundle through `extensionTestsPath` and calls run(). A tiny runner instead
// of Mocha: the tests run in order (they share one workspace and build on each other's state), each
// with a time budget; results go to the console (the driver shows them) and to report.json beside
// this bundle. run() rejects when a test failed, which makes the workbench exit with code 1.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tests } from './tests.js';

export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

const TEST_TIMEOUT_MS = 60_000;

async function withTimeout(name: string, fn: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${name}: did not finish within ${TEST_TIMEOUT_MS} ms`)),
          TEST_TIMEOUT_MS,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function run(): Promise<void> {
  const results: TestResult[] = [];
  let failedBefore = false;
  for (const t of tests) {
    const start = Date.now();
    if (failedBefore && t.needsPrevious) {
      results.push({ name: t.name, ok: false, ms: 0, error: 'skipped: an earlier test it builds on failed' });
      console.log(`[e2e] SKIP ${t.name}`);
      continue;
    }
    try {
      await withTimeout(t.name, t.fn);
      results.push({ name: t.name, ok: true, ms: Date.now() - start });
      console.log(`[e2e] PASS ${t.name} (${Date.now() - start} ms)`);
    } catch (e) {
      const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
      results.push({ name: t.name, ok: false, ms: Date.now() - start, error });
      failedBefore = true;
      console.log(`[e2e] FAIL ${t.name} (${Date.now() - start} ms)\n${error}`);
    }
  }
  writeFileSync(path.join(__dirname, 'report.json'), JSON.stringify({ results }, null, 2));
  const failed = results.filter((r) => !r.ok).length;
  if (failed > 0) throw new Error(`${failed} of ${results.length} extension-host tests failed`);
}
