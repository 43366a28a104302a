import type { Node } from '../../parser';
import { normalizeIdentifier } from '../../semantics';
import { codeChildren, parameterIdentifier } from '../../semantics/syntax';
import { unparenthesized } from '../../semantics/narrowing';
import { classOfMethod } from '../shared/methods';

/**
 * Host callbacks whose usual bodies are bookkeeping: a registry filled by `__init_subclass__`,
 * a descriptor's `__set_name__` storing its name, a `__missing__` that fills in a default, a
 * `__getattr__` serving a dict and refusing other names, an `__index__` handing back a field.
 * Such a body does nothing the host must fear when it runs — it only reads and stores the
 * plugin's own values — so PC403 leaves the definition alone; a body that calls anything else, or computes more than plain arithmetic,
 * is reported as before (and what it calls is reported by its own rule).
 */
export const BOOKKEEPING_CALLBACKS = new Set(['__init_subclass__', '__set_name__', '__class_getitem__', '__missing__', '__getattr__', '__copy__', '__deepcopy__', '__format__', '__getstate__', '__setstate__', '__reduce__', '__reduce_ex__', '__index__', '__length_hint__']);

/** Hooks whose answer the host uses as a size (an index, what to allocate): bookkeeping only when no answer is a huge number. */
export const SIZE_CALLBACKS = new Set(['__index__', '__length_hint__']);

/** What a body's calls denote, for `isBookkeeping` (the rule answers from the resolver). */
export interface BookkeepingCalls {
  /** The builtin a callee denotes (`len` for `len`), if it denotes one. */
  builtinOf(callee: Node): string | undefined;
  /** Whether a callee makes a copy: the hook's own class, `copy.copy`/`copy.deepcopy`, `dict`, `list`, ... */
  makesCopy(callee: Node): boolean;
  /**
   * Whether a class of the file defines a method (or binds a class attribute) of this name,
   * besides the hook itself: what an operator, builtin, lookup or truth test of the body may run
   * (`DISPATCH`), asked construct by construct.
   */
  definedInFile(method: string): boolean;
  /** Whether reading or setting this attribute may run code of the file: a property, or a class attribute holding a descriptor. */
  runsOnAccess(attribute: string): boolean;
  /** Whether an expression may be a function of the file (a callable handed to a builtin runs there). */
  mayBeFunction(node: Node): boolean;
  /** Whether the hook's own class has no `__init__`, or one whose body is bookkeeping (a copy runs it); false for a class with a base or a decorator. */
  ownInitIsPlain(): boolean;
  /** Whether a callee is the hook's own class. */
  isOwnClass(callee: Node): boolean;
}

/** Iterating an object: its own `__iter__` and `__next__`, or the old `__getitem__` protocol. */
const ITERATION = ['__iter__', '__next__', '__getitem__'];
/** Hashing and comparing a key (a dict or set lookup, `list.index`). */
const KEYED = ['__hash__', '__eq__'];
/**
 * Ordering two objects: any of its methods (`functools.total_ordering` makes `<=` call `__lt__`),
 * and `__eq__`, which comparing two lists or tuples asks of their items first.
 */
const ORDERING = ['__lt__', '__le__', '__gt__', '__ge__', '__eq__'];
/**
 * What copying or pickling an object may run besides its copy and pickle hooks (judged on their
 * own): its class's `__new__` and `__getnewargs__`, the `__setitem__`, `append` or `extend` that
 * refill a container, `__setattr__`, hashing and comparing keys, attribute hooks.
 */
const COPYING = ['__new__', '__getnewargs__', '__getnewargs_ex__', '__setitem__', 'append', 'extend', '__setattr__', '__getattribute__', '__post_init__', '__hash__', '__eq__'];
/** A membership test: the container's `__contains__` or its iteration, and the items' hash and equality. */
const MEMBERSHIP = ['__contains__', ...ITERATION, ...KEYED];
/** Testing an object's truth. */
const TRUTH = ['__bool__', '__len__'];
/** Formatting an object. */
const FORMATTING = ['__format__', '__str__', '__repr__'];

/** The methods an operator may dispatch to, by the operator. */
const OPERATOR_METHODS: Record<string, string[]> = {
  '+': ['__add__', '__radd__'], '-': ['__sub__', '__rsub__'], '/': ['__truediv__', '__rtruediv__'], '//': ['__floordiv__', '__rfloordiv__'],
  '%': ['__mod__', '__rmod__'], '==': ['__eq__'], '!=': ['__ne__', '__eq__'], '<': ORDERING, '<=': ORDERING, '>': ORDERING, '>=': ORDERING,
  '*': ['__mul__', '__rmul__'], in: MEMBERSHIP, 'not in': MEMBERSHIP,
};

/** Builtins whose answer is a builtin number, string or bool once their own dispatch is checked (`len`, `str`, `isinstance`). */
const INERT_RESULTS = new Set(['len', 'str', 'repr', 'format', 'bool', 'int', 'float', 'isinstance', 'issubclass', 'id', 'abs', 'round', 'divmod', 'sum']);

/**
 * The methods of an argument each builtin may call (`len` its `__len__`, `sorted` its iteration
 * and comparisons). Hooks judged on their own (`BOOKKEEPING_CALLBACKS`: `__index__`, `__copy__`)
 * are not listed: one that is not bookkeeping is reported where it is defined.
 */
