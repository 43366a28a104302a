import type { Node } from '../../parser';
import { normalizeIdentifier } from '../../semantics';
import { codeChildren } from '../../semantics/syntax';

/**
 * Host callbacks whose usual bodies are bookkeeping: a registry filled by `__init_subclass__`,
 * a descriptor's `__set_name__` storing its name, a `__missing__` that fills in a default, a
 * `__getattr__` serving a dict and refusing other names. Such a body does nothing the host must
 * fear when it runs — it only reads and stores the plugin's own values — so PC403 leaves the
 * definition alone; a body that calls anything else, or computes more than plain arithmetic,
 * is reported as before (and what it calls is reported by its own rule).
 */
export const BOOKKEEPING_CALLBACKS = new Set(['__init_subclass__', '__set_name__', '__class_getitem__', '__missing__', '__getattr__', '__copy__', '__deepcopy__', '__format__', '__getstate__', '__setstate__']);

/** What a body's calls denote, for `isBookkeeping` (the rule answers from the resolver). */
export interface BookkeepingCalls {
  /** The builtin a callee denotes (`len` for `len`), if it denotes one. */
  builtinOf(callee: Node): string | undefined;
  /** Whether a callee makes a copy: a class of the file, `copy.copy`/`copy.deepcopy`, `dict`, `list`, ... */
  makesCopy(callee: Node): boolean;
}

/** Builtins that compute a value from their arguments and nothing else. */
const PURE_BUILTINS = new Set([
  'len', 'str', 'int', 'float', 'bool', 'isinstance', 'issubclass', 'format', 'sorted', 'min', 'max', 'abs', 'round', 'divmod',
  'sum', 'any', 'all', 'tuple', 'list', 'dict', 'set', 'frozenset', 'repr', 'enumerate', 'zip', 'reversed',
]);

/** Methods of strings and the plugin's own containers that compute or store, and call nothing else. */
const PURE_METHODS = new Set([
  'replace', 'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'title', 'capitalize', 'casefold', 'startswith', 'endswith',
  'isidentifier', 'isdigit', 'isalpha', 'isalnum', 'isupper', 'islower', 'split', 'rsplit', 'partition', 'rpartition',
  'items', 'keys', 'values', 'copy', 'sort', 'index', 'count', 'pop', 'remove', 'clear', 'strftime', 'isoformat',
]);

/** Hooks whose every `return` must hand back a copy. */
const COPY_HOOKS = new Set(['__copy__', '__deepcopy__']);

/** Nodes a body is read for at most: longer ones are not bookkeeping. */
const MAX_NODES = 300;

/** Methods that only store into or read the plugin's own containers. */
const CONTAINER_METHODS = new Set(['append', 'add', 'setdefault', 'update', 'extend', 'get', 'discard', 'insert']);

/** Exceptions a bookkeeping body may raise: ordinary errors the host expects from a lookup. */
const ORDINARY_EXCEPTIONS = new Set(['AttributeError', 'KeyError', 'LookupError', 'IndexError', 'TypeError', 'ValueError', 'NotImplementedError']);
const GETATTR_EXCEPTIONS = new Set(['AttributeError']);

