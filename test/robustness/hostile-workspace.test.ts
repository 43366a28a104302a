// The editor's workspace scan on hostile folders, through the bundled server: symbolic-link
// loops and links out of the workspace, folders and files it may not read, files deleted or
// swapped while it runs, and a workspace of 10,000 files (100,000 with
// PADDED_CELL_SCAN_FILES=100000) with bounded memory and progress all the way. Each scan must
// finish, say what it could not read, and publish nothing for files that are not there.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnostic, ensureServerBundle } from '../lsp/helpers/lspClient';
import { EditorClient, fileUri, makeWorkspace, removeWorkspace, type ProgressValue } from '../lsp/helpers/workspace';

before(() => ensureServerBundle());

const IMPORT_OS = "import of 'os' is not allowed by policy 'strict'";
const EVAL = "'eval' runs code built at run time; not allowed by policy 'strict'";
const MB = 1024 * 1024;

interface Summary {
  folders: number;
  files: number;
  findings: number;
  byCode: Record<string, number>;
  unreadable: number;
  durationMs: number;
  cancelled: boolean;
}

async function scan(editor: EditorClient): Promise<Omit<Summary, 'durationMs'>> {
  const { durationMs, ...rest } = (await editor.scan()) as Summary;
  assert.equal(typeof durationMs, 'number');
  return rest;
}

function published(editor: EditorClient, file: string) {
  return editor.client.publications.filter((p) => p.uri === fileUri(file));
}

function warnings(editor: EditorClient): string[] {
  return editor.client.logs.filter((l) => l.type === 2).map((l) => l.message);
}

describe('symbolic links: loops end, links out of the workspace are reported, not followed', () => {
  let root: string;
  let editor: EditorClient;
  before(async () => {
    root = makeWorkspace({ 'pkg/mod.py': 'import os\n' });
    fs.symlinkSync('..', path.join(root, 'pkg', 'loop'));
    fs.symlinkSync('.', path.join(root, 'self'));
    fs.symlinkSync('b.py', path.join(root, 'a.py'));
    fs.symlinkSync('a.py', path.join(root, 'b.py'));
    // Followed, these would walk the whole disk and the folder above the workspace.
    fs.symlinkSync('/', path.join(root, 'disk'));
    fs.symlinkSync('..', path.join(root, 'up'));
    editor = await EditorClient.start({ folders: [root] });
  });
  after(async () => {
    await editor.stop();
    removeWorkspace(root);
  });

  test('one file scanned, four paths reported as unread', { timeout: 120_000 }, async () => {
    assert.deepEqual(await scan(editor), { folders: 1, files: 1, findings: 1, byCode: { PC101: 1 }, unreadable: 4, cancelled: false });
    assert.deepEqual(published(editor, path.join(root, 'pkg', 'mod.py')).at(-1)?.diagnostics, [diagnostic('PC101', [0, 7, 0, 9], IMPORT_OS)]);
    const parent = path.dirname(root);
    assert.deepEqual(warnings(editor).filter((m) => m.startsWith('scan: ')).sort(), [
      'scan: a.py: cannot read: broken symbolic link, too many symbolic links encountered (ELOOP)',
      'scan: b.py: cannot read: broken symbolic link, too many symbolic links encountered (ELOOP)',
      `scan: disk: not followed: symbolic link to /, outside ${root}`,
      `scan: up: not followed: symbolic link to ${parent}, outside ${root}`,
    ]);
  });
});

// As root every mode-000 path is readable; the server then runs as `nobody`.
const asRoot = process.getuid?.() === 0;
const NOBODY = { uid: 65534, gid: 65534 };

