// Fail closed, visibly: a NUL byte or a binary file named `.py`, and a file over the policy's
// size limit, on the command line (the built CLI) and in the editor (the bundled server). Such a
// file is reported at its top, never passed in silence; a binary file is still analysed but
// never fixed, and a file over the limit is not parsed at all.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTree, removeTree, runCli } from '../cli/runCli';
import { diagnostic, ensureServerBundle, only } from '../lsp/helpers/lspClient';
import { EditorClient, fileUri, makeWorkspace, removeWorkspace } from '../lsp/helpers/workspace';

before(() => ensureServerBundle());

const IMPORT_OS = "import of 'os' is not allowed by policy 'strict'";
const binaryMessage = (what: string): string =>
  `binary content: the file holds ${what}; Python rejects such source and older versions cut the line at the NUL, so the file is not checked as Python reads it`;

// The first bytes of an ELF executable, then a Python-looking line after the padding.
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xfe]), Buffer.from('\nimport os\n')]);
const ONE_NUL = 'x = 1\0\nimport os\n';

// A safe fix (PC501: bare `except:` in an endless loop) that must not be applied to a binary file.
const FIXABLE = 'while True:\n    try:\n        pass\n    except:\n        pass\n';

describe('the command line', () => {
  let root: string;
  before(() => {
    root = makeTree({ 'text_with_nul.py': ONE_NUL, 'clean.py': 'x = 1\n', 'fixable_nul.py': FIXABLE + '# \0\n', 'nul_after_name.py': 'import os\0\nx = eval("1")\n' });
    fs.writeFileSync(path.join(root, 'program.py'), ELF);
  });
  after(() => removeTree(root));

  test('a NUL byte: reported at the top as binary content, the rest still analysed; exit 2', () => {
    const run = runCli(['text_with_nul.py'], root);
    assert.equal(run.stdout, [`text_with_nul.py:1:1: PC000 ${binaryMessage('a NUL byte (line 1, column 6)')}`, `text_with_nul.py:2:8: PC101 ${IMPORT_OS}`, 'Found 2 findings in 1 of 1 file.', ''].join('\n'));
    assert.equal(run.stderr, '');
    assert.equal(run.status, 2);
  });

  test('a NUL byte right after a name: parsed as a space, so the statements around it are read as they are written', () => {
    const run = runCli(['nul_after_name.py'], root);
    assert.equal(
      run.stdout,
      [
        `nul_after_name.py:1:1: PC000 ${binaryMessage('a NUL byte (line 1, column 10)')}`,
        `nul_after_name.py:1:8: PC101 ${IMPORT_OS}`,
        "nul_after_name.py:2:5: PC301 'eval' runs code built at run time; not allowed by policy 'strict'",
        'Found 3 findings in 1 of 1 file.',
        '',
      ].join('\n'),
    );
    assert.equal(run.status, 2);
  });

  test('a binary file named .py: the count of NUL bytes and where the first is; exit 2, even with --exit-zero', () => {
    const run = runCli(['--exit-zero', '--format', 'json', 'program.py'], root);
    const json = JSON.parse(run.stdout);
    assert.deepEqual(
      json.findings.map((f: { code: string; message: string; start: unknown }) => [f.code, f.start, f.message]),
      [
        ['PC000', { line: 1, column: 1 }, binaryMessage('5 NUL bytes (the first at line 1, column 8)')],
        ['PC101', { line: 2, column: 8 }, IMPORT_OS],
      ],
    );
    assert.equal(run.status, 2);
  });

  test('--fix leaves a binary file alone and says why', () => {
    const before = fs.readFileSync(path.join(root, 'fixable_nul.py'));
    const run = runCli(['--fix', 'fixable_nul.py'], root);
    assert.deepEqual(fs.readFileSync(path.join(root, 'fixable_nul.py')), before);
    assert.equal(run.stderr, 'padded-cell: fixable_nul.py: not fixed: the file holds NUL bytes (binary content)\n');
    assert.equal(run.status, 2);
  });

  test('a file without NUL bytes is not reported as binary', () => {
    const run = runCli(['clean.py'], root);
    assert.equal(run.stdout, 'No findings in 1 file.\n');
    assert.equal(run.status, 0);
  });
});

describe('the size limit on the command line, from a policy file', () => {
  let root: string;
  before(() => {
    root = makeTree({ 'padded-cell.toml': 'extends = "strict"\n\n[limits]\nmax-file-bytes = 64\n', 'big.py': 'import os\n' + '#'.repeat(100) + '\n', 'small.py': 'x = 1\n' });
  });
  after(() => removeTree(root));

  const LIMIT = "not analysed: file larger than 64 bytes (111 bytes; policy 'padded-cell.toml' sets max-file-bytes = 64)";

  test('an information finding instead of silence; exit 1', () => {
    const run = runCli([], root);
    assert.equal(run.stdout, `big.py:1:1: PC003 ${LIMIT}\nFound 1 finding in 1 of 2 files.\n`);
    assert.equal(run.status, 1);
  });

  test('--exit-zero: exit 0, the output unchanged', () => {
    const run = runCli(['--exit-zero'], root);
    assert.equal(run.stdout, `big.py:1:1: PC003 ${LIMIT}\nFound 1 finding in 1 of 2 files.\n`);
    assert.equal(run.status, 0);
  });
});

