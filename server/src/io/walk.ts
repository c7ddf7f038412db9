// Expands paths into YAML files and reads them, boundedly. The walk is recursive, skips VCS
// folders and node_modules, honours exclude globs and follows a symbolic link only when its
// target lies inside the boundaries (the workspace folders, or the paths the CLI was given), each
// folder once. Only regular files are read (a FIFO would block, a device never end), never more
// than MAX_FILE_BYTES whatever the size says, and decoded as UTF-8 or, with a byte order mark,
// UTF-16.

import type { Stats } from 'node:fs';
import {
  closeSync,
  constants,
  fstatSync,
  promises as fs,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { MAX_FILE_CHARS } from '../core/api.js';

/** Files larger than this are skipped; the core's limit, counted in bytes (as a file's size is). */
export const MAX_FILE_BYTES = MAX_FILE_CHARS;

export const ALWAYS_SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export function isYamlFile(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

export interface WalkOptions {
  /** Globs matched against paths relative to `root`; matching files and folders are skipped. */
  exclude: readonly string[];
  root: string;
  /**
   * Folders whose contents a symbolic link may lead to (default: the paths walked). A link whose
   * target lies elsewhere is not followed, so a link to `/etc` never brings outside files in.
   */
  boundaries?: readonly string[];
}

export interface WalkProblem {
  path: string;
  message: string;
}

export interface WalkResult {
  files: string[];
  problems: WalkProblem[];
  /** Symbolic links not followed because their target lies outside the boundaries. */
  outside: string[];
  /** The folders read, as walked (a file added to or removed from one changes its modification time). */
  folders: string[];
}

/**
 * Returns absolute paths of YAML files under `paths` (a file named directly is always included).
 * The file system is read synchronously (thousands of awaited calls through the thread pool cost
 * far more than the reads), yielding to the event loop every few dozen folders.
 */
export async function findYamlFiles(paths: readonly string[], options: WalkOptions): Promise<WalkResult> {
  const excluded = excludeMatcher(options.exclude);
  const filtering = options.exclude.length > 0; // relative paths cost as much as reading the folder
  const files = new Set<string>();
  const problems: WalkProblem[] = [];
  const outside: string[] = [];
  const folders: string[] = [];
  const visitedDirs = new Set<string>();
  /** Folders to visit, each with its real path (undefined: not known yet, asked of the file system). */
  const pending: [string, string | undefined][] = [];
  const within = boundaryTest(options.boundaries ?? paths.map((p) => path.resolve(options.root, p)));

  const visit = (dir: string, knownReal: string | undefined): void => {
    let real: string;
    let entries;
    try {
      // A folder entered through a plain directory entry has its parent's real path plus its name:
      // only roots and symbolic links cost a realpath call (one per folder was a tenth of a scan).
      real = knownReal ?? realpathSync.native(dir);
      if (visitedDirs.has(real)) return;
      visitedDirs.add(real);
      entries = readdirSync(dir, { withFileTypes: true });
      folders.push(dir);
    } catch (error) {
      problems.push({ path: dir, message: describeError(error) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: [string, string | undefined][] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (filtering && excluded(relative(options.root, full))) continue;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      const linked = entry.isSymbolicLink();
      if (linked) {
        const target = statOrUndefined(full); // a dangling or looping link is not a file
        isDir = Boolean(target?.isDirectory());
        isFile = Boolean(target?.isFile());
        if (!isDir && !(isFile && isYamlFile(entry.name))) continue;
        if (!within(realPathOrUndefined(full))) {
          outside.push(full);
          continue;
        }
      }
      if (isDir && !ALWAYS_SKIPPED_DIRS.has(entry.name))
        subdirs.push([full, linked ? undefined : path.join(real, entry.name)]);
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
    pending.push([full, undefined]);
    for (let visited = 0; pending.length > 0; visited++) {
      const [dir, real] = pending.pop()!;
      visit(dir, real);
      if (visited % YIELD_EVERY_DIRS === YIELD_EVERY_DIRS - 1)
        await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return { files: [...files].sort(), problems, outside, folders };
}

const YIELD_EVERY_DIRS = 64;

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function realPathOrUndefined(file: string): string | undefined {
  try {
    return realpathSync.native(file);
  } catch {
    return undefined;
  }
}

/** Whether a real path lies inside one of `folders` (compared by their real paths). */
export function boundaryTest(folders: readonly string[]): (realPath: string | undefined) => boolean {
  const roots = folders.flatMap((f) => {
    const real = realPathOrUndefined(f);
    return real ? [real.endsWith(path.sep) ? real : real + path.sep] : [];
  });
  return (p) => p !== undefined && roots.some((root) => p === root.slice(0, -1) || p.startsWith(root));
}

/** What a file's size and modification time were when it was read (see FileStamp in io/cache.ts). */
export interface ReadStat {
  size: number;
  mtimeMs: number;
}

export type ReadResult = { text: string; stat?: ReadStat } | { skipped: string } | { error: string };

/**
 * Reads a YAML file unless it is too large to analyse, or is not a regular file (an error). With
 * `boundaries`, a file whose real path lies outside them (through a symbolic link) is refused too.
 */
export async function readYamlFile(file: string, boundaries?: readonly string[]): Promise<ReadResult> {
  let handle: fs.FileHandle | undefined;
  try {
    if (boundaries && !boundaryTest(boundaries)(await fs.realpath(file))) return { error: OUTSIDE };
    // Non-blocking, so that opening a FIFO returns at once (it is then refused as not a regular file).
    handle = await fs.open(file, constants.O_RDONLY | NONBLOCK);
    const stat = await handle.stat();
    if (!stat.isFile()) return { error: NOT_A_FILE };
    if (stat.size > MAX_FILE_BYTES) return { skipped: tooLarge(stat.size) };
    const read = new BoundedRead(stat.size);
    while (read.more()) {
      const { bytesRead } = await handle.read(read.buffer, read.length, read.buffer.length - read.length, null);
      read.took(bytesRead);
    }
    return read.result(stat);
  } catch (error) {
    return { error: describeError(error) };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** The same as readYamlFile, synchronously: a one-shot CLI run has nothing else to do meanwhile. */
export function readYamlFileSync(file: string, boundaries?: readonly string[]): ReadResult {
  let fd: number | undefined;
  try {
    if (boundaries && !boundaryTest(boundaries)(realpathSync.native(file))) return { error: OUTSIDE };
    fd = openSync(file, constants.O_RDONLY | NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { error: NOT_A_FILE };
    if (stat.size > MAX_FILE_BYTES) return { skipped: tooLarge(stat.size) };
    const read = new BoundedRead(stat.size);
    while (read.more()) read.took(readSync(fd, read.buffer, read.length, read.buffer.length - read.length, null));
    return read.result(stat);
  } catch (error) {
    return { error: describeError(error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Reading a file to its end without trusting its size: the buffer has room for the size and one
 * byte more (to see the end at once), and grows only if the file does, never past the bound. A
 * read that stops short exactly at the size the file had is its end (no second read to be told
 * so: one system call less per file); any other short read is followed by another.
 */
class BoundedRead {
  buffer: Buffer;
  length = 0;
  private ended = false;

  constructor(private readonly size: number) {
    this.buffer = Buffer.allocUnsafe(Math.min(size, MAX_FILE_BYTES) + 1);
  }

  /** Whether to read again (into `buffer` from `length`). */
  more(): boolean {
    if (this.ended || this.length > MAX_FILE_BYTES) return false;
    if (this.length === this.buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.min(this.buffer.length * 2, MAX_FILE_BYTES + 1));
      this.buffer.copy(bigger);
      this.buffer = bigger;
    }
    return true;
  }

  took(bytes: number): void {
    const asked = this.buffer.length - this.length;
    if (bytes === 0 || (bytes < asked && this.length + bytes === this.size)) this.ended = true;
    this.length += bytes;
  }

  /** The text, with the file's stat when reading found exactly the size it gave. */
  result(stat: ReadStat): ReadResult {
    if (this.length > MAX_FILE_BYTES) return { skipped: tooLarge(this.length) };
    const text = decode(this.buffer.subarray(0, this.length));
    return this.length === stat.size ? { text, stat: { size: stat.size, mtimeMs: stat.mtimeMs } } : { text };
  }
}

/** `O_NONBLOCK` where the platform has it (not on Windows, which has no FIFOs to open). */
const NONBLOCK = constants.O_NONBLOCK ?? 0;
const NOT_A_FILE = 'not a regular file';
const OUTSIDE = 'a link to a file outside the workspace';

/**
 * The text of a file's bytes: UTF-16 (little or big endian) when it starts with that byte order
 * mark, else UTF-8. The mark is kept as U+FEFF at the start, which the core drops before counting.
 */
export function decode(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
    return swapped.swap16().toString('utf16le');
  }
  return bytes.toString('utf8');
}

/** The note for a file over the bound; `size` is what its size said, or how far reading got. */
function tooLarge(size: number): string {
  return size > MAX_FILE_BYTES + 1
    ? `the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB (${(size / 1024 / 1024).toFixed(1)} MiB).`
    : `the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB.`;
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
