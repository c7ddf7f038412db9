// OpenAPI `pattern`s as the API server matches them: Go's RE2 syntax, unanchored search. The
// engine's own RegExp runs a pattern when it means the same there (most do: anchors, classes,
// counted repetition); anything else — inline flags other than a leading `(?i)`, `\pL`, POSIX
// classes, `\s` (ASCII in RE2, Unicode here) — goes to @bufbuild/re2, an RE2 port. A pattern
// neither accepts is not checked.

import { RE2JS } from '@bufbuild/re2';

const cache = new Map<string, ((s: string) => boolean) | null>();

export function compilePattern(pattern: string): ((s: string) => boolean) | undefined {
  let test = cache.get(pattern);
  if (test === undefined) {
    test = nativePattern(pattern) ?? re2Pattern(pattern) ?? null;
    cache.set(pattern, test);
  }
  return test ?? undefined;
}

function nativePattern(pattern: string): ((s: string) => boolean) | undefined {
  let body = pattern;
  let flags = 'u';
  if (body.startsWith('(?i)')) {
    body = body.slice(4);
    flags += 'i';
  }
  if (/\(\?[a-zA-Z]|\\[pPzAsSQE]|\[\[:/.test(body)) return undefined;
  try {
    const re = new RegExp(body, flags);
    return (s) => re.test(s);
  } catch {
    return undefined;
  }
}

function re2Pattern(pattern: string): ((s: string) => boolean) | undefined {
  try {
    const re = RE2JS.compile(pattern);
    return (s) => re.test(s);
  } catch {
    return undefined;
  }
}
