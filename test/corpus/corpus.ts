import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PythonParser } from '../../server/src/parser';
import { analyzeSource, type Finding } from '../../server/src/engine';
import type { Policy } from '../../server/src/policy/types';

export interface CorpusCase {
  id: string;
  origin?: string;
  category: string;
  expected: 'safe' | 'unsafe';
  lines: number[];
  code: string;
  py2?: boolean;
  note?: string;
}

export const CORPUS_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');
export const CORPUS_FILE = path.join(CORPUS_DIR, 'corpus.jsonl');

/**
 * The public corpus lives beside the clone (`../shared/corpus`), not in it, so a fresh clone has
 * none. Each test that reads it takes this as its `skip`: the run says what is missing instead
 * of failing with ENOENT. False when the corpus is there, and then those tests run and can fail.
 */
export const CORPUS_MISSING: string | false = fs.existsSync(CORPUS_FILE)
  ? false
  : `the public corpus is not at ${CORPUS_FILE} (a shared/corpus folder beside the clone; see the README)`;

export function loadCorpus(file = CORPUS_FILE): CorpusCase[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusCase);
}

export interface CaseResult {
  kase: CorpusCase;
  findings: Finding[];
  /** Unsafe: a finding's line span holds one of the labelled lines. Safe: nothing reported. */
  passed: boolean;
}

export function scoreCase(parser: PythonParser, kase: CorpusCase, policy: Policy): CaseResult {
  const findings = analyzeSource(parser, kase.code, policy);
  let passed: boolean;
  if (kase.expected === 'safe') passed = findings.length === 0;
  else passed = findings.some((f) => kase.lines.some((l) => f.range.start.line + 1 <= l && l <= f.range.end.line + 1));
  return { kase, findings, passed };
}

/** Per-category table: caught/total for unsafe, clean/total for safe. */
export function categoryTable(results: CaseResult[]): string {
  const rows = new Map<string, { pass: number; total: number; expected: string }>();
  for (const r of results) {
    const key = `${r.kase.category} (${r.kase.expected})`;
    const row = rows.get(key) ?? { pass: 0, total: 0, expected: r.kase.expected };
    row.total++;
    if (r.passed) row.pass++;
    rows.set(key, row);
  }
  const lines = ['| category | expected | correct | total |', '|---|---|---|---|'];
  for (const [key, row] of [...rows].sort()) lines.push(`| ${key.replace(/ \(.*\)$/, '')} | ${row.expected} | ${row.pass} | ${row.total} |`);
  return lines.join('\n');
}
