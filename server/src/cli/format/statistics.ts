import type { FileReport } from '../report';

export interface CodeCount {
  code: string;
  name: string;
  count: number;
}

/** Findings per code, most frequent first, then by code: the same order on every run. */
export function countByCode(files: Iterable<FileReport>): CodeCount[] {
  const counts = new Map<string, CodeCount>();
  for (const file of files) {
    for (const f of file.findings) {
      const entry = counts.get(f.code);
      if (entry) entry.count++;
      else counts.set(f.code, { code: f.code, name: f.name, count: 1 });
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** One line per code, the counts right-aligned: `  12  PC301  dynamic-code`. */
export function statisticsLines(counts: readonly CodeCount[]): string[] {
  const width = Math.max(0, ...counts.map((c) => String(c.count).length));
  return counts.map((c) => `${String(c.count).padStart(width)}  ${c.code}  ${c.name}`);
}
