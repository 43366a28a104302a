// Stress driver for the incremental analysis (dev tool, not a test): random keystroke-like edits
// of Python files, each applied the way the language server applies one (the tree gets
// `tree.edit`, is reparsed only when the analyzer asks for it, DocumentAnalyses), and after EVERY
// edit the incremental findings are compared with a full analysis of the same text.
//
//   node --import tsx bench/incremental-stress.ts [--preset audit,strict] [--seed 1] [--edits 40]
//        [--seconds 600] [--out mismatches.jsonl] [--flows 300] SOURCE...
//
// SOURCE: a .py file, a directory (`dir:N[:K]` takes every Nth .py file under it, from the Kth), a .jsonl file of
// cases (a `code` field each; 25 cases are joined into one document, and each is a document
// too), `flows` (generated multi-unit programs where one unit's values flow into another's
// through lists, dicts, *args, iteration, attributes and parameters, edited in the defining
// unit), or `flows:all` (each flow alone, every scripted edit of it; not random).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createPythonParser, type PythonParser } from '../server/src/parser';
import { analyzeTree, type Finding } from '../server/src/engine';
import { DocumentAnalyses } from '../server/src/incremental/analyzer';
import { presetPolicy } from '../server/src/policy/fromPreset';
import { seededRandom, TypedDocument } from '../test/helpers/typedDocument';

interface Doc {
  name: string;
  text: string;
  /** Edits worth making (from, to), besides the random ones. */
  swaps?: [string, string][];
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const presets = arg('preset', 'audit,strict').split(',');
const seed = Number(arg('seed', '1'));
const editsPerDoc = Number(arg('edits', '40'));
const seconds = Number(arg('seconds', '600'));
const flows = Number(arg('flows', '300'));
const out = arg('out', '/tmp/incremental-stress.jsonl');
const sources = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));

