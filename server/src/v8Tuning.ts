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

export function tuneV8ForAnalysis(): void {
  setFlagsFromString(INLINING_BUDGET_FLAG);
}
