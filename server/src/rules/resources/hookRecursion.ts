import type { Node } from '../../parser';
import { normalizeIdentifier } from '../../semantics';
import { codeChildren, isDocstring, isStoreTarget, positionalArguments } from '../../semantics/syntax';
import type { RuleContext } from '../types';
import { classOfMethod } from '../shared/methods';
import { exceptTypes } from './controlFlow';

/**
 * Hooks that run themselves again on their own object before anything can stop them:
 * `__missing__` reading `self[key]` for the key it was called for (the lookup is missing that
 * key again), `__deepcopy__` calling `copy.deepcopy(self, memo)` and `__copy__` calling
 * `copy.copy(self)` (each calls the hook again for the same object). PC604's call graph follows
 * calls of functions; these go through the interpreter's protocols instead.
 */

/** The function a node is directly in (not through a lambda, class or comprehension). */
function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition') return p;
    if (p.type === 'lambda' || p.type === 'class_definition' || p.type.endsWith('comprehension') || p.type === 'generator_expression') return undefined;
  }
  return undefined;
}

function functionName(fn: Node): string {
  return normalizeIdentifier(fn.childForFieldName('name')?.text ?? '');
}

/** The method a node is directly in (not a nested function, class or lambda) and its first two parameters. */
function enclosingMethod(node: Node): { fn: Node; name: string; receiverNode?: Node; receiver?: string; second?: string } | undefined {
  const p = enclosingFunction(node);
  if (!p || !classOfMethod(p)) return undefined;
  const nodes = codeChildren(p.childForFieldName('parameters') ?? p);
  const params = nodes.map((c) => (c.type === 'identifier' ? normalizeIdentifier(c.text) : undefined));
  return { fn: p, name: functionName(p), receiverNode: nodes[0], receiver: params[0], second: params[1] };
}

/**
 * The statement of the method's own body that holds `node`, when `node` runs whenever that
 * statement does: not in a branch, loop, `try`, short-circuit (`a or self[k]`, but for
 * `self.get(key) or self[key]`, whose left side is always None then) or conditional expression.
 */
