// Notebooks through the bundled server and a real JSON-RPC client, as VS Code syncs them
// (LSP 3.17 notebookDocument/didOpen|didChange|didClose): the Python code cells are checked as
// one module, so a name bound in one cell resolves in the next, and each cell gets its own
// diagnostics with ranges counted from the cell's first line. Code actions asked on a cell come
// back as edits of the cells they change, each at its version.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, Hover, PublishDiagnosticsParams, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { diagnostic, ensureServerBundle } from './helpers/lspClient';
import { applyWorkspaceEdit, EditorClient, fileUri, makeWorkspace, removeWorkspace } from './helpers/workspace';

before(() => ensureServerBundle());

const CODE = 2;
const MARKUP = 1;

const IMPORT_OS = "import of 'os' is not allowed by policy 'padded-cell.toml'";
const OS_SYSTEM = "'os.system' runs a host command; not allowed by policy 'padded-cell.toml'";
const SHELL_LS = "shell escape '!ls -la' runs a host command; not allowed by policy 'padded-cell.toml'";
const HOST_SYSTEM = "'os.system' is a command-running method of an object the host provides; it runs a host command; not allowed by policy 'padded-cell.toml'";
const EVAL = "'eval' runs code built at run time; not allowed by policy 'padded-cell.toml'";

interface Cell {
  kind: number;
  text: string;
}

/** Drives one notebook: cell URIs as VS Code makes them, versions counted per cell. */
class Notebook {
  readonly uri: string;
  readonly cellUris: string[] = [];
  readonly cellVersions = new Map<string, number>();
  private version = 1;
  private next = 0;

  constructor(
    private readonly editor: EditorClient,
    readonly file: string,
  ) {
    this.uri = fileUri(file);
  }

  newCellUri(): string {
    return `vscode-notebook-cell:${this.file}#W${this.next++}`;
  }

  async open(cells: readonly Cell[]): Promise<void> {
    const items = cells.map((c) => ({ uri: this.newCellUri(), languageId: c.kind === CODE ? 'python' : 'markdown', version: 1, text: c.text }));
    for (const item of items) {
      this.cellUris.push(item.uri);
      this.cellVersions.set(item.uri, 1);
    }
    await this.editor.client.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: this.uri, notebookType: 'jupyter-notebook', version: this.version, cells: items.map((item, i) => ({ kind: cells[i].kind, document: item.uri })) },
      cellTextDocuments: items,
    });
  }

  /** Replaces a cell's whole text (a full-content change, as for any text document). */
  async edit(cell: number, text: string): Promise<void> {
    const uri = this.cellUris[cell];
    const version = this.cellVersions.get(uri)! + 1;
    this.cellVersions.set(uri, version);
    await this.editor.client.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: this.uri, version: ++this.version },
      change: { cells: { textContent: [{ document: { uri, version }, changes: [{ text }] }] } },
    });
  }

  /** Deletes `count` cells from `start`. */
  async remove(start: number, count: number): Promise<string[]> {
    const removed = this.cellUris.splice(start, count);
    await this.editor.client.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: this.uri, version: ++this.version },
      change: { cells: { structure: { array: { start, deleteCount: count }, didClose: removed.map((uri) => ({ uri })) } } },
    });
    return removed;
  }

  async close(): Promise<void> {
    await this.editor.client.connection.sendNotification('notebookDocument/didClose', {
      notebookDocument: { uri: this.uri },
      cellTextDocuments: this.cellUris.map((uri) => ({ uri })),
    });
  }
}

