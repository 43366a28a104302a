// The workspace scan, watched files, pull diagnostics and the status notification, through the
// bundled server on real folders: exact progress notifications, diagnostics for files that are
// not open (and none for ignored or excluded ones), cancellation, and updates after the scan.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import type { DocumentDiagnosticReport, PublishDiagnosticsParams, WorkspaceDiagnosticReport } from 'vscode-languageserver-protocol';
import { diagnostic, ensureServerBundle } from './helpers/lspClient';
import { EDITOR_CAPABILITIES, EditorClient, eventually, fileUri, makeWorkspace, removeWorkspace, writeFiles } from './helpers/workspace';

before(() => ensureServerBundle());

const importOf = (module: string, policy = 'padded-cell.toml'): string => `import of '${module}' is not allowed by policy '${policy}'`;
const EVAL = (policy: string): string => `'eval' runs code built at run time; not allowed by policy '${policy}'`;

/** The newest publication for a URI. */
function latest(editor: EditorClient, uri: string): PublishDiagnosticsParams | undefined {
  return editor.client.publications.filter((p) => p.uri === uri).at(-1);
}

describe('paddedCell.scanWorkspace on a multi-root workspace', () => {
  let a: string;
  let b: string;
  let editor: EditorClient;
  let summary: unknown;
  const p = (relative: string): string => path.join(a, relative);

  before(async () => {
    a = makeWorkspace({
      '.gitignore': 'build/\n',
      'padded-cell.toml': 'extends = "strict"\nexclude = ["vendor"]\n',
      'plugin.py': 'import os\n',
      'pkg/util.py': 'eval("1")\n',
      'net.py': 'import socket\n',
      'open_me.py': 'eval("on disk")\n',
      'build/generated.py': 'import os\n',
      'vendor/lib.py': 'import os\n',
      'hidden/secret.py': 'import os\n',
      'node_modules/dep/setup.py': 'import os\n',
    });
    b = makeWorkspace({ 'b.py': 'import subprocess\n' });
    editor = await EditorClient.start({ folders: [a, b], filesExclude: { '**/hidden': true, '**/.git': true } });
    // An open document: the scan must use its unsaved text, not the file on disk.
    await editor.client.open(fileUri(p('open_me.py')), 'import socket\n');
    await editor.client.diagnosticsFor(fileUri(p('open_me.py')));
    summary = await editor.scan();
  });
  after(async () => {
    await editor.stop();
    removeWorkspace(a);
    removeWorkspace(b);
  });

  test('returns the summary: files, findings per code', () => {
    const { durationMs, ...rest } = summary as { durationMs: number };
    assert.equal(typeof durationMs, 'number');
    assert.deepEqual(rest, { folders: 2, files: 5, findings: 5, byCode: { PC101: 4, PC301: 1 }, unreadable: 0, cancelled: false });
  });

  test('reports work-done progress on a token it created: begin, files done / total with the folder, end', () => {
    assert.deepEqual(editor.createdTokens, ['padded-cell/scan/1']);
    const nameA = path.basename(a);
    const nameB = path.basename(b);
    assert.deepEqual(
      editor.progress.map((e) => [e.token, e.value]),
      [
        [{ kind: 'begin', title: 'Padded Cell: scanning the workspace', cancellable: true, message: 'Finding Python files in 2 folders', percentage: 0 }],
        [{ kind: 'report', message: `1/5 files (${nameA})`, percentage: 20 }],
        [{ kind: 'report', message: `2/5 files (${nameA})`, percentage: 40 }],
        [{ kind: 'report', message: `3/5 files (${nameA})`, percentage: 60 }],
        [{ kind: 'report', message: `4/5 files (${nameA})`, percentage: 80 }],
        [{ kind: 'report', message: `5/5 files (${nameB})`, percentage: 100 }],
        [{ kind: 'end', message: '5 files, 5 findings' }],
      ].map(([value]) => ['padded-cell/scan/1', value]),
    );
  });

  test('publishes diagnostics for closed files, none for ignored or excluded ones', () => {
    assert.deepEqual(latest(editor, fileUri(p('plugin.py'))), { uri: fileUri(p('plugin.py')), diagnostics: [diagnostic('PC101', [0, 7, 0, 9], importOf('os'))] });
    assert.deepEqual(latest(editor, fileUri(p('pkg/util.py')))?.diagnostics, [diagnostic('PC301', [0, 0, 0, 4], EVAL('padded-cell.toml'))]);
    assert.deepEqual(latest(editor, fileUri(path.join(b, 'b.py')))?.diagnostics, [diagnostic('PC101', [0, 7, 0, 17], importOf('subprocess', 'strict'))]);
    for (const skipped of ['build/generated.py', 'vendor/lib.py', 'hidden/secret.py', 'node_modules/dep/setup.py']) {
      assert.equal(latest(editor, fileUri(p(skipped))), undefined, `${skipped} is not scanned`);
    }
  });

  test('an open document keeps its live state', () => {
    const published = editor.client.publications.filter((q) => q.uri === fileUri(p('open_me.py')));
    assert.ok(published.length >= 2);
    for (const q of published) assert.deepEqual(q, { uri: fileUri(p('open_me.py')), version: 1, diagnostics: [diagnostic('PC101', [0, 7, 0, 13], importOf('socket'))] });
  });

  test('writes the summary to the log', () => {
    const line = editor.client.logs.find((l) => l.type === 3 && l.message.startsWith('Scan finished'));
    assert.match(line?.message ?? '', /^Scan finished: 5 files in 2 folders, 5 findings \(PC101: 4, PC301: 1\), \d+ ms$/);
  });

  test('registers file watchers for Python files, notebooks and policy files', () => {
    const watchers = editor.client.registrations.flatMap((r) => r.registrations).filter((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.deepEqual(
      watchers.map((w) => w.registerOptions),
      [{ watchers: [{ globPattern: '**/*.py' }, { globPattern: '**/*.ipynb' }, { globPattern: '**/padded-cell.toml' }, { globPattern: '**/pyproject.toml' }] }],
    );
  });

  test('closing a document after the scan publishes the file on disk', async () => {
    const uri = fileUri(p('open_me.py'));
    const next = editor.client.nextDiagnostics(uri);
    await editor.client.close(uri);
    assert.deepEqual(await next, { uri, diagnostics: [diagnostic('PC301', [0, 0, 0, 4], EVAL('padded-cell.toml'))] });
  });

  test('watched files: changed and created files are rescanned, deleted ones cleared', async () => {
    writeFiles(a, { 'plugin.py': 'import math\n', 'fresh.py': 'eval("2")\n' });
    fs.rmSync(p('pkg/util.py'));
    const changed = editor.client.nextDiagnostics(fileUri(p('plugin.py')));
    const created = editor.client.nextDiagnostics(fileUri(p('fresh.py')));
    const deleted = editor.client.nextDiagnostics(fileUri(p('pkg/util.py')));
    await editor.client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: fileUri(p('plugin.py')), type: 2 },
        { uri: fileUri(p('fresh.py')), type: 1 },
        { uri: fileUri(p('pkg/util.py')), type: 3 },
        // Ignored and excluded files stay unscanned when they change.
        { uri: fileUri(p('vendor/lib.py')), type: 2 },
      ],
    });
    assert.deepEqual(await changed, { uri: fileUri(p('plugin.py')), diagnostics: [] });
    assert.deepEqual(await created, { uri: fileUri(p('fresh.py')), diagnostics: [diagnostic('PC301', [0, 0, 0, 4], EVAL('padded-cell.toml'))] });
    assert.deepEqual(await deleted, { uri: fileUri(p('pkg/util.py')), diagnostics: [] });
    assert.equal(latest(editor, fileUri(p('vendor/lib.py'))), undefined);
  });

  test('a policy-file change re-checks the files it governs, open documents in their unsaved state', async () => {
    const open = fileUri(p('pkg/editing.py'));
    await editor.client.open(open, 'import socket\nimport os\n');
    assert.equal((await editor.client.diagnosticsFor(open)).diagnostics.length, 2);
    writeFiles(a, { 'padded-cell.toml': 'extends = "strict"\nexclude = ["vendor"]\nallow-modules = ["socket"]\n' });
    const net = editor.client.nextDiagnostics(fileUri(p('net.py')));
    const live = editor.client.nextDiagnostics(open);
    await editor.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(p('padded-cell.toml')), type: 2 }] });
    assert.deepEqual(await net, { uri: fileUri(p('net.py')), diagnostics: [] });
    assert.deepEqual(await live, { uri: open, version: 1, diagnostics: [diagnostic('PC101', [1, 7, 1, 9], importOf('os'))] });
    await editor.client.close(open);
    // Folder B has no policy file: nothing there is re-checked.
    assert.equal(editor.client.publications.filter((q) => q.uri === fileUri(path.join(b, 'b.py'))).length, 1);
  });

  test('a broken policy file gets diagnostics at its line, and the last good policy stays in force', async () => {
    writeFiles(a, { 'padded-cell.toml': 'extends = "strict"\nallow-modules = "socket"\n' });
    const policyUri = fileUri(p('padded-cell.toml'));
    const errors = editor.client.nextDiagnostics(policyUri);
    const net = editor.client.nextDiagnostics(fileUri(p('net.py')));
    await editor.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: policyUri, type: 2 }] });
    const published = await errors;
    assert.equal(published.diagnostics.length, 1);
    assert.equal(published.diagnostics[0].range.start.line, 1);
    assert.deepEqual((await net).diagnostics, []);

    // Fixed: the errors go at once, before any document needs the policy again.
    writeFiles(a, { 'padded-cell.toml': 'extends = "strict"\n' });
    const cleared = editor.client.nextDiagnostics(policyUri);
    await editor.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: policyUri, type: 2 }] });
    assert.deepEqual(await cleared, { uri: policyUri, diagnostics: [] });
  });
});

