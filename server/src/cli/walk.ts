/**
 * Finds the Python files a scan covers. Iterative (an explicit stack), because a hostile tree
 * can nest deeper than the JS stack; every real directory is entered once, so symlinks that
 * point back up the tree cannot loop; and every `.py` path that cannot be reached is reported,
 * never dropped, because a file the checker silently skipped is a file it passed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { comparePaths, type ScanError } from './report';
import { describeFsError, displayPath, toPosix } from './paths';

export interface SourceFile {
  absolutePath: string;
  /** See `displayPath`. */
  path: string;
}

export interface WalkResult {
  /** Sorted by display path, each real file once. */
  files: SourceFile[];
  errors: ScanError[];
}

/** Folders never walked: version control and JavaScript dependencies hold no plugin code. */
const SKIPPED_DIRECTORY_NAMES = new Set(['.git', 'node_modules', 'site-packages']);

/**
 * A virtual environment is recognised the way Python itself recognises one, by its
 * `pyvenv.cfg`, not by its name: skipping every folder called `env` would let a plugin hide code
 * in one.
 */
function isVirtualEnvironment(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'pyvenv.cfg'));
}

/** Python files and Jupyter notebooks (their code cells are Python). */
export function isPythonFileName(name: string): boolean {
  return name.endsWith('.py') || name.endsWith('.ipynb');
}

/** `.gitignore` rules of one folder; patterns are relative to `base`. */
interface IgnoreFile {
  base: string;
  rules: Ignore;
}

function readIgnoreFile(dir: string): IgnoreFile | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    // No `.gitignore`, or an unreadable one: either way we scan more, never less.
    return undefined;
  }
  return { base: dir, rules: ignore().add(text) };
}

/** Git's precedence: a deeper `.gitignore` overrides a shallower one, including by `!negation`. */
function isIgnored(ignoreFiles: readonly IgnoreFile[], absolutePath: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const { base, rules } of ignoreFiles) {
    const relative = toPosix(path.relative(base, absolutePath)) + (isDirectory ? '/' : '');
    let result: ignore.TestResult;
    try {
      result = rules.test(relative);
    } catch {
      // `ignore` rejects some path shapes; a path we cannot match is scanned, not dropped.
      continue;
    }
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/**
 * The `.gitignore` files above a walked folder that git would apply to it: those from the
 * enclosing repository's root down to the folder's parent. Outside a repository there are none.
 */
function enclosingIgnoreFiles(dir: string): IgnoreFile[] {
  // A repository root (or a submodule's) takes nothing from the folders above it.
  if (fs.existsSync(path.join(dir, '.git'))) return [];
  const ancestors: string[] = [];
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    ancestors.push(current);
    if (fs.existsSync(path.join(current, '.git'))) break;
    if (path.dirname(current) === current) return [];
  }
  return ancestors
    .reverse()
    .map(readIgnoreFile)
    .filter((f): f is IgnoreFile => f !== undefined);
}

/** The path with every link resolved (the path itself if it cannot be: the caller reports that). */
function realPathOf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function fileKey(stat: fs.BigIntStats): string {
  return `${stat.dev}:${stat.ino}`;
}

interface PendingDirectory {
  dir: string;
  stat: fs.BigIntStats;
  ignoreFiles: IgnoreFile[];
}

export interface WalkOptions {
  /**
   * Follow a link to a folder only when the folder's real path lies inside this one. For the
   * editor's scan of an untrusted workspace: a link to `/` there would walk the whole disk,
   * blocking the server for as long. A link not followed is reported, not skipped in silence.
   */
  confineLinksTo?: string;
}

