// Each output format, exactly, on the fixture folders, and the exit code that goes with it.
// Fixtures use only constructs whose findings are settled (PC101 import, PC201 dunder
// attribute, PC301 eval, PC401 open), so new rules do not change these outputs.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES } from '../../server/src/rules';
import { FIXTURES, makeTree, removeTree, runCli } from './runCli';
import { version } from '../../package.json';

const UNSAFE = path.join(FIXTURES, 'unsafe');
const CLEAN = path.join(FIXTURES, 'clean');
const POSITIONS = path.join(FIXTURES, 'positions');

const MSG = {
  importOs: "import of 'os' is not allowed by policy 'strict'",
  eval: "'eval' runs code built at run time; not allowed by policy 'strict'",
  open: "builtin 'open' is not allowed by policy 'strict'",
  dunderClass: "dunder attribute '__class__' (class-hierarchy traversal) is not allowed by policy 'strict'",
};

describe('text format', () => {
  test('unsafe folder: one line per finding, sorted by path then position, then a summary; exit 1', () => {
    const run = runCli(['scan', '.'], UNSAFE);
    assert.equal(
      run.stdout,
      [
        `also_bad.py:1:10: PC301 ${MSG.eval}`,
        `escape.py:1:8: PC101 ${MSG.importOs}`,
        `escape.py:5:13: PC301 ${MSG.eval}`,
        `escape.py:6:14: PC401 ${MSG.open}`,
        `escape.py:7:31: PC201 ${MSG.dunderClass}`,
        'Found 5 findings in 2 of 3 files.',
        '',
      ].join('\n'),
    );
    assert.equal(run.stderr, '');
    assert.equal(run.status, 1);
  });

  test('control characters in paths and messages are escaped: one line per finding, none injected', () => {
    const root = makeTree({
      'new\nline.py': 'import os\n',
      'tab\there.py': 'import os\n',
      'esc\x1b[31mred.py': 'import os\n',
      'gone\r.py': { link: 'missing.py' },
      'message.py': 'getattr(x, "__cl\\nass__")\n',
    });
    try {
      const run = runCli([], root);
      assert.equal(
        run.stdout,
        [
          `esc\\x1b[31mred.py:1:8: PC101 ${MSG.importOs}`,
          "message.py:1:1: PC206 'getattr' reads '__cl\\nass__' (a dunder attribute); not allowed by policy 'strict'",
          `new\\nline.py:1:8: PC101 ${MSG.importOs}`,
          `tab\\there.py:1:8: PC101 ${MSG.importOs}`,
          'gone\\r.py: error: cannot read: broken symbolic link, no such file or directory (ENOENT)',
          'Found 4 findings in 4 of 4 files. 1 path could not be scanned.',
          '',
        ].join('\n'),
      );
      assert.equal(run.stderr, 'padded-cell: gone\\r.py: cannot read: broken symbolic link, no such file or directory (ENOENT)\n');
      assert.equal(run.status, 2);
    } finally {
      removeTree(root);
    }
  });

  test('clean folder: only the summary; exit 0', () => {
    const run = runCli(['scan'], CLEAN);
    assert.equal(run.stdout, 'No findings in 2 files.\n');
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
  });

  test('scan is the default command and paths are shown relative to the working directory', () => {
    const run = runCli(['unsafe/also_bad.py', 'clean'], FIXTURES);
    assert.equal(run.stdout, `unsafe/also_bad.py:1:10: PC301 ${MSG.eval}\nFound 1 finding in 1 of 3 files.\n`);
    assert.equal(run.status, 1);
  });

  test('a file named twice, or inside a named folder, is scanned once', () => {
    const run = runCli(['escape.py', '.', './escape.py'], UNSAFE);
    assert.equal(run.stdout.split('\n').at(-2), 'Found 5 findings in 2 of 3 files.');
  });

  test('columns count UTF-16 code units, after a BOM, across CRLF and invalid UTF-8', () => {
    const run = runCli(['scan'], POSITIONS);
    assert.equal(
      run.stdout,
      [
        // The decoder drops the BOM, as editors do: `os` is at column 8 of what a person sees.
        `bom.py:1:8: PC101 ${MSG.importOs}`,
        `crlf.py:4:8: PC101 ${MSG.importOs}`,
        // Two invalid bytes decode to two U+FFFD, one unit each.
        `invalid_utf8.py:1:15: PC301 ${MSG.eval}`,
        // `é` is one unit, the emoji two: 18 units precede `eval` (17 code points).
        `unicode.py:1:19: PC301 ${MSG.eval}`,
        'Found 4 findings in 4 of 4 files.',
        '',
      ].join('\n'),
    );
    assert.equal(run.status, 1);
  });
});

