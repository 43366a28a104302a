// Code actions, fix-all, hover and related information through the bundled server: each test
// requests the actions for a diagnostic the server published, applies the returned
// WorkspaceEdit itself, and compares the whole resulting text (the Python file, or the policy file).
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { ensureServerBundle } from './helpers/lspClient';
import { applyWorkspaceEdit, EDITOR_CAPABILITIES, EditorClient, fileUri, makeWorkspace, removeWorkspace } from './helpers/workspace';
import { dynamicCode } from '../../server/src/rules/execution/PC301-dynamic-code';

before(() => ensureServerBundle());

/** Opens `text` as `file` and returns its published diagnostics of `code`. */
async function open(editor: EditorClient, file: string, text: string, code: string): Promise<Diagnostic[]> {
  const uri = fileUri(file);
  await editor.client.open(uri, text);
  const published = await editor.client.diagnosticsFor(uri);
  return published.diagnostics.filter((d) => d.code === code);
}

function titles(actions: readonly CodeAction[]): string[] {
  return actions.map((a) => a.title);
}

function pick(actions: readonly CodeAction[], title: string): CodeAction {
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `no action '${title}' in ${JSON.stringify(titles(actions))}`);
  return action;
}

/** The document's text after applying the action's edit. */
function applied(action: CodeAction, uri: string, text: string): string {
  const out = applyWorkspaceEdit(action.edit!, { [uri]: text });
  assert.deepEqual(Object.keys(out), [uri]);
  return out[uri];
}

