import type { Node } from '../../parser';
import { alwaysReturnsAValue, normalizeIdentifier } from '../../semantics';
import { keywordArgument, positionalArguments, pushNamedChildren } from '../../semantics/syntax';
import type { Rule, RuleContext } from '../types';
import { possibleStrings } from '../shared/possibleStrings';
import { isMadeBy } from '../shared/madeBy';
import { formatPower, lengthGrowthOf, loopGrowths } from './loopGrowth';
import { codeChildren, continuesEarly, loopExit } from './controlFlow';
import { percentFields, percentPrecisionGrows, specSize, templateFields } from './formatSpecs';
import { comprehensionSize, iterationSize, unpackedBy } from './iterables';
import { decimalConstructed, formatCount, magnitudeOf, shortText, soleParameter, type Magnitude } from './magnitudes';

type Unit = 'characters' | 'bytes' | 'items';

/** Calls that build a container from an iterable, reading it to the end (index of the iterable). */
const MATERIALISERS: Record<string, number> = {
  'builtins.list': 0,
  'builtins.tuple': 0,
  'builtins.set': 0,
  'builtins.frozenset': 0,
  'builtins.sorted': 0,
  'builtins.dict.fromkeys': 0,
  'builtins.dict': 0,
  'collections.OrderedDict': 0,
  'collections.deque': 0,
  'collections.Counter': 0,
  'array.array': 1,
  // pandas keeps every item of what it is given in an array (a `range` too).
  'pandas.Series': 0,
  'pandas.Index': 0,
  'pandas.DataFrame': 0,
};

/** Methods whose first argument is the length of the string or bytes they return. */
const WIDTH_METHODS = new Set(['ljust', 'rjust', 'center', 'zfill', 'to_bytes']);

/**
 * Functions one of whose arguments is the size of what they return (the first unless `index` or
 * `keyword` says otherwise), and its unit (bits count an eighth): `random.choices(xs, k=10**10)`
 * builds a list of ten billion items.
 */
const SIZED_RESULTS: Record<string, { unit: Unit; per: number; index?: number; keyword?: string }> = {
  'random.choices': { unit: 'items', per: 1, index: -1, keyword: 'k' },
  'random.sample': { unit: 'items', per: 1, index: 1, keyword: 'k' },
  'random.randbytes': { unit: 'bytes', per: 1 },
  'random.getrandbits': { unit: 'bytes', per: 1 / 8 },
  'secrets.token_bytes': { unit: 'bytes', per: 1 },
  'secrets.token_hex': { unit: 'characters', per: 2 },
  'secrets.token_urlsafe': { unit: 'characters', per: 4 / 3 },
  'secrets.randbits': { unit: 'bytes', per: 1 / 8 },
  'os.urandom': { unit: 'bytes', per: 1 },
  // `json.dumps(config, indent=10**10)`: `' ' * indent` per level, before every item of a container.
  'json.dumps': { unit: 'characters', per: 1, index: -1, keyword: 'indent' },
  'json.dump': { unit: 'characters', per: 1, index: -1, keyword: 'indent' },
  // `periods` items, one timestamp, period, timedelta or interval each: `pd.date_range(start, periods=10**12)`.
  'pandas.date_range': { unit: 'items', per: 1, index: 2, keyword: 'periods' },
  'pandas.bdate_range': { unit: 'items', per: 1, index: 2, keyword: 'periods' },
  'pandas.period_range': { unit: 'items', per: 1, index: 2, keyword: 'periods' },
  'pandas.timedelta_range': { unit: 'items', per: 1, index: 2, keyword: 'periods' },
  'pandas.interval_range': { unit: 'items', per: 1, index: 2, keyword: 'periods' },
};

const SLEEPS = new Set(['time.sleep', 'asyncio.sleep', 'trio.sleep']);
const COMBINATORICS = new Set(['itertools.product', 'itertools.permutations', 'itertools.combinations', 'itertools.combinations_with_replacement']);

/** How many aliases and nested repetitions a length estimate follows (`a = b * 2; b = a * 2` loops). */
const MAX_LENGTH_DEPTH = 8;

/** Length of a sequence expression without building it: constants, displays, `s * n`, aliases. */
/** Constructors whose result has one element per item of their iterable argument. */
const MADE_FROM_ITERABLE: Record<string, Unit> = {
  'builtins.bytes': 'bytes',
  'builtins.bytearray': 'bytes',
  'builtins.list': 'items',
  'builtins.tuple': 'items',
  'collections.deque': 'items',
};

function sequenceLength(context: RuleContext, node: Node | null | undefined, depth = 0): { length: number; unit: Unit } | undefined {
  if (depth > MAX_LENGTH_DEPTH) return undefined;
  let n = node;
  // Follows parentheses and one alias; sizes of products come from the operator check itself.
  for (let guard = 0; n && guard < 8; guard++) {
    if (n.type === 'parenthesized_expression') {
      const inner = codeChildren(n);
      n = inner.length === 1 ? inner[0] : null;
      continue;
    }
    const c = context.semantics.fold(n);
    if (c?.t === 'str') return { length: c.v.length, unit: 'characters' };
    if (c?.t === 'bytes') return { length: c.v.length, unit: 'bytes' };
    if (c?.t === 'seq') return { length: c.items.length, unit: 'items' };
    if (n.type === 'list' || n.type === 'tuple') {
      const items = codeChildren(n);
      return items.some((i) => i.type === 'list_splat') ? undefined : { length: items.length, unit: 'items' };
    }
    if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '*') {
      const product = repetition(context, n, depth + 1);
      return product && { length: product.size, unit: product.unit };
    }
    if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '+') {
      // `"M(" + text`: a concatenation is at least as long as the parts whose length is known
      // (never more than the real length: the other parts count as empty).
      const parts = [n.childForFieldName('left'), n.childForFieldName('right')].map((x) => sequenceLength(context, x, depth + 1));
      const unit = parts.find((x) => x)?.unit;
      if (!unit || parts.some((x) => x && x.unit !== unit)) return undefined;
      return { length: parts.reduce((sum, x) => sum + (x?.length ?? 0), 0), unit };
    }
    if (n.type === 'identifier') {
      const bindings = context.semantics.bindingsOf(n);
      n = bindings.length === 1 && bindings[0].kind === 'assign' ? (bindings[0].value ?? null) : null;
      continue;
    }
    if (n.type === 'subscript') {
      // `row[:]`, `row[1:-1]`: a slice of a sequence of known length, with bounds that fold.
      const slice = n.childForFieldName('subscript');
      if (slice?.type !== 'slice') return undefined;
      const base = sequenceLength(context, n.childForFieldName('value'), depth + 1);
      const length = base ? sliceLength(context, base.length, slice) : undefined;
      return length === undefined ? undefined : { length, unit: base!.unit };
    }
    if (n.type === 'call') {
      // `bytes(range(256))`, `list(range(10))`: as long as the iterable they are made from.
      const fn = n.childForFieldName('function');
      const args = positionalArguments(n);
      const names = fn && args.length === 1 ? context.semantics.qualifiedNames(fn) : [];
      // `repr(rows)`: at least one character (the builtins' reprs never are empty).
      if (names.includes('builtins.repr') || names.includes('builtins.ascii')) return { length: 1, unit: 'characters' };
      const made = names.find((q) => MADE_FROM_ITERABLE[q]);
      if (!made) return returnedLength(context, n, depth);
      // `deque(xs, maxlen=5)` keeps at most `maxlen` items, repeated or not.
      if (made === 'collections.deque' && codeChildren(n.childForFieldName('arguments') ?? n).length !== 1) return undefined;
      if (context.semantics.fold(args[0])?.t === 'int') return undefined;
      const size = iterationSize(context, args[0]);
      return size?.count !== undefined && !size.endless ? { length: size.count, unit: MADE_FROM_ITERABLE[made] } : undefined;
    }
    return undefined;
  }
  return undefined;
}

/**
 * `self.key() * 10**9` with `def key(self): return (self.lat, self.lon)`: a call of functions of
 * the file that always return a value (`alwaysReturnsAValue`), every value of which is a tuple
 * display or a list display its `return` makes afresh (`madeByReturn`), is at least as long as
 * the shortest of them.
 */
function returnedLength(context: RuleContext, call: Node, depth: number): { length: number; unit: Unit } | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  // Only functions of the file that never end without a value (`None * n` makes nothing).
  const callees = context.semantics.resolve(fn);
  if (callees.length === 0 || !callees.every((c) => c.kind === 'function' && alwaysReturnsAValue(c.node))) return undefined;
  const values = context.semantics.resolve(call);
  if (values.length === 0) return undefined;
  let shortest: { length: number; unit: Unit } | undefined;
  for (const v of values) {
    if (v.kind !== 'container' || !(v.node.type === 'tuple' || (v.node.type === 'list' && madeByReturn(v.node)))) return undefined;
    const length = sequenceLength(context, v.node, depth + 1);
    if (!length) return undefined;
    if (!shortest || length.length < shortest.length) shortest = length;
  }
  return shortest;
}

/**
 * Whether a list display is what a `return` (or a lambda's body) hands back, as written or as a
 * branch of a conditional there: each call makes it afresh. A list bound to a name, an attribute
 * or a closure's variable first may have been emptied before the call returns it.
 */
function madeByReturn(display: Node): boolean {
  let n = display;
  for (let p = n.parent; p; n = p, p = p.parent) {
    if (p.type === 'parenthesized_expression') continue;
    if (p.type === 'conditional_expression' && p.namedChildren[1]?.id !== n.id) continue;
    return p.type === 'return_statement' || (p.type === 'lambda' && p.childForFieldName('body')?.id === n.id);
  }
  return false;
}

/**
 * `s.replace(old, new[, count])`: the length of the result when `s` folds or is a repetition of a
 * string that folds (`"x" * 1000`), `old` folds, and `new` has a known length. Occurrences are
 * counted, never estimated from the length alone (`" " * 10**6` holds no `"\n"` to replace);
 * those across the seams of a repetition are left out, so the size is never more than the real one.
 * A receiver that is a parameter is measured with what each call of the file passes it.
 */
function replacedSize(context: RuleContext, receiver: Node, oldNode: Node, newNode: Node, countNode: Node | undefined, atCalls = true): number | undefined {
  // `def spaced(text): return text.replace("", pad)` called as `spaced("a" * 10**5)`: the smallest
  // of the calls, each measured with the largest replacement any call passes (which may be
  // another call's: the smallest is no more than what the call with that replacement makes).
  const param = atCalls ? soleParameter(context, receiver) : undefined;
  if (param) {
    const sites = context.semantics.argumentsAtCalls(param.scope.node, [param]);
    let smallest: number | undefined;
    for (const site of sites ?? []) {
      const arg = site.get(param);
      const size = arg ? replacedSize(context, arg, oldNode, newNode, countNode, false) : undefined;
      if (size === undefined) return undefined;
      if (smallest === undefined || size < smallest) smallest = size;
    }
    return smallest;
  }
  const old = context.semantics.foldString(oldNode);
  const replacement = sequenceLength(context, newNode);
  if (old === undefined || replacement?.unit !== 'characters' || replacement.length > Number.MAX_SAFE_INTEGER) return undefined;
  let text: string | undefined;
  let times = 1;
  let n: Node | null = receiver;
  for (let guard = 0; n && text === undefined && guard < 8; guard++) {
    const folded = context.semantics.foldString(n);
    if (folded !== undefined) text = folded;
    else if (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChild(0);
    else if (n.type === 'identifier') n = context.semantics.valueBoundOnce(n) ?? null;
    else if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '*') {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      const [unit, count] = context.semantics.foldString(left) !== undefined ? [left, right] : [right, left];
      const m = magnitudeOf(context, count);
      text = context.semantics.foldString(unit);
      if (text === undefined || !m?.isInt || m.negative) return undefined;
      times = m.abs;
    } else return undefined;
  }
  if (text === undefined) return undefined;
  const occurrences = (old === '' ? text.length + 1 : text.split(old).length - 1) * times;
  const limit = countNode ? magnitudeOf(context, countNode) : undefined;
  const replaced = limit?.isInt && !limit.negative ? Math.min(limit.abs, occurrences) : occurrences;
  return text.length * times + replaced * (replacement.length - old.length);
}

