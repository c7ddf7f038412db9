// The command line for tests, two ways: the `gateway-refs` command run in-process (fixtures and
// flag checks: no process start-up), and the built dist/cli.js as a process, for what only a
// process shows — the bundle, the exit status, colour detection and pipes.

import { spawnSync } from 'node:child_process';
import { runCommand } from '../../server/src/cli/command.js';
import { cliPath, repoRoot } from './paths.js';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `gateway-refs ARGS` in this process, in `cwd`, with output captured (no colour unless asked). */
export async function runCli(args: string[], cwd = repoRoot): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await runCommand(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd,
    color: false,
  });
  return { status, stdout, stderr };
}

/** Runs `node dist/cli.js ARGS` in `cwd`, its output on pipes. */
export function spawnCli(args: string[], cwd = repoRoot): CliRun {
  const run = spawnSync(process.execPath, [cliPath, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '' },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
