/**
 * `--shard K/N`: the files whose path hashes to K-1 modulo N. A hash of the path, not a position
 * in the sorted list, so a file stays in its shard when others are added or removed, and every
 * machine of a CI matrix computes the same slices from the same checkout.
 */

export interface Shard {
  /** 1-based, as written on the command line. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard | undefined {
  const match = /^([1-9][0-9]{0,5})\/([1-9][0-9]{0,5})$/.exec(text);
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return index <= count ? { index, count } : undefined;
}

const encoder = new TextEncoder();

/**
 * 32-bit FNV-1a over the path's UTF-8 bytes: tiny, fixed by its specification, and the same in
 * every JavaScript engine (`Math.imul` keeps the multiplication in 32 bits).
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Whether a file, named by its display path (relative, forward slashes), is in `shard`. */
export function inShard(displayPath: string, shard: Shard): boolean {
  return fnv1a32(displayPath) % shard.count === shard.index - 1;
}
