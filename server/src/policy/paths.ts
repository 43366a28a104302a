import * as path from 'node:path';
import { compileGlob, type GlobMatcher } from './glob';
import type { PathRules, Policy } from './types';

interface CompiledPathRules {
  exclude: GlobMatcher[];
  ignores: { matcher: GlobMatcher; codes: readonly string[] }[];
}

const compiled = new WeakMap<PathRules, CompiledPathRules>();

/** A glob the loader did not validate (a hand-built policy) never matches: fail closed. */
function compileOrNever(pattern: string): GlobMatcher {
  try {
    return compileGlob(pattern);
  } catch {
    return { pattern, matches: () => false };
  }
}

function compile(rules: PathRules): CompiledPathRules {
  let result = compiled.get(rules);
  if (!result) {
    result = {
      exclude: rules.exclude.map(compileOrNever),
      ignores: rules.perFileIgnores.map((entry) => ({ matcher: compileOrNever(entry.pattern), codes: entry.codes })),
    };
    compiled.set(rules, result);
  }
  return result;
}

/**
 * The file's path relative to the policy file's folder, with `/` separators; undefined when the
 * file is outside that folder (then no glob of the policy applies to it).
 */
export function pathRelativeToPolicy(policy: Policy, filePath: string): string | undefined {
  if (!policy.paths) return undefined;
  const relative = path.relative(path.resolve(policy.paths.root), path.resolve(filePath));
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/** Whether the policy's `exclude` globs skip this file (for workspace scans; not a security boundary). */
export function isExcluded(policy: Policy, filePath: string): boolean {
  const relative = pathRelativeToPolicy(policy, filePath);
  if (relative === undefined || !policy.paths) return false;
  return compile(policy.paths).exclude.some((m) => m.matches(relative));
}

/** Codes whose findings `per-file-ignores` drops in this file. */
export function ignoredCodes(policy: Policy, filePath: string): ReadonlySet<string> {
  const relative = pathRelativeToPolicy(policy, filePath);
  const codes = new Set<string>();
  if (relative === undefined || !policy.paths) return codes;
  for (const { matcher, codes: entryCodes } of compile(policy.paths).ignores) {
    if (matcher.matches(relative)) for (const code of entryCodes) codes.add(code);
  }
  return codes;
}
