import type { Node } from '../parser';
import type { Fix, Range, RelatedInformation, Severity } from '../engine/types';
import type { LineIndex } from '../engine/lineIndex';
import type { Policy, SuppressionMode } from '../policy/types';
import type { Semantics } from '../semantics';

/** The fixed sections of a rule's documentation (Ruff's layout), generated into docs/rules/. */
export interface RuleDocs {
  /** What it flags. */
  what: string;
  /** Why it matters, naming the escape it enables. */
  why: string;
  /** Python that the rule reports. */
  example: string;
  /** What to write instead (prose or Python). */
  instead: string;
  /** Whether fixes are offered and when they are safe. */
  fixSafety?: string;
  references?: string[];
}

export interface RuleMeta {
  code: string;
  name: string;
  /** One line, used in SARIF `shortDescription`, hovers and the docs index. */
  summary: string;
  defaultSeverity: Severity;
  docs: RuleDocs;
}

export interface Report {
  /** The node to underline; or give `range`. */
  node?: Node;
  range?: Range;
  message: string;
  fixes?: Fix[];
  related?: RelatedInformation[];
}

export interface RuleContext {
  readonly source: string;
  readonly root: Node;
  readonly policy: Policy;
  readonly semantics: Semantics;
  readonly lines: LineIndex;
  /** LSP range of a node (UTF-16, CRLF and CR aware). */
  rangeOf(node: Node): Range;
  /** Whether another rule runs under this policy (so one rule can leave a case to another). */
  isEnabled(code: string): boolean;
  report(report: Report): void;
  /**
   * What this rule `remember`ed about a unit in an earlier analysis of the same document, when
   * the unit is one an incremental analysis does not analyse again (its findings are reused
   * too); otherwise undefined. A unit is a top-level statement (a child of `root`), or a method
   * of a top-level class (`isClassMember`), whose class statement then stands for the rest of the
   * class (its header). For rules that see the whole module (`module:exit`): a keystroke need not
   * work out again, for the whole file, what only the edited units can change.
   */
  recall(unit: Node, key: string): unknown;
  /**
   * Keeps a value about a unit for later analyses of the document. It must depend only on the
   * unit's own syntax (for a class statement: without its methods) and on what the resolver
   * answers about it (the same contract as a unit's findings, see incremental/analyzer.ts);
   * anything else it took from outside the unit, the rule must check before using it again.
   */
  remember(unit: Node, key: string, value: unknown): void;
}

/**
 * Handlers keyed by tree-sitter node type; `module:exit` runs once after the walk; `denotation`
 * (see `DENOTATION`) for each expression that denotes a module, member or builtin.
 */
export type Visitor = Record<string, (node: Node) => void>;

/**
 * The handler key for every name read (an `identifier` that is not a definition or a target),
 * `attribute`, `subscript`, `call` and `case` keyword pattern (`case object(sys=s)` reads the
 * subject's `sys`) whose `semantics.qnameValues` is not empty, in tree order
 * with the other handlers of the node (before them). rules/shared/denotations.ts uses it.
 */
export const DENOTATION = 'denotation';

/** Expected finding in a rule test: 1-based `line:col-line:col`, columns in UTF-16 units. */
export interface ExpectedFinding {
  range: string;
  message: string;
}

/** Policy changes a test case needs on top of its preset. */
export interface CaseOptions {
  preset?: string;
  allowModules?: string[];
  denyModules?: string[];
  allowBuiltins?: string[];
  allowAttributes?: string[];
  allowMembers?: Record<string, string[]>;
  /** The policy's `inline-suppressions` (the meta rules PC001/PC002 need `on`). */
  inlineSuppressions?: SuppressionMode;
  requireReason?: boolean;
  /** The policy's `limits.max-file-bytes` (PC003 needs a small one). */
  maxFileBytes?: number;
}

export interface ValidCase extends CaseOptions {
  code: string;
  /** Why this is valid, when it is not obvious. */
  note?: string;
}

export interface InvalidCase extends CaseOptions {
  code: string;
  errors: ExpectedFinding[];
  note?: string;
}

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): Visitor;
  /**
   * For a rule with a module pass (`module` or `module:exit` handler) that also has node
   * handlers: true when what those handlers report from a node depends only on that node's unit
   * and on what the resolver answers (the contract of rules without a module pass, see
   * incremental/analyzer.ts), and they share no state with the module pass. An incremental run
   * then runs them only on the units it analyses again and reuses their findings elsewhere,
   * instead of walking the whole file for them on every keystroke. The module pass still runs
   * every time.
   */
  unitLocalNodeHandlers?: boolean;
  tests: {
    valid: (string | ValidCase)[];
    invalid: InvalidCase[];
  };
}
