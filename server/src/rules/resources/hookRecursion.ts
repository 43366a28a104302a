import type { Node } from '../../parser';
import { normalizeIdentifier } from '../../semantics';
import { codeChildren, positionalArguments } from '../../semantics/syntax';
import type { RuleContext } from '../types';
import { classOfMethod } from '../shared/methods';

/**
 * Hooks that run themselves again on their own object before anything can stop them:
 * `__missing__` reading `self[key]` for the key it was called for (the lookup is missing that
 * key again), `__deepcopy__` calling `copy.deepcopy(self, memo)` and `__copy__` calling
 * `copy.copy(self)` (each calls the hook again for the same object). PC604's call graph follows
 * calls of functions; these go through the interpreter's protocols instead.
 */

/** The method a node is directly in (not a nested function, class or lambda) and its first two parameters. */
function enclosingMethod(node: Node): { fn: Node; name: string; receiver?: string; second?: string } | undefined {
  let p = node.parent;
  while (p && p.type !== 'function_definition') {
    if (p.type === 'lambda' || p.type === 'class_definition' || p.type.endsWith('comprehension') || p.type === 'generator_expression') return undefined;
    p = p.parent;
  }
  if (!p) return undefined;
  if (!classOfMethod(p)) return undefined;
  const params = codeChildren(p.childForFieldName('parameters') ?? p).map((c) => (c.type === 'identifier' ? normalizeIdentifier(c.text) : undefined));
  return { fn: p, name: normalizeIdentifier(p.childForFieldName('name')?.text ?? ''), receiver: params[0], second: params[1] };
}

/**
 * The statement of the method's own body that holds `node`, when `node` runs whenever that
 * statement does: not in a branch, loop, `try`, short-circuit (`a or self[k]`, but for
 * `self.get(key) or self[key]`, whose left side is always None then) or conditional expression.
 */
function alwaysRunStatement(node: Node, body: Node, isMissingGet: (n: Node) => boolean): Node | undefined {
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (p.id === body.id) return child;
    if (p.type === 'boolean_operator') {
      const left = p.childForFieldName('left');
      if (left?.id === child.id) continue;
      if (p.childForFieldName('operator')?.text === 'or' && left && isMissingGet(left)) continue;
      return undefined;
    }
    if (p.type === 'conditional_expression' && codeChildren(p)[1]?.id !== child.id) return undefined;
    if (['if_statement', 'for_statement', 'while_statement', 'try_statement', 'with_statement', 'match_statement', 'block'].includes(p.type)) return undefined;
  }
  return undefined;
}

/** Whether a statement stores an item (`self[key] = v`, `memo[id(self)] = clone`) or leaves the body. */
function storesOrLeaves(statement: Node): boolean {
  const stack = [statement];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'return_statement' || n.type === 'raise_statement') return true;
    if ((n.type === 'assignment' || n.type === 'augmented_assignment') && n.childForFieldName('left')?.type === 'subscript') return true;
    if (n.type === 'function_definition' || n.type === 'lambda' || n.type === 'class_definition') continue;
    stack.push(...codeChildren(n));
  }
  return false;
}

/** For a subscript or call node: the hook it runs again, with what it does, or undefined. */
export function hookRecursion(context: RuleContext, node: Node): { hook: string; how: string } | undefined {
  // Asked of every subscript and call: the shapes first, the enclosing method only for them.
  if (node.type === 'subscript' ? node.childForFieldName('value')?.type !== 'identifier' : !/copy/.test(node.childForFieldName('function')?.text ?? '')) return undefined;
  const method = enclosingMethod(node);
  if (!method?.receiver) return undefined;
  const isReceiver = (n: Node | null | undefined): boolean => n?.type === 'identifier' && normalizeIdentifier(n.text) === method.receiver;
  let how: string | undefined;
  if (node.type === 'subscript' && method.name === '__missing__' && method.second) {
    const keys = node.childrenForFieldName('subscript').filter((c) => c.type !== 'comment');
    const isKey = keys.length === 1 && keys[0].type === 'identifier' && normalizeIdentifier(keys[0].text) === method.second;
    const stored = node.parent?.type === 'assignment' && node.parent.childForFieldName('left')?.id === node.id;
    if (isReceiver(node.childForFieldName('value')) && isKey && !stored && node.parent?.type !== 'augmented_assignment' && node.parent?.type !== 'delete_statement') how = 'looks up the key it is missing';
  } else if (node.type === 'call' && (method.name === '__deepcopy__' || method.name === '__copy__')) {
    const fn = node.childForFieldName('function');
    const wanted = method.name === '__deepcopy__' ? 'copy.deepcopy' : 'copy.copy';
    if (fn && isReceiver(positionalArguments(node)[0]) && context.semantics.qualifiedNames(fn).includes(wanted)) how = `copies its own object with '${wanted}'`;
  }
  if (!how) return undefined;
  const body = method.fn.childForFieldName('body');
  // `self.get(key) or self[key]`: `get` gives None for the missing key, so the lookup runs.
  const isMissingGet = (n: Node): boolean => {
    const fn = n.type === 'call' ? n.childForFieldName('function') : null;
    const args = n.type === 'call' ? codeChildren(n.childForFieldName('arguments') ?? n) : [];
    return fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'get' && isReceiver(fn.childForFieldName('object')) && args.length === 1;
  };
  const statement = body ? alwaysRunStatement(node, body, isMissingGet) : undefined;
  if (!statement || !body) return undefined;
  // Statements before it that store an item (the key, or the copy in `memo`) or return may stop the recursion.
  for (const before of codeChildren(body)) {
    if (before.id === statement.id) return { hook: method.name, how };
    if (storesOrLeaves(before)) return undefined;
  }
  return undefined;
}
