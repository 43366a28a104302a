/**
 * Jupyter notebook files (nbformat 4): the code cells to check, where each cell's source is in
 * the file, and the file with some cells' sources replaced and every other byte as it was.
 * https://nbformat.readthedocs.io/en/latest/format_description.html
 */
import { LineIndex } from '../engine/lineIndex';
import type { Position, Range } from '../engine/types';
import { member, parseJsonWithLocations, stringValueOffsets, type JsonNode } from './jsonLocations';

export interface NotebookCellEntry {
  /** Position in the notebook's `cells` array (markdown cells count), 0-based. */
  index: number;
  cellType: string;
  /** The source as one text (a list of strings is joined). */
  source: string;
  /** The `source` value in the file: a string, or an array of strings. */
  sourceNode: JsonNode;
}

export interface NotebookFile {
  text: string;
  cells: NotebookCellEntry[];
  /** The kernel's language (`metadata.language_info.name`, else `kernelspec.language`), lower case; python when absent. */
  language: string;
  /** Per cell, the language VS Code recorded for it (`metadata.vscode.languageId`), when any. */
  cellLanguages: (string | undefined)[];
}

export type NotebookReadResult = { ok: true; notebook: NotebookFile } | { ok: false; message: string };

const PYTHON_LANGUAGES = new Set(['python', 'python3', 'ipython', 'ipython3']);

function stringOf(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' ? node.value : undefined;
}

export function readNotebook(text: string): NotebookReadResult {
  const parsed = parseJsonWithLocations(text);
  if (!parsed.ok) {
    const at = new LineIndex(text).positionAt(parsed.offset);
    return { ok: false, message: `not a valid notebook: invalid JSON at line ${at.line + 1}, column ${at.character + 1}: ${parsed.message}` };
  }
  const root = parsed.root;
  if (root.type !== 'object') return { ok: false, message: 'not a valid notebook: the JSON is not an object' };
  const nbformat = member(root, 'nbformat');
  if (nbformat?.type === 'number' && nbformat.value < 4) {
    return { ok: false, message: `nbformat ${nbformat.value} notebooks are not supported; convert it with 'jupyter nbconvert --to notebook'` };
  }
  const cellsNode = member(root, 'cells');
  if (cellsNode?.type !== 'array') return { ok: false, message: "not a valid notebook: no 'cells' list" };
  const metadata = member(root, 'metadata');
  const language = (stringOf(member(member(metadata, 'language_info'), 'name')) ?? stringOf(member(member(metadata, 'kernelspec'), 'language')) ?? 'python').toLowerCase();
  const cells: NotebookCellEntry[] = [];
  const cellLanguages: (string | undefined)[] = [];
  for (const [index, cell] of cellsNode.items.entries()) {
    const cellType = stringOf(member(cell, 'cell_type'));
    const sourceNode = member(cell, 'source');
    if (cellType === undefined || !sourceNode) return { ok: false, message: `not a valid notebook: cell ${index + 1} has no 'cell_type' or 'source'` };
    let source: string;
    if (sourceNode.type === 'string') source = sourceNode.value;
    else if (sourceNode.type === 'array' && sourceNode.items.every((item) => item.type === 'string')) source = sourceNode.items.map((item) => (item as { value: string }).value).join('');
    else return { ok: false, message: `not a valid notebook: the source of cell ${index + 1} is neither a string nor a list of strings` };
    cells.push({ index, cellType, source, sourceNode });
    cellLanguages.push(stringOf(member(member(member(cell, 'metadata'), 'vscode'), 'languageId'))?.toLowerCase());
  }
  return { ok: true, notebook: { text, cells, language, cellLanguages } };
}

/** The code cells in Python (a notebook may mix languages; other cells are not this tool's to check). */
export function pythonCodeCells(notebook: NotebookFile): NotebookCellEntry[] {
  return notebook.cells.filter((cell) => cell.cellType === 'code' && PYTHON_LANGUAGES.has(notebook.cellLanguages[cell.index] ?? notebook.language));
}

