/**
 * Inline suppressions and per-file ignores: the policy's last word on a file's findings, applied
 * once after every rule has reported (rules never look at comments).
 *
 * `# padded: allow[PC301] reason` and `# noqa: PC301` are read from tree-sitter `comment` nodes
 * only, so text inside strings and docstrings is never a suppression. A comment applies to the
 * line it ends; a comment on a line of its own applies to the first line of the next statement.
 * What a suppression does depends on the policy's `inline-suppressions`:
 * - `report` (strict's default): nothing is silenced, and each suppression comment is itself
 *   reported as PC001 — in untrusted code the comment's author is the attacker.
 * - `on`: matching findings are dropped; unknown codes, unused and malformed suppressions are
 *   reported as PC002.
 * - `off`: comments are ignored.
 */
import type { Node } from '../parser';
import { ignoredCodes } from '../policy/paths';
import type { Policy, RuleSetting } from '../policy/types';
import type { LineIndex } from './lineIndex';
import type { Finding, Range, Severity } from './types';

export const SUPPRESSION_IN_UNTRUSTED_CODE = { code: 'PC001', name: 'suppression-in-untrusted-code' } as const;
export const UNUSED_SUPPRESSION = { code: 'PC002', name: 'unused-suppression' } as const;
const ANALYSIS_ERROR_CODE = 'PC000';

/** One suppression comment, parsed. */
export interface Suppression {
  /** The comment node's range. */
  range: Range;
  form: 'padded' | 'noqa';
  /** Codes it names, in order (for `noqa`, only codes of this tool: `PC…`). */
  codes: string[];
  reason: string;
  /** Why a `# padded:` comment does not parse; such a comment suppresses nothing. */
  malformed?: string;
  /** 0-based line it applies to; undefined for an own-line comment with no statement after it. */
  line: number | undefined;
}

const CODE = /^[A-Z]+[0-9]+$/;
const PADDED_FORM = "'# padded: allow[PC301] reason'";

/**
 * Parses the directives in one comment's text. `#` starts each directive, so a comment may carry
 * several (`# type: ignore  # noqa: PC301`). A bare `# noqa`, and `# noqa` naming only other
 * tools' codes (`E501`), are other linters' business: they silence nothing here.
 */
export function parseSuppressionComment(text: string): Omit<Suppression, 'range' | 'line'>[] {
  const result: Omit<Suppression, 'range' | 'line'>[] = [];
  for (const part of text.split('#').slice(1)) {
    const directive = part.trim();
    const padded = /^padded\s*:\s*(.*)$/is.exec(directive);
    if (padded) {
      const body = padded[1];
      const allow = /^allow\s*\[([^\]]*)\]\s*(.*)$/is.exec(body);
      if (!allow) {
        result.push({ form: 'padded', codes: [], reason: '', malformed: `malformed suppression comment: expected ${PADDED_FORM}` });
        continue;
      }
      const codes = allow[1].split(/[\s,]+/).filter(Boolean);
      const reason = allow[2].replace(/^[\s:\-–—]+/, '').trim();
      if (codes.length === 0) result.push({ form: 'padded', codes, reason, malformed: `suppression comment names no codes: expected ${PADDED_FORM}` });
      else result.push({ form: 'padded', codes, reason });
      continue;
    }
    const noqa = /^noqa(?![\w-])\s*(?::\s*(.*))?$/is.exec(directive);
    if (noqa && noqa[1] !== undefined) {
      const tokens = noqa[1].split(/[\s,]+/).filter(Boolean);
      const codes: string[] = [];
      let i = 0;
      for (; i < tokens.length && CODE.test(tokens[i]); i++) if (tokens[i].startsWith('PC')) codes.push(tokens[i]);
      if (codes.length > 0) result.push({ form: 'noqa', codes, reason: tokens.slice(i).join(' ') });
    }
  }
  return result;
}

/** Text every suppression directive holds (the directives match case-insensitively). */
const DIRECTIVE_WORD = /padded|noqa/gi;

/**
 * Every suppression in the file, in document order. Only comments can hold one, and only those
 * that spell `padded` or `noqa`: the source is searched for the words, and the tree is entered
 * only where they are (most files hold none, and a keystroke must not walk a large file for
 * them). An own-line comment waits for the first node after it that is not a comment and not
 * empty (the next statement's first token; in tree-sitter's order, nodes come in order of start).
 */
export function collectSuppressions(root: Node, source: string, lines: LineIndex): Suppression[] {
  const found: Suppression[] = [];
  DIRECTIVE_WORD.lastIndex = 0;
  let lastComment: Node | undefined;
  for (let m = DIRECTIVE_WORD.exec(source); m; m = DIRECTIVE_WORD.exec(source)) {
    const comment = leafAt(root, m.index);
    if (!comment || comment.type !== 'comment' || comment === lastComment) continue;
    lastComment = comment;
    // The rest of this comment holds no other directive comment.
    DIRECTIVE_WORD.lastIndex = Math.max(DIRECTIVE_WORD.lastIndex, comment.endIndex);
    const startIndex = comment.startIndex;
    let endIndex = comment.endIndex;
    // tree-sitter-python's comment token runs to `\n`, so a CRLF file's comments end in `\r`.
    while (endIndex > startIndex && source.charCodeAt(endIndex - 1) === 13) endIndex--;
    const directives = parseSuppressionComment(source.slice(startIndex, endIndex));
    if (directives.length === 0) continue;
    const range = { start: lines.positionAt(startIndex), end: lines.positionAt(endIndex) };
    const lineStart = startIndex - range.start.character;
    const ownLine = source.slice(lineStart, startIndex).trim() === '';
    let line: number | undefined = range.end.line;
    if (ownLine) {
      const next = firstTokenFrom(root, endIndex);
      line = next ? lines.positionAt(next.startIndex).line : undefined;
    }
    for (const d of directives) found.push({ ...d, range, line });
  }
  return found;
}

