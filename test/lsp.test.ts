// The language server over real stdio JSON-RPC, on copies of the example workspace: indexing
// unopened files, cross-file updates on change and delete, buffers overriding disk, workspace
// folders, settings, hovers, navigation and quick fixes applied through WorkspaceEdits. Scenarios
// that need nothing of a fresh process share one server, each on its own copy added as a workspace
// folder and removed after it; start-up, settings at start, client capabilities and the cache get
// servers of their own.

import assert from 'node:assert/strict';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type {
  ClientCapabilities,
  CodeAction,
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  Hover,
  Location,
  WorkspaceEdit,
  WorkspaceSymbol,
} from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import type { StartOptions } from './harness/lsp.js';
import { LspClient, startServer, uriOf, withFolder } from './harness/lsp.js';
import { repoRoot, serverPath } from './harness/paths.js';
import { applyWorkspaceEdit } from './harness/workspaceEdit.js';

const codes = (d: Diagnostic[]) => d.map((x) => x.code).sort();

function copyExamples(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-lsp-'));
  cpSync(path.join(repoRoot, 'examples'), dir, { recursive: true });
  return dir;
}

/** Gives `dir` and everything in it the modification time `when` (old enough, a warm start trusts them). */
function backdateTree(dir: string, when: Date): void {
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) utimesSync(path.join(dir, f), when, when);
  utimesSync(dir, when, when);
}

