import type { Node } from '../../parser';
import { normalizeIdentifier } from '../../semantics';
import { unparenthesized } from '../../semantics/narrowing';
import type { RuleContext } from '../types';
import { codeChildren, continuesEarly, loopExit } from './controlFlow';
import { iterationSize } from './iterables';
import { formatCount, lookupDefault } from './magnitudes';

/**
 * A value a `for` loop grows geometrically: `s += s`, `xs.extend(xs)` (a string or list doubles on every pass),
 * `xs = xs * 3`, `n = n * n` (an integer's digits double), `n **= 3`. `log10` is the decimal
 * logarithm of the size after the loop — a length for strings, bytes and lists, a digit count
 * for integers — kept as a logarithm because it overflows every number type.
 */
export interface LoopGrowth {
  /** The statement that grows the value. */
  statement: Node;
  name: string;
  /** `length` of a str/bytes/list; `digits` of an int. */
  measure: 'length' | 'digits';
  passes: number;
  log10: number;
}

/** `fromOne`: a step that grows 1 too (a shift by its bit length), unlike a squaring. */
type Step = { measure: 'length' | 'digits'; factor: number; fromOne?: boolean };

function isName(node: Node | null | undefined, name: string): boolean {
  return node?.type === 'identifier' && normalizeIdentifier(node.text) === name;
}

function smallFactor(context: RuleContext, node: Node | null | undefined): number | undefined {
  const c = node ? context.semantics.fold(node) : undefined;
  return c?.t === 'int' && c.v >= 2n && c.v <= 1_000_000n ? Number(c.v) : undefined;
}

/** How one statement `name op= ...` / `name = name op ...` multiplies the size of `name`. */
function stepOf(context: RuleContext, stmt: Node): { name: string; target: Node; step: Step } | undefined {
  const expr = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
  if (!expr) return undefined;
  // `xs.extend(xs)`: the list doubles.
  if (expr.type === 'call') {
    const fn = expr.childForFieldName('function');
    const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
    const args = expr.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
    if (object?.type !== 'identifier' || normalizeIdentifier(fn!.childForFieldName('attribute')?.text ?? '') !== 'extend' || args.length !== 1) return undefined;
    const name = normalizeIdentifier(object.text);
    return isName(args[0], name) ? { name, target: object, step: { measure: 'length', factor: 2 } } : undefined;
  }
  const left = expr.childForFieldName('left');
  if (left?.type !== 'identifier') return undefined;
  const name = normalizeIdentifier(left.text);
  const right = expr.childForFieldName('right');
  if (!right) return undefined;
  let op: string | undefined;
  let other: Node | null = null;
  if (expr.type === 'augmented_assignment') {
    op = expr.childForFieldName('operator')?.text.slice(0, -1);
    other = right;
  } else if (expr.type === 'assignment' && (right.type === 'binary_operator' || right.type === 'call')) {
    // `s = grow(s)` with `def grow(t): return t + t`: the step the function's one return makes of its parameter.
    const inlined = right.type === 'call' ? inlinedStep(context, right, name) : { body: right, param: name };
    if (!inlined) return undefined;
    const body = squaringPlusConstant(context, inlined.body, inlined.param) ?? inlined.body;
    op = body.childForFieldName('operator')?.text;
    const a = body.childForFieldName('left');
    const b = body.childForFieldName('right');
    if (isName(a, inlined.param)) other = b;
    else if (isName(b, inlined.param) && (op === '+' || op === '*')) other = a;
    else return undefined;
    if (isName(other, inlined.param)) other = left;
    else if (inlined.param !== name && other && !isConstant(context, other)) return undefined;
  } else {
    return undefined;
  }
  if (op === '+' && isName(other, name)) return { name, target: left, step: { measure: 'length', factor: 2 } };
  // `n <<= n.bit_length()`: shifted by its own size, the number doubles its digits, as `n * n`.
  if (op === '<<' && other?.type === 'call' && !codeChildren(other.childForFieldName('arguments') ?? other).length) {
    const fn = other.childForFieldName('function');
    if (fn?.type === 'attribute' && isName(fn.childForFieldName('object'), name) && fn.childForFieldName('attribute')?.text === 'bit_length') return { name, target: left, step: { measure: 'digits', factor: 2, fromOne: true } };
  }
  if (op === '*' && isName(other, name)) return { name, target: left, step: { measure: 'digits', factor: 2 } };
  if (op === '*') {
    const k = smallFactor(context, other);
    return k ? { name, target: left, step: { measure: 'length', factor: k } } : undefined;
  }
  if (op === '**') {
    const k = smallFactor(context, other);
    return k ? { name, target: left, step: { measure: 'digits', factor: k } } : undefined;
  }
  return undefined;
}

