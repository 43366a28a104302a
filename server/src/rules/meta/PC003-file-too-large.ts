import type { Finding, Severity } from '../../engine/types';
import type { Policy } from '../../policy/types';
import type { Rule } from '../types';

export const FILE_TOO_LARGE = { code: 'PC003', name: 'file-too-large' } as const;

/** `2 MB`, `512 KB`, `1.5 MB`, `900 bytes`: how a person writes the limit they configured. */
export function formatSize(bytes: number): string {
  const units: [number, string][] = [
    [1024 * 1024, 'MB'],
    [1024, 'KB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
}

export function isOverSizeLimit(bytes: number, policy: Policy): boolean {
  return bytes > policy.limits.maxFileBytes;
}

export function fileTooLargeMessage(bytes: number, policy: Policy): string {
  const limit = policy.limits.maxFileBytes;
  return `not analysed: file larger than ${formatSize(limit)} (${bytes} bytes; policy '${policy.name}' sets max-file-bytes = ${limit})`;
}

/**
 * The finding for a file the CLI did not read because of its size. A policy cannot switch it
 * off (`off` reads as `info`): an unanalysed file that says nothing is a file that passed.
 */
export function fileTooLargeFinding(bytes: number, policy: Policy): Finding {
  const setting = policy.rules.get(FILE_TOO_LARGE.code) ?? policy.defaultSeverity ?? fileTooLarge.meta.defaultSeverity;
  const severity: Severity = setting === 'off' ? 'info' : setting;
  return {
    ...FILE_TOO_LARGE,
    severity,
    message: fileTooLargeMessage(bytes, policy),
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  };
}

/**
 * Source text as UTF-8 bytes, without encoding it: a UTF-16 unit is 1 to 3 bytes (a surrogate
 * pair, two units, is 4; a lone surrogate is written as U+FFFD, 3). Counted here rather than
 * with Node's `Buffer`, which a browser worker does not have.
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The command line checks a file's size before reading it and reports this instead of analysing
 * (a 10 MB file takes seconds to parse; a hostile one could be far larger). The check here is
 * the same limit for text that reached the engine anyway (an editor buffer): it is reported
 * there too, so a front that forgot the limit cannot hide it.
 */
export const fileTooLarge: Rule = {
  meta: {
    ...FILE_TOO_LARGE,
    summary: 'A file larger than the policy\'s `max-file-bytes`: reported, not analysed',
    defaultSeverity: 'info',
    docs: {
      what: 'A file larger than the policy\'s `limits.max-file-bytes` (2 MB unless the policy says otherwise). The command line does not read such a file: it reports this finding, once, at the top of the file, instead of its analysis. The policy may change its severity but not switch it off (`off` reads as `info`), and it makes the exit code 1 like any finding (`--exit-zero` turns that off).',
      why: 'Parsing time and memory grow with the file: a multi-megabyte generated file stalls the scan, and a hostile plugin can pad itself to any size to exhaust the checker. A limit bounds the cost of a scan; reporting the files it skipped keeps the limit from becoming a hiding place — a file the checker silently passed over would be a file it passed.',
      example: '# a 30 MB module of generated tables, or padding\nDATA = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]  # ... repeated',
      instead: 'Keep plugin code small and ship data as data files the host loads, not as Python source. If a large file must be checked, raise `max-file-bytes` in the `[limits]` table of the policy file, for that project only.',
      fixSafety: 'No fix: the file has not been analysed.',
    },
  },
  create(context) {
    const { policy, source } = context;
    return {
      'module:exit'() {
        // Most files are far below the limit; counting bytes is needed only near it.
        if (source.length * 3 <= policy.limits.maxFileBytes) return;
        const bytes = utf8Length(source);
        if (isOverSizeLimit(bytes, policy)) {
          context.report({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: fileTooLargeMessage(bytes, policy) });
        }
      },
    };
  },
  tests: {
    valid: [
      { code: 'x = 1\n', maxFileBytes: 6, note: 'exactly at the limit' },
      { code: 'x = 1\n', note: 'far below the default 2 MB' },
      { code: '# é\n', maxFileBytes: 5, note: '4 characters, 5 bytes in UTF-8' },
      { code: '', maxFileBytes: 0, note: 'an empty file is never too large' },
      { code: 'y = "😀"\n', maxFileBytes: 11, note: 'the emoji is 2 UTF-16 units and 4 bytes' },
    ],
    invalid: [
      {
        code: 'x = 1\n',
        maxFileBytes: 5,
        errors: [{ range: '1:1-1:1', message: "not analysed: file larger than 5 bytes (6 bytes; policy 'strict' sets max-file-bytes = 5)" }],
      },
      {
        code: '# é\n',
        maxFileBytes: 4,
        errors: [{ range: '1:1-1:1', message: "not analysed: file larger than 4 bytes (5 bytes; policy 'strict' sets max-file-bytes = 4)" }],
      },
      {
        code: 'y = "😀"\n',
        maxFileBytes: 10,
        errors: [{ range: '1:1-1:1', message: "not analysed: file larger than 10 bytes (11 bytes; policy 'strict' sets max-file-bytes = 10)" }],
      },
      {
        code: 'data = "' + 'x'.repeat(2048) + '"\n',
        maxFileBytes: 2048,
        errors: [{ range: '1:1-1:1', message: "not analysed: file larger than 2 KB (2058 bytes; policy 'strict' sets max-file-bytes = 2048)" }],
      },
      {
        code: 'a = 1\r\nb = 2\r\n',
        maxFileBytes: 1,
        preset: 'audit',
        errors: [{ range: '1:1-1:1', message: "not analysed: file larger than 1 byte (14 bytes; policy 'audit' sets max-file-bytes = 1)" }],
      },
    ],
  },
};
