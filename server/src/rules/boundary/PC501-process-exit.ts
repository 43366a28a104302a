import type { Node } from '../../parser';
import { isBuiltinAllowed } from '../../policy/queries';
import { parameterIdentifier, patternClassName, positionalArguments } from '../../semantics/syntax';
import type { Rule, RuleContext } from '../types';
import type { Fix } from '../../engine/types';
import { bindingsVisibleAt, editOffsets, replaceNode } from '../../fixes';
import { denotationVisitor, describeAs } from '../shared/denotations';
import { codeChildren, enclosingDef, enclosingLoop, exceptTypes, loopExit, NESTED_SCOPES, truthiness } from '../resources/controlFlow';
import { isMemberAllowed } from './policyMembers';
import { iterationSize } from '../resources/iterables';
import { classOfMethod } from '../shared/methods';
import { plainClass } from '../resources/hookRecursion';
import { normalizeIdentifier } from '../../semantics';

/** Functions that end or interrupt the host process, and what each does. */
const EXITS: Record<string, string> = {
  'builtins.exit': 'raises SystemExit and ends the host process',
  'builtins.quit': 'raises SystemExit and ends the host process',
  'sys.exit': 'raises SystemExit and ends the host process',
  'os._exit': 'ends the host process at once, skipping its clean-up',
  'os.abort': 'kills the host process with SIGABRT',
  'posix._exit': 'ends the host process at once, skipping its clean-up',
  'posix.abort': 'kills the host process with SIGABRT',
  'nt._exit': 'ends the host process at once, skipping its clean-up',
  'nt.abort': 'kills the host process with SIGABRT',
  'thread.exit': 'raises SystemExit in the host thread',
  'thread.exit_thread': 'raises SystemExit in the host thread',
  'thread.interrupt_main': "raises KeyboardInterrupt in the host's main thread",
};

/**
 * Exceptions that pass through a host's `except Exception:` and stop it: raising them ends the
 * host's run; catching them (without re-raising) swallows the host's own timeout or Ctrl-C.
 */
const HOST_EXCEPTIONS = new Set([
  'builtins.SystemExit',
  'builtins.KeyboardInterrupt',
  'builtins.GeneratorExit',
  'builtins.BaseException',
  // A `BaseException` since Python 3.8: it cancels the host's task, and it is how `asyncio.timeout`
  // and `wait_for` stop a plugin coroutine.
  'asyncio.CancelledError',
  'asyncio.exceptions.CancelledError',
]);
const SWALLOWED = new Set(['builtins.BaseException', 'builtins.KeyboardInterrupt', 'builtins.SystemExit', 'builtins.GeneratorExit', 'asyncio.CancelledError', 'asyncio.exceptions.CancelledError']);

/** How far `raise e` is followed back through `e = SystemExit(1)` and `class Stop(SystemExit)`. */
const MAX_EXCEPTION_HOPS = 8;

/** The host-stopping exception classes an expression may be or instantiate, through aliases and subclasses. */
/** The items of the list, tuple or set display `holder` is (or names), to look at for exceptions. */
function pushItems(context: RuleContext, holder: Node | null, hops: number, work: [Node, number][]): void {
  if (!holder) return;
  const displays = holder.type === 'list' || holder.type === 'tuple' || holder.type === 'set' ? [holder] : context.semantics.resolve(holder).filter((v) => v.kind === 'container').map((v) => v.node);
  for (const display of displays) {
    // A dict's values (`{"quit": SystemExit}`), what `.get`/`.pop` hand back.
    if (display.type === 'dictionary') {
      for (const pair of codeChildren(display)) {
        const value = pair.type === 'pair' ? pair.childForFieldName('value') : null;
        if (value) work.push([value, hops + 1]);
      }
      continue;
    }
    for (const item of codeChildren(display)) work.push([item, hops + 1]);
  }
}

function hostExceptionsOf(context: RuleContext, expr: Node): string[] {
  const found = new Set<string>();
  const seen = new Set<number>();
  const work: [Node, number][] = [[expr, 0]];
  while (work.length) {
    const [node, hops] = work.pop()!;
    if (seen.has(node.id) || hops > MAX_EXCEPTION_HOPS) continue;
    seen.add(node.id);
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      if (!fn) continue;
      // `raise pending.pop()` of `pending = [SystemExit(9)]`, `errors.get(mode)(0)` of a dict of
      // classes: one of the items.
      if (fn.type === 'attribute' && ['pop', 'get', 'setdefault'].includes(fn.childForFieldName('attribute')?.text ?? '')) {
        pushItems(context, fn.childForFieldName('object'), hops, work);
        continue;
      }
      work.push([fn, hops + 1]);
      // `BaseExceptionGroup("x", [KeyboardInterrupt()])` is not an `Exception` when it holds one
      // that is not: it passes `except Exception:` too.
      const [, members] = positionalArguments(node);
      if (members && (members.type === 'list' || members.type === 'tuple') && context.semantics.qualifiedNames(fn).includes('builtins.BaseExceptionGroup')) {
        for (const m of codeChildren(members)) work.push([m, hops + 1]);
      }
      // `type("Stop", (SystemExit,), {})` makes a subclass on the fly.
      const args = positionalArguments(node);
      if (args.length === 3 && context.semantics.qualifiedNames(fn).includes('builtins.type') && args[1].type === 'tuple') {
        for (const base of codeChildren(args[1])) work.push([base, hops + 1]);
      }
      // `raise make()` where `make` returns `Halt()` of `class Halt(BaseException)`.
      for (const v of context.semantics.resolve(node)) if (v.kind === 'instance' || v.kind === 'class') pushBases(v.node, hops, work);
      continue;
    }
    if (node.type === 'parenthesized_expression') {
      for (const c of codeChildren(node)) work.push([c, hops + 1]);
      continue;
    }
    if (node.type === 'subscript') pushItems(context, node.childForFieldName('value'), hops, work);
    for (const v of context.semantics.resolve(node)) {
      if (v.kind === 'qname' && HOST_EXCEPTIONS.has(v.name)) found.add(v.name.replace(/^builtins\./, ''));
      if (v.kind === 'class') pushBases(v.node, hops, work);
    }
    // `e = KeyboardInterrupt()` resolves to an unknown instance; follow the binding to its call.
    if (node.type === 'identifier') {
      for (const b of context.semantics.bindingsOf(node)) {
        if (b.value) work.push([b.value, hops + 1]);
        // `for stop in (SystemExit(),): raise stop`: an item of what the loop runs over.
        else if (b.elementOf && !b.subjectPath) pushItems(context, b.elementOf, hops, work);
      }
    }
  }
  return [...found];
}

/** The base-class expressions of a class statement of the file, to follow next. */
function pushBases(cls: Node, hops: number, work: [Node, number][]): void {
  const bases = cls.childForFieldName('superclasses');
  for (const base of bases ? codeChildren(bases) : []) if (base.type !== 'keyword_argument') work.push([base, hops + 1]);
}

/**
 * The exception types an `except` clause names, or `[]` for a bare `except:`. A tuple the clause
 * gets from elsewhere (`except swallow():` where `swallow` returns `(ValueError, BaseException)`,
 * `except IGNORED:` of a tuple bound once) gives its elements.
 */
function caughtTypes(context: RuleContext, clause: Node): Node[] | undefined {
  const items = exceptTypes(clause);
  if (items === 'bare') return [];
  if (items === null) return undefined;
  const type = items.length === 1 ? items[0] : undefined;
  if (!type || type.parent?.type === 'tuple' || type.parent?.type === 'parenthesized_expression') return items;
  const out = [type];
  for (const v of context.semantics.resolve(type)) {
    if (v.kind === 'container' && (v.node.type === 'tuple' || v.node.type === 'list')) out.push(...codeChildren(v.node));
  }
  return out;
}

/** Builtin exception classes that derive from `Exception`: an interrupt is none of them. */
const ORDINARY_EXCEPTIONS = new Set(['Exception', 'ArithmeticError', 'AssertionError', 'AttributeError', 'EOFError', 'ImportError', 'IndexError', 'KeyError', 'LookupError', 'MemoryError', 'NameError', 'OSError', 'RuntimeError', 'StopIteration', 'TypeError', 'UnicodeError', 'ValueError', 'ZeroDivisionError', 'ConnectionError', 'TimeoutError', 'FileNotFoundError', 'NotImplementedError', 'RecursionError', 'OverflowError'].map((n) => `builtins.${n}`));

/** `isinstance(x, ValueError)`, `isinstance(x, (KeyError, TypeError))`: a test true only for ordinary exceptions. */
function onlyOrdinaryExceptions(context: RuleContext, condition: Node | null): boolean {
  if (condition?.type !== 'call') return false;
  const fn = condition.childForFieldName('function');
  const args = positionalArguments(condition);
  if (!fn || args.length !== 2 || !context.semantics.qualifiedNames(fn).includes('builtins.isinstance')) return false;
  const types = args[1].type === 'tuple' ? codeChildren(args[1]) : [args[1]];
  return types.length > 0 && types.every((t) => {
    const names = context.semantics.qualifiedNames(t);
    return names.length > 0 && names.every((q) => ORDINARY_EXCEPTIONS.has(q));
  });
}

