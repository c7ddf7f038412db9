// The language server against careless clients and awkward timing, over real stdio JSON-RPC:
// malformed notifications, other spellings of a file's URI, clients that do not echo
// `Diagnostic.data`, buffers of files deleted on disk, opening a file while its folder is still
// being indexed, writes after shutdown, and what the output channel shows. Each case is a defect
// the server once had.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { EDIT_DEBOUNCE_MS, REINDEX_COMMAND, STATUS_NOTIFICATION } from '../server/src/lsp/protocol.js';
import type { LspClient } from './harness/lsp.js';
import { startServer, uriOf } from './harness/lsp.js';
import { repoRoot } from './harness/paths.js';
import { applyWorkspaceEdit } from './harness/workspaceEdit.js';

const codes = (d: Diagnostic[]) => d.map((x) => x.code).sort();

async function withServer(fn: (client: LspClient, dir: string) => void | Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-robust-'));
  cpSync(path.join(repoRoot, 'examples'), dir, { recursive: true });
  const client = await startServer([dir]);
  try {
    await fn(client, dir);
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every publishDiagnostics from now on, in order (the harness keeps only the latest per URI). */
function recordPublications(client: LspClient): PublishDiagnosticsParams[] {
  const seen: PublishDiagnosticsParams[] = [];
  client.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    seen.push(p);
    client.diagnostics.set(p.uri, p.diagnostics);
  });
  return seen;
}

