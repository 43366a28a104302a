import { analyzeSource } from '../engine';
import type { PythonParser } from '../parser';
import { policyForFile, type PolicyOptions } from './policy';
import { readPythonSource } from './readSource';
import { comparePaths, type FileReport, type ScanError, type ScanReport } from './report';
import { collectPythonFiles, type SourceFile } from './walk';

export interface ScanOptions extends PolicyOptions {
  cwd: string;
}

export type FileOutcome = { ok: true; report: FileReport } | { ok: false; error: ScanError };

/**
 * Reads, parses and analyses one file. Self-contained (a path and options in, plain data out)
 * so that a pool of worker threads, each with its own parser, can run it unchanged.
 */
export function analyzeFile(parser: PythonParser, file: SourceFile, options: ScanOptions): FileOutcome {
  const read = readPythonSource(file.absolutePath);
  if (!read.ok) return { ok: false, error: { path: file.path, message: read.message } };
  const policy = policyForFile(file.absolutePath, options);
  try {
    return { ok: true, report: { path: file.path, findings: analyzeSource(parser, read.text, policy) } };
  } catch (error) {
    // The engine turns a failing rule into a PC000 finding; reaching here means the parser
    // itself failed, and the file must not pass as clean.
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, error: { path: file.path, message: `analysis failed: ${reason}` } };
  }
}

/** Walks `inputs` and analyses every file found, in display-path order. */
export function scanPaths(parser: PythonParser, inputs: readonly string[], options: ScanOptions): ScanReport {
  const walked = collectPythonFiles(inputs, options.cwd);
  const files: FileReport[] = [];
  const errors: ScanError[] = [...walked.errors];
  for (const file of walked.files) {
    const outcome = analyzeFile(parser, file, options);
    if (outcome.ok) files.push(outcome.report);
    else errors.push(outcome.error);
  }
  errors.sort((a, b) => comparePaths(a.path, b.path));
  return { cwd: options.cwd, files, errors };
}
