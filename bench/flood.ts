// A request flood against the language server (issue 13, item 5), run by hand, never by `npm test`:
// hovers are fired at a fixed rate, without waiting for answers, while the server indexes cold,
// while it is idle, while it re-indexes an unchanged workspace, and while it re-indexes after every
// file changed on disk (a copy of the generated workspace), and the latency of each answer is
// reported per phase. A server that keeps every synchronous stretch short answers within tens of
// milliseconds in every phase; one that blocks its event loop shows it in the maxima.
//
//   node esbuild.mjs --bench && node out/bench/flood.js [--size medium] [--seconds 5] [--interval 10]
//                            [--server dist/server.js] [--log]   (another build; the server's log)

import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Hover } from 'vscode-languageserver-protocol';
import { REINDEX_COMMAND } from '../server/src/lsp/protocol.js';
import type { Probe } from './generate.js';
import { ensureWorkspace } from './generate.js';
import { CACHE_DIR_ENV, LspClient, RSS_FILE_ENV, uriOf } from './lspClient.js';
import { isSizeName } from './world.js';

interface PhaseResult {
  phase: string;
  requests: number;
  empty: number;
  p50: number;
  p95: number;
  max: number;
  /** How long the server took to finish the phase's work (indexing), if it had any. */
  workMs?: number;
}

const log = (message: string) => process.stderr.write(`${message}\n`);

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string', default: 'medium' },
      seconds: { type: 'string', default: '5' },
      interval: { type: 'string', default: '10' },
      server: { type: 'string' },
      log: { type: 'boolean', default: false },
    },
  });
  if (!isSizeName(values.size)) {
    log(`flood: unknown size ${values.size}`);
    return 2;
  }
  const seconds = Number(values.seconds);
  const interval = Number(values.interval);
  const ws = ensureWorkspace(values.size);
  log(`${values.size}: ${ws.manifest.files.length} files in ${ws.dir}`);
  const bundleDir = __dirname;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-flood-'));
  const root = path.join(scratch, 'workspace');
  cpSync(ws.dir, root, { recursive: true });
  const client = LspClient.spawn({
    serverPath: values.server ?? path.resolve(bundleDir, '..', '..', 'dist', 'server.js'),
    execArgv: ['--require', path.join(bundleDir, 'rss-hook.js')],
    env: {
      ...process.env,
      [RSS_FILE_ENV]: path.join(scratch, 'server.rss'),
      [CACHE_DIR_ENV]: path.join(scratch, 'cache'),
    },
    timeoutMs: 120_000,
  });
  const results: PhaseResult[] = [];
  try {
    const probes = ws.manifest.probes;
    let next = 0;
    const hover = (): Promise<Hover | null> => {
      const p: Probe = probes[next++ % probes.length]!;
      return client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: uriOf(path.join(root, ...p.file.split('/'))) },
        position: { line: p.line, character: p.character },
      });
    };

    /** Fires hovers every `interval` ms until `work` is done and at least `minMs` have passed. */
    const flood = async (phase: string, work: Promise<unknown>, minMs: number): Promise<PhaseResult> => {
      const latencies: number[] = [];
      let empty = 0;
      const inFlight: Promise<void>[] = [];
      let done = false;
      const start = performance.now();
      let workMs: number | undefined;
      void work.then(() => {
        done = true;
        workMs = performance.now() - start;
      });
      while (!done || performance.now() - start < minMs) {
        const t0 = performance.now();
        inFlight.push(
          hover().then((h) => {
            latencies.push(performance.now() - t0);
            if (!h) empty++;
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, interval));
      }
      await Promise.all(inFlight);
      latencies.sort((a, b) => a - b);
      const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
      return {
        phase,
        requests: latencies.length,
        empty,
        p50: at(0.5),
        p95: at(0.95),
        max: latencies[latencies.length - 1] ?? 0,
        ...(workMs !== undefined ? { workMs } : {}),
      };
    };

    const idle = () => client.until(() => client.caughtUp, 'idle');
    log('cold start…');
    await client.initialize({
      folders: [root],
      initializationOptions: { cacheDirectory: path.join(scratch, 'cache') },
      timeoutMs: 120_000,
    });
    results.push(await flood('cold start', idle(), 0));
    log('idle…');
    results.push(await flood('idle', Promise.resolve(), seconds * 1000));
    log('re-index…');
    const reindex = () =>
      client.request('workspace/executeCommand', { command: REINDEX_COMMAND, arguments: [] }).then(() => idle());
    results.push(await flood('re-index', reindex(), seconds * 1000));
    log('every file changed, re-index…');
    for (const f of ws.manifest.files) appendFileSync(path.join(root, ...f.split('/')), '# touched by the flood\n');
    results.push(await flood('all changed', reindex(), seconds * 1000));
  } finally {
    await client.shutdown();
    if (values.log) log(client.logs.join('\n'));
    rmSync(scratch, { recursive: true, force: true });
  }
  const ms = (n: number) => `${Math.round(n)} ms`.padStart(8);
  process.stdout.write(
    `hovers every ${interval} ms on the ${values.size} workspace\n` +
      `phase        requests  empty      p50      p95      max   server work\n` +
      results
        .map(
          (r) =>
            `${r.phase.padEnd(12)} ${String(r.requests).padStart(8)} ${String(r.empty).padStart(6)} ${ms(r.p50)} ${ms(r.p95)} ${ms(r.max)}` +
            (r.workMs !== undefined ? `  ${ms(r.workMs)}` : ''),
        )
        .join('\n') +
      '\n',
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
