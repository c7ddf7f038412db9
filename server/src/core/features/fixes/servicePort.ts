// The quick fix for the CRDs' rule "Must have port for Service reference": a Service backendRef
// without `port`, when the Service it names (as the reference resolves) has exactly one port —
// the only port it can mean.

import type { QueryContext } from '../../query/context.js';
import type { BackendRef, Resource } from '../../model/resource.js';
import { CORE_GROUP } from '../../model/resource.js';
import { subjectOf } from '../../resolve/findings.js';
import type { Finding } from '../../resolve/findings.js';
import type { Fix } from './change.js';
import { ChangeBuilder } from './change.js';

export function servicePortFix(ctx: QueryContext, r: Resource, f: Finding): Fix | undefined {
  if (r.shape !== 'Route') return undefined;
  const ref = r.backendRefs.find((b) => f.subject.startsWith(`${subjectOf(r, b.path)} rule `));
  if (!ref || !missingPort(ref)) return undefined;
  const service = ctx.nearest(
    { group: CORE_GROUP, kind: 'Service', namespace: ref.namespace, name: ref.name },
    r.fileId,
  );
  if (service?.shape !== 'Service' || service.ports.length !== 1) return undefined;
  const port = service.ports[0]!.port;
  const change = new ChangeBuilder(ctx);
  const file = change.file(r.fileId);
  const root = file?.find(r);
  const node = root && file?.at(root, ref.path);
  const edits = node && file?.addEntries(node, { port });
  if (!edits) return undefined;
  change.add(r.fileId, ...edits);
  return change.build(`Add port ${port} (the only port of Service ${ref.name})`, f.code, f.subject, true);
}

function missingPort(ref: BackendRef): boolean {
  return ref.port === undefined && ref.group === CORE_GROUP && ref.kind === 'Service';
}
