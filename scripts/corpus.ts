// Scores the public corpus and prints the per-category table and every miss:
//   node --import tsx scripts/corpus.ts [--verbose] [corpus.jsonl]
import { createPythonParser } from '../server/src/parser';
import { corpusPolicy } from '../test/corpus/policy';
import { categoryTable, loadCorpus, scoreCase } from '../test/corpus/corpus';

async function main(): Promise<void> {
  const verbose = process.argv.includes('--verbose');
  const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
  const parser = await createPythonParser();
  const policy = corpusPolicy();
  const results = loadCorpus(file).map((k) => scoreCase(parser, k, policy));
  console.log(categoryTable(results));
  const scored = results.filter((r) => r.kase.category !== 'debatable');
  const unsafe = scored.filter((r) => r.kase.expected === 'unsafe');
  const safe = scored.filter((r) => r.kase.expected === 'safe');
  console.log(`\nunsafe caught ${unsafe.filter((r) => r.passed).length}/${unsafe.length}; safe clean ${safe.filter((r) => r.passed).length}/${safe.length}`);
  for (const r of results) {
    if (r.passed && !verbose) continue;
    console.log(`\n${r.passed ? 'ok  ' : 'MISS'} ${r.kase.id} [${r.kase.category}, ${r.kase.expected}, lines ${r.kase.lines.join(',')}]`);
    console.log(r.kase.code.replace(/^/gm, '    | '));
    for (const f of r.findings) console.log(`    ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.message}`);
  }
}

void main();
