// The workspace graph as Graphviz DOT (`--format dot`): one node per Gateway, listener,
// ListenerSet, route and backend, edges coloured by verdict (green ok, red rejected with the
// reason, grey dashed unknown), the ReferenceGrants that permit a cross-namespace edge on its label,
// and objects the workspace does not define drawn dashed.

import type { Topology, TopologyEdge, TopologyNode } from '../../core/api.js';

const SHAPES: Record<TopologyNode['type'], string> = {
  Gateway: 'box3d',
  ListenerSet: 'box3d',
  Listener: 'component',
  Route: 'box',
  Backend: 'cylinder',
  ReferenceGrant: 'note',
};

const COLOURS: Record<TopologyEdge['verdict'], string> = { ok: '#2e7d32', rejected: '#c62828', unknown: '#757575' };

export function formatDot(graph: Topology): string {
  const grants = new Map(graph.nodes.filter((n) => n.type === 'ReferenceGrant').map((n) => [n.id, n]));
  const lines = ['digraph "gateway-refs" {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=11];'];
  lines.push('  edge [fontname="Helvetica", fontsize=9];');
  for (const n of graph.nodes) {
    if (n.type === 'ReferenceGrant') continue; // drawn on the edges they permit
    const style = n.location ? '' : ', style=dashed';
    lines.push(`  ${quote(n.id)} [label=${quote(n.label)}, shape=${SHAPES[n.type]}${style}];`);
  }
  for (const e of graph.edges) {
    const label = [e.reason ?? '', ...e.grants.map((g) => `via ${grants.get(g)?.label ?? g}`)]
      .filter(Boolean)
      .join('\n');
    const attrs = [`color=${quote(COLOURS[e.verdict])}`];
    if (e.verdict === 'unknown') attrs.push('style=dashed');
    if (e.verdict === 'rejected') attrs.push('penwidth=2');
    if (label) attrs.push(`label=${quote(label)}`, `fontcolor=${quote(COLOURS[e.verdict])}`);
    lines.push(`  ${quote(e.from)} -> ${quote(e.to)} [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
