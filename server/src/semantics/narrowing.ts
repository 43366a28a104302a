/**
 * Membership guards: the syntax that confines a name to the members of a container on the way
 * to a read of it. `if kind not in KINDS: raise ValueError(kind)` before `getattr(self, "on_" +
 * kind)`, or the read inside `if name in ALLOWED:`. Which values the container holds, and
 * whether the name may be rebound between guard and read, is the resolver's (Semantics).
 */
import type { Node } from '../parser';
import { identifierName } from './names';

/** A guard found on the way to a read: the container tested and the `if` statement that tests it. */
export interface MembershipGuard {
  container: Node;
  statement: Node;
}

/** Scopes a read may sit in and still be evaluated where it is written, after the guard. */
const EAGER_SCOPES = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension']);

/** Statements after which the rest of their block does not run. */
const EXITS = new Set(['raise_statement', 'return_statement', 'continue_statement', 'break_statement']);

/** `node` without the parentheses around it. */
export function unparenthesized(node: Node | null): Node | null {
  let n = node;
  while (n?.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChild(0);
  return n;
}

/** `name in C` (`negated` false) or `name not in C` (true): `C`, else null. */
function membershipTest(test: Node, name: string, negated: boolean): Node | null {
  if (test.type !== 'comparison_operator' || test.childCount !== 3) return null;
  const left = test.child(0);
  const op = test.child(1)?.type;
  if (left?.type !== 'identifier' || identifierName(left) !== name) return null;
  return op === (negated ? 'not in' : 'in') ? test.child(2) : null;
}

/**
 * The containers a true `condition` confines `name` to (`negated` false: `name in C`, each side
 * of an `and`) or a false one does (`negated` true: `name not in C`, each side of an `or`,
 * `not (name in C)`). An explicit stack: a condition may chain thousands of operands.
 */
function confiningContainers(condition: Node | null, name: string, negated: boolean, out: Node[]): void {
  const stack: [Node | null, boolean][] = [[condition, negated]];
  while (stack.length) {
    const [at, negate] = stack.pop()!;
    const test = unparenthesized(at);
    if (!test) continue;
    if (test.type === 'boolean_operator') {
      const op = test.childForFieldName('operator')?.type;
      if (op === (negate ? 'or' : 'and')) stack.push([test.childForFieldName('right'), negate], [test.childForFieldName('left'), negate]);
      continue;
    }
    if (test.type === 'not_operator') {
      stack.push([test.childForFieldName('argument'), !negate]);
      continue;
    }
    const container = membershipTest(test, name, negate);
    if (container) out.push(container);
  }
}

/** An `if` with no `elif`/`else` whose body ends by leaving the block (`raise`, `return`, `continue`, `break`). */
function exitingIf(statement: Node): boolean {
  if (statement.type !== 'if_statement' || statement.childForFieldName('alternative')) return false;
  const body = statement.childForFieldName('consequence');
  const last = body?.namedChildren.filter((c) => c && c.type !== 'comment').pop();
  return !!last && EXITS.has(last.type);
}

/**
 * The membership guards on `name` that every path from the start of `within` to `read` passes:
 * `read` in the body of `if name in C:` (not its `elif`/`else`), or after an `if name not in C:`
 * whose body leaves the block, earlier in a block that holds the read. Only inside `within` (a
 * function's body, or the top-level statement of a module-level read) and not across a nested
 * def, lambda, class or generator expression, which run later, when the name may hold another
 * value. Innermost first.
 */
export function membershipGuards(read: Node, name: string, within: Node): MembershipGuard[] {
  const out: MembershipGuard[] = [];
  let child = read;
  for (let p = read.parent; p && child.id !== within.id; child = p, p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'lambda' || p.type === 'class_definition' || p.type === 'generator_expression') return out;
    if (EAGER_SCOPES.has(p.type)) continue;
    if (p.type === 'if_statement' && p.childForFieldName('consequence')?.id === child.id) {
      const containers: Node[] = [];
      confiningContainers(p.childForFieldName('condition'), name, false, containers);
      for (const container of containers) out.push({ container, statement: p });
    } else if (p.type === 'block' || p.type === 'module') {
      for (const sibling of p.namedChildren) {
        if (!sibling || sibling.id === child.id) break;
        if (!exitingIf(sibling)) continue;
        const containers: Node[] = [];
        confiningContainers(sibling.childForFieldName('condition'), name, true, containers);
        for (const container of containers) out.push({ container, statement: sibling });
      }
    }
  }
  return out;
}
