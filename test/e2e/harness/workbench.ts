// Drives VS Code's workbench the way a person does (keyboard, mouse, command palette) and reads
// what a person sees from the DOM: Problems rows, squiggles, hovers, notifications. Selectors are
// VS Code's own class names and ARIA labels, the ones its accessibility support keeps stable.
import * as path from 'node:path';
import type { Page } from './browser';

export interface Squiggles {
  error: number;
  warning: number;
  info: number;
}

export interface ProblemFile {
  file: string;
  folder: string;
  count: number;
}

export interface ProblemMarker {
  /** The file row above this marker in the Problems tree. */
  file: string;
  severity: 'error' | 'warning' | 'info' | 'hint' | 'unknown';
  message: string;
  source: string;
  code: string;
  /** The rule link the code is rendered as (a diagnostic's `codeDescription.href`). */
  href: string | null;
  line: number;
  column: number;
}

export interface Problems {
  files: ProblemFile[];
  markers: ProblemMarker[];
}

export interface SeenNotification {
  /** A notification toast, or a status bar item with a spinning icon (window progress). */
  where: 'notification' | 'statusbar';
  text: string;
  /** A progress bar was running in the toast when it was seen. */
  progress: boolean;
}

const TIMEOUT = 30_000;

export class Workbench {
  private constructor(
    readonly page: Page,
    private readonly artifacts: string,
  ) {}

  static async open(page: Page, url: string, folder: string, artifacts: string): Promise<Workbench> {
    await page.addInitScript({ path: path.join(__dirname, 'dom.js') });
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`, { timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    return new Workbench(page, artifacts);
  }

  async screenshot(name: string): Promise<string> {
    const file = path.join(this.artifacts, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Quick Open (Ctrl+P), as a person opens a file by name. */
  async openFile(relativePath: string): Promise<void> {
    const base = path.basename(relativePath);
    await this.page.keyboard.press('Control+P');
    await this.page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: TIMEOUT });
    await this.page.keyboard.type(relativePath);
    // Click the row of that very file: the first row can be a recently opened namesake.
    const row = this.page.locator(`.quick-input-list .monaco-list-row[aria-label^="${base}"]`).first();
    await row.waitFor({ timeout: TIMEOUT });
    await row.click();
    await this.page.locator(`.tabs-container .tab.active[aria-label*="${base}"]`).waitFor({ timeout: TIMEOUT });
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').waitFor({ timeout: TIMEOUT });
  }

  /** F1 and a command's title, as typed in the command palette. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: TIMEOUT });
    await this.page.keyboard.type(title);
    await this.page.locator(`.quick-input-list .monaco-list-row[aria-label^="${title.replace(/"/g, '\\"')}"]`).first().waitFor({ timeout: TIMEOUT });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: TIMEOUT });
  }

  /** Ctrl+G, `line:column` (1-based), as a person jumps to a position. */
  async goTo(line: number, column = 1): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: TIMEOUT });
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: TIMEOUT });
  }

  /** Ctrl+1: the keyboard focus back in the (first) editor group, caret where it was. */
  async focusEditor(): Promise<void> {
    await this.page.keyboard.press('Control+1');
  }

  /** Closes every editor, discarding unsaved changes, so the next step starts from the files on disk. */
  async closeAllEditorsDiscarding(): Promise<void> {
    for (let i = 0; i < 20 && (await this.page.locator('.tabs-container .tab').count()) > 0; i++) {
      await this.runCommand('View: Revert and Close Editor');
    }
  }

  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text, { delay: 20 });
  }

  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  /** The active editor's visible text (the files used here fit on screen). */
  async editorText(): Promise<string> {
    return this.page.evaluate<string>('window.paddedCellE2E.editorText()');
  }

  /** Squiggle decorations drawn in the active editor, by severity. */
  async squiggles(): Promise<Squiggles> {
    return this.page.evaluate<Squiggles>('window.paddedCellE2E.squiggles()');
  }

  /**
   * Squiggles once there are `errors` error squiggles, or whatever was last seen at the
   * deadline. The editor paints its decorations a frame or more after the Problems view
   * shows the markers, so one read straight after the Problems rows can still see none.
   */
  async waitForSquiggles(errors: number, timeoutMs = 10_000): Promise<Squiggles> {
    const deadline = Date.now() + timeoutMs;
    let last = await this.squiggles();
    while (last.error !== errors && Date.now() < deadline) {
      await this.page.waitForTimeout(100);
      last = await this.squiggles();
    }
    return last;
  }

  async showProblems(): Promise<void> {
    if (!(await this.page.locator('.markers-panel').isVisible())) await this.runCommand('View: Focus Problems');
    await this.page.locator('.markers-panel').waitFor({ state: 'visible', timeout: TIMEOUT });
  }

  /**
   * The Problems view's rows, read from the DOM. The tree renders only the rows that fit, so
   * `filter` (typed into the view's own filter box, e.g. a file name) keeps the rows of interest
   * on screen; the filter is left in place for the screenshot and cleared by the next call.
   */
  async problems(filter = ''): Promise<Problems> {
    await this.showProblems();
    const box = this.page.locator('.markers-panel-container .viewpane-filter input, .panel .viewpane-filter input').first();
    await box.fill(filter);
    await this.page.waitForTimeout(350);
    const problems = await this.page.evaluate<Problems>('window.paddedCellE2E.problems()');
    // The filter box took the focus; give it back to the editor, where the next keystrokes go.
    await this.focusEditor();
    return problems;
  }

  /** Polls the Problems view until `done` holds; the error names what was expected and shows what was there. */
  async waitForProblems(filter: string, done: (p: Problems) => boolean, expected: string, timeoutMs = TIMEOUT): Promise<Problems> {
    const deadline = Date.now() + timeoutMs;
    let last: Problems = { files: [], markers: [] };
    while (Date.now() < deadline) {
      last = await this.problems(filter);
      if (done(last)) return last;
      await this.page.waitForTimeout(250);
    }
    throw new Error(`Problems (filter '${filter}') never showed: ${expected}\nit showed: ${JSON.stringify(last, null, 1)}`);
  }

  /** Moves the mouse over the first token with exactly `token` as its text in the active editor; returns the hover's text. */
  async hoverToken(token: string): Promise<string> {
    const span = this.page.locator('.editor-group-container.active .monaco-editor .view-line span span', { hasText: new RegExp(`^${token}$`) }).first();
    await span.hover();
    const hover = this.page.locator('.monaco-hover:not(.hidden)').first();
    await hover.waitFor({ state: 'visible', timeout: TIMEOUT });
    // Hover parts arrive separately (diagnostics first, providers after); let them settle.
    let text = '';
    for (let i = 0; i < 20; i++) {
      await this.page.waitForTimeout(250);
      const now = await hover.innerText();
      if (now === text && now.length > 0 && i > 3) break;
      text = now;
    }
    return text;
  }

  /** Records every notification toast shown from now on (progress ones can be gone within a second). */
  async recordNotifications(): Promise<void> {
    await this.page.evaluate('window.paddedCellE2E.recordNotifications()');
  }

  async seenNotifications(): Promise<SeenNotification[]> {
    return this.page.evaluate<SeenNotification[]>('window.paddedCellE2E.seenNotifications()');
  }

  async statusBarTexts(): Promise<string[]> {
    return this.page.evaluate<string[]>('window.paddedCellE2E.statusBar()');
  }
}
