/**
 * A pass through a `while` body that, once taken, is taken for ever: it changes nothing its own
 * tests read. `if ch.isspace(): continue` in a tokenizer that moves `i` only on the other paths
 * reads `src[i]` again, finds the same space, and goes round again.
 */
import type { Node } from '../../parser';
import { normalizeIdentifier } from '../../semantics';
import { assignedNames, pushNamedChildren } from '../../semantics/syntax';
import type { RuleContext } from '../types';
import { codeChildren, enclosingDef, nameTargets } from './controlFlow';

/** Builtins a stuck pass may call: given the same arguments they give the same answer and change nothing. */
const PURE_BUILTINS = new Set(['builtins.len', 'builtins.ord', 'builtins.chr', 'builtins.abs', 'builtins.isinstance', 'builtins.min', 'builtins.max']);

/** Methods of `str` a stuck pass may call on a name: tests and case changes, no state. */
const PURE_STR_METHODS = new Set([
  'isspace', 'isdigit', 'isalpha', 'isalnum', 'isdecimal', 'isnumeric', 'islower', 'isupper', 'isidentifier', 'startswith', 'endswith', 'lower', 'upper', 'strip', 'lstrip', 'rstrip',
]);

/**
 * What the expressions of a pass may run of the file besides the methods they call by name: item
 * reads, comparisons, `len`, truth tests and arithmetic dispatch to these. A file that defines any
 * of them could change state inside them, so it is not judged.
 */
const DISPATCHED = [
  '__getitem__', '__class_getitem__', '__eq__', '__ne__', '__lt__', '__le__', '__gt__', '__ge__', '__contains__', '__iter__', '__len__', '__bool__', '__index__', '__hash__',
  '__instancecheck__', '__add__', '__radd__', '__sub__', '__rsub__', '__mul__', '__rmul__', '__mod__', '__rmod__', '__floordiv__', '__truediv__', '__neg__', '__abs__', '__getattr__', '__getattribute__',
];

/** Expression nodes a stuck pass may be made of (calls and names are checked on their own). */
const PURE_EXPRESSIONS = new Set([
  'integer', 'float', 'true', 'false', 'none', 'string', 'string_start', 'string_content', 'string_end', 'escape_sequence', 'concatenated_string',
  'list_comprehension', 'set_comprehension', 'generator_expression', 'for_in_clause', 'if_clause', 'list', 'set', 'pattern_list', 'tuple_pattern',
  'subscript', 'slice', 'comparison_operator', 'boolean_operator', 'not_operator', 'binary_operator', 'unary_operator', 'parenthesized_expression', 'tuple', 'argument_list',
]);

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'generator_expression']);
const DISPLAYS = new Set(['tuple', 'list', 'set', 'string', 'concatenated_string']);

/** Comparisons by their positive form: `a >= b` is `a < b` false, `x not in s` is `x in s` false. */
const COMPLEMENTS: Record<string, [string, boolean]> = {
  '<': ['<', true], '>=': ['<', false], '>': ['>', true], '<=': ['>', false], '==': ['==', true], '!=': ['==', false], 'in': ['in', true], 'not in': ['in', false], 'is': ['is', true], 'is not': ['is', false],
};

/** A test as a key and the answer that key stands for: `not done` is `done` false, `a >= b` is `a < b` false. */
function testKey(test: Node): { key: string; positive: boolean } {
  let node = test;
  let positive = true;
  for (;;) {
    if (node.type === 'parenthesized_expression' && codeChildren(node).length === 1) node = codeChildren(node)[0];
    else if (node.type === 'not_operator' && node.childForFieldName('argument')) {
      node = node.childForFieldName('argument')!;
      positive = !positive;
    } else break;
  }
  if (node.type === 'comparison_operator') {
    const operands = codeChildren(node);
    const operators = node.childrenForFieldName('operators').map((o) => o.text.replace(/\s+/g, ' '));
    const complement = operands.length === 2 && operators.length === 1 ? COMPLEMENTS[operators[0]] : undefined;
    if (complement) return { key: `${operands[0].text} ${complement[0]} ${operands[1].text}`, positive: positive === complement[1] };
  }
  return { key: node.text, positive };
}

