// The tool never runs what it reads: the product's own sources import no process, network,
// VM or worker modules (the CLI's scan pool excepted) and never call `eval` or `new Function`.
// Checked on the TypeScript syntax tree, so rule docs that mention `eval(` in strings are fine.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const FORBIDDEN_MODULES = new Set(['child_process', 'net', 'http', 'https', 'http2', 'vm', 'worker_threads', 'dgram', 'tls', 'cluster', 'inspector']);
/** Files allowed one forbidden module, and why. */
const ALLOWED: Record<string, { module: string; why: string }> = {
  'server/src/cli/pool.ts': { module: 'worker_threads', why: 'the CLI scan pool runs the engine (never the scanned code) on several cores' },
  'server/src/scanWorker.ts': { module: 'worker_threads', why: 'the scan pool worker receives file paths and returns findings' },
};

/**
 * Dependencies that ship such modules, and why we accept them: nothing in them is reached with
 * analysed code as input.
 */
export const DEPENDENCIES_WITH_SUCH_MODULES: Record<string, string> = {
  'vscode-languageserver': 'imports `net` and `child_process` (through vscode-jsonrpc) for the pipe/socket transports and to watch the parent process id; the server uses stdio or IPC',
  'vscode-languageclient': 'starts the server process with `child_process` (its job); the client analyses nothing',
  'web-tree-sitter': 'its Emscripten loader references `fs`/`path` to read the WASM file; no process or network code runs',
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const stack = [path.join(ROOT, dir)];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (p.endsWith('.ts')) out.push(p);
    }
  }
  return out.sort();
}

function violations(file: string): string[] {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const moduleName = (spec: string): string => spec.replace(/^node:/, '').split('/')[0];
  const checkModule = (spec: string, node: ts.Node): void => {
    const m = moduleName(spec);
    if (!FORBIDDEN_MODULES.has(m) || ALLOWED[rel]?.module === m) return;
    out.push(`${rel}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1} imports '${spec}'`);
  };
  const stack: ts.Node[] = [sf];
  while (stack.length) {
    const node = stack.pop()!;
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      checkModule(node.moduleSpecifier.text, node);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isIdentifier(callee) && callee.text === 'require' && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) checkModule(node.arguments[0].text, node);
      if (callee.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) checkModule(node.arguments[0].text, node);
      if (ts.isIdentifier(callee) && callee.text === 'eval') out.push(`${rel}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1} calls eval`);
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Function') {
      out.push(`${rel}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1} uses new Function`);
    }
    node.forEachChild((c) => {
      stack.push(c);
    });
  }
  return out.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

test('server and client sources import no process, network, VM or worker module and never eval', () => {
  const files = [...sourceFiles('server/src'), ...sourceFiles('client/src')];
  assert.ok(files.length > 20);
  assert.deepEqual(files.flatMap(violations), []);
});

test('the check finds what it looks for', () => {
  const dir = fs.mkdtempSync(path.join(ROOT, 'test', 'robustness', '.tmp-'));
  try {
    const file = path.join(dir, 'bad.ts');
    fs.writeFileSync(file, "import { exec } from 'node:child_process';\nconst x = eval('1');\nconst f = new Function('return 1');\nconst s = 'eval(1)';\n");
    assert.deepEqual(
      violations(file).map((v) => v.replace(/^.*bad\.ts/, 'bad.ts')),
      ["bad.ts:1 imports 'node:child_process'", 'bad.ts:2 calls eval', 'bad.ts:3 uses new Function'],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('every allowed exception exists', () => {
  for (const file of Object.keys(ALLOWED)) assert.ok(fs.existsSync(path.join(ROOT, file)), file);
});
