// The on-disk cache that makes a second start fast: per workspace, the stored model of every file
// keyed by a hash of its content, and the diagnostics last published with the fingerprint of the
// workspace they belong to. Files are written to a temporary name and renamed, and carry a
// checksum; a truncated, corrupt, foreign-version or other-options cache is detected and ignored
// (the caller rebuilds it), a stale entry (content changed) simply misses. Never trusted blindly:
// a checksum anyone can recompute, so a file whose lines do not have exactly the shapes of the
// types they hold (core/model/storedShape.ts) is ignored as a whole, like a corrupt one. Both files
// hold one line per file, written streamed and read in time slices, so a server reading or writing
// the cache of a large workspace keeps answering messages.

import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Diagnostic, Position, StoredModel } from '../core/api.js';
import { CACHED_DIAGNOSTICS_SHAPE, conforms, isStoredModel, MODEL_FORMAT } from '../core/api.js';
import type { Traffic } from './timeSlice.js';
import { TimeSlice } from './timeSlice.js';

export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}

/** Identity of a whole workspace state: every file with its content hash. */
export function fingerprint(hashes: ReadonlyMap<string, string>): string {
  const h = createHash('sha1');
  for (const id of [...hashes.keys()].sort()) h.update(`${id}\u0000${hashes.get(id)}\u0000`);
  return h.digest('base64url');
}

export interface CacheIdentity {
  /** The tool version: a new release never reads an older release's cache. */
  tool: string;
  /** What the cache is for (workspace folders, or the CLI's paths and working directory). */
  scope: string;
  /** The analysis options, serialised: other options, other models and diagnostics. */
  options: string;
}

export interface CachedModel {
  hash: string;
  model: StoredModel;
}

/**
 * A file as disk had it when its text was read: size, modification time and content hash. A warm
 * start that finds every file with the same size and time trusts the hashes without reading.
 */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  hash: string;
}

export interface CachedDiagnostics {
  fingerprint: string;
  /** By file id: the files of the fingerprint that were read from disk (a buffer's text has none). */
  stamps: Record<string, FileStamp>;
  /**
   * The walk that found those files: its exclude globs and the modification time of each folder it
   * read (adding, removing or renaming a file changes its folder's), when every folder had one.
   */
  walk?: { exclude: string[]; folders: Record<string, number> };
  byFile: Record<string, Diagnostic[]>;
}

interface Header {
  format: number;
  tool: string;
  options: string;
  kind: 'models' | 'diagnostics';
}

export class WorkspaceCache {
  private readonly prefix: string;

  constructor(
    private readonly dir: string,
    private readonly identity: CacheIdentity,
    private readonly log: (message: string) => void = () => undefined,
    /** The server's message traffic, which reading a large cache makes way for. */
    private readonly traffic?: Traffic,
  ) {
    this.prefix = path.join(
      dir,
      `gateway-refs-${createHash('sha1').update(identity.scope).digest('hex').slice(0, 16)}`,
    );
  }

  async loadModels(): Promise<Map<string, CachedModel>> {
    const entries = await this.read('models', (entry) => (isModelEntry(entry) ? entry : undefined));
    if (entries === 'refused') {
      this.refuse(`${this.prefix}.models`, 'it holds something that is not a stored model');
      return new Map();
    }
    return new Map((entries ?? []).map(([id, hash, model]) => [id, { hash, model }]));
  }

