import type { Node } from '../../parser';
import { normalizeIdentifier } from '../../semantics';
import { isModuleAllowed } from '../../policy/queries';
import { removeImportName } from '../../fixes';
import type { Rule } from '../types';

function moduleText(node: Node): string {
  return normalizeIdentifier(node.text.replace(/\s+/g, ''));
}

export const importNotAllowed: Rule = {
  meta: {
    code: 'PC101',
    name: 'import-not-allowed',
    summary: 'Import of a module the policy does not allow',
    defaultSeverity: 'error',
    docs: {
      what: 'Every `import` and `from ... import` (at any depth: inside functions, classes and `try` blocks) of a module that is not in the policy\'s module allowlist. A dotted module is allowed when it or one of its parents is listed and none is denied; `from m import name` is also the import of the submodule `m.name`, so a denied submodule is reported at its name. Relative imports are reported too: a plugin has no package of its own to import from.',
      why: 'The module allowlist is the first wall of every Python sandbox, from `rexec` on. One module outside it (`os`, `subprocess`, `ctypes`, `importlib`, `zipimport`) hands the plugin the host\'s process: the 2008 zipimporter escape loaded a module that held `os` and called `os.system`.',
      example: 'import os\nfrom subprocess import run as r\n\ndef load():\n    import socket',
      instead: 'Use only modules the host allows (see the preset\'s list), or ask the host to expose what you need through its own API.',
      fixSafety: 'The editor offers "Remove import" (unsafe: the names it bound become undefined; `scan --fix --unsafe-fixes` applies it too) and "Allow module in the policy".',
    },
  },
  create(context) {
    const { policy } = context;
    const check = (node: Node, module = moduleText(node)): void => {
      if (isModuleAllowed(policy, module)) return;
      // Unsafe: the names the import bound are undefined afterwards.
      const removal = removeImportName(context, node);
      context.report({
        node,
        message: module.startsWith('.')
          ? `relative import '${module}' is not allowed by policy '${policy.name}'`
          : `import of '${module}' is not allowed by policy '${policy.name}'`,
        fixes: removal ? [{ title: `Remove import of '${module}'`, safe: false, edits: [removal] }] : undefined,
      });
    };
    return {
      import_statement(node) {
        for (const c of node.namedChildren) {
          if (c?.type === 'dotted_name') check(c);
          else if (c?.type === 'aliased_import') {
            const name = c.childForFieldName('name');
            if (name) check(name);
          }
        }
      },
      import_from_statement(node) {
        const module = node.childForFieldName('module_name');
        if (!module) return;
        const from = moduleText(module);
        if (!isModuleAllowed(policy, from)) return check(module);
        // `from xml import etree` with `xml` allowed and `xml.etree` denied imports the denied
        // submodule: the name is the import, and only it goes with the fix.
        for (const item of node.childrenForFieldName('name')) {
          const name = item?.type === 'aliased_import' ? item.childForFieldName('name') : item;
          if (name?.type === 'dotted_name') check(name, `${from}.${moduleText(name)}`);
        }
      },
    };
  },
  tests: {
    valid: [
      'import math',
      'import math as m\nfrom json import loads',
      'from collections.abc import Mapping',
      'from __future__ import annotations',
      { code: 'import os.path', allowModules: ['os'] },
      { code: 'from xml import dom', allowModules: ['xml'], denyModules: ['xml.etree'], note: 'only the denied submodule is reported' },
    ],
    invalid: [
      { code: 'import os', errors: [{ range: '1:8-1:10', message: "import of 'os' is not allowed by policy 'strict'" }] },
      {
        code: 'import math, subprocess as sp',
        errors: [{ range: '1:14-1:24', message: "import of 'subprocess' is not allowed by policy 'strict'" }],
      },
      {
        code: 'def f():\n    try:\n        from os.path import join\n    except ImportError:\n        pass',
        errors: [{ range: '3:14-3:21', message: "import of 'os.path' is not allowed by policy 'strict'" }],
      },
      { code: 'from os import *', errors: [{ range: '1:6-1:8', message: "import of 'os' is not allowed by policy 'strict'" }] },
      { code: 'from . import sibling', errors: [{ range: '1:6-1:7', message: "relative import '.' is not allowed by policy 'strict'" }] },
      {
        code: 'class Plugin:\r\n    import ｏｓ',
        errors: [{ range: '2:12-2:14', message: "import of 'os' is not allowed by policy 'strict'" }],
        note: 'fullwidth letters normalise to `os`; CRLF line endings',
      },
      { code: 'import commands', errors: [{ range: '1:8-1:16', message: "import of 'commands' is not allowed by policy 'strict'" }], note: 'Python 2 module' },
      {
        code: 'from xml import dom, etree as et',
        errors: [{ range: '1:22-1:27', message: "import of 'xml.etree' is not allowed by policy 'strict'" }],
        allowModules: ['xml'],
        denyModules: ['xml.etree'],
        note: 'a denied submodule imported by name from its allowed parent',
      },
    ],
  },
};
