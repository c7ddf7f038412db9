// Entry point of `npm run bench` (bundled to out/bench/bench.js): for each size, get the generated
// workspace (cached), verify the CLI and the language server against its known answer, measure
// (a)–(g), then print the table with every figure next to its target; then the hostile-input
// section (hostile.ts: cost growth at 1×, 2×, 4×); and write the JSON results.
// Progress goes to stderr, the results to stdout. Exit status 1 when any known answer disagrees.

import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Manifest, Workspace } from './generate.js';
import { cacheRoot, ensureWorkspace, GENERATOR_VERSION } from './generate.js';
import type { CliRun, FloorResult } from './measure.js';
import { benchPaths, floorInProcess, measureCli, measureFloor, measureServer } from './measure.js';
import type { FloodResult } from './editFlood.js';
import { formatEditFlood, measureEditFlood } from './editFlood.js';
import type { HostileSection } from './hostile.js';
import { formatHostile, measureHostile } from './hostile.js';
import { formatProfile, profileCli } from './profile.js';
import type { ProfileSummary } from './profile.js';
import type { SizeResult } from './report.js';
import { formatTable, machine, targetChecks } from './report.js';
import type { Counts } from './expect.js';
import type { Mismatch } from './verify.js';
import { codesByFile, compare, formatMismatches, observe } from './verify.js';
import type { SizeName } from './world.js';
import { isSizeName, SIZES } from './world.js';

const USAGE = `Usage: npm run bench -- [options]

Generates synthetic multi-tenant workspaces (cached under ${cacheRoot()}), checks the CLI and the
language server against their known answers, and measures issue 4's figures (a)–(g).

Options:
  --sizes LIST      Comma-separated sizes: small, medium, large (default: all three)
  --runs N          Runs of (a) and (b) per size, alternating (default: small 5, medium 3, large 3)
  --edits N         Edits per edit type, at least 50 recommended (default: 50)
  --probes N        Hover and code action requests each (default: 100)
  --skip-lsp        Skip the language server: (c)–(f) and its RSS
  --regenerate      Generate the workspaces again even when cached
  --profile         Also profile the CLI (node --cpu-prof) on the largest size and summarise it
  --skip-hostile    Skip the hostile-input section (cost growth on anchors, merge keys, wide mappings…)
  --skip-flood      Skip the edit flood (server RSS under thousands of didChange notifications)
  --flood-changes N didChange notifications per flood (default: 5000)
  --hostile-only    Run only the hostile-input section and the edit flood
  --strict          Exit 1 when a target is missed (not only when a known answer disagrees)
  --no-results      Do not write bench/results/*.json
  -h, --help        Show this help
`;

const DEFAULT_RUNS: Record<SizeName, number> = { small: 5, medium: 3, large: 3 };

