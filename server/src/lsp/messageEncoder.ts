/**
 * The JSON encoder of the stdio transport (lspMain.ts), with one shortcut: the bytes of each
 * Diagnostic of a `publishDiagnostics` are kept, by object, and the message is assembled from
 * them. A large file's message is over a megabyte (4,486 findings in CPython's test_typing.py
 * under `audit`), and JSON.stringify plus its UTF-8 copy cost about 10 ms of every keystroke;
 * after an edit, all but a few of the Diagnostics are the objects sent last time (the
 * incremental analysis keeps the Findings an edit did not touch, DiagnosticCache their
 * Diagnostics).
 *
 * Diagnostics are never mutated once made (they are rebuilt from findings), which is what makes
 * caching by identity sound. Every other message is JSON.stringify'd as the library does.
 * Node's IPC channel and a browser worker's postMessage serialise messages themselves: this is
 * for streams only.
 */
import type { Diagnostic } from 'vscode-languageserver';

const PUBLISH = 'textDocument/publishDiagnostics';

/** The shape vscode-jsonrpc's `ContentTypeEncoder` has (its module is not a dependency of ours). */
export interface JsonContentTypeEncoder {
  readonly name: string;
  encode(message: unknown, options: { charset: string }): Promise<Uint8Array>;
}

const bytesOf = new WeakMap<Diagnostic, Buffer>();
const sentOnce = new WeakSet<Diagnostic>();

/** The Diagnostic's JSON after a comma (`,{...}`): the separator is one part of the message fewer to copy. */
function diagnosticBytes(diagnostic: Diagnostic): Buffer {
  let bytes = bytesOf.get(diagnostic);
  if (bytes === undefined) {
    bytes = Buffer.from(`,${JSON.stringify(diagnostic)}`, 'utf8');
    // Kept from its second message on: a Diagnostic sent again is one an edit left alone, in
    // a document being typed in. Most open documents are never edited; their bytes would be
    // a copy of every finding held for nothing.
    if (sentOnce.has(diagnostic)) bytesOf.set(diagnostic, bytes);
    else sentOnce.add(diagnostic);
  }
  return bytes;
}

function hasOnlyKeys(value: object, allowed: readonly string[]): boolean {
  for (const key in value) if (!allowed.includes(key)) return false;
  return true;
}

interface PublishMessage {
  jsonrpc: string;
  method: string;
  params: { uri: string; version?: number; diagnostics: Diagnostic[] };
}

/** A publishDiagnostics notification in exactly the shape the library sends (anything else goes through JSON.stringify). */
function isPublish(message: unknown): message is PublishMessage {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Partial<PublishMessage>;
  if (m.method !== PUBLISH || typeof m.jsonrpc !== 'string' || !hasOnlyKeys(m, ['jsonrpc', 'method', 'params'])) return false;
  const p = m.params;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.uri === 'string' &&
    (p.version === undefined || typeof p.version === 'number') &&
    Array.isArray(p.diagnostics) &&
    hasOnlyKeys(p, ['uri', 'version', 'diagnostics'])
  );
}

const NULL = Buffer.from(',null');
const END = Buffer.from(']}}');
const COMMA = 0x2c;

/**
 * The last publish of the most recently published documents: its Diagnostics and where the JSON
 * of each is in the bytes sent (`starts[i]` to `ends[i]`, without the comma). A keystroke's
 * message holds, before and after the few Diagnostics the edit made anew, the very objects of
 * the one before, in order: those runs are copied from the previous bytes in one piece each
 * (a lookup and a copy for each of thousands of Diagnostics cost milliseconds a keystroke).
 */
interface Sent {
  uri: string;
  diagnostics: readonly unknown[];
  bytes: Buffer;
  starts: Int32Array;
  ends: Int32Array;
}

/** Two: the document being typed in, and one other published in between. */
const KEEP_SENT = 2;
const sent: Sent[] = [];

