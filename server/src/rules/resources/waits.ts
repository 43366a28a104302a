/**
 * Waits nothing can end: a wait on a synchronisation object no other code can reach (PC603's
 * `asyncio.Event().wait()`), and a coroutine's loop that only a cancellation ends, in a file that
 * cancels or sets deadlines.
 */
import type { Node } from '../../parser';
import { keywordArgument, NESTED_SCOPE_TYPES, positionalArguments, pushNamedChildren } from '../../semantics/syntax';
import { normalizeIdentifier, type Binding } from '../../semantics';
import type { RuleContext } from '../types';
import type { Const } from '../../semantics/values';
import { codeChildren, exceptTypes } from './controlFlow';

/** A condition's waiting methods: the one list both kinds share, which also says that entering it (acquiring its lock) is a use that ends no wait. */
const CONDITION_METHODS: readonly string[] = ['wait'];

/**
 * Synchronisation objects a fresh instance of which blocks the waiting method for ever, since
 * only a call on the same object (`set`, `put`, `release`, `set_result`) can end the wait: the
 * methods that wait, whether they block the thread (`threading`, `queue`) rather than return
 * something to await, and the constructor arguments that make the object start out blocking
 * (`Semaphore(0)`; a `Barrier` of more than one party). `asyncio.Future()` is awaited itself
 * (method ''). A barrier is released by its waiters, so only a fresh one waited on in the same
 * expression counts, or one a function binds and only waits on itself (`waitedOnByOneCaller`).
 * A condition is waited on only inside a `with` that holds it (waiting
 * on one not acquired raises), and only `notify` on it ends the wait.
 */
const LONELY_WAITS: Record<string, { methods: readonly string[]; blocks: boolean; startsBlocked?: (c: Const | undefined) => boolean; inlineOnly?: boolean; heldOnly?: boolean }> = {
  'asyncio.Condition': { methods: CONDITION_METHODS, blocks: false, heldOnly: true },
  'threading.Condition': { methods: CONDITION_METHODS, blocks: true, heldOnly: true },
  'asyncio.Event': { methods: ['wait'], blocks: false },
  'asyncio.Future': { methods: [''], blocks: false },
  'asyncio.Queue': { methods: ['get'], blocks: false },
  'asyncio.LifoQueue': { methods: ['get'], blocks: false },
  'asyncio.PriorityQueue': { methods: ['get'], blocks: false },
  'asyncio.Semaphore': { methods: ['acquire'], blocks: false, startsBlocked: (c) => c?.t === 'int' && c.v === 0n },
  'asyncio.BoundedSemaphore': { methods: ['acquire'], blocks: false, startsBlocked: (c) => c?.t === 'int' && c.v === 0n },
  'asyncio.Barrier': { methods: ['wait'], blocks: false, startsBlocked: (c) => c?.t === 'int' && c.v > 1n, inlineOnly: true },
  'threading.Event': { methods: ['wait'], blocks: true },
  'threading.Semaphore': { methods: ['acquire'], blocks: true, startsBlocked: (c) => c?.t === 'int' && c.v === 0n },
  'threading.BoundedSemaphore': { methods: ['acquire'], blocks: true, startsBlocked: (c) => c?.t === 'int' && c.v === 0n },
  'threading.Barrier': { methods: ['wait'], blocks: true, startsBlocked: (c) => c?.t === 'int' && c.v > 1n, inlineOnly: true },
  'queue.Queue': { methods: ['get'], blocks: true },
  'queue.LifoQueue': { methods: ['get'], blocks: true },
  'queue.PriorityQueue': { methods: ['get'], blocks: true },
  'queue.SimpleQueue': { methods: ['get'], blocks: true },
};

/** Every waiting method of `LONELY_WAITS`. */
const WAITING_METHODS = new Set(Object.values(LONELY_WAITS).flatMap((w) => w.methods).filter((m) => m !== ''));

/** Event loops a `create_future()` can be called on. */
const LOOP_GETTERS = new Set(['asyncio.get_running_loop', 'asyncio.get_event_loop', 'asyncio.new_event_loop']);

