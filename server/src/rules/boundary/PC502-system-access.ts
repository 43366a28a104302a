import type { Node } from '../../parser';
import { isWithinModule, normalizeIdentifier } from '../../semantics';
import { classPatternOfKeyword, codeChildren, isStoreTarget, keywordArgument, patternClassName, positionalArguments } from '../../semantics/syntax';
import { isBuiltinAllowed, isModuleAllowed } from '../../policy/queries';
import type { Rule, RuleContext } from '../types';
import { denotationVisitor, describeAs } from '../shared/denotations';
import { isMadeBy } from '../shared/madeBy';
import { loneBindingOf } from '../shared/loneBinding';
import { isOwnDataAttribute, plainClassStores } from '../shared/ownAttributes';
import { shortened } from '../shared/messageText';
import {
  CAPABILITY_EFFECT,
  EVENT_LOOP_FACTORIES,
  EVENT_LOOP_METHODS,
  FILE_OPENERS,
  HOST_STREAMS,
  MEMBER_CAPABILITIES,
  MODULE_CAPABILITIES,
  NATIVE_ATTRIBUTES,
  OS_MEMBERS,
  PANDAS_WRITERS,
  PATH_WRITERS,
  type Capability,
} from './hostCapabilities';
import { isMemberAllowed } from './policyMembers';
import { subjectOf } from '../../semantics/scopes';
import { isHostQName, isHostRooted } from '../shared/hostObjects';

const OS_LIKE = new Set(['os', 'posix', 'nt']);
/** Members of whole-module families that end the host: PC501 reports them more precisely. */
const EXIT_MEMBERS = new Set(['thread.exit', 'thread.exit_thread', 'thread.interrupt_main']);
/** `signal.SIGKILL`, `socket.AF_INET`: constants name nothing the plugin can do by themselves. */
const CONSTANT = /^(?:SIG[A-Z0-9_]*|AF_\w+|SOCK_\w+|IPPROTO_\w+|SOL_\w+|SO_\w+|RLIMIT_\w+|ITIMER_\w+|PIPE|STDOUT|DEVNULL)$/;

/** What a canonical name lets the plugin do to the host, if anything. */
function capabilityOf(qname: string, node: Node): Capability | undefined {
  const direct = MEMBER_CAPABILITIES[qname];
  if (direct) return direct;
  const parts = qname.split('.');
  if (OS_LIKE.has(parts[0]) && parts.length >= 2) {
    const c = OS_MEMBERS[parts[1]];
    if (c) return c;
  }
  if (parts.length === 1 && (node.type === 'attribute' || node.type === 'keyword_pattern')) {
    // `arr.ctypes` (or `case object(ctypes=c)`) on an object the resolver knows (`numpy.ctypes` canonicalises to `ctypes`).
    if (NATIVE_ATTRIBUTES.has(qname)) return 'native';
    // `socket.socket`, `signal.signal`: a member named like its module canonicalises to the module.
    return MODULE_CAPABILITIES[qname];
  }
  for (let i = parts.length - 1; i >= 1; i--) {
    const c = MODULE_CAPABILITIES[parts.slice(0, i).join('.')];
    if (c) return CONSTANT.test(parts[i]) ? undefined : c;
  }
  return undefined;
}

/**
 * Modules whose name alone, as an attribute, says what it holds: `x.os`, `x.subprocess` name
 * nothing else (unlike `x.socket`, `x.signal`, `x.ctypes`, which name a socket, a signal, an
 * array's interface).
 */
const LOOKALIKE_MODULES = new Set([...OS_LIKE, 'subprocess']);

/**
 * `frappe.utils.os.system`: a member of a host-reaching module read off an attribute named like
 * the module (`os`, `subprocess`) of an object the host provides (rules/shared/hostObjects.ts)
 * that the resolver knows nothing more of — a host API whose helper module imported `os`, as
 * `random._os` is `os`. A plugin's own object, a parameter or `self.os` is left alone.
 */
function lookalikeModuleMember(context: RuleContext, node: Node): { qname: string; capability: Capability; object: Node } | undefined {
  const object = node.childForFieldName('object');
  if (object?.type !== 'attribute') return undefined;
  const moduleName = normalizeIdentifier(object.childForFieldName('attribute')?.text ?? '');
  if (!LOOKALIKE_MODULES.has(moduleName)) return undefined;
  const member = normalizeIdentifier(node.childForFieldName('attribute')?.text ?? '');
  const qname = `${moduleName}.${member}`;
  const capability = capabilityOf(qname, node);
  if (!capability) return undefined;
  // Reached from an object the host provides (not a parameter or `self.os`, which may hold
  // anything the plugin put there, a mock or a runner), and not known to be anything else.
  if (!isHostRooted(context, object) || !context.semantics.resolve(object).every((v) => v.kind === 'unknown' || isHostQName(v))) return undefined;
  return { qname, capability, object };
}

/** Methods named like the ways `os` and `subprocess` run a command line. */
const COMMAND_METHODS = new Set(['system', 'popen', 'getoutput', 'getstatusoutput', 'check_output', 'check_call']);

/**
 * `get_ipython().system("ls")`, `shell.getoutput("whoami")`: a method named like a command runner,
 * called with arguments, on an object the host provides (rules/shared/hostObjects.ts) — the
 * host's own way of running a command line.
 */
function hostCommandMethod(context: RuleContext, node: Node): boolean {
  const member = normalizeIdentifier(node.childForFieldName('attribute')?.text ?? '');
  const object = node.childForFieldName('object');
  const call = node.parent;
  if (!COMMAND_METHODS.has(member) || !object || call?.type !== 'call' || call.childForFieldName('function')?.id !== node.id) return false;
  return positionalArguments(call).length > 0 && isHostRooted(context, object);
}

