import { ANALYSIS_ERROR } from '../engine';
import type { FileReport, FixTally, ScanError, ScanReport } from './report';

/** Findings of one code, for `--statistics`. */
export interface CodeCount {
  code: string;
  name: string;
  count: number;
}

/**
 * What the end of a scan needs — the summary line, `--statistics`, the exit code, the closing
 * part of a JSON or SARIF document — kept in place of the findings. A scan prints each file's
 * findings as they arrive and then drops them: the standard library with `--preset audit` has
 * 175,000 findings, and holding them until the end cost hundreds of megabytes.
 */
export interface ScanSummary {
  /** Directory that display paths are relative to. */
  cwd: string;
  /** Files that were read and analysed. */
  filesScanned: number;
  filesWithFindings: number;
  findings: number;
  /** `PC000` findings: files a rule failed on, which are not shown safe (exit code 2). */
  analysisErrors: number;
  /** Findings per code, in the order the codes were first seen. */
  byCode: Map<string, CodeCount>;
  /** Paths that could not be walked, read or analysed; sorted by path once the scan is done. */
  errors: ScanError[];
  /** With `--fix` or `--diff`: fixes applied (or that would be) and the files they change. */
  fixed?: FixTally;
}

export function emptySummary(cwd: string, errors: readonly ScanError[] = []): ScanSummary {
  return { cwd, filesScanned: 0, filesWithFindings: 0, findings: 0, analysisErrors: 0, byCode: new Map(), errors: [...errors] };
}

/** Counts one analysed file into `summary`; the file's findings are not kept. */
export function countFile(summary: ScanSummary, file: FileReport): void {
  summary.filesScanned++;
  if (file.findings.length > 0) summary.filesWithFindings++;
  summary.findings += file.findings.length;
  for (const f of file.findings) {
    if (f.code === ANALYSIS_ERROR.code) summary.analysisErrors++;
    const entry = summary.byCode.get(f.code);
    if (entry) entry.count++;
    else summary.byCode.set(f.code, { code: f.code, name: f.name, count: 1 });
  }
}

/** The summary of a finished report, for callers that hold one (in-process scans, tests). */
export function summarize(report: ScanReport): ScanSummary {
  const summary = emptySummary(report.cwd, report.errors);
  for (const file of report.files) countFile(summary, file);
  if (report.fixed) summary.fixed = { ...report.fixed };
  return summary;
}
