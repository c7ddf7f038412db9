// Expands paths into YAML files: recursive, skipping VCS folders and node_modules, honouring
// exclude globs, following symlinks once (a loop is visited only once). Reading stays bounded:
// files over the core's size limit are reported as skipped instead of read.

import { promises as fs, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { MAX_FILE_CHARS } from '../core/api.js';

export const ALWAYS_SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export function isYamlFile(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

export interface WalkOptions {
  /** Globs matched against paths relative to `root`; matching files and folders are skipped. */
  exclude: readonly string[];
  root: string;
}

export interface WalkProblem {
  path: string;
  message: string;
}

/**
 * Returns absolute paths of YAML files under `paths` (a file named directly is always included).
 * The file system is read synchronously (thousands of awaited calls through the thread pool cost
 * far more than the reads), yielding to the event loop every few dozen folders.
 */
export async function findYamlFiles(
  paths: readonly string[],
  options: WalkOptions,
): Promise<{ files: string[]; problems: WalkProblem[] }> {
  const excluded = excludeMatcher(options.exclude);
  const files = new Set<string>();
  const problems: WalkProblem[] = [];
  const visitedDirs = new Set<string>();
  const pending: string[] = [];

  const visit = (dir: string): void => {
    let real: string;
    let entries;
    try {
      real = realpathSync.native(dir);
      if (visitedDirs.has(real)) return;
      visitedDirs.add(real);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: dir, message: describeError(error) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (excluded(relative(options.root, full))) continue;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = statOrUndefined(full); // a dangling or looping link is not a file
        isDir = Boolean(target?.isDirectory());
        isFile = Boolean(target?.isFile());
      }
      if (isDir && !ALWAYS_SKIPPED_DIRS.has(entry.name)) subdirs.push(full);
      else if (isFile && isYamlFile(entry.name)) files.add(full);
    }
    for (let i = subdirs.length - 1; i >= 0; i--) pending.push(subdirs[i]!);
  };

  for (const p of paths) {
    const full = path.resolve(options.root, p);
    let stat;
    try {
      stat = statSync(full);
    } catch (error) {
      problems.push({ path: p, message: describeError(error) });
      continue;
    }
    if (!stat.isDirectory()) {
      files.add(full);
      continue;
    }
    pending.push(full);
    for (let visited = 0; pending.length > 0; visited++) {
      visit(pending.pop()!);
      if (visited % YIELD_EVERY_DIRS === YIELD_EVERY_DIRS - 1)
        await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return { files: [...files].sort(), problems };
}

const YIELD_EVERY_DIRS = 64;

function statOrUndefined(file: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

export type ReadResult = { text: string } | { skipped: string } | { error: string };

/** Reads a file as UTF-8 unless it is too large to analyse. */
export async function readYamlFile(file: string): Promise<ReadResult> {
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_FILE_CHARS) return { skipped: tooLarge(stat.size) };
    return { text: await fs.readFile(file, 'utf8') };
  } catch (error) {
    return { error: describeError(error) };
  }
}

/** The same as readYamlFile, synchronously: a one-shot CLI run has nothing else to do meanwhile. */
export function readYamlFileSync(file: string): ReadResult {
  try {
    const size = statSync(file).size;
    if (size > MAX_FILE_CHARS) return { skipped: tooLarge(size) };
    return { text: readFileSync(file, 'utf8') };
  } catch (error) {
    return { error: describeError(error) };
  }
}

function tooLarge(size: number): string {
  return `the file is larger than ${MAX_FILE_CHARS / 1024 / 1024} MiB (${(size / 1024 / 1024).toFixed(1)} MiB).`;
}

export function excludeMatcher(globs: readonly string[]): (relativePath: string) => boolean {
  if (globs.length === 0) return () => false;
  const isMatch = picomatch([...globs], { dot: true });
  return (p) => isMatch(p) || isMatch(`${p}/`);
}

/** `to` relative to `root` with forward slashes, as file ids and globs expect. */
export function relative(root: string, to: string): string {
  return path.relative(root, to).split(path.sep).join('/');
}

export function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = String(error.code);
    if (code === 'ENOENT') return 'no such file or directory';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    if (code === 'ENOTDIR') return 'not a directory';
  }
  return error instanceof Error ? error.message : String(error);
}