const log = (message: string) => process.stderr.write(`${message}\n`);

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--internal-floor') {
    const [dir, manifestFile] = argv.slice(1) as [string, string];
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    process.stdout.write(JSON.stringify(floorInProcess(dir, manifest.files)));
    return 0;
  }
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        sizes: { type: 'string', default: 'small,medium,large' },
        runs: { type: 'string' },
        edits: { type: 'string', default: '50' },
        probes: { type: 'string', default: '100' },
        'skip-lsp': { type: 'boolean', default: false },
        regenerate: { type: 'boolean', default: false },
        profile: { type: 'boolean', default: false },
        'skip-hostile': { type: 'boolean', default: false },
        'hostile-only': { type: 'boolean', default: false },
        'skip-flood': { type: 'boolean', default: false },
        'flood-changes': { type: 'string', default: '5000' },
        strict: { type: 'boolean', default: false },
        'no-results': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    log(`bench: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const sizes = values.sizes
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = sizes.filter((s) => !isSizeName(s));
  if (unknown.length > 0 || sizes.length === 0) {
    log(`bench: unknown size ${unknown.join(', ') || '(none)'}; use ${Object.keys(SIZES).join(', ')}.\n\n${USAGE}`);
    return 2;
  }
  const order = Object.keys(SIZES);
  const selected = [...new Set(sizes as SizeName[])].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const number = (v: string | undefined, name: string, min: number): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
    return n;
  };
  let runs: number | undefined;
  let editsPerType: number;
  let probes: number;
  let floodChanges: number;
  try {
    runs = number(values.runs, 'runs', 1);
    editsPerType = number(values.edits, 'edits', 2)!;
    probes = number(values.probes, 'probes', 2)!;
    floodChanges = number(values['flood-changes'], 'flood-changes', 100)!;
  } catch (error) {
    log(`bench: ${(error as Error).message}`);
    return 2;
  }

  const paths = benchPaths(__dirname);
  const m = machine();
  const date = new Date();
  log(
    `Gateway Refs benchmark: ${values['hostile-only'] ? 'hostile input' : selected.join(', ')} on ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB), Node ${m.node}; generator v${GENERATOR_VERSION}`,
  );
  if (os.loadavg()[0]! > m.cores / 2)
    log(
      `warning: load average ${os.loadavg()[0]!.toFixed(1)} on ${m.cores} cores; other processes are competing for the CPU and the figures will be noisy`,
    );

  const results: SizeResult[] = [];
  let last: Workspace | undefined; // the largest, profiled after the table
  for (const size of values['hostile-only'] ? [] : selected) {
    const loadStart = os.loadavg()[0]!;
    log(`\n[${size}] workspace…`);
    const ws = ensureWorkspace(size, { regenerate: values.regenerate });
    last = ws;
    const st = ws.manifest.stats;
    log(
      `[${size}] ${ws.cached ? 'cached' : 'generated'} in ${(ws.generateMs / 1000).toFixed(1)} s: ${st.files} files, ${st.documents} documents, ${(st.bytes / 1e6).toFixed(1)} MB, ${st.routes} routes (${st.brokenRoutes} with a problem), ${st.referenceGrants} ReferenceGrants — ${ws.dir}`,
    );
    const verification: Record<string, Mismatch[]> = {};
    const n = runs ?? DEFAULT_RUNS[size];

    // (a) and (b) alternate, so that a load that comes and goes during the runs weighs on both.
    const floor: FloorResult[] = [];
    const cli: CliRun[] = [];
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-bench-cli-'));
    let cliCodes: Record<string, Counts> = {};
    try {
      for (let i = 0; i < n; i++) {
        const f = await measureFloor(paths, ws);
        floor.push(f);
        log(
          `[${size}] (a) floor run ${i + 1}/${n}: parse ${(f.parseMs / 1000).toFixed(2)} s (read ${(f.readMs / 1000).toFixed(2)} s), ${f.documents} documents`,
        );
        if (i === 0)
          verification['floor parses every document without YAML errors'] =
            f.documents === st.documents && f.yamlErrors === 0
              ? []
              : [
                  {
                    what: 'floor',
                    key: 'documents / YAML errors',
                    expected: `${st.documents} / 0`,
                    actual: `${f.documents} / ${f.yamlErrors}`,
                  },
                ];
        const { run, json } = await measureCli(paths, ws, scratch);
        cli.push(run);
        log(
          `[${size}] (b) CLI run ${i + 1}/${n}: ${(run.wallMs / 1000).toFixed(2)} s, peak RSS ${run.rssKb === undefined ? 'n/a' : `${Math.round(run.rssKb / 1024)} MB`}, exit ${run.exitCode}`,
        );
        if (i === 0) {
          verification['CLI vs known answer'] = compare(ws.manifest.expected, observe(json));
          cliCodes = codesByFile(json.diagnostics);
          report(size, 'CLI vs known answer', verification['CLI vs known answer']);
        }
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }

    const result: SizeResult = {
      size,
      workspace: {
        cached: ws.cached,
        generateMs: ws.generateMs,
        stats: st,
        broken: ws.manifest.broken,
        expected: {
          parents: ws.manifest.expected.parents,
          routeResolvedRefs: ws.manifest.expected.routeResolvedRefs,
          diagnostics: ws.manifest.expected.diagnostics,
        },
      },
      floor,
      cli,
      verification,
      loadavg: { start: loadStart, end: 0 },
    };
    if (!values['skip-lsp']) {
      log(`[${size}] (c)–(f) language server…`);
      const lsp = await measureServer(paths, ws, {
        editsPerType,
        probes,
        startTimeoutMs: 15 * 60_000,
        timeoutMs: 60_000,
        cliCodes,
      });
      result.lsp = lsp;
      verification['server vs CLI and edit expectations'] = lsp.mismatches;
      report(size, 'server vs CLI and edit expectations', lsp.mismatches);
      log(
        `[${size}] (c) cold start ${(lsp.cold.ms / 1000).toFixed(2)} s; (d) ${lsp.warm ? `warm start ${(lsp.warm.ms / 1000).toFixed(2)} s` : lsp.warmNote}; edits ${Object.values(lsp.edits).reduce((s, e) => s + e.ms.length, 0)}, hovers ${lsp.hover.ms.length}, code actions ${lsp.codeAction.ms.length}`,
      );
    }
    result.loadavg.end = os.loadavg()[0]!;
    results.push(result);
  }

  const checks = results.length > 0 ? targetChecks(results) : [];
  const stamp = `${date.toISOString().slice(0, 16).replace(':', '')}`;
  if (results.length > 0) {
    process.stdout.write(`\n${formatTable(results, checks, m, date.toISOString().slice(0, 16).replace('T', ' '))}\n`);
    process.stdout.write(
      `\nTargets apply to the ${results[results.length - 1]!.size} workspace; (e)'s target to the latency after the server's edit debounce.\n`,
    );
  }

  let hostile: HostileSection | undefined;
  if (!values['skip-hostile']) {
    log('\n[hostile] inputs at 1×, 2×, 4×…');
    hostile = await measureHostile(paths, { runs: runs ?? 2, log });
    process.stdout.write(`\n${formatHostile(hostile)}\n`);
  }
  let flood: FloodResult | undefined;
  if (!values['skip-flood']) {
    log('\n[flood] didChange notifications as fast as they go…');
    flood = await measureEditFlood(paths, { changes: floodChanges, log });
    process.stdout.write(`\n${formatEditFlood(flood)}\n`);
  }

  let profile: ProfileSummary | undefined;
  if (values.profile && last) {
    const size = selected[selected.length - 1]!;
    log(`\n[${size}] profiling the CLI…`);
    mkdirSync(paths.results, { recursive: true });
    profile = await profileCli(paths, last, path.join(paths.results, `${stamp}-cli-${size}.cpuprofile`));
    process.stdout.write(`\n${formatProfile(profile, size)}\n`);
  }

  if (!values['no-results']) {
    mkdirSync(paths.results, { recursive: true });
    const sections = [
      ...(values['hostile-only'] ? [] : selected),
      ...(hostile ? ['hostile'] : []),
      ...(flood ? ['flood'] : []),
    ];
    const file = path.join(paths.results, `${stamp}-${sections.join('+')}.json`);
    const json = {
      schema: 1,
      date: date.toISOString(),
      machine: m,
      generatorVersion: GENERATOR_VERSION,
      options: {
        sizes: selected,
        runs: runs ?? selected.map((s) => DEFAULT_RUNS[s]),
        editsPerType,
        probes,
        skipLsp: values['skip-lsp'],
      },
      targets: checks,
      sizes: results,
      ...(hostile ? { hostile } : {}),
      ...(flood ? { flood } : {}),
      ...(profile ? { profile } : {}),
    };
    writeFileSync(`${file}.tmp`, `${JSON.stringify(json, null, 1)}\n`);
    renameSync(`${file}.tmp`, file);
    log(`\nresults: ${path.relative(process.cwd(), file)}`);
  }

  const failures = results.flatMap((r) =>
    Object.entries(r.verification)
      .filter(([, list]) => list.length > 0)
      .map(([what, list]) => ({ size: r.size, what, list })),
  );
  for (const c of hostile?.cases ?? [])
    for (const p of c.points)
      if (p.mismatches.length > 0)
        failures.push({
          size: 'hostile',
          what: `${c.name} at ${p.factor}×`,
          list: p.mismatches.map((m) => ({ what: 'hostile', key: c.name, expected: '', actual: m })),
        });
  if (failures.length > 0) {
    process.stdout.write(
      '\n✗ KNOWN-ANSWER VERIFICATION FAILED: the analysis disagrees with the generated expectation.\n',
    );
    for (const f of failures) process.stdout.write(`[${f.size}] ${f.what}:\n${formatMismatches(f.list)}\n`);
    return 1;
  }
  if (results.length > 0)
    process.stdout.write(`\n✓ Known answers verified at every size (${results.map((r) => r.size).join(', ')}).\n`);
  if (values.strict && (checks.some((c) => c.verdict === 'missed') || hostile?.cases.some((c) => !c.linear))) return 1;
  return 0;
}

function report(size: string, what: string, mismatches: readonly Mismatch[]): void {
  if (mismatches.length === 0) log(`[${size}] ✓ ${what}: agree`);
  else log(`[${size}] ✗ ${what}: ${mismatches.length} differences\n${formatMismatches(mismatches, 10)}`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
