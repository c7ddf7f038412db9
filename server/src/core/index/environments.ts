// Kustomize environments: which files each root kustomization builds, and the chain of
// kustomizations whose transforms apply to each file's objects. Pure: it sees the workspace
// through the kustomization models and a file lookup.
// - A root is a kustomization (not a Component) that no other kustomization includes as a
//   resource, base or component; each root is an environment. A file included by several roots is
//   in each; a file no kustomization includes is in none (it stays a plain file). A root whose
//   parent folder's kustomization lists the folders beside it but not its own, and that neither a
//   deployed Flux Kustomization nor an Argo CD Application deploys, is left out (leftOutRoots): not
//   deployed, so not an environment; so is a root only Flux Kustomizations that are not deployed
//   themselves build, and the root made for such a Flux Kustomization (deployedBuilds).
// - Inclusion follows kustomize's accumulation (api/internal/target/kusttarget.go): a resource
//   entry is a file if the workspace has one by that id, else a folder whose kustomization is
//   built on its own and its objects added; then the kustomization's generators and Helm charts;
//   then each component, in order, which adds its own resources and applies its transforms to
//   everything accumulated so far (the includer's resources, generated objects and earlier
//   components' objects); then the kustomization's own transforms apply to all of it. A file's
//   chain is therefore innermost first: its kustomization's components, its kustomization, the
//   components and kustomization that include that one, and so on. Only kustomizations that
//   transform something are in a chain (namespace, prefix/suffix, labels, annotations, patches,
//   or a field whose effect is not modelled).
// - Kustomize errors found on the way are problems on the entry that causes them: a path that
//   names nothing, a folder without a kustomization, a file outside the kustomization's folder
//   (a warning of its own: kustomize's default load restriction rejects it, but Flux builds
//   with `--load-restrictor LoadRestrictionsNone`, so the file is read, and the warning is dropped
//   where only Flux builds the kustomization), a Component listed as a
//   resource or a Kustomization as a component, an inclusion cycle, a file built twice through
//   the same transforms in one build (the same objects twice; through different ones — a base
//   under two overlays that set different namespaces, both in one root — it is built twice, and
//   both stay), two kustomization files in one folder. Gaps say where a build's objects are not all
//   known (remote bases, Helm charts, files the workspace does not hold, fields not modelled,
//   errors).
// - Patch files and other inputs (generator sources, values files, configurations) are returned
//   apart, so the plain workspace can leave them out: a patch is not an object.
// Cost: one pass over every kustomization's entries to resolve them and find cycles, then one
// traversal per environment, each linear in its entries plus its files times their chain length
// (chains are shared between files that have the same one); nesting and the entries visited per
// environment are bounded. Recomputing everything on a kustomization change is cheap enough
// (`npm run bench:kustomize`: 10,000 kustomizations in about 0.2 s of CPU on a busy 2-core
// machine), so there is no incremental update; `changedFiles` compares two results for the files
// whose membership or transforms changed, which is what a host must re-analyse. Output order is
// deterministic: roots by file id, files in kustomize's accumulation order.

import type { Span } from '../syntax/tree.js';
import type { GeneratorEntry, HelmChartEntry, Kustomization, PathEntry, PatchEntry } from '../model/kustomization.js';
import { KUSTOMIZATION_FILE_NAMES } from '../model/kustomization.js';
import { baseNameOf, folderOf, isWithin } from '../model/fileIds.js';
import { fluxBuildFile, fluxBuildName } from '../model/fluxKustomization.js';
import type { Problem } from '../model/resource.js';
import { pushTo } from '../multimap.js';

/** How the environments see the workspace's files. */
export interface WorkspaceFiles {
  /** Whether the workspace holds a file with this id. */
  exists(fileId: string): boolean;
  /** File ids under a folder id, at any depth; only whether there is one is asked. */
  filesUnder(folder: string): Iterable<string>;
  /**
   * Whether git ignores a path the workspace lacks (the front end reads `.gitignore` files): made
   * before the build or kept out of git, so its absence from a checkout is expected.
   */
  ignored?(fileId: string): boolean;
}

/** A file an environment builds (a file built through two different chains is there twice). */
export interface IncludedFile {
  fileId: string;
  /** The kustomization whose entry lists the file. */
  listedBy: string;
  entry: PathEntry;
  /** Kustomizations whose transforms apply to the file's objects, innermost first (shared between files). */
  chain: readonly Kustomization[];
}

/** ConfigMaps and Secrets a generator makes, and the chain their objects go through (their kustomization first). */
export interface GeneratedItem {
  kustomization: Kustomization;
  generator: GeneratorEntry;
  chain: readonly Kustomization[];
}

