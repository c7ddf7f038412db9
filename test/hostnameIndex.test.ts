// The hostname index finds exactly the hostnames that intersect a query, as the pairwise rule
// (resolve/hostnames.ts) says, for every pair of a small universe of exact names, wildcards and
// "every hostname"; and forgets removed items.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { effectiveHostname, HostnameIndex, intersectingHostnames } from '../server/src/core/resolve/hostnames.js';

/** a, b, a.b, b.a, a.a.b, …: names of one to three labels, each exact and as a wildcard, and undefined. */
function universe(): (string | undefined)[] {
  const names: string[] = [];
  const grow = (name: string, depth: number) => {
    names.push(name);
    if (depth < 3) for (const l of ['a', 'b']) grow(`${l}.${name}`, depth + 1);
  };
  for (const l of ['a', 'b']) grow(l, 1);
  return [undefined, ...names, ...names.map((n) => `*.${n}`)];
}

function intersects(x: string | undefined, y: string | undefined): boolean {
  if (x === undefined || y === undefined) return true;
  return intersectingHostnames(x, [y]).length > 0;
}

test('intersecting() agrees with the pairwise rule for every pair', () => {
  const all = universe();
  const index = new HostnameIndex<number>();
  all.forEach((h, i) => index.add(h, i));
  for (const query of all) {
    const found = new Set(index.intersecting(query));
    const expected = new Set(all.flatMap((h, i) => (intersects(query, h) ? [i] : [])));
    assert.deepEqual(
      [...found].sort((a, b) => a - b),
      [...expected].sort((a, b) => a - b),
      `query ${query}`,
    );
  }
});

test('items added after a wildcard query are found by the next ones', () => {
  const all = universe();
  const index = new HostnameIndex<number>();
  all.forEach((h, i) => i % 2 === 0 && index.add(h, i));
  for (const query of all) assert.ok([...index.intersecting(query)].length >= 0); // builds what wildcard queries need
  all.forEach((h, i) => i % 2 === 1 && index.add(h, i));
  for (const query of all) {
    const found = [...new Set(index.intersecting(query))].sort((a, b) => a - b);
    assert.deepEqual(
      found,
      all.flatMap((h, i) => (intersects(query, h) ? [i] : [])),
      `query ${query}`,
    );
  }
});

test('firstIntersecting() gives the first of those items by the order, and whether there are others', () => {
  const all = universe();
  const index = new HostnameIndex<number>((a, b) => b - a);
  // Each item under two hostnames, so a query can meet one item in several buckets.
  all.forEach((h, i) => {
    index.add(h, i);
    index.add(all[(i * 7) % all.length], i);
  });
  for (const query of all) {
    const expected = [
      ...new Set(
        all.flatMap((h, i) => (intersects(query, h) || intersects(query, all[(i * 7) % all.length]) ? [i] : [])),
      ),
    ].sort((a, b) => b - a);
    const found = index.firstIntersecting(query);
    assert.deepEqual(
      found,
      expected.length === 0 ? undefined : { first: expected[0], others: expected.length > 1 },
      `query ${query}`,
    );
  }
});

test('removed items are not found, first or otherwise', () => {
  const all = universe();
  const index = new HostnameIndex<number>((a, b) => a - b);
  all.forEach((h, i) => index.add(h, i));
  // Asked before the removals, so each bucket has a first item to forget.
  for (const query of all) index.firstIntersecting(query);
  all.forEach((h, i) => {
    if (i % 2 === 0) index.remove(h, i);
  });
  for (const query of all) {
    const found = [...new Set(index.intersecting(query))].sort((a, b) => a - b);
    const expected = all.flatMap((h, i) => (i % 2 === 1 && intersects(query, h) ? [i] : []));
    assert.deepEqual(found, expected, `query ${query}`);
    const first = expected.length === 0 ? undefined : { first: expected[0], others: expected.length > 1 };
    assert.deepEqual(index.firstIntersecting(query), first, `first for ${query}`);
  }
});

test('effectiveHostname is the narrower of two intersecting hostnames', () => {
  assert.equal(effectiveHostname(undefined, undefined), undefined);
  assert.equal(effectiveHostname('*.example.com', undefined), '*.example.com');
  assert.equal(effectiveHostname(undefined, 'Shop.Example.com'), 'shop.example.com');
  assert.equal(effectiveHostname('*.example.com', 'shop.example.com'), 'shop.example.com');
  assert.equal(effectiveHostname('shop.example.com', '*.example.com'), 'shop.example.com');
  assert.equal(effectiveHostname('*.example.com', '*.eu.example.com'), '*.eu.example.com');
  assert.equal(effectiveHostname('*.eu.example.com', '*.example.com'), '*.eu.example.com');
});
