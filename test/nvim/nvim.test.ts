// A second, unrelated LSP client: Neovim's built-in one (Debian's neovim 0.7), headless. The
// README's Neovim setup is read from the README and used as init.lua, so the documented setup
// is the tested one; driver.lua opens a fixture, records what the server publishes, asks for
// code actions and applies the eval fix. The diagnostics must be the ones the LSP tests expect.
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { diagnostic, ensureServerBundle, only, ROOT } from '../lsp/helpers/lspClient';

const TRIGGERS = ['PC101', 'PC301', 'PC401'];
const IMPORT_OS = "import of 'os' is not allowed by policy 'strict'";
const EVAL = "'eval' runs code built at run time; not allowed by policy 'strict'";
const OPEN = "builtin 'open' is not allowed by policy 'strict'";

const NVIM = ['/usr/bin/nvim', '/usr/local/bin/nvim'].find((p) => fs.existsSync(p));

interface NvimResult {
  filetype: string;
  errors: string[];
  published: PublishDiagnosticsParams[];
  diagnostics?: Diagnostic[];
  diagnosticsBeforeFix?: Diagnostic[];
  codeActions: CodeAction[];
  textAfterFix?: string;
  diagnosticsAfterFix?: Diagnostic[];
}

/** The ```lua block under the README's "### Neovim" heading. */
function readmeNeovimSetup(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = /^### Neovim\n([\s\S]*?)(?=^##)/m.exec(readme);
  assert.ok(section, 'README has a "### Neovim" section');
  const block = /```lua\n([\s\S]*?)```/.exec(section[1]);
  assert.ok(block, 'the Neovim section has a ```lua block');
  return block[1];
}

let result: NvimResult;

// `.ci/run` installs neovim; elsewhere the test says how to get it rather than fail.
const skip = NVIM || process.env.CI ? false : 'neovim is not installed (apt-get install neovim, or bash test/e2e/setup.sh)';

before(() => {
  if (skip) return;
  assert.ok(NVIM, 'nvim is installed (.ci/run installs Debian\'s neovim)');
  ensureServerBundle();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'padded-cell-nvim-'));
  try {
    // The README says: put `padded-cell` on PATH. Here it is the repository's own CLI.
    const bin = path.join(home, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'padded-cell'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, 'dist', 'cli.js')}" "$@"\n`, { mode: 0o755 });
    const init = path.join(home, 'init.lua');
    fs.writeFileSync(init, readmeNeovimSetup());
    const workspace = path.join(home, 'workspace');
    fs.cpSync(path.join(__dirname, 'fixtures'), workspace, { recursive: true });
    const out = path.join(home, 'result.json');

    const run = spawnSync(NVIM, ['--headless', '-n', '-i', 'NONE', '-u', init, '-c', `luafile ${path.join(__dirname, 'driver.lua')}`], {
      cwd: workspace,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        // A private config, data and state: nothing from the user's own Neovim setup.
        XDG_CONFIG_HOME: path.join(home, 'config'),
        XDG_DATA_HOME: path.join(home, 'data'),
        XDG_STATE_HOME: path.join(home, 'state'),
        XDG_CACHE_HOME: path.join(home, 'cache'),
        PADDED_CELL_NVIM_DIAGNOSTICS: path.join(workspace, 'diagnostics.py'),
        PADDED_CELL_NVIM_FIX: path.join(workspace, 'allows_ast', 'eval_fix.py'),
        PADDED_CELL_NVIM_OUT: out,
      },
    });
    assert.ok(fs.existsSync(out), `nvim wrote no result (exit ${run.status}, signal ${run.signal}):\n${run.stdout}\n${run.stderr}`);
    result = JSON.parse(fs.readFileSync(out, 'utf8')) as NvimResult;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test('Neovim detects Python and the server publishes the diagnostics the LSP tests expect', { skip }, () => {
  assert.deepEqual(result.errors.filter((e) => !e.startsWith('codeAction')), []);
  assert.equal(result.filetype, 'python');
  assert.deepEqual(only(TRIGGERS, result.diagnostics ?? []), [
    diagnostic('PC101', [0, 7, 0, 9], IMPORT_OS),
    diagnostic('PC301', [1, 0, 1, 4], EVAL),
    diagnostic('PC401', [2, 0, 2, 4], OPEN),
  ]);
  assert.deepEqual(
    (result.diagnostics ?? []).map((d) => d.code),
    ['PC101', 'PC301', 'PC401'],
    'nothing else is reported for this fixture',
  );
});

test('Neovim gets the eval quick-fix where the policy allows ast; applying it rewrites the call and the finding goes', { skip }, () => {
  assert.deepEqual(result.errors, []);
  const titles = result.codeActions.map((a) => a.title);
  const fix = result.codeActions.find((a) => a.title === "Replace 'eval' with 'ast.literal_eval'");
  assert.ok(fix, `a code action replacing eval with ast.literal_eval; the server offered ${JSON.stringify(titles)} (quick-fixes, issue 4)`);
  assert.equal(fix.kind, 'quickfix');
  assert.ok(fix.edit, 'the fix carries its edit');
  assert.equal(result.textAfterFix, 'import ast\nimport os\nvalue = ast.literal_eval("1")');
  assert.deepEqual(
    (result.diagnosticsAfterFix ?? []).map((d) => d.code),
    (result.diagnosticsBeforeFix ?? []).map((d) => d.code).filter((c) => c !== 'PC301'),
    'the PC301 finding goes, the others stay',
  );
});
