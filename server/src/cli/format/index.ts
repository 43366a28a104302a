import { RULES } from '../../rules';
import type { FileReport, ScanReport } from '../report';
import { githubErrorLine, githubFileLines } from './github';
import { formatJson } from './json';
import { formatSarif } from './sarif';
import { statisticsLines, countByCode } from './statistics';
import { summaryLine, textEndLines, textFileLines } from './text';

/**
 * A format as a writer: `file` is called for each file as soon as its result is in (in
 * display-path order), so line formats print while the scan runs; `end` once, with the whole
 * report. Each returns the text to print now.
 */
export interface ReportWriter {
  file(file: FileReport): string;
  end(report: ScanReport): string;
}

const lines = (list: string[]): string => (list.length === 0 ? '' : list.join('\n') + '\n');

/** A format that needs the whole report (one JSON document) prints only at the end. */
const whole = (render: (report: ScanReport) => string): ReportWriter => ({ file: () => '', end: render });

/** Output formats by `--format` name; the first is the default. */
export const FORMATS = {
  text: (): ReportWriter => ({ file: (file) => lines(textFileLines(file)), end: (report) => lines(textEndLines(report)) }),
  json: () => whole(formatJson),
  sarif: () => whole((report) => formatSarif(report, RULES)),
  github: (): ReportWriter => ({
    file: (file) => lines(githubFileLines(file)),
    // The summary is a plain log line: GitHub shows it in the job's log, not as an annotation.
    end: (report) => lines([...report.errors.map(githubErrorLine), summaryLine(report)]),
  }),
} as const;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

/** `--statistics`: counts per code in place of the findings, then what the text format ends with. */
export function statisticsWriter(): ReportWriter {
  return { file: () => '', end: (report) => lines([...statisticsLines(countByCode(report.files)), ...textEndLines(report)]) };
}

/** The whole output of a writer for a finished report. */
export function formatReport(writer: ReportWriter, report: ScanReport): string {
  return report.files.map((file) => writer.file(file)).join('') + writer.end(report);
}
