// The packaged extension: `vsce package` builds a .vsix holding exactly the allow-listed files;
// its server bundle completes an LSP handshake on its own (no node_modules), and its client bundle,
// loaded with a stand-in `vscode` module, starts a client on the packaged server file.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { ChildProcess, ForkOptions } from 'node:child_process';
import childProcess from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer } from './harness/lsp.js';
import { repoRoot } from './harness/paths.js';
import { readZip } from './harness/zip.js';

const EXPECTED = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/changelog.md',
  'extension/LICENSE.txt',
  'extension/readme.md',
  'extension/dist/extension.js',
  'extension/dist/server.js',
  'extension/docs/diagnostics.md',
  'extension/docs/images/codelens.png',
  'extension/docs/images/completion.png',
  'extension/docs/images/hover-parentref.png',
  'extension/docs/images/quick-fix-menu.png',
  'extension/docs/images/squiggles-and-problems.png',
  'extension/docs/images/topology.png',
  'extension/media/icon.png',
  'extension/package.json',
  'extension/syntaxes/gateway-api.injection.tmLanguage.json',
];

describe('packaged extension', () => {
  let dir: string;
  let files: Map<string, Buffer>;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-vsix-'));
    const vsix = path.join(dir, 'gateway-refs.vsix');
    const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
    // The same flags as `npm run package`, with the output redirected.
    const script = (
      JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts['package']!;
    const flags = script.split('vsce package')[1]!.trim().split(/\s+/);
    flags.splice(flags.indexOf('-o'), 2);
    const run = spawnSync(process.execPath, [vsce, 'package', ...flags, '-o', vsix], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, `vsce package failed:\n${run.stdout}\n${run.stderr}`);
    files = readZip(vsix);
    for (const [name, data] of files) {
      const target = path.join(dir, 'unpacked', name);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, data);
    }
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  test('holds exactly the allow-listed files', () => {
    assert.deepEqual([...files.keys()].sort(), [...EXPECTED].sort());
  });

  test('its server bundle answers an LSP handshake without node_modules', async () => {
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-vsix-ws-'));
    const client = await startServer([workspace], {
      serverPath: path.join(dir, 'unpacked', 'extension', 'dist', 'server.js'),
    });
    await client.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  test('its client bundle activates and starts the packaged server over node IPC', async () => {
    const forked: { module: string; args: readonly string[] }[] = [];
    const originalFork = childProcess.fork;
    const fakeFork = (module: string, args?: readonly string[], _options?: ForkOptions): ChildProcess => {
      forked.push({ module, args: args ?? [] });
      const child = new EventEmitter() as unknown as ChildProcess;
      Object.assign(child, {
        pid: 4242,
        send: () => true,
        kill: () => true,
        stdout: new EventEmitter(),
        stderr: new EventEmitter(),
        connected: true,
      });
      return child;
    };
    const moduleApi = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
    const originalLoad = moduleApi._load;
    moduleApi._load = (request, parent, isMain) =>
      request === 'vscode' ? vscodeStub() : originalLoad(request, parent, isMain);
    (childProcess as { fork: typeof fakeFork }).fork = fakeFork;
    try {
      const extensionRoot = path.join(dir, 'unpacked', 'extension');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const extension = require(path.join(extensionRoot, 'dist', 'extension.js')) as {
        activate: (context: unknown) => Promise<void>;
      };
      const context = {
        subscriptions: [] as unknown[],
        asAbsolutePath: (p: string) => path.join(extensionRoot, p),
        extensionPath: extensionRoot,
        globalStorageUri: { fsPath: path.join(dir, 'storage') },
      };
      let failure: unknown;
      void extension.activate(context).catch((e: unknown) => (failure = e));
      // Ends when activation forks the server or fails; the limit only turns a hang into a failure.
      const deadline = Date.now() + 120_000;
      while (forked.length === 0 && failure === undefined && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      assert.equal(forked.length, 1, `activate forks the server (${String(failure)})`);
      assert.equal(forked[0]!.module, path.join(extensionRoot, 'dist', 'server.js'));
      assert.ok(existsSync(forked[0]!.module));
      assert.ok(forked[0]!.args.includes('--node-ipc'), forked[0]!.args.join(' '));
    } finally {
      moduleApi._load = originalLoad;
      (childProcess as { fork: typeof originalFork }).fork = originalFork;
    }
  });
});

/** A stand-in for the `vscode` module: every property exists, every call returns another stand-in, assignments are accepted. */
function vscodeStub(): unknown {
  const make = (overrides: Record<string | symbol, unknown> = {}): unknown =>
    new Proxy(function () {}, {
      get: (_t, key) =>
        key in overrides
          ? overrides[key]
          : key === 'then'
            ? undefined
            : key === Symbol.iterator
              ? [][Symbol.iterator]
              : key === Symbol.toPrimitive
                ? () => ''
                : make(),
      set: () => true,
      apply: () => make(),
      construct: () => make() as object,
    });
  return make({ version: '1.139.1' });
}
