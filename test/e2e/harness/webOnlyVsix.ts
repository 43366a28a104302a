// A web-only variant of the packaged extension: the same manifest without `main` (and without
// the Node bundles), so VS Code can run it only from its `browser` entry, in the web worker
// extension host — the way vscode.dev runs it. Made from the production build `npm run package`
// left in dist/, packaged by the same vsce, in a temporary folder.
//
// It also leaves out `extensionKind` (["workspace"]): code-server installs extensions on its
// server, and VS Code runs a remotely installed "workspace" extension in the remote's Node host
// (its `pickRunningLocation`), where one without `main` cannot run — seen here: it then ran
// nowhere. A web-only extension declares no kind; VS Code deduces ["web"] and runs it in the
// browser's worker host, which is what this variant is for.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from './cache';

const COPIED = ['README.md', 'CHANGELOG.md', 'LICENSE', 'images/icon.png', 'syntaxes', 'dist/web/extension.js', 'dist/web/server.js', 'dist/web-tree-sitter.wasm', 'dist/tree-sitter-python.wasm'];

/** Packages the web-only .vsix; returns its path (in a temporary folder the caller removes). */
export function makeWebOnlyVsix(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'padded-cell-web-vsix-'));
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Record<string, unknown>;
  delete manifest.main;
  delete manifest.extensionKind;
  delete manifest.bin;
  delete manifest.scripts;
  delete manifest.devDependencies;
  delete manifest.dependencies;
  // A new identity, so it can never be mistaken for (or update) the regular extension.
  manifest.name = `${String(manifest.name)}-web`;
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const entry of COPIED) fs.cpSync(path.join(REPO, entry), path.join(dir, entry), { recursive: true });
  const out = path.join(dir, `${String(manifest.name)}-${String(manifest.version)}.vsix`);
  execFileSync(process.execPath, [path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', out], { cwd: dir, stdio: 'pipe' });
  return out;
}
