// PC604 keeps each unit's summary (RuleContext.remember) and uses it again while what it took
// from outside the unit still holds (`stillHolds`): its callees are in the tree, and each method
// it looked up by name is still the one found. The incremental analyzer also runs a unit again
// when its resolutions change, so these checks are a second line that its own tests cannot
// isolate; here the rule runs on a tree with one method replaced and every other summary kept,
// as if the analyzer had not run the caller again.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPythonParser, type PythonParser, type SyntaxTree } from '../../server/src/parser';
import { SyntaxTree as Syntax } from '../../server/src/syntaxTree';
import { RuleRun, analyzeTree } from '../../server/src/engine/analyze';
import type { Finding } from '../../server/src/engine';
import type { Node } from '../../server/src/parser';
import { Semantics } from '../../server/src/semantics';
import { unboundedRecursion } from '../../server/src/rules/resources/PC604-unbounded-recursion';
import { reparseUnit } from '../../server/src/incremental/fragment';
import { presetPolicy } from '../../server/src/policy/fromPreset';

const policy = presetPolicy('strict');
const options = { rules: [unboundedRecursion] };

/** Runs PC604 on `syntax` with `kept` summaries (by node); its findings and what it remembered. */
function runRule(syntax: SyntaxTree, kept: Map<Node, ReadonlyMap<string, unknown>>): { findings: string[]; remembered: Map<Node, Map<string, unknown>> } {
  const run = new RuleRun(syntax, new Semantics(syntax.root, syntax.source), policy, options);
  run.kept = kept;
  run.walk(syntax.root);
  const findings = run.finish(run.findings).map((f: Finding) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`);
  return { findings, remembered: run.remembered };
}

describe('PC604 kept summaries', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await createPythonParser();
  });

  /** `text` analysed, then `from` replaced by `to` inside one method (parsed alone), every other unit's summary kept. */
  function edited(text: string, from: string, to: string): { kept: string[]; full: string[] } {
    const tree = parser.parse(text);
    // Copied as the incremental analysis copies (each statement and method a block of its own).
    const first = Syntax.fromTreeReusing(tree, text, undefined, () => undefined);
    tree.delete();
    const { remembered } = runRule(first, new Map());
    const at = text.indexOf(from);
    const after = text.slice(0, at) + to + text.slice(at + from.length);
    const reparsed = reparseUnit(parser, first, after, { prefix: at, oldEnd: at + from.length, newEnd: at + to.length });
    assert.ok(reparsed?.member, 'the edit is parsed as its method alone');
    // Everything but the replaced method keeps its summary (its class header too: its nodes are the same).
    const kept = new Map<Node, ReadonlyMap<string, unknown>>();
    for (const [node, values] of remembered) if (node !== reparsed.replaced) kept.set(node, values);
    const again = runRule(reparsed.syntax, kept);
    const fresh = parser.parse(after);
    const full = analyzeTree(fresh, after, policy, options).map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`);
    fresh.delete();
    return { kept: again.findings, full };
  }

  it('a kept summary that looked up a missing method sees it once another method is renamed to it', () => {
    const text = 'class Loop:\n    def a(self, n):\n        return self.d(n)\n\n    def c(self, n):\n        return self.a(n)\n';
    const { kept, full } = edited(text, ' c(self', ' d(self');
    assert.deepEqual(full, [
      "3:16 'a' calls itself (through 'd') on every path before it can return; the recursion never ends; not allowed by policy 'strict'",
      "6:16 'd' calls itself (through 'a') on every path before it can return; the recursion never ends; not allowed by policy 'strict'",
    ]);
    assert.deepEqual(kept, full);
  });

  it('a kept summary whose callee was renamed away no longer reaches it', () => {
    const text = 'class Loop:\n    def a(self, n):\n        return self.d(n)\n\n    def d(self, n):\n        return self.a(n)\n';
    const { kept, full } = edited(text, ' d(self', ' e(self');
    assert.deepEqual(full, []);
    assert.deepEqual(kept, full);
  });

  it('kept summaries of methods whose lookups did not change hold after another method is edited', () => {
    const text = 'class Loop:\n    def a(self, n):\n        return self.b(n)\n\n    def b(self, n):\n        return self.a(n)\n\n    def c(self, n):\n        return n\n';
    const { kept, full } = edited(text, 'return n\n', 'return n + 1\n');
    assert.equal(full.length, 2);
    assert.deepEqual(kept, full);
  });
});
