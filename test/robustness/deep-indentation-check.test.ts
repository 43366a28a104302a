// parser.ts's fast test for lines indented past CPython's 100 levels answers as the regular
// expression it replaced, on texts built around the limit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasDeepIndentation, MAX_INDENT_LEVELS } from '../../server/src/parser';
import { seededRandom as random } from '../helpers/typedDocument';

const SPEC = new RegExp(`(^|[\\r\\n])[ \\t\\f]{${MAX_INDENT_LEVELS},}\\S`);

describe('hasDeepIndentation', () => {
  it('answers as the regular expression on lines around the limit', () => {
    const next = random(100);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
    const indentation = [' ', ' ', ' ', '\t', '\f'];
    const other = ['x', '#', '\n', '\r', '\r\n', '\u00a0', '\v', '(', ' '];
    for (let n = 0; n < 20000; n++) {
      let text = '';
      const pieces = 1 + Math.floor(next() * 4);
      for (let p = 0; p < pieces; p++) {
        const width = MAX_INDENT_LEVELS - 3 + Math.floor(next() * 6);
        if (next() < 0.6) text += pick(['', '\n', '\r\n', '\r', 'a = 1\n']);
        for (let i = 0; i < width; i++) text += next() < 0.97 ? pick(indentation) : pick(other);
        text += pick(other) + pick(['', 'y', 'pass']);
      }
      assert.equal(hasDeepIndentation(text), SPEC.test(text), JSON.stringify(text));
    }
  });

  it('finds a deep line at the start, in the middle and at the end of a large text', () => {
    const deep = `${' '.repeat(MAX_INDENT_LEVELS)}x`;
    const shallow = 'def f():\n    return 1\n'.repeat(2000);
    for (const text of [deep + '\n' + shallow, shallow + deep + '\n' + shallow, shallow + deep, shallow, shallow + ' '.repeat(MAX_INDENT_LEVELS)]) {
      assert.equal(hasDeepIndentation(text), SPEC.test(text));
    }
  });
});
