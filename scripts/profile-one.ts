import * as fs from 'node:fs';
import { createPythonParser } from '../server/src/parser';
import { analyzeSource } from '../server/src/engine';
import { presetPolicy } from '../server/src/policy/fromPreset';
(async () => {
  const parser = await createPythonParser();
  const text = fs.readFileSync(process.argv[2], 'utf8');
  const policy = presetPolicy('strict');
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const tree = parser.parse(text);
    const tp = performance.now();
    analyzeSource(parser, text, policy);
    console.log(`parse ${(tp - t).toFixed(0)} ms, analyze(incl. parse) ${(performance.now() - tp).toFixed(0)} ms`);
    tree.delete();
  }
})();
