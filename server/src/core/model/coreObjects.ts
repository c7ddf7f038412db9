// Core objects the Gateway API points at — Namespace labels, Service ports, TLS Secrets, CA
// ConfigMaps — and the objects that create Secrets which are not written out themselves
// (cert-manager Certificate, SealedSecret, ExternalSecret).

import type { YMap } from '../syntax/tree.js';
import type { Reader } from './reader.js';
import { field, scalarText } from './reader.js';
import type { CertificateContent, Listener, ServicePort } from './resource.js';
import { CORE_GROUP } from './resource.js';
import { CERT_MANAGER_GATEWAY_ANNOTATIONS } from './certManager.js';

export function readServicePorts(r: Reader, spec: YMap | undefined): { ports: ServicePort[]; type?: string } {
  const ports: ServicePort[] = [];
  for (const item of r.items(spec, 'ports', 'spec.ports')) {
    const m = r.map(item.node, item.path);
    if (!m) continue;
    const port = r.integer(r.field(m, 'port'), `${item.path}.port`);
    const name = r.string(r.field(m, 'name'), `${item.path}.name`);
    if (!port) continue;
    const entry: ServicePort = name ? { port: port.value, name: name.value } : { port: port.value };
    // A numeric targetPort is kept to tell a backendRef that names it instead of the Service port;
    // a named one (a container port's name) cannot be mistaken for a number.
    const target = r.field(m, 'targetPort');
    if (target?.kind === 'scalar' && typeof target.value === 'number') entry.targetPort = target.value;
    ports.push(entry);
  }
  const type = scalarText(r.field(spec, 'type'));
  return type === undefined ? { ports } : { ports, type };
}

/**
 * Annotations that have a controller fill a Secret's data from another Secret: kubernetes-replicator
 * (`replicate-from`) and Reflector (`reflects`). The data written here is a placeholder.
 */
const COPIED_FROM_ANNOTATIONS = [
  'replicator.v1.mittwald.de/replicate-from',
  'reflector.v1.k8s.emberstack.com/reflects',
];

/**
 * A TLS Secret is usable when `tls.crt` holds a PEM certificate and `tls.key` a PEM private key;
 * one a replicator fills from another Secret holds what that one holds, which is not known here.
 */
export function secretTLSContent(r: Reader, root: YMap): CertificateContent {
  const annotations = mapAt(mapAt(root, 'metadata'), 'annotations');
  if (COPIED_FROM_ANNOTATIONS.some((a) => scalarText(field(annotations, a)) !== undefined)) return 'external';
  const crt = secretValue(r, root, 'tls.crt');
  const key = secretValue(r, root, 'tls.key');
  if (crt === undefined || key === undefined) return 'missing';
  return hasPemBlock(crt, /CERTIFICATE/) && hasPemBlock(key, /PRIVATE KEY/) ? 'valid' : 'malformed';
}

/** A CA bundle ConfigMap is usable when `ca.crt` holds at least one PEM certificate. */
export function configMapCAContent(r: Reader, root: YMap): CertificateContent {
  const data = r.map(r.field(root, 'data'), 'data');
  const value = scalarText(r.field(data, 'ca.crt'));
  if (value === undefined) return 'missing';
  return hasPemBlock(value, /CERTIFICATE/) ? 'valid' : 'malformed';
}

/**
 * The name of the Secret another object will create, for the kinds that create Secrets. Reads
 * leniently: wrong types here are reported by the object's own checks, if anywhere.
 */
export function producedSecretName(
  group: string,
  kind: string,
  spec: YMap | undefined,
  name: string,
): { name: string; producer: string } | undefined {
  if (group === 'cert-manager.io' && kind === 'Certificate') {
    const secretName = scalarText(field(spec, 'secretName'));
    return secretName ? { name: secretName, producer: `cert-manager Certificate "${name}"` } : undefined;
  }
  if (group === 'bitnami.com' && kind === 'SealedSecret') {
    const templateName = scalarText(field(mapAt(mapAt(spec, 'template'), 'metadata'), 'name'));
    return { name: templateName ?? name, producer: `SealedSecret "${name}"` };
  }
  if (group === 'external-secrets.io' && kind === 'ExternalSecret') {
    const target = scalarText(field(mapAt(spec, 'target'), 'name'));
    return { name: target ?? name, producer: `ExternalSecret "${name}"` };
  }
  return undefined;
}

