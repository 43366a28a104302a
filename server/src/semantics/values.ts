import type { Node } from '../parser';

/** A constant a Python expression folds to. Large integers keep only their size. */
export type Const =
  | { t: 'str'; v: string }
  | { t: 'bytes'; v: number[] }
  | { t: 'int'; v: bigint }
  | { t: 'hugeint'; digits: number }
  | { t: 'float'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'none' }
  | { t: 'seq'; kind: 'list' | 'tuple'; items: Const[] };

/**
 * What an expression denotes.
 * - `qname`: a module, a module member or a builtin, as a dotted name: `os`, `os.system`,
 *   `builtins.eval`. `path` is how the code reached it when that differs (`random._os`).
 * - `const`: a folded constant.
 * - `function` / `class`: a `def`, `lambda` or `class` of this file.
 * - `container`: a list, tuple, set or dict display of this file.
 * - `instance`: an instance of a class of this file (`View()`, `self` in its methods): its
 *   attributes are the class's and what `self.x = ...` assignments give it.
 * - `namespace`: this module's own namespace (`globals()`, `vars()`, `f.__globals__`).
 * - `unknown`: anything else.
 */
export type Value =
  | { kind: 'qname'; name: string; path?: string; alias?: Node }
  | { kind: 'const'; value: Const }
  | { kind: 'function'; node: Node }
  | { kind: 'class'; node: Node }
  | { kind: 'container'; node: Node }
  | { kind: 'instance'; node: Node }
  | { kind: 'namespace' }
  | { kind: 'unknown' };

export const UNKNOWN: Value = { kind: 'unknown' };

export function constString(c: Const | undefined): string | undefined {
  return c?.t === 'str' ? c.v : undefined;
}

export function bytesToLatin1(bytes: number[]): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

// TextEncoder/TextDecoder rather than Buffer: the engine also runs in a browser worker.
export function utf8Decode(bytes: number[]): string {
  return new TextDecoder('utf-8').decode(new Uint8Array(bytes));
}

export function utf8Encode(text: string): number[] {
  return [...new TextEncoder().encode(text)];
}
