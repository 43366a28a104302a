/**
 * Starts the language server on the transport named in argv: `--node-ipc` (how the VS Code
 * client starts it) or `--stdio` (other editors, `padded-cell lsp`). Stdio is the default so
 * that `padded-cell lsp` works without a flag.
 */
import { format } from 'node:util';
import { createConnection, IPCMessageReader, IPCMessageWriter, type Connection } from 'vscode-languageserver/node';
import { PaddedCellServer } from './server';

const SERVER_NAME = 'padded-cell';

export function runLanguageServer(argv: readonly string[] = process.argv.slice(2)): void {
  const connection = connect(argv);
  connection.onInitialize(async (params) => {
    const server = await PaddedCellServer.initialize(connection, params);
    server.register(connection);
    return { capabilities: server.capabilities(), serverInfo: { name: SERVER_NAME } };
  });
  connection.listen();
}

function connect(argv: readonly string[]): Connection {
  if (argv.includes('--node-ipc')) {
    if (!process.send) throw new Error('--node-ipc needs a parent process with an IPC channel');
    return createConnection(new IPCMessageReader(process), new IPCMessageWriter(process));
  }
  const connection = createConnection(process.stdin, process.stdout);
  // stdout carries the protocol: anything a dependency prints must go to the log instead.
  const toLog = (write: (message: string) => void) => (...args: unknown[]) => write(format(...args));
  console.log = toLog((m) => connection.console.log(m));
  console.info = toLog((m) => connection.console.info(m));
  console.debug = toLog((m) => connection.console.log(m));
  console.warn = toLog((m) => connection.console.warn(m));
  console.error = toLog((m) => connection.console.error(m));
  return connection;
}
