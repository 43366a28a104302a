// The language server under abuse, through the bundled server: a burst of edits, requests for
// documents it does not have, malformed JSON-RPC written as raw bytes, cancellation of slow
// requests, and memory over many open/edit/close cycles. Each answer is asserted exactly; a
// hang fails on the generous time bounds, not on a slow machine.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { CancellationTokenSource, StreamMessageReader } from 'vscode-jsonrpc/node';
import type { DocumentDiagnosticReport, Hover, WorkspaceDiagnosticReport } from 'vscode-languageserver-protocol';
import { DEFAULT_CAPABILITIES, diagnostic, ensureServerBundle, only, ROOT, SERVER_BUNDLE, TestClient } from './helpers/lspClient';
import { EDITOR_CAPABILITIES, EditorClient, fileUri, makeWorkspace, removeWorkspace } from './helpers/workspace';

before(() => ensureServerBundle());

const TRIGGERS = ['PC101', 'PC301'];
const IMPORT_OS = "import of 'os' is not allowed by policy 'strict'";
const EVAL = "'eval' runs code built at run time; not allowed by policy 'strict'";

const PULL_CAPABILITIES = { ...DEFAULT_CAPABILITIES, textDocument: { ...DEFAULT_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false } } };

/** The position after `text` (LSP lines and UTF-16 columns; the texts here use `\n` only). */
function endOf(text: string): { line: number; character: number } {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

describe('a burst of 1,000 didChange events', () => {
  let client: TestClient;
  before(async () => {
    // The burst must end in one check, of the final version. The debounce is longer than the
    // default 150 ms so that a busy machine, delivering the 1,000 messages with a gap past 150 ms,
    // cannot split the burst: what is tested is that each edit restarts the wait and no stale
    // timer fires, not how fast the messages arrive.
    client = await TestClient.ready({ settings: { debounceMs: 3000 } });
  });
  after(async () => {
    await client.stop();
  });

  test('publishes once, for the final version, with its exact diagnostics', { timeout: 60_000 }, async () => {
    const uri = 'file:///work/typed.py';
    await client.open(uri, '');
    await client.diagnosticsFor(uri);
    const before = client.publications.length;
    // 800 characters typed one at a time, 100 of them deleted and typed again: 1,000 edits.
    const head = 'import os\n';
    const tail = 'eval("1")\n';
    let body = '';
    for (let i = 0; head.length + body.length + `x${i} = ${i}\n`.length + tail.length <= 800 - 3; i++) body += `x${i} = ${i}\n`;
    const final = head + body + '#'.repeat(800 - head.length - body.length - tail.length - 1) + '\n' + tail;
    assert.equal(final.length, 800);
    const retyped = new Set([...final].map((c, i) => (c === '\n' ? -1 : i)).filter((i) => i >= 0).filter((_, k) => k % 7 === 0).slice(0, 100));
    assert.equal(retyped.size, 100);
    const changes: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[] = [];
    let text = '';
    for (let i = 0; i < final.length; i++) {
      const at = endOf(text);
      changes.push({ range: { start: at, end: at }, text: final[i] });
      text += final[i];
      if (retyped.has(i)) {
        const after = endOf(text);
        changes.push({ range: { start: { line: after.line, character: after.character - 1 }, end: after }, text: '' });
        changes.push({ range: { start: at, end: at }, text: final[i] });
      }
    }
    assert.equal(changes.length, 1000);
    const sent = changes.map((change, i) => client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [change] }));
    await Promise.all(sent);
    const p = await client.nextDiagnostics(uri, (q) => q.version === 1001, 30_000);
    // Give a stale timer the chance to fire if one were left behind.
    await new Promise((r) => setTimeout(r, 400));
    const published = client.publications.slice(before).filter((q) => q.uri === uri);
    assert.deepEqual(published.map((q) => q.version), [1001]);
    const evalLine = final.split('\n').length - 2;
    assert.deepEqual(only(TRIGGERS, p.diagnostics), [diagnostic('PC101', [0, 7, 0, 9], IMPORT_OS), diagnostic('PC301', [evalLine, 0, evalLine, 4], EVAL)]);
  });
});

