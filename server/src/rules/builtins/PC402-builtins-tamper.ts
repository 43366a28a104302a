import type { Node } from '../../parser';
import { normalizeIdentifier } from '../../semantics';
import { positionalArguments, pushNamedChildren } from '../../semantics/syntax';
import { storeTargetVisitor, TARGET_GROUPS } from '../shared/storeTargets';
import type { Rule, RuleContext } from '../types';
import { bindingFormOf, bindingVerb, checkedNameVisitor, isBoundName } from '../restricted/checkedNames';

/**
 * Guards other hosts put in the namespace of the code they run, by name: Odoo's `safe_eval` turns
 * every call `f(x)` into `_save_eval_call(f, x)`, which checks what is called.
 */
const HOST_GUARDS: ReadonlyMap<string, string> = new Map([['_save_eval_call', "Odoo's call guard"]]);

/** RestrictedPython's guard hooks (`_getattr_`, `_write_`, ...): single underscores both sides; and `HOST_GUARDS`. */
function isGuardName(name: string): boolean {
  // Asked of every name: most neither start nor end with an underscore.
  if (name.charCodeAt(0) !== 95) return false;
  if (name.charCodeAt(name.length - 1) !== 95) return HOST_GUARDS.has(name);
  return /^_[a-z][a-z_]*[a-z]_$/.test(name) && !name.startsWith('__');
}

/** The binding forms `storeTargetVisitor` checks the targets of. */
const STORE_TARGET_FORMS = new Set(['assignment', 'augmented_assignment', 'delete_statement', 'for_statement', 'for_in_clause', 'with_item']);

/** Whether a stored name is a target `storeTargetVisitor` checks: an assignment's, `del`'s, a loop's or a `with`'s. */
function isPlainStoreTarget(node: Node): boolean {
  const form = bindingFormOf(node);
  return !!form && (STORE_TARGET_FORMS.has(form.type) || (form.type === 'as_pattern' && form.parent?.type === 'with_item'));
}

/**
 * The `enum` module's own hooks, spelled like a guard (`_missing_`, `_generate_next_value_`):
 * Enum reads them from the class it builds, so in a class body they are an enum's, not a guard.
 */
const ENUM_HOOKS = new Set(['_missing_', '_generate_next_value_', '_ignore_', '_order_', '_numeric_repr_', '_add_alias_', '_add_value_alias_']);

/** Whether a name is bound in a class body (a method name, a class attribute), not in a def or module. */
function isClassBodyBinding(node: Node): boolean {
  let p = node.parent;
  if (p?.type === 'function_definition' || p?.type === 'class_definition') p = p.parent;
  for (; p; p = p.parent) {
    if (p.type === 'class_definition') return true;
    if (p.type === 'function_definition' || p.type === 'lambda' || p.type === 'module') return false;
  }
  return false;
}

/** Whether an expression denotes the builtins module or its dict. */
function isBuiltins(context: RuleContext, node: Node): boolean {
  return context.semantics.qualifiedNames(node).some((q) => q === 'builtins' || q === 'builtins.__dict__');
}

const MUTATORS = new Set(['update', 'pop', 'popitem', 'clear', 'setdefault', '__setitem__', '__delitem__', '__setattr__', '__delattr__']);
const SETTERS = new Set(['builtins.setattr', 'builtins.delattr', 'builtins.dict.__setitem__', 'builtins.dict.__delitem__', 'builtins.dict.update', 'builtins.dict.pop', 'builtins.dict.clear', 'builtins.object.__setattr__']);

