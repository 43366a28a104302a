import type { Node } from '../../parser';
import { normalizeIdentifier } from '../../semantics';
import { unparenthesized } from '../../semantics/narrowing';
import { keywordArgument, parameterIdentifier, positionalArguments } from '../../semantics/syntax';
import { isClassMember } from '../../syntaxTree';
import type { Rule, RuleContext, Visitor } from '../types';
import { codeChildren, NESTED_SCOPES, truthiness } from './controlFlow';
import { classOfMethod, firstParameter } from '../shared/methods';
import { formatCount, magnitudeOf, shortText } from './magnitudes';
import { neverStops, recursiveCallArguments, selfCallStepping } from './treeRecursion';
import { repeatingRecursion } from './recursionRuns';
import { iteratorNestings, reduceNesting } from './iteratorNesting';
import { hookRecursion, protocolRecursion } from './hookRecursion';
import { SOURCE_PARSERS, sourceNesting } from './deepSource';
import { cancellable } from './waits';
import { isMadeBy } from '../shared/madeBy';

/**
 * Path outcomes that reach the end of a statement without having made a target call:
 * falling through, leaving the function (`return`/`raise`), `break` and `continue`.
 * An empty set means every path made the call first (or never ends).
 */
const FALL = 1;
const EXIT = 2;
const BREAK = 4;
const CONTINUE = 8;

/** Work bounds: statements per function, and statement visits over all (caller, callee) pairs. */
const MAX_STATEMENTS = 20000;
const MAX_WORK = 2_000_000;

/** Builtins that read a `map` given to them to the end, calling its function on every item. */
const MAP_CONSUMERS = new Set(['list', 'tuple', 'set', 'frozenset', 'sorted', 'sum', 'max', 'min', 'all', 'any', 'dict']);

/** Statements that neither yield nor leave a function (when their text holds no `yield`, `return` or `raise`). */
const PLAIN_STATEMENTS = new Set(['expression_statement', 'pass_statement', 'global_statement', 'nonlocal_statement']);

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
const SIMPLE_EXIT = new Set(['return_statement', 'raise_statement']);
const COMPOUND = new Set([
  'block', 'if_statement', 'while_statement', 'for_statement', 'try_statement', 'with_statement', 'match_statement',
  'function_definition', 'class_definition', 'decorated_definition',
]);

type IsTarget = (call: Node) => boolean;

/** Operators that call a method of their left operand's class: `a == b` runs `type(a).__eq__`. */
const OPERATORS: Record<string, string> = {
  '==': '__eq__', '!=': '__ne__', '<': '__lt__', '<=': '__le__', '>': '__gt__', '>=': '__ge__',
  '+': '__add__', '-': '__sub__', '*': '__mul__', '/': '__truediv__', '//': '__floordiv__', '%': '__mod__', '**': '__pow__',
  '@': '__matmul__', '&': '__and__', '|': '__or__', '^': '__xor__', '<<': '__lshift__', '>>': '__rshift__',
};

/** Unary operators and the method they run on their operand: `-x` runs `type(x).__neg__`. */
const UNARY: Record<string, string> = { '-': '__neg__', '+': '__pos__', '~': '__invert__' };

/**
 * The method an operation runs implicitly, and the operand (a plain name) whose class's method
 * it is: `self == other` runs `__eq__` of `self`, `-self` `__neg__`, `not self` `__bool__` (or
 * `__len__` without one), `x in self` `__contains__` of the right operand, `self[k]`
 * `__getitem__` (`__setitem__`/`__delitem__` when stored into or deleted), `self += x` `__iadd__`
 * (or `__add__` without one), `f"{self}"` `__format__`.
 */
function operatorMethod(n: Node): { method: string; operand: Node; fallback?: string } | undefined {
  // `if self:`, `while self:`, `assert self`, `self and x`: a truth test runs `__bool__` (or `__len__`).
  if (n.type === 'identifier') return isTruthTested(n) ? { method: '__bool__', operand: n, fallback: '__len__' } : undefined;
  // `f"{self}"` formats `self`: `__format__`, `f"{self!r}"` runs `__repr__`, `f"{self!s}"` `__str__`.
  if (n.type === 'interpolation') {
    const expression = n.childForFieldName('expression');
    if (expression?.type !== 'identifier') return undefined;
    const conversion = n.childForFieldName('type_conversion')?.text.replace('!', '');
    const method = conversion === 'r' || conversion === 'a' ? '__repr__' : conversion === 's' ? '__str__' : '__format__';
    return { method, operand: expression, fallback: method === '__format__' && !n.childForFieldName('format_specifier') ? '__str__' : undefined };
  }
  if (n.type === 'unary_operator') {
    const operand = n.childForFieldName('argument');
    const method = UNARY[n.childForFieldName('operator')?.text ?? ''];
    return operand?.type === 'identifier' && method ? { method, operand } : undefined;
  }
  if (n.type === 'not_operator') {
    const operand = n.childForFieldName('argument');
    return operand?.type === 'identifier' ? { method: '__bool__', operand, fallback: '__len__' } : undefined;
  }
  if (n.type === 'subscript') {
    const operand = n.childForFieldName('value');
    if (operand?.type !== 'identifier') return undefined;
    const p = n.parent;
    const stored = (p?.type === 'assignment' || p?.type === 'augmented_assignment') && p.childForFieldName('left')?.id === n.id;
    return { method: p?.type === 'delete_statement' ? '__delitem__' : stored && p?.type === 'assignment' ? '__setitem__' : '__getitem__', operand };
  }
  if (n.type === 'augmented_assignment') {
    const operand = n.childForFieldName('left');
    const op = n.childForFieldName('operator')?.text.slice(0, -1) ?? '';
    const plain = OPERATORS[op];
    return operand?.type === 'identifier' && plain ? { method: plain.replace('__', '__i'), operand, fallback: plain } : undefined;
  }
  if (n.type !== 'binary_operator' && n.type !== 'comparison_operator') return undefined;
  const parts = codeChildren(n);
  if (n.type === 'comparison_operator') {
    if (parts.length !== 2) return undefined;
    const op = n.children.filter((c) => !c.isNamed).map((c) => c.text).join(' ');
    // `x in self` asks the right operand.
    if (op === 'in' || op === 'not in') return parts[1].type === 'identifier' ? { method: '__contains__', operand: parts[1] } : undefined;
    const method = OPERATORS[op];
    return parts[0].type === 'identifier' && method ? { method, operand: parts[0] } : undefined;
  }
  const left = n.childForFieldName('left');
  const op = n.childForFieldName('operator')?.text;
  // `"%s" % self` formats `self` with `str` (`%r`: `repr`).
  if (op === '%' && left?.type === 'string') {
    const formatted = percentFormatted(left, n.childForFieldName('right'));
    if (formatted) return formatted;
  }
  if (left?.type !== 'identifier') return undefined;
  const method = op ? OPERATORS[op] : undefined;
  return method ? { method, operand: left } : undefined;
}

/** A plain name whose truth the statement or expression around it tests. */
function isTruthTested(id: Node): boolean {
  const p = id.parent;
  if (!p) return false;
  switch (p.type) {
    case 'if_statement':
    case 'elif_clause':
    case 'while_statement':
      return p.childForFieldName('condition')?.id === id.id;
    case 'assert_statement':
      return codeChildren(p)[0]?.id === id.id;
    case 'conditional_expression':
      return codeChildren(p)[1]?.id === id.id;
    case 'boolean_operator':
      return true;
    default:
      return false;
  }
}

/** `"%s" % x` / `"%r" % (a, x)`: the plain name a `%s`/`%r` conversion formats, and the method it runs. */
function percentFormatted(template: Node, right: Node | null): { method: string; operand: Node } | undefined {
  if (!right) return undefined;
  const conversions: string[] = [];
  for (const m of template.text.matchAll(/%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([a-zA-Z%])/g)) if (m[1] !== '%') conversions.push(m[1]);
  const items = right.type === 'tuple' || right.type === 'parenthesized_expression' ? codeChildren(right) : [right];
  if (right.type !== 'tuple' && conversions.length !== 1) return undefined;
  for (let i = 0; i < items.length && i < conversions.length; i++) {
    const method = conversions[i] === 's' ? '__str__' : conversions[i] === 'r' || conversions[i] === 'a' ? '__repr__' : undefined;
    if (method && items[i].type === 'identifier') return { method, operand: items[i] };
  }
  return undefined;
}

/** `"{}".format(x)` / `"{0!r}".format(x)`: the plain name a field formats whole, and the method it runs. */
function formatCallFormatted(call: Node): { method: string; operand: Node; fallback?: string } | undefined {
  const fn = call.childForFieldName('function');
  const receiver = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
  if (receiver?.type !== 'string' || fn?.childForFieldName('attribute')?.text !== 'format') return undefined;
  const args = codeChildren(call.childForFieldName('arguments') ?? call);
  let auto = 0;
  for (const m of receiver.text.matchAll(/\{\{|\{(\d*)(?:!([rsa]))?(:[^{}]*)?\}/g)) {
    if (m[0] === '{{') continue;
    const index = m[1] === '' ? auto++ : Number(m[1]);
    const arg = args[index];
    if (arg?.type !== 'identifier') continue;
    const method = m[2] === 'r' || m[2] === 'a' ? '__repr__' : m[2] === 's' ? '__str__' : '__format__';
    return { method, operand: arg, fallback: method === '__format__' && !m[3] ? '__str__' : undefined };
  }
  return undefined;
}

/** Builtins that call a method of their argument's class: `repr(x)` runs `type(x).__repr__`. */
const PROTOCOLS: Record<string, string> = {
  repr: '__repr__', str: '__str__', len: '__len__', hash: '__hash__', bool: '__bool__', iter: '__iter__', format: '__format__',
  abs: '__abs__', int: '__int__', float: '__float__', reversed: '__reversed__', dir: '__dir__', next: '__next__', bytes: '__bytes__',
};

/** Builtins that call a method of each item of a display they are given: `repr([x])` runs `repr(x)`, `str` of a list too. */
const ITEM_PROTOCOLS: Record<string, string> = { repr: '__repr__', str: '__repr__', ascii: '__repr__', hash: '__hash__' };

/**
 * Whether evaluating an expression (or a simple statement) always makes a target call: calls
 * behind `and`/`or`, in a branch of `x if c else y`, in a comprehension or a lambda may not run.
 */
function alwaysCalls(node: Node | null | undefined, isTarget: IsTarget): boolean {
  if (!node) return false;
  const calls = alwaysCalled(node);
  for (let i = 0; i < calls.length; i++) if (isTarget(calls[i])) return true;
  // `f(n - 1) if n else f(n + 1)`: a conditional that always runs, both of whose branches call.
  for (const cond of alwaysConditionals.get(node) ?? []) {
    const [body, , orelse] = codeChildren(cond);
    if (alwaysCalls(body, isTarget) && alwaysCalls(orelse, isTarget)) return true;
  }
  return false;
}

/** `self.name = v` with a plain name for the object: if the class gives `name` a property setter, the store runs it. */
function isAttributeStore(n: Node): boolean {
  if (n.type !== 'attribute' || n.childForFieldName('object')?.type !== 'identifier') return false;
  const p = n.parent;
  return p?.type === 'assignment' && p.childForFieldName('left')?.id === n.id;
}

/** The `@name.setter` def of a class body. */
function propertySetter(cls: Node, name: string): Node | undefined {
  const body = cls.childForFieldName('body');
  for (const c of body ? codeChildren(body) : []) {
    if (c.type !== 'decorated_definition') continue;
    const def = c.childForFieldName('definition');
    if (def?.type !== 'function_definition' || normalizeIdentifier(def.childForFieldName('name')?.text ?? '') !== name) continue;
    if (c.namedChildren.some((d) => d?.type === 'decorator' && d.namedChildren.find((x) => x?.type !== 'comment')?.text === `${name}.setter`)) return def;
  }
  return undefined;
}

/**
 * `self.name` read (not called, assigned or deleted) with a plain name for the object: if the
 * class makes `name` a property, the read runs its getter.
 */
function isAttributeRead(n: Node): boolean {
  if (n.type !== 'attribute' || n.childForFieldName('object')?.type !== 'identifier') return false;
  const p = n.parent;
  if (!p) return false;
  if (p.type === 'call' && p.childForFieldName('function')?.id === n.id) return false;
  if ((p.type === 'assignment' || p.type === 'augmented_assignment') && p.childForFieldName('left')?.id === n.id) return false;
  return p.type !== 'delete_statement' && p.type !== 'pattern_list' && p.type !== 'tuple_pattern';
}

/** Whether a method is a property getter (`@property`, `@functools.cached_property`). */
function isPropertyGetter(fn: Node): boolean {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (!decorated) return false;
  return decorated.namedChildren.some((d) => d?.type === 'decorator' && /^(?:property|functools\.cached_property|cached_property)$/.test(d.namedChildren.find((c) => c?.type !== 'comment')?.text ?? ''));
}

/** The `x if c else y` expressions evaluating a node always reaches (filled by `alwaysCalled`). */
const alwaysConditionals = new WeakMap<Node, readonly Node[]>();

/**
 * The calls evaluating `node` always makes, whatever the target: a function body is asked
 * about once for every function it calls, and walking it each time was this rule's largest
 * cost. Syntax alone decides, so the list stays valid for as long as the node lives.
 */
const alwaysCalledCache = new WeakMap<Node, readonly Node[]>();

function alwaysCalled(node: Node): readonly Node[] {
  const cached = alwaysCalledCache.get(node);
  if (cached) return cached;
  const calls: Node[] = [];
  const conditionals: Node[] = [];
  const stack: Node[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'call' || isAttributeRead(n) || isAttributeStore(n) || operatorMethod(n)) calls.push(n);
    if (NESTED_SCOPES.has(n.type) || COMPREHENSIONS.has(n.type) || n.type === 'block') continue;
    if (n.type === 'boolean_operator') {
      const left = n.childForFieldName('left');
      if (left) stack.push(left);
      continue;
    }
    if (n.type === 'conditional_expression') {
      conditionals.push(n);
      const condition = codeChildren(n)[1];
      if (condition) stack.push(condition);
      continue;
    }
    const children = codeChildren(n);
    for (let i = 0; i < children.length; i++) stack.push(children[i]);
  }
  alwaysCalledCache.set(node, calls);
  if (conditionals.length) alwaysConditionals.set(node, conditionals);
  return calls;
}

/** Statements in pre-order, without entering nested functions and classes. */
function statementsOf(body: Node): Node[] {
  const out: Node[] = [];
  const stack: Node[] = [body];
  while (stack.length && out.length < MAX_STATEMENTS) {
    const n = stack.pop()!;
    out.push(n);
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'decorated_definition') continue;
    for (let i = n.namedChildCount - 1; i >= 0; i--) {
      const c = n.namedChild(i);
      if (c && (COMPOUND.has(c.type) || c.type.endsWith('_statement') || c.type.endsWith('_clause'))) stack.push(c);
    }
  }
  return out;
}

