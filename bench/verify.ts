// Checks an analysis against the known answer. `observe` turns the CLI's JSON (version 1, see
// README) into the same tallies the generator expects; `compare` lists every difference, so a
// failure says exactly which count, code or file disagrees.

import type { Counts, Expected } from './expect.js';

/** The subset of the CLI's JSON output the benchmark reads. */
export interface CliJson {
  version: number;
  diagnostics: { file: string; code: string }[];
  routes: {
    kind: string;
    namespace: string;
    name: string;
    file: string;
    parents: { conditions: { type: string; status: string; reason: string }[] }[];
  }[];
  gateways: { namespace: string; name: string; file: string; listeners: { name: string; attachedRoutes: number }[] }[];
}

function add(counts: Counts, key: string, n = 1): void {
  counts[key] = (counts[key] ?? 0) + n;
}

export function observe(json: CliJson): Expected {
  const obs: Expected = {
    parents: {},
    routeResolvedRefs: {},
    routesByKind: {},
    diagnostics: {},
    fileDiagnostics: {},
    attachedRoutes: {},
    brokenRoutes: 0,
  };
  for (const d of json.diagnostics) {
    add(obs.diagnostics, d.code);
    add((obs.fileDiagnostics[d.file] ??= {}), d.code);
  }
  for (const r of json.routes) {
    add(obs.routesByKind, r.kind);
    let broken = false;
    let resolved: string | undefined;
    for (const p of r.parents) {
      const accepted = p.conditions.find((c) => c.type === 'Accepted');
      const refs = p.conditions.find((c) => c.type === 'ResolvedRefs');
      add(obs.parents, accepted ? `${accepted.status}/${accepted.reason}` : 'missing');
      if (accepted?.status !== 'True') broken = true;
      resolved ??= refs ? `${refs.status}/${refs.reason}` : 'missing';
    }
    // ResolvedRefs is one value per route, repeated on each parent.
    add(obs.routeResolvedRefs, resolved ?? 'no parents');
    if (resolved?.startsWith('False/')) broken = true;
    if (broken) obs.brokenRoutes++;
  }
  for (const g of json.gateways)
    for (const l of g.listeners) obs.attachedRoutes[`${g.file}|${g.namespace}/${g.name}|${l.name}`] = l.attachedRoutes;
  return obs;
}

/** Per-file diagnostic codes from a list of (file, code) pairs. */
export function codesByFile(diagnostics: Iterable<{ file: string; code: string }>): Record<string, Counts> {
  const out: Record<string, Counts> = {};
  for (const d of diagnostics) add((out[d.file] ??= {}), d.code);
  return out;
}

export interface Mismatch {
  what: string;
  key: string;
  expected: string;
  actual: string;
}

function diffCounts(what: string, expected: Counts, actual: Counts, out: Mismatch[]): void {
  for (const key of [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()) {
    const e = expected[key] ?? 0;
    const a = actual[key] ?? 0;
    if (e !== a) out.push({ what, key, expected: String(e), actual: String(a) });
  }
}

const fmt = (c: Counts | undefined) =>
  c && Object.keys(c).length > 0
    ? Object.entries(c)
        .sort()
        .map(([k, v]) => `${k}×${v}`)
        .join(', ')
    : '(none)';

export function diffFiles(
  what: string,
  expected: Record<string, Counts>,
  actual: Record<string, Counts>,
  out: Mismatch[],
): void {
  for (const file of [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()) {
    const e = expected[file] ?? {};
    const a = actual[file] ?? {};
    const keys = new Set([...Object.keys(e), ...Object.keys(a)]);
    if ([...keys].some((k) => (e[k] ?? 0) !== (a[k] ?? 0)))
      out.push({ what, key: file, expected: fmt(e), actual: fmt(a) });
  }
}

export function compare(expected: Expected, actual: Expected): Mismatch[] {
  const out: Mismatch[] = [];
  diffCounts('routes by kind', expected.routesByKind, actual.routesByKind, out);
  diffCounts('route parents by Accepted status/reason', expected.parents, actual.parents, out);
  diffCounts('routes by ResolvedRefs status/reason', expected.routeResolvedRefs, actual.routeResolvedRefs, out);
  if (expected.brokenRoutes !== actual.brokenRoutes)
    out.push({
      what: 'routes with a problem',
      key: 'total',
      expected: String(expected.brokenRoutes),
      actual: String(actual.brokenRoutes),
    });
  diffCounts('diagnostics by code', expected.diagnostics, actual.diagnostics, out);
  diffCounts('listener attachedRoutes', expected.attachedRoutes, actual.attachedRoutes, out);
  diffFiles('diagnostic codes per file', expected.fileDiagnostics, actual.fileDiagnostics, out);
  return out;
}

/** A readable report of mismatches, at most `limit` lines per kind. */
export function formatMismatches(mismatches: readonly Mismatch[], limit = 25): string {
  const byWhat = new Map<string, Mismatch[]>();
  for (const m of mismatches) byWhat.set(m.what, [...(byWhat.get(m.what) ?? []), m]);
  const lines: string[] = [];
  for (const [what, list] of byWhat) {
    lines.push(`  ${what}: ${list.length} difference${list.length === 1 ? '' : 's'}`);
    for (const m of list.slice(0, limit)) lines.push(`    ${m.key}: expected ${m.expected}, got ${m.actual}`);
    if (list.length > limit) lines.push(`    … ${list.length - limit} more`);
  }
  return lines.join('\n');
}
