import { RULES } from '../../rules';
import { PRESETS } from '../presets';
import { policyFromPreset } from '../fromPreset';
import type { Policy } from '../types';
import { LIMIT_KEYS } from './keys';
import { isPyproject, type PolicyError, type PolicySettings } from './load';
import { TomlLocator } from './locate';

/** What `padded-cell policy` needs to say where each part of a policy came from. */
export interface ExplainContext {
  /** The Python file (or folder) the policy was looked up for. */
  target?: string;
  /** The policy file's text, to point at the line of each entry it adds. */
  text?: string;
  /** How to print the policy file's path (e.g. relative to the working folder). */
  displayFile?: string;
  errors?: readonly PolicyError[];
  /** The file's validated settings (from the load result), to tell an explicit `extends` from the default. */
  settings?: PolicySettings;
}

/** The effective policy as JSON, in the policy file's own vocabulary, plus where entries came from. */
export interface EffectivePolicyJson {
  'policy-file': string | null;
  name: string;
  extends: string;
  'allow-modules': string[];
  'deny-modules': string[];
  'allow-builtins': string[];
  'allow-members': Record<string, string[]>;
  'allow-attributes': string[];
  /** Every registered rule's effective setting, not only those the policy names. */
  rules: Record<string, string>;
  limits: Record<string, number>;
  'inline-suppressions': string;
  'require-reason': boolean;
  'per-file-ignores': Record<string, string[]>;
  exclude: string[];
  /**
   * Where entries that differ from the preset come from (`file:line`); everything else is the
   * preset's. `removed` lists preset entries the file takes away.
   */
  origins: {
    added: Record<string, Record<string, string>>;
    removed: Record<string, Record<string, string>>;
  };
  errors: { file: string; line: number; column: number; key?: string; message: string }[];
}

const LIST_KEYS = [
  { key: 'allow-modules', field: 'allowModules', deny: 'deny-modules' },
  { key: 'allow-builtins', field: 'allowBuiltins', deny: 'deny-builtins' },
  { key: 'allow-attributes', field: 'allowAttributes', deny: 'deny-attributes' },
] as const;

const sorted = (values: Iterable<string>): string[] => [...values].sort();

function record<T>(entries: [string, T][]): Record<string, T> {
  // Keys here come from the policy file: a null-prototype object cannot be polluted by them.
  const result = Object.create(null) as Record<string, T>;
  for (const [k, v] of entries) result[k] = v;
  return result;
}

function ruleSettingOf(policy: Policy, code: string, fallback: string): string {
  return policy.rules.get(code) ?? policy.defaultSeverity ?? fallback;
}

