import type { Node } from '../../parser';
import { digitsOf, normalizeIdentifier, type Binding, type Const } from '../../semantics';
import { reducingLambda } from '../../semantics/fold';
import { positionalArguments, pushNamedChildren } from '../../semantics/syntax';
import type { RuleContext } from '../types';
import { iterationSize, rangeCount, signed } from './iterables';
import { shortened } from '../shared/messageText';
import { possibleStrings } from '../shared/possibleStrings';

/**
 * A folded number kept as a size, never computed in full: `10**10**10` is "about 10**10 digits",
 * not a value. Sizes compare against the policy's limits, which is all the PC6xx rules need.
 */
export interface Magnitude {
  /** |x| as a double: `Infinity` beyond about 1e308. */
  abs: number;
  /** Decimal digits of an integer (estimated for integers too big to hold). */
  digits?: number;
  isInt: boolean;
  negative: boolean;
  /**
   * Only known not to be smaller (`hugeLowerBound`): a size to report when it is over a limit, but
   * no value to subtract from, take a remainder by, or count a range from.
   */
  atLeast?: boolean;
}

/** Named constants attackers use for "as big as it gets". */
const NAMED: Record<string, Magnitude> = {
  'math.inf': { abs: Infinity, isInt: false, negative: false },
  'cmath.inf': { abs: Infinity, isInt: false, negative: false },
  'sys.maxsize': { abs: 9223372036854775807, digits: 19, isInt: true, negative: false },
  'sys.maxint': { abs: 9223372036854775807, digits: 19, isInt: true, negative: false },
  'decimal.MAX_PREC': { abs: 999999999999999999, digits: 18, isInt: true, negative: false },
  'decimal.MAX_EMAX': { abs: 999999999999999999, digits: 18, isInt: true, negative: false },
};

/** Two-argument power functions: `pow(a, b)` grows like `a ** b` (a third argument bounds it). */
export const POWER_FUNCTIONS = new Set(['builtins.pow', 'operator.pow', 'operator.__pow__', 'operator.ipow', 'operator.__ipow__']);
const SHIFT_FUNCTIONS = new Set(['operator.lshift', 'operator.__lshift__', 'operator.ilshift', 'operator.__ilshift__']);

export function magnitudeOfConst(c: Const): Magnitude | undefined {
  switch (c.t) {
    case 'int': {
      const neg = c.v < 0n;
      return { abs: Math.abs(Number(c.v)), digits: digitsOf(c), isInt: true, negative: neg };
    }
    case 'bool':
      return { abs: c.v ? 1 : 0, digits: 1, isInt: true, negative: false };
    case 'hugeint':
      return { abs: c.digits > 308 ? Infinity : 10 ** (c.digits - 1), digits: c.digits, isInt: true, negative: false };
    case 'float':
      return { abs: Math.abs(c.v), isInt: false, negative: c.v < 0 };
    default:
      return undefined;
  }
}

/** Nodes that are strings as written: `%` on them formats. */
const STRING_NODES = new Set(['string', 'concatenated_string']);

/** log10 of an integer magnitude, precise enough for size estimates. */
function log10Of(m: Magnitude): number {
  if (m.abs !== Infinity && m.abs > 0) return Math.log10(m.abs);
  return (m.digits ?? 309) - 1;
}

/** Decimal digits of `base ** exp` for integers, or undefined when not an integer power. */
export function powerDigits(base: Magnitude, exp: Magnitude): number | undefined {
  if (!base.isInt || !exp.isInt || exp.negative) return undefined;
  if (base.abs <= 1) return 1;
  return Math.floor(exp.abs * log10Of(base)) + 1;
}

/** Decimal digits of `value << shift`. */
export function shiftDigits(value: Magnitude, shift: Magnitude): number | undefined {
  if (!value.isInt || !shift.isInt || shift.negative) return undefined;
  if (value.abs === 0) return 1;
  return Math.floor(log10Of(value) + shift.abs * Math.LOG10E * Math.LN2) + 1;
}

function fromDigits(digits: number): Magnitude {
  return { abs: digits > 308 ? Infinity : 10 ** (digits - 1), digits, isInt: true, negative: false };
}

/**
 * The size of a numeric expression: what the resolver folds, plus what it leaves alone because
 * only a size is wanted (`pow(7, 10**12)`, `float("inf")`, `math.inf`, `sys.maxsize`).
 */
