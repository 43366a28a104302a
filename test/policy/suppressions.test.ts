// Inline suppressions and per-file ignores, through the whole engine, in each mode.
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createPythonParser, type PythonParser } from '../../server/src/parser';
import { analyzeSource } from '../../server/src/engine';
import { parseSuppressionComment } from '../../server/src/engine/suppressions';
import { presetPolicy } from '../../server/src/policy/fromPreset';
import { loadPolicyText } from '../../server/src/policy/file/load';
import type { Policy, SuppressionMode } from '../../server/src/policy/types';
import type { Rule } from '../../server/src/rules/types';
import { ruleByCode } from '../../server/src/rules';
import { rangeText } from '../helpers/format';

let parser: PythonParser;
before(async () => {
  parser = await createPythonParser();
});

// A fixed rule set, so rules landing elsewhere cannot change these expectations.
const RULE_SET = ['PC001', 'PC002', 'PC101', 'PC301'].map((code) => ruleByCode(code)!);

function policy(mode: SuppressionMode, extra: Partial<Policy> = {}): Policy {
  return { ...presetPolicy('strict'), inlineSuppressions: mode, ...extra };
}

function run(source: string, p: Policy, options: { filePath?: string; rules?: readonly Rule[] } = {}): string[] {
  return analyzeSource(parser, source, p, { rules: options.rules ?? RULE_SET, filePath: options.filePath }).map(
    (f) => `${f.code} ${f.severity} ${rangeText(f)} ${f.message}`,
  );
}

const EVAL = "'eval' runs code built at run time; not allowed by policy 'strict'";
const NOT_HONOURED = "is not honoured by policy 'strict': the code's author controls its comments";

describe('parsing suppression comments', () => {
  const cases: [string, ReturnType<typeof parseSuppressionComment>][] = [
    ['# padded: allow[PC301] templates need it', [{ form: 'padded', codes: ['PC301'], reason: 'templates need it' }]],
    ['# padded: allow[PC301, PC201]: reviewed', [{ form: 'padded', codes: ['PC301', 'PC201'], reason: 'reviewed' }]],
    ['#padded:allow[PC301 PC201]', [{ form: 'padded', codes: ['PC301', 'PC201'], reason: '' }]],
    ['# padded: allow[] x', [{ form: 'padded', codes: [], reason: 'x', malformed: "suppression comment names no codes: expected '# padded: allow[PC301] reason'" }]],
    ['# padded: ignore PC301', [{ form: 'padded', codes: [], reason: '', malformed: "malformed suppression comment: expected '# padded: allow[PC301] reason'" }]],
    ['# noqa: PC301', [{ form: 'noqa', codes: ['PC301'], reason: '' }]],
    ['# noqa:PC301,PC201', [{ form: 'noqa', codes: ['PC301', 'PC201'], reason: '' }]],
    ['# NoQA: E501 PC301 legacy code', [{ form: 'noqa', codes: ['PC301'], reason: 'legacy code' }]],
    ['# noqa', []],
    ['# noqa: E501', []],
    ['# noqa PC301', []],
    ['# noqanything: PC301', []],
    ['# type: ignore  # noqa: PC301', [{ form: 'noqa', codes: ['PC301'], reason: '' }]],
    ['# padding: allow[PC301]', []],
    ['# see the padded cell docs', []],
  ];
  for (const [text, expected] of cases) {
    test(JSON.stringify(text), () => assert.deepEqual(parseSuppressionComment(text), expected));
  }
});

