// Proof that a plugin the `restrictedpython` preset accepts contains none of the constructs
// RestrictedPython's transformer (8.x) refuses:
//   1. every construct in the table below, on its own, is reported under the preset;
//   2. a realistic plugin gets no finding at all;
//   3. the plugin with any one construct added gets that construct's finding — so the checks
//      work inside the plugin too, and (2) means none of them is in it;
//   4. where Debian's RestrictedPython is installed, its transformer refuses nothing in the
//      plugin but what 4.0b3 alone refuses, and refuses every construct it knows.
// (A walrus to a non-name, which `visit_NamedExpr` refuses, is not in the table: Python's
// grammar and tree-sitter's only allow a name there.)
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createPythonParser, type PythonParser } from '../../server/src/parser';
import { analyzeSource } from '../../server/src/engine';
import { presetPolicy } from '../../server/src/policy/fromPreset';
import { olderReleaseOnly, oracleUnavailable, passedChecks, runOracle, type OracleRun } from './oracle';

interface Construct {
  /** What RestrictedPython refuses. */
  construct: string;
  /** The transformer method that refuses it. */
  mirror: string;
  code: string;
  /** `line:code` of the finding the preset must give. */
  expect: string;
  /** Set when Debian's 4.0b3 does not refuse it yet: the check came later. */
  newerThan4b3?: string;
}

