import type { Tree } from 'web-tree-sitter';
import { LineIndex } from './engine/lineIndex';

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
  /** Position in the parent's `children`. */
  indexInParent = 0;
  readonly children: SyntaxNode[] = [];
  private named: SyntaxNode[] | undefined;

  constructor(
    readonly tree: SyntaxTree,
    readonly id: number,
    readonly type: string,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
  ) {}

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
      for (const c of n.children) stack.push(c);
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
    this.named ??= this.children.filter((c) => c.isNamed);
    return this.named;
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
    return this.parent?.children[this.indexInParent - 1] ?? null;
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

  childForFieldName(name: string): SyntaxNode | null {
    for (const c of this.children) if (c.fieldName === name) return c;
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    return this.children.filter((c) => c.fieldName === name);
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
    return true;
  }

  gotoNextSibling(): boolean {
    if (this.node === this.root) return false;
    const next = this.node.nextSibling;
    if (!next) return false;
    this.node = next;
    return true;
  }

  gotoParent(): boolean {
    if (this.node === this.root || !this.node.parent) return false;
    this.node = this.node.parent;
    return true;
  }

  delete(): void {
    // Nothing to free: the copy is garbage-collected.
  }
}

export class SyntaxTree {
  readonly lines: LineIndex;
  root!: SyntaxNode;

  private constructor(readonly source: string) {
    this.lines = new LineIndex(source);
  }

  /** Copies a tree-sitter tree (one cursor walk; the tree itself is not kept). */
  static fromTree(tree: Tree, source: string): SyntaxTree {
    const out = new SyntaxTree(source);
    const cursor = tree.walk();
    let nextId = 0;
    const make = (): SyntaxNode =>
      new SyntaxNode(out, nextId++, cursor.nodeType, cursor.nodeIsNamed, cursor.nodeIsMissing, cursor.startIndex, cursor.endIndex);
    try {
      out.root = make();
      let current = out.root;
      walk: for (;;) {
        if (cursor.gotoFirstChild()) {
          const child = make();
          child.fieldName = cursor.currentFieldName;
          child.parent = current;
          current.children.push(child);
          current = child;
          continue;
        }
        for (;;) {
          if (cursor.gotoNextSibling()) {
            const parent = current.parent!;
            const sibling = make();
            sibling.fieldName = cursor.currentFieldName;
            sibling.parent = parent;
            sibling.indexInParent = parent.children.length;
            parent.children.push(sibling);
            current = sibling;
            continue walk;
          }
          if (!cursor.gotoParent()) break walk;
          current = current.parent!;
        }
      }
    } finally {
      cursor.delete();
    }
    return out;
  }
}
