/**
 * Values built by linear recursion: `tower(5)` of `def tower(n): return 2 if n == 0 else 2 **
 * tower(n - 1)` raises 2 to its own result five levels deep, a number of about 10^19728 digits,
 * though every literal is small. The function's value is worked out level by level from its base
 * case up, with the constant arguments the call passes, in exact integers while they stay small
 * and in digit counts beyond.
 */
import type { Node } from '../../parser';
import { normalizeIdentifier } from '../../semantics';
import { unparenthesized } from '../../semantics/narrowing';
import { isDocstring, positionalArguments } from '../../semantics/syntax';
import type { RuleContext } from '../types';
import { codeChildren } from './controlFlow';
import { RECURSION_DEPTH, recursiveCallArguments } from './treeRecursion';

/** Past this many digits a value is kept as its digit count only (a lower bound). */
const EXACT_DIGITS = 1000;

/**
 * The most levels times nodes of the recursive expression a call is worked out for: decided
 * before any arithmetic (so the answer for a call never depends on which calls came before it),
 * and the levels worked out are kept per function and arguments, so calls of one function share
 * them (`f(890)`, `f(889)`, ...).
 */
const MAX_EVALUATIONS = 4096;

/** Per analysis (its semantics): per function, the value at each argument list worked out (null: none). */
const levelValues = new WeakMap<object, Map<number, Map<string, Num | null>>>();

/** An integer: exact while small (`v`), else only its decimal digits, a lower bound. */
interface Num {
  v?: bigint;
  digits: number;
}

function exact(v: bigint): Num {
  return { v, digits: (v < 0n ? -v : v).toString().length };
}

/** The parts of a linearly recursive body: one base case's value and test, and the recursive return. */
interface LinearBody {
  early: Node;
  test: Node;
  recursive: Node;
}

/** `return EARLY if TEST else REC`, or `if TEST: return EARLY` then `return REC`: nothing else. */
function linearBody(def: Node): LinearBody | undefined {
  const statements = codeChildren(def.childForFieldName('body') ?? def);
  // A docstring first.
  if (isDocstring(statements[0])) statements.shift();
  if (statements.length === 1 && statements[0].type === 'return_statement') {
    const value = unparenthesized(codeChildren(statements[0])[0] ?? null);
    if (value?.type !== 'conditional_expression') return undefined;
    const [early, test, recursive] = codeChildren(value);
    return early && test && recursive ? { early, test, recursive } : undefined;
  }
  if (statements.length !== 2 || statements[0].type !== 'if_statement' || statements[1].type !== 'return_statement') return undefined;
  const branch = statements[0];
  const body = codeChildren(branch.childForFieldName('consequence') ?? branch);
  const test = branch.childForFieldName('condition');
  const early = body.length === 1 && body[0].type === 'return_statement' ? codeChildren(body[0])[0] : undefined;
  const recursive = codeChildren(statements[1])[0];
  return early && test && recursive && !branch.childForFieldName('alternative') ? { early, test, recursive } : undefined;
}

/**
 * `tower(5)` outside `tower`: the digits of what it returns and the levels of recursion that
 * build it, when its function is linearly recursive on one parameter (one base case tested on
 * that parameter alone, one call of itself) and every argument is a constant integer; undefined
 * otherwise, and when the recursion would pass Python's limit first (then RecursionError ends it).
 */
export function recursiveValue(context: RuleContext, call: Node): { digits: number; levels: number } | undefined {
  const found = recursiveCallArguments(context, call);
  if (!found?.exact || found.shape.fanOut !== 1 || !found.shape.onlyRecurses || found.shape.base.size !== 1) return undefined;
  const { shape, def, args } = found;
  const body = linearBody(def);
  if (!body || unparenthesized(body.test)?.type === 'boolean_operator') return undefined;
  const [[tested, baseFrom]] = shape.base;
  const stops = shape.stops.get(tested);
  const returnsEarly = (values: bigint[]): boolean => {
    const v = values[shape.parameters.indexOf(tested)];
    return stops ? [...stops].some((s) => BigInt(s) === v) : v < BigInt(baseFrom);
  };
  // The arguments of each level, top down, to the one that returns early.
  const levels: bigint[][] = [args];
  while (!returnsEarly(levels[levels.length - 1])) {
    if (levels.length > RECURSION_DEPTH) return undefined;
    const above = levels[levels.length - 1];
    levels.push(above.map((v, i) => v - BigInt(shape.step.get(shape.parameters[i])!)));
  }
  const selfCall = callIn(body.recursive, normalizeIdentifier(shape.name));
  if (!selfCall || levels.length < 2 || !steppedAsShaped(context, selfCall, shape.parameters, shape.step)) return undefined;
  if ((levels.length - 1) * nodeCount(body.recursive) > MAX_EVALUATIONS) return undefined;
  let byFunction = levelValues.get(context.semantics);
  if (!byFunction) levelValues.set(context.semantics, (byFunction = new Map()));
  let known = byFunction.get(def.id);
  if (!known) byFunction.set(def.id, (known = new Map()));
  // From the level nearest the top already worked out (by an earlier call), or from the base case.
  let start = levels.findIndex((values) => known!.has(values.join(',')));
  let value: Num | undefined;
  if (start >= 0) value = known.get(levels[start].join(',')) ?? undefined;
  else {
    start = levels.length - 1;
    value = evaluate(context, body.early, shape.parameters, levels[start], undefined, undefined);
    known.set(levels[start].join(','), value ?? null);
  }
  for (let i = start - 1; i >= 0 && value; i--) {
    // Past 1e308 digits nothing grows further: the levels above keep it.
    value = Number.isFinite(value.digits) ? evaluate(context, body.recursive, shape.parameters, levels[i], selfCall, value) : value;
    known.set(levels[i].join(','), value ?? null);
  }
  return value ? { digits: value.digits, levels: levels.length - 1 } : undefined;
}

