/**
 * A notebook's code cells as the one Python module the kernel builds from them: run in order,
 * sharing one namespace, so `import os` in the first cell makes `os.system` in the third a
 * module member. The cells are joined with a line break each, and positions map both ways by
 * line: a cell's line `l` is the module's line `startLine + l`, columns unchanged (UTF-16).
 *
 * Two things are kept out of the module the parser sees, each replaced by blanks of the same
 * shape so the mapping holds:
 * - IPython's escapes (`!cmd`, `%magic`, `%%bash` cells), see ipython.ts;
 * - cells that do not parse on their own. Jupyter compiles each cell separately, so a cell left
 *   with an open bracket or string fails alone and never runs; joined to the next cells it would
 *   swallow them, and the code it swallowed (which does run) would go unchecked. Such a cell is
 *   analysed on its own instead.
 */
import type { Position, Range } from '../engine/types';
import type { PythonParser } from '../parser';
import { blankIPythonEscapes, type IPythonEscape } from './ipython';

export interface ModuleCell {
  /** The cell as the editor holds it (line breaks as they are). */
  readonly source: string;
  /** The same with line breaks normalised to `\n` (lines and columns unchanged). */
  readonly text: string;
  /** Line breaks normalised to `\n`, escapes blanked: what the parser sees of this cell. */
  readonly python: string;
  readonly escapes: readonly IPythonEscape[];
  /** A cell magic's body in another language (`%%bash`): no line of it is Python. */
  readonly foreign: boolean;
  /** Does not parse on its own: analysed alone, blank in the module. */
  readonly broken: boolean;
  /** The module line of the cell's first line. */
  readonly startLine: number;
  readonly lineCount: number;
  /** UTF-16 length of the cell's last line, where a range that runs past the cell is cut. */
  readonly lastLineLength: number;
}

export interface CellRange {
  /** Index into the cells given to `NotebookModule.build`. */
  cell: number;
  range: Range;
}

/** Lines of a text: a line break is `\r\n`, `\n` or a lone `\r`, as in LSP and Python. */
function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function blankShape(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

export class NotebookModule {
  /** What the parser sees: every cell's `python`, broken cells blanked, joined by `\n`. */
  readonly text: string;

  private constructor(readonly cells: readonly ModuleCell[]) {
    this.text = cells.map((c) => (c.broken ? blankShape(c.python) : c.python)).join('\n');
  }

  /** `parser` tells which cells parse on their own (each is parsed once, alone). */
  static build(sources: readonly string[], parser: PythonParser): NotebookModule {
    const cells: ModuleCell[] = [];
    let startLine = 0;
    for (const source of sources) {
      const lines = linesOf(source);
      const text = lines.join('\n');
      const python = blankIPythonEscapes(text);
      cells.push({
        source,
        text,
        python: python.text,
        escapes: python.escapes,
        foreign: python.foreign,
        broken: hasSyntaxError(parser, python.text),
        startLine,
        lineCount: lines.length,
        lastLineLength: lines[lines.length - 1].length,
      });
      startLine += lines.length;
    }
    return new NotebookModule(cells);
  }

  /** The cell holding a module line (the last cell for a line past the end). */
  cellAtLine(line: number): number {
    let lo = 0;
    let hi = this.cells.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.cells[mid].startLine <= line) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  toModule(cell: number, position: Position): Position {
    return { line: this.cells[cell].startLine + position.line, character: position.character };
  }

  toModuleRange(cell: number, range: Range): Range {
    return { start: this.toModule(cell, range.start), end: this.toModule(cell, range.end) };
  }

  /**
   * A module range in its cell's coordinates. A range that runs past its cell (only a finding
   * over a whole broken construct could) is cut at the end of the cell's text.
   */
  toCellRange(range: Range): CellRange {
    const cell = this.cellAtLine(range.start.line);
    const { startLine, lineCount, lastLineLength } = this.cells[cell];
    const start = { line: range.start.line - startLine, character: range.start.character };
    const endLine = range.end.line - startLine;
    const end = endLine >= lineCount ? { line: lineCount - 1, character: lastLineLength } : { line: endLine, character: range.end.character };
    return { cell, range: { start, end } };
  }

  /** Whether a module range lies within one cell. */
  isWithinOneCell(range: Range): boolean {
    const cell = this.cellAtLine(range.start.line);
    return this.cellAtLine(range.end.line) === cell && range.end.line - this.cells[cell].startLine < this.cells[cell].lineCount;
  }

  /** Whether a module line is IPython syntax (blanked for the parser): no edit may land there. */
  isEscapeLine(line: number): boolean {
    const cell = this.cells[this.cellAtLine(line)];
    const inCell = line - cell.startLine;
    return cell.foreign || cell.escapes.some((e) => e.line === inCell);
  }
}

function hasSyntaxError(parser: PythonParser, text: string): boolean {
  if (text.trim() === '') return false;
  const tree = parser.parse(text);
  try {
    return tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}
