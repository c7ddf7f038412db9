// Content hashes of YAML subtrees, independent of spans and styles: 53-bit numbers from two 32-bit
// lanes. A node's rule outcomes are kept under the hash of what its rules can read — the subtree
// projected on the property names the rules select — so two backendRefs that differ only in
// `name` share the outcome of a rule about `group`, `kind` and `port`.

import type { YNode } from '../syntax/tree.js';
import type { Schema } from './schema.js';

const TWO_32 = 4294967296;

const mixA = (a: number, x: number) => Math.imul(a ^ x, 0x01000193);
const mixB = (b: number, x: number) => Math.imul(b ^ x, 0x5bd1e995) ^ (b >>> 13);
const combine = (a: number, b: number) => (a >>> 0) + (b >>> 11) * TWO_32;

function hashString(s: string, tag = 0x73): number {
  let a = mixA(0x811c9dc5, tag);
  let b = mixB(0x2545f491, tag);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = mixA(a, c);
    b = mixB(b, c);
  }
  return combine(a, b);
}

const keyHashes = new Map<string, number>();

/** Map keys repeat across a workspace (`name`, `port`): their hashes are kept. */
function keyHash(key: string): number {
  let h = keyHashes.get(key);
  if (h === undefined) {
    h = hashString(key, 0x6b);
    if (keyHashes.size > 50_000) keyHashes.clear();
    keyHashes.set(key, h);
  }
  return h;
}

function hashScalar(v: string | number | boolean | null): number {
  if (typeof v === 'string') return hashString(v);
  return hashString(v === null ? '' : String(v), v === null ? 0x6e : typeof v === 'number' ? 0x23 : 0x62);
}

/** Accumulates a collection's hash: `start`, then `add` per entry (key hash, child hash), then `end`. */
class Accumulator {
  private a: number;
  private b: number;

  constructor(tag: number) {
    this.a = mixA(0x811c9dc5, tag);
    this.b = mixB(0x2545f491, tag);
  }

  add(h: number): void {
    const lo = (h % TWO_32) | 0;
    const hi = (h / TWO_32) | 0;
    this.a = mixA(this.a, lo);
    this.b = mixB(this.b, hi ^ lo);
  }

  key(key: string): void {
    this.add(keyHash(key));
  }

  end(): number {
    return combine(this.a, this.b);
  }
}

const MAP_TAG = 0x7b;
const SEQ_TAG = 0x5b;

/**
 * The hash of `node` restricted to the properties in `keep` (all when null), at every depth of
 * objects the schema types; keys of maps (`additionalProperties`) are data and always count.
 */
export function projectedHash(node: YNode, schema: Schema | undefined, keep: Set<string> | null): number {
  if (node.kind === 'scalar') return hashScalar(node.value);
  if (node.kind === 'seq') {
    const acc = new Accumulator(SEQ_TAG);
    for (const item of node.items) acc.add(projectedHash(item, schema?.items, keep));
    return acc.end();
  }
  const acc = new Accumulator(MAP_TAG);
  const props = schema?.properties;
  const additional = schema?.additionalProperties;
  for (const e of node.entries) {
    const child = props?.get(e.key);
    if (props && keep && !keep.has(e.key) && (child || additional === undefined)) continue;
    acc.key(e.key);
    acc.add(projectedHash(e.value, child ?? (additional === true ? undefined : additional), keep));
  }
  return acc.end();
}
