/**
 * Code actions for a document's findings. Each is a `quickfix` attached to its diagnostic:
 * - the rule's own fixes (`Finding.fixes`), `isPreferred` only when the fix is safe and the only
 *   one the finding has (Ruff's classes: a safe fix keeps what correct code does);
 * - "Allow module 'x' in the policy" for PC101, editing the policy file in force (or creating
 *   `[tool.padded-cell]` / `padded-cell.toml`), never a policy file outside the workspace;
 * - "Suppress PCxxx on this line", only where the policy honours inline suppressions;
 * - "Ignore PCxxx in this file", a `per-file-ignores` entry in the policy file;
 * `source.fixAll.padded-cell`, which applies every safe fix in one edit (unsafe fixes only
 * ever one at a time, on request); and the `refactor.rewrite` of `getattr(o, 'name')` to `o.name`
 * (attributeRewrites.ts), which has no diagnostic to attach to.
 */
import {
  CodeActionKind,
  OptionalVersionedTextDocumentIdentifier,
  TextDocumentEdit,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { Tree } from '../parser';
import { isLowSurrogate, LineIndex } from '../engine/lineIndex';
import type { Finding, Range, TextEdit } from '../engine/types';
import { applyEditGroups } from '../fixes/applyEdits';
import { attributeRewrites } from './attributeRewrites';
import { normalizeIdentifier } from '../semantics';
import type { Policy } from '../policy/types';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { allowModuleChange, perFileIgnoreChange, type PolicyFileChange, type PolicyFileTarget } from './policyEdits';
import { suppressOnLineEdit } from './suppressionEdits';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.padded-cell`;

/** Codes that are about the analysis or about suppressions themselves: a suppression of them means nothing. */
const UNSUPPRESSIBLE = new Set(['PC000', 'PC001', 'PC002']);

export interface WorkspaceEditSupport {
  /** `workspace.workspaceEdit.documentChanges`: versioned edits, and the only way to create a file. */
  documentChanges: boolean;
  /** `resourceOperations` includes `create`. */
  createFiles: boolean;
}

export interface CodeActionDocument {
  uri: string;
  version: number;
  text: string;
  tree: Tree | undefined;
  findings: readonly Finding[];
  policy: Policy;
  /** The document's path on disk (file URIs only). */
  filePath?: string;
  /** The policy file that policy edits go to; undefined: no policy action (outside the workspace, no path). */
  policyTarget?: PolicyFileTarget;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function intersects(a: Range, b: Range): boolean {
  const beforeEnd = (p: Range['start'], q: Range['start']): boolean => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return beforeEnd(a.start, b.end) && beforeEnd(b.start, a.end);
}

/** The finding a client's diagnostic stands for (the client echoes what we published). */
function findingOf(findings: readonly Finding[], diagnostic: Diagnostic): Finding | undefined {
  return findings.find((f) => f.code === diagnostic.code && f.message === diagnostic.message && sameRange(f.range, diagnostic.range));
}

export class CodeActionBuilder {
  constructor(
    private readonly document: CodeActionDocument,
    private readonly support: WorkspaceEditSupport,
    /** Makes the Diagnostic for a finding when a client sent none (some do not echo them). */
    private readonly toDiagnostic: (finding: Finding) => Diagnostic,
    /** The URI of a policy file's path (in a browser, paths stand for the URIs of a virtual file system). */
    private readonly uriOfPath: (path: string) => string = (p) => URI.file(p).toString(),
  ) {}

  actions(params: CodeActionParams): CodeAction[] {
    const only = params.context.only;
    const wants = (kind: string): boolean => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      for (const [finding, diagnostic] of this.targets(params)) actions.push(...this.quickFixes(finding, diagnostic));
    }
    if (wants(CodeActionKind.RefactorRewrite)) actions.push(...this.rewrites(params.range));
    if (wants(FIX_ALL_KIND)) {
      const fixAll = this.fixAll();
      if (fixAll) actions.push(fixAll);
    }
    return dedupe(actions);
  }

  /** The findings the request is about: the diagnostics sent, else those on the range. */
  private targets(params: CodeActionParams): [Finding, Diagnostic][] {
    const ours = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (params.context.diagnostics.length > 0) {
      return ours.map((d) => [findingOf(this.document.findings, d), d] as const).filter((p): p is [Finding, Diagnostic] => p[0] !== undefined);
    }
    return this.document.findings.filter((f) => intersects(f.range, params.range)).map((f) => [f, this.toDiagnostic(f)]);
  }

  private quickFixes(finding: Finding, diagnostic: Diagnostic): CodeAction[] {
    const actions: CodeAction[] = [];
    const fixes = finding.fixes ?? [];
    for (const fix of fixes) {
      const action: CodeAction = {
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: this.documentEdit(fix.edits),
      };
      if (fix.safe && fixes.length === 1) action.isPreferred = true;
      actions.push(action);
    }
    if (finding.code === 'PC101') {
      const allow = this.allowModule(finding, diagnostic);
      if (allow) actions.push(allow);
    }
    const suppress = this.suppressOnLine(finding, diagnostic);
    if (suppress) actions.push(suppress);
    const ignore = this.ignoreInFile(finding, diagnostic);
    if (ignore) actions.push(ignore);
    return actions;
  }

  /** Never preferred: a refactoring the person chooses, not the fix of a problem. */
  private rewrites(range: Range): CodeAction[] {
    const { tree, text, policy } = this.document;
    if (!tree) return [];
    return attributeRewrites(tree, text, policy, range).map((r) => ({ title: r.title, kind: CodeActionKind.RefactorRewrite, edit: this.documentEdit([r.edit]) }));
  }

  private allowModule(finding: Finding, diagnostic: Diagnostic): CodeAction | undefined {
    const { policyTarget, policy } = this.document;
    if (!policyTarget) return undefined;
    const lines = new LineIndex(this.document.text);
    const start = lines.offsetAt(finding.range.start);
    const end = lines.offsetAt(finding.range.end);
    const written = (offset: number, to: number): string => normalizeIdentifier(this.document.text.slice(offset, to).replace(/\s+/g, ''));
    let module = written(start, end);
    // A name of `from m import name` reported as the submodule `m.name`.
    let from = this.document.tree?.rootNode.descendantForIndex(start, end) ?? null;
    while (from && (from.type === 'identifier' || from.type === 'dotted_name' || from.type === 'aliased_import')) from = from.parent;
    const fromModule = from?.type === 'import_from_statement' ? from.childForFieldName('module_name') : null;
    if (fromModule && fromModule.startIndex !== start) module = `${written(fromModule.startIndex, fromModule.endIndex)}.${module}`;
    if (!/^[\p{L}\p{N}_]+(\.[\p{L}\p{N}_]+)*$/u.test(module)) return undefined;
    const change = allowModuleChange(policyTarget, module, policy.preset);
    return change && this.policyAction(`Allow module '${module}' in the policy`, change, diagnostic);
  }

  private suppressOnLine(finding: Finding, diagnostic: Diagnostic): CodeAction | undefined {
    const { policy, tree, text } = this.document;
    // `report` and `off` never honour the comment; with `require-reason` a `# noqa` is not honoured either.
    if (policy.inlineSuppressions !== 'on' || policy.requireReason || UNSUPPRESSIBLE.has(finding.code) || !tree) return undefined;
    const edit = suppressOnLineEdit(text, tree, finding.range.start.line, finding.code);
    if (!edit) return undefined;
    return { title: `Suppress ${finding.code} on this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: this.documentEdit([edit]) };
  }

  private ignoreInFile(finding: Finding, diagnostic: Diagnostic): CodeAction | undefined {
    const { policyTarget, policy, filePath } = this.document;
    if (!policyTarget || !filePath || finding.code === 'PC000') return undefined;
    const change = perFileIgnoreChange(policyTarget, filePath, finding.code, policy.preset);
    return change && this.policyAction(`Ignore ${finding.code} in this file`, change, diagnostic);
  }

  private policyAction(title: string, change: PolicyFileChange, diagnostic: Diagnostic): CodeAction | undefined {
    const uri = this.uriOfPath(change.path);
    let edit: WorkspaceEdit;
    if (change.kind === 'create') {
      if (!this.support.documentChanges || !this.support.createFiles) return undefined;
      const start = { line: 0, character: 0 };
      edit = {
        documentChanges: [
          { kind: 'create', uri, options: { ignoreIfExists: true } },
          TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(uri, null), [{ range: { start, end: start }, newText: change.text }]),
        ],
      };
    } else if (this.support.documentChanges) {
      edit = { documentChanges: [TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(uri, null), change.edits)] };
    } else {
      edit = { changes: { [uri]: change.edits } };
    }
    return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit };
  }

  /**
   * Every safe fix at once. Fixes that collide are left out (each fix is all or nothing); the
   * edit is the one changed span, so the editor keeps the cursor and folding elsewhere.
   */
  private fixAll(): CodeAction | undefined {
    const safe = this.document.findings.flatMap((f) => (f.fixes ?? []).filter((fix) => fix.safe));
    if (safe.length === 0) return undefined;
    const { text } = this.document;
    const result = applyEditGroups(text, safe);
    if (result.applied === 0 || result.text === text) return undefined;
    return { title: 'Padded Cell: fix all safe problems', kind: FIX_ALL_KIND, edit: this.documentEdit([changedSpan(text, result.text)]) };
  }

  private documentEdit(edits: TextEdit[]): WorkspaceEdit {
    const { uri, version } = this.document;
    const copy = edits.map((e) => ({ range: { start: { ...e.range.start }, end: { ...e.range.end } }, newText: e.newText }));
    // Versioned where the client allows it: an edit computed for version n must not land on n+1.
    if (this.support.documentChanges) return { documentChanges: [TextDocumentEdit.create({ uri, version }, copy)] };
    return { changes: { [uri]: copy } };
  }
}

/** One edit turning `before` into `after`: the span between their common prefix and suffix. */
export function changedSpan(before: string, after: string): TextEdit {
  let prefix = 0;
  const max = Math.min(before.length, after.length);
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  // Never split a surrogate pair or a CRLF: a position between them is not a real position.
  while (prefix > 0 && (isLowSurrogate(before.charCodeAt(prefix)) || (before[prefix - 1] === '\r' && before[prefix] === '\n'))) prefix--;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  while (suffix > 0 && (isLowSurrogate(before.charCodeAt(before.length - suffix)) || (before[before.length - suffix - 1] === '\r' && before[before.length - suffix] === '\n'))) suffix--;
  const lines = new LineIndex(before);
  return {
    range: { start: lines.positionAt(prefix), end: lines.positionAt(before.length - suffix) },
    newText: after.slice(prefix, after.length - suffix),
  };
}

/** One action per title and edit: two findings of one code on a line would offer the same suppression twice. */
function dedupe(actions: CodeAction[]): CodeAction[] {
  const seen = new Set<string>();
  return actions.filter((a) => {
    const key = `${a.kind}|${a.title}|${JSON.stringify(a.edit)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
