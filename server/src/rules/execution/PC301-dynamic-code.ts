import type { Node } from '../../parser';
import type { Fix } from '../../engine/types';
import { addImport, moduleNameAt, replaceNode } from '../../fixes';
import { isModuleAllowed } from '../../policy/queries';
import { isWithinModule, normalizeIdentifier } from '../../semantics';
import { callOf, codeChildren, keywordArgument, positionalArguments } from '../../semantics/syntax';
import type { Rule, RuleContext } from '../types';
import { denotationVisitor, describeAs } from '../shared/denotations';
import { isMadeBy } from '../shared/madeBy';
import { shortened } from '../shared/messageText';
import { dottedMemberMessage } from '../modules/PC103-module-member-not-allowed';
import { forwardReferenceCode, typeTextCode } from '../shared/forwardReferences';
import { possibleStrings } from '../shared/possibleStrings';

/** Builtins and library entry points that compile or run source text. */
const CODE_RUNNERS: Record<string, string> = {
  'builtins.eval': 'eval',
  'builtins.exec': 'exec',
  'builtins.compile': 'compile',
  'builtins.execfile': 'execfile',
  'code.interact': 'code.interact',
  'code.InteractiveInterpreter': 'code.InteractiveInterpreter',
  'code.InteractiveConsole': 'code.InteractiveConsole',
  'code.compile_command': 'code.compile_command',
  'codeop.compile_command': 'codeop.compile_command',
};

/**
 * Expression engines (`DataFrame.query/eval`) evaluate their string; with the python engine
 * and `@local` references the string reaches Python objects. Plain column arithmetic is fine.
 */
const EXPRESSION_METHODS = new Set(['query', 'eval']);

