/**
 * `padded-cell policy [FILE] [--format text|json] [--preset NAME] [--policy-file PATH]`: prints
 * the policy that applies to FILE (default: the working folder) and where each part came from.
 * `--format json` prints it with every allowlist, so a host can load at run time exactly the
 * lists the checker enforced. Exit 0, or 2 when the policy file has errors (they go to stderr,
 * and the policy printed is the one still in force: the preset) or the command line is wrong.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { presetNames } from '../policy/fromPreset';
import {
  effectivePolicyJson,
  explainPolicy,
  findPolicyFile,
  formatPolicyError,
  loadPolicyFile,
  readPolicyFile,
  type PolicyError,
} from '../policy/file';

export interface PolicyCommandIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const USAGE = `Usage: padded-cell policy [FILE] [--format text|json] [--preset NAME] [--policy-file PATH]

Prints the policy that applies to FILE (default: the working folder) and where each part
comes from: the nearest padded-cell.toml or pyproject.toml [tool.padded-cell] above it,
or the preset. --format json prints the effective policy with every allowlist.
--preset names the preset used without a policy file or 'extends' (default: strict);
--policy-file (or --policy, as scan spells it) uses that file instead of looking for one.
`;

const defaultIo: PolicyCommandIo = {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export async function runPolicyCommand(args: readonly string[], io: PolicyCommandIo = defaultIo): Promise<number> {
  let target: string | undefined;
  let format = 'text';
  let preset: string | undefined;
  let policyFile: string | undefined;
  const usage = (message: string): number => {
    io.stderr(`padded-cell policy: ${message} (see 'padded-cell policy --help')\n`);
    return 2;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') {
      io.stdout(USAGE);
      return 0;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq !== -1 ? arg.slice(0, eq) : arg;
    // `--policy` too: scan names the same option that way, and a user reaches for one spelling.
    if (name === '--format' || name === '--preset' || name === '--policy-file' || name === '--policy') {
      const value = eq !== -1 && name !== arg ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) return usage(`option '${name}' needs a value`);
      if (name === '--format') format = value;
      else if (name === '--preset') preset = value;
      else policyFile = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      return usage(`unknown option '${arg}'`);
    } else if (target === undefined) {
      target = arg;
    } else {
      return usage('policy takes one FILE');
    }
  }
  if (format !== 'text' && format !== 'json') return usage(`option '--format' must be one of text, json, not '${format}'`);
  if (preset !== undefined && !presetNames().includes(preset)) return usage(`unknown preset '${preset}' (known: ${presetNames().join(', ')})`);

  const targetPath = path.resolve(io.cwd, target ?? '.');
  if (target !== undefined && !fs.existsSync(targetPath)) return usage(`no such file or folder: ${target}`);
  const ref = policyFile !== undefined ? readPolicyFile(path.resolve(io.cwd, policyFile)) : findPolicyFile(targetPath);
  const result = loadPolicyFile(ref, { defaultPreset: preset });
  const display = (p: string): string => {
    const relative = path.relative(io.cwd, p);
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : p;
  };
  const errors: PolicyError[] = result.errors.map((e) => ({ ...e, file: display(e.file) }));
  const context = {
    target: display(targetPath) || '.',
    text: ref?.text,
    displayFile: ref ? display(ref.path) : undefined,
    errors,
    settings: result.settings,
  };
  // A broken file is not in force: describe the policy that is, without claiming the file for it.
  const shown = errors.length ? { ...result.policy, file: undefined } : result.policy;
  if (format === 'json') io.stdout(`${JSON.stringify(effectivePolicyJson(shown, errors.length ? { ...context, text: undefined, displayFile: undefined } : context), null, 2)}\n`);
  else io.stdout(explainPolicy(shown, errors.length ? { ...context, text: undefined, displayFile: undefined } : context));
  for (const error of errors) io.stderr(`${formatPolicyError(error)}\n`);
  return errors.length ? 2 : 0;
}
