import type { Node } from '../../parser';
import { constTruthiness, foldConstant, sameConst, withResolve } from '../../semantics/fold';
import type { Binding, Const } from '../../semantics';
import { keywordArgument, parameterIdentifier, positionalArguments } from '../../semantics/syntax';
import { constValue, nodeValue } from '../../semantics/values';
import type { RuleContext } from '../types';
import { codeChildren, descendantsInScope, loopExit, truthiness } from './controlFlow';
import { normalizeIdentifier } from '../../semantics';
import { magnitudeOf, type Magnitude } from './magnitudes';

/** How many items iterating an expression yields, as far as can be told without running it. */
export interface IterationSize {
  /** Number of items (a double: `Infinity` for astronomically many); absent when unknown. */
  count?: number;
  /** The iterator never ends: `itertools.count()`, `cycle`, one-argument `repeat`, an endless generator. */
  endless: boolean;
  /** The combinatoric call (`itertools.product`, …) the count comes from; it is reported on its own. */
  combinatoric?: Node;
  /**
   * For a comprehension with `if` filters, whose item count is unknown: how many passes its
   * `for`s make all the same (`x for x in range(10**12) if x % 7`), the time it costs to read.
   */
  passes?: number;
}

/** How deep size estimation follows wrappers and aliases (`list(map(f, zip(a, b)))`). */
const MAX_DEPTH = 12;

const UNKNOWN_FINITE: IterationSize = { endless: false };

/** Wrappers whose items are one-to-one with their iterable argument (index of that argument). */
const ONE_TO_ONE: Record<string, number> = {
  'builtins.enumerate': 0,
  'builtins.reversed': 0,
  'builtins.sorted': 0,
  'builtins.list': 0,
  'builtins.tuple': 0,
  'builtins.set': 0,
  'builtins.frozenset': 0,
  'builtins.iter': 0,
  'builtins.dict.fromkeys': 0,
  'itertools.accumulate': 0,
  'itertools.starmap': 1,
  'collections.deque': 0,
};

/** Filters: they may drop items, so only endlessness carries over. */
const FILTERS: Record<string, number> = {
  'builtins.filter': 1,
  'itertools.filterfalse': 1,
  'itertools.dropwhile': 1,
};

/** The value a builtin type returns when called without arguments (for `iter(int, 1)`). */
const NO_ARGUMENT_VALUES: Record<string, Const | 'never-equal'> = {
  'builtins.int': { t: 'int', v: 0n },
  'builtins.float': { t: 'float', v: 0 },
  'builtins.bool': { t: 'bool', v: false },
  'builtins.str': { t: 'str', v: '' },
  'builtins.bytes': { t: 'bytes', v: [] },
  'builtins.list': { t: 'seq', kind: 'list', items: [] },
  'builtins.tuple': { t: 'seq', kind: 'tuple', items: [] },
  'builtins.object': 'never-equal',
  'builtins.dict': 'never-equal',
  'builtins.set': 'never-equal',
  'builtins.frozenset': 'never-equal',
  'builtins.complex': 'never-equal',
};

/** Callables called without arguments whose every result is a float in [low, high). */
const NO_ARGUMENT_RANGES: Record<string, { low: number; high: number }> = {
  'random.random': { low: 0, high: 1 },
};

/** A size's value with its sign (exact within a double's precision). */
export function signed(m: Magnitude): number {
  return m.negative ? -m.abs : m.abs;
}

/** log10(n!) — exact sum for small n, Stirling's formula beyond. */
function log10Factorial(n: number): number {
  if (n < 2) return 0;
  if (n < 1000) {
    let s = 0;
    for (let i = 2; i <= n; i++) s += Math.log10(i);
    return s;
  }
  return (n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n)) / Math.LN10;
}

function pow10(x: number): number {
  return x > 308 ? Infinity : 10 ** x;
}

/** Items of `range(...)`, or undefined when the bounds do not fold to integers. */
export function rangeCount(args: (Magnitude | undefined)[]): number | undefined {
  // A bound counts as the stop (the range is at least that long), not as a start or a step.
  if (!args.length || args.some((a) => !a?.isInt) || args.some((a, i) => a!.atLeast && (args.length === 1 ? false : i !== 1))) return undefined;
  const [a, b, c] = args as Magnitude[];
  const start = args.length === 1 ? 0 : signed(a);
  const stop = args.length === 1 ? signed(a) : signed(b);
  const step = args.length === 3 ? signed(c) : 1;
  if (step === 0 || Number.isNaN(stop - start)) return undefined;
  const n = Math.ceil((stop - start) / step);
  return Number.isNaN(n) ? undefined : Math.max(0, n);
}

