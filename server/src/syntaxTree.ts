import type { Tree } from 'web-tree-sitter';
import { LineIndex } from './engine/lineIndex';
import { readTree, type TreeReader } from './parser';

const NO_CHILDREN: SyntaxNode[] = Object.freeze([]) as unknown as SyntaxNode[];
const NOTHING_SAME: (old: SyntaxNode) => boolean = () => false;
const NAMED = 1;
const MISSING = 2;

/**
 * The nodes of one top-level statement (or of a whole tree copied at once) share their tree and
 * an offset shift: an incremental copy adopts an unchanged statement, whatever its size, by
 * changing these two (see `SyntaxTree.fromTreeReusing`), where it used to visit every node.
 */
class Block {
  constructor(
    public tree: SyntaxTree,
    public shift: number,
  ) {}
}

/**
 * A plain JavaScript copy of a tree-sitter tree, made with one cursor walk. Every
 * `Node` access through web-tree-sitter crosses into WASM and allocates a fresh object
 * (profiling showed analysis at 25x the parse time, almost all of it there); rules ask for
 * parents, fields and children thousands of times per file, so they read this copy instead.
 * The API mirrors the subset of web-tree-sitter's `Node` that the engine uses.
 */
export class SyntaxNode {
  parent: SyntaxNode | null = null;
  /** The field this node fills in its parent (`left`, `body`, ...), if any. */
  fieldName: string | null = null;
  /** Leaves share one frozen empty array: most nodes are leaves, and an array each is a visible cost. */
  children: SyntaxNode[] = NO_CHILDREN;
  /** `namedChildren`, made when first asked (reset when `children` is replaced). */
  named: SyntaxNode[] | undefined;
  /**
   * Answers the analysis of this tree computed for the node (semantics/memo.ts), kept on the
   * node itself: a Map keyed by node id, asked by every rule for every node, was a visible cost.
   * Each answer names the analysis it belongs to, so an adopted node's old answers are ignored.
   */
  memo: unknown = undefined;
  /** Offsets as copied; the block's shift moves them with an adopted statement. */
  start = 0;
  end = 0;

  // Every field is a word in each of the millions of nodes a scan copies (the tree is most of
  // what survives the young generation): derived facts are getters, the two flags share a field.
  constructor(
    /** Shared with the rest of the statement (see `Block`). */
    public block: Block,
    readonly id: number,
    readonly type: string,
    /** NAMED | MISSING */
    private readonly flags: number,
  ) {}

  get isNamed(): boolean {
    return (this.flags & NAMED) !== 0;
  }

  get isMissing(): boolean {
    return (this.flags & MISSING) !== 0;
  }

  /** Position in the parent's `children` (looked up: few ask). */
  get indexInParent(): number {
    return this.parent ? this.parent.children.indexOf(this) : 0;
  }

  /**
   * The copy this node is part of. A node that a later incremental copy did not take over (its
   * statement or method was copied or parsed again) keeps the copy it was last in: a node is in
   * the tree of `root` exactly when `node.tree === root.tree` (blocks are taken over whole).
   */
  get tree(): SyntaxTree {
    return this.block.tree;
  }

  get startIndex(): number {
    return this.start + this.block.shift;
  }

  get endIndex(): number {
    return this.end + this.block.shift;
  }

  get text(): string {
    return this.tree.source.slice(this.startIndex, this.endIndex);
  }

  get isError(): boolean {
    return this.type === 'ERROR';
  }