describe('a scan under paddedCell.logLevel "warn"', () => {
  test('still writes its summary, the outcome of a command the person ran; nothing else at info', async () => {
    const root = makeWorkspace({ 'plugin.py': 'import os\n' });
    const editor = await EditorClient.start({ folders: [root], settings: { logLevel: 'warn' } });
    try {
      await editor.scan();
      const info = editor.client.logs.filter((l) => l.type === 3).map((l) => l.message);
      assert.equal(info.length, 1, JSON.stringify(info));
      assert.match(info[0], /^Scan finished: 1 file in 1 folder, 1 finding \(PC101: 1\), \d+ ms$/);
    } finally {
      await editor.stop();
      removeWorkspace(root);
    }
  });
});

describe('cancelling a scan', () => {
  let root: string;
  let editor: EditorClient;
  const FILES = 1000;
  before(async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < FILES; i++) files[`m${String(i).padStart(3, '0')}.py`] = 'x = 1\n';
    root = makeWorkspace(files);
    editor = await EditorClient.start({ folders: [root] });
  });
  after(async () => {
    await editor.stop();
    removeWorkspace(root);
  });

  test('window/workDoneProgress/cancel stops the scan after the current file', async () => {
    const firstReport = editor.nextProgress((v) => v.kind === 'report');
    const result = editor.scan();
    await firstReport;
    await editor.client.connection.sendNotification('window/workDoneProgress/cancel', { token: editor.createdTokens[0] });
    const summary = (await result) as { cancelled: boolean; files: number };
    assert.equal(summary.cancelled, true);
    assert.ok(summary.files < FILES, `${summary.files} files scanned`);
    assert.deepEqual(editor.progress.at(-1)?.value, { kind: 'end', message: `Cancelled after ${summary.files} of ${FILES} files` });
  });

  test("a client's own work-done token gets the progress (VS Code's notification passes one), and its cancel stops the scan", async () => {
    const created = editor.createdTokens.length;
    const token = 'client-token/1';
    const onToken = (): string[] => editor.progress.filter((e) => e.token === token).map((e) => e.value.kind);
    const firstReport = editor.nextProgress((v) => v.kind === 'report');
    const result = editor.scan(token);
    await firstReport;
    assert.deepEqual(onToken(), ['begin', 'report']);
    assert.deepEqual(editor.progress.filter((e) => e.token === token)[1].value, { kind: 'report', message: `1/${FILES} files (${path.basename(root)})`, percentage: 0 });
    await editor.client.connection.sendNotification('window/workDoneProgress/cancel', { token });
    const summary = (await result) as { cancelled: boolean; files: number };
    assert.equal(summary.cancelled, true);
    assert.equal(editor.createdTokens.length, created, 'the server created no token of its own');
    assert.equal(onToken().at(-1), 'end');
    assert.deepEqual(editor.progress.at(-1), { token, value: { kind: 'end', message: `Cancelled after ${summary.files} of ${FILES} files` } });
  });

  test('an open document is checked while a scan runs: the scan yields between files', async () => {
    const firstReport = editor.nextProgress((v) => v.kind === 'report');
    const scanning = editor.scan();
    await firstReport;
    const uri = fileUri(path.join(root, 'editing.py'));
    await editor.client.open(uri, 'eval("1")\n');
    const published = await editor.client.diagnosticsFor(uri);
    const token = editor.createdTokens.at(-1);
    const ended = editor.progress.some((e) => e.token === token && e.value.kind === 'end');
    assert.equal(ended, false, 'the diagnostics came before the scan ended');
    assert.deepEqual(published.diagnostics, [diagnostic('PC301', [0, 0, 0, 4], EVAL('strict'))]);
    assert.equal(((await scanning) as { files: number }).files, FILES, 'an open document not on disk is not one of the folder\'s files');
    await editor.client.close(uri);
  });

  test('$/cancelRequest stops it too, and the request answers RequestCancelled', async () => {
    const source = new CancellationTokenSource();
    const firstReport = editor.nextProgress((v) => v.kind === 'report');
    const result = editor.client.connection.sendRequest('workspace/executeCommand', { command: 'paddedCell.scanWorkspace' }, source.token);
    await firstReport;
    source.cancel();
    await assert.rejects(result, { code: -32800 });
    const token = editor.createdTokens.at(-1);
    const end = await eventually(() => editor.progress.filter((e) => e.token === token && e.value.kind === 'end')[0]);
    assert.match((end.value as { message: string }).message, /^Cancelled after \d+ of \d+ files$/);
  });
});

