// The whole standard library of this machine's Python, scanned as a user would scan it: every
// rule must finish on every file. A rule that fails (a stack overflow in the resolver, say) turns
// into a PC000 finding and exit code 2, which only a corpus this size tends to reach: a resolver
// overflow on `email/message.py` was found by the benchmark, not by any smaller test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';

function stdlib(): string | undefined {
  try {
    return execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** The stdlib's .py files copied out (the scan skips hidden folders such as `~/.pyenv`), site-packages left out. */
function copyPythonFiles(from: string, to: string): number {
  let count = 0;
  const stack = [from];
  while (stack.length) {
    const dir = stack.pop()!;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'site-packages') stack.push(full);
      else if (entry.isFile() && entry.name.endsWith('.py')) {
        const target = path.join(to, path.relative(from, full));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(full, target);
        count++;
      }
    }
  }
  return count;
}

const dir = stdlib();

test('every rule finishes on every file of the standard library (no PC000, no error, exit 1)', { skip: dir && fs.existsSync(dir) ? false : 'no python3 standard library' }, () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'padded-cell-stdlib-'));
  try {
    const files = copyPythonFiles(dir!, copy);
    const cli = path.join(__dirname, '..', '..', 'dist', 'cli.js');
    const run = spawnSync(process.execPath, [cli, 'scan', '--preset', 'audit', '--format', 'json', copy], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const report = JSON.parse(run.stdout) as { filesScanned: number; errors: unknown[]; findings: { path: string; code: string; message: string }[] };
    const failed = report.findings.filter((f) => f.code === 'PC000').map((f) => `${path.relative(copy, f.path)}: ${f.message}`);
    assert.deepEqual(failed, []);
    assert.deepEqual(report.errors, []);
    assert.equal(report.filesScanned, files);
    assert.equal(run.status, 1);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});
