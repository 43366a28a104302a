import type { Node } from '../../parser';
import type { Semantics } from '../../semantics';
import { identifierName } from '../../semantics/names';
import { normalizeIdentifier } from '../../semantics';
import { codeChildren } from '../../semantics/syntax';
import { NESTED_SCOPES } from '../resources/controlFlow';

/**
 * Hooks the interpreter calls in the middle of one of its own container operations: comparing
 * the items of a list, deque or ordered dict, hashing a key, converting an index. CPython's C code
 * holds pointers into the container while the hook runs; a hook that empties or advances that
 * container frees what those pointers point at. That is how the reported crashers of the
 * standard library are built (`deque.index` with an `__eq__` that clears the deque, an
 * `OrderedDict` compared while a key's `__eq__` clears it, `bytearray` indexed by an `__index__`
 * that clears it, `Future.remove_done_callback` with an `__eq__` removing callbacks,
 * `itertools.groupby` with an `__eq__` advancing the group iterator).
 */
export const REENTRANT_HOOKS = new Set(['__eq__', '__ne__', '__lt__', '__le__', '__gt__', '__ge__', '__hash__', '__index__', '__int__', '__len__', '__bool__']);

/** Methods that shrink a container or drop what it holds: what those crashers call. */
const EMPTYING_METHODS = new Set(['clear', 'pop', 'popitem', 'popleft', 'remove', 'discard', 'remove_done_callback']);

/** Iterators that hold no container of their own: `next(ids)` of an `itertools.count()` hands out a number. */
const COUNTERS = new Set(['itertools.count', 'itertools.repeat']);

function isCounter(name: Node, semantics: Semantics): boolean {
  const value = semantics.valueBoundOnce(name);
  const made = value?.type === 'call' ? value.childForFieldName('function') : null;
  return !!made && semantics.qualifiedNames(made).some((q) => COUNTERS.has(q));
}

export interface ReentrantChange {
  /** The call or `del` that changes it. */
  node: Node;
  /** The container's name, and what is done to it (`clear`, `next`, `del`). */
  name: string;
  how: string;
}

/**
 * Changes a hook makes to a container it did not get as an argument or make itself: a module
 * or enclosing function's name (`queue.clear()`, `next(groups)`, `del left[k]`). Its own object
 * and locals are its business; nested functions run at another time.
 */
export function reentrantChanges(hook: Node, semantics: Semantics): ReentrantChange[] {
  const scope = semantics.scopeOfDefinition(hook);
  const body = hook.childForFieldName('body');
  if (!scope || !body) return [];
  /** A name the hook reads from outside: not its parameter nor its local, and bound somewhere (not a builtin). */
  const outside = (n: Node | null | undefined): n is Node => {
    if (n?.type !== 'identifier') return false;
    const name = identifierName(n);
    if (scope.bindings.has(name) && !scope.globals.has(name) && !scope.nonlocals.has(name)) return false;
    return semantics.bindingsOf(n).length > 0;
  };
  const found: ReentrantChange[] = [];
  const stack: Node[] = [...codeChildren(body)];
  while (stack.length) {
    const n = stack.pop()!;
    if (NESTED_SCOPES.has(n.type)) continue;
    if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      const args = codeChildren(n.childForFieldName('arguments') ?? n);
      if (fn?.type === 'attribute') {
        const method = normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '');
        const object = fn.childForFieldName('object');
        if (EMPTYING_METHODS.has(method) && outside(object)) found.push({ node: n, name: object.text, how: method });
      } else if (fn?.type === 'identifier' && semantics.isBuiltinReference(fn, 'next') && outside(args[0]) && !isCounter(args[0], semantics)) {
        found.push({ node: n, name: args[0].text, how: 'next' });
      }
    } else if (n.type === 'delete_statement') {
      for (const target of codeChildren(n).flatMap((t) => (t.type === 'expression_list' ? codeChildren(t) : [t]))) {
        const object = target.type === 'subscript' ? target.childForFieldName('value') : null;
        if (outside(object)) found.push({ node: n, name: object.text, how: 'del' });
      }
    }
    stack.push(...codeChildren(n));
  }
  return found;
}