/** The `LONELY_WAITS` entry a constructor call (or `loop.create_future()`) makes, if it starts out blocking. */
function lonelyConstructor(context: RuleContext, call: Node | null | undefined): (typeof LONELY_WAITS)[string] | undefined {
  if (call?.type !== 'call') return undefined;
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'create_future' && !positionalArguments(call).length) {
    let loop = fn.childForFieldName('object');
    if (loop?.type === 'identifier') {
      const bindings = context.semantics.bindingsOf(loop);
      loop = bindings.length === 1 && bindings[0].kind === 'assign' ? bindings[0].value ?? null : null;
    }
    const getter = loop?.type === 'call' ? loop.childForFieldName('function') : null;
    return getter && context.semantics.qualifiedNames(getter).some((q) => LOOP_GETTERS.has(q)) ? LONELY_WAITS['asyncio.Future'] : undefined;
  }
  const q = context.semantics.qualifiedNames(fn).find((n) => n in LONELY_WAITS);
  if (!q) return undefined;
  const entry = LONELY_WAITS[q];
  if (!entry.startsBlocked) return entry;
  const first = positionalArguments(call)[0] ?? keywordArgument(call, q.endsWith('Barrier') ? 'parties' : 'value');
  // `threading.Barrier(2, timeout=0.5)`: every `wait()` raises BrokenBarrierError after it.
  const timeout = q === 'threading.Barrier' ? (positionalArguments(call)[2] ?? keywordArgument(call, 'timeout')) : undefined;
  if (timeout && context.semantics.fold(timeout)?.t !== 'none') return undefined;
  // `Semaphore()` starts at 1.
  return first && entry.startsBlocked(context.semantics.fold(first)) ? entry : undefined;
}

/** Calls that give a coroutine a deadline or a way to be cancelled from elsewhere in the file. */
const ENDS_WAITS = new Set(['asyncio.wait_for', 'asyncio.timeout', 'asyncio.timeout_at', 'asyncio.wait', 'asyncio.shield']);

/** How many local functions deep `onlyWaitedOn` follows an object handed on as an argument. */
const MAX_HANDED_ON = 3;

/**
 * Whether a name is used only to wait on it: bound once, to a blocking constructor, and every
 * other occurrence of that variable in the file is the receiver of a waiting method (or entered,
 * or awaited), or an argument to a function of the file whose parameter is used the same way
 * (`waiter(event)` with `async def waiter(ev): await ev.wait()`), so nothing can set, release,
 * fill or hand it on. Other variables of the same spelling (a parameter `fut` of another
 * function) are not it.
 */
function onlyWaitedOn(context: RuleContext, name: Node, methods: readonly string[]): boolean {
  const bindings = context.semantics.bindingsOf(name);
  if (bindings.length !== 1 || bindings[0].kind !== 'assign') return false;
  return usedOnlyToWait(context, name, bindings[0].node, methods, 0);
}

function usedOnlyToWait(context: RuleContext, name: Node, bound: Node, methods: readonly string[], depth: number): boolean {
  // Every identifier of the name in the file; none when the file reads names by string (`globals()["ev"]`).
  const uses = context.semantics.identifiersNamed(name);
  if (!uses) return false;
  for (const n of uses) {
    if (n.id !== bound.id) {
      const parent = n.parent;
      // `x.ev`, `ev=` as keyword names are other things of the same spelling.
      const other = (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === n.id) || (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === n.id);
      const same = !other && context.semantics.bindingsOf(n).some((b) => b.node.id === bound.id);
      if (same) {
        // `ev.wait()`; a future is awaited itself.
        const method = parent?.type === 'attribute' && parent.childForFieldName('object')?.id === n.id && parent.parent?.type === 'call' ? parent.childForFieldName('attribute')?.text ?? '' : undefined;
        // `async with gate:` acquires the semaphore; `async with cond:` holds the condition to wait on it.
        const entered = (methods.includes('acquire') || methods === CONDITION_METHODS) && enteredBy(n) !== undefined;
        const waits = entered || (method !== undefined ? methods.includes(method) : parent?.type === 'await' && methods.includes(''));
        if (!waits && !(depth < MAX_HANDED_ON && handedToWaiter(context, n, methods, depth))) return false;
      }
    }
  }
  return true;
}

