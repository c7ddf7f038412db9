// A seeded mutation fuzzer over the fixture workspaces: anchors and aliases, merge keys, tags,
// CRLF, byte order marks (UTF-8 and UTF-16 on disk), duplicate keys, values of the wrong type,
// huge keys and values, re-indented and deleted lines, stray quotes and brackets, truncation. On
// the mutated texts the core must not throw and every diagnostic range must lie inside its file
// (never between `\r` and `\n`); then the CLI, on the same files written to disk, must answer
// exactly what the core answers, and the language server must publish what the CLI reports.
// FUZZ_SEED and FUZZ_ROUNDS vary a run; a failure names the seed and the mutations.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { Prng } from '../bench/prng.js';
import type { Diagnostic } from '../server/src/core/api.js';
import { Analysis, AnalysisHost, isChartFile } from '../server/src/core/api.js';
import { formatJson } from '../server/src/cli/format/json.js';
import { listFixtures, loadFixture } from './harness/fixtures.js';
import { startServer, uriOf } from './harness/lsp.js';
import { cliPath } from './harness/paths.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261202);
const ROUNDS = Number(process.env['FUZZ_ROUNDS'] ?? 1);

type Encoding = 'utf8' | 'utf16le' | 'utf16be';

interface MutatedFile {
  /** The workspace-relative id both the core and the CLI use. */
  fileId: string;
  /** The text the core analyses (what the CLI decodes from the bytes on disk). */
  text: string;
  encoding: Encoding;
  mutations: string[];
}

/** A line of `text` with the offset it starts at. */
function lines(text: string): { start: number; line: string }[] {
  const out: { start: number; line: string }[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    out.push({ start, line });
    start += line.length + 1;
  }
  return out;
}

