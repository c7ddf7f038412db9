// Builds the runtime bundles into dist/ (extension client, language server, CLI); with --tests,
// each test/*.test.ts into a self-contained out/test/*.test.js for `node --test`; with --bench, the
// benchmark (bench/main.ts → out/bench/bench.js, and the RSS hook it preloads into measured
// processes), the request flood (bench/flood.ts → out/bench/flood.js) and the kustomize layer's
// micro-benchmark (bench/kustomize.ts → out/bench/kustomize.js); with --e2e, the real-editor tests:
// out/e2e/suite.js (loaded by VS Code's extension host) and out/e2e/run.js (the driver, see
// test/e2e/README.md).
import { build } from 'esbuild';
import { chmodSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const withTests = process.argv.includes('--tests');
const withBench = process.argv.includes('--bench');
const withE2e = process.argv.includes('--e2e');
/**
 * `import bundle from './crds/gateway-api.crds'` in the core: the vendored CRD folder beside it
 * (`standard/`, `experimental/`), as compact JSON. Descriptions are dropped and identical version
 * schemas stored once (2.6 MB of YAML become about 250 KB); the core has no file system, so the
 * CRDs reach it this way. Parsed with JSON.parse at start-up, which is faster than an object literal.
 */
const crdBundle = {
  name: 'crd-bundle',
  setup(b) {
    b.onResolve({ filter: /\.crds$/ }, (args) => ({
      path: path.join(args.resolveDir, path.dirname(args.path)),
      namespace: 'crd-bundle',
    }));
    b.onLoad({ filter: /.*/, namespace: 'crd-bundle' }, (args) => {
      const schemas = [];
      const index = new Map();
      const strip = (key, value) => (key === 'description' && typeof value === 'string' ? undefined : value);
      const channels = {};
      const watchFiles = [];
      for (const channel of ['standard', 'experimental']) {
        const dir = path.join(args.path, channel);
        channels[channel] = [];
        for (const file of readdirSync(dir)
          .filter((f) => f.endsWith('.yaml'))
          .sort()) {
          watchFiles.push(path.join(dir, file));
          for (const doc of parseAllDocuments(readFileSync(path.join(dir, file), 'utf8'))) {
            const crd = doc.toJS();
            if (crd?.kind !== 'CustomResourceDefinition') continue;
            for (const v of crd.spec.versions ?? []) {
              const json = JSON.stringify(v.schema?.openAPIV3Schema ?? {}, strip);
              if (!index.has(json)) {
                index.set(json, schemas.length);
                schemas.push(json);
              }
              v.schema = index.get(json);
            }
            channels[channel].push(JSON.parse(JSON.stringify(crd, strip)));
          }
        }
      }
      const json = `{"channels":${JSON.stringify(channels)},"schemas":[${schemas.join(',')}]}`;
      return { contents: `module.exports = JSON.parse(${JSON.stringify(json)});`, loader: 'js', watchFiles };
    });
  },
};

const common = {
  plugins: [crdBundle],
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
const builds = entries.map((e) => build({ ...common, ...e }));

// The tests do not import dist/, so they are bundled at the same time.
if (withTests) {
  rmSync('out/test', { recursive: true, force: true });
  const tests = readdirSync('test')
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `test/${f}`);
  builds.push(
    build({
      ...common,
      entryPoints: tests,
      outdir: 'out/test',
      sourcemap: 'inline',
      external: ['vscode', 'vscode-oniguruma'],
    }),
  );
}
await Promise.all(builds);
for (const e of entries) if (e.banner) chmodSync(e.outfile, 0o755);

if (withBench) {
  rmSync('out/bench', { recursive: true, force: true });
  await Promise.all([
    build({ ...common, entryPoints: ['bench/main.ts'], outfile: 'out/bench/bench.js' }),
    build({ ...common, entryPoints: ['bench/flood.ts'], outfile: 'out/bench/flood.js' }),
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
