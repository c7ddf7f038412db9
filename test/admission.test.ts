// Admission parity (core/admission): the upstream conformance manifests — valid objects the API
// server accepts with the experimental CRDs installed — get no admission finding; and every CEL
// rule of the bundled CRDs is exercised with an object that passes it and one that breaks it.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { bundledCrds, CHANNELS } from '../server/src/core/admission/bundled.js';
import { isTransitionRule, runRule } from '../server/src/core/admission/cel.js';
import type { Schema } from '../server/src/core/admission/schema.js';
import { schemaOf } from '../server/src/core/admission/schema.js';
import { ValueBuilder } from '../server/src/core/admission/value.js';
import { CoreDriver } from './harness/core.js';
import { parseYaml } from '../server/src/core/syntax/fastPath.js';
import { generatedCase, RULE_CASES } from './harness/celRuleCases.js';
import { repoRoot } from './harness/paths.js';

const ADMISSION_CODES = new Set([
  'InvalidField',
  'RuleViolation',
  'UnknownField',
  'ExperimentalOnly',
  'UnknownApiVersion',
]);

describe('the upstream conformance manifests', () => {
  test('get no admission finding on the experimental channel (placeholders filled in)', () => {
    const dir = path.join(repoRoot, 'test', 'conformance');
    const files = [
      'base-manifests.yaml',
      'suite-created.yaml',
      ...readdirSync(path.join(dir, 'tests')).map((f) => `tests/${f}`),
    ];
    const findings: string[] = [];
    for (const file of files) {
      // Each file alone: the same names recur across tests.
      const host = new CoreDriver({ channel: 'experimental' });
      const text = readFileSync(path.join(dir, file), 'utf8').replaceAll('{GATEWAY_CLASS_NAME}', 'conformance');
      host.applyChanges([{ fileId: file, text }]);
      for (const d of host.diagnostics(file))
        if (ADMISSION_CODES.has(d.code)) findings.push(`${file}:${d.range.start.line + 1} ${d.code} ${d.message}`);
    }
    assert.deepEqual(findings, []);
  });
});

/** Every site of a CEL rule in the bundled CRDs: its expression and the schema node it sits on. */
function ruleSites(): { where: string; expression: string; schema: Schema }[] {
  const sites: { where: string; expression: string; schema: Schema }[] = [];
  for (const channel of CHANNELS) {
    for (const crd of bundledCrds(channel)) {
      for (const v of crd.versions) {
        const visit = (s: Schema, where: string, depth: number) => {
          if (depth > 40) return;
          const list = s.raw['x-kubernetes-validations'];
          for (const r of Array.isArray(list) ? (list as { rule: string }[]) : [])
            sites.push({ where, expression: r.rule, schema: s });
          for (const [k, p] of s.properties ?? []) visit(p, `${where}.${k}`, depth + 1);
          if (s.items) visit(s.items, `${where}[]`, depth + 1);
          const additional = s.additionalProperties;
          if (additional && additional !== true) visit(additional, `${where}{}`, depth + 1);
        };
        visit(schemaOf(v.schema), `${channel} ${crd.kind}/${v.name}`, 0);
      }
    }
  }
  return sites;
}

function evaluate(schema: Schema, expression: string, yaml: string): string {
  const root = parseYaml(yaml)[0]?.root;
  assert.ok(root, `case does not parse: ${yaml}`);
  const rule = schema.rules.find((r) => r.expression === expression);
  assert.ok(rule, `rule not compiled: ${expression}`);
  return runRule(rule.program, new ValueBuilder().value(root, schema)).result;
}

describe('every CEL rule of the bundled CRDs', () => {
  const sites = ruleSites();

  test('has a passing and a failing case, or is a transition rule', () => {
    const expressions = [...new Set(sites.map((s) => s.expression))];
    const uncovered = expressions.filter((e) => !RULE_CASES[e] && !generatedCase(e) && !isTransitionRule(e));
    assert.deepEqual(uncovered, []);
    assert.ok(expressions.length >= 90, `only ${expressions.length} distinct rules found`);
    const stale = Object.keys(RULE_CASES).filter((e) => !expressions.includes(e));
    assert.deepEqual(stale, [], 'cases for rules no bundled CRD has');
  });

  test('accepts the passing case and rejects the failing one at every site', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const { where, expression, schema } of sites) {
      if (isTransitionRule(expression)) {
        assert.ok(!schema.rules.some((r) => r.expression === expression), `${where}: transition rule compiled`);
        continue;
      }
      const c = RULE_CASES[expression] ?? generatedCase(expression)!;
      const pass = evaluate(schema, expression, c.pass);
      const fail = evaluate(schema, expression, c.fail);
      if (pass !== 'pass') wrong.push(`${where}: ${expression.slice(0, 80)} → ${pass} on ${c.pass}`);
      if (fail !== 'fail') wrong.push(`${where}: ${expression.slice(0, 80)} → ${fail} on ${c.fail}`);
      checked++;
    }
    assert.deepEqual(wrong, []);
    assert.ok(checked > 600, `only ${checked} rule sites checked`);
  });
});

describe('a blocking schema error', () => {
  // The API server evaluates no CEL rule of an object with a wrong type, a required field missing,
  // a value outside its enum, or a list or string over its maximum (apiextensions' hasBlockingErr).
  const route = (parentRefs: number, extra = '') =>
    [
      'apiVersion: gateway.networking.k8s.io/v1',
      'kind: HTTPRoute',
      'metadata: {name: r, namespace: ns}',
      'spec:',
      '  parentRefs:',
      ...Array.from({ length: parentRefs }, () => '    - name: gw'),
      extra,
    ].join('\n');
  const codes = (text: string) => {
    const host = new CoreDriver();
    host.applyChanges([{ fileId: 'route.yaml', text }]);
    return host.diagnostics('route.yaml').map((d) => d.code);
  };

  test('a rule breaks alone: RuleViolation', () => {
    // Two parentRefs to one parent without distinct sectionNames break a CEL rule of the CRD.
    assert.ok(codes(route(2)).includes('RuleViolation'));
  });

  test('with more parentRefs than maxItems, only the schema finding: the rules are not evaluated', () => {
    const found = codes(route(40));
    assert.ok(found.includes('InvalidField'), found.join(', '));
    assert.ok(!found.includes('RuleViolation'), found.join(', '));
  });
});
