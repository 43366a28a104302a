/**
 * A developer's tool for the engine's performance work, not part of `npm run bench`:
 *
 *   node bench/profile.mjs [--corpus DIR] [--limit N] [--every K] [--dump FILE] [--rules] [--repeat N]
 *
 * Parses and analyses (preset audit, single thread, in process) every K-th Python file of the
 * corpus (default: the stdlib of `python3`), printing parse time, analysis time and, with
 * `--rules`, the time spent in each rule's handlers. `--dump FILE` writes every finding as JSON
 * lines (path, then the findings), for comparing two versions of the engine finding by finding.
 * Bundled (like the benchmark) so that the profile is the shipped code's, not tsx's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createPythonParser } from '../server/src/parser';
import { analyzeTree } from '../server/src/engine';
import { presetPolicy } from '../server/src/policy/fromPreset';
import { RULES } from '../server/src/rules';
import type { Rule, Visitor } from '../server/src/rules/types';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory() && entry.name !== 'site-packages' && entry.name !== '.git' && entry.name !== 'node_modules') stack.push(full);
      else if (entry.isFile() && entry.name.endsWith('.py')) out.push(full);
    }
  }
  return out.sort();
}

async function main(): Promise<void> {
  const corpus = option('--corpus') ?? execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  const every = Number(option('--every') ?? 1);
  const limit = Number(option('--limit') ?? Infinity);
  const repeat = Number(option('--repeat') ?? 1);
  const dump = option('--dump');
  const files = (fs.statSync(corpus).isFile() ? [corpus] : pythonFiles(corpus)).filter((_, i) => i % every === 0).slice(0, limit);
  const sources = files.map((f) => fs.readFileSync(f, 'utf8'));

  const ruleTimes = new Map<string, number>();
  // `--only PC101,PC102` / `--only none`: a subset of the rules, to see what each costs.
  const only = option('--only');
  let rules: readonly Rule[] = only ? RULES.filter((r) => only.split(',').includes(r.meta.code)) : RULES;
  if (process.argv.includes('--rules')) {
    rules = rules.map((rule) => ({
      ...rule,
      create(context) {
        const visitor = rule.create(context);
        const timed: Visitor = {};
        for (const [type, fn] of Object.entries(visitor)) {
          timed[type] = (node) => {
            const t = performance.now();
            try {
              fn(node);
            } finally {
              ruleTimes.set(rule.meta.code, (ruleTimes.get(rule.meta.code) ?? 0) + performance.now() - t);
            }
          };
        }
        return timed;
      },
    }));
  }

  const parser = await createPythonParser();
  const policy = presetPolicy('audit');
  // `--alloc FILE`: a sampling profile of every allocation, garbage included (open it in DevTools).
  const allocFile = option('--alloc');
  let session: import('node:inspector').Session | undefined;
  if (allocFile) {
    const inspector = await import('node:inspector');
    session = new inspector.Session();
    session.connect();
    await new Promise((resolve) =>
      session!.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as object, resolve),
    );
  }
  const out = dump ? fs.openSync(dump, 'w') : undefined;
  let parseMs = 0;
  let analysisMs = 0;
  // CPU time as well as wall time: the machine is shared, and CPU time suffers less from that.
  let parseCpu = 0;
  let analysisCpu = 0;
  const perFile: [string, number, number][] = [];
  let findings = 0;
  for (let r = 0; r < repeat; r++) {
    for (let i = 0; i < files.length; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const tree = parser.parse(sources[i]);
      const t1 = performance.now();
      const c1 = process.cpuUsage();
      const result = analyzeTree(tree, sources[i], policy, { rules });
      const t2 = performance.now();
      const c2 = process.cpuUsage();
      parseCpu += c1.user + c1.system - c0.user - c0.system;
      analysisCpu += c2.user + c2.system - c1.user - c1.system;
      tree.delete();
      parseMs += t1 - t0;
      analysisMs += t2 - t1;
      if (r === 0) perFile.push([path.relative(corpus, files[i]), Math.round(t1 - t0), Math.round(t2 - t1)]);
      findings += result.length;
      if (out !== undefined && r === 0) fs.writeSync(out, `${JSON.stringify({ path: path.relative(corpus, files[i]), findings: result })}\n`);
    }
  }
  if (out !== undefined) fs.closeSync(out);
  if (session && allocFile) {
    const profile = await new Promise<unknown>((resolve) => session!.post('HeapProfiler.stopSampling', (_e, r) => resolve(r.profile)));
    fs.writeFileSync(allocFile, JSON.stringify(profile));
  }
  const report: Record<string, unknown> = { files: files.length, repeat, parseMs: Math.round(parseMs), analysisMs: Math.round(analysisMs), ratio: +(analysisMs / parseMs).toFixed(2), parseCpuMs: Math.round(parseCpu / 1000), analysisCpuMs: Math.round(analysisCpu / 1000), cpuRatio: +(analysisCpu / parseCpu).toFixed(2), findings };
  if (ruleTimes.size) report.rules = Object.fromEntries([...ruleTimes].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round(v)]));
  report.maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  // The files whose analysis took longest, with their parse times: [path, parse ms, analysis ms].
  if (process.argv.includes('--slowest')) report.slowest = perFile.sort((a, b) => b[2] - a[2]).slice(0, 15);
  process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