/**
 * Outcomes of a function body with respect to target calls, computed bottom-up over its
 * statements (reverse pre-order, so every block is done before the statement that holds it):
 * no recursion over the tree. Returns undefined when the body is too large to analyse.
 */
function bodyOutcomes(context: RuleContext, order: Node[], isTarget: IsTarget): number | undefined {
  if (!order.length || order.length >= MAX_STATEMENTS) return undefined;
  const body = order[0];
  const out = new Map<number, number>();
  const of = (n: Node | null | undefined, dflt = FALL): number => (n ? (out.get(n.id) ?? FALL | EXIT) : dflt);
  const clause = (n: Node, type: string): Node | undefined => codeChildren(n).find((c) => c.type === type);
  const loop = (bodyOut: number, normalEnd: number): number => normalEnd | (bodyOut & EXIT) | (bodyOut & BREAK ? FALL : 0);
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i];
    let o: number;
    switch (n.type) {
      case 'block': {
        o = 0;
        let reach = true;
        for (const s of codeChildren(n)) {
          const so = of(s);
          o |= so & ~FALL;
          if (!(so & FALL)) {
            reach = false;
            break;
          }
        }
        if (reach) o |= FALL;
        break;
      }
      case 'if_statement': {
        o = 0;
        let reach = true;
        const branches: { condition: Node | null; body: Node | null }[] = [{ condition: n.childForFieldName('condition'), body: n.childForFieldName('consequence') }];
        let elseBody: Node | null = null;
        for (const alt of n.childrenForFieldName('alternative')) {
          if (alt?.type === 'elif_clause') branches.push({ condition: alt.childForFieldName('condition'), body: alt.childForFieldName('consequence') });
          else if (alt?.type === 'else_clause') elseBody = alt.childForFieldName('body');
        }
        for (const b of branches) {
          if (alwaysCalls(b.condition, isTarget)) {
            reach = false;
            break;
          }
          const t = truthiness(context, b.condition);
          if (t === false) continue;
          o |= of(b.body);
          if (t === true) {
            reach = false;
            break;
          }
        }
        if (reach) o |= elseBody ? of(elseBody) : FALL;
        break;
      }
      case 'while_statement': {
        const condition = n.childForFieldName('condition');
        if (alwaysCalls(condition, isTarget)) {
          o = 0;
          break;
        }
        const t = truthiness(context, condition);
        const elseOut = of(n.childForFieldName('alternative')?.childForFieldName('body'));
        o = t === false ? elseOut : loop(of(n.childForFieldName('body')), t === true ? 0 : elseOut);
        break;
      }
      case 'for_statement': {
        if (alwaysCalls(n.childForFieldName('right'), isTarget)) {
          o = 0;
          break;
        }
        o = loop(of(n.childForFieldName('body')), of(n.childForFieldName('alternative')?.childForFieldName('body')));
        break;
      }
      case 'try_statement': {
        const b = of(n.childForFieldName('body'));
        const elseClause = clause(n, 'else_clause');
        o = (b & ~FALL) | (b & FALL ? of(elseClause?.childForFieldName('body')) : 0);
        // Anything in the body may raise before the call, so every handler is reachable.
        for (const h of codeChildren(n)) if (h.type === 'except_clause' || h.type === 'except_group_clause') o |= of(clause(h, 'block'));
        const fin = clause(n, 'finally_clause');
        if (fin) {
          const f = of(clause(fin, 'block'));
          o = f === 0 ? 0 : o | (f & ~FALL);
        }
        break;
      }
      case 'with_statement':
        o = alwaysCalls(clause(n, 'with_clause'), isTarget) ? 0 : of(n.childForFieldName('body'));
        break;
      case 'match_statement': {
        if (alwaysCalls(n.childForFieldName('subject'), isTarget)) {
          o = 0;
          break;
        }
        o = FALL;
        const cases = n.childForFieldName('body');
        for (const c of cases ? codeChildren(cases) : []) o |= of(c.childForFieldName('consequence'));
        break;
      }
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition':
        o = FALL;
        break;
      case 'break_statement':
        o = BREAK;
        break;
      case 'continue_statement':
        o = CONTINUE;
        break;
      case 'assert_statement':
        o = alwaysCalls(n, isTarget) ? 0 : FALL | EXIT;
        break;
      default:
        if (n.type.endsWith('_clause')) continue;
        o = alwaysCalls(n, isTarget) ? 0 : SIMPLE_EXIT.has(n.type) ? EXIT : n.type === 'ERROR' ? FALL | EXIT : FALL;
    }
    out.set(n.id, o);
  }
  return out.get(body.id);
}

function isAsync(fn: Node): boolean {
  return fn.type === 'function_definition' && fn.child(0)?.type === 'async';
}

/** The name a function is known by: `def name`, or `name = lambda ...`. */
function functionName(fn: Node): string | undefined {
  if (fn.type === 'function_definition') return fn.childForFieldName('name')?.text;
  const p = fn.parent;
  const left = p?.type === 'assignment' && p.childForFieldName('right')?.id === fn.id ? p.childForFieldName('left') : null;
  return left?.type === 'identifier' ? left.text : undefined;
}

function isStaticMethod(fn: Node): boolean {
  const d = fn.parent;
  return d?.type === 'decorated_definition' && codeChildren(d).some((c) => c.type === 'decorator' && /\bstaticmethod\b/.test(c.text));
}

/**
 * `methodsOf` by the class body's list of children: an edit that replaces a method replaces the
 * list (syntaxTree.ts), so a list seen before has the same methods. Every kept summary of a
 * keystroke asks for its class's methods.
 */
const methodsByChildren = new WeakMap<readonly Node[], Map<string, Node | null>>();

/** The `def`s directly in a class body by name: the one def of a name, or null when there are several. */
function methodsOf(cls: Node): Map<string, Node | null> {
  const body = cls.childForFieldName('body');
  const known = body ? methodsByChildren.get(body.children) : undefined;
  if (known) return known;
  const methods = new Map<string, Node | null>();
  for (const c of body ? codeChildren(body) : []) {
    const def = c.type === 'decorated_definition' ? c.childForFieldName('definition') : c;
    if (def?.type !== 'function_definition') continue;
    const name = normalizeIdentifier(def.childForFieldName('name')?.text ?? '');
    methods.set(name, methods.has(name) ? null : def);
  }
  if (body) methodsByChildren.set(body.children, methods);
  return methods;
}

/**
 * The `def` or `lambda` whose body runs `node` when it is called (not one nested in it), if any.
 * Code in a nested function, class or lambda runs elsewhere; a default value or a decorator runs
 * where the function is defined.
 */
function runningFunctionOf(node: Node): Node | undefined {
  let child = node;
  let p = node.parent;
  while (p && !NESTED_SCOPES.has(p.type)) {
    child = p;
    p = p.parent;
  }
  if (!p || p.type === 'class_definition') return undefined;
  return p.childForFieldName('body') === child ? p : undefined;
}

/** `runningFunctionOf` and the nearest function, class or lambda around a node, found by climbing (once per statement). */
function runningAndEnclosing(node: Node): { running: Node | undefined; enclosing: Node | undefined } {
  let p = node.parent;
  while (p && !NESTED_SCOPES.has(p.type)) p = p.parent;
  return { running: runningFunctionOf(node), enclosing: p ?? undefined };
}

/** True for a def whose own code (not that of a function, class or lambda nested in it) yields: calling it only makes a generator. */
function yieldsIn(fn: Node): boolean {
  // Named nodes only: the `yield` expression, not its keyword (an error node may hold a bare one).
  const stack: Node[] = [...fn.namedChildren];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'yield') return true;
    if (NESTED_SCOPES.has(node.type)) continue;
    const children = node.namedChildren;
    for (let i = 0; i < children.length; i++) stack.push(children[i]);
  }
  return false;
}

/** Whether `word` is written in the text of `node` (as part of anything). */
function holdsWord(source: string, word: string, node: Node): boolean {
  // Searched within the node only: an `indexOf` from its start would run on to the end of the
  // file for every statement of a file that has no `lambda`.
  return source.slice(node.startIndex, node.endIndex).includes(word);
}

/** One analysed function: its calls of analysed functions, and the callees it calls on every path before it can return. */
interface FunctionSummary {
  fn: Node;
  calls: { call: Node; callee: Node }[];
  /** Callee id -> the first call that makes the edge. */
  edges: Map<number, Node>;
}

/**
 * What a summary took from outside its own unit, checked before a kept summary is used again:
 * an edit elsewhere can replace the function a call resolved to, or add a method of that name.
 */
interface Dependencies {
  /** The functions its calls resolved to. */
  callees: Set<Node>;
  /**
   * Methods looked up by name, and what was found: in the class a method is defined in
   * (`self.name(...)`; `from` is the method, so that a class copied anew around the same method
   * is still its class) or in a class the resolver found (`Class.name(...)`; `from` is the class).
   */
  lookups: MethodLookup[];
  /**
   * Where those lookups were made from (`from`, `ofMethod`), each with the method table of the
   * class they looked in (`methodsOf`: one object while the class's body is the same list). The
   * same table now, and every lookup made from there finds what it found.
   */
  groups: LookupGroup[];
}

interface MethodLookup {
  from: Node;
  ofMethod: boolean;
  name: string;
  found: Node | undefined;
}

const NO_METHODS: ReadonlyMap<string, Node | null> = new Map();

interface LookupGroup {
  from: Node;
  ofMethod: boolean;
  /** The table the lookups read (or one found to give the same since, `stillHolds`). */
  methods: ReadonlyMap<string, Node | null>;
}

/** The analysed functions of a unit, and the work they took of the module's budget. */
interface StatementSummary {
  functions: FunctionSummary[];
  spent: number;
  /** The budget ran out in this unit: later edges were not worked out. */
  exhausted: boolean;
  dependencies: Dependencies;
}

/**
 * The functions of a summary that can be reported: those with a must-call edge (a cycle goes
 * through such functions only) or a call of themselves (nested recursion). Most functions have
 * neither, and a keystroke goes over every kept summary of the file: not over all of theirs.
 */
const reportable = new WeakMap<StatementSummary, FunctionSummary[]>();

function reportableOf(summary: StatementSummary): FunctionSummary[] {
  let out = reportable.get(summary);
  if (!out) reportable.set(summary, (out = summary.functions.filter((f) => f.edges.size > 0 || f.calls.some((c) => c.callee.id === f.fn.id))));
  return out;
}

/**
 * The parts of a top-level statement summarised apart (the incremental analysis's units): a
 * top-level class with methods is its header (everything but the methods) and each method, so
 * that a keystroke in one method of a large class summarises that method again, not the class.
 */
function piecesOf(statement: Node, root: Node): readonly { node: Node; members: readonly Node[] | undefined }[] {
  const cls = statement.type === 'class_definition' ? statement : statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : null;
  const body = cls?.type === 'class_definition' ? cls.childForFieldName('body') : null;
  if (!body) return [{ node: statement, members: undefined }];
  // The same statement with the same list of body children has the same pieces (an edit that
  // replaces a method replaces the list, syntaxTree.ts): worked out once, not every keystroke.
  const known = piecesByStatement.get(statement);
  if (known && known.children === body.children) return known.pieces;
  const pieces = piecesUncached(statement, body, root);
  piecesByStatement.set(statement, { children: body.children, pieces });
  return pieces;
}

const piecesByStatement = new WeakMap<Node, { children: readonly Node[]; pieces: readonly { node: Node; members: readonly Node[] | undefined }[] }>();

function piecesUncached(statement: Node, body: Node, root: Node): { node: Node; members: readonly Node[] | undefined }[] {
  const members = body.children.filter((c) => isClassMember(c, root));
  if (!members.length) return [{ node: statement, members: undefined }];
  // The header's `members` are those its summary skips (a Set made only when it is summarised:
  // an incremental run recalls most headers' summaries, every keystroke).
  const pieces: { node: Node; members: readonly Node[] | undefined }[] = [{ node: statement, members }];
  for (const m of members) pieces.push({ node: m, members: undefined });
  return pieces;
}

/** The largest argument of a call of an Ackermann-style function that still ends at once (`ack(3, 3)` is 61). */
/** Calls that run a coroutine as a task of its own. */
const SCHEDULERS = new Set(['asyncio.create_task', 'asyncio.ensure_future', 'asyncio.Task', 'asyncio.run_coroutine_threadsafe']);

