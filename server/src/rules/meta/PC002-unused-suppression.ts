import { UNUSED_SUPPRESSION } from '../../engine/suppressions';
import type { Rule } from '../types';

/**
 * Reported by the engine's suppression step (engine/suppressions.ts) when suppressions are
 * honoured (`inline-suppressions = "on"`); this module holds the code's metadata, docs and cases.
 */
export const unusedSuppression: Rule = {
  meta: {
    ...UNUSED_SUPPRESSION,
    summary: 'A suppression comment that silences nothing: unknown code, no such finding, malformed, or no reason given',
    defaultSeverity: 'warning',
    docs: {
      what: 'With `inline-suppressions = "on"`: a `# padded: allow[...]` or `# noqa: PC...` comment that names an unknown code, has no finding of its code on the line it applies to (the line it ends, or for a comment on a line of its own the next statement\'s first line), names a rule the policy turns off, is malformed, names PC000, or gives no reason when the policy sets `require-reason = true`.',
      why: 'A suppression that matches nothing is either stale — the code changed and the comment now waits to silence whatever lands on that line next — or a typo that leaves the reader believing a finding was reviewed. Either way it hides intent. Requiring reasons makes each honoured suppression a reviewed, written-down decision.',
      example: 'total = sum(values)  # noqa: PC301\n# padded: allow[PC999] legacy\nx = 1',
      instead: 'Delete suppressions that silence nothing; fix the code they name; write `# padded: allow[PC301] why this is safe here`.',
      fixSafety: 'No fix is offered yet; deleting an unused suppression comment is always safe.',
    },
  },
  create: () => ({}),
  tests: {
    valid: [
      { code: 'total = sum(values)', inlineSuppressions: 'on' },
      { code: 'import json  # noqa', inlineSuppressions: 'on', note: "a bare noqa is other linters' business" },
      { code: 'x = 1  # noqa: E501', inlineSuppressions: 'on', note: "another linter's code" },
      { code: 'x = "# padded: allow[PC999]"', inlineSuppressions: 'on', note: 'inside a string' },
      { code: 'total = sum(values)  # noqa: PC999', note: 'under strict suppressions are reported as PC001, not judged' },
    ],
    invalid: [
      { code: 'x = 1  # noqa: PC999', inlineSuppressions: 'on', errors: [{ range: '1:8-1:21', message: "unknown code 'PC999' in suppression comment" }] },
      {
        code: '# padded: allow[] it is fine\nx = 1',
        inlineSuppressions: 'on',
        errors: [{ range: '1:1-1:29', message: "suppression comment names no codes: expected '# padded: allow[PC301] reason'" }],
      },
      {
        code: 'x = 1  # padded: allow PC301',
        inlineSuppressions: 'on',
        errors: [{ range: '1:8-1:29', message: "malformed suppression comment: expected '# padded: allow[PC301] reason'" }],
      },
      {
        code: 'x = 1  # noqa: PC000',
        inlineSuppressions: 'on',
        errors: [{ range: '1:8-1:21', message: 'PC000 (analysis-error) cannot be suppressed: it says the file was not fully checked' }],
      },
      {
        code: 'x = eval(s)  # padded: allow[PC301]',
        inlineSuppressions: 'on',
        requireReason: true,
        errors: [{ range: '1:14-1:36', message: "suppression of PC301 gives no reason, and policy 'strict' requires one (require-reason = true)" }],
      },
      {
        code: 'x = 1\n# padded: allow[PC301] nothing follows',
        inlineSuppressions: 'on',
        errors: [{ range: '2:1-2:39', message: 'unused suppression of PC301: no statement follows this comment' }],
      },
    ],
  },
};
