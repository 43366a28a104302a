// Runs Debian's RestrictedPython (through oracle.py) on a batch of cases, and the knowledge
// both RestrictedPython tests share: where the old release Debian ships differs from 8.x, and
// how a finding is matched to an error RestrictedPython reported.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../../server/src/engine/types';

/** Debian's interpreter: the `python3` on PATH may be a pyenv build without dist-packages. */
export const PYTHON = '/usr/bin/python3';
const ORACLE = path.join(__dirname, 'oracle.py');

export interface OracleError {
  /** First and last line of the AST node RestrictedPython blamed (null for operator nodes). */
  line: number | null;
  endLine: number | null;
  message: string;
}

export interface OracleResult {
  id: string;
  verdict: 'accepted' | 'rejected' | 'syntax-error' | 'crashed';
  /** For `crashed`: whether the transformer had finished its walk before the exception. */
  checked?: boolean;
  errors: OracleError[];
  crash?: string;
}

export interface OracleRun {
  version: string;
  python: string;
  results: OracleResult[];
}

export interface OracleCase {
  id: string;
  code: string;
}

/** Why the oracle cannot run here, or undefined when it can. */
export function oracleUnavailable(): string | undefined {
  if (!fs.existsSync(PYTHON)) return `${PYTHON} does not exist`;
  const probe = spawnSync(PYTHON, ['-c', 'import RestrictedPython'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const why = (probe.stderr || String(probe.error ?? '')).trim().split('\n').pop();
    return `${PYTHON} cannot import RestrictedPython (install python3-restrictedpython, as .ci/run does): ${why}`;
  }
  return undefined;
}

/** Compiles every case with RestrictedPython in one Python process; nothing is executed. */
export function runOracle(cases: OracleCase[]): OracleRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'padded-cell-oracle-'));
  try {
    const input = path.join(dir, 'cases.json');
    fs.writeFileSync(input, JSON.stringify(cases), 'utf8');
    const run = spawnSync(PYTHON, [ORACLE, input], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`oracle.py failed (${run.status}): ${run.stderr}`);
    return JSON.parse(run.stdout) as OracleRun;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** True when the transformer walked the whole file and refused nothing. */
export function passedChecks(result: OracleResult): boolean {
  return result.errors.length === 0 && (result.verdict === 'accepted' || (result.verdict === 'crashed' && result.checked === true));
}

const ALLOWED_METHOD = /^"(__init__|__contains__|__lt__|__le__|__eq__|__ne__|__gt__|__ge__)" is an invalid variable name/;

/**
 * What RestrictedPython 4.0b3 (Debian's) refuses and 8.x allows, with the release that lifted
 * it. The preset follows 8.x, so an error matching one of these is not required of it.
 */
export const OLDER_RELEASE_ONLY: { pattern: RegExp; reason: string; applies?: (code: string, error: OracleError) => boolean }[] = [
  { pattern: /^JoinedStr statements are not allowed\.$/, reason: 'f-strings: 5.0 added visit_JoinedStr and visit_FormattedValue' },
  { pattern: /^(Yield|YieldFrom) statements are not allowed\.$/, reason: 'generators: 4.0 final allows yield and yield from' },
  { pattern: /^NamedExpr statements are not allowed\.$/, reason: 'walrus: 5.1 added visit_NamedExpr for plain-name targets (the only ones tree-sitter and Python parse)' },
  { pattern: /^MatMult statements are not allowed\.$/, reason: 'the @ operator: 7.1 allows it' },
  {
    pattern: ALLOWED_METHOD,
    reason: 'method definitions: 4.0 final added ALLOWED_FUNC_NAMES for defs not at column 0',
    // Only an indented definition of such a method; a module-level def or a read stays refused.
    applies: (code, error) => {
      const name = ALLOWED_METHOD.exec(error.message)![1];
      const line = error.line === null ? '' : (code.split(/\r\n|\r|\n/)[error.line - 1] ?? '');
      return new RegExp(`^\\s+def\\s+${name}\\s*\\(`).test(line);
    },
  },
];

/** The release difference that explains an error the preset does not report, if any. */
export function olderReleaseOnly(code: string, error: OracleError): string | undefined {
  return OLDER_RELEASE_ONLY.find((o) => o.pattern.test(error.message) && (o.applies?.(code, error) ?? true))?.reason;
}

/** The source under a finding's range (LSP positions count UTF-16 units, as JS strings do). */
export function textUnder(code: string, f: Finding): string {
  const lines = code.split(/\r\n|\r|\n/);
  const { start, end } = f.range;
  if (start.line === end.line) return (lines[start.line] ?? '').slice(start.character, end.character);
  const middle = lines.slice(start.line + 1, end.line);
  return [(lines[start.line] ?? '').slice(start.character), ...middle, (lines[end.line] ?? '').slice(0, end.character)].join('\n');
}

/**
 * Whether a finding answers an oracle error: it lies on the lines of the node RestrictedPython
 * blamed and, for its name checks, underlines that very name (so a finding elsewhere in a
 * function does not count for a bad parameter name).
 */
export function covers(code: string, error: OracleError, findings: Finding[]): boolean {
  if (error.line === null) return findings.length > 0;
  const first = error.line;
  const last = error.endLine ?? error.line;
  const near = findings.filter((f) => f.range.start.line + 1 <= last && f.range.end.line + 1 >= first);
  const named = /^"([^"]+)" is (?:an invalid (?:variable|attribute) name|a reserved name)/.exec(error.message);
  if (!named) return near.length > 0;
  return near.some((f) => textUnder(code, f).normalize('NFKC').replace(/\s+/g, '') === named[1]);
}
