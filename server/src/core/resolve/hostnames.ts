// Hostname intersection between a listener and a route (rules.md §5): a wildcard is a leading `*.`
// label that stands for one or more labels; no hostname on either side matches everything. Also
// the index that finds, among many hostnames, those that intersect one (overlap checks).

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
 * domain, and both under each domain above them, so a lookup walks the labels of one name. With
 * an order, each bucket keeps its first item, so `firstIntersecting` costs those labels too.
 */
export class HostnameIndex<T> {
  private readonly exact = new Map<string, Set<T>>();
  /** `*.example.com` under `example.com`. */
  private readonly wildcard = new Map<string, Set<T>>();
  /** Exact names and wildcard domains strictly below each domain. */
  private readonly below = new Map<string, Set<T>>();
  /** Items without a hostname, under ''. */
  private readonly everything = new Map<string, Set<T>>();
  /** How many hostnames each item is indexed under (the items a query for every hostname finds). */
  private readonly counts = new Map<T, number>();
  /** The first item of each bucket (and of `counts`), computed when asked, dropped when it leaves. */
  private readonly firsts = new WeakMap<object, T>();

  constructor(private readonly order?: (a: T, b: T) => number) {}

  add(hostname: string | undefined, item: T): void {
    this.counts.set(item, (this.counts.get(item) ?? 0) + 1);
    this.keep(this.counts, item, true);
    for (const [map, key] of this.buckets(hostname)) {
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      set.add(item);
      this.keep(set, item, true);
    }
  }

  remove(hostname: string | undefined, item: T): void {
    const count = (this.counts.get(item) ?? 0) - 1;
    if (count > 0) this.counts.set(item, count);
    else if (this.counts.delete(item)) this.keep(this.counts, item, false);
    for (const [map, key] of this.buckets(hostname)) {
      const set = map.get(key);
      if (!set?.delete(item)) continue;
      this.keep(set, item, false);
      if (set.size === 0) map.delete(key);
    }
  }

  /** Every item whose hostname intersects `hostname` (an item may come more than once). */
  *intersecting(hostname: string | undefined): Generator<T> {
    for (const set of this.matches(hostname)) yield* set.keys();
  }

  /**
   * The first item (by the index's order) whose hostname intersects `hostname`, and whether any
   * other item does too; undefined when none does.
   */
  firstIntersecting(hostname: string | undefined): { first: T; others: boolean } | undefined {
    let first: T | undefined;
    let others = false;
    for (const set of this.matches(hostname)) {
      if (set.size === 0) continue;
      const candidate = this.firstOf(set);
      if (set.size > 1 || (first !== undefined && candidate !== first)) others = true;
      if (first === undefined || this.before(candidate, first)) first = candidate;
    }
    return first === undefined ? undefined : { first, others };
  }

  /** The buckets whose items intersect `hostname`: for every hostname, all items at once. */
  private *matches(hostname: string | undefined): Generator<ReadonlySet<T> | ReadonlyMap<T, number>> {
    if (hostname === undefined) {
      yield this.counts;
      return;
    }
    const all = this.everything.get('');
    if (all) yield all;
    const wild = hostname.startsWith('*.');
    const name = wild ? hostname.slice(2) : hostname;
    if (wild) {
      const own = this.wildcard.get(name);
      if (own) yield own;
      const below = this.below.get(name);
      if (below) yield below;
    } else {
      const own = this.exact.get(name);
      if (own) yield own;
    }
    for (const domain of parentDomains(name)) {
      const above = this.wildcard.get(domain);
      if (above) yield above;
    }
  }

  /** The buckets an item with this hostname belongs in. */
  private *buckets(hostname: string | undefined): Generator<[Map<string, Set<T>>, string]> {
    if (hostname === undefined) {
      yield [this.everything, ''];
      return;
    }
    const wild = hostname.startsWith('*.');
    const name = wild ? hostname.slice(2) : hostname;
    yield [wild ? this.wildcard : this.exact, name];
    for (const domain of parentDomains(name)) yield [this.below, domain];
  }

  private firstOf(bucket: ReadonlySet<T> | ReadonlyMap<T, number>): T {
    let first = this.firsts.get(bucket);
    if (first === undefined) {
      for (const item of bucket.keys()) if (first === undefined || this.before(item, first)) first = item;
      this.firsts.set(bucket, first!);
    }
    return first!;
  }

  /** Keeps a bucket's first item in step with an item coming (`joined`) or going. */
  private keep(bucket: object, item: T, joined: boolean): void {
    const first = this.firsts.get(bucket);
    if (first === undefined) return;
    if (!joined && item === first) this.firsts.delete(bucket);
    else if (joined && this.before(item, first)) this.firsts.set(bucket, item);
  }

  private before(a: T, b: T): boolean {
    return this.order !== undefined && this.order(a, b) < 0;
  }
}
