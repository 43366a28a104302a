// The VS Code client's own behaviour, outside VS Code: client/src/activate.ts bundled with a
// recording stand-in for `vscode` (fakeVscode.ts) and a stand-in language client. Exact status
// bar text, what clicking it does, the scan's cancellable progress notification fed from the
// server's progress on the client's own token, and the summary with its "Show Problems" button.
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import type * as Fake from './fakeVscode';

const ROOT = path.join(__dirname, '..', '..');

interface ClientOptions {
  initializationOptions: unknown;
  middleware: { executeCommand(command: string, args: unknown[], next: (command: string, args: unknown[]) => unknown): unknown };
}

/** The language client as the extension sees it: notifications and progress are fed by the test. */
class StandInClient {
  readonly notifications = new Map<string, (params: unknown) => void>();
  readonly progress = new Map<unknown, (value: unknown) => void>();
  readonly requests: { method: string; params: Record<string, unknown> }[] = [];
  /** Answers a request (the scan): may send progress on the request's token first. */
  answer: (params: Record<string, unknown>, cancellation: { isCancellationRequested: boolean }) => Promise<unknown> = async () => null;
  started = 0;
  registerFeature(): void {}
  onNotification(method: string, handler: (params: unknown) => void) {
    this.notifications.set(method, handler);
    return { dispose(): void {} };
  }
  onProgress(_type: unknown, token: unknown, handler: (value: unknown) => void) {
    this.progress.set(token, handler);
    return { dispose: () => this.progress.delete(token) };
  }
  sendRequest(type: { method: string }, params: Record<string, unknown>, cancellation: { isCancellationRequested: boolean }): Promise<unknown> {
    this.requests.push({ method: type.method, params });
    return this.answer(params, cancellation);
  }
  async start(): Promise<void> {
    this.started++;
  }
  async stop(): Promise<void> {}
}

let fake: typeof Fake;
let client: StandInClient;
let options: ClientOptions;

