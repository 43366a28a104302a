/**
 * A scan that keeps every core busy with workers runs faster with V8's garbage collector on the
 * thread that allocates: the collector's own helper threads (concurrent marking, parallel
 * scavenges) then only compete with the workers for the same cores. `scan --jobs 2` of the
 * CPython standard library on a 2-core VM, alternating, same sitting (2026-12-07): wall 27.9 /
 * 26.1 / 24.9 s with `--single-threaded-gc` against 33.2 / 30.5 / 32.0 s without, CPU 48–53 s
 * against 57–62 s, peak RSS 350–376 MB against 343–348 MB, output byte-identical. With one
 * analysing thread the helpers use an otherwise idle core and the flag does not pay.
 *
 * The flag must be given when the process starts (set later, V8 aborts in its next collection),
 * and worker threads cannot take V8 flags of their own; so the CLI starts itself again with it.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCommandLine } from './args';

export const SINGLE_THREADED_GC_FLAG = '--single-threaded-gc';

/** Below this many files named one by one (a pre-commit hook), the second start costs more than it saves. */
const MIN_FILES_NAMED = 32;

/** Set in the started process, so that it never starts another. */
const RELAUNCHED_ENV = 'PADDED_CELL_RELAUNCHED';

/**
 * Whether `padded-cell <args>` should run in a process started with `--single-threaded-gc`: a
 * scan whose workers will be at least one per core, of a folder or of many files.
 */
export function wantsSingleThreadedGc(args: readonly string[], execArgv: readonly string[], env: Readonly<Record<string, string | undefined>>, cores: number, cwd: string): boolean {
  if (execArgv.includes(SINGLE_THREADED_GC_FLAG) || env[RELAUNCHED_ENV] !== undefined || cores < 2) return false;
  let command;
  try {
    command = parseCommandLine(args);
  } catch {
    return false;
  }
  if (command.kind !== 'scan' || command.paths.includes('-')) return false;
  const jobs = command.jobs ?? cores;
  if (jobs < 2 || jobs < cores) return false;
  return command.paths.length >= MIN_FILES_NAMED || command.paths.some((p) => isDirectory(path.resolve(cwd, p)));
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** How the started process ended: its exit code, or the signal that ended it. */
export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Runs `script` again with the flag, its output and input the same; `SIGINT`, `SIGTERM` and
 * `SIGHUP` sent to this process are passed on. Resolves how it ended, or undefined when it could
 * not be started, for the caller to run in this process instead.
 */
export function relaunchWithSingleThreadedGc(script: string, args: readonly string[]): Promise<Ended | undefined> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, SINGLE_THREADED_GC_FLAG, script, ...args], {
      stdio: 'inherit',
      env: { ...process.env, [RELAUNCHED_ENV]: '1' },
    });
    const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const s of signals) process.on(s, forward);
    let started = false;
    child.on('spawn', () => (started = true));
    // Only a start that failed runs the scan here instead; a later error (a signal not delivered) does not.
    child.on('error', () => {
      if (started) return;
      for (const s of signals) process.off(s, forward);
      resolve(undefined);
    });
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      resolve({ code, signal });
    });
  });
}
