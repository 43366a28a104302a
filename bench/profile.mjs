// Bundles bench/profile.ts as the benchmark bundles its measurements, and runs it with the
// arguments given (node flags such as --cpu-prof go before the script: `node --cpu-prof bench/profile.mjs`
// profiles only this launcher, so use `node bench/profile.mjs --build-only` and run the bundle).
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.join(root, 'bench', '.cache');
const require = createRequire(import.meta.url);
fs.mkdirSync(cacheDir, { recursive: true });
const outfile = path.join(cacheDir, 'profile.cjs');
await esbuild.build({
  entryPoints: [path.join(root, 'bench', 'profile.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'error',
  sourcemap: true,
  plugins: [{ name: 'web-tree-sitter-cjs', setup: (b) => b.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter') })) }],
});
for (const wasm of ['web-tree-sitter.wasm', 'tree-sitter-python.wasm']) fs.copyFileSync(path.join(root, 'dist', wasm), path.join(cacheDir, wasm));
const args = process.argv.slice(2);
if (args[0] === '--build-only') process.exit(0);
const result = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
