/**
 * VS Code's `files.exclude` (pulled per workspace folder with `workspace/configuration`): an
 * object of glob → `true` | `false` | `{ when }`, globs relative to the folder. A glob that
 * matches a folder excludes everything in it (`**\/node_modules`), as in VS Code's explorer.
 *
 * Matched with the policy's own linear-time matcher: the setting comes from the workspace, and a
 * backtracking matcher could be made to hang. Values this does not understand (`{ when }`
 * conditions, malformed globs) exclude nothing: a scan that checks too much is safe, one that
 * silently checks too little is an escape.
 */
import { compileGlobExact, type GlobMatcher } from '../policy/glob';

export type ExcludeMatcher = (relativePath: string) => boolean;

const MAX_PATTERNS = 1000;

export function compileFilesExclude(setting: unknown): ExcludeMatcher {
  if (typeof setting !== 'object' || setting === null || Array.isArray(setting)) return () => false;
  const matchers: GlobMatcher[] = [];
  for (const [pattern, value] of Object.entries(setting as Record<string, unknown>)) {
    if (value !== true || matchers.length >= MAX_PATTERNS) continue;
    try {
      matchers.push(compileGlobExact(pattern.replace(/\/+$/, '')));
    } catch {
      // A glob VS Code accepts and we do not: scan the files it would hide.
    }
  }
  if (matchers.length === 0) return () => false;
  return (relativePath) => {
    const parts = relativePath.split('/');
    for (let n = 1; n <= parts.length; n++) {
      const prefix = parts.slice(0, n).join('/');
      if (matchers.some((m) => m.matches(prefix))) return true;
    }
    return false;
  };
}
