// IPython's escapes in a cell: what the parser gets instead (same length, so every other
// position is unchanged) and what is reported, as a list of cases.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { blankIPythonEscapes } from '../../server/src/notebook/ipython';

interface Case {
  name: string;
  cell: string;
  parsed: string;
  /** kind, line, start, end, display */
  escapes: [string, number, number, number, string][];
  foreign?: boolean;
}

const cases: Case[] = [
  { name: 'no escape: the cell as it is', cell: 'x = 10 % 3\ny = not x', parsed: 'x = 10 % 3\ny = not x', escapes: [] },
  { name: 'a shell escape becomes a placeholder statement', cell: '!ls -la\nx = 1', parsed: '0      \nx = 1', escapes: [['shell', 0, 0, 7, '!ls -la']] },
  { name: '!! (captured shell) is a shell escape too', cell: '!!pip list', parsed: '0         ', escapes: [['shell', 0, 0, 10, '!!pip list']] },
  { name: 'assigned from the shell: the right-hand side goes', cell: 'files = !ls *.py', parsed: 'files = 0       ', escapes: [['shell', 0, 8, 16, '!ls *.py']] },
  { name: 'an indented escape keeps its block a block', cell: 'for f in files:\n    !rm $f\n', parsed: 'for f in files:\n    0     \n', escapes: [['shell', 1, 4, 10, '!rm $f']] },
  { name: 'a line magic', cell: '%matplotlib inline\nimport json', parsed: '0                 \nimport json', escapes: [['magic', 0, 0, 11, '%matplotlib']] },
  { name: 'shell line magics', cell: 'out = %sx ls\n%system rm x', parsed: 'out = 0     \n0           ', escapes: [['shell', 0, 6, 9, '%sx'], ['shell', 1, 0, 7, '%system']] },
  {
    name: '%time keeps the statement it runs, behind pass;',
    cell: '%time os.system("x")',
    parsed: 'pass; os.system("x")',
    escapes: [['magic', 0, 0, 5, '%time']],
  },
  { name: '%timeit options and their values are not the statement', cell: '%timeit -n 10 -r3 -q f()', parsed: `pass;${' '.repeat(16)}f()`, escapes: [['magic', 0, 0, 7, '%timeit']] },
  { name: 'a shell cell magic blanks the whole cell', cell: '%%bash\nrm -rf /\n', parsed: '      \n        \n', escapes: [['shell', 0, 0, 6, '%%bash']], foreign: true },
  { name: 'a script cell magic runs a host program', cell: '\n%%script perl\nprint 1', parsed: '\n             \n       ', escapes: [['shell', 1, 0, 8, '%%script']], foreign: true },
  { name: 'a non-Python cell magic: not parsed, reported as a magic', cell: '%%javascript\nalert(1)', parsed: '            \n        ', escapes: [['magic', 0, 0, 12, '%%javascript']], foreign: true },
  {
    name: '%%timeit keeps its setup statement and its body',
    cell: '%%timeit -n 5 import os\nos.system("a")',
    parsed: 'pass;         import os\nos.system("a")',
    escapes: [['magic', 0, 0, 8, '%%timeit']],
  },
  { name: '%%capture: the first line goes, the body is Python', cell: '%%capture out\n!ls\nx = 1', parsed: '             \n0  \nx = 1', escapes: [['magic', 0, 0, 9, '%%capture'], ['shell', 1, 0, 3, '!ls']] },
  { name: '%% below the first line is no cell magic, and not Python', cell: 'x = 1\n%%bash', parsed: 'x = 1\n0     ', escapes: [['magic', 1, 0, 6, '%%bash']] },
  { name: 'inside a triple-quoted string nothing is an escape', cell: 's = """\n!not a command\n%neither\n"""\n!ls', parsed: 's = """\n!not a command\n%neither\n"""\n0  ', escapes: [['shell', 4, 0, 3, '!ls']] },
  { name: 'inside brackets % is the operator', cell: 'x = (10\n% 3)\ny = [1,\n!2]', parsed: 'x = (10\n% 3)\ny = [1,\n!2]', escapes: [] },
  { name: 'after a backslash continuation the line goes on', cell: 'y = 1 \\\n!z', parsed: 'y = 1 \\\n!z', escapes: [] },
  { name: 'a comment with a quote does not open a string', cell: "# it's fine\n!ls", parsed: "# it's fine\n0  ", escapes: [['shell', 1, 0, 3, '!ls']] },
  { name: 'CRLF line breaks are kept', cell: '!ls\r\nx = 1\r\n', parsed: '0  \r\nx = 1\r\n', escapes: [['shell', 0, 0, 3, '!ls']] },
  { name: 'a long command is shortened in the message', cell: `!${'a'.repeat(60)}`, parsed: `0${' '.repeat(60)}`, escapes: [['shell', 0, 0, 61, `!${'a'.repeat(38)}…`]] },
];

describe('blankIPythonEscapes', () => {
  for (const c of cases) {
    test(c.name, () => {
      const result = blankIPythonEscapes(c.cell);
      assert.equal(result.text, c.parsed);
      assert.equal(result.text.length, c.cell.length, 'same length');
      assert.deepEqual(
        result.escapes.map((e) => [e.kind, e.line, e.startCharacter, e.endCharacter, e.display]),
        c.escapes,
      );
      assert.equal(result.foreign, c.foreign ?? false);
    });
  }
});
