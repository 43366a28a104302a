import { indentationLimitLine, MAX_INDENT_LEVELS, SyntaxTree, type Node, type PythonParser, type Tree } from '../parser';
import { LineIndex } from './lineIndex';
import type { Policy } from '../policy/types';
import type { Rule, RuleContext, Visitor } from '../rules/types';
import { RULES, ruleByCode } from '../rules';
import { Semantics } from '../semantics';
import { applySuppressions } from './suppressions';
import { exposeBacktickExpressions } from './python2';
import type { Finding, Range, Severity } from './types';

export interface AnalyzeOptions {
  /** Rules to run (default: the registry). Tests pass one rule. */
  rules?: readonly Rule[];
  /** The file's path, for the policy's `per-file-ignores` (globs relative to the policy file). */
  filePath?: string;
}

/** Effective severity of a rule under a policy, or `off`. */
export function ruleSetting(policy: Policy, rule: Rule): Severity | 'off' {
  return policy.rules.get(rule.meta.code) ?? policy.defaultSeverity ?? rule.meta.defaultSeverity;
}

export const ANALYSIS_ERROR = { code: 'PC000', name: 'analysis-error' } as const;

/**
 * Runs every enabled rule over one parsed file and returns its findings, sorted by position.
 * A rule that throws never takes the file's other findings with it: it becomes a PC000 finding.
 */
export function analyzeTree(tree: Tree, source: string, policy: Policy, options: AnalyzeOptions = {}): Finding[] {
  const findings = analyzeExposed(tree, source, policy, options);
  const deepLine = indentationLimitLine(tree);
  if (deepLine === undefined) return findings;
  const lines = new LineIndex(source);
  findings.push({
    code: ANALYSIS_ERROR.code,
    name: ANALYSIS_ERROR.name,
    severity: 'error',
    message: `line ${deepLine + 1} and the lines nested below it are deeper than Python's ${MAX_INDENT_LEVELS} indentation levels and were not analysed (Python itself rejects this file)`,
    range: { start: { line: deepLine, character: 0 }, end: lines.positionAt(lines.lineEndOffset(deepLine)) },
  });
  return sortFindings(findings);
}

function analyzeExposed(tree: Tree, source: string, policy: Policy, options: AnalyzeOptions): Finding[] {
  const exposed = exposeBacktickExpressions(tree, source);
  if (!exposed) return analyzeParsed(tree, source, policy, options);
  try {
    return analyzeParsed(exposed.tree, exposed.source, policy, options);
  } finally {
    exposed.tree.delete();
  }
}

function analyzeParsed(tree: Tree, source: string, policy: Policy, options: AnalyzeOptions): Finding[] {
  const syntax = SyntaxTree.fromTree(tree, source);
  const lines = syntax.lines;
  const root = syntax.root;
  const semantics = new Semantics(root, source);
  // tree-sitter counts a CRLF's `\r` into the token before it (comments, strings at line end);
  // an LSP range must end before the line break.
  const rangeOf = (node: Node): Range => {
    let end = node.endIndex;
    while (end > node.startIndex && (source.charCodeAt(end - 1) === 13 || source.charCodeAt(end - 1) === 10)) end--;
    return { start: lines.positionAt(node.startIndex), end: lines.positionAt(end) };
  };
  const rules = (options.rules ?? RULES).filter((rule) => ruleSetting(policy, rule) !== 'off');
  const enabled = new Set(rules.map((rule) => rule.meta.code));
  const findings: Finding[] = [];

  const failed = new Set<Rule>();
  const fail = (rule: Rule, error: unknown): void => {
    if (failed.has(rule)) return;
    failed.add(rule);
    findings.push({
      code: ANALYSIS_ERROR.code,
      name: ANALYSIS_ERROR.name,
      severity: 'error',
      message: `rule ${rule.meta.code} (${rule.meta.name}) failed on this file, so the file is not fully checked: ${error instanceof Error ? error.message : String(error)}`,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    });
  };

  const handlers = new Map<string, { rule: Rule; fn: (node: Node) => void }[]>();
  for (const rule of rules) {
    const severity = ruleSetting(policy, rule) as Severity;
    const context: RuleContext = {
      source,
      root,
      policy,
      semantics,
      lines,
      rangeOf,
      isEnabled: (code) => enabled.has(code),
      report: (r) => {
        const range = r.range ?? (r.node ? rangeOf(r.node) : undefined);
        if (!range) throw new Error('report needs a node or a range');
        const finding: Finding = { code: rule.meta.code, name: rule.meta.name, severity, message: r.message, range };
        if (r.fixes?.length) finding.fixes = r.fixes;
        if (r.related?.length) finding.related = r.related;
        findings.push(finding);
      },
    };
    let visitor: Visitor;
    try {
      visitor = rule.create(context);
    } catch (error) {
      fail(rule, error);
      continue;
    }
    for (const [type, fn] of Object.entries(visitor)) {
      let list = handlers.get(type);
      if (!list) handlers.set(type, (list = []));
      list.push({ rule, fn });
    }
  }

  const dispatch = (type: string, node: Node): void => {
    for (const { rule, fn } of handlers.get(type) ?? []) {
      if (failed.has(rule)) continue;
      try {
        fn(node);
      } catch (error) {
        fail(rule, error);
      }
    }
  };

  // An explicit stack, not recursion: hostile files nest deep enough to overflow the JS stack.
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (handlers.has(node.type)) dispatch(node.type, node);
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  dispatch('module:exit', root);

  // Policy post-processing (engine/suppressions.ts): per-file ignores and inline suppressions,
  // applied once after every rule has reported.
  const kept = applySuppressions(dedupe(findings), {
    policy,
    root,
    source,
    lines,
    filePath: options.filePath,
    ran: enabled,
    settingOf: (code) => {
      const rule = ruleByCode(code);
      return rule ? ruleSetting(policy, rule) : undefined;
    },
  });
  return sortFindings(kept);
}

/** Parses and analyses a whole source text. */
export function analyzeSource(parser: PythonParser, source: string, policy: Policy, options: AnalyzeOptions = {}): Finding[] {
  const tree = parser.parse(source);
  try {
    return analyzeTree(tree, source, policy, options);
  } finally {
    tree.delete();
  }
}

function comparePositions(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.range.end.line - b.range.end.line ||
    a.range.end.character - b.range.end.character ||
    a.code.localeCompare(b.code) ||
    a.message.localeCompare(b.message)
  );
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(comparePositions);
}

/** Two routes to the same conclusion (e.g. an alias resolved twice) report once. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}|${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
