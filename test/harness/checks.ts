// The per-feature checks fixture tests call (rust-analyzer style: tests name a fixture, helpers
// talk to the API). Expectations live in the fixture: markers in the YAML, long output in expect.md.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../server/src/core/api.js';
import type { CoreDriver } from './core.js';
import { expectFile, updatingMarkers } from './expect.js';
import { applyFix, checkAppliedFix } from './fixes.js';
import type { Fixture } from './fixtures.js';
import { observe } from './fixtures.js';
import type { DiagnosticMarker, ObservedDiagnostic } from './markers.js';
import { markerKey, parseMarkers, renderDiagnostics } from './markers.js';
import { renderStatus } from './status.js';

export type DiagnosticsByFile = Map<string, Pick<Diagnostic, 'range' | 'severity' | 'code' | 'message'>[]>;

/**
 * Diagnostics of every file must match the fixture's markers exactly (a closed set), and each must
 * underline one line (one over several would run over the indentation of the lines below) unless
 * nothing follows its start on that line.
 */
export function checkDiagnostics(fixture: Fixture, byFile: DiagnosticsByFile, rewrite: boolean): void {
  const missing: string[] = [];
  const unexpected: string[] = [];
  const wrongText: string[] = [];
  const overSeveralLines: string[] = [];
  for (const [file, list] of byFile) {
    const lines = fixture.files.get(file)?.split(/\r\n|\r|\n/) ?? [];
    for (const { range, code } of list)
      if (range.end.line !== range.start.line && lines[range.start.line]?.slice(range.start.character).trim())
        overSeveralLines.push(`${file}:${range.start.line + 1}-${range.end.line + 1} ${code}`);
  }
  for (const [file, text] of fixture.files) {
    const { markers, errors } = parseMarkers(text);
    assert.deepEqual(errors, [], `${file}: marker syntax`);
    const expected: DiagnosticMarker[] = markers.filter((m): m is DiagnosticMarker => m.kind === 'diagnostic');
    for (const d of fixture.config.diagnostics ?? []) if (d.file === file) expected.push({ kind: 'diagnostic', ...d });
    const observed: ObservedDiagnostic[] = (byFile.get(file) ?? []).map((d) => observe(d, text));
    if (rewrite && updatingMarkers && !(fixture.config.diagnostics ?? []).some((d) => d.file === file)) {
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
      if (m.contains !== undefined && !o!.message.includes(m.contains))
        wrongText.push(`${file}:${markerKey(m)}: message lacks "${m.contains}": ${o!.message}`);
    }
    for (const o of pool) unexpected.push(`${file}:${markerKey(o)} ${o.message}`);
  }
  for (const file of byFile.keys())
    if (!fixture.files.has(file)) unexpected.push(`${file}: diagnostics for a file outside the fixture`);
  assert.deepEqual(
    { missing, unexpected, wrongText, overSeveralLines },
    { missing: [], unexpected: [], wrongText: [], overSeveralLines: [] },
  );
}

