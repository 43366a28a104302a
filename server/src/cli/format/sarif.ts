import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import type { Range, Severity } from '../../engine/types';
import { ANALYSIS_ERROR } from '../../engine';
import type { Rule } from '../../rules/types';
import type * as Sarif from 'sarif';
import type { ScanReport } from '../report';
import { ruleHelpMarkdown, ruleHelpText } from '../ruleHelp';
import { ruleHelpUri, TOOL } from '../tool';

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

/** Typed against `@types/sarif`, so the compiler checks the shape against the standard. */
export function toSarif(report: ScanReport, rules: readonly Rule[]): Sarif.Log {
  const descriptors = [...rules.map(ruleDescriptor), ANALYSIS_ERROR_DESCRIPTOR];
  const ruleIndex = new Map(descriptors.map((d, i) => [d.id, i]));

  const results = report.files.flatMap((file) =>
    file.findings.map((f): Sarif.Result => {
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
    }),
  );

  const notifications = report.errors.map((e): Sarif.Notification => ({
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
        invocations: [{ executionSuccessful: report.errors.length === 0, toolExecutionNotifications: notifications }],
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(report.cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(report: ScanReport, rules: readonly Rule[]): string {
  return JSON.stringify(toSarif(report, rules), null, 2) + '\n';
}
