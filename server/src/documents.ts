/**
 * The open documents: text, version and one syntax tree each. Every incremental change is
 * applied to the tree with `tree.edit` as it arrives (cheap); the reparse, which reuses the
 * edited old tree, happens once when a tree is next asked for, so a burst of keystrokes costs
 * one parse.
 *
 * Only the most recently used documents keep their tree (`maxTrees`): the trees live in the
 * parser's WASM memory, which never shrinks, and fifty large open files held over 200 MB of it.
 * A document whose tree was dropped is parsed in full when it is next used.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
// Only the plain `Edit` value class; the WASM stays behind parser.ts.
import { Edit } from 'web-tree-sitter';
import type { Point, PythonParser, Tree } from './parser';
import { isHighSurrogate, isLowSurrogate } from './engine/lineIndex';

export interface OpenDocument {
  readonly uri: string;
  readonly languageId: string;
  readonly version: number;
  readonly text: string;
}

interface Entry {
  document: TextDocument;
  tree: Tree | undefined;
  /** Edits applied to `tree` since it was parsed: it needs a reparse before use. */
  stale: boolean;
}

export class DocumentStore {
  private readonly entries = new Map<string, Entry>();
  /** The documents holding a tree, least recently used first (a Map keeps insertion order). */
  private readonly withTrees = new Map<string, Entry>();

  constructor(
    private readonly parser: PythonParser,
    private readonly maxTrees = 4,
    /** Frees the tree an incremental reparse replaced (see `deleteLater`). */
    private readonly retire: (tree: Tree) => void = (tree) => tree.delete(),
  ) {}

  /** Opens (or, when a client re-opens without closing, replaces) a document. */
  open(uri: string, languageId: string, version: number, text: string): void {
    this.entries.get(uri)?.tree?.delete();
    this.withTrees.delete(uri);
    this.entries.set(uri, { document: TextDocument.create(uri, languageId, version, text), tree: undefined, stale: false });
  }

  /**
   * Applies the changes in order, each in the coordinates of the text the previous one left.
   * Returns false when the document is not open.
   */
  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): boolean {
    const entry = this.entries.get(uri);
    if (!entry) return false;
    try {
      this.applyChanges(entry, version, changes);
    } catch (error) {
      // A malformed change may have reached the tree but not the text (or the reverse);
      // a tree that disagrees with its text would hide code, so the next use parses afresh.
      entry.tree?.delete();
      entry.tree = undefined;
      entry.stale = false;
      throw error;
    }
    return true;
  }

  private applyChanges(entry: Entry, version: number, changes: readonly TextDocumentContentChangeEvent[]): void {
    for (const change of changes) {
      const before = entry.document.getText();
      if (!('range' in change) || !change.range) {
        entry.tree?.delete();
        entry.tree = undefined;
        entry.stale = false;
      } else if (entry.tree) {
        const start = entry.document.offsetAt(change.range.start);
        const end = Math.max(start, entry.document.offsetAt(change.range.end));
        entry.tree.edit(new Edit(treeEditFor(before, start, end, change.text)));
        entry.stale = true;
      }
      TextDocument.update(entry.document, [change], version);
    }
    // An empty change list still carries the new version.
    if (changes.length === 0) TextDocument.update(entry.document, [], version);
  }

  close(uri: string): boolean {
    const entry = this.entries.get(uri);
    if (!entry) return false;
    entry.tree?.delete();
    this.entries.delete(uri);
    this.withTrees.delete(uri);
    return true;
  }

  get(uri: string): OpenDocument | undefined {
    const entry = this.entries.get(uri);
    if (!entry) return undefined;
    const { document } = entry;
    return { uri, languageId: document.languageId, version: document.version, text: document.getText() };
  }

  uris(): string[] {
    return [...this.entries.keys()];
  }

  get size(): number {
    return this.entries.size;
  }

  /** The document's tree for its current text; owned by the store (do not delete it). */
  tree(uri: string): Tree | undefined {
    const entry = this.entries.get(uri);
    if (!entry) return undefined;
    this.withTrees.delete(uri);
    this.withTrees.set(uri, entry);
    for (const [other, old] of this.withTrees) {
      if (this.withTrees.size <= this.maxTrees) break;
      old.tree?.delete();
      old.tree = undefined;
      old.stale = false;
      this.withTrees.delete(other);
    }
    const text = entry.document.getText();
    if (!entry.tree) {
      entry.tree = this.parser.parse(text);
    } else if (entry.stale) {
      const old = entry.tree;
      // Drop the reference first: if the parse throws, the next call parses from scratch
      // instead of reusing a tree whose edits were already applied.
      entry.tree = undefined;
      try {
        entry.tree = this.parser.parse(text, old);
      } finally {
        this.retire(old);
      }
    }
    entry.stale = false;
    return entry.tree;
  }

  dispose(): void {
    for (const entry of this.entries.values()) entry.tree?.delete();
    this.entries.clear();
    this.withTrees.clear();
  }
}

export interface TreeEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: Point;
  oldEndPosition: Point;
  newEndPosition: Point;
}

/**
 * The tree-sitter edit for replacing `before[start, end)` with `text`, widened by the other half of
 * a surrogate pair it touches. `startPosition`: the point of `start`, when the caller has it
 * (`pointAt` counts the lines of everything before it; a widened edit counts them itself).
 */
export function treeEditFor(before: string, start: number, end: number, text: string, startPosition?: Point): TreeEdit {
  // An edit next to half of a surrogate pair (one that splits a pair, or joins two halves again)
  // changes the character that half belongs to, which tree-sitter's lexer read as one: without
  // that unit in the edit, the token that ended just before it is taken over as it was (`𝐢𝐧` of
  // `𝐢𝐧𝐩𝐮𝐭` once the `𝐩` is whole again). The edit is widened to include it, unchanged.
  const high = start > 0 && isHighSurrogate(before.charCodeAt(start - 1));
  const low = end < before.length && isLowSurrogate(before.charCodeAt(end));
  if (high || low) {
    const from = high ? start - 1 : start;
    const to = low ? end + 1 : end;
    // One unit each side: a pair is two units, so nothing further is part of it.
    [text, start, end, startPosition] = [before.slice(from, start) + text + before.slice(end, to), from, to, undefined];
  }
  startPosition ??= pointAt(before, start);
  return {
    startIndex: start,
    oldEndIndex: end,
    newEndIndex: start + text.length,
    startPosition,
    oldEndPosition: advance(startPosition, before, start, end),
    newEndPosition: advance(startPosition, text, 0, text.length),
  };
}

/**
 * tree-sitter's point for a UTF-16 offset: rows count `\n` only (a lone `\r` does not start a
 * row for tree-sitter, unlike LSP), columns are UTF-16 units for string input.
 */
export function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** The point reached from `start` by reading `text[from, to)`. */
function advance(start: Point, text: string, from: number, to: number): Point {
  let row = start.row;
  let lineStart = -1;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return lineStart === -1 ? { row, column: start.column + (to - from) } : { row, column: to - lineStart };
}

/**
 * Deletes trees after the current task, in one batch: deleting a tree walks its WASM nodes
 * (about 2.5 ms for an 8,500-line file after a reparse), which need not stand between a
 * keystroke and its diagnostics. A tree given to it must not be used again.
 */
export function deleteLater(): (tree: Tree) => void {
  let pending: Tree[] = [];
  const flush = (): void => {
    const trees = pending;
    pending = [];
    for (const tree of trees) tree.delete();
  };
  return (tree) => {
    if (pending.push(tree) === 1) setTimeout(flush, 0);
  };
}
