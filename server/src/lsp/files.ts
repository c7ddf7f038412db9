// File identity for the server: file ids are canonical URI strings (vscode-uri's encoding, which is
// what VS Code uses), so a file read from disk and the same file opened by any client are one file,
// whichever way the client spells its URI: percent-encoded or not (`%2D` for `-`, a bare `+` or `@`
// that vscode-uri encodes), `FILE:` for `file:`, `file://localhost/`, `.` segments, doubled slashes.

import path from 'node:path';
import { URI } from 'vscode-uri';
import { ALWAYS_SKIPPED_DIRS, isYamlFile } from '../io/walk.js';

export function canonicalUri(uri: string): string {
  try {
    const u = URI.parse(uri);
    if (u.scheme.toLowerCase() !== 'file') return u.toString();
    const local = u.authority === '' || u.authority.toLowerCase() === 'localhost';
    // A remote authority is a UNC share: its path is kept as it is.
    return local ? URI.file(path.normalize(URI.file(u.path).fsPath)).toString() : URI.file(u.fsPath).toString();
  } catch {
    return uri;
  }
}

export function uriOfPath(p: string): string {
  return URI.file(p).toString();
}

export function pathOfUri(uri: string): string | undefined {
  // The ids the server makes itself: on POSIX, a file URI without escapes, query or fragment is
  // `file://` and the path (parsing one costs more than stat-ing the file, at warm start).
  if (path.sep === '/' && uri.startsWith('file:///') && !/[%?#]/.test(uri)) return uri.slice(7);
  const u = URI.parse(uri);
  return u.scheme === 'file' ? u.fsPath : undefined;
}

export function isYamlUri(uri: string): boolean {
  return isYamlFile(uri.split(/[?#]/)[0] ?? uri);
}

export interface Folder {
  uri: string;
  path: string;
}

/** Whether a file inside `folder` is excluded (`excluded`: an excludeMatcher of the settings) or lives in a folder never analysed. */
export function excludedIn(folder: Folder, filePath: string, excluded: (relativePath: string) => boolean): boolean {
  const rel = path.relative(folder.path, filePath).split(path.sep);
  if (rel.some((seg) => ALWAYS_SKIPPED_DIRS.has(seg))) return true;
  return excluded(rel.join('/'));
}

/** The workspace folder holding a path (the innermost one), if any. */
export function folderOf(folders: readonly Folder[], filePath: string): Folder | undefined {
  let best: Folder | undefined;
  for (const f of folders) {
    const rel = path.relative(f.path, filePath);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    if (!best || f.path.length > best.path.length) best = f;
  }
  return best;
}
