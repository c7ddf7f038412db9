// Hostile file systems (server/src/io/walk.ts), through the CLI and the language server: a FIFO or
// a device named *.yaml is refused at once instead of blocking or reading forever, files are read
// with the size bound enforced while reading, UTF-16 files with a byte order mark are read, and
// symbolic links are followed only to targets inside the workspace (the paths the CLI is given,
// the server's workspace folders).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { decode, findYamlFiles, MAX_FILE_BYTES, readYamlFile, readYamlFileSync } from '../server/src/io/walk.js';
import { startServer } from './harness/lsp.js';
import { cliPath } from './harness/paths.js';

const ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
  namespace: infra
spec:
  parentRefs:
    - name: shared
      sectionName: htp
`;
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

const scratch = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-files-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;
function workspace(files: Record<string, string | Buffer>): string {
  const dir = path.join(scratch, `ws${dirs++}`);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const canMakeFifo =
  process.platform !== 'win32' && spawnSync('mkfifo', ['--version'], { stdio: 'ignore' }).status === 0;
const noFifo = canMakeFifo ? false : 'mkfifo is not available on this platform';

/** The CLI in a child process, killed if it has not finished within `ms` (a hang is a failure). */
function cli(
  cwd: string,
  args: string[],
  ms = 30_000,
): Promise<{ code: number | null; stdout: string; stderr: string; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, ms);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, killed });
    });
  });
}

function jsonFiles(stdout: string): string[] {
  const out = JSON.parse(stdout) as { diagnostics: { file: string; code: string }[] };
  return [...new Set(out.diagnostics.map((d) => `${d.file} ${d.code}`))].sort();
}

describe('files that are not regular files', () => {
  test(
    'check on a FIFO named *.yaml reports it and ends at once (it used to block forever)',
    { skip: noFifo },
    async () => {
      const dir = workspace({ 'route.yaml': ROUTE, 'gateway.yaml': GATEWAY });
      spawnSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
      const run = await cli(dir, ['check', 'pipe.yaml', 'route.yaml', 'gateway.yaml', '--format', 'json']);
      assert.equal(run.killed, false, 'the CLI blocked on the FIFO');
      assert.equal(run.code, 2);
      assert.match(run.stderr, /pipe\.yaml: not a regular file/);
      assert.deepEqual(jsonFiles(run.stdout), ['route.yaml NoMatchingParent']);
      // In a folder the walk never lists it.
      const walked = await cli(dir, ['check', '.', '--format', 'json']);
      assert.equal(walked.code, 1);
    },
  );

  test('check on a link to /dev/zero reports it (it used to read without end)', { skip: noFifo }, async () => {
    const dir = workspace({ 'route.yaml': ROUTE });
    symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
    const run = await cli(dir, ['check', 'zero.yaml', '--format', 'json']);
    assert.equal(run.killed, false, 'the CLI kept reading /dev/zero');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /zero\.yaml: not a regular file/);
  });

  test(
    'reads refuse FIFOs and devices without opening them for long, and bound what they read',
    { skip: noFifo },
    async () => {
      const dir = workspace({ 'big.yaml': Buffer.alloc(MAX_FILE_BYTES + 1, 0x20), 'ok.yaml': 'a: 1\n' });
      spawnSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
      assert.deepEqual(await readYamlFile(path.join(dir, 'pipe.yaml')), { error: 'not a regular file' });
      assert.deepEqual(readYamlFileSync(path.join(dir, 'pipe.yaml')), { error: 'not a regular file' });
      assert.deepEqual(readYamlFileSync('/dev/zero'), { error: 'not a regular file' });
      assert.match((readYamlFileSync(path.join(dir, 'big.yaml')) as { skipped: string }).skipped, /larger than 8 MiB/);
      const ok = await readYamlFile(path.join(dir, 'ok.yaml'));
      assert.equal('text' in ok && ok.text, 'a: 1\n');
      assert.equal('stat' in ok && ok.stat?.size, 5);
      // A regular file whose size says 0 is read to its end all the same (as /proc files are).
      if (process.platform === 'linux') assert.ok('text' in readYamlFileSync('/proc/self/status'));
    },
  );

  test(
    'a FIFO in a watched-file event does not stall the server: the rest of the batch is analysed and it goes idle',
    {
      skip: noFifo,
    },
    async () => {
      const dir = workspace({ 'gateway.yaml': GATEWAY });
      const client = await startServer([dir]);
      try {
        spawnSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
        writeFileSync(path.join(dir, 'route.yaml'), ROUTE);
        await client.filesChanged([
          { file: path.join(dir, 'pipe.yaml'), type: 1 },
          { file: path.join(dir, 'route.yaml'), type: 1 },
        ]);
        await client.idle();
        assert.deepEqual(
          client.diagnosticsOf(path.join(dir, 'route.yaml')).map((d) => d.code),
          ['NoMatchingParent'],
        );
      } finally {
        await client.shutdown();
      }
    },
  );
});

describe('UTF-16 files with a byte order mark', () => {
  const utf16le = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const utf16be = (text: string): Buffer => Buffer.from(utf16le(text)).swap16();

  test('decode: UTF-8 (with or without its mark), UTF-16 little and big endian', () => {
    assert.equal(decode(Buffer.from('a: é\n')), 'a: é\n');
    assert.equal(decode(Buffer.from('\ufeffa: é\n')), '\ufeffa: é\n');
    assert.equal(decode(utf16le('a: é 🙂\n')), '\ufeffa: é 🙂\n');
    assert.equal(decode(utf16be('a: é 🙂\n')), '\ufeffa: é 🙂\n');
  });

  test('are analysed like UTF-8 (they used to be skipped as binary)', async () => {
    const dir = workspace({
      'le/route.yaml': utf16le(ROUTE),
      'be/route.yaml': utf16be(ROUTE),
      'gateway.yaml': GATEWAY,
    });
    const run = await cli(dir, ['check', '.', '--format', 'json']);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(jsonFiles(run.stdout), ['be/route.yaml NoMatchingParent', 'le/route.yaml NoMatchingParent']);
    const out = JSON.parse(run.stdout) as { diagnostics: { file: string; range: { start: unknown } }[] };
    for (const d of out.diagnostics) assert.deepEqual(d.range.start, { line: 8, character: 19 });
  });
});

describe('symbolic links', () => {
  const outsideDir = workspace({ 'secret/route.yaml': ROUTE.replace('name: web', 'name: outside') });

  test('the walk follows links inside the boundaries and reports the others', async () => {
    const dir = workspace({ 'gateway.yaml': GATEWAY, 'shared/route.yaml': ROUTE });
    symlinkSync(path.join(outsideDir, 'secret'), path.join(dir, 'etc'));
    symlinkSync(path.join(outsideDir, 'secret/route.yaml'), path.join(dir, 'linked.yaml'));
    symlinkSync(path.join(dir, 'shared'), path.join(dir, 'alias'));
    const found = await findYamlFiles(['.'], { root: dir, exclude: [] });
    assert.deepEqual(
      found.files.map((f) => path.relative(dir, f)),
      ['alias/route.yaml', 'gateway.yaml'], // shared/ is the folder alias/ already walked
    );
    assert.deepEqual(found.outside.map((f) => path.relative(dir, f)).sort(), ['etc', 'linked.yaml']);
  });

  test('the CLI does not follow a link out of the paths it checks, and says so', async () => {
    const dir = workspace({ 'gateway.yaml': GATEWAY });
    symlinkSync(path.join(outsideDir, 'secret'), path.join(dir, 'etc'));
    const run = await cli(dir, ['check', '.', '--format', 'json']);
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(jsonFiles(run.stdout), []);
    assert.match(run.stderr, /etc: not followed, a symbolic link to outside the paths checked/);
    // Named as a path, the target is checked.
    const named = await cli(dir, ['check', '.', path.join(outsideDir, 'secret'), '--format', 'json']);
    assert.equal(named.code, 1);
  });

  test('the server does not index or read a file through a link out of the workspace folders', async () => {
    const dir = workspace({ 'gateway.yaml': GATEWAY });
    symlinkSync(path.join(outsideDir, 'secret'), path.join(dir, 'etc'));
    const client = await startServer([dir]);
    try {
      assert.deepEqual(
        [...client.diagnostics.keys()].filter((u) => client.diagnostics.get(u)!.length > 0),
        [],
      );
      // Nor when a watcher reports a file under the link.
      await client.filesChanged([{ file: path.join(dir, 'etc/route.yaml'), type: 1 }]);
      await client.idle();
      assert.deepEqual(client.diagnosticsOf(path.join(dir, 'etc/route.yaml')), []);
    } finally {
      await client.shutdown();
    }
  });
});

describe('a hostile .gitignore', () => {
  test('a pattern line too long to compile is dropped; the file’s other lines still count', async () => {
    const dir = workspace({
      '.gitignore': `${'a'.repeat(100_000)}\nall.yaml\n`,
      'app/kustomization.yaml': 'resources:\n  - all.yaml\n  - missing.yaml\n',
    });
    const r = await cli(dir, ['check', '.', '--format', 'json']);
    assert.equal(r.killed, false);
    assert.equal(r.stderr, '');
    // all.yaml is git-ignored (unknown); missing.yaml is not, so it stays a KustomizeError.
    assert.deepEqual(jsonFiles(r.stdout), ['app/kustomization.yaml KustomizeError']);
    const out = JSON.parse(r.stdout) as { diagnostics: { message: string }[] };
    assert.match(out.diagnostics[0]!.message, /missing\.yaml/);
  });
});
