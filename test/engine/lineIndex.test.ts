// `LineIndex.afterEdit` (the index of an edited text made from the index before the edit, every
// keystroke) must be the index a fresh `LineIndex` makes of the edited text: same line starts,
// so the same position for every offset and the same offset for every position.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { LineIndex } from '../../server/src/engine/lineIndex';
import { pointAt } from '../../server/src/documents';

/** Every offset's position, every line's start and end: what a wrong line start would change. */
function shape(index: LineIndex, text: string): string {
  const out: string[] = [`lines ${index.lineCount}`];
  for (let o = 0; o <= text.length + 1; o++) {
    const p = index.positionAt(o);
    out.push(`${o}:${p.line}:${p.character}`);
  }
  for (let line = 0; line < index.lineCount; line++) out.push(`${line}@${index.offsetAt({ line, character: 0 })}-${index.lineEndOffset(line)}`);
  return out.join(' ');
}

const alphabet = ['a', 'b', ' ', '\n', '\r', '\r\n', '#', 'é', '😀'];
const textArb = fc.array(fc.constantFrom(...alphabet), { maxLength: 30 }).map((parts) => parts.join(''));

describe('LineIndex.afterEdit', () => {
  test('equals a fresh index of the edited text, for any edit', () => {
    fc.assert(
      fc.property(textArb, fc.nat(), fc.nat(), textArb, (before, a, b, inserted) => {
        const prefix = Math.min(a, b) % (before.length + 1);
        const oldEnd = Math.max(prefix, Math.max(a, b) % (before.length + 1));
        const after = before.slice(0, prefix) + inserted + before.slice(oldEnd);
        const edited = LineIndex.afterEdit(new LineIndex(before), after, prefix, oldEnd, prefix + inserted.length);
        assert.equal(shape(edited, after), shape(new LineIndex(after), after));
      }),
      { numRuns: 3000 },
    );
  });

  test('a character typed moves the lines after it, and a chain of edits stays exact', () => {
    let text = 'import os\n\ndef f():\n    return 1\n';
    let index = new LineIndex(text);
    const edits: [number, number, string][] = [
      [11, 11, 'x'],
      [0, 1, ''],
      [5, 5, 'yy'],
      [text.length - 3, text.length - 3, '\n'],
      [3, 8, 'z'],
    ];
    for (const [start, end, insert] of edits) {
      const after = text.slice(0, start) + insert + text.slice(end);
      index = LineIndex.afterEdit(index, after, start, end, start + insert.length);
      text = after;
      assert.equal(shape(index, text), shape(new LineIndex(text), text));
    }
    assert.equal(text.slice(0, 12), 'mpozos\n\nxdef');
    assert.deepEqual(index.positionAt(text.indexOf('def')), { line: 2, character: 1 });
  });

  test('a text with a carriage return is indexed afresh (a lone \\r joined to a \\n is one break)', () => {
    const before = 'a\rX\nb';
    const after = 'a\r\nb';
    const index = LineIndex.afterEdit(new LineIndex(before), after, 2, 3, 2);
    assert.equal(index.lineCount, 2);
    assert.deepEqual(index.positionAt(3), { line: 1, character: 0 });
  });
});

describe('LineIndex.pointAt', () => {
  test("is documents.ts's pointAt (tree-sitter's rows and columns) for a text without \\r, and gives none with one", () => {
    fc.assert(
      fc.property(textArb, fc.nat(), (text, n) => {
        const offset = n % (text.length + 1);
        const got = new LineIndex(text).pointAt(offset);
        if (text.includes('\r')) assert.equal(got, undefined);
        else assert.deepEqual(got, pointAt(text, offset));
      }),
      { numRuns: 3000 },
    );
  });
});
