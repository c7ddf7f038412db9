// The files that kustomizations read outside the files a front end reads anyway. Kustomize follows
// `resources: [../../base]` and `components: [../../common]` wherever they lead, so checking one
// overlay or one application folder (the CLI given a path, an editor opened on a subfolder) must
// read its bases as `kubectl kustomize` would, or every such entry looks missing and the objects it
// brings are never seen. Only what a kustomization names is read — a file entry, a patch file, a
// folder entry's own kustomization, and then what that one names — never the rest of those folders,
// which kustomize does not read either.

import type { Stats } from 'node:fs';
import { statSync } from 'node:fs';
import path from 'node:path';
import { KUSTOMIZATION_FILE_NAMES, localReads, readKustomization } from '../core/api.js';
import { readYamlFileSync } from './walk.js';

export interface WalkedFile {
  /** The absolute path. */
  file: string;
  /** The id the front end gives the file: a cwd-relative path (CLI) or a URI (language server). */
  fileId: string;
}

/** How a front end names files: an id for a path, and the path of an id (none: not a local file). */
export interface FileNaming {
  toId(file: string): string;
  toPath(fileId: string): string | undefined;
}

/**
 * The files that kustomizations read, directly or through the kustomizations they lead to, and
 * that the front end does not read anyway. `from` are the kustomizations to follow (with the text
 * of an unsaved buffer, else read from disk); `known` the ids the front end reads anyway: what they
 * are, and what the folders holding them hold, is not looked for again.
 */
export function filesKustomizeReads(
  from: readonly (WalkedFile & { text?: string })[],
  known: Iterable<string>,
  naming: FileNaming,
): WalkedFile[] {
  const seen = new Set(known);
  // Folders that hold known files: a kustomization naming one was walked with them.
  const walkedFolders = new Set<string>();
  for (const fileId of seen)
    for (let i = fileId.lastIndexOf('/'); i > 0; i = fileId.lastIndexOf('/', i - 1))
      walkedFolders.add(fileId.slice(0, i));
  const extra: WalkedFile[] = [];
  const queue: (WalkedFile & { text?: string })[] = [...from];
  const add = (file: string): WalkedFile | undefined => {
    const fileId = naming.toId(file);
    if (seen.has(fileId)) return undefined;
    seen.add(fileId);
    const f = { file, fileId };
    extra.push(f);
    return f;
  };
  for (let k = queue.pop(); k; k = queue.pop()) {
    const text = k.text ?? textOf(k.file);
    if (text === undefined) continue;
    for (const id of localReads(readKustomization(k.fileId, text))) {
      if (seen.has(id) || walkedFolders.has(id)) continue;
      const full = naming.toPath(id);
      const stat = full === undefined ? undefined : statOf(full);
      if (full === undefined || stat === undefined) continue;
      if (stat.isFile()) add(full);
      else if (stat.isDirectory()) {
        walkedFolders.add(id);
        const name = KUSTOMIZATION_FILE_NAMES.find((n) => statOf(path.join(full, n))?.isFile());
        const found = name === undefined ? undefined : add(path.join(full, name));
        if (found) queue.push(found);
      }
    }
  }
  return extra;
}

function textOf(file: string): string | undefined {
  const read = readYamlFileSync(file);
  return 'text' in read ? read.text : undefined;
}

/** The file's stat, or undefined when it is missing or cannot be read (kustomize then fails on it, and the analysis says so). */
function statOf(file: string): Stats | undefined {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
