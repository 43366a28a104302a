/**
 * Re-parsing only the edited unit. An incremental reparse of a whole file by web-tree-sitter
 * costs about 8.5 ms on an 8,500-line file even for one typed character, more than a keystroke
 * may take; the unit around the edit (a top-level statement, or a method of a top-level class)
 * parses in a fraction of that. Its text is parsed alone and its copy takes the place of the
 * old one in the previous SyntaxTree (`SyntaxTree.withUnitReplaced`).
 *
 * That is only done when the whole text would parse to the same thing, which is what these
 * conditions are for (otherwise the caller reparses the file):
 * - the edit lies after the unit's first character and before the next line holding code (the
 *   unit's trailing blank and comment lines are its own, but not inside or after a comment that
 *   is a node of its own), so its indentation, what comes before it and everything after that
 *   line are the text they were;
 * - the unit, the statement before it (or its class's header) and the fragment have no syntax
 *   error: from a clean statement boundary, tree-sitter's parse of a statement depends on its
 *   own tokens and the indentation stack only;
 * - the fragment is the unit's text from the start of its line, with the blank and comment lines
 *   after it, then a `pass` at the indentation of that next line of code, so that the scanner
 *   ends the unit, and places its trailing comments inside or after it, as in the whole text; a
 *   method is parsed inside a `class _:` header at its own indentation;
 * - it parses to one statement (for a method: one method in the class) and the sentinel, with the
 *   same trailing comments, at the same places, as before the edit;
 * - the next line of code does not continue the unit (`else`, `except`, ...);
 * - a def at the top level but indented (the methods after a class header an edit broke) is
 *   parsed like a method, after a clean def at the same indentation;
 * - the unit holds no backtick (see below), nor opens with a soft keyword (`match`, `type`:
 *   tree-sitter's reading of those depends on the statements before them).
 */
import type { Node, PythonParser, Tree } from '../parser';
import { indentationLimitLine, SyntaxTree } from '../parser';
import { isClassMember } from '../syntaxTree';
import { LineIndex } from '../engine/lineIndex';

/** One replaced region of the text: `[prefix, oldEnd)` before, `[prefix, newEnd)` after. */
export interface TextEdit {
  prefix: number;
  oldEnd: number;
  newEnd: number;
}

export interface ReparsedUnit {
  syntax: SyntaxTree;
  /** The top-level statement holding the unit, in the new copy (for a method: its class, kept). */
  top: Node;
  /** The new method, when the unit is one. */
  member: Node | undefined;
  /** The node of `previous` that the new one replaced (the unit's old node). */
  replaced: Node;
}

const WRAPPER = 'class _:\n';
const CONTINUATION = /^(?:else|elif|except|finally)\b/;
const SOFT_KEYWORD = /^(?:match|case|type)\b/;
/** The rest of a line after a statement may hold only a comment. */
const LINE_REST = /[ \t\f]*(?:#[^\r\n]*)?(?:\r\n|\r|\n|$)/y;

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13;
}

