/**
 * A `while` run with the values it starts from, pass by pass, until it ends or comes back to a
 * state it was in before: then it repeats for ever. `while attempt < 3: attempt += 1; if attempt
 * == 2: attempt = 0`, a bisection with a tolerance of 0.0 (its bounds stop moving), a back-off
 * whose factor is 1.0. Only loops whose passes are computed from constants (the loop's block
 * before it, what each call of the file passes) by assignments, tests and operators are run; a
 * loop that may call anything, change a container its tests read or raise is not.
 */
import type { Node } from '../../parser';
import { normalizeIdentifier, type Binding } from '../../semantics';
import { constTruthiness, foldBinaryConstants, foldConstant, sameConst, withResolve, type FoldEnv } from '../../semantics/fold';
import { pushNamedChildren } from '../../semantics/syntax';
import { constValue, type Const, type Value } from '../../semantics/values';
import type { RuleContext } from '../types';
import { codeChildren, descendantsInScope, isWrittenSubscript, nameTargets } from './controlFlow';

/** Passes run before giving up: a bisection of doubles settles in about 60, a small cycle in a few. */
const MAX_PASSES = 2_000;
/** Calls of the function whose arguments are each run. */
const MAX_RUNS = 4;
/** Syntax nodes of a loop looked at: a longer body is not run. */
const MAX_BODY_NODES = 600;
/** A state written out longer than this is not kept (long strings, big lists). */
const MAX_STATE_TEXT = 4_096;

/**
 * What a run may call: builtins and `str` methods the folder follows as Python 3 does (not
 * `encode`/`decode`, which it also reads the Python 2 way, nor `format`, `translate`, `min`/`max`).
 */
const RUN_BUILTINS = new Set(['builtins.len', 'builtins.abs', 'builtins.ord', 'builtins.str', 'builtins.int', 'builtins.bool', 'builtins.round']);
const RUN_METHODS = new Set([
  'lower', 'upper', 'strip', 'lstrip', 'rstrip', 'startswith', 'endswith', 'replace', 'split', 'join',
  'isdigit', 'isalpha', 'isalnum', 'isspace', 'islower', 'isupper', 'isdecimal', 'isnumeric', 'isidentifier', 'isascii',
]);

/** Methods a statement of the loop may call on a name the tests never read: they only add to it. */
const ADDING_METHODS = new Set(['append', 'add', 'extend']);
/** Builtins an added item may be made with: they return without raising for numbers and strings. */
const QUIET_BUILTINS = new Set(['builtins.round', 'builtins.str', 'builtins.repr', 'builtins.len', 'builtins.abs']);
/** Builtins that never raise on a number or a string, whatever it grows to (not `round`: of an infinity it raises; not `str` of an int past 4,300 digits). */
const NEVER_RAISING = new Set(['builtins.repr', 'builtins.len', 'builtins.abs']);

export interface RepeatingRun {
  /** The pass whose state came back (1-based), and the pass that came back to it. */
  first: number;
  again: number;
  /** What the state is made of, the names the loop changes first. */
  names: string[];
}

class GiveUp {}
const GIVE_UP = new GiveUp();

type Outcome = 'next' | 'continue' | 'exit';

/**
 * The repetition a run of `loop` reaches, for the first call of its function (or the module)
 * that reaches one; undefined when none does or the loop is not of the kind that is run.
 */
