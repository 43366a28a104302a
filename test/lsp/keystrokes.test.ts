// Keystrokes through the bundled server publish exactly what a full analysis of the text finds,
// over both transports: the server parses an edited unit alone when it can (incremental/fragment.ts),
// reuses the Diagnostics of findings an edit did not move, and over stdio assembles the message
// from their cached JSON (lsp/messageEncoder.ts).
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { createPythonParser, type PythonParser } from '../../server/src/parser';
import { analyzeSource } from '../../server/src/engine';
import { presetPolicy } from '../../server/src/policy/fromPreset';
import { findingToDiagnostic } from '../../server/src/lsp/diagnostics';
import { ensureServerBundle, TestClient } from './helpers/lspClient';

const TEXT = [
  'import os',
  '',
  'class Plugin:',
  '    limit = 3',
  '',
  '    def run(self, code):',
  '        return eval(code)',
  '',
  '    # between the methods',
  '    def read(self, name):',
  "        return open(name).read()",
  '',
  'def main():',
  "    os.system('ls')",
  '',
].join('\n');

/** Edits in the order typed, each as LSP sends it: inside a method, a new line, quotes, deletions, CRLF, non-ASCII. */
const EDITS: TextDocumentContentChangeEvent[] = [
  { range: { start: { line: 6, character: 19 }, end: { line: 6, character: 19 } }, text: '_' },
  { range: { start: { line: 10, character: 15 }, end: { line: 10, character: 19 } }, text: 'exec' },
  { range: { start: { line: 6, character: 26 }, end: { line: 6, character: 26 } }, text: '\n        x = "é😀"' },
  { range: { start: { line: 7, character: 13 }, end: { line: 7, character: 13 } }, text: "'" },
  { range: { start: { line: 7, character: 13 }, end: { line: 7, character: 14 } }, text: '' },
  { range: { start: { line: 14, character: 4 }, end: { line: 14, character: 6 } }, text: 'getattr(os, "system")' },
  { range: { start: { line: 3, character: 12 }, end: { line: 3, character: 12 } }, text: '\r\n    other = eval' },
  // The comment line between the methods, with its line break.
  { range: { start: { line: 10, character: 0 }, end: { line: 11, character: 0 } }, text: '' },
];

function applyChange(text: string, change: TextDocumentContentChangeEvent): string {
  if (!('range' in change)) return change.text;
  const offsetAt = (p: { line: number; character: number }): number => {
    let offset = 0;
    for (let line = 0; line < p.line; line++) offset = text.indexOf('\n', offset) + 1;
    return offset + p.character;
  };
  return text.slice(0, offsetAt(change.range.start)) + change.text + text.slice(offsetAt(change.range.end));
}

before(() => ensureServerBundle());

for (const transport of ['stdio', 'ipc'] as const) {
  describe(`keystrokes over ${transport}`, () => {
    let client: TestClient;
    let parser: PythonParser;
    before(async () => {
      parser = await createPythonParser();
      client = await TestClient.ready({ transport, settings: { preset: 'audit', debounceMs: 0 } });
    });
    after(async () => {
      await client.stop();
    });

    test('each keystroke publishes the diagnostics of a full analysis of the text', async () => {
      const uri = `file:///work/keystrokes-${transport}.py`;
      let text = TEXT;
      const expected = (): unknown[] => analyzeSource(parser, text, presetPolicy('audit'), { filePath: '/work/keystrokes.py' }).map((f) => findingToDiagnostic(f, uri));
      await client.open(uri, text);
      assert.deepEqual((await client.diagnosticsFor(uri)).diagnostics, expected());
      for (const edit of EDITS) {
        await client.change(uri, [edit]);
        text = applyChange(text, edit);
        assert.deepEqual((await client.diagnosticsFor(uri)).diagnostics, expected(), JSON.stringify(edit));
      }
    });
  });
}