export function magnitudeOf(context: RuleContext, node: Node | null | undefined, depth = 0, known?: KnownNames): Magnitude | undefined {
  // Nested `pow(pow(pow(...)))` is followed this deep, no deeper.
  if (depth > 16) return undefined;
  const next = depth + 1;
  let n = node;
  // Parentheses only (the resolver folds the rest); bounded and iterative.
  for (let guard = 0; n && guard < 32; guard++) {
    if (n.type === 'parenthesized_expression') n = n.namedChildren.find((c) => c && c.type !== 'comment') ?? null;
    else break;
  }
  if (!n) return undefined;
  if (known && n.type === 'identifier') {
    const name = normalizeIdentifier(n.text);
    if (known.has(name)) return known.get(name);
  }
  const folded = context.semantics.fold(n);
  if (folded) return magnitudeOfConst(folded);
  // `n ** n ** n`, `k * k` with names bound more than once: size arithmetic on their sizes.
  if (n.type === 'binary_operator') {
    const op = n.childForFieldName('operator')?.text ?? '';
    // `i % 3` is at most 2 whatever `i` is (a number: `%` of a string formats, and folds above).
    if (op === '%') {
      const left = n.childForFieldName('left');
      const m = left && !STRING_NODES.has(left.type) ? magnitudeOf(context, n.childForFieldName('right'), next, known) : undefined;
      return m?.isInt && !m.negative && !m.atLeast && m.abs >= 1 ? { abs: m.abs - 1, digits: String(m.abs - 1).length, isInt: true, negative: false } : undefined;
    }
    if (!SIZE_OPERATORS.has(op)) return undefined;
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    const a = magnitudeOf(context, left, next, known);
    const b = a && magnitudeOf(context, right, next, known);
    if (a && b) return combineMagnitudes(op, a, b);
    const boundA = a ?? lowerBound(context, left, next, known);
    return hugeLowerBound(context, op, boundA, boundA && (b ?? lowerBound(context, right, next, known)));
  }
  if (n.type === 'call') {
    const fn = n.childForFieldName('function');
    const args = positionalArguments(n);
    const names = fn ? context.semantics.qualifiedNames(fn) : [];
    const sized = builtinMagnitude(context, n, names, args, next, known);
    if (sized) return sized;
    const reduced = names.includes('functools.reduce') ? reduceMagnitude(context, n, args, next, known) : undefined;
    if (reduced) return reduced;
    if (names.some((q) => POWER_FUNCTIONS.has(q)) && args.length === 2) {
      const [b, e] = [magnitudeOf(context, args[0], next), magnitudeOf(context, args[1], next)];
      const d = b && e ? powerDigits(b, e) : undefined;
      if (d === undefined) return undefined;
      // Small results keep their value (`pow(2, 2)` is 4, not "one digit").
      return d <= 300 ? { abs: b!.abs ** e!.abs, digits: d, isInt: true, negative: b!.negative && e!.abs % 2 === 1 } : fromDigits(d);
    }
    if (names.some((q) => SHIFT_FUNCTIONS.has(q)) && args.length === 2) {
      const [v, s] = [magnitudeOf(context, args[0], next), magnitudeOf(context, args[1], next)];
      const d = v && s ? shiftDigits(v, s) : undefined;
      if (d === undefined) return undefined;
      return d <= 300 ? { abs: v!.abs * 2 ** s!.abs, digits: d, isInt: true, negative: v!.negative } : fromDigits(d);
    }
    if (names.includes('builtins.float') && args.length === 1) {
      const s = context.semantics.foldString(args[0])?.trim().toLowerCase();
      if (s === 'inf' || s === '+inf' || s === 'infinity' || s === '+infinity') return { abs: Infinity, isInt: false, negative: false };
      if (s !== undefined && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(s)) {
        const v = Number(s);
        return { abs: Math.abs(v), isInt: false, negative: v < 0 };
      }
    }
    const exact = exactConversionDigits(context, n);
    if (exact !== undefined) return fromDigits(exact);
    // An exact fraction grows with its larger term: `Fraction(2, 3) ** 10**8` has 10**8 digits' worth of terms.
    if (names.includes('fractions.Fraction') && args.length >= 1 && args.length <= 2) {
      const terms = args.map((a) => magnitudeOf(context, a, next));
      if (terms.every((t) => t?.isInt)) {
        const larger = terms.reduce((m, t) => (t!.abs > m!.abs ? t : m));
        return { ...larger!, negative: false };
      }
    }
    if (names.includes('builtins.int') && args.length === 1) {
      const m = magnitudeOf(context, args[0], next);
      if (m && !m.isInt && Number.isFinite(m.abs)) {
        const v = Math.floor(m.abs);
        return { abs: v, digits: String(v).length, isInt: true, negative: m.negative };
      }
    }
    // `config.get("buffer", 10**10)`: whatever the mapping is, the default is one value it gives.
    const fallback = mappingDefault(context, n, next, known);
    // `{"n": 10**10}.get("n")`, `table.pop("n")`: what the resolver finds the call gives.
    const resolved = resolvedMagnitude(context, n);
    return fallback && (!resolved || fallback.abs > resolved.abs || (fallback.digits ?? 0) > (resolved.digits ?? 0)) ? fallback : resolved;
  }
  if (n.type === 'identifier' || n.type === 'attribute') {
    for (const q of context.semantics.qualifiedNames(n)) if (NAMED[q]) return NAMED[q];
  }
  if (n.type === 'identifier') return parameterMagnitude(context, n, next) ?? nameMagnitude(context, n, next) ?? loopMagnitude(context, n, next);
  if (n.type === 'subscript') return resolvedMagnitude(context, n);
  return undefined;
}

/**
 * A number written in decimal with an exponent, as `decimal.Decimal` and `fractions.Fraction` read
 * it (`"1e1000000000"`, `"-1.5E+20"`, `"1_000.25e-3"`): the digits of its coefficient without leading
 * zeros (0 for zero) and the power of ten it is multiplied by. Undefined for other text.
 */
export function decimalLiteralParts(text: string): { coefficientDigits: number; exponent: number; written: boolean } | undefined {
  const m = /^\s*[+-]?(?=\d|\.\d)(\d+(?:_\d+)*)?(?:\.(\d+(?:_\d+)*)?)?(?:[eE]([+-]?\d+(?:_\d+)*))?\s*$/.exec(text);
  if (!m) return undefined;
  const whole = (m[1] ?? '').replace(/_/g, '');
  const fraction = (m[2] ?? '').replace(/_/g, '');
  const written = m[3] !== undefined;
  const exponent = (written ? Number(m[3].replace(/_/g, '')) : 0) - fraction.length;
  if (!Number.isFinite(exponent)) return undefined;
  return { coefficientDigits: (whole + fraction).replace(/^0+/, '').length, exponent, written };
}

