import type { Node } from '../../parser';
import { isDunder, normalizeIdentifier } from '../../semantics';
import { codeChildren, NESTED_SCOPE_TYPES, positionalArguments, pushNamedChildren } from '../../semantics/syntax';
import { bindingVerb, checkedNameVisitor, isBoundName } from '../restricted/checkedNames';
import { storeTargetVisitor, TARGET_GROUPS } from '../shared/storeTargets';
import type { Rule, RuleContext } from '../types';
import { INTERNAL_ATTRIBUTES, isMangledPrivate } from '../shared/attributes';
import { isOwnDataAttribute } from '../shared/ownAttributes';
import { isAttributeAllowed } from '../../policy/queries';
import { isHostRooted } from '../shared/hostObjects';
import { shortened } from '../shared/messageText';

/** Dunders that only describe a function or class (text for people and `repr`), not how it runs. */
const DESCRIPTIVE = new Set(['__name__', '__qualname__', '__doc__']);

/**
 * `wrapper.__name__ = fn.__name__` in a hand-written decorator: a descriptive dunder the policy
 * lets code read, written on a function, class or instance of this file.
 */
function isOwnDescription(context: RuleContext, object: Node | null, name: string): boolean {
  if (!object || !DESCRIPTIVE.has(name) || !isAttributeAllowed(context.policy, name)) return false;
  const values = context.semantics.resolve(object);
  return values.length > 0 && values.every((v) => v.kind === 'function' || v.kind === 'class' || v.kind === 'instance');
}

/**
 * Names of a module that the import system sets and the host reads back: `module.__name__` as the
 * plugin's identity, `__spec__`/`__loader__` (a traceback in the host asks `__loader__` for the
 * source), `__file__`, `__path__`, `__package__`.
 */
const MODULE_METADATA = new Set(['__name__', '__spec__', '__loader__', '__package__', '__file__', '__cached__', '__path__']);

/**
 * Names a class body binds that become the class's identity: a host that trusts classes by where
 * they come from (`module.qualname` against its allowlist of paths, as Odoo's `safe_eval` does)
 * trusts any class that names a trusted module. (`__qualname__` alone moves it nowhere, and is
 * descriptive like a function's, see `DESCRIPTIVE`.)
 */
const CLASS_IDENTITY = new Set(['__module__']);

/** Where a name is bound: the module's namespace (also under `global`), a class body's, or a function's. */
function namespaceOf(context: RuleContext, name: Node): 'module' | 'class' | 'function' {
  // A `def` or `class` binds its name where the statement is, not in the scope it opens.
  const defined = (name.parent?.type === 'function_definition' || name.parent?.type === 'class_definition') && name.parent.childForFieldName('name')?.id === name.id;
  // A walrus in a comprehension binds in the scope around the comprehension (PEP 572).
  const walrus = name.parent?.type === 'named_expression';
  let child: Node = defined ? name.parent! : name;
  for (let p = child.parent; p; child = p, p = p.parent) {
    if (!NESTED_SCOPE_TYPES.has(p.type) || (walrus && (p.type.endsWith('_comprehension') || p.type === 'generator_expression'))) continue;
    // A default, decorator or base is evaluated outside the scope its statement opens.
    if ((p.type === 'function_definition' || p.type === 'lambda' || p.type === 'class_definition') && p.childForFieldName('body')?.id !== child.id) continue;
    if (context.semantics.scopeOf(name).globals.has(normalizeIdentifier(name.text))) return 'module';
    return p.type === 'class_definition' ? 'class' : 'function';
  }
  return 'module';
}

/** `__module__ = __name__` in a class body, the module's own name: what Python sets there anyway. */
function restatesModule(context: RuleContext, name: Node): boolean {
  const assignment = name.parent;
  const value = assignment?.type === 'assignment' && assignment.childForFieldName('left')?.id === name.id ? assignment.childForFieldName('right') : null;
  return value?.type === 'identifier' && normalizeIdentifier(value.text) === '__name__' && context.semantics.bindingsOf(value).length === 0;
}

