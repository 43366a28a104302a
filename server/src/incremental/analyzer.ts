/**
 * Incremental analysis of one document being edited: after a keystroke only the parts of the
 * file the edit can change run the rules again; the findings of the others are taken from the
 * previous run, moved to their new lines. The result is the same as a full analysis
 * (test/incremental.test.ts checks it on random edits of real files).
 *
 * The parts ("units") are the top-level statements, except that a top-level class with methods
 * is one unit for its methods each and one for the rest of it (its header: decorators, name,
 * bases and the statements of its body that are not methods). A large class is typically most
 * of a file, and an edit is typically inside one method.
 *
 * What an edit can change, and so what runs again:
 * - the units in or next to the changed text, or whose structure tree-sitter reports as changed
 *   (`Tree.getChangedRanges`), or that are new; the others keep their JS syntax tree too; a class
 *   copied again has its header analysed again;
 * - every unit whose resolutions looked up a module-level name that a unit run again binds
 *   (before or after the edit), and transitively the units that look up names those bind: the
 *   resolver tells which names each resolution read (`SemanticsObserver`); the same for the
 *   names a method looks up in its class's scope (its decorators, defaults and annotations are
 *   evaluated there) and the names units bind in a class scope;
 * - the rules that see the whole module (a `module` or `module:exit` handler) run on all of it,
 *   except where they keep what a statement contributes (`RuleContext.recall`).
 * Scopes are rebuilt for the statements copied again; the others keep theirs (semantics/scopes.ts).
 * Everything runs again when a wildcard import changed. A partial run is redone in full when
 * its answers could depend on what ran before them: a rule failed (PC000, which stops that rule
 * for the rest of the file) or the resolver ran out of its step budget. Files with Python 2
 * backticks (rewritten and reparsed) are always analysed in full.
 *
 * The contract this relies on, for rules without a module handler: what a handler reports from
 * a node depends only on that node's unit (for a class header: and the syntax of its methods)
 * and on what the resolver answers.
 */
import { SyntaxTree, type Node, type Tree } from '../parser';
import { isClassMember } from '../syntaxTree';
import type { Policy } from '../policy/types';
import type { Rule } from '../rules/types';
import { Semantics, observeBindings, type Scope, type SemanticsObserver, type StatementScopes } from '../semantics';
import { RuleRun, analyzeTree, type AnalyzeOptions } from '../engine/analyze';
import { exposeBacktickExpressions } from '../engine/python2';
import type { LineIndex } from '../engine/lineIndex';
import type { Finding, Position, Range } from '../engine/types';
import { treeEditFor } from '../documents';
// Only the plain `Edit` value class; the WASM stays behind parser.ts.
import { Edit } from 'web-tree-sitter';

/** A top-level statement as analysed. */
interface Statement {
  node: Node;
  /** Offsets when it was analysed (adopting the node into a later tree shifts it in place). */
  startIndex: number;
  endIndex: number;
  /** What it put in the module scope (the rest of its scopes stay on its nodes, see semantics/memo.ts). */
  scopes: StatementScopes | undefined;
  /** What rules remembered about it (`RuleContext.remember`), by `CODE:key`. */
  kept: ReadonlyMap<string, unknown>;
}

/** A part of the file analysed as a whole: a top-level statement, a class header or a method. */
interface Unit {
  node: Node;
  /** For a method: true (its class's header is another unit). */
  member: boolean;
  startIndex: number;
  endIndex: number;
  /** Findings of the unit-local rules, reported while visiting this unit. */
  findings: Finding[];
  /** Module-level names its resolutions looked up (`*`: all of them). */
  reads: Set<string>;
  /** Module-level names bound in it. */
  binds: Set<string>;
  /** Names looked up in the scope of its class (`*`: all); names it binds there. */
  classReads: Set<string>;
  classBinds: Set<string>;
}

interface State {
  /** A copy of the analysed tree, to ask tree-sitter what the next parse changed. */
  tree: Tree;
  syntax: SyntaxTree;
  /** The module scope, which the scopes of the statements kept hang from. */
  module: Scope;
  statements: Statement[];
  units: Unit[];
  wildcardImports: string;
  policy: Policy;
  options: AnalyzeOptions;
}

