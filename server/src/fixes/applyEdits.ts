/**
 * Applies many fixes to a text at once: pure, for the CLI's `--fix` and the editor's fix-all.
 * (One fix's own edits, which never overlap, go through `applyTextEdits` in `sourceEdits.ts`.)
 *
 * A fix is all or nothing: `eval(x)` → `ast.literal_eval(x)` plus `import ast` at the top is two
 * edits, and applying only one of them would leave broken code. Fixes are taken in order of
 * position; a fix whose edits overlap an edit already taken is skipped and counted, and the
 * caller re-analyses the result and tries again (Ruff's loop), because a skipped fix usually
 * still applies, or is no longer needed, once the text has changed.
 */
import { LineIndex } from '../engine/lineIndex';
import type { TextEdit } from '../engine/types';

export interface EditGroup {
  edits: readonly TextEdit[];
}

export interface ApplyResult {
  text: string;
  /** Groups applied. */
  applied: number;
  /** Groups left out because they overlapped a group taken before them, or themselves. */
  skipped: number;
}

/** An edit as UTF-16 offsets into the text it was computed for. */
interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
  /** Position in the caller's order, which breaks ties between insertions at one offset. */
  seq: number;
}

function overlaps(a: OffsetEdit, b: OffsetEdit): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Edits of different fixes conflict when their spans overlap, or when both start at the same
 * offset: two insertions at one place (or an insertion at the start of a replacement) have no
 * order that both fixes could have meant. Within one fix, the listed order decides, as LSP says.
 */
function conflicts(a: OffsetEdit, b: OffsetEdit): boolean {
  return a.start === b.start || overlaps(a, b);
}

/** Applies each group's edits atomically; groups that would collide are skipped (see above). */
export function applyEditGroups(text: string, groups: readonly EditGroup[]): ApplyResult {
  const lines = new LineIndex(text);
  let seq = 0;
  const candidates = groups.map((group) => {
    const edits = group.edits.map((e): OffsetEdit => {
      const start = lines.offsetAt(e.range.start);
      return { start, end: Math.max(start, lines.offsetAt(e.range.end)), newText: e.newText, seq: seq++ };
    });
    return { edits, first: Math.min(...edits.map((e) => e.start)) };
  });
  // Stable: groups starting at the same place keep the order the caller gave them.
  const order = candidates.map((_, i) => i).sort((a, b) => candidates[a].first - candidates[b].first || a - b);

  const taken: OffsetEdit[] = [];
  let applied = 0;
  let skipped = 0;
  for (const i of order) {
    const { edits } = candidates[i];
    const malformed = edits.length === 0 || edits.some((e, j) => edits.some((f, k) => k > j && overlaps(e, f)));
    if (malformed || edits.some((e) => taken.some((t) => conflicts(e, t)))) {
      skipped++;
      continue;
    }
    taken.push(...edits);
    applied++;
  }

  // Every offset points into the original text; the pieces are joined once, left to right,
  // which is the same as applying right to left but linear in the text's length.
  taken.sort((a, b) => a.start - b.start || a.end - b.end || a.seq - b.seq);
  const pieces: string[] = [];
  let at = 0;
  for (const edit of taken) {
    pieces.push(text.slice(at, edit.start), edit.newText);
    at = edit.end;
  }
  pieces.push(text.slice(at));
  return { text: pieces.join(''), applied, skipped };
}
