import type { Node } from '../../parser';
import { identifierName, isDunder, normalizeIdentifier } from '../../semantics';
import { callOf, isStoreTarget, positionalArguments } from '../../semantics/syntax';
import { isAttributeAllowed } from '../../policy/queries';
import type { Rule, RuleContext } from '../types';
import { dunderFamily } from './dunderFamilies';
import { classOfMethod, firstParameter } from '../shared/methods';

/** Families whose dunders lead from an object to others (classes, globals, modules). */
const TRAVERSAL_FAMILIES = new Set(['class-hierarchy traversal', 'function internals', 'namespace access']);

/** The method (a `def` directly in a class body) whose body holds `node`, not through a nested def or lambda. */
function enclosingMethod(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'lambda' || p.type === 'class_definition') return undefined;
    if (p.type === 'function_definition') return classOfMethod(p) ? p : undefined;
  }
  return undefined;
}

/**
 * `super()` inside a method, or its Python 2 spelling `super(ThisClass, self)`: the parent
 * classes of the method's own object.
 */
function isMethodSuper(context: RuleContext, node: Node | null): node is Node {
  if (node?.type !== 'call') return false;
  const fn = node.childForFieldName('function');
  const args = node.childForFieldName('arguments');
  const method = enclosingMethod(node);
  if (fn?.type !== 'identifier' || args?.type !== 'argument_list' || !method) return false;
  const given = args.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  if (given.length === 2) {
    const cls = classOfMethod(method)?.childForFieldName('name');
    const [type, object] = given;
    if (type.type !== 'identifier' || object.type !== 'identifier' || !cls) return false;
    if (normalizeIdentifier(type.text) !== normalizeIdentifier(cls.text) || normalizeIdentifier(object.text) !== firstParameter(method)) return false;
  } else if (given.length) return false;
  return context.semantics.qualifiedNames(fn).includes('builtins.super');
}

/** Every value `node` may denote is an instance of a class of this file (`self` in its methods). */
function isOwnInstance(context: RuleContext, node: Node | undefined): boolean {
  const values = node ? context.semantics.resolve(node) : [];
  return values.length > 0 && values.every((v) => v.kind === 'instance');
}

/**
 * Dunder reads that stay on the plugin's own objects and reach nothing new:
 * - `super().__str__()` inside `def __str__`: an override calling the method it overrides, as
 *   `super().__init__()` does (methods that lead elsewhere, such as `__subclasses__`, excepted);
 * - `object.__setattr__(self, "x", v)` / `super().__setattr__("x", v)` with a constant, non-dunder
 *   name: a plain write of an attribute of its own object (frozen dataclasses, immutable classes);
 * - `self.__class__` read: the same class `type(self)` gives, which the policy allows.
 * Not under a policy that turns on PC701 (RestrictedPython refuses every `_` attribute).
 */
function isOwnObjectDunder(context: RuleContext, node: Node, name: string): boolean {
  const object = node.childForFieldName('object');
  // A policy with PC701 on asks for RestrictedPython's compile-time rule, which refuses every
  // `_` attribute whatever it reaches (PC701 leaves dunders to this rule).
  if (!object || context.isEnabled('PC701')) return false;
  if (isMethodSuper(context, object)) {
    const method = enclosingMethod(object)!;
    if (normalizeIdentifier(method.childForFieldName('name')?.text ?? '') === name && !TRAVERSAL_FAMILIES.has(dunderFamily(name))) return true;
  }
  if (name === '__setattr__' || name === '__delattr__') {
    const call = callOf(node);
    const args = call ? positionalArguments(call) : [];
    const viaSuper = isMethodSuper(context, object);
    if (call && (viaSuper || (context.semantics.qualifiedNames(object).includes('builtins.object') && isOwnInstance(context, args[0])))) {
      const attr = context.semantics.foldString(args[viaSuper ? 0 : 1]);
      if (attr !== undefined && /^[A-Za-z_]\w*$/.test(attr) && !isDunder(attr)) return true;
    }
  }
  if (!isStoreTarget(node) && dunderFamily(name) === 'interpreter internals' && isLiteralData(context, object)) return true;
  if (!isStoreTarget(node) && isTypeApiDunder(context, object, name)) return true;
  return name === '__class__' && !isStoreTarget(node) && (isOwnInstance(context, object) || isClassNameRead(context, node));
}

