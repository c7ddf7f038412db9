// Rule citations in the sources point into docs/rules.md, the repository's digest of the Gateway
// API rules: every cited rule or section must be defined there, and every rule there must link the
// upstream text that states it (the gateway-api repository at the pinned commit, or the Kubernetes
// reference for the Kubernetes facts the API builds on).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './harness/paths.js';

const UPSTREAM_COMMIT = '4564255ac2c35d582249b3cdf261bdf51c8bca32';
const GATEWAY_API_BLOB = 'https://github.com/kubernetes-sigs/gateway-api/blob/';
const KUBERNETES_DOCS = 'https://kubernetes.io/docs/';

interface Entry {
  id: string;
  body: string;
}

/** Rules (`R7.8`) and sections (`§7`) of docs/rules.md: an `<a id>` anchor, then a heading that repeats the id. */
function parseRulesDoc(doc: string): { rules: Entry[]; sections: string[]; problems: string[] } {
  const rules: Entry[] = [];
  const sections: string[] = [];
  const problems: string[] = [];
  const anchors = [...doc.matchAll(/^<a id="([^"]+)"><\/a>$/gm)];
  anchors.forEach((m, i) => {
    const anchor = m[1]!;
    const end = i + 1 < anchors.length ? anchors[i + 1]!.index : doc.length;
    const body = doc.slice(m.index + m[0].length, end);
    const heading = /^\s*(#+) (\S+)/.exec(body);
    const rule = /^R\d+\.\d+$/.test(anchor);
    const section = /^s(\d+)$/.exec(anchor);
    if (rule && heading?.[1] === '###' && heading[2] === anchor) rules.push({ id: anchor, body });
    else if (section && heading?.[1] === '##' && heading[2] === `§${section[1]}`) sections.push(`§${section[1]}`);
    else problems.push(`anchor "${anchor}" is not followed by its heading ("### R1.2 …" or "## §1 …")`);
  });
  return { rules, sections, problems };
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const full = path.join(dir, e);
    if (statSync(full).isDirectory()) out.push(...sources(full));
    else if (e.endsWith('.ts')) out.push(full);
  }
  return out;
}

/**
 * The ids a source file cites: every id after `rules.md` (a list such as `rules.md R4.1–R4.2, R9.4, §11`,
 * ranges expanded), and every bare rule id (`R7.8`) anywhere, so that no id escapes the check.
 */
function citedIds(text: string): string[] {
  const ids: string[] = [];
  const list = /rules\.md((?:[\s,]*(?:R\d+\.\d+|§\d+)(?:\s*[–-]\s*(?:R\d+\.\d+|§\d+))?)+)/g;
  for (const m of text.matchAll(list)) {
    for (const item of m[1]!.matchAll(/(R\d+\.\d+|§\d+)(?:\s*[–-]\s*(R\d+\.\d+|§\d+))?/g))
      ids.push(...expandRange(item[1]!, item[2]));
  }
  for (const m of text.matchAll(/(?<![\w.])R\d+\.\d+(?!\d)/g)) ids.push(m[0]);
  return [...new Set(ids)];
}

/** `R9.3–R9.5` → R9.3, R9.4, R9.5; `§2–§4` → §2, §3, §4; a range across sections stays its two ends. */
function expandRange(from: string, to: string | undefined): string[] {
  if (!to) return [from];
  const rule = (id: string) => /^R(\d+)\.(\d+)$/.exec(id);
  const a = rule(from);
  const b = rule(to);
  if (a && b && a[1] === b[1] && Number(a[2]) < Number(b[2]))
    return Array.from({ length: Number(b[2]) - Number(a[2]) + 1 }, (_, k) => `R${a[1]}.${Number(a[2]) + k}`);
  const sa = /^§(\d+)$/.exec(from);
  const sb = /^§(\d+)$/.exec(to);
  if (sa && sb && Number(sa[1]) < Number(sb[1]))
    return Array.from({ length: Number(sb[1]) - Number(sa[1]) + 1 }, (_, k) => `§${Number(sa[1]) + k}`);
  return [from, to];
}

const doc = readFileSync(path.join(repoRoot, 'docs/rules.md'), 'utf8');
const parsed = parseRulesDoc(doc);

test('docs/rules.md: every anchor heads a rule or section, and ids are unique', () => {
  assert.deepEqual(parsed.problems, []);
  const ids = [...parsed.rules.map((r) => r.id), ...parsed.sections];
  assert.deepEqual(
    ids.filter((id, i) => ids.indexOf(id) !== i),
    [],
    'ids defined twice',
  );
  assert.ok(parsed.rules.length > 0, 'docs/rules.md defines no rule');
});

test('docs/rules.md: every rule links an upstream source, and gateway-api links are pinned', () => {
  const unsourced = parsed.rules
    .filter(
      (r) => !r.body.includes(`](${GATEWAY_API_BLOB}${UPSTREAM_COMMIT}/`) && !r.body.includes(`](${KUBERNETES_DOCS}`),
    )
    .map((r) => r.id);
  assert.deepEqual(unsourced, [], 'rules without an upstream link');
  const unpinned = [
    ...doc.matchAll(/\]\((https:\/\/github\.com\/kubernetes-sigs\/gateway-api\/(?:blob|tree)\/[^)]*)\)/g),
  ]
    .map((m) => m[1]!)
    .filter((url) => !url.startsWith(`${GATEWAY_API_BLOB}${UPSTREAM_COMMIT}/`));
  assert.deepEqual(unpinned, [], 'gateway-api links not pinned to the commit the rules were read at');
  const anchors = new Set([...doc.matchAll(/^<a id="([^"]+)"><\/a>$/gm)].map((m) => m[1]!));
  const broken = [...doc.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!).filter((a) => !anchors.has(a));
  assert.deepEqual(broken, [], 'links to anchors docs/rules.md does not define');
});

test('every rule citation in server/src names a rule or section of docs/rules.md', () => {
  const defined = new Set([...parsed.rules.map((r) => r.id), ...parsed.sections]);
  const cited: string[] = [];
  const unknown: string[] = [];
  for (const file of sources(path.join(repoRoot, 'server/src'))) {
    for (const id of citedIds(readFileSync(file, 'utf8'))) {
      cited.push(id);
      if (!defined.has(id)) unknown.push(`${path.relative(repoRoot, file)}: ${id}`);
    }
  }
  assert.deepEqual(unknown, []);
  assert.ok(cited.length > 0, 'no rule citation found in server/src: has the citation form changed?');
  const oldForm = sources(path.join(repoRoot, 'server/src')).filter((f) => /\bRULES\b/.test(readFileSync(f, 'utf8')));
  assert.deepEqual(
    oldForm.map((f) => path.relative(repoRoot, f)),
    [],
    'cite docs/rules.md, not the team digest',
  );
});

test('the citation reader understands lists and ranges', () => {
  assert.deepEqual(citedIds('(rules.md R4.1–R4.2, R4.8, §9–§10)'), ['R4.1', 'R4.2', 'R4.8', '§9', '§10']);
  assert.deepEqual(citedIds('see rules.md §7 and YAML 1.2 §5.7'), ['§7']);
  assert.deepEqual(citedIds("follows R6.1's order"), ['R6.1']);
});