  /** The fingerprint and stamps come first; each file's diagnostics are a line of their own (`[fileId, diagnostics]`). */
  async loadDiagnostics(): Promise<CachedDiagnostics | undefined> {
    const refuse = () =>
      this.refuse(`${this.prefix}.diagnostics`, 'it holds something that is not a list of diagnostics');
    type Head = { fingerprint?: unknown; stamps?: unknown; walk?: unknown };
    let head: Head | undefined;
    const byFile: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const entries = await this.read('diagnostics', (entry) => {
      if (head === undefined) head = entry ?? {};
      else if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || entry[0] in byFile)
        return undefined;
      else byFile[entry[0]] = entry[1] as unknown;
      return true;
    });
    if (entries === 'refused') return refuse();
    if (!entries?.length) return undefined;
    const diagnostics = {
      fingerprint: head?.fingerprint,
      stamps: head?.stamps,
      ...(head?.walk !== undefined ? { walk: head.walk } : {}),
      byFile: { ...byFile },
    };
    return isCachedDiagnostics(diagnostics) ? diagnostics : refuse();
  }

  /** Writes every entry as one line, streamed: the models never exist as one big string. */
  async saveModels(entries: Iterable<[string, string, StoredModel]>): Promise<void> {
    await this.write(
      'models',
      mapIterable(entries, (entry) => JSON.stringify(entry)),
    );
  }

  /** Written a file per line, like the models: a large workspace's diagnostics are never one big string. */
  async saveDiagnostics(diagnostics: CachedDiagnostics): Promise<void> {
    const lines = function* (): Iterable<string> {
      yield JSON.stringify({
        fingerprint: diagnostics.fingerprint,
        stamps: diagnostics.stamps,
        walk: diagnostics.walk,
      });
      for (const entry of Object.entries(diagnostics.byFile)) yield JSON.stringify(entry);
    };
    await this.write('diagnostics', lines());
  }

  /**
   * The body lines of a cache file, each parsed as JSON and passed through `accept` as it is read
   * (the file is streamed: a large models file never exists as one string). Undefined (with a log
   * line) when the file cannot be trusted, 'refused' when `accept` turned a line down.
   */
  private async read<T>(
    kind: Header['kind'],
    accept: (entry: unknown) => T | undefined,
  ): Promise<T[] | 'refused' | undefined> {
    const file = `${this.prefix}.${kind}`;
    let input;
    try {
      input = createReadStream(file, { encoding: 'utf8' });
      await once(input, 'open');
    } catch {
      input?.destroy();
      return undefined; // no cache yet
    }
    const lines = createInterface({ input, crlfDelay: Infinity });
    const hash = createHash('sha1');
    const slice = new TimeSlice(this.traffic);
    const body: T[] = [];
    let header: Header | undefined;
    // The trailer is the last line: each line is taken as body only once another follows it.
    let last: string | undefined;
    try {
      for await (const line of lines) {
        if (header === undefined) {
          header = JSON.parse(line) as Header;
          if (header.format !== MODEL_FORMAT || header.kind !== kind)
            return this.refuse(file, 'it was written by another format');
          if (header.tool !== this.identity.tool) return this.refuse(file, `it was written by version ${header.tool}`);
          if (header.options !== this.identity.options) return undefined; // other settings: a different cache
          continue;
        }
        if (last !== undefined) {
          hash.update(last).update('\n');
          const entry = accept(parseJson(last));
          if (entry === undefined) return 'refused';
          body.push(entry);
          if (slice.due) await slice.next();
        }
        last = line;
      }
      const trailer = JSON.parse(last ?? '') as { sha1: string; count: number };
      if (trailer.count !== body.length || hash.digest('base64url') !== trailer.sha1)
        return this.refuse(file, 'it is truncated or corrupt');
      return body;
    } catch {
      return this.refuse(file, 'it is not a cache file');
    } finally {
      lines.close();
      input.destroy();
    }
  }

  private refuse(file: string, why: string): undefined {
    this.log(`Ignoring the cache ${file}: ${why}; it will be rebuilt.`);
    return undefined;
  }

  private async write(kind: Header['kind'], lines: Iterable<string>): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const file = `${this.prefix}.${kind}`;
    const temp = `${file}.${process.pid}.tmp`;
    const out = createWriteStream(temp, { encoding: 'utf8' });
    const failed = new Promise<never>((_, reject) => out.once('error', reject));
    const hash = createHash('sha1');
    let count = 0;
    const header: Header = { format: MODEL_FORMAT, tool: this.identity.tool, options: this.identity.options, kind };
    out.write(`${JSON.stringify(header)}\n`);
    for (const line of lines) {
      hash.update(line).update('\n');
      count++;
      if (!out.write(`${line}\n`)) await Promise.race([once(out, 'drain'), failed]);
    }
    out.end(`${JSON.stringify({ sha1: hash.digest('base64url'), count })}\n`);
    await Promise.race([once(out, 'finish'), failed]);
    await fs.rename(temp, file);
  }
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

function isModelEntry(value: unknown): value is [string, string, StoredModel] {
  return (
    Array.isArray(value) &&
    value.length === 3 &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string' &&
    isStoredModel(value[2])
  );
}

/** Diagnostics of the right shape, each filed under its own file, with positions that are positions. */
function isCachedDiagnostics(value: unknown): value is CachedDiagnostics {
  const isPosition = (p: unknown): boolean => {
    const { line, character } = p as Position;
    return Number.isInteger(line) && Number.isInteger(character) && line >= 0 && character >= 0;
  };
  if (!conforms(value, CACHED_DIAGNOSTICS_SHAPE, { Position: isPosition })) return false;
  return Object.entries((value as CachedDiagnostics).byFile).every(([fileId, list]) =>
    list.every((d) => d.fileId === fileId),
  );
}

function* mapIterable<T, U>(items: Iterable<T>, f: (item: T) => U): Iterable<U> {
  for (const item of items) yield f(item);
}
