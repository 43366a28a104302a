import type { Node } from '../parser';
import { StatementMemo } from '../syntaxTree';
import { FOLD_LIMITS, SURROGATE, constTruthiness, foldConstant, foldDictComprehensionItem, withResolve, type FoldEnv, type FoldFunction } from './fold';
import { canonicalQName } from './modules';
import { identifierName, normalizeIdentifier } from './names';
import { buildScopes, INDEX, lookupScope, subjectOf, type Binding, type ClassScopes, type KeptScopes, type Scope, type ScopeTable, type StatementScopes, type SubjectStep } from './scopes';
import { anyMemo, forgetAnswers, memoOf, newMemoOwner, peekMemo, type NodeMemo, type QNameValue } from './memo';
import { membershipGuards, unparenthesized } from './narrowing';
import { bindsIdentifier, foldByReplay } from './replay';
import { codeChildren, pushNamedChildren, isNameReference, isStoreTarget, NESTED_SCOPE_TYPES, ownReturns, positionalArguments } from './syntax';
import { constString, constValue, holdsList, namespaceValue, nodeValue, qnameValue, UNKNOWN, type Const, type Value } from './values';

export type { Binding, ClassScopes, KeptScopes, Scope, StatementScopes } from './scopes';
export type { Const, Value } from './values';

export { identifierName, normalizeIdentifier, isDunder, isPrivateName } from './names';
export { canonicalQName, isWithinModule } from './modules';
export { digitsOf, pythonStr } from './fold';
export { stringParts } from './stringLiteral';

/**
 * Told what each resolution reads outside its own expression: the incremental analysis
 * (incremental/) learns from it which statements an edit can change.
 */
export interface SemanticsObserver {
  /** `resolve` starts computing `node` (a cached answer is not computed again). */
  enter(node: Node): void;
  exit(node: Node): void;
  /** A name was looked up in the module scope, found or not; `*` when all of them were read. */
  moduleLookup(name: string): void;
  /**
   * The answer for `node` was taken as it was (from the cache or a question in progress), not
   * computed: whoever asked depends on it as much as if it had been computed for them.
   * `partial`: the answer taken was cut short (a cycle, a depth limit), so it may differ from
   * the complete answer of `node` when there is one.
   */
  use?(node: Node, partial: boolean): void;
  /**
   * Folding `node` to a constant at `depth` starts (a fold kept from earlier is not computed
   * again); `exit` ends it. What folding reads on the way is read for `node`, as `enter` has it
   * for a resolution (the fold is kept on the node for everyone who asks).
   */
  enterFold?(node: Node, depth: number): void;
  /**
   * The fold of `node` at `depth` was taken as it was kept (`partial` false), or was cut short
   * (`partial` true: it depends on the path it was reached by). Whoever asked depends on it.
   */
  useFold?(node: Node, depth: number, partial: boolean): void;
}

/** Reports every read of the module scope's bindings, however it is made. */
function observeModuleBindings(bindings: Map<string, Binding[]>, observer: SemanticsObserver): () => void {
  return observeBindings(bindings, (name) => observer.moduleLookup(name));
}

/**
 * Reports every read of a scope's bindings, however it is made: the name looked up, found or
 * not, or `*` when all of them were read. (incremental/ also watches the scopes of classes.)
 */
export function observeBindings(bindings: Map<string, Binding[]>, lookup: (name: string) => void): () => void {
  // A scope kept by an incremental analysis is observed again by every run: its wrappers are
  // installed once and report to the newest observer (wrapping again stacked one more wrapper
  // around every lookup per keystroke, and kept every earlier run alive).
  const installed = bindingObservers.get(bindings);
  // The returned function ends the observation. A run that observed a scope the next run does
  // not observe again would otherwise stay reachable from it (and through it, everything it
  // made) for as long as the scope lives: an analysis per keystroke, about 1.5 MB each on
  // test_typing.py, until the server ran out of memory.
  const stop = stopper(bindings, lookup);
  if (installed) {
    installed.lookup = lookup;
    return stop;
  }
  const observer = { lookup };
  bindingObservers.set(bindings, observer);
  const get = bindings.get.bind(bindings);
  const has = bindings.has.bind(bindings);
  bindings.get = (name: string) => {
    observer.lookup(name);
    return get(name);
  };
  bindings.has = (name: string) => {
    observer.lookup(name);
    return has(name);
  };
  for (const method of ['entries', 'keys', 'values', 'forEach', Symbol.iterator] as const) {
    const original = (bindings[method] as (...args: unknown[]) => unknown).bind(bindings);
    (bindings as unknown as Record<string | symbol, unknown>)[method] = (...args: unknown[]) => {
      observer.lookup('*');
      return original(...args);
    };
  }
  return stop;
}

const IGNORE_LOOKUP = (): void => {};

/**
 * Made apart from `observeBindings`: a closure made there would share its context with the
 * wrappers installed on the Map, and keep the first run's `lookup` alive as long as the Map.
 */
function stopper(bindings: Map<string, Binding[]>, lookup: (name: string) => void): () => void {
  let observed: ((name: string) => void) | undefined = lookup;
  return () => {
    const observer = bindingObservers.get(bindings);
    if (observed && observer?.lookup === observed) observer.lookup = IGNORE_LOOKUP;
    // Nor does the function that stopped it.
    observed = undefined;
  };
}

const bindingObservers = new WeakMap<Map<string, Binding[]>, { lookup: (name: string) => void }>();

/** Callees that import the module named by their first argument. */
const IMPORTING_CALLEES = new Set([
  'builtins.__import__',
  'importlib.import_module',
  'importlib.__import__',
  'importlib.reload',
  'imp.load_module',
  'imp.reload',
  'builtins.reload',
]);

/** Attribute names of loader/importer objects that return a module by name. */
const LOADER_METHODS = new Set(['load_module', 'import_module', '__import__', 'find_module', 'exec_module', 'get_module']);

/** Mapping methods that return the item stored under their first argument. */
const ITEM_METHODS = new Set(['get', 'pop', 'setdefault', '__getitem__']);

/** Names that exist in every module namespace without a binding. */
const MODULE_DUNDERS = new Set(['__name__', '__doc__', '__file__', '__package__', '__spec__', '__loader__', '__path__', '__cached__', '__builtins__', '__dict__', '__annotations__']);

/** How far alias chains are followed (`a = b; b = c; ...`). */
const MAX_RESOLVE_DEPTH = 48;
/**
 * Resolution work per file. Past it everything is `unknown`, so a hostile file costs bounded
 * time; the first reference of any builtin or module is still reported where it is written.
 */
const MAX_RESOLVE_STEPS = 2_000_000;
/**
 * Call sites, aliases, subclasses and attribute assignments one lookup follows (semantics/
 * scopes.ts `INDEX`): past it the answer is left open, so a hostile file of 10,000 calls of one
 * function costs no more than 64 of them.
 */
const MAX_INDEX_ENTRIES = 64;
/** Values a parameter collects from the calls before the rest are left out (it is open anyway). */
const MAX_PARAMETER_VALUES = 256;

/**
 * Answers "what does this expression denote?" for every rule: scopes and bindings, aliases
 * through assignments, imports, defaults, walrus and loops, attribute and subscript chains,
 * and bounded constant folding. Flow-insensitive on purpose: a name bound to `getattr` on any
 * path may be `getattr`, which is what a reviewer of hostile code needs.
 */
export class Semantics implements FoldEnv {
  private readonly table: ScopeTable;
  /** Tells this analysis's memos on the nodes (semantics/memo.ts) from those of earlier ones. */
  private readonly owner = newMemoOwner();
  /**
   * The memos this analysis took, when observed (incremental/): their nodes outlive it, and its
   * answers on them must not keep what they name alive (`forgetAnswers`).
   */
  private readonly taken: NodeMemo[] | undefined;
  private steps = 0;
  private readonly queryCache = new Map<number, Value[]>();
  private readonly returnsOf = new Map<number, Node[]>();
  /** The `yield`s of a local generator, by its node (see `generatorItems`). */
  private readonly yieldsOf = new Map<number, Node[]>();
  /** The generators `generatorItems` is following now (a cycle when one is asked again). */
  private readonly expandingGenerators = new Set<number>();
  /** Complete answers for parameters (see `parameterValues`). */
  private readonly parameterCache = new Map<Binding, Value[]>();
  /** Complete answers for the calls of a function, by its node (see `callsOf`). */
  private readonly callsCache = new Map<number, { call: Node; offset: number }[]>();
  /** Functions whose calls `callsOf` stopped listing at `MAX_INDEX_ENTRIES` call sites. */
  private readonly callsTruncated = new Set<number>();
  private readonly callsInProgress = new Set<number>();
  /**
   * Complete answers about classes, by class node (see `classFact`): the bases and attributes of
   * a class are asked again for every `self.x` of every method, each a search of the class chain
   * and of every `obj.x = ...` in the file.
   */
  private readonly basesCache = new Map<Node, Node[]>();
  private readonly classAttributeCache = new Map<Node, Map<string, Value[] | undefined>>();
  private readonly instanceAttributeCache = new Map<Node, Map<string, Value[]>>();
  /** The list and set displays whose added elements are being worked out (see `addedElements`). */
  private readonly addingInProgress = new Set<number>();
  /** Calls folded with their arguments so far (`foldCallWithArguments`), against `MAX_CALL_FOLDS`. */
  private callFolds = 0;
  /** The functions whose calls `foldCallWithArguments` is folding now, innermost last. */
  private readonly callFoldStack: number[] = [];
  /** Complete folds of calls with their arguments as written there, by call node (`foldCallWithArguments`). */
  private readonly callFoldCache = new Map<number, Const | null>();
  /** What `foldCallWithArguments` needs of a callee's syntax, by its node (null: never folded). */
  private readonly calleeShapes = new Map<number, CalleeShape | null>();
  /** Answers cut short by the depth limits or a cycle (see `resolve`). */
  private cuts = 0;
  /**
   * Cuts, and answers taken from those cut short within the current question: what was computed
   * while this did not move may be kept (`fold`), being the same whenever it is asked.
   */
  private tainted = 0;
  /** Complete answers cached so far: what a question can find in the cache changes with it. */
  private generation = 0;
  /**
   * True once the step budget ran out: every later answer is `unknown`, so answers depend on
   * the order of the questions, and the incremental analysis redoes such a file in full.
   */
  exhausted = false;

  /**
   * `kept`: the scopes of an earlier analysis of the same document to keep (incremental/): the
   * module scope object, refilled, and the top-level statements of `root` it need not walk again.
   */
  constructor(
    readonly root: Node,
    readonly source: string,
    private readonly observer?: SemanticsObserver,
    kept?: KeptScopes,
  ) {
    this.taken = observer ? [] : undefined;
    // An observed analysis is an incremental one: it keeps each class's parts for the next (`ClassScopes`).
    this.table = buildScopes(root, this.owner, kept, this.taken, observer !== undefined);
    if (observer) this.stopObserving = observeModuleBindings(this.table.module.bindings, observer);
  }

  /**
   * For an observed analysis (incremental/), once it is over: the answers it kept on the nodes are
   * forgotten (memo.ts `forgetAnswers`); asked again, it works them out again.
   */
  forgetAnswers(): void {
    if (this.taken === undefined) return;
    forgetAnswers(this.taken, this.owner);
    this.taken.length = 0;
  }

  private stopObserving: (() => void) | undefined;

  /** Reads of the module scope are no longer reported to the observer (see `observeBindings`). */
  endObservation(): void {
    this.stopObserving?.();
    this.stopObserving = undefined;
  }

  get moduleScope(): Scope {
    return this.table.module;
  }

  /** What each top-level statement put in the module scope (for a later incremental analysis). */
  get statementScopes(): ReadonlyMap<Node, StatementScopes> {
    return this.table.statements;
  }

  /** What each top-level class statement added, part by part (for a later incremental analysis; observed analyses only). */
  get classScopes(): ReadonlyMap<Node, ClassScopes> {
    return this.table.classes;
  }

  /** Scope an identifier is evaluated in (the module scope for anything not recorded). */
  scopeOf(identifier: Node): Scope {
    const memo = anyMemo(identifier);
    return (memo !== undefined && memo.scopesOf === this.table.module ? memo.scope : undefined) ?? this.table.module;
  }

  /** The scope a def, lambda, class or comprehension creates. */
  scopeOfDefinition(node: Node): Scope | undefined {
    const memo = anyMemo(node);
    return memo !== undefined && memo.scopesOf === this.table.module ? memo.definedScope : undefined;
  }

  /** Bindings a name reference resolves to; empty when it is a builtin (or unbound). */
  bindingsOf(identifier: Node): Binding[] {
    const name = identifierName(identifier);
    const scope = this.readScope(name, identifier);
    return scope?.bindings.get(name) ?? [];
  }

  /** The expression a name bound once, by a plain assignment of the whole value (`x = ...`, not `a, x = ...`), is bound to. */
  valueBoundOnce(identifier: Node): Node | undefined {
    const bindings = this.bindingsOf(identifier);
    return bindings.length === 1 && bindings[0].kind === 'assign' && !bindings[0].subjectPath ? bindings[0].value : undefined;
  }

  /**
   * The scope whose bindings a read of `name` at `node` sees: `lookupScope`, except in a class body
   * and in the module's own statements, which run once, top to bottom. There a read that comes
   * before every binding of the name in that scope (and in another statement), outside any loop
   * and annotation, finds nothing bound there yet: in a class body Python's LOAD_NAME goes on to
   * the module's globals (`Meta = Meta`, `name = name.upper()`); at module level the name is a
   * builtin (`_real = compile` before `def compile(...)`).
   */
  private readScope(name: string, node: Node): Scope | undefined {
    const own = this.scopeOf(node);
    // A read in the module scope depends on the module's declarations of the name as well as on
    // its bindings: `nonlocal x` at module level (a SyntaxError to Python, but tree-sitter parses
    // it, often out of a broken function) makes the read find nothing without reading `x`'s
    // bindings, and `foldAtRead` gives up on a name declared there. Told as a lookup of the name:
    // incremental/ runs the reader again when a declaration of it changes, as for a binding.
    if (own === this.table.module) this.observer?.moduleLookup(name);
    const scope = lookupScope(name, own, this.table.module);
    // A class body and the module's own statements run once, top to bottom: a read there sees
    // only the bindings made before it (`_real = compile` then `def compile(...)`: the builtin),
    // unless a loop around it runs it again after them. A function runs when called, later.
    if (scope !== own || (own.kind !== 'class' && own !== this.table.module)) return scope;
    // The statement of that scope the read is in; an annotation is evaluated later, against every
    // binding (`from __future__ import annotations`, `typing.get_type_hints`).
    let statement: Node = node;
    // Up to a statement of the scope's own body (a class's block, the module).
    const body = own.kind === 'class' ? own.node.childForFieldName('body') : own.node;
    for (let p = node.parent; p && p.id !== own.node.id && p.id !== body?.id; statement = p, p = p.parent) {
      if (p.type === 'for_statement' || p.type === 'while_statement' || p.type === 'type') return scope;
    }
    for (const b of own.bindings.get(name) ?? []) {
      // Bound before the read, unless the read is the value being bound (`Meta = Meta`); or bound
      // in the same statement, whose parts Python evaluates in an order of its own
      // (`v = t.format(f) if (t := "...") else ""`).
      const inValue = !!b.value && b.value.startIndex <= node.startIndex && node.endIndex <= b.value.endIndex;
      const sameStatement = b.node.startIndex >= statement.startIndex && b.node.endIndex <= statement.endIndex;
      if ((b.node.startIndex < node.endIndex || sameStatement) && !inValue) return scope;
    }
    return own.kind === 'class' && this.table.module.bindings.has(name) ? this.table.module : undefined;
  }

  /** True when `identifier` is a reference to the builtin `name` (no binding of the name it sees: `readScope`). */
  isBuiltinReference(identifier: Node, name?: string): boolean {
    const n = identifierName(identifier);
    if (name !== undefined && n !== name) return false;
    return this.bindingsOf(identifier).length === 0;
  }

  /** Every value an expression may denote. Shared arrays: callers must not mutate them. */
  resolve(node: Node, depth = 0): Value[] {
    const memo = peekMemo(node, this.owner);
    if (memo !== undefined && memo.values !== undefined) {
      this.observer?.use?.(node, false);
      // A question ends the one before it, answered from the cache or not.
      if (depth === 0 && this.queryCache.size) this.queryCache.clear();
      return memo.values;
    }
    if (depth !== 0) return this.resolveAt(node, depth);
    // One question: answers cut short below are remembered only until it is answered.
    if (this.queryCache.size) this.queryCache.clear();
    // An answer cut short is computed again for every question, and each rule asks its own. A
    // second computation that added nothing to the cache started from the same state as any
    // later one will, so until the cache grows the answer is taken as it is (with the work it
    // cost counted, so that the budget runs out exactly where it would have).
    if (
      memo !== undefined &&
      memo.cut !== undefined &&
      memo.cut.generation === this.generation &&
      !this.exhausted &&
      this.steps + memo.cut.steps <= MAX_RESOLVE_STEPS
    ) {
      this.observer?.use?.(node, true);
      this.steps += memo.cut.steps;
      this.cuts += memo.cut.cuts;
      this.tainted += memo.cut.cuts;
      return memo.cut.values;
    }
    const generation = this.generation;
    const steps = this.steps;
    const cuts = this.cuts;
    let values: Value[];
    try {
      values = this.resolveAt(node, 0);
    } finally {
      if (this.queryCache.size) this.queryCache.clear();
    }
    if (this.generation === generation && !this.exhausted && this.cuts !== cuts) {
      const m = memoOf(node, this.owner, this.taken);
      m.cut = { values, generation, steps: this.steps - steps, cuts: this.cuts - cuts };
    }
    return values;
  }

  private resolveAt(node: Node, depth: number): Value[] {
    const memo = memoOf(node, this.owner, this.taken);
    if (memo.values !== undefined) {
      this.observer?.use?.(node, false);
      return memo.values;
    }
    const partial = this.queryCache.size ? this.queryCache.get(node.id) : undefined;
    if (partial) {
      this.observer?.use?.(node, true);
      this.tainted++;
      return partial;
    }
    if (depth > MAX_RESOLVE_DEPTH || memo.resolving) {
      this.observer?.use?.(node, true);
      this.cuts++;
      this.tainted++;
      return [UNKNOWN];
    }
    if (++this.steps > MAX_RESOLVE_STEPS) {
      this.exhausted = true;
      return [UNKNOWN];
    }
    memo.resolving = true;
    this.observer?.enter(node);
    const cutsBefore = this.cuts;
    let values: Value[];
    try {
      values = dedupeValues(this.resolveUncached(node, depth + 1));
    } finally {
      memo.resolving = false;
      this.observer?.exit(node);
    }
    // Cached at every depth: without it, `x2 = x1 if c else x1` chains resolve exponentially.
    // Not when a cycle or a depth limit cut the answer short below: that answer depends on the
    // path it was reached by (`x = x + 1` seen from `x` or from `x + 1`), and keeping it would
    // make every later answer depend on which rule asked first. Uncached, each question gets
    // the same answer in any order, which the incremental analysis relies on.
    // Within one question they are still remembered, or `x2 = x1 if c else x1` chains deeper
    // than the depth limit would take exponential time (and a hostile file could spend the
    // whole work budget, blinding every rule).
    if (this.cuts === cutsBefore) {
      memo.values = values;
      this.generation++;
    } else {
      this.queryCache.set(node.id, values);
      // Whoever asked took an answer cut short.
      this.observer?.use?.(node, true);
    }
    return values;
  }

  /**
   * The memo of `node` when `values` is its complete answer: what is derived from a complete
   * answer can be kept with it; what is derived from an answer cut short cannot (see `resolve`).
   */
  private completeMemo(node: Node, values: Value[]): NodeMemo | undefined {
    const memo = peekMemo(node, this.owner);
    return memo !== undefined && memo.values === values ? memo : undefined;
  }

  /**
   * For a rule that walks the whole file for identifiers of these names (every use of a name, any
   * `.cancel()`): an incremental analysis then asks again when a statement holding one of them
   * changes, as for `dictUnchanged` (`INDEX.identifier`). Call it before the walk, every time.
   */
  readsIdentifiers(names: Iterable<string>): void {
    const observer = this.observer;
    if (!observer) return;
    // incremental/ compares identifiers only for units that read those of `globals`, as every
    // question reading identifiers by name does (`dictUnchanged`): this one says so too.
    observer.moduleLookup(INDEX.identifier('globals'));
    for (const name of names) observer.moduleLookup(INDEX.identifier(name));
  }

  /** The complete answer for `node` this analysis has worked out, if it has (see `resolve`). */
  answerOf(node: Node): Value[] | undefined {
    return peekMemo(node, this.owner)?.values;
  }

  /** Canonical dotted names an expression may denote (`builtins.eval`, `os.system`). Shared: do not mutate. */
  qualifiedNames(node: Node): string[] {
    return this.qualifiedNamesOf(node, 0);
  }

  qualifiedNamesOf(node: Node, depth: number): string[] {
    const values = this.resolve(node, depth);
    const memo = this.completeMemo(node, values);
    if (memo?.qualified !== undefined) return memo.qualified;
    let out: string[] = NO_NAMES;
    for (const v of values) {
      if (v.kind !== 'qname') continue;
      if (out === NO_NAMES) out = [v.name];
      else if (!out.includes(v.name)) out.push(v.name);
    }
    if (memo) memo.qualified = out;
    return out;
  }

