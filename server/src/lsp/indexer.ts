// The workspace on disk: which files belong to it (the workspace folders, minus always-skipped
// folders and the exclude globs, plus what their kustomizations read elsewhere), finding and reading
// them in time slices so messages are served in between, and the set of files indexed from disk. It
// reads; the session decides what the host gets.

import { statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FileChange } from '../core/api.js';
import { isKustomizationFile, localReads, readKustomization } from '../core/api.js';
import type { FileStamp } from '../io/cache.js';
import { contentHash } from '../io/cache.js';
import { filesKustomizeReads } from '../io/kustomizeReads.js';
import type { TimeSlice } from '../io/timeSlice.js';
import type { ReadResult, ReadStat } from '../io/walk.js';
import { excludeMatcher, findYamlFiles, readYamlFile, readYamlFileSync } from '../io/walk.js';
import type { Folder } from './files.js';
import { canonicalUri, excludedIn, folderOf, isYamlUri, pathOfUri, uriOfPath } from './files.js';

export interface DiskFile {
  change: FileChange;
  /** Content hash of the text read (undefined for a file too large to analyse). */
  hash: string | undefined;
}

/** A file found by a scan; `change` is undefined when the host already holds exactly this text (not kept). */
export type ScannedFile = Omit<DiskFile, 'change'> & { change: FileChange | undefined };

export interface Scan {
  /** By file id, in path order. */
  files: Map<string, ScannedFile>;
  /** Files not analysed, with the reason (too large). */
  skipped: { path: string; reason: string }[];
  /** Files and folders that could not be read. */
  unreadable: { path: string; reason: string }[];
  ms: number;
}

export class WorkspaceIndexer {
  folders: Folder[] = [];
  /** Files indexed from disk (canonical ids), whether or not a buffer overrides them. */
  readonly onDisk = new Set<string>();
  /** Size, time and hash of each file as last read, for the cache (see FileStamp). */
  readonly stamps = new Map<string, FileStamp>();
  /**
   * Files outside the workspace folders (or excluded there) that kustomizations in them name, read as
   * kustomize reads them: an editor opened on one overlay still sees its `../../base`. No watcher
   * reports their changes on disk; they are read again when a kustomization naming them changes
   * and at every re-index.
   */
  outside = new Set<string>();
  /** Each folder walked, with its modification time then (undefined: too recent to trust, or unknown). */
  readonly folderStamps = new Map<string, number | undefined>();
  private exclude: readonly string[] = [];
  private excluded = excludeMatcher([]);

  /** Sets the exclude globs; true if they changed. */
  setExclude(globs: readonly string[]): boolean {
    if (JSON.stringify(globs) === JSON.stringify(this.exclude)) return false;
    this.exclude = [...globs];
    this.excluded = excludeMatcher(globs);
    return true;
  }

  /** The YAML files of some folders, by path (walking yields between batches of folders). */
  async find(folders: readonly Folder[]): Promise<{ paths: string[]; unreadable: Scan['unreadable'] }> {
    const paths: string[] = [];
    const unreadable: Scan['unreadable'] = [];
    for (const folder of folders) {
      const found = await findYamlFiles([folder.path], {
        root: folder.path,
        exclude: this.exclude,
        boundaries: this.boundaries(),
      });
      paths.push(...found.files);
      const recent = Date.now() - RECENT_MS;
      for (const dir of found.folders) {
        const mtimeMs = statSync(dir, { throwIfNoEntry: false })?.mtimeMs;
        this.folderStamps.set(dir, mtimeMs !== undefined && mtimeMs < recent ? mtimeMs : undefined);
      }
      for (const p of found.problems) {
        unreadable.push({ path: p.path, reason: p.message });
        this.folderStamps.set(p.path, undefined); // what it holds, once readable, cannot be told by times
      }
      for (const p of found.outside)
        unreadable.push({ path: p, reason: 'a symbolic link to outside the workspace folders, not followed' });
    }
    return { paths, unreadable };
  }

  /**
   * The files the kustomizations among `paths` (just found) read elsewhere. With `all` (every
   * workspace folder was walked) they replace the files recorded before, and the ones no longer
   * named are returned as `gone`; otherwise they are added.
   */
  kustomizeReads(paths: readonly string[], all: boolean): { paths: string[]; gone: string[] } {
    const walked = paths.map((file) => ({ file, fileId: uriOfPath(file) }));
    const known = new Set(walked.map((f) => f.fileId));
    if (!all) for (const id of this.onDisk) known.add(id);
    const extra = filesKustomizeReads(
      walked.filter((f) => isKustomizationFile(f.fileId)),
      known,
      NAMING,
    );
    const ids = new Set(extra.map((f) => f.fileId));
    const gone = all ? [...this.outside].filter((id) => !ids.has(id)) : [];
    if (all) this.outside = ids;
    else for (const id of ids) this.outside.add(id);
    return { paths: extra.map((f) => f.file), gone };
  }

  /**
   * The files a kustomization (`text`: as the buffer or disk has it now) reads outside the
   * workspace folders that are not read yet: each is recorded and returned, read from disk.
   */
  follow(fileId: string, text: string, held: Iterable<string>): DiskFile[] {
    const file = pathOfUri(fileId);
    if (!file || !isKustomizationFile(fileId)) return [];
    // Typing in a kustomization that names only what the walk reads costs no look at the disk.
    const unread = (id: string) => {
      const p = this.onDisk.has(id) || this.outside.has(id) ? undefined : pathOfUri(id);
      return p !== undefined && !this.inWorkspace(p);
    };
    if (!localReads(readKustomization(fileId, text)).some(unread)) return [];
    const known = new Set([...this.onDisk, ...this.outside, ...held]);
    const out: DiskFile[] = [];
    for (const f of filesKustomizeReads([{ file, fileId, text }], known, NAMING)) {
      const r = readYamlFileSync(f.file);
      if ('error' in r) continue;
      this.outside.add(f.fileId);
      out.push(this.diskFileOf(f.fileId, r));
    }
    return out;
  }