/**
 * True for a generator function that, once iterated, never stops: a top-level `while True` that
 * yields and has no exit, a top-level `yield from` an endless iterator, or a top-level `for` over
 * one that yields and cannot leave early (`def evens(): yield from (x for x in count() if x % 2 == 0)`).
 * A statement of the body itself runs on every call, unless one before it returns or raises.
 */
export function isEndlessGenerator(context: RuleContext, fn: Node, depth = 0): boolean {
  return endlessGeneratorStatement(context, fn, depth) !== undefined;
}

/** The statement of a generator's body that makes it endless (see `isEndlessGenerator`), if any. */
export function endlessGeneratorStatement(context: RuleContext, fn: Node, depth = 0): Node | undefined {
  if (fn.type !== 'function_definition') return undefined;
  const body = fn.childForFieldName('body');
  for (const stmt of body ? codeChildren(body) : []) {
    if (stmt.type === 'return_statement' || stmt.type === 'raise_statement') return undefined;
    const expr = stmt.type === 'expression_statement' ? codeChildren(stmt)[0] : undefined;
    if (expr?.type === 'yield' && expr.children.some((c) => c.type === 'from')) {
      const source = codeChildren(expr)[0];
      if (source && iterationSize(context, source, depth + 1)?.endless) return stmt;
      continue;
    }
    if (stmt.type === 'for_statement' && !stmt.childForFieldName('alternative') && iterationSize(context, stmt.childForFieldName('right'), depth + 1)?.endless) {
      let yields = false;
      for (const n of descendantsInScope(stmt)) if (n.type === 'yield') yields = true;
      if (yields && !loopExit(context, stmt, false)) return stmt;
      continue;
    }
    if (stmt.type !== 'while_statement' || truthiness(context, stmt.childForFieldName('condition')) !== true) continue;
    let yields = false;
    for (const n of descendantsInScope(stmt)) {
      if (n.type === 'yield') {
        yields = true;
        break;
      }
    }
    if (yields && !loopExit(context, stmt, false)) return stmt;
  }
  return undefined;
}

/**
 * The position of the parameter a generator function relays item by item: its body is a `for`
 * over that parameter (or `yield from` it) that yields and cannot leave early (no `break`,
 * `return` or `raise` of its own), so it yields as long as the argument does.
 */
function relayedParameter(fn: Node): number | undefined {
  if (fn.type !== 'function_definition') return undefined;
  const params = codeChildren(fn.childForFieldName('parameters') ?? fn);
  const position = (name: Node | null | undefined): number | undefined => {
    if (name?.type !== 'identifier') return undefined;
    const i = params.findIndex((p) => parameterIdentifier(p)?.text === name.text);
    return i >= 0 && params.slice(0, i).every((p) => p.type === 'identifier' || p.type === 'default_parameter' || p.type === 'typed_parameter' || p.type === 'typed_default_parameter') ? i : undefined;
  };
  const body = fn.childForFieldName('body');
  for (const stmt of body ? codeChildren(body) : []) {
    if (stmt.type === 'for_statement') {
      const found = position(stmt.childForFieldName('right'));
      if (found === undefined) continue;
      let yields = false;
      for (const n of descendantsInScope(stmt)) {
        if (n.type === 'yield') yields = true;
        if (n.type === 'break_statement' || n.type === 'return_statement' || n.type === 'raise_statement') return undefined;
      }
      return yields && !stmt.childForFieldName('alternative') ? found : undefined;
    }
    if (stmt.type === 'expression_statement') {
      const y = codeChildren(stmt)[0];
      if (y?.type === 'yield' && y.children.some((c) => c.type === 'from')) {
        const found = position(codeChildren(y)[0]);
        if (found !== undefined) return found;
      }
    }
  }
  return undefined;
}

