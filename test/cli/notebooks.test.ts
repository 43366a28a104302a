// `padded-cell scan` on Jupyter notebooks (test/fixtures/notebooks): each output format exactly,
// a file that is not a notebook as an error of the run, and `--fix` / `--diff` rewriting only the
// changed cells' sources.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTree, removeTree, REPO, runCli } from './runCli';

const NOTEBOOKS = path.join(REPO, 'test', 'fixtures', 'notebooks');
const FIXABLE = path.join(NOTEBOOKS, 'fix', 'fixable.ipynb');

const STRICT = "not allowed by policy 'strict'";
const MSG = {
  importOs: `import of 'os' is not allowed by policy 'strict'`,
  osSystem: `'os.system' runs a host command; ${STRICT}`,
  matplotlib: `IPython magic '%matplotlib' is a command to the notebook host, outside what the policy checks; ${STRICT}`,
  ls: `shell escape '!ls' runs a host command; ${STRICT}`,
  bash: `IPython magic '%%bash' runs a host command; ${STRICT}`,
  echo: `shell escape '!echo $name' runs a host command; ${STRICT}`,
  time: `IPython magic '%time' is a command to the notebook host, outside what the policy checks; ${STRICT}`,
  exec: `'exec' runs code built at run time; ${STRICT}`,
  notJson: "not a valid notebook: invalid JSON at line 3, column 1: unexpected end of JSON (expected ',' or '}')",
};

describe('notebooks: output formats', () => {
  test('text: path:cell N:line:col, lines counted within the cell; a broken notebook is an error (exit 2)', () => {
    const run = runCli(['scan', 'cross_cell_names.ipynb', 'shell_escapes.ipynb', 'not_json.ipynb'], NOTEBOOKS);
    assert.equal(
      run.stdout,
      [
        `cross_cell_names.ipynb:cell 1:1:8: PC101 ${MSG.importOs}`,
        // Cell 4 uses the `os` cell 1 imported; cell 2 is markdown and counts in the numbering.
        `cross_cell_names.ipynb:cell 4:2:1: PC502 ${MSG.osSystem}`,
        `shell_escapes.ipynb:cell 1:1:1: PC502 ${MSG.matplotlib}`,
        `shell_escapes.ipynb:cell 1:2:9: PC502 ${MSG.ls}`,
        `shell_escapes.ipynb:cell 2:1:1: PC502 ${MSG.bash}`,
        `shell_escapes.ipynb:cell 3:2:5: PC502 ${MSG.echo}`,
        `shell_escapes.ipynb:cell 3:3:1: PC502 ${MSG.time}`,
        `shell_escapes.ipynb:cell 4:1:1: PC502 ${MSG.time}`,
        `shell_escapes.ipynb:cell 4:1:7: PC301 ${MSG.exec}`,
        `not_json.ipynb: error: ${MSG.notJson}`,
        'Found 9 findings in 2 of 2 files. 1 path could not be scanned.',
        '',
      ].join('\n'),
    );
    assert.equal(run.stderr, `padded-cell: not_json.ipynb: ${MSG.notJson}\n`);
    assert.equal(run.status, 2);
  });

  test('a folder scan finds the notebooks in it and below', () => {
    const run = runCli(['scan', '.'], NOTEBOOKS);
    assert.match(run.stdout, /^Found 12 findings in 3 of 3 files\. 1 path could not be scanned\.$/m);
  });

  test('json: the cell number with positions within the cell', () => {
    const run = runCli(['scan', '--format', 'json', 'cross_cell_names.ipynb'], NOTEBOOKS);
    const report = JSON.parse(run.stdout) as { findings: unknown[] };
    assert.deepEqual(report.findings, [
      {
        path: 'cross_cell_names.ipynb',
        code: 'PC101',
        name: 'import-not-allowed',
        severity: 'error',
        message: MSG.importOs,
        start: { line: 1, column: 8 },
        end: { line: 1, column: 10 },
        range: { start: { line: 0, character: 7 }, end: { line: 0, character: 9 } },
        cell: 1,
      },
      {
        path: 'cross_cell_names.ipynb',
        code: 'PC502',
        name: 'system-access',
        severity: 'error',
        message: MSG.osSystem,
        start: { line: 2, column: 1 },
        end: { line: 2, column: 10 },
        range: { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } },
        cell: 4,
      },
    ]);
    assert.equal(run.status, 1);
  });

  test('sarif: the region is where the line is written in the .ipynb; the cell and its own region are properties', () => {
    const run = runCli(['scan', '--format', 'sarif', 'cross_cell_names.ipynb'], NOTEBOOKS);
    const log = JSON.parse(run.stdout) as { runs: { results: { ruleId: string; locations: unknown[]; properties: unknown }[] }[] };
    const lines = fs.readFileSync(path.join(NOTEBOOKS, 'cross_cell_names.ipynb'), 'utf8').split('\n');
    assert.deepEqual(
      log.runs[0].results.map((r) => [r.ruleId, r.locations, r.properties]),
      [
        [
          'PC101',
          [{ physicalLocation: { artifactLocation: { uri: 'cross_cell_names.ipynb', uriBaseId: '%SRCROOT%' }, region: { startLine: 10, startColumn: 13, endLine: 10, endColumn: 15 } } }],
          { cell: 1, cellRegion: { startLine: 1, startColumn: 8, endLine: 1, endColumn: 10 } },
        ],
        [
          'PC502',
          [{ physicalLocation: { artifactLocation: { uri: 'cross_cell_names.ipynb', uriBaseId: '%SRCROOT%' }, region: { startLine: 39, startColumn: 6, endLine: 39, endColumn: 15 } } }],
          { cell: 4, cellRegion: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 10 } },
        ],
      ],
    );
    // The regions really are those spans of the file.
    assert.equal(lines[9].slice(12, 14), 'os');
    assert.equal(lines[38].slice(5, 14), 'os.system');
  });

  test('github: annotations on the .ipynb lines, the cell named in the title', () => {
    const run = runCli(['scan', '--format', 'github', 'cross_cell_names.ipynb'], NOTEBOOKS);
    assert.equal(
      run.stdout,
      [
        `::error file=cross_cell_names.ipynb,line=10,col=13,endLine=10,endColumn=15,title=PC101 import-not-allowed (cell 1%2C line 1)::${MSG.importOs}`,
        `::error file=cross_cell_names.ipynb,line=39,col=6,endLine=39,endColumn=15,title=PC502 system-access (cell 4%2C line 2)::${MSG.osSystem}`,
        'Found 2 findings in 1 of 1 file.',
        '',
      ].join('\n'),
    );
  });
});

