// The resolver answers "what does this expression denote?" for every rule. Each case names the
// expression by its text on the last line of the snippet and lists the qualified names or the
// constant it must resolve to.
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createPythonParser, SyntaxTree, type Node, type PythonParser } from '../server/src/parser';
import { Semantics } from '../server/src/semantics';

let parser: PythonParser;
before(async () => {
  parser = await createPythonParser();
});

/** Semantics of `source`, and the last expression statement's expression on its last line. */
function lastExpression(source: string): { semantics: Semantics; node: Node } {
  const tree = parser.parse(source);
  const syntax = SyntaxTree.fromTree(tree, source);
  tree.delete();
  const semantics = new Semantics(syntax.root, source);
  const statements = syntax.root.namedChildren.filter((n) => n.type !== 'comment');
  let last = statements[statements.length - 1];
  // Descend into the body of a trailing def/class to its last expression statement.
  while (last && last.type !== 'expression_statement') {
    const body = last.childForFieldName('body') ?? last.lastNamedChild;
    const inner = body?.namedChildren.filter((n) => n.type !== 'comment') ?? [];
    last = inner[inner.length - 1];
  }
  const node = last?.namedChild(0);
  if (!node) throw new Error(`no expression in ${JSON.stringify(source)}`);
  return { semantics, node: node.type === 'return_statement' ? node.namedChild(0)! : node };
}

function qnames(source: string): string[] {
  const { semantics, node } = lastExpression(source);
  return semantics.qualifiedNames(node).sort();
}

function folded(source: string): string | undefined {
  const { semantics, node } = lastExpression(source);
  return semantics.foldString(node);
}

