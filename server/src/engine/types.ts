/**
 * The engine's vocabulary. Plain data, no LSP types: the server and the CLI translate these.
 * Positions are LSP-style: 0-based line, character in UTF-16 code units.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A fix is safe when applying it cannot change what correct code does (Ruff's meaning). */
export interface Fix {
  title: string;
  safe: boolean;
  edits: TextEdit[];
}

export interface RelatedInformation {
  range: Range;
  message: string;
}

export interface Finding {
  /** Rule code, e.g. `PC301`. */
  code: string;
  /** Rule name in kebab case, e.g. `dynamic-code`. */
  name: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes?: Fix[];
  related?: RelatedInformation[];
}
