// Reading .ipynb files, writing back changed cell sources with every other byte as it was, and
// mapping cell positions to the file's own lines (for SARIF).
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CellFileLocator, pythonCodeCells, readNotebook, replaceCellSources, sourceLines, type NotebookFile } from '../../server/src/notebook/ipynb';
import { parseJsonWithLocations } from '../../server/src/notebook/jsonLocations';

/** A notebook as Jupyter writes it: `indent=1`, keys sorted, a newline at the end. */
function jupyter(cells: { cell_type: string; source: string[] | string; metadata?: object }[], metadata: object = { language_info: { name: 'python' } }): string {
  const full = cells.map((c) => ({ cell_type: c.cell_type, metadata: c.metadata ?? {}, source: c.source, ...(c.cell_type === 'code' ? { execution_count: null, outputs: [] } : {}) }));
  return JSON.stringify({ cells: full, metadata, nbformat: 4, nbformat_minor: 5 }, null, 1) + '\n';
}

function read(text: string): NotebookFile {
  const result = readNotebook(text);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.notebook;
}

describe('readNotebook', () => {
  test('code and markdown cells, sources joined from their lines', () => {
    const notebook = read(jupyter([{ cell_type: 'code', source: ['import os\n', 'x = 1'] }, { cell_type: 'markdown', source: '# Title' }]));
    assert.deepEqual(
      notebook.cells.map((c) => [c.index, c.cellType, c.source]),
      [
        [0, 'code', 'import os\nx = 1'],
        [1, 'markdown', '# Title'],
      ],
    );
    assert.deepEqual(
      pythonCodeCells(notebook).map((c) => c.index),
      [0],
    );
  });

  const errors: [string, string, string][] = [
    ['invalid JSON, with where', '{"cells": [\n  {"cell_type": "code"\n', 'not a valid notebook: invalid JSON at line 3, column 1: unexpected end of JSON (expected \',\' or \'}\')'],
    ['a trailing comma is not JSON', '{"cells": [],}', "not a valid notebook: invalid JSON at line 1, column 14: expected a string, found '}'"],
    ['not an object', '[1, 2]', 'not a valid notebook: the JSON is not an object'],
    ['nbformat 3', '{"nbformat": 3, "worksheets": []}', "nbformat 3 notebooks are not supported; convert it with 'jupyter nbconvert --to notebook'"],
    ['no cells', '{"nbformat": 4, "metadata": {}}', "not a valid notebook: no 'cells' list"],
    ['a source of numbers', '{"cells": [{"cell_type": "code", "source": [1]}]}', 'not a valid notebook: the source of cell 1 is neither a string nor a list of strings'],
    ['a cell without a source', '{"cells": [{"cell_type": "code"}]}', "not a valid notebook: cell 1 has no 'cell_type' or 'source'"],
  ];
  for (const [name, text, message] of errors) {
    test(`error: ${name}`, () => {
      assert.deepEqual(readNotebook(text), { ok: false, message });
    });
  }

  test('cells in another language are not Python code cells', () => {
    const r = read(jupyter([{ cell_type: 'code', source: 'x <- 1' }], { kernelspec: { language: 'R' } }));
    assert.deepEqual(pythonCodeCells(r), []);
    // VS Code records a cell's own language; it wins over the kernel's.
    const mixed = read(jupyter([{ cell_type: 'code', source: 'SELECT 1', metadata: { vscode: { languageId: 'sql' } } }, { cell_type: 'code', source: 'x = 1' }]));
    assert.deepEqual(
      pythonCodeCells(mixed).map((c) => c.index),
      [1],
    );
  });

  test('a file nested a hundred thousand arrays deep is an error, not a stack overflow', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    assert.equal(parseJsonWithLocations(deep).ok, true);
    assert.deepEqual(readNotebook(deep), { ok: false, message: 'not a valid notebook: the JSON is not an object' });
  });
});

describe('replaceCellSources', () => {
  test('only the changed cell’s source list is rewritten, in the file’s layout; the rest is byte for byte', () => {
    const text = jupyter([
      { cell_type: 'code', source: ['import json\n', 'x = 1'] },
      { cell_type: 'markdown', source: ['Ünïcode ☕ stays\n'] },
      { cell_type: 'code', source: ['y = eval("[1]")'] },
    ]);
    const notebook = read(text);
    const out = replaceCellSources(notebook, new Map([[2, 'import ast\ny = ast.literal_eval("[1]")']]));
    const expected = text.replace('   "source": [\n    "y = eval(\\"[1]\\")"\n   ]', '   "source": [\n    "import ast\\n",\n    "y = ast.literal_eval(\\"[1]\\")"\n   ]');
    assert.notEqual(expected, text);
    assert.equal(out, expected);
    // Unchanged sources: nothing is rewritten at all.
    assert.equal(replaceCellSources(notebook, new Map([[0, 'import json\nx = 1']])), text);
  });

  test('a source written as one string stays one string; an empty list gets Jupyter’s layout', () => {
    const text = '{\n "cells": [\n  {"cell_type": "code", "source": "a = 1\\nb = 2"},\n  {\n   "cell_type": "code",\n   "source": []\n  }\n ]\n}\n';
    const notebook = read(text);
    const out = replaceCellSources(
      notebook,
      new Map([
        [0, 'a = 1\nb = 3'],
        [1, 'c = 1\n'],
      ]),
    );
    assert.equal(out, '{\n "cells": [\n  {"cell_type": "code", "source": "a = 1\\nb = 3"},\n  {\n   "cell_type": "code",\n   "source": [\n    "c = 1\\n"\n   ]\n  }\n ]\n}\n');
  });

  test('lines as nbformat splits them: each keeps its line break, the last may have none', () => {
    assert.deepEqual(sourceLines('a\nb\r\nc\rd'), ['a\n', 'b\r\n', 'c\r', 'd']);
    assert.deepEqual(sourceLines('a\n'), ['a\n']);
    assert.deepEqual(sourceLines(''), []);
  });
});

describe('CellFileLocator', () => {
  test('a cell position is where that character is written in the file, escapes counted', () => {
    const text = jupyter([{ cell_type: 'markdown', source: ['skip'] }, { cell_type: 'code', source: ['s = "\\t"\n', 'import os'] }]);
    const notebook = read(text);
    const locator = new CellFileLocator(notebook);
    const lines = text.split('\n');
    // `import os` is the second string of cell 2; `os` starts after `    "import `.
    const at = locator.toFile(1, { line: 1, character: 7 })!;
    assert.equal(lines[at.line].slice(at.character, at.character + 2), 'os');
    // Line 1 is `s = "\t"` (a backslash and a t), written `s = \"\\t\"`: each escape is two characters.
    const backslash = locator.toFile(1, { line: 0, character: 5 })!;
    assert.equal(lines[backslash.line].slice(backslash.character, backslash.character + 3), '\\\\t');
    const closing = locator.toFile(1, { line: 0, character: 7 })!;
    assert.equal(lines[closing.line].slice(closing.character, closing.character + 2), '\\"');
  });
});