/**
 * `asyncio.wait_for(asyncio.sleep(86400), timeout=0.05)`: a wait handed straight to `wait_for`
 * whose timeout is within the limit ends by then.
 */
function cutShort(context: RuleContext, call: Node, limit: number): boolean {
  let awaitable: Node = call;
  let parent = call.parent;
  while (parent?.type === 'parenthesized_expression') [awaitable, parent] = [parent, parent.parent];
  const outer = parent?.type === 'argument_list' ? parent.parent : null;
  const fn = outer?.type === 'call' ? outer.childForFieldName('function') : null;
  if (!outer || !fn || positionalArguments(outer)[0]?.id !== awaitable.id || !context.semantics.qualifiedNames(fn).includes('asyncio.wait_for')) return false;
  const timeout = magnitudeOf(context, positionalArguments(outer)[1] ?? keywordArgument(outer, 'timeout'));
  return !!timeout && !timeout.negative && timeout.abs <= limit;
}

/** How many items `seq[start:stop:step]` takes from a sequence of `length`, as Python counts them; undefined when a bound does not fold. */
function sliceLength(context: RuleContext, length: number, slice: Node): number | undefined {
  const parts: (Node | null)[] = [null];
  for (const c of slice.children) {
    if (!c || c.type === 'comment') continue;
    if (c.type === ':') parts.push(null);
    else parts[parts.length - 1] = c;
  }
  const bound = (node: Node | null): number | null | undefined => {
    if (!node) return null;
    const v = context.semantics.fold(node);
    return v?.t === 'int' ? Number(v.v) : undefined;
  };
  const [start, stop, step] = [bound(parts[0] ?? null), bound(parts[1] ?? null), bound(parts[2] ?? null)];
  if (start === undefined || stop === undefined || step === undefined || step === 0) return undefined;
  const by = step ?? 1;
  const clamp = (v: number, low: number, high: number): number => Math.min(Math.max(v, low), high);
  const at = (v: number | null, otherwise: number, low: number, high: number): number => (v === null ? otherwise : clamp(v < 0 ? v + length : v, low, high));
  if (by > 0) {
    const from = at(start, 0, 0, length);
    const to = at(stop, length, 0, length);
    return Math.max(0, Math.ceil((to - from) / by));
  }
  const from = at(start, length - 1, -1, length - 1);
  const to = at(stop, -1, -1, length - 1);
  return Math.max(0, Math.ceil((from - to) / -by));
}

/** `seq * n` or `n * seq`: the result's size, and the size of the repeated sequence. */
function repetition(context: RuleContext, node: Node, depth = 0): { size: number; unit: Unit; base: number } | undefined {
  return repetitionOf(context, node.childForFieldName('left'), node.childForFieldName('right'), depth);
}

/** `operator.mul(seq, n)` and the other spellings of `*` as a function. */
const MULTIPLY_FUNCTIONS = new Set(['operator.mul', 'operator.__mul__', 'operator.imul', 'operator.__imul__']);

/** The repetition of the operands `left * right` (of the operator, or of `operator.mul(left, right)`). */
function repetitionOf(context: RuleContext, left: Node | null, right: Node | null, depth = 0): { size: number; unit: Unit; base: number } | undefined {
  for (const [seqNode, countNode] of [[left, right], [right, left]] as const) {
    if (!seqNode || !countNode) continue;
    const count = magnitudeOf(context, countNode);
    if (!count?.isInt) continue;
    // Nested repetitions are measured by the inner operator: no recursion through `sequenceLength`.
    const seq = seqNode.type === 'binary_operator' ? shallowLength(context, seqNode, depth + 1) : sequenceLength(context, seqNode, depth + 1);
    if (!seq) continue;
    const size = count.negative || seq.length === 0 ? 0 : seq.length * count.abs;
    return { size, unit: seq.unit, base: seq.length };
  }
  for (const [seqNode, countNode] of [[left, right], [right, left]] as const) {
    const atCalls = seqNode && countNode ? repetitionAtCalls(context, seqNode, countNode, depth) : undefined;
    if (atCalls) return atCalls;
  }
  return undefined;
}

/**
 * `def pad(s, n=10**11): return s * n` called as `pad("a")`: a repeated parameter is known only
 * from the calls in the file, so each call is measured with what it passes for the sequence (or
 * leaves at its default) and, when the count is a parameter of the same function, for the count
 * too: `pad("a", 3)` alone stays small whatever the default. The largest of the calls.
 */
function repetitionAtCalls(context: RuleContext, seqNode: Node, countNode: Node, depth: number): { size: number; unit: Unit; base: number } | undefined {
  const seqParam = soleParameter(context, seqNode);
  if (!seqParam) return undefined;
  const fn = seqParam.scope.node;
  const countParam = soleParameter(context, countNode);
  const sameFunction = countParam && countParam.scope === seqParam.scope ? countParam : undefined;
  const fixedCount = sameFunction ? undefined : magnitudeOf(context, countNode);
  if (!sameFunction && !fixedCount?.isInt) return undefined;
  const calls = context.semantics.argumentsAtCalls(fn, sameFunction ? [seqParam, sameFunction] : [seqParam]);
  let largest: { size: number; unit: Unit; base: number } | undefined;
  for (const passed of calls ?? []) {
    const seqArg = passed.get(seqParam);
    const seq = seqArg ? sequenceLength(context, seqArg, depth + 1) : undefined;
    const countArg = sameFunction ? passed.get(sameFunction) : undefined;
    const count = sameFunction ? (countArg ? magnitudeOf(context, countArg) : undefined) : fixedCount;
    if (!seq || !count?.isInt) continue;
    const size = count.negative || seq.length === 0 ? 0 : seq.length * count.abs;
    if (!largest || size > largest.size) largest = { size, unit: seq.unit, base: seq.length };
  }
  return largest;
}

/**
 * `"[" * 10**8 + "]" * 10**8`: a chain of `+` of sequences of known length that add up to more
 * than the limit when none of them is over it alone (that part is reported by itself). Measured
 * once, at the top of the chain.
 */
function concatenation(context: RuleContext, node: Node): { length: number; unit: Unit } | undefined {
  let top = node.parent;
  while (top?.type === 'parenthesized_expression') top = top.parent;
  if (top?.type === 'binary_operator' && top.childForFieldName('operator')?.text === '+') return undefined;
  const limit = context.policy.limits.maxAllocation;
  const parts: Node[] = [];
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    const inner = n.type === 'parenthesized_expression' ? codeChildren(n) : [];
    if (inner.length === 1) stack.push(inner[0]);
    else if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '+') stack.push(n.childForFieldName('left')!, n.childForFieldName('right')!);
    else parts.push(n);
    if (parts.length + stack.length > 64) return undefined;
  }
  let length = 0;
  let unit: Unit | undefined;
  for (const part of parts) {
    // Every part a sequence of known length: a part of another kind may define what `+` does.
    const size = sequenceLength(context, part);
    if (!size || size.length > limit || (unit && size.unit !== unit)) return undefined;
    unit = size.unit;
    length += size.length;
  }
  return unit && length > limit ? { length, unit } : undefined;
}

/**
 * The value of a name bound once (`valueBoundOnce`) and read nowhere but at `name`: a list or
 * dict read elsewhere too may be changed first (`rows.clear()`, `opts["w"] = 5`).
 */
function valueReadOnlyHere(context: RuleContext, name: Node): Node | undefined {
  const value = context.semantics.valueBoundOnce(name);
  const bound = value ? context.semantics.bindingsOf(name)[0] : undefined;
  const uses = bound ? context.semantics.identifiersNamed(name) : undefined;
  const reads = uses?.filter((u) => u.id !== bound!.node.id && context.semantics.bindingsOf(u).some((b) => b.node.id === bound!.node.id));
  return reads?.length === 1 ? value : undefined;
}

/**
 * `"\n".join([row] * 10**6)` with `row = "0" * 10**6`: a join of a repeated display of strings
 * of known length, or of a comprehension yielding one (`(row for _ in range(n))`), is that many
 * copies with a separator between each two. The length, with the number of items (a join of more
 * items than the limit is `materialised`). With `unit` items, the same for `sum(rows, [])`, which
 * adds lists of known length one after the other.
 */
function joinedLength(context: RuleContext, iterable: Node, separator: number, unit: 'text' | 'items' = 'text'): { length: number; items: number } | undefined {
  let n: Node | null = iterable;
  for (let guard = 0; n && (n.type === 'parenthesized_expression' || n.type === 'identifier') && guard < 8; guard++) {
    if (n.type === 'parenthesized_expression') {
      const inner: Node[] = codeChildren(n);
      n = inner.length === 1 ? inner[0] : null;
    } else {
      n = valueReadOnlyHere(context, n) ?? null;
    }
  }
  if (!n) return undefined;
  const textLength = (item: Node): number | undefined => {
    const size = sequenceLength(context, item);
    return size && (size.unit === 'items') === (unit === 'items') ? size.length : undefined;
  };
  const of = (copies: number, each: number[]): { length: number; items: number } => {
    const items = copies * each.length;
    return { length: copies * each.reduce((a, b) => a + b, 0) + Math.max(0, items - 1) * separator, items };
  };
  if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '*') {
    for (const [display, countNode] of [[n.childForFieldName('left'), n.childForFieldName('right')], [n.childForFieldName('right'), n.childForFieldName('left')]]) {
      if ((display?.type !== 'list' && display?.type !== 'tuple') || !countNode) continue;
      const count = magnitudeOf(context, countNode);
      const lengths = codeChildren(display).map(textLength);
      if (!count?.isInt || count.negative || !lengths.length || lengths.some((l) => l === undefined)) return undefined;
      return of(count.abs, lengths as number[]);
    }
    return undefined;
  }
  if (n.type === 'generator_expression' || n.type === 'list_comprehension') {
    const [body, ...clauses] = codeChildren(n);
    // One `for`, no `if`: as many items as it runs.
    if (clauses.length !== 1 || clauses[0].type !== 'for_in_clause' || !body) return undefined;
    const length = textLength(body);
    const size = iterationSize(context, clauses[0].childForFieldName('right') ?? clauses[0]);
    if (length === undefined || !size || size.endless || size.count === undefined) return undefined;
    return of(size.count, [length]);
  }
  return undefined;
}

/**
 * A dict display with constant string keys, written at `node` or bound once to a name read only
 * there (nothing stores into it first): its values by key.
 */
function writtenDict(context: RuleContext, node: Node): Map<string, Node> | undefined {
  const n = node.type === 'identifier' ? valueReadOnlyHere(context, node) : node;
  if (n?.type !== 'dictionary') return undefined;
  const out = new Map<string, Node>();
  for (const pair of codeChildren(n)) {
    const key = pair.type === 'pair' ? pair.childForFieldName('key') : null;
    const value = pair.type === 'pair' ? pair.childForFieldName('value') : null;
    const name = key ? context.semantics.foldString(key) : undefined;
    if (name === undefined || !value) return undefined;
    out.set(name, value);
  }
  return out;
}

