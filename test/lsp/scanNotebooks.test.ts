// Notebooks that are not open, in the workspace scan, watched files and pull diagnostics,
// through the bundled server: their Python code cells are checked as one module (as the CLI
// does) and the diagnostics go on the .ipynb file, at the place in the file's JSON where the
// finding's line is written. An open notebook keeps its live cell diagnostics instead.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DocumentDiagnosticReport, PublishDiagnosticsParams, WorkspaceDiagnosticReport } from 'vscode-languageserver-protocol';
import { diagnostic, ensureServerBundle } from './helpers/lspClient';
import { EDITOR_CAPABILITIES, EditorClient, fileUri, makeWorkspace, removeWorkspace, writeFiles } from './helpers/workspace';

before(() => ensureServerBundle());

const IMPORT_OS = "import of 'os' is not allowed by policy 'strict'";
const IMPORT_SOCKET = "import of 'socket' is not allowed by policy 'strict'";

/** A notebook as Jupyter writes it: a markdown cell, then a code cell with `import os` on its second line. */
const WITH_IMPORT_OS = [
  '{',
  ' "cells": [',
  '  {',
  '   "cell_type": "markdown",',
  '   "metadata": {},',
  '   "source": ["# Réglages ☕\\n"]',
  '  },',
  '  {',
  '   "cell_type": "code",',
  '   "execution_count": null,',
  '   "metadata": {},',
  '   "outputs": [],',
  '   "source": [',
  '    "x = 1\\n",',
  '    "import os\\n"',
  '   ]',
  '  }',
  ' ],',
  ' "metadata": {"language_info": {"name": "python"}},',
  ' "nbformat": 4,',
  ' "nbformat_minor": 5',
  '}',
  '',
].join('\n');

/** Line 15 (0-based 14) is `    "import os\n"`: `os` is at columns 12-14 of the file. */
const IMPORT_OS_IN_FILE = diagnostic('PC101', [14, 12, 14, 14], IMPORT_OS);

/** One code cell, the source a single string; CRLF line breaks in the file. */
const WITH_IMPORT_SOCKET = '{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [],\r\n  "source": "import socket"}],\r\n "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\r\n';

const BROKEN = '{"cells": [\n  {"cell_type": "code", "source": ["import os\\n"]\n';
const BROKEN_DIAGNOSTIC = {
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  severity: 1,
  code: 'PC000',
  source: 'padded-cell',
  message: "Padded Cell could not read this file, so it is not checked: not a valid notebook: invalid JSON at line 3, column 1: unexpected end of JSON (expected ',' or '}')",
};

function latest(editor: EditorClient, uri: string): PublishDiagnosticsParams | undefined {
  return editor.client.publications.filter((p) => p.uri === uri).at(-1);
}

async function openNotebook(editor: EditorClient, file: string, cells: { uri: string; text: string }[]): Promise<void> {
  await editor.client.connection.sendNotification('notebookDocument/didOpen', {
    notebookDocument: { uri: fileUri(file), notebookType: 'jupyter-notebook', version: 1, cells: cells.map((c) => ({ kind: 2, document: c.uri })) },
    cellTextDocuments: cells.map((c) => ({ uri: c.uri, languageId: 'python', version: 1, text: c.text })),
  });
}

async function closeNotebook(editor: EditorClient, file: string, cellUris: string[]): Promise<void> {
  await editor.client.connection.sendNotification('notebookDocument/didClose', { notebookDocument: { uri: fileUri(file) }, cellTextDocuments: cellUris.map((uri) => ({ uri })) });
}