describe('inline-suppressions = "report" (strict)', () => {
  test('a line-end suppression is reported and the finding stays', () => {
    assert.deepEqual(run('x = eval(s)  # noqa: PC301', policy('report')), [
      `PC301 error 1:5-1:9 ${EVAL}`,
      `PC001 warning 1:14-1:27 suppression comment for PC301 ${NOT_HONOURED}`,
    ]);
  });
  test('an own-line suppression is reported and the next statement keeps its finding', () => {
    assert.deepEqual(run('# padded: allow[PC301] needed\nx = eval(s)', policy('report')), [
      `PC001 warning 1:1-1:30 suppression comment for PC301 ${NOT_HONOURED}`,
      `PC301 error 2:5-2:9 ${EVAL}`,
    ]);
  });
  test('PC001 turned off in the policy: the finding still stays', () => {
    const p = policy('report', { rules: new Map([['PC001', 'off']]) });
    assert.deepEqual(run('x = eval(s)  # noqa: PC301', p), [`PC301 error 1:5-1:9 ${EVAL}`]);
  });
  test('the strict preset reports by default', () => {
    assert.equal(presetPolicy('strict').inlineSuppressions, 'report');
  });
});

describe('inline-suppressions = "off"', () => {
  test('comments are ignored entirely', () => {
    assert.deepEqual(run('x = eval(s)  # noqa: PC301\ny = 1  # noqa: PC999', policy('off')), [`PC301 error 1:5-1:9 ${EVAL}`]);
  });
});

describe('inline-suppressions = "on"', () => {
  const on = policy('on');
  const cases: [name: string, source: string, expected: string[]][] = [
    ['a line-end comment silences its line', 'x = eval(s)  # noqa: PC301', []],
    ['the padded form with a reason', 'x = eval(s)  # padded: allow[PC301] templates', []],
    ['an own-line comment silences the next statement', '# padded: allow[PC301] templates\nx = eval(s)', []],
    ['blank lines and other comments may come between', '# padded: allow[PC301] templates\n\n# the next line is reviewed\nx = eval(s)', []],
    ['an own-line comment in a block applies to the next statement of the block', 'def f(s):\n    # noqa: PC301\n    return eval(s)', []],
    ['an own-line comment after a block applies to the statement after the dedent', 'if a:\n    x = 1\n    # noqa: PC301\ny = eval(s)', []],
    ['inside a multi-line statement, the line the comment ends', 'x = [\n    eval(s),  # noqa: PC301\n]', []],
    ['one comment, several codes', 'import os; eval(s)  # noqa: PC101, PC301', []],
    [
      'an own-line comment does not reach past the next statement',
      '# padded: allow[PC301] templates\nx = 1\ny = eval(s)',
      ['PC002 warning 1:1-1:33 unused suppression: no PC301 finding on line 2', `PC301 error 3:5-3:9 ${EVAL}`],
    ],
    ['a suppression for another code leaves the finding', 'x = eval(s)  # noqa: PC101', [`PC301 error 1:5-1:9 ${EVAL}`, 'PC002 warning 1:14-1:27 unused suppression: no PC101 finding on line 1']],
    ['a bare # noqa silences nothing and is not ours to report', 'x = eval(s)  # noqa', [`PC301 error 1:5-1:9 ${EVAL}`]],
    ["another linter's noqa is not ours to report", 'x = eval(s)  # noqa: E501', [`PC301 error 1:5-1:9 ${EVAL}`]],
    ['an unknown code is reported', 'x = 1  # noqa: PC999', ["PC002 warning 1:8-1:21 unknown code 'PC999' in suppression comment"]],
    ['text in a string is not a comment', 'x = eval("# noqa: PC301")', [`PC301 error 1:5-1:9 ${EVAL}`]],
    ['CRLF line endings', 'x = 1\r\ny = eval(s)  # noqa: PC301\r\n# padded: allow[PC301] r\r\nz = eval(t)\r\n', []],
  ];
  for (const [name, source, expected] of cases) {
    test(name, () => assert.deepEqual(run(source, on), expected));
  }

  test('a suppression of a rule the policy turns off is unused', () => {
    const p = policy('on', { rules: new Map([['PC301', 'off']]) });
    assert.deepEqual(run('x = eval(s)  # noqa: PC301', p), ["PC002 warning 1:14-1:27 unused suppression: PC301 is off under policy 'strict'"]);
  });

  test('require-reason: a padded comment without a reason is not honoured', () => {
    const p = policy('on', { requireReason: true });
    assert.deepEqual(run('x = eval(s)  # padded: allow[PC301]\ny = eval(t)  # padded: allow[PC301] vetted input', p), [
      `PC301 error 1:5-1:9 ${EVAL}`,
      "PC002 warning 1:14-1:36 suppression of PC301 gives no reason, and policy 'strict' requires one (require-reason = true)",
    ]);
  });

  test('require-reason: # noqa cannot carry a reason', () => {
    const p = policy('on', { requireReason: true });
    assert.deepEqual(run('x = eval(s)  # noqa: PC301', p), [
      `PC301 error 1:5-1:9 ${EVAL}`,
      "PC002 warning 1:14-1:27 '# noqa' cannot give a reason, and policy 'strict' requires one (require-reason = true): write '# padded: allow[PC301] reason'",
    ]);
  });
});