const CONSTRUCTS: Construct[] = [
  // check_name, through visit_Name: every variable read, written or deleted
  { construct: 'reading a name that starts with _', mirror: 'visit_Name', code: 'value = _cache', expect: '1:PC701' },
  { construct: 'binding a guard name', mirror: 'visit_Name', code: '_getattr_ = getattr', expect: '1:PC701' },
  { construct: 'reading a dunder name', mirror: 'visit_Name', code: 'b = __builtins__', expect: '1:PC202' },
  { construct: 'a name ending in __roles__', mirror: 'check_name', code: 'edit__roles__ = None', expect: '1:PC701' },
  { construct: 'deleting a _ name', mirror: 'visit_Name', code: 'del _tmp', expect: '1:PC701' },
  { construct: 'a _ loop variable', mirror: 'visit_Name', code: 'for _i in items:\n    pass', expect: '1:PC701' },
  { construct: 'a _ comprehension variable', mirror: 'visit_Name', code: 'found = [_v for _v in items]', expect: '1:PC701' },
  { construct: 'a _ walrus target', mirror: 'visit_NamedExpr', code: 'if (_n := len(items)):\n    pass', expect: '1:PC701' },
  { construct: 'a _ with target', mirror: 'visit_Name', code: 'with lock as _held:\n    pass', expect: '1:PC701' },
  // check_name on what statements bind
  { construct: 'a function named _x', mirror: 'visit_FunctionDef', code: 'def _hook():\n    pass', expect: '1:PC701' },
  { construct: 'a method outside ALLOWED_FUNC_NAMES', mirror: 'visit_FunctionDef', code: 'class Hook:\n    def __repr__(self):\n        return "h"', expect: '2:PC701' },
  { construct: 'an allowed method name at module level', mirror: 'visit_FunctionDef', code: 'def __eq__(a, b):\n    return True', expect: '1:PC701' },
  { construct: 'a class named _X', mirror: 'visit_ClassDef', code: 'class _Base:\n    pass', expect: '1:PC701' },
  { construct: 'a _ parameter', mirror: 'check_function_argument_names', code: 'def area(_w):\n    return 1', expect: '1:PC701' },
  { construct: 'a _ keyword-only parameter', mirror: 'check_function_argument_names', code: 'def area(*, _h):\n    return 1', expect: '1:PC701' },
  { construct: 'a _ *args parameter', mirror: 'check_function_argument_names', code: 'def area(*_rest):\n    return 1', expect: '1:PC701' },
  { construct: 'a _ lambda parameter', mirror: 'visit_Lambda', code: 'size = lambda _x: 1', expect: '1:PC701' },
  { construct: 'importing a _ module', mirror: 'check_import_names', code: 'import _thread', expect: '1:PC701' },
  { construct: 'importing as a _ alias', mirror: 'check_import_names', code: 'from json import loads as _loads', expect: '1:PC701' },
  { construct: 'an except ... as _ target', mirror: 'visit_ExceptHandler', code: 'try:\n    pass\nexcept ValueError as _e:\n    pass', expect: '3:PC701' },
  // visit_Attribute
  { construct: 'reading a _ attribute', mirror: 'visit_Attribute', code: 'x = account._balance', expect: '1:PC701' },
  { construct: 'writing a _ attribute', mirror: 'visit_Attribute', code: 'account._balance = 0', expect: '1:PC701' },
  { construct: 'a dunder attribute', mirror: 'visit_Attribute', code: 'c = ().__class__', expect: '1:PC201' },
  { construct: 'a name-mangled private attribute', mirror: 'visit_Attribute', code: 'f = license._Printer__filenames', expect: '1:PC203' },
  { construct: 'an attribute ending in __roles__', mirror: 'visit_Attribute', code: 'page.view__roles__ = ()', expect: '1:PC701' },
  ...[
    'tb_frame', 'tb_next', 'f_back', 'f_builtins', 'f_code', 'f_globals', 'f_locals', 'f_trace', 'co_code', 'gi_frame', 'gi_code',
    'gi_yieldfrom', 'cr_await', 'cr_frame', 'cr_code', 'cr_origin',
  ].map((a): Construct => ({ construct: `the inspect attribute ${a}`, mirror: 'visit_Attribute (INSPECT_ATTRIBUTES)', code: `x = thing.${a}`, expect: '1:PC203', newerThan4b3: '7.0 (CVE-2023-37271)' })),
  { construct: 'the inspect attribute f_generator', mirror: 'visit_Attribute (INSPECT_ATTRIBUTES)', code: 'x = frame.f_generator', expect: '1:PC701', newerThan4b3: '8.1' },
  // FORBIDDEN_FUNC_NAMES
  { construct: 'binding print', mirror: 'check_name', code: 'print = log', expect: '1:PC702' },
  { construct: 'a function named print', mirror: 'check_name', code: 'def print(*args):\n    pass', expect: '1:PC702' },
  { construct: 'binding printed', mirror: 'check_name', code: 'printed = "all good"', expect: '1:PC702' },
  { construct: 'importing builtins', mirror: 'check_import_names', code: 'import builtins', expect: '1:PC702', newerThan4b3: 'FORBIDDEN_FUNC_NAMES' },
  { construct: 'reading the name builtins', mirror: 'visit_Name', code: 'mod = builtins', expect: '1:PC702', newerThan4b3: 'FORBIDDEN_FUNC_NAMES' },
  { construct: 'the name breakpoint', mirror: 'check_name', code: 'breakpoint()', expect: '1:PC401', newerThan4b3: 'FORBIDDEN_FUNC_NAMES' },
  // visit_Call
  { construct: 'an exec call', mirror: 'visit_Call', code: 'exec("x = 1")', expect: '1:PC301' },
  { construct: 'an eval call', mirror: 'visit_Call', code: 'y = eval("1 + 1")', expect: '1:PC301' },
  { construct: 'a call to a shadowed eval', mirror: 'visit_Call', code: 'def eval(s):\n    return s\ny = eval("1")', expect: '3:PC703' },
  // statements and expressions it refuses or does not know
  { construct: 'nonlocal', mirror: 'visit_Nonlocal', code: 'def outer():\n    n = 0\n    def inner():\n        nonlocal n\n    return inner', expect: '4:PC703' },
  { construct: 'async def', mirror: 'visit_AsyncFunctionDef', code: 'async def fetch():\n    pass', expect: '1:PC703' },
  { construct: 'await', mirror: 'visit_Await', code: 'async def fetch(s):\n    return await s', expect: '2:PC703' },
  { construct: 'async for', mirror: 'visit_AsyncFor', code: 'async def fetch(s):\n    async for row in s:\n        pass', expect: '2:PC703' },
  { construct: 'async with', mirror: 'visit_AsyncWith', code: 'async def fetch(s):\n    async with s as c:\n        pass', expect: '2:PC703' },
  { construct: 'except*', mirror: 'visit_TryStar', code: 'try:\n    pass\nexcept* ValueError:\n    pass', expect: '3:PC703' },
  { construct: 'augmented assignment to an attribute', mirror: 'visit_AugAssign', code: 'counter.hits += 1', expect: '1:PC703' },
  { construct: 'augmented assignment to an item', mirror: 'visit_AugAssign', code: 'totals["a"] += 1', expect: '1:PC703' },
  { construct: 'augmented assignment to a slice', mirror: 'visit_AugAssign', code: 'rows[1:2] += [0]', expect: '1:PC703' },
  { construct: 'match', mirror: 'generic_visit (no visit_Match)', code: 'match event:\n    case 1:\n        pass', expect: '1:PC703' },
  { construct: 'a type alias', mirror: 'generic_visit (no visit_TypeAlias)', code: 'type Pair = tuple[int, int]', expect: '1:PC703' },
  { construct: 'a generic function', mirror: 'generic_visit (no visit_TypeVar)', code: 'def first[T](items):\n    return items', expect: '1:PC703' },
  { construct: 'a generic class', mirror: 'generic_visit (no visit_TypeVar)', code: 'class Box[T]:\n    pass', expect: '1:PC703' },
  { construct: 'an annotated assignment', mirror: 'generic_visit (no visit_AnnAssign)', code: 'limit: int = 10', expect: '1:PC703' },
  { construct: 'a bare annotation', mirror: 'generic_visit (no visit_AnnAssign)', code: 'class Point:\n    x: float', expect: '2:PC703' },
  { construct: 'the ... literal', mirror: 'visit_Constant', code: 'def todo():\n    ...', expect: '2:PC703' },
  { construct: 'a star import', mirror: 'check_import_names', code: 'from json import *', expect: '1:PC703', newerThan4b3: '4.0 final' },
  { construct: 'metaclass=', mirror: 'visit_ClassDef', code: 'class Shape(metaclass=Meta):\n    pass', expect: '1:PC703' },
  { construct: 'the Python 2 exec statement', mirror: 'visit_Exec (RestrictedPython 4 on Python 2)', code: 'exec "x = 1"', expect: '1:PC301' },
];

