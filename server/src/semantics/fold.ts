import type { Node } from '../parser';
import { syntaxMemoOf, type CallArguments } from './memo';
import { normalizeIdentifier } from './names';
import { stringParts } from './stringLiteral';
import { pushNamedChildren } from './syntax';
import { bytesToLatin1, constValue, type Const, type Value, utf8Decode, utf8Encode } from './values';

/** Folding stops here: deeper expressions, longer strings and bigger integers are not constants. */
export const FOLD_LIMITS = {
  depth: 64,
  stringLength: 100_000,
  /** Integers above this many decimal digits keep only their estimated size. */
  intDigits: 10_000,
  sequenceItems: 10_000,
};

/** What folding needs from the resolver: values of names and callees, without a cycle. */
export interface FoldEnv {
  resolve(node: Node, depth: number): Value[];
  qualifiedNamesOf(node: Node, depth: number): string[];
  /** Told when folding stops at its depth limit (the answer then depends on where folding started). */
  noteCut?(): void;
  /**
   * `compute()`, or the answer it gave before for `node` when that one was computed at `depth`
   * or deeper without being cut short (with at least as much room it folds the same). A name
   * bound to a table (`decoding_table = (...)`) is folded again at every use otherwise.
   */
  memoFold?(node: Node, depth: number, compute: FoldFunction): Const | undefined;
  /** Whether the file changes this list display later (`parts.append(x)`, `parts.pop()`): then its display is not its value. */
  changesLater?(list: Node, depth: number): boolean;
  /**
   * Whether the list a name holds is changed in place anywhere in the file (a method that adds or
   * removes elements called on the name, an item stored or deleted): a list made by a call
   * (`pending = list(events)`) then does not keep the value it was made with.
   */
  listNameChanged?(identifier: Node, depth: number): boolean;
  /**
   * Whether a dict display bound to a name is that name's value wherever it is read: the name's
   * only binding, never stored into, aliased, passed on or called a method of. Missing: no.
   */
  dictUnchanged?(dict: Node): boolean;
  /**
   * The value a name bound several times, or a list the file changes, holds at this one read,
   * by running the statements before it in order (semantics/replay.ts); undefined when that
   * cannot be told.
   */
  foldAtRead?(identifier: Node, depth: number): Const | undefined;
  /** `compute()` once per analysis for `key` and `tag` (answers that hold for the whole run). */
  oncePerRun?<T>(key: Node, tag: string, compute: () => T): T;
  /** Whether a list display bound to a name is handed to code that may change it (`Semantics.listHandedOn`). */
  listHandedOn?(display: Node): boolean;
  /** Every identifier of the file spelled as `identifier` (incremental/ then runs the asker again when one changes). */
  identifiersNamed?(identifier: Node): readonly Node[] | undefined;
  /** The one constant the item under `key` of a dict display is (its stores counted), if it is one. */
  dictItem?(dict: Node, key: Const, depth: number): Const | undefined;
  /** The expression a name bound once, by a plain assignment, holds (`Semantics.valueBoundOnce`). */
  valueBoundOnce?(identifier: Node): Node | undefined;
  /** The item a subscript of a dict comprehension (written there or bound to a name) folds to (`Semantics.comprehensionItem`). */
  foldComprehensionItem?(subscript: Node, depth: number): Const | undefined;
  /**
   * A call of a function of this file, its arguments folded in `args` and bound to its
   * parameters: the constant it returns, or (`items`) the list of what a generator yields
   * (`Semantics.foldCallWithArguments`); undefined when that cannot be told.
   */
  foldCallWithArguments?(args: FoldEnv, call: Node, depth: number, items: boolean): Const | undefined;
  /**
   * Whether what `resolve` gives this identifier is its value at this very read (a loop run
   * pass by pass, rules/resources/loopRuns.ts), not a display it was bound to and may have
   * changed since: then `len` of a list it names is known.
   */
  exactAtRead?(identifier: Node): boolean;
}

/** How `memoFold` computes an answer: `compute(env, node, depth)` (a function, not a closure made per question). */
export type FoldFunction = (env: FoldEnv, node: Node, depth: number) => Const | undefined;

/** Node types whose folding recurses or allocates: worth remembering. Literals fold at once. */
const MEMOISED_FOLDS = new Set(['string', 'concatenated_string', 'parenthesized_expression', 'tuple', 'list', 'expression_list', 'binary_operator', 'subscript', 'call', 'identifier', 'attribute']);

const LOG10_2 = Math.log10(2);

function intDigits(v: bigint): number {
  const s = (v < 0n ? -v : v).toString();
  return s.length;
}

function makeInt(v: bigint): Const {
  return intDigits(v) > FOLD_LIMITS.intDigits ? { t: 'hugeint', digits: intDigits(v) } : { t: 'int', v };
}

/** Estimated decimal digits of an integer constant. */
export function digitsOf(c: Const): number | undefined {
  if (c.t === 'int') return intDigits(c.v);
  if (c.t === 'hugeint') return c.digits;
  if (c.t === 'bool') return 1;
  return undefined;
}

function asInt(c: Const | undefined): bigint | undefined {
  if (!c) return undefined;
  if (c.t === 'int') return c.v;
  if (c.t === 'bool') return c.v ? 1n : 0n;
  return undefined;
}

function str(v: string): Const | undefined {
  return v.length > FOLD_LIMITS.stringLength ? undefined : { t: 'str', v };
}

/**
 * Python's `repr()` (and `str()`) of a float: the shortest digits that read back as the same
 * double, as JavaScript also finds them; written out from 1e-4 up to 1e16, with an exponent of at
 * least two digits outside that.
 */
function pythonFloat(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Object.is(v, -0)) return '-0.0';
  const size = Math.abs(v);
  if (size === 0 || (size >= 1e-4 && size < 1e16)) {
    const text = String(v);
    return /[.e]/.test(text) ? text : `${text}.0`;
  }
  return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}

/** The most digits Python 3.11 writes an int with as text (or reads from text) before it raises. */
const MAX_STR_DIGITS = 4300;

/** Python's `str()` of a constant, where it is unambiguous. */
export function pythonStr(c: Const): string | undefined {
  switch (c.t) {
    case 'str': return c.v;
    // Python 3.11 refuses to write an int of more than 4,300 digits as text.
    case 'int': {
      const text = c.v.toString();
      return text.length - (c.v < 0n ? 1 : 0) > MAX_STR_DIGITS ? undefined : text;
    }
    case 'bool': return c.v ? 'True' : 'False';
    case 'none': return 'None';
    case 'float': return pythonFloat(c.v);
    case 'bytes': return `b'${bytesToLatin1(c.v).replace(/[\\']/g, '\\$&')}'`;
    default: return undefined;
  }
}

/**
 * Python's `repr()` of a constant (also `ascii()`'s, for these), where it is unambiguous: a
 * string of printable ASCII, tabs and line breaks, quoted as Python quotes it.
 */
function pythonRepr(c: Const): string | undefined {
  if (c.t !== 'str') return c.t === 'bytes' ? undefined : pythonStr(c);
  if (/[^\x20-\x7e\t\n\r]/.test(c.v)) return undefined;
  const quote = c.v.includes("'") && !c.v.includes('"') ? '"' : "'";
  const escaped = c.v.replace(/[\\\t\n\r]/g, (ch) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[ch]!);
  return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
}

function rot13(s: string): string {
  return s.replace(/[a-zA-Z]/g, (ch) => {
    const base = ch <= 'Z' ? 65 : 97;
    return String.fromCharCode(((ch.charCodeAt(0) - base + 13) % 26) + base);
  });
}

function hexToBytes(s: string): number[] | undefined {
  const clean = s.replace(/\s+/g, '');
  if (clean.length % 2 || !/^[0-9a-fA-F]*$/.test(clean)) return undefined;
  const out: number[] = [];
  for (let i = 0; i < clean.length; i += 2) out.push(parseInt(clean.slice(i, i + 2), 16));
  return out;
}

function base64ToBytes(s: string): number[] | undefined {
  const clean = s.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/=_-]*$/.test(clean)) return undefined;
  try {
    const bin = atob(clean.replace(/-/g, '+').replace(/_/g, '/'));
    return [...bin].map((ch) => ch.charCodeAt(0));
  } catch {
    return undefined;
  }
}

const CODEC_ALIASES: Record<string, string> = {
  rot13: 'rot13', rot_13: 'rot13', 'rot-13': 'rot13',
  hex: 'hex', hex_codec: 'hex', base64: 'base64', base64_codec: 'base64', base_64: 'base64',
  'utf-8': 'utf8', utf8: 'utf8', utf_8: 'utf8', ascii: 'utf8', 'latin-1': 'latin1', latin1: 'latin1', latin_1: 'latin1', 'iso-8859-1': 'latin1',
};

/** `s.decode(codec)`/`codecs.decode(s, codec)` for the codecs attackers use to hide names. */
function decodeWith(value: Const, codec: string): Const | undefined {
  const c = CODEC_ALIASES[codec.toLowerCase()];
  const text = value.t === 'str' ? value.v : value.t === 'bytes' ? bytesToLatin1(value.v) : undefined;
  if (text === undefined || !c) return undefined;
  switch (c) {
    case 'rot13': return str(rot13(text));
    case 'hex': { const b = hexToBytes(text); return b && str(bytesToLatin1(b)); }
    case 'base64': { const b = base64ToBytes(text); return b && str(bytesToLatin1(b)); }
    case 'utf8': return value.t === 'bytes' ? str(utf8Decode(value.v)) : value;
    case 'latin1': return str(text);
  }
  return undefined;
}

function encodeWith(value: Const, codec: string): Const | undefined {
  const c = CODEC_ALIASES[codec.toLowerCase()];
  if (value.t !== 'str' || !c) return undefined;
  switch (c) {
    case 'rot13': return str(rot13(value.v));
    case 'utf8': return { t: 'bytes', v: utf8Encode(value.v) };
    case 'latin1': return { t: 'bytes', v: [...value.v].map((ch) => ch.charCodeAt(0) & 0xff) };
    default: return undefined;
  }
}

/**
 * Every `%` of a %-format template: an optional `(key)`, flags, width, precision, a length
 * modifier (`%ls`, ignored by Python) and the conversion character (empty at the end).
 */
const PERCENT_SPEC = /%(?:\(([^)]*)\))?([-+ 0#]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?([\s\S]?)/g;

/**
 * One `%` conversion of `a` as Python makes it, flags, width and precision included (`%.9s`
 * of `"__class__xyz"` is `__class__`); undefined for one not modelled. `%%` gives `%`.
 */
function percentConversion(conv: string, flags: string, width: string | undefined, precision: string | undefined, a: Const | undefined): string | undefined {
  if (conv === '%') return flags === '' && width === undefined && precision === undefined ? '%' : undefined;
  if (!a || width === '*' || precision === '*') return undefined;
  const w = width === undefined ? 0 : Number(width);
  if (w > FOLD_LIMITS.stringLength) return undefined;
  const left = flags.includes('-');
  // Width counts code points, as Python does (`padStart` counts UTF-16 units).
  const pad = (text: string, fill = ' '): string => {
    const missing = w - [...text].length;
    return missing <= 0 ? text : left ? text + ' '.repeat(missing) : fill.repeat(missing) + text;
  };
  switch (conv) {
    case 's': case 'r': case 'a': {
      if (/[^-]/.test(flags)) return undefined;
      // `%r` of a string or bytes is its repr, quoted: not modelled.
      if (conv !== 's' && (a.t === 'str' || a.t === 'bytes')) return undefined;
      let text = pythonStr(a);
      if (text === undefined) return undefined;
      if (precision !== undefined) text = [...text].slice(0, Number(precision || '0')).join('');
      return pad(text);
    }
    case 'c': {
      if (/[^-]/.test(flags) || precision !== undefined) return undefined;
      const n = asInt(a);
      if (n !== undefined && n >= 0n && n <= 0x10ffffn) return pad(String.fromCodePoint(Number(n)));
      if (a.t === 'str' && [...a.v].length === 1) return pad(a.v);
      return undefined;
    }
    case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': {
      if (flags.includes('#') || precision !== undefined) return undefined;
      const n = asInt(a);
      if (n === undefined) return undefined;
      const base = conv === 'x' || conv === 'X' ? 16 : conv === 'o' ? 8 : 10;
      let digits = (n < 0n ? -n : n).toString(base);
      if (conv === 'X') digits = digits.toUpperCase();
      const sign = n < 0n ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
      if (flags.includes('0') && !left) return sign + digits.padStart(Math.max(0, w - sign.length), '0');
      return pad(sign + digits);
    }
    default:
      return undefined;
  }
}

/** `%` formatting with positional arguments (a tuple, or one value); undefined on any `%` not converted. */
function percentFormat(template: string, arg: Const): string | undefined {
  const args = arg.t === 'seq' && arg.kind === 'tuple' ? arg.items : [arg];
  let i = 0;
  let failed = false;
  const out = template.replace(PERCENT_SPEC, (_m, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, conv: string) => {
    // A `(key)` needs a mapping: with anything else Python raises.
    const text = key !== undefined ? undefined : percentConversion(conv, flags, width, precision, conv === '%' ? undefined : args[i++]);
    if (text === undefined) failed = true;
    return text ?? '';
  });
  return failed || i !== args.length ? undefined : out;
}

/** `str.format` with positional and keyword constants and no format specs. */
function braceFormat(template: string, positional: Const[], keywords: Map<string, Const>): string | undefined {
  let auto = 0;
  let manual = false;
  let failed = false;
  const out = template.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, field: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const f = field ?? '';
    if (/[.[!:]/.test(f)) { failed = true; return ''; }
    if (f === '') auto++;
    else if (/^\d+$/.test(f)) manual = true;
    // Python refuses to mix `{}` and `{0}` in one template.
    if (auto && manual) { failed = true; return ''; }
    const v = f === '' ? positional[auto - 1] : /^\d+$/.test(f) ? positional[Number(f)] : keywords.get(f);
    const s = v && pythonStr(v);
    if (s === undefined) failed = true;
    return s ?? '';
  });
  return failed ? undefined : out;
}

