// The packaged extension in a real VS Code: code-server 4.139.1 (VS Code 1.139) in Debian's
// headless chromium, driven by Playwright the way a person uses it. `npm run test:e2e` runs
// setup.sh and `npm run package` first; each step saves a screenshot in test/e2e/artifacts/.
//
// Expected findings come from the CLI (`dist/cli.js scan --format json`) on the same files: the
// same engine, so the editor must show exactly what the command line reports.
import { after, afterEach, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ruleByCode } from '../../server/src/rules';
import { ARTIFACTS, missingTools, packagedVsix, REPO } from './harness/cache';
import { launchChromium, type Browser } from './harness/browser';
import { CodeServer } from './harness/codeServer';
import { Workbench, type ProblemMarker, type Problems } from './harness/workbench';

const FIXTURE = path.join(__dirname, 'fixtures', 'workspace');
const DOCS = 'https://github.com/padded-cell/padded-cell/blob/main/docs/rules/';
const STEP_TIMEOUT = 120_000;
const MANY_CLEAN_FILES = 400;

interface CliFinding {
  path: string;
  code: string;
  severity: string;
  message: string;
  start: { line: number; column: number };
}

/** What the CLI reports for `paths` (relative to the workspace), in the Problems view's terms. */
function cliFindings(workspace: string, ...paths: string[]): CliFinding[] {
  let stdout: string;
  try {
    stdout = execFileSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'scan', '--format', 'json', ...paths], { cwd: workspace, encoding: 'utf8' });
  } catch (error) {
    // Exit code 1 means findings; the report is on stdout all the same.
    stdout = (error as { stdout?: string }).stdout ?? '';
  }
  return (JSON.parse(stdout) as { findings: CliFinding[] }).findings;
}

function asMarkers(findings: CliFinding[]): Omit<ProblemMarker, 'file'>[] {
  return findings.map((f) => ({
    severity: f.severity as ProblemMarker['severity'],
    message: f.message,
    source: 'padded-cell',
    code: f.code,
    href: `${DOCS}${f.code}.md`,
    line: f.start.line,
    column: f.start.column,
  }));
}

