// Every fixture workspace through the language server over stdio: the diagnostics it publishes
// for each file (opened or not), its hovers, completions and code lenses must equal the core's. One server serves every
// fixture in turn: the fixture's settings are pushed, its folder is added, compared, and removed
// again, after which the server must hold nothing of it (see withFolder).

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeLens, CompletionItem, Hover } from 'vscode-languageserver-protocol';
import { sortedCompletion } from './harness/checks.js';
import type { Settings } from '../server/src/lsp/protocol.js';
import type { Fixture } from './harness/fixtures.js';
import { coreHost, listFixtures, loadFixture } from './harness/fixtures.js';
import type { LspClient } from './harness/lsp.js';
import { startServer, uriOf, withFolder } from './harness/lsp.js';
import { parseMarkers } from './harness/markers.js';

const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];
// Links to files differ between the drivers (the core's have no target); links to the web do not.
const unlink = (markdown: string) => markdown.replace(/\[([^\]]*)\]\((?!https:)[^)]*\)/g, '$1');

/** The fixture's analysis options as editor settings. */
function settingsOf(fixture: Fixture): Partial<Settings> {
  const options = fixture.config.options ?? {};
  return {
    ...(options.defaultNamespace ? { defaultNamespace: options.defaultNamespace } : {}),
    ...(options.severities ? { severity: options.severities } : {}),
    ...(options.backendKinds ? { backendKinds: options.backendKinds.map((k) => `${k.kind}.${k.group}`) } : {}),
    ...(options.channel ? { channel: options.channel } : {}),
    ...(options.complete ? { complete: options.complete } : {}),
    ...(options.implementation ? { implementation: options.implementation } : {}),
    ...(options.features ? { features: options.features } : {}),
  };
}

describe('fixtures over the language server', () => {
  let client: LspClient;
  before(async () => {
    client = await startServer([]);
  });
  after(() => client.shutdown());

  for (const name of listFixtures()) {
    test(name, async () => {
      const fixture = loadFixture(name);
      const host = coreHost(fixture);
      await client.changeSettings(settingsOf(fixture));
      await withFolder(client, fixture.dir, async () => {
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
          const markers = parseMarkers(text).markers;
          if (markers.some((m) => m.kind === 'lens')) {
            const lenses = await client.request<CodeLens[]>('textDocument/codeLens', {
              textDocument: { uri: uriOf(path.join(fixture.dir, file)) },
            });
            assert.deepEqual(
              lenses.map((l) => [l.range, l.command?.title, (l.command?.arguments?.[2] as unknown[]).length]),
              host.codeLenses(file).map((l) => [l.range, l.title, l.locations.length]),
              `code lenses of ${file}`,
            );
          }
          if (markers.some((m) => m.kind === 'complete')) await client.open(path.join(fixture.dir, file));
          for (const m of markers) {
            if (m.kind !== 'complete') continue;
            const position = { line: m.line, character: m.start };
            const items = await client.request<CompletionItem[] | null>('textDocument/completion', {
              textDocument: { uri: uriOf(path.join(fixture.dir, file)) },
              position,
            });
            assert.deepEqual(
              sortedCompletion(items ?? []).map((i) => [i.label, i.detail]),
              sortedCompletion(host.completion(file, position)).map((i) => [i.label, i.detail]),
              `completion at ${file}:${m.line + 1}:${m.start + 1}`,
            );
          }
          for (const m of markers) {
            if (m.kind !== 'hover') continue;
            const position = { line: m.line, character: m.start };
            const h = await client.request<Hover | null>('textDocument/hover', {
              textDocument: { uri: uriOf(path.join(fixture.dir, file)) },
              position,
            });
            assert.equal(
              unlink((h?.contents as { value: string } | undefined)?.value ?? ''),
              host.hover(file, position)?.markdown,
              `hover at ${file}:${m.line + 1}:${m.start + 1}`,
            );
          }
        }
      });
    });
  }
});
