/**
 * A development aid: what the resolver says each name, attribute, call, subscript and string
 * of a snippet denotes (qualified names, folded constants, or the kind of value).
 *
 *   node --import tsx scripts/denotes.ts 'g = getattr; g(x, "__cl" + "ass__")'
 */
import { createPythonParser, SyntaxTree, type Node } from '../server/src/parser';
import { Semantics } from '../server/src/semantics';
import type { Const, Value } from '../server/src/semantics/values';

const SHOWN = new Set(['call', 'subscript', 'string', 'identifier', 'attribute']);

function constText(c: Const): string {
  switch (c.t) {
    case 'str': return JSON.stringify(c.v);
    case 'bytes': return `b${JSON.stringify(String.fromCharCode(...c.v))}`;
    case 'hugeint': return `<int of ${c.digits} digits>`;
    case 'none': return 'None';
    case 'seq': return c.kind === 'list' ? `[${c.items.map(constText).join(', ')}]` : `(${c.items.map(constText).join(', ')})`;
    default: return String(c.v);
  }
}

function describe(value: Value): string {
  if (value.kind === 'qname') return value.name;
  if (value.kind === 'const') return constText(value.value);
  return value.kind;
}

async function main(source: string): Promise<void> {
  const parser = await createPythonParser();
  const tree = parser.parse(source);
  const root = SyntaxTree.fromTree(tree, source).root;
  const semantics = new Semantics(root, source);
  // Source order: a stack of children pushed in reverse.
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (SHOWN.has(node.type)) {
      const values = semantics.resolve(node).map(describe);
      console.log(`${node.startPosition.row + 1}:${node.startPosition.column + 1}`, node.type, JSON.stringify(node.text).slice(0, 60), values.join(' | '));
    }
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }
  tree.delete();
}

main(process.argv[2] ?? '').catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
