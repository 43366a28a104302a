// `npm run bench`: measures Padded Cell against the parser's lower bound and against its peers
// on one corpus, in one run, prints a markdown table and writes bench/results.json.
//
//   node bench/run.mjs [--corpus DIR] [--edits N] [--no-bandit] [--no-ruff] [--limit N]
//
// Corpus: the CPython standard library of the machine's `python3` (via sysconfig), or DIR.
// It is copied to a temporary folder first, walked by the CLI's own rules (no site-packages,
// .git, node_modules), so that every tool sees exactly the same files.
// Every measurement runs in its own process. Timings are wall-clock and noisy on a shared
// machine: compare the ratios, which are measured minutes apart in the same run.
import * as esbuild from 'esbuild';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.join(root, 'bench', '.cache');
const require = createRequire(import.meta.url);
/** Places of the keystroke file at which the typing measurement types a statement (keystrokeEdits.ts `typingEdits`). */
const TYPING_PLACES = 4;

function parseArgs(argv) {
  const options = { corpus: undefined, edits: 200, bandit: true, ruff: true, limit: Infinity };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--corpus') options.corpus = argv[++i];
    else if (arg === '--edits') options.edits = Number(argv[++i]);
    else if (arg === '--limit') options.limit = Number(argv[++i]);
    else if (arg === '--no-bandit') options.bandit = false;
    else if (arg === '--no-ruff') options.ruff = false;
    else throw new Error(`unknown option '${arg}'`);
  }
  return options;
}

function stdlibDirectory() {
  return execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
}

/** The CLI walker's rules, so that the copied corpus holds what `padded-cell scan DIR` checks. */
function pythonFiles(dir) {
  const skipped = new Set(['.git', 'node_modules', 'site-packages']);
  const out = [];
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop();
    if (current !== dir && fs.existsSync(path.join(current, 'pyvenv.cfg'))) continue;
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory() && !skipped.has(entry.name)) stack.push(full);
      else if (entry.isFile() && entry.name.endsWith('.py')) out.push(full);
    }
  }
  return out.sort();
}

function copyCorpus(source, limit) {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'padded-cell-bench-'));
  const files = [];
  let lines = 0;
  let bytes = 0;
  for (const file of pythonFiles(source).slice(0, limit)) {
    const copy = path.join(target, path.relative(source, file));
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    const data = fs.readFileSync(file);
    fs.writeFileSync(copy, data);
    files.push(copy);
    bytes += data.length;
    for (const byte of data) if (byte === 10) lines++;
  }
  return { dir: target, files, lines, bytes };
}

async function bundle() {
  fs.mkdirSync(cacheDir, { recursive: true });
  // As in scripts/build.mjs: web-tree-sitter's CommonJS build, whose WASM loading works in a bundle.
  const webTreeSitterCjs = {
    name: 'web-tree-sitter-cjs',
    setup(build) {
      build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter') }));
    },
  };
  for (const name of ['inprocess', 'lsp']) {
    await esbuild.build({
      entryPoints: [path.join(root, 'bench', `${name}.ts`)],
      outfile: path.join(cacheDir, `${name}.cjs`),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      // Bundling warnings are the server's own (require.resolve of the WASM); the build reports them.
      logLevel: 'error',
      external: ['@astral-sh/ruff-wasm-nodejs'],
      plugins: [webTreeSitterCjs],
    });
  }
  // The WASM files are found next to the bundle, as in dist/.
  for (const wasm of ['web-tree-sitter.wasm', 'tree-sitter-python.wasm']) fs.copyFileSync(path.join(root, 'dist', wasm), path.join(cacheDir, wasm));
  // Peak RSS of a process we do not own (the CLI): written by a preloaded hook at exit.
  fs.writeFileSync(
    path.join(cacheDir, 'maxrss.cjs'),
    "process.on('exit', () => { if (process.env.BENCH_MAXRSS_FILE) require('node:fs').writeFileSync(process.env.BENCH_MAXRSS_FILE, String(process.resourceUsage().maxRSS)); });\n",
  );
}

/** Runs a command, returns its wall time, stdout and exit code. */
function timed(command, args, { env, stdoutFile } = {}) {
  return new Promise((resolve, reject) => {
    const out = stdoutFile ? fs.openSync(stdoutFile, 'w') : 'pipe';
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', out, 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (typeof out === 'number') fs.closeSync(out);
      resolve({ seconds: (performance.now() - started) / 1000, stdout, stderr, code });
    });
  });
}

