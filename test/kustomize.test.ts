// The static kustomize layer of the core: file ids (fileIds.ts), kustomization models
// (kustomization.ts), patches and their targets (patches.ts, patchTargets.ts), one object built
// through a chain (kustomizeBuild.ts) and the environments of a workspace (index/environments.ts),
// each unit by unit; then every workspace under test/kustomize/ read statically and compared with
// what `kubectl kustomize` builds from it (skipped, visibly, where kubectl is not installed).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { baseNameOf, folderOf, isWithin, joinFileId } from '../server/src/core/model/fileIds.js';
import type { Kustomization, PatchEntry } from '../server/src/core/model/kustomization.js';
import { isKustomizationFile, isRemotePath, readKustomization } from '../server/src/core/model/kustomization.js';
import type { PatchContent, PatchField } from '../server/src/core/model/patches.js';
import { applyJson6902, applyStrategicMerge, readPatchFile, sameValue } from '../server/src/core/model/patches.js';
import {
  compilePattern,
  compileTarget,
  effectiveNamespace,
  parseSelector,
  targetSelects,
} from '../server/src/core/model/patchTargets.js';
import { buildObject, generatedObject, summarizeChain } from '../server/src/core/model/kustomizeBuild.js';
import type { Environments, WorkspaceFiles } from '../server/src/core/index/environments.js';
import { changedFiles, computeEnvironments } from '../server/src/core/index/environments.js';
import { parseYaml } from '../server/src/core/syntax/fastPath.js';
import type { YMap, YNode } from '../server/src/core/syntax/tree.js';
import { repoRoot } from './harness/paths.js';

// ---------------------------------------------------------------------------------------------
// Helpers

/** A YAML document's root mapping. */
function doc(text: string): YMap {
  const root = parseYaml(text)[0]?.root;
  assert.ok(root?.kind === 'map', `not a mapping: ${text}`);
  return root;
}

type Plain = string | number | boolean | null | undefined | Plain[] | { [key: string]: Plain };

/** A tree as plain data (what the tests compare). */
function plain(node: YNode | undefined): Plain {
  if (!node) return undefined;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plain);
  return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
}

/** The value at a path of plain data (undefined where the path leaves it). */
function at(value: Plain, ...path: string[]): Plain {
  let v = value;
  for (const key of path) v = v !== null && typeof v === 'object' && !Array.isArray(v) ? v[key] : undefined;
  return v;
}

/** A value as text (strings as they are). */
function str(value: Plain): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

function list(value: Plain): Plain[] {
  return Array.isArray(value) ? value : [];
}

/** Every span of a tree (keys included). */
function spans(node: YNode): { start: number; end: number }[] {
  const out = [node.span];
  if (node.kind === 'map') for (const e of node.entries) out.push(e.keySpan, ...spans(e.value));
  if (node.kind === 'seq') for (const i of node.items) out.push(...spans(i));
  return out;
}

/** A workspace of texts: its kustomization models and the file lookup environments need. */
function workspace(files: Record<string, string>): {
  kustomizations: Kustomization[];
  files: WorkspaceFiles;
  texts: Map<string, string>;
  environments: () => Environments;
} {
  const texts = new Map(Object.entries(files));
  const kustomizations = [...texts]
    .filter(([id]) => isKustomizationFile(id))
    .map(([id, t]) => readKustomization(id, t));
  const lookup: WorkspaceFiles = {
    exists: (id) => texts.has(id),
    filesUnder: (folder) => [...texts.keys()].filter((id) => id.startsWith(folder + '/')),
  };
  return { kustomizations, files: lookup, texts, environments: () => computeEnvironments(kustomizations, lookup) };
}

function problemsOf(k: Kustomization): string[] {
  return k.problems.map((p) => `${p.code}: ${p.message}`);
}

function text(k: string, span: { start: number; end: number }): string {
  return k.slice(span.start, span.end);
}

// ---------------------------------------------------------------------------------------------

describe('file ids', () => {
  test('paths join relative to a folder, with `.` and `..` resolved', () => {
    assert.equal(joinFileId('apps/overlay', '../base'), 'apps/base');
    assert.equal(joinFileId('apps/overlay', './patch.yaml'), 'apps/overlay/patch.yaml');
    assert.equal(joinFileId('apps/overlay', '../../../up.yaml'), '../up.yaml');
    assert.equal(joinFileId('', 'a//b/./c.yaml'), 'a/b/c.yaml');
    assert.equal(joinFileId('', '../x'), '../x');
    assert.equal(joinFileId('/repo/a', '../../../b'), '/b');
    assert.equal(joinFileId('/repo/a', '/abs/c.yaml'), '/abs/c.yaml');
  });

  test('URIs keep their scheme and authority, never climb above the root, and encode new segments as vscode-uri does', () => {
    assert.equal(joinFileId('file:///repo/apps/overlay', '../base'), 'file:///repo/apps/base');
    assert.equal(joinFileId('file:///repo', '../../x.yaml'), 'file:///x.yaml');
    assert.equal(joinFileId('file:///repo', 'my dir/é.yaml'), 'file:///repo/my%20dir/%C3%A9.yaml');
    assert.equal(joinFileId('file:///repo/a%20b', 'c'), 'file:///repo/a%20b/c');
    assert.equal(joinFileId('vscode-vfs://github/org/repo/k', '../b'), 'vscode-vfs://github/org/repo/b');
  });

  test('folders, base names and containment', () => {
    assert.equal(folderOf('a/b/c.yaml'), 'a/b');
    assert.equal(folderOf('c.yaml'), '');
    assert.equal(baseNameOf('file:///a/kustomization.yaml'), 'kustomization.yaml');
    assert.ok(isWithin('a/b/c.yaml', 'a'));
    assert.ok(!isWithin('ab/c.yaml', 'a'));
    assert.ok(isWithin('c.yaml', ''));
    assert.ok(!isWithin('../c.yaml', ''));
    assert.ok(!isWithin('file:///c.yaml', ''));
  });
});

