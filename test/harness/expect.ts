// Expectation files: text the tests compare verbatim. UPDATE_EXPECT=1 rewrites expect.md files;
// UPDATE_EXPECT=markers also rewrites the diagnostic markers in fixture YAML from the actual output
// (which would bless a wrong result: review the diff). Never on CI.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';

const mode = process.env['CI'] ? undefined : process.env['UPDATE_EXPECT'];
export const updating = mode === '1' || mode === 'markers';
export const updatingMarkers = mode === 'markers';

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
  assert.equal(
    actual,
    expected,
    `${what} differs from ${file}; run UPDATE_EXPECT=1 npm test to accept the new output after reviewing it`,
  );
}