/** `iter(int, 1)`: a callable whose every result is a known constant that differs from the sentinel. */
function isUnreachableSentinel(context: RuleContext, callable: Node, sentinel: Node): boolean {
  const want = context.semantics.fold(sentinel);
  if (!want) return false;
  for (const v of context.semantics.resolve(callable)) {
    // `iter(random.random, 1.0)`: a result is below 1.0; a sentinel that is no number never compares equal.
    const range = v.kind === 'qname' ? NO_ARGUMENT_RANGES[v.name] : undefined;
    if (range) {
      const at = want.t === 'int' ? Number(want.v) : want.t === 'float' ? want.v : want.t === 'bool' ? Number(want.v) : undefined;
      return at === undefined ? want.t === 'str' || want.t === 'none' || want.t === 'bytes' || want.t === 'seq' : at < range.low || at >= range.high;
    }
    if (v.kind === 'qname' && NO_ARGUMENT_VALUES[v.name]) {
      const got = NO_ARGUMENT_VALUES[v.name];
      return got === 'never-equal' || !looselyEqual(got, want);
    }
    if (v.kind === 'function' && v.node.type === 'lambda' && !v.node.childForFieldName('parameters')) {
      const got = context.semantics.fold(v.node.childForFieldName('body'));
      return !!got && !looselyEqual(got, want);
    }
  }
  return false;
}

/** Python `==` between constants, where `0 == False == 0.0`. */
export function looselyEqual(a: Const, b: Const): boolean {
  const num = (c: Const): number | undefined => (c.t === 'int' ? Number(c.v) : c.t === 'bool' ? Number(c.v) : c.t === 'float' ? c.v : undefined);
  const [x, y] = [num(a), num(b)];
  if (x !== undefined && y !== undefined) return x === y;
  return sameConst(a, b);
}

/**
 * Estimates how many items iterating `node` yields. Follows `range`, the `itertools`
 * constructors, one-to-one wrappers (`enumerate`, `map`, `zip`), comprehensions, displays,
 * constants, a name bound once, and local generator functions. Bounded by `MAX_DEPTH`; each
 * level is one wrapper of the source expression, never the whole tree.
 */
/**
 * A parameter bound nowhere else (`def load(items): return list(items)`): the largest of what the
 * calls in the file pass for it (`load(range(10**10))`, `Pager(range(10**10))` for `__init__`),
 * endless when one passes an endless iterator; undefined when a call's argument has no known size.
 */
function parameterSize(context: RuleContext, param: Binding, depth: number): IterationSize | undefined {
  const fn = param.scope.node;
  if (fn.type !== 'function_definition' && fn.type !== 'lambda') return undefined;
  const sites = context.semantics.argumentsAtCalls(fn, [param]);
  if (!sites?.length) return undefined;
  let largest: IterationSize | undefined;
  for (const passed of sites) {
    const arg = passed.get(param);
    const size = arg ? iterationSize(context, arg, depth) : undefined;
    if (!size || size.combinatoric) return undefined;
    if (size.endless) return size;
    if (size.count === undefined) return undefined;
    if (!largest || size.count > largest.count!) largest = size;
  }
  return largest;
}

export function iterationSize(context: RuleContext, node: Node | null | undefined, depth = 0): IterationSize | undefined {
  if (!node || depth > MAX_DEPTH) return undefined;
  const d = depth + 1;
  let n: Node = node;
  while (n.type === 'parenthesized_expression') {
    const inner = codeChildren(n);
    if (inner.length !== 1) return undefined;
    n = inner[0];
  }
  const folded = context.semantics.fold(n);
  if (folded?.t === 'str') return { count: [...folded.v].length, endless: false };
  if (folded?.t === 'bytes') return { count: folded.v.length, endless: false };
  if (folded?.t === 'seq') return { count: folded.items.length, endless: false };
  switch (n.type) {
    case 'list':
    case 'tuple':
    case 'set': {
      const items = codeChildren(n);
      return items.some((c) => c.type === 'list_splat') ? undefined : { count: items.length, endless: false };
    }
    case 'dictionary': {
      const items = codeChildren(n);
      return items.some((c) => c.type === 'dictionary_splat') ? undefined : { count: items.length, endless: false };
    }
    case 'list_comprehension':
    case 'set_comprehension':
    case 'dictionary_comprehension':
    case 'generator_expression':
      return comprehensionSize(context, n, d);
    case 'identifier': {
      const all = context.semantics.bindingsOf(n);
      if (all.length === 1 && all[0].kind === 'param') return parameterSize(context, all[0], d);
      const values = all.filter((b) => b.kind === 'assign' || b.kind === 'walrus');
      if (values.length !== 1 || all.length !== 1 || !values[0].value) return undefined;
      return iterationSize(context, values[0].value, d);
    }
    case 'call':
      return callSize(context, n, d);
  }
  return undefined;
}