/**
 * The `LONELY_WAITS` entry of a name waited on by `method`: bound once to a blocking constructor
 * and used only to wait on, or a parameter every call of the file fills with such a name.
 */
function lonelyName(context: RuleContext, name: Node, method: string): (typeof LONELY_WAITS)[string] | undefined {
  const bindings = context.semantics.bindingsOf(name);
  if (bindings.length !== 1) return undefined;
  if (bindings[0].kind === 'param') return passedOnlyLonely(context, bindings[0], method);
  const made = bindings[0].kind === 'assign' ? lonelyConstructor(context, bindings[0].value) : undefined;
  if (made?.inlineOnly) return made.methods.includes(method) && waitedOnByOneCaller(context, name, bindings[0].node, made.blocks) ? made : undefined;
  return made && made.methods.includes(method) && onlyWaitedOn(context, name, made.methods) ? made : undefined;
}

/** Where code runs as a unit of its own: another task or thread may run it. */
const OWN_FRAMES = new Set(['function_definition', 'lambda', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression', 'class_definition', 'module']);

function frameOf(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (OWN_FRAMES.has(p.type)) return p;
  return undefined;
}

/**
 * `gate = asyncio.Barrier(2)` bound in a function and used there only as `gate.wait()`: every
 * wait is made by the one task (or thread) running that call, one after the other, so the first
 * waits for a second party that never comes. Not at module level, nor with a wait in a nested
 * function, lambda or comprehension (another task may run it), nor when the barrier is handed on.
 */
function waitedOnByOneCaller(context: RuleContext, name: Node, bound: Node, blocks: boolean): boolean {
  const frame = frameOf(bound);
  if (frame?.type !== 'function_definition') return false;
  const uses = context.semantics.identifiersNamed(name);
  if (!uses) return false;
  // `exec(...)` runs with the function's locals, and `locals()`/`vars()` hand them on: another party may be started there.
  for (const reader of ['exec', 'eval', 'locals', 'vars', 'currentframe', '_getframe']) {
    const seen = context.semantics.identifiersSpelled(reader);
    if (!seen || seen.some((n) => n.startIndex >= frame.startIndex && n.endIndex <= frame.endIndex)) return false;
  }
  for (const n of uses) {
    if (n.id === bound.id || !context.semantics.bindingsOf(n).some((b) => b.node.id === bound.id)) continue;
    const parent = n.parent;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === n.id) continue;
    const call = parent?.type === 'attribute' && parent.childForFieldName('object')?.id === n.id && parent.childForFieldName('attribute')?.text === 'wait' && parent.parent?.type === 'call' ? parent.parent : undefined;
    // Awaited where it is called (a coroutine handed to `gather` or `create_task` is another
    // party), or entered by `async with`, which waits the same way.
    let outer = call?.parent;
    while (outer?.type === 'parenthesized_expression') outer = outer.parent;
    const runHere = !!call && (blocks || outer?.type === 'await');
    if (!(runHere || enteredBy(n) !== undefined) || frameOf(n)?.id !== frame.id) return false;
  }
  return true;
}

/**
 * A parameter that every call of its function in the file passes a name used only to wait on
 * (`waiter(event)` after `event = asyncio.Event()`, nothing setting it): the `LONELY_WAITS`
 * entry they share, or undefined. Callers outside the file are not among these.
 */
function passedOnlyLonely(context: RuleContext, parameter: Binding, method: string): (typeof LONELY_WAITS)[string] | undefined {
  const fn = parameter.scope.node;
  if (fn.type !== 'function_definition') return undefined;
  const sites = context.semantics.argumentsAtCalls(fn, [parameter]);
  let shared: (typeof LONELY_WAITS)[string] | undefined;
  for (const site of sites ?? []) {
    const arg = site.get(parameter);
    if (arg?.type !== 'identifier') return undefined;
    const bindings = context.semantics.bindingsOf(arg);
    const made = bindings.length === 1 && bindings[0].kind === 'assign' ? lonelyConstructor(context, bindings[0].value) : undefined;
    if (!made || made.inlineOnly || !made.methods.includes(method) || (shared && shared !== made) || !onlyWaitedOn(context, arg, made.methods)) return undefined;
    shared = made;
  }
  return shared;
}

/** `waiter(ev, ...)`: a positional argument of a plain function of the file whose parameter there is only waited on. */
function handedToWaiter(context: RuleContext, argument: Node, methods: readonly string[], depth: number): boolean {
  const list = argument.parent;
  const call = list?.type === 'argument_list' ? list.parent : null;
  const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
  if (!call || callee?.type !== 'identifier') return false;
  const args = codeChildren(list!);
  const index = args.findIndex((a) => a.id === argument.id);
  if (index < 0 || args.slice(0, index).some((a) => a.type === 'list_splat' || a.type === 'keyword_argument' || a.type === 'dictionary_splat')) return false;
  const values = context.semantics.resolve(callee);
  const def = values.length === 1 && values[0].kind === 'function' && values[0].node.type === 'function_definition' ? values[0].node : undefined;
  // Not a method (its first parameter is the object), not one with a decorator that may wrap it.
  if (!def || def.parent?.type === 'decorated_definition' || def.parent?.parent?.type === 'class_definition') return false;
  const parameter = codeChildren(def.childForFieldName('parameters') ?? def)[index];
  if (parameter?.type !== 'identifier') return false;
  return usedOnlyToWait(context, parameter, parameter, methods, depth + 1);
}

/**
 * A wait nothing can end (`asyncio.Event().wait()`, `await asyncio.Future()`,
 * `threading.Semaphore(0).acquire()`, or the same on a name used for nothing else), when it
 * blocks here: a blocking method is called, an awaitable is awaited or run by `asyncio.run`.
 */
export function endlessWait(context: RuleContext, call: Node): boolean {
  const fn = call.childForFieldName('function');
  let entry: (typeof LONELY_WAITS)[string] | undefined;
  let awaitable: Node = call;
  const made = lonelyConstructor(context, call);
  if (made) {
    if (!made.methods.includes('')) return false;
    entry = made;
  } else if (fn?.type === 'attribute') {
    if (codeChildren(call.childForFieldName('arguments') ?? call).length) return false;
    const method = fn.childForFieldName('attribute')?.text ?? '';
    // Most method calls wait on nothing: their receivers are not looked at.
    if (!WAITING_METHODS.has(method)) return false;
    const receiver = fn.childForFieldName('object');
    entry = lonelyConstructor(context, receiver);
    if (!entry && receiver?.type === 'identifier') entry = lonelyName(context, receiver, method);
    if (!entry?.methods.includes(method)) return false;
    if (entry.heldOnly && (receiver?.type !== 'identifier' || !call.parent || !heldBy(context, call.parent, receiver))) return false;
  } else return false;
  if (entry.blocks) return true;
  let parent = call.parent;
  while (parent?.type === 'parenthesized_expression') [awaitable, parent] = [parent, parent.parent];
  // `await asyncio.wait_for(ev.wait(), timeout=None)`: no deadline, the same wait.
  const wrapper = parent?.type === 'argument_list' ? parent.parent : null;
  if (wrapper?.type === 'call' && positionalArguments(wrapper)[0]?.id === awaitable.id && withoutDeadline(context, wrapper)) {
    [awaitable, parent] = [wrapper, wrapper.parent];
    while (parent?.type === 'parenthesized_expression') [awaitable, parent] = [parent, parent.parent];
  }
  if (parent?.type === 'argument_list' && parent.parent?.type === 'call' && positionalArguments(parent.parent)[0]?.id === awaitable.id) {
    const runner = parent.parent.childForFieldName('function');
    const ran = !!runner && (context.semantics.qualifiedNames(runner).includes('asyncio.run') || (runner.type === 'attribute' && runner.childForFieldName('attribute')?.text === 'run_until_complete'));
    if (!ran) return false;
  } else if (parent?.type !== 'await') return false;
  return !cancellable(context, call);
}

/** Whether `node` runs inside a `with` (of its own function) that enters the variable `name` names. */
function heldBy(context: RuleContext, node: Node, name: Node): boolean {
  const bound = context.semantics.bindingsOf(name);
  if (bound.length !== 1) return false;
  for (let p: Node | null = node; p && !NESTED_SCOPE_TYPES.has(p.type); p = p.parent) {
    if (p.type !== 'with_statement') continue;
    const clause = p.namedChildren.find((c) => c?.type === 'with_clause');
    for (const item of clause?.namedChildren ?? []) {
      const value = item?.type === 'with_item' ? item.childForFieldName('value') : null;
      if (value?.type === 'identifier' && normalizeIdentifier(value.text) === normalizeIdentifier(name.text) && context.semantics.bindingsOf(value).some((b) => b.node.id === bound[0].node.id)) return true;
    }
  }
  return false;
}

/** The `with` statement that enters `value` (`with lock:`, `async with gate as g:`), if one does. */
function enteredBy(value: Node): Node | undefined {
  let item = value.parent;
  if (item?.type === 'as_pattern' && item.namedChild(0)?.id === value.id) item = item.parent;
  if (item?.type !== 'with_item' || item.childForFieldName('value')?.id !== (value.parent?.type === 'as_pattern' ? value.parent.id : value.id)) return undefined;
  const statement = item.parent?.type === 'with_clause' ? item.parent.parent : item.parent;
  return statement?.type === 'with_statement' ? statement : undefined;
}

/**
 * `async with asyncio.Semaphore(0):`, or `async with gate:` on a name bound once to one and used
 * for nothing else: entering acquires it, and nothing can release it. Not in a file that can
 * cancel the coroutine or give it a deadline (see `cancellable`).
 */
export function endlessEnter(context: RuleContext, value: Node): boolean {
  const statement = enteredBy(value);
  if (!statement) return false;
  let entry = lonelyConstructor(context, value);
  if (!entry && value.type === 'identifier') entry = lonelyName(context, value, 'acquire');
  if (!entry?.methods.includes('acquire')) return false;
  // An asyncio semaphore is entered with `async with`, a threading one with `with`.
  if (entry.blocks === (statement.child(0)?.type === 'async')) return false;
  return entry.blocks || !cancellable(context, statement);
}

/** Locks a holder that enters them again waits on for ever (not `RLock`). */
const PLAIN_LOCKS: Record<string, boolean> = { 'asyncio.Lock': false, 'threading.Lock': true };

/**
 * `async with lock:` inside `async with lock:` of the same function, on a name bound once to a
 * fresh `Lock()` and used only to be entered or acquired (nothing else can release it): the inner
 * one waits for the outer one, which waits for it. A `threading.Lock` by `with` alike.
 */
export function reenteredLock(context: RuleContext, value: Node): boolean {
  const statement = enteredBy(value);
  if (!statement || value.type !== 'identifier') return false;
  const bindings = context.semantics.bindingsOf(value);
  const made = bindings.length === 1 && bindings[0].kind === 'assign' ? bindings[0].value : undefined;
  const fn = made?.type === 'call' && !codeChildren(made.childForFieldName('arguments') ?? made).length ? made.childForFieldName('function') : null;
  const q = fn ? context.semantics.qualifiedNames(fn).find((n) => n in PLAIN_LOCKS) : undefined;
  if (!q || PLAIN_LOCKS[q] === (statement.child(0)?.type === 'async')) return false;
  if (!statement.parent || !heldBy(context, statement.parent, value) || !usedOnlyToWait(context, value, bindings[0].node, ['acquire'], 0)) return false;
  return PLAIN_LOCKS[q] || !cancellable(context, statement);
}

/** `asyncio.wait_for(aw, timeout=None)` (or `None` second): it waits as long as `aw` does. */
function withoutDeadline(context: RuleContext, call: Node): boolean {
  const fn = call.childForFieldName('function');
  if (!fn || !context.semantics.qualifiedNames(fn).includes('asyncio.wait_for')) return false;
  const timeout = positionalArguments(call)[1] ?? keywordArgument(call, 'timeout');
  return !!timeout && context.semantics.fold(timeout)?.t === 'none';
}

/** The names of `.cancel()` and of `ENDS_WAITS`' functions, as identifiers of the file spell them. */
const CANCELLING_NAMES = ['cancel', ...[...ENDS_WAITS].map((q) => q.slice(q.lastIndexOf('.') + 1))];

/**
 * Whether the file can end a wait from outside: a `.cancel()`, a deadline, `asyncio.wait`. Asked
 * only for a wait already found endless otherwise (a few per file), so it walks the file each time.
 */
export function cancellable(context: RuleContext, node: Node): boolean {
  // Read off every statement: an edit of one holding such a name may change the answer.
  context.semantics.readsIdentifiers(CANCELLING_NAMES);
  let root: Node = node;
  while (root.parent) root = root.parent;
  let found = false;
  const stack: Node[] = [root];
  while (stack.length && !found) {
    const n = stack.pop()!;
    if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'cancel') found = true;
      else if (fn && context.semantics.qualifiedNames(fn).some((q) => ENDS_WAITS.has(q)) && !withoutDeadline(context, n)) found = true;
    }
    pushNamedChildren(stack, n);
  }
  return found;
}