/** Python slicing of a string, bytes or sequence with constant bounds. */
function sliceOf<T>(items: T[], start: bigint | undefined, stop: bigint | undefined, step: bigint | undefined): T[] | undefined {
  const n = items.length;
  const st = step ?? 1n;
  if (st === 0n) return undefined;
  const norm = (v: bigint | undefined, dflt: number, lo: number, hi: number): number => {
    if (v === undefined) return dflt;
    let x = Number(v);
    if (x < 0) x += n;
    return Math.max(lo, Math.min(hi, x));
  };
  const out: T[] = [];
  if (st > 0n) {
    const a = norm(start, 0, 0, n);
    const b = norm(stop, n, 0, n);
    for (let i = a; i < b; i += Number(st)) out.push(items[i]);
  } else {
    const a = norm(start, n - 1, -1, n - 1);
    const b = norm(stop, -1, -1, n - 1);
    for (let i = a; i > b; i += Number(st)) out.push(items[i]);
  }
  return out;
}

/**
 * Bounds of a modular power worked out here: one multiplication of numbers below `m` per bit of
 * the exponent. RSA sizes (a 2,048-bit modulus) take a millisecond; a 10,000-digit exponent and
 * modulus would take tens of seconds, and `pow(3, 10**9999, 10**9999 - 7)` is left unfolded.
 */
const MAX_MODULAR_POWER_BITS = 4096;

/** Python's `pow(b, e, m)` for `m > 0`; undefined when `e < 0` and `b` has no inverse mod `m`. */
function modularPower(b: bigint, e: bigint, m: bigint): Const | undefined {
  if (m.toString(2).length > MAX_MODULAR_POWER_BITS || (e < 0n ? -e : e).toString(2).length > MAX_MODULAR_POWER_BITS) return undefined;
  let base = ((b % m) + m) % m;
  if (e < 0n) {
    // The inverse by the extended Euclidean algorithm: `base * inverse ≡ 1 (mod m)`.
    let [r0, r1, s0, s1] = [m, base, 0n, 1n];
    while (r1 !== 0n) {
      const q = r0 / r1;
      [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
    }
    if (r0 !== 1n) return undefined;
    base = ((s0 % m) + m) % m;
    e = -e;
  }
  let result = 1n % m;
  for (; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * base) % m;
    base = (base * base) % m;
  }
  return makeInt(result);
}

