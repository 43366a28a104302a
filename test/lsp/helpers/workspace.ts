// A workspace on disk for the editor-experience tests, and a client that opens it the way an
// editor does: with workspace folders, progress, watched files and workspace edits, recording
// the progress notifications and answering `files.exclude`. Workspace edits are applied here,
// by the test, so each assertion compares whole resulting texts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type {
  ClientCapabilities,
  CodeAction,
  ConfigurationParams,
  Diagnostic,
  InitializeResult,
  ProgressToken,
  TextEdit,
  WorkDoneProgressBegin,
  WorkDoneProgressEnd,
  WorkDoneProgressReport,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { DEFAULT_CAPABILITIES, TestClient, type ClientOptions } from './lspClient';

/** Creates a folder holding `files` (path → text); returns its real path (macOS /tmp is a link). */
export function makeWorkspace(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'padded-cell-ws-')));
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

export function removeWorkspace(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

export function fileUri(file: string): string {
  return URI.file(file).toString();
}

export const EDITOR_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: false },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
  },
  window: { workDoneProgress: true },
  textDocument: {
    ...DEFAULT_CAPABILITIES.textDocument,
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};

export type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

export interface EditorOptions {
  folders: string[];
  settings?: Record<string, unknown>;
  /** `files.exclude` answered for every folder. */
  filesExclude?: Record<string, unknown>;
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  /** How the server process is started (see ClientOptions). */
  server?: Pick<ClientOptions, 'nodeArgs' | 'user'>;
}

/** A TestClient with the extra bookkeeping an editor-like client needs. */
export class EditorClient {
  readonly progress: { token: ProgressToken; value: ProgressValue }[] = [];
  readonly createdTokens: ProgressToken[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  private progressWaiters: { match: (v: ProgressValue) => boolean; resolve: () => void }[] = [];
  folders: string[];
  initializeResult: InitializeResult | undefined;

  private constructor(
    readonly client: TestClient,
    options: EditorOptions,
  ) {
    this.folders = options.folders;
    const connection = client.connection;
    connection.onRequest('window/workDoneProgress/create', (params: { token: ProgressToken }) => {
      this.createdTokens.push(params.token);
      return null;
    });
    connection.onNotification('$/progress', (params: { token: ProgressToken; value: ProgressValue }) => {
      this.progress.push(params);
      for (let i = 0; i < this.progressWaiters.length; i++) {
        if (this.progressWaiters[i].match(params.value)) {
          this.progressWaiters[i].resolve();
          this.progressWaiters.splice(i--, 1);
        }
      }
    });
    connection.onRequest('workspace/workspaceFolders', () => this.folders.map((f) => ({ uri: fileUri(f), name: path.basename(f) })));
    // Replaces the TestClient's answer: this one also knows `files.exclude`.
    connection.onRequest('workspace/configuration', (params: ConfigurationParams) => {
      client.configurationRequests.push(params);
      return params.items.map((item) => (item.section === 'paddedCell' ? client.settings : item.section === 'files.exclude' ? (options.filesExclude ?? null) : null));
    });
    connection.onNotification('paddedCell/status', (params: unknown) => {
      this.notifications.push({ method: 'paddedCell/status', params });
    });
  }

  static async start(options: EditorOptions): Promise<EditorClient> {
    const client = await TestClient.start({ settings: { debounceMs: 5, ...options.settings }, ...options.server });
    const editor = new EditorClient(client, options);
    editor.initializeResult = await editor.initialize(options);
    return editor;
  }

  private async initialize(options: EditorOptions): Promise<InitializeResult> {
    const result = await this.client.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: options.folders[0] ? fileUri(options.folders[0]) : null,
      workspaceFolders: options.folders.map((f) => ({ uri: fileUri(f), name: path.basename(f) })),
      capabilities: options.capabilities ?? EDITOR_CAPABILITIES,
      initializationOptions: options.initializationOptions,
    });
    await this.client.connection.sendNotification('initialized', {});
    // Settings first: the server checks nothing before it has them.
    const deadline = Date.now() + 5000;
    while (this.client.configurationRequests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    return result;
  }

  /** Resolves when a progress value satisfying `match` arrives (after this call). */
  nextProgress(match: (v: ProgressValue) => boolean): Promise<void> {
    return new Promise((resolve) => this.progressWaiters.push({ match, resolve }));
  }

  /** The scan as an editor starts it: with its own work-done token (VS Code's notification) or without (the server creates one). */
  scan(workDoneToken?: ProgressToken): Promise<unknown> {
    return this.client.connection.sendRequest('workspace/executeCommand', { command: 'paddedCell.scanWorkspace', ...(workDoneToken === undefined ? {} : { workDoneToken }) });
  }

  codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only } });
  }

  stop(): Promise<number | null> {
    return this.client.stop();
  }
}

/** Applies edits to a text as an editor does (all positions refer to the original text). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') continue;
    if (text[i] === '\n' || text[i] === '\r') lineStarts.push(i + 1);
  }
  const offset = (p: { line: number; character: number }): number => {
    if (p.line >= lineStarts.length) return text.length;
    return Math.min(lineStarts[p.line] + p.character, text.length);
  };
  const sorted = edits.map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/**
 * Applies a WorkspaceEdit to texts: `texts` maps URIs to current contents (a file created by the
 * edit starts empty). Returns the new texts of the URIs the edit touched.
 */
export function applyWorkspaceEdit(edit: WorkspaceEdit, texts: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  const current = (uri: string): string => {
    const text = out[uri] ?? texts[uri];
    if (text === undefined) throw new Error(`edit of ${uri}, which does not exist`);
    return text;
  };
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) out[uri] = applyEdits(current(uri), edits);
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind !== 'create') throw new Error(`unexpected resource operation ${change.kind}`);
      if (texts[change.uri] !== undefined) throw new Error(`create of ${change.uri}, which exists`);
      out[change.uri] = '';
      continue;
    }
    out[change.textDocument.uri] = applyEdits(current(change.textDocument.uri), change.edits as TextEdit[]);
  }
  return out;
}

/** Polls until `check` passes (for effects of notifications, which have no answer to await). */
export async function eventually<T>(check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
