/**
 * Incremental analysis of one document being edited: after a keystroke only the top-level
 * statements the edit can change run the rules again; the findings of the others are taken
 * from the previous run, moved to their new lines. The result is the same as a full analysis
 * (test/incremental.test.ts checks it on random edits of real files).
 *
 * What an edit can change, and so what runs again:
 * - the statements in or next to the changed text, or whose structure tree-sitter reports as
 *   changed (`Tree.getChangedRanges`), or that are new; the others keep their JS syntax tree too;
 * - every statement whose resolutions looked up a module-level name that an edited statement
 *   binds (before or after the edit), and transitively the statements that look up names those
 *   bind: the resolver tells which names each resolution read (`SemanticsObserver`);
 * - the rules that see the whole module (a `module` or `module:exit` handler) run on all of it.
 * Scopes and bindings are rebuilt for the whole file every time.
 * Everything runs again when a wildcard import changed. A partial run is redone in full when
 * its answers could depend on what ran before them: a rule failed (PC000, which stops that rule
 * for the rest of the file) or the resolver ran out of its step budget. Files with Python 2
 * backticks (rewritten and reparsed) are always analysed in full.
 *
 * The contract this relies on, for rules without a module handler: what a handler reports from
 * a node depends only on that node's top-level statement and on what the resolver answers.
 */
import { SyntaxTree, type Node, type Tree } from '../parser';
import type { Policy } from '../policy/types';
import type { Rule } from '../rules/types';
import { Semantics, type Scope, type SemanticsObserver, type StatementScopes } from '../semantics';
import { RuleRun, analyzeTree, type AnalyzeOptions } from '../engine/analyze';
import { exposeBacktickExpressions } from '../engine/python2';
import type { LineIndex } from '../engine/lineIndex';
import type { Finding, Position, Range } from '../engine/types';
import { treeEditFor } from '../documents';
// Only the plain `Edit` value class; the WASM stays behind parser.ts.
import { Edit } from 'web-tree-sitter';

interface Statement {
  node: Node;
  /** What it put in the module scope (the rest of its scopes stay on its nodes, see semantics/memo.ts). */
  scopes: StatementScopes | undefined;
  /** What rules remembered about it (`RuleContext.remember`), by `CODE:key`. */
  kept: ReadonlyMap<string, unknown>;
  /** Offsets when it was analysed (adopting the node into a later tree shifts it in place). */
  startIndex: number;
  endIndex: number;
  /** Findings of the statement-local rules, reported while visiting this statement. */
  findings: Finding[];
  /** Module-level names its resolutions looked up (`*`: all of them). */
  reads: Set<string>;
  /** Module-level names bound in it. */
  binds: Set<string>;
}

interface State {
  /** A copy of the analysed tree, to ask tree-sitter what the next parse changed. */
  tree: Tree;
  syntax: SyntaxTree;
  /** The module scope, which the scopes of the statements kept hang from. */
  module: Scope;
  statements: Statement[];
  wildcardImports: string;
  policy: Policy;
  options: AnalyzeOptions;
}

/** What the last `analyze` did, for logs and tests. */
export interface IncrementalStats {
  /** `full`: every statement ran the rules. */
  mode: 'full' | 'incremental';
  statements: number;
  reanalysed: number;
}

const ROOT = -1;

const NOTHING_KEPT: ReadonlyMap<string, unknown> = new Map();

export class IncrementalAnalyzer {
  private state: State | undefined;
  last: IncrementalStats = { mode: 'full', statements: 0, reanalysed: 0 };
  /** Why the last partial run was redone in full, if it was. */
  fallbackReason: string | undefined;

  /**
   * Analyses `tree` (the parse of `source`, usually an incremental reparse of the tree last
   * analysed). The analyzer keeps its own copy of the tree; the caller may delete `tree`.
   */
  analyze(tree: Tree, source: string, policy: Policy, options: AnalyzeOptions = {}): Finding[] {
    const exposed = source.includes('`') ? exposeBacktickExpressions(tree, source) : undefined;
    if (exposed) {
      exposed.tree.delete();
      this.dispose();
      this.last = { mode: 'full', statements: 0, reanalysed: 0 };
      return analyzeTree(tree, source, policy, options);
    }
    const previous = this.state && this.state.policy === policy && sameOptions(this.state.options, options) ? this.state : undefined;
    const outcome = this.run(tree, source, policy, options, previous);
    // A partial run whose answers may depend on what ran: redo it in full (a full run is exact).
    return outcome ?? this.run(tree, source, policy, options, undefined)!;
  }

