// Checking untrusted plain data (a cache file) against a shape: the JSON form of a TypeScript type,
// generated from the type itself (storedShape.ts), so that what is read back is exactly what the
// types promise. Unknown keys, missing keys, wrong types and values outside a literal union all
// fail. Pure and iterative enough for large models: objects are checked key by key, literal keys
// first, so a union of resource shapes is decided by its discriminant.

/** A type, as data. */
export type Shape =
  /** Any JSON value: data whose type says nothing about it (a CRD's OpenAPI schema). */
  | 'json'
  | 'string'
  | 'number'
  | 'boolean'
  | 'null'
  | { literal: string | number | boolean }
  | { array: Shape }
  | { record: Shape }
  | { object: Record<string, Shape>; optional?: string[] }
  | { union: Shape[] }
  | { ref: string };

/** A shape and the named types it refers to. */
export interface ShapeSet {
  root: Shape;
  defs: Record<string, Shape>;
}

/** Extra checks for named types that their shape cannot say (a span's bounds). */
export type Refinements = Record<string, (value: unknown) => boolean>;

export function conforms(value: unknown, set: ShapeSet, refinements: Refinements = {}): boolean {
  let check = compiled.get(set);
  if (!check) compiled.set(set, (check = compile(set)));
  return check(value, refinements);
}

/** A shape turned into a function once: a warm start checks tens of thousands of cached models. */
type Check = (v: unknown, refinements: Refinements) => boolean;
const compiled = new WeakMap<ShapeSet, Check>();

function compile(set: ShapeSet): Check {
  const defs = new Map<string, Check>();
  const def = (name: string): Check | undefined => {
    let check = defs.get(name);
    if (check === undefined && Object.hasOwn(set.defs, name)) {
      // Named types may be recursive: the entry exists before its body is built.
      let body: Check = () => false;
      defs.set(name, (check = (v, r) => body(v, r)));
      body = build(set.defs[name]!);
    }
    return check;
  };
  const build = (s: Shape): Check => {
    if (typeof s === 'string') {
      switch (s) {
        case 'json':
          return () => true; // what JSON.parse gives is JSON
        case 'null':
          return (v) => v === null;
        case 'number':
          return (v) => typeof v === 'number' && Number.isFinite(v);
        default:
          return (v) => typeof v === s;
      }
    }
    if ('literal' in s) {
      const literal = s.literal;
      return (v) => v === literal;
    }
    if ('array' in s) {
      const item = build(s.array);
      return (v, r) => {
        if (!Array.isArray(v)) return false;
        for (const x of v) if (!item(x, r)) return false;
        return true;
      };
    }
    if ('record' in s) {
      const item = build(s.record);
      return (v, r) => {
        if (!isPlainObject(v)) return false;
        for (const key in v) if (Object.hasOwn(v, key) && !item(v[key], r)) return false;
        return true;
      };
    }
    if ('object' in s) {
      const optional = new Set(s.optional);
      const fields = Object.entries(s.object).map(([key, shape]) => ({
        key,
        optional: optional.has(key),
        check: build(shape),
      }));
      return (v, r) => {
        if (!isPlainObject(v)) return false;
        let present = 0;
        for (const f of fields) {
          if (!Object.hasOwn(v, f.key)) {
            if (!f.optional) return false;
            continue;
          }
          present++;
          if (!f.check(v[f.key], r)) return false;
        }
        return Object.keys(v).length === present; // no unknown keys
      };
    }
    if ('union' in s) {
      const alternatives = s.union.map(build);
      return (v, r) => {
        for (const alternative of alternatives) if (alternative(v, r)) return true;
        return false;
      };
    }
    const name = s.ref;
    let resolved: Check | undefined | null = null;
    return (v, r) => {
      const check = resolved === null ? (resolved = def(name)) : resolved;
      if (check === undefined || !check(v, r)) return false;
      const refine = r[name];
      return refine === undefined || refine(v);
    };
  };
  return build(set.root);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
