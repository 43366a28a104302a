import { identifierName, isDunder } from '../../semantics';
import { isAttributeAllowed } from '../../policy/queries';
import type { Rule } from '../types';
import { dunderFamily } from './dunderFamilies';

/**
 * Dunder names the interpreter binds itself: module globals, builtins, class-body names and the
 * `__class__` cell of methods. A read of one of these can reach the interpreter's value whatever
 * the plugin binds (before its own assignment, or from another scope); any other dunder name holds
 * only what the plugin put there (`__radd__ = __add__`, `__version_info__`), or is a NameError.
 */
const INTERPRETER_BOUND = new Set([
  '__name__', '__doc__', '__package__', '__loader__', '__spec__', '__file__', '__cached__', '__builtins__', '__builtin__',
  '__annotations__', '__path__', '__import__', '__build_class__', '__debug__', '__module__', '__qualname__',
  '__firstlineno__', '__static_attributes__', '__classcell__', '__classdictcell__', '__class__', '__dict__', '__metaclass__',
]);

export const dunderName: Rule = {
  meta: {
    code: 'PC202',
    name: 'dunder-name',
    summary: 'Use of a dunder name such as `__builtins__` or `__import__`',
    defaultSeverity: 'error',
    docs: {
      what: 'A bare name that starts and ends with two underscores (after NFKC normalisation) and is read, not defined: `__builtins__`, `__import__`, `__loader__`, `__spec__`, `__file__`. Names in the policy\'s attribute allowlist (`__name__`, `__doc__`) are fine, as are definitions such as `def __init__` and `__slots__ = ...`, and reads of a dunder name that the plugin binds and the interpreter never does (`__radd__ = __add__` in a class body, `__version_info__`), unless the policy turns on PC701, RestrictedPython\'s rule that refuses every `_` name.',
      why: '`__builtins__` is the module every builtin comes from, writable and indexable: `__builtins__["__import__"]` undoes any removal of `__import__`. `__loader__.load_module("posix")` imports without an import statement. The 2007 seed\'s AST check forbade every name starting with `__` for this reason.',
      example: 'imp = __builtins__["__import__"]\nposix = __loader__.load_module("posix")',
      instead: 'Use the builtins and imports the policy allows by their plain names.',
    },
  },
  create(context) {
    const { policy } = context;
    return {
      identifier(node) {
        // The name first: it rules out nearly every identifier without a look at its position.
        const name = identifierName(node);
        if (!isDunder(name) || !context.semantics.isNameRead(node) || isAttributeAllowed(policy, name)) return;
        // The plugin's own binding, such as a method aliased in its class body: not the interpreter's.
        // Not under PC701 (RestrictedPython's rule refuses every `_` name and leaves dunder reads to this rule).
        if (!INTERPRETER_BOUND.has(name) && !context.isEnabled('PC701') && context.semantics.bindingsOf(node).length > 0) return;
        context.report({ node, message: `dunder name '${name}' (${dunderFamily(name)}) is not allowed by policy '${policy.name}'` });
      },
    };
  },
  tests: {
    valid: [
      'if __name__ == "__main__":\n    main()',
      'class A:\n    __slots__ = ("x",)\n    def __init__(self):\n        self.x = 1',
      'print(__doc__)',
      'def f(__x):\n    return __x',
      'x = "__builtins__"',
      { code: 'class Num:\n    def __add__(self, o):\n        return 1\n    __radd__ = __add__', note: 'a method the class body just defined, aliased' },
      { code: 'class Color:\n    def __repr__(self):\n        return "Color()"\n    __str__ = __repr__' },
      { code: '__version_info__ = (1, 2)\nprint(__version_info__)', note: 'module metadata the plugin binds itself' },
    ],
    invalid: [
      { code: 'b = __builtins__', errors: [{ range: '1:5-1:17', message: "dunder name '__builtins__' (namespace access) is not allowed by policy 'strict'" }] },
      { code: 'm = __import__("os")', errors: [{ range: '1:5-1:15', message: "dunder name '__import__' (namespace access) is not allowed by policy 'strict'" }] },
      { code: 'p = __loader__.load_module("posix")', errors: [{ range: '1:5-1:15', message: "dunder name '__loader__' (namespace access) is not allowed by policy 'strict'" }] },
      {
        code: 'mod = __𝘪𝘮𝘱𝘰𝘳𝘵__("socket")',
        errors: [{ range: '1:7-1:23', message: "dunder name '__import__' (namespace access) is not allowed by policy 'strict'" }],
      },
      {
        code: 'def __import__(name):\n    return name\nm = __import__("os")',
        errors: [{ range: '3:5-3:15', message: "dunder name '__import__' (namespace access) is not allowed by policy 'strict'" }],
        note: 'a name the interpreter binds is reported even when the plugin binds it too',
      },
      {
        code: 'x = __loader__\n__loader__ = None',
        errors: [{ range: '1:5-1:15', message: "dunder name '__loader__' (namespace access) is not allowed by policy 'strict'" }],
      },
      { code: 'print __file__', errors: [{ range: '1:7-1:15', message: "dunder name '__file__' (namespace access) is not allowed by policy 'strict'" }], note: 'Python 2' },
    ],
  },
};
