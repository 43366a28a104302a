/**
 * V8 settings for the engine's processes (the CLI and its scan workers, the language server, the
 * benchmark's in-process measurements), set at startup. Node only: the browser's worker has no
 * say over its engine's flags.
 */
import { setFlagsFromString } from 'node:v8';

/**
 * TurboFan's inlining budget lowered from 920 to 200 bytes of bytecode per optimised function
 * (process-wide: worker threads too). An analysis is short next to the time V8 spends compiling
 * the engine's large functions with everything they call inlined, again after each deopt and
 * again in each worker; smaller compiles cost less than the inlining gains. Measured on a 2-core
 * VM (2026-12-06, medians): 286 stdlib files `scan --jobs 1`, user+sys CPU / wall, 10.3 s /
 * 11.8 s -> 9.1 s / 9.2 s; `--jobs 2` 14.7 s / 24.5 s -> 13.4 s / 21.1 s; all 1,790 stdlib files
 * `--jobs 1` 47.5 s -> 43.8 s CPU; the in-process analysis of every 8th file, three runs,
 * 5.1–5.4 s -> 4.2–4.6 s. Findings are the same: this only changes what V8 inlines.
 */
export const INLINING_BUDGET_FLAG = '--max-inlined-bytecode-size-cumulative=200';

/**
 * A function is optimised after 8 times the default amount of bytecode run (67,584 bytes).
 * Optimised early, the resolver's and the rules' large functions are compiled before most of
 * their branches have run, and each branch met later deoptimises them ("insufficient type
 * feedback") and compiles them again: on every 4th stdlib file (447 files) 60% of TurboFan's
 * time went to such recompiles. With this budget the same run made 438 compiles instead of 817,
 * 76 deopts instead of 247, and spent 1.7 s compiling instead of 6.6 s. `scan --jobs 2` of those
 * files, three runs each, same sitting (2026-12-06, quiet 2-vCPU VM): wall 6.8–6.9 s -> 6.0–6.2 s,
 * CPU 13.0–13.3 s -> 11.4–11.8 s, peak RSS 298–343 MB -> 246–274 MB (TurboFan's zones are memory
 * too); `--jobs 1` wall within the noise, peak RSS 342–403 MB -> 224–236 MB. Twice this budget
 * was no better, half of it no better than the default. The language server alike: opening the
 * 50 largest stdlib files peaked at 246–248 MB instead of 274–314 MB (two runs each), and the
 * benchmark's keystrokes on test_typing.py took the same time (medians 33.8 / 34.3 against
 * 35.6 / 31.2 ms under `audit`, 22.9 against 23.7 ms under `strict`).
 */
export const INTERRUPT_BUDGET_FLAG = '--interrupt-budget=540672';

export function tuneV8ForAnalysis(): void {
  setFlagsFromString(INLINING_BUDGET_FLAG);
  setFlagsFromString(INTERRUPT_BUDGET_FLAG);
}

/**
 * For the CLI: the heap grows by 20% of what a full collection leaves, not by V8's own factor.
 * `scan --jobs 1` analyses in the main thread, whose heap limit is V8's default (4 GB here), and
 * V8 let garbage pile up towards it: peak RSS 370–560 MB, run to run, on the standard library.
 * With this factor, 187–188 MB in three runs, for about 8% more wall time (28.2 / 31.3 / 30.3 s
 * against 28.1 / 27.4 / 29.5 / 26.2 s) and more collecting on V8's helper threads. The pool's
 * workers have a capped heap (cli/pool.ts), and `--jobs 2` took the same time with and without
 * (21.7 s and 22.2 s). Not in the language server: a keystroke should not wait for a full
 * collection that a looser heap would have put off.
 */
export const HEAP_GROWING_FLAG = '--heap-growing-percent=20';

export function boundHeapGrowth(): void {
  setFlagsFromString(HEAP_GROWING_FLAG);
}
