/**
 * LSP wiring only: each handler hands the document to the engine and its findings to the
 * adapters in `lsp/`. Transport-agnostic (the connection is passed in), so the same class
 * serves stdio, Node IPC and, later, a browser worker.
 */
import {
  DidChangeConfigurationNotification,
  ErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type DidChangeConfigurationParams,
  type DidChangeTextDocumentParams,
  type DidCloseTextDocumentParams,
  type DidOpenTextDocumentParams,
  type Diagnostic,
  type ExecuteCommandParams,
  type InitializeParams,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { createPythonParser, type PythonParser } from './parser';
import { DocumentStore, type OpenDocument } from './documents';
import { ANALYSIS_ERROR, analyzeTree } from './engine';
import type { Policy } from './policy/types';
import { presetNames, presetPolicy } from './policy/fromPreset';
import { DEFAULT_PRESET } from './policy/presets';
import { analysisFailureDiagnostic, findingToDiagnostic } from './lsp/diagnostics';
import { Logger } from './lsp/logger';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from './lsp/settings';

export const SCAN_WORKSPACE_COMMAND = 'paddedCell.scanWorkspace';
export const CONFIGURATION_SECTION = 'paddedCell';

/** What `paddedCell.scanWorkspace` answers (for now it checks the open documents). */
export interface ScanSummary {
  files: number;
  findings: number;
}

export interface ServerOptions {
  /** Injected so tests and the CLI's `lsp` subcommand can share an initialised parser. */
  parser?: PythonParser;
  /** How long to wait for the client's first `workspace/configuration` answer before using the defaults. */
  configurationTimeoutMs?: number;
}

const DEFAULT_CONFIGURATION_TIMEOUT_MS = 5000;

function isPythonDocument(document: OpenDocument): boolean {
  return document.languageId === 'python' || /\.(py|pyw|pyi)$/i.test(document.uri);
}

export class PaddedCellServer {
  private readonly documents: DocumentStore;
  private readonly logger: Logger;
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly pullsConfiguration: boolean;
  private readonly registersForConfiguration: boolean;
  private settings: Settings = { ...DEFAULT_SETTINGS };
  /** False until the first configuration answer: analysing with guessed settings would flash wrong diagnostics. */
  private settingsLoaded: boolean;
  /** Each reload takes a ticket; only the newest reload may apply what it read. */
  private settingsTicket = 0;
  private presetCache: { name: string; policy: Policy } | undefined;
  private shutDown = false;

  static async initialize(connection: Connection, params: InitializeParams, options: ServerOptions = {}): Promise<PaddedCellServer> {
    const parser = options.parser ?? (await createPythonParser());
    return new PaddedCellServer(connection, parser, params.capabilities, options);
  }

  private constructor(
    private readonly connection: Connection,
    parser: PythonParser,
    clientCapabilities: ClientCapabilities,
    private readonly options: ServerOptions,
  ) {
    this.documents = new DocumentStore(parser);
    this.logger = new Logger(connection.console, DEFAULT_SETTINGS.logLevel);
    this.pullsConfiguration = clientCapabilities.workspace?.configuration === true;
    this.registersForConfiguration = clientCapabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    // A client that cannot be asked pushes settings with didChangeConfiguration, if at all.
    this.settingsLoaded = !this.pullsConfiguration;
  }

  capabilities(): ServerCapabilities {
    return {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      executeCommandProvider: { commands: [SCAN_WORKSPACE_COMMAND] },
    };
  }

  register(connection: Connection): void {
    connection.onInitialized(() => this.guard('initialized', () => this.initialized()));
    connection.onDidOpenTextDocument((params) => this.guard('didOpen', () => this.didOpen(params)));
    connection.onDidChangeTextDocument((params) => this.guard('didChange', () => this.didChange(params)));
    connection.onDidCloseTextDocument((params) => this.guard('didClose', () => this.didClose(params)));
    connection.onDidChangeConfiguration((params) => this.guard('didChangeConfiguration', () => this.didChangeConfiguration(params)));
    connection.onExecuteCommand((params) => this.executeCommand(params));
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
    await this.reloadSettings();
  }

  private didOpen({ textDocument }: DidOpenTextDocumentParams): void {
    if (this.shutDown) return;
    this.documents.open(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text);
    this.schedule(textDocument.uri);
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
    this.cancel(textDocument.uri);
    this.documents.close(textDocument.uri);
    // Until the workspace scan owns closed files, a closed file's diagnostics go with it.
    void this.connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
  }

  private async didChangeConfiguration(params: DidChangeConfigurationParams): Promise<void> {
    if (this.pullsConfiguration) return this.reloadSettings();
    const pushed: unknown = (params.settings as Record<string, unknown> | null | undefined)?.[CONFIGURATION_SECTION];
    this.applySettings(pushed);
    this.reanalyzeAll();
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
      raw = await this.pullConfiguration();
      answered = true;
    } catch (error) {
      this.logger.error('could not read the paddedCell settings; keeping the current ones', error);
    }
    if (ticket !== this.settingsTicket || this.shutDown) return;
    if (answered) this.applySettings(raw);
    this.settingsLoaded = true;
    this.reanalyzeAll();
  }

  private pullConfiguration(): Promise<unknown> {
    const timeoutMs = this.options.configurationTimeoutMs ?? DEFAULT_CONFIGURATION_TIMEOUT_MS;
    return new Promise<unknown>((resolve, reject) => {
      // A client that never answers must not leave every file unchecked.
      const timer = setTimeout(() => reject(new Error(`no answer to workspace/configuration within ${timeoutMs} ms`)), timeoutMs);
      this.connection.workspace.getConfiguration({ section: CONFIGURATION_SECTION }).then(
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
    if (settings.policyFile) {
      // Until the policy-file loader is plugged into policyFor, say so rather than ignore it silently.
      problems.push(`paddedCell.policyFile is not read yet; checking with preset '${settings.preset}'`);
    }
    this.settings = settings;
    this.logger.level = settings.logLevel;
    for (const problem of problems) this.logger.warn(problem);
    this.logger.debug(`settings: ${JSON.stringify(settings)}`);
  }

  /**
   * The one place a document's policy comes from. Today: the preset the settings name; the
   * policy-file loader (nearest `padded-cell.toml` / `pyproject.toml`, `paddedCell.policyFile`)
   * plugs in here.
   */
  private policyFor(_uri: string): Policy {
    const name = this.settings.preset;
    if (this.presetCache?.name !== name) this.presetCache = { name, policy: presetPolicy(name) };
    return this.presetCache.policy;
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

  /** After a settings change: nobody is typing, so there is nothing to wait for. */
  private reanalyzeAll(): void {
    for (const uri of this.documents.uris()) this.schedule(uri, 0);
  }

  /** Analyses the document as it is now and publishes, tagged with the version analysed. */
  private publish(uri: string): Diagnostic[] | undefined {
    // reloadSettings re-schedules every open document once the settings are known.
    if (!this.settingsLoaded || this.shutDown) return undefined;
    const document = this.documents.get(uri);
    if (!document || !isPythonDocument(document)) return undefined;
    const diagnostics = this.diagnose(document);
    // Never publish for a version that is no longer the newest (analysis may become asynchronous).
    if (this.documents.get(uri)?.version !== document.version) return undefined;
    void this.connection.sendDiagnostics({ uri, version: document.version, diagnostics });
    return diagnostics;
  }

  private diagnose(document: OpenDocument): Diagnostic[] {
    if (!this.settings.enable) return [];
    const started = Date.now();
    try {
      const tree = this.documents.tree(document.uri);
      if (!tree) return [];
      const findings = analyzeTree(tree, document.text, this.policyFor(document.uri));
      for (const f of findings) if (f.code === ANALYSIS_ERROR.code) this.logger.error(`${document.uri}: ${f.message}`);
      this.logger.debug(`${document.uri} v${document.version}: ${findings.length} findings in ${Date.now() - started} ms`);
      return findings.map((f) => findingToDiagnostic(f, document.uri, { docsBaseUrl: this.settings.docsBaseUrl }));
    } catch (error) {
      this.logger.error(`analysing ${document.uri} failed`, error);
      return [analysisFailureDiagnostic(error)];
    }
  }

  private async executeCommand(params: ExecuteCommandParams): Promise<ScanSummary> {
    if (params.command !== SCAN_WORKSPACE_COMMAND) {
      throw new ResponseError(ErrorCodes.InvalidParams, `unknown command '${params.command}'`);
    }
    if (!this.settingsLoaded) await this.reloadSettings();
    return this.scanOpenDocuments();
  }

  /** A stand-in for the workspace scan: checks every open document now, skipping the debounce. */
  private scanOpenDocuments(): ScanSummary {
    const summary: ScanSummary = { files: 0, findings: 0 };
    for (const uri of this.documents.uris()) {
      this.cancel(uri);
      const diagnostics = this.publish(uri);
      if (!diagnostics) continue;
      summary.files++;
      summary.findings += diagnostics.length;
    }
    this.logger.info(`scanned ${summary.files} open files: ${summary.findings} findings`);
    return summary;
  }

  private shutdown(): void {
    this.shutDown = true;
    for (const uri of [...this.pending.keys()]) this.cancel(uri);
    this.documents.dispose();
  }
}
