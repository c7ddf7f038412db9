// The "Gateway Refs: Show topology" webview: asks the server for the workspace graph
// (`gatewayRefs/topology`), shows it as the page topologyHtml.ts draws, redraws it when the server
// goes idle after a change, and opens the YAML of a clicked node or grant.

import { randomBytes } from 'node:crypto';
import type { Disposable, WebviewPanel } from 'vscode';
import { Range, Uri, ViewColumn, window } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { TopologyResult } from '../../server/src/lsp/protocol.js';
import { TOPOLOGY_REQUEST } from '../../server/src/lsp/protocol.js';
import { topologyHtml } from './topologyHtml.js';

export class TopologyView implements Disposable {
  private panel: WebviewPanel | undefined;
  private graph: TopologyResult = { nodes: [], edges: [] };

  constructor(private readonly client: LanguageClient) {}

  /** Opens the view (or brings it forward) and draws the current graph. */
  async show(): Promise<void> {
    if (this.panel) this.panel.reveal(undefined, true);
    else {
      const panel = window.createWebviewPanel(
        'gatewayRefs.topology',
        'Gateway Refs topology',
        { viewColumn: ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, localResourceRoots: [], retainContextWhenHidden: false },
      );
      this.panel = panel;
      panel.onDidDispose(() => (this.panel = undefined));
      panel.webview.onDidReceiveMessage((m: { type?: string; id?: string }) =>
        m.type === 'open' && m.id ? this.open(m.id) : m.type === 'refresh' ? this.refresh() : undefined,
      );
    }
    await this.refresh();
  }

  /** Redraws an open view from the server's current graph. */
  async refresh(): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    this.graph = await this.client.sendRequest<TopologyResult>(TOPOLOGY_REQUEST, null);
    if (this.panel !== panel) return;
    panel.webview.html = topologyHtml(this.graph, randomBytes(16).toString('hex'), panel.webview.cspSource);
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private async open(id: string): Promise<void> {
    const location = this.graph.nodes.find((n) => n.id === id)?.location;
    if (!location) return;
    const { start, end } = location.range;
    await window.showTextDocument(Uri.parse(location.uri), {
      viewColumn: ViewColumn.One,
      selection: new Range(start.line, start.character, end.line, end.character),
    });
  }
}
