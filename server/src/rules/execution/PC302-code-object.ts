import type { Node } from '../../parser';
import { normalizeIdentifier } from '../../semantics';
import type { Rule, RuleContext } from '../types';
import { denotationVisitor, describeAs } from '../shared/denotations';

/** Constructors of code and function objects: byte code the checker never saw becomes callable. */
const CONSTRUCTORS: Record<string, string> = {
  'types.CodeType': 'builds a code object from raw byte code',
  'types.FunctionType': 'builds a function from a code object and a globals dict of its choosing',
  'types.LambdaType': 'builds a function from a code object and a globals dict of its choosing',
  'types.MethodType': 'binds a function to an object of its choosing',
  'new.code': 'builds a code object from raw byte code',
  'new.function': 'builds a function from a code object',
  'new.instancemethod': 'binds a function to an object of its choosing',
};

const CODE_ATTRIBUTES = new Set(['__code__', 'func_code', 'gi_code', 'cr_code', 'ag_code', 'f_code']);

/** True when an expression reads a code object: `f.__code__`, or a name bound to one. */
function isCodeObject(context: RuleContext, node: Node): boolean {
  if (node.type === 'attribute') return CODE_ATTRIBUTES.has(normalizeIdentifier(node.childForFieldName('attribute')?.text ?? ''));
  if (node.type === 'identifier') {
    return context.semantics.bindingsOf(node).some((b) => b.value && b.value.type === 'attribute' && isCodeObject(context, b.value));
  }
  return false;
}

export const codeObject: Rule = {
  meta: {
    code: 'PC302',
    name: 'code-object',
    summary: 'Building or rewriting code and function objects',
    defaultSeverity: 'error',
    docs: {
      what: '`types.CodeType`, `types.FunctionType`/`LambdaType`, `types.MethodType`, Python 2 `new.code`/`new.function`, the same types reached as `type(f.__code__)` or `type(lambda: 0)`, and `.replace(...)` on a code object (`f.__code__.replace(co_code=...)`).',
      why: 'A code object is byte code: building one runs instructions no source check has seen, and a function built with a globals dict of the caller\'s choosing gets a fresh `__builtins__`. The PyCon 2014 talk\'s `func_code` swap and CVE-2026-4963 replace a function\'s code wholesale.',
      example: 'import types\nx = types.CodeType(0, 0, 0, 0, 0, 0, bytes.fromhex(h), (), (), (), "a", "b", "c", 0, b"", b"", (), ())\nFn = type(lambda: 0)\nrebuilt = Fn(handler.__code__, {})',
      instead: 'Define functions with `def`; compose behaviour by passing functions, not code.',
    },
  },
  create(context) {
    const { policy } = context;
    const visitor = denotationVisitor(context, (value, node) => {
      const why = CONSTRUCTORS[value.name];
      return why ? `${describeAs(value.name, node)} ${why}; not allowed by policy '${policy.name}'` : undefined;
    });
    return {
      ...visitor,
      call(node: Node) {
        const fn = node.childForFieldName('function');
        if (fn?.type !== 'attribute' || normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '') !== 'replace') return;
        const object = fn.childForFieldName('object');
        if (object && isCodeObject(context, object)) {
          context.report({ node: fn, message: `'.replace()' on a code object rewrites its byte code or names; not allowed by policy '${policy.name}'` });
        }
      },
    };
  },
  tests: {
    valid: [
      'text = "a-b".replace("-", "_")',
      'import datetime\nd = datetime.date(2020, 1, 1).replace(year=2021)',
      'def f():\n    pass\nf()',
      'code = "x"\ncode.replace("x", "y")',
      'CodeType = 1\nCodeType + 1',
    ],
    invalid: [
      { code: 'import types\nc = types.CodeType(0)', errors: [{ range: '2:5-2:19', message: "'types.CodeType' builds a code object from raw byte code; not allowed by policy 'strict'" }] },
      {
        code: 'Fn = type(lambda: 0)\nrebuilt = Fn(code, {})',
        errors: [
          { range: '1:6-1:21', message: "'types.FunctionType' (as 'type(lambda: 0)') builds a function from a code object and a globals dict of its choosing; not allowed by policy 'strict'" },
          { range: '2:11-2:13', message: "'types.FunctionType' (as 'Fn') builds a function from a code object and a globals dict of its choosing; not allowed by policy 'strict'" },
        ],
      },
      {
        code: 'def f():\n    pass\nf.__code__ = f.__code__.replace(co_names=("system",))',
        errors: [{ range: '3:14-3:32', message: "'.replace()' on a code object rewrites its byte code or names; not allowed by policy 'strict'" }],
      },
      {
        code: 'from types import FunctionType as F\nF(c, {})',
        errors: [{ range: '2:1-2:2', message: "'types.FunctionType' (as 'F') builds a function from a code object and a globals dict of its choosing; not allowed by policy 'strict'" }],
      },
      {
        code: 'import new\nf = new.function(code, {})',
        errors: [{ range: '2:5-2:17', message: "'new.function' builds a function from a code object; not allowed by policy 'strict'" }],
        note: 'Python 2 module new',
      },
      {
        code: 'co = fn.func_code\nco2 = co.replace(co_code=b"")',
        errors: [{ range: '2:7-2:17', message: "'.replace()' on a code object rewrites its byte code or names; not allowed by policy 'strict'" }],
      },
    ],
  },
};