/**
 * Whether a `while` loop changes a name its condition reads before the `try` the handler belongs
 * to, on every pass (`attempt += 1` then `try:`): a bounded retry, which ends whatever the handler
 * swallows. `done += 1` after the `try` is skipped by the handler's `continue`.
 */
function progressesBeforeTry(loop: Node, clause: Node): boolean {
  const condition = loop.childForFieldName('condition');
  const body = loop.childForFieldName('body');
  if (!condition || !body) return false;
  const read = new Set<string>();
  const stack = [condition];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'identifier' || n.type === 'attribute') read.add(n.text);
    if (n.type !== 'attribute') stack.push(...codeChildren(n));
  }
  for (const statement of codeChildren(body)) {
    // The statement that holds the handler: nothing after it runs once the handler continues.
    if (statement.startIndex <= clause.startIndex && clause.endIndex <= statement.endIndex) return false;
    const assigned = statement.type === 'expression_statement' ? codeChildren(statement)[0] : undefined;
    const target = assigned?.type === 'assignment' || assigned?.type === 'augmented_assignment' ? assigned.childForFieldName('left') : undefined;
    if (target && read.has(target.text)) return true;
  }
  return false;
}

/**
 * For a `continue` in a `finally`: whether the loop moves on even when what the `try` calls keeps
 * failing — its condition steps itself (`while (line := read()):`), the `try` first takes an item
 * off a name of the condition with nothing else called (`item = queue.pop()`), or the `finally`
 * changes one before the `continue` (`i += 1`).
 */
function progressesAnyway(loop: Node, finallyClause: Node, cont: Node): boolean {
  const condition = loop.childForFieldName('condition');
  if (!condition) return false;
  const names = new Set<string>();
  const stack: Node[] = [condition];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'named_expression') return true;
    if (n.type === 'identifier') names.add(n.text);
    stack.push(...codeChildren(n));
  }
  // `queue.pop()`: a method of a condition's name, given nothing that calls.
  const takes = (expr: Node | null | undefined): boolean => {
    if (expr?.type !== 'call') return false;
    const fn = expr.childForFieldName('function');
    const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
    const args = codeChildren(expr.childForFieldName('arguments') ?? expr);
    return object?.type === 'identifier' && names.has(object.text) && args.every((a) => a.type !== 'call');
  };
  const changes = (statement: Node | undefined): boolean => {
    const expr = statement?.type === 'expression_statement' ? codeChildren(statement)[0] : undefined;
    if (!expr) return false;
    if (expr.type === 'assignment' || expr.type === 'augmented_assignment') {
      const left = expr.childForFieldName('left');
      if (left?.type === 'identifier' && names.has(left.text)) return true;
      return expr.type === 'assignment' && takes(expr.childForFieldName('right'));
    }
    return takes(expr);
  };
  const tryStatement = finallyClause.parent;
  const first = tryStatement?.childForFieldName('body') ? codeChildren(tryStatement.childForFieldName('body')!)[0] : undefined;
  if (changes(first)) return true;
  const block = codeChildren(finallyClause).find((c) => c.type === 'block');
  for (const statement of block ? codeChildren(block) : []) {
    if (statement.startIndex >= cont.startIndex) break;
    if (changes(statement)) return true;
  }
  return false;
}

/** A `yield` a handler's own block (or a `try`'s body) runs, not one of a function or class defined in it. */
function yieldIn(part: Node): Node | undefined {
  const stack = part.type === 'block' ? [part] : codeChildren(part).filter((c) => c.type === 'block');
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'yield') return n;
    if (!NESTED_SCOPES.has(n.type)) stack.push(...codeChildren(n));
  }
  return undefined;
}

/**
 * The `return` statements of a `finally` block, and its `break` statements that leave a loop
 * around the `try` (not one of a loop inside the `finally`); not in nested functions.
 */
function jumpsOutOfFinally(clause: Node): Node[] {
  const out: Node[] = [];
  const stack: [Node, boolean][] = codeChildren(clause).filter((c) => c.type === 'block').map((b) => [b, false]);
  while (stack.length) {
    const [n, inLoop] = stack.pop()!;
    if (n.type === 'return_statement' || (n.type === 'break_statement' && !inLoop)) out.push(n);
    if (NESTED_SCOPES.has(n.type)) continue;
    const loop = n.type === 'for_statement' || n.type === 'while_statement';
    for (const c of codeChildren(n)) stack.push([c, inLoop || (loop && c.type !== 'else_clause')]);
  }
  return out.sort((a, b) => a.startIndex - b.startIndex);
}

/**
 * A call of the function the handler is in, as a statement of the handler's own block or the
 * value of its `return` (`return run(job)`): run whenever the handler runs.
 */
function rerunInHandler(context: RuleContext, clause: Node): Node | undefined {
  const fn = enclosingDef(clause);
  if (!fn) return undefined;
  const block = codeChildren(clause).find((c) => c.type === 'block');
  for (const statement of block ? codeChildren(block) : []) {
    let value = statement.type === 'return_statement' || statement.type === 'expression_statement' ? codeChildren(statement)[0] : undefined;
    if (value?.type === 'await') value = codeChildren(value)[0];
    const callee = value?.type === 'call' ? value.childForFieldName('function') : undefined;
    if (callee?.type === 'identifier' && context.semantics.resolve(callee).some((v) => v.kind === 'function' && v.node.id === fn.id)) return value;
  }
  return undefined;
}

/** The name a call is made by (`run` of `run(job)`). */
function shortName(call: Node): string {
  return call.childForFieldName('function')?.text ?? 'it';
}

/**
 * Whether a wide handler yields whatever it caught: it does not sort what it caught by type
 * (`isinstance`, `issubclass`, `type(...)`, `match`), and no `raise` or `return` comes before its
 * first `yield` (`if isinstance(e, GeneratorExit): return`, `raise` first).
 */
function plainHandler(clause: Node, firstYield: Node): boolean {
  const stack = codeChildren(clause).filter((c) => c.type === 'block');
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'match_statement') return false;
    if ((n.type === 'raise_statement' || n.type === 'return_statement') && n.startIndex < firstYield.startIndex) return false;
    if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      if (fn?.type === 'identifier' && ['isinstance', 'issubclass', 'type'].includes(fn.text)) return false;
    }
    if (!NESTED_SCOPES.has(n.type)) stack.push(...codeChildren(n));
  }
  return true;
}

/** The qualified names a class written in a `case` pattern denotes (`asyncio.CancelledError()`: its first name's, and the rest of the dots). */
function patternClassNames(context: RuleContext, dotted: Node): string[] {
  const [first, ...rest] = codeChildren(dotted).filter((c) => c.type === 'identifier');
  if (!first) return [];
  return context.semantics.qualifiedNames(first).map((q) => [q, ...rest.map((r) => normalizeIdentifier(r.text))].join('.'));
}

/** Whether a class written in a `case` pattern names a host interrupt. */
function namesInterrupt(context: RuleContext, dotted: Node): boolean {
  return patternClassNames(context, dotted).some((q) => SWALLOWED.has(q));
}

/** Whether a type expression of an `isinstance` or `type(x) is` test names a host interrupt (`KeyboardInterrupt | SystemExit` too). */
function typeNamesInterrupt(context: RuleContext, types: Node): boolean {
  const stack = [types];
  while (stack.length) {
    const t = stack.pop()!;
    if (t.type === 'tuple' || t.type === 'parenthesized_expression' || (t.type === 'binary_operator' && t.childForFieldName('operator')?.text === '|')) {
      stack.push(...codeChildren(t));
      continue;
    }
    if (context.semantics.qualifiedNames(t).some((q) => SWALLOWED.has(q))) return true;
  }
  return false;
}

/** Whether a test picks the host's interrupt itself: `isinstance(exc, KeyboardInterrupt)`, `type(exc) is SystemExit`. */
function testsForInterrupt(context: RuleContext, test: Node | null): boolean {
  if (test?.type === 'call') {
    const fn = test.childForFieldName('function');
    const args = positionalArguments(test);
    return !!fn && args.length === 2 && context.semantics.qualifiedNames(fn).includes('builtins.isinstance') && typeNamesInterrupt(context, args[1]);
  }
  if (test?.type === 'comparison_operator') {
    const operators = test.childrenForFieldName('operators').map((o) => o?.text.replace(/\s+/g, ' '));
    const operands = codeChildren(test);
    if (operands.length !== 2 || (operators[0] !== 'is' && operators[0] !== '==')) return false;
    const isTypeOf = (n: Node): boolean => n.type === 'call' && context.semantics.qualifiedNames(n.childForFieldName('function')!).includes('builtins.type');
    return (isTypeOf(operands[0]) && typeNamesInterrupt(context, operands[1])) || (isTypeOf(operands[1]) && typeNamesInterrupt(context, operands[0]));
  }
  return false;
}

