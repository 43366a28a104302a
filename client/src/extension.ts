// The thin client: starts dist/server.js over Node IPC, registers the commands, shows the
// server's status for the active Python file, and reports scans. Settings reach the server
// through the client library: it answers the server's `workspace/configuration` pulls and
// notifies it of changes to the section the server registers for (`paddedCell`).
// Everything that checks code lives in the server.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions, type StaticFeature } from 'vscode-languageclient/node';

/** `paddedCell/status` from the server: the policy in force for a document and its finding count. */
interface Status {
  uri: string;
  policy: string;
  preset: string;
  policyFile?: string;
  policyErrors?: number;
  findings: number;
}

interface ScanSummary {
  files: number;
  findings: number;
  cancelled: boolean;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Padded Cell', { log: true });
  const statusItem = vscode.window.createStatusBarItem('paddedCell.status', vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'Padded Cell';
  const statuses = new Map<string, Status>();
  context.subscriptions.push(output, statusItem);

  const showStatus = (): void => {
    const editor = vscode.window.activeTextEditor;
    const status = editor && editor.document.languageId === 'python' ? statuses.get(editor.document.uri.toString()) : undefined;
    if (!status) return statusItem.hide();
    const broken = status.policyErrors ? ` (${status.policyErrors} errors in the policy file)` : '';
    statusItem.text = `$(shield) ${status.policy} · ${status.findings}`;
    statusItem.tooltip = `Padded Cell: policy '${status.policy}' (preset ${status.preset})${broken}, ${status.findings} findings. Click to ${status.policyFile ? 'open the policy file' : 'see which preset applies'}.`;
    statusItem.command = { title: 'Show Policy', command: 'paddedCell.showPolicy' };
    statusItem.show();
  };

  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Any scheme, not only `file`: virtual workspaces and untitled buffers are checked too.
    documentSelector: [{ language: 'python' }],
    outputChannel: output,
    initializationOptions: { statusNotifications: true },
    middleware: {
      // The client library registers a VS Code command for each command the server offers
      // (so `paddedCell.scanWorkspace` is not registered here: a second registration throws);
      // this hook reports the scan's result. The server logs the full summary.
      executeCommand: async (command, args, next) => {
        const result: unknown = await next(command, args);
        if (command === 'paddedCell.scanWorkspace' && isScanSummary(result)) void reportScan(result);
        return result;
      },
    },
  };

  client = new LanguageClient('paddedCell', 'Padded Cell', serverOptions, clientOptions);
  // Push diagnostics, not pull: the workspace scan publishes closed files, and a client that
  // pulls would also start a workspace-wide pull of its own at every start.
  client.registerFeature(pushDiagnosticsOnly);
  client.onNotification('paddedCell/status', (status: Status) => {
    statuses.set(status.uri, status);
    showStatus();
  });
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(showStatus),
    vscode.workspace.onDidCloseTextDocument((document) => statuses.delete(document.uri.toString())),
    vscode.commands.registerCommand('paddedCell.restartServer', async () => {
      output.info('Restarting the Padded Cell server');
      statuses.clear();
      await client?.restart();
    }),
    vscode.commands.registerCommand('paddedCell.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('paddedCell.showPolicy', async () => {
      const document = vscode.window.activeTextEditor?.document;
      const status = document && statuses.get(document.uri.toString());
      if (!status) return void vscode.window.showInformationMessage('Padded Cell: open a Python file to see the policy that applies to it.');
      if (status.policyFile) return void (await vscode.window.showTextDocument(vscode.Uri.parse(status.policyFile)));
      void vscode.window.showInformationMessage(`Padded Cell: preset '${status.preset}' applies to ${path.basename(document.uri.path)}; no padded-cell.toml or [tool.padded-cell] in a pyproject.toml lies above it.`);
    }),
  );

  try {
    await client.start();
  } catch (error) {
    output.error(`The Padded Cell server did not start: ${error instanceof Error ? error.message : String(error)}`);
    void vscode.window.showErrorMessage('Padded Cell: the server did not start; see the "Padded Cell" output.');
  }
}

async function reportScan(summary: ScanSummary): Promise<void> {
  const text = summary.cancelled
    ? `Padded Cell: scan cancelled after ${summary.files} files (${summary.findings} findings so far).`
    : `Padded Cell: ${summary.findings} findings in ${summary.files} files.`;
  const choice = await vscode.window.showInformationMessage(text, 'Show Problems');
  if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
}

/** Removes the pull-diagnostics capability before `initialize`, so the server pushes. */
const pushDiagnosticsOnly: StaticFeature = {
  fillClientCapabilities(capabilities) {
    delete capabilities.textDocument?.diagnostic;
  },
  initialize() {},
  getState: () => ({ kind: 'static' }),
  clear() {},
};

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function isScanSummary(value: unknown): value is ScanSummary {
  const v = value as Partial<ScanSummary> | null;
  return typeof v === 'object' && v !== null && typeof v.files === 'number' && typeof v.findings === 'number';
}
