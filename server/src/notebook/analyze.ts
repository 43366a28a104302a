/**
 * Analyses a notebook's code cells as one module (module.ts) and adds the findings for IPython's
 * escapes. Findings come back in module coordinates; `NotebookModule.toCellRange` turns each into
 * its cell's. The language server and the CLI both go through here.
 */
import { analyzeSource, analyzeTree, ruleSetting, sortFindings, type AnalyzeOptions, type Finding, type Range } from '../engine';
import type { PythonParser, Tree } from '../parser';
import { ignoredCodes } from '../policy/paths';
import type { Policy } from '../policy/types';
import { ruleByCode } from '../rules';
import type { IPythonEscape } from './ipython';
import { NotebookModule } from './module';

/** Shell escapes and magics run on the host whatever the code around them is allowed to do: PC502's ground. */
export const ESCAPE_RULE_CODE = 'PC502';

export interface NotebookAnalysis {
  module: NotebookModule;
  /** In module coordinates, sorted. */
  findings: Finding[];
}

export function analyzeNotebook(parser: PythonParser, sources: readonly string[], policy: Policy, options: AnalyzeOptions = {}): NotebookAnalysis {
  const module = NotebookModule.build(sources, parser);
  const tree = parser.parse(module.text);
  try {
    return { module, findings: analyzeNotebookModule(parser, module, tree, policy, options) };
  } finally {
    tree.delete();
  }
}

/** With the module's tree already parsed (the language server keeps it for code actions). */
export function analyzeNotebookModule(parser: PythonParser, module: NotebookModule, tree: Tree, policy: Policy, options: AnalyzeOptions = {}): Finding[] {
  const findings = analyzeTree(tree, module.text, policy, options);
  for (const cell of module.cells) {
    if (!cell.broken) continue;
    for (const finding of analyzeSource(parser, cell.python, policy, options)) findings.push(shiftFinding(finding, cell.startLine));
  }
  findings.push(...escapeFindings(module, policy, options));
  return sortFindings(findings);
}

function shiftRange(range: Range, lines: number): Range {
  return { start: { line: range.start.line + lines, character: range.start.character }, end: { line: range.end.line + lines, character: range.end.character } };
}

/** A finding of a cell analysed alone, moved to where the cell lies in the module. */
function shiftFinding(finding: Finding, lines: number): Finding {
  const shifted: Finding = { ...finding, range: shiftRange(finding.range, lines) };
  if (finding.fixes) shifted.fixes = finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ range: shiftRange(e.range, lines), newText: e.newText })) }));
  if (finding.related) shifted.related = finding.related.map((r) => ({ ...r, range: shiftRange(r.range, lines) }));
  return shifted;
}

export function escapeMessage(escape: IPythonEscape, policy: Policy): string {
  const verdict = `not allowed by policy '${policy.name}'`;
  if (escape.display.startsWith('!')) return `shell escape '${escape.display}' runs a host command; ${verdict}`;
  if (escape.kind === 'shell') return `IPython magic '${escape.display}' runs a host command; ${verdict}`;
  return `IPython magic '${escape.display}' is a command to the notebook host, outside what the policy checks; ${verdict}`;
}

/**
 * The escapes' findings, under PC502's setting in the policy and its `per-file-ignores`.
 * Inline suppressions do not apply: a `# noqa` after `!cmd` is part of the command the shell gets.
 */
function escapeFindings(module: NotebookModule, policy: Policy, options: AnalyzeOptions): Finding[] {
  const rule = ruleByCode(ESCAPE_RULE_CODE);
  if (!rule || (options.rules && !options.rules.includes(rule))) return [];
  const severity = ruleSetting(policy, rule);
  if (severity === 'off') return [];
  if (options.filePath !== undefined && ignoredCodes(policy, options.filePath).has(ESCAPE_RULE_CODE)) return [];
  const findings: Finding[] = [];
  for (const cell of module.cells) {
    for (const escape of cell.escapes) {
      const line = cell.startLine + escape.line;
      findings.push({
        code: rule.meta.code,
        name: rule.meta.name,
        severity,
        message: escapeMessage(escape, policy),
        range: { start: { line, character: escape.startCharacter }, end: { line, character: escape.endCharacter } },
      });
    }
  }
  return findings;
}