function markersOf(problems: Problems, file: string): Omit<ProblemMarker, 'file'>[] {
  return problems.markers
    .filter((m) => m.file === file)
    .map(({ file: _file, ...m }) => m)
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Markdown as a hover renders it: no backticks, no emphasis markers. */
function plain(markdown: string): string {
  return markdown.replace(/[`*_]/g, '').replace(/\s+/g, ' ').trim();
}

describe('the packaged extension in VS Code (code-server in headless chromium)', { timeout: 15 * 60_000 }, () => {
  let workspace: string;
  let state: string;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let wb: Workbench;
  const timings: string[] = [];

  /** Runs a step, always leaving its screenshot, and records how long it took. */
  async function step(name: string, body: () => Promise<void>): Promise<void> {
    const started = Date.now();
    try {
      await body();
    } finally {
      await wb?.screenshot(name).catch(() => undefined);
      timings.push(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  }

  before(async () => {
    const missing = missingTools();
    assert.deepEqual(missing, [], `not installed: ${missing.join(', ')}; run \`bash test/e2e/setup.sh\` (or \`npm run test:e2e\`, which runs it)`);
    const vsix = packagedVsix();
    assert.ok(fs.existsSync(vsix), `${path.basename(vsix)} is missing; run \`npm run package\` (or \`npm run test:e2e\`, which runs it)`);

    const started = Date.now();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    for (const old of fs.readdirSync(ARTIFACTS)) if (old.endsWith('.png')) fs.rmSync(path.join(ARTIFACTS, old));
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'padded-cell-e2e-'));
    workspace = path.join(root, 'workspace');
    state = path.join(root, 'code-server');
    fs.cpSync(FIXTURE, workspace, { recursive: true });
    // The scan must skip what scanned_not_opened/.gitignore ignores. Written here: the same
    // .gitignore keeps the file out of this repository too.
    fs.mkdirSync(path.join(workspace, 'scanned_not_opened', 'generated'));
    fs.writeFileSync(path.join(workspace, 'scanned_not_opened', 'generated', 'escape.py'), '# Ignored by .gitignore: the scan must not report it.\nimport os\nos.system("id")\n');
    // Enough clean files that the scan lasts long enough for its progress to be seen.
    const many = path.join(workspace, 'scanned_not_opened', 'many_clean');
    fs.mkdirSync(many);
    const clean = fs.readFileSync(path.join(workspace, 'scanned_not_opened', 'clean.py'), 'utf8');
    for (let i = 0; i < MANY_CLEAN_FILES; i++) fs.writeFileSync(path.join(many, `clean_${String(i).padStart(3, '0')}.py`), clean);

    server = await CodeServer.start(vsix, state);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    wb = await Workbench.open(page, server.url, workspace, ARTIFACTS);
    timings.push(`start code-server and open the workbench: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    if (server) {
      // Keep the server's log next to the screenshots: the first place to look when a step fails.
      fs.copyFileSync(server.logFile, path.join(ARTIFACTS, 'code-server.log'));
      const exthost = findFile(state, 'exthost.log');
      if (exthost) fs.copyFileSync(exthost, path.join(ARTIFACTS, 'exthost.log'));
      const output = findFile(state, 'Padded Cell.log', /padded/i);
      if (output) fs.copyFileSync(output, path.join(ARTIFACTS, 'padded-cell-output.log'));
      await server.stop();
    }
    if (workspace) fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
    process.stdout.write(`# e2e timings\n${timings.map((t) => `#   ${t}`).join('\n')}\n`);
  });

  afterEach(async () => {
    // A menu or hover a failed step left open would swallow the next keystrokes.
    await wb?.page.keyboard.press('Escape');
    await wb?.closeAllEditorsDiscarding();
  });

  test('1. opening an unsafe plugin shows its diagnostics, with codes and rule links', { timeout: STEP_TIMEOUT }, async () => {
    await step('1-open-diagnostics', async () => {
      const file = 'plugins/open_shows_diagnostics.py';
      const expected = asMarkers(cliFindings(workspace, file));
      assert.ok(expected.length >= 5, 'the fixture has findings');
      await wb.openFile(file);
      const shown = await wb.waitForProblems('open_shows_diagnostics', (p) => markersOf(p, 'open_shows_diagnostics.py').length === expected.length, `${expected.length} problems`);
      assert.deepEqual(markersOf(shown, 'open_shows_diagnostics.py'), expected);
      assert.equal((await wb.waitForSquiggles(expected.length)).error, expected.length, 'one error squiggle per finding');
      const status = await wb.statusBarTexts();
      assert.ok(
        status.some((s) => /strict/.test(s) && new RegExp(`\\b${expected.length}\\b`).test(s)),
        `a status bar item shows the preset in effect and the file's ${expected.length} findings: ${JSON.stringify(status)}`,
      );
    });
  });

  test('2. typing an unsafe line adds a diagnostic; deleting the line removes it', { timeout: STEP_TIMEOUT }, async () => {
    const file = 'open_shows_diagnostics.py';
    const before = cliFindings(workspace, `plugins/${file}`).length;
    await step('2a-typed-unsafe-line', async () => {
      await wb.openFile(`plugins/${file}`);
      await wb.waitForProblems(file, (p) => markersOf(p, file).length === before, `${before} problems`);
      await wb.press('Control+End');
      await wb.type('breakpoint()');
      const shown = await wb.waitForProblems(file, (p) => markersOf(p, file).some((m) => m.code === 'PC401' && m.line === 18), 'PC401 for breakpoint() on line 18');
      assert.equal(markersOf(shown, file).length, before + 1);
      assert.deepEqual(
        markersOf(shown, file).find((m) => m.line === 18),
        { severity: 'error', message: "builtin 'breakpoint' is not allowed by policy 'strict'", source: 'padded-cell', code: 'PC401', href: `${DOCS}PC401.md`, line: 18, column: 1 },
      );
      assert.equal((await wb.waitForSquiggles(before + 1)).error, before + 1);
    });
    await step('2b-deleted-unsafe-line', async () => {
      await wb.press('Control+Shift+K');
      const shown = await wb.waitForProblems(file, (p) => markersOf(p, file).length === before, `back to ${before} problems`);
      assert.ok(!markersOf(shown, file).some((m) => m.line === 18));
      assert.equal((await wb.waitForSquiggles(before)).error, before);
    });
  });

  test("3. the light bulb's eval quick-fix rewrites to ast.literal_eval and the diagnostic goes", { timeout: STEP_TIMEOUT }, async () => {
    const file = 'eval_quick_fix.py';
    await step('3a-light-bulb-menu', async () => {
      await wb.openFile(`quick_fix_allows_ast/${file}`);
      await wb.waitForProblems(file, (p) => markersOf(p, file).some((m) => m.code === 'PC301'), 'PC301 on eval');
      await wb.goTo(6, 13);
      const bulb = wb.page.locator('.editor-group-container.active .lightBulbWidget').first();
      await bulb.waitFor({ state: 'visible', timeout: 15_000 }).catch(() => {
        throw new Error('no light bulb on the eval line: the server offers no code action for PC301 (quick-fixes, issue 4)');
      });
      await bulb.click();
      const menu = wb.page.locator('.action-widget').first();
      await menu.waitFor({ state: 'visible', timeout: 15_000 });
      const item = wb.page.locator('.action-widget .monaco-list-row', { hasText: /literal_eval/ }).first();
      await item.waitFor({ state: 'visible', timeout: 15_000 }).catch(async () => {
        throw new Error(`the light bulb menu has no ast.literal_eval fix; it shows: ${await menu.innerText()}`);
      });
    });
    await step('3b-after-quick-fix', async () => {
      await wb.page.locator('.action-widget .monaco-list-row', { hasText: /literal_eval/ }).first().click();
      const deadline = Date.now() + 15_000;
      let text = await wb.editorText();
      while (!text.includes('ast.literal_eval(text)') && Date.now() < deadline) {
        await wb.page.waitForTimeout(200);
        text = await wb.editorText();
      }
      const original = fs.readFileSync(path.join(workspace, 'quick_fix_allows_ast', file), 'utf8');
      const fixed = original.replace('import json\n', 'import ast\nimport json\n').replace('return eval(text)', 'return ast.literal_eval(text)');
      assert.equal(text, fixed, 'the call is rewritten and `import ast` joins the import block');
      await wb.waitForProblems(file, (p) => !markersOf(p, file).some((m) => m.code === 'PC301'), 'no PC301 left in the file');
    });
  });

  test('4. "Padded Cell: Scan Workspace" fills Problems for files that are not open, with progress', { timeout: STEP_TIMEOUT }, async () => {
    const expected = cliFindings(workspace, '.');
    const byFile = new Map<string, CliFinding[]>();
    for (const f of expected) byFile.set(f.path, [...(byFile.get(f.path) ?? []), f]);
    await step('4a-scan-in-progress', async () => {
      const notOpen = [...byFile.keys()].filter((p) => p.startsWith('scanned_not_opened/'));
      assert.deepEqual(notOpen.sort(), ['scanned_not_opened/climbs_class_hierarchy.py', 'scanned_not_opened/reads_host_files.py']);
      const before = await wb.problems('scanned_not_opened');
      assert.deepEqual(before.files, [], 'files that were never opened have no problems before the scan');
      await wb.recordNotifications();
      await wb.runCommand('Padded Cell: Scan Workspace');
    });
    await step('4b-scan-done', async () => {
      for (const [relative, findings] of byFile) {
        const name = path.basename(relative);
        const shown = await wb.waitForProblems(name, (p) => markersOf(p, name).length === findings.length, `${findings.length} problems in ${relative}`, 60_000);
        assert.deepEqual(markersOf(shown, name), asMarkers(findings), relative);
      }
      const gitignored = await wb.problems('escape.py');
      assert.deepEqual(gitignored.files, [], 'scanned_not_opened/generated/ is in .gitignore');
      await wb.problems('scanned_not_opened');

      const seen = await wb.seenNotifications();
      const shown = JSON.stringify(seen, null, 1);
      assert.ok(
        seen.some((n) => n.where === 'notification' && n.progress && /padded cell|scan/i.test(n.text)),
        seen.some((n) => n.where === 'statusbar')
          ? `the scan's progress showed only in the status bar (vscode-languageclient's default for server progress), not as a notification (the client's scan progress notification, issue 4); seen: ${shown}`
          : `no progress notification for the scan (the client's scan progress notification, issue 4); seen: ${shown}`,
      );
      // The summary when it is done, with the way to the findings.
      assert.ok(
        seen.some((n) => n.where === 'notification' && /Padded Cell: \d+ findings in \d+ files\./.test(n.text) && n.text.includes('Show Problems')),
        `a notification with the scan's summary and a 'Show Problems' button; seen: ${shown}`,
      );
    });
  });

  test('5. a broken padded-cell.toml shows an error on the policy file; checking goes on with the previous policy', { timeout: STEP_TIMEOUT }, async () => {
    const policyFile = 'padded-cell.toml';
    const plugin = 'uses_os.py';
    const policyPath = path.join(workspace, 'policy_allows_os', policyFile);
    const goodPolicy = fs.readFileSync(policyPath, 'utf8');
    try {
      await step('5-broken-policy-file', async () => {
        await wb.openFile(`policy_allows_os/${plugin}`);
        await wb.page.waitForTimeout(1500);
        const initial = await wb.problems(plugin);
        assert.ok(
          !markersOf(initial, plugin).some((m) => m.code === 'PC101'),
          `policy_allows_os/padded-cell.toml allows os, yet ${plugin} has PC101 (${JSON.stringify(markersOf(initial, plugin))}): the server does not apply policy files (policy-file loader)`,
        );

        await wb.openFile(`policy_allows_os/${policyFile}`);
        await wb.press('Control+End');
        await wb.type('deny-modules = ["json"\n');
        await wb.press('Control+S');
        const broken = await wb.waitForProblems(policyFile, (p) => markersOf(p, policyFile).some((m) => m.source === 'padded-cell' && m.severity === 'error'), `an error from padded-cell on ${policyFile}`);
        assert.ok(markersOf(broken, policyFile).every((m) => m.line >= 4), `the error points at the broken line: ${JSON.stringify(markersOf(broken, policyFile))}`);

        // Checking goes on, under the last good policy: os is still allowed, eval still is not.
        await wb.openFile(`policy_allows_os/${plugin}`);
        await wb.press('Control+End');
        await wb.type('eval(SEPARATOR)\n');
        const after = await wb.waitForProblems(plugin, (p) => markersOf(p, plugin).some((m) => m.code === 'PC301'), `PC301 for the new eval line in ${plugin}`);
        assert.ok(!markersOf(after, plugin).some((m) => m.code === 'PC101'), 'the previous policy (allowing os) still applies');
        const status = await wb.statusBarTexts();
        assert.ok(status.some((s) => s.includes('padded-cell.toml')), `the status bar names the policy file in effect: ${JSON.stringify(status)}`);
        await wb.problems('policy_allows_os');
      });
    } finally {
      fs.writeFileSync(policyPath, goodPolicy);
    }
  });

  test('6. hovering a finding shows the rule docs', { timeout: STEP_TIMEOUT }, async () => {
    await step('6-hover-rule-docs', async () => {
      await wb.openFile('plugins/open_shows_diagnostics.py');
      await wb.waitForProblems('open_shows_diagnostics', (p) => markersOf(p, 'open_shows_diagnostics.py').some((m) => m.code === 'PC301'), 'PC301');
      const hover = plain(await wb.hoverToken('eval'));
      const rule = ruleByCode('PC301')!;
      assert.ok(hover.includes('PC301'), `hover names the code: ${hover}`);
      const sections = { what: rule.meta.docs.what, why: rule.meta.docs.why, instead: rule.meta.docs.instead };
      const missing = Object.entries(sections).filter(([, text]) => !hover.includes(plain(text).slice(0, 50))).map(([name]) => name);
      assert.deepEqual(missing, [], `the hover lacks the rule docs' ${missing.join(', ')} (hover with rule docs, issue 4); it shows: ${hover}`);
    });
  });

  test('7. a notebook: its code cells are checked as one module, each cell shows its own diagnostics', { timeout: STEP_TIMEOUT }, async () => {
    await step('7-notebook-cells', async () => {
      // Copied in now, not part of the workspace fixture: step 4's scan covers Python files, and
      // a notebook is checked when it is open (its cells have no URI until then).
      const name = 'cells_share_names.ipynb';
      fs.mkdirSync(path.join(workspace, 'notebooks'), { recursive: true });
      fs.copyFileSync(path.join(__dirname, 'fixtures', 'notebooks', name), path.join(workspace, 'notebooks', name));
      const expected = cliFindings(workspace, `notebooks/${name}`) as (CliFinding & { cell: number })[];
      // `os` is imported in cell 1 and used in cell 4 (cell 2 is markdown); cell 4 also escapes to the shell.
      assert.deepEqual(
        expected.map((f) => [f.cell, f.code, f.start.line]),
        [
          [1, 'PC101', 1],
          [4, 'PC502', 1],
          [4, 'PC502', 2],
        ],
      );
      await openNotebook(wb, `notebooks/${name}`);
      const shown = await wb.waitForProblems(name, (p) => markersOf(p, name).length === expected.length, `${expected.length} problems in ${name}`);
      // Lines and columns are the cells' own, as the CLI reports them with the cell number (the
      // Problems view, and markersOf, list them by position).
      assert.deepEqual(markersOf(shown, name), asMarkers(expected).sort((a, b) => a.line - b.line || a.column - b.column));
      const cells = await wb.page.evaluate<{ kind: string; errors: number }[]>(
        `[...document.querySelectorAll('.notebook-editor .monaco-list-row')].sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index'))).map((row) => ({ kind: row.classList.contains('code-cell-row') ? 'code' : 'markdown', errors: row.querySelectorAll('.squiggly-error').length }))`,
      );
      assert.deepEqual(cells, [
        { kind: 'code', errors: 1 },
        { kind: 'markdown', errors: 0 },
        { kind: 'code', errors: 0 },
        { kind: 'code', errors: 2 },
      ]);
    });
  });
});

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

function findFile(dir: string, name: string, parent?: RegExp): string | undefined {
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.name.endsWith(name) && (!parent || parent.test(full))) return full;
    }
  }
  return undefined;
}
