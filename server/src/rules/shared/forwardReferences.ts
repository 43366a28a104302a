/**
 * Forward references: the strings in a type that `typing.get_type_hints` (and pydantic, FastAPI,
 * typer, `inspect.get_annotations(eval_str=True)`) hand to `eval` in the module's globals. A
 * string annotation is source code; these find the strings an annotation makes evaluable and
 * tell a type expression from code.
 */
import type { Node } from '../../parser';
import { codeChildren } from '../../semantics/syntax';
import type { RuleContext } from '../types';
import { quotedValue } from './messageText';

/** Longer than any type written by hand: not worth scanning, and not a type. */
const MAX_TYPE_TEXT = 4096;
/** Forward references inside forward references (`"List['Tree']"`), as deep as they are followed. */
const MAX_NESTING = 8;
/** Nodes walked per annotation. */
const MAX_TYPE_NODES = 512;

/** Keywords that make an expression out of a type (`True`, `False` and `None` are values). */
const KEYWORDS = new Set([
  'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass',
  'raise', 'return', 'try', 'while', 'with', 'yield',
]);

const WORD_CHAR = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}\u00b7\u0387\u1369-\u1371\u19da]/u;

/** Whether the code point at `i` can be part of a name (`𝔵` is two UTF-16 units). */
function isWordAt(text: string, i: number): boolean {
  const cp = text.codePointAt(i);
  return cp !== undefined && WORD_CHAR.test(String.fromCodePoint(cp));
}
const OPERATOR_CHARS = '+-*/%@&^~<>=!:';

type Previous = 'start' | 'open' | 'comma' | 'bar' | 'dot' | 'operand';

interface Bracket {
  /** The last part of the dotted name the bracket subscripts (`Literal` for `t.Literal[`). */
  head: string | undefined;
  /** Which argument the scan is in (`Annotated[T, meta]`: 0 is T). */
  argument: number;
}

/** A number as Python's tokenizer reads it (`0x1for` is `0x1f or`, `1if` is `1 if`). */
const NUMBER = /0[xX][0-9a-fA-F_]*|0[bB][01_]*|0[oO][0-7_]*|[0-9][0-9_]*(?:[eE][+-]?[0-9][0-9_]*)?[jJ]?/y;

