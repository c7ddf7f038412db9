// The hostile-input section of `npm run bench` (issue 13): inputs an attacker or a careless tool
// writes, each at 1×, 2× and 4× its base size, through the CLI in a fresh process. The figure is
// CPU time with Node's start-up (an empty workspace's run) subtracted, so that the ratio between
// sizes shows how cost grows: 2× and 4× for linear cost, 4× and 16× for quadratic. Peak RSS is
// reported beside it. Each run's answer is checked too (the inputs are not supposed to be refused
// unless the case says so).

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RSS_FILE_ENV } from './lspClient.js';
import type { Paths } from './measure.js';

interface CliJson {
  diagnostics: { code: string }[];
}

interface HostileCase {
  name: string;
  /** What one unit of size is, for the table. */
  unit: string;
  base: number;
  /** The files of the workspace for size `n`. */
  files: (n: number) => Record<string, string>;
  /** The answer expected at size `n`: diagnostics by code (others must be absent), undefined to skip. */
  expected: (n: number) => Record<string, number>;
}

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hostile\n  namespace: infra\n';
const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: shared
  namespace: infra
spec:
  gatewayClassName: example
  listeners:
    - name: http
      protocol: HTTP
      port: 80
`;

function route(name: string, parents: string): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${name}
  namespace: infra
spec:
  parentRefs:
${parents}`;
}

export const HOSTILE_CASES: HostileCase[] = [
  {
    name: 'anchors and aliases in one ConfigMap',
    unit: 'anchor–alias pairs',
    base: 2500,
    files: (n) => {
      let text = `${CONFIG_MAP}data:\n`;
      for (let i = 0; i < n; i++) text += `  k${i}: &a${i} v${i}\n`;
      text += 'binaryData:\n';
      for (let i = 0; i < n; i++) text += `  r${i}: *a${i}\n`;
      return { 'gateway.yaml': GATEWAY, 'anchors.yaml': text };
    },
    expected: () => ({}),
  },
  {
    name: 'a chain of merge keys (refused at the bounds)',
    unit: 'merge keys',
    base: 1000,
    files: (n) => {
      let text = `${CONFIG_MAP}levels:\n  l0: &l0 {k0: v0}\n`;
      for (let i = 1; i < n; i++) text += `  l${i}: &l${i}\n    <<: *l${i - 1}\n    k${i}: v${i}\n`;
      return { 'gateway.yaml': GATEWAY, 'merges.yaml': text };
    },
    expected: () => ({ YAMLSyntax: 1 }),
  },
  {
    name: 'a wide mapping, full parser',
    unit: 'keys',
    base: 20000,
    files: (n) => {
      let text = `${CONFIG_MAP}data: !!map\n`;
      for (let i = 0; i < n; i++) text += `  key${i}: value ${i}\n`;
      return { 'gateway.yaml': GATEWAY, 'wide.yaml': text };
    },
    expected: () => ({}),
  },
  {
    name: 'one route with many parentRefs (misspelt sectionName)',
    unit: 'parentRefs',
    base: 5000,
    files: (n) => {
      let parents = '';
      for (let i = 0; i < n; i++) parents += `    - name: shared\n      sectionName: htp${i}\n`;
      return { 'gateway.yaml': GATEWAY, 'route.yaml': route('many-parents', parents) };
    },
    // More parentRefs than the CRD's maxItems: one InvalidField, which the API server would reject.
    expected: (n) => ({ NoMatchingParent: n, InvalidField: 1 }),
  },
  {
    name: "a long name beside near misses (no edit distance past a name's length)",
    unit: 'characters',
    base: 50000,
    files: (n) => {
      const gateway = (name: string) => GATEWAY.replace('name: shared', `name: ${name}`);
      const long = 'v'.repeat(n);
      return {
        'gateways.yaml': `${gateway(`${long}a`)}---\n${gateway(`${long}b`)}`,
        'route.yaml': route('long-parent', `    - name: ${long}c\n`),
      };
    },
    // Every name is longer than an object name can be (the parentRef's breaks the CRD's maxLength
    // too); the Gateway the route names is not there.
    expected: () => ({ InvalidField: 3, ParentNotFound: 1 }),
  },
  {
    name: 'one file of many route documents',
    unit: 'routes',
    base: 8000,
    files: (n) => {
      const docs: string[] = [];
      for (let i = 0; i < n; i++) docs.push(route(`r${i}`, '    - name: shared\n      sectionName: http\n'));
      return { 'gateway.yaml': GATEWAY, 'routes.yaml': docs.join('---\n') };
    },
    expected: () => ({}),
  },
];

