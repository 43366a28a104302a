// RestrictedPython as the oracle for the `restrictedpython` preset: every rule test case and
// every (Python 3) corpus case is compiled — never run — by Debian's python3-restrictedpython
// through oracle.py, in one process; whatever it refuses, the preset must report on the node
// it blamed. Debian ships 4.0b3, a beta that is stricter than 8.x in a few places (listed in
// oracle.ts with the release that lifted each). Where 4.0b3 crashes on Python 3.11 after its
// checks (compiling its attribute rewrites) it has given no verdict.
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createPythonParser, type PythonParser } from '../../server/src/parser';
import { analyzeSource } from '../../server/src/engine';
import type { Finding } from '../../server/src/engine/types';
import { presetPolicy } from '../../server/src/policy/fromPreset';
import { RULES } from '../../server/src/rules';
import { CORPUS_MISSING, loadCorpus } from '../corpus/corpus';
import { covers, olderReleaseOnly, oracleUnavailable, passedChecks, runOracle, type OracleCase, type OracleRun } from './oracle';

/** Findings of PC701–PC703 that only checks newer than 4.0b3 explain. */
const NEWER_RELEASE_ONLY: { pattern: RegExp; reason: string }[] = [
  { pattern: /^'import \*' is not allowed/, reason: 'star imports: refused since 4.0 final (check_import_names)' },
  { pattern: /^'(builtins|breakpoint)' is a reserved name/, reason: 'FORBIDDEN_FUNC_NAMES gained builtins and breakpoint after 4.0' },
  { pattern: /^attribute '\w+' reaches frames, code or generator internals/, reason: 'INSPECT_ATTRIBUTES: added in 7.0 (CVE-2023-37271)' },
];

const POSITIONAL_ONLY = 'positional-only parameter names, which RestrictedPython does not check (CVE-2026-55830)';

/**
 * Where PC701 is stricter than RestrictedPython on purpose: its `check_function_argument_names`
 * skips positional-only parameters, so `def f(_write_, /)` shadows the `_write_` guard
 * (CVE-2026-55830). Padded Cell checks every parameter.
 */
function isPositionalOnlyParameter(parser: PythonParser, code: string, f: Finding): boolean {
  const at = offsetOf(code, f.range.start.line, f.range.start.character);
  const tree = parser.parse(code);
  try {
    const stack = [tree.rootNode];
    while (stack.length) {
      const n = stack.pop()!;
      for (const c of n.namedChildren) if (c) stack.push(c);
      if ((n.type !== 'parameters' && n.type !== 'lambda_parameters') || !n.namedChildren.some((c) => c?.type === 'positional_separator')) continue;
      for (const p of n.namedChildren) {
        if (!p || p.type === 'positional_separator') break;
        const name = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier'));
        if (name?.startIndex === at) return true;
      }
    }
    return false;
  } finally {
    tree.delete();
  }
}

/** String index of an LSP position (line breaks \r\n, \r or \n; characters in UTF-16 units). */
function offsetOf(code: string, line: number, character: number): number {
  let index = 0;
  for (let l = 0; l < line; l++) {
    const m = /\r\n|\r|\n/g;
    m.lastIndex = index;
    const hit = m.exec(code);
    if (!hit) return -1;
    index = hit.index + hit[0].length;
  }
  return index + character;
}

function collectCases(): OracleCase[] {
  const cases: OracleCase[] = [
    // Controls: if the oracle stops refusing or accepting, the comparison below means nothing.
    { id: 'control: refused', code: 'x = _hidden\n' },
    { id: 'control: accepted', code: 'x = 1\n' },
  ];
  for (const rule of RULES) {
    rule.tests.valid.forEach((c, i) => cases.push({ id: `${rule.meta.code} valid #${i + 1}`, code: typeof c === 'string' ? c : c.code }));
    rule.tests.invalid.forEach((c, i) => cases.push({ id: `${rule.meta.code} invalid #${i + 1}`, code: c.code }));
  }
  // Python 2 cases cannot be compiled by a Python 3 RestrictedPython; they would all be syntax errors.
  for (const c of loadCorpus()) if (!c.py2) cases.push({ id: `corpus ${c.id}`, code: c.code });
  return cases;
}