export function repeatingRun(context: RuleContext, loop: Node): RepeatingRun | undefined {
  const condition = loop.childForFieldName('condition');
  const body = loop.childForFieldName('body');
  const block = loop.parent;
  if (!condition || !body || !block) return undefined;
  // The loop sits directly in a def's body or at module level: what runs before it is its block's statements.
  const fn = block.type === 'block' && block.parent?.type === 'function_definition' ? block.parent : block.type === 'module' ? undefined : null;
  if (fn === null) return undefined;
  const shape = loopShape(context, condition, body);
  if (!shape) return undefined;
  const { followed, occurrence } = shape;
  // A decorator may call the def with other arguments than its calls pass.
  if (fn?.parent?.type === 'decorated_definition') return undefined;
  // What runs before the loop in its def may not raise or leave but by an `if` the run decides.
  if (fn && !quietBefore(context, loop)) return undefined;
  // A container the loop adds to is a new one of its own (`delays = []`), not another name for
  // one the tests read (`buf = items` makes `buf.append` grow `items`).
  for (const receiver of shape.added) if (!freshContainer(context, receiver, loop)) return undefined;

  // Where each name the run needs starts: a binding before the loop in its block, a parameter, or nothing outside the loop.
  const starts = new Map<string, Binding | 'inside' | 'outside'>();
  for (const name of followed) {
    const bindings = context.semantics.bindingsOf(occurrence.get(name)!);
    const before = bindings.filter((b) => !within(b.node, loop));
    if (!bindings.length) starts.set(name, 'outside');
    else if (!before.length) starts.set(name, 'inside');
    // A module's name bound once (`NEXT = {...}` read by a def's loop): the resolver's, like a builtin's.
    else if (fn && bindings.length === 1 && bindings[0].kind === 'assign' && bindings[0].scope.node.type === 'module') starts.set(name, 'outside');
    else {
      if (before.length !== 1 || bindings.some((b) => b.kind !== 'assign' && b.kind !== 'augassign' && b.kind !== 'param')) return undefined;
      const b = before[0];
      if (b.kind === 'param') {
        if (!fn || b.scope.node.id !== fn.id) return undefined;
      } else {
        const statement = statementOf(b.node);
        if (b.kind !== 'assign' || !b.value || b.subjectPath || statement?.parent?.id !== block.id || statement.endIndex > loop.startIndex) return undefined;
      }
      starts.set(name, b);
    }
  }

  const runs: Map<string, Const | Value | undefined>[] = [];
  if (fn) {
    const scope = context.semantics.scopeOfDefinition(fn);
    const params = scope ? [...scope.bindings.values()].flat().filter((b) => b.kind === 'param') : [];
    const sites = params.length ? context.semantics.argumentsAtCalls(fn, params) : [new Map<Binding, Node | null>()];
    if (!sites?.length) return undefined;
    for (const site of sites.slice(0, MAX_RUNS)) {
      const values = new Map<string, Const | Value | undefined>();
      for (const p of params) {
        const arg = site.get(p);
        values.set(p.name, arg ? argumentValue(context, arg) ?? dictDisplay(context, arg, p) : undefined);
      }
      runs.push(values);
    }
  } else runs.push(new Map());

  for (const params of runs) {
    const found = run(context, loop, fn, condition, body, shape, starts, params);
    if (found) return found;
  }
  return undefined;
}

/**
 * A dict display a call passes by a name that holds only it (`run_flow(FLOW)`), read only: its
 * items are what the run finds under a key (`flow[state]`).
 */
function dictDisplay(context: RuleContext, arg: Node, param: Binding): Value | undefined {
  const values = arg.type === 'identifier' ? context.semantics.resolve(arg) : [];
  const only = values.length === 1 ? values[0] : undefined;
  if (only?.kind !== 'container' || only.node.type !== 'dictionary') return undefined;
  if (context.semantics.dictUnchanged(only.node)) return only;
  // Handed only to this def, which only reads it: `FLOW` passed to `run_flow(flow)` and read as `flow[state]`.
  const holder = only.node.parent?.type === 'assignment' && only.node.parent.childForFieldName('right')?.id === only.node.id ? only.node.parent.childForFieldName('left') : null;
  const fn = param.scope.node;
  if (holder?.type !== 'identifier' || only.node.namedChildren.some((c) => c?.type === 'dictionary_splat')) return undefined;
  const onlyRead = (name: Node, binding: Node, passedTo?: Node): boolean => {
    const uses = context.semantics.identifiersNamed(name);
    if (!uses) return false;
    for (const use of uses) {
      if (use.startIndex === binding.startIndex || !context.semantics.bindingsOf(use).some((b) => b.node.id === binding.id)) continue;
      const parent = use.parent;
      const read = parent?.type === 'subscript' && parent.childForFieldName('value')?.id === use.id && !isWrittenSubscript(parent);
      const passed = !!passedTo && parent?.type === 'argument_list' && parent.parent?.type === 'call' && calls(context, parent.parent, passedTo);
      if (!read && !passed) return false;
    }
    return true;
  };
  const holderBindings = context.semantics.bindingsOf(holder);
  return holderBindings.length === 1 && onlyRead(holder, holderBindings[0].node, fn) && onlyRead(param.node, param.node) ? only : undefined;
}