let random = seededRandom(seed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

const SINKS = ['eval', 'exec', 'print', 'getattr', 'len', 'compile', '__import__', 'open', 'str', 'setattr', 'globals', 'vars'];
const KEYS = ['x', '_', '1', ' ', '\t', '\n', '\r\n', '\r', '(', ')', '[', ']', '{', '}', ':', '=', '.', ',', '"', "'", '#', '\\', 'é', 'ß', '😀', '\u00a0', '+', '*'];
const LINES = ['\n', '\n    pass', '\n    x = eval\n', '\nimport os\n', '\n    return eval\n', '\n        self.f = eval\n', '\nfs.append(eval)\n', '\nd["f"] = getattr\n'];
const PASTES = [
  'def f():\n    return eval\n',
  'handlers.append(eval)\n',
  'd["f"] = getattr\n',
  'run(eval)\n',
  'for h in handlers:\n    h(x)\n',
  'class K:\n    f = eval\n    def m(self):\n        self.g = exec\n',
  'x += [eval]\n',
  'e = eval\n',
  '"__cla" + "ss__"',
  'getattr(o, "__globals__")',
];

interface Mismatch {
  doc: string;
  preset: string;
  step: number;
  before: string;
  edit: { start: number; end: number; insert: string };
  after: string;
  missing: Finding[];
  extra: Finding[];
  /** Whether a fresh analyzer given `before` and the one edit reproduces it. */
  oneEdit: boolean;
}

function diff(got: Finding[], want: Finding[]): { missing: Finding[]; extra: Finding[] } {
  const missing = want.filter((w) => !got.some((g) => isDeepStrictEqual(g, w)));
  const extra = got.filter((g) => !want.some((w) => isDeepStrictEqual(g, w)));
  return { missing, extra };
}

function randomEdit(doc: Doc, text: string): { start: number; end: number; insert: string } {
  const r = random();
  const at = Math.floor(random() * (text.length + 1));
  if (r < 0.3 && doc.swaps?.length) {
    // A swap the document names (its flows), or a sink renamed where it occurs.
    const [from, to] = pick(doc.swaps);
    const spots: number[] = [];
    for (let i = text.indexOf(from); i >= 0; i = text.indexOf(from, i + 1)) spots.push(i);
    if (spots.length) {
      const s = pick(spots);
      return { start: s, end: s + from.length, insert: to };
    }
  }
  if (r < 0.45) {
    const from = pick(SINKS);
    const spots: number[] = [];
    for (let i = text.indexOf(from); i >= 0; i = text.indexOf(from, i + 1)) spots.push(i);
    if (spots.length) {
      const s = pick(spots);
      return { start: s, end: s + from.length, insert: pick(SINKS) };
    }
  }
  if (r < 0.65) return { start: at, end: at, insert: pick(KEYS) };
  if (r < 0.78) return { start: at, end: Math.min(text.length, at + 1), insert: '' };
  if (r < 0.85) {
    // A line inserted at a line start.
    const ls = text.lastIndexOf('\n', at - 1) + 1;
    return { start: ls, end: ls, insert: pick(LINES).replace(/^\n/, '') + (pick(LINES).endsWith('\n') ? '' : '\n') };
  }
  if (r < 0.9) {
    // A whole line deleted.
    const ls = text.lastIndexOf('\n', at - 1) + 1;
    const le = text.indexOf('\n', at);
    return { start: ls, end: le < 0 ? text.length : le + 1, insert: '' };
  }
  if (r < 0.96) {
    const ls = text.lastIndexOf('\n', at - 1) + 1;
    return { start: ls, end: ls, insert: pick(PASTES) };
  }
  return { start: at, end: Math.min(text.length, at + Math.floor(random() * 12)), insert: '' };
}

function stress(parser: PythonParser, doc: Doc, preset: string, edits: number, deadline: number, mismatches: Mismatch[]): { compared: number; incremental: number } {
  const policy = presetPolicy(preset);
  const options = (): { filePath: string } => ({ filePath: `/stress/${doc.name}` });
  const full = (text: string): Finding[] => {
    const tree = parser.parse(text);
    try {
      return analyzeTree(tree, text, policy, options());
    } finally {
      tree.delete();
    }
  };
  let analyses = new DocumentAnalyses(parser);
  let typed = new TypedDocument(parser, doc.text);
  let compared = 0;
  let incremental = 0;
  try {
    analyses.analyze('u', typed.treeOf, typed.text, policy, options());
    for (let step = 0; step < edits && Date.now() < deadline; step++) {
      const before = typed.text;
      const e = randomEdit(doc, before);
      typed.edit(e.start, e.end, e.insert);
      let got: Finding[];
      try {
        got = analyses.analyze('u', typed.treeOf, typed.text, policy, options());
      } catch (error) {
        // A crash of the analysis is a finding of this driver too (the full analysis is compared below).
        console.log(`CRASH ${doc.name} (${preset}) step ${step}: ${String(error).slice(0, 200)}`);
        fs.appendFileSync(out, JSON.stringify({ doc: doc.name, preset, step, before, edit: e, crash: String(error) }) + '\n');
        return { compared, incremental };
      }
      if (analyses.lastOf('u')?.mode === 'incremental') incremental++;
      const want = full(typed.text);
      compared++;
      if (!isDeepStrictEqual(got, want)) {
        // Does it take only this one edit?
        const fresh = new DocumentAnalyses(parser);
        const again = new TypedDocument(parser, before);
        fresh.analyze('u', again.treeOf, again.text, policy, options());
        again.edit(e.start, e.end, e.insert);
        const oneEdit = !isDeepStrictEqual(fresh.analyze('u', again.treeOf, again.text, policy, options()), want);
        fresh.dispose();
        again.dispose();
        mismatches.push({ doc: doc.name, preset, step, before, edit: e, after: typed.text, ...diff(got, want), oneEdit });
        fs.appendFileSync(out, JSON.stringify(mismatches[mismatches.length - 1]) + '\n');
        // Start over from this text: one mismatch would otherwise repeat.
        analyses.dispose();
        typed.dispose();
        analyses = new DocumentAnalyses(parser);
        typed = new TypedDocument(parser, mismatches[mismatches.length - 1].after);
        analyses.analyze('u', typed.treeOf, typed.text, policy, options());
      }
    }
  } finally {
    analyses.dispose();
    typed.dispose();
  }
  return { compared, incremental };
}

// ---- generated programs: a value defined in one unit flows into another ----

interface Flow {
  /** Units (top-level statements; {S} is the sink, {K} a key, {N} a unique suffix). */
  units: string[];
  swaps?: [string, string][];
}
const FLOWS: Flow[] = [
  { units: ['handlers{N} = []', 'def reg{N}():\n    handlers{N}.append({S})', 'def run{N}(x):\n    for h in handlers{N}:\n        h(x)'] },
  { units: ['handlers{N} = []', 'handlers{N}.append({S})', 'def run{N}(x):\n    for h in handlers{N}:\n        h(x)'] },
  { units: ['hs{N} = []', 'def reg{N}():\n    hs{N}.insert(0, {S})', 'def run{N}(x):\n    hs{N}[0](x)'] },
  { units: ['hs{N} = []', 'def reg{N}():\n    hs{N}.extend([{S}, len])', 'def run{N}(x):\n    for i, h in enumerate(hs{N}):\n        h(x)'] },
  { units: ['hs{N} = set()', 'def reg{N}():\n    hs{N}.add({S})', 'def run{N}(x):\n    for h in sorted(hs{N}):\n        h(x)'] },
  { units: ['d{N} = {}', 'def reg{N}():\n    d{N}["{K}"] = {S}', 'def use{N}(o):\n    return d{N}["f"](o, "__cla" + "ss__")'] },
  { units: ['d{N} = {}', 'd{N}["{K}"] = {S}', 'class U{N}:\n    def use(self, o):\n        return d{N}["f"](o, "__cla" + "ss__")'] },
  { units: ['fs{N} = []', 'fs{N} += [{S}]', 'def run{N}(x):\n    fs{N}[0](x)'] },
  { units: ['def run{N}(*fs):\n    fs[0](src)', 'def other{N}():\n    return 1', 'run{N}({S})'] },
  { units: ['def run{N}(**kw):\n    kw["{K}"](src)', 'def other{N}():\n    return 1', 'run{N}(f={S})'] },
  { units: ['templates{N} = ["{0.__class__}", "{1}"]', 'def fmt{N}(obj):\n    for i, t in enumerate(templates{N}):\n        t.format(obj)'], swaps: [['__class__', '__doc__'], ['__doc__', '__globals__'], ['"{1}"', '"{0.__init__.__globals__}"']] },
  { units: ['names{N} = ["a", "b"]', 'fns{N} = [print, {S}]', 'def go{N}():\n    for n, f in zip(names{N}, fns{N}):\n        f(n)'] },
  { units: ['table{N} = {"a": print}', 'table{N}["b"] = {S}', 'def go{N}():\n    for k, v in table{N}.items():\n        v(k)'] },
  { units: ['fns{N} = [{S}]', 'def go{N}(x):\n    f = next(iter(fns{N}))\n    f(x)'] },
  { units: ['g{N} = {S}', 'def go{N}(x):\n    return (lambda: g{N})()(x)'] },
  { units: ['def go{N}(x):\n    return (lambda f: f(x))(h{N})', 'h{N} = {S}'] },
  { units: ['class T{N}:\n    f = {S}\n    g = f\n\n    def m(self):\n        return 1', 'def use{N}(x):\n    return T{N}.g(x)'] },
  { units: ['class A{N}:\n    def __init__(self):\n        self.f = {S}\n\n    def go(self, x):\n        self.f(x)\n\n    def other(self):\n        pass'] },
  { units: ['class A{N}:\n    def setup(self):\n        self.f = {S}\n\n    def other(self):\n        pass', 'def go{N}(x):\n    A{N}().f(x)'] },
  { units: ['def use{N}(f):\n    f(x)', 'def other{N}():\n    return 1', 'use{N}({S})'] },
  { units: ['class B{N}:\n    def use(self, f):\n        f(x)\n\n    def other(self):\n        pass', 'B{N}().use({S})'] },
  { units: ['NAME{N} = "__cla" + "ss__"', 'def peek{N}(o):\n    return getattr(o, NAME{N})'], swaps: [['"ss__"', '"ssx"'], ['"ssx"', '"ss__"'], ['"__cla"', '"__glo"'], ['"ss__"', '"bals__"']] },
  { units: ['parts{N} = []', 'parts{N}.append("__cla")', 'parts{N}.append("ss__")', 'def peek{N}(o):\n    return getattr(o, "".join(parts{N}))'], swaps: [['"ss__"', '"ssx"'], ['"ssx"', '"ss__"']] },
  { units: ['s{N} = "__cla"', 's{N} += "ss__"', 'def peek{N}(o):\n    return getattr(o, s{N})'], swaps: [['"ss__"', '"ssx"'], ['"ssx"', '"ss__"']] },
  { units: ['def mk{N}():\n    return {S}', 'def go{N}(x):\n    for f in [mk{N}()]:\n        f(x)'] },
  { units: ['def wrap{N}(*a, **k):\n    return k["{K}"](*a)', 'def go{N}():\n    return wrap{N}("1", f={S})'] },
  { units: ['cfg{N} = {"f": print}', 'def setup{N}():\n    cfg{N}["{K}"] = {S}', 'class C{N}:\n    def go(self, x):\n        return cfg{N}.get("f")(x)'] },
];
const FILLER = ['def noise{N}():\n    return 0', 'import os', 'z{N} = 1', 'class P{N}:\n    a = 1\n\n    def m(self):\n        return self.a'];

function flowDoc(i: number): Doc {
  const parts: string[][] = [];
  const n = 1 + Math.floor(random() * 3);
  const swaps: [string, string][] = [['eval', 'print'], ['print', 'eval'], ['getattr', 'len'], ['len', 'getattr'], ['exec', 'str'], ['"f"', '"g"'], ['"g"', '"f"']];
  for (let k = 0; k < n; k++) {
    const flow = pick(FLOWS);
    // Mostly a shared suffix: flows of the same names interfere.
    const N = random() < 0.3 ? '' : String(k);
    const S = pick(['eval', 'print', 'exec', 'getattr', 'len']);
    const K = random() < 0.8 ? 'f' : 'g';
    parts.push(flow.units.map((u) => u.replaceAll('{N}', N).replaceAll('{S}', S).replaceAll('{K}', K)));
    swaps.push(...(flow.swaps ?? []));
    if (random() < 0.5) parts.push([pick(FILLER).replaceAll('{N}', String(k))]);
  }
  // Interleave the units of the flows (order kept within a flow, mostly).
  const units: string[] = [];
  const queues = parts.map((p) => [...p]);
  while (queues.some((q) => q.length)) {
    const q = pick(queues.filter((q) => q.length));
    units.push(q.shift()!);
  }
  if (random() < 0.15) units.reverse();
  return { name: `flow ${i}`, text: 'import os\nsrc = input()\nx = src\n\n' + units.join('\n\n') + '\n', swaps };
}

/**
 * Every flow alone, with each sink: every swap at each place it applies and every unit deleted,
 * each as the one edit after a first analysis, then all the swaps in a row on one analyzer.
 */
function exhaustiveFlows(parser: PythonParser, presetNames: string[], mismatches: Mismatch[]): number {
  let compared = 0;
  const swaps: [string, string][] = [['eval', 'print'], ['print', 'eval'], ['getattr', 'len'], ['len', 'getattr'], ['exec', 'str'], ['"f"', '"g"'], ['"g"', '"f"'], ['append', 'count'], ['+=', '-='], ['*fs', 'fs'], ['**kw', 'kw']];
  for (const [k, flow] of FLOWS.entries()) {
    for (const S of ['eval', 'print', 'getattr']) {
      const units = flow.units.map((u) => u.replaceAll('{N}', '').replaceAll('{S}', S).replaceAll('{K}', 'f'));
      const text = 'import os\nsrc = input()\nx = src\n\n' + units.join('\n\n') + '\n\ndef tail():\n    return 0\n';
      const edits: { start: number; end: number; insert: string }[] = [];
      for (const [from, to] of [...swaps, ...(flow.swaps ?? [])]) for (let i = text.indexOf(from); i >= 0; i = text.indexOf(from, i + 1)) edits.push({ start: i, end: i + from.length, insert: to });
      for (const u of units) {
        const at = text.indexOf(u);
        edits.push({ start: at, end: at + u.length + 2, insert: '' });
      }
      const doc: Doc = { name: `flow ${k} (${S})`, text };
      for (const preset of presetNames) {
        for (const e of edits) {
          const scripted: Doc = { ...doc, swaps: undefined };
          compared += replay(parser, scripted, preset, [e], mismatches);
        }
        compared += replay(parser, doc, preset, edits.filter((e) => e.insert !== ''), mismatches, true);
      }
    }
  }
  return compared;
}

/** Applies `edits` in order (positions of the base text; `shift`: moved by the earlier ones' length change) and compares after each. */
function replay(parser: PythonParser, doc: Doc, preset: string, edits: { start: number; end: number; insert: string }[], mismatches: Mismatch[], shift = false): number {
  const policy = presetPolicy(preset);
  const full = (text: string): Finding[] => {
    const tree = parser.parse(text);
    try {
      return analyzeTree(tree, text, policy);
    } finally {
      tree.delete();
    }
  };
  const analyses = new DocumentAnalyses(parser);
  const typed = new TypedDocument(parser, doc.text);
  let compared = 0;
  let delta = 0;
  try {
    analyses.analyze('u', typed.treeOf, typed.text, policy);
    for (const [step, e0] of edits.entries()) {
      const e = shift ? { ...e0, start: e0.start + delta, end: e0.end + delta } : e0;
      delta += e.insert.length - (e.end - e.start);
      const before = typed.text;
      typed.edit(e.start, e.end, e.insert);
      const got = analyses.analyze('u', typed.treeOf, typed.text, policy);
      const want = full(typed.text);
      compared++;
      if (!isDeepStrictEqual(got, want)) {
        mismatches.push({ doc: doc.name, preset, step, before, edit: e, after: typed.text, ...diff(got, want), oneEdit: step === 0 });
        fs.appendFileSync(out, JSON.stringify(mismatches[mismatches.length - 1]) + '\n');
        break;
      }
    }
  } finally {
    analyses.dispose();
    typed.dispose();
  }
  return compared;
}

// ---- sources ----

function pyFiles(dir: string): string[] {
  const outFiles: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'site-packages' && e.name !== '__pycache__') walk(p);
      } else if (e.name.endsWith('.py')) outFiles.push(p);
    }
  };
  walk(dir);
  return outFiles;
}

