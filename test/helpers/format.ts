import type { Finding } from '../../server/src/engine/types';

/** `line:col-line:col`, 1-based, columns in UTF-16 units: the form rule cases are written in. */
export function rangeText(f: Finding): string {
  const { start, end } = f.range;
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
}
