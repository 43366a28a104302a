import type { Node } from '../../parser';
import { normalizeIdentifier } from '../../semantics';
import { constTruthiness } from '../../semantics/fold';
import { codeChildren } from '../../semantics/syntax';
import type { RuleContext } from '../types';

/** Code inside these does not run where it is written: its `break`/`return` belong elsewhere. */
export const NESTED_SCOPES = new Set(['function_definition', 'class_definition', 'lambda']);

/** Calls that end the process or raise `SystemExit`, so a loop that makes them does end. */
const EXITING_CALLS = new Set(['builtins.exit', 'builtins.quit', 'sys.exit', 'os._exit', 'os.abort', 'posix._exit', 'thread.exit']);

/** Whether a condition is constantly true or false (`True`, `1`, `"x"`, `not False`), else undefined. */
export function truthiness(context: RuleContext, node: Node | null | undefined): boolean | undefined {
  let negate = false;
  let n = node;
  // Unwraps `not not x` and parentheses; the chain is bounded by the source, and iterative.
  for (let guard = 0; n && guard < 64; guard++) {
    if (n.type === 'not_operator') {
      negate = !negate;
      n = n.childForFieldName('argument');
      continue;
    }
    if (n.type === 'parenthesized_expression') {
      const inner = n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
      if (inner.length !== 1) return undefined;
      n = inner[0];
      continue;
    }
    break;
  }
  if (!n) return undefined;
  // `while ...:` — Ellipsis is true.
  if (n.type === 'ellipsis') return !negate;
  const c = context.semantics.fold(n);
  const t = c ? constTruthiness(c) : nonEmptyDisplay(n) ?? lengthBound(context, n) ?? boundTruthiness(context, n);
  return t === undefined ? undefined : t !== negate;
}

/**
 * `x = 1` ... `x = 2` then `while x:`, `basename, data = (True, True)` then `while basename and
 * data:` with every other binding a truthy constant too: a name every binding of which (in the
 * resolver's answer, all of them wherever they are) holds an immutable constant (no list, no
 * bytes) of the same truth, and `and`/`or` of such. The fold gives up on a name bound more than once.
 */
function boundTruthiness(context: RuleContext, n: Node): boolean | undefined {
  if (n.type === 'boolean_operator') {
    const op = n.childForFieldName('operator')?.text;
    const left = truthiness(context, n.childForFieldName('left'));
    const right = truthiness(context, n.childForFieldName('right'));
    if (op === 'and') return left === false || right === false ? false : left === true && right === true ? true : undefined;
    if (op === 'or') return left === true || right === true ? true : left === false && right === false ? false : undefined;
    return undefined;
  }
  if (n.type !== 'identifier') return undefined;
  const values = context.semantics.resolve(n);
  let truth: boolean | undefined;
  for (const v of values) {
    // Not a list nor bytes (a `bytearray` folds to bytes): the resolver's constant is what it was
    // made with (`pending = list(events)`), not what `pending.pop(0)` or `del buf[:n]` leaves of it.
    const t = v.kind === 'const' && !(v.value.t === 'seq' && v.value.kind === 'list') && v.value.t !== 'bytes' ? constTruthiness(v.value) : undefined;
    if (t === undefined || (truth !== undefined && t !== truth)) return undefined;
    truth = t;
  }
  return truth;
}

/** `[line]`, `(x, y)`, `{"k": v}`: a display with an item of its own is true whatever its items are. */
function nonEmptyDisplay(node: Node): true | undefined {
  if (node.type !== 'list' && node.type !== 'tuple' && node.type !== 'set' && node.type !== 'dictionary') return undefined;
  return node.namedChildren.some((c) => !!c && c.type !== 'comment' && c.type !== 'list_splat' && c.type !== 'dictionary_splat') ? true : undefined;
}

