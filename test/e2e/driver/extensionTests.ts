// Mode A: the extension-host tests (test/e2e/suite) inside a real VS Code workbench. code-server
// runs with the smoke-test driver option, which makes the web workbench honour the
// `extensionDevelopmentPath` / `extensionTestsPath` payload (silently ignored without it). The
// extension under test is the unpacked .vsix, so a package missing a file fails here too.

import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Tools } from './codeServer.js';
import { startCodeServer, tail } from './codeServer.js';
import { launchChromium } from './browser.js';
import type { Outcome, Run } from './types.js';

const SUITE_TIMEOUT_MS = 240_000;

interface Report {
  results: { name: string; ok: boolean; ms: number; error?: string }[];
}

export async function extensionTests(run: Run, tools: Tools): Promise<Outcome[]> {
  const dir = path.join(run.tmp, 'extension-tests');
  const ws = path.join(dir, 'ws');
  cpSync(path.join(run.repo, 'examples'), path.join(ws, 'examples'), { recursive: true });
  cpSync(
    path.join(run.repo, 'test/fixtures/allowed-routes/from-same-default'),
    path.join(ws, 'fixtures/from-same-default'),
    { recursive: true },
  );
  const suiteDir = path.join(dir, 'suite');
  mkdirSync(suiteDir, { recursive: true });
  copyFileSync(path.join(run.repo, 'out/e2e/suite.js'), path.join(suiteDir, 'suite.js'));

  const server = await startCodeServer(tools, dir, {
    settings: run.settings,
    args: ['--vscode-option', 'enable-smoke-test-driver'],
  });
  const browser = await launchChromium(path.join(dir, 'browser'));
  const hostLog: string[] = [];
  try {
    const page = await browser.newPage();
    let exit: (code: unknown) => void = () => undefined;
    const exited = new Promise<unknown>((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: unknown) => exit(code));
    await page.exposeFunction('codeAutomationLog', (_level: unknown, ...args: unknown[]) => {
      const line = args.map(String).join(' ');
      hostLog.push(line);
      if (line.includes('[e2e]')) run.log(`  ${line.split('\n')[0]}`);
    });
    const payload = [
      ['extensionDevelopmentPath', server.remote(run.extensionDir)],
      ['extensionTestsPath', server.remote(path.join(suiteDir, 'suite.js'))],
    ];
    await page.goto(server.url({ folder: ws, payload: JSON.stringify(payload) }), { timeout: 60_000 });
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exited,
      new Promise((resolve) => (timer = setTimeout(resolve, SUITE_TIMEOUT_MS, 'timeout'))),
    ]);
    clearTimeout(timer);
    writeFileSync(path.join(run.artifacts, 'extension-host.log'), hostLog.join('\n'));

    const reportFile = path.join(suiteDir, 'report.json');
    if (!existsSync(reportFile)) {
      return [
        {
          name: 'extension-host tests ran',
          ok: false,
          error: `no report (workbench exit: ${String(code)}); extension host said:\n${hostLog.slice(-30).join('\n')}\ncode-server log:\n${tail(server.log)}`,
        },
      ];
    }
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
    const outcomes: Outcome[] = report.results.map((r) => ({
      name: r.name,
      ok: r.ok,
      ms: r.ms,
      ...(r.error ? { error: r.error } : {}),
    }));
    const allOk = outcomes.every((o) => o.ok);
    if (allOk !== (code === 0))
      outcomes.push({
        name: 'the workbench reports the suite result as its exit code',
        ok: false,
        error: `exit code ${String(code)}`,
      });
    return outcomes;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}