/** The file mode a call to an opener passes, or `null` when there is one that does not fold. */
function modeOf(context: RuleContext, call: Node, index: number): { node: Node; mode: string | null } | undefined {
  const node = keywordArgument(call, 'mode') ?? positionalArguments(call)[index];
  if (!node) return undefined;
  const folded = context.semantics.fold(node);
  if (folded?.t === 'str') return { node, mode: folded.v };
  return { node, mode: null };
}

/** Whether a pandas writer is given somewhere to write: a first positional argument or a path keyword. */
/** What turns a pandas object into a numpy array: `df.to_numpy()`, `df.to_records()`, `s.values`, `s.array`. */
const ARRAY_CALLS = new Set(['to_numpy', 'to_records']);
const ARRAY_ATTRIBUTES = new Set(['values', 'array']);

/** `df.to_numpy()`, `frame[col].values`, or a name bound once to one of those. */
function isPandasArray(context: RuleContext, object: Node): boolean {
  const node = object.type === 'identifier' ? context.semantics.valueBoundOnce(object) : object;
  if (node?.type === 'call') {
    const fn = node.childForFieldName('function');
    return fn?.type === 'attribute' && ARRAY_CALLS.has(normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? ''));
  }
  return node?.type === 'attribute' && ARRAY_ATTRIBUTES.has(normalizeIdentifier(node.childForFieldName('attribute')?.text ?? ''));
}

function hasWriteTarget(call: Node, index = 0): boolean {
  const args = positionalArguments(call);
  const first = args[index];
  if (first && first.type !== 'none') return true;
  return ['path_or_buf', 'path', 'buf', 'excel_writer', 'fname'].some((k) => {
    const v = keywordArgument(call, k);
    return !!v && v.type !== 'none';
  });
}

/**
 * `loop = asyncio.new_event_loop()`, bound once, or the call itself: a loop the plugin made, not
 * the host's; stopping, closing or configuring it touches no host task. (`run_forever` still blocks.)
 */
function isFreshLoop(context: RuleContext, object: Node): boolean {
  let made: Node | undefined = object;
  if (object.type === 'identifier') {
    const bindings = context.semantics.bindingsOf(object);
    const b = bindings.length === 1 ? bindings[0] : undefined;
    made = b?.kind === 'assign' && !b.elementOf && !b.subjectPath?.length ? b.value : undefined;
  }
  const fn = made?.type === 'call' ? made.childForFieldName('function') : null;
  const names = fn ? context.semantics.qualifiedNames(fn) : [];
  return names.length > 0 && names.every((q) => q === 'asyncio.new_event_loop' || q === 'asyncio.events.new_event_loop');
}

/** True when an expression is a `pathlib` path: `Path("x")`, `p / "y"`, or a name bound to one. */
function isPathObject(context: RuleContext, node: Node): boolean {
  let n: Node | null = node;
  // `base / "x" / "y"`: the path is the leftmost operand. Bounded, no recursion.
  for (let guard = 0; n && guard < 64; guard++) {
    if (n.type === 'parenthesized_expression') n = n.namedChildren.find((c) => c && c.type !== 'comment') ?? null;
    else if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '/') n = n.childForFieldName('left');
    else break;
  }
  return !!n && isMadeBy(context, n, (q) => isWithinModule(q, 'pathlib'));
}

/** Methods of a task that only describe it: its name and whether it finished. */
const TASK_DESCRIBERS = new Set(['get_name', 'done', 'cancelled']);

/** `task.get_name()`, `task.done()`, `task is None`: `task` (a task) only described. */
function describesTask(task: Node): boolean {
  const user = task.parent;
  if (user?.type === 'comparison_operator') return user.children.filter((c) => !c.isNamed).every((c) => c.text === 'is' || c.text === 'not' || /^is\s+not$/.test(c.text));
  if (user?.type !== 'attribute' || user.childForFieldName('object')?.id !== task.id) return false;
  const method = normalizeIdentifier(user.childForFieldName('attribute')?.text ?? '');
  return TASK_DESCRIBERS.has(method) && user.parent?.type === 'call' && user.parent.childForFieldName('function')?.id === user.id;
}

/**
 * `asyncio.current_task().get_name()`, `asyncio.current_task() is None`, or `task =
 * asyncio.current_task()` with every `task` of the file only described: the host's task is not
 * cancelled, walked (`get_stack`, `get_coro`), kept elsewhere or handed on.
 */
function readsTaskOnly(context: RuleContext, reference: Node): boolean {
  const call = reference.parent;
  if (call?.type !== 'call' || call.childForFieldName('function')?.id !== reference.id) return false;
  if (describesTask(call)) return true;
  const bound = loneBindingOf(context, call);
  if (!bound) return false;
  // Every identifier so spelled, in any scope: one that is not this binding's read passes as well.
  const uses = context.semantics.identifiersNamed(bound.name);
  return !!uses && uses.every((u) => u.id === bound.name.id || describesTask(u));
}