function intBinary(op: string, a: bigint, b: bigint, da: number, db: number): Const | undefined {
  switch (op) {
    case '+': return makeInt(a + b);
    case '-': return makeInt(a - b);
    case '*': return da + db > FOLD_LIMITS.intDigits ? { t: 'hugeint', digits: da + db - 1 } : makeInt(a * b);
    case '//': return b === 0n ? undefined : makeInt(a / b - ((a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? 1n : 0n));
    case '%': return b === 0n ? undefined : makeInt(((a % b) + b) % b);
    case '**': {
      if (b < 0n) return undefined;
      if (a === 0n || a === 1n || b === 0n) return makeInt(a ** b);
      const digits = Number(b) * Math.log10(Number(a < 0n ? -a : a));
      if (digits > FOLD_LIMITS.intDigits) return { t: 'hugeint', digits: Math.floor(digits) + 1 };
      return makeInt(a ** b);
    }
    case '<<': {
      if (b < 0n) return undefined;
      const digits = da + Number(b) * LOG10_2;
      if (digits > FOLD_LIMITS.intDigits) return { t: 'hugeint', digits: Math.floor(digits) + 1 };
      return makeInt(a << b);
    }
    case '>>': return b < 0n ? undefined : makeInt(a >> b);
    case '&': return makeInt(a & b);
    case '|': return makeInt(a | b);
    case '^': return makeInt(a ^ b);
  }
  return undefined;
}

/** Size arithmetic on integers too large to hold: enough to tell `10**10**10` is huge. */
function hugeBinary(op: string, a: Const, b: Const): Const | undefined {
  const da = digitsOf(a);
  const db = digitsOf(b);
  if (da === undefined || db === undefined) return undefined;
  switch (op) {
    case '+': case '-': case '|': case '^': return { t: 'hugeint', digits: Math.max(da, db) };
    case '*': return { t: 'hugeint', digits: da + db - 1 };
    case '**': case '<<': {
      // The exponent alone has db digits: the result has about 10**(db-1) * log10(base) digits.
      const base = a.t === 'int' ? Number(a.v < 0n ? -a.v : a.v) : 10;
      if (base <= 1 && a.t === 'int') return a;
      const perUnit = op === '**' ? Math.log10(Math.max(base, 2)) : LOG10_2;
      return { t: 'hugeint', digits: b.t === 'int' ? Number(b.v) * perUnit : Number.MAX_SAFE_INTEGER };
    }
    default: return undefined;
  }
}

/**
 * Folds an expression to a constant, or `undefined`. Bounded in depth and size, so hostile
 * inputs (`'a' + 'a' + ...` 100,000 times, `'x' * 10**9`) stop early instead of allocating.
 */
export function foldConstant(env: FoldEnv, node: Node | null | undefined, depth = 0): Const | undefined {
  if (!node) return undefined;
  if (depth > FOLD_LIMITS.depth) {
    env.noteCut?.();
    return undefined;
  }
  if (env.memoFold !== undefined && MEMOISED_FOLDS.has(node.type)) return env.memoFold(node, depth, foldUncached);
  return foldUncached(env, node, depth);
}

function foldUncached(env: FoldEnv, node: Node, depth: number): Const | undefined {
  const d = depth + 1;
  switch (node.type) {
    case 'integer': {
      const text = node.text.replace(/_/g, '').replace(/[lL]$/, '');
      try {
        if (/^0[0-7]+$/.test(text)) return makeInt(BigInt('0o' + text.slice(1)));
        if (/[jJ]$/.test(text)) return undefined;
        return makeInt(BigInt(text));
      } catch {
        return undefined;
      }
    }
    case 'float': {
      const v = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(v) || /e/i.test(node.text) ? { t: 'float', v } : undefined;
    }
    case 'true': return { t: 'bool', v: true };
    case 'false': return { t: 'bool', v: false };
    case 'none': return { t: 'none' };
    case 'string': return foldStringNode(env, node, d);
    case 'concatenated_string': {
      let acc: Const | undefined;
      for (const c of node.namedChildren) {
        if (!c || c.type === 'comment') continue;
        const v = foldConstant(env, c, d);
        if (!v) return undefined;
        acc = acc ? concat(acc, v) : v;
        if (!acc) return undefined;
      }
      return acc;
    }
    case 'parenthesized_expression': {
      const inner = node.namedChildren.filter((c) => c && c.type !== 'comment');
      return inner.length === 1 ? foldConstant(env, inner[0], d) : undefined;
    }
    case 'named_expression': return foldConstant(env, node.childForFieldName('value'), d);
    case 'conditional_expression': {
      // `a if cond else b`: the branch a constant test picks, or the value both branches share.
      const [body, test, orelse] = node.namedChildren.filter((c) => c && c.type !== 'comment');
      if (!body || !test || !orelse) return undefined;
      const t = foldConstant(env, test, d);
      const truth = t ? constTruthiness(t) : undefined;
      if (truth !== undefined) return foldConstant(env, truth ? body : orelse, d);
      const a = foldConstant(env, body, d);
      const b = a ? foldConstant(env, orelse, d) : undefined;
      return a && b && sameConst(a, b) ? a : undefined;
    }
    case 'tuple':
    case 'list':
    case 'expression_list': {
      const items: Const[] = [];
      let weight = 0;
      for (const c of node.namedChildren) {
        if (!c || c.type === 'comment') continue;
        const v = foldConstant(env, c, d);
        if (!v || items.length >= FOLD_LIMITS.sequenceItems) return undefined;
        weight += constWeight(v);
        if (weight > FOLD_LIMITS.stringLength) return undefined;
        items.push(v);
      }
      return { t: 'seq', kind: node.type === 'list' ? 'list' : 'tuple', items };
    }
    case 'unary_operator': {
      const op = node.childForFieldName('operator')?.text ?? node.child(0)?.text;
      const v = foldConstant(env, node.childForFieldName('argument'), d);
      if (!v) return undefined;
      if (v.t === 'int') return op === '-' ? makeInt(-v.v) : op === '+' ? v : op === '~' ? makeInt(-v.v - 1n) : undefined;
      if (v.t === 'hugeint') return v;
      if (v.t === 'float') return op === '-' ? { t: 'float', v: -v.v } : op === '+' ? v : undefined;
      return undefined;
    }
    case 'binary_operator': return foldBinary(env, node, d);
    case 'boolean_operator': {
      // `a or b` is `a` when it is true, else `b`; `a and b` the other way round.
      const left = foldConstant(env, node.childForFieldName('left'), d);
      const truth = left ? constTruthiness(left) : undefined;
      if (truth === undefined) return undefined;
      return truth === (node.childForFieldName('operator')?.type === 'or') ? left : foldConstant(env, node.childForFieldName('right'), d);
    }
    case 'not_operator': {
      const v = foldConstant(env, node.childForFieldName('argument'), d);
      const t = v ? constTruthiness(v) : undefined;
      return t === undefined ? undefined : { t: 'bool', v: !t };
    }
    case 'comparison_operator': return foldComparison(env, node, d);
    case 'subscript': return foldSubscript(env, node, d);
    case 'call': return foldCall(env, node, d);
    case 'identifier':
    case 'attribute': {
      const values = env.resolve(node, d);
      let found: Const | undefined;
      for (const v of values) {
        // A name bound to a list or tuple display folds when its elements do (`".".join(fields)`).
        // Not a list the file changes (`parts = []` … `parts.append("__cla")` … `"".join(parts)`, `xs.pop()`).
        const c =
          v.kind === 'const'
            ? v.value.t === 'seq' && v.value.kind === 'list' && node.type === 'identifier' && env.listNameChanged?.(node, depth)
              ? undefined
              : v.value
            : v.kind === 'container' && v.node.type !== 'dictionary' && v.node.type !== 'set' && !mayChange(env, v.node, depth)
              ? foldConstant(env, v.node, depth)
              : v.kind === 'qname'
                ? MODULE_CONSTANTS[v.name]
                : undefined;
        if (!c || (found && !sameConst(found, c))) return node.type === 'identifier' ? (env.foldAtRead?.(node, depth) ?? onlyReadComprehension(env, node, depth)) : undefined;
        found = c;
      }
      return found;
    }
  }
  return undefined;
}

/**
 * Whether a list or tuple display a name holds may hold other elements when the name is read: a
 * list the file changes (`parts.append(x)`, `parts[0] = x`) or hands on (`alias = parts`, `f(parts)`:
 * the alias or the callee may change it), or a tuple of such lists.
 */
function mayChange(env: FoldEnv, display: Node, depth: number): boolean {
  // Lists inside it can be reached and changed through any read of an item (`inner = rows[0]`).
  if (display.namedChildren.some((c) => c?.type === 'list' || c?.type === 'dictionary' || c?.type === 'set' || c?.type === 'list_comprehension')) return true;
  return display.type === 'list' && (!!env.changesLater?.(display, depth) || !!env.listHandedOn?.(display));
}

/** Python truthiness of a constant. */
export function constTruthiness(c: Const): boolean | undefined {
  switch (c.t) {
    case 'bool': return c.v;
    case 'int': return c.v !== 0n;
    case 'hugeint': return true;
    case 'float': return c.v !== 0;
    case 'str': return c.v.length > 0;
    case 'bytes': return c.v.length > 0;
    case 'none': return false;
    case 'seq': return c.items.length > 0;
  }
}

/**
 * `1 == 1`, `"a" in "abc"`, `0 < 1 < 2`: a comparison of constants is a constant, so a loop
 * spelled `while 1 == 1:` is as endless as `while True:`. Only the cases whose Python result
 * is certain fold (numbers with numbers, strings with strings); the rest stay unknown.
 */
function foldComparison(env: FoldEnv, node: Node, d: number): Const | undefined {
  const operands: Const[] = [];
  const ops: string[] = [];
  let pending = '';
  for (const c of node.children) {
    if (!c || c.type === 'comment') continue;
    if (!c.isNamed) {
      pending = pending ? `${pending} ${c.text}` : c.text;
      continue;
    }
    const v = foldConstant(env, c, d);
    if (!v) return undefined;
    // A list compared where it is written (`[] == []`) is that value; a name bound to one may
    // have been appended to since.
    if (v.t === 'seq' && !SEQUENCE_DISPLAYS.has(c.type)) return undefined;
    if (operands.length) {
      if (!pending) return undefined;
      ops.push(pending);
    }
    pending = '';
    operands.push(v);
  }
  if (operands.length < 2 || ops.length !== operands.length - 1) return undefined;
  for (let i = 0; i < ops.length; i++) {
    const r = compareConsts(operands[i], ops[i], operands[i + 1]);
    if (r === undefined) return undefined;
    if (!r) return { t: 'bool', v: false };
  }
  return { t: 'bool', v: true };
}

/** Operands whose folded sequence is the value the comparison sees. */
const SEQUENCE_DISPLAYS = new Set(['list', 'tuple', 'parenthesized_expression']);

/** The order of an int against a float, exactly: -1, 0 or 1 (undefined for NaN). */
function intFloatOrder(i: bigint, f: number): number | undefined {
  if (Number.isNaN(f)) return undefined;
  if (f === Infinity) return -1;
  if (f === -Infinity) return 1;
  const whole = BigInt(Math.trunc(f));
  if (i !== whole) return i < whole ? -1 : 1;
  const fraction = f - Math.trunc(f);
  return fraction > 0 ? -1 : fraction < 0 ? 1 : 0;
}

function compareConsts(a: Const, op: string, b: Const): boolean | undefined {
  const numeric = (c: Const): boolean => c.t === 'int' || c.t === 'bool' || c.t === 'float';
  if (numeric(a) && numeric(b)) {
    let cmp: number;
    const ia = asInt(a);
    const ib = asInt(b);
    if (ia !== undefined && ib !== undefined) cmp = ia < ib ? -1 : ia > ib ? 1 : 0;
    else if (a.t === 'float' && b.t === 'float') {
      if (Number.isNaN(a.v) || Number.isNaN(b.v)) return undefined;
      cmp = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
    } else {
      // An int and a float compare exactly in Python (`2**53 + 1 > 2.0**53`), not through a double.
      const c = a.t === 'float' ? intFloatOrder(asInt(b)!, a.v) : intFloatOrder(ia ?? asInt(a)!, (b as { v: number }).v);
      if (c === undefined) return undefined;
      cmp = a.t === 'float' ? -c : c;
    }
    switch (op) {
      case '==': return cmp === 0;
      case '!=': case '<>': return cmp !== 0;
      case '<': return cmp < 0;
      case '<=': return cmp <= 0;
      case '>': return cmp > 0;
      case '>=': return cmp >= 0;
      default: return undefined;
    }
  }
  if (a.t === 'str' && b.t === 'str') {
    switch (op) {
      case '==': return a.v === b.v;
      case '!=': case '<>': return a.v !== b.v;
      case 'in': return b.v.includes(a.v);
      case 'not in': return !b.v.includes(a.v);
      case '<': case '<=': case '>': case '>=': {
        const order = orderConsts(a, b);
        if (order === undefined) return undefined;
        return op === '<' ? order < 0 : op === '<=' ? order <= 0 : op === '>' ? order > 0 : order >= 0;
      }
      default: return undefined;
    }
  }
  // `[] == []`, `(1, "a") != (1, "a")`: displays compare item by item; a list never equals a tuple.
  if (a.t === 'seq' && b.t === 'seq' && (op === '==' || op === '!=')) {
    let equal: boolean | undefined = a.kind === b.kind && a.items.length === b.items.length;
    for (let i = 0; equal && i < a.items.length; i++) equal = compareConsts(a.items[i], '==', b.items[i]);
    if (equal === undefined) return undefined;
    return op === '==' ? equal : !equal;
  }
  if ((op === 'is' || op === 'is not') && (a.t === 'none' || b.t === 'none')) {
    const same = a.t === b.t;
    return op === 'is' ? same : !same;
  }
  return undefined;
}

export function sameConst(a: Const, b: Const): boolean {
  if (a.t !== b.t) return false;
  switch (a.t) {
    case 'str': return a.v === (b as typeof a).v;
    case 'int': return a.v === (b as typeof a).v;
    case 'float': return a.v === (b as typeof a).v;
    case 'bool': return a.v === (b as typeof a).v;
    case 'none': return true;
    case 'bytes': return bytesToLatin1(a.v) === bytesToLatin1((b as typeof a).v);
    case 'hugeint': return a.digits === (b as typeof a).digits;
    case 'seq': {
      const bb = b as typeof a;
      return a.kind === bb.kind && a.items.length === bb.items.length && a.items.every((x, i) => sameConst(x, bb.items[i]));
    }
  }
}

function concat(a: Const, b: Const): Const | undefined {
  if (a.t === 'str' && b.t === 'str') return str(a.v + b.v);
  if (a.t === 'bytes' && b.t === 'bytes') return a.v.length + b.v.length > FOLD_LIMITS.stringLength ? undefined : { t: 'bytes', v: a.v.concat(b.v) };
  if (a.t === 'seq' && b.t === 'seq' && a.kind === b.kind) {
    if (a.items.length + b.items.length > FOLD_LIMITS.sequenceItems || constWeight(a) + constWeight(b) > FOLD_LIMITS.stringLength) return undefined;
    return { t: 'seq', kind: a.kind, items: a.items.concat(b.items) };
  }
  return undefined;
}

/**
 * Total size of a constant, nested items included, counted only up to just past the string
 * limit. Repetition shares items, so `[[0] * 10**4] * 10**4` is small to hold but 10**8 items
 * to print, compare or serialise: folding refuses it, as it refuses `'x' * 10**8`.
 */
export function constWeight(c: Const): number {
  let total = 0;
  const stack: Const[] = [c];
  while (stack.length && total <= FOLD_LIMITS.stringLength) {
    const x = stack.pop()!;
    if (x.t === 'str' || x.t === 'bytes') total += x.v.length;
    else if (x.t === 'seq') {
      total += x.items.length;
      if (total <= FOLD_LIMITS.stringLength) for (const item of x.items) if (item.t === 'seq' || item.t === 'str' || item.t === 'bytes') stack.push(item);
    } else total += 1;
  }
  return total;
}

function foldStringNode(env: FoldEnv, node: Node, depth: number): Const | undefined {
  const split = stringParts(node);
  if (!split) return undefined;
  let out = '';
  for (const part of split.parts) {
    if (part.kind === 'text') out += part.value;
    else {
      // An f-string field folds when its expression does and it has no spec; `!r`, `!a` and `!s` as Python converts.
      const expr = part.node.childForFieldName('expression');
      const conversion = part.node.childForFieldName('type_conversion')?.text;
      // `{x=}` writes the expression's text before its value: not modelled.
      if (part.node.children.some((c) => c.type === '=')) return undefined;
      if (part.node.childForFieldName('format_specifier') || (conversion !== undefined && !['!r', '!a', '!s'].includes(conversion))) return undefined;
      const v = foldConstant(env, expr, depth);
      const s = v && (conversion === '!r' || conversion === '!a' ? pythonRepr(v) : pythonStr(v));
      if (s === undefined) return undefined;
      out += s;
    }
    if (out.length > FOLD_LIMITS.stringLength) return undefined;
  }
  if (split.prefix.bytes) return { t: 'bytes', v: [...out].map((ch) => ch.charCodeAt(0) & 0xff) };
  return { t: 'str', v: out };
}

/**
 * `"%(a)s" % {"a": "__globals__"}`: a template with named fields formatted with a dict display
 * (or a name bound to one that nothing changes, see `FoldEnv.dictUnchanged`) whose keys and
 * values fold; undefined on any `%` not converted.
 */
function percentFormatMapping(env: FoldEnv, template: string, right: Node | null, depth: number): string | undefined {
  if (!right || !/%\(/.test(template)) return undefined;
  let dict: Node | undefined = right.type === 'dictionary' ? right : undefined;
  if (!dict && right.type === 'identifier') {
    const values = env.resolve(right, depth);
    // Only a display nothing changes (`d["a"] = ...`, `d.update(...)`, an alias stored into).
    if (values.length === 1 && values[0].kind === 'container' && values[0].node.type === 'dictionary' && env.dictUnchanged?.(values[0].node)) dict = values[0].node;
  }
  if (!dict) return undefined;
  const entries = new Map<string, Const>();
  for (const pair of dict.namedChildren) {
    if (!pair || pair.type === 'comment') continue;
    if (pair.type !== 'pair') return undefined;
    const k = foldConstant(env, pair.childForFieldName('key'), depth);
    const v = foldConstant(env, pair.childForFieldName('value'), depth);
    if (k?.t !== 'str' || !v) return undefined;
    entries.set(k.v, v);
  }
  let failed = false;
  const out = template.replace(PERCENT_SPEC, (_m, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, conv: string) => {
    // Every conversion but `%%` names its key: `%s` alone would format the dict itself.
    const text = key === undefined && conv !== '%' ? undefined : percentConversion(conv, flags, width, precision, key === undefined ? undefined : entries.get(key));
    if (text === undefined) failed = true;
    return text ?? '';
  });
  return failed ? undefined : out;
}

/** `a op b` for integers, big or not (`**`, `<<`, `*`, ...): what `foldBinary` makes of two folded numbers. */
export function foldIntegerBinary(op: string, a: Const, b: Const): Const | undefined {
  const ia = asInt(a);
  const ib = asInt(b);
  if (ia !== undefined && ib !== undefined) return intBinary(op, ia, ib, intDigits(ia), intDigits(ib));
  if ((a.t === 'hugeint' || b.t === 'hugeint') && digitsOf(a) !== undefined && digitsOf(b) !== undefined) return hugeBinary(op, a, b);
  return undefined;
}

function foldBinary(env: FoldEnv, node: Node, depth: number): Const | undefined {
  const op = node.childForFieldName('operator')?.text;
  if (!op) return undefined;
  const a = foldConstant(env, node.childForFieldName('left'), depth);
  if (!a) return undefined;
  if (op === '%' && a.t === 'str') {
    const mapped = percentFormatMapping(env, a.v, node.childForFieldName('right'), depth);
    if (mapped !== undefined) return str(mapped);
  }
  const b = foldConstant(env, node.childForFieldName('right'), depth);
  if (!b) return undefined;
  return foldBinaryConstants(op, a, b);
}

/** `a op b` of two constants (`op` one of Python's binary operators): what `foldBinary` gives once both sides folded. */
export function foldBinaryConstants(op: string, a: Const, b: Const): Const | undefined {
  if (op === '+') {
    const c = concat(a, b);
    if (c) return c;
  }
  if (op === '*') {
    const [seq, count] = a.t === 'int' || a.t === 'bool' ? [b, asInt(a)] : [a, asInt(b)];
    if (count !== undefined && (seq.t === 'str' || seq.t === 'bytes' || seq.t === 'seq')) {
      const len = seq.t === 'seq' ? constWeight(seq) : seq.v.length;
      const n = count < 0n ? 0 : Number(count);
      if (len * n > FOLD_LIMITS.stringLength) return undefined;
      if (seq.t === 'str') return { t: 'str', v: seq.v.repeat(n) };
      if (seq.t === 'bytes') return { t: 'bytes', v: repeated(seq.v, n) };
      return { t: 'seq', kind: seq.kind, items: repeated(seq.items, n) };
    }
  }
  if (op === '%' && a.t === 'str') {
    const s = percentFormat(a.v, b);
    return s === undefined ? undefined : str(s);
  }
  const ia = asInt(a);
  const ib = asInt(b);
  if (ia !== undefined && ib !== undefined) return intBinary(op, ia, ib, intDigits(ia), intDigits(ib));
  if ((a.t === 'hugeint' || b.t === 'hugeint') && digitsOf(a) !== undefined && digitsOf(b) !== undefined) return hugeBinary(op, a, b);
  if ((a.t === 'float' || b.t === 'float') && (a.t === 'float' || ia !== undefined) && (b.t === 'float' || ib !== undefined)) {
    const x = a.t === 'float' ? a.v : Number(ia);
    const y = b.t === 'float' ? b.v : Number(ib);
    switch (op) {
      case '+': return { t: 'float', v: x + y };
      case '-': return { t: 'float', v: x - y };
      case '*': return { t: 'float', v: x * y };
      case '/': return y === 0 ? undefined : { t: 'float', v: x / y };
      case '**': return { t: 'float', v: x ** y };
    }
  }
  if (op === '/' && ia !== undefined && ib !== undefined && ib !== 0n) return { t: 'float', v: Number(ia) / Number(ib) };
  return undefined;
}

/** `items` `n` times over, in one array of its final size. */
function repeated<T>(items: readonly T[], n: number): T[] {
  const out = new Array<T>(items.length * n);
  for (let i = 0, at = 0; i < n; i++) for (let j = 0; j < items.length; j++) out[at++] = items[j];
  return out;
}

function foldSubscript(env: FoldEnv, node: Node, depth: number): Const | undefined {
  const value = foldConstant(env, node.childForFieldName('value'), depth);
  if (!value) {
    const item = jsonDocument(env, node, depth);
    if (item !== NOT_JSON) return fromJson(item, 0);
    // `MODES["up"]` of a dict display the file only reads: the resolver's one constant for it.
    const resolved = env.resolve(node, depth + 1);
    if (resolved.length === 1 && resolved[0].kind === 'const') return resolved[0].value;
    // `pieces[k]` for `k` bound by a comprehension: the key folds here, not in the resolver.
    const holders = env.dictItem ? env.resolve(node.childForFieldName('value')!, depth + 1) : [];
    const subs = node.childrenForFieldName('subscript').filter((c) => c.type !== 'comment');
    if (holders.length === 1 && holders[0].kind === 'container' && holders[0].node.type === 'dictionary' && subs.length === 1 && subs[0].type !== 'slice') {
      const key = foldConstant(env, subs[0], depth);
      const item = key ? env.dictItem!(holders[0].node, key, depth) : undefined;
      if (item) return item;
    }
    return env.foldComprehensionItem?.(node, depth);
  }
  const subs = node.childrenForFieldName('subscript').filter((c): c is Node => !!c);
  if (subs.length !== 1) return undefined;
  const sub = subs[0];
  const seqItems: unknown[] | undefined =
    value.t === 'str' ? [...value.v] : value.t === 'bytes' ? value.v : value.t === 'seq' ? value.items : undefined;
  if (!seqItems) return undefined;
  if (sub.type === 'slice') {
    // Children are the optional start, stop and step around the colons.
    const bounds: (bigint | undefined)[] = [undefined, undefined, undefined];
    let slot = 0;
    for (let i = 0; i < sub.childCount; i++) {
      const c = sub.child(i)!;
      if (c.type === ':') { slot++; continue; }
      if (c.type === 'comment') continue;
      const v = asInt(foldConstant(env, c, depth));
      if (v === undefined) return undefined;
      bounds[slot] = v;
    }
    const items = sliceOf(seqItems, bounds[0], bounds[1], bounds[2]);
    if (!items) return undefined;
    if (value.t === 'str') return { t: 'str', v: (items as string[]).join('') };
    if (value.t === 'bytes') return { t: 'bytes', v: items as number[] };
    return { t: 'seq', kind: (value as { kind: 'list' | 'tuple' }).kind, items: items as Const[] };
  }
  const index = asInt(foldConstant(env, sub, depth));
  if (index === undefined) return undefined;
  let i = Number(index);
  if (i < 0) i += seqItems.length;
  if (i < 0 || i >= seqItems.length) return undefined;
  if (value.t === 'str') return { t: 'str', v: seqItems[i] as string };
  if (value.t === 'bytes') return { t: 'int', v: BigInt(seqItems[i] as number) };
  return seqItems[i] as Const;
}

/** Calls without keyword arguments (nearly all) share this one: it is never written to. */
const NO_KEYWORDS: ReadonlyMap<string, Node> = new Map();

/** A call's arguments, kept on its node (a fact of the syntax): a call is folded at several depths. */
function argumentsOf(node: Node): CallArguments {
  const memo = syntaxMemoOf(node);
  return (memo.callArguments ??= argumentsOfUncached(node));
}

function argumentsOfUncached(node: Node): CallArguments {
  const positional: Node[] = [];
  let keywords: Map<string, Node> | undefined;
  let splat = false;
  const args = node.childForFieldName('arguments');
  if (args?.type === 'generator_expression') return { positional: [args], keywords: NO_KEYWORDS, splat };
  const named = args ? args.namedChildren : [];
  for (let i = 0; i < named.length; i++) {
    const c = named[i];
    if (c.type === 'comment') continue;
    if (c.type === 'keyword_argument') {
      const name = c.childForFieldName('name');
      const value = c.childForFieldName('value');
      if (name && value) (keywords ??= new Map()).set(name.text, value);
    } else if (c.type === 'list_splat' || c.type === 'dictionary_splat') splat = true;
    else positional.push(c);
  }
  return { positional, keywords: keywords ?? NO_KEYWORDS, splat };
}

/** Iterates a constant or a literal display into constants (`[...]`, `(...)`, a string). */
function foldItems(env: FoldEnv, node: Node, depth: number): Const[] | undefined {
  if (node.type === 'generator_expression' || node.type === 'list_comprehension') return foldComprehension(env, node, depth);
  const v = foldConstant(env, node, depth) ?? (node.type === 'call' ? env.foldCallWithArguments?.(env, node, depth, true) : undefined);
  if (v?.t === 'seq') return v.items;
  if (v?.t === 'str') return [...v.v].map((ch) => ({ t: 'str', v: ch }) as Const);
  if (v?.t === 'bytes') return v.v.map((b) => ({ t: 'int', v: BigInt(b) }) as Const);
  return undefined;
}

/** Bodies of comprehensions and lambdas folded per element are at most this many nodes. */
const MAX_MAPPED_BODY = 256;

/**
 * `env` answering names through `resolve` instead, for one pass of a replay or one call of a
 * function folded with its arguments: no `memoFold` (what folds there holds for that pass or
 * call only, not for the node), no replay or comprehension items of its own.
 */
export function withResolve(env: FoldEnv, resolve: FoldEnv['resolve']): FoldEnv {
  return {
    resolve,
    qualifiedNamesOf: (node, depth) => env.qualifiedNamesOf(node, depth),
    noteCut: () => env.noteCut?.(),
    changesLater: (list, depth) => env.changesLater?.(list, depth) ?? false,
    listNameChanged: (identifier, depth) => env.listNameChanged?.(identifier, depth) ?? false,
    dictUnchanged: (dict) => env.dictUnchanged?.(dict) ?? false,
    foldCallWithArguments: env.foldCallWithArguments && ((args, call, depth, items) => env.foldCallWithArguments!(args, call, depth, items)),
    // A fact of a display of the file, whatever the names bound here (`RULES[name]` at a call).
    dictItem: env.dictItem && ((dict, key, depth) => env.dictItem!(dict, key, depth)),
  };
}

/**
 * `env` with the name `name` denoting `value` inside `within`: the body of a comprehension or a
 * lambda folded for one element. Nothing folded this way is memoised (the same nodes fold to
 * another constant for the next element); names other than `name` resolve as before.
 */
function bindingName(env: FoldEnv, name: string, value: Const, within: Node): FoldEnv {
  return bindingNames(env, new Map([[name, value]]), within);
}

/** `bindingName` for several names at once (`for _, text in pairs`). */
function bindingNames(env: FoldEnv, values: ReadonlyMap<string, Const>, within: Node): FoldEnv {
  const constants = new Map([...values].map(([name, value]) => [name, [constValue(value)]]));
  return {
    resolve: (node, depth) => {
      const own = node.type === 'identifier' && node.startIndex >= within.startIndex && node.endIndex <= within.endIndex ? constants.get(normalizeIdentifier(node.text)) : undefined;
      return own ?? env.resolve(node, depth);
    },
    qualifiedNamesOf: (node, depth) => env.qualifiedNamesOf(node, depth),
    noteCut: () => env.noteCut?.(),
    foldCallWithArguments: env.foldCallWithArguments && ((args, call, depth, items) => env.foldCallWithArguments!(args, call, depth, items)),
    // Facts of the file's other names, the same inside the comprehension.
    valueBoundOnce: env.valueBoundOnce && ((identifier) => env.valueBoundOnce!(identifier)),
    dictItem: env.dictItem && ((dict, key, depth) => env.dictItem!(dict, key, depth)),
    dictUnchanged: env.dictUnchanged && ((dict) => env.dictUnchanged!(dict)),
  };
}

/** The names a `for` target of plain names binds from one item (`text` of `_, text`), or undefined when it does not unpack. */
function targetValues(target: Node, item: Const): Map<string, Const> | undefined {
  if (target.type === 'identifier') return new Map([[normalizeIdentifier(target.text), item]]);
  if (target.type !== 'pattern_list' && target.type !== 'tuple_pattern' && target.type !== 'list_pattern') return undefined;
  const names = target.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  if (item.t !== 'seq' || item.items.length !== names.length || names.some((n) => n.type !== 'identifier')) return undefined;
  const out = new Map<string, Const>();
  names.forEach((n, i) => out.set(normalizeIdentifier(n.text), item.items[i]));
  return out.size === names.length ? out : undefined;
}

/** True when `body` is small and binds no name of its own (no nested lambda or comprehension to shadow the loop name). */
function isPlainBody(body: Node): boolean {
  const stack = [body];
  let seen = 0;
  while (stack.length) {
    const n = stack.pop()!;
    if (++seen > MAX_MAPPED_BODY) return false;
    if (n.type === 'lambda' || n.type === 'named_expression' || n.type === 'list_comprehension' || n.type === 'generator_expression' || n.type === 'set_comprehension' || n.type === 'dictionary_comprehension') return false;
    pushNamedChildren(stack, n);
  }
  return true;
}

/**
 * The iterations of a comprehension with one `for` over a constant iterable into one name and
 * `if` filters that fold: `each` is given the environment of each item the filters keep, in
 * order, and returns false to give up. False when the comprehension has another shape, an
 * iterable or filter does not fold, or `each` gave up.
 */
function forEachKeptItem(env: FoldEnv, node: Node, body: Node, depth: number, each: (scoped: FoldEnv) => boolean): boolean {
  const clauses = node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment' && c.id !== body.id);
  const loop = clauses[0];
  const filters = clauses.slice(1);
  if (loop?.type !== 'for_in_clause' || filters.some((c) => c.type !== 'if_clause')) return false;
  const target = loop.childForFieldName('left');
  const iterable = loop.childForFieldName('right');
  if (!target || !iterable || !isPlainBody(body) || !filters.every(isPlainBody)) return false;
  const items = foldItems(env, iterable, depth);
  if (!items) return false;
  for (const item of items) {
    const bound = targetValues(target, item);
    if (!bound) return false;
    const scoped = bindingNames(env, bound, node);
    let kept = true;
    for (const clause of filters) {
      const test = foldConstant(scoped, clause.namedChild(0), depth);
      const truth = test ? constTruthiness(test) : undefined;
      if (truth === undefined) return false;
      if (!truth) kept = false;
    }
    if (kept && !each(scoped)) return false;
  }
  return true;
}

/**
 * `''.join(chr(c) for c in [95, 95, ...])`, `[chr(c) for c in codes if c != 45]`: one `for` over
 * a constant iterable into one name, with `if` filters that fold; the body is folded once per
 * element, so a name spelled as character codes is as visible as its literal.
 */
function foldComprehension(env: FoldEnv, node: Node, depth: number): Const[] | undefined {
  const body = node.childForFieldName('body');
  if (!body) return undefined;
  const out: Const[] = [];
  let weight = 0;
  const folded = forEachKeptItem(env, node, body, depth, (scoped) => {
    const v = foldConstant(scoped, body, depth);
    if (!v) return false;
    weight += constWeight(v);
    out.push(v);
    return weight <= FOLD_LIMITS.stringLength;
  });
  return folded ? out : undefined;
}

/**
 * `{k: "{0." + k + "}" for k in names}[key]`: the value a dict comprehension with one `for` over
 * a constant iterable (and `if` filters that fold) puts under `key`, the last one written there
 * as in Python; undefined when it does not fold or puts nothing there.
 */
export function foldDictComprehensionItem(env: FoldEnv, node: Node, key: Const, depth: number): Const | undefined {
  const body = node.childForFieldName('body');
  if (body?.type !== 'pair') return undefined;
  let found: Const | undefined;
  const folded = forEachKeptItem(env, node, body, depth, (scoped) => {
    const k = foldConstant(scoped, body.childForFieldName('key'), depth);
    if (!k) return false;
    if (!sameConst(k, key)) return true;
    found = foldConstant(scoped, body.childForFieldName('value'), depth);
    return found !== undefined;
  });
  return folded ? found : undefined;
}

/** `map(chr, codes)`, `map(lambda c: chr(c + 1), codes)`: each element through a foldable function. */
function foldMapped(env: FoldEnv, fn: Node, iterable: Node, depth: number): Const[] | undefined {
  const items = foldItems(env, iterable, depth);
  if (!items) return undefined;
  let apply: (item: Const) => Const | undefined;
  if (fn.type === 'lambda') {
    const params = fn.childForFieldName('parameters')?.namedChildren.filter((c) => c && c.type !== 'comment') ?? [];
    const body = fn.childForFieldName('body');
    if (params.length !== 1 || params[0]?.type !== 'identifier' || !body || !isPlainBody(body)) return undefined;
    const name = normalizeIdentifier(params[0].text);
    apply = (item) => foldConstant(bindingName(env, name, item, fn), body, depth);
  } else {
    const names = env.qualifiedNamesOf(fn, depth);
    if (names.length !== 1) return undefined;
    const builtin = names[0];
    apply = (item) => applyBuiltin(builtin, item);
  }
  const out: Const[] = [];
  let weight = 0;
  for (const item of items) {
    const v = apply(item);
    if (!v) return undefined;
    weight += constWeight(v);
    if (weight > FOLD_LIMITS.stringLength) return undefined;
    out.push(v);
  }
  return out;
}

/** The one-argument builtins `map` folds through (and `foldCall` folds a call of). */
function applyBuiltin(name: string, arg: Const): Const | undefined {
  switch (name) {
    case 'builtins.chr':
    case 'builtins.unichr': {
      const n = asInt(arg);
      return n !== undefined && n >= 0n && n <= 0x10ffffn ? { t: 'str', v: String.fromCodePoint(Number(n)) } : undefined;
    }
    case 'builtins.ord':
      return arg.t === 'str' && [...arg.v].length === 1 ? { t: 'int', v: BigInt(arg.v.codePointAt(0)!) } : undefined;
    case 'builtins.str': {
      const s = pythonStr(arg);
      return s === undefined ? undefined : str(s);
    }
  }
  return undefined;
}

/** Bytes `int.from_bytes` is folded for: longer ones are not numbers written by hand. */
const MAX_FROM_BYTES = 512;
/** Items a `reduce`, `math.prod` or `sum` is folded over. */
const MAX_REDUCED_ITEMS = 256;

/** What Python's `str.isspace` holds: `strip()`, `split()` and `int()` cut it. */
const PYTHON_SPACE_CLASS = '[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const PYTHON_SPACE = new RegExp(PYTHON_SPACE_CLASS);
const PYTHON_SPACES = new RegExp(`${PYTHON_SPACE_CLASS}+`);
const INT_TEXT = new RegExp(`^${PYTHON_SPACE_CLASS}*([-+]?)(?:0([xXoObB]))?([0-9a-zA-Z](?:_?[0-9a-zA-Z])*)${PYTHON_SPACE_CLASS}*$`);

/** `int(text, base)` as Python reads it (a prefix with base 0 or its own base, `_` between digits); undefined when it raises. */
function intFromText(text: string, base: number): Const | undefined {
  if (base !== 0 && (base < 2 || base > 36)) return undefined;
  // Python's whitespace around the number (not JS's `\s`, which takes U+FEFF).
  const m = INT_TEXT.exec(text);
  if (!m || m[3].length > MAX_STR_DIGITS) return undefined;
  const prefixBase = m[2] ? { x: 16, o: 8, b: 2 }[m[2].toLowerCase() as 'x' | 'o' | 'b'] : undefined;
  if (prefixBase !== undefined && base !== 0 && base !== prefixBase) return undefined;
  const radix = prefixBase ?? (base === 0 ? 10 : base);
  const digits = m[3].replace(/_/g, '').toLowerCase();
  // Base 0 reads a decimal number without leading zeros (`int("010", 0)` raises).
  if (base === 0 && prefixBase === undefined && /^0+[1-9]/.test(digits)) return undefined;
  let n = 0n;
  for (const ch of digits) {
    const d = parseInt(ch, 36);
    if (!(d < radix)) return undefined;
    n = n * BigInt(radix) + BigInt(d);
  }
  return makeInt(m[1] === '-' ? -n : n);
}

/** `a op b` of two integers (`+`, `*`), past the fold's digit limit as a `hugeint`. */
function intArithmetic(op: string, a: Const, b: Const): Const | undefined {
  const ia = asInt(a);
  const ib = asInt(b);
  if (ia !== undefined && ib !== undefined) return intBinary(op, ia, ib, intDigits(ia), intDigits(ib));
  return digitsOf(a) !== undefined && digitsOf(b) !== undefined ? hugeBinary(op, a, b) : undefined;
}

/** One step of a reduction over integers: the accumulator and the next item to the next accumulator. */
type ReducingStep = (acc: Const, item: Const) => Const | undefined;

const PRODUCT: ReducingStep = (acc, item) => intArithmetic('*', acc, item);
const SUM: ReducingStep = (acc, item) => intArithmetic('+', acc, item);

/** Operators a reducing lambda may apply (`intArithmetic` keeps their results as sizes past the limits). */
const REDUCING_OPERATORS = new Set(['*', '+', '**']);

/** An operand of a reducing lambda's body: its accumulator, its item, or an expression of neither. */
export type ReducingOperand = 'acc' | 'item' | Node;

/**
 * A lambda of two parameters (the accumulator, the item) whose body is one of `* + **` applied to
 * them or to expressions that read neither: `lambda a, b: a * b`, `lambda acc, _: acc * acc`
 * (squaring on every item), `lambda acc, k: acc ** 2`; undefined for any other function.
 */
export function reducingLambda(fn: Node): { op: string; left: ReducingOperand; right: ReducingOperand } | undefined {
  if (fn.type !== 'lambda') return undefined;
  const params = fn.childForFieldName('parameters');
  const names = params ? params.namedChildren.filter((c) => c && c.type !== 'comment') : [];
  if (names.length !== 2 || names.some((p) => p?.type !== 'identifier')) return undefined;
  const [accName, itemName] = names.map((n) => normalizeIdentifier(n!.text));
  if (accName === itemName) return undefined;
  let body = fn.childForFieldName('body');
  while (body?.type === 'parenthesized_expression') body = body.namedChildren.length === 1 ? body.namedChildren[0] : null;
  const op = body?.type === 'binary_operator' ? body.childForFieldName('operator')?.text : undefined;
  if (!body || !op || !REDUCING_OPERATORS.has(op)) return undefined;
  const operand = (node: Node | null): ReducingOperand | undefined => {
    if (!node) return undefined;
    if (node.type === 'identifier') {
      const name = normalizeIdentifier(node.text);
      if (name === accName) return 'acc';
      if (name === itemName) return 'item';
    }
    // Anything else must not read the parameters (`acc * (acc + 1)` is no single step of these).
    const stack: Node[] = [node];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === 'identifier' && (normalizeIdentifier(n.text) === accName || normalizeIdentifier(n.text) === itemName)) return undefined;
      pushNamedChildren(stack, n);
    }
    return node;
  };
  const left = operand(body.childForFieldName('left'));
  const right = operand(body.childForFieldName('right'));
  return left && right ? { op, left, right } : undefined;
}

