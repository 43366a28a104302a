// What the client does wherever it runs (extension.ts in Node, web/extension.ts in a browser):
// registers the commands, shows the server's status for the active Python file, and reports
// scans. Settings reach the server through the client library: it answers the server's
// `workspace/configuration` pulls and notifies it of changes to the section the server registers
// for (`paddedCell`). Only how the server is started differs, and the caller says that.
// Everything that checks code lives in the server.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, WorkDoneProgress, type BaseLanguageClient, type LanguageClientOptions, type StaticFeature } from 'vscode-languageclient';
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
  /** Files, folders and links the scan could not read: what they hold is unchecked. */
  unreadable?: number;
  cancelled: boolean;
}

let client: BaseLanguageClient | undefined;
let scanCounter = 0;

/** Makes the language client for these options, with the server's transport of the platform. */
export type ClientFactory = (clientOptions: LanguageClientOptions) => BaseLanguageClient;

export async function activateClient(context: vscode.ExtensionContext, createClient: ClientFactory): Promise<void> {
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

  client = createClient(clientOptions);
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
      // `restart` is the Node client's; stopping and starting is the same in both.
      await client?.stop();
      await client?.start();
    }),
    vscode.commands.registerCommand('paddedCell.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('paddedCell.showPolicy', async () => {
      const document = vscode.window.activeTextEditor?.document;
      const status = document && statuses.get(document.uri.toString());
      if (!status) return void vscode.window.showInformationMessage('Padded Cell: open a Python file to see the policy that applies to it.');
      if (status.policyFile) return void (await vscode.window.showTextDocument(vscode.Uri.parse(status.policyFile)));
      void vscode.window.showInformationMessage(`Padded Cell: preset '${status.preset}' applies to ${document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1)}; no padded-cell.toml or [tool.padded-cell] in a pyproject.toml lies above it.`);
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
async function scanWithProgress(languageClient: BaseLanguageClient, args: unknown[]): Promise<unknown> {
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
  if (summary.unreadable) {
    // A path the scan could not read is not a clean one: a warning, with the way to the list.
    const more = `${text} ${summary.unreadable} ${summary.unreadable === 1 ? 'path' : 'paths'} could not be read, so what they hold is not checked.`;
    const choice = await vscode.window.showWarningMessage(more, 'Show Problems', 'Show Output');
    if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
    if (choice === 'Show Output') await vscode.commands.executeCommand('paddedCell.showOutput');
    return;
  }
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

export async function deactivateClient(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function isScanSummary(value: unknown): value is ScanSummary {
  const v = value as Partial<ScanSummary> | null;
  return typeof v === 'object' && v !== null && typeof v.files === 'number' && typeof v.findings === 'number';
}