/** Dunders that are a documented public API of classes derived from a standard base. */
const TYPE_API_DUNDERS: Record<string, string[]> = {
  // The name-to-member mapping of an enumeration: its own members, nothing else.
  __members__: ['enum.Enum', 'enum.IntEnum', 'enum.Flag', 'enum.IntFlag', 'enum.StrEnum'],
};

/** `Color.__members__` on an enumeration class of this file (every value `object` may denote). */
function isTypeApiDunder(context: RuleContext, object: Node, name: string): boolean {
  const bases = TYPE_API_DUNDERS[name];
  if (!bases) return false;
  const values = context.semantics.resolve(object);
  return values.length > 0 && values.every((v) => v.kind === 'class' && context.semantics.inheritedQualifiedNames(v.node).some((q) => bases.includes(q)));
}

/**
 * Every value `node` may denote is a constant or a list, tuple, dict or set the plugin wrote:
 * `counts.__getitem__`, `"ab".__len__` are the bound forms of `counts[k]` and `len("ab")`. Only
 * protocol dunders (none of the families that lead to classes, functions, namespaces or
 * reflection hooks: `{}.__class__`, `[].__reduce_ex__` stay reported).
 */
function isLiteralData(context: RuleContext, node: Node): boolean {
  const values = context.semantics.resolve(node);
  return values.length > 0 && values.every((v) => v.kind === 'const' || v.kind === 'container');
}

/** What `type(x)` answers through `x.__class__` when read at once: its name. */
const CLASS_DESCRIPTIONS = new Set(['__name__', '__qualname__']);

/**
 * `exc.__class__.__name__`: the class is read only for its name, a string, as
 * `type(exc).__name__` (which the policy allows) gives it; the class itself goes nowhere.
 * `exc.__class__` bound to a name, or followed by anything else (`.__base__`, `.__mro__`), is
 * still reported.
 */
function isClassNameRead(context: RuleContext, node: Node): boolean {
  const outer = node.parent;
  if (outer?.type !== 'attribute' || outer.childForFieldName('object')?.id !== node.id || isStoreTarget(outer)) return false;
  const next = outer.childForFieldName('attribute');
  const name = next ? identifierName(next) : '';
  return CLASS_DESCRIPTIONS.has(name) && isAttributeAllowed(context.policy, name);
}

