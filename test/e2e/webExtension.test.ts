// The web extension in a real VS Code: a web-only variant of the .vsix (no `main`, only
// `browser`; harness/webOnlyVsix.ts) installed into code-server, which runs it in the browser's
// web worker extension host — as vscode.dev would — with the language server in a Web Worker of
// its own. It must show the same diagnostics as the CLI, read the policy file through
// `vscode.workspace.fs`, and check notebooks. Screenshots go to test/e2e/artifacts/web-*.png.
import { after, afterEach, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ARTIFACTS, missingTools, REPO } from './harness/cache';
import { launchChromium, type Browser } from './harness/browser';
import { CodeServer } from './harness/codeServer';
import { makeWebOnlyVsix } from './harness/webOnlyVsix';
import { Workbench, type ProblemMarker, type Problems } from './harness/workbench';

const FIXTURES = path.join(__dirname, 'fixtures');
const DOCS = 'https://github.com/padded-cell/padded-cell/blob/main/docs/rules/';
const STEP_TIMEOUT = 120_000;

interface CliFinding {
  code: string;
  severity: string;
  message: string;
  start: { line: number; column: number };
  cell?: number;
}

/** What the CLI reports for a file of the workspace: the same engine, so the editor must show exactly this. */
function cliFindings(workspace: string, file: string): CliFinding[] {
  let stdout: string;
  try {
    stdout = execFileSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'scan', '--format', 'json', file], { cwd: workspace, encoding: 'utf8' });
  } catch (error) {
    stdout = (error as { stdout?: string }).stdout ?? '';
  }
  return (JSON.parse(stdout) as { findings: CliFinding[] }).findings;
}

function asMarkers(findings: CliFinding[]): Omit<ProblemMarker, 'file'>[] {
  return findings.map((f) => ({ severity: f.severity as ProblemMarker['severity'], message: f.message, source: 'padded-cell', code: f.code, href: `${DOCS}${f.code}.md`, line: f.start.line, column: f.start.column }));
}

function markersOf(problems: Problems, file: string): Omit<ProblemMarker, 'file'>[] {
  return problems.markers
    .filter((m) => m.file === file)
    .map(({ file: _file, ...m }) => m)
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Quick Open for a notebook: `Workbench.openFile` waits for a text editor, and a notebook's
 * editor is a list of cells, each with its own.
 */
async function openNotebook(wb: Workbench, relativePath: string): Promise<void> {
  const base = path.basename(relativePath);
  await wb.page.keyboard.press('Control+P');
  await wb.page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 30_000 });
  await wb.page.keyboard.type(relativePath);
  await wb.page.locator(`.quick-input-list .monaco-list-row[aria-label^="${base}"]`).first().click();
  await wb.page.locator(`.tabs-container .tab.active[aria-label*="${base}"]`).waitFor({ timeout: 30_000 });
  await wb.page.locator('.notebook-editor .code-cell-row').first().waitFor({ timeout: 30_000 });
}

