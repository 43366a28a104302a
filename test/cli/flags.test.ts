// The scan flags, end to end through the built CLI: each one's exact output, the files it
// leaves behind and its exit code.
import { describe, mock, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import nodeFs = require('node:fs');
import * as path from 'node:path';
import { FIXTURES, makeTree, removeTree, runCli } from './runCli';
import { runCli as runCliInProcess } from '../../server/src/cli/main';

const UNSAFE = path.join(FIXTURES, 'unsafe');
const CLEAN = path.join(FIXTURES, 'clean');

const MSG = {
  importOs: "import of 'os' is not allowed by policy 'strict'",
  eval: "'eval' runs code built at run time; not allowed by policy 'strict'",
  open: "builtin 'open' is not allowed by policy 'strict'",
  dunderClass: "dunder attribute '__class__' (class-hierarchy traversal) is not allowed by policy 'strict'",
  bareExcept: "bare 'except:' in an endless 'while' loop neither re-raises nor leaves the loop: it swallows the host's interrupt and keeps running; not allowed by policy 'strict'",
  baseException:
    "'except BaseException' in an endless 'while' loop neither re-raises nor leaves the loop: it swallows the host's interrupt and keeps running; not allowed by policy 'strict'",
};

/** Runs `fn` on a temporary tree and removes it afterwards. */
function withTree<T>(files: Record<string, string>, fn: (root: string) => T): T {
  const root = makeTree(files);
  try {
    return fn(root);
  } finally {
    removeTree(root);
  }
}

const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), 'utf8');

// Fixable constructs whose fixes are settled: `except:`/`except BaseException:` in an endless
// loop → `except Exception:` (safe, PC501), and removing a disallowed import (unsafe, PC101).
const LOOP = [
  'def serve(queue):',
  '    while True:',
  '        if queue.closed:',
  '            break',
  '        try:',
  '            queue.get()',
  '        except:',
  '            pass',
  '        try:',
  '            queue.put(1)',
  '        except BaseException:',
  '            continue',
  '',
].join('\n');
const LOOP_FIXED = LOOP.replace('except:', 'except Exception:').replace('except BaseException:', 'except Exception:');
const IMPORTS = 'import os\nimport json\n\nx = json.dumps([1])\n';
const IMPORTS_FIXED = 'import json\n\nx = json.dumps([1])\n';

describe('--format github', () => {
  test('one workflow command per finding, then the summary as a log line; exit 1', () => {
    const run = runCli(['--format', 'github'], UNSAFE);
    assert.equal(
      run.stdout,
      [
        `::error file=also_bad.py,line=1,col=10,endLine=1,endColumn=14,title=PC301 dynamic-code::${MSG.eval}`,
        `::error file=escape.py,line=1,col=8,endLine=1,endColumn=10,title=PC101 import-not-allowed::${MSG.importOs}`,
        `::error file=escape.py,line=5,col=13,endLine=5,endColumn=17,title=PC301 dynamic-code::${MSG.eval}`,
        `::error file=escape.py,line=6,col=14,endLine=6,endColumn=18,title=PC401 builtin-not-allowed::${MSG.open}`,
        `::error file=escape.py,line=7,col=31,endLine=7,endColumn=40,title=PC201 dunder-attribute::${MSG.dunderClass}`,
        'Found 5 findings in 2 of 3 files.',
        '',
      ].join('\n'),
    );
    assert.equal(run.stderr, '');
    assert.equal(run.status, 1);
  });

  test('an unreadable path is an error annotation; paths with , and : are escaped; exit 2', () => {
    withTree({ 'a,b:c.py': 'eval(s)\n' }, (root) => {
      const run = runCli(['--format=github', '.', 'gone.py'], root);
      assert.equal(
        run.stdout,
        [
          `::error file=a%2Cb%3Ac.py,line=1,col=1,endLine=1,endColumn=5,title=PC301 dynamic-code::${MSG.eval}`,
          '::error file=gone.py,title=padded-cell::cannot read: no such file or directory (ENOENT)',
          'Found 1 finding in 1 of 1 file. 1 path could not be scanned.',
          '',
        ].join('\n'),
      );
      assert.equal(run.status, 2);
    });
  });
});

