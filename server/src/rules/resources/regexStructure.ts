/**
 * A small structural scanner for Python regular expressions: enough to see nested quantifiers
 * and overlapping alternatives under a repeat, the shapes that make a backtracking engine take
 * exponential time on a failing match. It is not a regex engine and never matches anything.
 * Groups nest through an explicit stack; patterns beyond `MAX_PATTERN` characters are skipped.
 */

export const MAX_PATTERN = 20_000;
const MAX_PAIRS = 50_000;

/**
 * A character set: ASCII one bit each, some exact characters beyond ASCII (literals such as
 * `é`), and a flag for "any character beyond ASCII" (classes such as `\w`, `.`, `[^a]`).
 */
class CharSet {
  readonly bits = new Uint32Array(4);
  readonly exact = new Set<number>();
  anyNonAscii = false;

  add(code: number): this {
    if (code <= 127) this.bits[code >> 5] |= 1 << (code & 31);
    else if (this.exact.size < 256) this.exact.add(code);
    else this.anyNonAscii = true;
    return this;
  }
  addRange(from: number, to: number): this {
    for (let c = from; c <= Math.min(to, 127); c++) this.add(c);
    if (to > 127) {
      if (to - Math.max(from, 128) < 64) for (let c = Math.max(from, 128); c <= to; c++) this.add(c);
      else this.anyNonAscii = true;
    }
    return this;
  }
  addAnyNonAscii(): this {
    this.anyNonAscii = true;
    return this;
  }
  union(other: CharSet): this {
    for (let i = 0; i < 4; i++) this.bits[i] |= other.bits[i];
    for (const c of other.exact) this.add(c);
    this.anyNonAscii ||= other.anyNonAscii;
    return this;
  }
  invert(): this {
    for (let i = 0; i < 4; i++) this.bits[i] = ~this.bits[i];
    // A negated set matches almost every character beyond ASCII.
    this.exact.clear();
    this.anyNonAscii = true;
    return this;
  }
  intersects(other: CharSet): boolean {
    for (let i = 0; i < 4; i++) if (this.bits[i] & other.bits[i]) return true;
    if (this.anyNonAscii && (other.anyNonAscii || other.exact.size)) return true;
    if (other.anyNonAscii && this.exact.size) return true;
    for (const c of this.exact) if (other.exact.has(c)) return true;
    return false;
  }
  isEmpty(): boolean {
    return this.bits.every((b) => b === 0) && this.exact.size === 0 && !this.anyNonAscii;
  }
}

function classSet(letter: string): CharSet | undefined {
  const s = new CharSet();
  switch (letter.toLowerCase()) {
    case 'd':
      s.addRange(48, 57).addAnyNonAscii();
      break;
    case 'w':
      s.addRange(48, 57).addRange(65, 90).addRange(97, 122).add(95).addAnyNonAscii();
      break;
    case 's':
      for (const c of [9, 10, 11, 12, 13, 32]) s.add(c);
      break;
    default:
      return undefined;
  }
  return letter === letter.toUpperCase() ? s.invert() : s;
}

const ANY = (): CharSet => new CharSet().addRange(0, 9).addRange(11, 127).addAnyNonAscii();
const ALL = (): CharSet => new CharSet().addRange(0, 127).addAnyNonAscii();

/** One element of a sequence: an atom with its quantifier. */
export interface Item {
  kind: 'set' | 'group' | 'empty';
  /** Characters the atom can start with / consist of. */
  set: CharSet;
  /** Alternatives of a group, each a sequence. */
  alternatives?: Item[][];
  /** Lookarounds and atomic groups do not backtrack into their content from outside. */
  opaque?: boolean;
  min: number;
  max: number;
  /** Possessive quantifier: no backtracking. */
  possessive?: boolean;
  start: number;
  end: number;
}

interface Frame {
  alternatives: Item[][];
  start: number;
  opaque: boolean;
}

