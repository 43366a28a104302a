import type { Node } from '../../parser';
import { normalizeIdentifier } from '../../semantics';
import { positionalArguments } from '../../semantics/syntax';
import type { Rule, RuleContext } from '../types';
import { codeChildren, loopExit, loopHeaderEnd, truthiness } from './controlFlow';
import { comprehensionSize, iterationSize } from './iterables';
import { formatCount, shortText } from './magnitudes';

/** Calls that read their iterable argument to the end (index of the iterable). */
const CONSUMERS: Record<string, number> = {
  'builtins.list': 0,
  'builtins.tuple': 0,
  'builtins.set': 0,
  'builtins.frozenset': 0,
  'builtins.sorted': 0,
  'builtins.dict': 0,
  'builtins.bytes': 0,
  'builtins.bytearray': 0,
  'builtins.sum': 0,
  'builtins.max': 0,
  'builtins.min': 0,
  'builtins.dict.fromkeys': 0,
  'collections.deque': 0,
  'collections.Counter': 0,
  'collections.OrderedDict': 0,
  'math.fsum': 0,
  'math.prod': 0,
  'functools.reduce': 1,
  'statistics.mean': 0,
  'statistics.fmean': 0,
  'statistics.median': 0,
  'statistics.median_low': 0,
  'statistics.median_high': 0,
  'statistics.mode': 0,
  'statistics.multimode': 0,
  'statistics.stdev': 0,
  'statistics.pstdev': 0,
  'statistics.variance': 0,
  'statistics.pvariance': 0,
  'statistics.geometric_mean': 0,
  'statistics.harmonic_mean': 0,
  'statistics.quantiles': 0,
  'array.array': 1,
};

/** Consumers that only compute (no container): their cost is time, judged by `max-iterations`. */
const REDUCERS = new Set([
  'builtins.sum', 'builtins.max', 'builtins.min', 'math.fsum', 'math.prod', 'functools.reduce',
  'statistics.mean', 'statistics.fmean', 'statistics.median', 'statistics.median_low', 'statistics.median_high', 'statistics.mode', 'statistics.multimode',
  'statistics.stdev', 'statistics.pstdev', 'statistics.variance', 'statistics.pvariance', 'statistics.geometric_mean', 'statistics.harmonic_mean', 'statistics.quantiles',
]);

/** Arguments reported on their own, so the consumer around them is not reported again. */
function isReportedInside(context: RuleContext, node: Node | undefined): boolean {
  if (!node) return false;
  if (node.type === 'list_comprehension' || node.type === 'set_comprehension' || node.type === 'dictionary_comprehension') return true;
  if (node.type !== 'call') return false;
  const fn = node.childForFieldName('function');
  return !!fn && context.semantics.qualifiedNames(fn).some((q) => q in CONSUMERS);
}

