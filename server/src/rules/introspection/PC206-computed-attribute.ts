import type { Node } from '../../parser';
import { identifierName, normalizeIdentifier } from '../../semantics';
import { callOf, keywordArgument, positionalArguments } from '../../semantics/syntax';
import type { Report, Rule, RuleContext } from '../types';
import { attributeVerdict, INTERNAL_ATTRIBUTES } from '../shared/attributes';
import { describeAs } from '../shared/denotations';
import { loneBindingOf } from '../shared/loneBinding';
import { EVENT_LOOP_METHODS, NATIVE_ATTRIBUTES, PANDAS_WRITERS, PATH_WRITERS } from '../boundary/hostCapabilities';

/**
 * Callables that read or write an attribute named by a string; the index of that string.
 * `hasattr` is not one: it hands back a bool, never the attribute (`hasattr(x, "__iter__")`).
 */
const NAME_ARGUMENT: Record<string, number> = {
  'builtins.getattr': 1,
  'builtins.setattr': 1,
  'builtins.delattr': 1,
  'builtins.object.__getattribute__': 1,
  'builtins.object.__setattr__': 1,
  'builtins.object.__delattr__': 1,
  'builtins.type.__getattribute__': 1,
  'inspect.getattr_static': 1,
};
/** Factories whose first argument names attributes (dotted paths for attrgetter). */
const NAME_FACTORIES = new Set(['operator.attrgetter', 'operator.methodcaller']);

/**
 * Functions that copy attributes by name from one function to another (`setattr(wrapper, a,
 * getattr(wrapped, a))` for each name): where their `assigned` and `updated` arguments are
 * (positional index, keyword), and the names they copy by default, which are what they are for.
 */
const ATTRIBUTE_COPIERS: Record<string, { at: number; keyword: string }[]> = {
  'functools.update_wrapper': [{ at: 2, keyword: 'assigned' }, { at: 3, keyword: 'updated' }],
  'functools.wraps': [{ at: 1, keyword: 'assigned' }, { at: 2, keyword: 'updated' }],
};
const WRAPPER_DEFAULTS = new Set(['__module__', '__name__', '__qualname__', '__doc__', '__annotations__', '__type_params__', '__dict__']);
const WRAPPER_CONSTANTS = new Set(['functools.WRAPPER_ASSIGNMENTS', 'functools.WRAPPER_UPDATES']);

/** The builtins whose name argument may be a safe prefix followed by anything (not dotted `attrgetter`). */
const PREFIX_CALLS = new Set(['builtins.getattr', 'builtins.setattr', 'builtins.delattr']);

/** Attribute names rules watch on objects of any kind: a prefix of one of them is no guarantee. */
const WATCHED_ATTRIBUTES = [...INTERNAL_ATTRIBUTES, ...Object.keys(PANDAS_WRITERS), ...Object.keys(EVENT_LOOP_METHODS), ...PATH_WRITERS, ...NATIVE_ATTRIBUTES];

/**
 * The constant text every value of a name expression starts with: the leading literal of an
 * f-string (`f"visit_{kind}"`), of `"do_" + cmd`, `"on_%s" % event` or `"get_{}".format(field)`,
 * through a variable bound once (`method = "visit_" + kind`).
 */
function literalPrefix(context: RuleContext, node: Node, depth = 0): string | undefined {
  if (depth > 4) return undefined;
  switch (node.type) {
    case 'parenthesized_expression': {
      const inner = node.namedChildren.find((c) => c && c.type !== 'comment');
      return inner ? literalPrefix(context, inner, depth + 1) : undefined;
    }
    case 'identifier': {
      const bindings = context.semantics.bindingsOf(node);
      const value = bindings.length === 1 && bindings[0].kind === 'assign' ? bindings[0].value : undefined;
      return value ? literalPrefix(context, value, depth + 1) : undefined;
    }
    case 'string': {
      const start = node.namedChildren[0];
      if (start?.type !== 'string_start' || !/f/i.test(start.text) || /b/i.test(start.text)) return undefined;
      let prefix = '';
      for (const c of node.namedChildren.slice(1)) {
        if (c?.type !== 'string_content') break;
        const cut = c.text.search(/[\\{}]/);
        if (cut >= 0) return prefix + c.text.slice(0, cut);
        prefix += c.text;
      }
      return prefix;
    }
    case 'binary_operator': {
      const op = node.childForFieldName('operator')?.text;
      const left = node.childForFieldName('left');
      const text = left ? context.semantics.foldString(left) : undefined;
      if (op === '+') return text ?? (left ? literalPrefix(context, left, depth + 1) : undefined);
      return op === '%' && text !== undefined ? text.slice(0, text.search(/%|$/)) : undefined;
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      const object = fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format' ? fn.childForFieldName('object') : null;
      const text = object ? context.semantics.foldString(object) : undefined;
      return text?.slice(0, text.search(/[{}]|$/));
    }
    default:
      return undefined;
  }
}

/**
 * `getattr(self, f"visit_{kind}")` on an instance or class of this file: whatever follows, the
 * name starts with a plain letter prefix that starts no dunder, private or watched name, and the
 * object is the plugin's own (not a module, whose attributes can be modules; not a function,
 * whose attributes hold its globals).
 */
function isSafePrefixAccess(context: RuleContext, q: string, object: Node | undefined, name: Node | undefined): boolean {
  if (!PREFIX_CALLS.has(q) || !object || !name) return false;
  const prefix = literalPrefix(context, name);
  if (!prefix || !/^[A-Za-z]/.test(prefix) || WATCHED_ATTRIBUTES.some((w) => w.startsWith(prefix))) return false;
  const values = context.semantics.resolve(object);
  return values.length > 0 && values.every((v) => v.kind === 'instance' || v.kind === 'class');
}

