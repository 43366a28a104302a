import type { Node } from '../../parser';
import { isWithinModule, normalizeIdentifier, valuesAlwaysReturned, type Binding } from '../../semantics';
import { twoParameterOperator } from '../../semantics/fold';
import { codeChildren, keywordArgument, positionalArguments } from '../../semantics/syntax';
import type { Rule, RuleContext } from '../types';
import { isMadeBy } from '../shared/madeBy';
import { formatPower, loopGrowths } from './loopGrowth';
import { iterationSize } from './iterables';
import { recursiveValue } from './recursiveGrowth';
import { exactConversionDigits, formatCount, magnitudeOf, POWER_FUNCTIONS, powerDigits, shiftDigits, shortText, soleParameter, type Magnitude } from './magnitudes';

const SHIFTS = new Set(['operator.lshift', 'operator.__lshift__', 'operator.ilshift', 'operator.__ilshift__']);

/** `lambda a, b: a * b` (either order): `operator.mul` written out. */
function isProductLambda(node: Node): boolean {
  return node.type === 'lambda' && twoParameterOperator(node) === '*';
}

/** Functions whose cost is one multiplication per factor, and how many factors a call has. */
const FACTOR_COUNTS: Record<string, (args: (Magnitude | undefined)[], argc: number) => number | undefined> = {
  'math.factorial': ([n]) => (n?.isInt ? n.abs : undefined),
  // comb(n, k) multiplies min(k, n - k) factors; perm(n, k) multiplies k (n without k).
  'math.comb': ([n, k]) => (n?.isInt && k?.isInt ? Math.min(k.abs, Math.max(0, n.abs - k.abs)) : undefined),
  'math.perm': ([n, k], argc) => (argc < 2 ? (n?.isInt ? n.abs : undefined) : n?.isInt && k?.isInt ? Math.min(k.abs, n.abs) : undefined),
};

/** Digits of a binary integer operation whose operands are sizes, or undefined when not an integer op. */
function operationDigits(op: string, left: Magnitude, right: Magnitude): number | undefined {
  if (!left.isInt || !right.isInt) return undefined;
  switch (op) {
    case '**':
      return powerDigits(left, right);
    case '<<':
      return shiftDigits(left, right);
    case '*':
      return left.digits !== undefined && right.digits !== undefined ? left.digits + right.digits - 1 : undefined;
  }
  return undefined;
}

/** Calls whose result is an integer. */
const INTEGER_MAKERS = new Set(['builtins.int', 'builtins.len', 'builtins.ord', 'builtins.hash', 'int.from_bytes', 'builtins.int.from_bytes', 'random.getrandbits', 'random.randrange', 'random.randint', 'secrets.randbits', 'secrets.randbelow']);

/** Methods of a `random.Random` that give integers. */
const RANDOM_INTEGERS = new Set(['getrandbits', 'randrange', 'randint']);

/** Whether an annotation is the builtin `int` (as written: `int`, not a string or `typing` alias). */
function annotatedInt(context: RuleContext, annotation: Node | null | undefined): boolean {
  const type = annotation?.type === 'type' ? annotation.namedChild(0) : annotation;
  return type?.type === 'identifier' && context.semantics.qualifiedNames(type).includes('builtins.int');
}

/** Whether `node` is (a name bound once to) a call that makes an integer: `int(text, 16)`, `len(xs)`. */
function madeAsInteger(context: RuleContext, node: Node): boolean {
  let n: Node | null = node;
  for (let guard = 0; n && guard < 8; guard++) {
    if (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChild(0);
    else if (n.type === 'identifier') {
      const bindings = context.semantics.bindingsOf(n);
      const only = bindings.length === 1 && !bindings[0].subjectPath ? bindings[0] : undefined;
      // `for k in range(1, n + 1)`: every value is an integer.
      if (only?.kind === 'for' && only.elementOf?.type === 'call') {
        const over = only.elementOf.childForFieldName('function');
        return !!over && context.semantics.qualifiedNames(over).includes('builtins.range');
      }
      // `def sign(message: int)`: a parameter its function declares an integer.
      if (only?.kind === 'param') return annotatedInt(context, only.node.parent?.childForFieldName('type'));
      n = only?.kind === 'assign' ? (only.value ?? null) : null;
    } else if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      if (!fn) return false;
      if (context.semantics.qualifiedNames(fn).some((q) => INTEGER_MAKERS.has(q))) return true;
      // `digest_to_int(data)` of `def digest_to_int(data: bytes) -> int`: functions of the file
      // that declare they return an integer (an honest plugin's annotation; a false one only
      // makes a huge power of its result reported).
      const callees = context.semantics.resolve(fn);
      if (callees.length > 0 && callees.every((c) => c.kind === 'function' && annotatedInt(context, c.node.childForFieldName('return_type')))) return true;
      // `rng.getrandbits(64)`, `rng.randrange(...)` of `rng = random.Random(seed)`.
      const method = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
      const receiver = fn.type === 'attribute' ? fn.childForFieldName('object') : null;
      return !!method && RANDOM_INTEGERS.has(method) && !!receiver && isMadeBy(context, receiver, (q) => q === 'random.Random' || q === 'random.SystemRandom');
    } else return false;
  }
  return false;
}

/**
 * `pow(b, e, m)` inside a function whose parameter `m` defaults to None, is read nowhere else in
 * the body (no test, no rebinding) and is left at that default by a call of the file: the digits
 * of `b ** e` for the largest such call, with `b` and `e` as that call gives them (a parameter:
 * its argument there, or its default).
 */
