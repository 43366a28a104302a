// The pure parts of the LSP front: Finding → Diagnostic, settings validation, log filtering.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Finding } from '../../server/src/engine';
import { analysisFailureDiagnostic, findingToDiagnostic, ruleDocsUrl } from '../../server/src/lsp/diagnostics';
import { DEFAULT_SETTINGS, parseSettings } from '../../server/src/lsp/settings';
import { Logger } from '../../server/src/lsp/logger';

const URI = 'file:///w/p.py';
const range = { start: { line: 2, character: 4 }, end: { line: 2, character: 8 } };

function finding(overrides: Partial<Finding> = {}): Finding {
  return { code: 'PC301', name: 'dynamic-code', severity: 'error', message: 'm', range, ...overrides };
}

describe('findingToDiagnostic', () => {
  test('carries code, source, message, range and the docs link', () => {
    assert.deepEqual(findingToDiagnostic(finding(), URI), {
      range,
      severity: 1,
      code: 'PC301',
      source: 'padded-cell',
      message: 'm',
      codeDescription: { href: 'https://github.com/padded-cell/padded-cell/blob/main/docs/rules/PC301.md' },
    });
  });

  test('maps each severity', () => {
    const severities = (['error', 'warning', 'info', 'hint'] as const).map((severity) => findingToDiagnostic(finding({ severity }), URI).severity);
    assert.deepEqual(severities, [1, 2, 3, 4]);
  });

  test('related information points into the same document', () => {
    const related = [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: "'g' is 'getattr' here" }];
    assert.deepEqual(findingToDiagnostic(finding({ related }), URI).relatedInformation, [
      { location: { uri: URI, range: related[0].range }, message: "'g' is 'getattr' here" },
    ]);
  });

  test('a code without a rule (PC000) gets no docs link', () => {
    assert.equal(findingToDiagnostic(finding({ code: 'PC000', name: 'analysis-error' }), URI).codeDescription, undefined);
  });

  test('the base URL works with and without a trailing slash', () => {
    assert.equal(ruleDocsUrl('PC101', 'https://x.test/rules'), 'https://x.test/rules/PC101.md');
    assert.equal(ruleDocsUrl('PC101', 'https://x.test/rules/'), 'https://x.test/rules/PC101.md');
  });

  test('an analysis failure is an error at the top of the file', () => {
    assert.deepEqual(analysisFailureDiagnostic(new Error('boom')), {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: 1,
      code: 'PC000',
      source: 'padded-cell',
      message: 'Padded Cell could not analyse this file, so it is not checked: boom',
    });
  });
});

describe('parseSettings', () => {
  test('no settings → defaults', () => {
    assert.deepEqual(parseSettings(undefined), { settings: DEFAULT_SETTINGS, problems: [] });
    assert.deepEqual(parseSettings(null), { settings: DEFAULT_SETTINGS, problems: [] });
  });

  test('valid values are taken (and trimmed, rounded)', () => {
    const raw = { enable: false, preset: ' strict ', policyFile: 'p.toml', logLevel: 'debug', docsBaseUrl: 'http://d.test/', debounceMs: 12.6 };
    assert.deepEqual(parseSettings(raw), {
      settings: { enable: false, preset: 'strict', policyFile: 'p.toml', logLevel: 'debug', docsBaseUrl: 'http://d.test/', debounceMs: 13 },
      problems: [],
    });
  });

  test('debounceMs 0 is allowed, large values are clamped', () => {
    assert.equal(parseSettings({ debounceMs: 0 }).settings.debounceMs, 0);
    assert.equal(parseSettings({ debounceMs: 1e9 }).settings.debounceMs, 10_000);
  });

  test('wrong types fall back to the defaults, each with a problem', () => {
    const { settings, problems } = parseSettings({ enable: 1, preset: '', logLevel: 'loud', docsBaseUrl: 'javascript:alert(1)', debounceMs: 'fast' });
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    assert.deepEqual(problems, [
      'paddedCell.enable must be true or false, got 1; using true',
      'paddedCell.preset must be a preset name, got ""; using "strict"',
      'paddedCell.logLevel must be one of error, warn, info, debug, got "loud"; using "info"',
      'paddedCell.docsBaseUrl must be an http(s) URL, got "javascript:alert(1)"; using "https://github.com/padded-cell/padded-cell/blob/main/docs/rules/"',
      'paddedCell.debounceMs must be a number of milliseconds, 0 or more, got "fast"; using 150',
    ]);
  });

  test('a non-object section is ignored as a whole', () => {
    assert.deepEqual(parseSettings([1]), { settings: DEFAULT_SETTINGS, problems: ['paddedCell settings must be an object, got [1]; using defaults'] });
  });

  test('inherited and __proto__ keys are not settings', () => {
    const raw = JSON.parse('{"__proto__": {"enable": false}}') as unknown;
    assert.deepEqual(parseSettings(raw).settings, DEFAULT_SETTINGS);
    assert.equal(({} as Record<string, unknown>).enable, undefined);
  });
});

describe('Logger', () => {
  test('writes only at or above its level', () => {
    const lines: string[] = [];
    const sink = { error: (m: string) => lines.push(`E ${m}`), warn: (m: string) => lines.push(`W ${m}`), info: (m: string) => lines.push(`I ${m}`), log: (m: string) => lines.push(`D ${m}`) };
    const logger = new Logger(sink, 'warn');
    logger.error('e');
    logger.warn('w');
    logger.info('i');
    logger.debug('d');
    logger.level = 'debug';
    logger.debug('d2');
    assert.deepEqual(lines, ['E e', 'W w', 'D d2']);
  });

  test('an error is logged with its stack', () => {
    const lines: string[] = [];
    const logger = new Logger({ error: (m) => lines.push(m), warn: () => {}, info: () => {}, log: () => {} });
    const error = new Error('boom');
    logger.error('analysing x failed', error);
    assert.deepEqual(lines, [`analysing x failed: ${error.stack}`]);
  });
});
