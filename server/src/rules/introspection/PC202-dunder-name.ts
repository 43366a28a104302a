import { identifierName, isDunder } from '../../semantics';
import { isAttributeAllowed } from '../../policy/queries';
import type { Rule } from '../types';
import { dunderFamily } from './dunderFamilies';

export const dunderName: Rule = {
  meta: {
    code: 'PC202',
    name: 'dunder-name',
    summary: 'Use of a dunder name such as `__builtins__` or `__import__`',
    defaultSeverity: 'error',
    docs: {
      what: 'A bare name that starts and ends with two underscores (after NFKC normalisation) and is read, not defined: `__builtins__`, `__import__`, `__loader__`, `__spec__`, `__file__`. Names in the policy\'s attribute allowlist (`__name__`, `__doc__`) are fine, as are definitions such as `def __init__` and `__slots__ = ...`.',
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
    ],
    invalid: [
      { code: 'b = __builtins__', errors: [{ range: '1:5-1:17', message: "dunder name '__builtins__' (namespace access) is not allowed by policy 'strict'" }] },
      { code: 'm = __import__("os")', errors: [{ range: '1:5-1:15', message: "dunder name '__import__' (namespace access) is not allowed by policy 'strict'" }] },
      { code: 'p = __loader__.load_module("posix")', errors: [{ range: '1:5-1:15', message: "dunder name '__loader__' (namespace access) is not allowed by policy 'strict'" }] },
      {
        code: 'mod = __𝘪𝘮𝘱𝘰𝘳𝘵__("socket")',
        errors: [{ range: '1:7-1:23', message: "dunder name '__import__' (namespace access) is not allowed by policy 'strict'" }],
      },
      { code: 'print __file__', errors: [{ range: '1:7-1:15', message: "dunder name '__file__' (namespace access) is not allowed by policy 'strict'" }], note: 'Python 2' },
    ],
  },
};
