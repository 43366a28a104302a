import type { Position, Range } from '../../engine/types';
import type { FileReport, ReportedFinding, ScanError, ScanReport } from '../report';
import { emptySummary, type ScanSummary } from '../summary';
import { TOOL } from '../tool';
import { StreamedJsonDocument } from './streamedJson';
import type { ReportWriter } from './writer';

/**
 * The JSON schema, version 1 (documented in README.md, "JSON output"). Fields may be added
 * within a version; renaming, removing or changing the meaning of one bumps `version`.
 * The keys are printed in this order: `filesScanned` follows `findings` because it is known
 * only when the findings, which are printed as the scan runs, are all out.
 */
export interface JsonReport {
  version: 1;
  tool: { name: string; version: string };
  findings: JsonFinding[];
  filesScanned: number;
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

function jsonFinding(path: string, f: ReportedFinding): JsonFinding {
  return {
    path,
    code: f.code,
    name: f.name,
    severity: f.severity,
    message: f.message,
    start: oneBased(f.range.start),
    end: oneBased(f.range.end),
    range: { start: { ...f.range.start }, end: { ...f.range.end } },
    ...(f.cell === undefined ? {} : { cell: f.cell }),
  };
}

/** The document around its findings: the one place that decides the keys and their order. */
function jsonDocument<F>(findings: F[], end: { filesScanned: number; errors: readonly ScanError[] }) {
  return {
    version: 1 as const,
    tool: { name: TOOL.name, version: TOOL.version },
    findings,
    filesScanned: end.filesScanned,
    errors: end.errors.map((e) => ({ path: e.path, message: e.message })),
  };
}

export function toJsonReport(report: ScanReport): JsonReport {
  const findings = report.files.flatMap((file) => file.findings.map((f) => jsonFinding(file.path, f)));
  return jsonDocument(findings, { filesScanned: report.files.length, errors: report.errors });
}

/** The whole report at once, for callers that hold one; the CLI streams with `jsonWriter`. */
export function formatJson(report: ScanReport): string {
  return JSON.stringify(toJsonReport(report), null, 2) + '\n';
}

/** `formatJson`'s text, printed a file at a time. */
export function jsonWriter(): ReportWriter {
  const document = new StreamedJsonDocument((findings: unknown[], end: ScanSummary) => jsonDocument(findings, end));
  return {
    start: (cwd) => document.start(emptySummary(cwd)),
    file: (file: FileReport) => file.findings.map((f) => document.item(jsonFinding(file.path, f))).join(''),
    end: (summary) => document.end(summary),
  };
}