describe('quick fixes', () => {
  let root: string;
  let editor: EditorClient;
  before(async () => {
    root = makeWorkspace({
      'padded-cell.toml': 'extends = "strict"\nallow-modules = ["ast", "yaml"]\n',
      // A folder whose own policy does not allow `ast`.
      'strict/padded-cell.toml': 'extends = "strict"\n',
      'suppressible/padded-cell.toml': 'extends = "strict"\ninline-suppressions = "on"\n',
      // `xml` allowed, its submodule `xml.etree` denied.
      'xmlonly/padded-cell.toml': 'extends = "strict"\nallow-modules = ["xml"]\ndeny-modules = ["xml.etree"]\n',
    });
    editor = await EditorClient.start({ folders: [root] });
  });
  after(async () => {
    await editor.stop();
    removeWorkspace(root);
  });

  test("eval(x) → ast.literal_eval(x), adding 'import ast' inside the import block (CRLF, non-ASCII)", async () => {
    const file = path.join(root, 'plugin.py');
    const uri = fileUri(file);
    const text = '"""Plugin é ☕."""\r\nfrom __future__ import annotations\r\nimport json\r\nimport re\r\n\r\nvalue = eval(text)  # 😀\r\n';
    const [d] = await open(editor, file, text, 'PC301');
    assert.deepEqual(d.range, { start: { line: 5, character: 8 }, end: { line: 5, character: 12 } });
    const actions = await editor.codeActions(uri, [d]);
    // No fix-all: the file has no safe fix.
    assert.deepEqual(titles(actions), ["Replace 'eval' with 'ast.literal_eval'", 'Ignore PC301 in this file']);
    const fix = pick(actions, "Replace 'eval' with 'ast.literal_eval'");
    assert.equal(fix.kind, 'quickfix');
    assert.deepEqual(fix.diagnostics, [d]);
    assert.equal(fix.isPreferred, undefined, 'unsafe fixes are never preferred');
    assert.equal(
      applied(fix, uri, text),
      '"""Plugin é ☕."""\r\nfrom __future__ import annotations\r\nimport ast\r\nimport json\r\nimport re\r\n\r\nvalue = ast.literal_eval(text)  # 😀\r\n',
    );
  });

  test("eval(x) with 'import ast' already there only rewrites the call; without an import block the import goes after the docstring", async () => {
    let file = path.join(root, 'has_ast.py');
    let text = 'import ast\n\n\ndef parse(s):\n    return eval(s)\n';
    let [d] = await open(editor, file, text, 'PC301');
    let fix = pick(await editor.codeActions(fileUri(file), [d]), "Replace 'eval' with 'ast.literal_eval'");
    assert.equal(applied(fix, fileUri(file), text), 'import ast\n\n\ndef parse(s):\n    return ast.literal_eval(s)\n');

    file = path.join(root, 'docstring.py');
    text = '#!/usr/bin/env python\n"""Doc."""\nCONFIG = eval(raw)';
    [d] = await open(editor, file, text, 'PC301');
    fix = pick(await editor.codeActions(fileUri(file), [d]), "Replace 'eval' with 'ast.literal_eval'");
    assert.equal(applied(fix, fileUri(file), text), '#!/usr/bin/env python\n"""Doc."""\nimport ast\nCONFIG = ast.literal_eval(raw)');
  });

  test("no literal_eval fix where the policy does not allow 'ast', or where 'ast' means something else", async () => {
    let file = path.join(root, 'strict', 'plugin.py');
    let [d] = await open(editor, file, 'value = eval(text)\n', 'PC301');
    assert.deepEqual(titles(await editor.codeActions(fileUri(file), [d])), ['Ignore PC301 in this file']);

    file = path.join(root, 'shadowed.py');
    [d] = await open(editor, file, 'ast = None\nvalue = eval(text)\n', 'PC301');
    assert.deepEqual(titles(await editor.codeActions(fileUri(file), [d])), ['Ignore PC301 in this file']);

    // A function's own `import ast` makes `ast` local to it: before that import runs, the
    // rewritten call would raise UnboundLocalError. So would a module-level use before the import.
    for (const [name, text] of [
      ['local_import.py', 'def h():\n    x = eval("1")\n    import ast\n    return x\n'],
      ['dead_local_import.py', 'def h():\n    x = eval("1")\n    if False:\n        import ast\n    return x\n'],
      ['import_after.py', 'x = eval("1")\nimport ast\n'],
    ]) {
      file = path.join(root, name);
      [d] = await open(editor, file, text, 'PC301');
      assert.deepEqual(titles(await editor.codeActions(fileUri(file), [d])), ['Ignore PC301 in this file'], name);
    }
  });

  test('yaml.load(s) and yaml.load(s, Loader=yaml.Loader) → yaml.safe_load(s)', async () => {
    const file = path.join(root, 'config.py');
    const uri = fileUri(file);
    const text = 'import yaml\n\ncfg = yaml.load(text)\nraw = yaml.load(text, Loader=yaml.Loader)\n';
    const [first, second] = await open(editor, file, text, 'PC304');
    const one = pick(await editor.codeActions(uri, [first]), "Replace 'load' with 'safe_load'");
    assert.equal(one.isPreferred, undefined);
    assert.equal(applied(one, uri, text), 'import yaml\n\ncfg = yaml.safe_load(text)\nraw = yaml.load(text, Loader=yaml.Loader)\n');
    const two = pick(await editor.codeActions(uri, [second]), "Replace 'load' with 'safe_load'");
    assert.equal(applied(two, uri, text), 'import yaml\n\ncfg = yaml.load(text)\nraw = yaml.safe_load(text)\n');
  });

  test("bare 'except:' and 'except BaseException' → 'except Exception', safe and preferred", async () => {
    const file = path.join(root, 'loop.py');
    const uri = fileUri(file);
    const text = 'while True:\n    try:\n        step()\n    except:\n        pass\n    try:\n        step()\n    except BaseException as exc:\n        note(exc)\n';
    const [bare, base] = await open(editor, file, text, 'PC501');
    let actions = await editor.codeActions(uri, [bare]);
    // Without `only` in the request, fix-all comes along (the file has safe fixes).
    assert.deepEqual(titles(actions), ["Catch 'Exception' instead", 'Ignore PC501 in this file', 'Padded Cell: fix all safe problems']);
    assert.equal(actions[0].isPreferred, true);
    assert.equal(applied(actions[0], uri, text), text.replace('except:', 'except Exception:'));
    actions = await editor.codeActions(uri, [base]);
    assert.equal(actions[0].isPreferred, true);
    assert.equal(applied(actions[0], uri, text), text.replace('except BaseException as exc:', 'except Exception as exc:'));
  });

  test('source.fixAll.padded-cell applies every safe fix in one edit, and no unsafe one', async () => {
    const file = path.join(root, 'fix_all.py');
    const uri = fileUri(file);
    const text = 'value = eval(text)\nwhile True:\n    try:\n        step()\n    except:\n        pass\n    try:\n        step()\n    except BaseException:\n        pass\n';
    await open(editor, file, text, 'PC501');
    const actions = await editor.codeActions(uri, [], ['source.fixAll']);
    assert.equal(actions.length, 1);
    assert.equal(actions[0].title, 'Padded Cell: fix all safe problems');
    assert.equal(actions[0].kind, 'source.fixAll.padded-cell');
    const edit = actions[0].edit!.documentChanges![0] as { textDocument: { version: number }; edits: unknown[] };
    assert.equal(edit.textDocument.version, 1, 'the edit is for the version analysed');
    assert.equal(edit.edits.length, 1);
    assert.equal(applied(actions[0], uri, text), text.replace('except:', 'except Exception:').replace('except BaseException:', 'except Exception:'));
    // Quick fixes only for what is on the requested range (here the start of the file: nothing).
    assert.deepEqual(await editor.codeActions(uri, [], ['quickfix']), []);
  });

  test("disallowed import → 'Remove import' (only that name, or the statement) and 'Allow module' in the policy file", async () => {
    const file = path.join(root, 'imports.py');
    const uri = fileUri(file);
    const text = 'import os, math\ntry:\n    from subprocess import run\nexcept ImportError:\n    run = None\nprint(math.pi)\n';
    const [os, subprocess] = await open(editor, file, text, 'PC101');
    let actions = await editor.codeActions(uri, [os]);
    assert.deepEqual(titles(actions), ["Remove import of 'os'", "Allow module 'os' in the policy", 'Ignore PC101 in this file']);
    assert.equal(actions[0].isPreferred, undefined);
    assert.equal(applied(actions[0], uri, text), text.replace('import os, math', 'import math'));

    const policyUri = fileUri(path.join(root, 'padded-cell.toml'));
    const policyText = fs.readFileSync(path.join(root, 'padded-cell.toml'), 'utf8');
    assert.deepEqual(applyWorkspaceEdit(actions[1].edit!, { [policyUri]: policyText }), {
      [policyUri]: 'extends = "strict"\nallow-modules = ["ast", "yaml", "os"]\n',
    });

    actions = await editor.codeActions(uri, [subprocess]);
    // The only statement of a block becomes `pass`: an empty block does not parse.
    assert.equal(applied(pick(actions, "Remove import of 'subprocess'"), uri, text), text.replace('from subprocess import run', 'pass'));
  });

  test("a denied submodule in 'from m import a, b' → 'Remove import' of that name only", async () => {
    const file = path.join(root, 'xmlonly', 'parse.py');
    const uri = fileUri(file);
    const text = 'from xml import dom, etree as et  # both\r\nprint(dom, et)\r\n';
    const [etree] = await open(editor, file, text, 'PC101');
    assert.deepEqual(etree.range, { start: { line: 0, character: 21 }, end: { line: 0, character: 26 } });
    assert.equal(etree.message, "import of 'xml.etree' is not allowed by policy 'padded-cell.toml'");
    const actions = await editor.codeActions(uri, [etree]);
    assert.deepEqual(titles(actions), ["Remove import of 'xml.etree'", 'Ignore PC101 in this file']);
    assert.equal(applied(actions[0], uri, text), 'from xml import dom  # both\r\nprint(dom, et)\r\n');
  });

  test("'Ignore PCxxx in this file' adds a per-file-ignores entry to the policy file", async () => {
    const file = path.join(root, 'pkg', 'ignored.py');
    const uri = fileUri(file);
    const [d] = await open(editor, file, 'value = eval(text)\n', 'PC301');
    const action = pick(await editor.codeActions(uri, [d]), 'Ignore PC301 in this file');
    const policyUri = fileUri(path.join(root, 'padded-cell.toml'));
    assert.deepEqual(applyWorkspaceEdit(action.edit!, { [policyUri]: fs.readFileSync(path.join(root, 'padded-cell.toml'), 'utf8') }), {
      [policyUri]: 'extends = "strict"\nallow-modules = ["ast", "yaml"]\n\n[per-file-ignores]\n"pkg/ignored.py" = ["PC301"]\n',
    });
  });

  test("'Suppress PCxxx on this line' adds or merges '# noqa', only where the policy honours it", async () => {
    const file = path.join(root, 'suppressible', 'plugin.py');
    const uri = fileUri(file);
    const text = 'x = eval(s)   \r\ny = eval(t)  # noqa: E501 long line\r\nz = eval(u)  # type: ignore\r\n';
    const [a, b, c] = await open(editor, file, text, 'PC301');
    let actions = await editor.codeActions(uri, [a]);
    assert.deepEqual(titles(actions), ['Suppress PC301 on this line', 'Ignore PC301 in this file']);
    assert.equal(applied(actions[0], uri, text), text.replace('x = eval(s)   ', 'x = eval(s)  # noqa: PC301'));
    actions = await editor.codeActions(uri, [b]);
    assert.equal(applied(actions[0], uri, text), text.replace('# noqa: E501 long line', '# noqa: E501, PC301 long line'));
    actions = await editor.codeActions(uri, [c]);
    assert.equal(applied(actions[0], uri, text), text.replace('# type: ignore', '# type: ignore  # noqa: PC301'));
  });

  test('hover on a flagged range shows the rule docs as Markdown; elsewhere nothing', async () => {
    const file = path.join(root, 'strict', 'hover.py');
    const uri = fileUri(file);
    await open(editor, file, 'x = 1\nvalue = eval(text)\n', 'PC301');
    const hover = await editor.client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 10 } });
    const { docs } = dynamicCode.meta;
    assert.deepEqual(hover, {
      contents: {
        kind: 'markdown',
        value: [
          `**PC301 dynamic-code**: ${dynamicCode.meta.summary}`,
          `**What it does**\n\n${docs.what}`,
          `**Why is this bad?**\n\n${docs.why}`,
          `**Example**\n\n\`\`\`python\n${docs.example}\n\`\`\``,
          `**Use instead**\n\n${docs.instead}`,
          `**Fix safety**\n\n${docs.fixSafety}`,
          '[Documentation](https://github.com/padded-cell/padded-cell/blob/main/docs/rules/PC301.md)',
        ].join('\n\n'),
      },
      range: { start: { line: 1, character: 8 }, end: { line: 1, character: 12 } },
    });
    assert.equal(await editor.client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } }), null);
  });

  test('an alias finding carries relatedInformation pointing at the binding', async () => {
    const file = path.join(root, 'strict', 'alias.py');
    const uri = fileUri(file);
    const [, aliased] = await open(editor, file, 'handler = lambda src, e=eval: e(src)\n', 'PC301');
    assert.deepEqual(aliased.relatedInformation, [
      { location: { uri, range: { start: { line: 0, character: 22 }, end: { line: 0, character: 23 } } }, message: "'e' is bound here" },
    ]);
  });

  test("a computed attribute read through an alias of getattr points at the alias (g = getattr ... g(x, '__class__'))", async () => {
    const file = path.join(root, 'strict', 'getattr_alias.py');
    const uri = fileUri(file);
    const [asValue, call] = await open(editor, file, "g = getattr\ncls = g(x, '__class__')\n", 'PC206');
    assert.equal(asValue.relatedInformation, undefined);
    assert.deepEqual(call.range, { start: { line: 1, character: 6 }, end: { line: 1, character: 23 } });
    assert.equal(call.message, "'getattr' (as 'g') reads '__class__' (a dunder attribute); not allowed by policy 'padded-cell.toml'");
    assert.deepEqual(call.relatedInformation, [
      { location: { uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }, message: "'g' is bound here" },
    ]);
  });

  test('code actions for a document that is not open are an error', async () => {
    await assert.rejects(editor.codeActions(fileUri(path.join(root, 'never.py')), []), { code: -32602 });
  });
});

