// The edit distance behind every "did you mean" hint (object names, misspelt field names).

/**
 * Levenshtein distance, or `limit + 1` once it must exceed `limit`. Only the cells within `limit`
 * of the diagonal can stay within it, so each row computes that band alone.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const over = limit + 1;
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = Math.min(j, over);
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    cur[from - 1] = from === 1 ? Math.min(i, over) : over;
    let rowMin = cur[from - 1]!;
    for (let j = from; j <= to; j++) {
      const above = j <= i - 1 + limit ? prev[j]! : over;
      const v = Math.min(above + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), over);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return over;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}
