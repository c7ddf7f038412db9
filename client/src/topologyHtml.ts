// The topology view's page: the workspace graph drawn as inline SVG in four columns (Gateways and
// ListenerSets, listeners, routes, backends), each edge coloured by its verdict and labelled with
// its reason or the ReferenceGrants that permit it. Self-contained — no network, no library: a
// strict content security policy, the theme's colours, and a small script that posts the id of a
// clicked node or grant back to the extension. Pure (no `vscode` import), so tests render it.

import type { TopologyEdge, TopologyNode, TopologyResult } from '../../server/src/lsp/protocol.js';

const COLUMN: Record<TopologyNode['type'], number> = {
  Gateway: 0,
  ListenerSet: 0,
  Listener: 1,
  Route: 2,
  Backend: 3,
  ReferenceGrant: -1, // drawn on the edges it permits
};
const COLUMN_TITLES = ['Gateways', 'Listeners', 'Routes', 'Backends'];
const NODE_W = 170;
const NODE_H = 40;
const COL_GAP = 150;
const ROW_GAP = 16;
const TOP = 90;
const LEFT = 10;
const COLOURS: Record<TopologyEdge['verdict'], string> = { ok: '#2e9e44', rejected: '#e5484d', unknown: '#8b8d98' };

interface Placed {
  node: TopologyNode;
  x: number;
  y: number;
}

/** Columns of nodes, each ordered by the mean row of the nodes pointing at it (fewer crossings). */
function layout(graph: TopologyResult): Map<string, Placed> {
  const columns: TopologyNode[][] = [[], [], [], []];
  for (const n of graph.nodes) if (COLUMN[n.type] >= 0) columns[COLUMN[n.type]]!.push(n);
  const row = new Map<string, number>();
  const incoming = new Map<string, string[]>();
  for (const e of graph.edges) incoming.set(e.to, [...(incoming.get(e.to) ?? []), e.from]);
  columns.forEach((column, c) => {
    const weight = (n: TopologyNode) => {
      const rows = (incoming.get(n.id) ?? []).flatMap((from) => row.get(from) ?? []);
      return c === 0 || rows.length === 0 ? Number.MAX_SAFE_INTEGER : rows.reduce((a, b) => a + b, 0) / rows.length;
    };
    const weights = new Map(column.map((n) => [n.id, weight(n)]));
    column.sort((a, b) => weights.get(a.id)! - weights.get(b.id)! || a.label.localeCompare(b.label));
    column.forEach((n, i) => row.set(n.id, i));
  });
  const placed = new Map<string, Placed>();
  columns.forEach((column, c) =>
    column.forEach((node, i) =>
      placed.set(node.id, { node, x: LEFT + c * (NODE_W + COL_GAP), y: TOP + i * (NODE_H + ROW_GAP) }),
    ),
  );
  return placed;
}