describe('requests for documents the server does not have', () => {
  let client: TestClient;
  const open = 'file:///work/open.py';
  const closed = 'file:///work/closed.py';
  before(async () => {
    client = await TestClient.ready({ settings: { debounceMs: 5 }, capabilities: PULL_CAPABILITIES });
    await client.open(open, 'eval("1")\n');
    await client.open(closed, 'import os\n');
    await client.close(closed);
    // Settings are in once a pull answers for an open document.
    await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: open } });
  });
  after(async () => {
    await client.stop();
  });

  const at = { line: 0, character: 0 };
  const range = { start: at, end: at };
  const cases: [string, string, unknown, string][] = [
    ['hover, never opened', 'textDocument/hover', { textDocument: { uri: 'file:///work/never.py' }, position: at }, 'file:///work/never.py is not an open document'],
    ['hover, closed', 'textDocument/hover', { textDocument: { uri: closed }, position: at }, `${closed} is not an open document`],
    ['codeAction, never opened', 'textDocument/codeAction', { textDocument: { uri: 'untitled:Untitled-1' }, range, context: { diagnostics: [] } }, 'untitled:Untitled-1 is not an open document'],
    ['codeAction, closed', 'textDocument/codeAction', { textDocument: { uri: closed }, range, context: { diagnostics: [] } }, `${closed} is not an open document`],
    ['pull diagnostics, closed and not on disk', 'textDocument/diagnostic', { textDocument: { uri: closed } }, `${closed} is neither an open document nor a readable file`],
    ['pull diagnostics, not a file URI', 'textDocument/diagnostic', { textDocument: { uri: 'untitled:Untitled-2' } }, 'untitled:Untitled-2 is neither an open document nor a readable file'],
    ['hover without a document', 'textDocument/hover', { position: at }, 'params.textDocument.uri must be a string'],
    ['hover with a number for a URI', 'textDocument/hover', { textDocument: { uri: 42 }, position: at }, 'params.textDocument.uri must be a string'],
    ['hover without a position', 'textDocument/hover', { textDocument: { uri: open } }, 'params.position must be a position (line and character, integers from 0)'],
    ['hover at a negative line', 'textDocument/hover', { textDocument: { uri: open }, position: { line: -1, character: 0 } }, 'params.position must be a position (line and character, integers from 0)'],
    ['codeAction without a range', 'textDocument/codeAction', { textDocument: { uri: open }, context: { diagnostics: [] } }, 'params.range must be a range'],
    ['codeAction without a context', 'textDocument/codeAction', { textDocument: { uri: open }, range }, 'params.context.diagnostics must be an array'],
    ['codeAction with a diagnostic without a range', 'textDocument/codeAction', { textDocument: { uri: open }, range, context: { diagnostics: [{ message: 'x' }] } }, 'params.context.diagnostics must hold diagnostics with ranges'],
    ['codeAction with only: a string', 'textDocument/codeAction', { textDocument: { uri: open }, range, context: { diagnostics: [], only: 'quickfix' } }, 'params.context.only must be an array of strings'],
    ['pull diagnostics with a null document', 'textDocument/diagnostic', { textDocument: null }, 'params.textDocument.uri must be a string'],
  ];
  for (const [name, method, params, message] of cases) {
    test(`${name}: InvalidParams`, async () => {
      await assert.rejects(client.connection.sendRequest(method, params), { code: -32602, message });
    });
  }

  test('the server still answers: hover on the open document', async () => {
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: open }, position: { line: 0, character: 6 } });
    assert.equal(hover, null, 'nothing flagged inside the string');
    const flagged = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: open }, position: at });
    assert.match(JSON.stringify(flagged), /PC301/);
    assert.deepEqual(client.logs.filter((l) => l.type === 1), [], 'no errors logged: these are the client\'s mistakes');
  });
});

