// SARIF 2.1.0 for code-scanning uploads: one rule per diagnostic code (from the catalog), results
// with 1-based regions, related locations, and the diagnostic subject as a partial fingerprint so
// results stay matched across runs when lines move.

import type { Log, ReportingDescriptor, Result } from 'sarif';
import { CODES } from '../../core/api.js';
import type { Code, Diagnostic, Range } from '../../core/api.js';
import type { RunResult } from '../run.js';

const LEVEL: Record<Diagnostic['severity'], Result.level> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

export function formatSarif(result: RunResult, version: string): string {
  const codes = Object.keys(CODES) as Code[];
  const rules: ReportingDescriptor[] = codes.map((code) => ({
    id: code,
    name: code,
    shortDescription: { text: CODES[code].summary },
    help: { text: `${CODES[code].summary} See docs/diagnostics.md#${code.toLowerCase()} in the gateway-refs package.` },
    defaultConfiguration: { level: LEVEL[CODES[code].severity] },
  }));
  const log: Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'gateway-refs', version, rules } },
        results: result.diagnostics.map((d) => ({
          ruleId: d.code,
          ruleIndex: codes.indexOf(d.code),
          level: LEVEL[d.severity],
          message: { text: d.message },
          locations: [location(d.fileId, d.range)],
          ...(d.related.length > 0
            ? {
                relatedLocations: d.related.map((r, i) => ({
                  id: i,
                  ...location(r.fileId, r.range),
                  message: { text: r.message },
                })),
              }
            : {}),
          partialFingerprints: { 'gatewayRefsSubject/v1': `${d.code}:${d.subject}` },
        })),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function location(file: string, range: Range) {
  return {
    physicalLocation: {
      artifactLocation: { uri: encodeURI(file) },
      region: {
        startLine: range.start.line + 1,
        startColumn: range.start.character + 1,
        endLine: range.end.line + 1,
        endColumn: range.end.character + 1,
      },
    },
  };
}