  /** True when this node or any descendant is an error or a missing token. */
  get hasError(): boolean {
    const stack: SyntaxNode[] = [this];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === 'ERROR' || n.isMissing) return true;
      const children = n.children;
      for (let i = 0; i < children.length; i++) stack.push(children[i]);
    }
    return false;
  }

  get startPosition(): { row: number; column: number } {
    const p = this.tree.lines.positionAt(this.startIndex);
    return { row: p.line, column: p.character };
  }

  get endPosition(): { row: number; column: number } {
    const p = this.tree.lines.positionAt(this.endIndex);
    return { row: p.line, column: p.character };
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildren(): SyntaxNode[] {
    let named = this.named;
    if (named === undefined) {
      const children = this.children;
      named = NO_CHILDREN;
      for (let i = 0; i < children.length; i++) {
        if (!children[i].isNamed) continue;
        if (named === NO_CHILDREN) named = [];
        named.push(children[i]);
      }
      this.named = named;
    }
    return named;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  child(index: number): SyntaxNode | null {
    return this.children[index] ?? null;
  }

  namedChild(index: number): SyntaxNode | null {
    return this.namedChildren[index] ?? null;
  }

  get firstChild(): SyntaxNode | null {
    return this.children[0] ?? null;
  }

  get lastChild(): SyntaxNode | null {
    return this.children[this.children.length - 1] ?? null;
  }

  get firstNamedChild(): SyntaxNode | null {
    return this.namedChildren[0] ?? null;
  }

  get lastNamedChild(): SyntaxNode | null {
    const named = this.namedChildren;
    return named[named.length - 1] ?? null;
  }

  get nextSibling(): SyntaxNode | null {
    return this.parent?.children[this.indexInParent + 1] ?? null;
  }

  get previousSibling(): SyntaxNode | null {
    if (!this.parent) return null;
    return this.parent.children[this.indexInParent - 1] ?? null;
  }

  get nextNamedSibling(): SyntaxNode | null {
    const siblings = this.parent?.children ?? [];
    for (let i = this.indexInParent + 1; i < siblings.length; i++) if (siblings[i].isNamed) return siblings[i];
    return null;
  }

  get previousNamedSibling(): SyntaxNode | null {
    const siblings = this.parent?.children ?? [];
    for (let i = this.indexInParent - 1; i >= 0; i--) if (siblings[i].isNamed) return siblings[i];
    return null;
  }

  // Index loops: these run millions of times, and an array iterator is an allocation whenever
  // the optimiser does not remove it.
  childForFieldName(name: string): SyntaxNode | null {
    const children = this.children;
    for (let i = 0; i < children.length; i++) if (children[i].fieldName === name) return children[i];
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    const children = this.children;
    const out: SyntaxNode[] = [];
    for (let i = 0; i < children.length; i++) if (children[i].fieldName === name) out.push(children[i]);
    return out;
  }

  fieldNameForChild(index: number): string | null {
    return this.children[index]?.fieldName ?? null;
  }

  /** Descendants (not this node) of the given type(s), in document order. */
  descendantsOfType(types: string | string[]): SyntaxNode[] {
    const wanted = new Set(Array.isArray(types) ? types : [types]);
    const out: SyntaxNode[] = [];
    const stack: SyntaxNode[] = [...this.children].reverse();
    while (stack.length) {
      const n = stack.pop()!;
      if (wanted.has(n.type)) out.push(n);
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    }
    return out;
  }

  equals(other: SyntaxNode): boolean {
    return other.id === this.id && other.tree === this.tree;
  }

  walk(): SyntaxCursor {
    return new SyntaxCursor(this);
  }

  /** The S-expression tree-sitter prints: named nodes with their field names. */
  toString(): string {
    let out = '';
    const stack: (SyntaxNode | string)[] = [this];
    while (stack.length) {
      const item = stack.pop()!;
      if (typeof item === 'string') {
        out += item;
        continue;
      }
      if (item !== this) out += ' ';
      if (item.fieldName && item !== this) out += `${item.fieldName}: `;
      out += `(${item.isMissing ? 'MISSING ' : ''}${item.type}`;
      stack.push(')');
      const named = item.namedChildren;
      for (let i = named.length - 1; i >= 0; i--) stack.push(named[i]);
    }
    return out;
  }
}

/** The part of web-tree-sitter's `TreeCursor` the engine uses, over a `SyntaxNode` tree. */
export class SyntaxCursor {
  private node: SyntaxNode;
  /** The index of each node on the path from the root in its parent's children (nodes do not hold it). */
  private readonly indices: number[] = [];

  constructor(private readonly root: SyntaxNode) {
    this.node = root;
  }

  get currentNode(): SyntaxNode {
    return this.node;
  }
  get nodeType(): string {
    return this.node.type;
  }
  get nodeText(): string {
    return this.node.text;
  }
  get nodeIsNamed(): boolean {
    return this.node.isNamed;
  }
  get startIndex(): number {
    return this.node.startIndex;
  }
  get endIndex(): number {
    return this.node.endIndex;
  }
  get currentFieldName(): string | null {
    return this.node.fieldName;
  }

  gotoFirstChild(): boolean {
    const first = this.node.children[0];
    if (!first) return false;
    this.node = first;
    this.indices.push(0);
    return true;
  }

  gotoNextSibling(): boolean {
    if (this.node === this.root || !this.node.parent) return false;
    const at = this.indices.length - 1;
    const next = this.node.parent.children[this.indices[at] + 1];
    if (!next) return false;
    this.node = next;
    this.indices[at]++;
    return true;
  }

  gotoParent(): boolean {
    if (this.node === this.root || !this.node.parent) return false;
    this.node = this.node.parent;
    this.indices.pop();
    return true;
  }

  delete(): void {
    // Nothing to free: the copy is garbage-collected.
  }
}

/** Moves the offsets of `top` and the nodes below it that share its block by `delta`. */
function shiftOffsets(top: SyntaxNode, delta: number): void {
  const stack = [top];
  while (stack.length) {
    const node = stack.pop()!;
    node.start += delta;
    node.end += delta;
    const children = node.children;
    for (let i = 0; i < children.length; i++) if (children[i].block === top.block) stack.push(children[i]);
  }
}

/** What an incremental copy shows `reuse` about a node it could adopt (see `SyntaxTree.fromTreeReusing`). */
export interface ReusableNode {
  key: number;
  type: string;
  startIndex: number;
  endIndex: number;
}

/**
 * Asks an incremental copy whether the node it shows `reuse` is `old` moved, as a copy of it
 * would be (types, flags, fields, offsets, all the way down): reads the node's subtree.
 */
export type SameSubtree = (old: SyntaxNode) => boolean;

/** Decides whether an incremental copy adopts a node of an earlier copy instead of copying it. */
export type Reuse = (node: ReusableNode, same: SameSubtree) => SyntaxNode | undefined;

/**
 * Whether the reader's node, with everything below it, is `old` with every offset moved by
 * `shift`: the same types, flags, fields, offsets and children, as a copy of it would be. The
 * reader is back on that node afterwards.
 */
function sameSubtree(reader: TreeReader, old: SyntaxNode, shift: number): boolean {
  let node = old;
  /** The nodes above `node` up to `old`, and where `node` is in the children of each (the reader's path). */
  const parents: SyntaxNode[] = [];
  const at: number[] = [];
  const differs = (): boolean => {
    for (let i = 0; i < at.length; i++) reader.gotoParent();
    return false;
  };
  for (;;) {
    const start = reader.startIndex();
    const end = reader.endIndex();
    if (
      reader.type() !== node.type ||
      start !== node.startIndex + shift ||
      end !== node.endIndex + shift ||
      reader.isNamed() !== node.isNamed ||
      (start === end && reader.isMissing() !== node.isMissing) ||
      reader.fieldName() !== node.fieldName
    ) {
      return differs();
    }
    if (reader.gotoFirstChild()) {
      if (node.children.length === 0) {
        reader.gotoParent();
        return differs();
      }
      parents.push(node);
      at.push(0);
      node = node.children[0];
      continue;
    }
    if (node.children.length !== 0) return differs();
    // The next sibling, going up as far as needed; the walk ends back on `old`.
    for (;;) {
      if (at.length === 0) return true;
      const siblings = parents[parents.length - 1].children;
      const next = at[at.length - 1] + 1;
      if (reader.gotoNextSibling()) {
        if (next >= siblings.length) return differs();
        at[at.length - 1] = next;
        node = siblings[next];
        break;
      }
      if (next !== siblings.length) return differs();
      reader.gotoParent();
      at.pop();
      node = parents.pop()!;
    }
  }
}

function reusable(reader: TreeReader): ReusableNode {
  const node = { key: 0, type: reader.type(), startIndex: reader.startIndex(), endIndex: reader.endIndex() };
  if (reader.gotoFirstChild()) {
    node.key = reader.nodeId();
    reader.gotoParent();
  }
  return node;
}

/** Whether children of `parent` are the members of a top-level class: the body of a class that is a statement of `root` (decorated or not). */
function isMemberSlot(parent: SyntaxNode, root: SyntaxNode): boolean {
  const cls = parent.parent;
  if (parent.type !== 'block' || cls?.type !== 'class_definition') return false;
  return cls.parent === root || (cls.parent?.type === 'decorated_definition' && cls.parent.parent === root);
}

/**
 * A method of a top-level class (a `def`, decorated or not, in the class's body), which an
 * incremental copy keeps apart from the rest of its class (see `SyntaxTree.fromTreeReusing`).
 */
export function isClassMember(node: SyntaxNode, root: SyntaxNode): boolean {
  return (node.type === 'function_definition' || node.type === 'decorated_definition') && !!node.parent && isMemberSlot(node.parent, root);
}

/**
 * A fact worked out from a top-level statement's syntax, made once per statement and kept with
 * its node: an edit leaves the nodes of the statements it does not touch as they were (an
 * incremental copy takes them over), so a keystroke works out the facts of the statements it
 * touched, not of the file. But for the body of a top-level class: an edit inside one method
 * replaces that method in place (a new children array, `SyntaxTree.withUnitReplaced`), so a
 * class's fact is kept with its body's children array too.
 */
export class StatementMemo<T> {
  private readonly kept = new WeakMap<SyntaxNode, { value: T; body: readonly SyntaxNode[] | undefined }>();

  constructor(private readonly compute: (statement: SyntaxNode) => T) {}

  of(statement: SyntaxNode): T {
    const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    const body = definition?.type === 'class_definition' ? definition.childForFieldName('body')?.children : undefined;
    const kept = this.kept.get(statement);
    if (kept && kept.body === body) return kept.value;
    const value = this.compute(statement);
    this.kept.set(statement, { value, body });
    return value;
  }
}

export class SyntaxTree {
  readonly lines: LineIndex;
  root!: SyntaxNode;
  /** Ids are unique within a tree; the resolver and the rules key their caches by them. */
  private nextId = 0;

  private constructor(
    readonly source: string,
    lines?: LineIndex,
  ) {
    this.lines = lines ?? new LineIndex(source);
  }

  /**
   * Copies a tree-sitter tree (one walk; the tree itself is not kept). `publicApi` reads it
   * through web-tree-sitter's own cursor instead of the raw binding (for the test that compares them).
   */
  static fromTree(tree: Tree, source: string, options: { publicApi?: boolean } = {}): SyntaxTree {
    const out = new SyntaxTree(source);
    const reader = readTree(tree, options);
    try {
      out.root = out.copySubtree(reader, null, new Block(out, 0));
    } finally {
      reader.close();
    }
    return out;
  }

  /**
   * Copies `tree`, taking each top-level node that `reuse` hands back from an earlier copy
   * instead of reading it from WASM: the node and its subtree are adopted (re-parented, shifted
   * to their new offsets). `reuse` sees the node's type, offsets and `key`: the WASM identity of
   * its first child, which is the same in two trees exactly when tree-sitter reused the
   * statement's subtree unchanged (0 for a leaf: never reuse one). Ids continue those of
   * `previous`, so adopted and new nodes never share one. Each top-level statement gets a block
   * of its own, so that a later copy can adopt it in constant time.
   *
   * The methods of a top-level class (`isClassMember`) get blocks of their own too, and a class
   * that is copied again takes those `reuseMember` hands back: editing one method of a large
   * class copies that method, not the class.
   */
  static fromTreeReusing(
    tree: Tree,
    source: string,
    previous: SyntaxTree | undefined,
    reuse: Reuse,
    reuseMember: Reuse = () => undefined,
    /** The line index of `source`, when the caller has it (`LineIndex.afterEdit`). */
    lines?: LineIndex,
  ): SyntaxTree {
    const out = new SyntaxTree(source, lines);
    out.nextId = previous?.nextId ?? 0;
    const reader = readTree(tree);
    out.same = (old) => sameSubtree(reader, old, reader.startIndex() - old.startIndex);
    try {
      const root = (out.root = out.newNode(reader, new Block(out, 0)));
      if (!reader.gotoFirstChild()) return out;
      do {
        const top = reusable(reader);
        const adopted = reuse(top, out.same);
        if (adopted) out.adopt(adopted, root, reader.fieldName(), top.startIndex - adopted.startIndex);
        else out.copySubtree(reader, root, new Block(out, 0), reuseMember);
      } while (reader.gotoNextSibling());
    } finally {
      out.same = NOTHING_SAME;
      reader.close();
    }
    return out;
  }

  /** While `fromTreeReusing` reads a tree: whether the reader's node is an earlier node moved (`SameSubtree`). */
  private same: SameSubtree = NOTHING_SAME;

  /**
   * `previous` for a text in which only `old` changed (a top-level statement, or a method of a
   * top-level class), with `old` replaced by the node of `fragment` at `path` (child indices
   * from its root): a parse of that unit's text alone, whose offsets plus `shift` are those of
   * `source` (incremental/fragment.ts checks that the parse is the one the whole text would
   * give). Every other statement and method is adopted as `fromTreeReusing` adopts them; the
   * class around a replaced method is kept, its offsets after the method moved by `delta`.
   * `previous` is not usable afterwards.
   */
  static withUnitReplaced(previous: SyntaxTree, source: string, old: SyntaxNode, fragment: Tree, path: readonly number[], shift: number, delta: number, lines?: LineIndex): SyntaxTree {
    const out = new SyntaxTree(source, lines);
    out.nextId = previous.nextId;
    const before = previous.root;
    const root = (out.root = new SyntaxNode(new Block(out, 0), out.nextId++, before.type, before.isNamed ? NAMED : 0));
    root.start = before.startIndex;
    root.end = before.endIndex + delta;
    let top = old;
    while (top.parent !== before) top = top.parent!;
    const reader = readTree(fragment);
    try {
      for (const p of path) {
        reader.gotoFirstChild();
        for (let i = 0; i < p; i++) reader.gotoNextSibling();
      }
      let after = false;
      for (const t of before.children) {
        if (t !== top) {
          out.adopt(t, root, t.fieldName, after ? delta : 0);
          continue;
        }
        after = true;
        if (old === top) {
          // Members get blocks of their own, at the fragment's offsets: then all move to the text's.
          out.shiftBlocks(out.copySubtree(reader, root, new Block(out, 0), () => undefined), shift);
          continue;
        }
        out.adopt(t, root, t.fieldName, 0);
        const body = old.parent!;
        const copy = out.copySubtree(reader, null, new Block(out, shift));
        copy.parent = body;
        copy.fieldName = old.fieldName;
        const at = body.children.indexOf(old);
        body.children = [...body.children.slice(0, at), copy, ...body.children.slice(at + 1)];
        body.named = undefined;
        // Adopting the class moved the old method's block into this tree with the others: it is in
        // the tree it was in (see `SyntaxNode.tree`), its text and offsets that tree's. (A method
        // has a block of its own in the copies an incremental analysis makes, not in `fromTree`'s.)
        if (old.block !== t.block) old.block.tree = previous;
        // What follows the method in its class moves with the text. A node ends where its last
        // child ends (tree-sitter sizes a node by its children), so the ends around the method
        // follow from it: an edit after the method's end (in its trailing blank lines) moves
        // neither.
        for (let node = body, next = at + 1; ; next = node.indexInParent + 1, node = node.parent!) {
          const siblings = node.children;
          for (let i = next; i < siblings.length; i++) {
            if (siblings[i].block !== t.block) siblings[i].block.shift += delta;
            else shiftOffsets(siblings[i], delta);
          }
          node.end = siblings[siblings.length - 1].endIndex - node.block.shift;
          if (node === t) break;
        }
      }
    } finally {
      reader.close();
    }
    return out;
  }

  /**
   * Takes over a top-level statement of an earlier copy: constant time, whatever its size (a
   * class moves the blocks of its methods too).
   */
  private adopt(node: SyntaxNode, parent: SyntaxNode, fieldName: string | null, shift: number): void {
    this.append(node, parent, fieldName);
    this.shiftBlocks(node, shift);
  }

  /** Moves a top-level statement's block, and those of its class's methods, by `shift`, into this tree. */
  private shiftBlocks(node: SyntaxNode, shift: number): void {
    const blocks = [node.block];
    const cls = node.type === 'class_definition' ? node : node.type === 'decorated_definition' ? node.childForFieldName('definition') : null;
    const body = cls?.type === 'class_definition' ? cls.childForFieldName('body') : null;
    for (const member of body?.children ?? []) if (member.block !== node.block) blocks.push(member.block);
    for (const block of blocks) {
      block.tree = this;
      block.shift += shift;
    }
  }

  /**
   * Copies the reader's node and everything below it, and leaves the reader on that node. The
   * children of a node wait in one shared list until the last one is read, then get an array of
   * their exact number: growing each array child by child made the copy's largest allocation.
   * With `reuseMember`, class members get blocks of their own and may be adopted (see `fromTreeReusing`).
   */
  private copySubtree(reader: TreeReader, parent: SyntaxNode | null, block: Block, reuseMember?: Reuse): SyntaxNode {
    const top = this.newNode(reader, block);
    if (parent) this.append(top, parent, reader.fieldName());
    const pending: SyntaxNode[] = [];
    /** Where the children of each node being read start in `pending`. */
    const marks: number[] = [];
    let current = top;
    /** The current node was adopted, subtree and all: the reader does not enter it. */
    let adopted = false;
    walk: for (;;) {
      if (!adopted && reader.gotoFirstChild()) {
        marks.push(pending.length);
        current = this.pendingChild(reader, current, pending, reuseMember);
        adopted = this.lastAdopted === current;
        continue;
      }
      for (;;) {
        if (current === top) break walk;
        if (reader.gotoNextSibling()) {
          current = this.pendingChild(reader, current.parent!, pending, reuseMember);
          adopted = this.lastAdopted === current;
          continue walk;
        }
        reader.gotoParent();
        current = current.parent!;
        adopted = false;
        const mark = marks.pop()!;
        current.children = pending.slice(mark);
        pending.length = mark;
      }
    }
    this.lastAdopted = undefined;
    return top;
  }

  /** The member `pendingChild` adopted last (the copy does not enter it). */
  private lastAdopted: SyntaxNode | undefined;

  private pendingChild(reader: TreeReader, parent: SyntaxNode, pending: SyntaxNode[], reuseMember?: Reuse): SyntaxNode {
    let block = parent.block;
    if (reuseMember && isMemberSlot(parent, this.root)) {
      const type = reader.type();
      if (type === 'function_definition' || type === 'decorated_definition') {
        const member = reusable(reader);
        const old = reuseMember(member, this.same);
        if (old) {
          old.parent = parent;
          old.fieldName = reader.fieldName();
          old.block.tree = this;
          old.block.shift += member.startIndex - old.startIndex;
          pending.push(old);
          this.lastAdopted = old;
          return old;
        }
        block = new Block(this, 0);
      }
    }
    const node = this.newNode(reader, block);
    node.parent = parent;
    node.fieldName = reader.fieldName();
    pending.push(node);
    return node;
  }

  private append(node: SyntaxNode, parent: SyntaxNode, fieldName: string | null): void {
    node.parent = parent;
    node.fieldName = fieldName;
    if (parent.children === NO_CHILDREN) parent.children = [node];
    else parent.children.push(node);
  }

  /** A node for the reader's current one, not yet linked to its parent. */
  private newNode(reader: TreeReader, block: Block): SyntaxNode {
    const start = reader.startIndex();
    const end = reader.endIndex();
    // Missing nodes are always zero-width: the other nodes need not ask (one WASM call fewer).
    const node = new SyntaxNode(block, this.nextId++, reader.type(), (reader.isNamed() ? NAMED : 0) | (start === end && reader.isMissing() ? MISSING : 0));
    node.start = start;
    node.end = end;
    return node;
  }
}
