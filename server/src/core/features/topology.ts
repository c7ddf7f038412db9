// The workspace as a graph: Gateway → listener → route → backend, ListenerSets → their listeners
// and their Gateway, every edge with the verdict the analysis reached for it (a route's parentRef
// accepted or not on that listener, a backendRef resolved, refused or unknown) and, on a
// cross-namespace backend edge, the ReferenceGrants that permit it. Read from settled analyses
// only; the CLI renders it as DOT or Mermaid and the editor as a picture.

import type { ListenerOwner, ObjectKey, Resource } from '../model/resource.js';
import { isApplyTimeNamespace } from '../model/placement.js';
import type { QueryContext } from '../query/context.js';
import type { Condition } from '../resolve/conditions.js';
import type { ListenerStatus } from '../resolve/gatewayStatus.js';
import type { ParentStatus } from '../resolve/routeStatus.js';
import type { RefResult } from '../resolve/references.js';
import type { Span } from '../syntax/tree.js';
import type { Range } from '../text/lineIndex.js';

export type TopologyNodeKind = 'Gateway' | 'ListenerSet' | 'Listener' | 'Route' | 'Backend' | 'ReferenceGrant';

export interface TopologyNode {
  /**
   * Unique in the graph, stable across runs: kind, namespace and name, the file of a definition
   * (one object may be defined in several folders), the listener's name.
   */
  id: string;
  type: TopologyNodeKind;
  /** The object's kind (`HTTPRoute`, `Service`, …); for a listener, its protocol. */
  kind: string;
  /** '' for an object whose namespace is set when it is applied. */
  namespace: string;
  name: string;
  /** What a picture of the graph writes in the node. */
  label: string;
  /** Where the object (or the listener) is written; absent for what the workspace does not define. */
  location?: { fileId: string; range: Range };
}

export type EdgeVerdict = 'ok' | 'rejected' | 'unknown';

export interface TopologyEdge {
  from: string;
  to: string;
  verdict: EdgeVerdict;
  /** Why it is not ok: the condition reason or diagnostic code. */
  reason?: string;
  /** Ids of the ReferenceGrant nodes that permit this edge (a cross-namespace backendRef). */
  grants: string[];
}

export interface Topology {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

export function topology(ctx: QueryContext): Topology {
  const nodes = new Map<string, TopologyNode>();
  const edges = new Map<string, TopologyEdge>();
  const add = (n: TopologyNode) => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
    return n.id;
  };
  const defined = (r: Resource) => `${objectId(r.key)}@${r.fileId}`;
  const edge = (e: TopologyEdge) => {
    // Two parentRefs of one route to one listener are one edge: the better verdict shows.
    const key = `${e.from}\n${e.to}`;
    const seen = edges.get(key);
    if (!seen || rank(e.verdict) < rank(seen.verdict)) edges.set(key, e);
  };
  const locate = (fileId: string, span: Span) => {
    const lines = ctx.lineIndex(fileId);
    return lines ? { fileId, range: lines.range(span.start, span.end) } : undefined;
  };
  const locatedAt = (fileId: string, span: Span) => {
    const location = locate(fileId, span);
    return location ? { location } : {};
  };
  const objectNode = (type: TopologyNodeKind, r: Resource): string =>
    add({ ...identity(type, r.key), id: defined(r), ...locatedAt(r.fileId, r.headSpan) });
  const listenerNode = (owner: ListenerOwner, l: ListenerStatus): string =>
    add({
      id: `${defined(owner)}/${l.listener.name}`,
      type: 'Listener',
      kind: l.listener.protocol,
      namespace: shown(owner.key.namespace),
      name: l.listener.name,
      label: `listener ${l.listener.name} (${l.listener.protocol}${l.listener.port !== undefined ? ` ${l.listener.port}` : ''})`,
      ...locatedAt(owner.fileId, l.listener.nameSpan),
    });

