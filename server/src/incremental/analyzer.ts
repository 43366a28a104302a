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
 * Where the syntax comes from: an edit inside one unit is parsed as that unit alone and spliced
 * into the previous copy (fragment.ts: a reparse of the whole file, even incremental, costs more
 * than the rest of a keystroke on a large file); otherwise the file is reparsed and copied,
 * adopting the statements tree-sitter reused. The tree kept for that reparse gets every edit
 * (`tree.edit`), and the units parsed alone since are never adopted on its word.
 *
 * What an edit can change, and so what runs again:
 * - the units in or next to the changed text, or whose structure tree-sitter reports as changed
 *   (`Tree.getChangedRanges`), or that are new; the others keep their JS syntax tree too; a class
 *   copied again (or whose method was parsed alone) has its header analysed again;
 * - every unit whose resolutions looked up a module-level name that a unit run again binds
 *   (before or after the edit), and transitively the units that look up names those bind: the
 *   resolver tells which names each resolution read (`SemanticsObserver`); the same for the
 *   names a method looks up in its class's scope (its decorators, defaults and annotations are
 *   evaluated there) and the names units bind in a class scope;
 * - the rules that see the whole module (a `module` or `module:exit` handler) run on all of it,
 *   except where they keep what a unit contributes (`RuleContext.recall`: PC604 keeps each
 *   method's summary, and its class header's, while that unit does not run again).
 * Scopes are rebuilt for the statements copied again; the others keep theirs (semantics/scopes.ts).
 * Everything runs again when a wildcard import changed. A partial run is redone in full when
 * its answers could depend on what ran before them: a rule failed (PC000, which stops that rule
 * for the rest of the file) or the resolver ran out of its step budget. Files with Python 2
 * backticks (rewritten and reparsed) are always analysed in full.
 *
 * The contract this relies on, for rules without a module handler: what a handler reports from
 * a node depends only on that node's unit (for a class header: and the syntax of its methods)
 * and on what the resolver answers.
 *
 * The findings of a unit that did not run again are the same objects as before when the edit
 * moved none of them (no line added or removed above them), so that their Diagnostics and the
 * JSON of those are reused too (lsp/diagnostics.ts, lsp/messageEncoder.ts).
 */
import { SyntaxTree, type Node, type Tree } from '../parser';
import { isClassMember } from '../syntaxTree';
import type { Policy } from '../policy/types';
import type { Rule } from '../rules/types';
import { Semantics, observeBindings, type Binding, type Scope, type SemanticsObserver, type StatementScopes } from '../semantics';
import { RuleRun, analyzeTree, type AnalyzeOptions } from '../engine/analyze';
import { exposeBacktickExpressions } from '../engine/python2';
import type { LineIndex } from '../engine/lineIndex';
import type { Finding, Position, Range } from '../engine/types';
import { treeEditFor } from '../documents';
import { indentationLimitLine, type PythonParser } from '../parser';
import { reparseUnit, type TextEdit } from './fragment';
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
  /** The first and last line any position of those findings is on (an edit elsewhere moves none of them). */
  lines: { first: number; last: number };
  /** Module-level names its resolutions looked up (`*`: all of them). */
  reads: Set<string>;
  /** Module-level names bound in it. */
  binds: ReadonlySet<string>;
  /** Names looked up in the scope of its class (`*`: all); names it binds there. */
  classReads: Set<string>;
  classBinds: ReadonlySet<string>;
  /**
   * The units (by node) whose nodes' answers its resolutions took (a method's return values, a
   * parameter's arguments): when one of them runs again, or is gone, so does this one.
   */
  uses: ReadonlySet<Node>;
  /** The top-level statement it is part of (itself, or the class statement of a method), in the run that made this record. */
  top: Node;
  /** What rules remembered about it (`RuleContext.remember`), by `CODE:key`; a class header's under the class statement. */
  kept: ReadonlyMap<string, unknown>;
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
  /** Units parsed alone (fragment.ts) since `tree` was parsed: `tree` does not describe them. */
  fromUnits: Set<Node>;
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

/** The names of a unit that binds none (never added to: a unit that binds one gets a set of its own). */
const NO_NAMES: ReadonlySet<string> = new Set();

