import type { Node } from '../../parser';
import { keywordArgument, positionalArguments } from '../../semantics/syntax';
import type { Rule, RuleContext } from '../types';
import { findRedos, parseRegex } from './regexStructure';
import { descendantsInScope } from './controlFlow';
import { shortText } from './magnitudes';

/** Functions that compile their first argument as a pattern, with the index of their `flags` argument. */
const PATTERN_FUNCTIONS: Record<string, number> = {
  compile: 1,
  match: 2,
  search: 2,
  fullmatch: 2,
  findall: 2,
  finditer: 2,
  split: 3,
  sub: 4,
  subn: 4,
  template: 1,
};
const REGEX_MODULES = ['re', 'regex', 'sre_compile'];

const VERBOSE_FLAG = 64;
const VERBOSE_NAMES = new Set(['re.X', 're.VERBOSE', 'regex.X', 'regex.VERBOSE', 're.RegexFlag.VERBOSE', 're.RegexFlag.X']);

/** Whether a flags expression turns on verbose mode (`re.X | re.I`, `64`). */
function isVerbose(context: RuleContext, flags: Node | undefined): boolean {
  if (!flags) return false;
  const folded = context.semantics.fold(flags);
  if (folded?.t === 'int') return (folded.v & BigInt(VERBOSE_FLAG)) !== 0n;
  const nodes = [flags, ...descendantsInScope(flags)];
  return nodes.some((n) => (n.type === 'attribute' || n.type === 'identifier') && context.semantics.qualifiedNames(n).some((q) => VERBOSE_NAMES.has(q)));
}

function quote(text: string, max = 60): string {
  const t = text.length > max ? text.slice(0, max - 3) + '...' : text;
  return `'${t.replace(/\n/g, '\\n')}'`;
}

/** Methods of a compiled pattern that run it. */
const MATCH_METHODS = new Set(['match', 'search', 'fullmatch', 'findall', 'finditer', 'split', 'sub', 'subn']);

/**
 * The ReDoS-prone constant pattern a call of `re.compile`, `re.match`, ... is given (`only`: that
 * function alone), with what makes it backtrack.
 */
