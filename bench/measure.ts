// The measurements (a)–(g) of issue 4, each in a fresh child process so one measurement's heap and
// JIT state never leak into another: (a) the yaml parse floor, (b) the cold CLI, (c)–(f) language
// server sessions (cold start, warm start, edits, hovers and code actions), (g) peak RSS through the
// preloaded hook. Every measurement also checks what it measured against the known answer.

import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { parseAllDocuments } from 'yaml';
import { EDIT_DEBOUNCE_MS } from '../server/src/lsp/protocol.js';
import type { Counts } from './expect.js';
import type { EditScenario, EditType, Manifest, Workspace } from './generate.js';
import { CACHE_DIR_ENV, LspClient, RSS_FILE_ENV, uriOf } from './lspClient.js';
import { Prng } from './prng.js';
import type { CliJson, Mismatch } from './verify.js';
import { codesByFile, diffFiles } from './verify.js';

export interface Paths {
  repoRoot: string;
  cli: string;
  server: string;
  rssHook: string;
  bench: string;
  results: string;
}

/** Locations relative to the bundle (out/bench/bench.js). */
export function benchPaths(bundleDir: string): Paths {
  const repoRoot = path.resolve(bundleDir, '..', '..');
  return {
    repoRoot,
    cli: path.join(repoRoot, 'dist', 'cli.js'),
    server: path.join(repoRoot, 'dist', 'server.js'),
    rssHook: path.join(bundleDir, 'rss-hook.js'),
    bench: path.join(bundleDir, 'bench.js'),
    results: path.join(repoRoot, 'bench', 'results'),
  };
}

/** What the hook (rssHook.ts) wrote when the process exited. */
function readUsage(file: string): { maxRssKb?: number; cpuMs?: number } {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { maxRssKb?: number; cpuMs?: number };
  } catch {
    return {};
  }
}

/** CPU time (user + system) a live process has used so far, from /proc on Linux; undefined elsewhere. */
export function cpuMsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (USER_HZ, 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

function run(
  command: string,
  args: string[],
  options: { cwd?: string; stdout?: number | 'pipe'; env?: NodeJS.ProcessEnv },
): Promise<{ code: number | null; stdout: string; stderr: string; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', options.stdout ?? 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, wallMs: performance.now() - start }));
  });
}

// ---- (a) the floor --------------------------------------------------------------------------------

export interface FloorResult {
  /** Reading every file (UTF-8), not part of the floor. */
  readMs: number;
  /** `parseAllDocuments` of every file, one after the other, on one thread. */
  parseMs: number;
  /** CPU time of the parse (user + system). */
  parseCpuMs: number;
  documents: number;
  yamlErrors: number;
}

/** Runs in the child process started by `measureFloor`. */
export function floorInProcess(dir: string, files: readonly string[]): FloorResult {
  const t0 = performance.now();
  const texts = files.map((f) => readFileSync(path.join(dir, ...f.split('/')), 'utf8'));
  const t1 = performance.now();
  const cpu = process.cpuUsage();
  let documents = 0;
  let yamlErrors = 0;
  for (const text of texts) {
    const docs = parseAllDocuments(text);
    if (!Array.isArray(docs)) continue;
    documents += docs.length;
    for (const d of docs) yamlErrors += d.errors.length;
  }
  const t2 = performance.now();
  const used = process.cpuUsage(cpu);
  return { readMs: t1 - t0, parseMs: t2 - t1, parseCpuMs: (used.user + used.system) / 1000, documents, yamlErrors };
}