/** The classes a case pattern names (`case A() | B():`), or undefined when it matches anything else too (`case _:`, a capture). */
function caseClasses(pattern: Node): Node[] | undefined {
  const out: Node[] = [];
  const stack = [pattern];
  while (stack.length) {
    const p = stack.pop()!;
    if (p.type === 'class_pattern') {
      const cls = patternClassName(p);
      if (!cls) return undefined;
      out.push(cls);
    } else if (p.type === 'case_pattern' || p.type === 'union_pattern' || p.type === 'as_pattern') {
      const children = codeChildren(p).filter((c) => !(p.type === 'as_pattern' && c.type === 'identifier'));
      if (children.length === 0) return undefined;
      stack.push(...children);
    } else return undefined;
  }
  return out;
}

/**
 * The blocks of a handler that run for the host's interrupt itself and then send the loop on
 * with a `continue`: an `if` (or `elif`) testing for one (`isinstance(exc, KeyboardInterrupt)`,
 * `type(exc) is SystemExit`), a `case` whose class pattern names one (`case CancelledError() |
 * KeyboardInterrupt():`), or a `case _:` after cases that name only ordinary exceptions. Such a
 * block that neither raises nor leaves swallows the interrupt whatever else the handler does.
 * One that falls through (`print("cancelled")` before a `raise` after the `if`) is the rest of the
 * handler's to judge.
 */
function interruptBlocks(context: RuleContext, n: Node): Node[] {
  const continues = (block: Node | null | undefined): block is Node => {
    const last = block ? codeChildren(block).at(-1) : undefined;
    return last?.type === 'continue_statement';
  };
  const out: Node[] = [];
  if (n.type === 'if_statement' || n.type === 'elif_clause') {
    const consequence = n.childForFieldName('consequence');
    if (continues(consequence) && testsForInterrupt(context, n.childForFieldName('condition'))) out.push(consequence);
  } else if (n.type === 'match_statement') {
    const body = n.childForFieldName('body') ?? codeChildren(n).find((c) => c.type === 'block');
    let ordinaryBefore = true;
    for (const clause of body ? codeChildren(body) : []) {
      if (clause.type !== 'case_clause') continue;
      const block = clause.childForFieldName('consequence') ?? codeChildren(clause).find((c) => c.type === 'block');
      const patterns = codeChildren(clause).filter((c) => c.type === 'case_pattern');
      const classes = patterns.length === 1 ? caseClasses(patterns[0]) : undefined;
      const named = classes?.some((cls) => namesInterrupt(context, cls)) ?? false;
      // A wildcard or capture without a guard takes whatever the cases before it left.
      const catchAll = classes === undefined && !clause.childForFieldName('guard');
      if (continues(block) && (named || (catchAll && ordinaryBefore))) out.push(block);
      if (!classes || !classes.every((cls) => namesOrdinary(context, cls))) ordinaryBefore = false;
    }
  }
  return out;
}

/** Whether a class written in a `case` pattern is a builtin exception derived from `Exception`. */
function namesOrdinary(context: RuleContext, dotted: Node): boolean {
  const names = patternClassNames(context, dotted);
  return names.length > 0 && names.every((q) => ORDINARY_EXCEPTIONS.has(q));
}

/**
 * True when a handler lets the interrupt end the loop: a `raise` (re-raise or another
 * exception), a `return`, or a `break` of the loop itself (not of a loop nested in the handler) —
 * unless a branch chosen for the interrupt itself (`interruptBlocks`) sends the loop on first.
 */
function leavesLoop(context: RuleContext, clause: Node): boolean {
  // `case CancelledError(): continue` next to a `case _: raise`: whatever else the handler does,
  // the interrupt itself is swallowed.
  const branches = [...codeChildren(clause)];
  while (branches.length) {
    const n = branches.pop()!;
    if (NESTED_SCOPES.has(n.type) || n.type === 'while_statement' || n.type === 'for_statement') continue;
    if (interruptBlocks(context, n).some((block) => !leavesLoop(context, block))) return false;
    branches.push(...codeChildren(n));
  }
  const stack: [Node, boolean][] = codeChildren(clause).map((c) => [c, false]);
  while (stack.length) {
    const [n, nested] = stack.pop()!;
    if (n.type === 'raise_statement' || n.type === 'return_statement') return true;
    if (n.type === 'break_statement' && !nested) return true;
    if (NESTED_SCOPES.has(n.type)) continue;
    // `if isinstance(exc, ValueError): raise`: only that ordinary exception leaves; the host's
    // interrupt goes on to the rest of the handler.
    if (n.type === 'if_statement' && onlyOrdinaryExceptions(context, n.childForFieldName('condition'))) {
      for (const c of codeChildren(n)) if (c.type === 'elif_clause' || c.type === 'else_clause') stack.push([c, nested]);
      continue;
    }
    const inLoop = nested || n.type === 'while_statement' || n.type === 'for_statement';
    for (const c of codeChildren(n)) stack.push([c, inLoop && c.type !== 'else_clause' ? true : nested]);
  }
  return false;
}

/** An `__exit__` with its parameters by position, read once for `trueWhenRaised`. */
interface ExitHook {
  def: Node;
  /** Whether the parameter at a position is `*exc` (typed or not). */
  starred(at: number): boolean;
  /** The position of the parameter a name is, when the hook binds it nowhere else; -1 otherwise. */
  parameterAt(n: Node): number;
}

function exitHook(context: RuleContext, def: Node): ExitHook {
  // The parameters by position (`self, exc_type, exc, tb`), not the `/` and `*` markers.
  const params = codeChildren(def.childForFieldName('parameters') ?? def).filter((p) => p.type !== 'positional_separator' && p.type !== 'keyword_separator');
  const own = (p: Node): Node | undefined => (p.type === 'list_splat_pattern' ? codeChildren(p)[0] : (parameterIdentifier(p) ?? undefined));
  return {
    def,
    starred: (at) => params[at]?.type === 'list_splat_pattern' || (params[at]?.type === 'typed_parameter' && codeChildren(params[at])[0]?.type === 'list_splat_pattern'),
    // Only the parameter itself, bound nowhere else in the hook (`exc = None` for some errors).
    parameterAt: (n) => {
      if (n.type !== 'identifier') return -1;
      const bindings = context.semantics.bindingsOf(n);
      if (bindings.length !== 1 || bindings[0].kind !== 'param') return -1;
      return params.findIndex((p) => own(p)?.id === bindings[0].node.id);
    },
  };
}

/**
 * What an `__exit__` returns while an exception is in flight (then its type and value are not
 * None): a true constant; `self` of a plain class (no base, no `__bool__`/`__len__`); `*exc`, a
 * tuple of three; `exc_type is not None`; `issubclass(exc_type, BaseException)` and
 * `isinstance(exc, BaseException)`; and `and`/`or`/`not` of those. With `kind`, the exception in
 * flight is that one (`KeyboardInterrupt`): a test of it is true, a test of ordinary builtin errors
 * false. Undefined for anything else.
 */
