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

  test('padded-cell lsp serves LSP over stdio: initialize answers, shutdown and exit end it with 0', async () => {
    const child = spawn(process.execPath, [CLI, 'lsp'], { cwd: FIXTURES, stdio: ['pipe', 'pipe', 'pipe'] });
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
      child.stdin.write(frame({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
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
  });
});
