import type { Node } from '../../parser';
import { digitsOf, type Const } from '../../semantics';
import { positionalArguments } from '../../semantics/syntax';
import type { RuleContext } from '../types';

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
export function magnitudeOf(context: RuleContext, node: Node | null | undefined, depth = 0): Magnitude | undefined {
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
  const folded = context.semantics.fold(n);
  if (folded) return magnitudeOfConst(folded);
  if (n.type === 'call') {
    const fn = n.childForFieldName('function');
    const args = positionalArguments(n);
    const names = fn ? context.semantics.qualifiedNames(fn) : [];
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
    return undefined;
  }
  if (n.type === 'identifier' || n.type === 'attribute') {
    for (const q of context.semantics.qualifiedNames(n)) if (NAMED[q]) return NAMED[q];
  }
  if (n.type === 'identifier') return parameterMagnitude(context, n);
  return undefined;
}

/**
 * `def make(n=10**10): return "x" * n`: a parameter is as large as the largest number it can be
 * given, its default or what a call in this file passes. The host may call the function with
 * the default as well as the plugin can.
 */
function parameterMagnitude(context: RuleContext, n: Node): Magnitude | undefined {
  const bindings = context.semantics.bindingsOf(n);
  if (!bindings.length || !bindings.every((b) => b.kind === 'param')) return undefined;
  let largest: Magnitude | undefined;
  for (const v of context.semantics.resolve(n)) {
    if (v.kind !== 'const') continue;
    const m = magnitudeOfConst(v.value);
    if (m && (!largest || m.abs > largest.abs || (m.digits ?? 0) > (largest.digits ?? 0))) largest = m;
  }
  return largest;
}

/** `12345678901`, `1e+40`: readable sizes for messages. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return 'more than 1e308';
  if (n < 1e15) return String(Math.round(n));
  return n.toExponential(0).replace('e+', 'e');
}

/** Source text of a node for a message, shortened. */
export function shortText(node: Node, max = 40): string {
  const text = node.text.replace(/\s+/g, ' ');
  return text.length > max ? text.slice(0, max - 3) + '...' : text;
}