describe('notebooks in the workspace scan', () => {
  let root: string;
  let editor: EditorClient;
  let summary: unknown;
  const p = (relative: string): string => path.join(root, relative);
  const openCell = (): string => `vscode-notebook-cell:${p('open.ipynb')}#W0`;

  before(async () => {
    root = makeWorkspace({
      'closed.ipynb': WITH_IMPORT_OS,
      'crlf.ipynb': WITH_IMPORT_SOCKET,
      'broken.ipynb': BROKEN,
      'open.ipynb': WITH_IMPORT_OS,
      'plugin.py': 'x = 1\n',
    });
    editor = await EditorClient.start({ folders: [root] });
    // Open as a notebook, with an unsaved edit: its cells have the live state.
    await openNotebook(editor, p('open.ipynb'), [{ uri: openCell(), text: 'import socket\n' }]);
    await editor.client.nextDiagnostics(openCell());
    summary = await editor.scan();
  });
  after(async () => {
    await editor.stop();
    removeWorkspace(root);
  });

  test('counts notebooks as files: a broken one is unreadable, an open one is checked live', () => {
    const { durationMs: _, ...rest } = summary as { durationMs: number };
    assert.deepEqual(rest, { folders: 1, files: 5, findings: 3, byCode: { PC101: 3 }, unreadable: 1, cancelled: false });
  });

  test('a closed notebook gets its findings on the .ipynb file, where the line is written in the JSON', () => {
    assert.deepEqual(latest(editor, fileUri(p('closed.ipynb'))), { uri: fileUri(p('closed.ipynb')), diagnostics: [IMPORT_OS_IN_FILE] });
    // A source given as one string, in a file with CRLF line breaks: `socket` on the second line.
    assert.deepEqual(latest(editor, fileUri(p('crlf.ipynb'))), { uri: fileUri(p('crlf.ipynb')), diagnostics: [diagnostic('PC101', [1, 20, 1, 26], IMPORT_SOCKET)] });
  });

  test('a notebook that is not valid JSON gets a diagnostic saying it is not checked', () => {
    assert.deepEqual(latest(editor, fileUri(p('broken.ipynb'))), { uri: fileUri(p('broken.ipynb')), diagnostics: [BROKEN_DIAGNOSTIC] });
    const line = editor.client.logs.find((l) => l.message.includes('broken.ipynb'));
    assert.equal(line?.message, `scan: ${p('broken.ipynb')}: ${BROKEN_DIAGNOSTIC.message.slice('Padded Cell could not read this file, so it is not checked: '.length)}`);
  });

  test('an open notebook keeps its live cell diagnostics; nothing is published for its file', () => {
    assert.equal(latest(editor, fileUri(p('open.ipynb'))), undefined);
    const cell = editor.client.publications.filter((q) => q.uri === openCell());
    assert.equal(cell.length, 2, 'checked when opened, and again by the scan');
    for (const q of cell) assert.deepEqual(q, { uri: openCell(), diagnostics: [diagnostic('PC101', [0, 7, 0, 13], IMPORT_SOCKET)] });
  });

  test('closing the notebook after the scan publishes its file on disk', async () => {
    const published = editor.client.nextDiagnostics(fileUri(p('open.ipynb')));
    const cleared = editor.client.nextDiagnostics(openCell());
    await closeNotebook(editor, p('open.ipynb'), [openCell()]);
    assert.deepEqual(await cleared, { uri: openCell(), diagnostics: [] });
    assert.deepEqual(await published, { uri: fileUri(p('open.ipynb')), diagnostics: [IMPORT_OS_IN_FILE] });
  });

  test('opening it again clears what was published for its file', async () => {
    const cleared = editor.client.nextDiagnostics(fileUri(p('open.ipynb')));
    const cell = editor.client.nextDiagnostics(openCell());
    await openNotebook(editor, p('open.ipynb'), [{ uri: openCell(), text: 'x = 1\nimport os\n' }]);
    assert.deepEqual(await cleared, { uri: fileUri(p('open.ipynb')), diagnostics: [] });
    assert.deepEqual(await cell, { uri: openCell(), diagnostics: [diagnostic('PC101', [1, 7, 1, 9], IMPORT_OS)] });
    // A watched-file event for an open notebook leaves its file alone.
    const before = editor.client.publications.length;
    await editor.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(p('open.ipynb')), type: 2 }] });
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(editor.client.publications.slice(before), []);
  });

  test('watched files: a changed notebook is rescanned, a repaired one checked, a deleted one cleared', async () => {
    writeFiles(root, { 'closed.ipynb': WITH_IMPORT_OS.replace('import os', 'import math'), 'broken.ipynb': WITH_IMPORT_SOCKET, 'fresh.ipynb': WITH_IMPORT_OS });
    fs.rmSync(p('crlf.ipynb'));
    const changed = editor.client.nextDiagnostics(fileUri(p('closed.ipynb')));
    const repaired = editor.client.nextDiagnostics(fileUri(p('broken.ipynb')));
    const created = editor.client.nextDiagnostics(fileUri(p('fresh.ipynb')));
    const deleted = editor.client.nextDiagnostics(fileUri(p('crlf.ipynb')));
    await editor.client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: fileUri(p('closed.ipynb')), type: 2 },
        { uri: fileUri(p('broken.ipynb')), type: 2 },
        { uri: fileUri(p('fresh.ipynb')), type: 1 },
        { uri: fileUri(p('crlf.ipynb')), type: 3 },
      ],
    });
    assert.deepEqual(await changed, { uri: fileUri(p('closed.ipynb')), diagnostics: [] });
    assert.deepEqual(await repaired, { uri: fileUri(p('broken.ipynb')), diagnostics: [diagnostic('PC101', [1, 20, 1, 26], IMPORT_SOCKET)] });
    assert.deepEqual(await created, { uri: fileUri(p('fresh.ipynb')), diagnostics: [IMPORT_OS_IN_FILE] });
    assert.deepEqual(await deleted, { uri: fileUri(p('crlf.ipynb')), diagnostics: [] });
  });
});

