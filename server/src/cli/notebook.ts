/**
 * `padded-cell scan` on a Jupyter notebook: the Python code cells are checked as one module
 * (notebook/), each finding reported in its cell's coordinates with the cell's number, and, for
 * SARIF, where that line is written in the `.ipynb` file. `--fix` writes back only the `source`
 * lists of the cells that changed; every other byte of the file stays as it was.
 */
import * as fs from 'node:fs';
import type { Finding } from '../engine';
import { analyzeNotebook, type NotebookAnalysis } from '../notebook/analyze';
import { fixNotebook } from '../notebook/fix';
import { CellFileLocator, pythonCodeCells, readNotebook, replaceCellSources, type NotebookCellEntry, type NotebookFile } from '../notebook/ipynb';
import type { PythonParser } from '../parser';
import type { Policy } from '../policy/types';
import { fileTooLargeFinding } from '../rules/meta/PC003-file-too-large';
import type { FixMode } from './args';
import { MAX_NOTEBOOK_FILE_BYTES } from './notebookFile';
import { describeFsError } from './paths';
import { decodePythonSource, hasUtf8Bom, isValidUtf8, readPythonBytes } from './readSource';
import type { ReportedFinding } from './report';
import type { FileResult } from './scan';
import { unifiedDiff } from './unifiedDiff';
import type { SourceFile } from './walk';

export { isNotebookPath, MAX_NOTEBOOK_FILE_BYTES } from './notebookFile';

/** Module findings in their cells' coordinates, with the cell's number and the span in the file. */
function reportFindings(analysis: NotebookAnalysis, cells: readonly NotebookCellEntry[], locator: CellFileLocator): ReportedFinding[] {
  return analysis.findings.map((finding: Finding): ReportedFinding => {
    const { cell, range } = analysis.module.toCellRange(finding.range);
    const entry = cells[cell];
    // Fixes and related ranges are in module coordinates, which mean nothing outside this module.
    const { fixes: _fixes, related: _related, ...plain } = finding;
    const reported: ReportedFinding = { ...plain, range, cell: entry.index + 1 };
    const fileRange = locator.toFileRange(entry.index, range);
    if (fileRange) reported.fileRange = fileRange;
    return reported;
  });
}

export function processNotebook(parser: PythonParser, file: SourceFile, policy: Policy, fix: FixMode | undefined): FileResult {
  const read = readPythonBytes(file.absolutePath, MAX_NOTEBOOK_FILE_BYTES);
  if (!read.ok) return { error: { path: file.path, message: read.message } };
  if (read.tooLarge) return { report: { path: file.path, findings: [fileTooLargeFinding(read.bytes, policy)] } };
  const parsed = readNotebook(decodePythonSource(read.data));
  // A file that does not read as a notebook is not a clean notebook: it is an error of the run.
  if (!parsed.ok) return { error: { path: file.path, message: parsed.message } };
  const notebook = parsed.notebook;
  const cells = pythonCodeCells(notebook);
  const sources = cells.map((c) => c.source);
  const locator = new CellFileLocator(notebook);
  const analyzeOptions = { filePath: file.absolutePath };
  try {
    if (!fix) return { report: { path: file.path, findings: reportFindings(analyzeNotebook(parser, sources, policy, analyzeOptions), cells, locator) } };
    return fixNotebookFile(parser, file, read.data, notebook, cells, policy, fix, locator);
  } catch (error) {
    return { error: { path: file.path, message: `analysis failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` } };
  }
}

function fixNotebookFile(
  parser: PythonParser,
  file: SourceFile,
  data: Uint8Array,
  notebook: NotebookFile,
  cells: readonly NotebookCellEntry[],
  policy: Policy,
  mode: FixMode,
  locator: CellFileLocator,
): FileResult {
  const sources = cells.map((c) => c.source);
  const result = fixNotebook(parser, sources, policy, { filePath: file.absolutePath, unsafe: mode.unsafe });
  const initialFindings = reportFindings(result.initial, cells, locator);
  if (!isValidUtf8(data)) {
    const problem = result.applied > 0 ? 'not fixed: the file is not valid UTF-8, and writing it would replace the invalid bytes' : undefined;
    return { report: { path: file.path, findings: initialFindings }, fix: { applied: 0, ...(problem ? { problem } : {}), ...(mode.diff ? { diff: '' } : {}) } };
  }
  const changed = new Map<number, string>();
  result.sources.forEach((source, i) => {
    if (source !== sources[i]) changed.set(cells[i].index, source);
  });
  const text = replaceCellSources(notebook, changed);
  const fix: NonNullable<FileResult['fix']> = { applied: result.applied };
  if (result.problem) fix.problem = result.problem;
  if (mode.diff) {
    fix.diff = unifiedDiff(file.path, notebook.text, text);
    return { report: { path: file.path, findings: initialFindings }, fix };
  }
  if (text !== notebook.text) {
    try {
      fs.writeFileSync(file.absolutePath, (hasUtf8Bom(data) ? '\uFEFF' : '') + text);
    } catch (error) {
      return {
        report: { path: file.path, findings: initialFindings },
        error: { path: file.path, message: `cannot write fixes: ${describeFsError(error)}`, kind: 'write' },
        fix: { applied: 0 },
      };
    }
  }
  // The report is of the notebook as written: its cells' positions come from the new text.
  const written = readNotebook(text);
  if (!written.ok) return { report: { path: file.path, findings: initialFindings }, fix };
  return { report: { path: file.path, findings: reportFindings(result.final, pythonCodeCells(written.notebook), new CellFileLocator(written.notebook)) }, fix };
}