export const unboundedLoop: Rule = {
  meta: {
    code: 'PC603',
    name: 'unbounded-loop',
    summary: 'A loop or a consuming call that never ends, or runs more iterations than the policy allows',
    defaultSeverity: 'error',
    docs: {
      what:
        '`while True`, `while 1` or any constantly true condition (`while not False`, `while 1 == 1`, a name bound only to `True`) whose body has no reachable way out: no `break` of this loop (one in a nested loop does not count), no `return`, no `raise` that leaves the loop (one caught by a `try` in the loop does not count, so `try: ... except: continue` stays infinite), no `yield`, no `sys.exit()`; code in nested functions and branches behind a constant-false test do not count. ' +
        '`for` over an endless iterator — `itertools.count()`, `itertools.cycle(x)`, one-argument `itertools.repeat(x)`, `iter(int, 1)` and other two-argument `iter` whose sentinel can never come, a local generator that loops forever, and anything wrapping them (`enumerate`, `map`, `zip` of endless iterators, `takewhile` with an always-true predicate) — with no way out. ' +
        'Calls and comprehensions that read an endless iterator to the end (`list(itertools.count())`, `sum(itertools.cycle([1]))`, `[x for x in itertools.count()]`); `for` loops without a way out and reducing calls (`sum`, `max`, `min`, `math.prod`, `math.fsum`, `functools.reduce`, the `statistics` functions) over more than `limits.max-iterations` items (`sum(range(10**12))`).',
      why:
        'Resource exhaustion is the first threat of the PyCon 2014 talk: a plugin that never returns holds the host\'s worker for ever, and a loop that catches its own failures (`while True: try: ... except: continue`) also swallows the exception a host raises to stop it. A `while True` that starts a thread on every turn exhausts the host\'s process table as well.',
      example: 'while True:\n    pass\n\nimport itertools\nfor i in itertools.count():\n    print(i)\n\ntotal = sum(range(10 ** 12))',
      instead: 'Loop over a bounded range or give the loop a reachable `break`; bound endless iterators with `itertools.islice` or `zip` with a finite sequence.',
    },
  },
  create(context) {
    const { policy } = context;
    const maxIterations = policy.limits.maxIterations;
    const header = (loop: Node) => ({ start: context.rangeOf(loop).start, end: context.rangeOf(loopHeaderEnd(loop) ?? loop).end });
    const comprehension = (node: Node): void => {
      const size = comprehensionSize(context, node, 0);
      if (size?.endless) {
        context.report({ node, message: `'${shortText(node)}' reads an endless iterator to the end; it never finishes; not allowed by policy '${policy.name}'` });
      }
    };
    return {
      while_statement(node) {
        if (truthiness(context, node.childForFieldName('condition')) !== true) return;
        if (loopExit(context, node, true)) return;
        const condition = node.childForFieldName('condition');
        context.report({
          range: header(node),
          message: `'while ${shortText(condition ?? node, 20)}' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy '${policy.name}'`,
        });
      },
      for_statement(node) {
        const iterable = node.childForFieldName('right');
        const size = iterationSize(context, iterable);
        if (!size || !iterable) return;
        if (size.endless) {
          if (loopExit(context, node, true)) return;
          context.report({
            range: header(node),
            message: `'for' over the endless iterator '${shortText(iterable)}' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy '${policy.name}'`,
          });
          return;
        }
        // Combinatoric iterators over the allocation limit are PC602's.
        if (size.combinatoric || size.count === undefined || size.count <= maxIterations) return;
        if (loopExit(context, node, true)) return;
        context.report({
          range: header(node),
          message: `'for' over '${shortText(iterable)}' runs about ${formatCount(size.count)} iterations, more than the limit of ${formatCount(maxIterations)}; not allowed by policy '${policy.name}'`,
        });
      },
      call(node) {
        const fn = node.childForFieldName('function');
        if (!fn) return;
        let index: number | undefined;
        let reducer = false;
        const names = context.semantics.qualifiedNames(fn);
        for (const q of names) {
          if (q in CONSUMERS) {
            index = CONSUMERS[q];
            reducer = REDUCERS.has(q);
            if (q === 'collections.deque' && node.childForFieldName('arguments')?.namedChildren.some((c) => c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === 'maxlen')) return;
            break;
          }
        }
        // `"".join(it)` reads `it` to the end as well.
        if (index === undefined && fn.type === 'attribute' && normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '') === 'join') {
          const receiver = fn.childForFieldName('object');
          if (receiver && context.semantics.fold(receiver)?.t === 'str') index = 0;
        }
        if (index === undefined) return;
        const arg = positionalArguments(node)[index];
        if (!arg || isReportedInside(context, arg)) return;
        const size = iterationSize(context, arg);
        if (!size) return;
        if (size.endless) {
          context.report({ node, message: `'${shortText(node)}' reads an endless iterator to the end; it never returns; not allowed by policy '${policy.name}'` });
        } else if (reducer && !size.combinatoric && size.count !== undefined && size.count > maxIterations) {
          context.report({
            node,
            message: `'${shortText(node)}' iterates about ${formatCount(size.count)} times, more than the limit of ${formatCount(maxIterations)}; not allowed by policy '${policy.name}'`,
          });
        }
      },
      list_comprehension: comprehension,
      set_comprehension: comprehension,
      dictionary_comprehension: comprehension,
    };
  },
  tests: {
    valid: [
      'while True:\n    line = next_line()\n    if not line:\n        break',
      'while 1 < 0:\n    pass',
      'n = 3\nwhile n != 0:\n    n -= 1',
      'done = False\nwhile not done:\n    done = step()',
      'import itertools\nfirst = list(itertools.islice(itertools.count(), 10))',
      'import itertools\nfor i, item in zip(itertools.count(), items):\n    print(i, item)',
      'def ticks():\n    n = 0\n    while True:\n        yield n\n        n += 1',
      'def serve():\n    while 1:\n        request = wait()\n        if request is None:\n            return\n        handle(request)',
      'while True:\n    try:\n        value = int(read())\n    except ValueError:\n        continue\n    break',
      { code: 'while 1:\n    n = n - 1\n    if n == 0: break', note: 'Python 2 style' },
      'for i in range(10 ** 6):\n    total += i',
      'import itertools\nfor i in itertools.count():\n    if i > 10:\n        raise StopIteration',
      "import itertools\nsmall = list(itertools.takewhile(lambda v: v < 10, itertools.count()))",
    ],
    invalid: [
      {
        code: 'while True:\n    pass',
        errors: [{ range: '1:1-1:11', message: "'while True' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'while 1 == 1:\n    pass',
        errors: [{ range: '1:1-1:13', message: "'while 1 == 1' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
        note: 'a comparison of constants folds',
      },
      {
        code: 'while "go" in "going":\n    if 1 > 2:\n        break',
        errors: [{ range: '1:1-1:22', message: "'while \"go\" in \"going\"' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
        note: 'the break sits behind a constantly false test',
      },
      {
        code: 'while 1:\n    for x in items:\n        if x:\n            break',
        note: "the break belongs to the inner loop",
        errors: [{ range: '1:1-1:8', message: "'while 1' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'def spin():\n    spin()\nwhile True:\n    try:\n        spin()\n    except RecursionError:\n        continue',
        errors: [{ range: '3:1-3:11', message: "'while True' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'while True:\n    try:\n        raise ValueError("again")\n    except Exception:\n        continue',
        note: 'the raise is caught inside the loop',
        errors: [{ range: '1:1-1:11', message: "'while True' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'while True:\n    def stop():\n        return\n    if False:\n        break',
        errors: [{ range: '1:1-1:11', message: "'while True' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'from itertools import count as c\nfor i in c(1):\n    print i',
        note: 'Python 2 print',
        errors: [{ range: '2:1-2:14', message: "'for' over the endless iterator 'c(1)' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'for _ in iter(int, 1):\n    work()',
        errors: [{ range: '1:1-1:22', message: "'for' over the endless iterator 'iter(int, 1)' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'def ticks():\n    while True:\n        yield 1\nfor t in enumerate(ticks()):\n    pass',
        errors: [{ range: '4:1-4:28', message: "'for' over the endless iterator 'enumerate(ticks())' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'import itertools\nevery = list(itertools.cycle("ab"))',
        errors: [{ range: '2:9-2:36', message: "'list(itertools.cycle(\"ab\"))' reads an endless iterator to the end; it never returns; not allowed by policy 'strict'" }],
      },
      {
        code: 'import itertools\nsquares = [n * n for n in itertools.count()]',
        errors: [{ range: '2:11-2:45', message: "'[n * n for n in itertools.count()]' reads an endless iterator to the end; it never finishes; not allowed by policy 'strict'" }],
      },
      {
        code: 'total = sum(range(10 ** 12))',
        errors: [{ range: '1:9-1:29', message: "'sum(range(10 ** 12))' iterates about 1000000000000 times, more than the limit of 100000000; not allowed by policy 'strict'" }],
      },
      {
        code: 'ｒｕｎｎｉｎｇ = True\nwhile ｒｕｎｎｉｎｇ:\n    tick()',
        errors: [{ range: '2:1-2:14', message: "'while ｒｕｎｎｉｎｇ' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'strict'" }],
      },
      {
        code: "import itertools\nfirsts = list(itertools.takewhile(lambda v: True, itertools.count()))",
        errors: [{ range: "2:10-2:70", message: "'list(itertools.takewhile(lambda v: Tr...' reads an endless iterator to the end; it never returns; not allowed by policy 'strict'" }],
        note: "a predicate that is always true stops nothing",
      },
      {
        code: "import statistics\nmid = statistics.median(range(10 ** 12))",
        errors: [{ range: "2:7-2:41", message: "'statistics.median(range(10 ** 12))' iterates about 1000000000000 times, more than the limit of 100000000; not allowed by policy 'strict'" }],
        note: "statistics reads every item",
      },
    ],
  },
};