/** The step of a function `reduce` applies to integers: `operator.mul`/`add`, or a `reducingLambda` whose other operands fold to integers. */
function reducingStep(env: FoldEnv, fn: Node, depth: number): ReducingStep | undefined {
  if (fn.type !== 'lambda' && !(fn.type === 'identifier' && env.valueBoundOnce?.(fn)?.type === 'lambda')) {
    const names = env.qualifiedNamesOf(fn, depth);
    if (names.length !== 1) return undefined;
    return names[0] === 'operator.mul' || names[0] === 'operator.__mul__' ? PRODUCT : names[0] === 'operator.add' || names[0] === 'operator.__add__' ? SUM : undefined;
  }
  // `square = lambda acc, _: acc * acc` then `reduce(square, ...)`.
  const lambda = reducingLambda(fn.type === 'identifier' ? env.valueBoundOnce?.(fn) ?? fn : fn);
  if (!lambda) return undefined;
  const operand = (o: ReducingOperand): ((acc: Const, item: Const) => Const | undefined) | undefined => {
    if (o === 'acc') return (acc) => acc;
    if (o === 'item') return (_, item) => item;
    const c = foldConstant(env, o, depth + 1);
    return c?.t === 'int' ? () => c : undefined;
  };
  const left = operand(lambda.left);
  const right = operand(lambda.right);
  if (!left || !right) return undefined;
  return (acc, item) => {
    const a = left(acc, item);
    const b = right(acc, item);
    return a && b ? intArithmetic(lambda.op, a, b) : undefined;
  };
}

