import { isBuiltinAllowed } from '../../policy/queries';
import type { Rule } from '../types';
import { BUILTINS_OWNED_BY, KNOWN_BUILTINS } from './knownBuiltins';
import { denotationVisitor, describeAs } from '../shared/denotations';

export const builtinNotAllowed: Rule = {
  meta: {
    code: 'PC401',
    name: 'builtin-not-allowed',
    summary: 'Reference to a builtin outside the policy\'s builtins allowlist',
    defaultSeverity: 'error',
    docs: {
      what: 'A reference to a builtin that the policy does not allow: `open`, `file`, `input`, `raw_input`, `breakpoint`, `help`, `dir`, `memoryview`, `copyright`/`credits`/`license`, `reduce`, … — called or not (`o = open` is an alias). Resolution is by scope: a parameter, local, import, class or global named `input` is not the builtin. Builtins that another rule reports more precisely (`eval` → PC301, `getattr` → PC206, `globals` → PC503, `exit` → PC501, `reload` → PC102) are left to that rule while it is enabled.',
      why: 'The builtins are the sandbox\'s second wall: `open` reads the host\'s files (`file("test.txt", "w")` in the PyCon 2014 talk), `input` blocks the host on its standard input, `breakpoint` drops into a debugger, `license._Printer__filenames` reads any file, `help()` starts a pager. `rexec` replaced `open` with a read-only one for this reason.',
      example: 'data = open("/etc/passwd").read()\nname = input("Name: ")',
      instead: 'Use only the builtins the host allows; read files through the host\'s API.',
    },
  },
  create(context) {
    const { policy } = context;
    // Denotations, not identifiers: `b = __builtins__; b.open(...)` and `o = open; o()` are the builtin too.
    return denotationVisitor(context, (value, node) => {
      if (!value.name.startsWith('builtins.')) return undefined;
      const name = value.name.slice('builtins.'.length);
      if (!KNOWN_BUILTINS.has(name) || isBuiltinAllowed(policy, name)) return undefined;
      const owner = BUILTINS_OWNED_BY[name];
      if (owner && context.isEnabled(owner)) return undefined;
      return `builtin ${describeAs(name, node)} is not allowed by policy '${policy.name}'`;
    });
  },
  tests: {
    valid: [
      'print(len([1, 2]), sorted({3, 1}))',
      'def ask(input):\n    return input("x")',
      'from io_helpers import open_session as open\nopen()',
      'class Box:\n    open = True\n    def go(self):\n        return self.open',
      'for i in xrange(10):\n    print i',
      { code: 'print reduce(lambda a, b: a + b, [1, 2, 3], 0)', note: 'Python 2 builtin reduce: pure computation, as in rexec' },
      { code: 'x = input("a")', allowBuiltins: ['input'] },
    ],
    invalid: [
      { code: 'data = open("/etc/passwd").read()', errors: [{ range: '1:8-1:12', message: "builtin 'open' is not allowed by policy 'strict'" }] },
      { code: 'name = input("Name: ")', errors: [{ range: '1:8-1:13', message: "builtin 'input' is not allowed by policy 'strict'" }] },
      { code: 'file("x.txt", "w").write("Kaboom!\\n")', errors: [{ range: '1:1-1:5', message: "builtin 'file' is not allowed by policy 'strict'" }], note: 'Python 2' },
      {
        code: 'o = open\no("x")',
        errors: [
          { range: '1:5-1:9', message: "builtin 'open' is not allowed by policy 'strict'" },
          { range: '2:1-2:2', message: "builtin 'open' (as 'o') is not allowed by policy 'strict'" },
        ],
      },
      {
        code: 'b = __builtins__\nb.open("x")',
        errors: [{ range: '2:1-2:7', message: "builtin 'open' (as 'b.open') is not allowed by policy 'strict'" }],
      },
      { code: 'breakpoint()', errors: [{ range: '1:1-1:11', message: "builtin 'breakpoint' is not allowed by policy 'strict'" }] },
      { code: 'def f():\n    return ｏｐｅｎ', errors: [{ range: '2:12-2:16', message: "builtin 'open' (as 'ｏｐｅｎ') is not allowed by policy 'strict'" }] },
    ],
  },
};
