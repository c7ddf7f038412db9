// Code lenses: the status a controller would write, shown above the fields it concerns. A listener
// says how many routes attach to it and how many whose parentRef selects it are rejected; a parentRef which
// listeners it attaches to; a ReferenceGrant how many references it permits. Each lens carries the
// locations it counts, so a front end can open them as a reference list.

import type { Listener, ListenerOwner, RouteResource } from '../model/resource.js';
import type { QueryContext } from '../query/context.js';
import type { Span } from '../syntax/tree.js';
import type { Range } from '../text/lineIndex.js';
import type { Location } from './navigation.js';
import { grantReferences, inFileOrder, loc } from './navigation.js';

export interface CodeLens {
  range: Range;
  title: string;
  /** What the lens counts, to open as a list. */
  locations: Location[];
}

export function codeLenses(ctx: QueryContext, fileId: string): CodeLens[] {
  const model = ctx.model(fileId);
  if (!model) return [];
  const lenses: CodeLens[] = [];
  for (const r of model.resources) {
    if (r.shape === 'Gateway' || r.shape === 'ListenerSet') lenses.push(...listenerLenses(ctx, r));
    else if (r.shape === 'Route') lenses.push(...parentRefLenses(ctx, r));
    else if (r.shape === 'ReferenceGrant') {
      const permitted = grantReferences(ctx, r.id);
      const n = permitted.length;
      lenses.push({
        range: loc(ctx, fileId, r.headSpan).range,
        title: n === 0 ? 'permits no reference' : `permits ${n} reference${n === 1 ? '' : 's'}`,
        locations: permitted,
      });
    }
  }
  return lenses;
}

/** Per listener: routes attached, and rejected routes whose parentRef selects it. */
function listenerLenses(ctx: QueryContext, owner: ListenerOwner): CodeLens[] {
  const attached = new Map<string, { r: RouteResource; span: Span }[]>();
  const rejected = new Map<string, { r: RouteResource; span: Span }[]>();
  const push = (map: typeof attached, listener: string, r: RouteResource, span: Span) =>
    map.set(listener, [...(map.get(listener) ?? []), { r, span }]);
  for (const a of ctx.referrersOf(owner.id)) {
    const route = a.route;
    if (!route) continue;
    for (const p of route.parents) {
      if (p.owner?.id !== owner.id) continue;
      for (const name of p.attachedTo) push(attached, name, route.route, p.ref.span);
      for (const l of owner.listeners)
        if (p.accepted.status === 'False' && names(p.ref, l)) push(rejected, l.name, route.route, p.ref.span);
    }
  }
  return owner.listeners.map((l) => {
    const ok = attached.get(l.name) ?? [];
    const no = rejected.get(l.name) ?? [];
    const title =
      `${ok.length} route${ok.length === 1 ? '' : 's'} attached` + (no.length > 0 ? ` · ${no.length} rejected` : '');
    return {
      range: loc(ctx, owner.fileId, l.nameSpan).range,
      title,
      locations: inFileOrder(ctx, [...ok, ...no]),
    };
  });
}

/** Whether a rejected parentRef selected this listener (by sectionName or port, or every listener when it names none). */
function names(ref: { sectionName?: { value: string }; port?: { value: number } }, l: Listener): boolean {
  return (!ref.sectionName || ref.sectionName.value === l.name) && (!ref.port || ref.port.value === l.port);
}

function parentRefLenses(ctx: QueryContext, route: RouteResource): CodeLens[] {
  const parents = ctx.analysis(route.id)?.route?.parents ?? [];
  return parents.flatMap((p) => {
    const owner = p.owner;
    if (!owner || !('listeners' in owner)) return [];
    const listeners = owner.listeners.filter((l) => p.attachedTo.includes(l.name));
    return [
      {
        range: loc(ctx, route.fileId, p.ref.nameSpan).range,
        title: listeners.length > 0 ? `attached to ${listeners.map((l) => l.name).join(', ')}` : 'not attached',
        locations: listeners.map((l) => loc(ctx, owner.fileId, l.nameSpan)),
      },
    ];
  });
}
