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

/** The message as JSON.stringify would write it (same keys, same order), from cached pieces. */
export function encodeMessage(message: unknown): Buffer {
  if (!isPublish(message)) return Buffer.from(JSON.stringify(message, undefined, 0), 'utf8');
  const { params } = message;
  let head = `{"jsonrpc":${JSON.stringify(message.jsonrpc)},"method":${JSON.stringify(message.method)},"params":{"uri":${JSON.stringify(params.uri)}`;
  if (params.version !== undefined) head += `,"version":${JSON.stringify(params.version)}`;
  head += ',"diagnostics":[';
  const first = Buffer.from(head, 'utf8');
  const diagnostics = params.diagnostics;
  const parts: Buffer[] = new Array(diagnostics.length);
  let length = first.length + END.length;
  for (let i = 0; i < diagnostics.length; i++) {
    // JSON.stringify writes a hole or undefined in an array as null.
    const d = diagnostics[i];
    const bytes = d === undefined || d === null ? NULL : diagnosticBytes(d);
    parts[i] = bytes;
    length += bytes.length;
  }
  // Each part starts with a comma; the first is copied without it. One buffer of the message's
  // size, filled in place (Buffer.concat of thousands of parts cost a millisecond more).
  if (parts.length) length--;
  const out = Buffer.allocUnsafe(length);
  let at = first.copy(out, 0);
  for (let i = 0; i < parts.length; i++) {
    const bytes = parts[i];
    if (i === 0) at += bytes.copy(out, at, 1);
    else {
      out.set(bytes, at);
      at += bytes.length;
    }
  }
  END.copy(out, at);
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