/** The next publications for all of `uris`, each satisfying `match`. */
function publications(editor: EditorClient, uris: readonly string[], match: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<Diagnostic[][]> {
  return Promise.all(uris.map((uri) => editor.client.nextDiagnostics(uri, match).then((p) => p.diagnostics)));
}

describe('notebooks', () => {
  let root: string;
  let editor: EditorClient;
  before(async () => {
    root = makeWorkspace({ 'padded-cell.toml': 'extends = "strict"\nallow-modules = ["ast", "json"]\n' });
    editor = await EditorClient.start({ folders: [root] });
  });
  after(async () => {
    await editor.stop();
    removeWorkspace(root);
  });

  test('the server asks for Python code cells of Jupyter notebooks', () => {
    assert.deepEqual(editor.initializeResult?.capabilities.notebookDocumentSync, {
      notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }],
    });
  });

  test('three cells: open, edit the third, see the first cell bind what the third uses; remove a cell; close', async () => {
    const notebook = new Notebook(editor, path.join(root, 'plugin.ipynb'));
    const opened = publications(editor, ['#W0', '#W2'].map((id) => `vscode-notebook-cell:${notebook.file}${id}`));
    await notebook.open([
      { kind: CODE, text: 'import os\n' },
      { kind: MARKUP, text: '# Notes\n`os` comes from the first cell.' },
      { kind: CODE, text: 'value = 1' },
    ]);
    const [first, third] = notebook.cellUris.filter((_, i) => i !== 1);
    assert.deepEqual(await opened, [[diagnostic('PC101', [0, 7, 0, 9], IMPORT_OS)], []]);
    // The markdown cell is not Python: nothing is published for it.
    assert.equal(editor.client.publications.filter((p) => p.uri === notebook.cellUris[1]).length, 0);

    // `os` in the third cell is the module the first cell imported; the shell escape is PC502 too.
    const edited = publications(editor, [first, third]);
    await notebook.edit(2, 'value = 1\nos.system("ls")\n!ls -la');
    assert.deepEqual(await edited, [[diagnostic('PC101', [0, 7, 0, 9], IMPORT_OS)], [diagnostic('PC502', [1, 0, 1, 9], OS_SYSTEM), diagnostic('PC502', [2, 0, 2, 7], SHELL_LS)]]);

    // Without the import, `os` is a global the host would have to provide (its `system` a
    // command-running method of it), and the escape is left; the removed cell is cleared.
    const removedAndThird = publications(editor, [first, third]);
    await notebook.remove(0, 1);
    assert.deepEqual(await removedAndThird, [[], [diagnostic('PC502', [1, 0, 1, 9], HOST_SYSTEM), diagnostic('PC502', [2, 0, 2, 7], SHELL_LS)]]);

    const closed = publications(editor, [third]);
    await notebook.close();
    assert.deepEqual(await closed, [[]]);
  });

  test('a quick fix on one cell edits the cell it needs to: eval → ast.literal_eval with import ast in the first cell', async () => {
    const notebook = new Notebook(editor, path.join(root, 'settings.ipynb'));
    const texts = ['"""Reads settings."""\nimport json\n', 'config = eval(text)  # naïve'];
    const published = publications(editor, [`vscode-notebook-cell:${notebook.file}#W1`], (p) => p.diagnostics.length > 0);
    await notebook.open(texts.map((text) => ({ kind: CODE, text })));
    const [evalDiagnostic] = (await published)[0];
    assert.deepEqual(evalDiagnostic, diagnostic('PC301', [0, 9, 0, 13], EVAL));

    const actions = await editor.codeActions(notebook.cellUris[1], [evalDiagnostic]);
    assert.deepEqual(
      actions.map((a) => a.title),
      ["Replace 'eval' with 'ast.literal_eval'", 'Ignore PC301 in this file'],
    );
    const fix = actions[0];
    assert.deepEqual(fix.diagnostics, [evalDiagnostic]);
    // Versioned edits of both cells, each in its own coordinates.
    assert.deepEqual(
      (fix.edit!.documentChanges as TextDocumentEdit[]).map((c) => c.textDocument),
      notebook.cellUris.map((uri) => ({ uri, version: 1 })),
    );
    const after = applyWorkspaceEdit(fix.edit!, Object.fromEntries(notebook.cellUris.map((uri, i) => [uri, texts[i]])));
    assert.deepEqual(
      notebook.cellUris.map((uri) => after[uri]),
      ['"""Reads settings."""\nimport ast\nimport json\n', 'config = ast.literal_eval(text)  # naïve'],
    );

    // The policy action edits the policy file, as for a file.
    const ignore = actions[1];
    const policyFile = fileUri(path.join(root, 'padded-cell.toml'));
    assert.deepEqual(Object.keys(applyWorkspaceEdit(ignore.edit!, { [policyFile]: 'extends = "strict"\nallow-modules = ["ast", "json"]\n' })), [policyFile]);

    const hover = await editor.client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: notebook.cellUris[1] }, position: { line: 0, character: 10 } });
    assert.deepEqual(hover?.range, { start: { line: 0, character: 9 }, end: { line: 0, character: 13 } });
    assert.match((hover?.contents as { value: string }).value, /^\*\*PC301 dynamic-code\*\*/);
    await notebook.close();
  });

  test("the getattr(o, 'name') → o.name rewrite in a cell edits that cell, in its coordinates", async () => {
    const notebook = new Notebook(editor, path.join(root, 'labels.ipynb'));
    const texts = ['config = {}\n', '!ls\nlabel = getattr(config, "title")'];
    const published = publications(editor, [`vscode-notebook-cell:${notebook.file}#W1`]);
    await notebook.open(texts.map((text) => ({ kind: CODE, text })));
    assert.deepEqual(await published, [[diagnostic('PC502', [0, 0, 0, 3], "shell escape '!ls' runs a host command; not allowed by policy 'padded-cell.toml'")]]);
    const at = { line: 1, character: 12 };
    const actions: CodeAction[] = await editor.client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: notebook.cellUris[1] },
      range: { start: at, end: at },
      context: { diagnostics: [], only: ['refactor.rewrite'] },
    });
    assert.deepEqual(actions, [
      {
        title: "Replace getattr(config, 'title') with config.title",
        kind: 'refactor.rewrite',
        edit: { documentChanges: [{ textDocument: { uri: notebook.cellUris[1], version: 1 }, edits: [{ range: { start: { line: 1, character: 8 }, end: { line: 1, character: 32 } }, newText: 'config.title' }] }] },
      },
    ]);
    await notebook.close();
  });

  test('fix-all on a notebook applies every safe fix, one changed span per cell', async () => {
    const notebook = new Notebook(editor, path.join(root, 'loop.ipynb'));
    const texts = ['def serve(next_request):\n    while True:\n        try:\n            next_request()\n        except:\n            continue\n', 'x = 1'];
    const published = publications(editor, [`vscode-notebook-cell:${notebook.file}#W0`], (p) => p.diagnostics.some((d) => d.code === 'PC501'));
    await notebook.open(texts.map((text) => ({ kind: CODE, text })));
    await published;
    const actions: CodeAction[] = await editor.codeActions(notebook.cellUris[1], [], ['source.fixAll']);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind]),
      [['Padded Cell: fix all safe problems', 'source.fixAll.padded-cell']],
    );
    assert.deepEqual(actions[0].edit, {
      documentChanges: [{ textDocument: { uri: notebook.cellUris[0], version: 1 }, edits: [{ range: { start: { line: 4, character: 14 }, end: { line: 4, character: 14 } }, newText: ' Exception' }] }],
    });
    await notebook.close();
  });

  test('magics and escapes do not break the parse of the code around them; each is reported where it is', async () => {
    const notebook = new Notebook(editor, path.join(root, 'magics.ipynb'));
    const cells = ['%%bash\nrm -rf /tmp/cache\n', '%matplotlib inline\nfiles = !ls\nfor name in files:\n    !echo $name\n%time eval(files[0])'];
    const published = publications(editor, cells.map((_, i) => `vscode-notebook-cell:${notebook.file}#W${i}`));
    await notebook.open(cells.map((text) => ({ kind: CODE, text })));
    const policy = "not allowed by policy 'padded-cell.toml'";
    assert.deepEqual(await published, [
      [diagnostic('PC502', [0, 0, 0, 6], `IPython magic '%%bash' runs a host command; ${policy}`)],
      [
        diagnostic('PC502', [0, 0, 0, 11], `IPython magic '%matplotlib' is a command to the notebook host, outside what the policy checks; ${policy}`),
        diagnostic('PC502', [1, 8, 1, 11], `shell escape '!ls' runs a host command; ${policy}`),
        diagnostic('PC502', [3, 4, 3, 15], `shell escape '!echo $name' runs a host command; ${policy}`),
        diagnostic('PC502', [4, 0, 4, 5], `IPython magic '%time' is a command to the notebook host, outside what the policy checks; ${policy}`),
        // The statement `%time` runs is Python the kernel runs: checked like any other.
        diagnostic('PC301', [4, 6, 4, 10], EVAL),
      ],
    ]);
    await notebook.close();
  });
});
