/**
 * Path globs for `exclude` and `per-file-ignores`.
 *
 * Not picomatch's matcher: picomatch compiles `*` to a lazy `[^/]*?` in a backtracking RegExp, so
 * a pattern such as `*a*a*a*b` takes seconds on a 250-character file name and minutes on a longer
 * one — and both the policy file and the file names come from the workspace. This matcher
 * simulates the pattern as a set of states (a Thompson NFA), so a match costs at most
 * path length × pattern length steps, whatever the pattern. On the patterns people write it agrees
 * with picomatch (`{ dot: true }`); test/policy/glob.test.ts checks both that and the definition
 * below against a plain RegExp translation, property by property.
 *
 * Syntax: `*` any run of characters except `/` (leading dots included), `?` one character except
 * `/`, `[abc]`, `[a-z]`, `[!a]`/`[^a]` one character of a class (never `/`), `**` as a whole
 * segment zero or more segments (elsewhere it is `*`), `{a,b}` alternatives (not nested), `\x`
 * the character `x`. A pattern without `/` matches a file or folder name at any depth (like
 * `.gitignore`); a pattern with `/` is anchored at the policy file's folder. Either way a pattern
 * that matches a folder matches everything below it.
 */

export const MAX_GLOB_LENGTH = 256;
const MAX_ALTERNATIVES = 32;
/**
 * Paths longer than this never match. Both uses fail closed: an unmatched `exclude` analyses the
 * file, an unmatched `per-file-ignores` keeps its findings.
 */
export const MAX_MATCHED_PATH_LENGTH = 4096;

type Token =
  | { kind: 'char'; char: string }
  | { kind: 'one' }
  | { kind: 'class'; negated: boolean; ranges: [string, string][] }
  | { kind: 'star' }
  /** Zero or more whole segments, each followed by `/` (a leading `**\/` or a middle `/**\/`). */
  | { kind: 'segments' }
  /** Nothing, or `/` and anything after it (a trailing `/**`, or "and everything below"). */
  | { kind: 'below' };

export interface GlobMatcher {
  readonly pattern: string;
  matches(relativePath: string): boolean;
}

export class GlobError extends Error {}

/** Compiles a glob or throws a `GlobError` saying what is wrong with it. */
export function compileGlob(pattern: string): GlobMatcher {
  const programs = compileAlternatives(pattern, true);
  return {
    pattern,
    matches: (relativePath) => programs.some((tokens) => runTokens(tokens, relativePath)),
  };
}

/**
 * The bare matcher: the whole path against the whole pattern, no "any depth" and no "everything
 * below". Exported for the property test against picomatch.
 */
export function compileGlobExact(pattern: string): GlobMatcher {
  const programs = compileAlternatives(pattern, false);
  return { pattern, matches: (p) => programs.some((tokens) => runTokens(tokens, p)) };
}

function compileAlternatives(pattern: string, policySemantics: boolean): Token[][] {
  if (pattern.length === 0) throw new GlobError('a glob cannot be empty');
  if (pattern.length > MAX_GLOB_LENGTH) throw new GlobError(`a glob is at most ${MAX_GLOB_LENGTH} characters long (this one has ${pattern.length})`);
  return expandBraces(pattern).map((alternative) => {
    let text = alternative;
    if (!policySemantics) return tokenize(text);
    while (text.startsWith('./')) text = text.slice(2);
    while (text.startsWith('/')) text = text.slice(1);
    while (text.endsWith('/')) text = text.slice(0, -1);
    if (text === '' || text === '.') throw new GlobError(`'${pattern}' names the policy file's folder itself; use '**' to match every file`);
    const anchored = text.includes('/');
    const tokens = tokenize(text);
    if (!anchored && !(tokens.length > 0 && tokens[0].kind === 'segments')) tokens.unshift({ kind: 'segments' });
    if (tokens[tokens.length - 1]?.kind !== 'below') tokens.push({ kind: 'below' });
    return tokens;
  });
}

/** `{a,b}` groups, expanded up front; nesting and huge expansions are refused, not truncated. */
function expandBraces(pattern: string): string[] {
  let results = [''];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      results = results.map((r) => r + pattern.slice(i, i + 2));
      i += 2;
      continue;
    }
    if (c === '[') {
      const end = classEnd(pattern, i);
      if (end > 0) {
        results = results.map((r) => r + pattern.slice(i, end + 1));
        i = end + 1;
        continue;
      }
    }
    if (c === '{') {
      const options: string[] = [];
      let current = '';
      let j = i + 1;
      let closed = false;
      for (; j < pattern.length; j++) {
        const d = pattern[j];
        if (d === '\\' && j + 1 < pattern.length) {
          current += pattern.slice(j, j + 2);
          j++;
        } else if (d === '{') {
          throw new GlobError(`nested braces are not supported in '${pattern}'`);
        } else if (d === ',') {
          options.push(current);
          current = '';
        } else if (d === '}') {
          options.push(current);
          closed = true;
          break;
        } else current += d;
      }
      if (!closed) throw new GlobError(`unclosed '{' in '${pattern}'`);
      if (results.length * options.length > MAX_ALTERNATIVES) {
        throw new GlobError(`'${pattern}' expands to more than ${MAX_ALTERNATIVES} alternatives`);
      }
      results = results.flatMap((r) => options.map((o) => r + o));
      i = j + 1;
      continue;
    }
    if (c === '}') throw new GlobError(`unmatched '}' in '${pattern}'`);
    results = results.map((r) => r + c);
    i++;
  }
  return results;
}

