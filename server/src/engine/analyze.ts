import { indentationLimitLine, MAX_INDENT_LEVELS, SyntaxTree, type Node, type PythonParser, type Tree } from '../parser';
import { LineIndex } from './lineIndex';
import type { Policy } from '../policy/types';
import { DENOTATION, type Rule, type RuleContext, type Visitor } from '../rules/types';
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
  /**
   * Told of each rule that throws (it also becomes a PC000 finding): the finding carries the
   * message, a log needs the stack to make the failure a bug report.
   */
  onRuleError?: (rule: Rule, error: unknown) => void;
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
  const run = new RuleRun(syntax, new Semantics(syntax.root, source), policy, options);
  run.walk(syntax.root);
  return run.finish(run.findings);
}

/** The node types `denotation` handlers are called for (rules/types.ts). */
// A keyword pattern reads an attribute of the match subject (`case object(sys=s)`).
const DENOTING = new Set(['identifier', 'attribute', 'subscript', 'call', 'keyword_pattern']);

interface Handler {
  rule: Rule;
  fn: (node: Node) => void;
}

/**
 * One run of the enabled rules over a copied tree: their contexts and visitors, the dispatch by
 * node type and the post-pass. The full analysis walks the whole tree; the incremental one
 * (incremental/) walks what an edit can change and reuses the rest.
 */
export class RuleRun {
  /** Findings in report order, unless `onFinding` takes them. */
  readonly findings: Finding[] = [];
  /** Rules that threw: each left one PC000 finding and runs no more in this run. */
  readonly failed = new Set<Rule>();
  /** Where a reported finding goes (the incremental analysis files them by statement). */
  onFinding: (finding: Finding) => void = (finding) => this.findings.push(finding);
  readonly enabled: Set<string>;
  readonly rangeOf: (node: Node) => Range;
  private readonly handlers = new Map<string, Handler[]>();
  /**
   * Rules whose visitor sees the module as a whole (`module` or `module:exit` handlers): their
   * findings may depend on any part of the file, so an incremental run always runs them, and
   * walks all of the file for those with node handlers (see `moduleRulesVisitNodes`), unless
   * their node handlers are unit-local (`Rule.unitLocalNodeHandlers`, not in this set).
   */
  readonly moduleRules = new Set<Rule>();
  /**
   * What rules `remember` about units (top-level statements and methods of top-level classes),
   * by unit and `CODE:key`: this run's, for the next incremental run. `kept` holds those of the
   * units the incremental analysis reuses (`RuleContext.recall`).
   */
  readonly remembered = new Map<Node, Map<string, unknown>>();
  kept: ReadonlyMap<Node, ReadonlyMap<string, unknown>> = new Map();
  /**
   * One string per distinct message of this run: a large file repeats the same message hundreds
   * of times ("annotated assignment is not allowed by policy 'audit'"), each built afresh by its
   * rule, and an open document holds its findings for as long as it is open.
   */
  private readonly messages = new Map<string, string>();

  private message(text: string): string {
    const known = this.messages.get(text);
    if (known !== undefined) return known;
    this.messages.set(text, text);
    return text;
  }

  constructor(
    readonly syntax: SyntaxTree,
    readonly semantics: Semantics,
    readonly policy: Policy,
    private readonly options: AnalyzeOptions,
  ) {
    const { source, lines, root } = syntax;
    // tree-sitter counts a CRLF's `\r` into the token before it (comments, strings at line end);
    // an LSP range must end before the line break.
    this.rangeOf = (node: Node): Range => {
      let end = node.endIndex;
      while (end > node.startIndex && (source.charCodeAt(end - 1) === 13 || source.charCodeAt(end - 1) === 10)) end--;
      return { start: lines.positionAt(node.startIndex), end: lines.positionAt(end) };
    };
    const rules = (options.rules ?? RULES).filter((rule) => ruleSetting(policy, rule) !== 'off');
    const enabled = (this.enabled = new Set(rules.map((rule) => rule.meta.code)));
    for (const rule of rules) {
      const severity = ruleSetting(policy, rule) as Severity;
      // One string per key: a rule recalls once per unit, thousands of times a keystroke.
      const keys = new Map<string, string>();
      const keyOf = (key: string): string => {
        let full = keys.get(key);
        if (full === undefined) keys.set(key, (full = `${rule.meta.code}:${key}`));
        return full;
      };
      const context: RuleContext = {
        source,
        root,
        policy,
        semantics,
        lines,
        rangeOf: this.rangeOf,
        isEnabled: (code) => enabled.has(code),
        recall: (unit, key) => this.kept.get(unit)?.get(keyOf(key)),
        remember: (unit, key, value) => {
          let values = this.remembered.get(unit);
          if (!values) this.remembered.set(unit, (values = new Map()));
          values.set(keyOf(key), value);
        },
        report: (r) => {
          const range = r.range ?? (r.node ? this.rangeOf(r.node) : undefined);
          if (!range) throw new Error('report needs a node or a range');
          const finding: Finding = { code: rule.meta.code, name: rule.meta.name, severity, message: this.message(r.message), range };
          if (r.fixes?.length) finding.fixes = r.fixes;
          if (r.related?.length) finding.related = r.related;
          this.onFinding(finding);
        },
      };
      let visitor: Visitor;
      try {
        visitor = rule.create(context);
      } catch (error) {
        this.fail(rule, error);
        continue;
      }
      for (const [type, fn] of Object.entries(visitor)) {
        if ((type === 'module' || type === 'module:exit') && !rule.unitLocalNodeHandlers) this.moduleRules.add(rule);
        let list = this.handlers.get(type);
        if (!list) this.handlers.set(type, (list = []));
        list.push({ rule, fn });
      }
    }
  }

