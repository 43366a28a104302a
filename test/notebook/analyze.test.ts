// A notebook's code cells checked as one module, in process: exact findings in cell
// coordinates, names bound across cells, cells that do not parse kept from swallowing the ones
// after them, the policy's say over escapes, and fixes that edit two cells at once.
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Finding } from '../../server/src/engine';
import { analyzeNotebook } from '../../server/src/notebook/analyze';
import { fixNotebook } from '../../server/src/notebook/fix';
import { createPythonParser, type PythonParser } from '../../server/src/parser';
import { defaultPolicy, loadPolicyText } from '../../server/src/policy/file/load';
import type { Policy } from '../../server/src/policy/types';

let parser: PythonParser;
before(async () => {
  parser = await createPythonParser();
});

const STRICT = "not allowed by policy 'strict'";

/** `cell:line:col-line:col CODE message`, 1-based cell numbers, lines and columns. */
function check(cells: string[], policy: Policy = defaultPolicy('strict'), filePath?: string): string[] {
  const { module, findings } = analyzeNotebook(parser, cells, policy, filePath === undefined ? {} : { filePath });
  return findings.map((f: Finding) => {
    const { cell, range } = module.toCellRange(f.range);
    return `${cell + 1}:${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1} ${f.code} ${f.message}`;
  });
}

function policyFile(text: string): Policy {
  const result = loadPolicyText('/project/padded-cell.toml', text);
  assert.deepEqual(result.errors, []);
  return result.policy;
}

describe('analyzeNotebook', () => {
  test('a module imported in the first cell is that module in the third', () => {
    assert.deepEqual(check(['import os\n', 'x = 1', 'os.system("ls")']), [
      `1:1:8-1:10 PC101 import of 'os' is not allowed by policy 'strict'`,
      `3:1:1-1:10 PC502 'os.system' runs a host command; ${STRICT}`,
    ]);
    // Alone, the third cell's `os` is a global the host would have to provide, and `system` a
    // command-running method of it.
    assert.deepEqual(check(['os.system("ls")']), [`1:1:1-1:10 PC502 'os.system' is a command-running method of an object the host provides; it runs a host command; ${STRICT}`]);
  });

  test('an alias made in one cell is followed in the next', () => {
    assert.deepEqual(check(['run = eval', 'run("1 + 1")']), [
      `1:1:7-1:11 PC301 'eval' runs code built at run time; ${STRICT}`,
      `2:1:1-1:4 PC301 'eval' (as 'run') runs code built at run time; ${STRICT}`,
    ]);
  });

  test('a cell left with an open string does not swallow the cells after it', () => {
    // Jupyter compiles each cell alone: the first fails and never runs; the second runs.
    assert.deepEqual(check(['s = """', 'import os\nos.system("rm -rf /")']), [
      `2:1:8-1:10 PC101 import of 'os' is not allowed by policy 'strict'`,
      `2:2:1-2:10 PC502 'os.system' runs a host command; ${STRICT}`,
    ]);
  });

  test('a cell that does not parse is still checked, on its own', () => {
    assert.deepEqual(check(['x = 1', 'eval(data) +']), [`2:1:1-1:5 PC301 'eval' runs code built at run time; ${STRICT}`]);
  });

  test('CRLF and lone CR cells: positions are the cell’s own lines', () => {
    assert.deepEqual(check(['a = 1\r\nb = 2\r', 'x = 1\r\ny = eval(z)']), [`2:2:5-2:9 PC301 'eval' runs code built at run time; ${STRICT}`]);
  });

  test('escapes are PC502 under the policy: its severity, off, and per-file ignores', () => {
    const cells = ['!ls', '%run other.py'];
    assert.deepEqual(check(cells), [
      `1:1:1-1:4 PC502 shell escape '!ls' runs a host command; ${STRICT}`,
      `2:1:1-1:5 PC502 IPython magic '%run' is a command to the notebook host, outside what the policy checks; ${STRICT}`,
    ]);
    const off = policyFile('[rules]\nPC502 = "off"');
    assert.deepEqual(check(cells, off), []);
    const ignored = policyFile('[per-file-ignores]\n"notebooks/**" = ["PC502"]');
    assert.deepEqual(check(cells, ignored, '/project/notebooks/a.ipynb'), []);
    assert.equal(check(cells, ignored, '/project/other/a.ipynb').length, 2);
  });
});

describe('fixNotebook', () => {
  const allowsAst = (): Policy => policyFile('extends = "strict"\nallow-modules = ["ast", "json"]');

  test('an unsafe fix across cells: import ast at the top of the first, literal_eval in the second', () => {
    const result = fixNotebook(parser, ['"""Doc."""\nimport json\n', 'x = eval(s)'], allowsAst(), { unsafe: true });
    assert.deepEqual(result.sources, ['"""Doc."""\nimport ast\nimport json\n', 'x = ast.literal_eval(s)']);
    assert.equal(result.applied, 1);
    assert.equal(result.problem, undefined);
    assert.deepEqual(result.final.findings, []);
  });

  test('without --unsafe-fixes, only safe fixes; escapes are never edited', () => {
    const cells = ['!ls\nx = eval(s)', 'while True:\n    try:\n        pass\n    except:\n        continue'];
    const result = fixNotebook(parser, cells, allowsAst(), { unsafe: false });
    assert.deepEqual(result.sources, [cells[0], 'while True:\n    try:\n        pass\n    except Exception:\n        continue']);
    assert.equal(result.applied, 1);
  });
});
