import { identifierName, isDunder } from '../../semantics';
import { isAttributeAllowed } from '../../policy/queries';
import type { Rule } from '../types';
import { dunderFamily } from './dunderFamilies';

export const dunderAttribute: Rule = {
  meta: {
    code: 'PC201',
    name: 'dunder-attribute',
    summary: 'Access to a dunder attribute outside the policy\'s allowlist',
    defaultSeverity: 'error',
    docs: {
      what: 'Any attribute access `x.__name__` whose name (after NFKC normalisation) starts and ends with two underscores and is not in the policy\'s attribute allowlist. Each step of a chain is reported: `().__class__.__bases__[0].__subclasses__()` gives three findings.',
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
        if (!isDunder(name) || isAttributeAllowed(policy, name)) return;
        context.report({
          node: attr,
          message: `dunder attribute '${name}' (${dunderFamily(name)}) is not allowed by policy '${policy.name}'`,
        });
      },
    };
  },
  tests: {
    valid: [
      'class P:\n    def __init__(self):\n        super().__init__()',
      'print(f.__name__, f.__doc__)',
      'if __name__ == "__main__":\n    pass',
      'x = obj.name_',
      '# ().__class__.__bases__ in a comment\ns = "().__class__"',
      { code: 'x = y.__dict__', allowAttributes: ['__dict__'] },
    ],
    invalid: [
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
      { code: 'x.__reduce_ex__(2)', errors: [{ range: '1:3-1:16', message: "dunder attribute '__reduce_ex__' (reflection hook) is not allowed by policy 'strict'" }] },
    ],
  },
};
