import { LineIndex } from '../../engine/lineIndex';
import type { Range } from '../../engine/types';

/**
 * Finds where a key (or a string value under a key) is written in a TOML text, so a semantic
 * error can point at its line. smol-toml gives positions only for syntax errors, so this scans
 * the text line by line for table headers and `key =` lines, and searches forward from the
 * nearest found ancestor for what an inline table or a multi-line array holds. It only ever
 * picks a position for a message: a wrong guess moves a diagnostic, never changes the policy.
 */
export class TomlLocator {
  private readonly lines: LineIndex;
  /** Key path (joined with NUL) -> the key's offsets. */
  private readonly keys = new Map<string, { start: number; end: number }>();

  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
    this.scan();
  }

  /** The range of the key at `path`, or of the string `value` written under it. */
  locate(path: readonly string[], value?: string): Range {
    const span = this.find(path, value);
    return { start: this.lines.positionAt(span.start), end: this.lines.positionAt(span.end) };
  }

  private find(path: readonly string[], value?: string): { start: number; end: number } {
    let found = 0;
    let span = { start: 0, end: 0 };
    for (let n = Math.min(path.length, MAX_DEPTH); n > 0; n--) {
      const hit = this.keys.get(path.slice(0, n).join('\0'));
      if (hit) {
        found = n;
        span = hit;
        break;
      }
    }
    // What is left is inside an inline table or on a later line: search forward for each part.
    for (const part of path.slice(found)) {
      const next = this.searchKey(part, span.end);
      if (!next) return span;
      span = next;
    }
    if (value !== undefined) return this.searchString(value, span.end) ?? span;
    return span;
  }

  private searchKey(key: string, from: number): { start: number; end: number } | undefined {
    const candidates = [JSON.stringify(key), `'${key}'`];
    if (/^[A-Za-z0-9_-]+$/.test(key)) candidates.push(key);
    let best: { start: number; end: number } | undefined;
    for (const candidate of candidates) {
      let at = this.text.indexOf(candidate, from);
      while (at !== -1) {
        const before = at === 0 ? '' : this.text[at - 1];
        FOLLOWING.lastIndex = at + candidate.length;
        const after = FOLLOWING.exec(this.text)?.[1];
        const bare = candidate === key;
        const boundaryBefore = !bare || before === '' || !/[A-Za-z0-9_-]/.test(before);
        if (boundaryBefore && (after === '=' || after === '.')) {
          if (!best || at < best.start) best = { start: at, end: at + candidate.length };
          break;
        }
        at = this.text.indexOf(candidate, at + 1);
      }
    }
    return best;
  }

  private searchString(value: string, from: number): { start: number; end: number } | undefined {
    let best: { start: number; end: number } | undefined;
    for (const candidate of [JSON.stringify(value), `'${value}'`]) {
      const at = this.text.indexOf(candidate, from);
      if (at !== -1 && (!best || at < best.start)) best = { start: at, end: at + candidate.length };
    }
    return best;
  }

  private scan(): void {
    const keyPart = String.raw`(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')`;
    const header = new RegExp(String.raw`^([ \t]*\[\[?[ \t]*)(${keyPart}(?:[ \t]*\.[ \t]*${keyPart})*)[ \t]*\]`);
    const assignment = new RegExp(String.raw`^([ \t]*)(${keyPart}(?:[ \t]*\.[ \t]*${keyPart})*)[ \t]*=`);
    let table: string[] = [];
    let inMultilineString: string | undefined;
    for (let line = 0; line < this.lines.lineCount; line++) {
      const start = this.lines.offsetAt({ line, character: 0 });
      const text = this.text.slice(start, this.lines.lineEndOffset(line));
      if (inMultilineString) {
        if (countOf(text, inMultilineString) % 2 === 1) inMultilineString = undefined;
        continue;
      }
      const h = header.exec(text);
      if (h) {
        table = splitDottedKey(h[2]);
        this.record(table, start + h[1].length, start + h[1].length + h[2].length);
        continue;
      }
      const a = assignment.exec(text);
      if (a) {
        const parts = splitDottedKey(a[2]);
        const keyStart = start + a[1].length;
        this.record([...table, ...parts], keyStart, keyStart + a[2].length);
      }
      for (const quote of ['"""', "'''"]) {
        if (countOf(text, quote) % 2 === 1) inMultilineString = quote;
      }
    }
  }

  private record(path: string[], start: number, end: number): void {
    // Policy keys are at most four deep (`tool.padded-cell.rules.PC301`); a hostile
    // `a.a.a.…` key 100,000 parts long must not cost 100,000² here.
    for (let n = 1; n <= Math.min(path.length, MAX_DEPTH); n++) {
      const key = path.slice(0, n).join('\0');
      if (!this.keys.has(key)) this.keys.set(key, { start, end });
    }
  }
}

const MAX_DEPTH = 8;

/** The first non-blank character at `lastIndex` (sticky, so no slicing of a large text). */
const FOLLOWING = /[ \t]*(\S)/y;

function countOf(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

function splitDottedKey(text: string): string[] {
  const parts: string[] = [];
  const re = /[ \t]*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')[ \t]*\.?/g;
  for (const m of text.matchAll(re)) {
    if (m[1] !== undefined) parts.push(m[1]);
    else if (m[2] !== undefined) parts.push(unescapeBasic(m[2]));
    else if (m[3] !== undefined) parts.push(m[3]);
  }
  return parts;
}

function unescapeBasic(text: string): string {
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}
