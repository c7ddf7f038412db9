// The commits the profiles' source links point at, and the helper that builds those links. A fact
// read from code names the file and line at one of these commits, so the link keeps saying what it
// said when the fact was recorded; moving to a newer release means re-reading and re-pinning.

/** kubernetes-sigs/gateway-api: the conformance reports under `conformance/reports/`. */
export const REPORTS_COMMIT = '4564255ac2c35d582249b3cdf261bdf51c8bca32';

export const COMMITS = {
  'envoyproxy/gateway': 'd32f28294245e454d20f81d323d626a90e660c1e',
  'istio/istio': '86c9f01fd735fb01d8192f5bcaf0d424afb7f14c',
  'nginx/nginx-gateway-fabric': 'e55bfe33969f313b210d3497b3ae56b923175d69',
  'Kong/kubernetes-ingress-controller': '1fa68f8642daef18fe676d852381a37447b31daf',
  'traefik/traefik': 'fd5a576df2e8aeb0bfc8a96b6ef6e60a61f7ec0a',
  'traefik/traefik-helm-chart': 'a8a66d0098703627b2cf352c66b1725c196a734a',
  'kgateway-dev/kgateway': '06ff8b9d6ce36702df2b643b84d80cc7a3b6a3ba',
  'apache/apisix-ingress-controller': 'd510f6656c5d2289dbb9b4c02c3c3473ff8abb2f',
  'linkerd/linkerd2': 'b24cd4059841f8cee2fb7a9c2ac23a693c583579',
  'GoogleCloudPlatform/gke-networking-recipes': 'cce161862be77c541b1b1eac8899e7012f5a9985',
  'aws/aws-application-networking-k8s': '03d6abecad555845b9a78988f7bfedf9085e0bc4',
  'kubernetes-sigs/gateway-api': REPORTS_COMMIT,
} as const;

export type PinnedRepo = keyof typeof COMMITS;

/** A link to `path` (and optionally a line) in `repo` at its pinned commit. */
export function at(repo: PinnedRepo, path: string, line?: number): string {
  return pinned(repo, COMMITS[repo], path, line);
}

/** A link to `path` in `repo` at `commit`, for a file read at its own commit (a repository too large to pin whole). */
export function pinned(repo: string, commit: string, path: string, line?: number): string {
  return `https://github.com/${repo}/blob/${commit}/${path}${line === undefined ? '' : `#L${line}`}`;
}

/** A link to one conformance report. */
export function report(path: string): string {
  return at('kubernetes-sigs/gateway-api', `conformance/reports/${path}`);
}