  /** Whether `node` (a `DENOTING` type) is one the `denotation` handlers are for (rules/types.ts). */
  private denotes(node: Node): boolean {
    try {
      return (node.type !== 'identifier' || this.semantics.isNameRead(node)) && this.semantics.qnameValues(node).length > 0;
    } catch {
      // The resolver failed on this node: each handler asks again and fails as its own rule.
      return true;
    }
  }

  /** Whether a rule that sees the whole module also has handlers for nodes (then every node is walked for it). */
  get moduleRulesVisitNodes(): boolean {
    for (const [type, list] of this.handlers) {
      if (type !== 'module' && type !== 'module:exit' && list.some((h) => this.moduleRules.has(h.rule))) return true;
    }
    return false;
  }

  private fail(rule: Rule, error: unknown): void {
    if (this.failed.has(rule)) return;
    this.failed.add(rule);
    try {
      this.options.onRuleError?.(rule, error);
    } catch {
      // A failing logger must not turn one rule's failure into the file's.
    }
    // A rule that threw runs no more: its handlers leave the lists (a dispatch in progress holds
    // the old list, in which this rule's handler for the type has already run).
    for (const [type, list] of this.handlers) this.handlers.set(type, list.filter((h) => h.rule !== rule));
    this.onFinding({
      code: ANALYSIS_ERROR.code,
      name: ANALYSIS_ERROR.name,
      severity: 'error',
      message: `rule ${rule.meta.code} (${rule.meta.name}) failed on this file, so the file is not fully checked: ${error instanceof Error ? error.message : String(error)}`,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    });
  }

  /** Hands one node to the handlers of its type (`only`: to those of these rules). */
  dispatch(type: string, node: Node, only?: (rule: Rule) => boolean): void {
    const list = this.handlers.get(type);
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) {
      const handler = list[i];
      if (only !== undefined && !only(handler.rule)) continue;
      try {
        handler.fn(node);
      } catch (error) {
        this.fail(handler.rule, error);
      }
    }
  }

  /** Dispatches `top` and every node below it, in document order; not those below a node of `skip` (nor it). */
  walk(top: Node, only?: (rule: Rule) => boolean, skip?: ReadonlySet<Node>): void {
    // An explicit stack, not recursion: hostile files nest deep enough to overflow the JS stack.
    const stack: Node[] = [top];
    const handlers = this.handlers;
    // Whether a node denotes something is a resolution: not asked when no rule walked for wants it
    // (an incremental run walks the units it keeps for the module rules only).
    const denoting = handlers.get(DENOTATION);
    const denotations = denoting !== undefined && (only === undefined || denoting.some((h) => only(h.rule)));
    while (stack.length) {
      const node = stack.pop()!;
      if (skip !== undefined && skip.has(node)) continue;
      const type = node.type;
      if (denotations && DENOTING.has(type) && this.denotes(node)) this.dispatch(DENOTATION, node, only);
      // Most nodes (punctuation, keywords, operators) have no handler at all.
      if (handlers.has(type)) this.dispatch(type, node, only);
      const children = node.children;
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        // A token (`(`, `,`, `def`) of a type no handler is for has nothing to visit: not pushed
        // (tokens are about half of all nodes). `skip` holds statements and methods, never tokens.
        if (!child.isNamed && child.children.length === 0 && !handlers.has(child.type) && !(denotations && DENOTING.has(child.type))) continue;
        stack.push(child);
      }
    }
  }

  /** Runs the `module:exit` handlers, then the post-pass over `all` (this run's findings and any reused ones). */
  finish(all: Finding[], exitOnly?: (rule: Rule) => boolean): Finding[] {
    this.dispatch('module:exit', this.syntax.root, exitOnly);
    if (this.semantics.exhausted) {
      // Past its work budget the resolver answers "unknown", which hides aliases: a file built to
      // exhaust it must not pass as checked.
      all.push({
        code: ANALYSIS_ERROR.code,
        name: ANALYSIS_ERROR.name,
        severity: 'error',
        message: 'name resolution ran out of its work budget in this file, so aliases may be missed and the file is not fully checked',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      });
    }
    return this.postProcess(all);
  }

  /** Policy post-processing (engine/suppressions.ts): per-file ignores and inline suppressions, once after every rule has reported. */
  postProcess(all: Finding[], sorted = false): Finding[] {
    const { policy } = this;
    // Sorted first: then the findings that start at one place are next to each other, and
    // dedupe compares each only with those (a map from places to findings cost more than the
    // sort). `sorted`: the caller knows `all` is in `sortFindings` order (an incremental run's
    // kept units, incremental/analyzer.ts). The suppressions add findings of their own, so the
    // result is sorted again (a nearly sorted array, which the engine's sort takes in one pass),
    // unless they returned what they were given: nothing added, nothing dropped.
    const deduped = dedupe(sorted ? all : sortFindings(all));
    const kept = applySuppressions(deduped, {
      policy,
      root: this.syntax.root,
      source: this.syntax.source,
      lines: this.syntax.lines,
      filePath: this.options.filePath,
      ran: this.enabled,
      settingOf: (code) => {
        const rule = ruleByCode(code);
        return rule ? ruleSetting(policy, rule) : undefined;
      },
    });
    return kept === deduped ? kept : sortFindings(kept);
  }
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

