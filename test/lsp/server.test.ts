// Drives the bundled server (`node dist/server.js --stdio`) with a real JSON-RPC client through
// the whole lifecycle, asserting the exact diagnostics an editor would receive.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { PRESETS } from '../../server/src/policy/presets';
import { DEFAULT_DOCS_BASE_URL } from '../../server/src/lsp/settings';
import * as path from 'node:path';
import { diagnostic, ensureServerBundle, only, ROOT, TestClient } from './helpers/lspClient';

const TRIGGERS = ['PC101', 'PC301', 'PC401'];

const IMPORT_OS = "import of 'os' is not allowed by policy 'strict'";
const EVAL = "'eval' runs code built at run time; not allowed by policy 'strict'";
const OPEN = "builtin 'open' is not allowed by policy 'strict'";

before(() => ensureServerBundle());

describe('lifecycle over stdio', () => {
  let client: TestClient;
  before(async () => {
    // A short debounce keeps the suite fast; the debounce itself is tested below.
    client = await TestClient.start({ settings: { debounceMs: 5 } });
  });
  after(async () => {
    await client.stop();
  });

  test('initialize answers with the capabilities', async () => {
    const result = await client.initialize();
    assert.deepEqual(result, {
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
  });

  test('the server pulls the paddedCell section after initialized', async () => {
    const deadline = Date.now() + 5000;
    while (client.configurationRequests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(client.configurationRequests[0], { items: [{ section: 'paddedCell' }] });
  });

  test('open → exact diagnostics', async () => {
    const uri = 'file:///work/open.py';
    const published = client.nextDiagnostics(uri);
    await client.open(uri, 'import os\neval("1")\nopen("x")\n');
    const p = await published;
    assert.equal(p.version, 1);
    assert.deepEqual(only(TRIGGERS, p.diagnostics), [
      diagnostic('PC101', [0, 7, 0, 9], IMPORT_OS),
      diagnostic('PC301', [1, 0, 1, 4], EVAL),
      diagnostic('PC401', [2, 0, 2, 4], OPEN),
    ]);
  });

  test('incremental edits with CRLF and non-ASCII text → updated diagnostics in UTF-16 columns', async () => {
    const uri = 'file:///work/unicode.py';
    await client.open(uri, '# café ☕ 😀\r\nvalue = "naïve 😀"; eval("1")\r\n');
    let p = await client.diagnosticsFor(uri);
    // 'value = "naïve 😀"; ' is 20 UTF-16 units (the emoji is a surrogate pair).
    assert.deepEqual(only(TRIGGERS, p.diagnostics), [diagnostic('PC301', [1, 20, 1, 24], EVAL)]);

    await client.change(uri, [{ range: { start: { line: 1, character: 20 }, end: { line: 1, character: 24 } }, text: 'open' }]);
    p = await client.diagnosticsFor(uri);
    assert.equal(p.version, 2);
    assert.deepEqual(only(TRIGGERS, p.diagnostics), [diagnostic('PC401', [1, 20, 1, 24], OPEN)]);

    // Several changes in one notification, each in the coordinates the previous one left;
    // the last removes the comment line together with its CRLF.
    await client.change(uri, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'import os\r\n' },
      { range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, text: '' },
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'ö = 2; ' },
    ]);
    p = await client.diagnosticsFor(uri);
    assert.equal(p.version, 3);
    assert.deepEqual(only(TRIGGERS, p.diagnostics), [
      diagnostic('PC101', [0, 7, 0, 9], IMPORT_OS),
      diagnostic('PC401', [1, 27, 1, 31], OPEN),
    ]);

    // Joining two lines across the CRLF: the call becomes part of the comment.
    await client.change(uri, [{ range: { start: { line: 0, character: 9 }, end: { line: 1, character: 0 } }, text: '  # ' }]);
    p = await client.diagnosticsFor(uri);
    assert.deepEqual(only(TRIGGERS, p.diagnostics), [diagnostic('PC101', [0, 7, 0, 9], IMPORT_OS)]);

    // A change without a range replaces the whole text.
    await client.change(uri, [{ text: 'x = 1\r\n\r\nopen("y")' }]);
    p = await client.diagnosticsFor(uri);
    assert.deepEqual(only(TRIGGERS, p.diagnostics), [diagnostic('PC401', [2, 0, 2, 4], OPEN)]);
  });

  test('close → the file\'s diagnostics are cleared', async () => {
    const uri = 'file:///work/closing.py';
    await client.open(uri, 'import os\n');
    await client.diagnosticsFor(uri);
    const cleared = client.nextDiagnostics(uri);
    await client.close(uri);
    assert.deepEqual(await cleared, { uri, diagnostics: [] });
  });

  test('broken and hostile text still gets diagnostics', async () => {
    const uri = 'file:///work/broken.py';
    await client.open(uri, 'def f(:\n\0\0 \u202e import os\nclass (((\neval("1"\n');
    const p = await client.diagnosticsFor(uri);
    assert.deepEqual(only(['PC301'], p.diagnostics), [diagnostic('PC301', [3, 0, 3, 4], EVAL)]);
  });

  test('a change to a document that is not open is logged, and the server keeps serving', async () => {
    await client.change('file:///work/never-opened.py', [{ text: 'import os' }]);
    const uri = 'file:///work/after-bad-change.py';
    await client.open(uri, 'import os\n');
    const p = await client.diagnosticsFor(uri);
    assert.deepEqual(only(TRIGGERS, p.diagnostics), [diagnostic('PC101', [0, 7, 0, 9], IMPORT_OS)]);
    assert.ok(
      client.logs.some((l) => l.type === 2 && l.message === 'didChange for file:///work/never-opened.py, which is not open; ignored'),
      JSON.stringify(client.logs),
    );
  });

  test('malformed notifications are logged; a document that cannot be analysed gets PC000', async () => {
    const uri = 'file:///work/malformed.py';
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: null });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: 42 } });
    const p = await client.nextDiagnostics(uri);
    assert.deepEqual(p, {
      uri,
      version: 1,
      diagnostics: [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: 1,
          code: 'PC000',
          source: 'padded-cell',
          message: 'Padded Cell could not analyse this file, so it is not checked: source text must be a string, not number',
        },
      ],
    });
    const errors = client.logs.filter((l) => l.type === 1).map((l) => l.message.split('\n')[0]);
    assert.deepEqual(errors, [
      "didOpen failed: TypeError: Cannot read properties of null (reading 'uri')",
      `analysing ${uri} failed: TypeError: source text must be a string, not number`,
    ]);
  });

  test('a malformed change is logged, and later edits still give the right diagnostics', async () => {
    const uri = 'file:///work/bad-change.py';
    await client.open(uri, 'x = 1\n');
    await client.diagnosticsFor(uri);
    // The first change applies; the second (an array, not a string) gets as far as the tree
    // edit but not the text.
    await client.change(uri, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'import os\n' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: Array.from({ length: 40 }, () => 'x') as unknown as string },
    ]);
    await client.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'open("x")\n' }]);
    const p = await client.nextDiagnostics(uri);
    assert.deepEqual(only(TRIGGERS, p.diagnostics), [diagnostic('PC101', [0, 7, 0, 9], IMPORT_OS), diagnostic('PC401', [2, 0, 2, 4], OPEN)]);
    assert.ok(client.logs.some((l) => l.type === 1 && l.message.startsWith('didChange failed: ')), JSON.stringify(client.logs));
  });

  test('shutdown and exit end the process with code 0', async () => {
    assert.equal(await client.connection.sendRequest('shutdown'), null);
    await client.connection.sendNotification('exit');
    assert.equal(await client.exited, 0);
  });
});

