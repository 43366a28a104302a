// The pieces every format shares, in process: the exit code, the summary line, severity
// levels in SARIF, and how paths outside the working directory are named.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Finding } from '../../server/src/engine/types';
import { exitCodeFor } from '../../server/src/cli/exitCode';
import { summaryLine } from '../../server/src/cli/format/text';
import { toSarif } from '../../server/src/cli/format/sarif';
import { displayPath } from '../../server/src/cli/paths';
import type { ScanReport } from '../../server/src/cli/report';
import { summarize } from '../../server/src/cli/summary';
import { RULES } from '../../server/src/rules';
import { FIXTURES, makeTree, removeTree, runCli } from './runCli';

const at = (line: number, character: number) => ({ line, character });
const finding = (code: string, severity: Finding['severity'] = 'error'): Finding => ({
  code,
  name: code === 'PC000' ? 'analysis-error' : 'some-rule',
  severity,
  message: 'm',
  range: { start: at(0, 0), end: at(0, 1) },
});
const report = (files: Finding[][], errors = 0): ScanReport => ({
  cwd: '/work',
  files: files.map((findings, i) => ({ path: `f${i}.py`, findings })),
  errors: Array.from({ length: errors }, (_, i) => ({ path: `e${i}.py`, message: 'cannot read: x' })),
});

describe('exit code', () => {
  const cases: [string, ScanReport, number, number][] = [
    ['no files', report([]), 0, 0],
    ['clean files', report([[], []]), 0, 0],
    ['a finding', report([[], [finding('PC301')]]), 1, 0],
    ['an info finding still counts', report([[finding('PC301', 'info')]]), 1, 0],
    ['an unreadable path', report([[]], 1), 2, 2],
    ['findings and an unreadable path', report([[finding('PC301')]], 1), 2, 2],
    ['a rule failed on a file (PC000)', report([[finding('PC101'), finding('PC000')]]), 2, 2],
  ];
  for (const [name, r, expected, withExitZero] of cases) {
    test(`${name}: ${expected} (with --exit-zero: ${withExitZero})`, () => {
      assert.equal(exitCodeFor(summarize(r)), expected);
      assert.equal(exitCodeFor(summarize(r), { exitZero: true }), withExitZero);
    });
  }
});

describe('summary line', () => {
  const cases: [ScanReport, string][] = [
    [report([]), 'No findings in 0 files.'],
    [report([[]]), 'No findings in 1 file.'],
    [report([[finding('PC301')]]), 'Found 1 finding in 1 of 1 file.'],
    [report([[finding('PC301'), finding('PC101')], [], [finding('PC401')]]), 'Found 3 findings in 2 of 3 files.'],
    [report([[]], 1), 'No findings in 1 file. 1 path could not be scanned.'],
    [report([], 2), 'No findings in 0 files. 2 paths could not be scanned.'],
  ];
  for (const [r, expected] of cases) test(expected, () => assert.equal(summaryLine(summarize(r)), expected));
});

describe('sarif levels', () => {
  test('error, warning, and note for info and hint; ruleIndex into the rule table', () => {
    const code = RULES[1].meta.code;
    const sarif = toSarif(report([[finding(code, 'error'), finding(code, 'warning'), finding(code, 'info'), finding(code, 'hint')]]), RULES);
    assert.deepEqual(
      sarif.runs[0].results!.map((r) => [r.ruleIndex, r.level]),
      [
        [1, 'error'],
        [1, 'warning'],
        [1, 'note'],
        [1, 'note'],
      ],
    );
  });

  test('relative URIs are percent-encoded per segment', () => {
    const r: ScanReport = { cwd: '/work', files: [{ path: 'my dir/ü:x.py', findings: [finding('PC301')] }], errors: [] };
    assert.deepEqual(toSarif(r, RULES).runs[0].results![0].locations![0].physicalLocation!.artifactLocation, {
      uri: 'my%20dir/%C3%BC%3Ax.py',
      uriBaseId: '%SRCROOT%',
    });
  });
});

describe('paths outside the working directory', () => {
  test('are shown absolute, not as a ../ chain', () => {
    assert.equal(displayPath('/work/a/b.py', '/work'), 'a/b.py');
    assert.equal(displayPath('/elsewhere/b.py', '/work/a'), '/elsewhere/b.py');
    assert.equal(displayPath('/work/..hidden/b.py', '/work'), '..hidden/b.py');
  });

  test('in text output and as file: URIs in SARIF', () => {
    const root = makeTree({ 'outside.py': 'eval("1")\n' });
    try {
      const file = path.join(root, 'outside.py');
      const text = runCli(['scan', file], FIXTURES);
      assert.equal(text.stdout.split('\n')[0], `${file}:1:1: PC301 'eval' runs code built at run time; not allowed by policy 'strict'`);
      const sarif = JSON.parse(runCli(['--format', 'sarif', file], FIXTURES).stdout);
      assert.deepEqual(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { uri: `file://${file}` });
    } finally {
      removeTree(root);
    }
  });
});
