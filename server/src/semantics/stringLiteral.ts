import type { Node } from '../parser';
import { lookupUnicodeName } from './unicodeNames';

export interface StringPrefix {
  raw: boolean;
  bytes: boolean;
  format: boolean;
  quote: string;
}

/** Reads a `string_start` token such as `rb'''` or `f"`. Shared answers: callers must not mutate them. */
export function parseStringStart(text: string): StringPrefix {
  // A file has a handful of distinct openings (`"`, `'''`, `f"`, `rb'`) and thousands of strings.
  let prefix = stringStarts.get(text);
  if (prefix === undefined) {
    if (stringStarts.size >= MAX_STRING_STARTS) stringStarts.clear();
    stringStarts.set(text, (prefix = parseStringStartUncached(text)));
  }
  return prefix;
}

const stringStarts = new Map<string, StringPrefix>();
const MAX_STRING_STARTS = 1000;

function parseStringStartUncached(text: string): StringPrefix {
  const m = /^([A-Za-z]*)('''|"""|'|"|`)$/.exec(text) ?? /^([A-Za-z]*)(.*)$/.exec(text)!;
  const prefix = m[1].toLowerCase();
  return { raw: prefix.includes('r'), bytes: prefix.includes('b'), format: prefix.includes('f') || prefix.includes('t'), quote: m[2] };
}

/**
 * Decodes Python escapes. Returns `undefined` when an escape cannot be decoded here (an
 * unknown `\N{}` name): callers then treat the string as not constant, never as harmless.
 */
export function decodeEscapes(body: string, bytes: boolean): string | undefined {
  // Most strings hold no escape: the text is the value (no string built character by character).
  let next = body.indexOf('\\');
  if (next < 0) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    if (next < i) {
      next = body.indexOf('\\', i);
      if (next < 0) next = body.length;
    }
    if (i < next) {
      // The text up to the next backslash, at once.
      out += body.slice(i, next);
      i = next - 1;
      continue;
    }
    const c = body[i];
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body[++i];
    switch (n) {
      case '\n': break;
      case '\r': if (body[i + 1] === '\n') i++; break;
      case '\\': out += '\\'; break;
      case "'": out += "'"; break;
      case '"': out += '"'; break;
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case 'x': {
        const hex = body.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
        out += String.fromCharCode(parseInt(hex, 16));
        i += 2;
        break;
      }
      case 'u':
      case 'U': {
        if (bytes) { out += '\\' + n; break; }
        const len = n === 'u' ? 4 : 8;
        const hex = body.slice(i + 1, i + 1 + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) return undefined;
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) return undefined;
        out += String.fromCodePoint(cp);
        i += len;
        break;
      }
      case 'N': {
        if (bytes) { out += '\\N'; break; }
        const close = body.indexOf('}', i);
        if (body[i + 1] !== '{' || close < 0) return undefined;
        const ch = lookupUnicodeName(body.slice(i + 2, close));
        if (ch === undefined) return undefined;
        out += ch;
        i = close;
        break;
      }
      default:
        if (n >= '0' && n <= '7') {
          let oct = n;
          while (oct.length < 3 && body[i + 1] >= '0' && body[i + 1] <= '7') oct += body[++i];
          out += String.fromCharCode(parseInt(oct, 8) & (bytes ? 0xff : 0x1ff));
        } else {
          out += '\\' + n;
        }
    }
  }
  return out;
}

/** The literal text pieces and interpolations of a `string` node, in order. */
export type StringPart = { kind: 'text'; value: string } | { kind: 'interpolation'; node: Node };

/**
 * Splits a `string` node into decoded text and interpolation nodes. Returns `undefined` for
 * escapes it cannot decode.
 */
export function stringParts(node: Node): { prefix: StringPrefix; parts: StringPart[] } | undefined {
  const start = node.child(0);
  if (!start || start.type !== 'string_start') return undefined;
  const prefix = parseStringStart(start.text);
  const parts: StringPart[] = [];
  const text = node.text;
  let pending = '';
  let cursor = start.endIndex;
  const flushTo = (end: number): boolean => {
    if (end <= cursor) return true;
    const slice = text.slice(cursor - node.startIndex, end - node.startIndex);
    let raw = slice;
    if (prefix.format) raw = raw.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    const decoded = prefix.raw ? raw : decodeEscapes(raw, prefix.bytes);
    if (decoded === undefined) return false;
    pending += decoded;
    cursor = end;
    return true;
  };
  for (let i = 1; i < node.childCount; i++) {
    const child = node.child(i)!;
    if (child.type === 'interpolation') {
      if (!flushTo(child.startIndex)) return undefined;
      if (pending) parts.push({ kind: 'text', value: pending });
      pending = '';
      parts.push({ kind: 'interpolation', node: child });
      cursor = child.endIndex;
    } else if (child.type === 'string_end') {
      if (!flushTo(child.startIndex)) return undefined;
    }
  }
  if (pending) parts.push({ kind: 'text', value: pending });
  return { prefix, parts };
}
