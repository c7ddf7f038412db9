// Applying quick fixes to an in-memory workspace and judging them: edits must not overlap or drop
// comments, every touched file must still be valid YAML, the fixed diagnostic must be gone, nothing
// new of warning or error severity may appear, nothing new at all may appear on the inserted text, at
// most one existing object may read differently (a fix that writes through an anchor changes
// others too), and analysing the result incrementally must equal analysing it from scratch.

import assert from 'node:assert/strict';
import { createTwoFilesPatch } from 'diff';
import { parseAllDocuments } from 'yaml';
import type { Diagnostic, Fix, TextEdit } from '../../server/src/core/api.js';
import { LineIndex } from '../../server/src/core/api.js';
import { CoreDriver } from './core.js';
import type { Fixture } from './fixtures.js';
import { coreHost } from './fixtures.js';
import { isMarkerLine } from './markers.js';

export function applyEdits(
  text: string,
  edits: readonly TextEdit[],
): { text: string; inserted: { start: number; end: number }[] } {
  const bom = text.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const body = bom ? text.slice(1) : text;
  const lines = LineIndex.of(body);
  const spans = edits
    .map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), newText: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < spans.length; i++)
    assert.ok(spans[i]!.start >= spans[i - 1]!.end, `edits overlap at offset ${spans[i]!.start}`);
  let out = '';
  let cursor = 0;
  const inserted: { start: number; end: number }[] = [];
  for (const s of spans) {
    out += body.slice(cursor, s.start);
    inserted.push({ start: out.length, end: out.length + s.newText.length });
    out += s.newText;
    cursor = s.end;
  }
  out += body.slice(cursor);
  return { text: bom + out, inserted };
}

export interface AppliedFix {
  files: Map<string, string>;
  /** Inserted ranges per file, as offsets into the new text. */
  inserted: Map<string, { start: number; end: number }[]>;
  diff: string;
}

export function applyFix(files: ReadonlyMap<string, string>, fix: Fix): AppliedFix {
  const next = new Map(files);
  const inserted = new Map<string, { start: number; end: number }[]>();
  let diff = '';
  for (const c of fix.creates) {
    assert.ok(!files.has(c.fileId), `fix creates ${c.fileId}, which exists`);
    next.set(c.fileId, c.text);
    inserted.set(c.fileId, [{ start: 0, end: c.text.length }]);
  }
  for (const e of fix.edits) {
    const before = next.get(e.fileId);
    assert.ok(before !== undefined, `fix edits ${e.fileId}, which is not in the workspace`);
    const result = applyEdits(before, e.edits);
    next.set(e.fileId, result.text);
    inserted.set(e.fileId, result.inserted);
  }
  for (const fileId of [...new Set([...fix.creates.map((c) => c.fileId), ...fix.edits.map((e) => e.fileId)])].sort()) {
    diff += createTwoFilesPatch(
      files.has(fileId) ? fileId : '/dev/null',
      fileId,
      files.get(fileId) ?? '',
      next.get(fileId) ?? '',
      undefined,
      undefined,
      { context: 2 },
    )
      .split('\n')
      .filter((l) => !l.startsWith('====='))
      .join('\n');
  }
  return { files: next, inserted, diff };
}