/**
 * The operator of a lambda whose body applies it to its two parameters, one on each side
 * (`lambda a, b: a * b`, `lambda acc, k: k * acc`); undefined for any other lambda.
 */
export function twoParameterOperator(lambda: Node): string | undefined {
  const params = lambda.childForFieldName('parameters');
  const names = params ? params.namedChildren.filter((c) => c && c.type !== 'comment') : [];
  const body = lambda.childForFieldName('body');
  if (names.length !== 2 || names.some((p) => p?.type !== 'identifier') || body?.type !== 'binary_operator') return undefined;
  const operands = [body.childForFieldName('left'), body.childForFieldName('right')].map((o) => (o?.type === 'identifier' ? normalizeIdentifier(o.text) : undefined));
  const [p, q] = names.map((n) => normalizeIdentifier(n!.text));
  const both = p !== q && ((operands[0] === p && operands[1] === q) || (operands[0] === q && operands[1] === p));
  return both ? body.childForFieldName('operator')?.text : undefined;
}

/**
 * The table `str.maketrans(x, y[, z])` makes, written at `node` or bound once to the name `node`
 * is: each character of `x` to the one of `y` at its place, those of `z` to nothing ('' here).
 */
function translationTable(env: FoldEnv, node: Node, depth: number): Map<string, string> | undefined {
  const call = node.type === 'identifier' ? env.valueBoundOnce?.(node) : node;
  // A table bound to a name is a dict the file may store into (`t[120] = "__class__"`) unless it only reads it.
  if (call?.type !== 'call' || (node.type === 'identifier' && !env.dictUnchanged?.(call))) return undefined;
  const fn = call.childForFieldName('function');
  const { positional, keywords, splat } = argumentsOf(call);
  if (!fn || splat || keywords.size || positional.length < 2 || positional.length > 3) return undefined;
  if (!env.qualifiedNamesOf(fn, depth).some((q) => q === 'builtins.str.maketrans')) return undefined;
  const [from, to, drop] = positional.map((a) => foldConstant(env, a, depth));
  if (from?.t !== 'str' || to?.t !== 'str' || (drop && drop.t !== 'str')) return undefined;
  if (SURROGATE.test(from.v + to.v + (drop?.t === 'str' ? drop.v : ''))) return undefined;
  const a = [...from.v];
  const b = [...to.v];
  if (a.length !== b.length) return undefined;
  const table = new Map<string, string>();
  a.forEach((ch, i) => table.set(ch, b[i]));
  if (drop?.t === 'str') for (const ch of drop.v) table.set(ch, '');
  return table;
}

/** A UTF-16 surrogate: a string holding one may be a pair Python reads as two code points. */
export const SURROGATE = /[\ud800-\udfff]/;

/** Python's order of two constants `sorted` compares: numbers, strings (by code point), tuples and lists of them. */
function orderConsts(a: Const, b: Const): number | undefined {
  const x = a.t === 'float' ? a.v : asInt(a);
  const y = b.t === 'float' ? b.v : asInt(b);
  // NaN compares false both ways: Python's sort then depends on its algorithm, not on an order.
  if (Number.isNaN(x) || Number.isNaN(y)) return undefined;
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  if (a.t === 'str' && b.t === 'str') {
    // `"\ud83d\ude00"` written as escapes is two code points to Python, one here: not ordered.
    if (SURROGATE.test(a.v) || SURROGATE.test(b.v)) return undefined;
    const p = [...a.v].map((c) => c.codePointAt(0)!);
    const q = [...b.v].map((c) => c.codePointAt(0)!);
    for (let i = 0; i < Math.min(p.length, q.length); i++) if (p[i] !== q[i]) return p[i] - q[i];
    return p.length - q.length;
  }
  if (a.t === 'seq' && b.t === 'seq' && a.kind === b.kind) {
    for (let i = 0; i < Math.min(a.items.length, b.items.length); i++) {
      const c = orderConsts(a.items[i], b.items[i]);
      if (c === undefined || c !== 0) return c;
    }
    return a.items.length - b.items.length;
  }
  return undefined;
}

