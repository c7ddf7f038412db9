// Compiler-style text output: `file:line:col severity code message`, related locations indented
// below, colour only on a terminal, and a summary line.

import type { Diagnostic } from '../../core/api.js';
import type { RunResult } from '../run.js';

/** SGR codes; the caller decides whether colour is wanted (a terminal, --color, NO_COLOR). */
const STYLES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  gray: [90, 39],
  green: [32, 39],
} as const;
type Style = keyof typeof STYLES;

export function formatText(result: RunResult, color: boolean): string {
  const paint = (style: Style, text: string) =>
    color ? `\x1b[${STYLES[style][0]}m${text}\x1b[${STYLES[style][1]}m` : text;
  const lines: string[] = [];
  for (const d of result.diagnostics) {
    const where = `${d.fileId}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
    lines.push(
      `${paint('bold', where)} ${paint(SEVERITY_STYLE[d.severity], severityWord(d))} ${paint('dim', d.code)} ${d.message}`,
    );
    for (const r of d.related)
      lines.push(
        `    ${paint('dim', `${r.fileId}:${r.range.start.line + 1}:${r.range.start.character + 1}`)} ${r.message}`,
      );
  }
  lines.push(summary(result, paint));
  return `${lines.join('\n')}\n`;
}

const SEVERITY_STYLE: Record<Diagnostic['severity'], Style> = {
  error: 'red',
  warning: 'yellow',
  information: 'cyan',
  hint: 'gray',
};

function severityWord(d: Diagnostic): string {
  return d.severity === 'information' ? 'info' : d.severity;
}

function summary(result: RunResult, paint: (style: Style, text: string) => string): string {
  const count = (s: Diagnostic['severity']) => result.diagnostics.filter((d) => d.severity === s).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const accepted = result.status.routes.reduce(
    (n, r) => n + r.parents.filter((p) => p.conditions[0]?.status === 'True').length,
    0,
  );
  const parents = result.status.routes.reduce((n, r) => n + r.parents.length, 0);
  const errors = count('error');
  const head = errors > 0 ? paint('red', plural(errors, 'error')) : paint('green', '0 errors');
  return `${head}, ${plural(count('warning'), 'warning')}, ${plural(count('information') + count('hint'), 'note')} in ${plural(result.files.length, 'file')}; ${plural(result.status.routes.length, 'route')} (${accepted} of ${plural(parents, 'parentRef')} accepted), ${plural(result.status.gateways.length, 'Gateway')}.`;
}