/** `len(s) >= 0`, `-1 < len(s)`: a length compared with a bound no length can cross. */
function lengthBound(context: RuleContext, node: Node): boolean | undefined {
  if (node.type !== 'comparison_operator') return undefined;
  const parts = node.children.filter((c): c is Node => !!c && c.type !== 'comment');
  if (parts.length !== 3 || parts[1].isNamed) return undefined;
  const isLength = (x: Node): boolean => {
    if (x.type !== 'call') return false;
    const fn = x.childForFieldName('function');
    return !!fn && context.semantics.qualifiedNames(fn).includes('builtins.len');
  };
  const bound = (x: Node): number | undefined => {
    const v = context.semantics.fold(x);
    return v?.t === 'int' ? Number(v.v) : v?.t === 'bool' ? Number(v.v) : v?.t === 'float' && !Number.isNaN(v.v) ? v.v : undefined;
  };
  let op = parts[1].text;
  let k: number | undefined;
  if (isLength(parts[0])) k = bound(parts[2]);
  else if (isLength(parts[2])) {
    k = bound(parts[0]);
    op = ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as Record<string, string>)[op] ?? op;
  }
  if (k === undefined) return undefined;
  // Whatever n >= 0 is: `n >= k` and `n > k` hold for every n when k is below 0 (or 0 with `>=`).
  if ((op === '>=' && k <= 0) || (op === '>' && k < 0) || (op === '!=' && k < 0)) return true;
  if ((op === '<' && k <= 0) || (op === '<=' && k < 0) || (op === '==' && k < 0)) return false;
  return undefined;
}

// Defined with the syntax helpers of semantics/, which uses it too; rules import it from here.
export { codeChildren };

/**
 * The exception-type expressions an `except` clause names (the items of a tuple or parentheses,
 * else the one expression): `'bare'` for `except:`, null when the clause holds a value but no
 * type (a broken parse).
 */
export function exceptTypes(clause: Node): Node[] | 'bare' | null {
  const values = clause.childrenForFieldName('value').filter((c): c is Node => !!c);
  if (values.length === 0) return 'bare';
  let type: Node | null = values[0];
  if (type.type === 'as_pattern') type = type.namedChildren[0] ?? null;
  if (!type) return null;
  return type.type === 'tuple' || type.type === 'parenthesized_expression' ? codeChildren(type) : [type];
}

/** The exception class names an `except` clause catches; `'all'` for bare, `BaseException`, `Exception`. */
function caughtNames(context: RuleContext, clause: Node): Set<string> | 'all' {
  const items = exceptTypes(clause);
  if (items === 'bare' || items === null) return 'all';
  const names = new Set<string>();
  for (const item of items) {
    const qnames = context.semantics.qualifiedNames(item);
    if (qnames.includes('builtins.BaseException') || qnames.includes('builtins.Exception')) return 'all';
    names.add(lastName(item));
  }
  return names;
}

/** Whether a handler catches what can arrive between any two bytecodes: a bare `except`, `BaseException`, `KeyboardInterrupt`. */
function catchesInterrupts(context: RuleContext, clause: Node): boolean {
  const items = exceptTypes(clause);
  if (items === 'bare' || items === null) return true;
  return items.some((item) => {
    const qnames = context.semantics.qualifiedNames(item);
    return qnames.includes('builtins.BaseException') || qnames.includes('builtins.KeyboardInterrupt') || lastName(item) === 'KeyboardInterrupt' || qnames.length === 0;
  });
}

const LITERALS = new Set(['integer', 'float', 'true', 'false', 'none', 'string', 'concatenated_string']);

/**
 * A block of `pass` and assignments of literals to plain names (`v = 1`, `a, b = 1, "x"`): nothing
 * in it can raise. (An f-string, a name read, an operator or a call could.)
 */
function cannotRaise(block: Node | null): boolean {
  if (!block) return false;
  for (const stmt of codeChildren(block)) {
    if (stmt.type === 'pass_statement') continue;
    if (stmt.type !== 'expression_statement') return false;
    const expr = codeChildren(stmt)[0];
    if (expr?.type !== 'assignment' || expr.childForFieldName('type')) return false;
    const left = expr.childForFieldName('left');
    const right = expr.childForFieldName('right');
    const targets = left?.type === 'pattern_list' || left?.type === 'tuple_pattern' ? codeChildren(left) : left ? [left] : [];
    const values = right?.type === 'expression_list' || right?.type === 'tuple' ? codeChildren(right) : right ? [right] : [];
    if (!targets.length || targets.some((t) => t.type !== 'identifier') || targets.length !== values.length) return false;
    if (values.some((v) => !LITERALS.has(v.type) || (v.type === 'string' && v.namedChildren.some((c) => c?.type === 'interpolation')))) return false;
  }
  return true;
}

