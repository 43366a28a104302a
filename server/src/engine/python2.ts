import { parseWithLanguageOf, type Tree } from '../parser';

/**
 * Python 2's backticks (`` `expr` `` is `repr(expr)`) are lexed by tree-sitter-python as a
 * string, which would hide the expression inside from every rule. Replacing each backtick pair
 * with parentheses keeps every offset and exposes the expression; repr itself is harmless.
 * Returns undefined when the file has no backtick expression.
 */
export function exposeBacktickExpressions(tree: Tree, source: string): { tree: Tree; source: string } | undefined {
  if (!source.includes('`')) return undefined;
  const chars = source.split('');
  let changed = false;
  const cursor = tree.walk();
  try {
    walk: for (;;) {
      if (cursor.nodeType === 'string_start' && cursor.nodeText === '`') {
        const start = cursor.startIndex;
        if (cursor.gotoParent()) {
          const node = cursor.currentNode;
          const last = node.lastChild;
          if (last?.type === 'string_end' && last.text === '`' && last.startIndex > start) {
            chars[start] = '(';
            chars[last.startIndex] = ')';
            changed = true;
          }
          cursor.gotoFirstChild();
        }
      }
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) break walk;
      }
    }
  } finally {
    cursor.delete();
  }
  if (!changed) return undefined;
  const text = chars.join('');
  return { tree: parseWithLanguageOf(tree, text), source: text };
}
