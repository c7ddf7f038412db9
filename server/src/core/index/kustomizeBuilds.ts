// The host's view of the workspace's kustomize builds: the kustomization models of its files, the
// environments they make (index/environments.ts), and what summarising a file needs from them —
// the builds its objects are part of (each with its chain of kustomizations), the objects a
// kustomization makes (generators, Helm charts), patch files' contents, and a signature of all of
// that which a model keeps, so that a file is read again exactly when its builds change. Files
// used only as patches are patches, not objects. Environments are recomputed only when a
// kustomization, a patch file or a file a kustomization names appears, changes or goes, or when
// what Flux Kustomizations build or the paths Argo CD Applications deploy change.

import type { Environments, WorkspaceFiles } from './environments.js';
import { computeEnvironments, firstOf, isYamlName } from './environments.js';
import type { FileBuild, MadeInBuild } from '../model/summarize.js';
import type { Kustomization, PatchEntry } from '../model/kustomization.js';
import { isKustomizationFile } from '../model/kustomization.js';
import type { PatchContent } from '../model/patches.js';
import { readPatchFile } from '../model/patches.js';
import { summarizeChain } from '../model/kustomizeBuild.js';
import type { Problem } from '../model/resource.js';
import { pushTo } from '../multimap.js';
import { folderOf, joinFileId } from '../model/fileIds.js';
import type { FluxKustomization } from '../model/fluxKustomization.js';
import picomatch from 'picomatch';
import { fluxRootKustomization } from '../model/fluxKustomization.js';

/** What summarising one file needs from the builds. */
export interface FileBuildInputs {
  builds: FileBuild[];
  made: MadeInBuild[];
  /** The file is only read as a patch: it holds no objects of its own. */
  patchOnly: boolean;
  /**
   * The file sits beside a kustomization that does not name it: a build of that folder (`kubectl
   * apply -k`, Argo CD, Flux) leaves it out, so its objects are not deployed.
   */
  unlisted: boolean;
  /** With `unlisted`: the kustomization of the parent folder that leaves the file's whole folder out. */
  leftOutBy?: string;
  /**
   * A plain file in a subfolder without a kustomization below a kustomization's folder, which no
   * kustomization reads and no Flux Kustomization or Argo CD Application names: deployed by
   * nothing the workspace shows (an operator bundle beside the kustomization that installs it
   * from a chart, say), so its objects make no namespace look managed outside its folder.
   */
  unreached?: boolean;
  signature: string;
}

const PLAIN: FileBuildInputs = { builds: [], made: [], patchOnly: false, unlisted: false, signature: '' };
const UNLISTED: FileBuildInputs = { builds: [], made: [], patchOnly: false, unlisted: true, signature: 'unlisted' };
const UNREACHED: FileBuildInputs = { ...PLAIN, unreached: true, signature: 'unreached' };

