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
 * - every unit whose resolutions looked up a module-level name whose bindings changed: bound by
 *   a unit copied again, before or after the edit (the resolver tells which names each
 *   resolution read, `SemanticsObserver`; the index of calls, aliases, bases and attributes is
 *   names too, `#call:f`...), or declared `global` or `nonlocal` at module level by one (a read
 *   there honours the declaration: `Unit.declarations`); the same for the names a unit looks up
 *   in a class's scope (its own class's, or another's through an instance or a base), by class.
 *   A unit run again on the nodes it had (a class header whose method was parsed alone, or a
 *   unit whose lookups changed) binds what it bound, and one copied again at the same place with
 *   the same bindings and declarations (compared by place) too: their names do not count as changed;
 * - every unit that took an answer or a fold of another unit's node (a method's return value, an
 *   argument flowing into a parameter, a base class resolved for `self`, a list display folded:
 *   `Unit.uses`, `Unit.took`), when that unit is gone, or runs again and one of the answers or
 *   folds this one took differs from the one taken (`Unit.exports`, `Unit.foldExports`: answers
 *   compared value for value with the same nodes, folds constant for constant, node for node by
 *   place for a unit copied again; one cut short differs, then or now), and so on transitively.
 *   Only those it took: another answer of the same unit changing does not run it again;
 *   answers naming a node (a function, class, instance, or a list, tuple, set or dict display)
 *   are the same with the same node.
 *   Why that is enough: an answer or fold is worked out once and kept on its node for everyone
 *   who asks (semantics/memo.ts), and each such cache tells the observer both ways: what was
 *   read to work one out is filed under the unit of the node it is of (`enter`, `enterFold`:
 *   its reads, uses and the answers it took), not under whoever asked first; and whoever takes
 *   one kept, or worked out for it, is told it took it (`use`, `useFold`). So a unit's findings
 *   depend on its own syntax, on the names its questions looked up, and on the answers and folds
 *   of other units' nodes it took, each of those depending in turn on the same three things of
 *   its own unit. Within a node named by an answer, nothing is read but its syntax (the same
 *   node: its unit was not parsed again) and through questions of their own, followed the same
 *   way: a display's elements are resolved or folded, and who appends to or stores into it is
 *   found through the module's index (`#call:append`, `#item:d`), names looked up by whoever
 *   works it out (semantics/index.ts `addedElements`, `storedItems`, not kept). The resolver's
 *   other caches: the class facts are not kept with an observer (`classFact`); a parameter's
 *   values and a function's calls are asked only while resolving a name in that function, so
 *   their reads are filed under its unit whoever asks;
 * - the rules that see the whole module (a `module` or `module:exit` handler) run on all of it,
 *   except where they keep what a unit contributes (`RuleContext.recall`: PC604 keeps each
 *   method's summary, and its class header's, while that unit does not run again); their node
 *   handlers too, unless the rule declares them unit-local (`Rule.unitLocalNodeHandlers`: PC604's
 *   self-application check), which then run like those of any other rule.
 * Scopes are rebuilt for the statements copied again; the others keep theirs (semantics/scopes.ts).
 * Everything runs again when a wildcard import changed. A partial run is redone in full when
 * its answers could depend on what ran before them: a rule failed (PC000, which stops that rule
 * for the rest of the file) or the resolver ran out of its step budget. Files with Python 2
 * backticks (rewritten and reparsed) are always analysed in full.
 *
 * The contract this relies on, for rules without a module handler (and unit-local node handlers
 * of rules with one): what a handler reports from a node depends only on that node's unit (for
 * a class header: and the syntax of its methods) and on what the resolver answers.
 *
 * The findings of a unit that did not run again are the same objects as before when the edit
 * moved none of them (no line added or removed above them), so that their Diagnostics and the
 * JSON of those are reused too (lsp/diagnostics.ts, lsp/messageEncoder.ts).
 */
import { SyntaxTree, type Node, type Tree } from '../parser';
import { isClassMember, type Reuse, type SameSubtree } from '../syntaxTree';
import type { Policy } from '../policy/types';
import type { Rule } from '../rules/types';
import { Semantics, observeBindings, type Binding, type ClassScopes, type Scope, type SemanticsObserver, type StatementScopes, type Value } from '../semantics';
import { RuleRun, analyzeTree, comparePositions, sortFindings, type AnalyzeOptions } from '../engine/analyze';
import { exposeBacktickExpressions } from '../engine/python2';
import { LineIndex } from '../engine/lineIndex';
import type { Finding, Position, Range } from '../engine/types';
import { nodeValue, type Const } from '../semantics/values';
import { classOfStatement, INDEX } from '../semantics/scopes';
import { identifierName } from '../semantics/names';
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
  /**
   * The nodes of those units whose answers or folds it took (keys of their `exports` and
   * `foldExports`): it runs again only when one of these changed, not any answer of theirs.
   */
  took: ReadonlySet<Node>;
  /**
   * The nodes of it whose answers other units took, with the answer they took when it was
   * complete (null: cut short, or taken while being worked out, which counts as changed).
   */
  exports: ReadonlyMap<Node, Value[] | null>;
  /**
   * The nodes of it whose folds (constants, semantics/fold.ts) other units took, with the fold
   * they took and the deepest depth it was taken at (null: cut short, which counts as changed).
   */
  foldExports: ReadonlyMap<Node, FoldTaken | null>;
  /** Names looked up in the scopes of other classes, by their top-level statement (see `top`). */
  foreignClassReads: ReadonlyMap<Node, Set<string>>;
  /** Its bindings in the module scope and in its class's scope, to tell whether a run again changed them. */
  bindings: readonly Binding[];
  /**
   * Its declarations in the module scope (`global x`, `nonlocal x` outside any function: Python
   * rejects them there, but tree-sitter parses them, often out of a broken function, and a read
   * at module level honours them): no binding changes with them, the names do.
   */
  declarations: Declarations;
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
  /** The top-level classes' scopes by part: a class whose method was parsed alone walks that method only (semantics/scopes.ts). */
  classes: ReadonlyMap<Node, ClassScopes>;
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

/** Read by every question that reads the identifiers of a name in the whole file (semantics `dictUnchanged`). */
const ID_GLOBALS = INDEX.identifier('globals');
const NO_EXPORTS: ReadonlyMap<Node, Value[] | null> = new Map();
const NO_FOLD_EXPORTS: ReadonlyMap<Node, FoldTaken | null> = new Map();

/** What of a unit's answers that others took may have changed (see `answersChanged`). */
interface ExportCheck {
  /** All of them: the unit is new, or parsed again with no unit of the previous run at its place. */
  all: boolean;
  /** The nodes (of the previous run, keys of its `exports` and `foldExports`) whose answer or fold changed. */
  changed: Set<Node>;
  /** Of the others, the nodes of this run they are, with their answers and folds (carried over, `exportsAfter`). */
  nodes: Node[];
  folds: [Node, number][];
}

/** A fold others took: at the deepest `depth` any of them asked, complete there (it is the same at any shallower one). */
interface FoldTaken {
  depth: number;
  value: Const | undefined;
}

/** The same fold: both none, or the same constant. */
function sameFold(a: Const | undefined, b: Const | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && sameConst(a, b));
}
const NO_FOREIGN: ReadonlyMap<Node, Set<string>> = new Map();
const NO_BINDINGS: Binding[] = [];

