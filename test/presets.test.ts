// The presets are documented data: these tests pin what each one allows (the lists a host
// copies into its run-time sandbox) and how the full rule set behaves under it on small
// snippets, so a change to a list or to a rule's deference shows up here.
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createPythonParser, type PythonParser } from '../server/src/parser';
import { analyzeSource, ruleSetting } from '../server/src/engine';
import { presetNames, presetPolicy } from '../server/src/policy/fromPreset';
import { DEFAULT_PRESET, PRESETS } from '../server/src/policy/presets';
import { RULES } from '../server/src/rules';

let parser: PythonParser;
before(async () => {
  parser = await createPythonParser();
});

/** `line:code` of every finding, in order: enough to pin which rule reports where. */
function found(preset: string, code: string): string[] {
  return analyzeSource(parser, code, presetPolicy(preset)).map((f) => `${f.range.start.line + 1}:${f.code}`);
}

const sorted = (set: Iterable<string>): string[] => [...set].sort();

describe('the preset registry', () => {
  test('holds strict (the default), restrictedpython, rexec and audit', () => {
    assert.deepEqual(presetNames().sort(), ['audit', 'restrictedpython', 'rexec', 'strict']);
    assert.equal(DEFAULT_PRESET, 'strict');
  });

  test('every allowlist entry of every preset says why it is there', () => {
    const missing: string[] = [];
    for (const preset of PRESETS.values()) {
      const lists: [string, Record<string, string>][] = [
        ['modules', preset.modules],
        ['builtins', preset.builtins],
        ['attributes', preset.attributes],
        ['denyModules', preset.denyModules ?? {}],
        ...Object.entries(preset.members ?? {}).map(([m, members]): [string, Record<string, string>] => [`members.${m}`, members]),
      ];
      for (const [list, entries] of lists) {
        for (const [entry, reason] of Object.entries(entries)) if (!reason.trim()) missing.push(`${preset.name} ${list} ${entry}`);
      }
      if (preset.rationale.trim().length < 200) missing.push(`${preset.name} rationale`);
    }
    assert.deepEqual(missing, []);
  });

  test('every rule a preset configures exists', () => {
    const codes = new Set(RULES.map((r) => r.meta.code));
    const unknown = [...PRESETS.values()].flatMap((p) => Object.keys(p.rules ?? {}).filter((c) => !codes.has(c)).map((c) => `${p.name}: ${c}`));
    assert.deepEqual(unknown, []);
  });
});

describe('strict', () => {
  test('turns the RestrictedPython rules off and nothing else', () => {
    const policy = presetPolicy('strict');
    assert.deepEqual(Object.fromEntries(policy.rules), { PC701: 'off', PC702: 'off', PC703: 'off' });
    assert.equal(policy.defaultSeverity, undefined);
  });

  test("keeps its behaviour: private helpers, async code, match and '...' stay silent", () => {
    const code = [
      'def _helper(value):',
      '    return value',
      'async def fetch(source):',
      '    return await source.read()',
      'def kind(event):',
      '    match event:',
      '        case 1:',
      '            return "one"',
      'limit: int = 10',
      'def todo(): ...',
      'class Store:',
      '    def __repr__(self):',
      '        return "Store"',
    ].join('\n');
    assert.deepEqual(found('strict', code), []);
  });
});