/** The value under a text `key` of a dict display of text keys: its last pair with that key, or undefined. */
function displayItem(env: FoldEnv, dict: Node, key: Const, depth: number): Const | undefined {
  let found: Const | undefined;
  for (const pair of codeChildren(dict)) {
    if (pair.type !== 'pair') return undefined;
    const k = foldConstant(env, pair.childForFieldName('key'), depth);
    // Text keys only: `1`, `1.0` and `True` are one key to Python.
    if (k?.t !== 'str' || key.t !== 'str') return undefined;
    if (sameConst(k, key)) found = foldConstant(env, pair.childForFieldName('value'), depth);
  }
  return found;
}

/** Whether `call` calls the def `fn`. */
function calls(context: RuleContext, call: Node, fn: Node): boolean {
  const callee = call.childForFieldName('function');
  const values = callee ? context.semantics.resolve(callee) : [];
  return values.length === 1 && values[0].kind === 'function' && values[0].node.id === fn.id;
}

/**
 * What a call passes, folded; a list display too, which folding leaves alone since the callee may
 * change it: the run does not (a container its tests read is never changed by a method).
 */
function argumentValue(context: RuleContext, arg: Node): Const | undefined {
  const folded = context.semantics.fold(arg);
  if (folded || arg.type !== 'list') return folded;
  const items: Const[] = [];
  for (const item of codeChildren(arg)) {
    const c = item.type === 'list_splat' ? undefined : context.semantics.fold(item);
    if (!c) return undefined;
    items.push(c);
  }
  return { t: 'seq', kind: 'list', items };
}

/**
 * Whether the statements of the def before `loop` can neither raise nor leave it, but by an `if`
 * whose branch only returns or raises (`if n < 2: return n`, decided by the run): a docstring,
 * `pass`, and assignments of names, constants, `+ - *`, slices and `len`-like builtins of them.
 * A call (`check(step)`, which may raise), `assert`, `//` (by zero) and the rest are not.
 */
function quietBefore(context: RuleContext, loop: Node): boolean {
  for (const s of codeChildren(loop.parent!)) {
    if (s.startIndex >= loop.startIndex) return true;
    if (s.type === 'pass_statement') continue;
    if (s.type === 'if_statement') {
      const branches = [s.childForFieldName('consequence'), ...s.childrenForFieldName('alternative').map((a) => a.childForFieldName(a.type === 'elif_clause' ? 'consequence' : 'body'))];
      const tests = [s.childForFieldName('condition'), ...s.childrenForFieldName('alternative').map((a) => (a.type === 'elif_clause' ? a.childForFieldName('condition') : null))];
      if (tests.some((t) => t && !quietItem(context, t, true))) return false;
      if (!branches.every((b) => !!b && codeChildren(b).every((c) => c.type === 'return_statement' || c.type === 'raise_statement'))) return false;
      continue;
    }
    if (s.type !== 'expression_statement') return false;
    const [expr, ...rest] = codeChildren(s);
    if (!expr || rest.length) return false;
    if (expr.type === 'string') continue;
    if (expr.type !== 'assignment' || expr.childForFieldName('type')) return false;
    const left = expr.childForFieldName('left');
    if (!nameTargets(left).length || !quietItem(context, expr.childForFieldName('right')!)) return false;
  }
  return true;
}

/**
 * Whether a name the loop adds to holds only displays it was bound to (`out = []`), and appears
 * nowhere else before the loop ends but as the receiver of an adding method: no other name can
 * be the same list.
 */