/** A Helm chart the build renders: its objects are not in the workspace. */
export interface ChartItem {
  kustomization: Kustomization;
  chart: HelmChartEntry;
  chain: readonly Kustomization[];
  /** The release namespace kustomize passes to Helm: the chart's own, else its kustomization's. */
  releaseNamespace?: string;
  /**
   * Where the chart's namespaced objects land: the outermost `namespace` of the chain (it overrides
   * whatever the templates set), else the release namespace; undefined when neither is known.
   */
  namespace?: string;
}

/**
 * An entry whose objects the workspace does not hold (a remote base, a file git ignores or that
 * is not YAML): the build renders unknown objects into the namespace its chain sets.
 */
export interface UnknownItem {
  kustomization: Kustomization;
  entry: PathEntry;
  chain: readonly Kustomization[];
  /** The outermost `namespace` of the chain; undefined when the objects keep their own. */
  namespace?: string;
}

export type GapKind = 'remote' | 'helmChart' | 'notInWorkspace' | 'notModelled' | 'error';

/** Why some of an environment's objects are unknown. */
export interface EnvironmentGap {
  kind: GapKind;
  /** The file where the cause is written (a kustomization). */
  fileId: string;
  span: Span;
}

export interface Environment {
  /** The root kustomization's file id. */
  id: string;
  root: Kustomization;
  /** Every kustomization the build reads, in the order it reads them. */
  kustomizations: string[];
  files: IncludedFile[];
  generated: GeneratedItem[];
  charts: ChartItem[];
  unknown: UnknownItem[];
  /** Empty when every object of the build is in the workspace and every transform is modelled. */
  gaps: EnvironmentGap[];
}

/** Where a file is used as a patch. */
export interface PatchUse {
  kustomization: string;
  entry: PatchEntry;
}

export interface Environments {
  /** By root file id. */
  environments: Environment[];
  /** Resource file id → the environments that build it, by id, sorted. */
  membership: Map<string, string[]>;
  /** Files used as patches (by any kustomization, in an environment or not). */
  patchFiles: Map<string, PatchUse[]>;
  /** Other files kustomizations read: generator sources, values files, configurations, CRDs, OpenAPI. */
  inputFiles: Map<string, { kustomization: string; field: string }[]>;
  /** Problems found while building, by the kustomization file they sit in (sorted by position). */
  problems: Map<string, Problem[]>;
  /**
   * Files that only roots left out of their parent folder's build would build (see leftOutRoots),
   * each with the kustomization that leaves them out.
   */
  leftOut: Map<string, string>;
  /**
   * The folders of roots whose being built as they are by a Flux Kustomization changes the result:
   * roots their parent folder's kustomization leaves out (Flux-built or not), roots whose builds
   * read a file outside a kustomization's folder (KustomizeLoadRestricted), and folders a Flux
   * Kustomization that is not deployed builds as they are.
   */
  fluxSensitiveFolders: Set<string>;
}

/** Nesting beyond this is not followed (real trees are a few levels deep; recursion stays bounded). */
const MAX_NESTING = 100;
/** Entries visited per environment; beyond this (components applied exponentially often) the rest is a gap. */
const MAX_STEPS = 1_000_000;

type Resolution =
  | { kind: 'file'; id: string }
  | { kind: 'kustomization'; k: Kustomization }
  | { kind: 'remote' }
  | { kind: 'notInWorkspace' }
  | { kind: 'error' };

export function isYamlName(fileId: string): boolean {
  return /\.ya?ml$/i.test(fileId);
}

/** Whether a kustomization transforms the objects that pass through it. */
function transforms(k: Kustomization): boolean {
  return (
    k.namespace !== undefined ||
    k.namePrefix !== undefined ||
    k.nameSuffix !== undefined ||
    k.labels.some((l) => l.pairs.length > 0) ||
    (k.commonAnnotations?.pairs.length ?? 0) > 0 ||
    k.patches.length > 0 ||
    k.unmodelled.length > 0
  );
}

class ProblemSink {
  private readonly byFile = new Map<string, Map<string, Problem>>();

  add(fileId: string, span: Span, message: string, code = 'KustomizeError'): void {
    const key = `${span.start}:${span.end}:${code}:${message}`;
    let m = this.byFile.get(fileId);
    if (!m) this.byFile.set(fileId, (m = new Map<string, Problem>()));
    if (!m.has(key)) m.set(key, { code, message, span, path: '' });
  }

  result(): Map<string, Problem[]> {
    const out = new Map<string, Problem[]>();
    for (const fileId of [...this.byFile.keys()].sort()) {
      const list = [...this.byFile.get(fileId)!.values()];
      list.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || (a.message < b.message ? -1 : 1));
      out.set(fileId, list);
    }
    return out;
  }
}