export class KustomizeBuilds {
  private readonly kustomizations = new Map<string, Kustomization>();
  /** Text hashes of kustomization and patch files: they decide what a chain does. */
  private readonly hashes = new Map<string, string>();
  /** Texts of patch files, kept whatever the host keeps (they are small, and builds read them). */
  private readonly patchTexts = new Map<string, string>();
  private readonly patchContents = new Map<string, PatchContent>();
  private envs: Environments | undefined;
  private inputs = new Map<string, FileBuildInputs>();
  /** Ids kustomizations name: a file appearing or going there changes the environments. */
  private watched = new Set<string>();
  /** The watched ids the workspace holds. */
  private readonly present = new Set<string>();
  /** Watched ids naming neither a file nor a kustomization's folder: whether files lie under them matters. */
  private bareFolders = new Set<string>();
  /** Those of them that hold files. */
  private readonly presentFolders = new Set<string>();
  /** Flux Kustomizations by the file that defines them (see model/fluxKustomization.ts). */
  private readonly flux = new Map<string, readonly FluxKustomization[]>();
  /** The paths (globs included) Argo CD Applications and ApplicationSets deploy, by the file naming them. */
  private readonly argoPaths = new Map<string, { paths: string; matchers: ((folder: string) => boolean)[] }>();
  /** Folders whose own kustomization a Flux Kustomization builds as it is (no root is made for them), with the files defining those. */
  private fluxBuilt = new Map<string, string[]>();
  /** Folders Flux builds without a kustomization, and folders a Flux path may yet name; the manifests they build. */
  private fluxWatched = new Set<string>();
  private fluxFiles = new Set<string>();
  /** Ids of the kustomizations made for Flux builds (their hashes are this module's). */
  private fluxIds: string[] = [];
  /** Folders holding a kustomization, and the files kustomizations read as inputs (generator sources, values). */
  private kustomizationFolders = new Set<string>();
  /** The kustomization of each folder that holds one (the first by file id when a folder holds several). */
  private kustomizationIn = new Map<string, Kustomization>();
  /** Folders whose plain files nothing deploys, and folders whose plain files are plain (see unreachedFolder). */
  private readonly unreached = new Map<string, boolean>();
  private inputFiles = new Set<string>();
  /** Environments must be computed again before files are read. */
  dirty = false;
  /** Only Flux Kustomizations (or the files below their paths) changed since the last computation. */
  private fluxOnly = false;
  /** The Flux builds of the last computation, and its problems (a Flux change that builds the same reuses them). */
  private lastFlux: string | undefined;
  private lastProblems = new Map<string, Problem[]>();

  /** Whether environments exist at all (a workspace without kustomizations pays for nothing). */
  get active(): boolean {
    return this.kustomizations.size > 0 || this.envs !== undefined;
  }

  /**
   * Notes a file's new state: its kustomization (from its model) and its text (undefined when it is
   * deleted or not read). Marks the environments dirty when the change can alter them: a
   * kustomization or a patch file whose text changed, or a file a kustomization names that
   * appeared or went.
   */
  noteFile(
    fileId: string,
    kustomization: Kustomization | undefined,
    flux: readonly FluxKustomization[] | undefined,
    text: string | undefined,
  ): void {
    if (JSON.stringify(this.flux.get(fileId)) !== JSON.stringify(flux)) {
      if (flux) this.flux.set(fileId, flux);
      else this.flux.delete(fileId);
      this.markDirty(true);
    }
    // A manifest appearing in or leaving a folder a Flux Kustomization builds without a
    // kustomization (or may build, once it holds files) changes what that build holds.
    if (this.fluxWatched.size > 0 && isYamlName(fileId) && (text === undefined) === this.fluxFiles.has(fileId))
      for (let folder = folderOf(fileId); folder !== ''; folder = folderOf(folder))
        if (this.fluxWatched.has(folder)) this.markDirty(true);
    const argo = text === undefined ? undefined : argoDeployedPaths(text);
    const paths = argo && JSON.stringify(argo);
    if (paths !== this.argoPaths.get(fileId)?.paths) {
      if (argo) this.argoPaths.set(fileId, { paths: paths!, matchers: argo.map(pathMatcher) });
      else this.argoPaths.delete(fileId);
      this.markDirty();
    }
    const wasKustomization = this.kustomizations.has(fileId);
    if (kustomization) this.kustomizations.set(fileId, kustomization);
    else this.kustomizations.delete(fileId);
    if (kustomization || wasKustomization) {
      // Hashed only here: every other file's text is not this module's concern.
      const hash = text === undefined ? undefined : textHash(text);
      if (!kustomization || this.hashes.get(fileId) !== hash) this.markDirty();
      if (kustomization && hash !== undefined) this.hashes.set(fileId, hash);
      else this.hashes.delete(fileId);
    }
    if (this.isPatchFile(fileId)) this.setPatchText(fileId, text);
    if (this.watched.has(fileId) && (text === undefined) === this.present.has(fileId)) {
      if (text === undefined) this.present.delete(fileId);
      else this.present.add(fileId);
      this.markDirty();
    }
    // A file appearing under a watched folder that held none makes the folder exist; one going may
    // empty it (checked at the next computation, which is rare: deletions are).
    if (this.bareFolders.size > 0)
      for (let folder = folderOf(fileId); folder !== ''; folder = folderOf(folder)) {
        if (!this.bareFolders.has(folder)) continue;
        if (text === undefined || !this.presentFolders.has(folder)) this.markDirty();
      }
  }

