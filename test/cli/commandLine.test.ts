// Commands, options and exit codes: 0 clean, 1 findings, 2 usage, policy or I/O error, each
// error on one line of stderr.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { presetNames } from '../../server/src/policy/fromPreset';
import { version } from '../../package.json';
import { CLI, FIXTURES, makeTree, removeTree, runCli } from './runCli';

const UNSAFE = path.join(FIXTURES, 'unsafe');

describe('usage', () => {
  test('--version and -V print the version; exit 0', () => {
    for (const flag of ['--version', '-V']) {
      const run = runCli([flag], FIXTURES);
      assert.equal(run.stdout, `padded-cell ${version}\n`);
      assert.equal(run.status, 0);
    }
  });

  test('--help, -h and scan --help print the usage; exit 0', () => {
    for (const args of [['--help'], ['-h'], ['scan', '--help']]) {
      const run = runCli(args, FIXTURES);
      assert.match(run.stdout, /^Usage: padded-cell \[scan\] \[options\] \[PATH\.\.\.\]\n/);
      assert.match(run.stdout, /--format FORMAT +Output format: text, json, sarif, github \(default: text\)/);
      assert.match(run.stdout, /Exit codes: 0 no findings, 1 findings, 2 usage, policy or I\/O error\./);
      assert.equal(run.stderr, '');
      assert.equal(run.status, 0);
    }
  });

  test('--help names the files the walk picks up and the default of --jobs as the scan applies them', () => {
    const help = runCli(['--help'], FIXTURES).stdout;
    const walk = [
      '  scan    Check files and folders (the default; PATH defaults to "."). Folders are',
      '          walked for *.py and *.ipynb, skipping .git, node_modules, site-packages,',
      '          virtual environments (folders holding pyvenv.cfg) and paths ignored by',
      '          .gitignore. Files named on the command line are always checked.',
      '',
    ].join('\n');
    const jobs = [
      '  -j, --jobs N      Analyse with N worker threads (default: one per core, at most',
      '                    one per 16 files: under 32 files run in this thread, as with 1)',
      '',
    ].join('\n');
    assert.ok(help.includes(walk), help);
    assert.ok(help.includes(jobs), help);
  });

  test('policy is dispatched to its own command', () => {
    const run = runCli(['policy', '--help'], FIXTURES);
    assert.match(run.stdout, /^Usage: padded-cell policy /);
    assert.equal(run.status, 0);
  });

  const usageErrors: [string[], string][] = [
    [['--bogus'], "unknown option '--bogus'"],
    [['scan', '--format', 'xml'], "option '--format' must be one of text, json, sarif, github, not 'xml'"],
    [['--format'], "option '--format' needs a value"],
    [['--preset=strict', '--no-such-flag=2'], "unknown option '--no-such-flag'"],
  ];
  for (const [args, message] of usageErrors) {
    test(`${args.join(' ')}: one line on stderr, nothing on stdout; exit 2`, () => {
      const run = runCli(args, UNSAFE);
      assert.equal(run.stderr, `padded-cell: ${message} (see 'padded-cell --help')\n`);
      assert.equal(run.stdout, '');
      assert.equal(run.status, 2);
    });
  }

  test('an unknown preset is a policy error: one line on stderr; exit 2', () => {
    const run = runCli(['scan', '--preset', 'lenient-ish', '.'], UNSAFE);
    assert.equal(run.stderr, `padded-cell: unknown preset 'lenient-ish' (known: ${presetNames().join(', ')})\n`);
    assert.equal(run.stdout, '');
    assert.equal(run.status, 2);
  });

  test('a known preset is used in the messages', () => {
    const run = runCli(['--preset', 'strict', 'also_bad.py'], UNSAFE);
    assert.equal(run.stdout, "also_bad.py:1:10: PC301 'eval' runs code built at run time; not allowed by policy 'strict'\nFound 1 finding in 1 of 1 file.\n");
    assert.equal(run.status, 1);
  });

  test('a missing path is an I/O error, reported with the rest of the scan; exit 2', () => {
    const run = runCli(['no_such_dir', 'fine.py'], UNSAFE);
    const reason = 'cannot read: no such file or directory (ENOENT)';
    assert.equal(run.stdout, `no_such_dir: error: ${reason}\nNo findings in 1 file. 1 path could not be scanned.\n`);
    assert.equal(run.stderr, `padded-cell: no_such_dir: ${reason}\n`);
    assert.equal(run.status, 2);
  });

  test('a folder with no Python files: a warning on stderr; exit 0', () => {
    const root = makeTree({ 'README.md': '# nothing\n' });
    try {
      const run = runCli([], root);
      assert.equal(run.stdout, 'No findings in 0 files.\n');
      assert.equal(run.stderr, 'padded-cell: no Python files found under .\n');
      assert.equal(run.status, 0);
    } finally {
      removeTree(root);
    }
  });

  test('`--` ends the options: a path may start with a dash', () => {
    const root = makeTree({ '-odd.py': 'eval("1")\n' });
    try {
      const run = runCli(['--', '-odd.py'], root);
      assert.equal(run.stdout, "-odd.py:1:1: PC301 'eval' runs code built at run time; not allowed by policy 'strict'\nFound 1 finding in 1 of 1 file.\n");
      assert.equal(run.status, 1);
    } finally {
      removeTree(root);
    }
  });
});

