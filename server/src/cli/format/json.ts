import type { Position, Range } from '../../engine/types';
import type { ScanReport } from '../report';
import { TOOL } from '../tool';

/**
 * The JSON schema, version 1 (documented in README.md, "JSON output"). Fields may be added
 * within a version; renaming, removing or changing the meaning of one bumps `version`.
 */
export interface JsonReport {
  version: 1;
  tool: { name: string; version: string };
  filesScanned: number;
  findings: JsonFinding[];
  errors: { path: string; message: string }[];
}

export interface JsonFinding {
  path: string;
  code: string;
  name: string;
  severity: string;
  message: string;
  /** 1-based line and column; the column counts UTF-16 code units. */
  start: { line: number; column: number };
  /** Exclusive: the position just after the last flagged character. */
  end: { line: number; column: number };
  /** The same span as an LSP range (0-based), for tools that speak LSP. */
  range: Range;
  /**
   * Notebooks only: the cell's 1-based position in the notebook's `cells` list (markdown cells
   * count); `start`, `end` and `range` are then within that cell's source.
   */
  cell?: number;
}

const oneBased = (p: Position) => ({ line: p.line + 1, column: p.character + 1 });

export function toJsonReport(report: ScanReport): JsonReport {
  return {
    version: 1,
    tool: { name: TOOL.name, version: TOOL.version },
    filesScanned: report.files.length,
    findings: report.files.flatMap((file) =>
      file.findings.map((f) => ({
        path: file.path,
        code: f.code,
        name: f.name,
        severity: f.severity,
        message: f.message,
        start: oneBased(f.range.start),
        end: oneBased(f.range.end),
        range: { start: { ...f.range.start }, end: { ...f.range.end } },
        ...(f.cell === undefined ? {} : { cell: f.cell }),
      })),
    ),
    errors: report.errors.map((e) => ({ path: e.path, message: e.message })),
  };
}

export function formatJson(report: ScanReport): string {
  return JSON.stringify(toJsonReport(report), null, 2) + '\n';
}
