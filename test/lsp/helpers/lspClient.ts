// A real JSON-RPC client for the bundled server: spawns `node dist/server.js` and speaks LSP to
// it the way an editor does, recording what the server sends so tests can assert on it exactly.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  ConfigurationParams,
  Diagnostic,
  InitializeResult,
  LogMessageParams,
  PublishDiagnosticsParams,
  RegistrationParams,
  ShowMessageParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const SERVER_BUNDLE = path.join(ROOT, 'dist', 'server.js');

function newestMtime(dir: string): number {
  let newest = 0;
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}

/**
 * The tests drive the bundle, not the sources, because that is what editors run. `npm test`
 * builds first; a single test file run rebuilds when the bundle is older than the sources.
 */
export function ensureServerBundle(): void {
  const built = fs.existsSync(SERVER_BUNDLE) ? fs.statSync(SERVER_BUNDLE).mtimeMs : 0;
  if (built >= newestMtime(path.join(ROOT, 'server', 'src'))) return;
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
}

export interface ClientOptions {
  transport?: 'stdio' | 'ipc';
  /** Leave out `workspace.configuration` to act as a client that only pushes settings. */
  capabilities?: ClientCapabilities;
  /** What the client answers to `workspace/configuration` for section `paddedCell`. */
  settings?: Record<string, unknown>;
  /** Node options for the server process (`--expose-gc` for exact memory figures). */
  nodeArgs?: string[];
  /** Runs the server as this user: as root, the only way to have folders it cannot read. */
  user?: { uid: number; gid: number };
}

export const DEFAULT_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
  textDocument: { synchronization: { dynamicRegistration: false }, publishDiagnostics: { relatedInformation: true, versionSupport: true } },
};

type Waiter = { match: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void };

export class TestClient {
  readonly publications: PublishDiagnosticsParams[] = [];
  readonly logs: LogMessageParams[] = [];
  readonly shownMessages: ShowMessageParams[] = [];
  readonly configurationRequests: ConfigurationParams[] = [];
  readonly registrations: RegistrationParams[] = [];
  settings: Record<string, unknown>;
  private readonly waiters: Waiter[] = [];
  private readonly versions = new Map<string, number>();
  private stderr = '';
  readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.publications.push(params);
      for (let i = 0; i < this.waiters.length; i++) {
        if (this.waiters[i].match(params)) {
          this.waiters[i].resolve(params);
          this.waiters.splice(i--, 1);
        }
      }
    });
    connection.onNotification('window/logMessage', (params: LogMessageParams) => {
      this.logs.push(params);
    });
    connection.onNotification('window/showMessage', (params: ShowMessageParams) => {
      this.shownMessages.push(params);
    });
    connection.onRequest('window/showMessageRequest', (params: ShowMessageParams) => {
      this.shownMessages.push(params);
      return null;
    });
    connection.onRequest('client/registerCapability', (params: RegistrationParams) => {
      this.registrations.push(params);
      return null;
    });
    connection.onRequest('workspace/configuration', (params: ConfigurationParams) => {
      this.configurationRequests.push(params);
      return params.items.map((item) => (item.section === 'paddedCell' ? this.settings : null));
    });
  }

  static async start(options: ClientOptions = {}): Promise<TestClient> {
    const ipc = options.transport === 'ipc';
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER_BUNDLE, ipc ? '--node-ipc' : '--stdio'], {
      cwd: ROOT,
      stdio: ipc ? ['pipe', 'pipe', 'pipe', 'ipc'] : ['pipe', 'pipe', 'pipe'],
      ...options.user,
    });
    const connection = ipc
      ? createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child))
      : createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(child, connection, options.settings ?? {});
    connection.listen();
    return client;
  }

  async initialize(capabilities: ClientCapabilities = DEFAULT_CAPABILITIES): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Starts and initialises a server with the default capabilities (or those given). */
  static async ready(options: ClientOptions = {}): Promise<TestClient> {
    const client = await TestClient.start(options);
    await client.initialize(options.capabilities);
    return client;
  }

  /** The next publication for `uri` that satisfies `match` (published after this call). */
  nextDiagnostics(uri: string, match: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const seen = this.publications.filter((p) => p.uri === uri);
        reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; seen ${JSON.stringify(seen)}; stderr ${this.stderr}`));
      }, timeoutMs);
      this.waiters.push({
        match: (p) => p.uri === uri && match(p),
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  /** Diagnostics for the document's current version. */
  diagnosticsFor(uri: string): Promise<PublishDiagnosticsParams> {
    const version = this.versions.get(uri);
    return this.nextDiagnostics(uri, (p) => p.version === version);
  }

  async open(uri: string, text: string, version = 1, languageId = 'python'): Promise<void> {
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async changeConfiguration(settings: Record<string, unknown>, pushed: unknown = null): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: pushed });
  }

  /** shutdown + exit; resolves with the process's exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.child.kill();
    }
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  get errorOutput(): string {
    return this.stderr;
  }
}

/** Only the codes a test is about: the rule set grows in parallel, so unrelated rules may add findings. */
export function only(codes: readonly string[], diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => codes.includes(String(d.code)));
}

export const DOCS = 'https://github.com/padded-cell/padded-cell/blob/main/docs/rules/';

/** The full Diagnostic a padded-cell finding becomes (severity 1 = Error). */
export function diagnostic(code: string, range: [number, number, number, number], message: string, severity = 1): Diagnostic {
  return {
    range: { start: { line: range[0], character: range[1] }, end: { line: range[2], character: range[3] } },
    severity: severity as Diagnostic['severity'],
    code,
    source: 'padded-cell',
    message,
    codeDescription: { href: `${DOCS}${code}.md` },
  };
}
