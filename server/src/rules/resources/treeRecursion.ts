/**
 * Tree recursion: a function of the file that calls itself two or more times on every call that
 * gets past its base case, each time with its parameters smaller by constants and no cache in
 * front (`def fib(n): if n < 2: return n; return fib(n - 1) + fib(n - 2)`). Called with constant
 * arguments far from the base case, it makes exponentially many calls: `fib(80)` more than 2^39.
 * Finite, so PC604 (recursion that never ends) leaves it; its cost is time, like a loop's.
 */
import type { Node } from '../../parser';
import { normalizeIdentifier } from '../../semantics';
import { argumentsByParameter, isDocstring, keywordArgument, parameterIdentifier, positionalArguments } from '../../semantics/syntax';
import type { RuleContext } from '../types';
import { codeChildren, descendantsInScope } from './controlFlow';
import { magnitudeOf } from './magnitudes';

/** What a tree-recursive function's shape guarantees, read from its syntax. */
export interface TreeRecursion {
  name: string;
  /** Calls of itself made on every call that gets past the base case. */
  fanOut: number;
  parameters: string[];
  /** Per parameter, its default value where it has one. */
  defaults: (Node | undefined)[];
  /** Per parameter the base case tests: the value from which on it does not return early (`n < 2`: 2). */
  base: Map<string, number>;
  /**
   * Per parameter the base case tests only for equality (`n == 0`, `n in (0, 1)`): how many
   * values in a row below `base` it stops at. A step longer than that may jump over them all.
   */
  exact: Map<string, number>;
  /** Per parameter: the most any of the calls takes from it (0: passed on as it is). */
  step: Map<string, number>;
  /** Per parameter: the least any call that takes from it takes (for the depth of the deepest path). */
  minStep: Map<string, number>;
  /** Per parameter the base case tests only for equality: the values it stops at. */
  stops: Map<string, ReadonlySet<number>>;
  /** Parameters a call steps up (`fact(n + 1)`), by the least any such call adds. A call that does so never comes down to its base case. */
  rises: Map<string, number>;
  /** Behind `functools.lru_cache`/`cache`: each value is computed once, so the calls are not counted (`leastCallsLog10`). */
  cached: boolean;
  /**
   * The body is its base cases and one `return` (or call statement) whose only calls are of itself, and no `yield`:
   * no other call may raise on the way down and end it, and a call of it runs it (no generator).
   */
  onlyRecurses: boolean;
}

/** `moves = []`: an assignment statement with no call in it. */
function assignsWithoutCalls(statement: Node): boolean {
  const expression = statement.type === 'expression_statement' ? codeChildren(statement)[0] : undefined;
  if (expression?.type !== 'assignment') return false;
  for (const n of descendantsInScope(expression)) if (n.type === 'call') return false;
  return true;
}

/** Statements that run straight through, neither branching nor leaving. */
const PLAIN = new Set(['expression_statement', 'pass_statement']);