describe('debounce (default 150 ms)', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.ready();
  });
  after(async () => {
    await client.stop();
  });

  test('a burst of changes publishes once, for the newest version', async () => {
    const uri = 'file:///work/burst.py';
    await client.open(uri, '');
    await client.diagnosticsFor(uri);
    const before = client.publications.length;
    let version = 0;
    let typed = 0;
    for (const ch of 'eval("1")') {
      const at = { line: 0, character: typed++ };
      version = await client.change(uri, [{ range: { start: at, end: at }, text: ch }]);
    }
    const p = await client.diagnosticsFor(uri);
    assert.equal(p.version, version);
    assert.deepEqual(only(TRIGGERS, p.diagnostics), [diagnostic('PC301', [0, 0, 0, 4], EVAL)]);
    // Give a stale timer the chance to fire if one were left behind.
    await new Promise((r) => setTimeout(r, 250));
    assert.deepEqual(
      client.publications.slice(before).filter((q) => q.uri === uri).map((q) => q.version),
      [version],
    );
  });

  test('each document has its own debounce', async () => {
    const a = 'file:///work/a.py';
    const b = 'file:///work/b.py';
    const pa = client.nextDiagnostics(a);
    const pb = client.nextDiagnostics(b);
    await client.open(a, 'import os\n');
    await client.open(b, 'open("x")\n');
    assert.deepEqual(only(TRIGGERS, (await pa).diagnostics), [diagnostic('PC101', [0, 7, 0, 9], IMPORT_OS)]);
    assert.deepEqual(only(TRIGGERS, (await pb).diagnostics), [diagnostic('PC401', [0, 0, 0, 4], OPEN)]);
  });

  test('closing during the debounce publishes nothing stale afterwards', async () => {
    const uri = 'file:///work/closed-early.py';
    await client.open(uri, 'import os\n');
    await client.close(uri);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(client.publications.filter((p) => p.uri === uri), [{ uri, diagnostics: [] }]);
  });
});

