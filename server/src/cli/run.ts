// The CLI's analysis run: find the YAML files under the given paths, feed them to an
// AnalysisHost with cwd-relative, forward-slash file ids, and collect diagnostics and status.

import type { AnalysisOptionsInput, Diagnostic, FileChange, StatusReport, StoredModel, Topology } from '../core/api.js';
import type { CachedModel } from '../io/cache.js';
import { contentHash, WorkspaceCache } from '../io/cache.js';
import path from 'node:path';
import { Analysis, AnalysisHost, isKustomizationFile, isStructureFile, storedModelFits } from '../core/api.js';
import type { WalkProblem } from '../io/walk.js';
import { filesKustomizeReads } from '../io/kustomizeReads.js';
import { gitIgnored } from '../io/gitIgnored.js';
import { findYamlFiles, readYamlFileSync, relative } from '../io/walk.js';

export interface RunOptions {
  paths: string[];
  cwd: string;
  exclude: string[];
  analysis: AnalysisOptionsInput;
  /** Where to keep file models between runs (`--cache-dir`), and the tool version that wrote them. */
  cache?: { dir: string; tool: string };
  /** Also build the workspace graph (`--format dot`, `mermaid`). */
  topology?: boolean;
}

export interface RunResult {
  files: string[];
  diagnostics: Diagnostic[];
  status: StatusReport;
  /** The workspace graph, when asked for. */
  topology?: Topology;
  /** Paths that could not be read: a usage/IO problem (exit code 2). */
  problems: WalkProblem[];
  /** Non-fatal notes for stderr (a cache that could not be read or written). */
  warnings: string[];
}

export async function runCheck(options: RunOptions): Promise<RunResult> {
  const { files, problems, outside } = await findYamlFiles(options.paths, {
    exclude: options.exclude,
    root: options.cwd,
  });
  const warnings = outside.map(
    (link) =>
      `${relative(options.cwd, link)}: not followed, a symbolic link to outside the paths checked (name its target to check it).`,
  );
  const host = new AnalysisHost(options.analysis, {
    incremental: false,
    gitIgnored: (id) => gitIgnored(path.resolve(options.cwd, id)),
  });
  const cache = options.cache
    ? new WorkspaceCache(
        options.cache.dir,
        {
          tool: options.cache.tool,
          scope: JSON.stringify({ cwd: options.cwd, paths: [...options.paths].sort() }),
          options: JSON.stringify(host.options),
        },
        (m) => warnings.push(m),
      )
    : undefined;
  const cached = cache
    ? await cache.loadModels().catch(() => new Map<string, CachedModel>())
    : new Map<string, CachedModel>();
  const fed = new Set<string>();
  /** A cached model was refused: the cache is rewritten even if no file changed. */
  let refused = false;
  const hashes = new Map<string, string>();
  // Files go to the host in small batches so that the whole workspace's text is never in memory at
  // once; Chart.yaml files and kustomizations first, since they change how other files are read.
  let batch: FileChange[] = [];
  const walked = files.map((file) => ({ file, fileId: relative(options.cwd, file) }));
  // Bases and components outside the paths given are read as kustomize reads them.
  const naming = {
    toId: (file: string) => relative(options.cwd, file),
    toPath: (id: string) => path.resolve(options.cwd, id),
  };
  const kustomizations = walked.filter((f) => isKustomizationFile(f.fileId));
  const all = [
    ...walked,
    ...filesKustomizeReads(
      kustomizations,
      walked.map((f) => f.fileId),
      naming,
    ),
  ];
  host.announceFiles(all.map((f) => f.fileId));
  for (const { file, fileId } of [
    ...all.filter((f) => isStructureFile(f.fileId)),
    ...all.filter((f) => !isStructureFile(f.fileId)),
  ]) {
    const read = readYamlFileSync(file);
    if ('error' in read) {
      problems.push({ path: fileId, message: read.error });
      continue;
    }
    fed.add(fileId);
    if ('skipped' in read) {
      batch.push({ fileId, skipped: read.skipped });
    } else if (!cache) {
      batch.push({ fileId, text: read.text });
    } else {
      const hash = contentHash(read.text);
      hashes.set(fileId, hash);
      const hit = cached.get(fileId);
      const fits = hit?.hash === hash && storedModelFits(hit.model, fileId, read.text);
      if (hit?.hash === hash && !fits) {
        warnings.push(`ignoring the cached model of ${fileId}: it does not fit the file; the cache is rebuilt.`);
        refused = true;
      }
      batch.push(fits ? { fileId, text: read.text, cached: hit.model } : { fileId, text: read.text });
    }
    if (batch.length === BATCH_FILES) {
      host.applyChanges(batch);
      batch = [];
    }
  }
  host.applyChanges(batch);
  // CRDs or kustomize builds learnt late change how earlier files are read: those are read again
  // (builds that the last files changed, a Flux Kustomization say, are computed first).
  const pending = () => {
    host.settleBuilds();
    return host.takeFilesToReread();
  };
  for (let again = pending(); again.length > 0; again = pending()) {
    const changes: FileChange[] = [];
    const paths = new Map(all.map((f) => [f.fileId, f.file]));
    for (const fileId of again) {
      const file = paths.get(fileId);
      const read = file ? readYamlFileSync(file) : undefined;
      if (read && 'text' in read) changes.push({ fileId, text: read.text });
    }
    host.applyChanges(changes);
  }
  host.settle();
  const ids = all.map((f) => f.fileId).filter((id) => fed.has(id));
  // Rewritten only when the files read differ from the ones it holds (files too large to read are
  // in neither, so they do not count as a change).
  if (
    cache &&
    (refused || hashes.size !== cached.size || [...hashes].some(([id, hash]) => cached.get(id)?.hash !== hash))
  ) {
    const entries = function* (): Iterable<[string, string, StoredModel]> {
      for (const [id, hash] of hashes) {
        const model = host.storedModel(id);
        if (model) yield [id, hash, model];
      }
    };
    await cache
      .saveModels(entries())
      .catch((error: unknown) =>
        warnings.push(
          `cannot write the cache in ${options.cache!.dir}: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
  }
  const analysis = new Analysis(host);
  const diagnostics = ids.flatMap((id) => analysis.diagnostics(id));
  return {
    files: ids,
    diagnostics,
    status: analysis.status(),
    ...(options.topology ? { topology: analysis.topology() } : {}),
    problems,
    warnings,
  };
}

const BATCH_FILES = 64;