/** What deploys a folder with its own kustomization besides kustomize itself. */
export interface Deployers {
  /**
   * Folders Flux Kustomizations build with their own kustomization as it is (load restrictions
   * lifted; no root is made for them), each with the files defining those Flux Kustomizations.
   */
  fluxAsIs: ReadonlyMap<string, readonly string[]>;
  /** An Argo CD Application deploys the folder (load restrictions on, as `kubectl apply -k`). */
  argo(folder: string): boolean;
  /** The file sits beside a kustomization that names it nowhere: no build of its folder deploys it. */
  unlisted(fileId: string): boolean;
}

const NO_DEPLOYERS: Deployers = { fluxAsIs: new Map(), argo: () => false, unlisted: () => false };

/** Why a root is not deployed: its parent folder's kustomization leaves it out, or only Flux Kustomizations in files no build deploys build it. */
type LeftOutReason = { parent: Kustomization } | { flux: string };

/** The environments of a workspace from all its kustomization models. */
export function computeEnvironments(
  kustomizations: readonly Kustomization[],
  files: WorkspaceFiles,
  deployers: Deployers = NO_DEPLOYERS,
): Environments {
  const problems = new ProblemSink();
  const sorted = [...kustomizations].sort((a, b) => (a.fileId < b.fileId ? -1 : a.fileId > b.fileId ? 1 : 0));
  const byFolder = kustomizationsByFolder(sorted, problems);
  const resolutions = new Map<PathEntry, Resolution>();
  const included = new Set<Kustomization>();
  for (const k of sorted) {
    for (const entry of [...k.resources, ...k.components]) {
      const r = resolve(k, entry, files, byFolder, problems);
      resolutions.set(entry, r);
      if (r.kind === 'kustomization') included.add(r.k);
    }
  }
  const cyclic = findCycles(sorted, resolutions, problems);
  const roots = sorted.filter((k) => !included.has(k) && k.kind !== 'Component');
  const candidates = leftOutRoots(roots, byFolder, resolutions);
  // Every root is built (what it builds does not depend on whether it is deployed); which are
  // deployed is decided after.
  const all = roots.map((k) => new EnvironmentBuilder(k, resolutions, cyclic, problems).build());
  const deployment = deployedBuilds(all, candidates, deployers);
  const environments = all.filter((env) => !deployment.leftOut.has(env));
  const leftOutEnvs = all.filter((env) => deployment.leftOut.has(env));
  const membership = new Map<string, string[]>();
  for (const env of environments)
    for (const f of env.files) {
      const list = membership.get(f.fileId);
      if (!list) membership.set(f.fileId, [env.id]);
      else if (list[list.length - 1] !== env.id) list.push(env.id);
    }
  const patchFiles = new Map<string, PatchUse[]>();
  const inputFiles = new Map<string, { kustomization: string; field: string }[]>();
  for (const k of sorted) {
    for (const entry of k.patches) {
      if (entry.source.kind !== 'file') continue;
      const fileId = entry.source.fileId;
      pushTo(patchFiles, fileId, { kustomization: k.fileId, entry });
      if (!isWithin(fileId, k.folder))
        problems.add(k.fileId, entry.source.pathSpan, outsideMessage(baseNameOf(fileId)), LOAD_RESTRICTED);
      else if (!files.exists(fileId) && isYamlName(fileId) && !files.ignored?.(fileId))
        problems.add(
          k.fileId,
          entry.source.pathSpan,
          `The patch file \`${baseNameOf(fileId)}\` is not in the workspace.`,
        );
    }
    for (const input of k.inputs) pushTo(inputFiles, input.fileId, { kustomization: k.fileId, field: input.field });
  }
  // A root that is not deployed (its parent folder's build leaves it out, or only a Flux
  // Kustomization no build deploys builds it): its files are not analysed, and what is wrong in
  // its kustomizations only matters once it is built (a note says so).
  const leftOut = new Map<string, string>();
  const built = new Set(environments.flatMap((e) => e.kustomizations));
  const silenced = new Set<string>();
  for (const env of leftOutEnvs) {
    const reason = deployment.leftOut.get(env)!;
    const by = 'parent' in reason ? reason.parent.fileId : reason.flux;
    for (const f of env.files) if (!membership.has(f.fileId) && !leftOut.has(f.fileId)) leftOut.set(f.fileId, by);
    for (const id of env.kustomizations) if (!built.has(id)) silenced.add(id);
    // The root Flux makes is no file: its folder's kustomization, if any, takes the note.
    const noted = fluxBuildName(env.id) === undefined ? env.root : byFolder.get(env.root.folder);
    if (!noted || !env.kustomizations.includes(noted.fileId)) continue;
    problems.add(
      noted.fileId,
      { start: noted.span.start, end: noted.span.start },
      'parent' in reason
        ? `Not built: \`../${baseNameOf(reason.parent.fileId)}\` lists the folders beside this one but not \`${baseNameOf(env.root.folder)}\`, and no Flux Kustomization or Argo CD Application names it, so its files are not analysed. List it there to deploy it.`
        : `Not built: only the Flux Kustomization in \`${baseNameOf(folderOf(reason.flux))}/${baseNameOf(reason.flux)}\` builds this folder, and no build deploys that Flux Kustomization, so its files are not analysed.`,
      'NotInKustomization',
    );
  }
  const found = problems.result();
  const loadRestricted = new Set<string>();
  for (const [id, list] of found) if (list.some((p) => p.code === LOAD_RESTRICTED)) loadRestricted.add(id);
  // Flux builds with load restrictions lifted: a kustomization only Flux builds may read outside
  // its folder. Any other build (`kubectl apply -k` on a root, an Argo CD Application) may not.
  const restricted = restrictedBuilds(
    environments,
    sorted,
    resolutions,
    (folder) => deployers.argo(folder),
    deployment.fluxBuilds,
  );
  for (const id of loadRestricted)
    if (built.has(id) && !restricted.has(id)) {
      const kept = found.get(id)!.filter((p) => p.code !== LOAD_RESTRICTED);
      if (kept.length > 0) found.set(id, kept);
      else found.delete(id);
    }
  for (const id of silenced)
    if (found.has(id)) {
      const kept = found.get(id)!.filter((p) => p.code === 'NotInKustomization');
      if (kept.length > 0) found.set(id, kept);
      else found.delete(id);
    }
  const fluxSensitiveFolders = new Set([...candidates.keys()].map((k) => k.folder));
  for (const folder of deployment.namedByLeftOut) fluxSensitiveFolders.add(folder);
  if (loadRestricted.size > 0)
    for (const env of environments)
      if (env.kustomizations.some((id) => loadRestricted.has(id))) fluxSensitiveFolders.add(env.root.folder);
  return { environments, membership, patchFiles, inputFiles, problems: found, leftOut, fluxSensitiveFolders };
}