/** A server of its own, started on a copy of the examples. */
async function withServer(
  fn: (client: LspClient, dir: string) => void | Promise<void>,
  options: StartOptions = {},
): Promise<void> {
  const dir = copyExamples();
  const client = await startServer([dir], options);
  try {
    await fn(client, dir);
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A copy of the examples added to a running server for one scenario (see withFolder). */
async function inCopy(client: LspClient, fn: (dir: string) => void | Promise<void>): Promise<void> {
  const dir = copyExamples();
  try {
    await withFolder(client, dir, () => fn(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Position of the first occurrence of `needle` in a file (0-based), plus `offset` characters. */
function positionOf(file: string, needle: string, offset = 0, occurrence = 1): { line: number; character: number } {
  const lines = readFileSync(file, 'utf8').split('\n');
  let seen = 0;
  const line = lines.findIndex((l) => l.includes(needle) && ++seen === occurrence);
  assert.ok(line >= 0, `${needle} not in ${file}`);
  return { line, character: lines[line]!.indexOf(needle) + offset };
}

/** Applies the preferred fix of RefNotPermitted, then of NotAllowedByListeners, on the broken example. */
async function fixBrokenExample(client: LspClient, dir: string): Promise<void> {
  const route = path.join(dir, 'cross-namespace-broken/route.yaml');
  for (const code of ['RefNotPermitted', 'NotAllowedByListeners']) {
    const d = client.diagnosticsOf(route).find((x) => x.code === code)!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf(route) },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const preferred = actions.find((a) => a.isPreferred)!;
    assert.ok(preferred, `a preferred fix for ${code}: ${actions.map((a) => a.title).join(', ')}`);
    const applied = applyWorkspaceEdit(preferred.edit!);
    await client.filesChanged([
      ...applied.created.map((file) => ({ file, type: 1 as const })),
      ...applied.changed.map((file) => ({ file, type: 2 as const })),
    ]);
    await client.idle();
    assert.ok(!client.diagnosticsOf(route).some((x) => x.code === code), `${code} is fixed by "${preferred.title}"`);
  }
  assert.deepEqual(client.diagnosticsOf(route), []);
}

describe('language server', () => {
  test('indexes unopened files on start and publishes their diagnostics', async () => {
    await withServer((client, dir) => {
      assert.deepEqual(codes(client.diagnosticsOf(path.join(dir, 'cross-namespace-broken/route.yaml'))), [
        'NotAllowedByListeners',
        'RefNotPermitted',
      ]);
      assert.deepEqual(codes(client.diagnosticsOf(path.join(dir, 'cross-namespace-broken/reference-grant.yaml'))), [
        'UnusedReferenceGrant',
      ]);
      const unused = client.diagnosticsOf(path.join(dir, 'cross-namespace-broken/reference-grant.yaml'))[0]!;
      assert.deepEqual(unused.tags, [1], 'UnusedReferenceGrant is shown as unnecessary');
      assert.match(unused.codeDescription?.href ?? '', /^file:.*\/docs\/diagnostics\.md#unusedreferencegrant$/);
      assert.deepEqual(client.diagnosticsOf(path.join(dir, 'cross-namespace/route.yaml')), []);
      assert.ok(client.registrations.includes('workspace/didChangeWatchedFiles'), 'registers file watchers');
      const d = client
        .diagnosticsOf(path.join(dir, 'cross-namespace-broken/route.yaml'))
        .find((x) => x.code === 'RefNotPermitted')!;
      assert.equal(d.source, 'gateway-refs');
      assert.deepEqual(d.range.start, { line: 17, character: 10 });
      assert.ok(d.relatedInformation?.some((r) => r.location.uri.endsWith('reference-grant.yaml')));
    });
  });

  test('a document opened right after initialized is first published with the whole workspace behind it', async () => {
    const dir = copyExamples();
    const route = path.join(dir, 'cross-namespace-broken/route.yaml');
    const client = LspClient.spawn({ serverPath, timeoutMs: 120_000 });
    try {
      // VS Code sends didOpen for the open editors at once; the server is then still reading its
      // settings and has not started on the folders.
      await client.initialize({ folders: [dir] });
      await client.open(route);
      await client.until(() => client.diagnosticsOf(route).length > 0, 'diagnostics of the opened route');
      assert.deepEqual(codes(client.diagnosticsOf(route)), ['NotAllowedByListeners', 'RefNotPermitted']);
      await client.idle();
      assert.equal(client.publishCount.get(uriOf(route)), 1, 'published once: nothing judged on the route alone');
    } finally {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('scenarios on one shared server', () => {
    let client: LspClient;
    before(async () => {
      client = await startServer([]);
    });
    after(() => client.shutdown());

    test('deleting a grant file puts a diagnostic on a route in another, unopened file', async () => {
      await inCopy(client, async (dir) => {
        const grant = path.join(dir, 'cross-namespace/reference-grant.yaml');
        const route = path.join(dir, 'cross-namespace/route.yaml');
        const text = readFileSync(grant, 'utf8');
        unlinkSync(grant);
        await client.filesChanged([{ file: grant, type: 3 }]);
        await client.idle();
        assert.deepEqual(codes(client.diagnosticsOf(route)), ['RefNotPermitted']);
        writeFileSync(grant, text);
        await client.filesChanged([{ file: grant, type: 1 }]);
        await client.idle();
        assert.deepEqual(client.diagnosticsOf(route), []);
      });
    });

    test('labelling the namespace in an open buffer clears the route error in an unopened file', async () => {
      await inCopy(client, async (dir) => {
        const namespaces = path.join(dir, 'cross-namespace-broken/namespaces.yaml');
        const route = path.join(dir, 'cross-namespace-broken/route.yaml');
        const text = readFileSync(namespaces, 'utf8');
        await client.open(namespaces, text);
        await client.change(namespaces, text.replace('team: payments', 'team: payments\n    tenant: tenant-a'));
        await client.idle();
        assert.deepEqual(codes(client.diagnosticsOf(route)), ['RefNotPermitted']);
      });
    });

    test('a newer edit supersedes an older one', async () => {
      await inCopy(client, async (dir) => {
        const route = path.join(dir, 'cross-namespace/route.yaml');
        const text = readFileSync(route, 'utf8');
        await client.open(route, text);
        await client.change(route, text.replace('name: httpbin\n', 'name: httpbn\n'));
        await client.change(route, text.replace('name: httpbin\n', 'name: httpbin-v2\n'));
        await client.change(route, text);
        await client.idle();
        assert.deepEqual(client.diagnosticsOf(route), []);
        await client.change(route, text.replace('name: apisix\n', 'name: apisx\n'));
        await client.idle();
        assert.deepEqual(codes(client.diagnosticsOf(route)), ['ParentNotFound']);
      });
    });

    test('unsaved buffer text overrides disk until the buffer is closed', async () => {
      await inCopy(client, async (dir) => {
        const gateway = path.join(dir, 'cross-namespace/gateway.yaml');
        const route = path.join(dir, 'cross-namespace/route.yaml');
        await client.open(gateway, readFileSync(gateway, 'utf8').replace('from: Selector', 'from: Same'));
        await client.idle();
        assert.deepEqual(codes(client.diagnosticsOf(route)), ['NotAllowedByListeners']);
        await client.close(gateway);
        await client.idle();
        assert.deepEqual(client.diagnosticsOf(route), []);
      });
    });

    test('invalid and binary files never stop the server', async () => {
      await inCopy(client, async (dir) => {
        const bad = path.join(dir, 'bad.yaml');
        await client.open(bad, 'apiVersion: v1\nkind: Service\nmetadata: [\n  name: x\n');
        writeFileSync(path.join(dir, 'binary.yaml'), Buffer.from([0, 1, 2, 255, 0, 10]));
        await client.filesChanged([{ file: path.join(dir, 'binary.yaml'), type: 1 }]);
        await client.idle();
        assert.deepEqual(codes(client.diagnosticsOf(bad)), ['YAMLSyntax']);
        assert.deepEqual(codes(client.diagnosticsOf(path.join(dir, 'binary.yaml'))), ['FileSkipped']);
        const route = path.join(dir, 'cross-namespace/route.yaml');
        const hover = await client.request<Hover | null>('textDocument/hover', {
          textDocument: { uri: uriOf(route) },
          position: positionOf(route, 'name: apisix', 2),
        });
        assert.ok(hover);
      });
    });

    test('workspace folders can be added and removed', async () => {
      const extra = copyExamples();
      try {
        await inCopy(client, async (dir) => {
          const route = path.join(extra, 'cross-namespace-broken/route.yaml');
          assert.deepEqual(client.diagnosticsOf(route), []);
          rmSync(path.join(dir, 'cross-namespace-broken'), { recursive: true });
          await client.filesChanged([{ file: path.join(dir, 'cross-namespace-broken'), type: 3 }]);
          await client.changeFolders({ added: [extra] });
          await client.idle();
          assert.deepEqual(codes(client.diagnosticsOf(route)), ['NotAllowedByListeners', 'RefNotPermitted']);
          assert.deepEqual(client.diagnosticsOf(path.join(dir, 'cross-namespace-broken/route.yaml')), []);
          await client.changeFolders({ removed: [extra] });
          await client.idle();
          assert.deepEqual(client.diagnosticsOf(route), []);
        });
      } finally {
        rmSync(extra, { recursive: true, force: true });
      }
    });

    test('hovers explain attachment and permission', async () => {
      await inCopy(client, async (dir) => {
        const route = path.join(dir, 'cross-namespace-broken/route.yaml');
        const at = (needle: string) =>
          client.request<Hover>('textDocument/hover', {
            textDocument: { uri: uriOf(route) },
            position: positionOf(route, needle, 2),
          });
        const parent = ((await at('name: apisix')).contents as { value: string }).value;
        assert.match(parent, /listener `http`/);
        assert.match(parent, /namespace tenant-a does not \(tenant=tenant-a fails/);
        const backend = ((await at('- name: httpbin')).contents as { value: string }).value;
        assert.match(backend, /RefNotPermitted/);
        assert.match(backend, /allows GRPCRoute from tenant-a, not HTTPRoute from tenant-a/);
        const gateway = path.join(dir, 'cross-namespace/gateway.yaml');
        const listener = await client.request<Hover>('textDocument/hover', {
          textDocument: { uri: uriOf(gateway) },
          position: positionOf(gateway, 'name: http', 2),
        });
        assert.match((listener.contents as { value: string }).value, /Attached routes \(1\)/);
      });
    });

    test('definition and references follow the index', async () => {
      await inCopy(client, async (dir) => {
        const route = path.join(dir, 'cross-namespace/route.yaml');
        const defs = await client.request<Location[]>('textDocument/definition', {
          textDocument: { uri: uriOf(route) },
          position: positionOf(route, 'name: apisix', 2),
        });
        assert.deepEqual(
          defs.map((d) => [path.relative(dir, URI.parse(d.uri).fsPath), d.range.start.line]),
          [['cross-namespace/gateway.yaml', 5]],
        );
        const backend = path.join(dir, 'cross-namespace/backend.yaml');
        const refs = await client.request<Location[]>('textDocument/references', {
          textDocument: { uri: uriOf(backend) },
          position: positionOf(backend, 'name: httpbin', 8, 3),
          context: { includeDeclaration: false },
        });
        assert.ok(
          refs.some((r) => r.uri === uriOf(route)),
          JSON.stringify(refs),
        );
      });
    });

    test('completion while typing a parentRef offers the Gateway with its namespace, ranked by attachment', async () => {
      await inCopy(client, async (dir) => {
        const route = path.join(dir, 'cross-namespace/route.yaml');
        const text = readFileSync(route, 'utf8');
        await client.open(route, text);
        // Mid-edit: a new parentRef whose name is half typed, and a key without its colon further down.
        const typing = text.replace('    - name: apisix\n      namespace: aic\n', '    - name: api\n  rule\n');
        await client.change(route, typing);
        const lines = typing.split('\n');
        const line = lines.indexOf('    - name: api');
        const items = await client.request<CompletionItem[]>('textDocument/completion', {
          textDocument: { uri: uriOf(route) },
          position: { line, character: '    - name: api'.length },
        });
        const apisix = items.find((i) => i.label === 'apisix');
        assert.ok(apisix, JSON.stringify(items.map((i) => i.label)));
        assert.match(apisix.detail ?? '', /Gateway \(aic\) · admits this route \(http\)/);
        assert.deepEqual(apisix.textEdit, {
          range: { start: { line, character: 12 }, end: { line, character: 15 } },
          newText: 'apisix',
        });
        assert.deepEqual(
          apisix.additionalTextEdits?.map((e) => e.newText),
          ['\n      namespace: aic'],
        );
      });
    });

    test('outline and workspace symbols list objects with their listeners and rules', async () => {
      await inCopy(client, async (dir) => {
        const gateway = path.join(dir, 'cross-namespace/gateway.yaml');
        const outline = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
          textDocument: { uri: uriOf(gateway) },
        });
        assert.deepEqual(outline.map((s) => [s.name, s.detail, s.children?.map((c) => c.name)])[0], [
          'apisix',
          'Gateway · aic',
          ['http'],
        ]);
        const route = path.join(dir, 'cross-namespace/route.yaml');
        const routeOutline = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
          textDocument: { uri: uriOf(route) },
        });
        assert.deepEqual(
          routeOutline[0]?.children?.map((c) => [c.name, c.detail]),
          [
            ['parentRef aic/apisix', undefined],
            ['rule 1', 'backend-ns/httpbin'],
          ],
        );
        const found = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'httpbn' });
        assert.ok(
          found.some((s) => s.name === 'httpbin' && s.containerName === 'Service · backend-ns'),
          JSON.stringify(found),
        );
      });
    });

    test('rename of a Service from a backendRef and of a namespace edits every file that names them', async () => {
      await inCopy(client, async (dir) => {
        const route = path.join(dir, 'cross-namespace/route.yaml');
        const backendName = positionOf(route, '- name: httpbin', 8);
        const prepared = await client.request<{ placeholder: string }>('textDocument/prepareRename', {
          textDocument: { uri: uriOf(route) },
          position: backendName,
        });
        assert.equal(prepared.placeholder, 'httpbin');
        const renameTo = async (file: string, position: { line: number; character: number }, newName: string) => {
          const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
            textDocument: { uri: uriOf(file) },
            position,
            newName,
          });
          const applied = applyWorkspaceEdit(edit);
          await client.filesChanged(applied.changed.map((f) => ({ file: f, type: 2 as const })));
          await client.idle();
          return applied.changed.map((f) => path.relative(dir, f)).sort();
        };
        assert.deepEqual(await renameTo(route, backendName, 'web'), [
          'cross-namespace/backend.yaml',
          'cross-namespace/reference-grant.yaml',
          'cross-namespace/route.yaml',
        ]);
        const grant = readFileSync(path.join(dir, 'cross-namespace/reference-grant.yaml'), 'utf8');
        assert.match(grant, /kind: Service\n {6}name: web\n/);
        assert.match(readFileSync(path.join(dir, 'cross-namespace/backend.yaml'), 'utf8'), /app: httpbin/);
        const namespaces = path.join(dir, 'cross-namespace/namespaces.yaml');
        const changed = await renameTo(route, positionOf(route, 'namespace: backend-ns', 11), 'payments');
        assert.ok(changed.includes('cross-namespace/namespaces.yaml'), JSON.stringify(changed));
        assert.match(readFileSync(namespaces, 'utf8'), /name: payments/);
        for (const f of ['route.yaml', 'backend.yaml', 'reference-grant.yaml', 'namespaces.yaml', 'gateway.yaml'])
          assert.deepEqual(client.diagnosticsOf(path.join(dir, 'cross-namespace', f)), [], f);
        await assert.rejects(
          client.request('textDocument/rename', {
            textDocument: { uri: uriOf(route) },
            position: positionOf(route, '- name: web', 8),
            newName: 'Not_A_Name',
          }),
          /not a valid name/,
        );
      });
    });

    test('a buffer that does not parse keeps its last good analysis, here and in other files', async () => {
      await inCopy(client, async (dir) => {
        const route = path.join(dir, 'cross-namespace-broken/route.yaml');
        const text = readFileSync(route, 'utf8');
        await client.open(route, text);
        await client.idle();
        const before = client.diagnosticsOf(route);
        assert.deepEqual(codes(before), ['NotAllowedByListeners', 'RefNotPermitted']);
        // A key being typed on a new line just under `spec:`.
        await client.change(route, text.replace('spec:\n', 'spec:\n  hostnam\n'));
        await client.idle();
        const held = client.diagnosticsOf(route);
        assert.deepEqual(codes(held), ['NotAllowedByListeners', 'RefNotPermitted', 'YAMLSyntax']);
        assert.match(held.find((d) => d.code === 'YAMLSyntax')!.message as string, /last version that did/);
        for (const d of held.filter((x) => x.code !== 'YAMLSyntax')) {
          const old = before.find((b) => b.code === d.code)!;
          assert.equal(d.range.start.line, old.range.start.line + 1, `${String(d.code)} moved with its line`);
        }
        await client.change(route, text);
        await client.idle();
        assert.deepEqual(client.diagnosticsOf(route), before);

        // A ReferenceGrant mid-edit does not take its permission away from routes elsewhere.
        const grant = path.join(dir, 'cross-namespace/reference-grant.yaml');
        const goodRoute = path.join(dir, 'cross-namespace/route.yaml');
        const grantText = readFileSync(grant, 'utf8');
        await client.open(grant, grantText);
        await client.change(grant, grantText.replace('  to:\n', '  t\n  to:\n'));
        await client.idle();
        assert.deepEqual(codes(client.diagnosticsOf(grant)), ['YAMLSyntax']);
        assert.deepEqual(client.diagnosticsOf(goodRoute), []);
      });
    });

    test('the re-index command reads the workspace again', async () => {
      await inCopy(client, async (dir) => {
        const route = path.join(dir, 'cross-namespace/route.yaml');
        writeFileSync(route, readFileSync(route, 'utf8').replace('name: apisix\n', 'name: apisx\n'));
        await client.request('workspace/executeCommand', { command: 'gatewayRefs.reindex', arguments: [] });
        await client.idle();
        assert.deepEqual(codes(client.diagnosticsOf(route)), ['ParentNotFound']);
      });
    });
    test('a buffer closed just before its folder is removed leaves nothing of the folder', async () => {
      const dir = copyExamples();
      try {
        const filesBefore = client.status?.files;
        await client.changeFolders({ added: [dir] });
        await client.idle();
        const route = path.join(dir, 'cross-namespace-broken/route.yaml');
        await client.open(route);
        await client.idle();
        assert.deepEqual(codes(client.diagnosticsOf(route)), ['NotAllowedByListeners', 'RefNotPermitted']);
        await client.close(route);
        await client.changeFolders({ removed: [dir] });
        await client.idle();
        assert.equal(client.status?.files, filesBefore);
        assert.deepEqual(client.diagnosticsOf(route), []);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('a buffer closed and opened again at once keeps its text over the disk’s', async () => {
      await inCopy(client, async (dir) => {
        const route = path.join(dir, 'cross-namespace/route.yaml');
        const edited = readFileSync(route, 'utf8').replace('name: apisix\n', 'name: apisx\n');
        await client.open(route, edited);
        await client.idle();
        assert.deepEqual(codes(client.diagnosticsOf(route)), ['ParentNotFound']);
        await client.close(route);
        await client.open(route, edited);
        await client.idle();
        assert.deepEqual(codes(client.diagnosticsOf(route)), ['ParentNotFound']);
      });
    });

    test('quick fixes applied through WorkspaceEdits clear the diagnostics (with CreateFile support)', async () => {
      await inCopy(client, (dir) => fixBrokenExample(client, dir));
    });
  });

  test('settings: exclude, severity overrides and default namespace take effect and can change', async () => {
    await withServer(
      async (client, dir) => {
        const broken = path.join(dir, 'cross-namespace-broken/route.yaml');
        assert.deepEqual(client.diagnosticsOf(broken), []);
        await client.changeSettings({ severity: { RefNotPermitted: 'warning', NotAllowedByListeners: 'off' } });
        await client.idle();
        const d = client.diagnosticsOf(broken);
        assert.deepEqual(codes(d), ['RefNotPermitted']);
        assert.equal(d[0]!.severity, 2);
        writeFileSync(
          path.join(dir, 'loose.yaml'),
          'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: loose\nspec:\n  parentRefs:\n    - name: apisix\n      namespace: aic\n',
        );
        await client.filesChanged([{ file: path.join(dir, 'loose.yaml'), type: 1 }]);
        await client.changeSettings({ defaultNamespace: 'tenant-a', exclude: ['cross-namespace-broken/**'] });
        await client.idle();
        assert.deepEqual(client.diagnosticsOf(path.join(dir, 'loose.yaml')), [], 'tenant-a is admitted by the Gateway');
      },
      { settings: { exclude: ['cross-namespace-broken/**'] } },
    );
  });

  test('an editor opened on one overlay reads the bases its kustomization names outside the folder, also once edited', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-lsp-'));
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    };
    const route = (name: string) =>
      `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: ${name}\nspec:\n  parentRefs:\n    - name: gw\n      sectionName: htps\n`;
    write('base/kustomization.yaml', 'resources:\n  - route.yaml\n');
    write('base/route.yaml', route('web'));
    write('extra/kustomization.yaml', 'resources:\n  - route.yaml\n');
    write('extra/route.yaml', route('api'));
    write(
      'common/gateway/kustomization.yaml',
      'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - gateway.yaml\n',
    );
    write(
      'common/gateway/gateway.yaml',
      'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  gatewayClassName: x\n  listeners:\n    - name: https\n      protocol: HTTP\n      port: 80\n',
    );
    const overlay = path.join(dir, 'overlays/prod/kustomization.yaml');
    const text =
      'namespace: prod\nresources:\n  - ../../base\n  - ../../missing\ncomponents:\n  - ../../common/gateway\n';
    write('overlays/prod/kustomization.yaml', text);
    const client = await startServer([path.join(dir, 'overlays/prod')]);
    try {
      assert.deepEqual(codes(client.diagnosticsOf(overlay)), ['KustomizeError']);
      assert.match(client.diagnosticsOf(overlay)[0]!.message as string, /missing/);
      // The base's route is analysed in the overlay's build: its parent is found, in prod, by the component.
      assert.deepEqual(codes(client.diagnosticsOf(path.join(dir, 'base/route.yaml'))), ['NoMatchingParent']);
      assert.ok(
        client.logs.some((l) => /Indexed 1 YAML files in 1 folder and 4 more that their kustomizations name /.test(l)),
        client.logs.join('\n'),
      );
      // A base added in the buffer is read at once, before the file is saved.
      await client.open(overlay);
      await client.change(overlay, text.replace('  - ../../missing\n', '  - ../../extra\n'));
      await client.idle();
      assert.deepEqual(client.diagnosticsOf(overlay), []);
      assert.deepEqual(codes(client.diagnosticsOf(path.join(dir, 'extra/route.yaml'))), ['NoMatchingParent']);
      // Closing a file from outside the folder opened in the editor leaves it in the analysis.
      await client.open(path.join(dir, 'base/route.yaml'));
      await client.close(path.join(dir, 'base/route.yaml'));
      await client.idle();
      assert.deepEqual(codes(client.diagnosticsOf(path.join(dir, 'base/route.yaml'))), ['NoMatchingParent']);
      // A re-index drops what the kustomizations no longer name.
      await client.close(overlay);
      writeFileSync(overlay, 'namespace: prod\nresources:\n  - ../../extra\ncomponents:\n  - ../../common/gateway\n');
      await client.request('workspace/executeCommand', { command: 'gatewayRefs.reindex', arguments: [] });
      await client.idle();
      assert.deepEqual(client.diagnosticsOf(path.join(dir, 'base/route.yaml')), []);
      assert.deepEqual(codes(client.diagnosticsOf(path.join(dir, 'extra/route.yaml'))), ['NoMatchingParent']);
      assert.ok(
        client.logs.some((l) =>
          /Re-indexed 1 YAML files in 1 folder and 4 more .*; \d+ new or changed, 2 gone/.test(l),
        ),
        client.logs.join('\n'),
      );
    } finally {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a .gitignore written while the server runs makes the entry it ignores unknown, not missing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-lsp-'));
    const kustomization = path.join(dir, 'app/kustomization.yaml');
    mkdirSync(path.dirname(kustomization), { recursive: true });
    writeFileSync(kustomization, 'resources:\n  - all.yaml\n');
    const client = await startServer([dir]);
    try {
      assert.deepEqual(codes(client.diagnosticsOf(kustomization)), ['KustomizeError']);
      const ignore = path.join(dir, '.gitignore');
      writeFileSync(ignore, 'all.yaml\n');
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(ignore), type: 1 }] });
      await client.idle();
      assert.deepEqual(client.diagnosticsOf(kustomization), []);
      unlinkSync(ignore);
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(ignore), type: 3 }] });
      await client.idle();
      assert.deepEqual(codes(client.diagnosticsOf(kustomization)), ['KustomizeError']);
    } finally {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('quick fixes applied through WorkspaceEdits clear the diagnostics (without CreateFile support)', async () => {
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: true,
        workspaceFolders: true,
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceEdit: {},
      },
    };
    await withServer((client, dir) => fixBrokenExample(client, dir), { capabilities });
  });
});

