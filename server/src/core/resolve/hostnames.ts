// Hostname intersection between a listener and a route (rules.md §5): a wildcard is a leading `*.`
// label that stands for one or more labels; no hostname on either side matches everything. Also
// the index that finds, among many hostnames, those that intersect one (overlap checks).

import { addTo, removeFrom } from '../multimap.js';

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

/**
 * What a route answers on a listener for one of its hostnames (`undefined`: no hostname on the
 * route): the narrower of the two when they intersect, undefined (everything) when neither sets one.
 */
export function effectiveHostname(listener: string | undefined, route: string | undefined): string | undefined {
  const l = listener === '' ? undefined : listener?.toLowerCase();
  const h = route === undefined || route === '' ? undefined : route.toLowerCase();
  if (l === undefined || h === undefined) return h ?? l;
  if (!h.startsWith('*.')) return h;
  if (!l.startsWith('*.')) return l;
  return h.length >= l.length ? h : l;
}

/** `a.b.example.com` → `b.example.com`, `example.com`, `com`: the domains strictly above a name. */
function* parentDomains(name: string): Generator<string> {
  for (let dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) yield name.slice(dot + 1);
}

/**
 * Items keyed by hostname (lower case; undefined: every hostname), found again by any hostname
 * they intersect without comparing against every item: exact names by name, wildcards by their
 * domain, and both under each domain above them, so a lookup walks the labels of one name.
 */
export class HostnameIndex<T> {
  private readonly exact = new Map<string, Set<T>>();
  /** `*.example.com` under `example.com`. */
  private readonly wildcard = new Map<string, Set<T>>();
  /** Exact names and wildcard domains strictly below each domain. */
  private readonly below = new Map<string, Set<T>>();
  private readonly everything = new Set<T>();

  add(hostname: string | undefined, item: T): void {
    this.each(hostname, (map, key) => addTo(map, key, item), item, true);
  }

  remove(hostname: string | undefined, item: T): void {
    this.each(hostname, (map, key) => removeFrom(map, key, item), item, false);
  }

  /** Every item whose hostname intersects `hostname` (an item may come more than once). */
  *intersecting(hostname: string | undefined): Generator<T> {
    yield* this.everything;
    if (hostname === undefined) {
      for (const set of this.exact.values()) yield* set;
      for (const set of this.wildcard.values()) yield* set;
      return;
    }
    const wild = hostname.startsWith('*.');
    const name = wild ? hostname.slice(2) : hostname;
    if (wild) {
      yield* this.wildcard.get(name) ?? [];
      yield* this.below.get(name) ?? [];
    } else yield* this.exact.get(name) ?? [];
    for (const domain of parentDomains(name)) yield* this.wildcard.get(domain) ?? [];
  }

  private each(
    hostname: string | undefined,
    apply: (map: Map<string, Set<T>>, key: string) => void,
    item: T,
    adding: boolean,
  ): void {
    if (hostname === undefined) {
      if (adding) this.everything.add(item);
      else this.everything.delete(item);
      return;
    }
    const wild = hostname.startsWith('*.');
    const name = wild ? hostname.slice(2) : hostname;
    apply(wild ? this.wildcard : this.exact, name);
    for (const domain of parentDomains(name)) apply(this.below, domain);
  }
}