function freshContainer(context: RuleContext, receiver: Node, loop: Node): boolean {
  const bindings = context.semantics.bindingsOf(receiver);
  if (!bindings.length || !bindings.every((b) => b.kind === 'assign' && !b.subjectPath && FRESH_DISPLAYS.has(b.value?.type ?? ''))) return false;
  const uses = context.semantics.identifiersNamed(receiver);
  if (!uses) return false;
  for (const use of uses) {
    if (use.startIndex >= loop.endIndex || bindings.some((b) => b.node.id === use.id)) continue;
    if (!context.semantics.bindingsOf(use).some((b) => bindings.includes(b))) continue;
    const attribute = use.parent;
    const call = attribute?.type === 'attribute' && attribute.childForFieldName('object')?.id === use.id ? attribute.parent : null;
    if (call?.type !== 'call' || !ADDING_METHODS.has(attribute!.childForFieldName('attribute')?.text ?? '')) return false;
  }
  return true;
}

const FRESH_DISPLAYS = new Set(['list', 'set', 'dictionary']);

interface LoopShape {
  /** Names the condition and the tests read, and those the assignments to them read, in that order. */
  relevant: string[];
  /** One identifier of each relevant name in the loop (to ask its bindings). */
  occurrence: Map<string, Node>;
  /** Every name the run holds: the relevant ones and what the other statements of the loop read and set. */
  followed: string[];
  /** The names of the containers the loop adds to (none the tests read). */
  added: Node[];
  /** The relevant names the loop assigns. */
  written: Set<string>;
}

/**
 * The names a run of the loop must follow, or undefined when its body holds anything but
 * assignments of names, `if`s, `pass`, `continue`, `break`, `return`, `raise` and additions to a
 * container nothing tests.
 */
