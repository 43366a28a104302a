import type { Node } from '../../parser';
import { callOf, positionalArguments } from '../../semantics/syntax';
import { isBuiltinAllowed } from '../../policy/queries';
import { isBuiltByPlainClass } from '../shared/ownAttributes';
import type { Rule, RuleContext } from '../types';
import { denotationVisitor, describeAs } from '../shared/denotations';
import { isMemberAllowed } from './policyMembers';
import { quotedValue, shortened } from '../shared/messageText';

/** Names whose value is the host's private data, and what each discloses. */
const DISCLOSURES: Record<string, string> = {
  'os.environ': "reads the host's environment variables",
  'os.environb': "reads the host's environment variables",
  'os.getenv': "reads the host's environment variables",
  'os.getenvb': "reads the host's environment variables",
  'posix.environ': "reads the host's environment variables",
  'nt.environ': "reads the host's environment variables",
  'sys.argv': "reads the host's command line",
  'sys.orig_argv': "reads the host's command line",
  'sys.path': 'reveals and changes where the host imports code from',
  'sys.path_importer_cache': 'reveals where the host imports code from',
  'sys.modules': 'exposes every module the host has loaded',
  'sys.executable': "reveals the host's installation paths",
  'sys._base_executable': "reveals the host's installation paths",
  'sys.prefix': "reveals the host's installation paths",
  'sys.exec_prefix': "reveals the host's installation paths",
  'sys.base_prefix': "reveals the host's installation paths",
  'sys.base_exec_prefix': "reveals the host's installation paths",
  'os.getcwd': "reveals the host's file system",
  'os.getcwdb': "reveals the host's file system",
  'os.listdir': "reveals the host's file system",
  'os.scandir': "reveals the host's file system",
  'os.walk': "reveals the host's file system",
  'os.fwalk': "reveals the host's file system",
  'os.stat': "reveals the host's file system",
  'os.lstat': "reveals the host's file system",
  'os.readlink': "reveals the host's file system",
  'os.access': "reveals the host's file system",
  'os.getlogin': "reveals the host's users",
  'os.uname': 'reveals the host machine',
  'os.ctermid': "reveals the host's terminal",
  'platform.node': 'reveals the host machine',
  // An allowlisted module's: the hardware (MAC) address of the host's network card.
  'uuid.getnode': "reveals the host machine's hardware address",
  'pandas.show_versions': "reveals the host's system, paths and installed packages",
  'platform.uname': 'reveals the host machine',
  'socket.gethostname': 'reveals the host machine',
  'getpass.getuser': "reveals the host's users",
  'glob.glob': "reveals the host's file system",
  'glob.iglob': "reveals the host's file system",
  'os.path.expandvars': "reads the host's environment variables",
  'os.path.expanduser': "reveals the host's home directory",
  'traceback.format_stack': "reveals the host's call stack and source paths",
  'traceback.extract_stack': "reveals the host's call stack and source paths",
  'traceback.print_stack': "reveals the host's call stack and source paths",
  'traceback.walk_stack': "reveals the host's call stack and source paths",
  // asyncio's own copy of `traceback.extract_stack`, starting at the caller's frame.
  'asyncio.format_helpers.extract_stack': "reveals the host's call stack and source paths",
  'site.getsitepackages': "reveals the host's installation paths",
  'site.getusersitepackages': "reveals the host's installation paths",
  'sysconfig.get_paths': "reveals the host's installation paths",
  'sysconfig.get_config_vars': "reveals the host's installation paths",
  'builtins.globals': 'exposes the module namespace into which the host injects its objects',
  'builtins.locals': 'exposes a namespace of the running code',
};

/** Modules that are nothing but the host's private data. */
const DISCLOSING_MODULES: Record<string, string> = {
  pwd: "reveals the host's users",
  grp: "reveals the host's users",
  spwd: "reveals the host's password hashes",
};

/**
 * Strings that name the host's private files: `/proc/self/environ` holds its secrets,
 * `/etc/passwd` its users, `~/.ssh` its keys. Whitespace-free only, so prose that mentions a
 * path (`"never read /etc/passwd"`) is not a path.
 */