export const HOSTILE_FACTORS = [1, 2, 4] as const;

export interface HostilePoint {
  factor: number;
  size: number;
  bytes: number;
  /** CPU time of the run (min of the runs), and the same minus the start-up baseline. */
  cpuMs: number;
  netCpuMs: number;
  wallMs: number;
  rssKb?: number;
  /** Differences from the expected answer (empty when it agrees). */
  mismatches: string[];
}

export interface HostileResult {
  name: string;
  unit: string;
  points: HostilePoint[];
  /** netCpu(2×) / netCpu(1×) and netCpu(4×) / netCpu(1×). */
  ratios: [number, number];
  linear: boolean;
}

export interface HostileSection {
  baselineCpuMs: number;
  cases: HostileResult[];
}

/** 4× the size may cost at most this many times 4× the base cost to count as linear (noise, GC). */
const LINEAR_SLACK = 1.5;

export async function measureHostile(
  paths: Paths,
  options: { runs: number; log: (m: string) => void },
): Promise<HostileSection> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-bench-hostile-'));
  try {
    const empty = path.join(scratch, 'empty');
    mkdirSync(empty);
    const baseline = await best(paths, empty, scratch, options.runs + 1);
    options.log(`[hostile] Node start-up (an empty workspace): ${baseline.cpuMs.toFixed(0)} ms CPU`);
    const cases: HostileResult[] = [];
    for (const c of HOSTILE_CASES) {
      const points: HostilePoint[] = [];
      for (const factor of HOSTILE_FACTORS) {
        const size = c.base * factor;
        const dir = path.join(scratch, `${c.name.replace(/\W+/g, '-')}-${factor}`);
        mkdirSync(dir);
        let bytes = 0;
        for (const [file, text] of Object.entries(c.files(size))) {
          writeFileSync(path.join(dir, file), text);
          bytes += Buffer.byteLength(text);
        }
        const r = await best(paths, dir, scratch, options.runs);
        const mismatches = compareCodes(c.expected(size), r.json);
        const point: HostilePoint = {
          factor,
          size,
          bytes,
          cpuMs: r.cpuMs,
          netCpuMs: Math.max(1, r.cpuMs - baseline.cpuMs),
          wallMs: r.wallMs,
          mismatches,
        };
        if (r.rssKb !== undefined) point.rssKb = r.rssKb;
        points.push(point);
        rmSync(dir, { recursive: true, force: true });
        options.log(
          `[hostile] ${c.name}, ${size} ${c.unit} (${(bytes / 1024).toFixed(0)} kB): ${r.cpuMs.toFixed(0)} ms CPU, ${(r.wallMs / 1000).toFixed(2)} s, ${r.rssKb === undefined ? 'RSS n/a' : `${Math.round(r.rssKb / 1024)} MB`}${mismatches.length > 0 ? ` ✗ ${mismatches.join('; ')}` : ''}`,
        );
      }
      const [one, two, four] = points as [HostilePoint, HostilePoint, HostilePoint];
      const ratios: [number, number] = [two.netCpuMs / one.netCpuMs, four.netCpuMs / one.netCpuMs];
      cases.push({ name: c.name, unit: c.unit, points, ratios, linear: ratios[1] <= 4 * LINEAR_SLACK });
    }
    return { baselineCpuMs: baseline.cpuMs, cases };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The run with the least CPU time of `runs` CLI runs in `dir`. */
async function best(
  paths: Paths,
  dir: string,
  scratch: string,
  runs: number,
): Promise<{ cpuMs: number; wallMs: number; rssKb?: number; json: CliJson }> {
  let result: { cpuMs: number; wallMs: number; rssKb?: number; json: CliJson } | undefined;
  for (let i = 0; i < runs; i++) {
    const r = await runCli(paths, dir, scratch);
    if (!result || r.cpuMs < result.cpuMs) result = r;
  }
  return result!;
}

function runCli(
  paths: Paths,
  dir: string,
  scratch: string,
): Promise<{ cpuMs: number; wallMs: number; rssKb?: number; json: CliJson }> {
  const usageFile = path.join(scratch, 'usage.json');
  rmSync(usageFile, { force: true });
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['--require', paths.rssHook, paths.cli, 'check', '.', '--format', 'json'], {
      cwd: dir,
      env: { ...process.env, [RSS_FILE_ENV]: usageFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - start;
      if (code !== 0 && code !== 1) return reject(new Error(`CLI failed (exit ${code}) in ${dir}:\n${stderr}`));
      let usage: { maxRssKb?: number; cpuMs?: number } = {};
      try {
        usage = JSON.parse(readFileSync(usageFile, 'utf8')) as typeof usage;
      } catch {
        // no figure: shown as n/a
      }
      let json: CliJson;
      try {
        json = JSON.parse(Buffer.concat(out).toString('utf8')) as CliJson;
      } catch {
        return reject(
          new Error(`CLI wrote no JSON (exit ${code}, ${Buffer.concat(out).length} bytes) in ${dir}:\n${stderr}`),
        );
      }
      resolve({
        cpuMs: usage.cpuMs ?? wallMs,
        wallMs,
        ...(usage.maxRssKb !== undefined ? { rssKb: usage.maxRssKb } : {}),
        json,
      });
    });
  });
}

