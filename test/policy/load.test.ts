// The policy file loader: every key, every error at its line, and the last good policy kept.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { POLICY_KEYS } from '../../server/src/policy/file/keys';
import { formatPolicyError, loadPolicyText, type PolicyLoadResult } from '../../server/src/policy/file';
import { presetPolicy } from '../../server/src/policy/fromPreset';
import { isModuleAllowed } from '../../server/src/policy/queries';

const FILE = '/project/padded-cell.toml';
const PYPROJECT = '/project/pyproject.toml';

function load(text: string, file = FILE, options = {}): PolicyLoadResult {
  return loadPolicyText(file, text, options);
}
function errors(text: string, file = FILE): string[] {
  return load(text, file).errors.map(formatPolicyError);
}
function ok(text: string, file = FILE) {
  const result = load(text, file);
  assert.deepEqual(result.errors.map(formatPolicyError), []);
  return result.policy;
}

describe('policy file: keys', () => {
  const strict = presetPolicy('strict');

  test('an empty file is the default preset, named after the file, with its paths root', () => {
    const policy = ok('');
    assert.equal(policy.name, 'padded-cell.toml');
    assert.equal(policy.preset, 'strict');
    assert.equal(policy.file, FILE);
    assert.deepEqual(policy.paths, { root: '/project', perFileIgnores: [], exclude: [] });
    assert.deepEqual(policy.allowModules, strict.allowModules);
    assert.deepEqual(policy.rules, strict.rules);
  });

  test('extends names the preset', () => {
    const policy = ok('extends = "audit"');
    assert.equal(policy.preset, 'audit');
    assert.equal(policy.defaultSeverity, 'info');
    assert.equal(policy.allowModules.size, 0);
  });

  test('a file without extends starts from the caller\'s default preset', () => {
    assert.equal(load('', FILE, { defaultPreset: 'rexec' }).policy.preset, 'rexec');
  });

  test('allow-modules adds, deny-modules takes away and denies below an allowed parent', () => {
    const policy = ok('allow-modules = ["numpy", "os"]\ndeny-modules = ["json", "os.path"]');
    assert.equal(isModuleAllowed(policy, 'numpy.linalg'), true);
    assert.equal(isModuleAllowed(policy, 'os'), true);
    assert.equal(isModuleAllowed(policy, 'os.path'), false);
    assert.equal(isModuleAllowed(policy, 'json'), false);
    assert.equal(isModuleAllowed(policy, 'math'), true);
    assert.deepEqual([...policy.denyModules].sort(), ['json', 'os.path']);
  });

  test('deny wins over allow in the same file', () => {
    const policy = ok('allow-modules = ["numpy"]\ndeny-modules = ["numpy"]');
    assert.equal(isModuleAllowed(policy, 'numpy'), false);
  });

  test('allow-builtins / deny-builtins, allow-attributes / deny-attributes', () => {
    const policy = ok('allow-builtins = ["open"]\ndeny-builtins = ["print"]\nallow-attributes = ["__dict__"]\ndeny-attributes = ["__doc__"]');
    assert.equal(policy.allowBuiltins.has('open'), true);
    assert.equal(policy.allowBuiltins.has('print'), false);
    assert.equal(policy.allowBuiltins.has('len'), true);
    assert.equal(policy.allowAttributes.has('__dict__'), true);
    assert.equal(policy.allowAttributes.has('__doc__'), false);
    assert.equal(policy.allowAttributes.has('__name__'), true);
  });

  test('allow-members restricts a module to its members, adding to the preset\'s', () => {
    const policy = ok('extends = "rexec"\n[allow-members]\nos = ["sep"]\nrequests = ["get", "post"]');
    assert.equal(policy.allowMembers.get('os')!.has('sep'), true);
    assert.equal(policy.allowMembers.get('os')!.has('getpid'), true, 'rexec lists getpid');
    assert.deepEqual([...policy.allowMembers.get('requests')!], ['get', 'post']);
  });

  test('rules set severities and turn rules off', () => {
    const policy = ok('[rules]\nPC301 = "warning"\nPC101 = "off"\nPC001 = "hint"');
    assert.equal(policy.rules.get('PC301'), 'warning');
    assert.equal(policy.rules.get('PC101'), 'off');
    assert.equal(policy.rules.get('PC001'), 'hint');
  });

  test('limits in kebab case', () => {
    const policy = ok('[limits]\nmax-int-digits = 100\nmax-factorial-argument = 50\nmax-allocation = 1_000\nmax-sleep-seconds = 0.5\nmax-iterations = 7\nmax-file-bytes = 4096');
    assert.deepEqual(policy.limits, { maxIntDigits: 100, maxFactorialArgument: 50, maxAllocation: 1000, maxSleepSeconds: 0.5, maxIterations: 7, maxFileBytes: 4096 });
  });

  test('per-file-ignores and exclude', () => {
    const policy = ok('exclude = ["build", "**/migrations/*.py"]\n[per-file-ignores]\n"tests/**" = ["PC301", "PC101"]\n"__init__.py" = ["PC101"]');
    assert.deepEqual(policy.paths, {
      root: '/project',
      exclude: ['build', '**/migrations/*.py'],
      perFileIgnores: [
        { pattern: 'tests/**', codes: ['PC301', 'PC101'] },
        { pattern: '__init__.py', codes: ['PC101'] },
      ],
    });
  });

  test('inline-suppressions and require-reason', () => {
    const policy = ok('inline-suppressions = "on"\nrequire-reason = true');
    assert.equal(policy.inlineSuppressions, 'on');
    assert.equal(policy.requireReason, true);
    assert.equal(ok('inline-suppressions = "off"').inlineSuppressions, 'off');
  });

  test('pyproject.toml: the keys live under [tool.padded-cell], dotted tables included', () => {
    const policy = ok('[project]\nname = "host"\n\n[tool.padded-cell]\nallow-modules = ["numpy"]\n\n[tool.padded-cell.rules]\nPC301 = "info"\n', PYPROJECT);
    assert.equal(policy.name, 'pyproject.toml');
    assert.equal(isModuleAllowed(policy, 'numpy'), true);
    assert.equal(policy.rules.get('PC301'), 'info');
  });

  test('the name option names the policy in messages', () => {
    assert.equal(load('', FILE, { name: 'plugins/padded-cell.toml' }).policy.name, 'plugins/padded-cell.toml');
  });
});

