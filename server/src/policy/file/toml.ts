// smol-toml ships ESM types over a CommonJS build (`exports.require`). TypeScript's Node16
// resolution refuses a plain import of it from this CommonJS project, so the types come from the
// ESM view and the code from `require`, which resolves to the CommonJS build (esbuild does the same).
import type * as SmolToml from 'smol-toml' with { 'resolution-mode': 'import' };

export type SmolTomlModule = typeof SmolToml;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const toml = require('smol-toml') as SmolTomlModule;

export const { parse: parseToml, TomlDate, TomlError } = toml;