/** `("ab" * 3) * n`: the inner product's size, one level deep, so estimation stays bounded. */
function shallowLength(context: RuleContext, node: Node, depth: number): { length: number; unit: Unit } | undefined {
  if (node.childForFieldName('operator')?.text !== '*') return sequenceLength(context, node, depth + 1);
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  for (const [seqNode, countNode] of [[left, right], [right, left]] as const) {
    const count = magnitudeOf(context, countNode);
    const c = seqNode ? context.semantics.fold(seqNode) : undefined;
    const len = c?.t === 'str' || c?.t === 'bytes' ? c.v.length : c?.t === 'seq' ? c.items.length : undefined;
    if (count?.isInt && len !== undefined) return { length: count.negative ? 0 : len * count.abs, unit: c!.t === 'str' ? 'characters' : c!.t === 'bytes' ? 'bytes' : 'items' };
  }
  return undefined;
}

/** Text of a number substituted into a spec: huge ones become a long run of nines. */
function specNumber(m: Magnitude | undefined): string | undefined {
  if (!m?.isInt || m.negative) return undefined;
  return Number.isFinite(m.abs) && m.abs < 1e21 ? String(Math.round(m.abs)) : '9'.repeat(Math.min(m.digits ?? 400, 400));
}

/** A nested spec field's text, when it folded to a string of at most 400 characters with no field of its own. */
function specText(text: string | undefined): string | undefined {
  return text !== undefined && text.length <= 400 && !/[{}]/.test(text) ? text : undefined;
}