/** At most this many passes are followed through one body (each `if` doubles them). */
const MAX_PASSES = 64;

interface Pass {
  /** Names read, with whether the pass wrote them before (a plain assignment of the pass). */
  reads: Map<string, boolean>;
  /** Names written so far, by plain assignment (true) or otherwise (false). */
  writes: Map<string, boolean>;
  /** Tests taken, by `testKey`: the answer and the names the test reads (`c == "x"` true, then false, cannot both hold). */
  tests: Map<string, { answer: boolean; names: Set<string> }>;
  /** Names set after a test was taken: what a later test of them answers depends on values not followed here. */
  setInBranch: Set<string>;
  /** Tests taken so far. */
  taken: number;
}

/**
 * The `continue` (or the body's end) a pass of `loop` reaches while writing nothing its tests and
 * the loop's condition read, reading only locals of the function around it through item reads,
 * operators, `len`-like builtins and `str` tests; undefined when there is none or the file
 * defines a method those may dispatch to. Such a pass sees the same values every time it starts,
 * so it takes itself again: the loop never ends once it is taken.
 */
export function stuckPass(context: RuleContext, loop: Node): Node | undefined {
  const condition = loop.childForFieldName('condition');
  const body = loop.childForFieldName('body');
  const fn = enclosingDef(loop);
  if (!condition || !body || !fn) return undefined;
  const scope = context.semantics.scopeOfDefinition(fn);
  const methods = new Set<string>();
  /** Records what `n` reads into `pass`; false when it is not a pure expression of the function's locals. */
  const reads = (n: Node | null, pass: Pass): boolean => {
    if (!n) return false;
    const stack = [n];
    while (stack.length) {
      const m = stack.pop()!;
      if (m.type === 'comment') continue;
      if (m.type === 'identifier') {
        const bindings = context.semantics.bindingsOf(m);
        // A comprehension's own names (`dx` of `for dx in (1, -1)`) are new on each pass.
        if (bindings.length && bindings.every((b) => COMPREHENSIONS.has(b.scope.node.type) && b.scope.node.startIndex >= n.startIndex && b.scope.node.endIndex <= n.endIndex)) continue;
        if (!bindings.length || !bindings.every((b) => b.scope === scope)) return false;
        const name = normalizeIdentifier(m.text);
        if (!pass.reads.has(name)) pass.reads.set(name, pass.writes.get(name) === true);
        continue;
      }
      if (m.type === 'call') {
        const callee = m.childForFieldName('function');
        const args = m.childForFieldName('arguments');
        if (!callee || args?.type !== 'argument_list' || codeChildren(args).some((a) => a.type === 'keyword_argument' || a.type === 'list_splat' || a.type === 'dictionary_splat')) return false;
        if (callee.type === 'attribute') {
          const method = normalizeIdentifier(callee.childForFieldName('attribute')?.text ?? '');
          if (!PURE_STR_METHODS.has(method)) return false;
          methods.add(method);
          stack.push(callee.childForFieldName('object') ?? callee);
        } else {
          const names = context.semantics.qualifiedNames(callee);
          if (!names.length || !names.every((q) => PURE_BUILTINS.has(q))) return false;
          // `min(it)` of one argument iterates it, which uses an iterator up.
          if (names.some((q) => q === 'builtins.min' || q === 'builtins.max') && codeChildren(args).length < 2) return false;
        }
        stack.push(args);
        continue;
      }
      if (!PURE_EXPRESSIONS.has(m.type)) return false;
      // A comprehension iterates a display written there, not a name (an iterator it would use up).
      if (m.type === 'for_in_clause' && !DISPLAYS.has(m.childForFieldName('right')?.type ?? '')) return false;
      pushNamedChildren(stack, m);
    }
    return true;
  };
  const loopReads: Pass = { reads: new Map(), writes: new Map(), tests: new Map(), setInBranch: new Set(), taken: 0 };
  if (!reads(condition, loopReads)) return undefined;
  // A loop that moves on by its own stores (`i += 1` on the other passes), not one that waits
  // for a value something else changes (`while flags[0]: pass`, judged by the condition alone).
  if (!storesAny(body, loopReads.reads)) return undefined;

  const fork = (p: Pass): Pass => ({ reads: new Map(p.reads), writes: new Map(p.writes), tests: new Map(p.tests), setInBranch: new Set(p.setInBranch), taken: p.taken });
  /** A name the pass sets: what the tests that read it answered no longer holds. */
  const written = (p: Pass, name: string): void => {
    for (const [key, test] of p.tests) if (test.names.has(name)) p.tests.delete(key);
  };
  /** The names a test reads (its identifiers, its comprehensions' own included: more only forgets sooner). */
  const namesIn = (n: Node): Set<string> => {
    const out = new Set<string>();
    const stack = [n];
    while (stack.length) {
      const m = stack.pop()!;
      if (m.type === 'identifier') out.add(normalizeIdentifier(m.text));
      pushNamedChildren(stack, m);
    }
    return out;
  };
  /** A pass that ended at `at`: stuck when nothing it or the loop's condition reads was changed for the next pass. */
  const stuck = (p: Pass): boolean => {
    for (const [name, plain] of p.writes) {
      // A name the condition reads, or one a test read before the pass set it, differs next time round.
      if (loopReads.reads.has(name) || p.reads.get(name) === false) return false;
      // A name changed from itself (`n += 1`) is new each time: the pass may not read it at all.
      if (!plain && p.reads.has(name)) return false;
    }
    return true;
  };
  let passes = 0;
  let found: Node | undefined;
  /** Follows `pass` through `statements` from `from`; `after` continues once they end. */
  const follow = (statements: Node[], from: number, pass: Pass, after: (p: Pass) => void): void => {
    if (found || ++passes > MAX_PASSES) return;
    for (let i = from; i < statements.length; i++) {
      const s = statements[i];
      switch (s.type) {
        case 'pass_statement':
          continue;
        case 'continue_statement':
          if (stuck(pass)) found = s;
          return;
        case 'expression_statement': {
          const [expr, ...rest] = codeChildren(s);
          if (rest.length || !expr || (expr.type !== 'assignment' && expr.type !== 'augmented_assignment')) return;
          const left = expr.childForFieldName('left');
          const right = expr.childForFieldName('right');
          // `x = ...` or `x, y = ...` (names only).
          const targets = nameTargets(left);
          if (!targets.length || expr.childForFieldName('type') || !reads(right, pass)) return;
          if (expr.type === 'augmented_assignment' && targets.length !== 1) return;
          for (const target of targets) {
            const name = normalizeIdentifier(target.text);
            const bindings = context.semantics.bindingsOf(target);
            if (!bindings.length || !bindings.every((b) => b.scope === scope)) return;
            // `x = f(x)` reads the old `x`: from the next pass on it is another value.
            const plain = expr.type === 'assignment' && pass.writes.get(name) !== false && !(pass.reads.has(name) && pass.reads.get(name) === false);
            if (expr.type === 'augmented_assignment' && !pass.reads.has(name)) pass.reads.set(name, false);
            pass.writes.set(name, plain);
            written(pass, name);
            if (pass.taken) pass.setInBranch.add(name);
          }
          continue;
        }
        case 'if_statement': {
          const rest = statements.slice(i + 1);
          const next = (p: Pass): void => follow(rest, 0, p, after);
          const branches: { test: Node | null; block: Node | null }[] = [{ test: s.childForFieldName('condition'), block: s.childForFieldName('consequence') }];
          let hasElse = false;
          for (const alt of s.childrenForFieldName('alternative')) {
            if (alt.type === 'elif_clause') branches.push({ test: alt.childForFieldName('condition'), block: alt.childForFieldName('consequence') });
            else {
              branches.push({ test: null, block: alt.childForFieldName('body') });
              hasElse = true;
            }
          }
          // An `if`/`elif` chain without `else` is taken to cover its cases (`if a < b: ... elif
          // a >= b: ...`): the way past every test is followed only for a lone `if`.
          if (!hasElse && branches.length === 1) branches.push({ test: null, block: null });
          // Earlier tests are false on the way to a later branch.
          const failed = fork(pass);
          for (const branch of branches) {
            if (!branch.test) {
              if (branch.block) follow(codeChildren(branch.block), 0, failed, next);
              else next(failed);
              break;
            }
            if (!reads(branch.test, failed)) return;
            const { key, positive } = testKey(branch.test);
            const names = namesIn(branch.test);
            // `if c == "\t": c = " "` then `if c == "\t": continue`: which way it goes is a matter of values.
            if ([...names].some((n) => failed.setInBranch.has(n))) return;
            failed.taken++;
            const before = failed.tests.get(key);
            // What the pass already knows this test to answer, if anything.
            const known = before === undefined ? undefined : before.answer === positive;
            if (known !== false) {
              const p = fork(failed);
              p.tests.set(key, { answer: positive, names });
              if (branch.block) follow(codeChildren(branch.block), 0, p, next);
            }
            // A test the pass already found true takes its branch: the later ones are not reached.
            if (found || known === true) break;
            failed.tests.set(key, { answer: !positive, names });
          }
          return;
        }
        default:
          return;
      }
    }
    after(pass);
  };
  // The body's end starts the next pass, as a `continue` does.
  follow(codeChildren(body), 0, { reads: new Map(), writes: new Map(), tests: new Map(), setInBranch: new Set(), taken: 0 }, (p) => {
    if (stuck(p)) found = body;
  });
  if (!found) return undefined;
  // Comparisons, item reads and the methods called may run a method of the file's own classes.
  const dispatched = [...DISPATCHED, ...methods];
  context.semantics.readsIdentifiers(dispatched);
  return definesAny(context.root, new Set(dispatched)) ? undefined : found;
}

