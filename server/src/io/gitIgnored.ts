// Whether git ignores a path, by the `.gitignore` files of its folder and the folders above it up
// to the repository's root (the folder holding `.git`). A kustomization that lists a git-ignored
// file names something made before the build — a plugin's rendered output, a Secret kept out of
// git — so the file's absence from a checkout is expected, not an error. Asked only for entries
// that are missing, and read afresh each time (the language server watches `.gitignore` files and
// has the builds computed again when one changes).

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';

/** `.gitignore` files larger than this are not read (real ones are a few kilobytes). */
const MAX_GITIGNORE_BYTES = 1024 * 1024;
/** Folders walked up at most (the chain is short in any real checkout; this bounds a hostile one). */
const MAX_LEVELS = 64;
/**
 * Longer pattern lines are dropped: no path is that long (PATH_MAX), and the library compiles each
 * line to a regular expression, which V8 refuses past a size (a thrown error, not a verdict).
 */
const MAX_PATTERN_CHARS = 4096;

export function gitIgnored(file: string): boolean {
  const chain: string[] = [];
  for (let dir = path.dirname(file), i = 0; i < MAX_LEVELS; i++) {
    chain.push(dir);
    if (existsSync(path.join(dir, '.git'))) break;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  // Outermost first: a deeper `.gitignore` overrides what the ones above it decided.
  let ignored = false;
  for (const dir of chain.reverse()) {
    const rules = readRules(path.join(dir, '.gitignore'));
    if (rules === undefined) continue;
    const relative = path.relative(dir, file).split(path.sep).join('/');
    const verdict = verdictOf(rules, relative);
    if (verdict?.ignored) ignored = true;
    else if (verdict?.unignored) ignored = false;
  }
  return ignored;
}

/** What one `.gitignore` says of a path; undefined when its patterns cannot be compiled. */
function verdictOf(rules: string, relative: string): { ignored: boolean; unignored: boolean } | undefined {
  const lines = rules.split(/\r?\n/).filter((line) => line.length <= MAX_PATTERN_CHARS);
  try {
    return ignore().add(lines).test(relative);
  } catch {
    return undefined;
  }
}

function readRules(file: string): string | undefined {
  try {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile() || stat.size > MAX_GITIGNORE_BYTES) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
