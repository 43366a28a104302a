import type { Node } from '../../parser';
import { callOf, positionalArguments } from '../../semantics/syntax';
import type { Rule } from '../types';
import { denotationVisitor, describeAs } from '../shared/denotations';
import { quotedValue } from '../shared/messageText';

/** Import machinery: each of these loads a module by a name or path computed at run time. */
const IMPORT_MACHINERY_MODULES = ['importlib', 'imp', 'zipimport', 'runpy', 'pkgutil', 'modulefinder'];
const IMPORT_MACHINERY_NAMES = new Set(['builtins.__import__', 'builtins.reload', 'sys.modules', 'sys.meta_path', 'sys.path_hooks', 'sys.path_importer_cache', '__main__.__loader__', '__main__.__spec__']);
const LOADER_METHODS = new Set(['load_module', 'exec_module', 'find_module', 'find_spec', 'import_module', 'get_code', 'get_data']);

/** The names and modules above with the dot their members start with, made once (this runs for every name). */
const MACHINERY_PREFIXES = [...[...IMPORT_MACHINERY_NAMES].map((n) => n + '.'), ...IMPORT_MACHINERY_MODULES.map((m) => m + '.')];

function machineryName(qname: string): boolean {
  if (IMPORT_MACHINERY_NAMES.has(qname)) return true;
  for (let i = 0; i < MACHINERY_PREFIXES.length; i++) if (qname.startsWith(MACHINERY_PREFIXES[i])) return true;
  return false;
}

/** A dotted name of identifiers: what `import` itself would accept. */
const MODULE_NAME = /^[\p{L}\p{N}_]+(\.[\p{L}\p{N}_]+)*$/u;

