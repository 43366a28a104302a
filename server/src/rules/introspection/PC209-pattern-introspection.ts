import type { Node } from '../../parser';
import { normalizeIdentifier } from '../../semantics';
import { classPatternOfKeyword, patternClassName } from '../../semantics/syntax';
import type { Rule } from '../types';
import { attributeVerdict } from '../shared/attributes';

/** `case AttributeError(obj=x)` reads `.obj`, the object a failed lookup ran on. */
function isExceptionClass(name: string): boolean {
  return /(Error|Exception|Exit|Interrupt|Warning)$/.test(name);
}

export const patternIntrospection: Rule = {
  meta: {
    code: 'PC209',
    name: 'pattern-introspection',
    summary: '`match` class patterns that read forbidden attributes: `case str(__class__=c)`',
    defaultSeverity: 'error',
    docs: {
      what: 'Keyword sub-patterns of a `case` class pattern (`case C(attr=capture)`) whose attribute is a dunder, private or interpreter-internal name, or `obj` on an exception class — the match statement reads that attribute with `getattr`.',
      why: 'A class pattern is attribute access written as a pattern: `case str(__class__=c)` binds `"".__class__` without an attribute node in the tree, and `case AttributeError(obj=found)` recovers the object a sandbox refused to let the code reach (CVE-2026-0863).',
      example: 'match "":\n    case str(__class__=c):\n        base = c',
      instead: 'Match on public attributes, or use `isinstance`.',
    },
  },
  create(context) {
    const { policy } = context;
    return {
      keyword_pattern(node: Node) {
        const key = node.namedChild(0);
        const classPattern = classPatternOfKeyword(node);
        if (!key || !classPattern) return;
        const className = normalizeIdentifier(patternClassName(classPattern)?.text ?? '');
        const attr = normalizeIdentifier(key.text);
        const verdict = attributeVerdict(policy, attr);
        let reason: string | undefined = verdict.forbidden ? verdict.reason : undefined;
        if (!reason && attr === 'obj' && isExceptionClass(className.split('.').pop() ?? '')) reason = 'the object behind an exception';
        if (!reason) return;
        context.report({ node, message: `pattern '${className}(${attr}=...)' reads '${attr}' (${reason}); not allowed by policy '${policy.name}'` });
      },
    };
  },
  tests: {
    valid: [
      'match p:\n    case Point(x=0, y=y):\n        pass',
      'match shape:\n    case {"kind": "circle", "r": r}:\n        pass',
      'match n:\n    case Node(obj=o):\n        pass',
      'match e:\n    case KeyError(args=a):\n        pass',
      'match v:\n    case [x, y]:\n        pass',
    ],
    invalid: [
      {
        code: 'match "":\n    case str(__class__=c):\n        base = c',
        errors: [{ range: '2:14-2:25', message: "pattern 'str(__class__=...)' reads '__class__' (a dunder attribute); not allowed by policy 'strict'" }],
      },
      {
        code: 'match err:\n    case AttributeError(obj=found):\n        found()',
        errors: [{ range: '2:25-2:34', message: "pattern 'AttributeError(obj=...)' reads 'obj' (the object behind an exception); not allowed by policy 'strict'" }],
      },
      {
        code: 'match g:\n    case Gen(gi_frame=f):\n        pass',
        errors: [{ range: '2:14-2:24', message: "pattern 'Gen(gi_frame=...)' reads 'gi_frame' (an interpreter-internal attribute); not allowed by policy 'strict'" }],
      },
      {
        code: 'match f:\n    case F(__globals__={"x": 1}):\n        pass',
        errors: [{ range: '2:12-2:32', message: "pattern 'F(__globals__=...)' reads '__globals__' (a dunder attribute); not allowed by policy 'strict'" }],
      },
      {
        code: 'match x:\n    case C(ｆ_ｂａｃｋ=b):\n        pass',
        errors: [{ range: '2:12-2:20', message: "pattern 'C(f_back=...)' reads 'f_back' (an interpreter-internal attribute); not allowed by policy 'strict'" }],
      },
    ],
  },
};