  private markDirty(byFlux = false): void {
    this.fluxOnly = byFlux && (!this.dirty || this.fluxOnly);
    this.dirty = true;
  }

  /** What git ignores changed (a `.gitignore` file): entries the workspace lacks may read otherwise. */
  ignoredPathsChanged(): void {
    if (this.kustomizations.size > 0) this.markDirty();
  }

  /** Holds a patch file's text (undefined: gone or unread); a changed text changes the builds that read it. */
  setPatchText(fileId: string, text: string | undefined): void {
    const hash = text === undefined ? undefined : textHash(text);
    if (this.hashes.get(fileId) === hash && (text === undefined || this.patchTexts.has(fileId))) return;
    if (hash === undefined) this.hashes.delete(fileId);
    else this.hashes.set(fileId, hash);
    if (text === undefined) this.patchTexts.delete(fileId);
    else this.patchTexts.set(fileId, text);
    for (const key of [...this.patchContents.keys()]) if (key.startsWith(`${fileId}|`)) this.patchContents.delete(key);
    this.markDirty();
  }

  /** Computes the environments again from every kustomization, seeing files through `files`. */
  recompute(files: WorkspaceFiles): Map<string, Problem[]> {
    this.dirty = false;
    this.kustomizationFolders = new Set([...this.kustomizations.values()].map((k) => k.folder));
    this.kustomizationIn = new Map();
    for (const k of [...this.kustomizations.values()].sort((a, b) => (a.fileId < b.fileId ? -1 : 1)))
      if (!this.kustomizationIn.has(k.folder)) this.kustomizationIn.set(k.folder, k);
    this.unreached.clear();
    this.inputFiles = new Set([...this.kustomizations.values()].flatMap((k) => k.inputs.map((i) => i.fileId)));
    const flux = this.fluxKustomizations(files);
    const fluxOnly = this.fluxOnly;
    this.fluxOnly = false;
    // A Flux Kustomization read that builds nothing new (a cluster sync of a folder's
    // kustomization) leaves the environments as they are: computing them again costs a pass over
    // every kustomization for each Flux file.
    if (fluxOnly && this.fluxKey(flux) === this.lastFlux) return this.lastProblems;
    this.lastFlux = undefined;
    if (this.kustomizations.size === 0 && flux.length === 0) {
      this.envs = undefined;
      this.inputs = new Map();
      this.watched = new Set();
      this.bareFolders = new Set();
      return (this.lastProblems = new Map<string, Problem[]>());
    }
    const watched = new Set<string>();
    for (const k of this.kustomizations.values()) {
      for (const e of [...k.resources, ...k.components]) if (e.target.kind === 'local') watched.add(e.target.id);
      for (const p of k.patches) if (p.source.kind === 'file') watched.add(p.source.fileId);
    }
    this.watched = watched;
    const envs = computeEnvironments([...this.kustomizations.values(), ...flux], files, {
      fluxAsIs: this.fluxBuilt,
      argo: (folder) => this.argoDeploys(folder),
      unlisted: (fileId) => this.besideUnlisted(fileId),
    });
    this.envs = envs;
    for (const id of [...this.present]) if (!watched.has(id)) this.present.delete(id);
    for (const id of watched) if (files.exists(id)) this.present.add(id);
    // Only entries naming neither a file nor a kustomization's folder are looked for as folders (rare).
    const built = this.kustomizationFolders;
    this.bareFolders = new Set([...watched].filter((id) => !this.present.has(id) && !built.has(id)));
    this.presentFolders.clear();
    for (const id of this.bareFolders) if (firstOf(files.filesUnder(id)) !== undefined) this.presentFolders.add(id);
    const byFile = new Map<string, FileBuild[]>();
    const made = new Map<string, MadeInBuild[]>();
    for (const env of envs.environments) {
      const seen = new Map<string, number>();
      for (const f of env.files) {
        const occurrence = seen.get(f.fileId) ?? 0;
        seen.set(f.fileId, occurrence + 1);
        const build: FileBuild = {
          env: occurrence === 0 ? env.id : `${env.id}~${occurrence}`,
          chain: f.chain,
          identity: isIdentity(f.chain),
        };
        pushTo(byFile, f.fileId, build);
      }
      for (const g of env.generated)
        pushTo(made, g.kustomization.fileId, { env: env.id, chain: g.chain, generator: g.generator });
      for (const c of env.charts)
        pushTo(made, c.kustomization.fileId, {
          env: env.id,
          chart: c.chart,
          ...(c.namespace !== undefined ? { namespace: c.namespace } : {}),
        });
      for (const u of env.unknown)
        if (u.namespace !== undefined)
          pushTo(made, u.kustomization.fileId, { env: env.id, unknown: u.entry, namespace: u.namespace });
    }
    const inputs = new Map<string, FileBuildInputs>();
    for (const fileId of new Set([...byFile.keys(), ...made.keys(), ...envs.patchFiles.keys()])) {
      const builds = byFile.get(fileId) ?? [];
      const madeHere = made.get(fileId) ?? [];
      const patchOnly = builds.length === 0 && envs.patchFiles.has(fileId);
      const signature = this.signature(builds, madeHere, patchOnly);
      inputs.set(fileId, { builds, made: madeHere, patchOnly, unlisted: false, signature });
    }
    for (const [fileId, by] of envs.leftOut)
      if (!inputs.has(fileId) && !isKustomizationFile(fileId))
        inputs.set(fileId, { ...UNLISTED, leftOutBy: by, signature: `unlisted:${by}` });
    this.inputs = inputs;
    this.lastFlux = this.fluxKey(flux);
    return (this.lastProblems = envs.problems);
  }