function noneModulusDigits(context: RuleContext, args: Node[]): number | undefined {
  const modulus = args[2];
  if (modulus?.type !== 'identifier') return undefined;
  const [binding, ...others] = context.semantics.bindingsOf(modulus);
  if (!binding || others.length || binding.kind !== 'param' || !binding.value || context.semantics.fold(binding.value)?.t !== 'none') return undefined;
  const fn = binding.scope.node;
  const name = normalizeIdentifier(modulus.text);
  let mentions = 0;
  const stack = [fn.childForFieldName('body') ?? fn];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'identifier' && normalizeIdentifier(n.text) === name && ++mentions > 1) return undefined;
    stack.push(...codeChildren(n));
  }
  const paramOf = (n: Node): Binding | undefined => {
    const param = soleParameter(context, n);
    return param?.scope.node.id === fn.id ? param : undefined;
  };
  const [baseParam, exponentParam] = [paramOf(args[0]), paramOf(args[1])];
  const wanted = [binding, ...(baseParam ? [baseParam] : []), ...(exponentParam ? [exponentParam] : [])];
  let largest: number | undefined;
  for (const site of context.semantics.argumentsAtCalls(fn, wanted) ?? []) {
    // Left at its default (the map gives the default then), or passed None.
    const given = site.get(binding);
    if (given && given !== binding.value && context.semantics.fold(given)?.t !== 'none') continue;
    const sized = (node: Node, param: Binding | undefined): Magnitude | undefined => {
      if (!param) return magnitudeOf(context, node);
      const given = site.get(param) ?? param.value;
      return given ? magnitudeOf(context, given) : undefined;
    };
    const [a, b] = [sized(args[0], baseParam), sized(args[1], exponentParam)];
    const digits = a && b ? operationDigits('**', a, b) : undefined;
    if (digits !== undefined && (largest === undefined || digits > largest)) largest = digits;
  }
  return largest;
}