describe('names resolve by scope', () => {
  const cases: [string, string, string[]][] = [
    ['a builtin', 'eval', ['builtins.eval']],
    ['import as', 'import os as o\no.system', ['os.system']],
    ['max, min and random.choice give one of their items', 'import random\nf = random.choice([eval, exec])\ng = max(print, compile, key=id)\nf if flag else g', ['builtins.compile', 'builtins.eval', 'builtins.exec', 'builtins.print']],
    ['from import as', 'from os import system as s\ns', ['os.system']],
    ['dict.get of a key a display does not hold: the default', 'C = {"w": print}\nC.get("run", eval)', ['builtins.eval']],
    ['dict.get of a key a display holds: its value', 'C = {"run": print}\nC.get("run", eval)', ['builtins.print']],
    ['dict.get of a missing key of a dict the file changes: not known', 'C = {"w": print}\nC["run"] = exec\nC.get("run", eval)', ['builtins.exec']],
    ['an item of dict(zip(keys, values)) under a constant key', 'f = dict(zip(["a", "b"], [eval, print]))\nf["a"]', ['builtins.eval']],
    ['an item of dict(zip(keys, values)) under a key that does not fold: any value', 'keys = ("a", "b")\nf = dict(zip(keys, [eval, print]))\nf[k]', ['builtins.eval', 'builtins.print']],
    ['an item of dict(pairs) or dict(n=v) under a key that does not fold: any value', 'e = dict([("a", exec)], b=compile)\ne[k]', ['builtins.compile', 'builtins.exec']],
    ['zip of a list the file changes later: not known', 'vals = [print]\nvals.append(eval)\nf = dict(zip(["a"], vals))\nf["a"]', []],
    ['star import', 'from os import *\nsystem', ['builtins.system', 'os.system']],
    ['dotted import binds the top package', 'import os.path\nos.path.join', ['os.path.join']],
    ['alias by assignment', 'g = getattr\ng', ['builtins.getattr']],
    ['tuple assignment', 'i, j = __import__, eval\nj', ['builtins.eval']],
    ['chained assignment', 'a = b = exec\nb', ['builtins.exec']],
    ['walrus', '(e := eval)\ne', ['builtins.eval']],
    ['for target over a literal', 'for f in [eval, exec]:\n    f', ['builtins.eval', 'builtins.exec']],
    ['for target over a generator that delegates to itself', 'def g():\n    yield eval\n    yield from g()\nfor f in g():\n    f', ['builtins.eval']],
    ['for target over generators delegating to each other', 'class M:\n    def walk(self):\n        yield exec\n        for p in self.parts:\n            yield from p.walk()\n        yield from self.walk()\nfor f in M().walk():\n    f', ['builtins.exec']],
    ['default argument', 'def f(g=getattr):\n    g', ['builtins.getattr']],
    ['a parameter shadows the builtin', 'def f(input):\n    input', []],
    ['a local def shadows the builtin', 'def eval(x):\n    return x\neval', []],
    ['a class body is invisible to its methods', 'class K:\n    open = 1\n    def m(self):\n        open', ['builtins.open']],
    ['global declaration', 'def setup():\n    global g\n    g = getattr\ng', ['builtins.getattr']],
    ['del restores the builtin', 'open = 1\ndel open\nopen', ['builtins.open']],
    ['__builtins__ subscript', '__builtins__["__import__"]', ['builtins.__import__']],
    ['vars(__builtins__)', 'vars(__builtins__)["exec"]', ['builtins.exec']],
    ['__builtins__.__dict__', '__builtins__.__dict__["eval"]', ['builtins.eval']],
    ['globals() then __builtins__', 'globals()["__builtins__"]["open"]', ['builtins.open']],
    ['a function\'s globals', 'f.__globals__["__builtins__"]', ['builtins']],
    ['getattr with a folded name', 'getattr(__builtins__, "ev" + "al")', ['builtins.eval']],
    ['__import__ with a constant', '__import__("subprocess").Popen', ['subprocess.Popen']],
    ['importlib.import_module', 'import importlib\nimportlib.import_module("os").system', ['os.system']],
    ['load_module on anything', 'x.load_module("posix").system', ['posix.system']],
    ['sys.modules', 'import sys\nsys.modules["os"].system', ['os.system']],
    ['sys.modules.get', 'import sys\nsys.modules.get("os")', ['os']],
    ['dict.get on builtins', '__builtins__.get("eval")', ['builtins.eval']],
    ['a private module attribute', 'import random\nrandom._os.system', ['os.system']],
    ['a re-exported module', 'import statistics\nstatistics.sys.modules', ['sys.modules']],
    ['Python 2 __builtin__', 'import __builtin__\n__builtin__.open', ['builtins.open']],
    ['functools.partial', 'import functools\nfunctools.partial(eval, "1")', ['builtins.eval']],
    ['a local function\'s return value', 'def f():\n    return eval\nf()', ['builtins.eval']],
    ['a class attribute', 'class K:\n    run = exec\nK.run', ['builtins.exec']],
    ['a dict display item', 'd = {"run": exec}\nd["run"]', ['builtins.exec']],
    ['a list display item', 'fns = [print, eval]\nfns[1]', ['builtins.eval']],
    ['a conditional expression', 'x = eval if c else print\nx', ['builtins.eval', 'builtins.print']],
    ['type of a lambda', 'type(lambda: 0)', ['types.FunctionType']],
    ['NFKC-normalised name', 'ｅｖａｌ', ['builtins.eval']],
    ['a comprehension variable does not leak', 'eval = 1\n[eval for eval in x]\neval', []],
    ['enumerate pairs an index with the element', 'for i, f in enumerate([print, eval]):\n    f', ['builtins.eval', 'builtins.print']],
    ['zip pairs elements', 'for a, b in zip([1], [exec]):\n    b', ['builtins.exec']],
    ['dict items', 'for k, v in {"run": exec}.items():\n    v', ['builtins.exec']],
    ['dict values through a name', 'd = {"run": eval}\nfor v in d.values():\n    v', ['builtins.eval']],
    ['sorted passes elements on', 'for f in sorted([exec]):\n    f', ['builtins.exec']],
    ['next of an iterator', 'next(iter([eval]))', ['builtins.eval']],
    ['*args of the calls in the file', 'def f(*fns):\n    return fns[1]\nf(print, exec)', ['builtins.exec']],
    ['**kwargs of the calls in the file', 'def f(**kw):\n    return kw["run"]\nf(run=eval, show=print)', ['builtins.eval']],
    ['an index that does not fold takes any element', 'fns = (print, exec)\nfns[i]', ['builtins.exec', 'builtins.print']],
    ['an item stored into a dict', 'table = {}\ntable["run"] = exec\ntable["run"]', ['builtins.exec']],
    ['an item stored under another key is not it', 'table = {}\ntable["a"] = exec\ntable["b"] = print\ntable["b"]', ['builtins.print']],
    ['an element appended to a list', 'fns = []\nfns.append(eval)\nfns[0]', ['builtins.eval']],
    ['an element added to a set, iterated', 's = set()\ns = {print}\ns.add(exec)\nfor f in s:\n    f', ['builtins.exec', 'builtins.print']],
    // Extended with itself, or two lists with each other: a cycle the resolver must end.
    ['a list extended with itself', 'fns = [eval]\nfns.extend(fns)\nfor f in fns:\n    f', ['builtins.eval']],
    ['two lists extending each other', 'a = [eval]\nb = [exec]\na.extend(b)\nb.extend(a)\nfor f in b:\n    f', ['builtins.eval', 'builtins.exec']],
  ];
  for (const [name, source, expected] of cases) {
    test(name, () => assert.deepEqual(qnames(source), expected));
  }
});

