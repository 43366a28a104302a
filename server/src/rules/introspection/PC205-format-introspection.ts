import type { Node } from '../../parser';
import { normalizeIdentifier } from '../../semantics';
import { callOf, codeChildren, keywordArgument, positionalArguments } from '../../semantics/syntax';
import { shortened } from '../shared/messageText';
import { unparenthesized } from '../../semantics/narrowing';
import type { Policy } from '../../policy/types';
import type { Rule, RuleContext } from '../types';
import { possibleStrings } from '../shared/possibleStrings';
import { loneBindingOf } from '../shared/loneBinding';
import { classOfMethod, firstParameter } from '../shared/methods';
import { soleParameter } from '../resources/magnitudes';
import { attributeVerdict } from '../shared/attributes';
import { parseFormatFields } from '../shared/formatFields';
import { isMadeBy } from '../shared/madeBy';
import { dottedMemberMessage } from '../modules/PC103-module-member-not-allowed';

/**
 * The first forbidden step of any field in a template, as a message fragment. A `[key]` step is
 * an item lookup: a single-underscore key names data (`{doc[_id]}`, `{hit[_source]}`), not an
 * attribute; dunder, mangled and internal keys (`{x[__builtins__]}` of a namespace) still count.
 */
export function forbiddenFieldStep(policy: Policy, template: string, isOwnArgument?: (head: string) => boolean, privateAllowed = false): string | undefined {
  for (const field of parseFormatFields(template)) {
    for (const [i, step] of field.steps.entries()) {
      const name = normalizeIdentifier(step.name.trim());
      const verdict = attributeVerdict(policy, name);
      if (verdict.forbidden && (step.kind === 'index' || privateAllowed) && verdict.reason === 'a private attribute') continue;
      // `"{0._name}".format(self)`: a private attribute of the plugin's own object, as `self._name` is.
      if (verdict.forbidden && i === 0 && step.kind === 'attribute' && verdict.reason === 'a private attribute' && isOwnArgument?.(field.text.split(/[.[]/)[0].trim())) continue;
      // `{0.__class__.__name__}`: the class read only for its name, the last step, as PC201 lets
      // `x.__class__.__name__` through; the class itself goes nowhere.
      const next = field.steps[i + 1];
      if (verdict.forbidden && name === '__class__' && step.kind === 'attribute' && i === field.steps.length - 2 && next.kind === 'attribute') {
        const described = normalizeIdentifier(next.name.trim());
        if ((described === '__name__' || described === '__qualname__') && !attributeVerdict(policy, described).forbidden) continue;
      }
      if (verdict.forbidden) return `format field '{${field.text}}' reads '${name}' (${verdict.reason})`;
    }
  }
  return undefined;
}

/**
 * `"{0.sys.modules}".format(typing)`: a field that starts from a module the call passes walks its
 * members as `typing.sys.modules` does; the first that PC103 would not allow, as its message.
 */
function forbiddenModuleStep(policy: Policy, template: string, moduleOf: (head: string) => string | undefined): string | undefined {
  for (const field of parseFormatFields(template)) {
    // As Python reads a field: no spaces around its parts (`{ 0.sys}` is a KeyError), no empty step.
    const head = field.text.split(/[.[!:]/)[0];
    const module = /^\w+$/.test(head) ? moduleOf(head) : undefined;
    if (!module) continue;
    let path = module;
    for (const step of field.steps) {
      if (step.kind !== 'attribute' || !/^\w+$/.test(step.name)) break;
      path += `.${normalizeIdentifier(step.name)}`;
      const message = dottedMemberMessage(policy, path);
      // PC103's words without its closing "is not allowed by policy": the caller closes the message.
      if (message) return `format field '{${field.text}}' reads '${path}': ${message.replace(/ is not allowed by policy '.*'$/, '')}`;
    }
  }
  return undefined;
}

const UNBOUND_FORMATTERS = new Set(['builtins.str.format', 'builtins.str.format_map', 'collections.UserString.format', 'collections.UserString.format_map']);

/**
 * The first positional argument of a call, also when it comes from unpacking a display:
 * `str.format(*["{0.__class__}", 1])`.
 */
function firstArgument(context: RuleContext, call: Node): Node | undefined {
  const args = call.childForFieldName('arguments');
  for (const a of args?.type === 'argument_list' ? args.namedChildren : []) {
    if (!a || a.type === 'comment' || a.type === 'keyword_argument' || a.type === 'dictionary_splat') continue;
    if (a.type !== 'list_splat') return a;
    const inner = a.namedChildren.find((c) => c && c.type !== 'comment');
    const displays = inner ? context.semantics.resolve(inner) : [];
    const display = displays.length === 1 && displays[0].kind === 'container' ? displays[0].node : undefined;
    if (!display || (display.type !== 'list' && display.type !== 'tuple')) return undefined;
    return display.namedChildren.find((c): c is Node => !!c && c.type !== 'comment' && c.type !== 'list_splat');
  }
  return undefined;
}

/** The call a name bound once was made by, or the call itself: `m = operator.methodcaller(...)`. */
function makingCall(context: RuleContext, node: Node): Node | undefined {
  if (node.type === 'call') return node;
  if (node.type !== 'identifier') return undefined;
  const values = context.semantics.bindingsOf(node).map((b) => b.value);
  return values.length === 1 && values[0]?.type === 'call' ? values[0] : undefined;
}

const FORMAT_METHODS = new Set(['format', 'format_map']);

/**
 * A method reached other than by `obj.method`: `getattr(template, "format")(x)` formats
 * `template`; `operator.methodcaller("format", x)(template)` formats its argument.
 */
function indirectTemplateOf(context: RuleContext, call: Node, fn: Node): Node | undefined {
  const maker = makingCall(context, fn);
  const makerFn = maker?.childForFieldName('function');
  if (!maker || !makerFn) return undefined;
  const names = context.semantics.qualifiedNames(makerFn);
  const args = positionalArguments(maker);
  if (names.includes('builtins.getattr') && args.length >= 2) {
    const method = context.semantics.foldString(args[1]);
    return method !== undefined && FORMAT_METHODS.has(method) ? args[0] : undefined;
  }
  if (names.includes('operator.methodcaller') && args[0]) {
    const method = context.semantics.foldString(args[0]);
    return method !== undefined && FORMAT_METHODS.has(method) ? firstArgument(context, call) : undefined;
  }
  return undefined;
}

/** The template a formatting call formats, if the call is one: `t.format()`, `str.format(t)`, `Formatter().vformat(t)`. */
function templateOf(context: RuleContext, call: Node): Node | undefined {
  let fn = call.childForFieldName('function');
  if (!fn) return undefined;
  // `render = tpl.format; render(x)`: a name bound once to a method read is that method.
  if (fn.type === 'identifier') {
    const bindings = context.semantics.bindingsOf(fn);
    const value = bindings.length === 1 && bindings[0].kind === 'assign' && !bindings[0].subjectPath ? bindings[0].value : undefined;
    if (value?.type === 'attribute') fn = value;
  }
  // `f = str.format; f(template, x)`: the unbound method takes the template first.
  if (context.semantics.qualifiedNames(fn).some((q) => UNBOUND_FORMATTERS.has(q))) return firstArgument(context, call);
  if (fn.type !== 'attribute') return indirectTemplateOf(context, call, fn);
  const method = normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '');
  const object = fn.childForFieldName('object');
  if (!object) return undefined;
  if (method === 'format' || method === 'format_map' || method === 'vformat') {
    const names = context.semantics.qualifiedNames(object);
    const isUnbound = names.some((q) => q === 'builtins.str' || q === 'collections.UserString');
    if (isUnbound || formatterKind(context, object)) return positionalArguments(call)[0];
    return method === 'vformat' ? undefined : object;
  }
  return undefined;
}

/**
 * Whether an expression is `string.Formatter` (or a class of this file deriving from it) or a
 * formatter object: `string.Formatter()`, `fmt = string.Formatter()`, `class F(string.Formatter)`
 * with `F()` or `f = F()`. The unbound methods take the formatter first.
 */
function formatterKind(context: RuleContext, object: Node): 'class' | 'object' | undefined {
  const { semantics } = context;
  const isFormatter = (q: string): boolean => q === 'string.Formatter';
  if (semantics.qualifiedNames(object).some(isFormatter)) return 'class';
  for (const v of semantics.resolve(object)) {
    if ((v.kind === 'class' || v.kind === 'instance') && semantics.inheritedQualifiedNames(v.node).some(isFormatter)) return v.kind === 'class' ? 'class' : 'object';
  }
  return isMadeBy(context, object, isFormatter) ? 'object' : undefined;
}

/** `functools.partial(str.format, "{0.__class__}")`: the template a partial binds to an unbound formatter. */
function partialTemplateOf(context: RuleContext, call: Node): Node | undefined {
  const fn = call.childForFieldName('function');
  if (!fn || !context.semantics.qualifiedNames(fn).includes('functools.partial')) return undefined;
  const [bound, ...rest] = positionalArguments(call);
  if (!bound) return undefined;
  if (context.semantics.qualifiedNames(bound).some((q) => UNBOUND_FORMATTERS.has(q))) return rest[0];
  if (bound.type !== 'attribute') return undefined;
  const method = normalizeIdentifier(bound.childForFieldName('attribute')?.text ?? '');
  const object = bound.childForFieldName('object');
  // `partial(string.Formatter().format, template)`, `partial(F.format, F(), template)`
  if (!object || (method !== 'format' && method !== 'vformat' && method !== 'format_map')) return undefined;
  const kind = formatterKind(context, object);
  return kind === 'object' ? rest[0] : kind === 'class' ? rest[1] : undefined;
}


/** The field name `string.Formatter().get_field(name, args, kwargs)` resolves, if the call is one. */
function fieldNameOf(context: RuleContext, call: Node): Node | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute' || normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '') !== 'get_field') return undefined;
  const object = fn.childForFieldName('object');
  if (!object) return undefined;
  const kind = formatterKind(context, object);
  if (!kind) return undefined;
  // The unbound method takes the formatter first: `Formatter.get_field(f, name, args, kwargs)`.
  return positionalArguments(call)[kind === 'class' ? 1 : 0];
}

