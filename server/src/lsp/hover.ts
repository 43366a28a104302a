/**
 * Hover on a flagged range: the rule's documentation (what it flags, why — the escape it
 * enables —, an example, what to write instead) as Markdown, from the same `meta.docs` the docs
 * pages are generated from, so the editor and the docs cannot disagree. The diagnostic's own
 * message is not repeated: editors show it in the same hover.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { Finding, Range } from '../engine/types';
import { ruleByCode } from '../rules';
import type { RuleMeta } from '../rules/types';
import { ruleDocsUrl } from './diagnostics';

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Whether the hover position is on the range (an empty range is hit at its start). */
export function rangeContains(range: Range, position: Position): boolean {
  if (before(position, range.start)) return false;
  if (range.start.line === range.end.line && range.start.character === range.end.character) {
    return position.line === range.start.line && position.character === range.start.character;
  }
  return before(position, range.end);
}

/** A fenced block whose fence is longer than any backtick run inside it. */
function fenced(code: string, language: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${code}\n${fence}`;
}

/** One rule's documentation as Markdown. */
export function ruleDocsMarkdown(meta: RuleMeta, docsBaseUrl?: string): string {
  const { docs } = meta;
  const parts = [`**${meta.code} ${meta.name}**: ${meta.summary}`, `**What it does**\n\n${docs.what}`];
  // The web bundle leaves the rationale and example out (scripts/build.mjs): the link below has them.
  if (docs.why) parts.push(`**Why is this bad?**\n\n${docs.why}`);
  if (docs.example) parts.push(`**Example**\n\n${fenced(docs.example, 'python')}`);
  parts.push(`**Use instead**\n\n${docs.instead}`);
  if (docs.fixSafety) parts.push(`**Fix safety**\n\n${docs.fixSafety}`);
  parts.push(`[Documentation](${ruleDocsUrl(meta.code, docsBaseUrl)})`);
  return parts.join('\n\n');
}

/**
 * The hover for a position, or null when no finding is there. Several rules on one spot each
 * get their section, once per code; the hover's range is the narrowest finding's.
 */
export function hoverFor(findings: readonly Finding[], position: Position, docsBaseUrl?: string): Hover | null {
  const hits = findings.filter((f) => rangeContains(f.range, position));
  if (hits.length === 0) return null;
  const sections: string[] = [];
  const seen = new Set<string>();
  for (const finding of hits) {
    if (seen.has(finding.code)) continue;
    seen.add(finding.code);
    const rule = ruleByCode(finding.code);
    sections.push(rule ? ruleDocsMarkdown(rule.meta, docsBaseUrl) : `**${finding.code} ${finding.name}**`);
  }
  const narrowest = hits.reduce((a, b) => (spanOf(b.range) < spanOf(a.range) ? b : a));
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
    range: { start: { ...narrowest.range.start }, end: { ...narrowest.range.end } },
  };
}

/** A comparable size of a range: lines first, then characters. */
function spanOf(range: Range): number {
  return (range.end.line - range.start.line) * 1e6 + (range.end.character - range.start.character);
}
