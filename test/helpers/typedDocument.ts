import { Edit } from 'web-tree-sitter';
import type { PythonParser, Tree } from '../../server/src/parser';
import { treeEditFor } from '../../server/src/documents';

/**
 * A document typed into the way the server keeps it: each edit goes to its tree with
 * `tree.edit`, and the tree is reparsed only when the analyzer asks for it (`treeOf`).
 * Used by test/incremental.test.ts and bench/incremental-stress.ts.
 */
export class TypedDocument {
  private tree: Tree;
  private stale = false;

  constructor(
    private readonly parser: PythonParser,
    public text: string,
  ) {
    this.tree = parser.parse(text);
  }

  /** Replaces `[start, end)` with `insert`. */
  edit(start: number, end: number, insert: string): void {
    this.tree.edit(new Edit(treeEditFor(this.text, start, end, insert)));
    this.text = this.text.slice(0, start) + insert + this.text.slice(end);
    this.stale = true;
  }

  readonly treeOf = (): Tree => {
    if (this.stale) {
      const next = this.parser.parse(this.text, this.tree);
      this.tree.delete();
      this.tree = next;
      this.stale = false;
    }
    return this.tree;
  };

  dispose(): void {
    this.tree.delete();
  }
}

/** A small seeded generator (mulberry32): the same sequence in every run. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
