// Arrays grown by push keep spare capacity: a one-element array reserves room for seventeen. The
// model and the analyses of a large workspace keep a few hundred thousand small arrays, so the
// long-lived ones are copied to their exact size once they are complete.

/** Replaces each array-valued own property of `o` by an exactly sized copy; returns `o`. */
export function trimArrays<T extends object>(o: T): T {
  const record = o as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (Array.isArray(value) && value.length > 0) record[key] = value.slice();
  }
  return o;
}
