import type { Node } from '../../parser';
import type { Range } from '../../engine/types';
import { normalizeIdentifier } from '../../semantics';
import type { Rule, RuleContext } from '../types';

/** The anonymous keyword token of `node` (`async`, `await`, `match`, ...), if it has one. */
function token(node: Node, type: string): Node | undefined {
  for (const child of node.children) if (child && !child.isNamed && child.type === type) return child;
  return undefined;
}

/** From the start of one node to the end of another: `async def name`, `except*`. */
function span(context: RuleContext, from: Node, to: Node): Range {
  return { start: context.rangeOf(from).start, end: context.rangeOf(to).end };
}

/**
 * `(obj.size) *= 2` targets `obj.size`; tree-sitter wraps it in a one-element `tuple_pattern`
 * (a real tuple cannot be an augmented-assignment target in Python).
 */
function unparenthesized(node: Node): Node {
  let n = node;
  while ((n.type === 'parenthesized_expression' || n.type === 'tuple_pattern') && n.namedChildCount === 1 && n.namedChild(0)) n = n.namedChild(0)!;
  return n;
}

export const unsupportedSyntax: Rule = {
  meta: {
    code: 'PC703',
    name: 'unsupported-syntax',
    summary: 'Syntax RestrictedPython forbids or does not know: `nonlocal`, async code, `except*`, `match`, annotated assignment, `...`, star imports, `metaclass=`',
    defaultSeverity: 'error',
    docs: {
      what: 'The constructs RestrictedPython 8.x refuses to compile, each reported with the transformer method it mirrors: `nonlocal` (`visit_Nonlocal`); `async def`, `await`, `async for`, `async with` and async comprehensions (`visit_AsyncFunctionDef` and friends); `except*` (`visit_TryStar`); augmented assignment to an attribute or an item (`visit_AugAssign`: `obj.count += 1`, `totals[k] += 1`); the `...` literal (`visit_Constant`); `from m import *` (`check_import_names`); `metaclass=` in a class statement (`visit_ClassDef`); a call to a name `exec` or `eval`, whatever it is bound to (`visit_Call`; PC301 reports the builtins themselves); and syntax the transformer has no `visit_` method for, which its `generic_visit` rejects (deny by default): `match`, `type X = ...`, type parameters (`def f[T]`, `class C[T]`) and annotated assignment (`x: int = 1`). A walrus whose target is not a plain name is refused too, but tree-sitter only parses names there, as Python does. Off in `strict`; on in `restrictedpython` and `audit`.',
      why: 'RestrictedPython\'s safety rests on rewriting attribute access, item access, writes and iteration into calls of guards the host supplies, and on refusing what it has not reviewed (its `generic_visit` denies unknown node types, so new syntax is not trusted before review). Each construct here escapes the rewrite or was never reviewed: `obj.x += 1` and `d[k] += 1` would write without the `_write_` guard; `from m import *` can bind `_`-names that replace guards; RestrictedPython builds every class with the host\'s `__metaclass__`, which `metaclass=` would replace; `except*` was withdrawn as a sandbox escape (CVE-2025-22153, a type confusion in exception groups); `match` class patterns read attributes without `_getattr_` (`case str(__class__=c)`); `nonlocal` and async code are refused outright. Code that uses any of them does not compile under RestrictedPython, so a plugin meant for it should not contain them.',
      example: 'async def fetch():\n    await host.load()\nclass Counter:\n    def bump(self):\n        self.count += 1\nmatch event:\n    case {"kind": k}:\n        pass',
      instead: 'Write the plain form RestrictedPython knows: `def` instead of `async def`, `self.count = self.count + 1`, `if`/`elif` instead of `match`, a plain assignment instead of an annotated one, `pass` instead of `...`.',
      references: ['RestrictedPython `transformer.py`: `generic_visit`, `visit_Nonlocal`, `visit_AsyncFunctionDef`, `visit_TryStar`, `visit_AugAssign`, `visit_Constant`, `visit_ClassDef`, `visit_Call`, `check_import_names`'],
    },
  },
  create(context) {
    const { policy, semantics } = context;
    const report = (where: Node | Range, what: string, mirror: string): void => {
      const message = `${what} is not allowed by policy '${policy.name}' (RestrictedPython: ${mirror})`;
      if ('startIndex' in where) context.report({ node: where, message });
      else context.report({ range: where, message });
    };
    return {
      nonlocal_statement(node) {
        report(token(node, 'nonlocal') ?? node, "'nonlocal'", 'visit_Nonlocal');
      },
      function_definition(node) {
        const async = token(node, 'async');
        const name = node.childForFieldName('name');
        if (async && name) report(span(context, async, name), "'async def'", 'visit_AsyncFunctionDef');
        const typeParams = node.childForFieldName('type_parameters');
        if (typeParams) report(typeParams, 'a type parameter list', 'no visit_TypeVar, so generic_visit rejects it');
      },
      class_definition(node) {
        const typeParams = node.childForFieldName('type_parameters');
        if (typeParams) report(typeParams, 'a type parameter list', 'no visit_TypeVar, so generic_visit rejects it');
        for (const arg of node.childForFieldName('superclasses')?.namedChildren ?? []) {
          if (arg?.type !== 'keyword_argument') continue;
          const key = arg.childForFieldName('name');
          if (key && normalizeIdentifier(key.text) === 'metaclass') report(arg, "'metaclass='", 'visit_ClassDef');
        }
      },
      await(node) {
        report(token(node, 'await') ?? node, "'await'", 'visit_Await');
      },
      for_statement(node) {
        const async = token(node, 'async');
        const keyword = token(node, 'for');
        if (async && keyword) report(span(context, async, keyword), "'async for'", 'visit_AsyncFor');
      },
      with_statement(node) {
        const async = token(node, 'async');
        const keyword = token(node, 'with');
        if (async && keyword) report(span(context, async, keyword), "'async with'", 'visit_AsyncWith');
      },
      for_in_clause(node) {
        const async = token(node, 'async');
        const keyword = token(node, 'for');
        // Python compiles it only inside `async def`, which the transformer refuses.
        if (async && keyword) report(span(context, async, keyword), "an 'async for' comprehension", "only inside 'async def', which visit_AsyncFunctionDef refuses");
      },
      except_clause(node) {
        const star = token(node, '*');
        const keyword = token(node, 'except');
        if (star && keyword) report(span(context, keyword, star), "'except*'", 'visit_TryStar');
      },
      augmented_assignment(node) {
        const left = node.childForFieldName('left');
        const target = left ? unparenthesized(left) : undefined;
        // `n += 1` is rewritten to a guarded call; attribute and item targets would skip `_write_`.
        if (target?.type === 'attribute') report(node, 'augmented assignment to an attribute', 'visit_AugAssign');
        else if (target?.type === 'subscript') report(node, 'augmented assignment to an item or slice', 'visit_AugAssign');
      },
      assignment(node) {
        const left = node.childForFieldName('left');
        const type = node.childForFieldName('type');
        if (left && type) report(span(context, left, type), 'annotated assignment', 'no visit_AnnAssign, so generic_visit rejects it');
      },
      match_statement(node) {
        report(token(node, 'match') ?? node, "'match'", 'no visit_Match, so generic_visit rejects it');
      },
      type_alias_statement(node) {
        report(node, "a 'type' alias", 'no visit_TypeAlias, so generic_visit rejects it');
      },
      ellipsis(node) {
        report(node, "'...' (Ellipsis)", 'visit_Constant');
      },
      wildcard_import(node) {
        report(node, "'import *'", 'check_import_names');
      },
      call(node) {
        const callee = node.childForFieldName('function');
        // `(eval)("1")` is a plain Name call to Python's parser, as to RestrictedPython.
        const fn = callee ? unparenthesized(callee) : undefined;
        if (fn?.type !== 'identifier') return;
        const name = normalizeIdentifier(fn.text);
        if (name !== 'exec' && name !== 'eval') return;
        // PC301 reports the builtins (through aliases too); this covers a shadowed name, which
        // RestrictedPython refuses just the same because it only looks at the name.
        if (context.isEnabled('PC301') && semantics.isBuiltinReference(fn)) return;
        report(fn, `a call to a function named '${name}'`, 'visit_Call');
      },
    };
  },
  tests: {
    valid: [
      { preset: 'restrictedpython', code: 'def outer():\n    count = 0\n    def inner():\n        return count + 1\n    return inner()' },
      { preset: 'restrictedpython', code: 'total = 0\nfor n in numbers:\n    total += n\nitems = items + [total]', note: 'augmented assignment to a plain name is rewritten, not refused' },
      { preset: 'restrictedpython', code: 'def area(w: float, h: float) -> float:\n    return w * h', note: 'parameter and return annotations are expressions RestrictedPython visits' },
      { preset: 'restrictedpython', code: 'from math import sqrt, pi\nclass Shape(Base):\n    pass' },
      { preset: 'restrictedpython', code: 'match = pattern.match(text)\ntype = "circle"\nresult = evaluate(expr)', note: 'soft keywords used as names; `evaluate` is not `eval`' },
      { preset: 'restrictedpython', code: 'if (n := len(items)) > 3:\n    pass\ngen = (x for x in items)', note: 'walrus to a name (RestrictedPython 5.1+)' },
    ],
    invalid: [
      {
        preset: 'restrictedpython',
        code: 'def counter():\n    n = 0\n    def bump():\n        nonlocal n\n        n = n + 1',
        errors: [{ range: '4:9-4:17', message: "'nonlocal' is not allowed by policy 'restrictedpython' (RestrictedPython: visit_Nonlocal)" }],
      },
      {
        preset: 'restrictedpython',
        code: 'async def fetch(host):\n    async with host.session() as s:\n        async for row in s.rows():\n            await s.send(row)\n    return [r async for r in host.stream()]',
        errors: [
          { range: '1:1-1:16', message: "'async def' is not allowed by policy 'restrictedpython' (RestrictedPython: visit_AsyncFunctionDef)" },
          { range: '2:5-2:15', message: "'async with' is not allowed by policy 'restrictedpython' (RestrictedPython: visit_AsyncWith)" },
          { range: '3:9-3:18', message: "'async for' is not allowed by policy 'restrictedpython' (RestrictedPython: visit_AsyncFor)" },
          { range: '4:13-4:18', message: "'await' is not allowed by policy 'restrictedpython' (RestrictedPython: visit_Await)" },
          { range: '5:15-5:24', message: "an 'async for' comprehension is not allowed by policy 'restrictedpython' (RestrictedPython: only inside 'async def', which visit_AsyncFunctionDef refuses)" },
        ],
      },
      {
        preset: 'restrictedpython',
        code: 'try:\n    run()\nexcept* ValueError:\n    pass',
        errors: [{ range: '3:1-3:8', message: "'except*' is not allowed by policy 'restrictedpython' (RestrictedPython: visit_TryStar)" }],
      },
      {
        preset: 'restrictedpython',
        code: 'self.count += 1\ntotals[key] -= amount\n(obj.size) *= 2',
        errors: [
          { range: '1:1-1:16', message: "augmented assignment to an attribute is not allowed by policy 'restrictedpython' (RestrictedPython: visit_AugAssign)" },
          { range: '2:1-2:22', message: "augmented assignment to an item or slice is not allowed by policy 'restrictedpython' (RestrictedPython: visit_AugAssign)" },
          { range: '3:1-3:16', message: "augmented assignment to an attribute is not allowed by policy 'restrictedpython' (RestrictedPython: visit_AugAssign)" },
        ],
      },
      {
        preset: 'restrictedpython',
        code: 'match event:\n    case {"kind": k}:\n        pass',
        errors: [{ range: '1:1-1:6', message: "'match' is not allowed by policy 'restrictedpython' (RestrictedPython: no visit_Match, so generic_visit rejects it)" }],
      },
      {
        preset: 'restrictedpython',
        code: 'type Pair = tuple[int, int]\ndef first[T](items: list[T]) -> T:\n    return items[0]\nclass Box[T]:\n    pass',
        errors: [
          { range: '1:1-1:28', message: "a 'type' alias is not allowed by policy 'restrictedpython' (RestrictedPython: no visit_TypeAlias, so generic_visit rejects it)" },
          { range: '2:10-2:13', message: "a type parameter list is not allowed by policy 'restrictedpython' (RestrictedPython: no visit_TypeVar, so generic_visit rejects it)" },
          { range: '4:10-4:13', message: "a type parameter list is not allowed by policy 'restrictedpython' (RestrictedPython: no visit_TypeVar, so generic_visit rejects it)" },
        ],
      },
      {
        preset: 'restrictedpython',
        code: 'limit: int = 10\nclass Point:\n    x: float',
        errors: [
          { range: '1:1-1:11', message: "annotated assignment is not allowed by policy 'restrictedpython' (RestrictedPython: no visit_AnnAssign, so generic_visit rejects it)" },
          { range: '3:5-3:13', message: "annotated assignment is not allowed by policy 'restrictedpython' (RestrictedPython: no visit_AnnAssign, so generic_visit rejects it)" },
        ],
      },
      {
        preset: 'restrictedpython',
        code: 'def todo():\n    ...\nfrom helpers import *',
        errors: [
          { range: '2:5-2:8', message: "'...' (Ellipsis) is not allowed by policy 'restrictedpython' (RestrictedPython: visit_Constant)" },
          { range: '3:21-3:22', message: "'import *' is not allowed by policy 'restrictedpython' (RestrictedPython: check_import_names)" },
        ],
      },
      {
        preset: 'restrictedpython',
        code: 'from abc import ABCMeta\nclass Shape(metaclass=ABCMeta):\n    pass',
        errors: [{ range: '2:13-2:30', message: "'metaclass=' is not allowed by policy 'restrictedpython' (RestrictedPython: visit_ClassDef)" }],
        note: 'even a harmless metaclass, which PC403 accepts',
      },
      {
        preset: 'restrictedpython',
        code: 'def eval(expr):\n    return expr\nvalue = eval("1 + 1")\nexec("x = 1")\n(eval)("2")',
        errors: [
          { range: '3:9-3:13', message: "a call to a function named 'eval' is not allowed by policy 'restrictedpython' (RestrictedPython: visit_Call)" },
          { range: '4:1-4:5', message: "a call to a function named 'exec' is not allowed by policy 'restrictedpython' (RestrictedPython: visit_Call)" },
          { range: '5:2-5:6', message: "a call to a function named 'eval' is not allowed by policy 'restrictedpython' (RestrictedPython: visit_Call)" },
        ],
        note: 'run alone; under the full rule set PC301 reports the builtin exec and this rule only the shadowed eval',
      },
    ],
  },
};