const HOST_PATH_PREFIX = /^(?:\/(?:proc|sys|dev|etc|root|home|boot|run|var\/(?:log|run|lib|spool|mail))(?:\/|$)|~[\w.-]*\/|[A-Za-z]:[\\/](?:Windows|Users|ProgramData)(?:[\\/]|$))/i;
const HOST_PATH_ANYWHERE = /\/proc\/(?:self|thread-self|\d+)\/|(?:^|\/)\.(?:ssh|aws|gnupg|netrc|pgpass|docker)(?:\/|$)|(?:^|\/)id_(?:rsa|dsa|ecdsa|ed25519)\b/;
const MAX_PATH_LENGTH = 4096;

export function isHostPath(text: string): boolean {
  if (!text || text.length > MAX_PATH_LENGTH || /\s/.test(text)) return false;
  return HOST_PATH_PREFIX.test(text) || HOST_PATH_ANYWHERE.test(text);
}

/** True when a `vars(x)` call is used as a mapping of names to values: `"%(k)s" % vars(x)`, `f(**vars(x))`. */
function usedAsMapping(call: Node): boolean {
  let child = call;
  let p = call.parent;
  while (p?.type === 'parenthesized_expression') {
    child = p;
    p = p.parent;
  }
  if (!p) return false;
  if (p.type === 'binary_operator') return p.childForFieldName('operator')?.text === '%' && p.childForFieldName('right')?.id === child.id;
  if (p.type === 'dictionary_splat') return true;
  if (p.type === 'argument_list') {
    const fn = p.parent?.childForFieldName('function');
    return fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format_map';
  }
  return false;
}

/**
 * The expressions constant folding can turn into a string (semantics/fold.ts): numbers, displays,
 * splats, lambdas and the rest never name a path, and folding a large list or tuple only to find
 * it is not a string was this rule's largest cost.
 */
const MAY_FOLD_TO_STRING = new Set(['string', 'concatenated_string', 'parenthesized_expression', 'binary_operator', 'subscript', 'call', 'identifier', 'attribute']);

function calleeText(call: Node): string {
  const fn = call.childForFieldName('function');
  const text = fn?.text.replace(/\s+/g, ' ') ?? 'a call';
  return shortened(text);
}