/** Annotated names (`x: int`, `y: str = ""`) of a class body and its bases, all classes of this file (or `object`). */
function annotatedNames(context: RuleContext, cls: Node, depth: number, out: Set<string>): boolean {
  if (depth > 8) return false;
  for (const b of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (!b || b.type === 'comment') continue;
    if (b.type === 'keyword_argument') return false;
    if (context.semantics.qualifiedNames(b).includes('builtins.object')) continue;
    const values = context.semantics.resolve(b);
    if (!values.length || !values.every((v) => v.kind === 'class' && annotatedNames(context, v.node, depth + 1, out))) return false;
  }
  for (const s of cls.childForFieldName('body')?.namedChildren ?? []) {
    const a = s?.type === 'expression_statement' ? s.namedChildren[0] : null;
    const left = a?.type === 'assignment' && a.childForFieldName('type') ? a.childForFieldName('left') : null;
    if (left?.type === 'identifier') out.add(normalizeIdentifier(left.text));
  }
  return true;
}

/**
 * `getattr(self, f.name) for f in dataclasses.fields(self)`: `f` is bound once, to the fields of
 * classes or instances of this file, whose names are the annotated names of the class bodies
 * (a superset: `ClassVar`s are left out by `fields`). Undefined when anything else takes part
 * (a base class of unknown fields, an object of unknown class).
 */
function dataclassFieldNames(context: RuleContext, arg: Node): string[] | undefined {
  const object = arg.type === 'attribute' && normalizeIdentifier(arg.childForFieldName('attribute')?.text ?? '') === 'name' ? arg.childForFieldName('object') : null;
  if (object?.type !== 'identifier') return undefined;
  const bindings = context.semantics.bindingsOf(object);
  const source = bindings.length === 1 && !bindings[0].subjectPath?.length ? bindings[0].elementOf : undefined;
  const callee = source?.type === 'call' ? source.childForFieldName('function') : null;
  const names = callee ? context.semantics.qualifiedNames(callee) : [];
  if (!names.length || !names.every((q) => q === 'dataclasses.fields')) return undefined;
  const target = positionalArguments(source!)[0];
  const values = target ? context.semantics.resolve(target) : [];
  const out = new Set<string>();
  if (!values.length || !values.every((v) => (v.kind === 'class' || v.kind === 'instance') && annotatedNames(context, v.node, 0, out))) return undefined;
  return [...out];
}

function shortName(q: string): string {
  return q.replace(/^builtins\./, '');
}

/**
 * `reduce(getattr, ["name", "email"], user)` and `map(getattr, [user], ["name"])` spell plain
 * attribute reads long-hand when every name folds to an allowed attribute and no object is a
 * module (whose attributes can be modules: `map(getattr, [warnings], ["sys"])`).
 */
function isPlainGetattrHigherOrder(context: RuleContext, node: Node): boolean {
  const args = node.parent?.type === 'argument_list' ? node.parent : null;
  const call = args?.parent;
  if (!args || call?.type !== 'call') return false;
  const fn = call.childForFieldName('function');
  const positional = positionalArguments(call);
  if (!fn || positional[0]?.id !== node.id || positional.length !== 3) return false;
  const callee = context.semantics.qualifiedNames(fn);
  const isReduce = callee.includes('functools.reduce') || callee.includes('builtins.reduce');
  if (!isReduce && !callee.includes('builtins.map')) return false;
  const [, first, second] = positional;
  const names = context.semantics.fold(isReduce ? first : second);
  if (names?.t !== 'seq' || !names.items.length) return false;
  for (const item of names.items) {
    if (item.t !== 'str' || attributeVerdict(context.policy, normalizeIdentifier(item.v)).forbidden) return false;
  }
  const objects = isReduce ? [second] : first.type === 'list' || first.type === 'tuple' ? first.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') : null;
  // An unknown global resolves to `builtins.<name>`; only the module `builtins` itself is one.
  return !!objects && objects.every((o) => o.type !== 'list_splat' && context.semantics.qualifiedNames(o).every((q) => q.startsWith('builtins.')));
}

/** `functools.partial(getattr, obj, name)` (or setattr/delattr with their name): the builtin given with its name bound. */
function isPartialWithName(context: RuleContext, node: Node): boolean {
  const call = node.parent?.type === 'argument_list' ? node.parent.parent : null;
  const fn = call?.type === 'call' ? call.childForFieldName('function') : null;
  if (!fn || !context.semantics.qualifiedNames(fn).includes('functools.partial')) return false;
  const positional = positionalArguments(call!);
  if (positional[0]?.id !== node.id || positional.length < 3 || positional.some((a) => a.type === 'list_splat')) return false;
  // Only called: `partial(getattr, o, n)()`, or bound to a name that is only ever called. Its
  // `.func` is `getattr` itself, to be called with any name.
  const holder = call!.parent;
  if (holder?.type === 'call' && holder.childForFieldName('function')?.id === call!.id) return true;
  const name = holder?.type === 'assignment' && holder.childForFieldName('right')?.id === call!.id ? holder.childForFieldName('left') : null;
  if (name?.type !== 'identifier' || context.semantics.bindingsOf(name).length !== 1) return false;
  const uses = context.semantics.identifiersNamed(name);
  return !!uses && uses.every((u) => u.id === name.id || (u.parent?.type === 'call' && u.parent.childForFieldName('function')?.id === u.id));
}

/**
 * `ga = getattr` bound once in a function, alone, to a name every other identifier so spelled in
 * the file calls with a constant plain name the policy allows (`ga(x, "real")`): ordinary
 * attribute access spelled long-hand, as the same calls of `getattr` itself are. Not at module
 * level: a string anywhere in the file can name a global where no identifier does (`x: "ga"`,
 * which `typing.get_type_hints` evaluates), and no string reaches a function's locals so. An alias
 * with any other use (a computed or forbidden name, handed on) is reported where it is made.
 */
