// Diagnostics of a buffer that does not parse while its last good version stays analysed: the
// syntax errors of the new text (saying that the rest is the last good analysis), and the last
// good diagnostics moved to where their lines now are. Typing a half-finished key must not make a
// file's other squiggles vanish, nor change what other files are told (a grant file mid-edit would
// otherwise flash RefNotPermitted onto routes elsewhere).

import { parseYaml } from '../../syntax/fastPath.js';
import { LineIndex } from '../../text/lineIndex.js';
import type { Diagnostic } from './fileDiagnostics.js';

/** Whether a text has YAML syntax errors (its documents with errors would drop out of the analysis). */
export function hasSyntaxErrors(text: string): boolean {
  return parseYaml(stripBom(text)).some((d) => d.problems.length > 0);
}

/**
 * The diagnostics to show for `text`, which does not parse, given the diagnostics of `lastGood`, the
 * text still analysed: the new syntax errors first, then the last good ones outside the changed
 * lines, shifted by the lines the edit added or removed.
 */
export function heldDiagnostics(
  fileId: string,
  text: string,
  lastGood: string,
  diagnostics: readonly Diagnostic[],
): Diagnostic[] {
  const plain = stripBom(text);
  const lines = LineIndex.of(plain);
  const out: Diagnostic[] = [];
  for (const doc of parseYaml(plain))
    for (const p of doc.problems)
      out.push({
        fileId,
        range: lines.underline(p.span.start, p.span.end),
        severity: 'error',
        code: 'YAMLSyntax',
        message: `${p.message} Until it parses, the other diagnostics are those of the last version that did.`,
        related: [],
        subject: `yaml@${p.span.start}`,
      });
  const before = stripBom(lastGood).split(/\r\n|\r|\n/);
  const after = plain.split(/\r\n|\r|\n/);
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  )
    tail++;
  const shift = after.length - before.length;
  const changedEnd = before.length - tail;
  for (const d of diagnostics) {
    if (d.code === 'YAMLSyntax') continue;
    if (d.range.end.line < head) out.push(d);
    else if (d.range.start.line >= changedEnd)
      out.push({
        ...d,
        range: {
          start: { line: d.range.start.line + shift, character: d.range.start.character },
          end: { line: d.range.end.line + shift, character: d.range.end.character },
        },
      });
  }
  return out;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
