import type { Node } from '../../parser';
import { normalizeIdentifier, REMOVING_METHODS, type Binding } from '../../semantics';
import { isDocstring, keywordArgument, positionalArguments, pushNamedChildren } from '../../semantics/syntax';
import type { Rule, RuleContext } from '../types';
import { nodeValue, type Const, type Value } from '../../semantics/values';
import { classOfMethod } from '../shared/methods';
import { codeChildren, continuesEarly, descendantsInScope, enclosingDef, isWrittenSubscript, loopExit, loopHeaderEnd, truthiness } from './controlFlow';
import { alwaysAs, comprehensionSize, endlessGeneratorStatement, isEndlessIteratorClass, iterationSize, readsOnly, unpackedBy } from './iterables';
import { formatCount, lookupDefault, magnitudeOf, shortText, soleParameter } from './magnitudes';
import { awaitsLonelyName, cancelledAtAwait, endlessEnter, endlessWait, reenteredLock } from './waits';
import { formatPower } from './loopGrowth';
import { treeRecursiveCall } from './treeRecursion';
import { stuckPass } from './stuckPasses';
import { repeatingRun } from './loopRuns';
import { neverFound } from './endlessMembership';
import { plainClass } from './hookRecursion';

/** Calls that stop at the first item of a kind: `any` at a true one, `all` at a false one, `next` at any. */
const SEARCHES: Record<string, boolean | undefined> = { 'builtins.any': true, 'builtins.all': false, 'builtins.next': undefined };

/** `any(x < 0 for x in itertools.count())`, `next(x for x in count() if x < 0)`: the item searched for never comes. */
function searchNeverEnds(context: RuleContext, call: Node, names: string[]): boolean {
  const q = names.find((n) => n in SEARCHES);
  if (!q) return false;
  const args = positionalArguments(call);
  const gen = args[0];
  if (gen?.type !== 'generator_expression' || (q !== 'builtins.next' && args.length !== 1)) return false;
  const clauses = codeChildren(gen).slice(1);
  const loops = clauses.filter((c) => c.type === 'for_in_clause');
  if (loops.length !== 1) return false;
  const left = loops[0].childForFieldName('left');
  const right = loops[0].childForFieldName('right');
  if (!iterationSize(context, right)?.endless) return false;
  const variable = left?.type === 'identifier' ? normalizeIdentifier(left.text) : '';
  // A filter that never passes an item: nothing is ever found.
  if (clauses.some((c) => c.type === 'if_clause' && alwaysAs(context, codeChildren(c)[0], variable, right) === false)) return true;
  const wanted = SEARCHES[q];
  if (wanted === undefined) return false;
  // `any` over items never true, `all` over items never false.
  return alwaysAs(context, gen.childForFieldName('body'), variable, right) === !wanted;
}

/** Calls that read their iterable argument to the end (index of the iterable). */
const CONSUMERS: Record<string, number> = {
  'builtins.list': 0,
  'builtins.tuple': 0,
  'builtins.set': 0,
  'builtins.frozenset': 0,
  'builtins.sorted': 0,
  'builtins.dict': 0,
  'builtins.bytes': 0,
  'builtins.bytearray': 0,
  'builtins.sum': 0,
  'builtins.max': 0,
  'builtins.min': 0,
  'builtins.dict.fromkeys': 0,
  'collections.deque': 0,
  'collections.Counter': 0,
  'collections.OrderedDict': 0,
  'math.fsum': 0,
  'math.prod': 0,
  'math.sumprod': 0,
  'functools.reduce': 1,
  'statistics.mean': 0,
  'statistics.fmean': 0,
  'statistics.median': 0,
  'statistics.median_low': 0,
  'statistics.median_high': 0,
  'statistics.mode': 0,
  'statistics.multimode': 0,
  'statistics.stdev': 0,
  'statistics.pstdev': 0,
  'statistics.variance': 0,
  'statistics.pvariance': 0,
  'statistics.geometric_mean': 0,
  'statistics.harmonic_mean': 0,
  'statistics.quantiles': 0,
  'array.array': 1,
  'builtins.str.join': 1,
  'builtins.bytes.join': 1,
  'builtins.bytearray.join': 1,
};

/** Iterators that read every input to the end when made, before the first item is asked for. */
const EAGER_ITERATORS = new Set(['itertools.product', 'itertools.permutations', 'itertools.combinations', 'itertools.combinations_with_replacement']);

/** `sum(xs, [])`, `sum(xs, start=())`: a start that is a list or tuple, so the items are sequences added one by one. */
function sequenceStart(context: RuleContext, call: Node): boolean {
  const start = positionalArguments(call)[1] ?? keywordArgument(call, 'start');
  if (!start) return false;
  if (start.type === 'list' || start.type === 'tuple') return true;
  const v = context.semantics.fold(start);
  return v?.t === 'seq';
}

/** Consumers that only compute (no container): their cost is time, judged by `max-iterations`. */
const REDUCERS = new Set([
  'builtins.sum', 'builtins.max', 'builtins.min', 'math.fsum', 'math.prod', 'math.sumprod', 'functools.reduce',
  'statistics.mean', 'statistics.fmean', 'statistics.median', 'statistics.median_low', 'statistics.median_high', 'statistics.mode', 'statistics.multimode',
  'statistics.stdev', 'statistics.pstdev', 'statistics.variance', 'statistics.pvariance', 'statistics.geometric_mean', 'statistics.harmonic_mean', 'statistics.quantiles',
]);

/**
 * Methods that read their first argument to the end, by the kind of container of the file they
 * are called on (`xs.extend(it)`, `seen.update(it)`, `counts.update(it)`).
 */
const CONSUMING_METHODS: Record<string, readonly string[]> = {
  list: ['extend'],
  'builtins.list': ['extend'],
  'builtins.bytearray': ['extend'],
  'collections.deque': ['extend', 'extendleft'],
  set: ['update', 'union', 'intersection', 'difference', 'symmetric_difference', 'intersection_update', 'difference_update', 'symmetric_difference_update', 'issubset'],
  'builtins.set': ['update', 'union', 'intersection', 'difference', 'symmetric_difference', 'intersection_update', 'difference_update', 'symmetric_difference_update', 'issubset'],
  'builtins.frozenset': ['union', 'intersection', 'difference', 'symmetric_difference', 'issubset'],
  dictionary: ['update'],
  'builtins.dict': ['update'],
  'collections.OrderedDict': ['update'],
  'collections.defaultdict': ['update'],
  'collections.Counter': ['update', 'subtract'],
};

/** Every method name of `CONSUMING_METHODS`. */
const CONSUMING_METHOD_NAMES = new Set(Object.values(CONSUMING_METHODS).flat());

/**
 * The kind of container (a display type or a constructor's qualified name) `node` is: a display
 * or constructor call of the file, or a name bound only to such, all of one kind.
 */
function containerKind(context: RuleContext, node: Node | null | undefined): string | undefined {
  const kindOf = (n: Node | null | undefined): string | undefined => {
    if (!n) return undefined;
    if (n.type === 'list' || n.type === 'set' || n.type === 'dictionary') return n.type;
    if (n.type !== 'call') return undefined;
    const fn = n.childForFieldName('function');
    return fn ? context.semantics.qualifiedNames(fn).find((q) => q in CONSUMING_METHODS) : undefined;
  };
  if (node?.type !== 'identifier') return kindOf(node);
  const bindings = context.semantics.bindingsOf(node);
  const kinds = new Set(bindings.map((b) => (b.kind === 'assign' ? kindOf(b.value) : undefined)));
  return bindings.length && kinds.size === 1 ? [...kinds][0] : undefined;
}

/**
 * Key-derivation functions whose work factor is an iteration count, and the arguments (position
 * and keyword) whose product it is: PBKDF2 hashes `iterations` times, scrypt mixes `n * r * p`
 * blocks. A plugin asking for 10**12 of them holds the host's worker as a loop would.
 */
const WORK_FACTORS: Record<string, { label: string; factors: { position?: number; keyword: string }[] }> = {
  'hashlib.pbkdf2_hmac': { label: 'iterations', factors: [{ position: 3, keyword: 'iterations' }] },
  'hashlib.scrypt': { label: 'n × r × p', factors: [{ keyword: 'n' }, { keyword: 'r' }, { keyword: 'p' }] },
};

/** The work factor of a key-derivation call (see `WORK_FACTORS`), when every factor folds to an integer. */
function workFactor(context: RuleContext, call: Node, q: string): number | undefined {
  const spec = WORK_FACTORS[q];
  if (!spec) return undefined;
  let count = 1;
  for (const f of spec.factors) {
    const arg = (f.position !== undefined ? positionalArguments(call)[f.position] : undefined) ?? keywordArgument(call, f.keyword);
    const m = magnitudeOf(context, arg);
    if (!m?.isInt || m.negative) return undefined;
    count *= m.abs;
  }
  return count;
}

/** Methods the host calls to iterate a plugin's object (`for row in obj`, `list(obj)`, `reversed(obj)`, `async for`) or to await it (`__await__`). */
const ITERATION_DUNDERS = new Set(['__iter__', '__reversed__', '__aiter__', '__await__']);

/**
 * What makes iterating instances of the class a method of which is `fn` endless, when `fn` is
 * one of `ITERATION_DUNDERS`: a `return` of an endless iterator (`return itertools.count()`;
 * `return self` with a `__next__` that never stops), or the method itself being a generator that
 * loops for ever with no way out (`while True: yield x`). The host's loop over the object then
 * never ends.
 */
function endlessIterationDunder(context: RuleContext, fn: Node): { node: Node; returned?: Node; endless?: Node } | undefined {
  const name = normalizeIdentifier(fn.childForFieldName('name')?.text ?? '');
  const cls = fn.parent?.type === 'block' ? fn.parent.parent : fn.parent?.type === 'decorated_definition' ? fn.parent.parent?.parent : undefined;
  if (!ITERATION_DUNDERS.has(name) || cls?.type !== 'class_definition') return undefined;
  const endless = endlessGeneratorStatement(context, fn);
  if (endless) return { node: fn, endless };
  if (name === '__aiter__' || name === '__await__') return undefined;
  const self = codeChildren(fn.childForFieldName('parameters') ?? fn)[0];
  for (const n of descendantsInScope(fn.childForFieldName('body') ?? fn)) {
    if (n.type !== 'return_statement') continue;
    const returned = codeChildren(n)[0];
    if (!returned) continue;
    const isSelf = returned.type === 'identifier' && self?.type === 'identifier' && returned.text === self.text;
    if (isSelf ? name === '__iter__' && isEndlessIteratorClass(context, cls) : iterationSize(context, returned)?.endless) return { node: n, returned };
  }
  return undefined;
}

/**
 * The passes of a `for` loop's body counting the `for` loops around it (in the same function),
 * when every one has a known length and no way out, and the product first passes `limit` here
 * (the loops around it alone stay within it, so a chain is reported once).
 */
function nestedPasses(context: RuleContext, loop: Node, count: number, limit: number): number | undefined {
  let outer = 1;
  const chain: Node[] = [loop];
  let child = loop;
  for (let p = loop.parent; p; child = p, p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'class_definition' || p.type === 'lambda' || p.type === 'module') break;
    // Only loops that are statements of the enclosing loop's body itself run on its every pass:
    // one behind an `if` may run once.
    if (p.type === 'block' || p.type === 'with_statement') continue;
    if (p.type !== 'for_statement' || p.childForFieldName('body')?.id !== child.id || continuesEarly(p)) break;
    const size = iterationSize(context, p.childForFieldName('right'));
    if (!size || size.endless || size.combinatoric || size.count === undefined) return undefined;
    outer *= size.count;
    chain.push(p);
  }
  if (chain.length < 2 || outer > limit || outer * count <= limit) return undefined;
  if (chain.some((l) => loopExit(context, l, true))) return undefined;
  return outer * count;
}

const COMPARISONS = new Set(['<', '<=', '>', '>=', '!=']);
/** Passes of `x *= c` followed: more than the bits of any bound a condition can fold to (FOLD_LIMITS.intDigits). */
const GEOMETRIC_PASSES = 40_000;
const FLIPPED: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '!=': '!=', '==': '==' };
/** The tests of `if <test>: break` read as what the loop goes on under (not `!=`: going on under `==` is not a counter's test). */
const BREAK_TESTS = new Set(['<', '<=', '>', '>=', '==']);
const NEGATED: Record<string, string> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<', '==': '!=' };

/**
 * A `while` loop over a counter that can never end it: `name OP bound` (or `bound OP name`)
 * with a constant integer bound, the name bound before the loop only to known integers and in
 * the loop only by one statement of the body itself, `name += c` / `name -= c`, so its values
 * are an arithmetic progression. It ends only if the progression leaves the condition: `<`
 * needs it to rise, `>` to fall, `!=` to land on the bound exactly (`x = 0` stepping by 2 never
 * equals 11).
 */
/** `i < N` or `N > i`: the counter named, the comparison as read from its side, and the other operand. */
function counterTest(cond: Node | null, comparisons = COMPARISONS): { counter: Node; op: string; bound: Node } | undefined {
  if (cond?.type !== 'comparison_operator') return undefined;
  const operands = codeChildren(cond);
  const operators = cond.childrenForFieldName('operators').filter((c): c is Node => !!c);
  if (operands.length !== 2 || operators.length !== 1 || !comparisons.has(operators[0].text)) return undefined;
  const [left, right] = operands;
  if (left.type === 'identifier') return { counter: left, op: operators[0].text, bound: right };
  return right.type === 'identifier' ? { counter: right, op: FLIPPED[operators[0].text], bound: left } : undefined;
}

/**
 * `0 <= i < 10`: a chained comparison with the counter in the middle, as the two tests it makes
 * (each read from the counter's side). A single comparison is `counterTest`'s.
 */
function chainedCounterTests(cond: Node | null): { counter: Node; tests: { op: string; bound: Node }[] } | undefined {
  if (cond?.type !== 'comparison_operator') return undefined;
  const single = counterTest(cond);
  if (single) return { counter: single.counter, tests: [{ op: single.op, bound: single.bound }] };
  const operands = codeChildren(cond);
  const operators = cond.childrenForFieldName('operators').filter((c): c is Node => !!c);
  if (operands.length !== 3 || operators.length !== 2 || !operators.every((o) => COMPARISONS.has(o.text)) || operands[1].type !== 'identifier') return undefined;
  return { counter: operands[1], tests: [{ op: FLIPPED[operators[0].text], bound: operands[0] }, { op: operators[1].text, bound: operands[2] }] };
}

/**
 * `n = True` … `while (n := n + True):`: a counter the condition itself steps, by a constant or
 * factor, tested for truth after each step; never zero when no step lands on it.
 */
function walrusCounterNeverEnds(context: RuleContext, loop: Node, walrus: Node): { name: string; start: string; step: Node } | undefined {
  const target = walrus.childForFieldName('name');
  const value = walrus.childForFieldName('value');
  if (target?.type !== 'identifier' || value?.type !== 'binary_operator') return undefined;
  const name = normalizeIdentifier(target.text);
  const isCounter = (n: Node | null): boolean => n?.type === 'identifier' && normalizeIdentifier(n.text) === name;
  const op = value.childForFieldName('operator')?.text;
  const [a, b] = [value.childForFieldName('left'), value.childForFieldName('right')];
  const amountNode = isCounter(a) ? b : isCounter(b) && (op === '+' || op === '*') ? a : null;
  const amount = amountNode ? asInteger(context.semantics.fold(amountNode)) : undefined;
  if (amount === undefined || (op !== '+' && op !== '-' && op !== '*')) return undefined;
  let start: bigint | undefined;
  for (const b of context.semantics.bindingsOf(target)) {
    if (b.node.id === target.id) continue;
    // Every other binding: before the loop, to a known integer.
    if (b.kind !== 'assign' || !b.value || b.node.startIndex > loop.startIndex) return undefined;
    const v = asInteger(context.semantics.fold(b.value));
    if (v === undefined || (start !== undefined && start !== v)) return undefined;
    start = v;
  }
  if (start === undefined) return undefined;
  // The values the condition sees: start + k·c (or start·c^k) for k ≥ 1; zero ends the loop.
  const endless = op === '*' ? start !== 0n && amount !== 0n : (op === '+' ? amount : -amount) === 0n ? start !== 0n : (-start) % (op === '+' ? amount : -amount) !== 0n || -start / (op === '+' ? amount : -amount) < 1n;
  return endless ? { name, start: start.toString(), step: walrus } : undefined;
}

/** Passes followed of a float counter on its way to the value `!=` waits for. */
const FLOAT_PASSES = 100_000;

/** The double nearest the bound on the side the condition holds (`x < b`: the largest double below `b`). */
function holdsTill(op: string, bound: number): number | undefined {
  if (op === '<=' || op === '>=') return bound;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, bound);
  const bits = view.getBigUint64(0);
  // Towards zero or away from it by one unit in the last place, as the sign of `bound` asks.
  const down = op === '<' ? bound > 0 : bound < 0;
  if (bound === 0) return undefined;
  view.setBigUint64(0, down ? bits - 1n : bits + 1n);
  const next = view.getFloat64(0);
  return Number.isFinite(next) ? next : undefined;
}

/**
 * `x = 0.0` … `while x != 1.0: x += 0.1`: the counter counted in doubles, as Python counts it, from
 * its start by its step. Under `<`/`>` it never ends when the step does not move it towards the
 * bound, or stops moving it short of the bound (`x += 1.0` from 2.0**53 on); under `!=` when it
 * steps past the value without landing on it (0.1 ten times is 0.9999999999999999). Undefined
 * terms (an integer too large for a double) answer no.
 */
function floatCounterNeverEnds(op: string, start: number | undefined, delta: number | undefined, bound: number): boolean {
  if (start === undefined || delta === undefined || ![start, delta, bound].every(Number.isFinite)) return false;
  const holds = (x: number): boolean => (op === '<' ? x < bound : op === '<=' ? x <= bound : op === '>' ? x > bound : op === '>=' ? x >= bound : x !== bound);
  if (!holds(start)) return false;
  if (op !== '!=') {
    const rising = op === '<' || op === '<=';
    if (rising ? delta <= 0 : delta >= 0) return true;
    // Moving towards the bound, a double gets stuck where the step is under half its spacing
    // (`2.0**53 + 1.0 == 2.0**53`): if that happens short of the bound, it never gets there.
    // The spacing only grows with the size, so the last double the condition holds for decides.
    const last = holdsTill(op, bound);
    return last !== undefined && Math.abs(last) >= Math.abs(start) && last + delta === last;
  }
  if (delta === 0) return true;
  // Moving away from the value, or past it without landing on it.
  if ((bound - start) / delta < 0) return true;
  let x = start;
  for (let i = 0; i < FLOAT_PASSES; i++) {
    x += delta;
    if (x === bound) return false;
    if ((bound - x) / delta < 0) return true;
  }
  return false;
}

/** An integer constant's value (a bool is 0 or 1, as in Python's arithmetic). */
function asInteger(c: Const | undefined): bigint | undefined {
  return c?.t === 'int' ? c.v : c?.t === 'bool' ? (c.v ? 1n : 0n) : undefined;
}

function counterNeverEnds(context: RuleContext, loop: Node, condition: Node, negated = false): { name: string; start: string; step: Node } | undefined {
  let cond: Node | null = condition;
  while (cond?.type === 'parenthesized_expression') cond = codeChildren(cond).length === 1 ? codeChildren(cond)[0] : null;
  if (negated) {
    // `if tries < 0: break`: the loop goes on while `tries >= 0`; `if not k: break` while `k != 0`.
    if (cond?.type === 'not_operator') {
      const inner = cond.childForFieldName('argument');
      return inner?.type === 'identifier' ? counterNeverEnds(context, loop, inner) : undefined;
    }
    if (cond?.type === 'identifier') return undefined;
    const single = counterTest(cond, BREAK_TESTS);
    if (!single) return undefined;
    const source = numberSource(context, single.bound);
    return source ? counterWithTests(context, loop, single.counter, [{ op: NEGATED[single.op], source }]) : undefined;
  }
  if (cond?.type === 'named_expression') return walrusCounterNeverEnds(context, loop, cond);
  let counter: Node;
  /**
   * What the condition asks of the counter, all to hold: one test, or the two of a chained
   * comparison (`0 <= i < 10`), each with its bound's value or the parameter it is (then as each
   * call of the file gives it).
   */
  let testSources: { op: string; source: NumberSource | undefined }[];
  if (cond?.type === 'identifier') {
    // `while k:` is `while k != 0:`.
    [counter, testSources] = [cond, [{ op: '!=', source: { value: { t: 'int', v: 0n } } }]];
  } else {
    const chained = chainedCounterTests(cond);
    if (!chained) return undefined;
    counter = chained.counter;
    testSources = chained.tests.map((t) => ({ op: t.op, source: numberSource(context, t.bound) }));
  }
  if (testSources.some((t) => !t.source)) return undefined;
  return counterWithTests(context, loop, counter, testSources as { op: string; source: NumberSource }[]);
}

