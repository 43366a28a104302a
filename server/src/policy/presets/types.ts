import type { Limits, RuleSetting, SuppressionMode } from '../types';
import type { Severity } from '../../engine/types';

export type { Severity };

/**
 * A preset is documented data: every allowlist entry carries the reason it is safe, and the
 * generated docs print those reasons. Nothing in a preset is code.
 */
export interface PresetDefinition {
  name: string;
  summary: string;
  /** Markdown: where the preset comes from and why it looks the way it does. */
  rationale: string;
  modules: Record<string, string>;
  builtins: Record<string, string>;
  attributes: Record<string, string>;
  /** Per-module member allowlists: module -> member -> reason. */
  members?: Record<string, Record<string, string>>;
  /** Modules that stay forbidden even below an allowed parent. */
  denyModules?: Record<string, string>;
  /** Severity applied to every rule that `rules` does not name (default: each rule's own). */
  severity?: Severity;
  rules?: Record<string, RuleSetting>;
  limits?: Partial<Limits>;
  inlineSuppressions?: SuppressionMode;
  requireReason?: boolean;
}

export const DEFAULT_LIMITS: Limits = {
  maxIntDigits: 4300,
  maxFactorialArgument: 10_000,
  maxAllocation: 100_000_000,
  maxSleepSeconds: 3600,
  maxIterations: 100_000_000,
  maxFileBytes: 2 * 1024 * 1024,
};