function loopShape(context: RuleContext, condition: Node, body: Node): LoopShape | undefined {
  const occurrence = new Map<string, Node>();
  let nodes = 0;
  /** The names an expression reads; undefined for one a run cannot take (lambdas, comprehensions, walrus, yield...). */
  const readsOf = (n: Node | null): string[] | undefined => {
    if (!n) return [];
    const out: string[] = [];
    const stack = [n];
    while (stack.length) {
      const m = stack.pop()!;
      if (++nodes > MAX_BODY_NODES) return undefined;
      if (m.type === 'lambda' || m.type === 'named_expression' || m.type === 'await' || m.type === 'yield' || m.type.endsWith('comprehension') || m.type === 'generator_expression' || m.type === 'keyword_argument' || m.type === 'list_splat' || m.type === 'dictionary_splat') return undefined;
      if (m.type === 'identifier') {
        const name = normalizeIdentifier(m.text);
        if (!occurrence.has(name)) occurrence.set(name, m);
        out.push(name);
        continue;
      }
      if (m.type === 'call') {
        // A builtin called by name (`len`, `abs`): folding knows what it gives; nothing else is called.
        const callee = m.childForFieldName('function');
        if (callee?.type === 'identifier') {
          const names = context.semantics.qualifiedNames(callee);
          if (!names.length || !names.every((q) => RUN_BUILTINS.has(q))) return undefined;
          stack.push(m.childForFieldName('arguments') ?? m);
          continue;
        }
      }
      if (m.type === 'attribute') {
        // `s.startswith` of a call: the object is read; an attribute read alone is not run.
        if (m.parent?.type !== 'call' || m.parent.childForFieldName('function')?.id !== m.id || !RUN_METHODS.has(m.childForFieldName('attribute')?.text ?? '')) return undefined;
        stack.push(m.childForFieldName('object') ?? m);
        continue;
      }
      pushNamedChildren(stack, m);
    }
    return out;
  };
  const tested = new Set<string>();
  const assigned: { targets: string[]; reads: string[]; value: Node }[] = [];
  const added: { receiver: string; node: Node; argument: Node; reads: string[] }[] = [];
  const condReads = readsOf(condition);
  if (!condReads) return undefined;
  for (const name of condReads) tested.add(name);
  const walk = (block: Node | null): boolean => {
    for (const s of codeChildren(block ?? condition)) {
      switch (s.type) {
        case 'pass_statement':
        case 'continue_statement':
        case 'break_statement':
        case 'return_statement':
        case 'raise_statement':
          continue;
        case 'if_statement': {
          const tests = [s.childForFieldName('condition'), ...s.childrenForFieldName('alternative').map((a) => (a.type === 'elif_clause' ? a.childForFieldName('condition') : null))];
          for (const t of tests) {
            if (!t) continue;
            const r = readsOf(t);
            if (!r) return false;
            for (const name of r) tested.add(name);
          }
          if (!walk(s.childForFieldName('consequence'))) return false;
          for (const alt of s.childrenForFieldName('alternative')) if (!walk(alt.childForFieldName(alt.type === 'elif_clause' ? 'consequence' : 'body'))) return false;
          continue;
        }
        case 'expression_statement': {
          const [expr, ...rest] = codeChildren(s);
          if (!expr || rest.length) return false;
          if (expr.type === 'assignment' || expr.type === 'augmented_assignment') {
            const left = expr.childForFieldName('left');
            const targets = nameTargets(left);
            if (!targets.length || expr.childForFieldName('type')) return false;
            const reads = readsOf(expr.childForFieldName('right'));
            if (!reads) return false;
            const names = targets.map((t) => normalizeIdentifier(t.text));
            for (const t of targets) if (!occurrence.has(normalizeIdentifier(t.text))) occurrence.set(normalizeIdentifier(t.text), t);
            assigned.push({ targets: names, reads: expr.type === 'augmented_assignment' ? [...reads, ...names] : reads, value: expr.childForFieldName('right')! });
            continue;
          }
          // `delays.append(round(delay, 2))`: only adds to a container (checked below to be one nothing tests).
          const callee = expr.type === 'call' ? expr.childForFieldName('function') : null;
          const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
          const args = expr.type === 'call' ? codeChildren(expr.childForFieldName('arguments') ?? expr) : [];
          if (receiver?.type !== 'identifier' || !ADDING_METHODS.has(callee!.childForFieldName('attribute')?.text ?? '') || args.length !== 1) return false;
          const reads = readsOf(args[0]);
          if (!reads) return false;
          added.push({ receiver: normalizeIdentifier(receiver.text), node: receiver, argument: args[0], reads });
          continue;
        }
        default:
          return false;
      }
    }
    return true;
  };
  if (!walk(body)) return undefined;
  // What the tests read, and what the assignments to those read, to a fixpoint.
  const relevant = new Set(tested);
  for (let changed = true; changed; ) {
    changed = false;
    for (const a of assigned) {
      if (!a.targets.some((t) => relevant.has(t))) continue;
      for (const r of a.reads) if (!relevant.has(r)) {
        relevant.add(r);
        changed = true;
      }
    }
  }
  // A container the run follows may not change by a method.
  for (const a of added) if (relevant.has(a.receiver)) return undefined;
  // What the tests never read keeps changing after the state repeats (`steps += 1`): it may then
  // raise only if it reads something that changes, so that must be an expression that cannot.
  for (const a of assigned) {
    if (a.targets.some((t) => relevant.has(t)) || a.reads.every((r) => relevant.has(r))) continue;
    if (!quietItem(context, a.value)) return undefined;
  }
  for (const a of added) if (!a.reads.every((r) => relevant.has(r)) && !quietItem(context, a.argument)) return undefined;
  const written = new Set(assigned.flatMap((a) => a.targets).filter((t) => relevant.has(t)));
  // Every name the run holds a value of: what the tests need, and what the other statements read and set.
  const receivers = new Set(added.map((a) => a.receiver));
  const followed = new Set(relevant);
  for (const a of assigned) for (const name of [...a.targets, ...a.reads]) followed.add(name);
  for (const a of added) for (const name of a.reads) followed.add(name);
  for (const r of receivers) if (followed.has(r)) return undefined;
  return { relevant: [...relevant], followed: [...followed], occurrence, written, added: added.map((a) => a.node) };
}

/**
 * An expression that cannot raise whatever its names hold, nearly: names, constants, displays,
 * `+ - *`, slices and `round`/`str`/`len`/`abs` of them (and, for a test, comparisons and
 * `not`/`and`/`or`).
 */
