// The .vsix `npm run package` makes holds exactly what the extension needs at run time: the
// bundles, both WASM files, the TextMate grammars, the manifest and the documents the
// Marketplace shows. No sources, tests, fixtures, source maps or node_modules.
//
// Part of `npm run test:e2e`, which packages first: packaging rewrites dist/ as a production
// build, which must not happen under the feet of `npm test`'s tests running in parallel.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

const REPO = path.resolve(__dirname, '..', '..');
const MAX_BYTES = 3 * 1024 * 1024;

interface Manifest {
  name: string;
  version: string;
  publisher: string;
  license: string;
  icon: string;
  repository: { type: string; url: string };
  categories: string[];
  keywords: string[];
  galleryBanner: { color: string; theme: string };
  contributes?: { grammars?: { path: string }[] };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;
const vsix = path.join(REPO, `${manifest.name}-${manifest.version}.vsix`);

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

/** The archive's central directory (a .vsix is a zip): every entry's name, in archive order. */
function listZip(archive: Buffer): ZipEntry[] {
  // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = archive.length - 22; i >= Math.max(0, archive.length - 65_557); i--) {
    if (archive.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'the .vsix is a zip archive');
  const count = archive.readUInt16LE(eocd + 10);
  let offset = archive.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(archive.readUInt32LE(offset), 0x02014b50, 'central directory entry');
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    entries.push({
      name: archive.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: archive.readUInt16LE(offset + 10),
      compressedSize: archive.readUInt32LE(offset + 20),
      localHeaderOffset: archive.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function readEntry(archive: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localHeaderOffset;
  const start = at + 30 + archive.readUInt16LE(at + 26) + archive.readUInt16LE(at + 28);
  const data = archive.subarray(start, start + entry.compressedSize);
  return entry.method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data);
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(path.join(REPO, dir))) return [];
  return fs
    .readdirSync(path.join(REPO, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(REPO, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** What the archive must hold, built from the manifest and the build's entry points. */
function expectedEntries(): string[] {
  // The web extension's client and worker server are in dist/web/ (package.json `browser`).
  const bundles = ['extension.js', 'server.js', 'cli.js', 'web/extension.js', 'web/server.js'];
  // scripts/build.mjs bundles the scan worker when its source exists (an optional entry point).
  if (fs.existsSync(path.join(REPO, 'server', 'src', 'scanWorker.ts'))) bundles.push('scanWorker.js');
  return [
    '[Content_Types].xml',
    'extension.vsixmanifest',
    'extension/package.json',
    'extension/readme.md',
    'extension/changelog.md',
    'extension/LICENSE.txt',
    `extension/${manifest.icon}`,
    ...bundles.map((b) => `extension/dist/${b}`),
    'extension/dist/web-tree-sitter.wasm',
    'extension/dist/tree-sitter-python.wasm',
    ...filesUnder('syntaxes').map((f) => `extension/${f}`),
  ].sort();
}

test('the .vsix holds exactly the run-time files, and nothing else', (t) => {
  if (!fs.existsSync(vsix)) assert.fail(`${path.basename(vsix)} not found: run \`npm run package\` first (\`npm run test:e2e\` does)`);
  const entries = listZip(fs.readFileSync(vsix)).map((e) => e.name).sort();
  assert.deepEqual(entries, expectedEntries());
  t.diagnostic(`${entries.length} files`);
});

test('nothing in it is a source, a map, a test, a fixture or a dependency', () => {
  const entries = listZip(fs.readFileSync(vsix)).map((e) => e.name);
  const forbidden = entries.filter((e) => /\.(ts|map)$|(^|\/)(node_modules|test|src|client|server|examples|docs|scripts)\//.test(e));
  assert.deepEqual(forbidden, []);
});

test('it is smaller than 3 MB', (t) => {
  const size = fs.statSync(vsix).size;
  t.diagnostic(`${(size / 1024).toFixed(0)} KiB`);
  assert.ok(size < MAX_BYTES, `${size} bytes`);
});

test('the web extension — its client, its worker server and both WASM files — is under 2 MB', (t) => {
  const archive = fs.readFileSync(vsix);
  const web = ['extension/dist/web/extension.js', 'extension/dist/web/server.js', 'extension/dist/web-tree-sitter.wasm', 'extension/dist/tree-sitter-python.wasm'];
  const entries = listZip(archive).filter((e) => web.includes(e.name));
  assert.equal(entries.length, web.length);
  const bytes = entries.reduce((sum, e) => sum + readEntry(archive, e).length, 0);
  t.diagnostic(`${(bytes / 1024).toFixed(0)} KiB: ${entries.map((e) => `${e.name.slice('extension/dist/'.length)} ${(readEntry(archive, e).length / 1024).toFixed(0)} KiB`).join(', ')}`);
  assert.ok(bytes < 2 * 1024 * 1024, `${bytes} bytes`);
});

test('the bundles inside are the production build: minified, no source map reference', () => {
  const archive = fs.readFileSync(vsix);
  for (const entry of listZip(archive).filter((e) => /^extension\/dist\/.*\.js$/.test(e.name))) {
    const text = readEntry(archive, entry).toString('utf8');
    assert.doesNotMatch(text, /sourceMappingURL/, entry.name);
    // An unminified esbuild bundle marks each module with a `// path/to/module.ts` line.
    assert.doesNotMatch(text, /^\/\/ (server|client|node_modules)\//m, `${entry.name} is not minified`);
  }
});

test('the web server leaves out the presets\' reasons, rule tests and rules\' rationales and examples; the Node server keeps the reasons, rationales and examples', () => {
  const archive = fs.readFileSync(vsix);
  const text = (name: string): string => readEntry(archive, listZip(archive).find((e) => e.name === name)!).toString('utf8');
  // A reason of strict's allowlist (server/src/policy/presets/strict.ts) and a rule's test case.
  const reason = 'pure functions on floats and ints';
  const ruleTest = 'def spaced(text):';
  assert.ok(text('extension/dist/server.js').includes(reason));
  assert.ok(!text('extension/dist/web/server.js').includes(reason));
  for (const name of ['extension/dist/server.js', 'extension/dist/web/server.js']) assert.ok(!text(name).includes('head, *body, tail = ["f", "l", "o", "o", "r"]'), name);
  assert.ok(!text('extension/dist/web/server.js').includes(ruleTest));
  // A rule's rationale and example (PC501's `why` and `example`) stay in the Node server's hover;
  // the web hover links the page.
  for (const part of ['erroring out of the sandbox', 'sys.exit("bye")']) {
    assert.ok(text('extension/dist/server.js').includes(part), part);
    assert.ok(!text('extension/dist/web/server.js').includes(part), part);
  }
  for (const name of ['extension/dist/server.js', 'extension/dist/web/server.js']) assert.ok(text(name).includes('Swallowing'), name);
});

test('the WASM files inside are the ones the build copied from node_modules', () => {
  const archive = fs.readFileSync(vsix);
  const sources: Record<string, string> = {
    'extension/dist/web-tree-sitter.wasm': require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
    'extension/dist/tree-sitter-python.wasm': path.join(path.dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'),
  };
  for (const entry of listZip(archive).filter((e) => e.name in sources)) {
    assert.ok(readEntry(archive, entry).equals(fs.readFileSync(sources[entry.name])), entry.name);
  }
});

test('the manifest carries what the Marketplace and vsce ask for', () => {
  assert.equal(manifest.license, 'MIT');
  assert.ok(fs.existsSync(path.join(REPO, 'LICENSE')));
  assert.match(manifest.repository.url, /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
  assert.ok(manifest.categories.includes('Linters'));
  assert.ok(manifest.keywords.length > 0 && manifest.keywords.length <= 30, 'vsce allows at most 30 keywords');
  assert.match(manifest.galleryBanner.color, /^#[0-9a-fA-F]{6}$/);
  assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
  // vsce refuses SVG icons; the Marketplace wants at least 128×128 pixels.
  assert.match(manifest.icon, /\.png$/);
  const icon = fs.readFileSync(path.join(REPO, manifest.icon));
  assert.equal(icon.toString('latin1', 1, 4), 'PNG');
  assert.ok(icon.readUInt32BE(16) >= 128 && icon.readUInt32BE(20) >= 128, 'icon at least 128×128');
  for (const grammar of manifest.contributes?.grammars ?? []) {
    assert.ok(fs.existsSync(path.join(REPO, grammar.path)), `grammar ${grammar.path} exists`);
  }
});