describe('per-file-ignores', () => {
  const text = 'inline-suppressions = "report"\n[per-file-ignores]\n"tests/**" = ["PC301"]\n"generated_*.py" = ["PC001", "PC101"]\n';
  const loaded = loadPolicyText('/work/project/padded-cell.toml', text);
  const messageOf = (m: string) => m.replace("policy 'strict'", "policy 'padded-cell.toml'");

  test('the policy file loads', () => assert.deepEqual(loaded.errors, []));

  test('codes listed for a matching path are dropped', () => {
    assert.deepEqual(run('x = eval(s)', loaded.policy, { filePath: '/work/project/tests/test_plugin.py' }), []);
  });
  test('other paths keep their findings', () => {
    assert.deepEqual(run('x = eval(s)', loaded.policy, { filePath: '/work/project/src/plugin.py' }), [`PC301 error 1:5-1:9 ${messageOf(EVAL)}`]);
  });
  test('globs are relative to the policy file, not to the file system root', () => {
    assert.deepEqual(run('x = eval(s)', loaded.policy, { filePath: '/elsewhere/tests/test_plugin.py' }), [`PC301 error 1:5-1:9 ${messageOf(EVAL)}`]);
  });
  test('without a file path no per-file ignore applies', () => {
    assert.deepEqual(run('x = eval(s)', loaded.policy), [`PC301 error 1:5-1:9 ${messageOf(EVAL)}`]);
  });
  test('the suppression report itself can be ignored by path (a name without / matches at any depth)', () => {
    assert.deepEqual(run('import os  # noqa: PC101\nx = eval(s)', loaded.policy, { filePath: '/work/project/pkg/generated_api.py' }), [
      `PC301 error 2:5-2:9 ${messageOf(EVAL)}`,
    ]);
  });
  test('PC000 is never dropped, even by a hand-built policy that lists it', () => {
    const failing: Rule = {
      meta: { code: 'PC900', name: 'failing', summary: '', defaultSeverity: 'error', docs: { what: '', why: '', example: '', instead: '' } },
      create: () => {
        throw new Error('boom');
      },
      tests: { valid: [], invalid: [] },
    };
    const p: Policy = { ...presetPolicy('strict'), paths: { root: '/w', exclude: [], perFileIgnores: [{ pattern: '**', codes: ['PC000', 'PC900'] }] } };
    assert.deepEqual(run('x = 1', p, { filePath: '/w/a.py', rules: [failing] }), [
      'PC000 error 1:1-1:1 rule PC900 (failing) failed on this file, so the file is not fully checked: boom',
    ]);
  });
});

describe('hostile input', () => {
  test('10,000 suppression comments are handled in bounded time', () => {
    const source = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? `x${i} = eval(s)  # noqa: PC301, PC101` : `# padded: allow[PC301] r${i}`)).join('\n');
    const started = Date.now();
    const findings = analyzeSource(parser, source, policy('on'), { rules: RULE_SET });
    const elapsed = Date.now() - started;
    // Both comments silence each eval line's PC301; the 5,000 PC101 suppressions match nothing.
    assert.equal(findings.filter((f) => f.code === 'PC301').length, 0);
    assert.equal(findings.filter((f) => f.code === 'PC002').length, 5_000);
    assert.ok(elapsed < 10_000, `took ${elapsed} ms`);
  });
});