  for (const a of ctx.analyses()) {
    const owner = a.gateway?.gateway ?? a.listenerSet?.listenerSet;
    const listeners = a.gateway?.listeners ?? a.listenerSet?.listeners;
    if (owner && listeners) {
      const ownerId = objectNode(owner.shape, owner);
      for (const l of listeners)
        edge({ from: ownerId, to: listenerNode(owner, l), ...conditionVerdict(l), grants: [] });
    }
    if (a.listenerSet?.listenerSet.parentRef) {
      const ls = a.listenerSet;
      const parent = ls.gateway
        ? objectNode('Gateway', ls.gateway)
        : add(identity('Gateway', ls.listenerSet.parentRef!));
      const accepted = ls.conditions.find((c) => c.type === 'Accepted');
      edge({ from: parent, to: objectNode('ListenerSet', ls.listenerSet), ...verdictOf(accepted), grants: [] });
    }
    if (a.route) {
      const routeId = objectNode('Route', a.route.route);
      for (const p of a.route.parents)
        for (const from of parentEnds(p)) edge({ from, to: routeId, ...verdictOf(p.accepted), grants: [] });
      for (const b of a.route.backends)
        edge({ from: routeId, to: backendNode(b, a.route.route.fileId), ...refVerdict(b), grants: grantsOf(b) });
    }
  }
  return {
    nodes: [...nodes.values()].sort((x, y) => order(x) - order(y) || x.id.localeCompare(y.id)),
    edges: [...edges.values()].sort((x, y) => x.from.localeCompare(y.from) || x.to.localeCompare(y.to)),
  };

  /** The nodes a parentRef's edges start from: the listeners it is attached to, else the listener it names, else its parent. */
  function parentEnds(p: ParentStatus): string[] {
    const owner = p.owner;
    if (!owner) return [add(identity(p.ref.kind === 'ListenerSet' ? 'ListenerSet' : 'Gateway', p.ref))];
    const status = ctx.analysis(owner.id);
    const listeners = status?.gateway?.listeners ?? status?.listenerSet?.listeners ?? [];
    const named = (name: string) => listeners.find((l) => l.listener.name === name);
    const attached = p.attachedTo.flatMap((name) => named(name) ?? []);
    if (attached.length > 0) return attached.map((l) => listenerNode(owner, l));
    const section = p.ref.sectionName && named(p.ref.sectionName.value);
    return [section ? listenerNode(owner, section) : objectNode(owner.shape, owner)];
  }

  /** A refused reference's status does not tell whether its target exists; the picture shows it when it does. */
  function backendNode(b: RefResult, fromFileId: string): string {
    const target = b.target ?? ctx.nearest(b.ref, fromFileId);
    return target ? objectNode('Backend', target) : add(identity('Backend', b.ref));
  }

  function grantsOf(b: RefResult): string[] {
    if (b.permission?.result !== 'granted') return [];
    return b.permission.grants.map((g) => objectNode('ReferenceGrant', g));
  }
}

const ORDER: TopologyNodeKind[] = ['Gateway', 'ListenerSet', 'Listener', 'Route', 'Backend', 'ReferenceGrant'];
const order = (n: TopologyNode) => ORDER.indexOf(n.type);
const rank = (v: EdgeVerdict) => ['ok', 'unknown', 'rejected'].indexOf(v);

function shown(namespace: string): string {
  return isApplyTimeNamespace(namespace) ? '' : namespace;
}

function objectId(key: ObjectKey): string {
  return `${key.kind}/${shown(key.namespace)}/${key.name}`;
}

function identity(type: TopologyNodeKind, key: ObjectKey): TopologyNode {
  const namespace = shown(key.namespace);
  const label = `${key.kind} ${namespace ? `${namespace}/` : ''}${key.name}`;
  return { id: objectId(key), type, kind: key.kind, namespace, name: key.name, label };
}

function verdictOf(c: Condition | undefined): { verdict: EdgeVerdict; reason?: string } {
  if (c?.status === 'True') return { verdict: 'ok' };
  return { verdict: c?.status === 'False' ? 'rejected' : 'unknown', ...(c ? { reason: c.reason } : {}) };
}

/** A listener is ok when accepted with its references resolved (a listener with a bad certificate is not programmed). */
function conditionVerdict(l: ListenerStatus): { verdict: EdgeVerdict; reason?: string } {
  const accepted = l.conditions.find((c) => c.type === 'Accepted');
  const resolved = l.conditions.find((c) => c.type === 'ResolvedRefs');
  return accepted?.status === 'True' && resolved?.status === 'False' ? verdictOf(resolved) : verdictOf(accepted);
}

function refVerdict(r: RefResult): { verdict: EdgeVerdict; reason?: string } {
  if (r.outcome === 'ok') return { verdict: 'ok' };
  if (r.outcome === 'unknown') return { verdict: 'unknown', reason: r.finding.code };
  return { verdict: 'rejected', reason: r.outcome };
}