/** Items of a comprehension: the product of its `for` clauses, unknown when an `if` filters. */
export function comprehensionSize(context: RuleContext, node: Node, depth: number): IterationSize | undefined {
  let count: number | undefined = 1;
  let passes: number | undefined = 1;
  let endless = false;
  let combinatoric: Node | undefined;
  for (const clause of codeChildren(node)) {
    if (clause.type === 'if_clause') count = undefined;
    if (clause.type !== 'for_in_clause') continue;
    const size = iterationSize(context, clause.childForFieldName('right'), depth);
    if (size?.endless) endless = true;
    combinatoric ??= size?.combinatoric;
    const n = size?.count ?? size?.passes;
    passes = passes === undefined || n === undefined ? undefined : passes === 0 || n === 0 ? 0 : passes * n;
    if (count === undefined || size?.count === undefined) count = undefined;
    else count = count === 0 || size.count === 0 ? 0 : count * size.count;
  }
  if (!endless && count === undefined) return combinatoric ? { endless, combinatoric } : passes !== undefined ? { endless, passes } : undefined;
  return { count: endless ? undefined : count, endless, combinatoric };
}

/** Arithmetic that raises on some operands (division by zero, a negative shift or power). */
const MAY_RAISE_OPERATORS = new Set(['/', '//', '%', '<<', '>>', '**', '@']);

/**
 * A class of this file whose instances iterate for ever: its `__iter__` returns `self` and its
 * `__next__` neither raises nor calls anything (a call may raise `StopIteration`), nor indexes,
 * asserts, deletes or does arithmetic that can raise, so it never stops (`def __next__(self): return 1`).
 */
export function isEndlessIteratorClass(context: RuleContext, cls: Node): boolean {
  const [iter] = context.semantics.member([nodeValue('class', cls)], '__iter__', 0);
  const [next] = context.semantics.member([nodeValue('class', cls)], '__next__', 0);
  if (iter?.kind !== 'function' || next?.kind !== 'function' || iter.node.type !== 'function_definition' || next.node.type !== 'function_definition') return false;
  const iterBody = codeChildren(iter.node.childForFieldName('body') ?? iter.node);
  const self = codeChildren(iter.node.childForFieldName('parameters') ?? iter.node)[0];
  const returned = iterBody.length === 1 && iterBody[0].type === 'return_statement' ? codeChildren(iterBody[0])[0] : undefined;
  if (self?.type !== 'identifier' || returned?.type !== 'identifier' || returned.text !== self.text) return false;
  const stack: Node[] = [next.node.childForFieldName('body') ?? next.node];
  for (let seen = 0; stack.length; seen++) {
    const x = stack.pop()!;
    if (seen > 256 || x.type === 'raise_statement' || x.type === 'call' || x.type === 'yield' || x.type === 'await' || x.type === 'subscript' || x.type === 'assert_statement' || x.type === 'delete_statement') return false;
    // `3 // 0`, `1 << -1`, `0 ** -1` raise: the exception ends the iteration as well.
    if ((x.type === 'binary_operator' || x.type === 'augmented_assignment') && MAY_RAISE_OPERATORS.has((x.childForFieldName('operator')?.text ?? '').replace(/=$/, ''))) return false;
    if (x.type === 'function_definition' || x.type === 'class_definition' || x.type === 'lambda') continue;
    for (const c of codeChildren(x)) stack.push(c);
  }
  return true;
}

