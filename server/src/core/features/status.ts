// The status report: what a conforming controller would write for every route, Gateway and
// ListenerSet in the workspace, in the spec's vocabulary. The CLI's JSON output serialises it.

import type { GroupKind } from '../model/resource.js';
import type { QueryContext } from '../query/context.js';
import type { Condition } from '../resolve/conditions.js';
import type { ListenerStatus } from '../resolve/gatewayStatus.js';
import { conditionText } from './diagnostics/registry.js';

/** A condition as status carries it, its message in words. */
export interface ConditionReport {
  type: string;
  status: Condition['status'];
  reason: string;
  message: string;
}

export interface ParentRefReport {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  sectionName?: string;
  port?: number;
}

export interface RouteReport {
  kind: string;
  namespace: string;
  name: string;
  file: string;
  parents: { parentRef: ParentRefReport; conditions: ConditionReport[] }[];
}

export interface ListenerReport {
  name: string;
  attachedRoutes: number;
  supportedKinds: GroupKind[];
  conditions: ConditionReport[];
}

export interface GatewayReport {
  namespace: string;
  name: string;
  file: string;
  conditions: ConditionReport[];
  listeners: ListenerReport[];
  attachedListenerSets: number;
}

export interface ListenerSetReport {
  namespace: string;
  name: string;
  file: string;
  parentRef?: ParentRefReport;
  conditions: ConditionReport[];
  listeners: ListenerReport[];
}

export interface StatusReport {
  routes: RouteReport[];
  gateways: GatewayReport[];
  listenerSets: ListenerSetReport[];
}

export function statusReport(ctx: QueryContext): StatusReport {
  const report: StatusReport = { routes: [], gateways: [], listenerSets: [] };
  for (const a of ctx.analyses()) {
    const { key, fileId } = a.resource;
    if (a.route) {
      report.routes.push({
        kind: key.kind,
        namespace: key.namespace,
        name: key.name,
        file: fileId,
        parents: a.route.parents.map((p) => {
          const parentRef: ParentRefReport = {
            group: p.ref.group,
            kind: p.ref.kind,
            namespace: p.ref.namespace,
            name: p.ref.name,
          };
          if (p.ref.sectionName) parentRef.sectionName = p.ref.sectionName.value;
          if (p.ref.port) parentRef.port = p.ref.port.value;
          return { parentRef, conditions: [p.accepted, p.resolvedRefs].map(conditionReport) };
        }),
      });
    }
    if (a.gateway) {
      const id = a.resource.id;
      report.gateways.push({
        namespace: key.namespace,
        name: key.name,
        file: fileId,
        conditions: a.gateway.conditions.map(conditionReport),
        listeners: a.gateway.listeners.map((l) => listenerReport(ctx, id, l)),
        attachedListenerSets: ctx.acceptedListenerSets(id).size,
      });
    }
    if (a.listenerSet) {
      const ls = a.listenerSet.listenerSet;
      const entry: ListenerSetReport = {
        namespace: key.namespace,
        name: key.name,
        file: fileId,
        conditions: a.listenerSet.conditions.map(conditionReport),
        listeners: a.listenerSet.listeners.map((l) => listenerReport(ctx, ls.id, l)),
      };
      if (ls.parentRef)
        entry.parentRef = {
          group: ls.parentRef.group,
          kind: ls.parentRef.kind,
          namespace: ls.parentRef.namespace,
          name: ls.parentRef.name,
        };
      report.listenerSets.push(entry);
    }
  }
  return report;
}

function listenerReport(ctx: QueryContext, ownerId: string, l: ListenerStatus): ListenerReport {
  return {
    name: l.listener.name,
    attachedRoutes: ctx.attachedRoutes(ownerId, l.listener.name).size,
    supportedKinds: l.state.supportedKinds.map(({ group, kind }) => ({ group, kind })),
    conditions: l.conditions.map(conditionReport),
  };
}

function conditionReport(c: Condition): ConditionReport {
  return { type: c.type, status: c.status, reason: c.reason, message: conditionText(c) };
}
