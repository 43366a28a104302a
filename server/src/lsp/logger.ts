/**
 * Server log lines go to the client's output channel ("Padded Cell") through
 * `window/logMessage`, filtered by `paddedCell.logLevel`. Never to stdout: under `--stdio`
 * stdout is the protocol stream and a stray line would corrupt it.
 */
import type { LogLevel } from './settings';

/** The part of `connection.console` the logger writes to. */
export interface LogSink {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  log(message: string): void;
}

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export class Logger {
  constructor(
    private readonly sink: LogSink,
    public level: LogLevel = 'info',
  ) {}

  error(message: string, error?: unknown): void {
    if (this.enabled('error')) this.sink.error(error === undefined ? message : `${message}: ${describeError(error)}`);
  }

  warn(message: string): void {
    if (this.enabled('warn')) this.sink.warn(message);
  }

  info(message: string): void {
    if (this.enabled('info')) this.sink.info(message);
  }

  /** The outcome of something the person asked for (a workspace scan's summary): written at every level. */
  result(message: string): void {
    this.sink.info(message);
  }

  debug(message: string): void {
    if (this.enabled('debug')) this.sink.log(message);
  }

  private enabled(level: LogLevel): boolean {
    return RANK[level] <= RANK[this.level];
  }
}

/** The stack when there is one: an error in a rule is a bug report, and the stack is what it needs. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