/** Builds the JSON form and the provenance that both outputs print. */
export function effectivePolicyJson(policy: Policy, context: ExplainContext = {}): EffectivePolicyJson {
  const preset = PRESETS.get(policy.preset);
  const base = preset ? policyFromPreset(preset) : undefined;
  const file = context.displayFile ?? policy.file;
  const locator = policy.file && context.text !== undefined ? new TomlLocator(context.text) : undefined;
  const prefix = policy.file && isPyproject(policy.file) ? ['tool', 'padded-cell'] : [];
  const where = (path: string[], value?: string): string => {
    if (!locator || !file) return file ?? 'policy file';
    return `${file}:${locator.locate([...prefix, ...path], value).start.line + 1}`;
  };

  const added: Record<string, Record<string, string>> = record([]);
  const removed: Record<string, Record<string, string>> = record([]);
  const note = (target: Record<string, Record<string, string>>, key: string, entry: string, origin: string): void => {
    (target[key] ??= record([]))[entry] = origin;
  };

  if (base && policy.file) {
    for (const { key, field, deny } of LIST_KEYS) {
      for (const entry of sorted(policy[field])) if (!base[field].has(entry)) note(added, key, entry, where([key], entry));
      for (const entry of sorted(base[field])) if (!policy[field].has(entry)) note(removed, key, entry, where([deny], entry));
    }
    for (const entry of sorted(policy.denyModules)) if (!base.denyModules.has(entry)) note(added, 'deny-modules', entry, where(['deny-modules'], entry));
    for (const [module, members] of policy.allowMembers) {
      const before = base.allowMembers.get(module);
      for (const member of sorted(members)) if (!before?.has(member)) note(added, `allow-members.${module}`, member, where(['allow-members', module], member));
    }
    for (const rule of RULES) {
      const code = rule.meta.code;
      if (ruleSettingOf(policy, code, rule.meta.defaultSeverity) !== ruleSettingOf(base, code, rule.meta.defaultSeverity)) {
        note(added, 'rules', code, where(['rules', code]));
      }
    }
    for (const { key, field } of LIMIT_KEYS) if (policy.limits[field] !== base.limits[field]) note(added, 'limits', key, where(['limits', key]));
    if (policy.inlineSuppressions !== base.inlineSuppressions) note(added, 'settings', 'inline-suppressions', where(['inline-suppressions']));
    if (policy.requireReason !== base.requireReason) note(added, 'settings', 'require-reason', where(['require-reason']));
    note(added, 'settings', 'extends', context.settings?.extends ? where(['extends']) : 'default preset');
    for (const entry of policy.paths?.perFileIgnores ?? []) note(added, 'per-file-ignores', entry.pattern, where(['per-file-ignores', entry.pattern]));
    for (const glob of policy.paths?.exclude ?? []) note(added, 'exclude', glob, where(['exclude'], glob));
  }

  return {
    'policy-file': policy.file ?? null,
    name: policy.name,
    extends: policy.preset,
    'allow-modules': sorted(policy.allowModules),
    'deny-modules': sorted(policy.denyModules),
    'allow-builtins': sorted(policy.allowBuiltins),
    'allow-members': record(sorted(policy.allowMembers.keys()).map((m) => [m, sorted(policy.allowMembers.get(m)!)])),
    'allow-attributes': sorted(policy.allowAttributes),
    rules: record(RULES.map((r) => [r.meta.code, ruleSettingOf(policy, r.meta.code, r.meta.defaultSeverity)])),
    limits: record(LIMIT_KEYS.map(({ key, field }) => [key, policy.limits[field]])),
    'inline-suppressions': policy.inlineSuppressions,
    'require-reason': policy.requireReason,
    'per-file-ignores': record((policy.paths?.perFileIgnores ?? []).map((e) => [e.pattern, [...e.codes]])),
    exclude: [...(policy.paths?.exclude ?? [])],
    origins: { added, removed },
    errors: (context.errors ?? []).map((e) => ({
      file: e.file,
      line: e.range.start.line + 1,
      column: e.range.start.character + 1,
      ...(e.key !== undefined ? { key: e.key } : {}),
      message: e.message,
    })),
  };
}

