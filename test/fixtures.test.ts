// Every fixture workspace through the core and the CLI: diagnostics must match the markers in the
// YAML (a closed set: nothing missing, nothing unexpected), the status must match expect.md, and
// the CLI's JSON must report exactly what the core reports. The CLI runs in-process, with the
// fixture's options as flags; test/cli.test.ts starts the built CLI as a process.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CoreDriver } from './harness/core.js';
import {
  checkCodeLenses,
  checkCompletion,
  checkDiagnostics,
  checkExpectFile,
  checkFixes,
  checkHovers,
  checkNavigation,
  diagnosticsByFile,
} from './harness/checks.js';
import { coreHost, listFixtures, loadFixture } from './harness/fixtures.js';
import { runCli } from './harness/cli.js';

for (const name of listFixtures()) {
  describe(name, () => {
    const fixture = loadFixture(name);
    let analysed: CoreDriver | undefined;
    const analysis = () => (analysed ??= coreHost(fixture));

    test('core: diagnostics, status, hovers, navigation, completion, lenses and every quick fix', () => {
      const host = analysis();
      checkDiagnostics(fixture, diagnosticsByFile(host, fixture.files.keys()), true);
      checkNavigation(fixture, host);
      checkCompletion(fixture, host);
      checkCodeLenses(fixture, host);
      checkExpectFile(fixture, host, { hovers: checkHovers(fixture, host), fixes: checkFixes(fixture, host) });
    });

    test('cli: JSON output reports what the core reports', async () => {
      const options = fixture.config.options ?? {};
      const args = ['check', '.', '--format', 'json'];
      if (options.defaultNamespace) args.push('--default-namespace', options.defaultNamespace);
      for (const k of options.backendKinds ?? []) args.push('--backend-kind', `${k.kind}.${k.group}`);
      if (options.channel) args.push('--channel', options.channel);
      if (options.complete) args.push('--complete');
      if (options.implementation) args.push('--implementation', options.implementation);
      for (const [name, on] of Object.entries(options.features ?? {}))
        args.push('--feature', `${name}=${on ? 'on' : 'off'}`);
      for (const [code, level] of Object.entries(options.severities ?? {}))
        args.push('--severity', `${code}=${level === 'information' ? 'info' : level}`);
      const run = await runCli(args, fixture.dir);
      assert.equal(run.stderr, '');
      const output = JSON.parse(run.stdout) as {
        diagnostics: { file: string; range: unknown; severity: string; code: string; message: string }[];
      };
      const host = analysis();
      const core = [...fixture.files.keys()].flatMap((f) =>
        host
          .diagnostics(f)
          .map((d) => ({ file: d.fileId, range: d.range, severity: d.severity, code: d.code, message: d.message })),
      );
      const cli = output.diagnostics.map(({ file, range, severity, code, message }) => ({
        file,
        range,
        severity,
        code,
        message,
      }));
      assert.deepEqual(cli, core);
      assert.equal(run.status, core.some((d) => d.severity === 'error') ? 1 : 0);
    });
  });
}