describe('--statistics', () => {
  test('counts per code, most first, then by code, and the summary; exit 1', () => {
    const run = runCli(['--statistics'], UNSAFE);
    assert.equal(run.stdout, ['2  PC301  dynamic-code', '1  PC101  import-not-allowed', '1  PC201  dunder-attribute', '1  PC401  builtin-not-allowed', 'Found 5 findings in 2 of 3 files.', ''].join('\n'));
    assert.equal(run.status, 1);
  });

  test('nothing found: the summary only; exit 0', () => {
    const run = runCli(['scan', '--statistics'], CLEAN);
    assert.equal(run.stdout, 'No findings in 2 files.\n');
    assert.equal(run.status, 0);
  });
});

describe('--exit-zero', () => {
  test('findings exit 0, the output unchanged', () => {
    const plain = runCli([], UNSAFE);
    const run = runCli(['--exit-zero'], UNSAFE);
    assert.equal(run.stdout, plain.stdout);
    assert.equal(run.status, 0);
  });

  test('errors still exit 2', () => {
    const run = runCli(['--exit-zero', 'fine.py', 'missing.py'], UNSAFE);
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'padded-cell: missing.py: cannot read: no such file or directory (ENOENT)\n');
  });
});

describe('--fix', () => {
  test('applies the safe fixes in place, leaves the unsafe ones, and reports what remains; exit 1', () => {
    withTree({ 'loop.py': LOOP, 'imports.py': IMPORTS }, (root) => {
      const run = runCli(['--fix'], root);
      assert.equal(run.stdout, [`imports.py:1:8: PC101 ${MSG.importOs}`, 'Fixed 2 findings in 1 file.', 'Found 1 finding in 1 of 2 files.', ''].join('\n'));
      assert.equal(run.stderr, '');
      assert.equal(run.status, 1);
      assert.equal(read(root, 'loop.py'), LOOP_FIXED);
      assert.equal(read(root, 'imports.py'), IMPORTS);
    });
  });

  test('--unsafe-fixes applies the rest too; nothing remains; exit 0', () => {
    withTree({ 'loop.py': LOOP, 'imports.py': IMPORTS }, (root) => {
      const run = runCli(['--fix', '--unsafe-fixes'], root);
      assert.equal(run.stdout, 'Fixed 3 findings in 2 files.\nNo findings in 2 files.\n');
      assert.equal(run.status, 0);
      assert.equal(read(root, 'loop.py'), LOOP_FIXED);
      assert.equal(read(root, 'imports.py'), IMPORTS_FIXED);
    });
  });

  test('nothing fixable: says so, touches nothing', () => {
    const run = runCli(['--fix', 'also_bad.py'], UNSAFE);
    assert.equal(run.stdout, `also_bad.py:1:10: PC301 ${MSG.eval}\nNo fixes to apply.\nFound 1 finding in 1 of 1 file.\n`);
    assert.equal(run.status, 1);
  });

  test('a BOM and CRLF line breaks survive the fix', () => {
    const crlf = LOOP.replace(/\n/g, '\r\n');
    withTree({ 'loop.py': '\uFEFF' + crlf }, (root) => {
      const run = runCli(['--fix'], root);
      assert.equal(run.stdout, 'Fixed 2 findings in 1 file.\nNo findings in 1 file.\n');
      assert.equal(read(root, 'loop.py'), '\uFEFF' + LOOP_FIXED.replace(/\n/g, '\r\n'));
    });
  });

  test('a file that is not valid UTF-8 is not written: a warning, and its findings', () => {
    const bytes = Buffer.concat([Buffer.from('# \xff\n', 'latin1'), Buffer.from(LOOP)]);
    const root = makeTree({});
    try {
      fs.writeFileSync(path.join(root, 'loop.py'), bytes);
      const run = runCli(['--fix'], root);
      assert.equal(run.stderr, 'padded-cell: loop.py: not fixed: the file is not valid UTF-8, and writing it would replace the invalid bytes\n');
      assert.equal(run.stdout, [`loop.py:8:9: PC501 ${MSG.bareExcept}`, `loop.py:12:9: PC501 ${MSG.baseException}`, 'No fixes to apply.', 'Found 2 findings in 1 of 1 file.', ''].join('\n'));
      assert.deepEqual(fs.readFileSync(path.join(root, 'loop.py')), bytes);
      assert.equal(run.status, 1);
    } finally {
      removeTree(root);
    }
  });

  test('a file whose fixes cannot be written: its findings stay, the write error is counted as one, not as a scan error; exit 2', async () => {
    // The write fails in process: chmod does not stop root, and `chattr +i` needs root and a
    // file system that supports it.
    const root = makeTree({ 'loop.py': LOOP, 'other.py': LOOP, 'imports.py': IMPORTS });
    try {
      const locked = path.join(root, 'loop.py');
      const denied = Object.assign(new Error(`EPERM: operation not permitted, open '${locked}'`), { code: 'EPERM' });
      const write = nodeFs.writeFileSync;
      const writeFile = mock.method(nodeFs, 'writeFileSync', (file: string, data: string) => {
        if (file === locked) throw denied;
        write(file, data);
      });
      const stdout: string[] = [];
      const stderr: string[] = [];
      try {
        const code = await runCliInProcess(['--fix'], { cwd: root, stdout: (text) => void stdout.push(text), stderr: (text) => void stderr.push(text) });
        assert.equal(
          stdout.join(''),
          [
            `imports.py:1:8: PC101 ${MSG.importOs}`,
            `loop.py:7:9: PC501 ${MSG.bareExcept}`,
            `loop.py:11:9: PC501 ${MSG.baseException}`,
            'loop.py: error: cannot write fixes: operation not permitted (EPERM)',
            'Fixed 2 findings in 1 file. Could not write fixes to 1 file.',
            'Found 3 findings in 2 of 3 files.',
            '',
          ].join('\n'),
        );
        assert.equal(stderr.join(''), 'padded-cell: loop.py: cannot write fixes: operation not permitted (EPERM)\n');
        assert.equal(code, 2);
        assert.equal(writeFile.mock.callCount(), 2);
      } finally {
        writeFile.mock.restore();
      }
      assert.equal(read(root, 'loop.py'), LOOP);
      assert.equal(read(root, 'other.py'), LOOP_FIXED);
    } finally {
      removeTree(root);
    }
  });

  test('with --format json: the remaining findings, and the files are fixed', () => {
    withTree({ 'loop.py': LOOP, 'imports.py': IMPORTS }, (root) => {
      const run = runCli(['--fix', '--format', 'json'], root);
      const out = JSON.parse(run.stdout);
      assert.deepEqual(
        out.findings.map((f: { path: string; code: string }) => `${f.path} ${f.code}`),
        ['imports.py PC101'],
      );
      assert.equal(read(root, 'loop.py'), LOOP_FIXED);
    });
  });
});

