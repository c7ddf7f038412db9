// The files outside the walked paths that the walked kustomizations read. Kustomize follows
// `resources: [../../base]` and `components: [../../common]` wherever they lead, so checking one
// overlay or one application folder must read its bases as `kubectl kustomize` would, or every
// such entry looks missing and the objects it brings are never seen. Only what a kustomization
// names is read — a file entry, a patch file, a folder entry's own kustomization, and then what
// that one names — never the rest of those folders, which kustomize does not read either.

import type { Stats } from 'node:fs';
import { statSync } from 'node:fs';
import path from 'node:path';
import { isKustomizationFile, KUSTOMIZATION_FILE_NAMES, localReads, readKustomization } from '../core/api.js';
import { readYamlFileSync, relative } from './walk.js';

export interface WalkedFile {
  /** The absolute path. */
  file: string;
  /** The id the front end gives the file (see `toFileId`). */
  fileId: string;
}

/**
 * The files that the kustomizations among `walked` read, directly or through the kustomizations
 * they lead to, and that `walked` does not hold. `root` is the folder file ids are relative to;
 * an id and a path convert through `toFileId` and `path.resolve(root, id)`.
 */
export function filesKustomizeReads(walked: readonly WalkedFile[], root: string): WalkedFile[] {
  const known = new Set(walked.map((f) => f.fileId));
  // Folders that hold walked files: a kustomization naming one was walked with them.
  const walkedFolders = new Set<string>();
  for (const { fileId } of walked)
    for (let i = fileId.lastIndexOf('/'); i > 0; i = fileId.lastIndexOf('/', i - 1))
      walkedFolders.add(fileId.slice(0, i));
  const extra: WalkedFile[] = [];
  const queue = walked.filter((f) => isKustomizationFile(f.fileId));
  const add = (file: string): WalkedFile | undefined => {
    const fileId = relative(root, file);
    if (known.has(fileId)) return undefined;
    known.add(fileId);
    const f = { file, fileId };
    extra.push(f);
    return f;
  };
  for (let k = queue.pop(); k; k = queue.pop()) {
    const read = readYamlFileSync(k.file);
    if (!('text' in read)) continue;
    for (const id of localReads(readKustomization(k.fileId, read.text))) {
      if (known.has(id) || walkedFolders.has(id)) continue;
      const full = path.resolve(root, id);
      const stat = statOf(full);
      if (stat?.isFile()) add(full);
      else if (stat?.isDirectory()) {
        walkedFolders.add(id);
        const name = KUSTOMIZATION_FILE_NAMES.find((n) => statOf(path.join(full, n))?.isFile());
        const found = name === undefined ? undefined : add(path.join(full, name));
        if (found) queue.push(found);
      }
    }
  }
  return extra;
}

/** The file's stat, or undefined when it is missing or cannot be read (kustomize then fails on it, and the analysis says so). */
function statOf(file: string): Stats | undefined {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
