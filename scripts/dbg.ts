import { createPythonParser, SyntaxTree } from '../server/src/parser';
import { Semantics } from '../server/src/semantics';
(async () => {
  const p = await createPythonParser();
  const src = process.argv[2];
  const t = p.parse(src);
  const root = SyntaxTree.fromTree(t, src).root;
  const s = new Semantics(root, src);
  const stack = [root];
  while (stack.length) { const n = stack.pop()!; if (n.type === 'call' || n.type==='subscript' || n.type === 'string' || n.type === 'identifier' || n.type==='attribute') console.log(n.type, JSON.stringify(n.text).slice(0,50), JSON.stringify(s.resolve(n).map(v => v.kind === 'qname' ? v.name : v.kind === 'const' ? v.value : v.kind), (k, v) => typeof v === 'bigint' ? v.toString() : v)); for (const c of n.namedChildren) if (c) stack.push(c); }
})();
