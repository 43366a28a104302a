import type { Node } from '../parser';
import { FOLD_LIMITS, foldConstant, type FoldEnv } from './fold';
import { canonicalQName } from './modules';
import { normalizeIdentifier } from './names';
import { buildScopes, lookupScope, type Binding, type KeptScopes, type Scope, type ScopeTable, type StatementScopes } from './scopes';
import { anyMemo, memoOf, newMemoOwner, peekMemo, type NodeMemo, type QNameValue } from './memo';
import { isNameReference, isStoreTarget } from './syntax';
import { constString, UNKNOWN, type Const, type Value } from './values';

export type { Binding, KeptScopes, Scope, StatementScopes } from './scopes';
export type { Const, Value } from './values';
export { normalizeIdentifier, isDunder, isPrivateName } from './names';
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
}

/** Reports every read of the module scope's bindings, however it is made. */
function observeModuleBindings(bindings: Map<string, Binding[]>, observer: SemanticsObserver): void {
  observeBindings(bindings, (name) => observer.moduleLookup(name));
}

/**
 * Reports every read of a scope's bindings, however it is made: the name looked up, found or
 * not, or `*` when all of them were read. (incremental/ also watches the scopes of classes.)
 */
export function observeBindings(bindings: Map<string, Binding[]>, lookup: (name: string) => void): void {
  // A scope kept by an incremental analysis is observed again by every run: its wrappers are
  // installed once and report to the newest observer (wrapping again stacked one more wrapper
  // around every lookup per keystroke, and kept every earlier run alive).
  const installed = bindingObservers.get(bindings);
  if (installed) {
    installed.lookup = lookup;
    return;
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
 * Answers "what does this expression denote?" for every rule: scopes and bindings, aliases
 * through assignments, imports, defaults, walrus and loops, attribute and subscript chains,
 * and bounded constant folding. Flow-insensitive on purpose: a name bound to `getattr` on any
 * path may be `getattr`, which is what a reviewer of hostile code needs.
 */
export class Semantics implements FoldEnv {
  private readonly table: ScopeTable;
  /** Tells this analysis's memos on the nodes (semantics/memo.ts) from those of earlier ones. */
  private readonly owner = newMemoOwner();
  private steps = 0;
  private readonly queryCache = new Map<number, Value[]>();
  private readonly returnsOf = new Map<number, Node[]>();
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
    this.table = buildScopes(root, this.owner, kept);
    if (observer) observeModuleBindings(this.table.module.bindings, observer);
  }

  get moduleScope(): Scope {
    return this.table.module;
  }

  /** What each top-level statement put in the module scope (for a later incremental analysis). */
  get statementScopes(): ReadonlyMap<Node, StatementScopes> {
    return this.table.statements;
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
    const name = normalizeIdentifier(identifier.text);
    const scope = lookupScope(name, this.scopeOf(identifier), this.table.module);
    return scope?.bindings.get(name) ?? [];
  }

  /** True when `identifier` is a reference to the builtin `name` (not shadowed anywhere in scope). */
  isBuiltinReference(identifier: Node, name?: string): boolean {
    const n = normalizeIdentifier(identifier.text);
    if (name !== undefined && n !== name) return false;
    return this.bindingsOf(identifier).length === 0;
  }

  /** Every value an expression may denote. Shared arrays: callers must not mutate them. */
  resolve(node: Node, depth = 0): Value[] {
    const memo = peekMemo(node, this.owner);
    if (memo !== undefined && memo.values !== undefined) {
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
      const m = memoOf(node, this.owner);
      m.cut = { values, generation, steps: this.steps - steps, cuts: this.cuts - cuts };
    }
    return values;
  }

  private resolveAt(node: Node, depth: number): Value[] {
    const memo = memoOf(node, this.owner);
    if (memo.values !== undefined) return memo.values;
    const partial = this.queryCache.size ? this.queryCache.get(node.id) : undefined;
    if (partial) {
      this.tainted++;
      return partial;
    }
    if (depth > MAX_RESOLVE_DEPTH || memo.resolving) {
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
    } else this.queryCache.set(node.id, values);
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

  memoFold(node: Node, depth: number, compute: () => Const | undefined): Const | undefined {
    const memo = peekMemo(node, this.owner);
    if (memo !== undefined && memo.foldDepth >= depth) return memo.fold;
    const before = this.tainted;
    const folded = compute();
    // Kept only when nothing on the way was cut short, as `resolve` keeps its answers.
    if (this.tainted === before && !this.exhausted) {
      const m = memo ?? memoOf(node, this.owner);
      if (depth > m.foldDepth) {
        m.foldDepth = depth;
        m.fold = folded;
      }
    }
    return folded;
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
    if (memo) memo.strings = out;
    return out;
  }

  /**
   * True for an identifier that reads a name: not a definition, parameter, attribute or keyword
   * name, and not a store target. Asked by most rules about every identifier, so kept per node.
   */
  isNameRead(identifier: Node): boolean {
    const memo = memoOf(identifier, this.owner);
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
        const object = node.childForFieldName('object');
        const attr = node.childForFieldName('attribute');
        if (!object || !attr) return [UNKNOWN];
        return this.member(this.resolve(object, depth), normalizeIdentifier(attr.text), depth);
      }
      case 'subscript':
      case 'call': {
        const values = node.type === 'call' ? this.resolveCall(node, depth) : this.resolveSubscript(node, depth);
        // `"__ssalc__"[::-1]`, `"svyr".decode("rot13")`, `chr(95) * 2`: constants computed by a call or slice.
        if (values.every((v) => v.kind === 'unknown')) {
          const c = foldConstant(this, node, depth);
          if (c) return [{ kind: 'const', value: c }];
        }
        return values;
      }
      case 'parenthesized_expression': {
        const inner = node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
        return inner.length === 1 ? this.resolve(inner[0], depth) : [UNKNOWN];
      }
      case 'conditional_expression': {
        const [a, , b] = node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
        return [...(a ? this.resolve(a, depth) : []), ...(b ? this.resolve(b, depth) : [])];
      }
      case 'boolean_operator': {
        const l = node.childForFieldName('left');
        const r = node.childForFieldName('right');
        return [...(l ? this.resolve(l, depth) : []), ...(r ? this.resolve(r, depth) : [])];
      }
      case 'named_expression': {
        const v = node.childForFieldName('value');
        return v ? this.resolve(v, depth) : [UNKNOWN];
      }
      case 'lambda':
        return [{ kind: 'function', node }];
      case 'list':
      case 'tuple':
      case 'set':
      case 'dictionary':
        return [{ kind: 'container', node }];
      case 'await':
        return [UNKNOWN];
      default: {
        const c = foldConstant(this, node, depth);
        return c ? [{ kind: 'const', value: c }] : [UNKNOWN];
      }
    }
  }

  private resolveName(node: Node, depth: number): Value[] {
    const name = normalizeIdentifier(node.text);
    if (name === 'True' || name === 'False') return [{ kind: 'const', value: { t: 'bool', v: name === 'True' } }];
    if (name === 'None') return [{ kind: 'const', value: { t: 'none' } }];
    const scope = lookupScope(name, this.scopeOf(node), this.table.module);
    const bindings = scope?.bindings.get(name);
    if (!bindings) {
      const values: Value[] = [];
      for (const mod of this.table.module.wildcardImports) values.push({ kind: 'qname', name: canonicalQName(`${mod}.${name}`) });
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
          b.values = [{ kind: 'qname', name: q, path: q !== b.qname ? b.qname : undefined, alias: b.node }];
        }
        return b.values;
      }
      case 'assign':
      case 'walrus': {
        if (!b.value) return [UNKNOWN];
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
        return b.value ? [UNKNOWN, ...this.resolve(b.value, depth).map((v) => withAlias(v, b.node))] : [UNKNOWN];
      case 'pattern':
        // A capture of the whole match subject (scopes.ts keeps the subject only then).
        return b.value ? this.resolve(b.value, depth).map((v) => withAlias(v, b.node)) : [UNKNOWN];
      case 'for':
        return b.elementOf ? this.elementsOf(this.resolve(b.elementOf, depth), depth).map((v) => withAlias(v, b.node)) : [UNKNOWN];
      case 'def':
        return b.definition ? [{ kind: 'function', node: b.definition }] : [UNKNOWN];
      case 'class':
        return b.definition ? [{ kind: 'class', node: b.definition }] : [UNKNOWN];
      case 'del':
        return [];
      default:
        return [UNKNOWN];
    }
  }

  /** Values of the elements of an iterable: `for f in [eval, exec]` binds `f` to both. */
  private elementsOf(values: Value[], depth: number): Value[] {
    const out: Value[] = [];
    for (const v of values) {
      if (v.kind === 'container' && v.node.type !== 'dictionary') {
        for (const c of v.node.namedChildren) if (c && c.type !== 'comment') out.push(...this.resolve(c, depth));
      } else if (v.kind === 'const' && v.value.t === 'seq') {
        for (const item of v.value.items) out.push({ kind: 'const', value: item });
      } else out.push(UNKNOWN);
    }
    return out.length ? out : [UNKNOWN];
  }

  /** `values.name`: a module member, a builtin's attribute, or what a namespace holds. */
  member(values: Value[], name: string, depth: number): Value[] {
    const out: Value[] = [];
    for (const v of values) {
      if (name === '__builtins__') out.push({ kind: 'qname', name: 'builtins' });
      else if (name === '__globals__' || name === 'func_globals' || name === 'f_globals') out.push({ kind: 'namespace' });
      else if (v.kind === 'qname') {
        const raw = `${v.path ?? v.name}.${name}`;
        const q = canonicalQName(`${v.name}.${name}`);
        out.push({ kind: 'qname', name: q, path: q !== `${v.name}.${name}` || v.path ? raw : undefined, alias: v.alias });
      } else if (v.kind === 'namespace') out.push(...this.namespaceEntry(name, depth));
      else if (v.kind === 'class') out.push(...this.classAttribute(v.node, name, depth));
      else out.push(UNKNOWN);
    }
    return out;
  }

  /** `K.run` where the class body binds `run = exec`: what the class body bound. */
  private classAttribute(classNode: Node, name: string, depth: number): Value[] {
    const bindings = this.scopeOfDefinition(classNode)?.bindings.get(name);
    return bindings ? bindings.flatMap((b) => this.bindingValues(b, depth)) : [UNKNOWN];
  }

  /** A module-level name looked up through `globals()`/`vars()`/`f.__globals__`. */
  private namespaceEntry(key: string, depth: number): Value[] {
    if (key === '__builtins__') return [{ kind: 'qname', name: 'builtins' }];
    const bindings = this.table.module.bindings.get(key);
    if (bindings) return bindings.flatMap((b) => this.bindingValues(b, depth));
    // A host module's globals usually hold modules under their own names (`sys`, `os`).
    return [{ kind: 'qname', name: canonicalQName(key) }, builtinValue(key)];
  }

  private resolveSubscript(node: Node, depth: number): Value[] {
    const value = node.childForFieldName('value');
    const subs = node.childrenForFieldName('subscript').filter((c): c is Node => !!c);
    if (!value || subs.length !== 1) return [UNKNOWN];
    return this.itemOf(this.resolve(value, depth), foldConstant(this, subs[0], depth), depth);
  }

  /** `values[key]`, and the same through `.get(key)`/`.pop(key)`/`.__getitem__(key)`. */
  private itemOf(values: Value[], key: Const | undefined, depth: number): Value[] {
    const out: Value[] = [];
    for (const v of values) {
      if (key?.t === 'str') {
        if (v.kind === 'qname') {
          if (v.name === 'builtins' || v.name === 'builtins.__dict__') {
            out.push({ kind: 'qname', name: canonicalQName(`builtins.${key.v}`), alias: v.alias });
            continue;
          }
          if (v.name === 'sys.modules') {
            out.push({ kind: 'qname', name: canonicalQName(key.v), path: `sys.modules[${JSON.stringify(key.v)}]` });
            continue;
          }
          if (v.name.endsWith('.__dict__')) {
            out.push(...this.member([{ kind: 'qname', name: v.name.slice(0, -'.__dict__'.length), path: v.path }], key.v, depth));
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
      out.push(UNKNOWN);
    }
    return out.length ? out : [UNKNOWN];
  }

  private containerItem(container: Node, key: Const, depth: number): Value[] {
    if (container.type === 'dictionary') {
      for (const pair of container.namedChildren) {
        if (pair?.type !== 'pair') continue;
        const k = foldConstant(this, pair.childForFieldName('key'), depth);
        const value = pair.childForFieldName('value');
        if (k && value && k.t === key.t && JSON.stringify(k, bigintJson) === JSON.stringify(key, bigintJson)) return this.resolve(value, depth);
      }
      return [UNKNOWN];
    }
    if (key.t !== 'int') return [UNKNOWN];
    const items = container.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    let i = Number(key.v);
    if (i < 0) i += items.length;
    const item = items[i];
    return item && item.type !== 'list_splat' ? this.resolve(item, depth) : [UNKNOWN];
  }

  private resolveCall(node: Node, depth: number): Value[] {
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    if (!fn) return [UNKNOWN];
    const positional = (args?.type === 'argument_list' ? args.namedChildren : []).filter(
      (c): c is Node => !!c && c.type !== 'comment' && c.type !== 'keyword_argument',
    );
    // Any `x.load_module('os')` hands out the named module, whatever `x` turned out to be
    // (a class fished out of `__subclasses__()`, `__loader__`, a zipimporter).
    if (fn.type === 'attribute' && LOADER_METHODS.has(normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? ''))) {
      const mod = positional[0] ? this.foldString(positional[0]) : undefined;
      if (mod) return [{ kind: 'qname', name: canonicalQName(mod), path: `${fn.text}(${JSON.stringify(mod)})` }];
    }
    // `__builtins__.get("eval")`, `sys.modules.get("os")`, `table.get("run")`: lookups by key.
    if (fn.type === 'attribute' && ITEM_METHODS.has(normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '')) && positional[0]) {
      const object = fn.childForFieldName('object');
      const key = foldConstant(this, positional[0], depth);
      if (object && key) {
        const items = this.itemOf(this.resolve(object, depth), key, depth);
        if (items.some((v) => v.kind !== 'unknown')) return items;
      }
    }
    const out: Value[] = [];
    const callees = this.resolve(fn, depth);
    for (const callee of callees) {
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
        const mod = positional[0] ? this.foldString(positional[0]) : undefined;
        out.push(mod ? { kind: 'qname', name: canonicalQName(mod), path: `${q}(${JSON.stringify(mod)})` } : UNKNOWN);
        continue;
      }
      switch (q) {
        case 'builtins.getattr': {
          const name = positional[1] ? foldConstant(this, positional[1], depth) : undefined;
          if (positional[0] && name?.t === 'str') out.push(...this.member(this.resolve(positional[0], depth), name.v, depth));
          else out.push(UNKNOWN);
          continue;
        }
        case 'builtins.vars':
        case 'builtins.globals':
        case 'builtins.locals':
          if (q === 'builtins.vars' && positional[0]) out.push(...this.member(this.resolve(positional[0], depth), '__dict__', depth));
          else out.push({ kind: 'namespace' });
          continue;
        case 'functools.partial':
          out.push(...(positional[0] ? this.resolve(positional[0], depth) : [UNKNOWN]));
          continue;
        case 'builtins.type':
          if (positional.length === 1) {
            const arg = this.resolve(positional[0], depth);
            if (arg.some((v) => v.kind === 'function')) out.push({ kind: 'qname', name: 'types.FunctionType', path: 'type(<function>)' });
            else if (arg.some((v) => v.kind === 'qname' && /(^|\.)(__code__|func_code)$/.test(v.name)))
              out.push({ kind: 'qname', name: 'types.CodeType', path: 'type(<code>)' });
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

/** The expressions a def or lambda returns (not those of functions nested in it). */
function returnedExpressions(fn: Node): Node[] {
  if (fn.type === 'lambda') {
    const body = fn.childForFieldName('body');
    return body ? [body] : [];
  }
  const out: Node[] = [];
  const body = fn.childForFieldName('body');
  const stack = body ? [body] : [];
  while (stack.length && out.length < MAX_RETURNS) {
    const n = stack.pop()!;
    if (n.type === 'function_definition' || n.type === 'lambda' || n.type === 'class_definition') continue;
    if (n.type === 'return_statement') {
      const value = n.namedChild(0);
      if (value) out.push(value);
      continue;
    }
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  return out;
}

/** The answer of most expressions to "which names": none. Shared, never mutated. */
const NO_NAMES: string[] = [];
const NO_QNAMES: QNameValue[] = [];

function builtinValue(name: string): Value {
  if (name === '__builtins__' || name === '__builtin__') return { kind: 'qname', name: 'builtins', path: name };
  if (MODULE_DUNDERS.has(name)) return { kind: 'qname', name: `__main__.${name}` };
  return { kind: 'qname', name: `builtins.${name}` };
}

function withAlias(v: Value, alias: Node): Value {
  return v.kind === 'qname' && !v.alias ? { ...v, alias } : v;
}

/** `values`, each qname without an alias marked as reached through `alias`; `values` itself when none is. */
function withAliases(values: Value[], alias: Node): Value[] {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v.kind === 'qname' && !v.alias) return values.map((x) => withAlias(x, alias));
  }
  return values;
}

function bigintJson(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

function dedupeValues(values: Value[]): Value[] {
  // Most expressions denote one value: nothing to compare (and no key to build). The array may
  // be another node's answer: answers are never mutated, so it is shared.
  if (values.length === 1) return values;
  const out: Value[] = [];
  const seen = new Set<string>();
  for (const v of values) {
    const key =
      v.kind === 'qname' ? `q:${v.name}` : v.kind === 'const' ? constKey(v.value) : v.kind === 'function' || v.kind === 'class' || v.kind === 'container' ? `${v.kind}:${v.node.id}` : v.kind;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out.length ? out : [UNKNOWN];
}

/** A key equal for equal constants; strings, the common case, without serialising them. */
function constKey(c: Const): string {
  return c.t === 'str' ? `s:${c.v}` : `c:${JSON.stringify(c, bigintJson)}`;
}

export { FOLD_LIMITS };