/** `decimal.Decimal("1e1000000000")`, directly or through a name bound once: the text it is made from. */
export function decimalConstructed(context: RuleContext, node: Node | null | undefined): { coefficientDigits: number; exponent: number } | undefined {
  let n = node;
  for (let guard = 0; n && guard < 8; guard++) {
    if (n.type === 'parenthesized_expression') {
      n = n.namedChildren.find((c) => c && c.type !== 'comment') ?? null;
      continue;
    }
    if (n.type === 'identifier') {
      n = context.semantics.valueBoundOnce(n) ?? null;
      continue;
    }
    if (n.type !== 'call') return undefined;
    const fn = n.childForFieldName('function');
    const args = positionalArguments(n);
    if (!fn || args.length !== 1 || !context.semantics.qualifiedNames(fn).includes('decimal.Decimal')) return undefined;
    return largestDecimalText(context, args[0]);
  }
  return undefined;
}

/**
 * The decimal text an argument is, or of the texts it may be (a parameter: its default and what
 * the calls of the file pass, `def to_units(amount): int(Decimal(amount))` called with
 * `"1e999999999"`), the one furthest from 1.
 */
function largestDecimalText(context: RuleContext, node: Node): { coefficientDigits: number; exponent: number; written: boolean } | undefined {
  let largest: { coefficientDigits: number; exponent: number; written: boolean } | undefined;
  for (const text of possibleStrings(context, node) ?? []) {
    const parts = decimalLiteralParts(text);
    if (parts && (!largest || Math.abs(parts.exponent) + parts.coefficientDigits > Math.abs(largest.exponent) + largest.coefficientDigits)) largest = parts;
  }
  return largest;
}

/** Calls that turn a `Decimal` into an exact integer (`round` with one argument only). */
const DECIMAL_TO_INT = new Set(['builtins.int', 'builtins.round', 'math.floor', 'math.ceil', 'math.trunc']);

/**
 * Digits of the exact integer a conversion computes from a number written with a decimal exponent,
 * which neither `Decimal` nor the text bounds: `Fraction("1e1000000000")` multiplies by
 * `10**1000000000` (the denominator for a negative exponent), `int(Decimal("1e1000000000"))`,
 * `math.floor(...)`, `round(...)` build the integer, `Fraction(Decimal(...))` and
 * `Decimal(...).as_integer_ratio()` both terms. A `Decimal` by itself, `to_integral()` and
 * arithmetic stay in the context's precision and are cheap.
 */
export function exactConversionDigits(context: RuleContext, call: Node): number | undefined {
  const fn = call.childForFieldName('function');
  const args = positionalArguments(call);
  if (!fn) return undefined;
  // Both terms of the ratio: the numerator for a positive exponent, the denominator for a negative one.
  const ratioDigits = (d: { coefficientDigits: number; exponent: number }): number | undefined =>
    d.coefficientDigits === 0 ? undefined : d.exponent >= 0 ? d.coefficientDigits + d.exponent : -d.exponent + 1;
  if (fn.type === 'attribute' && args.length === 0 && normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '') === 'as_integer_ratio') {
    const d = decimalConstructed(context, fn.childForFieldName('object'));
    return d && ratioDigits(d);
  }
  if (args.length !== 1) return undefined;
  const names = context.semantics.qualifiedNames(fn);
  if (names.includes('fractions.Fraction')) {
    // The text's exponent is a power of ten computed in full, whatever the coefficient.
    const parts = largestDecimalText(context, args[0]);
    if (parts?.written) return parts.exponent >= 0 ? Math.max(parts.coefficientDigits, 1) + parts.exponent : -parts.exponent + 1;
    const d = decimalConstructed(context, args[0]);
    return d && ratioDigits(d);
  }
  if (names.some((q) => DECIMAL_TO_INT.has(q))) {
    const d = decimalConstructed(context, args[0]);
    return d && d.coefficientDigits > 0 && d.exponent >= 0 ? d.coefficientDigits + d.exponent : undefined;
  }
  return undefined;
}

/** Sizes of names as they stand at one point (`nameMagnitude`): name to size, or to unknown. */
export type KnownNames = ReadonlyMap<string, Magnitude | undefined>;

const SIZE_OPERATORS = new Set(['**', '*', '<<', '+', '-']);

/** Whether `m` is larger than `than` (or there is none), by value or, past a double, by digits. */
function isLarger(m: Magnitude, than: Magnitude | undefined): boolean {
  return !than || m.abs > than.abs || (m.digits ?? 0) > (than.digits ?? 0);
}

/** Whether a call unpacks arguments (`f(*xs)`, `f(**kw)`), or with `keywords` names any. */
function hasSplats(call: Node, keywords = false): boolean {
  return !!call.childForFieldName('arguments')?.namedChildren.some((c) => c?.type === 'list_splat' || c?.type === 'dictionary_splat' || (keywords && c?.type === 'keyword_argument'));
}

function intMagnitude(abs: number, negative = false): Magnitude {
  return { abs, digits: abs < 1 ? 1 : Math.floor(Math.log10(abs)) + 1, isInt: true, negative };
}

/** The size of `a op b` from the sizes of its operands (integers for `**` and `<<`). */
export function combineMagnitudes(op: string, a: Magnitude, b: Magnitude): Magnitude | undefined {
  if (!a.atLeast && !b.atLeast) return combineExact(op, a, b);
  // A bound minus anything is no bound: `len(s) + 10**9 - 10**9`.
  const bound = op === '-' ? undefined : combineExact(op, a, b);
  return bound && { ...bound, atLeast: true };
}

