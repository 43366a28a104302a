import { createPythonParser } from '/work/main/server/src/parser';
(async () => {
  const p = await createPythonParser();
  const n = Number(process.argv[2]);
  const kind = process.argv[3];
  let src = '';
  if (kind === 'if') src = Array.from({ length: n }, (_, i) => ' '.repeat(i) + 'if x:\n').join('') + ' '.repeat(n) + 'eval("1")\n';
  if (kind === 'list') src = 'x = [' + Array(n).fill('1').join(', ') + ']\n';
  try { const t = p.parse(src); console.log(kind, n, 'ok', t.rootNode.hasError); } catch (e) { console.log(kind, n, 'CRASH', String(e)); }
  try { const t = p.parse('x = 1\n'); console.log('after: ok'); } catch (e) { console.log('after: CRASH', String(e)); }
})();