describe('a large workspace while it is being listed', () => {
  let root: string;
  let editor: EditorClient;
  // Enough files that listing them takes several of the server's time slices (about 10 ms each).
  const FOLDERS = 60;
  const PER_FOLDER = 100;
  const editing = (): string => fileUri(path.join(root, 'editing.py'));
  before(async () => {
    const files: Record<string, string> = {};
    for (let d = 0; d < FOLDERS; d++) for (let i = 0; i < PER_FOLDER; i++) files[`pkg${String(d).padStart(2, '0')}/m${String(i).padStart(2, '0')}.py`] = 'x = 1\n';
    root = makeWorkspace(files);
    // No debounce: the edit's check runs as soon as the server reads the edit.
    editor = await EditorClient.start({ folders: [root], settings: { debounceMs: 0 } });
    await editor.client.open(editing(), 'x = 1\n');
    await editor.client.diagnosticsFor(editing());
  });
  after(async () => {
    await editor.stop();
    removeWorkspace(root);
  });

  const scanToken = (): unknown => editor.createdTokens.at(-1);
  const progressOfScan = (): string[] => editor.progress.filter((e) => e.token === scanToken()).map((e) => e.value.kind);

  test('cancelling while the files are listed ends the scan with no file checked', async () => {
    const published = editor.client.publications.length;
    const begun = editor.nextProgress((v) => v.kind === 'begin');
    const result = editor.scan();
    await begun;
    await editor.client.connection.sendNotification('window/workDoneProgress/cancel', { token: scanToken() });
    const { durationMs: _, ...summary } = (await result) as { durationMs: number };
    assert.deepEqual(summary, { folders: 1, files: 0, findings: 0, byCode: {}, unreadable: 0, cancelled: true });
    assert.deepEqual(progressOfScan(), ['begin', 'end']);
    assert.deepEqual(editor.progress.at(-1)?.value, { kind: 'end', message: 'Cancelled while finding Python files' });
    assert.deepEqual(editor.client.publications.slice(published), [], 'no file was checked');
  });

  test('an edit of an open document is checked while the files are listed', async () => {
    const begun = editor.nextProgress((v) => v.kind === 'begin');
    const scanning = editor.scan();
    await begun;
    const version = await editor.client.change(editing(), [{ text: 'eval("1")\n' }]);
    const published = await editor.client.nextDiagnostics(editing(), (q) => q.version === version);
    // Before the first "n/total files" report: the listing was not done yet, and the scan had checked nothing.
    assert.deepEqual(progressOfScan(), ['begin']);
    assert.deepEqual(published.diagnostics, [diagnostic('PC301', [0, 0, 0, 4], EVAL('strict'))]);
    assert.equal(((await scanning) as { files: number }).files, FOLDERS * PER_FOLDER);
    assert.equal(progressOfScan().at(-1), 'end');
  });
});