function addName(sets: ReadonlySet<string>[], i: number, name: string): void {
  let set = sets[i];
  if (set === NO_NAMES) sets[i] = set = new Set();
  (set as Set<string>).add(name);
}

const NO_NODES: ReadonlySet<Node> = new Set();

/** `mine` with the nodes of `earlier` added, or `earlier` itself when there is no `mine` (undefined for none). */
function unionNodes(mine: Set<Node> | undefined, earlier: ReadonlySet<Node>): Set<Node> | undefined {
  // Only the shared empty set is read-only; any other is the unit's own, not used again.
  if (!mine) return earlier === NO_NODES ? undefined : (earlier as Set<Node>);
  for (const n of earlier) mine.add(n);
  return mine;
}

/** `mine` with the names of `earlier` added, or `earlier` itself when there is no `mine` (it is not used again). */
function union(mine: Set<string> | undefined, earlier: Set<string>): Set<string> {
  if (!mine) return earlier;
  for (const n of earlier) mine.add(n);
  return mine;
}

/** The class a top-level statement defines (decorated or not), if any. */
function classOf(statement: Node): Node | undefined {
  if (statement.type === 'class_definition') return statement;
  if (statement.type !== 'decorated_definition') return undefined;
  const definition = statement.childForFieldName('definition');
  return definition?.type === 'class_definition' ? definition : undefined;
}

/** A copy of the text's syntax for one run, with what it took over from the previous run. */
interface Copy {
  syntax: SyntaxTree;
  matchedStatements: Map<Node, Statement>;
  matchedMembers: Set<Node>;
  /** Where an offset of the previous text is now; undefined inside the changed text. */
  moveOffset: (offset: number) => number | undefined;
  /** The change since the previous run, if there was one. */
  edit: TextEdit | undefined;
  /** The tree to keep for the next run: a copy of the one parsed, or the earlier one, edited. */
  keepTree: () => Tree;
  /** Units parsed alone since `tree` was parsed. */
  fromUnits: Set<Node>;
}

