// Runs the TextMate grammar tests (`test/syntaxes/*.test.py`, vscode-tmgrammar-test's format)
// inside `npm test`, with the grammars package.json contributes plus a minimal stand-in for VS
// Code's Python grammar (MagicPython is not published on npm; see fixtures/python.tmLanguage.json).
// `npm run test:grammar` runs the same files through the tool's own command line.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

// The tool ships CommonJS without type declarations for these entry points.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadConfiguration, createRegistry } = require('vscode-tmgrammar-test/dist/common/index.js') as {
  loadConfiguration(config: string, scope: undefined, grammars: string[]): { grammars: unknown[] };
  createRegistry(grammars: unknown[]): unknown;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseGrammarTestCase, runGrammarTestCase } = require('vscode-tmgrammar-test/dist/unit/index.js') as {
  parseGrammarTestCase(text: string): unknown;
  runGrammarTestCase(registry: unknown, testCase: unknown): Promise<{ line: number; missing: string[]; unexpected: string[] }[]>;
};

const ROOT = path.resolve(__dirname, '..', '..');
const HERE = __dirname;
const registry = createRegistry(loadConfiguration(path.join(ROOT, 'package.json'), undefined, [path.join(HERE, 'fixtures', 'python.tmLanguage.json')]).grammars);

function failuresOf(text: string): Promise<{ line: number; missing: string[]; unexpected: string[] }[]> {
  return runGrammarTestCase(registry, parseGrammarTestCase(text));
}

describe('syntaxes/', () => {
  const cases = fs.readdirSync(HERE).filter((f) => f.endsWith('.test.py'));

  test('there are grammar test files', () => {
    assert.deepEqual(cases, ['suppressions.test.py']);
  });

  for (const file of cases) {
    test(file, async () => {
      const failures = await failuresOf(fs.readFileSync(path.join(HERE, file), 'utf8'));
      assert.deepEqual(failures.map((f) => ({ line: f.line, missing: f.missing, unexpected: f.unexpected })), []);
    });
  }

  test('a wrong expectation fails (the harness is live)', async () => {
    // The code is not a keyword.
    const failures = await failuresOf('# SYNTAX TEST "source.python"\nx = 1  # noqa: PC301\n#              ^^^^^ keyword.other.suppression.padded-cell\n');
    assert.deepEqual(failures.map((f) => f.missing), [['keyword.other.suppression.padded-cell']]);
  });

  test('package.json injects the grammar into Python', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { grammars: unknown[] } };
    assert.deepEqual(manifest.contributes.grammars, [
      { scopeName: 'padded-cell.suppression.injection', path: './syntaxes/padded-cell-suppressions.tmLanguage.json', injectTo: ['source.python'] },
    ]);
  });
});
