// The upstream Gateway API conformance cases, run through the core. Every asserted status must
// agree: route parents, listeners, Gateways, ListenerSets and BackendTLSPolicy ancestors, in the
// status and precondition cases and in each step of the mutation cases.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { caseName, inScope, loadCases, runCase } from './harness/conformance.js';

const cases = loadCases();

describe('upstream conformance', () => {
  for (const c of cases) {
    const scope = inScope(c) ? c.category : 'mutation';
    test(`${caseName(c)} [${scope}] agrees with upstream`, () => {
      assert.deepEqual(runCase(c).mismatches, []);
    });
  }

  test('the scope counts are what the issue states', (t) => {
    const inScopeCases = cases.filter(inScope);
    const allFeatures = inScopeCases.filter((c) => !c.skipIfFeatures?.length);
    const policyCases = cases.filter((c) => c.policies?.length);
    t.diagnostic(
      `${inScopeCases.length} status and precondition cases (${allFeatures.length} with every feature claimed, ${inScopeCases.length - allFeatures.length} with TLSRouteModeTerminate/Mixed unclaimed), ${policyCases.length} of them with BackendTLSPolicy status; ${cases.length - inScopeCases.length} mutation steps`,
    );
    assert.equal(inScopeCases.length, 131);
    assert.equal(allFeatures.length, 129);
    assert.equal(policyCases.length, 8);
  });
});
