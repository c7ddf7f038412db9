// The version-1 JSON contract (documented in README.md): diagnostics with 0-based ranges and
// cwd-relative forward-slash paths, plus the status of every route, Gateway, ListenerSet and BackendTLSPolicy.

import type { RunResult } from '../run.js';

export function formatJson(result: RunResult): string {
  const output = {
    version: 1,
    diagnostics: result.diagnostics.map((d) => ({
      file: d.fileId,
      range: d.range,
      severity: d.severity,
      code: d.code,
      message: d.message,
      ...(d.related.length > 0
        ? { related: d.related.map((r) => ({ file: r.fileId, range: r.range, message: r.message })) }
        : {}),
    })),
    routes: result.status.routes,
    gateways: result.status.gateways,
    listenerSets: result.status.listenerSets,
    policies: result.status.policies,
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}
