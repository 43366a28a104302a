import type { Node } from '../parser';
import { syntaxMemoOf } from './memo';
import { normalizeIdentifier } from './names';

/** Nodes that open a scope of their own: a binding under one is not the enclosing scope's. */
export const NESTED_SCOPE_TYPES: ReadonlySet<string> = new Set(['function_definition', 'lambda', 'class_definition', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/**
 * The named children of a node that are code (not comments). Nearly no node holds a comment:
 * then this is `namedChildren` itself, shared (callers must not mutate it), not a copy.
 */
export function codeChildren(node: Node): Node[] {
  const named = node.namedChildren;
  for (let i = 0; i < named.length; i++) if (named[i].type === 'comment') return named.filter((c) => c.type !== 'comment');
  return named;
}

/**
 * Pushes the named children of `node` onto a walk's stack, in order. An index loop: the walks
 * that use it run over every node of large scopes, and a `for...of` over the children cost an
 * iterator allocation per node wherever the optimiser kept it.
 */
export function pushNamedChildren(stack: Node[], node: Node): void {
  const named = node.namedChildren;
  for (let i = 0; i < named.length; i++) stack.push(named[i]);
}

/** Parent types under which an identifier names something rather than refers to a value. */
function isBindingPosition(node: Node, parent: Node): boolean {
  switch (parent.type) {
    case 'attribute':
      return parent.childForFieldName('attribute')?.id === node.id;
    case 'keyword_argument':
      return parent.childForFieldName('name')?.id === node.id;
    case 'function_definition':
    case 'class_definition':
      return parent.childForFieldName('name')?.id === node.id;
    case 'parameters':
    case 'lambda_parameters':
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
      return true;
    case 'default_parameter':
    case 'typed_default_parameter':
      return parent.childForFieldName('name')?.id === node.id;
    case 'aliased_import':
    case 'global_statement':
    case 'nonlocal_statement':
    case 'keyword_pattern':
      return true;
    case 'as_pattern':
      // `case P as name`: the grammar gives the captured name no field; it is the last child.
      return parent.parent?.type === 'case_pattern' && parent.lastNamedChild?.id === node.id;
    case 'splat_pattern':
      // `case [first, *rest]:`, `case {**rest}:`: a capture.
      return true;
    case 'dotted_name':
      // `case name:` / `case [a, b]:` / `case C(attr=name):` capture: a bare one-part name
      // straight under a case pattern or as the value of a keyword pattern.
      if ((parent.parent?.type === 'case_pattern' || parent.parent?.type === 'keyword_pattern') && parent.namedChildCount === 1) return true;
      // Module paths in imports are names; other dotted names in `case` patterns are references.
      for (let p: Node | null = parent.parent; p; p = p.parent) {
        if (p.type === 'import_statement' || p.type === 'import_from_statement' || p.type === 'future_import_statement') return true;
        if (p.type !== 'aliased_import' && p.type !== 'relative_import') break;
      }
      return false;
    default:
      return false;
  }
}

/**
 * True for a name a `case` pattern binds (`case name`, `case [*rest]`, `case C(attr=name)`,
 * `case P as name`): the match stores the subject, or a part of it, in that name.
 */
export function isPatternCapture(node: Node): boolean {
  const parent = node.parent;
  if (node.type !== 'identifier' || !parent) return false;
  // The binding positions of `isBindingPosition` that lie in a pattern (a `dotted_name` is also
  // an import's module path); `case _:` is the wildcard, which binds nothing.
  const inPattern =
    parent.type === 'splat_pattern' ||
    parent.type === 'as_pattern' ||
    (parent.type === 'dotted_name' && node.text !== '_' && (parent.parent?.type === 'case_pattern' || parent.parent?.type === 'keyword_pattern'));
  return inPattern && isBindingPosition(node, parent);
}

/** The class pattern a keyword pattern is an argument of (`Box(...)` in `case Box(item=x)`), if any. */
export function classPatternOfKeyword(keyword: Node): Node | undefined {
  const parent = keyword.parent;
  const holder = parent?.type === 'case_pattern' ? parent.parent : parent;
  return holder?.type === 'class_pattern' ? holder : undefined;
}

/** The class a class pattern names: the dotted name `mod.Box` of `case mod.Box(...)`. */
export function patternClassName(classPattern: Node): Node | undefined {
  return codeChildren(classPattern).find((c) => c.type === 'dotted_name');
}

/** True for an identifier that reads a name (not a definition, parameter, attribute or keyword name). */
export function isNameReference(node: Node): boolean {
  if (node.type !== 'identifier') return false;
  const parent = node.parent;
  return !parent || !isBindingPosition(node, parent);
}

/**
 * Nodes a class statement may sit in (or be), for a walk of a statement's statements down to its
 * classes (PC403's): not an expression, and not an `ERROR` node, whose parts tree-sitter could
 * not place.
 */
export const CLASS_CONTAINERS: ReadonlySet<string> = new Set([
  'block', 'class_definition', 'function_definition', 'decorated_definition', 'if_statement', 'elif_clause', 'else_clause',
  'for_statement', 'while_statement', 'try_statement', 'except_clause', 'except_group_clause', 'finally_clause', 'with_statement',
  'match_statement', 'case_clause',
]);

/**
 * The `return`s of a def's own code (not those of the functions, classes and comprehensions in
 * it), in the order a walk meets them: the values they hand back, whether one is bare, and whether
 * the def yields (a generator). A lambda hands back its body.
 */
export function ownReturns(fn: Node): { values: Node[]; bare: boolean; yields: boolean } {
  const body = fn.childForFieldName('body');
  const out = { values: [] as Node[], bare: false, yields: false };
  if (fn.type === 'lambda') {
    if (body) out.values.push(body);
    return out;
  }
  const stack: Node[] = body ? [body] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (NESTED_SCOPE_TYPES.has(n.type)) continue;
    if (n.type === 'yield') out.yields = true;
    else if (n.type === 'return_statement') {
      const value = codeChildren(n)[0];
      if (value) out.values.push(value);
      else out.bare = true;
    }
    pushNamedChildren(stack, n);
  }
  return out;
}

/** True when `node` is an assignment/for/with/del target: it is written, not read. */
export function isStoreTarget(node: Node): boolean {
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    switch (p.type) {
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'list_splat_pattern':
        continue;
      case 'tuple':
      case 'list':
      case 'expression_list':
      case 'parenthesized_expression':
        continue;
      case 'assignment':
      case 'augmented_assignment':
        return p.childForFieldName('left')?.id === child.id;
      case 'for_statement':
      case 'for_in_clause':
        return p.childForFieldName('left')?.id === child.id;
      case 'named_expression':
        return p.childForFieldName('name')?.id === child.id;
      case 'as_pattern_target':
      case 'delete_statement':
        return true;
      default:
        return false;
    }
  }
  return false;
}

