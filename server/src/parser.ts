/**
 * The only module that touches the WASM: loads web-tree-sitter and the tree-sitter-python
 * grammar from files on disk (the bundle's `dist/`, or `node_modules` when run from source), or
 * from bytes its caller read (a browser worker, whose client reads them from the extension's
 * URI); never from the network. Everything else receives a `PythonParser`.
 *
 * Node's modules are reached only when files are to be read (`nodeModules`), so a browser bundle
 * of this module holds no file-system code.
 */
import { Language, Parser, type Tree, type TreeCursor } from 'web-tree-sitter';

export type { Tree, Edit, Point } from 'web-tree-sitter';
/** Rules and the resolver read a plain copy of the tree (see syntaxTree.ts), not WASM nodes. */
export type { SyntaxNode as Node } from './syntaxTree';
export { SyntaxTree } from './syntaxTree';

export interface WasmPaths {
  runtime: string;
  grammar: string;
}

/** Both WASM files' contents, for a host without files (a browser worker). */
export interface WasmBytes {
  runtime: Uint8Array;
  grammar: Uint8Array;
}

/**
 * `fs`, `path` and `module` where they exist. Through `process.getBuiltinModule` (Node 20.16+)
 * rather than imports, so that bundling for a browser pulls none of them in.
 */
function nodeModules(): { fs: typeof import('node:fs'); path: typeof import('node:path'); module: typeof import('node:module') } {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (typeof get !== 'function') throw new Error('reading the WASM files needs Node.js; elsewhere pass their bytes to createPythonParser');
  return { fs: get('node:fs') as typeof import('node:fs'), path: get('node:path') as typeof import('node:path'), module: get('node:module') as typeof import('node:module') };
}

