import type { Finding, Range } from '../engine/types';

/**
 * What a scan produced, in the order every output format prints it: files sorted by display
 * path, findings within a file by position. Formatters read this and nothing else.
 */
export interface ScanReport {
  /** Directory that display paths are relative to. */
  cwd: string;
  /** Files that were read and analysed. */
  files: FileReport[];
  /** Paths that could not be walked, read or analysed; each also makes the exit code 2. */
  errors: ScanError[];
  /** With `--fix` or `--diff`: fixes applied (or that would be) and the files they change. */
  fixed?: FixTally;
}

/** What `--fix` did over a scan, or `--diff` would do. */
export interface FixTally {
  fixes: number;
  /** Files the fixes were written to. */
  files: number;
  /** Files with fixes that could not be written back: scanned, but left as they were. */
  unwritten: number;
}

export interface FileReport {
  /** Relative to `cwd` with forward slashes, or absolute when the file lies outside `cwd`. */
  path: string;
  findings: ReportedFinding[];
}

/** A finding as reported. In a notebook its range is in its cell's coordinates, and `cell` says which cell. */
export interface ReportedFinding extends Finding {
  /** Notebooks: the cell's 1-based position in the notebook's `cells` list (markdown cells count). */
  cell?: number;
  /** Notebooks: the same span in the `.ipynb` file's own text (the JSON string the line is written in). */
  fileRange?: Range;
}

export interface ScanError {
  /** Display path, as for `FileReport.path`. */
  path: string;
  /** One line, without the path. */
  message: string;
  /**
   * `write`: the file was scanned and reported, but `--fix` could not write it back. Absent:
   * the path could not be walked, read or analysed.
   */
  kind?: 'write';
}

export function findingCount(report: ScanReport): number {
  let n = 0;
  for (const file of report.files) n += file.findings.length;
  return n;
}

/** Code-unit order, not locale order: the same on every machine. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