/** Index of the `]` closing the class that opens at `start`, or -1 when `[` is a literal. */
function classEnd(pattern: string, start: number): number {
  let j = start + 1;
  if (pattern[j] === '!' || pattern[j] === '^') j++;
  if (pattern[j] === ']') j++;
  for (; j < pattern.length; j++) {
    if (pattern[j] === '\\') j++;
    else if (pattern[j] === ']') return j;
    else if (pattern[j] === '/') return -1;
  }
  return -1;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const segments = splitSegments(text);
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') {
      const previous = tokens[tokens.length - 1];
      if (last) {
        if (previous?.kind === 'char' && previous.char === '/') {
          // `a/**`: `below` brings its own `/`, and also matches `a` itself (as picomatch does).
          tokens.pop();
          tokens.push({ kind: 'below' });
        } else {
          if (previous?.kind !== 'segments') tokens.push({ kind: 'segments' });
          tokens.push({ kind: 'star' });
        }
        return;
      }
      if (previous?.kind !== 'segments') tokens.push({ kind: 'segments' });
      return;
    }
    tokenizeSegment(segment, tokens);
    if (!last) tokens.push({ kind: 'char', char: '/' });
  });
  return tokens;
}

function splitSegments(text: string): string[] {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      current += text.slice(i, i + 2);
      i++;
    } else if (c === '[' && classEnd(text, i) > 0) {
      const end = classEnd(text, i);
      current += text.slice(i, end + 1);
      i = end;
    } else if (c === '/') {
      segments.push(current);
      current = '';
    } else current += c;
  }
  segments.push(current);
  return segments;
}

function tokenizeSegment(segment: string, tokens: Token[]): void {
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '\\' && i + 1 < segment.length) {
      tokens.push({ kind: 'char', char: segment[++i] });
    } else if (c === '*') {
      while (segment[i + 1] === '*') i++;
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') {
      tokens.push({ kind: 'one' });
    } else if (c === '[' && classEnd(segment, i) > 0) {
      const end = classEnd(segment, i);
      tokens.push(parseClass(segment.slice(i + 1, end)));
      i = end;
    } else {
      tokens.push({ kind: 'char', char: c });
    }
  }
}

function parseClass(body: string): Token {
  let negated = false;
  let i = 0;
  if (body[0] === '!' || body[0] === '^') {
    negated = true;
    i = 1;
  }
  const ranges: [string, string][] = [];
  for (; i < body.length; i++) {
    let lo = body[i];
    if (lo === '\\' && i + 1 < body.length) lo = body[++i];
    if (body[i + 1] === '-' && i + 2 < body.length) {
      let hi = body[i + 2];
      i += 2;
      if (hi === '\\' && i + 1 < body.length) hi = body[++i];
      ranges.push([lo, hi]);
    } else ranges.push([lo, lo]);
  }
  return { kind: 'class', negated, ranges };
}

function classMatches(token: Extract<Token, { kind: 'class' }>, c: string): boolean {
  if (c === '/') return false;
  const inside = token.ranges.some(([lo, hi]) => c >= lo && c <= hi);
  return inside !== token.negated;
}

/**
 * NFA simulation. State `2i` is "before token i"; state `2i + 1` is "inside token i" for the two
 * tokens that need a second state (`segments` after a non-slash, `below` after its `/`).
 */
function runTokens(tokens: Token[], path: string): boolean {
  if (path.length > MAX_MATCHED_PATH_LENGTH) return false;
  const accept = 2 * tokens.length;
  let current = new Uint8Array(accept + 2);
  let next = new Uint8Array(accept + 2);
  const active: number[] = [];
  let nextActive: number[] = [];

  const add = (set: Uint8Array, list: number[], state: number): void => {
    // Epsilon closure, iteratively: each state is added once per step.
    const stack = [state];
    while (stack.length) {
      const s = stack.pop()!;
      if (set[s]) continue;
      set[s] = 1;
      list.push(s);
      if (s === accept || s % 2 === 1) {
        if (s % 2 === 1 && tokens[(s - 1) / 2].kind === 'below') stack.push(s + 1);
        continue;
      }
      const token = tokens[s / 2];
      if (token.kind === 'star' || token.kind === 'segments' || token.kind === 'below') stack.push(s + 2);
    }
  };

  add(current, active, 0);
  for (let p = 0; p < path.length && active.length > 0; p++) {
    const c = path[p];
    nextActive = [];
    for (const s of active) {
      if (s === accept) continue;
      const i = s >> 1;
      const token = tokens[i];
      const inside = s % 2 === 1;
      switch (token.kind) {
        case 'char':
          if (c === token.char) add(next, nextActive, s + 2);
          break;
        case 'one':
          if (c !== '/') add(next, nextActive, s + 2);
          break;
        case 'class':
          if (classMatches(token, c)) add(next, nextActive, s + 2);
          break;
        case 'star':
          if (c !== '/') add(next, nextActive, s);
          break;
        case 'segments':
          // A segment is one or more non-slash characters and its closing `/`.
          if (c === '/') {
            if (inside) add(next, nextActive, s - 1);
          } else add(next, nextActive, inside ? s : s + 1);
          break;
        case 'below':
          if (inside) add(next, nextActive, s);
          else if (c === '/') add(next, nextActive, s + 1);
          break;
      }
    }
    for (const s of active) current[s] = 0;
    [current, next] = [next, current];
    active.length = 0;
    active.push(...nextActive);
  }
  return current[accept] === 1;
}
