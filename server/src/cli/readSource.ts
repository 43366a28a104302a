import * as fs from 'node:fs';
import { describeFsError } from './paths';

export type ReadResult = { ok: true; text: string; bytes: number } | { ok: false; message: string };

/**
 * Python source is UTF-8 (PEP 3120). Invalid bytes become U+FFFD rather than failing the file:
 * a file that does not decode is still code someone may run, so it is analysed, not skipped.
 * The decoder drops a leading BOM, as editors do, so columns on line 1 match what a person sees
 * and what the language server reports for the same file.
 */
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

export function decodePythonSource(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/**
 * Reads one file. Opened non-blocking and checked with `fstat` on the same descriptor, so a
 * FIFO or device named `.py` is reported instead of hanging the scan, with no window for the
 * path to change between the check and the read.
 */
export function readPythonSource(absolutePath: string): ReadResult {
  let fd: number;
  try {
    fd = fs.openSync(absolutePath, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { ok: false, message: `cannot read: ${describeFsError(error)}` };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, message: 'cannot read: is a directory' };
    if (!stat.isFile()) return { ok: false, message: 'cannot read: not a regular file' };
    const bytes = fs.readFileSync(fd);
    return { ok: true, text: decodePythonSource(bytes), bytes: bytes.length };
  } catch (error) {
    return { ok: false, message: `cannot read: ${describeFsError(error)}` };
  } finally {
    fs.closeSync(fd);
  }
}
