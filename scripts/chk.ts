import * as fs from 'node:fs';
import { createPythonParser } from '../server/src/parser';
import { analyzeSource } from '../server/src/engine';
import { presetPolicy } from '../server/src/policy/fromPreset';
(async () => { const p = await createPythonParser(); const src = fs.readFileSync(process.argv[2], 'utf8'); const t = performance.now(); const f = analyzeSource(p, src, presetPolicy('strict')); console.log((performance.now()-t).toFixed(0)+'ms'); for (const x of f) console.log(x.range.start.line+1, x.code, x.message.slice(0,100)); })();