/**
 * The HTTPRoute Envoy AI Gateway's controller creates for an AIGatewayRoute: same name and
 * namespace (policies that attach to the route target it by that name).
 */
export function producedRouteName(group: string, kind: string, name: string): { producer: string } | undefined {
  return group === 'aigateway.envoyproxy.io' && kind === 'AIGatewayRoute'
    ? { producer: `Envoy AI Gateway AIGatewayRoute "${name}"` }
    : undefined;
}

/**
 * The Secrets cert-manager creates for a Gateway annotated with an issuer
 * (https://cert-manager.io/docs/usage/gateway/): one per certificateRef of each listener that
 * terminates TLS and has a hostname, when the ref names a core Secret in the Gateway's namespace;
 * other listeners cert-manager skips. Returns the producer's words and the Secret names.
 */
export function certManagerGatewaySecrets(
  metadata: YMap | undefined,
  gateway: { key: { namespace: string; name: string }; listeners: readonly Listener[] },
): { producer: string; names: string[] } | undefined {
  const annotations = mapAt(metadata, 'annotations');
  const annotation = CERT_MANAGER_GATEWAY_ANNOTATIONS.find((a) => scalarText(field(annotations, a)) !== undefined);
  if (!annotation) return undefined;
  const names = new Set<string>();
  for (const l of gateway.listeners) {
    if (!l.tls || l.tls.mode !== 'Terminate' || !l.hostname) continue;
    for (const ref of l.tls.certificateRefs)
      if (ref.group === CORE_GROUP && ref.kind === 'Secret' && ref.namespace === gateway.key.namespace)
        names.add(ref.name);
  }
  return { producer: `cert-manager (annotation ${annotation} on Gateway "${gateway.key.name}")`, names: [...names] };
}

/**
 * The namespace an object renders content into that the workspace does not hold: a Flux
 * HelmRelease or Kustomization (`targetNamespace`, else its own), an Argo CD Application (its
 * destination). What lands there cannot be checked against these files.
 */
export function rendersInto(
  group: string,
  kind: string,
  spec: YMap | undefined,
  namespace: string,
): string | undefined {
  if (group === 'helm.toolkit.fluxcd.io' && kind === 'HelmRelease')
    return scalarText(field(spec, 'targetNamespace')) ?? namespace;
  if (group === 'kustomize.toolkit.fluxcd.io' && kind === 'Kustomization')
    return scalarText(field(spec, 'targetNamespace'));
  if (group === 'argoproj.io' && kind === 'Application')
    return scalarText(field(mapAt(spec, 'destination'), 'namespace'));
  return undefined;
}

function mapAt(map: YMap | undefined, key: string): YMap | undefined {
  const node = field(map, key);
  return node?.kind === 'map' ? node : undefined;
}

function secretValue(r: Reader, root: YMap, key: string): string | undefined {
  const stringData = scalarText(r.field(r.map(r.field(root, 'stringData'), 'stringData'), key));
  if (stringData !== undefined) return stringData;
  const data = scalarText(r.field(r.map(r.field(root, 'data'), 'data'), key));
  if (data === undefined) return undefined;
  return decodeBase64(data) ?? '';
}

function hasPemBlock(text: string, label: RegExp): boolean {
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (label.test(m[1]!) && decodeBase64(m[2]!.replace(/\s+/g, '')) !== undefined && m[2]!.trim() !== '') return true;
  }
  return false;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (line breaks ignored, as Go's decoder does) to a binary string; undefined if invalid. */
function decodeBase64(input: string): string | undefined {
  const s = input.replace(/[\r\n]/g, '');
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  let out = '';
  for (let i = 0; i < s.length; i += 4) {
    const a = BASE64.indexOf(s[i]!);
    const b = BASE64.indexOf(s[i + 1]!);
    const c = s[i + 2] === '=' ? 0 : BASE64.indexOf(s[i + 2]!);
    const d = s[i + 3] === '=' ? 0 : BASE64.indexOf(s[i + 3]!);
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out += String.fromCharCode((n >> 16) & 255);
    if (s[i + 2] !== '=') out += String.fromCharCode((n >> 8) & 255);
    if (s[i + 3] !== '=') out += String.fromCharCode(n & 255);
  }
  return out;
}
