// Our own held-out cases, written by this project's sessions before running the tool on them,
// in the public corpus's format and under its policy (README in test/corpus/heldout/): two
// rounds of escape variants with benign look-alikes, and a set of benign plugins. Unlike the
// public corpus not every case passes; the cases that do not are listed in known-misses.json,
// and the list must stay exact: a case that starts failing is a regression, and one that
// starts passing is progress to record by removing it from the list.
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createPythonParser } from '../../server/src/parser';
import { loadCorpus, scoreCase } from './corpus';
import { corpusPolicy } from './policy';

const DIR = path.join(__dirname, 'heldout');
const known = JSON.parse(fs.readFileSync(path.join(DIR, 'known-misses.json'), 'utf8')) as Record<string, string[]>;
const sets = fs.readdirSync(DIR).filter((f) => f.endsWith('.jsonl')).sort();

const failing = new Map<string, string[]>();
before(async () => {
  const parser = await createPythonParser();
  const policy = corpusPolicy();
  for (const set of sets) {
    const results = loadCorpus(path.join(DIR, set)).map((k) => scoreCase(parser, k, policy));
    failing.set(set, results.filter((r) => r.kase.category !== 'debatable' && !r.passed).map((r) => r.kase.id).sort());
  }
});

test('every held-out set has its list of known misses', () => {
  assert.deepEqual(Object.keys(known).sort(), sets);
});

for (const set of sets) {
  test(`${set}: exactly the known cases fail`, () => {
    const now = failing.get(set)!;
    const was = [...(known[set] ?? [])].sort();
    assert.deepEqual({ newlyFailing: now.filter((id) => !was.includes(id)), nowPassing: was.filter((id) => !now.includes(id)) }, { newlyFailing: [], nowPassing: [] });
  });
}
