/**
 * The keystrokes of the benchmark: one-character edits at random places of a file, half typed
 * characters and half deletions, from a fixed seed, so that the LSP measurement and the reparse
 * measurement (its parser floor) see the same edits in every run.
 */

/** Edits made before the measured ones: the server's (or parser's) code is compiled by then. */
export const KEYSTROKE_WARM_UP = 10;

/** One edit, as an offset range of the text before it and what replaces it. */
export interface KeystrokeEdit {
  start: number;
  end: number;
  text: string;
}

/** A small, seeded generator: the same edits in every run of the benchmark. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz_0123456789 ().,:=\'"\n';

/** `count` edits of `text`, each applied to the text the ones before it left. */
export function* keystrokeEdits(text: string, count: number): Generator<KeystrokeEdit & { after: string }> {
  const next = random(6);
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
