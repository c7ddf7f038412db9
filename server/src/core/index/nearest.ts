// The folder rule for objects defined more than once (several environments or clusters in one
// repository): a reference sees the definition nearest to the referrer in the folder tree — the
// same folder first, then the one sharing the longest folder prefix, then the shallower one, then
// file id and position. File ids are '/'-separated paths or URIs; the folder is all before the last '/'.

export function folderOf(fileId: string): string {
  const i = fileId.lastIndexOf('/');
  return i < 0 ? '' : fileId.slice(0, i);
}

function segments(folder: string): string[] {
  return folder === '' ? [] : folder.split('/');
}

function sharedDepth(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Orders candidates nearest first. `fileIdOf` gives each candidate's file; ties keep input order. */
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