describe('json format', () => {
  const finding = (p: string, code: string, name: string, message: string, line: number, col: number, endCol: number) => ({
    path: p,
    code,
    name,
    severity: 'error',
    message,
    start: { line, column: col },
    end: { line, column: endCol },
    range: { start: { line: line - 1, character: col - 1 }, end: { line: line - 1, character: endCol - 1 } },
  });

  test('unsafe folder: the documented schema, exactly; exit 1', () => {
    const run = runCli(['scan', '--format', 'json'], UNSAFE);
    assert.deepEqual(JSON.parse(run.stdout), {
      version: 1,
      tool: { name: 'padded-cell', version },
      filesScanned: 3,
      findings: [
        finding('also_bad.py', 'PC301', 'dynamic-code', MSG.eval, 1, 10, 14),
        finding('escape.py', 'PC101', 'import-not-allowed', MSG.importOs, 1, 8, 10),
        finding('escape.py', 'PC301', 'dynamic-code', MSG.eval, 5, 13, 17),
        finding('escape.py', 'PC401', 'builtin-not-allowed', MSG.open, 6, 14, 18),
        finding('escape.py', 'PC201', 'dunder-attribute', MSG.dunderClass, 7, 31, 40),
      ],
      errors: [],
    });
    assert.equal(run.stderr, '');
    assert.equal(run.status, 1);
  });

  test('clean folder: no findings; exit 0', () => {
    const run = runCli(['scan', '--format=json', '.'], CLEAN);
    assert.deepEqual(JSON.parse(run.stdout), { version: 1, tool: { name: 'padded-cell', version }, filesScanned: 2, findings: [], errors: [] });
    assert.equal(run.status, 0);
  });

  test('UTF-16 columns: the emoji counts two', () => {
    const run = runCli(['--format', 'json', 'unicode.py'], POSITIONS);
    assert.deepEqual(JSON.parse(run.stdout).findings, [finding('unicode.py', 'PC301', 'dynamic-code', MSG.eval, 1, 19, 23)]);
  });
});

describe('sarif format', () => {
  const run = runCli(['scan', '--format', 'sarif'], UNSAFE);
  const sarif = JSON.parse(run.stdout);
  const driver = sarif.runs[0].tool.driver;
  const ruleIds: string[] = driver.rules.map((r: { id: string }) => r.id);

  test('SARIF 2.1.0 with one run and UTF-16 columns; exit 1', () => {
    assert.equal(sarif.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs.length, 1);
    assert.equal(sarif.runs[0].columnKind, 'utf16CodeUnits');
    assert.deepEqual(sarif.runs[0].originalUriBaseIds, { '%SRCROOT%': { uri: pathToFileURL(UNSAFE + path.sep).href } });
    assert.deepEqual(sarif.runs[0].invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
    assert.equal(run.status, 1);
  });

  test('tool.driver names the tool and holds every registered rule, then PC000', () => {
    assert.equal(driver.name, 'padded-cell');
    assert.equal(driver.version, version);
    assert.equal(driver.informationUri, 'https://github.com/padded-cell/padded-cell');
    assert.deepEqual(ruleIds, [...RULES.map((r) => r.meta.code), 'PC000']);
    for (const rule of RULES) {
      const d = driver.rules[ruleIds.indexOf(rule.meta.code)];
      assert.equal(d.name, rule.meta.name);
      assert.equal(d.shortDescription.text, rule.meta.summary);
      assert.equal(d.fullDescription.text, rule.meta.docs.what);
      assert.equal(d.helpUri, `https://github.com/padded-cell/padded-cell/blob/main/docs/rules/${rule.meta.code}.md`);
      assert.ok(d.help.text.includes(rule.meta.docs.why), `${rule.meta.code} help text carries the docs`);
      assert.ok(d.help.markdown.startsWith(`## ${rule.meta.code} ${rule.meta.name}\n\n### What it does\n${rule.meta.docs.what}`));
      assert.ok(d.help.markdown.includes(`### Example\n\`\`\`python\n${rule.meta.docs.example}\n\`\`\``));
      assert.deepEqual(d.defaultConfiguration, { level: rule.meta.defaultSeverity === 'error' ? 'error' : rule.meta.defaultSeverity === 'warning' ? 'warning' : 'note' });
    }
  });

  test('results, exactly, pointing into the rule table', () => {
    const result = (uri: string, ruleId: string, message: string, line: number, col: number, endCol: number) => ({
      ruleId,
      ruleIndex: ruleIds.indexOf(ruleId),
      level: 'error',
      message: { text: message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
            region: { startLine: line, startColumn: col, endLine: line, endColumn: endCol },
          },
        },
      ],
    });
    assert.deepEqual(sarif.runs[0].results, [
      result('also_bad.py', 'PC301', MSG.eval, 1, 10, 14),
      result('escape.py', 'PC101', MSG.importOs, 1, 8, 10),
      result('escape.py', 'PC301', MSG.eval, 5, 13, 17),
      result('escape.py', 'PC401', MSG.open, 6, 14, 18),
      result('escape.py', 'PC201', MSG.dunderClass, 7, 31, 40),
    ]);
  });

  test('clean folder: every rule still listed, no results; exit 0', () => {
    const clean = runCli(['--format', 'sarif'], CLEAN);
    const out = JSON.parse(clean.stdout);
    assert.deepEqual(out.runs[0].results, []);
    assert.equal(out.runs[0].tool.driver.rules.length, RULES.length + 1);
    assert.equal(clean.status, 0);
  });
});
