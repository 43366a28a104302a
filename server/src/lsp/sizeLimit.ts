/**
 * The policy's `max-file-bytes` for an open document. The command line and the scan compare it
 * with the size on disk before reading; an editor buffer is already in memory, but parsing and
 * analysing it is what the limit bounds (a hostile plugin can pad itself to any size), so the
 * check comes first here too and a document over the limit is not parsed at all. The engine's
 * PC003 rule, which counts the text after analysis, never sees such a document.
 */
import type { Finding } from '../engine';
import type { Policy } from '../policy/types';
import { fileTooLargeFinding, isOverSizeLimit } from '../rules/meta/PC003-file-too-large';

/** The PC003 finding for a text over the limit, counted in UTF-8 bytes as the file would be saved. */
export function oversizeFinding(text: string, policy: Policy): Finding | undefined {
  // A UTF-16 unit is 1 to 3 bytes of UTF-8: most documents are decided without counting.
  if (text.length * 3 <= policy.limits.maxFileBytes) return undefined;
  const bytes = utf8Length(text);
  return isOverSizeLimit(bytes, policy) ? fileTooLargeFinding(bytes, policy) : undefined;
}

/** Counted, not encoded: no copy of a large text, and no `Buffer` (the server also runs in a browser worker). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3; // the rest of the BMP, and a lone surrogate (saved as U+FFFD)
  }
  return bytes;
}
