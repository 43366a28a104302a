import * as path from 'node:path';

/**
 * How a file is named in every output: relative to the working directory with forward
 * slashes, so reports are the same on every machine and SARIF URIs resolve against the
 * checkout; absolute when the file lies outside it (a `../../` chain helps no one).
 */
export function displayPath(absolutePath: string, cwd: string): string {
  const relative = path.relative(cwd, absolutePath);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return toPosix(absolutePath);
  return toPosix(relative);
}

export function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/** A one-line reason from a Node file-system error, without the absolute path Node puts in it. */
export function describeFsError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    const message = 'message' in error && typeof error.message === 'string' ? error.message : '';
    // Node's messages read "ENOENT: no such file or directory, open '/abs/path'".
    const match = /^[A-Z0-9_]+: ([^,]+)/.exec(message);
    return match ? `${match[1]} (${error.code})` : error.code;
  }
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
