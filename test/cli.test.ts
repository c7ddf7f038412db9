// `gateway-refs check` as users run it, on the examples and on temporary workspaces: each output
// format, the version-1 JSON contract, exit codes 0/1/2, bad arguments without stack traces, the
// cache, large output on a pipe arriving whole, and a reader that leaves early. What only a process
// shows (the bundle, its exit status, colour detection, pipes) runs the built dist/cli.js; the rest
// runs the same command in-process.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { expectFile } from './harness/expect.js';
import { runCli as cli, spawnCli } from './harness/cli.js';
import { cliPath, repoRoot } from './harness/paths.js';

interface Condition {
  type: string;
  status: string;
  reason: string;
  message?: string;
}

interface JsonOutput {
  version: number;
  diagnostics: {
    file: string;
    range: { start: { line: number; character: number } };
    severity: string;
    code: string;
    message: string;
  }[];
  routes: {
    kind: string;
    namespace: string;
    name: string;
    file: string;
    parents: { parentRef: Record<string, unknown>; conditions: Condition[] }[];
  }[];
  gateways: {
    namespace: string;
    name: string;
    conditions: Condition[];
    listeners: { name: string; attachedRoutes: number; supportedKinds: unknown[]; conditions: Condition[] }[];
  }[];
  policies: {
    kind: string;
    namespace: string;
    name: string;
    file: string;
    ancestors: { ancestorRef: Record<string, unknown>; conditions: Condition[] }[];
  }[];
}

async function json(args: string[], cwd = repoRoot): Promise<{ status: number | null; output: JsonOutput }> {
  const run = await cli([...args, '--format', 'json'], cwd);
  assert.equal(run.stderr, '');
  return { status: run.status, output: JSON.parse(run.stdout) as JsonOutput };
}

function workspaceCopy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-cli-'));
  cpSync(path.join(repoRoot, 'examples', 'cross-namespace'), dir, { recursive: true });
  return dir;
}

const condition = (list: Condition[], type: string) => list.find((c) => c.type === type)!;

