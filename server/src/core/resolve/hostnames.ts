// Hostname intersection between a listener and a route (rules.md §5): a wildcard is a leading `*.`
// label that stands for one or more labels; no hostname on either side matches everything.

function hostnamesIntersect(listener: string | undefined, route: string): boolean {
  if (listener === undefined || listener === '') return true;
  const l = listener.toLowerCase();
  const h = route.toLowerCase();
  const lWild = l.startsWith('*.');
  const hWild = h.startsWith('*.');
  if (!lWild && !hWild) return l === h;
  if (lWild && !hWild) return matchesWildcard(h, l);
  if (!lWild && hWild) return matchesWildcard(l, h);
  // Both wildcards: one suffix contains the other.
  const ls = l.slice(1);
  const hs = h.slice(1);
  return ls.endsWith(hs) || hs.endsWith(ls);
}

/** `*.example.com` matches `a.example.com` and `a.b.example.com`, never `example.com`. */
function matchesWildcard(host: string, wildcard: string): boolean {
  const suffix = wildcard.slice(1); // ".example.com"
  return host.length > suffix.length && host.endsWith(suffix);
}

/** Route hostnames that intersect the listener, or all of them when the route sets none. */
export function intersectingHostnames(listener: string | undefined, routeHostnames: readonly string[]): string[] {
  return routeHostnames.filter((h) => hostnamesIntersect(listener, h));
}