/** The human-readable explanation printed by `padded-cell policy`. */
export function explainPolicy(policy: Policy, context: ExplainContext = {}): string {
  const json = effectivePolicyJson(policy, context);
  const out: string[] = [];
  const presetLabel = `preset ${policy.preset}`;
  if (context.target) out.push(`Effective policy for ${context.target}`);
  out.push(`  policy file: ${context.displayFile ?? policy.file ?? `none (${presetLabel})`}`);
  out.push(`  extends:     ${policy.preset}${policy.file ? ` (${json.origins.added.settings?.extends ?? 'default preset'})` : ''}`);
  if (json.errors.length) {
    const files = [...new Set(json.errors.map((e) => e.file))].join(', ');
    out.push(`  NOT IN FORCE: ${files} has errors (listed on stderr); the policy below is the one in force instead`);
  }

  const list = (title: string, values: string[], key: string): void => {
    out.push('', `${title} (${values.length})`);
    const addedHere = json.origins.added[key] ?? {};
    const fromPreset = values.filter((v) => !(v in addedHere));
    if (fromPreset.length) out.push(wrap(`from ${presetLabel}: `, fromPreset));
    for (const v of values) if (v in addedHere) out.push(`  + ${v}  (${addedHere[v]})`);
    const removedHere = json.origins.removed[key] ?? {};
    for (const v of Object.keys(removedHere).sort()) out.push(`  - ${v}  (${removedHere[v]})`);
    if (!values.length && !Object.keys(removedHere).length) out.push('  (none)');
  };
  list('allow-modules', json['allow-modules'], 'allow-modules');
  list('deny-modules', json['deny-modules'], 'deny-modules');
  list('allow-builtins', json['allow-builtins'], 'allow-builtins');
  list('allow-attributes', json['allow-attributes'], 'allow-attributes');

  out.push('', 'allow-members');
  const modules = Object.keys(json['allow-members']);
  if (!modules.length) out.push('  (none: every allowed module exposes all its public members)');
  for (const module of modules) {
    const addedHere = json.origins.added[`allow-members.${module}`] ?? {};
    const members = json['allow-members'][module];
    const fromPreset = members.filter((m) => !(m in addedHere));
    out.push(`  ${module}:`);
    if (fromPreset.length) out.push(wrap(`    from ${presetLabel}: `, fromPreset));
    for (const m of members) if (m in addedHere) out.push(`    + ${m}  (${addedHere[m]})`);
  }

  out.push('', 'rules');
  const ruleOrigins = json.origins.added.rules ?? {};
  for (const rule of RULES) {
    const code = rule.meta.code;
    const origin = ruleOrigins[code] ?? (policy.rules.has(code) || policy.defaultSeverity ? presetLabel : 'rule default');
    out.push(`  ${code} ${rule.meta.name.padEnd(34)} ${json.rules[code].padEnd(8)} (${origin})`);
  }

  out.push('', 'limits');
  const limitOrigins = json.origins.added.limits ?? {};
  for (const { key } of LIMIT_KEYS) out.push(`  ${key.padEnd(24)} ${String(json.limits[key]).padEnd(12)} (${limitOrigins[key] ?? presetLabel})`);

  out.push('', 'suppressions');
  const settingOrigins = json.origins.added.settings ?? {};
  out.push(`  inline-suppressions      ${json['inline-suppressions'].padEnd(12)} (${settingOrigins['inline-suppressions'] ?? presetLabel})`);
  out.push(`  require-reason           ${String(json['require-reason']).padEnd(12)} (${settingOrigins['require-reason'] ?? presetLabel})`);

  out.push('', 'per-file-ignores');
  const ignores = Object.keys(json['per-file-ignores']);
  if (!ignores.length) out.push('  (none)');
  const pathOrigin = (key: string, glob: string): string => {
    const origin = json.origins.added[key]?.[glob];
    return origin ? `  (${origin})` : '';
  };
  for (const glob of ignores) out.push(`  ${glob}: ${json['per-file-ignores'][glob].join(', ') || '(no codes)'}${pathOrigin('per-file-ignores', glob)}`);
  out.push('', 'exclude');
  if (!json.exclude.length) out.push('  (none)');
  for (const glob of json.exclude) out.push(`  ${glob}${pathOrigin('exclude', glob)}`);
  return `${out.join('\n')}\n`;
}

function wrap(lead: string, values: string[], width = 100): string {
  const lines: string[] = [];
  let line = `  ${lead}`;
  const indent = ' '.repeat(line.length);
  values.forEach((v, i) => {
    const piece = `${v}${i < values.length - 1 ? ',' : ''}`;
    if (line.length + piece.length + 1 > width && line.trim().length > lead.trim().length) {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += (line.endsWith(' ') ? '' : ' ') + piece;
  });
  lines.push(line);
  return lines.join('\n');
}