describe('gateway-refs check', () => {
  test('text output on the examples reads like a compiler and exits 1 for the broken example', () => {
    const run = spawnCli(['check', 'examples/']);
    assert.equal(run.status, 1);
    assert.equal(run.stderr, '');
    assert.doesNotMatch(run.stdout, new RegExp(String.fromCharCode(27)), 'no colour on a pipe');
    expectFile(path.join(repoRoot, 'test', 'cli', 'examples.txt'), run.stdout, 'text output');
  });

  test('--color forces colour', async () => {
    assert.match(
      (await cli(['check', 'examples/cross-namespace-broken', '--color'])).stdout,
      new RegExp(`${String.fromCharCode(27)}\\[`),
    );
  });

  test('JSON on the clean example: the route is Accepted and ResolvedRefs, the listener has one route', async () => {
    const { status, output } = await json(['check', 'examples/cross-namespace']);
    assert.equal(status, 0);
    assert.equal(output.version, 1);
    assert.deepEqual(output.diagnostics, []);
    const route = output.routes.find((r) => r.namespace === 'tenant-a' && r.name === 'httpbin-route')!;
    assert.equal(route.file, 'examples/cross-namespace/route.yaml');
    assert.deepEqual(route.parents[0]!.parentRef, {
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
      namespace: 'aic',
      name: 'apisix',
    });
    assert.equal(condition(route.parents[0]!.conditions, 'Accepted').status, 'True');
    assert.equal(condition(route.parents[0]!.conditions, 'ResolvedRefs').status, 'True');
    const gateway = output.gateways.find((g) => g.namespace === 'aic' && g.name === 'apisix')!;
    assert.equal(gateway.listeners[0]!.name, 'http');
    assert.equal(gateway.listeners[0]!.attachedRoutes, 1);
    assert.deepEqual(gateway.listeners[0]!.supportedKinds, [
      { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' },
      { group: 'gateway.networking.k8s.io', kind: 'GRPCRoute' },
    ]);
  });

  test('JSON: a BackendTLSPolicy is reported per Gateway that reaches its Service, shaped like PolicyStatus', async () => {
    const { status, output } = await json(['check', 'test/fixtures/policies/backend-tls-conflict']);
    assert.equal(status, 0);
    assert.deepEqual(output.policies[1], {
      kind: 'BackendTLSPolicy',
      namespace: 'shop',
      name: 'billing-tls-v2',
      file: 'test/fixtures/policies/backend-tls-conflict/policies.yaml',
      ancestors: [
        {
          ancestorRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'shop', name: 'public' },
          conditions: [
            {
              type: 'Accepted',
              status: 'False',
              reason: 'Conflicted',
              message: output.policies[1]!.ancestors[0]!.conditions[0]!.message,
            },
            { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: 'All references resolved.' },
          ],
        },
      ],
    });
    assert.match(output.policies[1].ancestors[0]!.conditions[0]!.message ?? '', /BackendTLSPolicy shop\/billing-tls/);
    assert.equal(output.policies.length, 3);
  });

  test('removing the grant gives RefNotPermitted on the backendRef', async () => {
    const dir = workspaceCopy();
    try {
      unlinkSync(path.join(dir, 'reference-grant.yaml'));
      const { status, output } = await json(['check', '.'], dir);
      assert.equal(status, 1);
      const resolved = condition(output.routes[0]!.parents[0]!.conditions, 'ResolvedRefs');
      assert.deepEqual([resolved.status, resolved.reason], ['False', 'RefNotPermitted']);
      assert.deepEqual(
        output.diagnostics.map((d) => [d.file, d.range.start.line, d.code]),
        [['route.yaml', 17, 'RefNotPermitted']],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('changing the namespace label gives NotAllowedByListeners on the parentRef', async () => {
    const dir = workspaceCopy();
    try {
      const file = path.join(dir, 'namespaces.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace('  labels:\n    tenant: tenant-a', '  labels:\n    tenant: tenant-b'),
      );
      const { status, output } = await json(['check', '.'], dir);
      assert.equal(status, 1);
      const accepted = condition(output.routes[0]!.parents[0]!.conditions, 'Accepted');
      assert.deepEqual([accepted.status, accepted.reason], ['False', 'NotAllowedByListeners']);
      assert.deepEqual(
        output.diagnostics.map((d) => [d.file, d.range.start.line, d.code]),
        [['route.yaml', 9, 'NotAllowedByListeners']],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('SARIF output has the 2.1.0 shape code scanning expects', async () => {
    const run = await cli(['check', 'examples/', '--format', 'sarif']);
    assert.equal(run.status, 1);
    const log = JSON.parse(run.stdout) as {
      version: string;
      $schema: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string } }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          message: { text: string };
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } };
          }[];
          partialFingerprints: Record<string, string>;
        }[];
      }[];
    };
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    const [runLog] = log.runs;
    assert.equal(runLog!.tool.driver.name, 'gateway-refs');
    const ruleIds = runLog!.tool.driver.rules.map((r) => r.id);
    assert.ok(ruleIds.includes('RefNotPermitted') && ruleIds.includes('NotAllowedByListeners'));
    const refNotPermitted = runLog!.results.find((r) => r.ruleId === 'RefNotPermitted')!;
    assert.equal(ruleIds[refNotPermitted.ruleIndex], 'RefNotPermitted');
    assert.equal(refNotPermitted.level, 'error');
    assert.deepEqual(refNotPermitted.locations[0]!.physicalLocation, {
      artifactLocation: { uri: 'examples/cross-namespace-broken/route.yaml' },
      region: { startLine: 18, startColumn: 11, endLine: 18, endColumn: 24 },
    });
    assert.ok(Object.values(refNotPermitted.partialFingerprints)[0]!.includes('HTTPRoute tenant-a/httpbin-route'));
    assert.ok(runLog!.results.some((r) => r.ruleId === 'UnusedReferenceGrant' && r.level === 'note'));
  });

  test('exit code 0 for a clean workspace, and --severity can turn errors into warnings or off', async () => {
    assert.equal(spawnCli(['check', 'examples/cross-namespace']).status, 0);
    const demoted = await cli([
      'check',
      'examples/cross-namespace-broken',
      '--severity',
      'RefNotPermitted=warning',
      '--severity',
      'NotAllowedByListeners=off',
    ]);
    assert.equal(demoted.status, 0);
    assert.match(demoted.stdout, /warning RefNotPermitted/);
    assert.doesNotMatch(demoted.stdout, /NotAllowedByListeners/);
  });

  test('--exclude skips matching files; --default-namespace moves un-namespaced objects', async () => {
    assert.equal((await cli(['check', 'examples/', '--exclude', 'examples/cross-namespace-broken/**'])).status, 0);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-cli-'));
    try {
      writeFileSync(
        path.join(dir, 'app.yaml'),
        'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: web\nspec:\n  parentRefs:\n    - name: gw\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gw\n  namespace: apps\nspec:\n  gatewayClassName: x\n  listeners:\n    - name: http\n      protocol: HTTP\n      port: 80\n',
      );
      assert.equal(
        (await cli(['check', '.'], dir)).status,
        0,
        'the route in default has an unknown parent namespace: information only',
      );
      const moved = await json(['check', '.', '--default-namespace', 'apps'], dir);
      assert.equal(moved.status, 0);
      assert.equal(condition(moved.output.routes[0]!.parents[0]!.conditions, 'Accepted').status, 'True');
      // The Gateway's Programmed speaks for the Gateway: its listeners' references are theirs.
      assert.match(
        condition(moved.output.gateways[0]!.conditions, 'Programmed').message ?? '',
        /each listener reports its own Programmed condition/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('objects placed when applied (kubectl apply -n) have no namespace in the JSON, their references neither', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-cli-'));
    try {
      writeFileSync(
        path.join(dir, 'route.yaml'),
        'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: web\nspec:\n  parentRefs:\n    - name: gw\n',
      );
      const { output } = await json(['check', '.'], dir);
      const route = output.routes[0]!;
      assert.deepEqual([route.namespace, route.parents[0]!.parentRef.namespace], ['', '']);
      assert.doesNotMatch(JSON.stringify(output), /"@/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('checking one overlay reads the bases and components it names outside the paths given, as kustomize does', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-cli-'));
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    };
    try {
      write('base/kustomization.yaml', 'resources:\n  - route.yaml\n');
      write(
        'base/route.yaml',
        'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: web\nspec:\n  parentRefs:\n    - name: gw\n      sectionName: htps\n',
      );
      // Not named by any kustomization: kustomize does not read it, and neither does the check.
      write('base/unused.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: Not_Valid\n');
      write(
        'common/gateway/kustomization.yaml',
        'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - gateway.yaml\n',
      );
      write(
        'common/gateway/gateway.yaml',
        'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gw\n  namespace: infra\nspec:\n  gatewayClassName: x\n  listeners:\n    - name: https\n      protocol: HTTP\n      port: 80\n      allowedRoutes:\n        namespaces:\n          from: All\n',
      );
      write(
        'overlays/prod/kustomization.yaml',
        'namespace: prod\nresources:\n  - ../../base\n  - ../../missing\ncomponents:\n  - ../../common/gateway\n',
      );
      const expected = (prefix: string) => [
        `${prefix}overlays/prod/kustomization.yaml KustomizeError`,
        `${prefix}base/route.yaml NoMatchingParent`,
      ];
      const summary = (o: JsonOutput) =>
        o.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file} ${d.code}`);
      const fromRoot = await json(['check', 'overlays/prod'], dir);
      assert.deepEqual(summary(fromRoot.output), expected(''));
      assert.match(fromRoot.output.diagnostics.find((d) => d.code === 'KustomizeError')!.message, /missing/);
      // The overlay's namespace applies to what the base and the component bring (the Gateway too).
      assert.deepEqual(
        [...fromRoot.output.routes, ...fromRoot.output.gateways].map((r) => `${r.namespace}/${r.name}`),
        ['prod/web', 'prod/gw'],
      );
      const fromInside = await json(['check', '.'], path.join(dir, 'overlays/prod'));
      assert.deepEqual(
        summary(fromInside.output),
        expected('../../').map((e) => e.replace('../../overlays/prod/', '')),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const [args, message] of [
    [['check', '--format', 'xml'], /--format must be text, json, sarif, dot or mermaid/],
    [['check', '--bogus'], /Unknown option '--bogus'/],
    [['lint', '.'], /unknown command "lint"/],
    [[], /missing command/],
    [['check', 'no/such/dir'], /no\/such\/dir: no such file or directory/],
    [['check', '--severity', 'Nope=error'], /unknown code "Nope"/],
    [['check', '--severity', 'RefNotPermitted=loud'], /the level must be error, warning, info, hint or off/],
    [['check', '--default-namespace', 'Not_A_Namespace'], /is not a valid namespace name/],
    [['check', '--implementation', 'envoy'], /"envoy" is not a known implementation; use one of envoy-gateway, /],
    [['check', '--feature', 'TLSRouteModeTerminate'], /the value must be on or off/],
    [['check', '--feature', 'Teleport=on'], /unknown feature "Teleport"/],
  ] as const) {
    test(`exit code 2 and a clear message, no stack trace: ${args.join(' ') || '(no arguments)'}`, async () => {
      const run = await cli([...args]);
      assert.equal(run.status, 2);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    });
  }

  test('the process exits 2 on a usage error, with the message and no stack trace', () => {
    const run = spawnCli(['check', '--bogus']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /Unknown option '--bogus'/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  });

  test('--help and --version', async () => {
    const help = (await cli(['--help'])).stdout;
    assert.match(help, /Usage: gateway-refs check/);
    assert.match(help, /--implementation ID[^]*envoy-gateway, istio, /, 'the help lists the implementation ids');
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    assert.equal(spawnCli(['--version']).stdout.trim(), pkg.version, 'the bundle knows its version');
  });

  test('--cache-dir: a warm run reports exactly what a cold one does; a corrupt cache is reported and rebuilt', async () => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-cli-cache-'));
    try {
      const cold = await cli(['check', 'examples/', '--format', 'json', '--cache-dir', cacheDir]);
      const warm = await cli(['check', 'examples/', '--format', 'json', '--cache-dir', cacheDir]);
      assert.equal(warm.stdout, cold.stdout);
      assert.equal(warm.stderr, '');
      const file = path.join(cacheDir, readdirSync(cacheDir)[0]!);
      writeFileSync(file, readFileSync(file, 'utf8').replace('"HTTPRoute"', '"Gateway"'));
      const afterCorruption = await cli(['check', 'examples/', '--format', 'json', '--cache-dir', cacheDir]);
      assert.equal(afterCorruption.stdout, cold.stdout);
      assert.match(afterCorruption.stderr, /warning: Ignoring the cache .*truncated or corrupt; it will be rebuilt/);
      assert.equal(
        (await cli(['check', 'examples/', '--format', 'json', '--cache-dir', cacheDir])).stderr,
        '',
        'rebuilt',
      );
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  test('--cache-dir: an unchanged workspace leaves the cache untouched, with a file too large to read in it', async () => {
    const dir = workspaceCopy();
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-cli-cache-'));
    try {
      writeFileSync(path.join(dir, 'huge.yaml'), `# ${'x'.repeat(9 * 1024 * 1024)}\n`);
      const run = () => cli(['check', '.', '--cache-dir', cacheDir], dir);
      const cacheFile = () => path.join(cacheDir, readdirSync(cacheDir)[0]!);
      await run();
      const first = readFileSync(cacheFile());
      // A rewrite would write the same bytes; an old modification time shows whether one happened.
      utimesSync(cacheFile(), 0, 0);
      await run();
      assert.equal(statSync(cacheFile()).mtimeMs, 0, 'not rewritten');
      writeFileSync(path.join(dir, 'extra.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: extra\n');
      await run();
      assert.notDeepEqual(readFileSync(cacheFile()), first, 'a new file is stored');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  /** A folder whose JSON report is several megabytes, far more than a pipe buffers; no errors. */
  function manyRoutes(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-refs-cli-'));
    const routes = Array.from(
      { length: 3000 },
      (_, i) =>
        `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: route-${i}\n  namespace: apps\nspec:\n  parentRefs:\n    - name: missing-gateway-${i}\n`,
    );
    writeFileSync(path.join(dir, 'routes.yaml'), routes.join('---\n'));
    return dir;
  }

  test('large output on a pipe arrives whole', () => {
    const dir = manyRoutes();
    try {
      const run = spawnCli(['check', '.', '--format', 'json'], dir);
      assert.equal(run.stderr, '');
      const status = run.status;
      const output = JSON.parse(run.stdout) as JsonOutput;
      assert.equal(status, 0);
      assert.equal(output.routes.length, 3000);
      assert.equal(output.diagnostics.length, 3000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a reader that closes the pipe early (`| head`) gets no stack trace; the exit status stands', async () => {
    const dir = manyRoutes();
    try {
      const child = spawn(process.execPath, [cliPath, 'check', '.', '--format', 'json'], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.stdout.once('data', () => child.stdout.destroy());
      const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(stderr, '');
      assert.equal(status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