describe('workspace/executeCommand', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.ready();
  });
  after(async () => {
    await client.stop();
  });

  // Without workspace folders; the scan of folders is tested in workspaceScan.test.ts.
  test('paddedCell.scanWorkspace checks the open Python documents and publishes', async () => {
    const one = 'file:///work/one.py';
    const two = 'untitled:Untitled-1';
    await client.open(one, 'import os\n');
    await client.open(two, 'eval("1")\nopen("x")\n');
    await client.open('file:///work/notes.txt', 'import os\n', 1, 'plaintext');
    await client.diagnosticsFor(one);
    await client.diagnosticsFor(two);
    const p1 = client.nextDiagnostics(one);
    const p2 = client.nextDiagnostics(two);
    const result = await client.connection.sendRequest('workspace/executeCommand', { command: 'paddedCell.scanWorkspace', arguments: [] });
    const [d1, d2] = [(await p1).diagnostics, (await p2).diagnostics];
    assert.deepEqual(only(TRIGGERS, d1), [diagnostic('PC101', [0, 7, 0, 9], IMPORT_OS)]);
    assert.deepEqual(only(TRIGGERS, d2), [diagnostic('PC301', [0, 0, 0, 4], EVAL), diagnostic('PC401', [1, 0, 1, 4], OPEN)]);
    const { durationMs, ...rest } = result as { durationMs: number };
    assert.equal(typeof durationMs, 'number');
    const byCode: Record<string, number> = {};
    for (const d of [...d1, ...d2]) byCode[String(d.code)] = (byCode[String(d.code)] ?? 0) + 1;
    assert.deepEqual(rest, { folders: 0, files: 2, findings: d1.length + d2.length, byCode, unreadable: 0, cancelled: false });
  });

  test('an unknown command is an InvalidParams error', async () => {
    await assert.rejects(client.connection.sendRequest('workspace/executeCommand', { command: 'paddedCell.nope' }), {
      code: -32602,
      message: "unknown command 'paddedCell.nope'",
    });
  });
});

