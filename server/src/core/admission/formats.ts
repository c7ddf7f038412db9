// String formats as the Kubernetes API server checks them for CRDs (kube-openapi's strfmt registry,
// whose IP checks are Go's net.ParseIP plus a `.` or `:`), not as JSON-schema libraries define them.
// Formats the API server does not know, and numeric ones (`int32`, `int64`), are not checked.

/** Go's net.ParseIP: dotted decimal IPv4 without leading zeros, or IPv6 (with an embedded IPv4 tail), no zone. */
export function parseIP(s: string): 4 | 6 | undefined {
  if (isIPv4Literal(s)) return 4;
  return isIPv6Literal(s) ? 6 : undefined;
}

function isIPv4Literal(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || (p.length > 1 && p[0] === '0') || Number(p) > 255) return false;
  }
  return true;
}

function isIPv6Literal(s: string): boolean {
  const lastColon = s.lastIndexOf(':');
  if (lastColon < 0 || s.includes('%')) return false;
  let text = s;
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIPv4Literal(tail)) return false;
    text = `${s.slice(0, lastColon + 1)}0:0`; // an embedded IPv4 address stands for two groups
  }
  const hex = /^[0-9a-fA-F]{1,4}$/;
  const ellipsis = text.indexOf('::');
  if (ellipsis < 0) {
    const groups = text.split(':');
    return groups.length === 8 && groups.every((g) => hex.test(g));
  }
  if (text.indexOf('::', ellipsis + 1) >= 0) return false;
  const before = text.slice(0, ellipsis);
  const after = text.slice(ellipsis + 2);
  const groups = [...(before === '' ? [] : before.split(':')), ...(after === '' ? [] : after.split(':'))];
  return groups.length <= 7 && groups.every((g) => hex.test(g)); // `::` stands for at least one group
}

const RFC3339 =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$/;
const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/;

/** Undefined when `value` is valid for `format` (or the format is not checked), else what it must be. */
export function formatProblem(format: string, value: string): string | undefined {
  switch (format) {
    case 'ipv4':
      return parseIP(value) !== undefined && value.includes('.') ? undefined : 'an IPv4 address';
    case 'ipv6':
      return parseIP(value) !== undefined && value.includes(':') ? undefined : 'an IPv6 address';
    case 'cidr': {
      const slash = value.indexOf('/');
      const ip = slash < 0 ? undefined : parseIP(value.slice(0, slash));
      const bits = value.slice(slash + 1);
      return ip && /^[0-9]{1,3}$/.test(bits) && Number(bits) <= (ip === 4 ? 32 : 128) ? undefined : 'a CIDR';
    }
    case 'date-time':
    case 'datetime':
      return RFC3339.test(value) ? undefined : 'an RFC 3339 date-time';
    case 'date':
      return /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value) ? undefined : 'a date (YYYY-MM-DD)';
    case 'duration':
      return GO_DURATION.test(value) ? undefined : 'a duration such as 1h30m';
    case 'uuid':
      return /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(value) ? undefined : 'a UUID';
    case 'byte':
      return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value)
        ? undefined
        : 'base64-encoded data';
    default:
      return undefined;
  }
}
