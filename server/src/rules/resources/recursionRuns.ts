/**
 * A recursive function run from a call's constant arguments, one call deep at a time: `gcd(1071,
 * 462)` of `return a if b == 0 else gcd(a, b % a)` passes 1071 and 462 again. A call that comes
 * back to arguments it was called with has the same base-case tests ahead of it and takes the
 * same way: the recursion never reaches a base case (it fills the stack until RecursionError).
 * Only functions made of base cases (`if <test>: return/raise ...`) and one `return` whose value
 * calls the function once are run, by the constant folder; anything else gives no answer.
 */
import type { Node } from '../../parser';
import { normalizeIdentifier } from '../../semantics';
import { constTruthiness, foldConstant, withResolve, type FoldEnv } from '../../semantics/fold';
import { argumentsByParameter, isDocstring, parameterIdentifier } from '../../semantics/syntax';
import { constValue, type Const } from '../../semantics/values';
import type { RuleContext } from '../types';
import { codeChildren, descendantsInScope } from './controlFlow';
import { constText } from './loopRuns';
import { readsOnly } from './iterables';
import { unparenthesized } from '../../semantics/narrowing';

/**
 * Calls run one below the other before the run is judged: ten times Python's recursion limit of
 * 1,000, which a plugin cannot raise without `sys`. Past it, a run through several functions is
 * reported only when it is heading away from every constant its tests compare with (`awayFrom`):
 * one that counts down from 50,000 to 0 ends, in RecursionError, and is not taken for an endless one.
 */
const MAX_DEPTH = 10_000;

