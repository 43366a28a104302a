/**
 * Entry of dist/web/server.js: the language server in a Web Worker (vscode.dev, github.dev,
 * code-server's browser extension host). The same `PaddedCellServer` as in Node, with the
 * browser's message transport, the WASM bytes the client sends, and files read through the client.
 *
 * Protocol with the client (client/src/web/extension.ts): the first message the worker gets is
 * `{ kind: WASM_MESSAGE, runtime, grammar }` (the two WASM files' bytes, read from the
 * extension's URI); every message after it is JSON-RPC.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { createPythonParser, type WasmBytes } from '../parser';
import { PaddedCellServer } from '../server';
import { ClientFiles, READ_FILE_REQUEST, type ReadFileParams, type ReadFileResult } from './clientFiles';

export const WASM_MESSAGE = 'padded-cell/wasm';
const SERVER_NAME = 'padded-cell';

interface WasmMessage extends WasmBytes {
  kind: typeof WASM_MESSAGE;
}

function isWasmMessage(data: unknown): data is WasmMessage {
  const message = data as Partial<WasmMessage> | null;
  return typeof message === 'object' && message !== null && message.kind === WASM_MESSAGE && message.runtime instanceof Uint8Array && message.grammar instanceof Uint8Array;
}

// The worker's global scope; typed loosely so the server sources need no DOM/WebWorker lib.
const scope = globalThis as unknown as {
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
};

function start(wasm: WasmBytes): void {
  // Created only now: the reader would take the WASM message for a malformed JSON-RPC message.
  const worker = globalThis as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];
  const connection = createConnection(new BrowserMessageReader(worker), new BrowserMessageWriter(worker));
  const parser = createPythonParser(wasm);
  const files = new ClientFiles((params: ReadFileParams) => connection.sendRequest<ReadFileResult>(READ_FILE_REQUEST, params));
  connection.onInitialize(async (params) => {
    const server = await PaddedCellServer.initialize(connection, params, { files, parser: await parser });
    server.register(connection);
    return { capabilities: server.capabilities(), serverInfo: { name: SERVER_NAME } };
  });
  connection.listen();
}

const first = (event: { data: unknown }): void => {
  if (!isWasmMessage(event.data)) return;
  scope.removeEventListener('message', first);
  start({ runtime: event.data.runtime, grammar: event.data.grammar });
};
scope.addEventListener('message', first);
