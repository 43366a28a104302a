// Which files a folder scan covers: .gitignore honoured, dependency and virtual-environment
// folders skipped, symbolic links followed without looping, and nothing dropped silently.
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { makeTree, removeTree, runCli } from './runCli';

const EVAL = 'eval("1")\n';
const evalLine = (p: string) => `${p}:1:1: PC301 'eval' runs code built at run time; not allowed by policy 'strict'`;

const trees: string[] = [];
const tree = (files: Parameters<typeof makeTree>[0]) => {
  const root = makeTree(files);
  trees.push(root);
  return root;
};
after(() => trees.forEach(removeTree));

/** The paths of the files a scan reported findings in. */
function flagged(root: string, args: string[] = []): string[] {
  const run = runCli(['--format', 'json', ...args], root);
  const out = JSON.parse(run.stdout);
  assert.deepEqual(out.errors, []);
  return out.findings.map((f: { path: string }) => f.path);
}

describe('folder walk', () => {
  test('.gitignore files are honoured, nested ones and negations included', () => {
    const root = tree({
      '.gitignore': 'build/\n*_generated.py\n',
      'kept.py': EVAL,
      'schema_generated.py': EVAL,
      'build/out.py': EVAL,
      'pkg/.gitignore': 'local.py\n!keep_generated.py\n',
      'pkg/local.py': EVAL,
      'pkg/keep_generated.py': EVAL,
      'pkg/mod.py': EVAL,
    });
    assert.deepEqual(flagged(root), ['kept.py', 'pkg/keep_generated.py', 'pkg/mod.py']);
  });

  test('a file named on the command line is scanned even when ignored, whatever its extension', () => {
    const root = tree({ '.gitignore': '*_generated.py\n', 'schema_generated.py': EVAL, 'script.txt': EVAL });
    assert.deepEqual(flagged(root, ['schema_generated.py', 'script.txt']), ['schema_generated.py', 'script.txt']);
  });

  test('.gitignore files above the scanned folder apply up to the repository root', () => {
    const root = tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': 'vendored/\n', 'src/vendored/lib.py': EVAL, 'src/app.py': EVAL });
    assert.deepEqual(flagged(path.join(root, 'src')), ['app.py']);
  });

  test('.git, node_modules, site-packages and virtual environments are skipped', () => {
    const root = tree({
      'app.py': EVAL,
      '.git/hooks/hook.py': EVAL,
      'node_modules/pkg/gyp.py': EVAL,
      'lib/python3.12/site-packages/dep.py': EVAL,
      '.venv/pyvenv.cfg': 'home = /usr/bin\n',
      '.venv/lib/mod.py': EVAL,
      'env/pyvenv.cfg': 'home = /usr/bin\n',
      'env/bin/activate_this.py': EVAL,
    });
    assert.deepEqual(flagged(root), ['app.py']);
  });

  test('a folder is a virtual environment by its pyvenv.cfg, not by its name', () => {
    const root = tree({ 'venv/hidden.py': EVAL, 'env/also.py': EVAL });
    assert.deepEqual(flagged(root), ['env/also.py', 'venv/hidden.py']);
  });

  test('only *.py files are collected from folders', () => {
    const root = tree({ 'a.py': EVAL, 'b.pyc': EVAL, 'c.txt': EVAL, 'd.py.bak': EVAL });
    assert.deepEqual(flagged(root), ['a.py']);
  });

  test('odd names: spaces, leading dots, a folder named "..."', () => {
    const root = tree({ 'sp ace/a.py': EVAL, '.../b.py': EVAL, '.hidden/c.py': EVAL, '..d.py': EVAL });
    assert.deepEqual(flagged(root), ['.../b.py', '..d.py', '.hidden/c.py', 'sp ace/a.py']);
  });

  test('a repository root nested in another takes no .gitignore from above it', () => {
    const root = tree({ '.git/HEAD': 'x\n', '.gitignore': 'inner/\n', 'inner/.git/HEAD': 'x\n', 'inner/mod.py': EVAL });
    assert.deepEqual(flagged(path.join(root, 'inner')), ['mod.py']);
  });

  test('symbolic links: a loop ends, a linked folder is scanned, a linked file is reported under its real path', () => {
    const outside = tree({ 'shared.py': EVAL });
    const root = tree({
      'pkg/mod.py': EVAL,
      'pkg/loop': { link: '..' },
      'pkg/self': { link: '.' },
      'alias.py': { link: 'pkg/mod.py' },
      'a_link': { link: 'pkg' },
      'ext': { link: outside },
    });
    assert.deepEqual(flagged(root), ['ext/shared.py', 'pkg/mod.py']);
  });
});

describe('unreadable paths are reported, never skipped', () => {
  // Tests run as root, which reads any mode-000 file: a dangling link and a FIFO are what root
  // cannot read either (and a FIFO would block a naive reader for ever).
  const root = tree({ 'good.py': EVAL, 'gone.py': { link: 'missing.py' }, 'gone.txt': { link: 'missing.txt' } });
  const fifo = spawnSync('mkfifo', [path.join(root, 'pipe.py')]);
  assert.equal(fifo.status, 0, 'mkfifo');
  const GONE = 'cannot read: broken symbolic link, no such file or directory (ENOENT)';
  const PIPE = 'cannot read: not a regular file';

  test('text: an error line per path and in the summary, one line each on stderr; exit 2', () => {
    const run = runCli(['scan'], root);
    assert.equal(run.stdout, [evalLine('good.py'), `gone.py: error: ${GONE}`, `pipe.py: error: ${PIPE}`, 'Found 1 finding in 1 of 1 file. 2 paths could not be scanned.', ''].join('\n'));
    assert.equal(run.stderr, `padded-cell: gone.py: ${GONE}\npadded-cell: pipe.py: ${PIPE}\n`);
    assert.equal(run.status, 2);
  });

  test('json: the errors array', () => {
    const run = runCli(['--format', 'json'], root);
    const out = JSON.parse(run.stdout);
    assert.deepEqual(out.errors, [
      { path: 'gone.py', message: GONE },
      { path: 'pipe.py', message: PIPE },
    ]);
    assert.equal(out.filesScanned, 1);
    assert.equal(run.status, 2);
  });

  test('sarif: tool execution notifications, and the run marked unsuccessful', () => {
    const run = runCli(['--format', 'sarif'], root);
    const [invocation] = JSON.parse(run.stdout).runs[0].invocations;
    assert.deepEqual(invocation, {
      executionSuccessful: false,
      toolExecutionNotifications: [
        { level: 'error', message: { text: `gone.py: ${GONE}` }, locations: [{ physicalLocation: { artifactLocation: { uri: 'gone.py', uriBaseId: '%SRCROOT%' } } }] },
        { level: 'error', message: { text: `pipe.py: ${PIPE}` }, locations: [{ physicalLocation: { artifactLocation: { uri: 'pipe.py', uriBaseId: '%SRCROOT%' } } }] },
      ],
    });
    assert.equal(run.status, 2);
  });

  test('errors win over a clean result', () => {
    const clean = tree({ 'ok.py': 'x = 1\n', 'gone.py': { link: 'missing.py' } });
    const run = runCli([], clean);
    assert.equal(run.stdout, `gone.py: error: ${GONE}\nNo findings in 1 file. 1 path could not be scanned.\n`);
    assert.equal(run.status, 2);
  });
});
