/**
 * "Suppress PCxxx on this line": the edit that adds `# noqa: PCxxx` to the end of a line, or
 * merges the code into a suppression comment already there (`# noqa: E501` → `# noqa: E501,
 * PCxxx`; `# padded: allow[PC101] reason` → `# padded: allow[PC101, PCxxx] reason`), keeping
 * every other code and word of the comment. The engine reads a suppression from the comment that
 * ends the line a finding starts on, so that is where it goes.
 *
 * The tree says where the line really ends: a line that ends inside a multi-line string or with
 * a `\` continuation cannot take a comment (it would become part of the string, or a syntax
 * error), and then no edit is offered.
 */
import type { Tree } from '../parser';
import { LineIndex } from '../engine/lineIndex';
import type { TextEdit } from '../engine/types';

const STRING_TYPES = new Set(['string', 'string_content', 'string_start', 'string_end', 'concatenated_string', 'escape_sequence', 'interpolation']);

function insertAt(lines: LineIndex, offset: number, newText: string): TextEdit {
  const p = lines.positionAt(offset);
  return { range: { start: p, end: p }, newText };
}

/** The edit that makes the comment at `[start, end)` also suppress `code`. */
function mergeIntoComment(text: string, lines: LineIndex, start: number, end: number, code: string): TextEdit {
  const comment = text.slice(start, end);
  // `# padded: allow[...]` first: it is the form this tool documents.
  const padded = /#\s*padded\s*:\s*allow\s*\[([^\]]*)\]/i.exec(comment);
  if (padded) {
    const inner = padded[1];
    const close = start + padded.index + padded[0].length - 1;
    return insertAt(lines, close, inner.trim() === '' ? code : `, ${code}`);
  }
  const noqa = /#\s*noqa\s*:[ \t]*((?:[A-Z]+[0-9]+(?:[ \t]*,[ \t]*|[ \t]+)?)*)/i.exec(comment);
  if (noqa && noqa[1].trim() !== '') {
    const codes = noqa[1].replace(/[\s,]+$/, '');
    return insertAt(lines, start + noqa.index + noqa[0].length - (noqa[1].length - codes.length), `, ${code}`);
  }
  // Any other comment (a bare `# noqa`, `# type: ignore`, prose) keeps its words; ours follows.
  return insertAt(lines, end, `  # noqa: ${code}`);
}

/**
 * The edit adding a suppression of `code` to `line` (0-based), or undefined when the line cannot
 * carry one.
 */
export function suppressOnLineEdit(text: string, tree: Tree, line: number, code: string): TextEdit | undefined {
  const lines = new LineIndex(text);
  if (line < 0 || line >= lines.lineCount) return undefined;
  const lineStart = lines.offsetAt({ line, character: 0 });
  const lineEnd = lines.lineEndOffset(line);
  let last = lineEnd;
  while (last > lineStart && /[ \t\f]/.test(text[last - 1])) last--;
  if (last === lineStart) return undefined;
  if (text[last - 1] === '\\') return undefined;

  const node = tree.rootNode.descendantForIndex(last - 1);
  for (let n = node; n; n = n.parent) {
    if (n.type === 'comment') {
      let end = n.endIndex;
      while (end > n.startIndex && (text.charCodeAt(end - 1) === 13 || text.charCodeAt(end - 1) === 10)) end--;
      return mergeIntoComment(text, lines, n.startIndex, end, code);
    }
    // A string that goes on past this line: a `#` here would be text inside it.
    if (STRING_TYPES.has(n.type) && n.endIndex > lineEnd) return undefined;
  }
  return { range: { start: lines.positionAt(last), end: lines.positionAt(lineEnd) }, newText: `  # noqa: ${code}` };
}
