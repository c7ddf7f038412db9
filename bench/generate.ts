// Generates a benchmark workspace: builds the world model (world.ts), derives the known answer
// from it (expect.ts), renders the YAML (render.ts), and picks the edit scenarios and hover probes
// the language-server measurements use — each edit with the files whose diagnostics it must change,
// also derived from the model. Workspaces go to the OS temp directory, cached by size and generator
// version and checked against a content hash on reuse; nothing is ever written into the repository.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Counts, Expected } from './expect.js';
import { changedFiles, evaluate } from './expect.js';
import { Prng } from './prng.js';
import type { Rendered } from './render.js';
import { renderWorld } from './render.js';
import type { SizeName, World } from './world.js';
import { buildWorld, PLATFORM_NS, SIZES } from './world.js';

/** Bump whenever generated files or expectations change, so that results (and cached workspace
 * folders) of different generators are told apart. Staleness is detected without it: see
 * `ensureWorkspace`. */
export const GENERATOR_VERSION = 5;

export type EditType = 'route' | 'grant' | 'namespace';

/** One line replaced by another; applying `after` breaks, restoring `before` fixes. */
export interface EditScenario {
  type: EditType;
  description: string;
  file: string;
  line: number;
  before: string;
  after: string;
  /** Files whose diagnostic codes the edit changes: codes before (as generated) and after the edit. */
  changes: { file: string; before: Counts; after: Counts }[];
}

export interface Probe {
  file: string;
  line: number;
  character: number;
  element: 'parentRef' | 'backendRef';
}

export interface Manifest {
  generatorVersion: number;
  size: SizeName;
  seed: number;
  /** sha256 over every file's path and text, in path order. */
  contentHash: string;
  stats: {
    files: number;
    documents: number;
    bytes: number;
    clusters: number;
    tenants: number;
    backendNamespaces: number;
    gateways: number;
    services: number;
    referenceGrants: number;
    routes: number;
    routesByKind: Counts;
    /** Routes with a parent that is not Accepted=True, or with ResolvedRefs=False (expected). */
    brokenRoutes: number;
  };
  /** Deliberate breakage by construction kind (tenants or routes or grants affected). */
  broken: Counts;
  expected: Expected;
  edits: Record<EditType, EditScenario[]>;
  probes: Probe[];
  files: string[];
}

export interface Generated {
  world: World;
  rendered: Rendered;
  manifest: Manifest;
}