describe('language server cache', () => {
  test('a second start reuses the cache and publishes the same diagnostics; edits between sessions are seen', async () => {
    const dir = copyExamples();
    const cacheDirectory = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-cache-'));
    // Modified "in an hour": too recent to trust by time, so the content decides.
    const inAnHour = new Date(Date.now() + 3_600_000);
    for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)))
      if (statSync(f).isFile()) utimesSync(f, inAnHour, inAnHour);
    try {
      const first = await startServer([dir], { initializationOptions: { cacheDirectory } });
      const before = [...first.diagnostics].filter(([, d]) => d.length > 0).sort();
      await first.shutdown();
      assert.ok(
        readdirSync(cacheDirectory).some((f) => f.endsWith('.models')),
        'the cache is written on shutdown',
      );
      assert.ok(readdirSync(cacheDirectory).some((f) => f.endsWith('.diagnostics')));

      const second = await startServer([dir], { initializationOptions: { cacheDirectory } });
      assert.deepEqual([...second.diagnostics].filter(([, d]) => d.length > 0).sort(), before);
      assert.ok(second.logs.some((l) => /cached diagnostics of \d+ files: .* \(by content\)/.test(l)));
      await second.shutdown();

      const route = path.join(dir, 'cross-namespace/route.yaml');
      writeFileSync(route, readFileSync(route, 'utf8').replace('name: apisix\n', 'name: apisx\n'));
      const third = await startServer([dir], { initializationOptions: { cacheDirectory } });
      assert.deepEqual(
        codes(third.diagnosticsOf(route)),
        ['ParentNotFound'],
        'a file changed since the cache was written is analysed again',
      );
      await third.shutdown();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(cacheDirectory, { recursive: true, force: true });
    }
  });

  test('files and folders unchanged since the last session (by time) get their cached diagnostics before they are read', async () => {
    const dir = copyExamples();
    const cacheDirectory = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-cache-'));
    const anHourAgo = new Date(Date.now() - 3_600_000);
    const backdate = (...paths: string[]) => {
      for (const p of paths) utimesSync(p, anHourAgo, anHourAgo);
    };
    const entries = readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f));
    const byTime = (logs: string[]) =>
      logs.some((l) => /cached diagnostics of \d+ files: .* \(by folder and file times\)/.test(l));
    try {
      backdate(...entries, dir); // files first would be enough; folders too, so the walk is trusted
      const first = await startServer([dir], { initializationOptions: { cacheDirectory } });
      const before = [...first.diagnostics].filter(([, d]) => d.length > 0).sort();
      await first.shutdown();

      const second = await startServer([dir], { initializationOptions: { cacheDirectory } });
      assert.ok(byTime(second.logs), 'published from the stamps');
      assert.deepEqual([...second.diagnostics].filter(([, d]) => d.length > 0).sort(), before);
      await second.shutdown();

      // Same size, another time: the stamp no longer holds, and nothing cached is published.
      const route = path.join(dir, 'cross-namespace/route.yaml');
      writeFileSync(route, readFileSync(route, 'utf8').replace('name: apisix\n', 'name: apisxx\n'));
      utimesSync(route, new Date(anHourAgo.getTime() + 1000), new Date(anHourAgo.getTime() + 1000));
      const third = await startServer([dir], { initializationOptions: { cacheDirectory } });
      assert.ok(!third.logs.some((l) => /cached diagnostics/.test(l)), third.logs.join('\n'));
      assert.deepEqual(codes(third.diagnosticsOf(route)), ['ParentNotFound']);
      assert.equal(third.publishCount.get(uriOf(route)), 1, 'the route was published once, from the analysis');
      await third.shutdown();

      // A file added: every stamp of the cache still holds, but its folder's time tells.
      const fourth = await startServer([dir], { initializationOptions: { cacheDirectory } });
      assert.ok(byTime(fourth.logs), 'published from the stamps again');
      await fourth.shutdown();
      const added = path.join(dir, 'cross-namespace/gateway-apisx.yaml');
      writeFileSync(
        added,
        'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: apisxx\n  namespace: aic\nspec:\n  gatewayClassName: apisix\n  listeners:\n    - name: http\n      protocol: HTTP\n      port: 80\n      allowedRoutes:\n        namespaces:\n          from: All\n',
      );
      backdate(added);
      const fifth = await startServer([dir], { initializationOptions: { cacheDirectory } });
      assert.ok(!fifth.logs.some((l) => /cached diagnostics/.test(l)), fifth.logs.join('\n'));
      assert.ok(!codes(fifth.diagnosticsOf(route)).includes('ParentNotFound'), 'the added Gateway counts');
      assert.equal(fifth.publishCount.get(uriOf(route)) ?? 0, 0, 'nothing stale was published for it');
      await fifth.shutdown();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(cacheDirectory, { recursive: true, force: true });
    }
  });

  test('a hover or quick fix asked for on a cached diagnostic before the analysis is done waits for it', async () => {
    const dir = copyExamples();
    const cacheDirectory = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-cache-'));
    // Enough other files that the analysis is still running when the cached diagnostics arrive.
    const padding = path.join(dir, 'padding');
    mkdirSync(padding);
    for (let i = 0; i < 300; i++)
      writeFileSync(
        path.join(padding, `route-${i}.yaml`),
        `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: pad-${i}\n  namespace: tenant-a\nspec:\n  parentRefs:\n    - name: apisix\n      namespace: aic\n`,
      );
    const anHourAgo = new Date(Date.now() - 3_600_000);
    backdateTree(dir, anHourAgo);
    const route = path.join(dir, 'cross-namespace-broken/route.yaml');
    try {
      await (await startServer([dir], { initializationOptions: { cacheDirectory } })).shutdown();
      const client = LspClient.spawn({ serverPath, timeoutMs: 120_000 });
      try {
        await client.initialize({ folders: [dir], initializationOptions: { cacheDirectory } });
        await client.until(() => client.diagnosticsOf(route).length > 0, 'the cached diagnostics of the route');
        const analysed = () => client.logs.some((l) => l.startsWith('Analysed '));
        assert.ok(!analysed(), 'the cached diagnostics arrived after the analysis: the test proves nothing');
        const parent = client.diagnosticsOf(route).find((d) => d.code === 'NotAllowedByListeners')!;
        const [actions, hover] = await Promise.all([
          client.request<CodeAction[]>('textDocument/codeAction', {
            textDocument: { uri: uriOf(route) },
            range: parent.range,
            context: { diagnostics: [parent] },
          }),
          client.request<Hover | null>('textDocument/hover', {
            textDocument: { uri: uriOf(route) },
            position: parent.range.start,
          }),
        ]);
        assert.deepEqual(
          actions.map((a) => a.title),
          ['Label Namespace tenant-a with tenant=tenant-a'],
        );
        assert.ok(hover, 'a hover');
        assert.ok(analysed(), 'answered once the analysis was done');
      } finally {
        await client.shutdown();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(cacheDirectory, { recursive: true, force: true });
    }
  });

  test('a file too large to analyse leaves the folder times untrusted: once it shrinks, nothing stale is published', async () => {
    const dir = copyExamples();
    const cacheDirectory = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-cache-'));
    const anHourAgo = new Date(Date.now() - 3_600_000);
    const big = path.join(dir, 'cross-namespace/big.yaml');
    writeFileSync(big, `# ${'x'.repeat(9 * 1024 * 1024)}\n`);
    backdateTree(dir, anHourAgo);
    try {
      await (await startServer([dir], { initializationOptions: { cacheDirectory } })).shutdown();
      // Rewritten in place (its folder keeps its time), now small enough to hold a Gateway.
      writeFileSync(
        big,
        'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: apisix\n  namespace: aic\nspec:\n  gatewayClassName: apisix\n  listeners:\n    - name: http\n      protocol: HTTP\n      port: 80\n',
      );
      utimesSync(big, anHourAgo, anHourAgo);
      const second = await startServer([dir], { initializationOptions: { cacheDirectory } });
      assert.ok(!second.logs.some((l) => /cached diagnostics/.test(l)), second.logs.join('\n'));
      await second.shutdown();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(cacheDirectory, { recursive: true, force: true });
    }
  });

  test('a corrupt cache is detected, ignored and rebuilt', async () => {
    const dir = copyExamples();
    const cacheDirectory = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-cache-'));
    try {
      await (await startServer([dir], { initializationOptions: { cacheDirectory } })).shutdown();
      for (const f of readdirSync(cacheDirectory)) {
        const file = path.join(cacheDirectory, f);
        const text = readFileSync(file, 'utf8');
        writeFileSync(
          file,
          text.slice(0, Math.floor(text.length / 2)).replace(/"kind":"HTTPRoute"/g, '"kind":"Gateway"'),
        );
      }
      const client = await startServer([dir], { initializationOptions: { cacheDirectory } });
      assert.deepEqual(codes(client.diagnosticsOf(path.join(dir, 'cross-namespace-broken/route.yaml'))), [
        'NotAllowedByListeners',
        'RefNotPermitted',
      ]);
      assert.ok(
        client.logs.some((l) => /Ignoring the cache .*truncated or corrupt|not a cache file/.test(l)),
        client.logs.join('\n'),
      );
      await client.shutdown();
      const rebuilt = readFileSync(
        path.join(
          cacheDirectory,
          readdirSync(cacheDirectory).find((f) => f.endsWith('.models'))!,
        ),
        'utf8',
      );
      assert.match(rebuilt.trimEnd().split('\n').pop()!, /"sha1"/, 'rebuilt with a checksum trailer');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(cacheDirectory, { recursive: true, force: true });
    }
  });
});
