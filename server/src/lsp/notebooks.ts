/**
 * Notebooks in the language server (LSP 3.17 notebook sync). A notebook's Python code cells are
 * checked as one module (notebook/); here the module's findings become each cell's diagnostics
 * (cell-relative ranges, published on the cell's URI), and code actions and hovers asked on a
 * cell are answered from the module and mapped back. A fix may edit another cell (`import ast`
 * goes to the top of the first), so its edit lists every cell it changes, each at its version.
 */
import {
  CodeActionKind,
  TextDocumentEdit,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type Hover,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { AnalyzeOptions, Finding } from '../engine';
import { analyzeNotebookModule } from '../notebook/analyze';
import { applyFixesToCells, isCellFix } from '../notebook/fix';
import { NotebookModule } from '../notebook/module';
import type { PythonParser } from '../parser';
import type { Policy } from '../policy/types';
import { changedSpan, CodeActionBuilder, FIX_ALL_KIND, type WorkspaceEditSupport } from './codeActions';
import { hoverFor } from './hover';
import type { PolicyFileTarget } from './policyEdits';

/** The notebook type VS Code gives `.ipynb` files, and the one the server asks to be synced. */
export const JUPYTER_NOTEBOOK_TYPE = 'jupyter-notebook';

export interface CellText {
  uri: string;
  version: number;
  text: string;
}

export interface NotebookCheck {
  /** The notebook's version the check was made for. */
  version: number;
  /** The Python code cells checked, in notebook order. */
  cells: readonly CellText[];
  module: NotebookModule;
  /** Module coordinates. */
  findings: Finding[];
  /** Per cell URI (every checked cell, an empty list for a clean one). */
  diagnostics: Map<string, Diagnostic[]>;
}

/** Stands for the module in the code-action builder; every edit to it is mapped to cells. */
const MODULE_URI = 'padded-cell-notebook-module:/module.py';

export function checkNotebook(
  parser: PythonParser,
  version: number,
  cells: readonly CellText[],
  policy: Policy,
  options: AnalyzeOptions,
  toDiagnostic: (finding: Finding, uri: string) => Diagnostic,
): NotebookCheck {
  const module = NotebookModule.build(
    cells.map((c) => c.text),
    parser,
  );
  const tree = parser.parse(module.text);
  let findings: Finding[];
  try {
    findings = analyzeNotebookModule(parser, module, tree, policy, options);
  } finally {
    tree.delete();
  }
  const diagnostics = new Map<string, Diagnostic[]>(cells.map((c) => [c.uri, []]));
  for (const finding of findings) {
    const { cell, range } = module.toCellRange(finding.range);
    const { related, ...rest } = finding;
    const diagnostic = toDiagnostic({ ...rest, range }, cells[cell].uri);
    // A related place (the alias `g = getattr`) may be in another cell.
    if (related?.length) {
      diagnostic.relatedInformation = related.map((r) => {
        const at = module.toCellRange(r.range);
        return { location: { uri: cells[at.cell].uri, range: at.range }, message: r.message };
      });
    }
    diagnostics.get(cells[cell].uri)!.push(diagnostic);
  }
  return { version, cells, module, findings, diagnostics };
}

function shift(range: Range, lines: number): Range {
  return { start: { line: range.start.line + lines, character: range.start.character }, end: { line: range.end.line + lines, character: range.end.character } };
}

/** The findings of one cell, in its coordinates (for hovers). */
function cellFindings(check: NotebookCheck, cell: number): Finding[] {
  return check.findings.flatMap((f) => {
    const at = check.module.toCellRange(f.range);
    return at.cell === cell ? [{ ...f, range: at.range }] : [];
  });
}

export function notebookHover(check: NotebookCheck, cellUri: string, position: Position, docsBaseUrl?: string): Hover | null {
  const cell = check.cells.findIndex((c) => c.uri === cellUri);
  return cell < 0 ? null : hoverFor(cellFindings(check, cell), position, docsBaseUrl);
}

export interface NotebookActionContext {
  parser: PythonParser;
  policy: Policy;
  /** The notebook file's path, for per-file ignores. */
  filePath?: string;
  policyTarget?: PolicyFileTarget;
  support: WorkspaceEditSupport;
  toDiagnostic: (finding: Finding, uri: string) => Diagnostic;
  policyUri?: (path: string) => string;
}

export function notebookCodeActions(check: NotebookCheck, cellUri: string, params: CodeActionParams, context: NotebookActionContext): CodeAction[] {
  const cell = check.cells.findIndex((c) => c.uri === cellUri);
  if (cell < 0) return [];
  const { module } = check;
  const startLine = module.cells[cell].startLine;
  const only = params.context.only;
  const wants = (kind: string): boolean => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));

  const actions: CodeAction[] = [];
  // The builder's quick fixes and its rewrite of `getattr(o, 'name')`, made on the module.
  const kinds = [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite].filter(wants);
  if (kinds.length > 0) {
    const tree = context.parser.parse(module.text);
    try {
      const builder = new CodeActionBuilder(
        { uri: MODULE_URI, version: check.version, text: module.text, tree, findings: check.findings, policy: context.policy, filePath: context.filePath, policyTarget: context.policyTarget },
        context.support,
        (finding) => context.toDiagnostic(finding, MODULE_URI),
        context.policyUri,
      );
      const moduleParams: CodeActionParams = {
        ...params,
        textDocument: { uri: MODULE_URI },
        range: shift(params.range, startLine),
        context: { ...params.context, only: kinds, diagnostics: params.context.diagnostics.map((d) => ({ ...d, range: shift(d.range, startLine) })) },
      };
      for (const action of builder.actions(moduleParams)) {
        const mapped = toCells(action, check, context.support);
        if (mapped) actions.push(mapped);
      }
    } finally {
      tree.delete();
    }
  }
  if (wants(FIX_ALL_KIND)) {
    const fixAll = notebookFixAll(check, context.support);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/** Every safe fix of the notebook in one edit: one changed span per cell that changes. */
function notebookFixAll(check: NotebookCheck, support: WorkspaceEditSupport): CodeAction | undefined {
  const safe = check.findings.flatMap((f) => (f.fixes ?? []).filter((fix) => fix.safe && isCellFix(check.module, fix)));
  if (safe.length === 0) return undefined;
  const result = applyFixesToCells(check.module, safe);
  if (!result || result.applied === 0) return undefined;
  const perCell = new Map<number, TextEdit[]>();
  result.sources.forEach((text, i) => {
    const before = check.module.cells[i].source;
    if (text !== before) perCell.set(i, [changedSpan(before, text)]);
  });
  if (perCell.size === 0) return undefined;
  return { title: 'Padded Cell: fix all safe problems', kind: FIX_ALL_KIND, edit: cellEdit(check, perCell, support) };
}

function cellEdit(check: NotebookCheck, perCell: ReadonlyMap<number, TextEdit[]>, support: WorkspaceEditSupport): WorkspaceEdit {
  const cells = [...perCell.keys()].sort((a, b) => a - b);
  // Versioned where the client allows it: an edit computed for one version must not land on the next.
  if (support.documentChanges) return { documentChanges: cells.map((i) => TextDocumentEdit.create({ uri: check.cells[i].uri, version: check.cells[i].version }, perCell.get(i)!)) };
  return { changes: Object.fromEntries(cells.map((i) => [check.cells[i].uri, perCell.get(i)!])) };
}

/**
 * A code action built on the module, in cells: its diagnostics and its edits of the module
 * mapped to the cells they fall in. Undefined when an edit would cross a cell boundary or touch
 * an IPython escape (no such edit means anything in the notebook).
 */
function toCells(action: CodeAction, check: NotebookCheck, support: WorkspaceEditSupport): CodeAction | undefined {
  const { module } = check;
  const mapped: CodeAction = { ...action };
  if (action.diagnostics) {
    mapped.diagnostics = action.diagnostics.map((d) => ({ ...d, range: module.toCellRange(d.range).range }));
  }
  if (!action.edit) return mapped;
  const moduleEdits: TextEdit[] = [];
  const others: NonNullable<WorkspaceEdit['documentChanges']> = [];
  for (const change of action.edit.documentChanges ?? []) {
    if ('textDocument' in change && change.textDocument.uri === MODULE_URI) moduleEdits.push(...(change.edits as TextEdit[]));
    else others.push(change);
  }
  const otherChanges: Record<string, TextEdit[]> = {};
  for (const [uri, edits] of Object.entries(action.edit.changes ?? {})) {
    if (uri === MODULE_URI) moduleEdits.push(...edits);
    else otherChanges[uri] = edits;
  }
  if (moduleEdits.length === 0) return mapped;
  const perCell = new Map<number, TextEdit[]>();
  for (const edit of moduleEdits) {
    if (!module.isWithinOneCell(edit.range) || module.isEscapeLine(edit.range.start.line) || module.isEscapeLine(edit.range.end.line)) return undefined;
    const { cell, range } = module.toCellRange(edit.range);
    let list = perCell.get(cell);
    if (!list) perCell.set(cell, (list = []));
    list.push({ range, newText: edit.newText });
  }
  const cells = cellEdit(check, perCell, support);
  mapped.edit = support.documentChanges ? { documentChanges: [...(cells.documentChanges ?? []), ...others] } : { changes: { ...(cells.changes ?? {}), ...otherChanges } };
  return mapped;
}
