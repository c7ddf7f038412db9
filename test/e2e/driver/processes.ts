// Every process the e2e driver starts runs in its own process group (spawned detached, i.e.
// setsid) and is registered here, so that the whole group (code-server with its extension hosts,
// file watchers and our language server; nvim with the server it spawned) is ended on success,
// failure, timeout or a signal.

import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { spawn } from 'node:child_process';

const groups = new Set<number>();

function alive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export function startGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid !== undefined) groups.add(child.pid);
  return child;
}

/** SIGTERM to the group, SIGKILL after `graceMs` if anything in it is still running. */
export async function stopGroup(pgid: number | undefined, graceMs = 3000): Promise<void> {
  if (pgid === undefined) return;
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    // already gone
  }
  const deadline = Date.now() + graceMs;
  while (alive(pgid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (alive(pgid)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  groups.delete(pgid);
}

/** Last resort on exit: SIGKILL whatever is left, synchronously. */
export function killAllGroups(): void {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  groups.clear();
}

/** Waits for a child to exit, at most `timeoutMs`; then kills its group. Resolves with the exit code (null on timeout). */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => {
      void stopGroup(child.pid, 1000).then(() => resolve(null));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.once('error', () => {
      // spawn failed (e.g. ENOENT): there will be no 'exit'
      clearTimeout(timer);
      resolve(null);
    });
  });
}
