/**
 * LSP wiring only: each handler hands the document to the engine and its findings to the
 * adapters in `lsp/`. Transport-agnostic (the connection is passed in), so the same class
 * serves stdio, Node IPC and, later, a browser worker.
 */
import * as path from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  ErrorCodes,
  ExecuteCommandRequest,
  FileChangeType,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  WorkDoneProgress,
  WorkDoneProgressCancelNotification,
  WorkDoneProgressCreateRequest,
  type CancellationToken,
  type ClientCapabilities,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type DidChangeConfigurationParams,
  type DidChangeTextDocumentParams,
  type DidChangeWatchedFilesParams,
  type DidChangeWorkspaceFoldersParams,
  type DidCloseTextDocumentParams,
  type DidOpenTextDocumentParams,
  type Diagnostic,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type ExecuteCommandParams,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type ProgressToken,
  type ServerCapabilities,
  type WorkspaceDiagnosticParams,
  type WorkspaceDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
  type WorkspaceFolder,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
  NotebookCellKind,
  NotebookDocuments,
  type NotebookDocument,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { createPythonParser, type PythonParser, type Tree } from './parser';
import { DocumentStore, deleteLater, type OpenDocument } from './documents';
import { ANALYSIS_ERROR, analyzeTree, sortFindings, type AnalyzeOptions, type Finding } from './engine';
import { DocumentAnalyses } from './incremental/analyzer';
import { presetNames } from './policy/fromPreset';
import { DEFAULT_PRESET } from './policy/presets';
import { isExcluded } from './policy/paths';
import type { PolicyError } from './policy/file/load';
import { analysisFailureDiagnostic, DiagnosticCache, DIAGNOSTIC_SOURCE, findingToDiagnostic, sameDiagnostics } from './lsp/diagnostics';
import { CodeActionBuilder, FIX_ALL_KIND, type WorkspaceEditSupport } from './lsp/codeActions';
import { analyzeFileOnDisk } from './lsp/diskAnalysis';
import { analyzeNotebookOnDisk } from './lsp/diskNotebook';
import { isNotebookPath } from './cli/notebookFile';
import { binaryContentFinding, isBinaryContentFinding } from './cli/binaryContent';
import { MEMORY_USAGE_REQUEST, memoryUsage } from './lsp/memoryUsage';
import { documentUriOf, requireCodeActionParams, requirePosition } from './lsp/requestParams';
import { oversizeFinding } from './lsp/sizeLimit';
import { FILE_TOO_LARGE } from './rules/meta/PC003-file-too-large';
import { compileFilesExclude, type ExcludeMatcher } from './lsp/filesExclude';
import { hoverFor } from './lsp/hover';
import { checkNotebook, JUPYTER_NOTEBOOK_TYPE, notebookCodeActions, notebookHover, type CellText, type NotebookCheck } from './lsp/notebooks';
import type { WorkspaceFiles } from './lsp/workspaceFiles';
import { Logger } from './lsp/logger';
import { PolicyResolver, type EffectivePolicy } from './lsp/policies';
import type { PolicyFileTarget } from './lsp/policyEdits';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from './lsp/settings';
import { describeScan, scanWorkspace, type FileCheck, type ScanFolder, type ScanProgress, type ScanSummary } from './lsp/workspaceScan';
import { yieldToEventLoop } from './lsp/timeSlices';

export const SCAN_WORKSPACE_COMMAND = 'paddedCell.scanWorkspace';
export const CONFIGURATION_SECTION = 'paddedCell';
/** Sent after each check of an open document when the client asks for it (`initializationOptions.statusNotifications`). */
export const STATUS_NOTIFICATION = 'paddedCell/status';

export type { ScanSummary } from './lsp/workspaceScan';

/** What the status bar shows for a document: the policy in force and the number of findings. */
export interface StatusParams {
  uri: string;
  /** The policy's name as messages give it (a preset name, or the policy file's name). */
  policy: string;
  preset: string;
  /** URI of the policy file in force, when one applies. */
  policyFile?: string;
  /** Errors in that policy file (its last good policy, or the preset, applies meanwhile). */
  policyErrors?: number;
  findings: number;
}

export interface ServerOptions {
  /** The workspace's files: the disk in Node (lsp/nodeWorkspaceFiles.ts), the client in a browser (web/clientFiles.ts). */
  files: WorkspaceFiles;
  /** Injected so tests and the CLI's `lsp` subcommand can share an initialised parser (and a browser worker its WASM bytes). */
  parser?: PythonParser;
  /** How long to wait for the client's first `workspace/configuration` answer before using the defaults. */
  configurationTimeoutMs?: number;
}

const DEFAULT_CONFIGURATION_TIMEOUT_MS = 5000;
const POLICY_FILE_WATCHERS = ['**/*.py', '**/*.ipynb', '**/padded-cell.toml', '**/pyproject.toml'];

