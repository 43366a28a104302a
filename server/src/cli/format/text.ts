import type { FileReport, ScanReport } from '../report';
import { summarize, type ScanSummary } from '../summary';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * `path:line:col: CODE message`, the shape compilers print and editors' problem matchers parse.
 * Line and column are 1-based; the column counts UTF-16 code units (LSP's unit), so a column
 * after an emoji is one more than the number of characters a person counts. A notebook's
 * findings read `path:cell N:line:col`, the line counted within the cell.
 */
export function textFileLines(file: FileReport): string[] {
  // In a notebook the position is the cell's: `nb.ipynb:cell 3:1:8`, as Ruff and nbQA print it.
  return file.findings.map((f) => `${file.path}:${f.cell === undefined ? '' : `cell ${f.cell}:`}${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.code} ${f.message}`);
}

/** What follows the findings: unreadable paths, what `--fix` did, and the summary. */
export function textEndLines(summary: ScanSummary): string[] {
  const lines = summary.errors.map((error) => `${error.path}: error: ${error.message}`);
  if (summary.fixed) lines.push(fixedLine(summary.fixed));
  lines.push(summaryLine(summary));
  return lines;
}

export function formatText(report: ScanReport): string {
  return [...report.files.flatMap(textFileLines), ...textEndLines(summarize(report))].join('\n') + '\n';
}

export function fixedLine(fixed: NonNullable<ScanSummary['fixed']>): string {
  if (fixed.fixes === 0) return 'No fixes to apply.';
  return `Fixed ${plural(fixed.fixes, 'finding', 'findings')} in ${plural(fixed.files, 'file', 'files')}.`;
}

export function summaryLine(summary: ScanSummary): string {
  const { findings: total, filesScanned: scanned, filesWithFindings: withFindings } = summary;
  let line =
    total === 0
      ? `No findings in ${plural(scanned, 'file', 'files')}.`
      : `Found ${plural(total, 'finding', 'findings')} in ${withFindings} of ${plural(scanned, 'file', 'files')}.`;
  if (summary.errors.length > 0) line += ` ${plural(summary.errors.length, 'path', 'paths')} could not be scanned.`;
  return line;
}

/** `--diff`'s note on stderr: what writing the fixes would do. */
export function wouldFixLine(fixed: NonNullable<ScanSummary['fixed']>): string {
  if (fixed.fixes === 0) return 'No fixes to apply.';
  return `Would fix ${plural(fixed.fixes, 'finding', 'findings')} in ${plural(fixed.files, 'file', 'files')}.`;
}