describe('notebooks in pull diagnostics', () => {
  let root: string;
  let editor: EditorClient;
  const p = (relative: string): string => path.join(root, relative);

  before(async () => {
    root = makeWorkspace({ 'closed.ipynb': WITH_IMPORT_OS, 'broken.ipynb': BROKEN, 'open.ipynb': WITH_IMPORT_OS });
    editor = await EditorClient.start({
      folders: [root],
      capabilities: {
        ...EDITOR_CAPABILITIES,
        textDocument: { ...EDITOR_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false } },
        workspace: { ...EDITOR_CAPABILITIES.workspace, diagnostics: { refreshSupport: false } },
      },
    });
    await openNotebook(editor, p('open.ipynb'), [{ uri: `vscode-notebook-cell:${p('open.ipynb')}#W0`, text: 'import os\n' }]);
  });
  after(async () => {
    await editor.stop();
    removeWorkspace(root);
  });

  test('textDocument/diagnostic on a closed notebook: its findings in the file, or why it is not checked', async () => {
    const closed = await editor.client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: fileUri(p('closed.ipynb')) } });
    assert.deepEqual(closed.kind === 'full' && closed.items, [IMPORT_OS_IN_FILE]);
    const broken = await editor.client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: fileUri(p('broken.ipynb')) } });
    assert.deepEqual(broken.kind === 'full' && broken.items, [BROKEN_DIAGNOSTIC]);
  });

  test('workspace/diagnostic reports every notebook: closed ones from disk, an open one empty (its cells carry the findings)', async () => {
    const report = await editor.client.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
    const items = report.items.map((i) => (i.kind === 'full' ? { uri: i.uri, version: i.version, items: i.items } : i)).sort((a, b) => a.uri.localeCompare(b.uri));
    assert.deepEqual(items, [
      { uri: fileUri(p('broken.ipynb')), version: null, items: [BROKEN_DIAGNOSTIC] },
      { uri: fileUri(p('closed.ipynb')), version: null, items: [IMPORT_OS_IN_FILE] },
      { uri: fileUri(p('open.ipynb')), version: null, items: [] },
    ]);
  });
});
