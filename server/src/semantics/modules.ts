/**
 * Module names as the interpreter sees them. An allowed module can hand out a forbidden one
 * as an attribute (`logging.os`, `random._os`, `typing.sys`, `statistics.sys`), so a member
 * access whose name is a system module's name denotes that module, whatever module it was
 * reached through. The list is of modules whose names are not ordinary attribute names.
 */
const REACHABLE_MODULES = new Set([
  'os', 'sys', 'subprocess', 'builtins', 'importlib', 'imp', 'posix', 'nt', 'ctypes', 'socket', 'shutil',
  'signal', 'threading', 'thread', 'multiprocessing', 'pty', 'inspect', 'gc', 'marshal', 'pickle', 'cPickle',
  'runpy', 'zipimport', 'posixpath', 'ntpath', 'commands', 'popen2', 'pwd', 'resource', 'fcntl', 'mmap',
]);

/** Python 2 and private spellings of the same module. */
const MODULE_SYNONYMS: Record<string, string> = {
  __builtin__: 'builtins',
  __builtins__: 'builtins',
  _thread: 'thread',
  _imp: 'imp',
  cPickle: 'pickle',
  _pickle: 'pickle',
};

/**
 * Modules that allowlistable standard-library modules import under an ordinary-looking name
 * (read off `vars(module)` for each module and its public submodules by
 * scripts/module-attributes.py: those outside the allowlistable set in CPython 2.7 and 3.6–3.13,
 * those inside it in 2.7 and 3.11, a package's own submodules under their own names left out; a
 * C accelerator under its own name, `random._random`, is left out too): `enum.bltns` is
 * `builtins`, `typing.types` is `types`, `json.codecs` is `codecs`, `re.sre_parse` (before 3.11)
 * is `sre_parse`, and `textwrap.re` is `re`, whose `enum` is `enum`: a chain through allowed
 * modules reaches the leak of the last (`textwrap.re.enum.bltns.eval`). These
 * names are too common as attributes elsewhere (`pandas.api.types`) to collapse everywhere, so
 * they collapse only below the module that holds them; the names of REACHABLE_MODULES collapse below any module.
 */