function trueWhenRaised(context: RuleContext, hook: ExitHook, value: Node | undefined, depth = 0, kind?: string): boolean | undefined {
  if (!value || depth > 16) return undefined;
  const known = truthiness(context, value);
  if (known !== undefined) return known;
  const { starred, parameterAt } = hook;
  const parts = codeChildren(value);
  switch (value.type) {
    case 'parenthesized_expression':
      return parts.length === 1 ? trueWhenRaised(context, hook, parts[0], depth + 1, kind) : undefined;
    case 'not_operator': {
      const inner = trueWhenRaised(context, hook, value.childForFieldName('argument') ?? undefined, depth + 1, kind);
      return inner === undefined ? undefined : !inner;
    }
    case 'boolean_operator': {
      const left = trueWhenRaised(context, hook, value.childForFieldName('left') ?? undefined, depth + 1, kind);
      const right = trueWhenRaised(context, hook, value.childForFieldName('right') ?? undefined, depth + 1, kind);
      const and = value.childForFieldName('operator')?.type === 'and';
      if (and) return left === false || right === false ? false : left && right;
      return left === true || right === true ? true : left === false && right === false ? false : undefined;
    }
    case 'identifier': {
      const at = parameterAt(value);
      // `*exc` from the type on (a tuple of at least one item); the type or the exception itself.
      if (at > 0 && at <= 3 && starred(at)) return true;
      if ((at === 1 || at === 2) && !starred(at)) return true;
      if (at !== 0) return undefined;
      const cls = classOfMethod(hook.def);
      const scope = cls ? context.semantics.scopeOfDefinition(cls) : undefined;
      // A base, a decorator or a subclass of the file may give its objects a truth of their own.
      return cls && scope && plainClass(context, cls) && !scope.bindings.has('__bool__') && !scope.bindings.has('__len__') && !context.semantics.subclassesInFile(cls).length ? true : undefined;
    }
    case 'comparison_operator': {
      // `exc_type is not None`, `exc is None`.
      const operators = value.children.filter((c) => !c.isNamed).map((c) => c.type);
      if (parts.length !== 2 || parts[1].type !== 'none' || operators.length !== 1) return undefined;
      const at = parameterAt(parts[0]);
      if ((at !== 1 && at !== 2) || starred(at)) return undefined;
      return operators[0] === 'is not' || operators[0] === '!=' ? true : operators[0] === 'is' || operators[0] === '==' ? false : undefined;
    }
    case 'call': {
      const fn = value.childForFieldName('function');
      const args = positionalArguments(value);
      const names = fn ? context.semantics.qualifiedNames(fn) : [];
      // `bool(exc_type)`: the truth of its argument.
      if (names.includes('builtins.bool') && args.length === 1) return trueWhenRaised(context, hook, args[0], depth + 1, kind);
      const checks = names.includes('builtins.issubclass') ? 1 : names.includes('builtins.isinstance') ? 2 : 0;
      if (!checks || args.length !== 2 || parameterAt(args[0]) !== checks || starred(checks)) return undefined;
      const types = args[1].type === 'tuple' ? codeChildren(args[1]) : [args[1]];
      const names2 = types.map((t) => context.semantics.qualifiedNames(t));
      if (names2.some((ns) => ns.some((q) => q === 'builtins.BaseException' || q === 'builtins.object' || (kind !== undefined && q === `builtins.${kind}`)))) return true;
      // Assuming the host's interrupt: a test of ordinary builtin errors alone is false.
      return kind !== undefined && names2.every((ns) => ns.length > 0 && ns.every((q) => q.startsWith('builtins.') && !HOST_EXCEPTIONS.has(q) && q !== 'builtins.BaseExceptionGroup')) ? false : undefined;
    }
    case 'conditional_expression': {
      // `True if exc_type else False`: the branch the test takes, or both when they agree.
      const [then, test, otherwise] = parts;
      const t = trueWhenRaised(context, hook, test, depth + 1, kind);
      const a = trueWhenRaised(context, hook, then, depth + 1, kind);
      const b = trueWhenRaised(context, hook, otherwise, depth + 1, kind);
      return t === true ? a : t === false ? b : a !== undefined && a === b ? a : undefined;
    }
  }
  return undefined;
}

