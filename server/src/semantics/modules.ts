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
 * (read off `vars(module)` for each module and its public submodules in CPython 2.7 and 3.6–3.13
 * by scripts/module-attributes.py, keeping those outside the allowlistable set; a C accelerator
 * under its own name, `random._random`, is left out): `enum.bltns` is `builtins`, `typing.types`
 * is `types`, `json.codecs` is `codecs`, `re.sre_parse` (before 3.11) is `sre_parse`. These
 * names are too common as attributes elsewhere (`pandas.api.types`) to collapse everywhere, so
 * they collapse only below the module that holds them; the names of REACHABLE_MODULES collapse below any module.
 */
const MODULE_ATTRIBUTE_MODULES: Record<string, Record<string, string>> = {
  'abc': { types: 'types' },
  'asyncio': { selectors: 'selectors' },
  'asyncio.base_events': { concurrent: 'concurrent', errno: 'errno', heapq: 'heapq', logging: 'logging', ssl: 'ssl', stat: 'stat', time: 'time', traceback: 'traceback', warnings: 'warnings', weakref: 'weakref' },
  'asyncio.base_futures': { concurrent: 'concurrent', reprlib: 'reprlib' },
  'asyncio.base_subprocess': { warnings: 'warnings' },
  'asyncio.base_tasks': { linecache: 'linecache', reprlib: 'reprlib', traceback: 'traceback' },
  'asyncio.coroutines': { opcode: 'opcode', traceback: 'traceback', types: 'types', warnings: 'warnings' },
  'asyncio.events': { contextvars: 'contextvars', reprlib: 'reprlib', traceback: 'traceback' },
  'asyncio.format_helpers': { reprlib: 'reprlib', traceback: 'traceback' },
  'asyncio.futures': { concurrent: 'concurrent', contextvars: 'contextvars', logging: 'logging', traceback: 'traceback' },
  'asyncio.locks': { types: 'types', warnings: 'warnings' },
  'asyncio.log': { logging: 'logging' },
  'asyncio.proactor_events': { io: 'io', warnings: 'warnings' },
  'asyncio.queues': { heapq: 'heapq', warnings: 'warnings' },
  'asyncio.runners': { contextvars: 'contextvars' },
  'asyncio.selector_events': { errno: 'errno', selectors: 'selectors', ssl: 'ssl', warnings: 'warnings', weakref: 'weakref' },
  'asyncio.sslproto': { ssl: 'ssl', warnings: 'warnings' },
  'asyncio.staggered': { contextlib: 'contextlib' },
  'asyncio.streams': { warnings: 'warnings', weakref: 'weakref' },
  'asyncio.subprocess': { warnings: 'warnings' },
  'asyncio.tasks': { concurrent: 'concurrent', contextvars: 'contextvars', types: 'types', warnings: 'warnings', weakref: 'weakref' },
  'asyncio.test_utils': { contextlib: 'contextlib', io: 'io', logging: 'logging', mock: 'unittest.mock', selectors: 'selectors', socketserver: 'socketserver', ssl: 'ssl', tempfile: 'tempfile', time: 'time', unittest: 'unittest', weakref: 'weakref' },
  'asyncio.threads': { contextvars: 'contextvars' },
  'asyncio.trsock': { warnings: 'warnings' },
  'asyncio.unix_events': { errno: 'errno', io: 'io', selectors: 'selectors', stat: 'stat', warnings: 'warnings' },
  'base64': { binascii: 'binascii', struct: 'struct' },
  'collections': { _heapq: 'heapq' },
  'copy': { weakref: 'weakref' },
  'dataclasses': { keyword: 'keyword', types: 'types' },
  'decimal': { _locale: 'locale', _numbers: 'numbers' },
  'enum': { bltns: 'builtins' },
  'fractions': { numbers: 'numbers' },
  'hashlib': { binascii: 'binascii', struct: 'struct' },
  'json': { codecs: 'codecs' },
  'json.decoder': { struct: 'struct' },
  'json.tool': { argparse: 'argparse' },
  'random': { _bisect: 'bisect' },
  're': { copy_reg: 'copy_reg', copyreg: 'copyreg', sre_compile: 'sre_compile', sre_parse: 'sre_parse' },
  'statistics': { numbers: 'numbers' },
  'typing': { contextlib: 'contextlib', copyreg: 'copyreg', types: 'types', warnings: 'warnings' },
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
