/**
 * Everything the language server reads besides what the client sends it: workspace files, the
 * policy files, and how a document's URI becomes the path policy globs are matched against.
 * Node reads the disk (nodeWorkspaceFiles.ts); a browser worker has no disk and reads through
 * the client (web/clientFiles.ts). The server itself touches no file system API, so the same
 * class runs in both.
 */
import type { ReadResult } from '../cli/readSource';
import type { PolicyFileSource } from './policies';

export interface FolderListing {
  /** Absolute paths. */
  files: string[];
  errors: { path: string; message: string }[];
}

export interface WorkspaceFiles {
  /** The path of a document (policy lookup, per-file ignores); undefined when it has none (untitled). */
  pathOf(uri: string): string | undefined;
  /** The URI of a path made by `pathOf` (a policy file's errors, a scanned file's diagnostics). */
  uriOf(path: string): string;
  /** Whether folders can be listed: without it the workspace scan covers the open documents. */
  readonly canWalk: boolean;
  /**
   * The Python files and Jupyter notebooks under a folder, and what could not be walked.
   * Listing a large folder takes seconds: where it is done (Node) it yields to the event loop as
   * it goes and resolves to undefined once `isStopped` says so; a browser lists nothing, at once.
   */
  listPythonFiles(folder: string, isStopped: () => boolean): FolderListing | Promise<FolderListing | undefined>;
  readPythonSource(path: string, maxBytes: number): ReadResult;
  /** For pull-diagnostics result ids; undefined when the file is not there. */
  stat(path: string): { mtimeMs: number; size: number } | undefined;
  /** A small text file (a policy file a code action edits); undefined when it cannot be read. */
  readText(path: string): string | undefined;
  readonly policyFiles: PolicyFileSource;
  /** Where a relative `paddedCell.policyFile` is resolved when there is no workspace folder. */
  defaultDirectory(): string;
  /**
   * Makes what the synchronous reads above will need for this file readable now: the policy
   * files that may apply to it, and the configured one. Resolves to whether anything was read
   * that was not known before. Absent where reads are synchronous anyway.
   */
  prepare?(pythonFile: string | undefined, configuredPolicyFile: string): Promise<boolean>;
  /** Forgets and reads again files that changed (watched-file events). */
  refresh?(paths: readonly string[]): Promise<void>;
}
