// The thin client: starts dist/server.js over Node IPC, registers the commands, shows the
// server's status for the active Python file, and reports scans. Settings reach the server
// through the client library: it answers the server's `workspace/configuration` pulls and
// notifies it of changes to the section the server registers for (`paddedCell`).
// Everything that checks code lives in the server.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  TransportKind,
  WorkDoneProgress,
  type LanguageClientOptions,
  type ServerOptions,
  type StaticFeature,
} from 'vscode-languageclient/node';
import { restartingErrorHandler } from './serverRestarts';

const SCAN_COMMAND = 'paddedCell.scanWorkspace';

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
let scanCounter = 0;

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

  const restarts = restartingErrorHandler({
    warn: (message) => void vscode.window.showWarningMessage(message),
    error: (message) => void vscode.window.showErrorMessage(message),
  });

  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Any scheme, not only `file`: virtual workspaces and untitled buffers are checked too.
    documentSelector: [{ language: 'python' }],
    outputChannel: output,
    // The library restarts a server that died but tells only the output channel; this also tells the user, once.
    errorHandler: restarts,
    initializationOptions: { statusNotifications: true },
    middleware: {
      // The client library registers a VS Code command for each command the server offers
      // (so `paddedCell.scanWorkspace` is not registered here: a second registration throws);
      // this hook runs the scan under a cancellable progress notification and reports its
      // result. The server logs the full summary.
      executeCommand: (command, args, next) => (command === SCAN_COMMAND && client ? scanWithProgress(client, args) : next(command, args)),
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
      restarts.reset();
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

/**
 * The scan with its progress as a notification with a Cancel button. vscode-languageclient
 * shows progress the server creates in the status bar only, where it cannot be cancelled, so
 * the client passes its own work-done token and shows what the server reports on it; Cancel
 * cancels the request, which the server honours after the current file.
 */
async function scanWithProgress(languageClient: LanguageClient, args: unknown[]): Promise<unknown> {
  const token = `padded-cell/scan/client/${++scanCounter}`;
  const options = { location: vscode.ProgressLocation.Notification, title: 'Padded Cell: scanning the workspace', cancellable: true };
  return vscode.window.withProgress(options, async (progress, cancellation) => {
    let done = 0;
    const listener = languageClient.onProgress(WorkDoneProgress.type, token, (value) => {
      if (value.kind === 'end') return;
      // VS Code adds up increments; the server sends the total percentage.
      const increment = value.percentage === undefined ? undefined : value.percentage - done;
      done = value.percentage ?? done;
      progress.report({ message: value.message, increment });
    });
    try {
      const result: unknown = await languageClient.sendRequest(ExecuteCommandRequest.type, { command: SCAN_COMMAND, arguments: args, workDoneToken: token }, cancellation);
      if (isScanSummary(result)) void reportScan(result);
      return result;
    } catch (error) {
      if (cancellation.isCancellationRequested) {
        void vscode.window.showInformationMessage('Padded Cell: scan cancelled.');
        return undefined;
      }
      throw error;
    } finally {
      listener.dispose();
    }
  });
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
