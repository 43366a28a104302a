/**
 * Strict JSON (RFC 8259) parsed into a tree that remembers where each value is in the text:
 * `--fix` rewrites a notebook's changed `source` arrays in place and leaves every other byte
 * alone, and SARIF points at the line of the `.ipynb` file where a finding's source line is.
 * Iterative, so a hostile file nested a million arrays deep cannot overflow the stack.
 */

export type JsonNode =
  | { type: 'object'; start: number; end: number; entries: { key: string; value: JsonNode }[] }
  | { type: 'array'; start: number; end: number; items: JsonNode[] }
  | { type: 'string'; start: number; end: number; value: string }
  | { type: 'number'; start: number; end: number; value: number }
  | { type: 'boolean'; start: number; end: number; value: boolean }
  | { type: 'null'; start: number; end: number; value: null };

export type JsonParseResult = { ok: true; root: JsonNode } | { ok: false; offset: number; message: string };

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

type Container =
  | { node: Extract<JsonNode, { type: 'object' }>; key: string | undefined }
  | { node: Extract<JsonNode, { type: 'array' }>; key?: undefined };

export function parseJsonWithLocations(text: string): JsonParseResult {
  try {
    return { ok: true, root: parse(text) };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, offset: error.offset, message: error.message };
    throw error;
  }
}

function parse(text: string): JsonNode {
  let at = 0;
  const skipWhitespace = (): void => {
    WHITESPACE.lastIndex = at;
    WHITESPACE.exec(text);
    at = WHITESPACE.lastIndex;
  };
  const fail = (message: string): never => {
    throw new JsonSyntaxError(at, at >= text.length ? `unexpected end of JSON (${message})` : `${message}, found '${text[at]}'`);
  };
  // A loop, not a regular expression: a notebook's outputs hold strings of megabytes, and a
  // backtracking regex over them can exhaust its own stack.
  const readString = (): { value: string; start: number; end: number } => {
    if (text[at] !== '"') return fail('expected a string');
    const start = at++;
    for (;;) {
      if (at >= text.length) return fail('unterminated string');
      const code = text.charCodeAt(at);
      if (code === 0x22) break;
      if (code < 0x20) return fail('control character in a string');
      if (code === 0x5c) {
        const next = text[at + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) return fail('invalid \\u escape');
          at += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          at += 2;
        } else {
          return fail('invalid escape');
        }
      } else {
        at++;
      }
    }
    at++;
    return { value: JSON.parse(text.slice(start, at)) as string, start, end: at };
  };

  const stack: Container[] = [];
  let root: JsonNode | undefined;
  /** Hands a finished value to its container, or makes it the root. */
  const place = (node: JsonNode): void => {
    const top = stack[stack.length - 1];
    if (!top) root = node;
    else if (top.node.type === 'array') top.node.items.push(node);
    else top.node.entries.push({ key: top.key!, value: node });
  };

  // Each turn reads one value, or closes containers; `expectValue` says which comes next.
  let expectValue = true;
  for (;;) {
    skipWhitespace();
    if (expectValue) {
      const start = at;
      const c = text[at];
      if (c === '{' || c === '[') {
        at++;
        const container: Container = c === '{' ? { node: { type: 'object', start, end: -1, entries: [] }, key: undefined } : { node: { type: 'array', start, end: -1, items: [] } };
        stack.push(container);
        skipWhitespace();
        if (text[at] === (c === '{' ? '}' : ']')) {
          at++;
          stack.pop();
          container.node.end = at;
          place(container.node);
          expectValue = false;
          continue;
        }
        if (c === '{') {
          container.key = readString().value;
          skipWhitespace();
          if (text[at] !== ':') fail("expected ':'");
          at++;
        }
        continue;
      }
      if (c === '"') {
        const s = readString();
        place({ type: 'string', start: s.start, end: s.end, value: s.value });
      } else if (text.startsWith('true', at) || text.startsWith('false', at)) {
        const value = text[at] === 't';
        at += value ? 4 : 5;
        place({ type: 'boolean', start, end: at, value });
      } else if (text.startsWith('null', at)) {
        at += 4;
        place({ type: 'null', start, end: at, value: null });
      } else {
        NUMBER.lastIndex = at;
        const m = NUMBER.exec(text);
        if (!m) fail('expected a value');
        at = NUMBER.lastIndex;
        place({ type: 'number', start, end: at, value: Number(m![0]) });
      }
      expectValue = false;
      continue;
    }
    // After a value: a separator, the end of its container, or the end of the text.
    const top = stack[stack.length - 1];
    if (!top) {
      if (at !== text.length) fail('expected the end of the JSON text');
      return root!;
    }
    const close = top.node.type === 'object' ? '}' : ']';
    if (text[at] === ',') {
      at++;
      if (top.node.type === 'object') {
        skipWhitespace();
        top.key = readString().value;
        skipWhitespace();
        if (text[at] !== ':') fail("expected ':'");
        at++;
      }
      expectValue = true;
    } else if (text[at] === close) {
      at++;
      stack.pop();
      top.node.end = at;
      place(top.node);
    } else {
      fail(`expected ',' or '${close}'`);
    }
  }
}

export function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  // JSON allows a key twice; Python's json (and so Jupyter) keeps the last.
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i].key === key) return node.entries[i].value;
  return undefined;
}

/**
 * For each UTF-16 unit of a JSON string's value, the offset in the text where it is written
 * (an escape is several characters for one unit), plus one entry for the closing quote.
 */
export function stringValueOffsets(text: string, node: Extract<JsonNode, { type: 'string' }>): number[] {
  const offsets: number[] = [];
  let i = node.start + 1;
  const end = node.end - 1;
  while (i < end) {
    if (text[i] !== '\\') {
      offsets.push(i++);
      continue;
    }
    offsets.push(i);
    i += text[i + 1] === 'u' ? 6 : 2;
  }
  offsets.push(end);
  return offsets;
}