// Without the corpus the comparison would quietly shrink to the rule cases: say so instead.
const unavailable = oracleUnavailable() || CORPUS_MISSING;

describe('RestrictedPython oracle', { skip: unavailable }, () => {
  let parser: PythonParser;
  let cases: Map<string, OracleCase>;
  let oracle: OracleRun;
  const findingsOf = new Map<string, Finding[]>();

  before(async () => {
    parser = await createPythonParser();
    const list = collectCases();
    cases = new Map(list.map((c) => [c.id, c]));
    oracle = runOracle(list);
    const policy = presetPolicy('restrictedpython');
    for (const c of list) findingsOf.set(c.id, analyzeSource(parser, c.code, policy));
    const count = (v: string) => oracle.results.filter((r) => r.verdict === v).length;
    const afterChecks = oracle.results.filter((r) => r.verdict === 'crashed' && r.checked).length;
    console.log(
      `RestrictedPython ${oracle.version} on Python ${oracle.python}: ${list.length} cases, ${count('rejected')} rejected, ` +
        `${count('accepted')} accepted, ${afterChecks} passed its checks and then crashed compiling its rewrite, ` +
        `${count('crashed') - afterChecks} crashed during its checks, ` +
        `${count('syntax-error')} not Python ${oracle.python.split('.').slice(0, 2).join('.')} code (no verdict)`,
    );
  });

  test('the oracle refuses and accepts the control cases', () => {
    const verdict = (id: string) => oracle.results.find((r) => r.id === id)?.verdict;
    assert.equal(verdict('control: refused'), 'rejected');
    assert.equal(verdict('control: accepted'), 'accepted');
  });

  test('every error RestrictedPython reports, the restrictedpython preset reports on the node it blamed', () => {
    const missed: string[] = [];
    const excused = new Map<string, number>();
    let required = 0;
    for (const result of oracle.results) {
      // A crash before the walk finished leaves the rest of the file unjudged, but what it had
      // already refused stands; a crash after the checks has no errors and so no verdict.
      const code = cases.get(result.id)!.code;
      const findings = findingsOf.get(result.id)!;
      for (const error of result.errors) {
        if (!covers(code, error, findings)) {
          const reason = olderReleaseOnly(code, error);
          if (reason) {
            excused.set(reason, (excused.get(reason) ?? 0) + 1);
            continue;
          }
          missed.push(`${result.id} line ${error.line}: ${error.message}\n    ${JSON.stringify(code)}\n    found: ${findings.map((f) => `${f.range.start.line + 1}:${f.code}`).join(' ') || 'nothing'}`);
        }
        required++;
      }
    }
    console.log(`oracle errors the preset reports: ${required - missed.length} of ${required}`);
    for (const [reason, n] of excused) console.log(`  not required (4.0b3 only, ${n}): ${reason}`);
    assert.deepEqual(missed, []);
  });

  test('PC701–PC703 report nothing in code RestrictedPython checked and let through, but for checks newer than 4.0b3', () => {
    const extra: string[] = [];
    const counted = new Map<string, number>();
    let checkedClean = 0;
    for (const result of oracle.results) {
      if (!passedChecks(result)) continue;
      checkedClean++;
      for (const f of findingsOf.get(result.id)!) {
        if (!/^PC70[123]$/.test(f.code)) continue;
        const newer = NEWER_RELEASE_ONLY.find((n) => n.pattern.test(f.message))?.reason;
        const reason = newer ?? (f.message.startsWith('parameter ') && isPositionalOnlyParameter(parser, cases.get(result.id)!.code, f) ? POSITIONAL_ONLY : undefined);
        if (reason) counted.set(reason, (counted.get(reason) ?? 0) + 1);
        else extra.push(`${result.id} ${f.range.start.line + 1}:${f.code} ${f.message}`);
      }
    }
    console.log(`cases RestrictedPython checked and let through: ${checkedClean}`);
    for (const [reason, n] of counted) console.log(`  stricter than 4.0b3 (${n}): ${reason}`);
    assert.deepEqual(extra, []);
  });
});
