// YAML trees as the API server's CEL sees them: plain scalars read as Kubernetes' YAML 1.1 decoder
// reads them (`yes` is true), defaults applied (after nulls of non-nullable
// fields are pruned), integers as 64-bit ints, schema property names escaped (`namespace` is
// `__namespace__`, `-` is `__dash__`, …) while map keys stay as written. Values of one document
// are built once and shared by every rule above them.

import type { YNode } from '../syntax/tree.js';
import type { Schema } from './schema.js';
import { kubernetesReading } from '../syntax/yaml11.js';

/** A CEL value as the rules receive it: objects and maps as Maps, integers as bigints. */
export type Value = string | number | bigint | boolean | null | Value[] | Map<string, Value>;

const CEL_RESERVED = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

/** A property name as CEL expressions address it (Kubernetes' escaping rules). */
export function escapeProperty(name: string): string {
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !name.includes('__')) return name;
  return name
    .replaceAll('__', '__underscores__')
    .replaceAll('.', '__dot__')
    .replaceAll('-', '__dash__')
    .replaceAll('/', '__slash__');
}

export function isExplicitNull(node: YNode): boolean {
  return node.kind === 'scalar' && node.value === null && node.style === 'plain';
}

/** The CEL value of one document's nodes, built lazily and kept per node. */
export class ValueBuilder {
  private readonly built = new Map<YNode, Value>();

  value(node: YNode, schema: Schema | undefined): Value {
    let v = this.built.get(node);
    if (v === undefined) {
      v = this.build(node, schema);
      this.built.set(node, v);
    }
    return v;
  }

  private build(node: YNode, schema: Schema | undefined): Value {
    if (node.kind === 'scalar') return scalarValue(kubernetesReading(node) ?? node.value, schema);
    if (node.kind === 'seq') return node.items.map((item) => this.value(item, schema?.items));
    const out = new Map<string, Value>();
    const props = schema?.properties;
    const additional = schema?.additionalProperties;
    for (const e of node.entries) {
      const propSchema = props?.get(e.key);
      if (propSchema) {
        if (isExplicitNull(e.value) && !propSchema.nullable) continue; // pruned before defaulting
        out.set(escapeProperty(e.key), this.value(e.value, propSchema));
      } else {
        out.set(e.key, this.value(e.value, additional === true ? undefined : additional));
      }
    }
    if (schema) applyDefaults(out, schema);
    return out;
  }
}

function scalarValue(value: string | number | boolean | null, schema: Schema | undefined): Value {
  if (typeof value !== 'number') return value;
  const integral = Number.isInteger(value);
  if (schema?.type === 'number') return value;
  return integral && Number.isSafeInteger(value) ? BigInt(value) : value;
}

function applyDefaults(out: Map<string, Value>, schema: Schema): void {
  for (const [key, raw] of schema.defaults) {
    const name = escapeProperty(key);
    if (!out.has(name)) out.set(name, jsonValue(raw, schema.properties?.get(key)));
  }
}

/** A `default` (plain JSON) as a CEL value, with the defaults inside it applied too. */
export function jsonValue(raw: unknown, schema: Schema | undefined): Value {
  if (Array.isArray(raw)) return raw.map((x) => jsonValue(x, schema?.items));
  if (raw !== null && typeof raw === 'object') {
    const out = new Map<string, Value>();
    const props = schema?.properties;
    const additional = schema?.additionalProperties;
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      const p = props?.get(k);
      out.set(p ? escapeProperty(k) : k, jsonValue(v, p ?? (additional === true ? undefined : additional)));
    }
    if (schema) applyDefaults(out, schema);
    return out;
  }
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' || raw === null)
    return scalarValue(raw, schema);
  return null;
}
