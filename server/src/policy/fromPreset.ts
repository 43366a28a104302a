import type { Policy, RuleSetting } from './types';
import { DEFAULT_LIMITS, type PresetDefinition } from './presets/types';
import { DEFAULT_PRESET, PRESETS } from './presets';

export function presetNames(): string[] {
  return [...PRESETS.keys()];
}

/** The policy a preset describes, before any policy file or setting changes it. */
export function policyFromPreset(preset: PresetDefinition): Policy {
  const rules = new Map<string, RuleSetting>();
  for (const [code, setting] of Object.entries(preset.rules ?? {})) rules.set(code, setting);
  return {
    name: preset.name,
    preset: preset.name,
    allowModules: new Set(Object.keys(preset.modules)),
    denyModules: new Set(Object.keys(preset.denyModules ?? {})),
    allowBuiltins: new Set(Object.keys(preset.builtins)),
    allowMembers: new Map(Object.entries(preset.members ?? {}).map(([m, members]) => [m, new Set(Object.keys(members))])),
    allowAttributes: new Set(Object.keys(preset.attributes)),
    rules,
    defaultSeverity: preset.severity,
    limits: { ...DEFAULT_LIMITS, ...preset.limits },
    inlineSuppressions: preset.inlineSuppressions ?? 'report',
    requireReason: preset.requireReason ?? false,
  };
}

/** The named preset's policy; throws on an unknown name (callers report it as a usage error). */
export function presetPolicy(name: string = DEFAULT_PRESET): Policy {
  const preset = PRESETS.get(name);
  if (!preset) throw new Error(`unknown preset '${name}' (known: ${presetNames().join(', ')})`);
  return policyFromPreset(preset);
}