describe('restrictedpython', () => {
  /** RestrictedPython 8.x Guards.safe_builtins (`_safe_names` without `__build_class__`, and the guarded setattr/delattr). */
  const SAFE_NAMES = [
    'None', 'False', 'True', 'abs', 'bool', 'bytes', 'callable', 'chr', 'complex', 'divmod', 'float', 'hash', 'hex', 'id', 'int',
    'isinstance', 'issubclass', 'len', 'oct', 'ord', 'pow', 'range', 'repr', 'round', 'slice', 'sorted', 'str', 'tuple', 'zip',
    'setattr', 'delattr',
  ];
  const SAFE_EXCEPTIONS = [
    'ArithmeticError', 'AssertionError', 'AttributeError', 'BaseException', 'BufferError', 'BytesWarning', 'DeprecationWarning',
    'EOFError', 'EnvironmentError', 'Exception', 'FloatingPointError', 'FutureWarning', 'GeneratorExit', 'IOError', 'ImportError',
    'ImportWarning', 'IndentationError', 'IndexError', 'KeyError', 'KeyboardInterrupt', 'LookupError', 'MemoryError', 'NameError',
    'NotImplementedError', 'OSError', 'OverflowError', 'PendingDeprecationWarning', 'ReferenceError', 'RuntimeError',
    'RuntimeWarning', 'StopIteration', 'SyntaxError', 'SyntaxWarning', 'SystemError', 'SystemExit', 'TabError', 'TypeError',
    'UnboundLocalError', 'UnicodeDecodeError', 'UnicodeEncodeError', 'UnicodeError', 'UnicodeTranslateError', 'UnicodeWarning',
    'UserWarning', 'ValueError', 'Warning', 'ZeroDivisionError',
  ];

  test('allows safe_builtins, limited_builtins, set/frozenset and print; no module; no underscore attribute', () => {
    const policy = presetPolicy('restrictedpython');
    assert.deepEqual(sorted(policy.allowBuiltins), sorted([...SAFE_NAMES, ...SAFE_EXCEPTIONS, 'list', 'set', 'frozenset', 'print']));
    assert.deepEqual(sorted(policy.allowModules), []);
    assert.deepEqual(sorted(policy.allowAttributes), []);
    assert.deepEqual(policy.allowMembers.size, 0);
  });

  test('runs every rule at its own severity', () => {
    const policy = presetPolicy('restrictedpython');
    assert.equal(policy.rules.size, 0);
    assert.equal(policy.defaultSeverity, undefined);
    assert.deepEqual(RULES.filter((r) => ruleSetting(policy, r) === 'off').map((r) => r.meta.code), []);
  });

  test('reports what RestrictedPython refuses, each through one rule', () => {
    assert.deepEqual(found('restrictedpython', 'def _helper():\n    return 1'), ['1:PC701']);
    assert.deepEqual(found('restrictedpython', 'total = account._balance'), ['1:PC701']);
    assert.deepEqual(found('restrictedpython', 'printed = "ok"'), ['1:PC702']);
    assert.deepEqual(found('restrictedpython', 'mod = builtins'), ['1:PC702']);
    assert.deepEqual(found('restrictedpython', 'def bump(c):\n    c.count += 1'), ['2:PC703']);
    assert.deepEqual(found('restrictedpython', 'async def run():\n    pass'), ['1:PC703']);
    assert.deepEqual(found('restrictedpython', 'x: int = 1'), ['1:PC703']);
  });

  test('leaves dunders, frame attributes and builtins to the rules that name the escape', () => {
    // PC201/PC202/PC203/PC401/PC301 report these; PC701/PC702/PC703 stay quiet on them.
    assert.deepEqual(found('restrictedpython', 'c = ().__class__'), ['1:PC201']);
    assert.deepEqual(found('restrictedpython', 'n = __name__'), ['1:PC202']);
    assert.deepEqual(found('restrictedpython', 'f = gen.gi_frame'), ['1:PC203']);
    assert.deepEqual(found('restrictedpython', 'breakpoint()'), ['1:PC401']);
    assert.deepEqual(found('restrictedpython', 'eval("1")'), ['1:PC301']);
    // ... but what the other rules do not know is still reported.
    assert.deepEqual(found('restrictedpython', 'f = frame.f_generator'), ['1:PC701']);
    assert.deepEqual(found('restrictedpython', 'def eval(s):\n    return s\neval("1")'), ['3:PC703']);
  });

  test('accepts what RestrictedPython accepts: class methods it allows, print and printed, plain code', () => {
    const code = [
      'class Money:',
      '    def __init__(self, cents):',
      '        self.cents = cents',
      '    def __eq__(self, other):',
      '        return self.cents == other.cents',
      'print("total", len([1, 2]))',
      'result = printed',
    ].join('\n');
    assert.deepEqual(found('restrictedpython', code), []);
  });

  test('still reports what strict reports: modules, builtins outside safe_builtins', () => {
    assert.deepEqual(found('restrictedpython', 'import math'), ['1:PC101']);
    assert.deepEqual(found('restrictedpython', 'x = min(1, 2)\ny = open("f")'), ['1:PC401', '2:PC401']);
  });
});