function callSize(context: RuleContext, call: Node, depth: number): IterationSize | undefined {
  let fn = call.childForFieldName('function');
  // `[*range(n)]` parses as a call of the splat `*range`: the call's items are what is unpacked.
  if (fn?.type === 'list_splat') fn = codeChildren(fn)[0] ?? null;
  if (!fn) return undefined;
  // `product(*iterables)`: splatted arguments cannot be counted.
  if (call.childForFieldName('arguments')?.namedChildren.some((c) => c?.type === 'list_splat' || c?.type === 'dictionary_splat')) return undefined;
  const args = positionalArguments(call);
  const size = (i: number): IterationSize | undefined => iterationSize(context, args[i], depth);
  for (const value of context.semantics.resolve(fn)) {
    if (value.kind === 'function') {
      if (isEndlessGenerator(context, value.node, depth)) return { endless: true };
      // `def each(items): for x in items: yield x` called with an endless iterable relays it without end.
      const relayed = relayedParameter(value.node);
      return relayed !== undefined && args[relayed] && size(relayed)?.endless ? { endless: true } : undefined;
    }
    if (value.kind === 'class') return isEndlessIteratorClass(context, value.node) ? { endless: true } : undefined;
    if (value.kind !== 'qname') continue;
    const q = value.name;
    if (q in ONE_TO_ONE) {
      if (q === 'builtins.iter' && args.length === 2) return isUnreachableSentinel(context, args[0], args[1]) ? { endless: true } : undefined;
      if (q === 'collections.deque' && (keywordArgument(call, 'maxlen') || args.length > 1)) return UNKNOWN_FINITE;
      return size(ONE_TO_ONE[q]);
    }
    // `takewhile(lambda v: True, count())`: a predicate that is always true stops nothing.
    if (q === 'itertools.takewhile' && args.length === 2) {
      const inner = size(1);
      const pred = args[0];
      const body = pred.type === 'lambda' ? pred.childForFieldName('body') : null;
      const verdict = body ? context.semantics.fold(body) : undefined;
      if (inner?.endless && verdict && constTruthiness(verdict) === true) return { endless: true };
      // `takewhile(lambda n: n >= 0, count())`, also over `(n for n in count() if ...)`, whose
      // items are some of the count's: a bound every item of the count is past stops nothing.
      if (inner?.endless && body && countBoundPassed(context, pred, body, args[1])) return { endless: true };
      return inner ? UNKNOWN_FINITE : undefined;
    }
    if (q in FILTERS) {
      const inner = size(FILTERS[q]);
      return inner ? { endless: inner.endless } : undefined;
    }
    switch (q) {
      case 'builtins.range':
      case 'builtins.xrange': {
        const count = rangeCount(args.map((a) => magnitudeOf(context, a)));
        return count === undefined ? undefined : { count, endless: false };
      }
      case 'itertools.count':
        return { endless: true };
      case 'itertools.cycle': {
        const inner = size(0);
        return inner?.count === 0 ? { count: 0, endless: false } : { endless: true };
      }
      case 'itertools.repeat': {
        const times = args[1] ?? keywordArgument(call, 'times');
        if (!times) return { endless: true };
        const m = magnitudeOf(context, times);
        return m?.isInt ? { count: m.negative ? 0 : m.abs, endless: false } : UNKNOWN_FINITE;
      }
      case 'itertools.islice': {
        // islice(it, stop) or islice(it, start, stop[, step]); a None stop keeps the iterator's length.
        const inner = size(0);
        const isNone = (a: Node | undefined): boolean => !!a && context.semantics.fold(a)?.t === 'none';
        const [startNode, stopNode, stepNode] = args.length === 2 ? [undefined, args[1], undefined] : [args[1], args[2], args[3]];
        if (!stopNode || isNone(stopNode)) return inner;
        const zero: Magnitude = { abs: 0, isInt: true, negative: false };
        const one: Magnitude = { abs: 1, isInt: true, negative: false };
        const bound = (a: Node | undefined, dflt: Magnitude): Magnitude | undefined => (!a || isNone(a) ? dflt : magnitudeOf(context, a));
        const count = rangeCount([bound(startNode, zero), bound(stopNode, zero), bound(stepNode, one)]);
        if (count === undefined) return UNKNOWN_FINITE;
        return { count: inner?.count !== undefined ? Math.min(count, inner.count) : count, endless: false };
      }
      case 'builtins.zip':
      case 'builtins.map':
      case 'itertools.zip_longest': {
        const sizes = (q === 'builtins.map' ? args.slice(1) : args).map((a) => iterationSize(context, a, depth));
        if (!sizes.length) return { count: 0, endless: false };
        const longest = q === 'itertools.zip_longest';
        if (longest ? sizes.some((s) => s?.endless) : sizes.every((s) => s?.endless)) return { endless: true };
        const finite = sizes.filter((s) => !s?.endless);
        if (finite.some((s) => s?.count === undefined)) return UNKNOWN_FINITE;
        const counts = finite.map((s) => s!.count!);
        return { count: longest ? Math.max(...counts) : Math.min(...counts), endless: false, combinatoric: sizes.find((s) => s?.combinatoric)?.combinatoric };
      }
      case 'itertools.chain': {
        const sizes = args.map((a) => iterationSize(context, a, depth));
        if (sizes.some((s) => s?.endless)) return { endless: true };
        if (sizes.some((s) => s?.count === undefined)) return UNKNOWN_FINITE;
        return { count: sizes.reduce((t, s) => t + s!.count!, 0), endless: false };
      }
      case 'itertools.chain.from_iterable': {
        // Reading an endless supply of iterables never ends, whether or not they are empty.
        const inner = size(0);
        return inner?.endless ? { endless: true } : UNKNOWN_FINITE;
      }
      case 'itertools.batched': {
        // Tuples of `n` items (the last one shorter): endless over an endless input.
        const inner = size(0);
        const n = args[1] ? magnitudeOf(context, args[1]) : undefined;
        if (!inner || inner.endless) return inner;
        if (inner.count === undefined) return UNKNOWN_FINITE;
        return { count: n?.isInt && !n.negative && n.abs > 0 ? Math.ceil(inner.count / n.abs) : undefined, endless: false };
      }
      case 'itertools.pairwise': {
        const inner = size(0);
        return inner && { ...inner, count: inner.count === undefined ? undefined : Math.max(0, inner.count - 1) };
      }
      case 'itertools.product': {
        const sizes = args.map((a) => iterationSize(context, a, depth));
        // product() reads its inputs to the end before yielding anything.
        if (sizes.some((s) => s?.endless)) return { endless: true };
        const repeatNode = keywordArgument(call, 'repeat');
        const repeat = repeatNode ? magnitudeOf(context, repeatNode) : { abs: 1, isInt: true, negative: false };
        if (!repeat?.isInt || sizes.some((s) => s?.count === undefined)) return UNKNOWN_FINITE;
        if (sizes.some((s) => s!.count === 0)) return { count: 0, endless: false };
        const log = sizes.reduce((t, s) => t + Math.log10(s!.count!), 0) * (repeat.negative ? 0 : repeat.abs);
        return { count: pow10(log), endless: false, combinatoric: call };
      }
      case 'itertools.permutations':
      case 'itertools.combinations':
      case 'itertools.combinations_with_replacement': {
        const inner = size(0);
        if (inner?.endless) return { endless: true };
        const n = inner?.count;
        const rNode = args[1] ?? keywordArgument(call, 'r');
        const rm = rNode ? magnitudeOf(context, rNode) : undefined;
        if (n === undefined || (rNode && !rm?.isInt)) return UNKNOWN_FINITE;
        const r = rm ? rm.abs : n;
        let log: number;
        if (q === 'itertools.permutations') log = r > n ? -Infinity : log10Factorial(n) - log10Factorial(n - r);
        else if (q === 'itertools.combinations') log = r > n ? -Infinity : log10Factorial(n) - log10Factorial(r) - log10Factorial(n - r);
        else log = n === 0 && r > 0 ? -Infinity : log10Factorial(n + r - 1) - log10Factorial(r) - log10Factorial(n - 1);
        return { count: log === -Infinity ? 0 : Math.round(pow10(log)), endless: false, combinatoric: call };
      }
    }
  }
  return undefined;
}

