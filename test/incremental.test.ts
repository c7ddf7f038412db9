// Incremental analysis equals a fresh one: for every fixture, files are added one at a time,
// emptied and restored, edited (a comment appended, which keeps every object as it was, or
// prepended, which moves them all; a name changed in the last document), and deleted and restored;
// after each step the host that applied the change must report exactly what a new host reports.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AnalysisHost } from '../server/src/core/index.js';
import { AnalysisHost as Host, statusReport } from '../server/src/core/index.js';
import { listFixtures, loadFixture } from './harness/fixtures.js';

function snapshot(host: AnalysisHost): unknown {
  return { diagnostics: host.fileIds().sort().map((f) => [f, host.diagnostics(f)]), status: statusReport(host) };
}

describe('incremental analysis equals a fresh analysis', () => {
  for (const name of listFixtures()) {
    test(name, () => {
      const fixture = loadFixture(name);
      const options = fixture.config.options ?? {};
      const files = [...fixture.files];
      const current = new Map<string, string>();
      const host = new Host(options);
      const check = (step: string) => {
        const fresh = new Host(options);
        fresh.applyChanges([...current].map(([fileId, text]) => ({ fileId, text })));
        assert.deepEqual(snapshot(host), snapshot(fresh), `after ${step}`);
      };
      for (const [fileId, text] of files) {
        current.set(fileId, text);
        host.applyChanges([{ fileId, text }]);
        check(`adding ${fileId}`);
      }
      for (const [fileId, text] of files) {
        current.set(fileId, '');
        host.applyChanges([{ fileId, text: '' }]);
        check(`emptying ${fileId}`);
        current.set(fileId, text);
        host.applyChanges([{ fileId, text }]);
        check(`restoring ${fileId}`);
      }
      const edits: [string, (text: string) => string][] = [
        ['appending a comment to', (t) => `${t}\n# edited\n`],
        ['prepending a comment to', (t) => `# edited\n${t}`],
        ['renaming in the last document of', (t) => {
          const i = t.lastIndexOf('name: ');
          return i < 0 ? t : `${t.slice(0, i + 6)}renamed-${t.slice(i + 6)}`;
        }],
      ];
      for (const [fileId, text] of files) {
        for (const [what, edit] of edits) {
          current.set(fileId, edit(text));
          host.applyChanges([{ fileId, text: edit(text) }]);
          check(`${what} ${fileId}`);
        }
        current.set(fileId, text);
        host.applyChanges([{ fileId, text }]);
        check(`restoring ${fileId} after edits`);
      }
      for (const [fileId, text] of files) {
        current.delete(fileId);
        host.applyChanges([{ fileId, deleted: true }]);
        check(`deleting ${fileId}`);
        current.set(fileId, text);
        host.applyChanges([{ fileId, text }]);
        check(`re-adding ${fileId}`);
      }
    });
  }
});
