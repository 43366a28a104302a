import { strict } from './strict';
import type { PresetDefinition } from './types';

/** Every preset, by name. `strict` is the default. */
export const PRESETS: ReadonlyMap<string, PresetDefinition> = new Map([[strict.name, strict]]);

export const DEFAULT_PRESET = 'strict';

export type { PresetDefinition };