/** A discount plugin written for RestrictedPython: no imports, safe_builtins only, plain classes. */
const PLUGIN = `"""Discount rules for the order pipeline.

The host calls apply_discounts(order) with a plain dict and reads back the dict it returns.
"""

TIERS = ((1000, 5), (5000, 10), (20000, 15))


class Money:
    def __init__(self, cents):
        self.cents = int(cents)

    def __eq__(self, other):
        return isinstance(other, Money) and self.cents == other.cents

    def __lt__(self, other):
        return self.cents < other.cents

    def plus(self, other):
        return Money(self.cents + other.cents)

    def percent(self, rate):
        return Money(round(self.cents * rate / 100))

    def text(self):
        euros, cents = divmod(abs(self.cents), 100)
        sign = "-" if self.cents < 0 else ""
        return sign + str(euros) + "." + str(cents).zfill(2)


def tier_rate(total):
    rate = 0
    for threshold, percent in TIERS:
        if total.cents >= threshold * 100:
            rate = percent
    return rate


def line_total(line):
    return Money(int(line["price_cents"]) * int(line.get("quantity", 1)))


def apply_discounts(order):
    lines = order.get("lines", [])
    subtotal = Money(0)
    for line in lines:
        subtotal = subtotal.plus(line_total(line))
    rate = tier_rate(subtotal)
    discount = subtotal.percent(rate)
    codes = sorted(set(order.get("codes", [])))
    if "WELCOME" in codes and len(lines) > 0:
        discount = discount.plus(Money(500))
    if subtotal < discount:
        discount = subtotal
    total = Money(subtotal.cents - discount.cents)
    print("order", order.get("id"), "rate", rate)
    return {
        "subtotal": subtotal.text(),
        "discount": discount.text(),
        "total": total.text(),
        "rate": rate,
        "codes": list(codes),
        "log": printed,
    }
`;