  /** The `qname` values of an expression, with how they were reached. Shared: do not mutate. */
  qnameValues(node: Node): QNameValue[] {
    const values = this.resolve(node);
    const memo = this.completeMemo(node, values);
    if (memo?.qnames !== undefined) return memo.qnames;
    let out = NO_QNAMES;
    for (const v of values) {
      if (v.kind !== 'qname') continue;
      if (out === NO_QNAMES) out = [v];
      else out.push(v);
    }
    if (memo) memo.qnames = out;
    return out;
  }

  /** The builtin names an expression may denote (`eval` for `e` after `e = eval`). Shared: do not mutate. */
  builtinNames(node: Node): string[] {
    const values = this.resolve(node);
    const memo = this.completeMemo(node, values);
    if (memo?.builtins !== undefined) return memo.builtins;
    let out: string[] = NO_NAMES;
    for (const q of this.qualifiedNames(node)) {
      if (!q.startsWith('builtins.') || q.indexOf('.', 9) >= 0) continue;
      if (out === NO_NAMES) out = [];
      out.push(q.slice('builtins.'.length));
    }
    if (memo) memo.builtins = out;
    return out;
  }

  /** Folding hit its depth limit: the answer being computed depends on its path (see `resolve`). */
  noteCut(): void {
    this.cuts++;
    this.tainted++;
  }

  fold(node: Node | null | undefined): Const | undefined {
    return node ? foldConstant(this, node, 0) : undefined;
  }

  /**
   * See `FoldEnv.foldAtRead`. Asked only for a name of the scope it is read in (a function's or
   * the module's), bound only by plain and augmented assignments (`+=`, `*=`, `**=`, ...) there,
   * more than once or to a list display the file changes: the cases the flow-insensitive answer
   * cannot fold.
   */
  foldAtRead(identifier: Node, depth: number): Const | undefined {
    const name = identifierName(identifier);
    const scope = this.readScope(name, identifier);
    if (!scope || scope !== this.scopeOf(identifier) || (scope.kind !== 'module' && scope.kind !== 'function')) return undefined;
    if (scope.globals.has(name) || scope.nonlocals.has(name)) return undefined;
    const bindings = scope.bindings.get(name) ?? [];
    if (bindings.length === 0 || bindings.length > MAX_INDEX_ENTRIES) return undefined;
    for (const b of bindings) if (b.kind !== 'assign' && b.kind !== 'augassign') return undefined;
    if (bindings.length === 1) {
      const value = bindings[0].value;
      if (value?.type !== 'list' || !this.changesLater(value, depth)) return undefined;
    } else {
      // Replaying gives a value only from a binding that can fold (a literal, a display, an
      // operator on them): names bound to what calls return, the common case, are answered
      // without walking the scope. (Syntax only: folding the bindings here would ask this again.)
      let seeded = false;
      for (const b of bindings) {
        if (b.kind !== 'assign' || !b.value || b.subjectPath) continue;
        if (SEED_TYPES.has(b.value.type)) {
          seeded = true;
          break;
        }
      }
      if (!seeded) return undefined;
    }
    const body = scope.kind === 'module' ? this.root : scope.node.type === 'function_definition' ? scope.node.childForFieldName('body') : null;
    if (!body) return undefined;
    // Every binding in the scope's own statements (`global x` in a function binds it elsewhere).
    for (const b of bindings) {
      for (let p = b.node.parent; p && p.id !== scope.node.id; p = p.parent) if (NESTED_SCOPE_TYPES.has(p.type)) return undefined;
    }
    // The replay reads the module's statements between the bindings and the read, not only the
    // bindings: an incremental analysis runs this one again when any module-level name changes.
    if (scope.kind === 'module') this.observer?.moduleLookup('*');
    return foldByReplay(this, { read: identifier, name, body, bindingNodes: bindings.map((b) => b.node) }, depth);
  }

  memoFold(node: Node, depth: number, compute: FoldFunction): Const | undefined {
    const memo = peekMemo(node, this.owner);
    const observer = this.observer;
    if (memo !== undefined && memo.foldDepth >= depth) {
      // Taken as kept, like a resolution's answer: the observer is told (see `SemanticsObserver`).
      if (observer !== undefined) observer.useFold?.(node, depth, false);
      return memo.fold;
    }
    const before = this.tainted;
    let folded: Const | undefined;
    if (observer?.enterFold !== undefined) {
      observer.enterFold(node, depth);
      try {
        folded = compute(this, node, depth);
      } finally {
        observer.exit(node);
      }
    } else folded = compute(this, node, depth);
    // Kept only when nothing on the way was cut short, as `resolve` keeps its answers.
    if (this.tainted === before && !this.exhausted) {
      const m = memo ?? memoOf(node, this.owner, this.taken);
      if (depth > m.foldDepth) {
        m.foldDepth = depth;
        m.fold = folded;
      }
    } else if (observer !== undefined) observer.useFold?.(node, depth, true);
    return folded;
  }

  /**
   * The fold of `node` at `depth`, wrapped, when nothing on the way was cut short; null when
   * something was (incremental/: an answer others took, compared with what it is now).
   */
  foldedAt(node: Node, depth: number): { value: Const | undefined } | null {
    const before = this.tainted;
    const value = foldConstant(this, node, depth);
    return this.tainted === before && !this.exhausted ? { value } : null;
  }

  foldString(node: Node | null | undefined): string | undefined {
    return constString(this.fold(node));
  }

  /**
   * Every string an expression may be: one per binding when a name is bound several times
   * (`n = 'a'` on one path, `n = '__class__'` on another). Shared: do not mutate.
   */
  foldStrings(node: Node): string[] | undefined {
    const values = this.resolve(node);
    const memo = this.completeMemo(node, values);
    if (memo !== undefined && memo.strings !== null) return memo.strings;
    let out: string[] | undefined = [];
    for (const v of values) {
      if (v.kind !== 'const' || v.value.t !== 'str') {
        out = undefined;
        break;
      }
      if (!out.includes(v.value.v)) out.push(v.value.v);
    }
    if (out?.length === 0) out = undefined;
    if (out === undefined && (node.type === 'identifier' || node.type === 'call')) {
      // Bound several times in order (`t = "{0"` … `t += "." + seg`), or a call of a function of
      // this file with its arguments (`f("class")`): the value at this read, if it folds.
      const atRead = this.fold(node);
      if (atRead?.t === 'str') out = [atRead.v];
    }
    if (out === undefined) out = node.type === 'identifier' ? this.narrowedStrings(node) : this.foldStringsPerName(node);
    if (out === undefined && node.type === 'identifier') {
      // `name = "to_" + fmt` in a loop over `("json", "csv")`: the value bound once, folded for each `fmt`.
      const value = this.valueBoundOnce(node);
      if (value && value.type !== 'identifier') out = this.foldStringsPerName(value);
    }
    if (memo) memo.strings = out;
    return out;
  }

  /**
   * `"handle_" + kind` or `n.upper()` where one name in the expression may be any of a few strings
   * (bound several times, an element of a constant list, confined by a membership guard): the
   * expression folded once for each, every one of which must fold to a string. Undefined when no
   * name or more than one has such strings, or the expression is large or binds names of its own.
   */
  private foldStringsPerName(node: Node): string[] | undefined {
    const reads: Node[] = [];
    const stack: Node[] = [node];
    let seen = 0;
    while (stack.length) {
      const n = stack.pop()!;
      if (++seen > MAX_PER_NAME_NODES || NESTED_SCOPE_TYPES.has(n.type) || n.type === 'named_expression') return undefined;
      if (n.type === 'identifier') {
        const p = n.parent;
        const field = p?.type === 'attribute' && p.childForFieldName('attribute')?.id === n.id;
        const keyword = p?.type === 'keyword_argument' && p.childForFieldName('name')?.id === n.id;
        if (!field && !keyword) reads.push(n);
        continue;
      }
      pushNamedChildren(stack, n);
    }
    let name: string | undefined;
    let candidates: string[] | undefined;
    for (const read of reads) {
      const readName = identifierName(read);
      if (readName === name) continue;
      const strings = this.narrowedStrings(read) ?? this.severalStrings(read);
      if (!strings) continue;
      if (name !== undefined) return undefined;
      name = readName;
      candidates = strings;
    }
    if (name === undefined || !candidates || candidates.length > MAX_PER_NAME_VALUES) return undefined;
    const out: string[] = [];
    for (const candidate of candidates) {
      const value = [constValue({ t: 'str', v: candidate })];
      const env = withResolve(this, (n, d) =>
        n.type === 'identifier' && identifierName(n) === name && n.startIndex >= node.startIndex && n.endIndex <= node.endIndex ? value : this.resolve(n, d),
      );
      const folded = foldConstant(env, node, 1);
      if (folded?.t !== 'str') return undefined;
      if (!out.includes(folded.v)) out.push(folded.v);
    }
    return out;
  }

  /** The strings a name may be when it may be more than one and each is a known string. */
  private severalStrings(read: Node): string[] | undefined {
    const values = this.resolve(read);
    if (values.length < 2) return undefined;
    // `for n in NAMES`: the resolver takes the items written and appended, not those stored
    // (`NAMES[0] = ...`) or put in through an alias; only a list or set nothing but reads will do.
    for (const b of this.bindingsOf(read)) {
      if (b.kind !== 'for' || !b.elementOf) continue;
      for (const v of this.resolve(b.elementOf)) {
        // A display written in the loop's header has no other name to be changed by.
        const inline = v.kind === 'container' && v.node.id === unparenthesized(b.elementOf)?.id;
        if (v.kind === 'container' && v.node.type !== 'tuple' && !inline && (heldByClass(v.node) || !this.dictOnlyRead(v.node, false))) return undefined;
      }
    }
    const out: string[] = [];
    for (const v of values) {
      if (v.kind !== 'const' || v.value.t !== 'str') return undefined;
      if (!out.includes(v.value.v)) out.push(v.value.v);
    }
    return out;
  }

  /**
   * For a rule that reads the syntax of a definition the resolver led it to (a function's body,
   * beyond the answers of its nodes): an incremental analysis runs the reader again whenever the
   * definition's unit is analysed again, as for a call folded through a callee's body.
   */
  readsSyntaxOf(definition: Node): void {
    this.observer?.use?.(definition, true);
  }

