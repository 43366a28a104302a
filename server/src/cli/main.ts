/**
 * The `padded-cell` command: `scan` (the default), `lsp`, `--version`, `--help`.
 * Thin on purpose: argument parsing, the walk, the formats and the exit code live in their own
 * modules, and the analysis is the same engine the language server runs.
 */
import { createPythonParser } from '../parser';
import { helpText, parseCommandLine, UsageError, type ScanCommand } from './args';
import { ExitCode, exitCodeFor } from './exitCode';
import { FORMATS } from './format';
import { PolicyError, policyForFile } from './policy';
import { scanPaths } from './scan';
import { TOOL } from './tool';

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
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
    case 'scan':
      return runScan(command, io);
  }
}

async function runScan(command: ScanCommand, io: CliIo): Promise<number> {
  const options = { cwd: io.cwd, preset: command.preset };
  try {
    // Fail before walking: a policy that cannot be built would fail every file the same way.
    policyForFile(io.cwd, options);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    io.stderr(`padded-cell: ${error.message}\n`);
    return ExitCode.error;
  }
  const parser = await createPythonParser();
  const report = scanPaths(parser, command.paths, options);
  io.stdout(FORMATS[command.format](report));
  for (const error of report.errors) io.stderr(`padded-cell: ${error.path}: ${error.message}\n`);
  if (report.files.length === 0 && report.errors.length === 0) {
    io.stderr(`padded-cell: no Python files found under ${command.paths.join(', ')}\n`);
  }
  return exitCodeFor(report);
}

if (require.main === module) {
  // A closed pipe (`padded-cell scan | head`) ends the run quietly instead of with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.clean);
    throw error;
  });
  runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
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
