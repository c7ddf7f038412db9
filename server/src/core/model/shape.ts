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
  const optional = new Map<object, Set<string>>();
  const optionalOf = (s: { object: Record<string, Shape>; optional?: string[] }): Set<string> => {
    let known = optional.get(s);
    if (!known) optional.set(s, (known = new Set(s.optional)));
    return known;
  };
  const check = (v: unknown, s: Shape): boolean => {
    if (typeof s === 'string') {
      if (s === 'json') return true; // what JSON.parse gives is JSON
      if (s === 'null') return v === null;
      if (s === 'number') return typeof v === 'number' && Number.isFinite(v);
      return typeof v === s;
    }
    if ('literal' in s) return v === s.literal;
    if ('array' in s) {
      if (!Array.isArray(v)) return false;
      for (const item of v) if (!check(item, s.array)) return false;
      return true;
    }
    if ('record' in s) {
      if (!isPlainObject(v)) return false;
      for (const item of Object.values(v)) if (!check(item, s.record)) return false;
      return true;
    }
    if ('object' in s) {
      if (!isPlainObject(v)) return false;
      const maybe = optionalOf(s);
      let present = 0;
      for (const key in s.object) {
        if (!Object.prototype.hasOwnProperty.call(v, key)) {
          if (!maybe.has(key)) return false;
          continue;
        }
        present++;
        if (!check(v[key], s.object[key]!)) return false;
      }
      return Object.keys(v).length === present; // no unknown keys
    }
    if ('union' in s) {
      for (const alternative of s.union) if (check(v, alternative)) return true;
      return false;
    }
    const def = set.defs[s.ref];
    if (def === undefined || !check(v, def)) return false;
    const refine = refinements[s.ref];
    return refine === undefined || refine(v);
  };
  return check(value, set.root);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
