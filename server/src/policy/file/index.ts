export {
  loadPolicyText,
  applySettings,
  defaultPolicy,
  formatPolicyError,
  knownCodes,
  type LoadPolicyOptions,
  type PolicyError,
  type PolicyLoadResult,
  type PolicySettings,
} from './load';
export { findPolicyFile, loadPolicyFile, loadPolicyForFile, readPolicyFile, POLICY_FILE_NAMES, type PolicyFileRef } from './discover';
export { effectivePolicyJson, explainPolicy, type EffectivePolicyJson, type ExplainContext } from './explain';
export { policyJsonSchema } from './schema';
export { POLICY_KEYS, LIMIT_KEYS } from './keys';