  /**
   * The positional arguments `functools.partial` bound into the callee of a call, in the order the
   * call passes them, before its own: `f = partial(math.factorial, 10**9)` then `f()` calls
   * `math.factorial(10**9)` (the resolver already takes `f` for `math.factorial`). Followed through
   * names bound once and nested partials; empty when the callee is no partial or binds nothing.
   */
  /**
   * The `functools.partial(...)` calls a callee is made by, outermost first: `f` of `f =
   * partial(partial(pow, 7), 2)` gives both. Followed through names bound once, a few steps.
   */
  private partialChain(callee: Node): Node[] {
    const out: Node[] = [];
    let n: Node | null = callee;
    for (let guard = 0; n && guard < 16 && out.length < 8; guard++) {
      if (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChild(0);
      else if (n.type === 'identifier') n = this.valueBoundOnce(n) ?? null;
      else if (n.type === 'call') {
        const fn = n.childForFieldName('function');
        if (!fn || !this.qualifiedNames(fn).includes('functools.partial')) break;
        out.push(n);
        n = positionalArguments(n)[0] ?? null;
      } else break;
    }
    return out;
  }

  /** Whether a `functools.partial` the callee is made by binds keyword arguments (`partial(pow, mod=m)`). */
  partialBindsKeywords(callee: Node): boolean {
    return this.partialChain(callee).some((call) => call.childForFieldName('arguments')?.namedChildren.some((c) => c?.type === 'keyword_argument' || c?.type === 'dictionary_splat'));
  }

  /**
   * The positional arguments `functools.partial` bound into the callee of a call, in the order the
   * call passes them, before its own: `f = partial(math.factorial, 10**9)` then `f()` calls
   * `math.factorial(10**9)` (the resolver already takes `f` for `math.factorial`). Empty when the
   * callee is no partial or a partial's arguments are not all written out.
   */
  partialArguments(callee: Node): Node[] {
    const chain = this.partialChain(callee);
    const out: Node[] = [];
    for (let i = chain.length - 1; i >= 0; i--) {
      const args = positionalArguments(chain[i]);
      if (args.length === 0 || args.some((a) => a.type === 'list_splat')) return [];
      out.push(...args.slice(1));
    }
    return out;
  }

  /**
   * The strings a read of a name is confined to by a membership guard every path to it passes
   * (narrowing.ts): `if kind not in ("create", "delete"): raise ValueError(kind)` before it, or
   * the read inside `if kind in KINDS:`. Only for a name of a function's or the module's own
   * (no `global`/`nonlocal`, no binding in a nested scope), every binding of which comes before
   * the guard, so nothing rebinds it between the test and the read; for a container whose members
   * are all known strings and which cannot change (`memberStrings`); and not in a file that may
   * make a `str` subclass with its own equality, which passes any membership test
   * (`mayForgeStrEquality`).
   */
  narrowedStrings(read: Node): string[] | undefined {
    if (read.type !== 'identifier') return undefined;
    const name = identifierName(read);
    const bindings = this.bindingsOf(read);
    if (bindings.length === 0) return undefined;
    const scope = bindings[0].scope;
    if ((scope.kind !== 'function' && scope.kind !== 'module') || scope.globals.has(name) || scope.nonlocals.has(name)) return undefined;
    let within: Node | null = null;
    if (scope.kind === 'function') within = scope.node.childForFieldName('body');
    else for (within = read; within.parent && within.parent.type !== 'module'; within = within.parent);
    if (!within || read.startIndex < within.startIndex || read.endIndex > within.endIndex) return undefined;
    for (const guard of membershipGuards(read, name, within)) {
      const before = bindings.every((b) => {
        if (b.node.startIndex >= guard.statement.startIndex) return false;
        for (let p = b.node.parent; p && p.id !== scope.node.id; p = p.parent) if (NESTED_SCOPE_TYPES.has(p.type)) return false;
        return true;
      });
      if (!before) continue;
      const strings = this.memberStrings(guard.container);
      if (strings && !this.mayForgeStrEquality()) return strings;
    }
    return undefined;
  }

  /** The members of a container tested by a membership guard, when they are all known strings and nothing changes them. */
  private memberStrings(container: Node, depth = 0): string[] | undefined {
    const node = unparenthesized(container);
    // `A = frozenset(A)` (a NameError, but it parses) would follow itself for ever.
    if (!node || depth > 8) return undefined;
    if (node.type === 'call' && ['builtins.frozenset', 'builtins.set', 'builtins.tuple'].some((q) => this.qualifiedNames(node.childForFieldName('function')!).includes(q))) {
      const args = node.childForFieldName('arguments');
      const only = args?.type === 'argument_list' ? codeChildren(args) : [];
      return only.length === 1 ? this.memberStrings(only[0], depth + 1) : undefined;
    }
    let display: Node = node;
    if (node.type === 'identifier' || node.type === 'attribute') {
      const values = this.resolve(node);
      if (values.length !== 1) return undefined;
      const v = values[0];
      // `RULES = frozenset({...})`: immutable, so its members are those written.
      const made = node.type === 'identifier' && v.kind !== 'const' && v.kind !== 'container' ? this.valueBoundOnce(node) : undefined;
      if (made?.type === 'call' && this.qualifiedNames(made.childForFieldName('function')!).some((q) => q === 'builtins.frozenset' || q === 'builtins.tuple')) return this.memberStrings(made, depth + 1);
      // A tuple constant cannot change; a list one may, through any alias of it.
      if (v.kind === 'const') return v.value.t === 'seq' && v.value.kind === 'tuple' ? stringItems(v.value.items) : undefined;
      if (v.kind !== 'container') return undefined;
      display = v.node;
      // A tuple never changes. A list, set or dict only when every use of the one name that holds
      // it reads it (`dictOnlyRead`: no alias, no method that changes it, no store); not one held
      // by a class (`self.FIELDS.append(...)` is no use of the name) nor reached by an attribute.
      if (display.type !== 'tuple' && (node.type !== 'identifier' || heldByClass(display) || !this.dictOnlyRead(display, false))) return undefined;
    }
    if (display.type === 'dictionary') {
      const keys: Const[] = [];
      for (const pair of codeChildren(display)) {
        const key = pair.type === 'pair' ? this.fold(pair.childForFieldName('key')) : undefined;
        if (!key) return undefined;
        keys.push(key);
      }
      return stringItems(keys);
    }
    if (display.type !== 'tuple' && display.type !== 'list' && display.type !== 'set') return undefined;
    const items: Const[] = [];
    for (const element of codeChildren(display)) {
      const item = this.fold(element);
      if (!item) return undefined;
      items.push(item);
    }
    return stringItems(items);
  }

  /**
   * Whether the file may make a `str` subclass that passes any membership test (its own `__eq__`
   * and `__hash__`): it names `__eq__`, `__hash__`, `__setattr__`, `__dict__`, `new_class` or
   * `metaclass`, uses `type` other than as `type(x)`, or `setattr` other than with a constant
   * name. A namespace built for `type("K", (str,), {"__e" "q__": f})` hides the name, so the
   * ways of making a class at run time count whatever they are given.
   */
  private mayForgeStrEquality(): boolean {
    this.readsIdentifiers([...FORGING_NAMES, 'type', 'setattr']);
    if (this.forgeable === undefined) {
      let found = false;
      const stack: Node[] = [this.root];
      while (stack.length && !found) {
        const n = stack.pop()!;
        if (n.type !== 'identifier') {
          pushNamedChildren(stack, n);
          continue;
        }
        const name = identifierName(n);
        if (FORGING_NAMES.includes(name)) found = true;
        else if (name === 'type' || name === 'setattr') {
          const call = n.parent?.type === 'call' && n.parent.childForFieldName('function')?.id === n.id ? n.parent : undefined;
          const args = call ? codeChildren(call.childForFieldName('arguments') ?? call) : [];
          if (name === 'type') found = args.length !== 1;
          else found = args.length !== 3 || args[1].type !== 'string' || this.foldString(args[1]) === undefined;
        }
      }
      this.forgeable = found;
    }
    return this.forgeable;
  }

  /** `mayForgeStrEquality`'s answer for this analysis's tree. */
  private forgeable: boolean | undefined;

  /**
   * The strings an expression inside a function folds to for each call of the function in this
   * file, with its parameters bound to what that call passes or to their defaults (`def
   * render(*parts): return "".join(parts).format(1)` called as `render("{0.", "__class__", "}")`).
   * What callers outside the file pass is not known: these are the values the file itself makes.
   * Calls passing the same arguments (by their text) are folded once; undefined when more than
   * `MAX_AT_CALLS` different ones remain: the strings are then not all known, and a caller must
   * not take the ones it could fold for the whole set. A parameter the body changes in place or
   * rebinds is not bound to what the call passes (its value at the read is another).
   */
  foldStringsAtCalls(node: Node): string[] | undefined {
    let fn: Node | null = node.parent;
    while (fn && !NESTED_SCOPE_TYPES.has(fn.type)) fn = fn.parent;
    if (fn?.type !== 'function_definition') return [];
    const params: Binding[] = [];
    /** Names of the function bound once, to a value that reads a parameter (`expr = RULES.get(name)`, `case str() as expr`): folded again at each call. */
    const locals = new Map<Binding, Node>();
    // The expression's own nodes, then (in what budget is left over) those of the locals it reads:
    // a local too large to follow is left to the resolver, and the parameters still count.
    const stack: Node[] = [node];
    const localValues: Node[] = [];
    let seen = 0;
    let localSeen = 0;
    while (stack.length || localValues.length) {
      const inLocal = stack.length === 0;
      const n = inLocal ? localValues.pop()! : stack.pop()!;
      if (inLocal ? ++localSeen > MAX_AT_CALLS_NODES : ++seen > MAX_AT_CALLS_NODES) {
        if (!inLocal) return [];
        break;
      }
      if (n.type === 'identifier') {
        const bindings = this.bindingsOf(n);
        const b = bindings.length === 1 && bindings[0].scope.node.id === fn.id ? bindings[0] : undefined;
        if (b?.kind === 'param' && !params.includes(b)) params.push(b);
        else if (b && (b.kind === 'assign' || b.kind === 'walrus' || b.kind === 'pattern') && !b.subjectPath && b.value && !b.elementOf && !locals.has(b)) {
          locals.set(b, b.value);
          localValues.push(b.value);
        }
        continue;
      }
      pushNamedChildren(inLocal ? localValues : stack, n);
    }
    if (params.length === 0) return [];
    const method = methodOf(fn);
    const calls: { call: Node; offset: number }[] = [];
    const argumentTexts = new Set<string>();
    const sites = this.callsOf(fn, method, 0);
    if (this.callsTruncated.has(fn.id)) return undefined;
    for (const c of sites) {
      const text = `${c.offset}:${c.call.childForFieldName('arguments')?.text ?? ''}`;
      if (argumentTexts.has(text)) continue;
      argumentTexts.add(text);
      if (calls.length === MAX_AT_CALLS) return undefined;
      calls.push(c);
    }
    const body = fn.childForFieldName('body');
    const out: string[] = [];
    for (const { call, offset } of calls) {
      const bound = new Map<Binding, Const>();
      for (const b of params) {
        const position = parameterPosition(fn, b.node);
        if (!position) continue;
        let value: Const | undefined;
        if (position.splat === 'args') value = this.splatArguments(call, position.from! - offset);
        else if (!position.splat) {
          const arg = argumentFor(call, position, offset) ?? b.value;
          value = arg ? this.fold(arg) : undefined;
        }
        // A list the body may change (`parts.append(x)`, `fill(parts)`) before the read: only a
        // parameter named nowhere in the body but in the expression read keeps what was passed.
        if (value && holdsList(value) && body && this.namedOutside(body, node, b.name)) value = undefined;
        if (value) bound.set(b, value);
      }
      if (bound.size === 0) continue;
      /** Each local folded once for this call (a chain `a1 = a0 + a0` … would fold each link again per read). */
      const localFolds = new Map<Binding, Const | undefined>();
      const env: FoldEnv = withResolve(this, (n, d) => {
        if (n.type === 'identifier') {
          const bindings = this.bindingsOf(n);
          const value = bindings.length === 1 ? bound.get(bindings[0]) : undefined;
          if (value) return [constValue(value)];
          // A local bound once is what its value folds to with this call's parameters.
          const b = bindings.length === 1 ? bindings[0] : undefined;
          const local = b ? locals.get(b) : undefined;
          if (b && local) {
            if (!localFolds.has(b)) {
              // Unknown while it is being folded: a local read in its own value is no constant.
              localFolds.set(b, undefined);
              localFolds.set(b, d <= FOLD_LIMITS.depth ? foldConstant(env, local, d + 1) : undefined);
            }
            const folded = localFolds.get(b);
            if (folded) return [constValue(folded)];
          }
        }
        return this.resolve(n, d);
      });
      const folded = foldConstant(env, node, 1);
      if (folded?.t === 'str' && !out.includes(folded.v)) out.push(folded.v);
    }
    return out;
  }

  /**
   * See `FoldEnv.foldCallWithArguments`. `def f(a): return "__" + a + "__"` called as `f("class")`
   * folds to `__class__`: each parameter is bound to what the call passes (folded in `args`, the
   * caller's environment) or to its default, and every `return` of the body is folded with those
   * bindings, the names of the function bound more than once replayed in order (replay.ts); all of
   * them must fold to the same constant. With `items`, a generator's `yield`s instead (`".".join(
   * parts("class"))`). Undefined for anything that cannot be followed soundly: a parameter the body
   * rebinds, a list argument it may change, `*args`/`**kwargs`, a decorator, `global`/`nonlocal`,
   * a body that may end without a `return`, recursion; bounded by `MAX_CALL_NESTING` and
   * `MAX_CALL_FOLDS`.
   */
  foldCallWithArguments(args: FoldEnv, call: Node, depth: number, items: boolean): Const | undefined {
    const fn = call.childForFieldName('function');
    if (!fn || depth > FOLD_LIMITS.depth) return undefined;
    const callees = args.resolve(fn, depth + 1);
    if (callees.length !== 1 || callees[0].kind !== 'function' || callees[0].node.type !== 'function_definition') return undefined;
    const def = callees[0].node;
    const shape = this.calleeShape(def);
    if (!shape || (items ? shape.returns.length !== 0 || !shape.generator : shape.generator)) return undefined;
    // Folded from the callee's syntax, not from answers of its nodes: whoever takes this fold
    // depends on the callee's unit as a whole, and is analysed again whenever it is (incremental/).
    this.observer?.use?.(def, true);
    const offset = this.receiverOffset(def, fn, depth);
    if (offset === undefined) return undefined;
    const bound = this.boundArguments(args, call, shape, offset, depth);
    if (!bound) return undefined;
    // Recursion, or calls nested past the limit: the answer depends on where folding started.
    if (this.callFoldStack.includes(def.id) || this.callFoldStack.length >= MAX_CALL_NESTING) {
      this.noteCut();
      return undefined;
    }
    // Folded with the arguments as written at the call (not inside another call's body): the same
    // whenever asked, when nothing on the way was cut short. A call asked again is common: every
    // resolution of a call of a local function whose values are unknown folds it.
    const kept = args === this ? this.callFoldCache.get(call.id) : undefined;
    if (kept !== undefined) return kept ?? undefined;
    if (++this.callFolds > MAX_CALL_FOLDS) {
      // Past the budget answers depend on the order of the questions (see `exhausted`).
      this.exhausted = true;
      return undefined;
    }
    const before = this.tainted;
    this.callFoldStack.push(def.id);
    // What folding the body reads (names of the module, answers of other units) is read for the
    // callee, as a resolution of one of its nodes would be: kept here for every call that takes it.
    this.observer?.enter(def);
    let folded: Const | undefined;
    try {
      const env = this.callEnvironment(def, bound);
      folded = items ? this.foldYields(env, def, depth) : this.foldReturns(env, shape, depth);
    } finally {
      this.observer?.exit(def);
      this.callFoldStack.pop();
    }
    if (args === this && this.tainted === before && !this.exhausted) this.callFoldCache.set(call.id, folded ?? null);
    return folded;
  }

  /** Every `return` of the callee folded in `env`, when they all give the same constant. */
  private foldReturns(env: FoldEnv, shape: CalleeShape, depth: number): Const | undefined {
    let found: Const | undefined;
    for (const r of shape.returns) {
      const v = r ? foldConstant(env, r, depth + 2) : NONE_CONST;
      if (!v || (found && !sameConst(found, v))) return undefined;
      found = v;
    }
    return found;
  }

  /**
   * The items a generator's body yields, run in `env`: its statements in order, `yield x` and
   * `yield from <constant>` statements, `for` loops over constants (their bodies of such
   * statements), and statements without a `yield` (what they bind is replayed at each read).
   */
  private foldYields(env: FoldEnv, def: Node, depth: number): Const | undefined {
    const out: Const[] = [];
    const loops = new Map<string, Const>();
    const scoped: FoldEnv = {
      ...env,
      resolve: (n, d) => {
        if (n.type === 'identifier' && loops.size) {
          const item = loops.get(identifierName(n));
          const bindings = item !== undefined ? this.bindingsOf(n) : [];
          if (item !== undefined && bindings.length > 0 && bindings.every((b) => b.kind === 'for' && b.scope.node.id === def.id)) return [constValue(item)];
        }
        return env.resolve(n, d);
      },
    };
    let steps = 0;
    const run = (block: Node): boolean => {
      for (const stmt of codeChildren(block)) {
        if (++steps > MAX_YIELD_STEPS) return false;
        if (stmt.type === 'expression_statement' && codeChildren(stmt).length === 1 && codeChildren(stmt)[0].type === 'yield') {
          const y = codeChildren(stmt)[0];
          const value = codeChildren(y)[0];
          const v = value ? foldConstant(scoped, value, depth + 2) : NONE_CONST;
          if (!v) return false;
          if (y.children.some((c) => c.type === 'from')) {
            if (v.t === 'seq') out.push(...v.items);
            else if (v.t === 'str') for (const ch of v.v) out.push({ t: 'str', v: ch });
            else return false;
          } else out.push(v);
          if (out.length > FOLD_LIMITS.sequenceItems) return false;
          continue;
        }
        if (stmt.type === 'for_statement') {
          const left = stmt.childForFieldName('left');
          const body = stmt.childForFieldName('body');
          if (left?.type !== 'identifier' || !body || stmt.childForFieldName('alternative')) return false;
          const name = identifierName(left);
          if (loops.has(name) || bindsIdentifier(body, name)) return false;
          const iterable = foldConstant(scoped, stmt.childForFieldName('right'), depth + 2);
          const values = iterable?.t === 'seq' ? iterable.items : iterable?.t === 'str' ? [...iterable.v].map((v): Const => ({ t: 'str', v })) : undefined;
          if (!values || values.length > MAX_YIELD_UNROLL) return false;
          try {
            for (const item of values) {
              loops.set(name, item);
              if (!run(body)) return false;
            }
          } finally {
            loops.delete(name);
          }
          continue;
        }
        // Anything else runs as it may: only one that cannot leave the body nor yield.
        if (leavesOrYields(stmt)) return false;
      }
      return true;
    };
    const body = def.childForFieldName('body');
    return body && run(body) ? { t: 'seq', kind: 'list', items: out } : undefined;
  }

  /**
   * The environment a callee's body is folded in for one call: its parameters are the constants
   * `bound` (undefined: unknown), names it binds only by assignments are replayed at each read
   * with those bindings; the rest resolves as everywhere.
   */
  private callEnvironment(def: Node, bound: Map<Binding, BoundArgument>): FoldEnv {
    const scope = this.scopeOfDefinition(def);
    const body = def.childForFieldName('body');
    const answers = new Map<number, Value[]>();
    /** Whether `n` is a bound parameter, or an attribute or subscript of one. */
    const readsBound = (n: Node): boolean => {
      let base: Node | null = n;
      while (base?.type === 'attribute' || base?.type === 'subscript') base = base.childForFieldName(base.type === 'attribute' ? 'object' : 'value');
      if (base?.type !== 'identifier') return false;
      const bindings = this.bindingsOf(base);
      return bindings.length === 1 && bound.has(bindings[0]);
    };
    const resolve: FoldEnv['resolve'] = (n, d) => {
      if (n.type === 'attribute' || n.type === 'subscript') return readsBound(n) ? [UNKNOWN] : this.resolve(n, d);
      if (n.type !== 'identifier') return this.resolve(n, d);
      const known = answers.get(n.id);
      if (known !== undefined) return known;
      let values: Value[] | undefined;
      const bindings = this.bindingsOf(n);
      const argument = bindings.length === 1 ? bound.get(bindings[0]) : undefined;
      if (argument !== undefined) {
        const c = this.boundValue(def, argument);
        values = c ? [constValue(c)] : [UNKNOWN];
      } else if (scope && body && bindings.length > 0 && bindings.length <= MAX_INDEX_ENTRIES && bindings.every((b) => b.scope === scope && (b.kind === 'assign' || b.kind === 'augassign') && this.inOwnCode(b.node, def))) {
        const only = bindings.length === 1 ? bindings[0] : undefined;
        const statement = only?.node.parent?.type === 'assignment' ? only.node.parent.parent : null;
        if (only?.value && !only.subjectPath && only.kind === 'assign' && statement?.parent?.id === body.id && statement.endIndex <= n.startIndex) {
          // Bound once, by a statement of the body itself before the read: that value.
          const c = foldConstant(env, only.value, d);
          if (c) values = [constValue(c)];
        } else if (bindings.some((b) => b.kind === 'assign' && b.value && !b.subjectPath && SEED_TYPES.has(b.value.type))) {
          // A local: its value at this read, the statements before it run with the parameters
          // bound (a name bound only to what calls return gives the replay nothing to start from).
          const c = foldByReplay(env, { read: n, name: identifierName(n), body, bindingNodes: bindings.map((b) => b.node) }, d);
          if (c) values = [constValue(c)];
        }
      }
      values ??= this.resolve(n, d);
      answers.set(n.id, values);
      return values;
    };
    // The questions other than names are the file's own (`withResolve`), but for parameters' parts.
    const env: FoldEnv = {
      ...withResolve(this, resolve),
      qualifiedNamesOf: (n, d) => (readsBound(n) ? NO_NAMES : this.qualifiedNamesOf(n, d)),
      // Names outside the callee read in order as anywhere else.
      foldAtRead: (identifier, d) => (body && identifier.startIndex >= body.startIndex && identifier.endIndex <= body.endIndex ? undefined : this.foldAtRead(identifier, d)),
    };
    return env;
  }

  /** Whether `node` is in the own code of `def`, not in a function, class or comprehension nested in it. */
  private inOwnCode(node: Node, def: Node): boolean {
    for (let p = node.parent; p && p.id !== def.id; p = p.parent) if (NESTED_SCOPE_TYPES.has(p.type)) return false;
    return true;
  }

  /**
   * How many of the callee's first parameters the call fills by itself: 1 for `obj.m(x)` (the
   * instance) and `Cls.cm(x)`, 0 for a function, a static method or `Cls.m(obj, x)`; undefined
   * when the receiver could be either.
   */
  private receiverOffset(def: Node, fn: Node, depth: number): number | undefined {
    const method = methodOf(def);
    if (!method || method.kind === 'static') return 0;
    if (fn.type !== 'attribute') return undefined;
    const object = fn.childForFieldName('object');
    const receivers = object ? this.resolve(object, depth) : [];
    if (receivers.length === 0) return undefined;
    if (receivers.every((r) => r.kind === 'instance')) return 1;
    if (receivers.every((r) => r.kind === 'class')) return method.kind === 'class' ? 1 : 0;
    return undefined;
  }

  /**
   * The constant a parameter holds for one call (folded when first read: most folds of a body
   * stop before reading every parameter); undefined when it does not fold, or is a list the body
   * may change.
   */
  private boundValue(def: Node, argument: BoundArgument): Const | undefined {
    if (argument.value === null) return undefined;
    if (argument.value !== undefined) return argument.value;
    argument.value = null;
    let c = argument.env ? foldConstant(argument.env, argument.node, argument.depth) : this.fold(argument.node);
    // A list the body could change (`parts.append(x)`, `fill(parts)`): not what it was given at every read.
    if (c && holdsList(c) && !this.onlyIterated(def, argument.name, c)) c = undefined;
    argument.value = c ?? null;
    return c;
  }

  /**
   * Each parameter of the callee bound to what `call` passes for it (to be folded in `args`) or to
   * its default (folded where the function is defined); undefined when the call does not fit the
   * parameters.
   */
  private boundArguments(args: FoldEnv, call: Node, shape: CalleeShape, offset: number, depth: number): Map<Binding, BoundArgument> | undefined {
    const list = call.childForFieldName('arguments');
    if (list?.type !== 'argument_list') return undefined;
    const positional: Node[] = [];
    const keywords = new Map<string, Node>();
    for (const c of list.namedChildren) {
      if (!c || c.type === 'comment') continue;
      if (c.type === 'list_splat' || c.type === 'dictionary_splat') return undefined;
      if (c.type === 'keyword_argument') {
        const name = normalizeIdentifier(c.childForFieldName('name')?.text ?? '');
        const value = c.childForFieldName('value');
        if (!value || keywords.has(name)) return undefined;
        keywords.set(name, value);
      } else positional.push(c);
    }
    const params = shape.params;
    if (params.length < offset || params.slice(0, offset).some((p) => p.keywordOnly)) return undefined;
    let used = 0;
    const bound = new Map<Binding, BoundArgument>();
    for (let i = offset; i < params.length; i++) {
      const p = params[i];
      let arg: Node | undefined;
      let passed = true;
      if (!p.keywordOnly && i - offset < positional.length) {
        if (keywords.has(p.name) && !p.positionalOnly) return undefined;
        arg = positional[i - offset];
      } else if (!p.positionalOnly && keywords.has(p.name)) {
        arg = keywords.get(p.name);
        used++;
      } else {
        arg = p.default ?? undefined;
        passed = false;
      }
      if (!arg) return undefined;
      if (p.binding) bound.set(p.binding, { node: arg, env: passed ? args : null, depth: depth + 1, name: p.name, value: undefined });
    }
    const positionalParams = params.filter((p) => !p.keywordOnly).length;
    if (positional.length > positionalParams - offset || used !== keywords.size) return undefined;
    return bound;
  }

  /**
   * Whether every read of the parameter `name` in `def` only reads the list `value` holds: the
   * iterable of a loop, an argument of a builtin that reads it, an operand, an item read. Not when
   * an item is itself a list (`p.append(x)` for `p` in it).
   */
  private onlyIterated(def: Node, name: string, value: Const): boolean {
    if (value.t !== 'seq' || value.items.some(holdsList)) return false;
    const body = def.childForFieldName('body');
    const stack: Node[] = body ? [body] : [];
    let seen = 0;
    while (stack.length) {
      const n = stack.pop()!;
      if (++seen > MAX_CALLEE_NODES) return false;
      if (n.type !== 'identifier') {
        pushNamedChildren(stack, n);
        continue;
      }
      if (identifierName(n) !== name || !isNameReference(n)) continue;
      let at: Node = n;
      while (at.parent?.type === 'parenthesized_expression') at = at.parent;
      const parent = at.parent;
      if (!parent) return false;
      switch (parent.type) {
        case 'for_statement':
        case 'for_in_clause':
          if (parent.childForFieldName('right')?.id !== at.id) return false;
          continue;
        case 'binary_operator':
        case 'comparison_operator':
          continue;
        case 'subscript':
          if (parent.childForFieldName('value')?.id !== at.id || isStoreTarget(parent) || parent.parent?.type === 'delete_statement') return false;
          continue;
        case 'argument_list': {
          const callee = parent.parent?.type === 'call' ? parent.parent.childForFieldName('function') : null;
          if (!callee) return false;
          if (callee.type === 'attribute' && identifierNameOf(callee.childForFieldName('attribute')) === 'join') continue;
          const names = this.qualifiedNames(callee);
          if (names.length === 1 && LIST_READING_BUILTINS.has(names[0])) continue;
          return false;
        }
        default:
          return false;
      }
    }
    return true;
  }

  /** The callee's parameters and returns, or null when a call of it is never folded (see `foldCallWithArguments`). */
  private calleeShape(def: Node): CalleeShape | null {
    let shape = this.calleeShapes.get(def.id);
    if (shape === undefined) this.calleeShapes.set(def.id, (shape = this.calleeShapeUncached(def)));
    return shape;
  }

  private calleeShapeUncached(def: Node): CalleeShape | null {
    const body = def.childForFieldName('body');
    const parameters = def.childForFieldName('parameters');
    const scope = this.scopeOfDefinition(def);
    if (!body || !parameters || !scope || def.children.some((c) => c.type === 'async')) return null;
    if (def.parent?.type === 'decorated_definition') {
      for (const d of def.parent.namedChildren) {
        if (d.type !== 'decorator') continue;
        const text = normalizeIdentifier(d.namedChild(0)?.text ?? '');
        if (text !== 'staticmethod' && text !== 'classmethod') return null;
      }
    }
    const params: CalleeParameter[] = [];
    let keywordOnly = false;
    for (const p of parameters.namedChildren) {
      if (!p || p.type === 'comment') continue;
      let name: Node | null = null;
      let value: Node | null = null;
      switch (p.type) {
        case 'identifier':
          name = p;
          break;
        case 'typed_parameter':
          name = p.namedChild(0);
          if (name?.type !== 'identifier') return null;
          break;
        case 'default_parameter':
        case 'typed_default_parameter':
          name = p.childForFieldName('name');
          value = p.childForFieldName('value');
          if (name?.type !== 'identifier' || !value) return null;
          break;
        case 'keyword_separator':
          keywordOnly = true;
          continue;
        case 'positional_separator':
          for (const q of params) q.positionalOnly = true;
          continue;
        default:
          // `*args`, `**kwargs`, a tuple parameter of Python 2.
          return null;
      }
      const n = identifierName(name!);
      const binding = scope.bindings.get(n)?.find((b) => b.kind === 'param' && b.node.id === name!.id);
      params.push({ name: n, binding, default: value, keywordOnly, positionalOnly: false });
    }
    const returns: (Node | null)[] = [];
    let generator = false;
    const stack: Node[] = [body];
    let seen = 0;
    let nested = 0;
    while (stack.length) {
      const n = stack.pop()!;
      if (n === NESTED_END) {
        nested--;
        continue;
      }
      if (++seen > MAX_CALLEE_NODES) return null;
      switch (n.type) {
        case 'global_statement':
        case 'nonlocal_statement':
        case 'await':
          return null;
        case 'return_statement':
          if (nested === 0) {
            if (returns.length >= MAX_RETURNS) return null;
            returns.push(codeChildren(n)[0] ?? null);
          }
          break;
        case 'yield':
          if (nested === 0) generator = true;
          break;
      }
      if (NESTED_SCOPE_TYPES.has(n.type)) {
        nested++;
        stack.push(NESTED_END);
      }
      pushNamedChildren(stack, n);
    }
    // A body that may run to its end returns None on that path too.
    if (!generator && !alwaysReturns(body)) return null;
    // A function none of whose returns reads a parameter or a name of its own returns the same for
    // every call: `foldLocalCall` has folded that already, if it folds.
    let returnsReadLocals = generator;
    const reads: Node[] = returns.filter((r): r is Node => r !== null);
    while (reads.length && !returnsReadLocals) {
      const n = reads.pop()!;
      if (n.type === 'identifier') returnsReadLocals = scope.bindings.has(identifierName(n));
      else pushNamedChildren(reads, n);
    }
    // None of its returns reads a name of its own: every call returns the same (see `foldCallWithArguments`).
    if (!returnsReadLocals) return null;
    // A parameter the body binds again (or deletes) does not hold what the call passed.
    for (const p of params) if (bindsIdentifier(body, p.name)) return null;
    return { params, returns, generator };
  }

  /**
   * What each call of `fn` in this file passes for some of its parameters (`def pad(s, n=10**11)`
   * called as `pad("a")`): per call, the argument, the default when the call leaves the parameter
   * out, or null when that cannot be told (`pad(*args)`, no default). Calls passing the same
   * arguments (by their text) count once; undefined when the calls are not all known or more than
   * `MAX_AT_CALLS` different ones remain. Callers outside the file are not among these.
   */
  argumentsAtCalls(fn: Node, params: Binding[]): Map<Binding, Node | null>[] | undefined {
    if (fn.type !== 'function_definition' && fn.type !== 'lambda') return undefined;
    // A call of a decorated def calls what the decorator made, which may pass other arguments
    // (`@at_least_one` calling `f(max(step, 1))`); caching decorators pass them on as they are.
    if (fn.parent?.type === 'decorated_definition' && !this.transparentlyDecorated(fn.parent)) return undefined;
    // A def whose name is bound again (`def f` twice): a call may reach the other one.
    const defName = fn.type === 'function_definition' ? fn.childForFieldName('name') : null;
    if (defName && this.bindingsOf(defName).length !== 1) return undefined;
    const method = fn.type === 'function_definition' ? methodOf(fn) : undefined;
    const sites = this.callsOf(fn, method, 0);
    if (this.callsTruncated.has(fn.id)) return undefined;
    const argumentTexts = new Set<string>();
    const out: Map<Binding, Node | null>[] = [];
    for (const { call, offset } of sites) {
      const args = call.childForFieldName('arguments');
      const text = `${offset}:${args?.text ?? ''}`;
      if (argumentTexts.has(text)) continue;
      argumentTexts.add(text);
      if (out.length === MAX_AT_CALLS) return undefined;
      const splat = args?.type !== 'argument_list' || args.namedChildren.some((c) => c?.type === 'list_splat' || c?.type === 'dictionary_splat');
      // A call passing more positional arguments than the def takes raises before the body runs.
      if (!splat && args && tooManyPositional(fn, codeChildren(args).filter((a) => a.type !== 'keyword_argument').length + offset)) continue;
      const passed = new Map<Binding, Node | null>();
      for (const b of params) {
        const position = b.kind === 'param' && b.scope.node.id === fn.id ? parameterPosition(fn, b.node) : undefined;
        const arg = position ? argumentFor(call, position, offset) : undefined;
        passed.set(b, arg ?? (position && !position.splat && !splat ? (b.value ?? null) : null));
      }
      out.push(passed);
    }
    return out;
  }

  /** Whether every decorator of a def passes its calls' arguments on unchanged (`functools.cache`, `lru_cache(...)`, `staticmethod`). */
  private transparentlyDecorated(decorated: Node): boolean {
    return codeChildren(decorated)
      .filter((c) => c.type === 'decorator')
      .every((d) => {
        let expr = codeChildren(d)[0];
        if (expr?.type === 'call') expr = expr.childForFieldName('function') ?? expr;
        return !!expr && this.qualifiedNamesOf(expr, 0).some((q) => TRANSPARENT_DECORATORS.has(q));
      });
  }

  /** Whether an identifier `name` appears in `body` outside `except`. */
  private namedOutside(body: Node, except: Node, name: string): boolean {
    const stack: Node[] = [body];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.id === except.id) continue;
      if (n.type === 'identifier' && identifierName(n) === name) return true;
      pushNamedChildren(stack, n);
    }
    return false;
  }

  /** `f(a, b, c)` for `def f(x, *rest)`: the tuple `rest` gets, from the positional argument `from` on. */
  private splatArguments(call: Node, from: number): Const | undefined {
    const args = call.childForFieldName('arguments');
    if (args?.type !== 'argument_list') return undefined;
    const items: Const[] = [];
    let position = 0;
    for (const c of args.namedChildren) {
      if (!c || c.type === 'comment' || c.type === 'keyword_argument' || c.type === 'dictionary_splat') continue;
      if (c.type === 'list_splat') return undefined;
      if (position++ < from) continue;
      const v = this.fold(c);
      if (!v) return undefined;
      items.push(v);
    }
    return { t: 'seq', kind: 'tuple', items };
  }

  /**
   * True for an identifier that reads a name: not a definition, parameter, attribute or keyword
   * name, and not a store target. Asked by most rules about every identifier, so kept per node.
   */
  isNameRead(identifier: Node): boolean {
    const memo = memoOf(identifier, this.owner, this.taken);
    if (memo.read === 0) memo.read = isNameReference(identifier) && !isStoreTarget(identifier) ? 2 : 1;
    return memo.read === 2;
  }

  /** The binding that made an alias, for related information (`g = getattr`). */
  aliasBinding(node: Node): Binding | undefined {
    if (node.type !== 'identifier') return undefined;
    return this.bindingsOf(node).find((b) => b.kind !== 'def' && b.kind !== 'class');
  }

  private resolveUncached(node: Node, depth: number): Value[] {
    switch (node.type) {
      case 'identifier':
        return this.resolveName(node, depth);
      case 'attribute': {
        let object = node.childForFieldName('object');
        // `[*itertools.repeat(x)]` parses as an attribute of the splat `*itertools`: the star
        // applies to the whole chain, and the attribute is that of what is splatted.
        if (object?.type === 'list_splat') object = codeChildren(object)[0] ?? null;
        const attr = node.childForFieldName('attribute');
        if (!object || !attr) return [UNKNOWN];
        return this.member(this.resolve(object, depth), identifierName(attr), depth);
      }
      case 'keyword_pattern': {
        // `case object(sys=...)` reads the attribute `sys` of what the class pattern matched.
        const key = node.namedChild(0);
        const reached = key?.type === 'identifier' ? subjectOf(node, { kind: 'attribute', name: identifierName(key) }) : undefined;
        return reached ? this.unpacked(this.resolve(reached.subject, depth), reached.path ?? [], depth) : [UNKNOWN];
      }
      case 'subscript':
      case 'call': {
        const values = node.type === 'call' ? this.resolveCall(node, depth) : this.resolveSubscript(node, depth);
        // `"__ssalc__"[::-1]`, `"svyr".decode("rot13")`, `chr(95) * 2`: constants computed by a call or slice.
        if (values.every((v) => v.kind === 'unknown')) {
          const c = foldConstant(this, node, depth);
          if (c) return [constValue(c)];
        }
        return values;
      }
      case 'parenthesized_expression': {
        const inner = node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
        return inner.length === 1 ? this.resolve(inner[0], depth) : [UNKNOWN];
      }
      case 'conditional_expression': {
        const [a, test, b] = node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
        // A constant test (`x if True else y`) picks one branch; otherwise either may be the value.
        const t = test ? foldConstant(this, test, depth + 1) : undefined;
        const truth = t ? constTruthiness(t) : undefined;
        if (truth !== undefined) { const picked = truth ? a : b; return picked ? this.resolve(picked, depth) : [UNKNOWN]; }
        return [...(a ? this.resolve(a, depth) : []), ...(b ? this.resolve(b, depth) : [])];
      }
      case 'boolean_operator': {
        const l = node.childForFieldName('left');
        const r = node.childForFieldName('right');
        // A left side that folds decides which side is the value (`a or b`: `a` when it is true).
        const t = l ? foldConstant(this, l, depth + 1) : undefined;
        const truth = t ? constTruthiness(t) : undefined;
        if (truth !== undefined) {
          const picked = truth === (node.childForFieldName('operator')?.type === 'or') ? l : r;
          return picked ? this.resolve(picked, depth) : [UNKNOWN];
        }
        return [...(l ? this.resolve(l, depth) : []), ...(r ? this.resolve(r, depth) : [])];
      }
      case 'named_expression': {
        const v = node.childForFieldName('value');
        return v ? this.resolve(v, depth) : [UNKNOWN];
      }
      case 'lambda':
        return [nodeValue('function', node)];
      case 'list':
      case 'tuple':
      case 'set':
      case 'dictionary':
        return [nodeValue('container', node)];
      case 'await':
        return [UNKNOWN];
      default: {
        const c = foldConstant(this, node, depth);
        return c ? [constValue(c)] : [UNKNOWN];
      }
    }
  }

  private resolveName(node: Node, depth: number): Value[] {
    const name = identifierName(node);
    if (name === 'True') return TRUE_VALUES;
    if (name === 'False') return FALSE_VALUES;
    if (name === 'None') return NONE_VALUES;
    const scope = this.readScope(name, node);
    const bindings = scope?.bindings.get(name);
    if (!bindings) {
      const values: Value[] = [];
      for (const mod of this.table.module.wildcardImports) values.push(qnameValue(canonicalQName(`${mod}.${name}`)));
      values.push(builtinValue(name));
      return values;
    }
    // Most names have one binding: its values are the answer (the array is shared, never mutated).
    if (bindings.length === 1 && bindings[0].kind !== 'del') return this.bindingValues(bindings[0], depth);
    const out: Value[] = [];
    for (const b of bindings) out.push(...this.bindingValues(b, depth));
    // `del x` at module level makes a later `x` fall back to the builtin of that name.
    if (bindings.some((b) => b.kind === 'del')) out.push(builtinValue(name));
    return out;
  }

  /** The values a binding gives its name. Shared: callers must not mutate the array. */
  private bindingValues(b: Binding, depth: number): Value[] {
    switch (b.kind) {
      case 'import': {
        // The same for every reference to the name: made once per binding.
        if (b.values === undefined) {
          const q = canonicalQName(b.qname ?? b.name);
          b.values = [qnameValue(q, q !== b.qname ? b.qname : undefined, b.node)];
        }
        return b.values;
      }
      case 'assign':
      case 'walrus': {
        if (!b.value) return [UNKNOWN];
        if (b.subjectPath) {
          // `(n,) = gen()`: the items of a local generator are what it yields.
          const first = b.subjectPath[0];
          const yielded = b.value.type === 'call' && (first.kind === 'index' || first.kind === 'element') ? this.generatorItems(b.value, depth) : undefined;
          if (yielded) return withAliases(this.unpacked(yielded, b.subjectPath.slice(1), depth), b.node);
          return withAliases(this.unpacked(this.resolve(b.value, depth), b.subjectPath, depth), b.node);
        }
        const values = this.resolve(b.value, depth);
        if (b.valuesFrom === values) return b.values!;
        const aliased = withAliases(values, b.node);
        // Kept with the binding while it is the complete answer for the value (see `resolve`).
        if (peekMemo(b.value, this.owner)?.values === values) {
          b.valuesFrom = values;
          b.values = aliased;
        }
        return aliased;
      }
      case 'param':
        return this.parameterValues(b, depth);
      case 'pattern': {
        // The match subject, or the part of it a nested capture takes (`case [f]`, `case {"k": f}`).
        if (!b.value) return [UNKNOWN];
        return this.unpacked(this.resolve(b.value, depth), b.subjectPath ?? [], depth).map((v) => withAlias(v, b.node));
      }
      case 'for':
        if (!b.elementOf) return [UNKNOWN];
        return this.iterated(b.elementOf, b.subjectPath ?? [], depth).map((v) => withAlias(v, b.node));
      case 'augassign':
        return this.augmentedValues(b, depth);
      case 'def':
      case 'class':
        // The same for every reference to the name: made once per binding.
        if (b.values === undefined) b.values = b.definition ? [nodeValue(b.kind === 'def' ? 'function' : 'class', b.definition)] : [UNKNOWN];
        return b.values;
      case 'del':
        return [];
      default:
        return [UNKNOWN];
    }
  }

  /**
   * A parameter: whatever a caller outside the file may pass (`unknown`), its default, and what
   * each call of the function in this file passes for it (`render("{0.__class__}", x)` gives
   * `tpl` of `def render(tpl, x)` that template); `self` and `cls` of a method are an instance
   * of its class (or of a subclass in this file) and the class.
   */
  private parameterValues(b: Binding, depth: number): Value[] {
    // The same for every reference to the parameter (all in its function, so in one unit for
    // the incremental analysis): worked out once per analysis, when nothing cut it short.
    const cached = this.parameterCache.get(b);
    if (cached) return cached;
    const cuts = this.cuts;
    const values = dedupeValues(this.valuesFlowingInto(b, depth, new Set(), b.scope.node));
    if (this.cuts === cuts && !this.exhausted) this.parameterCache.set(b, values);
    return values;
  }

  /**
   * What flows into a parameter. An argument that is itself a parameter (`def page(t): return
   * render(t, 1)`) is followed here rather than through `resolve`, with the parameters already
   * on the way left out: calls of each other through parameters (a class whose methods hand
   * `context` around) are then one computation, not a cycle cut short and redone per question.
   */
  private valuesFlowingInto(b: Binding, depth: number, visited: Set<Binding>, asked: Node): Value[] {
    visited.add(b);
    const fn = b.scope.node;
    const method = b.scope.kind === 'function' ? methodOf(fn) : undefined;
    const param = b.scope.kind === 'function' || b.scope.kind === 'lambda' ? parameterPosition(fn, b.node) : undefined;
    const out: Value[] = [];
    if (method && method.kind !== 'static' && param?.index === 0) {
      // Not what calls pass: `obj.m()` passes `obj`, which is one of these (and following the
      // calls of every method to resolve each `self` would cost more than all the rest).
      for (const cls of [method.cls, ...this.subclassesOf(method.cls, depth)]) out.push(nodeValue(method.kind === 'class' ? 'class' : 'instance', cls));
      return out;
    }
    out.push(UNKNOWN);
    if (b.value) for (const v of this.resolve(b.value, depth)) out.push(withAlias(v, b.node));
    if (!param) return out;
    // The calls of another function than the one whose parameter was asked (`asked`) are not
    // kept nor taken from what was kept with an observer: the incremental analysis files what
    // working them out reads under the unit being resolved, the asked function's, and each unit
    // must make its own (as `classFact` has it).
    const keep = fn === asked || this.observer === undefined;
    for (const arg of this.argumentsPassed(fn, method, param, depth, keep)) {
      if (out.length > MAX_PARAMETER_VALUES) break;
      const passed = arg.type === 'identifier' ? this.bindingsOf(arg) : [];
      if (passed.length === 1 && passed[0].kind === 'param') {
        if (!visited.has(passed[0]) && visited.size < MAX_INDEX_ENTRIES) for (const v of this.valuesFlowingInto(passed[0], depth, visited, asked)) out.push(withAlias(v, b.node));
        continue;
      }
      // What is computed from another parameter (`unwrap(obj.__wrapped__)`) is left open: followed,
      // functions that pass each other parts of what they were given grow chains without end.
      if (this.readsParameter(arg)) continue;
      for (const v of this.resolve(arg, depth)) out.push(withAlias(v, b.node));
    }
    return out;
  }

  /** True when `expression` reads a parameter of a function (or is too large to tell). */
  private readsParameter(expression: Node): boolean {
    const stack = [expression];
    let seen = 0;
    while (stack.length) {
      const n = stack.pop()!;
      if (++seen > MAX_PARAMETER_VALUES) return true;
      if (n.type === 'identifier') {
        // `self` and `cls` are known without the calls (`render(self.LAYOUT)` is followed).
        if (this.isNameRead(n) && this.bindingsOf(n).some((b) => b.kind === 'param' && !isReceiverParameter(b))) return true;
        continue;
      }
      // A lambda's own parameters are not what the call was given.
      if (n.type === 'lambda') continue;
      const children = n.children;
      for (let i = 0; i < children.length; i++) if (children[i].isNamed) stack.push(children[i]);
    }
    return false;
  }

  /** The arguments the calls of `fn` in this file pass for `param` (a constructor call for `__init__`). */
  private argumentsPassed(fn: Node, method: MethodInfo | undefined, param: ParameterPosition, depth: number, keep: boolean): Node[] {
    const out: Node[] = [];
    for (const { call, offset } of this.callsOf(fn, method, depth, keep)) {
      const arg = argumentFor(call, param, offset);
      if (arg) out.push(arg);
    }
    return out;
  }

  /**
   * The calls of `fn` in this file, with 1 for those that pass `self` themselves (`obj.render(...)`,
   * `View(...)` calling `__init__`). Kept per analysis when nothing cut it short: every parameter
   * of the function asks. `keep` false: neither kept nor taken from what was (see `valuesFlowingInto`).
   */
  private callsOf(fn: Node, method: MethodInfo | undefined, depth: number, keep = true): { call: Node; offset: number }[] {
    const cached = keep ? this.callsCache.get(fn.id) : undefined;
    if (cached) return cached;
    // Asked again while being worked out (a call's receiver returned by a method that reads the
    // parameter): a cycle, cut short as `resolveAt` cuts one.
    if (this.callsInProgress.has(fn.id)) {
      this.noteCut();
      return [];
    }
    this.callsInProgress.add(fn.id);
    try {
      return this.callsOfUncached(fn, method, depth, keep);
    } finally {
      this.callsInProgress.delete(fn.id);
    }
  }

  private callsOfUncached(fn: Node, method: MethodInfo | undefined, depth: number, keep: boolean): { call: Node; offset: number }[] {
    const cuts = this.cuts;
    const constructs = method?.kind === 'instance' && normalizeIdentifier(fn.childForFieldName('name')?.text ?? '') === '__init__';
    // `__init__` runs for the class and for its subclasses that do not define their own.
    const targets = constructs
      ? [method!.cls, ...this.subclassesOf(method!.cls, depth).filter((c) => !this.scopeOfDefinition(c)?.bindings.has('__init__'))]
      : [fn];
    const names: string[] = [];
    for (const t of targets) for (const n of this.namesCalling(t)) if (!names.includes(n)) names.push(n);
    const out: { call: Node; offset: number }[] = [];
    // `(lambda t: t.format(1))("{0.__class__}")`: a lambda called where it is written.
    if (fn.type === 'lambda') {
      let callee: Node = fn;
      while (callee.parent?.type === 'parenthesized_expression') callee = callee.parent;
      const call = callee.parent;
      if (call?.type === 'call' && call.childForFieldName('function')?.id === callee.id) out.push({ call, offset: 0 });
    }
    let seen = 0;
    search: for (const name of names) {
      for (const site of this.table.module.bindings.get(INDEX.call(name)) ?? []) {
        if (++seen > MAX_INDEX_ENTRIES) {
          this.callsTruncated.add(fn.id);
          break search;
        }
        const call = site.node;
        // What a function passes to itself comes from what it was given (and would be a cycle).
        if (call.startIndex >= fn.startIndex && call.endIndex <= fn.endIndex) continue;
        const callee = call.childForFieldName('function');
        if (!callee || !this.resolve(callee, depth).some((v) => (v.kind === 'function' || v.kind === 'class') && targets.some((t) => t.id === v.node.id))) continue;
        let offset = constructs ? 1 : 0;
        if (!constructs && method && method.kind !== 'static' && callee.type === 'attribute') {
          const object = callee.childForFieldName('object');
          const receivers = object ? this.resolve(object, depth) : [];
          if (receivers.some((r) => r.kind === 'instance' || (method.kind === 'class' && r.kind === 'class'))) offset = 1;
        }
        out.push({ call, offset });
      }
    }
    if (keep && this.cuts === cuts && !this.exhausted) this.callsCache.set(fn.id, out);
    return out;
  }

  /** The names a function or class is called by: its own and those of aliases (`r = render`). */
  private namesCalling(definition: Node): string[] {
    let own: Node | null | undefined;
    if (definition.type === 'lambda') {
      // `fmt = lambda t, v: t.format(v)`
      const assignment = definition.parent;
      if (assignment?.type === 'assignment' && assignment.childForFieldName('right')?.id === definition.id) own = assignment.childForFieldName('left');
      if (own?.type !== 'identifier') return [];
    } else own = definition.childForFieldName('name');
    if (!own) return [];
    const names = [normalizeIdentifier(own.text)];
    for (let i = 0; i < names.length && names.length < MAX_INDEX_ENTRIES; i++) {
      for (const alias of this.table.module.bindings.get(INDEX.alias(names[i])) ?? []) {
        const n = normalizeIdentifier(alias.node.text);
        if (!names.includes(n)) names.push(n);
      }
    }
    return names;
  }

  /** The classes of this file that derive from `cls`, directly or not. */
  subclassesInFile(cls: Node): Node[] {
    return this.subclassesOf(cls, 0);
  }

  /** `subclassesInFile`, within the resolver's depth budget. */
  private subclassesOf(cls: Node, depth: number): Node[] {
    const out: Node[] = [];
    const pending = [cls];
    while (pending.length && out.length < MAX_INDEX_ENTRIES) {
      const c = pending.pop()!;
      const name = c.childForFieldName('name');
      if (!name) continue;
      for (const entry of this.table.module.bindings.get(INDEX.base(normalizeIdentifier(name.text))) ?? []) {
        const derived = entry.node;
        if (derived.id === cls.id || out.some((o) => o.id === derived.id)) continue;
        if (!this.localBases(derived, depth).some((b) => b.id === c.id)) continue;
        out.push(derived);
        pending.push(derived);
      }
    }
    return out;
  }

  /**
   * The dotted names of the classes `cls` derives from outside this file, directly or through
   * its local bases (`class F(string.Formatter)`, `class G(F)` both give `string.Formatter`).
   */
  inheritedQualifiedNames(cls: Node): string[] {
    const out: string[] = [];
    const seen: number[] = [];
    const pending = [cls];
    while (pending.length && seen.length < MAX_INDEX_ENTRIES) {
      const c = pending.pop()!;
      if (seen.includes(c.id)) continue;
      seen.push(c.id);
      for (const base of c.childForFieldName('superclasses')?.namedChildren ?? []) {
        if (!base || base.type === 'keyword_argument' || base.type === 'comment') continue;
        for (const v of this.resolve(base)) {
          if (v.kind === 'class') pending.push(v.node);
          else if (v.kind === 'qname' && !out.includes(v.name)) out.push(v.name);
        }
      }
    }
    return out;
  }

  /**
   * `compute()`, kept under `key` in `cache` when nothing on the way was cut short (then it is
   * the same whenever it is asked, as `resolve` keeps its answers). Only without an observer:
   * the incremental analysis files the lookups a resolution makes under the unit being
   * resolved, so each unit must make its own.
   */
  private classFact<T>(cache: Map<string, T> | undefined, key: string, compute: () => T): T {
    if (cache === undefined) return compute();
    if (cache.has(key)) return cache.get(key) as T;
    const cuts = this.cuts;
    const tainted = this.tainted;
    const value = compute();
    if (this.cuts === cuts && this.tainted === tainted && !this.exhausted) cache.set(key, value);
    return value;
  }

  /** The per-name cache of a class in `caches` (none with an observer, see `classFact`). */
  private factsOf<T>(caches: Map<Node, Map<string, T>>, cls: Node): Map<string, T> | undefined {
    if (this.observer !== undefined) return undefined;
    let facts = caches.get(cls);
    if (facts === undefined) caches.set(cls, (facts = new Map()));
    return facts;
  }

  /** The base classes of `cls` that are classes of this file. */
  private localBases(cls: Node, depth: number): Node[] {
    if (this.observer !== undefined) return this.localBasesUncached(cls, depth);
    const cached = this.basesCache.get(cls);
    if (cached !== undefined) return cached;
    const cuts = this.cuts;
    const tainted = this.tainted;
    const out = this.localBasesUncached(cls, depth);
    if (this.cuts === cuts && this.tainted === tainted && !this.exhausted) this.basesCache.set(cls, out);
    return out;
  }

  private localBasesUncached(cls: Node, depth: number): Node[] {
    const out: Node[] = [];
    for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (!base || base.type === 'keyword_argument' || base.type === 'comment') continue;
      for (const v of this.resolve(base, depth)) if (v.kind === 'class' && !out.some((o) => o.id === v.node.id)) out.push(v.node);
    }
    return out;
  }

  /** What a class body binds to `name`, in the class or the first of its local bases that binds it. */
  private classChainAttribute(cls: Node, name: string, depth: number): Value[] | undefined {
    return this.classFact(this.factsOf(this.classAttributeCache, cls), name, () => this.classChainAttributeUncached(cls, name, depth));
  }

  private classChainAttributeUncached(cls: Node, name: string, depth: number): Value[] | undefined {
    const seen: number[] = [];
    const pending = [cls];
    while (pending.length && seen.length < MAX_INDEX_ENTRIES) {
      const c = pending.shift()!;
      if (seen.includes(c.id)) continue;
      seen.push(c.id);
      const bindings = this.scopeOfDefinition(c)?.bindings.get(name);
      if (bindings) return bindings.flatMap((b) => this.bindingValues(b, depth));
      pending.push(...this.localBases(c, depth));
    }
    return undefined;
  }

  /** `obj.name` of an instance: the class attribute, and what `self.name = ...`/`obj.name = ...` assign. */
  private instanceAttribute(cls: Node, name: string, depth: number): Value[] {
    return this.classFact(this.factsOf(this.instanceAttributeCache, cls), name, () => this.instanceAttributeUncached(cls, name, depth));
  }

  private instanceAttributeUncached(cls: Node, name: string, depth: number): Value[] {
    const out: Value[] = [];
    const fromClass = this.classChainAttribute(cls, name, depth);
    if (fromClass) out.push(...fromClass);
    out.push(...this.classStores(cls, name, depth));
    out.push(...this.attributeStores(name, depth, (object) => this.resolve(object, depth).some((r) => r.kind === 'instance' && r.node.id === cls.id)));
    return out.length ? out : [UNKNOWN];
  }

  /** The part of `values` a nested target or capture takes (`a, b = pair`, `case [f]`). */
  private unpacked(values: Value[], path: SubjectStep[], depth: number): Value[] {
    let out = values;
    for (const step of path) out = this.subjectStep(out, step, depth);
    return out;
  }

  private subjectStep(values: Value[], step: SubjectStep, depth: number): Value[] {
    switch (step.kind) {
      case 'index':
        return this.itemOf(values, { t: 'int', v: BigInt(step.index) }, depth);
      case 'element':
        return this.elementsOf(values, depth);
      case 'key': {
        const key = foldConstant(this, step.key, depth);
        return key ? this.itemOf(values, key, depth) : [UNKNOWN];
      }
      case 'attribute':
        return this.member(values, step.name, depth);
      case 'slice':
        return values.map((v) => this.starredPart(v, step.start, step.stop, depth));
    }
  }

  /** A display made only to be unpacked (`head, *body = ["f", "l"]`): nothing else holds it. */
  private unpackedAtOnce(display: Node): boolean {
    const parent = display.parent;
    if (display.namedChildren.some((c) => c?.type === 'list_splat')) return false;
    return parent?.type === 'assignment' && parent.childForFieldName('right')?.id === display.id && parent.childForFieldName('left')?.type !== 'identifier';
  }

  /**
   * The list a starred target takes of one value (`head, *body, tail = "floor"` gives `body`
   * `['l', 'o', 'o']`): a constant when every item between is known, else unknown.
   */
  private starredPart(value: Value, start: number, stop: number, depth: number): Value {
    let items: Const[] | undefined;
    if (value.kind === 'const') {
      const c = value.value;
      if (c.t === 'str') items = SURROGATE.test(c.v) ? undefined : Array.from(c.v, (ch): Const => ({ t: 'str', v: ch }));
      else if (c.t === 'bytes') items = c.v.map((b): Const => ({ t: 'int', v: BigInt(b) }));
      else if (c.t === 'seq') items = c.items;
    } else if (value.kind === 'container' && (value.node.type === 'list' || value.node.type === 'tuple') && (this.unpackedAtOnce(value.node) || this.displayComplete(value.node))) {
      const children = value.node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
      if (children.length <= FOLD_LIMITS.sequenceItems && children.length >= start - stop) {
        const folded = children.slice(start, children.length + stop).map((c) => foldConstant(this, c, depth));
        if (folded.every((c) => c !== undefined)) return constValue({ t: 'seq', kind: 'list', items: folded as Const[] });
      }
      return UNKNOWN;
    }
    if (!items || items.length > FOLD_LIMITS.sequenceItems || items.length < start - stop) return UNKNOWN;
    return constValue({ t: 'seq', kind: 'list', items: items.slice(start, items.length + stop) });
  }

  /**
   * The part `path` takes of each element of `iterable`, seen through the helpers that pair or
   * pass on elements: `enumerate(xs)` (the element at index 1), `zip(a, b)` (index i is an element
   * of the i-th), `d.items()`/`d.values()`/`d.keys()` of a dict display, `sorted`/`reversed`/
   * `list`/`tuple`/`set`/`iter`/`filter`. `for k, t in {"a": "{0.__class__}"}.items()` gives `t`
   * the template.
   */
  private iterated(iterable: Node, path: SubjectStep[], depth: number): Value[] {
    let node = iterable;
    while (node.type === 'parenthesized_expression' && node.namedChildren.length === 1 && node.namedChildren[0]) node = node.namedChildren[0];
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'comment');
      const positional = args.every((a) => a.type !== 'list_splat' && a.type !== 'dictionary_splat') ? args.filter((a) => a.type !== 'keyword_argument') : undefined;
      const [first, ...rest] = path;
      if (fn && positional) {
        const names = this.qualifiedNamesOf(fn, depth);
        if (names.length === 1) {
          switch (names[0]) {
            case 'builtins.enumerate':
              return first?.kind === 'index' && first.index === 1 && positional[0] ? this.iterated(positional[0], rest, depth) : [UNKNOWN];
            case 'builtins.zip':
              return first?.kind === 'index' && positional[first.index] ? this.iterated(positional[first.index], rest, depth) : [UNKNOWN];
            case 'builtins.filter':
              return positional[1] ? this.iterated(positional[1], path, depth) : [UNKNOWN];
            case 'builtins.sorted':
            case 'builtins.reversed':
            case 'builtins.list':
            case 'builtins.tuple':
            case 'builtins.set':
            case 'builtins.frozenset':
            case 'builtins.iter':
              if (positional.length === 1) return this.iterated(positional[0], path, depth);
          }
        }
        const method = fn.type === 'attribute' ? normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '') : '';
        const object = fn.type === 'attribute' ? fn.childForFieldName('object') : null;
        if (object && positional.length === 0 && (method === 'items' || method === 'values' || method === 'keys')) {
          const dicts = this.resolve(object, depth);
          if (dicts.every((v) => v.kind === 'container' && v.node.type === 'dictionary')) {
            const part = method === 'items' ? (first?.kind === 'index' && first.index < 2 ? first.index : -1) : method === 'keys' ? 0 : 1;
            if (part < 0) return [UNKNOWN];
            const values = dicts.flatMap((d) => this.dictionaryParts(d.kind === 'container' ? d.node : node, part === 0 ? 'key' : 'value', depth));
            return this.unpacked(values, method === 'items' ? rest : path, depth);
          }
        }
      }
    }
    if (node.type === 'call') {
      const yielded = this.generatorItems(node, depth);
      if (yielded) return this.unpacked(yielded, path, depth);
    }
    // `next(m for m in (typing.sys,))`: each item is what the comprehension's body makes.
    const made = comprehensionElement(node);
    if (made) return this.unpacked(this.comprehendedValues(node, made, depth), path, depth);
    const splat = this.splatParameter(node);
    if (splat?.position.splat === 'args') return this.unpacked([UNKNOWN, ...this.splatItems(splat.binding, splat.position, undefined, depth)], path, depth);
    return this.unpacked(this.elementsOf(this.resolve(iterable, depth), depth), path, depth);
  }

  /**
   * `for t in templates(): ...` with `def templates(): yield "{0.__class__}"`: the items of a call of
   * a local generator are what its `yield`s give (and the items of what it `yield from`s).
   * Undefined when the callee is not a generator of this file.
   */
  private generatorItems(call: Node, depth: number): Value[] | undefined {
    const fn = call.childForFieldName('function');
    const callees = fn ? this.resolve(fn, depth) : [];
    if (!callees.length || !callees.every((v) => v.kind === 'function' && v.node.type === 'function_definition')) return undefined;
    const out: Value[] = [];
    for (const callee of callees) {
      const node = (callee as { node: Node }).node;
      let found = this.yieldsOf.get(node.id);
      if (!found) this.yieldsOf.set(node.id, (found = yieldedExpressions(node)));
      if (!found.length) return undefined;
      // A generator that delegates to itself, directly or through others (`yield from
      // part.walk()` in `walk`), is followed once: asked again inside itself, its items are open.
      // Followed again it overflowed the stack (email/message.py).
      if (this.expandingGenerators.has(node.id) || depth > MAX_RESOLVE_DEPTH) {
        out.push(UNKNOWN);
        continue;
      }
      this.expandingGenerators.add(node.id);
      try {
        for (const y of found) {
          const value = codeChildren(y)[0];
          const delegates = y.children.some((c) => c.type === 'from');
          if (!value) out.push(constValue({ t: 'none' }));
          else out.push(...(delegates ? this.iterated(value, [], depth + 1) : this.resolve(value, depth + 1)));
        }
      } finally {
        this.expandingGenerators.delete(node.id);
      }
    }
    return out;
  }

  /** The keys or the values of a dict display (`**` entries leave the answer open). */
  private dictionaryParts(dict: Node, part: 'key' | 'value', depth: number): Value[] {
    const out: Value[] = [];
    for (const s of this.storedItems(dict, depth)) {
      const n = part === 'key' ? s.key : s.value;
      out.push(...(n ? this.resolve(n, depth) : [UNKNOWN]));
    }
    for (const pair of dict.namedChildren) {
      if (!pair || pair.type === 'comment') continue;
      const n = pair.type === 'pair' ? pair.childForFieldName(part) : null;
      if (n) out.push(...this.resolve(n, depth));
      else out.push(UNKNOWN);
    }
    return out.length ? out : [UNKNOWN];
  }

  /**
   * What `x += y` gives `x`: each value `x` has from its other bindings combined with `y`
   * (`t = "{0."` then `t += "__class__}"`); flow-insensitive, as the rest of the resolver.
   */
  private augmentedValues(b: Binding, depth: number): Value[] {
    const statement = b.node.parent;
    const right = statement?.type === 'augmented_assignment' ? statement.childForFieldName('right') : null;
    const op = statement?.childForFieldName('operator')?.text;
    if (!right || (op !== '+=' && op !== '*=')) return [UNKNOWN];
    const added = foldConstant(this, right, depth);
    if (!added) return [UNKNOWN];
    const out: Value[] = [UNKNOWN];
    for (const other of b.scope.bindings.get(b.name) ?? []) {
      if (other === b || other.kind === 'augassign' || other.kind === 'del') continue;
      for (const v of this.bindingValues(other, depth)) {
        if (v.kind !== 'const' || out.length > MAX_INDEX_ENTRIES) continue;
        const c = combineConst(v.value, op, added);
        if (c) out.push(constValue(c));
      }
    }
    return out;
  }

  /** Values of the elements of an iterable: `for f in [eval, exec]` binds `f` to both. */
  private elementsOf(values: Value[], depth: number): Value[] {
    const out: Value[] = [];
    for (const v of values) {
      if (v.kind === 'container' && v.node.type === 'dictionary') {
        out.push(...this.dictionaryParts(v.node, 'key', depth));
      } else if (v.kind === 'container') {
        for (const c of v.node.namedChildren) if (c && c.type !== 'comment') out.push(...this.resolve(c, depth));
        out.push(...this.addedElements(v.node, depth));
      } else if (v.kind === 'const' && v.value.t === 'seq') {
        for (const item of v.value.items) out.push(constValue(item));
      } else out.push(UNKNOWN);
    }
    return out.length ? out : [UNKNOWN];
  }

  /** `values.name`: a module member, a builtin's attribute, or what a namespace holds. */
  member(values: Value[], name: string, depth: number): Value[] {
    const out: Value[] = [];
    for (const v of values) {
      if (name === '__builtins__') out.push(qnameValue('builtins'));
      else if (name === '__globals__' || name === 'func_globals' || name === 'f_globals') out.push(namespaceValue());
      else if (v.kind === 'qname') {
        const joined = `${v.name}.${name}`;
        const q = canonicalQName(joined);
        out.push(qnameValue(q, q !== joined || v.path ? `${v.path ?? v.name}.${name}` : undefined, v.alias));
      } else if (v.kind === 'namespace') out.push(...this.namespaceEntry(name, depth));
      else if (name === '__doc__' && (v.kind === 'class' || v.kind === 'function' || v.kind === 'instance')) out.push(this.docstringOf(v.node, depth));
      else if (v.kind === 'class') out.push(...this.classAttribute(v.node, name, depth));
      else if (v.kind === 'instance') out.push(...this.instanceAttribute(v.node, name, depth));
      else out.push(UNKNOWN);
    }
    return out;
  }

  /**
   * `Card.__doc__` of a class or function of this file: its docstring, a template like any other
   * string (`Card.__doc__.format(card)`), unless the file stores a `__doc__` anywhere.
   */
  private docstringOf(definition: Node, depth: number): Value {
    if (this.table.module.bindings.get(INDEX.attribute('__doc__'))?.length) return UNKNOWN;
    // A decorator may hand back another object (`functools.wraps`, `dataclass` writes one).
    if (definition.parent?.type === 'decorated_definition') return UNKNOWN;
    const body = definition.childForFieldName('body');
    const statements = body ? codeChildren(body) : [];
    // `__doc__ = ...` in the class body replaces the docstring.
    if (statements.slice(1).some((st) => /\b__doc__\b/.test(st.text))) return UNKNOWN;
    // Handed anywhere (`functools.wraps(g)(f)`, `update_wrapper(f, g)`), its `__doc__` may be set there.
    const name = definition.childForFieldName('name');
    const uses = name ? this.identifiersNamed(name) : undefined;
    if (!uses || uses.some((u) => u.id !== name!.id && !(u.parent?.type === 'attribute' && u.parent.childForFieldName('object')?.id === u.id) && !(u.parent?.type === 'call' && u.parent.childForFieldName('function')?.id === u.id))) return UNKNOWN;
    let first: Node | undefined = statements[0]?.type === 'expression_statement' ? codeChildren(statements[0])[0] : undefined;
    // `("text")` is a docstring too.
    while (first?.type === 'parenthesized_expression' && codeChildren(first).length === 1) first = codeChildren(first)[0];
    if (!first || (first.type !== 'string' && first.type !== 'concatenated_string') || codeChildren(statements[0]).length !== 1) return constValue({ t: 'none' });
    // An f-string or bytes literal first is no docstring: `__doc__` is None.
    if (/^[a-zA-Z]*[fFbB]/.test(first.text.replace(/["'][\s\S]*$/, ''))) return constValue({ t: 'none' });
    const doc = foldConstant(this, first, depth);
    return doc?.t === 'str' ? constValue(doc) : UNKNOWN;
  }

  /**
   * Whether a display holds every element it will ever have: a tuple without `*` items, or a list
   * or dict (its `d[k] = v` stores counted by `dictionaryParts`) bound to a name only read.
   */
  private displayComplete(display: Node): boolean {
    if (display.namedChildren.some((c) => c?.type === 'list_splat' || c?.type === 'dictionary_splat')) return false;
    if (display.type === 'tuple') return true;
    return (display.type === 'list' || display.type === 'dictionary') && this.dictOnlyRead(display, display.type === 'dictionary');
  }

  /** `K.run` where the class body (or a local base's) binds `run = exec`: what the class body bound. */
  private classAttribute(classNode: Node, name: string, depth: number): Value[] {
    const chain = this.classChainAttribute(classNode, name, depth);
    const stored = this.classStores(classNode, name, depth);
    if (!stored.length) return chain ?? [UNKNOWN];
    return chain ? [...chain, ...stored] : stored;
  }

  /** What `C.name = v` assignments of the file store on the class `cls` itself (`H.g = getattr`). */
  private classStores(cls: Node, name: string, depth: number): Value[] {
    return this.attributeStores(name, depth, (object) => {
      // A name that holds the class (not `self`/instances: those are `instanceAttribute`'s; a
      // parameter is not looked into, as nearly all of these stores are `self.x = ...`).
      if (object.type !== 'identifier') return false;
      const held = this.bindingsOf(object);
      if (held.length && held.every((h) => h.kind === 'param')) return false;
      return this.resolve(object, depth).some((r) => r.kind === 'class' && r.node.id === cls.id);
    });
  }

  /**
   * What the file's `obj.name = v` stores give, for the objects `storesOn` accepts; past
   * `MAX_INDEX_ENTRIES` stores the answer is left open.
   */
  private attributeStores(name: string, depth: number, storesOn: (object: Node) => boolean): Value[] {
    const out: Value[] = [];
    let seen = 0;
    for (const b of this.table.module.bindings.get(INDEX.attribute(name)) ?? []) {
      if (++seen > MAX_INDEX_ENTRIES) {
        out.push(UNKNOWN);
        break;
      }
      const object = b.node.childForFieldName('object');
      if (object && storesOn(object)) out.push(...this.bindingValues(b, depth));
    }
    return out;
  }

  /**
   * Whether a method of `cls` stores the attribute `name` on its first parameter: `self.name = v`,
   * `self.name += 1`, `for self.name in ...`, also from a function nested in the method (whose
   * `self` is the method's). Read from the attribute-store index, as instance attributes are;
   * undefined past `MAX_INDEX_ENTRIES` stores of the name.
   */
  methodStoresAttribute(cls: Node, name: string): boolean | undefined {
    let seen = 0;
    for (const b of this.table.module.bindings.get(INDEX.attribute(name)) ?? []) {
      if (++seen > MAX_INDEX_ENTRIES) return undefined;
      const object = b.node.childForFieldName('object');
      if (object?.type !== 'identifier') continue;
      for (const held of this.bindingsOf(object)) if (held.kind === 'param' && isFirstParameterOfMethod(held.node, cls)) return true;
    }
    return false;
  }

  /** A module-level name looked up through `globals()`/`vars()`/`f.__globals__`. */
  private namespaceEntry(key: string, depth: number): Value[] {
    if (key === '__builtins__') return [qnameValue('builtins')];
    const bindings = this.table.module.bindings.get(key);
    if (bindings) return bindings.flatMap((b) => this.bindingValues(b, depth));
    // A host module's globals usually hold modules under their own names (`sys`, `os`).
    return [qnameValue(canonicalQName(key)), builtinValue(key)];
  }

  private resolveSubscript(node: Node, depth: number): Value[] {
    const value = node.childForFieldName('value');
    const subs = node.childrenForFieldName('subscript').filter((c): c is Node => !!c);
    if (!value || subs.length !== 1) return [UNKNOWN];
    const key = foldConstant(this, subs[0], depth);
    const splat = this.splatParameter(value);
    if (splat) return [UNKNOWN, ...this.splatItems(splat.binding, splat.position, key, depth)];
    const made = this.dictCallItem(value, key, depth);
    if (made) return made;
    const comprehended = key ? this.comprehensionItem(value, key, depth) : undefined;
    if (comprehended) return [constValue(comprehended)];
    // `[m for m in (typing.sys,)][0]`: an element of a list made where it is indexed (nothing
    // else holds it to change it) is one the body makes (`comprehendedValues`).
    const element = subs[0].type !== 'slice' ? comprehensionElement(unparenthesized(value) ?? value) : undefined;
    if (element?.parent?.type === 'list_comprehension') return this.comprehendedValues(element.parent, element, depth);
    // An index that is no slice picks one element: of a display nothing changes, one of its elements.
    return this.itemOf(this.resolve(value, depth), key, depth, subs[0].type !== 'slice');
  }

  /**
   * What the items of a comprehension may be: what its body makes, and anything at all unless each
   * of its `for`s runs over a display written there (`for m in (typing.sys,)`) or a name bound to
   * one that is all there is of it: over another, the element lookup does not see every change
   * made to the container elsewhere (`PLUGINS[0] = x`).
   */
  private comprehendedValues(comprehension: Node, body: Node, depth: number): Value[] {
    const values = this.resolve(body, depth);
    const written = codeChildren(comprehension).every((c) => {
      if (c.type !== 'for_in_clause') return true;
      const over = unparenthesized(c.childForFieldName('right'));
      if (over?.type === 'tuple' || over?.type === 'list' || over?.type === 'set') return true;
      // A name bound to a display that is all there is of it (a tuple, a list only read).
      const held = over?.type === 'identifier' ? this.resolve(over, depth) : [];
      return held.length > 0 && held.every((v) => v.kind === 'container' && v.node.type !== 'set' && v.node.type !== 'dictionary' && this.displayComplete(v.node));
    });
    return written ? values : [UNKNOWN, ...values];
  }

  /** See `FoldEnv.foldComprehensionItem`. */
  foldComprehensionItem(subscript: Node, depth: number): Const | undefined {
    const value = subscript.childForFieldName('value');
    const subs = subscript.childrenForFieldName('subscript').filter((c): c is Node => !!c);
    if (!value || subs.length !== 1 || (value.type !== 'identifier' && value.type !== 'dictionary_comprehension')) return undefined;
    const key = foldConstant(this, subs[0], depth);
    return key ? this.comprehensionItem(value, key, depth) : undefined;
  }

  /**
   * See `FoldEnv.dictUnchanged`: `dict` (a display or comprehension) is assigned to a name bound
   * only there, and every other identifier of that name in the file only reads it: an item read
   * (`d["a"]`, not stored or deleted), the right side of `%`, `d.get/keys/values/items/copy(...)`,
   * `in`, a `for` over it, an argument of a builtin that only reads (`len(d)`). Any other use may
   * change it: a store, another method (`d.pop("a")`, `d.setdefault(...)`), an alias (`e = d`),
   * a call of the file it is passed to. Syntax only, so names of other scopes count too;
   * `globals()`/`vars()`/`locals()` anywhere count as a change.
   */
  dictUnchanged(dict: Node): boolean {
    return this.dictOnlyRead(dict, false);
  }

  /** `dictUnchanged`, with `allowStores` also accepting `d[k] = v` (which `storedItems` finds). */
  private dictOnlyRead(dict: Node, allowStores: boolean): boolean {
    const holder = dict.parent?.type === 'assignment' && dict.parent.childForFieldName('right')?.id === dict.id ? dict.parent.childForFieldName('left') : null;
    if (holder?.type !== 'identifier') return false;
    const bindings = this.bindingsOf(holder);
    if (bindings.length !== 1 || bindings[0].kind !== 'assign' || bindings[0].subjectPath) return false;
    // Reads the identifiers of the holder's name and of `globals`, `vars` and `locals` in every
    // statement of the file, and the bindings of the builtins that only read: an incremental
    // analysis asks again when a statement holding such an identifier changes, or one of those
    // names is bound anew (`INDEX.identifier`).
    this.readsIdentifiers([identifierName(holder), ...NAMESPACE_CALLS]);
    if (this.observer) for (const name of READING_BUILTINS) this.observer.moduleLookup(name);
    // Once per name and run: the walk is the whole file, and a file reads one table many times.
    const cache = allowStores ? this.onlyReadWithStores : this.onlyRead;
    let answer = cache.get(holder);
    if (answer === undefined) cache.set(holder, (answer = this.nameOnlyRead(identifierName(holder), holder, allowStores)));
    return answer;
  }

  /**
   * See `FoldEnv.listHandedOn`: whether the name a list display is bound to is handed to code
   * that may change the list without naming it — bound to another name (`alias = parts`), put in
   * a display, returned or yielded, or passed to a call of anything but a function of this file
   * (whose body the folds read) or a builtin that only reads (`len`, `sorted`, `".".join`).
   */
  listHandedOn(display: Node): boolean {
    const holder = display.parent?.type === 'assignment' && display.parent.childForFieldName('right')?.id === display.id ? display.parent.childForFieldName('left') : null;
    if (holder?.type !== 'identifier') return false;
    const uses = this.identifiersNamed(holder);
    if (!uses) return true;
    for (const u of uses) {
      if (u.id === holder.id) continue;
      const p = u.parent;
      if (!p) return true;
      const is = (field: string): boolean => p.childForFieldName(field)?.id === u.id;
      // The uses that leave the list where it is: an item read or stored (stores are `changesLater`'s),
      // a method called on it (the changing ones are too), a loop over it, a membership test, `len`
      // and the other reading builtins, `".".join`, a call of a function of this file.
      if (p.type === 'subscript' && is('value')) continue;
      if (p.type === 'attribute' && is('object')) continue;
      if ((p.type === 'for_statement' || p.type === 'for_in_clause') && is('right')) continue;
      // Truth tests: `while pending:`, `if not xs:`, `xs and ...` (the operand of `and`/`or` is handed on only as the result).
      if ((p.type === 'while_statement' || p.type === 'if_statement' || p.type === 'elif_clause') && is('condition')) continue;
      if (p.type === 'not_operator' || p.type === 'global_statement' || p.type === 'nonlocal_statement') continue;
      if (p.type === 'comparison_operator' && codeChildren(p)[1]?.id === u.id && p.childrenForFieldName('operators').every((o) => /^(not\s+)?in$/.test(o.text))) continue;
      if (p.type === 'argument_list') {
        const call = p.parent;
        const fn = call?.type === 'call' ? call.childForFieldName('function') : null;
        if (fn?.type === 'attribute' && ['join', 'translate'].includes(identifierNameOf(fn.childForFieldName('attribute')) ?? '') && fn.childForFieldName('object')?.type === 'string') continue;
        if (fn?.type === 'identifier' && READING_BUILTINS.has(identifierName(fn)) && this.bindingsOf(fn).length === 0) continue;
        if (fn) {
          const callees = this.resolve(fn);
          if (callees.length && callees.every((v) => v.kind === 'function' && this.storesIntoNothing(v.node))) continue;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * Whether a function of the file changes no list or dict in place (no item stored or deleted,
   * none of the changing methods called), so a list handed to it comes back as it was.
   */
  private storesIntoNothing(fn: Node): boolean {
    return this.oncePerRun(fn, 'storesIntoNothing', () => {
      const stack: Node[] = [fn];
      while (stack.length) {
        const n = stack.pop()!;
        if ((n.type === 'assignment' || n.type === 'augmented_assignment') && n.childForFieldName('left')?.type !== 'identifier') return false;
        if (n.type === 'delete_statement') return false;
        if (n.type === 'call') {
          const callee = n.childForFieldName('function');
          const method = callee?.type === 'attribute' ? identifierNameOf(callee.childForFieldName('attribute')) : undefined;
          if (method !== undefined && (CHANGING_METHODS.includes(method) || ['update', 'setdefault', '__setitem__', '__delitem__'].includes(method))) return false;
        }
        pushNamedChildren(stack, n);
      }
      return true;
    });
  }

  /** Whether an attribute denotes, whatever its object is, a method of a class of this file. */
  isOwnMethod(attribute: Node, depth = 0): boolean {
    const values = this.resolve(attribute, depth);
    return values.length > 0 && values.every((v) => v.kind === 'function');
  }

  /** See `FoldEnv.oncePerRun`. */
  oncePerRun<T>(key: Node, tag: string, compute: () => T): T {
    let byTag = this.perRun.get(tag);
    if (!byTag) this.perRun.set(tag, (byTag = new Map()));
    if (!byTag.has(key.id)) byTag.set(key.id, compute());
    return byTag.get(key.id) as T;
  }

  private readonly perRun = new Map<string, Map<number, unknown>>();

  /** See `FoldEnv.identifiersNamed`: a walk of the file, once per name and run. */
  identifiersNamed(identifier: Node): readonly Node[] | undefined {
    return this.identifiersSpelled(identifierName(identifier));
  }

  /** `identifiersNamed` for a name given as text (NFKC-normalised, as identifiers are compared). */
  identifiersSpelled(name: string): readonly Node[] | undefined {
    this.readsIdentifiers([name, ...NAMESPACE_CALLS]);
    const { byName, namespaceCalled } = this.identifierIndex();
    // `globals()["cfg"]` reaches any name: then its uses cannot all be seen.
    return namespaceCalled ? undefined : (byName.get(name) ?? []);
  }

  /** `dictOnlyRead`'s answers by the name that holds the dict, for this analysis's tree. */
  private readonly onlyRead = new Map<Node, boolean>();
  private readonly onlyReadWithStores = new Map<Node, boolean>();

  private nameOnlyRead(name: string, holder: Node, allowStores: boolean): boolean {
    const { byName, namespaceCalled } = this.identifierIndex();
    if (namespaceCalled) return false;
    for (const n of byName.get(name) ?? []) {
      if (n.id === holder.id) continue;
      if (!n.parent || !this.onlyReadsDict(n, n.parent, allowStores)) return false;
    }
    return true;
  }

  /**
   * Every identifier of the file by name, from one walk per run, and whether `globals()`,
   * `vars()` or `locals()` is called anywhere (then any name may be reached without its identifier).
   * The askers tell incremental/ which names they read (`readsIdentifiers`).
   */
  private identifierIndex(): { byName: { get(name: string): Node[] | undefined }; namespaceCalled: boolean } {
    if (!this.identifiers) {
      const parts = this.root.namedChildren.filter((c): c is Node => !!c).map((statement) => identifiersOfStatement.of(statement));
      const namespaceCalled = parts.some((p) => p.namespaceCalled);
      const merged = new Map<string, Node[]>();
      const byName = {
        get: (name: string): Node[] | undefined => {
          let found = merged.get(name);
          if (!found) {
            found = [];
            for (const p of parts) {
              const nodes = p.byName.get(name);
              if (nodes) for (const n of nodes) found.push(n);
            }
            merged.set(name, found);
          }
          return found;
        },
      };
      this.identifiers = { byName, namespaceCalled };
    }
    return this.identifiers;
  }

  private identifiers: { byName: { get(name: string): Node[] | undefined }; namespaceCalled: boolean } | undefined;

  /** One use of a dict's name in `nameOnlyRead`: whether it leaves the dict as it is. */
  private onlyReadsDict(n: Node, parent: Node, allowStores: boolean): boolean {
    const is = (field: string): boolean => parent.childForFieldName(field)?.id === n.id;
    switch (parent.type) {
      case 'attribute': {
        if (is('attribute')) return true;
        const method = identifierNameOf(parent.childForFieldName('attribute'));
        const call = parent.parent;
        return call?.type === 'call' && call.childForFieldName('function')?.id === parent.id && method !== undefined && READ_ONLY_DICT_METHODS.has(method);
      }
      case 'keyword_argument':
        return is('name');
      case 'subscript': {
        if (!is('value')) return false;
        // `d["a"]["n"] = v` stores into an item of an item: the whole chain is what is stored into.
        let top = parent;
        while (top.parent?.type === 'subscript' && top.parent.childForFieldName('value')?.id === top.id) top = top.parent;
        const p = top.parent;
        if (p?.type === 'augmented_assignment' && p.childForFieldName('left')?.id === top.id) return false;
        if (p?.type === 'delete_statement') return false;
        if (!isStoreTarget(top)) return true;
        return top === parent && allowStores && p?.type === 'assignment' && p.childForFieldName('left')?.id === parent.id;
      }
      case 'binary_operator':
        // `"%(a)s" % d` reads it; `Tweak() % d` hands it to the left operand's `__mod__`.
        return is('right') && parent.childForFieldName('operator')?.text === '%' && ['string', 'concatenated_string'].includes(parent.childForFieldName('left')?.type ?? '');
      case 'comparison_operator': {
        // `x in d` reads it; `d == other` hands it to `other.__eq__`, which may change it.
        const operators = parent.childrenForFieldName('operators');
        const operands = codeChildren(parent);
        return operators.length === 1 && ['in', 'not in'].includes(operators[0].text.replace(/\s+/g, ' ')) && operands[1]?.id === n.id;
      }
      case 'for_statement':
      case 'for_in_clause':
        return is('right');
      case 'argument_list': {
        const call = parent.parent;
        const fn = call?.type === 'call' ? call.childForFieldName('function') : null;
        // `".".join(parts)` only iterates what it is given, `"abc".translate(table)` only looks up in it.
        if (fn?.type === 'attribute' && ['join', 'translate'].includes(identifierNameOf(fn.childForFieldName('attribute')) ?? '') && fn.childForFieldName('object')?.type === 'string') return true;
        return fn?.type === 'identifier' && READING_BUILTINS.has(identifierName(fn)) && this.bindingsOf(fn).length === 0;
      }
      default:
        return false;
    }
  }

  /** `{k: v for k in names}[key]`, written there or bound (once) to the name `object`: the value it folds to under `key`. */
  private comprehensionItem(object: Node, key: Const, depth: number): Const | undefined {
    let comprehension: Node | undefined = object.type === 'dictionary_comprehension' ? object : undefined;
    if (!comprehension && object.type === 'identifier') {
      const bindings = this.bindingsOf(object);
      // Not one the file may change (`tpls["k"] = ...`, `tpls.pop(k)`, an alias): then the comprehension is not its value.
      if (bindings.length === 1 && bindings[0].kind === 'assign' && bindings[0].value?.type === 'dictionary_comprehension' && !bindings[0].subjectPath && this.dictUnchanged(bindings[0].value)) comprehension = bindings[0].value;
    }
    return comprehension ? foldDictComprehensionItem(this, comprehension, key, depth + 1) : undefined;
  }

  /**
   * `dict(n=v)[k]`, `dict([("n", v)])[k]`, `dict(pairs)[k]`, `dict(zip(keys, values))[k]`: the
   * item under `key` of a dict the `dict` builtin makes from keyword arguments, a display of pairs
   * or two displays zipped, written at `object` or bound to the name `object` is (by its only
   * assignments). A key that does not fold may be any of them: every value, and unknown (as for a
   * dict display). Undefined when `object` is not one.
   */
  private dictCallItem(object: Node, key: Const | undefined, depth: number): Value[] | undefined {
    let calls: Node[];
    if (object.type === 'call') calls = [object];
    else if (object.type === 'identifier') {
      const bindings = this.bindingsOf(object);
      if (!bindings.length || bindings.length > MAX_RETURNS || !bindings.every((b) => b.kind === 'assign' && !b.subjectPath && b.value?.type === 'call')) return undefined;
      calls = bindings.map((b) => b.value!);
    } else return undefined;
    const out: Value[] = [];
    for (const call of calls) {
      const fn = call.childForFieldName('function');
      if (!fn || !this.qualifiedNamesOf(fn, depth).includes('builtins.dict')) return undefined;
      const argumentList = call.childForFieldName('arguments');
      const args = argumentList ? codeChildren(argumentList) : [];
      let found = false;
      for (const a of args) {
        if (a.type === 'keyword_argument') {
          if (key === undefined || (key.t === 'str' && identifierNameOf(a.childForFieldName('name')) === key.v)) {
            const v = a.childForFieldName('value');
            out.push(...(v ? this.resolve(v, depth) : [UNKNOWN]));
            found = true;
          }
          continue;
        }
        if (a.type === 'list_splat' || a.type === 'dictionary_splat') return undefined;
        const zipped = this.zippedPairs(a, depth);
        if (zipped) {
          if (zipped === 'unknown') return undefined;
          for (const [k, v] of zipped) {
            if (key !== undefined) {
              const folded = foldConstant(this, k, depth);
              if (!folded) return undefined;
              if (!sameKey(folded, key)) continue;
            }
            out.push(...this.resolve(v, depth));
            found = true;
          }
          continue;
        }
        // The pairs: a list or tuple display of two-item displays, written here or held in a name.
        const holders = this.resolve(a, depth);
        for (const h of holders) {
          if (h.kind !== 'container') return undefined;
          if (h.node.type === 'dictionary') {
            out.push(...(key === undefined ? this.itemOf([h], undefined, depth) : this.containerItem(h.node, key, depth)));
            found = true;
            continue;
          }
          if (h.node.type !== 'list' && h.node.type !== 'tuple') return undefined;
          if (h.node.type === 'list' && this.changesLater(h.node, depth)) return undefined;
          for (const pair of h.node.namedChildren) {
            if (!pair || pair.type === 'comment') continue;
            const parts = pair.type === 'tuple' || pair.type === 'list' ? pair.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') : [];
            if (parts.length !== 2) return undefined;
            const k = key === undefined ? undefined : foldConstant(this, parts[0], depth);
            if (key !== undefined && !k) return undefined;
            if (key === undefined || sameKey(k!, key)) {
              out.push(...this.resolve(parts[1], depth));
              found = true;
            }
          }
        }
      }
      // A key that does not fold takes one of the values, of a dict nothing changes (bound once, only read).
      if (!found || (key === undefined && !(object.type === 'identifier' && this.dictOnlyRead(call, false)))) out.push(UNKNOWN);
    }
    return out;
  }

  /**
   * Whether `object` is a dict display (bound once to a name the file only reads, see
   * `dictUnchanged`) none of whose keys is `key`, every key folding: a lookup of `key` misses.
   */
  private lacksKey(object: Node, key: Const, depth: number): boolean {
    const values = this.resolve(object, depth);
    if (values.length !== 1 || values[0].kind !== 'container' || values[0].node.type !== 'dictionary') return false;
    const dict = values[0].node;
    if (!this.dictUnchanged(dict)) return false;
    for (const pair of codeChildren(dict)) {
      if (pair.type !== 'pair') return false;
      const keyNode = pair.childForFieldName('key');
      const k = keyNode ? foldConstant(this, keyNode, depth) : undefined;
      if (!k || sameKey(k, key)) return false;
    }
    return true;
  }

  /**
   * `zip(keys, values)` of two list or tuple displays (written there or held in names the file
   * does not change later): the pairs it makes, up to the shorter one. Undefined when `node` is
   * not a call of `zip`; 'unknown' when it is one whose pairs cannot be told.
   */
  private zippedPairs(node: Node, depth: number): [Node, Node][] | 'unknown' | undefined {
    if (node.type !== 'call') return undefined;
    const fn = node.childForFieldName('function');
    if (!fn || !this.qualifiedNamesOf(fn, depth).includes('builtins.zip')) return undefined;
    const args = node.childForFieldName('arguments');
    const parts = args ? codeChildren(args) : [];
    if (parts.length !== 2) return 'unknown';
    const columns: Node[][] = [];
    for (const part of parts) {
      if (part.type === 'keyword_argument' || part.type === 'list_splat' || part.type === 'dictionary_splat') return 'unknown';
      const values = this.resolve(part, depth);
      if (values.length !== 1 || values[0].kind !== 'container') return 'unknown';
      const display = values[0].node;
      if ((display.type !== 'list' && display.type !== 'tuple') || (display.type === 'list' && this.changesLater(display, depth))) return 'unknown';
      const items = codeChildren(display);
      if (items.some((c) => c.type === 'list_splat')) return 'unknown';
      columns.push(items);
    }
    const n = Math.min(columns[0].length, columns[1].length);
    const out: [Node, Node][] = [];
    for (let i = 0; i < n; i++) out.push([columns[0][i], columns[1][i]]);
    return out;
  }

  /** The `*args` or `**kwargs` parameter a name is, if it is one. */
  private splatParameter(node: Node): { binding: Binding; position: ParameterPosition } | undefined {
    if (node.type !== 'identifier') return undefined;
    const bindings = this.bindingsOf(node);
    if (bindings.length !== 1 || bindings[0].kind !== 'param') return undefined;
    const b = bindings[0];
    const position = b.scope.kind === 'function' || b.scope.kind === 'lambda' ? parameterPosition(b.scope.node, b.node) : undefined;
    return position?.splat ? { binding: b, position } : undefined;
  }

  /**
   * What the calls of the function in this file pass into its `*args` (positional arguments past
   * the named ones; the `key`-th of them when the key folds) or `**kwargs` (keyword arguments
   * with no parameter of their name; the one named `key` when it folds).
   */
  private splatItems(b: Binding, position: ParameterPosition, key: Const | undefined, depth: number): Value[] {
    const fn = b.scope.node;
    const method = b.scope.kind === 'function' ? methodOf(fn) : undefined;
    const out: Value[] = [];
    for (const { call, offset } of this.callsOf(fn, method, depth)) {
      const args = call.childForFieldName('arguments');
      if (args?.type !== 'argument_list') continue;
      let index = offset;
      for (const c of args.namedChildren) {
        if (!c || c.type === 'comment' || out.length > MAX_PARAMETER_VALUES) continue;
        if (c.type === 'list_splat' || c.type === 'dictionary_splat') {
          out.push(UNKNOWN);
          continue;
        }
        if (c.type === 'keyword_argument') {
          if (position.splat !== 'kwargs') continue;
          const name = normalizeIdentifier(c.childForFieldName('name')?.text ?? '');
          const value = c.childForFieldName('value');
          if (value && (key === undefined || (key.t === 'str' && key.v === name))) out.push(...this.resolve(value, depth));
          continue;
        }
        const at = index++;
        if (position.splat !== 'args' || at < (position.from ?? 0)) continue;
        if (key === undefined || (key.t === 'int' && Number(key.v) === at - (position.from ?? 0))) out.push(...this.resolve(c, depth));
      }
    }
    return out;
  }

  /** `values[key]`, and the same through `.get(key)`/`.pop(key)`/`.__getitem__(key)`. */
  private itemOf(values: Value[], key: Const | undefined, depth: number, element = false): Value[] {
    const out: Value[] = [];
    for (const v of values) {
      if (key?.t === 'str') {
        if (v.kind === 'qname') {
          if (v.name === 'builtins' || v.name === 'builtins.__dict__') {
            out.push(qnameValue(canonicalQName(`builtins.${key.v}`), undefined, v.alias));
            continue;
          }
          if (v.name === 'sys.modules') {
            out.push(qnameValue(canonicalQName(key.v), `sys.modules[${JSON.stringify(key.v)}]`));
            continue;
          }
          if (v.name.endsWith('.__dict__')) {
            out.push(...this.member([qnameValue(v.name.slice(0, -'.__dict__'.length), v.path)], key.v, depth));
            continue;
          }
        }
        if (v.kind === 'namespace') {
          out.push(...this.namespaceEntry(key.v, depth));
          continue;
        }
      }
      if (v.kind === 'container' && key) {
        out.push(...this.containerItem(v.node, key, depth));
        continue;
      }
      // `("{0}", "{0.__class__}")[flag]`: an index that does not fold may take any element.
      if (v.kind === 'container' && v.node.type !== 'set' && v.node.namedChildCount <= MAX_INDEX_ENTRIES) {
        // Unless the display is all there is of it (a tuple, or a list or dict bound to a name
        // that is only read, items stored into the dict counted), the element may be another.
        if (!element || !this.displayComplete(v.node)) out.push(UNKNOWN);
        if (v.node.type === 'dictionary') out.push(...this.dictionaryParts(v.node, 'value', depth));
        else for (const c of v.node.namedChildren) if (c && c.type !== 'comment' && c.type !== 'list_splat') out.push(...this.resolve(c, depth));
        continue;
      }
      if (v.kind === 'const' && v.value.t === 'seq' && key?.t === 'int') {
        const i = Number(key.v) < 0 ? Number(key.v) + v.value.items.length : Number(key.v);
        const item = v.value.items[i];
        out.push(item ? constValue(item) : UNKNOWN);
        continue;
      }
      // `first, *rest = "__class__"`: a character of a string (by code point, as Python indexes).
      // (Not with surrogates: two halves are one code point in JS and two in Python.)
      if (v.kind === 'const' && v.value.t === 'str' && key?.t === 'int' && v.value.v.length <= FOLD_LIMITS.stringLength && !SURROGATE.test(v.value.v)) {
        const chars = Array.from(v.value.v);
        const ch = chars[Number(key.v) < 0 ? Number(key.v) + chars.length : Number(key.v)];
        out.push(ch === undefined ? UNKNOWN : constValue({ t: 'str', v: ch }));
        continue;
      }
      out.push(UNKNOWN);
    }
    return out.length ? out : [UNKNOWN];
  }

  /**
   * The item assignments of the file into a dict display held in a name (`table = {}` then
   * `table["run"] = exec`), with their keys: at most MAX_INDEX_ENTRIES looked at.
   */
  private storedItems(dict: Node, depth: number): { key: Node | null; value: Node | undefined }[] {
    const holder = dict.parent?.type === 'assignment' && dict.parent.childForFieldName('right')?.id === dict.id ? dict.parent.childForFieldName('left') : null;
    const name = holder?.type === 'identifier' ? normalizeIdentifier(holder.text) : holder?.type === 'attribute' ? normalizeIdentifier(holder.childForFieldName('attribute')?.text ?? '') : '';
    if (!name) return [];
    const out: { key: Node | null; value: Node | undefined }[] = [];
    let seen = 0;
    for (const b of this.table.module.bindings.get(INDEX.item(name)) ?? []) {
      if (++seen > MAX_INDEX_ENTRIES) break;
      const target = b.node;
      const object = target.childForFieldName('value');
      if (!object || !this.resolve(object, depth).some((v) => v.kind === 'container' && v.node.id === dict.id)) continue;
      out.push({ key: target.childForFieldName('subscript'), value: b.subjectPath ? undefined : b.value });
    }
    return out;
  }

  /** The values stored under `key` (or under a key that does not fold, which may be it). */
  private storedValues(stored: { key: Node | null; value: Node | undefined }[], key: Const, depth: number): Value[] {
    const out: Value[] = [];
    for (const s of stored) {
      const k = s.key ? foldConstant(this, s.key, depth) : undefined;
      if (k && !sameKey(k, key)) continue;
      out.push(...(s.value ? this.resolve(s.value, depth) : [UNKNOWN]));
    }
    return out;
  }

  /**
   * What the file adds to a list or set display by method: `parts.append(t)`, `parts.insert(0, t)`,
   * `seen.add(t)`, `parts.extend([t])`, on a name that holds that display.
   */
  /**
   * Folding: a list display the file changes later is not the list's value (see `FoldEnv`):
   * one it adds to, takes from (`xs.pop()`, `xs.remove(v)`, `xs.clear()`) or stores into
   * (`xs[0] = v`), by a name that holds it.
   */
  changesLater(list: Node, depth: number): boolean {
    return this.addedElements(list, depth).length > 0 || this.takenFrom(list, depth);
  }

  /** See `FoldEnv.listNameChanged`: by the call and item indexes, as `takenFrom` and `addedElementsOf` look. */
  listNameChanged(identifier: Node, _depth: number): boolean {
    const name = identifierName(identifier);
    const binding = this.bindingsOf(identifier)[0];
    if (!binding) return false;
    const same = (object: Node | null | undefined): boolean => object?.type === 'identifier' && identifierName(object) === name && this.bindingsOf(object)[0] === binding;
    // The call and item index entries read: an incremental analysis asks again when one changes.
    const observer = this.observer;
    if (observer) {
      for (const method of CHANGING_METHODS) observer.moduleLookup(INDEX.call(method));
      observer.moduleLookup(INDEX.item(name));
    }
    return this.changedThrough(CHANGING_METHODS, name, same);
  }

  /**
   * Whether one of `methods` is called on an object `holds` accepts, or an item is stored into one
   * (indexed by the holder's name `holder`), by the module's call and item indexes; past
   * `MAX_INDEX_ENTRIES` entries, taken for yes.
   */
  private changedThrough(methods: readonly string[], holder: string | undefined, holds: (object: Node | null | undefined) => boolean): boolean {
    let seen = 0;
    for (const method of methods) {
      for (const site of this.table.module.bindings.get(INDEX.call(method)) ?? []) {
        if (++seen > MAX_INDEX_ENTRIES) return true;
        const fn = site.node.childForFieldName('function');
        if (fn?.type === 'attribute' && holds(fn.childForFieldName('object'))) return true;
      }
    }
    if (holder === undefined) return false;
    for (const b of this.table.module.bindings.get(INDEX.item(holder)) ?? []) {
      if (++seen > MAX_INDEX_ENTRIES) return true;
      if (b.node.type === 'subscript' && holds(b.node.childForFieldName('value'))) return true;
    }
    return false;
  }

  private takenFrom(container: Node, depth: number): boolean {
    const holds = (object: Node | null | undefined): boolean =>
      object?.type === 'identifier' && this.resolve(object, depth).some((t) => t.kind === 'container' && t.node.id === container.id);
    // Stores into it: `xs[0] = v` is indexed by the holder's name.
    const name = container.parent?.type === 'assignment' ? container.parent.childForFieldName('left') : null;
    return this.changedThrough([...REMOVING_METHODS, 'reverse', 'sort'], name?.type === 'identifier' ? normalizeIdentifier(name.text) : undefined, holds);
  }

  private addedElements(container: Node, depth: number): Value[] {
    // `a.extend(a)`, `a.extend(b)` and `b.extend(a)`: the elements added come back here without
    // passing through `resolve` (the list's answer is complete), so the cycle is cut here, as
    // `resolveAt` cuts one (what the outer expansion adds is all there is).
    if (this.addingInProgress.has(container.id)) {
      this.noteCut();
      return [];
    }
    this.addingInProgress.add(container.id);
    try {
      return this.addedElementsOf(container, depth);
    } finally {
      this.addingInProgress.delete(container.id);
    }
  }

  private addedElementsOf(container: Node, depth: number): Value[] {
    const out: Value[] = [];
    let seen = 0;
    for (const method of ADDING_METHODS) {
      for (const site of this.table.module.bindings.get(INDEX.call(method)) ?? []) {
        if (++seen > MAX_INDEX_ENTRIES) return [...out, UNKNOWN];
        const fn = site.node.childForFieldName('function');
        const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
        if (!object || object.type !== 'identifier') continue;
        const targets = this.resolve(object, depth);
        if (!targets.some((t) => t.kind === 'container' && t.node.id === container.id)) continue;
        const args = (site.node.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'comment');
        const arg = method === 'insert' ? args[1] : args[0];
        if (!arg || arg.type === 'keyword_argument' || arg.type === 'list_splat') out.push(UNKNOWN);
        else if (method === 'extend') out.push(...this.iterated(arg, [], depth));
        else out.push(...this.resolve(arg, depth));
      }
    }
    return out;
  }

  /** See `FoldEnv.dictItem`. */
  dictItem(dict: Node, key: Const, depth: number): Const | undefined {
    const values = this.containerItem(dict, key, depth);
    return values.length === 1 && values[0].kind === 'const' ? values[0].value : undefined;
  }

  private containerItem(container: Node, key: Const, depth: number): Value[] {
    // A display inside another (`{"a": {"n": ...}}`, `[["x"]]`) is changed through item stores of the
    // outer one (`d["a"]["n"] = v`): its items hold while the outermost display's name is only read.
    if (NESTING_PARENTS.has(container.parent?.type ?? '')) {
      let root = container;
      while (root.parent && NESTING_PARENTS.has(root.parent.type)) root = root.parent.type === 'pair' ? root.parent.parent! : root.parent;
      if (!this.dictOnlyRead(root, false)) return [UNKNOWN, ...this.containerItemOf(container, key, depth)];
    }
    if (container.type === 'dictionary') {
      // A dict held in a name the file may change other than by `d[k] = v` (an alias stored
      // into, `d.update(...)`, `d.setdefault(...)`): its item may be anything.
      const holder = container.parent?.type === 'assignment' && container.parent.childForFieldName('right')?.id === container.id ? container.parent.childForFieldName('left') : null;
      if (holder?.type === 'identifier' && !this.dictOnlyRead(container, true)) return [UNKNOWN, ...this.containerItemOf(container, key, depth)];
      return this.containerItemOf(container, key, depth);
    }
    return this.containerItemOf(container, key, depth);
  }

  private containerItemOf(container: Node, key: Const, depth: number): Value[] {
    if (container.type === 'dictionary') {
      const stored = this.storedItems(container, depth);
      // The last pair under the key wins (`{"a": 1, "a": 2}`), unless a `**` after it may put another there.
      let found: Value[] | undefined;
      for (const pair of container.namedChildren) {
        if (pair?.type === 'dictionary_splat') {
          found = [UNKNOWN];
          continue;
        }
        if (pair?.type !== 'pair') continue;
        const k = foldConstant(this, pair.childForFieldName('key'), depth);
        const value = pair.childForFieldName('value');
        if (!k) found = [UNKNOWN];
        else if (value && sameKey(k, key)) found = this.resolve(value, depth);
      }
      const item = found ?? [UNKNOWN];
      return stored.length ? [...item, ...this.storedValues(stored, key, depth)] : item;
    }
    if (key.t !== 'int') return [UNKNOWN];
    const items = container.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    // `a, b = {"real", "__class__"}`: a set's order follows string hashing, random per run.
    if (container.type === 'set') return items.flatMap((c) => (c.type === 'list_splat' ? [UNKNOWN] : this.resolve(c, depth)));
    let i = Number(key.v);
    // A splat before the index (or after it, counting from the end) moves every item it passes: any may be there.
    const splats = items.flatMap((c, at) => (c.type === 'list_splat' ? [at] : []));
    if (splats.length && (i < 0 ? splats[splats.length - 1] >= i + items.length : splats[0] <= i)) {
      return [UNKNOWN, ...items.flatMap((c) => (c.type === 'list_splat' ? [] : this.resolve(c, depth)))];
    }
    if (i < 0) i += items.length;
    const item = items[i];
    const found = item ? this.resolve(item, depth) : [UNKNOWN];
    // A list stored into (`xs[0] = v`), taken from, or handed on (`alias = xs`, where the alias may store) holds others there.
    if (container.type === 'list' && (this.takenFrom(container, depth) || this.listHandedOn(container))) found.push(UNKNOWN);
    // Elements added by `append`/`insert` may sit at any index.
    const added = container.type === 'list' ? this.addedElements(container, depth) : [];
    return added.length ? [...found, ...added] : found;
  }

  private resolveCall(node: Node, depth: number): Value[] {
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    if (!fn) return [UNKNOWN];
    // Made when a case below needs them (few calls reach one).
    let positionalArgs: Node[] | undefined;
    // `next(k for k in ks)`: a generator expression alone is the call's arguments and its one positional argument.
    const positional = (): Node[] =>
      (positionalArgs ??= (args?.type === 'argument_list' ? args.namedChildren : args?.type === 'generator_expression' ? [args] : []).filter(
        (c): c is Node => !!c && c.type !== 'comment' && c.type !== 'keyword_argument',
      ));
    const method = fn.type === 'attribute' ? identifierNameOf(fn.childForFieldName('attribute')) : undefined;
    // Any `x.load_module('os')` hands out the named module, whatever `x` turned out to be
    // (a class fished out of `__subclasses__()`, `__loader__`, a zipimporter).
    // Not a method the file defines itself (`loader = DataLoader(rows)` then `loader.load_module("billing")`).
    if (method !== undefined && LOADER_METHODS.has(method) && !this.isOwnMethod(fn, depth)) {
      const mod = positional()[0] ? this.foldString(positional()[0]) : undefined;
      if (mod) return [qnameValue(canonicalQName(mod), `${fn.text}(${JSON.stringify(mod)})`)];
    }
    // `__builtins__.get("eval")`, `sys.modules.get("os")`, `table.get("run")`: lookups by key.
    if (method !== undefined && ITEM_METHODS.has(method) && positional()[0]) {
      const object = fn.childForFieldName('object');
      const key = foldConstant(this, positional()[0], depth);
      const splat = object ? this.splatParameter(object) : undefined;
      if (splat?.position.splat === 'kwargs' && key) return [UNKNOWN, ...this.splatItems(splat.binding, splat.position, key, depth)];
      if (object && key && (method === 'get' || method === 'pop' || method === '__getitem__')) {
        const made = this.dictCallItem(object, key, depth);
        if (made?.some((v) => v.kind !== 'unknown')) return made;
      }
      if (object && key) {
        const items = this.itemOf(this.resolve(object, depth), key, depth);
        if (items.some((v) => v.kind !== 'unknown')) return items;
        // `CONFIG.get("rows", 10**6)` of a dict display without that key, which nothing changes: the default.
        const fallback = method === 'get' ? positional()[1] : undefined;
        if (fallback && this.lacksKey(object, key, depth)) return this.resolve(fallback, depth);
      }
    }
    // `operator.attrgetter("subprocess.create_subprocess_shell")(asyncio)`, also through a name
    // bound once to the getter: the dotted path read off the argument, as `getattr` reads one name.
    const getter = fn.type === 'call' ? fn : fn.type === 'identifier' ? this.valueBoundOnce(fn) : undefined;
    if (getter?.type === 'call' && positional().length === 1 && args?.namedChildren.length === 1) {
      const made = getter.childForFieldName('function');
      const path = positionalArguments(getter);
      if (made && path.length === 1 && getter.childForFieldName('arguments')?.namedChildren.length === 1 && this.resolve(made, depth).some((v) => v.kind === 'qname' && v.name === 'operator.attrgetter')) {
        const dotted = this.foldString(path[0]);
        if (dotted !== undefined) {
          let values = this.resolve(positional()[0], depth);
          for (const part of dotted.split('.')) values = this.member(values, part, depth);
          return values;
        }
      }
    }
    const out: Value[] = [];
    const callees = this.resolve(fn, depth);
    for (const callee of callees) {
      if (callee.kind === 'class') {
        // `View(...)`: an instance, whose attributes are the class's and those its methods set.
        out.push(nodeValue('instance', callee.node));
        continue;
      }
      if (callee.kind === 'function') {
        // `def f(): return eval` then `f()('1')`: a call of a local function is what it returns.
        let returned = this.returnsOf.get(callee.node.id);
        if (!returned) this.returnsOf.set(callee.node.id, (returned = returnedExpressions(callee.node)));
        for (const r of returned) out.push(...this.resolve(r, depth));
        continue;
      }
      if (callee.kind !== 'qname') {
        out.push(UNKNOWN);
        continue;
      }
      const q = callee.name;
      const last = q.slice(q.lastIndexOf('.') + 1);
      if (IMPORTING_CALLEES.has(q) || LOADER_METHODS.has(last)) {
        const mod = positional()[0] ? this.foldString(positional()[0]) : undefined;
        out.push(mod ? qnameValue(canonicalQName(mod), `${q}(${JSON.stringify(mod)})`) : UNKNOWN);
        continue;
      }
      switch (q) {
        case 'builtins.getattr': {
          const name = positional()[1] ? foldConstant(this, positional()[1], depth) : undefined;
          if (positional()[0] && name?.t === 'str') {
            out.push(...this.member(this.resolve(positional()[0], depth), name.v, depth));
            continue;
          }
          // `getattr(pd, f"read_{fmt}")` for `fmt` in a constant tuple: the member of each name.
          const names = positional()[0] && positional()[1] ? this.foldStrings(positional()[1]) : undefined;
          if (names && names.length <= MAX_GETATTR_NAMES) for (const n of names) out.push(...this.member(this.resolve(positional()[0], depth), n, depth));
          else out.push(UNKNOWN);
          continue;
        }
        case 'builtins.vars':
        case 'builtins.globals':
        case 'builtins.locals':
          if (q === 'builtins.vars' && positional()[0]) out.push(...this.member(this.resolve(positional()[0], depth), '__dict__', depth));
          else out.push(namespaceValue());
          continue;
        case 'builtins.next':
          // `next(iter([eval]))`, `next(x for x in ...)`: an element of the iterable (or the default).
          if (positional()[0]) out.push(...this.iterated(positional()[0], [], depth));
          if (positional()[1]) out.push(...this.resolve(positional()[1], depth));
          if (!positional()[0]) out.push(UNKNOWN);
          continue;
        case 'functools.partial':
          out.push(...(positional()[0] ? this.resolve(positional()[0], depth) : [UNKNOWN]));
          continue;
        // `max(["{0}", "{0.__class__}"], key=len)`, `random.choice([eval, exec])`: one of the items.
        case 'builtins.max':
        case 'builtins.min':
        case 'random.choice':
          if (positional().length === 1) out.push(...this.iterated(positional()[0], [], depth));
          else if (positional().length > 1 && !positional().some((a) => a.type === 'list_splat')) for (const a of positional()) out.push(...this.resolve(a, depth));
          else out.push(UNKNOWN);
          continue;
        case 'builtins.type':
          if (positional().length === 1) {
            const arg = this.resolve(positional()[0], depth);
            if (arg.some((v) => v.kind === 'function')) out.push(qnameValue('types.FunctionType', 'type(<function>)'));
            else if (arg.some((v) => v.kind === 'qname' && /(^|\.)(__code__|func_code)$/.test(v.name)))
              out.push(qnameValue('types.CodeType', 'type(<code>)'));
            else out.push(UNKNOWN);
            continue;
          }
          out.push(UNKNOWN);
          continue;
        default:
          out.push(UNKNOWN);
      }
    }
    return out.length ? out : [UNKNOWN];
  }
}

const MAX_RETURNS = 16;
/** Names a `getattr` with a name of several values is resolved for (`Semantics.foldStrings`). */
const MAX_GETATTR_NAMES = 8;

/** A parameter of a callee folded with its arguments (`Semantics.foldCallWithArguments`). */
interface CalleeParameter {
  name: string;
  /** Its binding in the callee's scope. */
  binding: Binding | undefined;
  default: Node | null;
  keywordOnly: boolean;
  positionalOnly: boolean;
}

/** What a call passes for a parameter, folded when first read (`Semantics.boundValue`). */
interface BoundArgument {
  node: Node;
  /** Where it is folded: the caller's environment, or null for a default (where the function is defined). */
  env: FoldEnv | null;
  depth: number;
  name: string;
  /** The constant once folded; null when it does not fold (or is being folded). */
  value: Const | null | undefined;
}

interface CalleeShape {
  params: CalleeParameter[];
  /** The values of its own `return` statements (null: a bare `return`). */
  returns: (Node | null)[];
  /** Whether its own code yields. */
  generator: boolean;
}

/** Calls folded with their arguments one inside another (`f(a)` returning `g(a + "x")`) before giving up. */
const MAX_CALL_NESTING = 8;
/** The body of a list or set comprehension or a generator expression: what each of its items is. */
function comprehensionElement(node: Node): Node | undefined {
  if (node.type !== 'list_comprehension' && node.type !== 'set_comprehension' && node.type !== 'generator_expression') return undefined;
  return node.childForFieldName('body') ?? undefined;
}

/** Calls folded with their arguments per file: past it, a hostile file gets no more (see `exhausted`). */
const MAX_CALL_FOLDS = 5_000;
/** Syntax nodes of a callee looked at to tell whether a call of it can be folded. */
const MAX_CALLEE_NODES = 20_000;
/** Statements of a generator run for one call, loop bodies once per pass; items of one loop unrolled. */
const MAX_YIELD_STEPS = 1_000;
const MAX_YIELD_UNROLL = 256;

const NONE_CONST: Const = { t: 'none' };

/** Marks, on a walk's stack, the end of a nested scope (see `calleeShapeUncached`). */
const NESTED_END = {} as Node;

/** Builtins that only read the list passed to them (`Semantics.onlyIterated`). */
const LIST_READING_BUILTINS = new Set([
  'builtins.enumerate', 'builtins.len', 'builtins.list', 'builtins.tuple', 'builtins.sorted', 'builtins.reversed', 'builtins.str',
  'builtins.zip', 'builtins.min', 'builtins.max', 'builtins.sum', 'builtins.any', 'builtins.all', 'builtins.set', 'builtins.frozenset', 'builtins.repr',
]);

/** Whether every path through `block` ends in a `return` or `raise` (an `if` with an `else` whose branches all do). */
function alwaysReturns(block: Node): boolean {
  const stack: Node[] = [block];
  while (stack.length) {
    const stmts = codeChildren(stack.pop()!);
    const last = stmts[stmts.length - 1];
    if (!last) return false;
    if (last.type === 'return_statement' || last.type === 'raise_statement') continue;
    if (last.type !== 'if_statement') return false;
    const consequence = last.childForFieldName('consequence');
    if (!consequence) return false;
    stack.push(consequence);
    let otherwise = false;
    for (const clause of last.childrenForFieldName('alternative')) {
      if (!clause) continue;
      const b = clause.childForFieldName('consequence') ?? clause.childForFieldName('body');
      if (!b) return false;
      if (clause.type === 'else_clause') otherwise = true;
      stack.push(b);
    }
    if (!otherwise) return false;
  }
  return true;
}

/**
 * The expressions a call of this def or lambda may hand back, when it always hands back one of
 * them and `resolve` reads them all for the call: every path through the def's body ends in a
 * `return` or `raise`, no `return` of its own code is bare (an implicit `None` is in none of
 * `resolve`'s answers), there are no more of them than `resolve` follows (`MAX_RETURNS`), and the
 * def is neither a generator nor `async` (its call makes a generator or a coroutine). Else undefined.
 */
export function valuesAlwaysReturned(fn: Node): Node[] | undefined {
  const body = fn.childForFieldName('body');
  if (!body || (fn.type !== 'lambda' && (fn.children[0]?.type === 'async' || !alwaysReturns(body)))) return undefined;
  const { values, bare, yields } = ownReturns(fn);
  return bare || yields || values.length > MAX_RETURNS ? undefined : values;
}

/** Whether a call of this def or lambda always hands back a value `resolve` reads (`valuesAlwaysReturned`). */
export function alwaysReturnsAValue(fn: Node): boolean {
  return valuesAlwaysReturned(fn) !== undefined;
}

/** Whether a statement of a generator may leave its body or yield (outside nested scopes). */
function leavesOrYields(stmt: Node): boolean {
  const stack: Node[] = [stmt];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'yield' || n.type === 'return_statement' || n.type === 'raise_statement' || n.type === 'break_statement' || n.type === 'continue_statement') return true;
    if (NESTED_SCOPE_TYPES.has(n.type)) continue;
    pushNamedChildren(stack, n);
  }
  return false;
}

/** Methods by which code adds elements to a list or set it holds. */
const ADDING_METHODS = ['append', 'insert', 'add', 'extend'];

/** A top-level statement's identifiers by name, and whether it calls `globals`/`vars`/`locals`. */
interface StatementIdentifiers {
  byName: Map<string, Node[]>;
  namespaceCalled: boolean;
}

/** Made once per top-level statement (`StatementMemo`): a keystroke walks the statements it touched, not the file. */
const identifiersOfStatement = new StatementMemo<StatementIdentifiers>((statement) => {
  const byName = new Map<string, Node[]>();
  let namespaceCalled = false;
  const stack: Node[] = [statement];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'identifier') {
      const id = identifierName(n);
      if (NAMESPACE_CALLS.has(id) && n.parent?.type === 'call') namespaceCalled = true;
      const list = byName.get(id);
      if (list) list.push(n);
      else byName.set(id, [n]);
      continue;
    }
    pushNamedChildren(stack, n);
  }
  return { byName, namespaceCalled };
});

/** Parents of a display nested in another display. */
const NESTING_PARENTS = new Set(['pair', 'list', 'tuple', 'set', 'dictionary']);

/** Methods by which code takes elements out of a list it holds. */
export const REMOVING_METHODS: readonly string[] = ['pop', 'remove', 'clear'];

/** Methods by which a list changes in place (`listNameChanged`). */
const CHANGING_METHODS = [...ADDING_METHODS, ...REMOVING_METHODS, 'reverse', 'sort'];

/** Names with which a file may give a `str` subclass its own equality (`Semantics.mayForgeStrEquality`). */
const FORGING_NAMES = ['__eq__', '__hash__', '__setattr__', '__dict__', 'new_class', 'metaclass'];

/** Whether a display is the value of an assignment in a class body (a class attribute). */
function heldByClass(display: Node): boolean {
  for (let p = display.parent; p; p = p.parent) if (NESTED_SCOPE_TYPES.has(p.type)) return p.type === 'class_definition';
  return false;
}

/** Sizes for `foldStringsPerName`: the expression's nodes, and the strings its name may be. */
const MAX_PER_NAME_NODES = 64;
const MAX_PER_NAME_VALUES = 32;

/** The items as strings, when they all are. */
function stringItems(items: readonly Const[]): string[] | undefined {
  const out: string[] = [];
  for (const item of items) {
    if (item.t !== 'str') return undefined;
    if (!out.includes(item.v)) out.push(item.v);
  }
  return out.length ? out : undefined;
}

/** `a += b` / `a *= b` of two constants, within the folding limits. */
function combineConst(a: Const, op: string, b: Const): Const | undefined {
  if (op === '+=') {
    if (a.t === 'str' && b.t === 'str') return a.v.length + b.v.length <= FOLD_LIMITS.stringLength ? { t: 'str', v: a.v + b.v } : undefined;
    if (a.t === 'bytes' && b.t === 'bytes') return a.v.length + b.v.length <= FOLD_LIMITS.stringLength ? { t: 'bytes', v: [...a.v, ...b.v] } : undefined;
    if (a.t === 'seq' && b.t === 'seq') return { t: 'seq', kind: a.kind, items: [...a.items, ...b.items] };
    return undefined;
  }
  if (op === '*=' && a.t === 'str' && b.t === 'int' && b.v >= 0n && a.v.length * Number(b.v) <= FOLD_LIMITS.stringLength) return { t: 'str', v: a.v.repeat(Number(b.v)) };
  return undefined;
}

interface MethodInfo {
  cls: Node;
  /** What the first parameter is: the instance, the class, or an ordinary parameter. */
  kind: 'instance' | 'class' | 'static';
}

/** The class a `def` is a method of, and how its first parameter is bound. */
function methodOf(fn: Node): MethodInfo | undefined {
  if (fn.type !== 'function_definition') return undefined;
  const holder = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  const cls = holder.parent?.type === 'block' ? holder.parent.parent : undefined;
  if (cls?.type !== 'class_definition') return undefined;
  const name = normalizeIdentifier(fn.childForFieldName('name')?.text ?? '');
  let kind: MethodInfo['kind'] = name === '__new__' || name === '__init_subclass__' || name === '__class_getitem__' ? 'class' : 'instance';
  if (holder !== fn) {
    for (const d of holder.namedChildren) {
      if (d?.type !== 'decorator') continue;
      const text = normalizeIdentifier(d.namedChild(0)?.text ?? '');
      if (text === 'staticmethod') kind = 'static';
      else if (text === 'classmethod') kind = 'class';
    }
  }
  return { cls, kind };
}

/** The `self` or `cls` of a method. */
function isReceiverParameter(b: Binding): boolean {
  if (b.scope.kind !== 'function') return false;
  const method = methodOf(b.scope.node);
  return !!method && method.kind !== 'static' && parameterPosition(b.scope.node, b.node)?.index === 0;
}

interface ParameterPosition {
  /** Index among the positional parameters; undefined for a keyword-only one. */
  index: number | undefined;
  name: string;
  /** `*args` (taking the positional arguments from index `from` on) or `**kwargs`. */
  splat?: 'args' | 'kwargs';
  from?: number;
}

/** Where the parameter `id` of a def or lambda is taken from in a call. */
function parameterPosition(fn: Node, id: Node): ParameterPosition | undefined {
  const params = fn.childForFieldName('parameters');
  if (!params) return undefined;
  let index = 0;
  let keywordOnly = false;
  for (const p of params.namedChildren) {
    if (!p) continue;
    let name: Node | null = null;
    switch (p.type) {
      case 'identifier':
        name = p;
        break;
      case 'default_parameter':
      case 'typed_default_parameter':
        name = p.childForFieldName('name');
        break;
      case 'typed_parameter': {
        const inner = p.namedChild(0);
        if (inner?.type === 'identifier') name = inner;
        else {
          if (inner?.type === 'list_splat_pattern') keywordOnly = true;
          continue;
        }
        break;
      }
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern': {
        const inner = p.namedChild(0);
        if (inner?.id === id.id) return { index: undefined, name: normalizeIdentifier(id.text), splat: p.type === 'list_splat_pattern' ? 'args' : 'kwargs', from: index };
        if (p.type === 'list_splat_pattern') keywordOnly = true;
        continue;
      }
      case 'keyword_separator':
        keywordOnly = true;
        continue;
      default:
        continue;
    }
    if (name?.id === id.id) return { index: keywordOnly ? undefined : index, name: normalizeIdentifier(id.text) };
    if (!keywordOnly) index++;
  }
  return undefined;
}

/** Whether a def (or lambda) cannot take `count` positional arguments: no `*args`, fewer positional parameters. */
function tooManyPositional(fn: Node, count: number): boolean {
  const parameters = fn.childForFieldName('parameters');
  let positional = 0;
  for (const p of parameters ? codeChildren(parameters) : []) {
    if (p.type === 'list_splat_pattern') return false;
    if (p.type === 'keyword_separator' || p.type === 'dictionary_splat_pattern') break;
    if (p.type !== 'positional_separator') positional++;
  }
  return count > positional;
}

/** Decorators whose wrapper calls the def with the arguments it was given. */
const TRANSPARENT_DECORATORS = new Set(['functools.cache', 'functools.lru_cache', 'builtins.staticmethod', 'typing.final', 'typing.override', 'typing_extensions.override', 'abc.abstractmethod']);

/** The argument a call passes for a parameter; `offset` 1 when the call passes `self` itself. */
function argumentFor(call: Node, param: ParameterPosition, offset: number): Node | undefined {
  if (param.splat) return undefined;
  const args = call.childForFieldName('arguments');
  if (args?.type !== 'argument_list') return undefined;
  let position = 0;
  let splat = false;
  for (const c of args.namedChildren) {
    if (!c || c.type === 'comment') continue;
    if (c.type === 'keyword_argument') {
      if (normalizeIdentifier(c.childForFieldName('name')?.text ?? '') === param.name) return c.childForFieldName('value') ?? undefined;
      continue;
    }
    if (c.type === 'list_splat' || c.type === 'dictionary_splat') {
      // Past `*args` the positions are not known.
      splat = true;
      continue;
    }
    if (!splat && param.index !== undefined && position === param.index - offset) return c;
    position++;
  }
  return undefined;
}

/** The expressions a def or lambda returns (not those of functions nested in it), the first MAX_RETURNS a walk meets. */
function returnedExpressions(fn: Node): Node[] {
  return ownReturns(fn).values.slice(0, MAX_RETURNS);
}

/** The `yield` expressions of a def's own code (not of functions, lambdas or classes in it), at most MAX_RETURNS + 1. */
function yieldedExpressions(fn: Node): Node[] {
  const out: Node[] = [];
  const body = fn.childForFieldName('body');
  const stack = body ? [body] : [];
  while (stack.length && out.length <= MAX_RETURNS) {
    const n = stack.pop()!;
    if (n.type === 'function_definition' || n.type === 'lambda' || n.type === 'class_definition') continue;
    if (n.type === 'yield') out.push(n);
    const children = n.children;
    for (let i = 0; i < children.length; i++) if (children[i].isNamed) stack.push(children[i]);
  }
  // Past the bound the items are not all known.
  return out.length > MAX_RETURNS ? [] : out;
}

/** `normalizeIdentifier` of a node's text, `''` without a node. */
function identifierNameOf(node: Node | null): string {
  return node ? identifierName(node) : '';
}

/** What `True`, `False` and `None` denote. Shared, never mutated. */
const TRUE_VALUES: Value[] = [constValue({ t: 'bool', v: true })];
const FALSE_VALUES: Value[] = [constValue({ t: 'bool', v: false })];
const NONE_VALUES: Value[] = [constValue({ t: 'none' })];

/** The answer of most expressions to "which names": none. Shared, never mutated. */
const NO_NAMES: string[] = [];
const NO_QNAMES: QNameValue[] = [];

function builtinValue(name: string): Value {
  if (name === '__builtins__' || name === '__builtin__') return qnameValue('builtins', name);
  if (MODULE_DUNDERS.has(name)) return qnameValue(`__main__.${name}`);
  return qnameValue(`builtins.${name}`);
}

function withAlias(v: Value, alias: Node): Value {
  return v.kind === 'qname' && !v.alias ? qnameValue(v.name, v.path, alias) : v;
}

/** `values`, each qname without an alias marked as reached through `alias`; `values` itself when none is. */
function withAliases(values: Value[], alias: Node): Value[] {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v.kind === 'qname' && !v.alias) return values.map((x) => withAlias(x, alias));
  }
  return values;
}

