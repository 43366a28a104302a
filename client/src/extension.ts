// The thin client: starts dist/server.js over Node IPC and registers the commands. Settings
// reach the server through the client library: it answers the server's `workspace/configuration`
// pulls and notifies it of changes to the section the server registers for (`paddedCell`).
// Everything that checks code lives in the server.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Padded Cell', { log: true });
  context.subscriptions.push(output);

  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Any scheme, not only `file`: virtual workspaces and untitled buffers are checked too.
    documentSelector: [{ language: 'python' }],
    outputChannel: output,
    middleware: {
      // The client library registers a VS Code command for each command the server offers
      // (so `paddedCell.scanWorkspace` is not registered here: a second registration throws);
      // this hook reports the scan's result.
      executeCommand: async (command, args, next) => {
        const result: unknown = await next(command, args);
        if (command === 'paddedCell.scanWorkspace' && isScanSummary(result)) {
          output.info(`Scan: ${result.files} files, ${result.findings} findings`);
          void vscode.window.showInformationMessage(`Padded Cell: ${result.findings} findings in ${result.files} files.`);
        }
        return result;
      },
    },
  };

  client = new LanguageClient('paddedCell', 'Padded Cell', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('paddedCell.restartServer', async () => {
      output.info('Restarting the Padded Cell server');
      await client?.restart();
    }),
    vscode.commands.registerCommand('paddedCell.showOutput', () => output.show(true)),
  );

  try {
    await client.start();
  } catch (error) {
    output.error(`The Padded Cell server did not start: ${error instanceof Error ? error.message : String(error)}`);
    void vscode.window.showErrorMessage('Padded Cell: the server did not start; see the "Padded Cell" output.');
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function isScanSummary(value: unknown): value is { files: number; findings: number } {
  return typeof value === 'object' && value !== null && typeof (value as { files?: unknown }).files === 'number' && typeof (value as { findings?: unknown }).findings === 'number';
}
