// What the client does when the server process dies. vscode-languageclient's default handler
// restarts it, but says so only in the output channel: files go unchecked for a moment and
// the user is not told. This one restarts it too and says so, once: the first crash gets a
// notification, later ones only a log line, so a server that keeps dying does not bury the
// window in messages. Past `maxRestarts` crashes within `windowMs` it stops restarting — a
// server that dies on every start would otherwise loop — and says that, also once.
//
// Imports only types: the unit test runs this outside VS Code, where `vscode` cannot load.
import type { CloseAction, CloseHandlerResult, ErrorAction, ErrorHandler, ErrorHandlerResult } from 'vscode-languageclient/node';

// The library's enum values, written out for the reason above; the annotations make the
// type checker confirm them.
const RESTART: CloseAction.Restart = 2;
const DO_NOT_RESTART: CloseAction.DoNotRestart = 1;
const CONTINUE: ErrorAction.Continue = 1;
const SHUTDOWN: ErrorAction.Shutdown = 2;

/** Where the handler speaks: notifications for the user, lines for the output channel. */
export interface RestartNotices {
  warn(message: string): void;
  error(message: string): void;
}

export interface RestartOptions {
  /** Restarts allowed within `windowMs` (the library's default is 4 in 3 minutes). */
  maxRestarts?: number;
  windowMs?: number;
  now?: () => number;
}

export const RESTARTED_MESSAGE = 'Padded Cell: the server stopped unexpectedly and was restarted; open files are checked again. See the "Padded Cell" output for details.';

export function givenUpMessage(crashes: number, windowMs: number): string {
  return `Padded Cell: the server stopped ${crashes} times in ${Math.round(windowMs / 60000)} minutes and is not restarted again, so files are not checked. Run "Padded Cell: Restart Server" to try again.`;
}

export function restartingErrorHandler(notices: RestartNotices, options: RestartOptions = {}): ErrorHandler & { reset(): void } {
  const maxRestarts = options.maxRestarts ?? 4;
  const windowMs = options.windowMs ?? 3 * 60 * 1000;
  const now = options.now ?? Date.now;
  let crashes: number[] = [];
  let told = false;
  return {
    // Errors writing to or reading from the server: the library's policy (go on for three).
    error(_error, _message, count): ErrorHandlerResult {
      return count !== undefined && count <= 3 ? { action: CONTINUE } : { action: SHUTDOWN };
    },
    closed(): CloseHandlerResult {
      const at = now();
      crashes = [...crashes.filter((t) => at - t < windowMs), at];
      if (crashes.length > maxRestarts) {
        const message = givenUpMessage(crashes.length, windowMs);
        notices.error(message);
        // `handled`: the library logs the message but does not show it a second time.
        return { action: DO_NOT_RESTART, message, handled: true };
      }
      if (!told) notices.warn(RESTARTED_MESSAGE);
      told = true;
      return { action: RESTART, message: `The server stopped unexpectedly; restarting it (${crashes.length} of ${maxRestarts} restarts allowed within ${Math.round(windowMs / 60000)} minutes).`, handled: true };
    },
    /** After a restart the user asked for, crashes count afresh and are told again. */
    reset(): void {
      crashes = [];
      told = false;
    },
  };
}
