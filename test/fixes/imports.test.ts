// The import fix builders on their own: where `import ast` lands, and what removing an import
// leaves behind. Each case lists the source and the whole text after the edit.
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createPythonParser, SyntaxTree, type Node, type PythonParser } from '../../server/src/parser';
import { addImport, applyTextEdits, removeImportName, type FixSource } from '../../server/src/fixes';

let parser: PythonParser;
before(async () => {
  parser = await createPythonParser();
});

function sourceOf(text: string): FixSource {
  const tree = parser.parse(text);
  try {
    const syntax = SyntaxTree.fromTree(tree, text);
    return { source: text, root: syntax.root, lines: syntax.lines };
  } finally {
    tree.delete();
  }
}

function withAdded(text: string, module: string): string {
  const src = sourceOf(text);
  const edit = addImport(src, module);
  return edit ? applyTextEdits(text, [edit]) : text;
}

/** Removes the import of the first name node whose text is `name`. */
function withRemoved(text: string, name: string): string {
  const src = sourceOf(text);
  const stack: Node[] = [src.root];
  let target: Node | undefined;
  while (stack.length && !target) {
    const node = stack.shift()!;
    if ((node.type === 'dotted_name' || node.type === 'relative_import') && node.text === name) target = node;
    stack.push(...node.children);
  }
  assert.ok(target, `no name '${name}'`);
  const edit = removeImportName(src, target);
  assert.ok(edit);
  return applyTextEdits(text, [edit]);
}

describe('addImport', () => {
  const cases: [string, string, string][] = [
    ['empty file', '', 'import ast\n'],
    ['code only', 'x = 1\n', 'import ast\nx = 1\n'],
    ['after the docstring', '"""Doc."""\nx = 1\n', '"""Doc."""\nimport ast\nx = 1\n'],
    ['after __future__ imports', '"""Doc."""\nfrom __future__ import annotations\n\nx = 1\n', '"""Doc."""\nfrom __future__ import annotations\nimport ast\n\nx = 1\n'],
    ['in name order inside the import block', 'import json\nimport re\n\nx = 1\n', 'import ast\nimport json\nimport re\n\nx = 1\n'],
    ['after the last plain import that sorts before it', 'import abc\nfrom json import loads\n', 'import abc\nimport ast\nfrom json import loads\n'],
    ['before from-imports when there are no plain ones', 'from json import loads\n', 'import ast\nfrom json import loads\n'],
    ['after shebang and coding lines', '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nx = 1\n', '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nimport ast\nx = 1\n'],
    ['CRLF, no final line break', '"""Doc."""\r\nimport re', '"""Doc."""\r\nimport ast\r\nimport re'],
    ['not twice', 'import ast\nx = 1\n', 'import ast\nx = 1\n'],
    ['not twice when imported with others', 'import re, ast\n', 'import re, ast\n'],
    ['an aliased import does not bind the name', 'import ast as a\n', 'import ast\nimport ast as a\n'],
  ];
  for (const [name, before, after] of cases) {
    test(name, () => assert.equal(withAdded(before, 'ast'), after));
  }
});

describe('removeImportName', () => {
  const cases: [string, string, string, string][] = [
    ['the whole statement and its line', 'import os\nx = 1\n', 'os', 'x = 1\n'],
    ['only the name, first of several', 'import os, math\n', 'os', 'import math\n'],
    ['only the name, last of several', 'import math, os\n', 'os', 'import math\n'],
    ['an aliased name', 'import math, os.path as p\n', 'os.path', 'import math\n'],
    ['a from-import by its module', 'from os import path, sep\nx = 1\n', 'os', 'x = 1\n'],
    ['a name of a from-import', 'from os import path, sep\n', 'path', 'from os import sep\n'],
    ['the only statement of a block becomes pass', 'try:\n    import os\nexcept ImportError:\n    os = None\n', 'os', 'try:\n    pass\nexcept ImportError:\n    os = None\n'],
    ['before a semicolon', 'import os; x = 1\n', 'os', 'x = 1\n'],
    ['after a semicolon', 'x = 1; import os\n', 'os', 'x = 1\n'],
    ['with its trailing comment', 'import os  # the host allows it\nx = 1\n', 'os', 'x = 1\n'],
    ['CRLF', 'x = 1\r\nimport os\r\ny = 2\r\n', 'os', 'x = 1\r\ny = 2\r\n'],
  ];
  for (const [name, before, target, after] of cases) {
    test(name, () => assert.equal(withRemoved(before, target), after));
  }
});