export async function measureFloor(paths: Paths, ws: Workspace): Promise<FloorResult> {
  const r = await run(
    process.execPath,
    [paths.bench, '--internal-floor', ws.dir, path.join(path.dirname(ws.dir), 'manifest.json')],
    {},
  );
  if (r.code !== 0) throw new Error(`floor measurement failed (exit ${r.code}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as FloorResult;
}

// ---- (b) the CLI ------------------------------------------------------------------------------------

export interface CliRun {
  wallMs: number;
  /** CPU time of the CLI process (user + system), start-up included. */
  cpuMs?: number;
  rssKb?: number;
  exitCode: number | null;
  outputBytes: number;
}

/** `node dist/cli.js check . --format json` in the workspace, stdout to a file; returns the parsed JSON too. */
export async function measureCli(
  paths: Paths,
  ws: Workspace,
  scratch: string,
): Promise<{ run: CliRun; json: CliJson }> {
  const out = path.join(scratch, 'cli.json');
  const rss = path.join(scratch, 'cli.rss');
  rmSync(rss, { force: true });
  const fd = openSync(out, 'w');
  let r;
  try {
    r = await run(process.execPath, ['--require', paths.rssHook, paths.cli, 'check', '.', '--format', 'json'], {
      cwd: ws.dir,
      stdout: fd,
      env: { ...process.env, [RSS_FILE_ENV]: rss },
    });
  } finally {
    closeSync(fd);
  }
  if (r.code !== 0 && r.code !== 1) throw new Error(`CLI failed (exit ${r.code}):\n${r.stderr}`);
  const text = readFileSync(out, 'utf8');
  const json = JSON.parse(text) as CliJson;
  const usage = readUsage(rss);
  const result: CliRun = { wallMs: r.wallMs, exitCode: r.code, outputBytes: Buffer.byteLength(text) };
  if (usage.maxRssKb !== undefined) result.rssKb = usage.maxRssKb;
  if (usage.cpuMs !== undefined) result.cpuMs = usage.cpuMs;
  return { run: result, json };
}

// ---- (c)–(f) the language server ----------------------------------------------------------------------

export interface LatencySeries {
  /** Milliseconds, in the order measured. */
  ms: number[];
}

export interface EditSeries {
  scenarios: string[];
  /** didChange sent → idle status after the affected files' publishDiagnostics, debounce included. */
  ms: number[];
  /** The same minus the server's nominal debounce (timer slack counts against the server). */
  afterDebounceMs: number[];
  /** publishDiagnostics notifications per edit for the expected files. */
  files: number[];
}

export interface ServerStart {
  /** initialize sent → every expected diagnostic published (what a user sees). */
  ms: number;
  /** initialize sent → idle with every file indexed (the analysis settled; after `ms` on a warm start). */
  idleMs: number;
  /** spawn → the same moment (includes Node start-up). */
  fromSpawnMs: number;
  /** CPU time the server had used at that moment (Linux /proc; start-up included). */
  cpuMs?: number;
  files: number;
  publishedFiles: number;
}

export interface LspResult {
  cold: ServerStart;
  /** Undefined when the server wrote nothing into the cache directory (no cache yet). */
  warm?: ServerStart;
  warmNote: string;
  edits: Partial<Record<EditType, EditSeries>>;
  hover: LatencySeries & { empty: number };
  codeAction: LatencySeries & { withDiagnostic: number[]; atCursor: number[]; actions: number };
  rssKb?: number;
  warmRssKb?: number;
  mismatches: Mismatch[];
}

export interface LspOptions {
  editsPerType: number;
  probes: number;
  /** For the initial analysis (cold or warm start). */
  startTimeoutMs: number;
  /** For anything else: one edit's analysis, one request. */
  timeoutMs: number;
  /** Diagnostic codes per file from the CLI, which the server must publish identically. */
  cliCodes: Record<string, Counts>;
}

const relativeOf = (root: string, uri: string) => path.relative(root, URI.parse(uri).fsPath).split(path.sep).join('/');

function publishedCodes(client: LspClient, root: string): Record<string, Counts> {
  return codesByFile(
    [...client.diagnostics].flatMap(([uri, list]) =>
      list.map((d) => ({ file: relativeOf(root, uri), code: String(d.code) })),
    ),
  );
}

function countsOf(list: readonly Diagnostic[] | undefined): Counts {
  const c: Counts = {};
  for (const d of list ?? []) c[String(d.code)] = (c[String(d.code)] ?? 0) + 1;
  return c;
}

/** A server session up to its initial analysis; `firstCodes` are the diagnostics as first published
 * (a warm start publishes cached ones first, which the settled analysis could silently correct). */
async function startServer(
  paths: Paths,
  ws: Workspace,
  cacheDir: string,
  rssFile: string,
  options: LspOptions,
): Promise<{ client: LspClient; start: ServerStart; firstCodes: Record<string, Counts> }> {
  const expectedFiles = Object.keys(options.cliCodes).map((f) => uriOf(path.join(ws.dir, f)));
  const spawned = performance.now();
  const client = LspClient.spawn({
    serverPath: paths.server,
    execArgv: ['--require', paths.rssHook],
    env: { ...process.env, [RSS_FILE_ENV]: rssFile, [CACHE_DIR_ENV]: cacheDir },
    timeoutMs: options.timeoutMs,
  });
  const t0 = performance.now();
  await client.initialize({
    folders: [ws.dir],
    initializationOptions: { cacheDirectory: cacheDir },
    timeoutMs: options.startTimeoutMs,
  });
  const total = ws.manifest.files.length;
  await client.until(
    () => expectedFiles.every((u) => client.diagnostics.has(u)),
    `the diagnostics of ${total} files`,
    options.startTimeoutMs,
  );
  const published = client.lastMessageAt;
  const cpuAtPublish = cpuMsOf(client.pid);
  const firstCodes = publishedCodes(client, ws.dir);
  await client.until(
    () => client.caughtUp && client.status?.files === total && expectedFiles.every((u) => client.diagnostics.has(u)),
    `the initial analysis of ${total} files`,
    options.startTimeoutMs,
  );
  const start: ServerStart = {
    ms: published - t0,
    idleMs: client.lastMessageAt - t0,
    fromSpawnMs: published - spawned,
    files: client.status?.files ?? 0,
    publishedFiles: client.diagnostics.size,
  };
  if (cpuAtPublish !== undefined) start.cpuMs = cpuAtPublish;
  return { client, start, firstCodes };
}

const NO_EXIT: Mismatch = {
  what: 'server exit',
  key: 'shutdown + exit',
  expected: 'exits within 10 s',
  actual: 'killed',
};

export async function measureServer(paths: Paths, ws: Workspace, options: LspOptions): Promise<LspResult> {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-bench-cache-'));
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-bench-lsp-'));
  const mismatches: Mismatch[] = [];
  const manifest = ws.manifest;
  try {
    const rssFile = path.join(scratch, 'server.rss');
    const { client, start: cold, firstCodes } = await startServer(paths, ws, cacheDir, rssFile, options);
    diffFiles(
      'server vs CLI: diagnostic codes per file (cold start, as first published)',
      options.cliCodes,
      firstCodes,
      mismatches,
    );
    diffFiles(
      'server vs CLI: diagnostic codes per file (cold start)',
      options.cliCodes,
      publishedCodes(client, ws.dir),
      mismatches,
    );

    const edits: Partial<Record<EditType, EditSeries>> = {};
    for (const type of ['route', 'grant', 'namespace'] as const) {
      const scenarios = manifest.edits[type];
      if (scenarios.length === 0) {
        mismatches.push({ what: 'edit scenarios', key: type, expected: 'at least one', actual: 'none generated' });
        continue;
      }
      edits[type] = await measureEdits(client, ws, scenarios, options.editsPerType, mismatches);
    }
    // Every edit was undone: the whole workspace is as generated again, files no edit predicted included.
    diffFiles(
      'server vs CLI: diagnostic codes per file (after all edits were undone)',
      options.cliCodes,
      publishedCodes(client, ws.dir),
      mismatches,
    );
    const hover = await measureHovers(client, ws, manifest, options.probes, mismatches);
    const codeAction = await measureCodeActions(client, ws, manifest, options.probes);
    if (!(await client.shutdown())) mismatches.push(NO_EXIT);
    const rssKb = readUsage(rssFile).maxRssKb;

    let warm: ServerStart | undefined;
    let warmRssKb: number | undefined;
    let warmNote: string;
    const cached = existsSync(cacheDir) ? readdirSync(cacheDir) : [];
    if (cached.length === 0) warmNote = 'n/a (no cache yet): the server wrote nothing to its cache directory';
    else {
      const warmRss = path.join(scratch, 'server-warm.rss');
      const second = await startServer(paths, ws, cacheDir, warmRss, options);
      diffFiles(
        'server vs CLI: diagnostic codes per file (warm start, as first published)',
        options.cliCodes,
        second.firstCodes,
        mismatches,
      );
      diffFiles(
        'server vs CLI: diagnostic codes per file (warm start)',
        options.cliCodes,
        publishedCodes(second.client, ws.dir),
        mismatches,
      );
      if (!(await second.client.shutdown())) mismatches.push(NO_EXIT);
      warm = second.start;
      warmRssKb = readUsage(warmRss).maxRssKb;
      warmNote = `cache: ${cached.length} entr${cached.length === 1 ? 'y' : 'ies'}`;
    }
    const result: LspResult = { cold, warmNote, edits, hover, codeAction, mismatches };
    if (warm) result.warm = warm;
    if (rssKb !== undefined) result.rssKb = rssKb;
    if (warmRssKb !== undefined) result.warmRssKb = warmRssKb;
    return result;
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * (e): a breaking edit then its fix, scenario after scenario (each ends as generated), timing
 * didChange → idle, and checking that every file the edit must change was published with the
 * expected codes.
 */
async function measureEdits(
  client: LspClient,
  ws: Workspace,
  scenarios: readonly EditScenario[],
  perType: number,
  mismatches: Mismatch[],
): Promise<EditSeries> {
  const uris = new Map<EditScenario, string>();
  for (const s of scenarios) {
    const file = path.join(ws.dir, ...s.file.split('/'));
    uris.set(s, await client.open(file, readFileSync(file, 'utf8')));
  }
  await client.until(() => client.caughtUp, 'opening the edited files');
  const rounds = Math.ceil(perType / (2 * scenarios.length)) * 2 * scenarios.length;
  const series: EditSeries = { scenarios: scenarios.map((s) => s.description), ms: [], afterDebounceMs: [], files: [] };
  for (let i = 0; i < rounds; i++) {
    // Break, then fix, one scenario at a time: each expectation assumes the others are as generated.
    const s = scenarios[Math.floor(i / 2) % scenarios.length]!;
    const breaking = i % 2 === 0;
    const expected = s.changes.map((c) => ({
      uri: uriOf(path.join(ws.dir, ...c.file.split('/'))),
      file: c.file,
      codes: breaking ? c.after : c.before,
    }));
    const before = expected.map((e) => client.publishCount.get(e.uri) ?? 0);
    const t0 = performance.now();
    await client.replaceLine(uris.get(s)!, s.line, breaking ? s.before : s.after, breaking ? s.after : s.before);
    await client.until(() => client.caughtUp, `the analysis after edit "${s.description}"`);
    const ms = client.lastMessageAt - t0;
    let published = 0;
    expected.forEach((e, j) => {
      const fresh = (client.publishCount.get(e.uri) ?? 0) > before[j]!;
      if (fresh) published++;
      const actual = countsOf(client.diagnostics.get(e.uri));
      const want = Object.entries(e.codes).sort().join();
      if (!fresh || Object.entries(actual).sort().join() !== want) {
        mismatches.push({
          what: `edit ${s.type} (${breaking ? 'break' : 'fix'})`,
          key: `${s.description} → ${e.file}`,
          expected: want || '(none)',
          actual: fresh ? Object.entries(actual).sort().join() || '(none)' : 'no publishDiagnostics',
        });
      }
    });
    series.ms.push(ms);
    series.afterDebounceMs.push(Math.max(0, ms - EDIT_DEBOUNCE_MS));
    series.files.push(published);
  }
  return series;
}

async function measureHovers(
  client: LspClient,
  ws: Workspace,
  manifest: Manifest,
  n: number,
  mismatches: Mismatch[],
): Promise<LatencySeries & { empty: number }> {
  const probes = new Prng(manifest.seed ^ 0x40_7e5).sample(manifest.probes, n);
  const ms: number[] = [];
  let empty = 0;
  for (const p of probes) {
    const uri = uriOf(path.join(ws.dir, ...p.file.split('/')));
    const t0 = performance.now();
    const h = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: p.line, character: p.character },
    });
    ms.push(performance.now() - t0);
    if (!h) {
      empty++;
      mismatches.push({
        what: 'hover',
        key: `${p.file}:${p.line + 1}:${p.character + 1} (${p.element})`,
        expected: 'a hover',
        actual: 'null',
      });
    }
  }
  return { ms, empty };
}

/**
 * (f): half with a published diagnostic in the context (the quick-fix path), half at a probe with the
 * diagnostics on that line, as an editor asks on every cursor move.
 */
async function measureCodeActions(
  client: LspClient,
  ws: Workspace,
  manifest: Manifest,
  n: number,
): Promise<LatencySeries & { withDiagnostic: number[]; atCursor: number[]; actions: number }> {
  const rng = new Prng(manifest.seed ^ 0xc0de);
  const withDiag = [...client.diagnostics]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([uri, list]) => list.filter((d) => d.severity === 1).map((d) => ({ uri, d })));
  const withDiagnostic: number[] = [];
  const atCursor: number[] = [];
  let actions = 0;
  for (const { uri, d } of rng.sample(withDiag, Math.ceil(n / 2))) {
    const t0 = performance.now();
    const r = await client.request<CodeAction[] | null>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d], triggerKind: 2 },
    });
    withDiagnostic.push(performance.now() - t0);
    actions += r?.length ?? 0;
  }
  for (const p of rng.sample(manifest.probes, Math.floor(n / 2))) {
    const uri = uriOf(path.join(ws.dir, ...p.file.split('/')));
    const position = { line: p.line, character: p.character };
    const onLine = (client.diagnostics.get(uri) ?? []).filter(
      (d) => d.range.start.line <= p.line && d.range.end.line >= p.line,
    );
    const t0 = performance.now();
    const r = await client.request<CodeAction[] | null>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics: onLine, triggerKind: 2 },
    });
    atCursor.push(performance.now() - t0);
    actions += r?.length ?? 0;
  }
  return { ms: [...withDiagnostic, ...atCursor], withDiagnostic, atCursor, actions };
}