describe('kustomization model', () => {
  test('recognised file names', () => {
    for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization'])
      assert.ok(isKustomizationFile(`a/${name}`), name);
    assert.ok(!isKustomizationFile('a/kustomization.json'));
    assert.ok(!isKustomizationFile('a/my-kustomization.yaml'));
  });

  test('every field is read with its span; paths resolve against the folder; bases follow resources', () => {
    const t = [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'namespace: prod',
      'namePrefix: p-',
      'nameSuffix: -s',
      'bases: [../legacy]',
      'resources:',
      '  - ../base',
      '  - route.yaml',
      '  - https://github.com/org/repo//deploy?ref=v1',
      '  - github.com/org/repo/deploy',
      'components: [../components/tls]',
      'labels:',
      '  - pairs: {team: blue}',
      '    includeSelectors: true',
      'commonLabels: {env: prod}',
      'commonAnnotations: {note: x}',
      'helmCharts:',
      '  - name: ingress',
      '    releaseName: edge',
      '    valuesFile: values.yaml',
      '    additionalValuesFiles: [more.yaml]',
      'configMapGenerator:',
      '  - name: settings',
      '    literals: [a=b]',
      '    files: [key=ca.crt, other.txt]',
      '    envs: [x.env]',
      'secretGenerator:',
      '  - name: tls',
      '    type: kubernetes.io/tls',
      '    options: {disableNameSuffixHash: true}',
      'generatorOptions:',
      '  labels: {generated: "yes"}',
      'replacements:',
      '  - path: r.yaml',
      'configurations: [conf.yaml]',
      '',
    ].join('\n');
    const k = readKustomization('apps/overlay/kustomization.yaml', t);
    assert.deepEqual(
      problemsOf(k).filter((p) => !p.startsWith('KustomizeRemote') && !p.startsWith('KustomizeNotModelled')),
      [],
    );
    assert.equal(k.kind, 'Kustomization');
    assert.equal(k.folder, 'apps/overlay');
    assert.deepEqual(
      k.resources.map((r) => [r.field, r.target]),
      [
        ['resources', { kind: 'local', id: 'apps/base' }],
        ['resources', { kind: 'local', id: 'apps/overlay/route.yaml' }],
        ['resources', { kind: 'remote', url: 'https://github.com/org/repo//deploy?ref=v1' }],
        ['resources', { kind: 'remote', url: 'github.com/org/repo/deploy' }],
        ['bases', { kind: 'local', id: 'apps/legacy' }],
      ],
    );
    assert.equal(text(t, k.resources[1]!.span), 'route.yaml');
    assert.deepEqual(
      k.components.map((c) => c.target),
      [{ kind: 'local', id: 'apps/components/tls' }],
    );
    assert.equal(k.namespace?.value, 'prod');
    assert.equal(text(t, k.namespace.span), 'prod');
    assert.equal(k.namePrefix?.value, 'p-');
    assert.equal(k.nameSuffix?.value, '-s');
    assert.deepEqual(
      k.labels.map((l) => [l.field, l.pairs.map((p) => `${p.key}=${p.value}`), l.includeSelectors]),
      [
        ['labels', ['team=blue'], true],
        ['commonLabels', ['env=prod'], true],
      ],
    );
    assert.deepEqual(
      k.commonAnnotations?.pairs.map((p) => p.key),
      ['note'],
    );
    assert.equal(k.helmCharts[0]?.name?.value, 'ingress');
    assert.equal(k.helmCharts[0]?.chartFolder, 'apps/overlay/charts/ingress');
    assert.deepEqual(
      k.helmCharts[0]?.valuesFiles.map((v) => v.fileId),
      ['apps/overlay/values.yaml', 'apps/overlay/more.yaml'],
    );
    const [settings, tls] = k.generators;
    assert.deepEqual(
      [settings?.kind, settings?.name?.value, settings?.keys, settings?.keysComplete, settings?.hashSuffix],
      ['ConfigMap', 'settings', ['a', 'key', 'other.txt'], false, true],
    );
    assert.deepEqual(settings?.labels, [{ key: 'generated', value: 'yes' }]);
    assert.deepEqual([tls?.kind, tls?.type, tls?.hashSuffix], ['Secret', 'kubernetes.io/tls', false]);
    assert.deepEqual(
      k.unmodelled.map((u) => u.field),
      ['replacements', 'configurations'],
    );
    assert.deepEqual(
      k.inputs.map((i) => `${i.field} ${i.fileId}`),
      [
        'helmCharts[].valuesFile apps/overlay/values.yaml',
        'helmCharts[].additionalValuesFiles apps/overlay/more.yaml',
        'configMapGenerator[].files apps/overlay/ca.crt',
        'configMapGenerator[].files apps/overlay/other.txt',
        'configMapGenerator[].envs apps/overlay/x.env',
        'configurations apps/overlay/conf.yaml',
      ],
    );
    assert.deepEqual(
      k.problems.map((p) => [p.code, text(t, p.span).split('\n')[0]]),
      [
        ['KustomizeRemote', 'https://github.com/org/repo//deploy?ref=v1'],
        ['KustomizeRemote', 'github.com/org/repo/deploy'],
        ['KustomizeNotModelled', 'replacements'],
        ['KustomizeNotModelled', 'configurations'],
      ],
    );
  });

  test('patches in the order kustomize applies them, inline ones parsed with exact spans', () => {
    const t = [
      'patchesJson6902:',
      '  - target: {kind: Gateway, name: gw}',
      '    path: ops.yaml',
      'patches:',
      '  - path: smp.yaml',
      '  - target:',
      '      kind: HTTPRoute',
      '      labelSelector: app=web',
      '    options: {allowNameChange: true}',
      '    patch: |-',
      '      - op: replace',
      '        path: /spec/hostnames/0',
      '        value: a.example.com',
      'patchesStrategicMerge:',
      '  - smp2.yaml',
      '  - |-',
      '    apiVersion: v1',
      '    kind: Service',
      '    metadata: {name: s}',
      '',
    ].join('\n');
    const k = readKustomization('k/kustomization.yaml', t);
    assert.deepEqual(problemsOf(k), []);
    assert.deepEqual(
      k.patches.map((p) => [p.field, p.source.kind === 'file' ? p.source.fileId : p.source.content.kind]),
      [
        ['patchesStrategicMerge', 'k/smp2.yaml'],
        ['patchesStrategicMerge', 'strategic'],
        ['patches', 'k/smp.yaml'],
        ['patches', 'json6902'],
        ['patchesJson6902', 'k/ops.yaml'],
      ],
    );
    const json = k.patches[3]!;
    assert.deepEqual(json.target && { kind: json.target.kind, labelSelector: json.target.labelSelector }, {
      kind: 'HTTPRoute',
      labelSelector: 'app=web',
    });
    assert.deepEqual(json.options, { allowNameChange: true, allowKindChange: false });
    assert.ok(json.source.kind === 'inline' && json.source.content.kind === 'json6902');
    const op = json.source.content.operations[0]!;
    assert.deepEqual(op.path, ['spec', 'hostnames', '0']);
    assert.equal(
      text(t, op.span),
      '- op: replace\n        path: /spec/hostnames/0\n        value: a.example.com'.slice(2),
    );
    assert.equal(text(t, op.value!.span), 'a.example.com');
  });

  test('a folded or quoted inline patch gets the whole scalar as the span of its nodes', () => {
    const t = 'patches:\n  - target: {kind: Gateway}\n    patch: "[{op: remove, path: /spec/x}]"\n';
    const k = readKustomization('kustomization.yaml', t);
    const p = k.patches[0]!;
    assert.ok(p.source.kind === 'inline' && p.source.content.kind === 'json6902');
    assert.equal(text(t, p.source.content.operations[0]!.span), '"[{op: remove, path: /spec/x}]"');
  });

  test('components, wrong types, unknown fields and rejected values are problems, never exceptions', () => {
    const t = [
      'apiVersion: kustomize.config.k8s.io/v1alpha1',
      'kind: Component',
      'resources: thing.yaml',
      'namespace: 3',
      'labels:',
      '  - pairs: {a: 1}',
      'unknownField: x',
      'patches:',
      '  - path: a.yaml',
      '    patch: "x"',
      '  - target: {apiVersion: v1}',
      '    patch: |-',
      '      - op: frobnicate',
      '        path: /x',
      'patchesJson6902:',
      '  - target: {kind: Gateway}',
      '    patch: "[{op: remove, path: /a}]"',
      'configMapGenerator:',
      '  - literals: [novalue]',
      '    behavior: upsert',
      '',
    ].join('\n');
    const k = readKustomization('c/kustomization.yaml', t);
    assert.equal(k.kind, 'Component');
    assert.deepEqual(problemsOf(k).sort(), [
      'InvalidField: `labels[0].pairs.a` must be a string; quote it: "1".',
      'InvalidField: `namespace` must be a string; quote it: "3".',
      'InvalidField: `resources` must be a list.',
      'KustomizeError: A `patchesJson6902` entry needs `target.name`.',
      'KustomizeError: A generator needs a `name`.',
      'KustomizeError: A literal is written `key=value`.',
      'KustomizeError: A patch has either `path` or `patch`, not both.',
      'KustomizeError: Unknown field `apiVersion` in `patches[1].target`: kustomize rejects the kustomization.',
      'KustomizeError: Unknown field `unknownField`: kustomize rejects the kustomization.',
      'KustomizeError: `behavior` must be create, merge or replace.',
      'KustomizeError: `op` must be one of add, remove, replace, move, copy, test.',
    ]);
  });

  test('empty files, non-mappings, wrong kinds and versions', () => {
    assert.deepEqual(problemsOf(readKustomization('kustomization.yaml', '')), [
      'KustomizeError: The kustomization is empty; kustomize rejects it.',
    ]);
    assert.deepEqual(problemsOf(readKustomization('kustomization.yaml', '- a\n')), [
      'KustomizeError: A kustomization must be a mapping of fields.',
    ]);
    assert.deepEqual(problemsOf(readKustomization('kustomization.yaml', 'kind: Deployment\n')), [
      'KustomizeError: `kind` must be Kustomization or Component.',
    ]);
    assert.deepEqual(
      problemsOf(readKustomization('kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1alpha1\n')),
      ['KustomizeError: `apiVersion` of a Kustomization must be kustomize.config.k8s.io/v1beta1.'],
    );
    assert.deepEqual(
      readKustomization('kustomization.yaml', 'resources: [a\n').problems.map((p) => p.code),
      ['YAMLSyntax'],
    );
  });

  test('labels in both commonLabels and labels are kustomize errors', () => {
    const k = readKustomization('kustomization.yaml', 'labels:\n  - pairs: {a: x}\ncommonLabels: {a: y}\n');
    assert.deepEqual(problemsOf(k), [
      'KustomizeError: Label `a` is in both `commonLabels` and `labels`; kustomize rejects that.',
    ]);
  });

  test('remote paths', () => {
    for (const p of [
      'https://github.com/a/b',
      'git::https://example.com/a.git',
      'git@github.com:org/repo.git',
      'github.com/org/repo',
      'ssh://git@example.com/r',
      'example.com/org/repo?ref=main',
    ])
      assert.ok(isRemotePath(p), p);
    for (const p of ['../base', 'base', 'github/base', 'a.yaml']) assert.ok(!isRemotePath(p), p);
  });
});

