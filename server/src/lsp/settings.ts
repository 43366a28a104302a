/**
 * The `paddedCell.*` settings as the server sees them. The client's answer to
 * `workspace/configuration` is untyped JSON (a user can type anything into settings.json),
 * so every field is validated here and a bad value falls back to its default with a warning.
 */
import { DEFAULT_PRESET } from '../policy/presets';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];

export const DEFAULT_DOCS_BASE_URL = 'https://github.com/padded-cell/padded-cell/blob/main/docs/rules/';
export const DEFAULT_DEBOUNCE_MS = 150;
/** A larger delay would look like the checker stopped; anything above is clamped. */
export const MAX_DEBOUNCE_MS = 10_000;

export interface Settings {
  enable: boolean;
  preset: string;
  /** Path of a policy file; empty means "find the nearest one" (the policy loader's job). */
  policyFile: string;
  logLevel: LogLevel;
  docsBaseUrl: string;
  debounceMs: number;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  enable: true,
  preset: DEFAULT_PRESET,
  policyFile: '',
  logLevel: 'info',
  docsBaseUrl: DEFAULT_DOCS_BASE_URL,
  debounceMs: DEFAULT_DEBOUNCE_MS,
});

export interface ParsedSettings {
  settings: Settings;
  /** One line per ignored value, for the log. */
  problems: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the `paddedCell` section; `null`/`undefined` (no settings at all) gives the defaults. */
export function parseSettings(raw: unknown): ParsedSettings {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const problems: string[] = [];
  if (raw === null || raw === undefined) return { settings, problems };
  if (!isRecord(raw)) {
    problems.push(`paddedCell settings must be an object, got ${describe(raw)}; using defaults`);
    return { settings, problems };
  }
  const bad = (key: string, expected: string): void => {
    problems.push(`paddedCell.${key} must be ${expected}, got ${describe(raw[key])}; using ${JSON.stringify(DEFAULT_SETTINGS[key as keyof Settings])}`);
  };
  // Own properties only: a key such as `__proto__` in settings.json must not reach a prototype.
  const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(raw, key) && raw[key] !== undefined && raw[key] !== null;

  if (has('enable')) {
    if (typeof raw.enable === 'boolean') settings.enable = raw.enable;
    else bad('enable', 'true or false');
  }
  if (has('preset')) {
    if (typeof raw.preset === 'string' && raw.preset.trim() !== '') settings.preset = raw.preset.trim();
    else bad('preset', 'a preset name');
  }
  if (has('policyFile')) {
    if (typeof raw.policyFile === 'string') settings.policyFile = raw.policyFile.trim();
    else bad('policyFile', 'a path');
  }
  if (has('logLevel')) {
    if (typeof raw.logLevel === 'string' && (LOG_LEVELS as readonly string[]).includes(raw.logLevel)) settings.logLevel = raw.logLevel as LogLevel;
    else bad('logLevel', `one of ${LOG_LEVELS.join(', ')}`);
  }
  if (has('docsBaseUrl')) {
    if (typeof raw.docsBaseUrl === 'string' && isHttpUrl(raw.docsBaseUrl.trim())) settings.docsBaseUrl = raw.docsBaseUrl.trim();
    else if (raw.docsBaseUrl !== '') bad('docsBaseUrl', 'an http(s) URL');
  }
  if (has('debounceMs')) {
    const value = raw.debounceMs;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) settings.debounceMs = Math.min(Math.round(value), MAX_DEBOUNCE_MS);
    else bad('debounceMs', 'a number of milliseconds, 0 or more');
  }
  return { settings, problems };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