export const dunderAttribute: Rule = {
  meta: {
    code: 'PC201',
    name: 'dunder-attribute',
    summary: 'Access to a dunder attribute outside the policy\'s allowlist',
    defaultSeverity: 'error',
    docs: {
      what: 'Any attribute access `x.__name__` whose name (after NFKC normalisation) starts and ends with two underscores and is not in the policy\'s attribute allowlist. Each step of a chain is reported: `().__class__.__bases__[0].__subclasses__()` gives three findings. Importing such a name from a module reads it the same way (`from math import __loader__ as ldr`). Not reported: reads that stay on the plugin\'s own objects — an override calling the method it overrides (`super().__str__()` or `super(ThisClass, self).__str__()` inside `def __str__`, except methods that lead to classes, functions or namespaces), `object.__setattr__(self, "x", v)` or `super().__setattr__("x", v)` with a constant non-dunder name, reading `self.__class__` (what `type(self)` gives) of an instance of a class of the file, protocol dunders read from the plugin\'s own constants and list, tuple, dict or set literals (`counts.__getitem__` is `counts[k]` in bound form; not the class-hierarchy, function, namespace and reflection families), `__members__` of an enumeration class of the file, and `x.__class__.__name__` / `.__qualname__` read at once (the name `type(x).__name__` gives; the class itself is neither kept nor traversed) — unless the policy turns on PC701, RestrictedPython\'s rule that refuses every `_` attribute.',
      why: 'Dunders are the interpreter\'s own plumbing. From any literal, `__class__`, `__bases__` and `__subclasses__()` reach every class the host has loaded (the `file` constructor, `zipimporter`, `subprocess.Popen`); `__globals__` and `__code__` open a function\'s module and byte code; `__dict__` rewrites any object. This is the escape that beat `rexec` and every blacklist since.',
      example: 'classes = ().__class__.__bases__[0].__subclasses__()\nglobs = handler.__globals__',
      instead: 'Use the public API of the object. Defining dunder methods (`def __init__`, `def __eq__`) and `super().__init__()` are fine.',
    },
  },
  create(context) {
    const { policy } = context;
    return {
      attribute(node) {
        const attr = node.childForFieldName('attribute');
        if (!attr) return;
        const name = identifierName(attr);
        if (!isDunder(name) || isAttributeAllowed(policy, name) || isOwnObjectDunder(context, node, name)) return;
        context.report({
          node: attr,
          message: `dunder attribute '${name}' (${dunderFamily(name)}) is not allowed by policy '${policy.name}'`,
        });
      },
      // `from math import __loader__ as ldr` reads `math.__loader__` as the attribute does.
      import_from_statement(node) {
        const module = node.childForFieldName('module_name');
        for (const imported of node.childrenForFieldName('name')) {
          const original = imported?.type === 'aliased_import' ? imported.childForFieldName('name') : imported;
          const parts = original?.type === 'dotted_name' ? original.namedChildren.filter((c): c is Node => c?.type === 'identifier') : [];
          if (parts.length !== 1) continue;
          const name = identifierName(parts[0]);
          if (!isDunder(name) || isAttributeAllowed(policy, name)) continue;
          context.report({
            node: parts[0],
            message: `dunder attribute '${name}' (${dunderFamily(name)}) imported from '${module?.text ?? ''}' is not allowed by policy '${policy.name}'`,
          });
        }
      },
    };
  },
  tests: {
    valid: [
      {
        code: 'from enum import Enum\nclass Size(Enum):\n    S = "small"\nclass Big(Size):\n    pass\nnames = list(Size.__members__)\nm = Big.__members__',
        note: 'the documented member mapping of an enumeration of this file',
      },
      {
        code: 'counts = {"a": 3, "b": 7}\nranked = sorted(counts, key=counts.__getitem__)\nn = "abc".__len__()\nhas = [1, 2].__contains__(2)',
        note: 'protocol methods of the plugin\'s own literals: `counts[k]`, `len("abc")` in bound form',
      },
      { code: 'try:\n    pass\nexcept LookupError as e:\n    kind = e.__class__.__name__', note: 'only the class\'s name, as `type(e).__name__` gives it' },
      'label = (1).__class__.__qualname__',
      'class P:\n    def __init__(self):\n        super().__init__()',
      'print(f.__name__, f.__doc__)',
      'if __name__ == "__main__":\n    pass',
      'x = obj.name_',
      '# ().__class__.__bases__ in a comment\ns = "().__class__"',
      { code: 'x = y.__dict__', allowAttributes: ['__dict__'] },
      { code: "class Singleton:\n    _instance = None\n    def __new__(cls):\n        if cls._instance is None:\n            cls._instance = super().__new__(cls)\n        return cls._instance", note: "hands on to the parent's implementation of the method being defined" },
      { code: 'class E(ValueError):\n    def __str__(self):\n        return "E: " + super().__str__()', note: 'an override calling the method it overrides' },
      'class Upper(dict):\n    def __getitem__(self, key):\n        return super().__getitem__(key.upper())',
      'class Meters(float):\n    def __new__(cls, value):\n        return super().__new__(cls, abs(value))',
      { code: 'class Lower(dict):\n    def __setitem__(self, key, value):\n        super(Lower, self).__setitem__(key.lower(), value)', note: 'the Python 2 spelling of super()' },
      {
        code: 'from dataclasses import dataclass\n@dataclass(frozen=True)\nclass Span:\n    lo: int\n    hi: int\n    def __post_init__(self):\n        object.__setattr__(self, "lo", min(self.lo, self.hi))',
        note: 'a constant, plain attribute of its own frozen instance',
      },
      {
        code: 'class Shape:\n    def __repr__(self):\n        return f"{self.__class__.__name__}()"\n    def clone(self):\n        return self.__class__()',
        note: '`self.__class__` is `type(self)`, a class of this file',
      },
    ],
    invalid: [
      {
        code: 'from itertools import __loader__ as L\nfrom json import __spec__',
        errors: [
          { range: '1:23-1:33', message: "dunder attribute '__loader__' (namespace access) imported from 'itertools' is not allowed by policy 'strict'" },
          { range: '2:18-2:26', message: "dunder attribute '__spec__' (namespace access) imported from 'json' is not allowed by policy 'strict'" },
        ],
        note: "an import reads the module's attribute",
      },
      {
        code: 'import enum\nclass C(enum.IntFlag):\n    A = 1\nn = C.__members__\nclass P:\n    pass\nx = P.__members__\nz = thing.__members__',
        errors: [
          { range: '7:7-7:18', message: "dunder attribute '__members__' (interpreter internals) is not allowed by policy 'strict'" },
          { range: '8:11-8:22', message: "dunder attribute '__members__' (interpreter internals) is not allowed by policy 'strict'" },
        ],
        note: 'the limit: only on a class derived from an enumeration base',
      },
      {
        code: 'x = {}.__class__\ny = [].__reduce_ex__(2)\nz = obj.__getitem__\nd = {}\nd.__setitem__ = None',
        errors: [
          { range: '1:8-1:17', message: "dunder attribute '__class__' (class-hierarchy traversal) is not allowed by policy 'strict'" },
          { range: '2:8-2:21', message: "dunder attribute '__reduce_ex__' (reflection hook) is not allowed by policy 'strict'" },
          { range: '3:9-3:20', message: "dunder attribute '__getitem__' (interpreter internals) is not allowed by policy 'strict'" },
          { range: '5:3-5:14', message: "dunder attribute '__setitem__' (interpreter internals) is not allowed by policy 'strict'" },
        ],
        note: 'the limit: traversal and reflection dunders of literals, an object of unknown origin, a write',
      },
      {
        code: 'd = {"a": 1} if flag else host\nget = d.__getitem__',
        errors: [{ range: '2:9-2:20', message: "dunder attribute '__getitem__' (interpreter internals) is not allowed by policy 'strict'" }],
        note: 'a literal on one path only',
      },
      {
        code: 'try:\n    pass\nexcept LookupError as e:\n    k = e.__class__\n    b = e.__class__.__base__\n    e.__class__.__name__ = "x"',
        errors: [
          { range: '4:11-4:20', message: "dunder attribute '__class__' (class-hierarchy traversal) is not allowed by policy 'strict'" },
          { range: '5:11-5:20', message: "dunder attribute '__class__' (class-hierarchy traversal) is not allowed by policy 'strict'" },
          { range: '5:21-5:29', message: "dunder attribute '__base__' (class-hierarchy traversal) is not allowed by policy 'strict'" },
          { range: '6:7-6:16', message: "dunder attribute '__class__' (class-hierarchy traversal) is not allowed by policy 'strict'" },
        ],
        note: 'the limit: the class kept, traversed, or its name written',
      },
      {
        code: 'c = ().__class__.__bases__[0].__subclasses__()',
        errors: [
          { range: '1:8-1:17', message: "dunder attribute '__class__' (class-hierarchy traversal) is not allowed by policy 'strict'" },
          { range: '1:18-1:27', message: "dunder attribute '__bases__' (class-hierarchy traversal) is not allowed by policy 'strict'" },
          { range: '1:31-1:45', message: "dunder attribute '__subclasses__' (class-hierarchy traversal) is not allowed by policy 'strict'" },
        ],
      },
      { code: 'g = f.__globals__', errors: [{ range: '1:7-1:18', message: "dunder attribute '__globals__' (function internals) is not allowed by policy 'strict'" }] },
      { code: 'd = obj.__dict__', errors: [{ range: '1:9-1:17', message: "dunder attribute '__dict__' (namespace access) is not allowed by policy 'strict'" }] },
      {
        code: 'base = ().__𝘤𝘭𝘢𝘴𝘴__',
        errors: [{ range: '1:11-1:25', message: "dunder attribute '__class__' (class-hierarchy traversal) is not allowed by policy 'strict'" }],
        note: 'mathematical italic letters normalise to ASCII; the range counts UTF-16 units (two per letter)',
      },
      {
        code: 'print [x for x in ().__mro__]',
        errors: [{ range: '1:22-1:29', message: "dunder attribute '__mro__' (class-hierarchy traversal) is not allowed by policy 'strict'" }],
        note: 'Python 2 print statement',
      },
      {
        code: 'print `().__class__`',
        errors: [{ range: '1:11-1:20', message: "dunder attribute '__class__' (class-hierarchy traversal) is not allowed by policy 'strict'" }],
        note: 'Python 2 backticks: the expression inside is analysed',
      },
      {
        code: 'class A:\n    def __subclasses__(self):\n        return super().__subclasses__()',
        errors: [{ range: '3:24-3:38', message: "dunder attribute '__subclasses__' (class-hierarchy traversal) is not allowed by policy 'strict'" }],
        note: 'delegation is excused only for methods that stay on the object',
      },
      {
        code: 'class A:\n    def __str__(self):\n        return super().__reduce_ex__(2)',
        errors: [{ range: '3:24-3:37', message: "dunder attribute '__reduce_ex__' (reflection hook) is not allowed by policy 'strict'" }],
        note: 'a different method than the one overridden',
      },
      {
        code: 'class A:\n    def f(self, other):\n        object.__setattr__(other, "x", 1)\n        object.__setattr__(self, "__class__", dict)',
        errors: [
          { range: '3:16-3:27', message: "dunder attribute '__setattr__' (reflection hook) is not allowed by policy 'strict'" },
          { range: '4:16-4:27', message: "dunder attribute '__setattr__' (reflection hook) is not allowed by policy 'strict'" },
        ],
        note: 'another object, or a dunder name',
      },
      {
        code: 'class A:\n    def f(self, other):\n        self.__class__ = other.__class__',
        errors: [
          { range: '3:14-3:23', message: "dunder attribute '__class__' (class-hierarchy traversal) is not allowed by policy 'strict'" },
          { range: '3:32-3:41', message: "dunder attribute '__class__' (class-hierarchy traversal) is not allowed by policy 'strict'" },
        ],
        note: 'a write, and an object of unknown origin',
      },
      {
        code: 'class A(dict):\n    def __getitem__(self, key):\n        return super(A, other).__getitem__(key)',
        errors: [{ range: '3:32-3:43', message: "dunder attribute '__getitem__' (interpreter internals) is not allowed by policy 'strict'" }],
        note: 'super() of another object',
      },
      { code: 'x.__reduce_ex__(2)', errors: [{ range: '1:3-1:16', message: "dunder attribute '__reduce_ex__' (reflection hook) is not allowed by policy 'strict'" }] },
      {
        code: "class Sneaky:\n    def __new__(cls):\n        return super().__subclasses__()\n    def make(self):\n        return super().__new__(type(self))",
        errors: [{ range: "3:24-3:38", message: "dunder attribute '__subclasses__' (class-hierarchy traversal) is not allowed by policy 'strict'" }, { range: "5:24-5:31", message: "dunder attribute '__new__' (reflection hook) is not allowed by policy 'strict'" }],
        note: "another dunder, or outside the method of that name",
      },
    ],
  },
};