/**
 * A statement of a loop's body itself that grows `name` geometrically in length on every pass
 * (`s += s`, `xs.extend(xs)`, `xs = xs * 2`), if there is one.
 */
export function lengthGrowthOf(context: RuleContext, loop: Node, name: string): Node | undefined {
  const body = loop.childForFieldName('body');
  if (!body || continuesEarly(loop)) return undefined;
  for (const stmt of codeChildren(body)) {
    const s = stepOf(context, stmt);
    if (s?.name === name && s.step.measure === 'length') return stmt;
  }
  return undefined;
}

/**
 * `grow(s)` where `grow` is a def of this file whose body is one `return p op q` over its one
 * parameter: that binary operation, with the parameter standing for `name` (the call's one argument).
 */
function inlinedStep(context: RuleContext, call: Node, name: string): { body: Node; param: string } | undefined {
  const args = call.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
  if (args.length !== 1 || !isName(args[0], name)) return undefined;
  const fn = call.childForFieldName('function');
  const values = fn ? context.semantics.resolve(fn) : [];
  if (values.length !== 1 || values[0].kind !== 'function' || values[0].node.type !== 'function_definition') return undefined;
  const def = values[0].node;
  const params = def.childForFieldName('parameters')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
  const statements = codeChildren(def.childForFieldName('body') ?? def);
  if (params.length !== 1 || params[0].type !== 'identifier' || statements.length !== 1 || statements[0].type !== 'return_statement') return undefined;
  const body = codeChildren(statements[0])[0];
  return body?.type === 'binary_operator' ? { body, param: normalizeIdentifier(params[0].text) } : undefined;
}

/**
 * `n * n + 1`, `1 + n ** 3`: a squaring or power of `param` with a constant integer of zero or
 * more added, whose digits double (or triple) on every pass all the same. The squaring, or
 * undefined. A subtracted constant is not: `n = n * n - 2` from 2 stays 2.
 */
function squaringPlusConstant(context: RuleContext, sum: Node, param: string): Node | undefined {
  if (sum.childForFieldName('operator')?.text !== '+') return undefined;
  const sides = [unparenthesized(sum.childForFieldName('left')), unparenthesized(sum.childForFieldName('right'))];
  const k = sides.findIndex((n) => {
    const c = n ? context.semantics.fold(n) : undefined;
    return c?.t === 'int' && c.v >= 0n;
  });
  const power = k < 0 ? undefined : sides[1 - k];
  if (power?.type !== 'binary_operator') return undefined;
  const op = power.childForFieldName('operator')?.text;
  const [left, right] = [power.childForFieldName('left'), power.childForFieldName('right')];
  return (op === '*' && isName(left, param) && isName(right, param)) || (op === '**' && isName(left, param)) ? power : undefined;
}

function isConstant(context: RuleContext, node: Node): boolean {
  return context.semantics.fold(node) !== undefined;
}

/**
 * `out = text` for a parameter `text`: the smallest start the calls of the file give it (their
 * argument, or the default of a lookup they pass: `banner(data.get("text", "-"), 64)`), when each
 * gives a known one. The smallest: the passes may come from another call (`banner("x" * 10**4, 2)`
 * and `banner("-", 20)`), and the smallest start times the most passes is no more than what the
 * call with the most passes makes.
 */
function parameterStartLog10(context: RuleContext, value: Node, measure: Step['measure']): number | undefined {
  const bindings = value.type === 'identifier' ? context.semantics.bindingsOf(value) : [];
  if (bindings.length !== 1 || bindings[0].kind !== 'param') return undefined;
  const sites = context.semantics.argumentsAtCalls(bindings[0].scope.node, bindings);
  if (!sites?.length) return undefined;
  let smallest: number | undefined;
  for (const site of sites) {
    const arg = site.get(bindings[0]);
    const log = arg ? initialLog10(context, arg, measure, false) : undefined;
    if (log === undefined) return undefined;
    if (smallest === undefined || log < smallest) smallest = log;
  }
  return smallest;
}

