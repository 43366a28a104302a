// The unified diffs `--diff` prints, exactly as `diff -u` (with git's a/ b/ prefixes) would.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { splitLines, unifiedDiff } from '../../server/src/cli/unifiedDiff';

const numbered = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `line ${i + from}\n`).join('');

const cases: { name: string; before: string; after: string; diff: string }[] = [
  { name: 'no change, no diff', before: 'a\nb\n', after: 'a\nb\n', diff: '' },
  {
    name: 'one line changed in the middle: three lines of context each side',
    before: numbered(9),
    after: numbered(9).replace('line 5\n', 'line five\n'),
    diff: '--- a/p.py\n+++ b/p.py\n@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+line five\n line 6\n line 7\n line 8\n',
  },
  {
    name: 'a line removed at the top',
    before: 'import os\nimport json\nx = 1\n',
    after: 'import json\nx = 1\n',
    diff: '--- a/p.py\n+++ b/p.py\n@@ -1,3 +1,2 @@\n-import os\n import json\n x = 1\n',
  },
  {
    name: 'a line added to an empty file: the empty side names line 0',
    before: '',
    after: 'x = 1\n',
    diff: '--- a/p.py\n+++ b/p.py\n@@ -0,0 +1 @@\n+x = 1\n',
  },
  {
    name: 'changes more than six lines apart make two hunks',
    before: numbered(20),
    after: numbered(20).replace('line 2\n', 'two\n').replace('line 18\n', 'eighteen\n'),
    diff:
      '--- a/p.py\n+++ b/p.py\n' +
      '@@ -1,5 +1,5 @@\n line 1\n-line 2\n+two\n line 3\n line 4\n line 5\n' +
      '@@ -15,6 +15,6 @@\n line 15\n line 16\n line 17\n-line 18\n+eighteen\n line 19\n line 20\n',
  },
  {
    name: 'changes six lines apart share one hunk',
    before: numbered(12),
    after: numbered(12).replace('line 2\n', 'two\n').replace('line 9\n', 'nine\n'),
    diff:
      '--- a/p.py\n+++ b/p.py\n@@ -1,12 +1,12 @@\n line 1\n-line 2\n+two\n line 3\n line 4\n line 5\n line 6\n line 7\n line 8\n-line 9\n+nine\n line 10\n line 11\n line 12\n',
  },
  {
    name: 'a last line without a line break is marked',
    before: 'try:\n    go()\nexcept:\n    pass',
    after: 'try:\n    go()\nexcept Exception:\n    pass',
    diff: '--- a/p.py\n+++ b/p.py\n@@ -1,4 +1,4 @@\n try:\n     go()\n-except:\n+except Exception:\n     pass\n\\ No newline at end of file\n',
  },
  {
    name: 'only the line break at the end changes',
    before: 'x = 1',
    after: 'x = 1\n',
    diff: '--- a/p.py\n+++ b/p.py\n@@ -1 +1 @@\n-x = 1\n\\ No newline at end of file\n+x = 1\n',
  },
  {
    name: 'CRLF lines keep their CRLF, so the patch applies to the file as it is',
    before: 'a\r\nexcept:\r\nb\r\n',
    after: 'a\r\nexcept Exception:\r\nb\r\n',
    diff: '--- a/p.py\n+++ b/p.py\n@@ -1,3 +1,3 @@\n a\r\n-except:\r\n+except Exception:\r\n b\r\n',
  },
];

for (const c of cases) {
  test(c.name, () => assert.equal(unifiedDiff('p.py', c.before, c.after), c.diff));
}

test('splitLines keeps each line break, \\n, \\r\\n and a lone \\r', () => {
  assert.deepEqual(splitLines('a\nb\r\nc\rd'), ['a\n', 'b\r\n', 'c\r', 'd']);
  assert.deepEqual(splitLines(''), []);
  assert.deepEqual(splitLines('\n\n'), ['\n', '\n']);
});

test('a long file with changes at both ends diffs correctly and fast', () => {
  const before = numbered(20000);
  const after = 'import json\n' + before.replace('line 20000\n', 'last\n');
  const diff = unifiedDiff('big.py', before, after);
  assert.equal(
    diff,
    '--- a/big.py\n+++ b/big.py\n@@ -1,3 +1,4 @@\n+import json\n line 1\n line 2\n line 3\n' +
      '@@ -19997,4 +19998,4 @@\n line 19997\n line 19998\n line 19999\n-line 20000\n+last\n',
  );
});
