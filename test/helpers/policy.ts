import { presetPolicy } from '../../server/src/policy/fromPreset';
import type { Policy } from '../../server/src/policy/types';
import type { CaseOptions } from '../../server/src/rules/types';

/** The policy a rule test case runs under: its preset plus the lists it adds. */
export function policyForCase(options: CaseOptions): Policy {
  const base = presetPolicy(options.preset ?? 'strict');
  const allowMembers = new Map(base.allowMembers);
  for (const [m, members] of Object.entries(options.allowMembers ?? {})) allowMembers.set(m, new Set(members));
  return {
    ...base,
    allowModules: new Set([...base.allowModules, ...(options.allowModules ?? [])]),
    denyModules: new Set([...base.denyModules, ...(options.denyModules ?? [])]),
    allowBuiltins: new Set([...base.allowBuiltins, ...(options.allowBuiltins ?? [])]),
    allowAttributes: new Set([...base.allowAttributes, ...(options.allowAttributes ?? [])]),
    allowMembers,
    inlineSuppressions: options.inlineSuppressions ?? base.inlineSuppressions,
    requireReason: options.requireReason ?? base.requireReason,
    limits: options.maxFileBytes === undefined ? base.limits : { ...base.limits, maxFileBytes: options.maxFileBytes },
  };
}