/** JSON texts parsed, by text: a document is read once per item read, and each read folds it again. */
const parsedTexts = new Map<string, unknown>();
const MAX_PARSED_TEXTS = 64;

/**
 * The document a JSON text is, or NOT_JSON when it does not parse or writes a number with a
 * fraction or exponent: `JSON.parse` reads `1.0` as the integer 1, which Python does not.
 */
function parsedJson(text: string): unknown {
  let doc = parsedTexts.get(text);
  if (doc === undefined && !parsedTexts.has(text)) {
    try {
      // Numbers with a fraction or exponent, and integers past 2**53 (which `JSON.parse` rounds), are not read.
      const numbers = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
      doc = /[0-9][.eE]|[0-9]{16}/.test(numbers) ? NOT_JSON : (JSON.parse(text) as unknown);
    } catch {
      doc = NOT_JSON;
    }
    if (parsedTexts.size >= MAX_PARSED_TEXTS) parsedTexts.clear();
    parsedTexts.set(text, doc);
  }
  return doc;
}

/** Not a JSON document (`jsonDocument`); JSON's own `null` is a document. */
const NOT_JSON = Symbol('not JSON');

/** Characters of a JSON text `json.loads` is folded for. */
const MAX_JSON_TEXT = 65_536;

/**
 * What `node` is in a JSON document parsed from a constant: `json.loads('{"width": 10**10}')`
 * itself, a name bound only to one and only read (`cfg`, `Semantics.dictUnchanged`), or an item
 * of one (`cfg["limits"]["width"]`). Objects do not fold to constants, their items do.
 */
function jsonDocument(env: FoldEnv, node: Node, depth: number): unknown {
  for (let hops = 0; hops < 4; hops++) {
    if (node.type === 'subscript') {
      const inner = node.childForFieldName('value');
      const subs = node.childrenForFieldName('subscript').filter((c): c is Node => !!c && c.type !== 'comment');
      if (!inner || subs.length !== 1) return NOT_JSON;
      const doc = jsonDocument(env, inner, depth);
      if (doc === NOT_JSON || doc === null || typeof doc !== 'object') return NOT_JSON;
      const key = foldConstant(env, subs[0], depth);
      if (Array.isArray(doc)) {
        const i = asInt(key);
        if (i === undefined) return NOT_JSON;
        const at = Number(i < 0n ? i + BigInt(doc.length) : i);
        return at >= 0 && at < doc.length ? doc[at] : NOT_JSON;
      }
      return key?.t === 'str' && Object.prototype.hasOwnProperty.call(doc, key.v) ? (doc as Record<string, unknown>)[key.v] : NOT_JSON;
    }
    if (node.type === 'identifier') {
      const value = env.valueBoundOnce?.(node);
      if (!value || value.type !== 'call') return NOT_JSON;
      // The document first (cheap when the call is no `json.loads`), then the uses of its name.
      const doc = jsonDocument(env, value, depth);
      if (doc === NOT_JSON || !env.dictUnchanged?.(value)) return NOT_JSON;
      // One walk of the name's uses per run, not one per item read.
      const readsOnly = env.oncePerRun ? env.oncePerRun(value, 'jsonScalarReads', () => onlyScalarItemsRead(env, node, value, doc, depth)) : onlyScalarItemsRead(env, node, value, doc, depth);
      return readsOnly ? doc : NOT_JSON;
    }
    if (node.type !== 'call') return NOT_JSON;
    const fn = node.childForFieldName('function');
    const { positional, keywords, splat } = argumentsOf(node);
    if (!fn || splat || positional.length !== 1 || keywords.size || !env.qualifiedNamesOf(fn, depth).includes('json.loads')) return NOT_JSON;
    const v = foldConstant(env, positional[0], depth);
    const text = v?.t === 'str' ? v.v : v?.t === 'bytes' ? utf8Decode(v.v) : undefined;
    if (text === undefined || text.length > MAX_JSON_TEXT) return NOT_JSON;
    return parsedJson(text);
  }
  return NOT_JSON;
}

/**
 * Whether every use of the name a JSON document is bound to reads a number, string, bool or
 * null out of it (`cfg["limits"]["width"]`): its objects and arrays are mutable, and any other
 * use (`for row in cfg`, `Tweak() % cfg`, `x = cfg["limits"]`, a store into an item) may change
 * what a later read gives.
 */
function onlyScalarItemsRead(env: FoldEnv, name: Node, value: Node, doc: unknown, depth: number): boolean {
  const uses = env.identifiersNamed?.(name);
  if (!uses) return false;
  const binding = value.parent?.type === 'assignment' ? value.parent.childForFieldName('left') : null;
  for (const use of uses) {
    if (use.id === binding?.id) continue;
    let top = use;
    let item: unknown = doc;
    while (top.parent?.type === 'subscript' && top.parent.childForFieldName('value')?.id === top.id) {
      const keys = top.parent.childrenForFieldName('subscript').filter((c) => c.type !== 'comment');
      const key = keys.length === 1 ? foldConstant(env, keys[0], depth) : undefined;
      if (!key || item === null || typeof item !== 'object') return false;
      if (Array.isArray(item)) {
        const i = asInt(key);
        if (i === undefined) return false;
        item = item[Number(i < 0n ? i + BigInt(item.length) : i)];
      } else {
        if (key.t !== 'str' || !Object.prototype.hasOwnProperty.call(item, key.v)) return false;
        item = (item as Record<string, unknown>)[key.v];
      }
      top = top.parent;
    }
    if (top === use || item === undefined) return false;
    // An array or object of numbers and strings unpacked into a call (`f(*cfg["args"])`) or looped
    // over is copied or read, not handed on; any other use of one may change it.
    if (item !== null && typeof item === 'object') {
      const flat = Object.values(item as object).every((x) => x === null || typeof x !== 'object');
      const q = top.parent;
      const unpacked = q?.type === 'list_splat' || q?.type === 'dictionary_splat' || ((q?.type === 'for_statement' || q?.type === 'for_in_clause') && q.childForFieldName('right')?.id === top.id);
      if (!flat || !unpacked) return false;
    }
    const p = top.parent;
    if (p && ((p.type === 'assignment' || p.type === 'augmented_assignment') && p.childForFieldName('left')?.id === top.id)) return false;
    if (p?.type === 'delete_statement') return false;
  }
  return true;
}

/**
 * `fields = [w[::-1] for w in ("__tini__", ...)]`: a list comprehension bound once to a name that
 * is only ever read is that list wherever the name is read.
 */
function onlyReadComprehension(env: FoldEnv, node: Node, depth: number): Const | undefined {
  const value = env.valueBoundOnce?.(node);
  if (value?.type !== 'list_comprehension' || !env.dictUnchanged?.(value)) return undefined;
  const items = foldComprehension(env, value, depth);
  // Only of numbers and strings: a list of lists hands out items that change in place.
  return items && items.every((c) => c.t !== 'seq') ? { t: 'seq', kind: 'list', items } : undefined;
}