describe('the editor', () => {
  let root: string;
  let editor: EditorClient;
  before(async () => {
    root = makeWorkspace({ 'limited/padded-cell.toml': 'extends = "strict"\n\n[limits]\nmax-file-bytes = 64\n', 'limited/closed_big.py': 'import os\n' + '#'.repeat(100) + '\n' });
    fs.writeFileSync(path.join(root, 'program.py'), ELF);
    editor = await EditorClient.start({ folders: [root] });
  });
  after(async () => {
    await editor.stop();
    removeWorkspace(root);
  });

  // PC000 is not a rule and has no page to link to; PC003 has.
  const top = (code: string, message: string, severity: number) => ({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity,
    code,
    source: 'padded-cell',
    message,
    ...(code === 'PC000' ? {} : { codeDescription: { href: `https://github.com/padded-cell/padded-cell/blob/main/docs/rules/${code}.md` } }),
  });

  test('an open document with a NUL byte: a diagnostic at the top, the rest analysed, nothing in the error log', async () => {
    const uri = fileUri(path.join(root, 'typed.py'));
    await editor.client.open(uri, ONE_NUL);
    const p = await editor.client.diagnosticsFor(uri);
    assert.deepEqual(only(['PC000', 'PC101'], p.diagnostics), [top('PC000', binaryMessage('a NUL byte (line 1, column 6)'), 1), diagnostic('PC101', [1, 7, 1, 9], IMPORT_OS)]);
    assert.deepEqual(editor.client.logs.filter((l) => l.type === 1), []);
  });

  test('over the size limit: one information diagnostic, nothing analysed; under it again, analysed', async () => {
    const uri = fileUri(path.join(root, 'limited', 'open_big.py'));
    const text = 'import os\n' + '#'.repeat(100) + '\n';
    await editor.client.open(uri, text);
    const p = await editor.client.diagnosticsFor(uri);
    assert.deepEqual(p.diagnostics, [top('PC003', "not analysed: file larger than 64 bytes (111 bytes; policy 'padded-cell.toml' sets max-file-bytes = 64)", 3)]);
    // Code actions on a document that was never parsed: answered, no parse needed.
    const actions = await editor.codeActions(uri, p.diagnostics);
    assert.ok(Array.isArray(actions));
    await editor.client.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, text: '' }]);
    const smaller = await editor.client.diagnosticsFor(uri);
    assert.deepEqual(only(['PC003', 'PC101'], smaller.diagnostics), [diagnostic('PC101', [0, 7, 0, 9], "import of 'os' is not allowed by policy 'padded-cell.toml'")]);
  });

  test('a 20 MB document: the limit finding in bounded time, without parsing it', { timeout: 120_000 }, async () => {
    const uri = fileUri(path.join(root, 'huge.py'));
    const text = 'x = 1\n'.repeat(20 * 1024 * 1024 / 6) + 'import os\n';
    const started = Date.now();
    await editor.client.open(uri, text);
    const p = await editor.client.nextDiagnostics(uri, () => true, 60_000);
    const ms = Date.now() - started;
    assert.deepEqual(p.diagnostics, [top('PC003', `not analysed: file larger than 2 MB (${text.length} bytes; policy 'strict' sets max-file-bytes = 2097152)`, 3)]);
    assert.ok(ms < 60_000, `${ms} ms`);
    await editor.client.close(uri);
  });

  test('the scan reports a binary file on disk, and a file over the limit, at their tops', async () => {
    await editor.scan();
    const latest = (file: string) => editor.client.publications.filter((q) => q.uri === fileUri(path.join(root, file))).at(-1)?.diagnostics;
    assert.deepEqual(only(['PC000', 'PC101'], latest('program.py') ?? []), [top('PC000', binaryMessage('5 NUL bytes (the first at line 1, column 8)'), 1), diagnostic('PC101', [1, 7, 1, 9], IMPORT_OS)]);
    assert.deepEqual(latest('limited/closed_big.py'), [top('PC003', "not analysed: file larger than 64 bytes (111 bytes; policy 'padded-cell.toml' sets max-file-bytes = 64)", 3)]);
    assert.deepEqual(editor.client.logs.filter((l) => l.type === 1), [], 'binary content is a diagnostic, not an error of the server');
  });
});
