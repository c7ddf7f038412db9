// Policies that have cert-manager issue a Gateway's listener certificates (Kuadrant's TLSPolicy):
// the Secret of a targeted listener is unknown, not missing; a listener the policy does not
// target (its sectionName names another) keeps InvalidCertificateRef where the namespace's
// Secrets are kept in git. (A core test, not a fixture: the fuzzer mutates every fixture.)

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CoreDriver } from './harness/core.js';
import { repoRoot } from './harness/paths.js';

const gateway = readFileSync(path.join(repoRoot, 'test', 'certificatePolicies', 'gateway.yaml'), 'utf8');

function diagnostics(text: string): string[] {
  const host = new CoreDriver();
  host.applyChanges([{ fileId: 'gateway.yaml', text }]);
  host.settle();
  return host.diagnostics('gateway.yaml').map((d) => `${d.range.start.line + 1} ${d.code} ${d.message}`);
}

test("a TLSPolicy's targeted listener gets its Secret from cert-manager; another listener does not", () => {
  assert.deepEqual(diagnostics(gateway), [
    "20 ReferenceNotInWorkspace Secret gateway-system/api-tls is not in the workspace; TLSPolicy gateway-system/edge-api has cert-manager issue this listener's certificate into it, so it cannot be checked.",
    '27 InvalidCertificateRef Secret gateway-system/web-tls does not exist in the workspace (and no cert-manager Certificate creates it).',
  ]);
});

test('without a sectionName the policy covers every listener; without the policy both Secrets are missing', () => {
  const everyListener = diagnostics(gateway.replace('    sectionName: api\n', ''));
  assert.deepEqual(
    everyListener.map((d) => d.split(' ').slice(0, 2).join(' ')),
    ['20 ReferenceNotInWorkspace', '27 ReferenceNotInWorkspace'],
  );
  const withoutPolicy = diagnostics(gateway.replace('kind: TLSPolicy', 'kind: RateLimitPolicy'));
  assert.deepEqual(
    withoutPolicy.map((d) => d.split(' ').slice(0, 2).join(' ')),
    ['20 InvalidCertificateRef', '27 InvalidCertificateRef'],
  );
});
