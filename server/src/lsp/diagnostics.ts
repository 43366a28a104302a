/** Finding → LSP Diagnostic. The engine knows nothing of LSP; this is the only translation. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Severity } from '../engine/types';
import { ANALYSIS_ERROR } from '../engine';
import { ruleByCode } from '../rules';
import { DEFAULT_DOCS_BASE_URL } from './settings';

export const DIAGNOSTIC_SOURCE = 'padded-cell';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspSeverity(severity: Severity): DiagnosticSeverity {
  return SEVERITIES[severity] ?? DiagnosticSeverity.Error;
}

/** `docs/rules/CODE.md` under the base URL; the base may be given with or without a trailing slash. */
export function ruleDocsUrl(code: string, baseUrl: string = DEFAULT_DOCS_BASE_URL): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return `${base}${encodeURIComponent(code)}.md`;
}

export interface DiagnosticOptions {
  docsBaseUrl?: string;
}

/**
 * One `codeDescription` per rule and docs base, shared by every diagnostic of that rule: tens of
 * thousands of diagnostics are held at once with many large files open, and a link each (an
 * object and its string) was about a tenth of the server's live heap. Frozen: shared.
 */
const codeDescriptions = new Map<string, { readonly href: string }>();

function codeDescriptionOf(code: string, baseUrl: string | undefined): { readonly href: string } {
  const key = `${baseUrl ?? ''}\n${code}`;
  let description = codeDescriptions.get(key);
  if (description === undefined) {
    // A settings change may name any base: the table is cleared rather than grown without bound.
    if (codeDescriptions.size >= 4096) codeDescriptions.clear();
    codeDescriptions.set(key, (description = Object.freeze({ href: ruleDocsUrl(code, baseUrl) })));
  }
  return description;
}

/**
 * The Diagnostic of a finding. Its range is the finding's own object (the same JSON): findings
 * and diagnostics are not mutated once made (see `DiagnosticCache`), and a copy per diagnostic
 * was three objects more for each of tens of thousands held.
 */
export function findingToDiagnostic(finding: Finding, uri: string, options: DiagnosticOptions = {}): Diagnostic {
  const severity = toLspSeverity(finding.severity);
  // Only registered rules have a generated docs page; a link to a missing page is worse than none.
  // The link is in the literal, not added after: an added property costs the object a second allocation.
  const diagnostic: Diagnostic = ruleByCode(finding.code)
    ? { range: finding.range, severity, code: finding.code, source: DIAGNOSTIC_SOURCE, message: finding.message, codeDescription: codeDescriptionOf(finding.code, options.docsBaseUrl) }
    : { range: finding.range, severity, code: finding.code, source: DIAGNOSTIC_SOURCE, message: finding.message };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri, range: { start: { ...r.range.start }, end: { ...r.range.end } } },
      message: r.message,
    }));
  }
  return diagnostic;
}

/**
 * What the editor shows when analysing a document threw: the file is not checked, and saying
 * nothing would read as "clean" — an escape. Fail closed, at the top of the file.
 */
export function analysisFailureDiagnostic(error: unknown): Diagnostic {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Error,
    code: ANALYSIS_ERROR.code,
    source: DIAGNOSTIC_SOURCE,
    message: `Padded Cell could not analyse this file, so it is not checked: ${reason}`,
  };
}

/**
 * Diagnostics by finding, for one document: the incremental analysis hands back the Finding
 * objects an edit did not touch (incremental/analyzer.ts), and each keeps its Diagnostic, so a
 * keystroke converts only what changed and the stdio writer reuses the JSON of the rest
 * (lsp/messageEncoder.ts). Diagnostics are not mutated afterwards; the cache is what relies on it.
 */
export class DiagnosticCache {
  private byFinding = new WeakMap<Finding, Diagnostic>();
  private uri: string | undefined;
  private docsBaseUrl: string | undefined;

  diagnosticOf(finding: Finding, uri: string, options: DiagnosticOptions = {}): Diagnostic {
    if (uri !== this.uri || options.docsBaseUrl !== this.docsBaseUrl) {
      this.byFinding = new WeakMap();
      this.uri = uri;
      this.docsBaseUrl = options.docsBaseUrl;
    }
    let diagnostic = this.byFinding.get(finding);
    if (diagnostic === undefined) {
      diagnostic = findingToDiagnostic(finding, uri, options);
      this.byFinding.set(finding, diagnostic);
    }
    return diagnostic;
  }
}

/**
 * Whether two lists hold the same diagnostics in the same order. Those of findings an edit left
 * alone are the same objects (`DiagnosticCache`); the others are compared by their JSON, which
 * is what a client would be sent (they are made by one function, so their keys come in one order).
 */
export function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && JSON.stringify(a[i]) !== JSON.stringify(b[i])) return false;
  return true;
}
