import type { Node } from '../../parser';
import { normalizeIdentifier } from '../../semantics';
import { positionalArguments } from '../../semantics/syntax';
import type { RuleContext } from '../types';
import { codeChildren, continuesEarly, loopExit } from './controlFlow';
import { iterationSize } from './iterables';

/**
 * Iterators a loop wraps in themselves: `chain = map(abs, chain)` on each of a million passes.
 * The `next()` of a `map`, `filter`, `zip` or of most of itertools calls the `next()` of the
 * iterator it wraps from C, without the interpreter's recursion check, so reading the outermost
 * one recurses in C as deep as the loop ran: the C stack overflows and the process crashes where
 * Python-level recursion would raise `RecursionError` (CPython gh-103503: `a = map(int, a)`
 * 100,000 times, crashing at about 65,000 levels in 3.9–3.12; gh-102356: freeing nested
 * `filter`s crashes the same way).
 */

/** Nesting past which reading (or freeing) the iterator may overflow the C stack: under the ~65,000 levels measured in gh-103503. */
export const MAX_ITERATOR_NESTING = 50_000;

/** Iterators whose `next()` calls the wrapped iterator's `next()` from C. */
const C_WRAPPERS = new Set([
  'builtins.map', 'builtins.filter', 'builtins.zip', 'builtins.enumerate',
  'itertools.chain', 'itertools.chain.from_iterable', 'itertools.islice', 'itertools.starmap', 'itertools.takewhile',
  'itertools.dropwhile', 'itertools.accumulate', 'itertools.compress', 'itertools.filterfalse', 'itertools.zip_longest',
  'itertools.pairwise', 'itertools.batched', 'itertools.cycle', 'itertools.groupby',
]);

/** An expression without the parentheses and `iter(...)` calls around it, which add no level. */
function unwrapped(context: RuleContext, node: Node | null): Node | null {
  for (let hops = 0; node && hops < 8; hops++) {
    if (node.type === 'parenthesized_expression' && codeChildren(node).length === 1) node = codeChildren(node)[0];
    else if (node.type === 'call' && positionalArguments(node).length === 1 && codeChildren(node.childForFieldName('arguments') ?? node).length === 1 && context.semantics.qualifiedNames(node.childForFieldName('function')!).includes('builtins.iter')) node = positionalArguments(node)[0];
    else break;
  }
  return node;
}

/** Whether a call is given the name itself (`map(abs, chain)`, `filter(None, iter(acc))`). */
function passesName(context: RuleContext, call: Node, name: string): boolean {
  return positionalArguments(call).some((a) => {
    const arg = unwrapped(context, a);
    return arg?.type === 'identifier' && normalizeIdentifier(arg.text) === name;
  });
}

export interface IteratorNesting {
  /** The `for` loop and the statement in its body that wraps the name in itself. */
  loop: Node;
  statement: Node;
  name: string;
  passes: number;
  /** `tuple`: `x = (x,)`, reported when the result is hashed (`hashedAfter`). */
  kind: 'iterator' | 'tuple';
}

/**
 * `key = hash(nested)`, `{nested}`, `{nested: 1}`, `seen[nested]` after the loop: a tuple's hash
 * hashes its items from C with no recursion check (a tuple nested a million deep crashes
 * CPython 3.11, where comparing or printing it raises RecursionError).
 */
function hashedAfter(context: RuleContext, loop: Node, target: Node): boolean {
  const bound = context.semantics.bindingsOf(target).find((b) => b.node.id === target.id);
  const uses = bound ? context.semantics.identifiersNamed(target) : undefined;
  return !!uses?.some((u) => {
    if (u.startIndex < loop.endIndex || !context.semantics.bindingsOf(u).some((b) => b.node.id === bound!.node.id)) return false;
    const p = u.parent;
    if (p?.type === 'argument_list' && p.parent?.type === 'call') {
      const fn = p.parent.childForFieldName('function');
      return !!fn && context.semantics.qualifiedNames(fn).includes('builtins.hash');
    }
    return p?.type === 'set' || (p?.type === 'pair' && p.childForFieldName('key')?.id === u.id) || (p?.type === 'subscript' && p.childForFieldName('subscript')?.id === u.id);
  });
}