export const processExit: Rule = {
  meta: {
    code: 'PC501',
    name: 'process-exit',
    summary: 'Ends or interrupts the host process, or swallows the host\'s interrupt inside a loop',
    defaultSeverity: 'error',
    docs: {
      what: [
        '- **Exits**: `exit`, `quit`, `sys.exit`, `os._exit`, `os.abort` (and their `posix`/`nt` twins), `_thread.exit`, `_thread.interrupt_main`, through any alias (`from sys import exit as bye`, `getattr(__import__("sys"), "exit")`). `os.kill`/`os.killpg` are PC502\'s.',
        '- **Raising the host\'s exceptions**: `SystemExit`, `KeyboardInterrupt`, `GeneratorExit`, `BaseException`, `asyncio.CancelledError` — directly, through a variable, a subclass, a function of the file (`raise make()`), a display (`raise stops[0]`, `raise pending.pop()`), a `BaseExceptionGroup`, `gen.throw(SystemExit)`, `fut.set_exception(SystemExit(0))`, or Python 2\'s `raise SystemExit, 1`.',
        '- **Swallowing the host\'s interrupt in a loop**: `except BaseException:`, `KeyboardInterrupt`, `SystemExit`, `GeneratorExit`, `asyncio.CancelledError` or bare `except:` (also a tuple of types from a name or a function of the file) inside an endless loop (`while True`, a `for` over `itertools.count()` or `iter(int, 1)`) that neither re-raises nor leaves the loop — not when it only acts under a test for ordinary errors (`isinstance(exc, ValueError)`), nor when the branch for the host\'s interrupt itself continues; and such a handler naming its type whose block ends in `continue` in any `while` whose condition nothing before the `try` steps (`attempt += 1` then `try:` is a bounded retry).',
        '- **`continue` in a `finally`** inside an endless loop, or a `while` that changes no name of its condition before the `try`, first in it, or in the `finally` before the `continue`, and whose condition steps nothing itself.',
        '- **Refusing `close()`**: a generator whose handler of `GeneratorExit` (or of everything, not sorted by type) yields again, or whose `finally` yields.',
        '- **Discarding or restarting**: `return`, or a `break` of a loop around the `try`, in a `finally` (the exception in flight is thrown away); a handler of the host\'s exceptions that calls its own function again (`except BaseException: return run(job)`); an `__exit__` that is true for `KeyboardInterrupt` or `SystemExit`.',
        '- **Swallowing everything**: an `__exit__`/`__aexit__` that raises nothing and whose every `return` is true while an exception is in flight, one of them unconditional: a true constant, `self` of a plain class, `*exc`, `exc_type`, `exc_type is not None`, `issubclass(exc_type, BaseException)`.',
      ].join('\n'),
      why:
        'The PyCon 2014 talk lists "disabling/quitting/erroring out of the sandbox" among the threats: a plugin that calls `os._exit(1)` takes the host down with it, and one that raises `SystemExit` or `KeyboardInterrupt` goes straight through the host\'s `except Exception:` guard. ' +
        'Hosts stop a runaway plugin by raising into it (a signal handler, `interrupt_main`, a timeout exception derived from `BaseException`); a retry loop with a bare `except:` swallows that and keeps going, so the plugin cannot be stopped. ' +
        'A `continue` in a `finally` throws away whatever exception is in flight, the host\'s too: in a loop that has not stepped towards its end (`while len(results) < 10: try: results.append(fetch()) finally: continue`) it retries for ever while `fetch` fails. ' +
        'Outside an endless loop such a handler only delays the interrupt until the code ends by itself, so it is not reported (the corpus labels `except BaseException: log(...)` alone debatable-safe), unless it names the host\'s exception and sends a `while` loop on with `continue` before the loop stepped its condition. An `__exit__` that swallows everything is reported anywhere: every `with` block it guards, the host\'s own included, swallows the interrupt.',
      example: 'import sys\nsys.exit("bye")\n\ndef stop():\n    raise KeyboardInterrupt\n\nwhile True:\n    try:\n        work()\n    except BaseException:\n        continue',
      instead: 'Return a value or raise an ordinary `Exception` subclass; catch `Exception`, not `BaseException`, or re-raise with `raise` after logging.',
      fixSafety: 'A bare `except:` or `except BaseException:` handler is rewritten to `except Exception:` (safe: every ordinary error is still caught; only the host\'s interrupt now gets through). Not offered for `except KeyboardInterrupt:`, tuples of types, or where the plugin defines its own `Exception`.',
    },
  },
  create(context) {
    const { policy } = context;
    const visitor = denotationVisitor(context, (value, node) => {
      const effect = EXITS[value.name];
      if (!effect || isMemberAllowed(policy, value.name)) return undefined;
      if (value.name.startsWith('builtins.') && isBuiltinAllowed(policy, value.name.slice('builtins.'.length))) return undefined;
      return `${describeAs(value.name.replace(/^builtins\./, ''), node)} ${effect}; not allowed by policy '${policy.name}'`;
    });
    /**
     * The nearest loop around `node` that ends by itself never: `while True`, `while 1`, `for` over
     * an endless iterator (`itertools.count()`, `iter(int, 1)`); a finite `for` inside `while True`
     * runs again and again.
     */
    const endlessLoopAround = (node: Node): Node | undefined => {
      for (let at = enclosingLoop(node); at; at = enclosingLoop(at)) {
        const endless =
          at.type === 'while_statement'
            ? truthiness(context, at.childForFieldName('condition')) === true
            : iterationSize(context, at.childForFieldName('right') ?? at)?.endless === true;
        if (endless) return at;
      }
      return undefined;
    };
    return {
      ...visitor,
      raise_statement(node) {
        const raised = codeChildren(node).find((c) => c.type !== 'comment');
        // `raise SystemExit, 1` (Python 2) parses as an expression list: the class comes first.
        const expr = raised?.type === 'expression_list' ? codeChildren(raised)[0] : raised;
        if (!expr) return;
        const classes = hostExceptionsOf(context, expr);
        if (!classes.length) return;
        const shown = classes.includes('SystemExit') ? 'SystemExit' : classes.sort()[0];
        context.report({
          node,
          message: `raising ${describeAs(shown, lastNameNode(expr))} passes through the host's 'except Exception' and stops it; not allowed by policy '${policy.name}'`,
        });
      },
      call(node) {
        // `gen.throw(SystemExit)`, `coro.throw(KeyboardInterrupt())`: raised where the generator is suspended.
        const fn = node.childForFieldName('function');
        const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
        if (method !== 'throw' && method !== 'athrow' && method !== 'set_exception') return;
        const [thrown] = positionalArguments(node);
        const classes = thrown ? hostExceptionsOf(context, thrown) : [];
        if (!classes.length) return;
        const shown = classes.includes('SystemExit') ? 'SystemExit' : classes.sort()[0];
        context.report({
          node,
          message: method === 'set_exception'
            ? `setting ${describeAs(shown, lastNameNode(thrown))} on a future raises it in whatever awaits it, past the host's 'except Exception' (asyncio lets it out of the event loop) and stops it; not allowed by policy '${policy.name}'`
            : `throwing ${describeAs(shown, lastNameNode(thrown))} into a generator raises it past the host's 'except Exception' and stops it; not allowed by policy '${policy.name}'`,
        });
      },
      // `try: yield row` / `finally: yield "bye"`: closed at the first yield, it yields again.
      finally_clause(node) {
        // `finally: return None`: the exception in flight, whatever it is, is thrown away and
        // the function returns as if nothing happened (PEP 765; flake8-bugbear's B012). A
        // `break` of a loop around the `try` does the same.
        for (const jump of jumpsOutOfFinally(node)) {
          const what = jump.type === 'return_statement' ? 'return' : 'break';
          context.report({ node: jump, message: `'${what}' in a 'finally' discards any exception in flight, the host's KeyboardInterrupt and SystemExit too, and the code goes on; not allowed by policy '${policy.name}'` });
        }
        const tryBody = node.parent?.type === 'try_statement' ? node.parent.childForFieldName('body') : null;
        const yielded = tryBody && yieldIn(tryBody) ? yieldIn(node) : undefined;
        if (!yielded) return;
        context.report({
          node: yielded,
          message: `'finally' yields after a 'try' that yields: the generator refuses the host's close(), which then raises RuntimeError instead of closing it; not allowed by policy '${policy.name}'`,
        });
      },
      // `while True: try: ... finally: continue`: the `continue` throws away whatever is in flight,
      // the host's KeyboardInterrupt and SystemExit too, and the loop goes on.
      continue_statement(node) {
        const loop = enclosingLoop(node);
        let finallyClause: Node | undefined;
        for (let p = node.parent; p && p !== loop && !finallyClause; p = p.parent) if (p.type === 'finally_clause') finallyClause = p;
        if (!loop || !finallyClause) return;
        if (endlessLoopAround(node)) {
          context.report({ node, message: `'continue' in a 'finally' inside an endless loop discards any exception in flight, the host's KeyboardInterrupt and SystemExit too, and keeps looping; not allowed by policy '${policy.name}'` });
          return;
        }
        // In any `while` that changes no name of its condition before the `try`, as for a
        // handler of the host's exception that ends in `continue`: while whatever the `try` does
        // keeps failing, the loop retries for ever and the host cannot interrupt it.
        if (loop.type !== 'while_statement' || progressesBeforeTry(loop, finallyClause) || progressesAnyway(loop, finallyClause, node)) return;
        context.report({ node, message: `'continue' in a 'finally' discards any exception in flight, the host's KeyboardInterrupt and SystemExit too, and the 'while' loop goes on; not allowed by policy '${policy.name}'` });
      },
      // `def __exit__(self, *exc): return True`: the `with` block swallows whatever is raised in it.
      function_definition(node) {
        const name = normalizeIdentifier(node.childForFieldName('name')?.text ?? '');
        if ((name !== '__exit__' && name !== '__aexit__') || !classOfMethod(node)) return;
        const body = node.childForFieldName('body');
        const returns: Node[] = [];
        let raises = false;
        const stack = body ? [body] : [];
        while (stack.length) {
          const n = stack.pop()!;
          if (n.type === 'return_statement') returns.push(n);
          else if (n.type === 'raise_statement') raises = true;
          else if (!NESTED_SCOPES.has(n.type)) stack.push(...codeChildren(n));
        }
        // Every return hands back a true constant, and one is reached whatever was raised; no
        // `raise` lets anything through (`if not issubclass(et, Exception): raise e`).
        const unconditional = returns.find((r) => r.parent?.id === body?.id);
        if (!unconditional || raises) return;
        const hook = exitHook(context, node);
        if (returns.every((r) => trueWhenRaised(context, hook, codeChildren(r)[0]) === true)) {
          context.report({
            node: unconditional,
            message: `'${name}' returns a true value whatever was raised: the 'with' block swallows every exception, the host's KeyboardInterrupt, SystemExit and cancellation too; not allowed by policy '${policy.name}'`,
          });
          return;
        }
        // `return issubclass(exc_type, KeyboardInterrupt)`: true for exactly what the host raises to stop it.
        const swallowed = ['KeyboardInterrupt', 'SystemExit'].find((kind) => returns.every((r) => trueWhenRaised(context, hook, codeChildren(r)[0], 0, kind) === true));
        if (swallowed) context.report({ node: unconditional, message: `'${name}' returns a true value when the host's ${swallowed} is raised: the 'with' block swallows it; not allowed by policy '${policy.name}'` });
      },
      except_clause(node) {
        const types = caughtTypes(context, node);
        if (!types) return;
        let caught: string | undefined;
        if (types.length === 0) caught = "bare 'except:'";
        else {
          for (const t of types) {
            const q = context.semantics.qualifiedNames(t).find((n) => SWALLOWED.has(n));
            if (q) {
              caught = `'except ${q.replace(/^builtins\./, '')}'`;
              break;
            }
          }
        }
        if (!caught) return;
        // A handler of the generator's close() that yields again (`except GeneratorExit: yield
        // "still here"`): the host's close() gets RuntimeError instead of a closed generator,
        // wherever the `try` is and whatever follows. Only a `try` that yields can be closed
        // (GeneratorExit comes in at a suspended `yield`). The handler names GeneratorExit (also
        // in a tuple), or is a bare `except:` or `except BaseException:` that does not sort what
        // it caught nor raise or return before it yields (`plainHandler`).
        const tryBody = node.parent?.type === 'try_statement' ? node.parent.childForFieldName('body') : null;
        const names = types.map((t) => context.semantics.qualifiedNames(t));
        const named = names.some((q) => q.includes('builtins.GeneratorExit'));
        const wide = types.length === 0 || names.some((q) => q.includes('builtins.BaseException'));
        const handlerYield = yieldIn(node);
        const closable = tryBody && handlerYield && (named || (wide && plainHandler(node, handlerYield))) && yieldIn(tryBody);
        if (closable) {
          const header = types.length ? node.childrenForFieldName('value')[0] : node.child(0);
          const shown = named ? "'except GeneratorExit'" : caught;
          context.report({
            range: { start: context.rangeOf(node).start, end: context.rangeOf(header ?? node).end },
            message: `${shown} handler yields again: the generator refuses the host's close(), which then raises RuntimeError instead of closing it; not allowed by policy '${policy.name}'`,
          });
          return;
        }
        // `except BaseException: return run(job)`: the handler runs its own function again, a
        // retry by recursion that the host's interrupt starts over instead of stopping.
        const rerun = rerunInHandler(context, node);
        if (rerun && caught !== "'except GeneratorExit'") {
          context.report({ node: rerun, message: `${caught} handler calls '${shortName(rerun)}' again: the host's interrupt starts the work over instead of stopping it; not allowed by policy '${policy.name}'` });
          return;
        }
        if (leavesLoop(context, node)) return;
        const loop = endlessLoopAround(node);
        if (!loop) {
          // A `while` loop the handler of a host exception named as such sends on with `continue`
          // (`except CancelledError: continue`): the host's request to stop is dropped and the loop
          // runs on for as long as its condition holds. Not a bare `except:` (sloppy, and common in
          // benign code), and not a `for`, which ends with its items.
          const around = enclosingLoop(node);
          const block = codeChildren(node).find((c) => c.type === 'block');
          const last = block ? codeChildren(block).at(-1) : undefined;
          if (around?.type !== 'while_statement' || last?.type !== 'continue_statement' || types.length === 0 || caught === "'except GeneratorExit'") return;
          if (progressesBeforeTry(around, node)) return;
          const header = types.length ? node.childrenForFieldName('value')[0] : node.child(0);
          context.report({
            range: { start: context.rangeOf(node).start, end: context.rangeOf(header ?? node).end },
            message: `${caught} ends in 'continue': the 'while' loop goes on after the host's interrupt, which it swallows; not allowed by policy '${policy.name}'`,
          });
          return;
        }
        // A generator that catches its close() may still end after the `try` (`closed = True`,
        // then `if closed: return`): only one whose loop has no way out at all ignores it.
        const generatorExit = caught === "'except GeneratorExit'";
        if (generatorExit && loopExit(context, loop, false)) return;
        const header = types.length ? node.childrenForFieldName('value')[0] : node.child(0);
        const fix = catchExceptionFix(context, node, types);
        context.report({
          range: { start: context.rangeOf(node).start, end: context.rangeOf(header ?? node).end },
          fixes: fix ? [fix] : undefined,
          message: generatorExit
            ? `${caught} in an endless '${loop.type === 'for_statement' ? 'for' : 'while'}' loop that has no way out: the generator ignores the host's close() (which then raises RuntimeError) and keeps running; not allowed by policy '${policy.name}'`
            : `${caught} in an endless '${loop.type === 'for_statement' ? 'for' : 'while'}' loop neither re-raises nor leaves the loop: it swallows the host's interrupt and keeps running; not allowed by policy '${policy.name}'`,
        });
      },
    };
  },
  tests: {
    valid: [
      {
        code: 'def falsy(cls):\n    cls.__bool__ = lambda self: False\n    return cls\n@falsy\nclass Quiet:\n    def __exit__(self, *exc):\n        return self',
        note: 'self of a decorated class: the decorator may give it a truth of its own',
      },
      {
        code: 'class Sized:\n    def __len__(self):\n        return 0\n    def __exit__(self, a, b, c):\n        return self\nclass Only:\n    def __exit__(self, exc_type, exc, tb):\n        return exc_type is not None and issubclass(exc_type, KeyError)\nclass Clean:\n    def __exit__(self, exc_type, exc, tb):\n        return exc_type is None\nclass Base:\n    def __exit__(self, *exc):\n        return self\nclass Empty(Base):\n    def __bool__(self):\n        return False\nclass Rebound:\n    def __exit__(self, exc_type, exc, tb):\n        if not isinstance(exc, KeyError):\n            exc = None\n        return isinstance(exc, BaseException)\nclass Rest:\n    def __exit__(self, exc_type, exc, tb, *rest):\n        return rest',
        note: '__exit__ returning what is false while an exception is in flight, or may be: an object with a length, a test of one error, "no exception", a subclass with its own truth, a parameter bound again, the empty rest of *rest',
      },
      { code: 'def drain(queue, process):\n    while queue:\n        try:\n            item = queue.pop()\n            process(item)\n        finally:\n            continue\ndef counted(fetch):\n    i = 0\n    while i < 10:\n        try:\n            fetch()\n        finally:\n            i += 1\n            continue\ndef lines(read):\n    while (line := read()):\n        try:\n            print(line)\n        finally:\n            continue', note: 'a continue in a finally of while loops that move on whatever the try does: an item taken first, a count stepped in the finally, a condition that steps itself' },
      { code: 'def g():\n    try:\n        yield 1\n    except Exception:\n        yield "error"\n    except GeneratorExit:\n        def later():\n            yield 2\n        raise\ndef h():\n    try:\n        raise TypeError("x")\n    except:\n        yield 1\n        raise\ndef k():\n    try:\n        yield 1\n    except BaseException as e:\n        if isinstance(e, GeneratorExit):\n            return\n        yield repr(e)', note: 'Exception does not catch close(); a yield of a function defined in the handler; a try that never yields cannot be closed; a wide handler that sorts what it caught' },
      { code: 'def w(q):\n    while True:\n        try:\n            q.get()\n        except BaseException as exc:\n            match exc:\n                case ValueError() if exc.args:\n                    continue\n                case _:\n                    raise', note: 'a guarded case is no catch-all' },
      { code: 'import asyncio\nasync def worker(q):\n    while True:\n        try:\n            await q.get()\n        except BaseException as exc:\n            if isinstance(exc, asyncio.CancelledError):\n                print("worker cancelled")\n            raise\ndef w(q):\n    stopping = False\n    while True:\n        if stopping:\n            break\n        try:\n            q.get()\n        except BaseException as exc:\n            if isinstance(exc, KeyboardInterrupt):\n                stopping = True\n            else:\n                raise\n            match exc:\n                case ValueError():\n                    continue\n                case _:\n                    raise', note: 'a branch for the interrupt that logs and falls through to a raise, or sets a flag the loop stops on; an ordinary error sent on' },
      {
        code: 'class IgnoreMissing:\n    def __exit__(self, exc_type, exc, tb):\n        if exc_type is not None and issubclass(exc_type, KeyError):\n            return True\n        return False\nclass Only:\n    def __exit__(self, exc_type, exc, tb):\n        if exc_type is not None and not issubclass(exc_type, KeyError):\n            return False\n        return True\ndef each(items):\n    for item in items:\n        try:\n            item()\n        except ValueError:\n            continue\n    for getter in items:\n        try:\n            return getter()\n        except:\n            continue\n    while items:\n        try:\n            items.pop()()\n        except:\n            continue\n    attempt = 0\n    while attempt < 3:\n        attempt += 1\n        try:\n            return items[0]()\n        except BaseException:\n            continue\nclass Reraise:\n    def __exit__(self, et, e, tb):\n        if isinstance(e, (KeyboardInterrupt, SystemExit)):\n            raise e\n        return True',
        note: 'context managers that swallow one kind of error, or let the host exceptions through; an ordinary error skipped in a loop; a bare except (sloppy) in a finite for and in a while; a bounded retry',
      },
      { code: 'def stream(source):\n    closed = False\n    while True:\n        try:\n            yield source.read()\n        except GeneratorExit:\n            closed = True\n        if closed:\n            source.close()\n            return', note: 'a generator that ends after the try when closed' },
      { code: 'def stream(source):\n    while True:\n        try:\n            yield source.read()\n        except GeneratorExit:\n            source.close()\n            return\n\ndef each(items):\n    for item in items:\n        try:\n            step(item)\n        finally:\n            continue', note: 'a generator that cleans up and returns; a finite loop' },
      'def parse(text):\n    try:\n        return int(text)\n    except ValueError as exc:\n        return str(exc)\n    except Exception:\n        return None',
      'def exit(code):\n    return code\nexit(1)',
      'while True:\n    try:\n        step()\n    except BaseException:\n        log("stopping")\n        raise',
      'try:\n    run()\nexcept BaseException:\n    log("failed")',
      { code: 'try:\n    x = int("a")\nexcept ValueError, e:\n    x = 0', note: 'Python 2' },
      'class Done(Exception):\n    pass\nraise Done("finished")',
      { code: 'import sys\nsys.exit(0)', allowMembers: { sys: ['exit'] }, note: "rexec's reduced sys lists exit" },
      'while pending():\n    try:\n        step()\n    except Exception:\n        continue',
      'while not done:\n    try:\n        work()\n    except:\n        pass',
      'while True:\n    try:\n        line = read()\n    except KeyboardInterrupt:\n        break',
      { code: "import asyncio\nasync def run():\n    try:\n        await step()\n    except asyncio.CancelledError:\n        cleanup()\n        raise", note: "cleans up and re-raises" },
      "def gen():\n    yield 1\ng = gen()\ng.throw(ValueError(\"bad\"))\nraise ExceptionGroup(\"many\", [ValueError(), KeyError()])",
    ],
    invalid: [
      {
        code: 'def run_step(task):\n    try:\n        return task()\n    finally:\n        return None\nfor b in range(3):\n    try:\n        go(b)\n    finally:\n        break\ndef run(job):\n    try:\n        return job()\n    except BaseException:\n        return run(job)\nclass Guard:\n    def __exit__(self, exc_type, exc, tb):\n        return exc_type is not None and issubclass(exc_type, KeyboardInterrupt)\ndef ok(task):\n    try:\n        return task()\n    finally:\n        for x in task:\n            break\ndef again(job, n):\n    try:\n        return job()\n    except ValueError:\n        return again(job, n - 1)',
        errors: [
          { range: '5:9-5:20', message: "'return' in a 'finally' discards any exception in flight, the host's KeyboardInterrupt and SystemExit too, and the code goes on; not allowed by policy 'strict'" },
          { range: '10:9-10:14', message: "'break' in a 'finally' discards any exception in flight, the host's KeyboardInterrupt and SystemExit too, and the code goes on; not allowed by policy 'strict'" },
          { range: '15:16-15:24', message: "'except BaseException' handler calls 'run' again: the host's interrupt starts the work over instead of stopping it; not allowed by policy 'strict'" },
          { range: '18:9-18:80', message: "'__exit__' returns a true value when the host's KeyboardInterrupt is raised: the 'with' block swallows it; not allowed by policy 'strict'" },
        ],
        note: 'a return or break that throws away what the try raised; a retry by recursion on the host interrupt; a context manager that swallows exactly KeyboardInterrupt; a break of a loop inside the finally, and a retry on an ordinary error, are fine',
      },
      {
        code: 'class Quiet:\n    def __exit__(self, kind, value, tb):\n        return self\nclass Guard:\n    def __exit__(self, exc_type, exc, tb):\n        return exc_type is not None and issubclass(exc_type, BaseException)\nclass Star:\n    def __exit__(self, *exc):\n        return exc\nclass Inst:\n    def __exit__(self, exc_type, exc, tb):\n        return isinstance(exc, (ValueError, BaseException))\nclass Typed:\n    def __exit__(self, exc_type: type | None = None, exc=None, tb=None) -> bool:\n        return True if exc_type else bool(exc)',
        errors: [
          { range: '3:9-3:20', message: "'__exit__' returns a true value whatever was raised: the 'with' block swallows every exception, the host's KeyboardInterrupt, SystemExit and cancellation too; not allowed by policy 'strict'" },
          { range: '6:9-6:76', message: "'__exit__' returns a true value whatever was raised: the 'with' block swallows every exception, the host's KeyboardInterrupt, SystemExit and cancellation too; not allowed by policy 'strict'" },
          { range: '9:9-9:19', message: "'__exit__' returns a true value whatever was raised: the 'with' block swallows every exception, the host's KeyboardInterrupt, SystemExit and cancellation too; not allowed by policy 'strict'" },
          { range: '12:9-12:60', message: "'__exit__' returns a true value whatever was raised: the 'with' block swallows every exception, the host's KeyboardInterrupt, SystemExit and cancellation too; not allowed by policy 'strict'" },
          { range: '15:9-15:47', message: "'__exit__' returns a true value whatever was raised: the 'with' block swallows every exception, the host's KeyboardInterrupt, SystemExit and cancellation too; not allowed by policy 'strict'" },
        ],
        note: 'values true whenever an exception is in flight: the plain object itself, a test every exception passes, the tuple of *exc',
      },
      {
        code: 'errors = {"quit": SystemExit, "bad": ValueError}\ndef fail(mode):\n    raise errors.get(mode)(0)\nchecks = {"bad": ValueError}\ndef check(k):\n    raise checks.get(k)("no")',
        errors: [{ range: '3:5-3:30', message: "raising 'SystemExit' (as 'errors.get(mode)') passes through the host's 'except Exception' and stops it; not allowed by policy 'strict'" }],
        note: 'a class taken out of a dict by a key the code computes: any of its values may be raised',
      },
      {
        code: 'def poll(fetch):\n    results = []\n    while len(results) < 10:\n        try:\n            results.append(fetch())\n        finally:\n            continue\ndef bounded(fetch):\n    tries = 0\n    while tries < 10:\n        tries += 1\n        try:\n            fetch()\n        finally:\n            continue',
        errors: [{ range: '7:13-7:21', message: "'continue' in a 'finally' discards any exception in flight, the host's KeyboardInterrupt and SystemExit too, and the 'while' loop goes on; not allowed by policy 'strict'" }],
        note: 'a retry loop that cannot be interrupted while the call fails; one that counts its tries first ends',
      },
      {
        code: 'def tail():\n    try:\n        yield 1\n    except:\n        if verbose:\n            print("closing")\n        yield "fallback"\n        raise',
        errors: [{ range: '4:5-4:11', message: "bare 'except:' handler yields again: the generator refuses the host's close(), which then raises RuntimeError instead of closing it; not allowed by policy 'strict'" }],
        note: 'an if that does not sort by type, and a raise after the yield, leave the handler yielding whatever it caught',
      },
      {
        code: 'def stream(rows):\n    for row in rows:\n        try:\n            yield row\n        except GeneratorExit:\n            yield "still here"\ndef tail():\n    try:\n        yield 1\n    except:\n        for _ in range(2):\n            yield 2\ndef pair():\n    try:\n        yield 1\n    except (KeyboardInterrupt, GeneratorExit):\n        yield 2\ndef last():\n    try:\n        yield 1\n    finally:\n        yield 2',
        errors: [
          { range: '5:9-5:29', message: "'except GeneratorExit' handler yields again: the generator refuses the host's close(), which then raises RuntimeError instead of closing it; not allowed by policy 'strict'" },
          { range: '10:5-10:11', message: "bare 'except:' handler yields again: the generator refuses the host's close(), which then raises RuntimeError instead of closing it; not allowed by policy 'strict'" },
          { range: '16:5-16:46', message: "'except GeneratorExit' handler yields again: the generator refuses the host's close(), which then raises RuntimeError instead of closing it; not allowed by policy 'strict'" },
          { range: '22:9-22:16', message: "'finally' yields after a 'try' that yields: the generator refuses the host's close(), which then raises RuntimeError instead of closing it; not allowed by policy 'strict'" },
        ],
        note: 'a handler of close() that yields, in a loop or not',
      },
      {
        code: 'import asyncio\nasync def stop():\n    fut = asyncio.get_running_loop().create_future()\n    fut.set_exception(SystemExit(0))\n    await fut',
        errors: [{ range: '4:5-4:37', message: "setting 'SystemExit' on a future raises it in whatever awaits it, past the host's 'except Exception' (asyncio lets it out of the event loop) and stops it; not allowed by policy 'strict'" }],
        note: 'a future holding SystemExit raises it where it is awaited',
      },
      {
        code: 'def w(q):\n    while True:\n        try:\n            q.get()\n        except BaseException as exc:\n            if isinstance(exc, KeyboardInterrupt | SystemExit):\n                continue\n            raise\ndef v(q):\n    while True:\n        try:\n            q.get()\n        except BaseException as exc:\n            match exc:\n                case ValueError() | KeyError():\n                    raise\n                case _:\n                    continue',
        errors: [
          { range: '5:9-5:36', message: "'except BaseException' in an endless 'while' loop neither re-raises nor leaves the loop: it swallows the host's interrupt and keeps running; not allowed by policy 'strict'" },
          { range: '13:9-13:36', message: "'except BaseException' in an endless 'while' loop neither re-raises nor leaves the loop: it swallows the host's interrupt and keeps running; not allowed by policy 'strict'" },
        ],
        note: 'interrupt types joined with |; a wildcard case after cases of ordinary errors only',
      },
      {
        code: 'import asyncio\ndef worker(queue):\n    while True:\n        try:\n            queue.get()\n        except BaseException as exc:\n            match exc:\n                case asyncio.CancelledError() | KeyboardInterrupt():\n                    continue\n                case _:\n                    raise\ndef other(queue):\n    while True:\n        try:\n            queue.get()\n        except BaseException as exc:\n            if isinstance(exc, KeyboardInterrupt):\n                log(exc)\n                continue\n            else:\n                raise',
        errors: [
          { range: '6:9-6:36', message: "'except BaseException' in an endless 'while' loop neither re-raises nor leaves the loop: it swallows the host's interrupt and keeps running; not allowed by policy 'strict'" },
          { range: '16:9-16:36', message: "'except BaseException' in an endless 'while' loop neither re-raises nor leaves the loop: it swallows the host's interrupt and keeps running; not allowed by policy 'strict'" },
        ],
        note: 'a case or isinstance branch chosen for the host interrupt itself that continues the loop, whatever the other branches raise',
      },
      {
        code: 'import asyncio\nclass Quiet:\n    def __exit__(self, *exc):\n        self.open = False\n        return True\nasync def consume(queue, closed):\n    while not closed():\n        try:\n            await asyncio.wait_for(queue.get(), timeout=1)\n        except (asyncio.TimeoutError, asyncio.CancelledError):\n            continue\ndef drain(jobs, limit):\n    done = 0\n    while done < limit:\n        try:\n            jobs.pop()()\n        except BaseException:\n            jobs.append(None)\n            continue\n        done += 1',
        errors: [
          { range: '5:9-5:20', message: "'__exit__' returns a true value whatever was raised: the 'with' block swallows every exception, the host's KeyboardInterrupt, SystemExit and cancellation too; not allowed by policy 'strict'" },
          { range: '10:9-10:62', message: "'except asyncio.CancelledError' ends in 'continue': the 'while' loop goes on after the host's interrupt, which it swallows; not allowed by policy 'strict'" },
          { range: '17:9-17:29', message: "'except BaseException' ends in 'continue': the 'while' loop goes on after the host's interrupt, which it swallows; not allowed by policy 'strict'" },
        ],
        allowModules: ['asyncio'],
        note: 'a context manager that swallows everything; handlers that send a finite loop on after the host interrupt',
      },
      {
        code: 'def stream(source):\n    while True:\n        try:\n            yield source.read()\n        except GeneratorExit:\n            continue\n\ndef grind(items):\n    while True:\n        try:\n            step(items)\n        finally:\n            continue',
        errors: [
          { range: '5:9-5:29', message: "'except GeneratorExit' in an endless 'while' loop that has no way out: the generator ignores the host's close() (which then raises RuntimeError) and keeps running; not allowed by policy 'strict'" },
          { range: '13:13-13:21', message: "'continue' in a 'finally' inside an endless loop discards any exception in flight, the host's KeyboardInterrupt and SystemExit too, and keeps looping; not allowed by policy 'strict'" },
        ],
        note: 'a generator that ignores close(); a finally that throws away what is in flight',
      },
      {
        code: 'import itertools\nfor _ in iter(int, 1):\n    try:\n        work()\n    except BaseException:\n        pass\nfor n in itertools.count():\n    try:\n        step(n)\n    except:\n        continue\nfor x in range(3):\n    try:\n        step(x)\n    except BaseException:\n        pass',
        errors: [
          { range: '5:5-5:25', message: "'except BaseException' in an endless 'for' loop neither re-raises nor leaves the loop: it swallows the host's interrupt and keeps running; not allowed by policy 'strict'" },
          { range: '10:5-10:11', message: "bare 'except:' in an endless 'for' loop neither re-raises nor leaves the loop: it swallows the host's interrupt and keeps running; not allowed by policy 'strict'" },
        ],
        note: 'a for over an endless iterator is as endless as while True; one over range(3) ends',
      },
      {
        code: 'pending = [SystemExit(9)]\nraise pending.pop()\nfor stop in (KeyboardInterrupt(),):\n    raise stop\nerrors = [ValueError("x")]\nraise errors[0]',
        errors: [
          { range: '2:1-2:20', message: "raising 'SystemExit' (as 'pending.pop') passes through the host's 'except Exception' and stops it; not allowed by policy 'strict'" },
          { range: '4:5-4:15', message: "raising 'KeyboardInterrupt' (as 'stop') passes through the host's 'except Exception' and stops it; not allowed by policy 'strict'" },
        ],
        note: 'an exception taken out of a list or tuple display, by `pop()`, an item or a `for` loop',
      },
      {
        code: 'def guarded(fn):\n    while True:\n        try:\n            return fn()\n        except BaseException as exc:\n            if isinstance(exc, (ValueError, KeyError)):\n                raise\ndef fair(fn):\n    while True:\n        try:\n            return fn()\n        except BaseException as exc:\n            if isinstance(exc, KeyboardInterrupt):\n                raise',
        errors: [{ range: '5:9-5:36', message: "'except BaseException' in an endless 'while' loop neither re-raises nor leaves the loop: it swallows the host's interrupt and keeps running; not allowed by policy 'strict'" }],
        note: 'a re-raise only for ordinary exceptions lets the interrupt through to the rest of the handler; one for the interrupt does not',
      },
      {
        code: 'import sys\nsys.exit("bye")',
        errors: [{ range: '2:1-2:9', message: "'sys.exit' raises SystemExit and ends the host process; not allowed by policy 'strict'" }],
      },
      {
        code: 'import typing\nfirst = next(m for m in (typing.sys,))\nfirst.exit(1)\n[m for m in [typing.sys]][0].exit(2)',
        errors: [
          { range: '3:1-3:11', message: "'sys.exit' (as 'first.exit') raises SystemExit and ends the host process; not allowed by policy 'strict'" },
          { range: '4:1-4:34', message: "'sys.exit' (as '[m for m in [typing.sys]][0].exit') raises SystemExit and ends the host process; not allowed by policy 'strict'" },
        ],
        note: 'an item a generator expression or an indexed list comprehension makes is one its body makes',
      },
      {
        code: 'terminate = getattr(__import__("sys"), "exit")\nterminate()',
        errors: [
          { range: '1:13-1:47', message: "'sys.exit' (as 'getattr(__import__(\"sys\"), \"exit\")') raises SystemExit and ends the host process; not allowed by policy 'strict'" },
          { range: '2:1-2:10', message: "'sys.exit' (as 'terminate') raises SystemExit and ends the host process; not allowed by policy 'strict'" },
        ],
      },
      {
        code: 'from os import _exit as bye\nbye(1)',
        errors: [{ range: '2:1-2:4', message: "'os._exit' (as 'bye') ends the host process at once, skipping its clean-up; not allowed by policy 'strict'" }],
      },
      {
        code: 'ｑｕｉｔ()',
        errors: [{ range: '1:1-1:5', message: "'quit' (as 'ｑｕｉｔ') raises SystemExit and ends the host process; not allowed by policy 'strict'" }],
      },
      {
        code: 'raise SystemExit, 1',
        note: 'Python 2',
        errors: [{ range: '1:1-1:20', message: "raising 'SystemExit' passes through the host's 'except Exception' and stops it; not allowed by policy 'strict'" }],
      },
      {
        code: 'def stop():\n    raise KeyboardInterrupt\nstop()',
        errors: [{ range: '2:5-2:28', message: "raising 'KeyboardInterrupt' passes through the host's 'except Exception' and stops it; not allowed by policy 'strict'" }],
      },
      {
        code: 'class Stop(KeyboardInterrupt):\n    pass\nerr = Stop()\nraise err',
        errors: [{ range: '4:1-4:10', message: "raising 'KeyboardInterrupt' (as 'err') passes through the host's 'except Exception' and stops it; not allowed by policy 'strict'" }],
      },
      {
        code: 'while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        continue',
        errors: [{ range: '5:5-5:25', message: "'except BaseException' in an endless 'while' loop neither re-raises nor leaves the loop: it swallows the host's interrupt and keeps running; not allowed by policy 'strict'" }],
      },
      {
        code: 'while True:\n    try:\n        data = fetch()\n        break\n    except:\n        pass',
        errors: [{ range: '5:5-5:11', message: "bare 'except:' in an endless 'while' loop neither re-raises nor leaves the loop: it swallows the host's interrupt and keeps running; not allowed by policy 'strict'" }],
      },
      {
        code: 'while 1:\n    try:\n        work()\n    except (ValueError, KeyboardInterrupt), e:\n        print e',
        note: 'Python 2',
        errors: [{ range: '4:5-4:43', message: "'except KeyboardInterrupt' in an endless 'while' loop neither re-raises nor leaves the loop: it swallows the host's interrupt and keeps running; not allowed by policy 'strict'" }],
      },
      {
        code: "import asyncio\nraise asyncio.CancelledError()",
        errors: [{ range: "2:1-2:31", message: "raising 'asyncio.CancelledError' passes through the host's 'except Exception' and stops it; not allowed by policy 'strict'" }],
        note: "a BaseException since Python 3.8",
      },
      {
        code: "from asyncio import CancelledError\nasync def tick():\n    while True:\n        try:\n            await step()\n        except CancelledError:\n            pass",
        errors: [{ range: "6:9-6:30", message: "'except asyncio.CancelledError' in an endless 'while' loop neither re-raises nor leaves the loop: it swallows the host's interrupt and keeps running; not allowed by policy 'strict'" }],
        note: "swallows the host's cancellation (its timeout)",
      },
      {
        code: "g = (x for x in [1])\ng.throw(SystemExit)",
        errors: [{ range: "2:1-2:20", message: "throwing 'SystemExit' into a generator raises it past the host's 'except Exception' and stops it; not allowed by policy 'strict'" }],
        note: "thrown into a generator",
      },
      {
        code: 'class Halt(BaseException):\n    pass\ndef make():\n    return Halt()\ndef run():\n    raise make()',
        errors: [{ range: '6:5-6:17', message: "raising 'BaseException' (as 'make') passes through the host's 'except Exception' and stops it; not allowed by policy 'strict'" }],
        note: 'a function that returns an instance of a BaseException subclass',
      },
      {
        code: 'def swallow():\n    return (ValueError, BaseException)\nIGNORED = [KeyError, KeyboardInterrupt]\nwhile True:\n    try:\n        step()\n    except swallow():\n        continue\n    except IGNORED as é:\n        pass',
        errors: [
          { range: '7:5-7:21', message: "'except BaseException' in an endless 'while' loop neither re-raises nor leaves the loop: it swallows the host's interrupt and keeps running; not allowed by policy 'strict'" },
          { range: '9:5-9:24', message: "'except KeyboardInterrupt' in an endless 'while' loop neither re-raises nor leaves the loop: it swallows the host's interrupt and keeps running; not allowed by policy 'strict'" },
        ],
        note: 'a tuple of types returned by a function, a list bound to a name',
      },
      {
        code: "raise BaseExceptionGroup(\"stop\", [KeyboardInterrupt()])",
        errors: [{ range: "1:1-1:56", message: "raising 'KeyboardInterrupt' (as 'BaseExceptionGroup') passes through the host's 'except Exception' and stops it; not allowed by policy 'strict'" }],
        note: "a group holding an interrupt is no Exception",
      },
    ],
  },
};

