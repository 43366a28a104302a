// Applying fixes, in process: whole fixes or nothing, collisions skipped and counted, the
// re-analysis loop and its bound, and the guard against fixes that break the syntax. The rules
// here are made up for the test, so the loop is pinned down whatever the real rules offer.
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Fix, Range, TextEdit } from '../../server/src/engine/types';
import { applyEditGroups } from '../../server/src/fixes/applyEdits';
import { chooseFix, fixSource, MAX_FIX_PASSES } from '../../server/src/cli/fix';
import { createPythonParser, type Node, type PythonParser } from '../../server/src/parser';
import { presetPolicy } from '../../server/src/policy/fromPreset';
import type { Rule, RuleContext } from '../../server/src/rules/types';

const at = (line: number, character: number) => ({ line, character });
const range = (l1: number, c1: number, l2: number, c2: number): Range => ({ start: at(l1, c1), end: at(l2, c2) });
const edit = (r: Range, newText: string): TextEdit => ({ range: r, newText });

describe('applyEditGroups', () => {
  const cases: { name: string; text: string; groups: TextEdit[][]; expected: string; applied: number; skipped: number }[] = [
    {
      name: 'edits far apart all apply, whatever order they come in',
      text: 'a = eval(x)\nb = eval(y)\n',
      groups: [[edit(range(1, 4, 1, 8), 'ast.literal_eval')], [edit(range(0, 4, 0, 8), 'ast.literal_eval')]],
      expected: 'a = ast.literal_eval(x)\nb = ast.literal_eval(y)\n',
      applied: 2,
      skipped: 0,
    },
    {
      name: 'a fix is all or nothing: its second edit collides, so its first is not applied either',
      text: 'x = eval(s)\ny = eval(t)\n',
      groups: [
        [edit(range(0, 0, 0, 0), 'import ast\n'), edit(range(0, 4, 0, 8), 'ast.literal_eval')],
        [edit(range(0, 0, 0, 0), 'import ast\n'), edit(range(1, 4, 1, 8), 'ast.literal_eval')],
      ],
      expected: 'import ast\nx = ast.literal_eval(s)\ny = eval(t)\n',
      applied: 1,
      skipped: 1,
    },
    {
      name: 'overlapping replacements: the first by position wins',
      text: 'value = a.b.c\n',
      groups: [[edit(range(0, 10, 0, 13), 'Z')], [edit(range(0, 8, 0, 11), 'Y')]],
      expected: 'value = Y.c\n',
      applied: 1,
      skipped: 1,
    },
    {
      name: 'touching spans do not overlap',
      text: 'abcdef\n',
      groups: [[edit(range(0, 0, 0, 3), 'X')], [edit(range(0, 3, 0, 6), 'Y')]],
      expected: 'XY\n',
      applied: 2,
      skipped: 0,
    },
    {
      name: 'within one fix, an insertion and a replacement at the same place apply in the listed order',
      text: 'eval(s)\n',
      groups: [[edit(range(0, 0, 0, 0), 'import ast\n'), edit(range(0, 0, 0, 4), 'ast.literal_eval')]],
      expected: 'import ast\nast.literal_eval(s)\n',
      applied: 1,
      skipped: 0,
    },
    {
      name: 'a fix whose own edits overlap is malformed and skipped',
      text: 'abcdef\n',
      groups: [[edit(range(0, 0, 0, 4), 'X'), edit(range(0, 2, 0, 6), 'Y')]],
      expected: 'abcdef\n',
      applied: 0,
      skipped: 1,
    },
    {
      name: 'a fix with no edits is skipped',
      text: 'x\n',
      groups: [[]],
      expected: 'x\n',
      applied: 0,
      skipped: 1,
    },
    {
      name: 'CRLF: positions count lines by \\r\\n, and the line breaks are kept',
      text: 'try:\r\n    run()\r\nexcept:\r\n    pass\r\n',
      groups: [[edit(range(2, 6, 2, 6), ' Exception')]],
      expected: 'try:\r\n    run()\r\nexcept Exception:\r\n    pass\r\n',
      applied: 1,
      skipped: 0,
    },
    {
      name: 'UTF-16 columns: the emoji counts two',
      text: 's = "😀"; eval(s)\n',
      groups: [[edit(range(0, 10, 0, 14), 'ast.literal_eval')]],
      expected: 's = "😀"; ast.literal_eval(s)\n',
      applied: 1,
      skipped: 0,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.deepEqual(applyEditGroups(c.text, c.groups.map((edits) => ({ edits }))), { text: c.expected, applied: c.applied, skipped: c.skipped });
    });
  }
});

