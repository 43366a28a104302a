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