function foldCall(env: FoldEnv, node: Node, depth: number): Const | undefined {
  const fn = node.childForFieldName('function');
  if (!fn) return undefined;
  const { positional, keywords, splat } = argumentsOf(node);
  if (splat) return undefined;
  const arg = (i: number): Const | undefined => (positional[i] ? foldConstant(env, positional[i], depth) : undefined);

  if (fn.type === 'attribute') {
    const method = fn.childForFieldName('attribute')?.text;
    const receiverNode = fn.childForFieldName('object');
    const receiver = receiverNode ? foldConstant(env, receiverNode, depth) : undefined;
    if (receiver && method) {
      const folded = foldMethod(env, receiver, method, positional, keywords, depth);
      if (folded) return folded;
    }
  }
  if (fn.type === 'attribute') {
    // `string.Template("{0.$a}").substitute(a="__class__")`
    const method = fn.childForFieldName('attribute')?.text;
    const receiverNode = fn.childForFieldName('object');
    if ((method === 'substitute' || method === 'safe_substitute') && receiverNode?.type === 'call' && positional.length === 0) {
      const maker = receiverNode.childForFieldName('function');
      const made = argumentsOf(receiverNode);
      if (maker && !made.splat && made.positional.length === 1 && env.qualifiedNamesOf(maker, depth).includes('string.Template')) {
        const template = foldConstant(env, made.positional[0], depth);
        if (template?.t !== 'str') return undefined;
        const values = new Map<string, string>();
        for (const [k, v] of keywords) {
          const c = foldConstant(env, v, depth);
          const text = c ? pythonStr(c) : undefined;
          if (text === undefined) return undefined;
          values.set(k, text);
        }
        return templateSubstitute(template.v, values, method === 'safe_substitute');
      }
    }
  }
  // `RULES.get(name)` with the key folded here (`name` bound by the caller of a fold at calls, or
  // by a comprehension): the item of the dict display, as `foldSubscript` reads `RULES[name]`.
  if (fn.type === 'attribute' && env.dictItem && fn.childForFieldName('attribute')?.text === 'get' && positional.length === 1 && keywords.size === 0) {
    const holders = env.resolve(fn.childForFieldName('object')!, depth + 1);
    if (holders.length === 1 && holders[0].kind === 'container' && holders[0].node.type === 'dictionary') {
      const key = arg(0);
      const item = key ? env.dictItem(holders[0].node, key, depth) : undefined;
      if (item) return item;
    }
  }
  const names = env.qualifiedNamesOf(fn, depth);
  if (names.length !== 1) return names.length ? undefined : foldLocalCall(env, node, fn, depth);
  const name = names[0];
  switch (name) {
    case 'builtins.chr':
    case 'builtins.unichr':
    case 'builtins.ord': {
      const v = arg(0);
      return v ? applyBuiltin(name, v) : undefined;
    }
    case 'builtins.str':
    case 'builtins.unicode':
    case 'collections.UserString': {
      if (positional.length === 0) return { t: 'str', v: '' };
      const v = arg(0);
      if (!v) return undefined;
      if (positional.length >= 2 && v.t === 'bytes') {
        const codec = arg(1);
        return codec?.t === 'str' ? decodeWith(v, codec.v) : undefined;
      }
      return applyBuiltin('builtins.str', v);
    }
    case 'builtins.float': {
      // `float(2 ** 53)`: the double nearest the integer (Python rounds the same way); a float stays.
      if (positional.length !== 1 || keywords.size) return undefined;
      const v = arg(0);
      if (v?.t === 'float') return v;
      if (v?.t === 'int') {
        const f = Number(v.v);
        return Number.isFinite(f) ? { t: 'float', v: f } : undefined;
      }
      if (v?.t === 'bool') return { t: 'float', v: v.v ? 1 : 0 };
      return undefined;
    }
    case 'builtins.int':
    case 'builtins.long': {
      const v = arg(0);
      const baseNode = positional[1] ?? keywords.get('base');
      // A base is for text only: `int(255, 16)` raises.
      if (baseNode && v?.t !== 'str') return undefined;
      if (v?.t === 'int') return v;
      if (v?.t === 'bool') return makeInt(v.v ? 1n : 0n);
      const base = baseNode ? asInt(foldConstant(env, baseNode, depth)) : 10n;
      return v?.t === 'str' && base !== undefined ? intFromText(v.v, Number(base)) : undefined;
    }
    case 'builtins.int.from_bytes': {
      // `int.from_bytes(bytes.fromhex("e8d4a51000"), "big")` is 10**12.
      const data = positional[0] ? arg(0) : keywords.get('bytes') ? foldConstant(env, keywords.get('bytes'), depth) : undefined;
      const orderNode = positional[1] ?? keywords.get('byteorder');
      const order = orderNode ? foldConstant(env, orderNode, depth) : str('big');
      const signedNode = keywords.get('signed');
      const signed = signedNode ? foldConstant(env, signedNode, depth) : { t: 'bool', v: false } as Const;
      const bytes = data?.t === 'bytes' ? data.v : data?.t === 'seq' ? data.items.map((c) => asInt(c)) : undefined;
      if (!bytes || bytes.length > MAX_FROM_BYTES || order?.t !== 'str' || (order.v !== 'big' && order.v !== 'little') || signed?.t !== 'bool') return undefined;
      let n = 0n;
      for (const b of order.v === 'big' ? bytes : [...bytes].reverse()) {
        if (b === undefined || b < 0 || b > 255) return undefined;
        n = (n << 8n) | BigInt(b);
      }
      if (signed.v && bytes.length && n >= 1n << BigInt(bytes.length * 8 - 1)) n -= 1n << BigInt(bytes.length * 8);
      return makeInt(n);
    }
    case 'functools.reduce':
    case 'math.prod':
    case 'builtins.sum': {
      // `reduce(operator.mul, [1000] * 4)`, `math.prod(...)`, `sum(...)` of integers.
      const step = name === 'math.prod' ? PRODUCT : name === 'builtins.sum' ? SUM : positional[0] ? reducingStep(env, positional[0], depth) : undefined;
      const itemsNode = name === 'functools.reduce' ? positional[1] : positional[0];
      const startNode = name === 'functools.reduce' ? positional[2] : positional[1] ?? keywords.get('start');
      const items = step && itemsNode ? foldItems(env, itemsNode, depth) : undefined;
      if (!step || !items || items.length > MAX_REDUCED_ITEMS) return undefined;
      let acc: Const | undefined = startNode ? foldConstant(env, startNode, depth) : name === 'functools.reduce' ? items.shift() : makeInt(name === 'math.prod' ? 1n : 0n);
      for (const item of items) {
        if (!acc) return undefined;
        acc = step(acc, item);
      }
      return acc && (acc.t === 'int' || acc.t === 'hugeint') ? acc : undefined;
    }
    case 'builtins.bytes':
    case 'builtins.bytearray': {
      const first = positional[0];
      if (!first) return { t: 'bytes', v: [] };
      const v = arg(0);
      if (v?.t === 'str') {
        const codec = arg(1);
        return codec?.t === 'str' ? encodeWith(v, codec.v) : undefined;
      }
      const items = foldItems(env, first, depth);
      if (!items) return undefined;
      const bytes: number[] = [];
      for (const it of items) {
        const n = asInt(it);
        if (n === undefined || n < 0n || n > 255n) return undefined;
        bytes.push(Number(n));
      }
      return { t: 'bytes', v: bytes };
    }
    case 'builtins.bytes.fromhex':
    case 'builtins.bytearray.fromhex': {
      const v = arg(0);
      const b = v?.t === 'str' ? hexToBytes(v.v) : undefined;
      return b ? { t: 'bytes', v: b } : undefined;
    }
    case 'builtins.map': {
      const items = positional.length === 2 ? foldMapped(env, positional[0], positional[1], depth) : undefined;
      return items ? { t: 'seq', kind: 'list', items } : undefined;
    }
    case 'math.factorial': {
      // `math.factorial(math.factorial(10))`: a small factorial is a number like any other.
      const v = positional.length === 1 ? arg(0) : undefined;
      if (v?.t !== 'int' || v.v < 0n || v.v > MAX_FOLDED_FACTORIAL) return undefined;
      let f = 1n;
      for (let k = 2n; k <= v.v; k++) f *= k;
      return makeInt(f);
    }
    case 'builtins.len': {
      // `while len("x"):`. A name bound to a list display folds to the display even when the list
      // grows later (`xs.append`): a list's length is known only for a display written in place.
      const v = positional.length === 1 && keywords.size === 0 ? arg(0) : undefined;
      // A surrogate pair written as two escapes is two code points to Python, one here.
      if (v?.t === 'str') return SURROGATE.test(v.v) ? undefined : makeInt(BigInt([...v.v].length));
      if (v?.t === 'bytes' && positional[0].type !== 'identifier' && positional[0].type !== 'attribute') return makeInt(BigInt(v.v.length));
      if (v?.t === 'seq' && (v.kind === 'tuple' || positional[0].type === 'list' || (positional[0].type === 'identifier' && env.exactAtRead?.(positional[0])))) return makeInt(BigInt(v.items.length));
      return undefined;
    }
    case 'builtins.pow': {
      // `pow(b, e)` is `b ** e`; `pow(b, e, m)` stays below `m` (a negative `e` is the inverse mod `m`).
      const [b, e, m] = [0, 1, 2].map((i) => (i < positional.length ? asInt(arg(i)) : undefined));
      if (keywords.size > 0 || b === undefined || e === undefined) return undefined;
      if (positional.length === 2) return intBinary('**', b, e, 0, 0);
      return positional.length === 3 && m !== undefined && m > 0n ? modularPower(b, e, m) : undefined;
    }
    case 'builtins.abs': {
      const v = positional.length === 1 ? arg(0) : undefined;
      if (v?.t === 'int') return makeInt(v.v < 0n ? -v.v : v.v);
      if (v?.t === 'float') return { t: 'float', v: Math.abs(v.v) };
      return v?.t === 'bool' ? makeInt(v.v ? 1n : 0n) : undefined;
    }
    case 'builtins.enumerate': {
      // `for i, p in enumerate(parts):` replayed (semantics/replay.ts): the pairs it gives.
      const items = positional.length >= 1 && positional.length <= 2 ? foldItems(env, positional[0], depth) : undefined;
      const startNode = positional[1] ?? keywords.get('start');
      const start = startNode ? asInt(foldConstant(env, startNode, depth)) : 0n;
      if (!items || start === undefined || keywords.size > (keywords.has('start') ? 1 : 0) || (positional[1] && keywords.size)) return undefined;
      return { t: 'seq', kind: 'list', items: items.map((item, i): Const => ({ t: 'seq', kind: 'tuple', items: [makeInt(start + BigInt(i)), item] })) };
    }
    case 'builtins.sorted': {
      // `sorted(fragments)` of constants Python can compare; `reverse=` folded, no `key=`.
      const items = positional.length === 1 ? foldItems(env, positional[0], depth) : undefined;
      const reverseNode = keywords.get('reverse');
      const reverse = reverseNode ? foldConstant(env, reverseNode, depth) : { t: 'bool', v: false } as Const;
      if (!items || items.length > MAX_REDUCED_ITEMS || reverse?.t !== 'bool' || keywords.size > (reverseNode ? 1 : 0)) return undefined;
      // Stable both ways, as Python's: `reverse=True` keeps equal items in their order.
      let comparable = true;
      const sorted = [...items].sort((a, b) => {
        const c = orderConsts(a, b);
        if (c === undefined) comparable = false;
        return reverse.v ? -(c ?? 0) : (c ?? 0);
      });
      return comparable ? { t: 'seq', kind: 'list', items: sorted } : undefined;
    }
    case 'itertools.batched': {
      // Tuples of `n` items, the last one shorter (`strict=True` raises then: not folded).
      const items = positional.length === 2 && keywords.size === 0 ? foldItems(env, positional[0], depth) : undefined;
      const n = positional[1] ? asInt(foldConstant(env, positional[1], depth)) : undefined;
      if (!items || n === undefined || n < 1n) return undefined;
      const size = Number(n);
      const chunks: Const[] = [];
      for (let i = 0; i < items.length; i += size) chunks.push({ t: 'seq', kind: 'tuple', items: items.slice(i, i + size) });
      return { t: 'seq', kind: 'list', items: chunks };
    }
    case 'itertools.islice': {
      // islice(it, stop) or islice(it, start, stop[, step]), each bound a number or None.
      const items = positional.length >= 2 && positional.length <= 4 && keywords.size === 0 ? foldItems(env, positional[0], depth) : undefined;
      if (!items) return undefined;
      const bound = (i: number, dflt: bigint | undefined): bigint | undefined | null => {
        if (!positional[i]) return dflt;
        const v = foldConstant(env, positional[i], depth);
        return v?.t === 'none' ? dflt : (asInt(v) ?? null);
      };
      const [start, stop, step] = positional.length === 2 ? [0n, bound(1, undefined), 1n] : [bound(1, 0n), bound(2, undefined), bound(3, 1n)];
      if (start === null || stop === null || step === null || start === undefined || step === undefined || start < 0n || step < 1n || (stop !== undefined && stop < 0n)) return undefined;
      const end = stop === undefined ? items.length : Math.min(items.length, Number(stop));
      const out: Const[] = [];
      for (let i = Number(start); i < end; i += Number(step)) out.push(items[i]);
      return { t: 'seq', kind: 'list', items: out };
    }
    case 'itertools.pairwise': {
      const items = positional.length === 1 && keywords.size === 0 ? foldItems(env, positional[0], depth) : undefined;
      return items ? { t: 'seq', kind: 'list', items: items.slice(1).map((item, i): Const => ({ t: 'seq', kind: 'tuple', items: [items[i], item] })) } : undefined;
    }
    case 'itertools.chain': {
      if (keywords.size) return undefined;
      const parts = positional.map((p) => foldItems(env, p, depth));
      return parts.every((p) => p !== undefined) ? { t: 'seq', kind: 'list', items: parts.flatMap((p) => p!) } : undefined;
    }
    case 'builtins.reversed': {
      const items = positional[0] ? foldItems(env, positional[0], depth) : undefined;
      return items ? { t: 'seq', kind: 'list', items: [...items].reverse() } : undefined;
    }
    case 'builtins.list':
    case 'builtins.tuple': {
      const items = positional[0] ? foldItems(env, positional[0], depth) : [];
      return items ? { t: 'seq', kind: name === 'builtins.list' ? 'list' : 'tuple', items } : undefined;
    }
    case 'codecs.decode':
    case 'codecs.encode': {
      const v = arg(0);
      const codec = positional[1] ? arg(1) : keywords.get('encoding') ? foldConstant(env, keywords.get('encoding'), depth) : { t: 'str', v: 'utf-8' } as Const;
      if (!v || codec?.t !== 'str') return undefined;
      return name === 'codecs.decode' ? decodeWith(v, codec.v) : encodeWith(v, codec.v) ?? decodeWith(v, codec.v);
    }
    // `textwrap.dedent("""\n    {0.__class__}\n""")`: a template written indented is still that template.
    case 'textwrap.dedent': {
      const v = arg(0);
      return v?.t === 'str' && positional.length === 1 ? { t: 'str', v: dedent(v.v) } : undefined;
    }
    case 'textwrap.indent': {
      const v = arg(0);
      const prefix = arg(1);
      if (v?.t !== 'str' || prefix?.t !== 'str' || positional.length !== 2 || keywords.size) return undefined;
      const out = v.v.split(/(?<=\n)/).map((line) => (line.trim() ? prefix.v + line : line)).join('');
      return str(out);
    }
    case 'json.loads': {
      // `json.loads('"{0.__class__}"')`: a JSON document of a string, number or list of them.
      const v = arg(0);
      const text = v?.t === 'str' ? v.v : v?.t === 'bytes' ? utf8Decode(v.v) : undefined;
      if (text === undefined || text.length > MAX_JSON_TEXT || positional.length !== 1 || keywords.size) return undefined;
      const doc = parsedJson(text);
      return doc === NOT_JSON ? undefined : fromJson(doc, 0);
    }
    case 'base64.b64decode':
    case 'base64.standard_b64decode':
    case 'base64.urlsafe_b64decode':
    case 'base64.decodestring':
    case 'base64.decodebytes': {
      const v = arg(0);
      const text = v?.t === 'str' ? v.v : v?.t === 'bytes' ? bytesToLatin1(v.v) : undefined;
      const b = text === undefined ? undefined : base64ToBytes(text);
      return b ? { t: 'bytes', v: b } : undefined;
    }
    case 'binascii.unhexlify':
    case 'binascii.a2b_hex': {
      const v = arg(0);
      const text = v?.t === 'str' ? v.v : v?.t === 'bytes' ? bytesToLatin1(v.v) : undefined;
      const b = text === undefined ? undefined : hexToBytes(text);
      return b ? { t: 'bytes', v: b } : undefined;
    }
  }
  return undefined;
}

