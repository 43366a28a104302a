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
    const once = diagnostic(4, 'before');
    encodeMessage(publish({ uri: 'file:///a.py', version: 1, diagnostics: [once] }));
    once.message = 'after';
    assert.match(encodeMessage(publish({ uri: 'file:///a.py', version: 2, diagnostics: [once] })).toString(), /"message":"after"/);
    once.message = 'later';
    assert.match(encodeMessage(publish({ uri: 'file:///a.py', version: 3, diagnostics: [once] })).toString(), /"message":"after"/);
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