/** Where a call may not run: one side of `and`/`or`, one branch of `x if c else y`, a body run later. */
const CONDITIONAL = new Set(['boolean_operator', 'conditional_expression', 'lambda', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/** `def`'s tree-recursive shape, or undefined; worked out once per analysis. */
export function treeRecursionOf(context: RuleContext, def: Node): TreeRecursion | undefined {
  return context.semantics.oncePerRun(def, 'treeRecursionShape', () => shapeOf(context, def));
}

function shapeOf(context: RuleContext, def: Node): TreeRecursion | undefined {
  // A decorator may cache (`functools.cache`); a method's receiver, a default or a splat hides what is passed.
  if (def.type !== 'function_definition' || def.children.some((c) => c.type === 'async')) return undefined;
  // `@functools.lru_cache`/`@functools.cache` keep the values and the recursion, not the count of calls.
  const cached = def.parent?.type === 'decorated_definition';
  if (cached && !codeChildren(def.parent!).every((d) => d.id === def.id || (d.type === 'decorator' && isCache(context, codeChildren(d)[0])))) return undefined;
  if (def.parent?.parent?.type === 'class_definition') return undefined;
  const name = def.childForFieldName('name');
  const params = def.childForFieldName('parameters');
  const body = def.childForFieldName('body');
  if (!name || !params || !body) return undefined;
  // A generator's call runs nothing until it is read, and a reader may stop early (`next(gen(80))`).
  for (const n of descendantsInScope(body)) if (n.type === 'yield') return undefined;
  const parameters: string[] = [];
  const defaults: (Node | undefined)[] = [];
  /** Parameters bound again in the body (`moves = [] if moves is None else moves`): neither tested nor stepped. */
  const rebound = new Set<string>();
  for (const p of codeChildren(params)) {
    // `n`, `n: int`, `src="A"`, `n: int = 3`; not `*args`, `**kw` or the markers `*` and `/`.
    const ident = parameterIdentifier(p);
    if (!ident) return undefined;
    const parameter = normalizeIdentifier(ident.text);
    // Bound once, by the call: `n = n // 1000` before the calls would change what they pass.
    if (context.semantics.bindingsOf(ident).length !== 1) rebound.add(parameter);
    parameters.push(parameter);
    defaults.push(p.childForFieldName('value') ?? undefined);
  }
  if (parameters.length === 0) return undefined;
  const base = new Map<string, number>();
  const ranges = new Set<string>();
  const points = new Map<string, Set<number>>();
  const calls: Node[] = [];
  /** `if n: hanoi(n - 1, ...); ...`: the calls run under a test, whose failing is the base case. */
  let guarded = false;
  for (const statement of codeChildren(body)) {
    if (statement.type === 'if_statement' && !calls.length) {
      const consequence = statement.childForFieldName('consequence');
      const inside: Node[] = [];
      if (!consequence || (selfCalls(context, consequence, def, inside) && !inside.length)) {
        // A base case: `if n < 2: return n`, nothing else in it (no `elif`/`else`), before the calls.
        if (baseCase(context, statement, parameters, base, ranges, points)) continue;
        // Or assignments under a test (`if moves is None: moves = []`) that call nothing (a call may raise and end it all).
        if (consequence && !statement.childForFieldName('alternative') && codeChildren(consequence).every(assignsWithoutCalls)) continue;
        return undefined;
      }
      // Or the recursive part under a test (`if n > 0:`), with nothing but plain statements and a
      // `return` in it: when the test fails, the function goes on past it without a call.
      if (statement.childForFieldName('alternative') || !baseTests(context, statement.childForFieldName('condition'), parameters, base, ranges, points, true)) return undefined;
      for (const inner of codeChildren(consequence)) {
        const returns = inner.type === 'return_statement';
        if ((!returns && !PLAIN.has(inner.type)) || !selfCalls(context, inner, def, calls)) return undefined;
        if (returns) break;
      }
      if (!calls.length) return undefined;
      guarded = true;
      continue;
    }
    if (guarded) {
      // What follows the guarded calls runs when the test fails too: no call of itself there.
      const none: Node[] = [];
      if ((statement.type !== 'return_statement' && !PLAIN.has(statement.type)) || !selfCalls(context, statement, def, none) || none.length) return undefined;
      if (statement.type === 'return_statement') break;
      continue;
    }
    if (statement.type === 'if_statement') return undefined;
    const returns = statement.type === 'return_statement';
    if (!returns && !PLAIN.has(statement.type)) return undefined;
    // `return n if n < 2 else fib(n - 1) + fib(n - 2)`: a base case and the calls in one.
    const value = returns ? codeChildren(statement)[0] : undefined;
    if (value?.type === 'conditional_expression' && !calls.length) {
      const [early, test, recursive] = codeChildren(value);
      const none: Node[] = [];
      if (!early || !test || !recursive || !selfCalls(context, early, def, none) || none.length) return undefined;
      if (!selfCalls(context, test, def, none) || none.length || !baseTests(context, test, parameters, base, ranges, points)) return undefined;
      if (!selfCalls(context, recursive, def, calls)) return undefined;
      break;
    }
    if (!selfCalls(context, statement, def, calls)) return undefined;
    if (returns) break;
  }
  // One call is linear recursion: no cost to count, but it may step past its base case (`neverStops`).
  if (calls.length < 1 || base.size === 0) return undefined;
  const step = new Map<string, number>(parameters.map((p) => [p, 0]));
  const minStep = new Map<string, number>();
  /** The least rise of each parameter a call steps up. */
  const rising = new Map<string, number>();
  for (const call of calls) {
    const args = positionalArguments(call);
    if (args.length !== parameters.length || codeChildren(call.childForFieldName('arguments') ?? call).length !== args.length) return undefined;
    for (let i = 0; i < args.length; i++) {
      const taken = stepOf(context, args[i], parameters[i]);
      if (taken === undefined) {
        if (base.has(parameters[i])) return undefined;
        continue;
      }
      if (taken < 0) rising.set(parameters[i], Math.min(rising.get(parameters[i]) ?? Infinity, -taken));
      step.set(parameters[i], Math.max(step.get(parameters[i])!, taken));
      if (taken > 0) minStep.set(parameters[i], Math.min(minStep.get(parameters[i]) ?? Infinity, taken));
    }
  }
  if ([...rebound].some((p) => base.has(p) || step.get(p) !== 0)) return undefined;
  const rises = new Map([...rising].filter(([p]) => base.has(p)));
  if (![...base.keys()].some((p) => step.get(p)! > 0 || rises.has(p))) return undefined;
  // A base case of equalities only: the values in a row it stops at, counting down from the top.
  const exact = new Map<string, number>();
  const stopsOf = new Map<string, ReadonlySet<number>>();
  for (const [p, stops] of points) {
    if (ranges.has(p)) continue;
    let run = 0;
    while (stops.has(base.get(p)! - 1 - run)) run++;
    exact.set(p, run);
    stopsOf.set(p, stops);
  }
  const fnName = normalizeIdentifier(name.text);
  return { name: fnName, fanOut: calls.length, parameters, defaults, base, exact, step, minStep, stops: stopsOf, rises, cached, onlyRecurses: !guarded && onlyRecurses(def, fnName) };
}

/**
 * `functools.cache`, `functools.lru_cache`, `functools.lru_cache(maxsize=128)`: a cache that keeps
 * every value, or at least 128 (a smaller one may evict what the next call needs).
 */
function isCache(context: RuleContext, decorator: Node | undefined): boolean {
  const fn = decorator?.type === 'call' ? decorator.childForFieldName('function') : decorator;
  if (!fn || !context.semantics.qualifiedNames(fn).some((q) => q === 'functools.cache' || q === 'functools.lru_cache')) return false;
  const size = decorator!.type === 'call' ? (positionalArguments(decorator!)[0] ?? keywordArgument(decorator!, 'maxsize')) : undefined;
  const folded = size ? context.semantics.fold(size) : undefined;
  return !size || folded?.t === 'none' || (folded?.t === 'int' && folded.v >= 128n);
}

/** See `TreeRecursion.onlyRecurses`. */
function onlyRecurses(def: Node, name: string): boolean {
  const statements = codeChildren(def.childForFieldName('body') ?? def);
  const last = statements[statements.length - 1];
  // A docstring first runs nothing.
  const first = isDocstring(statements[0]) ? 1 : 0;
  // `return f(n - 1)`, or the call alone as the last statement (`countdown(n + 1)`, then None).
  const lastCall = last?.type === 'expression_statement' && codeChildren(last).length === 1 && codeChildren(last)[0].type === 'call';
  if ((last?.type !== 'return_statement' && !lastCall) || statements.slice(first, -1).some((st) => st.type !== 'if_statement')) return false;
  for (const n of descendantsInScope(def)) {
    if (n.type === 'yield') return false;
    if (n.type !== 'call' || !(last.startIndex <= n.startIndex && n.endIndex <= last.endIndex)) continue;
    const fn = n.childForFieldName('function');
    if (fn?.type !== 'identifier' || normalizeIdentifier(fn.text) !== name) return false;
  }
  return true;
}

/**
 * Reads `if <tests of parameters against constants>: return/raise ...` into `base`: for each
 * parameter, the smallest value from which on none of the tests holds. False for any other test.
 */
function baseCase(context: RuleContext, statement: Node, parameters: string[], base: Map<string, number>, ranges: Set<string>, points: Map<string, Set<number>>): boolean {
  if (statement.childForFieldName('alternative')) return false;
  const body = codeChildren(statement.childForFieldName('consequence') ?? statement);
  const last = body[body.length - 1];
  if (last?.type !== 'return_statement' && last?.type !== 'raise_statement') return false;
  return baseTests(context, statement.childForFieldName('condition'), parameters, base, ranges, points);
}

/**
 * Reads the tests of a base case's condition into `base` (see `baseCase`). `recurses`: the
 * condition is the test under which the function recurses (`if n > 0:`, `if n:`, `if n >= 1 and
 * m != 0:`), read as the base case its failing is: each comparison turned round (`n > 0` is the
 * base case `n <= 0`), a conjunction as the base case's disjunction (not a disjunction).
 */
function baseTests(context: RuleContext, condition: Node | null, parameters: string[], base: Map<string, number>, ranges: Set<string>, points: Map<string, Set<number>>, recurses = false): boolean {
  if (!condition) return false;
  const tests: Node[] = [condition];
  while (tests.length) {
    let test: Node | null = tests.pop()!;
    while (test?.type === 'parenthesized_expression' && test.namedChildCount === 1) test = test.namedChild(0);
    if (!test) return false;
    if (test.type === 'boolean_operator') {
      // Either way, when no test holds the function goes on: `or` and `and` alike.
      if (recurses && test.child(1)?.type !== 'and') return false;
      tests.push(test.childForFieldName('left')!, test.childForFieldName('right')!);
      continue;
    }
    const from = testedFrom(context, test, parameters, recurses);
    if (!from) return false;
    base.set(from.parameter, Math.max(base.get(from.parameter) ?? -Infinity, from.value));
    if (from.stops) {
      const stops = points.get(from.parameter) ?? new Set<number>();
      for (const v of from.stops) stops.add(v);
      points.set(from.parameter, stops);
    } else ranges.add(from.parameter);
  }
  return true;
}

/** `n < 2` (2), `n <= 1` (2), `n == 0` (1), `n in (0, 1)` (2), `not n` (1): from which value on the test fails, counting down. */
function testedFrom(context: RuleContext, test: Node, parameters: string[], negated = false): { parameter: string; value: number; stops?: number[] } | undefined {
  if (negated) {
    // `if n:` recurses while `n` is not 0: the base case `not n`.
    if (test.type === 'identifier') return parameters.includes(normalizeIdentifier(test.text)) ? { parameter: normalizeIdentifier(test.text), value: 1, stops: [0] } : undefined;
    if (test.type !== 'comparison_operator' || test.childCount !== 3) return undefined;
    const turned = ({ '>': '<=', '>=': '<', '<': '>=', '<=': '>', '!=': '==', '==': '!=' } as Record<string, string>)[test.child(1)!.type];
    return turned ? comparedFrom(context, test.child(0)!, turned, test.child(2)!, parameters) : undefined;
  }
  if (test.type === 'not_operator') {
    const arg = test.childForFieldName('argument');
    return arg?.type === 'identifier' && parameters.includes(normalizeIdentifier(arg.text)) ? { parameter: normalizeIdentifier(arg.text), value: 1, stops: [0] } : undefined;
  }
  if (test.type !== 'comparison_operator' || test.childCount !== 3) return undefined;
  return comparedFrom(context, test.child(0)!, test.child(1)!.type, test.child(2)!, parameters);
}

/** `left op right`, one side a parameter and the other a constant, as `testedFrom` reads it. */
function comparedFrom(context: RuleContext, left: Node, op: string, right: Node, parameters: string[]): { parameter: string; value: number; stops?: number[] } | undefined {
  if (left.type !== 'identifier' && right.type === 'identifier') {
    [left, right] = [right, left];
    op = ({ '>': '<', '>=': '<=', '==': '==' } as Record<string, string>)[op] ?? '';
  }
  if (left.type !== 'identifier' || !parameters.includes(normalizeIdentifier(left.text))) return undefined;
  const parameter = normalizeIdentifier(left.text);
  if (op === 'in') {
    const items = right.type === 'tuple' || right.type === 'list' || right.type === 'set' ? codeChildren(right).map((c) => intOf(context, c)) : [];
    return items.length && items.every((v) => v !== undefined) ? { parameter, value: Math.max(...(items as number[])) + 1, stops: items as number[] } : undefined;
  }
  const c = intOf(context, right);
  if (c === undefined) return undefined;
  if (op === '<') return { parameter, value: c };
  if (op === '<=') return { parameter, value: c + 1 };
  if (op === '==') return { parameter, value: c + 1, stops: [c] };
  return undefined;
}

function intOf(context: RuleContext, node: Node): number | undefined {
  const v = context.semantics.fold(node);
  return v?.t === 'int' && v.v >= -(2n ** 52n) && v.v <= 2n ** 52n ? Number(v.v) : undefined;
}

/** `n` (0), `n - 2` (2) or `n + 1` (-1) for the parameter `n`; undefined for anything else. */
function stepOf(context: RuleContext, arg: Node, parameter: string): number | undefined {
  if (arg.type === 'identifier') return normalizeIdentifier(arg.text) === parameter ? 0 : undefined;
  const op = arg.type === 'binary_operator' ? arg.childForFieldName('operator')?.type : undefined;
  if (op !== '-' && op !== '+') return undefined;
  const left = arg.childForFieldName('left');
  const taken = intOf(context, arg.childForFieldName('right')!);
  if (left?.type !== 'identifier' || normalizeIdentifier(left.text) !== parameter || taken === undefined || taken < 1) return undefined;
  return op === '-' ? taken : -taken;
}

/**
 * Adds the calls of `def` in `statement` that run whenever it does to `calls`. False when the
 * statement calls `def` where it may not run, or inside another call of it (Ackermann, PC604's).
 */
function selfCalls(context: RuleContext, statement: Node, def: Node, calls: Node[]): boolean {
  const stack: [Node, boolean][] = [[statement, false]];
  let seen = 0;
  while (stack.length) {
    const [n, conditional] = stack.pop()!;
    if (++seen > 2048) return false;
    let inside = conditional || CONDITIONAL.has(n.type);
    if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      const values = fn?.type === 'identifier' ? context.semantics.resolve(fn) : [];
      if (values.length === 1 && values[0].kind === 'function' && values[0].node.id === def.id) {
        if (inside || calls.some((c) => c.startIndex <= n.startIndex && n.endIndex <= c.endIndex)) return false;
        calls.push(n);
        inside = true;
      }
    }
    for (const c of n.namedChildren) if (c) stack.push([c, inside]);
  }
  return true;
}

/** Python's default recursion limit, less the frames a host and its call already use. */
export const RECURSION_DEPTH = 900;

/**
 * The log10 of the fewest calls `shape`'s function makes when called with `args`: every call at
 * the first `levels` levels is past the base case (each parameter the base tests is still at or
 * above its value, however the calls took from it), so each makes `fanOut` more.
 */
export function leastCallsLog10(shape: TreeRecursion, args: bigint[]): number {
  if (shape.cached) return 0;
  let levels = Infinity;
  let deepest = 0;
  for (const [parameter, from] of shape.base) {
    const value = Number(args[shape.parameters.indexOf(parameter)]);
    const step = shape.step.get(parameter)!;
    if (value < from) return 0;
    if (step === 0) continue;
    // `n == 0` with a step of 2 from an odd `n` never stops: RecursionError, soon (PC604's concern).
    const run = shape.exact.get(parameter);
    if (run !== undefined && step > run) return 0;
    levels = Math.min(levels, Math.floor((value - from) / step) + 1);
    deepest += Math.floor((value - from) / (shape.minStep.get(parameter) ?? step)) + 1;
  }
  // Past the recursion limit the first path down raises RecursionError and the rest never runs.
  if (!Number.isFinite(levels) || deepest > RECURSION_DEPTH) return 0;
  return (levels - 1) * Math.log10(shape.fanOut);
}

/**
 * The first call of itself in `def` that takes `step` from `parameter` (`countdown(n - 2)` for
 * 2, `fact(n + 1)` for -1): where a recursion that never reaches its base case goes wrong.
 */
export function selfCallStepping(context: RuleContext, def: Node, shape: TreeRecursion, parameter: string, step: number): Node | undefined {
  const i = shape.parameters.indexOf(parameter);
  const name = shape.name;
  for (const n of descendantsInScope(def.childForFieldName('body') ?? def)) {
    if (n.type !== 'call') continue;
    const fn = n.childForFieldName('function');
    if (fn?.type !== 'identifier' || normalizeIdentifier(fn.text) !== name) continue;
    const arg = positionalArguments(n)[i];
    if (arg && stepOf(context, arg, parameter) === step) return n;
  }
  return undefined;
}

/**
 * `countdown(7)` with `if n == 0: return` and `countdown(n - 2)`: a parameter the base case tests
 * only for equality, stepped down by one constant on every call, that never lands on a value the
 * base case stops at (7, 5, 3, 1, -1, ...), while no other test of the base case can stop it (every
 * other parameter it tests is passed on unchanged, at a value it does not stop at): the recursion
 * never ends. The parameter, its value and its step; undefined when some path may stop.
 */
export function neverStops(shape: TreeRecursion, args: bigint[]): { parameter: string; value: bigint; step: number } | undefined {
  let witness: { parameter: string; value: bigint; step: number } | undefined;
  for (const parameter of shape.base.keys()) {
    const value = args[shape.parameters.indexOf(parameter)];
    // `fact(n + 1)` from at or above where the base case stops returning early: it only goes up.
    const rise = shape.rises.get(parameter);
    if (rise !== undefined) {
      if (value < BigInt(shape.base.get(parameter)!)) return undefined;
      witness ??= { parameter, value, step: -rise };
      continue;
    }
    const stops = shape.stops.get(parameter);
    if (!stops) return undefined;
    const step = shape.step.get(parameter)!;
    if (step === 0) {
      if ([...stops].some((q) => BigInt(q) === value)) return undefined;
      continue;
    }
    // Calls that take different steps go down different paths: one of them may land.
    if (shape.minStep.get(parameter) !== step) return undefined;
    for (const q of stops) if (BigInt(q) <= value && (value - BigInt(q)) % BigInt(step) === 0n) return undefined;
    witness ??= { parameter, value, step };
  }
  return witness;
}

/**
 * `f(80)` outside `f`: its shape and constant integer arguments, when it is tree (or linear)
 * recursive. `exact`: every argument folds (else some are only the largest size a name is known
 * to take, a bound and no value).
 */
export function recursiveCallArguments(context: RuleContext, call: Node): { shape: TreeRecursion; def: Node; args: bigint[]; exact: boolean } | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'identifier') return undefined;
  const values = context.semantics.resolve(fn);
  if (values.length !== 1 || values[0].kind !== 'function' || values[0].node.type !== 'function_definition') return undefined;
  const def = values[0].node;
  if (def.startIndex <= call.startIndex && call.endIndex <= def.endIndex) return undefined;
  // What is read of the function's body is read here: this call is checked again when it changes.
  context.semantics.readsSyntaxOf(def);
  const shape = treeRecursionOf(context, def);
  // Passed, by position or by name, or left at its default (`hanoi(64)` of `hanoi(n, src="A")`).
  const bound = shape ? argumentsByParameter(call, shape.parameters, shape.defaults) : undefined;
  if (!shape || !bound) return undefined;
  const numbers: bigint[] = [];
  let exact = true;
  for (let i = 0; i < shape.parameters.length; i++) {
    const parameter = shape.parameters[i];
    const a = bound[i];
    const v = a ? context.semantics.fold(a) : undefined;
    // `lattice_paths(size, size)` with `size=30`: a name's largest known size.
    const m = !a || v?.t === 'int' ? undefined : magnitudeOf(context, a);
    if (v?.t === 'int') numbers.push(v.v);
    else if (m?.isInt && !m.negative && !m.atLeast && m.abs < 1e15) {
      numbers.push(BigInt(Math.floor(m.abs)));
      exact = false;
    } else if (!shape.base.has(parameter) && a) {
      // Neither tested nor counted: any value does (and no value is known). A missing argument raises.
      numbers.push(0n);
      exact = false;
    } else return undefined;
  }
  return { shape, def, args: numbers, exact };
}

/**
 * `fib(80)` outside `fib`: the log10 of the fewest calls it makes, when its function is tree
 * recursive and every argument is a constant integer; undefined otherwise.
 */
export function treeRecursiveCall(context: RuleContext, call: Node): { shape: TreeRecursion; log10: number } | undefined {
  const found = recursiveCallArguments(context, call);
  return found && found.shape.fanOut >= 2 ? { shape: found.shape, log10: leastCallsLog10(found.shape, found.args) } : undefined;
}
