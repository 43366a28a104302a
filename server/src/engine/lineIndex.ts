import type { Position } from './types';

/**
 * Maps UTF-16 offsets (what web-tree-sitter reports for string input) to LSP positions.
 * Line breaks are `\n`, `\r\n` and a lone `\r`, as in both Python and LSP; tree-sitter's own
 * rows only know `\n`, so we never use them.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  /** Whether the text holds a `\r` (then `afterEdit` does not shift the lines of another index). */
  private readonly carriageReturns: boolean = false;

  constructor(
    private readonly text: string,
    /** The line starts of `text`, worked out already (`afterEdit`). */
    starts?: number[],
  ) {
    if (starts) {
      this.starts = starts;
      return;
    }
    // Built for every analysis (every keystroke): without `\r`, the native search finds the breaks.
    if (!text.includes('\r')) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    this.carriageReturns = true;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  /**
   * The index of `text`, which is `previous`'s text with `[prefix, oldEnd)` replaced by
   * `[prefix, newEnd)` of `text`. When neither the replaced nor the new text holds a line break
   * (a character typed), and the text holds no `\r`, the lines are `previous`'s with those after the
   * edit shifted: no search of the whole text, no array grown line by line, every keystroke.
   */
  static afterEdit(previous: LineIndex, text: string, prefix: number, oldEnd: number, newEnd: number): LineIndex {
    if (previous.carriageReturns || hasLineBreak(previous.text, prefix, oldEnd) || hasLineBreak(text, prefix, newEnd)) return new LineIndex(text);
    const delta = newEnd - oldEnd;
    // A start after the replaced text moves with it; none is inside it (no line break there).
    return new LineIndex(
      text,
      previous.starts.map((start) => (start > oldEnd ? start + delta : start)),
    );
  }

  /**
   * tree-sitter's point for an offset (documents.ts `pointAt`) by a binary search of the lines,
   * when the text holds no `\r` (then its lines are tree-sitter's rows); undefined otherwise.
   */
  pointAt(offset: number): { row: number; column: number } | undefined {
    if (this.carriageReturns || offset < 0 || offset > this.text.length) return undefined;
    const p = this.positionAt(offset);
    return { row: p.line, column: p.character };
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  /** Offset where the line's content ends (before its line break). */
  lineEndOffset(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    let end = next;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}

function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

/** The first half of a UTF-16 surrogate pair (0xD800–0xDBFF). */
export function isHighSurrogate(code: number): boolean {
  return (code & 0xfc00) === 0xd800;
}

/** The second half of a UTF-16 surrogate pair (0xDC00–0xDFFF). */
export function isLowSurrogate(code: number): boolean {
  return (code & 0xfc00) === 0xdc00;
}
