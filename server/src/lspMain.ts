/**
 * Starts the language server on the transport named in argv: `--node-ipc` (how the VS Code
 * client starts it) or `--stdio` (other editors, `padded-cell lsp`). Stdio is the default so
 * that `padded-cell lsp` works without a flag.
 */
import { format } from 'node:util';
import {
  createConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type Connection,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';
import { GuardedMessageReader } from './lsp/jsonRpcGuard';
import { jsonMessageEncoder } from './lsp/messageEncoder';
import { nodeWorkspaceFiles } from './lsp/nodeWorkspaceFiles';
import { PaddedCellServer } from './server';

const SERVER_NAME = 'padded-cell';

export function runLanguageServer(argv: readonly string[] = process.argv.slice(2)): void {
  const connection = connect(argv);
  connection.onInitialize(async (params) => {
    const server = await PaddedCellServer.initialize(connection, params, { files: nodeWorkspaceFiles });
    server.register(connection);
    return { capabilities: server.capabilities(), serverInfo: { name: SERVER_NAME } };
  });
  connection.listen();
}

function connect(argv: readonly string[]): Connection {
  if (argv.includes('--node-ipc')) {
    if (!process.send) throw new Error('--node-ipc needs a parent process with an IPC channel');
    return guardedConnection(new IPCMessageReader(process), new IPCMessageWriter(process)).connection;
  }
  const { connection, reader } = guardedConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: jsonMessageEncoder }));
  // What the library does when handed the streams themselves: the client closing our input
  // ends the server (exit code 1 unless it asked for a shutdown first).
  const end = (): never => process.exit(reader.shutdownRequested ? 0 : 1);
  process.stdin.on('end', end);
  process.stdin.on('close', end);
  // stdout carries the protocol: anything a dependency prints must go to the log instead.
  const toLog = (write: (message: string) => void) => (...args: unknown[]) => write(format(...args));
  console.log = toLog((m) => connection.console.log(m));
  console.info = toLog((m) => connection.console.info(m));
  console.debug = toLog((m) => connection.console.log(m));
  console.warn = toLog((m) => connection.console.warn(m));
  console.error = toLog((m) => connection.console.error(m));
  return connection;
}

/** Malformed messages are answered and logged instead of dropped (lsp/jsonRpcGuard.ts). */
function guardedConnection(reader: MessageReader, writer: MessageWriter): { connection: Connection; reader: GuardedMessageReader } {
  const guarded = new GuardedMessageReader(reader, writer);
  return { connection: createConnection(guarded, writer), reader: guarded };
}
