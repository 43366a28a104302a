/**
 * Policy files on disk: the Node reader for the search in search.ts, for the CLI and the
 * language server in Node.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LoadPolicyOptions, PolicyLoadResult } from './load';
import { MAX_POLICY_FILE_BYTES } from './keys';
import { findPolicyFileFrom, loadPolicyFile, type PolicyFileRef } from './search';

export { POLICY_FILE_NAMES, loadPolicyFile, type PolicyFileRef } from './search';

/**
 * The policy file that applies to a Python file: the nearest `padded-cell.toml`, or
 * `pyproject.toml` with a `[tool.padded-cell]` table, in the file's folder or above it (see
 * `findPolicyFileFrom`). `pythonFilePath` may also be a folder. The walk stops after `stopAt`
 * (a workspace root) when given, else at the file system root.
 */
export function findPolicyFile(pythonFilePath: string, stopAt?: string): PolicyFileRef | undefined {
  const start = path.resolve(pythonFilePath);
  const dir = isDirectory(start) ? start : path.dirname(start);
  return findPolicyFileFrom(dir, readCandidate, stopAt === undefined ? undefined : path.resolve(stopAt));
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

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