const MODULE_ATTRIBUTE_MODULES: Record<string, Record<string, string>> = {
  'abc': { types: 'types' },
  'asyncio': { selectors: 'selectors' },
  'asyncio.base_events': { collections: 'collections', concurrent: 'concurrent', constants: 'asyncio.constants', coroutines: 'asyncio.coroutines', errno: 'errno', events: 'asyncio.events', exceptions: 'asyncio.exceptions', functools: 'functools', futures: 'asyncio.futures', heapq: 'heapq', itertools: 'itertools', logging: 'logging', protocols: 'asyncio.protocols', ssl: 'ssl', sslproto: 'asyncio.sslproto', staggered: 'asyncio.staggered', stat: 'stat', tasks: 'asyncio.tasks', time: 'time', traceback: 'traceback', transports: 'asyncio.transports', trsock: 'asyncio.trsock', warnings: 'warnings', weakref: 'weakref' },
  'asyncio.base_futures': { concurrent: 'concurrent', format_helpers: 'asyncio.format_helpers', reprlib: 'reprlib' },
  'asyncio.base_subprocess': { collections: 'collections', protocols: 'asyncio.protocols', transports: 'asyncio.transports', warnings: 'warnings' },
  'asyncio.base_tasks': { base_futures: 'asyncio.base_futures', coroutines: 'asyncio.coroutines', linecache: 'linecache', reprlib: 'reprlib', traceback: 'traceback' },
  'asyncio.constants': { enum: 'enum' },
  'asyncio.coroutines': { collections: 'collections', opcode: 'opcode', traceback: 'traceback', types: 'types', warnings: 'warnings' },
  'asyncio.events': { contextvars: 'contextvars', format_helpers: 'asyncio.format_helpers', reprlib: 'reprlib', traceback: 'traceback' },
  'asyncio.format_helpers': { constants: 'asyncio.constants', functools: 'functools', reprlib: 'reprlib', traceback: 'traceback' },
  'asyncio.futures': { base_futures: 'asyncio.base_futures', concurrent: 'concurrent', contextvars: 'contextvars', events: 'asyncio.events', exceptions: 'asyncio.exceptions', format_helpers: 'asyncio.format_helpers', logging: 'logging', traceback: 'traceback' },
  'asyncio.locks': { collections: 'collections', enum: 'enum', exceptions: 'asyncio.exceptions', mixins: 'asyncio.mixins', tasks: 'asyncio.tasks', types: 'types', warnings: 'warnings' },
  'asyncio.log': { logging: 'logging' },
  'asyncio.mixins': { events: 'asyncio.events' },
  'asyncio.proactor_events': { base_events: 'asyncio.base_events', collections: 'collections', constants: 'asyncio.constants', exceptions: 'asyncio.exceptions', futures: 'asyncio.futures', io: 'io', protocols: 'asyncio.protocols', sslproto: 'asyncio.sslproto', transports: 'asyncio.transports', trsock: 'asyncio.trsock', warnings: 'warnings' },
  'asyncio.queues': { collections: 'collections', heapq: 'heapq', locks: 'asyncio.locks', mixins: 'asyncio.mixins', warnings: 'warnings' },
  'asyncio.runners': { contextvars: 'contextvars', coroutines: 'asyncio.coroutines', enum: 'enum', events: 'asyncio.events', exceptions: 'asyncio.exceptions', functools: 'functools', tasks: 'asyncio.tasks' },
  'asyncio.selector_events': { base_events: 'asyncio.base_events', collections: 'collections', constants: 'asyncio.constants', errno: 'errno', events: 'asyncio.events', functools: 'functools', futures: 'asyncio.futures', protocols: 'asyncio.protocols', selectors: 'selectors', ssl: 'ssl', sslproto: 'asyncio.sslproto', transports: 'asyncio.transports', trsock: 'asyncio.trsock', warnings: 'warnings', weakref: 'weakref' },
  'asyncio.sslproto': { collections: 'collections', constants: 'asyncio.constants', enum: 'enum', exceptions: 'asyncio.exceptions', protocols: 'asyncio.protocols', ssl: 'ssl', transports: 'asyncio.transports', warnings: 'warnings' },
  'asyncio.staggered': { contextlib: 'contextlib', events: 'asyncio.events', exceptions_mod: 'asyncio.exceptions', locks: 'asyncio.locks', tasks: 'asyncio.tasks', typing: 'typing' },
  'asyncio.streams': { collections: 'collections', coroutines: 'asyncio.coroutines', events: 'asyncio.events', exceptions: 'asyncio.exceptions', format_helpers: 'asyncio.format_helpers', protocols: 'asyncio.protocols', warnings: 'warnings', weakref: 'weakref' },
  'asyncio.subprocess': { events: 'asyncio.events', protocols: 'asyncio.protocols', streams: 'asyncio.streams', tasks: 'asyncio.tasks', warnings: 'warnings' },
  'asyncio.taskgroups': { events: 'asyncio.events', exceptions: 'asyncio.exceptions', tasks: 'asyncio.tasks' },
  'asyncio.tasks': { base_tasks: 'asyncio.base_tasks', concurrent: 'concurrent', contextvars: 'contextvars', coroutines: 'asyncio.coroutines', events: 'asyncio.events', exceptions: 'asyncio.exceptions', functools: 'functools', futures: 'asyncio.futures', itertools: 'itertools', types: 'types', warnings: 'warnings', weakref: 'weakref' },
  'asyncio.test_utils': { contextlib: 'contextlib', io: 'io', logging: 'logging', mock: 'unittest.mock', selectors: 'selectors', socketserver: 'socketserver', ssl: 'ssl', tempfile: 'tempfile', time: 'time', unittest: 'unittest', weakref: 'weakref' },
  'asyncio.threads': { contextvars: 'contextvars', events: 'asyncio.events', functools: 'functools' },
  'asyncio.timeouts': { enum: 'enum', events: 'asyncio.events', exceptions: 'asyncio.exceptions', tasks: 'asyncio.tasks' },
  'asyncio.trsock': { warnings: 'warnings' },
  'asyncio.unix_events': { base_events: 'asyncio.base_events', base_subprocess: 'asyncio.base_subprocess', constants: 'asyncio.constants', coroutines: 'asyncio.coroutines', errno: 'errno', events: 'asyncio.events', exceptions: 'asyncio.exceptions', futures: 'asyncio.futures', io: 'io', itertools: 'itertools', selector_events: 'asyncio.selector_events', selectors: 'selectors', stat: 'stat', tasks: 'asyncio.tasks', transports: 'asyncio.transports', warnings: 'warnings' },
  'base64': { binascii: 'binascii', re: 're', string: 'string', struct: 'struct' },
  'collections': { _collections_abc: 'collections.abc', _heapq: 'heapq' },
  'copy': { weakref: 'weakref' },
  'dataclasses': { abc: 'abc', copy: 'copy', functools: 'functools', itertools: 'itertools', keyword: 'keyword', re: 're', types: 'types' },
  'decimal': { _locale: 'locale', _math: 'math', _numbers: 'numbers' },
  'enum': { bltns: 'builtins' },
  'fractions': { math: 'math', numbers: 'numbers', operator: 'operator', re: 're' },
  'hashlib': { binascii: 'binascii', struct: 'struct' },
  'json': { codecs: 'codecs' },
  'json.decoder': { re: 're', scanner: 'json.scanner', struct: 'struct' },
  'json.encoder': { re: 're' },
  'json.scanner': { re: 're' },
  'json.tool': { argparse: 'argparse', json: 'json' },
  'random': { _bisect: 'bisect', _hashlib: 'hashlib' },
  're': { copy_reg: 'copy_reg', copyreg: 'copyreg', enum: 'enum', functools: 'functools', sre_compile: 'sre_compile', sre_parse: 'sre_parse' },
  'statistics': { math: 'math', numbers: 'numbers', random: 'random' },
  'string': { _re: 're' },
  'textwrap': { re: 're', string: 'string' },
  'typing': { collections: 'collections', contextlib: 'contextlib', copyreg: 'copyreg', functools: 'functools', operator: 'operator', stdlib_re: 're', types: 'types', warnings: 'warnings' },
  'uuid': { platform: 'platform' },
};

