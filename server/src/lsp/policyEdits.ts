/**
 * Edits of a policy file for the code actions "Allow module 'x' in the policy" and "Ignore
 * PCxxx in this file": add a string to a list (`allow-modules`, a `per-file-ignores` entry),
 * adding the key, the table (`[tool.padded-cell]` in a pyproject.toml) or the file
 * (`padded-cell.toml`) when absent.
 *
 * TOML has no editing library here, so the text is changed where a person would change it and
 * the result is then loaded with the real policy loader: an edit is offered only when the new
 * text loads without errors and says what the action promises. A layout this module does not
 * understand (dotted keys, inline tables) therefore costs the action, never the user's file.
 */
import * as path from 'node:path';
import { LineIndex } from '../engine/lineIndex';
import type { TextEdit } from '../engine/types';
import { applyTextEdits, lineBreakOf } from '../fixes/sourceEdits';
import { isPyproject, loadPolicyText, type PolicyLoadResult } from '../policy/file/load';
import { ignoredCodes } from '../policy/paths';
import { isModuleAllowed } from '../policy/queries';

/** The policy file an action edits, and how. */
export interface PolicyFileTarget {
  /** Absolute path. */
  path: string;
  /** Current text; undefined when the file does not exist yet. */
  text: string | undefined;
}

/** What a policy-file action does to the file. */
export type PolicyFileChange = { kind: 'create'; path: string; text: string } | { kind: 'edit'; path: string; edits: TextEdit[] };

/** Where the policy's keys live in the document: the top level, or `[tool.padded-cell]`. */
function tablePathOf(file: string): string[] {
  return isPyproject(file) ? ['tool', 'padded-cell'] : [];
}

/** A TOML string the loader reads back as `value`; JSON's escapes are a subset of TOML's basic strings. */
function tomlString(value: string): string {
  return JSON.stringify(value);
}

interface Line {
  start: number;
  /** Content end (before the line break). */
  end: number;
  /** Start of the next line, or the text's end. */
  next: number;
  text: string;
}

function linesOf(text: string): Line[] {
  const index = new LineIndex(text);
  const out: Line[] = [];
  for (let line = 0; line < index.lineCount; line++) {
    const start = index.offsetAt({ line, character: 0 });
    const end = index.lineEndOffset(line);
    const next = line + 1 < index.lineCount ? index.offsetAt({ line: line + 1, character: 0 }) : text.length;
    out.push({ start, end, next, text: text.slice(start, end) });
  }
  return out;
}

const KEY_PART = String.raw`(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')`;
const HEADER = new RegExp(String.raw`^[ \t]*\[(?!\[)[ \t]*(${KEY_PART}(?:[ \t]*\.[ \t]*${KEY_PART})*)[ \t]*\][ \t]*(?:#.*)?$`);
const ANY_HEADER = /^[ \t]*\[/;

function unquoteKey(part: string): string {
  if (part.startsWith('"')) {
    try {
      return JSON.parse(part) as string;
    } catch {
      return part;
    }
  }
  if (part.startsWith("'")) return part.slice(1, -1);
  return part;
}

function splitKey(text: string): string[] {
  return [...text.matchAll(new RegExp(KEY_PART, 'g'))].map((m) => unquoteKey(m[0]));
}

function sameKey(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

/** The lines of a table: those after its header (or from the top, for the root) up to the next header. */
interface TableSpan {
  /** Index of the header line; -1 for the root table. */
  header: number;
  /** First line after the table (the next header, or the line count). */
  end: number;
}

/**
 * Finds a table by its `[a.b]` header. Lines inside multi-line strings and arrays are not
 * headers; a header-looking line there would make the verification fail, not corrupt the file.
 */
function findTable(lines: readonly Line[], tablePath: readonly string[]): TableSpan | undefined {
  const headers: number[] = [];
  let inString: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].text;
    if (inString) {
      if (text.split(inString).length % 2 === 0) inString = undefined;
      continue;
    }
    if (ANY_HEADER.test(text)) headers.push(i);
    for (const quote of ['"""', "'''"]) if (text.split(quote).length % 2 === 0) inString = quote;
  }
  const nextHeader = (after: number): number => headers.find((h) => h > after) ?? lines.length;
  if (tablePath.length === 0) return { header: -1, end: nextHeader(-1) };
  for (const h of headers) {
    const m = HEADER.exec(lines[h].text);
    if (m && sameKey(splitKey(m[1]), tablePath)) return { header: h, end: nextHeader(h) };
  }
  return undefined;
}

/** The line of `key = ...` directly in the table, and the offset just after its `=`. */
function findKey(lines: readonly Line[], table: TableSpan, key: string): { line: number; afterEquals: number } | undefined {
  const pattern = new RegExp(String.raw`^[ \t]*(${KEY_PART})[ \t]*=`);
  for (let i = table.header + 1; i < table.end; i++) {
    const m = pattern.exec(lines[i].text);
    if (m && unquoteKey(m[1]) === key) return { line: i, afterEquals: lines[i].start + m[0].length };
  }
  return undefined;
}