/**
 * Which builds are deployed. A root is, unless its parent folder's kustomization leaves it out
 * (leftOutRoots) or Flux Kustomizations build its folder; then it is deployed when an Argo CD
 * Application deploys it or one of those Flux Kustomizations is deployed itself. A root made for a
 * Flux Kustomization is deployed when that Flux Kustomization is. A Flux Kustomization is deployed
 * when its file is: a deployed build holds it, or it is a plain file (in no build, and beside no
 * kustomization that leaves it out). That is circular (a Flux Kustomization may sit in a folder
 * another one builds, or in the one it builds itself, as a cluster's sync does), so it is the
 * greatest consistent answer: everything is deployed to start with, and a build goes only when
 * nothing left deploys it — its going may take Flux files, and so other builds, with it. Each
 * build goes at most once and each Flux file is looked at once more per build that held it, so
 * this is linear in the builds' files.
 */
function deployedBuilds(
  envs: readonly Environment[],
  candidates: ReadonlyMap<Kustomization, Kustomization>,
  deployers: Deployers,
): {
  leftOut: Map<Environment, LeftOutReason>;
  /** Whether a deployed Flux Kustomization builds the folder's kustomization as it is. */
  fluxBuilds: (folder: string) => boolean;
  /** Folders built as they are by a Flux Kustomization that is not deployed. */
  namedByLeftOut: Set<string>;
} {
  // The Flux Kustomizations of each file: the roots made for them, the folders they build as they are.
  const fluxOf = new Map<string, { roots: Environment[]; folders: string[] }>();
  const fluxOfFile = (fileId: string) => {
    let f = fluxOf.get(fileId);
    if (!f) fluxOf.set(fileId, (f = { roots: [], folders: [] }));
    return f;
  };
  const rootsAt = new Map<string, Environment[]>();
  for (const env of envs) {
    const source = fluxBuildFile(env.id);
    if (source !== undefined) fluxOfFile(source).roots.push(env);
    else pushTo(rootsAt, env.root.folder, env);
  }
  const namers = new Map<string, number>();
  for (const [folder, list] of deployers.fluxAsIs) {
    namers.set(folder, list.length);
    for (const fileId of list) fluxOfFile(fileId).folders.push(folder);
  }
  const leftOut = new Map<Environment, LeftOutReason>();
  const namedByLeftOut = new Set<string>();
  // Counted for the files that hold Flux Kustomizations only: no other file's fate matters here.
  const deployedIn = new Map<string, number>();
  const inLeftOut = new Set<string>();
  const stamp = new Map<string, Environment>();
  if (fluxOf.size > 0)
    for (const env of envs)
      for (const f of env.files)
        if (fluxOf.has(f.fileId) && stamp.get(f.fileId) !== env) {
          stamp.set(f.fileId, env);
          deployedIn.set(f.fileId, (deployedIn.get(f.fileId) ?? 0) + 1);
        }
  stamp.clear();
  const work: string[] = [];
  const leave = (env: Environment, reason: LeftOutReason) => {
    if (leftOut.has(env)) return;
    leftOut.set(env, reason);
    for (const f of env.files) {
      if (!fluxOf.has(f.fileId) || stamp.get(f.fileId) === env) continue;
      stamp.set(f.fileId, env);
      inLeftOut.add(f.fileId);
      const n = deployedIn.get(f.fileId)! - 1;
      deployedIn.set(f.fileId, n);
      if (n === 0) work.push(f.fileId);
    }
  };
  const gone = new Set<string>();
  const check = (fileId: string) => {
    if (gone.has(fileId) || (deployedIn.get(fileId) ?? 0) > 0) return;
    if (!inLeftOut.has(fileId) && !deployers.unlisted(fileId)) return;
    gone.add(fileId);
    const flux = fluxOf.get(fileId)!;
    for (const env of flux.roots) leave(env, { flux: fileId });
    for (const folder of flux.folders) {
      namedByLeftOut.add(folder);
      const n = namers.get(folder)! - 1;
      namers.set(folder, n);
      if (n > 0 || deployers.argo(folder)) continue;
      const first = [...deployers.fluxAsIs.get(folder)!].sort()[0]!;
      for (const env of rootsAt.get(folder) ?? []) leave(env, { flux: first });
    }
  };
  for (const [k, parent] of candidates)
    if (!namers.has(k.folder) && !deployers.argo(k.folder))
      for (const env of rootsAt.get(k.folder) ?? []) if (env.root === k) leave(env, { parent });
  for (const fileId of fluxOf.keys()) check(fileId);
  while (work.length > 0) check(work.pop()!);
  return { leftOut, fluxBuilds: (folder) => (namers.get(folder) ?? 0) > 0, namedByLeftOut };
}

