import * as path from 'node:path';
import type { Policy } from '../policy/types';
import { presetPolicy } from '../policy/fromPreset';
import { findPolicyFile, loadPolicyFile, readPolicyFile } from '../policy/file/discover';
import { formatPolicyError, type PolicyLoadResult } from '../policy/file/load';

export interface PolicyOptions {
  /** `--preset`: the preset for files no policy file covers, and what a file without `extends` extends. */
  preset?: string;
  /** `--policy FILE`: one policy file for every scanned file, instead of the nearest one. */
  policyFile?: string;
}

/** A policy that cannot be built at all (an unknown preset); the CLI reports it and exits 2. */
export class PolicyError extends Error {}

export interface ResolvedPolicy {
  policy: Policy;
  /** The policy file that applied, if any. */
  file?: string;
  /** `file:line:col: message` for each problem in that file; the preset applies meanwhile. */
  errors: string[];
}

// Per process (each scan worker has its own): a folder's policy file is found once, and each
// policy file is read and validated once.
const byFolder = new Map<string, string | null>();
const byFile = new Map<string, PolicyLoadResult>();

function loadOnce(file: string, options: PolicyOptions): PolicyLoadResult {
  let result = byFile.get(file);
  if (!result) {
    result = loadPolicyFile(readPolicyFile(file), { defaultPreset: options.preset });
    byFile.set(file, result);
  }
  return result;
}

/**
 * The one place the CLI gets a file's policy: `--policy FILE`, else the nearest
 * `padded-cell.toml` / `pyproject.toml` with `[tool.padded-cell]` above the file, else the preset.
 * A broken policy file never disables checking: its errors are returned and the preset applies.
 */
export function resolvePolicy(absolutePath: string, options: PolicyOptions): ResolvedPolicy {
  let preset: Policy;
  try {
    preset = presetPolicy(options.preset);
  } catch (error) {
    throw new PolicyError(error instanceof Error ? error.message : String(error));
  }
  let file: string | undefined;
  if (options.policyFile) file = path.resolve(options.policyFile);
  else {
    const folder = path.dirname(absolutePath);
    let found = byFolder.get(folder);
    if (found === undefined) {
      found = findPolicyFile(absolutePath)?.path ?? null;
      byFolder.set(folder, found);
    }
    file = found ?? undefined;
  }
  if (!file) return { policy: preset, errors: [] };
  const result = loadOnce(file, options);
  return { policy: result.errors.length ? preset : result.policy, file, errors: result.errors.map(formatPolicyError) };
}

export function policyForFile(absolutePath: string, options: PolicyOptions): Policy {
  return resolvePolicy(absolutePath, options).policy;
}
