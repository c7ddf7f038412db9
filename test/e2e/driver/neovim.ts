// Neovim 0.7 (Debian) headless as a second, independent LSP client: test/e2e/nvim/probe.lua drives
// the packaged server bundle (the unpacked .vsix's dist/server.js) over stdio on a copy of
// examples/ and writes what it saw as JSON; the assertions are here.

import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sandboxEnv } from './codeServer.js';
import { startGroup, waitForExit } from './processes.js';
import type { Outcome, Run } from './types.js';

const NVIM_TIMEOUT_MS = 120_000;

interface Wait {
  ok: boolean;
  want: string;
  got: string;
}
interface ProbeResult {
  ok: boolean;
  error?: string;
  steps: string[];
  open: Wait;
  diagnostics: {
    code: string;
    source: string;
    severity: number;
    lnum: number;
    col: number;
    end_lnum: number;
    end_col: number;
    message: string;
  }[];
  hover_backend: string;
  hover_parent: string;
  actions_backend: string[];
  actions_parent: string[];
  grant_buffer_loaded: boolean;
  grant_text: string;
  after_grant: Wait;
  namespaces_text: string;
  after_label: Wait;
  after_undo: Wait;
}

export async function neovimProbe(run: Run): Promise<Outcome[]> {
  const dir = path.join(run.tmp, 'neovim');
  const root = path.join(dir, 'examples');
  cpSync(path.join(run.repo, 'examples'), root, { recursive: true });
  const out = path.join(dir, 'result.json');
  const started = Date.now();
  const child = startGroup(
    'nvim',
    [
      '--headless',
      '-u',
      'NONE',
      '-i',
      'NONE',
      '-n',
      '-c',
      `luafile ${path.join(run.repo, 'test/e2e/nvim/probe.lua')}`,
      path.join(root, 'cross-namespace-broken/route.yaml'),
    ],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: sandboxEnv(dir, {
        NV_OUT: out,
        NV_ROOT: root,
        NV_NODE: process.execPath,
        NV_SERVER: path.join(run.extensionDir, 'dist/server.js'),
      }),
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await waitForExit(child, NVIM_TIMEOUT_MS);
  const ms = Date.now() - started;
  if (!existsSync(out))
    return [
      {
        name: 'the Lua probe ran',
        ok: false,
        ms,
        error: `nvim exited with ${code === null ? `nothing within ${NVIM_TIMEOUT_MS} ms` : code} and wrote no result\n${stderr}`,
      },
    ];
  const r = JSON.parse(readFileSync(out, 'utf8')) as ProbeResult;
  if (!r.ok)
    return [
      {
        name: 'the Lua probe completed',
        ok: false,
        ms,
        error: `failed after steps ${r.steps.join(' → ')}: ${r.error}`,
      },
    ];

  const checks: [string, () => void][] = [
    ['the Lua probe completed', () => assert.ok(r.ok)],
    [
      'diagnostics on open: RefNotPermitted (line 18) and NotAllowedByListeners (line 10)',
      () => {
        assert.ok(r.open.ok, `want ${r.open.want}, got ${r.open.got}`);
        const ref = r.diagnostics.find((d) => d.code === 'RefNotPermitted');
        const parent = r.diagnostics.find((d) => d.code === 'NotAllowedByListeners');
        // Each on the first line of its mapping, which is all a diagnostic underlines.
        assert.deepEqual(ref && [ref.lnum, ref.col, ref.end_lnum, ref.end_col, ref.source, ref.severity], [
          17,
          10,
          17,
          23,
          'gateway-refs',
          1,
        ]);
        assert.deepEqual(parent && [parent.lnum, parent.col, parent.end_lnum, parent.end_col], [9, 6, 9, 18]);
        assert.match(ref!.message, /^HTTPRoute tenant-a\/httpbin-route may not reference Service backend-ns\/httpbin/);
      },
    ],
    [
      'hover on the backendRef and on the parentRef',
      () => {
        assert.ok(r.hover_backend.includes('**backendRef → Service backend-ns/httpbin, port 80**'), r.hover_backend);
        assert.ok(
          r.hover_backend.includes('allows GRPCRoute from tenant-a, not HTTPRoute from tenant-a'),
          r.hover_backend,
        );
        assert.ok(r.hover_parent.includes('(HTTP, port 80): **not attached**'), r.hover_parent);
        assert.ok(r.hover_parent.includes('namespace tenant-a does not (tenant=tenant-a fails'), r.hover_parent);
      },
    ],
    [
      'code actions offered',
      () => {
        assert.deepEqual([...(r.actions_backend ?? [])].sort(), [
          'Add HTTPRoute from tenant-a to ReferenceGrant backend-ns/allow-from-tenant-a',
          'Create ReferenceGrant in backend-ns allowing HTTPRoute from tenant-a',
        ]);
        assert.deepEqual(r.actions_parent, ['Label Namespace tenant-a with tenant=tenant-a']);
      },
    ],
    [
      'applying the grant fix edits another file; its didOpen clears RefNotPermitted',
      () => {
        assert.ok(r.grant_buffer_loaded);
        assert.match(r.grant_text, /\n---\n# Lets HTTPRoutes in tenant-a reference Service httpbin in backend-ns\.\n/);
        assert.ok(r.after_grant.ok, `want ${r.after_grant.want}, got ${r.after_grant.got}`);
      },
    ],
    [
      'applying the label fix in an open buffer; its didChange clears the route',
      () => {
        assert.ok(r.namespaces_text.includes('    team: payments\n    tenant: tenant-a'), r.namespaces_text);
        assert.ok(r.after_label.ok, `want no diagnostics, got ${r.after_label.got}`);
      },
    ],
    [
      'undoing the label (didChange) brings NotAllowedByListeners back',
      () => assert.ok(r.after_undo.ok, `want ${r.after_undo.want}, got ${r.after_undo.got}`),
    ],
  ];
  return checks
    .map(([name, check]) => {
      try {
        check();
        return { name, ok: true };
      } catch (e) {
        return { name, ok: false, error: e instanceof Error ? e.message : String(e) };
      }
    })
    .map((o, i) => (i === 0 ? { ...o, ms } : o));
}