describe('patch content', () => {
  const read = (t: string, field: PatchField = 'patches', targeted = false) => readPatchFile(t, field, targeted);

  test('operations or objects, told apart by content', () => {
    assert.equal(read('- {op: remove, path: /a}\n').content.kind, 'json6902');
    assert.equal(read('[{"op": "add", "path": "/a", "value": 1}]').content.kind, 'json6902');
    assert.equal(read('apiVersion: v1\nkind: Service\nmetadata: {name: a}\n').content.kind, 'strategic');
    const two = read(
      'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n',
    );
    assert.ok(two.content.kind === 'strategic' && two.content.documents.length === 2);
  });

  test('what kustomize cannot read is a problem', () => {
    const messages = (t: string, field?: PatchField) => read(t, field).problems.map((p) => p.message);
    assert.deepEqual(messages(''), ['The patch is empty.']);
    assert.deepEqual(messages('kind: Service\nspec: {}\n'), [
      'A strategic-merge patch needs `apiVersion`, `metadata.name`; kustomize cannot read it.',
    ]);
    // With a `target`, which selects the objects, kustomize does without `apiVersion`.
    const targeted = (t: string) => read(t, 'patches', true).problems.map((p) => p.message);
    assert.deepEqual(targeted('kind: Service\nmetadata: {name: a}\nspec: {}\n'), []);
    assert.deepEqual(targeted('metadata: {name: a}\nspec: {}\n'), [
      'A strategic-merge patch needs `kind`; kustomize cannot read it.',
    ]);
    assert.deepEqual(messages('- {op: add, path: a, value: 1}\n'), [
      'An operation needs a `path` that starts with `/`.',
    ]);
    assert.deepEqual(messages('- {op: add, path: /a}\n'), ['A `add` operation needs a `value`.']);
    assert.deepEqual(messages('- {op: move, path: /a}\n'), ['A `move` operation needs a `from` that starts with `/`.']);
    assert.deepEqual(messages('- {op: remove, path: /a}\n', 'patchesStrategicMerge'), [
      'A strategic-merge patch holds objects, not a list of operations.',
    ]);
    assert.deepEqual(messages('apiVersion: v1\nkind: S\nmetadata: {name: a}\n', 'patchesJson6902'), [
      'A `patchesJson6902` patch is a list of operations (`op`, `path`, `value`).',
    ]);
    assert.deepEqual(messages('a: [\n'), [
      'The patch is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  test('pointers decode ~1 and ~0', () => {
    const c = read('- {op: add, path: "/metadata/annotations/a~1b~0c", value: x}\n').content;
    assert.ok(c.kind === 'json6902');
    assert.deepEqual(c.operations[0]!.path, ['metadata', 'annotations', 'a/b~c']);
  });
});

describe('strategic merge', () => {
  const gateway = doc(
    [
      'apiVersion: gateway.networking.k8s.io/v1',
      'kind: Gateway',
      'metadata:',
      '  name: gw',
      '  labels: {a: "1", b: "2"}',
      'spec:',
      '  gatewayClassName: example',
      '  listeners:',
      '    - name: http',
      '      port: 80',
      '      protocol: HTTP',
      '    - name: https',
      '      port: 443',
      '      protocol: HTTPS',
    ].join('\n'),
  );
  const smp = (patch: string, base: YMap = gateway, group = 'gateway.networking.k8s.io', kind = 'Gateway') =>
    applyStrategicMerge(base, doc(patch), group, kind);

  test('maps merge; CRD lists are replaced whole; null deletes', () => {
    const r = smp(
      'metadata:\n  labels: {b: null, c: "3"}\nspec:\n  listeners:\n    - name: only\n      port: 8080\n      protocol: HTTP\n',
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(plain(r.root), {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'gw', labels: { a: '1', c: '3' } },
      spec: { gatewayClassName: 'example', listeners: [{ name: 'only', port: 8080, protocol: 'HTTP' }] },
    });
  });

  test('$patch directives: replace a map, delete a map, delete the object', () => {
    assert.deepEqual(at(plain(smp('spec:\n  $patch: replace\n  gatewayClassName: other\n').root), 'spec'), {
      gatewayClassName: 'other',
    });
    assert.equal(at(plain(smp('metadata:\n  labels:\n    $patch: delete\n').root), 'metadata', 'labels'), undefined);
    assert.equal(smp('kind: Gateway\n$patch: delete\n').root, undefined);
    assert.deepEqual(
      smp('spec:\n  $patch: sideways\n').problems.map((p) => p.message),
      ['`$patch` must be delete, replace or merge.'],
    );
  });

  test('a type mismatch is a problem and leaves the object as it was', () => {
    const r = smp('spec:\n  listeners: {name: x}\n');
    assert.equal(r.root, gateway);
    assert.deepEqual(
      r.problems.map((p) => p.message),
      ['The patch sets `spec.listeners` to a mapping where the object has a list; kustomize rejects it.'],
    );
  });

  test("a Service's ports merge by port: patch items first, then the base's others; $patch: delete removes one", () => {
    const service = doc(
      'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n    - {name: http, port: 80}\n    - {name: https, port: 443}\n    - {name: udp, port: 53, protocol: UDP}\n',
    );
    const r = smp(
      'spec:\n  ports:\n    - {port: 443, name: tls}\n    - {port: 8443, name: extra}\n    - {port: 80, $patch: delete}\n    - {port: 53, protocol: TCP, name: dns-tcp}\n',
      service,
      '',
      'Service',
    );
    assert.deepEqual(at(plain(r.root), 'spec', 'ports'), [
      { port: 443, name: 'tls' },
      { port: 8443, name: 'extra' },
      { port: 53, protocol: 'TCP', name: 'dns-tcp' },
      { name: 'udp', port: 53, protocol: 'UDP' },
    ]);
    assert.deepEqual(
      at(
        plain(smp('spec:\n  ports:\n    - $patch: replace\n    - {port: 1}\n', service, '', 'Service').root),
        'spec',
        'ports',
      ),
      [{ port: 1 }],
    );
  });

  test("a workload's containers merge by name and their env by name, so a later JSON patch finds the items kustomize has", () => {
    const deployment = doc(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n        - {name: proxy, image: p}\n        - name: controller\n          env: [{name: A, value: "1"}, {name: B, value: "2"}]\n',
    );
    const r = smp(
      'spec:\n  template:\n    spec:\n      containers:\n        - name: controller\n          env: [{name: A, value: "9"}]\n',
      deployment,
      'apps',
      'Deployment',
    );
    assert.deepEqual(at(plain(r.root), 'spec', 'template', 'spec', 'containers'), [
      {
        name: 'controller',
        env: [
          { name: 'A', value: '9' },
          { name: 'B', value: '2' },
        ],
      },
      { name: 'proxy', image: 'p' },
    ]);
    const removed = applyJson6902(r.root!, [
      { op: 'remove', path: ['spec', 'template', 'spec', 'containers', '1'], span: deployment.span },
    ]);
    assert.deepEqual(removed.problems, []);
    assert.deepEqual(
      (at(plain(removed.root), 'spec', 'template', 'spec', 'containers') as Plain[]).map((c) => at(c, 'name')),
      ['controller'],
    );
  });

  test('patched nodes take the span of what they replace, or of the map they extend; the base is unchanged', () => {
    const before = JSON.stringify(gateway);
    const r = smp('spec:\n  gatewayClassName: other\n  addresses: [{value: 1.2.3.4}]\n');
    assert.equal(JSON.stringify(gateway), before);
    const spec = r.root!.entries.find((e) => e.key === 'spec')!.value as YMap;
    const baseSpec = gateway.entries.find((e) => e.key === 'spec')!.value as YMap;
    const cls = spec.entries.find((e) => e.key === 'gatewayClassName')!;
    assert.deepEqual(cls.value.span, baseSpec.entries.find((e) => e.key === 'gatewayClassName')!.value.span);
    const addresses = spec.entries.find((e) => e.key === 'addresses')!;
    for (const s of [addresses.keySpan, ...spans(addresses.value)]) assert.deepEqual(s, baseSpec.span);
    // Untouched subtrees are shared, not copied.
    assert.equal(
      spec.entries.find((e) => e.key === 'listeners')!.value,
      baseSpec.entries.find((e) => e.key === 'listeners')!.value,
    );
  });
});

describe('JSON 6902', () => {
  const route = doc(
    'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  hostnames: [a.example.com]\n  parentRefs:\n    - name: gw\n',
  );
  const apply = (ops: string) => {
    const c = readPatchFile(ops, 'patches', true).content;
    assert.ok(c.kind === 'json6902');
    return applyJson6902(route, c.operations);
  };

  test('add, replace, remove, move, copy and test', () => {
    const r = apply(
      [
        '- {op: add, path: /spec/hostnames/-, value: b.example.com}',
        '- {op: add, path: /spec/hostnames/0, value: first.example.com}',
        '- {op: replace, path: /spec/parentRefs/0/name, value: other}',
        '- {op: add, path: /spec/parentRefs/0/sectionName, value: https}',
        '- {op: copy, from: /spec/parentRefs/0, path: /spec/parentRefs/-}',
        '- {op: move, from: /spec/hostnames/2, path: /metadata/annotations}',
        '- {op: remove, path: /spec/parentRefs/1}',
        '- {op: replace, path: /spec/newField, value: added}',
        '- {op: test, path: /spec/hostnames, value: [first.example.com, a.example.com]}',
      ].join('\n'),
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(plain(r.root), {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r', annotations: 'b.example.com' },
      spec: {
        hostnames: ['first.example.com', 'a.example.com'],
        parentRefs: [{ name: 'other', sectionName: 'https' }],
        newField: 'added',
      },
    });
  });

  test('an operation that does not apply is a problem at the operation; the object stays as it was', () => {
    for (const [ops, message] of [
      ['- {op: replace, path: /spec/hostnames/5, value: x}', '`replace` /spec/hostnames/5: index 5 is out of range.'],
      ['- {op: remove, path: /spec/nothere}', '`remove` /spec/nothere: /spec/nothere does not exist.'],
      ['- {op: add, path: /spec/a/b, value: 1}', '`add` /spec/a/b: /spec/a does not exist.'],
      ['- {op: add, path: /spec/hostnames/2, value: x}', '`add` /spec/hostnames/2: index 2 is out of range.'],
      ['- {op: remove, path: /spec/hostnames/-}', '`remove` /spec/hostnames/-: `-` is not a list index.'],
      [
        '- {op: test, path: /spec/hostnames/0, value: nope}',
        '`test` /spec/hostnames/0: the test of /spec/hostnames/0 fails.',
      ],
      ['- {op: add, path: /spec/hostnames/-1, value: x}', '`add` /spec/hostnames/-1: `-1` is not a list index.'],
      ['- {op: remove, path: ""}', '`remove` /: the whole object cannot be removed.'],
    ] as const) {
      const r = apply(`- {op: add, path: /spec/x, value: 1}\n${ops}\n`);
      assert.equal(r.root, route, ops);
      assert.deepEqual(
        r.problems.map((p) => p.message),
        [message],
        ops,
      );
    }
  });

  test('values from the patch take the span of the node they replace or of the container they extend', () => {
    const r = apply(
      '- {op: replace, path: /spec/hostnames/0, value: x}\n- {op: add, path: /spec/parentRefs/-, value: {name: b}}\n',
    );
    const spec = (n: YMap) => n.entries.find((e) => e.key === 'spec')!.value as YMap;
    const get = (n: YMap, k: string) => spec(n).entries.find((e) => e.key === k)!.value as YNode & { kind: 'seq' };
    assert.deepEqual(get(r.root!, 'hostnames').items[0]!.span, get(route, 'hostnames').items[0]!.span);
    for (const s of spans(get(r.root!, 'parentRefs').items[1]!)) assert.deepEqual(s, get(route, 'parentRefs').span);
  });

  test('JSON equality for test', () => {
    assert.ok(sameValue(doc('{a: 1, b: [x]}'), doc('{b: [x], a: 1}')));
    assert.ok(!sameValue(doc('{a: 1}'), doc('{a: "1"}')));
    assert.ok(!sameValue(doc('{a: [1, 2]}'), doc('{a: [2, 1]}')));
  });
});

describe('patch targets', () => {
  const object = (ids: [string, string][], labels: Record<string, string> = {}) => ({
    ids: ids.map(([name, namespace]) => ({
      group: 'gateway.networking.k8s.io',
      version: 'v1',
      kind: 'HTTPRoute',
      name,
      namespace,
    })),
    labels: new Map(Object.entries(labels)),
    annotations: new Map<string, string>(),
  });
  const selects = (target: Record<string, string>, o: ReturnType<typeof object>) => {
    const c = compileTarget({ ...target, span: { start: 0, end: 0 } });
    assert.ok(!('unsupported' in c), JSON.stringify(c));
    return targetSelects(c, o);
  };

  test('names and namespaces match the original or the current id; kinds and groups the current one', () => {
    const o = object([
      ['shop', ''],
      ['stg-shop', 'staging'],
    ]);
    assert.ok(selects({ name: 'shop' }, o));
    assert.ok(selects({ name: 'stg-shop' }, o));
    assert.ok(!selects({ name: 'shop-x' }, o));
    assert.ok(selects({ namespace: 'default' }, o));
    assert.ok(selects({ namespace: 'staging' }, o));
    assert.ok(selects({ kind: 'HTTPRoute|GRPCRoute', group: 'gateway.networking.k8s.io', version: 'v1' }, o));
    assert.ok(!selects({ kind: 'Route' }, o));
    assert.ok(selects({ name: 'stg-.*' }, o));
  });

  test('label selectors', () => {
    const o = object([['a', '']], { app: 'web', tier: 'front', n: '5' });
    assert.ok(selects({ labelSelector: 'app=web' }, o));
    assert.ok(selects({ labelSelector: 'app==web,tier in (front, back)' }, o));
    assert.ok(!selects({ labelSelector: 'app!=web' }, o));
    assert.ok(selects({ labelSelector: 'tier notin (back),!missing,app' }, o));
    assert.ok(!selects({ labelSelector: 'missing' }, o));
    assert.ok(selects({ labelSelector: 'n>3,n<6' }, o));
    for (const bad of ['app in web', 'app=web,', ',', 'a in ()', '=x', 'n>x'])
      assert.equal(parseSelector(bad), undefined, bad);
    assert.deepEqual(parseSelector(''), []);
  });

  test('patterns: literals, the safe subset, and what is left unknown', () => {
    assert.ok(compilePattern('a.b')!('axb'));
    assert.ok(!compilePattern('app')!('app2'));
    assert.ok(compilePattern('(foo|bar)-.*')!('bar-1'));
    for (const unsafe of ['(a+)+', '(?i)x', '.*.*.*', 'a{2,}b+c*', '(x)\\1', '[unclosed'])
      assert.equal(compilePattern(unsafe), undefined, unsafe);
    const c = compileTarget({ name: '(a+)+$', span: { start: 0, end: 0 } });
    assert.ok('unsupported' in c);
  });

  test('effective namespaces: unset is default; built-in cluster-scoped kinds have none, custom kinds do', () => {
    const id = (group: string, kind: string, namespace: string) => ({
      group,
      version: 'v1',
      kind,
      name: 'x',
      namespace,
    });
    assert.equal(effectiveNamespace(id('', 'Service', '')), 'default');
    assert.equal(effectiveNamespace(id('', 'Namespace', 'x')), '');
    assert.equal(effectiveNamespace(id('gateway.networking.k8s.io', 'GatewayClass', '')), 'default');
  });
});

describe('one object through a chain', () => {
  const k = (id: string, t: string) => readKustomization(id, t);
  const noFiles = () => undefined;
  const route = doc(
    'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: r\n  namespace: mine\nspec: {}\n',
  );

  test('namespace (outer wins), prefixes and suffixes concatenated, labels merged with outer values winning', () => {
    const inner = k(
      'base/kustomization.yaml',
      'namespace: inner\nnamePrefix: a-\nnameSuffix: -x\nlabels: [{pairs: {l: inner, i: "1"}}]\n',
    );
    const outer = k(
      'overlay/kustomization.yaml',
      'namespace: outer\nnamePrefix: b-\nnameSuffix: -y\ncommonLabels: {l: outer}\n',
    );
    const built = buildObject(route, [inner, outer], noFiles);
    assert.deepEqual(at(plain(built.root), 'metadata'), {
      name: 'b-a-r-x-y',
      namespace: 'outer',
      labels: { l: 'outer', i: '1' },
    });
    assert.deepEqual(
      built.ids.map((i) => `${i.namespace}/${i.name}`),
      ['mine/r', 'inner/r', 'inner/a-r', 'inner/a-r-x', 'outer/a-r-x', 'outer/b-a-r-x', 'outer/b-a-r-x-y'],
    );
  });

  test('a chain summarised: outer namespace, concatenated prefixes and suffixes, merged labels, patches in order', () => {
    const inner = k(
      'base/kustomization.yaml',
      'namespace: inner\nnamePrefix: a-\nnameSuffix: -x\nlabels: [{pairs: {l: inner, i: "1"}}]\npatchesJson6902: [{target: {name: r}, path: j.yaml}]\npatches: [{path: p.yaml}]\n',
    );
    const outer = k(
      'overlay/kustomization.yaml',
      'namePrefix: b-\nnameSuffix: -y\ncommonLabels: {l: outer}\nvars: []\n',
    );
    const s = summarizeChain([inner, outer]);
    assert.deepEqual(
      [s.namespace?.value, s.namespace?.kustomization, s.namePrefix, s.nameSuffix],
      ['inner', 'base/kustomization.yaml', 'b-a-', '-x-y'],
    );
    assert.deepEqual(Object.fromEntries([...s.labels].map(([key, v]) => [key, v.value])), { l: 'outer', i: '1' });
    assert.deepEqual(
      s.patches.map((p) => p.entry.field),
      ['patches', 'patchesJson6902'],
    );
    assert.deepEqual(s.unmodelled, [{ kustomization: 'overlay/kustomization.yaml', field: 'vars' }]);
  });

  test('a v1 Namespace takes the namespace as its name and keeps it through prefixes', () => {
    const ns = doc('apiVersion: v1\nkind: Namespace\nmetadata: {name: placeholder}\n');
    const built = buildObject(ns, [k('kustomization.yaml', 'namespace: apps\nnamePrefix: p-\n')], noFiles);
    assert.deepEqual(at(plain(built.root), 'metadata'), { name: 'apps' });
  });

  test('cluster-scoped built-in kinds keep no namespace; custom kinds (GatewayClass) get one, as kustomize writes it', () => {
    const chain = [k('kustomization.yaml', 'namespace: apps\n')];
    const role = doc('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\n');
    assert.deepEqual(at(plain(buildObject(role, chain, noFiles).root), 'metadata'), { name: 'r' });
    const cls = doc('apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: c}\n');
    assert.deepEqual(at(plain(buildObject(cls, chain, noFiles).root), 'metadata'), { name: 'c', namespace: 'apps' });
  });

  test('patches run before the names of their kustomization, JSON 6902 ones after the labels', () => {
    const t = [
      'namePrefix: p-',
      'labels: [{pairs: {stage: x}}]',
      'patchesJson6902:',
      '  - target: {kind: HTTPRoute, name: r}',
      '    patch: "[{op: test, path: /metadata/name, value: p-r}, {op: test, path: /metadata/labels/stage, value: x}]"',
      'patches:',
      '  - patch: |-',
      '      apiVersion: gateway.networking.k8s.io/v1',
      '      kind: HTTPRoute',
      '      metadata: {name: r, namespace: mine}',
      '      spec: {hostnames: [a.example.com]}',
      '',
    ].join('\n');
    const built = buildObject(route, [k('kustomization.yaml', t)], noFiles);
    assert.deepEqual(built.problems, []);
    assert.equal(built.applied.length, 2);
    assert.deepEqual(at(plain(built.root), 'spec'), { hostnames: ['a.example.com'] });
  });

  test('a strategic-merge patch without target needs the exact version and namespace; with a target, any name', () => {
    const patch = (meta: string, target = '') =>
      `patches:\n  - ${target}patch: |-\n      apiVersion: gateway.networking.k8s.io/v1beta1\n      kind: HTTPRoute\n      metadata: ${meta}\n      spec: {hostnames: [x]}\n`;
    const applied = (t: string) => buildObject(route, [k('kustomization.yaml', t)], noFiles).applied.length;
    assert.equal(applied(patch('{name: r, namespace: mine}')), 0, 'v1beta1 is not v1');
    const v1 = (t: string) => t.replace('v1beta1', 'v1');
    assert.equal(applied(v1(patch('{name: r, namespace: mine}'))), 1);
    assert.equal(applied(v1(patch('{name: r}'))), 0, 'default is not mine');
    assert.equal(applied(patch('{name: whatever}', 'target: {kind: HTTPRoute}\n    ')), 1);
  });

  test('a patch keeps name, namespace and kind unless its options allow a name change', () => {
    const t = (allow: boolean) =>
      `patches:\n  - target: {kind: HTTPRoute}\n${allow ? '    options: {allowNameChange: true}\n' : ''}    patch: |-\n      apiVersion: gateway.networking.k8s.io/v1\n      kind: HTTPRoute\n      metadata: {name: renamed, namespace: other}\n`;
    assert.deepEqual(at(plain(buildObject(route, [k('kustomization.yaml', t(false))], noFiles).root), 'metadata'), {
      name: 'r',
      namespace: 'mine',
    });
    assert.deepEqual(at(plain(buildObject(route, [k('kustomization.yaml', t(true))], noFiles).root), 'metadata'), {
      name: 'renamed',
      namespace: 'mine',
    });
  });

  test('a patch file is looked up; unknown files and unevaluated targets are reported as unknown, not applied', () => {
    const kz = k('o/kustomization.yaml', 'patches:\n  - path: p.yaml\n  - path: q.yaml\n    target: {name: "(a+)+"}\n');
    const seen: string[] = [];
    const content: PatchContent = readPatchFile('- {op: add, path: /spec/x, value: 1}\n', 'patches', false).content;
    const built = buildObject(route, [kz], (fileId: string, entry: PatchEntry) => {
      seen.push(`${fileId} ${entry.field}`);
      return fileId === 'o/p.yaml' ? undefined : content;
    });
    assert.deepEqual(seen, ['o/p.yaml patches', 'o/q.yaml patches']);
    assert.deepEqual(
      built.unknown.map((u) => u.reason),
      ['the patch file is not available', 'the `name` pattern `(a+)+` is not evaluated statically'],
    );
  });

  test('invalid patches are problems located at the patch', () => {
    const t =
      'patches:\n  - target: {kind: HTTPRoute}\n    patch: |-\n      - op: remove\n        path: /spec/nothere\n';
    const built = buildObject(route, [k('kustomization.yaml', t)], noFiles);
    assert.deepEqual(
      built.problems.map((p) => [p.fileId, t.slice(p.span.start, p.span.end).split('\n')[0], p.message]),
      [['kustomization.yaml', 'op: remove', '`remove` /spec/nothere: /spec/nothere does not exist.']],
    );
    assert.deepEqual(at(plain(built.root), 'spec'), {});
  });

  test('generated objects: name, namespace, labels, type and data keys, spans on the generator entry', () => {
    const t =
      'secretGenerator:\n  - name: cert\n    namespace: n\n    type: kubernetes.io/tls\n    files: [tls.crt, tls.key]\n';
    const kz = k('kustomization.yaml', t);
    const obj = generatedObject(kz.generators[0]!)!;
    assert.deepEqual(plain(obj), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'cert', namespace: 'n' },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': '', 'tls.key': '' },
    });
    for (const s of spans(obj)) assert.deepEqual(s, kz.generators[0]!.span);
    const merge = k('kustomization.yaml', 'configMapGenerator:\n  - name: c\n    behavior: merge\n');
    assert.equal(generatedObject(merge.generators[0]!), undefined);
  });
});

describe('environments', () => {
  test('roots are the kustomizations nobody includes; files are in each root that builds them, with their chain', () => {
    const w = workspace({
      'base/kustomization.yaml': 'resources: [route.yaml, service.yaml]\n',
      'base/route.yaml': '',
      'base/service.yaml': '',
      'overlays/a/kustomization.yaml': 'namespace: a\nresources: [../../base]\n',
      'overlays/b/kustomization.yaml': 'namespace: b\nresources: [../../base, extra.yaml]\n',
      'overlays/b/extra.yaml': '',
      'plain/file.yaml': '',
    });
    const envs = w.environments();
    assert.deepEqual(
      envs.environments.map((e) => [
        e.id,
        e.files.map((f) => `${f.fileId} <${f.chain.map((c) => c.fileId).join(',')}>`),
      ]),
      [
        [
          'overlays/a/kustomization.yaml',
          ['base/route.yaml <overlays/a/kustomization.yaml>', 'base/service.yaml <overlays/a/kustomization.yaml>'],
        ],
        [
          'overlays/b/kustomization.yaml',
          [
            'base/route.yaml <overlays/b/kustomization.yaml>',
            'base/service.yaml <overlays/b/kustomization.yaml>',
            'overlays/b/extra.yaml <overlays/b/kustomization.yaml>',
          ],
        ],
      ],
    );
    assert.deepEqual(Object.fromEntries(envs.membership), {
      'base/route.yaml': ['overlays/a/kustomization.yaml', 'overlays/b/kustomization.yaml'],
      'base/service.yaml': ['overlays/a/kustomization.yaml', 'overlays/b/kustomization.yaml'],
      'overlays/b/extra.yaml': ['overlays/b/kustomization.yaml'],
    });
    assert.deepEqual(envs.environments[0]!.kustomizations, [
      'overlays/a/kustomization.yaml',
      'base/kustomization.yaml',
    ]);
    assert.deepEqual(envs.environments[0]!.gaps, []);
    assert.deepEqual([...envs.problems], []);
    // Files sharing a chain share the array.
    assert.equal(envs.environments[0]!.files[0]!.chain, envs.environments[0]!.files[1]!.chain);
  });

  test('components apply to everything accumulated before them, and not to what comes after', () => {
    const w = workspace({
      'app/kustomization.yaml':
        'namespace: n\nresources: [a.yaml]\nconfigMapGenerator: [{name: c, literals: [x=y]}]\ncomponents: [../c1, ../c2]\n',
      'app/a.yaml': '',
      'c1/kustomization.yaml': 'kind: Component\nnamePrefix: one-\nresources: [b.yaml]\n',
      'c1/b.yaml': '',
      'c2/kustomization.yaml': 'kind: Component\nresources: [c.yaml]\ncomponents: [../c3]\n',
      'c2/c.yaml': '',
      'c3/kustomization.yaml': 'kind: Component\nlabels: [{pairs: {three: "3"}}]\n',
    });
    const env = w.environments().environments;
    assert.equal(env.length, 1);
    const chains = env[0]!.files.map((f) => `${f.fileId} <${f.chain.map((c) => folderOf(c.fileId)).join(',')}>`);
    assert.deepEqual(chains, ['app/a.yaml <c1,c3,app>', 'c1/b.yaml <c1,c3,app>', 'c2/c.yaml <c3,app>']);
    assert.deepEqual(
      env[0]!.generated.map((g) => [g.generator.name?.value, g.chain.map((c) => folderOf(c.fileId))]),
      [['c', ['c1', 'c3', 'app']]],
    );
  });

  test('Helm charts: a gap, with the namespace their objects land in', () => {
    const w = workspace({
      'k/kustomization.yaml': 'helmCharts:\n  - name: ingress\n    namespace: ingress-system\n  - name: other\n',
      'o/kustomization.yaml': 'namespace: outer\nresources: [../k]\n',
      'p/kustomization.yaml': 'helmCharts: [{name: x}]\n',
    });
    const envs = w.environments().environments;
    assert.deepEqual(
      envs.map((e) => [
        e.id,
        e.charts.map((c) => [c.chart.name?.value, c.releaseNamespace, c.namespace]),
        e.gaps.map((g) => g.kind),
      ]),
      [
        [
          'o/kustomization.yaml',
          [
            ['ingress', 'ingress-system', 'outer'],
            ['other', undefined, 'outer'],
          ],
          ['helmChart', 'helmChart'],
        ],
        ['p/kustomization.yaml', [['x', undefined, undefined]], ['helmChart']],
      ],
    );
  });

  test('kustomize errors are problems on the entry that causes them', () => {
    const t = {
      'root/kustomization.yaml':
        'resources:\n  - missing.yaml\n  - ../empty\n  - ../nowhere\n  - ../comp\n  - ../outside.yaml\n  - ok.yaml\n  - ok.yaml\n  - data.json\ncomponents:\n  - ../base\n  - ok.yaml\n',
      'root/ok.yaml': '',
      'empty/x.yaml': '',
      'comp/kustomization.yaml': 'kind: Component\n',
      'outside.yaml': '',
      'base/kustomization.yaml': 'resources: []\n',
    };
    const w = workspace(t);
    const envs = w.environments();
    const text = t['root/kustomization.yaml'];
    assert.deepEqual(
      envs.problems.get('root/kustomization.yaml')!.map((p) => [text.slice(p.span.start, p.span.end), p.message]),
      [
        ['missing.yaml', '`missing.yaml` is not in the workspace.'],
        ['../empty', '`../empty` is a folder without a kustomization file; kustomize cannot build it.'],
        ['../nowhere', '`../nowhere` is not in the workspace.'],
        ['../comp', '`../comp` is a Component; list it under `components`.'],
        [
          '../outside.yaml',
          "`../outside.yaml` is outside this kustomization's folder: `kubectl apply -k` rejects it; Flux, and builds with `--load-restrictor LoadRestrictionsNone`, read it.",
        ],
        [
          'ok.yaml',
          '`ok.yaml` is built twice with the same transforms in `root/kustomization.yaml`; kustomize rejects objects added twice.',
        ],
        ['../base', '`../base` is a Kustomization, not a Component; list it under `resources`.'],
        ['ok.yaml', 'A component is a folder with a kustomization, not a file.'],
      ],
    );
    const env = envs.environments.find((e) => e.id === 'root/kustomization.yaml')!;
    assert.deepEqual(
      env.files.map((f) => f.fileId),
      ['outside.yaml', 'root/ok.yaml'],
    );
    assert.deepEqual(
      env.gaps.map((g) => `${g.kind} ${text.slice(g.span.start, g.span.end)}`),
      [
        'error missing.yaml',
        'error ../empty',
        'error ../nowhere',
        'error ../comp',
        'notInWorkspace data.json',
        'error ../base',
        'error ok.yaml',
        'error ok.yaml',
      ],
    );
  });

  test('cycles are reported once on the entry that closes them; kustomizations in a cycle are no root', () => {
    const w = workspace({
      'a/kustomization.yaml': 'resources: [../b]\n',
      'b/kustomization.yaml': 'resources: [../a, f.yaml]\n',
      'b/f.yaml': '',
      'c/kustomization.yaml': 'resources: [../c]\n',
    });
    const envs = w.environments();
    assert.deepEqual(envs.environments, []);
    assert.deepEqual(
      [...envs.problems].map(([f, ps]) => [f, ps.map((p) => p.message)]),
      [
        ['b/kustomization.yaml', ['`../a` includes this kustomization again (a cycle); kustomize cannot build it.']],
        ['c/kustomization.yaml', ['`../c` includes this kustomization again (a cycle); kustomize cannot build it.']],
      ],
    );
    // A root above a cycle builds what the cycle does not hide.
    const withRoot = workspace({
      'r/kustomization.yaml': 'resources: [../a]\n',
      'a/kustomization.yaml': 'resources: [../b]\n',
      'b/kustomization.yaml': 'resources: [../a, f.yaml]\n',
      'b/f.yaml': '',
    }).environments();
    assert.deepEqual(
      withRoot.environments.map((e) => [e.id, e.files.map((f) => f.fileId), e.gaps.map((g) => g.kind)]),
      [['r/kustomization.yaml', ['b/f.yaml'], ['error']]],
    );
  });

  test('a base built twice through the same transforms is a problem; through different ones it is there twice', () => {
    const diamond = workspace({
      'root/kustomization.yaml': 'resources: [../left, ../right]\n',
      'left/kustomization.yaml': 'resources: [../base]\n',
      'right/kustomization.yaml': 'resources: [../base]\n',
      'base/kustomization.yaml': 'resources: [f.yaml]\n',
      'base/f.yaml': '',
    }).environments();
    assert.deepEqual(
      diamond.environments[0]!.files.map((f) => f.fileId),
      ['base/f.yaml'],
    );
    assert.deepEqual(
      diamond.problems.get('base/kustomization.yaml')!.map((p) => p.message),
      [
        '`f.yaml` is built twice with the same transforms in `root/kustomization.yaml`; kustomize rejects objects added twice.',
      ],
    );
    const namespaces = workspace({
      'root/kustomization.yaml': 'resources: [../staging, ../production]\n',
      'staging/kustomization.yaml': 'namespace: staging\nresources: [../base]\n',
      'production/kustomization.yaml': 'namespace: production\nresources: [../base]\n',
      'base/kustomization.yaml': 'resources: [f.yaml]\n',
      'base/f.yaml': '',
    }).environments();
    assert.deepEqual([...namespaces.problems], []);
    assert.deepEqual(
      namespaces.environments[0]!.files.map((f) => `${f.fileId} <${f.chain.map((c) => c.fileId).join(',')}>`),
      ['base/f.yaml <staging/kustomization.yaml>', 'base/f.yaml <production/kustomization.yaml>'],
    );
    assert.deepEqual(Object.fromEntries(namespaces.membership), { 'base/f.yaml': ['root/kustomization.yaml'] });
  });

  test('remote bases are gaps; patch files and inputs are listed apart; a missing patch file is a problem', () => {
    const w = workspace({
      'o/kustomization.yaml':
        'resources: [https://github.com/org/repo//base, r.yaml]\npatches: [{path: p.yaml}, {path: gone.yaml}, {path: ops.json, target: {name: x}}, {path: ../up.yaml}]\nconfigMapGenerator: [{name: c, files: [a.txt]}]\n',
      'o/r.yaml': '',
      'o/p.yaml': '',
      'up.yaml': '',
    });
    const envs = w.environments();
    assert.deepEqual(
      envs.environments[0]!.gaps.map((g) => g.kind),
      ['remote'],
    );
    assert.deepEqual([...envs.patchFiles.keys()], ['o/p.yaml', 'o/gone.yaml', 'o/ops.json', 'up.yaml']);
    assert.deepEqual([...envs.inputFiles.keys()], ['o/a.txt']);
    assert.deepEqual(
      envs.problems.get('o/kustomization.yaml')!.map((p) => p.message),
      [
        'The patch file `gone.yaml` is not in the workspace.',
        "`up.yaml` is outside this kustomization's folder: `kubectl apply -k` rejects it; Flux, and builds with `--load-restrictor LoadRestrictionsNone`, read it.",
      ],
    );
  });

  test('two kustomization files in one folder are a problem on each; the first by kustomize name order is used', () => {
    const w = workspace({
      'a/kustomization.yaml': 'resources: [x.yaml]\n',
      'a/Kustomization': 'resources: [y.yaml]\n',
      'a/x.yaml': '',
      'a/y.yaml': '',
      'r/kustomization.yaml': 'resources: [../a]\n',
    });
    const envs = w.environments();
    assert.deepEqual([...envs.problems.keys()], ['a/Kustomization', 'a/kustomization.yaml']);
    const r = envs.environments.find((e) => e.id === 'r/kustomization.yaml')!;
    assert.deepEqual(
      r.files.map((f) => f.fileId),
      ['a/x.yaml'],
    );
  });

  test('URI file ids work the same way', () => {
    const w = workspace({
      'file:///repo/base/kustomization.yaml': 'resources: [my%20route.yaml, "my route.yaml"]\n',
      'file:///repo/base/my%20route.yaml': '',
      'file:///repo/o/kustomization.yaml': 'resources: [../base]\n',
    });
    const envs = w.environments();
    assert.deepEqual(
      envs.environments.map((e) => [e.id, e.files.map((f) => f.fileId)]),
      [['file:///repo/o/kustomization.yaml', ['file:///repo/base/my%20route.yaml']]],
    );
    // `my%20route.yaml` written in a kustomization is a file whose name has a percent sign.
    assert.deepEqual(
      envs.problems.get('file:///repo/base/kustomization.yaml')!.map((p) => p.message),
      ['`my%20route.yaml` is not in the workspace.'],
    );
  });

  test('deterministic whatever the order of the models', () => {
    const files = {
      'b/kustomization.yaml': 'resources: [../base]\nnamespace: b\n',
      'a/kustomization.yaml': 'resources: [../base]\nnamespace: a\n',
      'base/kustomization.yaml': 'resources: [x.yaml, y.yaml]\n',
      'base/x.yaml': '',
      'base/y.yaml': '',
    };
    const w = workspace(files);
    const shape = (e: Environments) =>
      JSON.stringify(e.environments.map((x) => [x.id, x.files.map((f) => [f.fileId, f.chain.map((c) => c.fileId)])]));
    const forward = computeEnvironments(w.kustomizations, w.files);
    const backward = computeEnvironments([...w.kustomizations].reverse(), w.files);
    assert.equal(shape(forward), shape(backward));
    assert.deepEqual(
      forward.environments.map((e) => e.id),
      ['a/kustomization.yaml', 'b/kustomization.yaml'],
    );
  });

  test('changedFiles: membership, chains, and kustomizations changed in place', () => {
    const before = workspace({
      'base/kustomization.yaml': 'resources: [x.yaml, y.yaml]\n',
      'base/x.yaml': '',
      'base/y.yaml': '',
      'o/kustomization.yaml': 'resources: [../base, z.yaml]\npatches: [{path: p.yaml}]\n',
      'o/z.yaml': '',
      'o/p.yaml': '',
      'q/kustomization.yaml': 'resources: [w.yaml]\n',
      'q/w.yaml': '',
    });
    const prev = before.environments();
    assert.deepEqual([...changedFiles(prev, prev, new Set())], []);
    // `o` gains a namespace: every file it builds changes, and its patch file; q's do not.
    const after = workspace({
      ...Object.fromEntries(before.texts),
      'o/kustomization.yaml': 'namespace: n\nresources: [../base, z.yaml]\npatches: [{path: p.yaml}]\n',
    });
    assert.deepEqual([...changedFiles(prev, after.environments(), new Set(['o/kustomization.yaml']))].sort(), [
      'base/x.yaml',
      'base/y.yaml',
      'o/p.yaml',
      'o/z.yaml',
    ]);
    // base drops y.yaml: y leaves the environment.
    const dropped = workspace({
      ...Object.fromEntries(before.texts),
      'base/kustomization.yaml': 'resources: [x.yaml]\n',
    });
    assert.deepEqual([...changedFiles(prev, dropped.environments(), new Set(['base/kustomization.yaml']))].sort(), [
      'base/x.yaml',
      'base/y.yaml',
    ]);
    // From nothing: every member is new.
    assert.deepEqual([...changedFiles(undefined, prev, new Set())].sort(), [
      'base/x.yaml',
      'base/y.yaml',
      'o/p.yaml',
      'o/z.yaml',
      'q/w.yaml',
    ]);
  });

  test('deep and wide trees stay bounded', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 150; i++) files[`k${i}/kustomization.yaml`] = `resources: [../k${i + 1}]\n`;
    files['k150/kustomization.yaml'] = 'resources: [f.yaml]\n';
    files['k150/f.yaml'] = '';
    const envs = workspace(files).environments();
    assert.equal(envs.environments.length, 1);
    assert.deepEqual(envs.environments[0]!.files, []);
    assert.deepEqual(
      envs.environments[0]!.gaps.map((g) => g.kind),
      ['error'],
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The fixture workspaces against `kubectl kustomize`

const KUSTOMIZE_DIR = path.join(repoRoot, 'test', 'kustomize');

function filesOf(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesOf(p));
    else out.push(p);
  }
  return out;
}

/** The fields the comparison looks at: identity, labels, and what the analysis reads of each kind. */
function project(root: YMap, hashSuffix: boolean): Record<string, Plain> {
  const o = plain(root);
  const kind = str(at(o, 'kind'));
  const name = at(o, 'metadata', 'name');
  const out: Record<string, Plain> = {
    apiVersion: at(o, 'apiVersion'),
    kind,
    namespace: at(o, 'metadata', 'namespace') ?? '',
    name: hashSuffix ? `${str(name)}-<hash>` : name,
    labels: at(o, 'metadata', 'labels') ?? {},
  };
  const spec = at(o, 'spec');
  if (kind === 'Gateway') {
    out.gatewayClassName = at(spec, 'gatewayClassName');
    out.listeners = list(at(spec, 'listeners')).map((l) => ({
      name: at(l, 'name'),
      port: at(l, 'port'),
      protocol: at(l, 'protocol'),
      hostname: at(l, 'hostname'),
      allowedRoutes: at(l, 'allowedRoutes'),
      tls: at(l, 'tls'),
    }));
  }
  if (kind.endsWith('Route')) {
    out.parentRefs = at(spec, 'parentRefs');
    out.hostnames = at(spec, 'hostnames');
    out.backendRefs = list(at(spec, 'rules')).map((r) => at(r, 'backendRefs'));
  }
  if (kind === 'Service') out.ports = at(spec, 'ports');
  // Not read by the analysis, but a JSON patch may address their items by position.
  if (kind === 'Deployment')
    out.containers = list(at(spec, 'template', 'spec', 'containers')).map((c) => ({
      name: at(c, 'name'),
      env: at(c, 'env'),
    }));
  if (kind === 'ReferenceGrant') out.grant = { from: at(spec, 'from'), to: at(spec, 'to') };
  if (kind === 'ConfigMap' || kind === 'Secret') {
    const data = at(o, 'data');
    out.dataKeys = data !== null && typeof data === 'object' && !Array.isArray(data) ? Object.keys(data).sort() : [];
    if (kind === 'Secret') out.type = at(o, 'type');
  }
  return JSON.parse(JSON.stringify(out)) as Record<string, Plain>;
}

const order = (a: Record<string, Plain>, b: Record<string, Plain>) => {
  const key = (x: Record<string, Plain>) => `${str(x.kind)}/${str(x.namespace)}/${str(x.name)}`;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
};

/** A fixture workspace's files by id (paths relative to its folder). */
function readWorkspace(dir: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const file of filesOf(dir))
    texts.set(path.relative(dir, file).split(path.sep).join('/'), readFileSync(file, 'utf8'));
  return texts;
}

/** What the static reading says each environment of a workspace builds. */
function staticBuild(
  texts: Map<string, string>,
  projectObjects = true,
): {
  envs: Environments;
  objects: Map<string, Record<string, Plain>[]>;
  problems: string[];
} {
  const yaml = [...texts.keys()].filter((id) => /\.ya?ml$/.test(id) || isKustomizationFile(id));
  const kustomizations = yaml.filter(isKustomizationFile).map((id) => readKustomization(id, texts.get(id)!));
  const envs = computeEnvironments(kustomizations, {
    exists: (id) => yaml.includes(id),
    filesUnder: (folder) => yaml.filter((id) => id.startsWith(folder + '/')),
  });
  const problems: string[] = [];
  for (const k of kustomizations) for (const p of k.problems) problems.push(`${k.fileId}: ${p.message}`);
  for (const [f, ps] of envs.problems) for (const p of ps) problems.push(`${f}: ${p.message}`);
  const patchCache = new Map<string, PatchContent>();
  const lookup = (fileId: string, entry: PatchEntry) => {
    const text = texts.get(fileId);
    if (text === undefined) return undefined;
    const key = `${entry.field} ${fileId} ${entry.target ? 'targeted' : ''}`;
    if (!patchCache.has(key)) {
      const read = readPatchFile(text, entry.field, entry.target !== undefined);
      for (const p of read.problems) problems.push(`${fileId}: ${p.message}`);
      patchCache.set(key, read.content);
    }
    return patchCache.get(key);
  };
  const objects = new Map<string, Record<string, Plain>[]>();
  for (const env of envs.environments) {
    const out: Record<string, Plain>[] = [];
    const build = (root: YMap, chain: (typeof env.files)[0]['chain'], hash: boolean) => {
      const built = buildObject(root, chain, lookup);
      for (const p of built.problems) problems.push(`${p.fileId}: ${p.message}`);
      for (const u of built.unknown) problems.push(`${u.kustomization}: unknown patch: ${u.reason}`);
      if (built.root && projectObjects) out.push(project(built.root, hash));
    };
    for (const f of env.files)
      for (const d of parseYaml(texts.get(f.fileId)!)) if (d.root?.kind === 'map') build(d.root, f.chain, false);
    for (const g of env.generated) build(generatedObject(g.generator)!, g.chain, g.generator.hashSuffix);
    objects.set(env.id, out.sort(order));
  }
  return { envs, objects, problems };
}

function kubectlAvailable(): boolean {
  const r = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

describe('static reading equals kubectl kustomize', () => {
  const fixtures = readdirSync(KUSTOMIZE_DIR)
    .filter((d) => statSync(path.join(KUSTOMIZE_DIR, d)).isDirectory())
    .sort();
  const kubectl = kubectlAvailable();

  test('the fixture workspaces cover the features compared', () => {
    assert.deepEqual(fixtures, [
      'components',
      'generators',
      'namespace-labels',
      'namespace-override',
      'nested-prefix-suffix',
      'patches',
      'selection',
      'two-namespaces',
      'workload-patches',
    ]);
  });

  for (const name of fixtures) {
    test(name, (t) => {
      const dir = path.join(KUSTOMIZE_DIR, name);
      const ours = staticBuild(readWorkspace(dir));
      assert.deepEqual(ours.problems, [], 'the fixtures are valid kustomize');
      for (const env of ours.envs.environments) assert.deepEqual(env.gaps, [], `${env.id} is complete`);
      assert.ok(ours.envs.environments.length > 0);
      if (!kubectl) {
        t.skip('kubectl not installed');
        return;
      }
      for (const env of ours.envs.environments) {
        const root = path.join(dir, path.dirname(env.id));
        const run = spawnSync('kubectl', ['kustomize', root], { encoding: 'utf8' });
        assert.equal(run.status, 0, `kubectl kustomize ${env.id}: ${run.stderr}`);
        const theirs = parseYaml(run.stdout)
          .flatMap((d) => (d.root?.kind === 'map' ? [d.root] : []))
          .map((root) => {
            const p = project(root, false);
            // kustomize's content hash: compared as a placeholder, the analysis cannot compute it.
            if ((p.kind === 'ConfigMap' || p.kind === 'Secret') && /-[a-z0-9]{10}$/.test(str(p.name)))
              p.name = str(p.name).replace(/-[a-z0-9]{10}$/, '-<hash>');
            return p;
          })
          .sort(order);
        assert.deepEqual(ours.objects.get(env.id), theirs, env.id);
      }
    });
  }
});

describe('bad input never throws', () => {
  // Every fixture workspace, mutated: a file cut short, a line dropped or doubled, a token that
  // kustomize or the patch readers treat specially put somewhere. The static reading may report
  // anything, but it must answer.
  const tokens = [
    '$patch: delete',
    '$patch: replace',
    'null',
    '[',
    '{',
    '- op: move',
    '/~1/-',
    '- ../',
    'namespace:',
    '"\\',
    ': :',
    '\t',
    '*a',
    '&a x',
  ];
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (const name of readdirSync(KUSTOMIZE_DIR).sort()) {
    test(name, () => {
      const original = readWorkspace(path.join(KUSTOMIZE_DIR, name));
      const ids = [...original.keys()].filter((id) => /\.ya?ml$/.test(id));
      for (let round = 0; round < 150; round++) {
        const texts = new Map(original);
        const id = ids[random(ids.length)]!;
        const t = texts.get(id)!;
        const lines = t.split('\n');
        const at = random(lines.length);
        const mutated = [
          () => t.slice(0, random(t.length + 1)),
          () => lines.filter((_, i) => i !== at).join('\n'),
          () => [...lines.slice(0, at), lines[at], ...lines.slice(at)].join('\n'),
          () => {
            const pos = random(t.length + 1);
            return t.slice(0, pos) + tokens[random(tokens.length)]! + t.slice(pos);
          },
          () => lines.map((l, i) => (i === at ? l.replace(/^ +/, '') : l)).join('\n'),
        ][random(5)]!();
        texts.set(id, mutated);
        assert.doesNotThrow(() => staticBuild(texts, false), `${id}: ${JSON.stringify(mutated)}`);
      }
    });
  }
});
