/** The builtin namespace of Python 3 and Python 2 (names a plugin can use without importing). */
export const KNOWN_BUILTINS = new Set([
  'abs', 'aiter', 'all', 'anext', 'any', 'ascii', 'bin', 'bool', 'breakpoint', 'bytearray', 'bytes', 'callable', 'chr',
  'classmethod', 'compile', 'complex', 'copyright', 'credits', 'delattr', 'dict', 'dir', 'divmod', 'enumerate', 'eval',
  'exec', 'exit', 'filter', 'float', 'format', 'frozenset', 'getattr', 'globals', 'hasattr', 'hash', 'help', 'hex', 'id',
  'input', 'int', 'isinstance', 'issubclass', 'iter', 'len', 'license', 'list', 'locals', 'map', 'max', 'memoryview', 'min',
  'next', 'object', 'oct', 'open', 'ord', 'pow', 'print', 'property', 'quit', 'range', 'repr', 'reversed', 'round', 'set',
  'setattr', 'slice', 'sorted', 'staticmethod', 'str', 'sum', 'super', 'tuple', 'type', 'vars', 'zip',
  // Python 2
  'apply', 'basestring', 'buffer', 'cmp', 'coerce', 'execfile', 'file', 'intern', 'long', 'raw_input', 'reduce', 'reload',
  'unichr', 'unicode', 'xrange',
]);

/**
 * Whether a name the file never binds may still be Python's own: a function or type above, an
 * exception or warning class, a constant (`None`, `NotImplemented`, `Ellipsis`) or a dunder the
 * interpreter provides (`__import__`, `__debug__`). Any other such name comes from the host.
 */
export function mayBeBuiltin(name: string): boolean {
  return (
    KNOWN_BUILTINS.has(name) ||
    /(?:Error|Exception|ExceptionGroup|Warning|Exit|Interrupt|Iteration)$/.test(name) ||
    /^__\w+__$/.test(name) ||
    name === 'None' || name === 'True' || name === 'False' || name === 'NotImplemented' || name === 'Ellipsis'
  );
}

/**
 * Builtins another rule reports with a more specific message; PC401 leaves them to it. PC206
 * judges `getattr`/`setattr`/`delattr` by the name they are given and leaves `hasattr`, which
 * hands back only a bool, alone.
 */
export const BUILTINS_OWNED_BY: Record<string, string> = {
  eval: 'PC301', exec: 'PC301', compile: 'PC301', execfile: 'PC301',
  getattr: 'PC206', setattr: 'PC206', delattr: 'PC206', hasattr: 'PC206',
  globals: 'PC503', locals: 'PC503', vars: 'PC503',
  exit: 'PC501', quit: 'PC501',
  reload: 'PC102',
};
