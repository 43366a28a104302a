// Every format streams: the command prints each file's findings as its result comes in and
// keeps only a summary, so its output must be exactly what the whole-report formatters print
// for the same scan held in memory — for JSON and SARIF too, which are printed as one document
// in pieces. Checked on a tree with findings, clean files, notebooks, a binary file and paths
// that cannot be scanned, in this thread and with workers.
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FORMATS, formatReport, statisticsWriter, type ReportWriter } from '../../server/src/cli/format';
import { formatJson, toJsonReport, type JsonReport } from '../../server/src/cli/format/json';
import { formatSarif } from '../../server/src/cli/format/sarif';
import { StreamedJsonDocument } from '../../server/src/cli/format/streamedJson';
import { scanPaths } from '../../server/src/cli/scan';
import { createPythonParser } from '../../server/src/parser';
import { RULES } from '../../server/src/rules';
import { FIXTURES, makeTree, removeTree, REPO, runCli } from './runCli';

const NOTEBOOKS = path.join(REPO, 'test', 'fixtures', 'notebooks');
const fixture = (folder: string, name: string) => fs.readFileSync(path.join(folder, name), 'utf8');

/** Several files with findings, clean ones, notebooks (one not JSON), a binary file, a broken link. */
function mixedTree(): string {
  return makeTree({
    'a/also_bad.py': fixture(path.join(FIXTURES, 'unsafe'), 'also_bad.py'),
    'a/escape.py': fixture(path.join(FIXTURES, 'unsafe'), 'escape.py'),
    'a/fine.py': fixture(path.join(FIXTURES, 'unsafe'), 'fine.py'),
    'b/binary.py': 'x = 1\0\0\nimport os\n',
    'b/gone.py': { link: 'nowhere.py' },
    'b/unicode.py': fixture(path.join(FIXTURES, 'positions'), 'unicode.py'),
    'n/cross_cell_names.ipynb': fixture(NOTEBOOKS, 'cross_cell_names.ipynb'),
    'n/not_json.ipynb': fixture(NOTEBOOKS, 'not_json.ipynb'),
    'n/shell_escapes.ipynb': fixture(NOTEBOOKS, 'shell_escapes.ipynb'),
    'plugin.py': 'import subprocess\nsubprocess.run(["ls"])\n',
  });
}

describe('streamed output equals the whole-report formatters', async () => {
  const root = mixedTree();
  const parser = await createPythonParser();
  const report = scanPaths(parser, ['.'], { cwd: root });
  after(() => removeTree(root));
  const formats: [string, string[], () => ReportWriter][] = [
    ['text', ['--format', 'text'], FORMATS.text],
    ['json', ['--format', 'json'], FORMATS.json],
    ['sarif', ['--format', 'sarif'], FORMATS.sarif],
    ['github', ['--format', 'github'], FORMATS.github],
    ['statistics', ['--statistics'], statisticsWriter],
  ];

  test('the fixture scan has what the comparison needs', () => {
    assert.deepEqual(
      report.files.map((f) => [f.path, f.findings.length]),
      [
        ['a/also_bad.py', 1],
        ['a/escape.py', 4],
        ['a/fine.py', 0],
        ['b/binary.py', 2],
        ['b/unicode.py', 1],
        ['n/cross_cell_names.ipynb', 2],
        ['n/shell_escapes.ipynb', 7],
        ['plugin.py', 2],
      ],
    );
    assert.deepEqual(
      report.errors.map((e) => e.path),
      ['b/gone.py', 'n/not_json.ipynb'],
    );
  });

  for (const jobs of ['1', '2']) {
    for (const [name, args, writer] of formats) {
      test(`${name}, --jobs ${jobs}: byte for byte; errors on stderr; exit 2`, () => {
        const run = runCli(['scan', ...args, '--jobs', jobs], root);
        assert.equal(run.stdout, formatReport(writer(), report));
        assert.equal(run.stderr, report.errors.map((e) => `padded-cell: ${e.path}: ${e.message}\n`).join(''));
        assert.equal(run.status, 2);
      });
    }
  }

  test('json: the document JSON.stringify prints for the whole report, with the keys in their documented order', () => {
    const run = runCli(['scan', '--format', 'json'], root);
    assert.equal(run.stdout, formatJson(report));
    const parsed: JsonReport = JSON.parse(run.stdout);
    assert.deepEqual(parsed, toJsonReport(report));
    assert.deepEqual(Object.keys(parsed), ['version', 'tool', 'findings', 'filesScanned', 'errors']);
    assert.equal(parsed.filesScanned, 8);
    assert.equal(parsed.findings.length, 19);
    assert.deepEqual(
      parsed.findings.filter((f) => f.cell !== undefined).map((f) => `${f.path}#${f.cell}`),
      ['n/cross_cell_names.ipynb#1', 'n/cross_cell_names.ipynb#4', ...['1', '1', '2', '3', '3', '4', '4'].map((c) => `n/shell_escapes.ipynb#${c}`)],
    );
  });

  test('sarif: the log JSON.stringify prints for the whole report; invocations after results', () => {
    const run = runCli(['scan', '--format', 'sarif'], root);
    assert.equal(run.stdout, formatSarif(report, RULES));
    const parsed = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(parsed.runs[0]), ['tool', 'originalUriBaseIds', 'columnKind', 'results', 'invocations']);
    assert.equal(parsed.runs[0].results.length, 19);
    assert.equal(parsed.runs[0].invocations[0].executionSuccessful, false);
    assert.equal(parsed.runs[0].invocations[0].toolExecutionNotifications.length, 2);
  });
});

describe('StreamedJsonDocument', () => {
  // `render` puts the streamed items anywhere in the document; the printed text must be
  // JSON.stringify(document, null, 2) whatever the depth, the number of items and their content.
  const cases: [string, (items: unknown[], end: { n: number }) => unknown, unknown[]][] = [
    ['no items: []', (items, end) => ({ a: 1, items, n: end.n }), []],
    ['one item', (items, end) => ({ items, n: end.n }), [{ x: 1 }]],
    [
      'items of every JSON kind, strings with line breaks, quotes and non-ASCII',
      (items, end) => ({ head: 'h', items, tail: [end.n] }),
      [{ s: 'two\nlines "quoted" \u2028 é 😀', nested: { deep: [1, [2, {}], []] } }, 'plain', 3, null, true, [], {}],
    ],
    ['nested three levels down, as SARIF results', (items, end) => ({ runs: [{ tool: {}, results: items, after: end }] }), [{ ruleId: 'PC1' }, { ruleId: 'PC2' }]],
    ['a top-level array', (items) => items, [1, { a: [2] }]],
  ];
  for (const [name, render, items] of cases) {
    test(name, () => {
      const document = new StreamedJsonDocument(render);
      const text = document.start({ n: 0 }) + items.map((item) => document.item(item)).join('') + document.end({ n: items.length });
      assert.equal(text, JSON.stringify(render(items, { n: items.length }), null, 2) + '\n');
    });
  }

  test('a document without exactly one streamed array is a programming error', () => {
    assert.throws(() => new StreamedJsonDocument(() => ({})).start(undefined), /exactly one streamed array/);
    assert.throws(() => new StreamedJsonDocument((items) => ({ a: items, b: items })).start(undefined), /exactly one streamed array/);
  });
});
