// Fixes for NotAllowedByListeners that change the listener: add the route's namespace to an
// existing `kubernetes.io/metadata.name In` list, turn `from: Same` into a Selector that keeps the
// Gateway's own namespace and adds the route's, give a selector-less `from: Selector` a selector,
// or add the route's kind to an explicit `allowedRoutes.kinds`. Never `from: All`, and none that
// would attach an HTTPRoute or GRPCRoute where a route of the other kind shares its hostnames.

import type { QueryContext } from '../../query/context.js';
import type { ListenerOwner, NamespaceResource, RouteResource } from '../../model/resource.js';
import { CORE_GROUP, describeResource } from '../../model/resource.js';
import type { ListenerVerdict } from '../../resolve/admission.js';
import { kindsForProtocol } from '../../resolve/listeners.js';
import { evaluateSelector, NAME_LABEL } from '../../resolve/labelSelector.js';
import type { Fix } from './change.js';
import { ChangeBuilder } from './change.js';
import { wouldClash } from '../../query/routeClashes.js';

export function allowedRoutesFixes(
  ctx: QueryContext,
  route: RouteResource,
  owner: ListenerOwner,
  verdict: ListenerVerdict,
  subject: string,
): Fix[] {
  const listener = verdict.state.listener;
  const where = `listener "${listener.name}" of ${describeResource(owner)}`;
  const change = () => new ChangeBuilder(ctx);
  const locate = (c: ChangeBuilder) => {
    const file = c.file(owner.fileId);
    const root = file?.find(owner);
    const node = root && file?.at(root, listener.path);
    return file && node?.kind === 'map' ? { file, listenerMap: node } : undefined;
  };
  const ns = route.key.namespace;
  const fixes: Fix[] = [];
  if (wouldClash(ctx, route, owner, listener)) return fixes;

  // Offer only what makes the route attach: the other checks of this listener must already pass.
  if (
    verdict.kind.result === 'false' &&
    verdict.namespace.result === 'true' &&
    verdict.hostname.result === 'true' &&
    !verdict.state.rejection
  ) {
    const carried = kindsForProtocol(listener.protocol, listener.tls?.mode, ctx.rulesOf(owner)) ?? [];
    const written = listener.allowedRoutes.kinds;
    if (written.length > 0 && carried.some((k) => k.kind === route.routeKind)) {
      const c = change();
      const at = locate(c);
      const kinds = at?.file.at(at.listenerMap, 'allowedRoutes.kinds');
      const edits = kinds && at?.file.appendToSeq(kinds, { kind: route.routeKind });
      if (edits) {
        c.add(owner.fileId, ...edits);
        fixes.push(c.build(`Allow ${route.routeKind} on ${where}`, 'NotAllowedByListeners', subject, true));
      }
    }
    return fixes;
  }
  if (verdict.kind.result !== 'true' || verdict.namespace.result !== 'false' || verdict.hostname.result !== 'true')
    return fixes;

  const allowed = listener.allowedRoutes;
  const byName = { key: NAME_LABEL, operator: 'In', values: [] as string[] };
  if (allowed.from === 'Same') {
    const own = owner.key.namespace;
    const byBoth = { ...byName, values: [own, ns] };
    // A selector left over from an earlier `from: Selector` is ignored under Same but counts after
    // the change, the new requirement joining it: offer the change only when both namespaces match.
    const leftover = allowed.selector;
    const admits = (name: string, manifest: NamespaceResource | undefined) =>
      !leftover ||
      evaluateSelector(
        { ...leftover, matchExpressions: [...leftover.matchExpressions, { ...byBoth, span: leftover.span }] },
        manifest ? { name, labels: manifest.labels } : { name },
      ).result === 'true';
    const manifest = (name: string, fileId: string) =>
      ctx.nearest({ group: CORE_GROUP, kind: 'Namespace', namespace: '', name }, fileId) as
        NamespaceResource | undefined;
    const c = change();
    const at = locate(c);
    const edits =
      at &&
      admits(own, manifest(own, owner.fileId)) &&
      admits(ns, manifest(ns, route.fileId)) &&
      at.file.merge(at.listenerMap, {
        allowedRoutes: { namespaces: { from: 'Selector', selector: { matchExpressions: [byBoth] } } },
      });
    if (edits) {
      c.add(owner.fileId, ...edits);
      fixes.push(
        c.build(
          `Admit namespace ${ns} on ${where} (from: Same → Selector keeping ${own})`,
          'NotAllowedByListeners',
          subject,
          true,
        ),
      );
    }
  } else if (allowed.from === 'Selector' && !allowed.selector) {
    const c = change();
    const at = locate(c);
    const edits = at?.file.merge(at.listenerMap, {
      allowedRoutes: { namespaces: { selector: { matchExpressions: [{ ...byName, values: [ns] }] } } },
    });
    if (edits) {
      c.add(owner.fileId, ...edits);
      fixes.push(c.build(`Admit namespace ${ns} on ${where}`, 'NotAllowedByListeners', subject, true));
    }
  } else if (allowed.from === 'Selector' && allowed.selector) {
    const index = allowed.selector.matchExpressions.findIndex((e) => e.key === NAME_LABEL && e.operator === 'In');
    const extended = allowed.selector.matchExpressions.map((e, i) =>
      i === index ? { ...e, values: [...e.values, ns] } : e,
    );
    const labels = verdict.namespace.namespace?.labels ?? [];
    const works =
      index >= 0 &&
      evaluateSelector({ ...allowed.selector, matchExpressions: extended }, { name: ns, labels }).result === 'true';
    if (works) {
      const c = change();
      const at = locate(c);
      const values = at?.file.at(at.listenerMap, `allowedRoutes.namespaces.selector.matchExpressions[${index}].values`);
      const edits = values && at?.file.appendToSeq(values, ns);
      if (edits) {
        c.add(owner.fileId, ...edits);
        fixes.push(c.build(`Admit namespace ${ns} on ${where}`, 'NotAllowedByListeners', subject, true));
      }
    }
  }
  return fixes;
}