function isPythonDocument(document: OpenDocument): boolean {
  return document.languageId === 'python' || /\.(py|pyw|pyi)$/i.test(document.uri);
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** One check of an open document, kept for code actions and hovers until the next edit. */
interface DocumentResult {
  version: number;
  findings: Finding[];
  diagnostics: Diagnostic[];
  effective: EffectivePolicy;
}

export class PaddedCellServer {
  private readonly documents: DocumentStore;
  private readonly files: WorkspaceFiles;
  /** Documents whose policy files are being read through the client (a browser), with how many reads are pending. */
  private readonly awaitingPolicyFiles = new Map<string, number>();
  /** Open notebooks (LSP notebook sync), their cells' texts kept by the library. */
  private readonly notebooks = new NotebookDocuments(TextDocument);
  /** Each open notebook's last check, for code actions and hovers on its cells. */
  private readonly notebookChecks = new Map<string, NotebookCheck>();
  /** Cell URIs each notebook last published diagnostics for: a removed cell's must be cleared. */
  private readonly notebookCellsPublished = new Map<string, Set<string>>();
  /** Incremental analysis of the documents being edited (incremental/). */
  private readonly analyses: DocumentAnalyses;
  /** Each open document's Diagnostics by Finding: a keystroke converts only the findings it changed. */
  private readonly diagnosticCaches = new Map<string, DiagnosticCache>();
  private readonly logger: Logger;
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly results = new Map<string, DocumentResult>();
  private readonly policies: PolicyResolver;
  private readonly pullsConfiguration: boolean;
  private readonly registersForConfiguration: boolean;
  private readonly capabilitiesOfClient: ClientCapabilities;
  /** The client pulls diagnostics (`textDocument/diagnostic`): open documents are not pushed then. */
  private readonly pullDiagnostics: boolean;
  private readonly sendsStatus: boolean;
  private readonly editSupport: WorkspaceEditSupport;
  private workspaceFolders: WorkspaceFolder[];
  private settings: Settings = { ...DEFAULT_SETTINGS };
  /** False until the first configuration answer: analysing with guessed settings would flash wrong diagnostics. */
  private settingsLoaded: boolean;
  private settingsReady: Promise<void>;
  private markSettingsReady: () => void = () => undefined;
  /** Each reload takes a ticket; only the newest reload may apply what it read. */
  private settingsTicket = 0;
  /** Bumped when settings or a policy change: part of every pull result id. */
  private generation = 0;
  /**
   * The diagnostics last given a pull result id, by open document: a keystroke that leaves them
   * as they were (most do: a finding moves only when text before it on its line, or a line
   * above it, changes) keeps the id, and the client is answered "unchanged" instead of being
   * sent, and made to convert, thousands of diagnostics again.
   */
  private readonly pulledContent = new Map<string, { id: string; generation: number; diagnostics: readonly Diagnostic[] }>();
  /** The errors of each policy file as last published, and a count of publications: a pull of the file answers them. */
  private readonly policyFileDiagnostics = new Map<string, Diagnostic[]>();
  private policyPublications = 0;
  /** The last warning shown for an unreadable `paddedCell.policyFile` (shown again only when it changes). */
  private policySettingWarning: string | undefined;
  /** Settles when the document pulls asked so far have been answered (`documentDiagnostic`). */
  private pullsBefore: Promise<void> = Promise.resolve();
  private contentIds = 0;
  private shutDown = false;

  /** Closed files whose diagnostics a scan (or a watched-file event after one) published. */
  private readonly scanned = new Set<string>();
  /** After the first scan, closed files are kept checked: watched-file events and closing a document re-check them. */
  private scanRan = false;
  private activeScan: { cancel(): void } | undefined;
  private readonly progressCancels = new Map<ProgressToken, () => void>();
  private progressCounter = 0;
  /** `files.exclude` per workspace folder URI, as pulled by the last scan. */
  private filesExclude = new Map<string, ExcludeMatcher>();
  /** Re-checks of closed files, worked off one at a time with a yield in between. */
  private readonly recheckQueue = new Set<string>();
  private recheckRunning = false;
  /** Held `workspace/diagnostic` requests, released when anything changes. */
  private changeWaiters: (() => void)[] = [];

  static async initialize(connection: Connection, params: InitializeParams, options: ServerOptions): Promise<PaddedCellServer> {
    const parser = options.parser ?? (await createPythonParser());
    return new PaddedCellServer(connection, parser, params, options);
  }

  private constructor(
    private readonly connection: Connection,
    private readonly parser: PythonParser,
    params: InitializeParams,
    private readonly options: ServerOptions,
  ) {
    const capabilities = params.capabilities;
    this.capabilitiesOfClient = capabilities;
    // Trees replaced by a keystroke are freed after its diagnostics are out.
    const retire = deleteLater();
    this.documents = new DocumentStore(parser, undefined, retire);
    this.analyses = new DocumentAnalyses(parser, undefined, retire);
    this.logger = new Logger(connection.console, DEFAULT_SETTINGS.logLevel);
    this.files = options.files;
    this.policies = new PolicyResolver((file, errors) => this.publishPolicyErrors(file, errors), this.files.policyFiles);
    this.pullsConfiguration = capabilities.workspace?.configuration === true;
    this.registersForConfiguration = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    this.pullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
    const options_ = params.initializationOptions as { statusNotifications?: unknown } | null | undefined;
    this.sendsStatus = options_?.statusNotifications === true;
    const workspaceEdit = capabilities.workspace?.workspaceEdit;
    this.editSupport = {
      documentChanges: workspaceEdit?.documentChanges === true,
      createFiles: workspaceEdit?.resourceOperations?.includes('create') === true,
    };
    this.workspaceFolders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: path.basename(this.files.pathOf(params.rootUri) ?? params.rootUri) }] : []);
    // A client that cannot be asked pushes settings with didChangeConfiguration, if at all.
    this.settingsLoaded = !this.pullsConfiguration;
    this.settingsReady = new Promise((resolve) => {
      this.markSettingsReady = resolve;
    });
    if (this.settingsLoaded) this.markSettingsReady();
  }

  capabilities(): ServerCapabilities {
    const capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      executeCommandProvider: { commands: [SCAN_WORKSPACE_COMMAND] },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND] },
      hoverProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      // Python code cells of Jupyter notebooks come as notebooks, so cells are checked as one module.
      notebookDocumentSync: { notebookSelector: [{ notebook: { notebookType: JUPYTER_NOTEBOOK_TYPE }, cells: [{ language: 'python' }] }] },
    };
    // Only for clients that pull: a client that is pushed to and also pulls shows every finding twice.
    if (this.pullDiagnostics) capabilities.diagnosticProvider = { identifier: 'padded-cell', interFileDependencies: false, workspaceDiagnostics: true };
    return capabilities;
  }

  register(connection: Connection): void {
    connection.onInitialized(() => this.guard('initialized', () => this.initialized()));
    connection.onDidOpenTextDocument((params) => this.guard('didOpen', () => this.didOpen(params)));
    connection.onDidChangeTextDocument((params) => this.guard('didChange', () => this.didChange(params)));
    connection.onDidCloseTextDocument((params) => this.guard('didClose', () => this.didClose(params)));
    connection.onDidChangeConfiguration((params) => this.guard('didChangeConfiguration', () => this.didChangeConfiguration(params)));
    connection.onDidChangeWatchedFiles((params) => this.guard('didChangeWatchedFiles', () => this.didChangeWatchedFiles(params)));
    // Handled here rather than through the library's events, which need registering after initialize.
    connection.onNotification(DidChangeWorkspaceFoldersNotification.type, (params) => this.guard('didChangeWorkspaceFolders', () => this.didChangeWorkspaceFolders(params)));
    connection.onNotification(WorkDoneProgressCancelNotification.type, ({ token }) => this.progressCancels.get(token)?.());
    this.notebooks.listen(connection);
    this.notebooks.onDidOpen((notebook) => this.guard('notebook didOpen', () => this.didOpenNotebook(notebook)));
    this.notebooks.onDidChange((event) => this.guard('notebook didChange', () => this.didChangeNotebook(event)));
    this.notebooks.onDidClose((notebook) => this.guard('notebook didClose', () => this.didCloseNotebook(notebook)));
    // The raw request, not `onExecuteCommand`: the library's wrapper deletes the client's
    // `workDoneToken` from the params before the handler sees them, so VS Code's cancellable
    // notification (which passes its own token) would never receive the scan's progress.
    connection.onRequest(ExecuteCommandRequest.type, (params, token) => this.executeCommand(params, token));
    connection.onCodeAction((params) => this.codeActions(params));
    connection.onHover((params) => this.hover(params));
    connection.onRequest(MEMORY_USAGE_REQUEST, () => memoryUsage() ?? null);
    if (this.pullDiagnostics) {
      connection.languages.diagnostics.on((params, token) => this.documentDiagnostic(params, token));
      connection.languages.diagnostics.onWorkspace((params, token) => this.workspaceDiagnostic(params, token));
    }
    connection.onShutdown(() => this.shutdown());
  }

  /** A notification handler that throws would only be logged by the library; log it with context, keep serving. */
  private guard(what: string, handler: () => unknown): void {
    try {
      const result = handler();
      if (result instanceof Promise) result.catch((error: unknown) => this.logger.error(`${what} failed`, error));
    } catch (error) {
      this.logger.error(`${what} failed`, error);
    }
  }

  private async initialized(): Promise<void> {
    // VS Code's client sends didChangeConfiguration only for sections a server registers for
    // (its `synchronize.configurationSection` push is deprecated in favour of this).
    if (this.registersForConfiguration) {
      try {
        await this.connection.client.register(DidChangeConfigurationNotification.type, { section: CONFIGURATION_SECTION });
      } catch (error) {
        // Checking must not wait on it: settings changes then need a restart, nothing worse.
        this.logger.error('could not register for configuration changes', error);
      }
    }
    if (this.capabilitiesOfClient.workspace?.didChangeWatchedFiles?.dynamicRegistration === true) {
      try {
        await this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: POLICY_FILE_WATCHERS.map((globPattern) => ({ globPattern })) });
      } catch (error) {
        this.logger.error('could not register file watchers; changes on disk are seen at the next scan', error);
      }
    }
    await this.reloadSettings();
  }

  private didOpen({ textDocument }: DidOpenTextDocumentParams): void {
    if (this.shutDown) return;
    this.documents.open(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text);
    // From now on the live text is what counts; a pulling client gets it by pulling, so what
    // the scan pushed for the file on disk must go. (A notebook opened as text, JSON, is not
    // checked as text: what the scan published for its file stays.)
    if (!isNotebookPath(textDocument.uri) && this.scanned.delete(textDocument.uri) && this.pullDiagnostics) void this.connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
    this.afterPolicyFilesRead(textDocument.uri, () => this.schedule(textDocument.uri));
  }

  /**
   * Runs `then` once the policy files that may apply to the document can be read: at once where
   * reads are synchronous (Node), after the client sent them where they are fetched (a browser).
   */
  private afterPolicyFilesRead(uri: string, then: () => void): void {
    if (!this.files.prepare) return then();
    // Until they are read, the document is not checked at all (a settings reload included):
    // checking it under the preset meanwhile would flash findings its policy file allows.
    this.awaitingPolicyFiles.set(uri, (this.awaitingPolicyFiles.get(uri) ?? 0) + 1);
    const done = (): void => {
      const left = (this.awaitingPolicyFiles.get(uri) ?? 1) - 1;
      if (left > 0) this.awaitingPolicyFiles.set(uri, left);
      else this.awaitingPolicyFiles.delete(uri);
      if (!this.shutDown) then();
    };
    this.files.prepare(this.files.pathOf(uri), this.resolvePolicyFileSetting(this.settings.policyFile)).then(
      (readNew) => {
        // A folder looked up before its policy file arrived was recorded as having none.
        if (readNew) this.policies.forgetLookups();
        done();
      },
      (error: unknown) => {
        this.logger.error(`could not read the policy files for ${uri}; checking with what is known`, error);
        done();
      },
    );
  }

  // --- Notebooks -------------------------------------------------------------------------

  private didOpenNotebook(notebook: NotebookDocument): void {
    if (this.shutDown) return;
    this.notebookCellsPublished.set(notebook.uri, new Set());
    // Its cells now carry the live diagnostics; those the scan put on the file would repeat them.
    if (this.scanned.delete(notebook.uri)) void this.connection.sendDiagnostics({ uri: notebook.uri, diagnostics: [] });
    this.recheckQueue.delete(notebook.uri);
    this.releaseWaiters();
    this.afterPolicyFilesRead(notebook.uri, () => this.schedule(notebook.uri));
  }

  private didChangeNotebook(event: { notebookDocument: NotebookDocument }): void {
    if (this.shutDown || !this.notebookCellsPublished.has(event.notebookDocument.uri)) return;
    this.schedule(event.notebookDocument.uri);
  }

  private didCloseNotebook(notebook: NotebookDocument): void {
    this.cancel(notebook.uri);
    this.notebookChecks.delete(notebook.uri);
    for (const cell of this.notebookCellsPublished.get(notebook.uri) ?? []) void this.connection.sendDiagnostics({ uri: cell, diagnostics: [] });
    this.notebookCellsPublished.delete(notebook.uri);
    this.releaseWaiters();
    // After a scan the file on disk stays checked, as a closed Python file does.
    const file = this.files.pathOf(notebook.uri);
    if (this.scanRan && file && this.isScannable(file)) this.checkClosedFile(file, notebook.uri);
  }

  /** Checks a notebook's Python code cells as one module and publishes each cell's diagnostics; returns them all. */
  private publishNotebook(uri: string): Diagnostic[] | undefined {
    const notebook = this.notebooks.getNotebookDocument(uri);
    const published = this.notebookCellsPublished.get(uri);
    if (!notebook || !published) return undefined;
    const cells: CellText[] = [];
    for (const cell of notebook.cells) {
      const document = cell.kind === NotebookCellKind.Code ? this.notebooks.getCellTextDocument(cell) : undefined;
      if (document?.languageId === 'python') cells.push({ uri: document.uri, version: document.version, text: document.getText() });
    }
    const filePath = this.files.pathOf(uri);
    const effective = this.policies.forPath(filePath);
    let diagnostics = new Map<string, Diagnostic[]>(cells.map((c) => [c.uri, []]));
    this.notebookChecks.delete(uri);
    if (this.settings.enable && cells.length > 0) {
      try {
        const check = checkNotebook(this.parser, notebook.version, cells, effective.policy, { filePath }, (f, cellUri) => this.toDiagnostic(f, cellUri));
        this.notebookChecks.set(uri, check);
        diagnostics = check.diagnostics;
      } catch (error) {
        // Fail closed, as for a file: a notebook the checker could not analyse must not look clean.
        this.logger.error(`analysing ${uri} failed`, error);
        diagnostics.set(cells[0].uri, [analysisFailureDiagnostic(error)]);
      }
    }
    for (const cell of published) if (!diagnostics.has(cell)) void this.connection.sendDiagnostics({ uri: cell, diagnostics: [] });
    published.clear();
    for (const [cell, list] of diagnostics) {
      published.add(cell);
      void this.connection.sendDiagnostics({ uri: cell, diagnostics: list });
    }
    return [...diagnostics.values()].flat();
  }

  private notebookCodeActions(notebookUri: string, params: CodeActionParams): CodeAction[] {
    const check = this.settingsLoaded ? this.notebookChecks.get(notebookUri) : undefined;
    if (!check) throw new ResponseError(LSPErrorCodes.ContentModified, 'the notebook has not been checked yet');
    const filePath = this.files.pathOf(notebookUri);
    const effective = this.policies.forPath(filePath);
    return notebookCodeActions(check, params.textDocument.uri, params, {
      parser: this.parser,
      policy: effective.policy,
      filePath,
      policyTarget: filePath ? this.policyTargetFor(filePath, effective) : undefined,
      support: this.editSupport,
      toDiagnostic: (finding, uri) => this.toDiagnostic(finding, uri),
      policyUri: (p) => this.files.uriOf(p),
    });
  }

  private didChange({ textDocument, contentChanges }: DidChangeTextDocumentParams): void {
    if (this.shutDown) return;
    if (!this.documents.change(textDocument.uri, textDocument.version, contentChanges)) {
      this.logger.warn(`didChange for ${textDocument.uri}, which is not open; ignored`);
      return;
    }
    this.schedule(textDocument.uri);
  }

  private didClose({ textDocument }: DidCloseTextDocumentParams): void {
    const { uri } = textDocument;
    this.cancel(uri);
    this.documents.close(uri);
    this.analyses.forget(uri);
    this.diagnosticCaches.delete(uri);
    this.results.delete(uri);
    this.pulledContent.delete(uri);
    // After a scan the file on disk stays checked (the editor may have had unsaved changes);
    // otherwise a closed file's diagnostics go with it.
    const file = this.files.pathOf(uri);
    if (this.scanRan && file && this.isScannable(file)) {
      this.checkClosedFile(file, uri);
      return;
    }
    if (!this.pullDiagnostics) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async didChangeConfiguration(params: DidChangeConfigurationParams): Promise<void> {
    if (this.pullsConfiguration) return this.reloadSettings();
    const pushed: unknown = (params.settings as Record<string, unknown> | null | undefined)?.[CONFIGURATION_SECTION];
    // A notification for other sections (or `settings: null`, which some clients send to mean
    // "ask me") says nothing about ours: the settings in force stay. A section sent is the whole
    // section, as VS Code sends it.
    if (pushed === undefined || pushed === null) return;
    this.applySettings(pushed);
    this.reanalyzeAll();
  }

  private didChangeWorkspaceFolders({ event }: DidChangeWorkspaceFoldersParams): void {
    const removed = new Set(event.removed.map((f) => f.uri));
    this.workspaceFolders = [...this.workspaceFolders.filter((f) => !removed.has(f.uri)), ...event.added];
    // Files of a removed folder are no longer the workspace's: their scan results go.
    for (const uri of [...this.scanned]) {
      const file = this.files.pathOf(uri);
      if (file && !this.folderOf(file)) {
        this.scanned.delete(uri);
        void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      }
    }
  }

  private async reloadSettings(): Promise<void> {
    if (!this.pullsConfiguration) {
      this.reanalyzeAll();
      return;
    }
    const ticket = ++this.settingsTicket;
    let raw: unknown;
    let answered = false;
    try {
      raw = await this.pullConfiguration({ section: CONFIGURATION_SECTION });
      answered = true;
    } catch (error) {
      this.logger.error('could not read the paddedCell settings; keeping the current ones', error);
    }
    if (ticket !== this.settingsTicket || this.shutDown) return;
    if (answered) this.applySettings(raw);
    if (this.files.prepare) {
      const readNew = await this.files.prepare(undefined, this.resolvePolicyFileSetting(this.settings.policyFile)).catch((error: unknown) => {
        this.logger.error('could not read the configured policy file', error);
        return false;
      });
      if (readNew) this.policies.forgetLookups();
      if (ticket !== this.settingsTicket || this.shutDown) return;
    }
    this.settingsLoaded = true;
    this.markSettingsReady();
    this.reanalyzeAll();
  }

  private pullConfiguration(item: { section: string; scopeUri?: string }): Promise<unknown> {
    const timeoutMs = this.options.configurationTimeoutMs ?? DEFAULT_CONFIGURATION_TIMEOUT_MS;
    return new Promise<unknown>((resolve, reject) => {
      // A client that never answers must not leave every file unchecked.
      const timer = setTimeout(() => reject(new Error(`no answer to workspace/configuration within ${timeoutMs} ms`)), timeoutMs);
      this.connection.workspace.getConfiguration(item).then(
        (value: unknown) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  private applySettings(raw: unknown): void {
    const { settings, problems } = parseSettings(raw);
    if (!presetNames().includes(settings.preset)) {
      const message = `Padded Cell: unknown preset '${settings.preset}' (known: ${presetNames().join(', ')}); checking with '${DEFAULT_PRESET}'`;
      problems.push(message);
      // A notification, not showWarningMessage: that is a request in this library, and nothing waits on an answer.
      void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
      settings.preset = DEFAULT_PRESET;
    }
    this.settings = settings;
    this.logger.level = settings.logLevel;
    for (const problem of problems) this.logger.warn(problem);
    this.logger.debug(`settings: ${JSON.stringify(settings)}`);
    const policyFile = this.resolvePolicyFileSetting(settings.policyFile);
    const loaded = this.policies.loadedFiles();
    // A policy file no longer in use must not keep its error diagnostics; those still in use
    // publish theirs again when they are next loaded.
    if (this.policies.configure({ preset: settings.preset, policyFile })) for (const file of loaded) this.publishPolicyErrors(file, []);
    this.generation++;
  }

  /** `paddedCell.policyFile` as an absolute path; a relative one is relative to the first workspace folder. */
  private resolvePolicyFileSetting(setting: string): string {
    if (!setting) return '';
    const folder = this.workspaceFolders.map((f) => this.files.pathOf(f.uri)).find((p) => p !== undefined);
    // Spellings people copy from other settings: a `file:` URI, `${workspaceFolder}`, `~`.
    if (/^file:\/\//i.test(setting)) return this.files.pathOf(setting) ?? setting;
    let written = setting.replace(/^\$\{workspaceFolder\}(?=$|[\\/])/, folder ?? '.');
    const home = typeof process === 'undefined' ? undefined : (process.env.HOME ?? process.env.USERPROFILE);
    if (home && /^~(?=$|[\\/])/.test(written)) written = home + written.slice(1);
    if (path.isAbsolute(written)) return written;
    return path.resolve(folder ?? this.files.defaultDirectory(), written);
  }

  /**
   * `paddedCell.policyFile` naming a file that cannot be read: its diagnostic sits on a file the
   * editor may not show (it may not exist), so the person is told once, as of an unknown preset.
   */
  private warnUnreadablePolicySetting(file: string, errors: readonly PolicyError[]): void {
    const unreadable = errors.find((e) => e.message.startsWith('cannot read policy file'));
    const configured = this.settings.policyFile && path.resolve(this.resolvePolicyFileSetting(this.settings.policyFile)) === path.resolve(file);
    const message = configured && unreadable ? `Padded Cell: paddedCell.policyFile '${this.settings.policyFile}' (${file}): ${unreadable.message}; checking with the preset '${this.settings.preset}'` : undefined;
    if (message === this.policySettingWarning) return;
    this.policySettingWarning = message;
    if (message) void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
  }

  private publishPolicyErrors(file: string, errors: readonly PolicyError[]): void {
    const diagnostics: Diagnostic[] = errors.map((e) => ({
      range: { start: { ...e.range.start }, end: { ...e.range.end } },
      severity: DiagnosticSeverity.Error,
      source: DIAGNOSTIC_SOURCE,
      message: e.message,
    }));
    for (const e of errors) this.logger.warn(`policy file ${e.file}:${e.range.start.line + 1}:${e.range.start.character + 1}: ${e.message}`);
    this.warnUnreadablePolicySetting(file, errors);
    this.policyFileDiagnostics.set(path.resolve(file), diagnostics);
    this.policyPublications++;
    void this.connection.sendDiagnostics({ uri: this.files.uriOf(file), diagnostics });
  }

  private schedule(uri: string, delayMs: number = this.settings.debounceMs): void {
    this.cancel(uri);
    this.pending.set(
      uri,
      setTimeout(() => {
        this.pending.delete(uri);
        this.publish(uri);
      }, delayMs),
    );
  }

  private cancel(uri: string): void {
    const timer = this.pending.get(uri);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.pending.delete(uri);
  }

  /** After a settings or policy change: nobody is typing, so there is nothing to wait for. */
  private reanalyzeAll(): void {
    this.generation++;
    for (const uri of [...this.documents.uris(), ...this.notebookCellsPublished.keys()]) this.schedule(uri, 0);
    for (const uri of this.scanned) this.queueRecheck(uri);
    this.refreshPulledDiagnostics();
  }

  /** Analyses the document as it is now and publishes, tagged with the version analysed. */
  private publish(uri: string): Diagnostic[] | undefined {
    // reloadSettings re-schedules every open document once the settings are known.
    if (!this.settingsLoaded || this.shutDown || this.awaitingPolicyFiles.has(uri)) return undefined;
    if (this.notebookCellsPublished.has(uri)) return this.publishNotebook(uri);
    const document = this.documents.get(uri);
    if (!document || !isPythonDocument(document)) return undefined;
    const result = this.analyzeOpen(document);
    // Never publish for a version that is no longer the newest (analysis may become asynchronous).
    if (this.documents.get(uri)?.version !== document.version) return undefined;
    if (!this.pullDiagnostics) void this.connection.sendDiagnostics({ uri, version: document.version, diagnostics: result.diagnostics });
    this.sendStatus(uri, result);
    return result.diagnostics;
  }

  private sendStatus(uri: string, result: DocumentResult): void {
    if (!this.sendsStatus) return;
    const { policy, file, errors } = result.effective;
    const status: StatusParams = { uri, policy: policy.name, preset: policy.preset, findings: result.diagnostics.length };
    if (file) status.policyFile = this.files.uriOf(file);
    if (errors) status.policyErrors = errors;
    void this.connection.sendNotification(STATUS_NOTIFICATION, status);
  }

  /** The document's check for its current version: the cached one, or a fresh one. */
  private resultFor(uri: string): DocumentResult | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const cached = this.results.get(uri);
    if (cached && cached.version === document.version) return cached;
    return this.analyzeOpen(document);
  }

  private analyzeOpen(document: OpenDocument): DocumentResult {
    const filePath = this.files.pathOf(document.uri);
    const effective = this.policies.forPath(filePath);
    const result: DocumentResult = { version: document.version, findings: [], diagnostics: [], effective };
    if (this.settings.enable && isPythonDocument(document)) {
      const started = Date.now();
      try {
        // Over the size limit: reported, not parsed (lsp/sizeLimit.ts).
        const tooLarge = oversizeFinding(document.text, effective.policy);
        // The tree is asked for only when the edit cannot be parsed as its unit alone (incremental/fragment.ts):
        // an incremental reparse of a large file costs more than the rest of a keystroke.
        const treeOf = (): Tree => {
          const tree = this.documents.tree(document.uri);
          if (!tree) throw new Error(`${document.uri} is not open`);
          return tree;
        };
        if (tooLarge) result.findings = [tooLarge];
        else result.findings = this.analyses.analyze(document.uri, treeOf, document.text, effective.policy, this.analyzeOptions(document.uri, filePath));
        for (const f of result.findings) if (f.code === ANALYSIS_ERROR.code) this.logger.error(`${document.uri}: ${f.message}`);
        // A property of the file, not a failure of ours: a diagnostic, not an error in the log.
        const binary = tooLarge ? undefined : binaryContentFinding(document.text);
        if (binary) result.findings = sortFindings([binary, ...result.findings]);
        const how = this.analyses.lastOf(document.uri);
        this.logger.debug(`${document.uri} v${document.version}: ${result.findings.length} findings in ${Date.now() - started} ms (${how ? `${how.mode}, ${how.reanalysed} of ${how.statements} statements, parsed: ${how.parse}` : 'full'})`);
        let cache = this.diagnosticCaches.get(document.uri);
        if (!cache) this.diagnosticCaches.set(document.uri, (cache = new DiagnosticCache()));
        const options = { docsBaseUrl: this.settings.docsBaseUrl };
        result.diagnostics = result.findings.map((f) => cache.diagnosticOf(f, document.uri, options));
      } catch (error) {
        this.logger.error(`analysing ${document.uri} failed`, error);
        result.diagnostics = [analysisFailureDiagnostic(error)];
      }
    }
    this.results.set(document.uri, result);
    return result;
  }

  /** A rule that throws becomes a PC000 finding; the log gets its stack, which the finding does not carry. */
  private analyzeOptions(where: string, filePath: string | undefined): AnalyzeOptions {
    return { filePath, onRuleError: (rule, error) => this.logger.error(`${where}: rule ${rule.meta.code} (${rule.meta.name}) failed`, error) };
  }

  private toDiagnostic(finding: Finding, uri: string): Diagnostic {
    return findingToDiagnostic(finding, uri, { docsBaseUrl: this.settings.docsBaseUrl });
  }

  /** A closed file's diagnostics, and what the scan counts of them. */
  private analyzeDisk(file: string, uri: string): { diagnostics: Diagnostic[]; check: FileCheck } {
    if (!this.settings.enable) return { diagnostics: [], check: { codes: [] } };
    const analyze = isNotebookPath(file) ? analyzeNotebookOnDisk : analyzeFileOnDisk;
    const result = analyze(this.parser, file, this.policies.forPath(file).policy, (f, maxBytes) => this.files.readPythonSource(f, maxBytes), this.analyzeOptions(file, file));
    // The scan logs unreadable files; the diagnostic says it on the file itself.
    if (!result.ok) return { diagnostics: [result.diagnostic], check: { unreadable: result.reason } };
    for (const f of result.findings) if (f.code === ANALYSIS_ERROR.code && !isBinaryContentFinding(f)) this.logger.error(`${file}: ${f.message}`);
    return { diagnostics: result.findings.map((f) => this.toDiagnostic(f, uri)), check: { codes: result.findings.map((f) => f.code) } };
  }

  /** Checks a closed file and publishes; it is then one of the files watched-file events keep current. */
  private checkClosedFile(file: string, uri: string = this.files.uriOf(file)): FileCheck {
    const { diagnostics, check } = this.analyzeDisk(file, uri);
    // Deleted since it was listed (or since it was closed): there is no file to put "could not
    // read" on, and whatever was published for it goes.
    if ('unreadable' in check && !this.files.stat(file)) {
      this.scanned.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      return { vanished: true };
    }
    this.scanned.add(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics });
    return check;
  }

  // --- The workspace scan -----------------------------------------------------------------

  private async executeCommand(params: ExecuteCommandParams, token: CancellationToken): Promise<ScanSummary> {
    if (params.command !== SCAN_WORKSPACE_COMMAND) {
      throw new ResponseError(ErrorCodes.InvalidParams, `unknown command '${params.command}'`);
    }
    await this.settingsReady;
    const summary = await this.scan(params.workDoneToken, token);
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'the workspace scan was cancelled');
    return summary;
  }

  private async scan(clientToken: ProgressToken | undefined, request: CancellationToken): Promise<ScanSummary> {
    // A new scan replaces one still running: its results would be out of date anyway.
    this.activeScan?.cancel();
    let cancelled = false;
    const scan = { cancel: () => (cancelled = true) };
    this.activeScan = scan;
    const progress = await this.createProgress(clientToken, () => scan.cancel());
    try {
      const folders = await this.currentFolders();
      await this.pullFilesExclude(folders);
      const isCancelled = (): boolean => cancelled || request.isCancellationRequested || this.shutDown;
      let summary: ScanSummary;
      // Where folders cannot be listed (a browser), the open documents are what can be checked.
      if (folders.length === 0 || !this.files.canWalk) {
        summary = await this.scanOpenDocuments(progress.reporter);
      } else {
        summary = await scanWorkspace(folders, {
          listFiles: (folder) => this.files.listPythonFiles(folder.path, isCancelled),
          isExcluded: (file, folder) => this.isExcludedFromScan(file, folder),
          checkFile: (file) => this.checkForScan(file),
          isCancelled,
          progress: progress.reporter,
          log: (message) => this.logger.warn(message),
          now: () => performance.now(),
        });
        this.scanRan = true;
      }
      this.logger.result(describeScan(summary));
      return summary;
    } finally {
      progress.dispose();
      if (this.activeScan === scan) this.activeScan = undefined;
    }
  }

  /** Open documents and notebooks are checked in their live state; others from disk. */
  private checkForScan(file: string): FileCheck {
    const uri = this.files.uriOf(file);
    if (this.isOpenInEditor(uri, file)) {
      this.cancel(uri);
      const diagnostics = this.publish(uri) ?? [];
      return { codes: diagnostics.map((d) => String(d.code)) };
    }
    return this.checkClosedFile(file, uri);
  }

  /** Without workspace folders (a single file opened in an editor) the scan covers the open documents and notebooks. */
  private async scanOpenDocuments(progress: ScanProgress): Promise<ScanSummary> {
    const started = performance.now();
    const summary: ScanSummary = { folders: 0, files: 0, findings: 0, byCode: {}, unreadable: 0, durationMs: 0, cancelled: false };
    progress.begin('Checking open documents');
    for (const uri of [...this.documents.uris(), ...this.notebookCellsPublished.keys()]) {
      this.cancel(uri);
      const diagnostics = this.publish(uri);
      if (!diagnostics) continue;
      summary.files++;
      summary.findings += diagnostics.length;
      for (const d of diagnostics) summary.byCode[String(d.code)] = (summary.byCode[String(d.code)] ?? 0) + 1;
    }
    summary.byCode = Object.fromEntries(Object.entries(summary.byCode).sort(([a], [b]) => a.localeCompare(b)));
    summary.durationMs = Math.round(performance.now() - started);
    progress.end(`${summary.files} files, ${summary.findings} findings`);
    return summary;
  }

  /**
   * Work-done progress for the scan: on the client's token when the request carried one, else
   * on one the server creates (`window/workDoneProgress/create`) when the client supports it.
   */
  private async createProgress(clientToken: ProgressToken | undefined, onCancel: () => void): Promise<{ reporter: ScanProgress; dispose(): void }> {
    let token = clientToken;
    if (token === undefined && this.capabilitiesOfClient.window?.workDoneProgress === true) {
      const created = `padded-cell/scan/${++this.progressCounter}`;
      try {
        await this.connection.sendRequest(WorkDoneProgressCreateRequest.type, { token: created });
        token = created;
      } catch (error) {
        this.logger.warn(`the client refused a progress token; scanning without progress: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (token === undefined) {
      return { reporter: { begin: () => undefined, report: () => undefined, end: () => undefined }, dispose: () => undefined };
    }
    const t = token;
    this.progressCancels.set(t, onCancel);
    const send = (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd): void => {
      void this.connection.sendProgress(WorkDoneProgress.type, t, value);
    };
    return {
      reporter: {
        begin: (message) => send({ kind: 'begin', title: 'Padded Cell: scanning the workspace', cancellable: true, message, percentage: 0 }),
        report: (message, percentage) => send({ kind: 'report', message, percentage }),
        end: (message) => send({ kind: 'end', message }),
      },
      dispose: () => this.progressCancels.delete(t),
    };
  }

  private async currentFolders(): Promise<ScanFolder[]> {
    if (this.capabilitiesOfClient.workspace?.workspaceFolders === true) {
      try {
        const folders = await this.connection.workspace.getWorkspaceFolders();
        if (folders) this.workspaceFolders = folders;
      } catch (error) {
        this.logger.warn(`could not ask for the workspace folders; using the known ones: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const folders: ScanFolder[] = [];
    for (const folder of this.workspaceFolders) {
      const folderPath = this.files.pathOf(folder.uri);
      if (folderPath) folders.push({ uri: folder.uri, name: folder.name, path: folderPath });
      else this.logger.warn(`workspace folder ${folder.uri} is not on disk; the scan skips it`);
    }
    return folders;
  }

  /** VS Code's `files.exclude` of each folder; other clients answer null, which excludes nothing. */
  private async pullFilesExclude(folders: readonly ScanFolder[]): Promise<void> {
    const matchers = new Map<string, ExcludeMatcher>();
    if (this.pullsConfiguration) {
      await Promise.all(
        folders.map(async (folder) => {
          try {
            matchers.set(folder.uri, compileFilesExclude(await this.pullConfiguration({ scopeUri: folder.uri, section: 'files.exclude' })));
          } catch (error) {
            this.logger.warn(`could not read files.exclude for ${folder.uri}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }),
      );
    }
    this.filesExclude = matchers;
  }

  private isExcludedFromScan(file: string, folder: ScanFolder): boolean {
    const relative = path.relative(folder.path, file).split(path.sep).join('/');
    if (this.filesExclude.get(folder.uri)?.(relative)) return true;
    return isExcluded(this.policies.forPath(file).policy, file);
  }

  /**
   * Whether the file's diagnostics come from what the editor holds rather than from the disk:
   * an open document, or for a notebook, the notebook open as one (its cells carry them).
   */
  private isOpenInEditor(uri: string, file: string): boolean {
    return isNotebookPath(file) ? this.notebookCellsPublished.has(uri) : this.documents.get(uri) !== undefined;
  }

  /** The deepest workspace folder holding the file. */
  private folderOf(file: string): ScanFolder | undefined {
    let best: ScanFolder | undefined;
    for (const folder of this.workspaceFolders) {
      const folderPath = this.files.pathOf(folder.uri);
      if (!folderPath || !isInside(folderPath, file)) continue;
      if (!best || folderPath.length > best.path.length) best = { uri: folder.uri, name: folder.name, path: folderPath };
    }
    return best;
  }

  /** A Python file or notebook in a workspace folder that the scan does not exclude. */
  private isScannable(file: string): boolean {
    if (!file.endsWith('.py') && !isNotebookPath(file)) return false;
    const folder = this.folderOf(file);
    return folder !== undefined && !this.isExcludedFromScan(file, folder);
  }

  private async didChangeWatchedFiles({ changes }: DidChangeWatchedFilesParams): Promise<void> {
    // Where reads go through the client, what changed is fetched again before anything reads it.
    if (this.files.refresh) await this.files.refresh(changes.map((c) => this.files.pathOf(c.uri)).filter((p): p is string => p !== undefined));
    let policyChanged = false;
    const affectedFolders: string[] = [];
    for (const change of changes) {
      const file = this.files.pathOf(change.uri);
      if (!file) continue;
      if (this.policies.isPolicyFile(file)) {
        const deleted = change.type === FileChangeType.Deleted;
        this.policies.invalidate(file, deleted);
        // A deleted policy file's errors go with it.
        if (deleted) this.publishPolicyErrors(file, []);
        policyChanged = true;
        affectedFolders.push(this.settings.policyFile ? path.parse(file).root : path.dirname(file));
        continue;
      }
      if ((!file.endsWith('.py') && !isNotebookPath(file)) || this.isOpenInEditor(change.uri, file)) continue;
      if (change.type === FileChangeType.Deleted) {
        if (this.scanned.delete(change.uri)) void this.connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
        this.recheckQueue.delete(change.uri);
      } else if (this.scanRan && this.isScannable(file)) {
        this.queueRecheck(change.uri);
      }
    }
    if (policyChanged) {
      this.generation++;
      for (const uri of [...this.documents.uris(), ...this.notebookCellsPublished.keys()]) this.schedule(uri, 0);
      // Every file the changed policy file can govern: those below its folder.
      for (const uri of this.scanned) {
        const file = this.files.pathOf(uri);
        if (file && affectedFolders.some((folder) => isInside(folder, file))) this.queueRecheck(uri);
      }
      this.refreshPulledDiagnostics();
    }
    this.releaseWaiters();
  }

  private queueRecheck(uri: string): void {
    this.recheckQueue.add(uri);
    if (this.recheckRunning) return;
    this.recheckRunning = true;
    void this.workOffRechecks().finally(() => (this.recheckRunning = false));
  }

  private async workOffRechecks(): Promise<void> {
    while (this.recheckQueue.size > 0 && !this.shutDown) {
      const [uri] = this.recheckQueue;
      this.recheckQueue.delete(uri);
      const file = this.files.pathOf(uri);
      if (!file || this.isOpenInEditor(uri, file)) continue;
      if (!this.files.stat(file) || !this.isScannable(file)) {
        if (this.scanned.delete(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
        continue;
      }
      this.checkClosedFile(file, uri);
      await yieldToEventLoop();
    }
  }

  // --- Pull diagnostics ----------------------------------------------------------------------

  private refreshPulledDiagnostics(): void {
    this.releaseWaiters();
    if (!this.pullDiagnostics || this.capabilitiesOfClient.workspace?.diagnostics?.refreshSupport !== true) return;
    this.connection.languages.diagnostics.refresh().catch((error: unknown) => this.logger.warn(`diagnostic refresh failed: ${String(error)}`));
  }

  private releaseWaiters(): void {
    const waiters = this.changeWaiters;
    this.changeWaiters = [];
    for (const release of waiters) release();
  }

  /**
   * A result id changes whenever the diagnostics could: a file change on disk, a notebook's new
   * version, new settings or policy; for an open document, whenever they did (`contentIdOf`).
   */
  private resultIdOf(uri: string, file: string | undefined): string | undefined {
    if (file && isNotebookPath(file)) {
      const notebook = this.notebookCellsPublished.has(uri) ? this.notebooks.getNotebookDocument(uri) : undefined;
      if (notebook) return `${this.generation}:n${notebook.version}`;
    } else {
      const result = this.resultFor(uri);
      if (result) return this.contentIdOf(uri, result.diagnostics);
    }
    if (!file) return undefined;
    const stat = this.files.stat(file);
    return stat && `${this.generation}:${stat.mtimeMs}:${stat.size}`;
  }

  /** The result id of an open document's diagnostics: the one they had when last given one, if they are the same. */
  private contentIdOf(uri: string, diagnostics: readonly Diagnostic[]): string {
    const last = this.pulledContent.get(uri);
    if (last && last.generation === this.generation && sameDiagnostics(last.diagnostics, diagnostics)) {
      // The newest objects: the next comparison finds most of them identical.
      last.diagnostics = diagnostics;
      return last.id;
    }
    const id = `${this.generation}:d${++this.contentIds}`;
    this.pulledContent.set(uri, { id, generation: this.generation, diagnostics });
    return id;
  }

  private async documentDiagnostic(params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    // One pull at a time, each yielding once the one before it is answered. An analysis runs in
    // one piece: pulls that yielded together would run one after the other in a single turn of
    // the event loop, and a cancel sent while the first was analysed (the client re-pulls on
    // every keystroke) would be read only after all of them had run.
    const before = this.pullsBefore;
    let answered!: () => void;
    this.pullsBefore = new Promise((resolve) => (answered = resolve));
    try {
      await before;
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'diagnostics cancelled');
      return await this.documentDiagnosticInTurn(params, token);
    } finally {
      answered();
    }
  }

  private async documentDiagnosticInTurn(params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const uri = documentUriOf(params);
    await this.settingsReady;
    // A cancel already sent spares the analysis. Two yields: the connection reads a message in
    // one turn of the event loop and handles it in a callback of the next (vscode-jsonrpc's
    // queue), after a yield made before the read.
    await yieldToEventLoop();
    await yieldToEventLoop();
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'diagnostics cancelled');
    const file = this.files.pathOf(uri);
    // A policy file (open as TOML): its errors, as they are also pushed; a client that pulls for
    // it must not be told it is clean.
    const policyErrors = file === undefined ? undefined : this.policyFileDiagnostics.get(path.resolve(file));
    if (policyErrors) {
      const id = `p${this.policyPublications}`;
      if (params.previousResultId === id) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: id };
      return { kind: DocumentDiagnosticReportKind.Full, resultId: id, items: policyErrors };
    }
    const resultId = this.resultIdOf(uri, file);
    if (resultId === undefined) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is neither an open document nor a readable file`);
    if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    const result = file && isNotebookPath(file) ? undefined : this.resultFor(uri);
    if (result) this.sendStatus(uri, result);
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: result?.diagnostics ?? this.pulledDiagnostics(uri, file) };
  }

  /**
   * What a pull reports for a file: an open document's live diagnostics; nothing for an open
   * notebook's file (its cells carry them); else the file on disk.
   */
  private pulledDiagnostics(uri: string, file: string | undefined): Diagnostic[] {
    if (file && isNotebookPath(file)) return this.isOpenInEditor(uri, file) ? [] : this.analyzeDisk(file, uri).diagnostics;
    return this.resultFor(uri)?.diagnostics ?? this.analyzeDisk(file!, uri).diagnostics;
  }

  /**
   * Every Python file and notebook of the workspace. When nothing changed since the client's last answer
   * (every report would be "unchanged"), the request is held until something does or the
   * client cancels: clients re-ask as soon as they get an answer.
   */
  private async workspaceDiagnostic(params: WorkspaceDiagnosticParams, token: CancellationToken): Promise<WorkspaceDiagnosticReport> {
    await this.settingsReady;
    const previous = new Map(params.previousResultIds.map((p) => [p.uri, p.value]));
    const folders = await this.currentFolders();
    await this.pullFilesExclude(folders);
    const stopped = (): boolean => token.isCancellationRequested || this.shutDown;
    for (let round = 0; ; round++) {
      const items: WorkspaceDocumentDiagnosticReport[] = [];
      const seen = new Set<string>();
      for (const folder of folders) {
        const listing = await this.files.listPythonFiles(folder.path, stopped);
        if (!listing) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'workspace diagnostics cancelled');
        for (const file of listing.files) {
          if (seen.has(file) || this.isExcludedFromScan(file, folder)) continue;
          seen.add(file);
          if (stopped()) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'workspace diagnostics cancelled');
          const uri = this.files.uriOf(file);
          const resultId = this.resultIdOf(uri, file);
          if (resultId === undefined) continue;
          // A notebook's version is not a text document's: its file is reported unversioned.
          const version = isNotebookPath(file) ? null : (this.documents.get(uri)?.version ?? null);
          if (previous.get(uri) === resultId) {
            items.push({ kind: DocumentDiagnosticReportKind.Unchanged, uri, version, resultId });
            continue;
          }
          items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version, resultId, items: this.pulledDiagnostics(uri, file) });
          await yieldToEventLoop();
        }
      }
      const nothingNew = previous.size > 0 && items.every((i) => i.kind === DocumentDiagnosticReportKind.Unchanged) && items.length === previous.size;
      if (!nothingNew || round > 0) return { items };
      await new Promise<void>((resolve) => {
        this.changeWaiters.push(resolve);
        token.onCancellationRequested(() => resolve());
      });
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'workspace diagnostics cancelled');
    }
  }

  // --- Code actions and hover ------------------------------------------------------------

  private openResult(uri: string): DocumentResult {
    const result = this.settingsLoaded ? this.resultFor(uri) : undefined;
    if (!this.documents.get(uri)) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not an open document`);
    if (!result) throw new ResponseError(LSPErrorCodes.ContentModified, 'settings are not loaded yet');
    return result;
  }

  private codeActions(params: CodeActionParams): CodeAction[] {
    const uri = documentUriOf(params);
    requireCodeActionParams(params);
    const notebook = this.notebooks.findNotebookDocumentForCell(uri);
    if (notebook) return this.notebookCodeActions(notebook.uri, params);
    const result = this.openResult(uri);
    const document = this.documents.get(uri)!;
    const filePath = this.files.pathOf(uri);
    const builder = new CodeActionBuilder(
      {
        uri,
        version: document.version,
        text: document.text,
        // A document over the size limit is never parsed, not even for an action.
        tree: result.findings.some((f) => f.code === FILE_TOO_LARGE.code) ? undefined : this.documents.tree(uri),
        findings: result.findings,
        policy: result.effective.policy,
        filePath,
        policyTarget: filePath ? this.policyTargetFor(filePath, result.effective) : undefined,
      },
      this.editSupport,
      (finding) => this.toDiagnostic(finding, uri),
      (p) => this.files.uriOf(p),
    );
    return builder.actions(params);
  }

  /**
   * The policy file a policy action edits: the one in force when it lies in a workspace folder
   * (a shared policy outside is not the workspace's to change); with none, the `pyproject.toml`
   * of the file's workspace folder, or a new `padded-cell.toml` there.
   */
  private policyTargetFor(file: string, effective: EffectivePolicy): PolicyFileTarget | undefined {
    const read = (p: string): string | undefined => this.files.readText(p);
    if (effective.file) {
      if (!this.folderOf(effective.file)) return undefined;
      const text = read(effective.file);
      return text === undefined ? undefined : { path: effective.file, text };
    }
    const folder = this.folderOf(file);
    if (!folder) return undefined;
    const pyproject = path.join(folder.path, 'pyproject.toml');
    const text = read(pyproject);
    if (text !== undefined) return { path: pyproject, text };
    return { path: path.join(folder.path, 'padded-cell.toml'), text: undefined };
  }

  private hover(params: HoverParams): Hover | null {
    documentUriOf(params);
    requirePosition(params);
    const notebook = this.notebooks.findNotebookDocumentForCell(params.textDocument.uri);
    if (notebook) {
      const check = this.notebookChecks.get(notebook.uri);
      return check ? notebookHover(check, params.textDocument.uri, params.position, this.settings.docsBaseUrl) : null;
    }
    const result = this.openResult(params.textDocument.uri);
    return hoverFor(result.findings, params.position, this.settings.docsBaseUrl);
  }

  private shutdown(): void {
    this.shutDown = true;
    this.activeScan?.cancel();
    this.releaseWaiters();
    for (const uri of [...this.pending.keys()]) this.cancel(uri);
    this.notebookChecks.clear();
    this.documents.dispose();
    this.analyses.dispose();
  }
}