export function diagnosticsByFile(host: CoreDriver, files: Iterable<string>): DiagnosticsByFile {
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
export function checkExpectFile(fixture: Fixture, host: CoreDriver, sections: ExpectSections = {}): void {
  let text = `# ${fixture.name}\n\n## Status\n\n\`\`\`\n${renderStatus(host.status())}\n\`\`\`\n`;
  if (sections.hovers) text += `\n## Hovers\n\n${sections.hovers}`;
  if (sections.fixes) text += `\n## Fixes\n\n${sections.fixes}`;
  expectFile(path.join(fixture.dir, 'expect.md'), text, 'expect.md');
}

/** Hover markers: a hover must exist and contain the marker's text; returns the expect.md section. */
export function checkHovers(fixture: Fixture, host: CoreDriver): string {
  let section = '';
  for (const [file, text] of fixture.files) {
    for (const m of parseMarkers(text).markers) {
      if (m.kind !== 'hover') continue;
      const h = host.hover(file, { line: m.line, character: m.start });
      assert.ok(h, `${file}:${m.line + 1}:${m.start + 1}: no hover`);
      if (m.contains !== undefined)
        assert.ok(
          h.markdown.includes(m.contains),
          `${file}:${m.line + 1}:${m.start + 1}: hover lacks "${m.contains}":\n${h.markdown}`,
        );
      section += `### ${file}:${m.line + 1}:${m.start + 1}\n\n${h.markdown}\n\n`;
    }
  }
  return section;
}

/** def and refs markers against go-to-definition and find-references. */
export function checkNavigation(fixture: Fixture, host: CoreDriver): void {
  for (const [file, text] of fixture.files) {
    for (const m of parseMarkers(text).markers) {
      const at = `${file}:${m.line + 1}:${m.start + 1}`;
      if (m.kind === 'def') {
        const found = host
          .definition(file, { line: m.line, character: m.start })
          .map((l) => `${l.fileId}:${l.range.start.line + 1}`);
        assert.ok(found.includes(m.target), `${at}: definition is ${JSON.stringify(found)}, expected ${m.target}`);
      }
      if (m.kind === 'refs') {
        const found = host.references(file, { line: m.line, character: m.start });
        assert.equal(
          found.length,
          m.count,
          `${at}: ${found.length} references (${found.map((l) => `${l.fileId}:${l.range.start.line + 1}`).join(', ')}), expected ${m.count}`,
        );
      }
    }
  }
}

/** complete markers: the completion at the caret, in rank order, offers the label (first, when asked). */
export function checkCompletion(fixture: Fixture, host: CoreDriver): void {
  for (const [file, text] of fixture.files) {
    for (const m of parseMarkers(text).markers) {
      if (m.kind !== 'complete') continue;
      const at = `${file}:${m.line + 1}:${m.start + 1}`;
      const items = sortedCompletion(host.completion(file, { line: m.line, character: m.start }));
      const shown = items.map((i) => `${i.label}${i.detail ? ` (${i.detail})` : ''}`).join('; ');
      const found = items.find((i) => i.label === m.label);
      assert.ok(found, `${at}: completion lacks ${m.label}: ${shown}`);
      if (m.first) assert.equal(items[0]?.label, m.label, `${at}: ${m.label} is not first: ${shown}`);
      if (m.contains !== undefined)
        assert.ok(found.detail?.includes(m.contains), `${at}: detail of ${m.label} lacks "${m.contains}": ${shown}`);
    }
  }
}

/** lens markers: a code lens starts at the caret with exactly this title. */
export function checkCodeLenses(fixture: Fixture, host: CoreDriver): void {
  for (const [file, text] of fixture.files) {
    const markers = parseMarkers(text).markers.filter((m) => m.kind === 'lens');
    if (markers.length === 0) continue;
    const lenses = host.codeLenses(file);
    for (const m of markers) {
      const here = lenses.filter((l) => l.range.start.line === m.line && l.range.start.character === m.start);
      assert.ok(
        here.some((l) => l.title === m.title),
        `${file}:${m.line + 1}:${m.start + 1}: no lens "${m.title}" (here: ${JSON.stringify(here.map((l) => l.title))})`,
      );
    }
  }
}

/** Completion items as an editor lists them: by sort text, then label. */
export function sortedCompletion<T extends { label: string; sortText?: string }>(items: T[]): T[] {
  return [...items].sort(
    (a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label) || a.label.localeCompare(b.label),
  );
}

/** Applies and checks every fix of every diagnostic (with and without file creation); returns the expect.md section. */
export function checkFixes(fixture: Fixture, host: CoreDriver): string {
  let section = '';
  const offered = new Map<string, string[]>();
  for (const file of fixture.files.keys()) {
    for (const d of host.diagnostics(file)) {
      const titles: string[] = [];
      for (const canCreateFiles of [true, false]) {
        for (const fix of host.fixes(file, d.code, d.subject, { canCreateFiles })) {
          if (!canCreateFiles && fix.creates.length > 0)
            assert.fail(`fix "${fix.title}" creates a file although the client cannot`);
          const applied = applyFix(fixture.files, fix);
          checkAppliedFix(fixture, host, fix, applied);
          if (!canCreateFiles) continue;
          titles.push(fix.title);
          section += `### ${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}: ${fix.title}${fix.preferred ? ' (preferred)' : ''}\n\n\`\`\`diff\n${applied.diff.trimEnd()}\n\`\`\`\n\n`;
        }
      }
      const key = `${file}:${d.range.start.line}:${d.range.start.character}`;
      offered.set(key, [...(offered.get(key) ?? []), ...titles]);
    }
  }
  for (const [file, text] of fixture.files) {
    for (const m of parseMarkers(text).markers) {
      if (m.kind !== 'fix') continue;
      const titles = offered.get(`${file}:${m.line}:${m.start}`) ?? [];
      assert.ok(
        titles.includes(m.title),
        `${file}:${m.line + 1}:${m.start + 1}: no fix "${m.title}" (offered: ${JSON.stringify(titles)})`,
      );
    }
  }
  return section;
}
