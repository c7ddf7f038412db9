// Gateway Refs where CI and other tools meet it: `--changed-since REV` on a real git repository
// (and its errors outside one), the npm package (`npx gateway-refs` from a packed tarball: the
// bundle and its shebang, nothing else needed), the composite GitHub Action (its check step run
// here as the runner would run it), the pre-commit hook definition, and the Marketplace metadata.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { runCli } from './harness/cli.js';
import { repoRoot } from './harness/paths.js';

const example = path.join(repoRoot, 'examples', 'cross-namespace-broken');

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, stdio: 'ignore' });
}

describe('--changed-since', () => {
  let repo: string;
  before(() => {
    repo = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-changed-'));
    cpSync(example, path.join(repo, 'deploy'), { recursive: true });
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'manifests');
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  test('reports only the problems of files changed since the revision', async () => {
    const all = await runCli(['check', '--format', 'json', 'deploy'], repo);
    const files = (out: string) => [
      ...new Set((JSON.parse(out) as { diagnostics: { file: string }[] }).diagnostics.map((d) => d.file)),
    ];
    assert.ok(files(all.stdout).includes('deploy/route.yaml'), all.stdout);
    assert.equal(all.status, 1);

    const clean = await runCli(['check', '--changed-since', 'HEAD', 'deploy'], repo);
    assert.equal(clean.status, 0, 'nothing changed since HEAD: nothing reported');
    assert.match(clean.stdout, /0 errors/);

    // A change in an unrelated part of the route file: its problems are reported, from the whole analysis.
    const route = path.join(repo, 'deploy', 'route.yaml');
    writeFileSync(route, `${readFileSync(route, 'utf8')}\n# reviewed\n`);
    const changed = await runCli(['check', '--format', 'json', '--changed-since', 'HEAD', 'deploy'], repo);
    assert.deepEqual(files(changed.stdout), ['deploy/route.yaml']);
    assert.equal(changed.status, 1);

    // From a subfolder, with the change committed: ids stay relative to the working directory.
    git(repo, 'commit', '-q', '-am', 'review');
    const sub = await runCli(
      ['check', '--format', 'json', '--changed-since', 'HEAD~1', '.'],
      path.join(repo, 'deploy'),
    );
    assert.deepEqual(files(sub.stdout), ['route.yaml']);

    // A new file git does not know yet counts as changed.
    writeFileSync(path.join(repo, 'deploy', 'extra.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n');
    const added = await runCli(['check', '--format', 'json', '--changed-since', 'HEAD', 'deploy'], repo);
    assert.deepEqual(files(added.stdout), []);
    assert.equal(added.status, 0);
  });

  test('says what is wrong outside a git repository or with a bad revision', async () => {
    const plain = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-nogit-'));
    try {
      cpSync(example, plain, { recursive: true });
      const run = await runCli(['check', '--changed-since', 'main', '.'], plain);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /--changed-since needs a git repository/);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
    const bad = await runCli(['check', '--changed-since', 'no-such-revision', 'deploy'], repo);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /git diff --name-only -z no-such-revision -- failed: fatal: /);
    const option = await runCli(['check', '--changed-since', '--output=x', 'deploy'], repo);
    assert.equal(option.status, 2);
  });
});

describe('the npm package', () => {
  test('packs the CLI bundle with a shebang, runnable with npx and no node_modules', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-pack-'));
    try {
      // dist/ is built by the test build; prepack builds it for a real `npm pack`.
      const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
        cwd: repoRoot,
        encoding: 'utf8',
      });
      assert.equal(packed.status, 0, packed.stderr);
      const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
      const names = info!.files.map((f) => f.path).sort();
      assert.deepEqual(names, [
        'CHANGELOG.md',
        'LICENSE',
        'README.md',
        'dist/cli.js',
        'dist/server.js',
        'docs/diagnostics.md',
        'package.json',
      ]);
      execFileSync('tar', ['xzf', path.join(dir, info!.filename), '-C', dir]);
      const cli = path.join(dir, 'package', 'dist', 'cli.js');
      assert.ok(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n'), 'the bin starts with a shebang');
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package', 'package.json'), 'utf8')) as {
        bin: Record<string, string>;
        scripts: Record<string, string>;
      };
      assert.equal(pkg.bin['gateway-refs'], 'dist/cli.js');
      assert.equal(pkg.scripts['prepack'], 'node esbuild.mjs');
      // What npx runs: the bin, from a folder with no node_modules anywhere above it that matters.
      const run = spawnSync(process.execPath, [cli, 'check', '--no-color', example], { cwd: dir, encoding: 'utf8' });
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stdout, /NotAllowedByListeners/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the GitHub Action', () => {
  interface Step {
    id?: string;
    uses?: string;
    run?: string;
    env?: Record<string, string>;
    with?: Record<string, string>;
  }
  const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
    runs: { using: string; steps: Step[] };
    inputs: Record<string, { description: string; default: string }>;
  };

  test('is a composite action that builds the CLI, writes SARIF and uploads it', () => {
    assert.equal(action.runs.using, 'composite');
    for (const input of ['paths', 'args', 'changed-since', 'sarif-file', 'upload-sarif', 'fail-on-error'])
      assert.ok(action.inputs[input]?.description, `input ${input} is described`);
    const uses = action.runs.steps.flatMap((s) => s.uses ?? []);
    assert.ok(uses.some((u) => u.startsWith('github/codeql-action/upload-sarif@')));
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.equal(upload?.with?.['sarif_file'], '${{ inputs.sarif-file }}');
  });

  test('its check step writes SARIF and the exit code as the runner runs it', () => {
    const check = action.runs.steps.find((s) => s.id === 'check')!;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-action-'));
    try {
      cpSync(example, path.join(dir, 'deploy'), { recursive: true });
      mkdirSync(path.join(dir, 'runner'));
      const output = path.join(dir, 'runner', 'output');
      writeFileSync(output, '');
      const run = spawnSync('bash', ['-e', '-c', check.run!], {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          GATEWAY_REFS: path.join(repoRoot, 'dist', 'cli.js'),
          INPUT_PATHS: 'deploy',
          INPUT_ARGS: '',
          INPUT_CHANGED_SINCE: '',
          INPUT_SARIF_FILE: 'out.sarif',
          GITHUB_OUTPUT: output,
          RUNNER_TEMP: path.join(dir, 'runner'),
        },
      });
      assert.equal(run.status, 0, `errors found is exit 1, which the step passes on:\n${run.stderr}`);
      assert.match(run.stdout, /NotAllowedByListeners/, 'the readable report is in the log');
      assert.equal(readFileSync(output, 'utf8'), 'exit-code=1\n');
      const sarif = JSON.parse(readFileSync(path.join(dir, 'out.sarif'), 'utf8')) as {
        version: string;
        runs: {
          results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
        }[];
      };
      assert.equal(sarif.version, '2.1.0');
      const results = sarif.runs[0]!.results;
      assert.ok(results.some((r) => r.ruleId === 'NotAllowedByListeners'));
      for (const r of results)
        assert.match(
          r.locations[0]!.physicalLocation.artifactLocation.uri,
          /^deploy\//,
          'paths relative to the repository',
        );
      assert.ok(existsSync(path.join(dir, 'runner', 'gateway-refs-cache')), 'the second run reused a cache');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('the pre-commit hook runs the CLI on the whole repository when YAML changes', () => {
  const hooks = parse(readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
  assert.deepEqual(hooks, [
    {
      id: 'gateway-refs',
      name: 'gateway-refs',
      description: 'Checks Kubernetes Gateway API manifests (route attachment, allowedRoutes, ReferenceGrants).',
      entry: 'gateway-refs check',
      language: 'node',
      files: '\\.ya?ml$',
      pass_filenames: false,
      require_serial: true,
    },
  ]);
  assert.ok(new RegExp(hooks[0]!['files']).test('deploy/route.yaml'));
});

test('the Marketplace and Open VSX metadata: icon, repository, categories, banner', () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown> & {
    icon: string;
    repository: { type: string; url: string };
    categories: string[];
    keywords: string[];
    galleryBanner: { color: string; theme: string };
  };
  const png = readFileSync(path.join(repoRoot, pkg.icon));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], 'a 128×128 icon');
  assert.equal(pkg.repository.type, 'git');
  assert.match(pkg.repository.url, /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
  assert.ok(pkg.categories.includes('Linters') && pkg.categories.includes('Visualization'));
  assert.ok(pkg.keywords.length > 0 && pkg.keywords.length <= 30);
  assert.match(pkg.galleryBanner.color, /^#[0-9a-f]{6}$/i);
  assert.ok(['dark', 'light'].includes(pkg.galleryBanner.theme));
});
