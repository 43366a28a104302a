import * as fs from 'node:fs';
import { describeFsError } from './paths';

export type ReadResult =
  | { ok: true; text: string; bytes: number; tooLarge?: undefined }
  /** Over the size limit: not read at all, so a huge file costs a `stat`, not its size in memory. */
  | { ok: true; tooLarge: true; bytes: number }
  | { ok: false; message: string };

export type ReadBytesResult =
  | { ok: true; data: Uint8Array; tooLarge?: undefined }
  | { ok: true; tooLarge: true; bytes: number }
  | { ok: false; message: string };

/**
 * Python source is UTF-8 (PEP 3120). Invalid bytes become U+FFFD rather than failing the file:
 * a file that does not decode is still code someone may run, so it is analysed, not skipped.
 * The decoder drops a leading BOM, as editors do, so columns on line 1 match what a person sees
 * and what the language server reports for the same file.
 */
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodePythonSource(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/**
 * Whether the text `decodePythonSource` made of these bytes is the whole truth: valid UTF-8.
 * `--fix` writes back only such files; re-encoding a U+FFFD would destroy the original bytes.
 */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strictDecoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * Reads one file's bytes. Opened non-blocking and checked with `fstat` on the same descriptor,
 * so a FIFO or device named `.py` is reported instead of hanging the scan, with no window for
 * the path to change between the check and the read. A file over `maxBytes` is not read.
 */
export function readPythonBytes(absolutePath: string, maxBytes = Infinity): ReadBytesResult {
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
    if (stat.size > maxBytes) return { ok: true, tooLarge: true, bytes: stat.size };
    return { ok: true, data: fs.readFileSync(fd) };
  } catch (error) {
    return { ok: false, message: `cannot read: ${describeFsError(error)}` };
  } finally {
    fs.closeSync(fd);
  }
}

export function readPythonSource(absolutePath: string, maxBytes = Infinity): ReadResult {
  const read = readPythonBytes(absolutePath, maxBytes);
  if (!read.ok || read.tooLarge) return read;
  return { ok: true, text: decodePythonSource(read.data), bytes: read.data.length };
}
