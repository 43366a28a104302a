import type { Node } from '../../parser';
import { StatementMemo } from '../../syntaxTree';
import { isDunder, normalizeIdentifier } from '../../semantics';
import { unparenthesized } from '../../semantics/narrowing';
import { assignedNames, CLASS_CONTAINERS, codeChildren, isDocstring, isStoreTarget, keywordArgument, ownReturns, parameterIdentifier, positionalArguments, pushNamedChildren } from '../../semantics/syntax';
import type { Rule, RuleContext } from '../types';
import { BOOKKEEPING_CALLBACKS, isBookkeeping, SIZE_CALLBACKS, type BookkeepingCalls } from './inertCallbacks';
import { classOfMethod, firstParameter } from '../shared/methods';
import { isMadeBy } from '../shared/madeBy';
import { REENTRANT_HOOKS, reentrantChanges } from './reentrantHooks';

/**
 * Methods the interpreter calls on an object without the code asking: when the host touches
 * a returned object (formats, hashes, indexes, deletes, pickles it) plugin code runs in the
 * host's context, outside any time limit the host set around the plugin call.
 */
const IMPLICIT_METHODS: Record<string, string> = {
  __del__: 'runs when the host frees the object',
  __reduce__: 'runs when the host pickles or copies the object',
  __reduce_ex__: 'runs when the host pickles or copies the object',
  __getstate__: 'runs when the host pickles or copies the object',
  __setstate__: 'runs when the host unpickles or copies the object',
  __getattr__: 'runs on every failed attribute lookup the host makes',
  __getattribute__: 'runs on every attribute lookup the host makes',
  __setattr__: 'runs on every attribute the host sets',
  __delattr__: 'runs on every attribute the host deletes',
  __format__: 'runs when the host formats the object',
  __index__: 'runs when the host uses the object as an index or size',
  // `list(obj)`, `bytes(obj)`, `"".join(obj)` ask it how much to allocate before iterating.
  __length_hint__: 'runs when the host builds a list from the object, which allocates what it answers',
  __init_subclass__: 'runs when any subclass is defined',
  __set_name__: 'runs at class definition time',
  __class_getitem__: 'runs when the class is subscripted',
  __mro_entries__: 'runs when the object is listed as a base of a class (PEP 560)',
  __instancecheck__: 'runs inside the host\'s isinstance checks',
  __subclasscheck__: 'runs inside the host\'s issubclass checks',
  __prepare__: 'runs at class definition time',
  __missing__: 'runs on the host\'s failed dictionary lookups',
  __class__: 'answers the host\'s isinstance checks with a class of the plugin\'s choosing',
  __copy__: 'runs when the host copies the object',
  __deepcopy__: 'runs when the host copies the object',
};

/**
 * PEP 562: a module-level `__getattr__` or `__dir__` runs whenever the host looks up a missing
 * name on the plugin's module (`getattr(plugin, "setup", None)`) or lists it.
 */
const MODULE_HOOKS: Record<string, string> = {
  __getattr__: 'at module level runs on every failed attribute lookup the host makes on the plugin module',
  __dir__: 'at module level runs when the host lists the plugin module',
};


interface FileDefinitions {
  /** Method names defined in class bodies (and names bound there by assignment), with the defining nodes. */
  methods: Map<string, Node[]>;
  /** Attribute names an access of which runs code: properties, and class attributes made by calling a class with `__get__`/`__set__`. */
  accessors: Set<string>;
  /** For each class attribute bound to a call (`width = Positive()`), the callees' names. */
  makersOf: Map<string, string[]>;
}

/** The methods that make a class a descriptor. */
const DESCRIPTOR_METHODS = ['__get__', '__set__', '__delete__'];


/** What one top-level statement's classes define, for `fileDefinitions`. */
interface StatementDefinitions {
  methods: [string, Node][];
  accessors: string[];
  descriptorClasses: string[];
  /** Class attributes bound to a call (`width = Positive()`): the name, and the callee's text. */
  madeAttributes: [string, string][];
}

/** The class definitions of one top-level statement (made once per statement, `StatementMemo`). */
const definitionsOfStatement = new StatementMemo<StatementDefinitions>((statement) => {
  const out: StatementDefinitions = { methods: [], accessors: [], descriptorClasses: [], madeAttributes: [] };
  // Statements only: a class is defined by a statement, never inside an expression.
  const stack: Node[] = [statement];
  while (stack.length) {
    const n = stack.pop()!;
    const children = n.children;
    for (let i = 0; i < children.length; i++) if (CLASS_CONTAINERS.has(children[i].type)) stack.push(children[i]);
    if (n.type !== 'class_definition') continue;
    const body = n.childForFieldName('body');
    for (const stmt of body?.namedChildren ?? []) {
      const def = stmt?.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
      const name = def?.type === 'function_definition' ? def.childForFieldName('name') : null;
      if (name) {
        const id = normalizeIdentifier(name.text);
        out.methods.push([id, def!]);
        if (DESCRIPTOR_METHODS.includes(id)) out.descriptorClasses.push(n.childForFieldName('name')?.text ?? '');
        if (stmt?.type === 'decorated_definition' && /@\s*(?:\w+\.)*(?:property|cached_property|setter|getter|deleter)\b/.test(stmt.text.slice(0, stmt.text.indexOf('def ')))) out.accessors.push(id);
        continue;
      }
      // `__radd__ = f`, `size = property(get_size)`, `width = Positive()`: names a class body binds by assignment.
      const assign = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : null;
      const left = assign?.type === 'assignment' ? assign.childForFieldName('left') : null;
      // Every name of a chain or an unpacking (`__lt__ = __contains__ = spin`, `__len__, size = f, 3`) is defined too.
      for (const name of assign?.type === 'assignment' ? assignedNames(stmt!) : []) out.methods.push([normalizeIdentifier(name.text), assign!]);
      if (left?.type !== 'identifier') continue;
      const id = normalizeIdentifier(left.text);
      const right = assign!.childForFieldName('right');
      const callee = right?.type === 'call' ? right.childForFieldName('function')?.text ?? '' : '';
      if (/^(?:\w+\.)*(?:property|cached_property)$/.test(callee)) out.accessors.push(id);
      else if (callee) out.madeAttributes.push([id, callee]);
    }
  }
  return out;
});

/** The file's class-body definitions `isBookkeeping` asks about (syntax only). */
function fileDefinitions(root: Node): FileDefinitions {
  const methods = new Map<string, Node[]>();
  const accessors = new Set<string>();
  const makersOf = new Map<string, string[]>();
  const parts = root.namedChildren.filter((c): c is Node => !!c).map((statement) => definitionsOfStatement.of(statement));
  const descriptorClasses = new Set(parts.flatMap((p) => p.descriptorClasses));
  for (const p of parts) {
    for (const [name, node] of p.methods) methods.set(name, [...(methods.get(name) ?? []), node]);
    for (const a of p.accessors) accessors.add(a);
    // `width = Positive()` in a class body, `Positive` a class of the file with `__get__` or `__set__`.
    for (const [name, callee] of p.madeAttributes) {
      if (descriptorClasses.has(callee)) accessors.add(name);
      makersOf.set(name, [...(makersOf.get(name) ?? []), normalizeIdentifier(callee)]);
    }
  }
  // Properties and descriptors may be defined: the attributes that hold them are `accessors`, checked where read or set.
  // `isDunder`, as incremental/ counts a dunder definition changed (`readsDunderDefinitions`).
  return { methods, accessors, makersOf };
}

/** Calls that make the copy a `__copy__`/`__deepcopy__` returns. */
const COPY_MAKERS = new Set(['copy.copy', 'copy.deepcopy', 'builtins.dict', 'builtins.list', 'builtins.set', 'builtins.tuple']);

/** Metaclasses from the standard library that add no host callbacks of their own. */
const HARMLESS_METACLASSES = new Set(['abc.ABCMeta', 'enum.EnumMeta', 'enum.EnumType', 'builtins.type']);

/** Builtin types whose methods the interpreter itself relies on (`split` of an exception group). */
const INTERPRETER_BASES = new Set(['builtins.BaseExceptionGroup', 'builtins.ExceptionGroup']);

/** The methods of an exception group `except*` calls (`split`, which calls `derive`) or that make its parts. */
/**
 * Decorators that run the body as it is written: markers for type checkers and `abc`, an
 * `@overload` stub (the plain def after it replaces it), and `classmethod`/`staticmethod`.
 */
const MARKER_DECORATORS = new Set(['abc.abstractmethod', 'typing.override', 'typing.final', 'typing.overload', 'typing.no_type_check', 'typing_extensions.override', 'typing_extensions.final', 'typing_extensions.overload', 'builtins.classmethod', 'builtins.staticmethod']);

