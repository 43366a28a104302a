/**
 * The `padded-cell` command: `scan` (the default), `policy`, `lsp`, `--version`, `--help`.
 * Thin on purpose: argument parsing, the walk, the per-file work, the worker pool, the formats
 * and the exit code live in their own modules, and the analysis is the same engine the language
 * server runs.
 */
import * as os from 'node:os';
import { createPythonParser } from '../parser';
import { helpText, parseCommandLine, UsageError, type ScanCommand } from './args';
import { ExitCode, exitCodeFor } from './exitCode';
import { FORMATS, statisticsWriter } from './format';
import { escapeControlCharacters, wouldFixLine } from './format/text';
import { PolicyError, policyForFile } from './policy';
import { analyzeInWorkers } from './pool';
import { ProgressBar, progressWanted, type ProgressTerminal } from './progress';
import { comparePaths, type ScanError } from './report';
import { planScan, processFile, type FileResult, type ScanOptions } from './scan';
import { countFile, emptySummary } from './summary';
import type { SourceFile } from './walk';
import { TOOL } from './tool';
import { boundHeapGrowth, tuneV8ForAnalysis } from '../v8Tuning';

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Set when stderr is a terminal: where the progress bar may be drawn. */
  stderrTerminal?: ProgressTerminal;
  /** The environment (`CI` turns the progress bar off); default: none. */
  env?: Readonly<Record<string, string | undefined>>;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let command;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`padded-cell: ${error.message} (see 'padded-cell --help')\n`);
    return ExitCode.error;
  }
  switch (command.kind) {
    case 'help':
      io.stdout(helpText());
      return ExitCode.clean;
    case 'version':
      io.stdout(`${TOOL.name} ${TOOL.version}\n`);
      return ExitCode.clean;
    case 'lsp': {
      // Loaded only here: a scan never pays for initialising the LSP stack.
      const { runLanguageServer } = await import('../lspMain.js');
      // Serves until the client sends `exit`; the server ends the process itself.
      runLanguageServer(command.args);
      return ExitCode.clean;
    }
    case 'policy': {
      const { runPolicyCommand } = await import('./policyCommand.js');
      return runPolicyCommand(command.args, io);
    }
    case 'scan':
      return runScan(command, io);
  }
}

/**
 * Below this many files per worker, starting workers (each loads its own WASM parser) costs
 * more than it saves; an explicit `--jobs` is obeyed regardless.
 */
const FILES_PER_WORKER = 16;

function workerCount(command: ScanCommand, files: number): number {
  if (command.jobs !== undefined) return Math.min(command.jobs, files);
  return Math.min(os.availableParallelism(), Math.floor(files / FILES_PER_WORKER));
}

/** Runs `processFile` over `files`, in this thread or in workers; results arrive in file order. */
async function analyzeFiles(files: readonly SourceFile[], options: ScanOptions, jobs: number, onResult: (result: FileResult) => void): Promise<void> {
  if (jobs > 1) return analyzeInWorkers(files, options, jobs, (_, result) => onResult(result));
  const parser = await createPythonParser();
  let yielded = Date.now();
  for (const file of files) {
    onResult(processFile(parser, file, options));
    // Let the progress bar's timer run during a long scan in this thread.
    if (Date.now() - yielded > 50) {
      await new Promise((resolve) => setImmediate(resolve));
      yielded = Date.now();
    }
  }
}

/** A path that could not be scanned or written, on stderr; escaped as the text format escapes it. */
function errorLine(error: ScanError): string {
  return `padded-cell: ${escapeControlCharacters(`${error.path}: ${error.message}`)}\n`;
}

async function runScan(command: ScanCommand, io: CliIo): Promise<number> {
  const options: ScanOptions = { cwd: io.cwd, preset: command.preset, ...(command.policyFile ? { policyFile: command.policyFile } : {}), ...(command.fix ? { fix: command.fix } : {}) };
  try {
    // Fail before walking: a policy that cannot be built would fail every file the same way.
    policyForFile(io.cwd, options);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    io.stderr(`padded-cell: ${error.message}\n`);
    return ExitCode.error;
  }
  const plan = planScan(command.paths, io.cwd, command.shard, options);
  const diffMode = command.fix?.diff === true;
  const writer = command.statistics ? statisticsWriter() : FORMATS[command.format]();
  const progress = progressWanted(io.stderrTerminal, io.env ?? {}) ? new ProgressBar(io.stderrTerminal, plan.files.length) : undefined;
  const stdout = (text: string): void => {
    if (!text) return;
    progress?.clear();
    io.stdout(text);
  };
  const stderr = (text: string): void => {
    progress?.clear();
    io.stderr(text);
  };

  // Each file's findings are printed and dropped; only the summary outlives them.
  const summary = emptySummary(io.cwd, plan.errors);
  const fixed = { fixes: 0, files: 0, unwritten: 0 };
  let done = 0;
  if (!diffMode) stdout(writer.start(io.cwd));
  try {
    await analyzeFiles(plan.files, options, workerCount(command, plan.files.length), (result) => {
      if (result.fix?.problem && result.report) stderr(`padded-cell: ${escapeControlCharacters(result.report.path)}: ${result.fix.problem}\n`);
      if (result.fix && result.fix.applied > 0) {
        fixed.fixes += result.fix.applied;
        fixed.files++;
      }
      // Still an error of the run (exit 2), but of the write: the file was scanned.
      if (result.error?.kind === 'write') fixed.unwritten++;
      if (result.error) summary.errors.push(result.error);
      if (result.report) {
        countFile(summary, result.report);
        if (diffMode) stdout(result.fix?.diff ?? '');
        else stdout(writer.file(result.report));
      }
      progress?.update(++done);
    });
  } finally {
    progress?.stop();
  }
  summary.errors.sort((a, b) => comparePaths(a.path, b.path));
  const errors = summary.errors;

  if (diffMode) {
    for (const error of errors) stderr(errorLine(error));
    stderr(`${wouldFixLine(fixed)}\n`);
    if (errors.length > 0 || summary.analysisErrors > 0) return ExitCode.error;
    return fixed.fixes > 0 && !command.exitZero ? ExitCode.findings : ExitCode.clean;
  }

  if (command.fix) summary.fixed = fixed;
  stdout(writer.end(summary));
  for (const error of errors) stderr(errorLine(error));
  if (plan.found === 0 && errors.length === 0) {
    stderr(`padded-cell: no Python files found under ${command.paths.join(', ')}\n`);
  } else if (command.shard && plan.files.length === 0) {
    stderr(`padded-cell: shard ${command.shard.index}/${command.shard.count} holds none of the ${plan.found} files found\n`);
  }
  return exitCodeFor(summary, { exitZero: command.exitZero });
}

if (require.main === module) {
  // Before any engine code runs hot (see v8Tuning.ts); the scan workers inherit it.
  tuneV8ForAnalysis();
  boundHeapGrowth();
  // A closed pipe (`padded-cell scan | head`) ends the run quietly instead of with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.clean);
    throw error;
  });
  runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrTerminal: process.stderr.isTTY ? { columns: process.stderr.columns || 80, write: (text) => process.stderr.write(text) } : undefined,
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`padded-cell: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = ExitCode.error;
    },
  );
}
