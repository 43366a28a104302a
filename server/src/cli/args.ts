import { presetNames } from '../policy/fromPreset';
import { DEFAULT_PRESET } from '../policy/presets';
import { FORMAT_NAMES, type FormatName } from './format';

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'lsp'; args: string[] }
  | ScanCommand;

export interface ScanCommand {
  kind: 'scan';
  paths: string[];
  format: FormatName;
  preset?: string;
}

/** A command line we cannot act on; reported on one line with exit code 2. */
export class UsageError extends Error {}

interface OptionSpec {
  /** Values the option accepts; an empty list means any value. */
  choices?: readonly string[];
  apply(command: ScanCommand, value: string): void;
}

/**
 * Options of `scan` that take a value. A table, so later flags (`--jobs N`, `--shard K/N`,
 * `--fix`, `--exit-zero`) are one entry each.
 */
const SCAN_OPTIONS: Record<string, OptionSpec> = {
  '--format': {
    choices: FORMAT_NAMES,
    apply: (c, v) => {
      c.format = v as FormatName;
    },
  },
  '--preset': {
    apply: (c, v) => {
      c.preset = v;
    },
  },
};

const HELP_FLAGS = new Set(['-h', '--help']);
const VERSION_FLAGS = new Set(['-V', '--version']);

export function parseCommandLine(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === 'lsp') return { kind: 'lsp', args: rest };
  return parseScan(first === 'scan' ? rest : argv);
}

function parseScan(args: readonly string[]): Command {
  const command: ScanCommand = { kind: 'scan', paths: [], format: 'text' };
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
    let value: string;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (i + 1 < args.length) value = args[++i];
    else throw new UsageError(`option '${name}' needs a value`);
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(`option '${name}' must be one of ${spec.choices.join(', ')}, not '${value}'`);
    }
    spec.apply(command, value);
  }
  if (command.paths.length === 0) command.paths.push('.');
  return command;
}

export function helpText(): string {
  return `Usage: padded-cell [scan] [options] [PATH...]
       padded-cell lsp [--stdio | --node-ipc]
       padded-cell --version | --help

Checks untrusted Python plugin code against a sandbox policy, statically: the code
is read and parsed, never run.

Commands:
  scan    Check files and folders (the default; PATH defaults to "."). Folders are
          walked for *.py, skipping .git, node_modules, site-packages, virtual
          environments (folders holding pyvenv.cfg) and paths ignored by .gitignore.
          Files named on the command line are always checked.
  lsp     Run the language server (stdio unless --node-ipc is given).

Options:
  --format FORMAT   Output format: ${FORMAT_NAMES.join(', ')} (default: text)
  --preset NAME     Policy preset: ${presetNames().join(', ')} (default: ${DEFAULT_PRESET})
  -h, --help        Show this help
  -V, --version     Show the version

Exit codes: 0 no findings, 1 findings, 2 usage, policy or I/O error.
`;
}