function combineExact(op: string, a: Magnitude, b: Magnitude): Magnitude | undefined {
  const withDigits = (d: number | undefined, abs: number): Magnitude | undefined =>
    d === undefined ? undefined : d <= 300 && Number.isFinite(abs) ? intMagnitude(abs) : fromDigits(d);
  switch (op) {
    case '**': return withDigits(powerDigits(a, b), a.abs ** b.abs);
    case '<<': return withDigits(shiftDigits(a, b), a.abs * 2 ** b.abs);
    case '*': {
      if (!a.isInt || !b.isInt) return { abs: a.abs * b.abs, isInt: false, negative: a.negative !== b.negative };
      if (a.abs === 0 || b.abs === 0) return intMagnitude(0);
      const d = (a.digits ?? 1) + (b.digits ?? 1) - 1;
      return d <= 300 ? intMagnitude(a.abs * b.abs, a.negative !== b.negative) : fromDigits(d);
    }
    case '+':
    case '-': {
      // An upper bound: the larger operand, plus one digit of carry.
      const larger = a.abs >= b.abs ? a : b;
      if (!a.isInt || !b.isInt) return { abs: a.abs + b.abs, isInt: false, negative: false };
      return larger.abs === Infinity ? larger : intMagnitude(a.abs + b.abs);
    }
  }
  return undefined;
}

/**
 * Past this, a lower bound of a number stands for its size (`hugeLowerBound`): far above every
 * size a plugin computes with, so that no check reads "at most this" from a bound that is only
 * "at least this".
 */
const HUGE_LOWER_BOUND = 1e8;

/**
 * `max(10, width) * 10**10`, `int(abs(b - a)) + 10**9`: a sum, product or power whose operands are
 * not all known but are known not to be smaller than something (`lowerBound`), when that
 * something is huge: then so is the value, whatever the unknowns are.
 */
function hugeLowerBound(context: RuleContext, op: string, a: Magnitude | undefined, b: Magnitude | undefined): Magnitude | undefined {
  if (!a || !b || (op !== '+' && op !== '*' && op !== '**') || (op === '**' && a.abs < 1)) return undefined;
  const bound = combineMagnitudes(op, a, b);
  return bound && (bound.abs >= HUGE_LOWER_BOUND || (bound.digits ?? 0) > 9) ? { ...bound, atLeast: true } : undefined;
}

/**
 * A non-negative number an expression is known to be at least: its size when known and not
 * negative; 0 for `abs(x)` and `len(x)`; the largest bound of the known arguments of `max`; the
 * floor of its argument's for `int`; sums, products and powers (of a base at least 1) of such.
 * A sum or product is bounded from its operands' bounds, never sized again as a whole (its size
 * is what asked): each node is visited once per question.
 */
function lowerBound(context: RuleContext, node: Node | null | undefined, depth: number, known?: KnownNames): Magnitude | undefined {
  if (!node || depth > 16) return undefined;
  const next = depth + 1;
  if (node.type === 'parenthesized_expression') return lowerBound(context, node.namedChildren.find((c) => c && c.type !== 'comment'), next, known);
  if (node.type === 'binary_operator') {
    const op = node.childForFieldName('operator')?.text ?? '';
    if (op !== '+' && op !== '*' && op !== '**') return undefined;
    const a = lowerBound(context, node.childForFieldName('left'), next, known);
    const b = a && lowerBound(context, node.childForFieldName('right'), next, known);
    if (!a || !b || (op === '**' && a.abs < 1)) return undefined;
    return combineMagnitudes(op, a, b);
  }
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    const args = positionalArguments(node);
    const plain = !!fn && !hasSplats(node, true);
    const names = plain ? context.semantics.qualifiedNames(fn!) : [];
    // `len` is an int; `abs` of a float is a float (`10 ** (abs(x) + 10**9)` overflows, no huge int).
    if (names.includes('builtins.len') && args.length === 1) return intMagnitude(0);
    if (names.includes('builtins.abs') && args.length === 1) return { abs: 0, isInt: false, negative: false };
    if (names.includes('builtins.max') && args.length >= 2) {
      let largest: Magnitude | undefined;
      for (const arg of args) {
        const bound = lowerBound(context, arg, next, known);
        if (bound && isLarger(bound, largest)) largest = bound;
      }
      return largest;
    }
    if (names.includes('builtins.int') && args.length === 1) {
      const bound = lowerBound(context, args[0], next, known);
      return bound && (bound.isInt ? bound : Number.isFinite(bound.abs) ? intMagnitude(Math.floor(bound.abs)) : undefined);
    }
  }
  const m = magnitudeOf(context, node, next, known);
  return m && !m.negative ? m : undefined;
}