describe('notebooks: --fix', () => {
  const original = fs.readFileSync(FIXABLE, 'utf8');
  const policy = fs.readFileSync(path.join(NOTEBOOKS, 'fix', 'padded-cell.toml'), 'utf8');
  const withSafeFix = original.replace('    "        except:\\n",', '    "        except Exception:\\n",');
  const withAllFixes = withSafeFix
    .replace('    "import json\\n"', '    "import ast\\n",\n    "import json\\n"')
    .replace('    "value = eval(\\"[1, 2]\\")  # naïve"', '    "value = ast.literal_eval(\\"[1, 2]\\")  # naïve"');

  test('the expected texts differ from the original where the fixes go, and only there', () => {
    assert.notEqual(withSafeFix, original);
    assert.notEqual(withAllFixes, withSafeFix);
  });

  test('--fix applies the safe fix in its cell; outputs, metadata and the other cells stay byte for byte', () => {
    const root = makeTree({ 'nb.ipynb': original, 'padded-cell.toml': policy });
    try {
      const run = runCli(['scan', '--fix', 'nb.ipynb'], root);
      assert.equal(fs.readFileSync(path.join(root, 'nb.ipynb'), 'utf8'), withSafeFix);
      assert.equal(
        run.stdout,
        [
          "nb.ipynb:cell 3:2:5: PC603 'while True' has no reachable 'break', 'return' or 'raise'; it never ends; not allowed by policy 'padded-cell.toml'",
          "nb.ipynb:cell 4:1:9: PC301 'eval' runs code built at run time; not allowed by policy 'padded-cell.toml'",
          'Fixed 1 finding in 1 file.',
          'Found 2 findings in 1 of 1 file.',
          '',
        ].join('\n'),
      );
    } finally {
      removeTree(root);
    }
  });

  test('--unsafe-fixes also rewrites eval, adding import ast to the first cell', () => {
    const root = makeTree({ 'nb.ipynb': original, 'padded-cell.toml': policy });
    try {
      runCli(['scan', '--fix', '--unsafe-fixes', 'nb.ipynb'], root);
      assert.equal(fs.readFileSync(path.join(root, 'nb.ipynb'), 'utf8'), withAllFixes);
    } finally {
      removeTree(root);
    }
  });

  test('--diff prints the change to the .ipynb and writes nothing', () => {
    const root = makeTree({ 'nb.ipynb': original, 'padded-cell.toml': policy });
    try {
      const run = runCli(['scan', '--fix', '--diff', 'nb.ipynb'], root);
      assert.equal(
        run.stdout,
        ['--- a/nb.ipynb', '+++ b/nb.ipynb', '@@ -41,7 +41,7 @@', '     "    while True:\\n",', '     "        try:\\n",', '     "            next_request()\\n",', '-    "        except:\\n",', '+    "        except Exception:\\n",', '     "            continue\\n"', '    ]', '   },', ''].join('\n'),
      );
      assert.equal(run.stderr, 'Would fix 1 finding in 1 file.\n');
      assert.equal(fs.readFileSync(path.join(root, 'nb.ipynb'), 'utf8'), original);
    } finally {
      removeTree(root);
    }
  });
});
