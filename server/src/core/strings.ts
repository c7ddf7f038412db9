// Strings the model and the analyses keep for a long time. Parsers hand out substrings of a file's
// text, and V8 represents longer substrings as views into it (and concatenations as trees), so one
// retained name would retain the whole file: what outlives the text must be a flat copy. Values
// that repeat across a workspace (names, kinds, namespaces, field paths) are kept once.

/**
 * A flat copy of `s` that does not keep the text it was cut from alive. A JSON round trip is the
 * cheapest copy that is neither a view nor a tree.
 */
export function flatCopy(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

const pool = new Map<string, string>();
const POOL_LIMIT = 200_000;

/** The one shared copy of a string that repeats across a workspace. */
export function intern(s: string): string {
  const known = pool.get(s);
  if (known !== undefined) return known;
  if (pool.size >= POOL_LIMIT) pool.clear(); // a bound, not a cache policy: vocabularies are far smaller
  const copy = flatCopy(s);
  pool.set(copy, copy);
  return copy;
}

/** A value read from a manifest: names and the like (up to a DNS subdomain's length) repeat; long text does not. */
export function retainValue(s: string): string {
  return s.length <= 253 ? intern(s) : flatCopy(s);
}