function moduleFromMemberName(name: string): string | undefined {
  if (MODULE_SYNONYMS[name]) return MODULE_SYNONYMS[name];
  if (REACHABLE_MODULES.has(name)) return name;
  if (name.startsWith('_') && !name.startsWith('__') && REACHABLE_MODULES.has(name.slice(1))) return name.slice(1);
  return undefined;
}

/**
 * Canonical form of a dotted name: `__builtin__.open` -> `builtins.open`,
 * `random._os.system` -> `os.system`, `f.__builtins__` -> `builtins`.
 */
export function canonicalQName(qname: string): string {
  // A function of the text alone, asked for every member of every module value the resolver
  // meets (mostly the same few hundred names): kept, up to a bound.
  let canonical = canonicalNames.get(qname);
  if (canonical === undefined) {
    if (canonicalNames.size >= MAX_CANONICAL_NAMES) canonicalNames.clear();
    canonicalNames.set(qname, (canonical = canonicalQNameUncached(qname)));
  }
  return canonical;
}

const canonicalNames = new Map<string, string>();
const MAX_CANONICAL_NAMES = 20_000;

function canonicalQNameUncached(qname: string): string {
  const parts = qname.split('.');
  let out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (i === 0) {
      out.push(MODULE_SYNONYMS[part] ?? part);
      continue;
    }
    if (part === '__builtins__') {
      out = ['builtins'];
      continue;
    }
    const reached = MODULE_ATTRIBUTE_MODULES[out.join('.')]?.[part] ?? moduleFromMemberName(part);
    // `builtins.X` members are functions, not modules; everything else collapses.
    if (reached && out[0] !== 'builtins') out = reached.split('.');
    else out.push(part);
  }
  return out.join('.');
}

/** `os.path.join` is below `os`; `osx` is not. */
export function isWithinModule(qname: string, module: string): boolean {
  return qname === module || qname.startsWith(module + '.');
}
