import { isDunder, normalizeIdentifier } from '../../semantics';
import { isAttributeAllowed } from '../../policy/queries';
import type { Node } from '../../parser';
import type { Rule, RuleContext } from '../types';
import { dunderFamily } from './dunderFamilies';

/**
 * `super().__new__(cls)` inside `def __new__` of a class: the method hands on to its parent's
 * implementation of itself (as `super().__init__()` does), which reaches nothing new. Hooks the
 * host calls are still reported where they are defined (PC403).
 */
function delegatesToParent(context: RuleContext, attribute: Node, name: string): boolean {
  const object = attribute.childForFieldName('object');
  const callee = object?.type === 'call' ? object.childForFieldName('function') : null;
  if (callee?.type !== 'identifier' || !context.semantics.isBuiltinReference(callee, 'super')) return false;
  let fn: Node | null = attribute.parent;
  while (fn && fn.type !== 'function_definition' && fn.type !== 'lambda' && fn.type !== 'class_definition') fn = fn.parent;
  if (fn?.type !== 'function_definition' || normalizeIdentifier(fn.childForFieldName('name')?.text ?? '') !== name) return false;
  const holder = fn.parent?.type === 'decorated_definition' ? fn.parent.parent : fn.parent;
  return holder?.type === 'block' && holder.parent?.type === 'class_definition';
}

export const dunderAttribute: Rule = {
  meta: {
    code: 'PC201',
    name: 'dunder-attribute',
    summary: 'Access to a dunder attribute outside the policy\'s allowlist',
    defaultSeverity: 'error',
    docs: {
      what: 'Any attribute access `x.__name__` whose name (after NFKC normalisation) starts and ends with two underscores and is not in the policy\'s attribute allowlist. Each step of a chain is reported: `().__class__.__bases__[0].__subclasses__()` gives three findings. Under a policy that allows `__init__`, a method handing on to its parent\'s implementation of itself (`super().__new__(cls)` inside `def __new__`, `super().__eq__(o)` inside `def __eq__`) is not reported.',
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
        const name = normalizeIdentifier(attr.text);
        if (!isDunder(name) || isAttributeAllowed(policy, name)) return;
        // Only under a policy that accepts `super().__init__()`: one that reports it reports these too.
        if (isAttributeAllowed(policy, '__init__') && delegatesToParent(context, node, name)) return;
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
      { code: "class Singleton:\n    _instance = None\n    def __new__(cls):\n        if cls._instance is None:\n            cls._instance = super().__new__(cls)\n        return cls._instance", note: "hands on to the parent's implementation of the method being defined" },
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
      {
        code: "class Sneaky:\n    def __new__(cls):\n        return super().__subclasses__()\n    def make(self):\n        return super().__new__(type(self))",
        errors: [{ range: "3:24-3:38", message: "dunder attribute '__subclasses__' (class-hierarchy traversal) is not allowed by policy 'strict'" }, { range: "5:24-5:31", message: "dunder attribute '__new__' (reflection hook) is not allowed by policy 'strict'" }],
        note: "another dunder, or outside the method of that name",
      },
    ],
  },
};