export function generate(size: SizeName): Generated {
  const world = buildWorld(size);
  const rendered = renderWorld(world);
  const expected = evaluate(world);
  const textOf = new Map(rendered.files.map((f) => [f.path, f.text]));
  const lineOf = (file: string, line: number) => textOf.get(file)!.split('\n')[line]!;
  const rng = new Prng(world.seed ^ 0x0ed1_75ed);

  const scenario = (
    type: EditType,
    description: string,
    mark: string,
    replace: (line: string) => string,
    mutate: () => () => void,
  ): EditScenario | undefined => {
    const m = rendered.marks.get(mark);
    if (!m) throw new Error(`generator bug: no mark ${mark}`);
    const before = lineOf(m.file, m.line);
    const after = replace(before);
    const undo = mutate();
    const broken = evaluate(world);
    undo();
    const changes = changedFiles(expected, broken);
    if (!changes.some((c) => c.file !== m.file)) return undefined; // must reach other files
    return { type, description, file: m.file, line: m.line, before, after, changes };
  };

  const edits: Record<EditType, EditScenario[]> = { route: [], grant: [], namespace: [] };
  // Route: rename the Service a solo-granted RequestMirror points at (route file + grant file).
  for (const r of world.routes) {
    const mirror = r.rules[0]?.mirror;
    if (!mirror || mirror.intent !== 'mirror-solo' || edits.route.length >= 5) continue;
    const s = scenario(
      'route',
      `${r.namespace}/${r.name}: mirror backendRef ${mirror.name} → ${mirror.name}-shadow`,
      `route:${r.id}:mirror`,
      (l) => l.replace(/name: (\S+)$/, 'name: $1-shadow'),
      () => {
        const old = mirror.name;
        mirror.name = `${old}-shadow`;
        return () => (mirror.name = old);
      },
    );
    if (s) edits.route.push(s);
  }
  // ReferenceGrant: offboard one tenant from a grant's `from` list.
  const fromEntries = rng.shuffle(
    world.grants
      .filter((g) => g.style !== 'stale' && g.style !== 'mirror')
      .flatMap((g) => g.from.map((f, i) => ({ g, f, i }))),
  );
  // HTTPRoute entries first: they are most of the references.
  const grantCandidates = [
    ...fromEntries.filter((c) => c.f.kind === 'HTTPRoute'),
    ...fromEntries.filter((c) => c.f.kind !== 'HTTPRoute'),
  ];
  for (const { g, f, i } of grantCandidates.slice(0, 60)) {
    if (edits.grant.length >= 5) break;
    const s = scenario(
      'grant',
      `${g.namespace}/${g.name}: from[${i}] ${f.kind} ${f.namespace} → ${f.namespace}-offboarded`,
      `grant:${g.id}:from:${i}`,
      (l) => l.replace(/namespace: (\S+)$/, 'namespace: $1-offboarded'),
      () => {
        const old = f.namespace;
        f.namespace = `${old}-offboarded`;
        return () => (f.namespace = old);
      },
    );
    if (s) edits.grant.push(s);
  }
  // Namespace: revoke the label the shared listeners select on.
  const nsCandidates = rng.shuffle(
    world.namespaces.filter(
      (n) => n.role === 'tenant' && n.file && n.labels.some(([k, v]) => k === 'gateway-access' && v === 'shared'),
    ),
  );
  for (const ns of nsCandidates.slice(0, 60)) {
    if (edits.namespace.length >= 5) break;
    const label = ns.labels.find(([k]) => k === 'gateway-access')!;
    const s = scenario(
      'namespace',
      `Namespace ${ns.name}: gateway-access shared → revoked`,
      `ns:${ns.name}:gateway-access`,
      (l) => l.replace(/gateway-access: shared$/, 'gateway-access: revoked'),
      () => {
        label[1] = 'revoked';
        return () => (label[1] = 'shared');
      },
    );
    if (s) edits.namespace.push(s);
  }
  // Sanity: the mutations were undone.
  if (JSON.stringify(evaluate(world)) !== JSON.stringify(expected))
    throw new Error('generator bug: an edit scenario did not restore the world');

  const probes: Probe[] = [];
  for (const r of rng.sample(
    world.routes.filter((x) => x.namespace !== PLATFORM_NS),
    200,
  )) {
    for (const element of ['parentRef', 'backendRef'] as const) {
      const m = rendered.marks.get(`route:${r.id}:${element === 'parentRef' ? 'parent' : 'backend'}`);
      if (m) probes.push({ file: m.file, line: m.line, character: m.character, element });
    }
  }

  const hash = createHash('sha256');
  let bytes = 0;
  for (const f of rendered.files) {
    hash.update(f.path).update('\0').update(f.text).update('\0');
    bytes += Buffer.byteLength(f.text);
  }
  const manifest: Manifest = {
    generatorVersion: GENERATOR_VERSION,
    size: world.size as SizeName,
    seed: world.seed,
    contentHash: hash.digest('hex'),
    stats: {
      files: rendered.files.length,
      documents: rendered.documents,
      bytes,
      clusters: world.clusters.length,
      tenants: world.tenants.length,
      backendNamespaces: world.clusters.reduce((s, c) => s + c.backendNamespaces.length, 0),
      gateways: world.gateways.length,
      services: world.services.length,
      referenceGrants: world.grants.length,
      routes: world.routes.length,
      routesByKind: expected.routesByKind,
      brokenRoutes: expected.brokenRoutes,
    },
    broken: world.broken,
    expected,
    edits,
    probes,
    files: rendered.files.map((f) => f.path),
  };
  return { world, rendered, manifest };
}

export function writeWorkspace(dir: string, rendered: Rendered): void {
  for (const f of rendered.files) {
    const full = path.join(dir, ...f.path.split('/'));
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, f.text);
  }
}

export function hashWorkspace(dir: string, files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const f of files)
    hash
      .update(f)
      .update('\0')
      .update(readFileSync(path.join(dir, ...f.split('/')), 'utf8'))
      .update('\0');
  return hash.digest('hex');
}

export function cacheRoot(): string {
  return path.join(os.tmpdir(), 'gateway-refs-bench');
}

export interface Workspace {
  /** The workspace folder (what the CLI checks and the server opens). */
  dir: string;
  manifest: Manifest;
  /** Reused from the cache rather than generated now. */
  cached: boolean;
  generateMs: number;
}

/** The workspace for `size`, from the cache when a valid one is there, generated otherwise. */
export function ensureWorkspace(size: SizeName, options: { regenerate?: boolean } = {}): Workspace {
  const base = path.join(cacheRoot(), `${size}-g${GENERATOR_VERSION}-s${SIZES[size].seed.toString(16)}`);
  const dir = path.join(base, 'workspace');
  const manifestFile = path.join(base, 'manifest.json');
  const start = performance.now();
  // Generating in memory takes seconds at most; it is the only sure way to know that a workspace on
  // disk is what this generator writes (a forgotten GENERATOR_VERSION bump cannot go unnoticed).
  const { rendered, manifest } = generate(size);
  if (!options.regenerate && existsSync(manifestFile)) {
    try {
      const onDisk = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
      if (onDisk.contentHash === manifest.contentHash && hashWorkspace(dir, manifest.files) === manifest.contentHash) {
        return { dir, manifest, cached: true, generateMs: performance.now() - start };
      }
    } catch {
      // Incomplete or modified: write it again.
    }
  }
  const tmp = `${base}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  writeWorkspace(path.join(tmp, 'workspace'), rendered);
  writeFileSync(path.join(tmp, 'manifest.json'), JSON.stringify(manifest));
  rmSync(base, { recursive: true, force: true });
  mkdirSync(path.dirname(base), { recursive: true });
  renameSync(tmp, base);
  return { dir, manifest, cached: false, generateMs: performance.now() - start };
}
