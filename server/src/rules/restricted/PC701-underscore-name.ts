import { identifierName, isDunder } from '../../semantics';
import { isAttributeAllowed } from '../../policy/queries';
import type { Rule } from '../types';
import { INTERNAL_ATTRIBUTES, isMangledPrivate } from '../shared/attributes';
import { checkedNameVisitor, RP_ALLOWED_FUNC_NAMES, RP_INSPECT_ATTRIBUTES, type CheckedNameKind } from './checkedNames';

const LABELS: Record<CheckedNameKind, string> = {
  load: 'name',
  store: 'name',
  function: 'function name',
  class: 'class name',
  parameter: 'parameter',
  import: 'imported name',
};

export const underscoreName: Rule = {
  meta: {
    code: 'PC701',
    name: 'underscore-name',
    summary: 'A name or attribute RestrictedPython\'s name checks refuse: a leading `_`, a trailing `__roles__`, its frame and generator attributes',
    defaultSeverity: 'error',
    docs: {
      what: 'RestrictedPython\'s `check_name` and `visit_Attribute`: every variable name (read, written or deleted), function, class, parameter and imported name, `except ... as` target and attribute that starts with `_` — except the bare `_` and the methods RestrictedPython lets a class define (`__init__`, `__contains__`, `__lt__`, `__le__`, `__eq__`, `__ne__`, `__gt__`, `__ge__`, not at column 0) — every name or attribute ending in `__roles__`, and the attributes of RestrictedPython\'s `INSPECT_ATTRIBUTES` (`gi_frame`, `f_back`, `f_globals`, `tb_frame`, `co_code`, `cr_frame`, `f_generator`, …). Positional-only parameter names are checked too, which RestrictedPython\'s `check_function_argument_names` skips (CVE-2026-55830: `def f(_write_, /)` shadows a guard). Keyword-argument names and the module in `from _m import x` are not checked, as in RestrictedPython. Names in the policy\'s attribute allowlist are allowed. When PC201, PC202 or PC203 is enabled it reports dunder attributes, dunder reads, mangled privates and the frame attributes it knows itself, so this rule leaves those to it. Off in `strict`; on in `restrictedpython` and `audit`.',
      why: 'RestrictedPython enforces its policy at run time through names it injects that start with `_`: `_getattr_`, `_getitem_`, `_write_`, `_getiter_`, `_print_`, `_apply_`, `_inplacevar_`. Plugin code that binds one of them (`def _getattr_(obj, name): ...`, `import os as _write_`) replaces the guard and turns the sandbox off. Attributes that start with `_` are the way to dunders (`().__class__.__bases__`, `f.__globals__`) and to name-mangled privates (`license._Printer__filenames` reads any file). `__roles__` is Zope\'s permission declaration: `method__roles__ = None` makes a protected method public. A generator\'s `gi_frame.f_back.f_globals` reaches the host\'s globals (CVE-2023-37271).',
      example: 'def _getattr_(obj, name):\n    return getattr(obj, name)\nsecret = account._balance\nclass Hook:\n    def __repr__(self):\n        return "hook"',
      instead: 'Use names and attributes without a leading underscore; in a class, only `__init__`, `__contains__` and the comparison methods may be defined.',
      references: ['RestrictedPython `transformer.py`: `check_name`, `visit_Attribute`, `ALLOWED_FUNC_NAMES`, `INSPECT_ATTRIBUTES`'],
    },
  },
  create(context) {
    const { policy } = context;
    const suffix = (mirror: string): string => `not allowed by policy '${policy.name}' (RestrictedPython: ${mirror})`;
    return {
      ...checkedNameVisitor(({ node, name, kind, atColumnZero }) => {
        if (name === '_') return;
        const label = LABELS[kind];
        if (name.startsWith('_')) {
          if (isAttributeAllowed(policy, name)) return;
          if (kind === 'function' && RP_ALLOWED_FUNC_NAMES.has(name)) {
            if (!atColumnZero) return;
            context.report({ node, message: `function name '${name}' is allowed only for a method, not at module level; ${suffix('check_name')}` });
            return;
          }
          // PC202 reports reads of dunder names with the escape family they belong to.
          if (kind === 'load' && isDunder(name) && context.isEnabled('PC202')) return;
          const hint = kind === 'function' && isDunder(name) ? ' (only __init__, __contains__ and the comparison methods are allowed)' : '';
          context.report({ node, message: `${label} '${name}' starts with '_'${hint}; ${suffix('check_name')}` });
        } else if (name.endsWith('__roles__')) {
          context.report({ node, message: `${label} '${name}' ends with '__roles__'; ${suffix('check_name')}` });
        }
      }, (name) => name.startsWith('_') || name.endsWith('__roles__')),
      attribute(node) {
        const attr = node.childForFieldName('attribute');
        if (!attr) return;
        const name = identifierName(attr);
        if (name === '_') return;
        if (name.startsWith('_')) {
          if (isAttributeAllowed(policy, name)) return;
          // PC201 and PC203 name the escape a dunder or a mangled private opens.
          if (isDunder(name) && context.isEnabled('PC201')) return;
          if (isMangledPrivate(name) && context.isEnabled('PC203')) return;
          context.report({ node: attr, message: `attribute '${name}' starts with '_'; ${suffix('visit_Attribute')}` });
        } else if (name.endsWith('__roles__')) {
          context.report({ node: attr, message: `attribute '${name}' ends with '__roles__'; ${suffix('visit_Attribute')}` });
        } else if (RP_INSPECT_ATTRIBUTES.has(name) && !(INTERNAL_ATTRIBUTES.has(name) && context.isEnabled('PC203'))) {
          context.report({ node: attr, message: `attribute '${name}' reaches frames, code or generator internals; ${suffix('visit_Attribute, INSPECT_ATTRIBUTES')}` });
        }
      },
    };
  },
  tests: {
    valid: [
      { preset: 'restrictedpython', code: 'for _ in range(3):\n    total = total + 1', note: 'the bare `_` is allowed' },
      {
        preset: 'restrictedpython',
        code: 'class Money:\n    def __init__(self, cents):\n        self.cents = cents\n    def __eq__(self, other):\n        return self.cents == other.cents\n    def __lt__(self, other):\n        return self.cents < other.cents',
        note: 'the methods RestrictedPython allows a class to define',
      },
      { preset: 'restrictedpython', code: 'result = compute(value, _scale=2)', note: 'keyword-argument names are not checked' },
      { preset: 'restrictedpython', code: 'from _helpers import tidy', note: 'the module of a from-import is not bound, so not checked' },
      { preset: 'restrictedpython', code: 'label = item.name_\ntext = "_private and __class__ in a string"' },
      {
        preset: 'restrictedpython',
        code: 'def make_bag():\n    class Bag:\n        def __contains__(self, item):\n            return False\n    return Bag()',
        note: 'a method of a class defined inside a function',
      },
      { preset: 'restrictedpython', code: 'x = obj.__doc__', allowAttributes: ['__doc__'], note: 'a host that allows an attribute overrides the name check' },
    ],
    invalid: [
      {
        preset: 'restrictedpython',
        code: 'def _getattr_(obj, name):\n    return obj',
        errors: [{ range: '1:5-1:14', message: "function name '_getattr_' starts with '_'; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" }],
        note: 'rebinding the guard RestrictedPython calls for every attribute access',
      },
      {
        preset: 'restrictedpython',
        code: 'secret = account._balance',
        errors: [{ range: '1:18-1:26', message: "attribute '_balance' starts with '_'; not allowed by policy 'restrictedpython' (RestrictedPython: visit_Attribute)" }],
      },
      {
        preset: 'restrictedpython',
        code: 'class Hook:\n    def __repr__(self):\n        return "hook"',
        errors: [
          {
            range: '2:9-2:17',
            message: "function name '__repr__' starts with '_' (only __init__, __contains__ and the comparison methods are allowed); not allowed by policy 'restrictedpython' (RestrictedPython: check_name)",
          },
        ],
      },
      {
        preset: 'restrictedpython',
        code: 'def __init__(self):\n    pass',
        errors: [{ range: '1:5-1:13', message: "function name '__init__' is allowed only for a method, not at module level; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" }],
      },
      {
        preset: 'restrictedpython',
        code: 'import os as _write_\nfrom json import _default_decoder',
        errors: [
          { range: '1:14-1:21', message: "imported name '_write_' starts with '_'; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" },
          { range: '2:18-2:34', message: "imported name '_default_decoder' starts with '_'; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" },
        ],
      },
      {
        preset: 'restrictedpython',
        code: 'def area(_w, *_rest, **_opts):\n    first, *_more = _rest\n    return lambda _h: _w',
        errors: [
          { range: '1:10-1:12', message: "parameter '_w' starts with '_'; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" },
          { range: '1:15-1:20', message: "parameter '_rest' starts with '_'; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" },
          { range: '1:24-1:29', message: "parameter '_opts' starts with '_'; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" },
          { range: '2:13-2:18', message: "name '_more' starts with '_'; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" },
          { range: '2:21-2:26', message: "name '_rest' starts with '_'; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" },
          { range: '3:19-3:21', message: "parameter '_h' starts with '_'; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" },
          { range: '3:23-3:25', message: "name '_w' starts with '_'; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" },
        ],
      },
      {
        preset: 'restrictedpython',
        code: 'try:\n    run()\nexcept ValueError as _err:\n    pass',
        errors: [{ range: '3:22-3:26', message: "name '_err' starts with '_'; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" }],
      },
      {
        preset: 'restrictedpython',
        code: 'report.publish__roles__ = None\nedit__roles__ = ("Anonymous",)',
        errors: [
          { range: '1:8-1:24', message: "attribute 'publish__roles__' ends with '__roles__'; not allowed by policy 'restrictedpython' (RestrictedPython: visit_Attribute)" },
          { range: '2:1-2:14', message: "name 'edit__roles__' ends with '__roles__'; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" },
        ],
        note: 'Zope permission declarations',
      },
      {
        preset: 'restrictedpython',
        code: 'cls = ().__class__\nname = __name__',
        errors: [
          { range: '1:10-1:19', message: "attribute '__class__' starts with '_'; not allowed by policy 'restrictedpython' (RestrictedPython: visit_Attribute)" },
          { range: '2:8-2:16', message: "name '__name__' starts with '_'; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" },
        ],
        note: 'run alone; with PC201/PC202 enabled those rules report dunders instead',
      },
      {
        preset: 'restrictedpython',
        code: 'frame = gen.gi_frame\nnext_frame = frame.f_generator',
        errors: [
          { range: '1:13-1:21', message: "attribute 'gi_frame' reaches frames, code or generator internals; not allowed by policy 'restrictedpython' (RestrictedPython: visit_Attribute, INSPECT_ATTRIBUTES)" },
          { range: '2:20-2:31', message: "attribute 'f_generator' reaches frames, code or generator internals; not allowed by policy 'restrictedpython' (RestrictedPython: visit_Attribute, INSPECT_ATTRIBUTES)" },
        ],
        note: 'run alone; with PC203 enabled it reports the attributes it knows (`gi_frame`) and this rule the rest (`f_generator`, Python 3.14)',
      },
      {
        preset: 'restrictedpython',
        code: 'class _Base:\n    pass\nｘ = _ｐｒｉｖａｔｅ.𝘴𝘦𝘤𝘳𝘦𝘵 + obj._𝘴𝘦𝘤𝘳𝘦𝘵',
        errors: [
          { range: '1:7-1:12', message: "class name '_Base' starts with '_'; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" },
          { range: '3:5-3:13', message: "name '_private' starts with '_'; not allowed by policy 'restrictedpython' (RestrictedPython: check_name)" },
          { range: '3:33-3:46', message: "attribute '_secret' starts with '_'; not allowed by policy 'restrictedpython' (RestrictedPython: visit_Attribute)" },
        ],
        note: 'fullwidth and mathematical italic letters normalise (NFKC) to ASCII, as Python reads them; ranges count UTF-16 units (two per italic letter)',
      },
    ],
  },
};
