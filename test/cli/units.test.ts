// The small pure pieces of the CLI, in process: shard hashing, GitHub escaping, statistics
// order, and the progress bar's rules (when it appears, what it draws, that it clears).
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fnv1a32, inShard, parseShard } from '../../server/src/cli/shard';
import { escapeData, escapeProperty, githubFileLines } from '../../server/src/cli/format/github';
import { countByCode, statisticsLines } from '../../server/src/cli/format/statistics';
import { escapeControlCharacters } from '../../server/src/cli/format/text';
import { ProgressBar, progressWanted } from '../../server/src/cli/progress';
import type { Finding } from '../../server/src/engine/types';

describe('shards', () => {
  test('FNV-1a (32-bit) matches the published test vectors', () => {
    assert.equal(fnv1a32(''), 0x811c9dc5);
    assert.equal(fnv1a32('a'), 0xe40c292c);
    assert.equal(fnv1a32('foobar'), 0xbf9cf968);
  });

  test('paths hash by their UTF-8 bytes', () => {
    // 'é' is two bytes, C3 A9: the hash must not depend on how the engine stores strings.
    const viaBytes = [0xc3, 0xa9].reduce((h, b) => Math.imul(h ^ b, 0x01000193) >>> 0, 0x811c9dc5);
    assert.equal(fnv1a32('é'), viaBytes);
  });

  test('K/N parses only for 1 <= K <= N', () => {
    assert.deepEqual(parseShard('1/1'), { index: 1, count: 1 });
    assert.deepEqual(parseShard('3/4'), { index: 3, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', '1', '1/2/3', ' 1/2', '-1/2', '1/2x', 'a/b', '01/2']) assert.equal(parseShard(bad), undefined, bad);
  });

  test('the shards of N partition any list of paths: each path in exactly one', () => {
    const paths = Array.from({ length: 500 }, (_, i) => `pkg${i % 7}/module_${i}.py`);
    for (const count of [1, 2, 3, 8]) {
      for (const p of paths) {
        const owners = Array.from({ length: count }, (_, k) => k + 1).filter((index) => inShard(p, { index, count }));
        assert.equal(owners.length, 1, `${p} in ${count} shards`);
      }
    }
  });
});

describe('text format escaping', () => {
  const cases: [string, string][] = [
    ['plain/path é😀.py', 'plain/path é😀.py'],
    ['new\nline.py', 'new\\nline.py'],
    ['a\r\tb.py', 'a\\r\\tb.py'],
    ['\x1b[31mred\x1b[0m.py', '\\x1b[31mred\\x1b[0m.py'],
    ['nul\x00del\x7f.py', 'nul\\x00del\\x7f.py'],
    ['c1 next line\x85csi\x9b.py', 'c1 next line\\x85csi\\x9b.py'],
    ['line\u2028paragraph\u2029.py', 'line\\u2028paragraph\\u2029.py'],
    // A backslash is left alone: it separates the folders of an absolute Windows path.
    ['C:\\plugins\\a.py', 'C:\\plugins\\a.py'],
  ];
  for (const [raw, shown] of cases) test(`${JSON.stringify(raw)} is shown as ${shown}`, () => assert.equal(escapeControlCharacters(raw), shown));
});

describe('github annotations', () => {
  test('messages escape %, CR and LF; properties also , and :', () => {
    assert.equal(escapeData('100% a\r\nb: c, d'), '100%25 a%0D%0Ab: c, d');
    assert.equal(escapeProperty('dir,x/a:b%.py'), 'dir%2Cx/a%3Ab%25.py');
  });

  test('one line per finding, level by severity, 1-based positions and an exclusive end', () => {
    const f = (severity: Finding['severity'], message: string): Finding => ({
      code: 'PC301',
      name: 'dynamic-code',
      severity,
      message,
      range: { start: { line: 2, character: 4 }, end: { line: 3, character: 1 } },
    });
    assert.deepEqual(githubFileLines({ path: 'a,b.py', findings: [f('error', 'x'), f('warning', 'y\nz'), f('info', '50%'), f('hint', 'h')] }), [
      '::error file=a%2Cb.py,line=3,col=5,endLine=4,endColumn=2,title=PC301 dynamic-code::x',
      '::warning file=a%2Cb.py,line=3,col=5,endLine=4,endColumn=2,title=PC301 dynamic-code::y%0Az',
      '::notice file=a%2Cb.py,line=3,col=5,endLine=4,endColumn=2,title=PC301 dynamic-code::50%25',
      '::notice file=a%2Cb.py,line=3,col=5,endLine=4,endColumn=2,title=PC301 dynamic-code::h',
    ]);
  });
});

describe('statistics', () => {
  const f = (code: string): Finding => ({ code, name: `name-${code}`, severity: 'error', message: '', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  test('sorted by count, most first, then by code; counts right-aligned', () => {
    const files = [
      { path: 'a.py', findings: [f('PC401'), f('PC101'), f('PC301')] },
      { path: 'b.py', findings: Array.from({ length: 11 }, () => f('PC201')) },
      { path: 'c.py', findings: [f('PC301'), f('PC101')] },
    ];
    assert.deepEqual(statisticsLines(countByCode(files)), ['11  PC201  name-PC201', ' 2  PC101  name-PC101', ' 2  PC301  name-PC301', ' 1  PC401  name-PC401']);
    assert.deepEqual(statisticsLines(countByCode([])), []);
  });
});

describe('progress bar', () => {
  const terminal = () => {
    const writes: string[] = [];
    return { writes, columns: 60, write: (text: string) => void writes.push(text) };
  };

  test('only on a terminal, and never in CI', () => {
    const t = terminal();
    assert.equal(progressWanted(t, {}), true);
    assert.equal(progressWanted(undefined, {}), false);
    assert.equal(progressWanted(t, { CI: 'true' }), false);
    assert.equal(progressWanted(t, { CI: '' }), false);
  });

  test('nothing in the first second; then frames at most every 100 ms; cleared at the end', () => {
    const t = terminal();
    let now = 0;
    const bar = new ProgressBar(t, 40, { now: () => now, timer: false });
    now = 999;
    bar.update(10);
    assert.deepEqual(t.writes, []);
    now = 1000;
    bar.update(11);
    now = 1050;
    bar.update(12);
    now = 1100;
    bar.update(40);
    bar.stop();
    assert.deepEqual(t.writes, [
      '\r\x1b[K[' + '='.repeat(11) + '>' + ' '.repeat(28) + '] 11/40 files',
      '\r\x1b[K[========================================] 40/40 files',
      '\r\x1b[K',
    ]);
  });

  test('clear() before other output, and the next update draws again', () => {
    const t = terminal();
    let now = 0;
    const bar = new ProgressBar(t, 2, { now: () => now, timer: false, delayMs: 0 });
    bar.update(1);
    bar.clear();
    bar.clear();
    bar.update(1);
    bar.stop();
    assert.deepEqual(t.writes, [
      '\r\x1b[K[====================>                   ] 1/2 files',
      '\r\x1b[K',
      '\r\x1b[K[====================>                   ] 1/2 files',
      '\r\x1b[K',
    ]);
  });

  test('narrow terminals get a shorter bar, never less than 10', () => {
    const t = { columns: 20, write: () => {} };
    assert.equal(new ProgressBar(t, 100, { timer: false }).frame(), '[>         ] 0/100 files');
  });
});
