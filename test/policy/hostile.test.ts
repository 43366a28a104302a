// Hostile policy files: huge, deep, prototype-polluting, self-referential, slow to match.
// Each gets a clear error at its line (or is accepted in bounded time) and never disables checking.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { effectivePolicyJson, explainPolicy, formatPolicyError, loadPolicyText } from '../../server/src/policy/file';
import { ignoredCodes, isExcluded } from '../../server/src/policy/paths';
import { isModuleAllowed } from '../../server/src/policy/queries';

const FILE = '/ws/padded-cell.toml';
const errors = (text: string): string[] => loadPolicyText(FILE, text).errors.map(formatPolicyError);

function timed<T>(limitMs: number, run: () => T): T {
  const started = process.hrtime.bigint();
  const result = run();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.ok(ms < limitMs, `took ${ms.toFixed(0)} ms (limit ${limitMs} ms)`);
  return result;
}

describe('huge policy files', () => {
  test('a 100,000-entry allowlist is accepted in bounded time', () => {
    const modules = Array.from({ length: 100_000 }, (_, i) => `m${i}`);
    const text = `allow-modules = [${modules.map((m) => `"${m}"`).join(', ')}]\nallow-builtins = [${modules.map((m) => `"${m}"`).join(',\n')}]\n`;
    const result = timed(5000, () => loadPolicyText(FILE, text));
    assert.deepEqual(result.errors, []);
    assert.equal(isModuleAllowed(result.policy, 'm99999'), true);
    assert.equal(result.policy.allowBuiltins.has('m12345'), true);
  });

  test('100,000 wrong entries: the first 20 errors at their lines, then a count', () => {
    const text = `allow-modules = [\n${Array.from({ length: 100_000 }, (_, i) => `  "bad name ${i}",`).join('\n')}\n]\n`;
    const list = timed(5000, () => errors(text));
    assert.equal(list.length, 21);
    assert.equal(list[0], `${FILE}:2:3: allow-modules: 'bad name 0' is not a module name`);
    assert.equal(list[19], `${FILE}:21:3: allow-modules: 'bad name 19' is not a module name`);
    assert.equal(list[20], `${FILE}:21:3: 99980 more errors not shown`);
  });

  test('nesting beyond 64 levels is a syntax error, not a stack overflow', () => {
    assert.deepEqual(errors(`exclude = ${'['.repeat(10_000)}${']'.repeat(10_000)}`), [`${FILE}:1:75: invalid TOML: document contains excessively nested structures. aborting.`]);
  });

  test('a 100,000-part dotted key is an unknown key, found in bounded time', () => {
    const list = timed(5000, () => errors(`${Array.from({ length: 100_000 }, () => 'a').join('.')} = 1`));
    assert.deepEqual(list, [`${FILE}:1:1: a: unknown key`]);
  });

  test('a file over 10 MB is refused before parsing', () => {
    assert.deepEqual(errors(`# ${'x'.repeat(10 * 1024 * 1024)}`), [`${FILE}:1:1: policy file is larger than 10 MB`]);
  });
});

