// The stdio writer's encoder writes what JSON.stringify writes, whether or not it takes the
// publishDiagnostics shortcut, and a Diagnostic sent again is encoded from its cached bytes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { encodeMessage, jsonMessageEncoder } from '../../server/src/lsp/messageEncoder';
import { DiagnosticCache } from '../../server/src/lsp/diagnostics';
import type { Finding } from '../../server/src/engine';

const diagnostic = (line: number, message: string): Diagnostic => ({
  range: { start: { line, character: 2 }, end: { line, character: 7 } },
  severity: 3,
  code: 'PC401',
  source: 'padded-cell',
  message,
  codeDescription: { href: 'https://example.com/PC401.md' },
});

const publish = (params: object): object => ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params });

describe('message encoder', () => {
  const cases: [string, unknown][] = [
    ['a publish with a version', publish({ uri: 'file:///a.py', version: 7, diagnostics: [diagnostic(1, "builtin 'int'"), diagnostic(2, 'x')] })],
    ['a publish without a version', publish({ uri: 'file:///a.py', diagnostics: [diagnostic(0, 'x')] })],
    ['a publish with version undefined', publish({ uri: 'file:///a.py', version: undefined, diagnostics: [] })],
    ['non-ASCII text and escapes', publish({ uri: 'file:///caf\u00e9.py', version: 1, diagnostics: [diagnostic(3, 'name \u2028 "\u00e9\u0301" \\ \ud83d\ude00\n')] })],
    ['related information', publish({ uri: 'file:///a.py', version: 2, diagnostics: [{ ...diagnostic(1, 'x'), relatedInformation: [{ location: { uri: 'file:///a.py', range: diagnostic(0, '').range }, message: 'bound here' }] }] })],
    ['a publish with an extra field (not the shortcut)', publish({ uri: 'file:///a.py', version: 2, diagnostics: [], extra: 1 })],
    ['a request', { jsonrpc: '2.0', id: 3, method: 'workspace/configuration', params: { items: [{ section: 'paddedCell' }] } }],
    ['a response', { jsonrpc: '2.0', id: 3, result: null }],
  ];
  for (const [name, message] of cases) {
    it(`writes JSON.stringify's bytes for ${name}`, async () => {
      const expected = Buffer.from(JSON.stringify(message), 'utf8');
      assert.deepEqual(encodeMessage(message), expected);
      // Three times: the second keeps the bytes of each Diagnostic, the third is made of them.
      assert.deepEqual(Buffer.from(await jsonMessageEncoder.encode(message, { charset: 'utf-8' })), expected);
      assert.deepEqual(encodeMessage(message), expected);
    });
  }

  it('keeps the bytes of a Diagnostic from the second message that carries it, not the first', () => {
    // Diagnostics are never mutated (lsp/diagnostics.ts); mutating one here shows which bytes were kept.
    // Three documents: the previous message of the same document is not there to copy from.
    const once = diagnostic(4, 'before');
    encodeMessage(publish({ uri: 'file:///k1.py', version: 1, diagnostics: [once] }));
    once.message = 'after';
    assert.match(encodeMessage(publish({ uri: 'file:///k2.py', version: 2, diagnostics: [once] })).toString(), /"message":"after"/);
    once.message = 'later';
    assert.match(encodeMessage(publish({ uri: 'file:///k3.py', version: 3, diagnostics: [once] })).toString(), /"message":"after"/);
  });

  it("copies the runs of Diagnostics at the start and the end that the document's previous message held", () => {
    const kept = [diagnostic(1, 'a'), diagnostic(2, 'b'), diagnostic(3, 'c'), diagnostic(4, 'd')];
    const first = publish({ uri: 'file:///r.py', version: 1, diagnostics: kept });
    assert.deepEqual(encodeMessage(first), Buffer.from(JSON.stringify(first), 'utf8'));
    // Mutated (never done outside this test): the bytes copied are the previous message's.
    kept[0].message = 'a2';
    kept[3].message = 'd2';
    const fresh = diagnostic(5, 'new \u00e9');
    const second = publish({ uri: 'file:///r.py', version: 2, diagnostics: [kept[0], fresh, kept[2], kept[3]] });
    const text = encodeMessage(second).toString();
    assert.match(text, /"message":"a".*"message":"new \u00e9".*"message":"c".*"message":"d"/);
    kept[0].message = 'a';
    kept[3].message = 'd';
    assert.deepEqual(Buffer.from(text, 'utf8'), Buffer.from(JSON.stringify(second), 'utf8'));
    // Fewer, more, none, and nulls: always JSON.stringify's bytes.
    for (const diagnostics of [[kept[3]], [kept[3], null, kept[3], kept[1]], [], [null], [kept[0], kept[1]]]) {
      const message = publish({ uri: 'file:///r.py', version: 3, diagnostics });
      assert.deepEqual(encodeMessage(message), Buffer.from(JSON.stringify(message), 'utf8'));
    }
  });

  it('hands back the same Diagnostic for the same Finding, and a new one for another URI or docs base', () => {
    const finding: Finding = { code: 'PC401', name: 'builtin', severity: 'info', message: 'm', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } } };
    const cache = new DiagnosticCache();
    const first = cache.diagnosticOf(finding, 'file:///a.py');
    assert.equal(cache.diagnosticOf(finding, 'file:///a.py'), first);
    assert.notEqual(cache.diagnosticOf({ ...finding }, 'file:///a.py'), first);
    assert.notEqual(cache.diagnosticOf(finding, 'file:///b.py'), first);
    assert.equal(cache.diagnosticOf(finding, 'file:///b.py', { docsBaseUrl: 'https://example.com/' }).codeDescription?.href, 'https://example.com/PC401.md');
  });
});