/** The last node of `nodes` starting before `offset` (nodes in document order). */
function lastStartingBefore(nodes: readonly Node[], offset: number): number {
  let lo = 0;
  let hi = nodes.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (nodes[mid].startIndex < offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Where the unit's region ends: the start of the first line after it that holds code (or the text's end). */
function regionEnd(text: string, unitEnd: number): number | undefined {
  LINE_REST.lastIndex = unitEnd;
  const rest = LINE_REST.exec(text);
  if (!rest) return undefined;
  let at = unitEnd + rest[0].length;
  while (at < text.length) {
    let i = at;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\f')) i++;
    if (i === text.length) return text.length;
    if (!isLineBreak(text.charCodeAt(i)) && text[i] !== '#') return at;
    // A blank or comment line: trivia of the unit.
    LINE_REST.lastIndex = at;
    at += LINE_REST.exec(text)![0].length;
  }
  return text.length;
}

/** The index of the node of `nodes` before `offset`, going back over comments (the trivia of the node before them). */
function unitBefore(nodes: readonly Node[], offset: number): number {
  let i = lastStartingBefore(nodes, offset);
  while (i > 0 && nodes[i].type === 'comment') i--;
  return i;
}

interface Trailing {
  type: string;
  start: number;
  end: number;
}

/** Nodes of `nodes` after index `from` that start before `end`, as (type, offsets in the edited text: NaN inside the replaced text). */
function trailingOf(nodes: readonly Node[], from: number, end: number, edit: TextEdit): Trailing[] {
  const delta = edit.newEnd - edit.oldEnd;
  // A comment the edit is in keeps its start and moves its end.
  const move = (offset: number): number => (offset < edit.prefix ? offset : offset >= edit.oldEnd ? offset + delta : NaN);
  const out: Trailing[] = [];
  for (let i = from; i < nodes.length && nodes[i].startIndex < end; i++) out.push({ type: nodes[i].type, start: move(nodes[i].startIndex), end: move(nodes[i].endIndex) });
  return out;
}

/** The same as `trailingOf` for the WASM nodes of the fragment. */
function fragmentTrailing(nodes: readonly { type: string; startIndex: number; endIndex: number }[], from: number, to: number, move: number): Trailing[] {
  const out: Trailing[] = [];
  for (let i = from; i < to; i++) out.push({ type: nodes[i].type, start: nodes[i].startIndex + move, end: nodes[i].endIndex + move });
  return out;
}

function sameTrailing(a: Trailing[], b: Trailing[]): boolean {
  return a.length === b.length && a.every((t, i) => t.type === 'comment' && t.type === b[i].type && t.start === b[i].start && t.end === b[i].end);
}

/**
 * `previous` (the copy of `source` before `edit`) with the edited unit parsed again alone, or
 * undefined when the edit is not inside one unit or the conditions above do not hold.
 */
export function reparseUnit(parser: PythonParser, previous: SyntaxTree, source: string, edit: TextEdit): ReparsedUnit | undefined {
  const before = previous.source;
  const root = previous.root;
  const delta = edit.newEnd - edit.oldEnd;
  const tops = root.children;
  const t = unitBefore(tops, edit.prefix);
  if (t < 0) return undefined;
  const top = tops[t];
  let unit = top;
  let siblings = tops;
  let index = t;
  const cls = top.type === 'class_definition' ? top : top.type === 'decorated_definition' ? top.childForFieldName('definition') : null;
  const body = cls?.type === 'class_definition' ? cls.childForFieldName('body') : null;
  if (body) {
    const m = unitBefore(body.children, edit.prefix);
    if (m >= 0 && isClassMember(body.children[m], root)) {
      unit = body.children[m];
      siblings = body.children;
      index = m;
    }
  }
  const member = unit !== top;
  const lineStartOf = (node: Node): number => {
    let at = node.startIndex;
    while (at > 0 && !isLineBreak(before.charCodeAt(at - 1))) at--;
    return at;
  };
  const lineStart = lineStartOf(unit);
  const indentation = before.slice(lineStart, unit.startIndex);
  const indented = /^[ \t\f]+$/.test(indentation);
  // A def at the top level but indented: what follows a class whose header an edit broke (its
  // methods become statements of the module). After a clean def at the same indentation the
  // scanner's indentation is that def's, as inside a class body.
  const hoisted =
    !member &&
    indented &&
    (unit.type === 'function_definition' || unit.type === 'decorated_definition') &&
    t > 0 &&
    (tops[t - 1].type === 'function_definition' || tops[t - 1].type === 'decorated_definition') &&
    before.slice(lineStartOf(tops[t - 1]), tops[t - 1].startIndex) === indentation;
  if (member || hoisted ? !indented : indentation !== '') return undefined;
  const end = regionEnd(before, unit.endIndex);
  if (end === undefined) return undefined;
  // The edit keeps the unit's first character and the line break before the next line of code.
  if (edit.prefix <= unit.startIndex || edit.oldEnd > (end < before.length ? end - 1 : end)) return undefined;
  let codeAt = end;
  while (codeAt < before.length && (before[codeAt] === ' ' || before[codeAt] === '\t' || before[codeAt] === '\f')) codeAt++;
  // A line continuation or a clause of the unit's statement would join the unit.
  if (end < before.length && (before[codeAt] === '\\' || CONTINUATION.test(before.slice(codeAt, codeAt + 8)))) return undefined;
  // From a clean boundary only (see above).
  if (unit.type === 'ERROR' || unit.hasError) return undefined;
  const previousSibling = index > 0 ? siblings[index - 1] : undefined;
  if (previousSibling?.hasError) return undefined;
  if (member && index === 0 && cls!.children.some((c) => c !== body && c.hasError)) return undefined;

  const wrapper = member || hoisted ? WRAPPER : '';
  // The comments after the unit that are its siblings stay as they are, moved: the edit must lie
  // before them (one inside a comment, or after one, would have to move it otherwise).
  for (const next of [siblings[index + 1], member ? tops[t + 1] : undefined]) if (next && next.startIndex < end && edit.oldEnd > next.startIndex) return undefined;
  const sentinel = end < before.length ? `${before.slice(end, codeAt)}pass\n` : '';
  const region = source.slice(lineStart, end + delta);
  // tree-sitter-python reads a backtick pair as a string; a full analysis rewrites Python 2's
  // backtick expressions and parses again (engine/python2.ts), which a unit alone cannot.
  if (region.includes('`')) return undefined;
  // A statement opening with a soft keyword parses by what came before it: tree-sitter reads
  // `match [x]:` with its cases as an annotated assignment after `print(1)` or at the start of a
  // text, but as a match statement after `x = 1`.
  if (SOFT_KEYWORD.test(source.slice(unit.startIndex, unit.startIndex + 8))) return undefined;
  const fragment = parser.parse(wrapper + region + sentinel);
  try {
    if (indentationLimitLine(fragment) !== undefined || fragment.rootNode.hasError) return undefined;
    /** Fragment offset + shift = offset in `source`. */
    const shift = lineStart - wrapper.length;
    const unitAt = wrapper.length + indentation.length;
    const sentinelAt = wrapper.length + region.length + (codeAt - end);
    const fragmentTops = fragment.rootNode.children;
    const last = fragmentTops.length - 1;
    const isSentinel = (n: { type: string; startIndex: number } | undefined): boolean => !!n && n.type === 'pass_statement' && n.startIndex === sentinelAt;
    // Old trivia after the unit, at the offsets it has in `source`.
    const oldEnd = end;
    let path: number[];
    if (hoisted) {
      const wrapperClass = fragmentTops[0];
      const block = wrapperClass?.type === 'class_definition' ? wrapperClass.childForFieldName('body') : null;
      if (!block) return undefined;
      const members = block.children;
      const def = members[0];
      if (!def || def.startIndex !== unitAt || def.type !== unit.type) return undefined;
      // Where the sentinel lands says nothing here (the module has no class to end); what lies
      // between the def and it is compared with the statements after the def, whatever its level.
      const inBody = sentinel !== '' && isSentinel(members[members.length - 1]);
      if (sentinel && !inBody && !isSentinel(fragmentTops[last])) return undefined;
      const after = [...fragmentTrailing(members, 1, inBody ? members.length - 1 : members.length, shift), ...fragmentTrailing(fragmentTops, 1, sentinel && !inBody ? last : last + 1, shift)];
      if (!sameTrailing(trailingOf(tops, t + 1, oldEnd, edit), after)) return undefined;
      path = [0, wrapperClass.children.findIndex((c) => c?.id === block.id), 0];
    } else if (!member) {
      const first = fragmentTops[0];
      if (!first || first.startIndex !== unitAt || first.type === 'comment') return undefined;
      const until = sentinel ? last : last + 1;
      if (sentinel && !isSentinel(fragmentTops[last])) return undefined;
      if (!sameTrailing(trailingOf(tops, t + 1, oldEnd, edit), fragmentTrailing(fragmentTops, 1, until, shift))) return undefined;
      path = [0];
    } else {
      const wrapperClass = fragmentTops[0];
      const block = wrapperClass?.type === 'class_definition' ? wrapperClass.childForFieldName('body') : null;
      if (!block) return undefined;
      const members = block.children;
      const method = members[0];
      if (!method || method.startIndex !== unitAt || (method.type !== 'function_definition' && method.type !== 'decorated_definition')) return undefined;
      // The next line of code was in the class (then the sentinel must be too) or after it.
      const inClass = siblings.length > index + 1 && siblings[siblings.length - 1].startIndex >= oldEnd;
      const bodyUntil = sentinel && inClass ? members.length - 1 : members.length;
      const topsUntil = sentinel && !inClass ? last : last + 1;
      if (sentinel && !isSentinel(inClass ? members[members.length - 1] : fragmentTops[last])) return undefined;
      if (!sameTrailing(trailingOf(siblings, index + 1, oldEnd, edit), fragmentTrailing(members, 1, bodyUntil, shift))) return undefined;
      const topsAfter = inClass ? [] : trailingOf(tops, t + 1, oldEnd, edit);
      if (!sameTrailing(topsAfter, fragmentTrailing(fragmentTops, 1, topsUntil, shift))) return undefined;
      path = [0, wrapperClass.children.findIndex((c) => c?.id === block.id), 0];
    }
    const syntax = SyntaxTree.withUnitReplaced(previous, source, unit, fragment, path, shift, delta, LineIndex.afterEdit(previous.lines, source, edit.prefix, edit.oldEnd, edit.newEnd));
    return { syntax, top: syntax.root.children[t], member: member ? body!.children[index] : undefined, replaced: unit };
  } finally {
    fragment.delete();
  }
}

export type { Tree };