  /**
   * What of the Flux builds decides the environments: the roots made for them, and the Flux
   * Kustomizations that build a folder as it is where that changes the result — folders that
   * would otherwise be left out, whose builds read outside a folder, or that a Flux Kustomization
   * no build deploys builds, and any in a file no build deploys (those depend on the
   * kustomizations, and on these, only, so the last computation's stand for a Flux-only change).
   */
  private fluxKey(flux: readonly Kustomization[]): string {
    const excused: string[] = [];
    for (const [folder, fileIds] of this.fluxBuilt)
      for (const fileId of fileIds)
        if (this.envs?.fluxSensitiveFolders.has(folder) || this.inputsFor(fileId).unlisted)
          excused.push(`${folder}<${fileId}`);
    return [...flux.map((k) => `${k.fileId}=${this.hashes.get(k.fileId)}`), ...excused.sort()].join('|');
  }

  /**
   * The kustomizations the Flux Kustomizations build: each on the first folder its path names,
   * from its own file's folder upwards, that holds files (the path is relative to the repository's
   * root); with that folder's kustomization, else — as Flux generates one — with every manifest
   * below it, a subfolder with a kustomization of its own taking the place of its files.
   */
  private fluxKustomizations(files: WorkspaceFiles): Kustomization[] {
    for (const id of this.fluxIds) this.hashes.delete(id);
    this.fluxIds = [];
    this.fluxWatched = new Set();
    this.fluxFiles = new Set();
    this.fluxBuilt = new Map();
    const out: Kustomization[] = [];
    for (const [fileId, list] of this.flux)
      for (const f of list) {
        let folder: string | undefined;
        for (let from = folderOf(fileId); ; from = folderOf(from)) {
          const candidate = joinFileId(from, f.path.value);
          if (firstOf(files.filesUnder(candidate)) !== undefined) {
            folder = candidate;
            break;
          }
          this.fluxWatched.add(candidate);
          if (from === '') break;
        }
        if (folder === undefined) continue;
        let resources: { id: string }[];
        if (this.kustomizationFolders.has(folder)) {
          // Building a folder's kustomization and changing nothing: that kustomization stands for
          // the Flux build already (the usual cluster sync), and a root in its place would only
          // rename the environment, so that every file it builds is read again.
          if (!f.targetNamespace && !f.namePrefix && !f.nameSuffix) {
            pushTo(this.fluxBuilt, folder, fileId);
            continue;
          }
          resources = [{ id: folder }];
        } else {
          this.fluxWatched.add(folder);
          const entries = new Set<string>();
          for (const id of files.filesUnder(folder)) {
            if (!isYamlName(id)) continue;
            let entry = id;
            for (let sub = folderOf(id); sub.length > folder.length; sub = folderOf(sub))
              if (this.kustomizationFolders.has(sub)) entry = sub;
            if (entry === id) this.fluxFiles.add(id);
            entries.add(entry);
          }
          resources = [...entries].sort().map((id) => ({ id }));
        }
        const k = fluxRootKustomization(fileId, f, folder, resources);
        this.hashes.set(k.fileId, textHash(JSON.stringify([f, folder, resources])));
        this.fluxIds.push(k.fileId);
        out.push(k);
      }
    return out;
  }