describe('rexec', () => {
  test("allows the HOWTO's 18 modules and reduced os and sys", () => {
    const policy = presetPolicy('rexec');
    assert.deepEqual(sorted(policy.allowModules), sorted([
      'audioop', 'array', 'binascii', 'cmath', 'errno', 'imageop', 'marshal', 'math', 'md5', 'operator', 'parser', 'regex',
      'pcre', 'rotor', 'select', 'strop', 'struct', 'time', 'os', 'sys',
    ]));
    assert.deepEqual(sorted(policy.allowMembers.keys()), ['os', 'sys']);
    assert.deepEqual(sorted(policy.allowMembers.get('os')!), sorted([
      'error', 'fstat', 'listdir', 'lstat', 'readlink', 'stat', 'times', 'uname', 'getpid', 'getppid', 'getcwd', 'getuid', 'getgid',
      'geteuid', 'getegid',
    ]));
    assert.deepEqual(sorted(policy.allowMembers.get('sys')!), sorted(['ps1', 'ps2', 'copyright', 'version', 'platform', 'exit', 'maxint']));
  });

  test('allows open (for reading) but not file, eval, getattr or __import__; hides function attributes', () => {
    const policy = presetPolicy('rexec');
    assert.ok(policy.allowBuiltins.has('open'));
    for (const name of ['file', 'eval', 'execfile', 'compile', 'getattr', 'globals', 'vars', 'dir', 'input', 'raw_input', 'reload', '__import__']) {
      assert.ok(!policy.allowBuiltins.has(name), name);
    }
    assert.deepEqual(sorted(policy.allowAttributes), ['__init__']);
  });

  test('says it is historical and why it was withdrawn', () => {
    const rationale = PRESETS.get('rexec')!.rationale;
    assert.match(rationale, /withdrew the HOWTO/);
    assert.match(rationale, /new-style classes/);
    assert.match(rationale, /Python 3 removed it/);
  });

  test('reports what the reduced modules hide and writes through open', () => {
    assert.deepEqual(found('rexec', 'import os\nnames = os.listdir(".")\nhere = os.getcwd()'), []);
    assert.deepEqual(found('rexec', 'import os\nos.system("id")'), ['2:PC103', '2:PC502']);
    assert.deepEqual(found('rexec', 'from os import environ'), ['1:PC103']);
    assert.deepEqual(found('rexec', 'import sys\nv = sys.version'), []);
    assert.deepEqual(found('rexec', 'data = open("notes.txt").read()'), []);
    assert.deepEqual(found('rexec', 'log = open("notes.txt", "w")'), ['1:PC502']);
    assert.deepEqual(found('rexec', 'code = handler.func_code'), ['1:PC203']);
    assert.deepEqual(found('rexec', 'import socket'), ['1:PC101']);
  });
});

describe('audit', () => {
  test('allows nothing and turns every rule on at severity information', () => {
    const policy = presetPolicy('audit');
    assert.deepEqual([policy.allowModules.size, policy.allowBuiltins.size, policy.allowAttributes.size, policy.allowMembers.size], [0, 0, 0, 0]);
    assert.equal(policy.defaultSeverity, 'info');
    assert.equal(policy.rules.size, 0);
    assert.equal(policy.inlineSuppressions, 'report');
    assert.deepEqual(RULES.filter((r) => ruleSetting(policy, r) !== 'info').map((r) => r.meta.code), []);
  });

  test('shows every import, builtin and private name as information', () => {
    const findings = analyzeSource(parser, 'import math\nn = len(items)\ndef _helper():\n    pass', presetPolicy('audit'));
    assert.deepEqual(
      findings.map((f) => `${f.range.start.line + 1}:${f.code}:${f.severity}`),
      ['1:PC101:info', '2:PC401:info', '3:PC701:info'],
    );
  });
});