describe('constant folding', () => {
  const cases: [string, string, string | undefined][] = [
    ['concatenation', '"__cla" + "ss__"', '__class__'],
    ['implicit concatenation', '"__cla" "ss__"', '__class__'],
    ['repetition', '"_" * 2 + "class" + "_" * 2', '__class__'],
    ['% with %c', '"%c%cclass%c%c" % (95, 95, 95, 95)', '__class__'],
    ['.format', '"{0}{0}class{0}{0}".format("_")', '__class__'],
    ['f-string', 'c = "class"\nf"__{c}__"', '__class__'],
    ['join of a list', '"".join(["_", "_", "mro", "_", "_"])', '__mro__'],
    // Past what a JS string holds: measured before it is made (it threw "Invalid string length").
    ['a replace whose result is ten billion characters: not folded', 'def spaced(text):\n    return text.replace("", " " * 10 ** 5)\nspaced("a" * 10 ** 5)', undefined],
    ['a join whose result is past the limit: not folded', '("-" * 10 ** 4).join(["a" * 10 ** 5] * 10 ** 4)', undefined],
    ['a global updated in a function is not its first value', 'x = 0\ndef task():\n    global x\n    x += 1\n(x < 10)', undefined],
    ['a nonlocal updated in a function is not its first value', 'def outer():\n    x = 0\n    def task():\n        nonlocal x\n        x += 1\n    (x < 10)', undefined],
    ['join of a list a call made', 'parts = list(["__cla", "ss__"])\n"".join(parts)', '__class__'],
    ['join of a list a call made and the file changes: not known', 'parts = list(["__cla"])\nparts.append("ss__")\n"".join(parts)', undefined],
    ['a list a call made, popped from elsewhere: not known', 'parts = list(["x", "y"])\ndef drop():\n    parts.pop()\n"".join(parts)', undefined],
    ['join of a named tuple', 'parts = ("__", "class", "__")\n"".join(parts)', '__class__'],
    ['reversed slice', '"__ssalc__"[::-1]', '__class__'],
    ['a rot13 that branches on islower, in a function', 'def rot(s):\n    return "".join(chr((ord(c) - 97 + 13) % 26 + 97) if c.islower() else c for c in s)\nrot("__pynff__")', '__class__'],
    ['isupper, isdigit, isalnum, isspace, isidentifier, isascii of ASCII text', '"".join("T" if t else "F" for t in ("A1".isupper(), "12".isdigit(), "a_".isalnum(), " \\t".isspace(), "_x1".isidentifier(), "é".isascii()))', 'TTFTTF'],
    ['a class test of non-ASCII text: not known', '"x" if "²".isdigit() else "y"', undefined],
    ['startswith and endswith, one affix or a tuple', '"".join("T" if t else "F" for t in ("__class__".startswith(("x", "__")), "abc".endswith("b")))', 'TF'],
    ['or and and pick the side the left decides', '("" or "__cla") + ("x" and "ss__")', '__class__'],
    ['a starred target takes the items between', 'head, *body, tail = "x__class__y"\n"".join(body)', '__class__'],
    ['replace with a count replaces the first ones', '"xx__xx".replace("x", "_", 2)', '____xx'],
    ['replace of an empty text: not folded', '"ab".replace("", "-")', undefined],
    ['strip keeps U+FEFF, as Python does, and takes U+001F', '"\\ufeffa\\x1f ".strip()', '\ufeffa'],
    ['split with a maxsplit: not folded', '"-".join("a b c".split(" ", 1))', undefined],
    ['casefold of non-ASCII text: not folded', '"Straße".casefold()', undefined],
    ['an int past 2**53 compares with a float exactly', '"big" if 2**53 + 1 > 2.0**53 else "same"', 'big'],
    ['slice with bounds', '"xx__class__yy"[2:-2]', '__class__'],
    ['chr', 'chr(95) + chr(95)', '__'],
    ['str() of a number', 'str(42)', '42'],
    ['Python 2 long()', 'str(long(42))', '42'],
    ['bytes().decode()', 'bytes([95, 95, 99, 108, 97, 115, 115, 95, 95]).decode()', '__class__'],
    ['bytes.fromhex', 'bytes.fromhex("5f5f636c6173735f5f").decode()', '__class__'],
    ['hex escapes', '"\\x5f\\x5fclass\\x5f\\x5f"', '__class__'],
    ['octal escapes', '"\\137\\137class\\137\\137"', '__class__'],
    ['unicode escapes', '"\\u005f\\U0000005fclass__"', '__class__'],
    ['\\N{} escapes', '"\\N{LOW LINE}\\N{LOW LINE}class\\N{LOW LINE}\\N{LOW LINE}"', '__class__'],
    ['codecs rot13', 'import codecs\ncodecs.decode("__pynff__", "rot13")', '__class__'],
    ['Python 2 rot13', '"svyr".decode("rot13")', 'file'],
    ['base64', 'import base64\nbase64.b64decode("X19jbGFzc19f").decode()', '__class__'],
    ['lower()', '"__CLASS__".lower()', '__class__'],
    ['a name bound once', 'n = "__glob" + "als__"\nn', '__globals__'],
    ['augmented assignment, run in order, gives the value at the read', 'n = "__glob"\nn += "als__"\nn + ""', '__globals__'],
    ['augmented assignment in a loop around the read leaves the name open (it runs again)', 'n = "__glob"\nfor i in range(2):\n    n += "als__"\n    n + ""', undefined],
    ['an item of a dict comprehension over constants', 'tpls = {k: "{0." + k + "}" for k in ["__globals__", "x"]}\ntpls["__globals__"]', '{0.__globals__}'],
    ['an item of a dict comprehension the file stores into does not fold', 'tpls = {k: k for k in ["a"]}\ntpls["a"] = input()\ntpls["a"]', undefined],
    ['an item of a dict comprehension stored into through an alias does not fold', 't = {k: "real" for k in ["a"]}\nd = t\nd["a"] = "__globals__"\nt["a"]', undefined],
    ['an item of a dict comprehension changed by its methods does not fold', 't = {k: "real" for k in ["a"]}\nt.pop("a")\nt.setdefault("a", "__globals__")\nt["a"]', undefined],
    ['%-formatting with a dict display fills named fields', '"{0.%(a)s}" % {"a": "__globals__"}', '{0.__globals__}'],
    ['%-formatting with a name bound to a dict display', 'd = {"a": 1, "b": "x"}\n"%(b)s-%(a)d" % d', 'x-1'],
    ['%c with named fields is a character, not a number', '"%(u)c%(u)cglobals%(u)c%(u)c" % {"u": 95}', '__globals__'],
    ['a length modifier is ignored, as Python does', '"{0.%(a)ls}" % {"a": "__globals__"}', '{0.__globals__}'],
    ['precision truncates a %s', '"%.9s" % "__class__xyz"', '__class__'],
    ['width pads, zero flag on numbers', '"[%3s|%-3s|%03d]" % ("a", "b", 7)', '[  a|b  |007]'],
    ['width counts code points', '"[%3s]" % "\\U0001F600"', '[  \u{1F600}]'],
    ['%r of a string (its quoted repr) does not fold', '"%r" % "__class__"', undefined],
    ['a % left unconverted does not fold', '"%(a)s%*s" % {"a": "x"}', undefined],
    ['%-formatting with a dict the file stores into does not fold', 'd = {"a": "real"}\nd["a"] = "__globals__"\n"%(a)s" % d', undefined],
    ['an integer power in place, run in order', 'n = 10\nn **= 3\n"a" * (n // 500)', 'aa'],
    ['a for over constants is unrolled', 't = "{0"\nfor seg in ("__class__", "__base__"):\n    t += "." + seg\nt + "}"', '{0.__class__.__base__}'],
    ['a for whose body rebinds its variable is not unrolled', 'name = ""\nfor v in ["x"]:\n    v = "_"\n    name += v + v + "globals" + v + v\nname + ""', undefined],
    ['a for whose body deletes or re-targets its variable is not unrolled', 'name = ""\nfor v in ["x"]:\n    for v in "_": pass\n    name += v\nname + ""', undefined],
    ['a list built by appends in a loop over constants folds at the read', 'parts = []\nfor c in "ab":\n    parts.append(c * 2)\nparts.insert(0, "x")\n"-".join(parts)', 'x-aa-bb'],
    ['a tuple holding a list changed in place does not fold', 't = (["re"],)\nt += ()\nt[0].append("__globals__")\nt[0][-1]', undefined],
    ['a wildcard import before the read stops the replay (it may bind the name)', 'n = "a"\nn += "b"\nif flag:\n    from m import *\nn + ""', undefined],
    ['a del of the name stops the replay', 'n = "a"\nn += "b"\ndel n\nn + ""', undefined],
    ['a replay walking more nodes than its budget gives up', 'n = "a"\nn += "b"\nprint(' + 'n, '.repeat(30_000) + ')\nn + ""', undefined],
    ['a replay within its node budget folds', 'n = "a"\nn += "b"\nprint(' + 'n, '.repeat(1_000) + ')\nn + ""', 'ab'],
    ['a list passed to a call before the read does not fold (the call may change it)', 'parts = ["a"]\nparts.append("b")\nfill(parts)\n"".join(parts)', undefined],
    ['a loop with a break is not unrolled', 'parts = []\nfor c in "ab":\n    parts.append(c)\n    if done:\n        break\n"".join(parts)', undefined],
    ['a test that does not fold stops the replay', 'n = "a"\nif flag:\n    n = "b"\nn + ""', undefined],
    ['a module-level name read in a function is not replayed (the call may come later)', 'n = "a"\nn += "b"\ndef f():\n    n + ""', undefined],
    ['textwrap.dedent removes the common margin', 'import textwrap\ntextwrap.dedent("\\n    {0.__class__}\\n      x\\n  \\n")', '\n{0.__class__}\n  x\n\n'],
    ['textwrap.indent prefixes the lines that are not blank', 'import textwrap\ntextwrap.indent("a\\n\\nb", "> ")', '> a\n\n> b'],
    ['json.loads of a string document', 'import json\njson.loads(\'"__cla" \')', '__cla'],
    ['string.Template substitute', 'import string\nstring.Template("__${a}__").substitute(a="class")', '__class__'],
    ['string.Template with a missing name does not fold', 'import string\nstring.Template("$a$b").substitute(a="x")', undefined],
    ['a name bound twice, run in order, folds to the binding before the read', 'n = "a"\nn = "b"\nn', 'b'],
    ['a name bound on two paths does not fold', 'if flag:\n    n = "a"\nelse:\n    n = "b"\nn', undefined],
    ['a parameter does not fold', 'def f(n):\n    n', undefined],
    ['a string past the size limit does not fold', '"a" * 10**9', undefined],
    ['an unknown \\N{} name does not fold', '"\\N{SNOWMAN}"', undefined],
    ['a conditional expression with a constant test folds to its branch', 'n = "__cla" + "ss__" if True else "x"\nn', '__class__'],
    ['a conditional expression whose branches agree folds', '"a" if flag else "a"', 'a'],
    ['a conditional expression with an unknown test and different branches does not fold', '"a" if flag else "b"', undefined],
    ['a call of a local function folds to what it returns', 'def tpl():\n    return "__cla" + "ss__"\ntpl()', '__class__'],
    ['a local function with different returns does not fold', 'def f(x):\n    if x:\n        return "a"\n    return "b"\nf(1)', undefined],
    ['a recursive local function does not fold', 'def f():\n    return f()\nf()', undefined],
    // A call of a local function with arguments: its parameters bound to what the call passes.
    ['a local function returning its parameter folds to what the call passes', 'def f(x):\n    return x\nf("a")', 'a'],
    ['a call binds its argument to the parameter', 'def f(a):\n    return "__" + a + "__"\nf("class")', '__class__'],
    ['a call leaving out a parameter binds its default', 'def f(a, b="ss__"):\n    return a + b\nf("__cla")', '__class__'],
    ['keyword arguments bind by name', 'def f(a, b):\n    return a + b\nf(b="ss__", a="__cla")', '__class__'],
    ['a keyword-only parameter binds by keyword', 'def f(a, *, b):\n    return a + b\nf("__cla", b="ss__")', '__class__'],
    ['a keyword-only parameter passed by position is an error, not a fold', 'def f(a, *, b):\n    return a + b\nf("__cla", "ss__")', undefined],
    ['an argument that does not fold leaves the parameter unknown', 'def f(a):\n    return "__" + a\nf(input())', undefined],
    ['a parameter the call does not pass and without a default does not fold', 'def f(a):\n    return a\nf()', undefined],
    ['a parameter the body does not read may be anything', 'def f(a, b):\n    return a\nf("k", input())', 'k'],
    ['the statements before the return run with the parameters bound', 'def f(a):\n    x = "__" + a\n    x += "__"\n    return x\nf("class")', '__class__'],
    [
      'a loop over a list argument, unpacking enumerate, accumulating with +=',
      'def build(items):\n    out = ""\n    for i, p in enumerate(items):\n        out += ("." if i else "") + p\n    return "{" + out + "}"\nbuild(["0", "__init__", "__globals__"])',
      '{0.__init__.__globals__}',
    ],
    ['a list argument the body only reads', 'def f(items):\n    return "".join(items)\nf(["__cla", "ss__"])', '__class__'],
    ['a constant test picks the return both paths agree on', 'def f(a, c):\n    if c:\n        return a + "__"\n    return a + "__"\nf("__class", input())', '__class__'],
    ['a call of another local function with arguments, inside', 'def f(a):\n    return g(a + "ss")\ndef g(b):\n    return "__" + b + "__"\nf("cla")', '__class__'],
    ['a method called through an instance binds after self', 'class C:\n    def m(self, a):\n        return "__" + a + "__"\nC().m("class")', '__class__'],
    ['a method called through its class binds self too', 'class C:\n    def m(self, a):\n        return "__" + a + "__"\nC.m(C(), "class")', '__class__'],
    ['a static method binds from the first argument', 'class C:\n    @staticmethod\n    def s(a):\n        return "__" + a + "__"\nC.s("class")', '__class__'],
    ['a parameter the body rebinds does not fold', 'def f(a):\n    a = a + "x"\n    return "__" + a\nf("class")', undefined],
    ['a list argument the body changes does not fold', 'def f(items):\n    items.append("__")\n    return "".join(items)\nf(["__class"])', undefined],
    ['a list argument the body aliases does not fold', 'def f(items):\n    x = items\n    x.append("__")\n    return "".join(items)\nf(["__class"])', undefined],
    ['a mutable default the body changes does not fold', 'def f(a=[]):\n    a.append("x")\n    return "".join(a)\nf()', undefined],
    ['returns that fold differently do not fold', 'def f(a, c):\n    if c:\n        return "__" + a\n    return a\nf("x", True)', undefined],
    ['a body that may end without a return does not fold', 'def f(a):\n    if a:\n        return a\nf("x")', undefined],
    ['a recursive function called with arguments does not fold', 'def f(a):\n    return f(a + "x")\nf("a")', undefined],
    ['a function writing a global does not fold', 'def f(a):\n    global G\n    G = a\n    return a\nf("x")', undefined],
    ['a function whose nested function writes its name with nonlocal does not fold', 'def f(a):\n    out = a\n    def g():\n        nonlocal out\n        out = "z"\n    g()\n    return out\nf("q")', undefined],
    ['*args does not fold', 'def f(*a):\n    return a[0]\nf("x")', undefined],
    ['a decorated function does not fold (the decorator may replace it)', 'def deco(f):\n    return f\n@deco\ndef f(a):\n    return a\nf("x")', undefined],
    ['a local generator joined folds to its items', 'def seg():\n    for w in ("class", "base"):\n        yield "__" + w + "__"\n".".join(seg())', '__class__.__base__'],
    ['a local generator with arguments, listed and joined', 'def seg(a):\n    yield "__"\n    yield a\n    yield "__"\n"".join(list(seg("class")))', '__class__'],
    ['a generator that may stop early does not fold', 'def seg(a):\n    yield "__"\n    if a:\n        return\n    yield a\n"".join(seg("class"))', undefined],

    ['a small factorial folds', 'import math\n"a" * (math.factorial(4) - 21)', 'aaa'],
    ['pow of two and of three arguments folds, a negative exponent as the inverse', '"a" * pow(2, 2) + "b" * pow(3, 5, 7) + "c" * pow(3, -1, 7)', 'aaaabbbbbccccc'],
    ['pow with no inverse does not fold', '"a" * pow(6, -1, 9)', undefined],
    ['a modular pow past the size bound does not fold', '"a" * pow(3, 10 ** 2000, 10 ** 2000 - 7)', undefined],
    ['floats format as Python writes them', 'f"{1e16!r}|{1e-7}|{123456789012345678.0}|{-0.0}|{0.5}|{1e-4}|{2.0}|{1e22}|{0.00001}"', '1e+16|1e-07|1.2345678901234568e+17|-0.0|0.5|0.0001|2.0|1e+22|1e-05'],
    ['a debug field ({x=}) does not fold', 'x = "__class__"\nf"{x=}"', undefined],
    ['f-string fields converted with !r, !a and !s fold as Python converts', 'a = "it\'s"\nb = "x\\\\y"\nf"{a!r}|{b!r}|{None!a}|{\'q\'!s}|{2!r}"', '"it\'s"|\'x\\\\y\'|None|q|2'],
    ['a field converted with !r of text outside printable ASCII does not fold', 'f"{\'é\'!r}"', undefined],
    ['a walrus folds to its value', '"a" * (n := 2)', 'aa'],
    ['len of a string folds', '"a" * len("xyz")', 'aaa'],
    ['len of a tuple and abs fold', '"a" * (len((1, 2)) + abs(-1))', 'aaa'],
    ['len of a list written in place folds', '"a" * len([0, 0])', 'aa'],
    ['len of a name bound to a list does not fold (the list may grow)', 'xs = [1]\nxs.append(2)\n"a" * len(xs)', undefined],
    ['items of a JSON document of a constant, through a name only read', 'import json\ncfg = json.loads(\'{"n": 3, "s": {"a": "__cla", "b": "ss__"}}\')\ncfg["s"]["a"] + cfg["s"]["b"] + "a" * cfg["n"]', '__class__aaa'],
    ['a JSON document whose arrays or objects are read whole, or stored into through an item, does not fold', 'import json\ncfg = json.loads(\'{"s": {"a": "x"}, "n": "y"}\')\nrow = cfg["s"]\ncfg["n"]', undefined],
    ['a JSON document stored into through an item of an item does not fold', 'import json\ncfg = json.loads(\'{"s": {"a": "x"}}\')\ncfg["s"]["a"] = "__class__"\ncfg["s"]["a"]', undefined],
    ['a JSON number written with a fraction does not fold (JSON.parse makes 1.0 an integer)', 'import json\nstr(json.loads("[1.0]")[0])', undefined],
    ['an item of a JSON document the file changes does not fold', 'import json\ncfg = json.loads(\'{"k": "a"}\')\ncfg["k"] = "b"\ncfg["k"]', undefined],
    ['a key a JSON document lacks does not fold', 'import json\njson.loads(\'{"k": "a"}\')["j"]', undefined],
    ['int of text in a base', '"a" * int("0x3", 16) + "b" * int("1_0", 2) + "c" * int("0o3", 0)', 'aaabbccc'],
    ['int of text with leading zeros in base 0 raises: no fold', '"a" * int("010", 0)', undefined],
    ['int.from_bytes of fromhex, big and little endian', '"a" * int.from_bytes(bytes.fromhex("0003"), "big") + "b" * int.from_bytes(b"\\x02\\x00", byteorder="little")', 'aaabb'],
    ['reduce with operator.mul or a lambda, math.prod and sum of integers', 'import functools, math, operator\n"a" * functools.reduce(operator.mul, [1, 3]) + "b" * functools.reduce(lambda x, y: y + x, [1, 1]) + "c" * math.prod((1, 2)) + "d" * sum([1], 1)', 'aaabbccdd'],
    ['sum of strings raises: no fold', 'sum(["a", "b"], "")', undefined],
    ['an item of a dict display the file only reads, in an expression', 'MODES = {"up": "HALF_UP"}\n"ROUND_" + MODES["up"]', 'ROUND_HALF_UP'],
    ['letters picked out of string.ascii_lowercase', 'import string\nabc = string.ascii_lowercase\n"".join(abc[i] for i in (4, 23, 15)) + string.punctuation[-1]', 'exp~'],
    ['str.translate with a table str.maketrans made, also bound to a name', 'import string\nflip = str.maketrans(string.ascii_lowercase, string.ascii_lowercase[::-1])\n"izwrzmh".translate(flip) + "ab-c".translate(str.maketrans("ab", "ba", "-"))', 'radiansbac'],
    ['int.to_bytes, big and little endian', '(7627118).to_bytes(3, "big").decode() + (24942).to_bytes(2, byteorder="little").decode()', 'tanna'],
    ['int.to_bytes of a number too large for its length raises: no fold', '(70000).to_bytes(1, "big").decode()', undefined],
    ['sorted of tuples, and reversed', 'fragments = [(1, "qrt"), (0, "is")]\n"".join(t for _, t in sorted(fragments)) + "".join(sorted("bca", reverse=True))', 'isqrtcba'],
    ['sorted of things Python cannot order does not fold', '"".join(sorted(["a", 1]))', undefined],
    ['a comprehension unpacking pairs', '"".join(a + b for a, b in [("__", "cl"), ("ass", "__")])', '__class__'],
    ['strings ordered by code point in a comparison', '"a" * (("B" < "a") + ("é" > "z") + ("ab" <= "ab"))', 'aaa'],
    ['a list comprehension bound to a name only read', 'fields = [w[::-1] for w in ("ssalc", "__")]\n"".join(fields)', 'class__'],
    ['a list comprehension bound to a name the file changes does not fold', 'fields = [w for w in ("a", "b")]\nfields.append("c")\n"".join(fields)', undefined],
  ];
  for (const [name, source, expected] of cases) {
    test(name, () => assert.equal(folded(source), expected));
  }

  test('calls with arguments nested, fanned out or recursive cost bounded work', () => {
    // A chain of 30 functions each calling the next with an argument, three times over, and a
    // recursive one: folding gives up at its limits, in bounded time.
    const chain = ['def f30(a):\n    return "__" + a'];
    for (let i = 29; i >= 0; i--) chain.push(`def f${i}(a):\n    return f${i + 1}(a + "x") + f${i + 1}(a + "y") + f${i + 1}(a)`);
    const started = performance.now();
    assert.equal(folded(`${chain.join('\n')}\nf0("c")`), undefined);
    assert.equal(folded('def r(a, n):\n    return r(a + a, n) + r(a, n)\nr("x", 1)'), undefined);
    const single = ['def g30(a):\n    return "__" + a'];
    for (let i = 29; i >= 0; i--) single.push(`def g${i}(a):\n    return g${i + 1}(a + "x")`);
    assert.equal(folded(`${single.join('\n')}\ng27("c")`), '__cxxx');
    assert.equal(folded(`${single.join('\n')}\ng0("c")`), undefined);
    assert.ok(performance.now() - started < 5_000);
  });

  test('huge integers keep their size, not their value', () => {
    const { semantics, node } = lastExpression('10 ** 10 ** 10');
    const c = semantics.fold(node);
    assert.equal(c?.t, 'hugeint');
    assert.ok(c?.t === 'hugeint' && c.digits >= 1e10);
  });
});

