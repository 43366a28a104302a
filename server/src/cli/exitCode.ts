import type { ScanSummary } from './summary';

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
export function exitCodeFor(summary: ScanSummary, options: ExitOptions = {}): ExitCode {
  if (summary.errors.length > 0 || summary.analysisErrors > 0) return ExitCode.error;
  return summary.findings > 0 && !options.exitZero ? ExitCode.findings : ExitCode.clean;
}
