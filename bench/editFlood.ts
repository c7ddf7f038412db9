// The edit-flood measurement of `npm run bench -- --edit-flood` (issue 13): the language server's
// memory while a client sends didChange notifications as fast as the pipe takes them, sampled from
// /proc every 250 ms. Two documents: an ordinary route file, and a 130 kB ConfigMap with 4,000
// anchors and aliases (which used to cost 24 s of analysis per keystroke). After each flood the
// server must go idle; the RSS before, at its peak and after is reported with samples over time.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CACHE_DIR_ENV, LspClient, RSS_FILE_ENV } from './lspClient.js';
import type { Paths } from './measure.js';

export interface FloodSample {
  /** Seconds since the flood began. */
  atS: number;
  /** didChange notifications sent by then. */
  sent: number;
  rssMb: number;
}

export interface FloodPhase {
  name: string;
  documentKb: number;
  changes: number;
  /** Seconds to send them all, and from the last one to idle with the final diagnostics. */
  sendS: number;
  settleS: number;
  rssBeforeMb: number;
  peakMb: number;
  finalMb: number;
  samples: FloodSample[];
}

export interface FloodResult {
  phases: FloodPhase[];
  /** The server's peak RSS over the whole session (getrusage, through the hook). */
  sessionPeakMb?: number;
}

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

function routeDocument(): string {
  let text = '';
  for (let i = 0; i < 20; i++)
    text += `${i > 0 ? '---\n' : ''}apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r${i}
  namespace: infra
spec:
  parentRefs:
    - name: shared
      sectionName: http
  rules:
    - backendRefs:
        - name: svc${i}
          port: 80
`;
  return text;
}

function anchorDocument(): string {
  let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: anchors\n  namespace: infra\ndata:\n';
  for (let i = 0; i < 4000; i++) text += `  k${i}: &a${i} v${i}\n`;
  text += 'binaryData:\n';
  for (let i = 0; i < 4000; i++) text += `  r${i}: *a${i}\n`;
  return text;
}

function rssMbOf(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

export async function measureEditFlood(
  paths: Paths,
  options: { changes: number; log: (m: string) => void },
): Promise<FloodResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-bench-flood-'));
  const usage = path.join(dir, 'usage.json');
  const ws = path.join(dir, 'ws');
  mkdirSync(ws);
  const documents = [
    { name: 'a route file (20 routes)', file: 'routes.yaml', text: routeDocument(), changes: options.changes },
    {
      name: 'a ConfigMap with 4,000 anchors and aliases',
      file: 'anchors.yaml',
      text: anchorDocument(),
      changes: Math.max(100, Math.round(options.changes / 5)),
    },
  ];
  writeFileSync(path.join(ws, 'gateway.yaml'), GATEWAY);
  for (const d of documents) writeFileSync(path.join(ws, d.file), d.text);
  const client = LspClient.spawn({
    serverPath: paths.server,
    execArgv: ['--require', paths.rssHook],
    env: { ...process.env, [RSS_FILE_ENV]: usage, [CACHE_DIR_ENV]: path.join(dir, 'cache') },
    timeoutMs: 10 * 60_000,
  });
  const result: FloodResult = { phases: [] };
  try {
    await client.initialize({
      folders: [ws],
      initializationOptions: { cacheDirectory: path.join(dir, 'cache') },
      timeoutMs: 60_000,
    });
    await client.until(() => client.caughtUp, 'the first idle');
    for (const d of documents) {
      const uri = await client.open(path.join(ws, d.file), d.text);
      await client.until(() => client.caughtUp, `idle after opening ${d.file}`);
      const rssBefore = rssMbOf(client.pid);
      const samples: FloodSample[] = [];
      const start = performance.now();
      let sent = 0;
      const sampler = setInterval(() => {
        samples.push({ atS: (performance.now() - start) / 1000, sent, rssMb: rssMbOf(client.pid) });
      }, 250);
      // The line that changes: the first route's backend port, or the first ConfigMap value.
      const lines = d.text.split('\n');
      const line = lines.findIndex((l) => /^\s+(port: 80|k0: &a0 v0)$/.test(l));
      let current = lines[line]!;
      try {
        for (; sent < d.changes; sent++) {
          const next = current.replace(/(\d+)$/, (n) => String((Number(n) + 1) % 1000));
          await client.replaceLine(uri, line, current, next);
          current = next;
        }
      } finally {
        clearInterval(sampler);
      }
      const sendS = (performance.now() - start) / 1000;
      const settleStart = performance.now();
      await client.until(() => client.caughtUp, `idle after the flood on ${d.file}`);
      const settleS = (performance.now() - settleStart) / 1000;
      const finalMb = rssMbOf(client.pid);
      samples.push({ atS: (performance.now() - start) / 1000, sent, rssMb: finalMb });
      const phase: FloodPhase = {
        name: d.name,
        documentKb: Buffer.byteLength(d.text) / 1024,
        changes: d.changes,
        sendS,
        settleS,
        rssBeforeMb: rssBefore,
        peakMb: Math.max(...samples.map((s) => s.rssMb).filter((v) => !Number.isNaN(v))),
        finalMb,
        samples,
      };
      result.phases.push(phase);
      options.log(
        `[flood] ${d.name} (${phase.documentKb.toFixed(0)} kB): ${d.changes} changes sent in ${sendS.toFixed(1)} s, idle ${settleS.toFixed(2)} s later; RSS ${rssBefore.toFixed(0)} MB before, peak ${phase.peakMb.toFixed(0)} MB, ${finalMb.toFixed(0)} MB after`,
      );
    }
  } finally {
    await client.shutdown();
    try {
      const u = JSON.parse(readFileSync(usage, 'utf8')) as { maxRssKb?: number };
      if (u.maxRssKb !== undefined) result.sessionPeakMb = u.maxRssKb / 1024;
    } catch {
      // no figure
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

export function formatEditFlood(flood: FloodResult): string {
  const out: string[] = [
    `Edit flood: didChange notifications as fast as the pipe takes them; server RSS sampled every 250 ms${flood.sessionPeakMb === undefined ? '' : ` (session peak ${flood.sessionPeakMb.toFixed(0)} MB)`}.`,
  ];
  for (const p of flood.phases) {
    out.push(
      '',
      `${p.name}, ${p.documentKb.toFixed(0)} kB: ${p.changes} changes in ${p.sendS.toFixed(1)} s, idle ${p.settleS.toFixed(2)} s after the last; RSS ${p.rssBeforeMb.toFixed(0)} MB before, peak ${p.peakMb.toFixed(0)} MB, ${p.finalMb.toFixed(0)} MB after.`,
    );
    // About ten evenly spaced samples: RSS over time.
    const step = Math.max(1, Math.floor(p.samples.length / 10));
    const picked = p.samples.filter((_, i) => i % step === 0 || i === p.samples.length - 1);
    out.push(
      `  ${picked.map((s) => `${s.atS.toFixed(1)} s: ${s.sent} sent, ${Number.isNaN(s.rssMb) ? 'n/a' : `${s.rssMb.toFixed(0)} MB`}`).join(' · ')}`,
    );
  }
  return out.join('\n');
}
