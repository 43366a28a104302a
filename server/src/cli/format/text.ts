import type { FileReport, ScanReport } from '../report';
import { summarize, type ScanSummary } from '../summary';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `\n`, `\t`, `\x1b`, `\u2028` in place of the character, as git and Ruff quote unusual names.
 * A file name or a string quoted in a message comes from the code under review: raw, a newline
 * would start a line that CI logs and problem matchers read as another finding, and an escape
 * sequence would redraw the terminal. A backslash stays as it is: it separates the folders of
 * an absolute Windows path.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (ch) => {
    const code = ch.charCodeAt(0);
    return NAMED_ESCAPES[ch] ?? (code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16).padStart(2, '0')}`);
  });
}

/**
 * `path:line:col: CODE message`, the shape compilers print and editors' problem matchers parse.
 * Line and column are 1-based; the column counts UTF-16 code units (LSP's unit), so a column
 * after an emoji is one more than the number of characters a person counts. A notebook's
 * findings read `path:cell N:line:col`, the line counted within the cell.
 */
export function textFileLines(file: FileReport): string[] {
  // In a notebook the position is the cell's: `nb.ipynb:cell 3:1:8`, as Ruff and nbQA print it.
  const shownPath = escapeControlCharacters(file.path);
  return file.findings.map(
    (f) => `${shownPath}:${f.cell === undefined ? '' : `cell ${f.cell}:`}${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.code} ${escapeControlCharacters(f.message)}`,
  );
}

/** What follows the findings: unreadable paths, what `--fix` did, and the summary. */
export function textEndLines(summary: ScanSummary): string[] {
  const lines = summary.errors.map((error) => escapeControlCharacters(`${error.path}: error: ${error.message}`));
  if (summary.fixed) lines.push(fixedLine(summary.fixed));
  lines.push(summaryLine(summary));
  return lines;
}

export function formatText(report: ScanReport): string {
  return [...report.files.flatMap(textFileLines), ...textEndLines(summarize(report))].join('\n') + '\n';
}

export function fixedLine(fixed: NonNullable<ScanSummary['fixed']>): string {
  const parts: string[] = [];
  if (fixed.fixes > 0) parts.push(`Fixed ${plural(fixed.fixes, 'finding', 'findings')} in ${plural(fixed.files, 'file', 'files')}.`);
  // Not "No fixes to apply": the file had fixes, and still has them.
  if (fixed.unwritten > 0) parts.push(`Could not write fixes to ${plural(fixed.unwritten, 'file', 'files')}.`);
  return parts.length > 0 ? parts.join(' ') : 'No fixes to apply.';
}

export function summaryLine(summary: ScanSummary): string {
  const { findings: total, filesScanned: scanned, filesWithFindings: withFindings } = summary;
  let line =
    total === 0
      ? `No findings in ${plural(scanned, 'file', 'files')}.`
      : `Found ${plural(total, 'finding', 'findings')} in ${withFindings} of ${plural(scanned, 'file', 'files')}.`;
  // A file whose fixes could not be written was scanned: the fix line counts it instead.
  const unscanned = summary.errors.filter((error) => error.kind !== 'write').length;
  if (unscanned > 0) line += ` ${plural(unscanned, 'path', 'paths')} could not be scanned.`;
  return line;
}

/** `--diff`'s note on stderr: what writing the fixes would do. */
export function wouldFixLine(fixed: NonNullable<ScanSummary['fixed']>): string {
  if (fixed.fixes === 0) return 'No fixes to apply.';
  return `Would fix ${plural(fixed.fixes, 'finding', 'findings')} in ${plural(fixed.files, 'file', 'files')}.`;
}
