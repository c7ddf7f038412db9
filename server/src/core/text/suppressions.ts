// Inline suppression comments, as ESLint users write them:
//   # gateway-refs-disable-next-line CODE[, CODE]   diagnostics with these codes starting on the next line
//   # gateway-refs-disable-file CODE[, CODE]        diagnostics with these codes anywhere in the file
// Read from the text (never stored: a cached model is given them again from its text), so a
// suppression is as visible in review as the manifest it annotates. Codes are required: a comment
// that silences everything would hide the next real problem too.

export interface Suppressions {
  /** Codes off in the whole file. */
  file: string[];
  /** 0-based line → codes off for diagnostics that start there. */
  lines: Map<number, string[]>;
}

const DIRECTIVE = /#\s*gateway-refs-disable-(next-line|file)\s+([A-Za-z][\w]*(?:\s*,\s*[A-Za-z][\w]*)*)/;

/** The text's suppressions, or undefined when it has none (the common case, decided by one search). */
export function readSuppressions(text: string): Suppressions | undefined {
  if (!text.includes('gateway-refs-disable-')) return undefined;
  const result: Suppressions = { file: [], lines: new Map() };
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    const m = DIRECTIVE.exec(line);
    if (!m) return;
    const codes = m[2]!.split(',').map((c) => c.trim());
    if (m[1] === 'file') result.file.push(...codes);
    else result.lines.set(i + 1, [...(result.lines.get(i + 1) ?? []), ...codes]);
  });
  return result.file.length > 0 || result.lines.size > 0 ? result : undefined;
}

/** Whether a diagnostic with `code` starting on `line` is suppressed. */
export function isSuppressed(s: Suppressions | undefined, code: string, line: number): boolean {
  return s !== undefined && (s.file.includes(code) || (s.lines.get(line)?.includes(code) ?? false));
}