/**
 * `localeCompare` of two codes, without ICU for the usual ones: `PC` and three digits compare
 * alike by code units (a keystroke in a large file sorts thousands of findings, twice).
 */
function compareCodes(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 5 && b.length === 5 && CODE.test(a) && CODE.test(b)) return a < b ? -1 : 1;
  return a.localeCompare(b);
}

const CODE = /^PC\d{3}$/;

/** The order of `sortFindings`. */
export function comparePositions(a: Finding, b: Finding): number {
  const ra = a.range;
  const rb = b.range;
  return (
    ra.start.line - rb.start.line ||
    ra.start.character - rb.start.character ||
    ra.end.line - rb.end.line ||
    ra.end.character - rb.end.character ||
    compareCodes(a.code, b.code) ||
    (a.message === b.message ? 0 : a.message.localeCompare(b.message))
  );
}

export function sortFindings(findings: Finding[]): Finding[] {
  // Usually sorted already (a keystroke's findings are the kept units' in order, twice per run):
  // a plain loop tells so at a fraction of what `sort` spends calling its comparator on the same
  // pairs. An array in order is what the (stable) sort would leave as it is.
  for (let i = 1; i < findings.length; i++) if (comparePositions(findings[i - 1], findings[i]) > 0) return findings.sort(comparePositions);
  return findings;
}

/**
 * Two routes to the same conclusion (e.g. an alias resolved twice) report once: the first of
 * them is kept. `findings` are sorted (`sortFindings`), so all that start at one place are in one run.
 */
function dedupe(findings: Finding[]): Finding[] {
  // Duplicates are rare: up to the first one, `findings` is its own result (no copy made).
  let first = 0;
  let runStart = 0;
  for (; first < findings.length; first++) {
    const start = findings[first].range.start;
    const runFirst = findings[runStart].range.start;
    if (runFirst.line !== start.line || runFirst.character !== start.character) runStart = first;
    let duplicate = false;
    for (let i = runStart; i < first && !duplicate; i++) duplicate = sameFinding(findings[first], findings[i]);
    if (duplicate) break;
  }
  if (first === findings.length) return findings;
  // As if the findings before `first` had been taken one by one: `runStart` is where the run of those
  // starting at their place begins.
  const out: Finding[] = findings.slice(0, first);
  for (let k = first; k < findings.length; k++) {
    const f = findings[k];
    const start = f.range.start;
    if (out.length > runStart) {
      const first = out[runStart].range.start;
      if (first.line !== start.line || first.character !== start.character) runStart = out.length;
    }
    let duplicate = false;
    for (let i = runStart; i < out.length && !duplicate; i++) duplicate = sameFinding(f, out[i]);
    if (!duplicate) out.push(f);
  }
  return out;
}

function sameFinding(a: Finding, b: Finding): boolean {
  const ra = a.range;
  const rb = b.range;
  return (
    a.code === b.code &&
    ra.start.line === rb.start.line &&
    ra.start.character === rb.start.character &&
    ra.end.line === rb.end.line &&
    ra.end.character === rb.end.character &&
    a.message === b.message
  );
}
