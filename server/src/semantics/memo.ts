import type { Node } from '../parser';
import type { Scope } from './scopes';
import type { Const, Value } from './values';

export type QNameValue = Extract<Value, { kind: 'qname' }>;

/**
 * What one `Semantics` has worked out about one node, kept on the node (`SyntaxNode.memo`).
 * Every rule asks about every name, attribute and call: answering from a field of the node
 * instead of a Map keyed by node id, and deriving the qualified names once instead of once per
 * rule, is most of what made the rules affordable. Arrays held here are shared by every caller
 * and must not be mutated.
 *
 * Only complete answers are kept (see `Semantics.resolve`): an answer cut short by a cycle or a
 * depth limit depends on the path it was reached by and is computed again each time.
 */
export class NodeMemo {
  /** The complete answer of `resolve`. */
  values: Value[] | undefined = undefined;
  /** Derived from `values`, once. */
  qnames: QNameValue[] | undefined = undefined;
  qualified: string[] | undefined = undefined;
  builtins: string[] | undefined = undefined;
  strings: string[] | undefined | null = null;
  /** `fold` at depth 0; `folded` tells a computed `undefined` from none. */
  folded = false;
  fold: Const | undefined = undefined;
  /**
   * A question's answer cut short, valid while the cache is at `cutGeneration` (see
   * `Semantics.resolve`), with the steps and cuts its computation took.
   */
  cutValues: Value[] | undefined = undefined;
  cutGeneration = -1;
  cutSteps = 0;
  cutCount = 0;
  /** `resolve` is computing this node (a cycle when it is asked again). */
  resolving = false;
  /** 0: not asked; 1: not a read of a name; 2: a read (`Semantics.isNameRead`). */
  read = 0;
  /** For an identifier: the scope it is evaluated in (scopes.ts); the module scope when unset. */
  scope: Scope | undefined = undefined;

  constructor(readonly owner: number) {}
}

/** The memo `owner` keeps on `node`, made (or taken over from a stale owner) when missing. */
export function memoOf(node: Node, owner: number): NodeMemo {
  const m = node.memo as NodeMemo | undefined;
  if (m !== undefined && m.owner === owner) return m;
  const fresh = new NodeMemo(owner);
  node.memo = fresh;
  return fresh;
}

/** The memo `owner` keeps on `node`, if any. */
export function peekMemo(node: Node, owner: number): NodeMemo | undefined {
  const m = node.memo as NodeMemo | undefined;
  return m !== undefined && m.owner === owner ? m : undefined;
}

let owners = 0;

/** A number no other analysis in this process uses, to tell its memos from stale ones. */
export function newMemoOwner(): number {
  return ++owners;
}