describe('the strings an item of a dict may be', () => {
  const strings = (source: string): string[] | undefined => {
    const { semantics, node } = lastExpression(source);
    return semantics.foldStrings(node);
  };
  test('a dict stored into through an alias: not known', () => assert.equal(strings('d = {"a": "real"}\ne = d\ne["a"] = "__globals__"\nd["a"]'), undefined));
  test('a dict changed by a method: not known', () => assert.equal(strings('d = {"a": "real"}\nd.update(a="__globals__")\nd["a"]'), undefined));
  test('a dict stored into by its name: each value stored', () => assert.deepEqual(strings('d = {"a": "real"}\nd["a"] = "__globals__"\nd["a"]'), ['real', '__globals__']));
  test('a dict the file only reads: its display', () => assert.deepEqual(strings('d = {"a": "x"}\nfor k in d:\n    print(len(d), d.get(k), k in d)\nd["a"]'), ['x']));
});

describe('folding at the calls of a function', () => {
  const atCalls = (source: string): string[] | undefined => {
    const { semantics, node } = lastExpression(source);
    return semantics.foldStringsAtCalls(node);
  };
  test('a parameter is bound to what each call passes', () => assert.deepEqual(atCalls('def main():\n    render(["{0.", "x}"])\ndef render(parts):\n    "".join(parts)'), ['{0.x}']));
  test('a list parameter the body changes before the read is not bound to what the call passes', () =>
    assert.deepEqual(atCalls('def main():\n    render(["{0."])\ndef render(parts):\n    parts.append("__class__}")\n    "".join(parts)'), []));
  test('more different calls than are folded one by one: not known', () =>
    assert.equal(atCalls('def main():\n    render("a", "1")\n' + Array.from({ length: 65 }, (_, i) => `    render("{0}", "${i}")\n`).join('') + 'def render(*parts):\n    "".join(parts)'), undefined));
});