/** `counterNeverEnds` for a counter and the tests that must all hold for the loop to go on. */
function counterWithTests(context: RuleContext, loop: Node, counter: Node, testSources: { op: string; source: NumberSource }[]): { name: string; start: string; step: Node } | undefined {
  const name = normalizeIdentifier(counter.text);
  // The step: one statement of the body itself, `name += c` or `name -= c`.
  let step: Node | undefined;
  /** What the step adds or multiplies by (a value, or a parameter as each call gives it), and how. */
  let stepSource: NumberSource | undefined;
  let stepOperator = '+=';
  const body = loop.childForFieldName('body');
  // Statements after a `continue` of the body itself never run: a step there moves nothing.
  const statements = body ? codeChildren(body) : [];
  const skipped = statements.find((st) => st.type === 'continue_statement');
  for (const stmt of statements) {
    if (skipped && stmt.startIndex > skipped.startIndex) break;
    const expr = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
    if (expr?.type !== 'augmented_assignment' && expr?.type !== 'assignment') continue;
    const left = expr.childForFieldName('left');
    if (left?.type !== 'identifier' || normalizeIdentifier(left.text) !== name) continue;
    // `i += c`, `i -= c`, `i = i + c`, `i = i - c`, `i = c + i`.
    let operator = expr.childForFieldName('operator')?.text;
    let amount = expr.childForFieldName('right');
    if (expr.type === 'assignment') {
      const right = amount;
      const a = right?.type === 'binary_operator' ? right.childForFieldName('left') : null;
      const b = right?.type === 'binary_operator' ? right.childForFieldName('right') : null;
      const op = right?.childForFieldName('operator')?.text;
      const isCounter = (n: Node | null) => n?.type === 'identifier' && normalizeIdentifier(n.text) === name;
      if (isCounter(a) && (op === '+' || op === '-' || op === '*')) [operator, amount] = [`${op}=`, b];
      else if (isCounter(b) && (op === '+' || op === '*')) [operator, amount] = [`${op}=`, a];
      else return undefined;
    }
    if (step || (operator !== '+=' && operator !== '-=' && operator !== '*=')) return undefined;
    // A step a parameter gives (`def fade(step=0.1)`): as each call of the file gives it.
    const source = amount ? numberSource(context, amount) : undefined;
    if (!source) return undefined;
    [step, stepSource, stepOperator] = [stmt, source, operator];
  }
  // No step before the `continue`: the counter keeps its value (`'continue'` is what the message names).
  if (!step && skipped) [step, stepSource] = [skipped, { value: { t: 'int', v: 0n } }];
  if (!step || !stepSource) return undefined;
  // Every other binding: before the loop, to a known number (or the default of a lookup, one value it gets).
  let start: bigint | undefined;
  let floatStart: number | undefined;
  for (const b of context.semantics.bindingsOf(counter)) {
    if (b.node.startIndex >= step.startIndex && b.node.endIndex <= step.endIndex) continue;
    if (skipped && b.node.startIndex > skipped.startIndex && b.node.endIndex <= loop.endIndex) continue;
    if (b.node.startIndex >= loop.startIndex && b.node.endIndex <= loop.endIndex) return undefined;
    if (b.kind !== 'assign' || !b.value || b.node.startIndex > loop.startIndex) return undefined;
    const v = context.semantics.fold(b.value) ?? lookupDefault(context, b.value);
    if (v?.t === 'float' && floatStart === undefined && start === undefined) {
      floatStart = v.v;
      continue;
    }
    if (v?.t !== 'int' || floatStart !== undefined || (start !== undefined && start !== v.v)) return undefined;
    start = v.v;
  }
  const found = { name, start: start !== undefined ? String(start) : Number.isInteger(floatStart) ? floatStart!.toFixed(1) : String(floatStart), step };
  // Endless, for the step and bounds one call of the file gives (or the values written), when every
  // test the condition makes holds for ever.
  const sources = [stepSource, ...testSources.map((t) => t.source!)];
  const params = [...new Set(sources.flatMap((src) => ('param' in src ? [src.param] : [])))];
  const fn = params[0]?.scope.node;
  if (params.some((p) => p.scope.node.id !== fn?.id)) return undefined;
  // `assert step > 0` or `if step <= 0: raise ...` before the loop: the calls' values may never reach it.
  if (fn && guardsBefore(fn, loop, params)) return undefined;
  const sites: ReadonlyMap<Binding, Node | null>[] = fn ? [...(context.semantics.argumentsAtCalls(fn, params) ?? [])] : [new Map()];
  // Called by no one in the file: the host's call, with the defaults.
  if (fn && sites.length === 0) sites.push(new Map(params.map((p) => [p, p.value ?? null])));
  for (const site of sites) {
    const valueOf = (src: NumberSource): Const | undefined => {
      if ('value' in src) return src.value;
      const given = site.get(src.param);
      return given ? context.semantics.fold(given) : undefined;
    };
    const amount = valueOf(stepSource);
    const bounds = testSources.map((t) => valueOf(t.source!));
    if (!amount || bounds.some((b) => b?.t !== 'int' && b?.t !== 'float')) continue;
    let delta: bigint | undefined;
    let factor: bigint | undefined;
    let floatDelta: number | undefined;
    // `x += 0.1`: a float step, then the counter is one, and all is counted in doubles, as Python does.
    if (amount.t === 'float' && stepOperator !== '*=') floatDelta = stepOperator === '+=' ? amount.v : -amount.v;
    else if (amount.t === 'int') [delta, factor] = stepOperator === '*=' ? [undefined, amount.v] : [stepOperator === '+=' ? amount.v : -amount.v, undefined];
    else continue;
    if (testSources.every((t, k) => testNeverFails(t.op, bounds[k]!, start, floatStart, delta, factor, floatDelta))) return found;
  }
  return undefined;
}

/** The `if <test>: break` statements of a loop's body itself (no `elif`/`else`, nothing else in them). */
function breakGuards(loop: Node): Node[] {
  return codeChildren(loop.childForFieldName('body') ?? loop).filter((st) => {
    if (st.type !== 'if_statement' || st.childForFieldName('alternative')) return false;
    const inside = codeChildren(st.childForFieldName('consequence') ?? st);
    return inside.length === 1 && inside[0].type === 'break_statement';
  });
}

/**
 * `while True: tries += 1; if tries < 0: break`: a loop whose condition always holds and whose
 * only ways out are `if <test of a counter>: break` statements of its body itself, none of which
 * ever breaks (each read as `counterNeverEnds` reads `while not <test>`; the counter's values at
 * the test are among those it reads from the start, wherever the test stands). The first guard.
 */
function breakNeverTaken(context: RuleContext, loop: Node): { test: Node; why: string } | undefined {
  if (truthiness(context, loop.childForFieldName('condition')) !== true) return undefined;
  const guards = breakGuards(loop);
  if (!guards.length) return undefined;
  let first: { test: Node; why: string } | undefined;
  for (const guard of guards) {
    const test = guard.childForFieldName('condition');
    if (!test) return undefined;
    const counter = counterNeverEnds(context, loop, test, true);
    const sign = counter ? undefined : belowZero(context, test);
    if (!counter && !sign) return undefined;
    first ??= { test, why: counter ? `'${counter.name}' starts at ${counter.start} and '${shortText(counter.step)}' never brings it there` : `'${shortText(sign!.name)}' is ${sign!.how}, never negative` };
  }
  return first && !loopExit(context, loop, true, guards) ? first : undefined;
}

/**
 * `for n in itertools.count(1, 0): if n * n > 500: break`: a `for` over an endless iterator whose
 * only ways out are `if <test>: break` statements of its body itself, each test false for every
 * item (`alwaysAs`) and reading nothing but the loop's variable, constants and builtins. The first test.
 */
function itemBreakNeverTaken(context: RuleContext, loop: Node): Node | undefined {
  const target = loop.childForFieldName('left');
  const iterable = loop.childForFieldName('right');
  if (target?.type !== 'identifier' || !iterable) return undefined;
  const variable = normalizeIdentifier(target.text);
  const guards = breakGuards(loop);
  if (!guards.length) return undefined;
  // The item is what the tests read only while the body binds the name to nothing else (`d += "!"`).
  const body = loop.childForFieldName('body');
  if (body && context.semantics.bindingsOf(target).some((b) => b.node.id !== target.id && b.node.startIndex >= body.startIndex && b.node.endIndex <= body.endIndex)) return undefined;
  for (const guard of guards) {
    // A test of the item alone (with constants and builtins): nothing the loop may change.
    const test = guard.childForFieldName('condition');
    if (!test || !readsOnly(context, test, [variable]) || alwaysAs(context, test, variable, iterable) !== false) return undefined;
  }
  return loopExit(context, loop, true, guards) ? undefined : guards[0].childForFieldName('condition')!;
}

/** Methods that read an object by key: `"{a}".format_map(Blank())`, `Template(s).substitute(Defaults())`. */
const MAPPING_READERS = new Set(['format_map', 'substitute', 'safe_substitute']);

/** Whether the class's name is used inside the arguments of a `MAPPING_READERS` call. */
function usedAsMapping(context: RuleContext, cls: Node): boolean {
  const name = cls.childForFieldName('name');
  const uses = name ? context.semantics.identifiersNamed(name) : undefined;
  if (!uses) return true;
  return uses.some((u) => {
    for (let p = u.parent; p && p.type !== 'module' && !(p.type.endsWith('_statement') || p.type === 'function_definition'); p = p.parent) {
      const fn = p.type === 'call' ? p.childForFieldName('function') : null;
      if (fn?.type === 'attribute' && MAPPING_READERS.has(fn.childForFieldName('attribute')?.text ?? '')) return true;
    }
    return false;
  });
}

/** What a `__getitem__` may compute without raising: its parameters, literals, displays and arithmetic of them. */
const CANNOT_RAISE = new Set(['identifier', 'integer', 'float', 'string', 'string_content', 'string_start', 'string_end', 'true', 'false', 'none', 'list', 'tuple', 'dictionary', 'pair', 'set', 'parenthesized_expression', 'comparison_operator', 'boolean_operator', 'not_operator']);

/**
 * `def __getitem__(self, index): return {"page": index}` in a plain class (no base but `object`,
 * no decorator, no subclass in the file) that binds no `__iter__`: iteration falls back to asking
 * for items 0, 1, 2, ... until IndexError, which this body never raises. The body is one
 * `return` (after a docstring) of what cannot raise: parameters, literals, displays, `+ - *` of
 * them, comparisons (no calls, attribute reads, items or f-strings, which run code).
 */
function endlessGetitem(context: RuleContext, def: Node): boolean {
  const cls = classOfMethod(def);
  if (!cls || !plainClass(context, cls) || def.parent?.type === 'decorated_definition') return false;
  const scope = context.semantics.scopeOfDefinition(cls);
  if (!scope || scope.bindings.has('__iter__') || scope.bindings.has('__class_getitem__') || context.semantics.subclassesInFile(cls).length) return false;
  // A mapping (`keys`), or one made for `format_map`/`Template.substitute`, is read by key, not iterated.
  if (scope.bindings.has('keys') || usedAsMapping(context, cls)) return false;
  const statements = codeChildren(def.childForFieldName('body') ?? def);
  const body = isDocstring(statements[0]) ? statements.slice(1) : statements;
  const value = body.length === 1 && body[0].type === 'return_statement' ? codeChildren(body[0])[0] : undefined;
  if (!value) return false;
  const params = new Set(codeChildren(def.childForFieldName('parameters') ?? def).map((p) => p.text));
  for (const n of [value, ...descendantsInScope(value)]) {
    if (n.type === 'binary_operator' && ['+', '-', '*'].includes(n.childForFieldName('operator')?.text ?? '')) continue;
    if (n.type === 'unary_operator' || n.type === 'comment') continue;
    if (!CANNOT_RAISE.has(n.type) || (n.type === 'identifier' && !params.has(n.text) && n.parent?.type !== 'keyword_argument')) return false;
    if (n.type === 'string' && n.namedChildren.some((c) => c?.type === 'interpolation')) return false;
  }
  return true;
}

/** Names by which a file may give a class its own `__abs__`. */
const ABS_MAKERS = ['__abs__', 'type', 'setattr', '__dict__', '__class__'];

/** Calls whose result is never below zero (`len` raises on a negative `__len__`; `abs` see `neverNegativeCall`). */
const NEVER_NEGATIVE = new Set(['builtins.abs', 'builtins.len', 'math.fabs', 'math.sqrt', 'math.isqrt', 'math.hypot', 'math.dist', 'math.factorial']);

/**
 * `if n < 0: break` (or `n <= -1`, `n == -2`, `0 > n`) where `n` is `abs(...)`, `len(...)` or a
 * name bound only to one: the test never holds. The name or call, and what it is.
 */
function belowZero(context: RuleContext, test: Node): { name: Node; how: string } | undefined {
  const single = counterTest(test, BREAK_TESTS);
  const operands = test.type === 'comparison_operator' ? codeChildren(test) : [];
  let [value, op, bound] = single ? [single.counter, single.op, single.bound] : [operands[0], test.childrenForFieldName('operators')[0]?.text ?? '', operands[1]];
  if (!single && (operands.length !== 2 || !value || !bound)) return undefined;
  // `0 > abs(x)`: the call on the right.
  if (!single && value.type !== 'call' && bound.type === 'call') [value, op, bound] = [bound, FLIPPED[op] ?? '', value];
  const limit = context.semantics.fold(bound);
  const c = limit?.t === 'int' ? Number(limit.v) : limit?.t === 'float' ? limit.v : undefined;
  if (c === undefined || !(op === '<' ? c <= 0 : op === '<=' || op === '==' ? c < 0 : false)) return undefined;
  // The call itself, or every value a name is bound to.
  const made = value.type === 'identifier' ? context.semantics.bindingsOf(value).map((b) => (b.kind === 'assign' ? b.value : undefined)) : [value];
  const hows = made.map((m) => (m ? neverNegativeCall(context, m) : undefined));
  return hows.length && hows.every((h) => h !== undefined) ? { name: value, how: hows[0]! } : undefined;
}

function neverNegativeCall(context: RuleContext, call: Node): string | undefined {
  const fn = call.type === 'call' ? call.childForFieldName('function') : null;
  const q = fn ? context.semantics.qualifiedNames(fn).find((n) => NEVER_NEGATIVE.has(n)) : undefined;
  // `abs` of an object whose class has its own `__abs__` may be anything: not in a file that names
  // one or may make or change a class by name (`type(name, bases, {"__abs__": f})`, `setattr`).
  if (!q || (q === 'builtins.abs' && ABS_MAKERS.some((name) => context.semantics.identifiersSpelled(name)?.length !== 0))) return undefined;
  return `a result of '${q.replace(/^builtins\./, '')}'`;
}

/** A number written out (folded), or the parameter an expression is (its default and what each call passes). */
type NumberSource = { value: Const } | { param: Binding };

function numberSource(context: RuleContext, node: Node): NumberSource | undefined {
  const folded = context.semantics.fold(node);
  if (folded) return { value: folded };
  const param = soleParameter(context, node);
  return param && { param };
}

/** Whether `counter op bound` holds on every pass of a counter from `start` stepped by `delta` (or `floatDelta`), or multiplied by `factor`. */
function testNeverFails(op: string, bound: Const, start: bigint | undefined, floatStart: number | undefined, delta: bigint | undefined, factor: bigint | undefined, floatDelta: number | undefined): boolean {
  if (bound.t !== 'int' && bound.t !== 'float') return false;
  // Integers stay exact in Python, also against a float bound (`2**53 + 1` then `+= 5`): the float
  // path is for a float counter only; an integer one against a float bound only when it is whole.
  if (floatDelta === undefined && floatStart === undefined && bound.t === 'float') {
    if (!Number.isInteger(bound.v) || !Number.isSafeInteger(bound.v)) return false;
    bound = { t: 'int', v: BigInt(bound.v) };
  }
  if (floatDelta !== undefined || floatStart !== undefined) {
    return floatCounterNeverEnds(op, start !== undefined ? Number(start) : floatStart, floatDelta ?? (delta !== undefined ? Number(delta) : undefined), bound.t === 'float' ? bound.v : Number(bound.v));
  }
  if (start === undefined || bound.t !== 'int') return false;
  const B = bound.v;
  const holds = (x: bigint): boolean => (op === '<' ? x < B : op === '<=' ? x <= B : op === '>' ? x > B : op === '>=' ? x >= B : x !== B);
  // A loop that never starts ends at once.
  if (!holds(start)) return false;
  if (factor !== undefined) {
    // `n *= 2` from 1 under `while n:`: a geometric progression. Followed for as many passes as
    // it takes an integer to pass any bound of the condition (or settle): still holding then, it
    // always will (past the bound every term moves away from it, or the terms repeat).
    let x = start;
    const abs = (v: bigint): bigint => (v < 0n ? -v : v);
    for (let i = 0, beyond = 0; i < GEOMETRIC_PASSES && beyond < 2; i++) {
      x *= factor;
      if (!holds(x)) return false;
      // Past the bound the terms only move away from it (two of them: both signs for c < 0).
      if (abs(x) > abs(B)) beyond++;
    }
    return true;
  }
  if (delta === undefined) return false;
  const endless =
    op === '<' || op === '<=' ? delta <= 0n
    : op === '>' || op === '>=' ? delta >= 0n
    : delta === 0n || (B - start) % delta !== 0n || (B - start) / delta < 0n;
  return endless;
}

/** The largest integer a parameter receives: its default or what a call in the file passes (undefined when one is unknown). */
function largestPassed(context: RuleContext, param: Binding): bigint | undefined {
  const sites = context.semantics.argumentsAtCalls(param.scope.node, [param]);
  const passed = sites?.length ? sites.map((m) => m.get(param) ?? null) : param.value ? [param.value] : [];
  let largest: bigint | undefined;
  for (const arg of passed) {
    const v = arg ? context.semantics.fold(arg) : undefined;
    if (v?.t !== 'int') return undefined;
    if (largest === undefined || v.v > largest) largest = v.v;
  }
  return largest;
}

/** Whether a statement of `fn` before `loop` asserts, or raises or returns under a test, on one of `params`. */
function guardsBefore(fn: Node, loop: Node, params: readonly Binding[]): boolean {
  const names = new Set(params.map((p) => p.name));
  const stack: Node[] = [fn.childForFieldName('body') ?? fn];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.startIndex >= loop.startIndex || n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda') continue;
    if (n.type === 'assert_statement' || (n.type === 'if_statement' && [...descendantsInScope(n)].some((d) => d.type === 'raise_statement' || d.type === 'return_statement'))) {
      const test = n.type === 'assert_statement' ? codeChildren(n)[0] : n.childForFieldName('condition');
      if (test && [...descendantsInScope(test)].some((d) => d.type === 'identifier' && names.has(normalizeIdentifier(d.text)))) return true;
    }
    pushNamedChildren(stack, n);
  }
  return false;
}

/** An integer expression's value when it folds, else (when `largest`) the largest size it may have. */
function integerOf(context: RuleContext, node: Node, largest: boolean): bigint | undefined {
  const v = context.semantics.fold(node);
  if (v?.t === 'int') return v.v;
  if (!largest) return undefined;
  const m = magnitudeOf(context, node);
  return m?.isInt && !m.negative && Number.isFinite(m.abs) && m.abs < 1e300 ? BigInt(Math.floor(m.abs)) : undefined;
}

/**
 * `i = 0` … `while i < 10**12: i += 1`: how many passes a loop whose condition tests a counter
 * against a constant makes, when the body steps the counter towards it by a constant on every
 * pass (the same shape `counterNeverEnds` reads, the other way round).
 */