/** Whether a definition has a decorator other than `MARKER_DECORATORS`: it may wrap the hook in anything. */
function wrappedByDecorator(semantics: RuleContext['semantics'], statement: Node): boolean {
  return statement.type === 'decorated_definition' && codeChildren(statement).some((d) => d.type === 'decorator' && !semantics.qualifiedNames(codeChildren(d)[0] ?? d).some((q) => MARKER_DECORATORS.has(q)));
}

/** Ordinary exceptions an immutable object's `__setattr__` refuses with. */
const REFUSALS = new Set(['AttributeError', 'TypeError', 'ValueError', 'RuntimeError', 'NotImplementedError', 'PermissionError']);

/**
 * `def __setattr__(self, name, value): raise AttributeError("read-only")`: an immutable object's
 * hook, one `raise` of an ordinary builtin exception (after a docstring) given only string
 * literals and its own parameters. It stores nothing, calls nothing of the file, cannot recurse.
 */
function onlyRefuses(semantics: RuleContext['semantics'], def: Node): boolean {
  const statements = codeChildren(def.childForFieldName('body') ?? def);
  // A docstring runs nothing; an f-string first formats what it names.
  const body = isDocstring(statements[0]) ? statements.slice(1) : statements;
  const raised = body.length === 1 && body[0].type === 'raise_statement' ? codeChildren(body[0]) : [];
  if (raised.length !== 1) return false;
  const call = raised[0];
  const fn = call.type === 'call' ? call.childForFieldName('function') : call;
  // The builtin itself, not a name bound to something else (`AttributeError = SystemExit`).
  const names = fn?.type === 'identifier' ? semantics.qualifiedNames(fn) : [];
  if (!names.length || !names.every((q) => q.startsWith('builtins.') && REFUSALS.has(q.slice('builtins.'.length)))) return false;
  const params = new Set(codeChildren(def.childForFieldName('parameters') ?? def).map((p) => parameterIdentifier(p)?.text ?? ''));
  const plain = (n: Node): boolean => (n.type === 'identifier' ? params.has(n.text) : n.type === 'string' ? n.namedChildren.every((c) => c?.type !== 'interpolation' || (codeChildren(c)[0]?.type === 'identifier' && params.has(codeChildren(c)[0].text) && codeChildren(c).length === 1)) : false);
  return call.type !== 'call' || codeChildren(call.childForFieldName('arguments') ?? call).every(plain);
}

/**
 * The method of an exception group the interpreter calls by name during `except*` and whose result
 * it trusts (ceval's `exception_group_match`: the CVE-2025-22153 type confusion). `derive`, which
 * `split` calls, is checked (TypeError unless it returns a group); `subgroup` is never called.
 */
const EXCEPT_STAR_METHOD = 'split';

