import { isBuiltinAllowed } from '../../policy/queries';
import type { Rule } from '../types';
import { checkedNameVisitor, RP_RESERVED_NAMES } from './checkedNames';

/** Why RestrictedPython reserves each name. */
const REASONS: Record<string, string> = {
  print: 'RestrictedPython turns print() into a call to its print collector',
  printed: 'RestrictedPython binds it to the text the plugin printed',
  builtins: 'it names the module that holds every unrestricted builtin',
  breakpoint: 'it starts a debugger in the host process',
};

export const reservedName: Rule = {
  meta: {
    code: 'PC702',
    name: 'reserved-name',
    summary: 'Binding `print` or `printed`, or using `builtins` or `breakpoint` (RestrictedPython\'s reserved names)',
    defaultSeverity: 'error',
    docs: {
      what: 'The names RestrictedPython 8.x reserves (`FORBIDDEN_FUNC_NAMES`) wherever its `check_name` looks: `print` and `printed` as an assigned, deleted or loop variable, a function, class, parameter or imported name, or an `except ... as` target (reading them is fine: `print(x)` and `return printed` are how RestrictedPython scripts print); `builtins` and `breakpoint` anywhere, reads included. A `breakpoint()` call is left to PC401 when that rule runs and the builtin is not allowed. Off in `strict`; on in `restrictedpython` and `audit`.',
      why: 'RestrictedPython rewrites every `print(...)` into a call of the print collector it injects (`_print._call_print(...)`) and every read of `printed` into the text collected so far (`_print()`), so a binding of either name would be silently bypassed by that rewrite (`printed = "ok"` followed by `return printed` still returns the collected text): the name would no longer mean what the code says, so RestrictedPython refuses to bind it. `builtins` names the module that holds the unrestricted builtins (`builtins.__import__`, `builtins.open`) the sandbox took away; `breakpoint()` stops the host in a debugger on its own terminal.',
      example: 'import builtins\nprinted = "all good"\ndef print(*args):\n    pass',
      instead: 'Call `print(...)` and read `printed` without rebinding them; use the builtins the host put in the namespace.',
      references: ['RestrictedPython `transformer.py`: `FORBIDDEN_FUNC_NAMES`, `check_name`, `visit_Name`'],
    },
  },
  create(context) {
    const { policy, semantics } = context;
    return checkedNameVisitor(({ node, name, kind }) => {
      if (!RP_RESERVED_NAMES.has(name)) return;
      // RestrictedPython rewrites reads of print and printed instead of refusing them.
      if (kind === 'load' && (name === 'print' || name === 'printed')) return;
      // PC401 reports a reference to the builtin breakpoint that the policy does not allow
      // (`builtins` is a module, not a builtin: nothing else reports reading it).
      if (kind === 'load' && name === 'breakpoint' && context.isEnabled('PC401') && !isBuiltinAllowed(policy, name) && semantics.isBuiltinReference(node)) return;
      context.report({
        node,
        message: `'${name}' is a reserved name: ${REASONS[name]}; not allowed by policy '${policy.name}' (RestrictedPython: check_name)`,
      });
    }, (name) => RP_RESERVED_NAMES.has(name));
  },
  tests: {
    valid: [
      { preset: 'restrictedpython', code: 'print("total", total)\nresult = printed', note: 'reads are rewritten, not refused' },
      { preset: 'restrictedpython', code: 'printer = make_printer()\nprinted_pages = 3\nmy_builtins = []' },
      { preset: 'restrictedpython', code: 'render(print=False)', note: 'keyword-argument names are not checked' },
      { preset: 'restrictedpython', code: 'job.print = True\nvalue = job.builtins', note: 'attributes are not names' },
      { preset: 'restrictedpython', code: 'text = "import builtins; breakpoint()"' },
    ],
    invalid: [
      {
        preset: 'restrictedpython',
        code: 'import builtins\nopener = builtins.open',
        errors: [
          { range: '1:8-1:16', message: "'builtins' is a reserved name: it names the module that holds every unrestricted builtin; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" },
          { range: '2:10-2:18', message: "'builtins' is a reserved name: it names the module that holds every unrestricted builtin; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" },
        ],
      },
      {
        preset: 'restrictedpython',
        code: 'printed = "all good"',
        errors: [{ range: '1:1-1:8', message: "'printed' is a reserved name: RestrictedPython binds it to the text the plugin printed; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" }],
      },
      {
        preset: 'restrictedpython',
        code: 'def print(*args):\n    pass',
        errors: [{ range: '1:5-1:10', message: "'print' is a reserved name: RestrictedPython turns print() into a call to its print collector; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" }],
      },
      {
        preset: 'restrictedpython',
        code: 'def show(value, print=None):\n    for printed in value:\n        pass',
        errors: [
          { range: '1:17-1:22', message: "'print' is a reserved name: RestrictedPython turns print() into a call to its print collector; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" },
          { range: '2:9-2:16', message: "'printed' is a reserved name: RestrictedPython binds it to the text the plugin printed; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" },
        ],
      },
      {
        preset: 'restrictedpython',
        code: 'breakpoint()',
        errors: [{ range: '1:1-1:11', message: "'breakpoint' is a reserved name: it starts a debugger in the host process; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" }],
        note: 'run alone; under the full rule set PC401 reports the builtin',
      },
      {
        preset: 'restrictedpython',
        code: 'from host import log as print\nｐｒｉｎｔｅｄ += "x"',
        errors: [
          { range: '1:25-1:30', message: "'print' is a reserved name: RestrictedPython turns print() into a call to its print collector; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" },
          { range: '2:1-2:8', message: "'printed' is a reserved name: RestrictedPython binds it to the text the plugin printed; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" },
        ],
        note: 'fullwidth letters normalise (NFKC) to `printed`',
      },
    ],
  },
};
