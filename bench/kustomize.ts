// Micro-benchmark of the static kustomize layer (`npm run bench:kustomize`): generated kustomize
// trees of 1,000 and 10,000 kustomizations, in memory, timed phase by phase — reading every
// kustomization into its model, computing the environments, comparing two results after one
// overlay changed (`changedFiles`), and building every object of every environment through its
// chain. A report, not a test: nothing here asserts a time. The cost should grow linearly: the
// per-kustomization figures of the two sizes should be close.
//
// The tree, per application: a base (two resource files, a ConfigMap generator), two overlays
// (staging and production: namespace, prefix, an inline JSON patch, a strategic-merge patch file,
// a component); ten shared components (a label, a JSON patch); clusters that aggregate 50
// overlays each, and a root per cluster. So about 3 kustomizations per application, and every
// base is built by two clusters' roots.

import { changedFiles, computeEnvironments } from '../server/src/core/index/environments.js';
import type { Kustomization, PatchEntry } from '../server/src/core/model/kustomization.js';
import { isKustomizationFile, readKustomization } from '../server/src/core/model/kustomization.js';
import { buildObject } from '../server/src/core/model/kustomizeBuild.js';
import type { PatchContent } from '../server/src/core/model/patches.js';
import { readPatchFile } from '../server/src/core/model/patches.js';
import { parseYaml } from '../server/src/core/syntax/fastPath.js';

const COMPONENTS = 10;
const OVERLAYS_PER_CLUSTER = 50;

function route(app: number): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: app-${app}
  labels:
    app: app-${app}
spec:
  parentRefs:
    - name: shared
      namespace: infra
  hostnames:
    - app-${app}.example.com
  rules:
    - backendRefs:
        - name: app-${app}
          port: 8080
`;
}

function service(app: number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: app-${app}
spec:
  ports:
    - name: http
      port: 8080
`;
}

/** A workspace of `target` kustomizations (approximately), as file id → text. */
function generate(target: number): Map<string, string> {
  const files = new Map<string, string>();
  const apps = Math.max(1, Math.floor((target - COMPONENTS) / 3.05));
  for (let c = 0; c < COMPONENTS; c++)
    files.set(
      `components/c${c}/kustomization.yaml`,
      `apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
labels:
  - pairs:
      component: c${c}
patches:
  - target:
      kind: HTTPRoute
    patch: |-
      - op: add
        path: /metadata/annotations
        value: {component: c${c}}
`,
    );
  const overlays: string[] = [];
  for (let a = 0; a < apps; a++) {
    files.set(
      `apps/app-${a}/base/kustomization.yaml`,
      `resources:
  - route.yaml
  - service.yaml
configMapGenerator:
  - name: app-${a}-settings
    literals: [mode=fast]
`,
    );
    files.set(`apps/app-${a}/base/route.yaml`, route(a));
    files.set(`apps/app-${a}/base/service.yaml`, service(a));
    for (const stage of ['staging', 'production']) {
      const dir = `apps/app-${a}/overlays/${stage}`;
      overlays.push(dir);
      files.set(
        `${dir}/kustomization.yaml`,
        `namespace: app-${a}-${stage}
namePrefix: ${stage}-
resources:
  - ../../base
components:
  - ../../../../components/c${a % COMPONENTS}
patches:
  - path: service-port.yaml
  - target:
      kind: HTTPRoute
      name: app-${a}
    patch: |-
      - op: replace
        path: /spec/hostnames/0
        value: app-${a}.${stage}.example.com
`,
      );
      files.set(
        `${dir}/service-port.yaml`,
        `apiVersion: v1
kind: Service
metadata:
  name: app-${a}
spec:
  ports:
    - name: metrics
      port: 9090
`,
      );
    }
  }
  // Clusters: each aggregates 50 overlays; every overlay is in two clusters, under two roots.
  const clusters = Math.max(1, Math.ceil(overlays.length / OVERLAYS_PER_CLUSTER));
  for (let c = 0; c < clusters; c++) {
    const members = overlays.slice(c * OVERLAYS_PER_CLUSTER, (c + 1) * OVERLAYS_PER_CLUSTER);
    for (const region of ['east', 'west'])
      files.set(
        `clusters/${region}-${c}/kustomization.yaml`,
        `resources:\n${members.map((m) => `  - ../../${m}`).join('\n')}\n`,
      );
  }
  return files;
}

