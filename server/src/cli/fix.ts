/**
 * `--fix`: apply fixes, analyse the result, and repeat, as Ruff does. One pass cannot apply
 * fixes that collide (two `eval` calls both adding `import ast` at the top), and a fix can make
 * another finding appear or go away; the next pass sees the new text. The number of passes is
 * bounded so that two fixes undoing each other cannot loop.
 */
import { analyzeSource, type AnalyzeOptions, type Finding, type Fix } from '../engine';
import { applyEditGroups } from '../fixes/applyEdits';
import type { PythonParser } from '../parser';
import type { Policy } from '../policy/types';

/** Ruff stops after 100; our fixes are local, and a file needing more than 10 rounds is looping. */
export const MAX_FIX_PASSES = 10;

export interface FixOptions extends AnalyzeOptions {
  /** Apply fixes marked unsafe too. */
  unsafe: boolean;
}

export interface FixResult {
  /** The text after every applied fix (the input when nothing applied). */
  text: string;
  /** Fixes applied over all passes. */
  applied: number;
  /** The findings of `text`. */
  findings: Finding[];
  /** The findings of the text before any fix. */
  initialFindings: Finding[];
  /**
   * Why fixing stopped early, when it did: the fixes kept the text in a state that a person must
   * look at. The text returned is the last good one.
   */
  problem?: string;
}

/** A safe fix when there is one; with `unsafe`, else the first fix offered. */
export function chooseFix(finding: Finding, unsafe: boolean): Fix | undefined {
  const fixes = finding.fixes ?? [];
  return fixes.find((f) => f.safe) ?? (unsafe ? fixes[0] : undefined);
}

/** Whether tree-sitter recovered from errors anywhere in the text. */
function hasSyntaxError(parser: PythonParser, text: string): boolean {
  const tree = parser.parse(text);
  try {
    return tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

export function fixSource(parser: PythonParser, source: string, policy: Policy, options: FixOptions): FixResult {
  const { unsafe, ...analyzeOptions } = options;
  let text = source;
  const initialFindings = analyzeSource(parser, text, policy, analyzeOptions);
  let findings = initialFindings;
  let applied = 0;
  let brokenBefore: boolean | undefined;
  for (let pass = 0; ; pass++) {
    const fixes = findings.map((f) => chooseFix(f, unsafe)).filter((f): f is Fix => f !== undefined);
    if (fixes.length === 0) return { text, applied, findings, initialFindings };
    if (pass === MAX_FIX_PASSES) {
      return { text, applied, findings, initialFindings, problem: `fixes still apply after ${MAX_FIX_PASSES} passes; stopped, as they may undo each other` };
    }
    const result = applyEditGroups(text, fixes);
    if (result.applied === 0 || result.text === text) return { text, applied, findings, initialFindings };
    // A fix that turns parseable code into a syntax error is a bug in the fix: keep the file as
    // it was before this pass rather than write code that no longer means what it did.
    brokenBefore ??= hasSyntaxError(parser, source);
    if (!brokenBefore && hasSyntaxError(parser, result.text)) {
      return { text, applied, findings, initialFindings, problem: 'a fix would have made the file a syntax error; those fixes were not applied' };
    }
    text = result.text;
    applied += result.applied;
    findings = analyzeSource(parser, text, policy, analyzeOptions);
  }
}