/** Whitespace and the prefix before another string literal, which the one before runs into. */
const ADJACENT_STRING = /[ \t\f\r\n]*[rRuU]{0,2}(?=["'])/y;

/**
 * What makes `text` code rather than a type expression, or undefined when it is one. Type syntax:
 * names (dotted), numbers (a leading `-`), `[]`, `,`, `|`, `...`, `*Ts`, an empty tuple `()`,
 * and quoted strings — which are forward references in turn, checked the same way, unless they
 * are values: inside `Literal[...]` or the metadata of `Annotated[T, ...]`. Anything else is
 * code: a call or other parenthesis, an operator, `:=`, a keyword (`or`, `lambda`, `if`,
 * `await`, ...), a dunder name (after NFKC, as Python reads it), an f-string.
 *
 * Prose (`x: "the number of rows"`, `"not a type"`) is not code: two names in a row do not
 * compile, nor does an operator with nothing after it, and a forward reference is compiled
 * before anything of it runs.
 */
/**
 * Builtins that run code, import, read attributes by name or open files: a type hint naming one
 * hands it out. (Not `input`, `exit`, ...: documentation annotations such as `src: "input"` use them.)
 */
const CALLABLE_BUILTINS = new Set(['eval', 'exec', 'compile', '__import__', 'getattr', 'setattr', 'delattr', 'vars', 'globals', 'locals', 'open', 'breakpoint']);

export function typeTextCode(text: string, nesting = 0): string | undefined {
  if (text.length > MAX_TYPE_TEXT) return `more than ${MAX_TYPE_TEXT} characters`;
  // `def f(x: "eval")`: `get_type_hints(f)["x"]` is the builtin itself, ready to call.
  const named = /^\s*(?:builtins\.|__builtins__\.)?([A-Za-z_]\w*)\s*$/.exec(text)?.[1];
  if (named !== undefined && CALLABLE_BUILTINS.has(named)) return `it names the builtin '${named}', which evaluating the type hands back`;
  if (nesting > MAX_NESTING) return 'forward references nested too deep';
  const brackets: Bracket[] = [];
  let reason: string | undefined;
  const note = (r: string) => {
    reason ??= r;
  };
  let previous: Previous = 'start';
  /** The token before is a name that is not a keyword, or a number. */
  let afterName = false;
  let dotted: string | undefined;
  let word: string | undefined;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\f' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c === '#') {
      // A comment, to the end of the line: not evaluated.
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? text.length : eol;
      continue;
    }
    const isWord = isWordAt(text, i);
    if (!isWord) afterName = false;
    if (c === '"' || c === "'") {
      // A prefix is the word written right before the quote (`b'x'`, `f"{x}"`).
      const prefix = word !== undefined && i > 0 && isWordAt(text, /[\udc00-\udfff]/.test(text[i - 1]) ? i - 2 : i - 1) ? word.toLowerCase() : '';
      if (prefix && !/^[rbu]{1,2}$/.test(prefix)) note(/[ft]/.test(prefix) ? 'an f-string' : `the string prefix '${prefix}'`);
      // Adjacent literals are one string (`'x o' 'r y'` is `'x or y'`): read them all first.
      let content = '';
      let at = i;
      for (;;) {
        const q = text[at];
        const quote = text.startsWith(q.repeat(3), at) ? q.repeat(3) : q;
        let end = at + quote.length;
        while (end < text.length && !text.startsWith(quote, end)) end += text[end] === '\\' ? 2 : 1;
        if (end >= text.length) return undefined; // unterminated: does not compile
        content += text.slice(at + quote.length, end);
        at = end + quote.length;
        ADJACENT_STRING.lastIndex = at;
        if (!ADJACENT_STRING.test(text)) break;
        at = ADJACENT_STRING.lastIndex;
      }
      i = at;
      const top = brackets[brackets.length - 1];
      const isValue = prefix.includes('b') || /[ft]/.test(prefix) || (top !== undefined && (top.head === 'Literal' || (top.head === 'Annotated' && top.argument > 0)));
      if (isValue) {
        // Not a forward reference.
      } else if (content.includes('\\')) {
        // Its text is not what is written (`\N{LEFT PARENTHESIS}`): not read as a type.
        note('an escape sequence');
      } else {
        const inner = typeTextCode(content, nesting + 1);
        if (inner !== undefined) note(inner);
      }
      previous = 'operand';
      word = undefined;
      continue;
    }
    if (isWord) {
      let end = i;
      if (c >= '0' && c <= '9') {
        NUMBER.lastIndex = i;
        NUMBER.exec(text);
        end = NUMBER.lastIndex;
      } else {
        while (end < text.length && isWordAt(text, end)) end += text.codePointAt(end)! > 0xffff ? 2 : 1;
      }
      const raw = text.slice(i, end);
      const name = raw.normalize('NFKC');
      const keyword = KEYWORDS.has(name);
      if (afterName && !keyword) return undefined; // two names in a row: does not compile
      if (/^__.+__$/.test(name)) note(`the dunder name '${name}'`);
      else if (name === 'lambda') note('a lambda');
      else if (keyword) note(`the keyword '${name}'`);
      afterName = !keyword;
      dotted = name;
      word = raw;
      previous = keyword ? 'bar' : 'operand';
      i = end;
      continue;
    }
    word = undefined;
    if (c === '.') {
      // `...` is Ellipsis; otherwise a dotted name goes on.
      if (text.startsWith('...', i)) {
        i += 3;
        previous = 'operand';
        dotted = undefined;
        continue;
      }
      previous = 'dot';
      i++;
      continue;
    }
    if (c === ',') {
      const top = brackets[brackets.length - 1];
      if (top) top.argument++;
      previous = 'comma';
      dotted = undefined;
      i++;
      continue;
    }
    if (c === '[') {
      brackets.push({ head: previous === 'operand' ? dotted : undefined, argument: 0 });
      previous = 'open';
      dotted = undefined;
      i++;
      continue;
    }
    if (c === ']') {
      if (!brackets.pop()) note("the character ']'");
      previous = 'operand';
      dotted = undefined;
      i++;
      continue;
    }
    if (c === '|') {
      previous = 'bar';
      dotted = undefined;
      i++;
      continue;
    }
    dotted = undefined;
    const startsOperand = previous === 'start' || previous === 'open' || previous === 'comma' || previous === 'bar';
    let next = i + 1;
    while (next < text.length && (text[next] === ' ' || text[next] === '\t')) next++;
    if (c === '-' && startsOperand && text[next] >= '0' && text[next] <= '9') {
      previous = 'bar'; // the number follows
      i++;
      continue;
    }
    if (c === '*' && text[i + 1] !== '*' && (previous === 'start' || previous === 'open' || previous === 'comma')) {
      previous = 'bar'; // `tuple[*Ts]`, `*args: "*Ts"`: unpacks a TypeVarTuple
      i++;
      continue;
    }
    if (c === '(' && startsOperand && text[next] === ')') {
      // `tuple[()]`, the empty tuple type.
      i = next + 1;
      previous = 'operand';
      continue;
    }
    if (c === '(') note(previous === 'operand' ? 'a call' : 'a parenthesized expression');
    else if (c === ':' && text[i + 1] === '=') note('an assignment expression');
    else if (OPERATOR_CHARS.includes(c)) {
      let end = i;
      while (end < text.length && OPERATOR_CHARS.includes(text[end])) end++;
      if (/^[ \t\f\r\n]*(?:#[^\n]*)?$/.test(text.slice(end))) return undefined; // `typing.ClassVar+`: nothing follows, does not compile
      note(`the operator '${text.slice(i, end)}'`);
      i = end;
      previous = 'bar';
      continue;
    } else note(`the character ${quotedValue(String.fromCodePoint(text.codePointAt(i)!))}`);
    previous = c === ')' ? 'operand' : 'open';
    i++;
  }
  return reason;
}

/** A string an annotation makes evaluable, and why its text is code. */
export interface ForwardReferenceCode {
  /** The string, or the expression (`port: src`) whose value is it. */
  node: Node;
  text: string;
  reason: string;
  /** The node is a string written in the annotation itself (not a name folded to one). */
  literal: boolean;
}

/** `Literal` and `Annotated` of typing/typing_extensions, through any alias, by what `name` denotes. */
function specialForm(context: RuleContext, name: Node | null): 'Literal' | 'Annotated' | undefined {
  if (!name) return undefined;
  for (const q of context.semantics.qualifiedNames(name)) {
    if (q === 'typing.Literal' || q === 'typing_extensions.Literal') return 'Literal';
    if (q === 'typing.Annotated' || q === 'typing_extensions.Annotated') return 'Annotated';
  }
  return undefined;
}

/** The string values a name or attribute in a type position may have (`src = "..."`; `port: src`). */
function stringValues(context: RuleContext, node: Node): string[] {
  const out: string[] = [];
  for (const v of context.semantics.resolve(node)) if (v.kind === 'const' && v.value.t === 'str' && !out.includes(v.value.v)) out.push(v.value.v);
  if (out.length === 0 && node.type === 'identifier') {
    const atRead = context.semantics.fold(node);
    if (atRead?.t === 'str') out.push(atRead.v);
  }
  return out;
}

/**
 * The forward references of a type expression (an annotation, `cast`'s type, a `TypeVar` bound)
 * whose text is code: each string in it — itself, or inside subscripts, `|` unions and the
 * argument lists of `Callable` — and each name or attribute there whose value folds to a string.
 * Not the values of `Literal[...]`, nor the metadata of `Annotated[T, ...]`: they are not types.
 */
export function forwardReferenceCode(context: RuleContext, type: Node): ForwardReferenceCode[] {
  const out: ForwardReferenceCode[] = [];
  const stack: Node[] = [type];
  const pushAll = (nodes: readonly (Node | null)[]) => {
    for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i]) stack.push(nodes[i]!);
  };
  for (let seen = 0; stack.length && seen < MAX_TYPE_NODES; seen++) {
    const n = stack.pop()!;
    switch (n.type) {
      case 'string':
      case 'concatenated_string': {
        const text = context.semantics.foldString(n);
        const reason = text === undefined ? undefined : typeTextCode(text);
        if (text !== undefined && reason !== undefined) out.push({ node: n, text, reason, literal: true });
        break;
      }
      case 'identifier':
      case 'attribute':
        for (const text of stringValues(context, n)) {
          const reason = typeTextCode(text);
          if (reason !== undefined) {
            out.push({ node: n, text, reason, literal: false });
            break;
          }
        }
        break;
      case 'generic_type': {
        // `Name[...]` where the grammar reads a type: the parameters are `type` nodes.
        const children = codeChildren(n);
        const params = children.find((c) => c.type === 'type_parameter');
        const form = specialForm(context, children[0]?.type === 'identifier' ? children[0] : null);
        if (form === 'Literal' || !params) break;
        const args = codeChildren(params);
        pushAll(form === 'Annotated' ? args.slice(0, 1) : args);
        break;
      }
      case 'subscript': {
        const form = specialForm(context, n.childForFieldName('value'));
        if (form === 'Literal') break;
        let args = n.childrenForFieldName('subscript').filter((c) => c.type !== 'comment');
        if (form === 'Annotated') args = args.length === 1 && args[0].type === 'tuple' ? codeChildren(args[0]).slice(0, 1) : args.slice(0, 1);
        pushAll(args);
        break;
      }
      case 'binary_operator':
        if (n.childForFieldName('operator')?.type === '|') pushAll([n.childForFieldName('left'), n.childForFieldName('right')]);
        break;
      case 'type':
      case 'type_parameter':
      case 'union_type':
      case 'constrained_type':
      case 'member_type':
      case 'parenthesized_expression':
      case 'list':
      case 'tuple':
        pushAll(codeChildren(n));
        break;
      default:
        break;
    }
  }
  return out;
}