/** Where a part of an expression may not be evaluated before the call: a branch, a body run later. */
const MAY_NOT_RUN = new Set(['boolean_operator', 'conditional_expression', 'lambda', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

class GiveUp {}
const GIVE_UP = new GiveUp();

export interface RepeatingRecursion {
  name: string;
  /** The functions the run went through besides the first (`is_odd` for `is_even`), in order. */
  through: string[];
  /** The depth whose call passed the arguments of an earlier one (the call itself is depth 0), or `MAX_DEPTH`. */
  depth: number;
  /** The depth of the earlier call with the same arguments; undefined when the run only went too deep. */
  first?: number;
  /** The arguments, written as Python would show them. */
  args: string;
}

/**
 * A function a run may go through: a plain `def` (not a method, whose receiver may be anything;
 * not decorated, as a decorator may cache or wrap; not async) resolved as the only value of a name.
 */
function plainFunction(context: RuleContext, fn: Node | null | undefined): Node | undefined {
  const callees = fn?.type === 'identifier' ? context.semantics.resolve(fn) : [];
  const def = callees.length === 1 && callees[0].kind === 'function' ? callees[0].node : undefined;
  if (def?.type !== 'function_definition' || def.parent?.type === 'decorated_definition' || def.parent?.parent?.type === 'class_definition') return undefined;
  // A file that reads or writes names by string (`globals()["is_odd"] = ...`) may rebind it.
  if (!context.semantics.identifiersSpelled(normalizeIdentifier(fn!.text))) return undefined;
  return def.children.some((c) => c.type === 'async') ? undefined : def;
}

/** Whether `call` runs at module level (not inside a def, lambda or class body). */
function atModuleLevel(call: Node): boolean {
  for (let p = call.parent; p; p = p.parent) if (p.type === 'function_definition' || p.type === 'lambda' || p.type === 'class_definition') return false;
  return true;
}

/**
 * The repetition `call` (outside its function) runs into, or its going past `MAX_DEPTH` calls;
 * undefined when it reaches a base case, or is not run. The run may go from one function to
 * another of the same shape and back (`is_even(n)` returning `is_odd(n - 1)`).
 */
export function repeatingRecursion(context: RuleContext, call: Node): RepeatingRecursion | undefined {
  const def = plainFunction(context, call.childForFieldName('function'));
  if (!def || (def.startIndex <= call.startIndex && call.endIndex <= def.endIndex)) return undefined;
  const moduleLevel = atModuleLevel(call);
  // What is read of the function's body is read here: this call is checked again when it changes.
  context.semantics.readsSyntaxOf(def);
  const firstShape = shapeOf(context, def);
  if (!firstShape) return undefined;
  let shape: Shape = firstShape;
  const start = argumentsOf(call, shape.parameters, shape.defaults, (n) => context.semantics.fold(n));
  if (!start || start.some((c) => c.t === 'float' && !Number.isFinite(c.v))) return undefined;

  let args = start;
  let current = def;
  const env: FoldEnv = withResolve(context.semantics, (node, depth) => {
    const i = node.type === 'identifier' ? shape.parameterNodes.findIndex((p) => isParameter(context, node, p)) : -1;
    return i >= 0 ? [constValue(args[i])] : context.semantics.resolve(node, depth);
  });
  const fold = (n: Node): Const => {
    const c = foldConstant(env, n);
    // An infinity is where Python raises OverflowError (`1e256 ** 2.0`) and the folder does not.
    if (!c || c.t === 'hugeint' || (c.t === 'float' && !Number.isFinite(c.v))) throw GIVE_UP;
    return c;
  };
  const seen = new Map<string, number>();
  const through: string[] = [];
  const visited: Node[] = [];
  /** The arguments of the latest call of the first function: compared with `start` past the limit. */
  let lastOfFirst = start;
  try {
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const key = `${current.id}\u0000${args.map(constText).join('\u0000')}`;
      if (key.length > 4_096 || args.some((a) => constText(a).startsWith('?'))) return undefined;
      const first = seen.get(key);
      if (first !== undefined) return { name: firstShape.name, through, depth, first, args: args.map(pythonText).join(', ') };
      seen.set(key, depth);
      for (const test of shape.baseTests) if (constTruthiness(fold(test)) ?? true) return undefined;
      // The branch of each conditional expression the arguments take, down to a value.
      let value: Node = shape.value;
      for (let guard = 0; value.type === 'conditional_expression' || value.type === 'parenthesized_expression'; guard++) {
        if (guard > 32) return undefined;
        const parts = codeChildren(value);
        if (value.type === 'parenthesized_expression') {
          if (parts.length !== 1) return undefined;
          value = parts[0];
          continue;
        }
        const truth = constTruthiness(fold(parts[1]));
        if (truth === undefined) return undefined;
        value = truth ? parts[0] : parts[2];
      }
      const next = recursiveCall(context, value);
      // `return f(n)` passing its parameters on as they are: PC604's `sameArgumentsAgain` says so.
      if (!next || (depth === 0 && next.def.id === def.id && passesOnUnchanged(next.call, shape.parameters))) return undefined;
      const nextShape: Shape | undefined = next.def.id === current.id ? shape : shapeOf(context, next.def);
      if (!nextShape) return undefined;
      // Called at module level before the `def` runs: NameError, not recursion.
      if (moduleLevel && next.def.startIndex > call.startIndex) return undefined;
      if (next.def.id !== current.id) context.semantics.readsSyntaxOf(next.def);
      const passed = argumentsOf(next.call, nextShape.parameters, nextShape.defaults, fold);
      if (!passed) return undefined;
      if (next.def.id !== def.id && !visited.some((v) => v.id === next.def.id)) {
        visited.push(next.def);
        if (through.length < 4) through.push(nextShape.name);
      }
      [args, current, shape] = [passed, next.def, nextShape];
      if (current.id === def.id) lastOfFirst = args;
    }
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
  // Past the limit only through other functions with a base case somewhere: one function alone,
  // or a cycle with no base case at all, is what PC604's other checks report.
  const shapes = [def, ...visited].map((d) => shapeOf(context, d)).filter((sh): sh is Shape => !!sh);
  // A base case: an `if <test>: return`, or a branch of the returned conditional expression.
  const tested = shapes.some((sh) => sh.baseTests.length > 0 || unparenthesized(sh.value)?.type === 'conditional_expression');
  if (!through.length || !tested || !awayFrom(context, shapes, start, lastOfFirst)) return undefined;
  return { name: firstShape.name, through, depth: MAX_DEPTH, args: start.map(pythonText).join(', ') };
}

/**
 * Whether the integer arguments that changed between `start` and `now` (one at least) all moved
 * away from every integer the shapes' tests compare with, and from 0: `is_even(5)` stepping up
 * from a base case at 0, or `is_even(-3)` stepping down. One that comes nearer may yet reach it.
 */
function awayFrom(context: RuleContext, shapes: readonly Shape[], start: readonly Const[], now: readonly Const[]): boolean {
  const bounds = [0n];
  for (const sh of shapes) {
    for (const root of [...sh.baseTests, sh.value]) {
      for (const n of [root, ...descendantsInScope(root)]) {
        if (n.type !== 'integer') continue;
        const c = context.semantics.fold(n);
        if (c?.t === 'int') bounds.push(c.v);
      }
    }
  }
  let moved = 0;
  for (let i = 0; i < start.length; i++) {
    const [a, b] = [start[i], now[i]];
    // An argument passed on unchanged (`step=1`) is no nearer to anything.
    if (a?.t !== 'int' || b?.t !== 'int' || a.v === b.v) continue;
    moved++;
    const abs = (x: bigint): bigint => (x < 0n ? -x : x);
    if (!bounds.every((c) => abs(b.v - c) > abs(a.v - c))) return false;
  }
  return moved > 0;
}

interface Shape {
  name: string;
  parameters: string[];
  parameterNodes: Node[];
  defaults: (Node | undefined)[];
  /** The tests of the base cases, in order: a call that passes one returns (or raises) there. */
  baseTests: Node[];
  /** What the last `return` returns. */
  value: Node;
}

/** `def`'s shape, or undefined; read once per analysis. */
function shapeOf(context: RuleContext, def: Node): Shape | undefined {
  return context.semantics.oncePerRun(def, 'recursionRunShape', () => readShape(context, def));
}

function readShape(context: RuleContext, def: Node): Shape | undefined {
  const name = def.childForFieldName('name');
  const params = def.childForFieldName('parameters');
  const body = def.childForFieldName('body');
  if (!name || !params || !body) return undefined;
  const parameters: string[] = [];
  const parameterNodes: Node[] = [];
  const defaults: (Node | undefined)[] = [];
  for (const p of codeChildren(params)) {
    // The `*` and `/` markers bind nothing.
    if (p.type === 'keyword_separator' || p.type === 'positional_separator') continue;
    const ident = parameterIdentifier(p);
    // Bound only by the call: a store in the body would change what the tests read.
    if (!ident || context.semantics.bindingsOf(ident).length !== 1) return undefined;
    parameters.push(normalizeIdentifier(ident.text));
    parameterNodes.push(ident);
    defaults.push(p.childForFieldName('value') ?? undefined);
  }
  // A generator's call runs nothing of its body.
  for (const n of descendantsInScope(body)) if (n.type === 'yield') return undefined;
  const statements = codeChildren(body);
  const baseTests: Node[] = [];
  for (let i = isDocstring(statements[0]) ? 1 : 0; i < statements.length; i++) {
    const statement = statements[i];
    if (statement.type === 'return_statement') {
      const value = codeChildren(statement)[0];
      const fnName = normalizeIdentifier(name.text);
      // Only the parameters, the functions called and builtins: a global or an attribute the folder
      // takes from its bindings may be changed where it cannot see (`globals()["limit"] = -1`).
      const called = value ? [value, ...descendantsInScope(value)].filter((n) => n.type === 'call').map((n) => n.childForFieldName('function')).filter((f): f is Node => !!f && !!plainFunction(context, f)).map((f) => normalizeIdentifier(f.text)) : [];
      if (!value || ![value, ...baseTests].every((n) => readsOnly(context, n, [...parameters, fnName, ...called]))) return undefined;
      return { name: fnName, parameters, parameterNodes, defaults, baseTests, value };
    }
    // `if b == 0: return a`: nothing else in it, no `elif`/`else`.
    const inside = statement.type === 'if_statement' && !statement.childForFieldName('alternative') ? codeChildren(statement.childForFieldName('consequence') ?? statement) : [];
    const test = statement.childForFieldName('condition');
    if (inside.length !== 1 || (inside[0].type !== 'return_statement' && inside[0].type !== 'raise_statement') || !test) return undefined;
    baseTests.push(test);
  }
  return undefined;
}

/** Whether `node` names the parameter `param` of its function (not a global or a comprehension's variable of that spelling). */
function isParameter(context: RuleContext, node: Node, param: Node): boolean {
  if (normalizeIdentifier(node.text) !== normalizeIdentifier(param.text)) return false;
  const bindings = context.semantics.bindingsOf(node);
  return bindings.length === 1 && bindings[0].node.id === param.id;
}

/**
 * The one call in `value`, of a plain function (`plainFunction`), when it runs whenever `value`
 * is computed and everything else in `value` is what the folder can compute (so nothing before it
 * can raise and end the descent).
 */
function recursiveCall(context: RuleContext, value: Node): { call: Node; def: Node } | undefined {
  let found: { call: Node; def: Node } | undefined;
  for (const n of [value, ...descendantsInScope(value)]) {
    if (n.type !== 'call') continue;
    const def = plainFunction(context, n.childForFieldName('function'));
    if (!def || found) return undefined;
    found = { call: n, def };
  }
  if (!found) return undefined;
  // From the call up to `value`: plain operators whose other operands fold (they may be evaluated first).
  for (let n: Node = found.call; n.id !== value.id; n = n.parent!) {
    const parent = n.parent!;
    if (MAY_NOT_RUN.has(parent.type)) return undefined;
    if (parent.type !== 'binary_operator' && parent.type !== 'unary_operator' && parent.type !== 'parenthesized_expression') return undefined;
    for (const other of codeChildren(parent)) if (other.id !== n.id && !context.semantics.fold(other) && !foldsWithParameters(other)) return undefined;
  }
  return found;
}

function passesOnUnchanged(call: Node, parameters: string[]): boolean {
  const args = codeChildren(call.childForFieldName('arguments') ?? call);
  return args.length === parameters.length && args.every((a, i) => a.type === 'identifier' && normalizeIdentifier(a.text) === parameters[i]);
}

/** Operands made only of names, constants and operators: the run folds them with the parameters' values. */
function foldsWithParameters(node: Node): boolean {
  for (const n of [node, ...descendantsInScope(node)]) {
    if (n.type === 'call' || n.type === 'subscript' || n.type === 'attribute' || n.type === 'await' || n.type === 'named_expression') return false;
  }
  return true;
}

/** The value of each parameter at `call` (`argumentsByParameter`), folded; undefined when one is missing or does not fold. */
function argumentsOf(call: Node, parameters: string[], defaults: (Node | undefined)[], fold: (n: Node) => Const | undefined): Const[] | undefined {
  const bound = argumentsByParameter(call, parameters, defaults);
  const values = bound?.map((n) => (n ? fold(n) : undefined));
  return values?.every((v) => v !== undefined) ? (values as Const[]) : undefined;
}

/** An argument as Python shows it, for the message (short ones; the rest cut). */
function pythonText(c: Const): string {
  const text = c.t === 'int' ? String(c.v) : c.t === 'float' ? (Number.isInteger(c.v) ? c.v.toFixed(1) : String(c.v)) : c.t === 'str' ? JSON.stringify(c.v) : c.t === 'bool' ? (c.v ? 'True' : 'False') : c.t === 'none' ? 'None' : '…';
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}