describe('attributes a class stores on self', () => {
  /** `methodStoresAttribute` of the file's first class for `name`. */
  function stores(source: string, name: string): boolean | undefined {
    const tree = parser.parse(source);
    const syntax = SyntaxTree.fromTree(tree, source);
    tree.delete();
    const semantics = new Semantics(syntax.root, source);
    const cls = syntax.root.namedChildren.find((n) => n.type === 'class_definition');
    if (!cls) throw new Error('no class');
    return semantics.methodStoresAttribute(cls, name);
  }
  const cases: [string, string, string, boolean | undefined][] = [
    ['an assignment in a method', 'class F:\n    def __init__(self):\n        self.f_back = None', 'f_back', true],
    ['a typed first parameter', 'class F:\n    def __init__(self: "F"):\n        self.f_back = None', 'f_back', true],
    ['an assignment in a decorated method, whatever the parameter is called', 'class F:\n    @property\n    def p(me):\n        me.n = 1', 'n', true],
    ['a `for` target in a method', 'class F:\n    def m(self):\n        for self.n in range(3):\n            pass', 'n', true],
    ['a store from a function nested in the method', 'class F:\n    def m(self):\n        def inner():\n            self.f_back = 1\n        inner()', 'f_back', true],
    ['another attribute name', 'class F:\n    def __init__(self):\n        self.f_back = None', 'gi_frame', false],
    ['a store on another parameter', 'class F:\n    def m(self, other):\n        other.f_back = None', 'f_back', false],
    ["a nested class's own self", 'class F:\n    def m(self):\n        class G:\n            def n(self):\n                self.f_back = 1', 'f_back', false],
    ['a function outside the class', 'def m(self):\n    self.f_back = 1\nclass F:\n    pass', 'f_back', false],
    ['a `self` rebound in the method is still its parameter elsewhere', 'class F:\n    def m(self):\n        self = object()\n        self.f_back = 1', 'f_back', true],
    ['too many stores of the name to tell', `class F:\n    pass\n${'o.f_back = 1\n'.repeat(65)}`, 'f_back', undefined],
  ];
  for (const [name, source, attribute, expected] of cases) {
    test(name, () => assert.equal(stores(source, attribute), expected));
  }
});