function compareCodes(expected: Record<string, number>, json: CliJson): string[] {
  const actual: Record<string, number> = {};
  for (const d of json.diagnostics) actual[d.code] = (actual[d.code] ?? 0) + 1;
  const codes = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  const out: string[] = [];
  for (const code of [...codes].sort())
    if ((expected[code] ?? 0) !== (actual[code] ?? 0))
      out.push(`${code}: expected ${expected[code] ?? 0}, got ${actual[code] ?? 0}`);
  return out;
}

export function formatHostile(section: HostileSection): string {
  const ms = (v: number): string => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);
  const rows = section.cases.map((c) => {
    const cells = c.points.map(
      (p) =>
        `${ms(p.netCpuMs)}${p.rssKb === undefined ? '' : ` / ${Math.round(p.rssKb / 1024)} MB`}${p.mismatches.length > 0 ? ' ✗' : ''}`,
    );
    const sizes = c.points.map((p) => p.size.toLocaleString('en-US')).join(' / ');
    const kb = `${(c.points[0]!.bytes / 1024).toFixed(0)} kB at 1×`;
    return [
      `${c.name}: ${sizes} ${c.unit} (${kb})`,
      ...cells,
      `${c.ratios[0].toFixed(1)}× / ${c.ratios[1].toFixed(1)}×`,
      c.linear ? '✓' : '✗',
    ];
  });
  const header = ['Hostile input (CLI)', '1×: CPU / peak RSS', '2×', '4×', 'growth 2× / 4×', 'linear'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    `CPU time of the CLI minus Node's start-up (${ms(section.baselineCpuMs)}, an empty workspace); linear growth is 2× / 4×, quadratic 4× / 16×; "linear" allows 4× × ${LINEAR_SLACK}.`,
    '',
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}
