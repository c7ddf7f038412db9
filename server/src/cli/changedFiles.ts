// `--changed-since REV`: the files a change touched, as the CLI's file ids (relative to its working
// directory, forward slashes) — what `git diff --name-only REV` lists (committed since REV and not
// yet committed) plus untracked files git does not ignore, which a change adds as well. Only the
// command line asks git; the analysis still reads the whole workspace, since a file's problems
// depend on the others, and only the report is narrowed.

import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';

export class ChangedFilesError extends Error {}

export function changedFiles(revision: string, cwd: string): Set<string> {
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 << 20,
      });
    } catch (error) {
      const e = error as NodeJS.ErrnoException & { stderr?: string };
      if (e.code === 'ENOENT') throw new ChangedFilesError('--changed-since needs git, which is not on PATH.');
      const why = (e.stderr ?? '').trim().split('\n')[0] ?? '';
      if (/not a git repository/i.test(why))
        throw new ChangedFilesError(`--changed-since needs a git repository, and ${cwd} is not in one.`);
      throw new ChangedFilesError(`git ${args.join(' ')} failed: ${why || e.message}`);
    }
  };
  if (revision.startsWith('-')) throw new ChangedFilesError(`--changed-since "${revision}" is not a revision.`);
  const top = git(['rev-parse', '--show-toplevel']).trim();
  const listed = [
    ...git(['diff', '--name-only', '-z', revision, '--']).split('\0'),
    ...git(['ls-files', '--others', '--exclude-standard', '--full-name', '-z']).split('\0'),
  ].filter(Boolean);
  // Paths from git are relative to the top of the repository, the ids to the working directory.
  const base = realpathSync(cwd);
  const ids = new Set<string>();
  for (const p of listed)
    ids.add(
      path
        .relative(base, path.join(realpathSync(top), p))
        .split(path.sep)
        .join('/'),
    );
  return ids;
}
