/**
 * IPython's own syntax in notebook cells: shell escapes (`!cmd`, `!!cmd`, `files = !ls`), line
 * magics (`%run x.py`, `x = %sx ls`) and cell magics (`%%bash` on a cell's first line). None of
 * it is Python, so tree-sitter would turn it into error nodes that can swallow the Python around
 * it; and all of it runs on the host with the kernel's rights, outside anything a Python-level
 * policy can check. So each escape is blanked for the parser — replaced by a placeholder of the
 * same length, so every other offset, line and column stays as the editor shows it — and
 * returned, to be reported.
 *
 * Recognised where IPython recognises them: at the start of a logical line (not inside a string,
 * a bracket or after a `\` continuation), cell magics only on the cell's first non-blank line.
 * Magics whose argument is Python that the kernel runs (`%time stmt`, `%%timeit setup`) keep
 * that Python visible to the analysis: hiding `os.system(...)` behind `%time` must not work.
 */

export type EscapeKind = 'shell' | 'magic';

export interface IPythonEscape {
  kind: EscapeKind;
  /** 0-based line in the cell, and the UTF-16 span on it (from `!`/`%` to the end of the escape's text). */
  line: number;
  startCharacter: number;
  endCharacter: number;
  /** What a message quotes: `!ls -la` (shortened), `%run`, `%%bash`. */
  display: string;
}

export interface BlankedCell {
  /** The cell with every escape replaced by a same-length placeholder: what the parser sees. */
  text: string;
  escapes: IPythonEscape[];
  /** The cell is a cell magic's body in another language (`%%bash`, `%%html`): none of it is Python. */
  foreign: boolean;
}

/** Cell magics whose body is Python the kernel runs: the body stays visible to the analysis. */
const PYTHON_BODY_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug']);
/** Cell magics that hand the body to a host program: the shell, or another interpreter (IPython's script magics). */
const HOST_PROGRAM_CELL_MAGICS = new Set(['bash', 'sh', 'script', 'system', '!', 'perl', 'ruby', 'python', 'python2', 'python3', 'pypy']);
/** Line magics that run a shell command. */
const SHELL_LINE_MAGICS = new Set(['system', 'sx', 'sc', 'alias']);
/** Line magics whose argument (after options) is a Python statement the kernel runs. */
const PYTHON_ARGUMENT_LINE_MAGICS = new Set(['time', 'timeit', 'prun', 'debug']);
/** Options of those magics that take a value (`-n 100`, `-r3`); the rest are flags. */
const OPTIONS_WITH_VALUE = new Set(['n', 'r', 'p', 'l', 's', 'T', 'D', 'm', 'b']);

/** Longest command text a message quotes. */
const MAX_DISPLAY = 40;

function shorten(text: string): string {
  const trimmed = text.trimEnd();
  return trimmed.length <= MAX_DISPLAY ? trimmed : `${trimmed.slice(0, MAX_DISPLAY - 1)}…`;
}

/**
 * The placeholder for `length` characters: the expression statement `0` padded with spaces. A
 * statement, not blanks, so that `for f in files:\n    !rm $f` keeps a body and still parses.
 */
function placeholder(length: number): string {
  return length <= 0 ? '' : '0' + ' '.repeat(length - 1);
}

/** Where Python's own tokens leave the next line: inside a bracket, a string, or a continuation. */
interface LexState {
  depth: number;
  /** The quote of a triple-quoted string still open at the end of the line. */
  openTriple: string | undefined;
  /** The line ended with a backslash continuation (or inside a one-line string continued with `\`). */
  continued: boolean;
  openSingle: string | undefined;
}

/**
 * Advances the state over one line of Python (its content, without the line break): enough of
 * Python's tokenizer to know whether the next line starts a logical line.
 */
function lexLine(line: string, state: LexState): void {
  let i = 0;
  state.continued = false;
  const n = line.length;
  while (i < n) {
    if (state.openTriple) {
      const close = state.openTriple;
      while (i < n && !line.startsWith(close, i)) i += line[i] === '\\' ? 2 : 1;
      if (i < n) {
        i += 3;
        state.openTriple = undefined;
      }
      continue;
    }
    if (state.openSingle) {
      const close = state.openSingle;
      while (i < n && line[i] !== close) {
        if (line[i] === '\\') {
          if (i === n - 1) {
            // `'abc\` at the end of a line continues the string on the next line.
            state.continued = true;
            return;
          }
          i += 2;
        } else i++;
      }
      if (i < n) i++;
      state.openSingle = undefined;
      continue;
    }
    const c = line[i];
    if (c === '#') return;
    if (c === '"' || c === "'") {
      if (line.startsWith(c.repeat(3), i)) {
        state.openTriple = c.repeat(3);
        i += 3;
      } else {
        state.openSingle = c;
        i++;
      }
      continue;
    }
    if (c === '(' || c === '[' || c === '{') state.depth++;
    else if ((c === ')' || c === ']' || c === '}') && state.depth > 0) state.depth--;
    else if (c === '\\' && i === n - 1) {
      state.continued = true;
      return;
    }
    i++;
  }
  // An unterminated one-line string ends with its line (a syntax error Python reports).
  state.openSingle = undefined;
}

function startsLogicalLine(state: LexState): boolean {
  return state.depth === 0 && state.openTriple === undefined && !state.continued;
}

/** `lhs = ` of IPython's `files = !ls` and `out = %sx ls`: names, dotted names, tuples of them. */
const ASSIGNMENT_PREFIX = /^([ \t]*[\p{L}_][\p{L}\p{N}_.]*(?:[ \t]*,[ \t]*[\p{L}_][\p{L}\p{N}_.]*)*[ \t]*=[ \t]*)(?=[!%])/u;
const MAGIC_NAME = /^%{1,2}([\p{L}_!][\p{L}\p{N}_.]*|!)?/u;

