/**
 * Source text built to nest deeper than the interpreter's own code can follow: `ast.parse("-" *
 * 10**7 + "1")`, `ast.parse("x" + ".y" * 10**6)`, `ast.parse("2**" * 10**6 + "2")`.
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

/** Prefix operators and keywords alone: each copy is one more level (`"-" * n + "1"`, `"not " * n + "x"`). */
const PREFIXES = /^(?:(?:[-+~]|not\s|await\s)\s*)+$/;
/** A binary operator then an operand (`"+1" * n`, left-nested), or a trailer (`".y" * n`, `"[0]" * n`, `"()" * n`). */
const CHAINS = /^(?:(?:\*\*|\/\/|<<|>>|[-+*/%@&|^])\s*[\w.([{'"]|\.[^\W\d]\w*$|\(.*\)$|\[.*\]$)/;
/** An operand then a binary operator or `else` (`"2**" * n + "2"`, `"1 if 1 else " * n`, right-nested). */
const RIGHT_CHAINS = /(?:\*\*|\/\/|<<|>>|[-+*/%@&|^]|\belse)$/;

/**
 * Whether one copy of `fragment` in a row of copies adds a level of nesting to the tree. Not
 * brackets left open or closed (the tokenizer refuses more than 200 levels of them, in every
 * CPython), not items separated by commas (a flat display), not whole lines (statements one after
 * another), and not `and`/`or` or comparisons (one flat node however long).
 */
function nests(fragment: string): boolean {
  const text = fragment.trim();
  if (!text || fragment.includes('\n')) return false;
  let depth = 0;
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) return false;
    if (depth < 0) return false;
  }
  if (depth !== 0) return false;
  return PREFIXES.test(text) || CHAINS.test(text) || RIGHT_CHAINS.test(text);
}

/**
 * Whether text ends inside a string literal or a comment (`"'" + "-" * n`, `"# " + "=" * n`): a
 * rough count of unescaped quotes on the last line, and a `#` outside them.
 */
function endsInsideLiteral(text: string): boolean {
  const line = text.slice(text.lastIndexOf('\n') + 1);
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') return true;
  }
  return quote !== undefined;
}

/**
 * The deepest nesting a string expression builds by repeating a fragment that nests: each part
 * of a `+` chain (through names bound once) that is `"<fragment>" * n`, not inside a string or a
 * comment that the parts before it (when they fold) leave open. Undefined when none does.
 */
export function sourceNesting(context: RuleContext, source: Node): { depth: number; fragment: string } | undefined {
  // The parts of the `+` chain in order, by an explicit stack (a hostile chain may be 100,000
  // terms long), giving up past 64 steps.
  const parts: Node[] = [];
  const stack: { node: Node; hops: number }[] = [{ node: source, hops: 0 }];
  for (let steps = 0; stack.length; steps++) {
    if (steps > 64) return undefined;
    const { node, hops } = stack.pop()!;
    const inner = node.type === 'parenthesized_expression' ? codeChildren(node) : [];
    const value = node.type === 'identifier' && hops < 4 ? context.semantics.valueBoundOnce(node) : undefined;
    const [left, right] = node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '+' ? [node.childForFieldName('left'), node.childForFieldName('right')] : [null, null];
    if (inner.length === 1) stack.push({ node: inner[0], hops });
    else if (value) stack.push({ node: value, hops: hops + 1 });
    else if (left && right) stack.push({ node: right, hops }, { node: left, hops });
    else parts.push(node);
  }
  let deepest: { depth: number; fragment: string } | undefined;
  let before: string | undefined = '';
  for (const part of parts) {
    const repeated = part.type === 'binary_operator' && part.childForFieldName('operator')?.text === '*' ? repetition(context, part) : undefined;
    if (repeated && before !== undefined && !endsInsideLiteral(before) && (!deepest || repeated.depth > deepest.depth)) deepest = repeated;
    // What comes before the next part, while it folds (a repetition counts as one copy of a
    // fragment without quotes or `#`; a long one is not folded).
    const text = repeated ? (/['"#]/.test(repeated.fragment) ? undefined : repeated.fragment) : context.semantics.foldString(part);
    before = before === undefined || text === undefined ? undefined : before + text;
  }
  return deepest;
}

/** `"<fragment>" * n` (either way round) with more than `MAX_SOURCE_NESTING` copies of a fragment that nests. */
function repetition(context: RuleContext, product: Node): { depth: number; fragment: string } | undefined {
  const left = product.childForFieldName('left');
  const right = product.childForFieldName('right');
  for (const [text, count] of [[left, right], [right, left]]) {
    const fragment = text ? context.semantics.foldString(text) : undefined;
    const times = fragment === undefined || !count ? undefined : magnitudeOf(context, count);
    if (fragment !== undefined && times?.isInt && !times.negative && times.abs > MAX_SOURCE_NESTING && nests(fragment)) return { depth: times.abs, fragment };
  }
  return undefined;
}
