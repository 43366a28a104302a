/**
 * The language-server measurements of `npm run bench`, through the real LSP path: the built
 * server (`dist/server.js --stdio`) in its own process, a client speaking JSON-RPC over its
 * stdin/stdout, settings answered through `workspace/configuration` like VS Code does.
 *
 *   keystrokes FILE EDITS [PRESET]
 *                           one-character edits at random places of FILE; for each, the time
 *                           from sending `didChange` to the `publishDiagnostics` of that version
 *                           (preset `audit` unless PRESET is given)
 *   typing FILE PLACES [PRESET]
 *                           the same for a statement typed and deleted again at PLACES places of
 *                           FILE (keystrokeEdits.ts `typingEdits`)
 *   memory LIST_FILE        opens every file of the list, waits for all their diagnostics, then
 *                           reads the server's resident memory
 *
 * Prints one JSON object on stdout.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { SERVER_NODE_ARGS } from '../server/src/lsp/serverProcess';
import { KEYSTROKE_WARM_UP, keystrokeEdits, percentile, typingEdits, type KeystrokeEdit } from './keystrokeEdits';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

interface Published {
  uri: string;
  version?: number;
  diagnostics: unknown[];
}

interface Session {
  connection: MessageConnection;
  pid: number;
  /** Resolves when diagnostics for `uri` at `version` (or any version, when undefined) arrive. */
  /** Resolves, with the number of diagnostics, when diagnostics for `uri` at `version` (or any version, when undefined) arrive. */
  published(uri: string, version: number | undefined): Promise<number>;
  /** The server's own time for each analysis it logged (debug level: `… vN: … findings in M ms`), by version. */
  analysisMs: Map<number, number>;
  close(): Promise<void>;
}

const serverPath = path.join(__dirname, '..', '..', 'dist', 'server.js');

/** The server's debug line for an analysis (server.ts `analyzeOpen`). */
const ANALYSED = / v(\d+): \d+ findings in (\d+) ms/;

async function startServer(preset = 'audit', logLevel = 'error'): Promise<Session> {
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server (e.g. `--cpu-prof --cpu-prof-dir=DIR` to profile it).
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  // Started as the VS Code client starts it (lsp/serverProcess.ts).
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, ...nodeArgs, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting: { uri: string; version: number | undefined; resolve: (count: number) => void }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: Published) => {
    for (let i = waiting.length - 1; i >= 0; i--) {
      const w = waiting[i];
      if (w.uri === params.uri && (w.version === undefined || w.version === params.version)) {
        waiting.splice(i, 1);
        w.resolve(params.diagnostics.length);
      }
    }
  });
  // debounce 0: the measurement is the analysis, not the server's wait for typing to pause.
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({ debounceMs: 0, preset, logLevel })));
  connection.onRequest('client/registerCapability', () => null);
  const analysisMs = new Map<number, number>();
  connection.onNotification('window/logMessage', (params: { message: string }) => {
    const m = ANALYSED.exec(params.message);
    if (m) analysisMs.set(Number(m[1]), Number(m[2]));
  });
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
  });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    pid: child.pid!,
    published: (uri, version) => new Promise<number>((resolve) => waiting.push({ uri, version, resolve })),
    analysisMs,
    async close() {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      connection.dispose();
      await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
    },
  };
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

async function keystrokes(file: string, makeEdits: (text: string) => Iterable<KeystrokeEdit & { after: string }>, preset: string): Promise<object> {
  // Debug level: the server logs how long each analysis took (one short message a keystroke), which
  // splits the latency into the server's analysis and the rest (publishing thousands of
  // diagnostics as JSON, the pipe, the client's parse of that JSON).
  const session = await startServer(preset, 'debug');
  const uri = pathToFileURL(file).href;
  let text = fs.readFileSync(file, 'utf8');
  let version = 1;
  const opened = session.published(uri, version);
  const openedAt = performance.now();
  await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
  const diagnostics = await opened;
  const openMs = performance.now() - openedAt;
  const warmUp = KEYSTROKE_WARM_UP;
  const times: number[] = [];
  const analysed: number[] = [];
  let i = 0;
  for (const edit of makeEdits(text)) {
    const start = positionAt(text, edit.start);
    const change = { range: { start, end: edit.end === edit.start ? start : positionAt(text, edit.end) }, text: edit.text };
    text = edit.after;
    version++;
    const done = session.published(uri, version);
    const sent = performance.now();
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    await done;
    if (i++ >= warmUp) {
      times.push(performance.now() - sent);
      // Logged before the diagnostics were published: here by now (one pipe, in order).
      const ms = session.analysisMs.get(version);
      if (ms !== undefined) analysed.push(ms);
    }
  }
  await session.close();
  const sorted = [...times].sort((a, b) => a - b);
  const analysedSorted = [...analysed].sort((a, b) => a - b);
  return {
    preset,
    diagnostics,
    edits: times.length,
    warmUpEdits: warmUp,
    openMs,
    medianMs: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    maxMs: sorted[sorted.length - 1],
    // Whole milliseconds (the server's clock): what of the latency is the analysis itself.
    analysis: analysed.length === times.length ? { medianMs: percentile(analysedSorted, 50), p95Ms: percentile(analysedSorted, 95) } : undefined,
  };
}

function residentMb(pid: number): { rssMb: number; peakRssMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

async function memory(listFile: string): Promise<object> {
  const files = (JSON.parse(fs.readFileSync(listFile, 'utf8')) as { files: string[] }).files;
  const session = await startServer();
  const started = performance.now();
  const all: Promise<number>[] = [];
  for (const file of files) {
    const uri = pathToFileURL(file).href;
    all.push(session.published(uri, 1));
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: fs.readFileSync(file, 'utf8') } });
  }
  await Promise.all(all);
  const seconds = (performance.now() - started) / 1000;
  // A moment for the server to finish what it does after publishing (freeing old trees).
  await new Promise((resolve) => setTimeout(resolve, 500));
  const memoryNow = fs.existsSync(`/proc/${session.pid}/status`) ? residentMb(session.pid) : { rssMb: NaN, peakRssMb: NaN };
  await session.close();
  return { files: files.length, seconds, ...memoryNow };
}

async function main(): Promise<void> {
  const [measurement, ...args] = process.argv.slice(2);
  let result: object;
  if (measurement === 'keystrokes') result = await keystrokes(args[0], (text) => keystrokeEdits(text, KEYSTROKE_WARM_UP + Number(args[1] ?? 200)), args[2] ?? 'audit');
  else if (measurement === 'typing') result = await keystrokes(args[0], (text) => typingEdits(text, Number(args[1] ?? 4)), args[2] ?? 'audit');
  else if (measurement === 'memory') result = await memory(args[0]);
  else throw new Error(`unknown measurement '${measurement}'`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
