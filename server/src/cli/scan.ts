import * as path from 'node:path';
import * as fs from 'node:fs';
import { analyzeSource, sortFindings, type Finding } from '../engine';
import type { PythonParser } from '../parser';
import type { Policy } from '../policy/types';
import { RULES } from '../rules';
import { fileTooLarge, fileTooLargeFinding } from '../rules/meta/PC003-file-too-large';
import type { FixMode } from './args';
import { chooseFix, fixSource } from './fix';
import { binaryContentFinding } from './binaryContent';
import { isNotebookPath, processNotebook } from './notebook';
import { describeFsError } from './paths';
import { PolicyError, policyForFile, resolvePolicy, type PolicyOptions, type ResolvedPolicy } from './policy';
import { isExcluded } from '../policy/paths';
import { decodePythonSource, hasUtf8Bom, isValidUtf8, readPythonBytes } from './readSource';
import { comparePaths, type FileReport, type ScanError, type ScanReport } from './report';
import { inShard, type Shard } from './shard';
import { unifiedDiff } from './unifiedDiff';
import { collectPythonFiles, type SourceFile } from './walk';

/** Plain data only: a worker thread receives these by structured clone. */
export interface ScanOptions extends PolicyOptions {
  cwd: string;
  /** `--fix` / `--diff`; absent: report only. */
  fix?: FixMode;
}

/** What `--fix` did to one file, or (with `--diff`) would do. */
export interface FileFix {
  /** Fixes applied. */
  applied: number;
  /** With `--diff`: the unified diff, empty when nothing changes. */
  diff?: string;
  /** Why the file was not (fully) fixed; printed as a warning. */
  problem?: string;
}

/**
 * One file's result. `report` is absent when the file could not be read or analysed; `error`
 * makes the exit code 2 and may come with a report (a fixed file that could not be written).
 */
export interface FileResult {
  report?: FileReport;
  error?: ScanError;
  fix?: FileFix;
}

/**
 * The CLI applies the size limit to the bytes on disk, before reading; the rule's own check
 * counts the decoded text, which differs by a BOM and by replaced invalid bytes, and would say
 * "not analysed" of a file that was. So the rule does not run here.
 */
const RULES_AFTER_SIZE_CHECK = RULES.filter((rule) => rule !== fileTooLarge);

