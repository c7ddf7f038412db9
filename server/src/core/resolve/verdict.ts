// Three-valued outcomes. A workspace is rarely the whole cluster, so "cannot tell from these
// files" is a result of its own and never collapses into false: the compiler keeps it apart.

export type Truth = 'true' | 'false' | 'unknown';

export function and(a: Truth, b: Truth): Truth {
  if (a === 'false' || b === 'false') return 'false';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return 'true';
}

export function truth(b: boolean): Truth {
  return b ? 'true' : 'false';
}