/** Finds both WASM files: next to the bundle first, then in the installed packages. */
export function defaultWasmPaths(): WasmPaths {
  const { fs, path, module } = nodeModules();
  const here = __dirname;
  const candidates = [here, path.join(here, '..'), path.join(here, '..', 'dist'), path.join(here, '..', '..', 'dist')];
  for (const dir of candidates) {
    const runtime = path.join(dir, 'web-tree-sitter.wasm');
    const grammar = path.join(dir, 'tree-sitter-python.wasm');
    if (fs.existsSync(runtime) && fs.existsSync(grammar)) return { runtime, grammar };
  }
  // Run from source (tests, scripts): the installed packages. Through createRequire so the
  // bundler, which copies both files into dist/, leaves this path alone.
  const installed = module.createRequire(__filename);
  return {
    runtime: installed.resolve('web-tree-sitter/web-tree-sitter.wasm'),
    grammar: path.join(path.dirname(installed.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'),
  };
}

export interface PythonParser {
  /** Parses `text`; with `oldTree` (already `edit`ed) the parse is incremental. */
  parse(text: string, oldTree?: Tree | null): Tree;
}

let initialised: Promise<Language> | undefined;
/** The Emscripten module once initialised; it replaces its heap views as the memory grows. */
let wasmModule: Record<string, unknown> | undefined;

/** Bytes of WASM memory the parsers hold (it grows and never shrinks): for memory reports. */
export function wasmMemoryBytes(): number | undefined {
  const heap = wasmModule?.HEAP8;
  return heap instanceof Int8Array ? heap.buffer.byteLength : undefined;
}

function isWasmBytes(wasm: WasmPaths | WasmBytes): wasm is WasmBytes {
  return typeof wasm.runtime !== 'string';
}

async function loadLanguage(wasm: WasmPaths | WasmBytes): Promise<Language> {
  const fs = isWasmBytes(wasm) ? undefined : nodeModules().fs;
  const runtimeWasm = isWasmBytes(wasm) ? wasm.runtime : fs!.readFileSync(wasm.runtime);
  // Emscripten makes the options object the module itself: keep it for the raw tree reader.
  // With the binary given, `locateFile` is never asked for it; it only names it in messages.
  const moduleObject: Record<string, unknown> = { wasmBinary: runtimeWasm, locateFile: () => (isWasmBytes(wasm) ? 'web-tree-sitter.wasm' : wasm.runtime) };
  await Parser.init(moduleObject);
  wasmModule = moduleObject;
  rawBinding = rawBindingOf(moduleObject);
  return Language.load(isWasmBytes(wasm) ? wasm.grammar : fs!.readFileSync(wasm.grammar));
}

/**
 * Creates a parser from the WASM files (found next to the bundle by default) or their bytes.
 * The WASM module is initialised once per process (or worker); each call returns its own
 * `Parser` instance.
 */
export async function createPythonParser(wasm: WasmPaths | WasmBytes = defaultWasmPaths()): Promise<PythonParser> {
  initialised ??= loadLanguage(wasm);
  const language = await initialised;
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    parse(text, oldTree) {
      // A client can send anything as a document's text; refuse it before the WASM sees it.
      if (typeof text !== 'string') throw new TypeError(`source text must be a string, not ${text === null ? 'null' : typeof text}`);
      const lineBreaks = blankNulBytes(normalizeLoneCarriageReturns(text));
      const limited = limitIndentation(lineBreaks);
      const parsed = limited?.text ?? lineBreaks;
      // A rewritten text changes characters no edit describes (a lone `\r` becomes a CRLF's
      // `\r` when `\n` is typed after it), so a tree parsed from or into one is never reused.
      const rewritten = parsed !== text;
      const reuse = oldTree && !rewritten && !rewrittenTrees.has(oldTree) ? oldTree : null;
      const tree = parser.parse(parsed, reuse);
      if (!tree) throw new Error('tree-sitter returned no tree');
      if (limited) blankedFrom.set(tree, limited.firstLine);
      if (rewritten) rewrittenTrees.add(tree);
      return tree;
    },
  };
}

/**
 * Python ends a line at a lone `\r`; tree-sitter-python's comments run to the next `\n`, so
 * `# note\rimport os` would hide the import inside a comment. Same length, same offsets.
 */
function normalizeLoneCarriageReturns(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * A NUL byte (reported as binary content, cli/binaryContent.ts) ends tree-sitter's reading of a
 * token in odd ways (`import os<NUL>` took the next line's names for the import's). Parsed as a
 * space, so everything around it is checked; same length, same offsets.
 */
function blankNulBytes(text: string): string {
  return text.includes('\0') ? text.replace(/\0/g, ' ') : text;
}

/**
 * CPython refuses more than 100 indentation levels (the tokenizer's MAXINDENT); the grammar's
 * scanner corrupts WASM memory somewhere past 300, and every later parse in the process then
 * fails. Lines nested deeper than this are replaced by spaces (offsets unchanged), so the rest
 * of the file is still analysed and the engine reports where analysis stopped.
 */
export const MAX_INDENT_LEVELS = 100;
const blankedFrom = new WeakMap<Tree, number>();
const rewrittenTrees = new WeakSet<Tree>();

/** The first (0-based) line that was not parsed because it was nested too deep, if any. */
export function indentationLimitLine(tree: Tree): number | undefined {
  return blankedFrom.get(tree);
}

const DEEP_LINE = new RegExp(`(^|[\\r\\n])[ \\t\\f]{${MAX_INDENT_LEVELS},}\\S`);
const DEEP_INDENT_AT = new RegExp(`[ \\t\\f]{${MAX_INDENT_LEVELS},}\\S`, 'y');

function isIndentation(c: number): boolean {
  return c === 32 || c === 9 || c === 12;
}

/**
 * Whether a line of `text` starts with at least MAX_INDENT_LEVELS columns of indentation before
 * code: `DEEP_LINE.test(text)`, which a search from every position made cost most of a
 * millisecond on a large file, at every parse (every keystroke that reparses the file). Without
 * `\r`, the lines start at 0 and after each `\n`, and one whose characters 24, 49 and 99 (from 0)
 * are not all indentation cannot be one.
 */
export function hasDeepIndentation(text: string): boolean {
  if (text.includes('\r')) return DEEP_LINE.test(text);
  const last = MAX_INDENT_LEVELS - 1;
  for (let start = 0; ; ) {
    if (isIndentation(text.charCodeAt(start + last)) && isIndentation(text.charCodeAt(start + (last >> 1))) && isIndentation(text.charCodeAt(start + (last >> 2)))) {
      DEEP_INDENT_AT.lastIndex = start;
      if (DEEP_INDENT_AT.test(text)) return true;
    }
    const lineBreak = text.indexOf('\n', start);
    if (lineBreak === -1) return false;
    start = lineBreak + 1;
  }
}

function limitIndentation(text: string): { text: string; firstLine: number } | undefined {
  // Fast path: fewer than MAX_INDENT_LEVELS columns of indentation anywhere means fewer levels.
  if (!hasDeepIndentation(text)) return undefined;
  const lines = text.split(/(\r\n|\r|\n)/);
  const stack: number[] = [0];
  let firstLine = -1;
  for (let i = 0, line = 0; i < lines.length; i += 2, line++) {
    const content = lines[i];
    const m = /^[ \t\f]*/.exec(content)!;
    if (m[0].length === content.length || content[m[0].length] === '#') continue;
    let width = 0;
    // Tabs advance to the next multiple of 8 and a form feed resets the column, as in CPython.
    for (const ch of m[0]) width = ch === '\t' ? Math.floor(width / 8) * 8 + 8 : ch === '\f' ? 0 : width + 1;
    while (stack.length > 1 && width < stack[stack.length - 1]) stack.pop();
    if (width > stack[stack.length - 1]) stack.push(width);
    if (stack.length - 1 > MAX_INDENT_LEVELS) {
      if (firstLine < 0) firstLine = line;
      lines[i] = ' '.repeat(content.length);
      stack.pop();
    }
  }
  return firstLine < 0 ? undefined : { text: lines.join(''), firstLine };
}

/**
 * Parses `text` with the language of an existing tree (for a rewritten copy of a file's
 * source). The WASM is already initialised when a tree exists.
 */
export function parseWithLanguageOf(tree: Tree, text: string): Tree {
  const parser = new Parser();
  try {
    parser.setLanguage(tree.language);
    const out = parser.parse(text);
    if (!out) throw new Error('tree-sitter returned no tree');
    return out;
  } finally {
    parser.delete();
  }
}

/**
 * Reads a tree node by node, for the one walk that copies it into plain JS (syntaxTree.ts).
 * Starts on the root; moves like a `TreeCursor`.
 */
export interface TreeReader {
  /** Type name of the current node (`ERROR` for errors). */
  type(): string;
  isNamed(): boolean;
  isMissing(): boolean;
  /** UTF-16 offsets, as everywhere in the engine. */
  startIndex(): number;
  endIndex(): number;
  /** The field the current node fills in its parent, or null. */
  fieldName(): string | null;
  /**
   * tree-sitter's identity of the current node. For a node below the root it is the address of
   * its slot in its parent's child array, so it survives a reparse exactly when tree-sitter
   * reused the parent's subtree unchanged.
   */
  nodeId(): number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  /** Frees the cursor; the reader is unusable afterwards. */
  close(): void;
}

/** The web-tree-sitter 0.27 binding functions the raw reader calls. */
interface RawBinding {
  module: Record<string, unknown> & { HEAP32: Int32Array };
  transferBuffer: number;
  typeId(tree: number): number;
  isMissing(tree: number): number;
  startIndex(tree: number): number;
  endIndex(tree: number): number;
  fieldId(tree: number): number;
  nodeId(tree: number): number;
  gotoFirstChild(tree: number): number;
  gotoNextSibling(tree: number): number;
  gotoParent(tree: number): number;
}

let rawBinding: RawBinding | undefined;

const RAW_FUNCTIONS = {
  typeId: '_ts_tree_cursor_current_node_type_id_wasm',
  isMissing: '_ts_tree_cursor_current_node_is_missing_wasm',
  startIndex: '_ts_tree_cursor_start_index_wasm',
  endIndex: '_ts_tree_cursor_end_index_wasm',
  fieldId: '_ts_tree_cursor_current_field_id_wasm',
  nodeId: '_ts_tree_cursor_current_node_id_wasm',
  gotoFirstChild: '_ts_tree_cursor_goto_first_child_wasm',
  gotoNextSibling: '_ts_tree_cursor_goto_next_sibling_wasm',
  gotoParent: '_ts_tree_cursor_goto_parent_wasm',
} as const;

/**
 * The binding's C functions, called directly. web-tree-sitter's `TreeCursor` copies the cursor
 * into a transfer buffer in WASM memory and back around every call (four `setValue` and four
 * `getValue` per step), which made copying a tree cost as much as parsing it. The cursor's
 * state lives in that buffer between calls anyway, so a walk that makes no other WASM call can
 * leave it there: load it once, call the functions, store it back before `delete`.
 * Tied to web-tree-sitter's binding (the version is pinned in package.json); when anything is
 * missing the reader falls back to the public `TreeCursor`, and test/syntaxTree.test.ts checks
 * that both read the same trees.
 */
function rawBindingOf(module: Record<string, unknown>): RawBinding | undefined {
  const functions: Partial<Record<keyof typeof RAW_FUNCTIONS, (tree: number) => number>> = {};
  for (const [key, name] of Object.entries(RAW_FUNCTIONS)) {
    const fn = module[name];
    if (typeof fn !== 'function') return undefined;
    functions[key as keyof typeof RAW_FUNCTIONS] = fn as (tree: number) => number;
  }
  const init = module._ts_init;
  if (typeof init !== 'function' || !(module.HEAP32 instanceof Int32Array)) return undefined;
  // ts_init only writes the language version numbers into the buffer and returns its address.
  const transferBuffer = (init as () => number)();
  if (!Number.isInteger(transferBuffer) || transferBuffer <= 0) return undefined;
  return { module: module as RawBinding['module'], transferBuffer, ...(functions as Omit<RawBinding, 'module' | 'transferBuffer'>) };
}

/** Internal handles of web-tree-sitter objects (the address of the C struct and the cursor state). */
type Handles = Record<0 | 1 | 2 | 3, number>;

/** Per language: whether each node type is named, so that the reader need not ask for each node. */
const namedTypesOf = new WeakMap<Language, Uint8Array>();

function namedTypes(language: Language): Uint8Array {
  let table = namedTypesOf.get(language);
  if (!table) {
    table = new Uint8Array(language.nodeTypeCount);
    for (let id = 0; id < table.length; id++) table[id] = language.nodeTypeIsNamed(id) ? 1 : 0;
    namedTypesOf.set(language, table);
  }
  return table;
}

class RawTreeReader implements TreeReader {
  private readonly tree: number;
  private readonly types: string[];
  private readonly fields: (string | null)[];
  private readonly named: Uint8Array;
  /** The current node's type id, once asked (-1: not yet): type and named-ness come from it. */
  private typeId = -1;

  constructor(
    private readonly raw: RawBinding,
    source: Tree,
    private readonly cursor: TreeCursor,
  ) {
    this.tree = (source as unknown as Handles)[0];
    this.types = source.language.types;
    this.fields = source.language.fields;
    this.named = namedTypes(source.language);
    const state = cursor as unknown as Handles;
    const heap = raw.module.HEAP32;
    const at = raw.transferBuffer >> 2;
    for (let i = 0; i < 4; i++) heap[at + i] = state[i as 0 | 1 | 2 | 3];
  }

  private currentTypeId(): number {
    if (this.typeId < 0) this.typeId = this.raw.typeId(this.tree);
    return this.typeId;
  }
  type(): string {
    return this.types[this.currentTypeId()] || 'ERROR';
  }
  isNamed(): boolean {
    // The id is the public symbol (aliases applied), whose metadata says whether it is named;
    // an id past the table is ERROR (65535), which is named.
    const id = this.currentTypeId();
    return id < this.named.length ? this.named[id] === 1 : true;
  }
  isMissing(): boolean {
    return this.raw.isMissing(this.tree) === 1;
  }
  startIndex(): number {
    return this.raw.startIndex(this.tree);
  }
  endIndex(): number {
    return this.raw.endIndex(this.tree);
  }
  fieldName(): string | null {
    return this.fields[this.raw.fieldId(this.tree)] ?? null;
  }
  nodeId(): number {
    return this.raw.nodeId(this.tree);
  }
  gotoFirstChild(): boolean {
    this.typeId = -1;
    return this.raw.gotoFirstChild(this.tree) === 1;
  }
  gotoNextSibling(): boolean {
    this.typeId = -1;
    return this.raw.gotoNextSibling(this.tree) === 1;
  }
  gotoParent(): boolean {
    this.typeId = -1;
    return this.raw.gotoParent(this.tree) === 1;
  }
  close(): void {
    // Moving may have grown the cursor's stack (a new address): `delete` must free that one.
    // HEAP32 is read again because growing WASM memory replaces the view.
    const state = this.cursor as unknown as Handles;
    const heap = this.raw.module.HEAP32;
    const at = this.raw.transferBuffer >> 2;
    for (let i = 0; i < 4; i++) state[i as 0 | 1 | 2 | 3] = heap[at + i];
    this.cursor.delete();
  }
}

/** The same reader over web-tree-sitter's public `TreeCursor`. */
class PublicTreeReader implements TreeReader {
  constructor(private readonly cursor: TreeCursor) {}
  type(): string {
    return this.cursor.nodeType;
  }
  isNamed(): boolean {
    return this.cursor.nodeIsNamed;
  }
  isMissing(): boolean {
    return this.cursor.nodeIsMissing;
  }
  startIndex(): number {
    return this.cursor.startIndex;
  }
  endIndex(): number {
    return this.cursor.endIndex;
  }
  fieldName(): string | null {
    return this.cursor.currentFieldName;
  }
  nodeId(): number {
    return this.cursor.nodeId;
  }
  gotoFirstChild(): boolean {
    return this.cursor.gotoFirstChild();
  }
  gotoNextSibling(): boolean {
    return this.cursor.gotoNextSibling();
  }
  gotoParent(): boolean {
    return this.cursor.gotoParent();
  }
  close(): void {
    this.cursor.delete();
  }
}

/** A reader on the root of `tree`; `publicApi` forces web-tree-sitter's own cursor (tests compare the two). */
export function readTree(tree: Tree, options: { publicApi?: boolean } = {}): TreeReader {
  const cursor = tree.walk();
  return rawBinding && !options.publicApi ? new RawTreeReader(rawBinding, tree, cursor) : new PublicTreeReader(cursor);
}
