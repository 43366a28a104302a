import type { Node } from '../../parser';
import { identifierName } from '../../semantics';
import type { Rule } from '../types';
import { INTERNAL_ATTRIBUTES, isMangledPrivate } from '../shared/attributes';

type Context = Parameters<Rule['create']>[0];

/**
 * `except NotFound as e` where every class caught is one of this file's, not derived from
 * `AttributeError` itself: its `obj` is what the plugin's own `raise` put there.
 */
function catchesOwnClassesOnly(context: Context, name: Node): boolean {
  const pattern = name.parent?.type === 'as_pattern_target' ? name.parent.parent : null;
  const caught = pattern?.type === 'as_pattern' ? pattern.namedChildren[0] : null;
  if (!caught) return false;
  const types = caught.type === 'tuple' || caught.type === 'parenthesized_expression' ? caught.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') : [caught];
  return types.length > 0 && types.every((t) => {
    const values = context.semantics.resolve(t);
    return values.length > 0 && values.every((v) => v.kind === 'class' && !(v.node.childForFieldName('superclasses')?.namedChildren ?? []).some(
      (b) => !!b && context.semantics.qualifiedNames(b).includes('builtins.AttributeError'),
    ));
  });
}

/** `e.obj` on a caught exception: AttributeError.obj hands out the object the failed lookup ran on. */
function isCaughtException(context: Context, object: Node): boolean {
  if (object.type !== 'identifier') return false;
  const bindings = context.semantics.bindingsOf(object);
  if (bindings.length > 0 && bindings.every((b) => b.kind === 'except' && catchesOwnClassesOnly(context, b.node))) return false;
  return bindings.length > 0 && bindings.every((b) => b.kind === 'except' || b.kind === 'pattern');
}

export const internalAttribute: Rule = {
  meta: {
    code: 'PC203',
    name: 'internal-attribute',
    summary: 'Access to a non-dunder interpreter internal: frames, code objects, Python 2 function attributes',
    defaultSeverity: 'error',
    docs: {
      what: 'Attributes that expose the interpreter without dunder names: Python 2 function attributes (`func_code`, `func_globals`, `im_func`, `im_self`), generator, coroutine and async-generator frames (`gi_frame`, `cr_frame`, `ag_frame`, `gi_code`), frame links (`f_back`, `f_globals`, `f_locals`, `f_builtins`, `f_code`), traceback links (`tb_frame`, `tb_next`), code object fields (`co_code`, `co_consts`, `co_names`), `mro`, name-mangled privates written out (`license._Printer__filenames`), and `.obj` on a caught exception (unless every class caught is one of the file\'s own, not derived from `AttributeError`).',
      why: 'A frame is a way out: `gen.gi_frame.f_back.f_back.f_globals` reaches the host\'s globals and `f_builtins` its unrestricted builtins (CVE-2023-37271 in RestrictedPython). `func_code` swaps a function\'s byte code in Python 2 (the PyCon 2014 talk). `AttributeError.obj` returns the object a sandbox just refused to let you touch (CVE-2026-0863).',
      example: 'frame = (x for x in [1]).gi_frame\nglobs = frame.f_back.f_globals\nadd.func_code = sub.func_code',
      instead: 'Nothing in a plugin needs these; use the values your functions receive and return.',
    },
  },
  create(context) {
    const { policy } = context;
    return {
      attribute(node) {
        const attr = node.childForFieldName('attribute');
        const object = node.childForFieldName('object');
        if (!attr || !object) return;
        const name = identifierName(attr);
        let what: string | undefined;
        if (INTERNAL_ATTRIBUTES.has(name)) what = 'interpreter-internal attribute';
        else if (isMangledPrivate(name)) what = 'name-mangled private attribute';
        else if (name === 'obj' && isCaughtException(context, object)) what = 'exception attribute';
        if (!what) return;
        context.report({ node: attr, message: `${what} '${name}' is not allowed by policy '${policy.name}'` });
      },
    };
  },
  tests: {
    valid: [
      'class Node:\n    def __init__(self, obj):\n        self.obj = obj\nvalues = [n.obj for n in nodes]',
      'frame_count = 120\nframes = video.frames',
      'self._cache = {}',
      'code = response.code',
      'try:\n    pass\nexcept ValueError as e:\n    msg = e.args',
      {
        code: 'class NotFound(Exception):\n    def __init__(self, obj):\n        self.obj = obj\ntry:\n    raise NotFound({})\nexcept NotFound as e:\n    print(e.obj)',
        note: 'an exception class of this file: obj is what its raise put there',
      },
    ],
    invalid: [
      { code: 'frame = gen.gi_frame', errors: [{ range: '1:13-1:21', message: "interpreter-internal attribute 'gi_frame' is not allowed by policy 'strict'" }] },
      {
        code: 'up = tb.tb_frame.f_back',
        errors: [
          { range: '1:9-1:17', message: "interpreter-internal attribute 'tb_frame' is not allowed by policy 'strict'" },
          { range: '1:18-1:24', message: "interpreter-internal attribute 'f_back' is not allowed by policy 'strict'" },
        ],
      },
      { code: 'add.func_code = sub.func_code', errors: [
        { range: '1:5-1:14', message: "interpreter-internal attribute 'func_code' is not allowed by policy 'strict'" },
        { range: '1:21-1:30', message: "interpreter-internal attribute 'func_code' is not allowed by policy 'strict'" },
      ], note: 'Python 2 code swap' },
      { code: 'license._Printer__filenames = ["/etc/passwd"]', errors: [{ range: '1:9-1:28', message: "name-mangled private attribute '_Printer__filenames' is not allowed by policy 'strict'" }] },
      {
        code: 'try:\n    f()\nexcept AttributeError as exc:\n    grab = exc.obj',
        errors: [{ range: '4:16-4:19', message: "exception attribute 'obj' is not allowed by policy 'strict'" }],
      },
      {
        code: 'class Missing(AttributeError):\n    pass\ntry:\n    f()\nexcept (Missing, KeyError) as exc:\n    grab = exc.obj',
        errors: [{ range: '6:16-6:19', message: "exception attribute 'obj' is not allowed by policy 'strict'" }],
        note: 'a builtin class caught as well, and an own class derived from AttributeError',
      },
      { code: 'g = coro.ｃｒ_ｆｒａｍｅ', errors: [{ range: '1:10-1:18', message: "interpreter-internal attribute 'cr_frame' is not allowed by policy 'strict'" }] },
    ],
  },
};
