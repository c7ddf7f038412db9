// The status report: what a conforming controller would write for every route, Gateway and
// ListenerSet in the workspace, in the spec's vocabulary. The CLI's JSON output serialises it.

import type { AnalysisHost } from '../host.js';
import type { GroupKind } from '../model/resource.js';
import type { Condition } from '../resolve/conditions.js';
import type { ListenerStatus } from '../resolve/gatewayStatus.js';

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
  parents: { parentRef: ParentRefReport; conditions: Condition[] }[];
}

export interface ListenerReport {
  name: string;
  attachedRoutes: number;
  supportedKinds: GroupKind[];
  conditions: Condition[];
}

export interface GatewayReport {
  namespace: string;
  name: string;
  file: string;
  conditions: Condition[];
  listeners: ListenerReport[];
  attachedListenerSets: number;
}

export interface ListenerSetReport {
  namespace: string;
  name: string;
  file: string;
  parentRef?: ParentRefReport;
  conditions: Condition[];
  listeners: ListenerReport[];
}

export interface StatusReport {
  routes: RouteReport[];
  gateways: GatewayReport[];
  listenerSets: ListenerSetReport[];
}

export function statusReport(host: AnalysisHost): StatusReport {
  const report: StatusReport = { routes: [], gateways: [], listenerSets: [] };
  for (const a of host.allAnalyses()) {
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
          return { parentRef, conditions: [p.accepted, p.resolvedRefs] };
        }),
      });
    }
    if (a.gateway) {
      const id = a.resource.id;
      report.gateways.push({
        namespace: key.namespace,
        name: key.name,
        file: fileId,
        conditions: a.gateway.conditions,
        listeners: a.gateway.listeners.map((l) => listenerReport(host, id, l)),
        attachedListenerSets: host.acceptedListenerSets(id).length,
      });
    }
    if (a.listenerSet) {
      const ls = a.listenerSet.listenerSet;
      const entry: ListenerSetReport = {
        namespace: key.namespace,
        name: key.name,
        file: fileId,
        conditions: a.listenerSet.conditions,
        listeners: a.listenerSet.listeners.map((l) => listenerReport(host, ls.id, l)),
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

function listenerReport(host: AnalysisHost, ownerId: string, l: ListenerStatus): ListenerReport {
  return {
    name: l.listener.name,
    attachedRoutes: host.attachedRoutes(ownerId, l.listener.name).length,
    supportedKinds: l.state.supportedKinds.map(({ group, kind }) => ({ group, kind })),
    conditions: l.conditions,
  };
}
