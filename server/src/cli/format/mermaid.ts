// The workspace graph as a Mermaid flowchart (`--format mermaid`, for Markdown that renders it):
// the same nodes and edges as the DOT output, rejected edges drawn red with their reason, unknown
// ones dotted, the ReferenceGrants that permit a cross-namespace edge on its label.

import type { Topology, TopologyNode } from '../../core/api.js';

const SHAPES: Record<TopologyNode['type'], [string, string]> = {
  Gateway: ['[[', ']]'],
  ListenerSet: ['[[', ']]'],
  Listener: ['([', '])'],
  Route: ['[', ']'],
  Backend: ['[(', ')]'],
  ReferenceGrant: ['>', ']'],
};

export function formatMermaid(graph: Topology): string {
  const ids = new Map<string, string>();
  const labels = new Map(graph.nodes.map((n) => [n.id, n.label]));
  const lines = ['flowchart LR'];
  for (const n of graph.nodes) {
    if (n.type === 'ReferenceGrant') continue; // drawn on the edges they permit
    const id = `n${ids.size}`;
    ids.set(n.id, id);
    const [open, close] = SHAPES[n.type];
    lines.push(`  ${id}${open}"${text(n.label)}"${close}`);
    if (!n.location) lines.push(`  style ${id} stroke-dasharray: 4 4`);
  }
  const styles: string[] = [];
  graph.edges.forEach((e, i) => {
    const label = [e.reason ?? '', ...e.grants.map((g) => `via ${labels.get(g) ?? g}`)].filter(Boolean).join('<br/>');
    const from = ids.get(e.from)!;
    const to = ids.get(e.to)!;
    if (e.verdict === 'unknown') lines.push(`  ${from} -.${label ? ` "${text(label)}" ` : ''}.-> ${to}`);
    else if (label) lines.push(`  ${from} -- "${text(label)}" --${e.verdict === 'rejected' ? 'x' : '>'} ${to}`);
    else lines.push(`  ${from} --${e.verdict === 'rejected' ? 'x' : '>'} ${to}`);
    styles.push(
      `  linkStyle ${i} stroke:${e.verdict === 'ok' ? '#2e7d32' : e.verdict === 'rejected' ? '#c62828' : '#757575'}`,
    );
  });
  return `${[...lines, ...styles].join('\n')}\n`;
}

/** Mermaid labels are quoted: a double quote is written as an entity. */
function text(s: string): string {
  return s.replace(/"/g, '#quot;');
}