const LITERALS = new Set(['integer', 'float', 'true', 'false', 'none', 'ellipsis']);

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
  let raises = false;
  // The object the hook runs on (`self`, `cls`): a read of `self[key]` in `__missing__`, or a copy of
  // `self` in a copy hook, runs the hook again, without end.
  const firstParameter = codeChildren(def.childForFieldName('parameters') ?? def)[0];
  const receiver = firstParameter?.type === 'identifier' ? normalizeIdentifier(firstParameter.text) : undefined;
  const isReceiver = (n: Node | null | undefined): boolean => n?.type === 'identifier' && normalizeIdentifier(n.text) === receiver;
  /** Whether a statement before has stored into `self[...]` (in `__missing__`, the key it fills in). */
  let filledIn = false;

  const simple = (n: Node | null | undefined): boolean => {
    if (!n || ++seen > MAX_NODES) return false;
    switch (n.type) {
      case 'identifier':
        return true;
      case 'attribute': {
        const attr = n.childForFieldName('attribute');
        return !!attr && !/^__.*__$/.test(normalizeIdentifier(attr.text)) && simple(n.childForFieldName('object'));
      }
      case 'subscript':
        if (name === '__missing__' && isReceiver(n.childForFieldName('value')) && !filledIn) return false;
        return simple(n.childForFieldName('value')) && n.childrenForFieldName('subscript').every((s) => s.type === 'comment' || simple(s));
      case 'string':
        // Text, or an f-string of plain expressions (`f"no attribute {name!r}"`).
        return codeChildren(n).every((c) => c.type !== 'interpolation' || simple(c.childForFieldName('expression')));
      case 'concatenated_string':
      case 'tuple':
      case 'list':
      case 'set':
      case 'dictionary':
      case 'parenthesized_expression':
      case 'expression_list':
      case 'comparison_operator':
      case 'boolean_operator':
      case 'not_operator':
      case 'unary_operator':
      case 'conditional_expression':
      case 'pair':
        return codeChildren(n).every(simple);
      case 'binary_operator': {
        // A `__format__` repeating text (`spec * 1000`) multiplies what the host asked for.
        const op = n.childForFieldName('operator')?.text ?? '';
        return ['+', '-', '*', '/', '//', '%'].includes(op) && !(op === '*' && name === '__format__') && simple(n.childForFieldName('left')) && simple(n.childForFieldName('right'));
      }
      case 'lambda':
        // `sort(key=lambda h: h.priority)`.
        return simple(n.childForFieldName('body'));
      case 'call':
        return isSuperCall(n) || isContainerCall(n) || isPureCall(n) || isCopyCall(n);
      default:
        return LITERALS.has(n.type) && n.text.length <= 12;
    }
  };
  const argumentsSimple = (call: Node): boolean =>
    codeChildren(call.childForFieldName('arguments') ?? call).every((a) =>
      a.type === 'keyword_argument' ? simple(a.childForFieldName('value')) : a.type === 'list_splat' || a.type === 'dictionary_splat' ? simple(codeChildren(a)[0]) : simple(a),
    );
  /** `super().__init_subclass__(**kwargs)`, `super().__class_getitem__(item)`. */
  const isSuperCall = (call: Node): boolean => {
    const fn = call.childForFieldName('function');
    const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
    const inner = object?.type === 'call' ? object.childForFieldName('function') : null;
    return inner?.type === 'identifier' && inner.text === 'super' && codeChildren(object!.childForFieldName('arguments') ?? object!).length === 0 && argumentsSimple(call);
  };
  /** `len(word)`, `format(self.value, spec)`, `name.replace("_", " ")`, `getattr(cls, "slug", None)`. */
  const isPureCall = (call: Node): boolean => {
    const fn = call.childForFieldName('function');
    if (!fn || !argumentsSimple(call)) return false;
    if (fn.type === 'attribute') return PURE_METHODS.has(fn.childForFieldName('attribute')?.text ?? '') && simple(fn.childForFieldName('object'));
    const builtin = calls.builtinOf(fn);
    if (builtin && PURE_BUILTINS.has(builtin)) return true;
    // A constant plain name: ordinary attribute access with a default.
    const attr = codeChildren(call.childForFieldName('arguments') ?? call)[1];
    return (builtin === 'getattr' || builtin === 'hasattr') && attr?.type === 'string' && /^["'][A-Za-z]\w*["']$/.test(attr.text);
  };
  /** `Config(dict(self.values))`, `type(self)(...)`, `copy.deepcopy(self.value, memo)` in a copy hook (not of `self` itself). */
  const isCopyCall = (call: Node): boolean => {
    const fn = call.childForFieldName('function');
    if (!fn || !COPY_HOOKS.has(name) || !argumentsSimple(call)) return false;
    const copied = codeChildren(call.childForFieldName('arguments') ?? call)[0];
    return (makesCopy(fn) && !isReceiver(copied)) || isTypeOfReceiver(fn);
  };
  const makesCopy = (fn: Node): boolean => calls.makesCopy(fn) || isTypeOfReceiver(fn);
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
    return !!method && CONTAINER_METHODS.has(method) && simple(fn!.childForFieldName('object')) && argumentsSimple(call);
  };
  /** An assignment target: a name, a non-dunder attribute or an item of plain expressions, or several. */
  const target = (n: Node | null): boolean => {
    if (!n) return false;
    if (n.type === 'pattern_list' || n.type === 'tuple_pattern' || n.type === 'list_pattern') return codeChildren(n).every(target);
    // `self[key] = []` stores into the item: its object and key are read, the item is not. Once
    // `__missing__` has filled in the key, reading it back finds it.
    if (n.type === 'subscript') {
      const ok = simple(n.childForFieldName('value')) && n.childrenForFieldName('subscript').every((k) => k.type === 'comment' || simple(k));
      if (isReceiver(n.childForFieldName('value'))) filledIn = true;
      return ok;
    }
    return (n.type === 'identifier' || n.type === 'attribute') && simple(n);
  };
  /** Names a copy hook bound to a copy it made (`clone = Canvas(...)`), which it may return. */
  const copies = new Set<string>();
  const assignment = (n: Node): boolean => {
    if (n.type !== 'assignment' && n.type !== 'augmented_assignment') return false;
    const right = n.childForFieldName('right');
    const left = n.childForFieldName('left');
    if (n.type === 'assignment' && left?.type === 'identifier' && right?.type === 'call' && isCopyCall(right)) copies.add(normalizeIdentifier(left.text));
    // `value = self[key] = []`: the right side of a chained assignment is one too.
    return target(n.childForFieldName('left')) && (!right || assignment(right) || simple(right));
  };
  const block = (n: Node | null): boolean => !!n && codeChildren(n).every(statement);
  const statement = (s: Node): boolean => {
    if (++seen > MAX_NODES) return false;
    switch (s.type) {
      case 'pass_statement':
        return true;
      case 'expression_statement':
        return codeChildren(s).every((e) => e.type === 'string' || assignment(e) || (e.type === 'call' && simple(e)));
      case 'for_statement':
        // `for base in (Model.defaults, cls.defaults): merged.update(base)`.
        return !s.childForFieldName('alternative') && target(s.childForFieldName('left')) && simple(s.childForFieldName('right')) && block(s.childForFieldName('body'));
      case 'return_statement': {
        const values = codeChildren(s);
        // A copy hook returns a copy (`Config(...)`, `copy.deepcopy(...)`), not some other object.
        if (COPY_HOOKS.has(name)) {
          const made = values.length === 1 && values[0].type === 'call' ? values[0].childForFieldName('function') : null;
          const bound = values.length === 1 && values[0].type === 'identifier' && copies.has(normalizeIdentifier(values[0].text));
          if (!bound && (!made || !makesCopy(made))) return false;
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
        return made?.type === 'identifier' && allowed.has(made.text) && (exc!.type !== 'call' || argumentsSimple(exc!)) && (!cause || simple(cause));
      }
      case 'if_statement':
        return (
          simple(s.childForFieldName('condition')) &&
          block(s.childForFieldName('consequence')) &&
          s.childrenForFieldName('alternative').every((alt) => (alt.type === 'elif_clause' ? simple(alt.childForFieldName('condition')) && block(alt.childForFieldName('consequence')) : block(alt.childForFieldName('body'))))
        );
      case 'try_statement':
        return codeChildren(s).every((c) => (c.type === 'block' ? block(c) : c.type === 'except_clause' || c.type === 'else_clause' || c.type === 'finally_clause' ? exceptClause(c) : false));
      default:
        return false;
    }
  };
  /** An `except KeyError:` clause (or `else:`/`finally:`) whose body is bookkeeping. */
  const exceptClause = (c: Node): boolean =>
    codeChildren(c).every((part) => (part.type === 'block' ? block(part) : part.type === 'identifier' || part.type === 'tuple' || part.type === 'as_pattern' ? true : false));

  return block(body) && (name !== '__getattr__' || raises);
}
