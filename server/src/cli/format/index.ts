import { RULES } from '../../rules';
import type { ScanReport } from '../report';
import { formatJson } from './json';
import { formatSarif } from './sarif';
import { formatText } from './text';

/** Output formats by `--format` name; the first is the default. */
export const FORMATS = {
  text: (report: ScanReport) => formatText(report),
  json: (report: ScanReport) => formatJson(report),
  sarif: (report: ScanReport) => formatSarif(report, RULES),
} as const;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];