function quietItem(context: RuleContext, n: Node, test = false): boolean {
  const stack = [n];
  while (stack.length) {
    const m = stack.pop()!;
    switch (m.type) {
      case 'identifier': case 'integer': case 'float': case 'string': case 'string_start': case 'string_content': case 'string_end': case 'true': case 'false': case 'none':
      case 'tuple': case 'parenthesized_expression': case 'argument_list': case 'comment': case 'list': case 'dictionary': case 'set': case 'pair': case 'expression_list':
        break;
      case 'comparison_operator': case 'not_operator': case 'boolean_operator':
        if (!test) return false;
        break;
      case 'binary_operator': {
        const op = m.childForFieldName('operator')?.text;
        if (op !== '+' && op !== '-' && op !== '*') return false;
        break;
      }
      case 'subscript':
        if (m.childrenForFieldName('subscript').some((s) => s.type !== 'slice')) return false;
        break;
      case 'slice':
        break;
      case 'call': {
        const fn = m.childForFieldName('function');
        const names = fn ? context.semantics.qualifiedNames(fn) : [];
        if (!names.length || !names.every((q) => NEVER_RAISING.has(q))) return false;
        stack.push(m.childForFieldName('arguments') ?? m);
        continue;
      }
      default:
        return false;
    }
    if (m.type !== 'identifier') pushNamedChildren(stack, m);
  }
  return true;
}

