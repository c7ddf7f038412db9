// The extension-host tests: the extension under test (the unpacked .vsix) in a real VS Code
// workbench, driven only through the `vscode` API, on a temporary workspace the driver prepared:
//   examples/                 a copy of the repository's examples/
//   fixtures/from-same-default a copy of test/fixtures/allowed-routes/from-same-default
// The tests run in order and build on each other: settings are changed and reset, quick fixes
// are applied and saved (so the grant-deletion test runs before the grant fix: the fixed grant in
// examples/cross-namespace-broken would also admit the clean example's route, which lives in the
// same namespaces). Every wait polls with a bounded timeout.

import assert from 'node:assert/strict';
import * as vscode from 'vscode';

export interface E2ETest {
  name: string;
  fn: () => Promise<void>;
  /** Skip when an earlier test failed (it relies on the state that test leaves). */
  needsPrevious?: boolean;
}

const EXTENSION_ID = 'gateway-refs.gateway-refs';
const SOURCE = 'gateway-refs';
const WAIT_MS = 30_000;

const root = (): vscode.Uri => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the workbench has no workspace folder open');
  return folder.uri;
};
const file = (relative: string): vscode.Uri => vscode.Uri.joinPath(root(), ...relative.split('/'));

const BROKEN_ROUTE = 'examples/cross-namespace-broken/route.yaml';
const BROKEN_GRANT = 'examples/cross-namespace-broken/reference-grant.yaml';
const BROKEN_NAMESPACES = 'examples/cross-namespace-broken/namespaces.yaml';
const CLEAN_ROUTE = 'examples/cross-namespace/route.yaml';
const CLEAN_GRANT = 'examples/cross-namespace/reference-grant.yaml';
const LOOSE_ROUTE = 'examples/cross-namespace/loose-route.yaml';
const SAME_ROUTES = 'fixtures/from-same-default/routes.yaml';
const SAME_GATEWAY = 'fixtures/from-same-default/gateway.yaml';

const TITLE_CREATE_GRANT = 'Create ReferenceGrant in backend-ns allowing HTTPRoute from tenant-a';
const TITLE_EXTEND_GRANT = 'Add HTTPRoute from tenant-a to ReferenceGrant backend-ns/allow-from-tenant-a';
const TITLE_LABEL = 'Label Namespace tenant-a with tenant=tenant-a';
const TITLE_ALLOWED_ROUTES =
  'Admit namespace tenant-a on listener "http" of Gateway infra/shared-gw (from: Same → Selector keeping infra)';

