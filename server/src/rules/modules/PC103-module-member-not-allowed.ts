import type { Node } from '../../parser';
import { isModuleAllowed } from '../../policy/queries';
import { canonicalQName, isPrivateName, normalizeIdentifier } from '../../semantics';
import { qnameValue } from '../../semantics/values';
import type { Rule } from '../types';
import type { Policy } from '../../policy/types';
import { denotationVisitor, type QNameValue } from '../shared/denotations';
import { isHostQName, isHostRooted } from '../shared/hostObjects';

/** Pseudo-modules of the resolver that other rules own (`__builtins__` is PC202/PC402's). */
const NOT_MODULES = new Set(['builtins', '__main__']);

/**
 * Why a module member, or a module reached as a member (`typing.sys`), is not allowed by `policy`;
 * undefined when it is. `value.path` is the way it was reached (`typing.sys` for `sys`).
 */
export function moduleMemberMessage(policy: Policy, value: QNameValue): string | undefined {
  const q = value.name;
  // (1) a member outside a per-module allowlist
  for (const [module, members] of policy.allowMembers) {
    if (!q.startsWith(module + '.')) continue;
    const member = q.slice(module.length + 1).split('.')[0];
    if (!members.has(member)) return `member '${module}.${member}' is not allowed by policy '${policy.name}'`;
  }
  const top = q.split('.')[0];
  // `enum.bltns`, `dataclasses.builtins`: the builtins module handed out by an allowed one.
  if (top === 'builtins' && value.path && isModuleAllowed(policy, value.path.split(/[.[]/)[0])) {
    return `module 'builtins' reached through '${value.path}' is not allowed by policy '${policy.name}'`;
  }
  // (4) `hass.bus._listeners`: a private member of an object the host provides (a global the file
  // never binds, rules/shared/hostObjects.ts) — its internals, not its API.
  if (top === 'builtins' && isHostQName(value)) {
    const parts = q.split('.');
    // Past a public member (`hass.bus._listeners`): a host's own underscore names are often its
    // documented API (`frappe._dict`, a namedtuple's `_asdict`).
    const i = parts.findIndex((p, idx) => idx > 2 && isPrivateName(p));
    if (i > 2) return `private member '${parts[i]}' of '${parts.slice(1, i).join('.')}', an object the host provides, is not allowed by policy '${policy.name}'`;
  }
  if (NOT_MODULES.has(top)) return undefined;
  // (3) reached through an allowed module or a run-time import
  if (value.path && !isModuleAllowed(policy, q.split('.')[0]) && !isModuleAllowed(policy, q)) {
    const module = q.split('.')[0];
    return `module '${module}' reached through '${value.path}' is not allowed by policy '${policy.name}'`;
  }
  // (2) a private member of an allowed module
  if (isModuleAllowed(policy, top)) {
    const parts = q.split('.');
    const i = parts.findIndex((p, idx) => idx > 0 && isPrivateName(p));
    if (i > 0 && isModuleAllowed(policy, parts.slice(0, i).join('.'))) {
      return `private member '${parts.slice(0, i + 1).join('.')}' of module '${parts.slice(0, i).join('.')}' is not allowed by policy '${policy.name}'`;
    }
  }
  return undefined;
}

/** The verdict on a module's member written as a dotted name (`typing.sys`): canonicalised, so an alias shows its path. */
export function dottedMemberMessage(policy: Policy, raw: string): string | undefined {
  const canonical = canonicalQName(raw);
  return moduleMemberMessage(policy, canonical === raw ? qnameValue(raw) : qnameValue(canonical, raw));
}

export const moduleMemberNotAllowed: Rule = {
  meta: {
    code: 'PC103',
    name: 'module-member-not-allowed',
    summary: 'Member of a module outside what the policy exposes, or a forbidden module reached through an allowed one',
    defaultSeverity: 'error',
    docs: {
      what: 'Three things, all about what a module hands out: (1) a member of a module that the policy reduces to a member allowlist (rexec\'s reduced `os` and `sys`): `os.system`, `from os import system`; (2) a private member (`_name`) of an allowed module: `random._inst`; (3) a forbidden module reached as an attribute of an allowed one: `random._os`, `statistics.sys`, `typing.sys`, `enum.bltns`, `typing.types`, `queue.threading._sys.modules`, `from dataclasses import sys`, a keyword pattern of a `case` on the module (`match typing: case object(sys=s):` reads `typing.sys`), `import asyncio.subprocess` — or bound by a run-time import (`shell = importlib.import_module("subprocess")`) and then used; and (4) a private member (`_name`) of an attribute of an object the host provides, a global the file never binds that is no builtin (`hass.bus._listeners`, `context.REQUEST._authUserPW()`; not one of the global itself, `frappe._dict`, which is often documented API): its internals.',
      why: 'Allowing a module allows everything it imported. `logging.os`, `random._os` and `statistics.sys` are the host\'s real `os` and `sys`; the smolagents and CVE-2026-32640 escapes walked exactly these chains. rexec answered with reduced copies of `os` and `sys` that hold only an allowlist of members.',
      example: 'import random\nrandom._os.system("id")\nimport statistics\nsysmod = statistics.sys',
      instead: 'Use the module\'s public, documented functions; ask the host to allow a member if you need it.',
    },
  },
  create(context) {
    const { policy } = context;
    const memberMessage = (value: QNameValue): string | undefined => moduleMemberMessage(policy, value);
    // A name reached without a detour always gets the same verdict: once per name, not per use.
    const verdicts = new Map<string, string | undefined>();
    const visitor = denotationVisitor(context, (value, node) => {
      // A host's object only when its name is bound nowhere (not `f` after `del f`, whose
      // answer holds the builtin the deleted name would fall back to).
      // PC701, when on, reports every underscore attribute (the `restrictedpython` preset).
      if (isHostQName(value)) return isHostRooted(context, node) && !context.isEnabled('PC701') ? memberMessage(value) : undefined;
      if (value.path) return memberMessage(value);
      if (verdicts.has(value.name)) return verdicts.get(value.name);
      const message = memberMessage(value);
      verdicts.set(value.name, message);
      return message;
    });
    /** The verdict on `parent.name` imported from an allowed `parent`: canonicalised, so a module alias shows its path. */
    const submoduleMessage = (raw: string): string | undefined => dottedMemberMessage(policy, raw);
    return {
      ...visitor,
      import_statement(node: Node) {
        // `import asyncio.subprocess` imports each dotted prefix in turn: the same submodules as
        // `from asyncio import subprocess`, reached through the allowed parent.
        for (const c of node.namedChildren) {
          const nameNode = c?.type === 'aliased_import' ? c.childForFieldName('name') : c?.type === 'dotted_name' ? c : null;
          if (!nameNode) continue;
          const parts = normalizeIdentifier(nameNode.text.replace(/\s+/g, '')).split('.');
          if (parts.length < 2 || !isModuleAllowed(policy, parts[0])) continue; // PC101 reports the import itself
          for (let i = 2; i <= parts.length; i++) {
            const message = submoduleMessage(parts.slice(0, i).join('.'));
            if (!message) continue;
            context.report({ node: nameNode, message });
            break;
          }
        }
      },
      import_from_statement(node: Node) {
        const module = node.childForFieldName('module_name');
        if (!module || module.type === 'relative_import') return;
        const mod = normalizeIdentifier(module.text.replace(/\s+/g, ''));
        if (!isModuleAllowed(policy, mod)) return; // PC101 reports the import itself
        for (const c of node.namedChildren) {
          if (!c || c.id === module.id) continue;
          const nameNode = c.type === 'aliased_import' ? c.childForFieldName('name') : c.type === 'dotted_name' ? c : null;
          if (!nameNode) continue;
          // `from dataclasses import sys` binds the module `sys`, reached through an allowed one.
          const message = submoduleMessage(`${mod}.${normalizeIdentifier(nameNode.text)}`);
          if (message) context.report({ node: nameNode, message });
        }
      },
    };
  },
  tests: {
    valid: [
      "import statistics\ndef avg(m):\n    return m.mean\navg(statistics)",
      'import random\nroll = random.randint(1, 6)',
      'import math\nx = math.pi',
      'from collections import OrderedDict',
      { code: 'import os\nos.getcwd()', allowModules: ['os'], allowMembers: { os: ['getcwd'] } },
      'import json\njson.dumps({})',
      { code: 'import pandas as pd\nok = pd.api.types.is_numeric_dtype', note: '`types` collapses to the module only below the modules that import it' },
      'from json import decoder\nd = decoder.JSONDecoder()',
      { code: 'import asyncio.events, json.decoder as jd', allowModules: ['asyncio'], note: 'dotted imports of ordinary submodules of allowed modules' },
    ],
    invalid: [
      {
        code: 'listeners = hass.bus._listeners\ncreds = context.REQUEST._authUserPW()\nrows = _input.all()\nstate = hass.states.get("sensor.x")',
        errors: [
          { range: '1:13-1:32', message: "private member '_listeners' of 'hass.bus', an object the host provides, is not allowed by policy 'strict'" },
          { range: '2:9-2:36', message: "private member '_authUserPW' of 'context.REQUEST', an object the host provides, is not allowed by policy 'strict'" },
        ],
        note: 'the internals of what the host hands the script; a host global whose own name starts with an underscore (n8n\'s `_input`) and its public API are fine',
      },
      {
        code: 'import typing\nmatch typing:\n    case object(sys=object(modules={"os": m})):\n        pass',
        errors: [
          { range: '3:17-3:46', message: "module 'sys' reached through 'typing.sys' is not allowed by policy 'strict'" },
          { range: '3:28-3:45', message: "module 'sys' reached through 'typing.sys.modules' is not allowed by policy 'strict'" },
        ],
        note: 'a keyword pattern reads its attribute of the subject, also inside another',
      },
      {
        code: 'import re\np = re.sre_parse.parse("a")',
        errors: [{ range: '2:5-2:23', message: "module 'sre_parse' reached through 're.sre_parse.parse' is not allowed by policy 'strict'" }],
        note: 'a module an allowed one imported before 3.11 (the table covers CPython 2.7 and 3.6–3.13)',
      },
      {
        code: 'import decimal\ndecimal._locale.setlocale(0)',
        errors: [{ range: '2:1-2:26', message: "module 'locale' reached through 'decimal._locale.setlocale' is not allowed by policy 'strict'" }],
        note: 'a module imported under a private name',
      },
      {
        code: "import typing\nclass Host:\n    def __init__(self):\n        self.mod = typing\n    def escape(self):\n        return self.mod.sys",
        errors: [{ range: "6:16-6:28", message: "module 'sys' reached through 'typing.sys' is not allowed by policy 'strict'" }],
        note: "a module stored on self",
      },
      {
        code: "import statistics\ndef leak(m):\n    return m.sys\nleak(statistics)",
        errors: [{ range: "3:12-3:17", message: "module 'sys' reached through 'statistics.sys' is not allowed by policy 'strict'" }, { range: "4:1-4:17", message: "module 'sys' reached through 'statistics.sys' is not allowed by policy 'strict'" }],
        note: "a module passed to a parameter",
      },
      {
        code: "import random\npair = (1, random)\n_, m = pair\nm._os",
        errors: [{ range: "4:1-4:6", message: "module 'os' reached through 'random._os' is not allowed by policy 'strict'" }],
        note: "unpacked from a name bound to a tuple",
      },
      {
        code: "import statistics\nclass Box:\n    def __init__(self, item):\n        self.item = item\nmatch Box(statistics):\n    case Box(item=m):\n        m.sys",
        errors: [{ range: "7:9-7:14", message: "module 'sys' reached through 'statistics.sys' is not allowed by policy 'strict'" }],
        note: "captured by a class pattern from an instance",
      },
      {
        code: 'import random\nrandom._os.system("id")',
        errors: [{ range: '2:1-2:18', message: "module 'os' reached through 'random._os.system' is not allowed by policy 'strict'" }],
      },
      {
        code: 'import statistics\nsysmod = statistics.sys',
        errors: [{ range: '2:10-2:24', message: "module 'sys' reached through 'statistics.sys' is not allowed by policy 'strict'" }],
      },
      {
        code: 'import os\nos.system("id")',
        allowModules: ['os'],
        allowMembers: { os: ['getcwd', 'listdir'] },
        errors: [{ range: '2:1-2:10', message: "member 'os.system' is not allowed by policy 'strict'" }],
      },
      {
        code: 'from os import system as s',
        allowModules: ['os'],
        allowMembers: { os: ['getcwd'] },
        errors: [{ range: '1:16-1:22', message: "member 'os.system' is not allowed by policy 'strict'" }],
      },
      {
        code: 'import json, asyncio.subprocess as aio_sp',
        allowModules: ['asyncio'],
        errors: [{ range: '1:14-1:32', message: "module 'subprocess' reached through 'asyncio.subprocess' is not allowed by policy 'strict'" }],
        note: 'a dotted import binds the submodule just as `from asyncio import subprocess` does',
      },
      {
        code: 'from dataclasses import sys',
        errors: [{ range: '1:25-1:28', message: "module 'sys' reached through 'dataclasses.sys' is not allowed by policy 'strict'" }],
      },
      {
        code: 'from enum import bltns',
        errors: [{ range: '1:18-1:23', message: "module 'builtins' reached through 'enum.bltns' is not allowed by policy 'strict'" }],
      },
      {
        code: 'import typing\nF = typing.types.FunctionType',
        errors: [{ range: '2:5-2:30', message: "module 'types' reached through 'typing.types.FunctionType' is not allowed by policy 'strict'" }],
      },
      {
        code: 'import json\nreader = json.codecs.open',
        errors: [{ range: '2:10-2:26', message: "module 'codecs' reached through 'json.codecs.open' is not allowed by policy 'strict'" }],
      },
      {
        code: 'import random\nr = random._inst',
        errors: [{ range: '2:5-2:17', message: "private member 'random._inst' of module 'random' is not allowed by policy 'strict'" }],
      },
      {
        code: 'import typing\ntyping.ｓｙｓ.modules',
        errors: [{ range: '2:1-2:19', message: "module 'sys' reached through 'typing.sys.modules' is not allowed by policy 'strict'" }],
      },
    ],
  },
};