function counterPasses(context: RuleContext, loop: Node, condition: Node | null): bigint | undefined {
  let cond: Node | null = condition;
  while (cond?.type === 'parenthesized_expression') cond = codeChildren(cond).length === 1 ? codeChildren(cond)[0] : null;
  const test = counterTest(cond);
  if (!test || !['<', '<=', '>', '>='].includes(test.op)) return undefined;
  const { counter, op } = test;
  const name = normalizeIdentifier(counter.text);
  // A bound that does not fold may still have a known size (`retries = config.get("retries", 10**11)`):
  // its largest is as far as the loop may run; a smallest bound would not be a bound at all.
  const bound = integerOf(context, test.bound, op === '<' || op === '<=');
  if (bound === undefined) return undefined;
  const body = loop.childForFieldName('body');
  const statements = body ? codeChildren(body) : [];
  if (statements.some((st) => st.type === 'continue_statement')) return undefined;
  let step: Node | undefined;
  let delta: bigint | undefined;
  for (const stmt of statements) {
    const expr = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
    if (expr?.type !== 'augmented_assignment') continue;
    const left = expr.childForFieldName('left');
    if (left?.type !== 'identifier' || normalizeIdentifier(left.text) !== name) continue;
    const operator = expr.childForFieldName('operator')?.text;
    const c = context.semantics.fold(expr.childForFieldName('right'));
    if (step || c?.t !== 'int' || (operator !== '+=' && operator !== '-=')) return undefined;
    step = stmt;
    delta = operator === '+=' ? c.v : -c.v;
  }
  if (!step || delta === undefined || delta === 0n) return undefined;
  let start: bigint | undefined;
  const up = op === '<' || op === '<=';
  for (const b of context.semantics.bindingsOf(counter)) {
    if (b.node.startIndex >= step.startIndex && b.node.endIndex <= step.endIndex) continue;
    if (b.node.startIndex >= loop.startIndex && b.node.endIndex <= loop.endIndex) return undefined;
    if (b.node.startIndex > loop.startIndex) return undefined;
    // `def steps(n=10**18): while n > 1: n -= 1`: a parameter counting down starts at its largest.
    const v = b.kind === 'param' && !up ? largestPassed(context, b) : b.kind === 'assign' && b.value ? context.semantics.fold(b.value) : undefined;
    const value = typeof v === 'bigint' ? v : v?.t === 'int' ? v.v : undefined;
    if (value === undefined || (start !== undefined && start !== value)) return undefined;
    start = value;
  }
  if (start === undefined) return undefined;
  const B = bound;
  if (up !== delta > 0n) return undefined;
  const span = op === '<' ? B - start : op === '<=' ? B - start + 1n : op === '>' ? start - B : start - B + 1n;
  const d = delta < 0n ? -delta : delta;
  return span <= 0n ? 0n : (span + d - 1n) / d;
}

/**
 * The operands of a condition's top-level `or`s (`a or (b or c)` gives `a`, `b`, `c`), or the
 * condition itself: a loop runs on while any one of them stays true, so one that never becomes
 * false keeps it running whatever the others do (`while n != 1 or steps >= 0`).
 */
function disjuncts(condition: Node | null | undefined): Node[] {
  const out: Node[] = [];
  const stack: Node[] = condition ? [condition] : [];
  while (stack.length) {
    let n = stack.pop()!;
    while (n.type === 'parenthesized_expression' && codeChildren(n).length === 1) n = codeChildren(n)[0];
    const operator = n.type === 'boolean_operator' ? n.childForFieldName('operator')?.text : undefined;
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (operator === 'or' && left && right) stack.push(right, left);
    else out.push(n);
  }
  return out;
}

/** What a condition may be made of for `unchangingCondition`: reads and operators, no call, item or walrus. */
const STILL_CONDITION = new Set([
  'identifier', 'attribute', 'not_operator', 'boolean_operator', 'comparison_operator', 'parenthesized_expression', 'binary_operator', 'unary_operator',
  'integer', 'float', 'true', 'false', 'none', 'string', 'string_start', 'string_content', 'string_end', 'comment',
]);

/** Targets a statement or clause stores into (or deletes), by the field or child that holds them. */
function storedTargets(n: Node): Node[] {
  switch (n.type) {
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
    case 'for_in_clause': {
      const left = n.childForFieldName('left');
      return left ? [left] : [];
    }
    case 'named_expression': {
      const name = n.childForFieldName('name');
      return name ? [name] : [];
    }
    case 'delete_statement':
    case 'as_pattern_target':
    case 'global_statement':
    case 'nonlocal_statement':
      return codeChildren(n);
    case 'import_statement':
    case 'import_from_statement':
    case 'function_definition':
    case 'class_definition':
      return [n];
    default:
      return [];
  }
}

/**
 * A `while` whose condition reads only names and attributes (`while running`, `while not
 * self.done`, `while n < limit`) that nothing in the loop can change: the body awaits and yields
 * nothing, and stores into, deletes or rebinds none of the names the condition reads (nor any
 * attribute or item at all when the condition reads an attribute, which another name may alias).
 * Its calls are returned for `stillThroughCalls` to judge; with none, nothing else runs while it
 * spins, so the condition keeps the value it had: true once, true for ever. The names read (and
 * the nodes read), or undefined.
 */
function unchangingCondition(loop: Node): { names: string[]; roots: Node[]; calls: Node[]; readsAttribute: boolean } | undefined {
  const condition = loop.childForFieldName('condition');
  const body = loop.childForFieldName('body');
  if (!condition || !body) return undefined;
  const roots = new Set<string>();
  const rootNodes: Node[] = [];
  const calls: Node[] = [];
  const shown: Node[] = [];
  let readsAttribute = false;
  const stack: Node[] = [condition];
  while (stack.length) {
    const n = stack.pop()!;
    if (!STILL_CONDITION.has(n.type) && n.isNamed) return undefined;
    if (n.type === 'string' && codeChildren(n).some((c) => c.type === 'interpolation')) return undefined;
    if (n.type === 'attribute' || n.type === 'identifier') {
      let root: Node = n;
      while (root.type === 'attribute') root = root.childForFieldName('object') ?? root;
      if (root.type !== 'identifier') return undefined;
      if (n.type === 'attribute') readsAttribute = true;
      roots.add(normalizeIdentifier(root.text));
      rootNodes.push(root);
      if (!shown.some((m) => m.text === n.text)) shown.push(n);
      continue;
    }
    pushNamedChildren(stack, n);
  }
  if (roots.size === 0) return undefined;
  const work: Node[] = [body];
  while (work.length) {
    const n = work.pop()!;
    if (n.type === 'await' || n.type === 'yield' || n.type === 'print_statement' || n.type === 'exec_statement') return undefined;
    // A call may change what the condition reads: `stillThroughCalls` decides.
    if (n.type === 'call') calls.push(n);
    for (const target of storedTargets(n)) {
      // What is stored: a name, or the root name of `x.attr` / `x[i]`; any attribute or item store
      // when the condition reads an attribute.
      const inner: Node[] = [target];
      while (inner.length) {
        const t = inner.pop()!;
        if (t.type === 'attribute' || t.type === 'subscript') {
          if (readsAttribute) return undefined;
          const object = t.childForFieldName(t.type === 'attribute' ? 'object' : 'value');
          if (object) inner.push(object);
        } else if (t.type === 'identifier') {
          if (roots.has(normalizeIdentifier(t.text))) return undefined;
        } else if (t.type === 'function_definition' || t.type === 'class_definition') {
          const name = t.childForFieldName('name');
          if (name && roots.has(normalizeIdentifier(name.text))) return undefined;
        } else if (t.type === 'import_statement' || t.type === 'import_from_statement') {
          return undefined;
        } else pushNamedChildren(inner, t);
      }
    }
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda') continue;
    pushNamedChildren(work, n);
  }
  // Named in the order they are written, three at most.
  return { names: shown.sort((a, b) => a.startIndex - b.startIndex).slice(0, 3).map((m) => m.text), roots: rootNodes, calls, readsAttribute };
}

/** Calls that, given constants, neither change anything the loop reads nor raise (`print(n)`, `time.sleep(1)`). */
const STILL_CALLS = new Set(['builtins.print', 'time.sleep']);

/** Methods that only add to the plugin's own container. */
const STILL_METHODS = new Set(['append', 'add', 'insert']);

/** The keywords of `print` that take constants and leave it writing to the standard output. */
const PRINT_KEYWORDS = new Set(['sep', 'end', 'flush']);

/**
 * Whether a `while` whose condition reads only names the loop does not store (`unchangingCondition`)
 * stays as it is whatever the loop's calls do (`while n > 0: print(n)`): the condition reads names,
 * no attribute (a property, another thread), that are locals of the function around it, which no
 * nested function, lambda or class can reach (so no call can rebind them), holding constants (a
 * number, a string: what a call of the file passes, besides what the host may); and every call is
 * `print` or `time.sleep`, or an addition to a list or set display the function made, each given
 * only those names and constants, so none can change what the condition reads, run code of the
 * file or raise to end the loop.
 */
function stillThroughCalls(context: RuleContext, loop: Node, still: { roots: Node[]; calls: Node[]; readsAttribute: boolean }): boolean {
  if (still.readsAttribute) return false;
  const fn = enclosingDef(loop);
  if (!fn) return false;
  const scope = context.semantics.scopeOfDefinition(fn);
  const names = new Set<string>();
  for (const root of still.roots) {
    const bindings = context.semantics.bindingsOf(root);
    if (!bindings.length || !bindings.every((b) => b.scope === scope)) return false;
    // Constants (a parameter is also what the host passes: unknown), not an object whose hooks
    // (`__bool__`, `__gt__`, `__str__`) could change it or raise when the condition or `print` uses it.
    const values = context.semantics.resolve(root);
    if (!values.some((v) => v.kind === 'const') || !values.every((v) => (v.kind === 'const' && STILL_CONSTS.has(v.value.t)) || (v.kind === 'unknown' && bindings.some((b) => b.kind === 'param')))) return false;
    names.add(normalizeIdentifier(root.text));
  }
  // No closure reaches them (`nonlocal n` in a nested def the loop calls).
  const stack: Node[] = [];
  pushNamedChildren(stack, fn.childForFieldName('body') ?? fn);
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'function_definition' || n.type === 'lambda' || n.type === 'class_definition') {
      // Everything below is in a nested scope: any mention of the names there is a closure.
      const inner: Node[] = [n];
      while (inner.length) {
        const m = inner.pop()!;
        if (m.type === 'identifier' && names.has(normalizeIdentifier(m.text))) return false;
        pushNamedChildren(inner, m);
      }
      continue;
    }
    pushNamedChildren(stack, n);
  }
  /** An argument of nothing but the condition's names, constants and operators on them (`f"{n} left"`, `n - 1`). */
  const plain = (arg: Node): boolean => {
    const stack = [arg];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === 'identifier') {
        if (!names.has(normalizeIdentifier(n.text)) && !context.semantics.resolve(n).every((v) => v.kind === 'const' && STILL_CONSTS.has(v.value.t))) return false;
      } else if (!PLAIN_ARGUMENT.has(n.type)) return false;
      else pushNamedChildren(stack, n);
    }
    return true;
  };
  return still.calls.every((call) => {
    const callee = call.childForFieldName('function');
    if (!callee) return false;
    const qnames = context.semantics.qualifiedNames(callee);
    const isPrint = qnames.length > 0 && qnames.every((q) => q === 'builtins.print');
    for (const arg of codeChildren(call.childForFieldName('arguments') ?? call)) {
      if (arg.type === 'keyword_argument') {
        const keyword = arg.childForFieldName('name')?.text ?? '';
        if (!isPrint || !PRINT_KEYWORDS.has(keyword) || !plain(arg.childForFieldName('value') ?? arg)) return false;
      } else if (!plain(arg)) return false;
    }
    if (qnames.length && qnames.every((q) => STILL_CALLS.has(q))) return true;
    if (callee.type !== 'attribute' || !STILL_METHODS.has(normalizeIdentifier(callee.childForFieldName('attribute')?.text ?? ''))) return false;
    const receiver = callee.childForFieldName('object');
    if (!receiver) return false;
    const values = context.semantics.resolve(receiver);
    // A list or set display of this function (not one a caller handed in); the condition reads
    // only constants, so it is none of them.
    return values.length > 0 && values.every((v) => v.kind === 'container' && CONTAINER_DISPLAYS.has(v.node.type) && enclosingDef(v.node) === fn);
  });
}

const CONTAINER_DISPLAYS = new Set(['list', 'set']);
/** Constants the condition's names may hold: none has hooks of the file. */
const STILL_CONSTS = new Set(['int', 'hugeint', 'float', 'str', 'bool', 'none']);
/** What a plain argument may be made of, besides names (`plain` in `stillThroughCalls`). */
const PLAIN_ARGUMENT = new Set([
  'integer', 'float', 'true', 'false', 'none', 'string', 'string_start', 'string_content', 'string_end', 'escape_sequence', 'interpolation',
  'concatenated_string', 'binary_operator', 'unary_operator', 'parenthesized_expression', 'comparison_operator', 'boolean_operator', 'not_operator',
]);


/** List methods that always make the list longer; `extend`/`+=` only with a non-empty display. */
const GROWING_METHODS = new Set(['append', 'insert']);

function isNonEmptyDisplay(node: Node | null | undefined): boolean {
  return !!node && (node.type === 'list' || node.type === 'tuple') && codeChildren(node).some((c) => c.type !== 'list_splat');
}

/**
 * The statement by which a `for` loop over a list grows that list on every pass: the iterated
 * name is bound only to non-empty list displays (so the loop starts), and the loop body appends
 * to it unconditionally (a statement of the body itself, or of a `with` in it: one behind an
 * `if`, as a work list appends only new items, does not count). A list iterator reads the
 * list's current length at each step, so each append makes one more pass.
 */
function growsWhatItIterates(context: RuleContext, loop: Node): Node | undefined {
  return growsList(context, loop, loop.childForFieldName('right'));
}

/**
 * Whether `list` (a name) starts non-empty: bound only to non-empty list displays (`xs += [v]`
 * rebinds the name to the same, longer list), or a parameter whose default is one and to which
 * the calls of the file pass nothing else (`def grow(xs=[1])`: a call without it starts the loop),
 * or without a default, to which the calls of the file pass only non-empty list displays (one of
 * them at least: then that call never returns, whatever the host passes).
 */
function startsNonEmpty(context: RuleContext, list: Node): boolean {
  const assigned = context.semantics.bindingsOf(list).filter((b) => b.kind !== 'augassign');
  if (!assigned.length) return false;
  if (assigned.every((b) => b.kind === 'assign' && b.value?.type === 'list' && isNonEmptyDisplay(b.value))) return true;
  if (assigned.length !== 1 || assigned[0].kind !== 'param') return false;
  const nonEmptyList = (v: Value): boolean => v.kind === 'container' && v.node.type === 'list' && isNonEmptyDisplay(v.node);
  const values = context.semantics.resolve(list);
  // Without a default: every call of the file passes a non-empty list (`expand([1, 2, 3])`).
  if (!assigned[0].value) return values.some(nonEmptyList) && values.every((v) => v.kind === 'unknown' || nonEmptyList(v));
  if (assigned[0].value.type !== 'list' || !isNonEmptyDisplay(assigned[0].value)) return false;
  return values.every((v) => v.kind === 'unknown' || nonEmptyList(v));
}

/**
 * The statement by which a loop grows the list `list` names on every pass (see
 * `growsWhatItIterates`), when the list starts non-empty.
 */
function growsList(context: RuleContext, loop: Node, iterable: Node | null | undefined): Node | undefined {
  // A `continue` (`if node is None: continue`) may skip the append.
  if (iterable?.type !== 'identifier' || continuesEarly(loop)) return undefined;
  if (!startsNonEmpty(context, iterable)) return undefined;
  const name = normalizeIdentifier(iterable.text);
  const isList = (n: Node | null | undefined) => n?.type === 'identifier' && normalizeIdentifier(n.text) === name;
  // `items.append(x); items.pop(0)`: a body that also takes out of the list may keep its length.
  for (const n of descendantsInScope(loop)) {
    if (n.type === 'delete_statement' && codeChildren(n).some((t) => t.type === 'subscript' && isList(t.childForFieldName('value')))) return undefined;
    if (n.type !== 'call') continue;
    const fn = n.childForFieldName('function');
    if (fn?.type === 'attribute' && isList(fn.childForFieldName('object')) && REMOVING_METHODS.includes(normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? ''))) return undefined;
  }
  const blocks: Node[] = [];
  const body = loop.childForFieldName('body');
  if (body) blocks.push(body);
  while (blocks.length) {
    const block = blocks.pop()!;
    for (const stmt of codeChildren(block)) {
      if (stmt.type === 'with_statement') {
        const inner = stmt.childForFieldName('body');
        if (inner) blocks.push(inner);
        continue;
      }
      if (stmt.type !== 'expression_statement') continue;
      const expr = stmt.namedChildren[0];
      if (expr?.type === 'augmented_assignment') {
        if (expr.childForFieldName('operator')?.text === '+=' && isList(expr.childForFieldName('left')) && isNonEmptyDisplay(expr.childForFieldName('right'))) return stmt;
        continue;
      }
      if (expr?.type !== 'call') continue;
      const fn = expr.childForFieldName('function');
      if (fn?.type !== 'attribute' || !isList(fn.childForFieldName('object'))) continue;
      const method = normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '');
      if (GROWING_METHODS.has(method) || (method === 'extend' && isNonEmptyDisplay(positionalArguments(expr)[0]))) return stmt;
    }
  }
  return undefined;
}

/** A call of the builtin `len` (under any alias). */
function isLenCall(context: RuleContext, call: Node): boolean {
  const fn = call.childForFieldName('function');
  return !!fn && context.semantics.qualifiedNames(fn).includes('builtins.len');
}

/** `while xs`, `while len(xs)`, `while len(xs) > 0` / `!= 0` / `>= 1`: the list name the loop runs while non-empty. */
function nonEmptyTest(context: RuleContext, condition: Node | null | undefined): Node | undefined {
  if (condition?.type === 'parenthesized_expression') return nonEmptyTest(context, codeChildren(condition)[0]);
  if (condition?.type === 'identifier') return condition;
  const lengthOf = (n: Node | null | undefined): Node | undefined => {
    if (n?.type !== 'call' || !isLenCall(context, n)) return undefined;
    const args = positionalArguments(n);
    return args.length === 1 && args[0].type === 'identifier' ? args[0] : undefined;
  };
  const direct = lengthOf(condition);
  if (direct) return direct;
  if (condition?.type !== 'comparison_operator') return undefined;
  const parts = codeChildren(condition);
  const op = condition.children.find((c) => c && !c.isNamed)?.text;
  const bound = parts.length === 2 ? context.semantics.fold(parts[1]) : undefined;
  if (bound?.t !== 'int') return undefined;
  const ok = (op === '>' && bound.v === 0n) || (op === '!=' && bound.v === 0n) || (op === '>=' && bound.v === 1n);
  return ok ? lengthOf(parts[0]) : undefined;
}

/**
 * Whether the body of a `while` over a list's length can make the list shorter or rebind it: any
 * use of the name other than growing it, reading an item (`xs[-1]`) or its length could.
 */
function mayShrink(context: RuleContext, loop: Node, list: Node): boolean {
  const name = normalizeIdentifier(list.text);
  const body = loop.childForFieldName('body');
  const stack: Node[] = body ? [body] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'identifier' && normalizeIdentifier(n.text) === name) {
      const parent = n.parent;
      if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === n.id) continue;
      const method = parent?.type === 'attribute' && parent.parent?.type === 'call' ? normalizeIdentifier(parent.childForFieldName('attribute')?.text ?? '') : undefined;
      if (method && (GROWING_METHODS.has(method) || method === 'extend' || method === 'count' || method === 'index')) continue;
      if (parent?.type === 'subscript' && parent.childForFieldName('value')?.id === n.id && !isWrittenSubscript(parent)) continue;
      if (parent?.type === 'argument_list' && parent.parent?.type === 'call' && isLenCall(context, parent.parent)) continue;
      if (parent?.type === 'augmented_assignment' && parent.childForFieldName('left')?.id === n.id && parent.childForFieldName('operator')?.text === '+=') continue;
      return true;
    }
    pushNamedChildren(stack, n);
  }
  return false;
}


/** Arguments reported on their own, so the consumer around them is not reported again. */
function isReportedInside(context: RuleContext, node: Node | undefined): boolean {
  if (!node) return false;
  if (node.type === 'list_comprehension' || node.type === 'set_comprehension' || node.type === 'dictionary_comprehension') return true;
  if (node.type !== 'call') return false;
  const fn = node.childForFieldName('function');
  return !!fn && context.semantics.qualifiedNames(fn).some((q) => q in CONSUMERS || EAGER_ITERATORS.has(q));
}