describe('chooseFix', () => {
  const safe: Fix = { title: 'safe', safe: true, edits: [] };
  const unsafe: Fix = { title: 'unsafe', safe: false, edits: [] };
  const finding = (fixes?: Fix[]) => ({ code: 'PC999', name: 'x', severity: 'error' as const, message: 'm', range: range(0, 0, 0, 0), fixes });
  test('a safe fix first; an unsafe one only when asked; none without fixes', () => {
    assert.equal(chooseFix(finding([unsafe, safe]), false), safe);
    assert.equal(chooseFix(finding([unsafe, safe]), true), safe);
    assert.equal(chooseFix(finding([unsafe]), false), undefined);
    assert.equal(chooseFix(finding([unsafe]), true), unsafe);
    assert.equal(chooseFix(finding(), true), undefined);
  });
});

/** A made-up rule reporting each identifier `name` with `fixFor(node)` as its one fix. */
function ruleFixing(name: string, fixFor: (node: Node, context: RuleContext) => Fix): Rule {
  return {
    meta: {
      code: 'PC999',
      name: 'test-rule',
      summary: 'test',
      defaultSeverity: 'error',
      docs: { what: '', why: '', example: '', instead: '' },
    },
    create: (context) => ({
      identifier(node: Node) {
        if (node.text === name) context.report({ node, message: `found ${name}`, fixes: [fixFor(node, context)] });
      },
    }),
    tests: { valid: [], invalid: [] },
  };
}

describe('fixSource', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await createPythonParser();
  });
  const policy = presetPolicy('strict');

  test('fixes that collide in one pass apply in the next: two calls, one import', () => {
    // Each `bad` becomes `good.call`, and each fix inserts `import good` unless it is there:
    // both inserts land at offset 0, so only one applies per pass.
    const rule = ruleFixing('bad', (node, context) => ({
      title: 'use good',
      safe: true,
      edits: [
        ...(context.source.startsWith('import good\n') ? [] : [edit(range(0, 0, 0, 0), 'import good\n')]),
        edit(context.rangeOf(node), 'good.call'),
      ],
    }));
    const result = fixSource(parser, 'x = bad(1)\ny = bad(2)\n', policy, { unsafe: false, rules: [rule] });
    assert.equal(result.text, 'import good\nx = good.call(1)\ny = good.call(2)\n');
    assert.equal(result.applied, 2);
    assert.deepEqual(result.findings, []);
    assert.equal(result.initialFindings.length, 2);
    assert.equal(result.problem, undefined);
  });

  test('unsafe fixes apply only when asked', () => {
    const rule = ruleFixing('bad', (node, context) => ({ title: 'rename', safe: false, edits: [edit(context.rangeOf(node), 'fine')] }));
    const skipped = fixSource(parser, 'bad()\n', policy, { unsafe: false, rules: [rule] });
    assert.deepEqual([skipped.text, skipped.applied, skipped.findings.length], ['bad()\n', 0, 1]);
    const applied = fixSource(parser, 'bad()\n', policy, { unsafe: true, rules: [rule] });
    assert.deepEqual([applied.text, applied.applied, applied.findings.length], ['fine()\n', 1, 0]);
  });

  test(`fixes that keep producing findings stop after ${MAX_FIX_PASSES} passes, with a problem`, () => {
    // Each pass appends one more `_`, and the result is reported again: it would never end.
    const rule: Rule = {
      ...ruleFixing('', () => ({ title: '', safe: true, edits: [] })),
      create: (context) => ({
        identifier(node: Node) {
          if (node.text.startsWith('grow')) {
            context.report({ node, message: 'grows', fixes: [{ title: 'grow', safe: true, edits: [edit(context.rangeOf(node), `${node.text}_`)] }] });
          }
        },
      }),
    };
    const result = fixSource(parser, 'grow = 1\n', policy, { unsafe: false, rules: [rule] });
    assert.equal(result.text, `grow${'_'.repeat(MAX_FIX_PASSES)} = 1\n`);
    assert.equal(result.applied, MAX_FIX_PASSES);
    assert.equal(result.problem, `fixes still apply after ${MAX_FIX_PASSES} passes; stopped, as they may undo each other`);
  });

  test('a fix that would make a syntax error is not applied', () => {
    const rule = ruleFixing('bad', (node, context) => ({ title: 'break it', safe: true, edits: [edit(context.rangeOf(node), 'bad(')] }));
    const result = fixSource(parser, 'bad()\n', policy, { unsafe: false, rules: [rule] });
    assert.equal(result.text, 'bad()\n');
    assert.equal(result.applied, 0);
    assert.equal(result.findings.length, 1);
    assert.equal(result.problem, 'a fix would have made the file a syntax error; those fixes were not applied');
  });

  test('a file that was already broken may still be fixed', () => {
    const rule = ruleFixing('bad', (node, context) => ({ title: 'rename', safe: true, edits: [edit(context.rangeOf(node), 'fine')] }));
    const result = fixSource(parser, 'bad()\ndef (:\n', policy, { unsafe: false, rules: [rule] });
    assert.equal(result.text, 'fine()\ndef (:\n');
    assert.equal(result.problem, undefined);
  });
});