describe('folders and files the server may not read', { skip: process.platform === 'win32' && 'POSIX permissions' }, () => {
  let root: string;
  let editor: EditorClient;
  before(async () => {
    root = makeWorkspace({ 'open.py': 'eval("1")\n', 'secret.py': 'import os\n', 'locked/hidden.py': 'import os\n', 'untraversable/inner.py': 'import os\n' });
    fs.chmodSync(root, 0o755);
    fs.chmodSync(path.join(root, 'secret.py'), 0o000);
    fs.chmodSync(path.join(root, 'locked'), 0o000);
    // Listable, not enterable: the names are there, the files cannot be reached.
    fs.chmodSync(path.join(root, 'untraversable'), 0o644);
    editor = await EditorClient.start({ folders: [root], server: asRoot ? { user: NOBODY } : {} });
  });
  after(async () => {
    await editor.stop();
    fs.chmodSync(path.join(root, 'locked'), 0o755);
    fs.chmodSync(path.join(root, 'untraversable'), 0o755);
    removeWorkspace(root);
  });

  test('the scan goes on, counts what it could not read, and says so on the file or in the log', { timeout: 60_000 }, async () => {
    assert.deepEqual(await scan(editor), { folders: 1, files: 2, findings: 1, byCode: { PC301: 1 }, unreadable: 3, cancelled: false });
    assert.deepEqual(published(editor, path.join(root, 'open.py')).at(-1)?.diagnostics, [diagnostic('PC301', [0, 0, 0, 4], EVAL)]);
    assert.deepEqual(published(editor, path.join(root, 'secret.py')).at(-1)?.diagnostics, [
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 1,
        code: 'PC000',
        source: 'padded-cell',
        message: 'Padded Cell could not read this file, so it is not checked: cannot read: permission denied (EACCES)',
      },
    ]);
    assert.deepEqual(warnings(editor).filter((m) => m.startsWith('scan: ')).sort(), [
      `scan: ${path.join(root, 'secret.py')}: cannot read: permission denied (EACCES)`,
      'scan: locked: cannot read folder: permission denied (EACCES)',
      'scan: untraversable/inner.py: cannot read: permission denied (EACCES)',
    ]);
  });
});

describe('files deleted, rewritten and swapped while the scan runs', { skip: process.platform === 'win32' && 'mkfifo' }, () => {
  const FILES = 1000;
  let root: string;
  let editor: EditorClient;
  const p = (i: number): string => path.join(root, `m${String(i).padStart(3, '0')}.py`);
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

  test('deleted files are not counted and get no diagnostics; a FIFO does not hang it; a rewritten file is checked as it is now', { timeout: 60_000 }, async () => {
    const firstReport = editor.nextProgress((v) => v.kind === 'report');
    const scanning = scan(editor);
    await firstReport;
    for (let i = 900; i < FILES; i++) fs.rmSync(p(i));
    fs.writeFileSync(p(899), 'import os\n');
    fs.rmSync(p(898));
    assert.equal(spawnSync('mkfifo', [p(898)]).status, 0, 'mkfifo');
    fs.rmSync(p(897));
    fs.mkdirSync(p(897));
    const summary = await scanning;
    assert.deepEqual(summary, { folders: 1, files: 900, findings: 1, byCode: { PC101: 1 }, unreadable: 2, cancelled: false });
    for (let i = 900; i < FILES; i++) assert.deepEqual(published(editor, p(i)).flatMap((q) => q.diagnostics), [], `no diagnostics for the deleted ${p(i)}`);
    assert.deepEqual(published(editor, p(899)).at(-1)?.diagnostics, [diagnostic('PC101', [0, 7, 0, 9], IMPORT_OS)]);
    assert.deepEqual(published(editor, p(898)).at(-1)?.diagnostics.map((d) => d.message), ['Padded Cell could not read this file, so it is not checked: cannot read: not a regular file']);
    assert.deepEqual(published(editor, p(897)).at(-1)?.diagnostics.map((d) => d.message), ['Padded Cell could not read this file, so it is not checked: cannot read: is a directory']);
    const gone = warnings(editor).filter((m) => m.endsWith(': deleted during the scan'));
    assert.equal(gone.length, 100);
    assert.equal(editor.progress.at(-1)?.value.kind, 'end');
    assert.deepEqual(editor.progress.at(-1)?.value, { kind: 'end', message: '900 files, 1 findings' });
  });
});

