import type { PresetDefinition } from './types';

/** Builtins that compute and nothing else: no I/O, no namespaces, no attribute access by string. */
const computationBuiltins: Record<string, string> = {
  abs: 'arithmetic', all: 'reduces an iterable', any: 'reduces an iterable', ascii: 'text of a value',
  bin: 'number formatting', bool: 'type constructor', bytes: 'type constructor', bytearray: 'type constructor',
  callable: 'predicate', chr: 'text', complex: 'type constructor', dict: 'type constructor',
  divmod: 'arithmetic', enumerate: 'iteration', filter: 'iteration', float: 'type constructor',
  format: 'formats one value with a spec; field traversal is checked by PC205',
  frozenset: 'type constructor', hash: 'value hashing', hex: 'number formatting', id: 'an integer, harmless alone',
  int: 'type constructor', isinstance: 'predicate', issubclass: 'predicate', iter: 'iteration (two-argument form checked by PC603)',
  len: 'size', list: 'type constructor', map: 'iteration', max: 'reduction', min: 'reduction', next: 'iteration',
  object: 'base class; its dunders are checked by PC201', oct: 'number formatting', ord: 'text', pow: 'arithmetic (size checked by PC601)',
  print: 'output the host captures', range: 'iteration (size checked by PC602)', repr: 'text of a value',
  reversed: 'iteration', round: 'arithmetic', set: 'type constructor', slice: 'type constructor', sorted: 'ordering',
  str: 'type constructor', sum: 'reduction', tuple: 'type constructor', type: 'one-argument form names a type; three-argument class creation is checked by PC403',
  zip: 'iteration', super: 'method resolution inside a class', property: 'decorator', staticmethod: 'decorator', classmethod: 'decorator',
  NotImplemented: 'constant', Ellipsis: 'constant', True: 'constant (a name in Python 2)', False: 'constant (a name in Python 2)', None: 'constant (a name in Python 2)',
  xrange: 'Python 2 iteration', unicode: 'Python 2 type constructor', long: 'Python 2 type constructor', basestring: 'Python 2 type',
  unichr: 'Python 2 text', cmp: 'Python 2 comparison', aiter: 'async iteration', anext: 'async iteration',
};

/** Exception classes: raising and catching them is ordinary control flow (exit-like ones are PC501's). */
const exceptionBuiltins = [
  'ArithmeticError', 'AssertionError', 'AttributeError', 'BaseException', 'BaseExceptionGroup', 'BlockingIOError', 'BrokenPipeError',
  'BufferError', 'BytesWarning', 'ChildProcessError', 'ConnectionAbortedError', 'ConnectionError', 'ConnectionRefusedError',
  'ConnectionResetError', 'DeprecationWarning', 'EOFError', 'EncodingWarning', 'EnvironmentError', 'Exception', 'ExceptionGroup',
  'FileExistsError', 'FileNotFoundError', 'FloatingPointError', 'FutureWarning', 'GeneratorExit', 'IOError', 'ImportError',
  'ImportWarning', 'IndentationError', 'IndexError', 'InterruptedError', 'IsADirectoryError', 'KeyError', 'KeyboardInterrupt',
  'LookupError', 'MemoryError', 'ModuleNotFoundError', 'NameError', 'NotADirectoryError', 'NotImplementedError', 'OSError',
  'OverflowError', 'PendingDeprecationWarning', 'PermissionError', 'ProcessLookupError', 'RecursionError', 'ReferenceError',
  'ResourceWarning', 'RuntimeError', 'RuntimeWarning', 'StandardError', 'StopAsyncIteration', 'StopIteration', 'SyntaxError',
  'SyntaxWarning', 'SystemError', 'SystemExit', 'TabError', 'TimeoutError', 'TypeError', 'UnboundLocalError', 'UnicodeDecodeError',
  'UnicodeEncodeError', 'UnicodeError', 'UnicodeTranslateError', 'UnicodeWarning', 'UserWarning', 'ValueError', 'Warning',
  'ZeroDivisionError',
];

export const strict: PresetDefinition = {
  name: 'strict',
  summary: 'Pure computation: no I/O, no process, no introspection; every rule on.',
  rationale: [
    'The default. It assumes the host runs plugin code in-process behind an AST check, the set-up',
    "whose every blacklist the seeds show beaten. So it is an allowlist: only modules that compute,",
    'only builtins that compute, no dunder attribute but a few read-only ones, and every rule on.',
    'A module is listed only if it hands out no `os`, no frames, no code objects and no attribute',
    'access by string (which is why `operator`, `inspect`, `importlib`, `sys` and `os` are absent).',
    'Suppression comments are written by the same author as the code, so they are reported, not honoured.',
  ].join('\n'),
  modules: {
    __future__: 'compiler directives only',
    math: 'pure functions on floats and ints',
    cmath: 'pure functions on complex numbers',
    decimal: 'decimal arithmetic (precision is checked by PC602)',
    fractions: 'rational arithmetic',
    numbers: 'abstract numeric types',
    statistics: 'pure statistics; its `sys` attribute is caught by PC103',
    random: 'pseudo-random numbers; its private `_os` is caught by PC103',
    json: 'parses and prints data, builds no objects but dicts and lists',
    re: 'regular expressions (patterns are checked by PC605)',
    string: 'constants and templates; `string.Formatter` is checked by PC205',
    textwrap: 'text layout',
    unicodedata: 'character database lookups',
    datetime: 'dates and times as values (no clock control)',
    calendar: 'calendar arithmetic',
    collections: 'container types',
    heapq: 'heap algorithms on lists',
    bisect: 'binary search on lists',
    itertools: 'iterator building blocks (infinite ones are checked by PC603)',
    functools: 'higher-order helpers; what they wrap is still resolved',
    copy: 'copies values',
    dataclasses: 'class boilerplate',
    enum: 'enumerations',
    typing: 'type hints; its `sys` attribute is caught by PC103',
    abc: 'abstract base classes',
    base64: 'encodings of bytes',
    binascii: 'encodings of bytes',
    hashlib: 'hash functions over bytes',
    hmac: 'keyed hashes over bytes',
  },
  builtins: {
    ...computationBuiltins,
    ...Object.fromEntries(exceptionBuiltins.map((name) => [name, 'exception class'])),
  },
  attributes: {
    __name__: 'read-only name of a module, class or function',
    __doc__: 'docstring text',
    __init__: 'constructor; calling `super().__init__()` is ordinary',
    __future__: 'the `__future__` module name',
    __all__: 'export list of a module',
    __slots__: 'class layout declaration',
    __version__: 'version string convention',
    __main__: 'module name in the `__name__ == "__main__"` idiom',
    __qualname__: 'read-only qualified name',
    __annotations__: 'type hints as data',
  },
  rules: {
    // RestrictedPython's compile-time rules mirror one sandbox's implementation (its guards are
    // named `_getattr_`, its transformer has no `visit_Match`); they are not strict's policy, so
    // `def _helper()`, `async def` and `match` stay silent here.
    PC701: 'off',
    PC702: 'off',
    PC703: 'off',
  },
};
