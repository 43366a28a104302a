import { createPythonParser } from '../server/src/parser';
import { analyzeSource } from '../server/src/engine';
import { presetPolicy } from '../server/src/policy/fromPreset';
(async () => { const p = await createPythonParser(); for (const s of process.argv.slice(2)) { const f = analyzeSource(p, s, presetPolicy('strict')); console.log(JSON.stringify(s), '=>', f.map(x => x.code + ' ' + x.message.slice(0, 90)).join(' | ') || 'clean'); } })();
