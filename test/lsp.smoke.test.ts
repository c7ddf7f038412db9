import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { LspClient } from './harness/lsp.js';
import { repoRoot } from './harness/paths.js';

test('smoke', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gwr-'));
  cpSync(path.join(repoRoot, 'examples'), dir, { recursive: true });
  const client = await LspClient.start(dir);
  try {
    console.log([...client.diagnostics.entries()].map(([u, d]) => `${u}: ${d.map((x) => x.code).join(',')}`).join('\n'));
    const route = path.join(dir, 'cross-namespace-broken/route.yaml');
    const d = client.diagnosticsOf(route);
    assert.ok(d.length === 2);
    const h = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: `file://${route}` }, position: { line: 9, character: 8 } });
    console.log(h.contents.value);
    const h2 = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: `file://${route}` }, position: { line: 17, character: 12 } });
    console.log(h2.contents.value);
    const actions = await client.request<unknown[]>('textDocument/codeAction', { textDocument: { uri: `file://${route}` }, range: d[1]!.range, context: { diagnostics: d } });
    console.log(JSON.stringify(actions, null, 1).slice(0, 4000));
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});