/** The names a statement declared in the module scope, by kind (its `StatementScopes` record's lists). */
type Declarations = Readonly<Pick<StatementScopes, 'globals' | 'nonlocals'>>;

/** Those of a unit that declares nothing in the module scope (nearly all; never added to). */
const NO_DECLARATIONS: Declarations = Object.freeze({ globals: [], nonlocals: [] });

/**
 * Adds to `names` the names whose module-level declarations differ between `a` and `b`: declared
 * one kind in one and not in the other (the scope keeps each kind as a set of names).
 */
function addNamesWithOtherDeclarations(a: Declarations, b: Declarations, names: Set<string>): void {
  if (a === b) return;
  const differ = (x: readonly string[], y: readonly string[]): void => {
    if (x.length === 0 && y.length === 0) return;
    const xs = new Set(x);
    const ys = new Set(y);
    for (const n of xs) if (!ys.has(n)) names.add(n);
    for (const n of ys) if (!xs.has(n)) names.add(n);
  };
  differ(a.globals, b.globals);
  differ(a.nonlocals, b.nonlocals);
}

const identical = (x: Node | undefined, y: Node | undefined): boolean => x === y;

/** The same bindings: names, kinds and nodes by `same` (not what they resolve to, which is an answer). */
function sameBindings(a: readonly Binding[], b: readonly Binding[], same: (x: Node | undefined, y: Node | undefined) => boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x.name !== y.name || x.kind !== y.kind || x.qname !== y.qname || !same(x.node, y.node) || !same(x.value, y.value) || !same(x.elementOf, y.elementOf) || !same(x.definition, y.definition)) return false;
    if (x.scope.kind !== y.scope.kind) return false;
    // `x += v` gives `x` what its other bindings give combined with `v` (semantics/index.ts
    // `augmentedValues`): its value is the statement's right side, which it does not name.
    if (x.kind === 'augassign' && !same(x.node.parent ?? undefined, y.node.parent ?? undefined)) return false;
    const p = x.subjectPath;
    const q = y.subjectPath;
    if (p !== q) {
      if (!p || !q || p.length !== q.length) return false;
      for (let k = 0; k < p.length; k++) {
        const s = p[k];
        const t = q[k];
        if (s.kind !== t.kind) return false;
        if (s.kind === 'index' && s.index !== (t as typeof s).index) return false;
        if (s.kind === 'key' && !same(s.key, (t as typeof s).key)) return false;
        if (s.kind === 'attribute' && s.name !== (t as typeof s).name) return false;
      }
    }
  }
  return true;
}

/** The names whose bindings differ between `a` and `b` (`sameBindings` on the bindings of each name, in order). */
function namesWithOtherBindings(a: readonly Binding[], b: readonly Binding[], same: (x: Node | undefined, y: Node | undefined) => boolean): Set<string> {
  const differing = new Set<string>();
  if (sameBindings(a, b, same)) return differing;
  const byName = (list: readonly Binding[]): Map<string, Binding[]> => {
    const out = new Map<string, Binding[]>();
    for (const x of list) {
      const group = out.get(x.name);
      if (group) group.push(x);
      else out.set(x.name, [x]);
    }
    return out;
  };
  const before = byName(a);
  const after = byName(b);
  for (const [name, group] of before) if (!sameBindings(group, after.get(name) ?? NO_BINDINGS, same)) differing.add(name);
  for (const name of after.keys()) if (!before.has(name)) differing.add(name);
  return differing;
}

/**
 * Whether a fold another unit took is the same constant now. Not folding's own `sameConst`
 * (fold.ts, `===` on each field) nor the dedupe key's (index.ts): `Object.is` tells `-0.0` from
 * `0.0`, whose text differs, so a unit runs again whenever what it could print may differ.
 */
function sameConst(a: Const, b: Const): boolean {
  if (a.t !== b.t) return false;
  switch (a.t) {
    case 'str':
    case 'int':
    case 'float':
    case 'bool':
      return Object.is(a.v, (b as typeof a).v);
    case 'bytes': {
      const v = (b as typeof a).v;
      return a.v.length === v.length && a.v.every((x, i) => x === v[i]);
    }
    case 'hugeint':
      return a.digits === (b as typeof a).digits;
    case 'none':
      return true;
    case 'seq': {
      const o = b as typeof a;
      return a.kind === o.kind && a.items.length === o.items.length && a.items.every((x, i) => sameConst(x, o.items[i]));
    }
  }
}

/**
 * An answer taken that named a node of a statement copied again since (see `forgetSuperseded`).
 * No later answer names that node (answers are worked out on the tree of their run), so such an
 * answer differs from every later one; this one does too (its node is in no tree), without
 * naming the node: it kept the tree of that time alive, text and all, and through that tree's
 * other statements the trees before it (see `Unit.exports`).
 */
const SUPERSEDED: readonly Value[] = Object.freeze([nodeValue('function', Object.freeze({}) as Node)]);

/** Whether `answer` names a node that is not in `syntax` (its statement was copied again). */
function namesSuperseded(answer: readonly Value[], syntax: SyntaxTree): boolean {
  for (let i = 0; i < answer.length; i++) {
    const v = answer[i];
    switch (v.kind) {
      case 'qname':
        if (v.alias !== undefined && v.alias.tree !== syntax) return true;
        break;
      case 'function':
      case 'class':
      case 'instance':
      case 'container':
        if (v.node.tree !== syntax) return true;
        break;
      default:
        break;
    }
  }
  return false;
}

/**
 * Replaces, in the answers a unit taken over keeps (`Unit.exports`, changed in place: the unit
 * is not used again), those that name a node no longer in `syntax` by `SUPERSEDED`, which
 * compares the same (see there).
 */
function forgetSuperseded(exports: ReadonlyMap<Node, Value[] | null>, syntax: SyntaxTree): void {
  for (const [node, taken] of exports) {
    if (taken !== null && taken !== SUPERSEDED && namesSuperseded(taken, syntax)) (exports as Map<Node, Value[] | null>).set(node, SUPERSEDED as Value[]);
  }
}

/** The same answer, value for value, with the same nodes. */
function sameAnswer(a: readonly Value[], b: readonly Value[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.kind !== y.kind) return false;
    switch (x.kind) {
      case 'qname': {
        const o = y as typeof x;
        if (x.name !== o.name || x.path !== o.path || x.alias !== o.alias) return false;
        break;
      }
      case 'const':
        if (!sameConst(x.value, (y as typeof x).value)) return false;
        break;
      case 'function':
      case 'class':
      case 'instance':
      case 'container':
        // The same node: its unit was not parsed again, so its syntax is the same. What is
        // found inside it is found by questions of their own: answers taken (its elements'),
        // folds taken (a list or tuple display folded, semantics/fold.ts), names looked up in
        // its scopes or in the module's index (who appends to a list, `growsLater`; who stores
        // into a dict, `storedItems`), all followed on their own.
        if (x.node !== (y as typeof x).node) return false;
        break;
      default:
        break;
    }
  }
  return true;
}

/** `mine` with the nodes of `earlier` added, or `earlier` itself when there is no `mine` (undefined for none). */
function unionNodes(mine: Set<Node> | undefined, earlier: ReadonlySet<Node>): Set<Node> | undefined {
  // Only the shared empty set is read-only; any other is the unit's own, not used again.
  if (!mine) return earlier === NO_NODES ? undefined : (earlier as Set<Node>);
  for (const n of earlier) mine.add(n);
  return mine;
}

