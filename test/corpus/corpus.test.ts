// The public corpus under the policy its README names: every unsafe case must be reported on
// one of its labelled lines and no safe case may be reported at all. Debatable cases are
// printed, not scored. Prints the per-category table.
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createPythonParser, type PythonParser } from '../../server/src/parser';
import { categoryTable, CORPUS_MISSING, loadCorpus, scoreCase, type CaseResult } from './corpus';
import { corpusPolicy } from './policy';

/**
 * Cases we judge mislabelled, each with the argument. A case listed here must still fail:
 * when it starts passing, the entry is stale and the test says so.
 */
const KNOWN_DISAGREEMENTS: Record<string, string> = {};

let parser: PythonParser;
let results: CaseResult[];
before(async () => {
  if (CORPUS_MISSING) return;
  parser = await createPythonParser();
  const policy = corpusPolicy();
  results = loadCorpus().map((k) => scoreCase(parser, k, policy));
  console.log(categoryTable(results));
});

test('every unsafe corpus case is reported on a labelled line', { skip: CORPUS_MISSING }, () => {
  const missed = results
    .filter((r) => r.kase.category !== 'debatable' && r.kase.expected === 'unsafe' && !r.passed && !(r.kase.id in KNOWN_DISAGREEMENTS))
    .map((r) => `${r.kase.id} (lines ${r.kase.lines.join(',')}): ${r.findings.map((f) => `${f.range.start.line + 1}:${f.code}`).join(' ') || 'nothing reported'}`);
  assert.deepEqual(missed, []);
});

test('no safe corpus case is reported', { skip: CORPUS_MISSING }, () => {
  const noisy = results
    .filter((r) => r.kase.category !== 'debatable' && r.kase.expected === 'safe' && !r.passed && !(r.kase.id in KNOWN_DISAGREEMENTS))
    .map((r) => `${r.kase.id}: ${r.findings.map((f) => `${f.range.start.line + 1}:${f.code} ${f.message}`).join(' | ')}`);
  assert.deepEqual(noisy, []);
});

test('known disagreements are still disagreements', { skip: CORPUS_MISSING }, () => {
  const stale = Object.keys(KNOWN_DISAGREEMENTS).filter((id) => results.find((r) => r.kase.id === id)?.passed !== false);
  assert.deepEqual(stale, []);
});
