// The CLI starts itself again with `--single-threaded-gc` for scans that fill every core with
// workers (cli/relaunch.ts): when it does, and that the started process's exit code or signal
// is what the first one reports.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { relaunchWithSingleThreadedGc, SINGLE_THREADED_GC_FLAG, wantsSingleThreadedGc } from '../../server/src/cli/relaunch';

describe('relaunching a scan with the single-threaded collector', () => {
  test('only a scan of a folder or of many files, with at least one worker per core, and only once', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-relaunch-'));
    try {
      fs.writeFileSync(path.join(root, 'a.py'), 'x = 1\n');
      const wants = (args: string[], cores = 2, execArgv: string[] = [], env: Record<string, string> = {}): boolean => wantsSingleThreadedGc(args, execArgv, env, cores, root);
      assert.equal(wants(['scan', '.']), true);
      assert.equal(wants(['.']), true, 'scan is the default command');
      assert.equal(wants(['scan', '.', '--jobs', '2']), true);
      assert.equal(wants(['scan', '.', '--jobs', '8'], 8), true);
      assert.equal(wants(['scan', '.', '--jobs', '4'], 8), false, 'fewer workers than cores leave the collector a core');
      assert.equal(wants(['scan', '.', '--jobs', '1']), false);
      assert.equal(wants(['scan', '.'], 1), false, 'one core: no workers');
      assert.equal(wants(['scan', 'a.py']), false, 'a few files named one by one (a pre-commit hook)');
      assert.equal(wants(['scan', ...Array.from({ length: 32 }, (_, i) => `f${i}.py`)]), true);
      assert.equal(wants(['scan', '-', '.']), false, 'source read from stdin');
      assert.equal(wants(['scan', '.'], 2, [SINGLE_THREADED_GC_FLAG]), false, 'already started with it');
      assert.equal(wants(['scan', '.'], 2, [], { PADDED_CELL_RELAUNCHED: '1' }), false, 'never twice');
      assert.equal(wants(['policy', 'show']), false);
      assert.equal(wants(['scan', '.', '--jobs', 'x']), false, 'a usage error is reported by the process itself');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('the started process has the flag and its arguments, and its exit code or signal comes back', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-relaunch-'));
    try {
      const script = path.join(root, 'child.js');
      const out = path.join(root, 'out.json');
      fs.writeFileSync(
        script,
        `require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ execArgv: process.execArgv, args: process.argv.slice(2), env: process.env.PADDED_CELL_RELAUNCHED }));\n` +
          `if (process.argv[2] === 'signal') process.kill(process.pid, 'SIGTERM'); else process.exit(3);\n`,
      );
      assert.deepEqual(await relaunchWithSingleThreadedGc(script, ['code', '--x']), { code: 3, signal: null });
      const seen = JSON.parse(fs.readFileSync(out, 'utf8'));
      assert.ok(seen.execArgv.includes(SINGLE_THREADED_GC_FLAG));
      assert.deepEqual(seen.args, ['code', '--x']);
      assert.equal(seen.env, '1');
      assert.deepEqual(await relaunchWithSingleThreadedGc(script, ['signal']), { code: null, signal: 'SIGTERM' });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
