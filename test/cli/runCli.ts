// Runs the built CLI as a user would: `node dist/cli.js ...` in a working directory.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(REPO, 'test', 'fixtures', 'cli');
/** The bundle under test; `npm test` builds it first. */
export const CLI = path.resolve(REPO, process.env.PADDED_CELL_CLI ?? path.join('dist', 'cli.js'));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd: string): CliRun {
  // The timeout turns a hang (e.g. reading a FIFO) into a failure instead of a stuck test run.
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Builds a folder tree in a fresh temporary directory. Trees with `node_modules`, ignored files
 * or symbolic links are made at test time because git would not keep them as fixtures: the
 * repository's own `.gitignore` drops `node_modules/`, and a fixture's `.gitignore` would drop
 * the very files the test needs.
 * Values: a string is a file's content; `{ link }` is a symbolic link to that target.
 */
export function makeTree(files: Record<string, string | { link: string }>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'padded-cell-cli-'));
  for (const [relative, content] of Object.entries(files)) {
    const target = path.join(root, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (typeof content === 'string') fs.writeFileSync(target, content);
    else fs.symlinkSync(content.link, target);
  }
  return root;
}

export function removeTree(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}
