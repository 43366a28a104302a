/**
 * Adding and removing imports the way a person would: a new `import` goes where imports
 * already are (after the module docstring and `__future__` imports, inside the existing import
 * block, in name order among the plain `import` lines, as isort keeps them), never twice; a
 * removed import takes its line with it, or only its name when the statement imports several.
 */
import type { Node } from '../parser';
import type { TextEdit } from '../engine/types';
import {
  editOffsets,
  endOffsetOf,
  lineBreakOf,
  lineStartOffset,
  nextLineStartOffset,
  statementsOf,
  type FixSource,
} from './sourceEdits';

const IMPORTS = new Set(['import_statement', 'import_from_statement']);

function isDocstring(statement: Node): boolean {
  if (statement.type !== 'expression_statement') return false;
  const only = statementsOf(statement);
  return only.length === 1 && (only[0].type === 'string' || only[0].type === 'concatenated_string');
}

/** The modules a plain `import a, b.c` binds under their own names (aliased ones do not count). */
function plainImportedModules(statement: Node): string[] {
  if (statement.type !== 'import_statement') return [];
  return statement.namedChildren.filter((c): c is Node => c?.type === 'dotted_name').map((c) => c.text.replace(/\s+/g, ''));
}

/** True when the module is already imported with a plain `import module` at the top level. */
export function hasModuleImport(root: Node, module: string): boolean {
  return statementsOf(root).some((s) => plainImportedModules(s).includes(module));
}

/**
 * The edit that adds `import <module>`, or undefined when the file already has it at the top
 * level. Placement, in order of preference:
 * - inside the first import block (the run of imports that starts the module after its docstring,
 *   `__future__` imports and leading comments), before the first plain `import` that sorts after
 *   the new one, else after the block's last plain `import`, else before its `from` imports;
 * - otherwise on the line after the docstring / `__future__` imports / leading comments (a
 *   shebang or coding line must stay first), or at the very top.
 */
export function addImport(src: FixSource, module: string): TextEdit | undefined {
  if (hasModuleImport(src.root, module)) return undefined;
  const eol = lineBreakOf(src.source);
  const line = `import ${module}`;
  const top = src.root.namedChildren.filter((c): c is Node => !!c);

  let i = 0;
  let anchor: Node | undefined;
  // Comments before the first statement (shebang, coding line, licence header).
  while (i < top.length && top[i].type === 'comment') anchor = top[i++];
  let seenDocstring = false;
  for (; i < top.length; i++) {
    const node = top[i];
    if (node.type === 'comment') continue;
    if (!seenDocstring && !anchor?.type.endsWith('statement') && isDocstring(node)) {
      seenDocstring = true;
      anchor = node;
      continue;
    }
    if (node.type === 'future_import_statement') {
      anchor = node;
      continue;
    }
    break;
  }

  const block: Node[] = [];
  for (let j = i; j < top.length; j++) {
    if (top[j].type === 'comment') continue;
    if (!IMPORTS.has(top[j].type)) break;
    block.push(top[j]);
  }

  const insertBefore = (statement: Node): TextEdit => {
    const at = lineStartOffset(src, statement.startIndex);
    return editOffsets(src, at, at, line + eol);
  };
  const insertAfter = (node: Node): TextEdit => {
    const end = endOffsetOf(src, node);
    const at = nextLineStartOffset(src, end);
    // The last line has no line break of its own: the new line needs one in front.
    if (at === src.source.length && !/[\r\n]$/.test(src.source.slice(end, at))) return editOffsets(src, at, at, eol + line);
    return editOffsets(src, at, at, line + eol);
  };

  if (block.length > 0) {
    const plain = block.filter((s) => s.type === 'import_statement');
    const key = module.toLowerCase();
    const later = plain.find((s) => (plainImportedModules(s)[0] ?? s.text).toLowerCase() > key);
    if (later) return insertBefore(later);
    if (plain.length > 0) return insertAfter(plain[plain.length - 1]);
    return insertBefore(block[0]);
  }
  if (anchor) return insertAfter(anchor);
  return editOffsets(src, 0, 0, line + eol);
}

/** The import statement a node (a module or imported name) belongs to. */
export function importStatementOf(node: Node): Node | undefined {
  for (let n: Node | null = node; n; n = n.parent) {
    if (IMPORTS.has(n.type) || n.type === 'future_import_statement') return n;
  }
  return undefined;
}

/**
 * Removes what `name` imports: only that name from `import a, b` / `from m import a, b` when the
 * statement imports more, else the whole statement. `name` is a `dotted_name`, the name inside an
 * `aliased_import`, or (for `from` imports) the module, which removes the statement.
 */
export function removeImportName(src: FixSource, name: Node): TextEdit | undefined {
  const statement = importStatementOf(name);
  if (!statement) return undefined;
  const items =
    statement.type === 'import_statement'
      ? statement.namedChildren.filter((c): c is Node => c?.type === 'dotted_name' || c?.type === 'aliased_import')
      : statement.childrenForFieldName('name').filter((c): c is Node => !!c);
  const item = items.find((c) => c.startIndex <= name.startIndex && name.endIndex <= c.endIndex);
  if (!item || items.length === 1) return removeStatement(src, statement);
  const index = items.indexOf(item);
  // `a, b` → `b` (through the comma and the space after it), or `a, b` → `a` for the last one.
  if (index < items.length - 1) return editOffsets(src, item.startIndex, items[index + 1].startIndex, '');
  return editOffsets(src, endOffsetOf(src, items[index - 1]), endOffsetOf(src, item), '');
}

/**
 * Deletes one simple statement. Its lines go with it when it has them to itself (a trailing
 * comment goes too: it was about the statement); on a line shared through `;` only the statement
 * and its separator go; the only statement of a block becomes `pass`, since an empty block does
 * not parse.
 */
export function removeStatement(src: FixSource, statement: Node): TextEdit {
  const parent = statement.parent;
  const end = endOffsetOf(src, statement);
  if (parent?.type === 'block' && statementsOf(parent).length === 1) return editOffsets(src, statement.startIndex, end, 'pass');

  const lineStart = lineStartOffset(src, statement.startIndex);
  const lineEnd = src.lines.lineEndOffset(src.lines.positionAt(end).line);
  const before = src.source.slice(lineStart, statement.startIndex);
  const after = src.source.slice(end, lineEnd);
  const following = /^[ \t]*;[ \t]*/.exec(after);
  if (following && after.slice(following[0].length).trim() !== '' && !after.slice(following[0].length).startsWith('#')) {
    // `import os; x = 1` → `x = 1`
    return editOffsets(src, statement.startIndex, end + following[0].length, '');
  }
  const preceding = /;[ \t]*$/.exec(before);
  if (preceding) {
    // `x = 1; import os` → `x = 1` (and a `;` left dangling after it goes as well).
    return editOffsets(src, lineStart + preceding.index, following ? end + following[0].length : end, '');
  }
  if (before.trim() === '') return editOffsets(src, lineStart, nextLineStartOffset(src, end), '');
  return editOffsets(src, statement.startIndex, end, 'pass');
}
