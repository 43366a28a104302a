// An incremental analysis keeps each top-level class's scopes by part (semantics/scopes.ts
// `ClassScopes`): when one method is parsed alone (incremental/fragment.ts keeps the class node
// around it), the class's other parts are replayed into its kept scope and only the new method is
// walked. The scopes must be those a fresh walk of the edited text makes: the same bindings, name
// by name, in the same order, in the module scope (the index entries of every call too) and in
// the class's scope; and the scope of every identifier and definition in the class the same.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPythonParser, type Node, type PythonParser } from '../../server/src/parser';
import { SyntaxTree } from '../../server/src/syntaxTree';
import { buildScopes, type Scope, type ScopeTable } from '../../server/src/semantics/scopes';
import { anyMemo, newMemoOwner } from '../../server/src/semantics/memo';
import { reparseUnit } from '../../server/src/incremental/fragment';

const where = (n: Node | undefined): string => (n ? `${n.type}@${n.startIndex}-${n.endIndex}` : '-');

/** A scope's bindings, name by name in order, by what they are and where their nodes are. */
function bindingsOf(scope: Scope): string[] {
  const out: string[] = [];
  for (const [name, list] of Map.prototype.entries.call(scope.bindings) as IterableIterator<[string, { kind: string; node: Node; value?: Node; definition?: Node; scope: Scope }[]]>) {
    out.push(`${name}: ${list.map((b) => `${b.kind} ${where(b.node)} ${where(b.value)} ${where(b.definition)} in ${b.scope.kind}@${b.scope.node.startIndex}`).join(', ')}`);
  }
  return out.sort();
}

/** The scopes every node of `root` records (`anyMemo`: its evaluation scope and the scope it defines), by place. */
function scopesOfNodes(root: Node, module: Scope): string[] {
  const out: string[] = [];
  const describe = (s: Scope | undefined): string => (s ? `${s.kind}@${s.node.startIndex}>${s.parent ? describe(s.parent) : ''}` : '-');
  for (const stack = [root]; stack.length; ) {
    const n = stack.pop()!;
    const memo = anyMemo(n);
    if (memo && memo.scopesOf === module) out.push(`${where(n)} ${describe(memo.scope)} ${describe(memo.definedScope)}`);
    stack.push(...n.children);
  }
  return out.sort();
}

function classScope(table: ScopeTable, statement: Node): Scope {
  const parts = table.classes.get(statement);
  assert.ok(parts, 'the class is kept by part');
  return parts.scope;
}

describe('class scopes kept by part', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await createPythonParser();
  });

  const text = [
    '@decorate(x := 1)',
    'class A(Base, make(), metaclass=Meta):',
    '    size = compute(1)',
    '    def f(self, a=default()):',
    '        g = 1',
    '        return helper(a, g, make())',
    '    label = "x"',
    '    @staticmethod',
    '    def g(b):',
    '        return [c for c in b if check(c)]',
    '    class Inner:',
    '        def h(self):',
    '            return other()',
    '    def k(self):',
    '        return self.f(size, make())',
    '',
    'def top():',
    '    return A().k()',
    '',
  ].join('\n');

  for (const [at, insert] of [
    ['return helper(a', ', extra()'],
    ['return [c for c in b', ' if (w := c)'],
    ['return self.f(size', ' + label'],
  ] as const) {
    it(`equal a fresh walk after '${insert}' is typed in one method`, () => {
      const tree = parser.parse(text);
      const first = SyntaxTree.fromTreeReusing(tree, text, undefined, () => undefined);
      tree.delete();
      const kept = buildScopes(first.root, newMemoOwner(), undefined, [], true);
      const statement = first.root.children[0];
      const keptScope = classScope(kept, statement);

      const offset = text.indexOf(at) + at.length;
      const after = text.slice(0, offset) + insert + text.slice(offset);
      const reparsed = reparseUnit(parser, first, after, { prefix: offset, oldEnd: offset, newEnd: offset + insert.length });
      assert.ok(reparsed?.member, 'the method is parsed alone');
      const syntax = reparsed.syntax;
      assert.equal(syntax.root.children[0], statement, 'the class statement is kept');
      // As the analyzer does: every statement but the edited one kept, and the classes by part.
      const statements = new Map(kept.statements);
      statements.delete(statement);
      const again = buildScopes(syntax.root, newMemoOwner(), { module: kept.module, statements, classes: kept.classes }, [], true);
      assert.equal(classScope(again, statement), keptScope, 'the class scope was kept (its parts replayed)');

      const freshTree = parser.parse(after);
      const fresh = SyntaxTree.fromTreeReusing(freshTree, after, undefined, () => undefined);
      freshTree.delete();
      const want = buildScopes(fresh.root, newMemoOwner(), undefined, [], true);

      assert.deepEqual(bindingsOf(again.module), bindingsOf(want.module));
      assert.deepEqual(bindingsOf(classScope(again, statement)), bindingsOf(classScope(want, fresh.root.children[0])));
      assert.deepEqual(scopesOfNodes(syntax.root, again.module), scopesOfNodes(fresh.root, want.module));
      // And the next edit, from the parts this one kept, again.
      assert.deepEqual([...again.classes.get(statement)!.children.keys()].map(where), [...want.classes.get(fresh.root.children[0])!.children.keys()].map(where));
    });
  }
});