/** The attribute a write target names, and how: `x.__code__ = ...`, `x.__dict__["k"] = ...`. */
function writtenInternal(context: RuleContext, target: Node): string | undefined {
  if (target.type === 'attribute') {
    const name = normalizeIdentifier(target.childForFieldName('attribute')?.text ?? '');
    const object = target.childForFieldName('object');
    if (isDunder(name) && isOwnDescription(context, object, name)) return undefined;
    if (INTERNAL_ATTRIBUTES.has(name) && !isDunder(name) && isOwnDataAttribute(context, object, name, 'write')) return undefined;
    if (isDunder(name) || INTERNAL_ATTRIBUTES.has(name) || isMangledPrivate(name)) return `'${name}'`;
    const module = object ? sharedModuleOf(context, object) : undefined;
    if (module) return `module attribute '${module}.${name}'`;
    return object && replacesBehaviour(context, target) && isHostRooted(context, object, false) ? `attribute '${name}' of '${shortened(object.text)}', an object the host provides,` : undefined;
  }
  if (target.type === 'subscript') {
    const value = target.childForFieldName('value');
    // `C.__dict__["k"] = v`, `C.__annotations__["m"] = "payload"` (which `get_type_hints` then
    // evaluates), `f.__kwdefaults__["mode"] = ...`: an entry of an interpreter-kept container.
    const held = value?.type === 'attribute' ? normalizeIdentifier(value.childForFieldName('attribute')?.text ?? '') : '';
    // An annotation is code only as a string (`C.__annotations__["y"] = str` adds a type).
    if (held === '__annotations__' && !mayBeString(context, target)) return undefined;
    if (isDunder(held)) {
      const key = context.semantics.foldString(target.childForFieldName('subscript'));
      return key ? `'${held}' entry '${key}'` : `'${held}' entries`;
    }
    // `del get_ipython().user_ns["__builtins__"]`: the builtins of the host's own namespace.
    if (value && isHostRooted(context, value) && context.semantics.foldString(target.childForFieldName('subscript')) === '__builtins__') {
      return `the '__builtins__' entry of '${shortened(value.text)}', a namespace the host provides,`;
    }
    // `copy.dispatch_table[int] = f`: an entry of a module's own container, shared with the host.
    const member = value ? sharedMemberOf(context, value) : undefined;
    if (member) return `an entry of module attribute '${member}'`;
  }
  return undefined;
}

/** A module (or a member of one) that `object` denotes on every path: shared with the host, so `json.dumps = len` patches it for everyone. */
function sharedModuleOf(context: RuleContext, object: Node): string | undefined {
  const modules = context.semantics.qualifiedNames(object).filter((q) => !q.startsWith('builtins') && !q.startsWith('__main__'));
  return modules.length && context.semantics.resolve(object).every((v) => v.kind === 'qname') ? modules[0] : undefined;
}

/**
 * Whether a write to an attribute of a host's object replaces what the object does, not data it
 * holds: a function, lambda or class assigned (`_dict.get = lambda ...`). Setting or deleting data
 * is what such objects are for (`doc.grand_total = total` in a frappe doc event).
 */
function replacesBehaviour(context: RuleContext, target: Node): boolean {
  // `app.on_error = handler`, `button.onclick = f`, `bot.message_handler = f`: registering a
  // callback is what such a name is for.
  const name = normalizeIdentifier(target.childForFieldName('attribute')?.text ?? '');
  if (/^on_?[a-z]|(?:^|_)(?:handler|hook|callback|listener)s?$/.test(name)) return false;
  let p = target.parent;
  while (p && (p.type === 'expression_list' || p.type === 'parenthesized_expression' || p.type === 'pattern_list' || p.type === 'tuple_pattern')) p = p.parent;
  if (p?.type !== 'assignment') return false;
  const left = p.childForFieldName('left');
  const right = p.childForFieldName('right');
  // `a.x, a.y = f, g`: the item at the target's place.
  if (left?.id === target.id) return replacesWith(context, right);
  const targets = left ? codeChildren(left) : [];
  const values = right && (right.type === 'expression_list' || right.type === 'tuple') ? codeChildren(right) : [];
  const i = targets.findIndex((t) => t.id === target.id);
  return i >= 0 && targets.length === values.length && replacesWith(context, values[i]);
}

/** Whether the value a subscript target is assigned may be a string (a text `get_type_hints` evaluates). */
function mayBeString(context: RuleContext, target: Node): boolean {
  const p = target.parent;
  if (p?.type !== 'assignment' || p.childForFieldName('left')?.id !== target.id) return false;
  const value = p.childForFieldName('right');
  if (!value) return false;
  const values = context.semantics.resolve(value);
  return !values.length || values.some((v) => v.kind === 'unknown' || (v.kind === 'const' && v.value.t === 'str'));
}

