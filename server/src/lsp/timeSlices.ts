/**
 * Long work in the server gives the event loop its turn: listing a workspace of 100,000 files
 * takes seconds, and meanwhile the server must read edits, run their debounced checks and see a
 * cancellation. A synchronous job written as a generator (it yields between its steps) runs a
 * slice of time at a time, and is stopped between slices when asked.
 */

/** Lets pending I/O and timers (the debounced re-check of a document being edited) run. */
export function yieldToEventLoop(): Promise<void> {
  // A browser worker has no `setImmediate`; a zero timeout yields there too.
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

/** Long enough that the yields cost little, short enough that an edit waits no longer than a keystroke's check. */
export const SLICE_MS = 10;

/** The generator's result, or undefined when `isStopped` said to stop first. */
export async function runInSlices<T>(steps: Generator<void, T, void>, isStopped: () => boolean, sliceMs: number = SLICE_MS): Promise<T | undefined> {
  for (;;) {
    if (isStopped()) {
      steps.return(undefined as T);
      return undefined;
    }
    const until = performance.now() + sliceMs;
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      if (performance.now() >= until) break;
    }
    await yieldToEventLoop();
  }
}