describe('the web extension in VS Code (web-only .vsix in code-server, browser worker extension host)', { timeout: 10 * 60_000 }, () => {
  let root: string;
  let workspace: string;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let wb: Workbench;

  async function step(name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } finally {
      await wb?.screenshot(name).catch(() => undefined);
    }
  }

  before(async () => {
    const missing = missingTools();
    assert.deepEqual(missing, [], `not installed: ${missing.join(', ')}; run \`bash test/e2e/setup.sh\` (or \`npm run test:e2e\`, which runs it)`);
    for (const file of ['dist/web/extension.js', 'dist/web/server.js']) assert.ok(fs.existsSync(path.join(REPO, file)), `${file} is missing; run \`npm run package\``);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const vsix = makeWebOnlyVsix();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'padded-cell-e2e-web-'));
    fs.renameSync(vsix, path.join(root, path.basename(vsix)));
    fs.rmSync(path.dirname(vsix), { recursive: true, force: true });
    workspace = path.join(root, 'workspace');
    fs.cpSync(path.join(FIXTURES, 'workspace'), workspace, { recursive: true });
    fs.cpSync(path.join(FIXTURES, 'notebooks'), path.join(workspace, 'notebooks'), { recursive: true });
    server = await CodeServer.start(path.join(root, path.basename(vsix)), path.join(root, 'code-server'));
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    wb = await Workbench.open(page, server.url, workspace, ARTIFACTS);
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    if (server) {
      fs.copyFileSync(server.logFile, path.join(ARTIFACTS, 'code-server-web.log'));
      await server.stop();
    }
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  afterEach(async () => {
    await wb?.page.keyboard.press('Escape');
    await wb?.closeAllEditorsDiscarding();
  });

  test('W1. opening an unsafe plugin shows the same diagnostics as the CLI', { timeout: STEP_TIMEOUT }, async () => {
    await step('web-1-diagnostics', async () => {
      const file = 'plugins/open_shows_diagnostics.py';
      const expected = asMarkers(cliFindings(workspace, file));
      assert.ok(expected.length >= 5, 'the fixture has findings');
      await wb.openFile(file);
      const shown = await wb.waitForProblems('open_shows_diagnostics', (p) => markersOf(p, 'open_shows_diagnostics.py').length === expected.length, `${expected.length} problems`, 60_000);
      assert.deepEqual(markersOf(shown, 'open_shows_diagnostics.py'), expected);
      assert.equal((await wb.waitForSquiggles(expected.length)).error, expected.length);
    });
  });

  test('W2. it runs in the web worker extension host (Developer: Show Running Extensions)', { timeout: STEP_TIMEOUT }, async () => {
    await step('web-2-running-extensions', async () => {
      await wb.runCommand('Developer: Show Running Extensions');
      const row = wb.page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Padded Cell' }).first();
      await row.waitFor({ timeout: 30_000 });
      const text = await row.innerText();
      assert.match(text, /web worker/, `Padded Cell's running location: ${text}`);
    });
  });

  test('W3. the policy file next to a plugin is read through vscode.workspace.fs and applies', { timeout: STEP_TIMEOUT }, async () => {
    await step('web-3-policy-file', async () => {
      const file = 'policy_allows_os/uses_os.py';
      const expected = asMarkers(cliFindings(workspace, file));
      await wb.openFile(file);
      // The CLI, reading the disk, finds no PC101: the policy file allows os. The worker must agree.
      assert.ok(!expected.some((m) => m.code === 'PC101'));
      await wb.page.waitForTimeout(1500);
      const shown = await wb.waitForProblems('uses_os', (p) => markersOf(p, 'uses_os.py').length === expected.length, `${expected.length} problems`);
      assert.deepEqual(markersOf(shown, 'uses_os.py'), expected);
      const status = await wb.statusBarTexts();
      assert.ok(status.some((s) => s.includes('padded-cell.toml')), `the status bar names the policy file in effect: ${JSON.stringify(status)}`);
    });
  });

  test('W4. a notebook: cells checked as one module in the worker, diagnostics per cell', { timeout: STEP_TIMEOUT }, async () => {
    await step('web-4-notebook', async () => {
      const name = 'cells_share_names.ipynb';
      const expected = cliFindings(workspace, `notebooks/${name}`);
      await openNotebook(wb, `notebooks/${name}`);
      const shown = await wb.waitForProblems(name, (p) => markersOf(p, name).length === expected.length, `${expected.length} problems in ${name}`);
      // Positions are within each cell; the Problems view (and markersOf) lists them by position.
      assert.deepEqual(markersOf(shown, name), asMarkers(expected).sort((a, b) => a.line - b.line || a.column - b.column));
      const perCell = await wb.page.evaluate<number[]>(
        `[...document.querySelectorAll('.notebook-editor .monaco-list-row')].sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index'))).map((row) => row.querySelectorAll('.squiggly-error').length)`,
      );
      assert.deepEqual(perCell, [1, 0, 0, 2]);
    });
  });
});
