/**
 * A progress bar on stderr, for a person watching a long scan in a terminal. Only then: when
 * stderr is a terminal, the run is not in CI (CI logs keep every `\r` frame), and the scan has
 * taken more than a second (a bar that flashes for a quick scan is noise). It is cleared before
 * anything is printed, so it never ends up inside the findings.
 */

/** Where the bar is drawn: stderr when it is a terminal. */
export interface ProgressTerminal {
  columns: number;
  write(text: string): void;
}

export function progressWanted(terminal: ProgressTerminal | undefined, env: Readonly<Record<string, string | undefined>>): terminal is ProgressTerminal {
  return terminal !== undefined && env.CI === undefined;
}

export interface ProgressOptions {
  /** How long the scan must run before the bar appears. */
  delayMs?: number;
  /** Least time between two frames. */
  intervalMs?: number;
  now?: () => number;
  /** Draw from a timer as well as on `update`, so a slow file does not freeze the bar. */
  timer?: boolean;
}

const CLEAR_LINE = '\r\x1b[K';

export class ProgressBar {
  private done = 0;
  private shown = false;
  private lastFrame = -Infinity;
  private readonly started: number;
  private readonly delayMs: number;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly terminal: ProgressTerminal,
    private readonly total: number,
    options: ProgressOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.delayMs = options.delayMs ?? 1000;
    this.intervalMs = options.intervalMs ?? 100;
    this.started = this.now();
    if (options.timer ?? true) {
      this.timer = setInterval(() => this.draw(), this.intervalMs);
      // The bar never keeps the process alive.
      this.timer.unref();
    }
  }

  update(done: number): void {
    this.done = done;
    this.draw();
  }

  /** Removes the bar (before other output); the next frame draws it again. */
  clear(): void {
    if (!this.shown) return;
    this.terminal.write(CLEAR_LINE);
    this.shown = false;
    this.lastFrame = -Infinity;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.clear();
  }

  /** `[=========>          ] 450/1000 files` sized to the terminal. */
  frame(): string {
    const counts = `${this.done}/${this.total} files`;
    const width = Math.max(10, Math.min(40, this.terminal.columns - counts.length - 4));
    const filled = this.total === 0 ? width : Math.floor((width * this.done) / this.total);
    const bar = filled >= width ? '='.repeat(width) : '='.repeat(filled) + '>' + ' '.repeat(width - filled - 1);
    return `[${bar}] ${counts}`;
  }

  private draw(): void {
    const now = this.now();
    if (now - this.started < this.delayMs || now - this.lastFrame < this.intervalMs) return;
    this.lastFrame = now;
    this.shown = true;
    this.terminal.write(CLEAR_LINE + this.frame());
  }
}