describe('--diff', () => {
  const LOOP_DIFF = [
    '--- a/loop.py',
    '+++ b/loop.py',
    '@@ -4,9 +4,9 @@',
    '             break',
    '         try:',
    '             queue.get()',
    '-        except:',
    '+        except Exception:',
    '             pass',
    '         try:',
    '             queue.put(1)',
    '-        except BaseException:',
    '+        except Exception:',
    '             continue',
    '',
  ].join('\n');

  test('prints the safe fixes as a unified diff, writes nothing; exit 1', () => {
    withTree({ 'loop.py': LOOP, 'imports.py': IMPORTS }, (root) => {
      const run = runCli(['--diff'], root);
      assert.equal(run.stdout, LOOP_DIFF);
      assert.equal(run.stderr, 'Would fix 2 findings in 1 file.\n');
      assert.equal(run.status, 1);
      assert.equal(read(root, 'loop.py'), LOOP);
    });
  });

  test('with --unsafe-fixes, in path order', () => {
    withTree({ 'loop.py': LOOP, 'imports.py': IMPORTS }, (root) => {
      const run = runCli(['--diff', '--unsafe-fixes'], root);
      assert.equal(run.stdout, ['--- a/imports.py', '+++ b/imports.py', '@@ -1,4 +1,3 @@', '-import os', ' import json', ' ', ' x = json.dumps([1])', ''].join('\n') + LOOP_DIFF);
      assert.equal(run.stderr, 'Would fix 3 findings in 2 files.\n');
      assert.equal(run.status, 1);
      assert.equal(read(root, 'imports.py'), IMPORTS);
    });
  });

  test('nothing to fix: no diff; exit 0, even with findings', () => {
    const run = runCli(['--diff'], UNSAFE);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'No fixes to apply.\n');
    assert.equal(run.status, 0);
  });

  test('--exit-zero: a diff still exits 0', () => {
    withTree({ 'loop.py': LOOP }, (root) => {
      const run = runCli(['--diff', '--exit-zero'], root);
      assert.equal(run.stdout, LOOP_DIFF);
      assert.equal(run.status, 0);
    });
  });
});

