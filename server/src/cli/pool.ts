/**
 * The scan pool: `--jobs N` worker threads, each with its own parser. Files go out one per idle
 * worker and results come back in any order; `onResult` receives them in the files' order
 * (display-path order), as soon as every file before them is done, so the output streams and
 * is the same whatever the timing. At most `jobs` files are being analysed and at most
 * `REORDER_WINDOW × jobs` finished results wait for a slow file before them.
 *
 * Workers run with a capped heap (`WORKER_HEAP_MB`). V8 sizes a heap's growth by its limit: with
 * the default limit (4 GB here) each worker let garbage pile up to 200–500 MB between two full
 * collections while scanning the standard library, whose largest file needs about 50 MB live;
 * with the cap it collects sooner. A file that needs more than the cap takes its worker down
 * with an out-of-memory error and is analysed again, alone, in a worker without the cap, so
 * the cap costs time on such a file and never changes a result.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerReady, WorkerReply, WorkerRequest } from '../scanWorker';
import type { FileResult, ScanOptions } from './scan';
import type { SourceFile } from './walk';

/**
 * A slow file holds back the output of the files after it, and the workers may run only this far
 * ahead of it. Replaying the standard library's per-file times with two workers: 8 per worker left
 * them idle 2.7% of the ideal time, 16 per worker 0.6%, 32 and more 0.1%. A waiting result is
 * only its findings, so 16 costs little memory.
 */
const REORDER_WINDOW = 16;

/**
 * Old-generation cap of a pooled worker, in MB. The standard library's largest file needs about
 * 50 MB live, a dense 1.6 MB file about 190 MB. Caps of 128 and 256 MB gave the same peak on the
 * standard library (about 310 MB with two workers, against 460–750 MB without a cap); 512 MB
 * kept the peak there (319 MB) and spent less time collecting (each full collection of a small
 * heap is cheap, but a smaller cap makes them frequent: 256 MB cost about 10% more CPU than no
 * cap), and sends fewer files to a worker of their own.
 */
export const WORKER_HEAP_MB = 512;

/** Workers dying before they are ready this many times means workers cannot run at all. */
const MAX_START_FAILURES = 3;

/** `dist/scanWorker.js`, next to the CLI bundle; from sources, the built one. */
export function defaultWorkerScript(): string {
  const candidates = [path.join(__dirname, 'scanWorker.js'), path.resolve(__dirname, '..', '..', '..', 'dist', 'scanWorker.js')];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`scan worker not found (looked for ${candidates.join(', ')}); run the build`);
  return found;
}

export async function analyzeInWorkers(
  files: readonly SourceFile[],
  options: ScanOptions,
  jobs: number,
  onResult: (index: number, result: FileResult) => void,
  workerScript = defaultWorkerScript(),
  heapMb = WORKER_HEAP_MB,
): Promise<void> {
  if (files.length === 0) return;
  const workerCount = Math.max(1, Math.min(jobs, files.length));
  const window = REORDER_WINDOW * workerCount;
  const done = new Map<number, FileResult>();
  let nextToEmit = 0;
  let nextToSend = 0;
  let startFailures = 0;
  const idle: Worker[] = [];
  const busy = new Map<Worker, number>();
  const all = new Set<Worker>();

  return new Promise<void>((resolve, reject) => {
    let finished = false;
    const finish = (error?: Error): void => {
      if (finished) return;
      finished = true;
      // `terminate` ends each worker and frees its WASM heap; a result is never waited for after this.
      Promise.allSettled([...all].map((w) => w.terminate())).then(() => (error ? reject(error) : resolve()));
    };

    const settle = (index: number, result: FileResult): void => {
      done.set(index, result);
      while (done.has(nextToEmit)) {
        const r = done.get(nextToEmit)!;
        done.delete(nextToEmit);
        try {
          onResult(nextToEmit, r);
        } catch (error) {
          finish(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        nextToEmit++;
      }
      if (nextToEmit === files.length) finish();
    };

    const dispatch = (): void => {
      while (!finished && idle.length > 0 && nextToSend < files.length && nextToSend < nextToEmit + window) {
        const worker = idle.pop()!;
        const id = nextToSend++;
        busy.set(worker, id);
        worker.postMessage({ id, file: files[id] } satisfies WorkerRequest);
      }
    };

    const reason = (failure: Error | undefined, code: number): string => (failure ? failure.message.split('\n')[0] : `exit code ${code}`);

    /** A worker of the pool: it takes files from `dispatch` until the scan ends. */
    const spawn = (): void => {
      const worker = new Worker(workerScript, { workerData: { options }, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
      let ready = false;
      let failure: Error | undefined;
      all.add(worker);
      worker.on('message', (message: WorkerReady | WorkerReply) => {
        if ('ready' in message) ready = true;
        else {
          busy.delete(worker);
          settle(message.id, message.result);
        }
        idle.push(worker);
        dispatch();
      });
      worker.on('error', (error) => {
        failure = error;
      });
      worker.on('exit', (code) => {
        all.delete(worker);
        if (finished) return;
        const index = busy.get(worker);
        busy.delete(worker);
        const i = idle.indexOf(worker);
        if (i !== -1) idle.splice(i, 1);
        if (!ready) {
          if (++startFailures >= MAX_START_FAILURES) finish(new Error(`scan workers cannot start: ${reason(failure, code)}`));
          else spawn();
          return;
        }
        spawn();
        if (index === undefined) return;
        if ((failure as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          analyzeAlone(index);
          return;
        }
        // Fail closed: the file that took the worker down is reported, never dropped.
        settle(index, stoppedResult(index, reason(failure, code)));
        dispatch();
      });
    };

    /** One file in a worker of its own, without the heap cap; the worker ends with the file. */
    const analyzeAlone = (index: number): void => {
      const worker = new Worker(workerScript, { workerData: { options } });
      let failure: Error | undefined;
      let settled = false;
      all.add(worker);
      worker.on('message', (message: WorkerReady | WorkerReply) => {
        if ('ready' in message) {
          worker.postMessage({ id: index, file: files[index] } satisfies WorkerRequest);
          return;
        }
        settled = true;
        void worker.terminate();
        settle(index, message.result);
        dispatch();
      });
      worker.on('error', (error) => {
        failure = error;
      });
      worker.on('exit', (code) => {
        all.delete(worker);
        if (finished || settled) return;
        settle(index, stoppedResult(index, reason(failure, code)));
        dispatch();
      });
    };

    const stoppedResult = (index: number, why: string): FileResult => ({ error: { path: files[index].path, message: `analysis failed: the worker analysing it stopped (${why})` } });

    // Files go out as each worker reports ready.
    for (let i = 0; i < workerCount; i++) spawn();
  });
}
