// Runs the engine over a folder of real Python (default: this machine's standard library) and
// reports crashes (PC000), the slowest files and the total time. A development aid, not a test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createPythonParser } from '../server/src/parser';
import { analyzeSource } from '../server/src/engine';
import { presetPolicy } from '../server/src/policy/fromPreset';

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && !e.isSymbolicLink() && e.name !== 'site-packages') stack.push(p);
      else if (e.isFile() && p.endsWith('.py')) out.push(p);
    }
  }
  return out.sort();
}

async function main(): Promise<void> {
  const dir = process.argv[2] || execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])']).toString().trim();
  const limit = Number(process.argv[3] ?? Infinity);
  const parser = await createPythonParser();
  const policy = presetPolicy('strict');
  const files = pythonFiles(dir).slice(0, limit);
  const times: [number, string][] = [];
  let findings = 0;
  let errors = 0;
  const t0 = performance.now();
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const s = performance.now();
    const result = analyzeSource(parser, text, policy);
    times.push([performance.now() - s, f]);
    findings += result.length;
    for (const r of result) if (r.code === 'PC000') { errors++; console.log(`PC000 ${f}: ${r.message}`); }
  }
  times.sort((a, b) => b[0] - a[0]);
  console.log(`${files.length} files, ${findings} findings, ${errors} analysis errors, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  for (const [ms, f] of times.slice(0, 5)) console.log(`${ms.toFixed(0)} ms ${f}`);
}

void main();
