// Fixture workspaces: discovery, loading, per-fixture options, and running the core on them.
// A fixture is a folder two levels under test/fixtures/ (group/case); every *.yaml/*.yml in it
// (recursively) is a workspace file, identified by its path relative to the fixture folder.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AnalysisOptionsInput, Diagnostic } from '../../server/src/core/api.js';
import { CoreDriver } from './core.js';
import { gitIgnored } from '../../server/src/io/gitIgnored.js';
import type { ObservedDiagnostic, SeverityWord } from './markers.js';
import { fixturesDir } from './paths.js';

export interface FixtureConfig {
  /** Analysis options, as the CLI flags and editor settings express them. */
  options?: AnalysisOptionsInput;
  /** Expected diagnostics of files that cannot carry markers (binary, oversized). */
  diagnostics?: { file: string; line: number; start: number; end: number; severity: SeverityWord; code: string }[];
}

export interface Fixture {
  name: string;
  dir: string;
  files: Map<string, string>;
  config: FixtureConfig;
}

export function listFixtures(): string[] {
  const result: string[] = [];
  for (const group of readdirSync(fixturesDir).sort()) {
    const groupDir = path.join(fixturesDir, group);
    if (!statSync(groupDir).isDirectory()) continue;
    for (const c of readdirSync(groupDir).sort())
      if (statSync(path.join(groupDir, c)).isDirectory()) result.push(`${group}/${c}`);
  }
  return result;
}

export function loadFixture(name: string): Fixture {
  const dir = path.join(fixturesDir, name);
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.ya?ml$/i.test(e.name))
        files.set(path.relative(dir, full).split(path.sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  let config: FixtureConfig = {};
  try {
    config = JSON.parse(readFileSync(path.join(dir, 'fixture.json'), 'utf8')) as FixtureConfig;
  } catch {
    // no fixture.json: defaults
  }
  return { name, dir, files, config };
}

export function coreHost(fixture: Fixture, files = fixture.files): CoreDriver {
  const host = new CoreDriver(fixture.config.options ?? {}, (id) => gitIgnored(path.join(fixture.dir, id)));
  host.applyChanges([...files].map(([fileId, text]) => ({ fileId, text })));
  host.settle();
  return host;
}

export function severityWord(s: Diagnostic['severity']): SeverityWord {
  return s === 'information' ? 'info' : s;
}

/** What a marker states about a diagnostic: start, the part of its range on the start line, severity, code. */
export function observe(
  d: Pick<Diagnostic, 'range' | 'severity' | 'code' | 'message'>,
  text: string,
): ObservedDiagnostic {
  const line = text.split(/\r?\n/)[d.range.start.line] ?? '';
  const end = d.range.end.line === d.range.start.line ? d.range.end.character : line.length;
  return {
    line: d.range.start.line,
    start: d.range.start.character,
    end,
    severity: severityWord(d.severity),
    code: d.code,
    message: d.message,
  };
}
