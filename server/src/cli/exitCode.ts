import { ANALYSIS_ERROR } from '../engine';
import type { ScanReport } from './report';

/** The CLI's exit codes; CI systems branch on these, so they never change meaning. */
export const ExitCode = {
  /** Every file was analysed and nothing was found. */
  clean: 0,
  /** At least one finding. */
  findings: 1,
  /** Usage, policy or I/O error, or a file that could not be fully analysed. */
  error: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface ExitOptions {
  /** `--exit-zero`: findings alone do not fail the run; errors still do. */
  exitZero?: boolean;
}

/**
 * Errors win over findings: a run that could not read or fully analyse a file has not shown
 * that file safe, so it must not look like an ordinary "findings" or "clean" result.
 */
export function exitCodeFor(report: ScanReport, options: ExitOptions = {}): ExitCode {
  if (report.errors.length > 0) return ExitCode.error;
  let findings = false;
  for (const file of report.files) {
    for (const finding of file.findings) {
      if (finding.code === ANALYSIS_ERROR.code) return ExitCode.error;
      findings = true;
    }
  }
  return findings && !options.exitZero ? ExitCode.findings : ExitCode.clean;
}