/** `max(10**10, 1)`, `abs(-n)`, `sum([n])`, `len(range(n))`, `len("x" * n)`: sizes through builtins that keep them. */
function builtinMagnitude(context: RuleContext, call: Node, names: string[], args: Node[], depth: number, known?: KnownNames): Magnitude | undefined {
  const q = names.find((x) => BUILTIN_SIZES.has(x));
  if (!q || !args.length || hasSplats(call)) return undefined;
  const of = (a: Node | undefined): Magnitude | undefined => (a ? magnitudeOf(context, a, depth, known) : undefined);
  const items = (a: Node): Node[] | undefined => (a.type === 'list' || a.type === 'tuple' || a.type === 'set' ? a.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') : undefined);
  switch (q) {
    case 'builtins.max':
    case 'builtins.min': {
      const ms = (args.length === 1 ? items(args[0]) ?? [] : args).map(of);
      if (!ms.length || ms.some((m) => !m)) return undefined;
      return (ms as Magnitude[]).reduce((x, y) => ((q === 'builtins.max') === (y.abs > x.abs) ? y : x));
    }
    case 'builtins.abs': {
      const m = of(args[0]);
      return m && { ...m, negative: false };
    }
    case 'builtins.sum': {
      const list = items(args[0]);
      const ms = list?.map(of);
      if (!ms?.length || ms.some((m) => !m)) return undefined;
      return (ms as Magnitude[]).reduce((x, y) => combineMagnitudes('+', x, y) ?? x);
    }
    case 'builtins.len': {
      const a = args[0];
      if (a.type === 'binary_operator' && a.childForFieldName('operator')?.text === '*') {
        // `len("x" * n)`: the length of a repetition.
        const [l, r] = [a.childForFieldName('left'), a.childForFieldName('right')];
        const lc = l ? context.semantics.fold(l) : undefined;
        const [unit, count] = lc?.t === 'str' || lc?.t === 'bytes' || lc?.t === 'seq' ? [lc, r] : [r ? context.semantics.fold(r) : undefined, l];
        const length = unit?.t === 'str' ? [...unit.v].length : unit?.t === 'bytes' ? unit.v.length : unit?.t === 'seq' ? unit.items.length : undefined;
        const times = count ? magnitudeOf(context, count, depth, known) : undefined;
        return length !== undefined && times?.isInt ? combineMagnitudes('*', intMagnitude(length), times) : undefined;
      }
      const size = iterationSize(context, a);
      return size && !size.endless && size.count !== undefined ? intMagnitude(size.count) : undefined;
    }
  }
  return undefined;
}

/**
 * `reduce(lambda acc, _: acc * acc, range(64), seed)`: a reduction whose step reads the
 * accumulator and integer constants only, over an iterable of known length, from a start of known
 * size. Worked out in closed form, as the decimal logarithm of the result: `acc * c` n times adds
 * n·log c, `acc * acc` doubles it n times, `acc ** c` multiplies it by c n times, `acc + c` adds
 * n·c; other steps (`c ** acc`) are applied one by one when there are few. A step reading the item
 * is the fold's (semantics/fold.ts), which knows the items.
 */
function reduceMagnitude(context: RuleContext, call: Node, args: Node[], depth: number, known?: KnownNames): Magnitude | undefined {
  const plain = args.length === 3 && !hasSplats(call);
  // `square = lambda acc, _: acc * acc` then `reduce(square, ...)`.
  const fn = plain && args[0].type === 'identifier' ? context.semantics.valueBoundOnce(args[0]) ?? args[0] : args[0];
  const lambda = plain ? reducingLambda(fn) : undefined;
  if (!lambda || lambda.left === 'item' || lambda.right === 'item') return undefined;
  const size = iterationSize(context, args[1]);
  if (!size || size.endless || size.count === undefined) return undefined;
  const n = size.count;
  // Past this the reduction never ends (PC603's): its value is not what takes the host down.
  if (!Number.isFinite(n) || n > 1e15) return undefined;
  const start = magnitudeOf(context, args[2], depth, known);
  const operand = (o: Node | 'acc'): Magnitude | 'acc' | undefined => (o === 'acc' ? 'acc' : magnitudeOf(context, o, depth, known));
  const left = operand(lambda.left as Node | 'acc');
  const right = operand(lambda.right as Node | 'acc');
  if (!start?.isInt || !left || !right || (left !== 'acc' && !left.isInt) || (right !== 'acc' && !right.isInt)) return undefined;
  if (n === 0) return start;
  const other = left === 'acc' ? right : left;
  if ((other !== 'acc' && (other.negative || other.atLeast)) || start.atLeast) return undefined;
  /** The magnitude of 10**log, an integer; undefined when the closed form broke down (NaN). */
  const ofLog = (log: number): Magnitude | undefined => {
    if (Number.isNaN(log)) return undefined;
    return log <= 300 ? intMagnitude(Math.round(10 ** log)) : fromDigits(Number.isFinite(log) && log < Number.MAX_SAFE_INTEGER ? Math.floor(log) + 1 : Number.MAX_SAFE_INTEGER);
  };
  if (lambda.op === '+' && other !== 'acc') {
    const added = combineMagnitudes('*', intMagnitude(n), other);
    return added && combineMagnitudes('+', start, added);
  }
  // 0 stays 0 under `*` and `acc + acc`; 0 and ±1 stay as small under `acc * acc` and as a base
  // of `**`: no logarithm to grow (`c ** acc` is a tower whatever the start: below).
  if (start.abs === 0 && (lambda.op === '*' || other === 'acc')) return start;
  if (start.abs <= 1 && lambda.op === '*') return other === 'acc' || other.abs <= 1 ? start : ofLog(n * log10Of(other));
  if (start.abs <= 1 && lambda.op === '**' && left === 'acc') return start;
  const logStart = log10Of(start);
  if (lambda.op === '*' && other !== 'acc') return other.abs <= 1 ? start : ofLog(logStart + n * log10Of(other));
  if (lambda.op === '*' && other === 'acc') return ofLog(logStart * 2 ** n);
  if (lambda.op === '+' && other === 'acc') return ofLog(logStart + n * Math.log10(2));
  if (lambda.op === '**' && left === 'acc' && right !== 'acc') return right.abs <= 1 ? start : ofLog(logStart * right.abs ** n);
  // `c ** acc`, `acc ** acc`: towers; a few steps are applied one by one.
  if (n > 8) return undefined;
  let acc = start;
  for (let i = 0; i < n; i++) {
    const next = combineMagnitudes(lambda.op, left === 'acc' ? acc : left, right === 'acc' ? acc : right);
    if (!next) return undefined;
    acc = next;
  }
  return acc;
}

const BUILTIN_SIZES = new Set(['builtins.max', 'builtins.min', 'builtins.abs', 'builtins.sum', 'builtins.len']);

/**
 * `d["n"]` after `d = dict(n=10**10)`: the largest constant the resolver finds there. An instance
 * of a class of this file counts as what its `__index__` returns (`[0] * P()`, `range(P())`).
 */
/** Methods of mappings whose second argument is what they give when the key is missing. */
const DEFAULTING_METHODS = new Set(['get', 'pop', 'setdefault']);

/** `m.get(k, default)` (also `pop`, `setdefault`): the receiver and the positional arguments. */
function defaultingLookup(call: Node): { receiver: Node; args: Node[] } | undefined {
  const fn = call.type === 'call' ? call.childForFieldName('function') : null;
  const receiver = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
  if (!receiver || !DEFAULTING_METHODS.has(normalizeIdentifier(fn!.childForFieldName('attribute')?.text ?? ''))) return undefined;
  return { receiver, args: positionalArguments(call) };
}

/**
 * `data.get("n", 10)` of a mapping the plugin was handed (a parameter, or a name the host binds):
 * the default, one value it gives (`get`, `pop`, `setdefault` under a string key). Not of a
 * mapping the file makes (its value is what it holds: `CFG = {"n": 9}`, `Counter(a=4)`), nor under
 * another key (`grid.get(0, 3)`).
 */
export function lookupDefault(context: RuleContext, value: Node): Const | undefined {
  const lookup = defaultingLookup(value);
  if (!lookup) return undefined;
  const { receiver, args } = lookup;
  if (args.length !== 2 || context.semantics.fold(args[0])?.t !== 'str') return undefined;
  // Handed: a parameter, or a name the host binds (no binding in the file).
  if (receiver.type !== 'identifier' || !context.semantics.bindingsOf(receiver).every((b) => b.kind === 'param')) return undefined;
  return context.semantics.fold(args[1]);
}

/** The size of the default of `m.get(k, default)` (also `pop`, `setdefault`): a value the call may give. */
function mappingDefault(context: RuleContext, call: Node, depth: number, known?: KnownNames): Magnitude | undefined {
  const lookup = defaultingLookup(call);
  if (!lookup) return undefined;
  const { receiver, args } = lookup;
  const m = args.length === 2 ? magnitudeOf(context, args[1], depth, known) : undefined;
  let largest = m?.isInt ? m : undefined;
  // `EXPONENTS.get(unit, 0)` of a table with a key that does not fold: any value of the table.
  if (args.length >= 1 && context.semantics.fold(args[0]) === undefined) {
    for (const v of context.semantics.resolve(receiver)) {
      if (v.kind !== 'container' || v.node.type !== 'dictionary') continue;
      for (const pair of v.node.namedChildren) {
        const value = pair?.type === 'pair' ? magnitudeOf(context, pair.childForFieldName('value'), depth, known) : undefined;
        if (value?.isInt && isLarger(value, largest)) largest = value;
      }
    }
  }
  return largest;
}

/**
 * A name bound only by `for` loops (`for c, w in zip(cells, WIDTHS)`): the largest of the numbers
 * the resolver finds it takes from the iterables, each of which it is on some pass; or, for a
 * name that is the whole target of loops over `range(...)`, the number of those ranges largest in
 * size (`rangeLargest`).
 */
function loopMagnitude(context: RuleContext, n: Node, depth: number): Magnitude | undefined {
  const bindings = context.semantics.bindingsOf(n);
  if (bindings.length === 0 || !bindings.every((b) => b.kind === 'for')) return undefined;
  const resolved = resolvedMagnitude(context, n);
  if (resolved) return resolved;
  // `for x in range(10**7): 2 ** x`: the name is each number of the range in turn, so at most its
  // largest. Only a name that is the whole target (`for i, x in ...` takes items apart).
  let largest: Magnitude | undefined;
  for (const b of bindings) {
    const loop = b.node.parent;
    if ((loop?.type !== 'for_statement' && loop?.type !== 'for_in_clause') || loop.childForFieldName('left')?.id !== b.node.id) return undefined;
    const top = rangeLargest(context, b.elementOf, depth);
    if (!top) return undefined;
    if (isLarger(top, largest)) largest = top;
  }
  return largest;
}

/**
 * The number of `range(...)` largest in size, when its arguments are integers of known size: an
 * end, negative when the negative end is larger and every number is negative, else not negative
 * (none for an empty range or a zero step).
 */
function rangeLargest(context: RuleContext, iterable: Node | undefined, depth: number): Magnitude | undefined {
  if (iterable?.type !== 'call' || hasSplats(iterable, true)) return undefined;
  const fn = iterable.childForFieldName('function');
  if (!fn || !context.semantics.qualifiedNames(fn).includes('builtins.range')) return undefined;
  const args = positionalArguments(iterable);
  if (args.length < 1 || args.length > 3) return undefined;
  const sizes = args.map((a) => magnitudeOf(context, a, depth + 1));
  if (!sizes.every((m) => m?.isInt && !m.atLeast)) return undefined;
  // Empty (`range(10**7, 0)`) or a zero step: no number at all.
  if (!rangeCount(sizes)) return undefined;
  const [start, stop, step] = args.length === 1 ? [intMagnitude(0), sizes[0]!, undefined] : [sizes[0]!, sizes[1]!, sizes[2]];
  const down = step?.negative === true;
  // The numbers lie between the start and the stop (excluded, one step short of it): the
  // largest in size is at one end or the other, negative ones included (`(-10**6) ** 3`).
  const last = stop.abs <= Number.MAX_SAFE_INTEGER ? signedAdd(stop, down ? 1 : -1) : stop;
  const [larger, smaller] = isLarger(last, start) ? [last, start] : [start, last];
  // Across zero, a size as large as the larger end, not negative: what a base is in size, and
  // what a power raises to at most (more than it when the negative end is the larger).
  return larger.negative && !smaller.negative ? { ...larger, negative: false } : larger;
}

/** `m + k` for a small `k`, as a size with its sign (`m` held exactly). */
function signedAdd(m: Magnitude, k: number): Magnitude {
  const v = signed(m) + k;
  return intMagnitude(Math.abs(v), v < 0);
}

function resolvedMagnitude(context: RuleContext, n: Node): Magnitude | undefined {
  let largest: Magnitude | undefined;
  for (const v of context.semantics.resolve(n)) {
    // An item under a key that does not fold may be any value of the table (`limits[kind]` of
    // `dict(zip(names, [16, 10**13]))`) and something unknown: the largest known one is one it may be.
    if (v.kind === 'unknown') continue;
    const m = v.kind === 'const' ? magnitudeOfConst(v.value) : v.kind === 'instance' ? indexMagnitude(context, v) : undefined;
    if (!m) return undefined;
    if (isLarger(m, largest)) largest = m;
  }
  return largest;
}

/** The largest integer the `__index__` of an instance's class returns, when every `return` of it folds. */
function indexMagnitude(context: RuleContext, instance: { kind: 'instance'; node: Node }): Magnitude | undefined {
  const methods = context.semantics.member([instance], '__index__', 0);
  if (methods.length !== 1 || methods[0].kind !== 'function' || methods[0].node.type !== 'function_definition') return undefined;
  let largest: Magnitude | undefined;
  const stack: Node[] = [];
  const body = methods[0].node.childForFieldName('body');
  if (body) stack.push(body);
  let returns = 0;
  while (stack.length) {
    const x = stack.pop()!;
    if (x.type === 'function_definition' || x.type === 'class_definition' || x.type === 'lambda') continue;
    if (x.type === 'return_statement') {
      const m = magnitudeOfConst(context.semantics.fold(x.namedChildren.find((c) => c && c.type !== 'comment')) ?? { t: 'none' });
      if (!m?.isInt || ++returns > 16) return undefined;
      if (isLarger(m, largest)) largest = m;
      continue;
    }
    pushNamedChildren(stack, x);
  }
  return largest;
}

/** Passes of a loop followed when a name grows in it; past them a size still growing is taken as unbounded. */
const MAX_PASSES = 64;
const MAX_NAME_BINDINGS = 16;

/**
 * The size of a name (`k = len("x" * 10**6)`; bound more than once: `n = 10` then `n **= n`), as it
 * stands where `use` reads it: its assignments in source order before the use (all of them when
 * the use is in another function), each computed from the size the one before left, a `for`
 * loop of known length repeating the assignments in its body (one pass fewer for a use in that
 * loop), and an assignment behind a branch keeping the larger of the two. Only names bound by
 * plain and augmented assignments; anything else leaves the size unknown.
 */
function nameMagnitude(context: RuleContext, use: Node, depth: number): Magnitude | undefined {
  let memo = NAME_SIZES.get(context.semantics);
  if (!memo) NAME_SIZES.set(context.semantics, (memo = { sizes: new Map(), steps: 0 }));
  if (memo.sizes.has(use.id)) return memo.sizes.get(use.id) ?? undefined;
  // Computed once per use and analysis; a cycle through it while computing is unknown.
  memo.sizes.set(use.id, null);
  const m = computeNameMagnitude(context, use, depth, memo);
  memo.sizes.set(use.id, m ?? null);
  return m;
}

/** Per analysis: the sizes worked out for name uses, and the assignment steps spent on them. */
const NAME_SIZES = new WeakMap<object, { sizes: Map<number, Magnitude | null>; steps: number }>();
/** Assignment steps one analysis may spend on the sizes of names (a hostile file's chains stop here). */
const MAX_NAME_STEPS = 4096;

function computeNameMagnitude(context: RuleContext, use: Node, depth: number, memo: { steps: number }): Magnitude | undefined {
  const bindings = context.semantics.bindingsOf(use);
  if (!bindings.length || bindings.length > MAX_NAME_BINDINGS) return undefined;
  const steps: { stmt: Node; binding: Binding }[] = [];
  // `def bar(width): width = max(10, width) * 10**10`: a parameter assigned again before the use,
  // on every path (no assignment in a branch or a loop: else the parameter may still be there).
  let parameter = false;
  for (const b of bindings) {
    if (b.kind === 'param') {
      parameter = true;
      continue;
    }
    const stmt = b.node.parent;
    if (!stmt || (b.kind !== 'assign' && b.kind !== 'augassign') || b.subjectPath) return undefined;
    if (stmt.type !== (b.kind === 'assign' ? 'assignment' : 'augmented_assignment') || stmt.childForFieldName('left')?.id !== b.node.id) return undefined;
    steps.push({ stmt, binding: b });
  }
  steps.sort((x, y) => x.stmt.startIndex - y.stmt.startIndex);
  const scopeNode = bindings[0].scope.node;
  const sameScope = context.semantics.scopeOf(use) === bindings[0].scope;
  const name = normalizeIdentifier(use.text);
  let state: Magnitude | undefined;
  for (const { stmt, binding } of steps) {
    // Loops and branches between the assignment and its scope.
    let passes = 1;
    let conditional = false;
    let carried = false;
    for (let p = stmt.parent; p && p.id !== scopeNode.id; p = p.parent) {
      if (p.type === 'for_statement' && p.childForFieldName('body')?.startIndex !== undefined && stmt.startIndex >= p.childForFieldName('body')!.startIndex) {
        const size = iterationSize(context, p.childForFieldName('right'));
        const inUse = use.startIndex >= p.startIndex && use.endIndex <= p.endIndex;
        if (!size || size.endless || size.count === undefined) return undefined;
        if (size.count < 1) conditional = true;
        passes *= Math.max(inUse ? size.count - 1 : size.count, 0);
        carried ||= inUse;
      } else if (p.type === 'while_statement') return undefined;
      else if (BRANCHES.has(p.type)) conditional = true;
      else if (p.type === 'function_definition' || p.type === 'class_definition' || p.type === 'lambda') return undefined;
    }
    if (sameScope && !carried && stmt.endIndex > use.startIndex) break;
    if (parameter && (conditional || passes !== 1 || !sameScope)) return undefined;
    if (passes === 0) continue;
    const step = (before: Magnitude | undefined): Magnitude | undefined => {
      if (++memo.steps > MAX_NAME_STEPS) return undefined;
      const known = new Map<string, Magnitude | undefined>([[name, before]]);
      const right = stmt.childForFieldName('right');
      if (binding.kind === 'assign') return magnitudeOf(context, right, depth, known);
      const op = stmt.childForFieldName('operator')?.text.replace(/=$/, '') ?? '';
      const r = before && SIZE_OPERATORS.has(op) ? magnitudeOf(context, right, depth, known) : undefined;
      return before && r ? combineMagnitudes(op, before, r) : undefined;
    };
    let value: Magnitude | undefined = state;
    let lastGrowth = 0;
    let runs = 0;
    for (; runs < Math.min(passes, MAX_PASSES); runs++) {
      const after = step(value);
      if (!after) { value = undefined; break; }
      const same = value !== undefined && after.abs === value.abs && after.digits === value.digits;
      lastGrowth = value ? log10Of(after) - log10Of(value) : 0;
      value = after;
      if (same || (value.digits ?? 0) > 1e15) break;
    }
    // Still growing after the passes followed: by as many digits a pass as the last one added for
    // the passes left (`total *= i` for `i` below 1000 adds at most 3, `x *= 2` 0.3), a growth
    // that itself grows having gone past any limit by then (`x = x * x` doubles the digits).
    if (value && runs === MAX_PASSES && passes > MAX_PASSES && state && (value.digits ?? 0) > (state.digits ?? 0)) {
      const digits = log10Of(value) + Math.max(lastGrowth, 0) * (passes - MAX_PASSES) + 1;
      value = fromDigits(Number.isFinite(digits) && digits < Number.MAX_SAFE_INTEGER ? Math.floor(digits) : Number.MAX_SAFE_INTEGER);
    }
    if (!value) {
      if (conditional) continue;
      state = undefined;
      continue;
    }
    state = conditional && state ? (value.abs >= state.abs && (value.digits ?? 0) >= (state.digits ?? 0) ? value : state) : value;
  }
  return state;
}

/** Statements whose body may not run. */
const BRANCHES = new Set(['if_statement', 'elif_clause', 'else_clause', 'try_statement', 'except_clause', 'except_group_clause', 'finally_clause', 'case_clause', 'match_statement', 'while_statement']);

/**
 * `def make(n=10**10): return "x" * n`: a parameter is as large as the largest number it can be
 * given, its default or what a call in this file passes. The host may call the function with
 * the default as well as the plugin can.
 */
function parameterMagnitude(context: RuleContext, n: Node, depth: number): Magnitude | undefined {
  const bindings = context.semantics.bindingsOf(n);
  if (!bindings.length || !bindings.every((b) => b.kind === 'param')) return undefined;
  let largest: Magnitude | undefined;
  const add = (m: Magnitude | undefined): void => {
    if (m && isLarger(m, largest)) largest = m;
  };
  for (const v of context.semantics.resolve(n)) if (v.kind === 'const') add(magnitudeOfConst(v.value));
  // `sample(data.get("rows", 10**10))`: the default of a lookup a call passes is one value it gets.
  if (bindings.length === 1) {
    const fn = bindings[0].scope.node;
    for (const site of context.semantics.argumentsAtCalls(fn, bindings) ?? []) {
      const arg = site.get(bindings[0]);
      if (arg?.type === 'call') add(mappingDefault(context, arg, depth));
    }
  }
  return largest;
}

/** The one binding of a name read in a function, when it is a parameter of that function that the body never rebinds. */
export function soleParameter(context: RuleContext, node: Node): Binding | undefined {
  if (node.type !== 'identifier') return undefined;
  const bindings = context.semantics.bindingsOf(node);
  return bindings.length === 1 && bindings[0].kind === 'param' ? bindings[0] : undefined;
}

/** `12345678901`, `1e+40`: readable sizes for messages. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return 'more than 1e308';
  if (n < 1e15) return String(Math.round(n));
  return n.toExponential(0).replace('e+', 'e');
}

/** Source text of a node for a message, shortened. */
export function shortText(node: Node, max = 40): string {
  return shortened(node.text.replace(/\s+/g, ' '), max);
}