export const hostCallback: Rule = {
  meta: {
    code: 'PC403',
    name: 'host-callback',
    summary: 'Methods the host calls implicitly on objects a plugin returns: `__del__`, `__reduce__`, `__format__`, metaclasses',
    defaultSeverity: 'error',
    docs: {
      what: [
        'Methods the interpreter calls without being asked, defined in a class body or a namespace that becomes one (`type(name, bases, ns)`, a metaclass call, `dataclasses.make_dataclass(namespace=ns)`, `ns["__del__"] = f`), by `def` or by assignment:',
        '',
        '- **Hooks**: `__del__`, `__reduce__`/`__reduce_ex__`, `__getattr__`/`__getattribute__`/`__setattr__`, `__format__`, `__index__`, `__length_hint__`, `__init_subclass__`, `__set_name__`, `__class_getitem__`, `__mro_entries__`, `__instancecheck__`/`__subclasscheck__`, `__missing__`, `__copy__`/`__deepcopy__`, a `__class__` property; a module-level `__getattr__`/`__dir__` (PEP 562).',
        '- **Metaclasses** other than `abc.ABCMeta`/`enum.EnumMeta`, but for one of the file derived from `type` whose only method is an `__init__` with a bookkeeping body (`REGISTRY[name] = cls`).',
        '- **Lengths**: a `__len__` whose every return is a number past `limits.max-allocation`.',
        '- **Exception groups**: a subclass of `BaseExceptionGroup`/`ExceptionGroup` (also through a class of the file) that binds `split`, which `except*` calls and trusts (CVE-2025-22153), or may get one: from a base not of the file, a namespace not written out, a `.split` store or `setattr` that may reach it; and `split` stored on a group itself. Overriding `derive`, as the documentation advises, is not reported: the interpreter checks what it returns.',
        '- **Hooks that mutate what the interpreter is working on**: a comparison, hash or conversion hook that empties or advances a container of the module or an enclosing function (`queue.clear()`, `next(groups)`), how the use-after-free crashers of `deque.index`, `OrderedDict` and `itertools.groupby` are built.',
        '',
        'Not reported: ordinary dunders (`__init__`, `__eq__`, `__repr__`, `__len__`), and most hooks above with a bookkeeping body (no decorator but markers such as `@abstractmethod` or `@classmethod`): statements on names, non-dunder attributes, items, literals and displays with `+ - / // %` (one product by a small written number), calling only the same hook of `super()`, container and string methods, builtins that only compute and `getattr(x, "plain", default)`; copy hooks making a copy by a class of the file or `copy.copy`/`deepcopy` (not of `self`), pickle hooks returning `(class, plain args)`; `__index__`/`__length_hint__` returning arithmetic of names and numbers, never a number known to be past `limits.max-allocation`. The body may run no code of the file: no method, operator (`+` with an `__add__`, `in`, truth tests, `x[k]`, formatting) or attribute (a property, a descriptor) another class of the file defines, judged construct by construct (an operand known to be a builtin string, number or bool runs nothing). Copy and pickle hooks need a file that defines none of what copying also runs (`__new__`, `__setitem__`, `__hash__`, `__eq__`, ...); raised exceptions must be builtin ones, with no `return` in a `finally` and nothing growing on every call. A `__setattr__` is not reported only when it refuses (one `raise` of an ordinary builtin error: an immutable object). A `__getattr__` must return only under a test of the name (or in a `try` catching `KeyError`) and raise `AttributeError` for the rest, or it answers every lookup the host makes; a `__missing__` reading `self[key]` runs itself again.',
      ].join('\n'),
      why: 'The rexec HOWTO warned that returned instances are the way out: the host formats, hashes or frees them, and plugin code runs in the host\'s frame, after the host\'s time limit and with its privileges. `__reduce__` is the pickle RCE; `__init_subclass__` runs at definition time; `__format__` returning `"x" * 10**9` exhausts the host\'s memory.',
      example: 'class Payload:\n    def __reduce__(self):\n        return (eval, ("1",))\nclass Cell:\n    def __format__(self, spec):\n        return "x" * 10 ** 9',
      instead: 'Return plain data (numbers, strings, lists, dicts) to the host, not instances with behaviour.',
    },
  },
  create(context: RuleContext) {
    const { policy, semantics } = context;
    /**
     * A size hook whose body only returns arithmetic of names, non-dunder attributes, numbers and
     * `len`/`min`/`max`/`abs`/`int` of them (`return len(self.data) - self.pos`): the answer is all
     * it does, whatever else the file defines (an iterator's `__iter__`/`__next__`).
     */
    const sizeOnly = (def: Node, id: string): boolean => {
      if (!SIZE_CALLBACKS.has(id)) return false;
      const arithmetic = (n: Node | undefined): boolean => {
        if (!n) return false;
        switch (n.type) {
          case 'identifier':
          case 'integer':
            return true;
          case 'attribute':
            return !isDunder(normalizeIdentifier(n.childForFieldName('attribute')?.text ?? '')) && arithmetic(n.childForFieldName('object') ?? undefined);
          case 'parenthesized_expression':
            return codeChildren(n).length === 1 && arithmetic(codeChildren(n)[0]);
          case 'binary_operator':
            return ['+', '-', '*', '//', '%'].includes(n.childForFieldName('operator')?.text ?? '') && arithmetic(n.childForFieldName('left') ?? undefined) && arithmetic(n.childForFieldName('right') ?? undefined);
          case 'call': {
            const fn = n.childForFieldName('function');
            const args = codeChildren(n.childForFieldName('arguments') ?? n);
            return fn?.type === 'identifier' && ['len', 'min', 'max', 'abs', 'int'].includes(fn.text) && semantics.isBuiltinReference(fn) && args.length > 0 && args.every((a) => arithmetic(a));
          }
          default:
            return false;
        }
      };
      const statements = codeChildren(def.childForFieldName('body') ?? def).filter((st) => !(st.type === 'expression_statement' && codeChildren(st)[0]?.type === 'string'));
      return statements.length > 0 && statements.every((st) => st.type === 'return_statement' && arithmetic(codeChildren(st)[0]));
    };
    /**
     * For a hook whose answer the host uses as a size (`__index__`, `__length_hint__`): no `return`
     * hands back a number the resolver knows to be past the allocation limit (`return self.n` of
     * `Cell(2**40)`); one not known is the plugin's data, as in any other method.
     */
    const answersSmall = (def: Node, id: string): boolean => {
      if (!SIZE_CALLBACKS.has(id)) return true;
      const limit = BigInt(policy.limits.maxAllocation);
      for (const value of ownReturns(def).values) {
        for (const v of semantics.resolve(value)) {
          if (v.kind !== 'const') continue;
          const c = v.value;
          if (c.t === 'hugeint' || (c.t === 'int' && (c.v > limit || -c.v > limit))) return false;
        }
      }
      return true;
    };
    const report = (node: Node, name: string): void =>
      context.report({ node, message: `'${name}' ${IMPLICIT_METHODS[name]}; not allowed by policy '${policy.name}'` });
    const reportModuleHook = (name: Node | null): void => {
      const id = name ? normalizeIdentifier(name.text) : '';
      if (name && MODULE_HOOKS[id]) context.report({ node: name, message: `'${id}' ${MODULE_HOOKS[id]}; not allowed by policy '${policy.name}'` });
    };
    /** `type`, a standard metaclass (`abc.ABCMeta("H", (), ns)`), or a class of the file deriving from `type`. */
    /**
     * `class G(ExceptionGroup)`, `type("G", (ExceptionGroup,), ns)`: a base the interpreter calls
     * methods of during `except*`, reported with each of those methods the class overrides.
     */
    const reportExceptionGroupBase = (base: Node, overrides: readonly (readonly [Node, string])[], mayGainSplit: () => boolean): void => {
      // The group, as a base or through a base class of the file (`class G(Batch)`, `Batch` a group).
      let q = semantics.qualifiedNames(base).find((n) => INTERPRETER_BASES.has(n));
      const local = semantics.resolve(base).filter((v) => v.kind === 'class').map((v) => v.node);
      for (const c of local) q ??= semantics.inheritedQualifiedNames(c).find((n) => INTERPRETER_BASES.has(n));
      if (!q) return;
      // A subclass that keeps the group's own `split` is the documented idiom (`derive` to keep the
      // type); not when `split` comes from a mixin of the file, or may be stored on the class later.
      if (!overrides.length && !mayGainSplit()) return;
      const group = q.replace('builtins.', '');
      const what = overrides.length ? 'overrides methods the interpreter calls' : "may get a 'split' from elsewhere (a base, a namespace, a store), which the interpreter calls";
      context.report({ node: base, message: `subclassing '${group}' ${what} during 'except*'; not allowed by policy '${policy.name}'` });
      // And each such method overridden: where the odd result comes from.
      for (const [name, id] of overrides) {
        context.report({ node: name, message: `'${id}' of a subclass of '${group}' is called by the interpreter during 'except*', which trusts what it returns; not allowed by policy '${policy.name}'` });
      }
    };
    /**
     * Whether a group subclass with no `split` of its own may still have one: from a base class of
     * the file (a mixin's, or a group subclass's, also reported at its own statement), stored on a
     * class later (`G.split = f`, `setattr`), or through a namespace call.
     */
    const splitFromElsewhere = (bases: readonly Node[]): boolean => {
      const pending: Node[] = [];
      const local = (b: Node): boolean => {
        if (b.type === 'keyword_argument' || b.type === 'comment') return true;
        const values = semantics.resolve(b);
        if (values.length && values.every((v) => v.kind === 'class')) {
          pending.push(...values.map((v) => v.node));
          return true;
        }
        // The group itself, or a builtin class beside it (`ValueError`); anything else (an
        // import, a `type()` result, a call) may bring a `split` of its own.
        const names = semantics.qualifiedNames(b);
        return names.length > 0 && names.every((q) => q.startsWith('builtins.'));
      };
      if (!bases.every(local)) return true;
      const seen = new Set<number>();
      while (pending.length) {
        const c = pending.pop()!;
        if (seen.has(c.id)) continue;
        seen.add(c.id);
        // Bound in the body by any means: `def`, assignment, `if`/`try`, a walrus, a `for` target.
        if (semantics.scopeOfDefinition(c)?.bindings.has(EXCEPT_STAR_METHOD)) return true;
        if (!codeChildren(c.childForFieldName('superclasses') ?? c).every(local)) return true;
      }
      return storesSplit();
    };
    /**
     * `.split = f` on something that may be a group class or one of its instances (not `self` of
     * a class of the file that is no group), or `setattr` with `split` or a name not written out.
     */
    const storesSplit = (): boolean => {
      const uses = semantics.identifiersSpelled('split');
      const setters = semantics.identifiersSpelled('setattr');
      if (!uses || !setters) return true;
      const setsSplit = setters.some((n) => {
        const call = n.parent?.type === 'call' && n.parent.childForFieldName('function')?.id === n.id ? n.parent : undefined;
        const name = call ? positionalArguments(call)[1] : undefined;
        const text = name ? semantics.foldString(name) : undefined;
        return text === undefined || text === EXCEPT_STAR_METHOD;
      });
      if (setsSplit) return true;
      return uses.some((u) => {
        const attribute = u.parent;
        if (attribute?.type !== 'attribute' || attribute.childForFieldName('attribute')?.id !== u.id || !isStoreTarget(attribute)) return false;
        const receiver = attribute.childForFieldName('object');
        // A group made by the builtin itself is no subclass's (its own store is reported as such).
        if (receiver && isMadeBy(context, receiver, (q) => INTERPRETER_BASES.has(q))) return false;
        const cls = receiver?.type === 'identifier' ? selfOfClass(receiver) : undefined;
        return !cls || inheritsGroup(cls);
      });
    };
    /** The class whose method's first parameter `name` is (`self`), if any. */
    const selfOfClass = (name: Node): Node | undefined => {
      const bindings = semantics.bindingsOf(name);
      if (bindings.length !== 1 || bindings[0].kind !== 'param') return undefined;
      const method = bindings[0].scope.node;
      const cls = classOfMethod(method);
      return cls && firstParameter(method) === normalizeIdentifier(name.text) ? cls : undefined;
    };
    const inheritsGroup = (cls: Node): boolean => semantics.inheritedQualifiedNames(cls).some((q) => INTERPRETER_BASES.has(q));
    /**
     * The keys of a namespace written at a class-making call: a dict display's constant keys, or the
     * keywords of `dict(...)`; `complete` when they are all its keys (no `**`, no key that does not fold).
     */
    const namespaceKeys = (ns: Node): { keys: [Node, string][]; complete: boolean } => {
      const keys: [Node, string][] = [];
      let complete = false;
      if (ns.type === 'call' && semantics.qualifiedNames(ns.childForFieldName('function')!).includes('builtins.dict')) {
        complete = true;
        for (const arg of codeChildren(ns.childForFieldName('arguments') ?? ns)) {
          const key = arg.type === 'keyword_argument' ? arg.childForFieldName('name') : null;
          if (key) keys.push([key, normalizeIdentifier(key.text)]);
          else complete = false;
        }
      } else if (ns.type === 'dictionary') {
        complete = true;
        for (const pair of codeChildren(ns)) {
          const key = pair.type === 'pair' ? pair.childForFieldName('key') : null;
          const name = key ? semantics.foldString(key) : undefined;
          if (name) keys.push([key!, name]);
          else complete = false;
        }
      }
      return { keys, complete };
    };
    const isMetaclass = (fn: Node): boolean => {
      if (semantics.qualifiedNames(fn).some((q) => q === 'builtins.type' || HARMLESS_METACLASSES.has(q))) return true;
      return semantics.resolve(fn).some((v) => v.kind === 'class' && semantics.inheritedQualifiedNames(v.node).includes('builtins.type'));
    };
    /**
     * A metaclass of the file that only keeps a registry: derived from `type` (or a standard
     * metaclass) alone, and defining nothing but an `__init__` with a bookkeeping body
     * (`super().__init__(name, bases, ns)`, `REGISTRY[name] = cls`). It runs once per class
     * statement and adds no hook to the class operations the host makes.
     */
    const isRegistryMetaclass = (value: Node): boolean => {
      const values = semantics.resolve(value);
      return values.length > 0 && values.every((v) => {
        if (v.kind !== 'class') return false;
        // Its body is read here: an edit of it runs this class's unit again.
        semantics.readsSyntaxOf(v.node);
        const superclasses = v.node.childForFieldName('superclasses');
        const bases = superclasses ? codeChildren(superclasses) : [];
        if (bases.length === 0 || !bases.every((b) => b.type !== 'keyword_argument' && semantics.qualifiedNames(b).some((q) => HARMLESS_METACLASSES.has(q)))) return false;
        // A registry: at least one method, all of them bookkeeping. An empty metaclass is no registry
        // (nothing a plugin needs), and stays reported as the mechanism it is.
        const body = codeChildren(v.node.childForFieldName('body') ?? v.node);
        return body.some((stmt) => stmt.type === 'function_definition') && body.every((stmt) => {
          if (stmt.type === 'pass_statement' || (stmt.type === 'expression_statement' && codeChildren(stmt)[0]?.type === 'string')) return true;
          const name = stmt.type === 'function_definition' ? normalizeIdentifier(stmt.childForFieldName('name')?.text ?? '') : '';
          return name === '__init__' && isBookkeeping(stmt, name, bookkeepingCalls(v.node, stmt));
        });
      });
    };
    /** A copy made in `__copy__`/`__deepcopy__`: a class of the file, `dict`/`list`/`set`, or `copy.copy`/`copy.deepcopy`. */
    /** The file's methods by name (with their classes), its properties and its descriptor-holding class attributes; made when first asked. */
    let definitions: FileDefinitions | undefined;
    /** Answers for a hook of `hookClass` (undefined: a module-level `__getattr__`). */
    const bookkeepingCalls = (hookClass: Node | undefined, hook: Node): BookkeepingCalls => ({
      makesCopy(callee) {
        if (semantics.qualifiedNames(callee).some((q) => COPY_MAKERS.has(q))) return true;
        // The hook's own class: its `__init__` is the one a copy runs anyway.
        const values = semantics.resolve(callee);
        return !!hookClass && values.length > 0 && values.every((v) => v.kind === 'class' && v.node.id === hookClass.id);
      },
      builtinOf(callee) {
        const names = callee.type === 'identifier' ? semantics.qualifiedNames(callee) : [];
        return names.length === 1 && names[0].startsWith('builtins.') ? names[0].slice('builtins.'.length) : undefined;
      },
      // Facts of every class of the file, each read from the statements that name it: incremental/
      // runs the hook's unit again when a statement holding such a name changes.
      definedInFile(method) {
        semantics.readsIdentifiers([method]);
        definitions ??= fileDefinitions(context.root);
        return (definitions.methods.get(method) ?? []).some((def) => def.id !== hook.id);
      },
      runsOnAccess(attribute) {
        definitions ??= fileDefinitions(context.root);
        // The attribute's definitions; what makes a class a descriptor (its methods); the classes
        // its `attribute = Maker()` entries call (one renamed to that name becomes it).
        semantics.readsIdentifiers([attribute, ...DESCRIPTOR_METHODS, ...(definitions.makersOf.get(attribute) ?? [])]);
        return definitions.accessors.has(attribute);
      },
      ownInitIsPlain() {
        // Its definition holds the name: an edit of its body is an edit of a statement naming `__init__`.
        semantics.readsIdentifiers(['__init__']);
        if (!hookClass) return true;
        // The `__init__` a call of the class runs is its own `def` only when the class has no base
        // (an inherited one runs otherwise), no decorator (`@dataclass` writes one, calling
        // `__post_init__`) and binds `__init__` by nothing else (`__init__ = setup`).
        const superclasses = hookClass.childForFieldName('superclasses');
        const bases = superclasses ? codeChildren(superclasses) : [];
        if (hookClass.parent?.type === 'decorated_definition' || bases.some((b) => !semantics.qualifiedNames(b).includes('builtins.object'))) return false;
        // Every `__init__` the class body names (under an `if` or `try` too, or in a tuple
        // assignment), not looking into its methods: only one top-level `def` is its own.
        const body = hookClass.childForFieldName('body');
        let named = 0;
        let init: Node | undefined;
        // A copy: `codeChildren` may hand out the node's own array.
        const stack = body ? [...codeChildren(body)] : [];
        while (stack.length) {
          const n = stack.pop()!;
          if (n.type === 'identifier' && normalizeIdentifier(n.text) === '__init__') named++;
          if (n.type === 'function_definition') {
            const name = n.childForFieldName('name');
            if (name && normalizeIdentifier(name.text) === '__init__') {
              named++;
              if (n.parent?.id === body?.id) init = n;
            }
            continue;
          }
          if (n.type !== 'class_definition' && n.type !== 'lambda') stack.push(...codeChildren(n));
        }
        if (named === 0) return true;
        return named === 1 && init !== undefined && isBookkeeping(init, '__init__', bookkeepingCalls(hookClass, init));
      },
      isOwnClass(callee) {
        const values = semantics.resolve(callee);
        return !!hookClass && values.length > 0 && values.every((v) => v.kind === 'class' && v.node.id === hookClass.id);
      },
      mayBeFunction(node) {
        return node.type === 'lambda' || semantics.resolve(node).some((v) => v.kind === 'function');
      },
    });
    return {
      class_definition(node) {
        const body = node.childForFieldName('body');
        for (const stmt of body?.namedChildren ?? []) {
          const def = stmt?.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
          if (def?.type === 'function_definition') {
            const name = def.childForFieldName('name');
            const id = name ? normalizeIdentifier(name.text) : '';
            // A registry's `__init_subclass__`, a descriptor's `__set_name__`, a dict-backed `__getattr__`.
            // A decorator may wrap the hook in anything: the body alone is then not what runs
            // (but for markers that hand the function back: `@abstractmethod`, `@override`).
            const wrapped = stmt ? wrappedByDecorator(semantics, stmt) : false;
            const inert = !wrapped && ((BOOKKEEPING_CALLBACKS.has(id) && (sizeOnly(def, id) || isBookkeeping(def, id, bookkeepingCalls(node, def))) && answersSmall(def, id)) || (id === '__setattr__' && onlyRefuses(semantics, def)));
            if (name && IMPLICIT_METHODS[id] && !inert) report(name, id);
            // `def __len__(self): return 2 ** 62`: what the host sizes buffers and loops by.
            if (name && id === '__len__') {
              const returns = ownReturns(def).values;
              const sizes = returns.map((v) => semantics.fold(v));
              const limit = BigInt(policy.limits.maxAllocation);
              if (returns.length && sizes.every((c) => c?.t === 'int' && c.v > limit)) {
                context.report({ node: name, message: `'__len__' answers ${sizes.length === 1 ? String((sizes[0] as { v: bigint }).v) : 'only numbers'} (more than the limit of ${policy.limits.maxAllocation}): a host that sizes a buffer or loops over 'range(len(obj))' by it runs out of memory or time; not allowed by policy '${policy.name}'` });
              }
            }
            if (REENTRANT_HOOKS.has(id)) {
              for (const change of reentrantChanges(def, semantics)) {
                const what = change.how === 'next' ? `advances '${change.name}' ('next')` : change.how === 'del' ? `deletes from '${change.name}'` : `changes '${change.name}' ('${change.how}')`;
                context.report({ node: change.node, message: `'${id}' ${what}, which the interpreter may be comparing, hashing or indexing when it calls the hook: a container changed from inside such a hook is a known way to crash CPython; not allowed by policy '${policy.name}'` });
              }
            }
          } else if (def?.type === 'expression_statement') {
            // `__del__ = lambda self: ...` in a class body, also chained or unpacked
            for (const left of assignedNames(def)) {
              const id = normalizeIdentifier(left.text);
              if (IMPLICIT_METHODS[id]) report(left, id);
            }
          }
        }
        const bases = node.childForFieldName('superclasses');
        for (const arg of bases?.namedChildren ?? []) {
          if (!arg) continue;
          if (arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === 'metaclass') {
            const value = arg.childForFieldName('value');
            const names = value ? semantics.qualifiedNames(value) : [];
            if ((!names.length || !names.every((q) => HARMLESS_METACLASSES.has(q))) && !(value && isRegistryMetaclass(value))) {
              context.report({ node: arg, message: `a metaclass runs code at class definition and on every class operation the host makes; not allowed by policy '${policy.name}'` });
            }
          } else if (arg.type !== 'keyword_argument') {
            // `split` bound in the body by any means, each binding where the odd result comes from.
            const bound = semantics.scopeOfDefinition(node)?.bindings.get(EXCEPT_STAR_METHOD) ?? [];
            const overrides = bound.map((b): [Node, string] => [b.node, EXCEPT_STAR_METHOD]);
            reportExceptionGroupBase(arg, overrides, () => splitFromElsewhere(codeChildren(bases!)));
          }
        }
      },
      // Module-level statements are visited one by one (an incremental analysis revisits only some).
      function_definition(node) {
        const statement = node.parent?.type === 'decorated_definition' ? node.parent : node;
        const name = node.childForFieldName('name');
        // PEP 562's deprecation shim: a `__getattr__` that serves a table of names and refuses the rest.
        if (statement.parent?.type === 'module' && !(name && normalizeIdentifier(name.text) === '__getattr__' && !wrappedByDecorator(semantics, statement) && isBookkeeping(node, '__getattr__', bookkeepingCalls(undefined, node)))) reportModuleHook(name);
      },
      expression_statement(node) {
        if (node.parent?.type === 'module') for (const name of assignedNames(node)) reportModuleHook(name);
      },
      assignment(node) {
        // `ns["__del__"] = lambda self: ...` then `type("Hook", (), ns)`, or `locals()["__del__"] = f`
        // in a class body: a namespace filled key by key. A function stored under such a key is
        // reported wherever the namespace goes (`__class__` keys are common in serialised data).
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        // `group.split = f` on an exception group itself: `except*` looks `split` up on the
        // instance, whose own attribute comes first.
        if (left?.type === 'attribute' && normalizeIdentifier(left.childForFieldName('attribute')?.text ?? '') === 'split') {
          const receiver = left.childForFieldName('object');
          if (receiver && isMadeBy(context, receiver, (q) => INTERPRETER_BASES.has(q))) {
            context.report({ node: left, message: `a 'split' stored on an exception group is what the interpreter calls during 'except*', and it trusts what it returns; not allowed by policy '${policy.name}'` });
          }
          return;
        }
        if (left?.type !== 'subscript' || !right) return;
        const key = left.childForFieldName('subscript');
        const name = key ? semantics.foldString(key) : undefined;
        if (!name || name === '__class__' || !IMPLICIT_METHODS[name]) return;
        if (semantics.resolve(right).some((v) => v.kind === 'function')) report(key!, name);
      },
      call(node) {
        // type("Bomb", (object,), {"__del__": ...}) defines a class without a class statement.
        const fn = node.childForFieldName('function');
        if (!fn) return;
        const names = semantics.qualifiedNames(fn);
        const args = positionalArguments(node);
        let ns: Node | undefined;
        // `dataclasses.make_dataclass("P", fields, namespace={...})` puts the namespace in the class.
        if (names.includes('dataclasses.make_dataclass')) ns = keywordArgument(node, 'namespace');
        else if (isMetaclass(fn)) {
          if (args.length < 3 && !keywordArgument(node, 'dict')) return;
          ns = args[2] ?? keywordArgument(node, 'dict');
        }
        if (!ns) return;
        // The bases as written at the call, a tuple or list display.
        const bases = args.length >= 3 ? unparenthesized(args[1]) : null;
        if (bases?.type === 'tuple' || bases?.type === 'list') {
          const { keys, complete } = namespaceKeys(ns);
          const overrides = keys.filter(([, name]) => name === EXCEPT_STAR_METHOD);
          // A namespace not written out here may hold anything.
          for (const base of codeChildren(bases)) reportExceptionGroupBase(base, overrides, () => !complete || splitFromElsewhere(codeChildren(bases)));
        }
        if (ns.type !== 'dictionary' && ns.type !== 'call') {
          // A namespace display bound to a name elsewhere: reported here, where the class is made.
          for (const v of semantics.resolve(ns)) {
            if (v.kind !== 'container' || v.node.type !== 'dictionary') continue;
            for (const pair of v.node.namedChildren) {
              const key = pair?.type === 'pair' ? pair.childForFieldName('key') : null;
              const name = key ? semantics.foldString(key) : undefined;
              if (name && IMPLICIT_METHODS[name]) {
                report(node, name);
                return;
              }
            }
          }
          return;
        }
        // The namespace as a literal, or as `dict(__del__=...)`, whose keywords are its keys.
        for (const [key, name] of namespaceKeys(ns).keys) if (IMPLICIT_METHODS[name]) report(key, name);
      },
    };
  },
  tests: {
    valid: [
      {
        code: 'class BatchErrors(ExceptionGroup):\n    def derive(self, excs):\n        return BatchErrors(self.message, excs)\nclass Plain(BaseExceptionGroup):\n    pass\nMade = type("Made", (ExceptionGroup,), {"derive": lambda self, excs: Made(self.message, excs)})\ntry:\n    raise BatchErrors("batch", [ValueError("x")])\nexcept* ValueError as group:\n    parts = "a,b".split(",")',
        note: "exception groups that keep the group's own split: derive is checked by the interpreter (TypeError unless it returns a group)",
      },
      {
        code: 'class ReadOnly:\n    __slots__ = ("_data",)\n    def __setattr__(self, name, value):\n        raise AttributeError("read-only")\nclass Frozen:\n    def __setattr__(self, name, value):\n        "Immutable."\n        raise TypeError(f"{name} is frozen")',
        note: 'an immutable object\'s __setattr__: one raise of an ordinary error',
      },
      { code: 'class Pages:\n    def __init__(self, data):\n        self.data = data\n        self.pos = 0\n    def __iter__(self):\n        return self\n    def __next__(self):\n        self.pos += 1\n        return self.data[self.pos - 1]\n    def __length_hint__(self):\n        return len(self.data) - self.pos', note: 'an iterator telling what is left: arithmetic of its fields, whatever else the class defines' },
      { code: 'class Cell:\n    def __init__(self, n):\n        self.n = n\n    def __index__(self):\n        return self.n\n    def __format__(self, spec):\n        return format(self.n, spec or "d")\nvalue = Cell(3)\nrow = ["a", "b", "c", "d"][value]', note: 'an index that is a small field, a format delegating to format()' },
      {
        code: 'class Registry:\n    plugins = {}\n    def __init_subclass__(cls, /, key=None, **kwargs):\n        super().__init_subclass__(**kwargs)\n        if key is not None:\n            Registry.plugins[key] = (cls, key if key else None)\nclass Field:\n    def __set_name__(self, owner, name):\n        self.name = "_" + name\nclass Groups(dict):\n    def __missing__(self, key):\n        value = self[key] = []\n        return value\nclass Settings:\n    def __getattr__(self, name):\n        try:\n            return self.values[name]\n        except KeyError:\n            raise AttributeError(f"no setting {name!r}") from None\nclass Kinds:\n    kinds = {}\n    def __class_getitem__(cls, item):\n        return cls.kinds.get(item, super().__class_getitem__(item))\n_RENAMED = {"old": len}\ndef __getattr__(name):\n    if name in _RENAMED:\n        return _RENAMED[name]\n    raise AttributeError(name)',
        note: 'bookkeeping callbacks: a registry, a descriptor name, a default filled in, a dict-backed __getattr__ that refuses other names (also a module-level one, PEP 562)',
      },
      {
        code: 'import copy\nclass Config:\n    def __init__(self, values):\n        self.values = dict(values)\n    def __copy__(self):\n        return Config(self.values)\n    def __deepcopy__(self, memo):\n        return Config(copy.deepcopy(self.values, memo))',
        note: 'copy hooks that make a copy of the own fields',
      },
      {
        code: 'class Money:\n    def __init__(self, cents):\n        self.cents = cents\n    def __format__(self, spec):\n        if spec == "short":\n            return f"${self.cents // 100}"\n        return format(self.cents / 100, spec) + " EUR"\nclass Model:\n    defaults = {}\n    kinds = []\n    def __init_subclass__(cls, **kwargs):\n        super().__init_subclass__(**kwargs)\n        if getattr(cls, "slug", None) is None or not cls.slug.isidentifier():\n            raise TypeError("plugins need a slug")\n        cls.defaults = dict(Model.defaults)\n        Model.kinds.append(cls)\n    def __copy__(self):\n        clone = type(self)()\n        clone.defaults = dict(self.defaults)\n        return clone',
        note: 'pure builtins and string methods, a constant getattr with a default; a __format__ delegating to format(); a copy made by the own class, whose __init__ only stores',
      },
      {
        code: 'class Temperature:\n    def __init__(self, celsius):\n        self.celsius = celsius\n    def __format__(self, spec):\n        if spec == "f":\n            return f"{self.celsius * 9 / 5 + 32:.1f}F"\n        return "-" * 10 + f"{self.celsius:.1f}C"',
        note: 'a value of the object, or a string written out, multiplied by a small number written out',
      },
      {
        code: 'class Point:\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\n    def __reduce__(self):\n        return (Point, (self.x, self.y))',
        note: 'a pickle hook that hands back its own class and fields',
      },
      {
        code: 'import itertools\nids = itertools.count()\nclass Point:\n    def __eq__(self, other):\n        seen.append(other)\n        self.cache.clear()\n        pending = [other]\n        pending.pop()\n        return self.x == other.x\n    def __hash__(self):\n        self.id = next(ids)\n        return self.id\nseen = []',
        note: 'a comparison that changes only its own object and locals (and appends); a hash taking the next number of a counter',
      },
      'def make():\n    def __getattr__(name):\n        return name\n    return __getattr__',
      'class Point:\n    def __init__(self, x):\n        self.x = x\n    def __eq__(self, o):\n        return self.x == o.x',
      'class Account:\n    def __repr__(self):\n        return "Account()"',
      'from abc import ABCMeta\nclass Shape(metaclass=ABCMeta):\n    pass',
      {
        code: 'REGISTRY = {}\nclass Registered(type):\n    "Keeps every task class by name."\n    def __init__(cls, name, bases, ns):\n        super().__init__(name, bases, ns)\n        REGISTRY[name] = cls\nclass Task(metaclass=Registered):\n    pass',
        note: 'a metaclass of the file that only keeps a registry',
      },
      'def __del__():\n    pass',
      'T = type(value)',
      'class Box:\n    size = limit = 3',
      'def __getattr_helper(name):\n    return name',
      { code: 'class Alias:\n    def mro_entries(self, bases):\n        return bases', note: 'not the dunder' },
      { code: "record = {}\nrecord[\"__class__\"] = \"Point\"\nrecord[\"__del__\"] = True", note: "serialised data: no function stored" },
      "import dataclasses\nP = dataclasses.make_dataclass(\"P\", [(\"x\", int)], namespace={\"total\": lambda self: self.x})\nT = type(\"T\", (), {\"label\": \"t\"})",
      {
        code: "class Money:\n    def __init__(self, cents):\n        self.cents = cents\n    def __bool__(self):\n        return self.cents != 0\n    def __lt__(self, other):\n        return self.cents < other.cents\n    def __format__(self, spec):\n        spec = spec or \".2f\"\n        return format(self.cents / 100, spec) + f\" {self.cents:{spec}}\"\n    def __deepcopy__(self, memo):\n        clone = Money(self.cents)\n        memo[id(self)] = clone\n        return clone\n",
        note: 'each construct judged by what it may run: the file defines __bool__ and __lt__, but the spec the host passes is a str (its truth test runs nothing of the file), and no class of the file defines __truediv__; id() of the object',
      },
      { code: "class Temperature:\n    def __init__(self, c):\n        self.c = c\n    def __lt__(self, other):\n        return self.c < other.c\n    def __eq__(self, other):\n        return self.c == other.c\n    def __format__(self, spec):\n        unit = spec[-1:] if spec else \"C\"\n        if unit == \"F\":\n            return format(self.c * 9 / 5 + 32, spec[:-1]) + \"F\"\n        return format(self.c, spec[:-1]) + \"C\"\n", note: 'slices of the spec string the host passes; the class\'s own ordering methods are never reached' },
    ],
    invalid: [
      {
        code: 'class Rows:\n    def __len__(self):\n        return 2 ** 62\n    def __getitem__(self, i):\n        return self.data[i]\nclass Few:\n    def __len__(self):\n        return 3',
        errors: [{ range: '2:9-2:16', message: "'__len__' answers 4611686018427387904 (more than the limit of 100000000): a host that sizes a buffer or loops over 'range(len(obj))' by it runs out of memory or time; not allowed by policy 'strict'" }],
        note: 'a length past max-allocation, what the host trusts for sizes; a small one is fine',
      },
      {
        code: 'class G(ExceptionGroup):\n    if True:\n        split = lambda self, t: 1\ngroup = ExceptionGroup("g", [ValueError()])\ngroup.split = lambda t: 0\nclass Data:\n    def __init__(self, split):\n        self.split = split\nclass Batch(ExceptionGroup):\n    def derive(self, excs):\n        return Batch(self.message, excs)',
        errors: [
          { range: '1:9-1:23', message: "subclassing 'ExceptionGroup' overrides methods the interpreter calls during 'except*'; not allowed by policy 'strict'" },
          { range: '3:9-3:14', message: "'split' of a subclass of 'ExceptionGroup' is called by the interpreter during 'except*', which trusts what it returns; not allowed by policy 'strict'" },
          { range: '5:1-5:12', message: "a 'split' stored on an exception group is what the interpreter calls during 'except*', and it trusts what it returns; not allowed by policy 'strict'" },
        ],
        note: "a split bound under an if of the class body; one stored on a group instance; a split attribute of another class's objects does not make the derive idiom suspect",
      },
      {
        code: 'import abc\ndef traced(fn):\n    return fn\nclass Frozen:\n    @traced\n    def __setattr__(self, name, value):\n        raise AttributeError(name)\nclass Size(abc.ABC):\n    @abc.abstractmethod\n    def __index__(self):\n        return 0',
        errors: [{ range: '6:9-6:20', message: "'__setattr__' runs on every attribute the host sets; not allowed by policy 'strict'" }],
        note: 'a decorator may wrap a bookkeeping body in anything; a marker such as abstractmethod hands it back',
      },
      {
        code: 'class Temperature:\n    def __setattr__(self, name, value):\n        if name == "celsius" and value < -273.15:\n            raise ValueError("below absolute zero")\n        super().__setattr__(name, value)\nAttributeError = SystemExit\nclass Stop:\n    def __setattr__(self, name, value):\n        raise AttributeError(name)\nclass Loud:\n    def __setattr__(self, name, value):\n        f"{value!r}"\n        raise TypeError(name)',
        errors: [
          { range: '2:9-2:20', message: "'__setattr__' runs on every attribute the host sets; not allowed by policy 'strict'" },
          { range: '8:9-8:20', message: "'__setattr__' runs on every attribute the host sets; not allowed by policy 'strict'" },
          { range: '11:9-11:20', message: "'__setattr__' runs on every attribute the host sets; not allowed by policy 'strict'" },
        ],
        note: 'anything but a refusal (from the second review: a store on its own object, spelled in many ways, recurses); a refusal by a name bound to something else; an f-string before the raise formats the host\'s value (runs its __repr__)',
      },
      {
        code: "SPIN = int('1' + '0' * 12)\n\nclass Point:\n    def __new__(cls, *args):\n        n = SPIN\n        while n:\n            n -= 1\n        return None\n    def __init__(self, x):\n        self.x = x\n    def __reduce__(self):\n        return (Point, (self.x,))\n",
        errors: [
          { range: '11:9-11:19', message: "'__reduce__' runs when the host pickles or copies the object; not allowed by policy 'strict'" },
        ],
        note: "copying through __reduce__ calls the class, which runs its own __new__",
      },
      {
        code: "SPIN = int('1' + '0' * 12)\nimport functools\n\n@functools.total_ordering\nclass Key:\n    def __lt__(self, other):\n        n = SPIN\n        while n:\n            n -= 1\n        return False\n\nclass Cell:\n    def __init__(self):\n        self.a = Key()\n        self.b = Key()\n    def __format__(self, spec):\n        return \"le\" if self.a <= self.b else \"gt\"\n",
        errors: [
          { range: '16:9-16:19', message: "'__format__' runs when the host formats the object; not allowed by policy 'strict'" },
        ],
        note: "total_ordering makes <= call the __lt__ of the file",
      },
      {
        code: "SPIN = int('1' + '0' * 12)\nclass Num:\n    def __int__(self):\n        n = SPIN\n        while n:\n            n -= 1\n        return False\n\nclass Cell:\n    def __init__(self):\n        self.v = Num()\n    def __format__(self, spec):\n        return \"%d\" % self.v\n",
        errors: [
          { range: '12:9-12:19', message: "'__format__' runs when the host formats the object; not allowed by policy 'strict'" },
        ],
        note: "\"%d\" runs the operand's __int__",
      },
      {
        code: "SPIN = int('1' + '0' * 12)\n\ndef spin(self, other):\n    n = SPIN\n    while n:\n        n -= 1\n    return False\n\nclass Keys:\n    __lt__ = __contains__ = spin\n\nclass Holder:\n    def __init__(self, k):\n        self.k = k\n    def __getattr__(self, name):\n        if name in self.k:\n            return 1\n        raise AttributeError(name)\n",
        errors: [
          { range: '15:9-15:20', message: "'__getattr__' runs on every failed attribute lookup the host makes; not allowed by policy 'strict'" },
        ],
        note: "a dunder bound in a chained assignment of a class body is defined too",
      },
      {
        code: "SPIN = int(\"1\" + \"0\" * 12)\n\nclass Key:\n    def __init__(self):\n        self.n = SPIN\n    def __eq__(self, other):\n        n = self.n\n        while n:\n            n -= 1\n        return False\n\nclass Cell:\n    def __init__(self):\n        self.items = [Key(), Key()]\n    def __format__(self, spec):\n        return format(self.items.count(\"x\"), spec)\n",
        errors: [
          { range: '15:9-15:19', message: "'__format__' runs when the host formats the object; not allowed by policy 'strict'" },
        ],
        note: "a builtin argument does not spare the items: list.count compares each with its __eq__",
      },
      {
        code: "class Key:\n    def __init__(self, n):\n        self.n = n\n    def __repr__(self):\n        n = self.n\n        while n:\n            n -= 1\n        return \"k\"\n\nclass Cell:\n    def __init__(self):\n        self.table = {}\n        self.key = Key(10 ** 12)\n    def __format__(self, spec):\n        try:\n            return self.table[self.key]\n        except KeyError as spec:\n            return f\"missing {spec}\"\n",
        errors: [
          { range: '14:9-14:19', message: "'__format__' runs when the host formats the object; not allowed by policy 'strict'" },
        ],
        note: "a name rebound by except ... as is no longer the spec string format() passed",
      },
      {
        code: "class Amount:\n    def __init__(self, v):\n        self.v = v\n    def __add__(self, other):\n        return Amount(self.v + other)\n    def __format__(self, spec):\n        return format(self.v + 1, spec)\nclass Bag:\n    def __iter__(self):\n        return iter(self.items)\n    def __deepcopy__(self, memo):\n        return Bag([x for x in self.items])\nclass Odd:\n    def __bool__(self):\n        return run()\n    def __format__(self, spec):\n        return \"x\" if self.flag else \"y\"\nclass Nested:\n    def __format__(self, spec):\n        return f\"{self.v:{run()}}\"\nclass Seen:\n    def __getattribute__(self, name):\n        return 1\n    def __getattr__(self, name):\n        if name in self.fields:\n            return 1\n        raise AttributeError(name)\n",
        errors: [
          { range: '6:9-6:19', message: "'__format__' runs when the host formats the object; not allowed by policy 'strict'" },
          { range: '11:9-11:21', message: "'__deepcopy__' runs when the host copies the object; not allowed by policy 'strict'" },
          { range: '16:9-16:19', message: "'__format__' runs when the host formats the object; not allowed by policy 'strict'" },
          { range: '19:9-19:19', message: "'__format__' runs when the host formats the object; not allowed by policy 'strict'" },
          { range: '22:9-22:25', message: "'__getattribute__' runs on every attribute lookup the host makes; not allowed by policy 'strict'" },
          { range: '24:9-24:20', message: "'__getattr__' runs on every failed attribute lookup the host makes; not allowed by policy 'strict'" },
        ],
        note: 'what a body may run of the file: `+` with an __add__, iterating an object whose class has __iter__, a truth test with a __bool__ that calls, a call in a nested format spec, any read in a file with __getattribute__',
      },
      {
        code: 'class Rows:\n    def __iter__(self):\n        return iter(())\n    def __length_hint__(self):\n        return 10 ** 10\nclass Cell:\n    def __init__(self, n):\n        self.n = n\n    def __index__(self):\n        return self.n\nbig = Cell(2 ** 40)\nclass Wide:\n    def __index__(self):\n        return 10000000000',
        errors: [
          { range: '4:9-4:24', message: "'__length_hint__' runs when the host builds a list from the object, which allocates what it answers; not allowed by policy 'strict'" },
          { range: '9:9-9:18', message: "'__index__' runs when the host uses the object as an index or size; not allowed by policy 'strict'" },
          { range: '13:9-13:18', message: "'__index__' runs when the host uses the object as an index or size; not allowed by policy 'strict'" },
        ],
        note: 'list(rows) preallocates ten billion slots before asking for the first item; an index that is a huge number, given at construction or written out',
      },
      {
        code: '__getattr__ = lambda name: name',
        errors: [{ range: '1:1-1:12', message: "'__getattr__' at module level runs on every failed attribute lookup the host makes on the plugin module; not allowed by policy 'strict'" }],
      },
      {
        code: 'import collections\nclass Marker:\n    def __eq__(self, other):\n        queue.clear()\n        return NotImplemented\n    def __hash__(self):\n        del table[0]\n        return 1\nqueue = collections.deque([Marker()])\ntable = {}\ndef run(groups):\n    class Key:\n        def __lt__(self, other):\n            return next(groups)\n    return Key',
        errors: [
          { range: '4:9-4:22', message: "'__eq__' changes 'queue' ('clear'), which the interpreter may be comparing, hashing or indexing when it calls the hook: a container changed from inside such a hook is a known way to crash CPython; not allowed by policy 'strict'" },
          { range: '7:9-7:21', message: "'__hash__' deletes from 'table', which the interpreter may be comparing, hashing or indexing when it calls the hook: a container changed from inside such a hook is a known way to crash CPython; not allowed by policy 'strict'" },
          { range: '14:20-14:32', message: "'__lt__' advances 'groups' ('next'), which the interpreter may be comparing, hashing or indexing when it calls the hook: a container changed from inside such a hook is a known way to crash CPython; not allowed by policy 'strict'" },
        ],
        note: 'the re-entrant crashers of deque.index, dict lookups and itertools.groupby: a module or enclosing name emptied or advanced',
      },
      {
        code: 'class Point:\n    def __init__(self, x):\n        self.x = x\n    def __reduce__(self):\n        return (Point, (self.x,), None, None, None, restore)\nclass Sub:\n    def __init__(self, x):\n        self.x = x\n    def __reduce__(self):\n        return (type(self), (self.x,))\nclass Rows:\n    def __init__(self):\n        self.rows = []\n    def __reduce__(self):\n        return (list, (), None, self.rows)\nclass Pairs:\n    def __init__(self, pairs):\n        self.pairs = pairs\n    def __reduce__(self):\n        return (dict, (self.pairs,))\nclass Base:\n    def __init__(self, x):\n        print(x)\nclass Child(Base):\n    def __reduce__(self):\n        return (Child, (1,))\nclass Cond:\n    if True:\n        def __init__(self):\n            print(1)\n    def __reduce__(self):\n        return (Cond, ())',
        errors: [
          { range: '4:9-4:19', message: "'__reduce__' runs when the host pickles or copies the object; not allowed by policy 'strict'" },
          { range: '9:9-9:19', message: "'__reduce__' runs when the host pickles or copies the object; not allowed by policy 'strict'" },
          { range: '14:9-14:19', message: "'__reduce__' runs when the host pickles or copies the object; not allowed by policy 'strict'" },
          { range: '19:9-19:19', message: "'__reduce__' runs when the host pickles or copies the object; not allowed by policy 'strict'" },
          { range: '25:9-25:19', message: "'__reduce__' runs when the host pickles or copies the object; not allowed by policy 'strict'" },
          { range: '31:9-31:19', message: "'__reduce__' runs when the host pickles or copies the object; not allowed by policy 'strict'" },
        ],
        note: 'pickle calls a state setter and iterates list items in the host; type(self) may be a subclass; dict() runs what it is given; a class with a base runs the inherited __init__; an __init__ defined under an if',
      },
      {
        code: 'class Payload:\n    def __reduce__(self):\n        return (eval, ("1",))',
        errors: [{ range: '2:9-2:19', message: "'__reduce__' runs when the host pickles or copies the object; not allowed by policy 'strict'" }],
      },
      {
        code: 'class Alias:\n    def __mro_entries__(self, bases):\n        return (object,)',
        errors: [{ range: '2:9-2:24', message: "'__mro_entries__' runs when the object is listed as a base of a class (PEP 560); not allowed by policy 'strict'" }],
      },
      {
        code: 'import copy\nclass Base:\n    def __init_subclass__(cls, **kw):\n        print("defined", cls)\nclass Proxy:\n    def __getattr__(self, name):\n        return self.target\nclass Lazy(dict):\n    def __missing__(self, key):\n        return key * 10 ** 9\nclass Quit:\n    def __getattr__(self, name):\n        raise SystemExit\nclass Leaky:\n    def __getattr__(self, name):\n        raise KeyError(name)\nclass Loud:\n    def __copy__(self):\n        return print(self)\nclass Again(dict):\n    def __missing__(self, key):\n        return self[key]\nclass Self:\n    def __deepcopy__(self, memo):\n        return copy.deepcopy(self, memo)',
        errors: [
          { range: '3:9-3:26', message: "'__init_subclass__' runs when any subclass is defined; not allowed by policy 'strict'" },
          { range: '6:9-6:20', message: "'__getattr__' runs on every failed attribute lookup the host makes; not allowed by policy 'strict'" },
          { range: '9:9-9:20', message: "'__missing__' runs on the host's failed dictionary lookups; not allowed by policy 'strict'" },
          { range: '12:9-12:20', message: "'__getattr__' runs on every failed attribute lookup the host makes; not allowed by policy 'strict'" },
          { range: '15:9-15:20', message: "'__getattr__' runs on every failed attribute lookup the host makes; not allowed by policy 'strict'" },
          { range: '18:9-18:17', message: "'__copy__' runs when the host copies the object; not allowed by policy 'strict'" },
          { range: '21:9-21:20', message: "'__missing__' runs on the host's failed dictionary lookups; not allowed by policy 'strict'" },
          { range: '24:9-24:21', message: "'__deepcopy__' runs when the host copies the object; not allowed by policy 'strict'" },
        ],
        note: 'bodies that call something, answer every lookup, compute a power, raise what escapes hasattr, or run the hook again on their own object are not bookkeeping',
      },
      {
        code: 'Bomb = type("Bomb", (object,), {"__del__": lambda self: None})',
        errors: [{ range: '1:33-1:42', message: "'__del__' runs when the host frees the object; not allowed by policy 'strict'" }],
      },
      {
        code: 'class Meta(type):\n    def __call__(cls, *args):\n        return cls\nclass P(metaclass=Meta):\n    pass\nclass Loud(type):\n    def __init__(cls, name, bases, ns):\n        print(name)\nclass Q(metaclass=Loud):\n    pass\nclass Empty(type):\n    pass\nclass R(metaclass=Empty):\n    pass',
        errors: [
          { range: '4:9-4:23', message: "a metaclass runs code at class definition and on every class operation the host makes; not allowed by policy 'strict'" },
          { range: '9:9-9:23', message: "a metaclass runs code at class definition and on every class operation the host makes; not allowed by policy 'strict'" },
          { range: '13:9-13:24', message: "a metaclass runs code at class definition and on every class operation the host makes; not allowed by policy 'strict'" },
        ],
        note: 'a metaclass answering the host\'s calls of the class; one whose __init__ calls out; an empty one (no registry)',
      },
      {
        code: 'class M:\n    def split(self, t):\n        return 1\nclass G(M, ExceptionGroup):\n    pass\nclass Batch(ExceptionGroup):\n    pass\nclass F(Batch):\n    def split(self, t):\n        return 1\nclass Later(ExceptionGroup):\n    pass\nLater.split = len',
        errors: [
          { range: '4:12-4:26', message: "subclassing 'ExceptionGroup' may get a 'split' from elsewhere (a base, a namespace, a store), which the interpreter calls during 'except*'; not allowed by policy 'strict'" },
          { range: '6:13-6:27', message: "subclassing 'ExceptionGroup' may get a 'split' from elsewhere (a base, a namespace, a store), which the interpreter calls during 'except*'; not allowed by policy 'strict'" },
          { range: '8:9-8:14', message: "subclassing 'ExceptionGroup' overrides methods the interpreter calls during 'except*'; not allowed by policy 'strict'" },
          { range: '9:9-9:14', message: "'split' of a subclass of 'ExceptionGroup' is called by the interpreter during 'except*', which trusts what it returns; not allowed by policy 'strict'" },
          { range: '11:13-11:27', message: "subclassing 'ExceptionGroup' may get a 'split' from elsewhere (a base, a namespace, a store), which the interpreter calls during 'except*'; not allowed by policy 'strict'" },
        ],
        note: "a split from a mixin of the file; a subclass of the file's group; a split stored on the class afterwards (then every group subclass of the file is suspect)",
      },
      {
        code: 'class Odd(BaseExceptionGroup):\n    def split(self, *a):\n        return 1',
        errors: [
          { range: '1:11-1:29', message: "subclassing 'BaseExceptionGroup' overrides methods the interpreter calls during 'except*'; not allowed by policy 'strict'" },
          { range: '2:9-2:14', message: "'split' of a subclass of 'BaseExceptionGroup' is called by the interpreter during 'except*', which trusts what it returns; not allowed by policy 'strict'" },
        ],
      },
      {
        code: 'class Group(ExceptionGroup):\n    split = lambda self, condition: (None, 42)',
        errors: [
          { range: '1:13-1:27', message: "subclassing 'ExceptionGroup' overrides methods the interpreter calls during 'except*'; not allowed by policy 'strict'" },
          { range: '2:5-2:10', message: "'split' of a subclass of 'ExceptionGroup' is called by the interpreter during 'except*', which trusts what it returns; not allowed by policy 'strict'" },
        ],
        note: 'an override by assignment, as by def',
      },
      {
        code: 'Odd = type("Odd", (BaseExceptionGroup,), {"split": lambda self, *a: 0})\nG = type("G", (Exception,), dict(split=len))',
        errors: [
          { range: '1:20-1:38', message: "subclassing 'BaseExceptionGroup' overrides methods the interpreter calls during 'except*'; not allowed by policy 'strict'" },
          { range: '1:43-1:50', message: "'split' of a subclass of 'BaseExceptionGroup' is called by the interpreter during 'except*', which trusts what it returns; not allowed by policy 'strict'" },
        ],
        note: 'the class made by a three-argument type(); a plain exception with a split method is not an exception group',
      },
      {
        code: 'class Fake:\n    @property\n    def __class__(self):\n        return dict',
        errors: [{ range: '3:9-3:18', message: "'__class__' answers the host's isinstance checks with a class of the plugin's choosing; not allowed by policy 'strict'" }],
      },
      {
        code: 'class A:\n    x = __del__ = lambda self: None',
        errors: [{ range: '2:9-2:16', message: "'__del__' runs when the host frees the object; not allowed by policy 'strict'" }],
      },
      {
        code: 'class A:\n    __del__, __format__ = (lambda s: 0), (lambda s, f: "")',
        errors: [
          { range: '2:5-2:12', message: "'__del__' runs when the host frees the object; not allowed by policy 'strict'" },
          { range: '2:14-2:24', message: "'__format__' runs when the host formats the object; not allowed by policy 'strict'" },
        ],
      },
      {
        code: 'T = type("T", (), dict(__del__=lambda self: None))',
        errors: [{ range: '1:24-1:31', message: "'__del__' runs when the host frees the object; not allowed by policy 'strict'" }],
      },
      {
        code: 'def __getattr__(name):\n    return name',
        errors: [{ range: '1:5-1:16', message: "'__getattr__' at module level runs on every failed attribute lookup the host makes on the plugin module; not allowed by policy 'strict'" }],
      },
      {
        code: 'class Bar:\n    def __init__(self):\n        self.pad = "-"\n    def __format__(self, spec):\n        return spec.strip() * 3\nclass Grow:\n    def __init__(self):\n        self.pad = "-"\n    def __format__(self, spec):\n        self.pad = self.pad * 2\n        return ""\nclass Wide:\n    def __format__(self, spec):\n        return "x" * 101',
        errors: [
          { range: '4:9-4:19', message: "'__format__' runs when the host formats the object; not allowed by policy 'strict'" },
          { range: '9:9-9:19', message: "'__format__' runs when the host formats the object; not allowed by policy 'strict'" },
          { range: '13:9-13:19', message: "'__format__' runs when the host formats the object; not allowed by policy 'strict'" },
        ],
        note: 'multiplying what the host passes, a value by itself on every call, or by more than 100',
      },
      {
        code: 'class Cell:\n    def __format__(self, spec):\n        return "x" * 100 * 100 * 100\nclass Stored:\n    def __init__(self):\n        self.pad = "-"\n    def __format__(self, spec):\n        tmp = self.pad * 2\n        self.pad = tmp\n        return ""',
        errors: [
          { range: '2:9-2:19', message: "'__format__' runs when the host formats the object; not allowed by policy 'strict'" },
          { range: '7:9-7:19', message: "'__format__' runs when the host formats the object; not allowed by policy 'strict'" },
        ],
        note: 'products of products; a product stored, which the next call multiplies again',
      },
      {
        code: 'class Cell:\n    @staticmethod\n    def __format__(spec):\n        return spec * 1000',
        errors: [{ range: '3:9-3:19', message: "'__format__' runs when the host formats the object; not allowed by policy 'strict'" }],
      },
      {
        code: "ns = {}\nns[\"__del__\"] = lambda self: None\nHook = type(\"Hook\", (), ns)",
        errors: [{ range: "2:4-2:13", message: "'__del__' runs when the host frees the object; not allowed by policy 'strict'" }],
        note: "a namespace filled item by item",
      },
      {
        code: "def fmt(self, spec):\n    return \"x\"\nclass Cell:\n    locals()[\"__format__\"] = fmt",
        errors: [{ range: "4:14-4:26", message: "'__format__' runs when the host formats the object; not allowed by policy 'strict'" }],
      },
      {
        code: "import abc\nH = abc.ABCMeta(\"H\", (), {\"__format__\": lambda self, spec: \"x\"})",
        errors: [{ range: "2:27-2:39", message: "'__format__' runs when the host formats the object; not allowed by policy 'strict'" }],
        note: "a standard metaclass called like type",
      },
      {
        code: "import dataclasses\nP = dataclasses.make_dataclass(\"P\", [(\"x\", int)], namespace={\"__del__\": lambda self: None})",
        errors: [{ range: "2:62-2:71", message: "'__del__' runs when the host frees the object; not allowed by policy 'strict'" }],
      },
      {
        code: "hooks = {\"__getattr__\": lambda self, name: name}\nProxy = type(\"Proxy\", (object,), hooks)",
        errors: [{ range: "2:9-2:40", message: "'__getattr__' runs on every failed attribute lookup the host makes; not allowed by policy 'strict'" }],
        note: "a namespace display bound to a name",
      },
    ],
  },
};
