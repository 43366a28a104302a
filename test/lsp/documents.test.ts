// The document store keeps one tree per document and reparses incrementally. The invariant:
// after any sequence of LSP edits, text and tree equal a fresh parse of the edited text —
// including node offsets, for CRLF, lone CR and non-ASCII (surrogate pair) text.
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { createPythonParser, type PythonParser, type Tree } from '../../server/src/parser';
import { DocumentStore, pointAt, treeEditFor } from '../../server/src/documents';
import { LineIndex } from '../../server/src/engine';

let parser: PythonParser;
before(async () => {
  parser = await createPythonParser();
});

/** Every node with its type and offsets, walked with a cursor. */
function shape(tree: Tree): string {
  const out: string[] = [];
  const cursor = tree.rootNode.walk();
  let depth = 0;
  for (;;) {
    const n = cursor.currentNode;
    out.push(`${depth}:${n.type}[${n.startIndex},${n.endIndex}](${n.startPosition.row}:${n.startPosition.column}-${n.endPosition.row}:${n.endPosition.column})${n.isMissing ? '!' : ''}`);
    if (cursor.gotoFirstChild()) {
      depth++;
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        cursor.delete();
        return out.join('\n');
      }
      depth--;
    }
  }
}

function freshShape(text: string): string {
  const tree = parser.parse(text);
  try {
    return shape(tree);
  } finally {
    tree.delete();
  }
}

const URI = 'file:///plugin.py';

describe('DocumentStore', () => {
  test('open, get, close', () => {
    const store = new DocumentStore(parser);
    store.open(URI, 'python', 3, 'x = 1\n');
    assert.deepEqual(store.get(URI), { uri: URI, languageId: 'python', version: 3, text: 'x = 1\n' });
    assert.deepEqual(store.uris(), [URI]);
    assert.equal(store.close(URI), true);
    assert.equal(store.get(URI), undefined);
    assert.equal(store.close(URI), false);
    assert.equal(store.change(URI, 4, [{ text: 'y' }]), false);
  });

  test('an incremental edit across CRLF and a surrogate pair gives the fresh tree', () => {
    const store = new DocumentStore(parser);
    store.open(URI, 'python', 1, '# café ☕ 😀\r\nvalue = "naïve 😀"; eval("1")\r\n');
    store.tree(URI);
    assert.ok(store.change(URI, 2, [
      { range: { start: { line: 1, character: 20 }, end: { line: 1, character: 24 } }, text: 'open' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'import os\r\n' },
      { range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, text: '' },
    ]));
    const text = 'import os\r\nvalue = "naïve 😀"; open("1")\r\n';
    assert.deepEqual(store.get(URI), { uri: URI, languageId: 'python', version: 2, text });
    assert.equal(shape(store.tree(URI)!), freshShape(text));
  });

  test('a full-text change replaces the tree', () => {
    const store = new DocumentStore(parser);
    store.open(URI, 'python', 1, 'def f(:\n');
    store.tree(URI);
    store.change(URI, 2, [{ text: 'x = 1\n' }]);
    assert.equal(shape(store.tree(URI)!), freshShape('x = 1\n'));
  });

  test('a malformed change throws, keeps the changes before it, and leaves a consistent tree', () => {
    const store = new DocumentStore(parser);
    store.open(URI, 'python', 1, 'x = 1\n');
    store.tree(URI);
    const at = { line: 0, character: 0 };
    assert.throws(
      () => store.change(URI, 2, [{ range: { start: at, end: at }, text: 'import os\n' }, { range: { start: at, end: at }, text: ['a', 'b'] as unknown as string }]),
      /Unknown change event received/,
    );
    assert.equal(store.get(URI)!.text, 'import os\nx = 1\n');
    assert.equal(shape(store.tree(URI)!), freshShape('import os\nx = 1\n'));
  });

  test('tree-sitter points count only \\n as a row break, columns in UTF-16 units', () => {
    assert.deepEqual(pointAt('a\r\nb😀c', 6), { row: 1, column: 3 });
    assert.deepEqual(pointAt('a\rb', 2), { row: 0, column: 2 });
    assert.deepEqual(pointAt('', 0), { row: 0, column: 0 });
  });

  test('random edit sequences keep text and tree equal to a fresh parse', () => {
    const pieces = ['x', ' ', '\n', '\r\n', '\r', '😀', 'é', '(', ')', ':', 'def f', 'import os', 'eval("1")', '"', '#', '    ', 'if a:\n    b\n'];
    const textArb = fc.array(fc.constantFrom(...pieces), { maxLength: 20 }).map((a) => a.join(''));
    const editArb = fc.record({ a: fc.nat(), b: fc.nat(), text: textArb });
    fc.assert(
      fc.property(textArb, fc.array(fc.array(editArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }), (initial, batches) => {
        const store = new DocumentStore(parser);
        let expected = initial;
        store.open(URI, 'python', 1, initial);
        store.tree(URI);
        let version = 1;
        for (const batch of batches) {
          const changes = batch.map(({ a, b, text }) => {
            // LSP cannot address the gap inside CRLF; snap such offsets to before the CR.
            const snap = (o: number): number => (expected[o - 1] === '\r' && expected[o] === '\n' ? o - 1 : o);
            const start = snap(Math.min(a, b) % (expected.length + 1));
            const end = snap(Math.max(start, Math.max(a, b) % (expected.length + 1)));
            const lines = new LineIndex(expected);
            const change = { range: { start: lines.positionAt(start), end: lines.positionAt(end) }, text };
            const after = expected.slice(0, start) + text + expected.slice(end);
            // The edit's points only move the old tree's nodes (a reparse recomputes them), so
            // the tree comparison below cannot see a wrong point: check them against the texts.
            // It may take in the other half of a surrogate pair it touches, one unit each side.
            const edit = treeEditFor(expected, start, end, text);
            const widenedBy = [start - edit.startIndex, edit.oldEndIndex - end];
            assert.ok(widenedBy.every((w) => w === 0 || w === 1), `widened by ${widenedBy}`);
            assert.equal(edit.newEndIndex - edit.startIndex, text.length + widenedBy[0] + widenedBy[1]);
            assert.equal(expected.slice(0, edit.startIndex) + after.slice(edit.startIndex, edit.newEndIndex) + expected.slice(edit.oldEndIndex), after);
            assert.deepEqual(edit, {
              startIndex: edit.startIndex,
              oldEndIndex: edit.oldEndIndex,
              newEndIndex: edit.newEndIndex,
              startPosition: pointAt(expected, edit.startIndex),
              oldEndPosition: pointAt(expected, edit.oldEndIndex),
              newEndPosition: pointAt(after, edit.newEndIndex),
            });
            expected = after;
            return change;
          });
          store.change(URI, ++version, changes);
          assert.equal(store.get(URI)!.text, expected);
          assert.equal(shape(store.tree(URI)!), freshShape(expected));
        }
        store.dispose();
      }),
      { numRuns: 150 },
    );
  });
});
