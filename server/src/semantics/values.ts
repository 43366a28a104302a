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

export type QNameValue = Extract<Value, { kind: 'qname' }>;
type NodeKind = 'function' | 'class' | 'container' | 'instance';

/**
 * Every `Value` is made by the functions below, as an object of this one class whose fields are
 * all set, in one order. Object literals of each kind (and qnames with or without `path` and
 * `alias`) were about ten hidden classes at every `v.kind` of the resolver, the folder and the
 * rules: V8 compiled those functions for the few it had seen, deoptimised on the next ("wrong
 * map") and compiled them again, many times a scan and again in each worker.
 */
class ValueRecord {
  constructor(
    readonly kind: Value['kind'],
    readonly name: string | undefined,
    readonly path: string | undefined,
    readonly alias: Node | undefined,
    readonly value: Const | undefined,
    readonly node: Node | undefined,
  ) {}
}

/** A module, module member or builtin (see `Value`). */
export function qnameValue(name: string, path?: string, alias?: Node): QNameValue {
  return new ValueRecord('qname', name, path, alias, undefined, undefined) as QNameValue;
}

export function constValue(value: Const): Value {
  return new ValueRecord('const', undefined, undefined, undefined, value, undefined) as Value;
}

/** A `def`, `lambda`, class, display or instance of this file. */
export function nodeValue(kind: NodeKind, node: Node): Value {
  return new ValueRecord(kind, undefined, undefined, undefined, undefined, node) as Value;
}

/** This module's namespace (a new object each time, as every value is). */
export function namespaceValue(): Value {
  return new ValueRecord('namespace', undefined, undefined, undefined, undefined, undefined) as Value;
}
export const UNKNOWN: Value = new ValueRecord('unknown', undefined, undefined, undefined, undefined, undefined) as Value;

/** Whether a constant is or holds a list (`(["re"],)`): a value something may change in place. */
export function holdsList(c: Const): boolean {
  const stack: Const[] = [c];
  while (stack.length) {
    const v = stack.pop()!;
    if (v.t !== 'seq') continue;
    if (v.kind === 'list') return true;
    stack.push(...v.items);
  }
  return false;
}

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
