// Finding the policy file for a Python file on disk: nearest wins, padded-cell.toml over pyproject.toml.
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findPolicyFile, formatPolicyError, loadPolicyForFile, loadPolicyFile, readPolicyFile } from '../../server/src/policy/file';
import { isModuleAllowed } from '../../server/src/policy/queries';

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'padded-cell-discover-')));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function write(relative: string, text: string): string {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

write('ws/padded-cell.toml', 'allow-modules = ["top"]\n');
write('ws/pkg/pyproject.toml', '[project]\nname = "pkg"\n\n[tool.padded-cell]\nallow-modules = ["pkg_pyproject"]\n');
write('ws/pkg/sub/padded-cell.toml', 'allow-modules = ["sub"]\n');
write('ws/pkg/sub/pyproject.toml', '[tool.padded-cell]\nallow-modules = ["sub_pyproject"]\n');
write('ws/other/pyproject.toml', '[project]\nname = "no policy here"\n');
write('ws/broken/pyproject.toml', '[tool.padded-cell\nallow-modules = ["x"]\n');
write('ws/plain/pyproject.toml', '[project\nname = "broken, but says nothing of us"\n');
fs.mkdirSync(path.join(root, 'ws/dir/padded-cell.toml'), { recursive: true });
const plugin = write('ws/pkg/sub/deep/plugin.py', 'import sub\n');

describe('findPolicyFile', () => {
  const found = (relative: string, stopAt?: string) => {
    const ref = findPolicyFile(path.join(root, relative), stopAt);
    return ref && path.relative(root, ref.path);
  };

  test('the nearest folder with a policy file wins', () => assert.equal(found('ws/pkg/sub/deep/plugin.py'), path.join('ws', 'pkg', 'sub', 'padded-cell.toml')));
  test('in one folder padded-cell.toml wins over pyproject.toml', () => assert.equal(found('ws/pkg/sub/x.py'), path.join('ws', 'pkg', 'sub', 'padded-cell.toml')));
  test('a pyproject.toml with [tool.padded-cell] applies', () => assert.equal(found('ws/pkg/x.py'), path.join('ws', 'pkg', 'pyproject.toml')));
  test('a pyproject.toml without it is passed over', () => assert.equal(found('ws/other/x.py'), path.join('ws', 'padded-cell.toml')));
  test('a broken pyproject.toml that mentions padded-cell applies (its errors are shown)', () => {
    assert.equal(found('ws/broken/x.py'), path.join('ws', 'broken', 'pyproject.toml'));
  });
  test('a broken pyproject.toml that does not is passed over', () => assert.equal(found('ws/plain/x.py'), path.join('ws', 'padded-cell.toml')));
  test('a folder is looked up from itself', () => assert.equal(found('ws/pkg/sub'), path.join('ws', 'pkg', 'sub', 'padded-cell.toml')));
  test('a file that does not exist yet is looked up from its folder', () => assert.equal(found('ws/pkg/unsaved.py'), path.join('ws', 'pkg', 'pyproject.toml')));
  test('the walk stops at stopAt', () => assert.equal(found('ws/other/x.py', path.join(root, 'ws/other')), undefined));
  test('stopAt itself is searched', () => assert.equal(found('ws/pkg/x.py', path.join(root, 'ws/pkg')), path.join('ws', 'pkg', 'pyproject.toml')));
  test('nothing above: undefined', () => assert.equal(findPolicyFile(path.join(root, 'elsewhere/x.py'), root), undefined));
  test('a policy file name that is not a file is reported, not skipped', () => {
    const ref = findPolicyFile(path.join(root, 'ws/dir/x.py'));
    assert.deepEqual(ref, { path: path.join(root, 'ws/dir/padded-cell.toml'), readError: 'not a regular file' });
  });
});

describe('loadPolicyForFile', () => {
  test('loads the nearest policy and says which file it is', () => {
    const result = loadPolicyForFile(plugin);
    assert.deepEqual(result.errors, []);
    assert.equal(result.file, path.join(root, 'ws/pkg/sub/padded-cell.toml'));
    assert.equal(isModuleAllowed(result.policy, 'sub'), true);
    assert.equal(isModuleAllowed(result.policy, 'top'), false, 'policy files do not stack');
    assert.equal(result.policy.paths?.root, path.join(root, 'ws/pkg/sub'));
  });

  test('no policy file: the default preset, no errors', () => {
    const result = loadPolicyForFile(path.join(root, 'elsewhere/x.py'), { stopAt: root, defaultPreset: 'rexec' });
    assert.deepEqual(result.errors, []);
    assert.equal(result.file, undefined);
    assert.equal(result.policy.name, 'rexec');
  });

  test('a broken file: its errors, and the preset', () => {
    const result = loadPolicyForFile(path.join(root, 'ws/broken/x.py'));
    assert.deepEqual(result.errors.map(formatPolicyError), [`${path.join(root, 'ws/broken/pyproject.toml')}:1:18: invalid TOML: illegal character in key`]);
    assert.equal(result.policy.name, 'strict');
  });

  test('an unreadable policy file is an error at its first line, and the last good policy stays', () => {
    const good = loadPolicyForFile(plugin).policy;
    const result = loadPolicyForFile(path.join(root, 'ws/dir/x.py'), { lastGood: good });
    assert.deepEqual(result.errors.map(formatPolicyError), [`${path.join(root, 'ws/dir/padded-cell.toml')}:1:1: cannot read policy file: not a regular file`]);
    assert.equal(result.policy, good);
  });

  test('a configured policy file that does not exist', () => {
    const result = loadPolicyFile(readPolicyFile(path.join(root, 'missing.toml')));
    assert.deepEqual(result.errors.map(formatPolicyError), [`${path.join(root, 'missing.toml')}:1:1: cannot read policy file: no such file`]);
    assert.equal(result.policy.name, 'strict');
  });
});