describe('pull diagnostics', () => {
  let root: string;
  let editor: EditorClient;
  const p = (relative: string): string => path.join(root, relative);

  before(async () => {
    root = makeWorkspace({ 'a.py': 'import os\n', 'b.py': 'x = 1\n' });
    editor = await EditorClient.start({
      folders: [root],
      capabilities: {
        ...EDITOR_CAPABILITIES,
        textDocument: { ...EDITOR_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false } },
        workspace: { ...EDITOR_CAPABILITIES.workspace, diagnostics: { refreshSupport: false } },
      },
    });
  });
  after(async () => {
    await editor.stop();
    removeWorkspace(root);
  });

  test('open documents are pulled, not pushed; an unchanged document answers "unchanged"', async () => {
    const uri = fileUri(p('live.py'));
    await editor.client.open(uri, 'eval("1")\n');
    const first = await editor.client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(first.kind, 'full');
    assert.deepEqual(first.kind === 'full' && first.items, [diagnostic('PC301', [0, 0, 0, 4], EVAL('strict'))]);
    const again = await editor.client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
    assert.deepEqual(again, { kind: 'unchanged', resultId: first.resultId });
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(editor.client.publications.filter((q) => q.uri === uri), []);
  });

  test('an edit that leaves the diagnostics as they were answers "unchanged"; one that moves or changes them, "full"', async () => {
    const uri = fileUri(p('typed.py'));
    await editor.client.open(uri, 'x = 1\neval("1")\n');
    const pull = (previousResultId?: string): Promise<DocumentDiagnosticReport> => editor.client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, previousResultId });
    const first = await pull();
    assert.deepEqual(first.kind === 'full' && first.items, [diagnostic('PC301', [1, 0, 1, 4], EVAL('strict'))]);
    // Typed on the line above the finding, and after it on its line: nothing moved.
    await editor.client.change(uri, [{ range: { start: { line: 0, character: 5 }, end: { line: 0, character: 5 } }, text: '23' }]);
    assert.deepEqual(await pull(first.resultId), { kind: 'unchanged', resultId: first.resultId });
    await editor.client.change(uri, [{ range: { start: { line: 1, character: 9 }, end: { line: 1, character: 9 } }, text: '  # ok' }]);
    assert.deepEqual(await pull(first.resultId), { kind: 'unchanged', resultId: first.resultId });
    // A line above it: the finding moves.
    await editor.client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'y = 2\n' }]);
    const moved = await pull(first.resultId);
    assert.equal(moved.kind, 'full');
    assert.notEqual(moved.resultId, first.resultId);
    assert.deepEqual(moved.kind === 'full' && moved.items, [diagnostic('PC301', [2, 0, 2, 4], EVAL('strict'))]);
    // A client that did not keep the last answer is sent the diagnostics again.
    const fresh = await pull();
    assert.deepEqual(fresh.kind === 'full' && [fresh.resultId, fresh.items], [moved.resultId, [diagnostic('PC301', [2, 0, 2, 4], EVAL('strict'))]]);
    // The same place, another finding.
    await editor.client.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 4 } }, text: 'exec' }]);
    const changed = await pull(moved.resultId);
    const message = changed.kind === 'full' ? changed.items[0]?.message : undefined;
    assert.equal(typeof message === 'string' && message.startsWith("'exec'"), true, String(message));
    await editor.client.close(uri);
  });

  test('a closed file is read from disk; an unknown one is an error', async () => {
    const report = await editor.client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: fileUri(p('a.py')) } });
    assert.deepEqual(report.kind === 'full' && report.items, [diagnostic('PC101', [0, 7, 0, 9], importOf('os', 'strict'))]);
    await assert.rejects(editor.client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: fileUri(p('missing.py')) } }), { code: -32602 });
  });

  test('workspace/diagnostic reports every file, then holds until something changes', async () => {
    const report = await editor.client.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
    const byUri = new Map(report.items.map((i) => [i.uri, i]));
    assert.deepEqual([...byUri.keys()].sort(), [fileUri(p('a.py')), fileUri(p('b.py'))].sort());
    const a = byUri.get(fileUri(p('a.py')))!;
    assert.deepEqual(a.kind === 'full' && [a.version, a.items], [null, [diagnostic('PC101', [0, 7, 0, 9], importOf('os', 'strict'))]]);

    let answered = false;
    const held = editor.client.connection
      .sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: report.items.map((i) => ({ uri: i.uri, value: i.resultId! })) })
      .then((r) => ((answered = true), r));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(answered, false, 'nothing changed: the request is held');
    // A different size, so the result id changes even on a coarse file-system clock.
    writeFiles(root, { 'b.py': 'import sys\n' });
    await editor.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(p('b.py')), type: 2 }] });
    const next = await held;
    const b = next.items.find((i) => i.uri === fileUri(p('b.py')))!;
    assert.deepEqual(b.kind === 'full' && b.items, [diagnostic('PC101', [0, 7, 0, 10], importOf('sys', 'strict'))]);
    assert.equal(next.items.find((i) => i.uri === fileUri(p('a.py')))?.kind, 'unchanged');
  });

  test('a broken policy file pulled answers its errors, as they are pushed; once fixed, none', async () => {
    const policyUri = fileUri(p('padded-cell.toml'));
    const pull = (previousResultId?: string): Promise<DocumentDiagnosticReport> => editor.client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: policyUri }, previousResultId });
    writeFiles(root, { 'padded-cell.toml': 'extends = "strict"\nallow-modules = "socket"\n' });
    let pushed = editor.client.nextDiagnostics(policyUri);
    await editor.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: policyUri, type: 1 }] });
    const errors = (await pushed).diagnostics;
    assert.equal(errors.length, 1);
    assert.equal(errors[0].range.start.line, 1);
    const broken = await pull();
    assert.deepEqual(broken.kind === 'full' && broken.items, errors);
    assert.deepEqual(await pull(broken.resultId), { kind: 'unchanged', resultId: broken.resultId });

    fs.rmSync(p('padded-cell.toml'));
    pushed = editor.client.nextDiagnostics(policyUri);
    await editor.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: policyUri, type: 3 }] });
    assert.deepEqual((await pushed).diagnostics, []);
    const fixed = await pull(broken.resultId);
    assert.deepEqual(fixed.kind === 'full' && fixed.items, []);
  });
});

describe('capabilities and status', () => {
  test('a pulling client is offered diagnosticProvider; the status notification names the policy in force', async () => {
    const root = makeWorkspace({ 'padded-cell.toml': 'extends = "rexec"\n' });
    const editor = await EditorClient.start({
      folders: [root],
      initializationOptions: { statusNotifications: true },
      capabilities: { ...EDITOR_CAPABILITIES, textDocument: { ...EDITOR_CAPABILITIES.textDocument, diagnostic: {} } },
    });
    try {
      assert.deepEqual(editor.initializeResult?.capabilities.diagnosticProvider, { identifier: 'padded-cell', interFileDependencies: false, workspaceDiagnostics: true });
      const uri = fileUri(path.join(root, 'plugin.py'));
      await editor.client.open(uri, 'import socket\n');
      const status = await eventually(() => editor.notifications.find((n) => (n.params as { uri: string }).uri === uri));
      assert.deepEqual(status.params, { uri, policy: 'padded-cell.toml', preset: 'rexec', policyFile: fileUri(path.join(root, 'padded-cell.toml')), findings: 1 });
    } finally {
      await editor.stop();
      removeWorkspace(root);
    }
  });
});