function redosOfPatternCall(context: RuleContext, node: Node, only?: string): { pattern: string; patternNode: Node; why: string } | undefined {
  const fn = node.childForFieldName('function');
  if (!fn) return undefined;
  let flagsIndex: number | undefined;
  for (const q of context.semantics.qualifiedNames(fn)) {
    const dot = q.lastIndexOf('.');
    const name = q.slice(dot + 1);
    if (dot > 0 && REGEX_MODULES.includes(q.slice(0, dot)) && name in PATTERN_FUNCTIONS && (only === undefined || name === only)) {
      flagsIndex = PATTERN_FUNCTIONS[name];
      break;
    }
  }
  if (flagsIndex === undefined) return undefined;
  const args = positionalArguments(node);
  const patternNode = args[0] ?? keywordArgument(node, 'pattern');
  if (!patternNode) return undefined;
  const folded = context.semantics.fold(patternNode);
  const pattern = folded?.t === 'str' ? folded.v : folded?.t === 'bytes' ? String.fromCharCode(...folded.v.slice(0, 20_001)) : undefined;
  if (pattern === undefined) return undefined;
  const verbose = isVerbose(context, args[flagsIndex] ?? keywordArgument(node, 'flags')) || /^\(\?[aiLmsu]*x/.test(pattern);
  const parsed = parseRegex(pattern, verbose);
  const redos = parsed && findRedos(parsed);
  if (!redos) return undefined;
  const part = pattern.slice(redos.start, redos.end);
  const why = `${redos.reason === 'nested-quantifier' ? 'repeats a group whose content repeats' : 'repeats a group whose alternatives overlap'} (${quote(part, 30)})`;
  return { pattern, patternNode, why };
}

export const regexRedos: Rule = {
  meta: {
    code: 'PC605',
    name: 'regex-redos',
    summary: 'A constant regular expression that can backtrack exponentially (ReDoS)',
    defaultSeverity: 'error',
    docs: {
      what:
        'A pattern that folds to a constant and is passed to `re.compile`, `match`, `search`, `fullmatch`, `findall`, `finditer`, `sub`, `subn` or `split` (also through aliases such as `from re import compile as c`, and the `regex` module) when it repeats a group that can split the same text in more than one way: a group with a variable quantifier inside (`(a+)+`, `(.*)*`, `(\\w+\\s?)*`, `(.*a){20,}`, `(.*a){20}`) or with overlapping alternatives (`(a|a)*`, `(\\w|\\d)+`, `(a|aa)*`, and through optional items `(a|a?)+`, `(colou?r|color)+`). ' +
        'A pattern compiled into a name bound once (`EMAIL = re.compile(...)`) is reported where it is compiled and again at each `match`, `search`, `fullmatch`, `findall`, `finditer`, `split`, `sub` or `subn` called on that name, where the backtracking happens. Inline `(?x)` and `re.VERBOSE` are honoured; atomic groups and possessive quantifiers (Python 3.11) do not backtrack and are not reported. Patterns that do not fold to a constant are left alone: flagging every `re.match(pattern, text)` would drown the rest.',
      why:
        'Python\'s `re` is a backtracking engine: on a string that almost matches, such a pattern tries every way of splitting it, which doubles with each character. Thirty characters keep the host\'s CPU busy for minutes, and the regex engine holds the GIL, so the host\'s own threads and timers stop too. It needs only the `re` module, which most allowlists admit.',
      example: 'import re\nre.match(r"(a+)+$", "a" * 30 + "b")\nWORDS = re.compile(r"^(\\w+\\s?)*$")',
      instead: 'Make the repetitions unambiguous (`a+$` instead of `(a+)+$`, `\\w+(?:\\s\\w+)*` instead of `(\\w+\\s?)*`), use an atomic group or possessive quantifier (`(?>a+)+`, `a++`), or bound the input length first.',
    },
  },
  create(context) {
    const { policy } = context;
    return {
      call(node) {
        const found = redosOfPatternCall(context, node);
        if (found) {
          context.report({ node: found.patternNode, message: `regular expression ${quote(found.pattern)} ${found.why}: a failing match backtracks exponentially; not allowed by policy '${policy.name}'` });
          return;
        }
        // A match with a pattern compiled elsewhere (`EMAIL = re.compile(...)`, then
        // `EMAIL.match(s)`): where the backtracking happens, so reported there too.
        const fn = node.childForFieldName('function');
        if (fn?.type !== 'attribute') return;
        const method = fn.childForFieldName('attribute')?.text;
        const object = fn.childForFieldName('object');
        if (!method || !MATCH_METHODS.has(method) || object?.type !== 'identifier') return;
        const compiled = context.semantics.valueBoundOnce(object);
        const compiledFound = compiled?.type === 'call' ? redosOfPatternCall(context, compiled, 'compile') : undefined;
        if (!compiledFound) return;
        context.report({
          node,
          // Named by the name it was compiled into, not by its line: an edit above that line
          // moves it without running this statement's rules again (incremental/).
          message: `'${shortText(node)}' runs the regular expression ${quote(compiledFound.pattern)} compiled into '${object.text}', which ${compiledFound.why}: a failing match backtracks exponentially; not allowed by policy '${policy.name}'`,
        });
      },
    };
  },
  tests: {
    valid: [
      { code: 'import re\nWORD = re.compile(r"^\\w+$")\nWORD.match(s)\nP = re.compile(user_pattern)\nP.match(s)', note: 'a safe compiled pattern; one that does not fold to a constant' },
      { code: 'import re\nMAC = re.compile(r"^([0-9a-f]{2}:){5}[0-9a-f]{2}$")\nWORDS = re.compile(r"(\\w+\\s){12}")', note: 'fixed counts whose content cannot split text two ways' },
      { code: 'import re\nok = re.match(r"(?:ab|a)+$", s)\nurl = re.match(r"(?:https?|ftp)+:", s)\nsign = re.match(r"(?:[0-9]|-?)+$", s)', note: 'optional items whose shapes do not overlap' },
      'import re\nok = re.match(pattern, text) is not None',
      'import re\nIP = re.compile(r"^(\\d{1,3}\\.){3}\\d{1,3}$")',
      'import re\nEMAIL = re.compile(r"^[\\w.+-]+@([a-zA-Z0-9-]+\\.)+[a-zA-Z]{2,}$")',
      'import re\nwords = re.findall(r"(?:\\w+)", text)\nquoted = re.findall(r\'"([^"\\\\]|\\\\.)*"\', text)',
      'import re\nlines = re.split(r"(?:\\r?\\n)+", text)',
      { code: 'import re\nok = re.match(r"(?>a+)+$", s)', note: 'atomic group, Python 3.11' },
      'def compile(p):\n    return p\ncompile("(a+)+")',
      { code: 'import re\nprint re.sub(r"(a|b)+", "x", s)', note: 'Python 2; disjoint alternatives' },
    ],
    invalid: [
      {
        code: 'import re\nEMAIL = re.compile(r"^(\\w+)*@x$")\ndef ok(s):\n    return EMAIL.match(s) is not None',
        errors: [
          { range: '2:20-2:33', message: "regular expression '^(\\w+)*@x$' repeats a group whose content repeats ('(\\w+)*'): a failing match backtracks exponentially; not allowed by policy 'strict'" },
          { range: '4:12-4:26', message: "'EMAIL.match(s)' runs the regular expression '^(\\w+)*@x$' compiled into 'EMAIL', which repeats a group whose content repeats ('(\\w+)*'): a failing match backtracks exponentially; not allowed by policy 'strict'" },
        ],
        note: 'a pattern compiled once, then matched elsewhere: reported where the backtracking happens too',
      },
      {
        code: 'import re\nre.search(r"(.*a){20}", s)',
        errors: [{ range: '2:11-2:23', message: "regular expression '(.*a){20}' repeats a group whose content repeats ('(.*a){20}'): a failing match backtracks exponentially; not allowed by policy 'strict'" }],
        note: 'a fixed count of 20 splits the text in n^20 ways',
      },
      {
        code: 'import re\np = re.compile("^(a|a?)+$")',
        errors: [{ range: '2:16-2:27', message: "regular expression '^(a|a?)+$' repeats a group whose alternatives overlap ('(a|a?)+'): a failing match backtracks exponentially; not allowed by policy 'strict'" }],
        note: 'an optional item: `a?` also matches what `a` does',
      },
      {
        code: 'import re\nre.match(r"(?:colou?r|color)+!", s)',
        errors: [{ range: '2:10-2:32', message: "regular expression '(?:colou?r|color)+!' repeats a group whose alternatives overlap ('(?:colou?r|color)+'): a failing match backtracks exponentially; not allowed by policy 'strict'" }],
      },
      {
        code: 'import re\nre.match(r"(a+)+$", "a" * 30 + "b")',
        errors: [{ range: '2:10-2:19', message: "regular expression '(a+)+$' repeats a group whose content repeats ('(a+)+'): a failing match backtracks exponentially; not allowed by policy 'strict'" }],
      },
      {
        code: 'from re import compile as c\nWORDS = c(r"^(\\w+\\s?)*$")',
        errors: [{ range: '2:11-2:25', message: "regular expression '^(\\w+\\s?)*$' repeats a group whose content repeats ('(\\w+\\s?)*'): a failing match backtracks exponentially; not allowed by policy 'strict'" }],
      },
      {
        code: 'import re\nPAT = "(a|" + "a)*"\nre.search(PAT, s)',
        errors: [{ range: '3:11-3:14', message: "regular expression '(a|a)*' repeats a group whose alternatives overlap ('(a|a)*'): a failing match backtracks exponentially; not allowed by policy 'strict'" }],
      },
      {
        code: 'import re\nre.fullmatch(pattern="(.*)*x", string=s)',
        errors: [{ range: '2:22-2:30', message: "regular expression '(.*)*x' repeats a group whose content repeats ('(.*)*'): a failing match backtracks exponentially; not allowed by policy 'strict'" }],
      },
      {
        code: 'import re\nV = re.compile(r"""\n    ^( \\d+ ,? )+ $   # numbers\n""", re.VERBOSE)',
        errors: [{ range: '2:16-4:4', message: "regular expression '\\n    ^( \\d+ ,? )+ $   # numbers\\n' repeats a group whose content repeats ('( \\d+ ,? )+'): a failing match backtracks exponentially; not allowed by policy 'strict'" }],
      },
      {
        code: 'import re\nprint re.findall(u"(\\\\w|\\\\d)+é", text)',
        note: 'Python 2, Unicode literal',
        errors: [{ range: '2:18-2:32', message: "regular expression '(\\w|\\d)+é' repeats a group whose alternatives overlap ('(\\w|\\d)+'): a failing match backtracks exponentially; not allowed by policy 'strict'" }],
      },
    ],
  },
};