describe('flag combinations that are refused; exit 2', () => {
  const cases: [string[], string][] = [
    [['--unsafe-fixes'], "option '--unsafe-fixes' needs '--fix' or '--diff'"],
    [['--diff', '--format', 'json'], "option '--diff' prints a diff, not a report: it cannot be combined with '--format json'"],
    [['--diff', '--statistics'], "options '--diff' and '--statistics' cannot be combined"],
    [['--statistics', '--format=sarif'], "option '--statistics' prints a table: it cannot be combined with '--format sarif'"],
    [['--fix=yes'], "option '--fix' takes no value"],
    [['--jobs', '0'], "option '--jobs' needs a whole number from 1 to 9999, not '0'"],
    [['-j', 'many'], "option '-j' needs a whole number from 1 to 9999, not 'many'"],
    [['--shard', '3/2'], "option '--shard' needs K/N with 1 <= K <= N (e.g. 2/4), not '3/2'"],
    [['--shard=1'], "option '--shard' needs K/N with 1 <= K <= N (e.g. 2/4), not '1'"],
  ];
  for (const [args, message] of cases) {
    test(args.join(' '), () => {
      const run = runCli(args, UNSAFE);
      assert.equal(run.stderr, `padded-cell: ${message} (see 'padded-cell --help')\n`);
      assert.equal(run.stdout, '');
      assert.equal(run.status, 2);
    });
  }
});

describe('size limit (PC003)', () => {
  // One byte over the default `max-file-bytes` (2 MB): reported without being read or parsed.
  const big = '# padding\n' + 'x'.repeat(2 * 1024 * 1024 - 10) + '\n';
  const message = "not analysed: file larger than 2 MB (2097153 bytes; policy 'strict' sets max-file-bytes = 2097152)";

  test('one info finding at the top of the file instead of silence; exit 1, or 0 with --exit-zero', () => {
    withTree({ 'big.py': big, 'small.py': 'x = 1\n' }, (root) => {
      const run = runCli([], root);
      assert.equal(run.stdout, `big.py:1:1: PC003 ${message}\nFound 1 finding in 1 of 2 files.\n`);
      assert.equal(run.status, 1);
      const json = JSON.parse(runCli(['--format', 'json'], root).stdout);
      assert.deepEqual(json.findings[0], {
        path: 'big.py',
        code: 'PC003',
        name: 'file-too-large',
        severity: 'info',
        message,
        start: { line: 1, column: 1 },
        end: { line: 1, column: 1 },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      });
      assert.equal(runCli(['--exit-zero'], root).status, 0);
    });
  });

  test('the limit counts the bytes on disk: a file at the limit is analysed, though its decoded text is larger', () => {
    // Each invalid byte decodes to U+FFFD, three bytes in UTF-8: about 6 MB once decoded.
    const tail = Buffer.from('\neval(x)\n');
    const bytes = Buffer.concat([Buffer.from('# '), Buffer.alloc(2 * 1024 * 1024 - 2 - tail.length, 0xff), tail]);
    const root = makeTree({});
    try {
      fs.writeFileSync(path.join(root, 'edge.py'), bytes);
      const run = runCli([], root);
      assert.equal(run.stdout, `edge.py:2:1: PC301 ${MSG.eval}\nFound 1 finding in 1 of 1 file.\n`);
    } finally {
      removeTree(root);
    }
  });

  test('--fix leaves a file over the limit alone', () => {
    withTree({ 'big.py': big }, (root) => {
      const run = runCli(['--fix'], root);
      assert.equal(run.stdout, `big.py:1:1: PC003 ${message}\nNo fixes to apply.\nFound 1 finding in 1 of 1 file.\n`);
      assert.equal(read(root, 'big.py'), big);
    });
  });
});

describe('progress bar', () => {
  test('not drawn for a scan shorter than a second, even on a terminal', async () => {
    const terminalWrites: string[] = [];
    const stderr: string[] = [];
    const code = await runCliInProcess(['also_bad.py'], {
      cwd: UNSAFE,
      stdout: () => {},
      stderr: (text) => void stderr.push(text),
      stderrTerminal: { columns: 80, write: (text) => void terminalWrites.push(text) },
      env: {},
    });
    assert.equal(code, 1);
    assert.deepEqual(terminalWrites, []);
    assert.deepEqual(stderr, []);
  });
});
