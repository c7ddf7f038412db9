// Position → element: the fields hovers, definitions and references can target, found through the
// model (no YAML tree is kept). The innermost element containing the offset wins, so a
// certificateRef inside a listener is the certificateRef.

import type { FileModel } from '../model/summarize.js';
import type {
  AcmeSolver,
  BackendRef,
  GatewayResource,
  GrantFrom,
  GrantTo,
  Listener,
  ListenerOwner,
  ObjectRef,
  OtherResource,
  ParametersRef,
  ParentRef,
  PolicyResource,
  PolicyTargetRef,
  ReferenceGrantResource,
  Resource,
  RouteResource,
} from '../model/resource.js';
import type { Span } from '../syntax/tree.js';

export type Element =
  | { kind: 'parentRef'; resource: RouteResource; ref: ParentRef; span: Span }
  /** A parentRef of a cert-manager issuer's HTTP-01 solver, for the HTTPRoutes cert-manager creates. */
  | { kind: 'solverParentRef'; resource: OtherResource; solver: AcmeSolver; ref: ParentRef; span: Span }
  | { kind: 'backendRef'; resource: RouteResource; ref: BackendRef; span: Span }
  /** `index`: the position in the route's `hostnames`. */
  | { kind: 'routeHostname'; resource: RouteResource; index: number; span: Span }
  | { kind: 'certificateRef'; resource: ListenerOwner; listener: Listener; ref: ObjectRef; span: Span }
  | { kind: 'caCertificateRef'; resource: GatewayResource; ref: ObjectRef; span: Span }
  | { kind: 'listener'; resource: ListenerOwner; listener: Listener; span: Span }
  | { kind: 'listenerSetParent'; resource: ListenerOwner; ref: ObjectRef; span: Span }
  | { kind: 'parametersRef'; resource: GatewayResource; ref: ParametersRef; span: Span }
  | { kind: 'gatewayClassName'; resource: GatewayResource; name: string; span: Span }
  | { kind: 'policyTargetRef'; resource: PolicyResource; ref: PolicyTargetRef; span: Span }
  | { kind: 'policyCaCertificateRef'; resource: PolicyResource; ref: ObjectRef; span: Span }
  | { kind: 'grantFrom'; resource: ReferenceGrantResource; entry: GrantFrom; span: Span }
  | { kind: 'grantTo'; resource: ReferenceGrantResource; entry: GrantTo; span: Span }
  | { kind: 'object'; resource: Resource; span: Span };

function elementsOf(r: Resource): Element[] {
  const out: Element[] = [{ kind: 'object', resource: r, span: r.headSpan }];
  switch (r.shape) {
    case 'Route':
      for (const ref of r.parentRefs) out.push({ kind: 'parentRef', resource: r, ref, span: ref.span });
      for (const ref of r.backendRefs) out.push({ kind: 'backendRef', resource: r, ref, span: ref.span });
      r.hostnames.forEach((h, index) => out.push({ kind: 'routeHostname', resource: r, index, span: h.span }));
      break;
    case 'Gateway':
    case 'ListenerSet':
      for (const listener of r.listeners) {
        out.push({ kind: 'listener', resource: r, listener, span: listener.span });
        for (const ref of listener.tls?.certificateRefs ?? [])
          out.push({ kind: 'certificateRef', resource: r, listener, ref, span: ref.span });
      }
      if (r.shape === 'Gateway') {
        for (const v of r.frontendValidation)
          for (const ref of v.caCertificateRefs)
            out.push({ kind: 'caCertificateRef', resource: r, ref, span: ref.span });
        if (r.parametersRef)
          out.push({ kind: 'parametersRef', resource: r, ref: r.parametersRef, span: r.parametersRef.span });
        if (r.gatewayClassName) {
          const { value: name, span } = r.gatewayClassName;
          out.push({ kind: 'gatewayClassName', resource: r, name, span });
        }
      } else if (r.parentRef)
        out.push({ kind: 'listenerSetParent', resource: r, ref: r.parentRef, span: r.parentRef.span });
      break;
    case 'Policy':
      for (const ref of r.targetRefs) out.push({ kind: 'policyTargetRef', resource: r, ref, span: ref.span });
      for (const ref of r.caCertificateRefs)
        out.push({ kind: 'policyCaCertificateRef', resource: r, ref, span: ref.span });
      break;
    case 'Other':
      for (const solver of r.acmeSolvers ?? [])
        for (const ref of solver.parentRefs)
          out.push({ kind: 'solverParentRef', resource: r, solver, ref, span: ref.span });
      break;
    case 'ReferenceGrant':
      for (const entry of r.from) out.push({ kind: 'grantFrom', resource: r, entry, span: entry.span });
      for (const entry of r.to) out.push({ kind: 'grantTo', resource: r, entry, span: entry.span });
      break;
    default:
      break;
  }
  return out;
}

export function elementAt(model: FileModel, offset: number): Element | undefined {
  let best: Element | undefined;
  for (const r of model.resources) {
    if (offset < r.span.start || offset > r.span.end || r.producerId !== undefined) continue;
    for (const e of elementsOf(r)) {
      if (offset < e.span.start || offset > e.span.end) continue;
      if (!best || e.span.end - e.span.start < best.span.end - best.span.start) best = e;
    }
  }
  return best;
}
