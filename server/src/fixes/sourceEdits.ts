/**
 * Text edits over a parsed Python file, shared by the rules (which attach them to findings as
 * fixes), the language server (code actions) and the CLI (`--fix`). Every builder works on the
 * tree, never on a regex over the text, so a string or comment that looks like code is never
 * rewritten.
 */
import type { Node } from '../parser';
import { LineIndex } from '../engine/lineIndex';
import type { Range, TextEdit } from '../engine/types';

/** What a fix builder needs to know about the file: the text, its tree and its line table. */
export interface FixSource {
  readonly source: string;
  readonly root: Node;
  readonly lines: LineIndex;
}

/** The file's own line break (the first one it uses), so an inserted line matches its neighbours. */
export function lineBreakOf(source: string): string {
  return /\r\n|\r|\n/.exec(source)?.[0] ?? '\n';
}

export function rangeOfOffsets(src: FixSource, start: number, end: number): Range {
  return { start: src.lines.positionAt(start), end: src.lines.positionAt(end) };
}

export function editOffsets(src: FixSource, start: number, end: number, newText: string): TextEdit {
  return { range: rangeOfOffsets(src, start, end), newText };
}

/**
 * A node's end without the `\r` of a CRLF that tree-sitter counts into some tokens at a line
 * end: an edit must never eat half a line break.
 */
export function endOffsetOf(src: FixSource, node: Node): number {
  let end = node.endIndex;
  while (end > node.startIndex && (src.source.charCodeAt(end - 1) === 13 || src.source.charCodeAt(end - 1) === 10)) end--;
  return end;
}

export function replaceNode(src: FixSource, node: Node, newText: string): TextEdit {
  return editOffsets(src, node.startIndex, endOffsetOf(src, node), newText);
}

/** Offset where the line holding `offset` starts. */
export function lineStartOffset(src: FixSource, offset: number): number {
  const { line } = src.lines.positionAt(offset);
  return src.lines.offsetAt({ line, character: 0 });
}

/** Offset where the line after the one holding `offset` starts, or the text's end on the last line. */
export function nextLineStartOffset(src: FixSource, offset: number): number {
  const { line } = src.lines.positionAt(offset);
  if (line + 1 >= src.lines.lineCount) return src.source.length;
  return src.lines.offsetAt({ line: line + 1, character: 0 });
}

/** Named children that are code: comments sit among statements in tree-sitter's tree. */
export function statementsOf(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

/**
 * Applies edits to a text (non-overlapping, in any order), as an editor applies one
 * `TextDocumentEdit`. Shared with the CLI's `--fix` and used by tests.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[], lines?: LineIndex): string {
  const index = lines ?? new LineIndex(text);
  const spans = edits
    .map((e, order) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText, order }))
    // Stable for inserts at one offset: the edit listed first lands first, as LSP specifies.
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) throw new Error('overlapping edits');
    out += text.slice(at, span.start) + span.text;
    at = span.end;
  }
  return out + text.slice(at);
}