function alwaysRunStatement(context: RuleContext, node: Node, body: Node, isMissingGet: (n: Node) => boolean): Node | undefined {
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (p.id === body.id) return child;
    // The first statement of a `try` whose handlers catch no RecursionError: it runs whenever the
    // `try` does, and the recursion it starts goes through the handlers (`except KeyError:`).
    const attempt = p.type === 'block' ? p.parent : null;
    if (attempt?.type === 'try_statement' && attempt.childForFieldName('body')?.id === p.id && codeChildren(p)[0]?.id === child.id && catchesNoRecursion(context, attempt)) {
      [child, p] = [attempt, attempt];
      if (p.parent?.id === body.id) return child;
      continue;
    }
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

/** Exceptions that are no `RecursionError` nor one of its bases. */
const NARROW_EXCEPTIONS = new Set(['KeyError', 'IndexError', 'LookupError', 'ValueError', 'TypeError', 'AttributeError', 'ZeroDivisionError', 'ArithmeticError', 'StopIteration', 'UnicodeError', 'NameError']);

/** Whether every handler of a `try` names only `NARROW_EXCEPTIONS` (no bare `except:`, no `finally`). */
function catchesNoRecursion(context: RuleContext, attempt: Node): boolean {
  const clauses = codeChildren(attempt).filter((c) => c.type !== 'block');
  return clauses.length > 0 && clauses.every((c) => {
    const names = c.type === 'except_clause' ? exceptTypes(c) : null;
    if (!Array.isArray(names) || !names.length) return false;
    // The builtins themselves, not names bound to something else (`KeyError = Exception`).
    return names.every((n) => {
      const denoted = n.type === 'identifier' && NARROW_EXCEPTIONS.has(n.text) ? context.semantics.qualifiedNames(n) : [];
      return denoted.length > 0 && denoted.every((q) => q === `builtins.${n.text}`);
    });
  });
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
  const statement = body ? alwaysRunStatement(context, node, body, isMissingGet) : undefined;
  if (!statement || !body) return undefined;
  // Statements before it that store an item (the key, or the copy in `memo`) or return may stop the recursion.
  for (const before of codeChildren(body)) {
    if (before.id === statement.id) return { hook: method.name, how };
    if (storesOrLeaves(before)) return undefined;
  }
  return undefined;
}

/** The comparison each rich-comparison hook implements, and the one a swapped pair runs instead (`b > a` for `a < b`). */
const COMPARISON_HOOKS: Record<string, string> = { __eq__: '==', __ne__: '!=', __lt__: '<', __gt__: '>', __le__: '<=', __ge__: '>=' };
const REFLECTED: Record<string, string> = { '==': '==', '!=': '!=', '<': '>', '>': '<', '<=': '>=', '>=': '<=' };

/**
 * Protocol hooks that run themselves again through the interpreter, in ways PC604's call graph
 * (a hook using its own operator or builtin on `self`) does not see: a comparison hook handing
 * the comparison back with the operands swapped (`return other == self` in `__eq__`, `other >
 * self` in `__lt__`: Python asks the other side, whose hook asks this one, for ever);
 * `__getattribute__` reading an attribute of its own object, `__setattr__` setting one (each read
 * or store is the hook again); `__repr__` formatting its own object with `str(self)`,
 * `format(self)` or `f"{self}"` when the class (deriving from nothing but `object`) defines no
 * `__str__` nor `__format__` (both fall back to `__repr__`). Only where the hook always gets to it.
 */
export function protocolRecursion(context: RuleContext, node: Node): { hook: string; how: string } | undefined {
  // Asked of every comparison, attribute, call and f-string field: the shapes first (names only),
  // the enclosing method only for them.
  const named = (n: Node | null | undefined): boolean => n?.type === 'identifier';
  switch (node.type) {
    case 'comparison_operator': {
      const operands = codeChildren(node);
      if (operands.length !== 2 || !named(operands[0]) || !named(operands[1])) return undefined;
      break;
    }
    case 'attribute': {
      if (!named(node.childForFieldName('object'))) return undefined;
      const fn = enclosingFunction(node);
      const hook = fn && functionName(fn);
      if (hook !== '__getattribute__' && hook !== '__setattr__' && hook !== '__getattr__') return undefined;
      break;
    }
    case 'call':
      if (!named(node.childForFieldName('function')) || !named(positionalArguments(node)[0])) return undefined;
      break;
    case 'interpolation':
      if (!named(node.childForFieldName('expression'))) return undefined;
      break;
    default:
      return undefined;
  }
  const method = enclosingMethod(node);
  if (!method?.receiver) return undefined;
  const isReceiver = (n: Node | null | undefined): boolean => n?.type === 'identifier' && normalizeIdentifier(n.text) === method.receiver;
  const isSecond = (n: Node | null | undefined): boolean => !!method.second && n?.type === 'identifier' && normalizeIdentifier(n.text) === method.second;
  const name = method.name;
  let how: string | undefined;
  if (node.type === 'comparison_operator') {
    const op = COMPARISON_HOOKS[name];
    // Two operands, both names (checked above): one operator.
    const operands = codeChildren(node);
    const operators = node.childrenForFieldName('operators').filter((o): o is Node => !!o).map((o) => o.text);
    if (!op) return undefined;
    // Only in a class of nothing but `object`, which does not define the mirrored hook itself
    // (`__gt__` written as `other < self` next to an `__lt__` of its own is the usual idiom).
    const cls = classOfMethod(method.fn);
    if (!cls || !plainClass(context, cls, true)) return undefined;
    const mirrored = Object.keys(COMPARISON_HOOKS).find((h) => COMPARISON_HOOKS[h] === REFLECTED[op]);
    if (mirrored && mirrored !== name && context.semantics.scopeOfDefinition(cls)?.bindings.has(mirrored)) return undefined;
    const [a, b] = operands;
    // `self == other` is PC604's call graph's (the hook calling itself); the swapped pair is the
    // other side's hook, which asks this one back.
    if (isSecond(a) && isReceiver(b) && operators[0] === REFLECTED[op]) how = 'hands the comparison back to the other object';
  } else if (node.type === 'attribute') {
    if (!isReceiver(node.childForFieldName('object'))) return undefined;
    // `self = object.__getattribute__(self, "_target")` first: another object from then on.
    if (method.receiverNode && context.semantics.bindingsOf(method.receiverNode).length > 1) return undefined;
    // `self.x = v`, `self.a, self.b = ...`, `del self.cache`: stores, not reads.
    const stored = isStoreTarget(node) || node.parent?.type === 'delete_statement';
    if (name === '__getattribute__' && !stored) how = 'reads an attribute of its own object';
    else if (name === '__setattr__' && stored) how = 'sets an attribute of its own object';
    else if (name === '__getattr__' && !stored && neverHad(context, method.fn, node)) how = 'reads an attribute its objects never have';
  } else {
    const formats = formattedAs(context, node, isReceiver);
    const cls = formats ? classOfMethod(method.fn) : undefined;
    // `str(self)` and `f"{self}"` come back to `__repr__` only through the defaults of `object`.
    const plain = (): boolean => {
      if (!cls || !plainClass(context, cls)) return false;
      const bindings = context.semantics.scopeOfDefinition(cls)?.bindings;
      // A subclass of the file may define the `__str__` that `str(self)` finds.
      return !!bindings && !bindings.has('__str__') && !bindings.has('__format__') && context.semantics.subclassesInFile(cls).length === 0;
    };
    // `repr(self)` in `__repr__` and `str(self)` in `__str__` are PC604's call graph's; what is
    // left is the way back through `object`'s defaults.
    if ((formats === 'str' || formats === 'format') && name === '__repr__' && plain()) how = 'formats its own object as a string, which falls back to __repr__';
  }
  if (!how) return undefined;
  const body = method.fn.childForFieldName('body');
  const statement = body ? alwaysRunStatement(context, node, body, () => false) : undefined;
  if (!statement || !body) return undefined;
  for (const before of codeChildren(body)) {
    if (before.id === statement.id) return { hook: name, how };
    // `self.__class__ = types.ModuleType` first: the object has other hooks from then on.
    if (storesOrLeaves(before) || setsOwnClass(before, isReceiver)) return undefined;
  }
  return undefined;
}

/** Whether a statement assigns its own object's `__class__`. */
function setsOwnClass(statement: Node, isReceiver: (n: Node | null | undefined) => boolean): boolean {
  const expr = statement.type === 'expression_statement' ? codeChildren(statement)[0] : undefined;
  const left = expr?.type === 'assignment' ? expr.childForFieldName('left') : undefined;
  return left?.type === 'attribute' && isReceiver(left.childForFieldName('object')) && normalizeIdentifier(left.childForFieldName('attribute')?.text ?? '') === '__class__';
}

/** Names whose use lets a file give an object any attribute (`setattr(self, name, v)`, `self.__dict__.update(kw)`). */
const ATTRIBUTE_SETTERS = ['setattr', '__dict__', '__setattr__', 'vars', '__slots__'];

/**
 * `self.cache` in `__getattr__` of a plain class of the file (no base but `object`, no subclass
 * in the file) whose body binds no `cache`, in a file that stores no attribute of that name on
 * anything and uses none of `ATTRIBUTE_SETTERS`: the objects never have it, so reading it fails
 * over to `__getattr__` again. Dunder names are left out (`object` has many).
 */
function neverHad(context: RuleContext, hook: Node, read: Node): boolean {
  const attribute = read.childForFieldName('attribute');
  const name = attribute ? normalizeIdentifier(attribute.text) : '';
  const cls = classOfMethod(hook);
  // Dunders (`object` has many) and private names, which Python mangles (`self.__t` is `_Proxy__t`).
  if (!name || name.startsWith('__') || /^_[^_].*__/.test(name) || !cls || !plainClass(context, cls) || context.semantics.subclassesInFile(cls).length) return false;
  // The read is the hook's first statement: nothing before it may raise and end the lookup (`assert name != "cache"`).
  const body = codeChildren(hook.childForFieldName('body') ?? hook);
  const first = body.find((st) => !isDocstring(st));
  if (!first || read.startIndex < first.startIndex || read.endIndex > first.endIndex) return false;
  if (context.semantics.scopeOfDefinition(cls)?.bindings.has(name) !== false) return false;
  if (ATTRIBUTE_SETTERS.some((setter) => context.semantics.identifiersSpelled(setter)?.length !== 0)) return false;
  const uses = context.semantics.identifiersSpelled(name);
  if (!uses) return false;
  // Any store of an attribute of that name, on any object (`obj.cache = {}` after it is made).
  return !uses.some((u) => u.parent?.type === 'attribute' && u.parent.childForFieldName('attribute')?.id === u.id && (isStoreTarget(u.parent) || u.parent.parent?.type === 'delete_statement'));
}

/**
 * A class statement of nothing but `object`: no base but `object`, no metaclass or other keyword,
 * no decorator (each can give it hooks) but, where `ordering` allows, `functools.total_ordering`,
 * whose comparisons call the class's own `__lt__` (or the one it has) back.
 */
export function plainClass(context: RuleContext, cls: Node, ordering = false): boolean {
  if (cls.parent?.type === 'decorated_definition') {
    for (const d of codeChildren(cls.parent).filter((c) => c.type === 'decorator')) {
      const expr = codeChildren(d)[0];
      if (!ordering || !expr || !context.semantics.qualifiedNames(expr).includes('functools.total_ordering')) return false;
    }
  }
  const bases = cls.childForFieldName('superclasses');
  return !bases || codeChildren(bases).every((c) => c.type === 'identifier' && normalizeIdentifier(c.text) === 'object');
}

/** How a call or f-string field formats the receiver: `repr(self)`/`{self!r}`, `str(self)`/`{self!s}`, `format(self, ...)`/`{self}`/`{self:...}`. */
function formattedAs(context: RuleContext, node: Node, isReceiver: (n: Node | null | undefined) => boolean): 'repr' | 'str' | 'format' | undefined {
  if (node.type === 'interpolation') {
    if (!isReceiver(node.childForFieldName('expression'))) return undefined;
    const conversion = node.childForFieldName('type_conversion')?.text;
    // With a spec, `object.__format__` raises TypeError instead of calling `str`.
    if (conversion === undefined && node.childForFieldName('format_specifier')) return undefined;
    return conversion === '!r' ? 'repr' : conversion === '!s' ? 'str' : conversion === undefined ? 'format' : undefined;
  }
  const fn = node.childForFieldName('function');
  const args = positionalArguments(node);
  if (!fn || args.length < 1 || !isReceiver(args[0])) return undefined;
  const names = context.semantics.qualifiedNames(fn);
  if (names.includes('builtins.repr') && args.length === 1) return 'repr';
  if (names.includes('builtins.str') && args.length === 1) return 'str';
  if (names.includes('builtins.format') && (args.length === 1 || context.semantics.foldString(args[1]) === '')) return 'format';
  return undefined;
}