function run(
  context: RuleContext,
  loop: Node,
  fn: Node | undefined,
  condition: Node,
  body: Node,
  shape: LoopShape,
  starts: Map<string, Binding | 'inside' | 'outside'>,
  params: Map<string, Const | Value | undefined>,
): RepeatingRun | undefined {
  const state = new Map<string, Const | undefined>();
  const scopeNode = fn ?? loop;
  /** Names resolved to what the run holds, inside the def (or the module outside any def). */
  const passedDicts = new Set([...params.values()].flatMap((v) => (v && !('t' in v) && v.kind === 'container' ? [v.node.id] : [])));
  const held = (node: Node): boolean => node.type === 'identifier' && (fn ? within(node, scopeNode) : !insideDef(node)) && (state.has(normalizeIdentifier(node.text)) || params.has(normalizeIdentifier(node.text)));
  const env: FoldEnv = {
    ...withResolve(context.semantics, (node, depth) => {
      if (held(node)) {
        const name = normalizeIdentifier(node.text);
        const value = state.has(name) ? state.get(name) : params.get(name);
        if (value === undefined) throw GIVE_UP;
        return ['t' in value ? constValue(value) : value];
      }
      return context.semantics.resolve(node, depth);
    }),
    // What the run holds is the value at the read: a list's length too.
    exactAtRead: held,
    // A dict passed in was found only read (`dictDisplay`): its item is the last pair under the key.
    dictItem: (dict, key, depth) => (passedDicts.has(dict.id) ? displayItem(env, dict, key, depth) : context.semantics.dictItem(dict, key, depth)),
  };
  const evaluate = (n: Node | null): Const => {
    const c = n ? foldConstant(env, n) : undefined;
    if (!c || c.t === 'hugeint' || (c.t === 'float' && !Number.isFinite(c.v))) throw GIVE_UP;
    return c;
  };
  /** An item added to a container, made without raising: one that folds, or `round`/`abs`/`str`/`repr`/`len` of what folds to the right kind. */
  const quietValue = (n: Node | undefined): void => {
    if (!n) throw GIVE_UP;
    if (foldConstant(env, n)) return;
    const fn = n.type === 'call' ? n.childForFieldName('function') : null;
    const args = n.type === 'call' ? codeChildren(n.childForFieldName('arguments') ?? n) : [];
    const q = fn ? context.semantics.qualifiedNames(fn) : [];
    if (q.length !== 1 || !QUIET_BUILTINS.has(q[0]) || !args.length || args.some((a) => a.type === 'keyword_argument' || a.type === 'list_splat' || a.type === 'dictionary_splat')) throw GIVE_UP;
    const values = args.map(evaluate);
    const number = (c: Const): boolean => c.t === 'int' || c.t === 'float' || c.t === 'bool';
    const fits =
      q[0] === 'builtins.round' ? values.length <= 2 && number(values[0]) && (values.length === 1 || values[1].t === 'int' || values[1].t === 'none')
      : q[0] === 'builtins.abs' ? values.length === 1 && number(values[0])
      : q[0] === 'builtins.len' ? values.length === 1 && (values[0].t === 'str' || values[0].t === 'seq' || values[0].t === 'bytes')
      : values.length === 1;
    if (!fits) throw GIVE_UP;
  };
  const truth = (n: Node | null): boolean => {
    const t = constTruthiness(evaluate(n));
    if (t === undefined) throw GIVE_UP;
    return t;
  };
  try {
    // The starting values, in the order they were bound before the loop.
    const ordered = [...starts].sort(([, a], [, b]) => position(a) - position(b));
    for (const [name, start] of ordered) {
      if (start === 'inside') state.set(name, undefined);
      else if (start === 'outside') {
        const occurrence = shape.occurrence.get(name)!;
        // A module's dict display nothing changes (`NEXT[state]`) is left to the resolver, not held.
        const values = foldConstant(env, occurrence) ? [] : context.semantics.resolve(occurrence);
        if (values.length === 1 && values[0].kind === 'container' && values[0].node.type === 'dictionary' && context.semantics.dictUnchanged(values[0].node)) continue;
        // A list of the module may be changed through any other name for it (`steps = STEPS; steps += [1]`).
        const value = evaluate(occurrence);
        if (holdsList(value)) throw GIVE_UP;
        state.set(name, value);
      }
      else if (start.kind === 'param') {
        const value = params.get(name);
        if (value === undefined) throw GIVE_UP;
        // A dict passed in stays what `params` holds (it is never stored to); a constant is followed.
        if ('t' in value) state.set(name, value);
      }
      else state.set(name, evaluate(start.value!));
    }
    // Statements of the def before the loop that may leave it first (`if n < 2: return n`).
    if (fn) for (const s of codeChildren(loop.parent!)) {
      if (s.startIndex >= loop.startIndex) break;
      if (!exits(s)) continue;
      if (s.type !== 'if_statement' || s.childrenForFieldName('alternative').length) throw GIVE_UP;
      if (truth(s.childForFieldName('condition'))) return undefined;
    }
    const seen = new Map<string, number>();
    for (let pass = 1; pass <= MAX_PASSES; pass++) {
      if (!truth(condition)) return undefined;
      const key = stateText(state, shape.relevant, shape.followed);
      if (key === undefined) return undefined;
      const first = seen.get(key);
      // Named: what the loop changes, then what it only reads.
      const names = [...shape.relevant].sort((a, b) => Number(shape.written.has(b)) - Number(shape.written.has(a)));
      if (first !== undefined) return { first, again: pass, names: names.filter((n) => state.get(n) !== undefined).slice(0, 3) };
      seen.set(key, pass);
      if (block(body) === 'exit') return undefined;
    }
    return undefined;
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }

  function block(n: Node | null): Outcome {
    for (const s of codeChildren(n ?? body)) {
      switch (s.type) {
        case 'pass_statement':
          continue;
        case 'continue_statement':
          return 'continue';
        case 'break_statement':
        case 'return_statement':
        case 'raise_statement':
          return 'exit';
        case 'if_statement': {
          let outcome: Outcome | undefined;
          if (truth(s.childForFieldName('condition'))) outcome = block(s.childForFieldName('consequence'));
          else {
            for (const alt of s.childrenForFieldName('alternative')) {
              if (alt.type === 'elif_clause' && !truth(alt.childForFieldName('condition'))) continue;
              outcome = block(alt.childForFieldName(alt.type === 'elif_clause' ? 'consequence' : 'body'));
              break;
            }
          }
          if (outcome && outcome !== 'next') return outcome;
          continue;
        }
        case 'expression_statement': {
          const expr = codeChildren(s)[0];
          if (expr.type === 'call') {
            // `out.append(item)`: the item is made (it may raise); the container is not followed.
            quietValue(codeChildren(expr.childForFieldName('arguments') ?? expr)[0]);
            continue;
          }
          if (expr.type !== 'assignment' && expr.type !== 'augmented_assignment') throw GIVE_UP;
          const left = expr.childForFieldName('left')!;
          const targets = nameTargets(left);
          const names = targets.map((t) => normalizeIdentifier(t.text));
          // Every assignment is run, those to names nothing tests too: one that raises ends the loop.
          let value = evaluate(expr.childForFieldName('right'));
          if (expr.type === 'augmented_assignment') {
            const op = expr.childForFieldName('operator')?.text.slice(0, -1) ?? '';
            const old = state.get(names[0]);
            // `xs += ys` changes the list in place, which another name may hold.
            if (old?.t === 'seq' && old.kind === 'list') throw GIVE_UP;
            const next = old === undefined ? undefined : foldBinaryConstants(op, old, value);
            if (!next) throw GIVE_UP;
            value = next;
          }
          if (names.length === 1) state.set(names[0], value);
          else {
            if (value.t !== 'seq' || value.items.length !== names.length) throw GIVE_UP;
            names.forEach((name, i) => state.set(name, value.t === 'seq' ? value.items[i] : undefined));
          }
          continue;
        }
        default:
          throw GIVE_UP;
      }
    }
    return 'next';
  }
}