export const unboundedLoop: Rule = {
  meta: {
    code: 'PC603',
    name: 'unbounded-loop',
    summary: 'A loop or a consuming call that never ends, or runs more iterations than the policy allows',
    defaultSeverity: 'error',
    docs: {
      what: [
        'A loop or a wait that never ends. Each check below needs the loop to have no reachable way out (a `break` of that loop, a `return`, a `raise` that leaves it, a `yield`, `sys.exit()`) unless it says otherwise:',
        '',
        '- **Constant conditions**: `while True`, `while 1`, `while not False`, `while len(s) >= 0`, a name bound only to `True`; `try: ... except: continue` inside stays infinite, a `break` behind a constant-false test does not count.',
        '- **Endless iterators** read by a `for` (also one whose only ways out are `if <test>: break` statements that no item passes: `for n in itertools.count(1, 0): if n * n > 500: break`, each item of a `cycle` of constants tested), by a call that reads to the end (`list`, `sum`, `"".join`, `deque(it, maxlen=0)`, `xs.extend`, `itertools.product`) or by a search whose item never comes (`any`/`all`/`next` whose filter never passes, `8080 in itertools.count(8001, 2)`): `itertools.count`, `cycle` and one-argument `repeat`; `iter(f, sentinel)` whose sentinel never comes (`iter(int, 1)`, `iter(random.random, 1.0)`); local generators that loop for ever or relay one; instances of a class of the file whose `__next__` never stops; and what wraps them (`enumerate`, `map`, `zip`, `takewhile` with an always-true predicate).',
        '- **Lists grown while iterated**: a `for` over a list, or a `while xs`, whose body appends to it on every pass.',
        '- **Counters that never reach their bound**: rising under `>`, stepping past the bound of `!=` (`while x != 1.0: x += 0.1`), doubled under `while n:`, stepped by a walrus past zero, or not stepped before a `continue`; from a known start, bound and step (constants, defaults, what the calls of the file pass). Also a `while True` whose only ways out are `if <test>: break` statements of its body on such counters, or on a value `abs` or `len` gave tested for being below zero, none of which ever breaks (`if tries < 0: break` after `tries += 1`).',
        '- **Conditions nothing in the loop changes**: `while running:` whose body stores none of the names the condition reads and calls nothing, or only `print`/`time.sleep` with locals holding constants.',
        '- **Stuck passes**: in a loop that moves on by its own stores, a way through the body\'s `if`s to a `continue` or to the end of the body that writes nothing it or the condition reads (`ch = src[i]`, then `if ch.isspace(): continue` where only the other passes move `i`). Its tests may read locals through item reads, operators, `len`-like builtins and `str` tests; a file that defines a method they may run is not judged.',
        '- **Runs that come back to a state**: a `while` directly in the body of a def (or at module level) is run pass by pass from the values it starts with (the assignments before it, what each of the first four calls of the file passes, a dict display handed in and only read, a dict of the module nothing changes) and reported when its state repeats: a retry counter reset before its bound, a bisection with a tolerance of 0.0, a back-off whose factor is 1.0, a state machine that never reaches its end state. A run follows only assignments, `if`s and additions to containers its tests do not read, computed by what folding follows as Python 3 does, and gives no answer on anything else, on what may raise, or after 2,000 passes.',
        '- **Work past `limits.max-iterations`**: counted `while` loops (`while i < 10**12: i += 1`), reductions (`sum(range(10**12))`), comprehensions whose `for`s pass the limit, `sum(xs, [])` copies, nested `for`s, tree-recursive calls with constant arguments (`fib(80)`, `hanoi(64)` whose calls run under `if n:`), `hashlib.pbkdf2_hmac` iterations and `hashlib.scrypt` `n * r * p`.',
        '- **Objects that never stop**: a class of the file whose `__iter__`, `__reversed__`, `__aiter__` or `__await__` never ends, or, with no `__iter__`, whose `__getitem__` cannot raise (iteration asks for items until IndexError): whatever iterates or awaits the object hangs.',
        '- **Waits nothing can end**: `asyncio.Event().wait()`, `Queue().get()`, a `Semaphore(0)` acquired (also by `async with`), a `Barrier` of several parties a function binds and only waits on itself, an awaited future, made there or held by a name (or a parameter every call of the file fills) used only to wait on, in a file that cancels nothing, sets no deadline and reads no name by string; and the blocking `threading` and `queue` forms without a timeout.',
        '',
        'The calls of a decorated def (but for caches and `staticmethod`) or of a def whose name is bound again give no values. The rule\'s tests show every case.',
      ].join('\n'),
      why:
        'Resource exhaustion is the first threat of the PyCon 2014 talk: a plugin that never returns holds the host\'s worker for ever, and a loop that catches its own failures (`while True: try: ... except: continue`) also swallows the exception a host raises to stop it. A `while True` that starts a thread on every turn exhausts the host\'s process table as well. A plugin need not loop itself: an object whose `__iter__` never stops hangs the host\'s own loop over it, an event nothing can set parks the worker without using any CPU a limit would notice, and a key derivation asked for 10**12 PBKDF2 iterations is a loop run in C where no trace function or signal check interrupts it.',
      example: 'while True:\n    pass\n\nimport itertools\nfor i in itertools.count():\n    print(i)\n\ntotal = sum(range(10 ** 12))',
      instead: 'Loop over a bounded range or give the loop a reachable `break`; bound endless iterators with `itertools.islice` or `zip` with a finite sequence.',
    },
  },
  create(context) {
    const { policy } = context;
    const maxIterations = policy.limits.maxIterations;
    const header = (loop: Node) => ({ start: context.rangeOf(loop).start, end: context.rangeOf(loopHeaderEnd(loop) ?? loop).end });
    const comprehension = (node: Node): void => {
      const size = comprehensionSize(context, node, 0);
      if (size?.endless) {
        context.report({ node, message: `'${shortText(node)}' reads an endless iterator to the end; it never finishes; not allowed by policy '${policy.name}'` });
      } else if (size?.passes !== undefined && size.passes > maxIterations) {
        // `[x for x in range(10**12) if x < 5]` keeps five items after 10**12 passes (PC602 sizes what it keeps).
        context.report({ node, message: `'${shortText(node)}' iterates about ${formatCount(size.passes)} times, more than the limit of ${formatCount(maxIterations)}; not allowed by policy '${policy.name}'` });
      }
    };
    /**
     * A `while` none of the checks below found endless, judged by the passes it may take: one that
     * changes nothing it reads (stuckPasses.ts), or a run from its starting values that comes back
     * to a state it was in (loopRuns.ts).
     */
    const reportStuckOrRepeating = (loop: Node): void => {
      const condition = shortText(loop.childForFieldName('condition') ?? loop, 20);
      const end = stuckPass(context, loop);
      if (end) {
        const where = end.type === 'continue_statement' ? `reaches the 'continue' on line ${end.startPosition.row + 1}` : 'runs to the end of the body';
        context.report({
          range: header(loop),
          message: `'while ${condition}': a pass that ${where} changes nothing that it or the loop's condition reads, so once taken it is taken on every pass; it never ends; not allowed by policy '${policy.name}'`,
        });
        return;
      }
      const repeat = repeatingRun(context, loop);
      if (!repeat) return;
      context.report({
        range: header(loop),
        message: `'while ${condition}' comes back on pass ${repeat.again} to the state of pass ${repeat.first} (${repeat.names.map((n) => `'${n}'`).join(', ')}), run from the values it starts with, so it repeats for ever; it never ends; not allowed by policy '${policy.name}'`,
      });
    };
    return {
      while_statement(node) {
        const parts = disjuncts(node.childForFieldName('condition'));
        let counter: ReturnType<typeof counterNeverEnds>;
        for (let i = 0; i < parts.length && !counter; i++) counter = counterNeverEnds(context, node, parts[i]);
        if (counter && !loopExit(context, node, true)) {
          context.report({
            range: header(node),
            message: counter.step.type === 'continue_statement'
              ? `'while ${shortText(node.childForFieldName('condition') ?? node, 20)}' never becomes false: '${counter.name}' starts at ${counter.start} and a 'continue' restarts each pass before anything changes it; it never ends; not allowed by policy '${policy.name}'`
              : `'while ${shortText(node.childForFieldName('condition') ?? node, 20)}' never becomes false: '${counter.name}' starts at ${counter.start} and '${shortText(counter.step)}' never brings it to where the loop ends; it never ends; not allowed by policy '${policy.name}'`,
          });
          return;
        }
        const guard = breakNeverTaken(context, node);
        if (guard) {
          context.report({
            range: header(node),
            message: `'while ${shortText(node.childForFieldName('condition') ?? node, 20)}' never ends: its way out, 'if ${shortText(guard.test, 30)}: break', never breaks: ${guard.why}; not allowed by policy '${policy.name}'`,
          });
          return;
        }
        // `while i < 10**12: i += 1`: a counted loop, as long as a `for` over that range.
        const passes = parts.length === 1 ? counterPasses(context, node, parts[0]) : undefined;
        if (passes !== undefined && passes > BigInt(maxIterations) && !loopExit(context, node, true)) {
          context.report({
            range: header(node),
            message: `'while ${shortText(node.childForFieldName('condition') ?? node, 20)}' runs about ${formatCount(Number(passes))} iterations, more than the limit of ${formatCount(maxIterations)}; not allowed by policy '${policy.name}'`,
          });
          return;
        }
        let list: Node | undefined;
        let grower: Node | undefined;
        for (let i = 0; i < parts.length && !grower; i++) {
          list = nonEmptyTest(context, parts[i]);
          grower = list && !mayShrink(context, node, list) ? growsList(context, node, list) : undefined;
        }
        if (list && grower && !loopExit(context, node, true)) {
          context.report({
            range: header(node),
            message: `'while ${shortText(node.childForFieldName('condition') ?? node, 20)}' runs while '${shortText(list)}' is not empty, and the loop adds to it on every pass ('${shortText(grower)}') and has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy '${policy.name}'`,
          });
          return;
        }
        const truth = truthiness(context, node.childForFieldName('condition'));
        if (truth === undefined) {
          const unchanged = unchangingCondition(node);
          if (unchanged && (unchanged.calls.length === 0 || stillThroughCalls(context, node, unchanged)) && !loopExit(context, node, true)) {
            const calls = unchanged.calls.length === 0 ? 'and the loop calls nothing and has' : 'nothing the loop calls can change it or end the loop, and it has';
            context.report({
              range: header(node),
              message: `'while ${shortText(node.childForFieldName('condition') ?? node, 20)}' reads only ${unchanged.names.map((n) => `'${n}'`).join(', ')}, which nothing in the loop changes, ${calls} no reachable 'break', 'return' or 'raise': once it starts it never ends; not allowed by policy '${policy.name}'`,
            });
          } else reportStuckOrRepeating(node);
          return;
        }
        if (truth !== true) return;
        if (loopExit(context, node, true)) {
          reportStuckOrRepeating(node);
          return;
        }
        if (cancelledAtAwait(context, node)) return;
        const condition = node.childForFieldName('condition');
        context.report({
          range: header(node),
          message: `'while ${shortText(condition ?? node, 20)}' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy '${policy.name}'`,
        });
      },
      comparison_operator(node) {
        // `8080 in itertools.count(8001, 2)`: the search reads the iterator for ever (endlessMembership.ts).
        const maker = neverFound(context, node);
        if (!maker) return;
        context.report({
          node,
          message: `'${shortText(node)}' searches the endless iterator '${shortText(maker)}' for a value it never yields; it never ends; not allowed by policy '${policy.name}'`,
        });
      },
      for_statement(node) {
        const iterable = node.childForFieldName('right');
        const grower = growsWhatItIterates(context, node);
        if (grower && !loopExit(context, node, true)) {
          context.report({
            range: header(node),
            message: `'for' over '${shortText(iterable ?? node)}' adds to that list on every pass ('${shortText(grower)}') and has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy '${policy.name}'`,
          });
          return;
        }
        const size = iterationSize(context, iterable);
        if (!size || !iterable) return;
        if (size.endless) {
          if (loopExit(context, node, true)) {
            const guard = itemBreakNeverTaken(context, node);
            if (guard) {
              context.report({
                range: header(node),
                message: `'for' over the endless iterator '${shortText(iterable)}' never ends: its way out, 'if ${shortText(guard, 30)}: break', holds for none of the items it gives; not allowed by policy '${policy.name}'`,
              });
            }
            return;
          }
          context.report({
            range: header(node),
            message: `'for' over the endless iterator '${shortText(iterable)}' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy '${policy.name}'`,
          });
          return;
        }
        // Combinatoric iterators over the allocation limit are PC602's.
        if (size.combinatoric || size.count === undefined) return;
        if (size.count <= maxIterations) {
          const nested = nestedPasses(context, node, size.count, maxIterations);
          if (nested !== undefined) {
            context.report({
              range: header(node),
              message: `'for' over '${shortText(iterable)}' inside loops of known length runs about ${formatCount(nested)} iterations in all, more than the limit of ${formatCount(maxIterations)}; not allowed by policy '${policy.name}'`,
            });
          }
          return;
        }
        if (loopExit(context, node, true)) return;
        context.report({
          range: header(node),
          message: `'for' over '${shortText(iterable)}' runs about ${formatCount(size.count)} iterations, more than the limit of ${formatCount(maxIterations)}; not allowed by policy '${policy.name}'`,
        });
      },
      with_item(node) {
        let value = node.childForFieldName('value');
        if (value?.type === 'as_pattern') value = value.namedChild(0);
        if (value && endlessEnter(context, value)) {
          context.report({ node: value, message: `'${shortText(node)}' acquires a semaphore that starts at zero and nothing else can reach to release it; it never returns; not allowed by policy '${policy.name}'` });
        } else if (value && reenteredLock(context, value)) {
          context.report({ node: value, message: `'${shortText(node)}' enters a lock that a 'with' around it already holds, and a Lock is not reentrant: it waits for itself; it never returns; not allowed by policy '${policy.name}'` });
        }
      },
      call(node) {
        const fn = node.childForFieldName('function');
        if (!fn) return;
        let index: number | undefined;
        let reducer = false;
        const names = context.semantics.qualifiedNames(fn);
        if (endlessWait(context, node)) {
          context.report({ node, message: `'${shortText(node)}' waits on an object nothing else can reach to set or release it; it never returns; not allowed by policy '${policy.name}'` });
          return;
        }
        const tree = treeRecursiveCall(context, node);
        if (tree && tree.log10 > Math.log10(maxIterations)) {
          context.report({
            node,
            message: `'${shortText(node)}' makes more than ${formatPower(tree.log10)} calls: '${tree.shape.name}' calls itself ${tree.shape.fanOut} times on every call past its base case, with no cache; more than the limit of ${formatCount(maxIterations)}; not allowed by policy '${policy.name}'`,
          });
          return;
        }
        if (searchNeverEnds(context, node, names)) {
          context.report({ node, message: `'${shortText(node)}' searches an endless iterator for an item that never comes; it never returns; not allowed by policy '${policy.name}'` });
          return;
        }
        for (const q of names) {
          const work = workFactor(context, node, q);
          if (work !== undefined && work > maxIterations) {
            context.report({
              node,
              message: `'${shortText(node)}' iterates about ${formatCount(work)} times (${WORK_FACTORS[q].label}), more than the limit of ${formatCount(maxIterations)}; not allowed by policy '${policy.name}'`,
            });
            return;
          }
        }
        // `itertools.product(itertools.count())` never returns, whether or not it is iterated.
        if (names.some((q) => EAGER_ITERATORS.has(q))) {
          const args = positionalArguments(node);
          const inputs = names.includes('itertools.product') ? args : args.slice(0, 1);
          if (inputs.some((a) => !isReportedInside(context, a) && iterationSize(context, a)?.endless)) {
            context.report({ node, message: `'${shortText(node)}' reads an endless iterator to the end; it never returns; not allowed by policy '${policy.name}'` });
          }
          return;
        }
        for (const q of names) {
          if (q in CONSUMERS) {
            index = CONSUMERS[q];
            // `deque(it, maxlen=0)` keeps nothing yet still reads every item: only time, like `sum`.
            reducer = REDUCERS.has(q) || (q === 'collections.deque' && (!!keywordArgument(node, 'maxlen') || positionalArguments(node).length > 1));
            break;
          }
        }
        if (index === undefined && fn.type === 'attribute') {
          const method = normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '');
          const receiver = fn.childForFieldName('object');
          // `"".join(it)`, `b",".join(it)` read `it` to the end as well.
          const folded = method === 'join' && receiver ? context.semantics.fold(receiver)?.t : undefined;
          if (folded === 'str' || folded === 'bytes') index = 0;
          // `xs.extend(it)` on a list of the file, `seen.update(it)` on a set of it.
          // Most method calls are of no consuming method: the receiver's bindings are not looked at.
          const kind = index === undefined && CONSUMING_METHOD_NAMES.has(method) ? containerKind(context, receiver) : undefined;
          if (kind && CONSUMING_METHODS[kind].includes(method)) index = 0;
        }
        if (index === undefined) return;
        const arg = positionalArguments(node)[index];
        if (!arg || isReportedInside(context, arg)) return;
        const size = iterationSize(context, arg);
        if (!size) return;
        if (size.endless) {
          context.report({ node, message: `'${shortText(node)}' reads an endless iterator to the end; it never returns; not allowed by policy '${policy.name}'` });
        } else if (reducer && !size.combinatoric && (size.count ?? size.passes) !== undefined && (size.count ?? size.passes)! > maxIterations) {
          // A filter keeps fewer items, not fewer passes: `sum(x for x in range(10**12) if x > 5)`.
          context.report({
            node,
            message: `'${shortText(node)}' iterates about ${formatCount((size.count ?? size.passes)!)} times, more than the limit of ${formatCount(maxIterations)}; not allowed by policy '${policy.name}'`,
          });
        } else if (names.includes('builtins.sum') && size.count !== undefined && !size.combinatoric && sequenceStart(context, node) && (size.count * (size.count - 1)) / 2 > maxIterations) {
          // `sum(chunks, [])`: each `+` copies everything added so far, so n items cost n²/2 copies.
          context.report({
            node,
            message: `'${shortText(node)}' concatenates ${formatCount(size.count)} sequences one by one, copying about ${formatCount((size.count * (size.count - 1)) / 2)} times, more than the limit of ${formatCount(maxIterations)}; not allowed by policy '${policy.name}'`,
          });
        }
      },
      function_definition(node) {
        // The `__next__` of such a class, too: where the iteration fails to stop (a finding of its own unit).
        const cls = normalizeIdentifier(node.childForFieldName('name')?.text ?? '') === '__next__' ? classOfMethod(node) : undefined;
        if (cls && isEndlessIteratorClass(context, cls)) {
          const [next] = context.semantics.member([nodeValue('class', cls)], '__next__', 0);
          if (next?.kind === 'function' && next.node.id === node.id) {
            context.report({
              range: { start: context.rangeOf(node).start, end: context.rangeOf(node.childForFieldName('parameters') ?? node).end },
              message: `'__next__' never raises StopIteration, and '__iter__' returns the object itself; whatever iterates the object never ends; not allowed by policy '${policy.name}'`,
            });
          }
          return;
        }
        if (normalizeIdentifier(node.childForFieldName('name')?.text ?? '') === '__getitem__' && endlessGetitem(context, node)) {
          context.report({
            range: { start: context.rangeOf(node).start, end: context.rangeOf(node.childForFieldName('parameters') ?? node).end },
            message: `'__getitem__' never raises IndexError, and the class has no '__iter__': iterating an object of it (a host's 'for', 'list()', 'in') asks for item 0, 1, 2, ... and never ends; not allowed by policy '${policy.name}'`,
          });
          return;
        }
        const found = endlessIterationDunder(context, node);
        if (!found) return;
        const name = node.childForFieldName('name')?.text ?? '';
        if (found.returned?.type === 'identifier' && name === '__iter__' && !iterationSize(context, found.returned)?.endless) {
          context.report({ node: found.node, message: `'${name}' returns '${shortText(found.returned)}', whose '__next__' never stops; whatever iterates the object never ends; not allowed by policy '${policy.name}'` });
          return;
        }
        if (found.returned) {
          context.report({ node: found.node, message: `'${name}' returns the endless iterator '${shortText(found.returned)}'; whatever iterates the object never ends; not allowed by policy '${policy.name}'` });
          return;
        }
        // From the `def` to the head of what never ends (`while True`, `for x in count()`, a
        // `yield from`): the hook and the loop are both what a reader looks for.
        const endless = found.endless!;
        const head = endless.type === 'while_statement' ? endless.childForFieldName('condition') : endless.type === 'for_statement' ? endless.childForFieldName('right') : endless;
        const host = normalizeIdentifier(name) === '__await__' ? 'whatever awaits the object' : 'whatever iterates the object';
        context.report({
          range: { start: context.rangeOf(node).start, end: context.rangeOf(head ?? endless).end },
          message: `'${name}' loops for ever yielding items with no reachable 'break', 'return' or 'raise'; ${host} never ends; not allowed by policy '${policy.name}'`,
        });
      },
      // `__iter__ = lambda self: itertools.count()` in a class body: the same hook as a `def`.
      lambda(node) {
        const assignment = node.parent;
        const left = assignment?.type === 'assignment' && assignment.childForFieldName('right')?.id === node.id ? assignment.childForFieldName('left') : null;
        const name = left?.type === 'identifier' ? normalizeIdentifier(left.text) : '';
        if ((name !== '__iter__' && name !== '__reversed__') || assignment!.parent?.parent?.parent?.type !== 'class_definition') return;
        const returned = node.childForFieldName('body');
        if (returned && iterationSize(context, returned)?.endless) {
          context.report({ node: returned, message: `'${name}' returns the endless iterator '${shortText(returned)}'; whatever iterates the object never ends; not allowed by policy '${policy.name}'` });
        }
      },
      // `fut = loop.create_future()` … `await fut`, with nothing else using `fut`.
      await(node) {
        if (!awaitsLonelyName(context, node)) return;
        context.report({ node, message: `'${shortText(node)}' waits on an object nothing else can reach to set or release it; it never returns; not allowed by policy '${policy.name}'` });
      },
      // `[*itertools.count()]`, `f(*itertools.repeat(0))`: unpacking reads every item.
      list_splat(node) {
        const unpacked = unpackedBy(node);
        if (!unpacked || isReportedInside(context, unpacked.iterable)) return;
        if (iterationSize(context, unpacked.iterable)?.endless) {
          context.report({ node: unpacked.node, message: `'${shortText(unpacked.node)}' unpacks an endless iterator; it never finishes; not allowed by policy '${policy.name}'` });
        }
      },
      list_comprehension: comprehension,
      set_comprehension: comprehension,
      dictionary_comprehension: comprehension,
    };
  },
  tests: {
    valid: [
      {
        code: 'class Blank:\n    def __getitem__(self, key):\n        return ""\nline = "{a} {b}".format_map(Blank())\nclass Table:\n    def keys(self):\n        return ["a"]\n    def __getitem__(self, key):\n        return 1\nd = dict(Table())',
        note: 'objects read by key: a default mapping made for format_map, and a class with keys()',
      },
      {
        code: 'STEPS = [0]\ndef add_step():\n    steps = STEPS\n    steps += [1]\ndef walk(n):\n    i = 0\n    while i != n:\n        i = (i + len(STEPS) - 1) % 8\n    return i\nadd_step()\nwalk(5)\ndef too_big(n):\n    raise ValueError(n)\ndef fib(n):\n    if n > 30:\n        too_big(n)\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\ntry:\n    fib(80)\nexcept ValueError:\n    pass',
        note: 'from the second review: a module list changed through another name; a call under a test before the base case may raise and end it all',
      },
      {
        code: 'NEXT = {"new": "paid", "paid": "new"}\ndef advance(state="new"):\n    while state != "closed":\n        state = NEXT[state]\ndef close():\n    NEXT["paid"] = "closed"\nclose()\nadvance()',
        note: 'a module dict the file changes is not taken as it is written',
      },
      {
        code: 'import itertools\nfor box in itertools.repeat([0]):\n    box[0] += 1\n    if box[0] > 5:\n        break\nfor x in itertools.count(5, 0.0):\n    if str(x) == "5.0":\n        break\nflags = [False]\ndef step(fl):\n    fl[0] = True\nfor y in itertools.repeat(1):\n    step(flags)\n    if flags[0] or y > 1:\n        break\nNeg = type("Neg", (), {"__abs__": lambda self: -1})\nwhile True:\n    n = abs(Neg())\n    if n < 0:\n        break\ndef moves(n, src="A", dst="C", via="B"):\n    if n > 0:\n        yield from moves(n - 1, src, via, dst)\n        yield (src, dst)\n        yield from moves(n - 1, via, dst, src)\nfirst = next(moves(64))',
        note: 'from the review: one list repeated (the body changes it), a count of float step 0 (5, then 5.0), a test reading a list the loop changes, an __abs__ given by type(), a tree-recursive generator read once',
      },
      {
        code: 'import asyncio\nimport threading\nasync def main():\n    cond = asyncio.Condition()\n    async with cond:\n        cond.notify_all()\n        await cond.wait()\n    loose = asyncio.Condition()\n    try:\n        await loose.wait()\n    except RuntimeError:\n        pass\n    lock = asyncio.Lock()\n    async with lock:\n        pass\n    async with lock:\n        pass\n    gate = asyncio.Lock()\n    async with gate:\n        gate.release()\n        async with gate:\n            pass\ndef work():\n    again = threading.RLock()\n    with again:\n        with again:\n            pass',
        allowModules: ['asyncio', 'threading'],
        note: 'a condition the file notifies; one waited on unheld (that raises); a lock entered twice in turn; a lock released before it is entered again; an RLock',
      },
      {
        code: 'while True:\n    m = reading()\n    if m < 0:\n        break\nwhile True:\n    k = abs(reading())\n    if k < 1:\n        break\nclass Debt:\n    def __abs__(self):\n        return -1\nwhile True:\n    d = abs(Debt())\n    if d < 0:\n        break',
        note: 'a value that may be negative; abs compared with 1; a file whose own __abs__ may return anything',
      },
      {
        code: 'import itertools\nfor j in itertools.count(1):\n    if j * j > 500:\n        break\nlimit = 10\nfor r in itertools.repeat(3):\n    limit -= 1\n    if r > limit:\n        break\nfor s in itertools.count(5, 0):\n    if s == 5:\n        break\nfor t in itertools.repeat(1):\n    if t > 5:\n        break\n    if done():\n        break',
        note: 'a count that rises to its test; a bound the loop changes; a constant item that passes; another way out',
      },
      {
        code: 'i = 0\nwhile True:\n    i += 1\n    if i > 10:\n        break\nk = 10\nwhile True:\n    k -= 2\n    if k == 4:\n        break\nm = 0\ndef bump():\n    global m\n    m -= 100\nwhile True:\n    m += 1\n    bump()\n    if m < 0:\n        break\nn = 0\nwhile True:\n    n += 1\n    if n < 0:\n        break\n    if n > 3:\n        return_value = n\n        break',
        note: 'breaks a counter reaches, a counter a called function changes, and another way out',
      },
      {
        code: 'def walk(node):\n    if node:\n        walk(node.left)\n        walk(node.right)\nwalk(tree)\ndef count(n, acc=0):\n    if n > 0:\n        count(n - 1)\n        count(n - 1)\n    return acc\ncount(20)\ndef halve(n):\n    if n > 1:\n        n = n // 2\n        halve(n)\n        halve(n)\nhalve(64)\ncount()',
        note: 'a tree walk, a count within the limit, a tested parameter bound again, and a call missing its argument (a TypeError)',
      },
      { code: 'FLOW = {\"a\": \"b\", \"b\": \"a\"}\ndef run(flow, start):\n    s = start\n    while s != \"end\":\n        s = flow[s]\n    flow[\"b\"], done = \"end\", True\nrun(FLOW, \"end\")\nrun(FLOW, \"a\")', note: 'a table the def stores into through a tuple target after the loop: the second call runs with what the first stored (from the whole-change review)' },
      { code: 'def reserved(x):\n    return True\nclass Grid:\n    __getitem__ = reserved\ndef walk(grid, i):\n    while i < 10:\n        cell = grid[i]\n        if cell:\n            continue\n        i += 1', note: 'a class binding `__getitem__` by assignment: a file that defines a method a pass may run is not judged, however it binds it (from the whole-change review)' },
      { code: 'import itertools\ndef f(x):\n    return x in itertools.count(0, 2)\ntry:\n    f(3, 4)\nexcept TypeError:\n    print(\"ok\")', note: 'a call with more arguments than the def takes raises before the body runs (from the third review)' },
      { code: 'import itertools\ndef f(x):\n    return x in itertools.count(0, 2)\ndef f(x):\n    return True\nprint(f(3))', note: 'a def redefined under the same name: the call reaches the other one (from the third review)' },
      { code: 'def f(n):\n    while n != 5:\n        n = (n + 1) % 3\ndef f(n):\n    return n\nprint(f(0))', note: 'a loop in a def redefined under the same name (from the third review)' },
      { code: 'n = 0\nt = 0\nu = 0\nwhile n != 5:\n    n = (n + 1) % 2\n    c = t + 1\n    t = u\n    u = \'x\'', note: 'a name the tests never read changes kind after the state repeats (`t = u`, then `t + 1` of a str) (from the third review)' },
      { code: 'def drain(limit):\n    i = 0\n    state = \"a\"\n    while state != \"done\":\n        share = 100 // (limit - i)\n        i += 1\n        if state == \"a\":\n            state = \"b\"\n        else:\n            state = \"a\"\n\n\ndrain(3)', note: 'a name the tests never read changes after the state repeats and raises (`100 // (limit - i)`) (from the second review)' },
      { code: 'def step(word):\n    state = \"a\"\n    while state != \"done\":\n        if state == \"a\":\n            state = \"b\"\n        else:\n            state = \"a\"\n        tag = word.decode(\"utf-8\")\n\n\nstep(\"abc\")', note: '`str.decode` does not exist in Python 3 (a run calls only what folding follows as Python 3 does) (from the second review)' },
      { code: 'def step(word):\n    state = \"a\"\n    while state != \"done\":\n        if state == \"a\":\n            state = \"b\"\n        else:\n            state = \"a\"\n        tag = word.startswith([\"a\", \"b\"])\n\n\nstep(\"abc\")', note: '`startswith` of a list raises (from the second review)' },
      { code: 'def step(word):\n    state = \"a\"\n    while state != \"done\":\n        if state == \"a\":\n            state = \"b\"\n        else:\n            state = \"a\"\n        tag = \"{0}-{}\".format(word, word)\n\n\nstep(\"abc\")', note: 'a template mixing `{}` and `{0}` raises (from the second review)' },
      { code: 'def step(word):\n    state = \"a\"\n    while state != \"done\":\n        if state == \"a\":\n            state = \"b\"\n        else:\n            state = \"a\"\n        tag = word.upper(1)\n\n\nstep(\"abc\")', note: '`upper(1)` raises (from the second review)' },
      { code: 'def step(word):\n    state = \"a\"\n    while state != \"done\":\n        if state == \"a\":\n            state = \"b\"\n        else:\n            state = \"a\"\n        tag = int(word)\n\n\nstep(\"\\ufeff42\")', note: '`int` does not take U+FEFF for whitespace (from the second review)' },
      { code: 'def step(word):\n    state = \"a\"\n    while state != \"done\":\n        if state == \"a\":\n            state = \"b\"\n        else:\n            state = \"a\"\n        tag = str(word)\n\n\nstep(7 ** 6000)', note: '`str` of an int past 4,300 digits raises (from the second review)' },
      { code: 'def clean(label):\n    while label != \"ok\":\n        label = label.strip(\"🔥\")\n    return label\n\n\nprint(clean(\"🔥ok🔥\"))', note: '`strip` of an astral character, by code point (from the second review)' },
      { code: 'FLOW = {\"START\": \"validate\", \"validate\": \"enrich\", \"enrich\": \"publish\", \"publish\": \"END\"}\ndef run_flow(flow):\n    state = \"START\"\n    steps = 0\n    while True:\n        state = flow[state]\n        if state == \"END\":\n            break\n        steps += 1\n    return steps\nNEXT = {\"a\": \"b\", \"b\": \"a\"}\ndef spin(table):\n    table[\"b\"] = \"end\"\n    s = \"a\"\n    while s != \"end\":\n        s = table[s]\nprint(run_flow(FLOW), spin(NEXT))', note: 'a state machine that reaches its end; a table the def stores into is not run' },
      { code: 'import asyncio\n\ndone = asyncio.Event()\n\n\nasync def waiter(ev):\n    await ev.wait()\n    return \"woke\"\n\n\ndef wake(name):\n    globals()[name].set()\n\n\nasync def main():\n    asyncio.get_running_loop().call_later(0.1, wake, \"done\")\n    print(await waiter(done))\n\n\nasyncio.run(main())', note: 'an event set by its name through `globals()`: a file that reads names by string is not judged (from the review)' },
      { code: 'def fill(row, width):\n    cells = row\n    while len(row) < width:\n        cells.append(\"\")\n    return row\n\n\nprint(fill([], 3))', note: 'a list grown through another name for it (`cells = row`): the run does not follow it (from the review)' },
      { code: 'def retry():\n    attempt = 0\n    while attempt < 3:\n        attempt += 1\n        if attempt == 2:\n            attempt = 0\n        label = \"try \" + attempt\n    return attempt\n\n\nretry()', note: 'an assignment nothing tests raises (`\"try \" + attempt`): the loop ends there (from the review)' },
      { code: 'def walk(pairs):\n    i = 0\n    while i < 3:\n        i += 1\n        if i == 2:\n            i = 0\n        lo, hi = pairs\n    return i\n\n\nwalk((1, 2, 3))', note: 'an unpacking of three items into two raises (from the review)' },
      { code: 'def check(step):\n    if step <= 0:\n        raise ValueError(\"step must be positive\")\n\n\ndef countdown(start, step):\n    check(step)\n    n = start\n    while n > 0:\n        n -= step\n    return n\n\n\ntry:\n    countdown(10, 0)\nexcept ValueError:\n    print(\"rejected\")\nprint(countdown(10, 3))', note: 'a call before the loop may raise for the values a call passes (`check(step)`) (from the review)' },
      { code: 'def spread(total, parts):\n    share = total // parts\n    n = total\n    while n > 0:\n        n -= parts\n    return share\n\n\ntry:\n    spread(10, 0)\nexcept ZeroDivisionError:\n    print(\"rejected\")', note: '`total // parts` before the loop raises for `parts = 0` (from the review)' },
      { code: 'def countdown(step):\n    assert step > 0, \"step must be positive\"\n    n = 10\n    while n > 0:\n        n -= step\n    return n\n\n\ntry:\n    countdown(0)\nexcept AssertionError:\n    print(\"rejected\")', note: 'an assert on the step before the loop: the call passing 0 never reaches it (from the review)' },
      { code: 'import functools\n\n\ndef at_least_one(f):\n    @functools.wraps(f)\n    def wrapper(step):\n        return f(max(step, 1))\n    return wrapper\n\n\n@at_least_one\ndef countdown(step):\n    n = 10\n    while n > 0:\n        n -= step\n    return n\n\n\nprint(countdown(0))', note: 'a decorator calls the def with other arguments than its calls pass (from the review)' },
      { code: 's = \"xx\"\nwhile s != \"yx\":\n    if s == \"yy\":\n        s = \"xx\"\n    else:\n        s = s.replace(\"x\", \"y\", 1)\nprint(s)', note: '`replace` with a count replaces only the first ones (from the review)' },
      { code: 'line = \"\\ufeff\"\nwhile line.strip() == \"\":\n    line = line\nprint(repr(line))', note: 'Python\'s `strip()` keeps U+FEFF, which JS\'s `trim` removes (from the review)' },
      { code: 'word = \"Stra\u00dfe\"\nwhile word.casefold() != \"strasse\":\n    word = word\nprint(\"match\")', note: '`casefold` of non-ASCII text is not folded (`\"\u00df\"` folds to `\"ss\"`) (from the review)' },
      { code: 'n = 2**53 + 1\nlimit = 2.0**53\nwhile n <= limit:\n    n = n\nprint(\"done\")', note: 'an int past 2**53 compares with a float exactly (from the review)' },
      {
        code: 'def lower_bound(values, target):\n    lo, hi = 0, len(values)\n    while lo < hi:\n        mid = (lo + hi) // 2\n        if values[mid] < target:\n            lo = mid + 1\n        else:\n            hi = mid\n    return lo\ndef backoff(base=0.1, factor=2.0, cap=30.0):\n    delays = []\n    delay = base\n    while delay < cap:\n        delays.append(round(delay, 2))\n        delay *= factor\n    return delays\ndef drain(queue):\n    seen = 0\n    while queue:\n        seen += 1\n        queue = queue[1:]\n    return seen\ndef unknown(n):\n    while n != 1:\n        n = n // 2 if n % 2 == 0 else 3 * n + 1\nprint(lower_bound([1, 3, 5, 7, 9], 6), backoff(), drain([\"a\", \"b\"]))',
        note: 'runs that end (a search that moves past the middle, a back-off that grows, a queue that shrinks); a loop of a function no call of the file gives constants is not run',
      },
      {
        code: 'import asyncio\nasync def waiter(event, out):\n    await event.wait()\n    out.append(\"released\")\ndef release(ev):\n    ev.set()\nasync def main():\n    event = asyncio.Event()\n    out = []\n    task = asyncio.create_task(waiter(event, out))\n    release(event)\n    await task\nasync def second(ev):\n    await ev.wait()\nasync def third():\n    gate = asyncio.Event()\n    t = asyncio.create_task(second(gate))\n    gate.set()\n    await t',
        note: 'an event handed to a function of the file that sets it, or set where it was made after being handed to a waiter',
      },
      {
        code: 'def tokens(src):\n    i = 0\n    while i < len(src):\n        ch = src[i]\n        if ch.isspace():\n            i += 1\n            continue\n        i += 1\ndef scan(src):\n    i = 0\n    while i < len(src):\n        c = src[i]\n        if c == "x":\n            i += 2\n            continue\n        if c == "x":\n            continue\n        i += 1\ndef again(items):\n    n = 0\n    while n < 3:\n        n = n + 1\n        if items[n]:\n            continue',
        note: 'every pass moves the index; a second test of what the first already took is not reached; a pass that sets a name from itself starts elsewhere next time',
      },
      {
        code: 'def skip(s):\n    i = 0\n    while i < len(s):\n        c = s[i]\n        if c == "\\t":\n            c = " "\n        if c == "\\t":\n            continue\n        i += 1\ndef search(a, x):\n    lo, hi = 0, len(a)\n    while lo < hi:\n        mid = (lo + hi) // 2\n        if a[mid] < x:\n            lo = mid + 1\n        elif a[mid] >= x:\n            hi = mid\n    return lo\ndef step(items, done):\n    i = 0\n    while i < len(items):\n        if done:\n            i += 2\n        elif not done:\n            i += 1\ndef blocks(lines):\n    it = iter(lines)\n    n = 0\n    while n < 100:\n        rest = [l for l in it]\n        if rest:\n            continue\n        n += 1',
        note: 'a test of a name a branch set depends on values; an if/elif chain without else covers its cases (a test and its complement); a comprehension over an iterator uses it up (from the review)',
      },
      {
        code: 'class Grid:\n    def __getitem__(self, k):\n        return self.cells[k]\ndef walk(grid, i):\n    while i < 10:\n        cell = grid[i]\n        if cell:\n            continue\n        i += 1',
        note: 'a file that defines a method the pass may run (an item read) is not judged: that method may change what the pass reads',
      },
      { code: 'def count(limit, step):\n    i = 0\n    while i != limit:\n        i += step\ncount(10, 2)\ncount(9, 3)', note: 'each call gives a step and a bound that meet: the step of one call is not tried against the bound of another' },
      { code: 'def wait(limit, step=0.5):\n    t = 0.0\n    while t < limit:\n        t += step\nwait(10)\nwait(3, 0.25)\nx = 0.0\nwhile x < 1e6:\n    x += 1.0', note: 'steps a parameter takes that reach the bound; a double far from where 1.0 stops moving it' },
      { code: 'import collections\nCFG = {"n": 9}\nn = CFG.get("n", 10)\nwhile n != 0:\n    n -= 3\n\nc = collections.Counter(a=4)\nm = c.get("a", 3)\nwhile m != 0:\n    m -= 2\n\nclass Grid:\n    def get(self, x, y):\n        return 2\n\nk = Grid().get(0, 3)\nwhile k != 0:\n    k -= 2\n\nx = 2 ** 53 + 1\nwhile x != 9007199254740998.0:\n    x += 5\n\ndef rotate(items):\n    for item in items:\n        items.append(item)\n        items.pop(0)\n\nrotate([1, 2, 3])', note: 'a lookup in a dict the file knows is what it holds; no mapping; integers stay exact against a float bound; a list that is also taken from' },
      { code: 'y = 0.0\nwhile y != 1.0:\n    y += 0.25\nz = 0.0\nwhile z < 1.0:\n    z += 0.1\n\ndef countdown(opts):\n    k = opts.get("k", 3)\n    while k > 0:\n        k -= 1', note: 'a float step that lands on the value; one that reaches the bound; a countdown from a default' },
      { code: 'def grow(xs):\n    for x in xs:\n        xs.append(x)\n\ngrow([])\ngrow(other)', note: 'the calls of the file pass an empty list and an unknown one' },
      {
        code: 'import functools\ndef fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\nsmall = fib(30)\n@functools.cache\ndef memo(n):\n    if n < 2:\n        return n\n    return memo(n - 1) + memo(n - 2)\nbig = memo(80)\ndef near(n):\n    if n < 70:\n        return n\n    return near(n - 1) + near(n - 2)\nnear(80)\ndef one(n):\n    if n < 2:\n        return 1\n    return one(n - 1) if n % 2 else one(n - 2)\none(1000)\ndef count(n):\n    if n < 2:\n        return 1\n    n = n // 1000\n    return count(n - 1) + count(n - 1)\ncount(80)\ndef skip(n):\n    if n == 0:\n        return 0\n    return skip(n - 2) + skip(n - 2)\nskip(81)\ndef deep(n):\n    if n < 1:\n        return 0\n    return deep(n - 1) + deep(n - 1)\ndeep(5000)',
        note: 'few levels; a cache in front; a base case close to the argument; one call per call; a parameter rebound before the calls; an equality a step can jump over; a first path deeper than the recursion limit (RecursionError ends it at once)',
      },
      { code: 'import itertools\ndef firsts(items):\n    for x in items:\n        if x > 3:\n            return\n        yield x\nfor v in firsts(itertools.count()):\n    pass\ndef each(items):\n    for x in items:\n        yield x\nfor v in each([1, 2]):\n    pass', note: 'a generator that stops on its own; a finite argument' },
      { code: 'while True:\n    try:\n        v = int(read())\n    except ValueError:\n        break\nwhile True:\n    try:\n        v = 1\n    except KeyboardInterrupt:\n        break', note: 'a body that can raise; a handler of the interrupt that can arrive anywhere' },
      { code: 'j = 0\nwhile j < 10:\n    j += 1\n    continue\nk = 0\nwhile k < 10:\n    k += 1\n    if k % 2:\n        continue', note: 'a step before the continue; a continue behind an if after the step' },
      { code: "class C:\n    def __init__(self):\n        self.i = 0\n    def __iter__(self):\n        return self\n    def __next__(self):\n        self.i += 1\n        if self.i > 3:\n            raise StopIteration\n        return self.i\nxs = list(C())\ndef small():\n    yield 3\n(k,) = small()\nt = \"x\" * k", note: "an iterator class whose __next__ raises StopIteration" },
      { code: "n = 1\nwhile n < 1000:\n    n *= 2\na = [1, 2, 3]\nwhile a:\n    a.pop()\nm = 5\nwhile m > 0:\n    m *= 0", note: "a doubling that passes the bound; a list emptied by pop(); a product that reaches 0" },
      { code: 'import itertools\nfirst = next(x for x in itertools.count() if x > 5)\nfound = any(x < 0 for x in itertools.count(10, -1))\nsmall = all(x < 5 for x in itertools.count(1))', note: 'items that do come: above 5; below 0 counting down; 5 and up' },
      { code: 'xs = []\nwhile xs == []:\n    xs.append(1)\nwhile len(xs) > 0:\n    xs.pop()\nwhile [1] == (1,):\n    pass', note: 'a list that grows; a length that reaches 0; a list never equals a tuple' },
      'while True:\n    line = next_line()\n    if not line:\n        break',
      'while 1 < 0:\n    pass',
      'n = 3\nwhile n != 0:\n    n -= 1',
      { code: 'events = [("coin", 1)]\npending = list(events)\nwhile pending:\n    handle(*pending.pop(0))', note: 'a copy of a list, emptied by pop' },
      { code: 'x = 0\ndef task():\n    global x\n    while x < 10:\n        x += 1\ndef outer():\n    y = 0\n    def step():\n        nonlocal y\n        while y < 10:\n            y += 1\n    step()', note: 'a global and a nonlocal counter the loop updates' },
      { code: 'import asyncio\nasync def worker(queue, seen):\n    while True:\n        msg = await queue.get()\n        try:\n            seen.append(msg)\n        except Exception:\n            pass\nasync def main(queue):\n    task = asyncio.create_task(worker(queue, []))\n    task.cancel()', note: 'a worker task the file cancels: CancelledError ends it at the await' },
      { code: 'import itertools\ndef firsts():\n    yield from itertools.islice(itertools.count(), 5)\ndef upto():\n    for x in itertools.count():\n        if x > 5:\n            return\n        yield x\ndef empty():\n    return\n    yield from itertools.count()\nitems = list(firsts()) + list(upto()) + list(empty())', note: 'a bounded delegation; a relay that returns; a delegation after a return' },
      { code: 'def drain(q, node, box):\n    while q:\n        del q[0]\n    while node:\n        node = node.next\n    while not box.ready:\n        box.poll()\n    while box.n:\n        other.n = 0\n    while (part := box.n):\n        pass\n    while q[0]:\n        pass', note: 'an item deleted, a name rebound, a call (which may change anything), an attribute store through another name, a walrus, an item read (not judged)' },
      { code: 'n = 9\ni = 0\nwhile n > 1 and i >= 0:\n    n -= 1\n    i += 1\nm = 9\nj = 0\nwhile m > 1 or j < 5:\n    m -= 1\n    j += 1', note: 'an `and` ends when either side does; an `or` of two sides that both end' },
      'done = False\nwhile not done:\n    done = step()',
      'import itertools\nfirst = list(itertools.islice(itertools.count(), 10))',
      'import itertools\nfor i, item in zip(itertools.count(), items):\n    print(i, item)',
      'def ticks():\n    n = 0\n    while True:\n        yield n\n        n += 1',
      'def serve():\n    while 1:\n        request = wait()\n        if request is None:\n            return\n        handle(request)',
      'while True:\n    try:\n        value = int(read())\n    except ValueError:\n        continue\n    break',
      { code: 'while 1:\n    n = n - 1\n    if n == 0: break', note: 'Python 2 style' },
      'for i in range(10 ** 6):\n    total += i',
      { code: 'queue = [start]\nfor node in queue:\n    for nxt in edges(node):\n        if nxt not in seen:\n            seen.add(nxt)\n            queue.append(nxt)', note: 'a work list appends only new items' },
      { code: 'xs = [1, 2]\nfor v in list(xs):\n    xs.append(v)', note: 'the loop reads a copy' },
      { code: 'xs = [1]\nfor v in xs:\n    xs.append(v)\n    if len(xs) > 10:\n        break', note: 'a reachable break' },
      { code: 'xs = []\nfor v in xs:\n    xs.append(v)', note: 'an empty list: the body never runs' },
      { code: 'zs = [1]\nwhile zs:\n    zs.append(1)\n    zs.pop()\nws = [1]\nwhile len(ws) < 10:\n    ws.append(1)', note: 'a list popped as it grows; a length compared with a bound' },
      { code: 'def drain(todo=[1]):\n    while todo:\n        todo.append(1)\n        handle(todo)\ndrain([])', note: 'passed on to a call that may empty it; and a call of the file passes an empty list' },
      { code: 'xs = []\nwhile xs:\n    xs.append(1)', note: 'an empty list: the loop never starts' },
      { code: 'xs = [1]\nfor v in xs:\n    ys.append(v)', note: 'another list grows' },
      { code: 'queue = [root]\nfor node in queue:\n    if node is None:\n        continue\n    queue.append(node.left)\n    queue.append(node.right)', note: 'a continue skips the appends for leaves' },
      'while len(""):\n    pass',
      { code: 'while True:\n    try:\n        break\n    finally:\n        if retry():\n            continue', note: 'a continue behind an if lets the break through' },
      'x = 0\nwhile x != 10:\n    x += 2',
      'k = 5\nwhile k:\n    k -= 1',
      'i = 0\nwhile i >= 0:\n    i = i - 1',
      { code: 'i = 1\nwhile i < 10:\n    i = i * 2', note: 'not a constant step' },
      'for i in range(1000):\n    for j in range(1000):\n        total += i * j',
      { code: 'for i in range(10 ** 5):\n    for j in range(10 ** 5):\n        if j > i:\n            break', note: 'the inner loop can stop early' },
      { code: 'for i in range(10 ** 5):\n    if i == 3:\n        for j in range(10 ** 5):\n            pass', note: 'the inner loop runs on one pass' },
      { code: 'for i in range(10 ** 5):\n    if i % 1000:\n        continue\n    for j in range(10 ** 5):\n        pass', note: 'most passes skip the inner loop' },
      'i = 10\nwhile i > 0:\n    i -= 1',
      'i = 0\nwhile i <= 5:\n    i += 1',
      { code: 'i = 10\nwhile i > 0:\n    i += 1\n    if i > 100:\n        break', note: 'a reachable break' },
      { code: 'i = 10\nwhile i > 0:\n    i += 1\n    i = reset(i)', note: 'bound again in the loop' },
      { code: 'i = 0\nwhile i > 0:\n    i += 1', note: 'the loop never starts' },
      'import itertools\nfor i in itertools.count():\n    if i > 10:\n        raise StopIteration',
      "import itertools\nsmall = list(itertools.takewhile(lambda v: v < 10, itertools.count()))",
      { code: "import collections, itertools\nlast = collections.deque(itertools.islice(itertools.count(), 10), maxlen=3)\nxs = []\nxs.extend(zip(itertools.count(), \"ab\"))\nseen = set()\nseen.update(range(10))\ntext = \",\".join(map(str, range(3)))", note: "bounded inputs" },
      { code: "import itertools\nclass Rows:\n    def __init__(self, rows):\n        self.rows = rows\n    def __iter__(self):\n        return iter(self.rows)\n    def ids(self):\n        return itertools.count()\nclass Firsts:\n    def __iter__(self):\n        return itertools.islice(itertools.count(), 5)\nclass Lines:\n    def __iter__(self):\n        while True:\n            line = self.read()\n            if not line:\n                return\n            yield line", note: "a finite iterator; an endless one from an ordinary method; a generator with a way out" },
      { code: "import asyncio\nasync def main():\n    ev = asyncio.Event()\n    asyncio.get_running_loop().call_later(1, ev.set)\n    await ev.wait()\n    q = asyncio.Queue()\n    asyncio.create_task(fill(q))\n    await q.get()\n    await asyncio.Semaphore().acquire()\n    await asyncio.wait_for(asyncio.Event().wait(), 1)", note: "set and filled from elsewhere; a semaphore that starts at 1; a deadline" },
      { code: "import asyncio\nasync def forever():\n    await asyncio.Future()\nasync def main():\n    task = asyncio.create_task(forever())\n    await asyncio.sleep(1)\n    task.cancel()", note: "the file cancels the wait" },
      { code: "import threading, queue\nthreading.Event().wait(5)\nqueue.Queue().get(timeout=1)\nthreading.Semaphore(1).acquire()\ndone = threading.Event()\nthreading.Timer(1, done.set).start()\ndone.wait()", note: "timeouts; a semaphore with a slot; an event set by a timer" },
      { code: "import hashlib\nkey = hashlib.pbkdf2_hmac(\"sha256\", b\"pw\", b\"salt\", 600_000)\nk = hashlib.scrypt(b\"pw\", salt=b\"s\", n=2 ** 14, r=8, p=1)\ndef derive(pw, salt, rounds):\n    return hashlib.pbkdf2_hmac(\"sha256\", pw, salt, rounds)", note: "recommended work factors; a count the file does not fix" },
      { code: "import threading\nbarrier = threading.Barrier(2)\ndef worker():\n    barrier.wait()\nthreading.Thread(target=worker).start()\nbarrier.wait()", note: "a barrier its waiters release together" },
      {
        code: "import asyncio, threading\nasync def pair():\n    gate = asyncio.Barrier(2)\n    async def worker():\n        await gate.wait()\n    await asyncio.gather(worker(), worker())\nasync def tasked():\n    gate = asyncio.Barrier(2)\n    t = asyncio.create_task(gate.wait())\n    await gate.wait()\n    await t\ndef threads():\n    b = threading.Barrier(2)\n    threading.Thread(target=b.wait).start()\n    b.wait()\ndef timed():\n    b = threading.Barrier(2, timeout=0.5)\n    b.wait()",
        note: 'barriers a function binds whose other party is a nested coroutine, a task, or a thread; one with a timeout',
      },
      {
        code: 'import itertools\nfor d in itertools.cycle(["n", "e", "s", "w"]):\n    d += "!"\n    if d == "w!":\n        break\nfor c in itertools.cycle("ab"):\n    c = c.upper()\n    if c == "A":\n        break',
        note: 'a cycle whose loop variable the body binds again before the break test: the test does not read the item',
      },
      { code: "class Countdown:\n    def __init__(self, n):\n        self.n = n\n    def __iter__(self):\n        return self\n    def __next__(self):\n        self.n -= 1\n        return 10 // self.n", note: "a __next__ whose arithmetic can raise (and so end the iteration)" },
    ],
    invalid: [
      {
        code: 'class Pages:\n    def __getitem__(self, index):\n        return {"page": index}\nclass Proxy:\n    def __init__(self, d):\n        self._d = d\n    def __getitem__(self, key):\n        return self._d[key]\nclass Seq:\n    def __iter__(self):\n        return iter([])\n    def __getitem__(self, i):\n        return i',
        errors: [
          { range: '2:5-2:33', message: "'__getitem__' never raises IndexError, and the class has no '__iter__': iterating an object of it (a host's 'for', 'list()', 'in') asks for item 0, 1, 2, ... and never ends; not allowed by policy 'strict'" },
        ],
        note: "a __getitem__ that cannot raise, with no __iter__: the old sequence protocol asks for items until IndexError; one reading a dict (KeyError ends it) and one with its own __iter__ are fine",
      },
      {
        code: 'import asyncio, threading\nasync def rendezvous():\n    gate = asyncio.Barrier(2)\n    await gate.wait()\ndef alone():\n    b = threading.Barrier(3)\n    for _ in range(3):\n        b.wait()',
        errors: [
          { range: '4:11-4:22', message: "'gate.wait()' waits on an object nothing else can reach to set or release it; it never returns; not allowed by policy 'strict'" },
          { range: '8:9-8:17', message: "'b.wait()' waits on an object nothing else can reach to set or release it; it never returns; not allowed by policy 'strict'" },
        ],
        note: 'a barrier of several parties a function binds and only waits on itself: its one task or thread is the only party (waiting again in a loop is the same party)',
      },
      {
        code: 'NEXT = {"new": "paid", "paid": "packed", "packed": "new"}\ndef advance(state="new"):\n    history = [state]\n    while state != "closed":\n        state = NEXT[state]\n        history.append(state)\n    return history\nadvance()\ndef hanoi(n, src="A", dst="C", via="B", moves=None):\n    if moves is None:\n        moves = []\n    if n == 0:\n        return moves\n    hanoi(n - 1, src, via, dst, moves)\n    moves.append((src, dst))\n    hanoi(n - 1, via, dst, src, moves)\n    return moves\nplan = hanoi(64)',
        errors: [
          { range: '4:5-4:28', message: "'while state != \"closed\"' comes back on pass 4 to the state of pass 1 ('state'), run from the values it starts with, so it repeats for ever; it never ends; not allowed by policy 'strict'" },
          { range: '18:8-18:17', message: "'hanoi(64)' makes more than 9e18 calls: 'hanoi' calls itself 2 times on every call past its base case, with no cache; more than the limit of 100000000; not allowed by policy 'strict'" },
        ],
        note: 'a state machine whose table is a dict of the module nothing changes; plain statements under a test before the base case',
      },
      {
        code: 'import itertools\nfound = 8080 in itertools.count(8001, 2)\nports = itertools.count(8001, 2)\nok = 8081 in ports\nA = itertools.cycle("ab")\nno = "c" not in A\nyes = -1 in itertools.count(5, -2)\nr = None in itertools.repeat(0)\ndef reserved(port):\n    return port in ports\nreserved(8000)',
        errors: [
          { range: '2:9-2:41', message: "'8080 in itertools.count(8001, 2)' searches the endless iterator 'itertools.count(8001, 2)' for a value it never yields; it never ends; not allowed by policy 'strict'" },
          { range: '6:6-6:18', message: "'\"c\" not in A' searches the endless iterator 'itertools.cycle(\"ab\")' for a value it never yields; it never ends; not allowed by policy 'strict'" },
          { range: '8:5-8:32', message: "'None in itertools.repeat(0)' searches the endless iterator 'itertools.repeat(0)' for a value it never yields; it never ends; not allowed by policy 'strict'" },
          { range: '10:12-10:25', message: "'port in ports' searches the endless iterator 'itertools.count(8001, 2)' for a value it never yields; it never ends; not allowed by policy 'strict'" },
        ],
        note: 'an even number among odd ones, a letter a cycle does not hold, None among zeros, a parameter every call passes an even number; the ones found are not reported',
      },
      {
        code: 'FLOW = {\"START\": \"validate\", \"validate\": \"enrich\", \"enrich\": \"publish\", \"publish\": \"validate\"}\ndef run_flow(flow):\n    state = \"START\"\n    steps = 0\n    while True:\n        state = flow[state]\n        if state == \"END\":\n            break\n        steps += 1\n    return steps\nprint(run_flow(FLOW))',
        errors: [{ range: '5:5-5:15', message: "'while True' comes back on pass 5 to the state of pass 2 ('state'), run from the values it starts with, so it repeats for ever; it never ends; not allowed by policy 'strict'" }],
        note: 'a state machine whose table never leads to its end state: a dict display handed to the def, which only reads it',
      },
      {
        code: 'import random\ndraws = list(iter(random.random, 1.0))\nok = list(iter(random.random, 0.5))',
        errors: [{ range: '2:9-2:39', message: "'list(iter(random.random, 1.0))' reads an endless iterator to the end; it never returns; not allowed by policy 'strict'" }],
        note: 'random.random() is below 1.0: that sentinel never comes (0.5 may)',
      },
      {
        code: 'attempt = 0\nwhile attempt < 3:\n    attempt += 1\n    if attempt == 2:\n        attempt = 0\ndef sqrt2(tolerance=0.0):\n    lo, hi = 1.0, 2.0\n    while hi - lo > tolerance:\n        mid = (lo + hi) / 2\n        if mid * mid < 2:\n            lo = mid\n        else:\n            hi = mid\n    return lo\ndef wrap(text, width):\n    lines = []\n    while text:\n        lines.append(text[:width])\n        text = text[width:]\n    return lines\nroot = sqrt2()\nprint(wrap(\"hello world\", 0))',
        errors: [
          { range: '2:1-2:18', message: "'while attempt < 3' comes back on pass 3 to the state of pass 1 ('attempt'), run from the values it starts with, so it repeats for ever; it never ends; not allowed by policy 'strict'" },
          { range: '8:5-8:30', message: "'while hi - lo > tolerance' comes back on pass 55 to the state of pass 54 ('lo', 'hi', 'mid'), run from the values it starts with, so it repeats for ever; it never ends; not allowed by policy 'strict'" },
          { range: '17:5-17:15', message: "'while text' comes back on pass 2 to the state of pass 1 ('text', 'width'), run from the values it starts with, so it repeats for ever; it never ends; not allowed by policy 'strict'" },
        ],
        note: 'a retry counter reset before it reaches its bound; a bisection whose bounds stop moving once adjacent doubles (tolerance 0.0); a wrap of width 0 (the text never shrinks)',
      },
      {
        code: 'k = 0\nwhile k < 10:\n    if k:\n        continue\n    k += 1',
        errors: [{ range: '2:1-2:13', message: "'while k < 10' comes back on pass 3 to the state of pass 2 ('k'), run from the values it starts with, so it repeats for ever; it never ends; not allowed by policy 'strict'" }],
        note: 'a continue behind an if that holds once the step has run (this was a valid case until runs: `k` stays 1)',
      },
      {
        code: 'import asyncio\nasync def waiter(event, out):\n    await event.wait()\n    out.append(\"released\")\nasync def fetch_one(sem, item):\n    async with sem:\n        return item * 2\nasync def main():\n    event = asyncio.Event()\n    out = []\n    task = asyncio.create_task(waiter(event, out))\n    sem = asyncio.Semaphore(0)\n    await asyncio.gather(fetch_one(sem, 1), fetch_one(sem, 2))\n    await task\nasync def later(fut, value):\n    fut.set_result(value)\nasync def other():\n    loop = asyncio.get_running_loop()\n    fut = loop.create_future()\n    spare = loop.create_future()\n    asyncio.create_task(later(spare, 1))\n    return await fut',
        errors: [
          { range: '3:11-3:23', message: "'event.wait()' waits on an object nothing else can reach to set or release it; it never returns; not allowed by policy 'strict'" },
          { range: '6:16-6:19', message: "'sem' acquires a semaphore that starts at zero and nothing else can reach to release it; it never returns; not allowed by policy 'strict'" },
          { range: '22:12-22:21', message: "'await fut' waits on an object nothing else can reach to set or release it; it never returns; not allowed by policy 'strict'" },
        ],
        note: 'a parameter every call of the file passes a lonely event or semaphore; a future awaited while another variable of the same spelling (a parameter of another function) is resolved',
      },
      {
        code: 'def tokens(src):\n    out = []\n    i = 0\n    while i < len(src):\n        ch = src[i]\n        if ch.isspace():\n            i += 1\n            continue\n        if ch == "#":\n            skipped = 0\n            continue\n        out.append(ch)\n        i += 1\n    return out\ndef count_words(text):\n    pos = 0\n    words = 0\n    while pos < len(text):\n        ch = text[pos]\n        if ch.isalpha():\n            words += 1\n            pos += 1\n    return words',
        errors: [
          { range: '4:5-4:23', message: "'while i < len(src)': a pass that reaches the 'continue' on line 11 changes nothing that it or the loop's condition reads, so once taken it is taken on every pass; it never ends; not allowed by policy 'strict'" },
          { range: '18:5-18:26', message: "'while pos < len(text)': a pass that runs to the end of the body changes nothing that it or the loop's condition reads, so once taken it is taken on every pass; it never ends; not allowed by policy 'strict'" },
        ],
        note: 'a tokenizer that skips a comment character without moving on reads the same character again; a counter that moves only past letters',
      },
      {
        code: "import itertools, math\nchunks = list(itertools.batched(itertools.count(), 100))\nscore = math.sumprod(itertools.count(), itertools.repeat(1))\nfine = math.sumprod([1, 2], [3, 4]) + len(list(itertools.batched(range(9), 3)))\n",
        errors: [
          { range: '2:10-2:57', message: "'list(itertools.batched(itertools.coun...' reads an endless iterator to the end; it never returns; not allowed by policy 'strict'" },
          { range: '3:9-3:61', message: "'math.sumprod(itertools.count(), itert...' reads an endless iterator to the end; it never returns; not allowed by policy 'strict'" },
        ],
        note: "itertools.batched of an endless iterator is endless; math.sumprod reads its iterables to the end",
      },
      {
        code: 'import itertools\nevens = (n for n in itertools.count() if n % 2 == 0)\nfirst = list(itertools.takewhile(lambda n: n >= 0, evens))\nten = list(itertools.takewhile(lambda n: n < 10, itertools.count()))',
        errors: [{ range: '3:9-3:59', message: "'list(itertools.takewhile(lambda n: n ...' reads an endless iterator to the end; it never returns; not allowed by policy 'strict'" }],
        note: 'a predicate every item of the count passes stops nothing; one the count passes beyond stops it',
      },
      {
        code: 'def fade(step=0.1):\n    level = 0.0\n    while level != 1.0:\n        level += step\ndef tick(limit):\n    clock = float(2 ** 53)\n    while clock < limit:\n        clock += 1.0\nfade()\ntick(2 ** 53 + 10)',
        errors: [
          { range: '3:5-3:23', message: "'while level != 1.0' never becomes false: 'level' starts at 0.0 and 'level += step' never brings it to where the loop ends; it never ends; not allowed by policy 'strict'" },
          { range: '7:5-7:24', message: "'while clock < limit' never becomes false: 'clock' starts at 9007199254740992.0 and 'clock += 1.0' never brings it to where the loop ends; it never ends; not allowed by policy 'strict'" },
        ],
        note: 'a step and a bound a parameter takes (its default, what a call passes); a double that 1.0 no longer moves, short of the bound',
      },
      {
        code: 'i = 0\nwhile 0 <= i < 10:\n    i = i * 2\nj = 1\nwhile 0 <= j < 10:\n    j = j * 2\nk = 5\nwhile 0 < k != 10:\n    k += 2',
        errors: [
          { range: '2:1-2:18', message: "'while 0 <= i < 10' never becomes false: 'i' starts at 0 and 'i = i * 2' never brings it to where the loop ends; it never ends; not allowed by policy 'strict'" },
          { range: '8:1-8:18', message: "'while 0 < k != 10' never becomes false: 'k' starts at 5 and 'k += 2' never brings it to where the loop ends; it never ends; not allowed by policy 'strict'" },
        ],
        note: 'a chained comparison holds while both its tests do: 0 doubled stays 0; 5, 7, 9 ... never lands on 10 and stays above 0; 1 doubled leaves the range',
      },
      {
        code: 'def run(data):\n    n = data.get("start", 10)\n    while n > 0:\n        n += 1\n\nx = 0.0\nwhile x != 1.0:\n    x += 0.1',
        errors: [
          { range: '3:5-3:16', message: "'while n > 0' never becomes false: 'n' starts at 10 and 'n += 1' never brings it to where the loop ends; it never ends; not allowed by policy 'strict'" },
          { range: '7:1-7:15', message: "'while x != 1.0' never becomes false: 'x' starts at 0.0 and 'x += 0.1' never brings it to where the loop ends; it never ends; not allowed by policy 'strict'" },
        ],
        note: 'a counter from the default of a lookup, one value it gets; a float counter that steps past the value it waits for (0.1 ten times is 0.9999999999999999)',
      },
      {
        code: 'def expand(items):\n    for item in items:\n        items.append(item)\n    return items\n\nresult = expand([1, 2, 3])',
        errors: [{ range: '2:5-2:22', message: "'for' over 'items' adds to that list on every pass ('items.append(item)') and has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
        note: 'a parameter without a default that the file passes a non-empty list',
      },
      {
        code: 'n = True\nwhile (n := n + True):\n    pass\nk = 10\nwhile (k := k - 3):\n    pass\nm = 10\nwhile (m := m - 1):\n    pass\nj = 5\nwhile (j := j - 1):\n    j -= 1',
        errors: [
          { range: '2:1-2:22', message: "'while (n := n + True)' never becomes false: 'n' starts at 1 and 'n := n + True' never brings it to where the loop ends; it never ends; not allowed by policy 'strict'" },
          { range: '5:1-5:19', message: "'while (k := k - 3)' never becomes false: 'k' starts at 10 and 'k := k - 3' never brings it to where the loop ends; it never ends; not allowed by policy 'strict'" },
        ],
        note: 'a counter the condition steps with a walrus: 1, 2, 3, ... and 7, 4, 1, -2, ... never reach zero; 9, 8, ... does; a body that also steps it is not read',
      },
      {
        code: 'def schedule(config):\n    retries = config.get("retries", 10 ** 11)\n    attempt = 0\n    while attempt < retries:\n        attempt += 1\ndef steps(n=10 ** 18):\n    while n > 1:\n        n -= 1\ndef lattice(right, down):\n    if right == 0 or down == 0:\n        return 1\n    return lattice(right - 1, down) + lattice(right, down - 1)\ndef count(size=30):\n    return lattice(size, size)\ndef fine(config, n=100):\n    limit = config.get("retries", 5)\n    while n > 1:\n        n -= 1',
        errors: [
          { range: '4:5-4:28', message: "'while attempt < retries' runs about 100000000000 iterations, more than the limit of 100000000; not allowed by policy 'strict'" },
          { range: '7:5-7:16', message: "'while n > 1' runs about 1e18 iterations, more than the limit of 100000000; not allowed by policy 'strict'" },
          { range: '14:12-14:31', message: "'lattice(size, size)' makes more than 536870912 calls: 'lattice' calls itself 2 times on every call past its base case, with no cache; more than the limit of 100000000; not allowed by policy 'strict'" },
        ],
        note: 'a bound or argument of known largest size (a .get default, a parameter\'s default or what the calls pass)',
      },
      {
        code: 'def f():\n    total = sum(x for x in range(10 ** 12) if x * x > 10 ** 6)\n    few = [x for x in range(10 ** 12) if x < 5]\n    small = [x for x in range(100) if x < 5]\n    return total, few, small',
        errors: [
          { range: '2:13-2:63', message: "'sum(x for x in range(10 ** 12) if x *...' iterates about 1000000000000 times, more than the limit of 100000000; not allowed by policy 'strict'" },
          { range: '3:11-3:48', message: "'[x for x in range(10 ** 12) if x < 5]' iterates about 1000000000000 times, more than the limit of 100000000; not allowed by policy 'strict'" },
        ],
        note: 'a filter keeps fewer items, not fewer passes',
      },
      {
        code: 'import asyncio\nasync def main():\n    ready = asyncio.Event()\n    await asyncio.wait_for(ready.wait(), timeout=None)\nasyncio.run(main())',
        errors: [{ range: '4:28-4:40', message: "'ready.wait()' waits on an object nothing else can reach to set or release it; it never returns; not allowed by policy 'strict'" }],
        note: 'wait_for with timeout=None sets no deadline',
      },
      {
        code: 'def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nbig = fib(90)\nsmall = fib(20)',
        errors: [{ range: '3:7-3:14', message: "'fib(90)' makes more than 17592186044416 calls: 'fib' calls itself 2 times on every call past its base case, with no cache; more than the limit of 100000000; not allowed by policy 'strict'" }],
        note: 'a base case written as a conditional expression around the calls',
      },
      {
        code: 'i = 0\nwhile i < 10 ** 12:\n    i += 1\nn = 10 ** 18\nwhile n > 1:\n    n -= 1\nj = 0\nwhile j < 1000:\n    j += 1\nk = 0\nwhile k < 10 ** 12:\n    k += 1\n    if k > 5:\n        break',
        errors: [
          { range: '2:1-2:19', message: "'while i < 10 ** 12' runs about 1000000000000 iterations, more than the limit of 100000000; not allowed by policy 'strict'" },
          { range: '5:1-5:12', message: "'while n > 1' runs about 1e18 iterations, more than the limit of 100000000; not allowed by policy 'strict'" },
        ],
        note: 'a counter stepped by a constant towards a constant bound runs as many passes as the distance; a thousand, or a way out, is fine',
      },
      {
        code: 'import itertools\ndef drain(items):\n    return sorted(items)\ndrain(itertools.count())',
        errors: [{ range: '3:12-3:25', message: "'sorted(items)' reads an endless iterator to the end; it never returns; not allowed by policy 'strict'" }],
        note: 'a parameter one of the calls in the file passes an endless iterator for',
      },
      {
        code: 'chunks = [[i] for i in range(2 * 10 ** 6)]\nflat = sum(chunks, [])\nfew = sum([[i] for i in range(100)], [])\ntotal = sum(range(10 ** 5))',
        errors: [{ range: '2:8-2:23', message: "'sum(chunks, [])' concatenates 2000000 sequences one by one, copying about 1999999000000 times, more than the limit of 100000000; not allowed by policy 'strict'" }],
        note: 'a list start makes every + copy what came before: quadratic; a hundred lists, or numbers, are fine',
      },
      {
        code: 'import asyncio\nasync def main():\n    gate = asyncio.Semaphore(0)\n    async with gate:\n        return "in"\nasync def other():\n    ok = asyncio.Semaphore(0)\n    ok.release()\n    async with ok:\n        return 1',
        errors: [{ range: '4:16-4:20', message: "'gate' acquires a semaphore that starts at zero and nothing else can reach to release it; it never returns; not allowed by policy 'strict'" }],
        note: 'entering a semaphore acquires it; one the file releases is fine',
      },
      {
        code: 'def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\nprint(fib(80))\ndef paths(rows, cols):\n    if rows == 0 or cols == 0:\n        return 1\n    return paths(rows - 1, cols) + paths(rows, cols - 1)\ntotal = paths(40, 40)',
        errors: [
          { range: '5:7-5:14', message: "'fib(80)' makes more than 549755813888 calls: 'fib' calls itself 2 times on every call past its base case, with no cache; more than the limit of 100000000; not allowed by policy 'strict'" },
          { range: '10:9-10:22', message: "'paths(40, 40)' makes more than 549755813888 calls: 'paths' calls itself 2 times on every call past its base case, with no cache; more than the limit of 100000000; not allowed by policy 'strict'" },
        ],
        note: 'tree recursion: at least 2 calls per call for as many levels as the largest step takes to reach the base case',
      },
      {
        code: 'def hanoi(n, src="A", dst="C", via="B", moves=None):\n    moves = [] if moves is None else moves\n    if n:\n        hanoi(n - 1, src, via, dst, moves)\n        moves.append((src, dst))\n        hanoi(n - 1, via, dst, src, moves)\n    return moves\nplan = hanoi(64)\ndef count(n: int, label="x"):\n    if 0 < n:\n        return count(n - 1, label) + count(n - 1, label)\n    return 1\ncount(40, label="y")\ncount(20)',
        errors: [
          { range: '8:8-8:17', message: "'hanoi(64)' makes more than 9e18 calls: 'hanoi' calls itself 2 times on every call past its base case, with no cache; more than the limit of 100000000; not allowed by policy 'strict'" },
          { range: '13:1-13:21', message: "'count(40, label=\"y\")' makes more than 549755813888 calls: 'count' calls itself 2 times on every call past its base case, with no cache; more than the limit of 100000000; not allowed by policy 'strict'" },
        ],
        note: 'the calls under the test they recurse by (its failing is the base case); defaults and keywords for what is not counted, and a parameter bound again that is neither tested nor stepped',
      },
      {
        code: 'import asyncio\nimport threading\nasync def main():\n    cond = asyncio.Condition()\n    async with cond:\n        await cond.wait()\n    lock = asyncio.Lock()\n    async with lock:\n        async with lock:\n            pass\nasyncio.run(main())\ndef work():\n    guard = threading.Lock()\n    with guard:\n        with guard:\n            pass',
        errors: [
          { range: '6:15-6:26', message: "'cond.wait()' waits on an object nothing else can reach to set or release it; it never returns; not allowed by policy 'strict'" },
          { range: '9:20-9:24', message: "'lock' enters a lock that a 'with' around it already holds, and a Lock is not reentrant: it waits for itself; it never returns; not allowed by policy 'strict'" },
          { range: '15:14-15:19', message: "'guard' enters a lock that a 'with' around it already holds, and a Lock is not reentrant: it waits for itself; it never returns; not allowed by policy 'strict'" },
        ],
        allowModules: ['asyncio', 'threading'],
        note: 'a condition nothing notifies, waited on while held; a plain lock entered again by its holder',
      },
      {
        code: 'while True:\n    n = abs(reading())\n    if n < 0:\n        break\nwhile True:\n    items = fetch()\n    if 0 > len(items):\n        break',
        errors: [
          { range: '1:1-1:11', message: "'while True' never ends: its way out, 'if n < 0: break', never breaks: 'n' is a result of 'abs', never negative; not allowed by policy 'strict'" },
          { range: '5:1-5:11', message: "'while True' never ends: its way out, 'if 0 > len(items): break', never breaks: 'len(items)' is a result of 'len', never negative; not allowed by policy 'strict'" },
        ],
        note: 'a break on a value below zero that abs or len never gives',
      },
      {
        code: 'import itertools\nfor n in itertools.count(1, 0):\n    if n * n > 500:\n        break\nfor k in itertools.count():\n    if k < 0:\n        break\nfor q in itertools.cycle("a"):\n    if q == "b":\n        break\nfirst = next(x for x in itertools.repeat(3) if x > 5)',
        errors: [
          { range: '2:1-2:31', message: "'for' over the endless iterator 'itertools.count(1, 0)' never ends: its way out, 'if n * n > 500: break', holds for none of the items it gives; not allowed by policy 'strict'" },
          { range: '5:1-5:27', message: "'for' over the endless iterator 'itertools.count()' never ends: its way out, 'if k < 0: break', holds for none of the items it gives; not allowed by policy 'strict'" },
          { range: '8:1-8:30', message: "'for' over the endless iterator 'itertools.cycle(\"a\")' never ends: its way out, 'if q == \"b\": break', holds for none of the items it gives; not allowed by policy 'strict'" },
          { range: '11:9-11:54', message: "'next(x for x in itertools.repeat(3) i...' searches an endless iterator for an item that never comes; it never returns; not allowed by policy 'strict'" },
        ],
        note: 'an endless iterator whose items never pass the test of its only way out: a count of step 0 and a repeat give one value, a count from 0 only rises',
      },
      {
        code: 'import itertools\nfor colour in itertools.cycle(["red", "green", "blue"]):\n    if colour == "purple":\n        break\nfor ch in itertools.cycle("abc"):\n    if ch.isdigit():\n        break\nnames = ["red"]\nfor c in itertools.cycle(names):\n    if c == "purple":\n        break\n    names.append("purple")\nfor pair in itertools.cycle((("a", 1), ("b", 2))):\n    if pair[1] == 2:\n        break',
        errors: [
          { range: '2:1-2:56', message: "'for' over the endless iterator 'itertools.cycle([\"red\", \"green\", \"blu...' never ends: its way out, 'if colour == \"purple\": break', holds for none of the items it gives; not allowed by policy 'strict'" },
          { range: '5:1-5:33', message: "'for' over the endless iterator 'itertools.cycle(\"abc\")' never ends: its way out, 'if ch.isdigit(): break', holds for none of the items it gives; not allowed by policy 'strict'" },
        ],
        note: 'a cycle of several items none of which passes the test; not a list read through a name (the body may grow it during the first pass), nor a cycle with an item that passes',
      },
      {
        code: 'tries = 0\nwhile True:\n    tries += 1\n    if tries < 0:\n        break\nk = 10\nwhile 1:\n    if k == 3:\n        break\n    k -= 2\nx = 0.0\nwhile True:\n    x += 0.1\n    if x == 1.0:\n        break',
        errors: [
          { range: '2:1-2:11', message: "'while True' never ends: its way out, 'if tries < 0: break', never breaks: 'tries' starts at 0 and 'tries += 1' never brings it there; not allowed by policy 'strict'" },
          { range: '7:1-7:8', message: "'while 1' never ends: its way out, 'if k == 3: break', never breaks: 'k' starts at 10 and 'k -= 2' never brings it there; not allowed by policy 'strict'" },
          { range: '12:1-12:11', message: "'while True' never ends: its way out, 'if x == 1.0: break', never breaks: 'x' starts at 0.0 and 'x += 0.1' never brings it there; not allowed by policy 'strict'" },
        ],
        note: 'a loop whose only way out is a break on a counter that moves away from it, or steps over it',
      },
      {
        code: 'import asyncio\nasync def spin():\n    while True:\n        await asyncio.sleep(0)\nasyncio.run(spin())',
        errors: [{ range: '3:5-3:15', message: "'while True' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
        note: 'an await ends a loop only by a cancellation, and nothing in the file cancels or sets a deadline',
      },
      {
        code: 'import asyncio\nasync def beat(task):\n    while True:\n        try:\n            await asyncio.sleep(1)\n        except asyncio.CancelledError:\n            continue\nt = asyncio.ensure_future(beat(None))\nt.cancel()',
        errors: [{ range: '3:5-3:15', message: "'while True' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
        note: 'the file cancels, but the loop swallows the cancellation',
      },
      {
        code: 'import itertools\ndef each(items):\n    for x in items:\n        yield x * 2\nfor v in each(itertools.count()):\n    pass',
        errors: [{ range: '5:1-5:33', message: "'for' over the endless iterator 'each(itertools.count())' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
        note: 'a local generator relays the endless iterator it is given',
      },
      {
        code: 'def spin():\n    while True:\n        yield from ()',
        errors: [{ range: '2:5-2:15', message: "'while True' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
        note: 'delegating to an empty display yields nothing: the consumer never gets control back',
      },
      {
        code: 'while True:\n    try:\n        v = 1\n    except Exception:\n        break',
        errors: [{ range: '1:1-1:11', message: "'while True' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
        note: 'the only break is in a handler of a try whose body cannot raise',
      },
      {
        code: 'i = 0\nwhile i < 10:\n    continue\n    i += 1',
        errors: [{ range: '2:1-2:13', message: "'while i < 10' never becomes false: 'i' starts at 0 and a 'continue' restarts each pass before anything changes it; it never ends; not allowed by policy 'strict'" }],
        note: 'the step after the continue never runs',
      },
      {
        code: 'def grow(xs=[1]):\n    while xs:\n        xs.append(xs[-1])\ngrow()\nys = [0]\nwhile len(ys) > 0:\n    ys.insert(0, 1)',
        errors: [
          { range: '2:5-2:13', message: "'while xs' runs while 'xs' is not empty, and the loop adds to it on every pass ('xs.append(xs[-1])') and has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" },
          { range: '6:1-6:18', message: "'while len(ys) > 0' runs while 'ys' is not empty, and the loop adds to it on every pass ('ys.insert(0, 1)') and has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" },
        ],
        note: 'a list that starts non-empty (a parameter default the call of the file leaves alone) and only grows',
      },
      {
        code: "class A:\n    def __iter__(self):\n        return self\n    def __next__(self):\n        return 1\nlist(A())",
        errors: [
          { range: "3:9-3:20", message: "'__iter__' returns 'self', whose '__next__' never stops; whatever iterates the object never ends; not allowed by policy 'strict'" },
          { range: "4:5-4:23", message: "'__next__' never raises StopIteration, and '__iter__' returns the object itself; whatever iterates the object never ends; not allowed by policy 'strict'" },
          { range: "6:1-6:10", message: "'list(A())' reads an endless iterator to the end; it never returns; not allowed by policy 'strict'" },
        ],
        note: "__iter__ returns self and __next__ never raises: the instance iterates for ever, for the host too",
      },
      {
        code: "n = 1\nwhile n:\n    n *= 2",
        errors: [{ range: "2:1-2:8", message: "'while n' never becomes false: 'n' starts at 1 and 'n *= 2' never brings it to where the loop ends; it never ends; not allowed by policy 'strict'" }],
        note: "doubling from 1 never reaches 0",
      },
      {
        code: "n = -1\nwhile n < 1000:\n    n = n * 3",
        errors: [{ range: "2:1-2:15", message: "'while n < 1000' never becomes false: 'n' starts at -1 and 'n = n * 3' never brings it to where the loop ends; it never ends; not allowed by policy 'strict'" }],
        note: "tripling from -1 only falls further below the bound",
      },
      {
        code: "import itertools\nx = [*itertools.count()]",
        errors: [{ range: "2:6-2:24", message: "'*itertools.count()' unpacks an endless iterator; it never finishes; not allowed by policy 'strict'" }],
        note: "unpacking an endless iterator into a list",
      },
      {
        code: 'while True:\n    pass',
        errors: [{ range: '1:1-1:11', message: "'while True' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'while 1 == 1:\n    pass',
        errors: [{ range: '1:1-1:13', message: "'while 1 == 1' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
        note: 'a comparison of constants folds',
      },
      {
        code: 'import itertools\nfound = any(x < 0 for x in itertools.count())\nfirst = next(x for x in itertools.count(1) if x <= 0)',
        errors: [
          { range: '2:9-2:46', message: "'any(x < 0 for x in itertools.count())' searches an endless iterator for an item that never comes; it never returns; not allowed by policy 'strict'" },
          { range: '3:9-3:54', message: "'next(x for x in itertools.count(1) if...' searches an endless iterator for an item that never comes; it never returns; not allowed by policy 'strict'" },
        ],
        note: 'the count has passed the bound before it starts',
      },
      {
        code: 'while [] == []:\n    pass\ns = set()\nwhile len(s) >= 0:\n    s.add(1)',
        errors: [
          { range: '1:1-1:15', message: "'while [] == []' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" },
          { range: '4:1-4:18', message: "'while len(s) >= 0' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" },
        ],
        note: 'equal displays; a length is never below 0',
      },
      {
        code: 'while "go" in "going":\n    if 1 > 2:\n        break',
        errors: [{ range: '1:1-1:22', message: "'while \"go\" in \"going\"' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
        note: 'the break sits behind a constantly false test',
      },
      {
        code: 'while True:\n    line = next_line()\n    if not [line]:\n        break\nwhile True:\n    line = next_line()\n    if not line:\n        break',
        errors: [{ range: '1:1-1:11', message: "'while True' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
        note: 'a display with an item is true whatever the item is: its negation never holds',
      },
      {
        code: 'while 1:\n    for x in items:\n        if x:\n            break',
        note: "the break belongs to the inner loop",
        errors: [{ range: '1:1-1:8', message: "'while 1' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'def spin():\n    spin()\nwhile True:\n    try:\n        spin()\n    except RecursionError:\n        continue',
        errors: [{ range: '3:1-3:11', message: "'while True' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'while True:\n    try:\n        raise ValueError("again")\n    except Exception:\n        continue',
        note: 'the raise is caught inside the loop',
        errors: [{ range: '1:1-1:11', message: "'while True' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'while True:\n    def stop():\n        return\n    if False:\n        break',
        errors: [{ range: '1:1-1:11', message: "'while True' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'from itertools import count as c\nfor i in c(1):\n    print i',
        note: 'Python 2 print',
        errors: [{ range: '2:1-2:14', message: "'for' over the endless iterator 'c(1)' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'for _ in iter(int, 1):\n    work()',
        errors: [{ range: '1:1-1:22', message: "'for' over the endless iterator 'iter(int, 1)' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'def ticks():\n    while True:\n        yield 1\nfor t in enumerate(ticks()):\n    pass',
        errors: [{ range: '4:1-4:28', message: "'for' over the endless iterator 'enumerate(ticks())' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'import itertools\nevery = list(itertools.cycle("ab"))',
        errors: [{ range: '2:9-2:36', message: "'list(itertools.cycle(\"ab\"))' reads an endless iterator to the end; it never returns; not allowed by policy 'strict'" }],
      },
      {
        code: 'import itertools\nsquares = [n * n for n in itertools.count()]',
        errors: [{ range: '2:11-2:45', message: "'[n * n for n in itertools.count()]' reads an endless iterator to the end; it never finishes; not allowed by policy 'strict'" }],
      },
      {
        code: 'xs = [1]\nfor v in xs:\n    xs.append(v)',
        errors: [{ range: '2:1-2:12', message: "'for' over 'xs' adds to that list on every pass ('xs.append(v)') and has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
        note: 'a list iterator reads the length at every step',
      },
      {
        code: 'todo = ["a"]\nfor item in todo:\n    with lock:\n        todo += [item]',
        errors: [{ range: '2:1-2:17', message: "'for' over 'todo' adds to that list on every pass ('todo += [item]') and has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'while True:\n    try:\n        break\n    finally:\n        continue',
        errors: [{ range: '1:1-1:11', message: "'while True' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
        note: 'continue in a finally block cancels the break',
      },
      {
        code: 'import itertools\ndef evens():\n    yield from (x for x in itertools.count() if x % 2 == 0)\ndef doubled():\n    for x in evens():\n        yield x * 2\ntotal = sum(doubled())',
        errors: [{ range: '7:9-7:23', message: "'sum(doubled())' reads an endless iterator to the end; it never returns; not allowed by policy 'strict'" }],
        note: 'a generator that delegates to an endless one, and one that relays it with a for',
      },
      {
        code: 'running = True\ndef stop():\n    global running\n    running = False\ndef loop():\n    n = 0\n    while running:\n        n += 1\n    stop()\nclass Worker:\n    def run(self):\n        count = 0\n        while not self.done and limit >= 0:\n            count -= 1\n            label = "é"',
        errors: [
          { range: '7:5-7:18', message: "'while running' reads only 'running', which nothing in the loop changes, and the loop calls nothing and has no reachable 'break', 'return' or 'raise': once it starts it never ends; not allowed by policy 'strict'" },
          { range: '13:9-13:43', message: "'while not self.done and...' reads only 'self.done', 'limit', which nothing in the loop changes, and the loop calls nothing and has no reachable 'break', 'return' or 'raise': once it starts it never ends; not allowed by policy 'strict'" },
        ],
        note: 'a flag only a function called after the loop changes; a body that calls nothing cannot change an attribute the condition reads',
      },
      {
        code: 'import time\ndef countdown(n):\n    while n > 0:\n        print(f"{n} left", end="")\ndef wait(ready):\n    log = []\n    while not ready:\n        log.append("waiting")\n        time.sleep(1)\ndef fine(n):\n    def dec():\n        nonlocal n\n        n -= 1\n    while n > 0:\n        dec()\ndef handed(n, job, sink):\n    while n > 0:\n        process(n)\n    while n > 0:\n        print(job)\n    while n > 0:\n        print(n, file=sink)\n    while not job.done:\n        time.sleep(1)\ncountdown(5)\nwait(False)\nhanded(3, None, None)',
        allowModules: ['time'],
        errors: [
          { range: '3:5-3:16', message: "'while n > 0' reads only 'n', which nothing in the loop changes, nothing the loop calls can change it or end the loop, and it has no reachable 'break', 'return' or 'raise': once it starts it never ends; not allowed by policy 'strict'" },
          { range: '7:5-7:20', message: "'while not ready' reads only 'ready', which nothing in the loop changes, nothing the loop calls can change it or end the loop, and it has no reachable 'break', 'return' or 'raise': once it starts it never ends; not allowed by policy 'strict'" },
        ],
        note: 'a number or flag a call passes, which the loop prints or waits on; not one a nested function rebinds, nor one passed to an unknown function, nor a loop printing an object or to a file, nor an attribute (a property, another thread)',
      },
      {
        code: 'def collatz(n):\n    steps = 0\n    while n != 1 or steps >= 0:\n        n = n // 2 if n % 2 == 0 else 3 * n + 1\n        steps += 1\n    return steps',
        errors: [{ range: '3:5-3:31', message: "'while n != 1 or steps >= 0' never becomes false: 'steps' starts at 0 and 'steps += 1' never brings it to where the loop ends; it never ends; not allowed by policy 'strict'" }],
        note: 'one side of an `or` that never becomes false keeps the loop running',
      },
      {
        code: 'todo = ["a"]\nwhile (done or todo):\n    todo.append("b")',
        errors: [{ range: '2:1-2:21', message: "'while (done or todo)' runs while 'todo' is not empty, and the loop adds to it on every pass ('todo.append(\"b\")') and has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'x = 0\nwhile x != 11:\n    x += 2',
        errors: [{ range: '2:1-2:14', message: "'while x != 11' never becomes false: 'x' starts at 0 and 'x += 2' never brings it to where the loop ends; it never ends; not allowed by policy 'strict'" }],
        note: 'an even counter never equals 11',
      },
      {
        code: 'for i in range(10 ** 5):\n    for j in range(10 ** 5):\n        pass',
        errors: [{ range: '2:5-2:28', message: "'for' over 'range(10 ** 5)' inside loops of known length runs about 10000000000 iterations in all, more than the limit of 100000000; not allowed by policy 'strict'" }],
        note: 'nested loops multiply',
      },
      {
        code: 'i = 0\nwhile i >= 0:\n    i = i + 1',
        errors: [{ range: '2:1-2:13', message: "'while i >= 0' never becomes false: 'i' starts at 0 and 'i = i + 1' never brings it to where the loop ends; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'k = 1\nwhile k:\n    k += 1',
        errors: [{ range: '2:1-2:8', message: "'while k' never becomes false: 'k' starts at 1 and 'k += 1' never brings it to where the loop ends; it never ends; not allowed by policy 'strict'" }],
        note: 'a bare counter is compared with 0',
      },
      {
        code: 'while ...:\n    pass',
        errors: [{ range: '1:1-1:10', message: "'while ...' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'import math\nwhile math.inf:\n    pass',
        errors: [{ range: '2:1-2:15', message: "'while math.inf' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'import itertools\nx = list(itertools.chain.from_iterable(itertools.repeat([1])))',
        errors: [{ range: '2:5-2:63', message: "'list(itertools.chain.from_iterable(it...' reads an endless iterator to the end; it never returns; not allowed by policy 'strict'" }],
      },
      {
        code: 'i = 10\nwhile 0 < i:\n    print(i)\n    i += 1',
        errors: [{ range: '2:1-2:12', message: "'while 0 < i' never becomes false: 'i' starts at 10 and 'i += 1' never brings it to where the loop ends; it never ends; not allowed by policy 'strict'" }],
        note: 'the counter moves the wrong way',
      },
      {
        code: 'while len("x"):\n    pass',
        errors: [{ range: '1:1-1:15', message: "'while len(\"x\")' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
        note: 'the length of a constant folds',
      },
      {
        code: 'total = sum(range(10 ** 12))',
        errors: [{ range: '1:9-1:29', message: "'sum(range(10 ** 12))' iterates about 1000000000000 times, more than the limit of 100000000; not allowed by policy 'strict'" }],
      },
      {
        code: 'ｒｕｎｎｉｎｇ = True\nwhile ｒｕｎｎｉｎｇ:\n    tick()',
        errors: [{ range: '2:1-2:14', message: "'while ｒｕｎｎｉｎｇ' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: "import itertools\nfirsts = list(itertools.takewhile(lambda v: True, itertools.count()))",
        errors: [{ range: "2:10-2:70", message: "'list(itertools.takewhile(lambda v: Tr...' reads an endless iterator to the end; it never returns; not allowed by policy 'strict'" }],
        note: "a predicate that is always true stops nothing",
      },
      {
        code: "import statistics\nmid = statistics.median(range(10 ** 12))",
        errors: [{ range: "2:7-2:41", message: "'statistics.median(range(10 ** 12))' iterates about 1000000000000 times, more than the limit of 100000000; not allowed by policy 'strict'" }],
        note: "statistics reads every item",
      },
      {
        code: "import collections, itertools\ncollections.deque(itertools.count(), maxlen=0)\nxs = []\nxs.extend(itertools.repeat(0))\nseen = set()\nseen.update(itertools.cycle(\"ab\"))",
        errors: [
          { range: "2:1-2:47", message: "'collections.deque(itertools.count(), ...' reads an endless iterator to the end; it never returns; not allowed by policy 'strict'" },
          { range: "4:1-4:31", message: "'xs.extend(itertools.repeat(0))' reads an endless iterator to the end; it never returns; not allowed by policy 'strict'" },
          { range: "6:1-6:35", message: "'seen.update(itertools.cycle(\"ab\"))' reads an endless iterator to the end; it never returns; not allowed by policy 'strict'" },
        ],
        note: "a deque that keeps nothing still reads every item; a list and a set of the file filled from endless iterators",
      },
      {
        code: "import collections\ncollections.deque(range(10 ** 12), maxlen=0)",
        errors: [
          { range: "2:1-2:45", message: "'collections.deque(range(10 ** 12), ma...' iterates about 1000000000000 times, more than the limit of 100000000; not allowed by policy 'strict'" },
        ],
        note: "the consume recipe spends the time of every item",
      },
      {
        code: "import itertools\ntext = str.join(\",\", map(str, itertools.count()))\nraw = b\"\".join(itertools.repeat(b\"a\"))\npairs = itertools.product(\"ab\", itertools.count())",
        errors: [
          { range: "2:8-2:50", message: "'str.join(\",\", map(str, itertools.coun...' reads an endless iterator to the end; it never returns; not allowed by policy 'strict'" },
          { range: "3:7-3:39", message: "'b\"\".join(itertools.repeat(b\"a\"))' reads an endless iterator to the end; it never returns; not allowed by policy 'strict'" },
          { range: "4:9-4:51", message: "'itertools.product(\"ab\", itertools.cou...' reads an endless iterator to the end; it never returns; not allowed by policy 'strict'" },
        ],
        note: "product reads its inputs to the end when made, before any item is asked for",
      },
      {
        code: "import itertools\nclass Rows:\n    def __iter__(self):\n        return itertools.count()",
        errors: [
          { range: "4:9-4:33", message: "'__iter__' returns the endless iterator 'itertools.count()'; whatever iterates the object never ends; not allowed by policy 'strict'" },
        ],
        note: "the host iterating the plugin's object never ends",
      },
      {
        code: "from abc import ABCMeta\nclass Shape(metaclass=ABCMeta):\n    __iter__ = lambda self: iter(int, 1)\nclass Rows:\n    __iter__ = lambda self: iter([1, 2])",
        errors: [{ range: "3:29-3:41", message: "'__iter__' returns the endless iterator 'iter(int, 1)'; whatever iterates the object never ends; not allowed by policy 'strict'" }],
        note: "the hook as a lambda bound in the class body; a finite one is fine",
      },
      {
        code: "import itertools\nclass Zeilen:\n    def __reversed__(self):  # «𝔯𝔢𝔳»\n        return itertools.cycle(\"𝔘𝔙\")\nclass Ticks:\n    def __iter__(self):\n        while True:\n            yield \"tick\"",
        errors: [
          { range: "4:9-4:39", message: "'__reversed__' returns the endless iterator 'itertools.cycle(\"𝔘𝔙\")'; whatever iterates the object never ends; not allowed by policy 'strict'" },
          { range: "6:5-7:19", message: "'__iter__' loops for ever yielding items with no reachable 'break', 'return' or 'raise'; whatever iterates the object never ends; not allowed by policy 'strict'" },
        ],
        note: "a generator method that loops for ever: reported from its head to the head of the loop",
      },
      {
        code: "import itertools\nclass Pending:\n    def __await__(self):\n        while True:\n            yield\nclass Rows:\n    __slots__ = (\"source\",)\n    def __iter__(self):\n        yield from itertools.count()",
        errors: [
          { range: "3:5-4:19", message: "'__await__' loops for ever yielding items with no reachable 'break', 'return' or 'raise'; whatever awaits the object never ends; not allowed by policy 'strict'" },
          { range: "8:5-9:37", message: "'__iter__' loops for ever yielding items with no reachable 'break', 'return' or 'raise'; whatever iterates the object never ends; not allowed by policy 'strict'" },
        ],
        note: "an await hook that yields for ever; an iteration hook delegating to an endless iterator",
      },
      {
        code: "import asyncio\nasyncio.run(asyncio.Event().wait())",
        errors: [
          { range: "2:13-2:35", message: "'asyncio.Event().wait()' waits on an object nothing else can reach to set or release it; it never returns; not allowed by policy 'strict'" },
        ],
        note: "an event nobody can set",
      },
      {
        code: "import asyncio\nasync def main():\n    await asyncio.Future()\n    q = asyncio.Queue()\n    await q.get()\n    fut = asyncio.get_running_loop().create_future()\n    await fut\n    await asyncio.Semaphore(0).acquire()",
        errors: [
          { range: "3:11-3:27", message: "'asyncio.Future()' waits on an object nothing else can reach to set or release it; it never returns; not allowed by policy 'strict'" },
          { range: "5:11-5:18", message: "'q.get()' waits on an object nothing else can reach to set or release it; it never returns; not allowed by policy 'strict'" },
          { range: "7:5-7:14", message: "'await fut' waits on an object nothing else can reach to set or release it; it never returns; not allowed by policy 'strict'" },
          { range: "8:11-8:41", message: "'asyncio.Semaphore(0).acquire()' waits on an object nothing else can reach to set or release it; it never returns; not allowed by policy 'strict'" },
        ],
        note: "a future, a queue and a semaphore that nothing else in the file can reach",
      },
      {
        code: "import threading, queue\nthreading.Semaphore(0).acquire()\nqueue.Queue().get()",
        errors: [
          { range: "2:1-2:33", message: "'threading.Semaphore(0).acquire()' waits on an object nothing else can reach to set or release it; it never returns; not allowed by policy 'strict'" },
          { range: "3:1-3:20", message: "'queue.Queue().get()' waits on an object nothing else can reach to set or release it; it never returns; not allowed by policy 'strict'" },
        ],
        note: "blocking waits without a timeout",
      },
      {
        code: "import hashlib\nkey = hashlib.pbkdf2_hmac(\"sha256\", \"pässwört\".encode(), b\"salt\", 10 ** 12)\nk = hashlib.scrypt(b\"pw\", salt=b\"s\", n=2 ** 14, r=8, p=10 ** 6)\nfrom hashlib import pbkdf2_hmac\nk2 = pbkdf2_hmac(\"sha1\", b\"pw\", b\"s\", iterations=10 ** 9)",
        errors: [
          { range: "2:7-2:76", message: "'hashlib.pbkdf2_hmac(\"sha256\", \"pässwö...' iterates about 1000000000000 times (iterations), more than the limit of 100000000; not allowed by policy 'strict'" },
          { range: "3:5-3:64", message: "'hashlib.scrypt(b\"pw\", salt=b\"s\", n=2 ...' iterates about 131072000000 times (n × r × p), more than the limit of 100000000; not allowed by policy 'strict'" },
          { range: "5:6-5:58", message: "'pbkdf2_hmac(\"sha1\", b\"pw\", b\"s\", iter...' iterates about 1000000000 times (iterations), more than the limit of 100000000; not allowed by policy 'strict'" },
        ],
        note: "key-derivation work factors: PBKDF2 iterations, scrypt n × r × p",
      },
    ],
  },
};
