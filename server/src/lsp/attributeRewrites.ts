/**
 * "Replace getattr(o, 'name') with o.name": a `refactor.rewrite` code action, offered when the
 * requested range lies in a call of the builtin `getattr(o, name)`, `setattr(o, name, v)` or
 * `delattr(o, name)` whose name is a constant, plain, allowed identifier. Not a quick fix: PC206
 * does not report such a call (it is ordinary attribute access written long-hand, and a benign
 * look-alike must raise no diagnostic), so there is no diagnostic to attach one to.
 *
 * Each condition keeps the rewrite from changing what the code does:
 * - the callee must denote the builtin (the resolver decides: a plugin's own `getattr`, a
 *   parameter or a rebinding of the name is not it);
 * - `getattr` with a default, keyword or unpacked arguments, or a comment among the arguments
 *   (it would be lost) is left alone;
 * - the name is a valid identifier, not a keyword, and already in NFKC form: Python normalises
 *   an identifier written in the source (`o.ｎａｍｅ` is `o.name`) but not a string passed to
 *   `getattr`, so a name NFKC changes would denote another attribute once written out;
 * - no dunder, no `__x` (an attribute written in a class body is mangled, a string is not), and
 *   nothing the policy forbids (the verdict PC206 itself applies);
 * - `setattr` and `delattr` only as a whole expression statement: `o.name = v` and `del o.name`
 *   are statements, where the calls are expressions (`None`).
 *
 * Only calls written as `getattr(...)` (or `builtins.getattr(...)`, any NFKC spelling) are
 * candidates; an alias (`g = getattr`) is not followed. Code actions are asked for at every
 * cursor move, and this keeps the resolver, which needs the whole file, to the rare request
 * made inside such a call.
 */
import { LineIndex } from '../engine/lineIndex';
import type { Range, TextEdit } from '../engine/types';
import { SyntaxTree, type Node, type Tree } from '../parser';
import type { Policy } from '../policy/types';
import { attributeVerdict } from '../rules/shared/attributes';
import { normalizeIdentifier, Semantics } from '../semantics';

export interface AttributeRewrite {
  title: string;
  edit: TextEdit;
}

const FUNCTIONS = new Set(['getattr', 'setattr', 'delattr']);
const ARITY: Record<string, number> = { getattr: 2, setattr: 3, delattr: 2 };

/** Python 3's hard keywords: `o.class` does not parse. (Soft keywords such as `match` are fine as attributes.) */
const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try',
  'while', 'with', 'yield',
]);

const IDENTIFIER = /^[\p{XID_Start}_][\p{XID_Continue}]*$/u;

/** Expressions that take `.name` as they are; anything else is parenthesised (`(a + b).name`, `(1).real`). */
const PRIMARY = new Set([
  'identifier', 'attribute', 'subscript', 'call', 'parenthesized_expression', 'tuple', 'list', 'dictionary', 'set',
  'list_comprehension', 'dictionary_comprehension', 'set_comprehension', 'generator_expression', 'string', 'true', 'false', 'none',
]);

/** Argument nodes that are not a plain positional argument, or would be lost by the rewrite. */
const NOT_PLAIN = new Set(['keyword_argument', 'list_splat', 'dictionary_splat', 'parenthesized_list_splat', 'comment']);

/** The name an attribute may be written with in place of `getattr(o, name)`, or undefined. */
export function plainAttributeName(name: string, policy: Policy): string | undefined {
  if (!IDENTIFIER.test(name) || KEYWORDS.has(name) || normalizeIdentifier(name) !== name) return undefined;
  if (name.startsWith('__') || attributeVerdict(policy, name).forbidden) return undefined;
  return name;
}

export function attributeRewrites(tree: Tree, text: string, policy: Policy, range: Range): AttributeRewrite[] {
  const lines = new LineIndex(text);
  const start = lines.offsetAt(range.start);
  const end = Math.max(start, lines.offsetAt(range.end));
  const candidates = candidateCalls(tree, start, end);
  if (candidates.length === 0) return [];
  const syntax = SyntaxTree.fromTree(tree, text);
  const semantics = new Semantics(syntax.root, text);
  const rewrites: AttributeRewrite[] = [];
  for (const candidate of candidates) {
    const call = callAt(syntax.root, candidate.start, candidate.end);
    const rewrite = call && rewriteOf(call, semantics, policy, lines);
    if (rewrite) rewrites.push(rewrite);
  }
  return rewrites;
}