/**
 * `(name + " now has {0} karma").format(n)`: a template that joins text the file does not know (a
 * name the function read from its data, not a parameter: that is the caller's template part) to
 * text holding replacement fields. Formatting that is a format-string injection: the text can
 * carry `{0.__class__...}`. Through a name bound once to such a join too. The unknown part, or
 * undefined when every part is known, no known part has a field, or the unknown parts are computed
 * (`str(width)`, `"-" * n`, `os.sep`, `name.replace("{", "{{")`), which this does not try to judge.
 */
function textJoinedToFields(context: RuleContext, template: Node): Node | undefined {
  let t = unparenthesized(template);
  for (let hops = 0; hops < 4 && t?.type === 'identifier'; hops++) t = unparenthesized(context.semantics.valueBoundOnce(t) ?? null);
  if (t?.type !== 'binary_operator' || t.childForFieldName('operator')?.text !== '+') return undefined;
  const parts: { node: Node; strings: string[] | undefined }[] = [];
  const stack: Node[] = [t];
  while (stack.length && parts.length < 32) {
    const n = unparenthesized(stack.pop()!)!;
    if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '+') stack.push(n.childForFieldName('right')!, n.childForFieldName('left')!);
    else parts.push({ node: n, strings: possibleStrings(context, n) });
  }
  if (!parts.some((p) => (p.strings ?? []).some(hasField))) return undefined;
  return parts.find((p) => readFromElsewhere(context, p.node, p.strings))?.node;
}

/** Whether a template's text holds a replacement field (doubled braces are text). */
function hasField(text: string): boolean {
  return /\{[^{}]*\}/.test(text.replace(/\{\{|\}\}/g, ''));
}

/**
 * Text the function read from its data: a name, an attribute or an item (not of a module, not a
 * parameter) whose strings are unknown, or an f-string of such (`strings`: what the part folds to).
 */
function readFromElsewhere(context: RuleContext, p: Node, strings: string[] | undefined): boolean {
  if (strings?.length) return false;
  if (p.type === 'string') return codeChildren(p).some((c) => c.type === 'interpolation' && isReadFromElsewhere(context, c.childForFieldName('expression') ?? c));
  if (p.type !== 'identifier' && p.type !== 'attribute' && p.type !== 'subscript') return false;
  if (p.type === 'identifier' && context.semantics.bindingsOf(p).some((b) => b.kind === 'param')) return false;
  return !context.semantics.resolve(p).some((v) => v.kind === 'qname');
}

function isReadFromElsewhere(context: RuleContext, p: Node): boolean {
  // A value the file fixes (`price = 1.5`), of any type, is no text from elsewhere.
  return context.semantics.fold(p) === undefined && readFromElsewhere(context, p, possibleStrings(context, p));
}

/**
 * The text of an f-string with each of its values left out (a NUL in its place, which no field
 * name holds): `f"{{0.__class__}}{price:>10}"` is `{0.__class__}` and a NUL. Undefined for
 * anything else.
 */
