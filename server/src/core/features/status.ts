// The status report: what a conforming controller would write for every route, Gateway and
// ListenerSet in the workspace, and every BackendTLSPolicy towards each Gateway that reaches its
// Service, in the spec's vocabulary. The CLI's JSON output serialises it.

import type { GroupKind } from '../model/resource.js';
import { isApplyTimeNamespace } from '../model/placement.js';
import type { QueryContext } from '../query/context.js';
import { policyAncestors } from '../query/policyAncestors.js';
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

/** PolicyAncestorStatus.AncestorRef. */
export interface AncestorRefReport {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  sectionName?: string;
}

/** A BackendTLSPolicy's status: one entry per Gateway through which its Service is reached (PolicyStatus). */
export interface PolicyReport {
  kind: string;
  namespace: string;
  name: string;
  file: string;
  ancestors: { ancestorRef: AncestorRefReport; conditions: ConditionReport[] }[];
}

export interface StatusReport {
  routes: RouteReport[];
  gateways: GatewayReport[];
  listenerSets: ListenerSetReport[];
  policies: PolicyReport[];
}

export function statusReport(ctx: QueryContext): StatusReport {
  const report: StatusReport = { routes: [], gateways: [], listenerSets: [], policies: [] };
  for (const a of ctx.analyses()) {
    const { key, fileId } = a.resource;
    if (a.route) {
      report.routes.push({
        kind: key.kind,
        namespace: reportedNamespace(key.namespace),
        name: key.name,
        file: fileId,
        parents: a.route.parents.map((p) => {
          const parentRef: ParentRefReport = {
            group: p.ref.group,
            kind: p.ref.kind,
            namespace: reportedNamespace(p.ref.namespace),
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
        namespace: reportedNamespace(key.namespace),
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
        namespace: reportedNamespace(key.namespace),
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
    const conditions = a.policy?.conditions;
    if (a.policy && conditions) {
      report.policies.push({
        kind: key.kind,
        namespace: reportedNamespace(key.namespace),
        name: key.name,
        file: fileId,
        ancestors: policyAncestors(ctx, a.policy).map(({ owner }) => ({
          ancestorRef: {
            group: owner.key.group,
            kind: owner.key.kind,
            namespace: owner.key.namespace,
            name: owner.key.name,
          },
          conditions: conditions.map(conditionReport),
        })),
      });
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

/** An apply-time namespace (see model/placement.ts) is reported as unset. */
function reportedNamespace(namespace: string): string {
  return isApplyTimeNamespace(namespace) ? '' : namespace;
}

function conditionReport(c: Condition): ConditionReport {
  return { type: c.type, status: c.status, reason: c.reason, message: conditionText(c) };
}
