// Builds the runtime bundles into dist/ (extension client, language server, CLI); with --tests,
// each test/*.test.ts into a self-contained out/test/*.test.js for `node --test`; with --bench, the
// benchmark (bench/main.ts → out/bench/bench.js, and the RSS hook it preloads into measured
// processes) and the kustomize layer's micro-benchmark (bench/kustomize.ts → out/bench/kustomize.js);
// with --e2e, the real-editor tests: out/e2e/suite.js (loaded by VS Code's extension host) and
// out/e2e/run.js (the driver, see test/e2e/README.md).
import { build } from 'esbuild';
import { chmodSync, readdirSync, readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const withTests = process.argv.includes('--tests');
const withBench = process.argv.includes('--bench');
const withE2e = process.argv.includes('--e2e');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { GATEWAY_REFS_VERSION: JSON.stringify(pkg.version) },
};

const entries = [
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];
const existing = (f) => {
  try {
    readFileSync(f);
    return true;
  } catch {
    return false;
  }
};
if (existing('server/src/lsp/main.ts'))
  entries.push({
    entryPoints: ['server/src/lsp/main.ts'],
    outfile: 'dist/server.js',
    banner: { js: '#!/usr/bin/env node' },
  });
if (existing('client/src/extension.ts'))
  entries.push({ entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] });

rmSync('dist', { recursive: true, force: true });
await Promise.all(entries.map((e) => build({ ...common, ...e })));
for (const e of entries) if (e.banner) chmodSync(e.outfile, 0o755);

if (withTests) {
  rmSync('out/test', { recursive: true, force: true });
  const tests = readdirSync('test')
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `test/${f}`);
  await build({
    ...common,
    entryPoints: tests,
    outdir: 'out/test',
    sourcemap: 'inline',
    external: ['vscode', 'vscode-oniguruma'],
  });
}

if (withBench) {
  rmSync('out/bench', { recursive: true, force: true });
  await Promise.all([
    build({ ...common, entryPoints: ['bench/main.ts'], outfile: 'out/bench/bench.js' }),
    build({ ...common, entryPoints: ['bench/kustomize.ts'], outfile: 'out/bench/kustomize.js' }),
    build({ ...common, entryPoints: ['bench/rssHook.ts'], outfile: 'out/bench/rss-hook.js', sourcemap: false }),
  ]);
}

if (withE2e) {
  rmSync('out/e2e', { recursive: true, force: true });
  await Promise.all([
    build({
      ...common,
      entryPoints: ['test/e2e/suite/index.ts'],
      outfile: 'out/e2e/suite.js',
      sourcemap: 'inline',
      external: ['vscode'],
    }),
    build({
      ...common,
      entryPoints: ['test/e2e/driver/run.ts'],
      outfile: 'out/e2e/run.js',
      sourcemap: 'inline',
      external: ['playwright-core'],
    }),
  ]);
}