describe('policy file: errors name file, line, column and key', () => {
  const cases: [name: string, text: string, expected: string[], file?: string][] = [
    ['TOML syntax', 'allow-modules = ["a",\n  "b"\nrules = 3', [`${FILE}:3:1: invalid TOML: expected comma or end of structure`]],
    ['duplicate key', 'extends = "strict"\nextends = "audit"', [`${FILE}:2:1: invalid TOML: trying to redefine an already defined table or value`]],
    ['unknown key, with a suggestion', 'extends = "strict"\nallow-module = ["numpy"]', [`${FILE}:2:1: allow-module: unknown key (did you mean 'allow-modules'?)`]],
    ['unknown key, nothing close', 'colour = "blue"', [`${FILE}:1:1: colour: unknown key`]],
    ['wrong type', 'allow-modules = "numpy"', [`${FILE}:1:1: allow-modules: expected an array of strings, found the string "numpy"`]],
    ['bad module name, at the entry', 'allow-modules = [\n  "numpy",\n  "os path",\n]', [`${FILE}:3:3: allow-modules: 'os path' is not a module name`]],
    ['non-string entry', 'allow-builtins = ["len", 3]', [`${FILE}:1:1: allow-builtins: expected strings, found the integer 3`]],
    ['bad builtin name', 'allow-builtins = ["open()"]', [`${FILE}:1:19: allow-builtins: 'open()' is not a Python name`]],
    [
      'extends is only ever a preset',
      'extends = "../shared/padded-cell.toml"',
      [`${FILE}:1:1: extends: '../shared/padded-cell.toml' is not a preset; extends names one of the presets (strict, restrictedpython, rexec, audit), never another policy file`],
    ],
    ['extends of the wrong type', 'extends = ["strict"]', [`${FILE}:1:1: extends: expected a preset name, found an array`]],
    ['unknown rule code', '[rules]\nPC301 = "off"\nPC999 = "off"', [`${FILE}:3:1: rules.PC999: unknown rule code 'PC999'`]],
    ['rule code in lower case', 'rules = { pc301 = "off" }', [`${FILE}:1:11: rules.pc301: unknown rule code 'pc301' (did you mean 'PC301'?)`]],
    ['bad severity', '[rules]\nPC301 = "fatal"', [`${FILE}:2:1: rules.PC301: expected one of "error", "warning", "info", "hint", "off", found the string "fatal"`]],
    ['PC000 is not configurable', '[rules]\nPC000 = "off"', [`${FILE}:2:1: rules.PC000: PC000 (analysis-error) cannot be configured: it says a file was not fully checked`]],
    ['rules of the wrong type', 'rules = ["PC301"]', [`${FILE}:1:1: rules: expected a table of CODE = severity, found an array`]],
    ['unknown limit', '[limits]\nmax-int-digit = 10', [`${FILE}:2:1: limits.max-int-digit: unknown key (did you mean 'max-int-digits'?)`]],
    ['negative limit', '[limits]\nmax-int-digits = -1', [`${FILE}:2:1: limits.max-int-digits: expected a non-negative integer, found the integer -1`]],
    ['fractional integer limit', 'limits = { max-allocation = 1.5 }', [`${FILE}:1:12: limits.max-allocation: expected a non-negative integer, found the float 1.5`]],
    ['per-file-ignores unknown code, at the entry', '[per-file-ignores]\n"tests/**" = ["PC301", "PC998"]', [`${FILE}:2:24: per-file-ignores."tests/**": unknown rule code 'PC998'`]],
    ['per-file-ignores PC000', '[per-file-ignores]\n"**" = ["PC000"]', [`${FILE}:2:9: per-file-ignores."**": PC000 (analysis-error) cannot be ignored: it says a file was not fully checked`]],
    ['per-file-ignores bad glob', '[per-file-ignores]\n"{tests" = ["PC301"]', [`${FILE}:2:1: per-file-ignores."{tests": unclosed '{' in '{tests'`]],
    ['per-file-ignores value not a list', '[per-file-ignores]\n"tests/**" = "PC301"', [`${FILE}:2:1: per-file-ignores."tests/**": expected an array of rule codes, found the string "PC301"`]],
    ['exclude bad glob, at the entry', 'exclude = ["build", "a}"]', [`${FILE}:1:21: exclude: unmatched '}' in 'a}'`]],
    ['exclude too long a glob', `exclude = ["${'a'.repeat(300)}"]`, [`${FILE}:1:12: exclude: a glob is at most 256 characters long (this one has 300)`]],
    ['inline-suppressions', 'inline-suppressions = "yes"', [`${FILE}:1:1: inline-suppressions: expected one of "off", "report", "on", found the string "yes"`]],
    ['require-reason', 'require-reason = "true"', [`${FILE}:1:1: require-reason: expected true or false, found the string "true"`]],
    ['allow-members bad module', '[allow-members]\n"os path" = ["x"]', [`${FILE}:2:1: allow-members.os path: 'os path' is not a module name`]],
    ['allow-members bad member', '[allow-members]\nos = ["path", "sep()"]', [`${FILE}:2:15: allow-members.os: 'sep()' is not a member name`]],
    ['a date where a list belongs', 'exclude = 1979-05-27', [`${FILE}:1:1: exclude: expected an array of globs, found a date-time`]],
    [
      'several errors, each at its line',
      'extends = "strict"\nallow-modules = ["ok", "not ok"]\n\n[rules]\nPC301 = "loud"\n\n[limits]\nmax-file-bytes = "big"',
      [
        `${FILE}:2:24: allow-modules: 'not ok' is not a module name`,
        `${FILE}:5:1: rules.PC301: expected one of "error", "warning", "info", "hint", "off", found the string "loud"`,
        `${FILE}:8:1: limits.max-file-bytes: expected a non-negative integer, found the string "big"`,
      ],
    ],
    ['pyproject without the table', '[project]\nname = "x"', [`${PYPROJECT}:1:1: pyproject.toml has no [tool.padded-cell] table`], PYPROJECT],
    ['pyproject: the table is not a table', '[tool]\npadded-cell = 3', [`${PYPROJECT}:2:1: tool.padded-cell: expected a table, found the integer 3`], PYPROJECT],
    [
      'pyproject: errors inside the table point into it',
      '[project]\nname = "x"\n[tool.other]\nrules = 1\n[tool.padded-cell]\nextends = "strict"\nrules = { PC301 = "nope" }',
      [`${PYPROJECT}:7:11: rules.PC301: expected one of "error", "warning", "info", "hint", "off", found the string "nope"`],
      PYPROJECT,
    ],
    [
      'pyproject: dotted table headers',
      '[tool.padded-cell]\nextends = "strict"\n[tool.padded-cell.limits]\nmax-depth = 3',
      [`${PYPROJECT}:4:1: limits.max-depth: unknown key`],
      PYPROJECT,
    ],
    ['CRLF line endings', 'extends = "strict"\r\n\r\nallow-module = []\r\n', [`${FILE}:3:1: allow-module: unknown key (did you mean 'allow-modules'?)`]],
  ];
  for (const [name, text, expected, file] of cases) {
    test(name, () => assert.deepEqual(errors(text, file), expected));
  }

  test('errors carry the key and a 0-based range for editors', () => {
    const [error] = load('extends = "strict"\n[rules]\nPC999 = "off"').errors;
    assert.deepEqual(error, {
      file: FILE,
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } },
      key: 'rules.PC999',
      message: "rules.PC999: unknown rule code 'PC999'",
    });
  });
});

