/**
 * Finding the policy file that applies to a Python file, with no file system of its own: the
 * caller says how to read a candidate. The CLI and the language server in Node read the disk
 * (discover.ts); the language server in a browser reads what the client fetched for it through
 * `vscode.workspace.fs`, so virtual workspaces (a GitHub repository in vscode.dev) get their
 * policy file too.
 */
import * as path from 'node:path';
import { defaultPolicy, loadPolicyText, type LoadPolicyOptions, type PolicyLoadResult } from './load';
import { parseToml } from './toml';

export const POLICY_FILE_NAMES = ['padded-cell.toml', 'pyproject.toml'] as const;

/** A policy file found for a Python file: its text, or why it could not be read. */
export interface PolicyFileRef {
  path: string;
  text?: string;
  readError?: string;
}

/** Reads one candidate path: undefined when nothing is there (the normal case). */
export type PolicyCandidateReader = (file: string) => PolicyFileRef | undefined;

/**
 * The nearest `padded-cell.toml`, or `pyproject.toml` with a `[tool.padded-cell]` table, in
 * `directory` or above it; in one folder `padded-cell.toml` wins. The walk stops after `stopAt`
 * (a workspace root) when given, else at the root.
 *
 * A `pyproject.toml` that does not parse counts when its text mentions `padded-cell`: its errors
 * are then reported instead of a policy further up applying silently.
 */
export function findPolicyFileFrom(directory: string, readCandidate: PolicyCandidateReader, stopAt?: string): PolicyFileRef | undefined {
  let dir = directory;
  for (;;) {
    for (const name of POLICY_FILE_NAMES) {
      const candidate = path.join(dir, name);
      const ref = readCandidate(candidate);
      if (!ref) continue;
      if (name === 'pyproject.toml' && ref.text !== undefined && !hasPolicyTable(ref.text)) continue;
      return ref;
    }
    if (dir === stopAt) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Loads a found (or configured) policy file. With none, the default preset applies (not
 * `lastGood`: that is kept only when a policy file is broken).
 */
export function loadPolicyFile(ref: PolicyFileRef | undefined, options: LoadPolicyOptions = {}): PolicyLoadResult {
  if (!ref) return { policy: defaultPolicy(options.defaultPreset), errors: [] };
  if (ref.text === undefined) {
    const at = { line: 0, character: 0 };
    return {
      policy: options.lastGood ?? defaultPolicy(options.defaultPreset),
      errors: [{ file: ref.path, range: { start: at, end: at }, message: `cannot read policy file: ${ref.readError ?? 'unknown error'}` }],
    };
  }
  return loadPolicyText(ref.path, ref.text, options);
}

function hasPolicyTable(text: string): boolean {
  try {
    const document = parseToml(text) as Record<string, unknown>;
    const tool = Object.prototype.hasOwnProperty.call(document, 'tool') ? document.tool : undefined;
    return typeof tool === 'object' && tool !== null && Object.prototype.hasOwnProperty.call(tool, 'padded-cell');
  } catch {
    return text.includes('padded-cell');
  }
}