/** The part of a raised expression that names the class: `SystemExit` in `SystemExit(1)`. */
function lastNameNode(expr: Node): Node {
  return expr.type === 'call' ? (expr.childForFieldName('function') ?? expr) : expr;
}

/**
 * Bare `except:` and `except BaseException:` → `except Exception:`, which lets the host's
 * interrupt (`KeyboardInterrupt`, `SystemExit`, a `BaseException` timeout) through. Safe, as the
 * brief for this fix says: ordinary errors are still caught. Not offered for `except
 * KeyboardInterrupt:` (rewriting it would catch different errors), for tuples, or where the plugin
 * defines its own `Exception`.
 */
function catchExceptionFix(context: RuleContext, clause: Node, types: Node[]): Fix | undefined {
  const title = "Catch 'Exception' instead";
  if (types.length === 0) {
    const keyword = clause.child(0);
    if (keyword?.type !== 'except' || bindingsVisibleAt(context.semantics, keyword, 'Exception').length > 0) return undefined;
    return { title, safe: true, edits: [editOffsets(context, keyword.endIndex, keyword.endIndex, ' Exception')] };
  }
  const [type] = types;
  if (types.length !== 1 || (type.type !== 'identifier' && type.type !== 'attribute')) return undefined;
  if (!context.semantics.qualifiedNames(type).includes('builtins.BaseException')) return undefined;
  if (bindingsVisibleAt(context.semantics, type, 'Exception').length > 0) return undefined;
  return { title, safe: true, edits: [replaceNode(context, type, 'Exception')] };
}