/** Arguments that are themselves checked here: the outer call must not report them again. */
function isCheckedAllocation(context: RuleContext, node: Node | undefined): boolean {
  if (!node) return false;
  if (['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'binary_operator'].includes(node.type)) return true;
  if (node.type !== 'call') return false;
  const fn = node.childForFieldName('function');
  const names = fn ? context.semantics.qualifiedNames(fn) : [];
  return names.some((q) => q in MATERIALISERS || COMBINATORICS.has(q) || q === 'builtins.bytes' || q === 'builtins.bytearray');
}

/**
 * How many items a combinatoric iterator copies when it is made: `product(*its, repeat=r)` keeps
 * `tuple(it)` of each input `r` times, `permutations`/`combinations` one tuple of theirs.
 * Undefined when a size does not fold.
 */
function combinatoricInput(context: RuleContext, call: Node, q: string): number | undefined {
  const args = positionalArguments(call);
  const inputs = q === 'itertools.product' ? args : args.slice(0, 1);
  let total = 0;
  for (const a of inputs) {
    const size = iterationSize(context, a);
    if (size?.count === undefined) return undefined;
    total += size.count;
  }
  if (q !== 'itertools.product') return total;
  const repeatNode = keywordArgument(call, 'repeat');
  if (!repeatNode) return total;
  const repeat = magnitudeOf(context, repeatNode);
  if (!repeat?.isInt) return undefined;
  return repeat.negative ? 0 : total * repeat.abs;
}

/** Targets of an assignment that may hold a starred name. */
const STARRABLE_TARGETS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern']);

/** Comprehensions that build their whole result at once (a generator expression does not). */
const MATERIALISED_COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension']);

/** Whether an identifier `name` occurs in `block` outside `except` (a statement of it). */
function namedElsewhere(block: Node, name: string, except: Node): boolean {
  const stack = [block];
  while (stack.length) {
    const n = stack.pop()!;
    if (n === except) continue;
    if (n.type === 'identifier' && normalizeIdentifier(n.text) === name) return true;
    for (const c of n.children) stack.push(c);
  }
  return false;
}

/**
 * `for i in range(10**5): CACHE.append(bytearray(10**6))`: a statement of a `for` loop's body
 * (with a known number of passes, no `continue` before it and no way out) that appends a new
 * allocation of known size (`bytes(n)`, `bytearray(n)`, a repetition `[0] * n`) to a container
 * bound outside the loop, which keeps every one of them.
 */
function keptAllocation(context: RuleContext, loop: Node): { statement: Node; size: number; unit: Unit; passes: number } | undefined {
  const body = loop.childForFieldName('body');
  if (!body || continuesEarly(loop)) return undefined;
  for (const statement of codeChildren(body)) {
    // `keep.append(A)`, `keep.extend([A])`, `keep += [A]`: the container and the one new item.
    const expr = statement.type === 'expression_statement' ? codeChildren(statement)[0] : undefined;
    let root: Node | null | undefined;
    let item: Node | undefined;
    if (expr?.type === 'call') {
      const fn = expr.childForFieldName('function');
      const method = fn?.type === 'attribute' ? normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '') : '';
      const args = positionalArguments(expr);
      if (args.length !== 1 || (method !== 'append' && method !== 'extend')) continue;
      root = fn!.childForFieldName('object');
      item = method === 'append' ? args[0] : args[0].type === 'list' && codeChildren(args[0]).length === 1 ? codeChildren(args[0])[0] : undefined;
    } else if (expr?.type === 'augmented_assignment' && expr.childForFieldName('operator')?.text === '+=') {
      root = expr.childForFieldName('left');
      const right = expr.childForFieldName('right');
      item = right?.type === 'list' && codeChildren(right).length === 1 ? codeChildren(right)[0] : undefined;
    }
    if (root?.type !== 'identifier' || !item) continue;
    let size: { size: number; unit: Unit } | undefined;
    if (item.type === 'call' && positionalArguments(item).length === 1) {
      const names = context.semantics.qualifiedNames(item.childForFieldName('function')!);
      const m = names.includes('builtins.bytes') || names.includes('builtins.bytearray') ? magnitudeOf(context, positionalArguments(item)[0]) : undefined;
      if (m?.isInt && !m.negative && !m.atLeast) size = { size: m.abs, unit: 'bytes' };
    } else if (item.type === 'binary_operator' && item.childForFieldName('operator')?.text === '*') {
      const rep = repetition(context, item);
      if (rep) size = { size: rep.size, unit: rep.unit };
    }
    if (!size || size.size < 1) continue;
    const iterations = iterationSize(context, loop.childForFieldName('right'));
    if (!iterations || iterations.endless || iterations.count === undefined || loopExit(context, loop, true)) return undefined;
    // The `for` loops around it in the same function, the loop a statement of each one's body,
    // multiply the passes (`for i in range(1000): for j in range(1000): keep.append(bytes(1000))`).
    let passes = iterations.count;
    let outermost = loop;
    for (let inner = loop, p = loop.parent?.parent; p?.type === 'for_statement' && inner.parent?.id === p.childForFieldName('body')?.id; inner = p, p = p.parent?.parent) {
      const outer = iterationSize(context, p.childForFieldName('right'));
      if (!outer || outer.endless || outer.count === undefined || continuesEarly(p) || loopExit(context, p, true)) break;
      passes *= outer.count;
      outermost = p;
    }
    // A list the file makes (a display or `list()`: not a `deque(maxlen=...)`), bound outside the
    // loops, that they name nowhere else (no `pop`, `clear`, `del`, rebinding: it keeps every item).
    const bindings = context.semantics.bindingsOf(root);
    const isList = (v: Node | undefined): boolean =>
      v?.type === 'list' || (v?.type === 'call' && context.semantics.qualifiedNames(v.childForFieldName('function')!).includes('builtins.list'));
    const outside = (b: { node: Node }): boolean => b.node.endIndex <= outermost.startIndex || b.node.startIndex >= outermost.endIndex;
    if (!bindings.every((b) => (b.kind === 'assign' && !b.subjectPath && isList(b.value) && outside(b)) || (b.kind === 'augassign' && b.node.id === root!.id))) continue;
    if (!bindings.some((b) => b.kind === 'assign')) continue;
    if (namedElsewhere(outermost.childForFieldName('body')!, normalizeIdentifier(root.text), statement)) continue;
    return { statement, ...size, passes };
  }
  return undefined;
}

/** Where a read runs again and again: a loop, a comprehension, a lambda or a function (`iter(lambda: next(it), None)`). */
const REPEATING = new Set(['for_statement', 'while_statement', 'lambda', 'function_definition', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/**
 * Whether a lazy iterator is only ever read a few items at a time: passed straight to `next(...)`
 * or to `itertools.islice(it, n)` with a stop that folds within `limit` (or bound to a name every
 * read of which is one of those, outside any loop, lambda or function that could run it again). `itertools.product(range(10), repeat=20)` makes its items one
 * by one; only reading them all costs what their count says.
 */
function consumedBriefly(context: RuleContext, iterator: Node, limit: number): boolean {
  const readBriefly = (n: Node): boolean => {
    const args = n.parent?.type === 'argument_list' ? n.parent : undefined;
    const call = args?.parent;
    if (!args || call?.type !== 'call' || codeChildren(args)[0]?.id !== n.id) return false;
    const names = context.semantics.qualifiedNames(call.childForFieldName('function')!);
    if (names.includes('builtins.next')) return true;
    if (!names.includes('itertools.islice')) return false;
    const bounds = positionalArguments(call).slice(1);
    const stop = bounds.length === 1 ? bounds[0] : bounds[1];
    const m = stop ? magnitudeOf(context, stop) : undefined;
    return !!m?.isInt && !m.negative && m.abs <= limit;
  };
  if (readBriefly(iterator)) return true;
  const assignment = iterator.parent;
  const target = assignment?.type === 'assignment' && assignment.childForFieldName('right')?.id === iterator.id ? assignment.childForFieldName('left') : undefined;
  if (target?.type !== 'identifier') return false;
  const bindings = context.semantics.bindingsOf(target);
  if (bindings.length !== 1) return false;
  const name = normalizeIdentifier(target.text);
  const scope = bindings[0].scope.node;
  const stack: Node[] = [scope];
  let reads = 0;
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'identifier' && n.id !== target.id && normalizeIdentifier(n.text) === name && context.semantics.isNameRead(n)) {
      const own = context.semantics.bindingsOf(n);
      if (own.length === 1 && own[0] === bindings[0]) {
        if (!readBriefly(n)) return false;
        for (let p = n.parent; p && p.id !== scope.id; p = p.parent) if (REPEATING.has(p.type)) return false;
        reads++;
      }
    }
    pushNamedChildren(stack, n);
  }
  return reads > 0;
}

/**
 * `len(s) < N`, `len(s) <= N`, `N > len(s)`, `(n := len(s)) < N`: the name whose length a `while`
 * condition bounds, and the bound, when it folds to an integer.
 */
function lengthBound(context: RuleContext, condition: Node | null | undefined): { name: string; size: number } | undefined {
  let cond = condition;
  while (cond?.type === 'parenthesized_expression' && codeChildren(cond).length === 1) cond = codeChildren(cond)[0];
  if (cond?.type !== 'comparison_operator') return undefined;
  const operands = codeChildren(cond);
  const operators = cond.childrenForFieldName('operators');
  if (operands.length !== 2 || operators.length !== 1) return undefined;
  const op = operators[0]?.text;
  const lengthOf = (n: Node): string | undefined => {
    while (n.type === 'parenthesized_expression' && codeChildren(n).length === 1) n = codeChildren(n)[0];
    if (n.type === 'named_expression') n = n.childForFieldName('value') ?? n;
    if (n.type !== 'call') return undefined;
    const fn = n.childForFieldName('function');
    const args = positionalArguments(n);
    if (!fn || args.length !== 1 || args[0].type !== 'identifier' || !context.semantics.qualifiedNames(fn).includes('builtins.len')) return undefined;
    return normalizeIdentifier(args[0].text);
  };
  const [a, b] = operands;
  const left = lengthOf(a);
  const right = left === undefined ? lengthOf(b) : undefined;
  const name = left ?? right;
  if (name === undefined) return undefined;
  if (left !== undefined ? op !== '<' && op !== '<=' : op !== '>' && op !== '>=') return undefined;
  const m = magnitudeOf(context, left !== undefined ? b : a);
  return m?.isInt && !m.negative ? { name, size: m.abs } : undefined;
}

function tabCount(text: string | undefined): number {
  let n = 0;
  if (text !== undefined) for (let i = text.indexOf('\t'); i !== -1; i = text.indexOf('\t', i + 1)) n++;
  return n;
}

/**
 * The length of `s.translate(table)` for a string that folds and a dict display (written there or
 * bound once) whose values fold to strings: each character the table maps becomes its value
 * (`("a" * 10**5).translate({97: "b" * 10**5})` is 10**10 characters). Undefined when either
 * is not known.
 */
function translatedSize(context: RuleContext, receiver: Node, table: Node): number | undefined {
  const text = context.semantics.foldString(receiver);
  if (text === undefined) return undefined;
  const dicts = context.semantics.resolve(table).filter((v) => v.kind === 'container' && v.node.type === 'dictionary');
  if (dicts.length !== 1 || dicts[0].kind !== 'container') return undefined;
  const lengths = new Map<number, number>();
  for (const pair of codeChildren(dicts[0].node)) {
    if (pair.type !== 'pair') return undefined;
    const key = context.semantics.fold(pair.childForFieldName('key'));
    const value = context.semantics.fold(pair.childForFieldName('value'));
    const code = key?.t === 'int' ? Number(key.v) : key?.t === 'str' && key.v.length === 1 ? key.v.codePointAt(0)! : undefined;
    if (code === undefined) return undefined;
    if (value?.t === 'str') lengths.set(code, value.v.length);
    else if (value?.t !== 'none' && value?.t !== 'int') return undefined;
  }
  let size = 0;
  for (const ch of text) size += lengths.get(ch.codePointAt(0)!) ?? 1;
  return size;
}

export const hugeAllocation: Rule = {
  meta: {
    code: 'PC602',
    name: 'huge-allocation',
    summary: 'Builds a string, bytes or container larger than the policy allows, or sleeps longer than it allows',
    defaultSeverity: 'error',
    docs: {
      what: [
        'Allocations whose size folds to more than `limits.max-allocation` items, and sleeps longer than `limits.max-sleep-seconds`:',
        '',
        '- **Repetition**: `"a" * 12345678901`, `[0] * 10**9`, `s *= 10**10`, `operator.mul([0], 10**10)`; `repr(x) * 10**9` (never empty); `("x" + s) * 10**9` (as long as its known parts); `self.key() * 10**9` when every function it may call returns a tuple display or a fresh list display.',
        '- **Concatenation** of sequences of known length, each within the limit and together past it: `"[" * 10**8 + "]" * 10**8`.',
        '- **Materialising** a large iterable: `list(range(10**12))`, `sorted`, `set`, `"".join` (also of few items, long together: `"\\n".join([row] * 10**6)`), `sum(rows, [])`, comprehensions (nested ones by the product of their sizes), `[*range(10**12)]`, `f(*range(10**12))`, `first, *rest = range(10**11)`; `bytes(n)`, `bytearray(n)`; copies of a known-length sequence made per item of a comprehension.',
        '- **String methods**: `.ljust`/`.rjust`/`.center`/`.zfill`/`int.to_bytes` to huge widths; `.replace(old, new)` by the occurrences of `old` times the length of `new`; `.expandtabs(n)` of a string with tabs; `.translate(table)` to long strings.',
        '- **Formatting**: widths and precisions (`f"{1:{10**10}}"`, `"{:10000000000}".format(x)`, `.format_map` of a dict written out, `format(x, "10000000000")`, `"%*d" % (10**10, 1)`); `:f` of a `Decimal` with a huge exponent (not with a precision that cuts a negative one); `json.dumps(indent=10**10)`.',
        '- **Libraries**: `random.randbytes`/`getrandbits`/`choices(k=)`/`sample`, `secrets.token_bytes`; `hashlib.scrypt` whose `maxmem` lets it hold `128 * n * r` bytes; pandas frames whose `index` times `columns` pass the limit, ranges of huge `periods`, `Series`/`Index`/`DataFrame` of a huge iterable (not a lazy `RangeIndex`), `df.sample(10**10, replace=True)`.',
        '- **Combinatoric iterators** whose item count (estimated, never enumerated) passes the limit, `itertools.product(range(100), repeat=20)`, unless only `next(...)` or `islice(it, n)` within the limit reads them; and those whose input passes it, which they copy when made.',
        '- **Growth in loops**: a `while` bounding a length past the limit (`while len(s) < 10**15`) whose body doubles it; a `for` of known passes with no way out that doubles or repeats a known non-empty value (`s += s`, `xs.extend(xs)`, `s = grow(s)` with `def grow(t): return t + t`) past the limit, or appends a new allocation of known size to a list it keeps (`CACHE.append(bytearray(10**6))` on 10**5 passes).',
        '- **Sleeps**: `time.sleep`/`asyncio.sleep` past the limit, unless handed straight to `asyncio.wait_for` with a timeout within it.',
        '',
        'Sizes are followed through names, `functools.partial`, `max`/`min`/`abs`/`sum`/`len`, `x % n` (as `n - 1`), `m.get(k, default)`, dict items and `__index__` of a class of the file. A parameter counts as the largest of its default and what the calls of the file pass (`def pad(s, n=10**11): return s * n` called as `pad("a")`), or as what it is assigned before the read; a size known only to be at least a huge number as that number (`max(10, w) * 10**10`). Endless iterators consumed whole are PC603\'s.',
      ].join('\n'),
      why:
        'Resource exhaustion is the first threat of the PyCon 2014 talk: one expression with allowed builtins and literals asks the host for gigabytes, and the process is killed by the operating system — taking every other plugin and request with it — before any timeout fires. A long sleep holds the host\'s worker without using any CPU a CPU limit would notice; pysandbox leaves `time.sleep` out for that reason.',
      example: 's = "a" * 12345678901\nzeros = bytearray(10 ** 10)\npadded = f"{1:{10**10}}"\nimport itertools\ncombos = list(itertools.product(range(100), repeat=20))\nimport time\ntime.sleep(10 ** 9)',
      instead: 'Bound sizes by the input (`"=" * len(title)`), stream instead of materialising (`for i in range(n)`, `itertools.islice`), and wait with the host\'s scheduler rather than `sleep`.',
    },
  },
  create(context) {
    const { policy } = context;
    const limit = policy.limits.maxAllocation;
    const over = (node: Node, size: number, unit: Unit, what = `'${shortText(node)}' allocates about`): void => {
      context.report({ node, message: `${what} ${formatCount(size)} ${unit}, more than the limit of ${formatCount(limit)}; the host runs out of memory; not allowed by policy '${policy.name}'` });
    };
    const overWidth = (node: Node, size: number): void => {
      context.report({ node, message: `format width or precision ${formatCount(size)} in '${shortText(node)}' builds a string of that many characters, more than the limit of ${formatCount(limit)}; not allowed by policy '${policy.name}'` });
    };
    /**
     * `f"{Decimal('1e10000000000'):f}"`, `format(d, "f")`: fixed-point notation writes every digit
     * and zero of the exponent out, whatever the context precision; a precision written out cuts a
     * negative exponent's zeros (`:.2f` of 1e-10000000000 is "0.00"). True when reported.
     */
    const fixedPoint = (node: Node, value: Node | null, spec: string): boolean => {
      if (!/[fF%]$/.test(spec)) return false;
      const d = decimalConstructed(context, value);
      const written = d && d.coefficientDigits > 0 && (d.exponent >= 0 || !/\.\d/.test(spec)) ? d.coefficientDigits + Math.abs(d.exponent) : 0;
      if (written <= limit) return false;
      over(node, written, 'characters', `'${shortText(node)}' writes the decimal out in fixed-point, about`);
      return true;
    };
    const materialised = (node: Node, iterable: Node | undefined): void => {
      if (!iterable || isCheckedAllocation(context, iterable)) return;
      const size = iterationSize(context, iterable);
      if (!size || size.endless || size.combinatoric || size.count === undefined) return;
      if (size.count > limit) over(node, size.count, 'items', `'${shortText(node)}' materialises about`);
    };
    /** Reports a DataFrame whose `index` and `columns` (keywords or 2nd and 3rd arguments) make more cells than the limit; true when reported. */
    const frameCells = (call: Node): boolean => {
      const positional = positionalArguments(call);
      const [index, columns] = [keywordArgument(call, 'index') ?? positional[1], keywordArgument(call, 'columns') ?? positional[2]];
      const [rows, cols] = [index && iterationSize(context, index), columns && iterationSize(context, columns)];
      if (!rows || !cols || rows.endless || cols.endless || rows.count === undefined || cols.count === undefined) return false;
      const cells = rows.count * cols.count;
      if (cells <= limit) return false;
      over(call, cells, 'items', `'${shortText(call)}' makes about`);
      return true;
    };
    /**
     * `hashlib.scrypt(pw, salt=s, n=2**20, r=8, p=1, maxmem=2**31 - 2)`: scrypt holds `128 * n * r`
     * bytes while it mixes; OpenSSL refuses unless `maxmem` (32 MiB when not given) is more than
     * that, and CPython refuses a `maxmem` of `INT_MAX` or more before calling it.
     */
    const scryptMemory = (call: Node): void => {
      const [n, r, maxmem] = ['n', 'r', 'maxmem'].map((k) => magnitudeOf(context, keywordArgument(call, k)));
      if (!n?.isInt || !r?.isInt || !maxmem?.isInt || maxmem.negative || maxmem.abs >= 2 ** 31 - 1) return;
      const bytes = 128 * n.abs * r.abs;
      if (bytes > limit && maxmem.abs > bytes) over(call, bytes, 'bytes');
    };
    const checkTemplate = (call: Node, template: string, named: (name: string) => Node | undefined = (name) => keywordArgument(call, name)): void => {
      const fields = templateFields(template);
      if (!fields) return;
      const positional = positionalArguments(call);
      for (const field of fields) {
        let spec = field.spec;
        let ok = true;
        let k = 0;
        spec = spec.replace(/\{[^{}]*\}/g, () => {
          const ref = field.refs[k++];
          const arg = typeof ref === 'number' ? positional[ref] : ref !== undefined ? named(ref) : undefined;
          const text = specNumber(magnitudeOf(context, arg));
          if (text === undefined) ok = false;
          return text ?? '';
        });
        const size = ok ? specSize(spec) : 0;
        if (size > limit) return overWidth(call, size);
      }
    };
    return {
      // `[*range(10**12)]`, `f(*itertools.repeat(1, 10**12))`: unpacking builds a list or the
      // tuple of arguments from every item.
      list_splat(node) {
        const unpacked = unpackedBy(node);
        if (unpacked) materialised(unpacked.node, unpacked.iterable);
      },
      assignment(node) {
        // `first, *rest = range(10**11)`: the starred target takes a list of every other item.
        const left = node.childForFieldName('left');
        if (!left || !STARRABLE_TARGETS.has(left.type) || !codeChildren(left).some((c) => c.type === 'list_splat_pattern')) return;
        materialised(node, node.childForFieldName('right') ?? undefined);
      },
      while_statement(node) {
        // `while len(s) < 10**15: s += s`: the loop ends only once `s` holds that many items.
        const bound = lengthBound(context, node.childForFieldName('condition'));
        if (!bound || bound.size <= limit) return;
        const grows = lengthGrowthOf(context, node, bound.name);
        if (!grows || loopExit(context, node, true)) return;
        context.report({
          range: { start: context.rangeOf(node).start, end: context.rangeOf(node.childForFieldName('condition') ?? node).end },
          message: `'while ${shortText(node.childForFieldName('condition') ?? node, 30)}' grows '${bound.name}' ('${shortText(grows)}') until it holds about ${formatCount(bound.size)} items, more than the limit of ${formatCount(limit)}; the host runs out of memory; not allowed by policy '${policy.name}'`,
        });
      },
      for_statement(node) {
        const kept = keptAllocation(context, node);
        if (kept && kept.passes * kept.size > limit) {
          context.report({
            node: kept.statement,
            message: `'${shortText(kept.statement)}' keeps about ${formatCount(kept.size)} ${kept.unit} on each of ${formatCount(kept.passes)} passes, about ${formatPower(Math.log10(kept.passes * kept.size))} in all, more than the limit of ${formatCount(limit)}; the host runs out of memory; not allowed by policy '${policy.name}'`,
          });
        }
        for (const g of loopGrowths(context, node)) {
          if (g.measure !== 'length' || g.log10 <= Math.log10(limit)) continue;
          context.report({
            node: g.statement,
            message: `'${shortText(g.statement)}' runs on each of ${formatCount(g.passes)} passes and grows '${g.name}' to about ${formatPower(g.log10)} items, more than the limit of ${formatCount(limit)}; the host runs out of memory; not allowed by policy '${policy.name}'`,
          });
        }
      },
      binary_operator(node) {
        const op = node.childForFieldName('operator')?.text;
        if (op === '*') {
          const rep = repetition(context, node);
          if (rep && rep.size > limit && rep.base <= limit) over(node, rep.size, rep.unit);
          return;
        }
        if (op === '+') {
          const joined = concatenation(context, node);
          if (joined) over(node, joined.length, joined.unit);
          return;
        }
        if (op !== '%') return;
        const template = context.semantics.foldString(node.childForFieldName('left'));
        if (template === undefined) return;
        const right = node.childForFieldName('right');
        const args = right?.type === 'tuple' ? codeChildren(right) : right ? [right] : [];
        for (const f of percentFields(template)) {
          const size = (v: number | { arg: number }): number => (typeof v === 'number' ? v : (magnitudeOf(context, args[v.arg])?.abs ?? 0));
          const total = Math.max(size(f.width), percentPrecisionGrows(f.type) ? size(f.precision) : 0);
          if (total > limit) return overWidth(node, total);
        }
      },
      augmented_assignment(node) {
        if (node.childForFieldName('operator')?.text !== '*=') return;
        const target = node.childForFieldName('left');
        const count = magnitudeOf(context, node.childForFieldName('right'));
        if (target?.type !== 'identifier' || !count?.isInt) return;
        const starts = context.semantics
          .bindingsOf(target)
          .filter((b) => b.kind === 'assign' && b.value)
          .map((b) => sequenceLength(context, b.value));
        if (!starts.length || starts.some((s) => !s)) return;
        const seq = starts.reduce((a, b) => (a!.length <= b!.length ? a : b))!;
        const size = count.negative ? 0 : seq.length * count.abs;
        if (size > limit && seq.length <= limit) over(node, size, seq.unit);
      },
      call(node) {
        const fn = node.childForFieldName('function');
        if (!fn) return;
        // `alloc = partial(bytearray, 10**12)` then `alloc()`: the arguments the partial bound come first.
        const bound = fn.type === 'identifier' ? context.semantics.partialArguments(fn) : [];
        const args = bound.length ? [...bound, ...positionalArguments(node)] : positionalArguments(node);
        let names = context.semantics.qualifiedNames(fn);
        if (args.length === 2 && names.some((q) => MULTIPLY_FUNCTIONS.has(q))) {
          const rep = repetitionOf(context, args[0], args[1]);
          if (rep && rep.size > limit && rep.base <= limit) over(node, rep.size, rep.unit);
          return;
        }
        // `rng = random.Random(seed)` then `rng.choices(xs, k=10**10)`: the module's functions are its methods.
        if (!names.length && fn.type === 'attribute') {
          const method = `random.${normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '')}`;
          const receiver = fn.childForFieldName('object');
          if (method in SIZED_RESULTS && receiver && isMadeBy(context, receiver, (q) => q === 'random.Random' || q === 'random.SystemRandom')) names = [method];
        }
        for (const q of names) {
          if (SLEEPS.has(q)) {
            const m = magnitudeOf(context, args[0] ?? keywordArgument(node, 'seconds') ?? keywordArgument(node, 'delay'));
            if (m && !m.negative && m.abs > policy.limits.maxSleepSeconds && !cutShort(context, node, policy.limits.maxSleepSeconds)) {
              context.report({
                node,
                message: `'${shortText(node)}' waits ${formatCount(m.abs)} seconds, more than the limit of ${policy.limits.maxSleepSeconds}; it holds the host's worker; not allowed by policy '${policy.name}'`,
              });
            }
            return;
          }
          if (q === 'builtins.bytes' || q === 'builtins.bytearray') {
            const m = args.length === 1 ? magnitudeOf(context, args[0]) : undefined;
            if (m?.isInt) {
              if (!m.negative && m.abs > limit) over(node, m.abs, 'bytes');
              return;
            }
            return materialised(node, args[0]);
          }
          if (q in MATERIALISERS) {
            if (q === 'collections.deque' && (keywordArgument(node, 'maxlen') || args.length > 1)) return;
            // `pd.DataFrame(0, index=range(10**6), columns=range(10**6))`: a cell per row and column.
            if (q === 'pandas.DataFrame' && frameCells(node)) return;
            return materialised(node, args[MATERIALISERS[q]]);
          }
          if (q === 'hashlib.scrypt') return scryptMemory(node);
          // `sum(rows, [])`: each list copied onto the ones before it, into one of every item.
          if (q === 'builtins.sum' && args.length === 2) {
            const start = sequenceLength(context, args[1]);
            const summed = start?.unit === 'items' ? joinedLength(context, args[0], 0, 'items') : undefined;
            if (summed && summed.items <= limit && summed.length + start!.length > limit) over(node, summed.length + start!.length, 'items', `'${shortText(node)}' adds the lists into about`);
            return;
          }
          if (COMBINATORICS.has(q)) {
            // Made at once, however few items are read: each input copied to a tuple, `repeat` times for product().
            const copied = combinatoricInput(context, node, q);
            if (copied !== undefined && copied > limit) return over(node, copied, 'items', `'${shortText(node)}' copies its input, about`);
            if (consumedBriefly(context, node, limit)) return;
            const size = iterationSize(context, node);
            if (size?.count !== undefined && size.count > limit) over(node, size.count, 'items', `'${shortText(node)}' yields about`);
            return;
          }
          if (q in SIZED_RESULTS) {
            const { unit, per, index = 0, keyword } = SIZED_RESULTS[q];
            const m = magnitudeOf(context, (index >= 0 ? args[index] : undefined) ?? (keyword ? keywordArgument(node, keyword) : undefined));
            if (m?.isInt && !m.negative && m.abs * per > limit) over(node, m.abs * per, unit);
            return;
          }
          if (q === 'builtins.format' && args.length >= 2) {
            // A spec a parameter takes (`def pad(v, spec="_>12000000000")`): the default and what the calls pass.
            const specs = possibleStrings(context, args[1]) ?? [];
            const size = specs.reduce((largest, spec) => Math.max(largest, specSize(spec)), 0);
            if (size > limit) return overWidth(node, size);
            for (const spec of specs) if (fixedPoint(node, args[0], spec)) return;
            return;
          }
        }
        if (fn.type !== 'attribute') return;
        const method = normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '');
        const receiver = fn.childForFieldName('object');
        // `df.sample(10**10, replace=True)`: that many rows drawn with replacement (without, more
        // rows than the frame has raise at once).
        const replace = method === 'sample' ? context.semantics.fold(keywordArgument(node, 'replace')) : undefined;
        if (replace?.t === 'bool' && replace.v && receiver) {
          if (!isMadeBy(context, receiver, (q) => q === 'pandas' || q.startsWith('pandas.'))) return;
          const n = magnitudeOf(context, args[0] ?? keywordArgument(node, 'n'));
          if (n?.isInt && !n.negative && n.abs > limit) over(node, n.abs, 'items');
          return;
        }
        if (WIDTH_METHODS.has(method) || method === 'expandtabs') {
          const width = magnitudeOf(context, args[0] ?? keywordArgument(node, method === 'to_bytes' ? 'length' : method === 'expandtabs' ? 'tabsize' : 'width'));
          // Each tab becomes up to `tabsize` spaces: `("\t" * 100).expandtabs(10**7)` makes 10**9.
          const tabs = method === 'expandtabs' ? tabCount(context.semantics.foldString(receiver)) : 1;
          if (tabs === 0) return;
          if (width?.isInt && !width.negative && width.abs * tabs > limit) over(node, width.abs * tabs, method === 'to_bytes' ? 'bytes' : 'characters');
          return;
        }
        if (method === 'translate' && args.length === 1 && receiver) {
          const size = translatedSize(context, receiver, args[0]);
          if (size !== undefined && size > limit) over(node, size, 'characters');
          return;
        }
        if (method === 'replace' && receiver && (args.length === 2 || args.length === 3)) {
          const size = replacedSize(context, receiver, args[0], args[1], args[2]);
          if (size !== undefined && size > limit) over(node, size, 'characters');
          return;
        }
        if ((method === 'digest' || method === 'hexdigest') && args.length === 1) {
          const m = magnitudeOf(context, args[0]);
          if (m?.isInt && !m.negative && m.abs > limit) over(node, m.abs, 'bytes');
          return;
        }
        const template = receiver ? context.semantics.foldString(receiver) : undefined;
        if (template === undefined) return;
        if (method === 'format_map' && args.length === 1) {
          // `"{name:^{w}}".format_map(opts)` with `opts = {"w": 2 ** 36}`: the dict's values by key.
          const mapping = writtenDict(context, args[0]);
          if (mapping) checkTemplate(node, template, (name) => mapping.get(name));
          return;
        }
        if (method === 'join') {
          materialised(node, args[0]);
          // Python counts code points, not UTF-16 units.
          const joined = args[0] ? joinedLength(context, args[0], [...template].length) : undefined;
          if (joined && joined.items <= limit && joined.length > limit) over(node, joined.length, 'characters', `'${shortText(node)}' joins about`);
        }
        else if (method === 'format') checkTemplate(node, template);
      },
      interpolation(node) {
        const spec = node.childForFieldName('format_specifier');
        if (!spec) return;
        // Rebuild the spec text with each nested `{expr}` replaced by its folded value.
        let text = '';
        let at = spec.startIndex;
        for (const part of spec.namedChildren) {
          if (part?.type !== 'format_expression') continue;
          // A number is formatted as its digits, a string as itself (`{"9" * 12}`: width 999999999999).
          const expression = part.childForFieldName('expression');
          const value = specNumber(magnitudeOf(context, expression)) ?? specText(context.semantics.foldString(expression));
          if (value === undefined) return;
          text += context.source.slice(at, part.startIndex) + value;
          at = part.endIndex;
        }
        text = (text + context.source.slice(at, spec.endIndex)).replace(/^:/, '');
        const size = specSize(text);
        if (size > limit) return overWidth(node, size);
        fixedPoint(node, node.childForFieldName('expression'), text);
      },
      list_comprehension: (node) => comprehension(node),
      set_comprehension: (node) => comprehension(node),
      dictionary_comprehension: (node) => comprehension(node),
    };
    function comprehension(node: Node): void {
      const size = comprehensionSize(context, node, 0);
      if (!size || size.endless || size.combinatoric || size.count === undefined) return;
      if (size.count > limit) return over(node, size.count, 'items', `'${shortText(node)}' materialises about`);
      // `[[0] * 10**5 for _ in range(10**5)]`, `[[0 for _ in range(5000)] for _ in range(5000)]`:
      // each item is itself a sequence of known length. An item over the limit is reported where
      // it is written; only a product of items each within it is reported here.
      const item = comprehensionItem(node);
      if (item && item.length <= limit && size.count * item.length > limit) {
        over(node, size.count * item.length, item.unit, `'${shortText(node)}' materialises about`);
      }
    }
    /** What each item of a list, set or dict comprehension holds, when it is a sequence of known length. */
    function comprehensionItem(node: Node, depth = 0): { length: number; unit: Unit } | undefined {
      let body = node.childForFieldName('body');
      if (body?.type === 'pair') body = body.childForFieldName('value');
      while (body?.type === 'parenthesized_expression' && body.namedChildCount === 1) body = body.namedChild(0);
      if (!body) return undefined;
      if (body.type === 'binary_operator' || body.type === 'list' || body.type === 'tuple' || body.type === 'subscript' || body.type === 'call') return sequenceLength(context, body);
      if (depth >= MAX_LENGTH_DEPTH || !MATERIALISED_COMPREHENSIONS.has(body.type)) return undefined;
      const inner = comprehensionSize(context, body, 0);
      if (!inner || inner.endless || inner.combinatoric || inner.count === undefined) return undefined;
      const nested = comprehensionItem(body, depth + 1);
      return nested ? { length: inner.count * nested.length, unit: nested.unit } : { length: inner.count, unit: 'items' };
    }
  },
  tests: {
    valid: [
      {
        code: 'row = "0" * 10 ** 6\nparts = [row] * 10 ** 6\nparts.clear()\ntext = "\\n".join(parts)\ntable = [[0] * 1000] * 10 ** 6\ndel table[10:]\nflat = sum(table, [])\nwide = "\\U0001F600".join(["a"] * 4 * 10 ** 7)',
        note: 'lists cut before the join or sum; a separator of one code point (two UTF-16 units) counted as one character',
      },
      {
        code: 'class Meter:\n    def __init__(self):\n        self.total = 0\n    def __add__(self, s):\n        self.total += len(s)\n        return self\nm = Meter() + "a" * 60_000_000 + "b" * 60_000_000',
        note: 'from the review: a part of unknown kind defines what `+` does',
      },
      {
        code: 'CACHE = [1, 2]\n\ndef cached():\n    return CACHE\n\ndef pair(x):\n    return (x, x)\n\ndef maybe(x):\n    if x:\n        return (x, x)\n\ndef bare(x):\n    if x:\n        return\n    return (x, x)\n\nCACHE.clear()\na = cached() * 10**8\nb = pair(1) * 1000\nc = maybe(0) * 10**8\nd = bare(1) * 10**8',
        note: 'a module list a call hands out (it may have been emptied), a small repetition, calls that may end without a value (`None * n` fails at once)',
      },
      {
        code: 'def gen():\n    yield 1\n    return (1, 2)\n\nasync def coro():\n    return (1, 2)\n\ndef emptied():\n    xs = [1, 2]\n    xs.clear()\n    return xs\n\nx = gen() * 10**9\ny = coro() * 10**9\nz = emptied() * 10**9',
        note: 'a generator or coroutine is no sequence; a list a function binds to a name first may have been emptied before it is returned',
      },
      {
        code: 'def pick(k, x):\n    if k < 0:\n        return x\n' + Array.from({ length: 16 }, (_, i) => `    if k == ${i}:\n        return (1, 2)\n`).join('') + '    return (3, 4)\n\ny = pick(5, []) * 10**9',
        note: 'more returns than the resolver reads for a call: the one it left out may be empty',
      },
      { code: 'def banner(text, rounds):\n    out = text\n    for _ in range(rounds):\n        out += out\n    return out\n\nbanner("x" * 10000, 2)\nbanner("-", 20)\n\ndef sub(text, pad):\n    return text.replace(" ", " " * pad)\n\nsub(" " * 10 ** 6, 1)\nsub("a b", 1000)', note: 'the largest start and the most passes (or the largest text and the longest pad) come from different calls' },
      { code: 'START = 1_700_000_000\nEND = 1_700_000_060\n\ndef bar(label, xs):\n    v = len(xs) + 2 ** 40\n    return "." * (len(label) + END - START), [0] * (v - 2 ** 40), list(range(len(xs) + 10 ** 9, 10 ** 9 + 5))', note: 'a sum known from below, minus what it was raised by: no bound; nor a range counted from such a start' },
      { code: 'def bar(width):\n    if width > 5:\n        width = max(10, width) * 10 ** 10\n    return "?" * width\n\ndef pad(width):\n    width = max(10, width) * 10\n    return "?" * width\n\ndef scale(a):\n    return (a + 1) * 10 ** 9', note: 'an assignment behind an if leaves the parameter on the other path; at least 100 is small; a sum of a number is no sequence' },
      {
        code: 'import asyncio\nasync def capped(limit=0.05):\n    try:\n        await asyncio.wait_for(asyncio.sleep(86400), timeout=limit)\n    except asyncio.TimeoutError:\n        return "timed out"',
        note: 'a long sleep handed straight to wait_for with a short timeout',
      },
      { code: 'limits = {"a": 16, "b": 32}\ndef buffer(kind, xs, i):\n    return [None] * limits[kind] + [0] * xs[i]', note: 'a table of small sizes; an item of a parameter' },
      { code: 's = "a"\nwhile len(s) < 1000:\n    s += s\nt = "a"\nwhile len(t) < 10 ** 15:\n    t += t\n    if len(t) > 100:\n        break\nu = "a"\nwhile len(u) < 10 ** 15:\n    u += "b"', note: 'a small bound; a way out; growth by a constant (slow, not a doubling: PC602 looks at allocation by doubling)' },
      { code: 'a = "a\\tb".expandtabs(8)\nb = ("\\t" * 3).expandtabs(1000)\nc = "abc".translate({97: "xy", 98: None})\nd = text.translate(table)', note: 'a few tabs; a small table; a string or table that does not fold' },
      {
        code: 'import itertools\nfirst = list(itertools.islice(itertools.product(range(10), repeat=20), 5))\nit = itertools.permutations(range(20))\nhead = next(it)\nmore = list(itertools.islice(it, 1, 10))',
        note: 'a few items read from a huge combinatoric iterator, which makes them one at a time',
      },
      { code: "def grow(s):\n    return s + s\ns = \"a\"\nfor _ in range(5):\n    s = grow(s)\ndef inc(n):\n    return n + 1\nk = 1\nfor _ in range(100):\n    k = inc(k)", note: "a few doublings through a function; a counter through a function" },
      { code: "class P:\n    def __index__(self):\n        return 3\nxs = [0] * P()", note: "a small __index__" },
      { code: "a, *b = range(5)\nprint(*range(10), *[1, 2])\nn = 10 ** 10\nn = 5\ns = \"x\" * n\nd = dict(size=100)\nbuf = bytearray(d[\"size\"])", note: "a target star; small unpackings; the last assignment before the read decides; a small dict item" },
      { code: 'def make(n=10):\n    if n > 100:\n        n = 100\n    return "x" * n\ndef pad(k=8):\n    return [0] * k\npad(3)\nmake(10 ** 9)', note: 'small defaults and arguments; a parameter clamped before use' },
      { code: 's = "ab"\nfor _ in range(5):\n    s += s', note: '64 characters' },
      { code: 's = ""\nfor _ in range(100):\n    s += s', note: 'an empty string stays empty' },
      { code: 's = "a"\nfor _ in range(40):\n    s += s\n    s = s[:10]', note: 'cut back on every pass' },
      { code: 'for _ in range(40):\n    s += s', note: 'the starting value is unknown' },
      'import random\npicks = random.choices(["a", "b"], k=5)\nhand = random.sample(range(52), 5)',
      'print("=" * 80)',
      'key = b"\\x00" * 16',
      'width = "{:>10}".format(label)\nline = f"{price:>10}"\ngrouped = "{:,}".format(1234567)',
      'squares = [i * i for i in range(100)]\nfirst = list(range(1000))',
      'import itertools\npairs = list(itertools.product("ab", repeat=3))',
      'import time\ntime.sleep(2)',
      'total = price * 10 ** 10',
      { code: 'print "%5d" % 3', note: 'Python 2' },
      'def bytearray(n):\n    return n\nbuf = bytearray(10 ** 10)',
      'import asyncio\nasync def tick():\n    await asyncio.sleep(0)',
      "table = bytes(range(256)) * 4\nrows = list(range(10)) * 3",
      "table = dict(zip(\"abc\", range(3)))\nconfig = dict(debug=True)",
      {
        code: 'def pad(s, n=10 ** 11):\n    return s * n\npad("a", 3)\npad("bb", n=4)\ndef rep(s):\n    return s * 10 ** 11',
        note: 'every call passes a small count for the huge default; a repeated parameter no call in the file gives',
      },
      {
        code: 'import pandas as pd\nidx = pd.date_range("2024-01-01", periods=10, freq="D")\ns = pd.Series(range(10), index=idx)\nr = pd.RangeIndex(10 ** 12)',
        note: 'a few periods; a RangeIndex is lazy like range',
      },
    ],
    invalid: [
      {
        code: 'opts = {"name": "total", "w": 2 ** 36}\ncell = "{name:^{w}}".format_map(opts)\nok = "{name:^{w}}".format_map({"name": "x", "w": 20})',
        errors: [{ range: '2:8-2:38', message: "format width or precision 68719476736 in '\"{name:^{w}}\".format_map(opts)' builds a string of that many characters, more than the limit of 100000000; not allowed by policy 'strict'" }],
        note: 'a nested width taken from a dict written out and handed to format_map',
      },
      {
        code: 'row = "0" * 10 ** 6\ntable = "\\n".join([row] * 10 ** 6)\nlines = ",".join(row for _ in range(10 ** 5))\nrows = [[0] * 1000] * 10 ** 6\nflat = sum(rows, [])\nsmall = "\\n".join([row] * 10)\nok = ",".join(["ab", "cd"] * 1000)\nfine = sum([[1, 2]] * 10, [])\nnums = sum([1, 2, 3], 10)',
        errors: [
          { range: '2:9-2:35', message: "'\"\\n\".join([row] * 10 ** 6)' joins about 1000000999999 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
          { range: '3:9-3:46', message: "'\",\".join(row for _ in range(10 ** 5))' joins about 100000099999 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
          { range: '5:8-5:21', message: "'sum(rows, [])' adds the lists into about 1000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
        ],
        note: 'a join of a million copies of a million-character row, each small alone; sum() adding lists of known length; small joins and sums are not reported',
      },
      {
        code: 'import json\njson.loads("[" * 10 ** 8 + "]" * 10 ** 8)\nhalf = "x" * 6 * 10 ** 7\nrow = (half + "|") + half\nfine = "a" * 10 ** 7 + "b" * 10 ** 7\nbig = "a" * 10 ** 9 + "b"',
        errors: [
          { range: '2:12-2:41', message: "'\"[\" * 10 ** 8 + \"]\" * 10 ** 8' allocates about 200000000 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
          { range: '4:7-4:26', message: "'(half + \"|\") + half' allocates about 120000001 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
          { range: '6:7-6:20', message: "'\"a\" * 10 ** 9' allocates about 1000000000 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
        ],
        note: 'a concatenation whose parts are each within the limit and together past it, reported once at the top of the chain; a part past it alone is reported by itself',
      },
      {
        code: "from itertools import batched\ncell = f\"{0:{\"9\" * 12}}\"\npairs = list(batched(range(10 ** 15), 2))\nok = f\"{0:{\"9\" * 2}}\" + str(list(batched(range(10), 3)))\n",
        errors: [
          { range: '2:10-2:24', message: "format width or precision 999999999999 in '{0:{\"9\" * 12}}' builds a string of that many characters, more than the limit of 100000000; not allowed by policy 'strict'" },
          { range: '3:9-3:42', message: "'list(batched(range(10 ** 15), 2))' materialises about 500000000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
        ],
        note: "a nested spec that folds to a string of digits (PEP 701 lets it use the same quotes); itertools.batched keeps its input's size, divided by n",
      },
      {
        code: 'class Coordinate:\n    def key(self):\n        return (self.lat, self.lon)\n\n    def __hash__(self):\n        return hash(self.key() * 10**9)\n\ndef row(n):\n    return [n, n, n] if n else [0, 0]\n\ngrid = row(1) * 10**8',
        errors: [
          { range: '6:21-6:39', message: "'self.key() * 10**9' allocates about 2000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
          { range: '11:8-11:22', message: "'row(1) * 10**8' allocates about 300000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
        ],
        note: 'a call whose every value is a tuple display, or a list display the call makes: at least the shortest of them',
      },
      {
        code: 'CACHE = []\ndef warm(n=100000):\n    for i in range(n):\n        CACHE.append(bytearray(10 ** 6))\nwarm()\nfor i in range(10 ** 6):\n    buf = []\n    buf.append(bytes(1000))\nrows = []\nfor i in range(1000):\n    rows.append([0] * 100)\nkeep = []\nfor i in range(1000):\n    for j in range(1000):\n        keep += [bytes(1000)]\nring = []\nfor i in range(10 ** 6):\n    ring.extend([bytes(1000)])\n    ring.pop(0)',
        errors: [
          { range: '4:9-4:41', message: "'CACHE.append(bytearray(10 ** 6))' keeps about 1000000 bytes on each of 100000 passes, about 100000000000 in all, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
          { range: '15:9-15:30', message: "'keep += [bytes(1000)]' keeps about 1000 bytes on each of 1000000 passes, about 1000000000 in all, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
        ],
        note: 'a cache kept across passes, also over nested loops; a container made anew on each pass, one the loop empties again, and a small total, are fine',
      },
      {
        code: 'import json\nfrom decimal import Decimal\ndef pad(value, spec="_>12000000000"):\n    return format(value, spec)\ndef export(config):\n    return json.dumps(config, indent=10 ** 10)\ndef plain(text):\n    return f"{Decimal(text):f}"\npad(42)\nplain("1e10000000000")',
        errors: [
          { range: '4:12-4:31', message: "format width or precision 12000000000 in 'format(value, spec)' builds a string of that many characters, more than the limit of 100000000; not allowed by policy 'strict'" },
          { range: '6:12-6:47', message: "'json.dumps(config, indent=10 ** 10)' allocates about 10000000000 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
          { range: '8:14-8:31', message: "'{Decimal(text):f}' writes the decimal out in fixed-point, about 10000000001 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
        ],
        note: 'a format spec a parameter takes by default; a json indent; a decimal written out in fixed-point',
      },
      {
        code: 'from decimal import Decimal\ndef plain(text):\n    return format(Decimal(text), "f")\nplain("1e10000000000")\nsmall = format(Decimal("1e-10000000000"), ".2f")',
        errors: [{ range: '3:12-3:38', message: "'format(Decimal(text), \"f\")' writes the decimal out in fixed-point, about 10000000001 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: 'the same through format(); a precision cuts a negative exponent',
      },
      {
        code: 'def spaced(text):\n    return text.replace("", " " * 10 ** 5)\n\ndef run(data):\n    return len(spaced("a" * 10 ** 5))\n\ndef fine(text):\n    return text.replace("", " ")\n\nfine("abc")',
        errors: [{ range: '2:12-2:43', message: "'text.replace(\"\", \" \" * 10 ** 5)' allocates about 10000200000 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: 'a parameter replaced in is measured with what each call of the file passes it',
      },
      {
        code: 'def banner(text, rounds):\n    out = text\n    for _ in range(rounds):\n        out += out\n    return out\n\ndef run(data):\n    return len(banner(data.get("text", "-"), 64))\n\ndef small(text):\n    out = text\n    for _ in range(4):\n        out += out\n    return out\n\nsmall("ab")',
        errors: [{ range: '4:9-4:19', message: "'out += out' runs on each of 64 passes and grows 'out' to about 2e19 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: 'a parameter starts as what the calls of the file pass it, here the default of a lookup',
      },
      {
        code: 'import random\n\ndef sample(k):\n    return random.choices(range(10), k=k)\n\ndef run(data):\n    return sample(data.get("rows", 10 ** 10))',
        errors: [{ range: '4:12-4:42', message: "'random.choices(range(10), k=k)' allocates about 10000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: 'the default of a lookup a call passes to the parameter is one value it gets',
      },
      {
        code: 'import pandas as pd\ndf = pd.DataFrame({"a": [1, 2]})\nbig = df.sample(10 ** 10, replace=True)\nfew = df.sample(5, replace=True)\nraises = df.sample(10 ** 10)',
        allowModules: ['pandas'],
        errors: [{ range: '3:7-3:40', message: "'df.sample(10 ** 10, replace=True)' allocates about 10000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: 'rows drawn with replacement; without it, more rows than the frame has raise at once',
      },
      {
        code: 'import hashlib\nimport pandas as pd\nkey = hashlib.scrypt(b"pw", salt=b"salt", n=2 ** 20, r=8, p=1, maxmem=2 ** 31 - 2)\nrefused = [hashlib.scrypt(b"pw", salt=b"s", n=2 ** 20, r=64, p=1), hashlib.scrypt(b"pw", salt=b"s", n=2 ** 20, r=64, p=1, maxmem=2 ** 34)]\nusual = hashlib.scrypt(b"pw", salt=b"s", n=2 ** 14, r=8, p=1, maxmem=2 ** 26)\ngrid = pd.DataFrame(0, index=range(10 ** 6), columns=range(10 ** 6))\nsmall = pd.DataFrame(0, index=range(100), columns=["a", "b"])',
        allowModules: ['pandas'],
        errors: [
          { range: '3:7-3:83', message: "'hashlib.scrypt(b\"pw\", salt=b\"salt\", n...' allocates about 1073741824 bytes, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
          { range: '6:8-6:69', message: "'pd.DataFrame(0, index=range(10 ** 6),...' makes about 1000000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
        ],
        note: 'scrypt holds 128 * n * r bytes, which OpenSSL refuses unless maxmem (32 MiB when not given) is more, and CPython refuses a maxmem of INT_MAX or more; a frame has a cell per row and column',
      },
      {
        code: 'def bar(width):\n    width = max(10, width) * 10 ** 10\n    return "?" * width\n\ndef label(rows):\n    return "M(" + repr(rows) * 10 ** 9 + ")" + ("x" + rows) * 10 ** 9',
        errors: [
          { range: '3:12-3:23', message: "'\"?\" * width' allocates about 100000000000 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
          { range: '6:19-6:39', message: "'repr(rows) * 10 ** 9' allocates about 1000000000 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
          { range: '6:48-6:70', message: "'(\"x\" + rows) * 10 ** 9' allocates about 1000000000 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
        ],
        note: 'a parameter assigned again on every path, at least 10 * 10**10; a repr is never empty, a concatenation at least as long as its known parts',
      },
      {
        code: 'import operator\nrows = operator.mul([0], 10 ** 10)\npad = operator.mul(10 ** 9, "ab")\nsmall = operator.mul([0], 10)\nnumber = operator.mul(3, 10 ** 10)',
        errors: [
          { range: '2:8-2:35', message: "'operator.mul([0], 10 ** 10)' allocates about 10000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
          { range: '3:7-3:34', message: "'operator.mul(10 ** 9, \"ab\")' allocates about 2000000000 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
        ],
        note: 'operator.mul repeats a sequence as * does',
      },
      {
        code: 'import random\nSAMPLING = {"seed": 1}\ndef draw():\n    rng = random.Random(1)\n    k = SAMPLING.get("sample_size", 10 ** 10)\n    return rng.choices(range(100), k=k)',
        errors: [{ range: '6:12-6:40', message: "'rng.choices(range(100), k=k)' allocates about 10000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: 'the methods of a random.Random are the module functions',
      },
      {
        code: 'import asyncio\nasync def process(item):\n    await asyncio.sleep(10 ** 9 * (item % 3))\n    return "x" * (item % 1000)',
        errors: [{ range: '3:11-3:46', message: "'asyncio.sleep(10 ** 9 * (item % 3))' waits 2000000000 seconds, more than the limit of 3600; it holds the host's worker; not allowed by policy 'strict'" }],
        note: '`x % 3` may be as large as 2, whatever `x` is',
      },
      {
        code: 'class Pager:\n    def __init__(self, items):\n        self.items = list(items)\npages = Pager(range(10 ** 10))\ndef small(items):\n    return list(items)\nsmall(range(10))\nsmall([1, 2])',
        errors: [{ range: '3:22-3:33', message: "'list(items)' materialises about 10000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: 'a parameter is as large as the largest iterable the calls in the file pass for it (a class call passes to __init__)',
      },
      {
        code: 'from functools import partial\nalloc = partial(bytearray, 10 ** 12)\nbuf = alloc()',
        errors: [{ range: '3:7-3:14', message: "'alloc()' allocates about 1000000000000 bytes, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: 'the arguments `functools.partial` bound come before the call\'s own',
      },
      {
        code: 'row = [0.0] * 100000\nmatrix = [row[:] for _ in range(100000)]\nfew = [row[-5:] for _ in range(100000)]\nseed = "x" * 1000\ngrown = seed.replace("x", "y" * 10 ** 8)\nbuf = " " * 10 ** 6\nout = buf.replace("\\n", "x" * 200)\nWIDTHS = [8, 10 ** 10]\ncells = " | ".join(f"{c:<{w}}" for c, w in zip("ab", WIDTHS))\nfor n in (1, 2, 3):\n    s = "x" * n',
        errors: [
          { range: '2:10-2:41', message: "'[row[:] for _ in range(100000)]' materialises about 10000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
          { range: '5:9-5:41', message: "'seed.replace(\"x\", \"y\" * 10 ** 8)' allocates about 100000000000 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
          { range: '9:22-9:30', message: "format width or precision 10000000000 in '{c:<{w}}' builds a string of that many characters, more than the limit of 100000000; not allowed by policy 'strict'" },
        ],
        note: 'a slice of a sized sequence copied per item; a replacement counted by the occurrences of what it replaces (none of a line break in spaces); a loop name as the largest number it takes',
      },
      {
        code: 'grid = [[[0 for _ in range(5000)] for _ in range(5000)] for _ in range(5000)]\nrows = {i: [[0] * 100 for _ in range(10 ** 4)] for i in range(1000)}\nok = [[0 for _ in range(5000)] for _ in range(5000)]\nlazy = [(x for x in range(10 ** 9)) for _ in range(10 ** 4)]',
        errors: [
          { range: '1:8-1:78', message: "'[[[0 for _ in range(5000)] for _ in r...' materialises about 125000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
          { range: '2:8-2:69', message: "'{i: [[0] * 100 for _ in range(10 ** 4...' materialises about 1000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
        ],
        note: 'comprehensions nested in comprehensions multiply; 25 million items, and generators made one per item, are within the limit',
      },
      {
        code: 'names = ["small", "large"]\nsizes = [16, 10 ** 13]\nlimits = dict(zip(names, sizes))\ndef buffer(kind):\n    return [None] * limits[kind]',
        errors: [{ range: '5:12-5:33', message: "'[None] * limits[kind]' allocates about 10000000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: 'an item under a key that does not fold may be the largest value of the table',
      },
      {
        code: 'def seed():\n    return "ab"\ns = seed()\nwhile (n := len(s)) < 10 ** 15:\n    s += s\nxs = ["é"]\nwhile 10 ** 12 > len(xs):\n    xs.extend(xs)',
        errors: [
          { range: '4:1-4:31', message: "'while (n := len(s)) < 10 ** 15' grows 's' ('s += s') until it holds about 1e15 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
          { range: '7:1-7:25', message: "'while 10 ** 12 > len(xs)' grows 'xs' ('xs.extend(xs)') until it holds about 1000000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
        ],
        note: 'a loop that doubles a sequence until its length passes a bound over the limit',
      },
      {
        code: 'spaces = ("\\t" * 100).expandtabs(10 ** 7)\nwide = ("ä" * 10 ** 5).translate({228: "b" * 10 ** 5})',
        errors: [
          { range: '1:10-1:42', message: "'(\"\\t\" * 100).expandtabs(10 ** 7)' allocates about 1000000000 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
          { range: '2:8-2:55', message: "'(\"ä\" * 10 ** 5).translate({228: \"b\" *...' allocates about 10000000000 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
        ],
        note: 'every tab becomes up to tabsize spaces; every mapped character becomes its value',
      },
      {
        code: 'import itertools\nnext(itertools.permutations(range(10**10)))\nnext(itertools.product("ab", repeat=10**10))\nitertools.combinations(range(10**10), 2)',
        errors: [
          { range: '2:6-2:43', message: "'itertools.permutations(range(10**10))' copies its input, about 10000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
          { range: '3:6-3:44', message: "'itertools.product(\"ab\", repeat=10**10)' copies its input, about 20000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
          { range: '4:1-4:41', message: "'itertools.combinations(range(10**10), 2)' copies its input, about 10000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
        ],
        note: 'made at once, each input is copied to a tuple (`repeat` times for product): reading one item does not help',
      },
      {
        code: 'import itertools\nit = itertools.product("ab", repeat=40)\nnext(it)\nlist(iter(lambda: next(it), None))',
        errors: [{ range: '2:6-2:40', message: "'itertools.product(\"ab\", repeat=40)' yields about 1099511627776 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: 'a `next` in a lambda (or loop, or function) runs again: `iter(lambda: next(it), None)` reads them all',
      },
      {
        code: 'import itertools\nit = itertools.product(range(10), repeat=20)\nhead = next(it)\nrest = list(it)',
        errors: [{ range: '2:6-2:45', message: "'itertools.product(range(10), repeat=20)' yields about 1e20 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: 'one read takes a few items, another reads them all',
      },
      {
        code: "def grow(s):\n    return s + s\ns = \"a\"\nfor _ in range(64):\n    s = grow(s)",
        errors: [{ range: "5:5-5:16", message: "'s = grow(s)' runs on each of 64 passes and grows 's' to about 2e19 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: "the step a one-line function makes of its parameter, applied on every pass",
      },
      {
        code: "def big():\n    yield 10 ** 10\n(n,) = big()\ns = \"x\" * n",
        errors: [{ range: "4:5-4:12", message: "'\"x\" * n' allocates about 10000000000 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: "a target unpacked from a call of a local generator takes what it yields",
      },
      {
        code: "class P:\n    def __index__(self):\n        return 10 ** 10\nxs = [0] * P()",
        errors: [{ range: "4:6-4:15", message: "'[0] * P()' allocates about 10000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: "an instance counts as what its class's __index__ returns",
      },
      {
        code: "l = [*range(10 ** 12)]\nimport itertools\nx = f(*itertools.repeat(1, 10 ** 12))",
        errors: [{ range: "1:6-1:22", message: "'*range(10 ** 12)' materialises about 1000000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }, { range: "3:7-3:37", message: "'*itertools.repeat(1, 10 ** 12)' materialises about 1000000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: "unpacking a huge range into a display or the arguments of a call (`[*range(n)]` parses as a call of the splat)",
      },
      {
        code: "d = dict(big=10 ** 10)\ns = \"x\" * d[\"big\"]\npairs = [(\"n\", 10 ** 10)]\nbuf = [0] * dict(pairs)[\"n\"]",
        errors: [{ range: "2:5-2:19", message: "'\"x\" * d[\"big\"]' allocates about 10000000000 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }, { range: "4:7-4:29", message: "'[0] * dict(pairs)[\"n\"]' allocates about 10000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: "the item of a dict the dict builtin makes from keywords or from pairs",
      },
      {
        code: "n = 10\nn = n ** 10\ns = \"x\" * n",
        errors: [{ range: "3:5-3:12", message: "'\"x\" * n' allocates about 10000000000 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: "a name rebound from itself: its size where it is read",
      },
      {
        code: "k = len(\"x\" * 10 ** 6)\nbig = \"y\" * k * k",
        errors: [{ range: "2:7-2:18", message: "'\"y\" * k * k' allocates about 1000000000000 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: "the length of a repetition (`len(\"x\" * n)`) is a size",
      },
      {
        code: "s = \"x\" * max(10 ** 10, 1)\nt = \"x\" * {\"n\": 10 ** 10}.get(\"n\")",
        errors: [{ range: "1:5-1:27", message: "'\"x\" * max(10 ** 10, 1)' allocates about 10000000000 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }, { range: "2:5-2:35", message: "'\"x\" * {\"n\": 10 ** 10}.get(\"n\")' allocates about 10000000000 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: "sizes through max() and through .get() of a dict display",
      },
      {
        code: 'def big():\n    return 10 ** 10\ns = "a" * big()',
        errors: [{ range: '3:5-3:16', message: "'\"a\" * big()' allocates about 10000000000 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: 'a local function folds to what it returns',
      },
      {
        code: 'LIMIT = 10 ** 10\ndef make(n=LIMIT):\n    return "x" * n\ndef pad(k):\n    return [0] * k\npad(10 ** 9)',
        errors: [
          { range: '3:12-3:19', message: "'\"x\" * n' allocates about 10000000000 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
          { range: '5:12-5:19', message: "'[0] * k' allocates about 1000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
        ],
        note: 'a parameter is as large as its default or what a call in the file passes',
      },
      {
        code: 's = "a"\nfor _ in range(40):\n    s += s',
        errors: [{ range: '3:5-3:11', message: "'s += s' runs on each of 40 passes and grows 's' to about 1099511627776 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: 'doubling on every pass',
      },
      {
        code: 'xs = [1]\nfor _ in range(64):\n    xs.extend(xs)',
        errors: [{ range: '3:5-3:18', message: "'xs.extend(xs)' runs on each of 64 passes and grows 'xs' to about 2e19 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
      },
      {
        code: 'xs = [0]\nfor _ in range(10):\n    with lock:\n        xs = xs * 10',
        errors: [{ range: '4:9-4:21', message: "'xs = xs * 10' runs on each of 10 passes and grows 'xs' to about 10000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
      },
      {
        code: 'import random\nxs = random.choices(range(10), k=10 ** 10)',
        errors: [{ range: '2:6-2:43', message: "'random.choices(range(10), k=10 ** 10)' allocates about 10000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
      },
      {
        code: 's = "a" * 12345678901',
        errors: [{ range: '1:5-1:22', message: "'\"a\" * 12345678901' allocates about 12345678901 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
      },
      {
        code: 'row = [0]\ngrid = row * 10 ** 9',
        errors: [{ range: '2:8-2:21', message: "'row * 10 ** 9' allocates about 1000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
      },
      {
        code: 'buf = ｂｙｔｅａｒｒａｙ(10 ** 10)',
        errors: [{ range: '1:7-1:26', message: "'ｂｙｔｅａｒｒａｙ(10 ** 10)' allocates about 10000000000 bytes, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
      },
      {
        code: 'numbers = list(range(10 ** 12))',
        errors: [{ range: '1:11-1:32', message: "'list(range(10 ** 12))' materialises about 1000000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
      },
      {
        code: 'import itertools as it\ncombos = list(it.product(range(100), repeat=20))',
        errors: [{ range: '2:15-2:48', message: "'it.product(range(100), repeat=20)' yields about 1e40 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
      },
      {
        code: 'padded = f"{1:{10**10}}"',
        errors: [{ range: '1:12-1:24', message: "format width or precision 10000000000 in '{1:{10**10}}' builds a string of that many characters, more than the limit of 100000000; not allowed by policy 'strict'" }],
      },
      {
        code: 'line = "{:{}}".format("x", 10 ** 10)',
        errors: [{ range: '1:8-1:37', message: "format width or precision 10000000000 in '\"{:{}}\".format(\"x\", 10 ** 10)' builds a string of that many characters, more than the limit of 100000000; not allowed by policy 'strict'" }],
      },
      {
        code: 'print "%*d" % (10 ** 10, 1)',
        note: 'Python 2',
        errors: [{ range: '1:7-1:28', message: "format width or precision 10000000000 in '\"%*d\" % (10 ** 10, 1)' builds a string of that many characters, more than the limit of 100000000; not allowed by policy 'strict'" }],
      },
      {
        code: 'name = "x"\nwide = name.ljust(2 ** 40)',
        errors: [{ range: '2:8-2:27', message: "'name.ljust(2 ** 40)' allocates about 1099511627776 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
      },
      {
        code: 'import time\ntime.sleep(10 ** 9)',
        errors: [{ range: '2:1-2:20', message: "'time.sleep(10 ** 9)' waits 1000000000 seconds, more than the limit of 3600; it holds the host's worker; not allowed by policy 'strict'" }],
      },
      {
        code: 'from time import sleep as nap\nnap(float("inf"))',
        errors: [{ range: '2:1-2:18', message: "'nap(float(\"inf\"))' waits more than 1e308 seconds, more than the limit of 3600; it holds the host's worker; not allowed by policy 'strict'" }],
      },
      {
        code: 'table = {i: str(i) for i in xrange(10 ** 9)}',
        note: 'Python 2 xrange',
        errors: [{ range: '1:9-1:45', message: "'{i: str(i) for i in xrange(10 ** 9)}' materialises about 1000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
      },
      {
        code: "blob = bytes(range(256)) * 10 ** 8\nrows = list(range(10)) * 10 ** 9",
        errors: [{ range: "1:8-1:35", message: "'bytes(range(256)) * 10 ** 8' allocates about 25600000000 bytes, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }, { range: "2:8-2:33", message: "'list(range(10)) * 10 ** 9' allocates about 10000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: "a sequence made from an iterable, repeated",
      },
      {
        code: "pairs = dict(zip(range(10 ** 10), range(10 ** 10)))",
        errors: [{ range: "1:9-1:52", message: "'dict(zip(range(10 ** 10), range(10 **...' materialises about 10000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: "a dict built from a huge iterable of pairs",
      },
      {
        code: 'def pad(s, n=10 ** 11):\n    return s * n\npad("a")',
        errors: [{ range: '2:12-2:17', message: "'s * n' allocates about 100000000000 characters, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: 'a call passes the repeated parameter and leaves the count at its default',
      },
      {
        code: 'class P:\n    def pad(self, s, n=10):\n        return n * s\nP().pad([0], 10 ** 9)',
        errors: [{ range: '3:16-3:21', message: "'n * s' allocates about 1000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
        note: 'a method call passing a huge count',
      },
      {
        code: 'import pandas as pd\nidx = pd.date_range("2000-01-01", periods=10 ** 12, freq="s")',
        errors: [{ range: '2:7-2:62', message: "'pd.date_range(\"2000-01-01\", periods=1...' allocates about 1000000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" }],
      },
      {
        code: 'from pandas import Series, period_range\nlabel = "📅"; p = period_range("2000", None, 10 ** 9)\ns = Series(range(10 ** 10))',
        errors: [
          { range: '2:19-2:54', message: "'period_range(\"2000\", None, 10 ** 9)' allocates about 1000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
          { range: '3:5-3:28', message: "'Series(range(10 ** 10))' materialises about 10000000000 items, more than the limit of 100000000; the host runs out of memory; not allowed by policy 'strict'" },
        ],
        note: 'periods given by position; pandas stores every item of a range',
      },
    ],
  },
};
