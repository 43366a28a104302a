// Runs every rule's own valid/invalid cases through the whole engine, so a rule is tested
// exactly as the server and the CLI run it (scopes, folding, policy), with exact ranges and messages.
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createPythonParser, type PythonParser } from '../server/src/parser';
import { analyzeSource } from '../server/src/engine';
import { RULES } from '../server/src/rules';
import { policyForCase } from './helpers/policy';
import { rangeText } from './helpers/format';

let parser: PythonParser;
before(async () => {
  parser = await createPythonParser();
});

for (const rule of RULES) {
  describe(`${rule.meta.code} ${rule.meta.name}`, () => {
    test('has at least five valid and five invalid cases', () => {
      assert.ok(rule.tests.valid.length >= 5, `${rule.tests.valid.length} valid cases`);
      assert.ok(rule.tests.invalid.length >= 5, `${rule.tests.invalid.length} invalid cases`);
    });
    rule.tests.valid.forEach((c, i) => {
      const kase = typeof c === 'string' ? { code: c } : c;
      test(`valid #${i + 1}: ${JSON.stringify(kase.code).slice(0, 60)}`, () => {
        const findings = analyzeSource(parser, kase.code, policyForCase(kase), { rules: [rule] });
        assert.deepEqual(findings.map((f) => ({ range: rangeText(f), message: f.message })), []);
      });
    });
    rule.tests.invalid.forEach((kase, i) => {
      test(`invalid #${i + 1}: ${JSON.stringify(kase.code).slice(0, 60)}`, () => {
        const findings = analyzeSource(parser, kase.code, policyForCase(kase), { rules: [rule] });
        assert.deepEqual(
          findings.map((f) => ({ range: rangeText(f), message: f.message })),
          kase.errors.map((e) => ({ range: e.range, message: e.message })),
        );
        for (const f of findings) assert.equal(f.code, rule.meta.code);
      });
    });
  });
}
