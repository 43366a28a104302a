import * as path from 'node:path';
import { parseToml, TomlDate, TomlError } from './toml';
import type { Range } from '../../engine/types';
import { RULES } from '../../rules';
import { DEFAULT_PRESET, PRESETS } from '../presets';
import { policyFromPreset, presetNames } from '../fromPreset';
import { compileGlob, GlobError } from '../glob';
import type { Limits, PerFileIgnore, Policy, RuleSetting, SuppressionMode } from '../types';
import {
  LIMIT_KEYS,
  MAX_GLOBS,
  MAX_POLICY_FILE_BYTES,
  POLICY_KEYS,
  POLICY_KEY_NAMES,
  RESERVED_KEYS,
  SEVERITY_SETTINGS,
  SUPPRESSION_MODES,
} from './keys';
import { TomlLocator } from './locate';

/** A problem in a policy file, at the key it is about. */
export interface PolicyError {
  file: string;
  /** 0-based, UTF-16 columns, like a Finding's. */
  range: Range;
  /** Dotted key inside the policy (`rules.PC999`, `allow-modules`); absent for syntax errors. */
  key?: string;
  message: string;
}

/** `file:line:column: message`, 1-based, as compilers print it. */
export function formatPolicyError(error: PolicyError): string {
  return `${error.file}:${error.range.start.line + 1}:${error.range.start.character + 1}: ${error.message}`;
}

/** A policy file's settings after validation, before they are applied to a preset. */
export interface PolicySettings {
  extends?: string;
  allowModules: string[];
  denyModules: string[];
  allowBuiltins: string[];
  denyBuiltins: string[];
  allowAttributes: string[];
  denyAttributes: string[];
  allowMembers: Map<string, string[]>;
  rules: Map<string, RuleSetting>;
  limits: Partial<Limits>;
  perFileIgnores: PerFileIgnore[];
  exclude: string[];
  inlineSuppressions?: SuppressionMode;
  requireReason?: boolean;
}

export interface LoadPolicyOptions {
  /** The policy in force before this text (the previous good load); kept when the text is broken. */
  lastGood?: Policy;
  /** The preset a file without `extends` starts from, and the fallback without `lastGood`. */
  defaultPreset?: string;
  /** What messages call the policy (`not allowed by policy '…'`); default: the file's name. */
  name?: string;
}

export interface PolicyLoadResult {
  /** The effective policy: the file's when it has no errors, else `lastGood` or the preset. */
  policy: Policy;
  errors: PolicyError[];
  /** The validated settings, when the file has no errors. */
  settings?: PolicySettings;
}

/** Error messages beyond this many are summarised in one: a hostile file could hold millions. */
const MAX_ERRORS = 20;

/** Every code a policy may name: the registry's, plus PC000 which the engine itself reports. */
export function knownCodes(): ReadonlySet<string> {
  return new Set(['PC000', ...RULES.map((r) => r.meta.code)]);
}

export function isPyproject(file: string): boolean {
  return path.basename(file) === 'pyproject.toml';
}

/**
 * Loads a policy file's text: `[tool.padded-cell]` of a `pyproject.toml`, or the top level of any
 * other file (`padded-cell.toml`). Pure: no file system access. A file with any error changes
 * nothing — the result's policy is `lastGood` (or the default preset) and the errors say why.
 */