function firstLine(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/**
 * Reads, parses, analyses (and with `--fix` fixes) one file. Self-contained — a path and
 * options in, plain data out — so a pool of worker threads, each with its own parser, runs it
 * unchanged. Every tree is deleted before it returns.
 */
export function processFile(parser: PythonParser, file: SourceFile, options: ScanOptions): FileResult {
  let policy: Policy;
  try {
    policy = policyForFile(file.absolutePath, options);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    return { error: { path: file.path, message: `policy error: ${error.message}` } };
  }
  if (isNotebookPath(file.absolutePath)) return processNotebook(parser, file, policy, options.fix);
  const read = readPythonBytes(file.absolutePath, policy.limits.maxFileBytes);
  if (!read.ok) return { error: { path: file.path, message: read.message } };
  if (read.tooLarge) return { report: { path: file.path, findings: [fileTooLargeFinding(read.bytes, policy)] } };
  const text = decodePythonSource(read.data);
  const analyzeOptions = { filePath: file.absolutePath, rules: RULES_AFTER_SIZE_CHECK };
  try {
    const binary = binaryContentFinding(text);
    if (binary) return binaryFile(parser, file, text, policy, binary, options.fix);
    if (!options.fix) return { report: { path: file.path, findings: analyzeSource(parser, text, policy, analyzeOptions) } };
    return fixFile(parser, file, read.data, text, policy, options.fix);
  } catch (error) {
    // The engine turns a failing rule into a PC000 finding; reaching here means the parser
    // itself failed, and the file must not pass as clean.
    return { error: { path: file.path, message: `analysis failed: ${firstLine(error)}` } };
  }
}

/** Reported and analysed, never fixed: writing back a binary file could destroy what it really is. */
function binaryFile(parser: PythonParser, file: SourceFile, text: string, policy: Policy, binary: Finding, mode: FixMode | undefined): FileResult {
  const findings = sortFindings([binary, ...analyzeSource(parser, text, policy, { filePath: file.absolutePath, rules: RULES_AFTER_SIZE_CHECK })]);
  const report = { path: file.path, findings };
  if (!mode) return { report };
  const fixable = findings.some((f) => chooseFix(f, mode.unsafe));
  const problem = fixable ? 'not fixed: the file holds NUL bytes (binary content)' : undefined;
  return { report, fix: { applied: 0, ...(problem ? { problem } : {}), ...(mode.diff ? { diff: '' } : {}) } };
}

function fixFile(parser: PythonParser, file: SourceFile, data: Uint8Array, text: string, policy: Policy, mode: FixMode): FileResult {
  const analyzeOptions = { filePath: file.absolutePath, rules: RULES_AFTER_SIZE_CHECK };
  if (!isValidUtf8(data)) {
    // Decoding replaced the invalid bytes with U+FFFD; writing that back would destroy them.
    const findings = analyzeSource(parser, text, policy, analyzeOptions);
    const fixable = findings.some((f) => chooseFix(f, mode.unsafe));
    const problem = fixable ? 'not fixed: the file is not valid UTF-8, and writing it would replace the invalid bytes' : undefined;
    return { report: { path: file.path, findings }, fix: { applied: 0, ...(problem ? { problem } : {}), ...(mode.diff ? { diff: '' } : {}) } };
  }
  const result = fixSource(parser, text, policy, { ...analyzeOptions, unsafe: mode.unsafe });
  const fix: FileFix = { applied: result.applied };
  if (result.problem) fix.problem = result.problem;
  if (mode.diff) {
    fix.diff = unifiedDiff(file.path, text, result.text);
    // The report is of the file as it is on disk: nothing was written.
    return { report: { path: file.path, findings: result.initialFindings }, fix };
  }
  if (result.text !== text) {
    try {
      // The BOM the decoder dropped goes back; the rest is the file's own UTF-8.
      fs.writeFileSync(file.absolutePath, (hasUtf8Bom(data) ? '\uFEFF' : '') + result.text);
    } catch (error) {
      return {
        report: { path: file.path, findings: result.initialFindings },
        error: { path: file.path, message: `cannot write fixes: ${describeFsError(error)}`, kind: 'write' },
        fix: { applied: 0 },
      };
    }
  }
  return { report: { path: file.path, findings: result.findings }, fix };
}

export interface ScanPlan {
  /** The files to analyse, sorted by display path (this shard's only, with `--shard`). */
  files: SourceFile[];
  /** Paths the walk could not read. Every shard reports them: a folder it cannot read may hold any shard's files. */
  errors: ScanError[];
  /** Files the walk found, in every shard. */
  found: number;
}

export function planScan(inputs: readonly string[], cwd: string, shard?: Shard, policyOptions: PolicyOptions = {}): ScanPlan {
  const walked = collectPythonFiles(inputs, cwd);
  const named = new Set(inputs.map((input) => path.resolve(cwd, input)));
  const errors = [...walked.errors];
  const reported = new Set<string>();
  const files: SourceFile[] = [];
  for (const file of walked.files) {
    let resolved: ResolvedPolicy;
    try {
      resolved = resolvePolicy(file.absolutePath, policyOptions);
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      files.push(file); // processFile reports the unusable preset for the file itself
      continue;
    }
    // A broken policy file is an error of the run (exit 2), reported once; the preset applies.
    if (resolved.file && resolved.errors.length && !reported.has(resolved.file)) {
      reported.add(resolved.file);
      const shown = path.relative(cwd, resolved.file) || resolved.file;
      for (const message of resolved.errors) errors.push({ path: shown, message: `policy error: ${message.slice(message.indexOf(':', resolved.file.length) + 1)}; checking with the preset instead` });
    }
    // `exclude` skips files found by walking folders; a file named on the command line is checked.
    if (!named.has(file.absolutePath) && isExcluded(resolved.policy, file.absolutePath)) continue;
    files.push(file);
  }
  const kept = shard ? files.filter((f) => inShard(f.path, shard)) : files;
  return { files: kept, errors, found: files.length };
}

/**
 * The whole scan in this thread, as one report: for callers that want data, not output (the
 * benchmark, tests). The CLI itself streams through `processFile`, in process or in workers.
 */
export function scanPaths(parser: PythonParser, inputs: readonly string[], options: ScanOptions, shard?: Shard): ScanReport {
  const plan = planScan(inputs, options.cwd, shard, options);
  const files: FileReport[] = [];
  const errors: ScanError[] = [...plan.errors];
  for (const file of plan.files) {
    const result = processFile(parser, file, options);
    if (result.report) files.push(result.report);
    if (result.error) errors.push(result.error);
  }
  errors.sort((a, b) => comparePaths(a.path, b.path));
  return { cwd: options.cwd, files, errors };
}
