import type { FileReport } from '../report';
import { countFile, emptySummary, type CodeCount, type ScanSummary } from '../summary';

export type { CodeCount } from '../summary';

/** Findings per code, most frequent first, then by code: the same order on every run. */
export function sortedCodeCounts(summary: ScanSummary): CodeCount[] {
  return [...summary.byCode.values()].sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** `sortedCodeCounts` of files held in memory. */
export function countByCode(files: Iterable<FileReport>): CodeCount[] {
  const summary = emptySummary('');
  for (const file of files) countFile(summary, file);
  return sortedCodeCounts(summary);
}

/** One line per code, the counts right-aligned: `  12  PC301  dynamic-code`. */
export function statisticsLines(counts: readonly CodeCount[]): string[] {
  const width = Math.max(0, ...counts.map((c) => String(c.count).length));
  return counts.map((c) => `${String(c.count).padStart(width)}  ${c.code}  ${c.name}`);
}