/**
 * Roots that a kustomization in the parent folder leaves out: it builds folders beside them (so it
 * composes the subfolders it deploys), not theirs — an entry commented out, say. Each with that
 * kustomization. Like a manifest beside a kustomization that does not list it, such a folder is
 * not deployed by building its parent (unless Flux or Argo CD deploys it on its own).
 */
function leftOutRoots(
  roots: readonly Kustomization[],
  byFolder: ReadonlyMap<string, Kustomization>,
  resolutions: ReadonlyMap<PathEntry, Resolution>,
): Map<Kustomization, Kustomization> {
  const out = new Map<Kustomization, Kustomization>();
  for (const k of roots) {
    if (k.folder === '' || fluxBuildName(k.fileId) !== undefined) continue;
    const parentFolder = folderOf(k.folder);
    const parent = byFolder.get(parentFolder);
    if (!parent || parent.kind === 'Component') continue;
    const listsSiblings = parent.resources.some((e) => {
      const r = resolutions.get(e);
      return r?.kind === 'kustomization' && folderOf(r.k.folder) === parentFolder;
    });
    if (listsSiblings) out.set(k, parent);
  }
  return out;
}

/**
 * The kustomizations some build reads with kustomize's load restrictions on: those a root reads
 * that no Flux Kustomization builds (or that an Argo CD Application deploys), and those an Argo CD
 * Application's folder reads. One walk over the inclusions, however many builds share them.
 */
function restrictedBuilds(
  environments: readonly Environment[],
  sorted: readonly Kustomization[],
  resolutions: ReadonlyMap<PathEntry, Resolution>,
  argo: (folder: string) => boolean,
  flux: (folder: string) => boolean,
): Set<string> {
  const seeds: Kustomization[] = [];
  for (const env of environments)
    if (fluxBuildName(env.id) === undefined && (!flux(env.root.folder) || argo(env.root.folder))) seeds.push(env.root);
  for (const k of sorted) if (fluxBuildName(k.fileId) === undefined && argo(k.folder)) seeds.push(k);
  const out = new Set<string>();
  const stack = seeds.filter((k) => !out.has(k.fileId) && out.add(k.fileId));
  while (stack.length > 0) {
    const k = stack.pop()!;
    for (const entry of [...k.resources, ...k.components]) {
      const r = resolutions.get(entry);
      if (r?.kind === 'kustomization' && !out.has(r.k.fileId)) {
        out.add(r.k.fileId);
        stack.push(r.k);
      }
    }
  }
  return out;
}

