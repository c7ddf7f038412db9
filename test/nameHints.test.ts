// "Did you mean" hints (closestName in resolve/findings.ts): the banded edit distance must pick
// exactly what a plain Levenshtein distance picks, and names longer than any Kubernetes object
// name get no hint, so a pasted blob costs nothing (comparing two 100,000-character names used to
// take minutes: the product of their lengths, twice over).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Prng } from '../bench/prng.js';
import { closestName } from '../server/src/core/resolve/findings.js';
import { CoreDriver } from './harness/core.js';

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length]!;
}

/** The specification closestName implements: the nearest within the limit, ties to the first in code-unit order. */
function reference(name: string, candidates: string[]): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const within = candidates
    .filter((c) => c !== name)
    .map((c) => ({ c, d: levenshtein(name, c) }))
    .filter(({ d }) => d <= limit)
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : x.c > y.c ? 1 : 0));
  return within[0]?.c;
}

test('closestName agrees with a plain edit distance on random names', () => {
  const rng = new Prng(20261203);
  const word = (max: number) => {
    let s = '';
    for (let k = rng.int(0, max); k > 0; k--) s += rng.pick(['a', 'b', 'c', '-', 'x']);
    return s;
  };
  for (let round = 0; round < 3000; round++) {
    const name = word(14);
    const candidates = Array.from({ length: rng.int(0, 6) }, () => word(16));
    assert.equal(closestName(name, candidates), reference(name, candidates), `${name} among ${candidates.join(', ')}`);
  }
});

test('closestName finds near misses of long names within the band', () => {
  const base = 'a'.repeat(120) + 'b'.repeat(120);
  assert.equal(
    closestName(base, [`${base.slice(0, 200)}x${base.slice(201)}`]),
    `${base.slice(0, 200)}x${base.slice(201)}`,
  );
  assert.equal(closestName(base, ['b'.repeat(120) + 'a'.repeat(120)]), undefined);
});

test('no hint for a name longer than a Kubernetes object name can be', () => {
  const long = 'v'.repeat(254);
  assert.equal(closestName(long, [`${long}w`]), undefined);
  assert.equal(closestName('v'.repeat(252), ['v'.repeat(254)]), undefined);
  assert.equal(closestName('v'.repeat(253), ['v'.repeat(252)]), 'v'.repeat(252));
});

test('a route naming a huge Gateway beside another huge Gateway gets its finding, without a hint', () => {
  const huge = 'v'.repeat(100_000);
  const gateway = (name: string) =>
    `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: ${name}\n  namespace: infra\nspec:\n  gatewayClassName: example\n  listeners:\n    - name: http\n      protocol: HTTP\n      port: 80\n`;
  const host = new CoreDriver();
  host.applyChanges([
    { fileId: 'a/gateway.yaml', text: gateway(`${huge}a`) },
    { fileId: 'b/gateway.yaml', text: gateway(`${huge}b`) },
    {
      fileId: 'route.yaml',
      text: `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: web\n  namespace: infra\nspec:\n  parentRefs:\n    - name: ${huge}c\n`,
    },
  ]);
  host.settle();
  const route = host
    .diagnostics('route.yaml')
    .filter((d) => d.code === 'ParentNotFound' || d.code === 'NoMatchingParent');
  assert.equal(route.length, 1, JSON.stringify(host.diagnostics('route.yaml').map((d) => d.code)));
  assert.doesNotMatch(route[0]!.message, /did you mean/i);
});
