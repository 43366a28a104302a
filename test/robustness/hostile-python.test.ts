// Hostile and huge Python: each input must be analysed without an exception, a PC000, a hang or
// a stack overflow, and positions must stay exact. Time bounds are generous: they catch hangs,
// not slow machines.
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createPythonParser, type PythonParser } from '../../server/src/parser';
import { analyzeSource, type Finding } from '../../server/src/engine';
import { presetPolicy } from '../../server/src/policy/fromPreset';

let parser: PythonParser;
before(async () => {
  parser = await createPythonParser();
});

const HANG_BOUND_MS = 120_000;

function analyze(source: string): Finding[] {
  return analyzeSource(parser, source, presetPolicy('strict'));
}

/** Every range inside the document, start before end, no analysis error. */
function assertSane(source: string, findings: Finding[]): void {
  const lines = source.split(/\r\n|\r|\n/);
  for (const f of findings) {
    assert.notEqual(f.code, 'PC000', f.message);
    const { start, end } = f.range;
    assert.ok(start.line < lines.length && end.line < lines.length, `range beyond the last line: ${JSON.stringify(f.range)}`);
    assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `unordered range ${JSON.stringify(f.range)}`);
    assert.ok(end.character <= lines[end.line].length, `range beyond the end of line ${end.line}`);
  }
}

function codes(findings: Finding[]): string[] {
  return [...new Set(findings.map((f) => f.code))].sort();
}