const SMALL_ACKERMANN = 3n;

/** Nested recursion with arithmetic arguments only: Ackermann's `f(m - 1, f(m, n - 1))`. */
function nestedRecursion(outer: Node, isSelf: IsTarget): boolean {
  const args = outer.childForFieldName('arguments');
  if (!args) return false;
  let nested = false;
  const stack: Node[] = [args];
  while (stack.length) {
    const n = stack.pop()!;
    // Arguments that walk data (`t.left`, `xs[1:]`) shrink towards a base case: a tree fold, not Ackermann.
    if (n.type === 'attribute' || n.type === 'subscript' || NESTED_SCOPES.has(n.type)) return false;
    if (n.type === 'call' && isSelf(n)) nested = true;
    for (const c of codeChildren(n)) stack.push(c);
  }
  return nested;
}

/** Of those, the ones that iterate an argument (an iterator given to one is used up). */
const ITERATING_BUILTINS = new Set(['tuple', 'list', 'dict', 'set', 'frozenset', 'sum', 'any', 'all', 'min', 'max']);

/** Builtins that compute from their arguments alone (no callable handed in runs code of the file). */
const COMPUTING_BUILTINS = new Set(['int', 'float', 'str', 'bool', 'len', 'abs', 'min', 'max', 'round', 'repr', 'isinstance', 'tuple', 'list', 'dict', 'set', 'frozenset', 'range', 'sum', 'any', 'all', 'divmod', 'ord', 'chr', 'hex', 'bin', 'oct', 'format']);

/**
 * The function `call` is in, when `call` calls that function itself with exactly its parameters
 * in order (`parse(text)` in `def parse(text)`) and the function's body can only compute from
 * them: no call but of computing builtins and itself, no attribute or method call (`q.pop()`
 * changes what the next call sees), no store into an attribute or item, no `global`/`nonlocal`,
 * `yield` or `await`, parameters never bound again, no decorator, not a method.
 */
function sameArgumentsAgain(context: RuleContext, call: Node): Node | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'identifier') return undefined;
  let def: Node | null = call.parent;
  for (; def && !NESTED_SCOPES.has(def.type); def = def.parent) {
    // Inside a `try` body, the RecursionError it ends with may be caught and end the recursion.
    if (def.type === 'block' && def.parent?.type === 'try_statement' && def.parent.childForFieldName('body')?.id === def.id) return undefined;
    if (def.type === 'generator_expression') return undefined;
  }
  if (def?.type !== 'function_definition' || def.parent?.type === 'decorated_definition' || def.children.some((c) => c.type === 'async') || classOfMethod(def)) return undefined;
  const values = context.semantics.resolve(fn);
  if (values.length !== 1 || values[0].kind !== 'function' || values[0].node.id !== def.id) return undefined;
  const params = codeChildren(def.childForFieldName('parameters') ?? def);
  const args = codeChildren(call.childForFieldName('arguments') ?? call);
  if (params.length === 0 || args.length !== params.length) return undefined;
  for (let i = 0; i < params.length; i++) {
    const param = params[i];
    const p = parameterIdentifier(param);
    if (!p || args[i].type !== 'identifier' || normalizeIdentifier(args[i].text) !== normalizeIdentifier(p.text)) return undefined;
    if (context.semantics.bindingsOf(p).length !== 1 || context.semantics.bindingsOf(args[i]).length !== 1) return undefined;
  }
  const names = new Set(args.map((a) => normalizeIdentifier(a.text)));
  /** A parameter itself (`it`), whose state a loop over it, `in`, unpacking or an iterating builtin changes when it is an iterator. */
  const isParameter = (n: Node | null | undefined): boolean => {
    const u = unparenthesized(n ?? null);
    return u?.type === 'identifier' && names.has(normalizeIdentifier(u.text));
  };
  // Walked once per self-call of this shape (rare): the body, nested scopes included.
  const stack = [def.childForFieldName('body') ?? def];
  let seen = 0;
  while (stack.length) {
    const n = stack.pop()!;
    if (++seen > 4096) return undefined;
    switch (n.type) {
      case 'for_statement': case 'for_in_clause':
        if (isParameter(n.childForFieldName('right'))) return undefined;
        break;
      case 'comparison_operator':
        if (n.children.some((c) => !c.isNamed && /\bin\b/.test(c.text)) && codeChildren(n).slice(1).some(isParameter)) return undefined;
        break;
      case 'list_splat': case 'dictionary_splat':
        if (isParameter(codeChildren(n)[0])) return undefined;
        break;
      case 'global_statement': case 'nonlocal_statement': case 'yield': case 'await': case 'lambda': case 'function_definition': case 'class_definition':
        return undefined;
      case 'call': {
        const callee = n.childForFieldName('function');
        if (callee?.type !== 'identifier') return undefined;
        const target = context.semantics.resolve(callee);
        const self = target.length === 1 && target[0].kind === 'function' && target[0].node.id === def.id;
        if (!self && !(COMPUTING_BUILTINS.has(normalizeIdentifier(callee.text)) && context.semantics.isBuiltinReference(callee))) return undefined;
        // `any(...)`, `list(it)`, `sum(it)`: an iterating builtin given a parameter may use it up.
        if (!self && ITERATING_BUILTINS.has(normalizeIdentifier(callee.text)) && codeChildren(n.childForFieldName('arguments') ?? n).some(isParameter)) return undefined;
        break;
      }
      case 'assignment': case 'augmented_assignment': {
        const left = n.childForFieldName('left');
        if (left && left.type !== 'identifier' && left.type !== 'pattern_list' && left.type !== 'tuple_pattern') return undefined;
        // `seen = _seen` then `seen += [1]`: an alias of a parameter changes it in place; unpacking may use it up.
        if (isParameter(n.childForFieldName('right')) || (left?.type !== 'identifier' && n.type === 'assignment')) return undefined;
        break;
      }
      case 'delete_statement':
        return undefined;
    }
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  return def;
}

