/**
 * Fixes in notebooks. A fix is computed on the module (module.ts) and may edit two cells at
 * once (`eval` in the third cell becomes `ast.literal_eval`, `import ast` goes to the top of the
 * first). Its edits are applied to the cells' own texts, all or nothing, and never to IPython's
 * escapes nor across a cell boundary. `--fix` repeats this as it does for files (Ruff's loop);
 * the editor's fix-all applies one round.
 */
import type { AnalyzeOptions, Finding, Fix } from '../engine';
import { applyEditGroups } from '../fixes/applyEdits';
import type { PythonParser } from '../parser';
import type { Policy } from '../policy/types';
import { chooseFix, MAX_FIX_PASSES } from '../cli/fix';
import { analyzeNotebook, type NotebookAnalysis } from './analyze';
import type { NotebookModule } from './module';

/**
 * Ends each cell while the cells are joined for applying edits: noncharacters (U+FFFE, U+FFFF)
 * that no edit writes. A cell that holds them itself is not fixed.
 */
const CELL_END = '\uFFFF\uFFFE';

/** Whether a fix can be applied to the cells: each edit inside one cell, none on an escape. */
export function isCellFix(module: NotebookModule, fix: Fix): boolean {
  return fix.edits.every((e) => module.isWithinOneCell(e.range) && !module.isEscapeLine(e.range.start.line) && !module.isEscapeLine(e.range.end.line));
}

export interface CellFixResult {
  /** Every cell's text afterwards (unchanged ones as they were). */
  sources: string[];
  applied: number;
}

/**
 * Applies fixes (module coordinates) to the cells' texts. Cells are joined with a marker at the
 * end of each one's last line, which keeps every line and column where the module has it, and
 * split again afterwards. Undefined when a cell holds the marker.
 */
export function applyFixesToCells(module: NotebookModule, fixes: readonly Fix[]): CellFixResult | undefined {
  const sources = module.cells.map((c) => c.source);
  if (sources.some((s) => s.includes(CELL_END))) return undefined;
  const usable = fixes.filter((fix) => isCellFix(module, fix));
  if (usable.length === 0) return { sources, applied: 0 };
  const joined = sources.join(`${CELL_END}\n`);
  const result = applyEditGroups(joined, usable);
  const split = result.text.split(`${CELL_END}\n`);
  if (split.length !== sources.length) return undefined;
  return { sources: split, applied: result.applied };
}

export interface NotebookFixOptions extends AnalyzeOptions {
  unsafe: boolean;
}

export interface NotebookFixResult {
  /** The cells after every applied fix. */
  sources: string[];
  applied: number;
  initial: NotebookAnalysis;
  /** The analysis of `sources`. */
  final: NotebookAnalysis;
  problem?: string;
}

export function fixNotebook(parser: PythonParser, sources: readonly string[], policy: Policy, options: NotebookFixOptions): NotebookFixResult {
  const { unsafe, ...analyzeOptions } = options;
  const initial = analyzeNotebook(parser, sources, policy, analyzeOptions);
  let analysis = initial;
  let applied = 0;
  for (let pass = 0; ; pass++) {
    const { module } = analysis;
    const current = module.cells.map((c) => c.source);
    const fixes = analysis.findings.map((f: Finding) => chooseFix(f, unsafe)).filter((f): f is Fix => f !== undefined && isCellFix(module, f));
    if (fixes.length === 0) return { sources: current, applied, initial, final: analysis };
    if (pass === MAX_FIX_PASSES) {
      return { sources: current, applied, initial, final: analysis, problem: `fixes still apply after ${MAX_FIX_PASSES} passes; stopped, as they may undo each other` };
    }
    const result = applyFixesToCells(module, fixes);
    if (!result) return { sources: current, applied, initial, final: analysis, problem: 'a cell holds the characters U+FFFF U+FFFE, which fixing needs; not fixed' };
    if (result.applied === 0 || result.sources.every((s, i) => s === current[i])) return { sources: current, applied, initial, final: analysis };
    const next = analyzeNotebook(parser, result.sources, policy, analyzeOptions);
    // A fix that breaks a cell that parsed is a bug in the fix: keep the cells as they were.
    if (next.module.cells.some((cell, i) => cell.broken && !module.cells[i].broken)) {
      return { sources: current, applied, initial, final: analysis, problem: 'a fix would have made a cell a syntax error; those fixes were not applied' };
    }
    applied += result.applied;
    analysis = next;
  }
}