function fStringSkeleton(node: Node | null): string | undefined {
  // `f"{{0.__class__}}" f"{x}"`: the parts written side by side, each plain or an f-string.
  if (node?.type === 'concatenated_string') {
    const parts = codeChildren(node).map((part) => fStringSkeleton(part) ?? (part.type === 'string' && !/[fb]/i.test(part.firstNamedChild?.text ?? '') ? plainText(part) : undefined));
    return parts.every((p) => p !== undefined) && codeChildren(node).some((part) => /f/i.test(part.firstNamedChild?.text ?? '')) ? parts.join('') : undefined;
  }
  const start = node?.type === 'string' ? node.firstNamedChild : null;
  if (start?.type !== 'string_start' || !/f/i.test(start.text) || /b/i.test(start.text)) return undefined;
  let text = '';
  for (const part of codeChildren(node!)) {
    if (part.type === 'string_content') text += part.text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    else if (part.type === 'interpolation') text += '\0';
  }
  return text;
}

/** The text of a plain string literal as written between its quotes (escapes left as they are). */
function plainText(node: Node): string {
  return codeChildren(node).filter((c) => c.type === 'string_content').map((c) => c.text).join('');
}

/**
 * `payload.get("template", DEFAULT)`, `options["layout"]`, also through a name bound once and
 * either side of `or`: a template read out of what a function is passed (not its `self` or `cls`),
 * data the host or a user supplies, whose fields can walk the formatted values' attributes. The
 * read, if the template is one.
 */
function templateFromInput(context: RuleContext, template: Node): Node | undefined {
  let n = unparenthesized(template);
  for (let guard = 0; n && guard < 8; guard++) {
    if (n.type === 'identifier') {
      n = unparenthesized(context.semantics.valueBoundOnce(n) ?? null);
      continue;
    }
    if (n.type === 'boolean_operator') return codeChildren(n).map((side) => templateFromInput(context, side)).find((read) => read);
    const holder = n.type === 'subscript' ? n.childForFieldName('value') : n.type === 'call' ? getReceiver(n) : null;
    return holder && isPassedIn(context, unparenthesized(holder)) ? n : undefined;
  }
  return undefined;
}

/** `x` of `x.get(...)`. */
function getReceiver(call: Node): Node | null {
  const fn = call.childForFieldName('function');
  return fn?.type === 'attribute' && normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '') === 'get' ? fn.childForFieldName('object') : null;
}

/** A parameter of a function or lambda, not the first of a method (its object or class). */
function isPassedIn(context: RuleContext, n: Node | null | undefined): boolean {
  const param = n ? soleParameter(context, n) : undefined;
  if (!param) return false;
  const fn = param.scope.node;
  return !(classOfMethod(fn) && firstParameter(fn) === normalizeIdentifier(n!.text));
}

/** Builtins that show or measure a text and hand it to nothing that formats it. */
const SHOWING_BUILTINS = new Set(['print', 'len']);