/** Methods that change the list, set, dict or deque they are called on. */
const CHANGING_METHODS = new Set(['append', 'appendleft', 'extend', 'extendleft', 'insert', 'pop', 'popleft', 'popitem', 'remove', 'clear', 'add', 'discard', 'update', 'setdefault', 'sort', 'reverse']);

/** Whether `body` assigns, deletes from or changes by method one of `names` (`i += 1`, `x, i = ...`, `stack.pop()`) outside nested scopes. */
function storesAny(body: Node, names: ReadonlyMap<string, boolean>): boolean {
  const stack: Node[] = [body];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda') continue;
    const callee = n.type === 'call' ? n.childForFieldName('function') : null;
    const target =
      n.type === 'assignment' || n.type === 'augmented_assignment' ? n.childForFieldName('left')
      : n.type === 'named_expression' ? n.childForFieldName('name')
      : n.type === 'delete_statement' ? codeChildren(n)[0]
      : callee?.type === 'attribute' && CHANGING_METHODS.has(callee.childForFieldName('attribute')?.text ?? '') ? callee.childForFieldName('object')
      : null;
    if (target) {
      const inner: Node[] = [target];
      while (inner.length) {
        const t = inner.pop()!;
        if (t.type === 'identifier' && names.has(normalizeIdentifier(t.text))) return true;
        // `stack[-1] = x`, `del q[0]`: the container is changed.
        if (t.type === 'subscript') inner.push(t.childForFieldName('value') ?? t);
        else if (t.type === 'pattern_list' || t.type === 'tuple_pattern' || t.type === 'list_pattern' || t.type === 'parenthesized_expression' || t.type === 'expression_list') pushNamedChildren(inner, t);
      }
    }
    pushNamedChildren(stack, n);
  }
  return false;
}

/** Whether a `def` anywhere in the file, or an assignment in a class body (`__getitem__ = lookup`), binds one of these names. */
function definesAny(root: Node, names: ReadonlySet<string>): boolean {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'function_definition' && names.has(normalizeIdentifier(n.childForFieldName('name')?.text ?? ''))) return true;
    if (n.type === 'expression_statement' && n.parent?.parent?.type === 'class_definition' && assignedNames(n).some((t) => names.has(normalizeIdentifier(t.text)))) return true;
    pushNamedChildren(stack, n);
  }
  return false;
}
