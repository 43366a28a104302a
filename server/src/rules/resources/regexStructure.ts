/**
 * A small structural scanner for Python regular expressions: enough to see nested quantifiers
 * and overlapping alternatives under a repeat, the shapes that make a backtracking engine take
 * exponential time on a failing match. It is not a regex engine and never matches anything.
 * Groups nest through an explicit stack; patterns beyond `MAX_PATTERN` characters are skipped.
 */

export const MAX_PATTERN = 20_000;

/** Characters 0..127 one bit each, plus bit 128 for "some character beyond ASCII". */
class CharSet {
  readonly bits = new Uint32Array(5);
  static readonly NON_ASCII = 128;

  add(code: number): this {
    const c = code > 127 ? CharSet.NON_ASCII : code;
    this.bits[c >> 5] |= 1 << (c & 31);
    return this;
  }
  addRange(from: number, to: number): this {
    for (let c = from; c <= Math.min(to, 127); c++) this.add(c);
    if (to > 127) this.add(CharSet.NON_ASCII);
    return this;
  }
  union(other: CharSet): this {
    for (let i = 0; i < 5; i++) this.bits[i] |= other.bits[i];
    return this;
  }
  invert(): this {
    for (let i = 0; i < 4; i++) this.bits[i] = ~this.bits[i];
    // Any negated set matches some non-ASCII character.
    this.bits[4] = 1;
    return this;
  }
  intersects(other: CharSet): boolean {
    for (let i = 0; i < 5; i++) if (this.bits[i] & other.bits[i]) return true;
    return false;
  }
  isEmpty(): boolean {
    return this.bits.every((b) => b === 0);
  }
}

function classSet(letter: string): CharSet | undefined {
  const s = new CharSet();
  switch (letter.toLowerCase()) {
    case 'd':
      s.addRange(48, 57).add(CharSet.NON_ASCII);
      break;
    case 'w':
      s.addRange(48, 57).addRange(65, 90).addRange(97, 122).add(95).add(CharSet.NON_ASCII);
      break;
    case 's':
      for (const c of [9, 10, 11, 12, 13, 32]) s.add(c);
      break;
    default:
      return undefined;
  }
  return letter === letter.toUpperCase() ? s.invert() : s;
}

const ANY = (): CharSet => new CharSet().addRange(0, 9).addRange(11, 127).add(CharSet.NON_ASCII);
const ALL = (): CharSet => new CharSet().addRange(0, 127).add(CharSet.NON_ASCII);

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

/**
 * An item that can absorb a variable amount of text on its own: a variably repeated atom or
 * group, or a plain group one of whose alternatives can (`(a+)`, `(?:\w+\s?)`).
 */
function absorbs(item: Item): boolean {
  if (item.opaque) return false;
  if (repeatsVariably(item)) return true;
  return item.kind === 'group' && item.min === 1 && item.max === 1 && !!item.alternatives?.some((alt) => sequenceAbsorbs(alt));
}

/**
 * A sequence whose repetitions can split the same text in many ways: it holds an absorbing
 * item, and every other item is optional or made of characters the absorbing one also takes
 * (`\w+\s?`, `.*a`), so nothing pins where one repetition ends and the next begins.
 */
function sequenceAbsorbs(seq: Item[]): boolean {
  for (const x of seq) {
    if (!absorbs(x)) continue;
    if (seq.every((y) => y === x || y.min === 0 || y.kind === 'empty' || absorbs(y) || (y.set.intersects(x.set) && !y.opaque))) return true;
  }
  return false;
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
function overlap(a: Item[], b: Item[]): boolean {
  const first = (seq: Item[]): CharSet => {
    const s = new CharSet();
    for (const it of seq) {
      s.union(it.set);
      if (it.min > 0) break;
    }
    return s;
  };
  if (!first(a).intersects(first(b))) return false;
  if (a.some(absorbs) || b.some(absorbs)) return true;
  const [sa, sb] = [fixedShape(a), fixedShape(b)];
  if (!sa || !sb || !sa.length || !sb.length) return false;
  if (sa.length === sb.length) return sa.every((s, k) => s.intersects(sb[k]));
  // `a|aa`: the longer one is a run of what the shorter one matches.
  const [short, long] = sa.length < sb.length ? [sa, sb] : [sb, sa];
  const all = new CharSet();
  for (const s of short) all.union(s);
  return long.every((s) => s.intersects(all));
}

export interface Redos {
  /** Offsets of the offending repeated group in the pattern. */
  start: number;
  end: number;
  reason: 'nested-quantifier' | 'overlapping-alternatives';
}

/** The first repeated group that can backtrack exponentially, scanning groups with an explicit stack. */
export function findRedos(alternatives: Item[][]): Redos | undefined {
  const stack: Item[][] = [...alternatives];
  let found: Redos | undefined;
  while (stack.length) {
    const seq = stack.pop()!;
    for (const item of seq) {
      if (item.kind !== 'group' || !item.alternatives) continue;
      stack.push(...item.alternatives);
      if (!repeatsVariably(item) || item.max < 10 || item.opaque) continue;
      let reason: Redos['reason'] | undefined;
      if (item.alternatives.some((alt) => sequenceAbsorbs(alt))) reason = 'nested-quantifier';
      else {
        const alts = item.alternatives;
        for (let x = 0; x < alts.length && !reason; x++) for (let y = x + 1; y < alts.length && !reason; y++) if (overlap(alts[x], alts[y])) reason = 'overlapping-alternatives';
      }
      if (reason && (!found || item.start < found.start)) found = { start: item.start, end: item.end, reason };
    }
  }
  return found;
}
