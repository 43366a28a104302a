// The VS Code client's answer to a server that dies (client/src/serverRestarts.ts), driven the
// way vscode-languageclient drives an ErrorHandler: `closed()` once per unexpected exit of the
// server process. The real client runs only inside VS Code; the handler is plain code.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { givenUpMessage, RESTARTED_MESSAGE, restartingErrorHandler } from '../../client/src/serverRestarts';

// vscode-languageclient's enum values (CloseAction, ErrorAction).
const RESTART = 2;
const DO_NOT_RESTART = 1;
const CONTINUE = 1;
const SHUTDOWN = 2;
const MINUTE = 60_000;

function setup() {
  const shown: string[] = [];
  let clock = 0;
  const handler = restartingErrorHandler(
    { warn: (m) => void shown.push(`warning: ${m}`), error: (m) => void shown.push(`error: ${m}`) },
    { now: () => clock },
  );
  return { handler, shown, advance: (ms: number) => void (clock += ms) };
}

describe('the client when the server dies', () => {
  test('restarts it and tells the user once; later crashes are only logged', async () => {
    const { handler, shown, advance } = setup();
    const first = await handler.closed();
    assert.deepEqual(first, { action: RESTART, message: 'The server stopped unexpectedly; restarting it (1 of 4 restarts allowed within 3 minutes).', handled: true });
    advance(10_000);
    const second = await handler.closed();
    assert.deepEqual(second, { action: RESTART, message: 'The server stopped unexpectedly; restarting it (2 of 4 restarts allowed within 3 minutes).', handled: true });
    assert.deepEqual(shown, [`warning: ${RESTARTED_MESSAGE}`]);
  });

  test('a fifth crash within 3 minutes: no more restarts, said once as an error', async () => {
    const { handler, shown, advance } = setup();
    for (let i = 0; i < 4; i++) {
      assert.equal((await handler.closed()).action, RESTART);
      advance(30_000);
    }
    const fifth = await handler.closed();
    assert.deepEqual(fifth, { action: DO_NOT_RESTART, message: givenUpMessage(5, 3 * MINUTE), handled: true });
    assert.deepEqual(shown, [`warning: ${RESTARTED_MESSAGE}`, `error: ${givenUpMessage(5, 3 * MINUTE)}`]);
    assert.equal(
      givenUpMessage(5, 3 * MINUTE),
      'Padded Cell: the server stopped 5 times in 3 minutes and is not restarted again, so files are not checked. Run "Padded Cell: Restart Server" to try again.',
    );
  });

  test('crashes older than the window do not count', async () => {
    const { handler, advance } = setup();
    for (let i = 0; i < 20; i++) {
      assert.equal((await handler.closed()).action, RESTART, `crash ${i + 1}`);
      advance(MINUTE);
    }
  });

  test('after a restart the user asked for, crashes count afresh and are told again', async () => {
    const { handler, shown } = setup();
    for (let i = 0; i < 5; i++) await handler.closed();
    assert.equal(shown.length, 2);
    handler.reset();
    assert.equal((await handler.closed()).action, RESTART);
    assert.deepEqual(shown.slice(2), [`warning: ${RESTARTED_MESSAGE}`]);
  });

  test('connection errors: the library\'s policy, go on for three, then shut down', async () => {
    const { handler, shown } = setup();
    const error = new Error('write EPIPE');
    assert.deepEqual(await handler.error(error, undefined, 1), { action: CONTINUE });
    assert.deepEqual(await handler.error(error, undefined, 3), { action: CONTINUE });
    assert.deepEqual(await handler.error(error, undefined, 4), { action: SHUTDOWN });
    assert.deepEqual(await handler.error(error, undefined, undefined), { action: SHUTDOWN });
    assert.deepEqual(shown, []);
  });

  test('the client installs it, and resets it on "Restart Server"', async () => {
    // The client's activation (shared by the Node and browser extensions) runs only in VS Code.
    const fs = await import('node:fs');
    const path = await import('node:path');
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'client', 'src', 'activate.ts'), 'utf8');
    assert.match(source, /errorHandler: restarts,/);
    assert.match(source, /registerCommand\('paddedCell\.restartServer', async \(\) => \{[^}]*restarts\.reset\(\);/);
  });
});