/** Parses a pattern into its top-level alternatives, or undefined when it cannot be read. */
export function parseRegex(pattern: string, verbose: boolean): Item[][] | undefined {
  if (pattern.length > MAX_PATTERN) return undefined;
  const root: Frame = { alternatives: [[]], start: 0, opaque: false };
  const stack: Frame[] = [root];
  let i = 0;
  const current = (): Item[] => {
    const f = stack[stack.length - 1];
    return f.alternatives[f.alternatives.length - 1];
  };
  const atom = (set: CharSet, start: number, kind: Item['kind'] = 'set'): void => {
    current().push({ kind, set, min: 1, max: 1, start, end: i });
  };
  while (i < pattern.length) {
    const start = i;
    const ch = pattern[i];
    if (verbose && /\s/.test(ch)) { i++; continue; }
    if (verbose && ch === '#') {
      while (i < pattern.length && pattern[i] !== '\n') i++;
      continue;
    }
    switch (ch) {
      case '\\': {
        const next = pattern[i + 1];
        if (next === undefined) return undefined;
        i += 2;
        const cls = classSet(next);
        if (cls) atom(cls, start);
        else if ('bBAZz'.includes(next)) current().push({ kind: 'empty', set: new CharSet(), min: 0, max: 0, start, end: i });
        else if (/[1-9]/.test(next)) {
          while (/[0-9]/.test(pattern[i] ?? '')) i++;
          atom(ALL(), start);
        } else {
          const code = escapeCode(pattern, start);
          i = code.end;
          atom(new CharSet().add(code.code), start);
        }
        continue;
      }
      case '[': {
        const parsed = parseClass(pattern, i);
        if (!parsed) return undefined;
        i = parsed.end;
        atom(parsed.set, start);
        continue;
      }
      case '.':
        i++;
        atom(ANY(), start);
        continue;
      case '^':
      case '$':
        i++;
        current().push({ kind: 'empty', set: new CharSet(), min: 0, max: 0, start, end: i });
        continue;
      case '(': {
        let opaque = false;
        i++;
        if (pattern[i] === '?') {
          const rest = pattern.slice(i + 1, i + 4);
          if (rest.startsWith('#')) {
            const close = pattern.indexOf(')', i);
            if (close < 0) return undefined;
            i = close + 1;
            continue;
          }
          if (rest.startsWith('P=')) {
            const close = pattern.indexOf(')', i);
            if (close < 0) return undefined;
            i = close + 1;
            atom(ALL(), start);
            continue;
          }
          if (/^[aiLmsux]*(-[imsx]*)?\)/.test(pattern.slice(i + 1))) {
            // Inline flags alone: `(?i)`.
            i = pattern.indexOf(')', i) + 1;
            continue;
          }
          if (rest.startsWith('=') || rest.startsWith('!') || rest.startsWith('<=') || rest.startsWith('<!') || rest.startsWith('>')) opaque = true;
          // Skip the group's header: `?:`, `?P<name>`, `?<name>`, `?=`, `?(1)`, `?i:`.
          const header = /^\?(?:P?<(?![=!])[^>]*>|\(\w+\)|[aiLmsux]*(?:-[imsx]*)?:|<?[=!]|>|:)/.exec(pattern.slice(i));
          if (!header) return undefined;
          i += header[0].length;
        }
        stack.push({ alternatives: [[]], start, opaque });
        continue;
      }
      case ')': {
        if (stack.length === 1) return undefined;
        const frame = stack.pop()!;
        i++;
        const set = new CharSet();
        for (const alt of frame.alternatives) for (const it of alt) set.union(it.set);
        current().push({ kind: 'group', set, alternatives: frame.alternatives, opaque: frame.opaque, min: 1, max: 1, start: frame.start, end: i });
        continue;
      }
      case '|':
        i++;
        stack[stack.length - 1].alternatives.push([]);
        continue;
      case '*':
      case '+':
      case '?':
      case '{': {
        const q = quantifier(pattern, i);
        if (!q) {
          // `{` that is not a quantifier is a literal.
          i++;
          atom(new CharSet().add(ch.charCodeAt(0)), start);
          continue;
        }
        const seq = current();
        const last = seq[seq.length - 1];
        i = q.end;
        if (!last || last.kind === 'empty' || last.max !== 1 || last.min !== 1) {
          // `a**` is an error in Python, `a*?` is a lazy quantifier (handled in `quantifier`).
          if (!last) return undefined;
          continue;
        }
        last.min = q.min;
        last.max = q.max;
        last.possessive = q.possessive;
        last.end = i;
        continue;
      }
      default:
        i++;
        atom(new CharSet().add(pattern.codePointAt(start) ?? 0), start);
        if ((pattern.codePointAt(start) ?? 0) > 0xffff) i++;
    }
  }
  if (stack.length !== 1) return undefined;
  return root.alternatives;
}