function isAliasOnlyCalled(context: RuleContext, node: Node): boolean {
  const bound = loneBindingOf(context, node);
  if (bound?.binding.scope.kind !== 'function') return false;
  const uses = context.semantics.identifiersNamed(bound.name);
  return !!uses && uses.length > 1 && uses.every((u) => {
    if (u.id === bound.name.id) return true;
    const call = u.parent?.type === 'call' && u.parent.childForFieldName('function')?.id === u.id ? u.parent : null;
    const attribute = call ? positionalArguments(call)[1] : undefined;
    const names = attribute ? context.semantics.foldStrings(attribute) : undefined;
    return !!names && names.every((n) => !attributeVerdict(context.policy, normalizeIdentifier(n)).forbidden);
  });
}

export const computedAttribute: Rule = {
  meta: {
    code: 'PC206',
    name: 'computed-attribute',
    summary: 'Attribute access by a computed name: `getattr`, `setattr`, `attrgetter`, `vars(x)[...]`',
    defaultSeverity: 'error',
    docs: {
      what: [
        '- **What is checked**: every `getattr`/`setattr`/`delattr`, `object.__getattribute__`, `operator.attrgetter` (each name) and `methodcaller`, and `vars(x)[...]`, through any alias (also `functools.partial(operator.attrgetter, "...")`); `functools.update_wrapper`/`wraps` given names to copy beyond their defaults (a wrapper can take another function\'s `__code__`); the names a class body puts in `__match_args__`, which `case K(x)` reads (not `hasattr`, which hands back only a bool).',
        '- **A name that folds** (through `+`, `%`, `join`, slicing, `chr`, comprehensions and `map` over constant codes, `bytes(...).decode()`, escapes, `\\N{...}`, rot13, and the statements before the read run in order: `name += seg` in a `for` over constants, a list built by `append`) is reported when the attribute is forbidden; a constant plain name (`getattr(o, "name", None)`) is ordinary attribute access. A name that may be several strings (`for n in NAMES`) is tried with each.',
        '- **A name confined by a membership guard** on the way to the read (`if name not in ALLOWED: raise ...`, or inside `if name in ALLOWED:`) stands for the members of that tuple, `frozenset`, or list, set or dict display bound to a name only ever read, when all are constant strings and nothing rebinds the name after the guard — not in a file that names `__eq__`, `__hash__`, `__setattr__` or `metaclass` or makes classes at run time (a `str` subclass with its own equality passes any membership test). `f.name` for `f` in `dataclasses.fields(x)` of a dataclass of the file stands for its annotated names.',
        '- **A name that does not fold** (a parameter, a `str` subclass, input) cannot be verified and is reported — unless the object is an instance or class of the file and the name starts with a constant plain prefix that begins no dunder, private or watched name (`getattr(self, "visit_" + kind)`, `f"handle_{verb}"`).',
        '- **`getattr` as a value** (`reduce(getattr, ...)`, `map(getattr, ...)`, `g = getattr`) is reported too, except an alias bound once in a function that every other use calls with a constant plain name the policy allows (`ga = getattr` then `ga(x, "real")`), and a `reduce`/`map` whose names all fold to allowed plain attributes of objects that are not modules (`reduce(getattr, ["profile", "name"], user)`). `functools.partial(getattr, obj, name)` is judged by the name it binds.',
      ].join('\n'),
      why: 'This is how every blacklist in the seeds fell: `getattr(x, "svyr".decode("rot13"))`, `getattr(x, "__ssalc__"[::-1])`, `getattr(x, "_" * 2 + "globals" + "_" * 2)`. A name check on the string is beaten by a `str` subclass whose `startswith` lies (RestrictedPython #72). Only a constant name can be checked.',
      example: 'cls = getattr(x, "__ssalc__"[::-1])\nattr = bytes([95, 95, 99, 108, 97, 115, 115, 95, 95]).decode()\ncls = getattr((), attr)',
      instead: 'Write the attribute access out: `obj.name`. To choose between a few attributes, use an explicit `if`/`dict` of functions.',
      fixSafety: 'No fix. PC206 does not report a constant plain allowed name; for one, the editor offers a refactoring (not a fix): `getattr(o, "name")` → `o.name` (and `setattr`/`delattr` in statement position).',
    },
  },
  create(context: RuleContext) {
    const { policy, semantics } = context;

    const judgeNames = (node: Node, fn: string, names: string[] | undefined, dotted: boolean, related?: Report['related'], verb = 'reads'): void => {
      if (!names) {
        context.report({ node, message: `${fn} with a computed attribute name that cannot be verified; not allowed by policy '${policy.name}'`, related });
        return;
      }
      for (const full of names) {
        for (const raw of dotted ? full.split('.') : [full]) {
          const name = normalizeIdentifier(raw);
          const verdict = attributeVerdict(policy, name);
          if (verdict.forbidden) {
            context.report({ node, message: `${fn} ${verb} '${name}' (${verdict.reason}); not allowed by policy '${policy.name}'`, related });
            return;
          }
        }
      }
      // A constant, plain, allowed name is ordinary attribute access spelled long-hand: not a finding.
    };

    return {
      call(node) {
        const fn = node.childForFieldName('function');
        if (!fn) return;
        const args = positionalArguments(node);
        // `functools.partial(operator.attrgetter, "__class__")`: the name is bound one place later.
        if (semantics.qualifiedNames(fn).includes('functools.partial') && args[0]) {
          for (const bound of semantics.qnameValues(args[0])) {
            const at = NAME_FACTORIES.has(bound.name) ? 0 : NAME_ARGUMENT[bound.name];
            const arg = at === undefined ? undefined : args[at + 1];
            if (!arg) continue;
            const shown = describeAs(NAME_FACTORIES.has(bound.name) ? bound.name : shortName(bound.name), args[0]);
            judgeNames(node, shown, semantics.foldStrings(arg), bound.name === 'operator.attrgetter');
            return;
          }
        }
        for (const value of semantics.qnameValues(fn)) {
          const copier = ATTRIBUTE_COPIERS[value.name];
          if (copier === undefined) continue;
          // `functools.wraps(payload, assigned=("__code__",))`: the wrapper gets the code of another function.
          for (const { at, keyword } of copier) {
            const arg = keywordArgument(node, keyword) ?? args[at];
            if (!arg || semantics.qualifiedNames(arg).some((q) => WRAPPER_CONSTANTS.has(q))) continue;
            const folded = semantics.fold(arg);
            const names = folded?.t === 'seq' && folded.items.every((i) => i.t === 'str') ? folded.items.map((i) => (i.t === 'str' ? i.v : '')) : undefined;
            const copied = names?.filter((n) => !WRAPPER_DEFAULTS.has(normalizeIdentifier(n)));
            if (copied?.length === 0) continue;
            judgeNames(node, describeAs(value.name, fn), copied, false, undefined, 'copies');
            return;
          }
          return;
        }
        // `pi = partial(getattr, math, "pi")` then `pi()`: the arguments the partial bound come first.
        const bound = fn.type === 'identifier' ? semantics.partialArguments(fn) : [];
        const passed = bound.length ? [...bound, ...args] : args;
        for (const value of semantics.qnameValues(fn)) {
          const q = value.name;
          const index = NAME_ARGUMENT[q];
          const factory = NAME_FACTORIES.has(q);
          if (index === undefined && !factory) continue;
          // `g = getattr` ... `g(x, '__class__')`: the finding is on the call, the reviewer also needs the binding.
          const related = value.alias && fn.type === 'identifier' && value.alias.id !== fn.id
            ? [{ range: context.rangeOf(value.alias), message: `'${fn.text}' is bound here` }]
            : undefined;
          const arg = passed[index ?? 0];
          if (!factory && isSafePrefixAccess(context, q, passed[0], arg)) return;
          const namesOf = (a: Node): string[] | undefined => semantics.foldStrings(a) ?? dataclassFieldNames(context, a);
          // `attrgetter("real", "__cl" + "ass__")`: every name it is given is read.
          const names = q === 'operator.attrgetter' && passed.length > 1
            ? passed.map(namesOf).reduce<string[] | undefined>((all, n) => (all && n ? [...all, ...n] : undefined), [])
            : arg ? namesOf(arg) : undefined;
          judgeNames(node, describeAs(factory ? q : shortName(q), fn), names, q === 'operator.attrgetter', related);
          return;
        }
      },
      identifier(node) {
        // `getattr` used as a value: `reduce(getattr, names, obj)`, `map(getattr, ...)`, `g = getattr`.
        // Only an unbound name can be the builtin here, and an unbound name denotes no builtin
        // but its own: any other name is out without resolving it (definitions, parameters and
        // targets are asked about by no other rule).
        const own = identifierName(node);
        if (own !== 'getattr' && own !== 'setattr' && own !== 'delattr') return;
        if (callOf(node)) return;
        const p = node.parent;
        if (p?.type === 'attribute' && p.childForFieldName('attribute')?.id === node.id) return;
        if (p?.type === 'keyword_argument' && p.childForFieldName('name')?.id === node.id) return;
        const names = semantics.builtinNames(node).filter((n) => n === 'getattr' || n === 'setattr' || n === 'delattr');
        if (!names.length || semantics.bindingsOf(node).length > 0) return;
        if (names[0] === 'getattr' && isPlainGetattrHigherOrder(context, node)) return;
        // `partial(getattr, obj, name)`: the name is there to judge, and the call judges it.
        if (isPartialWithName(context, node)) return;
        if (isAliasOnlyCalled(context, node)) return;
        context.report({ node, message: `'${names[0]}' passed as a value reads attributes whose names cannot be verified; not allowed by policy '${policy.name}'` });
      },
      assignment(node) {
        // `__match_args__ = ("__class__",)` in a class body: `case K(c)` then reads `subject.__class__`.
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left?.type !== 'identifier' || identifierName(left) !== '__match_args__' || !right) return;
        if (node.parent?.type !== 'expression_statement' || node.parent.parent?.parent?.type !== 'class_definition') return;
        const folded = semantics.fold(right);
        if (folded?.t !== 'seq' || !folded.items.every((i) => i.t === 'str')) return;
        judgeNames(node, "'__match_args__'", folded.items.map((i) => (i.t === 'str' ? i.v : '')), false);
      },
      subscript(node) {
        // `vars(x)["__class__"]`, `x.__dict__[name]`
        const value = node.childForFieldName('value');
        if (value?.type !== 'call') return;
        const callee = value.childForFieldName('function');
        if (!callee || !semantics.qualifiedNames(callee).includes('builtins.vars') || positionalArguments(value).length !== 1) return;
        const key = node.childForFieldName('subscript');
        judgeNames(node, "'vars(...)[...]'", key ? semantics.foldStrings(key) : undefined, false);
      },
    };
  },
  tests: {
    valid: [
      {
        code: 'import math\nhead, *body, tail = ["f", "l", "o", "o", "r"]\nvalue = getattr(math, head + "".join(body) + tail)(2.7)\nfor key, *unit in [("t", "c", "e", "i", "l")]:\n    print(getattr(math, "".join(unit))(0.5))\nfirst = getattr(math, [*body, "pi", "e"][-2])',
        note: 'a starred target takes the list between the others, and the targets after it count from the end (as does an index after a splat)',
      },
      { code: 'def parts(x):\n    ga = getattr\n    # do not pass ga a dunder\n    return ga(x, "real") + ga(x, "imag", 0)', note: 'an alias of getattr in a function, only called with constant plain names' },
      { code: 'import math, operator\nOPS = dict(zip(["+", "-"], ["add", "sub"]))\nNAMES = ("sin", "cos")\nPARTS = {"a": "sq", "b": "rt"}\ndef calc(a, sym, b, i):\n    getattr(math, NAMES[i])\n    getattr(math, "".join(PARTS[k] for k in "ab"))\n    return getattr(operator, OPS[sym])(a, b)', note: 'an item of a display nothing changes, under a key or index that does not fold: one of its values' },
      { code: 'import math\nfor n in ("sin", "cos"):\n    fn = "a" + n\n    print(getattr(math, fn)(0.5))', note: 'a name bound once to an expression over a loop name: folded for each value' },
      { code: 'import functools, math\npi_getter = functools.partial(getattr, math, "".join(["p", "i"]))\narea = pi_getter() * 2', note: 'getattr bound by a partial with a constant plain name: the call reads math.pi' },
      {
        code: 'import math\nALLOWED = {"sqrt", "floor"}\nRULES = frozenset({"required", "max_len"})\ndef call(name, x):\n    if name not in ALLOWED:\n        raise ValueError(name)\n    return getattr(math, name)(x)\ndef check(o, checks):\n    for rule, arg in checks:\n        if rule not in RULES:\n            continue\n        getattr(o, rule)(arg)\ndef export(report, fmt):\n    if fmt in ("csv", "text") and report:\n        return getattr(report, "to_" + fmt)()',
        note: 'a name confined by a membership guard to a set of plain names that nothing changes',
      },
      { code: 'NAMES = ["red", "green"]\ncolors = [getattr(Color, n.upper()) for n in NAMES]', note: 'the name folded once for each element of a constant list' },
      { code: 'class Vec:\n    __match_args__ = ("x", "y")\n    def __init__(self, x, y):\n        self.x, self.y = x, y', note: 'class patterns read plain attributes' },
      {
        code: 'class P:\n    title = "t"\nname = ""\nfor seg in ("ti", "tle"):\n    name += seg\nprint(getattr(P(), name))',
        note: 'a name built in a loop over constants: the statements before the read give "title"',
      },
      {
        code: 'import dataclasses\n@dataclasses.dataclass\nclass Base:\n    id: int = 0\n@dataclasses.dataclass\nclass P(Base):\n    x: int = 0\n    y: str = ""\n    def as_dict(self):\n        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}\nfrom dataclasses import fields\nrow = [getattr(P(), f.name) for f in fields(P)]',
        note: 'the fields of dataclasses of this file: their annotated names',
      },
      {
        code: 'class Meta:\n    fields = ("a", "b")\nclass Form:\n    Meta = Meta\n    def values(self):\n        return [getattr(self, f, None) for f in self.Meta.fields]',
        note: '`Meta = Meta` in a class body reads the module\'s `Meta`: the names fold to constants',
      },
      { code: "class K:\n    pass\nK.size = len\nn = K.size(\"ab\")", note: "a class attribute stored after the class body, a harmless builtin" },
      { code: "import operator\nname = \"\".join(chr(c) for c in [114, 101, 97, 108])\nroot = operator.attrgetter(name)(1)", note: "a name spelled as character codes that folds to a plain one" },
      "import operator\nmatch (\"real\",):\n    case (n,):\n        operator.attrgetter(n)(0)",
      { code: 'import functools\ndef deco(fn):\n    @functools.wraps(fn)\n    def inner(*a):\n        return fn(*a)\n    return inner\ndef copy_meta(w, f):\n    functools.update_wrapper(w, f, assigned=("__doc__", "__name__"), updated=functools.WRAPPER_UPDATES)\n    functools.update_wrapper(w, f, functools.WRAPPER_ASSIGNMENTS, ())', note: 'the names wraps copies by default, or fewer of them' },
      "import operator\nclass G:\n    def __init__(self):\n        self.name = \"real\"\n    def get(self, o):\n        return operator.attrgetter(self.name)(o)",
      'def getattr(o, n):\n    return 1\ngetattr(x, "__class__")',
      { code: 'label = getattr(obj, "name", None)', note: 'a constant, plain name is ordinary attribute access' },
      'name = obj.name',
      { code: 'fields = ["na", "me"]\nlabel = getattr(obj, "".join(fields))', note: 'a list display nothing adds to folds' },
      'values = vars_table["x"]',
      'def f(getattr):\n    return getattr(x, y)',
      'items = dict(zip(keys, values))',
      { code: 'import functools\ntotal = functools.reduce(getattr, ["profile", "name"], user)', note: 'every name folds to a plain attribute' },
      'emails = list(map(getattr, [alice, bob], ["email", "email"]))',
      { code: 'match "name":\n    case n:\n        label = getattr(obj, n)', note: 'the capture folds to a plain name' },
      { code: "class Handler:\n    def dispatch(self, kind, event):\n        return getattr(self, \"handle_\" + kind)(event)\n    def notify(self, event):\n        setattr(self, f\"on_{event}\", True)", note: "a plain prefix no forbidden name starts with" },
      {
        code: 'class Visitor:\n    def visit(self, node):\n        method = "visit_" + type(node).__name__\n        return getattr(self, method, self.generic_visit)(node)\n    def generic_visit(self, node):\n        return None',
        note: 'an own instance, and a name that starts with a plain prefix whatever the node',
      },
      'class Handler:\n    def dispatch(self, verb, req):\n        fn = getattr(self, f"handle_{verb.lower()}", None)\n        return fn(req) if fn else 405',
      'class Shell:\n    def run(self, cmd):\n        if hasattr(self, "do_%s" % cmd):\n            return getattr(self, "do_{}".format(cmd))()',
      { code: 'def is_iterable(x, extra):\n    return hasattr(x, "__iter__") or hasattr(x, extra)', note: 'hasattr hands back a bool, never the attribute' },
    ],
    invalid: [
      {
        code: 'first, *rest = "x__class__"\nkind = getattr(item, "".join(rest))\ndef pick(xs):\n    a, b = [*xs, "title", "__globals__"]\n    found = getattr(handler, b)\n    return getattr(handler, [*xs, "real", "__code__"][1])',
        errors: [
          { range: '2:8-2:36', message: "'getattr' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" },
          { range: '5:13-5:32', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" },
          { range: '6:12-6:58', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" },
        ],
        note: 'the characters a starred target takes of a string; an index past a splat may be any item (`xs` empty puts `__globals__` in `b`)',
      },
      {
        code: 'def f(o):\n    return getattr(o, "x" if "\\U0001d4b3abc".startswith("\\ud835") else "__class__")',
        errors: [{ range: '2:12-2:84', message: "'getattr' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: 'a lone surrogate is a code point of its own in Python, half of a pair in JS: such a test is not folded (from the review)',
      },
      {
        code: 'import operator\nget = operator.attrgetter("real", "__cl" + "ass__")\nok = operator.attrgetter("real", "imag")(5)',
        errors: [{ range: '2:7-2:52', message: "'operator.attrgetter' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: 'every name of an attrgetter of several is read',
      },
      {
        code: 'NAMES = ("title", "__class__")\nLATER = ["title"]\ndef pick(o, i):\n    getattr(o, NAMES[i])\n    getattr(o, NAMES[i:][0])\n    return getattr(o, LATER[i])\nLATER.append(input())',
        errors: [
          { range: '4:5-4:25', message: "'getattr' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" },
          { range: '5:5-5:29', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" },
          { range: '6:12-6:32', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" },
        ],
        note: 'every element of a tuple is judged; a slice is not an element; a list the file appends to may hold anything',
      },
      {
        code: 'for n in ("name", "class"):\n    attr = "__" + n + "__"\n    print(getattr(o, attr))',
        errors: [{ range: '3:11-3:27', message: "'getattr' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: 'each value of a name bound once to an expression over a loop name is judged',
      },
      {
        code: 'import functools\ncls_of = functools.partial(getattr, (), "__cla" + "ss__")\ncls_of()',
        errors: [
          { range: '2:10-2:58', message: "'getattr' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" },
          { range: '3:1-3:9', message: "'getattr' (as 'cls_of') reads '__class__' (a dunder attribute); not allowed by policy 'strict'" },
        ],
        note: 'the name a partial bound is judged at the partial and at its call',
      },
      {
        code: 'def load(o, name):\n    if name not in ("title", "__class__"):\n        raise ValueError(name)\n    return getattr(o, name)\nNAMES = ["red", "__CLASS__"]\ncolors = [getattr(Color, n.lower()) for n in NAMES]',
        errors: [
          { range: '4:12-4:28', message: "'getattr' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" },
          { range: '6:11-6:36', message: "'getattr' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" },
        ],
        note: 'a guard or a constant list that lets a dunder through names it',
      },
      {
        code: 'OK = {"title"}\nOK.add(label)\ndef a(o, name):\n    if name in OK:\n        return getattr(o, name)\ndef b(o, name):\n    if name not in ("title",):\n        raise ValueError(name)\n    name = name.upper()\n    return getattr(o, name)\ndef c(o, name):\n    if name in ("title",):\n        pass\n    f = lambda: getattr(o, name)\nclass N(str):\n    def __eq__(self, other):\n        return True',
        errors: [
          { range: '5:16-5:32', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" },
          { range: '10:12-10:28', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" },
          { range: '14:17-14:33', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" },
        ],
        note: 'the limits: a set the file adds to; a name rebound after its guard; a read the guard does not cover; (and a file defining `__eq__`, with which a `str` subclass passes any test)',
      },
      {
        code: 'ALLOWED = {"title", "name"}\nlist(map(ALLOWED.add, ["__class__"]))\ndef f(o, name):\n    if name not in ALLOWED:\n        raise ValueError(name)\n    return getattr(o, name)\nclass P:\n    FIELDS = ["title"]\n    def get(self, name):\n        if name in self.FIELDS:\n            return getattr(self, name)\nNAMES = ["red", "green"]\nNAMES[0] = "__CLASS__"\nfor n in NAMES:\n    getattr((), n.lower(), None)',
        errors: [
          { range: '6:12-6:28', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" },
          { range: '11:20-11:39', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" },
          { range: '15:5-15:33', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" },
        ],
        note: 'a set used other than by reading it (its bound method handed to map); a list held by a class; a list stored into before the loop over it',
      },
      {
        code: 'FIELDS = ("title", "author")\nKey = type("Key", (str,), {"__e" "q__": lambda s, o: True})\ndef field(record, name):\n    if name not in FIELDS:\n        raise KeyError(name)\n    return getattr(record, name)',
        errors: [{ range: '6:12-6:33', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" }],
        note: 'a class made at run time may be a str subclass whose equality lies to the guard',
      },
      {
        code: 'A = frozenset(A)\ndef f(o, n):\n    if n in A:\n        return getattr(o, n)',
        errors: [{ range: '4:16-4:29', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" }],
        note: 'a container defined by itself is followed a few steps, not for ever',
      },
      {
        code: 'def dunder(a):\n    return "__" + a + "__"\ngetattr(x, dunder("class"))\ndef seg():\n    for w in ("cla", "ss"):\n        yield w\ngetattr(x, "__" + "".join(seg()) + "__")',
        errors: [
          { range: '3:1-3:28', message: "'getattr' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" },
          { range: '7:1-7:41', message: "'getattr' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" },
        ],
        note: 'a call of a function of the file folds with its arguments bound to its parameters; a local generator joined folds to what it yields',
      },
      {
        code: 'import functools, operator\nstep = functools.partial(operator.attrgetter, "__class__")\nread = functools.partial(getattr, (), "__class__")',
        errors: [
          { range: '2:8-2:59', message: "'operator.attrgetter' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" },
          { range: '3:8-3:51', message: "'getattr' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" },
        ],
        note: 'functools.partial binds the name argument one position later',
      },
      {
        code: 'class Box:\n    __match_args__ = ("__class__",)\nmatch Box():\n    case Box(k):\n        print(k)',
        errors: [{ range: '2:5-2:36', message: "'__match_args__' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: 'a positional sub-pattern reads the attribute `__match_args__` names',
      },
      {
        code: 'parts = []\nfor seg in ("__cla", "ss__"):\n    parts.append(seg)\nname = "".join(parts)\nx = getattr(1, name)',
        errors: [{ range: '5:5-5:21', message: "'getattr' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: 'a list appended to in a loop over constants, then joined: replayed in order',
      },
      {
        code: 'import dataclasses\n@dataclasses.dataclass\nclass P:\n    __class__: int = 0\n    def as_dict(self):\n        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}\ndef dump(obj):\n    return [getattr(obj, f.name) for f in dataclasses.fields(obj)]',
        errors: [
          { range: '6:25-6:46', message: "'getattr' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" },
          { range: '8:13-8:33', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" },
        ],
        note: 'the limit: a field named like a dunder is judged as such; the fields of an object of unknown class cannot be verified',
      },
      {
        code: 'class Meta:\n    fields = ("__class__",)\nclass Form:\n    Meta = Meta\n    def g(self, x):\n        return [getattr(x, f) for f in self.Meta.fields]',
        errors: [{ range: '6:17-6:30', message: "'getattr' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: 'the same resolution names the forbidden attribute',
      },
      {
        code: 'names = ("a",)\nclass Form:\n    names = ("b",)\n    for i in range(2):\n        names = names + ("__class__",)\n    def g(self, x):\n        return [getattr(x, f) for f in self.names]',
        errors: [{ range: '7:17-7:30', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" }],
        note: 'the limit: a class-body loop rebinding the name is not folded',
      },
      {
        code: "class H:\n    pass\nH.g = getattr\ncls = H.g(1, \"__class__\")",
        errors: [{ range: "3:7-3:14", message: "'getattr' passed as a value reads attributes whose names cannot be verified; not allowed by policy 'strict'" }, { range: "4:7-4:26", message: "'getattr' (as 'H.g') reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "what `H.g = getattr` stores on the class is what `H.g` reads",
      },
      {
        code: "parts = [\"a\", \"b\"]\nparts[0] = \"__cl\"\nparts[1] = \"ass__\"\nc = getattr(1, \"\".join(parts))",
        errors: [{ range: "4:5-4:31", message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" }],
        note: "a list stored into after its display is not its display: the join does not fold to \"ab\"",
      },
      {
        code: "import operator\nname = \"\".join(chr(c) for c in [95, 95, 99, 108, 97, 115, 115, 95, 95])\nroot = operator.attrgetter(name)(())",
        errors: [{ range: "3:8-3:33", message: "'operator.attrgetter' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
      },
      {
        code: "import operator\nn = \"\".join(map(chr, [95, 95, 100, 105, 99, 116, 95, 95]))\noperator.attrgetter(n)(0)",
        errors: [{ range: "3:1-3:23", message: "'operator.attrgetter' reads '__dict__' (a dunder attribute); not allowed by policy 'strict'" }],
      },
      {
        code: 'import functools\nopener = functools.reduce(getattr, ["open"], __builtins__)',
        errors: [{ range: '2:27-2:34', message: "'getattr' passed as a value reads attributes whose names cannot be verified; not allowed by policy 'strict'" }],
        note: 'the builtins module is a module',
      },
      {
        code: 'import functools\nsubs = functools.reduce(getattr, ["__class__", "__base__"], ())',
        errors: [{ range: '2:25-2:32', message: "'getattr' passed as a value reads attributes whose names cannot be verified; not allowed by policy 'strict'" }],
      },
      {
        code: 'import warnings\nmods = list(map(getattr, [warnings], ["sys"]))',
        errors: [{ range: '2:17-2:24', message: "'getattr' passed as a value reads attributes whose names cannot be verified; not allowed by policy 'strict'" }],
        note: 'a module\'s attributes can be modules',
      },
      {
        code: 'match "__cla" + "ss__":\n    case str() as n:\n        getattr((), n)',
        errors: [{ range: '3:9-3:23', message: "'getattr' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: '`case P as n` binds the subject',
      },
      {
        code: 'cls = getattr(x, "__ssalc__"[::-1])',
        errors: [{ range: '1:7-1:36', message: "'getattr' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
      },
      {
        code: 'ga = getattr\nga(x, "_" * 2 + "globals" + "_" * 2)',
        errors: [
          { range: '1:6-1:13', message: "'getattr' passed as a value reads attributes whose names cannot be verified; not allowed by policy 'strict'" },
          { range: '2:1-2:37', message: "'getattr' (as 'ga') reads '__globals__' (a dunder attribute); not allowed by policy 'strict'" },
        ],
        note: 'an alias called with a forbidden name: reported where it is made and where it is called',
      },
      {
        code: 'ga = getattr\nga(x, "real")\nhandlers = [ga]\nkeep = sa = setattr\nsa(x, "y", 1)\n_getattr_ = getattr',
        errors: [
          { range: '1:6-1:13', message: "'getattr' passed as a value reads attributes whose names cannot be verified; not allowed by policy 'strict'" },
          { range: '4:13-4:20', message: "'setattr' passed as a value reads attributes whose names cannot be verified; not allowed by policy 'strict'" },
          { range: '6:13-6:20', message: "'getattr' passed as a value reads attributes whose names cannot be verified; not allowed by policy 'strict'" },
        ],
        note: 'an alias also put in a list; a second name bound in a chain; an alias never called',
      },
      {
        code: 'ga = getattr\nga(1, "real")\ndef f(x: "ga"):\n    pass',
        errors: [{ range: '1:6-1:13', message: "'getattr' passed as a value reads attributes whose names cannot be verified; not allowed by policy 'strict'" }],
        note: 'a string annotation naming the alias hands it out through get_type_hints',
      },
      {
        code: 'x = 3 + 4j\nga = getattr\nreal = ga(x, "real")',
        errors: [{ range: '2:6-2:13', message: "'getattr' passed as a value reads attributes whose names cannot be verified; not allowed by policy 'strict'" }],
        note: 'a module-level alias: any text of the file may name it (`s = "g" + "a"` then `x: s`), which an incremental analysis cannot follow',
      },
      {
        code: 'func = getattr(f, "func_" + "globals")',
        errors: [{ range: '1:8-1:39', message: "'getattr' reads 'func_globals' (an interpreter-internal attribute); not allowed by policy 'strict'" }],
        note: 'Python 2 attribute name',
      },
      {
        code: 'cls = getattr(x, "\\N{LOW LINE}\\N{LOW LINE}class\\N{LOW LINE}\\N{LOW LINE}")',
        errors: [{ range: '1:7-1:74', message: "'getattr' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
      },
      {
        code: 'parts = []\nparts.append("__cla")\nparts.append("ss__")\ncls = getattr(o, "".join(parts))',
        errors: [{ range: '4:7-4:33', message: "'getattr' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: 'a list the file appends to is not its display: the name is not the empty string; run in order, the appends make it `__class__`',
      },
      {
        code: 'name = "re"\nname += "al"\nmatch 1:\n  case _:\n    name = "__glo" + "bals__"\n    getattr(obj, name)',
        errors: [{ range: '6:5-6:23', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" }],
        note: 'a read inside a `match` is not replayed: which case ran, and what it bound, is not modelled',
      },
      {
        code: 'name = "re"\nname += "al"\nname, d[getattr(obj, name)] = "__globals__", 1\nname = "re"\nname += "al"\nname = d[getattr(obj, name)] = "__globals__"',
        errors: [{ range: '3:9-3:27', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" }, { range: '6:10-6:28', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" }],
        note: 'targets are stored left to right: the read in the second target sees the first one\'s value',
      },
      {
        code: 'def g(obj, name):\n    return getattr(obj, name)',
        errors: [{ range: '2:12-2:30', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" }],
      },
      {
        code: 'def dispatch(handler, event):\n    return getattr(handler, "on_" + event)',
        errors: [{ range: '2:12-2:43', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" }],
        note: 'a prefix is not enough when the object may be a module (whose attributes can be modules) or a function',
      },
      {
        code: 'class Frame:\n    def get(self, kind):\n        return getattr(self, f"to_{kind}")',
        errors: [{ range: '3:16-3:43', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" }],
        note: '`to_` starts the pandas writers (`to_pickle`)',
      },
      {
        code: 'class A:\n    def get(self, name):\n        return getattr(self, "_" + name)',
        errors: [{ range: '3:16-3:41', message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" }],
        note: '`"_" + "_class__"` is `__class__`',
      },
      {
        code: 'import functools\ndef harmless():\n    return 0\ndef payload():\n    return 1\nfunctools.update_wrapper(harmless, payload, assigned=("__code__",), updated=())\n@functools.wraps(payload, ["__co" + "de__"], [])\ndef façade():\n    return 0',
        errors: [
          { range: '6:1-6:80', message: "'functools.update_wrapper' copies '__code__' (a dunder attribute); not allowed by policy 'strict'" },
          { range: '7:2-7:49', message: "'functools.wraps' copies '__code__' (a dunder attribute); not allowed by policy 'strict'" },
        ],
        note: 'a wrapper that takes the code of another function',
      },
      {
        code: 'from functools import wraps\ndef deco(fn, names):\n    @wraps(fn, assigned=names)\n    def inner():\n        return fn()\n    return inner',
        errors: [{ range: '3:6-3:31', message: "'functools.wraps' (as 'wraps') with a computed attribute name that cannot be verified; not allowed by policy 'strict'" }],
      },
      {
        code: 'import operator\nop = operator.attrgetter("__class__.__base__")',
        errors: [{ range: '2:6-2:47', message: "'operator.attrgetter' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        allowModules: ['operator'],
      },
      {
        code: 'g = getattr(f, "shap_tybonyf".decode("rot13"))',
        errors: [{ range: '1:5-1:47', message: "'getattr' reads 'func_globals' (an interpreter-internal attribute); not allowed by policy 'strict'" }],
        note: 'Python 2 rot13 decoding folds',
      },
      {
        code: "import typing\nclass Evil(str):\n    def __radd__(self, other):\n        return \"__class__\"\ndef peek(obj, kind):\n    return getattr(obj, \"handle_\" + kind)\npeek(1, Evil(\"x\"))\nmod = getattr(typing, \"sy\" + name)\nframe = getattr(gen, \"gi_\" + part)",
        errors: [{ range: "6:12-6:42", message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" }, { range: "8:7-8:35", message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" }, { range: "9:9-9:35", message: "'getattr' with a computed attribute name that cannot be verified; not allowed by policy 'strict'" }],
        note: "a prefix does not help: an object of the file's own str subclass, a module, a prefix of gi_frame",
      },
    ],
  },
};
