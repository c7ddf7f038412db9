// Turns measurements into the figures: medians and percentiles, each target evaluated on the
// largest workspace measured, growth from size to size, and a Markdown table (pasteable into the
// README) next to the JSON written to bench/results/.

import os from 'node:os';
import type { Counts } from './expect.js';
import type { EditType, Manifest } from './generate.js';
import { EDIT_DEBOUNCE_MS } from '../server/src/lsp/protocol.js';
import type { CliRun, FloorResult, LspResult } from './measure.js';
import type { Mismatch } from './verify.js';

export interface SizeResult {
  size: string;
  workspace: {
    cached: boolean;
    generateMs: number;
    stats: Manifest['stats'];
    broken: Counts;
    expected: { parents: Counts; routeResolvedRefs: Counts; diagnostics: Counts };
  };
  floor: FloorResult[];
  cli: CliRun[];
  lsp?: LspResult;
  /** Differences from the known answer, per check; empty lists mean agreement. */
  verification: Record<string, Mismatch[]>;
  loadavg: { start: number; end: number };
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
}

export function machine(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Nearest-rank percentile. */
export const percentile = (xs: readonly number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};

export function ms(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return 'n/a';
  if (x >= 10_000) return `${(x / 1000).toFixed(1)} s`;
  if (x >= 1000) return `${(x / 1000).toFixed(2)} s`;
  if (x >= 100) return `${x.toFixed(0)} ms`;
  return `${x.toFixed(1)} ms`;
}

const mb = (kb: number | undefined) => (kb === undefined ? 'n/a' : `${Math.round(kb / 1024)} MB`);

export interface Figures {
  floorMs: number;
  floorCpuMs: number;
  readMs: number;
  cliMs: number;
  cliCpuMs?: number;
  coldMs?: number;
  coldCpuMs?: number;
  warmMs?: number;
  warmIdleMs?: number;
  coldIdleMs?: number;
  warmNote?: string;
  edits: Partial<Record<EditType, { p50: number; p95: number; p50After: number; p95After: number; n: number }>>;
  hover?: { p50: number; p95: number; n: number };
  codeAction?: { p50: number; p95: number; n: number; p95WithDiagnostic: number; p95AtCursor: number };
  cliRssKb?: number;
  serverRssKb?: number;
}

export function figures(r: SizeResult): Figures {
  const f: Figures = {
    floorMs: median(r.floor.map((x) => x.parseMs)),
    floorCpuMs: median(r.floor.map((x) => x.parseCpuMs)),
    readMs: median(r.floor.map((x) => x.readMs)),
    cliMs: median(r.cli.map((x) => x.wallMs)),
    edits: {},
  };
  const cpu = r.cli.map((x) => x.cpuMs).filter((x): x is number => x !== undefined);
  if (cpu.length > 0) f.cliCpuMs = median(cpu);
  const rss = r.cli.map((x) => x.rssKb).filter((x): x is number => x !== undefined);
  if (rss.length > 0) f.cliRssKb = Math.max(...rss);
  if (r.lsp) {
    const l = r.lsp;
    f.coldMs = l.cold.ms;
    f.coldIdleMs = l.cold.idleMs;
    if (l.cold.cpuMs !== undefined) f.coldCpuMs = l.cold.cpuMs;
    if (l.warm) {
      f.warmMs = l.warm.ms;
      f.warmIdleMs = l.warm.idleMs;
    }
    f.warmNote = l.warmNote;
    for (const [type, s] of Object.entries(l.edits) as [EditType, NonNullable<LspResult['edits'][EditType]>][]) {
      f.edits[type] = {
        p50: percentile(s.ms, 50),
        p95: percentile(s.ms, 95),
        p50After: percentile(s.afterDebounceMs, 50),
        p95After: percentile(s.afterDebounceMs, 95),
        n: s.ms.length,
      };
    }
    f.hover = { p50: percentile(l.hover.ms, 50), p95: percentile(l.hover.ms, 95), n: l.hover.ms.length };
    f.codeAction = {
      p50: percentile(l.codeAction.ms, 50),
      p95: percentile(l.codeAction.ms, 95),
      n: l.codeAction.ms.length,
      p95WithDiagnostic: percentile(l.codeAction.withDiagnostic, 95),
      p95AtCursor: percentile(l.codeAction.atCursor, 95),
    };
    const serverRss = [l.rssKb, l.warmRssKb].filter((x): x is number => x !== undefined);
    if (serverRss.length > 0) f.serverRssKb = Math.max(...serverRss);
  }
  return f;
}

export type Verdict = 'met' | 'missed' | 'n/a';

export interface TargetCheck {
  id: string;
  measure: string;
  target: string;
  value: string;
  verdict: Verdict;
}

const EDIT_LABEL: Record<EditType, string> = {
  route: 'route',
  grant: 'ReferenceGrant',
  namespace: "Namespace's labels",
};

/** Growth is linear when the time ratio stays within this factor of the size ratio. */
export const LINEAR_SLACK = 1.25;
/** Edit latency is flat when the larger workspace's p95 is within this factor (or FLAT_MS) of the smaller's. */
export const FLAT_FACTOR = 1.5;
export const FLAT_MS = 5;

export function targetChecks(results: readonly SizeResult[]): TargetCheck[] {
  const largest = results[results.length - 1];
  if (!largest) return [];
  const f = figures(largest);
  const checks: TargetCheck[] = [];
  const ratio = (id: string, measure: string, value: number | undefined, factor: number, note?: string) => {
    const limit = factor * f.floorMs;
    checks.push({
      id,
      measure,
      target: `≤ ${factor} × (a) = ${ms(limit)}`,
      value: value === undefined ? (note ?? 'n/a') : `${ms(value)} (${(value / f.floorMs).toFixed(2)} × (a))`,
      verdict: value === undefined ? 'n/a' : value <= limit ? 'met' : 'missed',
    });
  };
  ratio('b', '(b) CLI cold', f.cliMs, 0.5);
  if (largest.lsp) {
    ratio('c', '(c) server cold start', f.coldMs, 0.6);
    ratio('d', '(d) server warm start', f.warmMs, 0.1, f.warmNote);
    for (const [type, e] of Object.entries(f.edits) as [EditType, NonNullable<Figures['edits'][EditType]>][]) {
      checks.push({
        id: `e-${type}`,
        measure: `(e) edit ${EDIT_LABEL[type]}, p95 after debounce`,
        target: '≤ 50 ms',
        value: ms(e.p95After),
        verdict: e.p95After <= 50 ? 'met' : 'missed',
      });
    }
    if (f.hover)
      checks.push({
        id: 'f-hover',
        measure: '(f) hover p95',
        target: '≤ 20 ms',
        value: ms(f.hover.p95),
        verdict: f.hover.p95 <= 20 ? 'met' : 'missed',
      });
    if (f.codeAction)
      checks.push({
        id: 'f-codeAction',
        measure: '(f) codeAction p95',
        target: '≤ 20 ms',
        value: ms(f.codeAction.p95),
        verdict: f.codeAction.p95 <= 20 ? 'met' : 'missed',
      });
  }
  const rssCheck = (id: string, measure: string, kb: number | undefined) =>
    checks.push({
      id,
      measure,
      target: '≤ 400 MB',
      value: mb(kb),
      verdict: kb === undefined ? 'n/a' : kb / 1024 <= 400 ? 'met' : 'missed',
    });
  rssCheck('g-cli', '(g) peak RSS, CLI', f.cliRssKb);
  if (largest.lsp) rssCheck('g-server', '(g) peak RSS, server', f.serverRssKb);

  // Growth, between the two largest sizes measured (the smallest is dominated by start-up costs).
  if (results.length >= 2) {
    const a = results[results.length - 2]!;
    const fa = figures(a);
    const sizeRatio = largest.workspace.stats.routes / a.workspace.stats.routes;
    const linear = (id: string, measure: string, small: number | undefined, large: number | undefined) => {
      if (small === undefined || large === undefined) return;
      const r = large / small;
      checks.push({
        id,
        measure: `${measure} grows linearly (${a.size} → ${largest.size})`,
        target: `≤ ${LINEAR_SLACK} × size ratio (${sizeRatio.toFixed(1)}×)`,
        value: `${r.toFixed(1)}×`,
        verdict: r <= LINEAR_SLACK * sizeRatio ? 'met' : 'missed',
      });
    };
    linear('growth-b', '(b)', fa.cliMs, f.cliMs);
    linear('growth-c', '(c)', fa.coldMs, f.coldMs);
    const first = figures(results[0]!);
    const worst = (x: Figures) => Math.max(...Object.values(x.edits).map((e) => e.p95After));
    if (Object.keys(first.edits).length > 0 && Object.keys(f.edits).length > 0) {
      const s = worst(first);
      const l = worst(f);
      checks.push({
        id: 'growth-e',
        measure: `(e) does not grow (${results[0]!.size} → ${largest.size}, worst p95 after debounce)`,
        target: `≤ ${FLAT_FACTOR}× or +${FLAT_MS} ms`,
        value: `${ms(s)} → ${ms(l)}`,
        verdict: l <= Math.max(FLAT_FACTOR * s, s + FLAT_MS) ? 'met' : 'missed',
      });
    }
  }
  return checks;
}

const mark = (v: Verdict) => (v === 'met' ? '✓' : v === 'missed' ? '✗' : 'n/a');

/** The per-size table of every figure, plus targets on the largest size and growth ratios. */
export function formatTable(
  results: readonly SizeResult[],
  checks: readonly TargetCheck[],
  m: Machine,
  date: string,
): string {
  const sizes = results.map((r) => r.size);
  const figs = results.map(figures);
  const largest = results[results.length - 1]!;
  const byId = new Map(checks.map((c) => [c.id, c]));
  const rows: string[][] = [];
  const header = ['Measure', ...sizes, `Target (${largest.size})`, ''];
  const target = (id: string): [string, string] => {
    const c = byId.get(id);
    return c ? [c.target, mark(c.verdict)] : ['', ''];
  };
  const row = (label: string, cell: (f: Figures, r: SizeResult) => string, id?: string) =>
    rows.push([label, ...figs.map((f, i) => cell(f, results[i]!)), ...(id ? target(id) : ['', ''])]);
  row(
    'Workspace: files / documents / MB',
    (_, r) =>
      `${r.workspace.stats.files} / ${r.workspace.stats.documents} / ${(r.workspace.stats.bytes / 1e6).toFixed(1)}`,
  );
  row(
    'Workspace: routes (with a problem)',
    (_, r) => `${r.workspace.stats.routes} (${r.workspace.stats.brokenRoutes})`,
  );
  row('Known answers (CLI, server, edits, warm start)', (_, r) =>
    Object.values(r.verification).every((x) => x.length === 0)
      ? `✓ ${Object.keys(r.verification).length} checks`
      : `✗ ${Object.values(r.verification).reduce((s, x) => s + x.length, 0)} differences`,
  );
  const cpuRatio = (x: number | undefined, f: Figures) =>
    x === undefined ? 'n/a' : `${ms(x)} (${(x / f.floorCpuMs).toFixed(2)}×a)`;
  row('(a) floor: yaml parseAllDocuments, 1 thread', (f) => ms(f.floorMs));
  row('    CPU time', (f) => ms(f.floorCpuMs));
  row('    reading the files (not in the floor)', (f) => ms(f.readMs));
  row('(b) CLI cold: check --format json', (f) => `${ms(f.cliMs)} (${(f.cliMs / f.floorMs).toFixed(2)}×a)`, 'b');
  row('    CPU time (Node start-up included)', (f) => cpuRatio(f.cliCpuMs, f));
  if (results.some((r) => r.lsp)) {
    row(
      '(c) server: initialize → all diagnostics',
      (f) => (f.coldMs === undefined ? 'n/a' : `${ms(f.coldMs)} (${(f.coldMs / f.floorMs).toFixed(2)}×a)`),
      'c',
    );
    row('    server CPU time by then (start-up included)', (f) => cpuRatio(f.coldCpuMs, f));
    row(
      '(d) server warm start (cache) → all diagnostics',
      (f) =>
        f.warmMs === undefined
          ? f.warmNote?.startsWith('n/a')
            ? 'n/a (no cache yet)'
            : 'n/a'
          : `${ms(f.warmMs)} (${(f.warmMs / f.floorMs).toFixed(2)}×a)`,
      'd',
    );
    row(
      '    analysis settled (idle): cold / warm',
      (f) =>
        `${f.coldIdleMs === undefined ? 'n/a' : ms(f.coldIdleMs)} / ${f.warmIdleMs === undefined ? 'n/a' : ms(f.warmIdleMs)}`,
    );
    for (const type of ['route', 'grant', 'namespace'] as const) {
      row(`(e) edit ${EDIT_LABEL[type]}: p50 / p95, debounce incl.`, (f) =>
        f.edits[type] ? `${ms(f.edits[type].p50)} / ${ms(f.edits[type].p95)}` : 'n/a',
      );
      row(
        `    after the ${EDIT_DEBOUNCE_MS} ms debounce: p50 / p95`,
        (f) => (f.edits[type] ? `${ms(f.edits[type].p50After)} / ${ms(f.edits[type].p95After)}` : 'n/a'),
        `e-${type}`,
      );
    }
    row('(f) hover: p50 / p95', (f) => (f.hover ? `${ms(f.hover.p50)} / ${ms(f.hover.p95)}` : 'n/a'), 'f-hover');
    row(
      '(f) codeAction: p50 / p95',
      (f) => (f.codeAction ? `${ms(f.codeAction.p50)} / ${ms(f.codeAction.p95)}` : 'n/a'),
      'f-codeAction',
    );
    row('    p95 with a diagnostic / at the cursor', (f) =>
      f.codeAction ? `${ms(f.codeAction.p95WithDiagnostic)} / ${ms(f.codeAction.p95AtCursor)}` : 'n/a',
    );
  }
  row('(g) peak RSS, CLI', (f) => mb(f.cliRssKb), 'g-cli');
  if (results.some((r) => r.lsp)) row('(g) peak RSS, server', (f) => mb(f.serverRssKb), 'g-server');
  row('Load average (1 min) at start / end', (_, r) => `${r.loadavg.start.toFixed(1)} / ${r.loadavg.end.toFixed(1)}`);

  const growth = checks.filter((c) => c.id.startsWith('growth'));
  const lines = [
    `Gateway Refs benchmark, ${date}: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}`,
    '',
    markdown(header, rows),
  ];
  const peak = Math.max(...results.flatMap((r) => [r.loadavg.start, r.loadavg.end]));
  // The benchmark keeps about one core busy itself; beyond the core count, others competed for them.
  if (peak > m.cores) {
    lines.push(
      '',
      `Note: the load average reached ${peak.toFixed(1)} on ${m.cores} cores during this run; other processes shared the CPU, so wall-clock figures are inflated and noisy. The CPU-time rows are the steadier comparison.`,
    );
  }
  if (results.length >= 2) {
    const steps: string[][] = [];
    for (let i = 1; i < results.length; i++) {
      const a = results[i - 1]!;
      const b = results[i]!;
      const fa = figs[i - 1]!;
      const fb = figs[i]!;
      const ratio = (x?: number, y?: number) => (x === undefined || y === undefined ? 'n/a' : `${(y / x).toFixed(1)}×`);
      const worst = (f: Figures) =>
        Object.keys(f.edits).length ? Math.max(...Object.values(f.edits).map((e) => e.p95After)) : undefined;
      steps.push([
        `${a.size} → ${b.size}`,
        `${(b.workspace.stats.routes / a.workspace.stats.routes).toFixed(1)}×`,
        ratio(fa.cliMs, fb.cliMs),
        ratio(fa.coldMs, fb.coldMs),
        ratio(worst(fa), worst(fb)),
      ]);
    }
    lines.push(
      '',
      markdown(['Growth', 'routes', '(b) CLI', '(c) server start', '(e) worst edit p95 after debounce'], steps),
    );
    if (growth.length > 0)
      lines.push(
        '',
        markdown(
          ['Growth target', 'Value', 'Target', ''],
          growth.map((c) => [c.measure, c.value, c.target, mark(c.verdict)]),
        ),
      );
  }
  return lines.join('\n');
}

function markdown(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
