/**
 * Checks a Python file that is not open: read, parse, analyse, and let the tree go before
 * returning, so a workspace scan holds one tree at a time however large the workspace. A file
 * that cannot be read gets a diagnostic at its top: a file the checker could not read is not a
 * clean file.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { ANALYSIS_ERROR, analyzeTree, type Finding } from '../engine';
import type { PythonParser } from '../parser';
import type { Policy } from '../policy/types';
import { fileTooLargeFinding } from '../rules/meta/PC003-file-too-large';
import { readPythonSource } from '../cli/readSource';
import { analysisFailureDiagnostic, DIAGNOSTIC_SOURCE } from './diagnostics';

export type DiskAnalysis = { ok: true; findings: Finding[] } | { ok: false; diagnostic: Diagnostic; reason: string };

export function analyzeFileOnDisk(parser: PythonParser, file: string, policy: Policy): DiskAnalysis {
  const read = readPythonSource(file, policy.limits.maxFileBytes);
  if (!read.ok) {
    const at = { line: 0, character: 0 };
    return {
      ok: false,
      reason: read.message,
      diagnostic: {
        range: { start: at, end: at },
        severity: DiagnosticSeverity.Error,
        code: ANALYSIS_ERROR.code,
        source: DIAGNOSTIC_SOURCE,
        message: `Padded Cell could not read this file, so it is not checked: ${read.message}`,
      },
    };
  }
  if (read.tooLarge) return { ok: true, findings: [fileTooLargeFinding(read.bytes, policy)] };
  let tree;
  try {
    tree = parser.parse(read.text);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error), diagnostic: analysisFailureDiagnostic(error) };
  }
  try {
    return { ok: true, findings: analyzeTree(tree, read.text, policy, { filePath: file }) };
  } finally {
    tree.delete();
  }
}
