/**
 * The keystrokes of the benchmark: one-character edits at random places of a file, half typed
 * characters and half deletions, from a fixed seed, so that the LSP measurement and the reparse
 * measurement (its parser floor) see the same edits in every run.
 */
import { seededRandom } from '../test/helpers/typedDocument';

/** Edits made before the measured ones: the server's (or parser's) code is compiled by then. */
export const KEYSTROKE_WARM_UP = 10;

/** One edit, as an offset range of the text before it and what replaces it. */
export interface KeystrokeEdit {
  start: number;
  end: number;
  text: string;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz_0123456789 ().,:=\'"\n';

/** `count` edits of `text`, each applied to the text the ones before it left. */
export function* keystrokeEdits(text: string, count: number): Generator<KeystrokeEdit & { after: string }> {
  const next = seededRandom(6);
  for (let i = 0; i < count; i++) {
    const offset = Math.floor(next() * text.length);
    const insert = next() < 0.5 || offset >= text.length - 1;
    const edit = insert ? { start: offset, end: offset, text: ALPHABET[Math.floor(next() * ALPHABET.length)] } : { start: offset, end: offset + 1, text: '' };
    text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    yield { ...edit, after: text };
  }
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** What `typingEdits` types on its new line, as an editor with auto-closed brackets and quotes would get it. */
export const TYPED_STATEMENT = 'total = combine(items, "label", [1, 2])';

const CLOSING: Record<string, string> = { '(': ')', '[': ']', '"': '"' };
/** A line of a block that ends a complete statement, followed by another at its indentation. */
const STATEMENT_LINE = /^([ \t]+)[A-Za-z_][^#\n]*[A-Za-z0-9_)\]]\n\1[A-Za-z_]/gm;

/**
 * Typing as a person does, in contrast to `keystrokeEdits`' scattered characters: at each of
 * `places` statements inside blocks (from a fixed seed), a new line after it, its indentation,
 * then `TYPED_STATEMENT` character by character (an opening bracket or quote brings its closer,
 * which is later typed over, as VS Code's auto-closing does), then Backspace until the text is
 * what it was. The file is the same before each place.
 */
export function* typingEdits(text: string, places: number): Generator<KeystrokeEdit & { after: string }> {
  const candidates: { end: number; indentation: string }[] = [];
  for (const m of text.matchAll(STATEMENT_LINE)) candidates.push({ end: m.index + m[0].indexOf('\n'), indentation: m[1] });
  if (candidates.length === 0) return;
  const next = seededRandom(7);
  for (let p = 0; p < places; p++) {
    const { end, indentation } = candidates[Math.floor(next() * candidates.length)];
    let at = end;
    const closers: string[] = [];
    for (const ch of `\n${indentation}${TYPED_STATEMENT}`) {
      if (closers.length && closers[closers.length - 1] === ch) {
        closers.pop();
        at++;
        continue;
      }
      const insert = ch in CLOSING ? ch + CLOSING[ch] : ch;
      if (insert.length === 2) closers.push(CLOSING[ch]);
      text = text.slice(0, at) + insert + text.slice(at);
      yield { start: at, end: at, text: insert, after: text };
      at++;
    }
    for (; at > end; at--) {
      text = text.slice(0, at - 1) + text.slice(at);
      yield { start: at - 1, end: at, text: '', after: text };
    }
  }
}
