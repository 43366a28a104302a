/**
 * The language server's files in a browser worker, which has no file system: the client reads
 * them with `vscode.workspace.fs` (so virtual workspaces work: a GitHub repository opened in
 * vscode.dev) when the server asks with `paddedCell/readFile`. The client answers only for URIs
 * inside a workspace folder.
 *
 * What is read this way: the policy files. They are fetched before a document is checked (the
 * candidates from its folder up to the root of its URI's authority) and kept, so the synchronous
 * policy lookup the server shares with Node finds them; watched-file events fetch them again.
 * The workspace scan is limited to open documents here: listing and reading a whole repository
 * through a remote file system (GitHub's API behind vscode.dev) is a request per file and a
 * rate limit, where the open documents are what the person is looking at.
 *
 * Paths: each URI becomes the POSIX path `/<scheme://authority, encoded>/<its path>`, so the
 * policy code's path arithmetic (`dirname`, globs relative to the policy file) works unchanged
 * and never mixes two file systems.
 */
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { ReadResult } from '../cli/readSource';
import { POLICY_FILE_NAMES, findPolicyFileFrom, type PolicyFileRef } from '../policy/file/search';
import type { WorkspaceFiles } from '../lsp/workspaceFiles';

/** The request the server sends and the client answers (client/src/web/extension.ts). */
export const READ_FILE_REQUEST = 'paddedCell/readFile';

export interface ReadFileParams {
  uri: string;
}

/** The file's text; `{ error }` when it exists but cannot be read; null when it is not there (or not the server's to read). */
export type ReadFileResult = { text: string } | { error: string } | null;

/** What sends `paddedCell/readFile`: the worker's connection. */
export type ReadFile = (params: ReadFileParams) => Promise<ReadFileResult>;

/** The first path segment: the URI's scheme and authority. */
function rootOf(p: string): string {
  const end = p.indexOf('/', 1);
  return end < 0 ? p : p.slice(0, end);
}

export function pathOfUri(uri: string): string | undefined {
  let parsed: URI;
  try {
    parsed = URI.parse(uri);
  } catch {
    return undefined;
  }
  // An untitled buffer lies in no folder: the preset applies, as in Node.
  if (parsed.scheme === 'untitled') return undefined;
  return `/${encodeURIComponent(`${parsed.scheme}://${parsed.authority}`)}${parsed.path.startsWith('/') ? parsed.path : `/${parsed.path}`}`;
}

export function uriOfPath(p: string): string {
  const root = rootOf(p);
  const [scheme, authority] = decodeURIComponent(root.slice(1)).split('://');
  return URI.from({ scheme, authority, path: p.slice(root.length) || '/' }).toString();
}

export class ClientFiles implements WorkspaceFiles {
  readonly canWalk = false;
  /** Path → what the client answered (null: not there). A path absent from the map was never asked for. */
  private readonly cache = new Map<string, PolicyFileRef | null>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly readFile: ReadFile) {}

  pathOf(uri: string): string | undefined {
    return pathOfUri(uri);
  }

  uriOf(p: string): string {
    return uriOfPath(p);
  }

  listPythonFiles(): { files: string[]; errors: { path: string; message: string }[] } {
    return { files: [], errors: [] };
  }

  readPythonSource(): ReadResult {
    return { ok: false, message: 'closed files are not read in the browser; open the file to check it' };
  }

  stat(): undefined {
    return undefined;
  }

  readText(p: string): string | undefined {
    return this.cache.get(p)?.text;
  }

  readonly policyFiles = {
    find: (directory: string): PolicyFileRef | undefined => findPolicyFileFrom(directory, (candidate) => this.cache.get(candidate) ?? undefined, rootOf(directory)),
    read: (file: string): PolicyFileRef => this.cache.get(file) ?? { path: file, readError: this.cache.has(file) ? 'no such file' : 'not read yet' },
  };

  defaultDirectory(): string {
    return '/';
  }

  async prepare(pythonFile: string | undefined, configuredPolicyFile: string): Promise<boolean> {
    const wanted: string[] = [];
    if (configuredPolicyFile) wanted.push(configuredPolicyFile);
    if (pythonFile !== undefined) {
      const root = rootOf(pythonFile);
      for (let dir = path.dirname(pythonFile); ; dir = path.dirname(dir)) {
        for (const name of POLICY_FILE_NAMES) wanted.push(path.join(dir, name));
        if (dir === root || dir === '/') break;
      }
    }
    const unknown = wanted.filter((p) => !this.cache.has(p));
    await Promise.all(unknown.map((p) => this.fetch(p)));
    return unknown.length > 0;
  }

  async refresh(paths: readonly string[]): Promise<void> {
    const known = paths.filter((p) => this.cache.has(p));
    for (const p of known) this.cache.delete(p);
    await Promise.all(known.map((p) => this.fetch(p)));
  }

  /** One request per path at a time; its answer goes to the cache. */
  private fetch(p: string): Promise<void> {
    let pending = this.inFlight.get(p);
    if (!pending) {
      pending = this.readFile({ uri: uriOfPath(p) })
        .then(
          (result) => {
            this.cache.set(p, result === null ? null : 'text' in result ? { path: p, text: result.text } : { path: p, readError: result.error });
          },
          (error: unknown) => {
            this.cache.set(p, { path: p, readError: error instanceof Error ? error.message : String(error) });
          },
        )
        .finally(() => this.inFlight.delete(p));
      this.inFlight.set(p, pending);
    }
    return pending;
  }
}
