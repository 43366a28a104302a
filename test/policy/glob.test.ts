// The glob matcher behind `exclude` and `per-file-ignores`: picomatch's meaning, linear time.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { compileGlob, compileGlobExact, GlobError } from '../../server/src/policy/glob';

describe('glob: policy semantics', () => {
  const cases: [pattern: string, path: string, expected: boolean][] = [
    ['tests', 'tests/test_a.py', true],
    ['tests', 'pkg/tests/test_a.py', true],
    ['tests', 'tests.py', false],
    ['tests/', 'tests/deep/a.py', true],
    ['__init__.py', 'pkg/sub/__init__.py', true],
    ['__init__.py', 'pkg/__init__.pyc', false],
    ['*.py', 'a/b/c.py', true],
    ['*.py', 'a/b/c.pyi', false],
    ['src/*.py', 'src/a.py', true],
    ['src/*.py', 'lib/src/a.py', false],
    ['src/*.py', 'src/x/a.py', false],
    ['/src/*.py', 'src/a.py', true],
    ['./src/*.py', 'src/a.py', true],
    ['src/**/*.py', 'src/a.py', true],
    ['src/**/*.py', 'src/x/y/a.py', true],
    ['src/**', 'src', true],
    ['src/**', 'src/x/y/a.py', true],
    ['src/**', 'srcx/a.py', false],
    ['**', 'anything/at/all.py', true],
    ['**/gen/*.py', 'gen/a.py', true],
    ['**/gen/*.py', 'x/y/gen/a.py', true],
    ['test_?.py', 'test_1.py', true],
    ['test_?.py', 'test_12.py', false],
    ['test_[0-9].py', 'test_7.py', true],
    ['test_[!0-9].py', 'test_7.py', false],
    ['test_[!0-9].py', 'test_x.py', true],
    ['{src,lib}/*.py', 'lib/a.py', true],
    ['{src,lib}/*.py', 'bin/a.py', false],
    ['a\\*b.py', 'a*b.py', true],
    ['a\\*b.py', 'axb.py', false],
    ['*', '.hidden/a.py', true],
    ['Tests', 'tests/a.py', false],
  ];
  for (const [pattern, path, expected] of cases) {
    test(`${pattern} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(compileGlob(pattern).matches(path), expected);
    });
  }

  test('malformed globs are refused with a reason', () => {
    const errorOf = (p: string): string => {
      try {
        compileGlob(p);
        return 'compiled';
      } catch (e) {
        assert.ok(e instanceof GlobError);
        return e.message;
      }
    };
    assert.equal(errorOf(''), 'a glob cannot be empty');
    assert.equal(errorOf('a'.repeat(257)), 'a glob is at most 256 characters long (this one has 257)');
    assert.equal(errorOf('{a,{b,c}}'), "nested braces are not supported in '{a,{b,c}}'");
    assert.equal(errorOf('{a,b'), "unclosed '{' in '{a,b'");
    assert.equal(errorOf('a}'), "unmatched '}' in 'a}'");
    assert.equal(errorOf('{a,b,c,d}{a,b,c,d}{a,b,c}'), "'{a,b,c,d}{a,b,c,d}{a,b,c}' expands to more than 32 alternatives");
    assert.equal(errorOf('./'), "'./' names the policy file's folder itself; use '**' to match every file");
  });

  test('patterns that make picomatch backtrack for minutes match in linear time', () => {
    // picomatch takes about a second for the first of these on a 250-character name.
    const slow = ['*a*a*a*b', '*a*a*a*a*a*a*a*a*a*a*a*a*b', '**/*a*a*a*a*a*b', `${'*a'.repeat(120)}b`, '**/a/**/a/**/a/**/a/**/b'];
    const paths = ['a'.repeat(250), `${'a/'.repeat(1000)}c`, 'a'.repeat(4000)];
    const started = process.hrtime.bigint();
    for (const p of slow) for (const path of paths) assert.equal(compileGlob(p).matches(path), false);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(ms < 2000, `took ${ms} ms`);
  });

  test('paths beyond the length cap never match (fail closed)', () => {
    assert.equal(compileGlob('**').matches('a'.repeat(5000)), false);
  });
});

describe('glob: the documented meaning', () => {
  // The definition written as a backtracking RegExp: fine on these tiny inputs, and obviously
  // what the module comment says. The NFA must agree with it everywhere.
  function reference(pattern: string): RegExp {
    const segments = pattern.split('/');
    let source = '';
    segments.forEach((seg, i) => {
      const last = i === segments.length - 1;
      if (seg === '**') {
        if (last) source = source.endsWith('/') ? `${source.slice(0, -1)}(?:/.*)?` : `${source}.*`;
        else source += '(?:[^/]+/)*';
        return;
      }
      source += seg.replace(/\*+/g, '*').replace(/[.*?]/g, (c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : '\\.'));
      if (!last) source += '/';
    });
    return new RegExp(`^${source}$`);
  }
  const segmentChar = fc.constantFrom('a', 'b', '.', '*', '?');
  const patternSegment = fc.oneof(fc.constant('**'), fc.array(segmentChar, { minLength: 1, maxLength: 4 }).map((a) => a.join('')));
  const pattern = fc.array(patternSegment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
  const pathSegment = fc.array(fc.constantFrom('a', 'b', '.'), { minLength: 1, maxLength: 4 }).map((a) => a.join(''));
  const path = fc.array(pathSegment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));

  test('exact matching equals the reference translation', () => {
    fc.assert(
      fc.property(pattern, path, (p, s) => {
        assert.equal(compileGlobExact(p).matches(s), reference(p).test(s), `pattern ${p} path ${s}`);
      }),
      { numRuns: 3000 },
    );
  });

  // picomatch has quirks on odd patterns (`*.*` does not match `a.` but `b/*.*` matches `b/a.`;
  // `**.b` crosses folders but `**b` does not); on the patterns people write it agrees with us.
  const everyday = ['*.py', 'src/*.py', 'src/**/*.py', '**/test_*.py', 'tests/**', 'a/b/c.py', '{src,lib}/*.py', 'test_?.py', '[a-c].py', '**/gen/**', '.*/**'];
  const paths = ['a.py', 'src/a.py', 'src/x/y/a.py', 'tests', 'tests/x/test_a.py', 'test_a.py', 'a/b/c.py', 'lib/a.py', 'test_1.py', 'b.py', 'x/gen/a.py', '.venv/lib/a.py', 'src/.a.py'];
  for (const p of everyday) {
    test(`'${p}' agrees with picomatch({dot: true}) on ${paths.length} paths`, () => {
      const ours = compileGlobExact(p);
      const theirs = picomatch(p, { dot: true });
      assert.deepEqual(paths.filter((s) => ours.matches(s)), paths.filter((s) => theirs(s)));
    });
  }
});
