// The JS copy of a tree read through web-tree-sitter's binding directly (parser.ts's raw
// reader) is the copy read through its public TreeCursor, node for node.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPythonParser, SyntaxTree, type Node, type PythonParser } from '../server/src/parser';
import { CORPUS_MISSING, loadCorpus } from './corpus/corpus';

function describeNode(n: Node): string {
  return [n.id, n.type, n.isNamed, n.isMissing, n.startIndex, n.endIndex, n.fieldName, n.indexInParent, n.children.length].join('|');
}

function flatten(root: Node): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(describeNode(n));
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}

const SAMPLES: Record<string, string> = {
  'errors and missing tokens': 'def f(:\n    return (1,\nx = [1, 2\nclass C\n    pass\n',
  'non-ASCII and CRLF': 'ｅｖａｌ = 1\r\nname = "héllo 😀"\r\nprint(ｅｖａｌ, name)\r\n',
  'deep nesting': `x = ${'('.repeat(300)}1${')'.repeat(300)}\n`,
  'python 2 backticks': 'x = `1 + 2`\nprint x\n',
  empty: '',
};

describe('SyntaxTree.fromTree', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await createPythonParser();
  });

  function readsTheSameTree(source: string): void {
    const tree = parser.parse(source);
    try {
      const raw = SyntaxTree.fromTree(tree, source);
      const viaCursor = SyntaxTree.fromTree(tree, source, { publicApi: true });
      assert.deepEqual(flatten(raw.root), flatten(viaCursor.root));
    } finally {
      tree.delete();
    }
  }

  for (const [name, source] of Object.entries(SAMPLES)) {
    it(`reads the same tree through the raw binding and the public cursor: ${name}`, () => readsTheSameTree(source));
  }
  it('reads the same tree through the raw binding and the public cursor: the shared corpus', { skip: CORPUS_MISSING }, () =>
    readsTheSameTree(loadCorpus().map((c) => c.code).join('\n')),
  );
});