async function inProcess(measurement, listFile) {
  const result = await timed(process.execPath, [path.join(cacheDir, 'inprocess.cjs'), measurement, listFile]);
  if (result.code !== 0) throw new Error(`${measurement} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

async function lsp(...args) {
  const result = await timed(process.execPath, [path.join(cacheDir, 'lsp.cjs'), ...args]);
  if (result.code !== 0) throw new Error(`lsp ${args[0]} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

async function scan(dir, jobs, tmp) {
  const rssFile = path.join(tmp, `maxrss-${jobs}`);
  const outFile = path.join(tmp, `scan-${jobs}.json`);
  const args = ['--require', path.join(cacheDir, 'maxrss.cjs'), path.join(root, 'dist', 'cli.js'), 'scan', '--format', 'json', '--preset', 'audit', '--jobs', String(jobs), dir];
  const result = await timed(process.execPath, args, { env: { BENCH_MAXRSS_FILE: rssFile }, stdoutFile: outFile });
  // Exit 1 means findings, which the stdlib has plenty of.
  if (result.code !== 0 && result.code !== 1) throw new Error(`scan --jobs ${jobs} failed (exit ${result.code}):\n${result.stderr}`);
  const report = JSON.parse(fs.readFileSync(outFile, 'utf8'));
  return { seconds: result.seconds, jobs, files: report.filesScanned, findings: report.findings?.length, maxRssMb: Number(fs.readFileSync(rssFile, 'utf8')) / 1024 };
}

async function bandit(dir, tmp) {
  if (spawnSync('bandit', ['--version'], { stdio: 'ignore' }).status !== 0) return undefined;
  const result = await timed('bandit', ['-r', dir, '-q', '-f', 'json', '-o', path.join(tmp, 'bandit.json')]);
  // Bandit exits 1 when it found issues.
  if (result.code !== 0 && result.code !== 1) throw new Error(`bandit failed (exit ${result.code}):\n${result.stderr}`);
  const version = spawnSync('bandit', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0].trim();
  return { seconds: result.seconds, version };
}

function fmt(value, digits = 2) {
  return value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits);
}

function verdict(ok) {
  return ok === undefined ? 'n/a' : ok ? 'met' : 'missed';
}

function table(r) {
  const lb = r.lowerBound.seconds;
  const rows = [
    ['Corpus', `${r.corpus.files} files, ${r.corpus.lines.toLocaleString('en')} lines, ${(r.corpus.bytes / 1e6).toFixed(1)} MB, ${(r.lowerBound.nodes / 1e6).toFixed(2)}M nodes (${r.corpus.source})`, '', ''],
    ['Parse only, 1 thread', `${fmt(r.parse.seconds)} s`, fmt(r.parse.seconds / lb), ''],
    ['**Lower bound**: parse + cursor walk, 1 thread', `${fmt(lb)} s`, '1.00', ''],
    ['Full analysis, 1 thread, in process', `${fmt(r.analysis.seconds)} s`, fmt(r.analysis.seconds / lb), `≤ 1.6: ${verdict(r.analysis.seconds / lb <= 1.6)}`],
    ['`scan --format json --jobs 1`', `${fmt(r.scan1.seconds)} s`, fmt(r.scan1.seconds / lb), ''],
    [`\`scan --format json --jobs ${r.scanAll.jobs}\` (all cores)`, `${fmt(r.scanAll.seconds)} s`, fmt(r.scanAll.seconds / lb), `≤ 0.8: ${verdict(r.scanAll.seconds / lb <= 0.8)}`],
    r.ruff
      ? [`Ruff ${r.ruff.version} (WASM), rules S, 1 thread`, `${fmt(r.ruff.seconds)} s`, fmt(r.ruff.seconds / lb), `scan/Ruff = ${fmt(r.scanAll.seconds / r.ruff.seconds)} (≤ 1.5: ${verdict(r.scanAll.seconds / r.ruff.seconds <= 1.5)})`]
      : ['Ruff (WASM)', 'not measured', '', ''],
    r.bandit
      ? [`${r.bandit.version} \`-r\``, `${fmt(r.bandit.seconds)} s`, fmt(r.bandit.seconds / lb), `Bandit/scan = ${fmt(r.bandit.seconds / r.scanAll.seconds, 1)}× (≥ 8: ${verdict(r.bandit.seconds / r.scanAll.seconds >= 8)})`]
      : ['Bandit', r.banditSkipped ? 'not measured (--no-bandit)' : 'not installed', '', ''],
    [
      `Keystroke → diagnostics, LSP over stdio, ${r.keystrokes.edits} edits of ${r.keystrokeFile.name} (${r.keystrokeFile.lines.toLocaleString('en')} lines), preset audit (${r.keystrokes.diagnostics.toLocaleString('en')} diagnostics)`,
      `median ${fmt(r.keystrokes.medianMs, 1)} ms, p95 ${fmt(r.keystrokes.p95Ms, 1)} ms`,
      '',
      `≤ 8 / ≤ 20 ms: ${verdict(r.keystrokes.medianMs <= 8)} / ${verdict(r.keystrokes.p95Ms <= 20)}`,
    ],
    r.keystrokes.analysis
      ? ['of which the server\'s analysis (its log, whole ms; the rest is publishing the diagnostics as JSON, the pipe and the client\'s parse)', `median ${fmt(r.keystrokes.analysis.medianMs, 0)} ms, p95 ${fmt(r.keystrokes.analysis.p95Ms, 0)} ms`, '', '']
      : ['of which the server\'s analysis', 'not measured', '', ''],
    r.typing
      ? [
          `Typing: a statement typed at ${TYPING_PLACES} places of the same file, then deleted, one character a keystroke (brackets and quotes auto-closed), ${r.typing.edits} edits, preset audit`,
          `median ${fmt(r.typing.medianMs, 1)} ms, p95 ${fmt(r.typing.p95Ms, 1)} ms`,
          '',
          r.typing.analysis ? `server's analysis: median ${fmt(r.typing.analysis.medianMs, 0)} ms, p95 ${fmt(r.typing.analysis.p95Ms, 0)} ms` : '',
        ]
      : ['Typing a statement at a few places of the same file', 'not measured', '', ''],
    r.reparse
      ? ['tree-sitter\'s incremental reparse of the file after each of the same edits, in process', `median ${fmt(r.reparse.medianMs, 1)} ms, p95 ${fmt(r.reparse.p95Ms, 1)} ms`, '', '']
      : ['tree-sitter\'s incremental reparse of the same edits', 'not measured', '', ''],
    r.keystrokesStrict
      ? [
          `The same edits, default preset strict (${r.keystrokesStrict.diagnostics.toLocaleString('en')} diagnostics)`,
          `median ${fmt(r.keystrokesStrict.medianMs, 1)} ms, p95 ${fmt(r.keystrokesStrict.p95Ms, 1)} ms`,
          '',
          '',
        ]
      : ['The same edits, default preset strict', 'not measured', '', ''],
    r.ruff
      ? ['Ruff (WASM) full check of the same file', `${fmt(r.ruff.fileCheckMs, 1)} ms`, '', `Ruff/keystroke = ${fmt(r.ruff.fileCheckMs / r.keystrokes.medianMs, 1)}× (≥ 3: ${verdict(r.ruff.fileCheckMs / r.keystrokes.medianMs >= 3)})`]
      : ['Ruff (WASM) full check of the same file', 'not measured', '', ''],
    ['Peak RSS of `scan --jobs 1`', `${fmt(r.scan1.maxRssMb, 0)} MB`, '', ''],
    [`Peak RSS of \`scan --jobs ${r.scanAll.jobs}\``, `${fmt(r.scanAll.maxRssMb, 0)} MB`, '', `≤ 400 MB: ${verdict(r.scanAll.maxRssMb <= 400 && r.scan1.maxRssMb <= 400)}`],
    [`Server RSS after opening the ${r.serverMemory.files} largest files`, `${fmt(r.serverMemory.rssMb, 0)} MB (peak ${fmt(r.serverMemory.peakRssMb, 0)} MB)`, '', `≤ 300 MB: ${verdict(r.serverMemory.rssMb <= 300)}`],
  ];
  const lines = ['| Measurement | Value | × lower bound | Target |', '| --- | --- | ---: | --- |'];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const source = options.corpus ? path.resolve(options.corpus) : stdlibDirectory();
  if (!fs.existsSync(path.join(root, 'dist', 'cli.js')) || !fs.existsSync(path.join(root, 'dist', 'server.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm run bench does)');
  }
  await bundle();
  const corpus = copyCorpus(source, options.limit);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'padded-cell-bench-out-'));
  const log = (message) => process.stderr.write(`${message}\n`);
  try {
    log(`corpus: ${corpus.files.length} files from ${source}`);
    const listFile = path.join(tmp, 'files.json');
    fs.writeFileSync(listFile, JSON.stringify({ files: corpus.files }));

    log('lower bound: parse + cursor walk ...');
    const lowerBound = await inProcess('walk', listFile);
    // The keystroke file is the one with the most syntax nodes (the analyser's work), not the
    // most bytes: in the stdlib the largest file by bytes is one string table (pydoc_data/topics.py).
    const byNodes = corpus.files.map((file, i) => ({ file, nodes: lowerBound.nodesPerFile[i] })).sort((a, b) => b.nodes - a.nodes);
    const keystrokeFile = byNodes[0].file;
    const largest50 = byNodes.slice(0, 50).map((f) => f.file);
    delete lowerBound.nodesPerFile;
    fs.writeFileSync(listFile, JSON.stringify({ files: corpus.files, keystrokeFile, edits: options.edits }));
    const largestFile = path.join(tmp, 'largest.json');
    fs.writeFileSync(largestFile, JSON.stringify({ files: largest50 }));

    log('parse only ...');
    const parse = await inProcess('parse', listFile);
    log('full analysis, 1 thread ...');
    const analysis = await inProcess('analysis', listFile);
    log('scan --jobs 1 ...');
    const scan1 = await scan(corpus.dir, 1, tmp);
    const cores = os.availableParallelism();
    log(`scan --jobs ${cores} ...`);
    const scanAll = await scan(corpus.dir, cores, tmp);
    log(`keystrokes: ${options.edits} edits of ${path.relative(corpus.dir, keystrokeFile)} ...`);
    const keystrokes = await lsp('keystrokes', keystrokeFile, String(options.edits), 'audit');
    log(`typing a statement at ${TYPING_PLACES} places of the same file ...`);
    const typing = await lsp('typing', keystrokeFile, String(TYPING_PLACES), 'audit');
    log('incremental reparse of the same edits ...');
    const reparse = await inProcess('reparse', listFile);
    // The same edits under the default preset: what the message costs is in proportion to the findings.
    log(`keystrokes under the default preset (strict) ...`);
    const keystrokesStrict = await lsp('keystrokes', keystrokeFile, String(options.edits), 'strict');
    log('server memory after opening the 50 largest files ...');
    const serverMemory = await lsp('memory', largestFile);
    let ruff;
    if (options.ruff) {
      try {
        require.resolve('@astral-sh/ruff-wasm-nodejs');
        log('ruff (WASM), rules S ...');
        ruff = await inProcess('ruff', listFile);
      } catch (error) {
        if (error?.code !== 'MODULE_NOT_FOUND') throw error;
        log('ruff: @astral-sh/ruff-wasm-nodejs is not installed; skipped');
      }
    }
    let banditResult;
    if (options.bandit) {
      log('bandit -r (when installed) ...');
      banditResult = await bandit(corpus.dir, tmp);
    }
    const keystrokeText = fs.readFileSync(keystrokeFile, 'utf8');
    const results = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, availableParallelism: cores, cpu: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      corpus: { source, files: corpus.files.length, lines: corpus.lines, bytes: corpus.bytes },
      lowerBound,
      parse,
      analysis,
      scan1,
      scanAll,
      keystrokeFile: { name: path.relative(corpus.dir, keystrokeFile), lines: keystrokeText.split('\n').length - (keystrokeText.endsWith('\n') ? 1 : 0), nodes: byNodes[0].nodes },
      keystrokes,
      typing,
      reparse,
      keystrokesStrict,
      serverMemory,
      ruff,
      bandit: banditResult,
      banditSkipped: !options.bandit,
    };
    fs.writeFileSync(path.join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${table(results)}\n`);
  } finally {
    fs.rmSync(corpus.dir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