export const hugeNumber: Rule = {
  meta: {
    code: 'PC601',
    name: 'huge-number',
    summary: 'Integer arithmetic or decimal precision whose result has more digits than the policy allows',
    defaultSeverity: 'error',
    docs: {
      what: [
        'Integers (and exact fractions and decimals) with more than `limits.max-int-digits` decimal digits, reported where they are made, not at each later use; sizes are estimated from logarithms, never computed:',
        '',
        '- **Powers, shifts and products** whose operands fold: `10**10**10`, `pow(7, 10**12)`, `2 << 10**10`, `operator.pow`/`lshift`, `**=`/`<<=`/`*=` on a name of known size (`n **= n` twice; per pass of a `for` of known length); a name a `for` or comprehension binds to a known `range` as its largest value (`sum(2 ** x for x in range(10**7))`).',
        '- **Growth in loops and recursion**: squaring, powering or shifting by its own bit length on every pass of a `for` of known passes with no way out (`n = n * n` or `n <<= n.bit_length()` 64 times); a linearly recursive function of the file called with constants, worked out level by level (`tower(5)` of `return 2 if n == 0 else 2 ** tower(n - 1)`), unless Python\'s recursion limit comes first.',
        '- **Bases of unknown size** (`int(digest, 16)`, `len(xs)`, a function annotated `-> int`, a parameter `: int`) raised to an exponent that makes even 2 too long.',
        '- **Factorial-like products** of more than `limits.max-factorial-argument` factors: `math.factorial`, `comb`, `perm`, `prod(range(...))`, `lcm(*range(...))`, `reduce(operator.mul, range(...))`, `accumulate(..., operator.mul)`; a `reduce` whose lambda applies `*`, `+` or `**` to its accumulator (`reduce(lambda acc, _: acc * acc, range(64), seed)`).',
        '- **Exponents the text hides**: `Fraction("1e1000000000")`, `int`/`round`/`math.floor` of `Decimal("1e1000000000")`, `Fraction(Decimal(...))`, `Decimal(...).as_integer_ratio()` (a `Decimal` alone stays within the context precision).',
        '- **Decimal precision** past the limit: `decimal.getcontext().prec = 10**9`, `ctx.prec += 10**9`, `decimal.Context(prec=decimal.MAX_PREC)`.',
        '',
        'Values follow names, `functools.partial`, and parameters as the calls of the file fill them. Three-argument `pow(a, b, m)` is cheap and not reported (unless `m` defaults to `None` and a call leaves it so); float powers overflow at once and are not reported.',
      ].join('\n'),
      why:
        'Resource exhaustion is the first threat of the PyCon 2014 talk, and the seed post names giant factorials: Python integers have no size limit, so one line of arithmetic keeps the host\'s CPU busy for hours and its memory growing until the process dies, below any module or builtin allowlist (only `math` or no import at all is needed). `decimal` precision does the same to every division.',
      example: 'n = 10 ** 10 ** 10\nbig = pow(7, 10 ** 12)\nimport math\nf = math.factorial(10 ** 6)\nimport decimal\ndecimal.getcontext().prec = 10 ** 9',
      instead: 'Bound the inputs (`if exponent > 1000: raise ValueError`), use three-argument `pow` for modular arithmetic, floats for estimates, and a precision of a few dozen digits.',
    },
  },
  create(context) {
    const { policy } = context;
    const limit = policy.limits.maxIntDigits;
    const tooBig = (node: Node, digits: number): void => {
      context.report({
        node,
        message: `'${shortText(node)}' has about ${formatCount(digits)} digits, more than the limit of ${limit}; computing it exhausts the host's CPU and memory; not allowed by policy '${policy.name}'`,
      });
    };
    /**
     * `pow(base, 10 ** 12)` with a base whose size is unknown but that is made as an integer
     * (`int(digest, 16)`): any integer base of 2 or more has at least `exponent · log10(2)`
     * digits. A base of unknown type may be a float or complex, which overflows at once.
     */
    const unknownBase = (node: Node, base: Node | null | undefined, exponent: Magnitude | undefined): boolean => {
      if (!base || !exponent?.isInt || exponent.negative || !madeAsInteger(context, base) || smallReturns(base, exponent)) return false;
      const digits = Number.isFinite(exponent.abs) ? Math.floor(exponent.abs * Math.log10(2)) + 1 : Infinity;
      if (!(digits > limit) || !withinLimit(exponent)) return false;
      context.report({
        node,
        message: `'${shortText(node)}' raises to the power ${formatCount(exponent.abs)}: with any integer base of 2 or more it has ${digits === Infinity ? 'more than 1e308' : `at least ${formatCount(digits)}`} digits, more than the limit of ${limit}; computing it exhausts the host's CPU and memory; not allowed by policy '${policy.name}'`,
      });
      return true;
    };
    /**
     * A call of the file's functions (or a name bound once to one) each `return` of which has a
     * size the power stays within the limit with (`def parity(n: int) -> int: return n % 2`):
     * made as an integer, but a small one.
     */
    const smallReturns = (base: Node, exponent: Magnitude): boolean => {
      const call = base.type === 'identifier' ? context.semantics.valueBoundOnce(base) : base;
      const fn = call?.type === 'call' ? call.childForFieldName('function') : null;
      const callees = fn ? context.semantics.resolve(fn) : [];
      if (callees.length === 0) return false;
      for (const c of callees) {
        const returned = c.kind === 'function' ? valuesAlwaysReturned(c.node) : undefined;
        if (!returned) return false;
        for (const value of returned) {
          const m = magnitudeOf(context, value);
          const digits = m && powerDigits(m, exponent);
          if (digits === undefined || digits > limit) return false;
        }
      }
      return true;
    };
    /**
     * A base whose size was worked out from the values the resolver knows it may have (`value = 0`
     * before a loop that computes it) when it may also have values the resolver does not know: a
     * base made as an integer may be any of those (`def digest(data) -> int`).
     */
    const unknownBaseToo = (node: Node, base: Node | null | undefined, exponent: Magnitude): boolean =>
      !!base && context.semantics.resolve(base).some((v) => v.kind === 'unknown') && unknownBase(node, base, exponent);
    /** Operands already over the limit were reported where they were made. */
    const withinLimit = (...ms: Magnitude[]): boolean => ms.every((m) => (m.digits ?? 0) <= limit);
    const precision = (node: Node, value: Node | null | undefined, atLeast = false): void => {
      const m = magnitudeOf(context, value);
      if (!m || !(m.abs > limit)) return;
      context.report({
        node,
        message: `decimal precision of ${atLeast ? 'more than ' : ''}${formatCount(m.abs)} digits is more than the limit of ${limit}; every decimal operation then computes that many digits; not allowed by policy '${policy.name}'`,
      });
    };
    return {
      for_statement(node) {
        for (const g of loopGrowths(context, node)) {
          if (g.measure !== 'digits' || g.log10 <= Math.log10(limit)) continue;
          context.report({
            node: g.statement,
            message: `'${shortText(g.statement)}' runs on each of ${formatCount(g.passes)} passes and grows '${g.name}' to about ${formatPower(g.log10)} digits, more than the limit of ${limit}; computing it exhausts the host's CPU and memory; not allowed by policy '${policy.name}'`,
          });
        }
      },
      binary_operator(node) {
        const op = node.childForFieldName('operator')?.text ?? '';
        if (op !== '**' && op !== '<<' && op !== '*') return;
        const left = magnitudeOf(context, node.childForFieldName('left'));
        if (!left && op === '**') {
          unknownBase(node, node.childForFieldName('left'), magnitudeOf(context, node.childForFieldName('right')));
          return;
        }
        const right = left && magnitudeOf(context, node.childForFieldName('right'));
        if (!left || !right || !withinLimit(left, right)) return;
        const digits = operationDigits(op, left, right);
        if (digits !== undefined && digits > limit) tooBig(node, digits);
        else if (op === '**') unknownBaseToo(node, node.childForFieldName('left'), right);
      },
      augmented_assignment(node) {
        const op = node.childForFieldName('operator')?.text.replace(/=$/, '') ?? '';
        const target = node.childForFieldName('left');
        // `ctx.prec += 10**12`: a precision is at least 1, so adding or multiplying by a huge
        // number makes it at least that.
        if (target?.type === 'attribute' && target.childForFieldName('attribute')?.text === 'prec' && (op === '+' || op === '*')) {
          precision(node, node.childForFieldName('right'), true);
          return;
        }
        if ((op !== '**' && op !== '<<' && op !== '*') || target?.type !== 'identifier') return;
        const right = magnitudeOf(context, node.childForFieldName('right'));
        // The name's other bindings give its starting value; the smallest one is the kindest estimate.
        const starts = context.semantics
          .bindingsOf(target)
          .filter((b) => (b.kind === 'assign' || b.kind === 'walrus') && b.value)
          .map((b) => magnitudeOf(context, b.value));
        if (!right || !starts.length || starts.some((m) => !m?.isInt)) return;
        const left = (starts as Magnitude[]).reduce((a, b) => (a.abs <= b.abs ? a : b));
        if (!withinLimit(left)) return;
        // The size the name has here (`n **= n` after `n **= n`; `x **= x` on a later pass of a
        // `for` loop), when every value it started from was within the limit: it grew here.
        const here = magnitudeOf(context, target);
        // (A growth `for_statement` reports as such is not reported again here.)
        const loop = withinLimit(here ?? right, right) ? undefined : enclosingFor(node);
        const grownByLoop = loop !== undefined && !loopGrowths(context, loop).some((g) => g.statement.id === node.parent?.id);
        if (here?.isInt && (withinLimit(here, right) || grownByLoop)) {
          const grown = operationDigits(op, here, right) ?? here.digits;
          if (grown !== undefined && !(grown <= limit)) {
            tooBig(node, grown);
            return;
          }
        }
        if (!withinLimit(right)) return;
        const digits = operationDigits(op, left, right);
        if (digits !== undefined && digits > limit) tooBig(node, digits);
      },
      call(node) {
        const fn = node.childForFieldName('function');
        if (!fn) return;
        // `tower(5)` of `def tower(n): return 2 if n == 0 else 2 ** tower(n - 1)`: the value its levels build.
        const built = fn.type === 'identifier' ? recursiveValue(context, node) : undefined;
        if (built && built.digits > limit) {
          tooBig(node, built.digits);
          return;
        }
        const names = context.semantics.qualifiedNames(fn);
        // `f = partial(math.factorial, 10**9)` then `f()`: the arguments the partial bound come first.
        const bound = fn.type === 'identifier' ? context.semantics.partialArguments(fn) : [];
        const args = bound.length ? [...bound, ...positionalArguments(node)] : positionalArguments(node);
        if (names.includes('builtins.setattr') && args.length === 3 && context.semantics.foldString(args[1]) === 'prec') {
          precision(node, args[2]);
          return;
        }
        // `Fraction("1e1000000000")`, `int(Decimal("1e1000000000"))`: the text is short, the integer is not.
        const exact = exactConversionDigits(context, node);
        if (exact !== undefined) {
          if (exact > limit) tooBig(node, exact);
          return;
        }
        const power = names.some((q) => POWER_FUNCTIONS.has(q));
        if ((power || names.some((q) => SHIFTS.has(q))) && args.length >= 2) {
          // `pow(a, b, m)` reduces modulo m at every step: cheap whatever b is (also `mod=m`, or bound by a partial).
          if (args.length > 2 && context.semantics.fold(args[2])?.t !== 'none') {
            // A modulus a call of the file leaves at its default None is no modulus for that call
            // (`def scaled(b, e, modulus=None): return pow(b, e, modulus)` called as `scaled(3, 10**10)`).
            const digits = power ? noneModulusDigits(context, args) : undefined;
            if (digits !== undefined && digits > limit) tooBig(node, digits);
            return;
          }
          if (power && (keywordArgument(node, 'mod') || (fn.type === 'identifier' && context.semantics.partialBindsKeywords(fn)))) return;
          const [a, b] = [magnitudeOf(context, args[0]), magnitudeOf(context, args[1])];
          if (!a && power) {
            unknownBase(node, args[0], b);
            return;
          }
          if (!a || !b || !withinLimit(a, b)) return;
          const digits = operationDigits(power ? '**' : '<<', a, b);
          if (digits !== undefined && digits > limit) tooBig(node, digits);
          else if (power) unknownBaseToo(node, args[0], b);
          return;
        }
        // `math.prod(range(1, 10**7))` is a factorial by another name, and so are
        // `functools.reduce(operator.mul, range(...))` and `itertools.accumulate(range(...), operator.mul)`.
        const multiplies = (n: Node | undefined): boolean => !!n && (context.semantics.qualifiedNames(n).some((q) => q === 'operator.mul' || q === '_operator.mul') || isProductLambda(n));
        // `math.lcm(*range(1, 10**6))`: the least common multiple of 1..n has about 0.43·n digits.
        const written = names.includes('math.lcm') ? codeChildren(node.childForFieldName('arguments') ?? node) : [];
        const splat = written.length === 1 && written[0].type === 'list_splat' ? codeChildren(written[0])[0] : undefined;
        const product = names.includes('math.prod')
          ? args[0]
          : names.includes('math.lcm') && splat
            ? splat
          : names.includes('functools.reduce') && multiplies(args[0])
            ? args[1]
            : names.includes('itertools.accumulate') && multiplies(args[1] ?? keywordArgument(node, 'func'))
              ? args[0]
              : undefined;
        // The range written there, or passed by a call of the file for a parameter (`def cycle(periods):
        // return math.lcm(*periods)` called with `range(1, 10**8)`): the largest one.
        const ranges: Node[] = [];
        if (product?.type === 'call') ranges.push(product);
        else {
          const param = product ? soleParameter(context, product) : undefined;
          for (const site of (param && context.semantics.argumentsAtCalls(param.scope.node, [param])) || []) {
            const arg = site.get(param!);
            if (arg?.type === 'call') ranges.push(arg);
          }
        }
        for (const range of ranges) {
          const rangeFn = range.childForFieldName('function');
          const size = rangeFn && context.semantics.qualifiedNames(rangeFn).includes('builtins.range') ? iterationSize(context, range) : undefined;
          if (size?.count !== undefined && size.count > policy.limits.maxFactorialArgument) {
            context.report({
              node,
              message: `'${shortText(node)}' multiplies ${formatCount(size.count)} factors, more than the limit of ${policy.limits.maxFactorialArgument}; computing it exhausts the host's CPU and memory; not allowed by policy '${policy.name}'`,
            });
            return;
          }
        }
        // `reduce(lambda acc, _: acc * acc, range(64), 2)`: the reduction's result, as large as its steps make it.
        if (names.includes('functools.reduce')) {
          const reduced = magnitudeOf(context, node);
          if (reduced?.isInt && reduced.digits !== undefined && reduced.digits > limit) {
            tooBig(node, reduced.digits);
            return;
          }
        }
        for (const q of names) {
          const count = FACTOR_COUNTS[q];
          if (!count) continue;
          const factors = count(args.map((a) => magnitudeOf(context, a)), args.length);
          if (factors !== undefined && factors > policy.limits.maxFactorialArgument) {
            context.report({
              node,
              message: `'${shortText(node)}' multiplies ${formatCount(factors)} factors, more than the limit of ${policy.limits.maxFactorialArgument}; computing it exhausts the host's CPU and memory; not allowed by policy '${policy.name}'`,
            });
          }
          return;
        }
        if (names.some((q) => isWithinModule(q, 'decimal'))) {
          const prec = keywordArgument(node, 'prec');
          if (prec) precision(prec.parent ?? prec, prec);
        }
      },
      assignment(node) {
        const left = node.childForFieldName('left');
        if (left?.type !== 'attribute' || left.childForFieldName('attribute')?.text !== 'prec') return;
        precision(node, node.childForFieldName('right'));
      },
    };
  },
  tests: {
    valid: [
      {
        code: 'def ratio(x: float):\n    return x ** 100000\n\ndef one() -> int:\n    return 1\n\ndef bit(flag) -> int:\n    return 1 if flag else 0\n\ndef parity(n: int) -> int:\n    return n % 2\n\nflat = one() ** 10**9\nunit = int("1") ** 10**9\nsign = bit(input()) ** 10**6\np = parity(int(input()))\nalternating = p ** 10**6',
        note: 'a float base overflows at once; a base that folds to 1 stays 1; functions declared to return an integer whose every value is known, or known to be small',
      },
      { code: 'G = 2\nSECRET = 2 ** 255 - 19\ndef public(p=None):\n    if p is None:\n        p = 2 ** 127 - 1\n    return pow(G, SECRET, p)\ndef f(b, e, m=None):\n    return pow(b, e, m)\nf(3, 10 ** 10, 7)\ndef scaled(base, exponent, modulus=None):\n    return pow(base, exponent, modulus)\nscaled(3, 10 ** 10, 1000003)\nscaled(3, 5)', note: 'a modulus defaulting to None but tested or set before the pow, or passed by every call that makes the power large' },
      {
        code: 'import functools\nMODULUS = 1_000_000_007\nmod_pow = functools.partial(pow, mod=MODULUS)\nresidues = [mod_pow(base, 10 ** 18) for base in (2, 3, 5, 7)]\nplain = pow(7, 10 ** 18, mod=13)',
        note: 'a modulus given by keyword, at the call or bound by a partial',
      },
      { code: "x = 10\nfor _ in range(2):\n    x **= 2\nn = 10\nn = n * 5\nm = n ** 3", note: "a loop of two passes; a name rebound to small sizes" },
      { code: 'n = 2\nfor _ in range(4):\n    n = n * n', note: '2 squared four times has 5 digits' },
      {
        code: 'def table(check):\n    total = 1\n    scale = 1\n    for i in range(1, 1000):\n        total *= i\n        check(total)\n    for _ in range(5000):\n        scale *= 2\n        check(scale)\n    masks = [1 << bit for bit in range(64)]\n    tiny = [2 ** k for k in range(-10 ** 7, 0)]\n    never = [2 ** k for k in range(0, 10 ** 7, 0)]\n    empty = [2 ** k for k in range(10 ** 7, 0)]\n    return masks, tiny, never, empty',
        note: "999! has 2,565 digits and 2**5000 1,506; a loop's name is at most the largest number of its range (negative exponents make floats; a zero step raises; an empty range gives none)",
      },
      { code: 'from functools import reduce\nn = reduce(lambda acc, _: acc * acc, range(4), 2)\nk = reduce(lambda acc, _: acc * acc, range(5000), 1)\nm = reduce(lambda acc, _: acc ** 2, range(5000), -1)\nz = reduce(lambda a, _: a + a, range(20000), 0)\nt = reduce(lambda a, b: a + 3, range(10 ** 6), 0)\nu = reduce(lambda a, _: a + 10 ** 400, range(10), 0)\nv = reduce(lambda a, _: a ** -2, range(20), 3)', note: 'a reduction squaring four times; 1, -1 and 0 stay as small; adding a constant; a negative power makes floats' },
      { code: 'def f(x, s):\n    a = 10 ** (abs(x) + 10 ** 9)\n    return 2 ** (len(s) + 10 ** 9 - 2 * 10 ** 9)', note: 'abs of a float is a float (the power overflows, no huge int); a lower bound minus something is no bound' },
      { code: 'n = 1\nfor _ in range(100):\n    n = n * n', note: '1 stays 1' },
      { code: 'def tower(n):\n    return 2 if n == 0 else 2 ** tower(n - 1)\nsmall = tower(3)\ndef fact(n):\n    if n <= 1:\n        return 1\n    return n * fact(n - 1)\nprint(fact(800))', note: 'a tower of four 2s has 5 digits; 800! has 1977' },
      { code: 'def grow(n, acc):\n    return acc if n == 0 else grow(n - 1, acc * acc)\nx = grow(30, 7)', note: 'an accumulator passed on changed, not stepped down: not worked out' },
      { code: 'def check(n):\n    return n\ndef tower(n):\n    "doc", check(n)\n    return 2 if n == 0 else 2 ** tower(n - 1)\nx = tower(5)', note: 'a statement that looks like a docstring but calls something first: not the recursion shape' },
      { code: 'n = 2\nfor _ in range(64):\n    n = n * n - 2', note: 'a constant taken off: 2 stays 2' },
      { code: 'n = 3\nfor _ in range(64):\n    n = (n * n + 1) % 1000003', note: 'the remainder bounds it' },
      { code: 'n = 2\nfor _ in range(64):\n    n = n * n\n    if n > 10 ** 6:\n        break', note: 'a reachable break' },
      { code: 'n = 2\nfor _ in range(64):\n    if small:\n        n = n * n', note: 'growth behind an if is not on every pass' },
      'n = 10\nbig = n ** n',
      'import math\nlarge = math.comb(50, 25)',
      'key = pow(7, 10 ** 12, 13)',
      'mask = (1 << 64) - 1\nbits = 2 ** 64',
      'one = 1 ** 10 ** 100\nsmall = 0.5 ** 10 ** 10',
      'def pow(a, b):\n    return a\npow(10, 10 ** 12)',
      'import decimal\ndecimal.getcontext().prec = 50',
      { code: 'print 2L ** 100', note: 'Python 2 long literal' },
      'import math\nf = math.factorial(20)\np = math.perm(10 ** 6, 3)',
      "import fractions, math\nhalf = fractions.Fraction(1, 2) ** 10\ntotal = math.prod(range(1, 10))",
      {
        code: 'from fractions import Fraction\nfrom decimal import Decimal\nhalf = Fraction("1.5e3") + Fraction("3/4")\nn = int(Decimal("2.5e10"))\nd = Decimal("1e1000000000")\ne = d.to_integral()\nf = round(d, 2)\ng = int(Decimal("1e-1000000000"))',
        note: 'small exponents; a Decimal by itself, to_integral() and round to places stay within the context precision; a negative exponent truncates to 0',
      },
    ],
    invalid: [
      {
        code: 'n = 1\nfor _ in range(64):\n    n <<= n.bit_length()\nsmall = 1\nfor _ in range(4):\n    small <<= small.bit_length()',
        errors: [{ range: '3:5-3:25', message: "'n <<= n.bit_length()' runs on each of 64 passes and grows 'n' to about 6e18 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" }],
        note: 'a shift by its own bit length doubles the digits, from 1 too; four passes make 32768',
      },
      {
        code: 'MODULUS = 2 ** 127 - 1\n\ndef digest(data: bytes) -> int:\n    value = 0\n    for byte in data[:64]:\n        value = (value * 257 + byte) % MODULUS\n    return value\n\ndef sign(data):\n    message = digest(data)\n    return pow(message, 2 ** 64)\n\ndef scale(x: int):\n    return x ** 100000',
        errors: [
          { range: '11:12-11:33', message: "'pow(message, 2 ** 64)' raises to the power 2e19: with any integer base of 2 or more it has at least 6e18 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
          { range: '14:12-14:23', message: "'x ** 100000' raises to the power 100000: with any integer base of 2 or more it has at least 30103 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
        ],
        note: 'a base a function of the file declares an integer (its return or a parameter), also when the values the resolver knows for it (`value = 0`) are small',
      },
      {
        code: 'checksum = sum(2 ** x for x in range(10 ** 7))\nfor k in range(10 ** 6, 0, -1):\n    digits = 3 ** k\ndef table(check):\n    total = 1\n    for i in range(1, 100000):\n        total *= i\n        check(total)\nfor n in range(1, -10 ** 6, -1):\n    cube = n ** 100000',
        errors: [
          { range: '1:16-1:22', message: "'2 ** x' has about 3010300 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
          { range: '3:14-3:20', message: "'3 ** k' has about 477122 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
          { range: '7:9-7:19', message: "'total *= i' has about 400056 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
          { range: '10:12-10:23', message: "'n ** 100000' has about 600000 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
        ],
        note: "a loop's name is each number of its range in turn; a product over a long range adds digits on every pass",
      },
      {
        code: 'import math\nfrom decimal import Decimal\nfrom fractions import Fraction\ndef cycle(periods):\n    return math.lcm(*periods)\ndef scaled(base, exponent, modulus=None):\n    return pow(base, exponent, modulus)\ndef to_units(amount):\n    return int(Decimal(amount))\ndef rate(text):\n    return Fraction(text)\ncycle(range(1, 10 ** 8))\nscaled(3, 10 ** 10)\nto_units("1e999999999")\nrate("3e-1000000000")',
        errors: [
          { range: '5:12-5:30', message: "'math.lcm(*periods)' multiplies 99999999 factors, more than the limit of 10000; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
          { range: '7:12-7:40', message: "'pow(base, exponent, modulus)' has about 4771212548 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
          { range: '9:12-9:32', message: "'int(Decimal(amount))' has about 1000000000 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
          { range: '11:12-11:26', message: "'Fraction(text)' has about 1000000001 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
        ],
        note: 'a range, a modulus left at its default None, and decimal text, each passed to a parameter by a call of the file',
      },
      {
        code: 'import decimal\nctx = decimal.getcontext()\nctx.prec += 10 ** 12\nctx.prec *= 10 ** 5\nctx.prec += 5',
        errors: [
          { range: '3:1-3:21', message: "decimal precision of more than 1000000000000 digits is more than the limit of 4300; every decimal operation then computes that many digits; not allowed by policy 'strict'" },
          { range: '4:1-4:20', message: "decimal precision of more than 100000 digits is more than the limit of 4300; every decimal operation then computes that many digits; not allowed by policy 'strict'" },
        ],
        note: 'a precision raised by a huge number is at least that number; a small step is fine',
      },
      {
        code: 'MOD = 998244353\nEXPONENTS = {"kilo": 3, "tera": 10 ** 10}\ndef inverses(n):\n    return [pow(k, MOD - 2) % MOD for k in range(1, n + 1)]\ndef fine(n):\n    return [pow(k, MOD - 2, MOD) for k in range(1, n + 1)]\ndef scale(value, unit):\n    return value * 10 ** EXPONENTS.get(unit, 0)',
        errors: [
          { range: '4:13-4:28', message: "'pow(k, MOD - 2)' raises to the power 998244351: with any integer base of 2 or more it has at least 300501493 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
          { range: '8:20-8:48', message: "'10 ** EXPONENTS.get(unit, 0)' has about 10000000001 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
        ],
        note: 'a for name over a range is an integer; a .get of a table under a key that does not fold may give any of its values',
      },
      {
        code: 'import math\ndef stretched(secret, rounds=12):\n    base = int(secret, 16)\n    return pow(base, 10 ** rounds)\ndef score(record):\n    depth = record.get("depth", 10 ** 9)\n    return math.factorial(depth)\ndef any_base(x):\n    return x ** 20000',
        errors: [
          { range: '4:12-4:35', message: "'pow(base, 10 ** rounds)' raises to the power 1000000000000: with any integer base of 2 or more it has at least 301029995664 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
          { range: '7:12-7:33', message: "'math.factorial(depth)' multiplies 1000000000 factors, more than the limit of 10000; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
        ],
        note: 'an integer of unknown size raised to a huge power; the default of a .get is a value it may give; a base that may be a float or complex overflows at once instead',
      },
      {
        code: 'import functools, itertools, operator\nx = functools.reduce(operator.mul, range(1, 10 ** 7))\ny = list(itertools.accumulate(range(1, 10 ** 7), operator.mul))\nz = list(itertools.accumulate(range(1, 100), operator.mul))',
        errors: [
          { range: '2:5-2:54', message: "'functools.reduce(operator.mul, range(...' multiplies 9999999 factors, more than the limit of 10000; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
          { range: '3:10-3:63', message: "'itertools.accumulate(range(1, 10 ** 7...' multiplies 9999999 factors, more than the limit of 10000; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
        ],
        note: 'a product of a range by reduce or accumulate is a factorial, as math.prod of it is',
      },
      {
        code: 'import functools, math\nx = functools.reduce(lambda acc, k: k * acc, range(1, 10 ** 6), 1)\ny = math.lcm(*range(1, 10 ** 5))\nz = math.lcm(*range(1, 50))\nw = functools.reduce(lambda a, b: a * 2, range(1, 10 ** 6), 1)',
        errors: [
          { range: '2:5-2:67', message: "'functools.reduce(lambda acc, k: k * a...' multiplies 999999 factors, more than the limit of 10000; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
          { range: '3:5-3:33', message: "'math.lcm(*range(1, 10 ** 5))' multiplies 99999 factors, more than the limit of 10000; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
          { range: '5:5-5:63', message: "'functools.reduce(lambda a, b: a * 2, ...' has about 301030 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
        ],
        note: 'a lambda that multiplies its two parameters is operator.mul; the lcm of 1..n has about 0.43n digits; doubling a million times makes 2**999999',
      },
      {
        code: 'from functools import reduce\n\ndef grow(seed, steps=64):\n    return reduce(lambda acc, _: acc * acc, range(steps), seed)\n\ndef run(data):\n    return grow(data.get("seed", 2))\n\ncube = reduce(lambda a, _: a ** 3, range(30), 2)\nsquare = lambda acc, _: acc * acc\nnamed = reduce(square, range(40), 3)',
        errors: [
          { range: '4:12-4:64', message: "'reduce(lambda acc, _: acc * acc, rang...' has about 9e15 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
          { range: '9:8-9:49', message: "'reduce(lambda a, _: a ** 3, range(30)...' has about 61979406601705 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
          { range: '11:9-11:37', message: "'reduce(square, range(40), 3)' has about 524600367424 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
        ],
        note: 'a reduction that squares (or cubes) its accumulator on every item, also through a name bound to the lambda: the seed is what a call passes, here the default of a lookup; past the largest size it says 9e15',
      },
      {
        code: 'def expected(a, b):\n    spread = int(abs(b - a)) + 10 ** 9\n    return 1 / (1 + 10 ** spread)',
        errors: [{ range: '3:21-3:33', message: "'10 ** spread' has about 1000000001 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" }],
        note: 'the exponent is not known, but it is at least 10**9: abs() is never negative',
      },
      {
        code: 'import decimal, math\nfrom functools import partial\nctx = decimal.getcontext()\nsetattr(ctx, "PREC".lower(), 10 ** 9)\nf = partial(getattr(math, "fact" + "orial"), 10 ** 9)\nf()\ng = partial(partial(pow, 7), 10 ** 12)\ng()\nh = partial(pow, 7)\nh(10 ** 12, 5)',
        errors: [
          { range: '4:1-4:38', message: "decimal precision of 1000000000 digits is more than the limit of 4300; every decimal operation then computes that many digits; not allowed by policy 'strict'" },
          { range: '6:1-6:4', message: "'f()' multiplies 1000000000 factors, more than the limit of 10000; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
          { range: '8:1-8:4', message: "'g()' has about 845098040015 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
        ],
        note: 'precision set by `setattr`; arguments bound by `functools.partial` (nested too) come before the call\'s own; a modulus passed at the call keeps `pow` cheap',
      },
      {
        code: "n = 10\nn **= n\nn **= n",
        errors: [{ range: "3:1-3:8", message: "'n **= n' has about 100000000001 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" }],
        note: "the second `n **= n` raises 10**10 to itself: the size the name has there",
      },
      {
        code: "x = 10\nfor _ in range(5):\n    x **= x",
        errors: [{ range: "3:5-3:12", message: "'x **= x' has about more than 1e308 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" }],
        note: "a later pass of the loop raises what the earlier ones made",
      },
      {
        code: 'n = 2\nfor _ in range(64):\n    n = n * n',
        errors: [{ range: '3:5-3:14', message: "'n = n * n' runs on each of 64 passes and grows 'n' to about 6e18 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" }],
        note: 'squaring doubles the digits on every pass',
      },
      {
        code: 'n = 3\nfor _ in range(64):\n    n = 1 + (n ** 2)',
        errors: [{ range: '3:5-3:21', message: "'n = 1 + (n ** 2)' runs on each of 64 passes and grows 'n' to about 9e18 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" }],
        note: 'a constant added to the square does not slow it',
      },
      {
        code: 'def tower(n):\n    return 2 if n == 0 else 2 ** tower(n - 1)\nprint(tower(5))\ndef sq(n):\n    \'Squares its way up.\'\n    if n == 0:\n        return 3\n    return sq(n - 1) ** 2\nx = sq(20)',
        errors: [
          { range: '3:7-3:15', message: "'tower(5)' has about more than 1e308 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
          { range: '9:5-9:11', message: "'sq(20)' has about 500225 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
        ],
        note: 'values built level by level from the base case up',
      },
      {
        code: 'def f(n):\n    return 99999999999999999 if n == 0 else (n - 1) * f(n - 1) ** 312\nx = f(1)',
        errors: [{ range: '2:55-2:70', message: "'f(n - 1) ** 312' has about 5305 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" }],
        note: 'the power is huge where it is written, but f(1) multiplies it by zero: the call is not reported',
      },
      {
        code: 'n = 3\nfor _ in range(30):\n    n **= 3',
        errors: [{ range: '3:5-3:12', message: "'n **= 3' runs on each of 30 passes and grows 'n' to about 98235035280651 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" }],
      },
      {
        code: 'n = 10 ** 10 ** 10',
        errors: [{ range: '1:5-1:19', message: "'10 ** 10 ** 10' has about 10000000001 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" }],
      },
      {
        code: 'n = pow(7, 10 ** 12)',
        errors: [{ range: '1:5-1:21', message: "'pow(7, 10 ** 12)' has about 845098040015 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" }],
      },
      {
        code: 'n = 2 << (10 ** 10)',
        errors: [{ range: '1:5-1:20', message: "'2 << (10 ** 10)' has about 3010299957 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" }],
      },
      {
        code: 'base = 9\nexp = 9 ** 9\nhuge = base ** exp',
        errors: [{ range: '3:8-3:19', message: "'base ** exp' has about 369693100 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" }],
      },
      {
        code: 'from math import factorial as fact\nfact(10 ** 6)',
        errors: [{ range: '2:1-2:14', message: "'fact(10 ** 6)' multiplies 1000000 factors, more than the limit of 10000; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" }],
      },
      {
        code: 'import math\nc = math.comb(10 ** 6, 5 * 10 ** 5)',
        errors: [{ range: '2:5-2:36', message: "'math.comb(10 ** 6, 5 * 10 ** 5)' multiplies 500000 factors, more than the limit of 10000; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" }],
      },
      {
        code: 'import decimal\ndecimal.getcontext().prec = 10 ** 9\nthird = decimal.Decimal(1) / decimal.Decimal(7)',
        errors: [{ range: '2:1-2:36', message: "decimal precision of 1000000000 digits is more than the limit of 4300; every decimal operation then computes that many digits; not allowed by policy 'strict'" }],
      },
      {
        code: 'import decimal as d\nctx = d.Context(prec=d.MAX_PREC)',
        errors: [{ range: '2:17-2:32', message: "decimal precision of 1e18 digits is more than the limit of 4300; every decimal operation then computes that many digits; not allowed by policy 'strict'" }],
      },
      {
        code: 'x = 3\nx **= 10 ** 8',
        errors: [{ range: '2:1-2:14', message: "'x **= 10 ** 8' has about 47712126 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" }],
      },
      {
        code: 'print ｐｏｗ(2, 10 ** 9)',
        note: 'Python 2 print statement, fullwidth name',
        errors: [{ range: '1:7-1:22', message: "'ｐｏｗ(2, 10 ** 9)' has about 301029996 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" }],
      },
      {
        code: "import math\np = math.prod(range(1, 10 ** 7))",
        errors: [{ range: "2:5-2:33", message: "'math.prod(range(1, 10 ** 7))' multiplies 9999999 factors, more than the limit of 10000; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" }],
        note: "a factorial by another name",
      },
      {
        code: "import fractions\nx = fractions.Fraction(2, 3) ** (10 ** 8)",
        errors: [{ range: "2:5-2:42", message: "'fractions.Fraction(2, 3) ** (10 ** 8)' has about 47712126 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" }],
        note: "an exact fraction grows like an integer",
      },
      {
        code: 'import fractions\nx = fractions.Fraction("1e1000000000")',
        errors: [{ range: '2:5-2:39', message: "'fractions.Fraction(\"1e1000000000\")' has about 1000000001 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" }],
        note: 'Fraction reads the exponent of its text and multiplies by that power of ten',
      },
      {
        code: 'import decimal\nn = int(decimal.Decimal("1e1000000000"))',
        errors: [{ range: '2:5-2:41', message: "'int(decimal.Decimal(\"1e1000000000\"))' has about 1000000001 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" }],
        note: 'the Decimal is cheap, the integer made of it is not',
      },
      {
        code: 'from decimal import Decimal\nimport fractions, math\nd = Decimal("-2.5e1000000")\nlabel = "🎲"; ratio = d.as_integer_ratio()\nlow = math.floor(d)\nexact = fractions.Fraction(d)\ntiny = fractions.Fraction("1.5E-100000")',
        errors: [
          { range: '4:23-4:43', message: "'d.as_integer_ratio()' has about 1000001 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
          { range: '5:7-5:20', message: "'math.floor(d)' has about 1000001 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
          { range: '6:9-6:30', message: "'fractions.Fraction(d)' has about 1000001 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
          { range: '7:8-7:41', message: "'fractions.Fraction(\"1.5E-100000\")' has about 100002 digits, more than the limit of 4300; computing it exhausts the host's CPU and memory; not allowed by policy 'strict'" },
        ],
        note: 'a Decimal through a name; a negative exponent makes the denominator',
      },
    ],
  },
};

/** The nearest `for` loop of its own function around `node` (a later pass sees what an earlier one made). */
function enclosingFor(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'for_statement') return p;
    if (p.type === 'function_definition' || p.type === 'class_definition' || p.type === 'lambda') return undefined;
  }
  return undefined;
}
