/**
 * The workspace scan (`paddedCell.scanWorkspace`): every Python file and Jupyter notebook of
 * every workspace folder, minus `.gitignore`d files (the CLI's walker), the policy's `exclude`
 * and VS Code's `files.exclude`. It streams — each file is read, parsed, analysed, published and
 * let go before the next, so memory does not grow with the workspace — and it yields to the
 * event loop while it lists the folders and between files, so edits in open documents keep
 * being checked while it runs. Progress goes out as LSP work-done progress (files done / total,
 * current folder); cancelling the progress or the request stops the listing, or the checking
 * after the current file.
 *
 * Plain orchestration: the server hands in how to list, filter and check a file.
 */
import * as path from 'node:path';
import { SLICE_MS, yieldToEventLoop } from './timeSlices';
import type { FolderListing } from './workspaceFiles';

export interface ScanFolder {
  uri: string;
  name: string;
  /** Absolute path on disk. */
  path: string;
}

export interface ScanSummary {
  folders: number;
  /** Python files and notebooks checked (open documents and notebooks in their live state included). */
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
  /** The folder's Python files and notebooks, and the paths that could not be walked; undefined when it stopped on `isCancelled`. */
  listFiles(folder: ScanFolder): FolderListing | Promise<FolderListing | undefined>;
  /** `exclude` of the file's policy, or `files.exclude` of its folder. */
  isExcluded(file: string, folder: ScanFolder): boolean;
  /** Checks and publishes one file (the live text when it is open). */
  checkFile(file: string): FileCheck;
  isCancelled(): boolean;
  progress: ScanProgress;
  log(message: string): void;
  now(): number;
}

export async function scanWorkspace(folders: readonly ScanFolder[], host: ScanHost): Promise<ScanSummary> {
  const started = host.now();
  const summary: ScanSummary = { folders: folders.length, files: 0, findings: 0, byCode: {}, unreadable: 0, durationMs: 0, cancelled: false };
  host.progress.begin(`Finding Python files in ${folders.length === 1 ? folders[0].name : `${folders.length} folders`}`);

  // Listing first, so progress can say "n of total"; a file in two (nested) folders is scanned once.
  const queue: { file: string; folder: ScanFolder }[] = [];
  const seen = new Set<string>();
  let listed = true;
  for (const folder of folders) {
    const listing = host.isCancelled() ? undefined : await host.listFiles(folder);
    if (!listing) {
      listed = false;
      break;
    }
    for (const error of listing.errors) host.log(`scan: ${error.path}: ${error.message}`);
    summary.unreadable += listing.errors.length;
    // Each file's policy is looked up for its `exclude`: in slices too, for a folder of 100,000.
    let until = host.now() + SLICE_MS;
    for (const file of listing.files) {
      if (host.now() >= until) {
        await yieldToEventLoop();
        until = host.now() + SLICE_MS;
      }
      if (host.isCancelled()) {
        listed = false;
        break;
      }
      const key = path.resolve(file);
      if (seen.has(key)) continue;
      seen.add(key);
      if (!host.isExcluded(key, folder)) queue.push({ file: key, folder });
    }
    if (!listed) break;
    await yieldToEventLoop();
  }

  let lastPercentage = -1;
  let lastFolder: ScanFolder | undefined;
  for (let i = 0; i < queue.length && listed; i++) {
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
  // Cancelled while listing, there is no total to count from.
  const cancelledAt = listed ? `Cancelled after ${summary.files} of ${queue.length} files` : 'Cancelled while finding Python files';
  host.progress.end(summary.cancelled ? cancelledAt : `${summary.files} files, ${summary.findings} findings`);
  return summary;
}

/** The summary as one log line: files, findings per code, time. */
export function describeScan(summary: ScanSummary): string {
  const codes = Object.entries(summary.byCode).map(([code, n]) => `${code}: ${n}`);
  const parts = [
    `${summary.cancelled ? 'Scan cancelled' : 'Scan finished'}: ${summary.files} file${summary.files === 1 ? '' : 's'} in ${summary.folders} folder${summary.folders === 1 ? '' : 's'}`,
    `${summary.findings} finding${summary.findings === 1 ? '' : 's'}${codes.length ? ` (${codes.join(', ')})` : ''}`,
  ];
  if (summary.unreadable) parts.push(`${summary.unreadable} unreadable`);
  parts.push(`${summary.durationMs} ms`);
  return parts.join(', ');
}