/** Module constants that are plain numbers (`while math.inf:`). */
const MODULE_CONSTANTS: Record<string, Const> = {
  'math.inf': { t: 'float', v: Infinity },
  'math.pi': { t: 'float', v: Math.PI },
  'math.e': { t: 'float', v: Math.E },
  'math.tau': { t: 'float', v: 2 * Math.PI },
  'cmath.inf': { t: 'float', v: Infinity },
  'cmath.pi': { t: 'float', v: Math.PI },
  // `string.ascii_lowercase[4]`: letters picked out of the module's constants spell names too.
  'string.ascii_lowercase': { t: 'str', v: 'abcdefghijklmnopqrstuvwxyz' },
  'string.ascii_uppercase': { t: 'str', v: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ' },
  'string.ascii_letters': { t: 'str', v: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ' },
  'string.digits': { t: 'str', v: '0123456789' },
  'string.hexdigits': { t: 'str', v: '0123456789abcdefABCDEF' },
  'string.octdigits': { t: 'str', v: '01234567' },
  'string.punctuation': { t: 'str', v: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~' },
  'string.whitespace': { t: 'str', v: ' \t\n\r\x0b\x0c' },
  'string.printable': { t: 'str', v: '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c' },
};

/** The largest `n` whose `math.factorial(n)` folds: its value is computed, and 1000! has 2568 digits. */
const MAX_FOLDED_FACTORIAL = 1000n;

/** Calls being folded through what their callee returns: a call met again inside its own callee does not fold. */
const foldingCalls = new Set<number>();

/**
 * A call of a function of this file folds to the constant every `return` of it gives
 * (`def big(): return 10 ** 10`), as the resolver answers for the call.
 */
function foldLocalCall(env: FoldEnv, node: Node, fn: Node, depth: number): Const | undefined {
  const callees = env.resolve(fn, depth + 1);
  if (callees.length !== 1 || callees[0].kind !== 'function') return undefined;
  // Met again while resolving the call below (which folds a call whose values are all unknown):
  // its returns gave no one constant, so what it folds to is what its arguments make it return,
  // the answer the call met first gives too (undefined here would be kept for the node).
  if (foldingCalls.has(node.id)) return env.foldCallWithArguments?.(env, node, depth, false);
  foldingCalls.add(node.id);
  try {
    let found: Const | undefined;
    for (const v of env.resolve(node, depth + 1)) {
      if (v.kind !== 'const' || (found && !sameConst(found, v.value))) {
        found = undefined;
        break;
      }
      found = v.value;
    }
    // What every return gives whatever the arguments, or else what this call's arguments make it return.
    return found ?? env.foldCallWithArguments?.(env, node, depth, false);
  } finally {
    foldingCalls.delete(node.id);
  }
}

/** `textwrap.dedent`: lines of only blanks become empty, then the common leading blanks go. */
function dedent(text: string): string {
  const cleaned = text.replace(/^[ \t]+$/gm, '');
  let margin: string | undefined;
  for (const m of cleaned.matchAll(/^([ \t]*)[^ \t\n]/gm)) {
    const indent = m[1];
    if (margin === undefined || indent.startsWith(margin)) margin ??= indent;
    else if (margin.startsWith(indent)) margin = indent;
    else {
      let i = 0;
      while (i < margin.length && i < indent.length && margin[i] === indent[i]) i++;
      margin = margin.slice(0, i);
    }
  }
  if (!margin) return cleaned;
  const m = margin;
  return cleaned.split('\n').map((line) => (line.startsWith(m) ? line.slice(m.length) : line)).join('\n');
}

/** `string.Template(t).substitute(**values)`: `$$`, `$name` and `${name}` (undefined for a missing name). */
function templateSubstitute(template: string, values: ReadonlyMap<string, string>, safe: boolean): Const | undefined {
  let missing = false;
  const out = template.replace(/\$(?:(\$)|([_a-zA-Z][_a-zA-Z0-9]*)|\{([_a-zA-Z][_a-zA-Z0-9]*)\})/g, (whole, dollar: string | undefined, named: string | undefined, braced: string | undefined) => {
    if (dollar) return '$';
    const v = values.get((named ?? braced)!);
    if (v === undefined) {
      if (!safe) missing = true;
      return whole;
    }
    return v;
  });
  return missing ? undefined : str(out);
}

/** A parsed JSON value as a constant: strings, integers, booleans, null and arrays of them. */
function fromJson(value: unknown, depth: number): Const | undefined {
  if (typeof value === 'string') return str(value);
  if (typeof value === 'boolean') return { t: 'bool', v: value };
  if (value === null) return { t: 'none' };
  if (typeof value === 'number') return Number.isSafeInteger(value) ? makeInt(BigInt(value)) : Number.isFinite(value) ? { t: 'float', v: value } : undefined;
  if (Array.isArray(value) && depth < 8 && value.length <= 256) {
    const items: Const[] = [];
    for (const item of value) {
      const c = fromJson(item, depth + 1);
      if (!c) return undefined;
      items.push(c);
    }
    return { t: 'seq', kind: 'list', items };
  }
  return undefined;
}

/**
 * `c.islower()` and the other character-class tests of a str, as decoders branch on them
 * (`chr(...) if c.islower() else c`). ASCII text only: Unicode's classes (what `isdigit` counts,
 * titlecase letters) are not worked out here.
 */
const ASCII_CLASSES: Record<string, RegExp> = {
  isalpha: /^[A-Za-z]+$/,
  isdigit: /^[0-9]+$/,
  isdecimal: /^[0-9]+$/,
  isnumeric: /^[0-9]+$/,
  isalnum: /^[A-Za-z0-9]+$/,
  isspace: /^[ \t\n\r\x0b\x0c\x1c-\x1f]+$/,
  islower: /^[^A-Z]*[a-z][^A-Z]*$/,
  isupper: /^[^a-z]*[A-Z][^a-z]*$/,
  isidentifier: /^[A-Za-z_][A-Za-z0-9_]*$/,
};

const NON_ASCII_TEXT = /[^\x00-\x7f]/;

function asciiPredicate(s: string, method: string): Const | undefined {
  if (method === 'isascii') return { t: 'bool', v: !NON_ASCII_TEXT.test(s) };
  const pattern = ASCII_CLASSES[method];
  return pattern && !NON_ASCII_TEXT.test(s) ? { t: 'bool', v: pattern.test(s) } : undefined;
}
const NO_ARGUMENT_METHODS = new Set(['upper', 'lower', 'casefold', 'swapcase', 'capitalize', 'title']);

function foldMethod(env: FoldEnv, receiver: Const, method: string, positional: Node[], keywords: ReadonlyMap<string, Node>, depth: number): Const | undefined {
  const arg = (i: number): Const | undefined => (positional[i] ? foldConstant(env, positional[i], depth) : undefined);
  if (receiver.t === 'str') {
    const s = receiver.v;
    // `word.upper(1)` raises: these take nothing.
    if (NO_ARGUMENT_METHODS.has(method) && (positional.length || keywords.size)) return undefined;
    switch (method) {
      case 'join': {
        const items = positional[0] ? foldItems(env, positional[0], depth) : undefined;
        if (!items || !items.every((x) => x.t === 'str')) return undefined;
        // Measured before it is made: a result past the limit may be past what a JS string holds.
        const length = items.reduce((sum, x) => sum + (x as { v: string }).v.length, 0) + s.length * Math.max(0, items.length - 1);
        return length > FOLD_LIMITS.stringLength ? undefined : str(items.map((x) => (x as { v: string }).v).join(s));
      }
      case 'format': {
        const pos: Const[] = [];
        for (let i = 0; i < positional.length; i++) { const v = arg(i); if (!v) return undefined; pos.push(v); }
        const kw = new Map<string, Const>();
        for (const [k, n] of keywords) { const v = foldConstant(env, n, depth); if (!v) return undefined; kw.set(k, v); }
        const out = braceFormat(s, pos, kw);
        return out === undefined ? undefined : str(out);
      }
      case 'upper': return { t: 'str', v: s.toUpperCase() };
      case 'lower': return { t: 'str', v: s.toLowerCase() };
      // Python's full case folding (`"ß"` is `"ss"`) is not JS's lower case: ASCII only.
      case 'casefold': return NON_ASCII_TEXT.test(s) ? undefined : { t: 'str', v: s.toLowerCase() };
      case 'strip': case 'lstrip': case 'rstrip': {
        // The characters given, or Python's whitespace (not JS's: `trim` also takes U+FEFF, and leaves U+001C-U+001F).
        let cut = (ch: string): boolean => PYTHON_SPACE.test(ch);
        if (positional.length) {
          const chars = arg(0);
          // By code point in Python: text with surrogates is not cut here by UTF-16 units.
          if (chars?.t !== 'str' || SURROGATE.test(chars.v) || SURROGATE.test(s)) return undefined;
          const set = new Set(chars.v);
          cut = (ch) => set.has(ch);
        }
        let a = 0; let b = s.length;
        if (method !== 'rstrip') while (a < b && cut(s[a])) a++;
        if (method !== 'lstrip') while (b > a && cut(s[b - 1])) b--;
        return { t: 'str', v: s.slice(a, b) };
      }
      case 'replace': {
        const a = arg(0); const b = arg(1);
        // Python puts the new text around every character for an empty old one; JS does not.
        if (a?.t !== 'str' || b?.t !== 'str' || !a.v) return undefined;
        // A count: only the first ones (a negative count, all).
        const countNode = positional[2] ?? keywords.get('count');
        const count = countNode ? asInt(foldConstant(env, countNode, depth)) : -1n;
        if (count === undefined || positional.length > 3) return undefined;
        let parts = s.split(a.v);
        if (count >= 0n && BigInt(parts.length - 1) > count) parts = [...parts.slice(0, Number(count)), parts.slice(Number(count)).join(a.v)];
        // `("a" * 10**5).replace("a", " " * 10**5)`: measured before it is made.
        return s.length - a.v.length * (parts.length - 1) + b.v.length * (parts.length - 1) > FOLD_LIMITS.stringLength ? undefined : str(parts.join(b.v));
      }
      // ASCII only: Python's title case of a first letter and its word boundaries differ from JS's.
      case 'swapcase': return NON_ASCII_TEXT.test(s) ? undefined : { t: 'str', v: [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('') };
      case 'capitalize': return NON_ASCII_TEXT.test(s) ? undefined : { t: 'str', v: s.charAt(0).toUpperCase() + s.slice(1).toLowerCase() };
      case 'title': return NON_ASCII_TEXT.test(s) ? undefined : { t: 'str', v: s.toLowerCase().replace(/(^|[^a-z])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase()) };
      case 'encode': {
        const codec = positional.length ? arg(0) : ({ t: 'str', v: 'utf-8' } as Const);
        return codec?.t === 'str' ? encodeWith(receiver, codec.v) ?? decodeWith(receiver, codec.v) : undefined;
      }
      case 'decode': {
        // Python 2: `'svyr'.decode('rot13')`.
        const codec = positional.length ? arg(0) : ({ t: 'str', v: 'utf-8' } as Const);
        return codec?.t === 'str' ? decodeWith(receiver, codec.v) : undefined;
      }
      case 'translate': {
        // `"izwrzmh".translate(str.maketrans(ascii_lowercase, ascii_lowercase[::-1]))`.
        const table = positional.length === 1 ? translationTable(env, positional[0], depth) : undefined;
        if (!table || SURROGATE.test(s)) return undefined;
        let out = '';
        for (const ch of s) {
          const to = table.get(ch);
          out += to === undefined ? ch : to;
        }
        return str(out);
      }
      case 'startswith':
      case 'endswith': {
        // One prefix, or a tuple of them; a start or end position is not followed.
        const affix = positional.length === 1 && !keywords.size ? arg(0) : undefined;
        const options = affix?.t === 'str' ? [affix] : affix?.t === 'seq' && affix.kind === 'tuple' ? affix.items : [];
        // A surrogate may be half of a pair here and a code point of its own in Python.
        if (!options.length || options.some((o) => o.t !== 'str' || SURROGATE.test(o.v)) || SURROGATE.test(s)) return undefined;
        return { t: 'bool', v: options.some((o) => (method === 'startswith' ? s.startsWith((o as { v: string }).v) : s.endsWith((o as { v: string }).v))) };
      }
      case 'split': {
        const sep = positional.length ? arg(0) : undefined;
        // A `maxsplit` is not followed; an empty separator raises in Python.
        if ((positional.length && (sep?.t !== 'str' || !sep.v)) || positional.length > 1 || keywords.size) return undefined;
        const parts = sep?.t === 'str' ? s.split(sep.v) : s.split(PYTHON_SPACES).filter(Boolean);
        return { t: 'seq', kind: 'list', items: parts.map((p) => ({ t: 'str', v: p }) as Const) };
      }
    }
    return positional.length || keywords.size ? undefined : asciiPredicate(s, method);
  }
  if (receiver.t === 'int' && method === 'to_bytes') {
    // `(7627118).to_bytes(3, "big")`: the length defaults to 1 and the order to big-endian (3.11).
    const lengthNode = positional[0] ?? keywords.get('length');
    const orderNode = positional[1] ?? keywords.get('byteorder');
    const length = lengthNode ? asInt(foldConstant(env, lengthNode, depth)) : 1n;
    const order = orderNode ? foldConstant(env, orderNode, depth) : str('big');
    if (length === undefined || length < 0n || length > BigInt(MAX_FROM_BYTES) || keywords.has('signed') || order?.t !== 'str' || (order.v !== 'big' && order.v !== 'little')) return undefined;
    let n = receiver.v;
    if (n < 0n || n >= 1n << (8n * length)) return undefined;
    const bytes: number[] = [];
    for (let i = 0n; i < length; i++, n >>= 8n) bytes.push(Number(n & 255n));
    return { t: 'bytes', v: order.v === 'big' ? bytes.reverse() : bytes };
  }
  if (receiver.t === 'bytes') {
    switch (method) {
      case 'decode': {
        const codec = positional.length ? arg(0) : ({ t: 'str', v: 'utf-8' } as Const);
        return codec?.t === 'str' ? decodeWith(receiver, codec.v) : undefined;
      }
      case 'join': return undefined;
    }
  }
  return undefined;
}
