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
      const tree = parser.parse(text, oldTree ?? null);
      if (!tree) throw new Error('tree-sitter returned no tree');
      return tree;
    },
  };
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