/** Polls `probe` until it returns something other than undefined; fails with `describe()` after the budget. */
async function waitFor<T>(
  what: string,
  probe: () => T | undefined,
  describe: () => string,
  timeoutMs = WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const codeOf = (d: vscode.Diagnostic): string => String(typeof d.code === 'object' ? d.code.value : d.code);
const ours = (uri: vscode.Uri): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
const show = (uri: vscode.Uri): string =>
  JSON.stringify(
    ours(uri).map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character} sev${d.severity}`),
  );

/** Waits until the extension's diagnostics on `relative` have exactly these codes (sorted). */
function waitForCodes(relative: string, codes: string[], timeoutMs = WAIT_MS): Promise<vscode.Diagnostic[]> {
  const uri = file(relative);
  const want = JSON.stringify([...codes].sort());
  return waitFor(
    `diagnostics ${want} on ${relative}`,
    () => {
      const d = ours(uri);
      return JSON.stringify(d.map(codeOf).sort()) === want ? d : undefined;
    },
    () => show(uri),
    timeoutMs,
  );
}

function rangeOf(d: vscode.Diagnostic): [number, number, number, number] {
  return [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];
}

async function open(relative: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(file(relative));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

async function hoverText(relative: string, line: number, character: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    file(relative),
    new vscode.Position(line, character),
  );
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

async function quickFixes(relative: string, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    file(relative),
    range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return actions.filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string');
}

async function applyFix(relative: string, range: vscode.Range, title: string): Promise<void> {
  const action = (await quickFixes(relative, range)).find((a) => a.title === title);
  assert.ok(action, `no quick fix titled "${title}"`);
  assert.ok(action.edit, `quick fix "${title}" has no edit`);
  assert.equal(await vscode.workspace.applyEdit(action.edit), true, `applying "${title}" failed`);
  if (action.command)
    await vscode.commands.executeCommand(action.command.command, ...((action.command.arguments ?? []) as unknown[]));
}

const config = () => vscode.workspace.getConfiguration('gatewayRefs');
async function setSetting(key: string, value: unknown): Promise<void> {
  await config().update(key, value, vscode.ConfigurationTarget.Workspace);
}

let brokenDiagnostics: vscode.Diagnostic[] = [];

export const tests: E2ETest[] = [
  {
    name: 'the extension under test activates on a workspace holding Gateway API YAML, before any file is opened',
    fn: async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `${EXTENSION_ID} is not loaded`);
      // The driver passes the unpacked .vsix (<run>/vsix/extension) as the development extension.
      assert.match(ext.extensionUri.path, /\/vsix\/extension$/, 'the extension under test is the unpacked .vsix');
      assert.deepEqual(
        vscode.workspace.textDocuments.filter((d) => d.languageId === 'yaml').map((d) => d.uri.path),
        [],
        'no YAML file is open yet',
      );
      await waitFor(
        'activation by workspaceContains',
        () => (ext.isActive ? true : undefined),
        () => 'not active',
      );
      await open(BROKEN_ROUTE);
      const contributed =
        (ext.packageJSON as { contributes?: { configuration?: { properties?: Record<string, unknown> } } }).contributes
          ?.configuration?.properties ?? {};
      for (const key of ['defaultNamespace', 'exclude', 'severity', 'backendKinds', 'trace.server'])
        assert.ok(`gatewayRefs.${key}` in contributed, `setting gatewayRefs.${key} is not contributed`);
    },
  },
  {
    name: 'the broken route has RefNotPermitted and NotAllowedByListeners with their ranges and messages',
    needsPrevious: true,
    fn: async () => {
      brokenDiagnostics = await waitForCodes(BROKEN_ROUTE, ['NotAllowedByListeners', 'RefNotPermitted']);
      const ref = brokenDiagnostics.find((d) => codeOf(d) === 'RefNotPermitted')!;
      const parent = brokenDiagnostics.find((d) => codeOf(d) === 'NotAllowedByListeners')!;
      // route.yaml line 18 (`- name: httpbin` of the backendRef) and line 10 (the parentRef): the
      // first line of each mapping, which is all a diagnostic underlines.
      assert.deepEqual(rangeOf(ref), [17, 10, 17, 23]);
      assert.deepEqual(rangeOf(parent), [9, 6, 9, 18]);
      for (const d of [ref, parent]) assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
      assert.match(
        ref.message,
        /^HTTPRoute tenant-a\/httpbin-route may not reference Service backend-ns\/httpbin: no ReferenceGrant in namespace backend-ns allows HTTPRoute from tenant-a\./,
      );
      assert.match(
        ref.message,
        /ReferenceGrant backend-ns\/allow-from-tenant-a allows GRPCRoute from tenant-a, not HTTPRoute from tenant-a/,
      );
      assert.match(
        parent.message,
        /^Not allowed by any listener of Gateway aic\/apisix: listener "http" admits namespaces matching tenant=tenant-a; namespace tenant-a does not/,
      );
      assert.ok(
        ref.relatedInformation?.some(
          (r) => r.location.uri.path.endsWith('/reference-grant.yaml') && r.location.range.start.line === 5,
        ),
        'RefNotPermitted points at the grant',
      );
      assert.ok(
        parent.relatedInformation?.some((r) => r.location.uri.path.endsWith('/namespaces.yaml')),
        'NotAllowedByListeners points at the Namespace',
      );
      await waitForCodes(BROKEN_GRANT, ['UnusedReferenceGrant']);
    },
  },
  {
    name: 'its commands are registered: show output, restart server, show topology, re-index',
    needsPrevious: true,
    fn: async () => {
      const all = await vscode.commands.getCommands(true);
      for (const c of [
        'gatewayRefs.showOutput',
        'gatewayRefs.restartServer',
        'gatewayRefs.showTopology',
        'gatewayRefs.reindex',
      ])
        assert.ok(all.includes(c), `command ${c} is registered`);
      await vscode.commands.executeCommand('gatewayRefs.showOutput');
    },
  },
  {
    name: '"Restart server" starts a new server, which analyses the workspace again',
    needsPrevious: true,
    fn: async () => {
      await vscode.commands.executeCommand('gatewayRefs.restartServer');
      // The stopped client clears its diagnostics; the new server publishes them again.
      brokenDiagnostics = await waitForCodes(BROKEN_ROUTE, ['NotAllowedByListeners', 'RefNotPermitted']);
    },
  },
  {
    name: '"Show topology" opens the topology view',
    needsPrevious: true,
    fn: async () => {
      await vscode.commands.executeCommand('gatewayRefs.showTopology');
      const tab = () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('gatewayRefs.topology'));
      const found = await waitFor('the topology tab', tab, () =>
        JSON.stringify(vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label))),
      );
      assert.equal(found.label, 'Gateway Refs topology');
      await vscode.window.tabGroups.close(found);
    },
  },
  {
    name: 'hovers on the backendRef and the parentRef explain permission and attachment',
    needsPrevious: true,
    fn: async () => {
      const backend = await hoverText(BROKEN_ROUTE, 17, 12);
      assert.ok(backend.includes('**backendRef → Service backend-ns/httpbin, port 80**'), backend);
      assert.ok(backend.includes('✗ **RefNotPermitted**'), backend);
      assert.ok(backend.includes('No ReferenceGrant in namespace backend-ns permits this reference.'), backend);
      assert.match(
        backend,
        /\[ReferenceGrant backend-ns\/allow-from-tenant-a\]\([^)]*reference-grant\.yaml[^)]*\): allows GRPCRoute from tenant-a, not HTTPRoute from tenant-a\./,
      );
      const parent = await hoverText(BROKEN_ROUTE, 9, 12);
      assert.match(parent, /\*\*HTTPRoute → \[Gateway aic\/apisix\]\([^)]*gateway\.yaml[^)]*\)\*\*/);
      assert.ok(
        parent.includes('`Accepted: False` (NotAllowedByListeners) · `ResolvedRefs: False` (RefNotPermitted)'),
        parent,
      );
      assert.ok(parent.includes('(HTTP, port 80): **not attached**'), parent);
      assert.ok(
        parent.includes(
          '✗ namespaces: admits namespaces matching tenant=tenant-a; namespace tenant-a does not (tenant=tenant-a fails',
        ),
        parent,
      );
    },
  },
  {
    name: 'the quick fixes offered on each diagnostic',
    needsPrevious: true,
    fn: async () => {
      const ref = brokenDiagnostics.find((d) => codeOf(d) === 'RefNotPermitted')!;
      const parent = brokenDiagnostics.find((d) => codeOf(d) === 'NotAllowedByListeners')!;
      const refFixes = await quickFixes(BROKEN_ROUTE, ref.range);
      assert.deepEqual(refFixes.map((a) => a.title).sort(), [TITLE_EXTEND_GRANT, TITLE_CREATE_GRANT].sort());
      assert.equal(
        refFixes.find((a) => a.title === TITLE_CREATE_GRANT)?.isPreferred,
        true,
        'creating a grant is the preferred fix',
      );
      const parentFixes = await quickFixes(BROKEN_ROUTE, parent.range);
      assert.deepEqual(
        parentFixes.map((a) => a.title),
        [TITLE_LABEL],
      );
      for (const a of [...refFixes, ...parentFixes]) assert.equal(a.kind?.value, 'quickfix');
    },
  },
  {
    name: 'settings: a severity override changes and hides diagnostics',
    needsPrevious: true,
    fn: async () => {
      await setSetting('severity', { RefNotPermitted: 'warning', NotAllowedByListeners: 'off' });
      const [d] = await waitForCodes(BROKEN_ROUTE, ['RefNotPermitted']);
      assert.equal(d!.severity, vscode.DiagnosticSeverity.Warning);
      await setSetting('severity', undefined);
      await waitForCodes(BROKEN_ROUTE, ['NotAllowedByListeners', 'RefNotPermitted']);
    },
  },
  {
    name: 'settings: exclude drops a folder from the analysis',
    needsPrevious: true,
    fn: async () => {
      await setSetting('exclude', ['examples/cross-namespace-broken/**']);
      await waitForCodes(BROKEN_ROUTE, []);
      await waitForCodes(BROKEN_GRANT, []);
      await setSetting('exclude', undefined);
      await waitForCodes(BROKEN_ROUTE, ['NotAllowedByListeners', 'RefNotPermitted']);
    },
  },
  {
    name: 'settings: the default namespace applies to objects without metadata.namespace',
    needsPrevious: true,
    fn: async () => {
      const loose =
        'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: loose\nspec:\n  parentRefs:\n    - name: apisix\n      namespace: aic\n';
      await vscode.workspace.fs.writeFile(file(LOOSE_ROUTE), Buffer.from(loose));
      // In `default`, which has no Namespace manifest, the Gateway's selector cannot be decided.
      const [d] = await waitForCodes(LOOSE_ROUTE, ['NamespaceLabelsUnknown']);
      assert.match(d!.message, /there is no Namespace manifest for default/);
      await setSetting('defaultNamespace', 'tenant-a');
      await waitForCodes(LOOSE_ROUTE, []);
      await setSetting('defaultNamespace', undefined);
      await waitForCodes(LOOSE_ROUTE, ['NamespaceLabelsUnknown']);
      await vscode.workspace.fs.delete(file(LOOSE_ROUTE));
      await waitForCodes(LOOSE_ROUTE, []);
    },
  },
  {
    name: 'deleting a grant file puts RefNotPermitted on the route in an unopened file, restoring it clears it',
    fn: async () => {
      const route = file(CLEAN_ROUTE);
      const isOpen = () => vscode.workspace.textDocuments.some((d) => d.uri.toString() === route.toString());
      assert.equal(isOpen(), false, 'route.yaml must not be open for this test');
      await waitForCodes(CLEAN_ROUTE, []);
      const grant = file(CLEAN_GRANT);
      const text = await vscode.workspace.fs.readFile(grant);
      await vscode.workspace.fs.delete(grant);
      const [d] = await waitForCodes(CLEAN_ROUTE, ['RefNotPermitted']);
      assert.deepEqual(rangeOf(d!).slice(0, 2), [17, 10]);
      assert.equal(isOpen(), false, 'route.yaml was opened by someone');
      await vscode.workspace.fs.writeFile(grant, text);
      await waitForCodes(CLEAN_ROUTE, []);
    },
  },
  {
    name: 'applying the ReferenceGrant quick fix clears RefNotPermitted',
    needsPrevious: true,
    fn: async () => {
      const ref = (await waitForCodes(BROKEN_ROUTE, ['NotAllowedByListeners', 'RefNotPermitted'])).find(
        (d) => codeOf(d) === 'RefNotPermitted',
      )!;
      await applyFix(BROKEN_ROUTE, ref.range, TITLE_CREATE_GRANT);
      await waitForCodes(BROKEN_ROUTE, ['NotAllowedByListeners']);
      const grant = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file(BROKEN_GRANT).toString());
      assert.ok(grant, 'the fix opened reference-grant.yaml');
      assert.match(
        grant.getText(),
        /---\n# Lets HTTPRoutes in tenant-a reference Service httpbin in backend-ns\.\napiVersion: gateway\.networking\.k8s\.io\/v1beta1\nkind: ReferenceGrant\n/,
      );
      assert.equal(await grant.save(), true);
    },
  },
  {
    name: 'applying the namespace-label quick fix leaves the route without diagnostics',
    needsPrevious: true,
    fn: async () => {
      const [parent] = await waitForCodes(BROKEN_ROUTE, ['NotAllowedByListeners']);
      await applyFix(BROKEN_ROUTE, parent!.range, TITLE_LABEL);
      await waitForCodes(BROKEN_ROUTE, []);
      const ns = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file(BROKEN_NAMESPACES).toString());
      assert.ok(ns, 'the fix opened namespaces.yaml');
      assert.ok(ns.getText().includes('    team: payments\n    tenant: tenant-a\n'), ns.getText());
      assert.equal(await ns.save(), true);
    },
  },
  {
    name: 'applying the allowedRoutes quick fix admits the route (fixture allowed-routes/from-same-default)',
    fn: async () => {
      await open(SAME_ROUTES);
      const [d] = await waitForCodes(SAME_ROUTES, ['NotAllowedByListeners']);
      assert.deepEqual(rangeOf(d!).slice(0, 2), [20, 6]);
      assert.match(d!.message, /only from its own namespace infra \(`from: Same`\)/);
      const titles = (await quickFixes(SAME_ROUTES, d!.range)).map((a) => a.title);
      assert.ok(titles.includes(TITLE_ALLOWED_ROUTES), JSON.stringify(titles));
      await applyFix(SAME_ROUTES, d!.range, TITLE_ALLOWED_ROUTES);
      await waitForCodes(SAME_ROUTES, []);
      const gw = vscode.workspace.textDocuments.find((x) => x.uri.toString() === file(SAME_GATEWAY).toString());
      assert.ok(gw, 'the fix opened gateway.yaml');
      assert.ok(
        gw.getText().includes('      allowedRoutes:\n        namespaces:\n          from: Selector\n'),
        gw.getText(),
      );
      assert.equal(await gw.save(), true);
    },
  },
];