const BUILTIN_DISPATCH: Record<string, readonly string[]> = {
  len: ['__len__'], str: FORMATTING, repr: FORMATTING, format: FORMATTING, int: ['__int__', '__trunc__'], float: ['__float__'],
  bool: TRUTH, isinstance: ['__instancecheck__', '__subclasscheck__', '__subclasshook__', '__class__'], issubclass: ['__subclasscheck__', '__subclasshook__'],
  sorted: [...ITERATION, ...ORDERING], min: [...ITERATION, ...ORDERING], max: [...ITERATION, ...ORDERING],
  abs: ['__abs__'], round: ['__round__'], divmod: ['__divmod__', '__rdivmod__'], sum: [...ITERATION, '__add__', '__radd__'],
  any: [...ITERATION, ...TRUTH], all: [...ITERATION, ...TRUTH],
  tuple: [...ITERATION, '__len__', '__length_hint__'], list: [...ITERATION, '__len__', '__length_hint__'], set: [...ITERATION, ...KEYED],
  frozenset: [...ITERATION, ...KEYED], dict: [...ITERATION, ...KEYED, 'keys'], enumerate: ITERATION, zip: ITERATION, reversed: [...ITERATION, '__reversed__', '__len__'],
  id: [],
};

/** Builtins that compute a value from their arguments and nothing else: those `BUILTIN_DISPATCH` lists. */
const PURE_BUILTINS: ReadonlySet<string> = new Set(Object.keys(BUILTIN_DISPATCH));

/** What each string or container method may call of its arguments (`list.index` compares them). */
const METHOD_DISPATCH: Record<string, readonly string[]> = {
  index: ['__eq__'], count: ['__eq__'], remove: ['__eq__'], sort: ORDERING, get: KEYED, setdefault: KEYED, add: KEYED, discard: KEYED, pop: KEYED,
};

/**
 * Parameters whose type the host's protocol fixes, by hook: `format(obj, spec)` passes a `str`,
 * `getattr(obj, name)` a `str`, `copy.deepcopy` a memo `dict`, `pickle` an `int` protocol.
 * Truth tests, comparisons and string methods of such a value run no code of the file.
 */
const PROTOCOL_PARAMETERS: Record<string, readonly ('str' | 'int' | 'dict' | undefined)[]> = {
  __format__: ['str'], __getattr__: ['str'], __set_name__: [undefined, 'str'], __deepcopy__: ['dict'], __reduce_ex__: ['int'],
};

/** Methods of strings and the plugin's own containers that compute or store, and call nothing else. */
const PURE_METHODS = new Set([
  'replace', 'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'title', 'capitalize', 'casefold', 'startswith', 'endswith',
  'isidentifier', 'isdigit', 'isalpha', 'isalnum', 'isupper', 'islower', 'split', 'rsplit', 'partition', 'rpartition',
  'items', 'keys', 'values', 'copy', 'sort', 'index', 'count', 'pop', 'remove', 'clear', 'strftime', 'isoformat',
]);

/** Those of `PURE_METHODS` a string has: their answer is a string, a number, a bool or a list of strings. */
const TEXT_METHODS: ReadonlySet<string> = new Set([...PURE_METHODS].filter((m) => !['items', 'keys', 'values', 'copy', 'sort', 'pop', 'remove', 'clear'].includes(m)));

/** Hooks whose every `return` must hand back a copy. */
const COPY_HOOKS = new Set(['__copy__', '__deepcopy__']);

/** Pickle hooks: every `return` is a `(class, args)` tuple of the hook's own class. */
const REDUCE_HOOKS = new Set(['__reduce__', '__reduce_ex__']);

/** Hooks copying or pickling runs (`COPYING` is what else it runs). */
const COPIED_HOOKS = new Set([...COPY_HOOKS, ...REDUCE_HOOKS, '__getstate__', '__setstate__']);

/** Nodes a body is read for at most: longer ones are not bookkeeping. */
const MAX_NODES = 300;

/** Methods that only store into or read the plugin's own containers. */
const CONTAINER_METHODS = new Set(['append', 'add', 'setdefault', 'get', 'discard', 'insert']);

/** Exceptions a bookkeeping body may raise: ordinary errors the host expects from a lookup. */
const ORDINARY_EXCEPTIONS = new Set(['AttributeError', 'KeyError', 'LookupError', 'IndexError', 'TypeError', 'ValueError', 'NotImplementedError']);
const GETATTR_EXCEPTIONS = new Set(['AttributeError']);

const LITERALS = new Set(['integer', 'float', 'true', 'false', 'none', 'ellipsis']);

/** The largest number a bookkeeping body may multiply by (`"-" * 10`, `celsius * 9`). */
const MAX_FACTOR = 100;

/** A number written out, at most `MAX_FACTOR` (any float: a float repeats no sequence). */
function smallFactor(n: Node | null): boolean {
  if (n?.type === 'float') return n.text.length <= 40;
  if (n?.type !== 'integer') return false;
  const value = Number(n.text.replace(/_/g, '').replace(/[lL]$/, ''));
  return Number.isInteger(value) && value <= MAX_FACTOR;
}