/** The kustomization of each folder; a second kustomization file in a folder is kustomize's error. */
function kustomizationsByFolder(sorted: readonly Kustomization[], problems: ProblemSink): Map<string, Kustomization> {
  const byFolder = new Map<string, Kustomization[]>();
  for (const k of sorted) {
    // The kustomization a Flux Kustomization builds from is no file of its folder.
    if (fluxBuildName(k.fileId) !== undefined) continue;
    pushTo(byFolder, k.folder, k);
  }
  const out = new Map<string, Kustomization>();
  for (const [folder, list] of byFolder) {
    const rank = (k: Kustomization) => KUSTOMIZATION_FILE_NAMES.indexOf(baseNameOf(k.fileId));
    list.sort((a, b) => rank(a) - rank(b));
    out.set(folder, list[0]!);
    if (list.length > 1)
      for (const k of list)
        problems.add(
          k.fileId,
          { start: k.span.start, end: k.span.start },
          `This folder has ${list.length} kustomization files (${list.map((x) => baseNameOf(x.fileId)).join(', ')}); kustomize refuses to build it.`,
        );
  }
  return out;
}

function resolve(
  k: Kustomization,
  entry: PathEntry,
  files: WorkspaceFiles,
  byFolder: Map<string, Kustomization>,
  problems: ProblemSink,
): Resolution {
  if (entry.target.kind === 'remote') return { kind: 'remote' };
  const id = entry.target.id;
  const error = (message: string): Resolution => {
    problems.add(k.fileId, entry.span, message);
    return { kind: 'error' };
  };
  const folderKustomization = byFolder.get(id);
  if (entry.field === 'components') {
    if (folderKustomization) {
      if (folderKustomization.kind !== 'Component')
        return error(`\`${entry.text}\` is a Kustomization, not a Component; list it under \`resources\`.`);
      return { kind: 'kustomization', k: folderKustomization };
    }
    if (files.exists(id)) return error(`A component is a folder with a kustomization, not a file.`);
    return error(missingMessage(entry, files));
  }
  if (files.exists(id)) {
    // Read all the same: Flux builds with `--load-restrictor LoadRestrictionsNone` (an Argo CD
    // option too) and accepts it, and its objects are better analysed than dropped.
    if (!isWithin(id, k.folder)) problems.add(k.fileId, entry.span, outsideMessage(entry.text), LOAD_RESTRICTED);
    return { kind: 'file', id };
  }
  if (folderKustomization) {
    if (folderKustomization.kind === 'Component')
      return error(`\`${entry.text}\` is a Component; list it under \`components\`.`);
    return { kind: 'kustomization', k: folderKustomization };
  }
  // A file the host does not read (JSON, other extensions) may exist: its objects are unknown.
  if (!isYamlName(id) && /\.[A-Za-z0-9]+$/.test(baseNameOf(id)) && firstOf(files.filesUnder(id)) === undefined)
    return { kind: 'notInWorkspace' };
  // Rendered before the build (a config management plugin's `helm template > all.yaml`) or a
  // Secret kept out of git: as unknown as a remote base.
  if (files.ignored?.(id)) return { kind: 'notInWorkspace' };
  return error(missingMessage(entry, files));
}

/** A file outside the kustomization's folder: Flux builds read it, `kubectl apply -k` does not. */
const LOAD_RESTRICTED = 'KustomizeLoadRestricted';

function outsideMessage(path: string): string {
  return `\`${path}\` is outside this kustomization's folder: \`kubectl apply -k\` rejects it; Flux, and builds with \`--load-restrictor LoadRestrictionsNone\`, read it.`;
}

function missingMessage(entry: PathEntry, files: WorkspaceFiles): string {
  const id = entry.target.kind === 'local' ? entry.target.id : '';
  return firstOf(files.filesUnder(id)) !== undefined
    ? `\`${entry.text}\` is a folder without a kustomization file; kustomize cannot build it.`
    : `\`${entry.text}\` is not in the workspace.`;
}

/** The first item of an iterable (undefined when it has none), reading no further. */
export function firstOf<T>(items: Iterable<T>): T | undefined {
  for (const item of items) return item;
  return undefined;
}

/** Entries that close an inclusion cycle (iterative depth-first search over all kustomizations). */
function findCycles(
  sorted: readonly Kustomization[],
  resolutions: Map<PathEntry, Resolution>,
  problems: ProblemSink,
): Set<PathEntry> {
  const cyclic = new Set<PathEntry>();
  const state = new Map<Kustomization, 'active' | 'done'>();
  const frame = (k: Kustomization) => ({ k, entries: [...k.resources, ...k.components], next: 0 });
  for (const start of sorted) {
    if (state.has(start)) continue;
    const stack = [frame(start)];
    state.set(start, 'active');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next >= top.entries.length) {
        state.set(top.k, 'done');
        stack.pop();
        continue;
      }
      const entry = top.entries[top.next++]!;
      const r = resolutions.get(entry);
      if (r?.kind !== 'kustomization') continue;
      const s = state.get(r.k);
      if (s === 'active') {
        cyclic.add(entry);
        problems.add(
          top.k.fileId,
          entry.span,
          `\`${entry.text}\` includes this kustomization again (a cycle); kustomize cannot build it.`,
        );
      } else if (s === undefined) {
        state.set(r.k, 'active');
        stack.push(frame(r.k));
      }
    }
  }
  return cyclic;
}

