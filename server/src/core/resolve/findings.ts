// Findings: what resolution reports, in offsets, before the features layer turns them into
// diagnostics (positions, severities, overrides). A finding's `subject` names the resource and the
// field it is about, so it survives edits that move ranges; fixes and tests match on it.

import type { Code } from '../codes.js';
import type { Resource } from '../model/resource.js';
import { own } from '../model/reader.js';
import { describeResource } from '../model/resource.js';
import type { Span } from '../syntax/tree.js';

export interface RelatedLocation {
  fileId: string;
  span: Span;
  message: string;
}

export interface Finding {
  fileId: string;
  span: Span;
  code: Code;
  message: string;
  related: RelatedLocation[];
  subject: string;
  /** A close existing name for a misspelt one: the fix replaces `span`'s text with it. */
  suggestion?: { span: Span; name: string };
}

export function subjectOf(resource: Resource, path: string): string {
  return path === '' ? describeResource(resource) : `${describeResource(resource)} ${path}`;
}

export function finding(
  resource: Resource,
  path: string,
  span: Span,
  code: Code,
  message: string,
  related: RelatedLocation[] = [],
): Finding {
  return {
    fileId: resource.fileId,
    span,
    code,
    message: own(message),
    related,
    subject: own(subjectOf(resource, path)),
  };
}

/** Attaches a did-you-mean replacement for the name at `span`, when there is one. */
export function withSuggestion(f: Finding, span: Span, name: string | undefined): Finding {
  if (name !== undefined) f.suggestion = { span, name };
  return f;
}

/** The closest name by edit distance, for "did you mean" hints; undefined when nothing is close. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(2, Math.floor(name.length / 3));
  for (const c of candidates) {
    if (c === name) continue;
    const d = editDistance(name, c, limit);
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

export function didYouMean(suggestion: string | undefined): string {
  return suggestion ? ` Did you mean "${suggestion}"?` : '';
}
