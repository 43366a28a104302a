// The thin client in a browser (vscode.dev, github.dev, code-server's worker extension host):
// starts dist/web/server.js in a Web Worker, hands it the two WASM files read from the
// extension's URI, and reads workspace files for it (`paddedCell/readFile`: the policy files,
// from whatever file system the workspace is on). Everything else is activate.ts, shared with
// the Node client.
import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, type MessageTransports } from 'vscode-languageclient/browser';
import { activateClient, deactivateClient } from '../activate';

/** Must match server/src/web/serverMain.ts and server/src/web/clientFiles.ts. */
const WASM_MESSAGE = 'padded-cell/wasm';
const READ_FILE_REQUEST = 'paddedCell/readFile';
/** The policy loader's own limit (server/src/policy/file/keys.ts): larger files are not read. */
const MAX_POLICY_FILE_BYTES = 10 * 1024 * 1024;

type ReadFileResult = { text: string } | { error: string } | null;

/** The browser's `Worker`, as much of it as this file uses: the project compiles without the DOM library. */
interface Worker {
  postMessage(message: unknown, transfer: ArrayBufferLike[]): void;
  terminate(): void;
}
declare const Worker: new (url: string) => Worker;

let worker: Worker | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
  // Read once; each (re)start of the server gets a copy (posting transfers the buffer away).
  const [runtime, grammar] = await Promise.all([vscode.workspace.fs.readFile(vscode.Uri.joinPath(dist, 'web-tree-sitter.wasm')), vscode.workspace.fs.readFile(vscode.Uri.joinPath(dist, 'tree-sitter-python.wasm'))]);
  // The worker starts from a blob of the script, not from its URI: VS Code's web worker extension
  // host refuses to start workers from an extension installed on a remote server (code-server,
  // Codespaces: "Creating workers from remote extensions is currently not supported"), while a
  // blob URL works there and on vscode.dev alike.
  const script = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dist, 'web', 'server.js'));
  const scriptUrl = URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
  // Transports, not the Worker itself: the library tells them apart with `instanceof Worker`,
  // which fails for workers made by the extension host's own replacement of `Worker`.
  const startWorker = async (): Promise<MessageTransports> => {
    worker?.terminate();
    const started = new Worker(scriptUrl);
    worker = started;
    const message = { kind: WASM_MESSAGE, runtime: runtime.slice(), grammar: grammar.slice() };
    started.postMessage(message, [message.runtime.buffer, message.grammar.buffer]);
    return { reader: new BrowserMessageReader(started as never), writer: new BrowserMessageWriter(started as never) };
  };
  await activateClient(context, (clientOptions) => {
    const client = new LanguageClient('paddedCell', 'Padded Cell', startWorker, clientOptions);
    client.onRequest(READ_FILE_REQUEST, ({ uri }: { uri: string }) => readWorkspaceFile(uri));
    return client;
  });
}

/**
 * A file of the workspace, for the server: its text, `{ error }` when it cannot be read, null
 * when it is not there. Files outside the workspace folders are never read for the server.
 */
async function readWorkspaceFile(uri: string): Promise<ReadFileResult> {
  const target = vscode.Uri.parse(uri);
  if (!vscode.workspace.getWorkspaceFolder(target)) return null;
  try {
    const stat = await vscode.workspace.fs.stat(target);
    if ((stat.type & vscode.FileType.File) === 0) return { error: 'not a regular file' };
    if (stat.size > MAX_POLICY_FILE_BYTES) return { error: `policy file is larger than ${MAX_POLICY_FILE_BYTES / (1024 * 1024)} MB` };
    return { text: new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(target)) };
  } catch (error) {
    if (error instanceof vscode.FileSystemError && (error.code === 'FileNotFound' || error.code === 'FileNotADirectory')) return null;
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export async function deactivate(): Promise<void> {
  await deactivateClient();
  worker?.terminate();
  worker = undefined;
}
