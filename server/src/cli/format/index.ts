import { RULES } from '../../rules';
import type { ScanReport } from '../report';
import { summarize } from '../summary';
import { githubErrorLine, githubFileLines } from './github';
import { jsonWriter } from './json';
import { sarifWriter } from './sarif';
import { sortedCodeCounts, statisticsLines } from './statistics';
import { summaryLine, textEndLines, textFileLines } from './text';
import type { ReportWriter } from './writer';

export type { ReportWriter } from './writer';

const lines = (list: string[]): string => (list.length === 0 ? '' : list.join('\n') + '\n');

/** Output formats by `--format` name; the first is the default. Each call makes a fresh writer. */
export const FORMATS = {
  text: (): ReportWriter => ({ start: () => '', file: (file) => lines(textFileLines(file)), end: (summary) => lines(textEndLines(summary)) }),
  json: (): ReportWriter => jsonWriter(),
  sarif: (): ReportWriter => sarifWriter(RULES),
  github: (): ReportWriter => ({
    start: () => '',
    file: (file) => lines(githubFileLines(file)),
    // The summary is a plain log line: GitHub shows it in the job's log, not as an annotation.
    end: (summary) => lines([...summary.errors.map(githubErrorLine), summaryLine(summary)]),
  }),
} as const;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

/** `--statistics`: counts per code in place of the findings, then what the text format ends with. */
export function statisticsWriter(): ReportWriter {
  return { start: () => '', file: () => '', end: (summary) => lines([...statisticsLines(sortedCodeCounts(summary)), ...textEndLines(summary)]) };
}

/** The whole output of a writer for a finished report. */
export function formatReport(writer: ReportWriter, report: ScanReport): string {
  return writer.start(report.cwd) + report.files.map((file) => writer.file(file)).join('') + writer.end(summarize(report));
}