describe("getattr(o, 'name') → o.name: a refactor.rewrite, not a quick fix (PC206 reports nothing there)", () => {
  let root: string;
  let editor: EditorClient;
  before(async () => {
    root = makeWorkspace({ 'padded-cell.toml': 'extends = "strict"\n' });
    editor = await EditorClient.start({ folders: [root] });
  });
  after(async () => {
    await editor.stop();
    removeWorkspace(root);
  });

  let counter = 0;
  /** Opens `text` and asks for code actions at the first `needle` in it (an empty range just after it, as a cursor). */
  async function actionsAt(text: string, needle: string, only?: string[]): Promise<{ uri: string; actions: CodeAction[]; diagnostics: Diagnostic[] }> {
    const uri = fileUri(path.join(root, `rewrite_${++counter}.py`));
    await editor.client.open(uri, text);
    const { diagnostics } = await editor.client.diagnosticsFor(uri);
    const offset = text.indexOf(needle) + needle.length;
    assert.ok(offset >= needle.length, `'${needle}' is not in the text`);
    const before = text.slice(0, offset).split(/\r\n|\n/);
    const position = { line: before.length - 1, character: before[before.length - 1].length };
    const actions = await editor.client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [], only } });
    return { uri, actions, diagnostics };
  }

  const rewrites = (actions: readonly CodeAction[]): CodeAction[] => actions.filter((a) => a.kind === 'refactor.rewrite');

  test('getattr → attribute access, after non-ASCII text on the line and in a CRLF file (UTF-16 positions); no diagnostic, not preferred', async () => {
    const text = '# Réglages ☕\r\nicon = "😀é"; label = getattr(self.config, "title")  # 👍\r\n';
    const { uri, actions, diagnostics } = await actionsAt(text, '"tit');
    assert.deepEqual(diagnostics, [], 'a constant, plain, allowed name is not a finding');
    assert.deepEqual(actions, [
      {
        title: "Replace getattr(self.config, 'title') with self.config.title",
        kind: 'refactor.rewrite',
        edit: { documentChanges: [{ textDocument: { uri, version: 1 }, edits: [{ range: { start: { line: 1, character: 22 }, end: { line: 1, character: 51 } }, newText: 'self.config.title' }] }] },
      },
    ]);
    assert.equal(applied(actions[0], uri, text), '# Réglages ☕\r\nicon = "😀é"; label = self.config.title  # 👍\r\n');
  });

  test('setattr and delattr as whole statements → assignment and del; a walrus value and a non-primary object get parentheses', async () => {
    let text = 'def update(o, value):\n    if value: setattr(o, "name", value)\n    setattr(o.inner, "count", n := len(value))\n';
    let { uri, actions } = await actionsAt(text, 'setattr(o, "na');
    assert.deepEqual(titles(actions), ["Replace setattr(o, 'name', value) with o.name = value"]);
    assert.equal(applied(actions[0], uri, text), text.replace('setattr(o, "name", value)', 'o.name = value'));
    ({ uri, actions } = await actionsAt(text, 'n := len'));
    assert.deepEqual(titles(actions), ["Replace setattr(o.inner, 'count', n := len(value)) with o.inner.count = (n := len(value))"]);
    assert.equal(applied(actions[0], uri, text), text.replace('setattr(o.inner, "count", n := len(value))', 'o.inner.count = (n := len(value))'));

    text = 'delattr(cache, "entry")\nsize = getattr(a or b, "size")\nreal = getattr(1, "real")\n';
    ({ uri, actions } = await actionsAt(text, 'delattr'));
    assert.deepEqual(titles(actions), ["Replace delattr(cache, 'entry') with del cache.entry"]);
    assert.equal(applied(actions[0], uri, text), text.replace('delattr(cache, "entry")', 'del cache.entry'));
    ({ uri, actions } = await actionsAt(text, 'a or'));
    assert.equal(applied(actions[0], uri, text), text.replace('getattr(a or b, "size")', '(a or b).size'));
    ({ uri, actions } = await actionsAt(text, 'getattr(1'));
    assert.deepEqual(titles(actions), ["Replace getattr(1, 'real') with (1).real"]);
    assert.equal(applied(actions[0], uri, text), text.replace('getattr(1, "real")', '(1).real'));
  });

  test('nested calls: each getattr around the cursor, innermost first; a folded constant name counts', async () => {
    const text = 'value = getattr(getattr(o, "a" + "b"), "c")\n';
    const { uri, actions } = await actionsAt(text, '"a');
    assert.deepEqual(titles(actions), ["Replace getattr(o, 'ab') with o.ab", `Replace getattr(getattr(o, "a" + "b"), 'c') with getattr(o, "a" + "b").c`]);
    assert.equal(applied(actions[0], uri, text), 'value = getattr(o.ab, "c")\n');
    assert.equal(applied(actions[1], uri, text), 'value = getattr(o, "a" + "b").c\n');
  });

  test('only where asked: not for `only: [quickfix]`, not outside the call', async () => {
    const text = 'label = getattr(o, "name")\n';
    assert.deepEqual((await actionsAt(text, 'getattr(o', ['quickfix'])).actions, []);
    assert.equal((await actionsAt(text, 'getattr(o', ['refactor'])).actions.length, 1);
    assert.deepEqual((await actionsAt(text, 'lab')).actions, []);
  });

  // Each case with its twin: the same code without what rules the rewrite out, where it is offered.
  const NOT_REWRITTEN: { what: string; text: string; twin: string; at: string; codes?: string[] }[] = [
    { what: 'a dunder name (PC206 reports it)', text: 'cls = getattr(o, "__class__")\n', twin: 'cls = getattr(o, "klass")\n', at: 'getattr(o', codes: ['PC206'] },
    { what: 'a private name (PC206 reports it)', text: 'key = getattr(o, "_secret")\n', twin: 'key = getattr(o, "secret")\n', at: 'getattr(o', codes: ['PC206'] },
    { what: 'a name that is not a constant (PC206 reports it)', text: 'def read(o, name):\n    return getattr(o, name)\n', twin: 'def read(o, name):\n    return getattr(o, "name")\n', at: 'getattr(o', codes: ['PC206'] },
    { what: 'a keyword', text: 'kind = getattr(o, "class")\n', twin: 'kind = getattr(o, "klass")\n', at: 'getattr(o' },
    { what: 'not an identifier', text: 'value = getattr(o, "two words")\n', twin: 'value = getattr(o, "two_words")\n', at: 'getattr(o' },
    { what: 'a name NFKC changes (o.ｎａｍｅ would be o.name)', text: 'value = getattr(o, "ｎａｍｅ")\n', twin: 'value = getattr(o, "name")\n', at: 'getattr(o' },
    { what: 'a getattr with a default', text: 'value = getattr(o, "name", None)\n', twin: 'value = getattr(o, "name")\n', at: 'getattr(o' },
    { what: 'a comment among the arguments', text: 'value = getattr(\n    o,  # the object\n    "name",\n)\n', twin: 'value = getattr(\n    o,\n    "name",\n)\n', at: 'getattr(' },
    { what: "the plugin's own getattr", text: 'def getattr(o, n):\n    return n\nlabel = getattr(o, "name")\n', twin: 'def get(o, n):\n    return n\nlabel = getattr(o, "name")\n', at: 'label = getattr(o' },
    { what: 'a parameter named getattr', text: 'def read(o, getattr):\n    return getattr(o, "name")\n', twin: 'def read(o, get):\n    return getattr(o, "name")\n', at: 'return getattr(o' },
    { what: 'setattr used as an expression', text: 'done = setattr(o, "name", 1)\n', twin: 'setattr(o, "name", 1)\n', at: 'setattr(o' },
    { what: 'delattr used as an expression', text: 'print(delattr(o, "name"))\n', twin: 'delattr(o, "name")\n', at: 'delattr(o' },
  ];
  for (const { what, text, twin, at, codes = [] } of NOT_REWRITTEN) {
    test(`not offered: ${what}`, async () => {
      const { actions, diagnostics } = await actionsAt(text, at);
      assert.deepEqual(rewrites(actions), []);
      assert.deepEqual(diagnostics.map((d) => d.code), codes);
      assert.equal(rewrites((await actionsAt(twin, at)).actions).length, 1, 'offered for the twin');
    });
  }
});

