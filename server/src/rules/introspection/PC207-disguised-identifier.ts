import type { Node } from '../../parser';
import { isBuiltinAllowed } from '../../policy/queries';
import { normalizeIdentifier } from '../../semantics';
import { KNOWN_BUILTINS } from '../builtins/knownBuiltins';
import type { Rule } from '../types';

/** Enough code points to look the disguise up; a long name's list would drown the message. */
const LISTED_CODE_POINTS = 4;

/** `U+FF45 U+FF56`, the non-ASCII code points of `text`; `…` only when some are left out. */
function codePoints(text: string): string {
  const all = [...text].filter((ch) => ch.codePointAt(0)! > 0x7f).map((ch) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  const listed = all.slice(0, LISTED_CODE_POINTS).join(' ');
  return all.length > LISTED_CODE_POINTS ? `${listed}…` : listed;
}

/** A name in its own right: not an attribute, keyword or imported name, which belong to another object or module. */
function isPlainName(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return true;
  if (parent.type === 'attribute') return parent.childForFieldName('attribute')?.id !== node.id;
  if (parent.type === 'keyword_argument') return parent.childForFieldName('name')?.id !== node.id;
  return parent.type !== 'dotted_name';
}

function asciiCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) <= 0x7f) n++;
  return n;
}

export const disguisedIdentifier: Rule = {
  meta: {
    code: 'PC207',
    name: 'disguised-identifier',
    summary: 'An identifier whose NFKC form differs from how it is written (`ｅｖａｌ`, `__𝘤𝘭𝘢𝘴𝘴__`)',
    defaultSeverity: 'error',
    docs: {
      what: 'An identifier that Python reads as a different name than it is written, because Python normalises identifiers with NFKC (PEP 3131): fullwidth `ｅｖａｌ` is `eval`, mathematical italic `__𝘤𝘭𝘢𝘴𝘴__` is `__class__`, `ﬁle` (a ligature) is `file` — where the name it is read as is one a filter looks for: a dunder or other name starting with `_`, a builtin the policy does not allow, a name the file does not bind (a module, an unknown global), an attribute of another object (`x.ｓｙｓｔｅｍ`), a keyword argument or an imported name. The plugin\'s own variables, parameters and functions written in such letters (`𝑥1 = 0`, `def ｔｏｔａｌ(...)`), and allowed builtins (`ｌｅｎ(xs)`), are what Python reads them as and are not reported. Every other rule already matches on the normalised form; this one reports the disguise itself.',
      why: 'A filter that compares source text (`"__class__" in code`, a regex over the file, an AST check in another language) sees a harmless name; the interpreter sees the forbidden one. pyjail write-ups use this to smuggle `__import__` and `__class__` past keyword blacklists.',
      example: 'mod = __𝘪𝘮𝘱𝘰𝘳𝘵__("socket")\nbase = ().__𝘤𝘭𝘢𝘴𝘴__',
      instead: 'Write identifiers in their plain form. Non-ASCII identifiers that are already in NFKC form (`café`, `число`), or that Python reads as other non-ASCII letters (the micro sign `µ` as Greek `μ`, the ohm sign `Ω` as Greek `Ω`), are fine: no name the interpreter gives meaning to is spelled that way.',
    },
  },
  create(context) {
    const { policy } = context;
    return {
      identifier(node) {
        // Nearly every identifier is ASCII: read the source in place rather than copy the name.
        const { source } = context;
        let ascii = true;
        for (let i = node.startIndex; i < node.endIndex && ascii; i++) ascii = source.charCodeAt(i) <= 0x7f;
        if (ascii) return;
        const text = node.text;
        const normal = normalizeIdentifier(text);
        // Every name the interpreter gives meaning to is ASCII: a disguise writes ASCII letters as
        // something else. One non-ASCII letter read as another (the micro sign `µ` as Greek `μ`)
        // names only the plugin's own variable.
        if (normal === text || asciiCount(normal) <= asciiCount(text)) return;
        // The plugin's own variables, parameters and functions are what Python reads them as,
        // whatever letters they are written in (`𝑥1`, `ｔｏｔａｌ`): no filter looks for them. A
        // disguise matters where a filter looks for a name the interpreter gives meaning to: a
        // dunder or private name, a builtin the policy leaves out, a module, another object's
        // attribute or keyword.
        const ownName =
          !normal.startsWith('_') &&
          isPlainName(node) &&
          (KNOWN_BUILTINS.has(normal) ? isBuiltinAllowed(policy, normal) : context.semantics.bindingsOf(node).length > 0);
        if (ownName) return;
        context.report({
          node,
          message: `identifier '${text}' is read by Python as '${normal}' (${codePoints(text)}); not allowed by policy '${policy.name}'`,
        });
      },
    };
  },
  tests: {
    valid: [
      'café = 1\nprint(café)', 'число = 2', 'name = "ｅｖａｌ"', '# ｅｖａｌ in a comment\nx = 1', 'def naïve(): pass',
      { code: 'µ = 0.5\nprint(µ * 2)', note: 'the micro sign is read as Greek mu: a non-ASCII letter for another' },
      { code: 'Ω = 50.0\nÅ = 1e-10', note: 'the ohm and angstrom signs are read as Greek omega and A with ring' },
    ],
    invalid: [
      { code: 'ｅｖａｌ("1")', errors: [{ range: '1:1-1:5', message: "identifier 'ｅｖａｌ' is read by Python as 'eval' (U+FF45 U+FF56 U+FF41 U+FF4C); not allowed by policy 'strict'" }] },
      { code: 'x = ().__𝘤𝘭𝘢𝘴𝘴__', errors: [{ range: '1:8-1:22', message: "identifier '__𝘤𝘭𝘢𝘴𝘴__' is read by Python as '__class__' (U+1D624 U+1D62D U+1D622 U+1D634…); not allowed by policy 'strict'" }] },
      {
        code: 'import subprocess\nsubprocess.ｒun(["id"])\nｏｐｅｎ("x")\nｍｅｓｓａｇｅ(ｋｅｙ=1)\n_ｇｕａｒｄ_ = 0',
        errors: [
          { range: '2:12-2:15', message: "identifier 'ｒun' is read by Python as 'run' (U+FF52); not allowed by policy 'strict'" },
          { range: '3:1-3:5', message: "identifier 'ｏｐｅｎ' is read by Python as 'open' (U+FF4F U+FF50 U+FF45 U+FF4E); not allowed by policy 'strict'" },
          { range: '4:1-4:8', message: "identifier 'ｍｅｓｓａｇｅ' is read by Python as 'message' (U+FF4D U+FF45 U+FF53 U+FF53…); not allowed by policy 'strict'" },
          { range: '4:9-4:12', message: "identifier 'ｋｅｙ' is read by Python as 'key' (U+FF4B U+FF45 U+FF59); not allowed by policy 'strict'" },
          { range: '5:1-5:8', message: "identifier '_ｇｕａｒｄ_' is read by Python as '_guard_' (U+FF47 U+FF55 U+FF41 U+FF52…); not allowed by policy 'strict'" },
        ],
        note: 'an attribute of a module, a builtin the policy leaves out, a name the file does not bind, a keyword, a private name',
      },
      { code: 'ﬁle = 1', errors: [{ range: '1:1-1:4', message: "identifier 'ﬁle' is read by Python as 'file' (U+FB01); not allowed by policy 'strict'" }] },
      { code: 'import ｏｓ', errors: [{ range: '1:8-1:10', message: "identifier 'ｏｓ' is read by Python as 'os' (U+FF4F U+FF53); not allowed by policy 'strict'" }] },
    ],
  },
};