function sameKey(a: Const, b: Const): boolean {
  return a.t === b.t && constJson(a) === constJson(b);
}

function bigintJson(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * `JSON.stringify(c, bigintJson)`. The replacer changes nothing but bigints, and a replacer puts
 * the serialiser on its slow path, a call per value: for a constant without a bigint (any bytes
 * constant, most sequences) the native serialiser gives the same text at a fraction of the cost.
 * A file binding one name to many large bytes constants spent a third of its analysis here.
 */
function constJson(c: Const): string {
  return holdsBigint(c) ? JSON.stringify(c, bigintJson) : JSON.stringify(c);
}

/** Whether a bigint is anywhere in `x` (then `constJson` needs the replacer). */
function holdsBigint(x: unknown): boolean {
  if (typeof x === 'bigint') return true;
  if (typeof x !== 'object' || x === null) return false;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      const item: unknown = x[i];
      if (typeof item === 'object' ? holdsBigint(item) : typeof item === 'bigint') return true;
    }
    return false;
  }
  for (const key in x) if (holdsBigint((x as Record<string, unknown>)[key])) return true;
  return false;
}

function dedupeValues(values: Value[]): Value[] {
  // Most expressions denote one value: nothing to compare (and no key to build). The array may
  // be another node's answer: answers are never mutated, so it is shared.
  if (values.length === 1) return values;
  // A few values (nearly every answer): compared pairwise, without building a string key for
  // each (the keys, a JSON text per number, were most of the resolver's garbage).
  if (values.length <= PAIRWISE_DEDUPE) {
    let out: Value[] | undefined;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      let duplicate = false;
      for (let j = 0; j < i && !duplicate; j++) duplicate = sameValue(values[j], v);
      if (duplicate) {
        if (out === undefined) out = values.slice(0, i);
      } else if (out !== undefined) out.push(v);
    }
    // Nothing repeated: the array itself, as for one value (answers are never mutated).
    return out === undefined ? (values.length ? values : [UNKNOWN]) : out;
  }
  // Many values: a set per kind of value, keyed by what `sameValue` compares.
  const out: Value[] = [];
  const names = new Set<string>();
  const consts = new Set<string>();
  const nodes = new Map<string, Set<number>>();
  const others = new Set<string>();
  for (const v of values) {
    let seen: Set<string> | Set<number>;
    let key: string | number;
    switch (v.kind) {
      case 'qname':
        seen = names;
        key = v.name;
        break;
      case 'const':
        seen = consts;
        key = constKey(v.value);
        break;
      case 'function':
      case 'class':
      case 'container':
      case 'instance': {
        let ids = nodes.get(v.kind);
        if (ids === undefined) nodes.set(v.kind, (ids = new Set()));
        seen = ids;
        key = v.node.id;
        break;
      }
      default:
        seen = others;
        key = v.kind;
    }
    if ((seen as Set<string | number>).has(key)) continue;
    (seen as Set<string | number>).add(key);
    out.push(v);
  }
  return out.length ? out : [UNKNOWN];
}

