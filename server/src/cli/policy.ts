import type { Policy } from '../policy/types';
import { presetPolicy } from '../policy/fromPreset';

export interface PolicyOptions {
  /** `--preset`; undefined means the default preset. */
  preset?: string;
}

/** A policy that cannot be built; the CLI reports it on one line and exits 2. */
export class PolicyError extends Error {}

/**
 * The one place the CLI gets a file's policy. Today every file gets the chosen preset; the
 * policy-file loader (nearest `padded-cell.toml` / `pyproject.toml` above the file) plugs in
 * here, and may then answer differently per file.
 */
export function policyForFile(_absolutePath: string, options: PolicyOptions): Policy {
  try {
    return presetPolicy(options.preset);
  } catch (error) {
    throw new PolicyError(error instanceof Error ? error.message : String(error));
  }
}
