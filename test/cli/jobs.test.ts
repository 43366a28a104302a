// Worker threads and shards: `--jobs N` gives the same output as `--jobs 1` whatever the
// timing, a worker that dies fails its file visibly, and `--shard K/N` slices partition the
// files, the same way on every machine.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeInWorkers } from '../../server/src/cli/pool';
import { scanPaths, type FileResult } from '../../server/src/cli/scan';
import { createPythonParser } from '../../server/src/parser';
import { FIXTURES, makeTree, removeTree, runCli } from './runCli';

const UNSAFE = path.join(FIXTURES, 'unsafe');

/** 32 plugins: clean ones, and ones with one or two findings, under two folders. */
function plugins(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 32; i++) {
    const name = `${i % 2 ? 'alpha' : 'beta'}/plugin_${String(i).padStart(2, '0')}.py`;
    files[name] = i % 3 === 0 ? 'def run(x):\n    return x + 1\n' : i % 3 === 1 ? 'import os\nvalue = eval("1")\n' : `import subprocess\nn = ${i}\n`;
  }
  return files;
}

describe('--jobs', () => {
  test('--jobs 1, --jobs 2 and the default print the same, byte for byte, in each streaming and whole-report format', () => {
    const root = makeTree(plugins());
    try {
      for (const format of ['text', 'json', 'github']) {
        const one = runCli(['--format', format, '--jobs', '1'], root);
        const two = runCli(['--format', format, '--jobs', '2'], root);
        assert.equal(one.status, 1);
        assert.equal(two.stdout, one.stdout, format);
        // The default: 32 files make two workers on a machine with two cores or more (16 files a worker).
        if (format === 'text') assert.equal(runCli([], root).stdout, one.stdout);
        assert.equal(two.status, one.status);
        assert.equal(two.stderr, '');
      }
      // Sorted by path, though worker timing differs: alpha/ before beta/, 01 before 03.
      const text = runCli(['--jobs', '2'], root).stdout.split('\n');
      assert.deepEqual(text.slice(0, 3), [
        "alpha/plugin_01.py:1:8: PC101 import of 'os' is not allowed by policy 'strict'",
        "alpha/plugin_01.py:2:9: PC301 'eval' runs code built at run time; not allowed by policy 'strict'",
        "alpha/plugin_05.py:1:8: PC101 import of 'subprocess' is not allowed by policy 'strict'",
      ]);
      assert.equal(text.at(-2), 'Found 32 findings in 21 of 32 files.');
    } finally {
      removeTree(root);
    }
  });

  test('--fix with workers writes the same files as in process', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`f${i}.py`] = `while True:\n    if done():\n        break\n    try:\n        step(${i})\n    except:\n        pass\n`;
    const a = makeTree(files);
    const b = makeTree(files);
    try {
      const one = runCli(['--fix', '--jobs', '1'], a);
      const two = runCli(['--fix', '--jobs', '2'], b);
      assert.equal(one.stdout, 'Fixed 6 findings in 6 files.\nNo findings in 6 files.\n');
      assert.equal(two.stdout, one.stdout);
      for (const name of Object.keys(files)) {
        assert.equal(fs.readFileSync(path.join(b, name), 'utf8'), files[name].replace('except:', 'except Exception:'));
      }
    } finally {
      removeTree(a);
      removeTree(b);
    }
  });
});

describe('in process', () => {
  test('scanPaths: the same files and findings as the command, as one report', async () => {
    const parser = await createPythonParser();
    const report = scanPaths(parser, ['.'], { cwd: UNSAFE });
    assert.deepEqual(
      report.files.map((f) => [f.path, f.findings.map((x) => x.code)]),
      [
        ['also_bad.py', ['PC301']],
        ['escape.py', ['PC101', 'PC301', 'PC401', 'PC201']],
        ['fine.py', []],
      ],
    );
    assert.deepEqual(report.errors, []);
  });
});

