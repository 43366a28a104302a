/**
 * The only module that touches the WASM: loads web-tree-sitter and the tree-sitter-python
 * grammar from files on disk (the bundle's `dist/`, or `node_modules` when run from source),
 * never from the network. Everything else receives a `PythonParser`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

export type { Tree, Edit, Point } from 'web-tree-sitter';
/** Rules and the resolver read a plain copy of the tree (see syntaxTree.ts), not WASM nodes. */
export type { SyntaxNode as Node } from './syntaxTree';
export { SyntaxTree } from './syntaxTree';

export interface WasmPaths {
  runtime: string;
  grammar: string;
}

/** Finds both WASM files: next to the bundle first, then in the installed packages. */
export function defaultWasmPaths(): WasmPaths {
  const here = __dirname;
  const candidates = [here, path.join(here, '..'), path.join(here, '..', 'dist'), path.join(here, '..', '..', 'dist')];
  for (const dir of candidates) {
    const runtime = path.join(dir, 'web-tree-sitter.wasm');
    const grammar = path.join(dir, 'tree-sitter-python.wasm');
    if (fs.existsSync(runtime) && fs.existsSync(grammar)) return { runtime, grammar };
  }
  return {
    runtime: require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
    grammar: path.join(path.dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'),
  };
}

export interface PythonParser {
  /** Parses `text`; with `oldTree` (already `edit`ed) the parse is incremental. */
  parse(text: string, oldTree?: Tree | null): Tree;
}

let initialised: Promise<Language> | undefined;

async function loadLanguage(paths: WasmPaths): Promise<Language> {
  const runtimeWasm = fs.readFileSync(paths.runtime);
  await Parser.init({ wasmBinary: runtimeWasm, locateFile: () => paths.runtime });
  return Language.load(fs.readFileSync(paths.grammar));
}

/**
 * Creates a parser. The WASM module is initialised once per process (or worker);
 * each call returns its own `Parser` instance.
 */
export async function createPythonParser(paths: WasmPaths = defaultWasmPaths()): Promise<PythonParser> {
  initialised ??= loadLanguage(paths);
  const language = await initialised;
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    parse(text, oldTree) {
      const lineBreaks = normalizeLoneCarriageReturns(text);
      const limited = limitIndentation(lineBreaks);
      const tree = parser.parse(limited?.text ?? lineBreaks, oldTree ?? null);
      if (!tree) throw new Error('tree-sitter returned no tree');
      if (limited) blankedFrom.set(tree, limited.firstLine);
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
 * CPython refuses more than 100 indentation levels (the tokenizer's MAXINDENT); the grammar's
 * scanner corrupts WASM memory somewhere past 300, and every later parse in the process then
 * fails. Lines nested deeper than this are replaced by spaces (offsets unchanged), so the rest
 * of the file is still analysed and the engine reports where analysis stopped.
 */
export const MAX_INDENT_LEVELS = 100;
const blankedFrom = new WeakMap<Tree, number>();

/** The first (0-based) line that was not parsed because it was nested too deep, if any. */
export function indentationLimitLine(tree: Tree): number | undefined {
  return blankedFrom.get(tree);
}

function limitIndentation(text: string): { text: string; firstLine: number } | undefined {
  // Fast path: fewer than MAX_INDENT_LEVELS columns of indentation anywhere means fewer levels.
  if (!new RegExp(`(^|[\\r\\n])[ \\t\\f]{${MAX_INDENT_LEVELS},}\\S`).test(text)) return undefined;
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
