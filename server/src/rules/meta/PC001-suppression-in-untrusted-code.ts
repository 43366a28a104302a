import { SUPPRESSION_IN_UNTRUSTED_CODE } from '../../engine/suppressions';
import type { Rule } from '../types';

const NOT_HONOURED = "is not honoured by policy 'strict': the code's author controls its comments";

/**
 * Reported by the engine's suppression step (engine/suppressions.ts), not by a visitor: this
 * module is the code's metadata, documentation and test cases, so the docs, the policy file's
 * `rules` table and SARIF know it like any other rule.
 */
export const suppressionInUntrustedCode: Rule = {
  meta: {
    ...SUPPRESSION_IN_UNTRUSTED_CODE,
    summary: 'A suppression comment in code whose author is not trusted: reported, never honoured',
    defaultSeverity: 'warning',
    docs: {
      what: "Every inline suppression comment — `# padded: allow[PC301] reason`, and `# noqa: PC301` naming one of this tool's codes — when the policy's `inline-suppressions` is `report`, the `strict` default. The finding the comment tries to silence stays. Comments are read from the syntax tree, so text in strings and docstrings is never a suppression; a bare `# noqa` and `# noqa: E501` belong to other linters and silence nothing here.",
      why: "The author of untrusted code writes its comments too. A checker that honoured `eval(src)  # noqa: PC301` would let the plugin switch off the very check that blocks it; linters that honour suppressions by default assume the code's author is on the reviewer's side. The comment is also a signal: a plugin that pre-emptively silences an escape check deserves a closer look.",
      example: 'import os  # noqa: PC101\n# padded: allow[PC301] needed for templates\nresult = eval(expression)',
      instead: "Remove the comment and the construct it hides. For code the host trusts (its own plugins), set `inline-suppressions = \"on\"` in the host's policy file, or drop findings by path with `per-file-ignores`: both are the host's decisions, written where the plugin's author cannot reach.",
      fixSafety: 'No fix is offered: deleting the comment is safe, but the finding it hid remains to be fixed.',
    },
  },
  create: () => ({}),
  tests: {
    valid: [
      { code: 'import json  # noqa', note: 'a bare noqa names no code and silences nothing' },
      { code: 'x = 1  # noqa: E501, W291', note: "other linters' codes" },
      { code: 'text = "# noqa: PC301"', note: 'inside a string, not a comment' },
      { code: 'def f():\n    """# padded: allow[PC301] not a comment"""', note: 'a docstring' },
      { code: '# padded cell plugin, version 2\nx = 1', note: 'mentions the tool but is no directive' },
      { code: 'eval(x)  # noqa: PC301', inlineSuppressions: 'off', note: 'with inline-suppressions = "off" comments are ignored' },
    ],
    invalid: [
      { code: 'result = eval(src)  # noqa: PC301', errors: [{ range: '1:21-1:34', message: `suppression comment for PC301 ${NOT_HONOURED}` }] },
      {
        code: '# padded: allow[PC301] templates need it\nresult = eval(src)',
        errors: [{ range: '1:1-1:41', message: `suppression comment for PC301 ${NOT_HONOURED}` }],
      },
      { code: 'import os  # NOQA:PC101,PC502', errors: [{ range: '1:12-1:30', message: `suppression comment for PC101, PC502 ${NOT_HONOURED}` }] },
      {
        code: 'x = os.system  # type: ignore  # noqa: PC502',
        errors: [{ range: '1:16-1:45', message: `suppression comment for PC502 ${NOT_HONOURED}` }],
      },
      { code: 'eval(x)  # padded: allow[] trust me', errors: [{ range: '1:10-1:36', message: `suppression comment ${NOT_HONOURED}` }] },
      { code: 'eval(x)\r\n# padded: allow PC301\r\nexec(y)', errors: [{ range: '2:1-2:22', message: `suppression comment ${NOT_HONOURED}` }] },
    ],
  },
};