export const informationDisclosure: Rule = {
  meta: {
    code: 'PC503',
    name: 'information-disclosure',
    summary: "Reads the host's secrets: environment, command line, import path, loaded modules, namespaces, private files",
    defaultSeverity: 'error',
    docs: {
      what:
        '`os.environ`, `os.environb`, `os.getenv`, `sys.argv`, `sys.path` (reading or mutating it, e.g. `sys.path.insert`), `sys.modules`, `sys.executable`/`prefix`, directory listings (`os.listdir`, `os.walk`, `os.scandir`, `glob`), `os.getcwd`, the machine\'s hardware address (`uuid.getnode`, and `uuid.uuid1()` without a `node`, whose result ends with it), `pandas.show_versions()`, the host\'s users (`pwd`, `getpass.getuser`); `globals()` and `locals()` (unless the policy\'s builtins allowlist names them), argument-less `vars()` (unless it names both `vars` and `globals`), both only at module level, in a class body, or in a default or decorator evaluated there (not called in the body of a function, where they hold that function\'s own variables: `"{name}: {count}".format(**locals())`); `vars(x)` when the policy does not allow `vars` (except `vars(P())` or `vars(p)` after `p = P()`, `P` a plain class of this file in the sense of PC203), and `vars(x)` used as a mapping (`"%(password)s" % vars(settings)`, `f(**vars(x))`, `format_map(vars(x))`) whatever the policy; and string arguments that name the host\'s private files (`/proc/self/environ`, `/etc/passwd`, `~/.ssh/id_rsa`). Names are resolved through aliases (`from os import environ as e`). The `gc` object walkers are PC204\'s; `license._Printer__filenames` is PC203\'s.',
      why:
        'The PyCon 2014 talk lists information disclosure among the four threats. The host runs the plugin in its own process: its environment holds API keys and database passwords, `/proc/self/environ` and `/proc/self/cmdline` hold the same, `globals()` holds the objects the host injected, and `"%(password)s" % vars(settings)` prints every attribute of a settings object without naming one. `sys.path` is also a way in: inserting a directory makes the host import the plugin\'s code.',
      example: 'import os\ntoken = os.environ["API_TOKEN"]\n\nprint(globals())\nline = "%(password)s" % vars(settings)\nsecrets = open("/proc/self/environ").read()',
      instead: 'Take configuration as arguments from the host; name the attributes you need (`settings.timeout`) instead of dumping a namespace.',
    },
  },
  create(context) {
    const { policy } = context;
    const visitor = denotationVisitor(context, (value, node) => {
      const q = value.name;
      if (isMemberAllowed(policy, q)) return undefined;
      if (q === 'builtins.vars') return describeVars(context, node);
      // A host that lists `globals`/`locals` in its builtins allowlist has accepted them.
      if ((q === 'builtins.globals' || q === 'builtins.locals') && isBuiltinAllowed(policy, q.slice('builtins.'.length))) return undefined;
      if (q === 'builtins.locals' && readsFunctionLocals(node)) return undefined;
      // A module alone (`import pwd`) is PC101's; its members are the disclosure. (The first two
      // parts are cut out rather than split: this runs for every name every file uses.)
      const dot = q.indexOf('.');
      const memberEnd = dot < 0 ? -1 : q.indexOf('.', dot + 1);
      const member = dot < 0 ? undefined : q.slice(dot + 1, memberEnd < 0 ? q.length : memberEnd);
      const effect = DISCLOSURES[q] ?? (member ? DISCLOSING_MODULES[q.slice(0, dot)] : undefined);
      if (!effect) return undefined;
      return `${describeAs(q.replace(/^builtins\./, ''), node)} ${effect}; not allowed by policy '${policy.name}'`;
    });
    return {
      ...visitor,
      call(node) {
        const args = node.childForFieldName('arguments');
        if (args?.type !== 'argument_list') return;
        // `uuid.uuid1()` puts `uuid.getnode()` in the last 48 bits of what it returns, unless given a `node`.
        const fn = node.childForFieldName('function');
        if (fn && context.semantics.qualifiedNames(fn).includes('uuid.uuid1') && !isMemberAllowed(policy, 'uuid.uuid1')) {
          const parts = args.namedChildren.filter((c) => c && c.type !== 'comment');
          const givesNode = parts.some((c) => c!.type !== 'keyword_argument' || c!.childForFieldName('name')?.text === 'node');
          if (!givesNode) context.report({ node, message: `'${calleeText(node)}' without a 'node' embeds the host machine's hardware address in the identifier; not allowed by policy '${policy.name}'` });
        }
        for (const arg of args.namedChildren) {
          if (!arg || arg.type === 'comment') continue;
          const value = arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg;
          if (!value || !MAY_FOLD_TO_STRING.has(value.type)) continue;
          const text = context.semantics.foldString(value);
          if (text === undefined || !isHostPath(text)) continue;
          context.report({ node: value, message: `host path ${quotedValue(text)} passed to '${calleeText(node)}' discloses the host's files; not allowed by policy '${policy.name}'` });
        }
      },
    };
  },
  tests: {
    valid: [
      { code: 'def label(name, count):\n    def line(scope=locals()):\n        return scope\n    return "{name}: {count}".format(**locals())\nshow = lambda item: "%(item)s" % vars()', note: "a function's own variables, not the module namespace (a default of a nested def too: it runs in the outer function)" },
      {
        code: 'class Point:\n    def __init__(self):\n        self.x = 1\np = Point()\ndata = vars(Point())\nnames = sorted(vars(p))',
        note: 'objects a plain class of this file built: their namespace holds what the plugin stored',
      },
      'import os\nhome = os.path.join("data", "x.json")',
      'def globals():\n    return {}\nprint(globals())',
      { code: 'attrs = vars(point)', allowBuiltins: ['vars'] },
      { code: 'names = sorted(globals())', allowBuiltins: ['globals'], note: 'the host allowed it' },
      'logger.info("never read /etc/passwd from a plugin")',
      'line = "%(name)s" % {"name": "x"}',
      'class Config:\n    path = ["a"]\nsys = Config()\nprint(sys.path)',
      { code: 'import os\nos.getcwd()', allowMembers: { os: ['getcwd'] } },
      'url = fetch("/api/v1/etc/items")',
      "import uuid\nident = uuid.uuid4().hex\nfixed = uuid.uuid1(node=0x0123456789ab)\nalso = uuid.uuid1(1, 2)",
    ],
    invalid: [
      {
        code: 'class Hook:\n    locals()["__del__"] = print\ndef make(scope=locals()):\n    return scope\nsnapshot = locals()',
        errors: [
          { range: '2:5-2:11', message: "'locals' exposes a namespace of the running code; not allowed by policy 'strict'" },
          { range: '3:16-3:22', message: "'locals' exposes a namespace of the running code; not allowed by policy 'strict'" },
          { range: '5:12-5:18', message: "'locals' exposes a namespace of the running code; not allowed by policy 'strict'" },
        ],
        note: "a class body's namespace, and the module's: a default is evaluated where the def is",
      },
      {
        code: 'class Point:\n    def dump(self):\n        return vars(self)',
        errors: [{ range: '3:16-3:20', message: "'vars' reads an object's namespace; not allowed by policy 'strict'" }],
        note: 'the limit: `self`, which `Point.dump(module)` points at any object',
      },
      {
        code: 'import json\nclass D(json.JSONDecoder):\n    pass\nv = vars(D())',
        errors: [{ range: '4:5-4:9', message: "'vars' reads an object's namespace; not allowed by policy 'strict'" }],
        note: 'an imported base class',
      },
      {
        code: 'import asyncio\nstack = asyncio.format_helpers.extract_stack()',
        errors: [{ range: '2:9-2:45', message: "'asyncio.format_helpers.extract_stack' reveals the host's call stack and source paths; not allowed by policy 'strict'" }],
        note: "an allowlisted module's copy of traceback.extract_stack",
      },
      {
        code: 'import os\ntoken = os.environ["API_TOKEN"]',
        errors: [{ range: '2:9-2:19', message: "'os.environ' reads the host's environment variables; not allowed by policy 'strict'" }],
      },
      {
        code: 'from os import getenv as g\nkey = g("AWS_SECRET_ACCESS_KEY")',
        errors: [{ range: '2:7-2:8', message: "'os.getenv' (as 'g') reads the host's environment variables; not allowed by policy 'strict'" }],
      },
      {
        code: 'import sys\nsys.path.insert(0, "/tmp/evil")',
        errors: [{ range: '2:1-2:9', message: "'sys.path' reveals and changes where the host imports code from; not allowed by policy 'strict'" }],
      },
      {
        code: 'print(globals())',
        errors: [{ range: '1:7-1:14', message: "'globals' exposes the module namespace into which the host injects its objects; not allowed by policy 'strict'" }],
      },
      {
        code: 'snapshot = vars()',
        errors: [{ range: '1:12-1:16', message: "'vars()' without an argument exposes the module namespace into which the host injects its objects; not allowed by policy 'strict'" }],
      },
      {
        code: 'line = "%(password)s" % vars(settings)',
        allowBuiltins: ['vars'],
        errors: [{ range: '1:25-1:29', message: "'vars(x)' used as a mapping discloses every attribute of the object, secrets included; not allowed by policy 'strict'" }],
      },
      {
        code: 'print "%(password)s" % vars(settings)',
        note: 'Python 2',
        errors: [{ range: '1:24-1:28', message: "'vars(x)' used as a mapping discloses every attribute of the object, secrets included; not allowed by policy 'strict'" }],
      },
      {
        code: 'attrs = ｖａｒｓ(point)',
        errors: [{ range: '1:9-1:13', message: "'vars' (as 'ｖａｒｓ') reads an object's namespace; not allowed by policy 'strict'" }],
      },
      {
        code: 'name = "/proc/self/" + "environ"\nsecrets = open(name).read()',
        errors: [{ range: '2:16-2:20', message: "host path '/proc/self/environ' passed to 'open' discloses the host's files; not allowed by policy 'strict'" }],
      },
      {
        code: 'import sys\nfor m in sys.modules.values():\n    print(m)',
        errors: [{ range: '2:10-2:21', message: "'sys.modules' exposes every module the host has loaded; not allowed by policy 'strict'" }],
      },
      {
        code: "import uuid\nmac = uuid.uuid1().node\nfrom uuid import uuid1\nident = str(uuid1(clock_seq=1))",
        errors: [
          { range: "2:7-2:19", message: "'uuid.uuid1' without a 'node' embeds the host machine's hardware address in the identifier; not allowed by policy 'strict'" },
          { range: "4:13-4:31", message: "'uuid1' without a 'node' embeds the host machine's hardware address in the identifier; not allowed by policy 'strict'" },
        ],
        note: 'the last 48 bits of a version-1 UUID are the MAC address',
      },
      {
        code: "import uuid\nmac = uuid.getnode()",
        errors: [{ range: "2:7-2:19", message: "'uuid.getnode' reveals the host machine's hardware address; not allowed by policy 'strict'" }],
        note: "an allowlisted module's member",
      },
      {
        code: "import pandas as pd\npd.show_versions()",
        errors: [{ range: "2:1-2:17", message: "'pandas.show_versions' (as 'pd.show_versions') reveals the host's system, paths and installed packages; not allowed by policy 'strict'" }],
      },
    ],
  },
};