/** A client that writes raw bytes to the server's stdin and reads its framed answers. */
class RawClient {
  readonly messages: Record<string, unknown>[] = [];
  private readonly waiters: { match: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
  readonly exited: Promise<number | null>;
  stderr = '';

  constructor(readonly child: ChildProcess) {
    const reader = new StreamMessageReader(child.stdout!);
    reader.listen((message) => {
      const m = message as unknown as Record<string, unknown>;
      this.messages.push(m);
      for (let i = 0; i < this.waiters.length; i++) {
        if (this.waiters[i].match(m)) {
          this.waiters[i].resolve(m);
          this.waiters.splice(i--, 1);
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  static start(): RawClient {
    return new RawClient(spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  static frame(body: string): Buffer {
    const bytes = Buffer.from(body, 'utf8');
    return Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`, 'ascii'), bytes]);
  }

  write(...chunks: (Buffer | string)[]): void {
    this.child.stdin!.write(Buffer.concat(chunks.map((c) => (typeof c === 'string' ? RawClient.frame(c) : c))));
  }

  next(match: (m: Record<string, unknown>) => boolean, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages)}; stderr ${this.stderr}`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  answerTo(id: unknown): Promise<Record<string, unknown>> {
    return this.next((m) => m.id === id && !('method' in m));
  }
}

describe('malformed JSON-RPC on stdio', () => {
  let raw: RawClient;
  before(async () => {
    raw = RawClient.start();
    raw.write(JSON.stringify({ jsonrpc: '2.0', id: 'init', method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
    await raw.answerTo('init');
    raw.write(JSON.stringify({ jsonrpc: '2.0', method: 'initialized', params: {} }));
  });
  after(async () => {
    raw.child.kill();
    await raw.exited;
  });

  /** The error answers with id null, in the order they came. */
  const nullAnswers = (): unknown[] => raw.messages.filter((m) => m.id === null && 'error' in m).map((m) => m.error);

  test('a body that is not JSON: ParseError with id null, logged, and the server goes on', async () => {
    raw.write('{"jsonrpc": "2.0", "id": 1, "method": ');
    raw.write(JSON.stringify({ jsonrpc: '2.0', id: 'after-bad-json', method: 'no/such/method' }));
    assert.deepEqual((await raw.answerTo('after-bad-json')).error, { code: -32601, message: 'Unhandled method no/such/method' });
    const [parseError] = nullAnswers() as { code: number; message: string }[];
    assert.equal(parseError.code, -32700);
    assert.match(parseError.message, /^Parse error: .*JSON/);
    const logged = await raw.next((m) => m.method === 'window/logMessage' && String((m.params as { message: string }).message).startsWith('ignored a malformed message: Parse error'));
    assert.equal((logged.params as { type: number }).type, 1);
  });

  test('a header without Content-Length, with a request behind it in the same write: both answered', async () => {
    raw.write(Buffer.from('Content-Type: application/json\r\n\r\n', 'ascii'), JSON.stringify({ jsonrpc: '2.0', id: 'behind-bad-header', method: 'no/such/method' }));
    assert.deepEqual((await raw.answerTo('behind-bad-header')).error, { code: -32601, message: 'Unhandled method no/such/method' });
    assert.deepEqual(nullAnswers().at(-1), { code: -32700, message: 'Parse error: Header must provide a Content-Length property.\n{"content-type":"application/json"}' });
  });

  const invalid: [string, string, unknown, string][] = [
    ['a string', '"hello"', null, 'a message is a JSON object, not string'],
    ['null', 'null', null, 'a message is a JSON object, not null'],
    ['a number', '42', null, 'a message is a JSON object, not number'],
    ['a batch', '[{"jsonrpc":"2.0","id":9,"method":"shutdown"}]', null, 'batches are not part of LSP; send each message on its own'],
    ['a method that is not a string', '{"jsonrpc":"2.0","id":"m1","method":42}', 'm1', '"method" must be a string'],
    ['an id that is an object', '{"jsonrpc":"2.0","id":{"a":1},"method":"textDocument/hover","params":{}}', null, '"id" must be a string or a number'],
    ['params that are a string', '{"jsonrpc":"2.0","id":"p1","method":"textDocument/hover","params":"oops"}', 'p1', '"params" must be an object or an array'],
  ];
  for (const [name, body, id, reason] of invalid) {
    test(`${name}: InvalidRequest${id === null ? ' with id null' : ' with its id'}`, async () => {
      const before = raw.messages.length;
      raw.write(body);
      const answer = await raw.next((m) => raw.messages.indexOf(m) >= before && 'error' in m && m.id === id);
      assert.deepEqual(answer, { jsonrpc: '2.0', id, error: { code: -32600, message: `Invalid Request: ${reason}` } });
    });
  }

  test('unknown methods: a request gets MethodNotFound, notifications are ignored', async () => {
    raw.write(
      JSON.stringify({ jsonrpc: '2.0', method: 'no/such/notification', params: {} }),
      JSON.stringify({ jsonrpc: '2.0', method: '$/no/such/notification', params: {} }),
      JSON.stringify({ jsonrpc: '2.0', id: 'unknown', method: 'workspace/no/such/request', params: {} }),
      JSON.stringify({ jsonrpc: '2.0', id: 'unknown-dollar', method: '$/no/such/request', params: {} }),
    );
    assert.deepEqual(await raw.answerTo('unknown'), { jsonrpc: '2.0', id: 'unknown', error: { code: -32601, message: 'Unhandled method workspace/no/such/request' } });
    assert.deepEqual(await raw.answerTo('unknown-dollar'), { jsonrpc: '2.0', id: 'unknown-dollar', error: { code: -32601, message: 'Unhandled method $/no/such/request' } });
  });

  test('a response to nothing, and one without result or error: logged, not fatal', async () => {
    raw.write(JSON.stringify({ jsonrpc: '2.0', id: 987654, result: null }), JSON.stringify({ jsonrpc: '2.0', id: 'r2' }));
    raw.write(JSON.stringify({ jsonrpc: '2.0', id: 'still-here', method: 'textDocument/hover', params: { textDocument: { uri: 'file:///x.py' }, position: { line: 0, character: 0 } } }));
    assert.deepEqual((await raw.answerTo('still-here')).error, { code: -32602, message: 'file:///x.py is not an open document' });
  });

  test('after all that, the server checks a document and shuts down cleanly', async () => {
    const uri = 'file:///work/after-abuse.py';
    raw.write(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'python', version: 1, text: 'import os\n' } } }));
    const published = await raw.next((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri);
    assert.deepEqual(only(TRIGGERS, (published.params as { diagnostics: never[] }).diagnostics), [diagnostic('PC101', [0, 7, 0, 9], IMPORT_OS)]);
    raw.write(JSON.stringify({ jsonrpc: '2.0', id: 'bye', method: 'shutdown' }));
    assert.deepEqual(await raw.answerTo('bye'), { jsonrpc: '2.0', id: 'bye', result: null });
    raw.write(JSON.stringify({ jsonrpc: '2.0', method: 'exit' }));
    assert.equal(await raw.exited, 0);
    assert.equal(raw.stderr, '');
  });
});

describe('closing stdin ends the server', () => {
  test('without shutdown: exit code 1', async () => {
    const raw = RawClient.start();
    raw.child.stdin!.end();
    assert.equal(await raw.exited, 1);
  });

  test('after shutdown: exit code 0', async () => {
    const raw = RawClient.start();
    raw.write(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'shutdown' }));
    await raw.answerTo(1);
    raw.child.stdin!.end();
    assert.equal(await raw.exited, 0);
  });
});

describe('$/cancelRequest', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.ready({ settings: { debounceMs: 60_000 }, capabilities: PULL_CAPABILITIES });
  });
  after(async () => {
    await client.stop();
  });

  // About 400 KB each: a few hundred milliseconds of analysis.
  const large = (n: number): string => `import os  # ${n}\n` + Array.from({ length: 4000 }, (_, i) => `def f${i}(x):\n    return getattr(x, "a${i}") + ${i}\n\n`).join('') + 'eval("1")\n';
  const queued = ['file:///work/queued1.py', 'file:///work/queued2.py'];
  let races = 0;
  /**
   * Three pulls: the first of a document opened now, never analysed (a full analysis of a few
   * hundred milliseconds), the other two of documents never analysed either, cancelled after
   * `delayMs`, while the first is analysed.
   */
  const race = async (delayMs: number): Promise<void> => {
    if (races++ === 0) {
      for (const [n, uri] of queued.entries()) await client.open(uri, large(n + 1));
      // Settings are in before the race starts.
      await client.open('file:///work/small.py', 'x = 1\n');
      await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: 'file:///work/small.py' } });
    }
    const slow = `file:///work/slow${races}.py`;
    await client.open(slow, large(0));
    const uris = [slow, ...queued];
    const sources = uris.map(() => new CancellationTokenSource());
    const pulls = uris.map((uri, i) => client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } }, sources[i].token));
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    sources[1].cancel();
    sources[2].cancel();
    const first = await pulls[0];
    assert.equal(first.kind, 'full');
    assert.deepEqual(only(TRIGGERS, first.kind === 'full' ? first.items : []), [diagnostic('PC101', [0, 7, 0, 9], IMPORT_OS), diagnostic('PC301', [12001, 0, 12001, 4], EVAL)]);
    await assert.rejects(pulls[1], { code: -32800, message: 'diagnostics cancelled' });
    await assert.rejects(pulls[2], { code: -32800, message: 'diagnostics cancelled' });
  };

  test('pull diagnostics queued behind a slow one are cancelled without being analysed', { timeout: 120_000 }, async () => {
    await race(0);
  });

  test('pull diagnostics cancelled while a slow one is analysed (a client on a loaded machine) are not analysed', { timeout: 120_000 }, async () => {
    await race(30);
  });

  test('a held workspace/diagnostic request answers RequestCancelled when cancelled', { timeout: 60_000 }, async () => {
    const root = makeWorkspace({ 'a.py': 'import os\n' });
    const editor = await EditorClient.start({
      folders: [root],
      capabilities: { ...EDITOR_CAPABILITIES, textDocument: { ...EDITOR_CAPABILITIES.textDocument, diagnostic: {} }, workspace: { ...EDITOR_CAPABILITIES.workspace, diagnostics: { refreshSupport: false } } },
    });
    try {
      const first = await editor.client.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
      assert.deepEqual(first.items.map((i) => i.uri), [fileUri(path.join(root, 'a.py'))]);
      const source = new CancellationTokenSource();
      const held = editor.client.connection.sendRequest('workspace/diagnostic', { previousResultIds: first.items.map((i) => ({ uri: i.uri, value: i.resultId! })) }, source.token);
      let settled = false;
      held.then(
        () => (settled = true),
        () => (settled = true),
      );
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(settled, false, 'nothing changed: held');
      source.cancel();
      await assert.rejects(held, { code: -32800, message: 'workspace diagnostics cancelled' });
    } finally {
      await editor.stop();
      removeWorkspace(root);
    }
  });
});