interface Figures {
  kustomizations: number;
  files: number;
  environments: number;
  memberships: number;
  objects: number;
  readMs: number;
  environmentsMs: number;
  changedMs: number;
  changed: number;
  buildMs: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Median CPU time (user + system) of `runs` calls after a warm-up. CPU time rather than wall time:
 * the figures compare sizes, and a machine shared with other work stretches wall time unevenly.
 */
function time<T>(runs: number, f: () => T): { ms: number; result: T } {
  let result = f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    result = f();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  return { ms: median(times), result };
}

function measure(target: number, runs: number): Figures {
  const texts = generate(target);
  const ids = [...texts.keys()];
  const yamlIds = new Set(ids);
  const byFolder = new Map<string, string[]>();
  for (const id of ids) {
    const parts = id.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      const list = byFolder.get(folder);
      if (list) list.push(id);
      else byFolder.set(folder, [id]);
    }
  }
  const files = { exists: (id: string) => yamlIds.has(id), filesUnder: (folder: string) => byFolder.get(folder) ?? [] };
  const kustomizationIds = ids.filter(isKustomizationFile);
  const read = time(runs, () => kustomizationIds.map((id) => readKustomization(id, texts.get(id)!)));
  const models: Kustomization[] = read.result;
  const envs = time(runs, () => computeEnvironments(models, files));
  // One overlay gains a label: the files it builds change.
  const changedId = kustomizationIds.find((id) => id.includes('/overlays/staging/'))!;
  const changedModels = models.map((k) =>
    k.fileId === changedId ? readKustomization(changedId, `labels: [{pairs: {x: y}}]\n${texts.get(changedId)!}`) : k,
  );
  const after = computeEnvironments(changedModels, files);
  const changed = time(runs, () => changedFiles(envs.result, after, new Set([changedId])));
  // Building every object of every environment (what the analysis of all environments needs).
  const parsed = new Map<string, ReturnType<typeof parseYaml>>();
  const patches = new Map<string, PatchContent>();
  const lookup = (fileId: string, entry: PatchEntry) => {
    const key = `${fileId}|${entry.target ? 'targeted' : ''}`;
    let c = patches.get(key);
    if (!c)
      patches.set(key, (c = readPatchFile(texts.get(fileId) ?? '', entry.field, entry.target !== undefined).content));
    return c;
  };
  const build = time(runs, () => {
    let objects = 0;
    for (const env of envs.result.environments)
      for (const f of env.files) {
        let docs = parsed.get(f.fileId);
        if (!docs) parsed.set(f.fileId, (docs = parseYaml(texts.get(f.fileId)!)));
        for (const d of docs) if (d.root?.kind === 'map' && buildObject(d.root, f.chain, lookup).root) objects++;
      }
    return objects;
  });
  let memberships = 0;
  for (const list of envs.result.membership.values()) memberships += list.length;
  return {
    kustomizations: kustomizationIds.length,
    files: ids.length,
    environments: envs.result.environments.length,
    memberships,
    objects: build.result,
    readMs: read.ms,
    environmentsMs: envs.ms,
    changedMs: changed.ms,
    changed: changed.result.size,
    buildMs: build.ms,
  };
}

/** CPU time to allocate a million small objects: a yardstick for how fast this machine is right now. */
function calibration(runs: number): number {
  return time(runs, () => {
    const out: { i: number; s: string }[] = [];
    for (let i = 0; i < 1_000_000; i++) out.push({ i, s: `x${i}` });
    return out.length;
  }).ms;
}

function main(): void {
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
  const yardstick = calibration(runs);
  const rows = [1_000, 10_000].map((n) => measure(n, runs));
  const per = (ms: number, n: number) => ((ms / n) * 1000).toFixed(1);
  process.stdout.write(
    `kustomize layer: CPU time, median of ${runs} runs (Node ${process.version}; yardstick: a million small objects in ${yardstick.toFixed(0)} ms)\n\n` +
      '| kustomizations | files | environments | memberships | objects built | read models | environments | changedFiles (changed) | build all objects |\n' +
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n' +
      rows
        .map(
          (r) =>
            `| ${r.kustomizations} | ${r.files} | ${r.environments} | ${r.memberships} | ${r.objects} | ${r.readMs.toFixed(1)} ms (${per(r.readMs, r.kustomizations)} µs/k) | ${r.environmentsMs.toFixed(1)} ms (${per(r.environmentsMs, r.kustomizations)} µs/k) | ${r.changedMs.toFixed(1)} ms (${r.changed}) | ${r.buildMs.toFixed(1)} ms (${per(r.buildMs, r.objects)} µs/object) |`,
        )
        .join('\n') +
      '\n',
  );
}

main();