/** `key: value` lines (a mapping entry with a scalar value), as offsets of the value. */
function valueLines(text: string): { keyStart: number; valueStart: number; valueEnd: number; indent: string }[] {
  const out: { keyStart: number; valueStart: number; valueEnd: number; indent: string }[] = [];
  for (const { start, line } of lines(text)) {
    const m = /^(\s*(?:- )?)([A-Za-z][\w.-]*): (\S[^#\r]*?)\s*\r?$/.exec(line);
    if (m) {
      const valueStart = start + m[1]!.length + m[2]!.length + 2;
      out.push({ keyStart: start + m[1]!.length, valueStart, valueEnd: valueStart + m[3]!.length, indent: m[1]! });
    }
  }
  return out;
}

const MUTATIONS: Record<string, (text: string, rng: Prng, n: number) => string> = {
  anchorAndAlias: (text, rng, n) => {
    const values = valueLines(text);
    if (values.length < 2) return text;
    const [a, b] = rng.sample(values, 2).sort((x, y) => y.valueStart - x.valueStart);
    // The later value first, so the earlier offsets stay valid; the alias may come before its anchor.
    const alias = `*f${n}`;
    const withAlias = text.slice(0, a!.valueStart) + alias + text.slice(a!.valueEnd);
    return withAlias.slice(0, b!.valueStart) + `&f${n} ` + withAlias.slice(b!.valueStart);
  },
  mergeKey: (text, rng, n) => {
    const values = valueLines(text);
    if (values.length === 0) return text;
    const v = rng.pick(values);
    const anchored = text.slice(0, v.keyStart) + `<<: *m${n}\n${v.indent.replace('-', ' ')}` + text.slice(v.keyStart);
    const target = text.indexOf('\n  ');
    if (target < 0 || !rng.chance(0.7)) return anchored;
    // Anchor an earlier mapping so the merge key has something to merge (maybe a scalar).
    const line = text.lastIndexOf('\n', Math.min(target, v.keyStart - 1)) + 1;
    const colon = text.indexOf(':', line);
    if (colon < 0 || colon > v.keyStart) return anchored;
    return anchored.slice(0, colon + 1) + ` &m${n}` + anchored.slice(colon + 1);
  },
  tag: (text, rng) => {
    const values = valueLines(text);
    if (values.length === 0) return text;
    const v = rng.pick(values);
    const tag = rng.pick(['!!str ', '!!int ', '!!map ', '!!seq ', '!custom ', '!!binary ', '!!null ']);
    return text.slice(0, v.valueStart) + tag + text.slice(v.valueStart);
  },
  crlf: (text) => text.replace(/\r?\n/g, '\r\n'),
  bom: (text) => (text.startsWith('\uFEFF') ? text : `\uFEFF${text}`),
  duplicateKey: (text, rng) => {
    const values = valueLines(text);
    if (values.length === 0) return text;
    const v = rng.pick(values);
    const lineStart = text.lastIndexOf('\n', v.keyStart) + 1;
    const lineEnd = text.indexOf('\n', v.valueEnd);
    const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).replace('- ', '  ');
    const at = lineEnd < 0 ? text.length : lineEnd + 1;
    return `${text.slice(0, at)}${line}${lineEnd < 0 ? '' : '\n'}${text.slice(at)}`;
  },
  wrongType: (text, rng) => {
    const values = valueLines(text);
    if (values.length === 0) return text;
    const v = rng.pick(values);
    const value = rng.pick(['[1, 2]', '{a: b}', '12345678901234567890', 'true', '~', '-1', '0x1F', '.inf', '""', '[]']);
    return text.slice(0, v.valueStart) + value + text.slice(v.valueEnd);
  },
  hugeKey: (text, rng) => {
    const values = valueLines(text);
    if (values.length === 0) return text;
    const v = rng.pick(values);
    const huge = 'k'.repeat(rng.pick([1023, 1025, 5000]));
    return rng.chance(0.5)
      ? text.slice(0, v.keyStart) + huge + text.slice(text.indexOf(':', v.keyStart))
      : text.slice(0, v.valueStart) + 'v'.repeat(rng.pick([10_000, 100_000])) + text.slice(v.valueEnd);
  },
  reindent: (text, rng) => {
    const all = lines(text).filter((l) => /^\s+\S/.test(l.line));
    if (all.length === 0) return text;
    const l = rng.pick(all);
    return rng.chance(0.5)
      ? text.slice(0, l.start) + text.slice(l.start + 1)
      : `${text.slice(0, l.start)} ${text.slice(l.start)}`;
  },
  deleteLine: (text, rng) => {
    const all = lines(text);
    const l = rng.pick(all);
    return text.slice(0, l.start) + text.slice(l.start + l.line.length + 1);
  },
  strayCharacter: (text, rng) => {
    const at = rng.int(0, text.length);
    return (
      text.slice(0, at) +
      rng.pick(["'", '"', '[', '{', ']', '\t', ': ', '- ', '#', '*', '&', '|', '\r', '%', '---\n', '...\n']) +
      text.slice(at)
    );
  },
  truncate: (text, rng) => text.slice(0, rng.int(0, text.length)),
};

const NAMES = Object.keys(MUTATIONS);

/** The fixtures, each copied ROUNDS times under `r<round>/<fixture>/` with a few mutations in its files. */
function mutatedWorkspace(rng: Prng): MutatedFile[] {
  const files: MutatedFile[] = [];
  let n = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of listFixtures()) {
      const fixture = loadFixture(name);
      const ids = [...fixture.files.keys()];
      const touched = new Set(rng.sample(ids, rng.int(1, Math.min(3, ids.length))));
      for (const [id, original] of fixture.files) {
        let text = original;
        const mutations: string[] = [];
        if (touched.has(id)) {
          for (let k = rng.int(1, 4); k > 0; k--) {
            const m = rng.pick(NAMES);
            mutations.push(m);
            text = MUTATIONS[m]!(text, rng, n++);
          }
        }
        const encoding: Encoding = rng.chance(0.03) ? rng.pick(['utf16le', 'utf16be']) : 'utf8';
        if (encoding !== 'utf8' && !text.startsWith('\uFEFF')) text = `\uFEFF${text}`;
        files.push({ fileId: `r${round}/${name}/${id}`, text, encoding, mutations });
      }
    }
  }
  return files;
}

function bytesOf(file: MutatedFile): Buffer {
  if (file.encoding === 'utf8') return Buffer.from(file.text, 'utf8');
  const le = Buffer.from(file.text, 'utf16le');
  return file.encoding === 'utf16le' ? le : Buffer.from(le).swap16();
}

