// code-server runs VS Code's workbench in a browser and extensions in a Node extension host, so
// the packaged extension and its language server run there unchanged, and offline: VS Code
// ships inside code-server's npm package. One instance per test run, on loopback only, with
// its own user data, extensions and config; stopped by the PID it was started with.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { CODE_SERVER_ENTRY, E2E_CACHE, NODE24 } from './cache';

/**
 * User settings that keep the workbench quiet and deterministic: no trust prompt, welcome page,
 * chat panel, suggestion widgets or auto-closing brackets getting between the keystrokes a test
 * types and the text the server sees.
 */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  'editor.parameterHints.enabled': false,
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoIndent': 'none',
  'editor.minimap.enabled': false,
  'editor.hover.delay': 300,
  'files.autoSave': 'off',
  'problems.sortOrder': 'position',
};

/** A stale instance from an interrupted run is found by the PID file it left, never by name. */
const PID_FILE = path.join(E2E_CACHE, 'run', 'code-server.pid');

export class CodeServer {
  private constructor(
    readonly url: string,
    readonly pid: number,
    readonly logFile: string,
    private readonly exited: Promise<void>,
  ) {}

  /** Installs `vsix` into a fresh extensions folder under `stateDir` and starts code-server. */
  static async start(vsix: string, stateDir: string): Promise<CodeServer> {
    stopStaleInstance();
    const dirs = {
      userData: path.join(stateDir, 'user-data'),
      extensions: path.join(stateDir, 'extensions'),
      config: path.join(stateDir, 'config.yaml'),
    };
    fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
    const port = await freePort();
    fs.writeFileSync(dirs.config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    const common = ['--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

    execFileSync(NODE24, [CODE_SERVER_ENTRY, ...common, '--install-extension', vsix], { stdio: 'pipe', timeout: 120_000 });

    const logFile = path.join(stateDir, 'code-server.log');
    const log = fs.openSync(logFile, 'w');
    const child = spawn(
      NODE24,
      [CODE_SERVER_ENTRY, ...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened'],
      // Its own process group, so stop() ends the extension host and language server with it.
      { detached: true, stdio: ['ignore', log, log], env: { ...process.env, PATH: `${path.dirname(NODE24)}:${process.env.PATH ?? ''}` } },
    );
    fs.closeSync(log);
    if (child.pid === undefined) throw new Error('code-server did not start');
    fs.mkdirSync(path.dirname(PID_FILE), { recursive: true });
    fs.writeFileSync(PID_FILE, String(child.pid));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const server = new CodeServer(`http://127.0.0.1:${port}`, child.pid, logFile, exited);
    try {
      await server.waitUntilHealthy(60_000);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  private async waitUntilHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (Date.now() < deadline && !exited) {
      try {
        const response = await fetch(`${this.url}/healthz`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`code-server did not become healthy (${exited ? 'it exited' : 'timed out'}); its log:\n${fs.readFileSync(this.logFile, 'utf8')}`);
  }

  async stop(): Promise<void> {
    signalGroup(this.pid, 'SIGTERM');
    const stopped = await Promise.race([this.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
    if (!stopped) signalGroup(this.pid, 'SIGKILL');
    // The extension host and the language server share the group; give them a moment too.
    await new Promise((r) => setTimeout(r, 200));
    signalGroup(this.pid, 'SIGKILL');
    if (fs.existsSync(PID_FILE) && fs.readFileSync(PID_FILE, 'utf8') === String(this.pid)) fs.rmSync(PID_FILE);
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function stopStaleInstance(): void {
  if (!fs.existsSync(PID_FILE)) return;
  const pid = Number(fs.readFileSync(PID_FILE, 'utf8'));
  let cmdline = '';
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    // no such process
  }
  // Only the process this harness started: the PID must still run code-server from our cache.
  if (pid > 0 && cmdline.includes(CODE_SERVER_ENTRY)) signalGroup(pid, 'SIGKILL');
  fs.rmSync(PID_FILE);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