/** A value that is behaviour: a lambda, or a function or class of the file. */
function replacesWith(context: RuleContext, value: Node | null | undefined): boolean {
  if (!value) return false;
  if (value.type === 'lambda') return true;
  const values = context.semantics.resolve(value);
  return values.length > 0 && values.every((v) => v.kind === 'function' || v.kind === 'class');
}

/** A member of a module (`copy.dispatch_table`, `collections.abc.Mapping`), not the module itself. */
function sharedMemberOf(context: RuleContext, object: Node): string | undefined {
  if (object.type !== 'attribute' && object.type !== 'identifier') return undefined;
  const module = sharedModuleOf(context, object);
  return module?.includes('.') ? module : undefined;
}

/** pandas' extension hooks: they add an accessor or dtype to every DataFrame/Series in the process. */
const PANDAS_REGISTRARS = new Set([
  'pandas.api.extensions.register_dataframe_accessor',
  'pandas.api.extensions.register_series_accessor',
  'pandas.api.extensions.register_index_accessor',
  'pandas.api.extensions.register_extension_dtype',
]);

/** Methods that change a dict, list or set in place: on a module's own container they change it for the host. */
const CONTAINER_MUTATORS = new Set(['update', 'clear', 'pop', 'popitem', 'setdefault', 'append', 'extend', 'insert', 'remove', 'add', 'discard', '__setitem__', '__delitem__']);

function targetsOf(node: Node): Node[] {
  const out: Node[] = [];
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (TARGET_GROUPS.has(n.type)) {
      pushNamedChildren(stack, n);
    } else out.push(n);
  }
  return out;
}

const SETTERS = new Set(['builtins.setattr', 'builtins.delattr', 'builtins.object.__setattr__', 'builtins.object.__delattr__', 'builtins.type.__setattr__']);

