/**
 * The part of the `vscode` API the client uses, recording what the client does with it: the
 * status bar item, messages and the button the person "clicks", progress notifications,
 * commands. The client test bundles client/src/activate.ts with this module in place of
 * `vscode` (which only loads inside VS Code); the VS Code end-to-end test covers the real one.
 */
export const StatusBarAlignment = { Left: 1, Right: 2 } as const;
export const ProgressLocation = { SourceControl: 1, Window: 10, Notification: 15 } as const;

export interface FakeUri {
  scheme: string;
  path: string;
  toString(): string;
}

export const Uri = {
  parse(value: string): FakeUri {
    const url = new URL(value);
    return { scheme: url.protocol.slice(0, -1), path: decodeURIComponent(url.pathname), toString: () => value };
  },
};

type Listener<T> = (value: T) => unknown;

export interface Message {
  kind: 'info' | 'warning' | 'error';
  message: string;
  items: string[];
}

export interface ProgressRun {
  options: { location: number; title: string; cancellable: boolean };
  reports: { message?: string; increment?: number }[];
  cancel(): void;
}

/** Everything the client did, and the answers the fake gives. */
export const recorded = {
  messages: [] as Message[],
  executed: [] as { command: string; args: unknown[] }[],
  shownDocuments: [] as string[],
  progress: [] as ProgressRun[],
  outputLines: [] as string[],
  /** The button the person clicks on the next message (undefined: dismissed). */
  answer: undefined as string | undefined,
  statusItem: undefined as undefined | { text: string; tooltip: string; command?: { title: string; command: string }; visible: boolean },
};

const commandHandlers = new Map<string, (...args: unknown[]) => unknown>();
const editorListeners: Listener<unknown>[] = [];
const closeListeners: Listener<{ uri: FakeUri }>[] = [];
const disposable = { dispose(): void {} };

function message(kind: Message['kind']) {
  return async (text: string, ...items: string[]): Promise<string | undefined> => {
    recorded.messages.push({ kind, message: text, items });
    const answer = recorded.answer;
    recorded.answer = undefined;
    return answer !== undefined && items.includes(answer) ? answer : undefined;
  };
}

export const window = {
  activeTextEditor: undefined as undefined | { document: { languageId: string; uri: FakeUri } },
  createOutputChannel(_name: string, _options?: { log: boolean }) {
    const line = (level: string) => (text: string) => void recorded.outputLines.push(`${level}: ${text}`);
    return { info: line('info'), warn: line('warn'), error: line('error'), trace: line('trace'), show(): void {}, dispose(): void {} };
  },
  createStatusBarItem(_id: string, _alignment: number, _priority: number) {
    const item = {
      name: '',
      text: '',
      tooltip: '',
      command: undefined as undefined | { title: string; command: string },
      visible: false,
      show(): void {
        item.visible = true;
      },
      hide(): void {
        item.visible = false;
      },
      dispose(): void {},
    };
    recorded.statusItem = item;
    return item;
  },
  showInformationMessage: message('info'),
  showWarningMessage: message('warning'),
  showErrorMessage: message('error'),
  async showTextDocument(uri: FakeUri): Promise<void> {
    recorded.shownDocuments.push(uri.toString());
  },
  async withProgress<T>(options: ProgressRun['options'], task: (progress: { report(v: { message?: string; increment?: number }): void }, token: unknown) => Promise<T>): Promise<T> {
    const listeners: (() => void)[] = [];
    const token = {
      isCancellationRequested: false,
      onCancellationRequested(listener: () => void) {
        listeners.push(listener);
        return disposable;
      },
    };
    const run: ProgressRun = {
      options,
      reports: [],
      cancel: () => {
        token.isCancellationRequested = true;
        for (const l of listeners) l();
      },
    };
    recorded.progress.push(run);
    return task({ report: (v) => void run.reports.push(v) }, token);
  },
  onDidChangeActiveTextEditor(listener: Listener<unknown>) {
    editorListeners.push(listener);
    return disposable;
  },
};

export const workspace = {
  onDidCloseTextDocument(listener: Listener<{ uri: FakeUri }>) {
    closeListeners.push(listener);
    return disposable;
  },
};

export const commands = {
  registerCommand(command: string, handler: (...args: unknown[]) => unknown) {
    commandHandlers.set(command, handler);
    return disposable;
  },
  async executeCommand(command: string, ...args: unknown[]): Promise<unknown> {
    recorded.executed.push({ command, args });
    return commandHandlers.get(command)?.(...args);
  },
};

/** What the person does: switch editors, close a document. */
export const person = {
  activate(editor: typeof window.activeTextEditor): void {
    window.activeTextEditor = editor;
    for (const l of editorListeners) l(editor);
  },
  close(uri: FakeUri): void {
    for (const l of closeListeners) l({ uri });
  },
};
