// A rule that throws: the file keeps its other findings and gets PC000, and whoever analyses
// (the language server logs it) is handed the error itself, stack included: the finding carries
// only the message, and a failure without its stack is not a bug report.
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createPythonParser, type PythonParser } from '../../server/src/parser';
import { analyzeSource } from '../../server/src/engine';
import { DocumentAnalyses } from '../../server/src/incremental/analyzer';
import { presetPolicy } from '../../server/src/policy/fromPreset';
import type { Rule } from '../../server/src/rules/types';
import { dynamicCode } from '../../server/src/rules/execution/PC301-dynamic-code';

let parser: PythonParser;
before(async () => {
  parser = await createPythonParser();
});

function failingOnCalls(): Rule {
  return {
    meta: { code: 'PC900', name: 'failing', summary: '', defaultSeverity: 'error', docs: { what: '', why: '', example: '', instead: '' } },
    create: () => ({
      call: function checkCallThatThrows() {
        throw new TypeError('boom');
      },
    }),
    tests: { valid: [], invalid: [] },
  };
}

const SOURCE = 'f(1)\neval("1")\n';
const PC000 = 'rule PC900 (failing) failed on this file, so the file is not fully checked: boom';

describe('a rule that throws', () => {
  test('PC000 and the other findings; the error with its stack goes to onRuleError, once', () => {
    const failing = failingOnCalls();
    const told: { code: string; error: unknown }[] = [];
    const findings = analyzeSource(parser, SOURCE, presetPolicy('strict'), {
      rules: [failing, dynamicCode],
      onRuleError: (rule, error) => void told.push({ code: rule.meta.code, error }),
    });
    assert.deepEqual(
      findings.map((f) => `${f.code} ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`),
      [`PC000 1:1 ${PC000}`, "PC301 2:1 'eval' runs code built at run time; not allowed by policy 'strict'"],
    );
    assert.equal(told.length, 1, 'told once, though the rule would have thrown on both calls');
    assert.equal(told[0].code, 'PC900');
    assert.ok(told[0].error instanceof TypeError);
    assert.match((told[0].error as Error).stack ?? '', /checkCallThatThrows/);
  });

  test('a listener that throws itself changes nothing', () => {
    const findings = analyzeSource(parser, SOURCE, presetPolicy('strict'), {
      rules: [failingOnCalls(), dynamicCode],
      onRuleError: () => {
        throw new Error('logger down');
      },
    });
    assert.deepEqual(findings.map((f) => f.code), ['PC000', 'PC301']);
  });

  test('the incremental analysis the server runs passes it on', () => {
    const analyses = new DocumentAnalyses();
    const tree = parser.parse(SOURCE);
    try {
      const told: string[] = [];
      const findings = analyses.analyze('file:///a.py', tree, SOURCE, presetPolicy('strict'), {
        rules: [failingOnCalls(), dynamicCode],
        onRuleError: (rule, error) => void told.push(`${rule.meta.code}: ${(error as Error).message}`),
      });
      assert.deepEqual(findings.map((f) => f.code), ['PC000', 'PC301']);
      assert.deepEqual(told, ['PC900: boom']);
    } finally {
      tree.delete();
      analyses.dispose();
    }
  });
});
