// Positions and offsets as LSP defines them: UTF-16 columns, LF, CRLF and lone CR breaks, and
// out-of-range positions from a client clamped to the line (a character past the end falls back to
// the line's end) or to the text; and the ranges diagnostics underline, which stay on one line.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LineIndex } from '../server/src/core/text/lineIndex.js';

describe('LineIndex', () => {
  for (const [name, text] of [
    ['LF', 'ab\ncd\n'],
    ['CRLF', 'ab\r\ncd\r\n'],
    ['lone CR', 'ab\rcd\r'],
  ] as const) {
    test(`${name}: offsets and positions round-trip; a character past the end stays on its line`, () => {
      const lines = LineIndex.of(text);
      const second = text.indexOf('c');
      assert.equal(lines.offset({ line: 1, character: 1 }), second + 1);
      assert.deepEqual(lines.position(second + 1), { line: 1, character: 1 });
      assert.equal(lines.position(lines.offset({ line: 0, character: 10 })).line, 0);
      assert.equal(lines.position(lines.offset({ line: 1, character: 10 })).line, 1);
      assert.equal(lines.offset({ line: 9, character: 0 }), text.length);
      assert.equal(lines.offset({ line: -1, character: 5 }), 0);
    });
  }

  test('the last line without a break ends at the text', () => {
    assert.equal(LineIndex.of('ab\ncd').offset({ line: 1, character: 10 }), 5);
  });

  for (const [name, br] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['lone CR', '\r'],
  ] as const) {
    test(`${name}: a span over several lines underlines its first line up to its last character`, () => {
      const text = ['refs:', '  - name: web \t', '    port: 80', ''].join(br);
      const lines = LineIndex.of(text);
      const start = text.indexOf('name');
      assert.deepEqual(lines.underline(start, text.indexOf('80') + 2), {
        start: { line: 1, character: 4 },
        end: { line: 1, character: 13 },
      });
      // A span that ends at the next line's start (its line break included) is cut the same way.
      assert.deepEqual(lines.underline(start, text.indexOf('    port')).end, { line: 1, character: 13 });
      // One line: exactly the span, spaces included.
      assert.deepEqual(lines.underline(start, start + 10), lines.range(start, start + 10));
      // Nothing after the start on its line: the span as it is.
      const blank = text.indexOf(' \t') + 1;
      assert.deepEqual(lines.underline(blank, text.length), lines.range(blank, text.length));
    });
  }
});