const PAIRWISE_DEDUPE = 16;

/** Whether `dedupeValues`'s keys of `a` and `b` are equal (`b` is then a repeat of `a`). */
function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'qname':
      return b.kind === 'qname' && a.name === b.name;
    case 'const':
      return b.kind === 'const' && sameConst(a.value, b.value);
    case 'function':
    case 'class':
    case 'container':
    case 'instance':
      return b.kind === a.kind && a.node.id === (b as { node: Node }).node.id;
    default:
      return a.kind === b.kind;
  }
}

/** Whether two constants have equal `constKey`s (the JSON text's equality, without the text). */
function sameConst(a: Const, b: Const): boolean {
  if (a === b) return true;
  switch (a.t) {
    case 'str':
      return b.t === 'str' && a.v === b.v;
    case 'int':
      return b.t === 'int' && a.v === b.v;
    case 'hugeint':
      return b.t === 'hugeint' && sameJsonNumber(a.digits, b.digits);
    case 'float':
      return b.t === 'float' && sameJsonNumber(a.v, b.v);
    case 'bool':
      return b.t === 'bool' && a.v === b.v;
    case 'none':
      return b.t === 'none';
    case 'bytes': {
      if (b.t !== 'bytes' || a.v.length !== b.v.length) return false;
      for (let i = 0; i < a.v.length; i++) if (a.v[i] !== b.v[i]) return false;
      return true;
    }
    case 'seq': {
      if (b.t !== 'seq' || a.kind !== b.kind || a.items.length !== b.items.length) return false;
      for (let i = 0; i < a.items.length; i++) if (!sameConst(a.items[i], b.items[i])) return false;
      return true;
    }
  }
}

