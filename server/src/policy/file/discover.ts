import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultPolicy, isPyproject, loadPolicyText, type LoadPolicyOptions, type PolicyLoadResult } from './load';
import { MAX_POLICY_FILE_BYTES } from './keys';
import { parseToml } from './toml';

export const POLICY_FILE_NAMES = ['padded-cell.toml', 'pyproject.toml'] as const;

/** A policy file found for a Python file: its text, or why it could not be read. */
export interface PolicyFileRef {
  path: string;
  text?: string;
  readError?: string;
}

/**
 * The policy file that applies to a Python file: the nearest `padded-cell.toml`, or
 * `pyproject.toml` with a `[tool.padded-cell]` table, in the file's folder or above it; in one
 * folder `padded-cell.toml` wins. `pythonFilePath` may also be a folder. The walk stops after
 * `stopAt` (a workspace root) when given, else at the file system root.
 *
 * A `pyproject.toml` that does not parse counts when its text mentions `padded-cell`: its errors
 * are then reported instead of a policy further up applying silently.
 */
export function findPolicyFile(pythonFilePath: string, stopAt?: string): PolicyFileRef | undefined {
  const start = path.resolve(pythonFilePath);
  let dir = isDirectory(start) ? start : path.dirname(start);
  const stop = stopAt === undefined ? undefined : path.resolve(stopAt);
  for (;;) {
    for (const name of POLICY_FILE_NAMES) {
      const candidate = path.join(dir, name);
      const ref = readCandidate(candidate);
      if (!ref) continue;
      if (isPyproject(candidate) && ref.text !== undefined && !hasPolicyTable(ref.text)) continue;
      return ref;
    }
    if (dir === stop) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The policy for a Python file: the nearest policy file loaded over `options.lastGood`, or the
 * default preset when there is none. `file` says which policy file applied.
 */
export function loadPolicyForFile(pythonFilePath: string, options: LoadPolicyOptions & { stopAt?: string } = {}): PolicyLoadResult & { file?: string } {
  const ref = findPolicyFile(pythonFilePath, options.stopAt);
  if (!ref) return loadPolicyFile(undefined, options);
  return { ...loadPolicyFile(ref, options), file: ref.path };
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

/** Reads a policy file named by the user (the `paddedCell.policyFile` setting, `--policy-file`). */
export function readPolicyFile(file: string): PolicyFileRef {
  const absolute = path.resolve(file);
  return readCandidate(absolute) ?? { path: absolute, readError: 'no such file' };
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function readCandidate(file: string): PolicyFileRef | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Missing is the normal case; anything else (EACCES on a folder, ELOOP) is worth saying.
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return { path: file, readError: errorText(error) };
  }
  if (!stat.isFile()) return { path: file, readError: 'not a regular file' };
  if (stat.size > MAX_POLICY_FILE_BYTES) return { path: file, readError: `policy file is larger than ${MAX_POLICY_FILE_BYTES / (1024 * 1024)} MB` };
  try {
    return { path: file, text: fs.readFileSync(file, 'utf8') };
  } catch (error) {
    return { path: file, readError: errorText(error) };
  }
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

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
