/**
 * Checks a Python file that is not open: read, parse, analyse, and let the tree go before
 * returning, so a workspace scan holds one tree at a time however large the workspace. A file
 * that cannot be read gets a diagnostic at its top: a file the checker could not read is not a
 * clean file.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { ANALYSIS_ERROR, analyzeTree, sortFindings, type AnalyzeOptions, type Finding } from '../engine';
import { binaryContentFinding } from '../cli/binaryContent';
import type { PythonParser } from '../parser';
import type { Policy } from '../policy/types';
import { fileTooLargeFinding } from '../rules/meta/PC003-file-too-large';
import type { ReadResult } from '../cli/readSource';
import { analysisFailureDiagnostic, DIAGNOSTIC_SOURCE } from './diagnostics';

export type DiskAnalysis = { ok: true; findings: Finding[] } | { ok: false; diagnostic: Diagnostic; reason: string };

/** A file that could not be read (or, a notebook, not as a notebook), at its top. */
export function unreadableFile(reason: string): DiskAnalysis {
  const at = { line: 0, character: 0 };
  return {
    ok: false,
    reason,
    diagnostic: {
      range: { start: at, end: { ...at } },
      severity: DiagnosticSeverity.Error,
      code: ANALYSIS_ERROR.code,
      source: DIAGNOSTIC_SOURCE,
      message: `Padded Cell could not read this file, so it is not checked: ${reason}`,
    },
  };
}

/** What the editor shows for a file whose analysis threw: not checked (see `analysisFailureDiagnostic`). */
export function analysisFailed(error: unknown): DiskAnalysis {
  return { ok: false, reason: error instanceof Error ? error.message : String(error), diagnostic: analysisFailureDiagnostic(error) };
}

/**
 * `read` is the host's file access (the disk in Node; none in a browser worker). A file with NUL
 * bytes is analysed and also reported as binary content (cli/binaryContent.ts).
 */
export function analyzeFileOnDisk(
  parser: PythonParser,
  file: string,
  policy: Policy,
  read: (file: string, maxBytes: number) => ReadResult,
  options: Pick<AnalyzeOptions, 'onRuleError'> = {},
): DiskAnalysis {
  const source = read(file, policy.limits.maxFileBytes);
  if (!source.ok) return unreadableFile(source.message);
  if (source.tooLarge) return { ok: true, findings: [fileTooLargeFinding(source.bytes, policy)] };
  let tree;
  try {
    tree = parser.parse(source.text);
  } catch (error) {
    return analysisFailed(error);
  }
  try {
    const findings = analyzeTree(tree, source.text, policy, { ...options, filePath: file });
    const binary = binaryContentFinding(source.text);
    return { ok: true, findings: binary ? sortFindings([binary, ...findings]) : findings };
  } finally {
    tree.delete();
  }
}