describe('policy file: a broken file never disables checking', () => {
  test('without a last good policy, the default preset stays in force', () => {
    const result = load('allow-modules = ["os"]\nrules = { PC301 = "off", PC999 = "off" }');
    assert.equal(result.errors.length, 1);
    assert.equal(isModuleAllowed(result.policy, 'os'), false, 'nothing of the broken file applies');
    assert.equal(result.policy.rules.get('PC301'), undefined);
    assert.equal(result.policy.name, 'strict');
    assert.equal(result.settings, undefined);
  });

  test('with a last good policy, that one stays in force', () => {
    const good = ok('allow-modules = ["numpy"]');
    const result = load('allow-modules = ["numpy", "os"]\ninline-suppressions = "never"', FILE, { lastGood: good });
    assert.equal(result.errors.length, 1);
    assert.equal(result.policy, good);
  });

  test('a syntax error keeps the last good policy too', () => {
    const good = ok('allow-modules = ["numpy"]');
    assert.equal(load('allow-modules = ["numpy", "os"', FILE, { lastGood: good }).policy, good);
  });

  test('the caller\'s default preset is the fallback without a last good policy', () => {
    assert.equal(load('extends = "nope"', FILE, { defaultPreset: 'rexec' }).policy.preset, 'rexec');
  });
});

describe('README: the policy file section', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('## The policy file');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));

  test('its example loads without errors', () => {
    const example = /```toml\n([\s\S]*?)```/.exec(section);
    assert.ok(example, 'the section has a toml block');
    const policy = ok(example[1]);
    assert.equal(isModuleAllowed(policy, 'numpy'), true);
    assert.equal(isModuleAllowed(policy, 'random'), false);
  });

  test('its table names every key', () => {
    for (const { key } of POLICY_KEYS) assert.ok(section.includes(`| \`${key}\``) || section.includes(`, \`${key}\` |`), `README lacks ${key}`);
  });
});
