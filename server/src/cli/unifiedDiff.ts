/**
 * Unified diffs (`diff -u`, git's `a/` `b/` prefixes so `git apply` and `patch -p1` take them)
 * for `--diff`. Lines keep their own line breaks, so a CRLF file's diff shows and applies CRLF.
 * The line matching is Myers' O((N+M)·D) algorithm: fixes change few lines of large files.
 */

const CONTEXT = 3;

/** Splits after each `\n`, `\r\n` or lone `\r`, keeping the breaks; no empty last line. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

type Op = { kind: ' ' | '-' | '+'; line: string };

/** The shortest edit script from `a` to `b` as a list of kept, removed and added lines. */
function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  // Common head and tail cost nothing; Myers runs on what is left.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const A = a.slice(head, a.length - tail);
  const B = b.slice(head, b.length - tail);
  const n = A.length;
  const m = B.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = n === 0 && m === 0;
  for (let d = 0; d <= max && !found; d++) {
    // Only the diagonals this round can read, so memory grows with D², not with D·(N+M).
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && A[x] === B[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from (n, m) to (0, 0).
  const middle: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const vd = trace[d];
    const at = (k: number) => vd[k + d + 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) middle.push({ kind: ' ', line: A[--x] }), y--;
    if (d === 0) break;
    if (x === prevX) middle.push({ kind: '+', line: B[--y] });
    else middle.push({ kind: '-', line: A[--x] });
  }
  while (x > 0 && y > 0) middle.push({ kind: ' ', line: A[--x] }), y--;
  middle.reverse();
  return [
    ...a.slice(0, head).map((line): Op => ({ kind: ' ', line })),
    ...middle,
    ...a.slice(a.length - tail).map((line): Op => ({ kind: ' ', line })),
  ];
}

/** `start,count` as diff writes it: the count is left out when 1, and an empty side names the line before. */
function hunkRange(start: number, count: number): string {
  if (count === 1) return `${start + 1}`;
  return `${count === 0 ? start : start + 1},${count}`;
}

function printLine(kind: string, line: string): string {
  const last = line.charCodeAt(line.length - 1);
  if (last === 10 || last === 13) return kind + line;
  return `${kind}${line}\n\\ No newline at end of file\n`;
}

/** The unified diff from `before` to `after` of the file at `path`; empty when they are equal. */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const ops = diffLines(splitLines(before), splitLines(after));
  const changed = ops.map((op, i) => (op.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  let out = `--- a/${path}\n+++ b/${path}\n`;
  // Group changes whose contexts touch into one hunk, as diff -u does.
  let i = 0;
  while (i < changed.length) {
    let j = i;
    while (j + 1 < changed.length && changed[j + 1] - changed[j] <= 2 * CONTEXT + 1) j++;
    const from = Math.max(0, changed[i] - CONTEXT);
    const to = Math.min(ops.length, changed[j] + CONTEXT + 1);
    let aStart = 0;
    let bStart = 0;
    for (let k = 0; k < from; k++) {
      if (ops[k].kind !== '+') aStart++;
      if (ops[k].kind !== '-') bStart++;
    }
    let aCount = 0;
    let bCount = 0;
    let body = '';
    for (let k = from; k < to; k++) {
      const op = ops[k];
      if (op.kind !== '+') aCount++;
      if (op.kind !== '-') bCount++;
      body += printLine(op.kind, op.line);
    }
    out += `@@ -${hunkRange(aStart, aCount)} +${hunkRange(bStart, bCount)} @@\n${body}`;
    i = j + 1;
  }
  return out;
}