export const systemAccess: Rule = {
  meta: {
    code: 'PC502',
    name: 'system-access',
    summary: 'Commands, processes, file writes, network, native code, signals, threads and host hooks',
    defaultSeverity: 'error',
    docs: {
      what: [
        'Every use of what reaches past the interpreter into the host:',
        '',
        '- **Commands and processes**: `os.system`, `os.popen`, `os.exec*`, `os.spawn*`, `os.posix_spawn`, `subprocess`, `commands`, `popen2`, `asyncio.create_subprocess_*`, `os.fork`, `os.kill`, `os.killpg`, `pty`; a method named like a command runner (`system`, `popen`, `getoutput`, `check_output`, ...) called on an object the host provides (`get_ipython().system("ls")`), and an `os`/`subprocess` member read off such an object\'s attribute of that name (`frappe.utils.os.system(...)`).',
        '- **Files**: `os.remove`/`rename`/`mkdir`/`chmod`/..., `shutil`, `tempfile`, `pathlib` writers, `open`/`file`/`io.open`/`codecs.open` with a `w`, `a`, `x` or `+` mode, raw descriptors (`os.open`, `os.write`, `os.dup2`); pandas writers given a target (`df.to_csv(path)`, `pd.to_pickle(df, path)`, `to_sql`, `df.to_numpy().tofile(path)`, also on a parameter in a file importing pandas), readers (`pd.read_csv`, `read_html`, ..., which take a path or URL) and `pandas.io.clipboard`.',
        '- **Network and native code**: `socket`, `ssl`, `urllib*`, `http`, `ftplib`, `smtplib`, `requests`, ...; `ctypes` (with `pythonapi`), `_ctypes`, `cffi`, `mmap`, an array\'s `.ctypes` (by attribute, `getattr` or a `case` keyword pattern; not a plain class\'s own data, as PC203 says).',
        '- **The interpreter and process the host shares**: `signal`, `resource`, `threading`, `_thread`, `multiprocessing`, `concurrent.futures`, `atexit`, debuggers, `sys.stdin`; the hooks it relies on (`sys.settrace`, `setprofile`, `setrecursionlimit`, `excepthook`, `displayhook`, `breakpointhook`, replacing `sys.stdout`/`stderr`, `gc.disable`); the host\'s event loop and tasks (`asyncio.current_task()` unless only described by `.get_name()`, `.done()` and the like, `asyncio.all_tasks()`, `loop.stop()`/`close()`/`run_forever()`, also as a callback, `loop.getaddrinfo`; not a loop the plugin made).',
        '- **Command-line entry points** of modules a policy may allow (`base64.main()`, `ast.main()`, `json.tool.main()`, `calendar.main()`, `uuid.main()`, `random.main()`, `pandas.test()`): they parse the host\'s `sys.argv`, read its input and exit on bad usage.',
        '',
        'Names are resolved at each use (`import os as np; np.unlink(p)`, `random._os.system`, `getattr(__import__("os"), "system")`). Members listed in `allow-members` are not reported. `os._exit`/`os.abort` are PC501\'s; `open` for reading is PC401\'s.',
      ].join('\n'),
      why:
        'These are the "running unexpected services" and "quitting the sandbox" threats of the PyCon 2014 talk: one `os.system` call is a shell on the host, `ctypes.pythonapi` rewrites interpreter objects that every Python-level check relies on (the talk\'s slide 66 restores deleted builtins that way), a thread keeps running after the host\'s timeout has stopped the plugin, `signal.signal` disarms the host\'s timeout, and `sys.setrecursionlimit(10**7)` lets a deep recursion crash the whole process instead of raising `RecursionError`. `rexec` replaced `open` with a read-only version for the same reason.',
      example: 'import subprocess\nsubprocess.Popen("ls", shell=True)\n\nimport ctypes\nctypes.pythonapi.PyDict_SetItem\n\nimport sys\nsys.excepthook = lambda *args: None\n\nlog = open("out.txt", "w")',
      instead: 'Ask the host: it should offer the few operations a plugin needs (storing a result, fetching a URL it vouches for) as functions it passes in, and keep the process, the file system and the interpreter\'s hooks to itself.',
    },
  },
  create(context) {
    const { policy } = context;
    /** What a dotted name lets the plugin do depends on the name alone: worked out once per name. */
    const capabilities = new Map<string, Capability | undefined>();
    const capabilityOfName = (q: string, node: Node): Capability | undefined => {
      if (!q.includes('.')) return capabilityOf(q, node);
      if (capabilities.has(q)) return capabilities.get(q);
      const capability = capabilityOf(q, node);
      capabilities.set(q, capability);
      return capability;
    };
    const visitor = denotationVisitor(context, (value, node) => {
      const q = value.name;
      if (isMemberAllowed(policy, q) || (EXIT_MEMBERS.has(q) && context.isEnabled('PC501'))) return undefined;
      if (HOST_STREAMS.has(q)) {
        return isStoreTarget(node) ? `replacing ${describeAs(q, node)} redirects the host's own output; not allowed by policy '${policy.name}'` : undefined;
      }
      const capability = capabilityOfName(q, node);
      if (!capability) return undefined;
      if (q === 'asyncio.current_task' && readsTaskOnly(context, node)) return undefined;
      // `socket.socket` canonicalises to the module `socket`; name it as written.
      const attr = node.type === 'attribute' ? normalizeIdentifier(node.childForFieldName('attribute')?.text ?? '') : '';
      const shown = !q.includes('.') && attr === q ? `${q}.${q}` : q.replace(/^builtins\./, '');
      return `${describeAs(shown, node)} ${CAPABILITY_EFFECT[capability]}; not allowed by policy '${policy.name}'`;
    });
    let pandasImported: boolean | undefined;
    /** Whether the module imports pandas (or a part of it) anywhere. */
    const importsPandas = (): boolean => {
      // Read off the import statements of the whole file: an edit of any statement naming pandas
      // may change the answer, so every unit that asks depends on those identifiers.
      context.semantics.readsIdentifiers(['pandas']);
      if (pandasImported !== undefined) return pandasImported;
      pandasImported = false;
      const stack: Node[] = [context.root];
      while (stack.length && !pandasImported) {
        const n = stack.pop()!;
        if (n.type === 'import_statement' || n.type === 'import_from_statement') {
          if (/^\s*(?:from|import)\s+pandas\b/.test(n.text) || /\bimport\s+(?:[\w.]+\s*,\s*)*pandas\b/.test(n.text)) pandasImported = true;
          continue;
        }
        for (const c of n.namedChildren) if (c && (c.type === 'module' || c.type === 'block' || c.type.endsWith('_statement') || c.type.endsWith('_definition') || c.type.endsWith('_clause') || c.type === 'decorated_definition')) stack.push(c);
      }
      return pandasImported;
    };
    const reportMode = (call: Node): void => {
      const fn = call.childForFieldName('function');
      if (!fn) return;
      for (const q of context.semantics.qualifiedNames(fn)) {
        const opener = FILE_OPENERS[q];
        if (!opener) continue;
        const name = q.replace(/^builtins\./, '');
        const mode = modeOf(context, call, opener.modeIndex);
        if (!mode) return;
        if (mode.mode === null) {
          // Only when nothing else reports the call: under `strict` PC401/PC101 already do.
          const allowed = opener.builtin ? isBuiltinAllowed(policy, opener.builtin) : isModuleAllowed(policy, opener.module ?? '');
          if (allowed) context.report({ node: mode.node, message: `'${name}' with a mode that cannot be checked may write to the host's files; not allowed by policy '${policy.name}'` });
          return;
        }
        if (/[wax+]/.test(mode.mode)) {
          context.report({ node: mode.node, message: `'${name}' with mode '${mode.mode}' writes to the host's files; not allowed by policy '${policy.name}'` });
        }
        return;
      }
    };
    /** `getattr(arr, "ctypes")`: the attribute read as `arr.ctypes` is (see `attribute` below). */
    const reportNativeGetattr = (call: Node): void => {
      const fn = call.childForFieldName('function');
      const [object, name] = positionalArguments(call);
      if (fn?.type !== 'identifier' || !name || !context.semantics.qualifiedNames(fn).includes('builtins.getattr')) return;
      const attr = (context.semantics.foldStrings(name) ?? []).find((n) => NATIVE_ATTRIBUTES.has(n));
      if (!attr || isOwnDataAttribute(context, object, attr, 'read')) return;
      context.report({ node: call, message: `'${attr}' (as '${shortened(call.text.replace(/\s+/g, ' '))}') ${CAPABILITY_EFFECT.native}; not allowed by policy '${policy.name}'` });
    };
    return {
      ...visitor,
      call(node) {
        reportMode(node);
        reportNativeGetattr(node);
        const fn = node.childForFieldName('function');
        const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute') : null;
        const object = fn?.childForFieldName('object');
        if (!method || !object) return;
        const name = normalizeIdentifier(method.text);
        if (PATH_WRITERS.has(name) && isPathObject(context, object)) {
          context.report({ node: fn!, message: `'pathlib.Path.${name}' ${CAPABILITY_EFFECT.filesystem}; not allowed by policy '${policy.name}'` });
        }
        // `df.to_csv("/srv/x.csv")`: pandas itself is often allowlisted.
        const writer = PANDAS_WRITERS[name];
        // `pd.DataFrame.to_csv(df, path)`, `pd.to_pickle(df, path)`: called through the class or module, the target comes second.
        // `tofile` is no pandas method: only arrays pandas hands out (`df.to_numpy()`, `s.values`) have it.
        if (name === 'tofile' && !(importsPandas() && isPandasArray(context, object))) return;
        const made = !!writer && isMadeBy(context, object, (q) => isWithinModule(q, 'pandas'));
        const unbound = !!writer && !made && context.semantics.resolve(object).every((v) => v.kind === 'qname' && isWithinModule(v.name, 'pandas'));
        // `def save(df, path): df.to_excel(path)` in a file that imports pandas: a frame the plugin was handed.
        const handed = !!writer && !made && !unbound && importsPandas() && context.semantics.resolve(object).every((v) => v.kind === 'unknown');
        if (writer && (made || unbound || handed) && (writer === 'always' || hasWriteTarget(node, unbound ? 1 : 0))) {
          const owner = name === 'tofile' ? 'numpy' : 'pandas';
          context.report({ node: fn!, message: `'${owner} ${name}' with a target ${CAPABILITY_EFFECT.filesystem}; not allowed by policy '${policy.name}'` });
        }
        // `asyncio.get_event_loop().subprocess_shell(...)`: asyncio itself is often allowlisted.
        const loopCapability = EVENT_LOOP_METHODS[name];
        if (loopCapability && isMadeBy(context, object, (q) => EVENT_LOOP_FACTORIES.has(q)) && !(loopCapability === 'host-tasks' && name !== 'run_forever' && isFreshLoop(context, object))) {
          context.report({ node: fn!, message: `'asyncio loop.${name}' ${CAPABILITY_EFFECT[loopCapability]}; not allowed by policy '${policy.name}'` });
        }
      },
      attribute(node) {
        const attr = node.childForFieldName('attribute');
        if (!attr) return;
        const lookalike = lookalikeModuleMember(context, node);
        if (lookalike && !isMemberAllowed(policy, lookalike.qname)) {
          context.report({
            node,
            message: `${describeAs(lookalike.qname, node)}, reached through '${shortened(lookalike.object.text)}' of unknown origin, ${CAPABILITY_EFFECT[lookalike.capability]}; not allowed by policy '${policy.name}'`,
          });
          return;
        }
        if (hostCommandMethod(context, node)) {
          context.report({ node, message: `'${shortened(node.text)}' is a command-running method of an object the host provides; it ${CAPABILITY_EFFECT.command}; not allowed by policy '${policy.name}'` });
          return;
        }
        // `loop.call_later(0, loop.stop)`: a loop method handed on as a callback runs all the same.
        const loopMethod = normalizeIdentifier(attr.text);
        const loopCapability = EVENT_LOOP_METHODS[loopMethod];
        const called = node.parent?.type === 'call' && node.parent.childForFieldName('function')?.id === node.id;
        const object = node.childForFieldName('object');
        if (loopCapability && !called && object && isMadeBy(context, object, (q) => EVENT_LOOP_FACTORIES.has(q)) && !(loopCapability === 'host-tasks' && loopMethod !== 'run_forever' && isFreshLoop(context, object))) {
          context.report({ node, message: `'asyncio loop.${loopMethod}' passed as a value ${CAPABILITY_EFFECT[loopCapability]}; not allowed by policy '${policy.name}'` });
          return;
        }
        if (!NATIVE_ATTRIBUTES.has(normalizeIdentifier(attr.text))) return;
        // An array of unknown origin: the resolver cannot name it, the attribute is enough.
        if (context.semantics.qnameValues(node).some((v) => capabilityOf(v.name, node))) return;
        // `self.ctypes = {...}` of a plain class of this file: its own data, not numpy's array interface.
        if (isOwnDataAttribute(context, node.childForFieldName('object'), normalizeIdentifier(attr.text), isStoreTarget(node) ? 'write' : 'read')) return;
        context.report({ node, message: `${describeAs(normalizeIdentifier(attr.text), node)} ${CAPABILITY_EFFECT.native}; not allowed by policy '${policy.name}'` });
      },
      keyword_pattern(node) {
        // `case object(ctypes=raw)` reads the attribute as `subject.ctypes` does.
        const key = node.namedChild(0);
        const name = key?.type === 'identifier' ? normalizeIdentifier(key.text) : '';
        if (!NATIVE_ATTRIBUTES.has(name) || context.semantics.qnameValues(node).some((v) => capabilityOf(v.name, node))) return;
        // `case Schema(ctypes=t)` of a class of the file, or a subject that is an instance of one
        // storing `ctypes` as its own data: not numpy's array interface (as for `s.ctypes`).
        const holder = classPatternOfKeyword(node);
        const cls = holder ? patternClassName(holder) : undefined;
        const names = cls ? codeChildren(cls).filter((c) => c.type === 'identifier') : [];
        const classes = names.length === 1 ? context.semantics.resolve(names[0]).filter((v) => v.kind === 'class') : [];
        if (classes.length && classes.every((v) => v.kind === 'class' && plainClassStores(context, v.node, name, 0) === true)) return;
        const reached = holder?.parent ? subjectOf(holder.parent) : undefined;
        if (reached && !reached.path && isOwnDataAttribute(context, reached.subject, name, 'read')) return;
        context.report({ node, message: `${describeAs(name, node)} ${CAPABILITY_EFFECT.native}; not allowed by policy '${policy.name}'` });
      },
    };
  },
  tests: {
    valid: [
      { code: 'class Schema:\n    def __init__(self):\n        self.ctypes = {}\ns = Schema()\nmatch s:\n    case object(ctypes=t):\n        pass\ndef f(x):\n    match x:\n        case Schema(ctypes=t):\n            pass', note: 'a keyword pattern reading the own data of a plain class of the file' },
      { code: 'def save(report, target):\n    report.to_excel(target)\n    report.tofile(target)', note: 'no pandas in the file: an object of unknown kind' },
      { code: 'import pandas as pd\n\nclass Report:\n    def tofile(self, path):\n        return path\n\ndef run(report, sink):\n    report.tofile("out.txt")\n    sink.writer.tofile("out.txt")', allowModules: ['pandas'], note: 'tofile is no pandas method: only on the arrays pandas hands out' },
      { code: 'import asyncio\nloop = asyncio.new_event_loop()\nloop.call_soon(loop.stop)\nloop.run_until_complete(asyncio.sleep(0))\nloop.close()', note: 'a loop the plugin made itself, stopped by a callback' },
      { code: 'import asyncio\nasync def main():\n    name = asyncio.current_task().get_name()\n    alone = asyncio.current_task() is None\n    return name, alone', note: 'the host task described, not touched' },
      { code: 'import asyncio\nasync def main():\n    task = asyncio.current_task()\n    return task.get_name(), task.done(), task is not None', note: 'the host task bound to a name, then only described' },
      {
        code: 'import asyncio\nasync def main():\n    return 42\nloop = asyncio.new_event_loop()\ntry:\n    print(loop.run_until_complete(main()))\nfinally:\n    loop.close()\nasyncio.new_event_loop().stop()',
        note: 'a loop the plugin made itself: closing it touches no host task',
      },
      { code: 'class Schema:\n    def __init__(self):\n        self.ctypes = {"id": "int"}\ns = Schema()\nt = s.ctypes', note: 'a data attribute of a plain class of this file, not an array\'s' },
      { code: 'import pandas as pd\ndf = pd.DataFrame({"a": [1]})\ntext = pd.DataFrame.to_csv(df)', allowModules: ['pandas'], note: 'no target: the text is returned' },
      'import os\npath = os.path.join("a", "b")',
      'data = open("notes.txt").read()',
      { code: 'with open("notes.txt", "rb") as f:\n    data = f.read()', note: 'reading is PC401\'s business' },
      'def system(cmd):\n    return cmd\nsystem("ls")',
      'class Runner:\n    def popen(self, x):\n        return x\nRunner().popen("ls")',
      'import signal\nsig = signal.SIGKILL',
      'import socket as sock_mod\nfamily = sock_mod.AF_INET',
      { code: 'import os\npid = os.getpid()', allowMembers: { os: ['getpid'] } },
      { code: 'import threading\nlock = threading.Lock()', allowMembers: { threading: ['Lock'] } },
      'text = "os.system(\'rm -rf /\')"',
      { code: 'import pandas as pd\ndf = pd.DataFrame({"a": [1]})\ntext = df.to_csv()\nrows = df.to_json(orient="records")', allowModules: ['pandas'], note: 'without a target the writers return text' },
      { code: 'report.to_csv("/tmp/out.csv")', note: 'not known to be a pandas object' },
      { code: "import asyncio\nloop = asyncio.new_event_loop()\nloop.run_until_complete(asyncio.sleep(0))\nclass Server:\n    def run_forever(self):\n        return 0\nServer().run_forever()", note: 'a loop run to completion; a method named like the loop\'s on another object' },
      "import asyncio\nasync def main():\n    loop = asyncio.get_running_loop()\n    await asyncio.sleep(0)\n    return loop.time()",
    ],
    invalid: [
      {
        code: 'shell = get_ipython()\nshell.system("ls -la")\nout = get_ipython().getoutput("whoami")\ninfo = platform_info.system()',
        errors: [
          { range: '2:1-2:13', message: "'shell.system' is a command-running method of an object the host provides; it runs a host command; not allowed by policy 'strict'" },
          { range: '3:7-3:30', message: "'get_ipython().getoutput' is a command-running method of an object the host provides; it runs a host command; not allowed by policy 'strict'" },
        ],
        note: 'IPython\'s shell handed to the script; a method of that name called with nothing is left alone',
      },
      {
        code: 'def on_submit(doc):\n    frappe.utils.os.system("id")\n    api.subprocess.run(["ls"])\n    doc.os.remove("x")\nclass Env:\n    def __init__(self):\n        self.os = "linux"\nname = Env().os.upper()',
        errors: [
          { range: '2:5-2:27', message: "'os.system' (as 'frappe.utils.os.system'), reached through 'frappe.utils.os' of unknown origin, runs a host command; not allowed by policy 'strict'" },
          { range: '3:5-3:23', message: "'subprocess.run' (as 'api.subprocess.run'), reached through 'api.subprocess' of unknown origin, runs a host command; not allowed by policy 'strict'" },
        ],
        note: 'a host object whose helper module imported os; a parameter and an own attribute named os are left alone',
      },
      {
        code: 'import base64\nfrom json import tool\nbase64.main()\ntool.main()\nrun = base64.test\nrun()',
        allowModules: ['json'],
        errors: [
          { range: '3:1-3:12', message: "'base64.main' runs the module's command-line interface, which reads the host's command line and standard input or files and may exit the host; not allowed by policy 'strict'" },
          { range: '4:1-4:10', message: "'json.tool.main' (as 'tool.main') runs the module's command-line interface, which reads the host's command line and standard input or files and may exit the host; not allowed by policy 'strict'" },
          { range: '5:7-5:18', message: "'base64.test' runs the module's command-line interface, which reads the host's command line and standard input or files and may exit the host; not allowed by policy 'strict'" },
          { range: '6:1-6:4', message: "'base64.test' (as 'run') runs the module's command-line interface, which reads the host's command line and standard input or files and may exit the host; not allowed by policy 'strict'" },
        ],
        note: "a module's command-line entry point, called or taken as a value",
      },
      {
        code: 'import pandas as pd\nclass Arr(pd.DataFrame):\n    pass\ndef f(x):\n    match x:\n        case Arr(ctypes=c):\n            pass',
        allowModules: ['pandas'],
        errors: [{ range: '6:18-6:26', message: "'ctypes' (as 'ctypes=c') calls native code, outside every Python-level check; not allowed by policy 'strict'" }],
        note: 'a class of the file that is no plain class storing the attribute: its instances may be arrays',
      },
      {
        code: 'import pandas as pd\nmatch pd.DataFrame({"a": [1]}).to_numpy():\n    case object(ctypes=raw):\n        pass',
        allowModules: ['pandas'], errors: [
          { range: '3:17-3:27', message: "'ctypes' (as 'ctypes=raw') calls native code, outside every Python-level check; not allowed by policy 'strict'" },
        ],
        note: 'a keyword pattern reads the attribute',
      },
      {
        code: 'import pandas as pd\nvalues = pd.Series([1]).values\nraw = getattr(values, "ctypes")\nclass S:\n    def __init__(self):\n        self.ctypes = {}\nown = getattr(S(), "ctypes")',
        errors: [{ range: '3:7-3:32', message: "'ctypes' (as 'getattr(values, \"ctypes\")') calls native code, outside every Python-level check; not allowed by policy 'strict'" }],
        note: 'an array interface read by getattr with a constant name, as `.ctypes` is; a plain class\'s own data is not',
      },
      {
        code: 'import pandas as pd\ndef save(df, target="out.xlsx"):\n    df.to_excel(target)',
        errors: [{ range: '3:5-3:16', message: "'pandas to_excel' with a target changes the host's file system; not allowed by policy 'strict'" }],
        note: 'a frame handed to the plugin, in a file that imports pandas',
      },
      {
        code: 'import asyncio\nasync def main():\n    loop = asyncio.get_running_loop()\n    loop.call_later(0, loop.stop)',
        errors: [{ range: '4:24-4:33', message: "'asyncio loop.stop' passed as a value reaches the host's event loop and running tasks (their frames, cancelling or stopping them); not allowed by policy 'strict'" }],
        note: 'a loop method handed on as a callback',
      },
      {
        code: 'import asyncio\nloop = asyncio.new_event_loop()\nloop.run_forever()\nhost = asyncio.get_event_loop()\nhost.close()\nl3 = asyncio.new_event_loop()\nl3.run_in_executor(None, print)',
        errors: [
          { range: '3:1-3:17', message: "'asyncio loop.run_forever' reaches the host's event loop and running tasks (their frames, cancelling or stopping them); not allowed by policy 'strict'" },
          { range: '5:1-5:11', message: "'asyncio loop.close' reaches the host's event loop and running tasks (their frames, cancelling or stopping them); not allowed by policy 'strict'" },
          { range: '7:1-7:19', message: "'asyncio loop.run_in_executor' starts threads or processes that outlive the plugin; not allowed by policy 'strict'" },
        ],
        note: 'the limit: a fresh loop still blocks forever or starts threads; the current loop is the host\'s',
      },
      {
        code: 'class Schema:\n    def __init__(self):\n        self.ctypes = {"id": "int"}\n    def column_type(self, col):\n        return self.ctypes.get(col, "str")',
        errors: [{ range: '5:16-5:27', message: "'ctypes' (as 'self.ctypes') calls native code, outside every Python-level check; not allowed by policy 'strict'" }],
        note: 'the limit: a read through `self`, which `Schema.column_type(array, c)` points at an array',
      },
      {
        code: 'import pandas as pd\ndf = pd.DataFrame({"a": [1]})\npd.DataFrame.to_csv(df, "/tmp/out.csv")\npd.to_pickle(df, "out.pkl")',
        allowModules: ['pandas'],
        errors: [
          { range: '3:1-3:20', message: "'pandas to_csv' with a target changes the host's file system; not allowed by policy 'strict'" },
          { range: '4:1-4:13', message: "'pandas to_pickle' with a target changes the host's file system; not allowed by policy 'strict'" },
        ],
        note: 'called through the class or the module, the target is the second argument',
      },
      {
        code: 'import pandas as pd\n\ndef dump(frame, col):\n    values = frame[col].to_numpy(dtype="float64")\n    values.tofile("/dev/shm/" + col + ".bin")\n\npd.DataFrame({"a": [1]}).to_numpy().tofile("a.bin")',
        allowModules: ['pandas'],
        errors: [
          { range: '5:5-5:18', message: "'numpy tofile' with a target changes the host's file system; not allowed by policy 'strict'" },
          { range: '7:1-7:43', message: "'numpy tofile' with a target changes the host's file system; not allowed by policy 'strict'" },
        ],
        note: 'the arrays pandas hands out write raw bytes to a file',
      },
      {
        code: 'import pandas as pd\ndf = pd.DataFrame({"a": [1]})\ndf.to_csv("/tmp/out.csv")',
        allowModules: ['pandas'],
        errors: [{ range: '3:1-3:10', message: "'pandas to_csv' with a target changes the host's file system; not allowed by policy 'strict'" }],
      },
      {
        code: 'import pandas\nt = pandas.read_json("http://evil.example/x.json")',
        allowModules: ['pandas'],
        errors: [{ range: '2:5-2:21', message: "'pandas.read_json' reads the host's files or fetches URLs; not allowed by policy 'strict'" }],
      },
      {
        code: 'import subprocess\nsubprocess.Popen("ls", shell=True)',
        errors: [{ range: '2:1-2:17', message: "'subprocess.Popen' runs a host command; not allowed by policy 'strict'" }],
      },
      {
        code: 'import os as np\nnp.unlink("/srv/data")',
        errors: [{ range: '2:1-2:10', message: "'os.unlink' (as 'np.unlink') changes the host's file system; not allowed by policy 'strict'" }],
      },
      {
        code: 'from os import system as s\ns("id")',
        errors: [{ range: '2:1-2:2', message: "'os.system' (as 's') runs a host command; not allowed by policy 'strict'" }],
      },
      {
        code: 'import random\nrandom._os.system("id")',
        errors: [{ range: '2:1-2:18', message: "'os.system' (as 'random._os.system') runs a host command; not allowed by policy 'strict'" }],
      },
      {
        code: 'import os, signal\nos.kill(os.getpid(), signal.SIGKILL)',
        errors: [{ range: '2:1-2:8', message: "'os.kill' creates or controls host processes; not allowed by policy 'strict'" }],
      },
      {
        code: 'import commands\nprint commands.getoutput("id")',
        note: 'Python 2',
        errors: [{ range: '2:7-2:25', message: "'commands.getoutput' runs a host command; not allowed by policy 'strict'" }],
      },
      {
        code: 'from ctypes import pythonapi\nget_dict = pythonapi._PyObject_GetDictPtr',
        errors: [{ range: '2:12-2:42', message: "'ctypes.pythonapi._PyObject_GetDictPtr' (as 'pythonapi._PyObject_GetDictPtr') calls native code, outside every Python-level check; not allowed by policy 'strict'" }],
      },
      {
        code: 'pointer = frame.values.ctypes.data',
        errors: [{ range: '1:11-1:30', message: "'ctypes' (as 'frame.values.ctypes') calls native code, outside every Python-level check; not allowed by policy 'strict'" }],
      },
      {
        code: 'import sys\nsys.excepthook = lambda *args: None\nsys.setrecursionlimit(10 ** 7)',
        errors: [
          { range: '2:1-2:15', message: "'sys.excepthook' changes interpreter-wide state the host relies on; not allowed by policy 'strict'" },
          { range: '3:1-3:22', message: "'sys.setrecursionlimit' changes interpreter-wide state the host relies on; not allowed by policy 'strict'" },
        ],
      },
      {
        code: 'import sys, io\nsys.stdout = io.StringIO()',
        errors: [{ range: '2:1-2:11', message: "replacing 'sys.stdout' redirects the host's own output; not allowed by policy 'strict'" }],
      },
      {
        code: 'file("test.txt", "w").write("Kaboom!\\n")',
        note: 'Python 2: the seed talk\'s first escape',
        errors: [{ range: '1:18-1:21', message: "'file' with mode 'w' writes to the host's files; not allowed by policy 'strict'" }],
      },
      {
        code: 'm = "a" + "+"\nlog = open("out.txt", mode=m)',
        errors: [{ range: '2:28-2:29', message: "'open' with mode 'a+' writes to the host's files; not allowed by policy 'strict'" }],
      },
      {
        code: 'f = open(name, mode)',
        allowBuiltins: ['open'],
        errors: [{ range: '1:16-1:20', message: "'open' with a mode that cannot be checked may write to the host's files; not allowed by policy 'strict'" }],
      },
      {
        code: 'import threading\nwhile True:\n    threading.Thread(target=lambda: None).start()',
        errors: [{ range: '3:5-3:21', message: "'threading.Thread' starts threads or processes that outlive the plugin; not allowed by policy 'strict'" }],
      },
      {
        code: 'import os\nｏｓ.ｓｙｓｔｅｍ("id")',
        note: 'fullwidth letters are NFKC-normalised to the same names',
        errors: [{ range: '2:1-2:10', message: "'os.system' (as 'ｏｓ.ｓｙｓｔｅｍ') runs a host command; not allowed by policy 'strict'" }],
      },
      {
        code: 'import socket\nconn = socket.socket()',
        errors: [{ range: '2:8-2:21', message: "'socket.socket' opens network connections from the host; not allowed by policy 'strict'" }],
      },
      {
        code: 'import atexit\natexit.register(print, "bye")',
        errors: [{ range: '2:1-2:16', message: "'atexit.register' registers code that runs when the host exits; not allowed by policy 'strict'" }],
      },
      {
        code: 'from pathlib import Path\n(Path("/srv") / "x.txt").write_text("owned")',
        errors: [{ range: '2:1-2:36', message: "'pathlib.Path.write_text' changes the host's file system; not allowed by policy 'strict'" }],
      },
      {
        code: 'import asyncio\nloop = asyncio.get_event_loop()\nproc = loop.subprocess_shell(Protocol, "id")',
        errors: [{ range: '3:8-3:29', message: "'asyncio loop.subprocess_shell' runs a host command; not allowed by policy 'strict'" }],
      },
      {
        code: 'import http.client\nconn = http.client.HTTPSConnection("evil.example")',
        errors: [{ range: '2:8-2:35', message: "'http.client.HTTPSConnection' opens network connections from the host; not allowed by policy 'strict'" }],
      },
      {
        code: "import asyncio\nfor task in asyncio.all_tasks():\n    task.cancel()",
        errors: [{ range: "2:13-2:30", message: "'asyncio.all_tasks' reaches the host's event loop and running tasks (their frames, cancelling or stopping them); not allowed by policy 'strict'" }],
        note: "the host's tasks",
      },
      {
        code: 'import asyncio\nasync def main():\n    task = asyncio.current_task()\n    name = task.get_name()\n    task.cancel()',
        errors: [{ range: '3:12-3:32', message: "'asyncio.current_task' reaches the host's event loop and running tasks (their frames, cancelling or stopping them); not allowed by policy 'strict'" }],
        note: 'bound to a name that is described once and then cancelled',
      },
      {
        code: 'import asyncio\nasync def main():\n    keep = task = asyncio.current_task()\n    print(task.get_name())\n    keep.cancel()',
        errors: [{ range: '3:19-3:39', message: "'asyncio.current_task' reaches the host's event loop and running tasks (their frames, cancelling or stopping them); not allowed by policy 'strict'" }],
        note: 'a chained assignment binds a second name, which cancels it',
      },
      {
        code: 'import pandas as pd\ndf = pd.DataFrame({"a": [1]})\ndf = df.query("a > 0")\ndf = df[df.a > 0].reset_index()\ndf.to_csv("/tmp/out.csv")',
        allowModules: ['pandas'],
        errors: [{ range: '5:1-5:10', message: "'pandas to_csv' with a target changes the host's file system; not allowed by policy 'strict'" }],
        note: 'a frame bound again from itself is still a frame',
      },
      {
        code: "import asyncio\nasync def go():\n    loop = asyncio.get_running_loop()\n    loop.stop()\n    return await loop.getaddrinfo(\"evil.example\", 80)",
        errors: [{ range: "4:5-4:14", message: "'asyncio loop.stop' reaches the host's event loop and running tasks (their frames, cancelling or stopping them); not allowed by policy 'strict'" }, { range: "5:18-5:34", message: "'asyncio loop.getaddrinfo' opens network connections from the host; not allowed by policy 'strict'" }],
        note: "stopping the host's loop; a DNS lookup",
      },
      {
        code: "import asyncio\nloop = asyncio.new_event_loop()\nloop.run_forever()",
        errors: [{ range: "3:1-3:17", message: "'asyncio loop.run_forever' reaches the host's event loop and running tasks (their frames, cancelling or stopping them); not allowed by policy 'strict'" }],
        note: 'nothing stops a loop the plugin runs forever',
      },
      {
        code: "import pandas.io.clipboard as clip\ntext = clip.clipboard_get()",
        errors: [{ range: "2:8-2:12", message: "'pandas.io.clipboard' (as 'clip') runs a host command; not allowed by policy 'strict'" }],
        note: "pandas' clipboard runs programs",
      },
    ],
  },
};