/** Every check of STYLE §4.5 on one applied fix. */
export function checkAppliedFix(fixture: Fixture, before: CoreDriver, fix: Fix, applied: AppliedFix): void {
  const label = `fix "${fix.title}" for ${fix.code} ${fix.subject}`;
  for (const [fileId, text] of applied.files) {
    if (text === fixture.files.get(fileId)) continue;
    const original = fixture.files.get(fileId);
    // Files with YAML errors of their own may keep them; a fix must not add any.
    const allowed = original === undefined ? [] : [...originalYamlErrors(original)];
    for (const e of yamlErrors(text)) {
      const i = allowed.indexOf(e);
      assert.ok(i >= 0, `${label}: ${fileId} has a new YAML error: ${e}`);
      allowed.splice(i, 1);
    }
    if (original === undefined) {
      // A created file follows the workspace's line breaks, where they agree.
      const styles = new Set(
        [...fixture.files.values()].filter((t) => t.includes('\n')).map((t) => t.includes('\r\n')),
      );
      if (styles.size === 1)
        assert.equal(
          text.includes('\r\n'),
          [...styles][0],
          `${label}: ${fileId} does not use the workspace's line breaks`,
        );
      if (text.includes('\r\n')) assert.doesNotMatch(text, /[^\r]\n/, `${label}: ${fileId} mixes line breaks`);
    } else {
      const kept = comments(text);
      for (const comment of comments(original))
        assert.ok(kept.includes(comment), `${label}: ${fileId} lost the comment ${JSON.stringify(comment)}`);
      assert.equal(text.includes('\r\n'), original.includes('\r\n'), `${label}: ${fileId} changed its line breaks`);
    }
  }
  const changed = [...applied.files]
    .filter(([fileId, text]) => fixture.files.get(fileId) !== undefined && fixture.files.get(fileId) !== text)
    .flatMap(([fileId, text]) => changedObjects(fileId, fixture.files.get(fileId)!, text));
  assert.ok(changed.length <= 1, `${label}: changes more than one object: ${changed.join(', ')}`);
  const fresh = new CoreDriver(fixture.config.options ?? {});
  fresh.applyChanges([...applied.files].map(([fileId, text]) => ({ fileId, text })));
  const incremental = coreHost(fixture);
  incremental.applyChanges(
    [...applied.files]
      .filter(([id, text]) => fixture.files.get(id) !== text)
      .map(([fileId, text]) => ({ fileId, text })),
  );
  assert.deepEqual(
    snapshot(incremental, applied.files.keys()),
    snapshot(fresh, applied.files.keys()),
    `${label}: incremental analysis differs from a fresh one`,
  );

  const key = (d: Diagnostic) => `${d.code} ${d.subject}`;
  const after = [...applied.files.keys()].flatMap((f) => fresh.diagnostics(f));
  const earlier = new Set([...fixture.files.keys()].flatMap((f) => before.diagnostics(f)).map(key));
  assert.ok(
    !after.some((d) => d.code === fix.code && d.subject === fix.subject),
    `${label}: the diagnostic is still there`,
  );
  const added = after.filter((d) => (d.severity === 'error' || d.severity === 'warning') && !earlier.has(key(d)));
  assert.deepEqual(
    added.map((d) => `${d.fileId}:${d.range.start.line + 1} ${d.code} ${d.message}`),
    [],
    `${label}: introduced new problems`,
  );
  for (const d of after) {
    // A copy written in place of an alias carries what its object had before, problems included.
    if (earlier.has(key(d))) continue;
    const spans = applied.inserted.get(d.fileId) ?? [];
    const lines = fresh.lineIndex(d.fileId);
    const start = lines ? lines.offset(d.range.start) : -1;
    const onNewText = spans.some((s) => start >= s.start && start < s.end);
    assert.ok(!onNewText, `${label}: the inserted text has a diagnostic: ${d.code} ${d.message}`);
  }
}

/**
 * The objects of `before` (documents, and the items of a `…List`) that read differently in
 * `after`, merge keys and aliases resolved; documents appended after them are new. A document
 * the parser rejects (in either text) is compared as text.
 */
function changedObjects(fileId: string, before: string, after: string): string[] {
  const parse = (text: string) => parseAllDocuments(text, { merge: true, uniqueKeys: false });
  const objects = (d: ReturnType<typeof parse>[number]): string[] => {
    const { kind, items } = (d.toJS() ?? {}) as { kind?: unknown; items?: unknown };
    const list = typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items);
    return (list ? (items as unknown[]) : [d.toJS()]).map((v) => JSON.stringify(v));
  };
  const old = parse(before);
  const now = parse(after);
  const changed: string[] = [];
  old.forEach((d, i) => {
    const n = now[i];
    const text = (doc: typeof d, source: string) => source.slice(doc.range[0], doc.range[2]);
    let a: string[];
    let b: string[];
    try {
      if (d.errors.length > 0 || !n || n.errors.length > 0) throw new Error('unreadable');
      [a, b] = [objects(d), objects(n)];
    } catch {
      // An alias bomb, a syntax error: compared as text.
      [a, b] = [[text(d, before)], n ? [text(n, after)] : []];
    }
    a.forEach((o, j) => {
      if (b[j] !== o) changed.push(`${fileId} document ${i + 1}${a.length > 1 ? ` item ${j + 1}` : ''}`);
    });
  });
  return changed;
}

function yamlErrors(text: string): string[] {
  // A stack overflow on absurd nesting is the parser's limit, not the text's: whether it is hit
  // depends on how far the engine has optimised the parser, so it is not compared.
  return parseAllDocuments(text)
    .flatMap((d) => d.errors.map((e) => e.message.split(' at line')[0]!))
    .filter((e) => !e.includes('Maximum call stack size exceeded'));
}

/** The YAML errors of a fixture file, which every fix to that file is compared with. */
const errorsOfOriginal = new Map<string, readonly string[]>();
function originalYamlErrors(text: string): readonly string[] {
  let errors = errorsOfOriginal.get(text);
  if (!errors) errorsOfOriginal.set(text, (errors = yamlErrors(text)));
  return errors;
}

/** Full-line and trailing comments (a `#` at the start or after whitespace, outside quotes). */
function comments(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (isMarkerLine(line)) out.push(line.trim());
    const m = /(?:^|\s)(#.*)$/.exec(line.replace(/"[^"]*"|'[^']*'/g, (q) => ' '.repeat(q.length)));
    if (m) out.push(line.slice(line.length - m[1]!.length).trim());
  }
  return out;
}

function snapshot(host: CoreDriver, files: Iterable<string>): unknown {
  return { diagnostics: [...files].map((f) => host.diagnostics(f)), status: host.status() };
}
