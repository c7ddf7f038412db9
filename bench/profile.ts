// `--profile`: runs the CLI once more under `node --cpu-prof` on the largest workspace and sums self
// time per function and per source file, mapped through dist/cli.js.map to the TypeScript and
// node_modules sources, so "where the time goes" is one table rather than a profile to open.

import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import type { SourceMapPayload } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Workspace } from './generate.js';
import type { Paths } from './measure.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** The .cpuprofile kept, relative to the repository (git-ignored). */
  profile: string;
  functions: { name: string; selfMs: number; share: number }[];
  files: { file: string; selfMs: number; share: number }[];
}

export async function profileCli(paths: Paths, ws: Workspace, keepAs: string): Promise<ProfileSummary> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-bench-prof-'));
  try {
    const out = openSync(path.join(dir, 'out.json'), 'w');
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--cpu-prof', `--cpu-prof-dir=${dir}`, paths.cli, 'check', '.', '--format', 'json'],
        { cwd: ws.dir, stdio: ['ignore', out, 'inherit'] },
      );
      child.on('error', reject);
      child.on('close', resolve);
    });
    closeSync(out);
    if (code !== 0 && code !== 1) throw new Error(`profiled CLI run failed (exit ${code})`);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('node --cpu-prof wrote no profile');
    copyFileSync(path.join(dir, file), keepAs);
    return summarize(
      JSON.parse(readFileSync(keepAs, 'utf8')) as CpuProfile,
      paths,
      path.relative(paths.repoRoot, keepAs).split(path.sep).join('/'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function summarize(p: CpuProfile, paths: Paths, profileFile: string): ProfileSummary {
  const map = loadMap(`${paths.cli}.map`);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  // timeDeltas[i] is the time before sample i; attribute it to that sample's node.
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
  const totalMs = (p.endTime - p.startTime) / 1000;
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  for (const [id, t] of self) {
    const { functionName, url, lineNumber, columnNumber } = byId.get(id)!.callFrame;
    let source = url ? path.basename(url) : '';
    let line = lineNumber + 1;
    if (map && url.endsWith('cli.js') && lineNumber >= 0) {
      const e = map.findEntry(lineNumber, columnNumber) as { originalSource?: string; originalLine?: number };
      if (e.originalSource) {
        source = e.originalSource.replace(/^.*?(node_modules\/|server\/src\/)/, '$1');
        line = (e.originalLine ?? 0) + 1;
      }
    }
    const name = `${functionName || '(anonymous)'}${source ? ` ${source}:${line}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + t);
    const group = source ? source.replace(/^(node_modules\/[^/]+)\/.*$/, '$1') : functionName;
    files.set(group, (files.get(group) ?? 0) + t);
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return {
    totalMs,
    profile: profileFile,
    functions: top(functions, 20).map(([name, selfMs]) => ({ name, selfMs, share: selfMs / totalMs })),
    files: top(files, 12).map(([file, selfMs]) => ({ file, selfMs, share: selfMs / totalMs })),
  };
}

function loadMap(file: string): SourceMap | undefined {
  try {
    return new SourceMap(JSON.parse(readFileSync(file, 'utf8')) as SourceMapPayload);
  } catch {
    return undefined;
  }
}

export function formatProfile(s: ProfileSummary, size: string): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
  const lines = [
    `CPU profile of the CLI on the ${size} workspace (${(s.totalMs / 1000).toFixed(1)} s; ${s.profile}):`,
    '  self time by source file:',
  ];
  for (const f of s.files) lines.push(`    ${pct(f.share)}  ${(f.selfMs / 1000).toFixed(2).padStart(6)} s  ${f.file}`);
  lines.push('  top functions by self time:');
  for (const f of s.functions)
    lines.push(`    ${pct(f.share)}  ${(f.selfMs / 1000).toFixed(2).padStart(6)} s  ${f.name}`);
  return lines.join('\n');
}
