import type { Node } from '../../parser';
import type { Rule } from '../types';

/** Encodings in which what an editor shows is what Python reads. */
const SAFE_ENCODINGS = new Set(['utf-8', 'utf8', 'ascii', 'us-ascii']);

/**
 * Single-byte encodings that read every ASCII byte as ASCII: a file whose only non-ASCII text
 * sits in strings and comments is the same program in them as in UTF-8 (only those strings'
 * and comments' non-ASCII characters read differently, and none of them turns into ASCII).
 */
const ASCII_COMPATIBLE = /^(?:latin-?1|l1|iso-?8859-(?:1|15)|iso-latin-1|cp819|latin-?9|cp1252|windows-1252)$/;

/** True when every non-ASCII character of `source` lies inside a string or a comment (and none is U+FFFD). */
function nonAsciiOnlyInText(root: Node, source: string): boolean {
  let checked = 0;
  for (let i = 0; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code < 0x80) continue;
    // A replacement character: the file was not UTF-8, so its bytes are not what is shown.
    if (code === 0xfffd || ++checked > 4096) return false;
    let node: Node | null = root;
    let inText = false;
    while (node && !inText) {
      let next: Node | null = null;
      for (let c = 0; c < node.childCount; c++) {
        const child = node.child(c);
        if (child && child.startIndex <= i && i < child.endIndex) {
          next = child;
          break;
        }
      }
      if (next && (next.type === 'string' || next.type === 'comment')) inText = true;
      node = next;
    }
    if (!inText) return false;
  }
  return true;
}

/** PEP 263: a comment on line 1 or 2 matching this declares the file's encoding. */
const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

export const sourceEncoding: Rule = {
  meta: {
    code: 'PC208',
    name: 'source-encoding',
    summary: 'A coding declaration other than UTF-8 or ASCII',
    defaultSeverity: 'error',
    docs: {
      what: 'A PEP 263 coding declaration (`# -*- coding: NAME -*-` on line 1 or 2) naming anything but UTF-8 or ASCII — except Latin-1 or Windows-1252 in a file whose non-ASCII characters all sit in strings and comments, which those encodings read as the same program.',
      why: 'Python decodes the file with the declared codec before parsing it; an editor and this checker show the bytes as UTF-8. With `utf-7`, `+AAo-` is a newline, so `#+AAo-print(open("flag").read())` is a comment on screen and a statement to Python; with `unicode_escape`, `\\x65val(...)` is `eval(...)`. Every check of the source text is then checking a different program.',
      example: '# -*- coding: utf_7 -*-\ndef f(x):\n    return x\n    #+AAo-print(open("flag.txt").read())',
      instead: 'Save the file as UTF-8 and drop the declaration (UTF-8 is the default).',
    },
  },
  create(context) {
    const { policy } = context;
    const check = (node: Node): void => {
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
      if (ASCII_COMPATIBLE.test(name) && nonAsciiOnlyInText(context.root, context.source)) return;
      context.report({
        node,
        message: `source encoding '${m[1]}' makes Python read different code than an editor shows; not allowed by policy '${policy.name}'`,
      });
    };
    return {
      // A module handler: whether the declaration is harmless depends on all of the file's text
      // (`nonAsciiOnlyInText`), so an incremental run checks it again after every edit. Only the
      // nodes that start on the first two lines are looked at.
      module(root) {
        const pending: Node[] = [root];
        while (pending.length) {
          const node = pending.pop()!;
          if (node.type === 'comment') check(node);
          for (let c = node.childCount - 1; c >= 0; c--) {
            const child = node.child(c);
            if (child && child.startPosition.row <= 1) pending.push(child);
          }
        }
      },
    };
  },
  tests: {
    valid: [
      '# -*- coding: utf-8 -*-\nx = 1',
      '# coding=ascii\nx = 1',
      '#!/usr/bin/env python\n# vim: set fileencoding=utf8 :\nx = 1',
      'x = 1\n\n# coding: utf-7',
      '# coding: UTF_8',
      { code: "# -*- coding: latin-1 -*-\nname = \"caf\u00e9\"  # d\u00e9j\u00e0 vu", note: "Latin-1 with non-ASCII only in strings and comments reads the same program" },
    ],
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
        code: '#!/usr/bin/python\n# -*- coding: latin-1 -*-\nna\u00efve = 1',
        note: 'a non-ASCII identifier: Latin-1 reads other characters',
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
      {
        code: "# coding: cp1252\nx = \"\ufffd\"",
        errors: [{ range: "1:1-1:17", message: "source encoding 'cp1252' makes Python read different code than an editor shows; not allowed by policy 'strict'" }],
        note: "a replacement character: the bytes were not UTF-8",
      },
    ],
  },
};