/** The log10 of the size of the value a binding gives, for the measure a step grows. */
function initialLog10(context: RuleContext, value: Node, measure: Step['measure'], parameters = true): number | undefined {
  if (parameters && value.type === 'identifier') {
    const start = parameterStartLog10(context, value, measure);
    if (start !== undefined) return start;
  }
  const c = context.semantics.fold(value) ?? lookupDefault(context, value);
  if (measure === 'length') {
    const n = c?.t === 'str' ? [...c.v].length : c?.t === 'bytes' ? c.v.length : c?.t === 'seq' ? c.items.length : value.type === 'list' ? codeChildren(value).length : 0;
    return n > 0 ? Math.log10(n) : undefined;
  }
  // Squaring or raising 0 or 1 leaves it be; the digits of |n| >= 2 grow.
  if (c?.t !== 'int') return c?.t === 'hugeint' ? Math.log10(c.digits) : undefined;
  const v = c.v < 0n ? -c.v : c.v;
  if (v < 2n) return undefined;
  const digits = v.toString().length;
  return digits > 15 ? Math.log10(digits) : Math.log10(Math.log10(Number(v)));
}

/** The geometric growths of a `for` loop with a known number of passes and no way out. */
export function loopGrowths(context: RuleContext, loop: Node): LoopGrowth[] {
  const body = loop.childForFieldName('body');
  // A `continue` may skip the growth on some passes.
  if (!body || continuesEarly(loop)) return [];
  // Statements of the body itself (or of a `with` in it): they run on every pass.
  const steps = new Map<string, { statements: Node[]; targets: Node[]; step: Step }>();
  const blocks = [body];
  while (blocks.length) {
    for (const stmt of codeChildren(blocks.pop()!)) {
      if (stmt.type === 'with_statement') {
        const inner = stmt.childForFieldName('body');
        if (inner) blocks.push(inner);
        continue;
      }
      const s = stepOf(context, stmt);
      if (!s) continue;
      const seen = steps.get(s.name);
      if (seen && seen.step.measure !== s.step.measure) { steps.delete(s.name); continue; }
      if (seen) { seen.statements.push(stmt); seen.targets.push(s.target); seen.step = { measure: seen.step.measure, factor: seen.step.factor * s.step.factor }; }
      else steps.set(s.name, { statements: [stmt], targets: [s.target], step: s.step });
    }
  }
  if (!steps.size) return [];
  const size = iterationSize(context, loop.childForFieldName('right'));
  if (!size || size.endless || size.count === undefined || size.count < 1) return [];
  const passes = size.count;
  const out: LoopGrowth[] = [];
  let exits: boolean | undefined;
  for (const [name, { statements, targets, step }] of steps) {
    // Every other binding of the name lies outside the loop and gives it a known, growable size.
    const bindings = context.semantics.bindingsOf(targets[0]);
    let init: number | undefined;
    // (A target of `xs.extend(xs)` is a use, not a binding.)
    let ok = bindings.some((b) => !targets.some((t) => t.id === b.node.id));
    for (const b of bindings) {
      if (!ok) break;
      if (targets.some((t) => t.id === b.node.id)) continue;
      const inside = b.node.startIndex >= loop.startIndex && b.node.endIndex <= loop.endIndex;
      if (inside || b.kind !== 'assign' || !b.value) { ok = false; break; }
      // A shift of 1 by its bit length makes 2: from there it doubles its digits like any other.
      const one = step.fromOne && context.semantics.fold(b.value);
      const v = one && one.t === 'int' && one.v === 1n ? Math.log10(Math.log10(2)) : initialLog10(context, b.value, step.measure);
      if (v === undefined) ok = false;
      else init = init === undefined ? v : Math.min(init, v);
    }
    if (!ok || init === undefined) continue;
    exits ??= !!loopExit(context, loop, true);
    if (exits) return [];
    out.push({ statement: statements[0], name, measure: step.measure, passes, log10: init + passes * Math.log10(step.factor) });
  }
  return out;
}

/** `1e15`, or `10^1234` past what a float holds. */
export function formatPower(log10: number): string {
  return log10 < 300 ? formatCount(Math.pow(10, log10)) : `10^${Math.round(log10)}`;
}