function quantifier(p: string, i: number): { min: number; max: number; end: number; possessive: boolean } | undefined {
  let min: number;
  let max: number;
  let end: number;
  if (p[i] === '*') [min, max, end] = [0, Infinity, i + 1];
  else if (p[i] === '+') [min, max, end] = [1, Infinity, i + 1];
  else if (p[i] === '?') [min, max, end] = [0, 1, i + 1];
  else {
    const m = /^\{(\d*)(,?)(\d*)\}/.exec(p.slice(i, i + 40));
    if (!m || (m[1] === '' && m[2] === '')) return undefined;
    min = m[1] ? Number(m[1]) : 0;
    max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min;
    end = i + m[0].length;
  }
  let possessive = false;
  if (p[end] === '?') end++;
  else if (p[end] === '+') {
    possessive = true;
    end++;
  }
  return { min, max, end, possessive };
}

function escapeCode(p: string, at: number): { code: number; end: number } {
  const c = p[at + 1];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11, a: 7, '0': 0 };
  if (c in simple) return { code: simple[c], end: at + 2 };
  const hex = /^\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/.exec(p.slice(at, at + 10));
  if (hex) return { code: parseInt(hex[1] ?? hex[2] ?? hex[3], 16), end: at + hex[0].length };
  return { code: p.codePointAt(at + 1) ?? 0, end: at + 2 };
}

function parseClass(p: string, at: number): { set: CharSet; end: number } | undefined {
  let i = at + 1;
  const negate = p[i] === '^';
  if (negate) i++;
  const set = new CharSet();
  let first = true;
  while (i < p.length && (p[i] !== ']' || first)) {
    first = false;
    let from: number;
    if (p[i] === '\\') {
      const cls = classSet(p[i + 1] ?? '');
      if (cls) {
        set.union(cls);
        i += 2;
        continue;
      }
      const e = escapeCode(p, i);
      from = e.code;
      i = e.end;
    } else {
      from = p.codePointAt(i) ?? 0;
      i += from > 0xffff ? 2 : 1;
    }
    if (p[i] === '-' && p[i + 1] !== ']' && i + 1 < p.length) {
      i++;
      let to: number;
      if (p[i] === '\\') {
        const e = escapeCode(p, i);
        to = e.code;
        i = e.end;
      } else {
        to = p.codePointAt(i) ?? 0;
        i += to > 0xffff ? 2 : 1;
      }
      set.addRange(from, to);
    } else set.add(from);
  }
  if (p[i] !== ']') return undefined;
  return { set: negate ? set.invert() : set, end: i + 1 };
}

/** A quantifier that lets the same text be split between repetitions in more than one way. */
function repeatsVariably(item: Item): boolean {
  return !item.possessive && item.max >= 2 && item.max > item.min && !item.set.isEmpty();
}

/** Which items can absorb a variable amount of text, computed once per pattern. */
type Absorbing = Map<Item, boolean>;

/**
 * A sequence whose repetitions can split the same text in many ways: it holds an absorbing
 * item, and every other item is optional or made of characters the absorbing one also takes
 * (`\w+\s?`, `.*a`), so nothing pins where one repetition ends and the next begins.
 */
function sequenceAbsorbs(seq: Item[], absorbing: Absorbing): boolean {
  for (const x of seq) {
    if (!absorbing.get(x)) continue;
    if (seq.every((y) => y === x || y.min === 0 || y.kind === 'empty' || absorbing.get(y) || (y.set.intersects(x.set) && !y.opaque))) return true;
  }
  return false;
}

/**
 * For every item: can it absorb a variable amount of text on its own — a variably repeated
 * atom or group, or a plain group one of whose alternatives can (`(a+)`, `(?:\w+\s?)`)?
 * Computed bottom-up (reverse pre-order: inner groups first) so deep nesting costs no stack.
 */
function absorbingItems(alternatives: Item[][]): Absorbing {
  const order: Item[] = [];
  const stack: Item[] = alternatives.flat();
  while (stack.length) {
    const item = stack.pop()!;
    order.push(item);
    for (const alt of item.alternatives ?? []) stack.push(...alt);
  }
  const absorbing: Absorbing = new Map();
  for (let i = order.length - 1; i >= 0; i--) {
    const item = order[i];
    const value =
      !item.opaque &&
      (repeatsVariably(item) || (item.kind === 'group' && item.min === 1 && item.max === 1 && !!item.alternatives?.some((alt) => sequenceAbsorbs(alt, absorbing))));
    absorbing.set(item, value);
  }
  return absorbing;
}

