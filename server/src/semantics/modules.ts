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
    const reached = moduleFromMemberName(part);
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