/** Why a range does not lie inside `text` (offsets count after a byte order mark), or undefined. */
function rangeProblem(text: string, range: Diagnostic['range']): string | undefined {
  const content = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lineTexts = content.split(/\r\n|\n|\r/);
  for (const p of [range.start, range.end]) {
    if (!Number.isInteger(p.line) || p.line < 0 || p.line >= lineTexts.length) return `line ${p.line} outside the file`;
    if (!Number.isInteger(p.character) || p.character < 0 || p.character > lineTexts[p.line]!.length)
      return `character ${p.character} outside line ${p.line} (length ${lineTexts[p.line]!.length}, a CRLF split?)`;
  }
  const before = range.start.line < range.end.line || range.start.character <= range.end.character;
  return range.start.line <= range.end.line && before ? undefined : 'the range ends before it starts';
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-fuzz-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const rng = new Prng(SEED);
// In the CLI's order: paths sorted as strings (its report lists files so).
const files = mutatedWorkspace(rng).sort((a, b) => (a.fileId < b.fileId ? -1 : a.fileId > b.fileId ? 1 : 0));
const byId = new Map(files.map((f) => [f.fileId, f]));
const context = (fileId: string): string => {
  const f = byId.get(fileId);
  return `seed ${SEED}, ${fileId}${f && f.mutations.length > 0 ? ` (mutations: ${f.mutations.join(', ')})` : ''}`;
};

let coreJson: string | undefined;

describe(`fuzz (seed ${SEED}, ${ROUNDS} rounds)`, () => {
  test('the core does not throw, and every range lies inside its file', () => {
    const host = new AnalysisHost({}, { incremental: false });
    // Chart.yaml files first, as the CLI feeds them (they change how templates beside them are read).
    const changes = files.map((f) => ({ fileId: f.fileId, text: f.text }));
    host.applyChanges([
      ...changes.filter((c) => isChartFile(c.fileId)),
      ...changes.filter((c) => !isChartFile(c.fileId)),
    ]);
    host.settle();
    const analysis = new Analysis(host);
    const diagnostics = files.flatMap((f) => analysis.diagnostics(f.fileId));
    for (const d of diagnostics) {
      const own = rangeProblem(byId.get(d.fileId)!.text, d.range);
      assert.equal(own, undefined, `${context(d.fileId)}: ${d.code} ${JSON.stringify(d.range)}: ${own}`);
      for (const r of d.related) {
        const related = rangeProblem(byId.get(r.fileId)!.text, r.range);
        assert.equal(related, undefined, `${context(r.fileId)}: related range of ${d.code}: ${related}`);
      }
    }
    coreJson = formatJson({
      files: files.map((f) => f.fileId),
      diagnostics,
      status: analysis.status(),
      problems: [],
      warnings: [],
    });
    const mutated = files.filter((f) => f.mutations.length > 0).length;
    assert.ok(mutated > 50, `only ${mutated} files mutated`);
  });

  test('the CLI answers what the core answers, on the same files on disk', () => {
    assert.ok(coreJson, 'the core ran');
    for (const f of files) {
      const file = path.join(scratch, f.fileId);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, bytesOf(f));
    }
    const run = spawnSync(process.execPath, [cliPath, 'check', '.', '--format', 'json'], {
      cwd: scratch,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
    if (run.stdout !== coreJson) {
      const cli = JSON.parse(run.stdout) as { diagnostics: { file: string }[] };
      const core = JSON.parse(coreJson) as { diagnostics: { file: string }[] };
      const key = (d: unknown) => JSON.stringify(d);
      const onlyCli = cli.diagnostics.filter((d) => !core.diagnostics.some((c) => key(c) === key(d)));
      const onlyCore = core.diagnostics.filter((d) => !cli.diagnostics.some((c) => key(c) === key(d)));
      const first = onlyCli[0] ?? onlyCore[0];
      if (process.env['FUZZ_DUMP']) writeFileSync(process.env['FUZZ_DUMP'], `${coreJson}\n=====\n${run.stdout}`);
      assert.fail(
        `CLI and core differ (seed ${SEED}): ${onlyCli.length} diagnostics only from the CLI, ${onlyCore.length} only from the core${first ? `; first in ${context(first.file)}: ${key(first)}` : ' (status differs)'}`,
      );
    }
  });

  // Server = CLI, through the test LSP client as it is (only start, idle, diagnostics and shutdown).
  test('the language server publishes what the CLI reports', async () => {
    assert.ok(coreJson, 'the core ran');
    const expected = new Map<string, string[]>();
    for (const d of (JSON.parse(coreJson) as { diagnostics: DiagnosticJson[] }).diagnostics) {
      const uri = uriOf(path.join(scratch, d.file));
      expected.set(uri, [...(expected.get(uri) ?? []), summary(d)]);
    }
    const client = await startServer([scratch]);
    try {
      for (const f of files) {
        const uri = uriOf(path.join(scratch, f.fileId));
        const published = (client.diagnostics.get(uri) ?? []).map((d) =>
          summary({
            range: d.range,
            code: String(d.code),
            message: typeof d.message === 'string' ? d.message : d.message.value,
          }),
        );
        assert.deepEqual(published.sort(), (expected.get(uri) ?? []).sort(), context(f.fileId));
      }
    } finally {
      await client.shutdown();
    }
  });
});

interface DiagnosticJson {
  file: string;
  range: Diagnostic['range'];
  code: string;
  message: string;
}

function summary(d: Pick<DiagnosticJson, 'range' | 'code' | 'message'>): string {
  return `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.message}`;
}
