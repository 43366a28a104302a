// Bundles the client, the server and the CLI with esbuild, and copies both WASM files next to
// them: the parser loads them from dist/ by path, never from the network.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

mkdirSync('dist', { recursive: true });
copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), 'dist/web-tree-sitter.wasm');
copyFileSync(join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'), 'dist/tree-sitter-python.wasm');

// esbuild picks web-tree-sitter's ESM build for an `import`, whose `import.meta.url` is empty in
// a CommonJS bundle and makes `Parser.init` throw; the package's own CommonJS build works.
const webTreeSitterCjs = {
  name: 'web-tree-sitter-cjs',
  setup(build) {
    build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter') }));
  },
};

// Each rule file carries its own test cases (`tests:`, run by test/rules.test.ts from the
// sources): the production bundles leave them out, about 0.2 MB of the web build. The property
// is found with TypeScript's parser, not by text, and its value replaced by empty lists. The web
// bundle, which must stay under 2 MB with both WASM files, also leaves out each rule's rationale
// and example (`docs.why` and `docs.example`, about 17 KB): its hover links the rule's page, which
// has them.
const stripRuleParts = ({ rationale }) => ({
  name: rationale ? 'strip-rule-tests-and-rationale' : 'strip-rule-tests',
  setup(build) {
    build.onLoad({ filter: /[\\/]server[\\/]src[\\/]rules[\\/][^\\/]+[\\/]PC\d{3}-[^\\/]+\.ts$/ }, async (args) => {
      const ts = require('typescript');
      const source = readFileSync(args.path, 'utf8');
      const file = ts.createSourceFile(args.path, source, ts.ScriptTarget.Latest, true);
      const edits = [];
      for (const statement of file.statements) {
        if (!ts.isVariableStatement(statement)) continue;
        for (const declaration of statement.declarationList.declarations) {
          const value = declaration.initializer;
          if (!value || !ts.isObjectLiteralExpression(value)) continue;
          for (const property of value.properties) {
            if (!ts.isPropertyAssignment(property)) continue;
            if (property.name.getText(file) === 'tests') edits.push([property.initializer, '{ valid: [], invalid: [] }']);
            if (rationale && property.name.getText(file) === 'meta' && ts.isObjectLiteralExpression(property.initializer)) {
              const docs = property.initializer.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText(file) === 'docs');
              for (const part of ['why', 'example']) {
                const found = docs && ts.isObjectLiteralExpression(docs.initializer) ? docs.initializer.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText(file) === part) : undefined;
                if (found) edits.push([found.initializer, "''"]);
              }
            }
          }
        }
      }
      let contents = source;
      for (const [node, text] of edits.sort((a, b) => b[0].getStart(file) - a[0].getStart(file))) {
        contents = contents.slice(0, node.getStart(file)) + text + contents.slice(node.getEnd());
      }
      return { contents, loader: 'ts' };
    });
  },
});
const stripRuleTests = stripRuleParts({ rationale: false });

// A preset's allowlists map each entry to the reason it is safe, and its `rationale` explains it:
// documentation for the generated docs and the CLI, read by nothing the language server runs (it
// takes the keys). The web bundle, which must stay under 2 MB with both WASM files, leaves the
// texts out; `name`, `summary` and the settings of `rules` and `limits` stay.
const stripPresetReasons = {
  name: 'strip-preset-reasons',
  setup(build) {
    build.onLoad({ filter: /[\\/]server[\\/]src[\\/]policy[\\/]presets[\\/][a-z]+\.ts$/ }, async (args) => {
      if (/[\\/](index|types)\.ts$/.test(args.path)) return undefined;
      const ts = require('typescript');
      const source = readFileSync(args.path, 'utf8');
      const file = ts.createSourceFile(args.path, source, ts.ScriptTarget.Latest, true);
      const edits = [];
      const keep = new Set(['name', 'summary', 'severity', 'inlineSuppressions']);
      const visit = (node) => {
        if (ts.isPropertyAssignment(node)) {
          const key = node.name.getText(file);
          const value = node.initializer;
          if (key === 'rules' || key === 'limits') return;
          if (key === 'rationale' || (!keep.has(key) && (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)))) {
            edits.push(value);
            return;
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
      let contents = source;
      for (const node of edits.sort((a, b) => b.getStart(file) - a.getStart(file))) contents = contents.slice(0, node.getStart(file)) + "''" + contents.slice(node.getEnd());
      return { contents, loader: 'ts' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  plugins: production ? [webTreeSitterCjs, stripRuleTests] : [webTreeSitterCjs],
};

// The web extension (package.json `browser`): the client runs in VS Code's web worker extension
// host, the server in a Web Worker of its own. Platform `browser`, so a Node module reached from
// the shared code fails the build instead of failing in a browser — except `path`: there every
// path is a URI's path, and server/src/web/posixPath.ts is POSIX path arithmetic without
// `process`. Dependencies resolve to their browser builds (web-tree-sitter's maps `fs` to nothing).
const posixPath = {
  name: 'posix-path',
  setup(build) {
    build.onResolve({ filter: /^(node:)?path$/ }, () => ({ path: join(process.cwd(), 'server', 'src', 'web', 'posixPath.ts') }));
  },
};
const browser = { platform: 'browser', target: 'es2022', plugins: production ? [webTreeSitterCjs, posixPath, stripRuleParts({ rationale: true }), stripPresetReasons] : [webTreeSitterCjs, posixPath] };

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...browser, entryPoints: ['client/src/web/extension.ts'], outfile: 'dist/web/extension.js', format: 'cjs', external: ['vscode'] },
  { ...browser, entryPoints: ['server/src/web/serverMain.ts'], outfile: 'dist/web/server.js', format: 'iife' },
  { entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/scanWorker.ts'], outfile: 'dist/scanWorker.js', optional: true },
].filter((e) => !e.optional || existsSync(e.entryPoints[0]));

const contexts = await Promise.all(entries.map(({ optional, ...e }) => esbuild.context({ ...common, ...e })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
}
