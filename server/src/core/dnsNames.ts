// The DNS name formats Kubernetes names things by: object names, namespaces, listener names and the
// CEL `format.dns1123Label()` all use one of these.

const LABEL_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** An RFC 1123 label: a namespace name, for one. */
export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && LABEL_1123.test(s);
}

/** An RFC 1035 label: a Service name (no leading digit). */
export function isDns1035Label(s: string): boolean {
  return s.length <= 63 && LABEL_1035.test(s);
}

/** An RFC 1123 subdomain: the name of most objects. */
export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && s.split('.').every(isDns1123Label);
}
