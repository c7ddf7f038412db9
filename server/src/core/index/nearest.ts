// The definition a reference sees when an object is defined more than once (several example files,
// environments or clusters in one repository; rules.md R0.3). Nearness, best first: the referrer's
// own file (in the same build), then the same build (a kustomize environment renders both), then
// the folder sharing the longest path with the referrer's — an ancestor folder before a sibling
// branch at the same depth. Definitions equally near are ambiguous: the answer is unknown, never a
// guess. Patch stubs (objects without `spec`) are never the definition, but show that one exists.
// File ids are '/'-separated paths or URIs; a folder is all before the last '/'.

export function folderOf(fileId: string): string {
  const i = fileId.lastIndexOf('/');
  return i < 0 ? '' : fileId.slice(0, i);
}

/** Where a referrer or a definition sits: its file, and the build (environment) that renders it. */
export interface Vantage {
  fileId: string;
  build?: string;
}

export interface Definition extends Vantage {
  /** An object without `spec` (a patch stub): it shows the object exists, not what it holds. */
  stub?: boolean;
}

/** Why a key with definitions has no one definition a referrer sees. */
export interface Unresolved<T> {
  unresolved: 'ambiguous' | 'stub';
  candidates: T[];
}

/** The definition `from` sees among `candidates`, or why there is none; undefined when there are none. */
export function nearestDefinition<T extends Definition>(
  candidates: readonly T[],
  from: Vantage,
): T | Unresolved<T> | undefined {
  if (candidates.length === 0) return undefined;
  const full = candidates.filter((c) => !c.stub);
  if (full.length === 0) return { unresolved: 'stub', candidates: [...candidates].sort(byFile) };
  if (full.length === 1) return full[0];
  const nearest = nearestOf(full, from);
  return nearest.length === 1 ? nearest[0] : { unresolved: 'ambiguous', candidates: nearest.sort(byFile) };
}

/** A stable order for candidates that no rank tells apart. */
function byFile(a: Vantage, b: Vantage): number {
  return a.fileId < b.fileId ? -1 : a.fileId > b.fileId ? 1 : (a.build ?? '') < (b.build ?? '') ? -1 : 1;
}

export function isUnresolved<T>(x: T | Unresolved<T> | undefined): x is Unresolved<T> {
  return typeof x === 'object' && x !== null && 'unresolved' in x;
}

/** The candidates equally nearest to `from`. */
function nearestOf<T extends Definition>(candidates: readonly T[], from: Vantage): T[] {
  const fromFolder = segments(folderOf(from.fileId));
  let best: T[] = [];
  let bestRank: number[] = [];
  for (const c of candidates) {
    const rank = rankOf(c, from, fromFolder);
    const order = compareRanks(rank, bestRank);
    if (best.length === 0 || order < 0) {
      best = [c];
      bestRank = rank;
    } else if (order === 0) best.push(c);
  }
  return best;
}

/** Lower sorts first: [tier, -shared depth, non-ancestor]. */
function rankOf(c: Definition, from: Vantage, fromFolder: readonly string[]): number[] {
  if (c.fileId === from.fileId && c.build === from.build) return [0, 0, 0];
  if (from.build !== undefined && c.build === from.build) return [1, 0, 0];
  const folder = segments(folderOf(c.fileId));
  const shared = sharedDepth(fromFolder, folder);
  return [2, -shared, shared === folder.length ? 0 : 1];
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Split folders, kept: every lookup with duplicates ranks the same few folders again. */
const segmentCache = new Map<string, readonly string[]>();
const SEGMENT_CACHE_LIMIT = 4096;

function segments(folder: string): readonly string[] {
  let cached = segmentCache.get(folder);
  if (cached) return cached;
  cached = folder === '' ? [] : folder.split('/');
  if (segmentCache.size >= SEGMENT_CACHE_LIMIT) segmentCache.clear();
  segmentCache.set(folder, cached);
  return cached;
}

function sharedDepth(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Orders candidates nearest first by folder alone (where to put a new manifest); ties keep input order. */
export function nearestFirst<T>(candidates: readonly T[], fromFileId: string, fileIdOf: (c: T) => string): T[] {
  if (candidates.length < 2) return [...candidates];
  const from = segments(folderOf(fromFileId));
  const ranked = candidates.map((c, index) => {
    const folder = segments(folderOf(fileIdOf(c)));
    return { c, index, shared: sharedDepth(from, folder), depth: folder.length, fileId: fileIdOf(c) };
  });
  ranked.sort(
    (a, b) =>
      b.shared - a.shared ||
      a.depth - b.depth ||
      (a.fileId < b.fileId ? -1 : a.fileId > b.fileId ? 1 : 0) ||
      a.index - b.index,
  );
  return ranked.map((r) => r.c);
}