export function loadPolicyText(file: string, text: string, options: LoadPolicyOptions = {}): PolicyLoadResult {
  const errors = new ErrorList(file, text);
  const fallback = (): PolicyLoadResult => ({ policy: options.lastGood ?? defaultPolicy(options.defaultPreset), errors: errors.list() });

  if (text.length > MAX_POLICY_FILE_BYTES) {
    errors.at({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, undefined, `policy file is larger than ${MAX_POLICY_FILE_BYTES / (1024 * 1024)} MB`);
    return fallback();
  }
  let document: Record<string, unknown>;
  try {
    document = parseToml(text, { maxDepth: 64 }) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const position = { line: error.line - 1, character: Math.max(0, error.column - 1) };
      const message = error.message.split('\n')[0].replace(/^Invalid TOML document: /, '');
      errors.at({ start: position, end: position }, undefined, `invalid TOML: ${message}`);
    } else {
      errors.at({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, undefined, `invalid TOML: ${error instanceof Error ? error.message : String(error)}`);
    }
    return fallback();
  }

  let table: Record<string, unknown> = document;
  if (isPyproject(file)) {
    const tool = own(document, 'tool');
    const section = isTable(tool) ? own(tool, 'padded-cell') : undefined;
    if (section === undefined) {
      errors.at({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, undefined, 'pyproject.toml has no [tool.padded-cell] table');
      return fallback();
    }
    if (!isTable(section)) {
      errors.key(['tool', 'padded-cell'], 'tool.padded-cell', `expected a table, found ${describe(section)}`);
      return fallback();
    }
    table = section;
    errors.prefix = ['tool', 'padded-cell'];
  }

  const settings = validate(table, errors);
  if (errors.count > 0) return fallback();
  return { policy: applySettings(policyFromPreset(PRESETS.get(settings.extends ?? presetOrDefault(options.defaultPreset).name)!), settings, file, options.name), errors: [], settings };
}

function presetOrDefault(name: string | undefined) {
  return PRESETS.get(name ?? DEFAULT_PRESET) ?? PRESETS.get(DEFAULT_PRESET)!;
}

/** The policy when no policy file applies: the named preset (unknown names fall back to the default). */
export function defaultPolicy(preset?: string): Policy {
  return policyFromPreset(presetOrDefault(preset));
}

/** The preset's policy with a policy file's settings applied: `allow-*` add, `deny-*` take away. */
export function applySettings(base: Policy, settings: PolicySettings, file: string, name?: string): Policy {
  const combine = (preset: ReadonlySet<string>, allow: string[], deny: string[]): Set<string> => {
    const result = new Set([...preset, ...allow]);
    for (const entry of deny) result.delete(entry);
    return result;
  };
  const allowMembers = new Map(base.allowMembers);
  for (const [module, members] of settings.allowMembers) {
    allowMembers.set(module, new Set([...(allowMembers.get(module) ?? []), ...members]));
  }
  // An explicit allow lifts a preset's deny of the same module; the file's own deny wins over both.
  const denyModules = new Set(base.denyModules);
  for (const module of settings.allowModules) denyModules.delete(module);
  for (const module of settings.denyModules) denyModules.add(module);
  const rules = new Map(base.rules);
  for (const [code, setting] of settings.rules) rules.set(code, setting);
  return {
    ...base,
    name: name ?? path.basename(file),
    allowModules: combine(base.allowModules, settings.allowModules, settings.denyModules),
    denyModules,
    allowBuiltins: combine(base.allowBuiltins, settings.allowBuiltins, settings.denyBuiltins),
    allowMembers,
    allowAttributes: combine(base.allowAttributes, settings.allowAttributes, settings.denyAttributes),
    rules,
    limits: { ...base.limits, ...settings.limits },
    inlineSuppressions: settings.inlineSuppressions ?? base.inlineSuppressions,
    requireReason: settings.requireReason ?? base.requireReason,
    file,
    paths: { root: path.dirname(file), perFileIgnores: settings.perFileIgnores, exclude: settings.exclude },
  };
}

class ErrorList {
  private readonly errors: PolicyError[] = [];
  private dropped = 0;
  private locator: TomlLocator | undefined;
  /** Where the policy table sits in the document (`tool.padded-cell` in a pyproject.toml). */
  prefix: string[] = [];

  constructor(
    private readonly file: string,
    private readonly text: string,
  ) {}

  get count(): number {
    return this.errors.length + this.dropped;
  }

  at(range: Range, key: string | undefined, message: string): void {
    if (this.errors.length >= MAX_ERRORS) {
      this.dropped++;
      return;
    }
    const error: PolicyError = { file: this.file, range, message };
    if (key !== undefined) error.key = key;
    this.errors.push(error);
  }

  /** An error about the key at `path` (inside the policy table), or about `value` written under it. */
  key(path: readonly string[], label: string, message: string, value?: string): void {
    if (this.errors.length >= MAX_ERRORS) {
      this.dropped++;
      return;
    }
    this.locator ??= new TomlLocator(this.text);
    this.at(this.locator.locate([...this.prefix, ...path], value), label, `${label}: ${message}`);
  }

  list(): PolicyError[] {
    if (this.dropped === 0) return this.errors;
    const last = this.errors[this.errors.length - 1];
    return [...this.errors, { file: this.file, range: last.range, message: `${this.dropped} more error${this.dropped === 1 ? '' : 's'} not shown` }];
  }
}

function own(table: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof TomlDate);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return Number.isInteger(value) ? `the integer ${value}` : `the float ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (value instanceof TomlDate) return 'a date-time';
  if (Array.isArray(value)) return 'an array';
  if (isTable(value)) return 'a table';
  return typeof value;
}

const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;
const MODULE = /^[\p{ID_Start}_][\p{ID_Continue}]*(?:\.[\p{ID_Start}_][\p{ID_Continue}]*)*$/u;
const MAX_NAME_LENGTH = 200;

function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3 || a.length > 64) return 99;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function unknownKey(key: string, known: Iterable<string>): string {
  const suggestion = closest(key, known);
  return `unknown key${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`;
}

/** Refused rather than skipped, so a file that tries prototype pollution is visibly broken. */
const RESERVED_KEY_MESSAGE = 'not allowed: the name of JavaScript prototype machinery is never a policy key';

function validate(table: Record<string, unknown>, errors: ErrorList): PolicySettings {
  const settings: PolicySettings = {
    allowModules: [],
    denyModules: [],
    allowBuiltins: [],
    denyBuiltins: [],
    allowAttributes: [],
    denyAttributes: [],
    allowMembers: new Map(),
    rules: new Map(),
    limits: {},
    perFileIgnores: [],
    exclude: [],
  };
  const codes = knownCodes();

  for (const key of Object.keys(table)) {
    const value = table[key];
    if (RESERVED_KEYS.has(key)) {
      errors.key([key], key, RESERVED_KEY_MESSAGE);
      continue;
    }
    if (!POLICY_KEY_NAMES.has(key)) {
      errors.key([key], key, unknownKey(key, POLICY_KEY_NAMES));
      continue;
    }
    const spec = POLICY_KEYS.find((k) => k.key === key)!;
    switch (spec.kind) {
      case 'preset': {
        if (typeof value !== 'string') {
          errors.key([key], key, `expected a preset name, found ${describe(value)}`);
        } else if (!PRESETS.has(value)) {
          errors.key([key], key, `'${value}' is not a preset; extends names one of the presets (${presetNames().join(', ')}), never another policy file`);
        } else settings.extends = value;
        break;
      }
      case 'modules':
      case 'names': {
        const list = stringList(value, [key], key, errors, spec.kind === 'modules' ? MODULE : IDENTIFIER, spec.kind === 'modules' ? 'a module name' : 'a Python name');
        if (!list) break;
        const target = {
          'allow-modules': settings.allowModules,
          'deny-modules': settings.denyModules,
          'allow-builtins': settings.allowBuiltins,
          'deny-builtins': settings.denyBuiltins,
          'allow-attributes': settings.allowAttributes,
          'deny-attributes': settings.denyAttributes,
        }[key]!;
        target.push(...list);
        break;
      }
      case 'members': {
        if (!isTable(value)) {
          errors.key([key], key, `expected a table of module = [members], found ${describe(value)}`);
          break;
        }
        for (const module of Object.keys(value)) {
          const label = `${key}.${module}`;
          if (RESERVED_KEYS.has(module)) errors.key([key, module], label, RESERVED_KEY_MESSAGE);
          else if (!MODULE.test(module) || module.length > MAX_NAME_LENGTH) errors.key([key, module], label, `'${module}' is not a module name`);
          else {
            const members = stringList(value[module], [key, module], label, errors, IDENTIFIER, 'a member name');
            if (members) settings.allowMembers.set(module, members);
          }
        }
        break;
      }
      case 'rules': {
        if (!isTable(value)) {
          errors.key([key], key, `expected a table of CODE = severity, found ${describe(value)}`);
          break;
        }
        for (const code of Object.keys(value)) {
          const label = `${key}.${code}`;
          const setting = value[code];
          if (RESERVED_KEYS.has(code)) errors.key([key, code], label, RESERVED_KEY_MESSAGE);
          else if (!codes.has(code)) errors.key([key, code], label, `unknown rule code '${code}'${suggestCode(code, codes)}`);
          else if (code === 'PC000') errors.key([key, code], label, 'PC000 (analysis-error) cannot be configured: it says a file was not fully checked');
          else if (typeof setting !== 'string' || !(SEVERITY_SETTINGS as readonly string[]).includes(setting)) {
            errors.key([key, code], label, `expected one of ${SEVERITY_SETTINGS.map((s) => `"${s}"`).join(', ')}, found ${describe(setting)}`);
          } else settings.rules.set(code, setting as RuleSetting);
        }
        break;
      }
      case 'limits': {
        if (!isTable(value)) {
          errors.key([key], key, `expected a table of limits, found ${describe(value)}`);
          break;
        }
        for (const name of Object.keys(value)) {
          const label = `${key}.${name}`;
          const limit = LIMIT_KEYS.find((l) => l.key === name);
          const setting = value[name];
          if (RESERVED_KEYS.has(name)) errors.key([key, name], label, RESERVED_KEY_MESSAGE);
          else if (!limit) errors.key([key, name], label, unknownKey(name, LIMIT_KEYS.map((l) => l.key)));
          else if (typeof setting !== 'number' || !Number.isFinite(setting) || setting < 0 || (limit.integer && !Number.isInteger(setting))) {
            errors.key([key, name], label, `expected a non-negative ${limit.integer ? 'integer' : 'number'}, found ${describe(setting)}`);
          } else settings.limits[limit.field] = setting;
        }
        break;
      }
      case 'per-file-ignores': {
        if (!isTable(value)) {
          errors.key([key], key, `expected a table of "glob" = [codes], found ${describe(value)}`);
          break;
        }
        const patterns = Object.keys(value);
        if (patterns.length > MAX_GLOBS) {
          errors.key([key], key, `${patterns.length} globs; at most ${MAX_GLOBS} (every file is matched against every glob)`);
          break;
        }
        for (const pattern of patterns) {
          const label = `${key}."${pattern}"`;
          if (RESERVED_KEYS.has(pattern)) {
            errors.key([key, pattern], label, RESERVED_KEY_MESSAGE);
            continue;
          }
          const globProblem = checkGlob(pattern);
          if (globProblem) {
            errors.key([key, pattern], label, globProblem);
            continue;
          }
          const list = value[pattern];
          if (!Array.isArray(list)) {
            errors.key([key, pattern], label, `expected an array of rule codes, found ${describe(list)}`);
            continue;
          }
          const entryCodes: string[] = [];
          for (const code of list) {
            if (typeof code !== 'string') errors.key([key, pattern], label, `expected rule codes, found ${describe(code)}`);
            else if (!codes.has(code)) errors.key([key, pattern], label, `unknown rule code '${code}'${suggestCode(code, codes)}`, code);
            else if (code === 'PC000') errors.key([key, pattern], label, 'PC000 (analysis-error) cannot be ignored: it says a file was not fully checked', code);
            else entryCodes.push(code);
          }
          settings.perFileIgnores.push({ pattern, codes: entryCodes });
        }
        break;
      }
      case 'globs': {
        if (!Array.isArray(value)) {
          errors.key([key], key, `expected an array of globs, found ${describe(value)}`);
          break;
        }
        if (value.length > MAX_GLOBS) {
          errors.key([key], key, `${value.length} globs; at most ${MAX_GLOBS} (every file is matched against every glob)`);
          break;
        }
        for (const pattern of value) {
          if (typeof pattern !== 'string') {
            errors.key([key], key, `expected globs, found ${describe(pattern)}`);
            continue;
          }
          const globProblem = checkGlob(pattern);
          if (globProblem) errors.key([key], key, globProblem, pattern);
          else settings.exclude.push(pattern);
        }
        break;
      }
      case 'suppression-mode': {
        if (typeof value !== 'string' || !(SUPPRESSION_MODES as readonly string[]).includes(value)) {
          errors.key([key], key, `expected one of ${SUPPRESSION_MODES.map((s) => `"${s}"`).join(', ')}, found ${describe(value)}`);
        } else settings.inlineSuppressions = value as SuppressionMode;
        break;
      }
      case 'boolean': {
        if (typeof value !== 'boolean') errors.key([key], key, `expected true or false, found ${describe(value)}`);
        else settings.requireReason = value;
        break;
      }
    }
  }
  return settings;
}

function suggestCode(code: string, codes: ReadonlySet<string>): string {
  const upper = code.toUpperCase();
  if (upper !== code && codes.has(upper)) return ` (did you mean '${upper}'?)`;
  return '';
}

function checkGlob(pattern: string): string | undefined {
  try {
    compileGlob(pattern);
    return undefined;
  } catch (error) {
    if (error instanceof GlobError) return error.message;
    throw error;
  }
}

/**
 * A validated array of names. Large arrays are fine (each entry is checked once, in linear time);
 * a wrong entry is reported at the line where it is written.
 */
function stringList(value: unknown, keyPath: string[], label: string, errors: ErrorList, pattern: RegExp, what: string): string[] | undefined {
  if (!Array.isArray(value)) {
    errors.key(keyPath, label, `expected an array of strings, found ${describe(value)}`);
    return undefined;
  }
  const result: string[] = [];
  for (const entry of value) {
    if (typeof entry !== 'string') errors.key(keyPath, label, `expected strings, found ${describe(entry)}`);
    else if (entry.length > MAX_NAME_LENGTH || !pattern.test(entry)) errors.key(keyPath, label, `'${entry.length > 40 ? `${entry.slice(0, 40)}…` : entry}' is not ${what}`, entry);
    else result.push(entry);
  }
  return result;
}