/**
 * Positional arguments (no keywords, no splats) of a call. Several rules ask for every call:
 * kept on the node (a fact of the syntax alone, see memo.ts), shared: callers must not mutate it.
 */
export function positionalArguments(call: Node): Node[] {
  const memo = syntaxMemoOf(call);
  if (memo.positional === undefined) memo.positional = positionalArgumentsOf(call);
  return memo.positional;
}

function positionalArgumentsOf(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  if (!args) return [];
  if (args.type === 'generator_expression') return [args];
  return args.namedChildren.filter(
    (c): c is Node => !!c && c.type !== 'comment' && c.type !== 'keyword_argument' && c.type !== 'list_splat' && c.type !== 'dictionary_splat',
  );
}

/**
 * The name a positional-or-keyword parameter binds: `n`, `n: int`, `n=3`, `n: int = 3` (the
 * identifier node); undefined for `*args`, `**kw`, the markers `*` and `/`, and anything else.
 */
export function parameterIdentifier(p: Node): Node | undefined {
  const id = p.type === 'identifier' ? p : p.type === 'default_parameter' || p.type === 'typed_default_parameter' ? p.childForFieldName('name') : p.type === 'typed_parameter' ? p.namedChildren.find((c) => c?.type !== 'comment') : null;
  return id?.type === 'identifier' ? id : undefined;
}

/** A statement that is one plain string literal: it runs nothing (not `"doc", check(n)`, not an f-string). */
export function isDocstring(statement: Node | undefined): boolean {
  const parts = statement?.type === 'expression_statement' ? codeChildren(statement) : [];
  return parts.length === 1 && parts[0].type === 'string' && !parts[0].namedChildren.some((c) => c?.type === 'interpolation');
}

/**
 * The argument each of `parameters` takes at `call`: passed by position or by keyword (compared
 * NFKC-normalised, as Python binds `ﬁ=1` to `fi`), else its default; undefined in a slot nothing
 * fills. Undefined for a call that splats, passes more positional arguments than there are
 * parameters, or names a keyword that is no parameter, is already passed by position, or twice.
 */
export function argumentsByParameter(call: Node, parameters: readonly string[], defaults: readonly (Node | undefined)[]): (Node | undefined)[] | undefined {
  const positional = positionalArguments(call);
  const given = codeChildren(call.childForFieldName('arguments') ?? call);
  if (positional.length > parameters.length || given.some((a, i) => (i < positional.length ? a.id !== positional[i].id : a.type !== 'keyword_argument'))) return undefined;
  const byName = new Map<string, Node>();
  for (const k of given.slice(positional.length)) {
    const name = normalizeIdentifier(k.childForFieldName('name')?.text ?? '');
    const value = k.childForFieldName('value');
    if (parameters.indexOf(name) < positional.length || byName.has(name) || !value) return undefined;
    byName.set(name, value);
  }
  return parameters.map((p, i) => positional[i] ?? byName.get(p) ?? defaults[i]);
}

export function keywordArgument(call: Node, name: string): Node | undefined {
  const args = call.childForFieldName('arguments');
  for (const c of args?.namedChildren ?? []) {
    if (c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === name) return c.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

/** The call whose callee is exactly `node`, if any. */
export function callOf(node: Node): Node | undefined {
  const p = node.parent;
  return p?.type === 'call' && p.childForFieldName('function')?.id === node.id ? p : undefined;
}

/**
 * Names a statement in a class body binds by assignment: `__del__ = f`, `x = __del__ = f`,
 * `__del__, __format__ = f, g`, `__del__: Callable = f`.
 */
export function assignedNames(statement: Node): Node[] {
  const out: Node[] = [];
  let assign: Node | null = statement.type === 'expression_statement' ? statement.namedChild(0) : null;
  while (assign?.type === 'assignment') {
    const stack: Node[] = [];
    const left = assign.childForFieldName('left');
    if (left) stack.push(left);
    while (stack.length) {
      const t = stack.pop()!;
      if (t.type === 'identifier') out.push(t);
      else if (['pattern_list', 'tuple_pattern', 'list_pattern', 'expression_list', 'tuple', 'list', 'parenthesized_expression'].includes(t.type)) {
        pushNamedChildren(stack, t);
      }
    }
    // In a chained assignment `a = b = f` the right-hand side is itself an assignment.
    assign = assign.childForFieldName('right');
  }
  return out;
}
