// `padded-cell policy [FILE] [--format json]`: the effective policy and where each part came from.
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runPolicyCommand } from '../../server/src/cli/policyCommand';
import { RULES } from '../../server/src/rules';

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'padded-cell-policy-cmd-')));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function write(relative: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  fs.writeFileSync(path.join(root, relative), text);
}

write(
  'host/padded-cell.toml',
  [
    'extends = "strict"',
    'allow-modules = ["numpy"]',
    'deny-modules = ["json"]',
    '',
    '[rules]',
    'PC301 = "warning"',
    '',
    '[limits]',
    'max-int-digits = 100',
    '',
    '[per-file-ignores]',
    '"tests/**" = ["PC301"]',
    '',
  ].join('\n'),
);
write('host/src/plugin.py', 'x = 1\n');
write('broken/padded-cell.toml', 'allow-modules = ["os"]\n[rules]\nPC999 = "off"\n');
write('broken/plugin.py', 'x = 1\n');
write('bare/plugin.py', 'x = 1\n');

async function run(args: string[], cwd = path.join(root, 'host')): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runPolicyCommand(args, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('padded-cell policy', () => {
  test('text: the file, the preset, and each entry the file adds or removes, at its line', async () => {
    const { code, stdout, stderr } = await run(['src/plugin.py']);
    assert.equal(code, 0);
    assert.equal(stderr, '');
    const lines = stdout.split('\n');
    assert.deepEqual(lines.slice(0, 3), ['Effective policy for src/plugin.py', '  policy file: padded-cell.toml', '  extends:     strict (padded-cell.toml:1)']);
    for (const line of [
      '  + numpy  (padded-cell.toml:2)',
      '  - json  (padded-cell.toml:3)',
      'deny-modules (1)',
      '  PC301 dynamic-code                       warning  (padded-cell.toml:6)',
      '  PC101 import-not-allowed                 error    (rule default)',
      '  PC701 underscore-name                    off      (preset strict)',
      '  max-int-digits           100          (padded-cell.toml:9)',
      '  max-file-bytes           2097152      (preset strict)',
      '  inline-suppressions      report       (preset strict)',
      '  tests/**: PC301  (padded-cell.toml:12)',
    ]) {
      assert.ok(lines.includes(line), `missing line: ${JSON.stringify(line)}`);
    }
  });

  test('json: every allowlist, every rule, and the origins of what differs from the preset', async () => {
    const { code, stdout, stderr } = await run(['src/plugin.py', '--format', 'json']);
    assert.equal(code, 0);
    assert.equal(stderr, '');
    const json = JSON.parse(stdout);
    assert.equal(json['policy-file'], path.join(root, 'host/padded-cell.toml'));
    assert.equal(json.extends, 'strict');
    assert.ok(json['allow-modules'].includes('numpy'));
    assert.ok(json['allow-modules'].includes('math'));
    assert.ok(!json['allow-modules'].includes('json'));
    assert.deepEqual(json['deny-modules'], ['json']);
    assert.ok(json['allow-builtins'].includes('len'));
    assert.deepEqual(Object.keys(json.rules), RULES.map((r) => r.meta.code));
    assert.equal(json.rules.PC301, 'warning');
    assert.equal(json.limits['max-int-digits'], 100);
    assert.deepEqual(json['per-file-ignores'], { 'tests/**': ['PC301'] });
    assert.deepEqual(json.origins, {
      added: {
        'allow-modules': { numpy: 'padded-cell.toml:2' },
        'deny-modules': { json: 'padded-cell.toml:3' },
        rules: { PC301: 'padded-cell.toml:6' },
        limits: { 'max-int-digits': 'padded-cell.toml:9' },
        settings: { extends: 'padded-cell.toml:1' },
        'per-file-ignores': { 'tests/**': 'padded-cell.toml:12' },
      },
      removed: { 'allow-modules': { json: 'padded-cell.toml:3' } },
    });
    assert.deepEqual(json.errors, []);
  });

  test('no policy file: the preset, and --preset picks it', async () => {
    const { code, stdout } = await run(['plugin.py', '--preset', 'rexec'], path.join(root, 'bare'));
    assert.equal(code, 0);
    assert.deepEqual(stdout.split('\n').slice(0, 3), ['Effective policy for plugin.py', '  policy file: none (preset rexec)', '  extends:     rexec']);
  });

  test('a broken policy file: errors on stderr, exit 2, and the policy in force is the preset', async () => {
    const { code, stdout, stderr } = await run(['plugin.py', '--format=json'], path.join(root, 'broken'));
    assert.equal(code, 2);
    assert.equal(stderr, "padded-cell.toml:3:1: rules.PC999: unknown rule code 'PC999'\n");
    const json = JSON.parse(stdout);
    assert.equal(json['policy-file'], null);
    assert.ok(!json['allow-modules'].includes('os'));
    assert.deepEqual(json.errors, [{ file: 'padded-cell.toml', line: 3, column: 1, key: 'rules.PC999', message: "rules.PC999: unknown rule code 'PC999'" }]);
    const text = await run(['plugin.py'], path.join(root, 'broken'));
    assert.equal(text.code, 2);
    assert.ok(text.stdout.includes('  NOT IN FORCE: padded-cell.toml has errors (listed on stderr); the policy below is the one in force instead\n'));
  });

  test('--policy-file uses that file', async () => {
    const { code, stdout } = await run(['--policy-file', '../host/padded-cell.toml', 'plugin.py'], path.join(root, 'bare'));
    assert.equal(code, 0);
    // Outside the working folder, paths are printed absolute.
    assert.ok(stdout.includes(`\n  policy file: ${path.join(root, 'host/padded-cell.toml')}\n`));
    assert.ok(stdout.includes(`\n  + numpy  (${path.join(root, 'host/padded-cell.toml')}:2)\n`));
  });

  test('usage errors exit 2', async () => {
    assert.deepEqual(await run(['--format', 'yaml']), { code: 2, stdout: '', stderr: "padded-cell policy: option '--format' must be one of text, json, not 'yaml' (see 'padded-cell policy --help')\n" });
    assert.deepEqual(await run(['--preset', 'lax']), {
      code: 2,
      stdout: '',
      stderr: "padded-cell policy: unknown preset 'lax' (known: strict, restrictedpython, rexec, audit) (see 'padded-cell policy --help')\n",
    });
    assert.deepEqual(await run(['a.py', 'b.py']), { code: 2, stdout: '', stderr: "padded-cell policy: policy takes one FILE (see 'padded-cell policy --help')\n" });
    assert.deepEqual(await run(['missing.py']), { code: 2, stdout: '', stderr: "padded-cell policy: no such file or folder: missing.py (see 'padded-cell policy --help')\n" });
    assert.equal((await run(['--help'])).code, 0);
  });
});