/** Whether two numbers have the same JSON text: every NaN and infinity is `null`, and -0 is 0. */
function sameJsonNumber(a: number, b: number): boolean {
  return a === b || (!Number.isFinite(a) && !Number.isFinite(b));
}

/**
 * A key equal for equal constants (as their JSON texts are): scalars without serialising them;
 * lists, tuples and bytes as JSON.
 */
function constKey(c: Const): string {
  switch (c.t) {
    case 'str':
      return `s:${c.v}`;
    case 'int':
      return `i:${c.v}`;
    case 'hugeint':
      return `h:${JSON.stringify(c.digits)}`;
    case 'float':
      // JSON's text of a number: NaN and the infinities are all `null`, -0 is 0.
      return `f:${JSON.stringify(c.v)}`;
    case 'bool':
      return c.v ? 'true' : 'false';
    case 'none':
      return 'none';
    default:
      return `c:${constJson(c)}`;
  }
}

export { FOLD_LIMITS };

/** `parameter` (a bound identifier) is the first parameter of a `def` in the body of `cls`. */
function isFirstParameterOfMethod(parameter: Node, cls: Node): boolean {
  let list = parameter.parent;
  // `self: T` and `self=None` wrap the identifier in one more node.
  if (list && list.type !== 'parameters') list = list.parent;
  if (list?.type !== 'parameters') return false;
  const first = codeChildren(list)[0];
  if (!first || (first.id !== parameter.id && first.id !== parameter.parent?.id)) return false;
  return !!list.parent && methodOf(list.parent)?.cls.id === cls.id;
}

/** The binding values `foldAtRead` starts a replay from: literals, displays and operators on them. */
const SEED_TYPES = new Set(['string', 'concatenated_string', 'integer', 'float', 'list', 'tuple', 'binary_operator', 'unary_operator', 'parenthesized_expression']);

/** Methods of a dict that leave it as it is (`dictUnchanged`). */
const READ_ONLY_DICT_METHODS = new Set(['get', 'keys', 'values', 'items', 'copy']);
/** Calls that hand out a namespace, through which any dict held in it may change (`nameOnlyRead`). */
const NAMESPACE_CALLS: ReadonlySet<string> = new Set(['globals', 'vars', 'locals']);
/** Builtins that only read the dict passed to them. */
const READING_BUILTINS = new Set(['len', 'list', 'tuple', 'set', 'frozenset', 'sorted', 'dict', 'str', 'repr', 'print', 'bool', 'iter', 'any', 'all', 'min', 'max', 'sum', 'enumerate', 'isinstance']);

/** Calls of a function (different argument lists) folded one by one for `foldStringsAtCalls`, and the size of expression it folds. */
const MAX_AT_CALLS = 64;
const MAX_AT_CALLS_NODES = 256;

