/**
 * A scan worker thread: one parser (its own WASM instance), files in, plain results out. It
 * runs `processFile`, the same function the CLI runs in process with `--jobs 1`, so the output
 * cannot depend on the number of workers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createPythonParser } from './parser';
import { processFile, type FileResult, type ScanOptions } from './cli/scan';
import type { SourceFile } from './cli/walk';

export interface WorkerRequest {
  id: number;
  file: SourceFile;
}

/** The first message: the parser is loaded; a worker that dies before it never started. */
export interface WorkerReady {
  ready: true;
}

export interface WorkerReply {
  id: number;
  result: FileResult;
}

const port = parentPort;
if (!port) throw new Error('scanWorker.js runs only as a worker thread');
const { options } = workerData as { options: ScanOptions };

// A parser that fails to load rejects here, which ends the worker before it is ready.
void createPythonParser().then((parser) => {
  port.on('message', ({ id, file }: WorkerRequest) => {
    let result: FileResult;
    try {
      result = processFile(parser, file, options);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      result = { error: { path: file.path, message: `analysis failed: ${reason}` } };
    }
    port.postMessage({ id, result } satisfies WorkerReply);
  });
  port.postMessage({ ready: true } satisfies WorkerReady);
});