export const unboundedRecursion: Rule = {
  meta: {
    code: 'PC604',
    name: 'unbounded-recursion',
    summary: 'A function that calls itself on every path before it can return, or recurses Ackermann-style',
    defaultSeverity: 'error',
    docs: {
      what: [
        'A recursion that never reaches its end:',
        '',
        '- **Every path calls again**: a function (or a lambda bound to a name) every path of which calls it again before it can return or raise (`def spin(): spin()`, `return dive(n + 1)`, a `while True` around the call, a call in a condition or a `finally`), also through several functions (`ping` and `pong`); a coroutine that schedules itself so (`asyncio.ensure_future(hydra())`, an event loop\'s `.create_task(...)`) in a file that cancels nothing. A call behind `and`/`or`, in one branch of an `if` or a conditional expression, in a comprehension or a lambda does not count, so `fib` with a base case is fine; generators are not analysed, but one that delegates to a new one of its own before yielding (`def g(): yield from g()`) is.',
        '- **A base case the steps never reach**: a call with constant arguments of a function whose base case tests a parameter only for equality and whose steps never land on it (`countdown(7)` with `return countdown(n - 2)`), or which steps up a parameter the base case tests for small values (`return n * fact(n + 1)`).',
        '- **Arguments that come back**: a call with constant arguments of a function made of base cases (`if <test>: return/raise`) and one `return` that calls it, or another function of that shape, once, run call by call with the constant folder until the arguments repeat (`gcd(1071, 462)` with `return a if b == 0 else gcd(a, b % a)`) or, through another function, 10,000 calls pass with no base case (`is_even(5)` returning `is_odd(n + 1)`); its tests and arguments may read only the parameters and builtins, and a generator is not run.',
        '- **Its own parameters passed on unchanged** (`return describe(shape)`, a retry in an `except`) by a function that only computes from them.',
        '- **Protocol calls on its own object**: `repr(self)` in `__repr__`, `self == other` in `__eq__`, `self[k]` in `__getitem__`, a truth test of `self` in `__bool__`, formatting `self` whole in `__format__`/`__str__`/`__repr__`, `self.x = v` in the setter of the property `x`; a `__missing__` reading `self[key]`, a copy hook copying `self`, a comparison hook handing the comparison back swapped, a `__getattribute__`/`__setattr__` touching its own object, a `__getattr__` reading an attribute its objects never have (a plain class, and no store of that name anywhere in the file); a read in the first statement of a `try` whose handlers catch only ordinary errors (`except KeyError:`) counts as always run. Calls are resolved by scope: local names, `self.m(...)`, `ClassName.m(...)`, a class of the file (its `__init__`), a property read, a `map` of the function read to the end.',
        '- **Self-application**: `(lambda f: f(f))(lambda f: f(f))`.',
        '- **Nested recursion with plain arithmetic**, as in Ackermann\'s `ack(m - 1, ack(m, n - 1))`: it ends in theory, never in practice (not when every call in the file passes constants of at most 3, or names a `for` binds to a range of such).',
        '- **C-level nesting**: a `for` of more than 50,000 passes that wraps a name in a C iterator of itself (`chain = map(abs, chain)`, `filter`, `zip`, the `itertools` wrappers), or a `functools.reduce` over as many items wrapping its accumulator so: reading or freeing the result overflows the C stack, where no recursion limit applies (CPython gh-103503, gh-102356); a tuple nested in itself as often (`x = (x,)`) and then hashed. And source for `ast.parse`, `ast.literal_eval`, `compile`, `eval` or `exec` built of more than 1,000 copies of a fragment that nests (`"-" * 10**7 + "1"`, `".y" * n`, `"2**" * n`); not brackets, which the tokenizer stops at 200 levels.',
        '',
        '`sys.setrecursionlimit` is PC502\'s. The rule\'s tests show every case.',
      ].join('\n'),
      why:
        'The seed post names Ackermann\'s function as a CPU-exhaustion attack that no allowlist stops: it needs no import and no builtin. Plain unbounded recursion ends in `RecursionError`, but each frame costs memory and time, a plugin that also raised the recursion limit crashes the interpreter with a C stack overflow (a segmentation fault takes the host down), and one that catches `RecursionError` in a loop never finishes.',
      example: 'def spin():\n    spin()\n\ndef ack(m, n):\n    if m == 0:\n        return n + 1\n    if n == 0:\n        return ack(m - 1, 1)\n    return ack(m - 1, ack(m, n - 1))',
      instead: 'Give the recursion a base case that is reached, or write the loop out; bound the depth (`if depth > 100: raise ValueError`).',
    },
  },
  create(context) {
    const { policy, root } = context;
    const methodsByClass = new Map<Node, Map<string, Node | null>>();
    const methodTable = (cls: Node): Map<string, Node | null> => {
      let methods = methodsByClass.get(cls);
      if (!methods) methodsByClass.set(cls, (methods = methodsOf(cls)));
      return methods;
    };
    const methodOf = (cls: Node, name: string): Node | undefined => methodTable(cls).get(name) ?? undefined;
    /** `methodOf`, recorded for the summary being made. */
    const lookUp = (from: Node, ofMethod: boolean, cls: Node, name: string): Node | undefined => {
      const found = methodOf(cls, name);
      lookups?.push({ from, ofMethod, name, found });
      return found;
    };
    /** The method lookups of the call being resolved, when a summary is being made. */
    let lookups: Dependencies['lookups'] | undefined;
    /** The dependencies of the summary being made. */
    let recording: Dependencies | undefined;
    /** Each call is asked about once per function pair; its callee is worked out once, with the lookups that found it. */
    const callees = new Map<Node, { callee: Node | undefined; lookups: Dependencies['lookups'] }>();
    const generators = new Map<Node, boolean>();
    /** Defs whose code yields: calling one only makes a generator, so they are not analysed. */
    const isGenerator = (fn: Node): boolean => {
      let found = generators.get(fn);
      if (found === undefined) generators.set(fn, (found = yieldsIn(fn)));
      return found;
    };
    /** The functions analysed: defs that are not generators, and lambdas bound to a name. */
    const isAnalysed = (fn: Node): boolean => (fn.type === 'function_definition' ? !isGenerator(fn) : functionName(fn) !== undefined);

    /** The local function a call runs, when the callee denotes exactly one. */
    const calleeOf = (call: Node): Node | undefined => {
      let known = callees.get(call);
      if (!known) {
        lookups = [];
        known = { callee: calleeOfUncached(call), lookups };
        lookups = undefined;
        callees.set(call, known);
      }
      if (recording) {
        if (known.callee) recording.callees.add(known.callee);
        // Calls of one method through `self` look it up alike: one lookup each is checked.
        for (const l of known.lookups) {
          if (recording.lookups.some((r) => r.from === l.from && r.name === l.name)) continue;
          recording.lookups.push(l);
          const groups = recording.groups;
          if (!groups.some((g) => g.from === l.from && g.ofMethod === l.ofMethod)) {
            // The class `lookUp` looked in (the same one now: the tree has not changed since).
            const cls = l.ofMethod ? classOfMethod(l.from) : l.from;
            groups.push({ from: l.from, ofMethod: l.ofMethod, methods: cls ? methodTable(cls) : NO_METHODS });
          }
        }
      }
      return known.callee;
    };
    /**
     * Whether what a kept summary took from outside its unit is still so. Methods found by name
     * are not the resolver's answers, so the analyzer does not know to run the caller again when
     * another method is added, renamed or edited; a callee the resolver found is replaced only
     * together with its callers (the analyzer tracks the names they read), checked all the same:
     * a summary pointing at a node no longer in the tree would break the search for cycles.
     */
    // A node is in this run's tree when it is in its copy (syntaxTree.ts `SyntaxNode.tree`): a unit
    // an edit replaced keeps its nodes in the copy they were in.
    const tree = root.tree;
    const stillHolds = (dependencies: Dependencies): boolean => {
      for (const fn of dependencies.callees) if (fn.tree !== tree) return false;
      if (dependencies.lookups.length === 0) return true;
      // The lookups made from one place, in one table, are checked at once while the class's
      // method table is that table (thousands of `self.assert...` lookups in a test file).
      for (const g of dependencies.groups) {
        if (g.from.tree !== tree) return false;
        const cls = g.ofMethod ? classOfMethod(g.from) : g.from;
        if (!cls) return false;
        const methods = methodTable(cls);
        if (methods === g.methods) continue;
        for (const l of dependencies.lookups) if (l.from === g.from && l.ofMethod === g.ofMethod && methodOf(cls, l.name) !== l.found) return false;
        // All find what they found: the group is of this table now. (The old one names the
        // methods of that time, one of them since replaced, and with it the tree it was in.)
        g.methods = methods;
      }
      // Every lookup is in a group (one made where no class was found fails above).
      return true;
    };
    /**
     * `list(map(f, [x]))`: a `map` over a non-empty display, read to the end where it is made (the
     * argument of `list`, `tuple`, `set`, `sorted`, `sum`, ...), calls its function: that function.
     */
    const mappedFunction = (call: Node): Node | undefined => {
      const fn = call.childForFieldName('function');
      if (fn?.type !== 'identifier' || normalizeIdentifier(fn.text) !== 'map' || !context.semantics.isBuiltinReference(fn, 'map')) return undefined;
      const args = call.childForFieldName('arguments');
      const parts = args?.type === 'argument_list' ? codeChildren(args) : [];
      if (parts.length !== 2 || (parts[1].type !== 'list' && parts[1].type !== 'tuple') || !codeChildren(parts[1]).some((c) => c.type !== 'list_splat')) return undefined;
      const consumer = call.parent?.type === 'argument_list' ? call.parent.parent : undefined;
      const consumerFn = consumer?.type === 'call' ? consumer.childForFieldName('function') : undefined;
      if (consumerFn?.type !== 'identifier' || !MAP_CONSUMERS.has(normalizeIdentifier(consumerFn.text)) || !context.semantics.isBuiltinReference(consumerFn)) return undefined;
      return functionDenoted(parts[0]);
    };
    const calleeOfUncached = (call: Node): Node | undefined => {
      const callee = resolveCallee(call);
      // Calling an async function only makes a coroutine; its body runs when awaited, or as a
      // task of its own once scheduled (`asyncio.ensure_future(hydra())`: each run starts another).
      if (callee && isAsync(callee) && call.parent?.type !== 'await' && !scheduled(call)) return undefined;
      return callee;
    };
    /**
     * A coroutine made to be run as a task: the first argument (or `coro=`) of
     * `asyncio.create_task`/`ensure_future`/`Task`/`run_coroutine_threadsafe`, or of an event
     * loop's `.create_task(...)` (not a TaskGroup's, whose tasks a failing sibling cancels, nor a
     * `create_task` of any other object).
     */
    const scheduled = (call: Node): boolean => {
      let args = call.parent?.type === 'argument_list' ? call.parent : undefined;
      const keyword = call.parent?.type === 'keyword_argument' && call.parent.childForFieldName('name')?.text === 'coro' ? call.parent : undefined;
      if (keyword) args = keyword.parent?.type === 'argument_list' ? keyword.parent : undefined;
      const scheduler = args?.parent?.type === 'call' ? args.parent : undefined;
      if (!scheduler || (!keyword && positionalArguments(scheduler)[0]?.id !== call.id)) return false;
      const fn = scheduler.childForFieldName('function');
      if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'create_task') {
        const receiver = fn.childForFieldName('object');
        return !!receiver && isMadeBy(context, receiver, (q) => q === 'asyncio.get_running_loop' || q === 'asyncio.get_event_loop' || q === 'asyncio.new_event_loop');
      }
      return !!fn && context.semantics.qualifiedNames(fn).some((q) => SCHEDULERS.has(q));
    };
    /** `name` of the class of the method whose own `self` (its first parameter) `operand` is. */
    const selfMethod = (operand: Node, name: string): Node | undefined => {
      // `self += x` binds `self` again (to what `__iadd__` returns): still the parameter here.
      const bindings = context.semantics.bindingsOf(operand).filter((b) => b.kind !== 'augassign');
      if (bindings.length !== 1 || bindings[0].kind !== 'param') return undefined;
      const method = bindings[0].scope.node;
      const cls = classOfMethod(method);
      if (!cls || isStaticMethod(method) || firstParameter(method) !== normalizeIdentifier(operand.text)) return undefined;
      return lookUp(method, true, cls, name);
    };
    const resolveCallee = (call: Node): Node | undefined => {
      // `self.value` inside a method: the getter, when the class makes `value` a property.
      if (call.type === 'attribute') {
        const object = call.childForFieldName('object');
        const name = normalizeIdentifier(call.childForFieldName('attribute')?.text ?? '');
        const bindings = object ? context.semantics.bindingsOf(object) : [];
        if (!object || bindings.length !== 1 || bindings[0].kind !== 'param') return undefined;
        const method = bindings[0].scope.node;
        const cls = classOfMethod(method);
        if (!cls || isStaticMethod(method) || firstParameter(method) !== normalizeIdentifier(object.text)) return undefined;
        // `self.c = v` runs the setter of a property `c`.
        if (isAttributeStore(call)) return propertySetter(cls, name);
        const getter = lookUp(method, true, cls, name);
        return getter && isPropertyGetter(getter) ? getter : undefined;
      }
      // `self == other` inside a method: the operator runs the class's `__eq__` (`+` its `__add__`, …).
      const operator = call.type === 'call' ? formatCallFormatted(call) : operatorMethod(call);
      if (operator) {
        // Without a `__format__` of its own, `f"{self}"` and `"{}".format(self)` (no spec) are
        // `str(self)`; `not self` without `__bool__` asks `__len__`.
        const found = selfMethod(operator.operand, operator.method) ?? (operator.fallback ? selfMethod(operator.operand, operator.fallback) : undefined);
        if (found !== undefined || call.type !== 'call') return found;
      }
      const fn = call.childForFieldName('function');
      if (!fn) return undefined;
      // `self(...)` inside a method: the class's `__call__`.
      if (fn.type === 'identifier') {
        const called = selfMethod(fn, '__call__');
        if (called) return called;
      }
      const mapped = mappedFunction(call);
      if (mapped) return mapped;
      const values = context.semantics.resolve(fn);
      // One function, whatever the number of routes to it (no set made for every call).
      const first = values[0];
      if (first?.kind === 'function' && values.every((v) => v.kind === 'function' && v.node.id === first.node.id)) return first.node;
      // `A()` runs `A.__init__`: a constructor that makes another of its class on every path never returns.
      if (values.length === 1 && values[0].kind === 'class') return lookUp(values[0].node, false, values[0].node, '__init__');
      // `repr(self)` inside a method: the builtin calls the class's `__repr__` (`len` its `__len__`, …).
      if (fn.type === 'identifier') {
        const builtins = context.semantics.builtinNames(fn);
        let protocol = builtins.map((b) => PROTOCOLS[b]).find((d) => d !== undefined);
        let self = protocol ? call.childForFieldName('arguments')?.namedChildren.find((c) => c.type !== 'comment') : undefined;
        // `hash((self,))`, `repr([self])`: a display's hash or text is made from its items'.
        if (self && (self.type === 'tuple' || self.type === 'list' || self.type === 'set')) {
          const item = ITEM_PROTOCOLS[builtins.find((b) => ITEM_PROTOCOLS[b] !== undefined) ?? ''];
          protocol = item && (item !== '__hash__' || self.type === 'tuple') ? item : undefined;
          self = codeChildren(self).find((c) => c.type === 'identifier');
        }
        if (!protocol || self?.type !== 'identifier') return undefined;
        const bindings = context.semantics.bindingsOf(self);
        if (bindings.length !== 1 || bindings[0].kind !== 'param') return undefined;
        const method = bindings[0].scope.node;
        const cls = classOfMethod(method);
        if (!cls || isStaticMethod(method) || firstParameter(method) !== normalizeIdentifier(self.text)) return undefined;
        return lookUp(method, true, cls, protocol);
      }
      if (fn.type !== 'attribute') return undefined;
      const object = fn.childForFieldName('object');
      const name = normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '');
      // `type(self).name(...)`: the class of the method's own `self`.
      if (object?.type === 'call') {
        const typeFn = object.childForFieldName('function');
        const typeArgs = codeChildren(object.childForFieldName('arguments') ?? object);
        if (typeFn?.type === 'identifier' && typeArgs.length === 1 && typeArgs[0].type === 'identifier' && context.semantics.builtinNames(typeFn).includes('type')) {
          const self = typeArgs[0];
          const own = context.semantics.bindingsOf(self);
          if (own.length !== 1 || own[0].kind !== 'param') return undefined;
          const method = own[0].scope.node;
          const cls = classOfMethod(method);
          if (!cls || isStaticMethod(method) || firstParameter(method) !== normalizeIdentifier(self.text)) return undefined;
          return lookUp(method, true, cls, name);
        }
      }
      if (object?.type !== 'identifier') return undefined;
      // `self.name(...)` / `cls.name(...)` inside a method: the class that defines the method.
      const bindings = context.semantics.bindingsOf(object);
      if (bindings.length === 1 && bindings[0].kind === 'param') {
        const method = bindings[0].scope.node;
        const cls = classOfMethod(method);
        if (cls && !isStaticMethod(method) && firstParameter(method) === normalizeIdentifier(object.text)) return lookUp(method, true, cls, name);
        return undefined;
      }
      const classes = context.semantics.resolve(object);
      return classes.length === 1 && classes[0].kind === 'class' ? lookUp(classes[0].node, false, classes[0].node, name) : undefined;
    };

    /**
     * The analysed functions of one unit (`piecesOf`; `skip`: the methods of a class header),
     * with their calls of analysed functions and the calls made on every path (the edges),
     * spending `budget` as one walk of the whole module would at that point. What a unit's
     * functions call depends on it, on the resolver and on its `Dependencies`, so an incremental
     * analysis keeps this for the units an edit leaves, while those dependencies hold.
     */
    const summarize = (statement: Node, budget: number, skip: ReadonlySet<Node> | undefined): StatementSummary => {
      const dependencies: Dependencies = { callees: new Set(), lookups: [], groups: [] };
      // A statement whose text holds neither keyword holds no function: nothing to walk.
      if (!holdsWord(context.source, 'def', statement) && !holdsWord(context.source, 'lambda', statement)) return { functions: [], spent: 0, exhausted: false, dependencies };
      recording = dependencies;
      try {
        return summarizeWalk(statement, budget, skip, dependencies);
      } finally {
        recording = undefined;
      }
    };
    const summarizeWalk = (statement: Node, budget: number, skip: ReadonlySet<Node> | undefined, dependencies: Dependencies): StatementSummary => {
      const functions: Node[] = [];
      const callsByFunction = new Map<Node, Node[]>();
      const yielding = new Set<Node>();
      // Named nodes only (calls, definitions and `yield` are named), in document order. Each
      // node goes with the function whose body runs it (`runningFunctionOf`) and the nearest
      // function, class or lambda around it (a `yield` makes that one a generator if it is a def), worked out on the way
      // down instead of by climbing from every call.
      const start = statement.parent ? runningAndEnclosing(statement) : { running: undefined, enclosing: undefined };
      const stack: Node[] = [statement];
      const runningStack: (Node | undefined)[] = [start.running];
      const enclosingStack: (Node | undefined)[] = [start.enclosing];
      while (stack.length) {
        const node = stack.pop()!;
        const running = runningStack.pop();
        const enclosing = enclosingStack.pop();
        const type = node.type;
        if (type === 'function_definition' || (type === 'lambda' && functionName(node))) functions.push(node);
        else if (type === 'call' || (type === 'attribute' && running && (isAttributeRead(node) || isAttributeStore(node))) || (running && operatorMethod(node))) {
          if (running) {
            const list = callsByFunction.get(running);
            if (list) list.push(node);
            else callsByFunction.set(running, [node]);
          }
        } else if (type === 'yield') {
          if (enclosing?.type === 'function_definition') yielding.add(enclosing);
        }
        const scope = NESTED_SCOPES.has(type);
        const children = node.children;
        for (let i = children.length - 1; i >= 0; i--) {
          const child = children[i];
          // A leaf (a name, a number) is no call, definition or `yield`, and holds none.
          if (!child.isNamed || (child.children.length === 0 && !(child.type === 'identifier' && isTruthTested(child))) || skip?.has(child)) continue;
          stack.push(child);
          // Code in a nested function's body runs when it is called; its parameters, defaults
          // and annotations, and a class's body, run in no function of theirs.
          runningStack.push(scope ? (type !== 'class_definition' && child.fieldName === 'body' ? node : undefined) : running);
          enclosingStack.push(scope ? node : enclosing);
        }
      }
      // The walk saw every `yield` of these defs: whether each is a generator is known without another.
      for (const fn of functions) if (fn.type === 'function_definition') generators.set(fn, yielding.has(fn));
      const summaries: FunctionSummary[] = [];
      let spent = 0;
      let exhausted = false;
      for (const fn of functions) {
        if (!isAnalysed(fn)) continue;
        const calls: FunctionSummary['calls'] = [];
        for (const call of callsByFunction.get(fn) ?? []) {
          const callee = calleeOf(call);
          if (callee && isAnalysed(callee)) calls.push({ call, callee });
        }
        const edges = new Map<number, Node>();
        const tried = new Set<number>();
        const body = fn.childForFieldName('body');
        const order = calls.length && fn.type !== 'lambda' && body ? statementsOf(body) : [];
        // With several callees, one pass that matches none finds the outcome of every callee no
        // statement or condition always calls (most of them), and which callees some do: only
        // those need a pass of their own. Every call here has its callee worked out already
        // (the loop above), so the probe asks the resolver nothing new.
        let probe: { outcome: number | undefined; called: Set<number> } | undefined;
        if (fn.type !== 'lambda' && new Set(calls.map((c) => c.callee.id)).size > 1) {
          const called = new Set<number>();
          const outcome = bodyOutcomes(context, order, (c) => {
            const id = calleeOf(c)?.id;
            if (id !== undefined) called.add(id);
            return false;
          });
          probe = { outcome, called };
        }
        for (const { call, callee } of calls) {
          if (tried.has(callee.id)) continue;
          tried.add(callee.id);
          spent += order.length + 1;
          if (budget - spent <= 0) {
            exhausted = true;
            break;
          }
          const isTarget: IsTarget = (c) => calleeOf(c)?.id === callee.id;
          const outcome =
            fn.type === 'lambda'
              ? alwaysCalls(body, isTarget)
                ? 0
                : EXIT
              : probe !== undefined && !probe.called.has(callee.id)
                ? probe.outcome
                : bodyOutcomes(context, order, isTarget);
          if (outcome === 0) edges.set(callee.id, call);
        }
        summaries.push({ fn, calls, edges });
      }
      return { functions: summaries, spent, exhausted, dependencies };
    };

    /** The function one expression denotes (a lambda in parentheses, a name bound to a def), if exactly one. */
    const functionDenoted = (node: Node | undefined): Node | undefined => {
      const values = node ? context.semantics.resolve(node) : [];
      return values.length === 1 && values[0].kind === 'function' ? values[0].node : undefined;
    };
    /** `lambda f: f(f)`, `def w(f): return f(f)`: a function of one parameter whose whole body applies it to itself. */
    const isSelfApplier = (fn: Node): boolean => {
      const params = fn.childForFieldName('parameters');
      const ps = params ? codeChildren(params) : [];
      if (ps.length !== 1 || ps[0].type !== 'identifier') return false;
      let body: Node | undefined = fn.childForFieldName('body') ?? undefined;
      if (fn.type === 'function_definition') {
        const statements = body ? codeChildren(body) : [];
        body = statements.length === 1 && statements[0].type === 'return_statement' ? codeChildren(statements[0])[0] : undefined;
      }
      while (body?.type === 'parenthesized_expression') body = codeChildren(body)[0];
      if (body?.type !== 'call') return false;
      const callee = body.childForFieldName('function');
      const args = body.childForFieldName('arguments');
      const passed = args?.type === 'argument_list' ? codeChildren(args) : [];
      const isParam = (n: Node | null | undefined): boolean =>
        n?.type === 'identifier' && context.semantics.bindingsOf(n).every((b) => b.kind === 'param' && b.node.id === ps[0].id) && context.semantics.bindingsOf(n).length === 1;
      return isParam(callee) && passed.length === 1 && isParam(passed[0]);
    };
    /** Syntax only: a lambda that is a self-applier, or a name bound (anywhere) to a function or lambda that is one. */
    const mayBeSelfApplier = (node: Node | null | undefined): boolean => {
      while (node?.type === 'parenthesized_expression') node = codeChildren(node)[0];
      if (node?.type === 'lambda') return isSelfApplier(node);
      if (node?.type !== 'identifier') return false;
      const bindings = context.semantics.bindingsOf(node);
      return bindings.some((b) => {
        const defined = b.definition ?? b.value;
        // An alias (`v = w`) is left to the resolver.
        if (defined?.type === 'identifier' || defined?.type === 'parenthesized_expression') return true;
        return (defined?.type === 'lambda' || defined?.type === 'function_definition') && isSelfApplier(defined);
      });
    };
    const selfApplication = (node: Node): void => {
      // `(lambda f: f(f))(lambda f: f(f))`: each application makes the same application again.
      const args = node.childForFieldName('arguments');
      const passed = args?.type === 'argument_list' ? codeChildren(args) : [];
      if (passed.length !== 1) return;
      // The resolver is asked only about calls that can be self-application at all: the callee
      // and the argument each a lambda or a name that some `lambda p: p(p)` / `def w(p): return
      // p(p)` in reach binds, which almost no call of real code is.
      if (!mayBeSelfApplier(node.childForFieldName('function')) || !mayBeSelfApplier(passed[0])) return;
      const fn = functionDenoted(node.childForFieldName('function') ?? undefined);
      if (!fn || !isSelfApplier(fn)) return;
      const arg = functionDenoted(passed[0]);
      if (!arg || !isSelfApplier(arg)) return;
      context.report({
        node,
        message: `a function that calls its argument on itself is applied to such a function; the recursion never ends; not allowed by policy '${policy.name}'`,
      });
    };
    /**
     * `def g(): yield from g()`: a generator that hands over to a new generator of its own before
     * it yields anything (the delegation is a statement of its body itself, after only plain
     * statements without `yield`, `return` or `raise`) never yields: the first `next()` nests
     * without end.
     */
    const selfDelegation = (node: Node): void => {
      const parts = codeChildren(node);
      const call = parts[0];
      if (call?.type !== 'call' || !node.children.some((c) => c.type === 'from')) return;
      const stmt = node.parent;
      const fn = stmt?.parent?.parent;
      if (stmt?.type !== 'expression_statement' || fn?.type !== 'function_definition' || fn.childForFieldName('body')?.id !== stmt.parent!.id) return;
      for (const before of codeChildren(stmt.parent!)) {
        if (before.id === stmt.id) break;
        if (!PLAIN_STATEMENTS.has(before.type) || /\b(yield|return|raise)\b/.test(before.text)) return;
      }
      if (functionDenoted(call.childForFieldName('function') ?? undefined)?.id !== fn.id) return;
      context.report({
        node,
        message: `'${functionName(fn) ?? 'generator'}' delegates to a new generator of its own ('${shortText(node)}') before it yields anything; iterating it recurses without end; not allowed by policy '${policy.name}'`,
      });
    };
    /**
     * Every call of `fn` from outside it passes small constants (`ack(2, 3)`: a few dozen calls).
     * Ackermann's function outgrows any loop only from 4 on; with no call in the file, or one of
     * another kind, the definition is reported for what a host may call it with.
     */
    /** A name a `for` or comprehension binds to a `range` of at most `SMALL_ACKERMANN` (`for m in range(3)`). */
    const smallCount = (a: Node | null | undefined): boolean => {
      const m = a?.type === 'identifier' ? magnitudeOf(context, a) : undefined;
      return !!m?.isInt && !m.negative && !m.atLeast && m.abs <= Number(SMALL_ACKERMANN);
    };
    const onlySmallCalls = (fn: Node): boolean => {
      const scope = context.semantics.scopeOfDefinition(fn);
      const params = scope ? [...scope.bindings.values()].flat().filter((b) => b.kind === 'param') : [];
      const sites = params.length ? context.semantics.argumentsAtCalls(fn, params) : undefined;
      if (!sites) return false;
      let outside = 0;
      for (const passed of sites) {
        const args = [...passed.values()];
        if (args.some((a) => a && a.startIndex >= fn.startIndex && a.endIndex <= fn.endIndex)) continue;
        outside++;
        for (const a of args) {
          const v = a ? context.semantics.fold(a) : undefined;
          if (v?.t === 'int' ? v.v < 0n || v.v > SMALL_ACKERMANN : !smallCount(a)) return false;
        }
      }
      return outside > 0;
    };
    /**
     * `return describe(shape)` in `describe(shape)`: a call of the function it is in, with its own
     * parameters passed on unchanged, in a function whose body can do nothing but compute from
     * them (`sameArgumentsAgain`): once that call is reached, every call reaches it again.
     */
    const callsItselfUnchanged = (call: Node): void => {
      const def = sameArgumentsAgain(context, call);
      if (!def) return;
      // Called on every path before it can return: the cycle `module:exit` reports, at its first call.
      const body = def.childForFieldName('body');
      if (body && bodyOutcomes(context, statementsOf(body), (c) => calleeOf(c)?.id === def.id) === 0) return;
      const name = def.childForFieldName('name')?.text ?? '';
      context.report({
        node: call,
        message: `'${shortText(call)}' calls '${name}' again with the arguments it was given, and nothing in '${name}' can change what it does: once this call is reached the recursion never ends; not allowed by policy '${policy.name}'`,
      });
    };
    /**
     * `self[key]` in `__missing__`, `copy.deepcopy(self, memo)` in `__deepcopy__`, `other == self` in
     * `__eq__`, `self.x` in `__getattribute__`, `f"{self}"` in a `__repr__` with no `__str__`: the
     * hook runs itself again (hookRecursion.ts).
     */
    const hookAgain = (node: Node): void => {
      const found = hookRecursion(context, node) ?? protocolRecursion(context, node);
      if (found) {
        context.report({
          node,
          message: `'${found.hook}' ${found.how} ('${shortText(node)}') before anything can stop it: that runs '${found.hook}' again; the recursion never ends; not allowed by policy '${policy.name}'`,
        });
      }
    };
    /** `countdown(7)` of `countdown(n - 2)` with `if n == 0: return`: 7, 5, 3, 1, -1, ... never stops. */
    const steppedPastBase = (call: Node): void => {
      const found = recursiveCallArguments(context, call);
      // Exact arguments, and a body that only recurses (`TreeRecursion.onlyRecurses`).
      if (!found?.exact || !found.shape.onlyRecurses) return;
      const never = neverStops(found.shape, found.args);
      if (!never) return;
      const stops = found.shape.stops.get(never.parameter);
      const how = never.step < 0
        ? `goes up by ${-never.step} from ${never.value} and never comes below ${found.shape.base.get(never.parameter)}`
        : `goes down by ${never.step} from ${never.value} and never equals ${[...stops!].sort((a, b) => a - b).join(', ')}`;
      context.report({
        node: call,
        message: `'${shortText(call)}' never reaches the base case of '${found.shape.name}': '${never.parameter}' ${how}; the recursion never ends; not allowed by policy '${policy.name}'`,
      });
      // And where the function goes wrong, in words every such call shares (reported once).
      const wrong = selfCallStepping(context, found.def, found.shape, never.parameter, never.step);
      if (wrong) {
        const past = never.step < 0 ? `steps '${never.parameter}' up by ${-never.step}, away from the base case` : `steps '${never.parameter}' down by ${never.step}, past the values the base case stops at`;
        context.report({ node: wrong, message: `'${shortText(wrong)}' ${past}: a call of '${found.shape.name}' this file makes never ends; not allowed by policy '${policy.name}'` });
      }
    };
    /** `ast.parse("-" * 10**7 + "1")`: source whose tree nests past what the C parser and compiler follow (deepSource.ts). */
    const deepSource = (call: Node): void => {
      const fn = call.childForFieldName('function');
      const parser = fn ? context.semantics.qualifiedNames(fn).find((q) => q in SOURCE_PARSERS) : undefined;
      const source = parser ? (positionalArguments(call)[0] ?? keywordArgument(call, SOURCE_PARSERS[parser])) : undefined;
      const deep = source ? sourceNesting(context, source) : undefined;
      if (!deep) return;
      context.report({
        node: call,
        message: `'${shortText(call)}' is given source nested about ${formatCount(deep.depth)} levels deep (${JSON.stringify(deep.fragment.slice(0, 12))} ${formatCount(deep.depth)} times); the parser and compiler recurse once per level in C: an interpreter either refuses it (CPython 3.11 raises MemoryError or RecursionError) or overflows its C stack; not allowed by policy '${policy.name}'`,
      });
    };
    const visitor: Visitor = {
      // What these report depends only on the node's unit and the resolver's answers
      // (`unitLocalNodeHandlers`): an incremental run visits only the units it analyses again.
      call(node) {
        selfApplication(node);
        hookAgain(node);
        steppedPastBase(node);
        callsItselfUnchanged(node);
        const again = repeatingRecursion(context, node);
        if (again) {
          const via = again.through.length ? ` (through ${again.through.map((n) => `'${n}'`).join(', ')})` : '';
          const how = again.first === undefined
            ? `no call of the first ${formatCount(again.depth)} reaches one, ten times Python's recursion limit; the recursion never returns`
            : `its call at depth ${again.depth} passes ${again.args}, the arguments of depth ${again.first}, again; the recursion never ends`;
          context.report({ node, message: `'${shortText(node)}' never reaches a base case of '${again.name}'${via}: ${how}; not allowed by policy '${policy.name}'` });
        }
        deepSource(node);
        const nested = reduceNesting(context, node);
        if (nested !== undefined) {
          context.report({
            node,
            message: `'${shortText(node)}' wraps its accumulator in itself on each of ${formatCount(nested)} items; reading or freeing the result recurses ${formatCount(nested)} levels deep in C, where no recursion limit applies, and overflows the C stack (the interpreter crashes); not allowed by policy '${policy.name}'`,
          });
        }
      },
      subscript: hookAgain,
      comparison_operator: hookAgain,
      attribute: hookAgain,
      interpolation: hookAgain,
      yield: selfDelegation,
      for_statement(node) {
        // `chain = map(abs, chain)` on a million passes: reading it recurses in C past any limit.
        for (const n of iteratorNestings(context, node)) {
          const stmt = context.rangeOf(n.statement);
          context.report({
            range: { start: context.rangeOf(n.loop).start, end: stmt.end },
            message: `'${shortText(n.statement)}' wraps '${n.name}' in itself on each of ${formatCount(n.passes)} passes; ${n.kind === 'tuple' ? 'hashing' : 'reading or freeing'} it recurses ${formatCount(n.passes)} levels deep in C, where no recursion limit applies, and overflows the C stack (the interpreter crashes); not allowed by policy '${policy.name}'`,
          });
        }
      },
      'module:exit'() {
        const functions: FunctionSummary[] = [];
        let budget = MAX_WORK;
        for (const statement of root.children) {
          for (const { node, members } of piecesOf(statement, root)) {
            const kept = context.recall(node, 'functions') as StatementSummary | undefined;
            // A kept summary spent this much without running out; with as much left it is the same.
            if (kept && budget - kept.spent > 0 && stillHolds(kept.dependencies)) {
              for (const f of reportableOf(kept)) functions.push(f);
              budget -= kept.spent;
              continue;
            }
            const summary = summarize(node, budget, members && new Set(members));
            for (const f of reportableOf(summary)) functions.push(f);
            budget -= summary.spent;
            // One cut short by the budget depends on what came before it: not kept.
            if (!summary.exhausted) context.remember(node, 'functions', summary);
          }
        }
        /** caller id -> callee id -> the first call that makes the edge. */
        const edges = new Map<number, Map<number, Node>>();
        for (const f of functions) edges.set(f.fn.id, f.edges);
        let byId: Map<number, Node> | undefined;
        for (const { fn, calls, edges: out } of functions) {
          // Most functions call nothing on every path: no cycle to look for.
          const cycle = out.size ? cycleThrough(fn.id, edges) : undefined;
          if (cycle) {
            const name = functionName(fn) ?? 'lambda';
            byId ??= new Map(functions.map((f) => [f.fn.id, f.fn]));
            const first = edges.get(fn.id)!.get(cycle[0])!;
            const via = cycle.length > 1 ? ` (through ${cycle.slice(0, -1).map((id) => `'${functionName(byId!.get(id)!) ?? 'lambda'}'`).join(', ')})` : '';
            // `asyncio.ensure_future(hydra())`: not a call that returns, a task that starts again;
            // one the file may cancel or give a deadline (a heartbeat that `stop()` cancels) ends.
            const hops = [fn.id, ...cycle];
            const tasks = hops.slice(1).some((to, i) => {
              const call = edges.get(hops[i])?.get(to);
              return !!call && scheduled(call);
            });
            if (tasks && cancellable(context, fn)) continue;
            const how = tasks ? `starts a task of itself${via} on every run; the tasks never stop coming` : `calls itself${via} on every path before it can return; the recursion never ends`;
            context.report({ node: first, message: `'${name}' ${how}; not allowed by policy '${policy.name}'` });
            continue;
          }
          const isSelf: IsTarget = (c) => calleeOf(c)?.id === fn.id;
          const outer = calls.find(({ call, callee }) => callee.id === fn.id && nestedRecursion(call, isSelf));
          if (outer && !onlySmallCalls(fn)) {
            const name = functionName(fn) ?? 'lambda';
            context.report({
              node: outer.call,
              message: `'${name}' passes the result of a call to itself into a call to itself (Ackermann-style recursion); it grows faster than any loop; not allowed by policy '${policy.name}'`,
            });
          }
        }
      },
    };
    return visitor;
  },
  unitLocalNodeHandlers: true,
  tests: {
    valid: [
      {
        code: `import ast\ntree = ast.parse(${Array.from({ length: 30000 }, () => '"a"').join(' + ')})`,
        allowModules: ['ast'],
        note: 'a concatenation of 30,000 strings handed to a parser: its parts are read by an explicit stack, not one call deep per term',
      },
      {
        code: 'import asyncio\nclass Beat:\n    async def tick(self):\n        await asyncio.sleep(1)\n        self.task = asyncio.create_task(self.tick())\n    def stop(self):\n        self.task.cancel()\nasync def job(g):\n    g.create_task(job(g))\nasync def main():\n    async with asyncio.TaskGroup() as g:\n        g.create_task(job(g))\nclass Pool:\n    def create_task(self, coro):\n        coro.close()\nasync def step(pool):\n    pool.create_task(step(pool))\ntry:\n    is_even(3)\nexcept NameError:\n    pass\ndef is_even(n):\n    return True if n == 0 else is_odd(n - 1)\ndef is_odd(n):\n    return False if n == 0 else is_even(n - 1)\nis_even(50000)',
        allowModules: ['asyncio'],
        note: 'a heartbeat the file can cancel; tasks of a TaskGroup (a failing sibling cancels them); create_task of a class of the file; a mutual recursion called before its defs run, and one counting down to its base case (past the recursion limit, but not endless)',
      },
      {
        code: 'KeyError = Exception\nclass Defaults(dict):\n    def __missing__(self, key):\n        try:\n            return self[key]\n        except KeyError:\n            return None',
        note: 'from the second review: a handler name bound to a broader exception catches the RecursionError',
      },
      {
        code: 'def ack(m, n):\n    if m == 0:\n        return n + 1\n    if n == 0:\n        return ack(m - 1, 1)\n    return ack(m - 1, ack(m, n - 1))\ntable = [[ack(m, n) for n in range(4)] for m in range(3)]',
        note: 'Ackermann called only with the numbers of small ranges',
      },
      {
        code: 'class Record:\n    def __getattr__(self, name):\n        try:\n            return self._fields[name]\n        except Exception:\n            raise AttributeError(name) from None',
        note: 'a handler that catches the RecursionError ends the recursion',
      },
      {
        code: 'def grow(x):\n    if x < 0:\n        return x\n    return grow(x ** 2.0)\ntry:\n    grow(10.0)\nexcept OverflowError:\n    pass\ndef f(n):\n    if n == 0:\n        return (yield n)\n    return f(n * 1)\ng = f(3)\ndef h(n, ﬁ=0):\n    if ﬁ == 1:\n        return n\n    return h(n, ﬁ * 1)\nh(1, ﬁ=1)\nlimit = 0\ndef k(n):\n    if n > limit:\n        return n\n    return k(n * 1)\nglobals()["limit"] = -1\nk(0)',
        note: 'from the review of recursion runs: a float power that overflows (OverflowError, not an infinity); a generator; a keyword bound by its NFKC name; a global the base case reads, changed where the folder cannot see',
      },
      {
        code: 'class Proxy:\n    def __getattr__(self, name):\n        return self.__target[name]\np = Proxy()\np._Proxy__target = {"x": 1}\nclass Mangled:\n    def __init__(self):\n        self.__target = {"x": 1}\n    def __getattr__(self, name):\n        return self._Mangled__target[name]\nclass Guarded:\n    def __getattr__(self, name):\n        assert name != "cache"\n        return self.cache[name]',
        note: 'from the review of the __getattr__ check: private names Python mangles, and a statement before the read that stops the second lookup',
      },
      {
        code: 'class A:\n    def __getattr__(self, name):\n        return self.cache[name]\na = A()\na.cache = {}\nclass B:\n    data = {}\n    def __getattr__(self, name):\n        return self.data[name]\nclass C:\n    def __getattr__(self, name):\n        if name == "store":\n            raise AttributeError(name)\n        return self.store[name]\nclass D:\n    def __init__(self, **kw):\n        self.__dict__.update(kw)\n    def __getattr__(self, name):\n        return self.extra[name]\nclass E:\n    def __getattr__(self, name):\n        return self.__dict__[name]',
        note: 'an attribute stored from outside, a class attribute, a guard that raises first, an object given attributes through its __dict__, a dunder every object has',
      },
      {
        code: 'def gcd(a, b):\n    return a if b == 0 else gcd(b, a % b)\ng = gcd(1071, 462)\ndef steps(n):\n    if n == 1:\n        return 0\n    return 1 + steps(n // 2 if n % 2 == 0 else 3 * n + 1)\nsteps(27)\ndef check(n):\n    if n == 0:\n        raise ValueError(n)\n    return n\ndef half(n):\n    if n == 1:\n        return 0\n    return check(n) + half(n // 2)\ntry:\n    half(0)\nexcept ValueError:\n    pass\ndef down(n, step=1):\n    if n <= 0:\n        return 0\n    return down(n - step, step=step)\ndown(5)',
        note: 'runs that reach a base case; a call evaluated before the recursive one may raise',
      },
      { code: 'class Version:\n    def __init__(self, parts):\n        self.parts = tuple(parts)\n    def __lt__(self, other):\n        return self.parts < other.parts\n    def __gt__(self, other):\n        return other < self\nclass V(tuple):\n    def __lt__(self, other):\n        return other > self\nclass M(type):\n    pass\nclass Path(metaclass=M):\n    def __repr__(self):\n        return f"Path({str(self)})"\nclass R:\n    def __getattribute__(self, name):\n        self = object.__getattribute__(self, "_target")\n        return self.lookup(name)\nclass S:\n    def __getattribute__(self, name):\n        del self.cache\n        return 1', note: 'the mirrored hook defined by the class, a builtin base or a metaclass that may supply the hook; self bound to another object first; a deletion is no read' },
      { code: 'import types\nclass Version:\n    def __repr__(self):\n        return "%s(%s)" % (type(self).__name__, str(self))\nclass Strict(Version):\n    def __str__(self):\n        return "1.0"\nclass Lazy(types.ModuleType):\n    def __getattribute__(self, attr):\n        self.__class__ = types.ModuleType\n        return self.__dict__[attr]', note: 'a subclass of the file defines the __str__ that str(self) finds; a __getattribute__ that first gives its object another class' },
      { code: 'class Ok:\n    def __init__(self, name):\n        self.name = name\n    def __repr__(self):\n        return f"Ok({self.name!r})"\n    def __str__(self):\n        return repr(self)\n    def __eq__(self, other):\n        if not isinstance(other, Ok):\n            return NotImplemented\n        return self.name == other.name\n    def __lt__(self, other):\n        return self.name < other.name\nclass S:\n    def __str__(self):\n        return f"S<{self}>"\n    def __format__(self, spec):\n        return "x"', note: 'hooks that format or compare fields, or fall back to another hook the class defines' },
      { code: 'def chunks(it, n):\n    chunk = []\n    for x in it:\n        chunk += [x]\n        if len(chunk) == n:\n            break\n    if not chunk:\n        return []\n    return [chunk] + chunks(it, n)\ndef spin(x):\n    try:\n        return spin(x)\n    except Exception:\n        return 0\ndef toks(tokens):\n    if "end" in tokens:\n        return 0\n    return toks(tokens)\ndef drop(xs):\n    if not any(xs):\n        return 0\n    return drop(xs)', note: 'the same arguments again, but an iterator a loop, `in` or a builtin uses up, or a RecursionError the try catches, can end it' },
      { code: 'import itertools\n\ndef odds(n):\n    if n == 0:\n        return\n    yield n\n    yield from odds(n - 2)\n\nfirst = list(itertools.islice(odds(9), 3))\n\ndef check(n):\n    if n < 0:\n        raise ValueError(n)\n\ndef countdown(n):\n    if n == 0:\n        return 0\n    check(n)\n    return countdown(n - 2)\n\ndef half(n):\n    if n == 0:\n        return 0\n    return 1 + half(n - 2)\n\ndef run(minutes):\n    return half((2 * minutes) % 10)\n\ntry:\n    countdown(7)\nexcept ValueError:\n    pass', note: 'a generator (a call runs nothing); another call in the body may raise and end it; an argument known only by its largest size' },
      { code: 'def countdown(n):\n    if n == 0:\n        return 0\n    return countdown(n - 2)\nok = countdown(8)\n\ndef down(n):\n    if n < 0:\n        return 0\n    return down(n - 2)\nalso = down(7)\n\ndef fib(n):\n    if n == 0 or n == 1:\n        return n\n    return fib(n - 1) + fib(n - 2)\nx = fib(10)', note: 'an even start lands on the base case; a range test stops any start; steps of 1 and 2 both taken' },
      { code: 'import copy\nclass Defaults(dict):\n    def __missing__(self, key):\n        self[key] = []\n        return self[key]\nclass Guarded(dict):\n    def __missing__(self, key):\n        if key.startswith("_"):\n            return self[key.lstrip("_")]\n        return 0\nclass Layer:\n    def __deepcopy__(self, memo):\n        memo[id(self)] = clone = Layer()\n        clone.parts = copy.deepcopy(self.parts, memo)\n        return clone', note: 'the key filled in before it is read; another key, in a branch; the copy registered in memo first' },
      {
        code: 'def ack(m, n):\n    if m == 0:\n        return n + 1\n    if n == 0:\n        return ack(m - 1, 1)\n    return ack(m - 1, ack(m, n - 1))\ndef sample():\n    return ack(2, 3)',
        note: 'Ackermann called only with small constants: a few dozen calls',
      },
      { code: "def walk(node):\n    return [node] + sum(map(walk, node.children), [])\ndef h(x):\n    return list(map(h, []))\ndef k(x):\n    it = map(k, [x])\n    return 1", note: "a map over children that may be empty; over an empty display; never read" },
      { code: "class A:\n    def __init__(self):\n        self.name = \"a\"\n    def __str__(self):\n        return f\"{self.name}\"\n    def __repr__(self):\n        return f\"A({self!s})\"\nclass B:\n    def __format__(self, spec):\n        return \"b\"\n    def __str__(self):\n        return f\"{self}\"\nclass C:\n    def __str__(self):\n        return f\"{self:>10}\"", note: "an attribute formatted; __repr__ through a __str__ that does not come back; a __format__ of its own; a spec object.__format__ rejects" },
      { code: "def gen():\n    yield 1\n    yield from gen()\ndef walk(d):\n    if d:\n        yield from walk(d[1:])\ndef g():\n    yield from range(3)\ndef h(n):\n    return\n    yield from h(n)", note: "yields before delegating; delegation behind a condition; to another iterable; after a return" },
      { code: 'class N:\n    def __init__(self):\n        self._v = 1\n    @property\n    def v(self):\n        return self._v\n    @property\n    def w(self):\n        return self.v + 1', note: 'a property reading another that returns' },
      { code: 'class N:\n    def v(self):\n        return self.v', note: 'not a property: the read returns the bound method' },
      { code: 'class Tree:\n    def __init__(self, depth):\n        self.kids = [Tree(depth - 1) for _ in range(2)] if depth else []', note: 'behind a condition and in a comprehension' },
      'class A:\n    def __repr__(self):\n        return repr(self.value)',
      { code: 'class A:\n    def __str__(self):\n        return repr(self)', note: 'no __repr__ of its own: the builtin one' },
      { code: 'class A:\n    def __init__(self):\n        self._c = 1\n    def __len__(self):\n        return 0\n    def check(self):\n        if self:\n            return 1\n        return 0\n    @property\n    def c(self):\n        return self._c\n    @c.setter\n    def c(self, v):\n        self._c = v\n    def __repr__(self):\n        return repr([self._c])\n    def __hash__(self):\n        return hash((self._c,))', note: 'a truth test in another method; a setter storing elsewhere; displays of fields' },
      { code: 'class A:\n    def __init__(self):\n        self.items = []\n    def __contains__(self, x):\n        return x in self.items\n    def __getitem__(self, k):\n        return self.items[k]\n    def __bool__(self):\n        return bool(self.items)\n    def __str__(self):\n        return "%s" % self.items\n    def __repr__(self):\n        return "{!r}".format(self.items)\n    def __len__(self):\n        return 0\n    def check(self):\n        return not self', note: 'operations on fields of self; `not self` in another method runs `__bool__`, which does not recurse' },
      { code: 'class A:\n    def __eq__(self, other):\n        return self is other or self == other\n    def __ne__(self, other):\n        return not self == other\n    def __add__(self, other):\n        return self.n + other', note: 'behind `or`; another dunder; an operator on an attribute of self' },
      { code: 'w = lambda f: f(f)\nw(print)\n(lambda f: f(f))(lambda g: 1)\nY = lambda f: (lambda x: f(lambda v: x(x)(v)))(lambda x: f(lambda v: x(x)(v)))\nfact = Y(lambda r: lambda n: 1 if n == 0 else n * r(n - 1))', note: 'self-application of a function that returns; the strict fixed-point combinator' },
      { code: 'class A:\n    def __len__(self):\n        return len(self.items)\n    def size(self):\n        return len(self)', note: '__len__ does not come back' },
      'def fact(n):\n    return 1 if n <= 1 else n * fact(n - 1)\nprint(fact(10))',
      'import functools\n@functools.lru_cache(maxsize=128)\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)',
      'def walk(node, acc):\n    if node is None:\n        return acc\n    return walk(node.left, walk(node.right, acc + [node.value]))',
      'def countdown(n):\n    if n <= 0:\n        return\n    countdown(n - 1)',
      'def spin():\n    return spin\nspin()',
      'class Tree:\n    def size(self):\n        return 1 + sum(c.size() for c in self.children)',
      'def gen():\n    yield 1\n    yield from gen()',
      { code: 'def loop(n):\n    if n:\n        print n\n        loop(n - 1)', note: 'Python 2' },
      'def retry(n):\n    try:\n        return work()\n    except IOError:\n        return retry(n - 1) if n else None',
    ],
    invalid: [
      {
        code: 'nested = ()\nfor _ in range(10 ** 6):\n    nested = (nested,)\nkey = hash(nested)\nshallow = ()\nfor _ in range(10):\n    shallow = (shallow,)\nok = hash(shallow)\nunhashed = ()\nfor _ in range(10 ** 6):\n    unhashed = (unhashed, 1)\nprint(len(unhashed))',
        errors: [
          { range: '2:1-3:23', message: "'nested = (nested,)' wraps 'nested' in itself on each of 1000000 passes; hashing it recurses 1000000 levels deep in C, where no recursion limit applies, and overflows the C stack (the interpreter crashes); not allowed by policy 'strict'" },
        ],
        note: 'a tuple nested a million deep and hashed (CPython 3.11.7 crashes); ten levels, or a deep tuple never hashed, are fine',
      },
      {
        code: 'import asyncio\nasync def hydra():\n    asyncio.ensure_future(hydra())\n    asyncio.ensure_future(hydra())\n    await asyncio.sleep(0)\nasync def spawn(n):\n    loop = asyncio.get_running_loop()\n    loop.create_task(spawn(n + 1))\nasync def once(n):\n    if n < 3:\n        asyncio.create_task(once(n + 1))\nasyncio.run(hydra())',
        errors: [
          { range: '3:27-3:34', message: "'hydra' starts a task of itself on every run; the tasks never stop coming; not allowed by policy 'strict'" },
          { range: '8:22-8:34', message: "'spawn' starts a task of itself on every run; the tasks never stop coming; not allowed by policy 'strict'" },
        ],
        allowModules: ['asyncio'],
        note: 'a coroutine that schedules itself as a new task on every path: each run starts another; one that stops at 3 is fine',
      },
      {
        code: 'def is_even(n):\n    return True if n == 0 else is_odd(n + 1)\ndef is_odd(n):\n    if n == 0:\n        return False\n    return is_even(n + 1)\nis_even(5)\ndef ok_even(n):\n    return True if n == 0 else ok_odd(n - 1)\ndef ok_odd(n):\n    return False if n == 0 else ok_even(n - 1)\nok_even(10)\ndef ping(a, b):\n    return a if b == 0 else pong(b, a % b)\ndef pong(a, b):\n    return ping(a, b)\nping(1071, 462)',
        errors: [
          { range: '7:1-7:11', message: "'is_even(5)' never reaches a base case of 'is_even' (through 'is_odd'): no call of the first 10000 reaches one, ten times Python's recursion limit; the recursion never returns; not allowed by policy 'strict'" },
        ],
        note: 'mutual recursion run call by call: stepping away from both base cases; reaching them; Euclid split over two functions ends',
      },
      {
        code: 'import ast\ntree = ast.parse("-" * 10 ** 7 + "1")\ndepth = 10 ** 6\nvalue = ast.literal_eval("[" * depth + "]" * depth)\nchain = ast.parse(source="x" + ".y" * 1_000_000)\npower = compile("2**" * depth + "2", "<s>", "eval")\nflat = ast.parse("x = 1\\n" * 5000)\nfew = ast.parse("-" * 10 + "1")\nrule = ast.parse("# " + "-" * 2000)\nquoted = ast.parse("\'" + "-" * 5000 + "\'")\nitems = ast.literal_eval("[" + "(1, 2), " * 5000 + "]")\nors = ast.parse("x" + " or x" * 5000)',
        errors: [
          { range: '2:8-2:38', message: "'ast.parse(\"-\" * 10 ** 7 + \"1\")' is given source nested about 10000000 levels deep (\"-\" 10000000 times); the parser and compiler recurse once per level in C: an interpreter either refuses it (CPython 3.11 raises MemoryError or RecursionError) or overflows its C stack; not allowed by policy 'strict'" },
          { range: '5:9-5:49', message: "'ast.parse(source=\"x\" + \".y\" * 1_000_000)' is given source nested about 1000000 levels deep (\".y\" 1000000 times); the parser and compiler recurse once per level in C: an interpreter either refuses it (CPython 3.11 raises MemoryError or RecursionError) or overflows its C stack; not allowed by policy 'strict'" },
          { range: '6:9-6:52', message: "'compile(\"2**\" * depth + \"2\", \"<s>\", \"...' is given source nested about 1000000 levels deep (\"2**\" 1000000 times); the parser and compiler recurse once per level in C: an interpreter either refuses it (CPython 3.11 raises MemoryError or RecursionError) or overflows its C stack; not allowed by policy 'strict'" },
        ],
        allowModules: ['ast'],
        note: 'unary operators and attribute trailers repeated past a thousand levels (compile() is also PC301\'s); brackets (the tokenizer stops at 200), statements, a comment, a string, a flat display and an or-chain are not nesting',
      },
      {
        code: 'class Record:\n    def __init__(self, **fields):\n        self.fields = dict(fields)\n    def __getattr__(self, name):\n        try:\n            return self._fields[name]\n        except KeyError:\n            raise AttributeError(name) from None',
        errors: [{ range: '6:20-6:32', message: "'__getattr__' reads an attribute its objects never have ('self._fields') before anything can stop it: that runs '__getattr__' again; the recursion never ends; not allowed by policy 'strict'" }],
        note: 'the first statement of a try whose handler catches no RecursionError',
      },
      {
        code: 'class Lazy:\n    def __getattr__(self, name):\n        return self.cache[name]\nvalue = Lazy().size',
        errors: [{ range: '3:16-3:26', message: "'__getattr__' reads an attribute its objects never have ('self.cache') before anything can stop it: that runs '__getattr__' again; the recursion never ends; not allowed by policy 'strict'" }],
        note: 'the failed lookup of `cache` is `__getattr__` again',
      },
      {
        code: 'def gcd(a, b):\n    return a if b == 0 else gcd(a, b % a)\ng = gcd(1071, 462)\ndef steps(n, count=0):\n    "Collatz."\n    if n == 1:\n        return count\n    return steps(n // 2 if n % 2 == 0 else 3 * n + 1, count=count)\nsteps(0)\ndef half(n):\n    if n == 1:\n        return 0\n    return 1 + half(n // 2)\nhalf(0)',
        errors: [
          { range: '3:5-3:19', message: "'gcd(1071, 462)' never reaches a base case of 'gcd': its call at depth 1 passes 1071, 462, the arguments of depth 0, again; the recursion never ends; not allowed by policy 'strict'" },
          { range: '9:1-9:9', message: "'steps(0)' never reaches a base case of 'steps': its call at depth 1 passes 0, 0, the arguments of depth 0, again; the recursion never ends; not allowed by policy 'strict'" },
          { range: '14:1-14:8', message: "'half(0)' never reaches a base case of 'half': its call at depth 1 passes 0, the arguments of depth 0, again; the recursion never ends; not allowed by policy 'strict'" },
        ],
        note: 'a recursion run from the arguments of a call, call by call, until they come back to ones it was called with',
      },
      {
        code: 'import functools\ndeep = functools.reduce(lambda acc, _: filter(None, acc), range(800_000), [1])\nfew = functools.reduce(lambda acc, _: filter(None, acc), range(800), [1])',
        errors: [{ range: '2:8-2:79', message: "'functools.reduce(lambda acc, _: filte...' wraps its accumulator in itself on each of 800000 items; reading or freeing the result recurses 800000 levels deep in C, where no recursion limit applies, and overflows the C stack (the interpreter crashes); not allowed by policy 'strict'" }],
        note: 'a reduction nests the iterators as a loop does; 800 levels are harmless',
      },
      {
        code: 'class Node:\n    def __repr__(self):\n        return f"Node({self})"\nclass Version:\n    def __eq__(self, other):\n        return other == self\nclass P:\n    def __lt__(self, other):\n        return other > self\nclass Row:\n    def __getattribute__(self, name):\n        return self.data.get(name)',
        errors: [
          { range: '3:23-3:29', message: "'__repr__' formats its own object as a string, which falls back to __repr__ ('{self}') before anything can stop it: that runs '__repr__' again; the recursion never ends; not allowed by policy 'strict'" },
          { range: '6:16-6:29', message: "'__eq__' hands the comparison back to the other object ('other == self') before anything can stop it: that runs '__eq__' again; the recursion never ends; not allowed by policy 'strict'" },
          { range: '9:16-9:28', message: "'__lt__' hands the comparison back to the other object ('other > self') before anything can stop it: that runs '__lt__' again; the recursion never ends; not allowed by policy 'strict'" },
          { range: '12:16-12:25', message: "'__getattribute__' reads an attribute of its own object ('self.data') before anything can stop it: that runs '__getattribute__' again; the recursion never ends; not allowed by policy 'strict'" },
        ],
        note: 'protocol hooks that run themselves again: formatting the object in __repr__ with no __str__, comparing it with the other by the same or reflected operator, reading its own attribute in __getattribute__',
      },
      {
        code: 'def countdown(n):\n    if n == 0:\n        return "liftoff"\n    return countdown(n - 2)\n\ndef run(data):\n    return countdown(7)',
        errors: [
          { range: '4:12-4:28', message: "'countdown(n - 2)' steps 'n' down by 2, past the values the base case stops at: a call of 'countdown' this file makes never ends; not allowed by policy 'strict'" },
          { range: '7:12-7:24', message: "'countdown(7)' never reaches the base case of 'countdown': 'n' goes down by 2 from 7 and never equals 0; the recursion never ends; not allowed by policy 'strict'" },
        ],
        note: 'a base case of equality that an odd start steps over',
      },
      {
        code: 'def fact(n):\n    return 1 if n <= 1 else n * fact(n + 1)\nprint(fact(10))\nprint(fact(0))\ndef up(n):\n    if n > 100:\n        return n\n    return up(n + 1)\nup(5)',
        errors: [
          { range: '2:33-2:44', message: "'fact(n + 1)' steps 'n' up by 1, away from the base case: a call of 'fact' this file makes never ends; not allowed by policy 'strict'" },
          { range: '3:7-3:15', message: "'fact(10)' never reaches the base case of 'fact': 'n' goes up by 1 from 10 and never comes below 2; the recursion never ends; not allowed by policy 'strict'" },
        ],
        note: 'a parameter stepped up, away from a base case for small values; from below it returns at once; a base case for large values is not read',
      },
      {
        code: 'def describe(shape):\n    match shape:\n        case [x, y]:\n            return x * y\n    return describe(shape)\ndef parse(text):\n    try:\n        return int(text)\n    except Exception:\n        return parse(text)\ndef drain(q):\n    if not q:\n        return 0\n    q.pop()\n    return drain(q)\ndef fetch(url):\n    try:\n        return get(url)\n    except IOError:\n        return fetch(url)',
        errors: [
          { range: '5:12-5:27', message: "'describe(shape)' calls 'describe' again with the arguments it was given, and nothing in 'describe' can change what it does: once this call is reached the recursion never ends; not allowed by policy 'strict'" },
          { range: '10:16-10:27', message: "'parse(text)' calls 'parse' again with the arguments it was given, and nothing in 'parse' can change what it does: once this call is reached the recursion never ends; not allowed by policy 'strict'" },
        ],
        note: 'a function that only computes from its parameters, calling itself with them unchanged; not one that changes its argument (pop) or calls code that may (get)',
      },
      {
        code: 'def parse(text: str, base: int = 10) -> int:\n    try:\n        return int(text, base)\n    except Exception:\n        return parse(text, base)',
        errors: [{ range: '5:16-5:33', message: "'parse(text, base)' calls 'parse' again with the arguments it was given, and nothing in 'parse' can change what it does: once this call is reached the recursion never ends; not allowed by policy 'strict'" }],
        note: 'typed parameters, one with a default',
      },
      {
        code: 'import itertools\nit = iter([0])\nfor i in range(1000):\n    for j in range(1000):\n        it = itertools.cycle(it)',
        errors: [{ range: '4:5-5:33', message: "'it = itertools.cycle(it)' wraps 'it' in itself on each of 1000000 passes; reading or freeing it recurses 1000000 levels deep in C, where no recursion limit applies, and overflows the C stack (the interpreter crashes); not allowed by policy 'strict'" }],
        note: 'the loops around the one that wraps multiply its passes; cycle and groupby wrap too',
      },
      {
        code: 'it = iter([0])\nfor _ in range(10 ** 6):\n    it = iter(map(abs, (iter(it))))',
        errors: [{ range: '2:1-3:36', message: "'it = iter(map(abs, (iter(it))))' wraps 'it' in itself on each of 1000000 passes; reading or freeing it recurses 1000000 levels deep in C, where no recursion limit applies, and overflows the C stack (the interpreter crashes); not allowed by policy 'strict'" }],
        note: 'parentheses and iter() around the iterator or the wrapper add no level and hide none',
      },
      {
        code: 'import copy\nclass Defaults(dict):\n    def __missing__(self, key):\n        return self[key]\nclass Lookup(dict):\n    def __missing__(self, key):\n        return self.get(key) or self[key]\nclass Layer:\n    def __deepcopy__(self, memo):\n        return copy.deepcopy(self, memo)',
        errors: [
          { range: '4:16-4:25', message: "'__missing__' looks up the key it is missing ('self[key]') before anything can stop it: that runs '__missing__' again; the recursion never ends; not allowed by policy 'strict'" },
          { range: '7:33-7:42', message: "'__missing__' looks up the key it is missing ('self[key]') before anything can stop it: that runs '__missing__' again; the recursion never ends; not allowed by policy 'strict'" },
          { range: '10:16-10:41', message: "'__deepcopy__' copies its own object with 'copy.deepcopy' ('copy.deepcopy(self, memo)') before anything can stop it: that runs '__deepcopy__' again; the recursion never ends; not allowed by policy 'strict'" },
        ],
        note: 'hooks that run themselves again through the interpreter: a lookup of the missing key, a copy of the object being copied',
      },
      {
        code: 'import itertools\nchain = iter([0])\nfor _ in range(10 ** 6):\n    chain = map(abs, chain)\nfirst = next(chain)\nrows = iter([])\nfor i in range(60_000):\n    note = i\n    rows = itertools.chain(rows, [i])\nshort = iter([0])\nfor _ in range(1000):\n    short = filter(None, short)\nstopped = iter([0])\nfor k in range(10 ** 6):\n    stopped = zip(stopped)\n    if k > 10:\n        break',
        errors: [
          { range: '3:1-4:28', message: "'chain = map(abs, chain)' wraps 'chain' in itself on each of 1000000 passes; reading or freeing it recurses 1000000 levels deep in C, where no recursion limit applies, and overflows the C stack (the interpreter crashes); not allowed by policy 'strict'" },
          { range: '7:1-9:38', message: "'rows = itertools.chain(rows, [i])' wraps 'rows' in itself on each of 60000 passes; reading or freeing it recurses 60000 levels deep in C, where no recursion limit applies, and overflows the C stack (the interpreter crashes); not allowed by policy 'strict'" },
        ],
        note: 'iterators nested in themselves by a long loop; not by a short one, nor by one that breaks early',
      },
      {
        code: "def f(x):\n    return list(map(f, [x]))",
        errors: [{ range: "2:17-2:28", message: "'f' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" }],
        note: "a map over a non-empty display read to the end calls its function",
      },
      {
        code: "def g(x):\n    return sum(map(g, (x, x)))",
        errors: [{ range: "2:16-2:30", message: "'g' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" }],
        note: "sum reads the map to the end",
      },
      {
        code: "class A:\n    def __str__(self):\n        return f\"{self}\"",
        errors: [{ range: "3:18-3:24", message: "'__str__' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" }],
        note: "formatting self without a __format__ of its own is str(self)",
      },
      {
        code: 'class Price:\n    def __str__(self):\n        return "{}".format(self)',
        errors: [{ range: '3:16-3:33', message: "'__str__' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" }],
        note: 'so is a `str.format` field that formats self whole',
      },
      {
        code: "class A:\n    def __repr__(self):\n        return f\"<{self!r}>\"",
        errors: [{ range: "3:19-3:27", message: "'__repr__' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" }],
        note: "!r runs __repr__",
      },
      {
        code: "def g():\n    yield from g()\nfor _ in g():\n    pass",
        errors: [{ range: "2:5-2:19", message: "'g' delegates to a new generator of its own ('yield from g()') before it yields anything; iterating it recurses without end; not allowed by policy 'strict'" }],
        note: "the generator delegates to itself before yielding anything",
      },
      {
        code: "def walk(n):\n    n += 1\n    print(n)\n    yield from walk(n)",
        errors: [{ range: "4:5-4:23", message: "'walk' delegates to a new generator of its own ('yield from walk(n)') before it yields anything; iterating it recurses without end; not allowed by policy 'strict'" }],
        note: "after plain statements",
      },
      {
        code: 'class N:\n    @property\n    def v(self):\n        return self.v',
        errors: [{ range: '4:16-4:22', message: "'v' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" }],
        note: 'reading the property runs its getter',
      },
      {
        code: 'def f(n):\n    return f(n - 1) if n else f(n + 1)',
        errors: [{ range: '2:12-2:20', message: "'f' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" }],
        note: 'both branches of the conditional expression call',
      },
      {
        code: 'class A:\n    def __init__(self):\n        self.child = A()\nA()',
        errors: [{ range: '3:22-3:25', message: "'__init__' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" }],
        note: 'calling the class runs its __init__',
      },
      {
        code: 'class A:\n    def __repr__(self):\n        return repr(self)',
        errors: [{ range: '3:16-3:26', message: "'__repr__' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" }],
        note: 'repr(self) runs the class\'s own __repr__',
      },
      {
        code: '(lambda f: f(f))(lambda f: f(f))\nw = lambda g: g(g)\nw(w)\nv = w\nv(v)\nu = lambda ｐ: ｐ (  # spaced out\n    p)\nu(u)',
        errors: [
          { range: '1:1-1:33', message: "a function that calls its argument on itself is applied to such a function; the recursion never ends; not allowed by policy 'strict'" },
          { range: '3:1-3:5', message: "a function that calls its argument on itself is applied to such a function; the recursion never ends; not allowed by policy 'strict'" },
          { range: '5:1-5:5', message: "a function that calls its argument on itself is applied to such a function; the recursion never ends; not allowed by policy 'strict'" },
          { range: '8:1-8:5', message: "a function that calls its argument on itself is applied to such a function; the recursion never ends; not allowed by policy 'strict'" },
        ],
        note: 'self-application applied to itself, through an alias, and spelled with fullwidth letters, a comment and a line break inside the call',
      },
      {
        code: 'class A:\n    def __str__(self):\n        return "%s" % self\n    def __repr__(self):\n        return "{!r}".format(self)\n    def __contains__(self, x):\n        return x in self\n    def __getitem__(self, k):\n        return self[k]\n    def __call__(self):\n        return self()\n    def __iadd__(self, other):\n        self += other\n        return self\n    def __bool__(self):\n        return not self\n    def __neg__(self):\n        return -self',
        errors: [
          { range: '3:16-3:27', message: "'__str__' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" },
          { range: '5:16-5:35', message: "'__repr__' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" },
          { range: '7:16-7:25', message: "'__contains__' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" },
          { range: '9:16-9:23', message: "'__getitem__' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" },
          { range: '11:16-11:22', message: "'__call__' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" },
          { range: '13:9-13:22', message: "'__iadd__' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" },
          { range: '16:16-16:24', message: "'__bool__' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" },
          { range: '18:16-18:21', message: "'__neg__' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" },
        ],
        note: 'formatting self whole, `in`, subscripts, calls, `+=`, `not` and unary operators on self run the class\'s own dunders',
      },
      {
        code: 'class A:\n    def __hash__(self):\n        return hash((self,))\n    def __repr__(self):\n        return repr([self])\n    def __bool__(self):\n        if self:\n            return True\n        return False\n    def step(self):\n        return type(self).step(self)\n    @property\n    def c(self):\n        return self._c\n    @c.setter\n    def c(self, v):\n        self.c = v',
        errors: [
          { range: '3:16-3:29', message: "'__hash__' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" },
          { range: '5:16-5:28', message: "'__repr__' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" },
          { range: '7:12-7:16', message: "'__bool__' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" },
          { range: '11:16-11:37', message: "'step' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" },
          { range: '17:9-17:15', message: "'c' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" },
        ],
        note: 'a display holding self, a truth test of self, type(self), and a store into a property from its own setter',
      },
      {
        code: 'class A:\n    def __eq__(self, other):\n        return self == other\n    def __add__(self, other):\n        return (self + other) * 2',
        errors: [
          { range: '3:16-3:29', message: "'__eq__' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" },
          { range: '5:17-5:29', message: "'__add__' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" },
        ],
        note: 'an operator on self runs the class\'s own dunder',
      },
      {
        code: 'class B:\n    def __str__(self):\n        return "<" + repr(self) + ">"\n    def __repr__(self):\n        return str(self)',
        errors: [
          { range: '3:22-3:32', message: "'__str__' calls itself (through '__repr__') on every path before it can return; the recursion never ends; not allowed by policy 'strict'" },
          { range: '5:16-5:25', message: "'__repr__' calls itself (through '__str__') on every path before it can return; the recursion never ends; not allowed by policy 'strict'" },
        ],
      },
      {
        code: 'def spin():\n    spin()\nspin()',
        errors: [{ range: '2:5-2:11', message: "'spin' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'def dive(n):\n    return dive(n + 1)\ndive(0)',
        errors: [{ range: '2:12-2:23', message: "'dive' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'def ack(m, n):\n    if m == 0:\n        return n + 1\n    if n == 0:\n        return ack(m - 1, 1)\n    return ack(m - 1, ack(m, n - 1))\nprint(ack(4, 2))',
        errors: [{ range: '6:12-6:37', message: "'ack' passes the result of a call to itself into a call to itself (Ackermann-style recursion); it grows faster than any loop; not allowed by policy 'strict'" }],
      },
      {
        code: 'class Walker:\n    def step(self, n):\n        if n > 0:\n            print(n)\n        self.step(n + 1)',
        errors: [{ range: '5:9-5:25', message: "'step' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'def ping(n):\n    return pong(n)\ndef pong(n):\n    return ping(n + 1)',
        errors: [
          { range: '2:12-2:19', message: "'ping' calls itself (through 'pong') on every path before it can return; the recursion never ends; not allowed by policy 'strict'" },
          { range: '4:12-4:23', message: "'pong' calls itself (through 'ping') on every path before it can return; the recursion never ends; not allowed by policy 'strict'" },
        ],
      },
      {
        code: 'grow = lambda n: grow(n * 2)',
        errors: [{ range: '1:18-1:29', message: "'grow' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'def ｄｅｅｐ(n):\n    while True:\n        deep(n)\n        if n:\n            break',
        note: 'NFKC: the call names the same function',
        errors: [{ range: '3:9-3:16', message: "'ｄｅｅｐ' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" }],
      },
      {
        code: 'def guarded(n):\n    try:\n        pass\n    finally:\n        guarded(n)',
        errors: [{ range: '5:9-5:19', message: "'guarded' calls itself on every path before it can return; the recursion never ends; not allowed by policy 'strict'" }],
      },
    ],
  },
};

/** A cycle of must-call edges from `start` back to it: the callee ids along it, ending with `start`. */
function cycleThrough(start: number, edges: Map<number, Map<number, Node>>): number[] | undefined {
  const parent = new Map<number, number>();
  const queue: number[] = [start];
  const seen = new Set<number>();
  while (queue.length) {
    const at = queue.shift()!;
    for (const next of edges.get(at)?.keys() ?? []) {
      if (next === start) {
        const path = [start];
        for (let n = at; n !== start; n = parent.get(n)!) path.unshift(n);
        return path;
      }
      if (seen.has(next)) continue;
      seen.add(next);
      parent.set(next, at);
      queue.push(next);
    }
  }
  return undefined;
}