/**
 * nbformat's multi-line string: one string per line, each ending with its line break (Python's
 * `splitlines(keepends=True)`, as Jupyter writes it), the last without one.
 */
export function sourceLines(source: string): string[] {
  return source.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

/** A new `source` value written the way the old one was: a string stays a string, a list keeps its layout. */
function serializeSource(text: string, node: JsonNode, source: string): string {
  if (node.type !== 'array') return JSON.stringify(source);
  const lines = sourceLines(source).map((line) => JSON.stringify(line));
  if (lines.length === 0) return '[]';
  let open: string;
  let close: string;
  let separator: string;
  if (node.items.length > 0) {
    open = text.slice(node.start + 1, node.items[0].start);
    close = text.slice(node.items[node.items.length - 1].end, node.end - 1);
    separator = node.items.length > 1 ? text.slice(node.items[0].end, node.items[1].start) : /[\r\n]/.test(open) ? `,${open}` : ', ';
  } else {
    // `[]` before: Jupyter's layout (`indent=1`), one step deeper than the line the value is on.
    const lineStart = Math.max(text.lastIndexOf('\n', node.start - 1), text.lastIndexOf('\r', node.start - 1)) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
    const lineBreak = text.includes('\r\n') ? '\r\n' : '\n';
    open = `${lineBreak}${indent} `;
    close = `${lineBreak}${indent}`;
    separator = `,${open}`;
  }
  return `[${open}${lines.join(separator)}${close}]`;
}

/** The notebook's text with the given cells' sources replaced (by `index`); nothing else changes. */
export function replaceCellSources(notebook: NotebookFile, sources: ReadonlyMap<number, string>): string {
  const replacements = notebook.cells
    .filter((cell) => sources.has(cell.index) && sources.get(cell.index) !== cell.source)
    .map((cell) => ({ start: cell.sourceNode.start, end: cell.sourceNode.end, text: serializeSource(notebook.text, cell.sourceNode, sources.get(cell.index)!) }))
    .sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const r of replacements) {
    out += notebook.text.slice(at, r.start) + r.text;
    at = r.end;
  }
  return out + notebook.text.slice(at);
}

/**
 * Maps positions in a cell's source to positions in the notebook file's own text (for SARIF,
 * whose regions are lines of the artifact): through the source's JSON strings, escapes and all.
 */
export class CellFileLocator {
  private readonly fileLines: LineIndex;
  private readonly cellLines = new Map<number, { lines: LineIndex; offsets: number[] }>();

  constructor(private readonly notebook: NotebookFile) {
    this.fileLines = new LineIndex(notebook.text);
  }

  toFile(cellIndex: number, position: Position): Position | undefined {
    const cell = this.notebook.cells[cellIndex];
    if (!cell) return undefined;
    let entry = this.cellLines.get(cellIndex);
    if (!entry) {
      const strings = cell.sourceNode.type === 'string' ? [cell.sourceNode] : cell.sourceNode.type === 'array' ? cell.sourceNode.items : [];
      const offsets: number[] = [];
      for (const s of strings) {
        if (s.type !== 'string') continue;
        const own = stringValueOffsets(this.notebook.text, s);
        // The closing quote's entry only for the last string: elsewhere the next string goes on.
        offsets.push(...own.slice(0, -1));
        if (s === strings[strings.length - 1]) offsets.push(own[own.length - 1]);
      }
      if (offsets.length === 0) offsets.push(cell.sourceNode.start);
      entry = { lines: new LineIndex(cell.source), offsets };
      this.cellLines.set(cellIndex, entry);
    }
    const offset = entry.lines.offsetAt(position);
    return this.fileLines.positionAt(entry.offsets[Math.min(offset, entry.offsets.length - 1)]);
  }

  toFileRange(cellIndex: number, range: Range): Range | undefined {
    const start = this.toFile(cellIndex, range.start);
    const end = this.toFile(cellIndex, range.end);
    return start && end ? { start, end } : undefined;
  }
}