describe('lsp', () => {
  /** Frames one JSON-RPC message the way LSP's base protocol does. */
  const frame = (message: object) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  };

  /** Every complete message in a stdout capture (the server may log before it answers). */
  const messages = (text: string) => {
    const out: { id?: number; result?: any }[] = [];
    for (let rest = text; ; ) {
      const header = /^Content-Length: (\d+)\r\n\r\n/.exec(rest);
      if (!header) return out;
      const start = header[0].length;
      const body = Buffer.from(rest.slice(start), 'utf8').subarray(0, Number(header[1])).toString('utf8');
      if (Buffer.byteLength(body) < Number(header[1])) return out;
      out.push(JSON.parse(body));
      rest = rest.slice(start + body.length);
    }
  };

  const initialize = { processId: null, rootUri: null, capabilities: {} };

  /** Starts `padded-cell lsp ARGS` over stdio and checks that it answers `initialize` and exits 0 on `exit`. */
  async function servesOverStdio(args: string[]): Promise<void> {
    const child = spawn(process.execPath, [CLI, 'lsp', ...args], { cwd: FIXTURES, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    const initialized = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        if (messages(stdout).some((m) => m.id === 1)) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const timeout = setTimeout(() => child.kill(), 20_000);
    try {
      child.stdin.write(frame({ id: 1, method: 'initialize', params: initialize }));
      await initialized;
      const body = messages(stdout).find((m) => m.id === 1)!;
      assert.equal(body.result.serverInfo.name, 'padded-cell');
      assert.ok(body.result.capabilities.textDocumentSync, 'advertises text sync');
      child.stdin.write(frame({ method: 'initialized', params: {} }));
      child.stdin.write(frame({ id: 2, method: 'shutdown' }));
      child.stdin.write(frame({ method: 'exit' }));
      assert.equal(await exited, 0);
    } finally {
      clearTimeout(timeout);
      child.kill();
    }
  }

  test('padded-cell lsp serves LSP over stdio: initialize answers, shutdown and exit end it with 0', () => servesOverStdio([]));

  // What vscode-languageclient passes for a stdio server, in either spelling of the value.
  test('--stdio with --clientProcessId=PID is accepted', () => servesOverStdio(['--stdio', `--clientProcessId=${process.pid}`]));
  test('--clientProcessId PID before --stdio is accepted', () => servesOverStdio(['--clientProcessId', String(process.pid), '--stdio']));

  test('--node-ipc --clientProcessId=PID serves over the IPC channel, as the VS Code client starts it', async () => {
    const child = spawn(process.execPath, [CLI, 'lsp', '--node-ipc', `--clientProcessId=${process.pid}`], { cwd: FIXTURES, stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
    const answered = new Promise<{ id?: number; result?: any }>((resolve) => child.on('message', (m: { id?: number }) => m.id === 1 && resolve(m)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const timeout = setTimeout(() => child.kill(), 20_000);
    try {
      child.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: initialize });
      assert.equal((await answered).result.serverInfo.name, 'padded-cell');
      child.send({ jsonrpc: '2.0', id: 2, method: 'shutdown' });
      child.send({ jsonrpc: '2.0', method: 'exit' });
      assert.equal(await exited, 0);
    } finally {
      clearTimeout(timeout);
      child.kill();
    }
  });

  test('lsp --help prints the usage; exit 0', () => {
    const run = runCli(['lsp', '--help'], FIXTURES);
    assert.match(run.stdout, /^Usage: padded-cell \[scan\] \[options\] \[PATH\.\.\.\]\n/);
    assert.equal(run.status, 0);
  });

  // Anything else is refused before the server starts, instead of serving on stdio regardless.
  const usageErrors: [string[], string][] = [
    [['--bogus'], "unknown option '--bogus' for 'lsp'"],
    [['--stdio', '--verbose=2'], "unknown option '--verbose' for 'lsp'"],
    [['plugin.py'], "'lsp' takes no arguments, not 'plugin.py'"],
    [['--stdio=yes'], "option '--stdio' takes no value"],
    [['--stdio', '--node-ipc'], "options '--stdio' and '--node-ipc' cannot be combined"],
    [['--clientProcessId'], "option '--clientProcessId' needs a process id"],
    [['--clientProcessId=me'], "option '--clientProcessId' needs a process id, not 'me'"],
    // The server opens no socket or pipe: on stdio the client would wait for it forever.
    [['--socket=6009'], "option '--socket' is not supported: 'lsp' serves over --stdio (the default) or --node-ipc"],
    [['--socket', '6009'], "option '--socket' is not supported: 'lsp' serves over --stdio (the default) or --node-ipc"],
    [['--pipe=/tmp/padded-cell.sock'], "option '--pipe' is not supported: 'lsp' serves over --stdio (the default) or --node-ipc"],
  ];
  for (const [args, message] of usageErrors) {
    test(`lsp ${args.join(' ')}: one line on stderr, nothing on stdout; exit 2`, () => {
      const run = runCli(['lsp', ...args], FIXTURES);
      assert.equal(run.stderr, `padded-cell: ${message} (see 'padded-cell --help')\n`);
      assert.equal(run.stdout, '');
      assert.equal(run.status, 2);
    });
  }
});

describe('policy --policy', () => {
  test('--policy FILE and --policy=FILE name the policy file, as --policy-file does (and as scan spells it)', () => {
    const root = makeTree({ 'host/padded-cell.toml': 'extends = "strict"\nallow-modules = ["numpy"]\n', 'plugin/plugin.py': 'x = 1\n' });
    try {
      const cwd = path.join(root, 'plugin');
      const expected = runCli(['policy', '--policy-file', '../host/padded-cell.toml', 'plugin.py'], cwd);
      assert.equal(expected.status, 0);
      assert.ok(expected.stdout.includes('  + numpy  ('), expected.stdout);
      for (const args of [['--policy', '../host/padded-cell.toml'], ['--policy=../host/padded-cell.toml']]) {
        const run = runCli(['policy', ...args, 'plugin.py'], cwd);
        assert.deepEqual(run, expected);
      }
    } finally {
      removeTree(root);
    }
  });
});
