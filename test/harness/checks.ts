// The per-feature checks fixture tests call (rust-analyzer style: tests name a fixture, helpers
// talk to the API). Expectations live in the fixture: markers in the YAML, long output in expect.md.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AnalysisHost, Diagnostic } from '../../server/src/core/index.js';
import { statusReport } from '../../server/src/core/index.js';
import { expectFile, updating } from './expect.js';
import type { Fixture } from './fixtures.js';
import { observe } from './fixtures.js';
import type { DiagnosticMarker, ObservedDiagnostic } from './markers.js';
import { markerKey, parseMarkers, renderDiagnostics } from './markers.js';
import { renderStatus } from './status.js';

export type DiagnosticsByFile = Map<string, Pick<Diagnostic, 'range' | 'severity' | 'code' | 'message'>[]>;

/** Diagnostics of every file must match the fixture's markers exactly (a closed set). */
export function checkDiagnostics(fixture: Fixture, byFile: DiagnosticsByFile, rewrite: boolean): void {
  const missing: string[] = [];
  const unexpected: string[] = [];
  const wrongText: string[] = [];
  for (const [file, text] of fixture.files) {
    const { markers, errors } = parseMarkers(text);
    assert.deepEqual(errors, [], `${file}: marker syntax`);
    const expected: DiagnosticMarker[] = markers.filter((m): m is DiagnosticMarker => m.kind === 'diagnostic');
    for (const d of fixture.config.diagnostics ?? []) if (d.file === file) expected.push({ kind: 'diagnostic', ...d });
    const observed: ObservedDiagnostic[] = (byFile.get(file) ?? []).map((d) => observe(d, text));
    if (rewrite && updating && !(fixture.config.diagnostics ?? []).some((d) => d.file === file)) {
      const rendered = renderDiagnostics(text, observed, markers);
      if (rendered !== text) writeFileSync(path.join(fixture.dir, file), rendered);
      continue;
    }
    const pool = [...observed];
    for (const m of expected) {
      const i = pool.findIndex((o) => markerKey(o) === markerKey(m));
      if (i < 0) {
        missing.push(`${file}:${markerKey(m)}`);
        continue;
      }
      const [o] = pool.splice(i, 1);
      if (m.contains !== undefined && !o!.message.includes(m.contains)) wrongText.push(`${file}:${markerKey(m)}: message lacks "${m.contains}": ${o!.message}`);
    }
    for (const o of pool) unexpected.push(`${file}:${markerKey(o)} ${o.message}`);
  }
  for (const file of byFile.keys()) if (!fixture.files.has(file)) unexpected.push(`${file}: diagnostics for a file outside the fixture`);
  assert.deepEqual({ missing, unexpected, wrongText }, { missing: [], unexpected: [], wrongText: [] });
}

export function diagnosticsByFile(host: AnalysisHost, files: Iterable<string>): DiagnosticsByFile {
  const map: DiagnosticsByFile = new Map();
  for (const f of files) {
    const list = host.diagnostics(f);
    if (list.length > 0) map.set(f, list);
  }
  return map;
}

export interface ExpectSections {
  hovers?: string;
  fixes?: string;
}

/** expect.md: the status in the spec's vocabulary, then hovers and fixes when the fixture has them. */
export function checkExpectFile(fixture: Fixture, host: AnalysisHost, sections: ExpectSections = {}): void {
  let text = `# ${fixture.name}\n\n## Status\n\n\`\`\`\n${renderStatus(statusReport(host))}\n\`\`\`\n`;
  if (sections.hovers) text += `\n## Hovers\n\n${sections.hovers}`;
  if (sections.fixes) text += `\n## Fixes\n\n${sections.fixes}`;
  expectFile(path.join(fixture.dir, 'expect.md'), text, 'expect.md');
}
