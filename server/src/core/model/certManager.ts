// cert-manager objects as far as the HTTPRoutes its ACME HTTP-01 solver creates go
// (https://cert-manager.io/docs/configuration/acme/http01/#configuring-the-http-01-gateway-api-solver):
// the solvers of an Issuer or ClusterIssuer, and the certificates requested from one — a
// Certificate's, or those a Gateway's issuer annotation makes. Read quietly: without cert-manager's
// CRDs in the workspace these kinds have no schema here, and their fields are not ours to report.

import type { YMap } from '../syntax/tree.js';
import { field, Reader, scalarText } from './reader.js';
import { readParentRef } from './references.js';
import type { AcmeSolver, IssuedCertificate, Listener } from './resource.js';

export const CERT_MANAGER_GROUP = 'cert-manager.io';

/** The annotations by which cert-manager issues a Gateway's listener certificates. */
export const CERT_MANAGER_GATEWAY_ANNOTATIONS = ['cert-manager.io/issuer', 'cert-manager.io/cluster-issuer'];

/**
 * Policies that have cert-manager issue the certificates of the listeners of the Gateway they
 * target (a `targetRef` with a `sectionName` narrows them to that listener): Kuadrant's TLSPolicy
 * (https://github.com/Kuadrant/kuadrant-operator/blob/ae698811cdbec09e1bb927678420967d31d09194/doc/overviews/tls.md#L48).
 */
export const CERTIFICATE_POLICY_KINDS = [{ group: 'kuadrant.io', kind: 'TLSPolicy' }];

/** A Certificate's request: its issuerRef (kind Issuer and group cert-manager.io by default) and domains. */
export function readCertificateRequest(
  spec: YMap | undefined,
  metadata: YMap | undefined,
): IssuedCertificate | undefined {
  const issuerRef = mapAt(spec, 'issuerRef');
  const name = scalarText(field(issuerRef, 'name'));
  const kind = scalarText(field(issuerRef, 'kind')) ?? 'Issuer';
  const group = scalarText(field(issuerRef, 'group')) ?? CERT_MANAGER_GROUP;
  if (!name || group !== CERT_MANAGER_GROUP || (kind !== 'Issuer' && kind !== 'ClusterIssuer')) return undefined;
  const domains = new Set<string>();
  const commonName = scalarText(field(spec, 'commonName'));
  if (commonName) domains.add(commonName);
  const dnsNames = field(spec, 'dnsNames');
  if (dnsNames?.kind === 'seq')
    for (const item of dnsNames.items) {
      const d = scalarText(item);
      if (d) domains.add(d);
    }
  const issued: IssuedCertificate = { issuerKind: kind, issuerName: name, domains: [...domains] };
  const annotations = mapAt(metadata, 'annotations');
  if (annotations?.entries.some((e) => e.key.startsWith('acme.cert-manager.io/http01'))) issued.solverOverridden = true;
  return issued;
}

/**
 * The Certificates cert-manager makes for a Gateway annotated with an issuer
 * (https://cert-manager.io/docs/usage/gateway/): one per Secret that listeners terminating TLS with
 * a hostname name, for those listeners' hostnames. `cert-manager.io/issuer` names an Issuer (or the
 * kind `cert-manager.io/issuer-kind` gives), `cert-manager.io/cluster-issuer` a ClusterIssuer.
 */
export function gatewayCertificateRequests(
  metadata: YMap | undefined,
  gateway: { key: { namespace: string }; listeners: readonly Listener[] },
): IssuedCertificate[] {
  const annotations = mapAt(metadata, 'annotations');
  const issuer = scalarText(field(annotations, CERT_MANAGER_GATEWAY_ANNOTATIONS[0]!));
  const clusterIssuer = scalarText(field(annotations, CERT_MANAGER_GATEWAY_ANNOTATIONS[1]!));
  const group = scalarText(field(annotations, 'cert-manager.io/issuer-group')) ?? CERT_MANAGER_GROUP;
  const kind = issuer ? (scalarText(field(annotations, 'cert-manager.io/issuer-kind')) ?? 'Issuer') : 'ClusterIssuer';
  const name = issuer ?? clusterIssuer;
  if (!name || group !== CERT_MANAGER_GROUP || (kind !== 'Issuer' && kind !== 'ClusterIssuer')) return [];
  const bySecret = new Map<string, Set<string>>();
  for (const l of gateway.listeners) {
    if (!l.tls || l.tls.mode !== 'Terminate' || !l.hostname) continue;
    for (const ref of l.tls.certificateRefs)
      if (ref.group === '' && ref.kind === 'Secret' && ref.namespace === gateway.key.namespace) {
        const domains = bySecret.get(ref.name) ?? new Set<string>();
        domains.add(l.hostname.value);
        bySecret.set(ref.name, domains);
      }
  }
  return [...bySecret.values()].map((domains) => ({ issuerKind: kind, issuerName: name, domains: [...domains] }));
}

/**
 * `spec.acme.solvers` of an Issuer (`namespace`: its own) or ClusterIssuer (`namespace` ''), or
 * undefined for an issuer that is not ACME. A parentRef without `namespace` gets `namespace`.
 */
export function readAcmeSolvers(spec: YMap | undefined, namespace: string): AcmeSolver[] | undefined {
  const acme = mapAt(spec, 'acme');
  if (!acme) return undefined;
  const r = new Reader(); // quiet: its problems are dropped
  const solvers: AcmeSolver[] = [];
  for (const item of r.items(acme, 'solvers', 'spec.acme.solvers')) {
    const m = item.node.kind === 'map' ? item.node : undefined;
    const http01 = mapAt(m, 'http01');
    const gateway = mapAt(http01, 'gatewayHTTPRoute');
    const type = gateway ? 'gatewayHTTPRoute' : http01 ? 'http01' : mapAt(m, 'dns01') ? 'dns01' : undefined;
    if (!type) continue;
    const solver: AcmeSolver = { type, parentRefs: [], path: item.path };
    const selector = mapAt(m, 'selector');
    if (selector)
      solver.selector = {
        dnsNames: strings(selector, 'dnsNames'),
        dnsZones: strings(selector, 'dnsZones'),
        matchLabels: mapAt(selector, 'matchLabels')?.entries.length ?? 0,
      };
    const refsPath = `${item.path}.http01.gatewayHTTPRoute.parentRefs`;
    for (const ref of r.items(gateway, 'parentRefs', refsPath)) {
      const parentRef = readParentRef(r, ref.node, ref.path, namespace);
      if (parentRef) solver.parentRefs.push(parentRef);
    }
    solvers.push(solver);
  }
  return solvers;
}

function strings(map: YMap, key: string): string[] {
  const node = field(map, key);
  if (node?.kind !== 'seq') return [];
  return node.items.map((n) => scalarText(n)).filter((s): s is string => s !== undefined);
}

function mapAt(map: YMap | undefined, key: string): YMap | undefined {
  const node = field(map, key);
  return node?.kind === 'map' ? node : undefined;
}