describe('the worker pool', () => {
  // Stand-in workers, plain JavaScript: they answer late for early files, so results arrive
  // out of order, and they die on request. No parser is needed to test the ordering.
  const WORKER = `
const { parentPort, workerData, resourceLimits } = require('node:worker_threads');
if (workerData.options.failStart) throw new Error('cannot load');
parentPort.postMessage({ ready: true });
// Under the pool's heap cap (the tests set 16 MB), heavy files allocate until the worker runs
// out of memory; without it, heavy.py is analysed and heavy_crash.py crashes.
const capped = resourceLimits.maxOldGenerationSizeMb <= 16;
const hog = [];
parentPort.on('message', ({ id, file }) => {
  if (file.path.startsWith('heavy') && capped) for (;;) hog.push(new Array(100000).fill(id + 0.5));
  if (file.path === 'heavy_crash.py') throw new Error('too big even alone');
  if (file.path === 'cap.py') return parentPort.postMessage({ id, result: { error: { path: file.path, message: 'heap cap ' + resourceLimits.maxOldGenerationSizeMb } } });
  if (file.path === 'crash.py') throw new Error('boom');
  if (file.path === 'exit.py') process.exit(3);
  setTimeout(() => parentPort.postMessage({ id, result: { report: { path: file.path, findings: [] } } }), (20 - id) * 3);
});`;
  const files = (names: string[]) => names.map((p) => ({ path: p, absolutePath: `/nowhere/${p}` }));

  async function run(names: string[], jobs: number, options: object = {}) {
    const dir = makeTree({ 'worker.js': WORKER });
    const seen: [number, FileResult][] = [];
    try {
      await analyzeInWorkers(files(names), { cwd: dir, ...options }, jobs, (i, r) => void seen.push([i, r]), path.join(dir, 'worker.js'), 16);
      return seen;
    } finally {
      removeTree(dir);
    }
  }

  test('results come out in file order, however the workers finish', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `f${String(i).padStart(2, '0')}.py`);
    const seen = await run(names, 3);
    assert.deepEqual(
      seen.map(([i, r]) => [i, r.report?.path]),
      names.map((n, i) => [i, n]),
    );
  });

  test('a worker that dies fails its file, visibly, and the scan goes on', async () => {
    const seen = await run(['a.py', 'crash.py', 'b.py', 'exit.py', 'c.py'], 2);
    assert.deepEqual(
      seen.map(([, r]) => r),
      [
        { report: { path: 'a.py', findings: [] } },
        { error: { path: 'crash.py', message: 'analysis failed: the worker analysing it stopped (boom)' } },
        { report: { path: 'b.py', findings: [] } },
        { error: { path: 'exit.py', message: 'analysis failed: the worker analysing it stopped (exit code 3)' } },
        { report: { path: 'c.py', findings: [] } },
      ],
    );
  });

  test('a file that needs more than the heap cap is analysed again, alone, without it; the others are not held up', async () => {
    const seen = await run(['a.py', 'heavy.py', 'b.py', 'heavy_crash.py', 'c.py', 'cap.py'], 2);
    assert.deepEqual(
      seen.map(([i, r]) => [i, r]),
      [
        [0, { report: { path: 'a.py', findings: [] } }],
        [1, { report: { path: 'heavy.py', findings: [] } }],
        [2, { report: { path: 'b.py', findings: [] } }],
        // Alone it still fails: reported as any stopped worker is, never dropped.
        [3, { error: { path: 'heavy_crash.py', message: 'analysis failed: the worker analysing it stopped (too big even alone)' } }],
        [4, { report: { path: 'c.py', findings: [] } }],
        // The pool's workers do run under the cap, so heavy.py was analysed by the worker without it.
        [5, { error: { path: 'cap.py', message: 'heap cap 16' } }],
      ],
    );
  });

  test('workers that cannot start end the scan with an error, not a hang', async () => {
    await assert.rejects(run(['a.py', 'b.py'], 2, { failStart: true }), /^Error: scan workers cannot start: cannot load$/);
  });
});

describe('--shard', () => {
  // Twelve files; which shard holds which is fixed by FNV-1a of the path, so it is the same on
  // every machine and for every version. Changing the hash would move files between CI jobs.
  const names = Array.from({ length: 12 }, (_, i) => `plugins/p${String(i).padStart(2, '0')}.py`);
  const expected: Record<string, string[]> = {
    '1/3': ['plugins/p02.py', 'plugins/p10.py', 'plugins/p11.py'],
    '2/3': ['plugins/p00.py', 'plugins/p04.py', 'plugins/p05.py', 'plugins/p06.py', 'plugins/p07.py'],
    '3/3': ['plugins/p01.py', 'plugins/p03.py', 'plugins/p08.py', 'plugins/p09.py'],
  };

  test('K/3 for K = 1..3: the pinned slices, disjoint, together every file', () => {
    const root = makeTree(Object.fromEntries(names.map((n) => [n, 'value = eval("1")\n'])));
    try {
      const union: string[] = [];
      for (const shard of Object.keys(expected)) {
        const run = runCli(['--shard', shard, '--format', 'json'], root);
        const paths = JSON.parse(run.stdout).findings.map((f: { path: string }) => f.path);
        assert.deepEqual(paths, expected[shard], shard);
        assert.equal(run.status, 1);
        union.push(...paths);
      }
      assert.deepEqual(union.sort(), names);
      // The same slice when scanning with workers, and when other files come and go.
      assert.equal(runCli(['--shard', '2/3', '--jobs', '2'], root).stdout, runCli(['--shard', '2/3'], root).stdout);
      fs.writeFileSync(path.join(root, 'plugins', 'p99.py'), 'x = 1\n');
      const after = JSON.parse(runCli(['--shard', '1/3', '--format', 'json'], root).stdout);
      assert.deepEqual(
        after.findings.map((f: { path: string }) => f.path),
        expected['1/3'],
      );
    } finally {
      removeTree(root);
    }
  });

  test('1/1 is every file', () => {
    const root = makeTree(Object.fromEntries(names.map((n) => [n, 'x = 1\n'])));
    try {
      assert.equal(runCli(['--shard', '1/1'], root).stdout, 'No findings in 12 files.\n');
    } finally {
      removeTree(root);
    }
  });

  test('an empty shard says so on stderr; exit 0', () => {
    const root = makeTree({ 'plugins/p02.py': 'x = 1\n' });
    try {
      const run = runCli(['--shard', '2/3'], root);
      assert.equal(run.stdout, 'No findings in 0 files.\n');
      assert.equal(run.stderr, 'padded-cell: shard 2/3 holds none of the 1 files found\n');
      assert.equal(run.status, 0);
    } finally {
      removeTree(root);
    }
  });
});