function documents(source: string): Doc[] {
  if (source === 'flows') return Array.from({ length: flows }, (_, i) => flowDoc(i));
  const [file, every, offset] = source.split(':');
  if (fs.statSync(file).isDirectory()) {
    return pyFiles(file)
      .filter((_, i) => i % Number(every ?? 20) === Number(offset ?? 0))
      .map((f) => ({ name: path.relative(file, f), text: fs.readFileSync(f, 'utf8') }));
  }
  if (file.endsWith('.jsonl')) {
    const cases = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { code: string; py2?: boolean });
    const docs: Doc[] = [];
    for (let i = 0; i < cases.length; i += 25) docs.push({ name: `${path.basename(path.dirname(file))}/${path.basename(file)} ${i + 1}-${i + 25}`, text: cases.slice(i, i + 25).filter((c) => !c.py2).map((c) => c.code).join('\n') });
    // Each case alone too: small files, every unit near every other.
    for (let i = 0; i < cases.length; i++) if (!cases[i].py2) docs.push({ name: `${path.basename(path.dirname(file))}/${path.basename(file)} #${i + 1}`, text: cases[i].code });
    return docs;
  }
  return [{ name: path.basename(file), text: fs.readFileSync(file, 'utf8') }];
}

async function main(): Promise<void> {
  const parser = await createPythonParser();
  const deadline = Date.now() + seconds * 1000;
  const mismatches: Mismatch[] = [];
  let compared = 0;
  let incremental = 0;
  let docs = 0;
  for (const source of sources) {
    random = seededRandom(seed);
    if (source === 'flows:all') {
      compared += exhaustiveFlows(parser, presets, mismatches);
      console.log(`${source}: ${compared} edits compared, ${mismatches.length} mismatches`);
      continue;
    }
    for (const doc of documents(source)) {
      if (Date.now() > deadline) break;
      // Long files cost a full analysis per edit: fewer edits.
      const lines = doc.text.split('\n').length;
      const edits = lines > 3000 ? Math.max(4, editsPerDoc >> 3) : lines > 800 ? Math.max(8, editsPerDoc >> 2) : /#\d+$/.test(doc.name) ? Math.max(4, editsPerDoc >> 2) : editsPerDoc;
      docs++;
      for (const preset of presets) {
        const before = mismatches.length;
        const r = stress(parser, doc, preset, edits, deadline, mismatches);
        compared += r.compared;
        incremental += r.incremental;
        if (mismatches.length > before) console.log(`MISMATCH ${doc.name} (${preset}): ${mismatches.length - before}`);
      }
    }
    console.log(`${source}: ${docs} documents so far, ${compared} edits compared (${incremental} incremental), ${mismatches.length} mismatches`);
  }
  console.log(`total: ${docs} documents x ${presets.join('+')}, ${compared} edits compared, ${incremental} analysed incrementally, ${mismatches.length} mismatches -> ${out}`);
}

void main();
