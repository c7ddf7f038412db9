// Incremental analysis equals a fresh one: for every fixture, files are added one at a time,
// emptied and restored, edited (a comment appended, which keeps every object as it was, or
// prepended, which moves them all; the last namespace changed; a name changed in the last
// document), and deleted and restored; after each step the host that applied the change must
// report exactly what a new host reports.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CoreDriver } from './harness/core.js';
import { listFixtures, loadFixture } from './harness/fixtures.js';

function snapshot(host: CoreDriver): unknown {
  return {
    diagnostics: host
      .fileIds()
      .sort()
      .map((f) => [f, host.diagnostics(f)]),
    status: host.status(),
  };
}

describe('incremental analysis equals a fresh analysis', () => {
  for (const name of listFixtures()) {
    test(name, () => {
      const fixture = loadFixture(name);
      const options = fixture.config.options ?? {};
      const files = [...fixture.files];
      const current = new Map<string, string>();
      const host = new CoreDriver(options);
      // Many steps return to a workspace seen before (the fixture as it is): each distinct
      // workspace gets one fresh analysis.
      const freshSnapshots = new Map<string, unknown>();
      const check = (step: string) => {
        // In order: the status lists objects in the order their files reached the host.
        const key = JSON.stringify([...current]);
        let expected = freshSnapshots.get(key);
        if (expected === undefined) {
          const fresh = new CoreDriver(options);
          fresh.applyChanges([...current].map(([fileId, text]) => ({ fileId, text })));
          freshSnapshots.set(key, (expected = snapshot(fresh)));
        }
        assert.deepEqual(snapshot(host), expected, `after ${step}`);
      };
      for (const [fileId, text] of files) {
        current.set(fileId, text);
        host.applyChanges([{ fileId, text }]);
        check(`adding ${fileId}`);
      }
      for (const [fileId, text] of files) {
        current.set(fileId, '');
        host.applyChanges([{ fileId, text: '' }]);
        check(`emptying ${fileId}`);
        current.set(fileId, text);
        host.applyChanges([{ fileId, text }]);
        check(`restoring ${fileId}`);
      }
      const edits: [string, (text: string) => string][] = [
        ['appending a comment to', (t) => `${t}\n# edited\n`],
        ['prepending a comment to', (t) => `# edited\n${t}`],
        // In a ReferenceGrant this is usually a `from` entry: the edit re-resolves only its referrers.
        [
          'moving the last namespace of',
          (t) => t.replace(/(namespace: )([a-z0-9-]+)(?![\s\S]*namespace: )/, '$1$2-moved'),
        ],
        [
          'renaming in the last document of',
          (t) => {
            const i = t.lastIndexOf('name: ');
            return i < 0 ? t : `${t.slice(0, i + 6)}renamed-${t.slice(i + 6)}`;
          },
        ],
      ];
      for (const [fileId, text] of files) {
        for (const [what, edit] of edits) {
          current.set(fileId, edit(text));
          host.applyChanges([{ fileId, text: edit(text) }]);
          check(`${what} ${fileId}`);
        }
        current.set(fileId, text);
        host.applyChanges([{ fileId, text }]);
        check(`restoring ${fileId} after edits`);
      }
      for (const [fileId, text] of files) {
        current.delete(fileId);
        host.applyChanges([{ fileId, deleted: true }]);
        check(`deleting ${fileId}`);
        current.set(fileId, text);
        host.applyChanges([{ fileId, text }]);
        check(`re-adding ${fileId}`);
      }
    });
  }
});

describe('an edit that leaves what a grant permits unchanged', () => {
  const grant = (from: string[]) => `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: tenants
  namespace: shop
spec:
  from:
${from.map((ns) => `    - group: gateway.networking.k8s.io\n      kind: HTTPRoute\n      namespace: ${ns}\n`).join('')}  to:
    - group: ""
      kind: Service
`;
  const route = (ns: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
  namespace: ${ns}
spec:
  rules:
    - backendRefs:
        - name: cart
          namespace: shop
          port: 80
`;
  const service =
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: cart\n  namespace: shop\nspec:\n  ports:\n    - port: 80\n';

  test('re-resolves only the referrers whose permission changed, and hovers link to where the grant is now', () => {
    const host = new CoreDriver();
    host.applyChanges([
      { fileId: 'shop.yaml', text: service },
      { fileId: 'grant.yaml', text: grant(['team-a', 'team-b']) },
      { fileId: 'a.yaml', text: route('team-a') },
      { fileId: 'b.yaml', text: route('team-b') },
    ]);
    host.settle();
    const before = host.resourceAnalysis('a.yaml#0');
    host.applyChanges([{ fileId: 'grant.yaml', text: `# moved down\n\n${grant(['team-a', 'team-c'])}` }]);
    host.settle();
    assert.equal(host.resourceAnalysis('a.yaml#0'), before, 'team-a is still permitted: its route is not re-resolved');
    assert.deepEqual(
      host.diagnostics('b.yaml').map((d) => d.code),
      ['RefNotPermitted'],
    );
    const markdown =
      host.hover('a.yaml', { line: 8, character: 18 }, (fileId, range) => `${fileId}:${range.start.line}`)?.markdown ??
      '';
    assert.match(markdown, /Permitted by \[ReferenceGrant shop\/tenants\]\(grant\.yaml:5\)/);
  });
});

