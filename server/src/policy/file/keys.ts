import type { Limits, RuleSetting, SuppressionMode } from '../types';

/**
 * Every key a policy file may hold, with what it means. The validator, the JSON Schema, the
 * `padded-cell policy` explanation and the README all read this table, so they cannot disagree.
 */
export type PolicyKeyKind =
  | 'preset'
  | 'modules'
  | 'names'
  | 'members'
  | 'rules'
  | 'limits'
  | 'per-file-ignores'
  | 'globs'
  | 'suppression-mode'
  | 'boolean';

export interface PolicyKey {
  key: string;
  kind: PolicyKeyKind;
  description: string;
}

export const POLICY_KEYS: readonly PolicyKey[] = [
  { key: 'extends', kind: 'preset', description: 'The preset this policy starts from (default: `strict`). Only preset names are valid: a policy file never extends another file.' },
  { key: 'allow-modules', kind: 'modules', description: "Modules added to the preset's import allowlist. A dotted module is allowed when it or a parent is listed." },
  { key: 'deny-modules', kind: 'modules', description: 'Modules taken out of the allowlist; they stay forbidden even below an allowed parent. Deny wins over allow.' },
  { key: 'allow-builtins', kind: 'names', description: "Builtins added to the preset's allowlist." },
  { key: 'deny-builtins', kind: 'names', description: 'Builtins taken out of the allowlist.' },
  { key: 'allow-members', kind: 'members', description: 'Per-module member allowlists (module -> members). A module listed here exposes only the listed members (plus those the preset lists for it).' },
  { key: 'allow-attributes', kind: 'names', description: "Dunder attributes and names added to the preset's allowlist (`__name__`, `__doc__`, ...)." },
  { key: 'deny-attributes', kind: 'names', description: 'Dunder attributes and names taken out of the allowlist.' },
  { key: 'rules', kind: 'rules', description: 'Severity per rule code: `error`, `warning`, `info`, `hint`, or `off`.' },
  { key: 'limits', kind: 'limits', description: 'Thresholds of the resource-exhaustion rules (PC6xx) and the file size limit.' },
  { key: 'per-file-ignores', kind: 'per-file-ignores', description: "Glob -> rule codes whose findings are dropped in matching files. Globs are relative to the policy file's folder." },
  { key: 'exclude', kind: 'globs', description: "Globs of files and folders that workspace scans skip, relative to the policy file's folder." },
  { key: 'inline-suppressions', kind: 'suppression-mode', description: '`report` (each suppression comment is itself reported and honoured never), `on` (honoured; unknown and unused ones reported), or `off` (comments ignored).' },
  { key: 'require-reason', kind: 'boolean', description: 'With `inline-suppressions = "on"`: a `# padded: allow[CODE]` comment without a reason is not honoured.' },
];

export const POLICY_KEY_NAMES: ReadonlySet<string> = new Set(POLICY_KEYS.map((k) => k.key));

/**
 * The `limits` table: one entry per `Limits` field, in kebab case. A record over `keyof Limits`,
 * so a new limit does not compile until it is given a key here (and so in the schema and docs).
 */
const LIMIT_FIELDS: Record<keyof Limits, { key: string; integer: boolean; description: string }> = {
  maxIntDigits: { key: 'max-int-digits', integer: true, description: 'Largest number of decimal digits a folded integer may have (PC601).' },
  maxFactorialArgument: { key: 'max-factorial-argument', integer: true, description: 'Largest constant argument to `math.factorial`, `comb` and `perm` (PC601).' },
  maxAllocation: { key: 'max-allocation', integer: true, description: 'Largest element count or byte size an allocation may fold to (PC602).' },
  maxSleepSeconds: { key: 'max-sleep-seconds', integer: false, description: 'Largest number of seconds a sleep may fold to (PC602).' },
  maxIterations: { key: 'max-iterations', integer: true, description: 'Most iterations a loop or a consuming call (`sum`, `max`) may fold to (PC603).' },
  maxFileBytes: { key: 'max-file-bytes', integer: true, description: 'Files larger than this are not analysed; they get one information finding.' },
};

export const LIMIT_KEYS: readonly { key: string; field: keyof Limits; integer: boolean; description: string }[] = (
  Object.keys(LIMIT_FIELDS) as (keyof Limits)[]
).map((field) => ({ field, ...LIMIT_FIELDS[field] }));

export const SEVERITY_SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'info', 'hint', 'off'];
export const SUPPRESSION_MODES: readonly SuppressionMode[] = ['off', 'report', 'on'];

/** Keys that name JavaScript prototype machinery: refused anywhere in a policy file. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Beyond these a list of globs is refused: every file is matched against every glob. */
export const MAX_GLOBS = 1000;
/** A policy file larger than this is refused before parsing. */
export const MAX_POLICY_FILE_BYTES = 10 * 1024 * 1024;