const ENGINE_ESCAPE = /__\w+__|(?<![\w)\]])@[A-Za-z_]\w*\s*[.[(]|\bimport\b|\b(?:eval|exec|open|getattr|compile|globals|locals|vars|breakpoint)\s*\(/;

/**
 * Methods of host objects that run a Python file, on whatever object: Flask's (and Quart's)
 * `app.config.from_pyfile(path)` compiles and executes it, as `exec(open(path).read())` does, and
 * `from_envvar(name)` the file an environment variable names.
 */
const FILE_RUNNING_METHODS = new Set(['from_pyfile', 'from_envvar']);

/** Methods whose result holds the text of their arguments (for `literalFragments`). */
const TEXT_METHODS = new Set(['format', 'format_map', 'join', 'replace']);

/**
 * The literal text an expression is built from — string pieces of f-strings, concatenations and
 * `%`/`format` templates, following names bound once: `all` of it, and the part that is its own
 * text (not the key of a subscript, nor the arguments of a call but those of
 * `format`/`join`/`replace`) — or undefined when it has no text of its own.
 */
function literalFragments(context: RuleContext, expr: Node): { own: string[]; all: string[] } | undefined {
  const own: string[] = [];
  const all: string[] = [];
  // Each node with whether its text is the expression's own (not a key or an argument that only picks or computes a value).
  const stack: [Node, boolean][] = [[expr, true]];
  for (let steps = 0; stack.length && steps < 256; steps++) {
    const [n, isOwn] = stack.pop()!;
    if (n.type === 'string_content') {
      all.push(n.text);
      if (isOwn) own.push(n.text);
    } else if (n.type === 'identifier') {
      const values = context.semantics.bindingsOf(n).map((b) => b.value).filter((v): v is Node => !!v);
      if (values.length === 1) stack.push([values[0], isOwn]);
    } else if (n.type === 'subscript') {
      // `request["filter"]`: the key picks the value, it is not text of it.
      for (const c of [...n.namedChildren].reverse()) if (c) stack.push([c, isOwn && c.id === n.childForFieldName('value')?.id]);
    } else if (n.type === 'call') {
      // `"age > {}".format(limit)` is text written around values; `request.get("filter")` is not.
      const fn = n.childForFieldName('function');
      const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text ?? '' : '';
      const args = n.childForFieldName('arguments');
      if (args) stack.push([args, isOwn && TEXT_METHODS.has(method)]);
      if (fn) stack.push([fn, isOwn]);
    } else {
      // Reversed onto the stack, so the pieces come off in source order.
      for (let k = n.namedChildCount - 1; k >= 0; k--) {
        const c = n.namedChild(k);
        if (c) stack.push([c, isOwn]);
      }
    }
  }
  return own.length ? { own, all } : undefined;
}

/**
 * Modules (and members of them) a `local_dict`/`global_dict`/`resolvers` argument hands the
 * expression engine by name (`local_dict={"r": random}`, `dict(r=random)`, `resolvers=[{...}]`):
 * the expression reads them without `@`. By name, the module's qualified name.
 */
function handedModules(context: RuleContext, call: Node): Map<string, string> {
  const handed = new Map<string, string>();
  const note = (key: string | undefined, value: Node | null | undefined): void => {
    if (!key || !/^[A-Za-z_]\w*$/.test(key) || !value) return;
    const module = context.semantics.resolve(value).find((v) => v.kind === 'qname' && !v.name.startsWith('builtins.'));
    if (module?.kind === 'qname') handed.set(key, module.name);
  };
  const mappings = (arg: Node): Node[] => {
    if (arg.type === 'dictionary' || arg.type === 'call') return [arg];
    if (arg.type === 'list' || arg.type === 'tuple') return codeChildren(arg).flatMap(mappings);
    return context.semantics.resolve(arg).flatMap((v) => (v.kind === 'container' && v.node.type === 'dictionary' ? [v.node] : []));
  };
  for (const keyword of ['local_dict', 'global_dict', 'resolvers']) {
    const arg = keywordArgument(call, keyword);
    for (const mapping of arg ? mappings(arg) : []) {
      if (mapping.type === 'call') {
        // `dict(r=random)`: its keywords are the keys.
        const fn = mapping.childForFieldName('function');
        if (!fn || !context.semantics.qualifiedNames(fn).includes('builtins.dict')) continue;
        for (const a of codeChildren(mapping.childForFieldName('arguments') ?? mapping)) if (a.type === 'keyword_argument') note(a.childForFieldName('name')?.text, a.childForFieldName('value'));
        continue;
      }
      for (const pair of codeChildren(mapping)) if (pair.type === 'pair') note(context.semantics.foldString(pair.childForFieldName('key')), pair.childForFieldName('value'));
    }
  }
  return handed;
}

/**
 * The first attribute path, in an engine's expression text, from a handed module that the policy
 * does not allow (PC103's verdict): `r._os.getcwd()` with `r` the `random` module is
 * `random._os`, a private member. `m.pi` of `math` is allowed.
 */
function forbiddenHandedPath(context: RuleContext, text: string, handed: Map<string, string>): string | undefined {
  for (const [name, module] of handed) {
    // The name not after a dot or `@` (`@r` is the engine's own syntax, checked already), maybe in parentheses.
    const uses = new RegExp(`(?<![\\w.@])\\(*\\s*${name}\\s*\\)*((?:\\s*\\.\\s*[A-Za-z_]\\w*)+)`, 'g');
    for (const m of text.matchAll(uses)) {
      const steps = m[1].split('.').map((x) => x.trim()).filter(Boolean);
      for (let i = 1; i <= steps.length; i++) {
        if (dottedMemberMessage(context.policy, [module, ...steps.slice(0, i)].join('.')) !== undefined) return `${name}.${steps.slice(0, i).join('.')}`;
      }
    }
  }
  return undefined;
}

/** `timeit` runs its statement arguments as code when they are strings. */
const TIMEIT = new Set(['timeit.timeit', 'timeit.repeat', 'timeit.Timer']);

/**
 * `eval(x)` → `ast.literal_eval(x)`, with `import ast` added where imports go. Only for a direct
 * call with one plain argument (`literal_eval` takes no globals/locals), only when the policy
 * allows `ast.literal_eval`, and only where the name `ast` is free or already the module.
 * Unsafe: input that is not a literal now raises instead of being evaluated.
 */
function literalEvalFix(context: RuleContext, node: Node): Fix | undefined {
  const { policy } = context;
  if (node.type !== 'identifier') return undefined;
  const call = callOf(node);
  const args = call?.childForFieldName('arguments');
  if (!call || args?.type !== 'argument_list') return undefined;
  const code = args.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  if (code.length !== 1 || positionalArguments(call).length !== 1) return undefined;
  if (!isModuleAllowed(policy, 'ast')) return undefined;
  const members = policy.allowMembers.get('ast');
  if (members && !members.has('literal_eval')) return undefined;
  const name = moduleNameAt(context.semantics, node, 'ast');
  if (name === 'taken') return undefined;
  const edits = [replaceNode(context, node, 'ast.literal_eval')];
  const importEdit = name === 'free' ? addImport(context, 'ast') : undefined;
  if (importEdit) edits.push(importEdit);
  return { title: "Replace 'eval' with 'ast.literal_eval'", safe: false, edits };
}

/**
 * Calls whose argument is a type that may hold forward references, by the arguments that are
 * types: `cast(typ, val)`, `TypeVar(name, *constraints, bound=...)`, `NewType(name, tp)`.
 */
const TYPE_TAKERS: Record<string, (call: Node) => (Node | undefined)[]> = {
  cast: (call) => [positionalArguments(call)[0] ?? keywordArgument(call, 'typ')],
  TypeVar: (call) => [...positionalArguments(call).slice(1), keywordArgument(call, 'bound')],
  NewType: (call) => [positionalArguments(call)[1] ?? keywordArgument(call, 'tp')],
  // `ForwardRef(arg)._evaluate(...)`, or the reference put in a type that is evaluated later.
  ForwardRef: (call) => [positionalArguments(call)[0] ?? keywordArgument(call, 'arg')],
};

/** `cast`, `TypeVar`, `NewType` or `ForwardRef` of typing/typing_extensions that `fn` denotes. */
function typeTaker(context: RuleContext, fn: Node): string | undefined {
  for (const q of context.semantics.qualifiedNames(fn)) {
    const m = /^typing(?:_extensions)?\.(cast|TypeVar|NewType|ForwardRef)$/.exec(q);
    if (m) return m[1];
  }
  return undefined;
}

/** Builtin and `collections.abc` classes whose subscripts make `GenericAlias`es (PEP 585): string arguments are evaluated too. */
const BUILTIN_GENERIC = /^(?:builtins\.(?:list|dict|tuple|set|frozenset|type)|collections\.abc\.[A-Z]\w*|collections\.(?:deque|defaultdict|OrderedDict|Counter|ChainMap))$/;

/**
 * Whether `node` denotes a generic whose subscript makes a type `typing.get_type_hints` evaluates:
 * one of typing (`typing.List`, `Optional` imported from it), a builtin or `collections.abc`
 * class (`list["..."]`), or a class of the file deriving from `typing.Generic` or `Protocol`.
 */
function isTypingGeneric(context: RuleContext, node: Node | null): boolean {
  if (node === null) return false;
  if (context.semantics.qualifiedNames(node).some((q) => /^typing(?:_extensions)?\.[A-Za-z]\w*$/.test(q) || BUILTIN_GENERIC.test(q))) return true;
  return context.semantics.resolve(node).some((v) => v.kind === 'class' && context.semantics.inheritedQualifiedNames(v.node).some((q) => /^typing(?:_extensions)?\.(?:Generic|Protocol)$/.test(q)));
}

/** Whether a subscript's brackets hold a string, or a name bound to one, that is code rather than a type (`["exec(1)"]`, not `["key"]`). */
function hasCodeString(context: RuleContext, subscript: Node): boolean {
  const stack = subscript.childrenForFieldName('subscript').slice();
  for (let seen = 0; stack.length && seen < 256; seen++) {
    const n = stack.pop()!;
    if (n.type === 'string' || n.type === 'concatenated_string' || n.type === 'identifier') {
      const text = context.semantics.foldString(n);
      if (text !== undefined && typeTextCode(text) !== undefined) return true;
      continue;
    }
    stack.push(...n.namedChildren.filter((c): c is Node => !!c));
  }
  return false;
}

/** Between a subscript of a type and the types in its brackets (`Dict[str, List["x"]]`, `A | "B"`). */
const INSIDE_TYPE = new Set(['tuple', 'list', 'parenthesized_expression', 'binary_operator']);

/** Types nested in a type (`Dict[str, "Node"]` in the grammar's type syntax): the outer one is checked. */
const TYPE_STRUCTURE = new Set(['type_parameter', 'generic_type', 'union_type', 'constrained_type', 'member_type']);

const EVALUATED = 'that runs when annotations are evaluated (typing.get_type_hints)';

export const dynamicCode: Rule = {
  meta: {
    code: 'PC301',
    name: 'dynamic-code',
    summary: 'Code built and run at run time: `eval`, `exec`, `compile` and their relatives',
    defaultSeverity: 'error',
    docs: {
      what: 'Every use of `eval`, `exec`, `compile`, `execfile`, `code.interact` and the other interpreters in `code`/`codeop`, and `timeit` given source strings — through any alias (`e = eval`, `def f(g=exec)`, `getattr(__builtins__, "ev" + "al")`, `vars(__builtins__)["exec"]`, `functools.partial(eval, ...)`), and the Python 2 `exec` statement; forward references that hold code rather than a type, which `typing.get_type_hints`, `inspect.get_annotations(eval_str=True)`, pydantic, FastAPI and typer evaluate in the module\'s globals: a string annotation (`x: "open(\'/etc/passwd\').read()"`), a string inside an annotation\'s subscripts and `|` unions (`List["__import__(\'os\')"]`, quoted ones inside a string too), a name whose value folds to such a string (`port: src`), the type strings given to `typing.cast`, `TypeVar`, `NewType` and `ForwardRef`, and the strings in a subscript of a generic outside annotations — of typing, a builtin or `collections.abc` class (`list["..."]`), or a class of the file deriving from `Generic` — (`Handlers = Dict[str, List["..."]]`, which makes a `ForwardRef` evaluated wherever the alias is a type) — not the values of `Literal[...]` nor the metadata of `Annotated[T, ...]`, which are not types. A forward reference is a type when it has only names, dots, numbers, `[]`, `,`, `|` and `...`; a call or other parenthesis, an operator, `:=`, `lambda`, a keyword such as `or`/`if`/`await`, a dunder name or an f-string makes it code, and so does a bare name of a builtin that runs code, imports, reads attributes by name or opens files (`x: "eval"`, `"builtins.getattr"`: evaluating the type hands the builtin out), and prose (`"the number of rows"`) does not compile, so it is left alone; the expression string of a pandas `DataFrame.query`/`eval` or `pandas.eval` when it reaches Python objects (`@pd.io.common.os`, dunders, a member the policy does not allow of a module handed to it by name: `local_dict={"r": random}` with `r._os`, also through `dict(r=random)` and `resolvers=[...]`) or, on an object known to be pandas, when it has no text of its own (`df.query(expr)`): text written around values (`f"age > {limit}"`) is checked as written (the key of a subscript and the arguments of a call but `format`/`join`/`replace` are no text of its own: `df.query(request["filter"])` has none); and `.from_pyfile(path)` or `.from_envvar(name)` on any object but one of a class of the file, the config loaders of Flask and Quart, which execute the file. A local `def eval(...)` is not the builtin and is not reported.',
      why: 'Source text built at run time is invisible to any static check: `exec(bytes([105, 109, ...]).decode())` imports `os` without an import statement. Each AST sandbox in the seeds banned `exec` first, and each CVE in this family (smolagents, LangChain, n8n) reached it through an alias the filter did not follow.',
      example: 'exec(bytes([105, 109, 112, 111, 114, 116]).decode())\nrun = vars(__builtins__)["exec"]\n@exec("import os")\ndef handler(): pass',
      instead: 'Parse data with `json.loads` (or `ast.literal_eval` where the policy allows `ast`); dispatch on a dict of functions instead of evaluating names.',
      fixSafety: '`eval(x)` can be rewritten to `ast.literal_eval(x)` when the policy allows `ast` (unsafe: non-literal input now raises).',
    },
  },
  create(context) {
    const { policy } = context;
    // The fix is attached where the finding is made, which happens inside the shared visitor.
    const evalNodes = new Set<number>();
    const reporting: RuleContext = Object.assign(Object.create(context) as RuleContext, {
      report: (r: Parameters<RuleContext['report']>[0]) => {
        const fix = r.node && evalNodes.has(r.node.id) ? literalEvalFix(context, r.node) : undefined;
        context.report(fix ? { ...r, fixes: [fix] } : r);
      },
    });
    const visitor = denotationVisitor(reporting, (value, node) => {
      const name = CODE_RUNNERS[value.name];
      if (name === 'eval') evalNodes.add(node.id);
      return name ? `${describeAs(name, node)} runs code built at run time; not allowed by policy '${policy.name}'` : undefined;
    });
    return {
      ...visitor,
      call(node: Node) {
        const fn = node.childForFieldName('function');
        if (!fn) return;
        const method = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
        if (method && FILE_RUNNING_METHODS.has(normalizeIdentifier(method)) && !context.semantics.isOwnMethod(fn)) {
          context.report({ node: fn, message: `'.${normalizeIdentifier(method)}()' runs the Python file it is given; not allowed by policy '${policy.name}'` });
          return;
        }
        const isPandasEval = context.semantics.qualifiedNames(fn).includes('pandas.eval');
        if ((method && EXPRESSION_METHODS.has(method)) || isPandasEval) {
          const expr = positionalArguments(node)[0] ?? keywordArgument(node, 'expr');
          const text = expr ? context.semantics.foldString(expr) : undefined;
          const shown = isPandasEval ? 'pandas.eval' : `.${method}`;
          // `def apply(df, expr=DEFAULT): df.query(expr)`: the strings the parameter takes at the file's calls too.
          const possible = text !== undefined ? [text] : expr ? (possibleStrings(context, expr) ?? []) : [];
          const handed = handedModules(context, node);
          if (possible.some((t) => ENGINE_ESCAPE.test(t) || (handed.size > 0 && forbiddenHandedPath(context, t, handed) !== undefined))) {
            context.report({ node, message: `the expression string passed to '${shown}()' reaches Python objects; not allowed by policy '${policy.name}'` });
          } else if (expr && text === undefined && (isPandasEval || isMadeBy(context, fn.childForFieldName('object')!, (q) => isWithinModule(q, 'pandas')))) {
            // Text the plugin writes around values (`f"age > {limit}"`) is checked as written; an
            // expression with no text of its own (`df.query(expr)`) can spell `@pd.io.common.os`.
            const fragments = literalFragments(context, expr);
            if (fragments === undefined) {
              context.report({ node, message: `the expression string passed to '${shown}()' comes from elsewhere and cannot be verified; not allowed by policy '${policy.name}'` });
            } else if (ENGINE_ESCAPE.test(fragments.all.join('')) || fragments.all.some((f) => ENGINE_ESCAPE.test(f))) {
              context.report({ node, message: `the expression string passed to '${shown}()' reaches Python objects; not allowed by policy '${policy.name}'` });
            }
          }
          return;
        }
        const taker = typeTaker(context, fn);
        if (taker) {
          for (const arg of TYPE_TAKERS[taker](node)) {
            if (!arg) continue;
            for (const ref of forwardReferenceCode(context, arg)) {
              const what = ref.literal ? `the type string ${JSON.stringify(shortened(ref.text))}` : `'${shortened(ref.node.text)}', the string ${JSON.stringify(shortened(ref.text))},`;
              context.report({ node: ref.node, message: `${what} given to 'typing.${taker}' holds code (${ref.reason}) that runs if the type is evaluated (typing.get_type_hints); not allowed by policy '${policy.name}'` });
            }
          }
          return;
        }
        if (!context.semantics.qualifiedNames(fn).some((q) => TIMEIT.has(q))) return;
        if (positionalArguments(node).some((a) => a.type === 'string' || a.type === 'concatenated_string' || context.semantics.foldString(a) !== undefined)) {
          context.report({ node, message: `'timeit' runs its string argument as code; not allowed by policy '${policy.name}'` });
        }
      },
      subscript(node: Node) {
        // `Alias = typing.List["__import__('os')"]`: subscripting a generic of typing with a string
        // makes a ForwardRef, which `get_type_hints` evaluates wherever the alias is used as a type.
        // Annotations are the `type` handler's; a subscript nested in another is the outer one's.
        // Asked of every subscript: only one with a string that reads as code is resolved.
        if (!hasCodeString(context, node) || !isTypingGeneric(context, node.childForFieldName('value'))) return;
        let p = node.parent;
        while (p && (INSIDE_TYPE.has(p.type) || (p.type === 'subscript' && !isTypingGeneric(context, p.childForFieldName('value'))))) {
          if (p.type === 'binary_operator' && p.childForFieldName('operator')?.type !== '|') return;
          p = p.parent;
        }
        if (p?.type === 'type' || (p?.type === 'subscript' && isTypingGeneric(context, p.childForFieldName('value')))) return;
        for (const ref of forwardReferenceCode(context, node)) {
          const what = ref.literal ? `the forward reference ${JSON.stringify(shortened(ref.text))}` : `'${shortened(ref.node.text)}', the string ${JSON.stringify(shortened(ref.text))},`;
          context.report({ node: ref.node, message: `${what} in the type '${shortened(node.text)}' holds code (${ref.reason}) that runs if the type is evaluated (typing.get_type_hints); not allowed by policy '${policy.name}'` });
        }
      },
      type(node: Node) {
        // `x: "open('/etc/passwd').read()"`: a string annotation is source that `typing.get_type_hints`,
        // `inspect.get_annotations(eval_str=True)`, pydantic and FastAPI evaluate in the module's
        // globals; so is a string inside one (`List["..."]`) and a name bound to one (`port: src`).
        let p = node.parent;
        while (p && TYPE_STRUCTURE.has(p.type)) p = p.parent;
        if (p?.type === 'type') return;
        if (node.parent?.type === 'type_alias_statement' && node.parent.childForFieldName('left')?.id === node.id) return;
        for (const ref of forwardReferenceCode(context, node)) {
          const quoted = JSON.stringify(shortened(ref.text));
          const what = !ref.literal
            ? `the annotation '${shortened(ref.node.text)}' is the string ${quoted}, which`
            : ref.node.parent?.id === node.id ? `the string annotation ${quoted}` : `the forward reference ${quoted} in an annotation`;
          context.report({ node: ref.node, message: `${what} holds code (${ref.reason}) ${EVALUATED}; not allowed by policy '${policy.name}'` });
        }
      },
      exec_statement(node: Node) {
        context.report({ node, message: `the Python 2 'exec' statement runs code built at run time; not allowed by policy '${policy.name}'` });
      },
    };
  },
  tests: {
    valid: [
      { code: 'import pandas as pd\nframe = pd.DataFrame({"owner": ["a"]})\nmine = frame.query("owner == " + repr(cfg.get("owner", "admin@example.com")))\ndef convert(src: "input", dst: "output"):\n    pass', allowModules: ['pandas'], note: 'an address is no local variable of the engine (@ after a word); a documentation annotation naming input' },
      'def eval(x):\n    return x\neval("1")',
      { code: 'class Settings:\n    def from_pyfile(self, path):\n        return path\nSettings().from_pyfile("defaults.cfg")', note: "a method of the file's own class" },
      'def run(exec):\n    exec("x")',
      'result = db.exec_query("SELECT 1")',
      'import pandas as pd\ndf = pd.DataFrame()\ndf.eval("a + b")',
      { code: 'rows = db.query(sql)', note: 'not known to be a pandas object' },
      { code: 'import pandas as pd\nimport math\ntotal = pd.eval("df.a + df.b * k * m.pi", local_dict={"df": frame, "k": 3, "m": math})', allowModules: ['pandas', 'math'], note: 'data and an allowed member of a module handed to the engine by name' },
      { code: 'import pandas as pd\ndf = pd.DataFrame({"age": [30]})\nolder = df.query(f"age > {limit}")\nq = "age < " + str(limit)\nyounger = df.query(q)', allowModules: ['pandas'], note: 'the text around the values is plain column arithmetic' },
      { code: 'import pandas as pd\ndf = pd.DataFrame({"age": [30]})\nolder = df.query("age > {}".format(limit))\nsome = df.query(" and ".join(["age > 1", "age < 90"]))', allowModules: ['pandas'], note: 'text formatted or joined around values' },
      'text = "eval(x)"  # eval in a string',
      { code: 'import json\nvalue = json.loads(s)', note: 'the safe replacement' },
      { code: "from typing import Callable, Dict, Literal, Optional\ndef f(a: \"Optional[Node]\", b: 'Dict[str, \"Node\"]', c: \"Literal['f(x)']\", d: \"Callable[[int], str] | None\") -> \"list[int]\":\n    pass", note: "forward references are types" },
      { code: "from typing import Dict, List, Optional, Union\nx: List[\"Dict[str, 'Node']\"] = []\ny: \"Optional[List['Tree']]\" = None\nz: Union[\"A\", \"pkg.B\"] | \"None\"\nRef = \"Node\"\nw: Optional[Ref] = None", note: "forward references nested in subscripts and unions, and a name bound to one, are types" },
      { code: "import typing as t\nfrom typing import Annotated, Literal as L\ndef f(a: L[\"a or b\", \"__import__('os')\"], b: t.Literal[\"x()\"], c: Annotated[int, \"doc (x)\"], d: t.Annotated[\"Node\", \"meta()\"]) -> \"t.Literal['a+b']\":\n    pass", note: "`Literal` values and `Annotated` metadata, under any alias, are not forward references" },
      { code: "def f(*args: \"*Ts\", empty: \"tuple[()]\", n: \"Literal[-1, 0x1F]\", rest: \"Callable[..., T]\"): pass", note: "unpacking, the empty tuple, negative and hex numbers are type syntax" },
      { code: "def f(rows: \"the number of rows\", flag: \"not a type\", c: \"typing.ClassVar+\"): pass", note: "prose and broken types: two names in a row, or an operator with nothing after it, do not compile, so nothing of them runs" },
      { code: "import typing\nfrom typing import Dict, List, Literal\nNodes = Dict[str, List[\"Node\"]]\nMode = Literal[\"exec(1)\"]\nref = typing.ForwardRef(\"Tree\")\nrow = {\"a\": 1}[\"print(1)\"]", note: "type aliases and forward references that are types; Literal values and other subscripts are not types" },
      { code: "import typing\nT = typing.TypeVar(\"T\", bound=\"Node\")\nN = typing.NewType(\"N\", \"list[int]\")\nv = typing.cast(\"Optional[Node]\", None)", note: "type strings given to typing are types" },
    ],
    invalid: [
      {
        code: 'import ast\n_real_compile = compile\ndef compile(source, filename, mode):\n    return _real_compile(ast.parse(source), filename, mode)',
        allowModules: ['ast'],
        errors: [
          { range: '2:17-2:24', message: "'compile' runs code built at run time; not allowed by policy 'strict'" },
          { range: '4:12-4:25', message: "'compile' (as '_real_compile') runs code built at run time; not allowed by policy 'strict'" },
        ],
        note: 'the builtin saved before a def shadows its name: module statements run top to bottom',
      },
      {
        code: 'class Wrapped:\n    saved = compile\n    def compile(self, text):\n        return text',
        errors: [{ range: '2:13-2:20', message: "'compile' runs code built at run time; not allowed by policy 'strict'" }],
        note: 'a class body runs top to bottom too: the method is bound after the read',
      },
      {
        code: 'def load_overrides(app):\n    app.config.from_pyfile("/tmp/overrides.cfg")\n    return app.config["RUNCMD"]',
        errors: [{ range: '2:5-2:27', message: "'.from_pyfile()' runs the Python file it is given; not allowed by policy 'strict'" }],
        note: "Flask's config loader on the host's app executes the file",
      },
      {
        code: 'import pandas as pd\nRULES = {"double": "b = a * 2", "probe": "b = @pd.io.common.os.listdir(1)"}\ndef apply_rule(frame, name, /):\n    match RULES.get(name):\n        case str() as expr:\n            return frame.eval(expr, engine="python")\n    return frame\napply_rule(pd.DataFrame({"a": [1]}), "probe")',
        allowModules: ['pandas'], errors: [
          { range: '6:20-6:53', message: "the expression string passed to '.eval()' reaches Python objects; not allowed by policy 'strict'" },
        ],
        note: 'a local bound once (here by a case capture) from a parameter: folded with what each call of the file passes',
      },
      {
        code: 'import collections.abc\nRows = list["__import__(\'os\').getpid() and int"]\nHook = collections.abc.Callable[[int], "eval(\'1\')"]',
        errors: [
          { range: '2:13-2:48', message: "the forward reference \"__import__('os').getpid() and int\" in the type 'list[\"__import__('os').getpid() and i...' holds code (the dunder name '__import__') that runs if the type is evaluated (typing.get_type_hints); not allowed by policy 'strict'" },
          { range: '3:40-3:51', message: "the forward reference \"eval('1')\" in the type 'collections.abc.Callable[[int], \"eval...' holds code (a call) that runs if the type is evaluated (typing.get_type_hints); not allowed by policy 'strict'" },
        ],
        note: 'builtin and collections.abc generics (PEP 585) take forward references too',
      },
      {
        code: 'import pandas as pd\ndef apply(df, expr="amount > 100"):\n    return df.query(expr, engine="python")\ndef run(rows):\n    return apply(pd.DataFrame(rows), "@pd.io.common.os.system(\'id\') == 0")',
        errors: [{ range: '3:12-3:43', message: "the expression string passed to '.query()' reaches Python objects; not allowed by policy 'strict'" }],
        note: 'a parameter: the strings the calls of the file pass for it are checked too',
      },
      {
        code: 'run = exec\nclass K:\n    run = run\nK.run("x = 1")',
        errors: [
          { range: '1:7-1:11', message: "'exec' runs code built at run time; not allowed by policy 'strict'" },
          { range: '3:11-3:14', message: "'exec' (as 'run') runs code built at run time; not allowed by policy 'strict'" },
          { range: '4:1-4:6', message: "'exec' (as 'K.run') runs code built at run time; not allowed by policy 'strict'" },
        ],
        note: '`run = run` in a class body reads the module\'s `run` before the class binds its own',
      },
      {
        code: "class K:\n    pass\nK.run = eval\nK().run(\"1\")",
        errors: [{ range: "3:1-3:6", message: "'eval' (as 'K.run') runs code built at run time; not allowed by policy 'strict'" }, { range: "3:9-3:13", message: "'eval' runs code built at run time; not allowed by policy 'strict'" }, { range: "4:1-4:8", message: "'eval' (as 'K().run') runs code built at run time; not allowed by policy 'strict'" }],
        note: "a class attribute stored after the class body, read on an instance",
      },
      {
        code: "def fns():\n    yield print\n    yield from [eval]\nfor f in fns():\n    f(\"1\")",
        errors: [{ range: "3:17-3:21", message: "'eval' runs code built at run time; not allowed by policy 'strict'" }, { range: "5:5-5:6", message: "'eval' (as 'f') runs code built at run time; not allowed by policy 'strict'" }],
        note: "the items of a local generator: what it yields and what it yields from",
      },
      {
        code: 'match eval:\n    case f:\n        f("1")',
        errors: [
          { range: '1:7-1:11', message: "'eval' runs code built at run time; not allowed by policy 'strict'" },
          { range: '3:9-3:10', message: "'eval' (as 'f') runs code built at run time; not allowed by policy 'strict'" },
        ],
        note: 'a capture of the whole subject is an alias of it',
      },
      { code: 'eval("1 + 1")', errors: [{ range: '1:1-1:5', message: "'eval' runs code built at run time; not allowed by policy 'strict'" }] },
      {
        code: 'handler = lambda src, e=eval: e(src)',
        errors: [
          { range: '1:25-1:29', message: "'eval' runs code built at run time; not allowed by policy 'strict'" },
          { range: '1:31-1:32', message: "'eval' (as 'e') runs code built at run time; not allowed by policy 'strict'" },
        ],
      },
      {
        code: 'runner = vars(__builtins__)["exec"]',
        errors: [{ range: '1:10-1:36', message: "'exec' (as 'vars(__builtins__)[\"exec\"]') runs code built at run time; not allowed by policy 'strict'" }],
      },
      {
        code: 'f = getattr(__builtins__, "ev" + "al")',
        errors: [{ range: '1:5-1:39', message: "'eval' (as 'getattr(__builtins__, \"ev\" + \"al\")') runs code built at run time; not allowed by policy 'strict'" }],
      },
      {
        code: 'exec "x = 1" in ns',
        errors: [{ range: '1:1-1:19', message: "the Python 2 'exec' statement runs code built at run time; not allowed by policy 'strict'" }],
      },
      {
        code: 'ｅｖａｌ("2")',
        errors: [{ range: '1:1-1:5', message: "'eval' (as 'ｅｖａｌ') runs code built at run time; not allowed by policy 'strict'" }],
      },
      {
        code: 'import pandas as pd\ndf = pd.DataFrame({"a": [1]})\nrows = df.query(user_expr)',
        allowModules: ['pandas'],
        errors: [{ range: '3:8-3:27', message: "the expression string passed to '.query()' comes from elsewhere and cannot be verified; not allowed by policy 'strict'" }],
      },
      {
        code: 'import pandas as pd\ndf = pd.DataFrame({"a": [1]})\nrows = df.query(request["filter"])\nmore = df.query(request.get("filter"))',
        allowModules: ['pandas'],
        errors: [
          { range: '3:8-3:35', message: "the expression string passed to '.query()' comes from elsewhere and cannot be verified; not allowed by policy 'strict'" },
          { range: '4:8-4:39', message: "the expression string passed to '.query()' comes from elsewhere and cannot be verified; not allowed by policy 'strict'" },
        ],
        note: 'the key that picks the expression is no text of it',
      },
      {
        code: 'import pandas as pd\nimport re\ndf = pd.DataFrame({"a": [1]})\nx = df.query("a > 0 or " + re.sub("Q", "", "@pd.io.common.osQ.system(1)"))',
        allowModules: ['pandas', 're'],
        errors: [{ range: '4:5-4:75', message: "the expression string passed to '.query()' reaches Python objects; not allowed by policy 'strict'" }],
        note: 'text handed to a call that does not fold is still read for what reaches Python objects',
      },
      {
        code: 'def g(x: "eval", y: "int"):\n    pass',
        errors: [{ range: '1:10-1:16', message: "the string annotation \"eval\" holds code (it names the builtin 'eval', which evaluating the type hands back) that runs when annotations are evaluated (typing.get_type_hints); not allowed by policy 'strict'" }],
        note: 'get_type_hints(g)["x"] is eval itself',
      },
      {
        code: 'import pandas as pd\ndf = pd.DataFrame({"a": [1]})\nname = "pd"\nrows = df.query("@" + name + ".io.common.os.getcwd()" + suffix)',
        allowModules: ['pandas'],
        errors: [{ range: '4:8-4:64', message: "the expression string passed to '.query()' reaches Python objects; not allowed by policy 'strict'" }],
      },
      {
        code: 'import pandas as pd\ndf = pd.DataFrame()\ndf.query("@pd.io.common.os.system(\'id\')")',
        allowModules: ['pandas'],
        errors: [{ range: '3:1-3:42', message: "the expression string passed to '.query()' reaches Python objects; not allowed by policy 'strict'" }],
      },
      {
        code: 'import pandas as pd\nimport random\ncwd = pd.eval("r._os.getcwd()", local_dict={"r": random})\ndef search(df, field):\n    return df.query(f"{field} == {field!r}")\nsearch(pd.DataFrame(), "@pd.io.common.os.getcwd()")\nenv = pd.eval("(r) . _os.environ", resolvers=[dict(r=random)])',
        allowModules: ['pandas', 'random'],
        errors: [
          { range: '3:7-3:58', message: "the expression string passed to 'pandas.eval()' reaches Python objects; not allowed by policy 'strict'" },
          { range: '5:12-5:45', message: "the expression string passed to '.query()' reaches Python objects; not allowed by policy 'strict'" },
          { range: '7:7-7:63', message: "the expression string passed to 'pandas.eval()' reaches Python objects; not allowed by policy 'strict'" },
        ],
        note: 'a module handed to the engine by name; a field converted with !r, from the calls of the file',
      },
      {
        code: 'import timeit\ntimeit.timeit("import os")',
        errors: [{ range: '2:1-2:27', message: "'timeit' runs its string argument as code; not allowed by policy 'strict'" }],
      },
      {
        code: "import typing\nclass C:\n    x: \"open('/etc/passwd').read()\"\nhints = typing.get_type_hints(C)",
        errors: [{ range: "3:8-3:36", message: "the string annotation \"open('/etc/passwd').read()\" holds code (a call) that runs when annotations are evaluated (typing.get_type_hints); not allowed by policy 'strict'" }],
        note: "a string annotation is evaluated by get_type_hints",
      },
      {
        code: "def handler(event: \"__import__('os').environ\") -> None:\n    return None",
        errors: [{ range: "1:20-1:46", message: "the string annotation \"__import__('os').environ\" holds code (the dunder name '__import__') that runs when annotations are evaluated (typing.get_type_hints); not allowed by policy 'strict'" }],
      },
      {
        code: "import typing\nsrc = \"print('hint') or int\"\nclass Cfg:\n    port: src\nhints = typing.get_type_hints(Cfg)",
        errors: [{ range: "4:11-4:14", message: "the annotation 'src' is the string \"print('hint') or int\", which holds code (a call) that runs when annotations are evaluated (typing.get_type_hints); not allowed by policy 'strict'" }],
        note: "a name the resolver folds to a string is a string annotation",
      },
      {
        code: "import typing\ndef handler(x: typing.List[\"__import__('os').getpid() and int\"]):\n    return x\ntyping.get_type_hints(handler)",
        errors: [{ range: "2:28-2:63", message: "the forward reference \"__import__('os').getpid() and int\" in an annotation holds code (the dunder name '__import__') that runs when annotations are evaluated (typing.get_type_hints); not allowed by policy 'strict'" }],
        note: "a string inside a subscript is a forward reference too",
      },
      {
        code: "import typing\nnote = \"é𝔵\"; value: typing.Optional[\"exec('1')\"] = None",
        errors: [{ range: "2:38-2:49", message: "the forward reference \"exec('1')\" in an annotation holds code (a call) that runs when annotations are evaluated (typing.get_type_hints); not allowed by policy 'strict'" }],
        note: "columns are UTF-16 units: é is one, 𝔵 two",
      },
      {
        code: "from typing import Annotated, List, Literal as L, Union\nsrc = \"__import__('os')\"\ndef f(a: Union[L[\"f(x)\"], \"g(x)\"], b: Annotated[\"h(x)\", \"meta()\"], c: list[src], d: \"List['lambda: 0']\", e: List['x o' 'r y']) -> int | \"a + b\":\n    pass",
        errors: [
          { range: "3:27-3:33", message: "the forward reference \"g(x)\" in an annotation holds code (a call) that runs when annotations are evaluated (typing.get_type_hints); not allowed by policy 'strict'" },
          { range: "3:49-3:55", message: "the forward reference \"h(x)\" in an annotation holds code (a call) that runs when annotations are evaluated (typing.get_type_hints); not allowed by policy 'strict'" },
          { range: "3:76-3:79", message: "the annotation 'src' is the string \"__import__('os')\", which holds code (the dunder name '__import__') that runs when annotations are evaluated (typing.get_type_hints); not allowed by policy 'strict'" },
          { range: "3:85-3:104", message: "the string annotation \"List['lambda: 0']\" holds code (a lambda) that runs when annotations are evaluated (typing.get_type_hints); not allowed by policy 'strict'" },
          { range: "3:114-3:125", message: "the forward reference \"x or y\" in an annotation holds code (the keyword 'or') that runs when annotations are evaluated (typing.get_type_hints); not allowed by policy 'strict'" },
          { range: "3:137-3:144", message: "the forward reference \"a + b\" in an annotation holds code (the operator '+') that runs when annotations are evaluated (typing.get_type_hints); not allowed by policy 'strict'" },
        ],
        note: "beside Literal values and Annotated metadata, the type's own strings; quoted strings inside a string are forward references; adjacent literals are one string",
      },
      {
        code: "import typing\nfrom typing import Dict, List\nHandlers = Dict[str, List[\"__import__('os').system('id') or int\"]]\nref = typing.ForwardRef(\"exec('1')\")\nref._evaluate(globals(), None, frozenset())",
        errors: [
          { range: "3:27-3:65", message: "the forward reference \"__import__('os').system('id') or int\" in the type 'Dict[str, List[\"__import__('os').syst...' holds code (the dunder name '__import__') that runs if the type is evaluated (typing.get_type_hints); not allowed by policy 'strict'" },
          { range: "4:25-4:36", message: "the type string \"exec('1')\" given to 'typing.ForwardRef' holds code (a call) that runs if the type is evaluated (typing.get_type_hints); not allowed by policy 'strict'" },
        ],
        note: "a type alias outside annotations: subscripting a generic of typing with a string makes a ForwardRef; so does ForwardRef itself",
      },
      {
        code: "import typing\nT = typing.TypeVar(\"T\", bound=\"__import__('os')\")\nv = typing.cast(\"exec(1)\", 3)\nN = typing.NewType(\"N\", \"a or b\")",
        errors: [
          { range: "2:31-2:49", message: "the type string \"__import__('os')\" given to 'typing.TypeVar' holds code (the dunder name '__import__') that runs if the type is evaluated (typing.get_type_hints); not allowed by policy 'strict'" },
          { range: "3:17-3:26", message: "the type string \"exec(1)\" given to 'typing.cast' holds code (a call) that runs if the type is evaluated (typing.get_type_hints); not allowed by policy 'strict'" },
          { range: "4:25-4:33", message: "the type string \"a or b\" given to 'typing.NewType' holds code (the keyword 'or') that runs if the type is evaluated (typing.get_type_hints); not allowed by policy 'strict'" },
        ],
      },
    ],
  },
};