describe('memory over open/edit/close cycles', () => {
  // `npm test` runs 1,000 cycles; PADDED_CELL_SOAK_CYCLES=10000 runs the full soak.
  const CYCLES = Number(process.env.PADDED_CELL_SOAK_CYCLES ?? 1000);
  const WARM_UP = 200;
  const BATCH = 50;
  const MB = 1024 * 1024;
  // Ten findings to keep per document and a list of 1,000 elements: a kept document, result or
  // tree per cycle would grow the heap or the WASM memory by megabytes within the run.
  const body = (i: number): string =>
    `# document ${i}\n` +
    Array.from({ length: 10 }, (_, k) => `def f${k}(x):\n    y = x + ${k}\n    return getattr(y, "a${k}")\n`).join('') +
    'import os\n' +
    'eval("1")\n'.repeat(10) +
    'DATA = [' + Array.from({ length: 1000 }, (_, k) => k).join(', ') + ']\n';

  interface Usage {
    rss: number;
    heapUsed: number;
    wasm: number;
    collected: boolean;
  }

  test(`${CYCLES} cycles: the heap and the WASM memory stay within a fixed bound`, { timeout: 30 * 60_000 }, async (t) => {
    // --expose-gc: the server collects before it measures, so the figures are what is live.
    const client = await TestClient.ready({ nodeArgs: ['--expose-gc'], settings: { debounceMs: 60_000 }, capabilities: PULL_CAPABILITIES });
    try {
      const memory = (): Promise<Usage> => client.connection.sendRequest<Usage>('paddedCell/memoryUsage');
      await client.open('file:///soak/first.py', 'x = 1\n');
      await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: 'file:///soak/first.py' } });
      const started = Date.now();
      const samples: { cycle: number; usage: Usage }[] = [];
      for (let cycle = 0; cycle < CYCLES; cycle += BATCH) {
        if (cycle === WARM_UP || (cycle > WARM_UP && cycle % 1000 === 0)) samples.push({ cycle, usage: await memory() });
        const pulls: Promise<DocumentDiagnosticReport>[] = [];
        for (let i = cycle; i < cycle + BATCH; i++) {
          const uri = `file:///soak/m${i}.py`;
          void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: body(i) } });
          void client.connection.sendNotification('textDocument/didChange', {
            textDocument: { uri, version: 2 },
            contentChanges: [{ range: { start: { line: 2, character: 4 }, end: { line: 2, character: 5 } }, text: 'z' }],
          });
          pulls.push(client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } }));
        }
        const reports = await Promise.all(pulls);
        for (const report of reports) assert.equal(report.kind === 'full' && only(TRIGGERS, report.items).length, 11);
        for (let i = cycle; i < cycle + BATCH; i++) void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: `file:///soak/m${i}.py` } });
      }
      samples.push({ cycle: CYCLES, usage: await memory() });
      const seconds = (Date.now() - started) / 1000;
      const base = samples[0].usage;
      const show = (u: Usage): string => `heap ${(u.heapUsed / MB).toFixed(1)} MB, WASM ${(u.wasm / MB).toFixed(1)} MB, RSS ${(u.rss / MB).toFixed(1)} MB`;
      t.diagnostic(`${CYCLES} cycles in ${seconds.toFixed(1)} s; after ${WARM_UP}: ${show(base)}; ${samples.slice(1).map((s) => `after ${s.cycle}: ${show(s.usage)}`).join('; ')}`);
      assert.equal(base.collected, true, 'the server collected garbage before measuring');
      for (const { cycle, usage } of samples.slice(1)) {
        assert.ok(usage.heapUsed - base.heapUsed < 2 * MB, `heap grew by ${((usage.heapUsed - base.heapUsed) / MB).toFixed(2)} MB between cycle ${WARM_UP} and ${cycle}`);
        assert.ok(usage.wasm - base.wasm < 4 * MB, `WASM memory grew by ${((usage.wasm - base.wasm) / MB).toFixed(2)} MB between cycle ${WARM_UP} and ${cycle}`);
        assert.ok(usage.rss < 512 * MB, `RSS ${(usage.rss / MB).toFixed(1)} MB`);
      }
    } finally {
      await client.stop();
    }
  });
});

describe('the memory report', () => {
  test('without --expose-gc the figures are given as they are, and said to be uncollected', async () => {
    const client = await TestClient.ready();
    try {
      const usage = await client.connection.sendRequest<Record<string, unknown>>('paddedCell/memoryUsage');
      assert.deepEqual(Object.keys(usage).sort(), ['collected', 'external', 'heapTotal', 'heapUsed', 'rss', 'wasm']);
      assert.equal(usage.collected, false);
      // initialize made the parser; the grammar and runtime alone take some WASM memory.
      assert.ok((usage.wasm as number) > 0);
    } finally {
      await client.stop();
    }
  });
});