export const dynamicImport: Rule = {
  meta: {
    code: 'PC102',
    name: 'dynamic-import',
    summary: 'Modules imported at run time, around the import allowlist',
    defaultSeverity: 'error',
    docs: {
      what: '`__import__`, `importlib.import_module`/`__import__`/`reload`, `imp.*`, `zipimport.zipimporter`, `runpy.*`, `pkgutil`, `sys.modules[...]`, `sys.meta_path`, `__loader__`/`__spec__`, and any `.load_module(...)`/`.exec_module(...)`/`.find_module(...)` call — through any alias (`builtins.__import__`, `__builtins__["__import__"]`, `getattr(importlib, "import_module")`). The message names the module when its name folds to a constant.',
      why: 'The import allowlist checks `import` statements; these calls import without one. The 2008 seed escaped `rexec` with a `zipimporter` found through `__subclasses__()`; n8n\'s sandbox fell to `__loader__.load_module("posix")`; PalChain to `__import__("subprocess")`.',
      example: 'shell = __import__("subprocess")\nposix = __loader__.load_module("posix")\nimport importlib\nimportlib.import_module("os")',
      instead: 'Use plain `import` statements of allowed modules, so the policy can see them.',
    },
  },
  create(context) {
    const { policy, semantics } = context;
    const importedName = (callee: Node): string => {
      const call = callOf(callee);
      const first = call ? positionalArguments(call)[0] : undefined;
      const name = first ? semantics.foldString(first) : undefined;
      // An empty name (`find_spec('')`) says nothing worth quoting.
      if (!name) return '';
      // A module name as written; anything else (a folded text with line breaks) quoted and cut.
      return MODULE_NAME.test(name) ? ` (imports '${name}')` : ` (imports ${quotedValue(name)})`;
    };
    const visitor = denotationVisitor(context, (value, node) => {
      if (!machineryName(value.name)) return undefined;
      const short = value.name.replace(/^builtins\./, '').replace(/^__main__\./, '');
      return `${describeAs(short, node)} imports modules at run time${importedName(node)}; not allowed by policy '${policy.name}'`;
    });
    return {
      ...visitor,
      call(node: Node) {
        // `x.load_module("os")` on whatever object: a loader found by introspection has no name to resolve.
        const fn = node.childForFieldName('function');
        const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
        if (!fn || !method || !LOADER_METHODS.has(method)) return;
        if (semantics.qualifiedNames(fn).some(machineryName) || semantics.isOwnMethod(fn)) return;
        context.report({ node: fn, message: `'${method}' loads a module at run time${importedName(fn)}; not allowed by policy '${policy.name}'` });
      },
    };
  },
  tests: {
    valid: [
      { code: 'class Own:\n    @staticmethod\n    def load_module(n):\n        return n\nPLUGINS = (Own,)\nimp = [k for k in PLUGINS][0]\nimp.load_module("posix")', note: 'a comprehension over a tuple bound once' },
      'import json',
      'def __import__(name):\n    return name\n__import__("x")',
      'loader = make_loader()\nloader.load("config")',
      'modules = {"a": 1}\nmodules["a"]',
      'text = "__import__(\'os\')"',
      { code: 'class DataLoader:\n    def load_module(self, name):\n        return name\nloader = DataLoader()\nloader.load_module("billing")', note: 'a method of a class of the file named like a loader' },
      {
        code: 'class BuiltinImporter:\n    @staticmethod\n    def load_module(name):\n        return {"name": name}\nimp = [k for k in (BuiltinImporter,) if k.__name__ == "BuiltinImporter"][0]\nimp.load_module("posix")\nnext(k for k in [BuiltinImporter]).load_module("os")',
        note: 'a class of the file picked by a comprehension out of a display written there',
      },
    ],
    invalid: [
      {
        // Not a module name: the folded text is quoted with its escapes and cut, not pasted in.
        code: 'm = __import__("os\\nimport sys; " + "x" * 80)',
        errors: [{ range: '1:5-1:15', message: "'__import__' imports modules at run time (imports 'os\\nimport sys; xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'); not allowed by policy 'strict'" }],
      },
      {
        code: 'm = __import__("")',
        errors: [{ range: '1:5-1:15', message: "'__import__' imports modules at run time; not allowed by policy 'strict'" }],
      },
      {
        code: 'm = __import__("subprocess")',
        errors: [{ range: '1:5-1:15', message: "'__import__' imports modules at run time (imports 'subprocess'); not allowed by policy 'strict'" }],
      },
      {
        code: 'posix = __loader__.load_module("posix")',
        errors: [{ range: '1:9-1:31', message: "'__loader__.load_module' imports modules at run time (imports 'posix'); not allowed by policy 'strict'" }],
      },
      {
        code: 'import importlib\nshell = importlib.import_module("sub" + "process")',
        errors: [{ range: '2:9-2:32', message: "'importlib.import_module' imports modules at run time (imports 'subprocess'); not allowed by policy 'strict'" }],
      },
      {
        code: 'imp = __builtins__["__import__"]\nimp("os")',
        errors: [
          { range: '1:7-1:33', message: "'__import__' (as '__builtins__[\"__import__\"]') imports modules at run time; not allowed by policy 'strict'" },
          { range: '2:1-2:4', message: "'__import__' (as 'imp') imports modules at run time (imports 'os'); not allowed by policy 'strict'" },
        ],
      },
      {
        code: 'c = [k for k in object.__subclasses__() if k.__name__ == "BuiltinImporter"][0]\nc.load_module("os")',
        errors: [{ range: '2:1-2:14', message: "'load_module' loads a module at run time (imports 'os'); not allowed by policy 'strict'" }],
      },
      {
        code: 'class Own:\n    @staticmethod\n    def load_module(n):\n        return n\nPLUGINS = [Own]\ndef setup(loader):\n    PLUGINS[0] = loader\nimp = [k for k in PLUGINS][0]\nimp.load_module("posix")',
        errors: [{ range: '9:1-9:16', message: "'load_module' loads a module at run time (imports 'posix'); not allowed by policy 'strict'" }],
        note: 'a list of the file changed elsewhere: what a comprehension over it picks may be anything',
      },
      {
        code: 'import sys\nos_mod = sys.modules["os"]',
        errors: [{ range: '2:10-2:21', message: "'sys.modules' imports modules at run time; not allowed by policy 'strict'" }],
      },
      {
        code: 'ｍ = __ｉｍｐｏｒｔ__("os")',
        errors: [{ range: '1:5-1:15', message: "'__import__' (as '__ｉｍｐｏｒｔ__') imports modules at run time (imports 'os'); not allowed by policy 'strict'" }],
      },
    ],
  },
};