/** Fixed-length alternative as one character set per position, or undefined. */
function fixedShape(seq: Item[]): CharSet[] | undefined {
  const out: CharSet[] = [];
  for (const it of seq) {
    if (it.kind === 'empty') continue;
    if (it.kind !== 'set' || it.min !== it.max || it.min > 16) return undefined;
    for (let k = 0; k < it.min; k++) out.push(it.set);
  }
  return out;
}

/** Two alternatives that can match the same text (`a|a`, `\w|\d`, `a|aa`, `\w+|\d`). */
function overlap(a: Item[], b: Item[], absorbing: Absorbing): boolean {
  const first = (seq: Item[]): CharSet => {
    const s = new CharSet();
    for (const it of seq) {
      s.union(it.set);
      if (it.min > 0) break;
    }
    return s;
  };
  if (!first(a).intersects(first(b))) return false;
  if (a.some((it) => absorbing.get(it)) || b.some((it) => absorbing.get(it))) return true;
  // `a|a?`, `a|ab?`: an optional item makes an alternative a few fixed shapes.
  const [ha, hb] = [fixedShapes(a), fixedShapes(b)];
  if (!ha || !hb) return false;
  for (const sa of ha) for (const sb of hb) if (shapesOverlap(sa, sb)) return true;
  return false;
}

function shapesOverlap(sa: CharSet[], sb: CharSet[]): boolean {
  if (!sa.length || !sb.length) return false;
  if (sa.length === sb.length) return sa.every((s, k) => s.intersects(sb[k]));
  // `a|aa`: the longer one is a run of what the shorter one matches.
  const [short, long] = sa.length < sb.length ? [sa, sb] : [sb, sa];
  const all = new CharSet();
  for (const s of short) all.union(s);
  return long.every((s) => s.intersects(all));
}

/** The fixed shapes of an alternative whose items repeat a fixed count or at most twice (`a?`, `a{1,2}`): a few, never many. */
function fixedShapes(seq: Item[]): CharSet[][] | undefined {
  const exact = fixedShape(seq);
  if (exact) return [exact];
  let shapes: CharSet[][] = [[]];
  for (const it of seq) {
    if (it.kind === 'empty') continue;
    if (it.kind !== 'set' || it.max > 16 || it.max - it.min > 2) return undefined;
    const next: CharSet[][] = [];
    for (const shape of shapes) for (let k = it.min; k <= it.max; k++) next.push([...shape, ...Array<CharSet>(k).fill(it.set)]);
    if (next.length > 16) return undefined;
    shapes = next;
  }
  return shapes;
}

export interface Redos {
  /** Offsets of the offending repeated group in the pattern. */
  start: number;
  end: number;
  reason: 'nested-quantifier' | 'overlapping-alternatives';
}

/** The first repeated group that can backtrack exponentially, scanning groups with an explicit stack. */
export function findRedos(alternatives: Item[][]): Redos | undefined {
  const absorbing = absorbingItems(alternatives);
  // Pairs of alternatives compared, over the whole pattern: `(a|b|c|...)` with thousands of
  // alternatives would otherwise cost millions of comparisons.
  let pairs = MAX_PAIRS;
  const stack: Item[][] = [...alternatives];
  let found: Redos | undefined;
  while (stack.length) {
    const seq = stack.pop()!;
    for (const item of seq) {
      if (item.kind !== 'group' || !item.alternatives) continue;
      stack.push(...item.alternatives);
      // A fixed count of ten or more (`(.*a){20}`) splits text as many ways as a variable one: n^20.
      const fixedMany = !item.possessive && item.min === item.max && item.max >= 10 && item.max !== Infinity;
      if ((!repeatsVariably(item) && !fixedMany) || item.max < 10 || item.opaque) continue;
      let reason: Redos['reason'] | undefined;
      if (item.alternatives.some((alt) => sequenceAbsorbs(alt, absorbing))) reason = 'nested-quantifier';
      else if (fixedMany) continue;
      else {
        const alts = item.alternatives;
        for (let x = 0; x < alts.length && !reason && pairs > 0; x++) {
          for (let y = x + 1; y < alts.length && !reason && pairs-- > 0; y++) if (overlap(alts[x], alts[y], absorbing)) reason = 'overlapping-alternatives';
        }
      }
      if (reason && (!found || item.start < found.start)) found = { start: item.start, end: item.end, reason };
    }
  }
  return found;
}