describe('prototype pollution', () => {
  const hostile: [name: string, text: string, expected: string[]][] = [
    ['a [__proto__] table', 'extends = "strict"\n[__proto__]\npolluted = true', [`${FILE}:2:2: __proto__: not allowed: the name of JavaScript prototype machinery is never a policy key`]],
    ['a quoted "__proto__" key', '"__proto__" = { polluted = true }', [`${FILE}:1:1: __proto__: not allowed: the name of JavaScript prototype machinery is never a policy key`]],
    [
      'constructor.prototype',
      'extends = "strict"\n\nconstructor = { prototype = { polluted = true } }',
      [`${FILE}:3:1: constructor: not allowed: the name of JavaScript prototype machinery is never a policy key`],
    ],
    ['prototype', 'prototype.polluted = 1', [`${FILE}:1:1: prototype: not allowed: the name of JavaScript prototype machinery is never a policy key`]],
    [
      'inside allow-members',
      '[allow-members]\nos = ["path"]\n__proto__ = ["polluted"]',
      [`${FILE}:3:1: allow-members.__proto__: not allowed: the name of JavaScript prototype machinery is never a policy key`],
    ],
    ['inside rules', '[rules]\nconstructor = "off"', [`${FILE}:2:1: rules.constructor: not allowed: the name of JavaScript prototype machinery is never a policy key`]],
    ['inside limits', 'limits = { __proto__ = { polluted = 1 } }', [`${FILE}:1:12: limits.__proto__: not allowed: the name of JavaScript prototype machinery is never a policy key`]],
    [
      'inside per-file-ignores',
      '[per-file-ignores]\n"__proto__" = ["PC301"]',
      [`${FILE}:2:1: per-file-ignores."__proto__": not allowed: the name of JavaScript prototype machinery is never a policy key`],
    ],
  ];
  for (const [name, text, expected] of hostile) {
    test(name, () => {
      assert.deepEqual(errors(text), expected);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(Object.getPrototypeOf({}), Object.prototype);
    });
  }

  test('prototype names as module names are plain data end to end', () => {
    const result = loadPolicyText(FILE, 'allow-modules = ["__proto__", "constructor", "prototype"]\nallow-builtins = ["__proto__"]\nexclude = ["__proto__"]');
    assert.deepEqual(result.errors, []);
    assert.equal(isModuleAllowed(result.policy, '__proto__'), true);
    assert.equal(isModuleAllowed(result.policy, 'toString'), false);
    const json = effectivePolicyJson(result.policy, { text: 'allow-modules = ["__proto__", "constructor", "prototype"]' });
    assert.equal(json.origins.added['allow-modules']['__proto__'], `${FILE}:1`);
    assert.ok(explainPolicy(result.policy).includes('  + __proto__  ('));
    assert.equal(isExcluded(result.policy, '/ws/__proto__/a.py'), true);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('extends', () => {
  test('a policy file cannot extend itself or another file, so it cannot loop', () => {
    assert.deepEqual(errors('extends = "padded-cell.toml"'), [
      `${FILE}:1:1: extends: 'padded-cell.toml' is not a preset; extends names one of the presets (strict, restrictedpython, rexec, audit), never another policy file`,
    ]);
  });
  test('an unknown preset', () => {
    assert.deepEqual(errors('\nextends = "lenient"'), [
      `${FILE}:2:1: extends: 'lenient' is not a preset; extends names one of the presets (strict, restrictedpython, rexec, audit), never another policy file`,
    ]);
  });
});

describe('globs built to be slow', () => {
  test('are accepted and match in linear time', () => {
    const pattern = `${'*a'.repeat(100)}b`;
    const result = loadPolicyText(FILE, `exclude = ["${pattern}"]\n[per-file-ignores]\n"${pattern}" = ["PC301"]`);
    assert.deepEqual(result.errors, []);
    const name = `/ws/${'a'.repeat(250)}.py`;
    timed(2000, () => {
      for (let i = 0; i < 20; i++) {
        assert.equal(isExcluded(result.policy, name), false);
        assert.equal(ignoredCodes(result.policy, name).size, 0);
      }
    });
  });

  test('more than 1,000 globs are refused', () => {
    const list = Array.from({ length: 1001 }, (_, i) => `"d${i}/**"`).join(', ');
    assert.deepEqual(errors(`exclude = [${list}]`), [`${FILE}:1:1: exclude: 1001 globs; at most 1000 (every file is matched against every glob)`]);
  });

  test('brace bombs are refused', () => {
    assert.deepEqual(errors(`exclude = ["${'{a,b}'.repeat(20)}"]`), [`${FILE}:1:12: exclude: '${'{a,b}'.repeat(20)}' expands to more than 32 alternatives`]);
  });
});
