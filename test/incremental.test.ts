// Incremental analysis equals a fresh one: for every fixture, files are added one at a time,
// emptied and restored, and deleted and restored; after each step the host that applied the
// change must report exactly what a new host reports for the same files.

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