/** `nodes` with the renamed ones replaced, as a new set; `nodes` itself when none is renamed. */
function withRenamed<S extends ReadonlySet<Node>>(nodes: S, renamed: ReadonlyMap<Node, Node>): S | Set<Node> {
  if (renamed.size === 0) return nodes;
  for (const n of nodes) if (renamed.has(n)) return new Set([...nodes].map((m) => renamed.get(m) ?? m));
  return nodes;
}

/** `mine` with the names of `earlier` added, or `earlier` itself when there is no `mine` (it is not used again). */
function union(mine: Set<string> | undefined, earlier: Set<string>): Set<string> {
  if (!mine) return earlier;
  for (const n of earlier) mine.add(n);
  return mine;
}

/** No findings (never added to). */
const NO_FINDINGS: Finding[] = [];

const NO_MEMBERS: { members: readonly Node[]; skip: ReadonlySet<Node> | undefined } = { members: [], skip: undefined };

/**
 * The methods of a top-level class (`isClassMember`) and the set its header's walk skips, by its
 * body's list of children: the same list holds the same methods (an edit that replaces one
 * replaces the list, syntaxTree.ts), so a hundred classes do not make their sets every keystroke.
 */
const membersByChildren = new WeakMap<readonly Node[], { members: readonly Node[]; skip: ReadonlySet<Node> | undefined }>();

function membersOf(body: Node, root: Node): { members: readonly Node[]; skip: ReadonlySet<Node> | undefined } {
  const children = body.children;
  let known = membersByChildren.get(children);
  if (!known) {
    // `body` is the body of a statement of `root` (a top-level class): whether a child is a member
    // depends on nothing else, so what one root found holds for the next.
    const members = children.filter((c) => isClassMember(c, root));
    known = members.length ? { members, skip: new Set(members) } : NO_MEMBERS;
    membersByChildren.set(children, known);
  }
  return known;
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
  /** Where tree-sitter says the structure changed (offsets of this text), besides the edit. */
  changedRanges: readonly { startIndex: number; endIndex: number }[];
  /** The tree to keep for the next run: a copy of the one parsed, or the earlier one, edited. */
  keepTree: () => Tree;
  /** Units parsed alone since `tree` was parsed. */
  fromUnits: Set<Node>;
}

/** The one region in which `after` differs from `before` (common prefix and suffix); undefined when they are equal. */
function textEditOf(before: string, after: string): TextEdit | undefined {
  // Asked twice of a keystroke whose unit cannot be parsed alone (`copyUnit`, then `copyTree`).
  if (lastTextEdit && lastTextEdit.before === before && lastTextEdit.after === after) return lastTextEdit.edit;
  const edit = textEditUncached(before, after);
  lastTextEdit = { before, after, edit };
  return edit;
}

/** The last texts compared and their edit, while one `analyze` runs (`IncrementalAnalyzer.analyze` forgets them). */
let lastTextEdit: { before: string; after: string; edit: TextEdit | undefined } | undefined;