  /** Frees the tree copy; the next `analyze` runs in full. */
  dispose(): void {
    this.state?.tree.delete();
    this.state = undefined;
  }

  private fallBack(reason: string): undefined {
    this.fallbackReason = reason;
    return undefined;
  }

  /** One run; undefined when a partial run cannot be trusted (the caller runs again in full). */
  private run(tree: Tree, source: string, policy: Policy, options: AnalyzeOptions, previous: State | undefined): Finding[] | undefined {
    const matched = new Map<Node, Statement>();
    let reuse: (top: { type: string; startIndex: number; endIndex: number }) => Node | undefined = () => undefined;
    /** Where an offset of the previous text is now; undefined inside the changed text. */
    let moveOffset: (offset: number) => number | undefined = (offset) => offset;
    /** Offsets below this are the same text, at the same positions, before and after the edit. */
    let unchangedBelow = 0;
    if (previous) {
      // The text changed in one region (common prefix and suffix); tree-sitter tells where the
      // structure changed. A top-level statement outside both has the text and the subtree it
      // had, at a shifted offset after the region.
      const before = previous.syntax.source;
      let prefix = 0;
      const shorter = Math.min(before.length, source.length);
      while (prefix < shorter && before.charCodeAt(prefix) === source.charCodeAt(prefix)) prefix++;
      let suffix = 0;
      while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === source.charCodeAt(source.length - 1 - suffix)) suffix++;
      const oldEnd = before.length - suffix;
      unchangedBelow = prefix;
      const newEnd = source.length - suffix;
      const delta = newEnd - oldEnd;
      previous.tree.edit(new Edit(treeEditFor(before, prefix, oldEnd, source.slice(prefix, newEnd))));
      const changed = previous.tree.getChangedRanges(tree);
      // At the place of a pure insertion an offset could belong before or after the new text.
      moveOffset = (offset) =>
        offset < prefix || (offset === prefix && prefix < oldEnd) ? offset : offset > oldEnd || (offset === oldEnd && prefix < oldEnd) ? offset + delta : undefined;
      const byStart = new Map<number, Statement>();
      for (const s of previous.statements) byStart.set(s.startIndex, s);
      reuse = (top) => {
        const at = top.endIndex <= prefix ? top.startIndex : top.startIndex >= newEnd ? top.startIndex - delta : undefined;
        const old = at === undefined ? undefined : byStart.get(at);
        if (!old || old.node.type !== top.type || old.endIndex - old.startIndex !== top.endIndex - top.startIndex) return undefined;
        if (changed.some((r) => r.startIndex <= top.endIndex && r.endIndex >= top.startIndex)) return undefined;
        byStart.delete(at!);
        matched.set(old.node, old);
        return old.node;
      };
    }
    const syntax = SyntaxTree.fromTreeReusing(tree, source, previous?.syntax, reuse);
    const root = syntax.root;
    const tops = root.children;
    // Each top-level statement of this copy has a block of its own (syntaxTree.ts): a node's
    // statement is found without walking up to it, for every resolution the observer sees.
    const indexOfBlock = new Map<object, number>();
    tops.forEach((node, i) => indexOfBlock.set(node.block, i));
    const statementOf = (node: Node): number => indexOfBlock.get(node.block) ?? ROOT;