describe('many values of one name', () => {
  // Past 16 values an answer is deduplicated by a key per constant: the JSON text of a bytes
  // constant or a sequence (made without the bigint replacer when none is in it). Equal constants
  // are one value, in the order first met; sequences of equal ints but a different kind are not.
  test('equal bytes, strings and sequences (ints included) are one value each', () => {
    const bindings = [
      "b'ab'", "b'cd'", "b'ab'", "'ab'", '(1, 2) + ()', '[1, 2] + []', '(1, 2) + ()', "b'ab'", '(1, 3) + ()', "'ab'",
      "b'cd'", '(1, 2) + ()', "(1, b'ab') + ()", "(1, b'ab') + ()", '(10 ** 30, 2) + ()', '(10 ** 30, 2) + ()', "b''", "b'ab'", "'ab'", "b'cd'",
    ];
    const source = `${bindings.map((b, i) => `if c${i}:\n    x = ${b}`).join('\n')}\nx\n`;
    const { semantics, node } = lastExpression(source);
    const values = semantics.resolve(node).map((v) => (v.kind === 'const' ? JSON.stringify(v.value, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)) : v.kind));
    assert.deepEqual(values, [
      '{"t":"bytes","v":[97,98]}',
      '{"t":"bytes","v":[99,100]}',
      '{"t":"str","v":"ab"}',
      '{"t":"seq","kind":"tuple","items":[{"t":"int","v":"1n"},{"t":"int","v":"2n"}]}',
      '{"t":"seq","kind":"list","items":[{"t":"int","v":"1n"},{"t":"int","v":"2n"}]}',
      '{"t":"seq","kind":"tuple","items":[{"t":"int","v":"1n"},{"t":"int","v":"3n"}]}',
      '{"t":"seq","kind":"tuple","items":[{"t":"int","v":"1n"},{"t":"bytes","v":[97,98]}]}',
      '{"t":"seq","kind":"tuple","items":[{"t":"int","v":"1000000000000000000000000000000n"},{"t":"int","v":"2n"}]}',
      '{"t":"bytes","v":[]}',
    ]);
  });
});
