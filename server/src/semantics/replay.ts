import type { Node } from '../parser';
import { constTruthiness, foldConstant, foldIntegerBinary, FOLD_LIMITS, sameConst, withResolve, type FoldEnv } from './fold';
import { identifierName } from './names';
import { codeChildren, pushNamedChildren, isNameReference, isStoreTarget, NESTED_SCOPE_TYPES } from './syntax';
import { constValue, holdsList, UNKNOWN, type Const, type Value } from './values';

/**
 * The value a local name holds at one read, found by running the statements of its scope that
 * come before the read, in order. The resolver is flow-insensitive: a name bound several times
 * (`t = "{0"` … `t += "." + seg` in a loop) or a list the file appends to (`parts = []` …
 * `parts.append(seg)`) has no one value for it, and a template or attribute name built that way
 * (`"".join(parts).format(1)`) went unchecked. Replaying is bounded and gives up (undefined) on
 * anything it does not model that touches the name: a call that may change the list, a `break`
 * in a loop that changes it, a test that does not fold, a binding it does not know.
 *
 * Modelled: `x = e`, `x += e` / `x *= e` (strings, bytes, sequences), `x op= e` on integers,
 * `x.append/extend/insert/pop/remove/clear/reverse(...)` on a list, `for v in <constant>:` over at
 * most `MAX_UNROLL` items (its body run once per item with `v` bound to it), `if` with a test
 * that folds, and the `if`/`with`/`try` blocks around the read itself. A statement that does not
 * mention the name is skipped; one that mentions it otherwise is harmless for a string (it cannot
 * change in place) unless it binds the name, and ends the replay for a list.
 */

/** Iterations of one `for` loop replayed; a longer loop is not unrolled. */
const MAX_UNROLL = 256;
/** Statements replayed for one read, loop bodies counted once per pass. */
const MAX_STEPS = 1_000;
/**
 * Syntax nodes the replay of one read walks (looking for the name, a binding of it, a way out of
 * a loop): a statement counts once in `MAX_STEPS` however large it is, and a long one mentioning
 * the name is walked several times.
 */
const MAX_NODES = 50_000;

const NON_ASCII = /[^\x00-\x7f]/;

/** What the resolver tells the replay about the name it asks for. */
export interface ReplayQuestion {
  /** The identifier read. */
  read: Node;
  name: string;
  /** The block (or the module) whose statements bind the name, the read inside it. */
  body: Node;
  /** Where the name's bindings are (their binding nodes): a statement holding one rebinds it. */
  bindingNodes: readonly Node[];
}

type State = { value: Const | undefined; known: boolean };

/**
 * Thrown to abandon a replay. One shared instance, not an `Error` each time: most replays give
 * up, and capturing a stack trace per give-up was a visible share of a scan's time.
 */
class GiveUp {}
const GIVE_UP = new GiveUp();

/** Statements without a block: a read in one runs after everything before the statement. */
const SIMPLE_STATEMENTS = new Set([
  'expression_statement', 'return_statement', 'delete_statement', 'raise_statement', 'assert_statement', 'pass_statement',
  'print_statement', 'exec_statement', 'global_statement', 'nonlocal_statement', 'import_statement', 'import_from_statement',
  'future_import_statement', 'type_alias_statement', 'break_statement', 'continue_statement',
]);
const LEAVING = new Set(['break_statement', 'continue_statement', 'return_statement', 'raise_statement', 'yield', 'await']);

/**
 * Whether `node` may bind `name` anywhere in it, nested scopes included (a `global`/`nonlocal`
 * there rebinds it): an assignment, augmented assignment or walrus target, a `for`/`with`/`except`
 * target, `del`, an import, a definition, a parameter, a `case` capture. Syntax only, so
 * conservative: `d[name] = 1` counts.
 */
export function bindsIdentifier(node: Node, name: string, visit?: () => void): boolean {
  const stack: Node[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    visit?.();
    if (n.type === 'identifier') {
      if (identifierName(n) !== name) continue;
      const parent = n.parent;
      if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === n.id) continue;
      if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === n.id) continue;
      if (isStoreTarget(n) || !isNameReference(n)) return true;
      for (let p = parent; p && p.id !== node.id; p = p.parent) if (p.type === 'case_pattern') return true;
      continue;
    }
    pushNamedChildren(stack, n);
  }
  return false;
}