    // Reads are filed under the statement whose node is being resolved (its answer is cached
    // for everyone), or else under the statement whose nodes the rules are visiting.
    const reads: Set<string>[] = tops.map(() => new Set<string>());
    const resolving: number[] = [];
    let visiting = ROOT;
    let muted = false;
    const observer: SemanticsObserver = {
      enter: (node) => void resolving.push(statementOf(node)),
      exit: () => void resolving.pop(),
      moduleLookup: (name) => {
        if (muted) return;
        const at = resolving.length ? resolving[resolving.length - 1] : visiting;
        if (at !== ROOT) reads[at].add(name);
      },
    };
    // The scopes of the statements kept are kept too: only the module scope is filled again.
    const keptScopes = new Map<Node, StatementScopes>();
    for (const [node, old] of matched) if (old.scopes) keptScopes.set(node, old.scopes);
    const semantics = new Semantics(root, source, observer, previous ? { module: previous.module, statements: keptScopes } : undefined);
    const module = semantics.moduleScope;
    const scopesOf = semantics.statementScopes;
    const binds: Set<string>[] = tops.map((node) => new Set((scopesOf.get(node)?.bindings ?? []).map((b) => b.name)));
    const wildcardImports = module.wildcardImports.join('\n');

    // Which statements run the statement-local rules again.
    const affected = tops.map((node) => !matched.has(node));
    if (previous && previous.wildcardImports !== wildcardImports) affected.fill(true);
    if (previous) {
      const changedNames = new Set<string>();
      for (const s of previous.statements) if (!matched.has(s.node)) for (const n of s.binds) changedNames.add(n);
      tops.forEach((_, i) => {
        if (affected[i]) for (const n of binds[i]) changedNames.add(n);
      });
      for (let grew = true; grew; ) {
        grew = false;
        tops.forEach((node, i) => {
          if (affected[i] || changedNames.size === 0) return;
          const old = matched.get(node)!;
          if (!old.reads.has('*') && ![...old.reads].some((n) => changedNames.has(n))) return;
          affected[i] = true;
          grew = true;
          for (const n of binds[i]) changedNames.add(n);
        });
      }
    }
    // Reads of a statement that does not run again are those its earlier run recorded.
    tops.forEach((node, i) => {
      if (!affected[i]) for (const n of matched.get(node)!.reads) reads[i].add(n);
    });

    const run = new RuleRun(syntax, semantics, policy, options);
    const kept = new Map<Node, ReadonlyMap<string, unknown>>();
    tops.forEach((node, i) => {
      if (!affected[i]) kept.set(node, matched.get(node)!.kept);
    });
    run.kept = kept;
    const isModuleRule = (rule: Rule): boolean => run.moduleRules.has(rule);
    // A statement not analysed again is walked only for module rules that visit nodes.
    const moduleRulesVisitNodes = run.moduleRulesVisitNodes;
    const moduleCodes = new Set([...run.moduleRules].map((r) => r.meta.code));
    const local: Finding[][] = tops.map(() => []);
    const whole: Finding[][] = tops.map(() => []);
    const atRoot: Finding[] = [];
    const atExit: Finding[] = [];
    let bucket = atRoot;
    run.onFinding = (finding) => {
      if (bucket === atRoot || bucket === atExit || moduleCodes.has(finding.code)) (bucket === atRoot || bucket === atExit ? bucket : whole[visiting]).push(finding);
      else local[visiting].push(finding);
    };
    run.dispatch(root.type, root);
    tops.forEach((node, i) => {
      visiting = i;
      bucket = local[i];
      if (affected[i]) run.walk(node);
      else if (moduleRulesVisitNodes) run.walk(node, isModuleRule);
    });
    visiting = ROOT;
    bucket = atExit;
    run.dispatch('module:exit', root);

    const partial = affected.some((a) => !a);
    if (partial && (run.failed.size > 0 || semantics.exhausted)) return this.fallBack(run.failed.size > 0 ? 'a rule failed' : 'the resolver ran out of steps');

