import type { Node } from '../../parser';
import { identifierName } from '../../semantics';
import { isStoreTarget } from '../../semantics/syntax';
import type { Rule } from '../types';
import { INTERNAL_ATTRIBUTES, isMangledPrivate } from '../shared/attributes';
import { isOwnDataAttribute } from '../shared/ownAttributes';

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
      what: 'Attributes that expose the interpreter without dunder names: Python 2 function attributes (`func_code`, `func_globals`, `im_func`, `im_self`), generator, coroutine and async-generator frames (`gi_frame`, `cr_frame`, `ag_frame`, `gi_code`), frame links (`f_back`, `f_globals`, `f_locals`, `f_builtins`, `f_code`), traceback links (`tb_frame`, `tb_next`), code object fields (`co_code`, `co_consts`, `co_names`), `mro`, name-mangled privates written out (`license._Printer__filenames`), and `.obj` on a caught exception (unless every class caught is one of the file\'s own, not derived from `AttributeError`). Not reported: an attribute of the same name that is a plain class\'s own data — the class and its bases are all of this file (no builtin or imported base, no metaclass, no `__new__`), the class stores the attribute itself (`self.f_back = None` in a method, `gi_frame = 0` in its body), and the object is built by that class on every path (`f = Frame()`; a read through `self` stays reported, since `Frame.peek(gen)` runs the method on a generator). Writes through `self` are accepted.',
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
        if (INTERNAL_ATTRIBUTES.has(name)) what = isOwnDataAttribute(context, object, name, isStoreTarget(node) ? 'write' : 'read') ? undefined : 'interpreter-internal attribute';
        else if (isMangledPrivate(name)) what = 'name-mangled private attribute';
        else if (name === 'obj' && isCaughtException(context, object)) what = 'exception attribute';
        if (!what) return;
        context.report({ node: attr, message: `${what} '${name}' is not allowed by policy '${policy.name}'` });
      },
    };
  },
  tests: {
    valid: [
      {
        code: 'class Frame:\n    def __init__(self):\n        self.f_back = None\n        self.f_locals = {}\nf = Frame()\nprev = f.f_back',
        note: 'data attributes of a plain class of this file, read on an object the class built',
      },
      'class Gen:\n    gi_frame = 0\nprint(Gen().gi_frame)',
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
      {
        code: 'class Frame:\n    def __init__(self):\n        self.gi_frame = 0\n    def peek(self):\n        return self.gi_frame',
        errors: [{ range: '5:21-5:29', message: "interpreter-internal attribute 'gi_frame' is not allowed by policy 'strict'" }],
        note: 'the limit: a read through `self` stays reported, as `Frame.peek(gen)` runs the method on a generator',
      },
      {
        code: 'import json\nclass D(json.JSONDecoder):\n    def __init__(self):\n        self.f_back = None\nd = D()\nx = d.f_back',
        errors: [
          { range: '4:14-4:20', message: "interpreter-internal attribute 'f_back' is not allowed by policy 'strict'" },
          { range: '6:7-6:13', message: "interpreter-internal attribute 'f_back' is not allowed by policy 'strict'" },
        ],
        note: 'an imported base class: not only the file\'s own data',
      },
      {
        code: 'class G:\n    def __new__(cls, it):\n        return it\n    def __init__(self, it):\n        self.gi_frame = None\ng = G(x for x in [1])\nf = g.gi_frame',
        errors: [
          { range: '5:14-5:22', message: "interpreter-internal attribute 'gi_frame' is not allowed by policy 'strict'" },
          { range: '7:7-7:15', message: "interpreter-internal attribute 'gi_frame' is not allowed by policy 'strict'" },
        ],
        note: '`__new__` can return the generator itself',
      },
      {
        code: 'class P:\n    def __init__(self):\n        self.tb_frame = None\np = P() if flag else gen\nf = p.tb_frame',
        errors: [{ range: '5:7-5:15', message: "interpreter-internal attribute 'tb_frame' is not allowed by policy 'strict'" }],
        note: 'an object that may be something else',
      },
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
