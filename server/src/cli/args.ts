import { presetNames } from '../policy/fromPreset';
import { DEFAULT_PRESET } from '../policy/presets';
import { FORMAT_NAMES, type FormatName } from './format';
import { parseShard, type Shard } from './shard';

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'lsp'; args: string[] }
  | { kind: 'policy'; args: string[] }
  | ScanCommand;

/** What `--fix`, `--unsafe-fixes` and `--diff` ask for. */
export interface FixMode {
  /** Apply fixes marked unsafe too. */
  unsafe: boolean;
  /** Print a unified diff of the fixes instead of writing the files. */
  diff: boolean;
}

export interface ScanCommand {
  kind: 'scan';
  paths: string[];
  format: FormatName;
  preset?: string;
  /** `--policy FILE`: one policy file for every file instead of the nearest one. */
  policyFile?: string;
  /** Absent: report only. */
  fix?: FixMode;
  statistics: boolean;
  exitZero: boolean;
  /** `--jobs N`; absent means one worker per core but at most one per 16 files, or none for a small scan. */
  jobs?: number;
  shard?: Shard;
}

/** A command line we cannot act on; reported on one line with exit code 2. */
export class UsageError extends Error {}

/** What the option loop collects before the combinations are checked. */
interface ScanFlags {
  command: ScanCommand;
  formatGiven: boolean;
  fix: boolean;
  unsafeFixes: boolean;
  diff: boolean;
}

interface OptionSpec {
  /** A switch: takes no value. */
  flag?: true;
  /** Values the option accepts; absent means any value. */
  choices?: readonly string[];
  apply(flags: ScanFlags, value: string, name: string): void;
}

/** The options of `scan`, one entry each. */
const SCAN_OPTIONS: Record<string, OptionSpec> = {
  '--format': {
    choices: FORMAT_NAMES,
    apply: (f, v) => {
      f.command.format = v as FormatName;
      f.formatGiven = true;
    },
  },
  '--preset': {
    apply: (f, v) => {
      f.command.preset = v;
    },
  },
  '--policy': {
    apply: (f, v) => {
      f.command.policyFile = v;
    },
  },
  '--fix': { flag: true, apply: (f) => void (f.fix = true) },
  '--unsafe-fixes': { flag: true, apply: (f) => void (f.unsafeFixes = true) },
  '--diff': { flag: true, apply: (f) => void (f.diff = true) },
  '--statistics': { flag: true, apply: (f) => void (f.command.statistics = true) },
  '--exit-zero': { flag: true, apply: (f) => void (f.command.exitZero = true) },
  '--jobs': {
    apply: (f, v, name) => {
      if (!/^[1-9][0-9]{0,3}$/.test(v)) throw new UsageError(`option '${name}' needs a whole number from 1 to 9999, not '${v}'`);
      f.command.jobs = Number(v);
    },
  },
  '--shard': {
    apply: (f, v, name) => {
      const shard = parseShard(v);
      if (!shard) throw new UsageError(`option '${name}' needs K/N with 1 <= K <= N (e.g. 2/4), not '${v}'`);
      f.command.shard = shard;
    },
  },
};
// `-j` as in make and Ruff.
SCAN_OPTIONS['-j'] = SCAN_OPTIONS['--jobs'];

const HELP_FLAGS = new Set(['-h', '--help']);
const VERSION_FLAGS = new Set(['-V', '--version']);

export function parseCommandLine(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === 'lsp') return parseLsp(rest);
  if (first === 'policy') return { kind: 'policy', args: rest };
  return parseScan(first === 'scan' ? rest : argv);
}

/** The transports lspMain.ts can serve on; stdio is the default. */
const LSP_TRANSPORTS = new Set(['--stdio', '--node-ipc']);
/**
 * Transports vscode-languageclient can ask for that the server does not open: running on stdio
 * instead would leave the client waiting on a socket or pipe nobody connects to.
 */
const LSP_UNSUPPORTED_TRANSPORTS = new Set(['--socket', '--pipe']);

/**
 * `lsp` takes what LSP clients pass: a transport, and `--clientProcessId` (vscode-languageclient
 * adds it; vscode-languageserver reads it from process.argv to exit when the editor dies).
 * Anything else is a mistake to report, not to run past on stdio.
 */
