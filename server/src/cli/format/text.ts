import { findingCount, type ScanReport } from '../report';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * `path:line:col: CODE message`, the shape compilers print and editors' problem matchers parse.
 * Line and column are 1-based; the column counts UTF-16 code units (LSP's unit), so a column
 * after an emoji is one more than the number of characters a person counts.
 */
export function formatText(report: ScanReport): string {
  const lines: string[] = [];
  for (const file of report.files) {
    for (const f of file.findings) {
      lines.push(`${file.path}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.code} ${f.message}`);
    }
  }
  for (const error of report.errors) lines.push(`${error.path}: error: ${error.message}`);
  lines.push(summaryLine(report));
  return lines.join('\n') + '\n';
}

export function summaryLine(report: ScanReport): string {
  const total = findingCount(report);
  const scanned = report.files.length;
  const withFindings = report.files.filter((f) => f.findings.length > 0).length;
  let summary =
    total === 0
      ? `No findings in ${plural(scanned, 'file', 'files')}.`
      : `Found ${plural(total, 'finding', 'findings')} in ${withFindings} of ${plural(scanned, 'file', 'files')}.`;
  if (report.errors.length > 0) summary += ` ${plural(report.errors.length, 'path', 'paths')} could not be scanned.`;
  return summary;
}
