// Property-based robustness of the engine (fast-check): random token soup and real files
// mutated by truncation, byte flips, line deletion and duplication. Invariants: no exception
// and no PC000, every range inside the document and ordered, and the same text analysed twice
// gives the same findings. `npm test` runs a short budget; `npm run fuzz` sets FUZZ_RUNS.
// A failure prints its seed; failing inputs go into test/fixtures/fuzz/ and run here forever.
import { before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { createPythonParser, type PythonParser } from '../../server/src/parser';
import { analyzeSource, type Finding } from '../../server/src/engine';
import { presetPolicy } from '../../server/src/policy/fromPreset';
import { CORPUS_MISSING, loadCorpus } from '../corpus/corpus';
import { RULES } from '../../server/src/rules';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
/** `npm run fuzz`: each property runs for this long instead of RUNS cases. */
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 0);

/** Runs a property (for RUNS cases, or SECONDS), prints how many cases ran, and fails with the seed. */
function runProperty(name: string, property: fc.IProperty<unknown[]> | fc.IPropertyWithHooks<unknown[]>): void {
  const details = fc.check(property, SECONDS > 0 ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: SECONDS * 1000, markInterruptAsFailure: false } : { numRuns: RUNS });
  console.log(`fuzz: ${name}: ${details.numRuns} cases (seed ${details.seed})`);
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? `${name} failed (seed ${details.seed})`);
}
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'fuzz');

let parser: PythonParser;
let seeds: string[];
before(async () => {
  parser = await createPythonParser();
  seeds = CORPUS_MISSING ? [] : loadCorpus().map((c) => c.code);
  for (const rule of RULES) {
    for (const c of rule.tests.invalid) seeds.push(c.code);
  }
});

function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

/** The invariants every analysis must keep, whatever the input. */
function checkInvariants(text: string): void {
  const policy = presetPolicy('strict');
  let first: Finding[];
  try {
    first = analyzeSource(parser, text, policy);
  } catch (error) {
    throw new Error(`analysis threw on ${JSON.stringify(text.slice(0, 200))}: ${error instanceof Error ? error.stack : String(error)}`);
  }
  const lengths = lineLengths(text);
  for (const f of first) {
    assert.notEqual(f.code, 'PC000', `${f.message} on ${JSON.stringify(text.slice(0, 200))}`);
    const { start, end } = f.range;
    assert.ok(end.line < lengths.length, `range past the last line: ${JSON.stringify(f.range)}`);
    assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `unordered range ${JSON.stringify(f.range)}`);
    assert.ok(start.character <= lengths[start.line] && end.character <= lengths[end.line], `range past a line end: ${JSON.stringify(f.range)}`);
  }
  assert.deepEqual(analyzeSource(parser, text, policy), first, 'analysis is not deterministic');
}

const PY_TOKENS = [
  'import', 'from', 'as', 'def', 'class', 'lambda', 'return', 'yield', 'if', 'else', 'elif', 'while', 'for', 'in', 'try', 'except', 'finally',
  'with', 'global', 'nonlocal', 'del', 'exec', 'print', 'match', 'case', 'async', 'await', 'raise', 'eval', 'getattr', '__import__',
  '__builtins__', '__class__', '__subclasses__', 'os', 'sys', 'x', 'y', '_', '(', ')', '[', ']', '{', '}', ':', '.', ',', ';', '=', ':=',
  '+', '-', '*', '**', '%', '@', '`', '"', "'", '"""', 'f"{', '}"', '"{0.__class__}"', '#', '# noqa: PC301', '\\', '\n', '\r\n', '\r',
  '\t', '    ', '0', '10', '10**10**10', "'\\x5f'", "'\\N{LOW LINE}'", 'ｅｖａｌ', '😀', '\u202e', '\u200b', '\ufeff',
];

describe('fuzzing the engine', { timeout: 600_000 }, () => {
  test('regression fixtures', () => {
    if (!fs.existsSync(FIXTURES)) return;
    for (const f of fs.readdirSync(FIXTURES).filter((n) => n.endsWith('.py')).sort()) {
      checkInvariants(fs.readFileSync(path.join(FIXTURES, f), 'utf8'));
    }
  });

  test('random token soup', () => {
    runProperty(
      'token soup',
      fc.property(fc.array(fc.constantFrom(...PY_TOKENS), { maxLength: 120 }), fc.array(fc.constantFrom(' ', '', '\n'), { maxLength: 120 }), (tokens, seps) => {
        checkInvariants(tokens.map((t, i) => t + (seps[i] ?? ' ')).join(''));
      }) as fc.IProperty<unknown[]>,
    );
  });

  test('random unicode text', () => {
    runProperty('unicode text', fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => checkInvariants(text)) as fc.IProperty<unknown[]>);
  });

  test('mutated real files', { skip: CORPUS_MISSING }, () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('truncate'), at: fc.nat() }),
      fc.record({ kind: fc.constant('flip'), at: fc.nat(), code: fc.integer({ min: 0, max: 0x2fff }) }),
      fc.record({ kind: fc.constant('delete-line'), at: fc.nat() }),
      fc.record({ kind: fc.constant('duplicate-line'), at: fc.nat() }),
    );
    runProperty(
      'mutated files',
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 6 }), (which, mutations) => {
        let text = seeds[which % seeds.length];
        for (const m of mutations) {
          if (m.kind === 'truncate') text = text.slice(0, m.at % (text.length + 1));
          else if (m.kind === 'flip' && text.length) {
            const i = m.at % text.length;
            text = text.slice(0, i) + String.fromCharCode((m as { code: number }).code) + text.slice(i + 1);
          } else {
            const lines = text.split('\n');
            const i = m.at % lines.length;
            if (m.kind === 'delete-line') lines.splice(i, 1);
            else lines.splice(i, 0, lines[i]);
            text = lines.join('\n');
          }
        }
        checkInvariants(text);
      }) as fc.IProperty<unknown[]>,
    );
  });
});