/**
 * The state as text, or undefined when it is too long to keep: the values of what the tests read,
 * and the kinds of the other names the run holds. Those keep changing (`steps += 1`) but, made
 * only by operations that cannot raise, can raise later only by changing kind (`t = u` after
 * `u = "x"`, then `t + 1`): a repetition counts only when their kinds repeat too.
 */
function stateText(state: Map<string, Const | undefined>, relevant: string[], followed: string[]): string | undefined {
  const parts: string[] = [];
  let length = 0;
  for (const name of relevant) {
    const text = constText(state.get(name));
    length += text.length;
    if (length > MAX_STATE_TEXT) return undefined;
    parts.push(text);
  }
  for (const name of followed) {
    if (relevant.includes(name)) continue;
    const c = state.get(name);
    parts.push(c ? (c.t === 'seq' ? c.kind : c.t) : '?');
  }
  return parts.join('\u0000');
}

function holdsList(c: Const): boolean {
  return c.t === 'seq' && (c.kind === 'list' || c.items.some(holdsList));
}

export function constText(c: Const | undefined): string {
  if (!c) return '?';
  switch (c.t) {
    case 'float': return `f${Object.is(c.v, -0) ? '-0' : String(c.v)}`;
    case 'int': return `i${c.v}`;
    case 'str': return `s${JSON.stringify(c.v)}`;
    case 'bool': return `b${c.v}`;
    case 'none': return 'n';
    case 'bytes': return `y${c.v.join(',')}`;
    case 'seq': return `${c.kind}[${c.items.map(constText).join(',')}]`;
    default: return `?${c.t}`;
  }
}

/** Where a start was bound: parameters first, then bindings in order; names bound only in the loop last. */
function position(start: Binding | 'inside' | 'outside'): number {
  if (start === 'inside') return Number.MAX_SAFE_INTEGER;
  if (start === 'outside') return -2;
  return start.kind === 'param' ? -1 : start.node.startIndex;
}

/** Whether a statement is or holds a `return` or `raise` (outside nested scopes). */
function exits(s: Node): boolean {
  const leaves = (n: Node): boolean => n.type === 'return_statement' || n.type === 'raise_statement';
  return leaves(s) || [...descendantsInScope(s)].some(leaves);
}

function statementOf(node: Node): Node | undefined {
  let n: Node | null = node;
  while (n && n.type !== 'expression_statement') n = n.parent;
  return n ?? undefined;
}

function within(node: Node, outer: Node): boolean {
  return node.startIndex >= outer.startIndex && node.endIndex <= outer.endIndex;
}

function insideDef(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition' || p.type === 'lambda' || p.type === 'class_definition') return true;
  return false;
}