/**
 * Calls around the range written as a call of getattr/setattr/delattr with the arguments of one,
 * innermost first; read from tree-sitter's tree, a few nodes up from the range.
 */
function candidateCalls(tree: Tree, start: number, end: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let node = tree.rootNode.descendantForIndex(start, end); node; node = node.parent) {
    if (node.type !== 'call') continue;
    const fn = node.childForFieldName('function');
    const written = fn?.type === 'identifier' ? fn : fn?.type === 'attribute' ? fn.childForFieldName('attribute') : null;
    const name = written ? normalizeIdentifier(written.text) : '';
    const args = node.childForFieldName('arguments');
    if (FUNCTIONS.has(name) && args?.type === 'argument_list' && args.namedChildCount === ARITY[name]) out.push({ start: node.startIndex, end: node.endIndex });
  }
  return out;
}

/** The copied tree's call at exactly these offsets. */
function callAt(root: Node, start: number, end: number): Node | undefined {
  let node: Node | undefined = root;
  while (node) {
    if (node.type === 'call' && node.startIndex === start && node.endIndex === end) return node;
    node = node.children.find((c) => c.startIndex <= start && end <= c.endIndex);
  }
  return undefined;
}

/** `getattr`, `setattr` or `delattr` when every value the callee may have is that builtin. */
function builtinCallee(semantics: Semantics, callee: Node): string | undefined {
  const values = semantics.resolve(callee);
  const first = values[0];
  if (first?.kind !== 'qname' || !values.every((v) => v.kind === 'qname' && v.name === first.name)) return undefined;
  const name = first.name.slice('builtins.'.length);
  return first.name.startsWith('builtins.') && FUNCTIONS.has(name) ? name : undefined;
}

function rewriteOf(call: Node, semantics: Semantics, policy: Policy, lines: LineIndex): AttributeRewrite | undefined {
  const callee = call.childForFieldName('function');
  const args = call.childForFieldName('arguments');
  if (!callee || args?.type !== 'argument_list' || call.hasError) return undefined;
  const items = args.namedChildren;
  if (items.some((item) => NOT_PLAIN.has(item.type))) return undefined;
  const fn = builtinCallee(semantics, callee);
  if (!fn || items.length !== ARITY[fn]) return undefined;
  const [object, nameArgument, value] = items;
  const folded = semantics.foldString(nameArgument);
  const name = folded === undefined ? undefined : plainAttributeName(folded, policy);
  if (name === undefined) return undefined;
  const statement = call.parent?.type === 'expression_statement' && call.parent.children.length === 1;
  if (fn !== 'getattr' && !statement) return undefined;

  const receiver = PRIMARY.has(object.type) ? object.text : `(${object.text})`;
  const o = shown(object.text);
  let newText: string;
  let title: string;
  if (fn === 'getattr') {
    newText = `${receiver}.${name}`;
    title = `Replace getattr(${o}, '${name}') with ${shown(receiver)}.${name}`;
  } else if (fn === 'setattr') {
    // `o.name = v := 1` does not parse; every other expression stands as the right-hand side.
    const assigned = value.type === 'named_expression' ? `(${value.text})` : value.text;
    newText = `${receiver}.${name} = ${assigned}`;
    title = `Replace setattr(${o}, '${name}', ${shown(value.text)}) with ${shown(receiver)}.${name} = ${shown(assigned)}`;
  } else {
    newText = `del ${receiver}.${name}`;
    title = `Replace delattr(${o}, '${name}') with del ${shown(receiver)}.${name}`;
  }
  return { title, edit: { range: { start: lines.positionAt(call.startIndex), end: lines.positionAt(call.endIndex) }, newText } };
}

/** An expression as a title shows it: a short one as written, a long one as `…`. */
function shown(text: string): string {
  return text.length <= 24 && !/[\r\n]/.test(text) ? text : '…';
}
