// The README's quick start shows what `padded-cell scan examples/` prints; this keeps the two
// from drifting apart as rules are added (update the README block when this fails).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, runCli } from './runCli';

test('README quick start: the scan of examples/ prints exactly the output shown, and exits 1', () => {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const quickStart = readme.slice(readme.indexOf('## Quick start'));
  const shown = /```text\n([\s\S]*?)```/.exec(quickStart);
  assert.ok(shown, 'README quick start has a text block');
  const run = runCli(['scan', 'examples/'], REPO);
  assert.equal(run.stdout, shown[1]);
  assert.equal(run.status, 1);
});

test('the safe example has no findings and the unsafe one has some', () => {
  const safe = runCli(['scan', 'examples/safe_plugin.py'], REPO);
  assert.equal(safe.stdout, 'No findings in 1 file.\n');
  assert.equal(safe.status, 0);
  const unsafe = runCli(['scan', 'examples/unsafe_plugin.py'], REPO);
  assert.equal(unsafe.status, 1);
  assert.ok(unsafe.stdout.split('\n').length > 2);
});

test('README command-line examples: each `npx padded-cell scan …` block is followed by exactly what it prints', () => {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const examples = [...readme.matchAll(/```sh\nnpx padded-cell (scan [^\n]*)\n```\n\n```text\n([\s\S]*?)```/g)];
  assert.ok(examples.length >= 2, 'the README shows the github and statistics examples');
  for (const [, command, shown] of examples) {
    const run = runCli(command.split(' '), REPO);
    assert.equal(run.stdout, shown, command);
  }
});

test("README options table: the same options as `padded-cell --help`", () => {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The command line'), readme.indexOf('### Exit codes'));
  // The first cell of each row: one or two options in backquotes, each maybe with its value.
  const firstCells = [...section.matchAll(/^\| (`-[^|]*)\|/gm)].map((m) => m[1]);
  // `--` (end of options) is in the table only.
  const inTable = firstCells.flatMap((cell) => [...cell.matchAll(/`(-[-\w]+)/g)].map((m) => m[1])).filter((o) => o !== '--');
  const help = runCli(['--help'], REPO).stdout;
  const options = help.slice(help.indexOf('Options:'), help.indexOf('Exit codes:'));
  const inHelp = [...options.matchAll(/^ {2}(-[-\w]+)(?:, (-[-\w]+))?/gm)].flatMap((m) => m.slice(1).filter(Boolean));
  assert.deepEqual([...inTable].sort(), [...inHelp].sort());
});
