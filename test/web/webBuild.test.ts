// The pieces of the web extension that need no browser: the manifest's declarations, bundles
// free of Node modules, the POSIX `path` the worker gets instead of Node's, how URIs of virtual
// file systems become paths and back, and policy files read through the client.
// (The worker itself runs in chromium in test/e2e/webWorker.test.ts.)
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import * as posixPath from '../../server/src/web/posixPath';
import { ClientFiles, pathOfUri, uriOfPath, type ReadFileParams, type ReadFileResult } from '../../server/src/web/clientFiles';
import { utf8Length } from '../../server/src/rules/meta/PC003-file-too-large';
import { ensureServerBundle, ROOT } from '../lsp/helpers/lspClient';

interface Manifest {
  main: string;
  browser: string;
  extensionKind: string[];
  activationEvents: string[];
  capabilities: { virtualWorkspaces: boolean; untrustedWorkspaces: { supported: boolean } };
}

const manifest = JSON.parse(fs.readFileSync(nodePath.join(ROOT, 'package.json'), 'utf8')) as Manifest;

describe('manifest', () => {
  test('a browser entry next to main, runs where the workspace is, virtual workspaces and notebooks', () => {
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.browser, './dist/web/extension.js');
    // Where a remote holds the workspace (code-server, SSH, Codespaces) the Node build runs there;
    // with no remote (vscode.dev) VS Code adds the web kind for the browser entry itself.
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    assert.equal(manifest.capabilities.virtualWorkspaces, true);
    assert.ok(manifest.activationEvents.includes('onNotebook:jupyter-notebook'));
  });
});

describe('the web bundles', () => {
  before(() => ensureServerBundle());

  test('load no Node module: the worker requires nothing, the client only vscode', () => {
    const server = fs.readFileSync(nodePath.join(ROOT, 'dist', 'web', 'server.js'), 'utf8');
    const client = fs.readFileSync(nodePath.join(ROOT, 'dist', 'web', 'extension.js'), 'utf8');
    assert.deepEqual([...new Set(server.match(/\brequire\(["'][^"']+["']\)/g) ?? [])], []);
    assert.deepEqual([...new Set(client.match(/\brequire\(["'][^"']+["']\)/g) ?? [])], ['require("vscode")']);
  });
});

describe('posixPath (node:path in the worker)', () => {
  const cases: [keyof typeof posixPath.posix, string[]][] = [
    ['resolve', ['/a/b', '../c']],
    ['resolve', ['/a', '/b', 'c/./d']],
    ['resolve', ['/']],
    ['resolve', ['/a/b/']],
    ['join', ['/a', 'b', '../c']],
    ['join', ['a', '', 'b']],
    ['join', ['/x', 'padded-cell.toml']],
    ['dirname', ['/a/b/c']],
    ['dirname', ['/a']],
    ['dirname', ['/']],
    ['dirname', ['a']],
    ['dirname', ['/a/b/']],
    ['basename', ['/a/b.py']],
    ['basename', ['/a/b.py', '.py']],
    ['basename', ['/']],
    ['relative', ['/a/b', '/a/b/c/d.py']],
    ['relative', ['/a/b', '/a/x']],
    ['relative', ['/a', '/a']],
    ['extname', ['/a/b.tar.gz']],
    ['extname', ['/a/.bashrc']],
    ['normalize', ['/a//b/../c/']],
    ['isAbsolute', ['a']],
    ['isAbsolute', ['/a']],
    ['parse', ['/a/b.py']],
    ['parse', ['/']],
  ];
  for (const [fn, args] of cases) {
    test(`${fn}(${args.map((a) => JSON.stringify(a)).join(', ')}) as Node's posix path`, () => {
      const ours = (posixPath.posix[fn] as (...a: string[]) => unknown)(...args);
      const nodes = (nodePath.posix[fn] as (...a: string[]) => unknown)(...args);
      assert.deepEqual(ours, nodes);
    });
  }
  test('resolve never asks for a working directory: relative paths resolve against /', () => {
    assert.equal(posixPath.resolve('a/b'), '/a/b');
  });
});

describe('utf8Length (PC003 without Buffer)', () => {
  for (const text of ['', 'abc', 'é', '☕', '😀', '\ud800', 'a\udc00b', '\ud800\ud800', 'x😀é\ud83d']) {
    test(JSON.stringify(text), () => assert.equal(utf8Length(text), Buffer.byteLength(text, 'utf8')));
  }
});

describe('ClientFiles: URIs as paths, policy files through the client', () => {
  test('a URI of any scheme becomes a POSIX path and comes back unchanged', () => {
    for (const uri of ['vscode-vfs://github/owner/repo/src/plugin.py', 'file:///home/me/plugin.py', 'vscode-remote://ssh-remote%2Bhost/home/x.py', 'memfs:/folder/a%20b.py']) {
      const p = pathOfUri(uri)!;
      assert.ok(p.startsWith('/'), p);
      assert.equal(uriOfPath(p), uri);
    }
    assert.equal(pathOfUri('vscode-vfs://github/owner/repo/a.py'), '/vscode-vfs%3A%2F%2Fgithub/owner/repo/a.py');
    // Untitled buffers lie in no folder: the preset applies, as in Node.
    assert.equal(pathOfUri('untitled:Untitled-1'), undefined);
  });

  test('prepare asks for the candidates once; find and read then answer from what came back', async () => {
    const asked: string[] = [];
    const answers: Record<string, ReadFileResult> = {
      'vscode-vfs://github/o/r/pkg/padded-cell.toml': { text: 'extends = "strict"\n' },
      'vscode-vfs://github/o/r/pyproject.toml': { error: 'permission denied' },
    };
    const files = new ClientFiles(async ({ uri }: ReadFileParams) => {
      asked.push(uri);
      return answers[uri] ?? null;
    });
    const plugin = pathOfUri('vscode-vfs://github/o/r/pkg/sub/plugin.py')!;
    await files.prepare(plugin, '');
    await files.prepare(plugin, '');
    assert.equal(asked.length, 10);
    assert.equal(new Set(asked).size, 10);
    const found = files.policyFiles.find(nodePath.posix.dirname(plugin));
    assert.deepEqual(found, { path: pathOfUri('vscode-vfs://github/o/r/pkg/padded-cell.toml'), text: 'extends = "strict"\n' });
    assert.equal(files.readText(found!.path), 'extends = "strict"\n');
    // Above pkg/, the unreadable pyproject.toml is what applies, with its error.
    assert.deepEqual(files.policyFiles.find(pathOfUri('vscode-vfs://github/o/r')!), { path: pathOfUri('vscode-vfs://github/o/r/pyproject.toml'), readError: 'permission denied' });
    // A file never asked for is not read yet; one that is not there says so.
    assert.deepEqual(files.policyFiles.read('/x/never.toml'), { path: '/x/never.toml', readError: 'not read yet' });
    const missing = pathOfUri('vscode-vfs://github/o/r/pkg/sub/padded-cell.toml')!;
    assert.deepEqual(files.policyFiles.read(missing), { path: missing, readError: 'no such file' });
  });

  test('refresh reads changed files again', async () => {
    let text = 'extends = "strict"\n';
    const files = new ClientFiles(async ({ uri }: ReadFileParams) => (uri.endsWith('/d/padded-cell.toml') ? { text } : null));
    const policy = pathOfUri('memfs:/d/padded-cell.toml')!;
    await files.prepare(pathOfUri('memfs:/d/a.py')!, '');
    text = 'extends = "audit"\n';
    await files.refresh([policy]);
    assert.equal(files.readText(policy), 'extends = "audit"\n');
  });
});