  /** What summarising `fileId` needs from the builds. */
  inputsFor(fileId: string): FileBuildInputs {
    const inputs = this.inputs.get(fileId);
    if (inputs) return inputs;
    if (this.besideUnlisted(fileId)) return UNLISTED;
    return this.unreachedFolder(folderOf(fileId)) ? UNREACHED : PLAIN;
  }

  /**
   * Whether files of a folder without a kustomization, in no build, are deployed by nothing the
   * workspace shows: the nearest folder above it with a kustomization has one that builds
   * something (not a Component), and no Argo CD Application names a folder on the way.
   * Memoised per folder until the next computation.
   */
  private unreachedFolder(folder: string): boolean {
    const known = this.unreached.get(folder);
    if (known !== undefined) return known;
    let answer = false;
    if (!this.kustomizationFolders.has(folder) && !this.argoDeploys(folder)) {
      const parent = folderOf(folder);
      if (parent !== folder) {
        const k = this.kustomizationIn.get(parent);
        answer = k ? k.kind !== 'Component' : this.unreachedFolder(parent);
      }
    }
    this.unreached.set(folder, answer);
    return answer;
  }

  private argoDeploys(folder: string): boolean {
    for (const a of this.argoPaths.values()) if (a.matchers.some((m) => m(folder))) return true;
    return false;
  }

  /** The file sits beside a kustomization and no kustomization names it (as an entry, a patch or an input). */
  private besideUnlisted(fileId: string): boolean {
    // Named by a kustomization no build uses (a Component nothing includes): a plain file still.
    const beside = this.kustomizationFolders.has(folderOf(fileId)) && !this.watched.has(fileId);
    return beside && !isKustomizationFile(fileId) && !this.inputFiles.has(fileId);
  }

  /** The content of a patch file, as the entry's field reads it; undefined when its text is not held. */
  readonly patchFile = (fileId: string, entry: PatchEntry): PatchContent | undefined => {
    const key = `${fileId}|${entry.field}|${entry.target ? 'targeted' : ''}`;
    let content = this.patchContents.get(key);
    if (content) return content;
    const text = this.patchTexts.get(fileId);
    if (text === undefined) return undefined;
    content = readPatchFile(text, entry.field, entry.target !== undefined).content;
    this.patchContents.set(key, content);
    return content;
  };

