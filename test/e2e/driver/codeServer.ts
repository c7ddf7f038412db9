// A fresh code-server per test mode: its own port, user-data dir (with test/e2e/settings.json),
// extensions dir, TMPDIR, HOME and XDG folders, all inside the run's temp folder, so nothing lands
// in the real HOME, /tmp or the repository, and no state (hot exit, autosave) leaks between runs.

import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startGroup, stopGroup } from './processes.js';

export interface Tools {
  /** code-server's launcher script (a Node 24 program). */
  codeServer: string;
  /** Folder of Node 24's `node`, put first on code-server's PATH. */
  node24Bin: string;
}

export interface CodeServer {
  port: number;
  dir: string;
  env: NodeJS.ProcessEnv;
  log: string;
  /** `vscode-remote://` URI of an absolute path on this machine, as the workbench names files. */
  remote(p: string): string;
  url(query: Record<string, string>): string;
  stop(): Promise<void>;
}

const HEALTH_TIMEOUT_MS = 60_000;
const INSTALL_TIMEOUT_MS = 120_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** An environment whose HOME, TMPDIR and XDG folders all point into `dir`. */
export function sandboxEnv(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const [key, sub] of [
    ['HOME', 'home'],
    ['TMPDIR', 'tmp'],
    ['XDG_CONFIG_HOME', 'xdg/config'],
    ['XDG_DATA_HOME', 'xdg/data'],
    ['XDG_CACHE_HOME', 'xdg/cache'],
    ['XDG_STATE_HOME', 'xdg/state'],
    ['XDG_RUNTIME_DIR', 'xdg/runtime'],
  ] as const) {
    env[key] = path.join(dir, sub);
    mkdirSync(env[key], { recursive: true, mode: 0o700 });
  }
  return env;
}

export async function startCodeServer(
  tools: Tools,
  dir: string,
  options: { settings: string; vsix?: string; args?: string[] },
): Promise<CodeServer> {
  const port = await freePort();
  const userData = path.join(dir, 'user-data');
  const extensions = path.join(dir, 'extensions');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  copyFileSync(options.settings, path.join(userData, 'User', 'settings.json'));
  const config = path.join(dir, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const env = sandboxEnv(dir, { PATH: `${tools.node24Bin}${path.delimiter}${process.env['PATH'] ?? ''}` });
  delete env['NODE_OPTIONS'];
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];
  const log = path.join(dir, 'code-server.log');

  if (options.vsix) {
    const install = spawnSync(tools.codeServer, [...common, '--install-extension', options.vsix], {
      env,
      encoding: 'utf8',
      timeout: INSTALL_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
    if (install.status !== 0 || !/successfully installed/i.test(install.stdout)) {
      throw new Error(
        `code-server --install-extension ${path.basename(options.vsix)} failed (status ${install.status}${install.error ? `, ${install.error.message}` : ''}):\n${install.stdout}\n${install.stderr}`,
      );
    }
  }

  const out = openSync(log, 'a');
  const child = startGroup(
    tools.codeServer,
    [
      ...common,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--reconnection-grace-time',
      '5',
      ...(options.args ?? []),
    ],
    { env, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));

  const stop = () => stopGroup(child.pid);
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  for (;;) {
    if (exited !== undefined) throw new Error(`code-server exited with ${exited} before it was ready:\n${tail(log)}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer /healthz within ${HEALTH_TIMEOUT_MS} ms:\n${tail(log)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
  return {
    port,
    dir,
    env,
    log,
    remote,
    url: (query) =>
      `http://127.0.0.1:${port}/?${Object.entries(query)
        .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
        .join('&')}`,
    stop,
  };
}

export function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