/** The chain of an item no kustomization has transformed yet; shared, so extensions are shared too. */
const NO_CHAIN: readonly Kustomization[] = [];

/** What accumulates: the environment's output objects themselves, their chains extended in place. */
type Item = IncludedFile | GeneratedItem | ChartItem | UnknownItem;

class EnvironmentBuilder {
  private readonly kustomizations = new Set<string>();
  private readonly gaps: EnvironmentGap[] = [];
  private readonly gapKeys = new Set<string>();
  private steps = 0;

  constructor(
    private readonly root: Kustomization,
    private readonly resolutions: Map<PathEntry, Resolution>,
    private readonly cyclic: Set<PathEntry>,
    private readonly problems: ProblemSink,
  ) {}

  build(): Environment {
    const items = this.accumulate(this.root, [], [this.root]);
    const env: Environment = {
      id: this.root.fileId,
      root: this.root,
      kustomizations: [...this.kustomizations],
      files: [],
      generated: [],
      charts: [],
      unknown: [],
      gaps: this.gaps,
    };
    for (const item of items) {
      if ('fileId' in item) env.files.push(item);
      else if ('generator' in item) env.generated.push(item);
      else if ('entry' in item) {
        const namespace = outermostNamespace(item.chain);
        if (namespace !== undefined) item.namespace = namespace;
        env.unknown.push(item);
      } else {
        const namespace = outermostNamespace(item.chain) ?? item.releaseNamespace;
        if (namespace !== undefined) item.namespace = namespace;
        env.charts.push(item);
      }
    }
    env.files = this.withoutDuplicates(env.files);
    return env;
  }

  /**
   * A file built twice through the same transforms makes the same objects twice, which kustomize
   * rejects; built through different ones (a base under two overlays with different namespaces,
   * both in one root) it makes different objects, and both stay.
   */
  private withoutDuplicates(files: IncludedFile[]): IncludedFile[] {
    const seen = new Map<string, IncludedFile | IncludedFile[]>();
    const kept: IncludedFile[] = [];
    for (const f of files) {
      const earlier = seen.get(f.fileId);
      if (!earlier) {
        seen.set(f.fileId, f);
        kept.push(f);
        continue;
      }
      const list = Array.isArray(earlier) ? earlier : [earlier];
      if (list.some((e) => sameChain(e.chain, f.chain))) {
        this.problems.add(
          f.listedBy,
          f.entry.span,
          `\`${f.entry.text}\` is built twice with the same transforms in \`${this.root.fileId}\`; kustomize rejects objects added twice.`,
        );
        this.gap('error', f.listedBy, f.entry.span);
        continue;
      }
      list.push(f);
      seen.set(f.fileId, list);
      kept.push(f);
    }
    return kept;
  }

  private gap(kind: GapKind, fileId: string, span: Span): void {
    const key = `${kind}:${fileId}:${span.start}:${span.end}`;
    if (this.gapKeys.has(key)) return;
    this.gapKeys.add(key);
    this.gaps.push({ kind, fileId, span });
  }

  /**
   * kustomize's accumulateTarget: `acc` is empty for a kustomization, the includer's for a
   * component. `path` holds the kustomizations being accumulated (cycles are cut before, this
   * only bounds the nesting).
   */
  private accumulate(k: Kustomization, acc: Item[], path: Kustomization[]): Item[] {
    this.kustomizations.add(k.fileId);
    for (const p of k.problems)
      if (p.code === 'KustomizeError' || p.code === 'InvalidField' || p.code === 'YAMLSyntax')
        this.gap('error', k.fileId, p.span);
    for (const u of k.unmodelled) this.gap('notModelled', k.fileId, u.span);
    for (const entry of k.resources) {
      const sub = this.follow(k, entry, path);
      if (sub === 'file') {
        const id = (this.resolutions.get(entry) as { id: string }).id;
        acc.push({ fileId: id, listedBy: k.fileId, entry, chain: NO_CHAIN });
      } else if (sub === undefined) {
        const kind = this.resolutions.get(entry)?.kind;
        if (kind === 'remote' || kind === 'notInWorkspace') acc.push({ kustomization: k, entry, chain: NO_CHAIN });
      } else if (sub) {
        path.push(sub);
        for (const item of this.accumulate(sub, [], path)) acc.push(item);
        path.pop();
      }
    }
    for (const generator of k.generators)
      if (generator.behavior === 'create' && generator.name) acc.push({ kustomization: k, generator, chain: NO_CHAIN });
    for (const chart of k.helmCharts) {
      this.gap('helmChart', k.fileId, chart.span);
      const releaseNamespace = chart.namespace?.value ?? k.namespace?.value;
      const item: ChartItem = { kustomization: k, chart, chain: NO_CHAIN };
      if (releaseNamespace !== undefined) item.releaseNamespace = releaseNamespace;
      acc.push(item);
    }
    for (const entry of k.components) {
      const sub = this.follow(k, entry, path);
      if (sub && sub !== 'file') {
        path.push(sub);
        acc = this.accumulate(sub, acc, path);
        path.pop();
      }
    }
    if (transforms(k)) {
      const extended = new Map<readonly Kustomization[], readonly Kustomization[]>();
      for (const item of acc) {
        let chain = extended.get(item.chain);
        if (!chain) extended.set(item.chain, (chain = [...item.chain, k]));
        item.chain = chain;
      }
    }
    return acc;
  }