/** The one region in which `after` differs from `before` (common prefix and suffix); undefined when they are equal. */
function textEditOf(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  // Whole chunks are compared by the engine (slices share the strings' memory), then the last
  // one character by character: a character loop over a large file cost a millisecond a keystroke.
  const CHUNK = 2048;
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix + CHUNK <= shorter && before.slice(prefix, prefix + CHUNK) === after.slice(prefix, prefix + CHUNK)) prefix += CHUNK;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  const most = shorter - prefix;
  let suffix = 0;
  while (suffix + CHUNK <= most && before.slice(before.length - suffix - CHUNK, before.length - suffix) === after.slice(after.length - suffix - CHUNK, after.length - suffix)) suffix += CHUNK;
  while (suffix < most && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { prefix, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

/** Where an offset of the text before `edit` is after it; undefined inside the changed text. */
function moveOffsetFor({ prefix, oldEnd, newEnd }: TextEdit): (offset: number) => number | undefined {
  const delta = newEnd - oldEnd;
  // At the place of a pure insertion an offset could belong before or after the new text.
  return (offset) => (offset < prefix || (offset === prefix && prefix < oldEnd) ? offset : offset > oldEnd || (offset === oldEnd && prefix < oldEnd) ? offset + delta : undefined);
}

export class IncrementalAnalyzer {
  private state: State | undefined;
  last: IncrementalStats = { mode: 'full', statements: 0, reanalysed: 0 };
  /** Why the last partial run was redone in full, if it was. */
  fallbackReason: string | undefined;

  /** How the last `analyze` got its syntax tree: `unit` when only the edited unit was parsed again (fragment.ts). */
  lastParse: 'tree' | 'unit' = 'tree';

  constructor(private readonly parser?: PythonParser) {}

  /**
   * Analyses `source`. `tree` is its parse (usually an incremental reparse of the tree last
   * analysed), or a function that makes it: then, with a parser given to the constructor, an edit
   * inside one unit is parsed as that unit alone, and the tree is asked for only when that cannot
   * be done (fragment.ts). The analyzer keeps its own copy of the tree; the caller may delete `tree`.
   */
  analyze(tree: Tree | (() => Tree), source: string, policy: Policy, options: AnalyzeOptions = {}): Finding[] {
    const previous = this.state && this.state.policy === policy && sameOptions(this.state.options, options) ? this.state : undefined;
    this.lastParse = 'tree';
    // A state is only kept for a text without Python 2 backticks (`analyzeTree`); fragment.ts keeps it so.
    if (typeof tree === 'function' && previous && this.parser) {
      const copy = this.copyUnit(this.parser, source, previous);
      if (copy) {
        this.lastParse = 'unit';
        const outcome = this.run(copy, source, policy, options, previous);
        if (outcome) return outcome;
        // The previous copy was taken apart: only a full run is left.
        return this.analyzeTree(tree(), source, policy, options, undefined);
      }
    }
    return this.analyzeTree(typeof tree === 'function' ? tree() : tree, source, policy, options, previous);
  }

  private analyzeTree(tree: Tree, source: string, policy: Policy, options: AnalyzeOptions, previous: State | undefined): Finding[] {
    const exposed = source.includes('`') ? exposeBacktickExpressions(tree, source) : undefined;
    if (exposed) exposed.tree.delete();
    // Backticks are rewritten and reparsed, and lines nested too deep are not parsed: both are
    // the full analysis's to handle.
    if (exposed || indentationLimitLine(tree) !== undefined) {
      this.dispose();
      this.last = { mode: 'full', statements: 0, reanalysed: 0 };
      return analyzeTree(tree, source, policy, options);
    }
    const outcome = this.run(this.copyTree(tree, source, previous), source, policy, options, previous);
    // A partial run whose answers may depend on what ran: redo it in full (a full run is exact).
    return outcome ?? this.run(this.copyTree(tree, source, undefined), source, policy, options, undefined)!;
  }

  /** The syntax tree the last run analysed (for tests that compare it with a full parse). */
  get syntax(): SyntaxTree | undefined {
    return this.state?.syntax;
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

  /**
   * The copy of `source` with the edited unit alone parsed again (fragment.ts), or undefined when
   * that cannot be done. The tree kept for the next reparse gets the edit (`tree.edit` is cheap);
   * the units made from fragments are not taken from the next tree (`State.fromUnits`).
   */
  private copyUnit(parser: PythonParser, source: string, previous: State): Copy | undefined {
    const edit = textEditOf(previous.syntax.source, source);
    if (!edit) return undefined;
    const reparsed = reparseUnit(parser, previous.syntax, source, edit);
    if (!reparsed) return undefined;
    previous.tree.edit(new Edit(treeEditFor(previous.syntax.source, edit.prefix, edit.oldEnd, source.slice(edit.prefix, edit.newEnd))));
    const { syntax, top, member, replaced } = reparsed;
    const matchedStatements = new Map<Node, Statement>();
    for (const s of previous.statements) if (s.node !== top) matchedStatements.set(s.node, s);
    const matchedMembers = new Set<Node>();
    const cls = member ? classOf(top) : undefined;
    for (const m of cls?.childForFieldName('body')?.children ?? []) if (m !== member && isClassMember(m, syntax.root)) matchedMembers.add(m);
    // Only nodes of this copy: one left behind would keep its unit's old copy alive.
    const fromUnits = new Set(previous.fromUnits);
    fromUnits.delete(replaced);
    fromUnits.add(top);
    if (member) fromUnits.add(member);
    return { syntax, matchedStatements, matchedMembers, moveOffset: moveOffsetFor(edit), edit, keepTree: () => previous.tree, fromUnits };
  }

  /** The copy of `tree`, adopting what it can of the previous one. */
  private copyTree(tree: Tree, source: string, previous: State | undefined): Copy {
    /** Top-level statements and methods taken over from the previous run, with what it knew of them. */
    const matchedStatements = new Map<Node, Statement>();
    const matchedMembers = new Set<Node>();
    type Reuse = (node: { type: string; startIndex: number; endIndex: number }) => Node | undefined;
    let reuse: Reuse = () => undefined;
    let reuseMember: Reuse = () => undefined;
    /** Where an offset of the previous text is now; undefined inside the changed text. */
    let moveOffset: (offset: number) => number | undefined = (offset) => offset;
    let edit: TextEdit | undefined;
    if (previous) {
      // The text changed in one region (common prefix and suffix); tree-sitter tells where the
      // structure changed. A statement outside both has the text and the subtree it had, at a
      // shifted offset after the region.
      const before = previous.syntax.source;
      edit = textEditOf(before, source) ?? { prefix: source.length, oldEnd: source.length, newEnd: source.length };
      const { prefix, oldEnd, newEnd } = edit;
      const delta = newEnd - oldEnd;
      previous.tree.edit(new Edit(treeEditFor(before, prefix, oldEnd, source.slice(prefix, newEnd))));
      const changed = previous.tree.getChangedRanges(tree);
      moveOffset = moveOffsetFor(edit);
      /** The earlier node of `byStart` that `node` is, unchanged and moved, if any. */
      const take = <T extends { node: Node; startIndex: number; endIndex: number }>(byStart: Map<number, T>, node: { type: string; startIndex: number; endIndex: number }): T | undefined => {
        // After the edit, only on a later line: a finding may span from the line's start (a fix
        // that deletes the whole line), which moves otherwise than the statement.
        if (node.startIndex >= newEnd && !/[\r\n]/.test(source.slice(newEnd, node.startIndex))) return undefined;
        const at = node.endIndex <= prefix ? node.startIndex : node.startIndex >= newEnd ? node.startIndex - delta : undefined;
        const old = at === undefined ? undefined : byStart.get(at);
        if (!old || old.node.type !== node.type || old.endIndex - old.startIndex !== node.endIndex - node.startIndex) return undefined;
        // A unit parsed alone since the kept tree was parsed: that tree cannot vouch for it.
        if (previous.fromUnits.has(old.node)) return undefined;
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
    return { syntax, matchedStatements, matchedMembers, moveOffset, edit, keepTree: () => tree.copy(), fromUnits: new Set() };
  }

  /** One run; undefined when a partial run cannot be trusted (the caller runs again in full). */
  private run(copy: Copy, source: string, policy: Policy, options: AnalyzeOptions, previous: State | undefined): Finding[] | undefined {
    const { syntax, matchedStatements, matchedMembers, moveOffset } = copy;
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
    // Made when first needed, or taken over from the unit's earlier run (below): a Set for each
    // of the thousands of units of a large file, every keystroke, was most of this pass's garbage.
    const reads: (Set<string> | undefined)[] = new Array(units.length);
    const classReads: (Set<string> | undefined)[] = new Array(units.length);
    const resolving: number[] = [];
    let visiting = ROOT;
    const current = (): number => (resolving.length ? resolving[resolving.length - 1] : visiting);
    // The units whose answers a unit's resolutions took (`Unit.uses`), by their nodes.
    const uses: (Set<Node> | undefined)[] = new Array(units.length);
    const use = (node: Node): number => {
      const of = unitOf(node);
      const at = current();
      if (at !== ROOT && of !== ROOT && of !== at) (uses[at] ??= new Set()).add(units[of].node);
      return of;
    };
    const observer: SemanticsObserver = {
      enter: (node) => void resolving.push(use(node)),
      exit: () => void resolving.pop(),
      use: (node) => void use(node),
      moduleLookup: (name) => {
        const at = current();
        if (at !== ROOT) (reads[at] ??= new Set()).add(name);
      },
    };
    // The scopes of the statements kept are kept too: only the module scope is filled again.
    const keptScopes = new Map<Node, StatementScopes>();
    for (const [node, old] of matchedStatements) if (old.scopes) keptScopes.set(node, old.scopes);
    const semantics = new Semantics(root, source, observer, previous ? { module: previous.module, statements: keptScopes } : undefined);
    const module = semantics.moduleScope;
    const scopesOf = semantics.statementScopes;
    const binds: ReadonlySet<string>[] = new Array(units.length).fill(NO_NAMES);
    const classBinds: ReadonlySet<string>[] = new Array(units.length).fill(NO_NAMES);
    tops.forEach((top, t) => {
      const cls = classOf(top);
      const scope = cls && unitsOfTop[t].length > 1 ? semantics.scopeOfDefinition(cls) : undefined;
      // Lookups in a class's scope matter to its own units (elsewhere the class is reached
      // through its module-level name, which its header binds).
      if (scope) {
        observeBindings(scope.bindings, (name) => {
          const at = current();
          if (at !== ROOT && units[at].top === t) (classReads[at] ??= new Set()).add(name);
        });
      }
      // A statement taken over keeps its scopes, so its units bind what they bound (the sets are
      // not changed afterwards): a large file has thousands of bindings to file again otherwise.
      if (matchedStatements.has(top)) {
        const olds = unitsOfTop[t].map(oldUnitOf);
        if (olds.every((o) => o !== undefined)) {
          unitsOfTop[t].forEach((i, k) => {
            binds[i] = olds[k]!.binds;
            classBinds[i] = olds[k]!.classBinds;
          });
          return;
        }
      }
      for (const b of scopesOf.get(top)?.bindings ?? []) {
        const at = unitOf(b.node);
        addName(binds, at === ROOT ? unitsOfTop[t][0] : at, b.name);
      }
      if (!scope) return;
      // Read through the original Map methods: the observer must not count this as a lookup.
      for (const [name, list] of Map.prototype.entries.call(scope.bindings) as IterableIterator<[string, Binding[]]>) {
        for (const b of list) {
          const at = unitOf(b.node);
          addName(classBinds, at === ROOT ? unitsOfTop[t][0] : at, name);
        }
      }
    });
    const wildcardImports = module.wildcardImports.join('\n');

    // Which units run the unit-local rules again.
    const old = units.map((_, i) => oldUnitOf(i));
    const affected = old.map((o) => !o);
    if (previous && previous.wildcardImports !== wildcardImports) affected.fill(true);
    if (previous) {
      const changedNames = new Set<string>();
      // Names bound in a class's scope matter only to the units of that class (`classReads` are
      // lookups in the unit's own class): changed names are filed by class, under the top-level
      // statement that held them. A class of this run is known by its statement and by those its
      // units taken over came from (an edit inside a method copies its class statement again).
      const changedClassNames = new Map<Node, Set<string>>();
      const addClassNames = (top: Node, names: ReadonlySet<string>): void => {
        if (names.size === 0) return;
        let set = changedClassNames.get(top);
        if (!set) changedClassNames.set(top, (set = new Set()));
        for (const n of names) set.add(n);
      };
      const classKeys: Node[][] = tops.map((top, t) => {
        const from: Node[] = [];
        for (const i of unitsOfTop[t]) {
          const o = old[i];
          if (o && !from.includes(o.top)) from.push(o.top);
        }
        // Units taken over from two classes of the previous run (an edit joined them): the class
        // scope they read is not the one either read before, so all of them run again.
        if (from.length > 1) for (const i of unitsOfTop[t]) affected[i] = true;
        return from.includes(top) ? from : [top, ...from];
      });
      const kept = new Set(old.filter((o): o is Unit => !!o));
      for (const u of previous.units) {
        if (kept.has(u)) continue;
        for (const n of u.binds) changedNames.add(n);
        addClassNames(u.top, u.classBinds);
      }
      units.forEach((u, i) => {
        if (!affected[i]) return;
        for (const n of binds[i]) changedNames.add(n);
        addClassNames(tops[u.top], classBinds[i]);
      });
      const touches = (names: Set<string>, changedSet: Set<string> | undefined): boolean => {
        if (!changedSet || changedSet.size === 0) return false;
        if (names.has('*')) return true;
        for (const n of names) if (changedSet.has(n)) return true;
        return false;
      };
      const touchesClass = (names: Set<string>, t: number): boolean => {
        if (names.size === 0 || changedClassNames.size === 0) return false;
        for (const key of classKeys[t]) if (touches(names, changedClassNames.get(key))) return true;
        return false;
      };
      const indexOfUnit = new Map<Node, number>();
      units.forEach((u, i) => indexOfUnit.set(u.node, i));
      /** Whether a unit it took answers from runs again, or is gone. */
      const usesChanged = (o: Unit): boolean => {
        for (const n of o.uses) {
          const j = indexOfUnit.get(n);
          if (j === undefined || affected[j]) return true;
        }
        return false;
      };
      for (let grew = true; grew; ) {
        grew = false;
        units.forEach((u, i) => {
          if (affected[i]) return;
          const o = old[i]!;
          if (!touches(o.reads, changedNames) && !touchesClass(o.classReads, u.top) && !usesChanged(o)) return;
          affected[i] = true;
          grew = true;
          for (const n of binds[i]) changedNames.add(n);
          addClassNames(tops[u.top], classBinds[i]);
        });
      }
    }
    // Reads of a unit that does not run again are those its earlier run recorded.
    units.forEach((_, i) => {
      if (affected[i]) return;
      // Taken over when this run read nothing for it yet: the old unit is not used again.
      reads[i] = union(reads[i], old[i]!.reads);
      classReads[i] = union(classReads[i], old[i]!.classReads);
      uses[i] = unionNodes(uses[i], old[i]!.uses);
    });

    const run = new RuleRun(syntax, semantics, policy, options);
    // What rules keep about a unit holds while it does not run again.
    const kept = new Map<Node, ReadonlyMap<string, unknown>>();
    units.forEach((u, i) => {
      if (!affected[i]) kept.set(u.node, old[i]!.kept);
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
    const change = previous && copy.edit ? lineChangeOf(previous.syntax.lines, syntax.lines, copy.edit.prefix, copy.edit.oldEnd) : undefined;
    for (let i = 0; i < units.length; i++) {
      const node = units[i].node;
      let findings = local[i];
      let lines = affected[i] ? linesOf(findings) : undefined;
      if (!affected[i]) {
        const o = old[i]!;
        // A unit's own offsets move with it (an insertion right before it moved it); any
        // other offset is outside the changed text, or the run is redone in full.
        const shift = node.startIndex - o.startIndex;
        const unmoved = o.lines.last < change!.prefixLine || (change!.lineDelta === 0 && o.lines.first >= change!.firstShiftedLine);
        const moved = unmoved ? o.findings : moveFindings(o.findings, previous!.syntax.lines, syntax.lines, change!, (offset) =>
          offset >= o.startIndex && offset <= o.endIndex ? offset + shift : moveOffset(offset),
        );
        if (!moved) return this.fallBack('a reused finding points into the edited text');
        lines = moved === o.findings ? o.lines : linesOf(moved);
        findings = moved;
      }
      all.push(...findings, ...whole[i]);
      nextUnits.push({
        node,
        member: units[i].member,
        startIndex: node.startIndex,
        endIndex: node.endIndex,
        findings,
        lines: lines!,
        reads: (reads[i] ??= new Set()),
        binds: binds[i],
        classReads: (classReads[i] ??= new Set()),
        classBinds: classBinds[i],
        uses: uses[i] ?? NO_NODES,
        top: tops[units[i].top],
        kept: keptAfter(run.remembered.get(node), affected[i] ? NOTHING_KEPT : old[i]!.kept),
      });
    }
    all.push(...atExit);
    const statements: Statement[] = tops.map((node) => ({ node, startIndex: node.startIndex, endIndex: node.endIndex, scopes: scopesOf.get(node) }));
    const result = run.postProcess(all);
    const trusted = run.failed.size === 0 && !semantics.exhausted;
    const tree = trusted ? copy.keepTree() : undefined;
    if (this.state && this.state.tree !== tree) this.state.tree.delete();
    this.state = tree ? { tree, syntax, module, statements, units: nextUnits, wildcardImports, policy, options, fromUnits: copy.fromUnits } : undefined;
    this.last = { mode: partial ? 'incremental' : 'full', statements: units.length, reanalysed: affected.filter(Boolean).length };
    return result;
  }
}

/** What a unit keeps for the next run: what this run remembered about it, over what it kept from before. */
function keptAfter(remembered: ReadonlyMap<string, unknown> | undefined, before: ReadonlyMap<string, unknown>): ReadonlyMap<string, unknown> {
  return remembered ? new Map([...before, ...remembered]) : before;
}

function sameOptions(a: AnalyzeOptions, b: AnalyzeOptions): boolean {
  return a.filePath === b.filePath && a.rules === b.rules;
}

/** The first and last line of every position in `findings` (ranges, related information, fixes). */
function linesOf(findings: readonly Finding[]): { first: number; last: number } {
  let first = Infinity;
  let last = -Infinity;
  const add = (r: Range): void => {
    if (r.start.line < first) first = r.start.line;
    if (r.end.line > last) last = r.end.line;
  };
  for (const f of findings) {
    add(f.range);
    if (f.related) for (const r of f.related) add(r.range);
    if (f.fixes) for (const fix of f.fixes) for (const e of fix.edits) add(e.range);
  }
  return { first, last };
}

/** Where the text changed, in lines: what a finding's position needs to move without offsets. */
interface LineChange {
  /** Positions before this one (line, then character) are the same before and after the edit. */
  prefixLine: number;
  prefixCharacter: number;
  /** Positions on this line and below (before the edit) are past the changed text: only their line moves. */
  firstShiftedLine: number;
  lineDelta: number;
}

function lineChangeOf(before: LineIndex, after: LineIndex, prefix: number, oldEnd: number): LineChange {
  const p = before.positionAt(prefix);
  // The line holding `oldEnd` may still have changed text before it; the next one starts after it.
  return { prefixLine: p.line, prefixCharacter: p.character, firstShiftedLine: before.positionAt(oldEnd).line + 1, lineDelta: after.lineCount - before.lineCount };
}

/**
 * Copies of `findings` with every position moved by `move` (offsets); undefined if one cannot
 * move. A finding whose positions are all before the changed text, or on lines after it when
 * the edit added or removed no line, is the same finding afterwards and is kept as it is (the
 * same object: its Diagnostic and that Diagnostic's JSON are reused, lsp/messageEncoder.ts).
 * Positions on lines after the change move by lines alone, without a round trip through offsets.
 */
function moveFindings(findings: Finding[], before: LineIndex, after: LineIndex, change: LineChange, move: (offset: number) => number | undefined): Finding[] | undefined {
  const { prefixLine, prefixCharacter, firstShiftedLine, lineDelta } = change;
  /** 0: unchanged; 1: on a later line (moves by `lineDelta`); 2: in or around the change. */
  const kindOf = (p: Position): number =>
    p.line < prefixLine || (p.line === prefixLine && p.character < prefixCharacter) ? 0 : p.line >= firstShiftedLine ? (lineDelta === 0 ? 0 : 1) : 2;
  const kindOfRange = (r: Range): number => Math.max(kindOf(r.start), kindOf(r.end));
  const kindOfFinding = (f: Finding): number => {
    let kind = kindOfRange(f.range);
    if (f.related) for (const r of f.related) kind = Math.max(kind, kindOfRange(r.range));
    if (f.fixes) for (const fix of f.fixes) for (const e of fix.edits) kind = Math.max(kind, kindOfRange(e.range));
    return kind;
  };
  let failed = false;
  const position = (p: Position): Position => {
    const kind = kindOf(p);
    if (kind === 0) return p;
    if (kind === 1) return { line: p.line + lineDelta, character: p.character };
    const offset = move(before.offsetAt(p));
    if (offset === undefined) {
      failed = true;
      return p;
    }
    return after.positionAt(offset);
  };
  const range = (r: Range): Range => ({ start: position(r.start), end: position(r.end) });
  let out: Finding[] | undefined;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    if (kindOfFinding(f) === 0) {
      out?.push(f);
      continue;
    }
    out ??= findings.slice(0, i);
    const moved: Finding = { ...f, range: range(f.range) };
    if (f.related) moved.related = f.related.map((r) => ({ ...r, range: range(r.range) }));
    if (f.fixes) moved.fixes = f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, range: range(e.range) })) }));
    out.push(moved);
  }
  if (failed) return undefined;
  return out ?? findings;
}

/**
 * The incremental analyses of the open documents. Only the two most recently analysed keep
 * their state (a copy of the syntax tree and its JS copy each, tens of megabytes for a large
 * file): those are the ones being typed in, and a workspace with many open files must not hold
 * a copy of every one.
 */
export class DocumentAnalyses {
  private readonly analyzers = new Map<string, IncrementalAnalyzer>();

  /** With `parser`, an edit inside one unit parses that unit alone (see `IncrementalAnalyzer.analyze`). */
  constructor(
    private readonly parser?: PythonParser,
    private readonly keep = 2,
  ) {}

  analyze(uri: string, tree: Tree | (() => Tree), source: string, policy: Policy, options: AnalyzeOptions = {}): Finding[] {
    let analyzer = this.analyzers.get(uri);
    if (analyzer) this.analyzers.delete(uri);
    else analyzer = new IncrementalAnalyzer(this.parser);
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
  lastOf(uri: string): (IncrementalStats & { parse: 'tree' | 'unit' }) | undefined {
    const analyzer = this.analyzers.get(uri);
    return analyzer && { ...analyzer.last, parse: analyzer.lastParse };
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