export function topologySvg(graph: TopologyResult): { svg: string; width: number; height: number } {
  const placed = layout(graph);
  const labels = new Map(graph.nodes.map((n) => [n.id, n.label]));
  // A grant sits in its target's namespace: its name says enough on the edge.
  const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const rows = Math.max(1, ...[...placed.values()].map((p) => (p.y - TOP) / (NODE_H + ROW_GAP) + 1));
  const width = LEFT * 2 + 4 * NODE_W + 3 * COL_GAP;
  const height = TOP + rows * (NODE_H + ROW_GAP) + 10;
  const parts: string[] = [];
  /** Edge labels, drawn last so that no box hides them. */
  const notesOnTop: string[] = [];
  COLUMN_TITLES.forEach((title, c) =>
    parts.push(`<text class="column" x="${LEFT + c * (NODE_W + COL_GAP)}" y="20">${escape(title)}</text>`),
  );
  for (const e of graph.edges) {
    const from = placed.get(e.from);
    const to = placed.get(e.to);
    if (!from || !to) continue;
    const sameColumn = from.x === to.x;
    const [x1, y1] = sameColumn ? [from.x + NODE_W / 2, from.y + NODE_H] : [from.x + NODE_W, from.y + NODE_H / 2];
    const [x2, y2] = sameColumn ? [to.x + NODE_W / 2, to.y] : [to.x, to.y + NODE_H / 2];
    const bend = sameColumn ? 0 : COL_GAP / 2;
    // An edge that skips a column (a parentRef not attached to any listener goes from the Gateway to
    // the route) arcs above the row, clear of the boxes it passes.
    const lift = sameColumn ? 0 : Math.max(0, Math.round(Math.abs(to.x - from.x) / (NODE_W + COL_GAP)) - 1) * 60;
    const path = `M${x1},${y1} C${x1 + bend},${y1 - lift} ${x2 - bend},${y2 - lift} ${x2},${y2}`;
    const dash = e.verdict === 'unknown' ? ' stroke-dasharray="5 4"' : '';
    const title = `${labels.get(e.from) ?? e.from} → ${labels.get(e.to) ?? e.to}: ${e.verdict}${e.reason ? ` (${e.reason})` : ''}`;
    parts.push(
      `<path class="edge ${e.verdict}" d="${path}" stroke="${COLOURS[e.verdict]}" stroke-width="${e.verdict === 'rejected' ? 2.5 : 1.5}"${dash} fill="none" marker-end="url(#arrow-${e.verdict})"><title>${escape(title)}</title></path>`,
    );
    const notes = [
      ...(e.reason ? [{ text: e.reason, grant: undefined }] : []),
      ...e.grants.map((g) => ({ text: `granted by ${names.get(g) ?? g}`, grant: g })),
    ];
    notes.forEach((note, i) => {
      const x = (x1 + x2) / 2;
      const y = (y1 + y2) / 2 - 0.75 * lift - 4 + i * 13;
      const attrs = note.grant ? ` class="note grant" data-id="${escape(note.grant)}"` : ' class="note"';
      notesOnTop.push(
        `<text${attrs} x="${x}" y="${y}" text-anchor="middle" style="fill:${COLOURS[e.verdict]}">${escape(note.text)}</text>`,
      );
    });
  }
  for (const { node, x, y } of placed.values()) {
    const defined = node.location !== undefined;
    const kind = node.type === 'Listener' ? `listener · ${node.kind}` : node.kind;
    const name = node.type === 'Listener' ? node.name : node.namespace ? `${node.namespace}/${node.name}` : node.name;
    parts.push(
      `<g class="node ${node.type}${defined ? ' defined' : ' missing'}" data-id="${escape(node.id)}" transform="translate(${x},${y})">` +
        `<title>${escape(node.label)}${defined ? '' : ' (not defined in the workspace)'}</title>` +
        `<rect width="${NODE_W}" height="${NODE_H}" rx="5"/>` +
        `<text class="kind" x="10" y="15">${escape(kind)}</text>` +
        `<text class="name" x="10" y="31">${escape(clip(name))}</text></g>`,
    );
  }
  const markers = (Object.keys(COLOURS) as TopologyEdge['verdict'][])
    .map(
      (v) =>
        `<marker id="arrow-${v}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${COLOURS[v]}"/></marker>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><defs>${markers}</defs>${parts.join('')}${notesOnTop.join('')}</svg>`;
  return { svg, width, height };
}

/** The whole page; `nonce` allows its one inline script and nothing else. */
export function topologyHtml(graph: TopologyResult, nonce: string, cspSource: string): string {
  const { svg } = topologySvg(graph);
  const counts = (v: TopologyEdge['verdict']) => graph.edges.filter((e) => e.verdict === v).length;
  const summary =
    graph.nodes.length === 0
      ? 'No Gateway API objects in the workspace yet (or it is still being indexed).'
      : `${counts('ok')} ok, ${counts('rejected')} rejected, ${counts('unknown')} unknown edges. Click a node or a grant to open its YAML.`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource} data:; style-src 'unsafe-inline'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Gateway Refs topology</title>
<style>
  body { font-family: var(--vscode-font-family, sans-serif); font-size: 12px; color: var(--vscode-foreground, #333); background: var(--vscode-editor-background, #fff); margin: 0; padding: 10px 14px; }
  header { display: flex; gap: 16px; align-items: center; margin-bottom: 8px; flex-wrap: wrap; }
  header .legend span { margin-right: 12px; }
  .swatch { display: inline-block; width: 18px; height: 3px; vertical-align: middle; margin-right: 4px; }
  button { font: inherit; color: var(--vscode-button-foreground, #fff); background: var(--vscode-button-background, #0e639c); border: none; padding: 3px 10px; cursor: pointer; }
  svg text { font-family: inherit; fill: var(--vscode-foreground, #333); }
  svg text.column { font-weight: 600; opacity: 0.7; }
  svg text.kind { font-size: 10px; opacity: 0.75; }
  svg text.name { font-size: 12px; font-weight: 600; }
  svg text.note { font-size: 10px; paint-order: stroke; stroke: var(--vscode-editor-background, #fff); stroke-width: 3px; }
  svg text.note.grant { cursor: pointer; text-decoration: underline; }
  svg .node rect { fill: var(--vscode-editorWidget-background, #f3f3f3); stroke: var(--vscode-editorWidget-border, #999); stroke-width: 1; }
  svg .node.Gateway rect, svg .node.ListenerSet rect { stroke: var(--vscode-charts-blue, #3a77c4); }
  svg .node.missing rect { stroke-dasharray: 4 3; opacity: 0.7; }
  svg .node.defined { cursor: pointer; }
  svg .node.defined:hover rect { stroke-width: 2; }
</style>
</head>
<body>
<header>
  <strong>Gateway Refs topology</strong>
  <span class="legend"><span><i class="swatch" style="background:${COLOURS.ok}"></i>ok</span><span><i class="swatch" style="background:${COLOURS.rejected}"></i>rejected</span><span><i class="swatch" style="background:${COLOURS.unknown}"></i>unknown</span><span>dashed box: not defined in the workspace</span></span>
  <button id="refresh">Refresh</button>
</header>
<p id="summary">${escape(summary)}</p>
${svg}
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  document.getElementById('refresh').addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
  document.querySelector('svg').addEventListener('click', (event) => {
    const target = event.target.closest('[data-id]');
    if (target) vscode.postMessage({ type: 'open', id: target.getAttribute('data-id') });
  });
</script>
</body>
</html>
`;
}

function clip(s: string): string {
  return s.length > 26 ? `${s.slice(0, 25)}…` : s;
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
