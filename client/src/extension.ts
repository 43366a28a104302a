// The thin client in Node (VS Code desktop, code-server, remote hosts): starts dist/server.js
// over Node IPC; everything else is activate.ts, shared with the browser's client.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { activateClient, deactivateClient } from './activate';
import { SERVER_NODE_ARGS } from '../../server/src/lsp/serverProcess';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_ARGS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_ARGS, '--nolazy', '--inspect=6011'] } },
  };
  await activateClient(context, (clientOptions) => new LanguageClient('paddedCell', 'Padded Cell', serverOptions, clientOptions));
}

export function deactivate(): Promise<void> {
  return deactivateClient();
}
