// The real-editor e2e driver (bundled to out/e2e/run.js; test/e2e/run.sh provisions the tools,
// builds and packages first). It unpacks the .vsix and runs three suites against it:
//   extension  the extension-host tests in code-server (Mode A, `vscode` API)
//   ui         the UI smoke on the installed .vsix in code-server (Mode B, DOM + screenshots)
//   neovim     Neovim 0.7 headless as a second LSP client, on the packaged server bundle
// Everything runs in one temp folder that is removed at the end; screenshots and logs are kept in
// $E2E_ARTIFACTS (default: <os tmpdir>/gateway-refs-e2e-artifacts). Prints one line per test and a
// closing "N passed, N failed" line; exit status 1 when anything failed.
//
//   node out/e2e/run.js --vsix gateway-refs.vsix --code-server BIN --node24-bin DIR [--only extension,ui,neovim]

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readZip } from '../../harness/zip.js';
import type { Tools } from './codeServer.js';
import { extensionTests } from './extensionTests.js';
import { neovimProbe } from './neovim.js';
import { killAllGroups } from './processes.js';
import type { Outcome, Run } from './types.js';
import { uiSmoke } from './uiSmoke.js';

const RUN_TIMEOUT_MS = 12 * 60_000;

const SUITES: Record<string, (run: Run, tools: Tools) => Promise<Outcome[]>> = {
  extension: extensionTests,
  ui: uiSmoke,
  neovim: (run) => neovimProbe(run),
};

function unpack(vsix: string, into: string): string {
  for (const [name, data] of readZip(vsix)) {
    const target = path.join(into, name);
    if (!target.startsWith(into + path.sep)) throw new Error(`unsafe path in ${vsix}: ${name}`);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, data);
  }
  return path.join(into, 'extension');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      vsix: { type: 'string' },
      'code-server': { type: 'string' },
      'node24-bin': { type: 'string' },
      only: { type: 'string', default: Object.keys(SUITES).join(',') },
    },
  });
  const repo = path.resolve(__dirname, '..', '..');
  if (!values.vsix) throw new Error('--vsix is required');
  const tools: Tools = { codeServer: values['code-server'] ?? '', node24Bin: values['node24-bin'] ?? '' };
  const only = values.only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of only)
    if (!(s in SUITES)) throw new Error(`unknown suite ${s} (known: ${Object.keys(SUITES).join(', ')})`);
  if (only.some((s) => s !== 'neovim')) {
    if (!tools.codeServer || !tools.node24Bin)
      throw new Error('--code-server and --node24-bin are required (test/e2e/provision.sh prints them)');
    if (!existsSync(tools.codeServer))
      throw new Error(`code-server not found at ${tools.codeServer}: run test/e2e/provision.sh`);
  }
  if (only.includes('neovim') && spawnSync('nvim', ['--version'], { timeout: 10_000 }).status !== 0)
    throw new Error('nvim (Neovim 0.7+) is not on PATH: run test/e2e/provision.sh');
  if (!existsSync(values.vsix)) throw new Error(`${values.vsix} not found (npm run package builds it)`);

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-e2e-'));
  runTmp = tmp;
  const artifacts = process.env['E2E_ARTIFACTS'] ?? path.join(os.tmpdir(), 'gateway-refs-e2e-artifacts');
  // From here on os.tmpdir() is inside the run's folder, so Playwright's temporary browser
  // profiles go with it even when a browser is not closed cleanly.
  process.env['TMPDIR'] = path.join(tmp, 'tmp');
  mkdirSync(process.env['TMPDIR'], { recursive: true });
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const start = Date.now();
  const run: Run = {
    repo,
    tmp,
    artifacts,
    vsix: path.resolve(values.vsix),
    extensionDir: unpack(path.resolve(values.vsix), path.join(tmp, 'vsix')),
    settings: path.join(repo, 'test/e2e/settings.json'),
    log: (line) => console.log(line),
  };

  const outcomes: Outcome[] = [];
  try {
    for (const suite of only) {
      const t0 = Date.now();
      console.log(`# ${suite}`);
      let results: Outcome[];
      try {
        results = await SUITES[suite]!(run, tools);
      } catch (e) {
        results = [
          { name: `${suite}: suite setup`, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) },
        ];
      }
      for (const r of results) {
        console.log(`${r.ok ? 'ok' : 'not ok'} - ${suite}: ${r.name}${r.ms !== undefined ? ` (${r.ms} ms)` : ''}`);
        if (!r.ok && r.error) console.log(r.error.replace(/^/gm, '    '));
      }
      console.log(`# ${suite}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      outcomes.push(...results.map((r) => ({ ...r, name: `${suite}: ${r.name}` })));
    }
  } finally {
    if (process.env['E2E_KEEP'] === '1') console.log(`# kept ${tmp}`);
    cleanup();
  }
  const failed = outcomes.filter((o) => !o.ok).length;
  console.log(`# artifacts (screenshots, logs): ${artifacts}`);
  console.log(`# e2e took ${((Date.now() - start) / 1000).toFixed(1)} s`);
  console.log(`e2e: ${outcomes.length - failed} passed, ${failed} failed`);
  return failed === 0 && outcomes.length > 0 ? 0 : 1;
}

let runTmp: string | undefined;

/** Ends every process group still running and removes the run's temp folder (unless E2E_KEEP=1). Synchronous. */
function cleanup(): void {
  killAllGroups();
  if (runTmp && process.env['E2E_KEEP'] !== '1') rmSync(runTmp, { recursive: true, force: true });
  runTmp = undefined;
}

const watchdog = setTimeout(() => {
  console.error(`e2e: the whole run exceeded ${RUN_TIMEOUT_MS / 60_000} min; stopping`);
  console.log('e2e: 0 passed, 1 failed');
  cleanup();
  process.kill(process.pid, 'SIGKILL');
}, RUN_TIMEOUT_MS);
watchdog.unref();

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
for (const [signal, number] of Object.entries(SIGNALS)) {
  process.once(signal, () => {
    console.error(`e2e: ${signal}; stopping`);
    cleanup();
    // Playwright's own signal handlers would keep the process alive: exit now ('exit' handlers,
    // Playwright's included, still run and end the browser).
    // eslint-disable-next-line no-restricted-syntax
    process.exit(128 + number);
  });
}
process.once('exit', cleanup);

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    console.log('e2e: 0 passed, 1 failed');
    process.exitCode = 1;
  },
);
