/**
 * A development aid: the findings of a preset for Python given on the command line, without a
 * policy file or the CLI's formatting.
 *
 *   node --import tsx scripts/findings.ts [--preset NAME] FILE.py      every finding of a file
 *   node --import tsx scripts/findings.ts [--preset NAME] -c SOURCE…    one line per snippet
 *
 * The preset is `strict` unless given.
 */
import * as fs from 'node:fs';
import { createPythonParser } from '../server/src/parser';
import { analyzeSource } from '../server/src/engine';
import { presetPolicy } from '../server/src/policy/fromPreset';

async function main(argv: string[]): Promise<void> {
  let preset = 'strict';
  const presetAt = argv.indexOf('--preset');
  if (presetAt !== -1) {
    preset = argv[presetAt + 1];
    argv.splice(presetAt, 2);
  }
  const policy = presetPolicy(preset);
  const parser = await createPythonParser();
  if (argv[0] === '-c') {
    for (const source of argv.slice(1)) {
      const findings = analyzeSource(parser, source, policy);
      console.log(JSON.stringify(source), '=>', findings.map((f) => `${f.code} ${f.message}`).join(' | ') || 'clean');
    }
    return;
  }
  const source = fs.readFileSync(argv[0], 'utf8');
  const started = performance.now();
  const findings = analyzeSource(parser, source, policy);
  for (const f of findings) console.log(`${f.range.start.line + 1}:${f.range.start.character + 1}${process.env.RANGES ? `-${f.range.end.line + 1}:${f.range.end.character + 1}` : ""} ${f.code} ${f.message}`);
  console.log(`${findings.length} findings in ${(performance.now() - started).toFixed(0)} ms`);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