  /**
   * Reads files synchronously in time slices: much faster than thousands of promises through the
   * thread pool, and the message loop still runs between slices. Texts the host already holds
   * (`isCurrent`) are dropped at once: a re-index of a large workspace keeps only what changed.
   */
  async read(
    slice: TimeSlice,
    found: { paths: string[]; unreadable: Scan['unreadable'] },
    isCurrent: (fileId: string, hash: string) => boolean,
    onProgress: (done: number, total: number) => void,
  ): Promise<Scan> {
    const start = performance.now();
    const scan: Scan = { files: new Map(), skipped: [], unreadable: [...found.unreadable], ms: 0 };
    let done = 0;
    for (const p of found.paths) {
      // The walk that found these paths followed links only to inside the folders: asking again
      // per file (two realpath calls each) was a third of reading a large workspace.
      const r = readYamlFileSync(p);
      done++;
      if ('error' in r || 'skipped' in r) this.untrustFolderOf(p);
      if ('error' in r) scan.unreadable.push({ path: p, reason: r.error });
      else {
        const fileId = uriOfPath(p);
        if ('skipped' in r) {
          scan.skipped.push({ path: p, reason: r.skipped });
          scan.files.set(fileId, { change: { fileId, skipped: r.skipped }, hash: undefined });
        } else {
          const hash = contentHash(r.text);
          this.stamp(fileId, r.stat, hash);
          scan.files.set(fileId, { change: isCurrent(fileId, hash) ? undefined : { fileId, text: r.text }, hash });
        }
      }
      if (slice.due) {
        onProgress(done, found.paths.length);
        await slice.next();
      }
    }
    scan.ms = performance.now() - start;
    return scan;
  }

  /** One file as disk has it now, if it belongs to the workspace and can be read. */
  async readOne(fileId: string): Promise<DiskFile | undefined> {
    const p = pathOfUri(fileId);
    if (!p || !this.inWorkspace(p)) return undefined;
    // A file a kustomization reads from outside the folders is read wherever it is, as kustomize does.
    const r = await readYamlFile(p, this.outside.has(fileId) ? undefined : this.boundaries());
    // Folders and settings may have changed while the file was read.
    if ('error' in r || 'skipped' in r) this.untrustFolderOf(p);
    if ('error' in r || !this.inWorkspace(p)) return undefined;
    return this.diskFileOf(fileId, r);
  }

  /** A file read from disk as the host gets it, its stamp recorded. */
  private diskFileOf(fileId: string, r: Exclude<ReadResult, { error: string }>): DiskFile {
    if ('skipped' in r) return { change: { fileId, skipped: r.skipped }, hash: undefined };
    const hash = contentHash(r.text);
    this.stamp(fileId, r.stat, hash);
    return { change: { fileId, text: r.text }, hash };
  }

  /**
   * A file not analysed (too large, unreadable) has no stamp, and once it changes its folder's time
   * does not tell: the walk is not trusted to stand for the workspace until it is walked again.
   */
  private untrustFolderOf(file: string): void {
    this.folderStamps.set(path.dirname(file), undefined);
  }

  /**
   * Records a file's stamp, unless it was modified too recently to trust: a file written again
   * within the file system's time resolution of the read would keep its time with new content.
   */
  private stamp(fileId: string, stat: ReadStat | undefined, hash: string): void {
    if (stat && stat.mtimeMs < Date.now() - RECENT_MS) this.stamps.set(fileId, { ...stat, hash });
    else this.stamps.delete(fileId);
  }

  /** The exclude globs in force. */
  get excludeGlobs(): readonly string[] {
    return this.exclude;
  }

  /** Whether a document the client opens is analysed: YAML, and not excluded where it lives. */
  wanted(uri: string, languageId: string): boolean {
    if (languageId !== 'yaml' && !isYamlUri(uri)) return false;
    const p = pathOfUri(canonicalUri(uri));
    const folder = p ? folderOf(this.folders, p) : undefined;
    return !(p && folder && excludedIn(folder, p, this.excluded));
  }

  /** Indexed files under a folder (a folder of the workspace, or one deleted from disk). */
  filesUnder(folderUri: string): string[] {
    const prefix = folderUri.endsWith('/') ? folderUri : `${folderUri}/`;
    return [...this.onDisk].filter((f) => f.startsWith(prefix));
  }

  /** Whether a path is inside a workspace folder and not excluded. */
  /** Symbolic links are followed only to targets inside the workspace folders. */
  private boundaries(): string[] {
    return this.folders.map((f) => f.path);
  }

  private inWorkspace(p: string): boolean {
    const folder = folderOf(this.folders, p);
    return (folder !== undefined && !excludedIn(folder, p, this.excluded)) || this.outside.has(uriOfPath(p));
  }
}

const NAMING = { toId: uriOfPath, toPath: pathOfUri };

/** Files modified less than this before they were read get no stamp (coarse file-system clocks: 2 s). */
const RECENT_MS = 3000;
