import { strict } from './strict';
import { restrictedpython } from './restrictedpython';
import { rexec } from './rexec';
import { audit } from './audit';
import type { PresetDefinition } from './types';

/** Every preset, by name. `strict` is the default. */
export const PRESETS: ReadonlyMap<string, PresetDefinition> = new Map(
  [strict, restrictedpython, rexec, audit].map((preset) => [preset.name, preset]),
);

export const DEFAULT_PRESET = 'strict';

export type { PresetDefinition };