describe('configuration', () => {
  let client: TestClient;
  const uri = 'file:///work/config.py';
  before(async () => {
    client = await TestClient.ready({ settings: { enable: true } });
    await client.open(uri, 'import os\n');
    await client.diagnosticsFor(uri);
  });
  after(async () => {
    await client.stop();
  });

  test('enable=false clears the diagnostics of open documents, enable=true brings them back', async () => {
    const requests = client.configurationRequests.length;
    let p = client.nextDiagnostics(uri);
    await client.changeConfiguration({ enable: false });
    assert.deepEqual(await p, { uri, version: 1, diagnostics: [] });
    assert.deepEqual(client.configurationRequests.slice(requests), [{ items: [{ section: 'paddedCell' }] }]);

    p = client.nextDiagnostics(uri);
    await client.changeConfiguration({ enable: true });
    assert.deepEqual(only(TRIGGERS, (await p).diagnostics), [diagnostic('PC101', [0, 7, 0, 9], IMPORT_OS)]);
  });

  test('docsBaseUrl sets codeDescription.href', async () => {
    const p = client.nextDiagnostics(uri);
    await client.changeConfiguration({ docsBaseUrl: 'https://docs.example.org/padded-cell/rules' });
    const [d] = only(['PC101'], (await p).diagnostics);
    assert.deepEqual(d.codeDescription, { href: 'https://docs.example.org/padded-cell/rules/PC101.md' });
  });

  test('an unknown preset warns and keeps checking with strict', async () => {
    const p = client.nextDiagnostics(uri);
    await client.changeConfiguration({ preset: 'lenient' });
    assert.deepEqual(only(TRIGGERS, (await p).diagnostics), [diagnostic('PC101', [0, 7, 0, 9], IMPORT_OS)]);
    assert.deepEqual(client.shownMessages, [
      { type: 2, message: `Padded Cell: unknown preset 'lenient' (known: ${[...PRESETS.keys()].join(', ')}); checking with 'strict'` },
    ]);
  });

  test('invalid values fall back to their defaults with a logged warning', async () => {
    const p = client.nextDiagnostics(uri);
    await client.changeConfiguration({ enable: 'yes', debounceMs: -5 });
    assert.deepEqual(only(TRIGGERS, (await p).diagnostics), [diagnostic('PC101', [0, 7, 0, 9], IMPORT_OS)]);
    const warnings = client.logs.filter((l) => l.type === 2).map((l) => l.message);
    assert.ok(warnings.includes('paddedCell.enable must be true or false, got "yes"; using true'), JSON.stringify(warnings));
    assert.ok(warnings.includes('paddedCell.debounceMs must be a number of milliseconds, 0 or more, got -5; using 150'), JSON.stringify(warnings));
  });

  test('a policyFile setting that names no file is reported, and checking goes on with the preset', async () => {
    const p = client.nextDiagnostics(uri);
    await client.changeConfiguration({ policyFile: 'plugins/padded-cell.toml' });
    assert.deepEqual(only(TRIGGERS, (await p).diagnostics), [diagnostic('PC101', [0, 7, 0, 9], IMPORT_OS)]);
    // Without workspace folders a relative path is relative to the server's working directory.
    const missing = path.join(ROOT, 'plugins', 'padded-cell.toml');
    assert.ok(
      client.logs.some((l) => l.type === 2 && l.message === `policy file ${missing}:1:1: cannot read policy file: no such file`),
      JSON.stringify(client.logs),
    );
    // And shown, once: the diagnostic sits on a file the editor cannot open.
    const shown = `Padded Cell: paddedCell.policyFile 'plugins/padded-cell.toml' (${missing}): cannot read policy file: no such file; checking with the preset 'strict'`;
    assert.deepEqual(client.shownMessages.filter((m) => m.message.includes('policyFile')), [{ type: 2, message: shown }]);
    const again = client.nextDiagnostics(uri);
    await client.changeConfiguration({ policyFile: 'plugins/padded-cell.toml' });
    await again;
    assert.equal(client.shownMessages.filter((m) => m.message.includes('policyFile')).length, 1);
  });

  test("a policyFile setting written as a file: URI, with ${workspaceFolder} or with ~ names that file", async () => {
    for (const [setting, file] of [
      [`file://${path.join(ROOT, 'uri', 'padded-cell.toml')}`, path.join(ROOT, 'uri', 'padded-cell.toml')],
      ['~/no-such-dir/padded-cell.toml', path.join(process.env.HOME!, 'no-such-dir', 'padded-cell.toml')],
      // No workspace folder here: the server's working directory stands in for it.
      ['${workspaceFolder}/wf/padded-cell.toml', path.join(ROOT, 'wf', 'padded-cell.toml')],
    ]) {
      const p = client.nextDiagnostics(uri);
      await client.changeConfiguration({ policyFile: setting });
      await p;
      assert.ok(
        client.logs.some((l) => l.type === 2 && l.message === `policy file ${file}:1:1: cannot read policy file: no such file`),
        `${setting}: ${JSON.stringify(client.logs.slice(-3))}`,
      );
    }
  });

  test('logLevel applies without a restart: debug lines at debug, nothing below error at error', async () => {
    const since = (start: number, type: number): string[] => client.logs.slice(start).filter((l) => l.type === type).map((l) => l.message);
    let start = client.logs.length;
    let p = client.nextDiagnostics(uri);
    await client.changeConfiguration({ logLevel: 'debug' });
    await p;
    const debug = since(start, 4);
    assert.equal(debug[0], `settings: ${JSON.stringify({ enable: true, preset: 'strict', policyFile: '', logLevel: 'debug', docsBaseUrl: DEFAULT_DOCS_BASE_URL, debounceMs: 150 })}`);
    assert.match(debug[1], /^file:\/\/\/work\/config\.py v1: 1 findings in \d+ ms \(full, 1 of 1 statements, parsed: tree\)$/);

    start = client.logs.length;
    p = client.nextDiagnostics(uri);
    await client.changeConfiguration({ logLevel: 'error', enable: 'yes' });
    await p;
    assert.deepEqual(client.logs.slice(start), [], 'neither the debug lines nor the warning about enable="yes"');
  });

  test('debounceMs delays analysis after an edit', async () => {
    await client.changeConfiguration({ debounceMs: 400 });
    await client.diagnosticsFor(uri);
    const version = await client.change(uri, [{ range: { start: { line: 0, character: 7 }, end: { line: 0, character: 9 } }, text: 'sys' }]);
    const sent = Date.now();
    const p = await client.nextDiagnostics(uri, (q) => q.version === version);
    assert.ok(Date.now() - sent >= 350, `published after ${Date.now() - sent} ms`);
    assert.deepEqual(only(TRIGGERS, p.diagnostics), [diagnostic('PC101', [0, 7, 0, 10], "import of 'sys' is not allowed by policy 'strict'")]);
  });
});