function textEditUncached(before: string, after: string): TextEdit | undefined {
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

/**
 * A run that takes over an earlier run's statements can keep a little of the earlier runs alive:
 * an answer kept with a statement may name a node of a statement since replaced, and that node
 * its whole tree (the text of that time included). On test_typing.py it was about 0.5 MB a
 * keystroke that no collection freed: answers others took, kept in `Unit.exports` (now
 * `forgetSuperseded`), and answers left on memos of nodes taken over (now semantics/memo.ts
 * `forgetAnswers`). A run that starts from nothing keeps nothing of the earlier ones, so one in
 * this many does: a full analysis (half a second on that file) once every few hundred
 * keystrokes bounds the server's memory, whatever else is kept by mistake.
 */
export const FRESH_START_EVERY = 200;

export class IncrementalAnalyzer {
  private state: State | undefined;
  /** Runs so far (for `FRESH_START_EVERY`). */
  private runs = 0;
  last: IncrementalStats = { mode: 'full', statements: 0, reanalysed: 0 };
  /** Why the last partial run was redone in full, if it was. */
  fallbackReason: string | undefined;

  /** How the last `analyze` got its syntax tree: `unit` when only the edited unit was parsed again (fragment.ts). */
  lastParse: 'tree' | 'unit' = 'tree';

  constructor(
    private readonly parser?: PythonParser,
    /** Frees a tree copy no longer needed after a run (documents.ts `deleteLater`); `dispose` frees at once. */
    private readonly retire: (tree: Tree) => void = (tree) => tree.delete(),
  ) {}

  /**
   * Analyses `source`. `tree` is its parse (usually an incremental reparse of the tree last
   * analysed), or a function that makes it: then, with a parser given to the constructor, an edit
   * inside one unit is parsed as that unit alone, and the tree is asked for only when that cannot
   * be done (fragment.ts). The analyzer keeps its own copy of the tree; the caller may delete `tree`.
   */
  analyze(tree: Tree | (() => Tree), source: string, policy: Policy, options: AnalyzeOptions = {}): Finding[] {
    try {
      return this.analyzeOnce(tree, source, policy, options);
    } finally {
      lastTextEdit = undefined;
    }
  }

  private analyzeOnce(tree: Tree | (() => Tree), source: string, policy: Policy, options: AnalyzeOptions): Finding[] {
    // Every `FRESH_START_EVERY` runs, one starts from nothing (see there).
    const fresh = ++this.runs % FRESH_START_EVERY === 0;
    const previous = !fresh && this.state && this.state.policy === policy && sameOptions(this.state.options, options) ? this.state : undefined;
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
    previous.tree.edit(new Edit(treeEditFor(previous.syntax.source, edit.prefix, edit.oldEnd, source.slice(edit.prefix, edit.newEnd), previous.syntax.lines.pointAt(edit.prefix))));
    const { syntax, top, member, replaced } = reparsed;
    const matchedStatements = new Map<Node, Statement>();
    for (const s of previous.statements) if (s.node !== top) matchedStatements.set(s.node, s);
    const matchedMembers = new Set<Node>();
    const cls = member ? classOfStatement(top) : undefined;
    for (const m of cls?.childForFieldName('body')?.children ?? []) if (m !== member && isClassMember(m, syntax.root)) matchedMembers.add(m);
    // Only nodes of this copy: one left behind would keep its unit's old copy alive. Changed in
    // place (the previous state is not used again: this copy's run replaces it, or a full one
    // does), not copied: it grows with every unit parsed alone until the file is parsed again.
    const fromUnits = previous.fromUnits;
    fromUnits.delete(replaced);
    fromUnits.add(top);
    if (member) fromUnits.add(member);
    return { syntax, matchedStatements, matchedMembers, moveOffset: moveOffsetFor(edit), edit, changedRanges: [], keepTree: () => previous.tree, fromUnits };
  }

  /** The copy of `tree`, adopting what it can of the previous one. */
  private copyTree(tree: Tree, source: string, previous: State | undefined): Copy {
    /** Top-level statements and methods taken over from the previous run, with what it knew of them. */
    const matchedStatements = new Map<Node, Statement>();
    const matchedMembers = new Set<Node>();
    let reuse: Reuse = () => undefined;
    let reuseMember: Reuse = () => undefined;
    /** Where an offset of the previous text is now; undefined inside the changed text. */
    let moveOffset: (offset: number) => number | undefined = (offset) => offset;
    let edit: TextEdit | undefined;
    let changedRanges: readonly { startIndex: number; endIndex: number }[] = [];
    if (previous) {
      // The text changed in one region (common prefix and suffix); tree-sitter tells where the
      // structure changed. A statement outside both has the text and the subtree it had, at a
      // shifted offset after the region.
      const before = previous.syntax.source;
      edit = textEditOf(before, source) ?? { prefix: source.length, oldEnd: source.length, newEnd: source.length };
      const { prefix, oldEnd, newEnd } = edit;
      const delta = newEnd - oldEnd;
      previous.tree.edit(new Edit(treeEditFor(before, prefix, oldEnd, source.slice(prefix, newEnd), previous.syntax.lines.pointAt(prefix))));
      const changed = previous.tree.getChangedRanges(tree);
      changedRanges = changed;
      moveOffset = moveOffsetFor(edit);
      /** The earlier node of `byStart` that `node` is, unchanged and moved, if any. */
      const take = <T extends { node: Node; startIndex: number; endIndex: number }>(byStart: Map<number, T>, node: { type: string; startIndex: number; endIndex: number }, same: SameSubtree): T | undefined => {
        // After the edit, only on a later line: a finding may span from the line's start (a fix
        // that deletes the whole line), which moves otherwise than the statement.
        if (node.startIndex >= newEnd && !/[\r\n]/.test(source.slice(newEnd, node.startIndex))) return undefined;
        // Before the edit, on its line: such a fix reaches the line's end (and its line break),
        // which the edit may change (`import os` before a `;`, or its line joined to the next).
        if (node.endIndex <= prefix && !/[\r\n]/.test(source.slice(node.endIndex, prefix))) return undefined;
        // Or an edit between the `\r` and `\n` of the line's end: the line break itself changed.
        if (node.endIndex <= prefix && before.charCodeAt(prefix - 1) === 13 && (before.charCodeAt(prefix) === 10 || before.charCodeAt(oldEnd) === 10) && !/[\r\n]/.test(source.slice(node.endIndex, prefix - 1))) return undefined;
        const at = node.endIndex <= prefix ? node.startIndex : node.startIndex >= newEnd ? node.startIndex - delta : undefined;
        const old = at === undefined ? undefined : byStart.get(at);
        if (!old || old.node.type !== node.type || old.endIndex - old.startIndex !== node.endIndex - node.startIndex) return undefined;
        if (previous.fromUnits.has(old.node)) {
          // A unit parsed alone since the kept tree was parsed: that tree cannot vouch for it (its
          // structure there is the one before the unit was parsed alone), the new one can, read
          // all the way down. Not a class: its methods are taken one by one (`reuseMember`).
          if (classOfStatement(old.node) || !same(old.node)) return undefined;
        } else if (changed.some((r) => r.startIndex <= node.endIndex && r.endIndex >= node.startIndex)) return undefined;
        byStart.delete(at!);
        return old;
      };
      const statementsByStart = new Map<number, Statement>();
      for (const s of previous.statements) statementsByStart.set(s.startIndex, s);
      const membersByStart = new Map<number, Unit>();
      for (const u of previous.units) if (u.member) membersByStart.set(u.startIndex, u);
      reuse = (top, same) => {
        const old = take(statementsByStart, top, same);
        if (old) matchedStatements.set(old.node, old);
        return old?.node;
      };
      reuseMember = (member, same) => {
        const old = take(membersByStart, member, same);
        if (old) matchedMembers.add(old.node);
        return old?.node;
      };
    }
    const lines = previous && edit ? LineIndex.afterEdit(previous.syntax.lines, source, edit.prefix, edit.oldEnd, edit.newEnd) : undefined;
    const syntax = SyntaxTree.fromTreeReusing(tree, source, previous?.syntax, reuse, reuseMember, lines);
    return { syntax, matchedStatements, matchedMembers, moveOffset, edit, changedRanges, keepTree: () => tree.copy(), fromUnits: new Set() };
  }

  /** One run; undefined when a partial run cannot be trusted (the caller runs again in full). */
  private run(copy: Copy, source: string, policy: Policy, options: AnalyzeOptions, previous: State | undefined): Finding[] | undefined {
    // The scopes a run observes outlive it (kept by the next runs): they must not keep it alive.
    const stops: (() => void)[] = [];
    try {
      return this.runObserved(copy, source, policy, options, previous, stops);
    } finally {
      for (const stop of stops) stop();
    }
  }

  private runObserved(copy: Copy, source: string, policy: Policy, options: AnalyzeOptions, previous: State | undefined, stops: (() => void)[]): Finding[] | undefined {
    const { syntax, matchedStatements, matchedMembers, moveOffset } = copy;
    const root = syntax.root;
    const tops = root.children;

    // The units, in document order of their first node: a class header before its methods.
    const units: { node: Node; top: number; member: boolean; skip: ReadonlySet<Node> | undefined }[] = [];
    const unitsOfTop: number[][] = tops.map(() => []);
    tops.forEach((top, t) => {
      const cls = classOfStatement(top);
      const body = cls?.childForFieldName('body');
      const { members, skip } = body ? membersOf(body, root) : NO_MEMBERS;
      unitsOfTop[t].push(units.length);
      units.push({ node: top, top: t, member: false, skip });
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
    /** The nodes of those units whose answers or folds it took (`Unit.took`). */
    const took: (Set<Node> | undefined)[] = new Array(units.length);
    /** This run's: the nodes of each unit whose answers others took (true: an answer cut short). */
    const exported: (Map<Node, boolean> | undefined)[] = new Array(units.length);
    const use = (node: Node, partial: boolean): number => {
      const of = unitOf(node);
      const at = current();
      if (at !== ROOT && of !== ROOT && of !== at) {
        (uses[at] ??= new Set()).add(units[of].node);
        (took[at] ??= new Set()).add(node);
        const e = (exported[of] ??= new Map());
        if (partial) e.set(node, true);
        else if (!e.has(node)) e.set(node, false);
      }
      return of;
    };
    /** This run's: the nodes of each unit whose folds others took, at the deepest depth taken (-1: one cut short). */
    const foldExported: (Map<Node, number> | undefined)[] = new Array(units.length);
    const useFold = (node: Node, depth: number, partial: boolean): number => {
      const of = unitOf(node);
      const at = current();
      if (at !== ROOT && of !== ROOT && of !== at) {
        (uses[at] ??= new Set()).add(units[of].node);
        (took[at] ??= new Set()).add(node);
        const e = (foldExported[of] ??= new Map());
        const taken = e.get(node);
        if (partial) e.set(node, -1);
        else if (taken === undefined || (taken !== -1 && taken < depth)) e.set(node, depth);
      }
      return of;
    };
    const foreignClassReads: (Map<Node, Set<string>> | undefined)[] = new Array(units.length);
    const observer: SemanticsObserver = {
      enter: (node) => void resolving.push(use(node, false)),
      exit: () => void resolving.pop(),
      use: (node, partial) => void use(node, partial),
      enterFold: (node, depth) => void resolving.push(useFold(node, depth, false)),
      useFold: (node, depth, partial) => void useFold(node, depth, partial),
      moduleLookup: (name) => {
        const at = current();
        if (at !== ROOT) (reads[at] ??= new Set()).add(name);
      },
    };
    /**
     * The previous run's classes by part, and for a class statement copied again (a reparse of
     * the file) that took over methods of one class of the previous run, that class's: its
     * methods' scopes are replayed, the rest walked again (semantics/scopes.ts `KeptScopes.classes`).
     */
    const classesKept = (before: State): ReadonlyMap<Node, ClassScopes> => {
      if (matchedMembers.size === 0) return before.classes;
      let classes: Map<Node, ClassScopes> | undefined;
      /** Each class of the previous run goes to one statement of this one (its scope is taken over). */
      const claimed = new Set<Node>();
      tops.forEach((top, t) => {
        if (matchedStatements.has(top) || before.classes.has(top)) return;
        let from: Node | undefined;
        for (const i of unitsOfTop[t]) {
          const u = units[i];
          if (!u.member || !matchedMembers.has(u.node)) continue;
          const of = previousUnits.get(u.node)?.top;
          if (of === undefined || (from !== undefined && of !== from)) return;
          from = of;
        }
        const parts = from && !claimed.has(from) && !matchedStatements.has(from) ? before.classes.get(from) : undefined;
        if (!parts) return;
        claimed.add(from!);
        (classes ??= new Map(before.classes)).set(top, parts);
      });
      return classes ?? before.classes;
    };
    // The scopes of the statements kept are kept too: only the module scope is filled again.
    const keptScopes = new Map<Node, StatementScopes>();
    for (const [node, old] of matchedStatements) if (old.scopes) keptScopes.set(node, old.scopes);
    const semantics = new Semantics(root, source, observer, previous ? { module: previous.module, statements: keptScopes, classes: classesKept(previous) } : undefined);
    stops.push(() => semantics.endObservation());
    // Its answers stay on nodes the next runs take over (semantics/memo.ts `forgetAnswers`).
    stops.push(() => semantics.forgetAnswers());
    const module = semantics.moduleScope;
    const scopesOf = semantics.statementScopes;
    const binds: ReadonlySet<string>[] = new Array(units.length).fill(NO_NAMES);
    const classBinds: ReadonlySet<string>[] = new Array(units.length).fill(NO_NAMES);
    const bindingsOf: Binding[][] = units.map(() => NO_BINDINGS);
    const declarationsOf: Declarations[] = new Array(units.length).fill(NO_DECLARATIONS);
    const addBinding = (i: number, b: Binding): void => {
      if (bindingsOf[i] === NO_BINDINGS) bindingsOf[i] = [];
      bindingsOf[i].push(b);
    };
    tops.forEach((top, t) => {
      const cls = classOfStatement(top);
      // Every top-level class, with methods or not: a binding of a class is compared by its
      // header only (`samePlace`), so what is looked up in its scope, by its own units or by
      // others (`K.attr`, through an instance or a base), is followed by name.
      const scope = cls ? semantics.scopeOfDefinition(cls) : undefined;
      if (scope) {
        const stop = observeBindings(scope.bindings, (name) => {
          const at = current();
          if (at === ROOT) return;
          if (units[at].top === t) (classReads[at] ??= new Set()).add(name);
          else {
            const byClass = (foreignClassReads[at] ??= new Map());
            let names = byClass.get(top);
            if (!names) byClass.set(top, (names = new Set()));
            names.add(name);
          }
        });
        stops.push(stop);
      }
      // A statement taken over keeps its scopes, so its units bind what they bound (the sets are
      // not changed afterwards): a large file has thousands of bindings to file again otherwise.
      if (matchedStatements.has(top)) {
        const olds = unitsOfTop[t].map(oldUnitOf);
        if (olds.every((o) => o !== undefined)) {
          unitsOfTop[t].forEach((i, k) => {
            binds[i] = olds[k]!.binds;
            classBinds[i] = olds[k]!.classBinds;
            bindingsOf[i] = olds[k]!.bindings as Binding[];
            declarationsOf[i] = olds[k]!.declarations;
          });
          return;
        }
      }
      const record = scopesOf.get(top);
      for (const b of record?.bindings ?? []) {
        const at = unitOf(b.node);
        addName(binds, at === ROOT ? unitsOfTop[t][0] : at, b.name);
        addBinding(at === ROOT ? unitsOfTop[t][0] : at, b);
      }
      // Only the statement's walk in the module scope declares there (a class's body and methods
      // have scopes of their own): filed under its first unit.
      if (record && (record.globals.length > 0 || record.nonlocals.length > 0)) declarationsOf[unitsOfTop[t][0]] = record;
      if (!scope) return;
      // Read through the original Map methods: the observer must not count this as a lookup.
      for (const [name, list] of Map.prototype.entries.call(scope.bindings) as IterableIterator<[string, Binding[]]>) {
        for (const b of list) {
          const at = unitOf(b.node);
          addName(classBinds, at === ROOT ? unitsOfTop[t][0] : at, name);
          addBinding(at === ROOT ? unitsOfTop[t][0] : at, b);
        }
      }
    });
    const wildcardImports = module.wildcardImports.join('\n');

    // Which units run the unit-local rules again.
    const old = units.map((_, i) => oldUnitOf(i));
    /** For a unit copied again: the previous run's unit at its place (see `answersChanged`). */
    const placed: (Unit | undefined)[] = new Array(units.length);
    /** Units of the previous run by their nodes, the node of the unit now at their place. */
    const renamed = new Map<Node, Node>();
    /**
     * For a unit run again whose answers others took: whether they may differ, and the nodes of
     * this run those answers are of (the same ones, or at the same place in a unit copied again).
     */
    const exportCheck: (ExportCheck | undefined)[] = new Array(units.length);
    /**
     * For a unit copied again whose answers were found unchanged: each node of the previous run
     * whose answer others took, the node of this run it is (the units that took it and do not
     * run again are told, as `renamed` tells them the unit).
     */
    const renamedTaken = new Map<Node, Node>();
    /**
     * The node of `unit` (copied again) at the place of `old` (a node of the previous run), if
     * there is one of its type there and the text and structure around it did not change.
     */
    /** Whether the text of `[start, end)` of the previous run is unchanged and parsed alike (tree-sitter's changed ranges). */
    const untouched = (start: number, end: number): boolean => {
      const edit = copy.edit;
      if (!edit || (start <= edit.oldEnd && end >= edit.prefix)) return false;
      const from = moveOffset(start);
      const to = moveOffset(end);
      if (from === undefined || to === undefined) return false;
      for (const r of copy.changedRanges) if (r.startIndex <= to && r.endIndex >= from) return false;
      return true;
    };
    /**
     * Whether `y` (a node of this run) is `x` (of the previous run) copied again: the same type
     * at the same place, its text unchanged. A top-level class (a binding's definition, a base's
     * entry in the index) needs its header only unchanged: what its body holds is found through its scope
     * and its methods' answers, which are followed on their own.
     */
    const samePlace = (x: Node | undefined, y: Node | undefined): boolean => {
      if (x === y) return true;
      if (!x || !y || x.type !== y.type || moveOffset(x.startIndex) !== y.startIndex || moveOffset(x.endIndex) !== y.endIndex) return false;
      // Only a top-level class has its scope watched (above); one inside another statement is
      // the same only with its body unchanged.
      const cls = x.parent?.type === 'module' || x.parent?.parent?.type === 'module' ? classOfStatement(x) : undefined;
      const body = cls?.childForFieldName('body');
      return untouched(x.startIndex, body ? body.startIndex : x.endIndex);
    };
    const nodeNow = (old: Node, unit: Node): Node | undefined => {
      if (!untouched(old.startIndex, old.endIndex)) return undefined;
      const start = moveOffset(old.startIndex)!;
      const end = moveOffset(old.endIndex)!;
      let node: Node | undefined = unit;
      while (node) {
        if (node.startIndex === start && node.endIndex === end && node.type === old.type) return node;
        let next: Node | undefined;
        for (const c of node.children) {
          if (c.startIndex <= start && c.endIndex >= end) {
            next = c;
            break;
          }
        }
        node = next;
      }
      return undefined;
    };
    const affected = old.map((o) => !o);
    if (previous && previous.wildcardImports !== wildcardImports) affected.fill(true);
    /** The top-level statement (by index) of a class of the previous run: its own, or the one copied again that took its units over. */
    let topOfKey: ReadonlyMap<Node, number> | undefined;
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
      const keyed = new Map<Node, number>();
      classKeys.forEach((keys, t) => {
        for (const key of keys) keyed.set(key, t);
      });
      topOfKey = keyed;
      const indexOfUnit = new Map<Node, number>();
      units.forEach((u, i) => indexOfUnit.set(u.node, i));
      // A unit copied again (new nodes) where the previous run had one of the same kind at the
      // same place, outside the edit: what others took from it is compared node for node.
      const oldAt = new Map<number, Unit>();
      for (const u of previous.units) {
        if (indexOfUnit.has(u.node)) continue;
        const at = moveOffset(u.startIndex);
        if (at !== undefined) oldAt.set(at, u);
      }
      units.forEach((u, i) => {
        if (!affected[i] || previousUnits.has(u.node)) return;
        const o = oldAt.get(u.node.startIndex);
        if (o && o.member === u.member && o.node.type === u.node.type) {
          placed[i] = o;
          indexOfUnit.set(o.node, i);
          renamed.set(o.node, u.node);
        }
      });
      // A unit run again on the same nodes (a class header whose method was parsed alone) binds
      // what it bound, if its bindings are the same: then its names did not change. (What they
      // are bound to is an answer: those who took it depend on it through `uses`.) A unit taken
      // over keeps its scopes, so its bindings are the same ones. Otherwise a unit run again
      // that stands for one of the previous run (the same nodes, or copied again at its place)
      // changes the names whose bindings differ, name by name: a lookup of a name finds its
      // bindings and nothing else (an edit inside one call of a method changes that call's
      // `#call:` name, not the names of every call and binding of the method).
      const replaced = new Set<Unit>(old.filter((o): o is Unit => !!o));
      units.forEach((u, i) => {
        if (!affected[i] || old[i]) return;
        const identicalBefore = previousUnits.get(u.node);
        const before = identicalBefore ?? placed[i];
        if (!before) {
          for (const n of binds[i]) changedNames.add(n);
          addNamesWithOtherDeclarations(NO_DECLARATIONS, declarationsOf[i], changedNames);
          addClassNames(tops[u.top], classBinds[i]);
          return;
        }
        replaced.add(before);
        addNamesWithOtherDeclarations(before.declarations, declarationsOf[i], changedNames);
        const differing = namesWithOtherBindings(before.bindings, bindingsOf[i], identicalBefore ? identical : samePlace);
        if (differing.size === 0) return;
        const classNames = new Set<string>();
        for (const n of differing) {
          if (before.binds.has(n) || binds[i].has(n)) changedNames.add(n);
          if (before.classBinds.has(n) || classBinds[i].has(n)) classNames.add(n);
        }
        addClassNames(before.top, classNames);
        addClassNames(tops[u.top], classNames);
      });
      for (const u of previous.units) {
        if (replaced.has(u)) continue;
        for (const n of u.binds) changedNames.add(n);
        addNamesWithOtherDeclarations(u.declarations, NO_DECLARATIONS, changedNames);
        addClassNames(u.top, u.classBinds);
      }
      /**
       * The identifiers (`INDEX.identifier` names) in the units whose text may have changed: those
       * copied again, and those of the previous run they replaced (gone, or at their place).
       * Made when first asked: only a question that reads identifiers by name needs them.
       */
      let identifiers: Set<string> | undefined;
      const identifiersChanged = (): Set<string> => {
        if (identifiers) return identifiers;
        const names = (identifiers = new Set<string>());
        const collect = (unit: Node, member: boolean): void => {
          // A class header's unit holds its statement but for its methods (units of their own).
          const body = member ? undefined : classOfStatement(unit)?.childForFieldName('body');
          const stack: Node[] = [unit];
          while (stack.length) {
            const n = stack.pop()!;
            if (n.type === 'identifier') names.add(INDEX.identifier(identifierName(n)));
            const children = n.children;
            for (let k = 0; k < children.length; k++) {
              const c = children[k];
              if (n === body && (c.type === 'function_definition' || c.type === 'decorated_definition')) continue;
              stack.push(c);
            }
          }
        };
        units.forEach((u, i) => {
          if (!old[i] && !previousUnits.has(u.node)) collect(u.node, u.member);
        });
        // Units of the previous run not in this tree: replaced (a unit that is the same node here
        // is taken over, or runs again on the nodes it had, its text unchanged).
        for (const u of previous.units) if (u.node.tree !== syntax) collect(u.node, u.member);
        return names;
      };
      const touches = (names: Set<string>, changedSet: Set<string> | undefined): boolean => {
        if (!changedSet || changedSet.size === 0) return false;
        if (names.has('*')) return true;
        // The smaller set is walked: a few names change, a unit reads dozens.
        if (changedSet.size < names.size) {
          for (const n of changedSet) if (names.has(n)) return true;
          return false;
        }
        for (const n of names) if (changedSet.has(n)) return true;
        return false;
      };
      const touchesClass = (names: Set<string>, t: number): boolean => {
        if (names.size === 0 || changedClassNames.size === 0) return false;
        for (const key of classKeys[t]) if (touches(names, changedClassNames.get(key))) return true;
        return false;
      };
      const touchesForeign = (byClass: ReadonlyMap<Node, Set<string>>): boolean => {
        for (const [key, names] of byClass) {
          const t = keyed.get(key);
          // The class is gone (or is another statement now).
          if (t === undefined || !classOfStatement(tops[t])) return true;
          if (touchesClass(names, t)) return true;
        }
        return false;
      };
      /**
       * What of the answers others took from unit `j` (run again) may have changed: all of them
       * when it is new or parsed again without a unit at its place; else each answer or fold
       * that differs from the one taken, or is cut short (then or now), or whose node is gone.
       * Worked out once per unit: it depends on no other unit's being run again, since
       * everything an answer or a fold read on the way was read for the node it is of (the
       * observer's `enter` and `enterFold`), and is followed by that unit's own reads and uses.
       */
      const answersChanged = (j: number): ExportCheck => {
        let check = exportCheck[j];
        if (check) return check;
        const same = previousUnits.get(units[j].node);
        const before = same ?? placed[j];
        check = { all: !before, changed: new Set(), nodes: [], folds: [] };
        exportCheck[j] = check;
        if (!before) return check;
        for (const [old, taken] of before.exports) {
          const node = same ? old : nodeNow(old, units[j].node);
          if (taken === null || !node) {
            check.changed.add(old);
            continue;
          }
          semantics.resolve(node);
          const now = semantics.answerOf(node);
          if (!now || !sameAnswer(taken, now)) {
            check.changed.add(old);
            continue;
          }
          check.nodes.push(node);
          if (node !== old) renamedTaken.set(old, node);
        }
        for (const [old, taken] of before.foldExports) {
          const node = same ? old : nodeNow(old, units[j].node);
          if (taken === null || !node) {
            check.changed.add(old);
            continue;
          }
          // At the deepest depth it was taken: complete there, it is the fold at every
          // shallower depth too (a fold that was complete at a depth, and still is, is what
          // any of those who took it would fold now).
          const now = semantics.foldedAt(node, taken.depth);
          if (!now || !sameFold(taken.value, now.value)) {
            check.changed.add(old);
            continue;
          }
          check.folds.push([node, taken.depth]);
          if (node !== old) renamedTaken.set(old, node);
        }
        return check;
      };
      /**
       * Whether a unit it took answers from is gone, or runs again with one of the answers or
       * folds it took changed. (Its `took` holds nodes of the previous run, as the keys of those
       * units' `exports`: both are renamed when a unit is copied again, `renamedTaken`.)
       */
      /** Whether one of the answers or folds `o` took from unit `j` (run again) changed. */
      const tookChanged = (o: Unit, j: number): boolean => {
        const check = answersChanged(j);
        if (check.all) return true;
        if (check.changed.size === 0) return false;
        // The smaller set is walked.
        if (check.changed.size < o.took.size) {
          for (const t of check.changed) if (o.took.has(t)) return true;
        } else for (const t of o.took) if (check.changed.has(t)) return true;
        return false;
      };
      // A unit's `uses` are units of the previous run (taken over, or at the place of one copied
      // again, `indexOfUnit`): those not found now are gone.
      const gone: Node[] = [];
      for (const u of previous.units) if (!indexOfUnit.has(u.node)) gone.push(u.node);
      /** The units that run again, in the order they were found to. */
      const rerun: number[] = [];
      affected.forEach((a, i) => {
        if (a) rerun.push(i);
      });
      const usesChanged = (o: Unit): boolean => {
        const uses = o.uses;
        if (uses.size === 0) return false;
        // Most units took answers from dozens of others, and a keystroke runs a few again: the
        // smaller side is walked (each unit run again is in `uses` by its node, or by the node
        // of the previous run's unit at its place).
        if (gone.length + 2 * rerun.length < uses.size) {
          for (const n of gone) if (uses.has(n)) return true;
          for (const j of rerun) {
            const here = units[j].node;
            const there = placed[j]?.node;
            if ((uses.has(here) && indexOfUnit.get(here) === j) || (there !== undefined && uses.has(there))) {
              if (tookChanged(o, j)) return true;
            }
          }
          return false;
        }
        for (const n of uses) {
          const j = indexOfUnit.get(n);
          if (j === undefined) return true;
          if (affected[j] && tookChanged(o, j)) return true;
        }
        return false;
      };
      const runAgain = (i: number): void => {
        // Run again on the nodes and scopes it had: it binds what it bound (see `same`).
        affected[i] = true;
        rerun.push(i);
      };
      // By the names it looked up (those that changed are known by now), then by the answers it
      // took, until no unit is added (a unit run again may change answers others took).
      units.forEach((u, i) => {
        if (affected[i]) return;
        const o = old[i]!;
        if (touches(o.reads, changedNames) || touchesClass(o.classReads, u.top) || touchesForeign(o.foreignClassReads)) runAgain(i);
        // Every question that reads identifiers by name reads those of `globals` (`INDEX.identifier`).
        else if (o.reads.has(ID_GLOBALS) && touches(o.reads, identifiersChanged())) runAgain(i);
      });
      for (let grew = true; grew; ) {
        grew = false;
        for (let i = 0; i < units.length; i++) {
          if (affected[i] || !usesChanged(old[i]!)) continue;
          runAgain(i);
          grew = true;
        }
      }
    }
    // Reads of a unit that does not run again are those its earlier run recorded.
    units.forEach((_, i) => {
      if (affected[i]) return;
      // Taken over when this run read nothing for it yet: the old unit is not used again.
      reads[i] = union(reads[i], old[i]!.reads);
      classReads[i] = union(classReads[i], old[i]!.classReads);
      uses[i] = unionNodes(uses[i], withRenamed(old[i]!.uses, renamed));
      took[i] = unionNodes(took[i], withRenamed(old[i]!.took, renamedTaken));
      const foreign = old[i]!.foreignClassReads;
      if (foreign.size) {
        const mine = (foreignClassReads[i] ??= new Map());
        for (const [before, names] of foreign) {
          // Under the class's statement now: one copied again (a reparse of the file, or a class
          // whose method was parsed alone) is known by the old statement this run only (`classKeys`).
          // Each class read is a class of this run (else the unit runs again, `touchesForeign`).
          const key = tops[topOfKey!.get(before)!];
          const set = mine.get(key);
          if (set) for (const n of names) set.add(n);
          else mine.set(key, names);
        }
      }
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
    // Made when a unit reports its first finding: most units report none, or run no rule.
    const local: (Finding[] | undefined)[] = new Array(units.length);
    const whole: (Finding[] | undefined)[] = new Array(units.length);
    const atRoot: Finding[] = [];
    const atExit: Finding[] = [];
    /** Where a finding goes outside the units (the root's handlers, then `module:exit`'s); undefined while visiting a unit. */
    let bucket: Finding[] | undefined = atRoot;
    run.onFinding = (finding) => {
      if (bucket !== undefined) bucket.push(finding);
      else if (moduleCodes.has(finding.code)) (whole[visiting] ??= []).push(finding);
      else (local[visiting] ??= []).push(finding);
    };
    run.dispatch(root.type, root);
    units.forEach((u, i) => {
      visiting = i;
      bucket = undefined;
      if (affected[i]) run.walk(u.node, undefined, u.skip);
      else if (moduleRulesVisitNodes) run.walk(u.node, isModuleRule, u.skip);
    });
    visiting = ROOT;
    bucket = atExit;
    run.dispatch('module:exit', root);

    const partial = affected.some((a) => !a);
    if (partial && (run.failed.size > 0 || semantics.exhausted)) return this.fallBack(run.failed.size > 0 ? 'a rule failed' : 'the resolver ran out of steps');

    /** The answers of its nodes that others took, for the next run to compare (see `Unit.exports`). */
    const answerNow = (node: Node): Value[] | null => {
      semantics.resolve(node);
      return semantics.answerOf(node) ?? null;
    };
    const exportsAfter = (i: number): ReadonlyMap<Node, Value[] | null> => {
      const now = exported[i];
      if (!affected[i]) {
        const before = old[i]!.exports;
        forgetSuperseded(before, syntax);
        if (!now) return before;
        // Added to in place: the unit taken over is not used again.
        const out = before === NO_EXPORTS ? new Map<Node, Value[] | null>() : (before as Map<Node, Value[] | null>);
        for (const [n, partial] of now) {
          if (partial) out.set(n, null);
          else if (!out.has(n)) out.set(n, answerNow(n));
        }
        return out;
      }
      // Run again: what others took before is still theirs when it was found unchanged (else
      // they ran again, and took it anew), at the nodes it is of now. A unit no one kept asked
      // about has nothing to carry over.
      const check = exportCheck[i];
      const out = new Map<Node, Value[] | null>();
      if (check && !check.all) for (const n of check.nodes) out.set(n, answerNow(n));
      if (now) {
        for (const [n, partial] of now) {
          if (partial) out.set(n, null);
          else if (!out.has(n)) out.set(n, answerNow(n));
        }
      }
      return out.size ? out : NO_EXPORTS;
    };
    /** The folds of its nodes that others took, for the next run to compare (see `Unit.foldExports`). */
    const foldNow = (node: Node, depth: number): FoldTaken | null => {
      const now = depth < 0 ? null : semantics.foldedAt(node, depth);
      return now && { depth, value: now.value };
    };
    /** `taken` (from before) with this run's `depth` taken too. */
    const deeper = (node: Node, taken: FoldTaken | null | undefined, depth: number): FoldTaken | null => {
      if (taken === null || depth < 0) return null;
      return taken === undefined || taken.depth < depth ? foldNow(node, depth) : taken;
    };
    const foldExportsAfter = (i: number): ReadonlyMap<Node, FoldTaken | null> => {
      const now = foldExported[i];
      if (!affected[i]) {
        const before = old[i]!.foldExports;
        if (!now) return before;
        // Added to in place: the unit taken over is not used again.
        const out = before === NO_FOLD_EXPORTS ? new Map<Node, FoldTaken | null>() : (before as Map<Node, FoldTaken | null>);
        for (const [n, depth] of now) out.set(n, deeper(n, out.get(n), depth));
        return out;
      }
      // Run again: as for answers (`exportsAfter`), what others took before is still theirs when
      // it was found unchanged, at the nodes it is of now.
      const check = exportCheck[i];
      const out = new Map<Node, FoldTaken | null>();
      if (check && !check.all) for (const [n, depth] of check.folds) out.set(n, foldNow(n, depth));
      if (now) for (const [n, depth] of now) out.set(n, deeper(n, out.get(n), depth));
      return out.size ? out : NO_FOLD_EXPORTS;
    };

    // Reused findings move with their unit (and what they point at, with its unit).
    const all: Finding[] = sortFindings(atRoot);
    /**
     * Whether `all` is in `sortFindings` order: each part of it is (a unit's findings are kept in
     * order, and moving them keeps it: positions move by offsets in order, none into another's
     * place), so only where one part meets the next is compared. The stable sort of the whole
     * would leave such an array as it is; postProcess then neither sorts nor checks it again.
     */
    let sorted = true;
    let lastPart: Finding | undefined = all.length ? all[all.length - 1] : undefined;
    const addPart = (part: readonly Finding[]): void => {
      if (part.length === 0) return;
      if (sorted && lastPart !== undefined && comparePositions(lastPart, part[0]) > 0) sorted = false;
      lastPart = part[part.length - 1];
      for (let k = 0; k < part.length; k++) all.push(part[k]);
    };
    const nextUnits: Unit[] = [];
    const change = previous && copy.edit ? lineChangeOf(previous.syntax.lines, syntax.lines, copy.edit.prefix, copy.edit.oldEnd) : undefined;
    for (let i = 0; i < units.length; i++) {
      const node = units[i].node;
      // A unit's findings are kept in order (moving them keeps it): the sort of the whole file's
      // then merges runs instead of sorting thousands of findings afresh every keystroke. Stable,
      // like that sort, so findings that compare equal keep the order they had.
      let findings = affected[i] ? sortFindings(local[i] ?? []) : NO_FINDINGS;
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
      addPart(findings);
      const theirs = whole[i];
      if (theirs) addPart(sortFindings(theirs));
      if (!affected[i]) {
        // The record of a unit taken over is updated in place (it is not used again, as its sets
        // are not): a thousand records a keystroke, each surviving to the next, were garbage.
        const o = old[i]!;
        o.kept = keptAfter(run.remembered.get(node), o.kept);
        o.exports = exportsAfter(i);
        o.foldExports = foldExportsAfter(i);
        o.startIndex = node.startIndex;
        o.endIndex = node.endIndex;
        o.findings = findings;
        o.lines = lines!;
        o.reads = reads[i] ??= new Set();
        o.binds = binds[i];
        o.classReads = classReads[i] ??= new Set();
        o.classBinds = classBinds[i];
        o.uses = uses[i] ?? NO_NODES;
        o.took = took[i] ?? NO_NODES;
        o.foreignClassReads = foreignClassReads[i] ?? NO_FOREIGN;
        o.bindings = bindingsOf[i];
        o.declarations = declarationsOf[i];
        o.top = tops[units[i].top];
        nextUnits.push(o);
        continue;
      }
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
        took: took[i] ?? NO_NODES,
        exports: exportsAfter(i),
        foldExports: foldExportsAfter(i),
        foreignClassReads: foreignClassReads[i] ?? NO_FOREIGN,
        bindings: bindingsOf[i],
        declarations: declarationsOf[i],
        top: tops[units[i].top],
        kept: keptAfter(run.remembered.get(node), NOTHING_KEPT),
      });
    }
    addPart(sortFindings(atExit));
    const statements: Statement[] = tops.map((node) => ({ node, startIndex: node.startIndex, endIndex: node.endIndex, scopes: scopesOf.get(node) }));
    const result = run.postProcess(all, sorted);
    const trusted = run.failed.size === 0 && !semantics.exhausted;
    const tree = trusted ? copy.keepTree() : undefined;
    if (this.state && this.state.tree !== tree) this.retire(this.state.tree);
    this.state = tree ? { tree, syntax, module, statements, classes: semantics.classScopes, units: nextUnits, wildcardImports, policy, options, fromUnits: copy.fromUnits } : undefined;
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
 * a copy of every one. Of those two, at most one has not been edited since it was opened (analysed
 * once): opening files one after another keeps the state of the last one only, so that its first
 * keystroke is incremental, and does not push out the state of a document being typed in.
 */
export class DocumentAnalyses {
  /** By URI, least recently analysed first (a Map keeps insertion order); `runs`: analyses of it so far. */
  private readonly analyzers = new Map<string, { analyzer: IncrementalAnalyzer; runs: number }>();

  /** With `parser`, an edit inside one unit parses that unit alone (see `IncrementalAnalyzer.analyze`). */
  constructor(
    private readonly parser?: PythonParser,
    private readonly keep = 2,
    private readonly retire?: (tree: Tree) => void,
  ) {}

  analyze(uri: string, tree: Tree | (() => Tree), source: string, policy: Policy, options: AnalyzeOptions = {}): Finding[] {
    let entry = this.analyzers.get(uri);
    if (entry) this.analyzers.delete(uri);
    else entry = { analyzer: new IncrementalAnalyzer(this.parser, this.retire), runs: 0 };
    entry.runs++;
    // Most recent last.
    this.analyzers.set(uri, entry);
    let unedited = entry.runs === 1 ? 1 : 0;
    const others = [...this.analyzers].reverse().slice(1);
    let kept = 1;
    for (const [old, other] of others) {
      const opened = other.runs === 1;
      if (kept < this.keep && !(opened && unedited > 0)) {
        kept++;
        if (opened) unedited++;
        continue;
      }
      other.analyzer.dispose();
      this.analyzers.delete(old);
    }
    return entry.analyzer.analyze(tree, source, policy, options);
  }

  /** What the last analysis of `uri` did (for the log). */
  lastOf(uri: string): (IncrementalStats & { parse: 'tree' | 'unit' }) | undefined {
    const analyzer = this.analyzers.get(uri)?.analyzer;
    return analyzer && { ...analyzer.last, parse: analyzer.lastParse };
  }

  forget(uri: string): void {
    this.analyzers.get(uri)?.analyzer.dispose();
    this.analyzers.delete(uri);
  }

  dispose(): void {
    for (const { analyzer } of this.analyzers.values()) analyzer.dispose();
    this.analyzers.clear();
  }
}