    // Reused findings move with their statement (and what they point at, with its statement).
    const all: Finding[] = [...atRoot];
    const statements: Statement[] = [];
    for (let i = 0; i < tops.length; i++) {
      const node = tops[i];
      let findings = local[i];
      if (!affected[i]) {
        const old = matched.get(node)!;
        // A statement's own offsets move with it (an insertion right before it moved it); any
        // other offset is outside the changed text, or the run is redone in full.
        const shift = node.startIndex - old.startIndex;
        const moved = moveFindings(old.findings, previous!.syntax.lines, syntax.lines, unchangedBelow, (offset) =>
          offset >= old.startIndex && offset <= old.endIndex ? offset + shift : moveOffset(offset),
        );
        if (!moved) return this.fallBack('a reused finding points into the edited text');
        findings = moved;
      }
      all.push(...findings, ...whole[i]);
      const remembered = run.remembered.get(node);
      const keptValues = affected[i] ? (remembered ?? NOTHING_KEPT) : remembered ? new Map([...matched.get(node)!.kept, ...remembered]) : matched.get(node)!.kept;
      statements.push({ node, startIndex: node.startIndex, endIndex: node.endIndex, findings, reads: reads[i], binds: binds[i], scopes: scopesOf.get(node), kept: keptValues });
    }
    all.push(...atExit);
    const result = run.postProcess(all);
    this.state?.tree.delete();
    const trusted = run.failed.size === 0 && !semantics.exhausted;
    this.state = trusted ? { tree: tree.copy(), syntax, module, statements, wildcardImports, policy, options } : undefined;
    this.last = { mode: partial ? 'incremental' : 'full', statements: tops.length, reanalysed: affected.filter(Boolean).length };
    return result;
  }
}

function sameOptions(a: AnalyzeOptions, b: AnalyzeOptions): boolean {
  return a.filePath === b.filePath && a.rules === b.rules;
}

/**
 * Copies of `findings` with every position moved by `move` (offsets); undefined if one cannot
 * move. A finding all of whose ranges end below `unchangedBelow` is the same finding afterwards:
 * it is taken as it is (most of a file's findings, for an edit near its end).
 */
function moveFindings(findings: Finding[], before: LineIndex, after: LineIndex, unchangedBelow: number, move: (offset: number) => number | undefined): Finding[] | undefined {
  const unmoved = (r: Range): boolean => before.offsetAt(r.end) < unchangedBelow && before.offsetAt(r.start) < unchangedBelow;
  const unchanged = (f: Finding): boolean =>
    unmoved(f.range) && (!f.related || f.related.every((r) => unmoved(r.range))) && (!f.fixes || f.fixes.every((fix) => fix.edits.every((e) => unmoved(e.range))));
  if (findings.every(unchanged)) return findings;
  let failed = false;
  const position = (p: Position): Position => {
    const offset = move(before.offsetAt(p));
    if (offset === undefined) {
      failed = true;
      return p;
    }
    return after.positionAt(offset);
  };
  const range = (r: Range): Range => ({ start: position(r.start), end: position(r.end) });
  const out = findings.map((f): Finding => {
    if (unchanged(f)) return f;
    const moved: Finding = { ...f, range: range(f.range) };
    if (f.related) moved.related = f.related.map((r) => ({ ...r, range: range(r.range) }));
    if (f.fixes) moved.fixes = f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, range: range(e.range) })) }));
    return moved;
  });
  return failed ? undefined : out;
}

/**
 * The incremental analyses of the open documents. Only the few most recently analysed keep
 * their state (a copy of the syntax tree each): those are the ones being typed in, and a
 * workspace with many open files must not hold a copy of every one.
 */
export class DocumentAnalyses {
  private readonly analyzers = new Map<string, IncrementalAnalyzer>();

  constructor(private readonly keep = 4) {}

  analyze(uri: string, tree: Tree, source: string, policy: Policy, options: AnalyzeOptions = {}): Finding[] {
    let analyzer = this.analyzers.get(uri);
    if (analyzer) this.analyzers.delete(uri);
    else analyzer = new IncrementalAnalyzer();
    // Most recent last: the Map keeps insertion order.
    this.analyzers.set(uri, analyzer);
    for (const [old, stale] of this.analyzers) {
      if (this.analyzers.size <= this.keep) break;
      stale.dispose();
      this.analyzers.delete(old);
    }
    return analyzer.analyze(tree, source, policy, options);
  }

  /** What the last analysis of `uri` did (for the log). */
  lastOf(uri: string): IncrementalStats | undefined {
    return this.analyzers.get(uri)?.last;
  }

  forget(uri: string): void {
    this.analyzers.get(uri)?.dispose();
    this.analyzers.delete(uri);
  }

  dispose(): void {
    for (const analyzer of this.analyzers.values()) analyzer.dispose();
    this.analyzers.clear();
  }
}
