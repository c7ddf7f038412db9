// The fixture marker language (test/fixtures/README.md): YAML comment lines that point carets at
// the line above and state the diagnostic, fix or hover expected there. Parsing gives expectations;
// rendering writes actual diagnostics back as markers (for UPDATE_EXPECT=1 and readable diffs).

export type SeverityWord = 'error' | 'warning' | 'info' | 'hint';

export interface DiagnosticMarker {
  kind: 'diagnostic';
  /** 0-based line the marker annotates. */
  line: number;
  start: number;
  end: number;
  severity: SeverityWord;
  code: string;
  contains?: string;
}

export interface FixMarker {
  kind: 'fix';
  line: number;
  start: number;
  title: string;
}

export interface HoverMarker {
  kind: 'hover';
  line: number;
  start: number;
  contains?: string;
}

export interface DefMarker {
  kind: 'def';
  line: number;
  start: number;
  /** `file.yaml:LINE` (1-based) of the expected definition. */
  target: string;
}

export interface RefsMarker {
  kind: 'refs';
  line: number;
  start: number;
  count: number;
}

export interface CompleteMarker {
  kind: 'complete';
  line: number;
  start: number;
  label: string;
  /** `complete first LABEL`: LABEL ranks first. */
  first: boolean;
  /** Its detail contains this text. */
  contains?: string;
}

export interface LensMarker {
  kind: 'lens';
  line: number;
  start: number;
  /** A code lens on this line has exactly this title. */
  title: string;
}

export type Marker = DiagnosticMarker | FixMarker | HoverMarker | DefMarker | RefsMarker | CompleteMarker | LensMarker;

/** Marker words that are not diagnostics (kept as they are when diagnostic markers are rewritten). */
const OTHER_MARKERS = ['fix', 'hover', 'def', 'refs', 'complete', 'lens'];

const MARKER = /^(\s*)#\s+(\^+|@\d+\.\.\d+)\s+(.*?)\s*$/;

export function isMarkerLine(line: string): boolean {
  return MARKER.test(line);
}

export function parseMarkers(text: string): { markers: Marker[]; errors: string[] } {
  const lines = text.split(/\r?\n/);
  const markers: Marker[] = [];
  const errors: string[] = [];
  let target = -1;
  lines.forEach((line, i) => {
    const m = MARKER.exec(line);
    if (!m) {
      target = i;
      return;
    }
    if (target < 0) {
      errors.push(`line ${i + 1}: a marker needs a line above it`);
      return;
    }
    const [, , where, rest] = m as unknown as [string, string, string, string];
    let start: number;
    let end: number;
    if (where.startsWith('@')) {
      const [a, b] = where.slice(1).split('..').map(Number) as [number, number];
      start = a;
      end = b;
    } else {
      start = line.indexOf('^');
      end = start + where.length;
    }
    const [body, contains] = splitContains(rest);
    const words = body.split(/\s+/);
    const head = words[0] ?? '';
    if (head === 'fix') markers.push({ kind: 'fix', line: target, start, title: body.slice(4).trim() });
    else if (head === 'hover')
      markers.push({ kind: 'hover', line: target, start, ...(contains !== undefined ? { contains } : {}) });
    else if (head === 'def') markers.push({ kind: 'def', line: target, start, target: words.slice(1).join(' ') });
    else if (head === 'refs') markers.push({ kind: 'refs', line: target, start, count: Number(words[1]) });
    else if (head === 'complete' && words[1]) {
      const first = words[1] === 'first' && words[2] !== undefined;
      markers.push({
        kind: 'complete',
        line: target,
        start,
        label: words.slice(first ? 2 : 1).join(' '),
        first,
        ...(contains !== undefined ? { contains } : {}),
      });
    } else if (head === 'lens') markers.push({ kind: 'lens', line: target, start, title: rest.slice(4).trim() });
    else if (['error', 'warning', 'info', 'hint'].includes(head) && words[1]) {
      markers.push({
        kind: 'diagnostic',
        line: target,
        start,
        end,
        severity: head as SeverityWord,
        code: words[1],
        ...(contains !== undefined ? { contains } : {}),
      });
    } else errors.push(`line ${i + 1}: cannot read marker "${rest}"`);
  });
  return { markers, errors };
}

function splitContains(rest: string): [string, string | undefined] {
  const i = rest.indexOf(' ~ ');
  return i < 0 ? [rest.trim(), undefined] : [rest.slice(0, i).trim(), rest.slice(i + 3).trim()];
}

/** A diagnostic reduced to what a marker can state about it. */
export interface ObservedDiagnostic {
  line: number;
  start: number;
  end: number;
  severity: SeverityWord;
  code: string;
  message: string;
}

export function markerKey(m: { line: number; start: number; end: number; severity: string; code: string }): string {
  return `${m.line + 1}:${m.start}-${m.end} ${m.severity} ${m.code}`;
}

/** The fixture text with its diagnostic markers replaced by markers for `observed`. */
export function renderDiagnostics(
  text: string,
  observed: readonly ObservedDiagnostic[],
  previous: readonly Marker[],
): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const kept = new Map<number, string[]>();
  const body: { line: string; original: number }[] = [];
  let target = -1;
  lines.forEach((line, i) => {
    const m = MARKER.exec(line);
    if (!m) {
      target = i;
      body.push({ line, original: i });
      return;
    }
    const head = (m[3] ?? '').split(/\s+/)[0];
    if (OTHER_MARKERS.includes(head ?? '')) {
      const list = kept.get(target) ?? [];
      list.push(line);
      kept.set(target, list);
    }
  });
  const containsOf = (d: ObservedDiagnostic) =>
    previous.find(
      (p): p is DiagnosticMarker =>
        p.kind === 'diagnostic' &&
        p.line === d.line &&
        p.start === d.start &&
        p.code === d.code &&
        p.contains !== undefined &&
        d.message.includes(p.contains),
    )?.contains;
  const out: string[] = [];
  for (const { line, original } of body) {
    out.push(line);
    const here = observed
      .filter((d) => d.line === original)
      .sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
    for (const d of here) {
      const contains = containsOf(d);
      const suffix = `${d.severity} ${d.code}${contains ? ` ~ ${contains}` : ''}`;
      const width = d.end - d.start;
      if (d.start >= 2 && width > 0) out.push(`#${' '.repeat(d.start - 1)}${'^'.repeat(width)} ${suffix}`);
      else out.push(`# @${d.start}..${d.end} ${suffix}`);
    }
    out.push(...(kept.get(original) ?? []));
  }
  return out.join(eol);
}