/** Where `*x` builds a list or tuple of the items of `x`. */
const UNPACKED_INTO = new Set(['list', 'tuple', 'set', 'argument_list', 'expression_list']);

/**
 * What a `*x` in a display or a call's arguments unpacks (every item, into a list or tuple), with
 * the node to report: `[*range(n)]` parses as a call of the splat `*range` (`[*a.b(n)]` as an
 * attribute of `*a`), where the star applies to the whole chain above it. Undefined elsewhere
 * (a target `a, *b = ...`, a parameter).
 */
export function unpackedBy(splat: Node): { node: Node; iterable: Node } | undefined {
  let top = splat;
  for (let p = splat.parent; p; p = p.parent) {
    const head = p.type === 'call' ? p.childForFieldName('function') : p.type === 'attribute' ? p.childForFieldName('object') : null;
    if (head?.id !== top.id) break;
    top = p;
  }
  if (!UNPACKED_INTO.has(top.parent?.type ?? '')) return undefined;
  if (top !== splat) return { node: top, iterable: top };
  const inner = codeChildren(splat)[0];
  return inner ? { node: splat, iterable: inner } : undefined;
}

/**
 * The truth of `test` for every item `for x in itertools.count(start, step)` gives `x`: a constant
 * condition, or `x` compared with a bound the count has already passed (`x < 0` from 0 up).
 */
