import type { Severity } from '../engine/types';

export type RuleSetting = Severity | 'off';
export type SuppressionMode = 'off' | 'report' | 'on';

/** Thresholds for the resource-exhaustion rules (PC6xx). */
export interface Limits {
  /** Largest number of decimal digits a folded integer may have (PC601). */
  maxIntDigits: number;
  /** Largest argument to factorial/comb/perm (PC601). */
  maxFactorialArgument: number;
  /** Largest element count or byte size an allocation may fold to (PC602). */
  maxAllocation: number;
  /** Largest number of seconds a sleep may fold to (PC602). */
  maxSleepSeconds: number;
  /** Most iterations a loop or a consuming call (`sum`, `max`) may fold to (PC603). */
  maxIterations: number;
  /** Files larger than this are not analysed; they get one information finding. */
  maxFileBytes: number;
}

/**
 * The effective policy for one file: everything a rule may consult. Rules never know their
 * own severity or whether they are enabled; the engine applies `rules` after they report.
 */
export interface Policy {
  /** What users see in messages: the preset name or the policy file that produced this. */
  name: string;
  /** The preset this policy extends. */
  preset: string;
  /** Modules that may be imported; a dotted module is allowed when it or a parent is listed. */
  allowModules: ReadonlySet<string>;
  /** Modules that may never be imported, even below an allowed parent. */
  denyModules: ReadonlySet<string>;
  /** Builtins that may be referenced. */
  allowBuiltins: ReadonlySet<string>;
  /**
   * Per-module member allowlists (rexec's reduced `os`/`sys`). A module listed here exposes only
   * these members; a module not listed exposes all its public members.
   */
  allowMembers: ReadonlyMap<string, ReadonlySet<string>>;
  /** Dunder attributes and names that may be used (`__name__`, `__doc__`, …). */
  allowAttributes: ReadonlySet<string>;
  /** Severity per rule code, or `off`; a code not listed runs at its rule's default severity. */
  rules: ReadonlyMap<string, RuleSetting>;
  /** Severity for every rule that `rules` does not name; unset means each rule's own default. */
  defaultSeverity?: Severity;
  limits: Limits;
  inlineSuppressions: SuppressionMode;
  requireReason: boolean;
  /** The policy file this policy was loaded from; absent for a bare preset. */
  file?: string;
  /** `per-file-ignores` and `exclude` from a policy file; absent for a bare preset. */
  paths?: PathRules;
}

/** A `per-file-ignores` entry: findings with these codes are dropped in files the glob matches. */
export interface PerFileIgnore {
  pattern: string;
  codes: readonly string[];
}

/** The path-dependent part of a policy file. Globs are relative to `root`. */
export interface PathRules {
  /** The policy file's folder. */
  root: string;
  perFileIgnores: readonly PerFileIgnore[];
  exclude: readonly string[];
}
