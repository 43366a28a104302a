import { presetPolicy } from '../../server/src/policy/fromPreset';
import type { Policy } from '../../server/src/policy/types';

/** The corpus README's policy: `strict` plus this module allowlist. */
export const CORPUS_ALLOW_MODULES = [
  'math', 'cmath', 'decimal', 'fractions', 'statistics', 'random', 'json', 're', 'string', 'textwrap', 'datetime', 'collections',
  'itertools', 'functools', 'operator', 'copy', 'dataclasses', 'enum', 'typing', 'abc', 'uuid', 'hashlib', 'base64', 'ast',
  '__future__', 'asyncio', 'pandas',
];

export function corpusPolicy(): Policy {
  const base = presetPolicy('strict');
  return { ...base, allowModules: new Set([...base.allowModules, ...CORPUS_ALLOW_MODULES]) };
}
