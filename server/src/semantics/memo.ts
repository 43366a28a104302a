import type { Node } from '../parser';
import type { Scope } from './scopes';
import type { Const, Value } from './values';

export type QNameValue = Extract<Value, { kind: 'qname' }>;

/**
 * What the analysis has worked out about one node, kept on the node (`SyntaxNode.memo`).
 * Every rule asks about every name, attribute and call: answering from a field of the node
 * instead of a Map keyed by node id, and deriving the qualified names once instead of once per
 * rule, is most of what made the rules affordable. Arrays held here are shared by every caller
 * and must not be mutated.
 *
 * Two kinds of facts, valid for different lengths of time:
 * - answers of one `Semantics` (`owner`): what an expression denotes can change with any
 *   binding in the module, so a new analysis starts them afresh;
 * - the node's place in the scopes (`scope`, `definedScope`), valid for as long as the module
 *   scope they hang from (`scopesOf`): an incremental analysis keeps the scopes of the
 *   statements an edit did not touch, and with them these.
 *
 * Only complete answers are kept (see `Semantics.resolve`): an answer cut short by a cycle or a
 * depth limit depends on the path it was reached by and is computed again each time.
 */
export class NodeMemo {
  /** The analysis whose answers these are (`newMemoOwner`; 0: none, see `syntaxMemoOf`, `forgetAnswers`). */
  owner: number;
  /** The complete answer of `resolve`. */
  values: Value[] | undefined = undefined;
  /** Derived from `values`, once. */
  qnames: QNameValue[] | undefined = undefined;
  qualified: string[] | undefined = undefined;
  builtins: string[] | undefined = undefined;
  strings: string[] | undefined | null = null;
  /**
   * The node's folded constant, computed at depth `foldDepth` without a cut: the answer at that
   * depth or any shallower one (-1: none yet).
   */
  foldDepth = -1;
  fold: Const | undefined = undefined;
  /** A question's answer cut short (see `Semantics.resolve`): rare, so apart. */
  cut: CutAnswer | undefined = undefined;
  /** `resolve` is computing this node (a cycle when it is asked again). */
  resolving = false;

  /** For an identifier: its name in NFKC form (`identifierName`). Syntax only: never stale. */
  name: string | undefined = undefined;
  /** 0: not asked; 1: not a read of a name; 2: a read (`Semantics.isNameRead`). Syntax only: never stale. */
  read = 0;
  /** For a call: its positional arguments (syntax.ts). Syntax only: never stale. */
  positional: Node[] | undefined = undefined;
  /** For a call: its arguments as folding reads them (fold.ts). Syntax only: never stale. */
  callArguments: CallArguments | undefined = undefined;
  /** The module scope `scope` and `definedScope` belong to (see above). */
  scopesOf: Scope | undefined = undefined;
  /** For an identifier: the scope it is evaluated in (scopes.ts); the module scope when unset. */
  scope: Scope | undefined = undefined;
  /** For a def, lambda, class or comprehension: the scope it creates. */
  definedScope: Scope | undefined = undefined;

  constructor(owner: number) {
    this.owner = owner;
  }

  /** Forgets the answers of an earlier analysis (the scopes stay: they are checked by `scopesOf`). */
  startOver(owner: number): void {
    this.owner = owner;
    this.values = undefined;
    this.qnames = undefined;
    this.qualified = undefined;
    this.builtins = undefined;
    this.strings = null;
    this.foldDepth = -1;
    this.fold = undefined;
    this.cut = undefined;
    this.resolving = false;
  }
}

/** A call's arguments as folding reads them: shared, callers must not mutate them. */
export interface CallArguments {
  positional: Node[];
  keywords: ReadonlyMap<string, Node>;
  splat: boolean;
}

/** A question's answer cut short, valid while the cache is at `generation`, with the steps and cuts its computation took. */
export interface CutAnswer {
  values: Value[];
  generation: number;
  steps: number;
  cuts: number;
}

/**
 * The memo of `node` with `owner`'s answers, made (or taken over from an earlier owner) when
 * missing; then added to `taken`, when given (see `forgetAnswers`).
 */
export function memoOf(node: Node, owner: number, taken?: NodeMemo[]): NodeMemo {
  const m = node.memo as NodeMemo | undefined;
  if (m === undefined) {
    const fresh = new NodeMemo(owner);
    node.memo = fresh;
    taken?.push(fresh);
    return fresh;
  }
  if (m.owner !== owner) {
    m.startOver(owner);
    taken?.push(m);
  }
  return m;
}

/**
 * Forgets the answers `owner` kept in the memos it took (`memoOf`'s `taken`), those no later
 * owner took since. An answer names nodes (values of a `def`, a class, a display), and a memo
 * stays on its node after its analysis is over: on a node an incremental analysis takes over
 * (incremental/), until an analysis asks about it again, which may be never. It then kept alive
 * the nodes it names, though no later analysis reads it (`owner` differs): a node of a statement
 * since replaced, with it the tree it was last part of (the text of that time included), and
 * through that tree's root its other statements, their memos, and the older trees these name.
 * The syntax and scope facts stay (`startOver`).
 */
export function forgetAnswers(taken: readonly NodeMemo[], owner: number): void {
  for (let i = 0; i < taken.length; i++) {
    const m = taken[i];
    if (m.owner === owner) m.startOver(0);
  }
}

/** The memo of `node` if it holds `owner`'s answers. */
export function peekMemo(node: Node, owner: number): NodeMemo | undefined {
  const m = node.memo as NodeMemo | undefined;
  return m !== undefined && m.owner === owner ? m : undefined;
}

/** The memo of `node` for facts of the syntax alone, which no analysis makes stale. */
export function syntaxMemoOf(node: Node): NodeMemo {
  const m = node.memo as NodeMemo | undefined;
  if (m !== undefined) return m;
  // Owner 0 is no analysis: the first to ask for answers takes the memo over (`startOver`).
  const fresh = new NodeMemo(0);
  node.memo = fresh;
  return fresh;
}

/** The memo of `node`, whoever's answers it holds (for the scope facts, checked by `scopesOf`). */
export function anyMemo(node: Node): NodeMemo | undefined {
  return node.memo as NodeMemo | undefined;
}

let owners = 0;

/** A number no other analysis in this process uses, to tell its memos from stale ones. */
export function newMemoOwner(): number {
  return ++owners;
}