/**
 * The statement a Python-argument magic runs: the offset in `rest` (what follows the magic name)
 * after its options, or undefined when nothing follows them.
 */
function statementStart(rest: string): number | undefined {
  const token = /[ \t]*(\S+)/y;
  let at = 0;
  for (;;) {
    token.lastIndex = at;
    const m = token.exec(rest);
    if (!m) return undefined;
    const word = m[1];
    if (!word.startsWith('-') || word === '-') return m.index + m[0].length - word.length;
    at = token.lastIndex;
    // `-n 100` takes the next word; `-n100` carries its value.
    if (word.length === 2 && OPTIONS_WITH_VALUE.has(word[1])) {
      token.lastIndex = at;
      const value = token.exec(rest);
      if (!value) return undefined;
      at = token.lastIndex;
    }
  }
}

/**
 * The line with its magic replaced: a Python-argument magic keeps its statement behind `pass;`
 * (same length: `%time` is five characters, like `pass;`), every other magic becomes the placeholder.
 */
function blankLineMagic(line: string, start: number, name: string, assigned: boolean): { text: string; kind: EscapeKind } {
  const kind: EscapeKind = SHELL_LINE_MAGICS.has(name) ? 'shell' : 'magic';
  const magicEnd = start + 1 + name.length;
  if (!assigned && PYTHON_ARGUMENT_LINE_MAGICS.has(name)) {
    const at = statementStart(line.slice(magicEnd));
    if (at !== undefined) {
      const keepFrom = magicEnd + at;
      return { text: line.slice(0, start) + 'pass;' + ' '.repeat(keepFrom - start - 5) + line.slice(keepFrom), kind };
    }
  }
  return { text: line.slice(0, start) + placeholder(line.length - start), kind };
}

/** Splits into lines and the breaks after them (`\r\n`, `\n`, a lone `\r`). */
function splitLines(text: string): { lines: string[]; breaks: string[] } {
  const parts = text.split(/(\r\n|\r|\n)/);
  const lines: string[] = [];
  const breaks: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    lines.push(parts[i]);
    breaks.push(parts[i + 1] ?? '');
  }
  return { lines, breaks };
}

export function blankIPythonEscapes(cell: string): BlankedCell {
  // Fast path: a cell without `!` or `%` has nothing to blank.
  if (!/[!%]/.test(cell)) return { text: cell, escapes: [], foreign: false };
  const { lines, breaks } = splitLines(cell);
  const escapes: IPythonEscape[] = [];
  let first = 0;
  while (first < lines.length && lines[first].trim() === '') first++;

  let from = 0;
  if (first < lines.length && /^[ \t]*%%/.test(lines[first])) {
    const line = lines[first];
    const start = line.indexOf('%%');
    const name = MAGIC_NAME.exec(line.slice(start))?.[1] ?? '';
    const hostProgram = HOST_PROGRAM_CELL_MAGICS.has(name);
    escapes.push({ kind: hostProgram ? 'shell' : 'magic', line: first, startCharacter: start, endCharacter: start + 2 + name.length, display: `%%${name}` });
    if (PYTHON_BODY_CELL_MAGICS.has(name)) {
      // `%%timeit -n 10 setup_statement`: the setup runs too, so it stays visible like the body.
      const rest = line.slice(start + 2 + name.length);
      const at = name === 'timeit' ? statementStart(rest) : undefined;
      const keepFrom = at === undefined ? line.length : start + 2 + name.length + at;
      lines[first] = keepFrom - start >= 5 && at !== undefined ? line.slice(0, start) + 'pass;' + ' '.repeat(keepFrom - start - 5) + line.slice(keepFrom) : line.slice(0, start) + ' '.repeat(line.length - start);
      from = first + 1;
    } else {
      // The body is shell, JavaScript, HTML, a file's content: not Python, so none of it is parsed.
      for (let i = first; i < lines.length; i++) lines[i] = ' '.repeat(lines[i].length);
      return { text: join(lines, breaks), escapes, foreign: true };
    }
  }

  const state: LexState = { depth: 0, openTriple: undefined, continued: false, openSingle: undefined };
  for (let i = from; i < lines.length; i++) {
    const line = lines[i];
    if (startsLogicalLine(state)) {
      const indent = /^[ \t\f]*/.exec(line)![0].length;
      const assignment = ASSIGNMENT_PREFIX.exec(line);
      const start = assignment ? assignment[1].length : indent;
      const c = line[start];
      if (c === '!') {
        escapes.push({ kind: 'shell', line: i, startCharacter: start, endCharacter: line.trimEnd().length, display: shorten(line.slice(start)) });
        lines[i] = line.slice(0, start) + placeholder(line.length - start);
        continue;
      }
      if (c === '%') {
        const name = MAGIC_NAME.exec(line.slice(start))?.[1] ?? '';
        const percent = line.startsWith('%%', start) ? '%%' : '%';
        // `%%name` below a cell's first line is not Python either (IPython rejects it): blanked, reported as a magic.
        const blanked = percent === '%' ? blankLineMagic(line, start, name, assignment !== null) : { text: line.slice(0, start) + placeholder(line.length - start), kind: 'magic' as const };
        escapes.push({ kind: blanked.kind, line: i, startCharacter: start, endCharacter: start + percent.length + name.length, display: `${percent}${name}` });
        lines[i] = blanked.text;
        lexLine(lines[i], state);
        continue;
      }
    }
    lexLine(line, state);
  }
  return { text: join(lines, breaks), escapes, foreign: false };
}

function join(lines: readonly string[], breaks: readonly string[]): string {
  let out = '';
  for (let i = 0; i < lines.length; i++) out += lines[i] + breaks[i];
  return out;
}