describe("'Allow module' where no policy file applies, or where it lies outside the workspace", () => {
  let root: string;
  before(() => {
    root = makeWorkspace({
      'bare/plugin.py': '',
      'project/pyproject.toml': '[project]\nname = "plugin"\n',
      'shared/padded-cell.toml': 'extends = "strict"\n',
      'shared/inner/plugin.py': '',
    });
  });
  after(() => removeWorkspace(root));

  const allowOs = async (folder: string, relative: string): Promise<{ actions: CodeAction[]; uri: string }> => {
    const editor = await EditorClient.start({ folders: [path.join(root, folder)] });
    try {
      const file = path.join(root, folder, relative);
      const [d] = await open(editor, file, 'import os\n', 'PC101');
      return { actions: await editor.codeActions(fileUri(file), [d]), uri: fileUri(file) };
    } finally {
      await editor.stop();
    }
  };

  test('no policy file: a padded-cell.toml is created in the workspace folder, extending the preset in force', async () => {
    const { actions } = await allowOs('bare', 'plugin.py');
    const action = pick(actions, "Allow module 'os' in the policy");
    const policyUri = fileUri(path.join(root, 'bare', 'padded-cell.toml'));
    assert.deepEqual(action.edit!.documentChanges![0], { kind: 'create', uri: policyUri, options: { ignoreIfExists: true } });
    assert.deepEqual(applyWorkspaceEdit(action.edit!, {}), { [policyUri]: 'extends = "strict"\nallow-modules = ["os"]\n' });
  });

  test("no policy file: 'Ignore PCxxx in this file' creates a padded-cell.toml with the entry", async () => {
    const { actions } = await allowOs('bare', 'plugin.py');
    const action = pick(actions, 'Ignore PC101 in this file');
    const policyUri = fileUri(path.join(root, 'bare', 'padded-cell.toml'));
    assert.deepEqual(action.edit!.documentChanges![0], { kind: 'create', uri: policyUri, options: { ignoreIfExists: true } });
    assert.deepEqual(applyWorkspaceEdit(action.edit!, {}), { [policyUri]: 'extends = "strict"\n\n[per-file-ignores]\n"plugin.py" = ["PC101"]\n' });
  });

  test('a pyproject.toml without [tool.padded-cell] gets the table', async () => {
    const { actions } = await allowOs('project', 'plugin.py');
    const action = pick(actions, "Allow module 'os' in the policy");
    const policyUri = fileUri(path.join(root, 'project', 'pyproject.toml'));
    assert.deepEqual(applyWorkspaceEdit(action.edit!, { [policyUri]: '[project]\nname = "plugin"\n' }), {
      [policyUri]: '[project]\nname = "plugin"\n\n[tool.padded-cell]\nextends = "strict"\nallow-modules = ["os"]\n',
    });
  });

  test('a client without documentChanges gets plain `changes`, and no action that must create a file', async () => {
    const editor = await EditorClient.start({
      folders: [path.join(root, 'bare')],
      capabilities: { ...EDITOR_CAPABILITIES, workspace: { ...EDITOR_CAPABILITIES.workspace, workspaceEdit: {} } },
    });
    try {
      const file = path.join(root, 'bare', 'plugin.py');
      const [d] = await open(editor, file, 'import os\n', 'PC101');
      const actions = await editor.codeActions(fileUri(file), [d]);
      assert.deepEqual(titles(actions), ["Remove import of 'os'"]);
      assert.deepEqual(actions[0].edit, { changes: { [fileUri(file)]: [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, newText: '' }] } });
    } finally {
      await editor.stop();
    }
  });

  test('a policy file above the workspace folder is not edited: no policy actions', async () => {
    const { actions } = await allowOs(path.join('shared', 'inner'), 'plugin.py');
    assert.deepEqual(titles(actions), ["Remove import of 'os'"]);
  });
});
