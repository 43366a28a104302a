// The extension manifest's `contributes` must match what the server and client implement:
// a setting the server does not read, or an enum that drifts from the presets, misleads users.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PRESETS } from '../../server/src/policy/presets';
import { DEFAULT_SETTINGS, LOG_LEVELS, MAX_DEBOUNCE_MS } from '../../server/src/lsp/settings';

interface SettingSchema {
  type: string;
  default: unknown;
  description: string;
  enum?: string[];
  enumDescriptions?: string[];
  minimum?: number;
  maximum?: number;
}

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, SettingSchema> }; commands: { command: string; title: string; category: string }[] };
  capabilities: unknown;
  activationEvents: string[];
};
const properties = manifest.contributes.configuration.properties;

describe('package.json contributes', () => {
  test('every setting has a type, a default and a description; every enum a description of each value', () => {
    for (const [key, schema] of Object.entries(properties)) {
      assert.equal(typeof schema.type, 'string', key);
      assert.ok('default' in schema, key);
      assert.ok(schema.description.length > 20, key);
      if (schema.enum) assert.equal(schema.enumDescriptions?.length, schema.enum.length, key);
    }
  });

  test('the settings are the ones the server reads, with the same defaults', () => {
    // `trace.server` is read by the client library, not by the server.
    const { 'paddedCell.trace.server': trace, ...serverSettings } = properties;
    const defaults = Object.fromEntries(Object.entries(serverSettings).map(([key, schema]) => [key, schema.default]));
    assert.deepEqual(defaults, Object.fromEntries(Object.entries(DEFAULT_SETTINGS).map(([key, value]) => [`paddedCell.${key}`, value])));
    assert.deepEqual([trace.enum, trace.default], [['off', 'messages', 'verbose'], 'off']);
  });

  test('enums follow the code: presets (with their summaries) and log levels', () => {
    const presets = [...PRESETS.values()];
    assert.deepEqual(properties['paddedCell.preset'].enum, presets.map((p) => p.name));
    assert.deepEqual(properties['paddedCell.preset'].enumDescriptions, presets.map((p) => p.summary));
    assert.deepEqual(properties['paddedCell.logLevel'].enum, LOG_LEVELS);
    assert.deepEqual([properties['paddedCell.debounceMs'].minimum, properties['paddedCell.debounceMs'].maximum], [0, MAX_DEBOUNCE_MS]);
  });

  test('commands and capabilities', () => {
    assert.deepEqual(
      manifest.contributes.commands.map((c) => `${c.category}: ${c.title} (${c.command})`),
      [
        'Padded Cell: Scan Workspace (paddedCell.scanWorkspace)',
        'Padded Cell: Restart Server (paddedCell.restartServer)',
        'Padded Cell: Show Output (paddedCell.showOutput)',
        'Padded Cell: Show Policy in Effect (paddedCell.showPolicy)',
      ],
    );
    assert.deepEqual(manifest.capabilities, { untrustedWorkspaces: { supported: true }, virtualWorkspaces: true });
    assert.ok(manifest.activationEvents.includes('onLanguage:python'));
  });
});
