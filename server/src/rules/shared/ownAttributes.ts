import type { Node } from '../../parser';
import type { RuleContext } from '../types';

/** How many local base classes deep a class chain is followed before giving up. */
const MAX_CHAIN = 8;

/** The classes of this file `node` denotes, when it denotes nothing else (and something). */
function localClasses(context: RuleContext, node: Node): Node[] | undefined {
  const values = context.semantics.resolve(node);
  if (!values.length || !values.every((v) => v.kind === 'class')) return undefined;
  return values.map((v) => (v as { node: Node }).node);
}

/**
 * Local base classes of `cls` when every base is a class of this file or `object` and no
 * keyword (`metaclass=...`) takes part; undefined when anything else does (a builtin type,
 * an imported class: its instances may carry real interpreter attributes).
 */
function plainBases(context: RuleContext, cls: Node): Node[] | undefined {
  const out: Node[] = [];
  for (const b of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (!b || b.type === 'comment') continue;
    if (b.type === 'keyword_argument') return undefined;
    if (context.semantics.qualifiedNames(b).includes('builtins.object')) continue;
    const classes = localClasses(context, b);
    if (!classes) return undefined;
    out.push(...classes);
  }
  return out;
}

/**
 * Whether `cls` stores `name`: binds it in its body (`name = ...`, `def name`) or one of its
 * methods stores it on `self`; undefined when the file stores too many attributes of that name
 * to tell.
 */
function classStoresName(context: RuleContext, cls: Node, name: string): boolean | undefined {
  if (context.semantics.scopeOfDefinition(cls)?.bindings.has(name)) return true;
  return context.semantics.methodStoresAttribute(cls, name);
}

/** `cls` and its local bases are plain (see `plainBases`) and one of them stores `name`. */
export function plainClassStores(context: RuleContext, cls: Node, name: string, depth: number): boolean | undefined {
  if (depth > MAX_CHAIN) return undefined;
  const bases = plainBases(context, cls);
  if (!bases) return undefined;
  // `__new__` may hand back any object in place of an instance of the class.
  if (classStoresName(context, cls, '__new__') !== false) return undefined;
  let stores = classStoresName(context, cls, name);
  if (stores === undefined) return undefined;
  for (const b of bases) {
    const r = plainClassStores(context, b, name, depth + 1);
    if (r === undefined) return undefined;
    stores ||= r;
  }
  return stores;
}

/**
 * The classes `object` is built by on every path: `Frame()` itself, or a name whose every
 * binding is a plain `name = Frame(...)`. Not `self` (a method can be called through its class
 * with any object, `Frame.show(gen)`), nor anything that merely resolves to an instance.
 */
function constructedClasses(context: RuleContext, object: Node): Node[] | undefined {
  const calls: Node[] = [];
  if (object.type === 'call') calls.push(object);
  else if (object.type === 'identifier') {
    const bindings = context.semantics.bindingsOf(object);
    if (!bindings.length) return undefined;
    for (const b of bindings) {
      if (b.kind !== 'assign' || b.elementOf || b.subjectPath?.length || b.value?.type !== 'call') return undefined;
      calls.push(b.value);
    }
  } else return undefined;
  const out: Node[] = [];
  for (const call of calls) {
    const callee = call.childForFieldName('function');
    const classes = callee ? localClasses(context, callee) : undefined;
    if (!classes) return undefined;
    out.push(...classes);
  }
  return out;
}

/**
 * `f.f_back` after `f = Frame()`, `self.gi_frame = 0` in a method: the object is an instance of
 * a class of this file whose chain holds only classes of this file (and `object`), defines no
 * `__new__` and no metaclass, and itself stores the attribute (`self.f_back = None` in a method,
 * `f_back = ...` or `def f_back` in a class body). The attribute is then the plugin's own data,
 * holding only what the plugin put there (checked where it was computed), not an interpreter
 * internal of the same name.
 * - a read needs the object built by the class on every path (`constructedClasses`): a read
 *   through `self` is still reported, as `Frame.show(gen)` runs the method on a generator;
 * - a write may go through anything that resolves to such an instance, `self` included: run on a
 *   foreign object it writes that object's attribute, and the frames and code objects that have
 *   writable internals are only reached through reads this rule reports.
 * A builtin or imported base, an object that may be something else, or an attribute the class
 * never stores, is still reported.
 */
export function isOwnDataAttribute(context: RuleContext, object: Node | null | undefined, name: string, access: 'read' | 'write'): boolean {
  if (!object) return false;
  let classes: Node[] | undefined;
  if (access === 'read') classes = constructedClasses(context, object);
  else {
    const values = context.semantics.resolve(object);
    classes = values.length > 0 && values.every((v) => v.kind === 'instance') ? values.map((v) => (v as { node: Node }).node) : undefined;
  }
  return !!classes?.length && classes.every((cls) => plainClassStores(context, cls, name, 0) === true);
}

/**
 * `P()` or `p` after `p = P()` (on every path), `P` a plain class of this file (see
 * `isOwnDataAttribute`): its namespace holds only what the plugin's own code stored.
 */
export function isBuiltByPlainClass(context: RuleContext, object: Node | null | undefined): boolean {
  const classes = object ? constructedClasses(context, object) : undefined;
  return !!classes?.length && classes.every((cls) => plainClassStores(context, cls, '', 0) !== undefined);
}
