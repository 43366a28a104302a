// `npm run gen` regenerates the rule and preset docs and the policy JSON Schema from the
// registry; `npm run check:gen` (`--check`) changes nothing and exits 1 listing stale files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extraFiles, generatedFiles, ROOT, staleFiles } from './gen/generate';

function main(): number {
  if (process.argv.includes('--check')) {
    const stale = staleFiles();
    if (stale.length === 0) return 0;
    process.stderr.write(`Generated files are stale; run \`npm run gen\`:\n${stale.map((f) => `  ${f}\n`).join('')}`);
    return 1;
  }
  const files = generatedFiles();
  let written = 0;
  for (const [file, content] of files) {
    const full = path.join(ROOT, file);
    if (fs.existsSync(full) && fs.readFileSync(full, 'utf8') === content) continue;
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
    written++;
  }
  const removed = extraFiles(ROOT, files);
  for (const file of removed) fs.rmSync(path.join(ROOT, file));
  process.stdout.write(`gen: ${files.size} files, ${written} written, ${removed.length} removed${removed.length ? ` (${removed.join(', ')})` : ''}\n`);
  return 0;
}

process.exitCode = main();
