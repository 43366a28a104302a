/**
 * Checks a Jupyter notebook that is not open (the workspace scan, watched files, pull
 * diagnostics): its Python code cells as one module, as the CLI and open notebooks are checked
 * (notebook/). An open notebook's diagnostics go on its cells; a closed one has no cells in the
 * editor, only the `.ipynb` file, so its diagnostics go on the file, at the place in the file's
 * own text (the JSON) where the finding's source line is written — the mapping the CLI's SARIF
 * and GitHub annotations use (`CellFileLocator`), so a click on one lands on that line of the
 * cell's `source` in the file. A file that is not a notebook (invalid JSON, no cells) is
 * reported at its top, not skipped: a notebook the checker could not read is not a clean one.
 */
import type { AnalyzeOptions, Finding, Range } from '../engine';
import { MAX_NOTEBOOK_FILE_BYTES } from '../cli/notebookFile';
import type { ReadResult } from '../cli/readSource';
import { analyzeNotebook } from '../notebook/analyze';
import { CellFileLocator, pythonCodeCells, readNotebook } from '../notebook/ipynb';
import type { PythonParser } from '../parser';
import type { Policy } from '../policy/types';
import { fileTooLargeFinding } from '../rules/meta/PC003-file-too-large';
import { analysisFailed, unreadableFile, type DiskAnalysis } from './diskAnalysis';

const TOP: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function analyzeNotebookOnDisk(
  parser: PythonParser,
  file: string,
  policy: Policy,
  read: (file: string, maxBytes: number) => ReadResult,
  options: Pick<AnalyzeOptions, 'onRuleError'> = {},
): DiskAnalysis {
  // The CLI's cap for the file (outputs make notebooks large); the policy's limit is for source.
  const source = read(file, MAX_NOTEBOOK_FILE_BYTES);
  if (!source.ok) return unreadableFile(source.message);
  if (source.tooLarge) return { ok: true, findings: [fileTooLargeFinding(source.bytes, policy)] };
  const parsed = readNotebook(source.text);
  if (!parsed.ok) return unreadableFile(parsed.message);
  const cells = pythonCodeCells(parsed.notebook);
  let analysis;
  try {
    analysis = analyzeNotebook(
      parser,
      cells.map((c) => c.source),
      policy,
      { ...options, filePath: file },
    );
  } catch (error) {
    return analysisFailed(error);
  }
  const locator = new CellFileLocator(parsed.notebook);
  const { module } = analysis;
  const inFile = (range: Range): Range => {
    const at = module.toCellRange(range);
    return locator.toFileRange(cells[at.cell].index, at.range) ?? TOP;
  };
  const findings = analysis.findings.map((finding): Finding => {
    // Fixes are edits of the module: nothing a closed file can take (open the notebook to fix).
    const { fixes: _fixes, related, ...plain } = finding;
    const mapped: Finding = { ...plain, range: inFile(finding.range) };
    if (related?.length) mapped.related = related.map((r) => ({ ...r, range: inFile(r.range) }));
    return mapped;
  });
  return { ok: true, findings };
}