describe('a large workspace', () => {
  // `npm test` scans 10,000 files; PADDED_CELL_SCAN_FILES=100000 runs the full size.
  const FILES = Number(process.env.PADDED_CELL_SCAN_FILES ?? 10_000);
  const PER_FOLDER = 100;
  let root: string;
  let editor: EditorClient;
  before(async () => {
    root = makeWorkspace({});
    for (let d = 0; d < FILES / PER_FOLDER; d++) {
      const dir = path.join(root, `pkg${String(d).padStart(4, '0')}`);
      fs.mkdirSync(dir);
      for (let i = 0; i < PER_FOLDER; i++) fs.writeFileSync(path.join(dir, `m${String(i).padStart(3, '0')}.py`), i % 10 === 0 ? 'import os\n' : 'x = 1\n');
    }
    editor = await EditorClient.start({ folders: [root], server: { nodeArgs: ['--expose-gc'] } });
  });
  after(async () => {
    await editor.stop();
    removeWorkspace(root);
  });

  interface Usage {
    rss: number;
    heapUsed: number;
    wasm: number;
  }

  /** The server's peak resident set so far (Linux), in bytes. */
  function peakRss(): number | undefined {
    try {
      const status = fs.readFileSync(`/proc/${editor.client.child.pid}/status`, 'utf8');
      const kb = /VmHWM:\s+(\d+) kB/.exec(status);
      return kb ? Number(kb[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  test(`${FILES} files: every one checked, progress all the way, memory bounded`, { timeout: 30 * 60_000 }, async (t) => {
    const memory = (): Promise<Usage> => editor.client.connection.sendRequest<Usage>('paddedCell/memoryUsage');
    const before = await memory();
    const started = Date.now();
    const summary = await scan(editor);
    const seconds = (Date.now() - started) / 1000;
    const afterScan = await memory();
    const peak = peakRss();
    const name = path.basename(root);
    t.diagnostic(
      `${FILES} files in ${seconds.toFixed(1)} s; heap ${(before.heapUsed / MB).toFixed(1)} -> ${(afterScan.heapUsed / MB).toFixed(1)} MB, ` +
        `WASM ${(before.wasm / MB).toFixed(1)} -> ${(afterScan.wasm / MB).toFixed(1)} MB, peak RSS ${peak === undefined ? 'unknown' : `${(peak / MB).toFixed(1)} MB`}`,
    );

    assert.deepEqual(summary, { folders: 1, files: FILES, findings: FILES / 10, byCode: { PC101: FILES / 10 }, unreadable: 0, cancelled: false });
    assert.equal(editor.client.publications.length, FILES, 'one publication per file');

    // Progress: begun while listing, at most one report per percent, never backwards, then ended.
    const values: ProgressValue[] = editor.progress.map((p) => p.value);
    assert.deepEqual(values[0], { kind: 'begin', title: 'Padded Cell: scanning the workspace', cancellable: true, message: `Finding Python files in ${name}`, percentage: 0 });
    const reports = values.filter((v): v is Extract<ProgressValue, { kind: 'report' }> => v.kind === 'report');
    assert.ok(reports.length >= 100 && reports.length <= 101, `${reports.length} reports`);
    for (let i = 1; i < reports.length; i++) assert.ok(reports[i].percentage! >= reports[i - 1].percentage!, 'progress never goes back');
    assert.deepEqual(reports.at(-1), { kind: 'report', message: `${FILES}/${FILES} files (${name})`, percentage: 100 });
    assert.deepEqual(values.at(-1), { kind: 'end', message: `${FILES} files, ${FILES / 10} findings` });

    // One tree at a time: the WASM memory does not grow with the workspace; the heap keeps a
    // few hundred bytes per file (the URIs of the files the scan published for).
    assert.ok(afterScan.wasm - before.wasm < 4 * MB, `WASM memory grew by ${((afterScan.wasm - before.wasm) / MB).toFixed(1)} MB`);
    assert.ok(afterScan.heapUsed - before.heapUsed < 4 * MB + 512 * FILES, `heap grew by ${((afterScan.heapUsed - before.heapUsed) / MB).toFixed(1)} MB`);
    if (peak !== undefined) assert.ok(peak < 200 * MB + 2048 * FILES, `peak RSS ${(peak / MB).toFixed(1)} MB`);
  });
});
