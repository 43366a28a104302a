/**
 * The workspace scan (`paddedCell.scanWorkspace`): every Python file of every workspace folder,
 * minus `.gitignore`d files (the CLI's walker), the policy's `exclude` and VS Code's
 * `files.exclude`. It streams — each file is read, parsed, analysed, published and let go
 * before the next, so memory does not grow with the workspace — and it yields to the event
 * loop between files, so edits in open documents keep being checked while it runs. Progress
 * goes out as LSP work-done progress (files done / total, current folder); cancelling the
 * progress or the request stops it after the current file.
 *
 * Plain orchestration: the server hands in how to list, filter and check a file.
 */
import * as path from 'node:path';

export interface ScanFolder {
  uri: string;
  name: string;
  /** Absolute path on disk. */
  path: string;
}

export interface ScanSummary {
  folders: number;
  /** Python files checked (open documents in their live state included). */
  files: number;
  findings: number;
  /** Findings per code, codes in order. */
  byCode: Record<string, number>;
  /**
   * Paths that could not be read: files (each also has a diagnostic) and folders or links the
   * walk could not enter (a log line each: they have no place for a diagnostic, and may hold
   * Python files nobody checked).
   */
  unreadable: number;
  durationMs: number;
  cancelled: boolean;
}

/** Work-done progress, reduced to what the scan says. */
export interface ScanProgress {
  begin(message: string): void;
  report(message: string, percentage: number): void;
  end(message: string): void;
}

/**
 * What checking one file gave: the codes of its findings, that it could not be read, or that
 * it is gone (deleted between the listing and its turn: not a file the scan failed to read).
 */
export type FileCheck = { codes: readonly string[] } | { unreadable: string } | { vanished: true };

export interface ScanHost {
  /** The folder's Python files (absolute paths) and the paths that could not be walked. */
  listFiles(folder: ScanFolder): { files: string[]; errors: { path: string; message: string }[] };
  /** `exclude` of the file's policy, or `files.exclude` of its folder. */
  isExcluded(file: string, folder: ScanFolder): boolean;
  /** Checks and publishes one file (the live text when it is open). */
  checkFile(file: string): FileCheck;
  isCancelled(): boolean;
  progress: ScanProgress;
  log(message: string): void;
  now(): number;
}

/** Lets pending I/O and timers (the debounced re-check of a document being edited) run. */
export function yieldToEventLoop(): Promise<void> {
  // A browser worker has no `setImmediate`; a zero timeout yields there too.
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

export async function scanWorkspace(folders: readonly ScanFolder[], host: ScanHost): Promise<ScanSummary> {
  const started = host.now();
  const summary: ScanSummary = { folders: folders.length, files: 0, findings: 0, byCode: {}, unreadable: 0, durationMs: 0, cancelled: false };
  host.progress.begin(`Finding Python files in ${folders.length === 1 ? folders[0].name : `${folders.length} folders`}`);

  // Listing first, so progress can say "n of total"; a file in two (nested) folders is scanned once.
  const queue: { file: string; folder: ScanFolder }[] = [];
  const seen = new Set<string>();
  for (const folder of folders) {
    if (host.isCancelled()) break;
    const listed = host.listFiles(folder);
    for (const error of listed.errors) host.log(`scan: ${error.path}: ${error.message}`);
    summary.unreadable += listed.errors.length;
    for (const file of listed.files) {
      const key = path.resolve(file);
      if (seen.has(key) || host.isCancelled()) continue;
      seen.add(key);
      if (!host.isExcluded(key, folder)) queue.push({ file: key, folder });
    }
    await yieldToEventLoop();
  }

  let lastPercentage = -1;
  let lastFolder: ScanFolder | undefined;
  for (let i = 0; i < queue.length; i++) {
    if (host.isCancelled()) break;
    const { file, folder } = queue[i];
    const result = host.checkFile(file);
    if ('vanished' in result) {
      host.log(`scan: ${file}: deleted during the scan`);
    } else if ('unreadable' in result) {
      summary.files++;
      summary.unreadable++;
      host.log(`scan: ${file}: ${result.unreadable}`);
    } else {
      summary.files++;
      summary.findings += result.codes.length;
      for (const code of result.codes) summary.byCode[code] = (summary.byCode[code] ?? 0) + 1;
    }
    // At most one report per percent (and on each new folder): a 100,000-file scan must not
    // flood the client with progress messages.
    const percentage = Math.floor(((i + 1) * 100) / queue.length);
    if (percentage !== lastPercentage || folder !== lastFolder) {
      host.progress.report(`${i + 1}/${queue.length} files (${folder.name})`, percentage);
      lastPercentage = percentage;
      lastFolder = folder;
    }
    await yieldToEventLoop();
  }

  summary.cancelled = host.isCancelled();
  summary.durationMs = Math.round(host.now() - started);
  summary.byCode = Object.fromEntries(Object.entries(summary.byCode).sort(([a], [b]) => a.localeCompare(b)));
  host.progress.end(summary.cancelled ? `Cancelled after ${summary.files} of ${queue.length} files` : `${summary.files} files, ${summary.findings} findings`);
  return summary;
}

/** The summary as one log line: files, findings per code, time. */
export function describeScan(summary: ScanSummary): string {
  const codes = Object.entries(summary.byCode).map(([code, n]) => `${code}: ${n}`);
  const parts = [
    `${summary.cancelled ? 'Scan cancelled' : 'Scan finished'}: ${summary.files} files in ${summary.folders} folder${summary.folders === 1 ? '' : 's'}`,
    `${summary.findings} finding${summary.findings === 1 ? '' : 's'}${codes.length ? ` (${codes.join(', ')})` : ''}`,
  ];
  if (summary.unreadable) parts.push(`${summary.unreadable} unreadable`);
  parts.push(`${summary.durationMs} ms`);
  return parts.join(', ');
}
