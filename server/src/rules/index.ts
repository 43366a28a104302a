import type { Rule } from './types';
import { importNotAllowed } from './modules/PC101-import-not-allowed';
import { dunderAttribute } from './introspection/PC201-dunder-attribute';
import { dunderName } from './introspection/PC202-dunder-name';
import { dynamicCode } from './execution/PC301-dynamic-code';
import { builtinNotAllowed } from './builtins/PC401-builtin-not-allowed';
import { dynamicImport } from './modules/PC102-dynamic-import';
import { moduleMemberNotAllowed } from './modules/PC103-module-member-not-allowed';
import { internalAttribute } from './introspection/PC203-internal-attribute';
import { frameAccess } from './introspection/PC204-frame-access';
import { formatIntrospection } from './introspection/PC205-format-introspection';
import { computedAttribute } from './introspection/PC206-computed-attribute';
import { disguisedIdentifier } from './introspection/PC207-disguised-identifier';
import { sourceEncoding } from './introspection/PC208-source-encoding';
import { patternIntrospection } from './introspection/PC209-pattern-introspection';
import { codeObject } from './execution/PC302-code-object';
import { internalsWrite } from './execution/PC303-internals-write';
import { unsafeDeserialization } from './execution/PC304-unsafe-deserialization';
import { builtinsTamper } from './builtins/PC402-builtins-tamper';
import { hostCallback } from './builtins/PC403-host-callback';
import { processExit } from './boundary/PC501-process-exit';
import { systemAccess } from './boundary/PC502-system-access';
import { informationDisclosure } from './boundary/PC503-information-disclosure';
import { hugeNumber } from './resources/PC601-huge-number';
import { hugeAllocation } from './resources/PC602-huge-allocation';
import { unboundedLoop } from './resources/PC603-unbounded-loop';
import { unboundedRecursion } from './resources/PC604-unbounded-recursion';
import { regexRedos } from './resources/PC605-regex-redos';
import { underscoreName } from './restricted/PC701-underscore-name';
import { reservedName } from './restricted/PC702-reserved-name';
import { unsupportedSyntax } from './restricted/PC703-unsupported-syntax';
import { suppressionInUntrustedCode } from './meta/PC001-suppression-in-untrusted-code';
import { unusedSuppression } from './meta/PC002-unused-suppression';
import { fileTooLarge } from './meta/PC003-file-too-large';

/** Every rule, in code order. The policy decides which run and how severe they are. */
export const RULES: readonly Rule[] = [importNotAllowed, dunderAttribute, dunderName, dynamicCode, builtinNotAllowed,
  dynamicImport, moduleMemberNotAllowed, internalAttribute, frameAccess, formatIntrospection, computedAttribute,
  disguisedIdentifier, sourceEncoding, patternIntrospection, codeObject, internalsWrite, unsafeDeserialization, builtinsTamper, hostCallback,
  processExit, systemAccess, informationDisclosure, hugeNumber, hugeAllocation, unboundedLoop, unboundedRecursion, regexRedos,
  underscoreName, reservedName, unsupportedSyntax,
  suppressionInUntrustedCode, unusedSuppression, fileTooLarge].sort((a, b) =>
  a.meta.code.localeCompare(b.meta.code),
);

export function ruleByCode(code: string): Rule | undefined {
  return RULES.find((r) => r.meta.code === code);
}

export type { Rule } from './types';
