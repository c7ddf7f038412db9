// Plain scalars as Kubernetes' decoder reads them (core/syntax/yaml11.ts), against go-yaml v2's
// resolution rules, which sigs.k8s.io/yaml uses: only what YAML 1.2 reads as a string and go-yaml
// as a boolean or number has a reading. The values are what `kubectl label --local -o json` reads
// from a list of these scalars (0755 is 493 there; YAML 1.2 reads 755, a number all the same).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kubernetesReading } from '../server/src/core/syntax/yaml11.js';
import type { ScalarStyle } from '../server/src/core/syntax/tree.js';
import { parseYaml } from '../server/src/core/syntax/fastPath.js';

function reading(text: string): boolean | number | undefined {
  const root = parseYaml(`v: ${text}\n`)[0]?.root;
  assert.ok(root?.kind === 'map');
  return kubernetesReading(root.entries[0]!.value);
}

test('YAML 1.1 booleans go-yaml reads: y, yes, on, n, no, off in three capitalisations', () => {
  for (const t of ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']) assert.equal(reading(t), true, t);
  for (const t of ['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']) assert.equal(reading(t), false, t);
  for (const t of ['yEs', 'oN', 'nO', 'Off2', 'yes please']) assert.equal(reading(t), undefined, t);
});

test('numbers go-yaml reads once underscores are dropped; YAML 1.2 numbers have no reading', () => {
  assert.equal(reading('1_000'), 1000);
  assert.equal(reading('0b101'), 5);
  assert.equal(reading('-0b101'), -5);
  assert.equal(reading('+0x1F'), 31);
  assert.equal(reading('0x_1F'), 31);
  assert.equal(reading('07_55'), 493);
  assert.equal(reading('1_0.5'), 10.5);
  // Read as numbers by YAML 1.2 too: InvalidField's, not this reading's.
  for (const t of ['0755', '1e3', '0x1F', '0o17', '.5', '+1']) assert.equal(reading(t), undefined, t);
  // Strings to both: go-yaml has no base-60, and timestamps decode as strings.
  for (const t of ['1:30', '2001-12-14', '0x', '+-', '1.2.3', '10Gi']) assert.equal(reading(t), undefined, t);
});

test('quoted and block scalars are strings to every reader', () => {
  for (const style of ['single', 'double', 'block'] as ScalarStyle[])
    assert.equal(kubernetesReading({ kind: 'scalar', value: 'yes', style, span: { start: 0, end: 3 } }), undefined);
});