/**
 * Scans the array that starts at `open` (a `[`), skipping strings and comments. Returns where
 * each element ends, whether a comma follows the last one, and the closing bracket.
 */
function scanArray(text: string, open: number): { close: number; elementEnds: number[]; trailingComma: number | undefined } | undefined {
  const elementEnds: number[] = [];
  let trailingComma: number | undefined;
  let depth = 0;
  let inElement = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      for (; j < text.length; j++) {
        if (c === '"' && text[j] === '\\') {
          j++;
          continue;
        }
        if (text.startsWith(quote, j)) break;
        if (!triple && (text[j] === '\n' || text[j] === '\r')) return undefined;
      }
      if (j >= text.length) return undefined;
      i = j + quote.length - 1;
      if (depth === 1) {
        inElement = true;
        elementEnds.push(i + 1);
        trailingComma = undefined;
      }
      continue;
    }
    if (c === '[') {
      depth++;
      continue;
    }
    if (c === ']') {
      depth--;
      if (depth === 0) return { close: i, elementEnds, trailingComma };
      continue;
    }
    if (depth === 1 && c === ',') {
      inElement = false;
      trailingComma = i;
      continue;
    }
    if (depth === 1 && !/\s/.test(c)) {
      // Bare values (numbers, booleans): the list of strings we edit has none, but stay correct.
      if (!inElement) elementEnds.push(i + 1);
      else elementEnds[elementEnds.length - 1] = i + 1;
      inElement = true;
      trailingComma = undefined;
    }
  }
  return undefined;
}

/** Edits that add `value` to the array at `open`, in the array's own style (one line, or one element a line). */
function appendToArray(text: string, open: number, value: string, eol: string): TextEdit[] | undefined {
  const scanned = scanArray(text, open);
  if (!scanned) return undefined;
  const index = new LineIndex(text);
  const at = (offset: number, newText: string): TextEdit[] => {
    const p = index.positionAt(offset);
    return [{ range: { start: p, end: p }, newText }];
  };
  const { close, elementEnds, trailingComma } = scanned;
  if (elementEnds.length === 0) return at(open + 1, value);
  const last = elementEnds[elementEnds.length - 1];
  const multiline = /[\r\n]/.test(text.slice(open, close));
  if (!multiline) return at(last, `, ${value}`);
  const lastLine = index.positionAt(last).line;
  const lastLineStart = index.offsetAt({ line: lastLine, character: 0 });
  const indent = /^[ \t]*/.exec(text.slice(lastLineStart))?.[0] ?? '';
  // The new element goes on a line of its own after the last one, and after that line's comment,
  // which belongs to the element before it.
  const afterComma = trailingComma ?? last;
  const lineEnd = index.positionAt(close).line === lastLine ? afterComma + (trailingComma !== undefined ? 1 : 0) : index.lineEndOffset(lastLine);
  const element = `${eol}${indent}${value}${trailingComma !== undefined ? ',' : ''}`;
  if (trailingComma !== undefined) return at(lineEnd, element);
  if (lineEnd === last) return at(last, `,${element}`);
  return [...at(last, ','), ...at(lineEnd, element)];
}

/** Where new lines go at the end of a table: after its last line that is not blank or a comment. */
function endOfTableOffset(lines: readonly Line[], table: TableSpan): number {
  for (let i = table.end - 1; i > table.header; i--) {
    const t = lines[i].text.trim();
    if (t !== '' && !t.startsWith('#')) return lines[i].next;
  }
  return table.header >= 0 ? lines[table.header].next : 0;
}

/** An insertion of whole lines at a line start (or at the end of a text without a final line break). */
function insertLines(text: string, offset: number, body: string, eol: string): TextEdit {
  const index = new LineIndex(text);
  const p = index.positionAt(offset);
  const needsBreakBefore = offset === text.length && offset > 0 && !/[\r\n]$/.test(text);
  const followedByHeader = ANY_HEADER.test(text.slice(offset).split(/\r\n|\r|\n/)[0] ?? '');
  return { range: { start: p, end: p }, newText: `${needsBreakBefore ? eol : ''}${body}${eol}${followedByHeader ? eol : ''}` };
}

function appendTable(text: string, header: string, body: string, eol: string): TextEdit {
  const index = new LineIndex(text);
  const end = index.positionAt(text.length);
  const separator = text.length === 0 ? '' : /(\r\n|\r|\n)$/.test(text) ? eol : eol + eol;
  return { range: { start: end, end }, newText: `${separator}${header}${eol}${body}${eol}` };
}

