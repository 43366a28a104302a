import type { FileReport } from '../report';
import type { ScanSummary } from '../summary';

/**
 * A format as a writer, called in the order output is printed: `start` once before any file,
 * `file` for each file as soon as its result is in (in display-path order), `end` once with
 * what the scan counted. Each returns the text to print now, so every format streams — a
 * document format (JSON, SARIF) included — and no format needs the findings of the files
 * already printed.
 */
export interface ReportWriter {
  start(cwd: string): string;
  file(file: FileReport): string;
  end(summary: ScanSummary): string;
}
