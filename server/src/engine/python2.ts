import { parseWithLanguageOf, readTree, type Tree } from '../parser';

/**
 * Python 2's backticks (`` `expr` `` is `repr(expr)`) are lexed by tree-sitter-python as a
 * string, which would hide the expression inside from every rule. Replacing each backtick pair
 * with parentheses keeps every offset and exposes the expression; repr itself is harmless.
 * Returns undefined when the file has no backtick expression.
 */
export function exposeBacktickExpressions(tree: Tree, source: string): { tree: Tree; source: string } | undefined {
  const ticks: number[] = [];
  for (let i = source.indexOf('`'); i !== -1; i = source.indexOf('`', i + 1)) ticks.push(i);
  if (!ticks.length) return undefined;
  // Most backticks are in strings and comments (reST markup in docstrings): the walk only
  // enters nodes that hold one, instead of the whole tree.
  const holdsTick = (start: number, end: number): boolean => {
    let lo = 0;
    let hi = ticks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ticks[mid] < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < ticks.length && ticks[lo] < end;
  };
  const isTick = (start: number, end: number): boolean => end - start === 1 && source.charCodeAt(start) === 96;
  // Positions of the backticks that become parentheses; the text is rebuilt only if there are any.
  const openings: number[] = [];
  const closings: number[] = [];
  const reader = readTree(tree);
  try {
    walk: for (;;) {
      const start = reader.startIndex();
      const end = reader.endIndex();
      // A complete `string` node opened and closed by backticks is an expression; an unclosed
      // backtick in broken code (an ERROR node holding a lone string_start) stays as it is.
      if (reader.type() === 'string' && source.charCodeAt(start) === 96 && reader.gotoFirstChild()) {
        const opens = reader.type() === 'string_start' && isTick(reader.startIndex(), reader.endIndex());
        while (reader.gotoNextSibling());
        const lastStart = reader.startIndex();
        if (opens && reader.type() === 'string_end' && isTick(lastStart, reader.endIndex()) && lastStart > start && lastStart < end) {
          openings.push(start);
          closings.push(lastStart);
        }
        reader.gotoParent();
      }
      if (holdsTick(reader.startIndex(), reader.endIndex()) && reader.gotoFirstChild()) continue;
      while (!reader.gotoNextSibling()) {
        if (!reader.gotoParent()) break walk;
      }
    }
  } finally {
    reader.close();
  }
  if (!openings.length) return undefined;
  const replaced = [...openings.map((at) => [at, '('] as const), ...closings.map((at) => [at, ')'] as const)].sort((a, b) => a[0] - b[0]);
  let text = '';
  let from = 0;
  for (const [at, ch] of replaced) {
    text += source.slice(from, at) + ch;
    from = at + 1;
  }
  text += source.slice(from);
  return { tree: parseWithLanguageOf(tree, text), source: text };
}