describe('language server robustness', () => {
  test('a didOpen without text is refused alone; the other changes of its batch are analysed', async () => {
    await withServer(async (client, dir) => {
      const route = path.join(dir, 'cross-namespace/route.yaml');
      await client.open(route, readFileSync(route, 'utf8').replace('name: apisix\n', 'name: apisx\n'));
      await client.notify('textDocument/didOpen', {
        textDocument: { uri: uriOf(path.join(dir, 'other.yaml')), languageId: 'yaml', version: 1, text: null },
      });
      await client.idle();
      assert.deepEqual(codes(client.diagnosticsOf(route)), ['ParentNotFound']);
      assert.ok(
        client.logs.some((l) =>
          /Ignoring textDocument\/didOpen: .*other\.yaml: textDocument\.text is not a string/.test(l),
        ),
        client.logs.join('\n'),
      );
    });
  });

  test('a malformed watched-file event does not drop the well-formed events of its batch', async () => {
    await withServer(async (client, dir) => {
      const grant = path.join(dir, 'cross-namespace/reference-grant.yaml');
      unlinkSync(grant);
      await client.notify('workspace/didChangeWatchedFiles', {
        changes: [null, { uri: null, type: 2 }, { uri: uriOf(grant), type: 3 }],
      });
      await client.idle();
      assert.deepEqual(codes(client.diagnosticsOf(path.join(dir, 'cross-namespace/route.yaml'))), ['RefNotPermitted']);
    });
  });

  test('a buffer opened under another spelling of its URI leaves nothing stale under either spelling', async () => {
    await withServer(async (client, dir) => {
      // vscode-uri writes `-` as is; a client may send it as %2D.
      const broken = path.join(dir, 'cross-namespace-broken/route.yaml');
      const brokenSpelled = uriOf(broken).replace('cross-namespace-broken', 'cross%2Dnamespace%2Dbroken');
      assert.notEqual(brokenSpelled, uriOf(broken));
      assert.equal(client.diagnosticsOf(broken).length, 2);
      const text = readFileSync(broken, 'utf8');
      await client.notify('textDocument/didOpen', {
        textDocument: { uri: brokenSpelled, languageId: 'yaml', version: 1, text },
      });
      await client.idle();
      assert.equal(client.diagnostics.get(brokenSpelled)?.length, 2, 'published under the spelling the client used');
      assert.deepEqual(client.diagnosticsOf(broken), [], 'and no longer under the canonical spelling');

      const clean = path.join(dir, 'cross-namespace/route.yaml');
      const cleanSpelled = uriOf(clean).replace('cross-namespace', 'cross%2Dnamespace');
      await client.notify('textDocument/didOpen', {
        textDocument: {
          uri: cleanSpelled,
          languageId: 'yaml',
          version: 1,
          text: readFileSync(clean, 'utf8').replace('name: apisix\n', 'name: apisx\n'),
        },
      });
      await client.idle();
      assert.deepEqual(codes(client.diagnostics.get(cleanSpelled) ?? []), ['ParentNotFound']);
      await client.notify('textDocument/didClose', { textDocument: { uri: cleanSpelled } });
      await client.notify('textDocument/didClose', { textDocument: { uri: brokenSpelled } });
      await client.idle();
      assert.deepEqual(client.diagnostics.get(cleanSpelled), [], 'cleared under the spelling it was shown under');
      assert.deepEqual(client.diagnosticsOf(clean), []);
      assert.deepEqual(client.diagnostics.get(brokenSpelled), []);
      assert.equal(client.diagnosticsOf(broken).length, 2, 'back under the canonical spelling once closed');
    });
  });

  test('quick fixes come from the server’s own diagnostics, whatever the client sends back', async () => {
    await withServer(async (client, dir) => {
      const route = path.join(dir, 'cross-namespace-broken/route.yaml');
      const d = client.diagnosticsOf(route).find((x) => x.code === 'RefNotPermitted')!;
      const ask = (diagnostics: Diagnostic[], only?: string[]) =>
        client.request<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri: uriOf(route) },
          range: { start: d.range.start, end: d.range.start },
          context: { diagnostics, ...(only ? { only } : {}) },
        });
      const titles = (actions: CodeAction[]) => actions.map((a) => a.title).sort();
      const echoed = await ask([d]);
      assert.ok(echoed.length > 0);
      const withoutData: Diagnostic = { ...d };
      delete withoutData.data;
      assert.deepEqual(titles(await ask([withoutData])), titles(echoed), 'a client that drops Diagnostic.data');
      const none = await ask([]);
      assert.deepEqual(titles(none), titles(echoed), 'a client that sends no diagnostics');
      assert.deepEqual(await ask([], ['source']), [], 'only quick fixes are offered');

      const preferred = none.find((a) => a.isPreferred)!;
      assert.equal(preferred.diagnostics?.[0]?.code, 'RefNotPermitted');
      const applied = applyWorkspaceEdit(preferred.edit!);
      await client.filesChanged([
        ...applied.created.map((file) => ({ file, type: 1 as const })),
        ...applied.changed.map((file) => ({ file, type: 2 as const })),
      ]);
      await client.idle();
      assert.deepEqual(codes(client.diagnosticsOf(route)), ['NotAllowedByListeners']);
    });
  });

  test('a buffer whose file is deleted on disk stops counting unless the user changed it', async () => {
    await withServer(async (client, dir) => {
      const route = path.join(dir, 'cross-namespace/route.yaml');
      const grant = path.join(dir, 'cross-namespace/reference-grant.yaml');
      const grantText = readFileSync(grant, 'utf8');
      await client.open(grant, grantText);
      unlinkSync(grant);
      await client.filesChanged([{ file: grant, type: 3 }]);
      await client.idle();
      assert.deepEqual(
        codes(client.diagnosticsOf(route)),
        ['RefNotPermitted'],
        'an unmodified buffer of a deleted file',
      );
      await client.change(grant, `${grantText}# kept\n`);
      await client.idle();
      assert.deepEqual(client.diagnosticsOf(route), [], 'typing in it makes it the user’s text again');

      const gateway = path.join(dir, 'cross-namespace/gateway.yaml');
      const gatewayText = readFileSync(gateway, 'utf8');
      await client.open(gateway, gatewayText);
      await client.change(gateway, `${gatewayText}# edited\n`);
      unlinkSync(gateway);
      await client.filesChanged([{ file: gateway, type: 3 }]);
      await client.idle();
      assert.deepEqual(client.diagnosticsOf(route), [], 'a modified buffer of a deleted file still counts');
    });
  });

  test('a file opened while its folder is being indexed gets no provisional diagnostics', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-robust-'));
    // A folder whose Gateway and Namespaces are read last, after many other files.
    const extra = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-robust-extra-'));
    for (let i = 0; i < 150; i++) {
      const sub = path.join(extra, `a-${String(i).padStart(3, '0')}`);
      mkdirSync(sub);
      for (let j = 0; j < 2; j++)
        writeFileSync(
          path.join(sub, `cm-${j}.yaml`),
          `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}-${j}\n  namespace: filler\ndata:\n  k: v\n`,
        );
    }
    const examples = path.join(repoRoot, 'examples/cross-namespace');
    mkdirSync(path.join(extra, 'zz'));
    for (const f of ['gateway.yaml', 'namespaces.yaml', 'backend.yaml', 'reference-grant.yaml'])
      cpSync(path.join(examples, f), path.join(extra, 'zz', f));
    const route = path.join(extra, 'a-000/route.yaml');
    cpSync(path.join(examples, 'route.yaml'), route);
    const client = await startServer([root]);
    try {
      const published = recordPublications(client);
      await client.notify('workspace/didChangeWorkspaceFolders', {
        event: { added: [{ uri: uriOf(extra), name: 'extra' }], removed: [] },
      });
      await client.open(route);
      await client.idle();
      assert.deepEqual(
        published
          .filter((p) => p.uri === uriOf(route))
          .flatMap((p) => p.diagnostics.map((d) => JSON.stringify([d.code, d.message]))),
        [],
        'nothing was published for the route before its Gateway was indexed',
      );
    } finally {
      await client.shutdown();
      rmSync(root, { recursive: true, force: true });
      rmSync(extra, { recursive: true, force: true });
    }
  });

  test('nothing is written to the client after shutdown', async () => {
    await withServer(async (client, dir) => {
      const route = path.join(dir, 'cross-namespace/route.yaml');
      const text = readFileSync(route, 'utf8');
      await client.open(route, text);
      await client.idle();
      const after: string[] = [];
      // An edit whose debounced analysis is still due when the client shuts the server down.
      await client.change(route, text.replace('name: apisix\n', 'name: apisx\n'));
      await client.request('shutdown', null);
      client.connection.onNotification('textDocument/publishDiagnostics', () => void after.push('publishDiagnostics'));
      client.connection.onNotification(STATUS_NOTIFICATION, () => void after.push('status'));
      client.connection.onNotification('window/logMessage', () => void after.push('logMessage'));
      // Absence can only be observed over time: well past the debounce the analysis would have run after.
      await new Promise((resolve) => setTimeout(resolve, 4 * EDIT_DEBOUNCE_MS));
      assert.deepEqual(after, []);
    });
  });

  test('start-up, indexing, skipped files and re-index are logged at info level', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-robust-'));
    cpSync(path.join(repoRoot, 'examples'), dir, { recursive: true });
    // One byte over the size the server analyses (8 MiB).
    writeFileSync(path.join(dir, 'huge.yaml'), `# ${'x'.repeat(8 * 1024 * 1024)}\n`);
    const client = await startServer([dir]);
    try {
      assert.ok(
        client.logs.some((l) =>
          /^Gateway Refs \S+ language server .*workspace folders: .*settings: namespaces placed as kubectl apply would/.test(
            l,
          ),
        ),
        client.logs.join('\n'),
      );
      assert.ok(
        client.logs.some((l) => /^Indexed 11 YAML files in 1 folder/.test(l)),
        client.logs.join('\n'),
      );
      assert.ok(client.logs.some((l) => /1 file not analysed:\n.*huge\.yaml: the file is larger than 8 MiB/.test(l)));
      const logged: { type: number; message: string }[] = [];
      client.connection.onNotification(
        'window/logMessage',
        (p: { type: number; message: string }) => void logged.push(p),
      );
      await client.request('workspace/executeCommand', { command: REINDEX_COMMAND, arguments: [] });
      await client.idle();
      const reindexed = logged.find((l) => l.message.startsWith('Re-indexed 11 YAML files'));
      assert.ok(reindexed, JSON.stringify(logged));
      assert.equal(reindexed.type, 3, 'info: shown in the output channel at its default level');
    } finally {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