export const internalsWrite: Rule = {
  meta: {
    code: 'PC303',
    name: 'internals-write',
    summary: 'Assigning or deleting interpreter internals: `__code__`, `__class__`, `__dict__` entries, module attributes',
    defaultSeverity: 'error',
    docs: {
      what: [
        'Writes (assignment, augmented assignment, `del`, a `for`, comprehension or `with ... as` target, `setattr`/`object.__setattr__` with a constant name) of:',
        '',
        '- **Dunder and internal attributes**: `f.__code__`, `add.func_code`, `obj.__class__`, `C.__bases__`, `f.__defaults__` (not a non-dunder internal name a plain class of the file keeps as its own data, `self.gi_frame = 0`, as PC203 says); entries of `__dict__`, `__kwdefaults__`, and of `__annotations__` given a string or an unknown value (which `typing.get_type_hints` evaluates); mangled privates (`license._Printer__filenames`).',
        '- **What the host shares**: attributes of imported modules (`json.dumps = len`, `setattr(json, "dumps", f)` with any name), their containers changed in place (`copy.dispatch_table[int] = f`, `.update`, `.append`, `.clear`), virtual subclasses of their classes (`collections.abc.Mapping.register(C)`), pandas\' extension hooks (`register_dataframe_accessor`, `register_extension_dtype`).',
        '- **A host-provided global\'s behaviour** (a name bound nowhere in the file, no builtin): a function, lambda or class assigned to its attributes or those of objects reached from it (`_dict.get = lambda ...`, `hass.states.set = ...`), or the `__builtins__` entry of its namespace. Data (`doc.total = 5`), callbacks under names made for them (`button.onclick = f`) and attributes of what a call returns are what such objects are for.',
        '- **Import metadata** the host reads back, at module level or under `global`, in any binding form: `__name__`, `__loader__`, `__spec__`, `__package__`, `__file__`, `__cached__`, `__path__` (not `__all__`, `__version__`, `__doc__`); and `__module__` in a class body (but `__module__ = __name__`).',
        '',
        'Not reported: `__name__`, `__qualname__` and `__doc__` (when the policy lets code read them) written on a function, class or instance of the file, as a decorator does (`wrapper.__name__ = fn.__name__`).',
      ].join('\n'),
      why: 'Writing internals changes what trusted code does: swapping `__code__` makes a host callback run plugin byte code (CVE-2026-4963), assigning `__class__` turns an object into another type, and patching a module (`json.dumps = len`) reaches every other user of it — RestrictedPython\'s guard-shadowing CVE-2026-55830 patched the module its own guard used.',
      example: 'def harmless():\n    return 0\ndef payload():\n    return 1\nharmless.__code__ = payload.__code__',
      instead: 'Keep state on your own objects\' public attributes; wrap module functions instead of replacing them.',
    },
  },
  create(context) {
    const { policy, semantics } = context;
    const check = (target: Node, verb: string): void => {
      for (const t of targetsOf(target)) {
        const what = writtenInternal(context, t);
        if (what) context.report({ node: t, message: `${verb} ${what} changes interpreter or host state; not allowed by policy '${policy.name}'` });
      }
    };
    // The module's metadata and a class's module, bound in any form (`__name__ = ...`, `import x as
    // __loader__`, `class __spec__:`, `except E as __package__`, a walrus, a `for` target).
    const metadataBindings = checkedNameVisitor(
      (checked) => {
        if (checked.kind === 'load' || checked.kind === 'parameter' || !isBoundName(checked)) return;
        const namespace = namespaceOf(context, checked.node);
        const effect =
          namespace === 'module' && MODULE_METADATA.has(checked.name)
            ? "rewrites the module's import metadata, which the host reads back"
            : namespace === 'class' && CLASS_IDENTITY.has(checked.name) && !restatesModule(context, checked.node)
              ? 'in a class body changes which module the host sees the class come from'
              : undefined;
        if (effect) context.report({ node: checked.node, message: `${bindingVerb(checked)} '${checked.name}' ${effect}; not allowed by policy '${policy.name}'` });
      },
      (name) => MODULE_METADATA.has(name) || CLASS_IDENTITY.has(name),
    );
    return {
      ...metadataBindings,
      ...storeTargetVisitor(check),
      call(node) {
        const fn = node.childForFieldName('function');
        if (!fn) return;
        const args = positionalArguments(node);
        const registrar = semantics.qualifiedNames(fn).find((q) => PANDAS_REGISTRARS.has(q));
        if (registrar) {
          context.report({ node, message: `'${registrar}' adds to pandas' own classes, which the host shares; not allowed by policy '${policy.name}'` });
          return;
        }
        if (semantics.qualifiedNames(fn).includes('abc.ABCMeta.register')) {
          const cls = positionalArguments(node)[0];
          const member = cls ? sharedMemberOf(context, cls) : undefined;
          if (member) {
            context.report({ node, message: `registering a virtual subclass of module class '${member}' changes what the host's isinstance checks answer; not allowed by policy '${policy.name}'` });
            return;
          }
        }
        if (fn.type === 'attribute') {
          const method = normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '');
          const object = fn.childForFieldName('object');
          const member = object && (CONTAINER_MUTATORS.has(method) || method === 'register') ? sharedMemberOf(context, object) : undefined;
          if (member && method === 'register') {
            // `collections.abc.Mapping.register(C)`: every `isinstance(x, Mapping)` in the host now answers for C.
            context.report({ node, message: `registering a virtual subclass of module class '${member}' changes what the host's isinstance checks answer; not allowed by policy '${policy.name}'` });
            return;
          }
          if (member) {
            context.report({ node, message: `'${method}' on module attribute '${member}' changes interpreter or host state; not allowed by policy '${policy.name}'` });
            return;
          }
        }
        let nameArg: Node | undefined;
        const setter = semantics.qualifiedNames(fn).find((q) => SETTERS.has(q));
        if (setter) nameArg = args[1];
        else if (fn.type === 'attribute' && ['__setattr__', '__delattr__'].includes(normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? ''))) nameArg = args[0];
        if (!nameArg) return;
        const name = semantics.foldString(nameArg);
        // `setattr(json, "dumps", f)`, `setattr(json, name, f)`: patching a shared module, whatever the name.
        const module = nameArg === args[1] && args[0] ? sharedModuleOf(context, args[0]) : undefined;
        if (module) {
          const what = name === undefined ? `an attribute of module '${module}'` : `module attribute '${module}.${normalizeIdentifier(name)}'`;
          context.report({ node, message: `setting ${what} changes interpreter or host state; not allowed by policy '${policy.name}'` });
          return;
        }
        // `setattr(frappe, "get_doc", evil)`: as the assignment `frappe.get_doc = evil` (`replacesBehaviour`).
        if (setter === 'builtins.setattr' && args[0] && replacesWith(context, args[2]) && isHostRooted(context, args[0], false)) {
          const what = `${name === undefined ? 'an attribute' : `attribute '${normalizeIdentifier(name)}'`} of '${shortened(args[0].text)}', an object the host provides,`;
          context.report({ node, message: `setting ${what} changes interpreter or host state; not allowed by policy '${policy.name}'` });
          return;
        }
        if (!name) return;
        const n = normalizeIdentifier(name);
        if (isDunder(n) || INTERNAL_ATTRIBUTES.has(n) || isMangledPrivate(n)) {
          context.report({ node, message: `setting '${n}' changes interpreter or host state; not allowed by policy '${policy.name}'` });
        }
      },
    };
  },
  tests: {
    valid: [
      { code: 'class Gen:\n    def __init__(self):\n        self.gi_frame = 0\n        self.co_consts = ()', note: 'data attributes of a plain class of this file' },
      { code: '__all__ = ["run"]\n__version__ = "1.0"\n__doc__ = "A plugin."\n\ndef run(__file__="x"):\n    __name__ = "local"\n    return __name__, __file__\n\nclass Report:\n    __qualname__ = "Report"\n    __module__ = __name__\n    __slots__ = ()', note: "a module's public names and docs; a function's own local and parameter; a class body's name (descriptive), and its module restated" },
      { code: 'import abc\nclass Base(abc.ABC):\n    pass\nclass Impl:\n    pass\nBase.register(Impl)', note: 'an ABC of this file' },
      { code: 'import collections\ncounts = collections.Counter()\ncounts.update("abc")\nq = collections.deque()\nq.append(1)', note: 'instances the plugin made' },
      { code: 'import json\ndata = json.loads("{}")\ndata["k"] = 1\ndata.update({"a": 1})', note: 'a value a module function returned' },
      'class P:\n    def __init__(self):\n        self.x = 1',
      'cache = {"a": 1}\ndel cache["a"]',
      { code: 'def rename(obj):\n    obj.name = "x"', note: 'an ordinary attribute of an object the plugin was given (a name the file never binds is a global the host provides: see the invalid cases)' },
      'import json\nout = json.dumps({})',
      'total = 0\ntotal += 1',
      { code: "class Box:\n    pass\nsetattr(Box, \"label\", \"x\")\nsetattr(Box(), \"size\", 2)", note: "plugin-owned objects are not shared" },
      {
        code: 'def wraps_by_hand(fn):\n    def wrapper(*args):\n        return fn(*args)\n    wrapper.__name__ = fn.__name__\n    wrapper.__doc__ = fn.__doc__\n    return wrapper',
        note: 'descriptive dunders of a function of this file',
      },
      'class Plugin:\n    pass\nPlugin.__qualname__ = "plugins.Plugin"',
    ],
    invalid: [
      {
        code: 'class C:\n    member: int = 0\ndef smth(payload):\n    C.__annotations__["member"] = payload\n    C.__annotations__[payload] = "__import__(\'os\')"\n    C.__annotations__["other"] = str\n    del C.__annotations__["member"]',
        errors: [
          { range: '4:5-4:32', message: "assigning '__annotations__' entry 'member' changes interpreter or host state; not allowed by policy 'strict'" },
          { range: '5:5-5:31', message: "assigning '__annotations__' entries changes interpreter or host state; not allowed by policy 'strict'" },
        ],
        note: 'an annotation written as a string is code that typing.get_type_hints evaluates; a type added, or one removed, is not',
      },
      {
        code: '_dict.get = lambda self, key, default=None: "pwned"\ndef patch():\n    del helpers.render\n    delattr(helpers, "render")\ndef g():\n    global cfg\n    cfg = object()\ndef h():\n    cfg.x = len\n    ValueError.note = h\n    doc.total = 5\n    doc.total += 1\nshell = get_ipython()\nshell.showtraceback = lambda *a: None\nhass.states.set = h\ndel get_ipython().user_ns["__builtins__"]\nsetattr(frappe, "get_doc", h)\nfrappe.get_list, frappe.db.sql = h, h\napp.on_error = h\nbot.message_handler = h\nsetattr(doc, "total", 5)',
        errors: [
          { range: '1:1-1:10', message: "assigning attribute 'get' of '_dict', an object the host provides, changes interpreter or host state; not allowed by policy 'strict'" },
          { range: '15:1-15:16', message: "assigning attribute 'set' of 'hass.states', an object the host provides, changes interpreter or host state; not allowed by policy 'strict'" },
          { range: '16:5-16:42', message: "deleting the '__builtins__' entry of 'get_ipython().user_ns', a namespace the host provides, changes interpreter or host state; not allowed by policy 'strict'" },
          { range: '17:1-17:30', message: "setting attribute 'get_doc' of 'frappe', an object the host provides, changes interpreter or host state; not allowed by policy 'strict'" },
          { range: '18:1-18:16', message: "assigning attribute 'get_list' of 'frappe', an object the host provides, changes interpreter or host state; not allowed by policy 'strict'" },
          { range: '18:18-18:31', message: "assigning attribute 'sql' of 'frappe.db', an object the host provides, changes interpreter or host state; not allowed by policy 'strict'" },
        ],
        note: 'a name the file never binds is the host\'s: replacing a method of it (also by setattr or unpacking) is reported; setting or deleting data, registering a callback under a name made for it, or setting a method of what a call of it returns (an object the plugin may have had it make), is not; a name bound under `global`, or a builtin, is no host object',
      },
      {
        code: '__name__ = "backdoor"\ndef install():\n    global __loader__\n    __loader__ = None\nclass Helper:\n    __module__ = "odoo.addons.base.models"\nfrom json import JSONDecoder as __spec__\nclass __file__:\n    pass\ntry:\n    pass\nexcept Exception as __package__:\n    pass\nclass Config:\n    global __name__\n    __name__ = "spoof"\nclass Helper2:\n    __name__ = "odoo.addons.base"\n    __module__ = __name__',
        errors: [
          { range: '1:1-1:9', message: "assigning '__name__' rewrites the module's import metadata, which the host reads back; not allowed by policy 'strict'" },
          { range: '4:5-4:15', message: "assigning '__loader__' rewrites the module's import metadata, which the host reads back; not allowed by policy 'strict'" },
          { range: '6:5-6:15', message: "assigning '__module__' in a class body changes which module the host sees the class come from; not allowed by policy 'strict'" },
          { range: '7:33-7:41', message: "importing as '__spec__' rewrites the module's import metadata, which the host reads back; not allowed by policy 'strict'" },
          { range: '8:7-8:15', message: "defining class '__file__' rewrites the module's import metadata, which the host reads back; not allowed by policy 'strict'" },
          { range: '12:21-12:32', message: "binding '__package__' rewrites the module's import metadata, which the host reads back; not allowed by policy 'strict'" },
          { range: '16:5-16:13', message: "assigning '__name__' rewrites the module's import metadata, which the host reads back; not allowed by policy 'strict'" },
          { range: '19:5-19:15', message: "assigning '__module__' in a class body changes which module the host sees the class come from; not allowed by policy 'strict'" },
        ],
        note: "the module's import metadata the host reads back, and a class's module, which hosts that trust classes by their path check",
      },
      {
        code: 'import json\nfor json.dumps in [repr]:\n    break\nseen = [0 for i, json.loads in enumerate([eval])]\nwith ctx() as json.JSONDecoder:\n    pass',
        errors: [
          { range: '2:5-2:15', message: "looping over module attribute 'json.dumps' changes interpreter or host state; not allowed by policy 'strict'" },
          { range: '4:18-4:28', message: "looping over module attribute 'json.loads' changes interpreter or host state; not allowed by policy 'strict'" },
          { range: '5:15-5:31', message: "binding module attribute 'json.JSONDecoder' changes interpreter or host state; not allowed by policy 'strict'" },
        ],
        note: 'a loop target, a comprehension target and a with target store as an assignment does',
      },
      {
        code: 'class E(Exception):\n    def __init__(self):\n        self.tb_frame = None',
        errors: [{ range: '3:9-3:22', message: "assigning 'tb_frame' changes interpreter or host state; not allowed by policy 'strict'" }],
        note: 'the limit: a builtin base class',
      },
      {
        code: 'class P:\n    pass\np = P()\np.f_back = None',
        errors: [{ range: '4:1-4:9', message: "assigning 'f_back' changes interpreter or host state; not allowed by policy 'strict'" }],
        note: 'a name the class itself never stores',
      },
      {
        code: 'import pandas as pd\n@pd.api.extensions.register_dataframe_accessor("geo")\nclass Geo:\n    def __init__(self, df):\n        self.df = df',
        errors: [{ range: '2:2-2:54', message: "'pandas.api.extensions.register_dataframe_accessor' adds to pandas' own classes, which the host shares; not allowed by policy 'strict'" }],
      },
      {
        code: 'import copy\ncopy.dispatch_table[int] = reduce_int',
        errors: [{ range: '2:1-2:25', message: "assigning an entry of module attribute 'copy.dispatch_table' changes interpreter or host state; not allowed by policy 'strict'" }],
        note: "the copy module's reducer table is copyreg's, shared with pickle",
      },
      {
        code: 'import collections.abc\nclass Fake:\n    pass\ncollections.abc.Mapping.register(Fake)',
        errors: [{ range: '4:1-4:39', message: "registering a virtual subclass of module class 'collections.abc.Mapping' changes what the host's isinstance checks answer; not allowed by policy 'strict'" }],
      },
      {
        code: 'import abc\nimport collections.abc as cabc\nabc.ABCMeta.register(cabc.Callable, int)',
        errors: [{ range: '3:1-3:41', message: "registering a virtual subclass of module class 'collections.abc.Callable' changes what the host's isinstance checks answer; not allowed by policy 'strict'" }],
      },
      {
        code: 'import json\njson.decoder.BACKSLASH.update({"x": "y"})',
        errors: [{ range: '2:1-2:42', message: "'update' on module attribute 'json.decoder.BACKSLASH' changes interpreter or host state; not allowed by policy 'strict'" }],
      },
      {
        code: 'def harmless():\n    return 0\ndef payload():\n    return 1\nharmless.__code__ = payload.__code__',
        errors: [{ range: '5:1-5:18', message: "assigning '__code__' changes interpreter or host state; not allowed by policy 'strict'" }],
      },
      {
        code: 'add.func_code = sub.func_code',
        errors: [{ range: '1:1-1:14', message: "assigning 'func_code' changes interpreter or host state; not allowed by policy 'strict'" }],
        note: 'Python 2',
      },
      {
        code: 'foo.__setattr__("func_code", evil.func_code)',
        errors: [{ range: '1:1-1:45', message: "setting 'func_code' changes interpreter or host state; not allowed by policy 'strict'" }],
      },
      {
        code: 'import json\ndef poison():\n    json.dumps = len',
        errors: [{ range: '3:5-3:15', message: "assigning module attribute 'json.dumps' changes interpreter or host state; not allowed by policy 'strict'" }],
      },
      {
        code: 'del obj.__dict__["secret"]',
        errors: [{ range: '1:5-1:27', message: "deleting '__dict__' entry 'secret' changes interpreter or host state; not allowed by policy 'strict'" }],
      },
      {
        code: 'def f(host_fn):\n    host_fn.__doc__ = "patched"',
        errors: [{ range: '2:5-2:20', message: "assigning '__doc__' changes interpreter or host state; not allowed by policy 'strict'" }],
        note: 'an object that may be the host\'s',
      },
      {
        code: 'def f():\n    pass\nf.__module__ = "os"',
        errors: [{ range: '3:1-3:13', message: "assigning '__module__' changes interpreter or host state; not allowed by policy 'strict'" }],
        note: 'pickle finds a class by its module',
      },
      {
        code: 'x.__class__, y = Evil, 1',
        errors: [{ range: '1:1-1:12', message: "assigning '__class__' changes interpreter or host state; not allowed by policy 'strict'" }],
      },
      {
        code: "import json\nsetattr(json, \"dumps\", lambda *a, **k: \"{}\")",
        errors: [{ range: "2:1-2:45", message: "setting module attribute 'json.dumps' changes interpreter or host state; not allowed by policy 'strict'" }],
        note: "setattr on a shared module",
      },
      {
        code: "import random as r\nfor name in [\"random\", \"choice\"]:\n    delattr(r, name)",
        errors: [{ range: "3:5-3:21", message: "setting an attribute of module 'random' changes interpreter or host state; not allowed by policy 'strict'" }],
        note: "delattr of a computed name on a shared module",
      },
    ],
  },
};
