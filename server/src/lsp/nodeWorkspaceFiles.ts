/** The language server's files in Node: the disk, as the CLI reads it. */
import * as fs from 'node:fs';
import { URI } from 'vscode-uri';
import { readPythonSource } from '../cli/readSource';
import { walkPythonFiles } from '../cli/walk';
import { findPolicyFile, readPolicyFile } from '../policy/file/discover';
import { runInSlices } from './timeSlices';
import type { WorkspaceFiles } from './workspaceFiles';

export const nodeWorkspaceFiles: WorkspaceFiles = {
  pathOf(uri) {
    // Only `file:` URIs are on disk; untitled buffers and virtual file systems have no path here.
    try {
      const parsed = URI.parse(uri);
      return parsed.scheme === 'file' ? parsed.fsPath : undefined;
    } catch {
      return undefined;
    }
  },
  uriOf: (path) => URI.file(path).toString(),
  canWalk: true,
  async listPythonFiles(folder, isStopped) {
    // The CLI's walk (so `.py` files and notebooks), run in slices so that the server keeps
    // answering while a large workspace is listed. A link out of the workspace is reported, not
    // followed: a hostile one may point at `/`.
    const walked = await runInSlices(walkPythonFiles([folder], folder, { confineLinksTo: folder }), isStopped);
    return walked && { files: walked.files.map((f) => f.absolutePath), errors: walked.errors };
  },
  readPythonSource,
  stat(path) {
    try {
      const stat = fs.statSync(path);
      return { mtimeMs: stat.mtimeMs, size: stat.size };
    } catch {
      return undefined;
    }
  },
  readText(path) {
    try {
      return fs.readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  policyFiles: { find: (directory) => findPolicyFile(directory), read: readPolicyFile },
  defaultDirectory: () => process.cwd(),
};
