import type { Rule } from '../types';

/** Encodings in which what an editor shows is what Python reads. */
const SAFE_ENCODINGS = new Set(['utf-8', 'utf8', 'ascii', 'us-ascii']);

/** PEP 263: a comment on line 1 or 2 matching this declares the file's encoding. */
const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

export const sourceEncoding: Rule = {
  meta: {
    code: 'PC208',
    name: 'source-encoding',
    summary: 'A coding declaration other than UTF-8 or ASCII',
    defaultSeverity: 'error',
    docs: {
      what: 'A PEP 263 coding declaration (`# -*- coding: NAME -*-` on line 1 or 2) naming anything but UTF-8 or ASCII.',
      why: 'Python decodes the file with the declared codec before parsing it; an editor and this checker show the bytes as UTF-8. With `utf-7`, `+AAo-` is a newline, so `#+AAo-print(open("flag").read())` is a comment on screen and a statement to Python; with `unicode_escape`, `\\x65val(...)` is `eval(...)`. Every check of the source text is then checking a different program.',
      example: '# -*- coding: utf_7 -*-\ndef f(x):\n    return x\n    #+AAo-print(open("flag.txt").read())',
      instead: 'Save the file as UTF-8 and drop the declaration (UTF-8 is the default).',
    },
  },
  create(context) {
    const { policy } = context;
    return {
      comment(node) {
        if (node.startPosition.row > 1) return;
        const line = context.rangeOf(node).start.line;
        if (line > 1) return;
        // A declaration on line 2 counts only when line 1 is a comment or blank (PEP 263).
        if (line === 1) {
          const first = context.source.slice(0, context.lines.lineEndOffset(0));
          if (first.trim() && !first.trimStart().startsWith('#')) return;
        }
        const m = CODING.exec(node.text);
        if (!m) return;
        const name = m[1].toLowerCase().replace(/_/g, '-');
        if (SAFE_ENCODINGS.has(name)) return;
        context.report({
          node,
          message: `source encoding '${m[1]}' makes Python read different code than an editor shows; not allowed by policy '${policy.name}'`,
        });
      },
    };
  },
  tests: {
    valid: ['# -*- coding: utf-8 -*-\nx = 1', '# coding=ascii\nx = 1', '#!/usr/bin/env python\n# vim: set fileencoding=utf8 :\nx = 1', 'x = 1\n\n# coding: utf-7', '# coding: UTF_8'],
    invalid: [
      {
        code: '# -*- coding: utf_7 -*-\ndef f(x):\n    return x\n    #+AAo-print(open("flag.txt").read())',
        errors: [{ range: '1:1-1:24', message: "source encoding 'utf_7' makes Python read different code than an editor shows; not allowed by policy 'strict'" }],
      },
      {
        code: '# coding: unicode_escape\nx = 1',
        errors: [{ range: '1:1-1:25', message: "source encoding 'unicode_escape' makes Python read different code than an editor shows; not allowed by policy 'strict'" }],
      },
      {
        code: '#!/usr/bin/python\n# -*- coding: latin-1 -*-',
        errors: [{ range: '2:1-2:26', message: "source encoding 'latin-1' makes Python read different code than an editor shows; not allowed by policy 'strict'" }],
      },
      {
        code: '# vim: set fileencoding=utf-16 :\r\nx = 1',
        errors: [{ range: '1:1-1:33', message: "source encoding 'utf-16' makes Python read different code than an editor shows; not allowed by policy 'strict'" }],
      },
      {
        code: '# coding: rot13\nx = 1',
        errors: [{ range: '1:1-1:16', message: "source encoding 'rot13' makes Python read different code than an editor shows; not allowed by policy 'strict'" }],
      },
    ],
  },
};