/** `yield from ()`, `yield from []`, `yield from ""`: delegation to an empty display. */
function yieldsNothing(node: Node): boolean {
  if (!node.children.some((c) => c.type === 'from')) return false;
  let value = codeChildren(node)[0];
  while (value?.type === 'parenthesized_expression' && codeChildren(value).length === 1) value = codeChildren(value)[0];
  if (!value) return false;
  if (value.type === 'tuple' || value.type === 'list' || value.type === 'parenthesized_expression') return codeChildren(value).length === 0;
  return value.type === 'string' && !value.namedChildren.some((c) => c?.type === 'string_content' || c?.type === 'interpolation' || c?.type === 'escape_sequence');
}

/** `ValueError` for `ValueError`, `errors.ValueError`, `ValueError("x")`. */
function lastName(node: Node): string {
  let n: Node | null = node;
  if (n.type === 'call') n = n.childForFieldName('function');
  if (n?.type === 'attribute') n = n.childForFieldName('attribute');
  return n ? normalizeIdentifier(n.text) : '';
}

/**
 * The first statement by which a loop can end: a `break` of this loop (not of a nested one), a
 * `return`, or a `raise` or `assert` that no enclosing `try` in the loop catches, a call that exits, or (when
 * `yieldEnds`) a `yield` that hands control back to the consumer. Code in nested functions and
 * classes, and branches behind a constant-false condition, cannot end the loop. `skip`: statements
 * of the body looked at by the caller (the `if x: break` it has shown never breaks).
 */
export function loopExit(context: RuleContext, loop: Node, yieldEnds: boolean, skip?: readonly Node[]): Node | undefined {
  type Item = { node: Node; nested: boolean; catching: Set<string> | 'all' | undefined };
  const stack: Item[] = [];
  const body = loop.childForFieldName('body');
  if (body) stack.push({ node: body, nested: false, catching: undefined });
  while (stack.length) {
    const { node, nested, catching } = stack.pop()!;
    if (skip?.some((s) => s.id === node.id)) continue;
    const push = (n: Node | null | undefined, isNested = nested, c = catching): void => {
      if (n) stack.push({ node: n, nested: isNested, catching: c });
    };
    if (NESTED_SCOPES.has(node.type)) continue;
    switch (node.type) {
      case 'break_statement':
        if (!nested) return node;
        continue;
      case 'return_statement':
        return node;
      case 'raise_statement': {
        const raised = codeChildren(node)[0];
        const first = raised?.type === 'expression_list' ? codeChildren(raised)[0] : raised;
        if (catching === 'all' || (first && catching?.has(lastName(first)))) break;
        return node;
      }
      case 'yield':
        // `yield from ()` hands nothing to the consumer: the loop goes on without it ever regaining control.
        if (yieldEnds && !yieldsNothing(node)) return node;
        break;
      case 'assert_statement':
        // A failing `assert` raises AssertionError out of the loop, unless a handler in it catches everything.
        if (catching !== 'all' && truthiness(context, codeChildren(node)[0]) !== true) return node;
        break;
      case 'call': {
        const fn = node.childForFieldName('function');
        if (fn && context.semantics.qualifiedNames(fn).some((q) => EXITING_CALLS.has(q))) return node;
        break;
      }
      case 'if_statement':
      case 'elif_clause': {
        const t = truthiness(context, node.childForFieldName('condition'));
        push(node.childForFieldName('condition'));
        if (t !== false) push(node.childForFieldName('consequence'));
        if (t !== true) for (const alt of node.childrenForFieldName('alternative')) push(alt);
        continue;
      }
      case 'while_statement': {
        const t = truthiness(context, node.childForFieldName('condition'));
        push(node.childForFieldName('condition'));
        if (t !== false) push(node.childForFieldName('body'), true);
        push(node.childForFieldName('alternative'));
        continue;
      }
      case 'for_statement': {
        push(node.childForFieldName('right'));
        push(node.childForFieldName('body'), true);
        push(node.childForFieldName('alternative'));
        continue;
      }
      case 'try_statement': {
        // `finally: continue` (a statement of the finally block itself) cancels every `break`,
        // `return` and `raise` of the body and handlers: only the finally block can leave.
        const fin = node.namedChildren.find((c) => c?.type === 'finally_clause');
        const finBlock = fin?.namedChildren.find((c) => c?.type === 'block');
        if (fin && finBlock && codeChildren(finBlock).some((c) => c.type === 'continue_statement')) {
          push(fin);
          continue;
        }
        // A `raise` in the body may land in one of this try's handlers instead of leaving the loop.
        let caught: Set<string> | 'all' | undefined = catching;
        for (const clause of node.namedChildren) {
          if (clause?.type !== 'except_clause' && clause?.type !== 'except_group_clause') continue;
          const names = caughtNames(context, clause);
          if (names === 'all' || caught === 'all') caught = 'all';
          else caught = new Set([...(caught ?? []), ...names]);
        }
        // A body that cannot raise (`v = 1`) never enters a handler, except one that catches the
        // interrupts that can arrive anywhere (a bare `except`, `BaseException`, `KeyboardInterrupt`).
        const quiet = cannotRaise(node.childForFieldName('body'));
        for (const c of node.namedChildren) {
          if (!c) continue;
          if (c.id === node.childForFieldName('body')?.id) push(c, nested, caught);
          else if (quiet && (c.type === 'except_clause' || c.type === 'except_group_clause') && !catchesInterrupts(context, c)) continue;
          else push(c);
        }
        continue;
      }
    }
    for (let i = node.namedChildCount - 1; i >= 0; i--) push(node.namedChild(i));
  }
  return undefined;
}