/**
 * Whether a callback's body is bookkeeping (`BOOKKEEPING_CALLBACKS`): statements that assign,
 * test, return and raise plain expressions — names, non-dunder attributes, items, literals,
 * displays, comparisons, `+ - * / // %` — and call only `super().<method>(...)`, container methods
 * (`registry.append(cls)`, `self.kinds.get(key)`) — and, in `__copy__`/`__deepcopy__`, the calls
 * `makesCopy` accepts (a class of the file, `copy.deepcopy`) — and raise only ordinary errors (`KeyError`,
 * `ValueError`, ...; not `SystemExit` nor a class of the file). A `__getattr__` must also be able
 * to refuse a name, and only with `AttributeError`: one that answers every lookup gives the host
 * an attribute for anything it probes, and any other exception escapes `hasattr`.
 */
export function isBookkeeping(def: Node, name: string, calls: BookkeepingCalls): boolean {
  const body = def.childForFieldName('body');
  if (!body) return false;
  let seen = 0;
  // Copying and pickling run more of the object's class than the hook's body shows (`COPYING`).
  if (COPIED_HOOKS.has(name) && COPYING.some((m) => calls.definedInFile(m))) return false;
  let raises = false;
  // The object the hook runs on (`self`, `cls`): a read of `self[key]` in `__missing__`, or a copy of
  // `self` in a copy hook, runs the hook again, without end.
  const parameters = codeChildren(def.childForFieldName('parameters') ?? def);
  // A module-level `__getattr__(name)` (PEP 562) has no object of its own.
  const isMethod = classOfMethod(def) !== undefined;
  const firstParameter = isMethod ? parameters[0] : undefined;
  const receiver = firstParameter?.type === 'identifier' ? normalizeIdentifier(firstParameter.text) : undefined;
  const isReceiver = (n: Node | null | undefined): boolean => n?.type === 'identifier' && normalizeIdentifier(n.text) === receiver;
  /** The hook's parameters but its object: what the host passes (`spec` of `__format__`). */
  const passed = new Set(parameters.filter((p) => p !== firstParameter).map((p) => normalizeIdentifier((p.type === 'identifier' ? p : (p.childForFieldName('name') ?? codeChildren(p)[0]))?.text ?? '')));
  /** Whether an expression reads one of those (`spec`, `(spec)`, `spec.strip()`). */
  const readsPassed = (n: Node): boolean => {
    const stack = [n];
    while (stack.length) {
      const m = stack.pop()!;
      if (m.type === 'identifier' && passed.has(normalizeIdentifier(m.text))) return true;
      // The attribute's name is no read of a name.
      if (m.type === 'attribute') {
        const object = m.childForFieldName('object');
        if (object) stack.push(object);
        continue;
      }
      stack.push(...codeChildren(m));
    }
    return false;
  };
  /** True while the right side of an assignment is checked: a product stored may be multiplied again on the next call. */
  let storing = false;
  /** Whether a statement before has stored into `self[...]` (in `__missing__`, the key it fills in). */
  let filledIn = false;

  /** Whether a class of the file defines one of these methods: what the construct at hand may run. */
  const runs = (methods: readonly string[]): boolean => methods.some((m) => calls.definedInFile(m));
  /** The parameters whose type the host's protocol fixes, by name (`spec` of `__format__`: a `str`). */
  const protocolKinds = new Map<string, 'str' | 'int' | 'dict'>();
  const kinds = PROTOCOL_PARAMETERS[name] ?? [];
  const hostPassed = parameters.filter((p) => p !== firstParameter);
  for (let i = 0; i < hostPassed.length && i < kinds.length; i++) {
    const p = hostPassed[i];
    // Positional parameters only: after a `*args` the host's arguments land elsewhere.
    const id = parameterIdentifier(p);
    if (!id) break;
    const kind = kinds[i];
    if (kind) protocolKinds.set(normalizeIdentifier(id.text), kind);
  }
  /** The body's plain assignments by name (`width = 20`), and the names it binds any other way. */
  const assignedValues = new Map<string, Node[]>();
  const boundOtherwise = new Set<string>();
  {
    const bindAll = (target: Node): void => {
      const stack = [target];
      while (stack.length) {
        const m = stack.pop()!;
        if (m.type === 'identifier') boundOtherwise.add(normalizeIdentifier(m.text));
        else if (m.type !== 'attribute' && m.type !== 'subscript') stack.push(...codeChildren(m));
      }
    };
    const stack: Node[] = [body];
    while (stack.length) {
      const m = stack.pop()!;
      if (m.type === 'assignment') {
        const left = m.childForFieldName('left');
        let right = m.childForFieldName('right');
        while (right?.type === 'assignment') right = right.childForFieldName('right');
        if (left?.type === 'identifier' && right) {
          const id = normalizeIdentifier(left.text);
          assignedValues.set(id, [...(assignedValues.get(id) ?? []), right]);
        } else if (left) bindAll(left);
      } else if (m.type === 'augmented_assignment' || m.type === 'named_expression' || m.type === 'for_in_clause' || m.type === 'as_pattern' || m.type === 'global_statement' || m.type === 'nonlocal_statement') {
        // Every name in it (`except KeyError as spec`: the alias is its last part): more names
        // taken as unknown only makes fewer operands inert.
        bindAll(m);
      }
      stack.push(...codeChildren(m));
    }
  }
  /**
   * Whether an expression's value is a builtin `str`, number, `bool` or `None` (or a tuple of
   * them): hashing, comparing, testing or formatting it runs no code of the file. A literal, a
   * comparison, a parameter of a type the protocol fixes, a local name assigned only such values,
   * what `len`/`str`/`isinstance`... and string methods give back. `within`: names being looked
   * at (a name assigned from itself, `spec = spec.strip()`, keeps the kind it had).
   */
  const inert = (n: Node | null | undefined, within?: ReadonlySet<string>): boolean => {
    if (!n) return false;
    switch (n.type) {
      case 'string':
      case 'concatenated_string':
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none':
      // The operators' own dispatch is checked where they are met (`simple`); past it, the builtin answer is a bool.
      case 'comparison_operator':
      case 'not_operator':
        return true;
      case 'identifier': {
        const id = normalizeIdentifier(n.text);
        if (id === receiver || boundOtherwise.has(id)) return false;
        if (within?.has(id)) return true;
        const kind = protocolKinds.get(id);
        const values = assignedValues.get(id);
        if (kind === 'dict' || (kind === undefined && (passed.has(id) || values === undefined))) return false;
        const inner = new Set(within);
        inner.add(id);
        return (values ?? []).every((v) => inert(v, inner));
      }
      case 'call': {
        const fn = n.childForFieldName('function');
        const args = codeChildren(n.childForFieldName('arguments') ?? n);
        if (fn?.type === 'identifier') {
          const builtin = calls.builtinOf(fn);
          if (builtin !== undefined && INERT_RESULTS.has(builtin)) return true;
          return (builtin === 'min' || builtin === 'max') && args.length > 0 && args.every((a) => inert(a, within));
        }
        return fn?.type === 'attribute' && TEXT_METHODS.has(fn.childForFieldName('attribute')?.text ?? '') && inert(fn.childForFieldName('object'), within);
      }
      case 'subscript':
        return inert(n.childForFieldName('value'), within) && n.childrenForFieldName('subscript').every((k) => k.type === 'comment' || inert(k, within));
      case 'slice':
      case 'boolean_operator':
      case 'binary_operator':
      case 'unary_operator':
      case 'parenthesized_expression':
      case 'tuple':
      case 'expression_list':
        return codeChildren(n).every((c) => inert(c, within));
      case 'conditional_expression': {
        const [then, , otherwise] = codeChildren(n);
        return inert(then, within) && inert(otherwise, within);
      }
      default:
        return false;
    }
  };
  /** Whether an operation on these operands may run one of the file's `methods`: some operand is not inert, and the file defines one. */
  const dispatches = (operands: readonly (Node | null | undefined)[], methods: readonly string[]): boolean => operands.some((o) => !inert(o)) && runs(methods);
  /** A container whose own methods are the builtin ones: a display, or the memo `dict` the host passes. */
  const builtinContainer = (n: Node | null | undefined): boolean => {
    if (!n) return false;
    const id = n.type === 'identifier' ? normalizeIdentifier(n.text) : undefined;
    const hostDict = id !== undefined && protocolKinds.get(id) === 'dict' && !boundOtherwise.has(id) && !assignedValues.has(id);
    return ['tuple', 'list', 'dictionary', 'set', 'expression_list'].includes(n.type) || hostDict || inert(n);
  };
  /** The expressions an interpolation formats: its own, and those of a nested spec (`{x:{width}}`), at any depth. */
  const interpolated = (interpolation: Node): Node[] => {
    const out: Node[] = [];
    const stack = [interpolation];
    while (stack.length) {
      for (const part of codeChildren(stack.pop()!)) {
        if (part.type === 'format_specifier') {
          for (const f of codeChildren(part)) if (f.type === 'format_expression') stack.push(f);
        } else if (part.type !== 'type_conversion') out.push(part);
      }
    }
    return out;
  };

  const simple = (n: Node | null | undefined): boolean => {
    if (!n || ++seen > MAX_NODES) return false;
    switch (n.type) {
      case 'identifier':
        return true;
      case 'attribute': {
        const attr = n.childForFieldName('attribute');
        const attrName = attr ? normalizeIdentifier(attr.text) : '';
        // A class of the file with `__getattribute__` runs it on every read.
        return !!attr && !/^__.*__$/.test(attrName) && !calls.runsOnAccess(attrName) && !runs(['__getattribute__']) && simple(n.childForFieldName('object'));
      }
      case 'subscript': {
        const value = n.childForFieldName('value');
        const keys = n.childrenForFieldName('subscript').filter((s) => s.type !== 'comment');
        if (name === '__missing__' && isReceiver(value) && !filledIn) return false;
        // The container's `__getitem__`, and the hash and equality of the key and of the keys
        // stored (a builtin key is still compared with those, which may be the file's objects).
        if ((!builtinContainer(value) && runs(['__getitem__', ...KEYED])) || dispatches(keys, KEYED)) return false;
        return simple(value) && keys.every(simple);
      }
      case 'string': {
        // Text, or an f-string of plain expressions (`f"no attribute {name!r}"`), unless formatting
        // may run a `__format__`/`__str__`/`__repr__` of another class of the file.
        const formatted = codeChildren(n).filter((c) => c.type === 'interpolation').flatMap(interpolated);
        return !dispatches(formatted, FORMATTING) && formatted.every(simple);
      }
      case 'set':
        return !dispatches(codeChildren(n), KEYED) && codeChildren(n).every(simple);
      case 'pair':
        return !dispatches([n.childForFieldName('key')], KEYED) && codeChildren(n).every(simple);
      case 'concatenated_string':
      case 'tuple':
      case 'list':
      case 'dictionary':
      case 'parenthesized_expression':
      case 'expression_list':
        return codeChildren(n).every(simple);
      case 'conditional_expression':
        // Its condition is tested for truth.
        return !dispatches([codeChildren(n)[1]], TRUTH) && codeChildren(n).every(simple);
      case 'boolean_operator':
      case 'not_operator':
        // A truth test of an object of the file runs its `__bool__`/`__len__`.
        return !dispatches(codeChildren(n), TRUTH) && codeChildren(n).every(simple);
      case 'unary_operator':
        return !dispatches(codeChildren(n), ['__neg__', '__pos__', '__invert__']) && codeChildren(n).every(simple);
      case 'comparison_operator': {
        const ops = n.childrenForFieldName('operators').map((o) => o.text.replace(/\s+/g, ' '));
        if (ops.some((op) => dispatches(codeChildren(n), OPERATOR_METHODS[op] ?? []))) return false;
        return codeChildren(n).every(simple);
      }
      case 'slice':
        return codeChildren(n).every(simple);
      case 'binary_operator': {
        // One side written out (`"_" + name`, `n + 1`): `p + p` doubles whatever `p` holds.
        const op = n.childForFieldName('operator')?.text ?? '';
        const [l, r] = [n.childForFieldName('left'), n.childForFieldName('right')];
        const literal = (x: Node | null): boolean => !!x && (x.type === 'string' || x.type === 'integer' || x.type === 'float') && x.text.length <= 40;
        // `*` only by a small number written out, of what is not a parameter (`self.celsius * 9`,
        // `"-" * 10`): `key * 10**9` or `spec * 1000` asks the host for a string as long as the
        // plugin or the host's own argument makes it (and `x = x * 2` grows, see `assignment`).
        // One such product, in what the hook returns or formats, not stored: `"x" * 100 * 100`
        // multiplies, and `tmp = self.pad * 2; self.pad = tmp` grows on every call.
        if (op === '*') {
          if (dispatches([l, r], OPERATOR_METHODS[op])) return false;
          const factorOf = (other: Node | null): boolean => !!other && !multiplies(other) && !readsPassed(other) && simple(other);
          return !storing && ((smallFactor(l) && factorOf(r)) || (smallFactor(r) && factorOf(l)));
        }
        // `-`, `/` and `//` make nothing larger than their operands; `+` and `%` need a side written out.
        if (!['+', '-', '/', '//', '%'].includes(op) || !(literal(l) || literal(r) || ['-', '/', '//'].includes(op))) return false;
        if (dispatches([l, r], OPERATOR_METHODS[op] ?? [])) return false;
        // `"%d" % x` runs `__int__`, `"%(a)s" % m` the mapping's `__getitem__`.
        if (op === '%' && l?.type === 'string' && dispatches([r], [...FORMATTING, '__int__', '__float__', '__index__', '__getitem__', 'keys'])) return false;
        return simple(l) && simple(r);
      }
      case 'call':
        return isSuperCall(n) || isContainerCall(n) || isPureCall(n) || isCopyCall(n);
      default:
        return LITERALS.has(n.type) && n.text.length <= 12;
    }
  };
  const argumentsSimple = (call: Node): boolean =>
    codeChildren(call.childForFieldName('arguments') ?? call).every((a) =>
      a.type === 'keyword_argument'
        ? simple(a.childForFieldName('value'))
        : // `*xs` iterates, `**kw` reads keys and items.
          a.type === 'list_splat' || a.type === 'dictionary_splat'
          ? !dispatches(codeChildren(a), [...ITERATION, 'keys']) && simple(codeChildren(a)[0])
          : simple(a),
    );
  /** `super().__init_subclass__(**kwargs)`, `super().__class_getitem__(item)`. */
  const isSuperCall = (call: Node): boolean => {
    const fn = call.childForFieldName('function');
    const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
    const inner = object?.type === 'call' ? object.childForFieldName('function') : null;
    // Only the same hook of the base (`super().__init_subclass__(**kw)`), of the builtin `super`.
    const method = fn?.type === 'attribute' ? normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '') : '';
    return inner?.type === 'identifier' && calls.builtinOf(inner) === 'super' && method === name && codeChildren(object!.childForFieldName('arguments') ?? object!).length === 0 && argumentsSimple(call);
  };
  /** `len(word)`, `format(self.value, spec)`, `name.replace("_", " ")`, `getattr(cls, "slug", None)`. */
  const isPureCall = (call: Node): boolean => {
    const fn = call.childForFieldName('function');
    // No callable handed in (`sorted(xs, key=hook)` runs `hook`), no keyword but `reverse`.
    const args = codeChildren(call.childForFieldName('arguments') ?? call);
    if (args.some((a) => (a.type === 'keyword_argument' && a.childForFieldName('name')?.text !== 'reverse') || calls.mayBeFunction(a.type === 'keyword_argument' ? a.childForFieldName('value')! : a))) return false;
    if (!fn || !argumentsSimple(call)) return false;
    if (fn.type === 'attribute') {
      const method = fn.childForFieldName('attribute')?.text ?? '';
      // `items.count(k)` compares `k` with each item, and each item with `k`.
      return PURE_METHODS.has(method) && !calls.definedInFile(method) && !dispatches([fn.childForFieldName('object'), ...args], METHOD_DISPATCH[method] ?? []) && simple(fn.childForFieldName('object'));
    }
    const builtin = calls.builtinOf(fn);
    // `str(x)` runs a `__str__` of the file, `sorted(xs)` the items' `__lt__`, `len(x)` a `__len__`.
    if (builtin && PURE_BUILTINS.has(builtin)) return !dispatches(args, BUILTIN_DISPATCH[builtin]);
    // A constant plain name: ordinary attribute access with a default.
    const attr = args[1];
    return (builtin === 'getattr' || builtin === 'hasattr') && attr?.type === 'string' && /^["'][A-Za-z]\w*["']$/.test(attr.text) && !calls.runsOnAccess(attr.text.slice(1, -1)) && !runs(['__getattribute__']);
  };
  /** `Config(dict(self.values))`, `type(self)(...)`, `copy.deepcopy(self.value, memo)` in a copy hook (not of `self` itself). */
  const isCopyCall = (call: Node): boolean => {
    const fn = call.childForFieldName('function');
    if (!fn || !COPY_HOOKS.has(name) || !argumentsSimple(call)) return false;
    const args = codeChildren(call.childForFieldName('arguments') ?? call);
    // A copy runs the copied object's `__new__` (and its copy or pickle hooks, judged on their own);
    // `dict(x)` iterates `x`.
    const builtin = fn.type === 'identifier' ? calls.builtinOf(fn) : undefined;
    if (runs(COPYING) || (builtin !== undefined && dispatches(args, BUILTIN_DISPATCH[builtin] ?? ITERATION))) return false;
    return (makesCopy(fn) && !isReceiver(args[0])) || isTypeOfReceiver(fn);
  };
  // A copy made by the hook's own class runs its `__init__`, which must be bookkeeping too.
  const makesCopy = (fn: Node): boolean => (calls.makesCopy(fn) || isTypeOfReceiver(fn)) && calls.ownInitIsPlain();
  /** `type(self)`: the receiver's class. */
  const isTypeOfReceiver = (fn: Node): boolean => {
    if (fn.type !== 'call') return false;
    const inner = fn.childForFieldName('function');
    const args = codeChildren(fn.childForFieldName('arguments') ?? fn);
    return !!inner && calls.builtinOf(inner) === 'type' && args.length === 1 && isReceiver(args[0]);
  };
  /** `Registry.plugins.append(cls)`, `cls.kinds.get(key, cls)`. */
  const isContainerCall = (call: Node): boolean => {
    const fn = call.childForFieldName('function');
    const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    const receiverText = fn?.type === 'attribute' ? fn.childForFieldName('object')?.text : undefined;
    // `parts.append(parts)` and the like hand the container to itself.
    const selfFed = codeChildren(call.childForFieldName('arguments') ?? call).some((a) => receiverText !== undefined && a.text.includes(receiverText));
    const args = codeChildren(call.childForFieldName('arguments') ?? call);
    return !!method && CONTAINER_METHODS.has(method) && !selfFed && !calls.definedInFile(method) && !dispatches([fn!.childForFieldName('object'), ...args.slice(0, 1)], METHOD_DISPATCH[method] ?? []) && simple(fn!.childForFieldName('object')) && argumentsSimple(call);
  };
  /**
   * An assignment target: a name, a non-dunder attribute or an item of plain expressions, or
   * several (`unpacked`: of a value whose iteration is the builtin one, a display or `divmod(...)`).
   */
  const target = (n: Node | null, unpacked: boolean): boolean => {
    if (!n) return false;
    if (n.type === 'pattern_list' || n.type === 'tuple_pattern' || n.type === 'list_pattern') return (unpacked || !runs(ITERATION)) && codeChildren(n).every((c) => target(c, false));
    // `self[key] = []` stores into the item: its object and key are read, the item is not. Once
    // `__missing__` has filled in the key, reading it back finds it.
    if (n.type === 'subscript') {
      const value = n.childForFieldName('value');
      const keys = n.childrenForFieldName('subscript').filter((k) => k.type !== 'comment');
      const ok = simple(value) && keys.every(simple) && (builtinContainer(value) || !runs(['__setitem__', ...KEYED])) && !dispatches(keys, KEYED);
      if (isReceiver(value)) filledIn = true;
      return ok;
    }
    if (n.type === 'attribute' && runs(['__setattr__'])) return false;
    return (n.type === 'identifier' || n.type === 'attribute') && simple(n);
  };
  /** A value unpacked into several names iterates as a builtin: a display, or what `divmod` gives. */
  const builtinIteration = (n: Node | null): boolean =>
    !!n && (['tuple', 'list', 'expression_list'].includes(n.type) || (n.type === 'call' && n.childForFieldName('function')?.type === 'identifier' && ['divmod', 'tuple', 'list', 'sorted'].includes(calls.builtinOf(n.childForFieldName('function')!) ?? '')));
  /** Names a copy hook bound to a copy it made (`clone = Canvas(...)`), which it may return. */
  const copies = new Set<string>();
  const assignment = (n: Node): boolean => {
    if (n.type !== 'assignment' && n.type !== 'augmented_assignment') return false;
    const right = n.childForFieldName('right');
    const left = n.childForFieldName('left');
    // A counter (`self.hits += 1`); `pad *= 2`, `n <<= 10**9` or `xs += xs` grow without bound.
    if (n.type === 'augmented_assignment') {
      const op = n.childForFieldName('operator')?.text ?? '';
      if (!(['+=', '-='].includes(op) && right?.type === 'integer')) return false;
      if (dispatches([left], op === '+=' ? ['__iadd__', '__add__', '__radd__'] : ['__isub__', '__sub__', '__rsub__'])) return false;
    }
    if (n.type === 'assignment' && left?.type === 'identifier' && right?.type === 'call' && isCopyCall(right)) copies.add(normalizeIdentifier(left.text));
    // `Cache.pad = Cache.pad + Cache.pad` (or `pad += pad`) doubles on every call; `self.count += 1`
    // and `spec = spec or "%Y"` do not.
    if (left && right && right.type !== 'assignment' && mentions(right, left.text) >= (n.type === 'augmented_assignment' ? 1 : 2)) return false;
    // `value = self[key] = []`: the right side of a chained assignment is one too.
    if (!target(n.childForFieldName('left'), builtinIteration(right))) return false;
    if (!right || right.type === 'assignment') return !right || assignment(right);
    storing = true;
    try {
      return simple(right);
    } finally {
      storing = false;
    }
  };
  const block = (n: Node | null): boolean => !!n && codeChildren(n).every(statement);
  /** Whether an expression multiplies (`"x" * 100 * 100`: a product of products). */
  const multiplies = (n: Node): boolean => {
    const stack = [n];
    while (stack.length) {
      const m = stack.pop()!;
      if (m.type === 'binary_operator' && m.childForFieldName('operator')?.text === '*') return true;
      stack.push(...codeChildren(m));
    }
    return false;
  };
  /** How many times an expression reads the target text (`x` twice in `x + x`). */
  const mentions = (n: Node, text: string): number => {
    let count = 0;
    const stack = [n];
    while (stack.length) {
      const m = stack.pop()!;
      if (m.text === text) count++;
      else stack.push(...codeChildren(m));
    }
    return count;
  };
  const statement = (s: Node): boolean => {
    if (++seen > MAX_NODES) return false;
    switch (s.type) {
      case 'pass_statement':
        return true;
      case 'expression_statement':
        return codeChildren(s).every((e) => e.type === 'string' || assignment(e) || (e.type === 'call' && simple(e)));

      case 'return_statement': {
        const values = codeChildren(s);
        // A copy hook returns a copy (`Config(...)`, `copy.deepcopy(...)`), not some other object.
        if (COPY_HOOKS.has(name)) {
          const made = values.length === 1 && values[0].type === 'call' ? values[0].childForFieldName('function') : null;
          const bound = values.length === 1 && values[0].type === 'identifier' && copies.has(normalizeIdentifier(values[0].text));
          if (!bound && (!made || !makesCopy(made))) return false;
        }
        // A pickle hook hands back the own class and plain arguments: what pickling the object's
        // fields would do anyway. `(eval, ("...",))` names something else.
        if (REDUCE_HOOKS.has(name)) {
          const returned = values.length === 1 ? unparenthesized(values[0]) : null;
          const tuple = returned?.type === 'tuple' || returned?.type === 'expression_list';
          const parts = tuple ? codeChildren(returned) : [];
          // `(copy.deepcopy, (self,))` would run the hook again, without end.
          const handsOnItself = parts[1] !== undefined && (isReceiver(parts[1]) || codeChildren(parts[1]).some(isReceiver));
          // The callable and its arguments, and at most a state dict, which pickle puts in the
          // object's `__dict__` (not through `setattr`). Later items are iterated or called by
          // pickle (list and dict items, a state setter); `type(self)` may be a subclass.
          const state = parts[2];
          const plainState = state === undefined || (state.type === 'dictionary' && simple(state));
          // Only the own class: `(dict, (self.pairs,))` runs what `self.pairs` is (its `keys()`, a generator).
          return tuple && (parts.length === 2 || parts.length === 3) && plainState && !handsOnItself && calls.isOwnClass(parts[0]) && calls.ownInitIsPlain() && simple(parts[1]);
        }
        return values.every(simple);
      }
      case 'raise_statement': {
        raises = true;
        // `raise AttributeError(name) from None`: an ordinary exception, made of plain arguments.
        // `__getattr__` may raise only AttributeError: anything else escapes the host's `hasattr`
        // and `getattr(x, name, default)`, and SystemExit from it ends the host.
        const [exc, cause] = codeChildren(s);
        const made = exc?.type === 'call' ? exc.childForFieldName('function') : exc;
        const allowed = name === '__getattr__' ? GETATTR_EXCEPTIONS : ORDINARY_EXCEPTIONS;
        const builtin = made?.type === 'identifier' ? calls.builtinOf(made) : undefined;
        return builtin !== undefined && allowed.has(builtin) && (exc!.type !== 'call' || argumentsSimple(exc!)) && (!cause || simple(cause));
      }
      case 'if_statement': {
        // Each condition is tested for truth.
        const test = (c: Node | null): boolean => !dispatches([c], TRUTH) && simple(c);
        return (
          test(s.childForFieldName('condition')) &&
          block(s.childForFieldName('consequence')) &&
          s.childrenForFieldName('alternative').every((alt) => (alt.type === 'elif_clause' ? test(alt.childForFieldName('condition')) && block(alt.childForFieldName('consequence')) : block(alt.childForFieldName('body'))))
        );
      }
      case 'try_statement':
        return codeChildren(s).every((c) => (c.type === 'block' ? block(c) : c.type === 'except_clause' || c.type === 'else_clause' || c.type === 'finally_clause' ? exceptClause(c) : false));
      default:
        return false;
    }
  };
  /** An `except KeyError:` clause (or `else:`/`finally:`) whose body is bookkeeping; a `return` in `finally` swallows what was raised. */
  const exceptClause = (c: Node): boolean =>
    !(c.type === 'finally_clause' && mentionsReturn(c)) &&
    codeChildren(c).every((part) => (part.type === 'block' ? block(part) : part.type === 'identifier' || part.type === 'tuple' || part.type === 'as_pattern' ? true : false));
  const mentionsReturn = (n: Node): boolean => n.type === 'return_statement' || codeChildren(n).some(mentionsReturn);

  return block(body) && (name !== '__getattr__' || (raises && everyReturnGuarded(body, parameters[isMethod ? 1 : 0])));
}