/** The message as JSON.stringify would write it (same keys, same order), from cached pieces. */
export function encodeMessage(message: unknown): Buffer {
  if (!isPublish(message)) return Buffer.from(JSON.stringify(message, undefined, 0), 'utf8');
  const { params } = message;
  let head = `{"jsonrpc":${JSON.stringify(message.jsonrpc)},"method":${JSON.stringify(message.method)},"params":{"uri":${JSON.stringify(params.uri)}`;
  if (params.version !== undefined) head += `,"version":${JSON.stringify(params.version)}`;
  head += ',"diagnostics":[';
  const first = Buffer.from(head, 'utf8');
  const diagnostics = params.diagnostics;
  const n = diagnostics.length;
  // The runs at the start and at the end that are the previous message's own objects.
  const at = sent.findIndex((s) => s.uri === params.uri);
  const previous = at >= 0 ? sent[at] : undefined;
  let prefix = 0;
  let suffix = 0;
  if (previous) {
    const before = previous.diagnostics;
    const most = Math.min(n, before.length);
    while (prefix < most && diagnostics[prefix] === before[prefix] && diagnostics[prefix] !== null && diagnostics[prefix] !== undefined) prefix++;
    while (suffix < most - prefix && diagnostics[n - 1 - suffix] === before[before.length - 1 - suffix] && diagnostics[n - 1 - suffix] != null) suffix++;
  }
  const middle: Buffer[] = new Array(n - prefix - suffix);
  // The runs copied hold the commas between their own diagnostics; the others are written.
  const news = n - prefix - suffix;
  let length = first.length + END.length + (news > 0 ? news - (prefix === 0 ? 1 : 0) : 0) + (suffix > 0 && prefix + news > 0 ? 1 : 0);
  if (prefix > 0) length += previous!.ends[prefix - 1] - previous!.starts[0];
  if (suffix > 0) length += previous!.ends[previous!.diagnostics.length - 1] - previous!.starts[previous!.diagnostics.length - suffix];
  for (let i = prefix; i < n - suffix; i++) {
    // JSON.stringify writes a hole or undefined in an array as null.
    const d = diagnostics[i];
    const bytes = d === undefined || d === null ? NULL : diagnosticBytes(d);
    middle[i - prefix] = bytes;
    length += bytes.length - 1;
  }
  // One buffer of the message's size, filled in place (Buffer.concat of thousands of parts cost a millisecond more).
  const out = Buffer.allocUnsafe(length);
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  let pos = first.copy(out, 0);
  if (prefix > 0) {
    const shift = pos - previous!.starts[0];
    pos += previous!.bytes.copy(out, pos, previous!.starts[0], previous!.ends[prefix - 1]);
    for (let i = 0; i < prefix; i++) {
      starts[i] = previous!.starts[i] + shift;
      ends[i] = previous!.ends[i] + shift;
    }
  }
  for (let i = prefix; i < n - suffix; i++) {
    if (i > 0) out[pos++] = COMMA;
    const bytes = middle[i - prefix];
    starts[i] = pos;
    pos += bytes.copy(out, pos, 1);
    ends[i] = pos;
  }
  if (suffix > 0) {
    if (n - suffix > 0) out[pos++] = COMMA;
    const m = previous!.diagnostics.length;
    const shift = pos - previous!.starts[m - suffix];
    pos += previous!.bytes.copy(out, pos, previous!.starts[m - suffix], previous!.ends[m - 1]);
    for (let k = 0; k < suffix; k++) {
      starts[n - suffix + k] = previous!.starts[m - suffix + k] + shift;
      ends[n - suffix + k] = previous!.ends[m - suffix + k] + shift;
    }
  }
  END.copy(out, pos);
  // A copy of the array: the caller's is not ours to keep as it is.
  const record: Sent = { uri: params.uri, diagnostics: diagnostics.slice(), bytes: out, starts, ends };
  if (at >= 0) sent.splice(at, 1);
  sent.unshift(record);
  if (sent.length > KEEP_SENT) sent.length = KEEP_SENT;
  return out;
}

export const jsonMessageEncoder: JsonContentTypeEncoder = {
  name: 'application/json',
  encode(message, options) {
    try {
      if (options.charset !== 'utf-8' && options.charset !== 'utf8') return Promise.resolve(Buffer.from(JSON.stringify(message, undefined, 0), options.charset as BufferEncoding));
      return Promise.resolve(encodeMessage(message));
    } catch (error) {
      return Promise.reject(error);
    }
  },
};
