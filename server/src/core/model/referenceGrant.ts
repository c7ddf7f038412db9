// ReferenceGrant extraction (v1beta1 and v1 share one schema): `from` entries name the
// referrers (group, kind, namespace — all required), `to` entries the targets in the grant's own
// namespace (group, kind, optional name).

import type { YMap } from '../syntax/tree.js';
import type { Reader } from './reader.js';
import { intern } from '../strings.js';
import type { GrantFrom, GrantTo } from './resource.js';

/** The CRD caps both lists at 16 entries. */
export const MAX_GRANT_ENTRIES = 16;

export function readReferenceGrantSpec(r: Reader, spec: YMap | undefined): { from: GrantFrom[]; to: GrantTo[] } {
  const from: GrantFrom[] = [];
  const to: GrantTo[] = [];
  if (!spec) return { from, to };
  for (const item of r.items(spec, 'from', 'spec.from')) {
    const m = r.map(item.node, item.path);
    if (!m) continue;
    const group = r.requiredString(m, 'group', `${item.path}.group`, m.span, true);
    const kind = r.requiredString(m, 'kind', `${item.path}.kind`, m.span);
    const namespace = r.requiredString(m, 'namespace', `${item.path}.namespace`, m.span);
    if (group && kind && namespace)
      from.push({
        group: group.value,
        kind: kind.value,
        namespace: namespace.value,
        span: m.span,
        path: intern(item.path),
      });
  }
  for (const item of r.items(spec, 'to', 'spec.to')) {
    const m = r.map(item.node, item.path);
    if (!m) continue;
    const group = r.requiredString(m, 'group', `${item.path}.group`, m.span, true);
    const kind = r.requiredString(m, 'kind', `${item.path}.kind`, m.span);
    const nameNode = r.field(m, 'name');
    const name = r.nonEmptyString(nameNode, `${item.path}.name`);
    // An entry the API server would reject permits nothing (an empty name does not mean "all").
    if (!group || !kind || (nameNode && !name)) continue;
    const entry: GrantTo = { group: group.value, kind: kind.value, span: m.span, path: intern(item.path) };
    if (name) entry.name = name.value;
    to.push(entry);
  }
  return { from, to };
}