/** The deepest node whose span holds `offset`. */
function leafAt(root: Node, offset: number): Node | undefined {
  if (offset < root.startIndex || offset >= root.endIndex) return undefined;
  let node = root;
  for (;;) {
    const children = node.children;
    let lo = 0;
    let hi = children.length;
    // The last child starting at or before the offset, then whether it reaches past it.
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (children[mid].startIndex <= offset) lo = mid + 1;
      else hi = mid;
    }
    const child = lo > 0 ? children[lo - 1] : undefined;
    if (!child || offset >= child.endIndex) return node;
    node = child;
  }
}

/**
 * The first node, in tree order, that starts at or after `offset`, is not empty and is not a
 * comment. Subtrees that end by `offset` hold none (an empty node there is not one): skipped.
 */
function firstTokenFrom(root: Node, offset: number): Node | undefined {
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.startIndex >= offset && node.endIndex > node.startIndex && node.type !== 'comment') return node;
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) if (children[i].endIndex > offset) stack.push(children[i]);
  }
  return undefined;
}

export interface SuppressionContext {
  policy: Policy;
  root: Node;
  source: string;
  lines: LineIndex;
  /** The analysed file's path, for `per-file-ignores`; without it no per-file ignore applies. */
  filePath?: string;
  /** Codes of the rules that ran on this file. */
  ran: ReadonlySet<string>;
  /** A registered code's setting under the policy; undefined for codes no rule has. */
  settingOf(code: string): RuleSetting | undefined;
}

/**
 * Applies per-file ignores, then inline suppressions per the policy's mode. Returns `findings`
 * itself when it neither drops nor adds one (engine/analyze.ts `postProcess` then need not sort).
 */
export function applySuppressions(findings: Finding[], context: SuppressionContext): Finding[] {
  const { policy } = context;
  const ignored = context.filePath === undefined ? new Set<string>() : ignoredCodes(policy, context.filePath);
  const notIgnored = (f: Finding): boolean => f.code === ANALYSIS_ERROR_CODE || !ignored.has(f.code);
  // Most files have no per-file ignore: then no copy of every finding.
  let kept = ignored.size === 0 ? findings : findings.filter(notIgnored);
  if (policy.inlineSuppressions === 'off') return kept;

  const suppressions = collectSuppressions(context.root, context.source, context.lines);
  if (suppressions.length === 0) return kept;
  const added: Finding[] = [];
  const report = (meta: { code: string; name: string }, range: Range, message: string): void => {
    if (!context.ran.has(meta.code)) return;
    added.push({ code: meta.code, name: meta.name, severity: context.settingOf(meta.code) as Severity, message, range });
  };

  if (policy.inlineSuppressions === 'report') {
    for (const s of suppressions) {
      const subject = s.codes.length ? `suppression comment for ${s.codes.join(', ')}` : 'suppression comment';
      report(SUPPRESSION_IN_UNTRUSTED_CODE, s.range, `${subject} is not honoured by policy '${policy.name}': the code's author controls its comments`);
    }
    return kept.concat(added.filter(notIgnored));
  }

  const unused = (s: Suppression, message: string): void => report(UNUSED_SUPPRESSION, s.range, message);
  const byLine = new Map<number, Finding[]>();
  for (const f of kept) {
    const list = byLine.get(f.range.start.line);
    if (list) list.push(f);
    else byLine.set(f.range.start.line, [f]);
  }
  const silenced = new Set<Finding>();
  for (const s of suppressions) {
    if (s.malformed) {
      unused(s, s.malformed);
      continue;
    }
    if (policy.requireReason && s.form === 'noqa') {
      unused(s, `'# noqa' cannot give a reason, and policy '${policy.name}' requires one (require-reason = true): write '# padded: allow[${s.codes.join(', ')}] reason'`);
      continue;
    }
    if (policy.requireReason && !s.reason) {
      unused(s, `suppression of ${s.codes.join(', ')} gives no reason, and policy '${policy.name}' requires one (require-reason = true)`);
      continue;
    }
    for (const code of s.codes) {
      if (code === ANALYSIS_ERROR_CODE) {
        unused(s, `${ANALYSIS_ERROR_CODE} (analysis-error) cannot be suppressed: it says the file was not fully checked`);
        continue;
      }
      const setting = context.settingOf(code);
      if (setting === undefined) {
        unused(s, `unknown code '${code}' in suppression comment`);
        continue;
      }
      if (s.line === undefined) {
        unused(s, `unused suppression of ${code}: no statement follows this comment`);
        continue;
      }
      if (!context.ran.has(code)) {
        // Off by policy is worth saying; left out of this run (a one-rule test) is not ours to judge.
        if (setting === 'off') unused(s, `unused suppression: ${code} is off under policy '${policy.name}'`);
        continue;
      }
      const hits = (byLine.get(s.line) ?? []).filter((f) => f.code === code);
      if (hits.length === 0) unused(s, `unused suppression: no ${code} finding on line ${s.line + 1}`);
      for (const f of hits) silenced.add(f);
    }
  }
  kept = kept.filter((f) => !silenced.has(f));
  return kept.concat(added.filter(notIgnored));
}
