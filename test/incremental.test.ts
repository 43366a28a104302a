// The incremental analysis equals a full analysis: random edits of real files, each applied the
// way the server applies a keystroke (tree.edit, incremental reparse, incremental analysis), and
// after each one the findings are compared with those of a fresh parse and a full analysis.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import * as fc from 'fast-check';
import { Edit } from 'web-tree-sitter';
import { createPythonParser, type PythonParser, type Tree } from '../server/src/parser';
import { analyzeTree, type Finding } from '../server/src/engine';
import { IncrementalAnalyzer } from '../server/src/incremental/analyzer';
import { treeEditFor } from '../server/src/documents';
import { presetPolicy } from '../server/src/policy/fromPreset';
import { CORPUS_DIR, loadCorpus } from './corpus/corpus';

/** Attack snippets of the shared corpus, 25 to a file: aliases, imports and calls across statements. */
function corpusDocuments(): { name: string; text: string }[] {
  const file = path.join(CORPUS_DIR, 'corpus.jsonl');
  if (!fs.existsSync(file)) return [];
  const cases = loadCorpus(file).filter((c) => !c.py2);
  const out: { name: string; text: string }[] = [];
  for (let i = 0; i < cases.length; i += 25) {
    out.push({ name: `corpus cases ${i + 1}-${Math.min(i + 25, cases.length)}`, text: cases.slice(i, i + 25).map((c) => c.code).join('\n') });
  }
  return out;
}

/** A few mid-sized modules of this machine's Python, when there is one. */
function stdlibDocuments(): { name: string; text: string }[] {
  let dir: string;
  try {
    dir = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  } catch {
    return [];
  }
  return ['shlex.py', 'textwrap.py', 'fnmatch.py']
    .map((name) => path.join(dir, name))
    .filter((file) => fs.existsSync(file))
    .map((file) => ({ name: path.basename(file), text: fs.readFileSync(file, 'utf8') }));
}

/** Pieces typed into the files: names that bind and shadow, statement breaks, brackets, quotes. */
const PIECES = ['x', 'e', 'eval', 'getattr', 'os', ' ', '\n', '\n    ', '(', ')', ':', '=', '.', ',', '"', "'", '#', 'import os\n', 'e = eval\n', 'def f():\n    return eval\n', 'global x\n', '`', 'from os import *\n'];

interface KeyEdit {
  at: number;
  remove: number;
  insert: string;
}

const editArb: fc.Arbitrary<KeyEdit> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 40 })),
  insert: fc.oneof(fc.constant(''), fc.constantFrom(...PIECES)),
}).map(({ at, remove, insert }) => ({ at: at as number, remove, insert }));

function full(parser: PythonParser, text: string, policy: ReturnType<typeof presetPolicy>): Finding[] {
  const tree = parser.parse(text);
  try {
    return analyzeTree(tree, text, policy);
  } finally {
    tree.delete();
  }
}

describe('incremental analysis', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await createPythonParser();
  });

  const documents = [...corpusDocuments(), ...stdlibDocuments()];
  // `audit` runs every rule; `strict` once more on a few files (other severities, fewer rules).
  const runs = [...documents.map((doc) => ({ doc, preset: 'audit' })), ...documents.slice(0, 2).map((doc) => ({ doc, preset: 'strict' }))];
  for (const { doc, preset } of runs) {
    {
      it(`equals a full analysis after random edits of ${doc.name} (${preset})`, () => {
        const policy = presetPolicy(preset);
        let reused = 0;
        fc.assert(
          fc.property(fc.array(editArb, { minLength: 1, maxLength: 6 }), (edits) => {
            const analyzer = new IncrementalAnalyzer();
            let text = doc.text;
            let tree: Tree = parser.parse(text);
            try {
              analyzer.analyze(tree, text, policy);
              for (const edit of edits) {
                const start = Math.min(text.length, Math.floor(edit.at * text.length));
                const end = Math.min(text.length, start + edit.remove);
                tree.edit(new Edit(treeEditFor(text, start, end, edit.insert)));
                text = text.slice(0, start) + edit.insert + text.slice(end);
                const next = parser.parse(text, tree);
                tree.delete();
                tree = next;
                const got = analyzer.analyze(tree, text, policy);
                if (analyzer.last.mode === 'incremental') reused++;
                assert.deepEqual(got, full(parser, text, policy));
              }
            } finally {
              tree.delete();
              analyzer.dispose();
            }
          }),
          { numRuns: 10, seed: 6 },
        );
        // The property says nothing if every run fell back to a full analysis.
        if (doc.text.split('\n').length > 40) assert.ok(reused > 0, 'no edit was analysed incrementally');
      });
    }
  }

  it('analyses again only the method an edit is in (and its class header), not the whole class', () => {
    const policy = presetPolicy('audit');
    const methods = Array.from({ length: 20 }, (_, i) => `    def m${i}(self, x):\n        return eval(x) + ${i}\n`).join('\n');
    let text = `import os\n\nclass Big:\n    limit = 3\n\n${methods}\nos.system('x')\n`;
    const analyzer = new IncrementalAnalyzer();
    let tree: Tree = parser.parse(text);
    try {
      analyzer.analyze(tree, text, policy);
      const at = text.indexOf('+ 7') + 2;
      tree.edit(new Edit(treeEditFor(text, at, at, '1')));
      text = text.slice(0, at) + '1' + text.slice(at);
      const next = parser.parse(text, tree);
      tree.delete();
      tree = next;
      const got = analyzer.analyze(tree, text, policy);
      assert.equal(analyzer.last.mode, 'incremental');
      // 3 statements, the class as a header and 20 methods; the edited method and its header run again.
      assert.equal(analyzer.last.statements, 23);
      assert.equal(analyzer.last.reanalysed, 2);
      assert.deepEqual(got, full(parser, text, policy));
    } finally {
      tree.delete();
      analyzer.dispose();
    }
  });
});