function isInsideFolder(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Collects the files named by `inputs` (files or folders, relative to `cwd`). Named files are
 * always scanned, whatever their extension or ignore rules; folders are walked for `*.py`.
 *
 * Symbolic links are followed, but only after every real folder has been walked, so a file
 * reachable both directly and through a link is reported under its real path.
 */
export function collectPythonFiles(inputs: readonly string[], cwd: string, options: WalkOptions = {}): WalkResult {
  const walk = walkPythonFiles(inputs, cwd, options);
  for (;;) {
    const step = walk.next();
    if (step.done) return step.value;
  }
}

/**
 * `collectPythonFiles` in steps: it pauses after each folder it reads and each entry it looks
 * at, and returns the same result when run to the end. The editor's scan runs it a slice at a
 * time, because a workspace of 100,000 files takes seconds to list and the server must answer
 * edits meanwhile (and stop listing when the scan is cancelled).
 */
export function* walkPythonFiles(inputs: readonly string[], cwd: string, options: WalkOptions = {}): Generator<void, WalkResult, void> {
  const files: SourceFile[] = [];
  const errors: ScanError[] = [];
  const seenFiles = new Set<string>();
  const seenDirectories = new Set<string>();
  const stack: PendingDirectory[] = [];
  const linkedDirectories: PendingDirectory[] = [];
  const linkedFiles: { absolutePath: string; stat: fs.BigIntStats }[] = [];

  const addFile = (absolutePath: string, stat: fs.BigIntStats): void => {
    const key = fileKey(stat);
    if (seenFiles.has(key)) return;
    seenFiles.add(key);
    files.push({ absolutePath, path: displayPath(absolutePath, cwd) });
  };
  const addError = (absolutePath: string, message: string): void => {
    errors.push({ path: displayPath(absolutePath, cwd), message });
  };

  /** `stat` that follows links, with a clearer reason for a link that leads nowhere. */
  const statOrReport = (absolutePath: string): fs.BigIntStats | undefined => {
    try {
      return fs.statSync(absolutePath, { bigint: true });
    } catch (error) {
      let link = false;
      try {
        link = fs.lstatSync(absolutePath).isSymbolicLink();
      } catch {
        // The path itself is missing; the first error says so.
      }
      addError(absolutePath, link ? `cannot read: broken symbolic link, ${describeFsError(error)}` : `cannot read: ${describeFsError(error)}`);
      return undefined;
    }
  };

  /** Each real folder is entered once, which is what stops a link to an ancestor from looping. */
  const enter = ({ dir, stat, ignoreFiles }: PendingDirectory): void => {
    const key = fileKey(stat);
    if (seenDirectories.has(key)) return;
    seenDirectories.add(key);
    const own = readIgnoreFile(dir);
    stack.push({ dir, stat, ignoreFiles: own ? [...ignoreFiles, own] : ignoreFiles });
  };

  function* walkStack(): Generator<void, void, void> {
    for (let next = stack.pop(); next; next = stack.pop()) {
      const { dir, ignoreFiles } = next;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        addError(dir, `cannot read folder: ${describeFsError(error)}`);
        continue;
      }
      yield;
      entries.sort((a, b) => comparePaths(a.name, b.name));
      const subdirectories: PendingDirectory[] = [];
      for (const entry of entries) {
        yield;
        const name = entry.name;
        const absolutePath = path.join(dir, name);
        let isDirectory = entry.isDirectory();
        let stat: fs.BigIntStats | undefined;
        // Links, and entries whose type the file system did not report, need a `stat`.
        const needsStat = !isDirectory && !entry.isFile();
        if (needsStat) {
          try {
            stat = fs.statSync(absolutePath, { bigint: true });
            isDirectory = stat.isDirectory();
          } catch (error) {
            if (isPythonFileName(name) && !isIgnored(ignoreFiles, absolutePath, false)) {
              addError(absolutePath, `cannot read: broken symbolic link, ${describeFsError(error)}`);
            }
            continue;
          }
        }
        if (isDirectory) {
          if (SKIPPED_DIRECTORY_NAMES.has(name)) continue;
          if (isIgnored(ignoreFiles, absolutePath, true)) continue;
          if (isVirtualEnvironment(absolutePath)) continue;
          stat ??= statOrReport(absolutePath);
          if (!stat) continue;
          const pending = { dir: absolutePath, stat, ignoreFiles };
          if (entry.isSymbolicLink()) linkedDirectories.push(pending);
          else subdirectories.push(pending);
        } else if (isPythonFileName(name) && !isIgnored(ignoreFiles, absolutePath, false)) {
          // FIFOs and devices named `.py` are kept here and reported when read.
          stat ??= statOrReport(absolutePath);
          if (!stat) continue;
          if (entry.isSymbolicLink()) linkedFiles.push({ absolutePath, stat });
          else addFile(absolutePath, stat);
        }
      }
      // Pushed in reverse so that folders are walked in name order.
      for (let i = subdirectories.length - 1; i >= 0; i--) enter(subdirectories[i]);
    }
  }

  for (const input of inputs) {
    const absolutePath = path.resolve(cwd, input);
    const stat = statOrReport(absolutePath);
    if (!stat) continue;
    if (stat.isDirectory()) {
      enter({ dir: absolutePath, stat, ignoreFiles: enclosingIgnoreFiles(absolutePath) });
      yield* walkStack();
    } else {
      addFile(absolutePath, stat);
    }
  }
  const confinement = options.confineLinksTo === undefined ? undefined : realPathOf(options.confineLinksTo);
  for (let i = 0; i < linkedDirectories.length; i++) {
    const linked = linkedDirectories[i];
    if (confinement !== undefined) {
      const real = realPathOf(linked.dir);
      if (!isInsideFolder(confinement, real)) {
        addError(linked.dir, `not followed: symbolic link to ${real}, outside ${confinement}`);
        continue;
      }
    }
    enter(linked);
    yield* walkStack();
  }
  for (const { absolutePath, stat } of linkedFiles) addFile(absolutePath, stat);

  files.sort((a, b) => comparePaths(a.path, b.path));
  errors.sort((a, b) => comparePaths(a.path, b.path));
  return { files, errors };
}
