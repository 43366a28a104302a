import type { Rule } from './types';
import { importNotAllowed } from './modules/PC101-import-not-allowed';
import { dunderAttribute } from './introspection/PC201-dunder-attribute';
import { dunderName } from './introspection/PC202-dunder-name';
import { dynamicCode } from './execution/PC301-dynamic-code';
import { builtinNotAllowed } from './builtins/PC401-builtin-not-allowed';

/** Every rule, in code order. The policy decides which run and how severe they are. */
export const RULES: readonly Rule[] = [importNotAllowed, dunderAttribute, dunderName, dynamicCode, builtinNotAllowed].sort((a, b) =>
  a.meta.code.localeCompare(b.meta.code),
);

export function ruleByCode(code: string): Rule | undefined {
  return RULES.find((r) => r.meta.code === code);
}

export type { Rule } from './types';