describe('deeply nested input', { timeout: HANG_BOUND_MS }, () => {
  const cases: [string, string][] = [
    ['100,000 nested parentheses', 'x = ' + '('.repeat(100_000) + '1' + ')'.repeat(100_000) + '\n'],
    ['100,000 nested brackets', 'x = ' + '['.repeat(100_000) + '1' + ']'.repeat(100_000) + '\n'],
    ['100,000 unary minus', 'x = ' + '-'.repeat(100_000) + '1\n'],
    ['10,000 nested lambdas', 'f = ' + 'lambda: '.repeat(10_000) + 'eval\n'],
    ['10,000 nested calls', 'x = ' + 'f('.repeat(10_000) + 'eval' + ')'.repeat(10_000) + '\n'],
    ['100,000-term sum', 'x = ' + Array(100_000).fill('1').join(' + ') + '\n'],
    ['100,000-element list', 'x = [' + Array(100_000).fill('1').join(', ') + ']\n'],
    ['100,000-element dict', 'x = {' + Array.from({ length: 100_000 }, (_, i) => `${i}: ${i}`).join(', ') + '}\n'],
    ['10,000 string concatenations', 'n = ' + Array(10_000).fill('"_"').join(' + ') + '\ngetattr(x, n)\n'],
    ['a format string with 100,000 fields', 'x = "' + '{0.a}'.repeat(100_000) + '".format(y)\n'],
  ];
  for (const [name, source] of cases) {
    test(name, () => {
      const findings = analyze(source);
      assertSane(source, findings);
    });
  }

  test('an alias inside 99 nested functions (within Python\'s limit) is still found', () => {
    const source = Array.from({ length: 99 }, (_, i) => ' '.repeat(i) + `def f${i}():\n`).join('') + ' '.repeat(99) + 'return eval\n';
    const findings = analyze(source);
    assertSane(source, findings);
    assert.deepEqual(
      findings.filter((f) => f.code === 'PC301').map((f) => f.range),
      [{ start: { line: 99, character: 106 }, end: { line: 99, character: 110 } }],
    );
  });

  test('an alias chain deeper than the resolver follows, read before it is written, blinds nothing', () => {
    // Each link doubles the ways to reach `eval`; without memoising within a question this spent
    // the resolver's whole budget and every later name in the file resolved to "unknown".
    const source =
      'print(x300)\nx0 = eval\n' +
      Array.from({ length: 300 }, (_, i) => `x${i + 1} = x${i} if c else x${i}\n`).join('') +
      'g = getattr\ng(x, "__class__")\n';
    const findings = analyze(source);
    assertSane(source, findings);
    assert.deepEqual(
      findings.filter((f) => f.code === 'PC206').map((f) => `${f.range.start.line + 1} ${f.message}`),
      [
        "303 'getattr' passed as a value reads attributes whose names cannot be verified; not allowed by policy 'strict'",
        "304 'getattr' (as 'g') reads '__class__' (a dunder attribute); not allowed by policy 'strict'",
      ],
    );
  });

  for (const [name, line] of [['1,000 nested ifs', 'if x:'], ['1,000 nested defs', 'def f():']]) {
    test(`${name}: analysed up to Python's 100 levels, the rest reported, not crashed`, () => {
      // The grammar's scanner corrupts WASM memory past ~300 levels; every later parse would fail.
      const source = 'import os\n' + Array.from({ length: 1000 }, (_, i) => ' '.repeat(i) + line + '\n').join('') + ' '.repeat(1000) + 'eval("1")\n';
      const findings = analyze(source);
      assert.deepEqual(
        findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.code === 'PC000' ? f.message : ''}`.trim()),
        [
          '1:8 PC101',
          "103:1 PC000 line 103 and the lines nested below it are deeper than Python's 100 indentation levels and were not analysed (Python itself rejects this file)",
        ],
      );
      // The parser still works afterwards.
      assert.deepEqual(codes(analyze('eval("1")\n')), ['PC301']);
    });
  }

  test('10,000 concatenated "_" fold within the limits and are judged as one name', () => {
    const source = 'n = ' + Array(2).fill('"_"').join(' + ') + ' + "class" + ' + Array(2).fill('"_"').join(' + ') + '\ngetattr(x, n)\n';
    assert.deepEqual(
      analyze(source).filter((f) => f.code === 'PC206').map((f) => f.message),
      ["'getattr' reads '__class__' (a dunder attribute); not allowed by policy 'strict'"],
    );
  });
});

describe('huge files', { timeout: HANG_BOUND_MS }, () => {
  test('a 5 MB single-line file', () => {
    const source = 'x = [' + Array(1_000_000).fill('1234').join(',') + ']';
    assert.ok(source.length > 5_000_000);
    assertSane(source, analyze(source));
  });
});

describe('text that moves positions', () => {
  const cases: [string, string, string[]][] = [
    ['CRLF', 'import os\r\neval("1")\r\n', ['1:8-1:10 PC101', '2:1-2:5 PC301']],
    ['CR only', 'import os\reval("1")\r', ['1:8-1:10 PC101', '2:1-2:5 PC301']],
    ['mixed line endings', 'import os\r\nx = 1\reval("1")\n', ['1:8-1:10 PC101', '3:1-3:5 PC301']],
    ['a byte order mark', '\ufeffeval("1")\n', ['1:2-1:6 PC301']],
    ['tabs', 'if x:\n\teval("1")\n', ['2:2-2:6 PC301']],
    ['a form feed', '\fx = 1\neval("1")\n', ['2:1-2:5 PC301']],
    ['emoji before the finding', 's = "😀😀"; eval("1")\n', ['1:13-1:17 PC301']],
    ['combining marks in a string', 's = "e\u0301\u0301"; eval("1")\n', ['1:12-1:16 PC301']],
    ['a right-to-left override in a string', 's = "\u202eabc"; eval("1")\n', ['1:13-1:17 PC301']],
    ['a zero-width space in a string', 's = "a\u200bb"; eval("1")\n', ['1:12-1:16 PC301']],
    ['a lone surrogate in a string', 's = "\ud800"; eval("1")\n', ['1:10-1:14 PC301']],
    ['a comment ended by a lone CR', 'x = 1  # note\rimport os\r', ['2:8-2:10 PC101']],
  ];
  for (const [name, source, expected] of cases) {
    test(name, () => {
      const findings = analyze(source);
      assertSane(source, findings);
      assert.deepEqual(
        findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} ${f.code}`),
        expected,
      );
    });
  }

  test('zero-width and combining characters inside identifiers neither crash nor hide a builtin', () => {
    for (const source of ['e\u200bval("1")\n', 'eva\u0301l("1")\n', 'x\u202e = 1\n', '\ud800 = 1\n']) {
      assertSane(source, analyze(source));
    }
  });
});
