// File ids as the hosts name files: '/'-separated paths (the CLI's cwd-relative ones, absolute
// ones) or URIs (the language server's, encoded as vscode-uri encodes them). Kustomizations name
// other files by paths relative to their own folder; `joinFileId` turns such a path into the id
// the host would give that file, so a lookup by id finds it. Pure string work, no IO.

/** The folder of a file id: everything before the last '/' ('' for a bare name). */
export function folderOf(fileId: string): string {
  const i = fileId.lastIndexOf('/');
  return i < 0 ? '' : fileId.slice(0, i);
}

/** The last segment of a file id. */
export function baseNameOf(fileId: string): string {
  return fileId.slice(fileId.lastIndexOf('/') + 1);
}

/** `scheme://authority` of a URI id (or `scheme:` of an opaque one); '' for a path. */
function uriPrefix(id: string): string {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]+:(\/\/[^/]*)?/.exec(id);
  return m ? m[0] : '';
}

/**
 * The id of `relative` (a path as a kustomization writes it) seen from `folder` (a folder id):
 * `.` and empty segments dropped, `..` removing the segment before it. A path never climbs above
 * a URI's root or an absolute path's `/`; a relative id keeps the leading `..` it cannot remove
 * (`../x` from the folder '' stays `../x`, a file outside the tree the host knows). Segments added
 * to a URI are percent-encoded as vscode-uri encodes them.
 */
export function joinFileId(folder: string, relative: string): string {
  const prefix = uriPrefix(folder);
  const encode = prefix !== '' ? encodeSegment : (s: string) => s;
  const base = folder.slice(prefix.length);
  const absolute = base.startsWith('/') || relative.startsWith('/');
  const segments: string[] = [];
  const push = (seg: string, fromRelative: boolean) => {
    if (seg === '' || seg === '.') return;
    if (seg === '..') {
      if (segments.length > 0 && segments[segments.length - 1] !== '..') segments.pop();
      else if (!absolute) segments.push('..');
      return;
    }
    segments.push(fromRelative ? encode(seg) : seg);
  };
  if (!relative.startsWith('/')) for (const seg of base.split('/')) push(seg, false);
  for (const seg of relative.split('/')) push(seg, true);
  return prefix + (absolute ? '/' : '') + segments.join('/');
}

/** Whether `fileId` lies in `folder` or below it. */
export function isWithin(fileId: string, folder: string): boolean {
  if (folder === '')
    return !fileId.startsWith('../') && fileId !== '..' && !/^[a-zA-Z][a-zA-Z0-9+.-]+:|^\//.test(fileId);
  return fileId.startsWith(folder + '/');
}

/** Characters vscode-uri leaves as they are in a path segment (RFC 3986 unreserved). */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** A path segment as vscode-uri writes it: unreserved characters kept, everything else %XX (UTF-8). */
function encodeSegment(segment: string): string {
  let out = '';
  for (const ch of segment) {
    const code = ch.codePointAt(0)!;
    if (UNRESERVED.test(ch)) out += ch;
    else if (code < 0x80) out += '%' + code.toString(16).toUpperCase().padStart(2, '0');
    else if (code >= 0xd800 && code <= 0xdfff)
      out += '%EF%BF%BD'; // a lone surrogate: U+FFFD, as encoders write it
    else out += encodeURIComponent(ch);
  }
  return out;
}