function nodeCount(expression: Node): number {
  let count = 0;
  const stack = [expression];
  while (stack.length) {
    const n = stack.pop()!;
    count++;
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  return count;
}

/**
 * Whether the self call passes each parameter on as it is or less a constant, as `step` says
 * (the shape leaves a parameter the base case does not test free to be passed anything).
 */
function steppedAsShaped(context: RuleContext, selfCall: Node, parameters: string[], step: ReadonlyMap<string, number>): boolean {
  const args = positionalArguments(selfCall);
  return args.length === parameters.length && args.every((arg, i) => {
    const node = unparenthesized(arg);
    const taken = step.get(parameters[i]);
    if (node?.type === 'identifier') return taken === 0 && normalizeIdentifier(node.text) === parameters[i];
    if (node?.type !== 'binary_operator' || node.childForFieldName('operator')?.text !== '-') return false;
    const left = node.childForFieldName('left');
    const right = context.semantics.fold(node.childForFieldName('right'));
    return left?.type === 'identifier' && normalizeIdentifier(left.text) === parameters[i] && right?.t === 'int' && right.v === BigInt(taken ?? -1);
  });
}

/** The one call of `name` in `expression`. */
function callIn(expression: Node, name: string): Node | undefined {
  const stack = [expression];
  while (stack.length) {
    const n = stack.pop()!;
    const fn = n.type === 'call' ? n.childForFieldName('function') : null;
    if (fn?.type === 'identifier' && normalizeIdentifier(fn.text) === name) return n;
    stack.push(...n.namedChildren.filter((c): c is Node => !!c));
  }
  return undefined;
}

/**
 * `expression` with the parameters at `values` and the self call at `inner`: an integer, or
 * undefined for anything but integer constants, parameters and `+ * ** <<` of them (`-` only of
 * exact values: a difference of sizes known only from below has no lower bound).
 */
function evaluate(context: RuleContext, expression: Node, parameters: string[], values: bigint[], selfCall: Node | undefined, inner: Num | undefined): Num | undefined {
  const node = unparenthesized(expression);
  if (!node) return undefined;
  if (selfCall && node.id === selfCall.id) return inner;
  if (node.type === 'identifier') {
    const i = parameters.indexOf(normalizeIdentifier(node.text));
    if (i >= 0) return exact(values[i]);
  }
  if (node.type === 'binary_operator') {
    const op = node.childForFieldName('operator')?.text ?? '';
    const a = evaluate(context, node.childForFieldName('left')!, parameters, values, selfCall, inner);
    const b = a && evaluate(context, node.childForFieldName('right')!, parameters, values, selfCall, inner);
    return a && b ? combine(op, a, b) : undefined;
  }
  // No parameter and no call of itself below: a constant of the file, or nothing known.
  const c = context.semantics.fold(node);
  return c?.t === 'int' ? exact(c.v) : c?.t === 'hugeint' ? { digits: c.digits } : undefined;
}

function combine(op: string, a: Num, b: Num): Num | undefined {
  if (a.v !== undefined && b.v !== undefined) {
    const [x, y] = [a.v, b.v];
    switch (op) {
      case '+': return exact(x + y);
      case '-': return exact(x - y);
      case '*': return x === 0n || y === 0n ? exact(0n) : a.digits + b.digits > EXACT_DIGITS ? { digits: a.digits + b.digits - 1 } : exact(x * y);
      case '**': {
        if (y < 0n) return undefined;
        const ax = x < 0n ? -x : x;
        if (ax < 2n || y === 0n) return exact(x ** y);
        const digits = Number(y) * (a.digits > 15 ? a.digits - 1 : Math.log10(Number(ax)));
        return digits > EXACT_DIGITS ? { digits: Math.floor(digits) + 1 } : exact(x ** y);
      }
      case '<<': {
        if (y < 0n) return undefined;
        const digits = a.digits + Number(y) * Math.log10(2);
        return x === 0n ? exact(0n) : digits > EXACT_DIGITS ? { digits: Math.floor(digits) } : exact(x << y);
      }
    }
    return undefined;
  }
  // A size known only from below: the result's digits from below, for a base of 2 or more.
  const large = (n: Num): boolean => n.v === undefined || n.v >= 2n || n.v <= -2n;
  switch (op) {
    case '+': return (a.v === undefined || a.v >= 0n) && (b.v === undefined || b.v >= 0n) ? { digits: Math.max(a.digits, b.digits) } : undefined;
    case '*': return large(a) && large(b) ? { digits: a.digits + b.digits - 1 } : undefined;
    case '**': {
      if (!large(a) || (b.v !== undefined && b.v < 1n)) return undefined;
      // |a|^b has at least b·log10|a| digits; an exponent of d digits is at least 10^(d-1).
      const perUnit = a.v !== undefined ? Math.log10(Number(a.v < 0n ? -a.v : a.v)) : a.digits - 1 || Math.log10(2);
      const times = b.v !== undefined ? Number(b.v) : 10 ** (b.digits - 1);
      return { digits: Math.floor(times * perUnit) + 1 };
    }
    case '<<':
      if (a.v === 0n) return exact(0n);
      return b.v === undefined ? { digits: Infinity } : b.v >= 0n ? { digits: a.digits + Math.floor(Number(b.v) * Math.log10(2)) } : undefined;
  }
  return undefined;
}