export const builtinsTamper: Rule = {
  meta: {
    code: 'PC402',
    name: 'builtins-tamper',
    summary: 'Changing the builtins module, or rebinding the host\'s guard names',
    defaultSeverity: 'error',
    docs: {
      what: 'Assignment (also as a `for`, comprehension or `with ... as` target), `del` or update through `__builtins__`, `builtins`/`__builtin__`, or `__builtins__.__dict__` (`__builtins__["open"] = ...`, `del __builtins__`, `builtins.SUPERGLOBAL = 42`, `setattr(__builtins__, ...)`, `__builtins__.update(...)`, `dict.__delitem__(__builtins__, "__import__")`), binding `__builtins__` in any other form (`except ... as __builtins__`, which also deletes it at the end of the clause, `import json as __builtins__`, a walrus, a `def` or `class`, a name a `case` pattern captures; not a parameter, which is the function\'s own), binding Odoo\'s call guard `_save_eval_call` (its `safe_eval` turns every call into one of it), and binding a RestrictedPython guard name in any binding form (`_getattr_ = getattr`, a parameter named `_write_`, `def _getitem_`, `class _getattr_`, `import json as _getiter_`, a `for` or `with ... as` target, a name a `case` pattern captures: `case _getattr_:`, `case [*_write_]`, `case Box(inner=_getiter_)`). The `enum` hooks spelled like guards (`_missing_`, `_generate_next_value_`, `_ignore_`, `_order_`) are fine in a class body.',
      why: 'The builtins module is shared by every module in the host process: a plugin that replaces `open` or deletes `__import__` changes the host itself, and one that rebinds `_getattr_` or `_write_` switches off the guard RestrictedPython inserted around its attribute access (CVE-2026-55830 shadowed `_write_` with a positional-only parameter). `rexec` made builtins read-only for this reason.',
      example: '__builtins__["open"] = lambda *a: None\ndel __builtins__\n_getattr_ = getattr',
      instead: 'Keep your own names in your own module; never write to builtins.',
    },
  },
  create(context) {
    const { policy, semantics } = context;
    const report = (node: Node, what: string): void =>
      context.report({ node, message: `${what} changes the builtins the host shares; not allowed by policy '${policy.name}'` });

    const checkTarget = (target: Node, verb: string): void => {
      const stack = [target];
      while (stack.length) {
        const t = stack.pop()!;
        if (TARGET_GROUPS.has(t.type)) {
          pushNamedChildren(stack, t);
          continue;
        }
        if (t.type === 'identifier') {
          const name = normalizeIdentifier(t.text);
          if (name === '__builtins__' || name === '__builtin__') report(t, `${verb} '${name}'`);
          continue;
        }
        const object = t.childForFieldName(t.type === 'attribute' ? 'object' : 'value');
        if ((t.type === 'attribute' || t.type === 'subscript') && object && isBuiltins(context, object)) report(t, `${verb} '${t.text}'`);
      }
    };

    const guardBindings = checkedNameVisitor((checked) => {
      if (checked.kind === 'load') return;
      if (checked.name === '__builtins__') {
        // Assignments, `del`, loop and `with` targets are the store targets' (below); the other
        // forms bind it too, and `except ... as __builtins__` deletes it again at the clause's end.
        if (checked.kind !== 'parameter' && isBoundName(checked) && !(checked.kind === 'store' && isPlainStoreTarget(checked.node))) report(checked.node, `${bindingVerb(checked)} '${checked.name}'`);
        return;
      }
      if (!isGuardName(checked.name) || (ENUM_HOOKS.has(checked.name) && isClassBodyBinding(checked.node))) return;
      context.report({ node: checked.node, message: `${bindingVerb(checked)} '${checked.name}' rebinds ${HOST_GUARDS.get(checked.name) ?? 'a RestrictedPython guard'}; not allowed by policy '${policy.name}'` });
    }, (name) => isGuardName(name) || name === '__builtins__');

    return {
      ...guardBindings,
      ...storeTargetVisitor(checkTarget),
      call(node) {
        const fn = node.childForFieldName('function');
        if (!fn) return;
        const args = positionalArguments(node);
        if (semantics.qualifiedNames(fn).some((q) => SETTERS.has(q)) && args[0] && isBuiltins(context, args[0])) {
          report(node, `'${fn.text}' on builtins`);
          return;
        }
        if (fn.type === 'attribute') {
          const method = normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '');
          const object = fn.childForFieldName('object');
          if (MUTATORS.has(method) && object && isBuiltins(context, object)) report(node, `'${method}' on builtins`);
        }
      },
    };
  },
  tests: {
    valid: [
      'open_count = 0\nopen_count += 1',
      'settings = {}\nsettings["open"] = True',
      'def _helper():\n    return 1',
      { code: 'match event:\n    case Guard._getattr_:\n        pass\n    case Box(_write_=value):\n        pass', note: 'a dotted value pattern and a keyword pattern\'s attribute name read, they do not capture' },
      'import builtins_helper\nbuiltins_helper.x = 1',
      'x = __name__',
      'value = _getattr_(obj, "name")',
      'def helper(_private_ok):\n    return _private_ok',
      { code: 'def check(__builtins__):\n    return __builtins__\n_save_eval_calls = 0', note: "a parameter is the function's own name; not Odoo's guard" },
      { code: 'import enum\nclass Method(str, enum.Enum):\n    def _generate_next_value_(name, start, count, last_values):\n        return name.lower()\n    GET = enum.auto()', note: 'an Enum hook, not a guard' },
      'from enum import Enum\nclass Level(Enum):\n    LOW = 1\n    @classmethod\n    def _missing_(cls, value):\n        return cls.LOW',
    ],
    invalid: [
      {
        code: 'try:\n    p\nexcept NameError as __builtins__:\n    pass\nimport json as __builtins__\nif (__builtins__ := {}):\n    pass\ndef __builtins__():\n    pass',
        errors: [
          { range: '3:21-3:33', message: "binding '__builtins__' changes the builtins the host shares; not allowed by policy 'strict'" },
          { range: '5:16-5:28', message: "importing as '__builtins__' changes the builtins the host shares; not allowed by policy 'strict'" },
          { range: '6:5-6:17', message: "assigning '__builtins__' changes the builtins the host shares; not allowed by policy 'strict'" },
          { range: '8:5-8:17', message: "defining function '__builtins__' changes the builtins the host shares; not allowed by policy 'strict'" },
        ],
        note: 'every binding form rebinds it; `except ... as` also deletes it at the end of the clause',
      },
      { code: '_save_eval_call = lambda callee, *args: callee(*args)', errors: [{ range: '1:1-1:16', message: "assigning '_save_eval_call' rebinds Odoo's call guard; not allowed by policy 'strict'" }] },
      { code: '__builtins__["open"] = lambda *args: None', errors: [{ range: '1:1-1:21', message: "assigning '__builtins__[\"open\"]' changes the builtins the host shares; not allowed by policy 'strict'" }] },
      { code: 'for __builtins__["open"] in [None]:\n    pass', errors: [{ range: '1:5-1:25', message: "looping over '__builtins__[\"open\"]' changes the builtins the host shares; not allowed by policy 'strict'" }], note: 'a loop target stores as an assignment does' },
      { code: 'del __builtins__', errors: [{ range: '1:5-1:17', message: "deleting '__builtins__' changes the builtins the host shares; not allowed by policy 'strict'" }] },
      { code: '__builtins__.SUPERGLOBAL = 42', errors: [{ range: '1:1-1:25', message: "assigning '__builtins__.SUPERGLOBAL' changes the builtins the host shares; not allowed by policy 'strict'" }] },
      { code: 'dict.__delitem__(__builtins__, "__import__")', errors: [{ range: '1:1-1:45', message: "'dict.__delitem__' on builtins changes the builtins the host shares; not allowed by policy 'strict'" }] },
      { code: '_getattr_ = getattr', errors: [{ range: '1:1-1:10', message: "assigning '_getattr_' rebinds a RestrictedPython guard; not allowed by policy 'strict'" }] },
      { code: 'class A:\n    _getattr_ = getattr', errors: [{ range: '2:5-2:14', message: "assigning '_getattr_' rebinds a RestrictedPython guard; not allowed by policy 'strict'" }], note: 'a class body looks its names up in its own namespace first' },
      { code: 'def _missing_(cls, value):\n    return None', errors: [{ range: '1:5-1:14', message: "defining function '_missing_' rebinds a RestrictedPython guard; not allowed by policy 'strict'" }], note: 'an Enum hook name is excused only in a class body' },
      { code: 'def poison(_write_, /):\n    pass', errors: [{ range: '1:12-1:19', message: "parameter '_write_' rebinds a RestrictedPython guard; not allowed by policy 'strict'" }] },
      { code: 'def _getitem_(obj, key):\n    return obj[key]', errors: [{ range: '1:5-1:14', message: "defining function '_getitem_' rebinds a RestrictedPython guard; not allowed by policy 'strict'" }] },
      { code: 'class _getattr_:\n    pass', errors: [{ range: '1:7-1:16', message: "defining class '_getattr_' rebinds a RestrictedPython guard; not allowed by policy 'strict'" }] },
      { code: 'import json as _getiter_', errors: [{ range: '1:16-1:25', message: "importing as '_getiter_' rebinds a RestrictedPython guard; not allowed by policy 'strict'" }] },
      { code: 'for _write_ in [1]:\n    pass', errors: [{ range: '1:5-1:12', message: "looping over '_write_' rebinds a RestrictedPython guard; not allowed by policy 'strict'" }] },
      { code: 'with ctx() as _getitem_:\n    pass', errors: [{ range: '1:15-1:24', message: "binding '_getitem_' rebinds a RestrictedPython guard; not allowed by policy 'strict'" }] },
      {
        code: 'match getattr:\n    case _getattr_:\n        pass\n    case [*_write_] | {"k": _getitem_, **_print_}:\n        pass\n    case Box(inner=_getiter_) | (int() as _apply_):\n        pass\n    case _:\n        pass',
        errors: [
          { range: '2:10-2:19', message: "capturing '_getattr_' rebinds a RestrictedPython guard; not allowed by policy 'strict'" },
          { range: '4:12-4:19', message: "capturing '_write_' rebinds a RestrictedPython guard; not allowed by policy 'strict'" },
          { range: '4:29-4:38', message: "capturing '_getitem_' rebinds a RestrictedPython guard; not allowed by policy 'strict'" },
          { range: '4:42-4:49', message: "capturing '_print_' rebinds a RestrictedPython guard; not allowed by policy 'strict'" },
          { range: '6:20-6:29', message: "capturing '_getiter_' rebinds a RestrictedPython guard; not allowed by policy 'strict'" },
          { range: '6:43-6:50', message: "capturing '_apply_' rebinds a RestrictedPython guard; not allowed by policy 'strict'" },
        ],
        note: 'a case pattern stores the subject (or a part of it) in the names it captures',
      },
      { code: 'handler = lambda _print_=None: _print_', errors: [{ range: '1:18-1:25', message: "parameter '_print_' rebinds a RestrictedPython guard; not allowed by policy 'strict'" }] },
      { code: 'import __builtin__\n__builtin__.open = None', errors: [{ range: '2:1-2:17', message: "assigning '__builtin__.open' changes the builtins the host shares; not allowed by policy 'strict'" }], note: 'Python 2' },
      { code: 'b = __builtins__\nb.update({"open": None})', errors: [{ range: '2:1-2:25', message: "'update' on builtins changes the builtins the host shares; not allowed by policy 'strict'" }] },
    ],
  },
};