function parseLsp(args: readonly string[]): Command {
  let transport: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (HELP_FLAGS.has(arg)) return { kind: 'help' };
    if (!arg.startsWith('-')) throw new UsageError(`'lsp' takes no arguments, not '${arg}'`);
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (LSP_TRANSPORTS.has(name)) {
      if (eq !== -1) throw new UsageError(`option '${name}' takes no value`);
      if (transport !== undefined && transport !== name) throw new UsageError(`options '${transport}' and '${name}' cannot be combined`);
      transport = name;
    } else if (name === '--clientProcessId') {
      const value = eq !== -1 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || !/^[0-9]+$/.test(value)) throw new UsageError(`option '${name}' needs a process id${value === undefined ? '' : `, not '${value}'`}`);
    } else if (LSP_UNSUPPORTED_TRANSPORTS.has(name)) {
      throw new UsageError(`option '${name}' is not supported: 'lsp' serves over --stdio (the default) or --node-ipc`);
    } else {
      throw new UsageError(`unknown option '${name}' for 'lsp'`);
    }
  }
  return { kind: 'lsp', args: [...args] };
}

function parseScan(args: readonly string[]): Command {
  const flags: ScanFlags = {
    command: { kind: 'scan', paths: [], format: 'text', statistics: false, exitZero: false },
    formatGiven: false,
    fix: false,
    unsafeFixes: false,
    diff: false,
  };
  const { command } = flags;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      command.paths.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      command.paths.push(arg);
      continue;
    }
    if (HELP_FLAGS.has(arg)) return { kind: 'help' };
    if (VERSION_FLAGS.has(arg)) return { kind: 'version' };
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const spec = SCAN_OPTIONS[name];
    if (!spec) throw new UsageError(`unknown option '${name}'`);
    if (spec.flag) {
      if (eq !== -1) throw new UsageError(`option '${name}' takes no value`);
      spec.apply(flags, '', name);
      continue;
    }
    let value: string;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (i + 1 < args.length) value = args[++i];
    else throw new UsageError(`option '${name}' needs a value`);
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(`option '${name}' must be one of ${spec.choices.join(', ')}, not '${value}'`);
    }
    spec.apply(flags, value, name);
  }
  if (command.paths.length === 0) command.paths.push('.');
  checkCombinations(flags);
  return command;
}

/** Combinations that could only be guessed at are refused, not silently half-honoured. */
function checkCombinations(flags: ScanFlags): void {
  const { command } = flags;
  if (flags.unsafeFixes && !flags.fix && !flags.diff) throw new UsageError("option '--unsafe-fixes' needs '--fix' or '--diff'");
  if (flags.fix || flags.diff) command.fix = { unsafe: flags.unsafeFixes, diff: flags.diff };
  if (flags.diff && flags.formatGiven && command.format !== 'text') {
    throw new UsageError(`option '--diff' prints a diff, not a report: it cannot be combined with '--format ${command.format}'`);
  }
  if (flags.diff && command.statistics) throw new UsageError("options '--diff' and '--statistics' cannot be combined");
  if (command.statistics && command.format !== 'text') {
    throw new UsageError(`option '--statistics' prints a table: it cannot be combined with '--format ${command.format}'`);
  }
}

export function helpText(): string {
  return `Usage: padded-cell [scan] [options] [PATH...]
       padded-cell policy [FILE] [options]
       padded-cell lsp [--stdio | --node-ipc]
       padded-cell --version | --help

Checks untrusted Python plugin code against a sandbox policy, statically: the code
is read and parsed, never run.

Commands:
  scan    Check files and folders (the default; PATH defaults to "."). Folders are
          walked for *.py and *.ipynb, skipping .git, node_modules, site-packages,
          virtual environments (folders holding pyvenv.cfg) and paths ignored by
          .gitignore. Files named on the command line are always checked.
  policy  Print the policy that applies to FILE and where each part comes from
          ('padded-cell policy --help').
  lsp     Run the language server (stdio unless --node-ipc is given).

Options:
  --format FORMAT   Output format: ${FORMAT_NAMES.join(', ')} (default: text)
  --preset NAME     Policy preset: ${presetNames().join(', ')} (default: ${DEFAULT_PRESET}); applies
                    where no policy file does, and is what a policy file without extends extends
  --policy FILE     Use this policy file for every file, instead of the nearest padded-cell.toml
                    or pyproject.toml [tool.padded-cell] above each file
  --fix             Apply safe fixes to the files, then report what remains
  --unsafe-fixes    With --fix or --diff: apply unsafe fixes too
  --diff            Print the fixes as a unified diff instead of writing them;
                    exit 1 if there is anything to fix
  --statistics      Print the number of findings per code instead of each finding
  --exit-zero       Exit 0 even when there are findings (errors still exit 2)
  -j, --jobs N      Analyse with N worker threads (default: one per core, at most
                    one per 16 files: under 32 files run in this thread, as with 1)
  --shard K/N       Check only the K-th of N slices of the files (for CI matrices)
  -h, --help        Show this help
  -V, --version     Show the version

Exit codes: 0 no findings, 1 findings, 2 usage, policy or I/O error.
`;
}
