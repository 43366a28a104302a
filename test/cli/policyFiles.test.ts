// The CLI applies the nearest policy file to each scanned file, `--policy FILE` to all of them,
// skips `exclude`d files it finds by walking, and reports a broken policy file (exit 2) while
// checking goes on with the preset.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTree, runCli } from './runCli';

function tree(): string {
  return makeTree({
    'top.py': 'import os\n',
    'plugins/padded-cell.toml': 'extends = "strict"\nallow-modules = ["os"]\nexclude = ["generated_*.py"]\n',
    'plugins/a.py': 'import os\nimport socket\n',
    'plugins/generated_x.py': 'import socket\n',
    'legacy/pyproject.toml': '[project]\nname = "x"\n\n[tool.padded-cell]\nallow-modules = ["socket"]\n',
    'legacy/b.py': 'import os\nimport socket\n',
  });
}

test('each file gets the nearest policy file; exclude skips walked files', () => {
  const root = tree();
  try {
    const run = runCli(['scan', '.'], root);
    assert.equal(run.stdout, [
      "legacy/b.py:1:8: PC101 import of 'os' is not allowed by policy 'pyproject.toml'",
      "plugins/a.py:2:8: PC101 import of 'socket' is not allowed by policy 'padded-cell.toml'",
      "top.py:1:8: PC101 import of 'os' is not allowed by policy 'strict'",
      'Found 3 findings in 3 of 3 files.',
      '',
    ].join('\n'));
    assert.equal(run.stderr, '');
    assert.equal(run.status, 1);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a file named on the command line is checked even when excluded', () => {
  const root = tree();
  try {
    const run = runCli(['scan', 'plugins/generated_x.py'], root);
    assert.equal(run.stdout, "plugins/generated_x.py:1:8: PC101 import of 'socket' is not allowed by policy 'padded-cell.toml'\nFound 1 finding in 1 of 1 file.\n");
    assert.equal(run.status, 1);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('--policy FILE applies one policy file to every file', () => {
  const root = tree();
  try {
    fs.writeFileSync(path.join(root, 'host.toml'), 'allow-modules = ["os", "socket"]\n');
    const run = runCli(['scan', '--policy', 'host.toml', '.'], root);
    assert.equal(run.stdout, 'No findings in 4 files.\n');
    assert.equal(run.status, 0);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a broken policy file exits 2, names its line, and the preset still checks its files', () => {
  const root = tree();
  try {
    fs.writeFileSync(path.join(root, 'plugins', 'padded-cell.toml'), 'extends = "strict"\nallow-modules = "os"\n');
    const run = runCli(['scan', 'plugins'], root);
    assert.equal(run.stdout, [
      "plugins/a.py:1:8: PC101 import of 'os' is not allowed by policy 'strict'",
      "plugins/a.py:2:8: PC101 import of 'socket' is not allowed by policy 'strict'",
      "plugins/generated_x.py:1:8: PC101 import of 'socket' is not allowed by policy 'strict'",
      'plugins/padded-cell.toml: error: policy error: 2:1: allow-modules: expected an array of strings, found the string "os"; checking with the preset instead',
      'Found 3 findings in 2 of 2 files. 1 path could not be scanned.',
      '',
    ].join('\n'));
    assert.equal(run.status, 2);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