/**
 * `locals()` (or `vars()`) called in the body of a function: that function's own variables, its
 * parameters and what it bound, not the module namespace the host injects into
 * (`"{name}: {count}".format(**locals())`). Not at module level or in a class body, where it is that
 * namespace; a default or decorator is evaluated where its `def` is, so it is asked of that place.
 */
function readsFunctionLocals(node: Node): boolean {
  const call = callOf(node);
  if (!call || call.childForFieldName('function')?.id !== node.id) return false;
  if ((call.childForFieldName('arguments')?.namedChildren ?? []).some((c) => c && c.type !== 'comment')) return false;
  let child: Node = call;
  for (let p = call.parent; p; child = p, p = p.parent) {
    // A default, decorator or base runs where its statement is: go on outwards.
    const inBody = p.childForFieldName('body')?.id === child.id;
    if ((p.type === 'function_definition' || p.type === 'lambda') && inBody) return true;
    if ((p.type === 'class_definition' && inBody) || p.type === 'module') return false;
  }
  return false;
}

/** `vars()` is `globals()` at module level; `vars(x)` is `x.__dict__`, worst when formatted whole. */
function describeVars(context: RuleContext, node: Node): string | undefined {
  const { policy } = context;
  const call = callOf(node);
  const args = call?.childForFieldName('arguments');
  const hasArgs = !!call && (positionalArguments(call).length > 0 || !!args?.namedChildren.some((c) => c && c.type !== 'comment'));
  if (call && !hasArgs && readsFunctionLocals(node)) return undefined;
  if (call && !hasArgs && !(isBuiltinAllowed(policy, 'vars') && isBuiltinAllowed(policy, 'globals'))) {
    return `${describeAs('vars', node).replace(/^'vars'/, "'vars()'")} without an argument exposes the module namespace into which the host injects its objects; not allowed by policy '${policy.name}'`;
  }
  if (call && usedAsMapping(call)) {
    return `'vars(x)' used as a mapping discloses every attribute of the object, secrets included; not allowed by policy '${policy.name}'`;
  }
  if (isBuiltinAllowed(policy, 'vars')) return undefined;
  // `vars(Point())`: the namespace of an object a plain class of this file built holds only what
  // the plugin stored there. Not `vars(self)`, which `Point.dump(module)` points elsewhere.
  const given = call ? positionalArguments(call) : [];
  if (given.length === 1 && args?.namedChildren.filter((c) => c && c.type !== 'comment').length === 1 && isBuiltByPlainClass(context, given[0])) return undefined;
  return `${describeAs('vars', node)} reads an object's namespace; not allowed by policy '${policy.name}'`;
}
