// The workspace graph (Gateway → listener → route → backend) three ways on one workspace
// (test/topology/workspace): built by the core, written by the CLI as DOT and Mermaid, and answered
// by the language server's `gatewayRefs/topology` request over stdio. The CLI outputs are compared
// with files (UPDATE_EXPECT=1 rewrites them); the verdicts that matter are asserted by name.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Topology } from '../server/src/core/api.js';
import type { TopologyResult } from '../server/src/lsp/protocol.js';
import { TOPOLOGY_REQUEST } from '../server/src/lsp/protocol.js';
import { topologyHtml } from '../client/src/topologyHtml.js';
import { runCli } from './harness/cli.js';
import { CoreDriver } from './harness/core.js';
import { expectFile } from './harness/expect.js';
import { startServer, uriOf } from './harness/lsp.js';
import { repoRoot } from './harness/paths.js';

const dir = path.join(repoRoot, 'test', 'topology');
const workspace = path.join(dir, 'workspace');
const relativeWorkspace = path.relative(repoRoot, workspace).split(path.sep).join('/');

function coreTopology(): Topology {
  const core = new CoreDriver();
  core.applyChanges(
    readdirSync(workspace).map((f) => ({
      fileId: `${relativeWorkspace}/${f}`,
      text: readFileSync(path.join(workspace, f), 'utf8'),
    })),
  );
  return core.topology();
}

/** The edge between the nodes whose labels are given. */
function edgeOf<E extends { from: string; to: string }>(
  graph: { nodes: { id: string; label: string }[]; edges: E[] },
  from: string,
  to: string,
): E {
  const id = (label: string) => {
    const node = graph.nodes.find((n) => n.label === label);
    assert.ok(node, `a node labelled ${label}: ${graph.nodes.map((n) => n.label).join(', ')}`);
    return node.id;
  };
  const edge = graph.edges.find((e) => e.from === id(from) && e.to === id(to));
  assert.ok(edge, `an edge ${from} → ${to}`);
  return edge;
}

describe('topology', () => {
  test('the core builds Gateway → listener → route → backend with verdicts and grants', () => {
    const graph = coreTopology();
    assert.deepEqual(
      graph.nodes.map(
        (n) => `${n.type} ${n.label}${n.location ? ` @ ${n.location.fileId}:${n.location.range.start.line + 1}` : ''}`,
      ),
      [
        'Gateway Gateway infra/web @ test/topology/workspace/gateway.yaml:4',
        'Listener listener admin (HTTP 8080) @ test/topology/workspace/gateway.yaml:18',
        'Listener listener http (HTTP 80) @ test/topology/workspace/gateway.yaml:9',
        'Route HTTPRoute team-a/store @ test/topology/workspace/routes.yaml:5',
        'Route HTTPRoute team-b/blog @ test/topology/workspace/routes.yaml:24',
        'Backend Service backend/db @ test/topology/workspace/services.yaml:22',
        'Backend Service backend/payments @ test/topology/workspace/services.yaml:13',
        'Backend Service team-a/store @ test/topology/workspace/services.yaml:4',
        'ReferenceGrant ReferenceGrant backend/team-a-to-payments @ test/topology/workspace/grant.yaml:4',
      ],
    );
    assert.equal(edgeOf(graph, 'Gateway infra/web', 'listener http (HTTP 80)').verdict, 'ok');
    assert.equal(edgeOf(graph, 'listener http (HTTP 80)', 'HTTPRoute team-a/store').verdict, 'ok');
    assert.deepEqual(edgeOf(graph, 'listener http (HTTP 80)', 'HTTPRoute team-b/blog'), {
      ...edgeOf(graph, 'listener http (HTTP 80)', 'HTTPRoute team-b/blog'),
      verdict: 'rejected',
      reason: 'NotAllowedByListeners',
    });
    const payments = edgeOf(graph, 'HTTPRoute team-a/store', 'Service backend/payments');
    assert.equal(payments.verdict, 'ok');
    assert.deepEqual(
      payments.grants.map((g) => graph.nodes.find((n) => n.id === g)?.label),
      ['ReferenceGrant backend/team-a-to-payments'],
    );
    assert.deepEqual(edgeOf(graph, 'HTTPRoute team-a/store', 'Service team-a/store').grants, []);
    const db = edgeOf(graph, 'HTTPRoute team-b/blog', 'Service backend/db');
    assert.equal(db.verdict, 'rejected');
    assert.equal(db.reason, 'RefNotPermitted');
    assert.equal(graph.edges.length, 7);
  });

  for (const format of ['dot', 'mermaid'] as const)
    test(`the CLI writes the same graph as ${format}`, async () => {
      const run = await runCli(['check', '--format', format, relativeWorkspace]);
      assert.equal(run.stderr, '');
      assert.equal(run.status, 1, 'exit status 1: the workspace has errors');
      expectFile(path.join(dir, `expect.${format}`), run.stdout, `--format ${format}`);
      const graph = coreTopology();
      const drawn = graph.nodes.filter((n) => n.type !== 'ReferenceGrant');
      for (const n of drawn) assert.ok(run.stdout.includes(`"${n.label}"`), `${n.label} is drawn`);
      const arrows = run.stdout.split('\n').filter((l) => (format === 'dot' ? l.includes(' -> ') : /--|-\./.test(l)));
      assert.equal(arrows.length, graph.edges.length, 'one arrow per edge');
      assert.ok(run.stdout.includes('via ReferenceGrant backend/team-a-to-payments'));
    });

  test('the CLI names the formats it knows', async () => {
    const run = await runCli(['check', '--format', 'svg', relativeWorkspace]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--format must be text, json, sarif, dot or mermaid, not "svg"/);
  });

  test('the language server answers gatewayRefs/topology with the same graph, located by URI', async () => {
    const client = await startServer([workspace]);
    try {
      const answer = await client.request<TopologyResult>(TOPOLOGY_REQUEST, null);
      const graph = coreTopology();
      assert.deepEqual(
        answer.edges.map((e) => `${e.verdict} ${e.reason ?? ''} ${e.grants.length}`),
        graph.edges.map((e) => `${e.verdict} ${e.reason ?? ''} ${e.grants.length}`),
      );
      assert.deepEqual(
        answer.nodes.map((n) => n.label),
        graph.nodes.map((n) => n.label),
      );
      const gateway = answer.nodes.find((n) => n.type === 'Gateway');
      assert.equal(gateway?.location?.uri, uriOf(path.join(workspace, 'gateway.yaml')));
      assert.deepEqual(gateway?.location?.range.start, { line: 3, character: 8 });
      const blog = edgeOf(answer, 'listener http (HTTP 80)', 'HTTPRoute team-b/blog');
      assert.equal(blog.reason, 'NotAllowedByListeners');

      // The editor's page for that answer: every drawn node and grant clickable by id, one arrow per
      // edge, nothing loaded from anywhere (the SVG namespace is a name, not a fetch).
      const html = topologyHtml(answer, 'n0nce', 'vscode-resource:');
      for (const n of answer.nodes) assert.ok(html.includes(`data-id="${n.id}"`), `${n.label} is clickable`);
      assert.equal(html.match(/<path class="edge /g)?.length, answer.edges.length);
      assert.match(html, /Content-Security-Policy" content="default-src 'none';[^"]*script-src 'nonce-n0nce'/);
      assert.deepEqual(html.match(/\b(?:https?|wss?):\/\/[\w.-]+/g), ['http://www.w3.org']);
      assert.doesNotMatch(html, /\s(?:src|href)=/);
    } finally {
      await client.shutdown();
    }
  });
});
