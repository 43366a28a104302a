import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TYPED_STATEMENT, typingEdits } from '../../bench/keystrokeEdits';

const SOURCE = 'import math\n\n\ndef area(r):\n    squared = r * r\n    return math.pi * squared\n';

test('typingEdits types the statement on a new line after a statement of a block, then deletes it', () => {
  const edits = [...typingEdits(SOURCE, 1)];
  // The only statement followed by one at its indentation: `squared = r * r` (line 5).
  const place = SOURCE.indexOf('r * r') + 'r * r'.length;
  const line = `\n    ${TYPED_STATEMENT}`;
  // One edit a character typed, less the three closers typed over; one a character deleted.
  assert.equal(edits.length, line.length - 3 + line.length);
  const typed = edits[line.length - 3 - 1].after;
  assert.equal(typed, `${SOURCE.slice(0, place)}${line}${SOURCE.slice(place)}`);
  // An opening bracket comes with its closer, as VS Code's auto-closing inserts it.
  const bracket = edits.find((e) => e.text.startsWith('('));
  assert.deepEqual(bracket && { text: bracket.text, start: bracket.start }, { text: '()', start: place + line.indexOf('(') });
  assert.equal(edits[edits.length - 1].after, SOURCE);
  // Each edit applies to the text the previous one left.
  let text = SOURCE;
  for (const e of edits) {
    text = text.slice(0, e.start) + e.text + text.slice(e.end);
    assert.equal(text, e.after);
  }
});

test('typingEdits makes no edits in a text without a statement inside a block', () => {
  assert.deepEqual([...typingEdits('x = 1\ny = 2\n', 3)], []);
});
