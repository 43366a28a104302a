/**
 * The in-process measurements of `npm run bench`, one per child process so that one does not
 * warm up or fill the heap of the next. Bundled by bench/run.mjs and run as
 * `node inprocess.cjs MEASUREMENT LIST_FILE`; prints one JSON object on stdout.
 *
 *   walk      parse + TreeCursor walk of every node (reading its type): the lower bound of
 *             any analysis on this parser; also counts nodes per file for the file choice
 *   parse     parse only (for the reader: what part of the bound is the parser)
 *   analysis  parse + the engine with every rule (preset audit), single thread
 *   reparse   the parser's floor for a keystroke: the incremental reparse of the keystroke file
 *             after each of the LSP measurement's edits (the same ones, bench/keystrokeEdits.ts)
 *   ruff      Ruff's WASM build with rules `S` on every file, and a full check of one file
 *             repeated (its per-keystroke cost)
 */
import * as fs from 'node:fs';
import { Edit } from 'web-tree-sitter';
import { treeEditFor } from '../server/src/documents';
import { KEYSTROKE_WARM_UP, keystrokeEdits, percentile } from './keystrokeEdits';
import { createPythonParser } from '../server/src/parser';
import { analyzeTree } from '../server/src/engine';
import { presetPolicy } from '../server/src/policy/fromPreset';
import { tuneV8ForAnalysis } from '../server/src/v8Tuning';

interface FileList {
  files: string[];
  /** For `ruff`: the file whose full check is the per-keystroke cost; for `reparse`, the file edited. */
  keystrokeFile?: string;
  /** For `reparse`: how many edits (after the LSP measurement's warm-up edits). */
  edits?: number;
}

// As the CLI and the server run the engine; every measurement alike, the lower bound included.
tuneV8ForAnalysis();

const [measurement, listFile] = process.argv.slice(2);
const list = JSON.parse(fs.readFileSync(listFile, 'utf8')) as FileList;
// Read everything first: the measurements time the work, not the disk.
const sources = list.files.map((file) => fs.readFileSync(file, 'utf8'));

function seconds(fromMs: number): number {
  return (performance.now() - fromMs) / 1000;
}

async function walk(): Promise<object> {
  const parser = await createPythonParser();
  const nodesPerFile: number[] = [];
  let types = 0;
  const started = performance.now();
  for (const source of sources) {
    const tree = parser.parse(source);
    const cursor = tree.walk();
    let nodes = 0;
    // The public cursor API, as any analysis without our raw copy would use it.
    for (;;) {
      nodes++;
      types += cursor.nodeType.length;
      if (cursor.gotoFirstChild()) continue;
      let done = false;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) {
          done = true;
          break;
        }
      }
      if (done) break;
    }
    cursor.delete();
    tree.delete();
    nodesPerFile.push(nodes);
  }
  return { seconds: seconds(started), nodes: nodesPerFile.reduce((a, b) => a + b, 0), nodesPerFile, checksum: types };
}

async function parse(): Promise<object> {
  const parser = await createPythonParser();
  const started = performance.now();
  for (const source of sources) parser.parse(source).delete();
  return { seconds: seconds(started) };
}

async function analysis(): Promise<object> {
  const parser = await createPythonParser();
  const policy = presetPolicy('audit');
  let findings = 0;
  let analysisErrors = 0;
  const started = performance.now();
  for (const source of sources) {
    const tree = parser.parse(source);
    try {
      for (const finding of analyzeTree(tree, source, policy)) {
        findings++;
        if (finding.code === 'PC000') analysisErrors++;
      }
    } finally {
      tree.delete();
    }
  }
  return { seconds: seconds(started), findings, analysisErrors };
}

async function reparse(): Promise<object> {
  const parser = await createPythonParser();
  let text = fs.readFileSync(list.keystrokeFile ?? list.files[0], 'utf8');
  const warmUp = KEYSTROKE_WARM_UP;
  let tree = parser.parse(text);
  const times: number[] = [];
  let i = 0;
  // As the server applies a change: `tree.edit`, then a parse that reuses the edited tree.
  for (const edit of keystrokeEdits(text, warmUp + (list.edits ?? 200))) {
    tree.edit(new Edit(treeEditFor(text, edit.start, edit.end, edit.text)));
    text = edit.after;
    const started = performance.now();
    const next = parser.parse(text, tree);
    const ms = performance.now() - started;
    tree.delete();
    tree = next;
    if (i++ >= warmUp) times.push(ms);
  }
  tree.delete();
  const sorted = [...times].sort((a, b) => a - b);
  return { edits: times.length, medianMs: percentile(sorted, 50), p95Ms: percentile(sorted, 95) };
}

async function ruff(): Promise<object> {
  // Optional: a checkout without the devDependency still benchmarks everything else.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Workspace, PositionEncoding } = require('@astral-sh/ruff-wasm-nodejs') as typeof import('@astral-sh/ruff-wasm-nodejs');
  const workspace = new Workspace({ lint: { select: ['S'] } }, PositionEncoding.Utf16);
  let findings = 0;
  const started = performance.now();
  for (const source of sources) findings += (workspace.check(source) as unknown[]).length;
  const corpusSeconds = seconds(started);
  const one = list.keystrokeFile ? fs.readFileSync(list.keystrokeFile, 'utf8') : sources[0];
  const times: number[] = [];
  for (let i = 0; i < 25; i++) {
    const t = performance.now();
    workspace.check(one);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { seconds: corpusSeconds, findings, version: Workspace.version(), fileCheckMs: times[Math.floor(times.length / 2)] };
}

const measurements: Record<string, () => Promise<object>> = { walk, parse, analysis, reparse, ruff };

async function main(): Promise<void> {
  const run = measurements[measurement];
  if (!run) throw new Error(`unknown measurement '${measurement}'`);
  const result = await run();
  process.stdout.write(`${JSON.stringify({ ...result, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
