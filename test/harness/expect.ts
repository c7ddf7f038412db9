// Expectation files: text the tests compare verbatim, rewritten with UPDATE_EXPECT=1 (never on CI).

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';

export const updating = process.env['UPDATE_EXPECT'] === '1' && !process.env['CI'];

export function readOr(file: string, fallback: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

/** Compares `actual` with the file's content; rewrites the file instead when updating. */
export function expectFile(file: string, actual: string, what: string): void {
  const expected = readOr(file, '');
  if (updating) {
    if (expected !== actual) writeFileSync(file, actual);
    return;
  }
  assert.equal(actual, expected, `${what} differs from ${file}; run UPDATE_EXPECT=1 npm test to accept the new output after reviewing it`);
}