describe('an edit of a GatewayClass', () => {
  const gatewayClass = (controllerName: string) =>
    `apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: edge\nspec:\n  controllerName: ${controllerName}\n`;
  const gateway = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: shop
spec:
  gatewayClassName: edge
  listeners:
    - name: http
      protocol: HTTP
      port: 80
`;
  const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
  namespace: shop
spec:
  parentRefs:
    - name: edge
  rules:
    - backendRefs:
        - group: gateway.envoyproxy.io
          kind: Backend
          name: api
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata:
  name: api
  namespace: shop
`;

  test("re-judges the routes of its Gateways by the new controller's profile", () => {
    const host = new CoreDriver();
    host.applyChanges([
      { fileId: 'class.yaml', text: gatewayClass('gateway.envoyproxy.io/gatewayclass-controller') },
      { fileId: 'gateway.yaml', text: gateway },
      { fileId: 'route.yaml', text: route },
    ]);
    assert.deepEqual(
      host.diagnostics('route.yaml').map((d) => d.code),
      [],
    );
    host.applyChanges([{ fileId: 'class.yaml', text: gatewayClass('traefik.io/gateway-controller') }]);
    assert.deepEqual(
      host.diagnostics('route.yaml').map((d) => d.code),
      ['InvalidKind'],
    );
    host.applyChanges([{ fileId: 'class.yaml', text: gatewayClass('example.com/in-house') }]);
    assert.deepEqual(
      host.diagnostics('route.yaml').map((d) => d.code),
      ['ImplementationSpecificKind'],
    );
  });
});

describe('the channel inferred from the objects', () => {
  const tcpRoute = (version: string) => `apiVersion: gateway.networking.k8s.io/${version}
kind: TCPRoute
metadata:
  name: db
  namespace: shop
spec:
  rules:
    - backendRefs:
        - name: db
          port: 5432
`;
  const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
  namespace: shop
spec:
  rules:
    - retry:
        attempts: 2
      backendRefs:
        - name: web
          port: 80
`;
  // The channel's findings (the routes have no parents or Services, which is beside the point).
  const channelCodes = (host: CoreDriver, fileId: string) =>
    host
      .diagnostics(fileId)
      .map((d) => d.code)
      .filter((code) => code === 'ExperimentalOnly' || code === 'UnknownApiVersion');
  const fresh = (files: Map<string, string>) => {
    const host = new CoreDriver();
    host.applyChanges([...files].map(([fileId, text]) => ({ fileId, text })));
    return snapshot(host);
  };

  test('flips when the only experimental object comes, changes version or goes, as a fresh analysis does', () => {
    const host = new CoreDriver();
    const files = new Map([['route.yaml', route]]);
    const step = (fileId: string, text: string | undefined, codes: string[], what: string) => {
      if (text === undefined) files.delete(fileId);
      else files.set(fileId, text);
      host.applyChanges([text === undefined ? { fileId, deleted: true } : { fileId, text }]);
      assert.deepEqual(channelCodes(host, 'route.yaml'), codes, what);
      assert.deepEqual(snapshot(host), fresh(files), what);
    };
    host.applyChanges([{ fileId: 'route.yaml', text: route }]);
    assert.deepEqual(channelCodes(host, 'route.yaml'), ['ExperimentalOnly']);
    step('tcp.yaml', tcpRoute('v1alpha2'), [], 'adding a v1alpha2 TCPRoute');
    step('tcp.yaml', tcpRoute('v1'), ['ExperimentalOnly'], 'moving it to v1, which standard serves');
    step('tcp.yaml', tcpRoute('v1alpha9'), ['ExperimentalOnly'], 'a version no channel serves');
    step('tcp.yaml', tcpRoute('v1alpha2'), [], 'back to v1alpha2');
    step('chart/Chart.yaml', 'apiVersion: v2\nname: chart\n', [], 'a chart elsewhere');
    step('tcp.yaml', undefined, ['ExperimentalOnly'], 'deleting it');
    step(
      'chart/templates/tcp.yaml',
      tcpRoute('v1alpha2'),
      ['ExperimentalOnly'],
      'in a Helm template, never applied as written',
    );
    step('chart/Chart.yaml', undefined, [], 'the template becomes a plain file');
    step('chart/Chart.yaml', 'apiVersion: v2\nname: chart\n', ['ExperimentalOnly'], 'and a template again');
  });

  test('an explicit channel wins over the objects', () => {
    const host = new CoreDriver({ channel: 'standard' });
    host.applyChanges([
      { fileId: 'route.yaml', text: route },
      { fileId: 'tcp.yaml', text: tcpRoute('v1alpha2') },
    ]);
    assert.deepEqual(channelCodes(host, 'route.yaml'), ['ExperimentalOnly']);
    assert.deepEqual(channelCodes(host, 'tcp.yaml'), ['UnknownApiVersion']);
  });
});