/** What the last `analyze` did, for logs and tests. */
export interface IncrementalStats {
  /** `full`: every unit ran the rules. */
  mode: 'full' | 'incremental';
  /** Units (top-level statements, class headers and methods). */
  statements: number;
  reanalysed: number;
}

const ROOT = -1;

const NOTHING_KEPT: ReadonlyMap<string, unknown> = new Map();

/** The class a top-level statement defines (decorated or not), if any. */
function classOf(statement: Node): Node | undefined {
  if (statement.type === 'class_definition') return statement;
  if (statement.type !== 'decorated_definition') return undefined;
  const definition = statement.childForFieldName('definition');
  return definition?.type === 'class_definition' ? definition : undefined;
}

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
    /** Top-level statements and methods taken over from the previous run, with what it knew of them. */
    const matchedStatements = new Map<Node, Statement>();
    const matchedMembers = new Set<Node>();
    type Reuse = (node: { type: string; startIndex: number; endIndex: number }) => Node | undefined;
    let reuse: Reuse = () => undefined;
    let reuseMember: Reuse = () => undefined;
    /** Where an offset of the previous text is now; undefined inside the changed text. */
    let moveOffset: (offset: number) => number | undefined = (offset) => offset;
    /** Offsets below this are the same text, at the same positions, before and after the edit. */
    let unchangedBelow = 0;
    if (previous) {
      // The text changed in one region (common prefix and suffix); tree-sitter tells where the
      // structure changed. A statement outside both has the text and the subtree it had, at a
      // shifted offset after the region.
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
      /** The earlier node of `byStart` that `node` is, unchanged and moved, if any. */
      const take = <T extends { node: Node; startIndex: number; endIndex: number }>(byStart: Map<number, T>, node: { type: string; startIndex: number; endIndex: number }): T | undefined => {
        // After the edit, only on a later line: a finding may span from the line's start (a fix
        // that deletes the whole line), which moves otherwise than the statement.
        if (node.startIndex >= newEnd && !/[\r\n]/.test(source.slice(newEnd, node.startIndex))) return undefined;
        const at = node.endIndex <= prefix ? node.startIndex : node.startIndex >= newEnd ? node.startIndex - delta : undefined;
        const old = at === undefined ? undefined : byStart.get(at);
        if (!old || old.node.type !== node.type || old.endIndex - old.startIndex !== node.endIndex - node.startIndex) return undefined;
        if (changed.some((r) => r.startIndex <= node.endIndex && r.endIndex >= node.startIndex)) return undefined;
        byStart.delete(at!);
        return old;
      };
      const statementsByStart = new Map<number, Statement>();
      for (const s of previous.statements) statementsByStart.set(s.startIndex, s);
      const membersByStart = new Map<number, Unit>();
      for (const u of previous.units) if (u.member) membersByStart.set(u.startIndex, u);
      reuse = (top) => {
        const old = take(statementsByStart, top);
        if (old) matchedStatements.set(old.node, old);
        return old?.node;
      };
      reuseMember = (member) => {
        const old = take(membersByStart, member);
        if (old) matchedMembers.add(old.node);
        return old?.node;
      };
    }
    const syntax = SyntaxTree.fromTreeReusing(tree, source, previous?.syntax, reuse, reuseMember);
    const root = syntax.root;
    const tops = root.children;

    // The units, in document order of their first node: a class header before its methods.
    const units: { node: Node; top: number; member: boolean; skip: ReadonlySet<Node> | undefined }[] = [];
    const unitsOfTop: number[][] = tops.map(() => []);
    tops.forEach((top, t) => {
      const cls = classOf(top);
      const body = cls?.childForFieldName('body');
      const members = body ? body.children.filter((c) => isClassMember(c, root)) : [];
      unitsOfTop[t].push(units.length);
      units.push({ node: top, top: t, member: false, skip: members.length ? new Set(members) : undefined });
      for (const m of members) {
        unitsOfTop[t].push(units.length);
        units.push({ node: m, top: t, member: true, skip: undefined });
      }
    });
    // Each unit of this copy has a block of its own (syntaxTree.ts): a node's unit is found
    // without walking up to it, for every resolution the observer sees.
    const indexOfBlock = new Map<object, number>();
    units.forEach((u, i) => indexOfBlock.set(u.node.block, i));
    const unitOf = (node: Node): number => indexOfBlock.get(node.block) ?? ROOT;
    const previousUnits = new Map<Node, Unit>();
    for (const u of previous?.units ?? []) previousUnits.set(u.node, u);
    /** The unit as the previous run analysed it, when this one took its nodes over unchanged. */
    const oldUnitOf = (i: number): Unit | undefined => {
      const u = units[i];
      const taken = matchedStatements.has(tops[u.top]) || (u.member && matchedMembers.has(u.node));
      return taken ? previousUnits.get(u.node) : undefined;
    };

    // Reads are filed under the unit whose node is being resolved (its answer is cached for
    // everyone), or else under the unit whose nodes the rules are visiting.
    const reads: Set<string>[] = units.map(() => new Set<string>());
    const classReads: Set<string>[] = units.map(() => new Set<string>());
    const resolving: number[] = [];
    let visiting = ROOT;
    const current = (): number => (resolving.length ? resolving[resolving.length - 1] : visiting);
    const observer: SemanticsObserver = {
      enter: (node) => void resolving.push(unitOf(node)),
      exit: () => void resolving.pop(),
      moduleLookup: (name) => {
        const at = current();
        if (at !== ROOT) reads[at].add(name);
      },
    };
    // The scopes of the statements kept are kept too: only the module scope is filled again.
    const keptScopes = new Map<Node, StatementScopes>();
    for (const [node, old] of matchedStatements) if (old.scopes) keptScopes.set(node, old.scopes);
    const semantics = new Semantics(root, source, observer, previous ? { module: previous.module, statements: keptScopes } : undefined);
    const module = semantics.moduleScope;
    const scopesOf = semantics.statementScopes;
    const binds: Set<string>[] = units.map(() => new Set<string>());
    const classBinds: Set<string>[] = units.map(() => new Set<string>());
    tops.forEach((top, t) => {
      for (const b of scopesOf.get(top)?.bindings ?? []) {
        const at = unitOf(b.node);
        binds[at === ROOT ? unitsOfTop[t][0] : at].add(b.name);
      }
      const cls = classOf(top);
      const scope = cls && unitsOfTop[t].length > 1 ? semantics.scopeOfDefinition(cls) : undefined;
      if (!scope) return;
      for (const [name, list] of scope.bindings) {
        for (const b of list) {
          const at = unitOf(b.node);
          classBinds[at === ROOT ? unitsOfTop[t][0] : at].add(name);
        }
      }
      // Lookups in a class's scope matter to its own units (elsewhere the class is reached
      // through its module-level name, which its header binds).
      observeBindings(scope.bindings, (name) => {
        const at = current();
        if (at !== ROOT && units[at].top === t) classReads[at].add(name);
      });
    });
    const wildcardImports = module.wildcardImports.join('\n');

    // Which units run the unit-local rules again.
    const old = units.map((_, i) => oldUnitOf(i));
    const affected = old.map((o) => !o);
    if (previous && previous.wildcardImports !== wildcardImports) affected.fill(true);
    if (previous) {
      const changedNames = new Set<string>();
      const changedClassNames = new Set<string>();
      const kept = new Set(old.filter((o): o is Unit => !!o));
      for (const u of previous.units) {
        if (kept.has(u)) continue;
        for (const n of u.binds) changedNames.add(n);
        for (const n of u.classBinds) changedClassNames.add(n);
      }
      units.forEach((_, i) => {
        if (!affected[i]) return;
        for (const n of binds[i]) changedNames.add(n);
        for (const n of classBinds[i]) changedClassNames.add(n);
      });
      const touches = (names: Set<string>, changedSet: Set<string>): boolean => {
        if (changedSet.size === 0) return false;
        if (names.has('*')) return true;
        for (const n of names) if (changedSet.has(n)) return true;
        return false;
      };
      for (let grew = true; grew; ) {
        grew = false;
        units.forEach((_, i) => {
          if (affected[i]) return;
          const o = old[i]!;
          if (!touches(o.reads, changedNames) && !touches(o.classReads, changedClassNames)) return;
          affected[i] = true;
          grew = true;
          for (const n of binds[i]) changedNames.add(n);
          for (const n of classBinds[i]) changedClassNames.add(n);
        });
      }
    }
    // Reads of a unit that does not run again are those its earlier run recorded.
    units.forEach((_, i) => {
      if (affected[i]) return;
      for (const n of old[i]!.reads) reads[i].add(n);
      for (const n of old[i]!.classReads) classReads[i].add(n);
    });

    const run = new RuleRun(syntax, semantics, policy, options);
    // What rules keep about a statement holds while none of its units runs again.
    const topUnaffected = tops.map((_, t) => matchedStatements.has(tops[t]) && unitsOfTop[t].every((i) => !affected[i]));
    const kept = new Map<Node, ReadonlyMap<string, unknown>>();
    tops.forEach((top, t) => {
      if (topUnaffected[t]) kept.set(top, matchedStatements.get(top)!.kept);
    });
    run.kept = kept;
    const isModuleRule = (rule: Rule): boolean => run.moduleRules.has(rule);
    // A unit not analysed again is walked only for module rules that visit nodes.
    const moduleRulesVisitNodes = run.moduleRulesVisitNodes;
    const moduleCodes = new Set([...run.moduleRules].map((r) => r.meta.code));
    const local: Finding[][] = units.map(() => []);
    const whole: Finding[][] = units.map(() => []);
    const atRoot: Finding[] = [];
    const atExit: Finding[] = [];
    let bucket = atRoot;
    run.onFinding = (finding) => {
      if (bucket === atRoot || bucket === atExit || moduleCodes.has(finding.code)) (bucket === atRoot || bucket === atExit ? bucket : whole[visiting]).push(finding);
      else local[visiting].push(finding);
    };
    run.dispatch(root.type, root);
    units.forEach((u, i) => {
      visiting = i;
      bucket = local[i];
      if (affected[i]) run.walk(u.node, undefined, u.skip);
      else if (moduleRulesVisitNodes) run.walk(u.node, isModuleRule, u.skip);
    });
    visiting = ROOT;
    bucket = atExit;
    run.dispatch('module:exit', root);

    const partial = affected.some((a) => !a);
    if (partial && (run.failed.size > 0 || semantics.exhausted)) return this.fallBack(run.failed.size > 0 ? 'a rule failed' : 'the resolver ran out of steps');

    // Reused findings move with their unit (and what they point at, with its unit).
    const all: Finding[] = [...atRoot];
    const nextUnits: Unit[] = [];
    for (let i = 0; i < units.length; i++) {
      const node = units[i].node;
      let findings = local[i];
      if (!affected[i]) {
        const o = old[i]!;
        // A unit's own offsets move with it (an insertion right before it moved it); any
        // other offset is outside the changed text, or the run is redone in full.
        const shift = node.startIndex - o.startIndex;
        const moved = moveFindings(o.findings, previous!.syntax.lines, syntax.lines, unchangedBelow, (offset) =>
          offset >= o.startIndex && offset <= o.endIndex ? offset + shift : moveOffset(offset),
        );
        if (!moved) return this.fallBack('a reused finding points into the edited text');
        findings = moved;
      }
      all.push(...findings, ...whole[i]);
      nextUnits.push({
        node,
        member: units[i].member,
        startIndex: node.startIndex,
        endIndex: node.endIndex,
        findings,
        reads: reads[i],
        binds: binds[i],
        classReads: classReads[i],
        classBinds: classBinds[i],
      });
    }
    all.push(...atExit);
    const statements: Statement[] = tops.map((node, t) => {
      const remembered = run.remembered.get(node);
      const before = topUnaffected[t] ? matchedStatements.get(node)!.kept : NOTHING_KEPT;
      const keptValues = remembered ? new Map([...before, ...remembered]) : before;
      return { node, startIndex: node.startIndex, endIndex: node.endIndex, scopes: scopesOf.get(node), kept: keptValues };
    });
    const result = run.postProcess(all);
    this.state?.tree.delete();
    const trusted = run.failed.size === 0 && !semantics.exhausted;
    this.state = trusted ? { tree: tree.copy(), syntax, module, statements, units: nextUnits, wildcardImports, policy, options } : undefined;
    this.last = { mode: partial ? 'incremental' : 'full', statements: units.length, reanalysed: affected.filter(Boolean).length };
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
