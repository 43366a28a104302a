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

export interface WorkerReply {
  id: number;
  result: FileResult;
}

const port = parentPort;
if (!port) throw new Error('scanWorker.js runs only as a worker thread');
const { options } = workerData as { options: ScanOptions };
// A failure here rejects on the first file, which ends the worker with the error.
const parserReady = createPythonParser();

port.on('message', async ({ id, file }: WorkerRequest) => {
  const parser = await parserReady;
  let result: FileResult;
  try {
    result = processFile(parser, file, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    result = { error: { path: file.path, message: `analysis failed: ${reason}` } };
  }
  port.postMessage({ id, result } satisfies WorkerReply);
});