describe('a client with dynamic registration', () => {
  test('gets a didChangeConfiguration registration for the paddedCell section, then is asked for it', async () => {
    const client = await TestClient.start();
    try {
      await client.initialize({ workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } });
      const deadline = Date.now() + 5000;
      while (client.configurationRequests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(
        client.registrations.map((r) => r.registrations.map(({ method, registerOptions }) => ({ method, registerOptions }))),
        [[{ method: 'workspace/didChangeConfiguration', registerOptions: { section: 'paddedCell' } }]],
      );
      assert.deepEqual(client.configurationRequests, [{ items: [{ section: 'paddedCell' }] }]);
    } finally {
      await client.stop();
    }
  });
});

describe('a client that pushes settings instead of answering workspace/configuration', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.ready({ capabilities: {} });
  });
  after(async () => {
    await client.stop();
  });

  test('analyses with the defaults and follows pushed settings', async () => {
    const uri = 'file:///work/push.py';
    await client.open(uri, 'open("x")\n');
    assert.deepEqual(only(TRIGGERS, (await client.diagnosticsFor(uri)).diagnostics), [diagnostic('PC401', [0, 0, 0, 4], OPEN)]);
    const p = client.nextDiagnostics(uri);
    await client.changeConfiguration({}, { paddedCell: { enable: false } });
    assert.deepEqual(await p, { uri, version: 1, diagnostics: [] });
    assert.deepEqual(client.configurationRequests, []);
  });

  test('a notification without the paddedCell section keeps the pushed settings (audit: information severity)', async () => {
    const uri = 'file:///work/kept.py';
    await client.changeConfiguration({}, { paddedCell: { preset: 'audit' } });
    await client.open(uri, 'open("x")\n');
    const audited = (await client.diagnosticsFor(uri)).diagnostics;
    assert.deepEqual(only(TRIGGERS, audited), [{ ...diagnostic('PC401', [0, 0, 0, 4], OPEN.replace("'strict'", "'audit'")), severity: 3 }]);
    await client.changeConfiguration({}, { python: { analysis: {} } });
    await client.changeConfiguration({}, null);
    // An edit after both: analysed under the settings still in force.
    const p = client.nextDiagnostics(uri);
    await client.change(uri, [{ range: { start: { line: 0, character: 9 }, end: { line: 0, character: 9 } }, text: '  # x' }]);
    assert.deepEqual(only(TRIGGERS, (await p).diagnostics), [{ ...diagnostic('PC401', [0, 0, 0, 4], OPEN.replace("'strict'", "'audit'")), severity: 3 }]);
  });
});

describe('Node IPC transport', () => {
  test('initialize, diagnostics, shutdown over --node-ipc', async () => {
    const client = await TestClient.start({ transport: 'ipc' });
    try {
      const result = await client.initialize();
      assert.deepEqual(result.capabilities.executeCommandProvider, { commands: ['paddedCell.scanWorkspace'] });
      const uri = 'file:///work/ipc.py';
      await client.open(uri, 'import os\n');
      assert.deepEqual(only(TRIGGERS, (await client.diagnosticsFor(uri)).diagnostics), [diagnostic('PC101', [0, 7, 0, 9], IMPORT_OS)]);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});