before(async () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'padded-cell-client-'));
  const outfile = path.join(outdir, 'client.cjs');
  await build({
    stdin: {
      contents: `export { activateClient } from ${JSON.stringify(path.join(ROOT, 'client', 'src', 'activate'))};\nexport * as fake from 'vscode';\n`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'error',
    plugins: [
      {
        name: 'stand-ins',
        setup(build) {
          build.onResolve({ filter: /^vscode$/ }, () => ({ path: path.join(__dirname, 'fakeVscode.ts') }));
          // The two values the client takes from the library are protocol constants.
          build.onResolve({ filter: /^vscode-languageclient$/ }, () => ({ path: require.resolve('vscode-languageserver-protocol') }));
        },
      },
    ],
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bundle = require(outfile) as { activateClient: (context: unknown, factory: (o: ClientOptions) => StandInClient) => Promise<void>; fake: typeof Fake };
  fs.rmSync(outdir, { recursive: true, force: true });
  fake = bundle.fake;
  client = new StandInClient();
  await bundle.activateClient({ subscriptions: [] }, (o) => {
    options = o;
    return client;
  });
});

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('the VS Code client', () => {
  test('starts the client, asking the server for status notifications', () => {
    assert.equal(client.started, 1);
    assert.deepEqual(options.initializationOptions, { statusNotifications: true });
  });

  test('the status bar shows the policy and the finding count of the active Python file only', () => {
    const plugin = fake.Uri.parse('file:///work/plugins/plugin.py');
    fake.person.activate({ document: { languageId: 'python', uri: plugin } });
    assert.equal(fake.recorded.statusItem?.visible, false, 'nothing to show before the server says anything');
    client.notifications.get('paddedCell/status')!({ uri: plugin.toString(), policy: 'strict', preset: 'strict', findings: 3 });
    assert.deepEqual(
      { ...fake.recorded.statusItem },
      {
        ...fake.recorded.statusItem,
        text: '$(shield) strict · 3',
        tooltip: "Padded Cell: policy 'strict' (preset strict), 3 findings. Click to see which preset applies.",
        command: { title: 'Show Policy', command: 'paddedCell.showPolicy' },
        visible: true,
      },
    );
    fake.person.activate({ document: { languageId: 'markdown', uri: fake.Uri.parse('file:///work/README.md') } });
    assert.equal(fake.recorded.statusItem?.visible, false);
    fake.person.activate({ document: { languageId: 'python', uri: plugin } });
    assert.equal(fake.recorded.statusItem?.visible, true);
  });

  test('clicking it names the preset that applies, or opens the policy file in force', async () => {
    const plugin = fake.Uri.parse('file:///work/plugins/plugin.py');
    fake.person.activate({ document: { languageId: 'python', uri: plugin } });
    await fake.commands.executeCommand('paddedCell.showPolicy');
    assert.deepEqual(fake.recorded.messages.at(-1), {
      kind: 'info',
      message: "Padded Cell: preset 'strict' applies to plugin.py; no padded-cell.toml or [tool.padded-cell] in a pyproject.toml lies above it.",
      items: [],
    });

    const policyFile = 'file:///work/plugins/padded-cell.toml';
    client.notifications.get('paddedCell/status')!({ uri: plugin.toString(), policy: 'padded-cell.toml', preset: 'strict', policyFile, policyErrors: 1, findings: 0 });
    assert.equal(fake.recorded.statusItem?.text, '$(shield) padded-cell.toml · 0');
    assert.equal(fake.recorded.statusItem?.tooltip, "Padded Cell: policy 'padded-cell.toml' (preset strict) (1 errors in the policy file), 0 findings. Click to open the policy file.");
    await fake.commands.executeCommand('paddedCell.showPolicy');
    assert.deepEqual(fake.recorded.shownDocuments, [policyFile]);

    fake.person.close(plugin);
    fake.person.activate({ document: { languageId: 'python', uri: plugin } });
    assert.equal(fake.recorded.statusItem?.visible, false, 'a closed document forgets its status');
  });

  test("Scan Workspace: a cancellable notification fed by the server's progress on the client's token, then the summary with 'Show Problems'", async () => {
    const summary = { folders: 1, files: 2, findings: 3, byCode: { PC101: 3 }, unreadable: 0, durationMs: 5, cancelled: false };
    client.answer = async (params) => {
      const send = client.progress.get(params.workDoneToken)!;
      send({ kind: 'begin', title: 'Padded Cell: scanning the workspace', cancellable: true, message: 'Finding Python files in 1 folder', percentage: 0 });
      send({ kind: 'report', message: '1/2 files (work)', percentage: 50 });
      send({ kind: 'report', message: '2/2 files (work)', percentage: 100 });
      send({ kind: 'end', message: '2 files, 3 findings' });
      return summary;
    };
    fake.recorded.answer = 'Show Problems';
    const next = (): never => assert.fail('the scan goes through the progress notification, not straight to the server');
    const result = await options.middleware.executeCommand('paddedCell.scanWorkspace', [], next);
    await tick();
    assert.deepEqual(result, summary);
    assert.deepEqual(client.requests.at(-1), {
      method: 'workspace/executeCommand',
      params: { command: 'paddedCell.scanWorkspace', arguments: [], workDoneToken: 'padded-cell/scan/client/1' },
    });
    const run = fake.recorded.progress.at(-1)!;
    assert.deepEqual(run.options, { location: fake.ProgressLocation.Notification, title: 'Padded Cell: scanning the workspace', cancellable: true });
    // VS Code adds increments up; the server sends totals.
    assert.deepEqual(run.reports, [
      { message: 'Finding Python files in 1 folder', increment: 0 },
      { message: '1/2 files (work)', increment: 50 },
      { message: '2/2 files (work)', increment: 50 },
    ]);
    assert.deepEqual(fake.recorded.messages.at(-1), { kind: 'info', message: 'Padded Cell: 3 findings in 2 files.', items: ['Show Problems'] });
    assert.deepEqual(fake.recorded.executed.at(-1), { command: 'workbench.actions.view.problems', args: [] });
    assert.equal(client.progress.size, 0, 'the progress listener is gone');
  });

  test('a scan with unreadable paths ends in a warning that offers the output too', async () => {
    client.answer = async () => ({ folders: 1, files: 4, findings: 0, byCode: {}, unreadable: 2, durationMs: 5, cancelled: false });
    fake.recorded.answer = 'Show Output';
    await options.middleware.executeCommand('paddedCell.scanWorkspace', [], () => undefined);
    await tick();
    assert.deepEqual(fake.recorded.messages.at(-1), {
      kind: 'warning',
      message: 'Padded Cell: 0 findings in 4 files. 2 paths could not be read, so what they hold is not checked.',
      items: ['Show Problems', 'Show Output'],
    });
    assert.deepEqual(fake.recorded.executed.at(-1), { command: 'paddedCell.showOutput', args: [] });
  });

  test('Cancel in the notification cancels the request and says so', async () => {
    client.answer = (_params, cancellation) =>
      new Promise((_resolve, reject) => {
        const poll = setInterval(() => {
          if (!cancellation.isCancellationRequested) return;
          clearInterval(poll);
          reject(new Error('cancelled'));
        }, 1);
      });
    const scanning = options.middleware.executeCommand('paddedCell.scanWorkspace', [], () => undefined);
    await tick();
    fake.recorded.progress.at(-1)!.cancel();
    assert.equal(await scanning, undefined);
    assert.deepEqual(fake.recorded.messages.at(-1), { kind: 'info', message: 'Padded Cell: scan cancelled.', items: [] });
  });

  test('other commands go to the server as they are', async () => {
    const forwarded: unknown[] = [];
    await options.middleware.executeCommand('paddedCell.other', [1], (command, args) => forwarded.push([command, args]));
    assert.deepEqual(forwarded, [['paddedCell.other', [1]]]);
  });
});
