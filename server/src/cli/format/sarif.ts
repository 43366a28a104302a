import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import type { Range, Severity } from '../../engine/types';
import { ANALYSIS_ERROR } from '../../engine';
import type { Rule } from '../../rules/types';
import type * as Sarif from 'sarif';
import type { FileReport, ScanError, ScanReport } from '../report';
import type { ScanSummary } from '../summary';
import { ruleHelpMarkdown, ruleHelpText } from '../ruleHelp';
import { ruleHelpUri, TOOL } from '../tool';
import { StreamedJsonDocument } from './streamedJson';
import type { ReportWriter } from './writer';

/**
 * SARIF 2.1.0 (OASIS), the format GitHub code scanning and most review tools ingest.
 * Every registered rule is in `tool.driver.rules` even when it found nothing, so a viewer can
 * show what was checked, and results point into that table by `ruleIndex`.
 */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const SRCROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** The engine's own finding for a rule that crashed: not a rule, but results can name it. */
const ANALYSIS_ERROR_DESCRIPTOR: Sarif.ReportingDescriptor = {
  id: ANALYSIS_ERROR.code,
  name: ANALYSIS_ERROR.name,
  shortDescription: { text: 'A rule failed on this file, so the file is not fully checked' },
  fullDescription: { text: 'Reported when a rule throws while analysing a file. The other rules still ran; the file must be treated as unchecked until the failure is fixed.' },
  help: {
    text: 'The checker failed on this file. Treat the file as unchecked and report the failure with the file attached.',
    markdown: 'The checker failed on this file. Treat the file as **unchecked** and report the failure with the file attached.',
  },
  defaultConfiguration: { level: 'error' },
};

function ruleDescriptor(rule: Rule): Sarif.ReportingDescriptor {
  const { meta } = rule;
  return {
    id: meta.code,
    name: meta.name,
    shortDescription: { text: meta.summary },
    fullDescription: { text: meta.docs.what },
    help: { text: ruleHelpText(meta), markdown: ruleHelpMarkdown(meta) },
    helpUri: ruleHelpUri(meta.code),
    defaultConfiguration: { level: sarifLevel(meta.defaultSeverity) },
    properties: { tags: ['security'] },
  };
}

/** A relative path becomes a URI reference against %SRCROOT%; each segment is percent-encoded. */
function artifactLocation(displayPath: string): Sarif.ArtifactLocation {
  if (path.posix.isAbsolute(displayPath) || path.isAbsolute(displayPath)) return { uri: pathToFileURL(displayPath).href };
  return { uri: displayPath.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function region(range: Range): Sarif.Region {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

/** The rule table: every registered rule, then PC000; results point into it by `ruleIndex`. */
function ruleTable(rules: readonly Rule[]): { descriptors: Sarif.ReportingDescriptor[]; ruleIndex: Map<string, number> } {
  const descriptors = [...rules.map(ruleDescriptor), ANALYSIS_ERROR_DESCRIPTOR];
  return { descriptors, ruleIndex: new Map(descriptors.map((d, i) => [d.id, i])) };
}

function fileResults(file: FileReport, ruleIndex: ReadonlyMap<string, number>): Sarif.Result[] {
  return file.findings.map((f): Sarif.Result => {
    const index = ruleIndex.get(f.code);
    return {
      ruleId: f.code,
      ...(index === undefined ? {} : { ruleIndex: index }),
      level: sarifLevel(f.severity),
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(file.path),
            region: region(f.fileRange ?? f.range),
          },
        },
      ],
      // A notebook's region is where the line is written in the .ipynb file; the cell and the
      // position within its source, which is what a person looks for, go alongside.
      ...(f.cell === undefined ? {} : { properties: { cell: f.cell, cellRegion: region(f.range) } }),
    };
  });
}

/**
 * The log around its results: the one place that decides the keys and their order.
 * `invocations` follows `results` because whether the run succeeded is known only when the
 * results, which are printed as the scan runs, are all out.
 */
function sarifDocument(descriptors: Sarif.ReportingDescriptor[], results: Sarif.Result[], end: { cwd: string; errors: readonly ScanError[] }): Sarif.Log {
  const notifications = end.errors.map((e): Sarif.Notification => ({
    level: 'error',
    message: { text: `${e.path}: ${e.message}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(e.path) } }],
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL.name,
            version: TOOL.version,
            semanticVersion: TOOL.version,
            informationUri: TOOL.informationUri,
            rules: descriptors,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(end.cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [{ executionSuccessful: end.errors.length === 0, toolExecutionNotifications: notifications }],
      },
    ],
  };
}

/** Typed against `@types/sarif`, so the compiler checks the shape against the standard. */
export function toSarif(report: ScanReport, rules: readonly Rule[]): Sarif.Log {
  const { descriptors, ruleIndex } = ruleTable(rules);
  return sarifDocument(descriptors, report.files.flatMap((file) => fileResults(file, ruleIndex)), report);
}

/** The whole log at once, for callers that hold a report; the CLI streams with `sarifWriter`. */
export function formatSarif(report: ScanReport, rules: readonly Rule[]): string {
  return JSON.stringify(toSarif(report, rules), null, 2) + '\n';
}

/** `formatSarif`'s text, printed a file at a time. */
export function sarifWriter(rules: readonly Rule[]): ReportWriter {
  const { descriptors, ruleIndex } = ruleTable(rules);
  const document = new StreamedJsonDocument((results: unknown[], end: { cwd: string; errors: readonly ScanError[] }) => sarifDocument(descriptors, results as Sarif.Result[], end));
  return {
    start: (cwd) => document.start({ cwd, errors: [] }),
    file: (file) => fileResults(file, ruleIndex).map((r) => document.item(r)).join(''),
    end: (summary: ScanSummary) => document.end(summary),
  };
}