export function alwaysAs(context: RuleContext, test: Node | null | undefined, variable: string, source: Node | null | undefined): boolean | undefined {
  if (!test) return undefined;
  const t = truthiness(context, test);
  if (t !== undefined) return t;
  // `itertools.repeat(3)`, `count(1, 0)`, `cycle("abc")`: every item is one of a few values, and
  // the test is folded with each.
  const items = source ? constantItems(context, source) : undefined;
  // Only a test of the item, constants and builtins: anything else may change between items.
  if (items && readsOnly(context, test, [variable])) {
    let all: boolean | undefined;
    for (const item of items) {
      const env = withResolve(context.semantics, (node, depth) => (node.type === 'identifier' && normalizeIdentifier(node.text) === variable ? [constValue(item)] : context.semantics.resolve(node, depth)));
      const folded = foldConstant(env, test);
      const truth = folded ? constTruthiness(folded) : undefined;
      if (truth === undefined || (all !== undefined && truth !== all)) return undefined;
      all = truth;
    }
    return all;
  }
  if (test.type !== 'comparison_operator' || source?.type !== 'call') return undefined;
  const fn = source.childForFieldName('function');
  if (!fn || !context.semantics.qualifiedNames(fn).includes('itertools.count')) return undefined;
  const args = positionalArguments(source);
  if (args.length > 2 || source.childForFieldName('arguments')?.namedChildren.some((c) => c?.type === 'keyword_argument' || c?.type === 'list_splat' || c?.type === 'dictionary_splat')) return undefined;
  const number = (n: Node | undefined, fallback: number): number | undefined => {
    if (!n) return fallback;
    const c = context.semantics.fold(n);
    return c?.t === 'int' ? Number(c.v) : c?.t === 'float' && Number.isFinite(c.v) ? c.v : undefined;
  };
  const start = number(args[0], 0);
  const step = number(args[1], 1);
  if (start === undefined || step === undefined || step === 0) return undefined;
  const parts = codeChildren(test);
  const ops = test.children.filter((c) => !c.isNamed);
  if (parts.length !== 2 || ops.length !== 1) return undefined;
  let op = ops[0].text;
  let bound: number | undefined;
  if (parts[0].type === 'identifier' && normalizeIdentifier(parts[0].text) === variable) bound = number(parts[1], NaN);
  else if (parts[1].type === 'identifier' && normalizeIdentifier(parts[1].text) === variable) {
    bound = number(parts[0], NaN);
    op = ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as Record<string, string>)[op] ?? op;
  }
  if (bound === undefined || Number.isNaN(bound)) return undefined;
  // Rising from `start` (or falling, mirrored): every item is on one side of it.
  const [k, o] = step > 0 ? [bound - start, op] : [start - bound, ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as Record<string, string>)[op] ?? op];
  // Now every item is `start + d` with d >= 0, compared as `d o k`.
  if ((o === '<' && k <= 0) || (o === '<=' && k < 0) || (o === '==' && k < 0)) return false;
  if ((o === '>=' && k <= 0) || (o === '>' && k < 0) || (o === '!=' && k < 0)) return true;
  return undefined;
}

/** Items of a `cycle` whose test is folded one by one. */
const MAX_CYCLED_ITEMS = 64;

/**
 * The values every item of an endless iterator is one of: `itertools.repeat(x)` (no count),
 * `itertools.count(start, 0)`, `itertools.cycle` of a sequence or string that folds (at most
 * `MAX_CYCLED_ITEMS` items), each immutable.
 */
