import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPolicyText } from '../../server/src/policy/file/load';
import type { Policy } from '../../server/src/policy/types';

/** The corpus README's policy, as a host would write it: `strict` plus a module allowlist. */
export const CORPUS_POLICY_FILE = path.join(__dirname, 'padded-cell.toml');

export function corpusPolicy(): Policy {
  const { policy, errors } = loadPolicyText(CORPUS_POLICY_FILE, fs.readFileSync(CORPUS_POLICY_FILE, 'utf8'));
  if (errors.length) throw new Error(`corpus policy file is broken: ${JSON.stringify(errors)}`);
  return policy;
}