export const formatIntrospection: Rule = {
  meta: {
    code: 'PC205',
    name: 'format-introspection',
    summary: 'Format strings whose fields walk into attributes: `"{0.__class__}".format(x)`',
    defaultSeverity: 'error',
    docs: {
      what: [
        '- **Templates that walk into internals**: `str.format`, `format_map`, `str.format(template, ...)`, `string.Formatter().format`/`vformat`/`get_field` (also of a subclass of the file), `UserString(...).format`, `partial(str.format, t)`, `getattr(t, "format")(...)` and `methodcaller("format", ...)(t)` whose template has a field reading a dunder, private or interpreter-internal attribute or key (`{0.__class__}`, `{x[__builtins__]}`, `{0._Printer__filenames}`, nested in a spec `{0:{0.__class__}}`), or walking from a module it is passed to a member PC103 does not allow (`"{0.sys.modules}".format(typing)`); and f-string specs computed from such a template. Not: a single-underscore key (`{doc[_id]}`) or attribute of an object of the file (`"{0._name}".format(self)`), nor `{0.__class__.__name__}` (what `type(x).__name__` gives).',
        '- **How the template is known**: folded through names, `+`, `join`, `textwrap.dedent`, the statements before the call (parts appended in a `for` over constants, `t += ...`), dict comprehensions over constants; any value a name may hold (a default, what the calls of the file pass, including `*args`/`**kwargs`, a class attribute or `self.x`, an item stored into a dict or appended to a list, an index that does not fold, a loop over `enumerate`/`zip`/`items()`). A function called with more than 64 argument lists is reported as unverifiable.',
        '- **Templates from outside**: one read out of what a function is passed (`payload.get("format", DEFAULT)`, `options["layout"]`, not out of `self`/`cls`), whose fields can walk what is formatted.',
        '- **Literals** whose fields walk into internals, where they are written (a template can reach `format` through flows no folding follows) — not docstrings, not only printed or measured.',
        '- **Format-string injection**: `format`/`format_map` of a template joined with `+`, or of an f-string (`f"{name} has {{0}}"`), from text holding a field and a value the file does not know (`(match.group(1) + " has {0}").format(n)`); a parameter or a computed part (`str(width)`, `name.replace("{", "{{")`) is not judged.',
      ].join('\n'),
      why: 'A format field is attribute access the AST never shows: `"{0.__init__.__globals__[sys]}".format(obj)` reads the host\'s modules without a single dunder in the code\'s syntax tree. Jinja2 (CVE-2019-10906), Django and LangChain sandboxes were escaped this way.',
      example: 'leak = "{0.__class__.__mro__}".format(value)\ntmpl = "{" + ".".join(["0", "__class__"]) + "}"\nprint(tmpl.format(()))',
      instead: 'Format values you already hold: `"{name}: {count:d}".format(name=name, count=count)`.',
    },
  },
  create(context) {
    const { policy, semantics } = context;
    const tooManyCalls = (node: Node): void => {
      context.report({ node, message: `format template built from the arguments of more calls of its function than are checked one by one; it cannot be verified; not allowed by policy '${policy.name}'` });
    };
    // Calls reported above: a template literal inside one is not reported again.
    const reportedCalls = new Set<Node>();
    /** A format call whose template joins `part`, text read from elsewhere, to replacement fields. */
    const reportJoined = (call: Node, part: Node): void => {
      context.report({ node: call, message: `the template formatted here joins text from elsewhere ('${shortened(part.text)}') to its replacement fields: that text can add fields that walk the arguments' attributes ('{0.__class__}'); not allowed by policy '${policy.name}'` });
      reportedCalls.add(call);
    };
    /**
     * `print("refusing", t)`, `len(t)`: a positional argument of the builtin `print` or `len`
     * itself (not a partial of it) given no keyword (`file=` hands the text to a writer).
     */
    const shown = (value: Node): boolean => {
      let up = value.parent;
      while (up?.type === 'parenthesized_expression') up = up.parent;
      const fn = up?.type === 'argument_list' && up.parent?.type === 'call' ? up.parent.childForFieldName('function') : null;
      if (fn?.type !== 'identifier' || !SHOWING_BUILTINS.has(normalizeIdentifier(fn.text)) || !semantics.isBuiltinReference(fn)) return false;
      return codeChildren(up!).every((arg) => arg.type !== 'keyword_argument' && arg.type !== 'dictionary_splat');
    };
    /**
     * A template literal that reaches no format call: shown where it is written, or bound once,
     * alone (not chained) and outside a class body (an enum, dataclass or named tuple hands its
     * class attributes out by position), to a name every other identifier so spelled in the
     * file shows (`t = "{0.__class__}"` then `print("refusing", t)`): a plugin that prints what
     * it refuses.
     */
    const onlyShown = (holder: Node): boolean => {
      if (shown(holder)) return true;
      const bound = loneBindingOf(context, holder);
      const uses = bound && semantics.identifiersNamed(bound.name);
      return !!uses && uses.length > 1 && uses.every((u) => u.id === bound!.name.id || shown(u));
    };
    return {
      string(node) {
        // A template can travel (a dict of templates, a default, an enum value, a partial's
        // keyword) to a `format` no folding reaches: a literal whose fields walk into dunder or
        // interpreter attributes is reported where it is written. Not a statement of its own
        // (a docstring), not the object of `.format` (the call is checked), not a private step
        // (`{0._name}` is fine on the plugin's own objects, unknown here), not one only shown.
        const holder = node.parent?.type === 'concatenated_string' ? node.parent : node;
        if (holder !== node && holder.firstNamedChild?.id !== node.id) return;
        const start = node.firstNamedChild;
        if (start?.type !== 'string_start' || /[fb]/i.test(start.text)) return;
        // Most strings hold no brace and no escape that could make one: nothing to fold.
        const raw = holder.text;
        if (!raw.includes('{') && !raw.includes('\\')) return;
        let up = holder.parent;
        while (up?.type === 'parenthesized_expression') up = up.parent;
        if (up?.type === 'expression_statement') return;
        if (up?.type === 'attribute' && ['format', 'format_map'].includes(normalizeIdentifier(up.childForFieldName('attribute')?.text ?? ''))) return;
        for (let p = up; p; p = p.parent) if (reportedCalls.has(p)) return;
        const text = semantics.foldString(holder);
        if (text === undefined || !text.includes('{')) return;
        const problem = forbiddenFieldStep(policy, text, undefined, true);
        if (problem && !onlyShown(holder)) context.report({ node: holder, message: `${problem}, a template any later format call walks; not allowed by policy '${policy.name}'` });
      },
      call(node) {
        const field = fieldNameOf(context, node);
        const template = field ?? templateOf(context, node) ?? partialTemplateOf(context, node);
        if (!template) return;
        const fn = node.childForFieldName('function');
        // `template.format(self)`: the argument a field starts from, when it is one of this file's instances or classes.
        const isOwnArgument = !field && fn?.type === 'attribute' && fn.childForFieldName('object')?.id === template.id && normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '') === 'format'
          ? (head: string): boolean => {
              const arg = /^\d+$/.test(head) ? positionalArguments(node)[Number(head)] : head ? keywordArgument(node, head) : undefined;
              const values = arg ? semantics.resolve(arg) : [];
              return values.length > 0 && values.every((v) => v.kind === 'instance' || v.kind === 'class');
            }
          : undefined;
        /** `template.format(typing)`: the module the argument a field starts from is, if it is one. */
        const moduleOf = isOwnArgument
          ? (head: string): string | undefined => {
              const arg = /^\d+$/.test(head) ? positionalArguments(node)[Number(head)] : keywordArgument(node, head);
              // A name an `import` binds: a module (or a member of one, whose own members are checked the same way).
              const bindings = arg?.type === 'identifier' ? semantics.bindingsOf(arg) : [];
              return bindings.length === 1 && bindings[0].kind === 'import' ? bindings[0].qname : undefined;
            }
          : undefined;
        const formatted = !field && fn?.type === 'attribute' && FORMAT_METHODS.has(normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '')) ? fn.childForFieldName('object') : null;
        const joined = formatted ? textJoinedToFields(context, formatted) : undefined;
        if (joined) return reportJoined(node, joined);
        // `Formatter().get_field("0.__class__", args, kwargs)` walks one field: the template `{0.__class__}`.
        const folded = possibleStrings(context, template);
        if (!folded) return tooManyCalls(node);
        // `f"{{0.__class__}}{price:>10}".format(x)`: fields written in an f-string's own text are
        // in the template whatever its values are, also when they do not fold.
        const skeleton = folded.length === 0 ? fStringSkeleton(unparenthesized(template)) : undefined;
        // `f"{name} has {{0}}".format(o)` with `name` read from data: that text can add fields.
        if (skeleton !== undefined && hasField(skeleton)) {
          const fString = unparenthesized(template)!;
          const strings = fString.type === 'concatenated_string' ? codeChildren(fString) : [fString];
          const read = strings.flatMap((part) => codeChildren(part)).find((c) => c.type === 'interpolation' && isReadFromElsewhere(context, c.childForFieldName('expression') ?? c));
          if (read) return reportJoined(node, read);
        }
        const templates = skeleton === undefined ? folded : [skeleton];
        for (const found of templates) {
          const text = field ? `{${found}}` : found;
          const problem = forbiddenFieldStep(policy, text, isOwnArgument) ?? (moduleOf && forbiddenModuleStep(policy, text, moduleOf));
          if (problem) {
            context.report({ node, message: `${problem}; not allowed by policy '${policy.name}'` });
            reportedCalls.add(node);
            return;
          }
        }
        // None of the templates it may be walks an attribute, but one it is read from may be any.
        const input = field ? undefined : templateFromInput(context, template);
        if (input) {
          context.report({ node, message: `the template formatted here is read from '${shortened(input.text)}', data passed in: its fields can walk the attributes of what is formatted ('{0.__class__}'); not allowed by policy '${policy.name}'` });
          reportedCalls.add(node);
        }
      },
      attribute(node) {
        // `f = "{0.__class__}".format` then `f(x)`: the bound method formats the same template.
        if (callOf(node)) return;
        const method = normalizeIdentifier(node.childForFieldName('attribute')?.text ?? '');
        const object = node.childForFieldName('object');
        if ((method !== 'format' && method !== 'format_map') || !object) return;
        const templates = possibleStrings(context, object);
        if (!templates) return tooManyCalls(node);
        for (const text of templates) {
          const problem = forbiddenFieldStep(policy, text);
          if (problem) {
            context.report({ node, message: `${problem}; not allowed by policy '${policy.name}'` });
            return;
          }
        }
      },
      interpolation(node) {
        // `f"{x:{spec}}"` formats x with a spec computed at run time; a spec holding a field walks attributes.
        const spec = node.childForFieldName('format_specifier');
        if (!spec) return;
        for (const c of spec.namedChildren) {
          if (c?.type !== 'format_expression') continue;
          const expr = c.childForFieldName('expression');
          // Every string the spec may be, as for a template: a parameter's default, what the calls pass.
          for (const text of (expr && possibleStrings(context, expr)) ?? []) {
            const problem = forbiddenFieldStep(policy, text);
            if (!problem) continue;
            context.report({ node, message: `${problem} in an f-string format spec; not allowed by policy '${policy.name}'` });
            break;
          }
        }
      },
    };
  },
  tests: {
    valid: [
      {
        code: 'TEMPLATES = {"order": "Dear {name}"}\n\nclass Mailer:\n    def __init__(self):\n        self.templates = dict(TEMPLATES)\n\n    def render(self, kind, values):\n        return self.templates.get(kind, "{name}").format_map(values)\n\ndef render(kind, values):\n    return TEMPLATES.get(kind, "{name}").format(**values)\n\ndef fill(template, x):\n    return template.format(x)\n\nfill("{0:>4}", 1)',
        note: 'a template of the file\'s own table (through `self` or a module constant), and one a parameter is, which the calls of the file pass',
      },
      {
        code: 'def pad(text, spec=">10"):\n    return f"{text:{spec}}"\npad("a", "<4")\npad("b", spec="^" + str(8))',
        note: 'an f-string spec from a parameter whose default and passed values hold no field',
      },
      {
        code: 'template = "{0.__class__.__base__}"\nprint("refusing template:", template, len(template))\nprint("{0.__globals__}")',
        note: 'templates only printed or measured: no format call reaches them',
      },
      {
        code: 'def total(score):\n    prefix = "Total"\n    return (prefix + ": {0}").format(score)\ndef weight(n, unit):\n    return ("{0} " + unit).format(n)\nweight(3, "kg")\ndef make(prefix):\n    tpl = prefix + ": {0.name}"\n    return tpl.format\ndef label(text, n, width, name):\n    a = (text + " {{literal}}").format(n)\n    b = ("{0:>" + str(width) + "} {1}").format(n, text)\n    c = ("{0}" + "-" * width).format(n)\n    return (name.replace("{", "{{").replace("}", "}}") + " has {0}").format(n)',
        note: 'a template joined from constants, from what the calls of the file pass, from a parameter (the caller\'s template), with no field, or with computed parts (a number, a repeat, escaped braces)',
      },
      { code: 'import typing\na = "{ 0.sys}".format(typing)\nb = "{0 .sys}".format(typing)', note: 'Python reads these as other fields (a KeyError): no attribute is read' },
      {
        code: 'def f():\n    \"\"\"Formats \'{0.__class__}\' safely.\"\"\"\nclass Row:\n    def __repr__(self):\n        return "{0._name}".format(self)\nkeys = [b"{0.__class__}", f"{1}{{0.__dict__}}", "{0.__class__.__name__}", "{__class__}"]',
        note: 'a docstring; a private step (the object is unknown where the template is written); bytes and f-strings are not str.format templates; the class read only for its name; a keyword named like a dunder is no attribute step',
      },
      {
        code: 'def cell(name, row):\n    return ("{" + name + "}").format(**row)\ncell("title", {"title": 1})\ndef line(*cols):\n    return " | ".join("{" + c + "}" for c in cols)\nprint(line("a", "b").format(a=1, b=2))',
        note: 'templates from parameters that the calls of the file fill with plain fields',
      },
      {
        code: 'parts = ["{0"]\nfor seg in ("name", "title"):\n    parts.append("." + seg)\nparts.append("}")\nextend(parts)\ns = "".join(parts).format(row)\nt = "{0"\nfor seg in ("x", "y"):\n    t += "[" + seg + "]"\nprint((t + "}").format(grid))',
        note: 'built in order, a template of plain fields; a list passed on to a call is not replayed past it (no template to check)',
      },
      {
        code: "class P:\n    pass\nprint('{0.__class__.__name__}'.format(P()))\nprint('{x.__class__.__qualname__!r:>10}'.format(x=1))",
        note: 'the class read only for its name, as `type(x).__name__` gives it',
      },
      { code: "fmt = \"{0} items\"\nfmt_fn = fmt.format\nout = fmt_fn(1)\nrender = str.format\nout2 = render(\"{0}\", 2)", note: "bound and unbound formatters of plain templates, through names" },
      { code: "def t():\n    yield \"{0}\"\nfor s in t():\n    out = s.format(1)", note: "a generator that yields a plain template" },
      "def render(tpl, x):\n    return tpl.format(x)\nrender(\"{0.name}\", user)",
      'import string\nobj, key = string.Formatter().get_field("0.name", (user,), {})',
      'msg = "{name}: {count:d}".format(name=name, count=count)',
      'grouped = "{:,}".format(1234567)',
      'price = 12.5\nline = f"{price:>10}"',
      'label = "{0.name}".format(user)',
      'width = "{:>10}".format(label)',
      'tmpl = load_template()\ntmpl.format(x)',
      'def render(t="{0.name}: {1}"):\n    return t.format(user, 1)',
      "import string\nclass Quiet(string.Formatter):\n    pass\nout = Quiet().format(\"{0.name}\", user)",
      "import functools\nrender = functools.partial(str.format, \"{name}: {0}\")",
      "rows = {\"a\": \"{0.name}\", \"b\": \"{0.total:.2f}\"}\nfor key, t in rows.items():\n    print(t.format(order))\nparts = []\nparts.append(\"{0}\")\nparts[0].format(1)",
      "tpls = {}\ntpls[\"row\"] = \"{0.name}: {0.total}\"\nfor t in tpls.values():\n    t.format(order)",
      "def each(*templates, **kw):\n    return [t.format(**kw) for t in templates]\neach(\"{0}\", \"{name}\", name=\"x\")",
      { code: 'doc = {"_id": "a1", "_source": {"title": "x"}}\nline = "{0[_id]}: {0[_source][title]}".format(doc)', note: 'single-underscore keys are data, read by item lookup' },
      { code: 'class Item:\n    def __init__(self, name):\n        self._name = name\n    def __str__(self):\n        return "Item<{0._name}> {me._name}".format(self, me=self)', note: 'a private attribute of its own instance, as `self._name` is' },
    ],
    invalid: [
      {
        code: "import itertools\nraw = \"}__ssalc__.0{\"[::-1]\na = \"\".join(\"\".join(chunk) for chunk in itertools.batched(raw, 3))\na.format(())\nb = \"\".join(itertools.islice(raw, 0, None))\nb.format(1)\nc = \"\".join(itertools.chain(\"{0.__cl\", \"ass__}\"))\nc.format(1)\nd = \"\".join(itertools.islice(raw, 2, None))\nd.format(1)\n",
        errors: [
          { range: '4:1-4:13', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" },
          { range: '6:1-6:12', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" },
          { range: '8:1-8:12', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" },
        ],
        note: "a template reassembled through itertools.batched, islice and chain folds like any other; a slice of it that walks nothing is no finding",
      },
      {
        code: 'import string\n\nDEFAULT = "{0:>4}. {title}"\nFMT = string.Formatter()\n\ndef render(payload, fields):\n    template = payload.get("format", DEFAULT)\n    a = template.format(1, **fields)\n    b = (payload.get("template") or DEFAULT).format_map(fields)\n    c = FMT.vformat(payload["layout"], (), fields)\n    return a, b, c',
        errors: [
          { range: '8:9-8:37', message: "the template formatted here is read from 'payload.get(\"format\", DEFAULT)', data passed in: its fields can walk the attributes of what is formatted ('{0.__class__}'); not allowed by policy 'strict'" },
          { range: '9:9-9:64', message: "the template formatted here is read from 'payload.get(\"template\")', data passed in: its fields can walk the attributes of what is formatted ('{0.__class__}'); not allowed by policy 'strict'" },
          { range: '10:9-10:51', message: "the template formatted here is read from 'payload[\"layout\"]', data passed in: its fields can walk the attributes of what is formatted ('{0.__class__}'); not allowed by policy 'strict'" },
        ],
        note: 'a template read out of what a function is passed, with a default, either side of `or`, through `Formatter.vformat`',
      },
      {
        code: 'def reply(message, score):\n    thing = message.split()[0]\n    return (thing + " now has {0} karma").format(score)\ndef later(message, n):\n    thing = message.strip()\n    m = thing + " has {0}"\n    TAIL = " has " "{0}"\n    return m.format(n) + (f"{thing}" + TAIL).format(n)',
        errors: [
          { range: '3:12-3:56', message: "the template formatted here joins text from elsewhere ('thing') to its replacement fields: that text can add fields that walk the arguments' attributes ('{0.__class__}'); not allowed by policy 'strict'" },
          { range: '8:12-8:23', message: "the template formatted here joins text from elsewhere ('thing') to its replacement fields: that text can add fields that walk the arguments' attributes ('{0.__class__}'); not allowed by policy 'strict'" },
          { range: '8:26-8:55', message: "the template formatted here joins text from elsewhere ('f\"{thing}\"') to its replacement fields: that text can add fields that walk the arguments' attributes ('{0.__class__}'); not allowed by policy 'strict'" },
        ],
        note: 'format-string injection: text from chat joined to a template',
      },
      {
        code: 'import typing\nleak = "{0.sys.modules[os].environ}".format(typing)\nfine = "{0.__name__} {0.Any}".format(typing)',
        errors: [{ range: '2:8-2:52', message: "format field '{0.sys.modules[os].environ}' reads 'typing.sys': module 'sys' reached through 'typing.sys'; not allowed by policy 'strict'" }],
        note: 'a field that starts from a module walks its members as typing.sys does (PC103)',
      },
      {
        code: 'class Card:\n    """{0.__init__.__globals__}"""\n    def __init__(self):\n        self.n = 1\nleak = Card.__doc__.format(Card())',
        errors: [{ range: '5:8-5:35', message: "format field '{0.__init__.__globals__}' reads '__globals__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "a class's docstring used as the template",
      },
      {
        code: 'def build(items):\n    out = ""\n    for i, p in enumerate(items):\n        out += ("." if i else "") + p\n    return "{" + out + "}"\nbuild(["0", "__init__", "__globals__"]).format(obj)',
        errors: [{ range: '6:1-6:52', message: "format field '{0.__init__.__globals__}' reads '__globals__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: 'a template a function of the file builds from the list the call passes, in order',
      },
      {
        code: 'TEMPLATES = {"greet": "Hello {0}"}\ndef template(name):\n    return TEMPLATES.get(name, "{0.__init__.__globals__}")\nimport enum\nclass View(enum.Enum):\n    DEEP = "{0.gi_frame.f_globals}"\nétiquette = ("{0" ".__class__.__mro__}")',
        errors: [
          { range: '3:32-3:58', message: "format field '{0.__init__.__globals__}' reads '__globals__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" },
          { range: '6:12-6:36', message: "format field '{0.gi_frame.f_globals}' reads 'gi_frame' (an interpreter-internal attribute), a template any later format call walks; not allowed by policy 'strict'" },
          { range: '7:14-7:40', message: "format field '{0.__class__.__mro__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" },
        ],
        note: 'templates that travel to a format no folding follows: a dict.get default, an enum value; implicit concatenation after non-ASCII text',
      },
      {
        code: "def label(tpl, name):\n    return tpl.format(name)\nlabel(\"{0}\", \"{0.__class__}\")\nclass A:\n    def render(self, t):\n        return t.format(1)\nclass B:\n    def render(self, t):\n        return len(t)\nB().render(\"{0.__class__}\")",
        errors: [
          { range: '3:14-3:29', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" },
          { range: '10:12-10:27', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" },
        ],
        note: 'the calls format the literal as a value (label) or not at all (B.render), but a literal template that walks into a dunder is reported where it is written: the flows that reach a format are not all followed',
      },
      {
        code: 'tpls = {k: "{0." + k + "}" for k in ["__globals__"]}\ns = tpls["__globals__"].format(len)',
        errors: [{ range: '2:5-2:36', message: "format field '{0.__globals__}' reads '__globals__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: 'a template taken from a dict comprehension over constants',
      },
      {
        code: 'def render(*parts):\n    return "".join(parts).format(1)\nrender("{0.", "__class__", "}")\nimport textwrap\nt = textwrap.dedent("""\n    {0.__class__.__base__}\n""")\nt.format(1)',
        errors: [{ range: '2:12-2:36', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }, { range: '5:21-7:4', message: "format field '{0.__class__.__base__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" }, { range: '8:1-8:12', message: "format field '{0.__class__.__base__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: 'a template joined from *args, as the call of the file passes them; a template written indented',
      },
      {
        code: 'parts = ["{0"]\nfor seg in ("__class__", "__base__"):\n    parts.append("." + seg)\nparts.append("}")\ns = "".join(parts).format(1)',
        errors: [{ range: '5:5-5:29', message: "format field '{0.__class__.__base__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: 'a template built by appends in a loop over constants: the statements before the read run in order',
      },
      {
        code: "a = '{0.__class__.__name__.__class__}'.format(1)\nb = '{0.__class__}'.format(1)\nc = '{0.__class__[__name__]}'.format(1)\nd = '{0.__class__.__base__}'.format(1)",
        errors: [
          { range: '1:5-1:49', message: "format field '{0.__class__.__name__.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" },
          { range: '2:5-2:30', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" },
          { range: '3:5-3:40', message: "format field '{0.__class__[__name__]}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" },
          { range: '4:5-4:39', message: "format field '{0.__class__.__base__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" },
        ],
        note: 'the limit: only `__class__` followed by its name as the last step',
      },
      {
        code: "fmt = \"{0.__class__}\"\nfmt_fn = fmt.format\nleak = fmt_fn(1)",
        errors: [{ range: '1:7-1:22', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" }, { range: '2:10-2:20', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }, { range: '3:8-3:17', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "a name bound once to the bound method: its call formats the template",
      },
      {
        code: "def t():\n    yield \"{0.__class__}\"\nfor s in t():\n    leak = s.format(1)",
        errors: [{ range: '2:11-2:26', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" }, { range: '4:12-4:23', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "the items of a local generator are what it yields",
      },
      {
        code: 'def render(*parts):\n    return "".join(parts).format(1)\n' + 'render("{0}")\n'.repeat(16) + 'render("{0.", "__class__", "}")',
        errors: [{ range: '2:12-2:36', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: 'calls passing the same arguments are folded once: the one that builds the field is not past a cap',
      },
      {
        code: 'def render(*parts):\n    return "".join(parts).format(1)\n' + Array.from({ length: 65 }, (_, i) => `render("{0}", "${i}")\n`).join(''),
        errors: [{ range: '2:12-2:36', message: "format template built from the arguments of more calls of its function than are checked one by one; it cannot be verified; not allowed by policy 'strict'" }],
        note: 'more different calls than are folded one by one: the ones folded are not all the templates',
      },
      {
        code: "def render(tpl, x):\n    return tpl.format(x)\nrender(\"{0.__class__}\", 1)",
        errors: [{ range: '2:12-2:25', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }, { range: '3:8-3:23', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" }],
        note: "a template passed in by a call of the function",
      },
      {
        code: "def render(tpl, x):\n    return tpl.format(x)\ndef page(t):\n    return render(t, 1)\npage(\"{0.__globals__}\")",
        errors: [{ range: '2:12-2:25', message: "format field '{0.__globals__}' reads '__globals__' (a dunder attribute); not allowed by policy 'strict'" }, { range: '5:6-5:23', message: "format field '{0.__globals__}' reads '__globals__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" }],
        note: "passed on through a second function",
      },
      {
        code: "class View:\n    def __init__(self, tpl):\n        self.tpl = tpl\n    def show(self, obj):\n        return self.tpl.format(obj)\nView(\"{0.__class__}\").show(1)",
        errors: [{ range: '5:16-5:36', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }, { range: '6:6-6:21', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" }],
        note: "a template stored on self by the constructor",
      },
      {
        code: 't = "{0.__globals__}"\nprint(t)\nhandlers = [t]',
        errors: [{ range: '1:5-1:22', message: "format field '{0.__globals__}' reads '__globals__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" }],
        note: 'printed, and also put where a format call may find it',
      },
      {
        code: 'price = 12.5\nline = f"{{0.__class__.__mro__}}{price:>10}".format(price)\nok = f"{{0}} costs {price:>10}".format(price)',
        errors: [{ range: '2:8-2:59', message: "format field '{0.__class__.__mro__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "a field written in an f-string's own text (its braces doubled) is in the template whatever its values fold to",
      },
      {
        code: 'o = 1\nx = (f"{{0.__class__}}" f"{o}").format(o)',
        errors: [{ range: '2:5-2:42', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: 'f-strings written side by side',
      },
      {
        code: 'def show(data, o, width):\n    name = data["k"]\n    a = f"{name} has {{0}}".format(o)\n    price = 1.5\n    b = f"{price:>10} {width} {{0}}".format(o)\n    return a, b',
        errors: [{ range: '3:9-3:38', message: "the template formatted here joins text from elsewhere ('{name}') to its replacement fields: that text can add fields that walk the arguments' attributes ('{0.__class__}'); not allowed by policy 'strict'" }],
        note: "an f-string's value read from data, next to a field of its own text; not a value the file fixes, nor a parameter (the caller's)",
      },
      {
        code: 'class S:\n    def write(self, text):\n        self.t = text\nprint("{0.__globals__}", file=S())\nkeep = shown = "{0.__class__}"\nprint(shown)\nclass K:\n    t = "{0.__class__}"\n    print(t)',
        errors: [
          { range: '4:7-4:24', message: "format field '{0.__globals__}' reads '__globals__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" },
          { range: '5:16-5:31', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" },
          { range: '8:9-8:24', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" },
        ],
        note: 'print hands the text to a writer given as file=; a second name bound in a chain; a class attribute (an enum or a dataclass hands it out by position)',
      },
      {
        code: "class Base:\n    def show(self, v):\n        return self.tpl.format(v)\nclass Leaky(Base):\n    tpl = \"{0.__class__}\"",
        errors: [{ range: '3:16-3:34', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }, { range: '5:11-5:26', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" }],
        note: "a subclass's attribute read through self",
      },
      {
        code: "items = [\"{0.__class__}\"]\nmatch items:\n    case [t]:\n        print(t.format(0))",
        errors: [{ range: '1:10-1:25', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" }, { range: '4:15-4:26', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "a nested match capture",
      },
      {
        code: "pairs = [(\"a\", \"{0.__class__}\")]\nfor name, tpl in pairs:\n    print(tpl.format(name))",
        errors: [{ range: '1:16-1:31', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" }, { range: '3:11-3:27', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "a loop target unpacked",
      },
      {
        code: 'import string\nobj, key = string.Formatter().get_field("0.__class__", (1,), {})',
        errors: [{ range: '2:12-2:65', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
      },
      {
        code: 'leak = "{.__class__}".format(x)',
        errors: [{ range: '1:8-1:32', message: "format field '{.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
      },
      {
        code: 'leak = "{x[__builtins__]}".format_map({"x": globals()})',
        errors: [{ range: '1:8-1:56', message: "format field '{x[__builtins__]}' reads '__builtins__' (a dunder attribute); not allowed by policy 'strict'" }],
      },
      {
        code: 'fields = ["0", "__class__", "__base__"]\ntmpl = "{" + ".".join(fields) + "}"\nprint(tmpl.format(()))',
        errors: [{ range: '3:7-3:22', message: "format field '{0.__class__.__base__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
      },
      {
        code: 'text = str.format("{0.__class__.__mro__}", 10)',
        errors: [{ range: '1:8-1:47', message: "format field '{0.__class__.__mro__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
      },
      {
        code: 'spec = chr(123) + "__fstring__.__init__.__globals__" + chr(125)\nshown = f"{len:{spec}}"',
        errors: [{ range: '2:11-2:23', message: "format field '{__fstring__.__init__.__globals__}' reads '__globals__' (a dunder attribute) in an f-string format spec; not allowed by policy 'strict'" }],
      },
      {
        code: 'def show(spec=chr(123) + "__fstring__.__init__.__globals__" + chr(125)):\n    return f"{len:{spec}}"\ndef pad(text, spec):\n    return f"{text:{spec}}"\npad("a", "{0.__class__}")',
        errors: [
          { range: '2:14-2:26', message: "format field '{__fstring__.__init__.__globals__}' reads '__globals__' (a dunder attribute) in an f-string format spec; not allowed by policy 'strict'" },
          { range: '4:14-4:27', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute) in an f-string format spec; not allowed by policy 'strict'" },
          { range: '5:10-5:25', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" },
        ],
        note: 'a spec held by a parameter: its default, and what a call of the file passes',
      },
      {
        code: 'fmt = "{0.__globals__}".format\nfmt(handler)',
        errors: [
          { range: '1:7-1:31', message: "format field '{0.__globals__}' reads '__globals__' (a dunder attribute); not allowed by policy 'strict'" },
          { range: '2:1-2:13', message: "format field '{0.__globals__}' reads '__globals__' (a dunder attribute); not allowed by policy 'strict'" },
        ],
        note: 'the bound method is read, then called: the call formats the same template',
      },
      {
        code: 'def render(t="{0.__class__}"):\n    return t.format(1)',
        errors: [{ range: '1:14-1:29', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" }, { range: '2:12-2:23', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: 'a default the caller may leave in place',
      },
      {
        code: 'f = str.format\nf("{0.__class__}", x)',
        errors: [{ range: '2:1-2:22', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
      },
      {
        code: '"{0:{0.__class__.__base__}}".format(0)',
        errors: [{ range: '1:1-1:39', message: "format field '{0.__class__.__base__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
      },
      {
        code: 'leak = "{0[_id]._secret}".format(doc)',
        errors: [{ range: '1:8-1:38', message: "format field '{0[_id]._secret}' reads '_secret' (a private attribute); not allowed by policy 'strict'" }],
        note: 'a private key is data, a private attribute is not',
      },
      {
        code: 'import random\nclass A:\n    def show(self):\n        return "{0._name} {1._os}".format(self, random)',
        errors: [{ range: '4:16-4:56', message: "format field '{1._os}' reads '_os' (a private attribute); not allowed by policy 'strict'" }],
        note: 'a private attribute of a module',
      },
      {
        code: 'leak = u"{0._Printer__filenames}".format(license)',
        errors: [{ range: '1:8-1:50', message: "format field '{0._Printer__filenames}' reads '_Printer__filenames' (a name-mangled private attribute); not allowed by policy 'strict'" }],
        note: 'Python 2 unicode literal',
      },
      {
        code: "import string\nclass F(string.Formatter):\n    pass\nleak = F().format(\"{0.__class__}\", 1)",
        errors: [{ range: "4:8-4:38", message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "a local subclass of string.Formatter",
      },
      {
        code: "import string\nfmt = string.Formatter()\nleak = fmt.vformat(\"{x.__class__}\", (), {\"x\": 1})",
        errors: [{ range: "3:8-3:50", message: "format field '{x.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "a formatter object held in a name",
      },
      {
        code: "import functools\nrender = functools.partial(str.format, \"{0.__class__}\")\nleak = render(1)",
        errors: [{ range: "2:10-2:56", message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "a template bound by functools.partial",
      },
      {
        code: "leak = (lambda t: t.format(1))(\"{0.__class__}\")",
        errors: [{ range: '1:19-1:30', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }, { range: '1:32-1:47', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" }],
        note: "a lambda called where it is written passes its argument to its parameter",
      },
      {
        code: "for k, t in {\"a\": \"{0.__class__}\"}.items():\n    print(t.format(1))",
        errors: [{ range: '1:19-1:34', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" }, { range: '2:11-2:22', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "a value of dict items",
      },
      {
        code: "for i, t in enumerate([\"{0.__class__.__mro__}\"]):\n    leak = t.format(i)",
        errors: [{ range: '1:24-1:47', message: "format field '{0.__class__.__mro__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" }, { range: '2:12-2:23', message: "format field '{0.__class__.__mro__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "enumerate",
      },
      {
        code: "parts = []\nparts.append(\"{0.__class__}\")\nleak = parts[0].format(1)",
        errors: [{ range: '2:14-2:29', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" }, { range: '3:8-3:26', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "an element appended to a list",
      },
      {
        code: "t = \"{0.\"\nt += \"__globals__}\"\nleak = t.format(print)",
        errors: [{ range: "3:8-3:23", message: "format field '{0.__globals__}' reads '__globals__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "built by augmented assignment",
      },
      {
        code: "import string\nt = string.Template(\"{0.$a}\").substitute(a=\"__class__\")\nleak = t.format(1)",
        errors: [{ range: "3:8-3:19", message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "built by string.Template",
      },
      {
        code: "import json\nleak = json.loads('\"{0.__class__}\"').format(1)",
        errors: [{ range: "2:8-2:47", message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "decoded from JSON",
      },
      {
        code: "leak = str.format(*[\"{0.__class__}\", 1])",
        errors: [{ range: "1:8-1:41", message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "arguments unpacked from a display",
      },
      {
        code: "import operator\nfmt = operator.methodcaller(\"format\", 1)\nleak = fmt(\"{0.__class__}\")",
        errors: [{ range: "3:8-3:28", message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "operator.methodcaller",
      },
      {
        code: "leak = getattr(\"{0.__class__}\", \"format\")(1)",
        errors: [{ range: "1:8-1:45", message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "the method fetched by getattr",
      },
      {
        code: "tpls = {}\ntpls[\"row\"] = \"{0.__class__}\"\nleak = tpls[\"row\"].format(1)",
        errors: [{ range: '2:15-2:30', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" }, { range: '3:8-3:29', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "an item stored into a dict",
      },
      {
        code: "def pick(**templates):\n    return templates[\"t\"].format(1)\npick(t=\"{0.__class__}\")",
        errors: [{ range: '2:12-2:36', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }, { range: '3:8-3:23', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" }],
        note: "a template passed in **kwargs",
      },
      {
        code: "def each(*templates):\n    for t in templates:\n        t.format(1)\neach(\"{0}\", \"{0.__mro__}\")",
        errors: [{ range: '3:9-3:20', message: "format field '{0.__mro__}' reads '__mro__' (a dunder attribute); not allowed by policy 'strict'" }, { range: '4:13-4:26', message: "format field '{0.__mro__}' reads '__mro__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" }],
        note: "a template passed in *args",
      },
      {
        code: "t = (\"{0}\", \"{0.__class__}\")[flag]\nleak = t.format(1)",
        errors: [{ range: '1:13-1:28', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute), a template any later format call walks; not allowed by policy 'strict'" }, { range: '2:8-2:19', message: "format field '{0.__class__}' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
        note: "an index that does not fold may take any element",
      },
    ],
  },
};