/** The names a `for` loop's body wraps in a C iterator of themselves on every pass, more than `MAX_ITERATOR_NESTING` times. */
export function iteratorNestings(context: RuleContext, loop: Node): IteratorNesting[] {
  const body = loop.childForFieldName('body');
  // A `continue` may skip the wrapping on some passes.
  if (!body || continuesEarly(loop)) return [];
  const found: { statement: Node; name: string; kind: 'iterator' | 'tuple' }[] = [];
  for (const stmt of codeChildren(body)) {
    const expr = stmt.type === 'expression_statement' ? codeChildren(stmt)[0] : undefined;
    if (expr?.type !== 'assignment') continue;
    const left = expr.childForFieldName('left');
    // `it = iter(map(abs, it))`: `iter` of an iterator is that iterator.
    const right = unwrapped(context, expr.childForFieldName('right'));
    // `nested = (nested,)`: a tuple holding the name itself, one level more on each pass.
    if (left?.type === 'identifier' && right?.type === 'tuple' && codeChildren(right).some((c) => c.type === 'identifier' && normalizeIdentifier(c.text) === normalizeIdentifier(left.text))) {
      if (hashedAfter(context, loop, left)) found.push({ statement: stmt, name: normalizeIdentifier(left.text), kind: 'tuple' });
      continue;
    }
    if (left?.type !== 'identifier' || right?.type !== 'call') continue;
    const fn = right.childForFieldName('function');
    if (!fn || !context.semantics.qualifiedNames(fn).some((q) => C_WRAPPERS.has(q))) continue;
    const name = normalizeIdentifier(left.text);
    if (passesName(context, right, name)) found.push({ statement: stmt, name, kind: 'iterator' });
  }
  if (!found.length) return [];
  const size = iterationSize(context, loop.childForFieldName('right'));
  // An endless loop is PC603's; a loop that may stop early has no known depth.
  if (!size || size.endless || size.count === undefined) return [];
  if (loopExit(context, loop, true)) return [];
  // `for i in range(1000): for j in range(1000): it = map(abs, it)`: the loops around it, in
  // the same function, multiply the passes (each runs the inner loop whole).
  let passes = size.count;
  for (let p = loop.parent; p && passes <= MAX_ITERATOR_NESTING; p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'lambda' || p.type === 'class_definition') break;
    if (p.type !== 'for_statement' || continuesEarly(p) || loopExit(context, p, true)) continue;
    const outer = iterationSize(context, p.childForFieldName('right'));
    if (!outer || outer.endless || outer.count === undefined) break;
    passes *= outer.count;
  }
  if (passes <= MAX_ITERATOR_NESTING) return [];
  return found.map((f) => ({ loop, ...f, passes }));
}

/**
 * `functools.reduce(lambda acc, _: filter(None, acc), range(10**6), xs)`: a reduction whose
 * function wraps its accumulator in a C iterator of itself, over more than `MAX_ITERATOR_NESTING`
 * items, nests the iterators as the loop above does. The passes when it does.
 */
export function reduceNesting(context: RuleContext, call: Node): number | undefined {
  const fn = call.childForFieldName('function');
  if (!fn || !context.semantics.qualifiedNames(fn).includes('functools.reduce')) return undefined;
  // With a start (without one, the first item is the accumulator: `filter(None, 0)` fails at once).
  const [reducer, items, start] = positionalArguments(call);
  const lambda = reducer ? unwrapped(context, reducer) : null;
  if (lambda?.type !== 'lambda' || !items || !start) return undefined;
  const params = lambda.childForFieldName('parameters');
  const acc = params ? codeChildren(params)[0] : undefined;
  if (acc?.type !== 'identifier') return undefined;
  const body = unwrapped(context, lambda.childForFieldName('body'));
  const callee = body?.type === 'call' ? body.childForFieldName('function') : null;
  if (!callee || !context.semantics.qualifiedNames(callee).some((q) => C_WRAPPERS.has(q))) return undefined;
  const name = normalizeIdentifier(acc.text);
  if (!passesName(context, body!, name)) return undefined;
  const size = iterationSize(context, items);
  return size && !size.endless && size.count !== undefined && size.count > MAX_ITERATOR_NESTING ? size.count : undefined;
}