/**
 * A `__getattr__` serves some names and refuses the rest: each `return` sits under a test of the
 * name (`if name in FIELDS:`, `if name == "TZPATH":`) or in a `try` whose handler catches the
 * lookup's `KeyError` (`try: return self.values[name]` / `except KeyError: raise AttributeError`).
 * A `return` reached whatever the name answers every lookup the host makes.
 */
function everyReturnGuarded(body: Node, nameParameter: Node | undefined): boolean {
  if (nameParameter?.type !== 'identifier') return false;
  const param = normalizeIdentifier(nameParameter.text);
  const isName = (n: Node | null | undefined): boolean => n?.type === 'identifier' && normalizeIdentifier(n.text) === param;
  // A test that lets only some names through: `name in FIELDS`, `name == "TZPATH"`, `name.startswith("do_")`.
  const readsName = (n: Node | null): boolean => {
    if (!n) return false;
    if (n.type === 'comparison_operator') {
      const ops = n.childrenForFieldName('operators').map((o) => o.text.replace(/\s+/g, ' '));
      const [a, b] = codeChildren(n);
      return ops.length === 1 && ((ops[0] === 'in' && isName(a)) || (ops[0] === '==' && (isName(a) ? b?.type === 'string' : isName(b) && a?.type === 'string')));
    }
    if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      const arg = codeChildren(n.childForFieldName('arguments') ?? n)[0];
      return fn?.type === 'attribute' && ['startswith', 'endswith'].includes(fn.childForFieldName('attribute')?.text ?? '') && isName(fn.childForFieldName('object')) && arg?.type === 'string' && arg.text.length > 2;
    }
    if (n.type === 'boolean_operator' && n.childForFieldName('operator')?.text === 'and') return readsName(n.childForFieldName('left')) || readsName(n.childForFieldName('right'));
    if (n.type === 'parenthesized_expression') return readsName(codeChildren(n)[0] ?? null);
    return false;
  };
  // `try: return self.values[name]` / `except KeyError: raise AttributeError(name)`: every return of the try is an item under the name.
  const catchesLookup = (t: Node): boolean => {
    const tryBody = t.childForFieldName('body');
    const returns: Node[] = [];
    const stack: Node[] = tryBody ? [tryBody] : [];
    while (stack.length) {
      const m = stack.pop()!;
      if (m.type === 'return_statement') returns.push(m);
      else stack.push(...codeChildren(m));
    }
    const itemByName = (r: Node): boolean => {
      const v = codeChildren(r)[0];
      const keys = v?.type === 'subscript' ? v.childrenForFieldName('subscript').filter((c) => c.type !== 'comment') : [];
      return keys.length === 1 && isName(keys[0]);
    };
    return returns.length > 0 && returns.every(itemByName) && codeChildren(t).some((c) => c.type === 'except_clause' && /\b(KeyError|LookupError)\b/.test(codeChildren(c).find((x) => x.type !== 'block')?.text ?? ''));
  };
  const stack: { n: Node; guarded: boolean }[] = [{ n: body, guarded: false }];
  while (stack.length) {
    const { n, guarded } = stack.pop()!;
    if (n.type === 'return_statement' && !guarded) return false;
    if (n.type === 'if_statement' || n.type === 'elif_clause') {
      // The branch taken when the name passes the test; an `else` runs for the other names.
      const byName = readsName(n.childForFieldName('condition'));
      for (const c of codeChildren(n)) stack.push({ n: c, guarded: guarded || (byName && c.id === n.childForFieldName('consequence')?.id) });
      continue;
    }
    if (n.type === 'try_statement') {
      const byLookup = catchesLookup(n);
      for (const c of codeChildren(n)) stack.push({ n: c, guarded: guarded || (byLookup && c.type === 'block') });
      continue;
    }
    for (const c of codeChildren(n)) stack.push({ n: c, guarded });
  }
  return true;
}