/** Whether a loop's body holds a `continue` of its own (not of a nested loop or function): a pass may then skip the rest of the body. */
export function continuesEarly(loop: Node): boolean {
  const body = loop.childForFieldName('body');
  if (!body) return false;
  // Asked for every loop, about every node of its body (again for each loop around it): an index
  // loop over `children` (which of them is found first does not matter), not an iterator over
  // `namedChildren`, which allocated a result per child and an array of named children per node.
  const stack: Node[] = [body];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'continue_statement') return true;
    if (NESTED_SCOPES.has(n.type) || LOOPS.has(n.type)) continue;
    const children = n.children;
    for (let i = 0; i < children.length; i++) if (children[i].isNamed) stack.push(children[i]);
  }
  return false;
}

/** The names an assignment's left side binds when it is a name or a flat tuple of names (`x`, `lo, hi`); empty otherwise. */
export function nameTargets(left: Node | null | undefined): Node[] {
  const targets = left?.type === 'identifier' ? [left] : left?.type === 'pattern_list' || left?.type === 'tuple_pattern' ? codeChildren(left) : [];
  return targets.every((t) => t.type === 'identifier') ? targets : [];
}

/** `xs[0] = v`, `del xs[0]`, `xs[i] += 1`: a subscript stored into or deleted. */
export function isWrittenSubscript(subscript: Node): boolean {
  let n: Node = subscript;
  while (n.parent && (n.parent.type === 'pattern_list' || n.parent.type === 'tuple_pattern' || n.parent.type === 'expression_list')) n = n.parent;
  const p = n.parent;
  if (!p) return false;
  if ((p.type === 'assignment' || p.type === 'augmented_assignment') && p.childForFieldName('left')?.id === n.id) return true;
  return p.type === 'delete_statement';
}

/** The `def` whose body holds `node`, when no lambda or class stands between them. */
export function enclosingDef(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition' || p.type === 'lambda' || p.type === 'class_definition') return p.type === 'function_definition' ? p : undefined;
  return undefined;
}

/** The nearest loop whose body holds `node`, without leaving the function or class it is in. */
export function enclosingLoop(node: Node, types: ReadonlySet<string> = LOOPS): Node | undefined {
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (NESTED_SCOPES.has(p.type)) return undefined;
    if (types.has(p.type) && p.childForFieldName('body')?.id === child.id) return p;
  }
  return undefined;
}

const LOOPS = new Set(['while_statement', 'for_statement']);

/** Nodes below `root` (not `root` itself) that run when `root` runs: nested scopes are skipped. */
export function* descendantsInScope(root: Node): Generator<Node> {
  const stack: Node[] = [];
  for (let i = root.namedChildCount - 1; i >= 0; i--) {
    const c = root.namedChild(i);
    if (c) stack.push(c);
  }
  while (stack.length) {
    const node = stack.pop()!;
    if (NESTED_SCOPES.has(node.type)) continue;
    yield node;
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const c = node.namedChild(i);
      if (c) stack.push(c);
    }
  }
}

/** `while True` / `for x in it`: the loop's header, for a range that does not cover its body. */
export function loopHeaderEnd(loop: Node): Node | undefined {
  return loop.childForFieldName(loop.type === 'while_statement' ? 'condition' : 'right') ?? undefined;
}