/** Exceptions whose handler swallows a task's cancellation. */
const CANCELLATION = new Set(['builtins.BaseException', 'asyncio.CancelledError', 'asyncio.exceptions.CancelledError', 'concurrent.futures.CancelledError']);

/**
 * A `while True` of a coroutine (`async def`) that awaits (`msg = await queue.get()`) in a file
 * that cancels tasks or sets deadlines (`task.cancel()`, `asyncio.wait_for`, see `cancellable`):
 * the worker pattern, which `CancelledError` raised at an await ends. Not when every await is in
 * a `try` whose handler catches the cancellation (bare `except:`, `BaseException`,
 * `CancelledError`): then it swallows it and loops on.
 */
export function cancelledAtAwait(context: RuleContext, loop: Node): boolean {
  let fn: Node | null = loop.parent;
  while (fn && !NESTED_SCOPE_TYPES.has(fn.type)) fn = fn.parent;
  if (fn?.type !== 'function_definition' || fn.child(0)?.type !== 'async') return false;
  const body = loop.childForFieldName('body');
  const stack: Node[] = body ? [body] : [];
  let awaits = false;
  while (stack.length && !awaits) {
    const n = stack.pop()!;
    if (NESTED_SCOPE_TYPES.has(n.type)) continue;
    if (n.type === 'await') awaits = true;
    else if (n.type === 'try_statement' && catchesCancellation(context, n)) {
      // Its handlers, `else` and `finally` are outside the protected body.
      for (const c of codeChildren(n)) if (c.type !== 'block') stack.push(c);
    } else pushNamedChildren(stack, n);
  }
  return awaits && cancellable(context, loop);
}

function catchesCancellation(context: RuleContext, tryStatement: Node): boolean {
  for (const clause of codeChildren(tryStatement)) {
    if (clause.type !== 'except_clause') continue;
    const types = exceptTypes(clause);
    if (types === 'bare') return true;
    if (types?.some((t) => context.semantics.qualifiedNames(t).some((q) => CANCELLATION.has(q)))) return true;
  }
  return false;
}

/** `fut = loop.create_future()` … `await fut`, with nothing else using `fut` and nothing in the file cancelling. */
export function awaitsLonelyName(context: RuleContext, node: Node): boolean {
  const awaited = codeChildren(node)[0];
  if (awaited?.type !== 'identifier') return false;
  const bindings = context.semantics.bindingsOf(awaited);
  const made = bindings.length === 1 && bindings[0].kind === 'assign' ? lonelyConstructor(context, bindings[0].value) : undefined;
  return !!made?.methods.includes('') && onlyWaitedOn(context, awaited, made.methods) && !cancellable(context, node);
}
