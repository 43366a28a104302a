/**
 * `paddedCell/memoryUsage`: what the server process holds, for the soak test and for bug
 * reports about a server that grows. A garbage collection runs first when one can be asked for
 * (`node --expose-gc`, as the test starts the server), so the heap figures are what is live,
 * not what the collector has yet to reclaim. The WASM memory is the parsers' (trees live there).
 */
import { wasmMemoryBytes } from '../parser';

export const MEMORY_USAGE_REQUEST = 'paddedCell/memoryUsage';

export interface MemoryUsage {
  /** Resident set size of the process, bytes. */
  rss: number;
  heapUsed: number;
  heapTotal: number;
  /** Memory of C++ objects bound to JavaScript ones, ArrayBuffers included. */
  external: number;
  /** WebAssembly linear memory of the parsers, bytes (undefined before the first parser). */
  wasm?: number;
  /** Whether a garbage collection ran before measuring. */
  collected: boolean;
}

/** Undefined where there is no Node process to ask (the browser worker). */
export function memoryUsage(): MemoryUsage | undefined {
  if (typeof process === 'undefined' || typeof process.memoryUsage !== 'function') return undefined;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
  const usage = process.memoryUsage();
  const wasm = wasmMemoryBytes();
  return {
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    external: usage.external,
    ...(wasm !== undefined ? { wasm } : {}),
    collected: typeof gc === 'function',
  };
}
