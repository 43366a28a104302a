/**
 * `x in itertools.count(8001, 2)` with an even `x`: `in` reads an iterator until it meets the
 * value, and an endless one that never yields it is read for ever.
 */
import type { Node } from '../../parser';
import { SURROGATE } from '../../semantics/fold';
import { positionalArguments } from '../../semantics/syntax';
import type { Const } from '../../semantics/values';
import type { RuleContext } from '../types';
import { codeChildren } from './controlFlow';
import { looselyEqual } from './iterables';
import { soleParameter } from './magnitudes';

/** The endless `itertools` constructors whose items are known from their arguments. */
type Endless = { kind: 'count'; start: bigint; step: bigint } | { kind: 'repeat'; value: Const } | { kind: 'cycle'; items: Const[] };

/** At most this many calls' arguments are tried for a parameter tested. */
const MAX_SITES = 8;

/**
 * The endless iterator `in`/`not in` searches at `comparison` for a value it never yields
 * (every value the left side may be: a constant, or what each call of the file passes for a
 * parameter), as the text of its maker; undefined otherwise.
 */
export function neverFound(context: RuleContext, comparison: Node): Node | undefined {
  const operands = codeChildren(comparison);
  const operators = comparison.childrenForFieldName('operators').map((o) => o.text.replace(/\s+/g, ' '));
  if (operands.length !== 2 || operators.length !== 1 || (operators[0] !== 'in' && operators[0] !== 'not in')) return undefined;
  const maker = endlessMaker(context, operands[1]);
  const endless = maker ? describe(context, maker) : undefined;
  if (!maker || !endless) return undefined;
  const values = possibleValues(context, operands[0]);
  return values?.length && values.every((v) => !yields(endless, v)) ? maker : undefined;
}

/** The `itertools.count/repeat/cycle(...)` call an operand is, or a name bound once to one. */
function endlessMaker(context: RuleContext, node: Node): Node | undefined {
  let call: Node | undefined = node;
  if (node.type === 'identifier') {
    const bindings = context.semantics.bindingsOf(node);
    call = bindings.length === 1 && bindings[0].kind === 'assign' && !bindings[0].subjectPath ? bindings[0].value : undefined;
  }
  const fn = call?.type === 'call' ? call.childForFieldName('function') : null;
  return fn && context.semantics.qualifiedNames(fn).some((q) => q === 'itertools.count' || q === 'itertools.repeat' || q === 'itertools.cycle') ? call : undefined;
}

function describe(context: RuleContext, call: Node): Endless | undefined {
  const fn = call.childForFieldName('function')!;
  const q = context.semantics.qualifiedNames(fn)[0];
  const args = codeChildren(call.childForFieldName('arguments') ?? call);
  if (args.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat')) return undefined;
  const given = (i: number, keyword: string): Node | undefined => positionalArguments(call)[i] ?? args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === keyword)?.childForFieldName('value') ?? undefined;
  const int = (n: Node | undefined, fallback: bigint): bigint | undefined => {
    if (!n) return fallback;
    const c = context.semantics.fold(n);
    return c?.t === 'int' ? c.v : undefined;
  };
  if (q === 'itertools.count') {
    const start = int(given(0, 'start'), 0n);
    const step = int(given(1, 'step'), 1n);
    return start === undefined || step === undefined ? undefined : { kind: 'count', start, step };
  }
  if (q === 'itertools.repeat') {
    // With `times` it ends.
    if (args.length !== 1 || given(1, 'times')) return undefined;
    const value = context.semantics.fold(args[0]);
    return value ? { kind: 'repeat', value } : undefined;
  }
  const iterable = args.length === 1 ? context.semantics.fold(args[0]) : undefined;
  // A string's characters (not with surrogates, which JS and Python count apart); an empty cycle ends at once.
  const items = iterable?.t === 'seq' ? iterable.items : iterable?.t === 'str' && !SURROGATE.test(iterable.v) ? Array.from(iterable.v, (ch): Const => ({ t: 'str', v: ch })) : [];
  return items.length ? { kind: 'cycle', items } : undefined;
}

/** The constants an operand may be: its fold, or, for a parameter, what every call of the file passes. */
function possibleValues(context: RuleContext, node: Node): Const[] | undefined {
  const folded = context.semantics.fold(node);
  if (folded) return [folded];
  const param = soleParameter(context, node);
  if (!param || (param.scope.node.type !== 'function_definition' && param.scope.node.type !== 'lambda')) return undefined;
  const sites = context.semantics.argumentsAtCalls(param.scope.node, [param]);
  if (!sites?.length || sites.length > MAX_SITES) return undefined;
  const out: Const[] = [];
  for (const site of sites) {
    const arg = site.get(param);
    const c = arg ? context.semantics.fold(arg) : undefined;
    if (!c) return undefined;
    out.push(c);
  }
  return out;
}

/** Whether the endless iterator ever yields a value equal to `v` (Python's `==`; `1 == 1.0 == True`). */
function yields(endless: Endless, v: Const): boolean {
  const number = v.t === 'int' ? v.v : v.t === 'bool' ? BigInt(v.v) : v.t === 'float' && Number.isInteger(v.v) ? BigInt(v.v) : undefined;
  switch (endless.kind) {
    case 'count': {
      // Only whole numbers are equal to a count's items (a huge one is not worked out here).
      if (number === undefined) return v.t === 'hugeint';
      const { start, step } = endless;
      if (step === 0n) return number === start;
      const offset = number - start;
      return offset % step === 0n && offset / step >= 0n;
    }
    case 'repeat':
      return mayEqual(endless.value, v);
    case 'cycle':
      return endless.items.some((item) => mayEqual(item, v));
  }
}

/** Python `==` of two constants, or true when that is not known here (a number, a str and None are known). */
function mayEqual(a: Const, b: Const): boolean {
  const plain = (c: Const): boolean => c.t === 'str' || c.t === 'none' || c.t === 'int' || c.t === 'bool' || c.t === 'float';
  return !(plain(a) && plain(b)) || looselyEqual(a, b);
}
