// Every fixture workspace through the language server over stdio: the diagnostics it publishes
// for each file (opened or not) and its hovers must equal the core's.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { hover } from '../server/src/core/index.js';
import { coreHost, listFixtures, loadFixture } from './harness/fixtures.js';
import { LspClient, uriOf } from './harness/lsp.js';
import { parseMarkers } from './harness/markers.js';

const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];
const unlink = (markdown: string) => markdown.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');

describe('fixtures over the language server', { concurrency: 3 }, () => {
  for (const name of listFixtures()) {
    test(name, async (t) => {
      const fixture = loadFixture(name);
      const options = fixture.config.options ?? {};
      if (options.features) {
        t.diagnostic('features are not a language server setting; covered by the core and CLI drivers');
        return;
      }
      const settings = {
        ...(options.defaultNamespace ? { defaultNamespace: options.defaultNamespace } : {}),
        ...(options.severities ? { severity: options.severities as Record<string, string> } : {}),
        ...(options.backendKinds ? { backendKinds: options.backendKinds.map((k) => `${k.kind}.${k.group}`) } : {}),
        ...(options.channel ? { channel: options.channel } : {}),
      };
      const host = coreHost(fixture);
      const client = await LspClient.start(fixture.dir, { settings });
      try {
        for (const file of fixture.files.keys()) {
          const published = client
            .diagnosticsOf(path.join(fixture.dir, file))
            .map((d) => ({ range: d.range, severity: SEVERITY[d.severity ?? 0], code: d.code, message: d.message }));
          const core = host
            .diagnostics(file)
            .map((d) => ({ range: d.range, severity: d.severity, code: d.code, message: d.message }));
          assert.deepEqual(published, core, file);
        }
        for (const [file, text] of fixture.files) {
          for (const m of parseMarkers(text).markers) {
            if (m.kind !== 'hover') continue;
            const position = { line: m.line, character: m.start };
            const h = await client.request<Hover | null>('textDocument/hover', {
              textDocument: { uri: uriOf(path.join(fixture.dir, file)) },
              position,
            });
            assert.equal(
              unlink((h?.contents as { value: string } | undefined)?.value ?? ''),
              hover(host, file, position)?.markdown,
              `hover at ${file}:${m.line + 1}:${m.start + 1}`,
            );
          }
        }
      } finally {
        await client.shutdown();
      }
    });
  }
});