  /** Whether a file is read as a patch by some kustomization. */
  isPatchFile(fileId: string): boolean {
    return this.envs?.patchFiles.has(fileId) ?? false;
  }

  /** Patch files some kustomization reads whose text is not held. */
  missingPatchFiles(): string[] {
    return [...(this.envs?.patchFiles.keys() ?? [])].filter((id) => !this.patchTexts.has(id));
  }

  private signature(builds: readonly FileBuild[], made: readonly MadeInBuild[], patchOnly: boolean): string {
    const chain = (ks: readonly Kustomization[]) =>
      ks
        .map((k) => {
          const patches = k.patches.flatMap((p) =>
            p.source.kind === 'file' ? [`${p.source.fileId}=${this.hashes.get(p.source.fileId) ?? '?'}`] : [],
          );
          return `${k.fileId}=${this.hashes.get(k.fileId) ?? '?'}${patches.length > 0 ? `[${patches.join(',')}]` : ''}`;
        })
        .join('>');
    const parts = builds.map((b) => `${b.env}${b.identity ? '=' : ':'}${chain(b.chain)}`);
    for (const m of made)
      parts.push(
        'generator' in m
          ? `${m.env}+${m.generator.span.start}:${chain(m.chain)}`
          : 'chart' in m
            ? `${m.env}^${m.chart.span.start}@${m.namespace ?? ''}`
            : `${m.env}?${m.unknown.span.start}@${m.namespace}`,
      );
    if (patchOnly) parts.push('patch');
    return parts.join(';');
  }
}

/** A chain that only annotates: the fields the analysis reads stay as written, so nothing is built. */
function isIdentity(chain: readonly Kustomization[]): boolean {
  if (chain.length === 0) return true;
  const s = summarizeChain(chain);
  return (
    s.namespace === undefined &&
    s.namePrefix === '' &&
    s.nameSuffix === '' &&
    s.labels.size === 0 &&
    s.patches.length === 0 &&
    s.unmodelled.length === 0
  );
}

/** FNV-1a over the text: a change detector for small files, not a cryptographic hash. */
function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${text.length.toString(36)}.${(h >>> 0).toString(36)}`;
}

/** Longer repository paths are not globbed: picomatch refuses patterns over 64 KiB, and no real path is near this. */
const MAX_PATH_CHARS = 4096;

/**
 * The `path`s an Argo CD Application or ApplicationSet in `text` deploys (`spec.source.path`,
 * `spec.sources[].path`, a git generator's `directories`/`files` paths), read from the text: an
 * ApplicationSet's templates are not YAML the analysis reads as objects. Undefined for a file that
 * holds none.
 */
function argoDeployedPaths(text: string): string[] | undefined {
  if (!text.includes('argoproj.io') || !/^kind:\s*(Application|ApplicationSet)\s*$/m.test(text)) return undefined;
  const paths: string[] = [];
  for (const m of text.matchAll(/^[ \t-]*path:[ \t]*["']?([^"'\s#]+)/gm)) {
    const p = m[1]!.replace(/^(\.?\/)+/, '').replace(/\/+$/, '');
    if (p !== '' && p !== '.' && !p.includes('{{')) paths.push(p);
  }
  return paths;
}

/**
 * Whether a folder id is the folder a repository path (relative to the repository's root, which the
 * analysis does not know; globs allowed) names: the id's last segments match it.
 */
function pathMatcher(repoPath: string): (folder: string) => boolean {
  const n = repoPath.split('/').length;
  let isMatch: (s: string) => boolean;
  try {
    // A path no folder name could be (too long for a glob, or not one) matches nothing.
    isMatch = repoPath.length <= MAX_PATH_CHARS ? picomatch(repoPath, { dot: true }) : () => false;
  } catch {
    isMatch = () => false;
  }
  return (folder) => {
    const segments = folder.split('/');
    return segments.length >= n && isMatch(segments.slice(-n).join('/'));
  };
}