/** Where a snippet starts when appended to the plugin. */
const PLUGIN_LINES = PLUGIN.split('\n').length; // the text ends with a newline: this is the line after it

let parser: PythonParser;
before(async () => {
  parser = await createPythonParser();
});

function found(code: string): string[] {
  return analyzeSource(parser, code, presetPolicy('restrictedpython')).map((f) => `${f.range.start.line + 1}:${f.code}`);
}

describe('the constructs RestrictedPython refuses', () => {
  for (const c of CONSTRUCTS) {
    test(`${c.construct} (${c.mirror}) is reported`, () => {
      assert.ok(found(c.code).includes(c.expect), `${JSON.stringify(c.code)}: expected ${c.expect}, found ${found(c.code).join(' ') || 'nothing'}`);
    });
  }
});

describe('a plugin the restrictedpython preset accepts', () => {
  test('gets no finding', () => {
    assert.deepEqual(found(PLUGIN), []);
  });

  test('gets the finding of any one construct added to it, so it contains none of them', () => {
    const silent: string[] = [];
    for (const c of CONSTRUCTS) {
      const [line, code] = c.expect.split(':');
      const expect = `${Number(line) + PLUGIN_LINES}:${code}`;
      const findings = found(`${PLUGIN}\n${c.code}\n`);
      if (!findings.includes(expect)) silent.push(`${c.construct}: expected ${expect}, found ${findings.join(' ') || 'nothing'}`);
    }
    assert.deepEqual(silent, []);
  });
});

const unavailable = oracleUnavailable();

describe("Debian's RestrictedPython agrees", { skip: unavailable }, () => {
  let oracle: OracleRun;
  before(() => {
    oracle = runOracle([{ id: 'plugin', code: PLUGIN }, ...CONSTRUCTS.map((c, i) => ({ id: String(i), code: c.code }))]);
  });

  test('its transformer refuses nothing in the plugin but what only 4.0b3 refuses', () => {
    const plugin = oracle.results.find((r) => r.id === 'plugin')!;
    assert.ok(plugin.verdict === 'accepted' || plugin.verdict === 'rejected' || (plugin.verdict === 'crashed' && plugin.checked), JSON.stringify(plugin));
    const unexplained = plugin.errors.filter((e) => !olderReleaseOnly(PLUGIN, e)).map((e) => `line ${e.line}: ${e.message}`);
    assert.deepEqual(unexplained, []);
    // The 4.0b3-only errors are the three method definitions 4.0 final allows.
    assert.deepEqual(plugin.errors.map((e) => e.line), [10, 13, 16]);
  });

  test('it refuses every construct in the table that 4.0b3 knows and Python 3.11 parses', () => {
    const notRefused: string[] = [];
    CONSTRUCTS.forEach((c, i) => {
      const result = oracle.results.find((r) => r.id === String(i))!;
      if (result.verdict === 'syntax-error') return; // 3.12+ syntax, or Python 2
      const refused = result.verdict === 'rejected' || (result.verdict === 'crashed' && result.errors.length > 0);
      if (c.newerThan4b3) {
        // A check newer than 4.0b3: it must let this through, else the note is wrong.
        if (!passedChecks(result)) notRefused.push(`${c.construct}: marked newer than 4.0b3 but refused`);
      } else if (!refused) {
        notRefused.push(`${c.construct}: ${result.verdict}`);
      }
    });
    assert.deepEqual(notRefused, []);
  });
});
