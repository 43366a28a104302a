/**
 * Escapes an adversarial review of the folds and PC403's bookkeeping found (session 10): each
 * snippet hides a dunder, a host callback or a huge value behind something a fold or a rule
 * took for constant or harmless. Every one must be reported, exactly as recorded.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createPythonParser } from '../../server/src/parser';
import { analyzeSource } from '../../server/src/engine';
import { presetPolicy } from '../../server/src/policy/fromPreset';
import { rangeText } from '../helpers/format';

interface Case {
  name: string;
  code: string;
  findings: string[];
}

const cases = fs
  .readFileSync(path.join(__dirname, '..', 'fixtures', 'unsound-folds.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Case);

describe('escapes through unsound folds and bookkeeping bodies', async () => {
  const parser = await createPythonParser();
  for (const c of cases) {
    test(c.name, () => {
      // Import findings (PC101) aside: the escape is what is asserted.
      const found = analyzeSource(parser, c.code, presetPolicy('strict'))
        .filter((f) => f.code !== 'PC101')
        .map((f) => `${rangeText(f)} ${f.code} ${f.message}`);
      assert.ok(c.findings.length > 0, 'every case is an escape: something must be reported');
      assert.deepEqual(found, c.findings);
    });
  }
});