function hasWildcardImport(node: Node, visit: () => void): boolean {
  const stack: Node[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    visit();
    if (n.type === 'wildcard_import') return true;
    pushNamedChildren(stack, n);
  }
  return false;
}

function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

export function foldByReplay(env: FoldEnv, question: ReplayQuestion, depth: number): Const | undefined {
  const replay = new Replay(env, question, depth);
  try {
    return replay.run();
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
}

class Replay {
  private steps = 0;
  private nodes = 0;
  /** Counts one node walked; gives up past `MAX_NODES`. */
  private readonly visit = (): void => {
    if (++this.nodes > MAX_NODES) throw GIVE_UP;
  };
  private readonly state: State = { value: undefined, known: false };
  /** Loop variables bound to the item of the pass being replayed. */
  private readonly loopVariables = new Map<string, Const>();
  private readonly overlay: FoldEnv;

  constructor(
    private readonly env: FoldEnv,
    private readonly q: ReplayQuestion,
    private readonly depth: number,
  ) {
    const resolve = (node: Node, d: number): Value[] => {
      if (node.type === 'identifier') {
        const name = identifierName(node);
        if (name === this.q.name) return this.state.known && this.state.value ? [constValue(this.state.value)] : [UNKNOWN];
        const item = this.loopVariables.get(name);
        if (item !== undefined) return [constValue(item)];
      }
      return env.resolve(node, d);
    };
    // A fold made here holds for this pass of the replay only, not for the node.
    this.overlay = withResolve(env, resolve);
  }

  run(): Const | undefined {
    this.block(this.q.body, true);
    return this.state.known ? this.state.value : undefined;
  }

  private fold(node: Node | null | undefined): Const | undefined {
    return node ? foldConstant(this.overlay, node, this.depth + 1) : undefined;
  }

  private set(value: Const | undefined): void {
    if (value === undefined) throw GIVE_UP;
    this.state.value = value;
    this.state.known = true;
  }

  private current(): Const {
    if (!this.state.known || this.state.value === undefined) throw GIVE_UP;
    return this.state.value;
  }

  /** Whether the value may change in place: a list, or a tuple holding one (`t[0].append(x)`). */
  private isList(): boolean {
    return this.state.known && this.state.value !== undefined && holdsList(this.state.value);
  }

  /** Identifiers naming the tracked name in `node`, not counting attribute names (`self.parts`). */
  private mentions(node: Node, except?: Node): Node[] {
    const out: Node[] = [];
    const stack: Node[] = [node];
    while (stack.length) {
      const n = stack.pop()!;
      this.visit();
      if (n.type === 'identifier') {
        const parent = n.parent;
        const isAttributeName = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === n.id;
        if (!isAttributeName && identifierName(n) === this.q.name && n.id !== except?.id) out.push(n);
        continue;
      }
      pushNamedChildren(stack, n);
    }
    return out;
  }

  private bindsName(stmt: Node): boolean {
    return this.q.bindingNodes.some((b) => contains(stmt, b));
  }

  /**
   * Runs the statements of `block`; when `toRead`, stops at the one holding the read (entering the
   * `if`/`with`/`try` blocks around it) and returns true once it is reached.
   */
  private block(block: Node, toRead: boolean): boolean {
    for (const stmt of codeChildren(block)) {
      if (++this.steps > MAX_STEPS) throw GIVE_UP;
      if (toRead && contains(stmt, this.q.read)) {
        this.reachRead(stmt);
        return true;
      }
      this.statement(stmt);
    }
    if (toRead) throw GIVE_UP;
    return false;
  }

  /** The statement holding the read: what runs of it before the read. */
  private reachRead(stmt: Node): void {
    const read = this.q.read;
    const enter = (b: Node | null | undefined): boolean => !!b && contains(b, read) && this.block(b, true);
    switch (stmt.type) {
      case 'if_statement': {
        // A read in a branch: the tests before it ran, the branch is taken.
        const condition = stmt.childForFieldName('condition');
        if (condition && contains(condition, read)) return this.beforeRead(condition);
        if (condition) this.expressionWithoutEffect(condition);
        if (enter(stmt.childForFieldName('consequence'))) return;
        for (const clause of stmt.childrenForFieldName('alternative')) {
          if (!clause) continue;
          const c = clause.childForFieldName('condition');
          if (c && contains(c, read)) return this.beforeRead(c);
          if (enter(clause.childForFieldName('consequence') ?? clause.childForFieldName('body'))) return;
          if (c) this.expressionWithoutEffect(c);
        }
        throw GIVE_UP;
      }
      case 'with_statement':
      case 'try_statement': {
        // Only the body: a handler or `finally` runs after part of the body, which part is unknown.
        const body = stmt.childForFieldName('body');
        if (body && contains(body, read)) {
          if (stmt.type === 'with_statement') for (const c of codeChildren(stmt)) if (c.id !== body.id) this.expressionWithoutEffect(c);
          this.block(body, true);
          return;
        }
        if (stmt.type === 'with_statement') return this.beforeRead(stmt);
        throw GIVE_UP;
      }
      case 'for_statement':
      case 'while_statement':
        // A loop around the read: the name keeps the value it had before only if the loop leaves it alone.
        if (this.mentions(stmt, read).length) throw GIVE_UP;
        return;
      default:
        // A `match`, a definition, anything compound not modelled: which of its parts ran is unknown.
        if (!SIMPLE_STATEMENTS.has(stmt.type)) throw GIVE_UP;
        return this.beforeRead(stmt);
    }
  }

  /**
   * A simple statement holding the read (or an `if` test, a `with` header): its binding of the
   * name happens after the read only when the read is in the value assigned (`t = t + "x"`);
   * targets are stored left to right, so in `t, d[t] = ...` or `t = d[t] = ...` the second `t`
   * reads the new value.
   */
  private beforeRead(stmt: Node): void {
    const others = this.mentions(stmt, this.q.read);
    if (others.length === 0) return;
    if (this.isList()) throw GIVE_UP;
    // A walrus on the name could run before the read.
    if (others.some((m) => m.parent?.type === 'named_expression')) throw GIVE_UP;
    if (bindsIdentifier(stmt, this.q.name, this.visit) && !this.inAssignedValue(stmt)) throw GIVE_UP;
  }

  /** Whether the read is in the value of the assignment `stmt` is, evaluated before any target is stored. */
  private inAssignedValue(stmt: Node): boolean {
    if (stmt.type !== 'expression_statement') return false;
    const exprs = codeChildren(stmt);
    if (exprs.length !== 1) return false;
    let expr = exprs[0];
    if (expr.type === 'augmented_assignment') {
      const right = expr.childForFieldName('right');
      return !!right && contains(right, this.q.read);
    }
    // `a = b = value`: the value is the innermost right side.
    while (expr.type === 'assignment') {
      const right = expr.childForFieldName('right');
      if (!right) return false;
      expr = right;
    }
    return expr.id !== exprs[0].id && contains(expr, this.q.read) && !bindsIdentifier(expr, this.q.name, this.visit);
  }

  /** A test or header that mentions the name: harmless for a string, not for a list. */
  private expressionWithoutEffect(node: Node): void {
    if (this.mentions(node).length && (this.isList() || this.bindsName(node) || bindsIdentifier(node, this.q.name, this.visit))) throw GIVE_UP;
  }

  private statement(stmt: Node): void {
    // Most statements do not name it at all: their text says so without a walk (an identifier
    // written with other characters, `ｘ` for `x`, needs a character outside ASCII).
    const text = stmt.text;
    // `from m import *` may bind the name whatever it is called, even in a block not entered.
    if (text.includes('*') && hasWildcardImport(stmt, this.visit)) throw GIVE_UP;
    if (!text.includes(this.q.name) && !NON_ASCII.test(text)) return;
    if (this.mentions(stmt).length === 0) return;
    switch (stmt.type) {
      case 'expression_statement': {
        const expr = codeChildren(stmt)[0];
        if (expr && codeChildren(stmt).length === 1 && this.expression(expr)) return;
        break;
      }
      case 'for_statement':
        if (this.forLoop(stmt)) return;
        break;
      case 'if_statement':
        if (this.ifStatement(stmt)) return;
        break;
      case 'pass_statement':
        return;
    }
    // Anything else that mentions the name: a list may have changed; a string has not, unless
    // rebound or deleted (`del x`, which the scope's bindings do not list).
    if (this.isList() || this.bindsName(stmt) || bindsIdentifier(stmt, this.q.name, this.visit) || !this.state.known) throw GIVE_UP;
  }

  /** An expression statement on the name; false when it is none of the forms modelled. */
  private expression(expr: Node): boolean {
    const isName = (n: Node | null | undefined): boolean => n?.type === 'identifier' && identifierName(n) === this.q.name;
    if (expr.type === 'assignment') {
      const left = expr.childForFieldName('left');
      const right = expr.childForFieldName('right');
      if (!isName(left)) return false;
      if (!right) return true;
      if (right.type === 'assignment' || right.type === 'yield') return false;
      this.set(this.fold(right));
      return true;
    }
    if (expr.type === 'augmented_assignment') {
      if (!isName(expr.childForFieldName('left'))) return false;
      const op = expr.childForFieldName('operator')?.text ?? '';
      const right = this.fold(expr.childForFieldName('right'));
      this.set(right ? augmented(this.current(), op, right) : undefined);
      return true;
    }
    if (expr.type === 'call') {
      const fn = expr.childForFieldName('function');
      const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
      if (!isName(object)) return false;
      const current = this.current();
      const args = codeChildren(expr.childForFieldName('arguments') ?? expr);
      if (args.some((a) => a.type === 'keyword_argument' || a.type === 'list_splat' || a.type === 'dictionary_splat')) return false;
      // A method of an immutable value changes nothing: `t.upper()` as a statement.
      if (current.t === 'str' || current.t === 'bytes' || current.t === 'int' || (current.t === 'seq' && current.kind === 'tuple')) {
        if (args.some((a) => this.mentions(a).length)) return false;
        return true;
      }
      if (current.t !== 'seq') return false;
      const method = identifierName(fn!.childForFieldName('attribute')!);
      const items = listMethod(current.items, method, args.map((a) => this.fold(a)));
      this.set(items && items.length <= FOLD_LIMITS.sequenceItems ? { t: 'seq', kind: 'list', items } : undefined);
      return true;
    }
    return false;
  }

  /** `for v in <constant>:` unrolled; false when the loop is not one. */
  private forLoop(stmt: Node): boolean {
    const left = stmt.childForFieldName('left');
    const right = stmt.childForFieldName('right');
    const body = stmt.childForFieldName('body');
    const variables = left ? loopTargets(left) : undefined;
    if (!variables || !right || !body) return false;
    if (variables.includes(this.q.name) || this.mentions(right).length) return false;
    if (stmt.childForFieldName('alternative') || this.leaves(body)) return false;
    // The body runs with `v` bound to the item only while nothing in it rebinds `v` (`v = "_"`).
    for (const variable of variables) if (bindsIdentifier(body, variable, this.visit)) return false;
    const iterable = this.fold(right);
    const items = iterable?.t === 'seq' ? iterable.items : iterable?.t === 'str' ? [...iterable.v].map((v): Const => ({ t: 'str', v })) : undefined;
    if (!items || items.length > MAX_UNROLL) return false;
    // `for i, p in enumerate(parts)`: each item unpacked into as many names.
    const unpack = left!.type !== 'identifier';
    if (unpack && !items.every((item) => item.t === 'seq' && item.items.length === variables.length)) return false;
    const outer = variables.map((v) => this.loopVariables.get(v));
    try {
      for (const item of items) {
        variables.forEach((v, i) => this.loopVariables.set(v, unpack ? (item as { items: Const[] }).items[i] : item));
        this.block(body, false);
      }
    } finally {
      variables.forEach((v, i) => {
        if (outer[i] === undefined) this.loopVariables.delete(v);
        else this.loopVariables.set(v, outer[i]!);
      });
    }
    return true;
  }

  /** An `if` whose tests fold: the branch taken is run; false when a test does not fold. */
  private ifStatement(stmt: Node): boolean {
    const clauses: { test: Node | null; body: Node | null }[] = [{ test: stmt.childForFieldName('condition'), body: stmt.childForFieldName('consequence') }];
    for (const c of stmt.childrenForFieldName('alternative')) {
      if (c) clauses.push({ test: c.childForFieldName('condition'), body: c.childForFieldName('consequence') ?? c.childForFieldName('body') });
    }
    for (const { test, body } of clauses) {
      if (test) {
        this.expressionWithoutEffect(test);
        const t = this.fold(test);
        const truth = t ? constTruthiness(t) : undefined;
        if (truth === undefined) return false;
        if (!truth) continue;
      }
      if (body) this.block(body, false);
      return true;
    }
    return true;
  }

  /** Whether a loop body may leave a pass early or the loop (outside nested scopes). */
  private leaves(body: Node): boolean {
    const stack: Node[] = [body];
    while (stack.length) {
      const n = stack.pop()!;
      this.visit();
      if (LEAVING.has(n.type)) return true;
      if (NESTED_SCOPE_TYPES.has(n.type)) continue;
      pushNamedChildren(stack, n);
    }
    return false;
  }
}

/** The names a `for` target binds: one name, or a flat tuple of distinct names (`i, p`); undefined for any other target. */
function loopTargets(left: Node): string[] | undefined {
  if (left.type === 'identifier') return [identifierName(left)];
  if (left.type !== 'pattern_list' && left.type !== 'tuple_pattern') return undefined;
  const names: string[] = [];
  for (const c of codeChildren(left)) {
    if (c.type !== 'identifier' || names.includes(identifierName(c))) return undefined;
    names.push(identifierName(c));
  }
  return names.length ? names : undefined;
}

function augmented(a: Const, op: string, b: Const): Const | undefined {
  if (op === '+=') {
    if (a.t === 'str' && b.t === 'str') return a.v.length + b.v.length <= FOLD_LIMITS.stringLength ? { t: 'str', v: a.v + b.v } : undefined;
    if (a.t === 'bytes' && b.t === 'bytes') return a.v.length + b.v.length <= FOLD_LIMITS.stringLength ? { t: 'bytes', v: [...a.v, ...b.v] } : undefined;
    if (a.t === 'seq' && a.kind === 'list' && b.t === 'str') return { t: 'seq', kind: 'list', items: [...a.items, ...[...b.v].map((v): Const => ({ t: 'str', v }))] };
    if (a.t === 'seq' && b.t === 'seq' && (a.kind === 'list' || b.kind === 'tuple')) {
      return a.items.length + b.items.length <= FOLD_LIMITS.sequenceItems ? { t: 'seq', kind: a.kind, items: [...a.items, ...b.items] } : undefined;
    }
  }
  if (op === '*=' && b.t === 'int' && b.v >= 0n && b.v <= BigInt(FOLD_LIMITS.stringLength)) {
    const n = Number(b.v);
    if (a.t === 'str' && a.v.length * n <= FOLD_LIMITS.stringLength) return { t: 'str', v: a.v.repeat(n) };
    if (a.t === 'seq' && a.items.length * n <= FOLD_LIMITS.sequenceItems) return { t: 'seq', kind: a.kind, items: Array.from({ length: n }, () => a.items).flat() };
  }
  // Numbers as `foldBinary` folds them: `n **= 12` gives 10**12, a huge power keeps its size.
  if ((a.t === 'int' || a.t === 'hugeint' || a.t === 'bool') && (b.t === 'int' || b.t === 'hugeint' || b.t === 'bool')) return foldIntegerBinary(op.slice(0, -1), a, b);
  return undefined;
}

/** The items of a list after `xs.method(*args)`; undefined for a method not modelled or an argument that does not fold. */
function listMethod(items: Const[], method: string, args: (Const | undefined)[]): Const[] | undefined {
  if (args.some((a) => a === undefined)) return undefined;
  const a = args as Const[];
  switch (method) {
    case 'append':
      return a.length === 1 ? [...items, a[0]] : undefined;
    case 'extend':
      if (a.length !== 1) return undefined;
      if (a[0].t === 'seq') return [...items, ...a[0].items];
      if (a[0].t === 'str') return [...items, ...[...a[0].v].map((v): Const => ({ t: 'str', v }))];
      return undefined;
    case 'insert': {
      if (a.length !== 2 || a[0].t !== 'int') return undefined;
      const n = items.length;
      let i = Number(a[0].v);
      i = i < 0 ? Math.max(0, n + i) : Math.min(i, n);
      return [...items.slice(0, i), a[1], ...items.slice(i)];
    }
    case 'pop': {
      if (items.length === 0 || a.length > 1) return undefined;
      const i = a.length ? (a[0].t === 'int' ? Number(a[0].v) : NaN) : -1;
      const at = i < 0 ? items.length + i : i;
      if (!(at >= 0 && at < items.length)) return undefined;
      return [...items.slice(0, at), ...items.slice(at + 1)];
    }
    case 'remove': {
      if (a.length !== 1) return undefined;
      const at = items.findIndex((x) => sameConst(x, a[0]));
      return at < 0 ? undefined : [...items.slice(0, at), ...items.slice(at + 1)];
    }
    case 'clear':
      return a.length === 0 ? [] : undefined;
    case 'reverse':
      return a.length === 0 ? [...items].reverse() : undefined;
    default:
      return undefined;
  }
}
