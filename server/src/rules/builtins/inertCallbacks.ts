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
export const BOOKKEEPING_CALLBACKS = new Set(['__init_subclass__', '__set_name__', '__class_getitem__', '__missing__', '__getattr__', '__copy__', '__deepcopy__']);

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
export function isBookkeeping(def: Node, name: string, makesCopy: (callee: Node) => boolean = () => false): boolean {
  const body = def.childForFieldName('body');
  if (!body) return false;
  let seen = 0;
  let raises = false;

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
      case 'binary_operator':
        return ['+', '-', '*', '/', '//', '%'].includes(n.childForFieldName('operator')?.text ?? '') && simple(n.childForFieldName('left')) && simple(n.childForFieldName('right'));
      case 'call': {
        if (isSuperCall(n) || isContainerCall(n)) return true;
        // `Config(dict(self.values))` in `__copy__`: a class of the file, or `copy.copy`/`deepcopy`.
        const fn = n.childForFieldName('function');
        return !!fn && COPY_HOOKS.has(name) && makesCopy(fn) && argumentsSimple(n);
      }
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
    return (n.type === 'identifier' || n.type === 'attribute' || n.type === 'subscript') && simple(n);
  };
  const assignment = (n: Node): boolean => {
    if (n.type !== 'assignment' && n.type !== 'augmented_assignment') return false;
    const right = n.childForFieldName('right');
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
        return codeChildren(s).every((e) => e.type === 'string' || assignment(e) || (e.type === 'call' && (isSuperCall(e) || isContainerCall(e))));
      case 'return_statement': {
        const values = codeChildren(s);
        // A copy hook returns a copy (`Config(...)`, `copy.deepcopy(...)`), not some other object.
        if (COPY_HOOKS.has(name)) {
          const made = values.length === 1 && values[0].type === 'call' ? values[0].childForFieldName('function') : null;
          if (!made || !makesCopy(made)) return false;
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
