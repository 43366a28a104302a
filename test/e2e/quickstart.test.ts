// The README's quick start, run literally as a new user meets it: a fresh clone (of the
// committed HEAD: uncommitted work is not in a clone), its first command, and the output the
// README shows next to it. test/cli/readme.test.ts compares the same block with the working
// tree's CLI; this one also proves that `npm ci` alone leaves a working `npx padded-cell`.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');

test("a fresh clone runs the README's quick start and prints the README's example output", { timeout: 10 * 60_000 }, (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'padded-cell-quickstart-'));
  const clone = path.join(root, 'padded-cell');
  try {
    execFileSync('git', ['clone', '--quiet', '--no-hardlinks', REPO, clone], { stdio: 'pipe' });
    t.diagnostic(`cloned ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: clone, encoding: 'utf8' }).trim()}`);

    // Read the commands and the output from the clone's README: the one that goes with its code.
    const readme = fs.readFileSync(path.join(clone, 'README.md'), 'utf8');
    const quickStart = readme.slice(readme.indexOf('## Quick start'));
    const commands = /```sh\n([\s\S]*?)```/.exec(quickStart);
    const shown = /```text\n([\s\S]*?)```/.exec(quickStart);
    assert.ok(commands && shown, 'the quick start has a ```sh block of commands and a ```text block of output');
    const first = commands[1].split('\n')[0];
    assert.equal(first, 'npm ci && npx padded-cell scan examples/', 'the first quick-start command');

    // `a && b`: each part in turn, as the shell runs them; the last one's stdout is what the user reads.
    const parts = first.split(' && ');
    let last = { status: 0 as number | null, stdout: '', stderr: '' };
    for (const [i, part] of parts.entries()) {
      const run = spawnSync('bash', ['-c', part], {
        cwd: clone,
        encoding: 'utf8',
        timeout: 8 * 60_000,
        env: { ...process.env, CI: 'true', npm_config_loglevel: 'error', NO_COLOR: '1' },
      });
      last = { status: run.status, stdout: run.stdout, stderr: run.stderr };
      if (i < parts.length - 1) assert.equal(run.status, 0, `\`${part}\` failed:\n${run.stdout}\n${run.stderr}`);
    }
    assert.equal(last.stdout, shown[1], `\`${parts.at(-1)}\` printed something else than the README shows (stderr: ${last.stderr})`);
    assert.equal(last.status, 1, 'the scan exits 1: the unsafe example has findings');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
