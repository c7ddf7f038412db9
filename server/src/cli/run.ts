// The CLI's analysis run: find the YAML files under the given paths, feed them to an
// AnalysisHost with cwd-relative, forward-slash file ids, and collect diagnostics and status.

import path from 'node:path';
import type { AnalysisOptionsInput, Diagnostic, FileChange, StatusReport } from '../core/index.js';
import { AnalysisHost, statusReport } from '../core/index.js';
import type { WalkProblem } from '../io/walk.js';
import { findYamlFiles, readYamlFileSync, relative } from '../io/walk.js';

export interface RunOptions {
  paths: string[];
  cwd: string;
  exclude: string[];
  analysis: AnalysisOptionsInput;
}

export interface RunResult {
  files: string[];
  diagnostics: Diagnostic[];
  status: StatusReport;
  /** Paths that could not be read: a usage/IO problem (exit code 2). */
  problems: WalkProblem[];
}

export async function runCheck(options: RunOptions): Promise<RunResult> {
  const { files, problems } = await findYamlFiles(options.paths, { exclude: options.exclude, root: options.cwd });
  const changes: FileChange[] = [];
  const ids: string[] = [];
  for (const file of files) {
    const fileId = relative(options.cwd, file);
    const read = readYamlFileSync(file);
    if ('error' in read) {
      problems.push({ path: fileId, message: read.error });
      continue;
    }
    ids.push(fileId);
    changes.push('skipped' in read ? { fileId, skipped: read.skipped } : { fileId, text: read.text });
  }
  const host = new AnalysisHost(options.analysis, { incremental: false });
  host.applyChanges(changes);
  host.settle();
  const diagnostics = ids.flatMap((id) => host.diagnostics(id));
  return { files: ids, diagnostics, status: statusReport(host), problems };
}

export function displayPath(cwd: string, fileId: string): string {
  return path.isAbsolute(fileId) ? relative(cwd, fileId) : fileId;
}