/** Adds `value` to the string list `key` of the table, creating the key when absent. */
function addToList(text: string, tablePath: readonly string[], key: string, value: string): TextEdit[] | undefined {
  const eol = lineBreakOf(text);
  const lines = linesOf(text);
  const table = findTable(lines, tablePath);
  if (!table) return undefined;
  const found = findKey(lines, table, key);
  if (found) {
    const open = /^[ \t]*\[/.exec(text.slice(found.afterEquals, lines[found.line].end));
    if (!open) return undefined;
    return appendToArray(text, found.afterEquals + open[0].length - 1, value, eol);
  }
  return [insertLines(text, endOfTableOffset(lines, table), `${key} = [${value}]`, eol)];
}

/** Builds the change, then proves it: the new text must load cleanly and its policy do what the action says. */
function verified(target: PolicyFileTarget, change: PolicyFileChange, preset: string, check: (loaded: PolicyLoadResult) => boolean): PolicyFileChange | undefined {
  const text = change.kind === 'create' ? change.text : applyTextEdits(target.text ?? '', change.edits);
  const loaded = loadPolicyText(target.path, text, { defaultPreset: preset });
  if (loaded.errors.length > 0 || !check(loaded)) return undefined;
  return change;
}

/** True when the existing text is a policy the loader accepts (else its errors come first). */
function loadsCleanly(target: PolicyFileTarget): boolean {
  return target.text !== undefined && loadPolicyText(target.path, target.text).errors.length === 0;
}

function hasPolicyTable(target: PolicyFileTarget): boolean {
  return target.text !== undefined && findTable(linesOf(target.text), tablePathOf(target.path)) !== undefined;
}

/**
 * The change that adds `module` to `allow-modules`. `preset` is written as `extends` into a new
 * policy (file or table), so that creating one keeps every other part of the policy in force.
 */
export function allowModuleChange(target: PolicyFileTarget, module: string, preset: string): PolicyFileChange | undefined {
  const entry = tomlString(module);
  // A module the file itself denies stays denied: then the edit would not do what it says.
  const check = (loaded: PolicyLoadResult): boolean => isModuleAllowed(loaded.policy, module);
  const header = tablePathOf(target.path).length ? '[tool.padded-cell]' : undefined;
  const body = (eol: string): string => `extends = ${tomlString(preset)}${eol}allow-modules = [${entry}]`;
  if (target.text === undefined) {
    const eol = '\n';
    const text = header ? `${header}${eol}${body(eol)}${eol}` : `${body(eol)}${eol}`;
    return verified(target, { kind: 'create', path: target.path, text }, preset, check);
  }
  const eol = lineBreakOf(target.text);
  if (header && !hasPolicyTable(target)) {
    return verified(target, { kind: 'edit', path: target.path, edits: [appendTable(target.text, header, body(eol), eol)] }, preset, check);
  }
  if (!loadsCleanly(target)) return undefined;
  const edits = addToList(target.text, tablePathOf(target.path), 'allow-modules', entry);
  return edits ? verified(target, { kind: 'edit', path: target.path, edits }, preset, check) : undefined;
}

/** Escapes glob syntax in a literal path (`\x` is the character `x`). */
export function literalGlob(relativePath: string): string {
  return relativePath.replace(/[\\*?[\]{}!]/g, (c) => `\\${c}`);
}

/**
 * The change that makes the policy drop `code` in `file` (absolute): a `per-file-ignores` entry
 * for the file's path relative to the policy file's folder, added to or created.
 */
export function perFileIgnoreChange(target: PolicyFileTarget, file: string, code: string, preset: string): PolicyFileChange | undefined {
  const relative = relativeToPolicy(target.path, file);
  if (relative === undefined) return undefined;
  const glob = literalGlob(relative);
  const check = (loaded: PolicyLoadResult): boolean => ignoredCodes(loaded.policy, file).has(code);
  const tablePath = tablePathOf(target.path);
  const ignoresHeader = `[${[...tablePath, 'per-file-ignores'].join('.')}]`;
  const entry = `${tomlString(glob)} = [${tomlString(code)}]`;
  if (target.text === undefined) {
    const eol = '\n';
    const top = tablePath.length ? `[tool.padded-cell]${eol}` : '';
    const text = `${top}extends = ${tomlString(preset)}${eol}${eol}${ignoresHeader}${eol}${entry}${eol}`;
    return verified(target, { kind: 'create', path: target.path, text }, preset, check);
  }
  const eol = lineBreakOf(target.text);
  if (tablePath.length && !hasPolicyTable(target)) {
    const body = `extends = ${tomlString(preset)}${eol}${eol}${ignoresHeader}${eol}${entry}`;
    return verified(target, { kind: 'edit', path: target.path, edits: [appendTable(target.text, '[tool.padded-cell]', body, eol)] }, preset, check);
  }
  if (!loadsCleanly(target)) return undefined;
  const lines = linesOf(target.text);
  const ignores = findTable(lines, [...tablePath, 'per-file-ignores']);
  let edits: TextEdit[] | undefined;
  if (ignores) {
    edits = findKey(lines, ignores, glob) ? addToList(target.text, [...tablePath, 'per-file-ignores'], glob, tomlString(code)) : [insertLines(target.text, endOfTableOffset(lines, ignores), entry, eol)];
  } else {
    edits = [appendTable(target.text, ignoresHeader, entry, eol)];
  }
  return edits ? verified(target, { kind: 'edit', path: target.path, edits }, preset, check) : undefined;
}

/** The policy file's folder-relative path of `file`, with `/`; undefined outside that folder. */
export function relativeToPolicy(policyFile: string, file: string): string | undefined {
  const relative = path.relative(path.dirname(policyFile), file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}
