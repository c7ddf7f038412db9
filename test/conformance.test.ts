// The upstream Gateway API conformance cases, run through the core. Every asserted status must
// agree, except BackendTLSPolicy ancestor status, which the analysis does not model: those cases'
// route and Gateway assertions are still checked, and the policy assertions are counted as open.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { caseName, inScope, loadCases, runCase } from './harness/conformance.js';

const cases = loadCases();

describe('upstream conformance', () => {
  for (const c of cases) {
    const scope = inScope(c)
      ? 'in scope'
      : c.category === 'mutation'
        ? 'mutation'
        : c.features.includes('ListenerSet')
          ? 'ListenerSet'
          : 'BackendTLSPolicy';
    test(`${caseName(c)} [${scope}] agrees with upstream`, () => {
      assert.deepEqual(runCase(c).mismatches, []);
    });
  }

  test('the scope counts are what the issue states', (t) => {
    const inScopeCases = cases.filter(inScope);
    const allFeatures = inScopeCases.filter((c) => !c.skipIfFeatures?.length);
    const policyCases = cases.filter((c) => c.policies?.length);
    t.diagnostic(
      `${inScopeCases.length} in-scope cases (${allFeatures.length} with every feature claimed, ${inScopeCases.length - allFeatures.length} with TLSRouteModeTerminate/Mixed unclaimed); ${cases.length - inScopeCases.length} others; ${policyCases.length} also assert BackendTLSPolicy status, which is not analysed`,
    );
    assert.equal(inScopeCases.length, 109);
    assert.equal(allFeatures.length, 107);
  });
});
