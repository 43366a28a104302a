/**
 * Source text built to nest deeper than the interpreter's own code can follow: `ast.parse("-" *
 * 10**7 + "1")`, `ast.literal_eval("[" * depth + "]" * depth)`, `ast.parse("x" + ".y" * 10**6)`.
 * Each repetition of such a fragment is one more level of the tree the C parser, the AST
 * validator, the compiler and the conversion to Python objects recurse through in C (CPython
 * kept such crashers in Lib/test/crashers for years, and has added recursion guards release by
 * release), and `literal_eval` walks the tree in Python again. A thousand levels is far past
 * what any ordinary source nests.
 */
import type { Node } from '../../parser';
import type { RuleContext } from '../types';
import { codeChildren } from './controlFlow';
import { magnitudeOf } from './magnitudes';

/** Levels of nesting past which source text is built to break the parser, not to be read. */
export const MAX_SOURCE_NESTING = 1_000;

/** Calls that parse or compile the text they are given (the second: where the text is a keyword). */
export const SOURCE_PARSERS: Record<string, string> = {
  'ast.parse': 'source',
  'ast.literal_eval': 'node_or_string',
  'builtins.compile': 'source',
  'builtins.eval': 'source',
  'builtins.exec': 'source',
};

/** Prefix operators and keywords: each copy is one more level (`-` * n + `1`, `not ` * n + `x`). */
const PREFIXES = /^(?:[-+~*]|not\s|await\s|lambda\b[^:]*:|yield\b)/;
/** Infix operators and trailers that chain to the left (`.y` * n, `+1` * n, `[0]` * n, `()` * n). */
const CHAINS = /^(?:\.[^\W\d]\w*|[-+*/%@&|^]|\*\*|\/\/|<<|>>|==|!=|<=?|>=?|and\s|or\s|\[|\()/;

/** Whether one copy of `fragment` in a row of copies adds a level of nesting to the tree. */
function nests(fragment: string): boolean {
  const text = fragment.trim();
  if (!text) return false;
  let depth = 0;
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
  }
  // An opener left open (`[`, `f(`), or a closer that needs the openers before it (`]`).
  if (depth !== 0) return true;
  // Whole lines repeated (`"if a: b\n" * n`) are statements one after the other, not nested.
  if (fragment.includes('\n')) return false;
  return PREFIXES.test(text) || CHAINS.test(text);
}

/**
 * The deepest nesting a string expression builds by repeating a fragment that nests: each part
 * of a `+` chain (through names bound once) that is `"<fragment>" * n`. Undefined when none does.
 */
export function sourceNesting(context: RuleContext, source: Node): { depth: number; fragment: string } | undefined {
  let deepest: { depth: number; fragment: string } | undefined;
  const stack: { node: Node; hops: number }[] = [{ node: source, hops: 0 }];
  for (let seen = 0; stack.length && seen < 64; seen++) {
    const { node, hops } = stack.pop()!;
    if (node.type === 'parenthesized_expression') {
      for (const c of codeChildren(node)) stack.push({ node: c, hops });
      continue;
    }
    if (node.type === 'identifier' && hops < 4) {
      const bindings = context.semantics.bindingsOf(node);
      const value = bindings.length === 1 && bindings[0].kind === 'assign' ? bindings[0].value : undefined;
      if (value) stack.push({ node: value, hops: hops + 1 });
      continue;
    }
    if (node.type !== 'binary_operator') continue;
    const operator = node.childForFieldName('operator')?.text;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) continue;
    if (operator === '+') {
      stack.push({ node: left, hops }, { node: right, hops });
      continue;
    }
    if (operator !== '*') continue;
    for (const [text, count] of [[left, right], [right, left]]) {
      const fragment = context.semantics.foldString(text);
      const times = fragment === undefined ? undefined : magnitudeOf(context, count);
      if (fragment === undefined || !times?.isInt || times.negative || times.abs <= MAX_SOURCE_NESTING || !nests(fragment)) continue;
      if (!deepest || times.abs >= deepest.depth) deepest = { depth: times.abs, fragment };
    }
  }
  return deepest;
}