  /** The kustomization an entry includes ('file' for a file), or undefined when it adds nothing known. */
  private follow(k: Kustomization, entry: PathEntry, path: Kustomization[]): Kustomization | 'file' | undefined {
    if (++this.steps > MAX_STEPS) {
      this.gap('error', k.fileId, entry.span);
      return undefined;
    }
    const r = this.resolutions.get(entry);
    if (!r) return undefined;
    switch (r.kind) {
      case 'file':
        return 'file';
      case 'remote':
        this.gap('remote', k.fileId, entry.span);
        return undefined;
      case 'notInWorkspace':
        this.gap('notInWorkspace', k.fileId, entry.span);
        return undefined;
      case 'error':
        this.gap('error', k.fileId, entry.span);
        return undefined;
    }
    if (this.cyclic.has(entry)) {
      this.gap('error', k.fileId, entry.span);
      return undefined;
    }
    if (path.length >= MAX_NESTING) {
      this.problems.add(
        k.fileId,
        entry.span,
        `Kustomizations nest more than ${MAX_NESTING} deep here; the rest is not followed.`,
      );
      this.gap('error', k.fileId, entry.span);
      return undefined;
    }
    return r.k;
  }
}

/** Whether two chains hold the same kustomizations in the same order. */
function sameChain(a: readonly Kustomization[], b: readonly Kustomization[]): boolean {
  return a === b || (a.length === b.length && a.every((k, i) => k === b[i]));
}

function outermostNamespace(chain: readonly Kustomization[]): string | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const ns = chain[i]!.namespace;
    if (ns) return ns.value;
  }
  return undefined;
}

/**
 * Files whose environments or transforms differ between two results: their membership changed,
 * the chain or listing entry of one of their occurrences changed, or their chain holds a
 * kustomization in `changedKustomizations` (whose transforms may have changed in place); and
 * patch files whose uses changed or belong to a changed kustomization. Linear in the occurrences;
 * nothing is allocated per occurrence but its place in a list.
 */
export function changedFiles(
  previous: Environments | undefined,
  next: Environments,
  changedKustomizations: ReadonlySet<string>,
): Set<string> {
  const changed = new Set<string>();
  const occurrences = (envs: Environments | undefined) => {
    const out = new Map<string, { env: string; file: IncludedFile }[]>();
    if (!envs) return out;
    for (const env of envs.environments)
      for (const file of env.files) {
        if (changedKustomizations.has(file.listedBy) || file.chain.some((k) => changedKustomizations.has(k.fileId)))
          changed.add(file.fileId);
        pushTo(out, file.fileId, { env: env.id, file });
      }
    for (const [fileId, uses] of envs.patchFiles)
      if (uses.some((u) => changedKustomizations.has(u.kustomization))) changed.add(fileId);
    return out;
  };
  const sameOccurrence = (a: { env: string; file: IncludedFile }, b: { env: string; file: IncludedFile }) =>
    a.env === b.env &&
    a.file.listedBy === b.file.listedBy &&
    a.file.entry.span.start === b.file.entry.span.start &&
    a.file.chain.length === b.file.chain.length &&
    a.file.chain.every((k, i) => k.fileId === b.file.chain[i]!.fileId);
  const samePatchUse = (a: PatchUse, b: PatchUse) =>
    a.kustomization === b.kustomization && a.entry.span.start === b.entry.span.start;
  const before = occurrences(previous);
  const after = occurrences(next);
  for (const [fileId, list] of after) {
    const old = before.get(fileId);
    if (!old || old.length !== list.length || old.some((o, i) => !sameOccurrence(o, list[i]!))) changed.add(fileId);
  }
  for (const fileId of before.keys()) if (!after.has(fileId)) changed.add(fileId);
  const beforePatches = previous?.patchFiles ?? new Map<string, PatchUse[]>();
  for (const [fileId, uses] of next.patchFiles) {
    const old = beforePatches.get(fileId);
    if (!old || old.length !== uses.length || old.some((u, i) => !samePatchUse(u, uses[i]!))) changed.add(fileId);
  }
  for (const fileId of beforePatches.keys()) if (!next.patchFiles.has(fileId)) changed.add(fileId);
  return changed;
}