function constantItems(context: RuleContext, source: Node): Const[] | undefined {
  const fn = source.type === 'call' ? source.childForFieldName('function') : null;
  const names = fn ? context.semantics.qualifiedNames(fn) : [];
  const given = codeChildren(source.childForFieldName('arguments') ?? source);
  if (!names.length || given.some((c) => c.type === 'keyword_argument' || c.type === 'list_splat' || c.type === 'dictionary_splat')) return undefined;
  const fold = (n: Node | undefined): Const | undefined => (n ? context.semantics.fold(n) : undefined);
  let item: Const | undefined;
  if (names.includes('itertools.repeat') && given.length === 1) item = fold(given[0]);
  else if (names.includes('itertools.count') && given.length === 2) {
    // `count(5, 0)` gives 5 for ever; `count(5, 0.0)` gives 5, then 5.0; `count(-0.0, 0.0)` -0.0, then 0.0.
    const step = fold(given[1]);
    const start = fold(given[0]);
    const stays = (step?.t === 'int' && step.v === 0n && (start?.t === 'int' || start?.t === 'float')) || (step?.t === 'float' && step.v === 0 && start?.t === 'float' && !Object.is(start.v, -0));
    item = stays ? start : undefined;
  } else if (names.includes('itertools.cycle') && given.length === 1) {
    // `cycle` keeps the items it saw: a list changed later does not change them, but the
    // items themselves must not change (`cycle([[0]])`).
    const items = fold(given[0]);
    // A list or set it reads through a name may grow while the first pass reads it.
    if (items?.t === 'seq' && items.kind !== 'tuple' && !['list', 'set', 'tuple'].includes(given[0].type)) return undefined;
    const all = items?.t === 'str' ? [...items.v].slice(0, MAX_CYCLED_ITEMS + 1).map((ch): Const => ({ t: 'str', v: ch })) : items?.t === 'seq' ? items.items : undefined;
    if (!all?.length || all.length > MAX_CYCLED_ITEMS || !all.every(immutable)) return undefined;
    return all;
  }
  // The same object every time: a list the body changes is not the same value (`repeat([0])`).
  return item && immutable(item) ? [item] : undefined;
}

function immutable(c: Const): boolean {
  return c.t === 'seq' ? c.kind === 'tuple' && c.items.every(immutable) : c.t === 'int' || c.t === 'float' || c.t === 'str' || c.t === 'bytes' || c.t === 'bool' || c.t === 'none';
}

/**
 * Whether an expression reads no name but `names` and builtins, and no attribute but of those or
 * of values it computes (`n.bit_length()`): nothing a loop or a call elsewhere may change.
 */
export function readsOnly(context: RuleContext, node: Node, names: readonly string[]): boolean {
  for (const n of [node, ...descendantsInScope(node)]) {
    if (n.type === 'attribute' && n.childForFieldName('object')?.type === 'identifier' && !names.includes(normalizeIdentifier(n.childForFieldName('object')!.text))) return false;
    if (n.type !== 'identifier' || (n.parent?.type === 'attribute' && n.parent.childForFieldName('attribute')?.id === n.id)) continue;
    if (n.parent?.type === 'keyword_argument' && n.parent.childForFieldName('name')?.id === n.id) continue;
    if (names.includes(normalizeIdentifier(n.text))) continue;
    const denoted = context.semantics.qualifiedNames(n);
    if (!denoted.length || !denoted.every((q) => q.startsWith('builtins.'))) return false;
  }
  return true;
}

/** Whether a one-parameter predicate holds for every item of a `count()` (or of a generator expression yielding the count's items). */
function countBoundPassed(context: RuleContext, lambda: Node, body: Node, source: Node): boolean {
  const params = lambda.childForFieldName('parameters');
  const names = params ? codeChildren(params) : [];
  if (names.length !== 1 || names[0].type !== 'identifier') return false;
  let items: Node | null = source;
  // `evens = (n for n in count() if n % 2 == 0)`, then `takewhile(..., evens)`.
  if (items.type === 'identifier') items = context.semantics.valueBoundOnce(items) ?? items;
  if (items.type === 'generator_expression') {
    const clauses = codeChildren(items).slice(1);
    const loops = clauses.filter((c) => c.type === 'for_in_clause');
    const item = items.childForFieldName('body');
    const variable = loops.length === 1 ? loops[0].childForFieldName('left') : null;
    if (loops.length !== 1 || item?.type !== 'identifier' || variable?.type !== 'identifier' || normalizeIdentifier(item.text) !== normalizeIdentifier(variable.text)) return false;
    items = loops[0].childForFieldName('right');
  }
  return alwaysAs(context, body, normalizeIdentifier(names[0].text), items) === true;
}
