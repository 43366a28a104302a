/**
 * JSON-RPC hygiene on the server's end of the wire. vscode-jsonrpc drops a message whose body is
 * not JSON without a word, and only logs one that is neither a request, a notification nor a
 * response. JSON-RPC 2.0 wants both answered — `-32700 Parse error` with id null, `-32600
 * Invalid Request` with the message's id when it has a usable one — so a client with a bug
 * learns of it instead of waiting for an answer that never comes. Either way the server keeps
 * serving: one bad message must not take the checker down with it.
 *
 * Transport-agnostic: it wraps whichever reader and writer the entry point made (stdio, IPC).
 */
import { ErrorCodes, type DataCallback, type Disposable, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver';

const LOG_ERROR = 1;

type Id = string | number | null;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function usableId(id: unknown): Id {
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

/**
 * Why a message cannot be dispatched, and the id to answer, or undefined when it is fine or
 * not ours to answer. A method-less object is taken for a response (to a request of ours): the
 * library rejects the request it matches, and answering it would answer the client's own
 * request of the same id.
 */
export function invalidRequest(message: unknown): { id: Id; reason: string } | undefined {
  if (Array.isArray(message)) return { id: null, reason: 'batches are not part of LSP; send each message on its own' };
  if (!isObject(message)) return { id: null, reason: `a message is a JSON object, not ${message === null ? 'null' : typeof message}` };
  if (!('method' in message)) return undefined;
  const { id, method, params } = message;
  if (typeof method !== 'string') return { id: usableId(id), reason: '"method" must be a string' };
  if (id !== undefined && usableId(id) === null) return { id: null, reason: '"id" must be a string or a number' };
  if (params !== undefined && typeof params !== 'object') return { id: usableId(id), reason: '"params" must be an object or an array' };
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Errors of the framing or of JSON itself; not those of the stream underneath. */
function isParseError(error: unknown): boolean {
  return error instanceof SyntaxError || (error instanceof Error && /Content-Length/.test(error.message));
}

export class GuardedMessageReader implements MessageReader {
  /** A `shutdown` request went through: the input closing after it is a normal end. */
  shutdownRequested = false;

  constructor(
    private readonly reader: MessageReader,
    private readonly writer: MessageWriter,
  ) {
    reader.onError((error) => {
      if (!isParseError(error)) return;
      this.reject(null, ErrorCodes.ParseError, `Parse error: ${describe(error)}`);
      if (error instanceof Error && /Content-Length/.test(error.message)) this.resume();
    });
  }

  /**
   * vscode-jsonrpc's stream reader stops at a header without a usable Content-Length and looks
   * at the bytes behind it only when more arrive; had they arrived together, the messages after
   * the bad one would wait, unanswered, for the client's next message. Handing it an empty
   * chunk makes it go on. (Its `onData` is not part of the MessageReader interface: without
   * it, as for IPC, which has no headers, there is nothing to resume.)
   */
  private resume(): void {
    const reader = this.reader as MessageReader & { onData?: (data: Uint8Array) => void };
    if (typeof reader.onData === 'function') setImmediate(() => reader.onData!(new Uint8Array(0)));
  }

  get onError(): MessageReader['onError'] {
    return this.reader.onError;
  }

  get onClose(): MessageReader['onClose'] {
    return this.reader.onClose;
  }

  get onPartialMessage(): MessageReader['onPartialMessage'] {
    return this.reader.onPartialMessage;
  }

  listen(callback: DataCallback): Disposable {
    return this.reader.listen((message: Message) => {
      const problem = invalidRequest(message);
      if (problem) return this.reject(problem.id, ErrorCodes.InvalidRequest, `Invalid Request: ${problem.reason}`);
      if ((message as { method?: unknown }).method === 'shutdown') this.shutdownRequested = true;
      callback(message);
    });
  }

  dispose(): void {
    this.reader.dispose();
  }

  private reject(id: Id, code: number, message: string): void {
    const write = (m: Message): void => void this.writer.write(m).catch(() => undefined);
    write({ jsonrpc: '2.0', method: 'window/logMessage', params: { type: LOG_ERROR, message: `ignored a malformed message: ${message}` } } as Message);
    write({ jsonrpc: '2.0', id, error: { code, message } } as Message);
  }
}
